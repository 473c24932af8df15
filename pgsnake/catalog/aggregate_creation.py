"""User-defined aggregates in pg_proc and pg_aggregate: creating, replacing and removing
their rows.

CREATE AGGREGATE writes a pg_proc row as PostgreSQL's AggregateCreate has
ProcedureCreate write it (prokind 'a', LANGUAGE internal, prosrc 'aggregate_dummy',
procost 1, immutable, not strict, the parallel marking given), then the pg_aggregate
row (the support functions as regproc OIDs, 0 where absent; the initial values as
text), and pg_depend rows: the aggregate lives in its schema and uses its argument and
result types (through function_creation.create_function), and it depends normally on
each support function and on its sort operator. Built-in objects are pinned, so no row
is written for them.

Entry points: AggregateDefinition, create_aggregate(function_definition, aggregate,
replace_oid) -> oid, aggregate_row(oid), delete_aggregate_row(oid).

PostgreSQL: catalog/pg_aggregate.c (AggregateCreate), catalog/pg_proc.c (ProcedureCreate).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, function_creation, invalidation
from pgsnake.catalog import definitions as d

PG_PROC, PG_OPERATOR = 1255, 2617


@dataclasses.dataclass
class AggregateDefinition:
    """pg_aggregate's columns for one aggregate (aggfnoid is filled in on creation)."""
    kind: str = "n"                 # n(ormal), o(rdered-set), h(ypothetical)
    direct_args: int = 0
    transfn: int = 0
    finalfn: int = 0
    combinefn: int = 0
    serialfn: int = 0
    deserialfn: int = 0
    mtransfn: int = 0
    minvtransfn: int = 0
    mfinalfn: int = 0
    finalextra: bool = False
    mfinalextra: bool = False
    finalmodify: str = "r"
    mfinalmodify: str = "r"
    sortop: int = 0
    transtype: int = 0
    transspace: int = 0
    mtranstype: int = 0
    mtransspace: int = 0
    initval: str | None = None
    minitval: str | None = None

    def support_functions(self) -> list[int]:
        return [f for f in (self.transfn, self.finalfn, self.combinefn, self.serialfn,
                            self.deserialfn, self.mtransfn, self.minvtransfn, self.mfinalfn)
                if f]


def _aggregate_values(oid: int, aggregate: AggregateDefinition) -> list:
    a = aggregate
    return d.row_values(
        "pg_aggregate", aggfnoid=oid, aggkind=a.kind, aggnumdirectargs=a.direct_args,
        aggtransfn=a.transfn, aggfinalfn=a.finalfn, aggcombinefn=a.combinefn,
        aggserialfn=a.serialfn, aggdeserialfn=a.deserialfn, aggmtransfn=a.mtransfn,
        aggminvtransfn=a.minvtransfn, aggmfinalfn=a.mfinalfn, aggfinalextra=a.finalextra,
        aggmfinalextra=a.mfinalextra, aggfinalmodify=a.finalmodify,
        aggmfinalmodify=a.mfinalmodify, aggsortop=a.sortop, aggtranstype=a.transtype,
        aggtransspace=a.transspace, aggmtranstype=a.mtranstype,
        aggmtransspace=a.mtransspace, agginitval=a.initval, aggminitval=a.minitval)


def create_aggregate(function: function_creation.FunctionDefinition,
                     aggregate: AggregateDefinition, replace_oid: int | None = None) -> int:
    """Insert (or, with replace_oid, overwrite) the aggregate's pg_proc, pg_aggregate
    and pg_depend rows. The caller has checked the definition
    (commands/aggregate_commands.py)."""
    from pgsnake.access.transam import xact
    oid = function_creation.create_function(function, replace_oid)
    if replace_oid is not None:
        delete_aggregate_row(oid)
    catalog_writes.insert_row("pg_aggregate", _aggregate_values(oid, aggregate))
    this = dependency.ObjectAddress(PG_PROC, oid)
    for support in dict.fromkeys(aggregate.support_functions()):
        dependency.record(this, dependency.ObjectAddress(PG_PROC, support), dependency.NORMAL)
    if aggregate.sortop:
        dependency.record(this, dependency.ObjectAddress(PG_OPERATOR, aggregate.sortop),
                          dependency.NORMAL)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return oid


def aggregate_row(oid: int):
    """The pg_aggregate row of aggregate `oid`, or None."""
    return _rows().get(oid)


def delete_aggregate_row(oid: int) -> None:
    """Remove an aggregate's pg_aggregate row (DROP AGGREGATE removes the pg_proc row
    through function_creation.drop_function)."""
    catalog_writes.delete_rows("pg_aggregate", lambda row: row.aggfnoid == oid)
    invalidation.note_catalog_change()


# The user aggregates' pg_aggregate rows (aggfnoid from FirstNormalObjectId up), read
# once per backend and dropped with the other caches.
_cache: dict[int, object] = {}
_loaded: list[bool] = []


def _reset() -> None:
    _cache.clear()
    _loaded.clear()


invalidation.add_cache_reset(_reset)


def _rows() -> dict[int, object]:
    if not _loaded:
        for row in cc.scan_catalog("pg_aggregate"):
            if row.aggfnoid >= d.FIRST_NORMAL_OBJECT_ID:
                _cache[row.aggfnoid] = row
        _loaded.append(True)
    return _cache
