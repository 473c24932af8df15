"""Partitionwise join: with enable_partitionwise_join on, a join of partitioned relations
partitioned alike, on an equality of their partition keys, joins each pair of matching
partitions on its own (no row of one partition can match a row of another), so the
join goes below the Append: `Append -> Hash Join (t1_1.a = t2_1.b) -> Seq Scan on
prt1_p1 t1_1 ...`, offered to the join relation beside the join of the two Appends and
kept when add_path finds it cheaper. A join relation joined so is partitioned too (its
partitions are the pairs' child join relations, its keys both sides' key columns), so
a third table partitioned alike joins each child join relation with its partition:
`Append -> Hash Join -> Hash Join (t1_1, t2_1) ... Seq Scan on prt1_p1 t3_1`.

Entry point:
    add_paths(search, joinrel, rel1, rel2, inputs, sj, restrict) -> None
        called by join_search._make_join_rel for every join it builds

Rules (try_partitionwise_join, build_joinrel_partition_info, have_partkey_equi_join,
set_joinrel_partition_key_exprs, partition_bounds_merge's exact case):
1. A base relation is partitioned when it is a partitioned table (not ONLY) planned as
   an Append of leaf partition scans (no sub-partitioned partition, no run-time
   pruning) whose whole row is not read; its key expressions are its key columns and
   expressions (pg_partitioned_table's text analysed again, matched to join clauses'
   sides as predicate_implication.same_expression compares them).
2. A join relation is partitioned when the first pair of inputs it is built from are
   partitioned alike (same strategy, key types and bounds: partitions pair up by equal
   bound) and every key position is equated by an `=` join clause between one side's
   key expression and the other's at that position (a nullable side's expressions
   count: `=` is strict). Its key expressions: an inner join's both sides', a semi /
   anti join's outer side's, a LEFT join's outer side's (the inner's nullable), a FULL
   join's COALESCE(outer, inner) of each pair (both sides' nullable). Later pairs
   building the same relation join partitionwise only when they qualify alike.
3. Inner and semi joins join the partitions present on both sides (a partition plan-time
   pruning removed on one side joins nothing); LEFT / anti joins need the nullable
   side's partner of every preserved partition, FULL joins both partners, else no
   partitionwise path ("can't do partitioned join if nullable-side partitions are
   pruned").
4. Each pair is joined as the join itself is (join_paths.join_paths over the two
   partitions' paths, a partition as inner side also through its parameterised index
   paths, param_append.partition_paths; a semi join's RHS also made unique,
   join_search's unique_ified_plans), its paths kept on the pair's child join relation (pruned by
   add_path, gathered over every pair of inputs that builds the relation; its rows
   estimated once, from the first pair). The Append takes each child's cheapest path
   (when those are laid out differently, its cheapest of the output layout cheapest
   over all children: an Append's children are laid out alike), costed as
   cost_append does (the first child's start-up, the children's totals, half a
   cpu_tuple_cost per row).

Not done (PostgreSQL does them): partition bounds that differ but can be merged
(PostgreSQL 13's advanced partition matching), sorted (Merge Append) output and partitionwise
joins under a partitionwise aggregate.

PostgreSQL: optimizer/path/joinrels.c (try_partitionwise_join, have_partkey_equi_join),
optimizer/util/relnode.c (build_joinrel_partition_info, set_joinrel_partition_key_exprs,
build_child_join_rel), partitioning/partbounds.c (partition_bounds_equal),
optimizer/path/costsize.c (cost_append).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import cost, join_paths
from pgsnake.optimizer.plan_nodes import Append
from pgsnake.optimizer.predicate_implication import same_expression
from pgsnake.parser.expression_nodes import CoalesceExpr, OpExpr, Var
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError


@dataclasses.dataclass(eq=False)
class Partitioning:
    """How a relation is partitioned (PostgreSQL: RelOptInfo's part_scheme, boundinfo,
    part_rels, partexprs and nullable_partexprs). Per present partition: its bound's
    text, its relation (a partition's scan, or a child join relation's paths), the
    partition names its tables print under and the ids of its base partition scans."""
    scheme: tuple                 # (strategy, key types, key typmods, every bound)
    bounds: list
    parts: list
    names: list
    scans: list
    exprs: list                   # per key position: key expressions never NULL-extended
    nullable: list                # per key position: key expressions an outer join nulls


def add_paths(search, joinrel, rel1, rel2, inputs, sj, restrict) -> None:
    if not settings.get("enable_partitionwise_join") or joinrel.partitioning is False:
        return
    join_type = inputs.join_type
    part1, part2 = _partitioning(search, rel1), _partitioning(search, rel2)
    pairs = None
    if join_type in ("inner", "semi", "left", "anti", "full") and part1 and part2 \
            and part1.scheme == part2.scheme and _keys_equated(inputs.quals, part1, part2):
        pairs = _pairs(part1.bounds, part2.bounds, join_type)
    if joinrel.partitioning is None:
        # the first pair of inputs decides (build_joinrel_partition_info)
        if not pairs:
            joinrel.partitioning = False
            return
        joinrel.partitioning = _join_partitioning(search, joinrel, part1, part2, pairs,
                                                  join_type, sj, restrict)
    target = joinrel.partitioning
    if not pairs or [part1.bounds[i] for i, _ in pairs] != target.bounds:
        return
    single = len(pairs) == 1 and len(rel1.relids) == 1 and len(rel2.relids) == 1 \
        and search.hooks.alias_of is not None
    for k, (i, j) in enumerate(pairs):
        child1, child2 = part1.parts[i], part2.parts[j]
        names = {**part1.names[i], **part2.names[j]}
        if single:
            # one pair: PostgreSQL's plan shows the join alone, its partitions under
            # their tables' aliases (the parent is not in the plan)
            child1, child2, names = _renamed_pair(search, rel1, rel2, child1, child2)
        _pair_join(search, inputs, child1, child2, target.parts[k], names, sj, restrict)
    _add_append(joinrel, target)


def _partitioning(search, rel):
    """A relation's Partitioning, or False (a base relation's worked out once)."""
    if rel.partitioning is None and len(rel.relids) == 1:
        rel.partitioning = _base_partitioning(search, rel) or False
    return rel.partitioning or None


def _base_partitioning(search, rel):
    """Rule 1: a partitioned base relation's Partitioning, else None."""
    from pgsnake.catalog import catalog_cache
    from pgsnake.catalog import partition_bounds as pb
    from pgsnake.optimizer.join_search import RelOptInfo
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
    if key is None:
        return None
    columns = _key_expressions(key, rtindex)
    if columns is None:
        return None
    bounds = []
    for scan in append.subplans:
        oid = scan.relation.oid
        if catalog_cache.class_row(oid).relkind == "p" or pb.parents(oid) != parents:
            return None
        bound = pb.partition_bound(oid, key)
        if bound is None:
            return None
        bounds.append(repr(bound))
    # The partitions pruning left pair up by bound; the whole tables' bounds must be
    # equal (a default partition holds what the others do not: the same rows only when
    # the other bounds are the same), partition_bounds_equal.
    every = pb.partition_descriptor(parents[0], key)
    scheme = (key.strategy, key.type_oids, key.typmods,
              tuple(sorted(repr(b) for b in every.bounds)))
    return Partitioning(
        scheme, bounds, [RelOptInfo(rel.relids, s.plan_rows, [s]) for s in append.subplans],
        [{rtindex: s.alias} for s in append.subplans],
        [frozenset({id(s)}) for s in append.subplans],
        columns, [[] for _ in columns])


