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

SERIALIZABLE transactions also report what they read and write to SSI
(storage/lmgr/predicate.py): scans lock the relation, fetches by TID the tuple, each
tuple read is checked for a concurrent write we do not see, and each write for others'
SIREAD locks -- all under the page lock (the `_ssi_*` helpers).

Entry points: heap_insert, heap_scan, heap_fetch, heap_update, heap_delete,
heap_get_latest_tid, heap_create_storage, heap_drop_storage, ItemPointer, UpdateResult.

PostgreSQL: access/heap/heapam.c (heap_insert, heap_delete, heap_update, heap_fetch,
heap_getnextslot, heap_get_latest_tid), access/heap/hio.c (RelationGetBufferForTuple),
access/heap/heapam_visibility.c (HeapTupleSatisfiesUpdate), catalog/storage.c
(RelationCreateStorage); the SSI calls are where heapam.c makes them.
"""
from __future__ import annotations

import dataclasses
from typing import Iterator

from pgsnake.access.common.heap_tuple import (
    HEAP_UPDATED, HEAP_XMAX_COMMITTED, HEAP_XMAX_INVALID, HEAP_XMAX_LOCK_ONLY,
    HEAP_XMIN_COMMITTED, HEAP_XMIN_INVALID, HeapTupleHeader, deform_tuple, form_tuple,
    tuple_size_check)
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.heap import combo_cid, heap_wal
from pgsnake.access.heap.visibility import (FIRST_NORMAL_TRANSACTION_ID,
                                            serializable_conflict_xid, tuple_dirty_state,
                                            tuple_is_visible, xid_status_cached)
from pgsnake.access.transam import commit_log, transaction_ids, xact
from pgsnake.access.transam.snapshot import is_current_xid
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock as heavyweight_locks
from pgsnake.storage.lmgr import lock_modes, lock_tag, predicate
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils import process_state
from pgsnake.utils.interrupts import check_for_interrupts
from pgsnake.utils.errors import INTERNAL_ERROR, PgError

ItemPointer = tuple[int, int]      # (blockno, offnum)
MAIN = ForkNumber.MAIN


@dataclasses.dataclass(frozen=True, slots=True)
class UpdateResult:
    status: str                      # 'ok' | 'updated' | 'deleted' | 'self_modified'
    new_tid: ItemPointer | None = None


# The block this process last inserted into, per relation (rd_targblock): inserts try
# it first, then the relation's last page, then extend.
_target_block: dict[RelFileLocator, int] = {}


# ---- finding room -----------------------------------------------------------------------

def _try_block(rel: Relation, blockno: int, needed: int) -> tuple[int, bool] | None:
    """Pin and exclusively lock `blockno` if it has `needed` bytes free; (buf, was_new)."""
    buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    page = bufmgr.page(buf)
    was_new = pl.is_new(page)
    if was_new:
        pl.init_page(page)
    if pl.heap_free_space(page) >= needed:
        return buf, was_new
    if was_new:
        bufmgr.mark_dirty(buf)     # keep the initialised header; harmless without WAL
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    return None


def _get_page_with_room(rel: Relation, size: int,
                        avoid_block: int | None = None) -> tuple[int, int, bool]:
    """(buf, blockno, page_was_new): a page with room for a `size`-byte tuple, pinned
    and exclusively locked (RelationGetBufferForTuple). `avoid_block` is the page an
    update already found full."""
    needed = pl.maxalign(size)
    nblocks = bufmgr.nblocks(rel.locator, MAIN)
    candidates = []
    target = _target_block.get(rel.locator)
    if target is not None and target < nblocks:
        candidates.append(target)
    if nblocks and nblocks - 1 not in candidates:
        candidates.append(nblocks - 1)
    for blockno in candidates:
        if blockno == avoid_block:
            continue
        found = _try_block(rel, blockno, needed)
        if found is not None:
            _target_block[rel.locator] = blockno
            return found[0], blockno, found[1]
    while True:
        buf, blockno = bufmgr.extend_relation(rel.locator, MAIN)
        page = bufmgr.page(buf)
        was_new = pl.is_new(page)
        if was_new:
            pl.init_page(page)
        if pl.heap_free_space(page) >= needed:
            _target_block[rel.locator] = blockno
            return buf, blockno, was_new
        # Another inserter filled the brand-new page before we locked it.
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _release(buf: int) -> None:
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)


# ---- insert -------------------------------------------------------------------------------

def _prepare_tuple(rel: Relation, values: list, xid: int, cid: int, infomask: int) -> bytearray:
    data = bytearray(form_tuple(rel.descriptor, values))
    tuple_size_check(len(data))
    header = HeapTupleHeader(data)
    header.xmin = xid
    header.cid = cid
    header.infomask = header.infomask | HEAP_XMAX_INVALID | infomask
    return data


def heap_insert(rel: Relation, values: list) -> ItemPointer:
    """Insert a new tuple: xmin = current xid, cmin = current command id."""
    xid = xact.get_current_xid()
    cid = xact.current_command_id()
    data = _prepare_tuple(rel, values, xid, cid, 0)
    buf, blockno, was_new = _get_page_with_room(rel, len(data))
    try:
        if predicate.tracking:
            # SSI: only a relation SIREAD lock can cover a row that does not exist yet.
            # Checked under the page's exclusive lock, held until the row is on it.
            predicate.check_for_conflict_in(rel)
        page = bufmgr.page(buf)
        offnum = pl.add_item(page, bytes(data))
        if offnum is None:
            raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
        item = pl.get_item(page, offnum)
        HeapTupleHeader(item).ctid = (blockno, offnum)
        bufmgr.mark_dirty(buf)
        if rel.needs_wal:
            will_init = was_new and offnum == 1
            info = heap_wal.XLOG_HEAP_INSERT | (heap_wal.XLOG_HEAP_INIT_PAGE if will_init else 0)
            lsn = wal.insert_record(
                wal.RmgrId.HEAP, info, heap_wal.INSERT.pack(offnum, 0),
                [wal.BlockRef(0, rel.locator, MAIN, blockno, page, bytes(item), will_init)],
                xid=xid)
            pl.set_lsn(page, lsn)
    finally:
        _release(buf)
    return blockno, offnum


# ---- reading ------------------------------------------------------------------------------

def heap_scan(rel: Relation, snapshot) -> Iterator[tuple[ItemPointer, list]]:
    """Every tuple visible to `snapshot`, decoded, in physical order. Pages are read
    one at a time; the page's visible rows are decoded under its SHARE lock, and the
    lock and pin are dropped before any row is yielded (so an abandoned scan holds
    nothing). Blocks added after the scan started are not visited."""
    desc = rel.descriptor
    locator = rel.locator
    if predicate.tracking:
        predicate.lock_relation(rel)   # SSI, before counting pages: see _ssi_read_tuple
    nblocks = bufmgr.nblocks(locator, MAIN)
    for blockno in range(nblocks):
        check_for_interrupts()       # a safe point: no lock or pin is held here
        ssi = predicate.tracking and predicate.check_conflict_out_needed(rel)
        buf = bufmgr.read_buffer(locator, MAIN, blockno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        rows = []
        try:
            page = bufmgr.page(buf)
            hinted = False
            for offnum in range(1, pl.max_offset(page) + 1):
                lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
                if lp_flags != pl.LP_NORMAL:
                    continue
                item = page[lp_off:lp_off + lp_len]
                header = HeapTupleHeader(item)
                visible = tuple_is_visible(header, snapshot)
                if visible:
                    rows.append(((blockno, offnum), deform_tuple(desc, item)))
                if ssi:
                    _ssi_read_tuple(rel, header, visible, snapshot)
                hinted |= header.hints_set
            if hinted:
                bufmgr.mark_dirty_hint(buf)
        finally:
            _release(buf)
        yield from rows


def heap_scan_dirty(rel: Relation) -> Iterator[tuple[ItemPointer, list, int, int]]:
    """Every tuple present under SnapshotDirty rules (visibility.tuple_dirty_state), with
    the in-progress inserter and deleter xids (0 if none): for uniqueness checks that
    must see what concurrent transactions are inserting."""
    desc = rel.descriptor
    is_mine = lambda x: x == xact.get_current_xid_if_any() or xact.is_current_xid(x)  # noqa: E731
    for blockno in range(bufmgr.nblocks(rel.locator, MAIN)):
        check_for_interrupts()
        buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        rows = []
        try:
            page = bufmgr.page(buf)
            for offnum in range(1, pl.max_offset(page) + 1):
                lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
                if lp_flags != pl.LP_NORMAL:
                    continue
                item = page[lp_off:lp_off + lp_len]
                present, inserting, deleting = tuple_dirty_state(HeapTupleHeader(item), is_mine)
                if present:
                    rows.append(((blockno, offnum), deform_tuple(desc, item), inserting, deleting))
        finally:
            _release(buf)
        yield from rows


def heap_fetch(rel: Relation, tid: ItemPointer, snapshot) -> list | None:
    """The tuple at `tid` if it exists and `snapshot` sees it, else None."""
    blockno, offnum = tid
    if blockno >= bufmgr.nblocks(rel.locator, MAIN):
        return None
    buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        page = bufmgr.page(buf)
        if not 1 <= offnum <= pl.max_offset(page) or pl.item_id(page, offnum)[1] != pl.LP_NORMAL:
            return None
        item = pl.get_item(page, offnum)
        header = HeapTupleHeader(item)
        visible = tuple_is_visible(header, snapshot)
        if predicate.tracking:
            _ssi_fetched(rel, tid, header, visible, snapshot)
        if header.hints_set:
            bufmgr.mark_dirty_hint(buf)
        return deform_tuple(rel.descriptor, item) if visible else None
    finally:
        _release(buf)


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
            infomask, xmax, ctid = header.infomask, header.xmax, header.ctid
        finally:
            _release(buf)
        if infomask & (HEAP_XMAX_INVALID | HEAP_XMAX_LOCK_ONLY) or not xmax or ctid == current:
            break
        if xid_status_cached(xmax) == "aborted":
            break
        prior_xmax = xmax
        current = ctid
    return latest


# ---- update and delete --------------------------------------------------------------------

def _is_mine(other: int, xid: int) -> bool:
    """Is `other` this transaction's (TransactionIdIsCurrentTransactionId)? `xid` is the
    current (innermost) xid; parents and released subtransactions count too, rolled-back
    subtransactions do not."""
    return other == xid or xact.is_current_xid(other)


def _satisfies_update(header: HeapTupleHeader, tid: ItemPointer, xid: int,
                      cid: int) -> tuple[str, int]:
    """Can this transaction update/delete the tuple now? (HeapTupleSatisfiesUpdate)
    Returns (code, xid to wait for): 'ok', 'invisible', 'self_modified', 'updated',
    'deleted', or 'being_modified' with the updater's xid. "Ours" means any xid of this
    transaction that was not rolled back (`_is_mine`), not just `xid`."""
    infomask = header.infomask
    if not infomask & HEAP_XMIN_COMMITTED:
        if infomask & HEAP_XMIN_INVALID:
            return "invisible", 0
        xmin = header.xmin
        if _is_mine(xmin, xid):
            if combo_cid.get_cmin(header) >= cid:
                return "invisible", 0
            if infomask & (HEAP_XMAX_INVALID | HEAP_XMAX_LOCK_ONLY) or \
                    not _is_mine(header.xmax, xid):
                return "ok", 0
            return ("self_modified" if combo_cid.get_cmax(header) >= cid else "invisible"), 0
        if xmin >= FIRST_NORMAL_TRANSACTION_ID:
            status = xid_status_cached(xmin)
            if status != "committed":
                return "invisible", 0
            header.set_hint(HEAP_XMIN_COMMITTED)
    infomask = header.infomask
    xmax = header.xmax
    if infomask & (HEAP_XMAX_INVALID | HEAP_XMAX_LOCK_ONLY) or not xmax:
        return "ok", 0
    if _is_mine(xmax, xid):
        return ("self_modified" if combo_cid.get_cmax(header) >= cid else "invisible"), 0
    if not infomask & HEAP_XMAX_COMMITTED:
        if transaction_ids.xid_is_running(xmax):
            return "being_modified", xmax
        status = commit_log.xid_status(xmax)
        if status != "committed":
            # Aborted, or crashed while in progress (not running any more).
            header.set_hint(HEAP_XMAX_INVALID)
            return "ok", 0
        header.set_hint(HEAP_XMAX_COMMITTED)
    return ("updated" if header.ctid != tid else "deleted"), 0


def _lock_tuple_page(rel: Relation, tid: ItemPointer) -> tuple[int, HeapTupleHeader]:
    blockno, offnum = tid
    buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    page = bufmgr.page(buf)
    if not 1 <= offnum <= pl.max_offset(page) or pl.item_id(page, offnum)[1] != pl.LP_NORMAL:
        _release(buf)
        raise PgError(INTERNAL_ERROR, f"invalid tuple id ({blockno},{offnum}) in relation "
                                      f"\"{rel.name}\"")
    return buf, HeapTupleHeader(pl.get_item(page, offnum))


# Row-lock strength of an UPDATE (no key column changes: there are no unique indexes
# yet, so no update changes a key) and a DELETE, as the heavyweight mode of the tuple
# lock that queues writers waiting for the same row (PostgreSQL's tupleLockExtraInfo).
TUPLE_LOCK_MODE = {"update": lock_modes.EXCLUSIVE, "delete": lock_modes.ACCESS_EXCLUSIVE}


def _tuple_tag(rel: Relation, tid: ItemPointer) -> lock_tag.LockTag:
    database = 0 if rel.is_shared else process_state.database_oid
    return lock_tag.tuple_(database, rel.oid, tid[0], tid[1])


def _check_target(rel, tid, xid, cid, verb) -> tuple[int, HeapTupleHeader] | UpdateResult:
    """Lock the target tuple's page and wait out concurrent updaters (rule H4).
    Returns (buf, header) with the page exclusively locked when the caller may go on,
    or the UpdateResult to return.

    Before the first wait it takes the heavyweight tuple lock, so that several writers
    waiting for one row queue up in order on it (and pg_locks shows who is first),
    then sleeps on the updater's xid lock; the tuple lock is given back once this
    writer is done with the row (`_release_tuple_lock`)."""
    have_tuple_lock = False
    try:
        while True:
            buf, header = _lock_tuple_page(rel, tid)
            code, wait_xid = _satisfies_update(header, tid, xid, cid)
            if code == "ok":
                if have_tuple_lock:
                    _pending_tuple_locks.append((_tuple_tag(rel, tid), TUPLE_LOCK_MODE[verb]))
                    have_tuple_lock = False
                return buf, header
            if header.hints_set:
                bufmgr.mark_dirty_hint(buf)
            ctid = header.ctid
            _release(buf)
            if code == "being_modified":
                if not have_tuple_lock and _takes_heavyweight_locks():
                    heavyweight_locks.acquire(_tuple_tag(rel, tid), TUPLE_LOCK_MODE[verb])
                    have_tuple_lock = True
                transaction_ids.wait_for_xid(
                    wait_xid, f'while {verb.removesuffix("e")}ing tuple ({tid[0]},{tid[1]}) '
                              f'in relation "{rel.name}"')
                continue
            if code == "invisible":
                raise PgError(INTERNAL_ERROR, f"attempted to {verb} invisible tuple")
            return UpdateResult(code, ctid if code == "updated" else None)
    finally:
        if have_tuple_lock:
            heavyweight_locks.release(_tuple_tag(rel, tid), TUPLE_LOCK_MODE[verb])


# Tuple locks held by a writer that got past the wait; released once its change is on
# the page (heap_update / heap_delete call _release_tuple_locks in their finally).
_pending_tuple_locks: list[tuple[lock_tag.LockTag, int]] = []


def _release_tuple_locks() -> None:
    while _pending_tuple_locks:
        tag, mode = _pending_tuple_locks.pop()
        heavyweight_locks.release(tag, mode)


def _takes_heavyweight_locks() -> bool:
    return process_state.proc_number >= 0 and not process_state.is_bootstrap


def heap_delete(rel: Relation, tid: ItemPointer, snapshot) -> UpdateResult:
    """Mark the tuple at `tid` deleted by the current transaction. `snapshot` is not
    needed under READ COMMITTED (kept for REPEATABLE READ's crosscheck later)."""
    xid = xact.get_current_xid()
    cid = xact.current_command_id()
    checked = _check_target(rel, tid, xid, cid, "delete")
    if isinstance(checked, UpdateResult):
        return checked
    buf, header = checked
    try:
        if predicate.tracking:
            _ssi_write(rel, tid)
        page = bufmgr.page(buf)
        t_cid, combo = combo_cid.cid_for_delete(header, cid, _is_mine(header.xmin, xid))
        heap_wal.set_deleted(header, xid, t_cid, combo, True, None)
        bufmgr.mark_dirty(buf)
        if rel.needs_wal:
            lsn = wal.insert_record(
                wal.RmgrId.HEAP, heap_wal.XLOG_HEAP_DELETE,
                heap_wal.DELETE.pack(xid, tid[1], heap_wal.XLHL_KEYS_UPDATED, 0),
                [wal.BlockRef(0, rel.locator, MAIN, tid[0], page)], xid=xid)
            pl.set_lsn(page, lsn)
    finally:
        _release(buf)
        _release_tuple_locks()
    return UpdateResult("ok", None)


def heap_update(rel: Relation, tid: ItemPointer, values: list, snapshot) -> UpdateResult:
    """Write a new version of the row at `tid`; the old version gets xmax and a t_ctid
    pointing at the new one. The new version goes on the same page when it fits, else
    on another page; the two pages are locked in block-number order (rule H3)."""
    xid = xact.get_current_xid()
    cid = xact.current_command_id()
    data = _prepare_tuple(rel, values, xid, cid, HEAP_UPDATED)
    needed = pl.maxalign(len(data))
    old_block, old_off = tid
    while True:
        checked = _check_target(rel, tid, xid, cid, "update")
        if isinstance(checked, UpdateResult):
            _release_tuple_locks()
            return checked
        buf, header = checked
        if pl.heap_free_space(bufmgr.page(buf)) >= needed:
            new_buf, new_block, was_new = buf, old_block, False
            break
        # Another page: drop our lock (keep the pin), find room, then lock both pages
        # in block order and check that nothing changed meanwhile.
        bufmgr.unlock_buffer(buf)
        new_buf, new_block, was_new = _get_page_with_room(rel, len(data), avoid_block=old_block)
        bufmgr.unlock_buffer(new_buf)
        first, second = (buf, new_buf) if old_block < new_block else (new_buf, buf)
        bufmgr.lock_buffer(first, bufmgr.EXCLUSIVE)
        bufmgr.lock_buffer(second, bufmgr.EXCLUSIVE)
        header = HeapTupleHeader(pl.get_item(bufmgr.page(buf), old_off))
        new_page = bufmgr.page(new_buf)
        if pl.is_new(new_page):
            pl.init_page(new_page)
            was_new = True
        code, _ = _satisfies_update(header, tid, xid, cid)
        if code == "ok" and pl.heap_free_space(new_page) >= needed:
            break
        _release(new_buf)
        _release(buf)      # start over: the old row changed or the new page filled up
    try:
        if predicate.tracking:
            _ssi_write(rel, tid)
        page = bufmgr.page(buf)
        new_page = bufmgr.page(new_buf)
        new_off = pl.add_item(new_page, bytes(data))
        if new_off is None:
            raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
        new_item = pl.get_item(new_page, new_off)
        HeapTupleHeader(new_item).ctid = (new_block, new_off)
        t_cid, combo = combo_cid.cid_for_delete(header, cid, _is_mine(header.xmin, xid))
        heap_wal.set_deleted(header, xid, t_cid, combo, False, (new_block, new_off))
        bufmgr.mark_dirty(buf)
        if new_buf != buf:
            bufmgr.mark_dirty(new_buf)
        if rel.needs_wal:
            will_init = was_new and new_off == 1
            info = heap_wal.XLOG_HEAP_UPDATE | (heap_wal.XLOG_HEAP_INIT_PAGE if will_init else 0)
            blocks = [wal.BlockRef(0, rel.locator, MAIN, new_block, new_page, bytes(new_item),
                                   will_init)]
            if new_buf != buf:
                blocks.append(wal.BlockRef(1, rel.locator, MAIN, old_block, page))
            lsn = wal.insert_record(
                wal.RmgrId.HEAP, info,
                heap_wal.UPDATE.pack(xid, old_off, 0, 0, 0, new_off), blocks, xid=xid)
            pl.set_lsn(page, lsn)
            if new_buf != buf:
                pl.set_lsn(new_page, lsn)
    finally:
        if new_buf != buf:
            _release(new_buf)
        _release(buf)
        _release_tuple_locks()
    return UpdateResult("ok", (new_block, new_off))


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


def heap_drop_storage(rel: Relation) -> None:
    """Forget the relation's buffers (without writing them) and unlink its files.
    The caller decides when (at commit of DROP TABLE, or abort of CREATE TABLE)."""
    bufmgr.drop_relation_buffers(rel.locator)
    smgr.unlink(rel.locator)
    _target_block.pop(rel.locator, None)
