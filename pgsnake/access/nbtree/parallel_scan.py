"""Parallel B-tree scans: several processes run the same forward index scan and each
leaf page is read by exactly one of them, so together they return every match once.

The processes share one 64-bit word in shared memory (the parallel query's segment):
0 before any of them has positioned the scan, 1 once the scan has ended, otherwise 2 +
the block number of the next leaf page to read. A process takes a page by reading it
(under its share lock, as a serial scan does) and then swapping the word from that
page to the page's right link, or to "ended" when the page ends the scan (a required
key failed, or it is the rightmost leaf), with one compare-and-swap: if another process
swapped first, the page is its, and this one drops what it read and tries the word's
new page. The first process to find the word at 0 positions the scan (the descent of
_bt_first) and publishes its first page's right link the same way; the others discard
their own descent when they lose that race. Nobody waits: a loser only reads a page
again.

Why this is exact: the word only moves right along the leaf chain (a right link read
under the page's lock, README rule B4), so no page is handed out twice; a page split
after a process read it moved its later items onto a new page right of it, which the
right link read with it leads to.

`= ANY (array)` keys (ParallelArrayKeyScan): one shared scan per set of array
elements, in index order; the word's high 32 bits say which set is being scanned, and
whoever finds a set's scan ended moves the word on to the next set (PostgreSQL's
shared btps_arrayKeyCount). Not supported (the planner makes no such paths): backward
scans.

Entry points: ParallelBtreeScan(rel, keys, scan_keys, atomics, offset, want_values=),
ParallelArrayKeyScan (the same arguments).

PostgreSQL: access/nbtree/nbtree.c (btparallelrescan, _bt_parallel_seize,
_bt_parallel_release, _bt_parallel_done), nbtsearch.c (_bt_first, _bt_readnextpage).
"""
from __future__ import annotations

from pgsnake.access.nbtree import array_keys, buffers
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree.scan import FORWARD, IndexScan, ScanItem
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.utils.interrupts import check_for_interrupts

NOT_STARTED = 0
ENDED = 1
_PAGE_BASE = 2            # the word holds _PAGE_BASE + the next leaf's block number


class ParallelBtreeScan(IndexScan):
    """One process's part of a parallel forward scan (see the module docstring): the
    shared word is the 8-aligned `offset` in `atomics` (storage/ipc/atomics), 0 when
    the scan begins. `key_set` > 0: the scan of one set of array elements
    (ParallelArrayKeyScan), whose number the word's high 32 bits hold; a word with
    another number means this set's scan is over."""

    def __init__(self, rel, keys, scan_keys, atomics, offset: int, *,
                 want_values: bool = False, key_set: int = 0) -> None:
        self.atomics, self.offset, self.base = atomics, offset, key_set << 32
        super().__init__(rel, keys, scan_keys, FORWARD, want_values=want_values)

    def next_batch(self) -> list[ScanItem] | None:
        """The matches of the next leaf page this process takes that has any; None when
        the scan has ended for every process."""
        atomics, offset, base = self.atomics, self.offset, self.base
        while not self.finished:
            check_for_interrupts()
            word = atomics.load_u64(offset)
            state = word - base
            if state == ENDED or not 0 <= state < 1 << 32:
                break
            if state == NOT_STARTED:
                positioned = self._position()
                if positioned is None:              # an empty index
                    atomics.cas_u64(offset, word, base + ENDED)
                    continue
                batch = self._read_page(*positioned)
            else:
                buf = buffers.get_buffer(self.rel, state - _PAGE_BASE, buffers.READ)
                opaque = pf.Opaque(bufmgr.page(buf))
                if opaque.is_ignored:              # (half-dead or deleted: step over)
                    self.more_right, self.next_page = True, opaque.next
                    buffers.release(buf)
                    batch = []
                else:
                    batch = self._read_page(buf, opaque.first_data_offset)
            following = ENDED if not self.more_right or self.next_page == pf.P_NONE \
                else _PAGE_BASE + self.next_page
            self.more_right = True
            if atomics.cas_u64(offset, word, base + following) == word and batch:
                return batch
        # (keys that can never match end the scan without a page read)
        atomics.cas_u64(offset, base + NOT_STARTED, base + ENDED)
        self.finished = True
        return None


class ParallelArrayKeyScan:
    """A parallel forward scan with `= ANY` keys: one shared scan per set of array
    elements (array_keys.key_sets, the same in every process), in turn: the word's high
    32 bits number the set being scanned; whoever finds that set's scan ended moves the
    word on to the next set, not started."""

    def __init__(self, rel, keys, scan_keys, atomics, offset: int, *,
                 want_values: bool = False) -> None:
        self.rel, self.keys, self.want_values = rel, keys, want_values
        self.atomics, self.offset = atomics, offset
        self._key_sets = array_keys.key_sets(keys, list(scan_keys), FORWARD)
        self._current = None
        self.finished = False

    def end(self) -> None:
        self.finished = True

    def next_batch(self) -> list[ScanItem] | None:
        atomics, offset = self.atomics, self.offset
        while not self.finished:
            key_set = atomics.load_u64(offset) >> 32
            if key_set >= len(self._key_sets):
                break
            if self._current is None or self._current.base >> 32 != key_set:
                self._current = ParallelBtreeScan(
                    self.rel, self.keys, self._key_sets[key_set], atomics, offset,
                    want_values=self.want_values, key_set=key_set)
            batch = self._current.next_batch()
            if batch is not None:
                return batch
            atomics.cas_u64(offset, (key_set << 32) + ENDED, (key_set + 1) << 32)
        self.finished = True
        return None
