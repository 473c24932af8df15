"""The shared lock table: locks, who holds them, and who waits for them.

Three arrays in one shared-memory region, plus a hash index:

    LOCK      one per locked object (tag). Counts of requests and grants per mode, the
              mask of granted modes and of modes someone waits for, the list of holders
              (PROCLOCKs) and the wait queue (procs, in order).
    PROCLOCK  one per (LOCK, proc) pair: the modes that proc holds on that lock. A proc
              that waits for a lock it holds nothing on has a PROCLOCK with hold_mask 0.
    PROC      one per proc number (every proc-array slot, then one per possible prepared
              transaction): the lock it waits for, the mode, its wait status and the link
              to the next proc in that lock's wait queue.

The LOCK hash is chained: bucket -> lock index -> lock.hash_next. Free LOCK and PROCLOCK
entries are chained through the same link fields.

Invariants (every function here must be called with LockManagerLock held exclusively,
except `snapshot()` which needs it at least shared):
1. For each mode m: granted[m] <= requested[m]; requested[m] - granted[m] is the number of
   queued waiters for m; n_requested / n_granted are the sums.
2. bit m of grant_mask is set iff granted[m] > 0; bit m of wait_mask is set iff some
   waiter in the queue asks for m.
3. A LOCK exists iff n_requested > 0; a PROCLOCK exists iff its proc holds a mode on the
   lock or waits for it. Whoever makes those counts zero frees the entry (`cleanup`).
4. A proc is in at most one wait queue: the one of PROC.wait_lock, with status WAITING.
   Only a waker (holding LockManagerLock) moves it out with status GRANTED, and only the
   waiter itself moves it out otherwise (timeout, cancel, deadlock).
5. A proc's PROCLOCKs are created and freed only by that proc (or, for a prepared
   transaction's dummy proc, by the backend preparing or finishing it, or by the startup
   process re-acquiring its locks after a restart). A dummy proc never waits.

Lock groups: a fourth array holds each proc's lock group leader (+1, so 0 is none): a
parallel query's leader and its workers never conflict with each other's locks
(conflicts_with_others), and a group member's request goes ahead of waiters its group
blocks (enqueue), as PostgreSQL's group locking.

Where we differ from PostgreSQL: one LWLock protects the whole table instead of 16
partitions. Weak relation locks usually live in fast-path slots instead
(fast_path.py), and are moved in here when a strong request comes.

PostgreSQL: storage/lmgr/lock.c (LockAcquireExtended, LockCheckConflicts, GrantLock,
UnGrantLock, CleanUpLock, RemoveFromWaitQueue), storage/lmgr/proc.c (ProcSleep,
ProcLockWakeup), include/storage/lock.h (LOCK, PROCLOCK).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.lmgr.lock_tag import PACKED as TAG, LockTag
from pgsnake.utils import settings
from pgsnake.utils.errors import OUT_OF_MEMORY, PgError

NONE = -1
NOT_WAITING, WAITING, GRANTED = 0, 1, 2

# LOCK: tag, grant_mask, wait_mask, requested[9], granted[9], n_requested, n_granted,
# hash_next, holders (first PROCLOCK), wait_head (first proc)
_LOCK = struct.Struct("<16sII9I9IIIiii")
_LOCK_SIZE = 128
_HASH_NEXT = 104                 # offset of hash_next in a LOCK
# PROCLOCK: lock, proc, hold_mask, next (next holder of the same lock, or next free)
_PROCLOCK = struct.Struct("<iiIi")
# PROC: wait_lock, wait_mode, wait_status, queue_next, wait_start (epoch seconds); then
# at _LXID the local transaction id of the proc's current virtual transaction (0: none),
# and for a prepared transaction's dummy proc, at _BACKEND_ID, the backend id of that
# virtual transaction (the preparing backend's, or -1 after a restart)
_PROC = struct.Struct("<iiiid")
_PROC_SIZE = 32
_LXID = 24
_BACKEND_ID = 28
_HEADER = struct.Struct("<ii")          # free LOCK head, free PROCLOCK head
_HEADER_SIZE = 64


def lock_slots() -> int:
    """PostgreSQL's NLOCKENTS: room for max_locks_per_transaction locks per process."""
    return settings.get("max_locks_per_transaction") * proc_count()


