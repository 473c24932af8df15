"""Parallel Hash's shared build: the inner input of a Parallel Hash Join read once, by
all the participants together, and its rows shared through a shared fileset.

What is shared, exactly (PostgreSQL shares one hash table in dynamic shared memory;
Python objects cannot live there):
  - the inner scan: the Parallel Hash's partial input hands each block (index page,
    bitmap page, Append child) to one participant, so every inner row is read from the
    table by one process only;
  - the inner rows: each participant that takes part in the build writes the rows it
    read to its own member of the query's shared fileset
    (base/pgsql_tmp/pgsql_tmp<segment>.sharedfileset/h<slot>.p<n>, utils/temp_files.py);
  - a build barrier in the node's slot of the Gather's segment: a participant that
    comes while the build is running joins it (attach); the build ends when every
    participant that joined has written its rows (arrive); one that comes later only
    reads (PostgreSQL's Barrier, PHJ_BUILD_HASHING_INNER then PHJ_BUILD_DONE).
Not shared: the hash table itself. After the barrier each participant reads every
member in the same order (p0, p1, ...) into a table of its own, with the serial Hash
Join's work_mem rule for batches (join_nodes.HashJoinState.build), so all of them
arrive at the same number of batches; later batches' rows go to each participant's
own temporary files, and each participant joins its own share of the outer rows.

The barrier word (u64 at the slot's start): bits 0-15 the participants that attached,
16-31 those that arrived, bit 32 the build is over, bit 33 a participant failed (its
error reaches the leader through its tuple queue; the others then return no rows, so
nothing is joined against a partial inner input). Waiters sleep on the segment's
condition variable key (storage/lmgr/condition_variable.py), which the last arrival
and the leader's ParallelContext.finish (stop) broadcast. The slot's u64 at +24 hands
out the members' numbers.

Entry points: SharedBuild.for_node(state) (None when the leader runs alone: then the
serial build reads everything), SharedBuild.build_rows(inner_state) -> the inner rows
as batches, or None when the build failed or the query stopped.

PostgreSQL: executor/nodeHash.c (MultiExecParallelHash, ExecParallelHashTableInsert),
nodeHashjoin.c (ExecParallelHashJoinPartitionOuter), storage/ipc/barrier.c,
utils/sort/sharedtuplestore.c, storage/file/sharedfileset.c.
"""
from __future__ import annotations

import os

from pgsnake.executor.parallel_query import STOP_AT, wait_key
from pgsnake.executor.plan_state import batches_of
from pgsnake.storage.lmgr import condition_variable
from pgsnake.utils import interrupts, temp_files

_ATTACHED = 1
_ARRIVED = 1 << 16
_DONE = 1 << 32
_FAILED = 1 << 33
_COUNT = 0xFFFF
_MEMBER_AT = 24              # u64: the next member number


class SharedBuild:
    def __init__(self, segment, at: int, stop_at: int) -> None:
        self.segment, self.atomics, self.at, self.stop_at = segment, segment.atomics, at, stop_at
        self.directory = temp_files.fileset_directory(segment.name)

    @classmethod
    def for_node(cls, state):
        """The shared build of a Parallel Hash's state, or None without workers."""
        allocator = getattr(state.estate, "parallel_scans", {}).get(id(state.plan))
        segment = getattr(allocator, "segment", None)
        if segment is None:
            return None
        return cls(segment, allocator.at, STOP_AT)

    def _update(self, change) -> tuple[int, int]:
        """CAS loop: (old word, new word) with new = change(old), or new None to skip."""
        atomics, at = self.atomics, self.at
        while True:
            old = atomics.load_u64(at)
            new = change(old)
            if new is None or atomics.cas_u64(at, old, new) == old:
                return old, new

    def _member(self, number: int) -> str:
        """A member's path: named by the node's slot, as a plan may hold several."""
        return os.path.join(self.directory, f"h{self.at}.p{number}")

    def _attach(self) -> int | None:
        """Join the build: this participant's member number, or None when it is over."""
        _, new = self._update(lambda w: None if w & (_DONE | _FAILED) else w + _ATTACHED)
        if new is None:
            return None
        return self.atomics.fetch_add_u64(self.at + _MEMBER_AT, 1)

    def _arrive(self, failed: bool = False) -> None:
        def change(w):
            w += _ARRIVED
            if failed:
                w |= _FAILED
            if (w >> 16) & _COUNT == w & _COUNT:
                w |= _DONE
            return w
        _, new = self._update(change)
        if new & (_DONE | _FAILED):
            condition_variable.broadcast(wait_key(self.segment))

    def _wait(self) -> bool:
        """Sleep until the build is over: True when it succeeded, False when a
        participant failed or the leader stopped the query."""
        atomics, at, key = self.atomics, self.at, wait_key(self.segment)
        sleeping = condition_variable.can_sleep()
        try:
            while True:
                if sleeping:
                    condition_variable.prepare_to_sleep(key)
                word = atomics.load_u64(at)
                if word & _FAILED or atomics.load_u32(self.stop_at):
                    return False
                if word & _DONE:
                    return True
                interrupts.check_for_interrupts()
                condition_variable.sleep(None if sleeping else 0.01)
        finally:
            if sleeping:
                condition_variable.cancel_sleep()

    def build_rows(self, inner):
        """Take part in the build (when it is still running), wait for its end, and
        return every participant's inner rows (an iterator of batches), or None."""
        member = self._attach()
        if member is not None:
            written = temp_files.TempFile(self._member(member))
            try:
                for batch in batches_of(inner):
                    written.write_batch(batch)
            except BaseException:
                written.close()
                self._arrive(failed=True)
                raise
            written.keep()
            self._arrive()
        if not self._wait():
            return None
        members = self.atomics.load_u64(self.at + _MEMBER_AT)
        return self._read(members)

    def _read(self, members: int):
        for number in range(members):
            yield from temp_files.read_batches(self._member(number))
