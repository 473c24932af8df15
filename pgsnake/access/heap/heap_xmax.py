"""What a tuple's xmax says, and how a new locker or updater joins it.

A tuple's xmax is either empty (HEAP_XMAX_INVALID), one transaction id, or a MultiXactId
(HEAP_XMAX_IS_MULTI) standing for several (xid, status) members. The infomask says what
the xmax did:

    HEAP_XMAX_LOCK_ONLY        it only locked the row (SELECT ... FOR ...), did not delete it
    HEAP_XMAX_KEYSHR_LOCK      the (strongest) lock is FOR KEY SHARE
    HEAP_XMAX_EXCL_LOCK        ... FOR NO KEY UPDATE / FOR UPDATE (or an update)
    both of them (SHR_LOCK)    ... FOR SHARE
    HEAP_KEYS_UPDATED (mask2)  FOR UPDATE, or an update/delete that changed the key

Row-lock strengths (LockTupleMode) and their conflicts, as PostgreSQL's README.tuplock
gives them; every UPDATE here is a "no key" update (no unique index can be changed yet),
a DELETE is exclusive:

                      KEY SHARE  SHARE  NO KEY UPDATE  UPDATE
    FOR KEY SHARE                                         X
    FOR SHARE                                  X          X
    FOR NO KEY UPDATE             X            X          X
    FOR UPDATE            X       X            X          X

The table is the heavyweight-lock conflict table applied to each strength's heavyweight
mode (HEAVYWEIGHT_MODE), which is also the mode of the tuple lock a waiter queues on.

Entry points:
    LockTupleMode, HEAVYWEIGHT_MODE, lock_status / update_status / mode_of_status,
    is_locked_only, is_keyshr_locked, is_shr_locked, is_excl_locked, xmax_bits_changed,
    update_xid(header), satisfies_update(header, tid, xid, cid),
    compute_new_xmax_infomask(...), does_multi_conflict(...), wait_for_multi(...).

PostgreSQL: access/heap/heapam.c (tupleLockExtraInfo, compute_new_xmax_infomask,
GetMultiXactIdHintBits, MultiXactIdGetUpdateXid, DoesMultiXactIdConflict,
Do_MultiXactIdWait), access/heap/heapam_visibility.c (HeapTupleSatisfiesUpdate),
include/access/htup_details.h (HEAP_XMAX_IS_LOCKED_ONLY and friends),
access/heap/README.tuplock.
"""
from __future__ import annotations

from enum import IntEnum

from pgsnake.access.common.heap_tuple import (
    HEAP_KEYS_UPDATED, HEAP_XMAX_COMMITTED, HEAP_XMAX_EXCL_LOCK, HEAP_XMAX_INVALID,
    HEAP_XMAX_IS_MULTI, HEAP_XMAX_KEYSHR_LOCK, HEAP_XMAX_LOCK_ONLY, HEAP_XMIN_COMMITTED,
    HEAP_XMIN_INVALID, HeapTupleHeader)
from pgsnake.access.heap import combo_cid
from pgsnake.access.heap.visibility import FIRST_NORMAL_TRANSACTION_ID, xid_status_cached
from pgsnake.access.transam import commit_log, multixact, transaction_ids, xact
from pgsnake.access.transam.multixact import MultiXactStatus
from pgsnake.storage.lmgr import lock_modes

HEAP_XMAX_SHR_LOCK = HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK
HEAP_LOCK_MASK = HEAP_XMAX_SHR_LOCK | HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK


class LockTupleMode(IntEnum):
    """Row-lock strength, weakest first (PostgreSQL's LockTupleMode)."""
    KEY_SHARE = 0
    SHARE = 1
    NO_KEY_EXCLUSIVE = 2
    EXCLUSIVE = 3


