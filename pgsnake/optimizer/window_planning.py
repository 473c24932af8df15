"""Planning window functions: a Sort (when needed) and a WindowAgg per window.

Entry points:
    plan_windows(planner, top) -> Plan    above the scan/join (and aggregation) plan
    WindowAgg                             the plan node (executor/window_agg.py runs it)
    window_functions_by_window(query)     winref -> the distinct WindowFuncs using it

As PostgreSQL's grouping_planner does:
1. The windows some function uses are ordered so that windows needing the same sort
   are adjacent, a window whose sort keys extend another's coming first
   (select_active_windows, common_prefix_cmp); the first is computed lowest.
2. The input is projected to what the windows and the rest of the target list need:
   every PARTITION BY / ORDER BY expression whole, plus the columns and aggregates the
   other output expressions use (make_window_input_target). Nodes above find those
   values by their layout keys.
3. Each window sorts its input by PARTITION BY then ORDER BY unless the input already
   has that order (a prefix of the previous sort); then a WindowAgg appends the values
   of its functions to each row. Intermediate WindowAggs are as wide as their input
   plus their functions; the top one is projected to the target list.
4. ORDER BY needs no final Sort when it is a prefix of the last window's sort.
Costs are cost_windowagg's: per input row, cpu_operator_cost per window function plus
its arguments' and FILTER's evaluation, cpu_operator_cost per PARTITION BY and ORDER BY
column, and cpu_tuple_cost.

PostgreSQL: optimizer/plan/planner.c (select_active_windows, common_prefix_cmp,
make_window_input_target, create_one_window_path), optimizer/path/costsize.c
(cost_windowagg), include/nodes/plannodes.h (WindowAgg).
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Any

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Plan, SortKey
from pgsnake.parser.expression_nodes import Aggref, Var, children
from pgsnake.parser import window_clause as wc
from pgsnake.parser.grouping_sets import GroupingFunc
from pgsnake.parser.window_clause import WindowFunc


@dataclasses.dataclass(eq=False)
class WindowAgg(Plan):
    """Computes `functions` (WindowFuncs of window `clause`) over its sorted input; its
    output row is the input row followed by one value per function."""
    child: Plan | None = None
    clause: Any = None                    # parser.window_clause.WindowClause
    functions: list = dataclasses.field(default_factory=list)
    # Conditions on the functions' values (over the output row) that, once false, stay
    # false for the rest of the partition: rows failing them are not returned
    # (PostgreSQL 15's runCondition, from a WHERE of an enclosing query).
    # A WindowAgg below another one returns every row whatever its run condition says
    # (the windows above still need them); the top one applies `window_filter`, the
    # conditions on lower windows' functions (PostgreSQL's pass-through mode + qual).
    run_condition: list = dataclasses.field(default_factory=list)
    is_top: bool = True
    window_filter: list = dataclasses.field(default_factory=list)

    def children(self):
        return [self.child]

    def explain_name(self) -> str:
        return "WindowAgg"

    def explain_properties(self, text) -> list:
        out = []
        if self.window_filter:
            parts = [_filter_text(c, text) for c in self.window_filter]
            out.append(("Filter", parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"))
        if self.run_condition:
            parts = [text(c) for c in self.run_condition]
            out.append(("Run Condition",
                        parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"))
        return out


def _filter_text(condition, text) -> str:
    """A condition on a lower WindowAgg's value: PostgreSQL shows the value as a column
    of its input, parenthesised: ((rank() OVER (?)) < 5)."""
    left, right = condition.args
    show = [f"({text(a)})" if isinstance(a, WindowFunc) else text(a) for a in (left, right)]
    return f"({show[0]} {condition.operator_name} {show[1]})"


def window_functions_by_window(query) -> dict[int, list]:
    found: dict[int, list] = {}
    for tle in query.target_list:
        _collect_window_functions(tle.expr, found)
    return found


def _collect_window_functions(expr, found) -> None:
    if isinstance(expr, WindowFunc):
        calls = found.setdefault(expr.winref, [])
        if expr not in calls:
            calls.append(expr)
        return                      # window functions do not nest
    for child in children(expr):
        if child is not None:
            _collect_window_functions(child, found)


def plan_windows(planner, top):
    query = planner.query
    by_window = window_functions_by_window(query)
    active = _ordered_windows(query, [c for c in query.window_clauses if c.winref in by_window])
    top = _project_window_input(planner, top, active)
    sorted_by: list = []
    input_cost = _target_cost(top.target_list)
    for position, clause in enumerate(active):
        wanted = [(k.expr, k.descending, k.nulls_first) for k in clause.sort_keys()]
        if not _is_prefix(wanted, sorted_by):
            top = _make_sort(planner, top, wanted, _common_prefix(wanted, sorted_by))
            sorted_by = wanted
        is_top = position == len(active) - 1
        target_cost = _target_cost([t.expr for t in query.target_list]) if is_top else input_cost
        top = _make_window_agg(top, clause, by_window[clause.winref], target_cost)
        top.is_top = is_top
    planner.presorted = _order_by_satisfied(planner, sorted_by)
    # ORDER BY sorted by a prefix already: the final sort may be an Incremental Sort.
    planner.presorted_keys = 0 if planner.presorted or query.distinct else \
        _common_prefix(_order_by_keys(query), sorted_by)
    return top


def _ordered_windows(query, windows: list) -> list:
    """select_active_windows' order. PostgreSQL compares sort-group reference numbers,
    which number distinct expressions in the order ORDER BY, GROUP BY and the window
    clauses introduce them; we number them the same way."""
    numbers: dict = {}

    def number(expr) -> int:
        if expr not in numbers:
            numbers[expr] = len(numbers) + 1
        return numbers[expr]

    for sort in query.sort_clause:
        number(query.target_list[sort.target_index].expr)
    for expr in query.group_by:
        number(expr)
    keyed = []
    for clause in windows:
        unique = [(number(k.expr), k.descending, k.nulls_first) for k in clause.sort_keys()]
        keyed.append((unique, clause))

    def compare(a, b) -> int:
        for (ref_a, desc_a, nulls_a), (ref_b, desc_b, nulls_b) in zip(a[0], b[0]):
            if ref_a != ref_b:
                return -1 if ref_a > ref_b else 1
            if desc_a != desc_b:            # PostgreSQL compares sort operator OIDs: '>' sorts first
                return -1 if desc_a else 1
            if nulls_a != nulls_b:
                return -1 if nulls_a else 1
        return len(b[0]) - len(a[0])

    return [clause for _, clause in sorted(keyed, key=functools.cmp_to_key(compare))]


def _pull_columns(expr, out: list) -> None:
    """The Vars and Aggrefs (and grouping() calls) an expression uses, looking through
    window functions (pull_var_clause with PVC_INCLUDE_AGGREGATES |
    PVC_RECURSE_WINDOWFUNCS): the aggregation below computes those."""
    if isinstance(expr, (Var, Aggref, GroupingFunc)):
        if not isinstance(expr, Var) or expr.levels_up == 0:
            if expr not in out:
                out.append(expr)
        return
    for child in children(expr):
        if child is not None:
            _pull_columns(child, out)


def _project_window_input(planner, top, active: list):
    query = planner.query
    whole: list = []
    for clause in active:
        for expr in list(clause.partition_by) + [k.expr for k in clause.order_by]:
            if expr not in whole:
                whole.append(expr)
    for expr in query.group_by:
        if expr not in whole:
            whole.append(expr)
    exprs = list(whole)
    for tle in query.target_list:
        if tle.expr not in whole:
            _pull_columns(tle.expr, exprs)
    if top.target_list is not None:
        # Already projected (cannot happen below the window step today): keep it.
        return top
    from pgsnake.optimizer.planner import key_of
    computed = [e for e in exprs if key_of(e) not in top.output_keys]
    # The input node evaluates the expressions it newly computes once per row, as
    # PostgreSQL charges a scan for its projection (cost_qual_eval of the tlist).
    top.total_cost += cost.qual_cost_per_row(computed) * top.plan_rows
    planner._project(top, exprs)
    top.output_keys = [key_of(e) for e in exprs]
    return top


def _sorted_entry_matches(entry, key) -> bool:
    return entry[0] == key[0] and entry[1] == key[1] and entry[2] == key[2]


def _is_prefix(wanted: list, sorted_by: list) -> bool:
    if len(wanted) > len(sorted_by):
        return False
    return all(_sorted_entry_matches(a, b) for a, b in zip(wanted, sorted_by))


def _common_prefix(wanted: list, sorted_by: list) -> int:
    count = 0
    for a, b in zip(wanted, sorted_by):
        if not _sorted_entry_matches(a, b):
            break
        count += 1
    return count


def _make_sort(planner, child, wanted: list, presorted: int):
    """A Sort of the window's input, or an Incremental Sort when a prefix of the keys is
    sorted already (PostgreSQL's window planning always takes it then)."""
    from pgsnake.optimizer import incremental_sort
    from pgsnake.optimizer.planner import key_of
    keys = []
    for expr, descending, nulls_first in wanted:
        index = child.output_keys.index(key_of(expr))
        keys.append(SortKey(index, descending, nulls_first, expr))
    return incremental_sort.make_sort(planner, child, keys, presorted, always=True)


def _target_cost(exprs) -> float:
    """Per-row cost of evaluating a node's output expressions (aggregates and window
    functions are free there: their node pays for them)."""
    return cost.target_cost(exprs or ())[1]


def _make_window_agg(child, clause, functions: list, target_cost: float):
    node = WindowAgg(child=child, clause=clause, functions=list(functions))
    rows = child.plan_rows
    startup = child.startup_cost
    total = child.total_cost
    for func in functions:
        per_row = cost.CPU_OPERATOR_COST + cost.qual_cost_per_row(func.args)
        if func.agg_filter is not None:
            per_row += cost.qual_cost_per_row([func.agg_filter])
        total += per_row * rows
    total += cost.CPU_OPERATOR_COST * (len(clause.partition_by) + len(clause.order_by)) * rows
    total += cost.CPU_TUPLE_COST * rows
    # Evaluating the node's output row (create_windowagg_path's tlist eval cost).
    total += target_cost * rows
    node.startup_cost, node.total_cost = startup, total
    node.plan_rows = rows
    node.plan_width = child.plan_width + sum(cost.column_width(f.type_oid) for f in functions)
    node.output_keys = list(child.output_keys) + list(functions)
    return node


def _order_by_keys(query) -> list:
    return [(query.target_list[s.target_index].expr, s.descending, s.nulls_first)
            for s in query.sort_clause]


def _order_by_satisfied(planner, sorted_by: list) -> bool:
    query = planner.query
    if not query.sort_clause or query.distinct:
        return False
    return _is_prefix(_order_by_keys(query), sorted_by)


# -- run conditions --------------------------------------------------------------------------

# Window functions whose value never decreases along a partition (PostgreSQL's
# prosupport functions window_row_number_support & co.); count(*) depends on the frame.
_ALWAYS_INCREASING = {3100, 3101, 3102}          # row_number, rank, dense_rank
_COUNT_STAR_OID = 2803
_LESS = {"<", "<="}
_GREATER = {">", ">="}
_COMMUTED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def _monotonic(func, clause) -> set:
    """{'increasing', 'decreasing'}: how the function's value moves along a partition
    (find_window_run_conditions' support-function request)."""
    if func.function is not None and func.function_oid in _ALWAYS_INCREASING:
        return {"increasing"}
    if func.aggregate is not None and func.star and func.function_oid == _COUNT_STAR_OID \
            and func.agg_filter is None:
        if not clause.order_by:
            return {"increasing", "decreasing"}
        out = set()
        if clause.frame_options & wc.FRAME_START_UNBOUNDED_PRECEDING:
            out.add("increasing")
        if clause.frame_options & wc.FRAME_END_UNBOUNDED_FOLLOWING:
            out.add("decreasing")
        return out
    return set()


def _window_aggs(plan) -> list:
    """The WindowAggs a subquery's plan ends in (below an ORDER BY's Sort), top first."""
    from pgsnake.optimizer.plan_nodes import Sort
    out = []
    while isinstance(plan, (Sort, WindowAgg)):
        if isinstance(plan, WindowAgg):
            out.append(plan)
        elif out:
            pass                      # a Sort between two windows
        plan = plan.child
    return out


def push_run_conditions(subquery, subplan, rtindex: int, quals: list) -> list:
    """WHERE conditions of the query scanning subquery `rtindex` that compare a window
    function it returns with a constant become run conditions of the subquery's top
    WindowAgg when the function is monotonic the right way; a condition the run
    condition fully decides is dropped from `quals`, an equality is kept (PostgreSQL
    15's find_window_run_conditions). Returns the quals the Subquery Scan still checks."""
    from pgsnake.datatypes import operators
    from pgsnake.parser.expression_nodes import Const, OpExpr, Param
    if not quals or not subquery.has_window_functions or subquery.limit_count is not None \
            or subquery.limit_offset is not None or subquery.distinct \
            or subquery.set_operation is not None or subquery.row_marks:
        return quals
    windows = _window_aggs(subplan)
    if not windows:
        return quals
    top = windows[0]
    outputs = subquery.output_columns()
    kept = []
    for qual in quals:
        if not (isinstance(qual, OpExpr) and len(qual.args) == 2
                and qual.operator_name in _COMMUTED):
            kept.append(qual)
            continue
        left, right = qual.args
        var_left = isinstance(left, Var) and left.rtindex == rtindex and left.levels_up == 0
        var_right = isinstance(right, Var) and right.rtindex == rtindex and right.levels_up == 0
        other = right if var_left else left
        var = left if var_left else right
        if var_left == var_right or not isinstance(other, (Const, Param)) or var.attnum < 1:
            kept.append(qual)
            continue
        func = outputs[var.attnum - 1].expr
        window = next((w for w in windows if func in w.functions), None)
        if not isinstance(func, WindowFunc) or window is None:
            kept.append(qual)
            continue
        moves = _monotonic(func, window.clause)
        name = qual.operator_name if var_left else _COMMUTED[qual.operator_name]
        condition = dataclasses.replace(qual, args=(func, other) if var_left else (other, func))
        if (name in _LESS and "increasing" in moves) or (name in _GREATER and "decreasing" in moves):
            window.run_condition.append(condition)
            if window is not top:
                top.window_filter.append(condition)
            continue
        if name == "=" and moves == {"increasing"} and window is top:
            bound = "<=" if var_left else ">="
            op = operators.resolve_operator(bound, left.type_oid, right.type_oid)
            args = (func, other) if var_left else (other, func)
            window.run_condition.append(OpExpr(bound, op.oid, op.fn, args, op.result_type))
        kept.append(qual)
    return kept


__all__ = ["WindowAgg", "plan_windows", "window_functions_by_window", "push_run_conditions"]
