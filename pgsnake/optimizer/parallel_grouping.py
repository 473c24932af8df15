"""Parallel GROUP BY: Partial HashAggregate / GroupAggregate in every participant of a
Gather (Merge), Finalize HashAggregate / GroupAggregate above it, when cheaper than the
serial grouping (PostgreSQL's partially grouped relation, second step of parallel
query).

Entry point: `consider_partial_grouping(planner, agg)`, called by the planner with the
level's grouped Aggregate (hashed or sorted, as it chose): it, or the cheapest of
    A  Finalize HashAggregate -> Gather -> Partial HashAggregate -> partial input
    B  Finalize GroupAggregate -> Gather Merge -> Sort -> Partial HashAggregate -> ...
    C  Finalize GroupAggregate -> Gather Merge -> Partial GroupAggregate -> Sort -> ...
    D  Finalize HashAggregate -> Gather -> Partial GroupAggregate -> Sort -> ...
    E  GroupAggregate -> Gather Merge -> Sort -> partial input
    F  HashAggregate -> Gather -> partial input
by add_path's rules (parallel_paths._choose). The partial input is the level's partial
join (parallel_joins.py, planner.partial_from) or the cheapest partial scan of its one
table (parallel_paths.partial_of: a Parallel Seq / Index / Bitmap Heap Scan, or a
Parallel Append of a table with children).

When: the level allows parallel plans (parallel_paths._level_allows / parallel_joins),
has GROUP BY without grouping sets, DISTINCT or windows, an ORDER BY only of a prefix of
the group keys ascending (a plan not sorted by them then pays the Sort above it), no functionally
dependent columns, and every aggregate has a partial form (parallel_paths._state_type).

Costs (cost_agg with AGGSPLIT_INITIAL_SERIAL / FINAL_DESERIAL, create_partial_grouping_paths,
gather_grouping_paths): the partial groups are estimate_num_groups over the partial
input's rows; the Gather (Merge) returns them times the worker count; the partial node
charges transition functions per input row and serialization per group, the finalize
node combine and deserialization functions per input row and final functions per group;
the Gather Merge is cost_gather_merge (parallel_paths.gather_merge_costs).

PostgreSQL: optimizer/plan/planner.c (create_partial_grouping_paths,
gather_grouping_paths, add_paths_to_grouping_rel), costsize.c (cost_agg).
"""
from __future__ import annotations

import dataclasses
import types

from pgsnake.optimizer import cost, join_paths, parallel_paths
from pgsnake.optimizer.parallel_paths import (FinalizeAggregate, Gather, GatherMerge,
                                              PartialAggregate)
from pgsnake.optimizer.plan_nodes import (Append, BitmapHeapScan, IndexScan, SeqScan, Sort,
                                          SortKey)
from pgsnake.parser.expression_nodes import ColumnReference, Const, Var, conjuncts
from pgsnake.utils import settings


def _partial_input(planner, agg):
    """(the level's partial input, its workers, the rows of the whole input) or None."""
    partial = getattr(planner, "partial_from", None)
    if partial is not None:
        return partial, partial.parallel_workers, agg.child.plan_rows
    scans = [p for p in getattr(planner, "from_paths", [])
             if type(p) in (SeqScan, IndexScan, BitmapHeapScan, Append)]
    if not scans or planner.from_top_quals:
        return None
    scan = scans[0]
    rtindex = parallel_paths.scanned_rtindex(scan)
    if rtindex is None:
        return None
    rte = planner.query.range_table[rtindex - 1]
    if rte.kind != "relation" or not parallel_paths._level_allows(
            planner, rtindex, rte, aggregated=True, grouped=True, sorted_=True):
        return None
    # the table's cheapest partial scan (a Parallel Seq / Index / Bitmap Heap Scan, or
    # a Parallel Append of a table with children)
    found = parallel_paths.partial_of(planner, scan)
    if found is None or not all(parallel_paths.expression_is_safe(q) for q in found[1]):
        return None
    (partial, workers), _quals = found
    return partial, workers, scan.plan_rows


