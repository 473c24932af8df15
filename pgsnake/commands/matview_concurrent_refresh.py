"""REFRESH MATERIALIZED VIEW CONCURRENTLY: the view's stored query run again and its
rows merged into the materialized view as a diff, so that readers are never blocked.

PostgreSQL takes ExclusiveLock (readers' AccessShareLock does not conflict with it;
another REFRESH and any writer wait), fills a temporary table with the new data, refuses
new data holding two equal rows with no NULL column (21000), joins the new rows with the
old ones on the columns of every usable unique index plus whole-row image equality
(`*=`), then deletes the old rows that found no partner and inserts the new rows that
found none. Unchanged rows keep their tuple (ctid, xmin); readers see the old contents
until the refreshing transaction commits, as for any DELETE + INSERT.

Here the diff is made in memory: the new rows from one SPI query, the old ones from a
heap scan, each row's "image" the text of its columns' output functions (two values
with the same image are the same to a reader: numeric 1.0 and 1.00 differ, as their
binary images do). A row with NULL in a unique-index column never matches (the join's
`=` is NULL there), so it is deleted and inserted again, as in PostgreSQL.

Entry points: check_concurrent_refresh(oid, row, skip_data) (the refusals, in
ExecRefreshMatView's order), refresh_concurrently(oid).

PostgreSQL: commands/matview.c (ExecRefreshMatView, refresh_by_match_merge,
is_usable_unique_index).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import view_creation
from pgsnake.utils.errors import (CARDINALITY_VIOLATION, FEATURE_NOT_SUPPORTED,
                                  OBJECT_NOT_IN_PREREQUISITE_STATE, SYNTAX_ERROR, PgError)

_BTREE_AM_OID = 403


def usable_unique_index(index_oid: int) -> bool:
    """is_usable_unique_index: a valid, immediate, unique B-tree index with no predicate
    whose key columns are all plain columns."""
    index = cc.index_row(index_oid)
    if index is None or not (index.indisunique and index.indimmediate and index.indisvalid):
        return False
    if index.indpred is not None or cc.class_row(index_oid).relam != _BTREE_AM_OID:
        return False
    keys = list(index.indkey)[:index.indnkeyatts]
    return bool(keys) and all(attnum > 0 for attnum in keys)


def _key_columns(oid: int) -> list[int]:
    """The attnums of every usable unique index's key columns (the diff's join keys)."""
    columns: list[int] = []
    for index_oid in cc.index_oids_of(oid):
        if usable_unique_index(index_oid):
            index = cc.index_row(index_oid)
            for attnum in list(index.indkey)[:index.indnkeyatts]:
                if attnum not in columns:
                    columns.append(attnum)
    return columns


def check_concurrent_refresh(oid: int, populated: bool, skip_data: bool) -> None:
    """ExecRefreshMatView's refusals of CONCURRENTLY, in its order."""
    if not populated:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "CONCURRENTLY cannot be used when the materialized view is not populated")
    if skip_data:
        raise PgError(SYNTAX_ERROR,
                      "CONCURRENTLY and WITH NO DATA options cannot be used together")
    if not _key_columns(oid):
        row = cc.class_row(oid)
        name = (f"{cc.quote_identifier(cc.namespace_name(row.relnamespace))}."
                f"{cc.quote_identifier(row.relname)}")
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'cannot refresh materialized view "{name}" concurrently',
                      hint="Create a unique index with no WHERE clause on one or more "
                           "columns of the materialized view.")


def refresh_concurrently(oid: int) -> None:
    """Run the stored query and make the materialized view's rows equal to its result by
    deleting the rows that went and inserting the rows that came."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import xact
    from pgsnake.datatypes.record import record_text
    from pgsnake.datatypes.registry import get_type
    from pgsnake.executor import spi
    from pgsnake.executor.index_maintenance import TableIndexes
    relation = cc.get_relation(oid)
    columns = [a for a in relation.attributes if a.attnum > 0 and not a.is_dropped]
    outputs = [get_type(a.type_oid).output for a in columns]
    positions = [i for i, a in enumerate(relation.attributes)
                 if a.attnum > 0 and not a.is_dropped]
    width = len([a for a in relation.attributes if a.attnum > 0])

    def image(values) -> tuple:
        return tuple(None if values[p] is None else outputs[i](values[p])
                     for i, p in enumerate(positions))

    from pgsnake.catalog import relation_locks
    from pgsnake.storage.lmgr import lock_modes
    # the locks PostgreSQL's diff queries take: reading the view, then changing it
    relation_locks.lock_relation_oid(oid, lock_modes.ACCESS_SHARE)
    relation_locks.lock_relation_oid(oid, lock_modes.ROW_EXCLUSIVE)
    search_path, sql = view_creation.stored_view(oid)
    with cc.search_path_as(search_path):         # names as its creator resolved them
        new_rows = [list(row[:width]) for row in spi.execute(sql).rows]
    xact.command_counter_increment()
    _refuse_duplicates(relation.name, new_rows, image, outputs, positions, record_text)

    key_positions = [i for i, a in enumerate(relation.attributes)
                     if a.attnum in set(_key_columns(oid))]
    snapshot = xact.get_transaction_snapshot()
    unmatched_old: dict[tuple, list] = {}
    doomed = []
    for tid, values in heapam.heap_scan(relation, snapshot):
        if any(values[p] is None for p in key_positions):
            doomed.append(tid)
        else:
            unmatched_old.setdefault(image(values), []).append(tid)
    to_insert = []
    for values in new_rows:
        partners = None if any(values[p] is None for p in key_positions) \
            else unmatched_old.get(image(values))
        if partners:
            partners.pop()
        else:
            to_insert.append(values)
    doomed.extend(tid for tids in unmatched_old.values() for tid in tids)
    for tid in sorted(doomed):
        heapam.heap_delete(relation, tid, snapshot)
    xact.command_counter_increment()
    indexes = TableIndexes(relation)
    for values in to_insert:
        tid = heapam.heap_insert(relation, values)
        if indexes:
            indexes.insert(values, tid)
    xact.command_counter_increment()


def _refuse_duplicates(name, rows, image, outputs, positions, record_text) -> None:
    """New data with two equal rows and no NULL column cannot be matched to the old rows
    one to one: 21000 naming the first such row."""
    seen: set[tuple] = set()
    for values in rows:
        if any(values[p] is None for p in positions):
            continue
        key = image(values)
        if key in seen:
            raise PgError(CARDINALITY_VIOLATION,
                          f'new data for materialized view "{name}" contains duplicate '
                          f'rows without any null columns',
                          detail="Row: " + record_text(outputs, [values[p] for p in positions]))
        seen.add(key)
