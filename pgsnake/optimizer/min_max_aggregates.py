"""min() / max() answered by an index: `SELECT max(id) FROM t` as an InitPlan that reads
the first row of an index scan in the right direction, instead of aggregating every row.

Entry points:
    replace_aggregate(planner, aggregate_plan) -> plan
        the Aggregate of a query level, or, when every aggregate is min / max of a
        column that an ordered index scan can deliver and that is cheaper, a Result
        whose target list reads InitPlans ("InitPlan 1 (returns $0)" -> Limit -> Index
        [Only] Scan [Backward] ... Index Cond: (col IS NOT NULL))
    finish(planner, top)       after the level's projection: its Aggrefs (target list
                               and HAVING, the Result's One-Time Filter) become the
                               InitPlans' values

When (preprocess_minmax_aggregates): one plain table in FROM, no GROUP BY / grouping
sets / window functions / WITH / FOR UPDATE (DISTINCT [ON] is applied above the Result); every aggregate of the level
(select list and HAVING) is min or max of one column of that table, without DISTINCT,
ORDER BY or FILTER. Each distinct aggregate becomes
`SELECT col FROM t WHERE <where> AND col IS NOT NULL ORDER BY col [DESC] LIMIT 1`,
planned as a subquery; it must come out already sorted (an index scan, no Sort), as
build_minmax_path asks for a presorted path. The Result costs the sum of each sorted
path's cost of fetching its first row (startup + the run cost / rows) plus
cpu_tuple_cost and its projection's and HAVING's costs once, and is taken when cheaper than the Aggregate (create_minmaxagg_path vs
the plain aggregation path).

Where we differ from PostgreSQL: only plain columns (not expressions), and only one
plain table (PostgreSQL also accepts a flattened UNION ALL / inheritance parent).

PostgreSQL: optimizer/plan/planagg.c (preprocess_minmax_aggregates, build_minmax_path),
optimizer/util/pathnode.c (create_minmaxagg_path), optimizer/plan/createplan.c
(create_minmaxagg_plan).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Limit, Result, Sort
from pgsnake.parser.expression_nodes import (Aggref, BoolExpr, Const, NullTest, Param,
                                             SubPlan, Var, walk)

INT8_OID = 20


def _aggrefs(query) -> list | None:
    found = []
    exprs = [t.expr for t in query.target_list] + [query.having]
    for expr in exprs:
        for node in walk(expr) if expr is not None else ():
            if isinstance(node, Aggref) and node not in found:
                found.append(node)
    return found


def _eligible(query):
    if query.group_by or query.grouping_sets is not None or query.has_window_functions \
            or query.row_marks \
            or getattr(query, "cte_list", None) or query.set_operation is not None:
        return None
    if len(query.from_list) != 1 or not query.from_list[0].rtindex:
        return None
    rtindex = query.from_list[0].rtindex
    rte = query.range_table[rtindex - 1]
    if rte.kind != "relation" or getattr(rte, "lateral_relids", None):
        return None
    aggrefs = _aggrefs(query)
    if not aggrefs:
        return None
    for agg in aggrefs:
        if agg.aggregate_name not in ("min", "max") or len(agg.args) != 1 or agg.star \
                or agg.distinct or agg.agg_filter is not None or agg.order_by \
                or agg.within_group:
            return None
        arg = agg.args[0]
        if not isinstance(arg, Var) or arg.rtindex != rtindex or arg.levels_up \
                or arg.attnum <= 0:
            return None
    return rtindex, aggrefs


def _first_row_query(query, agg):
    """SELECT arg FROM <the table> WHERE <where> AND arg IS NOT NULL ORDER BY arg
    [DESC] LIMIT 1 (DESC NULLS FIRST for max: a backward B-tree scan's order)."""
    from pgsnake.parser.query import SortClause, TargetEntry
    arg = agg.args[0]
    not_null = NullTest(arg, False)
    where = not_null if query.where is None else BoolExpr("and", (query.where, not_null))
    descending = agg.aggregate_name == "max"
    return dataclasses.replace(
        query, target_list=[TargetEntry(arg, agg.aggregate_name)], where=where,
        group_by=[], having=None, aggregates=[], has_aggregates=False,
        distinct=False, distinct_on=[],
        sort_clause=[SortClause(0, descending, descending)],
        limit_count=Const(INT8_OID, 1), limit_offset=None, limit_with_ties=False)


def _presorted_first_row_cost(plan):
    """The plan's cost of its first row when it is a Limit over an ordered scan (no
    Sort), else None (build_minmax_path: startup + run / rows)."""
    if not isinstance(plan, Limit):
        return None
    child = plan.child
    node = child
    while node is not None:
        if isinstance(node, Sort):
            return None
        children = node.children()
        node = children[0] if len(children) == 1 else None
    rows = child.plan_rows
    fraction = 1.0 / rows if rows > 1.0 else 1.0
    return child.startup_cost + fraction * (child.total_cost - child.startup_cost)


def replace_aggregate(planner, aggregate_plan):
    from pgsnake.optimizer.planner import plan_query
    query = planner.query
    found = _eligible(query)
    if found is None:
        return aggregate_plan
    _, aggrefs = found
    glob = planner.glob
    saved = glob.next_slot, glob.next_plan_id
    planned = []
    total = 0.0
    for agg in aggrefs:
        plan = plan_query(_first_row_query(query, agg), parent=planner)
        path_cost = _presorted_first_row_cost(plan)
        if path_cost is None:
            glob.next_slot, glob.next_plan_id = saved
            return aggregate_plan
        planned.append((agg, plan))
        total += path_cost
    if total + cost.CPU_TUPLE_COST >= aggregate_plan.total_cost:
        glob.next_slot, glob.next_plan_id = saved
        return aggregate_plan
    subplans = {}
    # A value read from an enclosing level or a LATERAL item's outer row (a PARAM_EXEC
    # Param in WHERE) makes each InitPlan correlated: it is computed again whenever that
    # level re-runs (subselect's correlated_init_slots / reset_slots).
    # So does an InitPlan of WHERE that is itself correlated (col = (SELECT ... outer)).
    correlated = any(isinstance(n, Param) and n.kind == "exec"
                     or isinstance(n, SubPlan) and n.init_plan
                     and n.result_slot in glob.correlated_init_slots
                     for n in walk(query.where)) if query.where is not None else False
    for agg, plan in planned:
        plan_id = glob.next_plan_id
        glob.next_plan_id += 1
        slot = glob.new_slot()
        if correlated:
            glob.correlated_init_slots.append(slot)
        subplans[agg] = SubPlan("expr", plan_id, plan, (), (), None, -plan_id, agg.type_oid,
                                getattr(agg.args[0], "typmod", -1), init_plan=True,
                                result_slot=slot)
    result = Result()
    result.init_plans = list(subplans.values())
    result.startup_cost = total
    result.total_cost = total + cost.CPU_TUPLE_COST
    result.plan_rows = 1.0
    result.plan_width = aggregate_plan.plan_width
    # (the aggregates' values, for nodes planned above it before the level's
    # projection is known: a ProjectSet, a WindowAgg; finish() re-projects a top one)
    result.target_list = list(subplans.values())
    result.output_keys = list(subplans.keys())
    result.input_keys = []
    result.qual = list(aggregate_plan.qual)
    result.min_max_subplans = subplans
    return result


def _min_max_result(top):
    """The min / max Result at or below `top` through single-input nodes (a ProjectSet
    or WindowAgg planned above it), or None."""
    node = top
    while node is not None:
        if getattr(node, "min_max_subplans", None) is not None:
            return node
        children = node.children()
        node = children[0] if len(children) == 1 else None
    return None


def finish(planner, top) -> None:
    """Replace the level's Aggrefs by the InitPlans' values in the projection and the
    One-Time Filter of a min / max Result. Below the level's top node (set-returning
    functions or windows above it) the Result outputs the aggregates' values, which
    the nodes above read as computed below (attach_init_plans moves its InitPlans up)."""
    result = _min_max_result(top)
    if result is None:
        return
    subplans = result.min_max_subplans
    from pgsnake.optimizer.subselect import _rebuild
    planner.min_max_replaced = subplans
    if result is not top:
        result.qual = [_rebuild(q, lambda e: subplans.get(e) if isinstance(e, Aggref)
                                else None) for q in result.qual]
        return

    def replace(expr):
        return subplans.get(expr) if isinstance(expr, Aggref) else None

    def free(expr):             # an aggregate's value costs nothing to read (cost_qual_eval)
        return Const(expr.type_oid, None) if isinstance(expr, Aggref) else None
    # The projection and the HAVING qual are charged once (create_minmaxagg_path).
    top.total_cost += cost.qual_cost_per_row([_rebuild(e, free) for e in top.target_list]) \
        + cost.qual_cost_per_row([_rebuild(q, free) for q in top.qual])
    top.target_list = [_rebuild(e, replace) for e in top.target_list]
    top.qual = [_rebuild(q, replace) for q in top.qual]
    top.input_keys = []


def attach_init_plans(top) -> None:
    """The min / max InitPlans of a level whose top node is a Sort, Limit, ... above the
    Result: moved to the top node, where PostgreSQL attaches every InitPlan of a level
    (SS_attach_initplans)."""
    result = _min_max_result(top)
    if result is not None and result is not top and result.init_plans:
        top.init_plans = list(result.init_plans) + list(top.init_plans)
        result.init_plans = []


def as_projected(planner, expr):
    """`expr` (a select-list item) as the level projects it once min / max aggregates
    are InitPlans: the Aggrefs replaced by their values ("Sort Key: ($0)")."""
    subplans = getattr(planner, "min_max_replaced", None)
    if not subplans:
        return expr
    from pgsnake.optimizer.subselect import _rebuild
    return _rebuild(expr, lambda e: subplans.get(e) if isinstance(e, Aggref) else None)
