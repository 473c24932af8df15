"""Index scans: position on the first matching leaf item, then return the matching
heap TIDs one leaf page at a time, forwards or backwards.

Positioning (_bt_first): from the preprocessed keys pick, column by column, a starting
boundary: the `=` key, or for a forward scan a lower bound (> or >=) and for a backward
scan an upper bound, continuing to the next column only after an `=` or an inclusive
bound. Those values form an insertion key; one descent finds the first item >= it (or >
it), stepping back one item for a backward scan. With no usable boundary the scan
starts at the leftmost or rightmost leaf (_bt_endpoint).

Reading (_bt_readpage): under the page's share lock, every item from the start offset
to the end of the page (in the scan's direction) is checked against all keys; those
that pass are copied out, and a key required in this direction that fails ends the
scan. On a forward scan the high key is checked too, so a scan can end without visiting
the next page. The lock is released before the batch is returned.

Concurrency (README rule B4): a split moves items only rightwards, onto a new page
placed just right of the page that split. A forward scan continues at the right link
the page had *when it was read*: whatever a later split of that page moved onto a new
page in between was read already, so nothing is returned twice, and an entry inserted
after our read belongs to a transaction our snapshot cannot see. A backward scan steps
to the current left link, and if that page split after our read, walks right from it
to the page whose right link is the page it came from (_bt_walk_left), so nothing is
skipped either.

pgsnake drops the pin between batches (PostgreSQL keeps it for index-only scans and
non-MVCC snapshots, to interlock with VACUUM, which does not exist yet).

Entry points: IndexScan (begin with the constructor; next_batch, rescan, end),
ScanItem, FORWARD, BACKWARD.

PostgreSQL: access/nbtree/nbtsearch.c (_bt_first, _bt_next, _bt_readpage, _bt_steppage,
_bt_readnextpage, _bt_walk_left, _bt_endpoint), access/nbtree/nbtree.c (btbeginscan,
btrescan, btgettuple, btendscan).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import search
from pgsnake.access.nbtree.key_comparison import IndexKeys, InsertionKey
from pgsnake.access.nbtree.scan_keys import (EQ, GE, GT, LE, LT, PreparedKeys, check_tuple,
                                             preprocess)
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import INTERNAL_ERROR, PgError
from pgsnake.utils.interrupts import check_for_interrupts

FORWARD = 1
BACKWARD = -1


def update_keys_and_direction(scan, scan_keys, direction: int | None) -> None:
    """The part of a rescan every B-tree scan shares: new keys and a new direction,
    each only when given (IndexScan here, ArrayKeyScan in array_keys.py)."""
    if scan_keys is not None:
        scan.scan_keys = list(scan_keys)
    if direction is not None:
        if direction not in (FORWARD, BACKWARD):
            raise ValueError(f"invalid scan direction {direction!r}")
        scan.direction = direction


@dataclasses.dataclass(frozen=True, slots=True)
class ScanItem:
    """One match: the heap TID, and the index tuple's column values when the scan was
    asked for them (index-only scans)."""
    heap_tid: tuple[int, int]
    values: list | None = None


class IndexScan:
    """A scan over one B-tree index (btbeginscan + btrescan). Holds no lock or pin
    between calls."""

    def __init__(self, rel: Relation, keys: IndexKeys, scan_keys, direction: int = FORWARD,
                 *, want_values: bool = False) -> None:
        self.rel = rel
        self.keys = keys
        self.want_values = want_values
        self.rescan(scan_keys, direction)

    def rescan(self, scan_keys=None, direction: int | None = None) -> None:
        """Start over, optionally with new keys or a new direction (btrescan)."""
        update_keys_and_direction(self, scan_keys, direction)
        self.prepared: PreparedKeys = preprocess(self.keys, self.scan_keys)
        self.started = False
        self.finished = not self.prepared.qual_ok
        self.current_page = pf.P_NONE    # the leaf last read
        self.next_page = pf.P_NONE       # its right link when it was read
        self.more_left = self.more_right = True

    def end(self) -> None:
        """Nothing is held between batches; the scan simply cannot be used again."""
        self.finished = True

    # -- reading --
    def next_batch(self) -> list[ScanItem] | None:
        """The matches of the next leaf page that has any, in scan order; None at the
        end (btgettuple, a page at a time)."""
        if self.finished:
            return None
        if not self.started:
            self.started = True
            batch = self._first()
        else:
            batch = self._step_page()
        if batch is None:
            self.finished = True
        return batch

    def _first(self) -> list[ScanItem] | None:
        """_bt_first: position and read the first page with matches."""
        positioned = self._position()
        if positioned is None:
            return None
        batch = self._read_page(*positioned)
        if batch:
            return batch
        return self._step_page()

    def _position(self) -> tuple[int, int] | None:
        """The descent of _bt_first: (the READ-locked leaf buffer where the scan starts,
        the offset on it), or None for an empty index."""
        forward = self.direction == FORWARD
        start_keys, strat_total = self._boundary_keys(forward)
        if not start_keys:
            buf = search.get_endpoint(self.rel, 0, not forward)
            if buf is None:
                return None
            page = bufmgr.page(buf)
            opaque = pf.Opaque(page)
            start = opaque.first_data_offset if forward else pl.max_offset(page)
        else:
            nextkey, goback = {LT: (False, True), LE: (True, True),
                               GE: (False, False), GT: (True, False)}.get(
                strat_total, (not forward, not forward))
            args = []
            comparators = []
            for key in start_keys:
                if key.is_null_search:
                    args.append(None)
                    comparators.append(None)
                else:
                    args.append(key.sort_arg)
                    comparators.append(key.comparator)
            ikey = InsertionKey(args, None, nextkey=nextkey,
                                comparators=comparators if any(comparators) else None)
            _stack, buf = search.descend(self.rel, self.keys, ikey, buffers.READ)
            if buf is None:
                return None
            page = bufmgr.page(buf)
            start = search.binary_search(self.keys, ikey, page, pf.Opaque(page))
            if goback:
                start -= 1
        return buf, start

    def _boundary_keys(self, forward: bool):
        """The keys that bound the start of the scan, and the strategy of the last one
        (the "strat_total" of _bt_first)."""
        chosen_keys = []
        strat_total = EQ
        by_column: dict[int, list] = {}
        for key in self.prepared.keys:
            by_column.setdefault(key.attno, []).append(key)
        attno = 1
        while attno in by_column:
            chosen = None
            implies_not_null = None
            for key in by_column[attno]:
                if key.strategy == EQ:
                    chosen = key
                    break
                if key.strategy in (LT, LE):
                    if not forward and chosen is None:
                        chosen = key
                    elif forward:
                        implies_not_null = key
                elif key.strategy in (GT, GE):
                    if forward and chosen is None:
                        chosen = key
                    elif not forward:
                        implies_not_null = key
            column = self.keys.columns[attno - 1]
            if chosen is None and implies_not_null is not None and (
                    column.nulls_first == forward):
                # An inequality implies NOT NULL, and NULLs are where the scan would
                # start: skip them with a "> NULL" (or "< NULL") boundary.
                chosen = _NotNullBoundary(attno, GT if column.nulls_first else LT)
            if chosen is None:
                break
            chosen_keys.append(chosen)
            if chosen.strategy != EQ:
                strat_total = chosen.strategy
                if chosen.strategy in (GT, LT):
                    break
            attno += 1
        return chosen_keys, strat_total

    def _read_page(self, buf: int, offnum: int) -> list[ScanItem]:
        """_bt_readpage on the READ-locked page in `buf`, which it releases."""
        try:
            page = bufmgr.page(buf)
            opaque = pf.Opaque(page)
            self.current_page = bufmgr.buffer_tag(buf)[4]
            self.next_page = opaque.next
            forward = self.direction == FORWARD
            keys = self.keys
            prepared = self.prepared.keys
            minoff = opaque.first_data_offset
            maxoff = pl.max_offset(page)
            natts = keys.natts
            out = []
            continue_scan = True
            offsets = (range(max(offnum, minoff), maxoff + 1) if forward
                       else range(min(offnum, maxoff), minoff - 1, -1))
            for off in offsets:
                lp_off, lp_flags, lp_len = pl.item_id(page, off)
                item = page[lp_off:lp_off + lp_len]
                passes, continue_scan = check_tuple(keys, prepared, item, natts, forward)
                if passes and lp_flags != pl.LP_DEAD:
                    out.extend(self._items_of(item))
                if not continue_scan:
                    break
            if forward and continue_scan and not opaque.is_rightmost:
                hikey = pl.get_item(page, pf.P_HIKEY)
                _passes, continue_scan = check_tuple(keys, prepared, hikey,
                                                     it.natts(hikey, natts), forward)
            if not continue_scan:
                if forward:
                    self.more_right = False
                else:
                    self.more_left = False
            return out
        finally:
            buffers.release(buf)

    def _items_of(self, item) -> list[ScanItem]:
        values = self.keys.codec.deform(item) if self.want_values else None
        if it.is_posting(item):
            tids = it.posting_tids(item)
            if self.direction == BACKWARD:
                tids.reverse()
            return [ScanItem(tid, values) for tid in tids]
        return [ScanItem(it.raw_tid(item), values)]

    def _step_page(self) -> list[ScanItem] | None:
        """_bt_steppage / _bt_readnextpage: the next page in the scan's direction with
        matches."""
        rel = self.rel
        if self.direction == FORWARD:
            while True:
                if not self.more_right or self.next_page == pf.P_NONE:
                    return None
                check_for_interrupts()
                buf = buffers.get_buffer(rel, self.next_page, buffers.READ)
                opaque = pf.Opaque(bufmgr.page(buf))
                if opaque.is_ignored:
                    self.current_page = self.next_page
                    self.next_page = opaque.next
                    buffers.release(buf)
                    continue
                batch = self._read_page(buf, opaque.first_data_offset)
                if batch:
                    return batch
        while True:
            if not self.more_left:
                return None
            check_for_interrupts()
            buf = self._walk_left(self.current_page)
            if buf is None:
                return None
            page = bufmgr.page(buf)
            if pf.Opaque(page).is_ignored:
                self.current_page = bufmgr.buffer_tag(buf)[4]
                buffers.release(buf)
                continue
            batch = self._read_page(buf, pl.max_offset(page))
            if batch:
                return batch

    def _walk_left(self, blkno: int) -> int | None:
        """_bt_walk_left: the page left of `blkno` as it is now, READ-locked; None at
        the left end. If the left page split after we read `blkno`'s left link, move
        right until the page whose right link is `blkno`."""
        rel = self.rel
        buf = buffers.get_buffer(rel, blkno, buffers.READ)
        while True:
            opaque = pf.Opaque(bufmgr.page(buf))
            if opaque.is_leftmost:
                buffers.release(buf)
                return None
            left = opaque.prev
            buf = buffers.release_and_get(buf, left, buffers.READ, rel)
            while True:
                opaque = pf.Opaque(bufmgr.page(buf))
                if not opaque.is_deleted and opaque.next == blkno:
                    return buf
                if opaque.is_rightmost:
                    break
                buf = buffers.release_and_get(buf, opaque.next, buffers.READ, rel)
            # The original page is no longer to the right of its old left sibling's
            # chain: only deletion (VACUUM) could do that.
            buffers.release(buf)
            raise PgError(INTERNAL_ERROR, f'could not find left sibling of block {blkno} in '
                                          f'index "{rel.name}"')


class _NotNullBoundary:
    """A "NOT NULL" start boundary deduced from an inequality key (_bt_first)."""
    __slots__ = ("attno", "strategy")
    is_null_search = True
    sort_arg = None
    comparator = None

    def __init__(self, attno: int, strategy: str) -> None:
        self.attno = attno
        self.strategy = strategy