def consider_partial_grouping(planner, agg):
    """`agg`, or a partial grouping plan when allowed and cheaper (module docstring)."""
    query = planner.query
    if not agg.group_exprs or agg.dependent_exprs or query.grouping_sets is not None \
            or query.distinct or query.distinct_on \
            or query.has_window_functions or agg.strategy not in ("hashed", "sorted"):
        return agg
    if query.sort_clause and not _order_by_is_group_order(planner, agg):
        return agg
    states = [parallel_paths._state_type(a) for a in agg.aggregates]
    splittable = None not in states        # else only the serial grouping over a Gather
    if not splittable:
        states = [(0, False, False)] * len(agg.aggregates)
    found = _partial_input(planner, agg)
    if found is None:
        return agg
    partial_input, workers, whole_rows = found
    if not all(parallel_paths.expression_is_safe(g) for g in agg.group_exprs) or \
            not all(parallel_paths.expression_is_safe(a, True) for a in agg.aggregates) or \
            not all(parallel_paths.expression_is_safe(t.expr, True) for t in query.target_list) or \
            not all(parallel_paths.expression_is_safe(q, True) for q in agg.qual) or \
            not all(parallel_paths.expression_is_safe(q) for q in conjuncts(query.where)):
        return agg
    # grouping keys that are expressions are computed by the partial input
    # (make_group_input_target), as target_costs.charge_grouping_input does serially
    startup, per_row = cost.target_cost([g for g in agg.group_exprs if not isinstance(g, Var)])
    if startup or per_row:
        partial_input = dataclasses.replace(partial_input)
        partial_input.parallel_workers = workers
        partial_input.startup_cost += startup
        partial_input.total_cost += startup + per_row * partial_input.plan_rows
    shared = parallel_paths.transition_costs(agg.aggregates, states)
    partial_cost, internal, combine_per_row, finals = shared
    group = list(agg.group_exprs)
    n_keys = len(group)
    rows_in = partial_input.plan_rows
    partial_groups = planner._estimate_groups(group, rows_in)
    groups = planner._estimate_groups(group, agg.child.plan_rows)
    having = cost.qual_cost_per_row(agg.qual)
    width = sum(planner._expression_width(g) for g in group) + \
        sum(cost.column_width(t) for t, _, _ in states if t)
    key_sort = [SortKey(i, False, False, g) for i, g in enumerate(group)]
    serialize = cost.CPU_OPERATOR_COST * internal            # per partial group
    # create_agg_path: the grouping target's expressions once more per output row
    key_per_group = per_row

    def partial_hashed():
        node = PartialAggregate(child=partial_input, aggregates=list(agg.aggregates),
                                group_exprs=group, strategy="hashed")
        node.startup_cost, node.total_cost = cost.cost_hash_agg(
            partial_input.total_cost, rows_in, partial_cost, n_keys, partial_groups, 0.0)
        node.total_cost += (serialize + key_per_group) * partial_groups
        return _finish_partial(node)

    def partial_sorted():
        ordered = join_paths.make_sort(partial_input, group)
        node = PartialAggregate(child=ordered, aggregates=list(agg.aggregates),
                                group_exprs=group, strategy="sorted")
        node.startup_cost, node.total_cost = cost.cost_group_agg(
            ordered.startup_cost, ordered.total_cost, rows_in, partial_cost, n_keys,
            partial_groups, 0.0)
        node.total_cost += (serialize + key_per_group) * partial_groups
        return _finish_partial(node)

    def _finish_partial(node):
        node.plan_rows, node.plan_width = partial_groups, width
        node.output_keys = [("partial", i) for i in range(n_keys + len(states))]
        return node

    def gathered(node):
        gather = Gather(child=node, num_workers=workers)
        gather.plan_rows = partial_groups * workers
        setup = float(settings.get("parallel_setup_cost"))
        gather.startup_cost = node.startup_cost + setup
        gather.total_cost = node.total_cost + setup + \
            float(settings.get("parallel_tuple_cost")) * gather.plan_rows
        gather.plan_width, gather.output_keys = node.plan_width, node.output_keys
        return gather

    def merged(node):
        merge = GatherMerge(child=node, num_workers=workers, keys=list(key_sort))
        merge.plan_rows = partial_groups * workers
        merge.startup_cost, merge.total_cost = parallel_paths.gather_merge_costs(
            node, merge.plan_rows, workers)
        merge.plan_width, merge.output_keys = node.plan_width, node.output_keys
        return merge

    def sort_partial(node):
        ordered = Sort(child=node, keys=list(key_sort))
        ordered.startup_cost, ordered.total_cost = cost.cost_sort(
            node.startup_cost, node.total_cost, node.plan_rows, node.plan_width)
        ordered.plan_rows, ordered.plan_width = node.plan_rows, node.plan_width
        ordered.output_keys = node.output_keys
        return ordered

    def finalize(below, strategy):
        shown = [g if isinstance(g, (Var, Const)) else
                 ColumnReference(i, g.type_oid, g, in_parens=True) for i, g in enumerate(group)]
        node = FinalizeAggregate(child=below, aggregates=list(agg.aggregates),
                                 group_exprs=shown, strategy=strategy)
        if strategy == "hashed":
            node.startup_cost, node.total_cost = cost.cost_hash_agg(
                below.total_cost, below.plan_rows, combine_per_row, n_keys, groups, having)
        else:
            node.startup_cost, node.total_cost = cost.cost_group_agg(
                below.startup_cost, below.total_cost, below.plan_rows, combine_per_row,
                n_keys, groups, having)
        node.total_cost += (finals + key_per_group) * groups
        node.plan_rows, node.plan_width = agg.plan_rows, agg.plan_width
        node.output_keys, node.qual = agg.output_keys, agg.qual
        return node

    def over_whole(strategy):
        """The serial grouping over a Gather (Merge) of the partial input's rows."""
        agg_cost = cost.aggregate_input_cost(agg.aggregates)
        if strategy == "hashed":
            below = Gather(child=partial_input, num_workers=workers)
            setup = float(settings.get("parallel_setup_cost"))
            below.startup_cost = partial_input.startup_cost + setup
            below.total_cost = partial_input.total_cost + setup + \
                float(settings.get("parallel_tuple_cost")) * whole_rows
        else:
            ordered = join_paths.make_sort(partial_input, group)
            below = GatherMerge(child=ordered, num_workers=workers, keys=list(ordered.keys))
            below.startup_cost, below.total_cost = parallel_paths.gather_merge_costs(
                ordered, whole_rows, workers)
            below.pathkeys = ordered.pathkeys
        below.plan_rows, below.plan_width = whole_rows, partial_input.plan_width
        below.output_keys = partial_input.output_keys
        node = dataclasses.replace(agg, child=below, strategy=strategy)
        if strategy == "hashed":
            node.startup_cost, node.total_cost = cost.cost_hash_agg(
                below.total_cost, whole_rows, agg_cost, n_keys, groups, having)
        else:
            node.startup_cost, node.total_cost = cost.cost_group_agg(
                below.startup_cost, below.total_cost, whole_rows, agg_cost, n_keys,
                groups, having)
        return node

    # (DISTINCT or ordered aggregates rule hashing out: numOrderedAggs)
    hashing = settings.get("enable_hashagg") and \
        not any(a.distinct or a.order_by for a in agg.aggregates)
    candidates = [agg, over_whole("sorted")] + ([over_whole("hashed")] if hashing else [])
    if splittable:
        if hashing:
            candidates.append(finalize(gathered(partial_hashed()), "hashed"))
            candidates.append(finalize(merged(sort_partial(partial_hashed())), "sorted"))
        candidates.append(finalize(merged(partial_sorted()), "sorted"))
        if hashing:
            candidates.append(finalize(gathered(partial_sorted()), "hashed"))
    group_order = [frozenset({join_paths._key(g)}) for g in group]
    if query.sort_clause:
        chosen = _choose_ordered(candidates, group_order, len(query.sort_clause))
        if chosen is not agg:
            planner.presorted = chosen.strategy == "sorted"
        return chosen
    chosen = _choose(candidates, group_order)
    if chosen is not agg:
        planner.presorted = False
    return chosen


