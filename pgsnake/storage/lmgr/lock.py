"""The heavyweight lock manager: acquire and release locks, and wait for them.

A backend asks for a lock on a tag (lock_tag.py) in a mode (lock_modes.py). If nobody
holds or waits for a conflicting mode it gets the lock at once; otherwise it joins the
lock's wait queue and sleeps on its latch until a releaser grants it the lock and sets
its latch. While it sleeps three clocks may run out:

    deadlock_timeout   check for a deadlock (deadlock.py); if this wait closes a cycle,
                       give up with 40P01 "deadlock detected"
    lock_timeout       give up with 55P03 "canceling statement due to lock timeout"
    statement_timeout  give up with 57014 (any cancel or termination request too)

Giving up always takes the waiter out of the queue first, which may let the waiters
behind it go.

Locks belong to an *owner*: the transaction (released at commit or abort), a
subtransaction (released if it rolls back, handed to its parent if it is released), or
the session (advisory session locks, kept until explicitly unlocked or the backend
exits). The local lock table counts how often this backend holds each (tag, mode) per
owner, so a second request for a lock already held never touches shared memory.

Rules
1. Never wait for a heavyweight lock while holding an LWLock or a buffer pin: the
   holder we wait for may need them (lwlock.py rule 1). `acquire` checks the LWLocks.
2. The shared table is changed only under LockManagerLock (lock_table.py invariants).
3. Latches are set only after LockManagerLock is released, so a woken process never
   spins on the lock its waker still holds.
4. A backend releases all its locks (session locks included) before it gives up its
   proc slot; a backend that dies with locks held makes the postmaster crash-restart,
   which rebuilds the table empty.

Lock groups (lock_table.py): a parallel query's leader and workers share one
(become_lock_group_leader, join_lock_group, leave_lock_group): their locks never
conflict with each other's, so a worker never waits for its leader.

Entry points: acquire(tag, mode, *, session=False, dont_wait=False, owner=None) -> bool,
release(tag, mode, *, session=False) -> bool, release_all(include_session=False),
holds(tag, mode), wait_count(), new_owner(), set_current_owner(), release_owner(), transfer_owner(),
begin_virtual_transaction(), end_virtual_transaction(), current_virtual_xid();
for prepared transactions (two-phase commit): locks_to_prepare(), transfer_to_prepared(),
acquire_for_prepared(), release_prepared().

PostgreSQL: storage/lmgr/lock.c (LockAcquireExtended, LockRelease, LockReleaseAll,
LockReassignCurrentOwner, AtPrepare_Locks, PostPrepare_Locks, lock_twophase_recover,
lock_twophase_postcommit), storage/lmgr/proc.c (ProcSleep, LockErrorCleanup),
utils/resowner/resowner.c (lock ownership).
"""
from __future__ import annotations

import time

from pgsnake.storage.ipc import latch
from pgsnake.storage.lmgr import fast_path, lock_modes, lock_table as lt, lock_tag, lwlock
from pgsnake.storage.lmgr.lock_tag import LockTag, describe
from pgsnake.utils import elog, interrupts, process_state, settings, timeouts
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INTERNAL_ERROR, PgError

SESSION = "session"


class _LocalLock:
    """How often this backend holds one (tag, mode), by owner (LOCALLOCK); whether it
    was granted in a fast-path slot (fast_path.py), and whether it is a strong relation
    lock that keeps the relation's fast-path counter raised."""
    __slots__ = ("owners", "fast", "strong")

    def __init__(self) -> None:
        self.owners: dict = {}
        self.fast = False
        self.strong = False

    def total(self) -> int:
        return sum(self.owners.values())


_local: dict[tuple[LockTag, int], _LocalLock] = {}
TOP_OWNER = 0                     # the top-level transaction
_current_owner = TOP_OWNER        # whoever owns the locks taken now
_next_owner = 1
_local_xid = 0                    # this backend's local transaction counter (vxid part 2)
_waits = 0                        # how many times this backend has slept for a lock


