"""Where the cost of computing a SELECT list is charged.

PostgreSQL costs a query level's output expressions (its PathTarget) and adds them to the
path that computes them: the scan or join below any Sort of its rows
(apply_scanjoin_target_to_paths: a scan or join node projects), or the Agg node that
reads the groups (create_agg_path adds its target's cost per output row). Columns cost
nothing; operators, functions and SubPlans do (cost.target_cost), so `SELECT a + 1`
costs 0.0025 more per row than `SELECT a`, and a correlated scalar subquery in the list
adds its whole per-row cost to the scan, as EXPLAIN shows on PostgreSQL.

Entry points: charge_select_list(planner, top, exprs), charge_grouping_input(planner, top),
charge_new_values(source, exprs), charge_exprs(plan, exprs)

PostgreSQL: optimizer/plan/planner.c (apply_scanjoin_target_to_paths,
create_grouping_paths), optimizer/util/pathnode.c (create_projection_path,
create_agg_path), optimizer/path/costsize.c (set_pathtarget_cost_width).
"""
from __future__ import annotations

from pgsnake.optimizer import cost, set_projection
from pgsnake.optimizer.incremental_sort import IncrementalSort
from pgsnake.optimizer.ordered_append import MergeAppend
from pgsnake.optimizer.plan_nodes import (Aggregate, Append, Limit, LockRows, ProjectSet,
                                          Result, Sort, Unique)
from pgsnake.parser.expression_nodes import Var

# Nodes that do not compute a target list themselves and whose cost cannot simply take
# a per-row increase of their input: the charge stops there (left as it was).
_STOP = (Append, MergeAppend, IncrementalSort, Unique, Limit, LockRows, ProjectSet)


def charge_select_list(planner, top, exprs) -> None:
    """Add the cost of computing `exprs` (the level's output expressions that are not
    computed above a Sort, sort_input_target.py) to the node PostgreSQL charges."""
    query = planner.query
    if query.has_window_functions or query.grouping_sets is not None \
            or query.set_operation is not None \
            or any(set_projection.has_srf(t.expr, computed=query.group_by)
                   for t in query.target_list):
        return                  # window_planning, grouping sets, ProjectSet charge their own
    if isinstance(top, Aggregate):
        startup, per_row = cost.target_cost(exprs)
        top.startup_cost += startup
        top.total_cost += startup + per_row * top.plan_rows
        return
    if query.has_aggregates or query.group_by or query.having is not None:
        return                  # a replaced min/max or a degenerate grouping
    startup, per_row = cost.target_cost(exprs)
    if startup or per_row:
        _charge_rows(top, startup, per_row, exprs=exprs)


def charge_grouping_input(planner, top) -> None:
    """Grouping keys that are expressions are computed by the scan or join below the
    Agg (make_group_input_target), so their cost is charged there."""
    keys = [g for g in planner.query.group_by if not isinstance(g, Var)]
    if keys:
        startup, per_row = cost.target_cost(keys)
        if startup or per_row:
            _charge_rows(top, startup, per_row)


def charge_exprs(plan, exprs) -> None:
    """Charge computing `exprs` for each row to `plan` (the scan or join that projects
    them, through a Sort), as a projection below a Sort is charged."""
    startup, per_row = cost.target_cost(exprs)
    if startup or per_row:
        _charge_rows(plan, startup, per_row)


def charge_new_values(source, exprs) -> None:
    """UPDATE's new column values are computed by the plan that finds the rows (its
    target list is the changed columns plus the row's ctid, as in PostgreSQL 15): by
    each partition's scan under a partitioned table's Append, by the Result that
    projects an inheritance tree's Append (a cpu_tuple_cost per row besides)."""
    startup, per_row = cost.target_cost(exprs)
    if isinstance(source, Result) and isinstance(source.child, Append):
        source.startup_cost += startup
        source.total_cost += startup + (cost.CPU_TUPLE_COST + per_row) * source.plan_rows
        return
    if not (startup or per_row):
        return
    if isinstance(source, Append):
        added = [_charge_rows(child, startup, per_row) for child in source.subplans]
        source.startup_cost += added[0][0] if added and added[0] else 0.0
        source.total_cost += sum(a[1] for a in added if a)
        return
    _charge_rows(source, startup, per_row)


def _charge_rows(node, startup: float, per_row: float,
                 exprs=None) -> tuple[float, float] | None:
    """Charge the node producing the rows; (startup, total) increase of `node`, or None
    when the charge stopped below a node it cannot pass. `exprs`: the select list
    charged; a Gather computes it for all the rows itself when it is not parallel
    safe."""
    if type(node) is Sort:
        below = _charge_rows(node.child, startup, per_row, exprs)
        if below is None:
            return None
        # A full sort reads all its input before its first row.
        node.startup_cost += below[1]
        node.total_cost += below[1]
        return below[1], below[1]
    if type(node).__name__ in ("Gather", "GatherMerge") and not _computed_by_gather(exprs):
        # Each worker's scan computes its share's select list (PostgreSQL applies the
        # target to the partial paths before it gathers them).
        below = _charge_rows(node.child, startup, per_row)
        if below is not None:
            node.startup_cost += below[0]
            node.total_cost += below[1]
        return below
    if isinstance(node, Result) and getattr(node, "gating", False):
        below = _charge_rows(node.child, startup, per_row)
        if below is not None:
            node.startup_cost += below[0]
            node.total_cost += below[1]
        return below
    if isinstance(node, _STOP) or isinstance(node, Aggregate):
        return None
    node.startup_cost += startup
    total = startup + per_row * node.plan_rows
    node.total_cost += total
    return startup, total


def _computed_by_gather(exprs) -> bool:
    from pgsnake.optimizer.parallel_paths import expression_is_safe
    return exprs is not None and not all(expression_is_safe(e) for e in exprs)
