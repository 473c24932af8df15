"""The heap access method: insert, fetch, scan, update and delete tuple versions.

Every change follows the WAL recipe (README rule H1): pin and exclusively lock the page,
change it, mark the buffer dirty, insert the WAL record, set the page LSN to the record's
end, unlock. Relations with `needs_wal == False` (unlogged, temporary) skip the WAL steps.

Updates and deletes never overwrite: they stamp xmax on the old version (and for an
update point its t_ctid at the new version), so snapshots decide what they see
(visibility.py). Under READ COMMITTED a writer that finds the row's xmax set by a
transaction still in progress waits for it (README rule H4), then:
  committed  -> returns 'updated' (with the new version's TID) or 'deleted'
  aborted    -> goes ahead on the same version.

Row locks (SELECT ... FOR UPDATE and friends) and the waiting that UPDATE and DELETE
share with them live in heap_lock.py; what an xmax means, and how a new locker joins
it (multixacts), in heap_xmax.py.

SERIALIZABLE transactions also report what they read and write to SSI
(storage/lmgr/predicate.py): scans lock the relation, fetches by TID the tuple, each
tuple read is checked for a concurrent write we do not see, and each write for others'
SIREAD locks -- all under the page lock (the `_ssi_*` helpers).

Entry points: heap_insert, heap_scan, heap_scan_pages, heap_scan_rows, heap_fetch, heap_hot_fetch,
heap_unique_check_state, heap_unique_check_member, heap_fetch_version, heap_inplace_update,
heap_update, heap_delete, heap_get_latest_tid, heap_create_storage, heap_drop_storage,
ItemPointer, UpdateResult; re-exported from heap_lock.py: heap_lock_tuple, lock_latest_version,
LockResult, LockTupleMode, WAIT_BLOCK / WAIT_SKIP / WAIT_ERROR.

PostgreSQL: access/heap/heapam.c (heap_insert, heap_delete, heap_update, heap_fetch,
heap_getnextslot, heap_get_latest_tid), access/heap/hio.c (RelationGetBufferForTuple),
access/heap/heapam_visibility.c (HeapTupleSatisfiesUpdate), catalog/storage.c
(RelationCreateStorage); the SSI calls are where heapam.c makes them.
"""
from __future__ import annotations

import dataclasses
import struct
from typing import Iterator

from pgsnake.access.common.heap_tuple import (
    HEAP_HASEXTERNAL, HEAP_HASNULL, HEAP_HOT_UPDATED, HEAP_NATTS_MASK, HEAP_ONLY_TUPLE,
    HEAP_UPDATED, HEAP_XMAX_INVALID, HEAP_XMIN_COMMITTED, HeapTupleHeader, deform_tuple,
    external_pointers, form_heap_tuple, form_tuple, scan_page_decoder, scan_row_decoder,
    tuple_size_check)
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.common.toast_format import TOAST_TUPLE_THRESHOLD
from pgsnake.access.heap import (combo_cid, heap_lock, heap_toast, heap_wal, heap_xmax, hot,
                                 pruning, visibility_map)
from pgsnake.access.heap.heap_lock import (  # noqa: F401  (the row-lock entry points)
    WAIT_BLOCK, WAIT_ERROR, WAIT_SKIP, LockResult, heap_lock_tuple, lock_latest_version)
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.heap.visibility import (inserter_aborted, serializable_conflict_xid,
                                            tuple_dirty_state, tuple_is_visible,
                                            xid_status_cached)
from pgsnake.access.transam import xact
from pgsnake.access.transam.snapshot import is_current_xid
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.buffer import buffer_strategy
from pgsnake.storage.free_space_map import free_space_map
from pgsnake.storage.lmgr import predicate
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.activity import pgstat
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.interrupts import check_for_interrupts
from pgsnake.utils.errors import INTERNAL_ERROR, PgError

ItemPointer = tuple[int, int]      # (blockno, offnum)
MAIN = ForkNumber.MAIN


@dataclasses.dataclass(frozen=True, slots=True)
class UpdateResult:
    status: str                      # 'ok' | 'updated' | 'deleted' | 'self_modified'
    new_tid: ItemPointer | None = None
    hot: bool = False                # a heap-only version: the indexes need no new entry
    cmax: int | None = None          # 'self_modified': the command of ours that changed it


# The block this process last inserted into, per relation (rd_targblock): inserts try
# it first, then the relation's last page, then extend.
_target_block: dict[RelFileLocator, int] = {}


# ---- finding room -----------------------------------------------------------------------

def forget_target_blocks() -> None:
    """Forget every relation's last target block (PostgreSQL drops rd_targblock with
    the relcache entry at an invalidation, e.g. after VACUUM updated pg_class): the
    next insert asks the free space map first."""
    _target_block.clear()


def _try_block(rel: Relation, blockno: int, needed: int,
               strategy=None) -> tuple[int, bool] | int:
    """Pin and exclusively lock `blockno` if it has `needed` bytes free: (buf, was_new);
    otherwise the free space it has (nothing stays pinned)."""
    buf = bufmgr.read_buffer(rel.locator, MAIN, blockno, strategy)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    page = bufmgr.page(buf)
    was_new = pl.is_new(page)
    if was_new:
        pl.init_page(page)
    free = pl.heap_free_space(page)
    if free >= needed:
        return buf, was_new
    if was_new:
        bufmgr.mark_dirty(buf)     # keep the initialised header; harmless without WAL
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    return free