def _me() -> int:
    proc = process_state.proc_number
    if proc < 0:
        raise PgError(INTERNAL_ERROR, "cannot take heavyweight locks without a proc slot")
    return proc


def _manager() -> lwlock.LWLock:
    return lwlock.named("LockManagerLock")


# ---- owners -------------------------------------------------------------------------------

def new_owner() -> int:
    """An id for a new savepoint level's locks (xact makes one per level)."""
    global _next_owner
    _next_owner += 1
    return _next_owner - 1


def set_current_owner(owner: int) -> None:
    """Locks taken from now on (without an explicit owner) belong to `owner`."""
    global _current_owner
    _current_owner = owner


def release_owner(owner: int) -> None:
    """A savepoint level rolled back: release what it took (and what its released
    children handed to it)."""
    _release_where(lambda key: key == owner)


def transfer_owner(owner: int, to: int) -> None:
    """RELEASE SAVEPOINT: the level's locks now belong to its parent."""
    for local in _local.values():
        count = local.owners.pop(owner, 0)
        if count:
            local.owners[to] = local.owners.get(to, 0) + count


# ---- acquire ------------------------------------------------------------------------------

def wait_count() -> int:
    """How many lock requests of this backend have had to wait so far: a caller that
    compares it before and after `acquire` knows whether someone held a conflicting
    lock meanwhile (and may have committed catalog changes it must now accept)."""
    return _waits


def holds(tag: LockTag, mode: int) -> bool:
    local = _local.get((tag, mode))
    return local is not None and local.total() > 0


def acquire(tag: LockTag, mode: int, *, session: bool = False, dont_wait: bool = False,
            owner: int | None = None) -> bool:
    """Take `mode` on `tag` for the current owner (or `owner`, or the session). Waits if
    it must, unless `dont_wait`, in which case it returns False instead. True once held."""
    if owner is None:
        owner = SESSION if session else _current_owner
    key = (tag, mode)
    local = _local.get(key)
    if local is not None and local.total() > 0:
        local.owners[owner] = local.owners.get(owner, 0) + 1
        return True
    if lwlock.held_count():
        raise PgError(INTERNAL_ERROR, "cannot wait for a heavyweight lock while holding an LWLock")
    me = _me()
    strong = False
    if fast_path.is_ready():
        if fast_path.is_weak(tag, mode):
            if fast_path.has_room() and fast_path.grant(me, tag, mode):
                local = _local.setdefault(key, _LocalLock())
                local.fast = True
                local.owners[owner] = local.owners.get(owner, 0) + 1
                return True
        elif fast_path.is_strong(tag, mode):
            # fast_path.py rule 2: no new weak slot entries, the existing ones moved
            # into the shared table, before our own request is looked at
            fast_path.begin_strong(tag)
            strong = True
    try:
        if strong:
            fast_path.transfer_relation(tag)
        granted = _acquire_shared(tag, mode, me, owner, dont_wait)
    except BaseException:
        if strong and not holds(tag, mode):
            fast_path.end_strong(tag)
        raise
    if not granted:
        if strong:
            fast_path.end_strong(tag)
        return False
    local = _local.setdefault(key, _LocalLock())
    local.owners[owner] = local.owners.get(owner, 0) + 1
    local.strong = local.strong or strong
    return True


