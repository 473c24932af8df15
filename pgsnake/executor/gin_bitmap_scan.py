"""The Bitmap Index Scan of a GIN index: every matching TID at once.

The scan keys are the index clauses' (strategy number, operand value, index column), the
operands evaluated as a B-tree scan's are (constants, parameters, stable functions).
GIN answers with a TID set and whether the rows must be rechecked (jsonb_ops' @>,
array_ops' <@ and =: the keys cannot prove a match); the Bitmap Heap Scan above then
re-evaluates its Recheck Cond on each row, as PostgreSQL's does for GIN's lossy
answers.

Entry point: gin_bitmap_batches(state) (BitmapIndexScanState's batches for a GIN
index), sets state.recheck_needed.

PostgreSQL: executor/nodeBitmapIndexscan.c (MultiExecBitmapIndexScan), access/gin/
ginget.c (gingetbitmap), executor/nodeBitmapHeapscan.c (tbmres->recheck).
"""
from __future__ import annotations

from pgsnake.access.gin import access_method as gin
from pgsnake.executor.plan_state import BATCH_ROWS
from pgsnake.utils.activity import pgstat


def gin_bitmap_batches(state):
    plan, estate = state.plan, state.estate
    keys = []
    for clause, operand in zip(plan.index_clauses, state.code):
        value = operand(None, estate)
        if value is None:                # a strict operator with a NULL operand: no rows
            state.recheck_needed = False
            return
        keys.append((clause.strategy, value, clause.column))
    tids, recheck = gin.bitmap_scan(plan.index, keys)
    state.recheck_needed = recheck
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(tids)
    ordered = gin.tids_in_order(tids)
    for start in range(0, len(ordered), BATCH_ROWS):
        yield [[tid] for tid in ordered[start:start + BATCH_ROWS]]