# A page this empty takes any tuple whatever the fillfactor (RelationGetBufferForTuple's
# nearlyEmptyFreeSpace: the room of a page with an eighth of its line pointers used).
_NEARLY_EMPTY_FREE_SPACE = pl.MAX_HEAP_TUPLE_SIZE - \
    (pl.MAX_HEAP_TUPLES_PER_PAGE // 8 * pl.ITEM_ID_SIZE)


def save_free_space(rel: Relation) -> int:
    """The bytes an insert leaves free on a page for later updates of its rows: the
    heap's fillfactor reloption (RelationGetTargetPageFreeSpace)."""
    return pl.BLCKSZ * (100 - rel.fillfactor) // 100


def _target_free_space(rel: Relation, size: int) -> int:
    """The free space a page needs to take a new `size`-byte tuple: the tuple plus the
    fillfactor's reserve, but never more than a nearly empty page has."""
    needed = pl.maxalign(size)
    target = needed + save_free_space(rel)
    if target > pl.MAX_HEAP_TUPLE_SIZE:
        target = max(needed, _NEARLY_EMPTY_FREE_SPACE)
    return target


def _get_page_with_room(rel: Relation, size: int, avoid_block: int | None = None,
                        strategy=None) -> tuple[int, int, bool]:
    """(buf, blockno, page_was_new): a page with room for a `size`-byte tuple and the
    fillfactor's reserve (_target_free_space), pinned and exclusively locked
    (RelationGetBufferForTuple): this process's last target block, else a block the
    free space map offers, else the last page; each page that turns out full is
    recorded in the map, which offers another; then extend (a new page takes the tuple
    whatever the fillfactor). `avoid_block` is the page an update already found full.
    `strategy`: a bulk load's BULKWRITE ring (PostgreSQL's BulkInsertState), whose
    buffers the pages read and added go through."""
    needed = _target_free_space(rel, size)
    nblocks = bufmgr.nblocks(rel.locator, MAIN)
    target = _target_block.get(rel.locator)
    if target is None or target >= nblocks:
        target = free_space_map.page_with_free_space(rel, needed)
    if (target is None or target >= nblocks) and nblocks:
        target = nblocks - 1
    tried = 0
    while target is not None and target < nblocks and tried < 1000:
        tried += 1
        if target == avoid_block:
            # Known full: record less than was asked for, so the map moves on.
            target = free_space_map.record_and_get_page(rel, target, needed - 1, needed)
            continue
        found = _try_block(rel, target, needed, strategy)
        if isinstance(found, tuple):
            _target_block[rel.locator] = target
            return found[0], target, found[1]
        target = free_space_map.record_and_get_page(rel, target, found, needed)
    while True:
        buf, blockno = bufmgr.extend_relation(rel.locator, MAIN, strategy)
        page = bufmgr.page(buf)
        was_new = pl.is_new(page)
        if was_new:
            pl.init_page(page)
        if pl.heap_free_space(page) >= pl.maxalign(size):
            _target_block[rel.locator] = blockno
            return buf, blockno, was_new
        # Another inserter filled the brand-new page before we locked it.
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _release(buf: int) -> None:
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)


# ---- insert -------------------------------------------------------------------------------

def _prepare_tuple_bytes(rel: Relation, values: list, xid: int, cid: int, infomask: int,
                         old_external: list | None = None):
    """The tuple to store for `values` (heap_prepare_insert): formed with t_xmin, t_cid
    and XMAX_INVALID | `infomask`, TOASTed when too big; and the toaster's result."""
    mask = HEAP_XMAX_INVALID | infomask
    data = form_heap_tuple(rel.descriptor, values, xid, cid, mask)
    if (len(data) > TOAST_TUPLE_THRESHOLD or old_external is not None) and \
            rel.relkind in heap_toast.TOASTABLE_RELKINDS:
        toasted = heap_toast.toast_tuple_values(rel, values, old_external)
        data = form_heap_tuple(rel.descriptor, toasted.values, xid, cid, mask)
    else:
        toasted = None
    tuple_size_check(len(data))
    return data, toasted


def _prepare_tuple(rel: Relation, values: list, xid: int, cid: int, infomask: int,
                   old_external: list | None = None):
    """_prepare_tuple_bytes, as a bytearray (heap_update changes its header)."""
    data, toasted = _prepare_tuple_bytes(rel, values, xid, cid, infomask, old_external)
    return bytearray(data), toasted


def heap_insert(rel: Relation, values: list, cid: int | None = None,
                strategy=None) -> ItemPointer:
    """Insert a new tuple: xmin = current xid, cmin = `cid` (the inserting statement's,
    es_output_cid) or the current command id. `strategy`: a bulk load's BULKWRITE
    ring (CREATE TABLE AS; PostgreSQL's BulkInsertState)."""
    xid = xact.get_current_xid()
    if cid is None:                  # (the statement's own was marked used when it began)
        cid = xact.current_command_id(used=True)
    data, _ = _prepare_tuple(rel, values, xid, cid, 0)
    buf, blockno, was_new = _get_page_with_room(rel, len(data), strategy=strategy)
    try:
        if predicate.tracking:
            # SSI: only a relation SIREAD lock can cover a row that does not exist yet.
            # Checked under the page's exclusive lock, held until the row is on it.
            predicate.check_for_conflict_in(rel)
        page = bufmgr.page(buf)
        with critical_section("heap insert"):     # rule H1: page, WAL, LSN, or PANIC
            cleared = visibility_map.clear_if_all_visible(rel, page, blockno)
            offnum = pl.add_item(page, bytes(data))
            if offnum is None:
                raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
            item = pl.get_item(page, offnum)
            HeapTupleHeader(item).ctid = (blockno, offnum)
            bufmgr.mark_dirty(buf)
            if rel.needs_wal:
                will_init = was_new and offnum == 1
                init = heap_wal.XLOG_HEAP_INIT_PAGE if will_init else 0
                info = heap_wal.XLOG_HEAP_INSERT | init
                lsn = wal.insert_record(
                    wal.RmgrId.HEAP, info, heap_wal.INSERT.pack(
                        offnum, heap_wal.XLH_INSERT_ALL_VISIBLE_CLEARED if cleared else 0),
                    [wal.BlockRef(0, rel.locator, MAIN, blockno, page, bytes(item), will_init)],
                    xid=xid)
                pl.set_lsn(page, lsn)
    finally:
        _release(buf)
    pgstat.count_insert(rel)
    return blockno, offnum


# ---- reading ------------------------------------------------------------------------------

def heap_scan(rel: Relation, snapshot) -> Iterator[tuple[ItemPointer, list]]:
    """Every tuple visible to `snapshot`, decoded, in physical order (heap_scan_pages,
    a row at a time)."""
    for rows in heap_scan_pages(rel, snapshot):
        yield from rows


