"""Output columns of a FROM subquery that nothing above reads become NULL constants
before the subquery is planned, so they are neither computed nor costed (PostgreSQL's
remove_unused_subquery_outputs): a scalar subquery in an unused column is not run (and
cannot fail), and EXPLAIN VERBOSE shows NULL for it.

Entry points:
    unused_columns(planner, rtindex, rte, quals=()) -> {attnum}
        the item's columns no Var above reads (none when its whole row is), counting the
        quals that stay on the scan of it
    without_unused_outputs(query, unused) -> (query, width removed)
        a copy of the subquery with those columns NULL

Rules (remove_unused_subquery_outputs): a column is kept when a sort, group, DISTINCT
ON or window clause uses it (ressortgroupref), when it calls a set-returning function
(the row count would change) or a volatile one (its side effects are wanted); nothing is
removed from a plain DISTINCT query (every column is its key) or from a set operation
(its leaves are planned by set_operations.py / append_rel.py).

PostgreSQL: optimizer/path/allpaths.c (set_subquery_pathlist,
remove_unused_subquery_outputs).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import const_fold, cost, set_projection
from pgsnake.parser.expression_nodes import Aggref, Const, Var, walk


def unused_columns(planner, rtindex: int, rte, quals=()) -> set:
    """Output columns of the item nothing above reads (none when its whole row is)."""
    needed = set(planner.needed.get(rtindex, set()))
    for qual in quals:
        needed.update(n.attnum for n in walk(qual)
                      if isinstance(n, Var) and n.rtindex == rtindex and n.levels_up == 0)
    if 0 in needed:
        return set()
    return set(range(1, len(rte.column_names) + 1)) - needed


def _sort_group_positions(q) -> set:
    """Target-list positions a sort, DISTINCT ON, GROUP BY or window clause uses."""
    positions = {s.target_index for s in list(q.sort_clause) + list(q.distinct_on)}
    keys = list(q.group_by)
    for window in q.window_clauses:
        keys.extend(window.partition_by)
        keys.extend(k.expr for k in window.order_by)
    for i, target in enumerate(q.target_list):
        if any(target.expr is k or target.expr == k for k in keys):
            positions.add(i)
    return positions


def without_unused_outputs(q, unused: set):
    """(subquery, width removed): a copy with the output columns in `unused` made NULL
    constants of their type, but for those the rules keep; the width is what the
    unused columns took."""
    if not unused or q.distinct or q.set_operation is not None:
        return q, 0
    targets = list(q.target_list)
    kept = _sort_group_positions(q)
    position, dropped = 0, 0
    for i, target in enumerate(targets):
        if target.resjunk:
            continue
        position += 1
        expr = target.expr
        if position not in unused:
            continue
        dropped += cost.column_width(expr.type_oid, getattr(expr, "typmod", -1))
        if isinstance(expr, Const) and expr.value is None or i in kept \
                or set_projection.has_srf(expr) or const_fold.contains_volatile(expr):
            continue
        targets[i] = dataclasses.replace(
            target, expr=Const(expr.type_oid, None, getattr(expr, "typmod", -1)))
    q = copy.copy(q)
    q.target_list = targets
    if q.aggregates:
        # aggregates only the dropped columns computed are not computed (nor costed)
        used = [node for expr in [t.expr for t in targets] + [q.having]
                if expr is not None for node in walk(expr) if isinstance(node, Aggref)]
        q.aggregates = [a for a in q.aggregates if any(a == u for u in used)]
    return q, dropped
