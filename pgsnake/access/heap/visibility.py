"""Is this tuple version visible to this snapshot? (HeapTupleSatisfiesMVCC)

A snapshot (xmin, xmax, xip, curxid, curcid) freezes which transactions count as
finished: every xid < xmin finished, every xid >= xmax had not started, and the ones in
between are running iff they are in xip. Finished transactions committed or aborted
according to the commit log. The rules (numbered as in README.md "Visibility"):

  V1  xids 1 (bootstrap) and 2 (frozen) are always committed; xid 0 never is.
  V2  A tuple inserted by the snapshot's own transaction (its top xid or a
      subtransaction xid not rolled back: snapshot.is_current_xid) is visible iff it was inserted
      by an earlier command (cmin < curcid) and not deleted by an earlier command
      (no xmax, or cmax >= curcid).
  V3  Otherwise the inserter must be finished for the snapshot (not in it) and
      committed in the commit log. An inserter that is neither running for the snapshot
      nor committed aborted (or crashed).
  V4  The tuple is then visible unless its deleter (xmax, not a mere locker) is
      finished for the snapshot and committed, or is our own transaction in an
      earlier command. A lock-only xmax (SELECT ... FOR UPDATE) deletes nothing; when
      the xmax is a multixact, the deleter is its updating member, if it has one.
  V5  Hint bits (XMIN_COMMITTED, XMIN_INVALID, XMAX_COMMITTED, XMAX_INVALID) cache
      commit-log answers in the tuple. They are set only for final answers and never
      WAL-logged; `header.hints_set` tells the caller to mark the buffer dirty (hint).

Entry points: tuple_is_visible, xid_status_cached, xid_in_snapshot,
serializable_conflict_xid (which concurrent write a SERIALIZABLE reader did not see).

PostgreSQL: access/heap/heapam_visibility.c (HeapTupleSatisfiesMVCC, SetHintBits),
utils/time/snapmgr.c (XidInMVCCSnapshot), access/heap/heapam.c
(HeapCheckForSerializableConflictOut).
"""
from __future__ import annotations

from pgsnake.access.common.heap_tuple import (
    HEAP_XMAX_COMMITTED, HEAP_XMAX_EXCL_LOCK, HEAP_XMAX_INVALID, HEAP_XMAX_IS_MULTI,
    HEAP_XMAX_KEYSHR_LOCK, HEAP_XMAX_LOCK_ONLY, HEAP_XMIN_COMMITTED, HEAP_XMIN_FROZEN,
    HEAP_XMIN_INVALID, HeapTupleHeader)
from pgsnake.access.heap import combo_cid
from pgsnake.access.transam import commit_log, multixact
# xid_in_snapshot: "was it still running (or not yet started) when the snapshot was
# taken?", through pg_subtrans when the snapshot is suboverflowed (snapshot.py).
from pgsnake.access.transam.snapshot import is_current_xid, xid_in_snapshot  # noqa: F401

FIRST_NORMAL_TRANSACTION_ID = 3
_LOCK_BITS = HEAP_XMAX_IS_MULTI | HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK


def _locked_only(infomask: int) -> bool:
    """heap_xmax.is_locked_only (a lone EXCL_LOCK bit is a pre-9.3 FOR UPDATE)."""
    return bool(infomask & HEAP_XMAX_LOCK_ONLY) or infomask & _LOCK_BITS == HEAP_XMAX_EXCL_LOCK

# Final commit-log answers, cached per process (a transaction never changes its
# mind once committed or aborted). Cleared when it grows large.
_final_status: dict[int, str] = {}


def xid_status_cached(xid: int) -> str:
    if xid < FIRST_NORMAL_TRANSACTION_ID:
        return "committed" if xid else "aborted"        # V1
    status = _final_status.get(xid)
    if status is None:
        status = commit_log.xid_status(xid)
        if status != "in_progress":
            if len(_final_status) > 65536:
                _final_status.clear()
            _final_status[xid] = status
    return status


def tuple_is_visible(header, snapshot) -> bool:
    if not isinstance(header, HeapTupleHeader):
        header = HeapTupleHeader(header)
    infomask = header.infomask
    xmin = header.xmin

    if not infomask & HEAP_XMIN_COMMITTED:
        if infomask & HEAP_XMIN_INVALID:
            return False
        if xmin < FIRST_NORMAL_TRANSACTION_ID:
            if not xmin:
                return False
        elif is_current_xid(xmin, snapshot):              # V2
            if combo_cid.get_cmin(header) >= snapshot.curcid:
                return False
            if infomask & HEAP_XMAX_INVALID or _locked_only(infomask) or not header.xmax:
                return True
            deleter = (multixact.update_xid(header.xmax) if infomask & HEAP_XMAX_IS_MULTI
                       else header.xmax)
            if not is_current_xid(deleter, snapshot):
                return True     # deleted by a subtransaction we rolled back
            return combo_cid.get_cmax(header) >= snapshot.curcid
        elif xid_in_snapshot(xmin, snapshot):             # V3
            return False
        else:
            status = xid_status_cached(xmin)
            if status == "committed":
                header.set_hint(HEAP_XMIN_COMMITTED)       # V5
            else:
                if status == "aborted":
                    header.set_hint(HEAP_XMIN_INVALID)
                return False
    elif infomask & HEAP_XMIN_FROZEN != HEAP_XMIN_FROZEN and \
            xmin >= FIRST_NORMAL_TRANSACTION_ID and xid_in_snapshot(xmin, snapshot):
        return False        # committed, but after our snapshot was taken

    # The inserter is visible; now the deleter (V4).
    infomask = header.infomask
    if infomask & HEAP_XMAX_INVALID:
        return True
    xmax = header.xmax
    if not xmax or _locked_only(infomask):
        return True
    if infomask & HEAP_XMAX_IS_MULTI:
        # The multixact's updating member decides; no hint: other members may run on.
        xmax = multixact.update_xid(xmax)
        if is_current_xid(xmax, snapshot):
            return combo_cid.get_cmax(header) >= snapshot.curcid
        if xid_in_snapshot(xmax, snapshot):
            return True
        return xid_status_cached(xmax) != "committed"
    if not infomask & HEAP_XMAX_COMMITTED:
        if is_current_xid(xmax, snapshot):
            return combo_cid.get_cmax(header) >= snapshot.curcid
        if xid_in_snapshot(xmax, snapshot):
            return True
        status = xid_status_cached(xmax)
        if status != "committed":
            if status == "aborted":
                header.set_hint(HEAP_XMAX_INVALID)
            return True
        header.set_hint(HEAP_XMAX_COMMITTED)
        return False
    return xid_in_snapshot(xmax, snapshot)


