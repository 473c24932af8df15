"""Set-returning functions in the select list: the ProjectSet nodes that evaluate them.

`SELECT id, generate_series(1, 2) FROM t` gives each row of t twice. PostgreSQL 10+ runs
such functions in a ProjectSet node above the rest of the plan: per input row, every
set-returning function (SRF) of the node is run in lockstep, and the row is repeated
until the longest is exhausted (the shorter ones give NULL); a row whose SRFs are all
empty produces nothing.

An SRF inside another SRF's arguments (generate_series(1, generate_series(1, 3))) needs
the inner one's value first, so the functions are split into levels by nesting depth,
one ProjectSet per level, the lowest first; each level's output carries what the
levels above need (the select list's SRF-free expressions and lower SRFs' values, which
the upper expressions then find in their input layout by key). When an SRF sits inside
an ordinary expression (generate_series(1, 3) + 1) a Result above the top ProjectSet
computes the final select list, as in PostgreSQL's plans.

Entry points: has_srf(expr), plan_set_projection(child, exprs, rows_estimate) -> plan,
estimate_argument(arg) (what a row estimate sees of an argument).

PostgreSQL: optimizer/util/tlist.c (split_pathtarget_at_srfs), optimizer/util/pathnode.c
(create_set_projection_path: its row and cost estimate), executor/nodeProjectSet.c.
"""
from __future__ import annotations

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import ProjectSet, Result
from pgsnake.parser.expression_nodes import ArrayExpr, Const, FuncExpr, children


def is_srf(expr) -> bool:
    return isinstance(expr, FuncExpr) and expr.returns_set


def has_srf(expr, computed=()) -> bool:
    """Does `expr` call a set-returning function (other than inside the expressions
    `computed`, which a lower node has already evaluated: GROUP BY keys)?"""
    if computed and expr in computed:
        return False
    if is_srf(expr):
        return True
    return any(has_srf(child, computed) for child in children(expr))


def _depth(expr) -> int:
    """How many SRFs are nested at the deepest point of `expr` (0: none)."""
    below = max((_depth(child) for child in children(expr)), default=0)
    return below + 1 if is_srf(expr) else below


def _srfs_by_depth(exprs) -> dict[int, list]:
    levels: dict[int, list] = {}

    def visit(expr) -> None:
        if is_srf(expr):
            bucket = levels.setdefault(_depth(expr), [])
            if expr not in bucket:
                bucket.append(expr)
        for child in children(expr):
            visit(child)

    for expr in exprs:
        visit(expr)
    return levels


def _needed_above(exprs, depth: int) -> list:
    """What the levels above `depth` read from its output, in select-list order: the
    SRFs computed at or below it that no SRF computed there contains, and the SRF-free
    parts of the expressions still to be computed (constants aside)."""
    needed: list = []

    def visit(expr) -> None:
        if isinstance(expr, Const):
            return
        if (is_srf(expr) and _depth(expr) <= depth) or not has_srf(expr):
            if expr not in needed:
                needed.append(expr)
            return
        for child in children(expr):
            visit(child)

    for expr in exprs:
        visit(expr)
    return needed


def estimate_argument(arg):
    """What a set-returning function's row estimate sees of an argument: a constant's
    value; for ARRAY[...] (one dimension) a list of as many unknown elements
    (estimate_array_length counts them); NOT_CONSTANT otherwise."""
    from pgsnake.datatypes.functions import NOT_CONSTANT
    if isinstance(arg, Const):
        return arg.value
    if isinstance(arg, ArrayExpr) and not arg.multidims:
        return [NOT_CONSTANT] * len(arg.elements)
    return NOT_CONSTANT


def _srf_rows(expr, rows_estimate) -> float:
    return rows_estimate(expr.function_oid, [estimate_argument(a) for a in expr.args])


def plan_set_projection(child, exprs: list, rows_estimate, keep_input: bool = False):
    """ProjectSet levels over `child` for the select list `exprs` (which has SRFs). The
    caller projects `exprs` onto the returned plan (its input layout holds every SRF's
    value and the SRF-free expressions). rows_estimate(function oid, constant arguments
    or None) -> rows per call (functions.rows_estimate). keep_input: each level outputs
    its input's columns and its SRFs' values (GROUP BY's SRFs, below an Agg that reads
    the rest of the row and computes its key expressions itself)."""
    levels = _srfs_by_depth(exprs)
    top_depth = max(levels)
    # An SRF inside an ordinary expression: a Result above computes the select list.
    needs_result = not keep_input and any(has_srf(e) and not is_srf(e) for e in exprs)
    plan = child
    for depth in range(1, top_depth + 1):
        outputs = _needed_above(exprs, depth)
        final = keep_input or (depth == top_depth and not needs_result)
        plan = _project_set(plan, levels[depth], exprs if final else outputs, rows_estimate,
                            project=not final)
    if needs_result:
        result = Result(child=plan)
        result.output_keys = plan.output_keys
        result.plan_rows = plan.plan_rows
        result.startup_cost = plan.startup_cost
        result.total_cost = plan.total_cost + (cost.CPU_TUPLE_COST
                                               + cost.qual_cost_per_row(exprs)) * plan.plan_rows
        plan = result
    return plan


def _project_set(child, srfs: list, outputs: list, rows_estimate, project: bool):
    from pgsnake.optimizer.planner import expression_width, key_of
    node = ProjectSet(child=child, srfs=list(srfs))
    node.input_keys = list(child.output_keys) + list(srfs)
    node.output_keys = node.input_keys
    if project:
        node.target_list = outputs
        node.output_keys = [key_of(e) for e in outputs]
    node.plan_width = sum(expression_width(e) for e in outputs)
    per_call = max((_srf_rows(s, rows_estimate) for s in srfs), default=1.0)
    node.plan_rows = child.plan_rows * max(per_call, 1.0)
    # create_set_projection_path: the select list's cost per input row plus a
    # cpu_tuple_cost per input row and half of one per added output row.
    per_tuple = cost.qual_cost_per_row(outputs)
    node.startup_cost = child.startup_cost
    node.total_cost = (child.total_cost + (cost.CPU_TUPLE_COST + per_tuple) * child.plan_rows
                       + (node.plan_rows - child.plan_rows) * cost.CPU_TUPLE_COST / 2)
    return node