# The heavyweight mode of the tuple lock a waiter in each strength queues on, and the
# mode whose conflicts decide which strengths conflict (tupleLockExtraInfo).
HEAVYWEIGHT_MODE = {
    LockTupleMode.KEY_SHARE: lock_modes.ACCESS_SHARE,
    LockTupleMode.SHARE: lock_modes.ROW_SHARE,
    LockTupleMode.NO_KEY_EXCLUSIVE: lock_modes.EXCLUSIVE,
    LockTupleMode.EXCLUSIVE: lock_modes.ACCESS_EXCLUSIVE,
}
_LOCK_STATUS = {
    LockTupleMode.KEY_SHARE: MultiXactStatus.FOR_KEY_SHARE,
    LockTupleMode.SHARE: MultiXactStatus.FOR_SHARE,
    LockTupleMode.NO_KEY_EXCLUSIVE: MultiXactStatus.FOR_NO_KEY_UPDATE,
    LockTupleMode.EXCLUSIVE: MultiXactStatus.FOR_UPDATE,
}
_UPDATE_STATUS = {
    LockTupleMode.NO_KEY_EXCLUSIVE: MultiXactStatus.NO_KEY_UPDATE,
    LockTupleMode.EXCLUSIVE: MultiXactStatus.UPDATE,
}
_MODE_OF_STATUS = {
    MultiXactStatus.FOR_KEY_SHARE: LockTupleMode.KEY_SHARE,
    MultiXactStatus.FOR_SHARE: LockTupleMode.SHARE,
    MultiXactStatus.FOR_NO_KEY_UPDATE: LockTupleMode.NO_KEY_EXCLUSIVE,
    MultiXactStatus.FOR_UPDATE: LockTupleMode.EXCLUSIVE,
    MultiXactStatus.NO_KEY_UPDATE: LockTupleMode.NO_KEY_EXCLUSIVE,
    MultiXactStatus.UPDATE: LockTupleMode.EXCLUSIVE,
}


def lock_status(mode: LockTupleMode) -> MultiXactStatus:
    return _LOCK_STATUS[mode]


def update_status(mode: LockTupleMode) -> MultiXactStatus:
    return _UPDATE_STATUS[mode]


def mode_of_status(status: MultiXactStatus) -> LockTupleMode:
    return _MODE_OF_STATUS[MultiXactStatus(status)]


def statuses_conflict(held: MultiXactStatus, wanted: MultiXactStatus) -> bool:
    return lock_modes.conflicts(HEAVYWEIGHT_MODE[mode_of_status(held)],
                                HEAVYWEIGHT_MODE[mode_of_status(wanted)])


# ---- reading the infomask ------------------------------------------------------------------

def is_locked_only(infomask: int) -> bool:
    """The xmax only locked the row (HEAP_XMAX_IS_LOCKED_ONLY). An EXCL_LOCK bit without
    LOCK_ONLY and without a multi also means a lock: that is how PostgreSQL before 9.3
    marked FOR UPDATE, and pg_upgrade keeps such tuples."""
    return bool(infomask & HEAP_XMAX_LOCK_ONLY) or \
        infomask & (HEAP_XMAX_IS_MULTI | HEAP_LOCK_MASK) == HEAP_XMAX_EXCL_LOCK


def is_keyshr_locked(infomask: int) -> bool:
    return infomask & HEAP_LOCK_MASK == HEAP_XMAX_KEYSHR_LOCK


def is_shr_locked(infomask: int) -> bool:
    return infomask & HEAP_LOCK_MASK == HEAP_XMAX_SHR_LOCK


def is_excl_locked(infomask: int) -> bool:
    return infomask & HEAP_LOCK_MASK == HEAP_XMAX_EXCL_LOCK


def _locked_upgraded(infomask: int) -> bool:
    """A multi with LOCK_ONLY and no lock bits: a pre-9.3 share lock, never running."""
    return bool(infomask & HEAP_XMAX_IS_MULTI) and bool(infomask & HEAP_XMAX_LOCK_ONLY) and \
        not infomask & (HEAP_XMAX_EXCL_LOCK | HEAP_XMAX_KEYSHR_LOCK)


def xmax_bits_changed(new_infomask: int, old_infomask: int) -> bool:
    """Did the xmax's kind change while we did not hold the page lock?
    (xmax_infomask_changed; the xmax value itself is compared separately.)"""
    interesting = HEAP_XMAX_IS_MULTI | HEAP_XMAX_LOCK_ONLY | HEAP_LOCK_MASK
    return new_infomask & interesting != old_infomask & interesting


def single_xmax_status(infomask: int, infomask2: int) -> MultiXactStatus | None:
    """What a plain-xid xmax holds, as a multixact member status; None for a lock-only
    xmax without lock bits (pg_upgrade leftovers, never running)."""
    if is_locked_only(infomask):
        if is_keyshr_locked(infomask):
            return MultiXactStatus.FOR_KEY_SHARE
        if is_shr_locked(infomask):
            return MultiXactStatus.FOR_SHARE
        if is_excl_locked(infomask):
            return (MultiXactStatus.FOR_UPDATE if infomask2 & HEAP_KEYS_UPDATED
                    else MultiXactStatus.FOR_NO_KEY_UPDATE)
        return None
    return MultiXactStatus.UPDATE if infomask2 & HEAP_KEYS_UPDATED \
        else MultiXactStatus.NO_KEY_UPDATE