def system_column_values(header: HeapTupleHeader, attnums) -> list:
    """heap_getsysattr for the header's system columns: xmin (-2) and xmax (-4) are the
    raw xids, cmin (-3) and cmax (-5) both the raw t_cid (maybe a combo cid), as
    PostgreSQL returns them."""
    out = []
    for attnum in attnums:
        if attnum == -2:
            out.append(header.xmin)
        elif attnum == -4:
            out.append(header.xmax)
        else:
            out.append(header.cid)
    return out


def _scan_strategy(locator, nblocks: int):
    """The ring a whole-table sequential scan reads through: BULKREAD when the table
    is larger than a quarter of shared_buffers (initscan), else None (the scan's pages
    compete for the pool like any other). Temporary tables use local buffers: none."""
    if locator.backend >= 0 or nblocks <= buffer_strategy.bulkread_threshold():
        return None
    return buffer_strategy.get_access_strategy(buffer_strategy.BULKREAD)


def _scan_page(rel, locator, blockno: int, stats, strategy=None) -> int:
    """heapgetpage's start: the block read (counted as fetched, and hit when it was in
    shared buffers), pruned first if nearly full, then share-locked; returns the buffer."""
    reads = bufmgr.blocks_read
    buf = bufmgr.read_buffer(locator, MAIN, blockno, strategy)
    stats.blocks_fetched += 1
    if bufmgr.blocks_read == reads:
        stats.blocks_hit += 1
    pruning.prune_opt(rel, buf)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    return buf


def heap_scan_pages(rel: Relation, snapshot, system_columns=(),
                    prefilter=None, blocks=None) -> Iterator[list[tuple[ItemPointer, list]]]:
    """The tuples visible to `snapshot`, decoded, a page at a time in physical order:
    one non-empty list of (tid, values) per page that has any (the executor's batch).
    With `system_columns` (header attnums), each row's values end with those columns.
    Each page's visible rows are decoded under its SHARE lock, and the lock and pin are
    dropped before the list is yielded (so an abandoned scan holds nothing). Blocks
    added after the scan started are not visited. prefilter(raw tuple) -> bool, when
    given, skips the tuples it rejects before their visibility check and decoding (a
    keyed catalog scan that wants a few rows of a big catalog; under SSI every tuple is
    still checked, for the rw-conflicts a read implies). `blocks`, when given, are the
    only pages read, in that order (a lossy bitmap's pages)."""
    desc = rel.descriptor
    locator = rel.locator
    if predicate.tracking:
        predicate.lock_relation(rel)   # SSI, before counting pages: see _ssi_read_tuple
    nblocks = bufmgr.nblocks(locator, MAIN)
    stats = pgstat.count_scan(rel) if blocks is None else pgstat.table_status(rel)
    strategy = _scan_strategy(locator, nblocks) if blocks is None else None
    for blockno in (range(nblocks) if blocks is None else (b for b in blocks if b < nblocks)):
        check_for_interrupts()       # a safe point: no lock or pin is held here
        ssi = predicate.tracking and predicate.check_conflict_out_needed(rel)
        buf = _scan_page(rel, locator, blockno, stats, strategy)
        rows = []
        try:
            page = bufmgr.page(buf)
            hinted = False
            for offnum in (range(1, pl.max_offset(page) + 1) if prefilter is None or ssi
                           else _prefiltered_offsets(page, prefilter)):
                lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
                if lp_flags != pl.LP_NORMAL:
                    continue
                item = page[lp_off:lp_off + lp_len]
                header = HeapTupleHeader(item)
                visible = tuple_is_visible(header, snapshot)
                if visible and (prefilter is None or prefilter(item)):
                    values = deform_tuple(desc, item)
                    if system_columns:
                        values += system_column_values(header, system_columns)
                    rows.append(((blockno, offnum), values))
                if ssi:
                    _ssi_read_tuple(rel, header, visible, snapshot)
                hinted |= header.hints_set
            if hinted:
                bufmgr.mark_dirty_hint(buf)
        finally:
            _release(buf)
        if rows:
            stats.tuples_returned += len(rows)
            yield rows


# xmin, xmax (skipping t_cid and t_ctid), t_infomask2, t_infomask, t_hoff
_SCAN_HEADER = struct.Struct("<II10xHHB").unpack_from
_XMIN_COMMITTED_XMAX_INVALID = HEAP_XMIN_COMMITTED | HEAP_XMAX_INVALID


