"""Merge Append: the rows of children that are each sorted by the same keys, merged into
one sorted stream (a heap over the children's next rows, as heapq.merge keeps it).

Entry point: MergeAppendState (the PlanState of optimizer/ordered_append.MergeAppend).
Children are read lazily, so a LIMIT above reads only the rows it needs from each.

PostgreSQL: executor/nodeMergeAppend.c.
"""
from __future__ import annotations

import heapq

from pgsnake.executor import run_time_pruning
from pgsnake.executor.plan_state import PlanState, in_batches, node_state, rows_of
from pgsnake.optimizer.ordered_append import MergeAppend
from pgsnake.utils.tuplesort import _merge_key

BATCH_ROWS = 100


@node_state(MergeAppend)
class MergeAppendState(PlanState):
    def setup(self) -> None:
        self.subplans = [self.child_state(p)
                         for p in run_time_pruning.initial_subplans(self.plan, self.estate)]

    def batches(self):
        running = run_time_pruning.running_subplans(self.plan, self.subplans, self.estate)
        merged = heapq.merge(*(rows_of(s) for s in running),
                             key=_merge_key(self.plan.keys))
        yield from in_batches(merged, BATCH_ROWS)
