"""ORDER BY below the ProjectSet: sorting the rows before set-returning functions of the
select list multiply them, as PostgreSQL plans it.

`SELECT i, unnest(a) FROM t ORDER BY i` sorts t's rows by i and then runs unnest for each
one (ProjectSet above Sort): the sort keys do not use the functions' results, so sorting
the fewer input rows gives the same order (make_sort_input_target postpones the SRFs
past the sort). When the columns the Sort carries (the select list's SRF-free columns in
order, ORDER BY's own columns, then the columns only the SRFs read) are not in the order
the ProjectSet reads its input (the SRFs' columns first, then the other select-list
columns), PostgreSQL projects between them: a Result appears under the ProjectSet.

Entry point: sort_below_project_set(planner, plan) -> plan (a Sort, maybe under a
Result, with planner.presorted set; or `plan` unchanged when the ORDER BY stays above).
A computed sort key (ORDER BY i + 1) is computed by the plan below the Sort, which then
outputs the Sort's columns. Only queries without aggregates, plain DISTINCT, window functions
or row locks are sorted below; the others are sorted above the ProjectSet as before.
DISTINCT ON is the exception: its Unique goes on the Sort, below the ProjectSet, so each
group's first row is chosen before the functions multiply it.

PostgreSQL: optimizer/plan/planner.c (make_sort_input_target, grouping_planner),
optimizer/util/tlist.c (split_pathtarget_at_srfs).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, distinct_on, target_costs
from pgsnake.optimizer.plan_nodes import Result, SortKey
from pgsnake.optimizer.set_projection import has_srf, is_srf
from pgsnake.parser.expression_nodes import Const, Var, children


def _vars_of(expr, out: list) -> None:
    if isinstance(expr, Var):
        if expr not in out:
            out.append(expr)
        return
    for child in children(expr):
        _vars_of(child, out)


def _sort_output(target_list) -> list:
    """make_sort_input_target: the columns without SRFs in select-list order, then the
    columns the postponed (SRF) ones need."""
    out = [t.expr for t in target_list if not has_srf(t.expr)]
    needed: list = []
    for entry in target_list:
        if has_srf(entry.expr):
            _vars_of(entry.expr, needed)
    return out + [v for v in needed if v not in out]


def _project_set_input(target_list) -> list:
    """split_pathtarget_at_srfs: the SRFs' input columns, then the select list's other
    columns."""
    out: list = []
    for entry in target_list:
        if has_srf(entry.expr):
            _srf_inputs(entry.expr, out)
    for entry in target_list:
        if not has_srf(entry.expr) and entry.expr not in out:
            out.append(entry.expr)
    return out


def _srf_inputs(expr, out: list) -> None:
    if is_srf(expr):
        for arg in expr.args:
            _vars_of(arg, out)
        return
    for child in children(expr):
        _srf_inputs(child, out)


def sort_below_project_set(planner, plan):
    from pgsnake.optimizer.planner import key_of
    query = planner.query
    if not query.sort_clause or planner.presorted or query.distinct \
            or query.has_window_functions or query.row_marks or query.has_aggregates \
            or query.group_by or query.having is not None or query.grouping_sets is not None:
        return plan
    ordering = distinct_on.sort_clauses(query) if query.distinct_on else query.sort_clause
    clauses = [c for c in ordering
               if not isinstance(query.target_list[c.target_index].expr, Const)]
    sort_exprs = [query.target_list[c.target_index].expr for c in clauses]
    if not clauses or any(has_srf(e) for e in sort_exprs):
        return plan
    if not all(isinstance(e, Var) and key_of(e) in plan.output_keys for e in sort_exprs):
        # A computed key (ORDER BY i + 1): the plan below computes the sort's columns
        # (their cost charged to it, its width theirs).
        _project(plan, _sort_output(query.target_list), key_of)
        target_costs.charge_exprs(plan, plan.target_list)
        plan.plan_width = sum(planner._expression_width(e) for e in plan.target_list)
    keys = [SortKey(plan.output_keys.index(key_of(expr)), clause.descending,
                    clause.nulls_first, expr)
            for clause, expr in zip(clauses, sort_exprs)]
    sort = planner._make_sort(plan, keys)
    planner.presorted = True
    if query.distinct_on:
        # DISTINCT ON keeps one row per group before the SRFs multiply it
        # (make_sort_input_target postpones them past the whole sort-and-unique step)
        key_indexes = [sort.output_keys.index(key_of(query.target_list[k.target_index].expr))
                       for k in query.distinct_on]
        sort = distinct_on.unique_over(planner, sort, key_indexes)
        planner.distinct_on_done = True
    if _sort_output(query.target_list) == _project_set_input(query.target_list):
        return sort
    result = Result(child=sort)
    result.output_keys = sort.output_keys
    # a projection a Sort cannot do: a cpu_tuple_cost per row and the target's
    # expressions costed again (create_projection_path over split_pathtarget_at_srfs'
    # first level)
    startup, per_row = cost.target_cost(_project_set_input(query.target_list))
    result.startup_cost = sort.startup_cost + startup
    result.total_cost = sort.total_cost + startup \
        + (cost.CPU_TUPLE_COST + per_row) * sort.plan_rows
    result.plan_rows, result.plan_width = sort.plan_rows, sort.plan_width
    return result


def _project(plan, exprs: list, key_of) -> None:
    """Make `plan` output `exprs` (found by their layout keys above)."""
    if plan.input_keys is None:
        plan.input_keys = plan.output_keys
    plan.target_list = list(exprs)
    plan.output_keys = [key_of(e) for e in exprs]