def heap_scan_rows(rel: Relation, snapshot, system_columns=(), prefilter=None,
                   upto: int | None = None, blocks=None) -> Iterator[list[list]]:
    """heap_scan_pages for the executor's Seq Scan: each page's visible tuples as scan
    rows, [the first `upto` column values (the rest None, not decoded: PostgreSQL's
    slot_getsomeattrs), ctid, tableoid, then the `system_columns`]. A tuple whose hint
    bits say its inserter committed before the snapshot and nobody deleted it is
    visible without the full check (HeapTupleSatisfiesMVCC's first answers, read from
    one unpack of the header); every other tuple goes through tuple_is_visible."""
    if predicate.tracking:
        predicate.lock_relation(rel)   # SSI, before counting pages: see _ssi_read_tuple
    locator = rel.locator
    reloid = rel.oid
    nblocks = bufmgr.nblocks(locator, MAIN)
    stats = pgstat.count_scan(rel)
    # Without SSI, system columns or a prefilter, a page's common tuples are decoded by
    # one generated loop (heap_tuple.scan_page_decoder); `other` takes the rest.
    rows_of_page = scan_page_decoder(rel.descriptor, upto) \
        if not system_columns and prefilter is None else None
    hints = [False]

    def other(item, tid):
        xmin, _, _, infomask, _ = _SCAN_HEADER(item, 0)
        if infomask & _XMIN_COMMITTED_XMAX_INVALID == _XMIN_COMMITTED_XMAX_INVALID \
                and xmin < snapshot_xmin:
            return decode_row(item, tid, reloid)
        header = HeapTupleHeader(item)
        visible = tuple_is_visible(header, snapshot)
        hints[0] |= header.hints_set
        return decode_row(item, tid, reloid) if visible else None

    upto, fast, decode_row = scan_row_decoder(rel.descriptor, upto)
    snapshot_xmin = getattr(snapshot, "xmin", 0)     # 0: never the fast path
    # `blocks`: the block numbers to read instead of all of them (a parallel scan's share)
    strategy = _scan_strategy(locator, nblocks) if blocks is None else None
    for blockno in (range(nblocks) if blocks is None else blocks):
        check_for_interrupts()       # a safe point: no lock or pin is held here
        ssi = predicate.tracking and predicate.check_conflict_out_needed(rel)
        buf = _scan_page(rel, locator, blockno, stats, strategy)
        rows = []
        try:
            page = bufmgr.page(buf)
            hinted = False
            count = pl.max_offset(page)
            start = pl.SIZE_OF_PAGE_HEADER
            if rows_of_page is not None and not ssi:
                hints[0] = False
                rows = rows_of_page(page, count, blockno, reloid, snapshot_xmin, other)
                count = 0          # every tuple is done: the loop below has none to read
                hinted = hints[0]
            for offnum, (word,) in enumerate(_LINE_POINTER.iter_unpack(
                    page[start:start + count * pl.ITEM_ID_SIZE]), 1):
                if (word >> 15) & 0x3 != pl.LP_NORMAL:
                    continue
                lp_off = word & 0x7FFF
                item = page[lp_off:lp_off + (word >> 17)]
                if prefilter is not None and not ssi and not prefilter(item):
                    continue
                xmin, _, infomask2, infomask, hoff = _SCAN_HEADER(item, 0)
                if not ssi and not system_columns and \
                        infomask & _XMIN_COMMITTED_XMAX_INVALID == _XMIN_COMMITTED_XMAX_INVALID \
                        and xmin < snapshot_xmin:
                    if fast is not None and not infomask & HEAP_HASNULL and \
                            infomask2 & HEAP_NATTS_MASK >= upto:
                        rows.append(fast(item, hoff, (blockno, offnum), reloid))
                    else:
                        rows.append(decode_row(item, (blockno, offnum), reloid))
                    continue
                header = HeapTupleHeader(item)
                visible = tuple_is_visible(header, snapshot)
                if visible and (prefilter is None or prefilter(item)):
                    row = decode_row(item, (blockno, offnum), reloid)
                    if system_columns:
                        row += system_column_values(header, system_columns)
                    rows.append(row)
                if ssi:
                    _ssi_read_tuple(rel, header, visible, snapshot)
                hinted |= header.hints_set
            if hinted:
                bufmgr.mark_dirty_hint(buf)
        finally:
            _release(buf)
        if rows:
            stats.tuples_returned += len(rows)
            yield rows


_LINE_POINTER = struct.Struct("<I")


def _prefiltered_offsets(page, prefilter) -> list[int]:
    """The offsets of a page's normal tuples that prefilter(raw tuple) accepts, the line
    pointers read in one pass (a keyed catalog scan skips the rest unchecked: no
    visibility check, no hint bits, no decoding)."""
    count = pl.max_offset(page)
    start = pl.SIZE_OF_PAGE_HEADER
    found = []
    for offnum, (word,) in enumerate(_LINE_POINTER.iter_unpack(
            page[start:start + count * pl.ITEM_ID_SIZE]), 1):
        if (word >> 15) & 0x3 == pl.LP_NORMAL:
            lp_off = word & 0x7FFF
            if prefilter(page[lp_off:lp_off + (word >> 17)]):
                found.append(offnum)
    return found


def scan_with(rel: Relation, classify, decode: bool = True, prefilter=None
              ) -> Iterator[tuple[ItemPointer, list | None, object]]:
    """Every tuple for which `classify(header)` is not None, with that answer; pages one
    at a time, under a SHARE lock dropped before anything is decoded or yielded
    (decoding may fetch TOASTed values from another relation). decode=False gives None
    for the values (counting). prefilter(raw tuple) -> bool, when given, skips the
    tuples it rejects before classify."""
    desc = rel.descriptor
    for blockno in range(bufmgr.nblocks(rel.locator, MAIN)):
        check_for_interrupts()
        buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        found = []
        try:
            page = bufmgr.page(buf)
            for offnum in range(1, pl.max_offset(page) + 1):
                lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
                if lp_flags != pl.LP_NORMAL:
                    continue
                item = bytes(page[lp_off:lp_off + lp_len])
                if prefilter is not None and not prefilter(item):
                    continue
                answer = classify(HeapTupleHeader(item))
                if answer is not None:
                    found.append(((blockno, offnum), item if decode else None, answer))
        finally:
            _release(buf)
        for tid, item, answer in found:
            yield tid, (deform_tuple(desc, item) if decode else None), answer


def is_own_xid(xid: int) -> bool:
    return xid == xact.get_current_xid_if_any() or xact.is_current_xid(xid)


def heap_scan_dirty(rel: Relation,
                    prefilter=None) -> Iterator[tuple[ItemPointer, list, int, int]]:
    """Every tuple present under SnapshotDirty rules (visibility.tuple_dirty_state), with
    the in-progress inserter and deleter xids (0 if none): for uniqueness checks that
    must see what concurrent transactions are inserting. prefilter: as scan_with's."""
    def present(header):
        is_present, inserting, deleting = tuple_dirty_state(header, is_own_xid)
        return (inserting, deleting) if is_present else None
    for tid, values, (inserting, deleting) in scan_with(rel, present, prefilter=prefilter):
        yield tid, values, inserting, deleting