def proc_count() -> int:
    """Proc numbers with a PROC entry: every proc-array slot, then one dummy proc per
    possible prepared transaction (PostgreSQL gives prepared transactions a PGPROC)."""
    return proc_array.slot_count() + settings.get("max_prepared_transactions")


@dataclasses.dataclass(slots=True)
class Lock:
    """One LOCK entry, read out of shared memory (write it back with `put_lock`)."""
    index: int
    tag: LockTag
    grant_mask: int
    wait_mask: int
    requested: list
    granted: list
    n_requested: int
    n_granted: int
    hash_next: int
    holders: int
    wait_head: int


class _Layout:
    __slots__ = ("generation", "view", "nlocks", "nproclocks", "nprocs", "nbuckets", "buckets_at",
                 "locks_at", "proclocks_at", "procs_at", "groups_at")


_t = _Layout()
_t.generation = -1


def lwlock_for_readers():
    """The LWLock that protects this table (LockManagerLock)."""
    from pgsnake.storage.lmgr import lwlock
    return lwlock.named("LockManagerLock")


def is_ready() -> bool:
    """True when the current shared-memory segment holds the lock table."""
    return _t.generation == shared_memory.generation


def _size() -> int:
    nlocks = lock_slots()
    nbuckets = 1 << max(4, (2 * nlocks - 1).bit_length())
    return (_HEADER_SIZE + 4 * nbuckets + _LOCK_SIZE * nlocks + _PROCLOCK.size * 2 * nlocks
            + _PROC_SIZE * proc_count() + 4 * proc_count())


def _init(region: shared_memory.Region) -> None:
    nlocks = lock_slots()
    _t.generation = shared_memory.generation
    _t.view = region.view
    _t.nlocks = nlocks
    _t.nproclocks = 2 * nlocks
    _t.nprocs = proc_count()
    _t.nbuckets = 1 << max(4, (2 * nlocks - 1).bit_length())
    _t.buckets_at = _HEADER_SIZE
    _t.locks_at = _t.buckets_at + 4 * _t.nbuckets
    _t.proclocks_at = _t.locks_at + _LOCK_SIZE * nlocks
    _t.procs_at = _t.proclocks_at + _PROCLOCK.size * _t.nproclocks
    _t.groups_at = _t.procs_at + _PROC_SIZE * _t.nprocs
    view = region.view
    view[:] = bytes(region.size)
    view[_t.buckets_at:_t.locks_at] = b"\xff" * (_t.locks_at - _t.buckets_at)
    # Free lists: every LOCK and PROCLOCK chained in index order.
    for i in range(nlocks):
        struct.pack_into("<i", view, _t.locks_at + i * _LOCK_SIZE + _HASH_NEXT,
                         i + 1 if i + 1 < nlocks else NONE)
    for i in range(_t.nproclocks):
        _PROCLOCK.pack_into(view, _t.proclocks_at + i * _PROCLOCK.size, NONE, NONE, 0,
                            i + 1 if i + 1 < _t.nproclocks else NONE)
    for p in range(_t.nprocs):
        _PROC.pack_into(view, _t.procs_at + p * _PROC_SIZE, NONE, 0, NOT_WAITING, NONE, 0.0)
    _HEADER.pack_into(view, 0, 0 if nlocks else NONE, 0)


shared_memory.request_region("LockTable", _size, _init)


# ---- LOCK entries -------------------------------------------------------------------------

def _bucket_of(tag: LockTag) -> int:
    h = (tag.field1 * 0x9E3779B1 ^ tag.field2 * 0x85EBCA77 ^ tag.field3 * 0xC2B2AE3D
         ^ (tag.field4 << 8 | tag.type) * 0x27D4EB2F ^ tag.method)
    h ^= h >> 15
    return h & (_t.nbuckets - 1)


def get_lock(index: int) -> Lock:
    f = _LOCK.unpack_from(_t.view, _t.locks_at + index * _LOCK_SIZE)
    return Lock(index, LockTag(*TAG.unpack(f[0])), f[1], f[2], list(f[3:12]), list(f[12:21]),
                f[21], f[22], f[23], f[24], f[25])


def put_lock(lock: Lock) -> None:
    _LOCK.pack_into(_t.view, _t.locks_at + lock.index * _LOCK_SIZE, lock.tag.pack(),
                    lock.grant_mask, lock.wait_mask, *lock.requested, *lock.granted,
                    lock.n_requested, lock.n_granted, lock.hash_next, lock.holders,
                    lock.wait_head)