def tuple_dirty_state(header, is_mine) -> tuple[bool, int, int]:
    """HeapTupleSatisfiesDirty, for uniqueness checks: does the tuple count as present
    when changes of transactions still in progress count too? Returns (present,
    inserting xid still in progress or 0, deleting xid still in progress or 0); a checker
    that finds a present tuple with a running inserter or deleter must wait for that
    transaction and look again. `is_mine(xid)` identifies the checker's own xids, whose
    changes count at once."""
    from pgsnake.access.transam import transaction_ids
    if not isinstance(header, HeapTupleHeader):
        header = HeapTupleHeader(header)
    infomask = header.infomask
    xmin = header.xmin
    inserting = 0
    if not infomask & HEAP_XMIN_COMMITTED:
        if infomask & HEAP_XMIN_INVALID or not xmin:
            return False, 0, 0
        if xmin >= FIRST_NORMAL_TRANSACTION_ID and not is_mine(xmin):
            # "Running?" before "committed?", as HeapTupleSatisfiesDirty asks: a committer
            # sets its commit-log status before it leaves the proc array, so asking in the
            # other order can miss both and take a fresh commit for a crash.
            if transaction_ids.xid_is_running(xmin):
                inserting = xmin
            elif xid_status_cached(xmin) != "committed":
                return False, 0, 0          # aborted, or crashed while in progress
    xmax = header.xmax
    if infomask & HEAP_XMAX_INVALID or _locked_only(infomask) or not xmax:
        return True, inserting, 0
    if infomask & HEAP_XMAX_IS_MULTI:
        xmax = multixact.update_xid(xmax)      # the updating member (not LOCKED_ONLY)
    if is_mine(xmax):
        return False, 0, 0
    if infomask & HEAP_XMAX_COMMITTED:
        return False, 0, 0
    if transaction_ids.xid_is_running(xmax):      # before the commit log: see above
        if inserting and xmax == inserting:
            return False, 0, 0                    # inserted and deleted by one transaction
        return True, inserting, xmax
    if xid_status_cached(xmax) == "committed":
        return False, 0, 0
    return True, inserting, 0                     # aborted, or crashed


def inserter_aborted(header) -> bool:
    """Did the tuple's inserting transaction abort (or crash)? A still-running inserter
    has not aborted."""
    from pgsnake.access.transam import transaction_ids
    if not isinstance(header, HeapTupleHeader):
        header = HeapTupleHeader(header)
    infomask = header.infomask
    if infomask & HEAP_XMIN_COMMITTED:
        return False
    xmin = header.xmin
    if infomask & HEAP_XMIN_INVALID or not xmin:
        return True
    if xmin < FIRST_NORMAL_TRANSACTION_ID:
        return False
    status = xid_status_cached(xmin)
    if status == "aborted":
        return True
    return status != "committed" and not transaction_ids.xid_is_running(xmin)


def serializable_conflict_xid(header: HeapTupleHeader, visible: bool, snapshot) -> int:
    """For SSI (storage/lmgr/predicate.py check_for_conflict_out): the xid of a write to
    this tuple that `snapshot` does not show, by a transaction that may be concurrent
    with ours; 0 if there is none. A tuple we cannot see was inserted by such a writer
    (its xmin); a tuple we still see may have been deleted or replaced by one (its
    xmax). Our own xids, xids older than the snapshot's xmin (finished before it) and
    writers the hint bits mark aborted never conflict. Other aborted writers are left to
    SSI, which knows them as rolled back: asking the commit log here would cost a lookup
    per row of a concurrently changed table. Call after tuple_is_visible. (The choice of
    xid HeapCheckForSerializableConflictOut makes from HeapTupleSatisfiesVacuum.)"""
    infomask = header.infomask
    if visible:
        if infomask & (HEAP_XMAX_INVALID | HEAP_XMAX_LOCK_ONLY) or not header.xmax:
            return 0       # nobody deleted or replaced it (lockers don't count)
        # A multixact xmax hides its updater (if any) among lockers.
        xid = (multixact.update_xid(header.xmax) if infomask & HEAP_XMAX_IS_MULTI
               else header.xmax)
        if not xid:
            return 0
    else:
        if infomask & HEAP_XMIN_INVALID:
            return 0       # the inserter aborted, or (with XMIN_COMMITTED) frozen: old
        xid = header.xmin
    if xid < FIRST_NORMAL_TRANSACTION_ID or xid < snapshot.xmin or is_current_xid(xid, snapshot):
        return 0
    return xid
