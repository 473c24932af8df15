"""Fast-path relation locks: weak relation locks kept in the backend's own slots.

Almost every relation lock is weak (AccessShareLock for a read, RowShareLock,
RowExclusiveLock for a write) and conflicts with nothing but the strong modes DDL
takes. PostgreSQL keeps such locks out of the shared lock table: each backend has 16
slots (relation OID, modes held) in its PGPROC, guarded by its own LWLock, and a
weak request goes there unless someone holds or is taking a strong lock on a relation
that hashes to the same one of 1024 counters. pgsnake does the same; a weak lock then
costs one uncontended LWLock and a slot update instead of a LockManagerLock round trip
through the LOCK / PROCLOCK structs.

    weak    AccessShareLock, RowShareLock, RowExclusiveLock on a relation of this
            backend's database (EligibleForRelationFastPath)
    strong  ShareLock and above on a relation (ConflictsWithRelationFastPath);
            ShareUpdateExclusiveLock is neither: it conflicts with no weak mode

Protocol (the invariant: a fast-path slot never holds a lock that conflicts with a
granted or requested strong lock):
1. A weak request, under the backend's own LWLock, reads the relation's strong
   counter: if it is 0 it records the mode in a slot (`grant`) and is done; else it
   goes to the shared table.
2. A strong request first increments the counter (atomically), then, for every backend,
   under that backend's LWLock and then LockManagerLock, moves the backend's slot
   entries for the relation into the shared table as granted locks of that backend
   (`transfer_relation`), and only then asks the shared table for its own lock: so it
   sees every weak holder there, waits for them and is found by the deadlock detector.
   The counter goes down when the strong lock is released (or the request fails), and
   for a prepared transaction's strong lock at COMMIT / ROLLBACK PREPARED.
3. A weak release looks in the backend's slots first (`ungrant`); a lock that is no
   longer there was moved by rule 2 and is released from the shared table.
4. A backend moves all its slot entries into the shared table before PREPARE
   TRANSACTION hands its locks to a dummy proc (`transfer_all`).
5. LWLock order: a backend's fast-path LWLock before LockManagerLock; nobody holds two
   backends' fast-path LWLocks at once.

pg_locks shows slot entries with fastpath = true (`entries`).

Entry points: is_ready(), is_weak(tag, mode), is_strong(tag, mode), grant(proc, tag,
mode) -> bool, ungrant(proc, tag, mode) -> bool, begin_strong(tag), end_strong(tag),
transfer_relation(tag), transfer_all(proc), entries(proc).

PostgreSQL: storage/lmgr/lock.c (FastPathGrantRelationLock, FastPathUnGrantRelationLock,
FastPathTransferRelationLocks, FastPathGetRelationLockEntry,
FastPathStrongRelationLocks, GetLockStatusData), include/storage/proc.h
(FP_LOCK_SLOTS_PER_BACKEND).
"""
from __future__ import annotations

import struct

from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lock_modes, lwlock
from pgsnake.storage.lmgr import lock_table as lt
from pgsnake.storage.lmgr.lock_tag import DEFAULT_METHOD, RELATION, LockTag
from pgsnake.utils import process_state

SLOTS = 16                         # FP_LOCK_SLOTS_PER_BACKEND
STRONG_PARTITIONS = 1024           # FAST_PATH_STRONG_LOCK_HASH_PARTITIONS
_WEAK_MASK = (1 << lock_modes.ACCESS_SHARE) | (1 << lock_modes.ROW_SHARE) \
    | (1 << lock_modes.ROW_EXCLUSIVE)
# per proc: LWLock word, then SLOTS relation OIDs, SLOTS database OIDs, SLOTS mode masks
_LOCK_WORD = 0
_RELIDS = 4
_DBIDS = _RELIDS + 4 * SLOTS
_MASKS = _DBIDS + 4 * SLOTS
_PROC_SIZE = (_MASKS + SLOTS + 7) // 8 * 8
_SLOT_WORDS = struct.Struct(f"<{SLOTS}I")
_SLOT_MASKS = struct.Struct(f"<{SLOTS}B")
_STRONG_AT = 0
_PROCS_AT = 4 * STRONG_PARTITIONS


class _Layout:
    __slots__ = ("generation", "view", "offset", "atomics", "nprocs", "locks")


_t = _Layout()
_t.generation = -1


