"""Table storage parameters (reloptions): CREATE TABLE ... WITH (...), ALTER TABLE ...
SET (...) / RESET (...), checked as PostgreSQL checks them and kept in
pg_class.reloptions as "name=value" texts, the value as written.

The parameters are PostgreSQL 15's heap ones that pgsnake knows (access/common/
reloptions.py's HEAP table, which also holds the checks): fillfactor, the autovacuum
ones, which postmaster/autovacuum.py reads, and parallel_workers, which the planner
reads (optimizer/parallel_paths.py compute_parallel_worker).

A table's "toast." parameters (toast.autovacuum_enabled, ...: reloptions.TOAST) are kept
in its TOAST table's pg_class.reloptions without the prefix, as PostgreSQL keeps them
(pg_dump reads them there); a table without a TOAST table checks them (CREATE TABLE) or
takes them (ALTER TABLE) and keeps nothing.

Entry points: table_options(defelems) -> [text] (checked; "toast.name=value" for the
TOAST table's), store(oid, options) (each text where it belongs),
alter_options(relation, cmd, reset) (an ALTER TABLE SET / RESET subcommand),
option_items(cmd) (that subcommand's DefElems).

PostgreSQL: access/common/reloptions.c (transformRelOptions, parseRelOptions,
parse_one_reloption, heap_reloptions), commands/tablecmds.c (ATExecSetRelOptions).
"""
from __future__ import annotations

from pgsnake.access.common import reloptions
from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


def table_options(defelems) -> list[str]:
    """CREATE TABLE's WITH (...), checked; the texts pg_class.reloptions will hold.
    WITH (oids = false) is accepted and dropped, WITH (oids) is 0A000
    (interpretOidsOption)."""
    options = reloptions.parse(_without_oids(defelems), namespaces=("toast",))
    main, toast = _split_toast(options)
    reloptions.validate(main, reloptions.HEAP)
    reloptions.validate(toast, reloptions.TOAST)
    return reloptions.as_texts(main) + ["toast." + text for text in reloptions.as_texts(toast)]


def _split_toast(options):
    """(the table's own options, its TOAST table's without the "toast." prefix)."""
    main = [(n, v) for n, v in options if not n.startswith("toast.")]
    toast = [(n.removeprefix("toast."), v) for n, v in options if n.startswith("toast.")]
    return main, toast


def _without_oids(defelems) -> list:
    from pgsnake.datatypes.boolean import parse_bool
    from pgsnake.utils import def_elem
    kept = []
    for wrapped in defelems or ():
        defelem = wrapped["DefElem"]
        if defelem["defname"] != "oids" or defelem.get("defnamespace"):
            kept.append(wrapped)
            continue
        text = def_elem.arg_text(defelem)
        value = True if text is None else parse_bool(text)
        if value is None:                                       # defGetBoolean
            raise PgError("42601", "oids requires a Boolean value")
        if value:
            raise PgError(FEATURE_NOT_SUPPORTED, "tables declared WITH OIDS are not supported")
    return kept


def store(oid: int, options: list[str]) -> None:
    """Write pg_class.reloptions (NULL for none) with a new row version; "toast." ones
    to the TOAST table's (dropped when there is none)."""
    own = [text for text in options if not text.startswith("toast.")]
    toast = [text.removeprefix("toast.") for text in options if text.startswith("toast.")]
    _write(oid, own)
    toast_oid = getattr(cc.class_row(oid), "reltoastrelid", 0)
    if toast and toast_oid:
        _write(toast_oid, toast)


def _write(oid: int, options: list[str]) -> None:
    catalog_writes.update_rows("pg_class", lambda row: row.oid == oid,
                               reloptions=options or None)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def option_items(cmd: dict) -> list:
    """The DefElems of a SET (...) / RESET (...) subcommand (a List node, or already a
    list)."""
    defs = cmd.get("def") or {}
    return defs.get("List", {}).get("items", []) if isinstance(defs, dict) else defs


def alter_options(relation, cmd: dict, reset: bool, parameters=None) -> None:
    """ALTER TABLE ... SET (...) / RESET (...): SET replaces or appends, RESET removes
    (an unknown name in RESET is ignored, as transformRelOptions does). `parameters`:
    the relation kind's table (reloptions.HEAP unless given: an index's)."""
    changes = reloptions.parse(option_items(cmd), reset=reset,
                               namespaces=("toast",) if parameters is None else ())
    main, toast = _split_toast(changes)
    if not reset:
        reloptions.validate(main, reloptions.HEAP if parameters is None else parameters)
    _write(relation.oid, _changed(relation.oid, main, reset))
    toast_oid = getattr(cc.class_row(relation.oid), "reltoastrelid", 0)
    if toast_oid:               # (checked only when there is one, as PostgreSQL)
        if not reset:
            reloptions.validate(toast, reloptions.TOAST)
        if toast:
            _write(toast_oid, _changed(toast_oid, toast, reset))


def _changed(oid: int, changes, reset: bool) -> list[str]:
    """pg_class.reloptions of `oid` with `changes` applied: SET replaces or appends, RESET
    removes."""
    current = [text.partition("=") for text in
               (getattr(cc.class_row(oid), "reloptions", None) or ())]
    kept = [(name, value) for name, _, value in current
            if name not in {n for n, _ in changes}]
    if not reset:
        kept += changes
    return [f"{name}={value}" for name, value in kept]