def _key_expressions(key, rtindex: int):
    """Per key position [its column or expression] over `rtindex`, None when an
    expression no longer analyses (RelationGetPartitionKey's partexprs, folded as the
    query's are)."""
    from pgsnake.optimizer.const_fold import eval_const_expressions
    from pgsnake.optimizer.index_expression_paths import at_rtindex
    from pgsnake.rewrite.stored_expressions import analysed
    out = []
    for attnum, type_oid, typmod, text in zip(key.attnums, key.type_oids, key.typmods,
                                              key.expressions):
        if attnum:
            out.append([Var(rtindex, attnum, type_oid, typmod)])
            continue
        try:
            expr = eval_const_expressions(analysed(text, key.relid))
        except PgError:
            return None
        out.append([at_rtindex(expr, rtindex)])
    return out


def _keys_equated(quals, part1, part2) -> bool:
    """Rule 2: each key position has an `=` clause between the two sides' keys there
    (have_partkey_equi_join, match_expr_to_partition_keys)."""
    for k in range(len(part1.exprs)):
        keys1 = part1.exprs[k] + part1.nullable[k]
        keys2 = part2.exprs[k] + part2.nullable[k]
        if not any(_equates(qual, keys1, keys2) for qual in quals):
            return False
    return True


def _equates(qual, keys1, keys2) -> bool:
    if not isinstance(qual, OpExpr) or qual.operator_name != "=" or len(qual.args) != 2:
        return False
    a, b = qual.args
    if getattr(a, "type_oid", None) != getattr(b, "type_oid", None):
        return False
    return (_member(a, keys1) and _member(b, keys2)) or (_member(b, keys1) and _member(a, keys2))


