"""Scans of a GiST index: the Bitmap Index Scan (every matching TID at once), the
plain Index Scan (rows in the tree's order, rechecked where the index says so) and the
Index Only Scan (rows made of the leaves' fetched values).

The scan keys are the index clauses' (index column, strategy number, operand value)
triples, the operands evaluated as a B-tree scan's are. GiST answers with a TID set and
whether some rows must be rechecked (circle_ops, poly_ops and multirange_ops keys are
bounding boxes / spans); the Bitmap Heap Scan above then re-evaluates its Recheck Cond.

Entry points: gist_bitmap_batches(state), sets state.recheck_needed;
gist_index_scan_batches(state, operands) for IndexScanState (gistgettuple: a plain scan
returns each leaf's matches as the search reaches it, and the rows whose leaf key was
lossy are tested against the index clauses, as nodeIndexscan.c's recheck does; with
ORDER BY distances, access/gist/knn.py's nearest-first order, rows of classes whose
distances are lower bounds reordered by their exact ones; an Index Only Scan's rows
come from the leaves' keys, the heap visited only for pages not all-visible).

PostgreSQL: executor/nodeBitmapIndexscan.c (MultiExecBitmapIndexScan),
nodeIndexscan.c (IndexNextWithReorder), nodeIndexonlyscan.c, access/gist/gistget.c
(gistgetbitmap, gistFetchTuple).
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
            found = gist.knn_scan(plan.index, keys, order_keys, plan.index_only)
            lossy = gist.lossy_distance_columns(plan.index)
            if any(column in lossy for column, _s, _v in order_keys):
                lossy_order = [c.clause for c in plan.order_by]
            else:       # (tid, recheck[, leaf keys]): the distances are not needed
                found = [item[:2] + item[3:] for item in found]
        else:
            found = gist.ordered_scan(plan.index, keys, plan.index_only)
    else:
        found = gist.ordered_scan(plan.index, keys, plan.index_only)
    if plan.index_only:
        yield from _index_only(state, found)
        return
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


def _index_only(state, found):
    """An Index Only Scan: each row made of its leaf keys' values (the classes' fetch),
    the heap visited only where the visibility map does not say the page is
    all-visible (to learn whether a version is visible); a lossy leaf's row is
    rechecked against the index clauses on those values."""
    from pgsnake.executor.expression_eval import compile_qual, layout_of
    from pgsnake.executor.index_only_rows import index_only_rows
    plan, estate = state.plan, state.estate
    compiled = []

    def recheck(row) -> bool:
        if not compiled:
            compiled.append(compile_qual([c.clause for c in plan.index_clauses],
                                         layout_of(plan.row_keys())))
        return compiled[0](row, estate)
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(found)
    visible_pages: dict = {}            # heap block -> all-visible? (one map look each)
    for start in range(0, len(found), BATCH_ROWS):
        rows = index_only_rows(
            state, ((tid, gist.fetched_values(plan.index, leaf_keys), needs_recheck)
                    for tid, needs_recheck, leaf_keys in found[start:start + BATCH_ROWS]),
            visible_pages, recheck if plan.index_clauses else None)
        if rows:
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
