"""Storage parameters (reloptions) of tables and indexes: which names each kind of
relation takes, and the checks of a WITH (...) / SET (...) list, as PostgreSQL makes
them. pg_class.reloptions keeps each option as the text "name=value", the value as
written.

Each relation kind has its own table of parameters (HEAP, VIEW, BTREE, HASH, GIST, GIN): a
parameter has a kind (boolean, integer, real, enum) and bounds or choices. Every kind
shares the same rules:
1. An unknown name is 22023 "unrecognized parameter"; a name given twice is 22023.
2. A boolean takes what parse_bool takes (a prefix of true/false/yes/no, on/off with two
   letters at least, 1/0); a bare name means true.
3. An integer or real value out of bounds is 22023 with the bounds in the DETAIL; an
   integer given with a fraction is rounded, as parse_int does.
4. An enum value is one of its choices (case-insensitive), else 22023 with the choices in
   the DETAIL.

Entry points: parse(defelems, reset=False) -> [(name, text)], validate(options,
parameters), checked(defelems, parameters) -> [(name, text)], option_value(options,
name), as_texts(options).

PostgreSQL: access/common/reloptions.c (the boolRelOpts / intRelOpts / realRelOpts /
enumRelOpts tables, parseRelOptions, parse_one_reloption), utils/adt/bool.c
(parse_bool).
"""
from __future__ import annotations

import dataclasses
import sys

from pgsnake.utils import def_elem
from pgsnake.utils.errors import (INVALID_PARAMETER_VALUE,
                                  SYNTAX_ERROR, PgError)

INT_MAX = 2147483647


@dataclasses.dataclass(frozen=True)
class Parameter:
    kind: str                          # "boolean", "integer", "real" or "enum"
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    # an enum that also takes every boolean spelling (vacuum_index_cleanup's on / off
    # are the boolean ones; its DETAIL lists only the choices)
    also_boolean: bool = False


_FILLFACTOR = Parameter("integer", 10, 100)

HEAP = {
    "fillfactor": _FILLFACTOR,
    "autovacuum_enabled": Parameter("boolean"),
    "autovacuum_vacuum_threshold": Parameter("integer", 0, INT_MAX),
    "autovacuum_vacuum_insert_threshold": Parameter("integer", -1, INT_MAX),
    "autovacuum_analyze_threshold": Parameter("integer", 0, INT_MAX),
    "autovacuum_vacuum_cost_limit": Parameter("integer", 1, 10000),
    "autovacuum_freeze_min_age": Parameter("integer", 0, 1000000000),
    "autovacuum_freeze_max_age": Parameter("integer", 100000, 2000000000),
    "autovacuum_freeze_table_age": Parameter("integer", 0, 2000000000),
    "autovacuum_multixact_freeze_min_age": Parameter("integer", 0, 1000000000),
    "autovacuum_multixact_freeze_max_age": Parameter("integer", 10000, 2000000000),
    "autovacuum_multixact_freeze_table_age": Parameter("integer", 0, 2000000000),
    "log_autovacuum_min_duration": Parameter("integer", -1, INT_MAX),
    "autovacuum_vacuum_cost_delay": Parameter("real", 0.0, 100.0),
    "autovacuum_vacuum_scale_factor": Parameter("real", 0.0, 100.0),
    "autovacuum_vacuum_insert_scale_factor": Parameter("real", 0.0, 100.0),
    "autovacuum_analyze_scale_factor": Parameter("real", 0.0, 100.0),
    "toast_tuple_target": Parameter("integer", 128, 8160),
    "parallel_workers": Parameter("integer", 0, 1024),     # the planner's worker count
    "user_catalog_table": Parameter("boolean"),
    "vacuum_index_cleanup": Parameter("enum", choices=("on", "off", "auto"), also_boolean=True),
    "vacuum_truncate": Parameter("boolean"),
}
# a table's TOAST table takes the vacuum ones (ALTER TABLE t SET (toast.name = ...))
TOAST = {name: parameter for name, parameter in HEAP.items()
         if name not in ("fillfactor", "autovacuum_analyze_threshold",
                         "autovacuum_analyze_scale_factor", "toast_tuple_target",
                         "parallel_workers", "user_catalog_table")}
BTREE = {"fillfactor": _FILLFACTOR, "deduplicate_items": Parameter("boolean")}
HASH = {"fillfactor": _FILLFACTOR}
GIST = {"fillfactor": _FILLFACTOR,
        "buffering": Parameter("enum", choices=("on", "off", "auto"))}
