"""BitmapAnd and BitmapOr: TID bitmaps combined before the Bitmap Heap Scan reads pages.

Each child (a Bitmap Index Scan, or another BitmapAnd / BitmapOr) yields its TIDs as
one-column rows, as BitmapIndexScanState does; these nodes collect every child's TIDs
into a set and hand on the intersection (BitmapAnd) or the union (BitmapOr), in TID
order. pgsnake's bitmaps are exact (a set of TIDs, never lossy pages), so the heap scan's
recheck only matters for EvalPlanQual and for children whose answer is lossy (hash and
GIN indexes set recheck_needed; the combination passes it on).

PostgreSQL: executor/nodeBitmapAnd.c, executor/nodeBitmapOr.c, nodes/tidbitmap.c
(tbm_intersect, tbm_union).
"""
from __future__ import annotations

from pgsnake.executor.plan_state import BATCH_ROWS, PlanState, node_state
from pgsnake.optimizer.plan_nodes import BitmapAnd, BitmapOr


class _CombinedBitmapState(PlanState):
    def setup(self) -> None:
        self.bitmap_states = [self.child_state(child) for child in self.plan.bitmaps]

    @property
    def recheck_needed(self) -> bool:
        """Whether some child's TIDs are only candidates (read after the TIDs were)."""
        return any(getattr(state, "recheck_needed", False) for state in self.bitmap_states)

    def _tids_of(self, state) -> set:
        tids = set()
        while (batch := state.next_batch()) is not None:
            tids.update(row[0] for row in batch)
        return tids

    def _counted_batch(self, counters):
        # EXPLAIN ANALYZE: a bitmap node reports no rows of its own (MultiExecBitmapOr's
        # InstrStopNode(..., 0)); its TIDs are counted by the heap scan above.
        batch = super()._counted_batch(counters)
        if batch is not None:
            counters.rows -= len(batch)
        return batch

    def batches(self):
        ordered = sorted(self.combined())
        for start in range(0, len(ordered), BATCH_ROWS):
            yield [[tid] for tid in ordered[start:start + BATCH_ROWS]]


@node_state(BitmapAnd)
class BitmapAndState(_CombinedBitmapState):
    def combined(self) -> set:
        result = None
        for state in self.bitmap_states:
            tids = self._tids_of(state)
            result = tids if result is None else result & tids
            if not result:              # nothing can come back: skip the other indexes
                return set()
        return result or set()


@node_state(BitmapOr)
class BitmapOrState(_CombinedBitmapState):
    def combined(self) -> set:
        result = set()
        for state in self.bitmap_states:
            result |= self._tids_of(state)
        return result