def _size() -> int:
    return _PROCS_AT + _PROC_SIZE * proc_array.slot_count()


def _init(region: shared_memory.Region) -> None:
    region.view[:] = bytes(region.size)
    _t.generation = shared_memory.generation
    _t.view = region.view
    _t.offset = region.offset
    _t.atomics = region.atomics
    _t.nprocs = proc_array.slot_count()
    _t.locks = [lwlock.LWLock(f"LockFastPath{p}", region.atomics,
                              region.offset + _PROCS_AT + p * _PROC_SIZE + _LOCK_WORD)
                for p in range(_t.nprocs)]


shared_memory.request_region("LockFastPath", _size, _init)

# This backend's count of used slots as last seen (FastPathLocalUseCount): with every
# slot taken, a request goes to the shared table without looking. Recounted whenever
# the slots are read, since a strong locker may have emptied some meanwhile.
_used = 0


def is_ready() -> bool:
    return _t.generation == shared_memory.generation


def is_weak(tag: LockTag, mode: int) -> bool:
    """EligibleForRelationFastPath."""
    return (tag.type == RELATION and tag.method == DEFAULT_METHOD and tag.field1 != 0
            and tag.field1 == process_state.database_oid and (1 << mode) & _WEAK_MASK != 0)


def is_strong(tag: LockTag, mode: int) -> bool:
    """ConflictsWithRelationFastPath."""
    return (tag.type == RELATION and tag.method == DEFAULT_METHOD and tag.field1 != 0
            and mode > lock_modes.SHARE_UPDATE_EXCLUSIVE)


def _partition(tag: LockTag) -> int:
    h = (tag.field1 * 0x9E3779B1 ^ tag.field2 * 0x85EBCA77) & 0xFFFFFFFF
    return (h ^ h >> 15) % STRONG_PARTITIONS


_words: dict[tuple[int, int], int] = {}         # (database, relation) -> counter offset


def _strong_word(tag: LockTag) -> int:
    key = (tag.field1, tag.field2)
    word = _words.get(key)
    if word is None:
        if len(_words) > 4096:
            _words.clear()
        word = _words[key] = _STRONG_AT + 4 * _partition(tag)
    return _t.offset + word


def _proc_at(proc: int) -> int:
    return _PROCS_AT + proc * _PROC_SIZE


def _slots(proc: int) -> tuple[tuple, tuple, tuple]:
    at = _proc_at(proc)
    return (_SLOT_WORDS.unpack_from(_t.view, at + _RELIDS),
            _SLOT_WORDS.unpack_from(_t.view, at + _DBIDS),
            _SLOT_MASKS.unpack_from(_t.view, at + _MASKS))


def _set_slot(proc: int, slot: int, relid: int, dbid: int, mask: int) -> None:
    at = _proc_at(proc)
    struct.pack_into("<I", _t.view, at + _RELIDS + 4 * slot, relid)
    struct.pack_into("<I", _t.view, at + _DBIDS + 4 * slot, dbid)
    _t.view[at + _MASKS + slot] = mask


# ---- weak locks (rules 1 and 3) -----------------------------------------------------------

def _find(relids: tuple, dbids: tuple, masks: tuple, tag: LockTag) -> int:
    """The slot holding modes on the tag's relation, or -1 (tuple.index: the scan runs
    in C, which matters on the path every relation lock takes)."""
    relid, dbid = tag.field2, tag.field1
    start = 0
    while True:
        try:
            slot = relids.index(relid, start)
        except ValueError:
            return -1
        if masks[slot] and dbids[slot] == dbid:
            return slot
        start = slot + 1


def grant(proc: int, tag: LockTag, mode: int) -> bool:
    """Record a weak lock in `proc`'s slots if no strong lock stands in the way and a
    slot is free (or already names the relation); False: use the shared table."""
    global _used
    if proc >= _t.nprocs:
        return False
    bit = 1 << mode
    own = _t.locks[proc]
    own.acquire(lwlock.EXCLUSIVE)
    try:
        if _t.atomics.load_u32(_strong_word(tag)):
            return False
        relids, dbids, masks = _slots(proc)
        _used = SLOTS - masks.count(0)
        slot = _find(relids, dbids, masks, tag)
        if slot >= 0:
            _t.view[_proc_at(proc) + _MASKS + slot] = masks[slot] | bit
            return True
        if _used == SLOTS:
            return False
        free = SLOTS - 1 - masks[::-1].index(0)     # the last free one, as PostgreSQL picks
        _set_slot(proc, free, tag.field2, tag.field1, bit)
        _used += 1
        return True
    finally:
        own.release()


