"""ORDER BY over a bare FROM clause: which of the FROM clause's plans to sort, and how
(create_ordered_paths).

Entry points:
    sorted_from_plan(planner, cheapest) -> plan
        the FROM plan ORDER BY is built on, setting `planner.presorted` (the plan is in
        ORDER BY's order already), `planner.presorted_keys` (how many leading ORDER BY
        keys it is sorted by, for an Incremental Sort) and `planner.incremental_chosen`
        (the Incremental Sort was chosen by cost here, so _finish_select must build it
        even where a full Sort's total cost is lower: a LIMIT reads only its start)
    presorted_count(wanted, have) -> int
        how many leading keys of `wanted` the pathkeys `have` deliver
        (pathkeys_count_contained_in)
    subquery_pathkeys(subquery, rtindex) -> list
        a FROM subquery's ORDER BY as the pathkeys of its Subquery Scan (the leading
        keys that are plain output columns in a direction pathkeys express)

The candidates are PostgreSQL 15's: every plan already in ORDER BY's order as it is; the
cheapest plan under a full Sort; and, with enable_incremental_sort, every plan sorted by
a prefix of ORDER BY under an Incremental Sort (an index on `a` for ORDER BY a, b; a
Merge Join's output). Sorts are costed for the LIMIT's rows when there is a constant
LIMIT (limit_tuples), candidates are pruned with add_path, and the cheapest total wins;
with a constant LIMIT the candidate cheapest for the fraction of rows the LIMIT reads
(get_cheapest_fractional_path).

PostgreSQL: optimizer/plan/planner.c (create_ordered_paths, get_cheapest_fractional_path),
optimizer/path/pathkeys.c (pathkeys_count_contained_in, convert_subquery_pathkeys), optimizer/util/pathnode.c
(create_incremental_sort_path).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, incremental_sort, index_ordering, join_paths
from pgsnake.optimizer.plan_nodes import Sort
from pgsnake.parser.expression_nodes import Const
from pgsnake.utils import settings


def presorted_count(wanted, have) -> int:
    count = 0
    for position in range(1, min(len(wanted), len(have or ())) + 1):
        if not join_paths.pathkeys_contained_in(wanted[:position], have):
            break
        count = position
    return count


def subquery_pathkeys(subquery, rtindex: int) -> list:
    if subquery is None or subquery.set_operation is not None:
        return []
    out = []
    for clause in subquery.sort_clause:
        entry = subquery.target_list[clause.target_index]
        if entry.resjunk or clause.descending != clause.nulls_first or clause.order_proc:
            break
        key = ("var", rtindex, clause.target_index + 1)
        out.append(frozenset({("desc",) + key if clause.descending else key}))
    return out


def _limit_tuples(planner) -> float | None:
    """The rows a constant LIMIT (plus OFFSET) reads, or None (no bound on the sort)."""
    query = planner.query
    count = query.limit_count
    if not isinstance(count, Const) or count.value is None or query.row_marks:
        return None
    offset = query.limit_offset
    if offset is not None and not isinstance(offset, Const):
        return None
    skip = offset.value if isinstance(offset, Const) and offset.value is not None else 0
    return float(count.value + skip)


def _presorted_exprs(planner, presorted: int) -> list:
    query = planner.query
    return [query.target_list[clause.target_index].expr
            for clause in query.sort_clause[:presorted]]


def _incremental_costs(planner, plan, presorted: int, width: int,
                       limit_tuples: float | None) -> tuple[float, float]:
    groups = planner._estimate_groups(_presorted_exprs(planner, presorted),
                                      max(plan.plan_rows, 2.0))
    return incremental_sort.cost_incremental_sort(plan, presorted, width,
                                                  limit_tuples=limit_tuples, groups=groups)


def sorted_from_plan(planner, cheapest):
    planner.presorted_keys = 0
    planner.incremental_chosen = False
    wanted = index_ordering.wanted_pathkeys(planner)
    width = sum(planner._expression_width(t.expr) for t in planner.query.target_list) \
        + planner.junk_width
    limit_tuples = _limit_tuples(planner)
    if wanted is None:
        if planner.query.sort_clause:       # ORDER BY col <-> value: a GiST KNN scan?
            from pgsnake.optimizer import gist_knn_paths
            knn = gist_knn_paths.knn_scan(planner, cheapest, limit_tuples, width)
            if knn is not None:
                planner.presorted = True
                return knn
        return cheapest
    incremental_on = settings.get("enable_incremental_sort")
    candidates: list = []
    considered: list = []              # unpruned, for the fractional (LIMIT) choice
    # ORDER BY keys WHERE fixes to a constant are redundant: a plan ordered on the
    # others is fully ordered (pathkey_is_redundant)
    constant = getattr(planner, "constant_keys", frozenset())
    essential = [ks for ks in wanted if not any(k[-3:] in constant for k in ks)]
    for plan in planner.from_paths:
        presorted = presorted_count(wanted, plan.pathkeys)
        if presorted < len(wanted) and essential and len(essential) < len(wanted) \
                and presorted_count(essential, plan.pathkeys) == len(essential):
            presorted = len(wanted)
        options = []
        if presorted == len(wanted):
            options.append((plan.startup_cost, plan.total_cost, presorted))
        else:
            if plan is cheapest:
                startup, total = cost.cost_sort(plan.startup_cost, plan.total_cost,
                                                plan.plan_rows, width,
                                                limit_tuples=limit_tuples)
                options.append((startup, total, 0))
            if incremental_on and presorted:
                startup, total = _incremental_costs(planner, plan, presorted, width,
                                                    limit_tuples)
                options.append((startup, total, presorted))
        for startup, total, keys in options:
            estimate = Sort(child=plan)
            estimate.startup_cost, estimate.total_cost = startup, total
            estimate.plan_rows = plan.plan_rows
            estimate.pathkeys = wanted
            estimate.source, estimate.presorted = plan, keys
            considered.append(estimate)
            join_paths.add_path(candidates, estimate)
    if not candidates:
        return cheapest
    chosen = join_paths.cheapest_total(candidates)
    if limit_tuples is not None:
        chosen = _fractional_choice(considered, limit_tuples) or chosen
    plan = chosen.source
    planner.presorted = chosen.presorted == len(wanted)
    if not planner.presorted:
        planner.presorted_keys = chosen.presorted
        planner.incremental_chosen = chosen.presorted > 0
    return plan


def _fractional_choice(candidates, limit_tuples: float):
    """get_cheapest_fractional_path: the candidate cheapest for reading limit_tuples of
    its rows (costs interpolated between startup and total)."""
    best, best_cost = None, None
    for estimate in candidates:
        rows = estimate.plan_rows
        fraction = min(limit_tuples / rows, 1.0) if rows else 1.0
        value = estimate.startup_cost + fraction * (estimate.total_cost - estimate.startup_cost)
        if best_cost is None or value < best_cost:
            best, best_cost = estimate, value
    return best


__all__ = ["presorted_count", "sorted_from_plan", "subquery_pathkeys"]