def _lock_tag_bytes(index: int) -> bytes:
    at = _t.locks_at + index * _LOCK_SIZE
    return bytes(_t.view[at:at + 16])


def _lock_hash_next(index: int) -> int:
    return struct.unpack_from("<i", _t.view, _t.locks_at + index * _LOCK_SIZE + _HASH_NEXT)[0]


def find_lock(tag: LockTag) -> Lock | None:
    packed = tag.pack()
    index = struct.unpack_from("<i", _t.view, _t.buckets_at + 4 * _bucket_of(tag))[0]
    while index != NONE:
        if _lock_tag_bytes(index) == packed:
            return get_lock(index)
        index = _lock_hash_next(index)
    return None


def create_lock(tag: LockTag) -> Lock:
    """A new, empty LOCK for `tag` (the caller has checked that none exists)."""
    free, free_pl = _HEADER.unpack_from(_t.view, 0)
    if free == NONE:
        raise PgError(OUT_OF_MEMORY, "out of shared memory",
                      hint="You might need to increase max_locks_per_transaction.")
    _HEADER.pack_into(_t.view, 0, _lock_hash_next(free), free_pl)
    bucket_at = _t.buckets_at + 4 * _bucket_of(tag)
    head = struct.unpack_from("<i", _t.view, bucket_at)[0]
    lock = Lock(free, tag, 0, 0, [0] * 9, [0] * 9, 0, 0, head, NONE, NONE)
    put_lock(lock)
    struct.pack_into("<i", _t.view, bucket_at, free)
    return lock


def _free_lock(lock: Lock) -> None:
    bucket_at = _t.buckets_at + 4 * _bucket_of(lock.tag)
    index = struct.unpack_from("<i", _t.view, bucket_at)[0]
    if index == lock.index:
        struct.pack_into("<i", _t.view, bucket_at, lock.hash_next)
    else:
        while index != NONE:
            following = _lock_hash_next(index)
            if following == lock.index:
                struct.pack_into("<i", _t.view, _t.locks_at + index * _LOCK_SIZE + _HASH_NEXT,
                                 lock.hash_next)
                break
            index = following
    free, free_pl = _HEADER.unpack_from(_t.view, 0)
    at = _t.locks_at + lock.index * _LOCK_SIZE
    _t.view[at:at + _LOCK_SIZE] = bytes(_LOCK_SIZE)
    struct.pack_into("<i", _t.view, at + _HASH_NEXT, free)
    _HEADER.pack_into(_t.view, 0, lock.index, free_pl)


# ---- PROCLOCK entries ---------------------------------------------------------------------

def _proclock(index: int) -> tuple[int, int, int, int]:
    return _PROCLOCK.unpack_from(_t.view, _t.proclocks_at + index * _PROCLOCK.size)


def _put_proclock(index: int, lock: int, proc: int, hold_mask: int, following: int) -> None:
    _PROCLOCK.pack_into(_t.view, _t.proclocks_at + index * _PROCLOCK.size, lock, proc,
                        hold_mask, following)


def holders(lock: Lock) -> list[tuple[int, int, int]]:
    """(proclock index, proc, hold_mask) for every PROCLOCK of `lock`."""
    out = []
    index = lock.holders
    while index != NONE:
        _, proc, mask, following = _proclock(index)
        out.append((index, proc, mask))
        index = following
    return out


def find_proclock(lock: Lock, proc: int) -> int:
    index = lock.holders
    while index != NONE:
        _, owner, _, following = _proclock(index)
        if owner == proc:
            return index
        index = following
    return NONE


def create_proclock(lock: Lock, proc: int) -> int:
    free_lock, free = _HEADER.unpack_from(_t.view, 0)
    if free == NONE:
        raise PgError(OUT_OF_MEMORY, "out of shared memory",
                      hint="You might need to increase max_locks_per_transaction.")
    _HEADER.pack_into(_t.view, 0, free_lock, _proclock(free)[3])
    _put_proclock(free, lock.index, proc, 0, lock.holders)
    lock.holders = free
    put_lock(lock)
    return free


def hold_mask(proclock: int) -> int:
    return _proclock(proclock)[2]


def _set_hold_mask(proclock: int, mask: int) -> None:
    lock, proc, _, following = _proclock(proclock)
    _put_proclock(proclock, lock, proc, mask, following)


