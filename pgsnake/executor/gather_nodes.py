"""Gather, Gather Merge, Parallel Seq / Index / Bitmap Heap Scan and Parallel Hash
(Join): the executor's side of parallel query.

Gather, at its first batch, makes a parallel context (parallel_query.py: a segment, its
workers asked for through the postmaster, one tuple queue each) and then returns the
rows of every participant: a batch from whichever worker has one ready, in turn, and
when none has, one batch of its own run of the child plan (parallel_leader_participation,
or always when no worker started), else it sleeps on its latch. At its end (also on
error, cancel or a LIMIT satisfied early) it stops the workers and waits for them.
EXPLAIN ANALYZE: "Workers Launched" (the workers asked for and granted a slot); the
workers' counters of the child nodes are added to the leader's, so loops counts every
participant and rows are per loop, as PostgreSQL prints them.

Parallel Hash Join: the participants read the inner input once between them (its
parallel scans share their blocks as anywhere else) and share its rows through a
shared fileset, behind a build barrier (parallel_hash.py); each then hashes all of them
and joins its share of the outer rows.

Parallel Seq Scan reads the blocks its process is handed (the shared counter of
parallel_query.BlockAllocator, estate.parallel_scans by node), a page per batch, with the
leader's snapshot: the participants together return each visible row once.

Parallel Index Scan / Index Only Scan run the B-tree's shared forward scan
(access/nbtree/parallel_scan.py) over the segment's scan word: each leaf page is read
by one participant. Parallel Bitmap Heap Scan: the leader builds the bitmap (its
Bitmap Index Scan child) when the Gather starts (_launch) and sends it to the workers
in the payload; each participant takes the bitmap's next page by a fetch-and-add of
the scan word. Parallel Append: see ParallelAppendState. Run without workers
(LocalBlocks), each reads everything.

PostgreSQL: executor/nodeGather.c (ExecGather, gather_getnext, gather_readnext),
nodeSeqscan.c (ExecSeqScanInitializeDSM / InitializeWorker), nodeIndexscan.c /
nodeIndexonlyscan.c / nodeBitmapHeapscan.c (their DSM parts), access/table/tableam.c
(table_block_parallelscan_nextpage).
"""
from __future__ import annotations

import heapq

from pgsnake.executor import join_nodes, parallel_hash, parallel_query
from pgsnake.executor.index_scan_nodes import BitmapHeapScanState, IndexScanState
from pgsnake.executor.plan_state import (PlanState, batches_of, in_batches, node_state,
                                         rows_of)
from pgsnake.executor.scan_nodes import SeqScanState
from pgsnake.optimizer.parallel_append import ParallelAppend
from pgsnake.optimizer.parallel_joins import ParallelHash, ParallelHashJoin
from pgsnake.optimizer.parallel_paths import (Gather, GatherMerge, ParallelBitmapHeapScan,
                                              ParallelIndexScan, ParallelSeqScan)
from pgsnake.storage.ipc import latch
from pgsnake.utils import interrupts, settings
from pgsnake.utils.tuplesort import _merge_key


def _allocator(state):
    """What shares out a parallel scan's work: the leader's Gather's (a plan may hold
    several Gathers), a worker's fragment's; None outside a Gather (never planned)."""
    return getattr(state.estate, "parallel_scans", {}).get(id(state.plan))


@node_state(ParallelSeqScan)
class ParallelSeqScanState(SeqScanState):
    def scan_batches(self):
        allocator = _allocator(self)
        return self.table_batches(None if allocator is None else allocator.blocks())


@node_state(ParallelIndexScan)
class ParallelIndexScanState(IndexScanState):
    """An Index (Only) Scan whose leaf pages every participant takes in turn through
    the shared word of its Gather's segment (run alone, it is a serial scan)."""

    def shared_position(self):
        allocator = _allocator(self)
        return None if allocator is None else allocator.shared_word()


@node_state(ParallelBitmapHeapScan)
class ParallelBitmapHeapScanState(BitmapHeapScanState):
    """A Bitmap Heap Scan whose bitmap the leader builds before its workers start (they
    get it in the segment's payload: estate.parallel_bitmaps) and whose table pages
    every participant takes in turn, by the shared word's count (run alone, it reads
    them all)."""

    def setup(self) -> None:
        super().setup()
        given = getattr(self.estate, "parallel_bitmaps", None)
        self.bitmap = None if given is None else given.get(id(self.plan))
        if given is None:       # the leader's: its Gather builds the bitmap (_launch)
            self.estate.__dict__.setdefault("parallel_bitmap_states", {})[
                id(self.plan)] = self

    def build_bitmap(self) -> list:
        """The leader's bitmap, its TIDs sorted (again at each launch of its Gather)."""
        self.bitmap = sorted(self.bitmap_tids())
        return self.bitmap

    def scan_batches(self, operands):
        ordered = self.bitmap if self.bitmap is not None else self.build_bitmap()
        pages: dict = {}
        for tid in ordered:
            pages.setdefault(tid[0], []).append(tid)
        blocks = list(pages)
        allocator = _allocator(self)
        shared = None if allocator is None else allocator.shared_word()
        if shared is None:
            taken = iter(range(len(blocks)))
        else:
            atomics, offset = shared
            taken = iter(lambda: atomics.fetch_add_u64(offset, 1), None)
        # EXPLAIN ANALYZE's Heap Blocks are the leader's own pages (PostgreSQL 15 keeps
        # no shared count), so a worker counts none
        counters = self.counters if getattr(self.estate, "parallel_bitmaps", None) is None \
            else None
        for i in taken:
            if i >= len(blocks):
                return
            if counters is not None:
                counters.exact_pages += 1
            yield from self.rows_at(pages[blocks[i]])