def raw_update_xid(xmax: int, infomask: int) -> int:
    """The xid that updated or deleted the tuple, 0 if none: the xmax itself, or the
    multi's updating member (HeapTupleHeaderGetUpdateXid)."""
    if infomask & HEAP_XMAX_INVALID and not infomask & HEAP_XMAX_IS_MULTI:
        return 0
    if infomask & HEAP_XMAX_IS_MULTI:
        if is_locked_only(infomask):
            return 0
        return multixact.update_xid(xmax)
    return xmax


def update_xid(header: HeapTupleHeader) -> int:
    return raw_update_xid(header.xmax, header.infomask)


def is_only_locked(header: HeapTupleHeader) -> bool:
    """No update or delete stands in the xmax: it is empty, only locks, or is a multi
    whose updater aborted (HeapTupleHeaderIsOnlyLocked)."""
    infomask = header.infomask
    if infomask & (HEAP_XMAX_INVALID | HEAP_XMAX_LOCK_ONLY) or not header.xmax:
        return True
    if not infomask & HEAP_XMAX_IS_MULTI:
        return False
    updater = multixact.update_xid(header.xmax)
    if not updater:
        return True
    if xact.is_current_xid(updater) or transaction_ids.xid_is_running(updater):
        return False
    return xid_status_cached(updater) != "committed"     # the updater aborted or crashed


def _is_mine(other: int, xid: int) -> bool:
    return other != 0 and (other == xid or xact.is_current_xid(other))


# ---- HeapTupleSatisfiesUpdate --------------------------------------------------------------

def satisfies_update(header: HeapTupleHeader, tid, xid: int, cid: int) -> str:
    """May this transaction (current xid `xid`, command `cid`) update, delete or lock
    the tuple now? One of:
      'invisible'       it does not exist for this command
      'ok'              no one else holds it
      'self_modified'   this transaction changed it in this command or a later one
      'updated'         a committed transaction wrote a newer version (t_ctid points at it)
      'deleted'         a committed transaction deleted it
      'being_modified'  a running transaction updated or locked it (that may be this one,
                        when it only locked the row: callers check the xmax themselves)
    Sets hint bits for final answers (the caller marks the buffer dirty)."""
    infomask = header.infomask
    if not infomask & HEAP_XMIN_COMMITTED:
        if infomask & HEAP_XMIN_INVALID:
            return "invisible"
        xmin = header.xmin
        if _is_mine(xmin, xid):
            if combo_cid.get_cmin(header) >= cid:
                return "invisible"
            if infomask & HEAP_XMAX_INVALID:
                return "ok"
            xmax = header.xmax
            if is_locked_only(infomask):
                # Our own new version may carry a key-share locker of its predecessor.
                if infomask & HEAP_XMAX_IS_MULTI:
                    return "being_modified" if multixact.is_running(xmax, True) else "ok"
                return "being_modified" if transaction_ids.xid_is_running(xmax) else "ok"
            if infomask & HEAP_XMAX_IS_MULTI:
                updater = multixact.update_xid(xmax)
                if not _is_mine(updater, xid):
                    return "being_modified" if multixact.is_running(xmax, False) else "ok"
                return "self_modified" if combo_cid.get_cmax(header) >= cid else "invisible"
            if not _is_mine(xmax, xid):
                header.set_hint(HEAP_XMAX_INVALID)      # our subtransaction rolled back
                return "ok"
            return "self_modified" if combo_cid.get_cmax(header) >= cid else "invisible"
        if xmin >= FIRST_NORMAL_TRANSACTION_ID:
            if transaction_ids.xid_is_running(xmin):
                return "invisible"
            if xid_status_cached(xmin) != "committed":
                header.set_hint(HEAP_XMIN_INVALID)
                return "invisible"
            header.set_hint(HEAP_XMIN_COMMITTED)
        elif not xmin:
            return "invisible"

    infomask = header.infomask
    if infomask & HEAP_XMAX_INVALID:
        return "ok"
    xmax = header.xmax
    if infomask & HEAP_XMAX_COMMITTED:
        if is_locked_only(infomask):
            return "ok"
        return "updated" if header.ctid != tid else "deleted"

    if infomask & HEAP_XMAX_IS_MULTI:
        if _locked_upgraded(infomask):
            return "ok"
        if is_locked_only(infomask):
            if multixact.is_running(xmax, True):
                return "being_modified"
            header.set_hint(HEAP_XMAX_INVALID)
            return "ok"
        updater = multixact.update_xid(xmax)
        if not updater:
            return "being_modified" if multixact.is_running(xmax, False) else "ok"
        if _is_mine(updater, xid):
            return "self_modified" if combo_cid.get_cmax(header) >= cid else "invisible"
        if multixact.is_running(xmax, False):
            return "being_modified"
        if xid_status_cached(updater) == "committed":
            return "updated" if header.ctid != tid else "deleted"
        # The updater aborted; no member is running any more.
        header.set_hint(HEAP_XMAX_INVALID)
        return "ok"

    if not xmax:
        return "ok"
    if _is_mine(xmax, xid):
        if is_locked_only(infomask):
            return "being_modified"
        return "self_modified" if combo_cid.get_cmax(header) >= cid else "invisible"
    if transaction_ids.xid_is_running(xmax):
        return "being_modified"
    if commit_log.xid_status(xmax) != "committed":
        header.set_hint(HEAP_XMAX_INVALID)              # aborted, or crashed while running
        return "ok"
    if is_locked_only(infomask):
        header.set_hint(HEAP_XMAX_INVALID)              # a finished locker holds nothing
        return "ok"
    header.set_hint(HEAP_XMAX_COMMITTED)
    return "updated" if header.ctid != tid else "deleted"