def _acquire_shared(tag: LockTag, mode: int, me: int, owner, dont_wait: bool) -> bool:
    """The request through the shared lock table: granted at once, or after a wait
    (True), or refused because dont_wait (False)."""
    manager = _manager()
    manager.acquire(lwlock.EXCLUSIVE)
    try:
        lock = lt.find_lock(tag) or lt.create_lock(tag)
        proclock = lt.find_proclock(lock, me)
        if proclock == lt.NONE:
            proclock = lt.create_proclock(lock, me)
        lt.add_request(lock, mode)
        my_held = lt.hold_mask(proclock)
        if lock_modes.CONFLICTS[mode] & lock.wait_mask:
            conflict = True           # queue fairness: don't overtake waiters we conflict with
        else:
            conflict = lt.conflicts_with_others(lock, mode, my_held, me)
        if not conflict:
            lt.grant(lock, proclock, mode)
            outcome, other = "granted", lt.NONE
        elif dont_wait:
            _forget_request(lock, proclock, mode)
            outcome, other = "unavailable", lt.NONE
        else:
            outcome, other = lt.enqueue(lock, me, mode, time.time())
            if outcome == "deadlock":
                _forget_request(lock, proclock, mode)
        lock_index = lock.index
    finally:
        manager.release()
    if outcome == "unavailable":
        return False
    if outcome == "deadlock":
        from pgsnake.storage.lmgr import deadlock
        raise deadlock.deadlock_error([(me, tag, mode, other), *deadlock.blocked_chain(other, me)])
    if outcome == "wait":
        _wait(tag, mode, lock_index, proclock, owner)
    return True


def _forget_request(lock: lt.Lock, proclock: int, mode: int) -> None:
    lock.requested[mode] -= 1
    lock.n_requested -= 1
    lt.put_lock(lock)
    lt.cleanup(lock, proclock, wake=False)


def _wait(tag: LockTag, mode: int, lock_index: int, proclock: int, owner) -> None:
    """Sleep until granted (ProcSleep). On any error, leave the queue before raising."""
    global _waits
    _waits += 1
    me = process_state.proc_number
    started = time.monotonic()
    timeouts.enable_after(timeouts.DEADLOCK_TIMEOUT, settings.get("deadlock_timeout"))
    if settings.get("lock_timeout") > 0:
        timeouts.enable_after(timeouts.LOCK_TIMEOUT, settings.get("lock_timeout"))
    deadlock_checked = False
    try:
        while True:
            latch.reset_my_latch()
            if lt.wait_status(me) == lt.GRANTED:
                break
            if not deadlock_checked and timeouts.has_fired(timeouts.DEADLOCK_TIMEOUT):
                deadlock_checked = True
                _check_deadlock(tag, mode, started)
                continue
            interrupts.check_for_interrupts()
            latch.wait(None)
    except BaseException:
        if not _leave_queue(lock_index, proclock):
            # Granted in the meantime: we hold it; the abort that follows releases it
            # (and, for a strong relation lock, lowers its fast-path counter then).
            local = _local.setdefault((tag, mode), _LocalLock())
            local.owners[owner] = local.owners.get(owner, 0) + 1
            local.strong = fast_path.is_ready() and fast_path.is_strong(tag, mode)
        raise
    finally:
        timeouts.disable(timeouts.DEADLOCK_TIMEOUT)
        timeouts.disable(timeouts.LOCK_TIMEOUT)
    manager = _manager()
    with manager.exclusive():
        lt.clear_wait_status(me)
    if deadlock_checked and settings.get("log_lock_waits"):
        elog.log(f"process {process_state.pid} acquired {lock_modes.MODE_NAMES[mode]} on "
                 f"{describe(tag)} after {(time.monotonic() - started) * 1000:.3f} ms")


def _leave_queue(lock_index: int, proclock: int) -> bool:
    """Take this backend out of the wait queue (LockErrorCleanup). False if it turns out
    to have been granted the lock meanwhile."""
    me = process_state.proc_number
    lwlock.release_all()          # the error may have left LWLocks held; rule 1 order
    manager = _manager()
    with manager.exclusive():
        if lt.wait_status(me) == lt.GRANTED:
            lt.clear_wait_status(me)
            return False
        if lt.wait_status(me) != lt.WAITING:
            return True
        lock = lt.lock_at(lock_index)
        lt.remove_from_queue(lock, me)
        woken = lt.cleanup(lock, proclock, wake=True)
    _wake(woken)
    return True