def heap_scan_for_index_build(rel: Relation, blocks: range | None = None
                              ) -> Iterator[tuple[ItemPointer, list, bool]]:
    """What CREATE INDEX must index: (tid, values, is_live) for every tuple whose
    inserter did not abort. Deleted tuples are included (not live): a snapshot taken
    before the delete may still look them up through the new index, and pgsnake does
    not compute the horizon that would prove nobody can (PostgreSQL leaves out only
    tuples dead to every snapshot). A HOT chain gets one entry, for its root's TID
    (hot.py): a member replaced by a HOT update that did not abort is left out, the
    version after it stands for the chain. The caller holds a lock that keeps writers
    out. Counted as a sequential scan, as PostgreSQL's index build scan is. `blocks`:
    only those heap blocks (a BRIN range's summarisation)."""
    desc = rel.descriptor
    stats = pgstat.count_scan(rel)
    nblocks = bufmgr.nblocks(rel.locator, MAIN)
    for blockno in (range(nblocks) if blocks is None
                    else range(blocks.start, min(blocks.stop, nblocks))):
        check_for_interrupts()
        reads = bufmgr.blocks_read
        buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
        stats.blocks_fetched += 1
        if bufmgr.blocks_read == reads:
            stats.blocks_hit += 1
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        rows = []
        try:
            page = bufmgr.page(buf)
            roots = hot.root_offsets(page)
            for offnum in range(1, pl.max_offset(page) + 1):
                lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
                if lp_flags != pl.LP_NORMAL or offnum not in roots:
                    continue
                item = page[lp_off:lp_off + lp_len]
                header = HeapTupleHeader(item)
                if header.infomask2 & HEAP_HOT_UPDATED and \
                        xid_status_cached(heap_xmax.update_xid(header)) != "aborted":
                    continue
                is_live, _inserting, _deleting = tuple_dirty_state(header, is_own_xid)
                if not is_live and inserter_aborted(header):
                    continue
                rows.append(((blockno, roots[offnum]), deform_tuple(desc, item), is_live))
        finally:
            _release(buf)
        stats.tuples_returned += len(rows)
        yield from rows


def heap_unique_check_state(rel: Relation, tid: ItemPointer) -> tuple[str, int]:
    """A unique index's question about an equal entry's heap tuple (SnapshotDirty):
    ('live', 0), ('dead', 0) or ('in_progress', xid of the running inserter or
    deleter) -- the callback contract of access/nbtree/unique_check.py."""
    state, xid, _member = heap_unique_check_member(rel, tid)
    return state, xid


def heap_unique_check_member(rel: Relation, tid: ItemPointer) -> tuple[str, int, ItemPointer]:
    """heap_unique_check_state, also naming the version that answered: the entry's TID
    is a HOT chain's root, and the first member present under SnapshotDirty rules
    answers (ON CONFLICT acts on that version)."""
    blockno, offnum = tid
    if blockno >= bufmgr.nblocks(rel.locator, MAIN):
        return "dead", 0, tid
    buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        for off, header in hot.chain_members(bufmgr.page(buf), offnum):
            is_present, inserting, deleting = tuple_dirty_state(header, is_own_xid)
            if is_present:
                if inserting or deleting:
                    return "in_progress", inserting or deleting, (blockno, off)
                return "live", 0, (blockno, off)
    finally:
        _release(buf)
    return "dead", 0, tid


def heap_hot_fetch(rel: Relation, tid: ItemPointer, snapshot,
                   system_columns=(), upto: int | None = None
                   ) -> tuple[ItemPointer, list] | None:
    """What an index entry for `tid` leads to: (tid, values) of the HOT chain member
    `snapshot` sees, or None (heap_hot_search_buffer). The page is pruned first if it
    is worth it (heapam_index_fetch_tuple). `system_columns` as for heap_scan_pages;
    `upto` as for heap_scan_rows (the values past it None, not decoded)."""
    # No size probe first (PostgreSQL's heapam_index_fetch_tuple makes none): an index
    # entry names a tuple that was stored, and VACUUM removes index entries before it
    # truncates the heap, so a TID past the end is corruption and read_buffer's XX001.
    blockno, offnum = tid
    reads = bufmgr.blocks_read
    buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
    stats = pgstat.table_status(rel)
    stats.blocks_fetched += 1
    if bufmgr.blocks_read == reads:
        stats.blocks_hit += 1
    pruning.prune_opt(rel, buf)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        found, hinted = _chain_fetch(rel, bufmgr.page(buf), blockno, offnum, snapshot,
                                     system_columns, upto)
        if hinted:
            bufmgr.mark_dirty_hint(buf)
    finally:
        _release(buf)
    return found


def _chain_fetch(rel, page, blockno: int, offnum: int, snapshot, system_columns, upto):
    """((tid, values) of the HOT chain member at `offnum` that `snapshot` sees, or None;
    whether reading the chain set hint bits): the page is pinned and share-locked."""
    hinted = False
    for off, header in hot.chain_members(page, offnum):
        visible = tuple_is_visible(header, snapshot)
        if predicate.tracking:
            _ssi_fetched(rel, (blockno, off), header, visible, snapshot)
        hinted |= header.hints_set
        if visible:
            values = deform_tuple(rel.descriptor, header.data, upto=upto)
            if system_columns:
                values += system_column_values(header, system_columns)
            return ((blockno, off), values), hinted
    return None, hinted


def heap_hot_fetch_many(rel: Relation, tids, snapshot, system_columns=(),
                        upto: int | None = None) -> list:
    """heap_hot_fetch of each TID in `tids`, in order: the list of what each found
    ((tid, values) or None). A run of TIDs on one block is served under one pin and
    one SHARE lock, as PostgreSQL's index scan keeps its heap buffer while the next
    TID is on the same page (ReleaseAndReadBuffer) and its bitmap heap scan reads
    each page once: the block is counted as fetched (and hit) once per run."""
    out = []
    locator = rel.locator
    stats = pgstat.table_status(rel)
    buf = None            # (local buffers have negative numbers)
    current = -1
    try:
        for tid in tids:
            blockno, offnum = tid
            if blockno != current:
                if buf is not None:
                    _release(buf)
                    buf = None
                reads = bufmgr.blocks_read
                buf = bufmgr.read_buffer(locator, MAIN, blockno)
                current = blockno
                stats.blocks_fetched += 1
                if bufmgr.blocks_read == reads:
                    stats.blocks_hit += 1
                try:
                    pruning.prune_opt(rel, buf)
                except BaseException:
                    bufmgr.release_buffer(buf)
                    buf = None
                    raise
                bufmgr.lock_buffer(buf, bufmgr.SHARE)
                page = bufmgr.page(buf)
            found, hinted = _chain_fetch(rel, page, blockno, offnum, snapshot,
                                         system_columns, upto)
            if hinted:
                bufmgr.mark_dirty_hint(buf)
            out.append(found)
    finally:
        if buf is not None:
            _release(buf)
    return out


