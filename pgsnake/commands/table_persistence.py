"""ALTER TABLE ... SET LOGGED / SET UNLOGGED: a table (with its indexes and TOAST table)
changes persistence by being rewritten into new files of the new kind.

Going unlogged, the new files get init forks and their pages are not WAL-logged; going
logged, every page of the new files is WAL-logged as it is written (rewrite_heap and the
index builds), so that the table is whole after a crash from the moment the ALTER
commits. A table already of the asked kind is left alone. A foreign key must not join a
logged and an unlogged table (42P16, worded as PostgreSQL words it); a temporary table
never changes (42P16).

Entry point: set_persistence(relation, logged).

The sequences the table's columns own (serial, identity) change with it
(sequence_persistence.py). A partitioned table has no storage: it checks, then keeps
its relpersistence (as PostgreSQL 15 does).

PostgreSQL: commands/tablecmds.c (ATPrepChangePersistence, ATRewriteTables).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, toast_creation
from pgsnake.utils.errors import PgError

INVALID_TABLE_DEFINITION = "42P16"


def _check_foreign_keys(relation, logged: bool) -> None:
    for row in cc.scan_catalog("pg_constraint"):
        if row.contype != "f" or row.conrelid == row.confrelid:
            continue
        if logged and row.conrelid == relation.oid:
            other = cc.class_row(row.confrelid)
            if other is not None and other.relpersistence == "u":
                _refuse(relation, f"to logged because it references unlogged table "
                                  f'"{other.relname}"', row.conname)
        if not logged and row.confrelid == relation.oid:
            other = cc.class_row(row.conrelid)
            if other is not None and other.relpersistence == "p":
                _refuse(relation, f"to unlogged because it references logged table "
                                  f'"{other.relname}"', row.conname)


def _refuse(relation, reason: str, constraint: str) -> None:
    raise PgError(INVALID_TABLE_DEFINITION,
                  f'could not change table "{relation.name}" {reason}',
                  schema=relation.namespace_name, table=relation.name, constraint=constraint)


def set_persistence(relation, logged: bool) -> None:
    from pgsnake.access.transam import xact
    from pgsnake.commands import table_rewrite
    if relation.persistence == "t":
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot change logged status of table '
                      f'"{relation.name}" because it is temporary',
                      schema=relation.namespace_name, table=relation.name)
    wanted = "p" if logged else "u"
    if relation.persistence == wanted:
        return
    _check_foreign_keys(relation, logged)
    if relation.relkind == "p":
        return       # no storage: PostgreSQL 15 rewrites nothing, relpersistence stays
    members = [relation.oid] + list(cc.index_oids_of(relation.oid))
    toast_oid = toast_creation.toast_table_of(relation.oid)
    if toast_oid:
        members += [toast_oid] + list(cc.index_oids_of(toast_oid))
    for oid in members:
        catalog_writes.update_rows("pg_class", lambda r, oid=oid: r.oid == oid,
                                   relpersistence=wanted)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    table_rewrite.rewrite_table(relation.oid, table_rewrite.live_rows)
    from pgsnake.commands import sequence_persistence
    sequence_persistence.set_owned_sequences(relation, logged)