def _check_deadlock(tag: LockTag, mode: int, started: float) -> None:
    from pgsnake.storage.lmgr import deadlock
    me = process_state.proc_number
    manager = _manager()
    with manager.shared():
        if lt.wait_status(me) != lt.WAITING:
            return
        cycle = deadlock.find_cycle(me)
        blocking = deadlock.blockers(me) if cycle is None else []
    waited = (time.monotonic() - started) * 1000
    if cycle is None:
        _cancel_blocking_autovacuum(blocking)
    if cycle is not None:
        if settings.get("log_lock_waits"):
            elog.log(f"process {process_state.pid} detected deadlock while waiting for "
                     f"{lock_modes.MODE_NAMES[mode]} on {describe(tag)} after {waited:.3f} ms")
        raise deadlock.deadlock_error(cycle)
    if settings.get("log_lock_waits"):
        elog.log(f"process {process_state.pid} still waiting for {lock_modes.MODE_NAMES[mode]} "
                 f"on {describe(tag)} after {waited:.3f} ms")


def _cancel_blocking_autovacuum(blocking: list[int]) -> None:
    """An autovacuum worker in our way is cancelled, unless it vacuums to prevent
    wraparound (ProcSleep's blocking_autovacuum_proc): autovacuum must never hold up a
    user's command for long. The worker logs "canceling autovacuum task" and goes on with
    its next table (postmaster/autovacuum.py)."""
    import os
    import signal
    from pgsnake.storage.ipc import backend_status, proc_array
    workers = {slot.number: slot for slot in proc_array.slots()
               if slot.kind == "autovacuum worker"}
    for proc in blocking:
        slot = workers.get(proc)
        if slot is None:
            continue
        entry = backend_status.read(proc)
        if entry is not None and "(to prevent wraparound)" in entry.query:
            continue
        # (PostgreSQL says so at DEBUG1 only: nothing is logged.)
        try:
            os.kill(slot.pid, signal.SIGINT)
        except ProcessLookupError:
            pass


def _wake(procs: list[int]) -> None:
    for proc in procs:
        latch.set_latch(proc)


# ---- release ------------------------------------------------------------------------------

def release(tag: LockTag, mode: int, *, session: bool = False) -> bool:
    """Give back one hold of `mode` on `tag` by the current owner (or the session).
    False (with a WARNING, as PostgreSQL does) if this backend does not hold it."""
    key = (tag, mode)
    local = _local.get(key)
    if local is not None:
        if session:
            owner = SESSION
        elif local.owners.get(_current_owner):
            owner = _current_owner
        else:
            owner = next((o for o in local.owners if o != SESSION), None)
        if owner is not None and local.owners.get(owner):
            local.owners[owner] -= 1
            if not local.owners[owner]:
                del local.owners[owner]
            if local.total() == 0:
                del _local[key]
                _release_shared([(tag, mode, local)])
            return True
    return False


def become_lock_group_leader() -> None:
    """A parallel query's leader, before it starts workers: its own lock group's leader
    (BecomeLockGroupLeader; it stays one until it exits)."""
    me = process_state.proc_number
    with _manager().exclusive():
        lt.set_group_leader(me, me)


def join_lock_group(leader: int) -> None:
    """A parallel worker, before it takes any lock: a member of its leader's lock group,
    whose locks never conflict with its own (BecomeLockGroupMember)."""
    with _manager().exclusive():
        lt.set_group_leader(process_state.proc_number, leader)


def leave_lock_group() -> None:
    """At exit, after every lock went: no group (the proc slot's next user starts in
    none)."""
    if lt.is_ready() and process_state.proc_number >= 0:
        with _manager().exclusive():
            lt.set_group_leader(process_state.proc_number, lt.NONE)


def release_all(include_session: bool = False) -> None:
    """Transaction end (and, with include_session, backend exit): release every lock the
    transaction's owners hold."""
    global _current_owner
    _release_where(lambda owner: owner != SESSION or include_session)
    _current_owner = TOP_OWNER


def release_session_advisory_locks() -> None:
    """pg_advisory_unlock_all(): every session-level advisory lock goes."""
    _release_where(lambda owner: owner == SESSION,
                   lambda tag: tag.method == lock_tag.USER_METHOD)


