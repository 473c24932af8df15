"""Select-list columns computed after ORDER BY (and LIMIT) rather than before it.

`SELECT a, nextval('s') FROM t ORDER BY a LIMIT 3` calls nextval three times in
PostgreSQL, in the output order: a select-list column that is not a sort key and calls a
volatile function (or, with a LIMIT, is expensive) is left out of the sort's input and
computed by a Result above the Sort, which only sees the rows the Limit reads (a bounded
Sort hands it count + offset rows).

Entry points:
    plan(planner, exprs) -> SortInput | None   the split, when some column is postponed
    SortInput.lower          the expressions the sort's input computes: the kept columns in
                             order, then the Vars / Aggrefs the postponed ones need (those
                             not already among them)
    SortInput.position       old target index -> its index in `lower` (kept columns)
    SortInput.result(child)  the Result over the sorted (limited) plan giving the full
                             select list in its positions again
    project_rows_singly(limit)   marks the node under a Limit whose select list calls
                             volatile functions to project one row per request

Not done (as in the query kinds left to PostgreSQL's other paths): DISTINCT, DISTINCT ON,
set operations, windows, grouping sets, row locks and set-returning functions keep every
column below the sort.

PostgreSQL: optimizer/plan/planner.c (make_sort_input_target), optimizer/util/tlist.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import const_fold, cost
from pgsnake.optimizer.plan_nodes import Result
from pgsnake.parser.expression_nodes import (Aggref, ColumnReference, Const, Var, children,
                                             walk)


@dataclasses.dataclass
class SortInput:
    lower: list
    position: dict
    upper: list          # the select list over `lower`'s columns


def _needed(expr, out: list) -> None:
    """The Vars and Aggrefs `expr` reads (pull_var_clause with aggregates included)."""
    if isinstance(expr, (Var, Aggref)):
        if expr not in out:
            out.append(expr)
        return
    for child in children(expr):
        if child is not None:
            _needed(child, out)


def plan(planner, exprs: list) -> SortInput | None:
    query = planner.query
    if not query.sort_clause or query.distinct or query.distinct_on \
            or query.set_operation is not None or query.has_window_functions \
            or query.grouping_sets is not None or query.row_marks or planner.row_marks \
            or planner.presorted:
        # (already in ORDER BY's order: PostgreSQL computes the columns where the rows
        # come out, one row per Limit request; pgsnake's batches compute them there too)
        return None
    from pgsnake.optimizer import set_projection
    if any(set_projection.has_srf(e) for e in exprs):
        return None
    sort_indexes = {s.target_index for s in query.sort_clause}
    limited = query.limit_count is not None
    postponed = set()
    for index, expr in enumerate(exprs):
        if index in sort_indexes or isinstance(expr, (Var, Const)):
            continue
        if any(isinstance(n, (Aggref,)) and const_fold.contains_volatile(n) for n in walk(expr)):
            continue             # a volatile aggregate argument is the aggregate's input
        if const_fold.contains_volatile(expr) or \
                (limited and cost.qual_cost_per_row([expr]) > 10 * cost.CPU_OPERATOR_COST):
            postponed.add(index)
    if not postponed:
        return None
    lower: list = []
    position: dict = {}
    for index, expr in enumerate(exprs):
        if index not in postponed:
            position[index] = len(lower)
            lower.append(expr)
    needed: list = []
    for index in sorted(postponed):
        _needed(exprs[index], needed)
    for expr in needed:
        if expr not in lower:
            lower.append(expr)

    def over_lower(expr):
        if expr in lower:
            at = lower.index(expr)
            return ColumnReference(at, expr.type_oid, expr,
                                   in_parens=not isinstance(expr, Var))
        if not dataclasses.is_dataclass(expr) or not hasattr(expr, "type_oid"):
            return expr
        return _map_children(expr, over_lower)
    upper = []
    for index, expr in enumerate(exprs):
        if index in postponed:
            upper.append(over_lower(expr))
        else:
            upper.append(ColumnReference(position[index], expr.type_oid, expr,
                                         in_parens=not isinstance(expr, (Var, Const))))
    return SortInput(lower, position, upper)


def _map_children(expr, fn):
    from pgsnake.parser.expression_nodes import CHILD_FIELDS, CaseExpr
    if isinstance(expr, CaseExpr):
        return dataclasses.replace(
            expr, whens=tuple((fn(c), fn(r)) for c, r in expr.whens),
            default=None if expr.default is None else fn(expr.default))
    changes = {}
    for name in CHILD_FIELDS:
        value = getattr(expr, name, None)
        if value is None:
            continue
        if isinstance(value, tuple):
            changes[name] = tuple(None if v is None else fn(v) for v in value)
        else:
            changes[name] = fn(value)
    return dataclasses.replace(expr, **changes) if changes else expr


def result(split: SortInput, child, width_of) -> Result:
    """The Result computing the full select list over the sorted plan `child`."""
    node = Result(child=child)
    node.after_sort = True          # EXPLAIN VERBOSE's Output (commands/explain_output.py)
    node.input_keys = child.output_keys
    node.target_list = list(split.upper)
    node.output_keys = [("col", i) for i in range(len(split.upper))]
    node.plan_rows = child.plan_rows
    node.plan_width = sum(width_of(e) for e in split.upper)
    # a projection the Sort cannot do: its target and a cpu_tuple_cost per row
    # (create_projection_path without a dummy projection)
    startup, per_row = cost.target_cost(split.upper)
    node.startup_cost = child.startup_cost + startup
    node.total_cost = child.total_cost + startup \
        + (cost.CPU_TUPLE_COST + per_row) * child.plan_rows
    return node


def project_rows_singly(limit) -> None:
    """Under a Limit, the node computing a select list with volatile functions projects
    one row at a time (its input still comes in batches): the functions run only for the
    rows the Limit reads, as PostgreSQL's pull-one-row executor has it (`nextval()` over
    an index scan in ORDER BY's order)."""
    from pgsnake.optimizer.plan_nodes import LockRows
    node = limit.child
    while isinstance(node, LockRows):
        node = node.child
    if node is not None and node.target_list is not None \
            and any(const_fold.contains_volatile(e) for e in node.target_list):
        node.row_at_a_time = True      # executor/plan_state.py _next_input
