"""INSERT ... ON CONFLICT into a partitioned table: the conflict handling of
on_conflict.py run on the leaf partition each row is routed to.

The statement's arbiters are the partitioned table's (partitioned) unique indexes; each
leaf gets its own ConflictHandler whose arbiters are the leaf's indexes attached to
them (the leaf index whose chain of parent indexes in pg_inherits reaches an arbiter).
DO NOTHING without a conflict target checks every unique index of the leaf, as
PostgreSQL does with an empty arbiter list. DO UPDATE may not move the row: when the
new version no longer satisfies the leaf's partition bound the statement fails with
0A000 "invalid ON UPDATE specification" (PostgreSQL refuses a cross-partition update
from ON CONFLICT). The UPDATE's BEFORE and AFTER ROW triggers are the leaf's.

A leaf laid out unlike its root (columns in another order, dropped ones) gets rows in
its own layout; its handler maps them to the root's layout for SET and WHERE, which are
analysed over the root.

Entry point: PartitionConflicts(plan, estate, router, check_not_null)
    .for_leaf(target) -> ConflictHandler for that leaf (partition_routing.Target)
    .update_triggers_for(target) -> the leaf's UPDATE TableTriggers

PostgreSQL: executor/execPartition.c (ExecInitPartitionInfo: arbiter index mapping,
onConflictSet per partition), executor/nodeModifyTable.c (ExecUpdateAct's "invalid ON
UPDATE specification").
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache
from pgsnake.catalog import partition_bounds as pb
from pgsnake.executor.on_conflict import ConflictHandler
from pgsnake.executor.triggers import TableTriggers
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


@dataclasses.dataclass
class _LeafPlan:
    """What ConflictHandler reads off the ModifyTable plan, for one leaf."""
    relation: object
    rtindex: int
    on_conflict: object
    column_map: tuple | None = None     # the root's columns' positions in the leaf's row
    layout_relation: object = None      # the root: SET / WHERE are over its layout


def _ancestor_indexes(index_oid: int) -> set[int]:
    found, current = set(), [index_oid]
    while current:
        oid = current.pop()
        for parent in pb.parents(oid):
            if parent not in found:
                found.add(parent)
                current.append(parent)
    return found


def leaf_arbiters(spec, leaf) -> list[int]:
    """The leaf's indexes standing for the statement's arbiters."""
    unique = []
    for oid in catalog_cache.index_oids_of(leaf.oid):
        row = catalog_cache.index_row(oid)
        if row is not None and row.indisunique and row.indisvalid:
            unique.append(oid)
    if not spec.explicit_arbiters:
        return unique
    wanted = set(spec.arbiters)
    mapped = [oid for oid in unique if oid in wanted or _ancestor_indexes(oid) & wanted]
    if len(mapped) < len(wanted):
        raise PgError("XX000", "invalid arbiter index list")
    return mapped


class PartitionConflicts:
    def __init__(self, plan, estate, router, check_not_null) -> None:
        self.plan = plan
        self.estate = estate
        self.router = router
        self.check_not_null = check_not_null
        self._handlers: dict = {}
        self._update_triggers: dict = {}

    def update_triggers_for(self, target) -> TableTriggers:
        oid = target.relation.oid
        found = self._update_triggers.get(oid)
        if found is None:
            found = self._update_triggers[oid] = TableTriggers(
                target.relation, "UPDATE", self.estate,
                list(self.plan.on_conflict.assignments))
        return found

    def for_leaf(self, target) -> ConflictHandler:
        oid = target.relation.oid
        handler = self._handlers.get(oid)
        if handler is None:
            spec = dataclasses.replace(self.plan.on_conflict,
                                       arbiters=leaf_arbiters(self.plan.on_conflict,
                                                              target.relation))
            leaf_plan = _LeafPlan(target.relation, self.plan.rtindex, spec,
                                  target.column_map, self.plan.relation)
            handler = ConflictHandler(leaf_plan, self.estate, target.indexes, target.checks,
                                      self.check_not_null)
            if spec.action == "update":
                triggers = self.update_triggers_for(target)
                if triggers.before_row_triggers:
                    handler.before_update = triggers.before_row
                stays_in = self._stays_in(oid)
                handler.check_new_row = stays_in if target.column_map is None else \
                    (lambda values, stays_in=stays_in: stays_in(target.to_parent(values)))
            self._handlers[oid] = handler
        return handler

    def _stays_in(self, leaf_oid: int):
        def check(values) -> None:
            try:
                stays = self.router.leaf_oid(values) == leaf_oid
            except PgError:              # no partition at all takes the new row
                stays = False
            if not stays:
                raise PgError(FEATURE_NOT_SUPPORTED, "invalid ON UPDATE specification",
                              detail="The result tuple would appear in a different "
                                     "partition than the original tuple.")
        return check