# ---- a new locker or updater joins the xmax ------------------------------------------------

def compute_new_xmax_infomask(xmax: int, old_infomask: int, old_infomask2: int,
                              add_to_xmax: int, mode: LockTupleMode,
                              is_update: bool) -> tuple[int, int, int]:
    """(new xmax, infomask bits, infomask2 bits) for the tuple once transaction
    `add_to_xmax` locks it in `mode` (or updates/deletes it, `is_update`), keeping every
    locker or updater that still matters: a lone earlier xmax that is still running, or
    a committed updater, becomes a multixact with us; an existing multi is expanded.
    The caller clears HEAP_XMAX_BITS and HEAP_KEYS_UPDATED and ORs these in.
    (compute_new_xmax_infomask; may create a multixact, so call it before changing the
    page.)"""
    while True:
        if old_infomask & HEAP_XMAX_INVALID:
            if is_update:
                return add_to_xmax, 0, (HEAP_KEYS_UPDATED if mode == LockTupleMode.EXCLUSIVE
                                        else 0)
            infomask = HEAP_XMAX_LOCK_ONLY | {
                LockTupleMode.KEY_SHARE: HEAP_XMAX_KEYSHR_LOCK,
                LockTupleMode.SHARE: HEAP_XMAX_SHR_LOCK,
                LockTupleMode.NO_KEY_EXCLUSIVE: HEAP_XMAX_EXCL_LOCK,
                LockTupleMode.EXCLUSIVE: HEAP_XMAX_EXCL_LOCK}[mode]
            return add_to_xmax, infomask, (HEAP_KEYS_UPDATED if mode == LockTupleMode.EXCLUSIVE
                                           else 0)
        new_status = update_status(mode) if is_update else lock_status(mode)
        if old_infomask & HEAP_XMAX_IS_MULTI:
            if _locked_upgraded(old_infomask) or (
                    not multixact.is_running(xmax, is_locked_only(old_infomask)) and (
                        is_locked_only(old_infomask) or xid_status_cached(
                            raw_update_xid(xmax, old_infomask)) != "committed")):
                # Every member is gone (or only an aborted updater is left): start afresh.
                old_infomask = (old_infomask & ~HEAP_XMAX_IS_MULTI) | HEAP_XMAX_INVALID
                continue
            multi = multixact.expand(xmax, add_to_xmax, new_status)
            return (multi, *multixact_hint_bits(multi))
        if old_infomask & HEAP_XMAX_COMMITTED:
            # A committed update: keep its updater as a member.
            old_status = (MultiXactStatus.UPDATE if old_infomask2 & HEAP_KEYS_UPDATED
                          else MultiXactStatus.NO_KEY_UPDATE)
            multi = multixact.create(xmax, old_status, add_to_xmax, new_status)
            return (multi, *multixact_hint_bits(multi))
        if transaction_ids.xid_is_running(xmax):
            old_status = single_xmax_status(old_infomask, old_infomask2)
            if old_status is None:
                old_infomask = (old_infomask | HEAP_XMAX_INVALID) & ~HEAP_XMAX_LOCK_ONLY
                continue
            if xmax == add_to_xmax:
                # Our own earlier lock: keep just the stronger of the two.
                mode = max(mode, mode_of_status(old_status))
                old_infomask |= HEAP_XMAX_INVALID
                continue
            multi = multixact.create(xmax, old_status, add_to_xmax, new_status)
            return (multi, *multixact_hint_bits(multi))
        if not is_locked_only(old_infomask) and xid_status_cached(xmax) == "committed":
            old_status = (MultiXactStatus.UPDATE if old_infomask2 & HEAP_KEYS_UPDATED
                          else MultiXactStatus.NO_KEY_UPDATE)
            multi = multixact.create(xmax, old_status, add_to_xmax, new_status)
            return (multi, *multixact_hint_bits(multi))
        # The xmax finished (a locker, or an aborted updater) since the caller looked.
        old_infomask |= HEAP_XMAX_INVALID


