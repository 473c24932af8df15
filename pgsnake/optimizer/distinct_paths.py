"""SELECT DISTINCT / DISTINCT ON over presorted input: a Unique directly over a FROM plan
already in the needed order (an ordered index scan), over a Sort of the cheapest plan,
or (plain DISTINCT) a HashAggregate, whichever PostgreSQL's costs pick.

Entry points:
    distinct_pathkeys(planner) -> list | None
        the order DISTINCT needs, as pathkeys (index_ordering offers scans in it)
    choose_distinct_input(planner, cheapest) -> plan
        before projection: the FROM plan DISTINCT reads (one of planner.from_paths), the
        choice noted as `planner.distinct_choice` ('presorted', 'sort' or 'hash')
    make_sorted_distinct(planner, top) -> Plan | None
        after projection: the Unique (over a Sort unless presorted) for a plain DISTINCT
        or the presorted DISTINCT ON; None leaves DISTINCT to the HashAggregate and
        DISTINCT ON to distinct_on.py's Sort + Unique

The order needed: ORDER BY's keys (in their directions), then the other DISTINCT
columns ascending (transformDistinctClause puts them so), so the Unique's output is in
ORDER BY's order and no final Sort is needed; for DISTINCT ON, its keys and then the
rest of ORDER BY. Plain columns give pathkeys; a computed key of a plain DISTINCT (no
set-returning function) is sorted after projection and never presorted; DISTINCT ON
over computed keys is left to distinct_on.py.
A plain DISTINCT leaves out constants and columns WHERE equates to a constant
(redundant_pathkeys.py): the Unique compares only the other columns, none at all
when every one is constant (it then returns the first row).

Under ORDER BY, a Unique directly over a table scan (not index-only) that selects
fewer columns than the table has gets a projecting Result above it, as PostgreSQL's
plan has (its scan returns the physical row, and Unique cannot project); without ORDER
BY the Unique is the top and its scan projects.

Costs: Unique adds cpu_operator_cost per input row and DISTINCT column
(create_upper_unique_path); the hashed alternative is cost_agg's AGG_HASHED plus, for
ORDER BY, a Sort of its groups. PostgreSQL 15 considers no Incremental Sort here.

PostgreSQL: optimizer/plan/planner.c (create_distinct_paths), parser/parse_clause.c
(transformDistinctClause).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, index_ordering, min_max_aggregates, redundant_pathkeys
from pgsnake.optimizer.plan_nodes import IndexScan, Result, SeqScan, SortKey, Unique
from pgsnake.parser.expression_nodes import FuncExpr, Var, walk
from pgsnake.utils import settings


def _needed_keys(planner) -> list | None:
    """[(target_index, descending, nulls_first)] in the order the input must have, or
    None when a key is not a plain column."""
    query = planner.query
    keys = [(s.target_index, s.descending, s.nulls_first) for s in query.sort_clause]
    if query.distinct_on:
        on = [k.target_index for k in query.distinct_on]
        keys = [(k.target_index, k.descending, k.nulls_first) for k in query.distinct_on] \
            + [k for k in keys if k[0] not in on]
    else:
        keys += [(i, False, False) for i, t in enumerate(query.target_list)
                 if not t.resjunk and i not in {k[0] for k in keys}]
        # constants and columns WHERE equates to a constant: redundant pathkeys
        keys = [k for k in keys if not redundant_pathkeys.is_redundant(
            planner, query.target_list[k[0]].expr)]
    for index, _, _ in keys:
        expr = query.target_list[index].expr
        if isinstance(expr, Var) and not expr.levels_up:
            continue
        # A computed key (plain DISTINCT only): sorted after projection, never presorted.
        if query.distinct_on or isinstance(expr, Var) or any(
                isinstance(n, FuncExpr) and n.returns_set for n in walk(expr)):
            return None
    return keys


def _pathkeys(planner, keys) -> list:
    out = []
    for index, descending, nulls_first in keys:
        expr = planner.query.target_list[index].expr
        tag = index_ordering.DIRECTION_TAGS[(descending, nulls_first)]
        if isinstance(expr, Var):
            out.append(frozenset({tag + ("var", expr.rtindex, expr.attnum)}))
        else:                           # no plan delivers it: only a Sort can
            out.append(frozenset({tag + ("computed", index)}))
    return out


def distinct_pathkeys(planner) -> list | None:
    keys = _needed_keys(planner)
    return None if keys is None else _pathkeys(planner, keys)


def _distinct_indexes(planner) -> list:
    query = planner.query
    if query.distinct_on:
        return [k.target_index for k in query.distinct_on]
    return [i for i, t in enumerate(query.target_list) if not t.resjunk]


def choose_distinct_input(planner, cheapest):
    from pgsnake.optimizer import ordered_paths
    planner.distinct_choice = None
    keys = _needed_keys(planner)
    if keys is None:
        return cheapest
    query = planner.query
    wanted = _pathkeys(planner, keys)
    indexes = _distinct_indexes(planner)
    rows = cheapest.plan_rows
    groups = planner._estimate_groups([query.target_list[i].expr for i in indexes], rows)
    width = sum(planner._expression_width(t.expr) for t in query.target_list) \
        + planner.junk_width
    unique_run = cost.CPU_OPERATOR_COST * len(keys)     # the non-redundant keys
    options = []                      # (total, kind, plan)
    plans = [cheapest] if planner.from_top_quals else list(planner.from_paths)
    for plan in plans:
        if ordered_paths.presorted_count(wanted, plan.pathkeys) == len(wanted):
            options.append((plan.total_cost + unique_run * plan.plan_rows, "presorted", plan))
    sort_total = cost.cost_sort(cheapest.startup_cost, cheapest.total_cost, rows, width)[1]
    options.append((sort_total + unique_run * rows, "sort", cheapest))
    if not query.distinct_on:
        total = cost.cost_hash_agg(cheapest.total_cost, rows, 0.0, len(indexes), groups,
                                   0.0)[1]
        if query.sort_clause:
            total = cost.cost_sort(0.0, total, groups, width)[1]
        options.append((total, "hash", cheapest))
    best = min(options, key=lambda option: option[0])
    planner.distinct_choice = best[1]
    planner.distinct_keys = keys
    return best[2]


def make_sorted_distinct(planner, top):
    choice = getattr(planner, "distinct_choice", None)
    if choice is None or choice == "hash" or (choice == "sort" and planner.query.distinct_on):
        return None
    child = top
    if choice == "sort":
        target_list = planner.query.target_list
        child = planner._make_sort(top, [SortKey(i, d, n, min_max_aggregates.as_projected(
            planner, target_list[i].expr)) for i, d, n in planner.distinct_keys])
    indexes = _distinct_indexes(planner)
    rows = child.plan_rows
    compared = indexes if planner.query.distinct_on else [k[0] for k in planner.distinct_keys]
    node = Unique(child=child, key_indexes=compared)
    node.startup_cost = child.startup_cost
    node.total_cost = child.total_cost + cost.CPU_OPERATOR_COST * len(compared) * rows
    node.plan_rows = planner._estimate_groups(
        [planner.query.target_list[i].expr for i in indexes], rows)
    node.plan_width = child.plan_width
    node.output_keys = child.output_keys
    planner.presorted = True
    if choice == "presorted" and planner.query.sort_clause \
            and _scans_physical_row(planner, child):
        # Under ORDER BY the plan's top is a projection (create_ordered_paths), so the
        # scan under the Unique returns the table's whole row (use_physical_tlist) and
        # a Result projects the select list above the Unique. A Unique at the top asks
        # its input for the exact select list (CP_EXACT_TLIST): no Result.
        result = Result(child=node)
        result.output_keys = node.output_keys
        result.startup_cost = node.startup_cost
        result.total_cost = node.total_cost + cost.CPU_TUPLE_COST * node.plan_rows
        result.plan_rows, result.plan_width = node.plan_rows, node.plan_width
        return result
    return node


def _scans_physical_row(planner, child) -> bool:
    """A table scan other than an index-only one, whose select list is not the
    table's columns in order (so PostgreSQL's scan returns more than is selected)."""
    if not isinstance(child, (SeqScan, IndexScan)) or getattr(child, "index_only", False):
        return False
    rte = planner.query.range_table[child.rtindex - 1]
    exprs = [t.expr for t in planner.query.target_list]
    return not (len(exprs) == len(rte.column_names) and all(
        isinstance(e, Var) and e.rtindex == child.rtindex and e.attnum == i + 1
        for i, e in enumerate(exprs)))




def sorted_distinct_over_grouping(planner, top, hashed):
    """SELECT DISTINCT over a grouped level (aggregates, GROUP BY): Unique over a Sort of
    the grouped rows (ORDER BY's keys first, then the other columns) instead of the
    `hashed` HashAggregate, when cheaper with ORDER BY's Sort counted for the hashed one
    (create_distinct_paths, then create_ordered_paths). None: keep hashing."""
    from pgsnake.optimizer import grouping_paths
    query = planner.query
    aggregated = query.has_aggregates or query.group_by or query.grouping_sets is not None
    if not aggregated or query.has_window_functions or query.distinct_on \
            or not settings.get("enable_sort"):
        return None
    visible = [i for i, t in enumerate(query.target_list) if not t.resjunk]
    keys, seen = [], set()
    for clause in query.sort_clause:
        if clause.target_index in visible and clause.target_index not in seen:
            keys.append(SortKey(clause.target_index, clause.descending, clause.nulls_first))
            seen.add(clause.target_index)
    if len(keys) != len(query.sort_clause):
        return None                   # ORDER BY on something not selected
    keys += [SortKey(i) for i in visible if i not in seen]
    for key in keys:
        key.shown_as = min_max_aggregates.as_projected(planner,
                                                       query.target_list[key.index].expr)
    rows = top.plan_rows
    sort = planner._make_sort(top, keys)
    node = Unique(child=sort, key_indexes=[k.index for k in keys])
    node.startup_cost = sort.startup_cost
    node.total_cost = sort.total_cost + cost.CPU_OPERATOR_COST * len(keys) * rows
    node.plan_rows, node.plan_width = hashed.plan_rows, sort.plan_width
    node.output_keys = sort.output_keys
    hashed_costs = (hashed.startup_cost, hashed.total_cost)
    sorted_costs = (node.startup_cost, node.total_cost)
    if query.sort_clause:
        hashed_costs = cost.cost_sort(hashed.startup_cost, hashed.total_cost,
                                      hashed.plan_rows, hashed.plan_width)
        wins = grouping_paths.sorted_grouping_wins(sorted_costs, hashed_costs, True)
    else:
        wins = _sorted_dominates(sorted_costs, hashed_costs)
    if not wins:
        return None
    planner.presorted = True
    return node


def _sorted_dominates(sorted_costs, hashed_costs) -> bool:
    """add_path between a sorted path and an unsorted one: costs equal within 1% (total
    and start-up) leave the sorted one (its pathkeys are better); otherwise both
    survive and the cheaper total wins (set_cheapest)."""
    (s_start, s_total), (h_start, h_total) = sorted_costs, hashed_costs
    fuzz = 1.01
    totals_equal = s_total <= h_total * fuzz and h_total <= s_total * fuzz
    starts_equal = s_start <= h_start * fuzz and h_start <= s_start * fuzz
    if totals_equal and starts_equal:
        return True
    return s_total < h_total


__all__ = ["choose_distinct_input", "distinct_pathkeys", "make_sorted_distinct",
           "sorted_distinct_over_grouping"]
