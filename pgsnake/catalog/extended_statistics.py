"""pg_statistic_ext and pg_statistic_ext_data: extended statistics objects (CREATE
STATISTICS) and what ANALYZE computed for them.

A statistics object is one pg_statistic_ext row: name and schema, the table (stxrelid),
its owner, its statistics target (-1: the columns' own), the columns (stxkeys, in
increasing attnum order), the kinds to build (stxkind: 'd' ndistinct, 'f' functional
dependencies, 'm' MCV list, 'e' expression statistics, in that order) and its
expressions (stxexprs, stored as SQL text joined by ", " as pg_index.indexprs is:
catalog/index_expressions.py). ANALYZE writes one pg_statistic_ext_data row per object
(stxdinherit false for a plain table), replacing the previous one; CREATE STATISTICS
writes none, as PostgreSQL 15.

pg_depend (recorded by commands/statistics_commands.py): automatic on each key column,
automatic on each column its expressions read (on the whole table if it names no
column), normal on its schema; so DROP TABLE and DROP COLUMN take it along.

The planner's view: objects_of(table oid) -> tuple of StatisticsObject with their built
data, cached per backend and dropped with every other catalog cache.

Entry points: objects_of, object_row(oid), lookup(names) -> row | None, insert_object,
update_object, delete_object (with its data, pg_depend rows and comment),
forget_column_data(table, attnum) (ALTER COLUMN TYPE),
store_data(oid, inherit, ndistinct, dependencies, mcv, expressions), data_row(oid, inherit).

Expression statistics ('e'): stxdexpr is a pg_statistic[] (the catalog's row type, built
by catalog/user_types.py), one entry per expression in stxexprs' order, starelid and
staattnum 0; the planner gets them as statistic_rows.ColumnStatistics.

PostgreSQL: catalog/pg_statistic_ext.h, pg_statistic_ext_data.h, commands/statscmds.c
(CreateStatistics' and RemoveStatisticsById's catalog parts), statistics/extended_stats.c
(statext_store), optimizer/util/plancat.c (get_relation_statistics).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import definitions as d

PG_STATISTIC_EXT = 3381
KIND_NDISTINCT, KIND_DEPENDENCIES, KIND_MCV, KIND_EXPRESSIONS = "d", "f", "m", "e"
KIND_NAMES = {"ndistinct": KIND_NDISTINCT, "dependencies": KIND_DEPENDENCIES,
              "mcv": KIND_MCV}
MAX_DIMENSIONS = 8          # STATS_MAX_DIMENSIONS


@dataclasses.dataclass(frozen=True, slots=True)
class StatisticsObject:
    """One object as the planner sees it (StatisticExtInfo plus the loaded data)."""
    oid: int
    relation_oid: int
    keys: tuple[int, ...]           # stxkeys
    kinds: tuple[str, ...]          # stxkind
    ndistinct: tuple | None         # pg_ndistinct items, once ANALYZE built them
    dependencies: tuple | None      # pg_dependencies items
    mcv: object = None              # McvList (datatypes/extended_statistics_types.py)
    expressions: str | None = None  # stxexprs (SQL text over the table's columns)
    expression_stats: tuple | None = None   # stxdexpr: a ColumnStatistics per expression


_by_table: dict[int, tuple] | None = None


def _reset() -> None:
    global _by_table
    _by_table = None


invalidation.add_cache_reset(_reset)


def objects_of(table_oid: int) -> tuple:
    """The table's statistics objects (OID order), with the data of the non-inherited
    build."""
    global _by_table
    if _by_table is None:
        data = {r.stxoid: r for r in cc.scan_catalog("pg_statistic_ext_data")
                if not r.stxdinherit}
        grouped: dict[int, list] = {}
        for row in sorted(cc.scan_catalog("pg_statistic_ext"), key=lambda r: r.oid):
            built = data.get(row.oid)
            grouped.setdefault(row.stxrelid, []).append(StatisticsObject(
                row.oid, row.stxrelid, tuple(row.stxkeys or ()), tuple(row.stxkind or ()),
                built.stxdndistinct if built is not None else None,
                built.stxddependencies if built is not None else None,
                _mcv(built.stxdmcv) if built is not None else None, row.stxexprs,
                _expression_stats(built.stxdexpr) if built is not None else None))
        _by_table = {oid: tuple(rows) for oid, rows in grouped.items()}
    return _by_table.get(table_oid, ())


def _expression_stats(data) -> tuple | None:
    if data is None:
        return None
    from pgsnake.catalog import statistic_rows
    return tuple(statistic_rows.statistics_of_record(value) for value in data)


def _mcv(data):
    if data is None:
        return None
    from pgsnake.datatypes.extended_statistics_types import deserialize_mcv
    return deserialize_mcv(data)


def object_row(oid: int):
    return next((r for r in cc.scan_catalog("pg_statistic_ext") if r.oid == oid), None)


def rows_of_table(table_oid: int) -> list:
    """The table's objects in heap order: ANALYZE reads them through the index on
    stxrelid, whose equal keys are in heap (TID) order (fetch_statentries_for_relation)."""
    return [r for r in cc.scan_catalog("pg_statistic_ext") if r.stxrelid == table_oid]


def row_in(namespace_oid: int, name: str):
    return next((r for r in cc.scan_catalog("pg_statistic_ext")
                 if r.stxnamespace == namespace_oid and r.stxname == name), None)


def lookup(name: str, schema: str | None):
    """The object `[schema.]name` (the search path when unqualified), or None."""
    if schema is not None:
        namespace = cc.get_namespace_oid(schema)
        return None if namespace is None else row_in(namespace, name)
    for namespace in cc.search_path_namespaces():
        row = row_in(namespace, name)
        if row is not None:
            return row
    return None


def insert_object(oid: int, table_oid: int, name: str, namespace_oid: int, owner: int,
                  keys: list[int], kinds: list[str], expressions: str | None) -> None:
    catalog_writes.insert_row("pg_statistic_ext", d.row_values(
        "pg_statistic_ext", oid=oid, stxrelid=table_oid, stxname=name,
        stxnamespace=namespace_oid, stxowner=owner, stxstattarget=-1, stxkeys=list(keys),
        stxkind=list(kinds), stxexprs=expressions))
    invalidation.note_catalog_change()


def update_object(oid: int, **columns) -> None:
    catalog_writes.update_rows("pg_statistic_ext", lambda r: r.oid == oid,
                               key=("oid", oid), **columns)
    invalidation.note_catalog_change()


def delete_data(oid: int, inherit: bool | None = None) -> None:
    catalog_writes.delete_rows("pg_statistic_ext_data", lambda r: r.stxoid == oid and (
        inherit is None or r.stxdinherit == inherit), key=("stxoid", oid))


def delete_object(oid: int) -> None:
    """RemoveStatisticsById: the object, its data, its dependencies and its comment."""
    from pgsnake.catalog import comments
    comments.delete_comments(oid, PG_STATISTIC_EXT)
    delete_data(oid)
    catalog_writes.delete_rows("pg_statistic_ext", lambda r: r.oid == oid, key=("oid", oid))
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_STATISTIC_EXT
                               and r.objid == oid, key=("objid", oid))
    invalidation.note_catalog_change()


def forget_column_data(table_oid: int, attnum: int) -> None:
    """ALTER COLUMN TYPE: what was built for the objects on the column (a key, or read
    by an expression) is for the old type; PostgreSQL rebuilds those objects empty."""
    rows = rows_of_table(table_oid)
    if not rows:
        return
    on_column = {r.objid for r in cc.scan_catalog("pg_depend")
                 if r.classid == PG_STATISTIC_EXT and r.refclassid == d.PG_CLASS_OID
                 and r.refobjid == table_oid and r.refobjsubid == attnum}
    for row in rows:
        if row.oid in on_column or attnum in (row.stxkeys or ()):
            delete_data(row.oid)
    invalidation.note_catalog_change()


def store_data(oid: int, inherit: bool, ndistinct, dependencies, mcv=None,
               expressions=None) -> None:
    """statext_store: the object's data row replaced by this build (None: not built);
    `expressions`: one statistic_rows.ColumnStatistics per expression, stored as the
    pg_statistic[] stxdexpr."""
    from pgsnake.catalog import statistic_rows
    expression_data = None if expressions is None \
        else [statistic_rows.statistic_record(stats) for stats in expressions]
    delete_data(oid, inherit)
    catalog_writes.insert_row("pg_statistic_ext_data", d.row_values(
        "pg_statistic_ext_data", stxoid=oid, stxdinherit=inherit, stxdndistinct=ndistinct,
        stxddependencies=dependencies, stxdmcv=mcv, stxdexpr=expression_data))
    invalidation.note_catalog_change()


def data_row(oid: int, inherit: bool = False):
    return next((r for r in cc.scan_catalog("pg_statistic_ext_data")
                 if r.stxoid == oid and r.stxdinherit == inherit), None)
