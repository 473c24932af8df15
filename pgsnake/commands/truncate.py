"""TRUNCATE: empty tables at once, transactionally.

Each table (and each of its indexes) gets new, empty files under a new relfilenode
(catalog/table_alteration.set_new_storage); the old files go at commit. Every table is
locked AccessExclusive and checked before any is emptied, so a bad name empties none.

Supported: TRUNCATE [TABLE] [ONLY] name [, ...] [RESTART | CONTINUE IDENTITY]
[RESTRICT | CASCADE]; RESTART IDENTITY gives the tables' owned sequences new files too,
starting again at their START value. CASCADE adds, round after round, the tables whose
foreign keys reference the set (a NOTICE each); without it such a table is 0A000. BEFORE TRUNCATE triggers fire before any
table is emptied, AFTER TRUNCATE ones after all are (executor/triggers.py).

Entry point: execute_truncate(node) -> 'TRUNCATE TABLE'.

PostgreSQL: commands/tablecmds.c (ExecuteTruncate, ExecuteTruncateGuts),
utils/cache/relcache.c (RelationSetNewRelfilenumber).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import relation_locks, sequence_creation, table_alteration, toast_creation
from pgsnake.commands import utility_statement
from pgsnake.executor import after_trigger_queue, triggers
from pgsnake.storage.lmgr import lock_modes, predicate
from pgsnake.utils import notices
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INSUFFICIENT_PRIVILEGE,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)


def execute_truncate(node: dict) -> str:
    cascade = node.get("behavior") == "DROP_CASCADE"
    tables: list[int] = []
    for wrapped in node.get("relations", []):
        range_var = wrapped["RangeVar"]
        name, schema = range_var["relname"], range_var.get("schemaname")
        oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
        if oid is None:
            shown = f"{schema}.{name}" if schema else name
            raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
        if cc.class_row(oid).relkind == "p" and not range_var.get("inh"):
            raise PgError(WRONG_OBJECT_TYPE, "cannot truncate only a partitioned table",
                          hint="Do not specify the ONLY keyword, or use TRUNCATE ONLY on the "
                               "partitions directly.")
        _add_table(tables, oid, bool(range_var.get("inh")))
    if cascade:
        # Tables with foreign keys into the set join it, round after round, each round
        # in OID order (heap_truncate_find_FKs), with their partitions.
        while True:
            found = sorted({fk.conrelid for oid in tables
                            for fk in cc.foreign_keys_referencing(oid)} - set(tables))
            if not found:
                break
            for oid in found:
                relation_locks.lock_relation_oid(oid, lock_modes.ACCESS_EXCLUSIVE)
                notices.emit("00000", f'truncate cascades to table '
                                      f'"{cc.class_row(oid).relname}"')
                _add_table(tables, oid, cc.class_row(oid).relkind == "p")
    for oid in tables:
        for fk in cc.foreign_keys_referencing(oid):
            if fk.conrelid not in tables:
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot truncate a table referenced in a "
                              "foreign key constraint",
                              detail=f'Table "{cc.class_row(fk.conrelid).relname}" references '
                                     f'"{cc.class_row(oid).relname}".',
                              hint=f'Truncate table "{cc.class_row(fk.conrelid).relname}" at '
                                   f'the same time, or use TRUNCATE ... CASCADE.')
    for oid in tables:
        triggers.fire_truncate_triggers(cc.get_relation(oid), "BEFORE")
    for oid in tables:
        if xact.is_serializable():
            # Every row goes at once: each SIREAD lock on the table is a conflict in.
            xact.get_transaction_snapshot()
            predicate.check_table_for_conflict_in(cc.get_relation(oid))
        index_oids = cc.index_oids_of(oid)
        for index_oid in index_oids:
            relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
        table_alteration.set_new_storage(oid)
        pgstat.count_truncate(cc.get_relation(oid))     # live/dead restart at commit
        for index_oid in index_oids:
            table_alteration.set_new_storage(index_oid)
        toast_creation.truncate_toast_table(oid)
        if node.get("restart_seqs"):
            # The owned sequences restart, transactionally: a new file each.
            for sequence_oid in sequence_creation.owned_sequences(oid):
                relation_locks.lock_relation_oid(sequence_oid, lock_modes.ACCESS_EXCLUSIVE)
                table_alteration.set_new_storage(sequence_oid)
    for oid in tables:
        triggers.fire_truncate_triggers(cc.get_relation(oid), "AFTER")
    return "TRUNCATE TABLE"


def _add_table(tables: list[int], oid: int, recurse: bool) -> None:
    """Check that `oid` (locked) may be truncated and add it, with its partitions and
    inheritance children when `recurse` (truncate_check_rel, truncate_check_perms)."""
    name = cc.class_row(oid).relname
    if d.is_catalog(oid):
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied: "{name}" is a system catalog')
    if cc.class_row(oid).relkind not in ("r", "p"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a table')
    from pgsnake.catalog import object_permissions, temp_namespace
    object_permissions.check_relation_privilege(oid, 1 << 4)     # ACL_TRUNCATE
    temp_namespace.refuse_other_session(cc.class_row(oid).relnamespace,
                                        "cannot truncate temporary tables of other sessions")
    if oid not in tables:
        tables.append(oid)
    if recurse:                          # not ONLY: partitions and children too
        from pgsnake.catalog import partition_bounds
        for child in partition_bounds.all_descendants(oid):
            relation_locks.lock_relation_oid(child, lock_modes.ACCESS_EXCLUSIVE)
            if child not in tables:
                tables.append(child)


def _truncate_statement(node: dict, raw) -> str:
    # A query level of its own: its AFTER TRUNCATE triggers fire when it ends, even when
    # a trigger function runs it while an outer statement's events are firing.
    after_trigger_queue.begin_query()
    try:
        tag = execute_truncate(node)
    except BaseException:
        after_trigger_queue.end_query(fire=False)
        raise
    after_trigger_queue.end_query()
    return tag


utility_statement.register("TruncateStmt", "TRUNCATE TABLE", _truncate_statement)