def _free_proclock(lock: Lock, proclock: int) -> None:
    following = _proclock(proclock)[3]
    if lock.holders == proclock:
        lock.holders = following
    else:
        index = lock.holders
        while index != NONE:
            l, p, m, nxt = _proclock(index)
            if nxt == proclock:
                _put_proclock(index, l, p, m, following)
                break
            index = nxt
    free_lock, free = _HEADER.unpack_from(_t.view, 0)
    _put_proclock(proclock, NONE, NONE, 0, free)
    _HEADER.pack_into(_t.view, 0, free_lock, proclock)


# ---- PROC wait state ------------------------------------------------------------------------

def proc_wait(proc: int) -> tuple[int, int, int, int, float]:
    """(wait_lock, wait_mode, wait_status, queue_next, wait_start) of `proc`."""
    return _PROC.unpack_from(_t.view, _t.procs_at + proc * _PROC_SIZE)


def _put_proc(proc: int, wait_lock: int, mode: int, status: int, queue_next: int,
              start: float) -> None:
    _PROC.pack_into(_t.view, _t.procs_at + proc * _PROC_SIZE, wait_lock, mode, status,
                    queue_next, start)


def wait_status(proc: int) -> int:
    return struct.unpack_from("<i", _t.view, _t.procs_at + proc * _PROC_SIZE + 8)[0]


def clear_wait_status(proc: int) -> None:
    """The waiter, after it has seen GRANTED (or after it left the queue itself)."""
    _PROC.pack_into(_t.view, _t.procs_at + proc * _PROC_SIZE, NONE, 0, NOT_WAITING, NONE, 0.0)


def set_virtual_xid(proc: int, local_xid: int) -> None:
    """The owner only. A proc's virtual transaction id is (proc + 1, local_xid); it is
    'locked' (ExclusiveLock, fast path) exactly while local_xid is not 0."""
    struct.pack_into("<I", _t.view, _t.procs_at + proc * _PROC_SIZE + _LXID, local_xid)


def virtual_xid(proc: int) -> int:
    return struct.unpack_from("<I", _t.view, _t.procs_at + proc * _PROC_SIZE + _LXID)[0]


def set_prepared_virtual_xid(proc: int, backend_id: int, local_xid: int) -> None:
    """A prepared transaction's dummy proc (under LockManagerLock): the virtual
    transaction id pg_locks shows for its locks, PostgreSQL's "backendid/lxid" of the
    transaction that prepared it, or -1/xid when it was recovered after a restart.
    (0, 0) when the dummy is free again."""
    at = _t.procs_at + proc * _PROC_SIZE
    struct.pack_into("<Ii", _t.view, at + _LXID, local_xid, backend_id)


def prepared_virtual_xid(proc: int) -> tuple[int, int] | None:
    """(backend id, local xid) of a dummy proc in use, else None."""
    lxid, backend_id = struct.unpack_from("<Ii", _t.view, _t.procs_at + proc * _PROC_SIZE + _LXID)
    return (backend_id, lxid) if lxid else None


def wait_queue(lock: Lock) -> list[tuple[int, int]]:
    """(proc, wait_mode) for each waiter, in queue order."""
    out = []
    proc = lock.wait_head
    while proc != NONE:
        _, mode, _, following, _ = proc_wait(proc)
        out.append((proc, mode))
        proc = following
    return out


def _relink_queue(lock: Lock, procs: list[int]) -> None:
    lock.wait_head = procs[0] if procs else NONE
    for i, proc in enumerate(procs):
        wait_lock, mode, status, _, start = proc_wait(proc)
        _put_proc(proc, wait_lock, mode, status, procs[i + 1] if i + 1 < len(procs) else NONE,
                  start)


# ---- lock groups ------------------------------------------------------------------------------

def set_group_leader(proc: int, leader: int) -> None:
    """Make `proc` a member of `leader`'s lock group (a parallel worker, or the leader
    itself); NONE: of none (PostgreSQL's lockGroupLeader)."""
    struct.pack_into("<i", _t.view, _t.groups_at + 4 * proc, leader + 1)


def group_leader(proc: int) -> int:
    """The leader of `proc`'s lock group, or NONE."""
    return struct.unpack_from("<i", _t.view, _t.groups_at + 4 * proc)[0] - 1


def _group_masks(lock: Lock, proc: int, my_hold_mask: int) -> list[int]:
    """The modes each member of `proc`'s lock group holds on `lock` (its own first)."""
    group = group_leader(proc) if proc != NONE else NONE
    if group == NONE:
        return [my_hold_mask]
    return [my_hold_mask] + [mask for _, other, mask in holders(lock)
                             if other != proc and mask and group_leader(other) == group]


