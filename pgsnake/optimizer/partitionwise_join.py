"""Partitionwise join: with enable_partitionwise_join on, a join of two partitioned tables
partitioned alike, on an equality of their partition keys, joins each pair of matching
partitions on its own (no row of one partition can match a row of another), so the
join goes below the Append: `Append -> Hash Join (t1_1.a = t2_1.b) -> Seq Scan on
prt1_p1 t1_1 ...`, offered to the join relation beside the join of the two Appends and
kept when add_path finds it cheaper.

Entry point:
    add_paths(search, joinrel, rel1, rel2, inputs, sj, restrict) -> None
        called by join_search._make_join_rel for a join of two base relations

Rules (try_partitionwise_join, have_partkey_equi_join, partition_bounds_merge's
exact case):
1. Both relations are partitioned tables (not ONLY) planned as Appends of leaf
   partition scans (no sub-partitioned partition, no run-time pruning), no whole row of
   either is read, and their partition keys have the same strategy, column types and
   bounds: partitions pair up by equal bound.
2. Every partition key column is equated by an `=` join clause to the other table's
   key column at the same position, of one type.
3. Inner and semi joins join the partitions present on both sides (a partition plan-time
   pruning removed on one side joins nothing); LEFT / anti joins need the nullable
   side's partner of every preserved partition, FULL joins both partners, else no
   partitionwise path ("can't do partitioned join if nullable-side partitions are
   pruned").
4. Each pair is joined as the join itself is (join_paths.join_paths over the two
   partition scans, its rows the join's estimate over the partitions' rows), the
   cheapest taken among those laid out as the first pair's; the Append costs as
   cost_append does (the first child's start-up, the children's totals, half a
   cpu_tuple_cost per row).

Not done (PostgreSQL does them): joins of more than two partitioned tables (a join
relation's partitions joined again), partition bounds that differ but can be merged
(PostgreSQL 13's advanced partition matching), parameterised inner scans per partition,
sorted (Merge Append) output and partitionwise joins under a partitionwise aggregate.

PostgreSQL: optimizer/path/joinrels.c (try_partitionwise_join, have_partkey_equi_join),
optimizer/util/relnode.c (build_joinrel_partition_info), partitioning/partbounds.c
(partition_bounds_equal), optimizer/path/costsize.c (cost_append).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import cost, join_paths
from pgsnake.optimizer.plan_nodes import Append
from pgsnake.parser.expression_nodes import OpExpr, Var
from pgsnake.utils import settings


def add_paths(search, joinrel, rel1, rel2, inputs, sj, restrict) -> None:
    if not settings.get("enable_partitionwise_join") \
            or len(rel1.relids) != 1 or len(rel2.relids) != 1:
        return
    join_type = inputs.join_type
    if join_type not in ("inner", "semi", "left", "anti", "full"):
        return
    side1, side2 = _partitioned_side(search, rel1), _partitioned_side(search, rel2)
    if side1 is None or side2 is None:
        return
    (rt1, append1, key1, bounds1, all1), (rt2, append2, key2, bounds2, all2) = side1, side2
    if key1.strategy != key2.strategy or key1.type_oids != key2.type_oids \
            or key1.typmods != key2.typmods or all1 != all2 \
            or not _keys_equated(inputs.quals, rt1, key1, rt2, key2):
        return
    pairs = _pairs(bounds1, bounds2, join_type)
    if not pairs:
        return
    joins, layout = [], None
    for i, j in pairs:
        child1, child2 = append1.subplans[i], append2.subplans[j]
        if len(pairs) == 1 and search.hooks.alias_of is not None:
            # one pair: PostgreSQL's plan shows the join alone, its partitions under
            # their tables' aliases (the parent is not in the plan)
            child1 = _renamed(child1, rt1, search.hooks.alias_of(rt1))
            child2 = _renamed(child2, rt2, search.hooks.alias_of(rt2))
        best = _pair_join(search, inputs, rel1, rel2, child1, child2, sj, restrict, layout)
        if best is None:
            return
        layout = best.output_keys
        _name_partitions(best, {rt1: child1.alias, rt2: child2.alias}, (child1, child2))
        joins.append(best)
    node = Append(subplans=joins)
    node.partitionwise = True          # (EXPLAIN VERBOSE lists each child's columns)
    rows = sum(j.plan_rows for j in joins)
    node.startup_cost = joins[0].startup_cost
    node.total_cost = sum(j.total_cost for j in joins) + cost.CPU_TUPLE_COST * 0.5 * rows
    if len(joins) == 1:
        # an Append of one child is no node of PostgreSQL's plan (setrefs removes it)
        node.single_child = True
        node.total_cost = joins[0].total_cost
    node.plan_rows = cost.clamp_rows(rows)
    node.plan_width = joins[0].plan_width
    node.output_keys = list(layout)
    join_paths.add_path(joinrel.paths, node)


def _name_partitions(plan, names: dict, scans) -> None:
    """The pair's join and the nodes between it and the two partition scans print the
    partitions' names for the tables' columns (t1_1.a, as PostgreSQL's child relations);
    the scans name themselves already (inheritance.py)."""
    stack = [plan]
    while stack:
        node = stack.pop()
        if node is None or any(node is scan for scan in scans):
            continue
        node.var_names_override = dict(names)
        stack.extend(node.children())


def _renamed(scan, rtindex: int, alias: str):
    """A copy of a partition's scan shown under `alias` (the scan itself stays in the
    table's Append under its own name)."""
    shown = copy.copy(scan)
    shown.alias = alias
    if scan.__dict__.get("var_names_override") is not None:
        shown.var_names_override = {rtindex: alias}
    return shown


def _partitioned_side(search, rel):
    """(rtindex, the Append of its partition scans, partition key, each scan's bound,
    every partition's bound) for a base relation rule 1 allows, else None."""
    from pgsnake.catalog import catalog_cache
    from pgsnake.catalog import partition_bounds as pb
    (rtindex,) = rel.relids
    append = next((p for p in rel.paths if isinstance(p, Append)
                   and not getattr(p, "partitionwise", False)), None)
    if append is None or not append.subplans or getattr(append, "run_time_pruning", None):
        return None
    if any(getattr(s, "rtindex", None) != rtindex or not s.__dict__.get("inherited_child")
           or getattr(s, "relation", None) is None for s in append.subplans):
        return None
    if rtindex in search.hooks.whole_row_relids:
        return None
    parent = catalog_cache.class_row(append.subplans[0].relation.oid)
    parents = pb.parents(append.subplans[0].relation.oid)
    if parent is None or len(parents) != 1:
        return None
    key = pb.partition_key(parents[0])
    if key is None or any(attnum == 0 for attnum in key.attnums):
        return None
    bounds = []
    for scan in append.subplans:
        oid = scan.relation.oid
        if catalog_cache.class_row(oid).relkind == "p" or pb.parents(oid) != parents:
            return None
        bounds.append(pb.partition_bound(oid, key))
    # The partitions pruning left pair up by bound; the whole tables' bounds must be
    # equal (a default partition holds what the others do not: the same rows only when
    # the other bounds are the same), partition_bounds_equal.
    every = pb.partition_descriptor(parents[0], key)
    return rtindex, append, key, bounds, sorted(repr(b) for b in every.bounds)


def _keys_equated(quals, rt1, key1, rt2, key2) -> bool:
    pairs = set()
    for qual in quals:
        if not isinstance(qual, OpExpr) or qual.operator_name != "=" or len(qual.args) != 2:
            continue
        a, b = qual.args
        if not (isinstance(a, Var) and isinstance(b, Var)) or a.type_oid != b.type_oid \
                or a.levels_up or b.levels_up:
            continue
        if a.rtindex == rt2 and b.rtindex == rt1:
            a, b = b, a
        if a.rtindex == rt1 and b.rtindex == rt2:
            pairs.add((a.attnum, b.attnum))
    return all((k1, k2) in pairs for k1, k2 in zip(key1.attnums, key2.attnums))


def _pairs(bounds1, bounds2, join_type):
    """(index on side 1, index on side 2) of the partitions that join (rule 3)."""
    if any(b is None for b in bounds1 + bounds2):
        return None
    position2 = {}
    for j, bound in enumerate(bounds2):
        position2.setdefault(repr(bound), j)
    out, matched2 = [], set()
    for i, bound in enumerate(bounds1):
        j = position2.get(repr(bound))
        if j is None:
            if join_type in ("left", "anti", "full"):
                return None          # a preserved partition without its nullable partner
            continue
        out.append((i, j))
        matched2.add(j)
    if join_type == "full" and len(matched2) != len(bounds2):
        return None
    return out


def _pair_join(search, inputs, rel1, rel2, child1, child2, sj, restrict, layout):
    """The cheapest join of two partitions' scans laid out as `layout` (None: any)."""
    from pgsnake.optimizer.join_search import RelOptInfo
    part1 = RelOptInfo(rel1.relids, child1.plan_rows, [child1])
    part2 = RelOptInfo(rel2.relids, child2.plan_rows, [child2])
    rows = search._join_size(part1, part2, sj, restrict)
    pair_inputs = dataclasses.replace(inputs, left_paths=[child1], right_paths=[child2],
                                      rows=rows, param_inner=((), ()))
    best = None
    for plan in join_paths.join_paths(pair_inputs, search.hooks.bucket_fraction):
        if layout is not None and plan.output_keys != layout:
            continue
        if best is None or plan.total_cost < best.total_cost:
            best = plan
    return best


__all__ = ["add_paths"]