def _member(expr, keys) -> bool:
    return any(same_expression(expr, key) for key in keys)


def _pairs(bounds1, bounds2, join_type):
    """Rule 3: (index on side 1, index on side 2) of the partitions that join."""
    position2 = {}
    for j, bound in enumerate(bounds2):
        position2.setdefault(bound, j)
    out, matched2 = [], set()
    for i, bound in enumerate(bounds1):
        j = position2.get(bound)
        if j is None:
            if join_type in ("left", "anti", "full"):
                return None          # a preserved partition without its nullable partner
            continue
        out.append((i, j))
        matched2.add(j)
    if join_type == "full" and len(matched2) != len(bounds2):
        return None
    return out


def _join_partitioning(search, joinrel, part1, part2, pairs, join_type, sj, restrict):
    """Rule 2's key expressions of the join and its child join relations (sized from
    this first pair's partitions, set_joinrel_size_estimates)."""
    from pgsnake.optimizer.join_search import RelOptInfo
    exprs, nullable = [], []
    for k in range(len(part1.exprs)):
        outer1, null1 = part1.exprs[k], part1.nullable[k]
        outer2, null2 = part2.exprs[k], part2.nullable[k]
        if join_type == "inner":
            exprs.append(outer1 + outer2)
            nullable.append(null1 + null2)
        elif join_type in ("semi", "anti"):
            exprs.append(list(outer1))
            nullable.append(list(null1))
        elif join_type == "left":
            exprs.append(list(outer1))
            nullable.append(null1 + outer2 + null2)
        else:
            # FULL: no side's key survives alone, but COALESCE of the two does
            exprs.append([CoalesceExpr((a, b), a.type_oid)
                          for a in outer1 + null1 for b in outer2 + null2])
            nullable.append(outer1 + null1 + outer2 + null2)
    parts = []
    for i, j in pairs:
        child1, child2 = part1.parts[i], part2.parts[j]
        parts.append(RelOptInfo(joinrel.relids,
                                search._join_size(child1, child2, sj, restrict), []))
    return Partitioning(part1.scheme, [part1.bounds[i] for i, _ in pairs], parts,
                        [{**part1.names[i], **part2.names[j]} for i, j in pairs],
                        [part1.scans[i] | part2.scans[j] for i, j in pairs],
                        exprs, nullable)