def _release_where(chosen, tags=lambda tag: True) -> None:
    gone = []
    for key, local in list(_local.items()):
        if not tags(key[0]):
            continue
        for owner in [o for o in local.owners if chosen(o)]:
            del local.owners[owner]
        if not local.owners:
            del _local[key]
            gone.append((*key, local))
    if gone:
        _release_shared(gone)


def _release_shared(released: list[tuple[LockTag, int, _LocalLock]]) -> None:
    """Give back locks whose last local hold went: from the fast-path slots where
    they still are (fast_path.py rule 3), else from the shared table; a strong
    relation lock lowers its fast-path counter afterwards."""
    me = process_state.proc_number
    keys = [(tag, mode) for tag, mode, local in released
            if not (local.fast and fast_path.ungrant(me, tag, mode))]
    if keys:
        _release_in_table(me, keys)
    for tag, mode, local in released:
        if local.strong:
            fast_path.end_strong(tag)


def _release_in_table(me: int, keys: list[tuple[LockTag, int]]) -> None:
    woken: list[int] = []
    manager = _manager()
    with manager.exclusive():
        for tag, mode in keys:
            lock = lt.find_lock(tag)
            proclock = lt.find_proclock(lock, me) if lock is not None else lt.NONE
            if proclock == lt.NONE or not lt.hold_mask(proclock) & (1 << mode):
                elog.log(f"you don't own a lock of type {lock_modes.MODE_NAMES[mode]}", "WARNING")
                continue
            wake = lt.ungrant(lock, proclock, mode)
            woken += lt.cleanup(lock, proclock, wake)
    _wake(woken)


def held_locks() -> list[tuple[LockTag, int, dict]]:
    """(tag, mode, owners) for every lock this backend holds (for 2PC and tests)."""
    return [(tag, mode, dict(local.owners)) for (tag, mode), local in _local.items()]


# ---- prepared transactions ------------------------------------------------------------------

def locks_to_prepare() -> list[tuple[LockTag, int]]:
    """The (tag, mode) pairs PREPARE TRANSACTION hands over: every lock held at
    transaction level (AtPrepare_Locks). 0A000 if one object is locked both by the
    session and by the transaction, as PostgreSQL refuses (CheckForSessionAndXactLocks):
    the session's lock must stay here while the transaction's moves away."""
    session_tags = {tag for (tag, _), local in _local.items() if SESSION in local.owners}
    out = []
    for (tag, mode), local in _local.items():
        if any(owner != SESSION for owner in local.owners):
            if tag in session_tags:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "cannot PREPARE while holding both session-level and "
                              "transaction-level locks on the same object")
            out.append((tag, mode))
    return sorted(out)


def transfer_to_prepared(dummy: int, backend_id: int, local_xid: int) -> None:
    """PREPARE TRANSACTION, after its WAL record (PostPrepare_Locks): every lock this
    backend holds at transaction level now belongs to the prepared transaction's dummy
    proc, in one step under LockManagerLock, granted all along: whoever waits for one
    goes on waiting, now for the prepared transaction. pg_locks shows them under the
    virtual transaction backend_id/local_xid with no pid. Session locks stay ours.
    Call `locks_to_prepare()` first (it refuses what cannot be moved)."""
    me = _me()
    fast_path.transfer_all(me)                    # fast_path.py rule 4
    for local in _local.values():
        local.fast = False
    moved = [key for key, local in _local.items()
             if any(owner != SESSION for owner in local.owners)]
    masks: dict[LockTag, int] = {}
    for tag, mode in moved:
        masks[tag] = masks.get(tag, 0) | (1 << mode)
    manager = _manager()
    with manager.exclusive():
        lt.set_prepared_virtual_xid(dummy, backend_id, local_xid)
        for tag, mask in masks.items():
            lock = lt.find_lock(tag)
            proclock = lt.find_proclock(lock, me) if lock is not None else lt.NONE
            if proclock == lt.NONE or lt.hold_mask(proclock) & mask != mask:
                raise PgError(INTERNAL_ERROR, f"lock on {describe(tag)} is not held by this backend")
            lt.move_grants(lock, proclock, dummy, mask)
    for key in moved:
        del _local[key]


