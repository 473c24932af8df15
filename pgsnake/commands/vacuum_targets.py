"""A table that VACUUM or ANALYZE names, looked up and locked (SKIP_LOCKED or not).

Entry point: lock_named_relation(range_var, mode, skip_locked, command) -> oid | None

PostgreSQL: commands/vacuum.c (expand_vacuum_rel, vacuum_open_relation's "skipping
... --- lock not available").
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks
from pgsnake.utils import notices
from pgsnake.utils.errors import UNDEFINED_TABLE, PgError


def lock_named_relation(range_var: dict, mode: int, skip_locked: bool,
                        command: str) -> int | None:
    """The OID of the relation `range_var` names, locked in `mode`; None when
    `skip_locked` and the lock is not free at once (a WARNING says the `command`,
    "vacuum" or "analyze", skipped it). 42P01 when there is no such relation."""
    name, schema = range_var["relname"], range_var.get("schemaname")
    if skip_locked:
        oid = cc.lookup_relation_oid(name, schema)
        if oid is not None and not relation_locks.conditional_lock_relation_oid(oid, mode):
            notices.emit("01000", f'skipping {command} of "{name}" --- lock not available',
                         severity="WARNING")
            return None
    else:
        oid = relation_locks.open_relation_oid(name, schema, mode)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    return oid
