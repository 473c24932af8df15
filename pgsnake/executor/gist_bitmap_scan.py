"""Scans of a GiST index: the Bitmap Index Scan (every matching TID at once) and the
plain Index Scan (rows in the tree's order, rechecked where the index says so).

The scan keys are the index clauses' (index column, strategy number, operand value)
triples, the operands evaluated as a B-tree scan's are. GiST answers with a TID set and
whether some rows must be rechecked (circle_ops, poly_ops and multirange_ops keys are
bounding boxes / spans); the Bitmap Heap Scan above then re-evaluates its Recheck Cond.

Entry points: gist_bitmap_batches(state), sets state.recheck_needed;
gist_index_scan_batches(state, operands) for IndexScanState (gistgettuple: a plain scan
returns each leaf's matches as the search reaches it, and the rows whose leaf key was
lossy are tested against the index clauses, as nodeIndexscan.c's recheck does; with
ORDER BY distances, access/gist/knn.py's nearest-first order).

PostgreSQL: executor/nodeBitmapIndexscan.c (MultiExecBitmapIndexScan), access/gist/
gistget.c (gistgetbitmap).
"""
from __future__ import annotations

from pgsnake.access.gist import access_method as gist
from pgsnake.executor.plan_state import BATCH_ROWS
from pgsnake.utils.activity import pgstat


def _keys(plan, operands, estate) -> list | None:
    """(column, strategy, value) scan keys; None when an operand is NULL (a strict
    operator: no rows)."""
    keys = []
    for clause, operand in zip(plan.index_clauses, operands):
        value = operand(None, estate)
        if value is None:
            return None
        keys.append((clause.column - 1, clause.strategy, value))
    return keys


def gist_index_scan_batches(state, operands):
    from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
    from pgsnake.executor.index_scan_nodes import _heap_rows
    plan, estate = state.plan, state.estate
    keys = _keys(plan, operands, estate)
    if keys is None:
        return
    lossy_order = None
    if plan.order_by:                   # ORDER BY col <-> value: nearest first
        order_keys = []
        for clause in plan.order_by:
            value = compile_expression(clause.operand, {})(None, estate)
            if value is None:           # a NULL distance operand: no order (all NULL)
                order_keys = None
                break
            order_keys.append((clause.column - 1, clause.strategy, value))
        if order_keys is not None:
            found = gist.knn_scan(plan.index, keys, order_keys)
            lossy = gist.lossy_distance_columns(plan.index)
            if any(column in lossy for column, _s, _v in order_keys):
                lossy_order = [c.clause for c in plan.order_by]
            else:
                found = [(tid, recheck) for tid, recheck, _d in found]
        else:
            found = gist.ordered_scan(plan.index, keys)
    else:
        found = gist.ordered_scan(plan.index, keys)
    if lossy_order is not None:
        yield from _reordered(state, found, lossy_order)
        return
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(found)
    recheck = None
    for start in range(0, len(found), BATCH_ROWS):
        part = found[start:start + BATCH_ROWS]
        lossy = {tuple(tid) for tid, needs in part if needs}
        rows = _heap_rows(plan.relation, [tid for tid, _n in part], estate.snapshot,
                          plan.system_columns)
        if lossy:
            if recheck is None:
                recheck = compile_qual([c.clause for c in plan.index_clauses],
                                       layout_of(plan.row_keys()))
            natts = len(plan.relation.attributes)
            kept = [r for r in rows if tuple(r[natts]) not in lossy or recheck(r, estate)]
            if state.counters is not None and len(kept) < len(rows):
                # EXPLAIN ANALYZE's "Rows Removed by Index Recheck"
                state.counters.recheck_removed = getattr(state.counters, "recheck_removed",
                                                         0) + len(rows) - len(kept)
            rows = kept
        if rows:
            pgstat.table_status(plan.index).tuples_fetched += len(rows)
            yield rows


def _reordered(state, found, order_exprs):
    """IndexNextWithReorder: the index's order is by lower bounds of the distances
    (bounding boxes); each row's exact distances are computed from it, and a row is
    returned once no later index entry can come before it (its exact distances are at
    most the next entry's lower bounds). Rows whose leaf key was lossy are rechecked
    against the index clauses first."""
    import heapq
    import itertools

    from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
    from pgsnake.executor.index_scan_nodes import _heap_rows
    plan, estate = state.plan, state.estate
    layout = layout_of(plan.row_keys())
    exact = [compile_expression(expr, layout) for expr in order_exprs]
    recheck = compile_qual([c.clause for c in plan.index_clauses], layout) \
        if plan.index_clauses else None
    natts = len(plan.relation.attributes)
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(found)
    inf = float("inf")
    queue: list = []
    counter = itertools.count()
    out: list = []
    for start in range(0, len(found), BATCH_ROWS):
        part = found[start:start + BATCH_ROWS]
        rows = {tuple(r[natts]): r for r in _heap_rows(
            plan.relation, [tid for tid, _r, _d in part], estate.snapshot,
            plan.system_columns)}
        for tid, needs_recheck, bound in part:
            while queue and queue[0][0] <= bound:
                out.append(heapq.heappop(queue)[2])
            row = rows.get(tuple(tid))
            if row is None or (needs_recheck and recheck is not None
                               and not recheck(row, estate)):
                continue
            distances = tuple(inf if d is None else d
                              for d in (fn(row, estate) for fn in exact))
            heapq.heappush(queue, (distances, next(counter), row))
        if out:
            pgstat.table_status(plan.index).tuples_fetched += len(out)
            yield out
            out = []
    while queue:
        out.append(heapq.heappop(queue)[2])
    if out:
        pgstat.table_status(plan.index).tuples_fetched += len(out)
        yield out


def gist_bitmap_batches(state):
    plan, estate = state.plan, state.estate
    keys = _keys(plan, state.code, estate)
    if keys is None:
        state.recheck_needed = False
        return
    tids, recheck = gist.bitmap_scan(plan.index, keys)
    state.recheck_needed = recheck
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(tids)
    ordered = sorted(tids)
    for start in range(0, len(ordered), BATCH_ROWS):
        yield [[tid] for tid in ordered[start:start + BATCH_ROWS]]