def ungrant(proc: int, tag: LockTag, mode: int) -> bool:
    """Take a weak lock out of `proc`'s slots; False if it is not there (moved to the
    shared table by a strong locker)."""
    global _used
    if proc >= _t.nprocs:
        return False
    bit = 1 << mode
    own = _t.locks[proc]
    own.acquire(lwlock.EXCLUSIVE)
    try:
        relids, dbids, masks = _slots(proc)
        slot = _find(relids, dbids, masks, tag)
        if slot < 0 or not masks[slot] & bit:
            return False
        left = masks[slot] & ~bit
        _t.view[_proc_at(proc) + _MASKS + slot] = left
        _used = SLOTS - masks.count(0) - (0 if left else 1)
        return True
    finally:
        own.release()


def has_room() -> bool:
    return _used < SLOTS


# ---- strong locks (rule 2) ----------------------------------------------------------------

def begin_strong(tag: LockTag) -> None:
    """A strong request starts: no new fast-path entry for the relation from now on."""
    _t.atomics.fetch_add_u32(_strong_word(tag), 1)


def end_strong(tag: LockTag) -> None:
    """The strong lock is released (or its request failed)."""
    _t.atomics.fetch_sub_u32(_strong_word(tag), 1)


def _move(proc: int, slot: int, relid: int, dbid: int, mask: int) -> None:
    """One slot's modes into the shared table as `proc`'s granted locks (the caller
    holds `proc`'s LWLock and LockManagerLock)."""
    tag = LockTag(dbid, relid, 0, 0, RELATION)
    lock = lt.find_lock(tag) or lt.create_lock(tag)
    proclock = lt.find_proclock(lock, proc)
    if proclock == lt.NONE:
        proclock = lt.create_proclock(lock, proc)
    for mode in lock_modes.modes_in(mask):
        if lt.hold_mask(proclock) & (1 << mode):
            continue
        lt.add_request(lock, mode)
        lt.grant(lock, proclock, mode)
    _set_slot(proc, slot, 0, 0, 0)


def transfer_relation(tag: LockTag) -> None:
    """Every backend's fast-path entries for the relation into the shared table
    (FastPathTransferRelationLocks); begin_strong(tag) came first."""
    global _used
    manager = lwlock.named("LockManagerLock")
    me = process_state.proc_number
    for proc in range(_t.nprocs):
        own = _t.locks[proc]
        own.acquire(lwlock.EXCLUSIVE)
        try:
            relids, dbids, masks = _slots(proc)
            for slot in range(SLOTS):
                if masks[slot] and relids[slot] == tag.field2 and dbids[slot] == tag.field1:
                    with manager.exclusive():
                        _move(proc, slot, relids[slot], dbids[slot], masks[slot])
                    if proc == me:
                        _used = max(0, _used - 1)
        finally:
            own.release()


def transfer_all(proc: int) -> None:
    """Every fast-path entry of `proc` into the shared table (before PREPARE)."""
    global _used
    if not is_ready() or proc >= _t.nprocs:
        return
    manager = lwlock.named("LockManagerLock")
    own = _t.locks[proc]
    own.acquire(lwlock.EXCLUSIVE)
    try:
        relids, dbids, masks = _slots(proc)
        with manager.exclusive():
            for slot in range(SLOTS):
                if masks[slot]:
                    _move(proc, slot, relids[slot], dbids[slot], masks[slot])
    finally:
        own.release()
    if proc == process_state.proc_number:
        _used = 0


def entries(proc: int) -> list[tuple[int, int, int]]:
    """(database, relation, mode) of each fast-path lock `proc` holds, in slot order
    (pg_locks' fastpath rows)."""
    if not is_ready() or proc >= _t.nprocs:
        return []
    own = _t.locks[proc]
    own.acquire(lwlock.SHARED)
    try:
        relids, dbids, masks = _slots(proc)
    finally:
        own.release()
    return [(dbids[slot], relids[slot], mode) for slot in range(SLOTS) if masks[slot]
            for mode in lock_modes.modes_in(masks[slot])]


def forget_after_fork() -> None:
    global _used
    _used = 0