@node_state(ParallelAppend)
class ParallelAppendState(PlanState):
    """A Parallel Append: the participants take its children in order, each the next
    one by a fetch-and-add of the node's counter (so each non-partial child is run
    whole by one participant, and each partial one is started by one); once every
    child is taken, a participant joins the partial children not yet finished (they
    share their own pages), and whoever finds one's scan dry marks it finished (its
    flag in the node's slot). Run alone, it runs every child in turn (PostgreSQL's
    choose_next_subplan_for_worker, without the leader's preference for the last
    partial children)."""

    def setup(self) -> None:
        self.subplans = [self.child_state(p) for p in self.plan.subplans]

    def batches(self):
        allocator = _allocator(self)
        shared = None if allocator is None else allocator.shared_word()
        if shared is None:
            for subplan in self.subplans:
                yield from batches_of(subplan)
            return
        atomics, at = shared
        count = len(self.subplans)
        flag = [at + 8 + 4 * i for i in range(count)]
        first_partial = self.plan.first_partial_plan
        while (i := atomics.fetch_add_u64(at, 1)) < count:
            if i < first_partial or atomics.load_u32(flag[i]) == 0:
                yield from batches_of(self.subplans[i])
                atomics.store_u32(flag[i], 1)
        for i in range(first_partial, count):        # help with the unfinished ones
            if atomics.load_u32(flag[i]) == 0:
                yield from batches_of(self.subplans[i])
                atomics.store_u32(flag[i], 1)


@node_state(ParallelHashJoin)
class ParallelHashJoinState(join_nodes.HashJoinState):
    """A Hash Join whose inner rows come from the shared build of its Parallel Hash
    (parallel_hash.py): the participants read the inner input once between them and
    each makes its hash table from all of their rows; it then joins its own share of
    the outer rows. Run by the leader alone, it is a serial Hash Join."""

    def build(self, inner_batches=None) -> None:
        shared = parallel_hash.SharedBuild.for_node(self.inner)
        if shared is None:
            return super().build()
        rows = shared.build_rows(self.inner)
        # None: a participant failed (its error reaches the leader through its queue)
        # or the leader stopped the query; either way nothing is joined here
        self.abandoned = rows is None
        super().build(() if rows is None else rows)

    def initial_size(self):
        return None        # (no estimate-sized start: see the executor README)

    def restart(self, changed) -> None:
        # a new launch of the Gather builds a new shared table: never keep the old one
        self._close_batches()
        self.outer.rescan(changed)
        self.release()
        self.inner.rescan(changed)


@node_state(ParallelHash)
class ParallelHashState(join_nodes.HashState):
    """The inner input of a Parallel Hash Join (its join reads it through the shared
    build)."""


@node_state(Gather)
class GatherState(PlanState):
    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)
        self.context = None

    def batches(self):
        context = _launch(self)
        local = context.launched == 0 or settings.get("parallel_leader_participation")
        local_done = not local
        try:
            while True:
                rows = context.read(self.estate) if context.launched else None
                if rows:
                    yield rows
                    continue
                if not local_done:
                    batch = self.child.next_batch()
                    if batch is None:
                        local_done = True
                    else:
                        yield batch
                    continue
                if rows is None:           # every worker finished
                    return
                latch.wait(None)
                latch.reset_my_latch()
                interrupts.check_for_interrupts()
        finally:
            self._finish()

    def _finish(self) -> None:
        context, self.context = self.context, None
        if context is not None:
            context.finish()

    def restart(self, changed: set) -> None:
        self._finish()
        super().restart(changed)

    def release(self) -> None:
        self._finish()



@node_state(GatherMerge)
class GatherMergeState(GatherState):
    """Gather Merge: each participant's rows come sorted (its own Sort); they are merged
    in the Sort's key order, a heap over every participant's next row, waiting on the
    latch for a worker whose next row has not come yet."""

    def _worker_rows(self, context, i):
        estate = self.estate
        while True:
            latch.reset_my_latch()
            rows = context.read_from(i, estate)
            if rows is None:
                return
            if rows:
                yield from rows
                continue
            latch.wait(None)
            interrupts.check_for_interrupts()

    def batches(self):
        context = _launch(self)
        streams = [self._worker_rows(context, i) for i in range(context.launched)]
        if context.launched == 0 or settings.get("parallel_leader_participation"):
            streams.append(rows_of(self.child))
        try:
            yield from in_batches(heapq.merge(*streams, key=_merge_key(self.plan.keys)))
        finally:
            self._finish()


def _launch(state):
    """Start the workers of a Gather / Gather Merge: the parallel context (kept on the
    state, which ends it), the shared block allocator for the leader's own scan, and
    EXPLAIN ANALYZE's "Workers Launched"."""
    nodes = parallel_query.fragment_nodes(state.plan.child)
    builders = getattr(state.estate, "parallel_bitmap_states", {})
    bitmaps = {position: builders[id(node)].build_bitmap()
               for position, node in enumerate(nodes)
               if isinstance(node, ParallelBitmapHeapScan) and id(node) in builders}
    context = state.context = parallel_query.ParallelContext.begin(
        state.plan, state.estate, bitmaps)
    state.estate.__dict__.setdefault("parallel_scans", {}).update(context.allocators)
    if state.counters is not None:
        state.counters.workers_launched = context.launched
    return context