def heap_fetch(rel: Relation, tid: ItemPointer, snapshot) -> list | None:
    """The tuple at `tid` if it exists and `snapshot` sees it, else None."""
    tuple_page = heap_lock.TuplePage.open(rel, tid, bufmgr.SHARE)
    if tuple_page is None:
        return None
    try:
        header = tuple_page.header
        visible = tuple_is_visible(header, snapshot)
        if predicate.tracking:
            _ssi_fetched(rel, tid, header, visible, snapshot)
        if header.hints_set:
            bufmgr.mark_dirty_hint(tuple_page.buf)
        return deform_tuple(rel.descriptor, tuple_page.item) if visible else None
    finally:
        tuple_page.close()


def heap_get_latest_tid(rel: Relation, tid: ItemPointer, snapshot) -> ItemPointer | None:
    """Follow the update chain from `tid` and return the newest version `snapshot`
    sees, or None if it sees none (heap_get_latest_tid)."""
    latest = None
    current = tid
    prior_xmax = None
    nblocks = bufmgr.nblocks(rel.locator, MAIN)
    while True:
        blockno, offnum = current
        if blockno >= nblocks:
            break
        buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        try:
            page = bufmgr.page(buf)
            if not 1 <= offnum <= pl.max_offset(page) or \
                    pl.item_id(page, offnum)[1] != pl.LP_NORMAL:
                break
            header = HeapTupleHeader(pl.get_item(page, offnum))
            if prior_xmax is not None and header.xmin != prior_xmax:
                break       # the chain was broken (the old slot holds another row)
            if tuple_is_visible(header, snapshot):
                latest = current
            if header.hints_set:
                bufmgr.mark_dirty_hint(buf)
            ctid = header.ctid
            updater = 0
            if not header.infomask & HEAP_XMAX_INVALID and not heap_xmax.is_only_locked(header):
                updater = heap_xmax.update_xid(header)
        finally:
            _release(buf)
        if not updater or ctid == current or xid_status_cached(updater) == "aborted":
            break
        prior_xmax = updater
        current = ctid
    return latest


def heap_system_columns(rel: Relation, tid: ItemPointer, attnums) -> list:
    """The system columns `attnums` of the tuple at `tid` (None each if it is gone)."""
    tuple_page = heap_lock.TuplePage.open(rel, tid, bufmgr.SHARE)
    if tuple_page is None:
        return [None] * len(attnums)
    try:
        return system_column_values(tuple_page.header, attnums)
    finally:
        tuple_page.close()


def heap_fetch_version(rel: Relation, tid: ItemPointer) -> list | None:
    """The values of the tuple version at `tid` whatever its visibility, None if there
    is no tuple there (heap_fetch with SnapshotAny): what EvalPlanQual re-checks after
    locking that exact version."""
    tuple_page = heap_lock.TuplePage.open(rel, tid, bufmgr.SHARE)
    if tuple_page is None:
        return None
    try:
        return deform_tuple(rel.descriptor, tuple_page.item)
    finally:
        tuple_page.close()


# ---- update and delete --------------------------------------------------------------------

def _key_changed(rel: Relation, tid: ItemPointer, values: list, key_positions) -> bool:
    """Whether `values` differ from the version at `tid` in a key column
    (HeapDetermineColumnsInfo against the key attributes). The data of a version never
    changes once written, so it is read before the row is locked."""
    tuple_page = heap_lock.TuplePage.open(rel, tid, bufmgr.SHARE)
    if tuple_page is None:
        return False
    try:
        old = deform_tuple(rel.descriptor, tuple_page.item, upto=max(key_positions) + 1)
    finally:
        tuple_page.close()
    return any(old[p] != values[p] for p in key_positions)


def _is_mine(other: int, xid: int) -> bool:
    """Is `other` this transaction's (TransactionIdIsCurrentTransactionId)? `xid` is the
    current (innermost) xid; parents and released subtransactions count too, rolled-back
    subtransactions do not."""
    return other == xid or xact.is_current_xid(other)


def _check_target(rel, tid, xid, cid, mode, action):
    """Wait out concurrent writers and conflicting row lockers (rule H4, heap_lock.py):
    a ModifyTarget with the page exclusively locked, or the UpdateResult to return."""
    checked = heap_lock.prepare_to_modify(rel, tid, xid, cid, mode, action)
    if isinstance(checked, tuple):
        return UpdateResult(checked[0], checked[1],
                            cmax=checked[2] if len(checked) > 2 else None)
    return checked


def _new_xmax(target, xid: int, mode) -> tuple[int, int, int]:
    """The xmax for the version being deleted/updated: our xid, or a multixact that
    also keeps the row locks that stay (ours of an earlier command, a key-share lock)."""
    header = target.header
    return heap_xmax.compute_new_xmax_infomask(header.xmax, header.infomask,
                                               header.infomask2, xid, mode, True)


def heap_delete(rel: Relation, tid: ItemPointer, snapshot, *,
                abort_speculative: bool = False, cid: int | None = None) -> UpdateResult:
    """Mark the tuple at `tid` deleted by the current transaction. `snapshot` is not
    needed under READ COMMITTED (kept for REPEATABLE READ's crosscheck later).
    `abort_speculative`: take back a tuple this very command just inserted (INSERT ...
    ON CONFLICT lost a race), as PostgreSQL's heap_abort_speculative does: xmin becomes
    InvalidTransactionId, so the tuple is dead to everyone at once, this transaction
    included, and the record says so (XLH_DELETE_IS_SUPER) for redo. (The current
    command cannot "see" its own insert, so the usual checks are made as from the next.)"""
    xid = xact.get_current_xid()
    # `cid`: the statement's command id when triggers may have run commands since it
    # began (PostgreSQL's es_output_cid); a row they changed is then 'self_modified'.
    if cid is None:
        cid = xact.current_command_id(used=True) + (1 if abort_speculative else 0)
    mode = LockTupleMode.EXCLUSIVE
    checked = _check_target(rel, tid, xid, cid, mode, "delete")
    if isinstance(checked, UpdateResult):
        heap_lock.release_pending_tuple_locks()
        return checked
    buf, header = checked.buf, checked.header
    # Its external values go with it (heap_toast_delete), once the page is unlocked.
    external = external_pointers(rel.descriptor, header.data) \
        if header.infomask & HEAP_HASEXTERNAL and rel.toast_oid else None
    try:
        if predicate.tracking:
            _ssi_write(rel, tid)
        page = bufmgr.page(buf)
        new_xmax, bits, bits2 = _new_xmax(checked, xid, mode)
        if not abort_speculative:        # (counted before the change: nothing fails after)
            pgstat.count_delete(rel)
        t_cid, combo = combo_cid.cid_for_delete(header, cid, _is_mine(header.xmin, xid))
        with critical_section("heap delete"):
            cleared = visibility_map.clear_if_all_visible(rel, page, tid[0])
            heap_wal.set_deleted(header, new_xmax, t_cid, combo, bits, bits2, tid)
            if abort_speculative:
                header.xmin = 0
            else:
                pruning.set_prunable(page, xid)
            bufmgr.mark_dirty(buf)
            if rel.needs_wal:
                infobits = heap_wal.compute_infobits(header.infomask, header.infomask2)
                flags = heap_wal.XLH_DELETE_IS_SUPER if abort_speculative else 0
                if cleared:
                    flags |= heap_wal.XLH_DELETE_ALL_VISIBLE_CLEARED
                lsn = wal.insert_record(
                    wal.RmgrId.HEAP, heap_wal.XLOG_HEAP_DELETE,
                    heap_wal.DELETE.pack(new_xmax, tid[1], infobits, flags),
                    [wal.BlockRef(0, rel.locator, MAIN, tid[0], page)], xid=xid)
                pl.set_lsn(page, lsn)
    finally:
        _release(buf)
        heap_lock.release_pending_tuple_locks()
    if external is not None:
        heap_toast.delete_values(p for p in external if p is not None)
    return UpdateResult("ok", None)