def group_hold_mask(lock: Lock, proc: int, my_hold_mask: int) -> int:
    """The modes `proc` or a member of its lock group holds on `lock` (ProcSleep's
    myHeldLocks)."""
    mask = 0
    for held in _group_masks(lock, proc, my_hold_mask):
        mask |= held
    return mask


# ---- the operations ---------------------------------------------------------------------------

def conflicts_with_others(lock: Lock, mode: int, my_hold_mask: int, proc: int = NONE) -> bool:
    """Would granting `mode` conflict with what *other* procs hold? (LockCheckConflicts)
    A proc never conflicts with itself, nor with the members of its lock group (`proc`'s:
    a parallel query's leader and workers): for each conflicting mode one of them holds,
    one grant of that mode is theirs."""
    conflict = lock_modes.CONFLICTS[mode]
    if not conflict & lock.grant_mask:
        return False
    masks = None
    for m in range(1, lock_modes.MAX_MODE + 1):
        if conflict & (1 << m):
            others = lock.granted[m] - (1 if my_hold_mask & (1 << m) else 0)
            if others > 0 and proc != NONE:
                if masks is None:
                    masks = _group_masks(lock, proc, my_hold_mask)[1:]
                others -= sum(1 for mask in masks if mask & (1 << m))
            if others > 0:
                return True
    return False


def move_grants(lock: Lock, proclock: int, to_proc: int, mask: int) -> None:
    """Hand the modes in `mask`, held through `proclock`, to `to_proc` (a prepared
    transaction's dummy proc) without ungranting them: the LOCK's counts stay as they
    are, only the PROCLOCK that holds them changes (PostPrepare_Locks). The giving proc
    waits for nothing (it is preparing), so a PROCLOCK left holding nothing is freed."""
    target = find_proclock(lock, to_proc)
    if target == NONE and hold_mask(proclock) == mask:
        owner_lock, _, held, following = _proclock(proclock)
        _put_proclock(proclock, owner_lock, to_proc, held, following)
        return
    if target == NONE:
        target = create_proclock(lock, to_proc)
    _set_hold_mask(target, hold_mask(target) | mask)
    _set_hold_mask(proclock, hold_mask(proclock) & ~mask)
    if hold_mask(proclock) == 0:
        _free_proclock(lock, proclock)
        put_lock(lock)


def add_request(lock: Lock, mode: int) -> None:
    lock.requested[mode] += 1
    lock.n_requested += 1


def grant(lock: Lock, proclock: int, mode: int) -> None:
    """GrantLock: count the grant on the LOCK and the PROCLOCK (the request was counted
    already). Writes the LOCK back."""
    lock.granted[mode] += 1
    lock.n_granted += 1
    lock.grant_mask |= 1 << mode
    if lock.granted[mode] == lock.requested[mode]:
        lock.wait_mask &= ~(1 << mode)
    _set_hold_mask(proclock, hold_mask(proclock) | (1 << mode))
    put_lock(lock)


def ungrant(lock: Lock, proclock: int, mode: int) -> bool:
    """UnGrantLock: take one grant (and its request) away. True if a waiter might now be
    grantable. Writes the LOCK back."""
    lock.requested[mode] -= 1
    lock.n_requested -= 1
    lock.granted[mode] -= 1
    lock.n_granted -= 1
    if lock.granted[mode] == 0:
        lock.grant_mask &= ~(1 << mode)
    _set_hold_mask(proclock, hold_mask(proclock) & ~(1 << mode))
    put_lock(lock)
    return bool(lock_modes.CONFLICTS[mode] & lock.wait_mask)


