"""Incremental Sort: sorts input already ordered by the node's presorted keys a batch of
groups at a time, handing each batch on before reading further.

Entry points: IncrementalSortState (the PlanState of optimizer/incremental_sort.py's
IncrementalSort).

The two modes of PostgreSQL's node:
  full sort       gather at least MIN_GROUP_ROWS rows, then more while they share the
                  presorted keys of the last one (the pivot); sort the batch on every key
                  when a row with other presorted keys arrives. Reaching
                  MAX_FULL_SORT_ROWS rows all like the pivot means a large group: the
                  batch is sorted, its rows before the pivot's group are handed on, and
                  the pivot's group continues in
  prefix sort     every row with the pivot's presorted keys is gathered and sorted on
                  the remaining keys, then full sort mode resumes.
Each batch starts and ends at a change of the presorted keys, so sorting it on all keys
gives the same order as a full Sort. A Limit above reads only the batches it needs.

EXPLAIN ANALYZE: "Full-sort Groups: n  Sort Method: quicksort  Average Memory: nkB
Peak Memory: nkB" and, when prefix sort mode ran, the same for "Pre-sorted Groups"
(memory as PostgreSQL would count the rows, tuplesort.pg_tuple_bytes), set on the
node's counters as `stats_line`. pgsnake always sorts in memory (a group larger than
work_mem is not spilled) and reports quicksort where PostgreSQL may say top-N heapsort
for a bounded group.

PostgreSQL: executor/nodeIncrementalSort.c (ExecIncrementalSort, switchToPresortedPrefixMode,
isCurrentGroup, show_incremental_sort_info in commands/explain.c).
"""
from __future__ import annotations

import math
from operator import itemgetter

from pgsnake.executor.plan_state import BATCH_ROWS, PlanState, batches_of, node_state
from pgsnake.optimizer.incremental_sort import IncrementalSort
from pgsnake.utils.tuplesort import pg_tuple_bytes, sort_rows

MIN_GROUP_ROWS = 32                       # DEFAULT_MIN_GROUP_SIZE
MAX_FULL_SORT_ROWS = 2 * MIN_GROUP_ROWS   # DEFAULT_MAX_FULL_SORT_GROUP_SIZE


class _GroupStats:
    """Groups sorted in one mode and their memory (show_incremental_sort_group_info)."""

    def __init__(self) -> None:
        self.groups = 0
        self.total_kb = 0
        self.peak_kb = 0

    def note(self, rows: list) -> None:
        kb = math.ceil(sum(pg_tuple_bytes(r) for r in rows) / 1024)
        self.groups += 1
        self.total_kb += kb
        self.peak_kb = max(self.peak_kb, kb)

    def text(self, label: str) -> str:
        average = self.total_kb // self.groups if self.groups else 0
        return (f"{label} Groups: {self.groups}  Sort Method: quicksort  "
                f"Average Memory: {average}kB  Peak Memory: {self.peak_kb}kB")


@node_state(IncrementalSort)
class IncrementalSortState(PlanState):

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)
        self.bound = None

    def set_bound(self, bound: int | None) -> None:
        """A Limit above reads at most `bound` rows; batches are made on demand, so
        nothing past them is sorted anyway."""
        self.bound = bound

    def batches(self):
        keys = self.plan.keys
        prefix_indexes = [k.index for k in keys[:self.plan.presorted]]
        prefix_of = itemgetter(*prefix_indexes)
        suffix = keys[self.plan.presorted:]
        full, presorted = _GroupStats(), _GroupStats()
        pending: list = []            # full sort mode's batch
        group: list = []              # prefix sort mode's group (all one prefix)
        try:
            for batch in batches_of(self.child):
                for row in batch:
                    if group:
                        if prefix_of(row) == prefix_of(group[0]):
                            group.append(row)
                            continue
                        presorted.note(group)
                        yield from _chunks(sort_rows(group, suffix))
                        group = []
                    if len(pending) < MIN_GROUP_ROWS or prefix_of(row) == prefix_of(pending[-1]):
                        pending.append(row)
                        if len(pending) >= MAX_FULL_SORT_ROWS:
                            # A large group: hand on what comes before it, then gather
                            # the group alone (switchToPresortedPrefixMode).
                            full.note(pending)
                            ordered = sort_rows(pending, keys)
                            pivot = prefix_of(row)
                            before = [r for r in ordered if prefix_of(r) != pivot]
                            group = [r for r in ordered if prefix_of(r) == pivot]
                            pending = []
                            yield from _chunks(before)
                        continue
                    full.note(pending)
                    yield from _chunks(sort_rows(pending, keys))
                    pending = [row]
            if group:
                presorted.note(group)
                yield from _chunks(sort_rows(group, suffix))
            if pending:
                full.note(pending)
                yield from _chunks(sort_rows(pending, keys))
        finally:
            self._note_stats(full, presorted)

    def _note_stats(self, full: _GroupStats, presorted: _GroupStats) -> None:
        if self.counters is None:
            return
        lines = [full.text("Full-sort")] if full.groups else []
        if presorted.groups:
            lines.append(presorted.text("Pre-sorted"))
        self.counters.stats_line = "\n".join(lines) or None

    def restart(self, changed) -> None:
        self._close_batches()
        self.child.rescan(changed)


def _chunks(rows: list):
    for start in range(0, len(rows), BATCH_ROWS):
        yield rows[start:start + BATCH_ROWS]
