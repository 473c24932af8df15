"""pg_statistic rows: what ANALYZE stores about each column, and the planner reads.

A row is (starelid, staattnum, stainherit) plus null fraction, average width, number of
distinct values and five "slots" (stakindN, staopN, stacollN, stanumbersN, stavaluesN).
Which slot holds what is not fixed: a reader looks for the kind it wants (1 most common
values, 2 histogram, 3 correlation, 4 most common elements, 5 distinct-element count
histogram), as PostgreSQL's get_attstatsslot does.

Entry points:
    StatisticSlot, ColumnStatistics         what one column's row holds (ANALYZE builds them)
    store_column_statistics(relid, inherit, stats)  replace a table's rows for those columns
    delete_statistics(relid, attnum=None)   DROP TABLE / DROP COLUMN
    column_statistics(relid, attnum, inherit=False) -> ColumnStatistics | None
        the planner's read, from a per-backend cache dropped at every catalog invalidation
    statistic_record(stats), statistics_of_record(value)
        the same as a pg_statistic value (stxdexpr's elements) and back
    find_slot(stats, kind) -> StatisticSlot | None
    order_key(value)                        the values' order (NaN last)

Invariants:
 1. At most one row per (starelid, staattnum, stainherit) is visible: a new ANALYZE
    deletes the old row in the same transaction as it inserts the new one.
 2. stavaluesN hold TypedArrays (datatypes/anyarray_values.py) of the column's type.

PostgreSQL: commands/analyze.c (update_attstats), catalog/heap.c (RemoveStatistics),
utils/cache/lsyscache.c (get_attstatsslot), include/catalog/pg_statistic.h.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.datatypes.anyarray_values import TypedArray

STATISTIC_NUM_SLOTS = 5
STATISTIC_KIND_MCV = 1
STATISTIC_KIND_HISTOGRAM = 2
STATISTIC_KIND_CORRELATION = 3
STATISTIC_KIND_MCELEM = 4           # most common array elements / tsvector lexemes
STATISTIC_KIND_DECHIST = 5          # histogram of distinct-element counts (arrays)


@dataclasses.dataclass(frozen=True, slots=True)
class StatisticSlot:
    kind: int
    operator: int                    # staop: '=' for MCV, '<' for histogram / correlation
    collation: int
    numbers: tuple | None = None     # stanumbers (float4[]): MCV frequencies, correlation
    values: tuple | None = None      # stavalues (anyarray): MCVs, histogram bounds
    element_oid: int = 0             # the values' type


@dataclasses.dataclass(frozen=True, slots=True)
class ColumnStatistics:
    attnum: int
    null_frac: float
    width: int
    distinct: float                  # > 0 a count, < 0 minus a fraction of the rows, 0 unknown
    slots: tuple[StatisticSlot, ...] = ()


def order_key(value):
    """The order ANALYZE sorts values in and the planner compares them by: Python's,
    except that a float NaN is above every number and equal to other NaNs, as in
    float8's B-tree order (and Python's NaN compares false with everything); a numeric
    NaN likewise (a Decimal NaN cannot be compared at all)."""
    if isinstance(value, float) and value != value:
        return (1, 0.0)
    if isinstance(value, Decimal) and value.is_nan():
        return (1, 0.0)
    return (0, value)


def find_slot(stats: ColumnStatistics, kind: int) -> StatisticSlot | None:
    for slot in stats.slots:
        if slot.kind == kind:
            return slot
    return None


def _row_values(relid: int, inherit: bool, stats: ColumnStatistics) -> list:
    columns = dict(starelid=relid, staattnum=stats.attnum, stainherit=inherit,
                   stanullfrac=stats.null_frac, stawidth=stats.width,
                   stadistinct=stats.distinct)
    for i in range(1, STATISTIC_NUM_SLOTS + 1):
        slot = stats.slots[i - 1] if i <= len(stats.slots) else None
        columns[f"stakind{i}"] = slot.kind if slot else 0
        columns[f"staop{i}"] = slot.operator if slot else 0
        columns[f"stacoll{i}"] = slot.collation if slot else 0
        columns[f"stanumbers{i}"] = list(slot.numbers) if slot and slot.numbers else None
        columns[f"stavalues{i}"] = TypedArray(slot.element_oid, slot.values) \
            if slot and slot.values is not None else None
    return d.row_values("pg_statistic", **columns)


def statistic_record(stats: ColumnStatistics):
    """The row as a value of pg_statistic's row type (an element of
    pg_statistic_ext_data.stxdexpr: an expression's statistics, starelid and staattnum
    0 as statext_store leaves them)."""
    from pgsnake.datatypes.registry import Record
    types = tuple(c.type_oid for c in d.catalog("pg_statistic").columns)
    return Record(types, tuple(_row_values(0, False, stats)))


def statistics_of_record(value) -> ColumnStatistics:
    """What a pg_statistic value holds (statext_expressions_load)."""
    return _from_row(d.row_class("pg_statistic")(*value.values))


def store_column_statistics(relid: int, inherit: bool, stats: list[ColumnStatistics]) -> None:
    """update_attstats: one row per analyzed column, replacing the previous one."""
    if not stats:
        return
    attnums = {s.attnum for s in stats}
    catalog_writes.delete_rows(
        "pg_statistic", lambda row: row.starelid == relid and row.stainherit == inherit
        and row.staattnum in attnums, key=("starelid", relid))
    for column in stats:
        # (a long row's values go to pg_statistic's TOAST table, pg_toast_2619)
        catalog_writes.insert_row("pg_statistic", _row_values(relid, inherit, column))
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def delete_statistics(relid: int, attnum: int | None = None) -> None:
    """RemoveStatistics: every row of a table, or of one of its columns."""
    deleted = catalog_writes.delete_rows(
        "pg_statistic", lambda row: row.starelid == relid
        and (attnum is None or row.staattnum == attnum), key=("starelid", relid))
    if deleted:
        invalidation.note_catalog_change()


# -- the planner's cache -------------------------------------------------------------------

_cache: dict[tuple[int, int, bool], ColumnStatistics] | None = None


def _reset_cache() -> None:
    global _cache
    _cache = None


def _from_row(row) -> ColumnStatistics:
    slots = []
    for i in range(1, STATISTIC_NUM_SLOTS + 1):
        kind = getattr(row, f"stakind{i}")
        if not kind:
            continue
        values = getattr(row, f"stavalues{i}")
        numbers = getattr(row, f"stanumbers{i}")
        slots.append(StatisticSlot(
            kind, getattr(row, f"staop{i}"), getattr(row, f"stacoll{i}"),
            tuple(numbers) if numbers is not None else None,
            tuple(values) if values is not None else None,
            getattr(values, "element_oid", 0)))
    return ColumnStatistics(row.staattnum, row.stanullfrac, row.stawidth, row.stadistinct,
                            tuple(slots))


def column_statistics(relid: int, attnum: int, inherit: bool = False) -> ColumnStatistics | None:
    """The column's pg_statistic row (SearchSysCache STATRELATTINH), or None."""
    global _cache
    if _cache is None:
        if not cc.in_transaction():
            return None
        _cache = {(row.starelid, row.staattnum, row.stainherit): _from_row(row)
                  for row in cc.scan_catalog("pg_statistic")}
    return _cache.get((relid, attnum, inherit))


invalidation.add_cache_reset(_reset_cache, (2619,))     # pg_statistic


def _warm_read() -> list:
    """catalog/warm_caches.py: the planner's statistics, read by the catalog warmer."""
    _reset_cache()
    column_statistics(0, 0)
    found = list(_cache.items()) if _cache is not None else []
    _reset_cache()
    return found


def _warm_install(state: dict) -> None:
    global _cache
    _cache = dict(state)


def _register_warm_cache() -> None:
    from pgsnake.catalog import warm_caches
    warm_caches.register("statistics", _warm_read, dict, _warm_install)


_register_warm_cache()