def _order_by_is_group_order(planner, agg) -> bool:
    """ORDER BY a prefix of the GROUP BY keys (columns), ascending with NULLs last: the order a
    Finalize GroupAggregate over a Gather Merge delivers (else the serial plan stays)."""
    ordered = planner._order_by_follows_group(list(agg.group_exprs))
    # (group keys that are expressions: the GroupAggregate over a Gather Merge of
    # sorted rows does not yet find the computed key, so the serial plan stays)
    return ordered is not None and not any(d or nf for d, nf in ordered) \
        and all(isinstance(g, Var) for g in agg.group_exprs)


def _choose(candidates, group_order):
    """add_path over the grouped plans, a GroupAggregate's output sorted by the group
    key (so of two fuzzily equal costs the sorted one stays, as PostgreSQL keeps it),
    then set_cheapest's cheapest total."""
    return join_paths.cheapest_total(_grouped_paths(candidates, group_order)).plan


def _grouped_paths(candidates, group_order) -> list:
    pathlist: list = []
    for plan in candidates:
        proxy = types.SimpleNamespace(
            startup_cost=plan.startup_cost, total_cost=plan.total_cost,
            plan_rows=plan.plan_rows, plan=plan,
            pathkeys=group_order if plan.strategy == "sorted" else [])
        join_paths.add_path(pathlist, proxy)
    return pathlist


def _choose_ordered(candidates, group_order, ordered_keys: int):
    """With ORDER BY (a prefix of) the group keys, create_ordered_paths over the grouped
    plans add_path kept: each GroupAggregate as it is, the cheapest one under the Sort
    that ORDER BY adds (the planner adds it); add_path over those, the cheapest total."""
    grouped = _grouped_paths(candidates, group_order)
    cheapest = join_paths.cheapest_total(grouped)
    pathlist: list = []
    for path in grouped:
        plan, keys = path.plan, group_order
        startup, total = plan.startup_cost, plan.total_cost
        if plan.strategy != "sorted":
            if path is not cheapest:
                continue
            startup, total = cost.cost_sort(startup, total, plan.plan_rows, plan.plan_width)
            keys = group_order[:ordered_keys]
        join_paths.add_path(pathlist, types.SimpleNamespace(
            startup_cost=startup, total_cost=total, plan_rows=plan.plan_rows, plan=plan,
            pathkeys=keys))
    return join_paths.cheapest_total(pathlist).plan
