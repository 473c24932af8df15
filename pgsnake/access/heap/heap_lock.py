"""Row locks: SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE on heap tuples,
and the waiting that UPDATE and DELETE share with them.

A row lock is not kept in the lock manager: the locker writes its xid into the tuple's
xmax with HEAP_XMAX_LOCK_ONLY and the strength's bits (heap_xmax.py), WAL-logs it
(XLOG_HEAP_LOCK) and holds it until its transaction ends, like a writer. When a second
transaction locks a row someone still holds, the xmax becomes a multixact of both.

Waiting for a row (README rule H4), for lockers and writers alike:
  1. look at the xmax under the page's exclusive lock (heap_xmax.satisfies_update);
  2. if a running holder conflicts, drop the page lock (keep the pin), take the
     heavyweight *tuple lock* in the strength's mode, so that waiters for one row queue
     in order, then sleep on the holder's xid lock (or on each conflicting member of a
     multixact); NOWAIT fails (55P03) and SKIP LOCKED gives up instead of sleeping;
  3. re-lock the page; if the xmax changed meanwhile, start again at 1;
  4. change the tuple, then give the tuple lock back.
A locker never waits for itself: a lock it already holds (in this transaction or one of
its subtransactions) at least as strong is enough, and a stronger one is added to the
xmax without taking the tuple lock (which could deadlock against a waiter queued
behind our own weaker lock).

Under READ COMMITTED a row whose newer version was committed by someone else is locked
in its newest version instead (`lock_latest_version`, the executor then re-checks its
quals, EvalPlanQual). A FOR KEY SHARE lock does not wait for an update that leaves the
key alone, and locks the new versions too (`lock_updated_chain`), so that nobody can
delete the key under a foreign-key check.

Entry points: heap_lock_tuple, lock_latest_version, LockResult, WAIT_BLOCK / WAIT_SKIP /
WAIT_ERROR; for heapam: prepare_to_modify, lock_tuple_page, release_buffer,
release_pending_tuple_locks.

PostgreSQL: access/heap/heapam.c (heap_lock_tuple, heap_acquire_tuplock,
heap_lock_updated_tuple(_rec), test_lockmode_for_conflict, heap_delete and heap_update's
waiting), access/heap/heapam_handler.c (heapam_tuple_lock), access/heap/README.tuplock,
storage/lmgr/lmgr.c (XactLockTableWaitErrorCb's context lines).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.common.heap_tuple import (
    HEAP_KEYS_UPDATED, HEAP_XMAX_COMMITTED, HEAP_XMAX_INVALID, HEAP_XMAX_IS_MULTI,
    HEAP_XMIN_COMMITTED, HeapTupleHeader)
from pgsnake.access.heap import combo_cid, heap_wal, visibility_map
from pgsnake.access.heap import heap_xmax as xm
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.heap.visibility import xid_status_cached
from pgsnake.access.transam import multixact, transaction_ids, xact
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock as heavyweight_locks
from pgsnake.storage.lmgr import lock_tag
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import process_state
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import (
    INTERNAL_ERROR, LOCK_NOT_AVAILABLE, OBJECT_NOT_IN_PREREQUISITE_STATE, PgError)

MAIN = ForkNumber.MAIN
DATA_CORRUPTED = "XX001"

# What a locker does about a row another transaction holds (LockWaitPolicy).
WAIT_BLOCK = 0          # sleep until it is free
WAIT_SKIP = 1           # SKIP LOCKED: leave the row out
WAIT_ERROR = 2          # NOWAIT: 55P03


@dataclasses.dataclass(frozen=True, slots=True)
class LockResult:
    """status: 'ok' (locked `tid`), 'would_block' (SKIP LOCKED), 'self_modified' (this
    command already changed it), 'updated' / 'deleted' (a committed transaction did;
    `tid` is then the newer version's TID and `update_xid` its inserter), 'invisible'.
    `traversed`: the lock is on a newer version than the one asked for."""
    status: str
    tid: tuple[int, int] | None = None
    update_xid: int = 0
    traversed: bool = False


# ---- pages and tuple locks -----------------------------------------------------------------

def release_buffer(buf: int) -> None:
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)


class TuplePage:
    """The pinned page of one tuple (also used by heapam's fetches). A writer's exclusive
    content lock is dropped while it waits for someone and taken back after (the pin
    keeps `header` and `item`, views into the page, valid meanwhile). `close()` gives
    back what is held, also when an error was raised while the page was unlocked (a
    deadlock or a lock timeout during the wait)."""
    __slots__ = ("buf", "item", "header", "mode", "locked")

    def __init__(self, buf: int, item, mode: str) -> None:
        self.buf, self.item, self.mode, self.locked = buf, item, mode, True
        self.header = HeapTupleHeader(item)

    @classmethod
    def open(cls, rel, tid, mode: str = bufmgr.EXCLUSIVE) -> "TuplePage | None":
        """The tuple's page, pinned and locked in `mode`; None if no tuple is there."""
        blockno, offnum = tid
        if blockno >= bufmgr.nblocks(rel.locator, MAIN):
            return None
        buf = bufmgr.read_buffer(rel.locator, MAIN, blockno)
        bufmgr.lock_buffer(buf, mode)
        page = bufmgr.page(buf)
        if not 1 <= offnum <= pl.max_offset(page) or \
                pl.item_id(page, offnum)[1] != pl.LP_NORMAL:
            release_buffer(buf)
            return None
        return cls(buf, pl.get_item(page, offnum), mode)

    def unlock(self) -> None:
        bufmgr.unlock_buffer(self.buf)
        self.locked = False

    def lock(self) -> None:
        bufmgr.lock_buffer(self.buf, self.mode)
        self.locked = True

    def close(self) -> None:
        if self.locked:
            bufmgr.unlock_buffer(self.buf)
            self.locked = False
        bufmgr.release_buffer(self.buf)


def lock_tuple_page(rel, tid) -> TuplePage:
    """The page of `tid`, pinned and exclusively locked (INTERNAL_ERROR if the tuple
    does not exist: callers got `tid` from a scan, so it must)."""
    page = TuplePage.open(rel, tid)
    if page is None:
        raise PgError(INTERNAL_ERROR, f"invalid tuple id ({tid[0]},{tid[1]}) in relation "
                                      f"\"{rel.name}\"")
    return page


def _tuple_tag(rel, tid) -> lock_tag.LockTag:
    database = 0 if rel.is_shared else process_state.database_oid
    return lock_tag.tuple_(database, rel.oid, tid[0], tid[1])


def _takes_heavyweight_locks() -> bool:
    return process_state.proc_number >= 0 and not process_state.is_bootstrap


def _acquire_tuple_lock(rel, tid, mode: LockTupleMode, policy: int) -> bool:
    """The heavyweight tuple lock that orders waiters for one row (heap_acquire_tuplock):
    False only for SKIP LOCKED; NOWAIT raises 55P03."""
    if not _takes_heavyweight_locks():
        return True
    tag = _tuple_tag(rel, tid)
    if heavyweight_locks.acquire(tag, xm.HEAVYWEIGHT_MODE[mode], dont_wait=policy != WAIT_BLOCK):
        return True
    if policy == WAIT_SKIP:
        return False
    raise _row_lock_unavailable(rel)


def _release_tuple_lock(rel, tid, mode: LockTupleMode) -> None:
    if _takes_heavyweight_locks():
        heavyweight_locks.release(_tuple_tag(rel, tid), xm.HEAVYWEIGHT_MODE[mode])


def _row_lock_unavailable(rel) -> PgError:
    return PgError(LOCK_NOT_AVAILABLE, f'could not obtain lock on row in relation "{rel.name}"')


def _context(verb: str, tid, rel) -> str:
    """XactLockTableWait's context line for a wait on a row."""
    if verb == "lock updated":
        return f'while locking updated version ({tid[0]},{tid[1]}) of tuple in relation ' \
               f'"{rel.name}"'
    if verb == "recheck":
        return f'while rechecking updated tuple ({tid[0]},{tid[1]}) in relation "{rel.name}"'
    return f'while {verb} tuple ({tid[0]},{tid[1]}) in relation "{rel.name}"'


def _update_xmax_hint(header: HeapTupleHeader, xwait: int) -> None:
    """After waiting for a plain-xid xmax: a committed update gets XMAX_COMMITTED, an
    abort or a finished lock XMAX_INVALID (UpdateXmaxHintBits)."""
    if header.infomask & (HEAP_XMAX_COMMITTED | HEAP_XMAX_INVALID):
        return
    if not xm.is_locked_only(header.infomask) and xid_status_cached(xwait) == "committed":
        header.set_hint(HEAP_XMAX_COMMITTED)
    elif not transaction_ids.xid_is_running(xwait):
        header.set_hint(HEAP_XMAX_INVALID)


def _changed(header: HeapTupleHeader, xwait: int, infomask: int) -> bool:
    return header.xmax != xwait or xm.xmax_bits_changed(header.infomask, infomask)


def _is_mine(other: int, xid: int) -> bool:
    return other != 0 and (other == xid or xact.is_current_xid(other))


# ---- UPDATE and DELETE: waiting for the row ------------------------------------------------

# Tuple locks held by a writer that got past the wait; released once its change is on
# the page (heap_update / heap_delete call release_pending_tuple_locks in their finally).
_pending_tuple_locks: list[tuple] = []


def release_pending_tuple_locks() -> None:
    while _pending_tuple_locks:
        rel, tid, mode = _pending_tuple_locks.pop()
        _release_tuple_lock(rel, tid, mode)


@dataclasses.dataclass(slots=True)
class ModifyTarget:
    """The row an UPDATE/DELETE may now change: its page is pinned and exclusively
    locked. `xmax`/`infomask` are what the xmax was when the decision was made (to
    notice a change after the page was unlocked); `locker_remains`: a lock that must
    outlive the change is in the xmax (for the new version of an update)."""
    buf: int
    header: HeapTupleHeader
    xmax: int
    infomask: int
    checked_lockers: bool
    locker_remains: bool


def prepare_to_modify(rel, tid, xid: int, cid: int, mode: LockTupleMode,
                      action: str) -> ModifyTarget | tuple[str, tuple[int, int] | None]:
    """Wait until this transaction may update (`mode` NO_KEY_EXCLUSIVE) or delete
    (EXCLUSIVE) the tuple at `tid`, then return it with its page locked; or
    ('updated', new_tid) / ('deleted', None) / ('self_modified', None, cmax) when the row
    changed under us (cmax: the command of ours that changed it, tmfd.cmax). A key-share locker does not stop a no-key update, and our own
    locks never stop us: they are kept in the new xmax instead.
    (heap_update / heap_delete up to the change; README rule H4.)"""
    status = xm.update_status(mode)
    key_intact = mode == LockTupleMode.NO_KEY_EXCLUSIVE
    have_tuple_lock = False
    context = _context(f"{action.removesuffix('e')}ing", tid, rel)
    page = lock_tuple_page(rel, tid)
    header = page.header
    try:
        while True:
            checked_lockers = locker_remains = False
            code = xm.satisfies_update(header, tid, xid, cid)
            if code == "invisible":
                raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                              f"attempted to {action} invisible tuple")
            if code == "being_modified":
                xwait, infomask = header.xmax, header.infomask
                can_continue = False
                if infomask & HEAP_XMAX_IS_MULTI:
                    conflict, current_is_member = xm.does_multi_conflict(xwait, infomask,
                                                                         mode, xid)
                    if conflict:
                        page.unlock()
                        if not current_is_member and not have_tuple_lock:
                            have_tuple_lock = _acquire_tuple_lock(rel, tid, mode, WAIT_BLOCK)
                        _, remaining = xm.wait_for_multi(xwait, status, infomask, xid, context)
                        checked_lockers = True
                        locker_remains = remaining != 0
                        page.lock()
                        if _changed(header, xwait, infomask):
                            continue
                    updater = 0 if xm.is_locked_only(header.infomask) else xm.update_xid(header)
                    if not updater or xid_status_cached(updater) == "aborted":
                        can_continue = True
                elif _is_mine(xwait, xid) or (xm.is_keyshr_locked(infomask) and key_intact):
                    # Only our own lock, or a key-share lock a no-key update may ignore:
                    # go ahead, keeping the locker in the xmax.
                    checked_lockers = locker_remains = can_continue = True
                else:
                    page.unlock()
                    if not have_tuple_lock:
                        have_tuple_lock = _acquire_tuple_lock(rel, tid, mode, WAIT_BLOCK)
                    transaction_ids.wait_for_xid(xwait, context)
                    checked_lockers = True
                    page.lock()
                    if _changed(header, xwait, infomask):
                        continue
                    _update_xmax_hint(header, xwait)
                    if header.infomask & HEAP_XMAX_INVALID:
                        can_continue = True
                if can_continue:
                    code = "ok"
                else:
                    code = "updated" if header.ctid != tid else "deleted"
            if header.hints_set:
                bufmgr.mark_dirty_hint(page.buf)
            if code == "ok":
                if have_tuple_lock:
                    _pending_tuple_locks.append((rel, tid, mode))
                    have_tuple_lock = False
                target = ModifyTarget(page.buf, header, header.xmax, header.infomask,
                                      checked_lockers, locker_remains)
                page = None         # the caller releases the page now
                return target
            if code == "self_modified":
                return code, None, combo_cid.get_cmax(header)
            return code, (header.ctid if code == "updated" else None)
    finally:
        if page is not None:
            page.close()
        if have_tuple_lock:
            _release_tuple_lock(rel, tid, mode)


def new_version_xmax(target: ModifyTarget) -> tuple[int, int, int]:
    """(xmax, infomask bits, infomask2 bits) for the new version an update writes: the
    lockers that remain on the old version (only key-share ones can) stay on the new
    one too (heap_update's xmax_new_tuple)."""
    header = target.header
    if header.infomask & HEAP_XMAX_INVALID or \
            (target.checked_lockers and not target.locker_remains):
        return 0, HEAP_XMAX_INVALID, 0
    xmax = header.xmax
    if header.infomask & HEAP_XMAX_IS_MULTI:
        return (xmax, *xm.multixact_hint_bits(xmax))
    return xmax, xm.HEAP_XMAX_KEYSHR_LOCK | xm.HEAP_XMAX_LOCK_ONLY, 0


# ---- heap_lock_tuple -------------------------------------------------------------------------

def heap_lock_tuple(rel, tid, mode: LockTupleMode, policy: int = WAIT_BLOCK,
                    follow_updates: bool = True, cid: int | None = None) -> LockResult:
    """Lock the tuple at `tid` in `mode` for the current transaction (heap_lock_tuple).
    Waits per `policy` for conflicting holders. With `follow_updates`, a running or
    committed update that does not conflict (a no-key update against KEY SHARE) has its
    newer versions locked too. The transaction gets an xid only when it writes a lock,
    so a locker that is still waiting holds no transaction-id lock of its own, as in
    PostgreSQL's pg_locks. `cid` is the command the locker acts as (its snapshot's, for
    a cursor declared earlier in the transaction): a version this transaction changed in
    a later command is then "self_modified", not "invisible"."""
    xid = xact.get_current_xid_if_any()
    current = xact.current_command_id(used=True)
    cid = current if cid is None else cid
    first_time = True
    skip_tuple_lock = False
    have_tuple_lock = False
    page = lock_tuple_page(rel, tid)
    header = page.header
    try:
        while True:
            result = xm.satisfies_update(header, tid, xid, cid)
            if result == "invisible":
                return LockResult("invisible")
            if result in ("being_modified", "updated", "deleted"):
                outcome = _wait_for_holders(rel, tid, page, xid, mode, policy,
                                            follow_updates, result, first_time,
                                            skip_tuple_lock, have_tuple_lock)
                first_time = False
                kind, skip_tuple_lock, have_tuple_lock = outcome
                if kind == "again":
                    continue
                if kind == "already_held":
                    return LockResult("ok", tid)
                result = kind
            if header.hints_set:
                bufmgr.mark_dirty_hint(page.buf)
            if result != "ok":
                return LockResult(result, header.ctid, xm.update_xid(header)
                                  if result == "updated" else 0)
            if not xid:
                # First write of the transaction: take an xid (and the lock on it) with
                # the page unlocked, then look at the tuple again.
                page.unlock()
                xid = xact.get_current_xid()
                page.lock()
                continue
            _stamp_lock(rel, tid, page.buf, header, xid, mode, updated_version=False)
            return LockResult("ok", tid)
    finally:
        page.close()
        if have_tuple_lock:
            _release_tuple_lock(rel, tid, mode)


def _wait_for_holders(rel, tid, page: TuplePage, xid, mode, policy, follow_updates, result,
                      first_time, skip_tuple_lock, have_tuple_lock):
    """heap_lock_tuple's handling of an xmax held by someone (maybe ourselves). Entered
    and left with the page locked. Returns (what now, skip_tuple_lock, have_tuple_lock);
    what now is 'again' (re-examine the tuple), 'already_held' (we hold a lock at least
    as strong), 'ok' (go and lock it), or the failure status."""
    header = page.header
    xwait, infomask, infomask2, t_ctid = header.xmax, header.infomask, header.infomask2, header.ctid
    page.unlock()
    if first_time:
        # A lock this transaction (any of its subtransactions) already holds that is as
        # strong as the one asked for is enough; a weaker one must not make us queue on
        # the tuple lock, where a waiter for our own xid could be ahead of us.
        if infomask & HEAP_XMAX_IS_MULTI:
            for member in multixact.members(xwait, lock_only=xm.is_locked_only(infomask)):
                if not _is_mine(member.xid, xid):
                    continue
                if xm.mode_of_status(member.status) >= mode:
                    page.lock()
                    return "already_held", skip_tuple_lock, have_tuple_lock
                skip_tuple_lock = True
        elif _is_mine(xwait, xid) and _own_lock_suffices(mode, infomask, infomask2):
            page.lock()
            return "already_held", skip_tuple_lock, have_tuple_lock

    require_sleep = True
    if mode == LockTupleMode.KEY_SHARE:
        if not infomask2 & HEAP_KEYS_UPDATED:
            # No key change: no need to wait, but lock the newer versions too.
            updated = not xm.is_locked_only(infomask)
            if follow_updates and updated:
                chained = lock_updated_chain(rel, tid, t_ctid, xact.get_current_xid(), mode)
                if chained != "ok":
                    page.lock()
                    return chained, skip_tuple_lock, have_tuple_lock
            page.lock()
            if not xm.is_only_locked(header) and \
                    (header.infomask2 & HEAP_KEYS_UPDATED or not updated):
                return "again", skip_tuple_lock, have_tuple_lock
            require_sleep = False
    elif mode == LockTupleMode.SHARE:
        if xm.is_locked_only(infomask) and not xm.is_excl_locked(infomask):
            page.lock()
            if not xm.is_locked_only(header.infomask) or xm.is_excl_locked(header.infomask):
                return "again", skip_tuple_lock, have_tuple_lock
            require_sleep = False
    elif mode == LockTupleMode.NO_KEY_EXCLUSIVE:
        if infomask & HEAP_XMAX_IS_MULTI:
            if not xm.does_multi_conflict(xwait, infomask, mode, xid)[0]:
                page.lock()
                if _changed(header, xwait, infomask):
                    return "again", skip_tuple_lock, have_tuple_lock
                require_sleep = False
        elif xm.is_keyshr_locked(infomask):
            page.lock()
            if _changed(header, xwait, infomask):
                return "again", skip_tuple_lock, have_tuple_lock
            require_sleep = False

    # Our own lone lock (weaker than wanted): no one to wait for, just strengthen it.
    if require_sleep and not infomask & HEAP_XMAX_IS_MULTI and _is_mine(xwait, xid):
        page.lock()
        if _changed(header, xwait, infomask):
            return "again", skip_tuple_lock, have_tuple_lock
        require_sleep = False

    if require_sleep and result in ("updated", "deleted"):
        # A committed update or delete: waiting cannot help.
        page.lock()
        return result, skip_tuple_lock, have_tuple_lock
    if require_sleep:
        if not skip_tuple_lock and not have_tuple_lock:
            if not _acquire_tuple_lock(rel, tid, mode, policy):
                page.lock()
                return "would_block", skip_tuple_lock, have_tuple_lock
            have_tuple_lock = True
        context = _context("locking", tid, rel)
        if infomask & HEAP_XMAX_IS_MULTI:
            done, _ = xm.wait_for_multi(xwait, xm.lock_status(mode), infomask, xid, context,
                                        dont_wait=policy != WAIT_BLOCK)
        else:
            done = transaction_ids.wait_for_xid(xwait, context,
                                                dont_wait=policy != WAIT_BLOCK) is not False
        if not done:
            if policy == WAIT_ERROR:
                page.lock()
                raise _row_lock_unavailable(rel)
            page.lock()
            return "would_block", skip_tuple_lock, have_tuple_lock
        if follow_updates and not xm.is_locked_only(infomask):
            chained = lock_updated_chain(rel, tid, t_ctid, xact.get_current_xid(), mode)
            if chained != "ok":
                page.lock()
                return chained, skip_tuple_lock, have_tuple_lock
        page.lock()
        if _changed(header, xwait, infomask):
            return "again", skip_tuple_lock, have_tuple_lock
        if not infomask & HEAP_XMAX_IS_MULTI:
            _update_xmax_hint(header, xwait)

    if not require_sleep or header.infomask & HEAP_XMAX_INVALID or \
            xm.is_locked_only(header.infomask) or xm.is_only_locked(header):
        return "ok", skip_tuple_lock, have_tuple_lock
    return ("updated" if header.ctid != tid else "deleted"), skip_tuple_lock, have_tuple_lock


def _own_lock_suffices(mode: LockTupleMode, infomask: int, infomask2: int) -> bool:
    """Does our own lone xmax already lock the row at least as strongly as `mode`?"""
    if mode == LockTupleMode.KEY_SHARE:
        return True
    if mode == LockTupleMode.SHARE:
        return xm.is_shr_locked(infomask) or xm.is_excl_locked(infomask)
    if mode == LockTupleMode.NO_KEY_EXCLUSIVE:
        return xm.is_excl_locked(infomask)
    return xm.is_excl_locked(infomask) and bool(infomask2 & HEAP_KEYS_UPDATED)


def _stamp_lock(rel, tid, buf, header, xid: int, mode: LockTupleMode,
                updated_version: bool) -> None:
    """Write our lock into the xmax and WAL-log it (rule H1). The WAL record is needed
    even though a lock changes no data: the xid or multixact written here may never
    have been logged, and after a crash it must not be handed out again."""
    new_xmax, bits, bits2 = xm.compute_new_xmax_infomask(
        header.xmax, header.infomask, header.infomask2, xid, mode, False)
    with critical_section("heap lock"):
        # A lock makes the page no longer all-frozen (visibility_map rule V4).
        cleared = visibility_map.clear_all_frozen_if_visible(rel, bufmgr.page(buf), tid[0])
        if updated_version:
            heap_wal.set_xmax(header, new_xmax, bits, bits2)
        else:
            heap_wal.set_locked(header, tid, new_xmax, bits, bits2)
        bufmgr.mark_dirty(buf)
        if rel.needs_wal:
            infobits = heap_wal.compute_infobits(header.infomask, header.infomask2)
            if updated_version:
                rmid, info = wal.RmgrId.HEAP2, heap_wal.XLOG_HEAP2_LOCK_UPDATED
            else:
                rmid, info = wal.RmgrId.HEAP, heap_wal.XLOG_HEAP_LOCK
            page = bufmgr.page(buf)
            lsn = wal.insert_record(rmid, info,
                                    heap_wal.LOCK.pack(
                                        new_xmax, tid[1], infobits,
                                        heap_wal.XLH_LOCK_ALL_FROZEN_CLEARED if cleared else 0),
                                    [wal.BlockRef(0, rel.locator, MAIN, tid[0], page)], xid=xid)
            pl.set_lsn(page, lsn)


# ---- locking the newer versions of an updated row ------------------------------------------

def lock_updated_chain(rel, tid, ctid, xid: int, mode: LockTupleMode) -> str:
    """Lock every newer version of the row at `tid`, starting at its t_ctid `ctid`,
    waiting for conflicting holders of those versions (heap_lock_updated_tuple).
    Returns 'ok', or 'updated'/'deleted' when a committed conflicting change is found."""
    if ctid == tid:
        return "ok"
    prior_xmax = 0
    current = ctid
    while True:
        page = TuplePage.open(rel, current)
        if page is None:
            return "ok"             # the version was removed: the chain ends here
        try:
            outcome = _lock_one_version(rel, current, page, xid, mode, prior_xmax)
            if outcome == "again":
                continue
            if outcome == "chain_end":
                return "ok"
            if outcome not in ("ok", "next"):
                return outcome
            header = page.header
            if header.infomask & HEAP_XMAX_INVALID or header.ctid == current or \
                    xm.is_only_locked(header):
                return "ok"
            prior_xmax = xm.update_xid(header)
            current = header.ctid
        finally:
            page.close()


def _lock_one_version(rel, tid, page: TuplePage, xid, mode, prior_xmax) -> str:
    """One step of lock_updated_chain, entered with the version's page locked: 'ok'
    (locked it), 'next' (we already hold it), 'again' (waited; look again), 'chain_end'
    (not the row's next version), or 'updated'/'deleted'."""
    header = page.header
    if prior_xmax and header.xmin != prior_xmax:
        return "chain_end"
    if xid_status_cached(header.xmin) == "aborted":
        return "chain_end"
    infomask = header.infomask
    if not infomask & HEAP_XMAX_INVALID:
        if infomask & HEAP_XMAX_IS_MULTI:
            holders = [(m.status, m.xid) for m in
                       multixact.members(header.xmax, lock_only=xm.is_locked_only(infomask))]
        else:
            status = xm.single_xmax_status(infomask, header.infomask2)
            holders = [(status, header.xmax)] if status is not None else []
        for status, holder in holders:
            outcome, must_wait = _test_lockmode_for_conflict(status, holder, mode, header, tid,
                                                             xid)
            if outcome == "self_modified":
                return "next"
            if must_wait:
                page.unlock()
                transaction_ids.wait_for_xid(holder, _context("lock updated", tid, rel))
                return "again"
            if outcome != "ok":
                return outcome
    _stamp_lock(rel, tid, page.buf, header, xid, mode, updated_version=True)
    return "ok"


def _test_lockmode_for_conflict(status, holder: int, mode: LockTupleMode, header, tid,
                                xid: int) -> tuple[str, bool]:
    """May we lock a version someone holds in `status`? (outcome, must we wait first)
    (test_lockmode_for_conflict)."""
    wanted = xm.lock_status(mode)
    if _is_mine(holder, xid):
        return "self_modified", False
    if transaction_ids.xid_is_running(holder):
        return "ok", xm.statuses_conflict(status, wanted)
    if xid_status_cached(holder) != "committed":
        return "ok", False                  # aborted or crashed: holds nothing
    if not multixact.is_update_status(status) or not xm.statuses_conflict(status, wanted):
        return "ok", False
    return ("updated" if header.ctid != tid else "deleted"), False


# ---- READ COMMITTED: lock the newest version ----------------------------------------------------

def lock_latest_version(rel, tid, mode: LockTupleMode, policy: int = WAIT_BLOCK, *,
                        find_last_version: bool, follow_updates: bool = True,
                        cid: int | None = None) -> LockResult:
    """Lock the row at `tid`; with `find_last_version` (READ COMMITTED), when a
    committed transaction updated it, follow its update chain and lock the newest
    version instead, waiting for a running updater of it first (heapam_tuple_lock).
    'ok' results say which version got locked and whether that is a newer one
    (`traversed`): the caller must then re-check its quals on it (EvalPlanQual)."""
    current = xact.current_command_id(used=True)
    cid = current if cid is None else cid
    traversed = False
    while True:
        result = heap_lock_tuple(rel, tid, mode, policy, follow_updates, cid)
        if result.status == "ok":
            return LockResult("ok", tid, 0, traversed)
        if result.status != "updated" or not find_last_version:
            return result
        if result.tid == tid:
            return LockResult("deleted")
        tid, prior_xmax = result.tid, result.update_xid
        traversed = True
        while True:
            version = _peek_version(rel, tid)
            if version is None or version.xmin != prior_xmax:
                return LockResult("deleted")        # the slot holds another row now
            if version.dirty_visible:
                if version.xmin_running:
                    raise PgError(DATA_CORRUPTED,
                                  f"t_xmin {version.xmin} is uncommitted in tuple "
                                  f"({tid[0]},{tid[1]}) to be updated in table \"{rel.name}\"")
                if version.updater_running:
                    done = transaction_ids.wait_for_xid(
                        version.updater_running, _context("recheck", tid, rel),
                        dont_wait=policy != WAIT_BLOCK) is not False
                    if not done:
                        if policy == WAIT_SKIP:
                            return LockResult("would_block")
                        raise _row_lock_unavailable(rel)
                    continue
                if _is_mine(prior_xmax, xact.get_current_xid_if_any()) and version.cmin >= cid:
                    return LockResult("self_modified")
                break                               # a live version: lock it
            if version.ctid == tid:
                return LockResult("deleted")
            tid, prior_xmax = version.ctid, version.update_xid


@dataclasses.dataclass(frozen=True, slots=True)
class _Version:
    xmin: int
    cmin: int
    ctid: tuple[int, int]
    update_xid: int
    dirty_visible: bool          # visible counting in-progress changes (SnapshotDirty)
    xmin_running: bool           # inserted by another transaction still running
    updater_running: int         # a running transaction's update or delete of it, or 0


def _peek_version(rel, tid) -> _Version | None:
    """What the tuple at `tid` looks like to a dirty snapshot (HeapTupleSatisfiesDirty),
    None if there is no tuple there."""
    tuple_page = TuplePage.open(rel, tid, bufmgr.SHARE)
    if tuple_page is None:
        return None
    try:
        header = tuple_page.header
        xid = xact.get_current_xid_if_any()
        xmin = header.xmin
        mine = _is_mine(xmin, xid)
        cmin = combo_cid.get_cmin(header) if mine else 0
        infomask = header.infomask
        xmin_running = False
        visible = True
        if not infomask & HEAP_XMIN_COMMITTED and not mine:
            if transaction_ids.xid_is_running(xmin):
                xmin_running = True
            elif xid_status_cached(xmin) != "committed":
                visible = False
        updater = xm.update_xid(header) if not infomask & HEAP_XMAX_INVALID else 0
        updater_running = 0
        if visible and updater and not xm.is_locked_only(infomask):
            if _is_mine(updater, xid):
                visible = False
            elif transaction_ids.xid_is_running(updater):
                updater_running = updater
            elif xid_status_cached(updater) == "committed":
                visible = False
        return _Version(xmin, cmin, header.ctid, updater, visible, xmin_running,
                        updater_running)
    finally:
        tuple_page.close()