def _renamed_pair(search, rel1, rel2, child1, child2):
    """Two base partitions' relations whose scans are shown under their tables'
    aliases, and those names."""
    from pgsnake.optimizer.join_search import RelOptInfo
    (rt1,), (rt2,) = rel1.relids, rel2.relids
    names = {rt1: search.hooks.alias_of(rt1), rt2: search.hooks.alias_of(rt2)}
    shown1 = [_renamed(p, rt1, names[rt1]) for p in child1.paths]
    shown2 = [_renamed(p, rt2, names[rt2]) for p in child2.paths]
    return (RelOptInfo(child1.relids, child1.rows, shown1),
            RelOptInfo(child2.relids, child2.rows, shown2), names)


def _renamed(scan, rtindex: int, alias: str):
    """A copy of a partition's scan shown under `alias` (the scan itself stays in the
    table's Append under its own name)."""
    shown = copy.copy(scan)
    shown.alias = alias
    if scan.__dict__.get("var_names_override") is not None:
        shown.var_names_override = {rtindex: alias}
    return shown


def _pair_join(search, inputs, child1, child2, childrel, names, sj, restrict) -> None:
    """Rule 4: the pair's join paths added to its child join relation."""
    for child in (child1, child2):
        if child.cheapest is None:
            child.set_cheapest()
    param_inner = ((), ())
    if search.hooks.param_scans is not None:
        # a partition as the inner side, read through its index per outer row
        param_inner = (search._param_scans(child2, child1, inputs.quals),
                       search._param_scans(child1, child2, inputs.quals))
    pair_inputs = dataclasses.replace(inputs, left_paths=child1.paths,
                                      right_paths=child2.paths, rows=childrel.rows,
                                      param_inner=param_inner, prune_each_order=True)
    below = {id(p) for p in child1.paths} | {id(p) for p in child2.paths}
    plans = list(join_paths.join_paths(pair_inputs, search.hooks.bucket_fraction))
    if inputs.join_type == "semi":
        # the pair's RHS partition made unique and inner-joined, either way round
        plans += search.unique_ified_plans(child1, child2, sj, restrict, pair_inputs)
    # (add_path keeps the cheapest of every output layout too: the Append needs its
    # children laid out alike, and a pair's cheapest may be the other way round)
    cheapest = childrel.__dict__.setdefault("cheapest_by_layout", {})
    for plan in plans:
        _name_partitions(plan, names, below)
        join_paths.add_path(childrel.paths, plan)
        layout = repr(plan.output_keys)
        if layout not in cheapest or plan.total_cost < cheapest[layout].total_cost:
            cheapest[layout] = plan


def _name_partitions(plan, names: dict, below: set) -> None:
    """The pair's join and the nodes between it and its two inputs print the
    partitions' names for the tables' columns (t1_1.a, as PostgreSQL's child
    relations); the inputs are named already (the scans by inheritance.py)."""
    stack = [plan]
    while stack:
        node = stack.pop()
        if node is None or id(node) in below:
            continue
        node.var_names_override = dict(names)
        stack.extend(node.children())


def _add_append(joinrel, target) -> None:
    """Rule 4's Append over each child join relation's cheapest path (of the cheapest
    common output layout when those are laid out differently)."""
    if not all(child.paths for child in target.parts):
        return
    joins = [join_paths.cheapest_total(child.paths) for child in target.parts]
    if len({repr(j.output_keys) for j in joins}) > 1:
        # the pairs' cheapest are laid out differently: the cheapest common layout
        by_layout = [child.__dict__.get("cheapest_by_layout", {}) for child in target.parts]
        common = set(by_layout[0])
        for cheapest in by_layout[1:]:
            common &= set(cheapest)
        if not common:
            return
        layout = min(common, key=lambda lay: sum(c[lay].total_cost for c in by_layout))
        joins = [cheapest[layout] for cheapest in by_layout]
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
    node.output_keys = list(joins[0].output_keys)
    join_paths.add_path(joinrel.paths, node)


__all__ = ["Partitioning", "add_paths"]