def heap_update(rel: Relation, tid: ItemPointer, values: list, snapshot, *,
                indexed_positions=None, cid: int | None = None,
                key_positions=()) -> UpdateResult:
    """Write a new version of the row at `tid`; the old version gets xmax and a t_ctid
    pointing at the new one. The new version goes on the same page when it fits, else
    on another page; the two pages are locked in block-number order (rule H3).
    An update that changes none of `key_positions` (the 0-based columns of the table's
    unique indexes without expressions or predicates: what a foreign key can reference)
    is a FOR NO KEY UPDATE writer: a key-share lock on the row stays, on both versions.
    One that changes a key column is a FOR UPDATE writer (HEAP_KEYS_UPDATED): it waits
    for key-share lockers, as a delete does.
    `indexed_positions`: the 0-based columns any index of the table uses (None: not
    known, never HOT). A same-page update that changes none of them is a HOT update
    (hot.py): the result says `hot`, and the caller must not insert index entries.
    `cid`: the statement's command id, as for heap_delete."""
    xid = xact.get_current_xid()
    if cid is None:
        cid = xact.current_command_id(used=True)
    mode = LockTupleMode.EXCLUSIVE if key_positions and \
        _key_changed(rel, tid, values, key_positions) else LockTupleMode.NO_KEY_EXCLUSIVE
    # TOAST (heap_toast.py): the old row's external values are kept or replaced.
    old_external = heap_toast.old_external_pointers(rel, tid) if rel.toast_oid else None
    data, toasted = _prepare_tuple(rel, values, xid, cid, HEAP_UPDATED, old_external)
    needed = pl.maxalign(len(data))
    old_block, old_off = tid
    try:
        while True:
            checked = _check_target(rel, tid, xid, cid, mode, "update")
            if isinstance(checked, UpdateResult):
                if toasted is not None:       # not updated: what we stored goes again
                    heap_toast.delete_values(toasted.created)
                return checked
            buf, header = checked.buf, checked.header
            if pl.heap_free_space(bufmgr.page(buf)) >= needed:
                new_buf, new_block, was_new = buf, old_block, False
                use_hot = indexed_positions is not None and hot.is_hot_update(
                    heap_toast.values_for_hot_check(rel, header.data, values)
                    if header.infomask & HEAP_HASEXTERNAL
                    else deform_tuple(rel.descriptor, header.data), values, indexed_positions)
                break
            use_hot = False
            # Another page: drop our lock (keep the pin), find room, then lock both pages
            # in block order and check that the xmax did not change meanwhile. The old
            # page is marked full: a hint that pruning it would pay (PageSetFull).
            page = bufmgr.page(buf)
            pl.set_flags(page, pl.get_flags(page) | pl.PD_PAGE_FULL)
            bufmgr.unlock_buffer(buf)
            new_buf, new_block, was_new = _get_page_with_room(rel, len(data),
                                                              avoid_block=old_block)
            bufmgr.unlock_buffer(new_buf)
            first, second = (buf, new_buf) if old_block < new_block else (new_buf, buf)
            bufmgr.lock_buffer(first, bufmgr.EXCLUSIVE)
            bufmgr.lock_buffer(second, bufmgr.EXCLUSIVE)
            new_page = bufmgr.page(new_buf)
            if pl.is_new(new_page):
                pl.init_page(new_page)
                was_new = True
            if header.xmax == checked.xmax and \
                    not heap_xmax.xmax_bits_changed(header.infomask, checked.infomask) and \
                    pl.heap_free_space(new_page) >= needed:
                break
            _release(new_buf)
            _release(buf)      # start over: the old row changed or the new page filled up
        try:
            if predicate.tracking:
                _ssi_write(rel, tid)
            page = bufmgr.page(buf)
            new_page = bufmgr.page(new_buf)
            new_xmax, new_bits, new_bits2 = heap_lock.new_version_xmax(checked)
            old_xmax, bits, bits2 = _new_xmax(checked, xid, mode)
            new_header = HeapTupleHeader(data)
            heap_wal.set_xmax(new_header, new_xmax, new_bits, new_bits2)
            if use_hot:
                new_header.infomask2 = new_header.infomask2 | HEAP_ONLY_TUPLE
            pgstat.count_update(rel, use_hot)     # (before the change: nothing fails after)
            with critical_section("heap update"):
                cleared = visibility_map.clear_if_all_visible(rel, page, old_block) and \
                    heap_wal.XLH_UPDATE_OLD_ALL_VISIBLE_CLEARED
                if new_buf != buf and \
                        visibility_map.clear_if_all_visible(rel, new_page, new_block):
                    cleared |= heap_wal.XLH_UPDATE_NEW_ALL_VISIBLE_CLEARED
                new_off = pl.add_item(new_page, bytes(data))
                if new_off is None:
                    raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
                new_item = pl.get_item(new_page, new_off)
                HeapTupleHeader(new_item).ctid = (new_block, new_off)
                t_cid, combo = combo_cid.cid_for_delete(header, cid,
                                                        _is_mine(header.xmin, xid))
                heap_wal.set_deleted(header, old_xmax, t_cid, combo, bits, bits2,
                                     (new_block, new_off))
                if use_hot:
                    header.infomask2 = header.infomask2 | HEAP_HOT_UPDATED
                pruning.set_prunable(page, xid)
                bufmgr.mark_dirty(buf)
                if new_buf != buf:
                    bufmgr.mark_dirty(new_buf)
                if rel.needs_wal:
                    will_init = was_new and new_off == 1
                    init = heap_wal.XLOG_HEAP_INIT_PAGE if will_init else 0
                    info = (heap_wal.XLOG_HEAP_HOT_UPDATE if use_hot
                            else heap_wal.XLOG_HEAP_UPDATE) | init
                    blocks = [wal.BlockRef(0, rel.locator, MAIN, new_block, new_page,
                                           bytes(new_item), will_init)]
                    if new_buf != buf:
                        blocks.append(wal.BlockRef(1, rel.locator, MAIN, old_block, page))
                    infobits = heap_wal.compute_infobits(header.infomask, header.infomask2)
                    lsn = wal.insert_record(
                        wal.RmgrId.HEAP, info,
                        heap_wal.UPDATE.pack(old_xmax, old_off, infobits, cleared, new_xmax,
                                             new_off),
                        blocks, xid=xid)
                    pl.set_lsn(page, lsn)
                    if new_buf != buf:
                        pl.set_lsn(new_page, lsn)
        finally:
            if new_buf != buf:
                _release(new_buf)
            _release(buf)
    finally:
        heap_lock.release_pending_tuple_locks()
    if toasted is not None:
        heap_toast.delete_values(toasted.delete_after)
    return UpdateResult("ok", (new_block, new_off), use_hot)


