"""The Bitmap Index Scan of a GiST index: every matching TID at once.

The scan keys are the index clauses' (index column, strategy number, operand value)
triples, the operands evaluated as a B-tree scan's are. GiST answers with a TID set and
whether some rows must be rechecked (circle_ops, poly_ops and multirange_ops keys are
bounding boxes / spans); the Bitmap Heap Scan above then re-evaluates its Recheck Cond.

Entry point: gist_bitmap_batches(state), sets state.recheck_needed.

PostgreSQL: executor/nodeBitmapIndexscan.c (MultiExecBitmapIndexScan), access/gist/
gistget.c (gistgetbitmap).
"""
from __future__ import annotations

from pgsnake.access.gist import access_method as gist
from pgsnake.executor.plan_state import BATCH_ROWS
from pgsnake.utils.activity import pgstat


def gist_bitmap_batches(state):
    plan, estate = state.plan, state.estate
    keys = []
    for clause, operand in zip(plan.index_clauses, state.code):
        value = operand(None, estate)
        if value is None:                # a strict operator with a NULL operand: no rows
            state.recheck_needed = False
            return
        keys.append((clause.column - 1, clause.strategy, value))
    tids, recheck = gist.bitmap_scan(plan.index, keys)
    state.recheck_needed = recheck
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(tids)
    ordered = sorted(tids)
    for start in range(0, len(ordered), BATCH_ROWS):
        yield [[tid] for tid in ordered[start:start + BATCH_ROWS]]