def acquire_for_prepared(dummy: int, tag: LockTag, mode: int, backend_id: int,
                         local_xid: int) -> None:
    """Startup, before any backend runs: re-take a recovered prepared transaction's lock
    for its dummy proc (lock_twophase_recover). The locks were all granted together
    before the restart and nothing else holds any yet, so a conflict means the saved
    states are inconsistent."""
    manager = _manager()
    with manager.exclusive():
        lt.set_prepared_virtual_xid(dummy, backend_id, local_xid)
        lock = lt.find_lock(tag) or lt.create_lock(tag)
        proclock = lt.find_proclock(lock, dummy)
        if proclock == lt.NONE:
            proclock = lt.create_proclock(lock, dummy)
        held = lt.hold_mask(proclock)
        if held & (1 << mode):
            return
        if lt.conflicts_with_others(lock, mode, held):
            lt.cleanup(lock, proclock, wake=False)
            raise PgError(INTERNAL_ERROR, f"{lock_modes.MODE_NAMES[mode]} on {describe(tag)} "
                                          "conflicts with a lock of another prepared transaction")
        lt.add_request(lock, mode)
        lt.grant(lock, proclock, mode)
    if fast_path.is_ready() and fast_path.is_strong(tag, mode):
        fast_path.begin_strong(tag)        # lowered at COMMIT / ROLLBACK PREPARED


def release_prepared(dummy: int) -> None:
    """COMMIT PREPARED / ROLLBACK PREPARED (lock_twophase_postcommit): every lock of the
    dummy proc goes, waking whoever can go now; the dummy is free again."""
    woken: list[int] = []
    strong: list[LockTag] = []
    manager = _manager()
    with manager.exclusive():
        for lock in lt.all_locks():
            proclock = lt.find_proclock(lock, dummy)
            if proclock == lt.NONE:
                continue
            wake = False
            for mode in lock_modes.modes_in(lt.hold_mask(proclock)):
                wake = lt.ungrant(lock, proclock, mode) or wake
                if fast_path.is_strong(lock.tag, mode):
                    strong.append(lock.tag)
            woken += lt.cleanup(lock, proclock, wake)
        lt.set_prepared_virtual_xid(dummy, 0, 0)
    if fast_path.is_ready():
        for tag in strong:
            fast_path.end_strong(tag)
    _wake(woken)


# ---- virtual transactions -----------------------------------------------------------------

def begin_virtual_transaction() -> None:
    """Every transaction, read-only ones too, has a virtual xid (backend id/local xid),
    shown in pg_locks as an ExclusiveLock on itself."""
    global _local_xid
    if process_state.proc_number < 0 or not lt.is_ready():
        return
    _local_xid = (_local_xid + 1) & 0xFFFFFFFF or 1
    lt.set_virtual_xid(process_state.proc_number, _local_xid)


def end_virtual_transaction() -> None:
    if process_state.proc_number < 0 or not lt.is_ready():
        return
    lt.set_virtual_xid(process_state.proc_number, 0)


def current_virtual_xid() -> str:
    """'backendid/localxid' as pg_locks prints it."""
    backend_id, local_xid = current_virtual_xid_parts()
    return f"{backend_id}/{local_xid}"


def current_virtual_xid_parts() -> tuple[int, int]:
    """(backend id, local xid) of this backend's current virtual transaction."""
    return process_state.proc_number + 1, _local_xid


def forget_after_fork() -> None:
    """A freshly forked process holds no heavyweight locks, whatever its parent's table says."""
    global _local_xid, _current_owner
    _local.clear()
    _current_owner = TOP_OWNER
    _local_xid = 0
    fast_path.forget_after_fork()