# ---- in place ---------------------------------------------------------------------------

def heap_inplace_update(rel: Relation, tid: ItemPointer, values: list) -> None:
    """Overwrite the data of the tuple at `tid` with `values`, which must encode to the
    same length (heap_inplace_update): not MVCC, no new version, no xid, for the
    catalog statistics VACUUM keeps (relpages, reltuples, relfrozenxid, ...). Logged as
    XLOG_HEAP_INPLACE: the offset, and the tuple's data after its header as block data."""
    data = form_tuple(rel.descriptor, values)
    tuple_page = heap_lock.TuplePage.open(rel, tid, bufmgr.EXCLUSIVE)
    if tuple_page is None:
        raise PgError(INTERNAL_ERROR, f"could not find tuple ({tid[0]},{tid[1]}) in "
                                      f'relation "{rel.name}" for an in-place update')
    try:
        item = tuple_page.item
        hoff = tuple_page.header.hoff
        if len(data) != len(item) or HeapTupleHeader(bytearray(data)).hoff != hoff:
            raise PgError(INTERNAL_ERROR, "wrong tuple length")
        page = bufmgr.page(tuple_page.buf)
        with critical_section("heap inplace update"):
            item[hoff:] = data[hoff:]
            bufmgr.mark_dirty(tuple_page.buf)
            if rel.needs_wal:
                lsn = wal.insert_record(
                    wal.RmgrId.HEAP, heap_wal.XLOG_HEAP_INPLACE, heap_wal.INPLACE.pack(tid[1]),
                    [wal.BlockRef(0, rel.locator, MAIN, tid[0], page, bytes(data[hoff:]))])
                pl.set_lsn(page, lsn)
    finally:
        tuple_page.close()


# ---- serializable snapshot isolation (storage/lmgr/predicate.py) ----------------------------
# Called only when predicate.tracking (this backend runs a SERIALIZABLE transaction), with
# the page still locked: a reader must find our write either as a SIREAD-lock conflict or
# on the page, never neither.

def _ssi_read_tuple(rel: Relation, header: HeapTupleHeader, visible: bool, snapshot) -> None:
    """A scan looked at a tuple: a concurrent write of it that we do not see is an
    rw-conflict out (HeapCheckForSerializableConflictOut). The relation lock was taken
    before the scan counted its pages, so a row inserted on a page past the end we saw
    was inserted after our lock existed, and its writer found it."""
    predicate.check_for_conflict_out(rel, serializable_conflict_xid(header, visible, snapshot))


def _ssi_fetched(rel: Relation, tid: ItemPointer, header: HeapTupleHeader, visible: bool,
                 snapshot) -> None:
    """A tuple read by TID: a tuple SIREAD lock if we see it (PredicateLockTID), then the
    conflict-out check (heap_fetch's order)."""
    if visible:
        predicate.lock_tid(rel, tid, is_current_xid(header.xmin, snapshot))
    if predicate.check_conflict_out_needed(rel):
        _ssi_read_tuple(rel, header, visible, snapshot)


def _ssi_write(rel: Relation, tid: ItemPointer) -> None:
    """About to update or delete the tuple at `tid`: others' SIREAD locks on it, its page
    or its relation are rw-conflicts in (CheckForSerializableConflictIn)."""
    predicate.check_for_conflict_in(rel, tid, tid[0],
                                    in_subtransaction=xact.subtransaction_depth() > 0)


# ---- storage ------------------------------------------------------------------------------

def heap_create_storage(rel: Relation) -> None:
    """Create the main fork's file; WAL-log it (XLOG_SMGR_CREATE) so that recovery
    recreates the file before replaying inserts into it."""
    smgr.create(rel.locator, MAIN)
    if rel.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(rel.locator, MAIN)
    from pgsnake.access.common import init_fork     # an unlogged table's: empty
    init_fork.create_init_fork(rel)


def heap_drop_storage(rel: Relation) -> None:
    """Forget the relation's buffers (without writing them) and unlink its files.
    The caller decides when (at commit of DROP TABLE, or abort of CREATE TABLE)."""
    bufmgr.drop_relation_buffers(rel.locator)
    smgr.unlink(rel.locator)
    _target_block.pop(rel.locator, None)
