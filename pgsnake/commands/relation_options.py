"""Table storage parameters (reloptions): CREATE TABLE ... WITH (...), ALTER TABLE ...
SET (...) / RESET (...), checked as PostgreSQL checks them and kept in
pg_class.reloptions as "name=value" texts, the value as written.

The parameters are PostgreSQL 15's heap ones that pgsnake knows: fillfactor (kept, not
yet acted on by the heap) and the autovacuum ones, which postmaster/autovacuum.py reads.
Each has a kind and bounds; a value outside them is 22023 with PostgreSQL's message and
DETAIL, an unknown name 22023 "unrecognized parameter", a name given twice 22023.

Entry points: table_options(defelems) -> [text] (checked), store(oid, options),
alter_options(relation, cmd, reset) (an ALTER TABLE SET / RESET subcommand).

Where we differ from PostgreSQL: toast.* parameters and the other heap parameters
(parallel_workers, vacuum_truncate, ...) are refused as not supported.

PostgreSQL: access/common/reloptions.c (transformRelOptions, parseRelOptions,
parse_one_reloption, heap_reloptions), commands/tablecmds.c (ATExecSetRelOptions).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import catalog_cache as cc
from pgsnake.access.transam import xact
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  SYNTAX_ERROR, PgError)

INT_MAX = 2147483647

# name -> (kind, minimum, maximum)
PARAMETERS = {
    "fillfactor": ("integer", 10, 100),
    "autovacuum_enabled": ("boolean", None, None),
    "autovacuum_vacuum_threshold": ("integer", 0, INT_MAX),
    "autovacuum_vacuum_insert_threshold": ("integer", -1, INT_MAX),
    "autovacuum_analyze_threshold": ("integer", 0, INT_MAX),
    "autovacuum_vacuum_cost_limit": ("integer", 1, 10000),
    "autovacuum_freeze_min_age": ("integer", 0, 1000000000),
    "autovacuum_freeze_max_age": ("integer", 100000, 2000000000),
    "autovacuum_freeze_table_age": ("integer", 0, 2000000000),
    "autovacuum_multixact_freeze_min_age": ("integer", 0, 1000000000),
    "autovacuum_multixact_freeze_max_age": ("integer", 10000, 2000000000),
    "autovacuum_multixact_freeze_table_age": ("integer", 0, 2000000000),
    "log_autovacuum_min_duration": ("integer", -1, INT_MAX),
    "autovacuum_vacuum_cost_delay": ("real", 0.0, 100.0),
    "autovacuum_vacuum_scale_factor": ("real", 0.0, 100.0),
    "autovacuum_vacuum_insert_scale_factor": ("real", 0.0, 100.0),
    "autovacuum_analyze_scale_factor": ("real", 0.0, 100.0),
}


def _value_text(defelem: dict) -> str | None:
    arg = defelem.get("arg")
    if arg is None:
        return None
    (kind, body), = arg.items()
    if kind == "Integer":
        return str(body.get("ival", 0))
    if kind == "Float":
        return body.get("fval", "0")
    if kind == "Boolean":
        return "true" if body.get("boolval") else "false"
    if kind == "String":
        return body.get("sval", "")
    if kind == "TypeName":
        return ".".join(n["String"]["sval"] for n in body.get("names", []))
    return str(body)


def _is_bool(text: str) -> bool:
    """parse_bool: a prefix of true/false/yes/no, on/off (two letters at least), 1/0."""
    lowered = text.strip().lower()
    if not lowered:
        return False
    if lowered in ("1", "0") or any(word.startswith(lowered) for word in
                                    ("true", "false", "yes", "no")):
        return True
    return len(lowered) >= 2 and ("on".startswith(lowered) or "off".startswith(lowered))


def _check(name: str, text: str) -> None:
    """parse_one_reloption: the value's kind and bounds."""
    kind, low, high = PARAMETERS[name]
    if kind == "boolean":
        if not _is_bool(text):
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid value for boolean option "{name}": {text}')
        return
    try:
        value = float(text)
        if kind == "integer":
            value = round(value)          # parse_int rounds a fraction
    except ValueError:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid value for {"integer" if kind == "integer" else "floating point"}'
                      f' option "{name}": {text}') from None
    if not low <= value <= high:
        shown = (f'"{low}" and "{high}"' if kind == "integer"
                 else f'"{low:.6f}" and "{high:.6f}"')
        raise PgError(INVALID_PARAMETER_VALUE, f'value {text} out of bounds for option "{name}"',
                      detail=f"Valid values are between {shown}.")


def _parsed(defelems, *, reset: bool = False) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for wrapped in defelems or ():
        defelem = wrapped["DefElem"]
        if defelem.get("defnamespace"):
            raise PgError(FEATURE_NOT_SUPPORTED,
                          f'storage parameters for "{defelem["defnamespace"]}" are not '
                          'supported yet')
        name = defelem["defname"]
        text = _value_text(defelem)
        if reset:
            if text is not None:
                raise PgError(SYNTAX_ERROR, "RESET must not include values for parameters")
        elif text is None:
            text = "true"                  # WITH (autovacuum_enabled) means true
        found.append((name, text))
    return found


def _validate(options: list[tuple[str, str]]) -> None:
    seen = set()
    for name, text in options:
        if name not in PARAMETERS:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{name}"')
        if name in seen:
            raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{name}" specified more than once')
        seen.add(name)
        _check(name, text)


def table_options(defelems) -> list[str]:
    """CREATE TABLE's WITH (...), checked; the texts pg_class.reloptions will hold."""
    options = _parsed(defelems)
    _validate(options)
    return [f"{name}={text}" for name, text in options]


def store(oid: int, options: list[str]) -> None:
    """Write pg_class.reloptions (NULL for none) with a new row version."""
    catalog_writes.update_rows("pg_class", lambda row: row.oid == oid,
                               reloptions=options or None)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def alter_options(relation, cmd: dict, reset: bool) -> None:
    """ALTER TABLE ... SET (...) / RESET (...): SET replaces or appends, RESET removes
    (an unknown name in RESET is ignored, as transformRelOptions does)."""
    defs = cmd.get("def") or {}
    changes = _parsed(defs.get("List", {}).get("items", []) if isinstance(defs, dict) else defs,
                      reset=reset)
    current = [text.partition("=") for text in
               (getattr(cc.class_row(relation.oid), "reloptions", None) or ())]
    kept = [(name, value) for name, _, value in current
            if name not in {n for n, _ in changes}]
    if not reset:
        _validate(changes)
        kept += changes
    store(relation.oid, [f"{name}={value}" for name, value in kept])