def multixact_hint_bits(multi: int) -> tuple[int, int]:
    """The infomask bits a tuple whose xmax is `multi` carries: IS_MULTI, the strongest
    member's lock bits, KEYS_UPDATED if a member holds FOR UPDATE or did a key update,
    LOCK_ONLY if no member updated (GetMultiXactIdHintBits)."""
    bits = HEAP_XMAX_IS_MULTI
    bits2 = 0
    has_update = False
    strongest = LockTupleMode.KEY_SHARE
    for member in multixact.members(multi):
        strongest = max(strongest, mode_of_status(member.status))
        if member.status in (MultiXactStatus.FOR_UPDATE, MultiXactStatus.UPDATE):
            bits2 |= HEAP_KEYS_UPDATED
        if member.status in (MultiXactStatus.NO_KEY_UPDATE, MultiXactStatus.UPDATE):
            has_update = True
    if strongest >= LockTupleMode.NO_KEY_EXCLUSIVE:
        bits |= HEAP_XMAX_EXCL_LOCK
    elif strongest == LockTupleMode.SHARE:
        bits |= HEAP_XMAX_SHR_LOCK
    else:
        bits |= HEAP_XMAX_KEYSHR_LOCK
    if not has_update:
        bits |= HEAP_XMAX_LOCK_ONLY
    return bits, bits2


# ---- multixact conflicts and waits ---------------------------------------------------------

def does_multi_conflict(multi: int, infomask: int, mode: LockTupleMode,
                        xid: int) -> tuple[bool, bool]:
    """(does a member stand in the way of `mode`: a running locker whose lock conflicts,
    or a conflicting updater that did not abort; is this transaction a member)
    (DoesMultiXactIdConflict)."""
    if _locked_upgraded(infomask):
        return False, False
    wanted = lock_status(mode)
    conflict = current_is_member = False
    for member in multixact.members(multi, lock_only=is_locked_only(infomask)):
        if _is_mine(member.xid, xid):
            current_is_member = True
            continue
        if conflict or not statuses_conflict(member.status, wanted):
            continue
        if multixact.is_update_status(member.status):
            if xid_status_cached(member.xid) == "aborted":
                continue
        elif not transaction_ids.xid_is_running(member.xid):
            continue
        conflict = True
    return conflict, current_is_member


def wait_for_multi(multi: int, status: MultiXactStatus, infomask: int, xid: int,
                   context: str | None, *, dont_wait: bool = False) -> tuple[bool, int]:
    """Wait for every member of `multi` whose lock conflicts with `status`
    (Do_MultiXactIdWait). Returns (False, _) at once if one is running and `dont_wait`;
    else (True, how many members are left: ours, and non-conflicting ones still
    running)."""
    remaining = 0
    for member in multixact.members(multi, lock_only=is_locked_only(infomask)):
        if _is_mine(member.xid, xid):
            remaining += 1
            continue
        if not statuses_conflict(member.status, status):
            if transaction_ids.xid_is_running(member.xid):
                remaining += 1
            continue
        # (a test fake of wait_for_xid may return None: only False means "would block")
        if transaction_ids.wait_for_xid(member.xid, context, dont_wait=dont_wait) is False:
            return False, remaining
    return True, remaining