# A column's options (ALTER TABLE ... ALTER COLUMN ... SET (...)): attribute_reloptions.
ATTRIBUTE = {"n_distinct": Parameter("real", -1.0, sys.float_info.max),
             "n_distinct_inherited": Parameter("real", -1.0, sys.float_info.max)}
VIEW = {"check_option": Parameter("enum", choices=("local", "cascaded")),
        "security_barrier": Parameter("boolean"),
        "security_invoker": Parameter("boolean")}
# gin_pending_list_limit is in kilobytes, 64 kB up to MAX_KILOBYTES (INT_MAX here)
BRIN = {"pages_per_range": Parameter("integer", 1, 131072),
        "autosummarize": Parameter("boolean")}
GIN = {"fastupdate": Parameter("boolean"),
       "gin_pending_list_limit": Parameter("integer", 64, INT_MAX)}


def is_bool(text: str) -> bool:
    """parse_bool's answer is not an error (rule 2)."""
    lowered = text.strip().lower()
    if not lowered:
        return False
    if lowered in ("1", "0") or any(word.startswith(lowered) for word in
                                    ("true", "false", "yes", "no")):
        return True
    return len(lowered) >= 2 and ("on".startswith(lowered) or "off".startswith(lowered))


def _check(name: str, text: str, parameter: Parameter) -> None:
    """parse_one_reloption: the value's kind and bounds (rules 2-4)."""
    if parameter.kind == "boolean":
        if not is_bool(text):
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid value for boolean option "{name}": {text}')
        return
    if parameter.kind == "enum":
        if text.lower() not in parameter.choices and \
                not (parameter.also_boolean and is_bool(text)):
            quoted = [f'"{c}"' for c in parameter.choices]
            listed = (" and ".join(quoted) if len(quoted) == 2
                      else ", ".join(quoted[:-1]) + f", and {quoted[-1]}")
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid value for enum option "{name}": {text}',
                          detail=f"Valid values are {listed}.")
        return
    try:
        value = float(text)
        if parameter.kind == "integer":
            value = round(value)
    except ValueError:
        kind = "integer" if parameter.kind == "integer" else "floating point"
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid value for {kind} option "{name}": {text}') from None
    low, high = parameter.low, parameter.high
    if not low <= value <= high:
        shown = (f'"{low}" and "{high}"' if parameter.kind == "integer"
                 else f'"{low:.6f}" and "{high:.6f}"')
        raise PgError(INVALID_PARAMETER_VALUE, f'value {text} out of bounds for option "{name}"',
                      detail=f"Valid values are between {shown}.")


def parse(defelems, *, reset: bool = False,
          namespaces: tuple = ()) -> list[tuple[str, str | None]]:
    """(name, value text) per DefElem, not yet checked; a bare name means "true" unless
    `reset` (RESET takes names only). A name in one of `namespaces` comes as
    "namespace.name" (tables take "toast")."""
    found: list[tuple[str, str | None]] = []
    for wrapped in defelems or ():
        defelem = wrapped["DefElem"]
        namespace = defelem.get("defnamespace")
        if namespace and namespace not in namespaces and not reset:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'unrecognized parameter namespace "{namespace}"')
        name = f"{namespace}.{defelem['defname']}" if namespace else defelem["defname"]
        text = def_elem.arg_text(defelem)
        if reset:
            if text is not None:
                raise PgError(SYNTAX_ERROR, "RESET must not include values for parameters")
        elif text is None:
            text = "true"
        found.append((name, text))
    return found


def validate(options: list[tuple[str, str]], parameters: dict[str, Parameter]) -> None:
    seen = set()
    for name, text in options:
        parameter = parameters.get(name)
        if parameter is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'unrecognized parameter "{name}"')
        if name in seen:
            raise PgError(INVALID_PARAMETER_VALUE, f'parameter "{name}" specified more than once')
        seen.add(name)
        _check(name, text, parameter)


def checked(defelems, parameters: dict[str, Parameter]) -> list[tuple[str, str]]:
    """A WITH (...) list, parsed and checked against one relation kind's parameters."""
    options = parse(defelems)
    validate(options, parameters)
    return options


def option_value(options: list[tuple[str, str]], name: str) -> str | None:
    return next((text for option, text in options if option == name), None)


def integer_value(options: list[tuple[str, str]], name: str) -> int | None:
    text = option_value(options, name)
    return None if text is None else round(float(text))


def as_texts(options: list[tuple[str, str]]) -> list[str]:
    """The pg_class.reloptions form."""
    return [f"{name}={text}" for name, text in options]
