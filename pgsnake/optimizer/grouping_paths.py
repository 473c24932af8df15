"""GROUP BY over presorted input: the sorted input a GroupAggregate (or a Group node,
for GROUP BY without aggregates) reads, chosen among the FROM clause's plans as
PostgreSQL's add_paths_to_grouping_rel does.

Entry points:
    group_pathkeys(planner) -> list | None
        GROUP BY as pathkeys (plain columns, in ORDER BY's directions where ORDER BY is a
        prefix of it), or None; index_ordering offers index scans in this order
    cheapest_sorted_grouping(planner, child, group, ordered, agg_cost, groups, having,
                             final_cost=0.0)
        -> (input, startup, total) | None
        the cheapest GroupAggregate / Group input and that node's costs: every FROM
        plan already sorted by the group keys as it is; the cheapest plan (`child`)
        under a Sort; with enable_incremental_sort, every plan sorted by a prefix of
        them under an Incremental Sort. None when a group key is not a plain column of
        the input (only hashing then).
    group_costs(input, input_rows, agg_cost, n_keys, groups, having_cost, has_aggs)
        cost_agg (AGG_SORTED) with aggregates, cost_group without
    sorted_grouping_wins(sorted_costs, hashed_costs, same_order) -> bool
        add_path + set_cheapest between the sorted and the hashed grouping

PostgreSQL: optimizer/plan/planner.c (add_paths_to_grouping_rel), optimizer/path/
costsize.c (cost_agg, cost_group), optimizer/path/pathkeys.c (make_pathkeys_for_sortclauses).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, incremental_sort, index_ordering
from pgsnake.parser.expression_nodes import Const, Var
from pgsnake.utils import settings


def group_pathkeys(planner) -> list | None:
    query = planner.query
    group = list(query.group_by)
    if not group or query.grouping_sets is not None:
        return None
    directions = planner._order_by_follows_group(group) or []
    out = []
    for position, expr in enumerate(group):
        if not isinstance(expr, Var) or expr.levels_up:
            return None
        direction = directions[position] if position < len(directions) else (False, False)
        tag = index_ordering.DIRECTION_TAGS[direction]
        out.append(frozenset({tag + ("var", expr.rtindex, expr.attnum)}))
    return out


def group_costs(input_plan, input_rows: float, agg_cost: float, n_keys: int, groups: float,
                having_cost: float, has_aggs: bool,
                final_cost: float = 0.0) -> tuple[float, float]:
    if has_aggs:
        return cost.cost_group_agg(input_plan.startup_cost, input_plan.total_cost,
                                   input_rows, agg_cost, n_keys, groups, having_cost,
                                   final_cost)
    # cost_group: one comparison per key per input row, HAVING per group; no
    # per-group tuple charge (a Group node returns its input's first row of each).
    total = input_plan.total_cost + cost.CPU_OPERATOR_COST * n_keys * input_rows
    return input_plan.startup_cost, total + having_cost * groups


def cheapest_sorted_grouping(planner, child, group, ordered, agg_cost, groups, having,
                             final_cost: float = 0.0):
    from pgsnake.optimizer import ordered_paths, redundant_pathkeys
    if group and not ordered and all(isinstance(g, Const) or redundant_pathkeys.is_redundant(
            planner, g) for g in group):
        # every group key is a constant (or WHERE fixes it): no group pathkey is left,
        # so any input counts as sorted (make_pathkeys_for_sortclauses)
        startup, total = group_costs(child, child.plan_rows, agg_cost, len(group), groups,
                                     cost.qual_cost_per_row(having),
                                     bool(planner.query.aggregates), final_cost)
        return child, startup, total
    first = planner._sorted_for_grouping(child, group, ordered)
    if first is None:
        return None
    keys = first.keys
    wanted = group_pathkeys(planner)
    plans = [child]
    if wanted is not None and not planner.from_top_quals:
        plans += [p for p in getattr(planner, "from_paths", ()) if p is not child]
    incremental_on = settings.get("enable_incremental_sort")
    inputs = []
    for plan in plans:
        presorted = ordered_paths.presorted_count(wanted, plan.pathkeys) if wanted else 0
        if presorted == len(group):
            inputs.append(plan)
            continue
        if plan is child:
            inputs.append(first)
        if not (incremental_on and presorted):
            continue
        full_sort = planner._sorted_for_grouping(plan, group, ordered)
        if full_sort is not None:
            inputs.append(incremental_sort.make_sort(planner, plan, full_sort.keys, presorted,
                                                     always=True))
    having_cost = cost.qual_cost_per_row(having)
    has_aggs = bool(planner.query.aggregates)
    best = None
    for candidate in inputs:
        startup, total = group_costs(candidate, child.plan_rows, agg_cost, len(keys), groups,
                                     having_cost, has_aggs, final_cost)
        if best is None or total < best[2]:
            best = (candidate, startup, total)
    return best


def sorted_grouping_wins(sorted_costs, hashed_costs, same_order: bool) -> bool:
    """add_path + set_cheapest between the sorted grouping path (added first) and the
    hashed one, each (startup, total). With the same output order (ORDER BY follows
    GROUP BY, so the hashed path is sorted afterwards) add_path keeps one of them:
    totals within 1% are decided by start-up cost within 1%, and a tie on both keeps
    the sorted path unless the hashed one is cheaper at all. Otherwise both survive
    and the strictly cheaper total wins, start-up breaking a tie."""
    (s_start, s_total), (h_start, h_total) = sorted_costs, hashed_costs
    if not same_order:
        return s_total < h_total or (s_total == h_total and s_start < h_start)
    fuzz = 1.01
    if s_total > h_total * fuzz:
        return False
    if h_total > s_total * fuzz:
        return True
    if s_start > h_start * fuzz:
        return False
    if h_start > s_start * fuzz:
        return True
    return not (h_total < s_total or (h_total == s_total and h_start < s_start))


__all__ = ["cheapest_sorted_grouping", "group_costs", "group_pathkeys", "sorted_grouping_wins"]
