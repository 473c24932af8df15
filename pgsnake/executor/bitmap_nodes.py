"""BitmapAnd and BitmapOr: TID bitmaps combined before the Bitmap Heap Scan reads pages.

Each child (a Bitmap Index Scan, or another BitmapAnd / BitmapOr) yields its TIDs as
one-column rows, as BitmapIndexScanState does; these nodes collect every child's TIDs
into a set and hand on the intersection (BitmapAnd) or the union (BitmapOr), in TID
order. A BRIN child's bitmap is lossy: whole pages, (block, None); as tidbitmap.c
combines them, an intersection keeps an exact TID whose page the other side has lossy
and a page lossy on both sides, a union makes a page lossy if either side has it so
(its exact TIDs are dropped). The heap scan rechecks every row of a lossy page, and
the rows of exact TIDs when a child's answer is lossy (hash, GIN, BRIN set
recheck_needed; the combination passes it on).

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
        ordered = sorted(self.combined(), key=_tid_order)
        for start in range(0, len(ordered), BATCH_ROWS):
            yield [[tid] for tid in ordered[start:start + BATCH_ROWS]]


def _tid_order(tid) -> tuple:
    return (tid[0], tid[1] or 0)


def _split(tids: set) -> tuple[set, set]:
    """(exact TIDs, lossy pages)."""
    lossy = {tid[0] for tid in tids if tid[1] is None}
    return {tid for tid in tids if tid[1] is not None}, lossy


def _joined(exact: set, lossy: set) -> set:
    return {tid for tid in exact if tid[0] not in lossy} | {(page, None) for page in lossy}


@node_state(BitmapAnd)
class BitmapAndState(_CombinedBitmapState):
    def combined(self) -> set:
        result = None
        for state in self.bitmap_states:
            exact, lossy = _split(self._tids_of(state))
            if result is None:
                result = (exact, lossy)
            else:
                r_exact, r_lossy = result
                result = ({t for t in r_exact if t in exact or t[0] in lossy}
                          | {t for t in exact if t[0] in r_lossy}, r_lossy & lossy)
            if not result[0] and not result[1]:   # nothing can come back: skip the rest
                return set()
        return _joined(*result) if result is not None else set()


@node_state(BitmapOr)
class BitmapOrState(_CombinedBitmapState):
    def combined(self) -> set:
        exact, lossy = set(), set()
        for state in self.bitmap_states:
            more_exact, more_lossy = _split(self._tids_of(state))
            exact |= more_exact
            lossy |= more_lossy
        return _joined(exact, lossy)