def enqueue(lock: Lock, proc: int, mode: int, start: float) -> tuple[str, int]:
    """Put `proc` into the wait queue for `mode` (ProcSleep's queue placement). The request
    has been counted. Returns ('wait', -1), ('granted', -1) when it may have the lock at
    once, or ('deadlock', other proc) when a waiter ahead both waits for us and blocks us.

    Placement: normally at the end. But if we already hold modes that a queued waiter
    wants, that waiter is waiting for us, so we go in front of it (else we would wait for
    it and it for us); and if, placed there, nothing granted or queued ahead conflicts,
    we get the lock immediately."""
    my_proclock = find_proclock(lock, proc)
    own_held = hold_mask(my_proclock) if my_proclock != NONE else 0
    # what my lock group holds counts as mine: a waiter for it waits for us all
    my_held = group_hold_mask(lock, proc, own_held)
    queue = [p for p, _ in wait_queue(lock)]
    position = len(queue)
    if my_held:
        ahead = 0
        group = group_leader(proc)
        for i, (other, other_mode) in enumerate(wait_queue(lock)):
            if group != NONE and group_leader(other) == group:
                continue                    # a member of my lock group never conflicts
            if my_held & lock_modes.CONFLICTS[other_mode]:
                other_proclock = find_proclock(lock, other)
                other_held = hold_mask(other_proclock) if other_proclock != NONE else 0
                if lock_modes.CONFLICTS[mode] & other_held:
                    return "deadlock", other
                if not (lock_modes.CONFLICTS[mode] & ahead) and \
                        not conflicts_with_others(lock, mode, own_held, proc):
                    grant(lock, my_proclock, mode)
                    return "granted", NONE
                position = i
                break
            ahead |= 1 << other_mode
    queue.insert(position, proc)
    _put_proc(proc, lock.index, mode, WAITING, NONE, start)
    lock.wait_mask |= 1 << mode
    _relink_queue(lock, queue)
    put_lock(lock)
    return "wait", NONE


def remove_from_queue(lock: Lock, proc: int) -> None:
    """The waiter gives up (RemoveFromWaitQueue): out of the queue, its request uncounted;
    the caller then runs `cleanup`, which also wakes anyone our leaving unblocks."""
    _, mode, _, _, _ = proc_wait(proc)
    queue = [p for p, _ in wait_queue(lock) if p != proc]
    lock.requested[mode] -= 1
    lock.n_requested -= 1
    if lock.granted[mode] == lock.requested[mode]:
        lock.wait_mask &= ~(1 << mode)
    _relink_queue(lock, queue)
    clear_wait_status(proc)
    put_lock(lock)


def wake_waiters(lock: Lock) -> list[int]:
    """ProcLockWakeup: grant, in queue order, every waiter whose mode conflicts neither
    with what is granted to others nor with a waiter still ahead of it. Returns the procs
    granted, whose latches the caller must set (after writing everything back)."""
    woken = []
    ahead = 0
    remaining = []
    for proc, mode in wait_queue(lock):
        proclock = find_proclock(lock, proc)
        if not (lock_modes.CONFLICTS[mode] & ahead) and \
                not conflicts_with_others(lock, mode, hold_mask(proclock), proc):
            grant(lock, proclock, mode)
            _, _, _, _, start = proc_wait(proc)
            _put_proc(proc, NONE, mode, GRANTED, NONE, start)
            woken.append(proc)
        else:
            ahead |= 1 << mode
            remaining.append(proc)
    if woken:
        _relink_queue(lock, remaining)
        put_lock(lock)
    return woken


def cleanup(lock: Lock, proclock: int, wake: bool) -> list[int]:
    """CleanUpLock: free the PROCLOCK if it holds nothing (and its proc does not wait
    here), free the LOCK if nobody wants it any more, else wake whoever can go now.
    Returns the procs to wake."""
    if proclock != NONE and hold_mask(proclock) == 0:
        owner = _proclock(proclock)[1]
        wait_lock = proc_wait(owner)[0]
        if not (wait_lock == lock.index and wait_status(owner) == WAITING):
            _free_proclock(lock, proclock)
            put_lock(lock)
    if lock.n_requested == 0:
        _free_lock(lock)
        return []
    return wake_waiters(lock) if wake else []


# ---- reading it all (pg_locks, deadlock detection) ---------------------------------------------

def all_locks() -> list[Lock]:
    """Every LOCK in use."""
    out = []
    for b in range(_t.nbuckets):
        index = struct.unpack_from("<i", _t.view, _t.buckets_at + 4 * b)[0]
        while index != NONE:
            out.append(get_lock(index))
            index = _lock_hash_next(index)
    return out


def waiting_procs() -> list[int]:
    return [p for p in range(_t.nprocs) if wait_status(p) == WAITING]


def lock_at(index: int) -> Lock:
    return get_lock(index)


def capacity() -> tuple[int, int, int]:
    """(LOCK slots, PROCLOCK slots, PROC entries), for tests and introspection."""
    return _t.nlocks, _t.nproclocks, _t.nprocs
