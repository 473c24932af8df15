"""The proc array: one shared slot per server process, and snapshots built from it.

Each slot holds (pid, kind, database oid, user oid, xid, xmin, state, backend start) and
a cache of up to SUBXID_CACHE_SIZE subtransaction xids (PostgreSQL's XidCache).
After the processes' slots come one slot per possible prepared transaction
(max_prepared_transactions), PostgreSQL's dummy PGPROCs: slot `slot_count() + i` belongs to
prepared-transaction entry i (access/transam/twophase.py) and to the lock table's proc of
the same number. It has no pid, so `slots()` and `claim_slot` never see it, but its xid
and subxids count as running for snapshots and `xid_is_running` until COMMIT PREPARED or
ROLLBACK PREPARED clears it.
A process claims a slot at start (`claim_slot`) and releases it at exit. Transaction code
publishes the current xid in the slot when it assigns one, each subtransaction xid in the
cache when it assigns one (`add_subxid`), removes rolled-back subxids
(`remove_subxids`), and clears xid and cache together at commit/abort.

Entry points: `claim_slot(pid, kind)`, `release_slot(n)`, `slots()`, `set_xid`,
`clear_xid`, `add_subxid`, `remove_subxids`, `subxid_count`, `set_xmin`, `set_identity`, `set_state`, `get_snapshot`, `xid_is_running`,
`oldest_xmin`, `add_prepared_xact`.

Invariants (who writes what)
1. A slot's xid is set by its owner while holding XidGenLock, *before* next_xid is
   advanced past it, so any snapshot whose xmax (= next_xid) covers the xid finds it here.
2. A slot's xid is cleared by its owner under ProcArrayLock EXCLUSIVE, *after* the commit
   log records the outcome; snapshots are built under ProcArrayLock SHARED. So a snapshot
   never sees an xid as neither running nor finished in the commit log.
3. pid == 0 means the slot is free; claim/release happen under ProcArrayLock exclusive.
4. Subxids follow rules 1 and 2: added by the owner under XidGenLock before next_xid
   passes them (entry first, then the count), removed (rolled back) or cleared (top end)
   under ProcArrayLock exclusive after the commit log has their outcome. Readers that
   must not miss a running subxid (snapshots, xid_is_running) scan under ProcArrayLock
   shared. A slot's subxids are always greater than its xid (the parent's xid is
   assigned first), so they never lower a snapshot's xmin below the slot's xid.
5. A prepared transaction's slot gets its xid and subxids (`add_prepared_xact`, under
   ProcArrayLock exclusive) while they are still in the preparing backend's slot, which
   is cleared only afterwards; so no snapshot misses them. The backend that finishes
   the prepared transaction clears the slot (`clear_xid`) after the commit log has the
   outcome, as rule 2 asks of an owner.

PostgreSQL: storage/ipc/procarray.c (ProcArrayAdd, ProcArrayRemove,
ProcArrayEndTransaction, GetSnapshotData, TransactionIdIsInProgress), storage/lmgr/proc.c
(InitProcess).
"""
from __future__ import annotations

import dataclasses
import os
import struct
import time

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import FatalError, PgError

AUXILIARY_SLOTS = 16        # startup, checkpointer, bgwriter, walwriter, autovacuum, ...
_TEXT = 32
# pid i32, database u32, user u32, pad, xid u64, xmin u64, start f64, kind 32s, state 32s
_SLOT = struct.Struct(f"<iII4xQQd{_TEXT}s{_TEXT}s")
SUBXID_CACHE_SIZE = 64      # PGPROC_MAX_CACHED_SUBXIDS
_NSUBXIDS_OFFSET = 104      # u64 count
_SUBXIDS_OFFSET = 112       # u64 x SUBXID_CACHE_SIZE
SLOT_SIZE = _SUBXIDS_OFFSET + 8 * SUBXID_CACHE_SIZE + 16     # 640, a multiple of 8
_XID_OFFSET = 16
_XMIN_OFFSET = 24
_KIND_OFFSET = 40
_STATE_OFFSET = 40 + _TEXT

_region: shared_memory.Region | None = None
_count = 0                # every slot, prepared transactions' included
_process_slots = 0        # slots processes can claim: slot_count() when the segment was made
_generation = -1          # shared_memory.generation our views belong to


@dataclasses.dataclass(slots=True)
class ProcSlot:
    number: int
    pid: int
    kind: str
    database_oid: int
    user_oid: int
    xid: int
    xmin: int
    state: str
    backend_start: float


def slot_count() -> int:
    """Slots for processes; prepared transactions' slots are numbered after them."""
    return settings.get("max_connections") + AUXILIARY_SLOTS


def _total_slots() -> int:
    return slot_count() + settings.get("max_prepared_transactions")


def _init(region: shared_memory.Region) -> None:
    global _region, _count, _process_slots, _generation
    region.view[:] = bytes(region.size)
    _region = region
    _count = region.size // SLOT_SIZE
    _process_slots = min(slot_count(), _count)
    _generation = shared_memory.generation


shared_memory.request_region("ProcArray", lambda: _total_slots() * SLOT_SIZE, _init)


def _word(n: int, field_offset: int) -> int:
    return _region.offset + n * SLOT_SIZE + field_offset


def _text(value: str) -> bytes:
    return value.encode("utf-8")[:_TEXT].ljust(_TEXT, b"\0")


def claim_slot(pid: int, kind: str) -> int:
    """Take a free slot for process `pid`; sets process_state.proc_number when `pid` is
    this process. FATAL 53300 if every slot is taken."""
    lock = lwlock.named("ProcArrayLock")
    with lock.exclusive():
        view = _region.view
        for n in range(_process_slots):
            base = n * SLOT_SIZE
            if struct.unpack_from("<i", view, base)[0] == 0:
                view[base:base + SLOT_SIZE] = bytes(SLOT_SIZE)
                _SLOT.pack_into(view, base, pid, 0, 0, 0, 0, time.time(), _text(kind), _text("idle"))
                break
        else:
            raise FatalError("53300", "sorry, too many clients already")
    if pid == os.getpid():
        process_state.proc_number = n
    return n


def release_slot(n: int) -> None:
    lock = lwlock.named("ProcArrayLock")
    with lock.exclusive():
        _region.view[n * SLOT_SIZE:(n + 1) * SLOT_SIZE] = bytes(SLOT_SIZE)
    if process_state.proc_number == n:
        process_state.proc_number = -1


def slots() -> list[ProcSlot]:
    """The claimed slots (pg_stat_activity)."""
    out = []
    lock = lwlock.named("ProcArrayLock")
    with lock.shared():
        view = _region.view
        for n in range(_count):
            pid, db, user, xid, xmin, start, kind, state = _SLOT.unpack_from(view, n * SLOT_SIZE)
            if pid:
                out.append(ProcSlot(n, pid, kind.rstrip(b"\0").decode(), db, user, xid, xmin,
                                    state.rstrip(b"\0").decode(), start))
    return out


def set_identity(n: int, database_oid: int, user_oid: int) -> None:
    struct.pack_into("<II", _region.view, n * SLOT_SIZE + 4, database_oid, user_oid)


def set_state(n: int, state: str) -> None:
    _region.view[n * SLOT_SIZE + _STATE_OFFSET:n * SLOT_SIZE + _STATE_OFFSET + _TEXT] = _text(state)


def set_xid(n: int, xid: int) -> None:
    """Owner only, under XidGenLock (invariant 1)."""
    _region.atomics.store_u64(_word(n, _XID_OFFSET), xid)


def clear_xid(n: int) -> None:
    """Owner only, at commit/abort, after the commit-log update (invariants 2, 4, 5):
    the xid, the subxid cache and xmin all go at once."""
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        _region.atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _XID_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _XMIN_OFFSET), 0)
    finally:
        lock.release()


def add_prepared_xact(n: int, xid: int, subxids, database_oid: int, user_oid: int) -> None:
    """Publish a prepared transaction's xid and subxids in its slot (`n` >= slot_count(),
    rule 5). More subxids than the cache holds cannot happen: a transaction is refused
    its 65th live subxid (add_subxid)."""
    if not slot_count() <= n < _count:
        raise PgError("XX000", f"proc-array slot {n} is not a prepared transaction's slot")
    subxids = list(subxids)
    if len(subxids) > SUBXID_CACHE_SIZE:
        raise PgError("54000", "too many subtransactions")
    atomics = _region.atomics
    lock = lwlock.named("ProcArrayLock")
    with lock.exclusive():
        struct.pack_into("<II", _region.view, n * SLOT_SIZE + 4, database_oid, user_oid)
        for i, subxid in enumerate(subxids):
            atomics.store_u64(_word(n, _SUBXIDS_OFFSET + 8 * i), subxid)
        atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), len(subxids))
        atomics.store_u64(_word(n, _XMIN_OFFSET), 0)
        atomics.store_u64(_word(n, _XID_OFFSET), xid)


def subxid_count(n: int) -> int:
    return _region.atomics.load_u64(_word(n, _NSUBXIDS_OFFSET))


def add_subxid(n: int, xid: int) -> None:
    """Owner only, under XidGenLock (invariant 4). 54000 when the cache is full: we have
    no overflow fallback (PostgreSQL's pg_subtrans), so the caller must check
    `subxid_count` before taking the xid."""
    count = subxid_count(n)
    if count >= SUBXID_CACHE_SIZE:
        raise PgError("54000", "too many subtransactions",
                      detail=f"pgsnake keeps at most {SUBXID_CACHE_SIZE} subtransaction ids "
                             "per transaction.")
    _region.atomics.store_u64(_word(n, _SUBXIDS_OFFSET + 8 * count), xid)
    _region.atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), count + 1)


def remove_subxids(n: int, xids) -> None:
    """Owner only, after the commit log marks `xids` aborted (invariant 4)."""
    gone = set(xids)
    if not gone:
        return
    atomics = _region.atomics
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        count = atomics.load_u64(_word(n, _NSUBXIDS_OFFSET))
        kept = [x for x in (atomics.load_u64(_word(n, _SUBXIDS_OFFSET + 8 * i))
                            for i in range(count)) if x not in gone]
        for i, x in enumerate(kept):
            atomics.store_u64(_word(n, _SUBXIDS_OFFSET + 8 * i), x)
        atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), len(kept))
    finally:
        lock.release()


def _slot_subxids(atomics, slot_base: int) -> list[int]:
    count = min(atomics.load_u64(slot_base + _NSUBXIDS_OFFSET), SUBXID_CACHE_SIZE)
    return [atomics.load_u64(slot_base + _SUBXIDS_OFFSET + 8 * i) for i in range(count)]


def set_xmin(n: int, xmin: int) -> None:
    _region.atomics.store_u64(_word(n, _XMIN_OFFSET), xmin)


def get_snapshot(next_xid_loader, my_slot: int = -1) -> tuple[int, int, frozenset]:
    """(xmin, xmax, xip) under ProcArrayLock shared. `next_xid_loader()` returns the
    current next xid; it is read *before* scanning so that every xid below it is either
    in a slot or already finished (invariant 1). Other slots' subxids are running too
    (invariant 4). `my_slot`'s own xids are left out of xip but its xid still bounds
    xmin."""
    lock = lwlock.named("ProcArrayLock")
    atomics = _region.atomics
    base = _region.offset
    lock.acquire(lwlock.SHARED)
    try:
        xmax = next_xid_loader()
        xmin = xmax
        running = []
        for n in range(_count):
            slot_base = base + n * SLOT_SIZE
            xid = atomics.load_u64(slot_base + _XID_OFFSET)
            if xid and xid < xmax:
                if xid < xmin:
                    xmin = xid
                if n != my_slot:
                    running.append(xid)
                    running.extend(x for x in _slot_subxids(atomics, slot_base) if x < xmax)
    finally:
        lock.release()
    return xmin, xmax, frozenset(running)


def xid_is_running(xid: int) -> bool:
    """Is `xid` some slot's xid or cached subxid? (invariant 4: under the shared lock, so
    a concurrent removal of other subxids cannot hide it)"""
    atomics = _region.atomics
    base = _region.offset
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.SHARED)
    try:
        for n in range(_count):
            slot_base = base + n * SLOT_SIZE
            top = atomics.load_u64(slot_base + _XID_OFFSET)
            if top == xid:
                return True
            if top and top < xid and xid in _slot_subxids(atomics, slot_base):
                return True
    finally:
        lock.release()
    return False


def top_level_xid(xid: int) -> int:
    """The top-level xid of the running transaction that has `xid` as its own xid or as
    a cached subxid; 0 if none does."""
    atomics = _region.atomics
    base = _region.offset
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.SHARED)
    try:
        for n in range(_count):
            slot_base = base + n * SLOT_SIZE
            top = atomics.load_u64(slot_base + _XID_OFFSET)
            if top == xid or (top and top < xid and xid in _slot_subxids(atomics, slot_base)):
                return top
    finally:
        lock.release()
    return 0


def oldest_xmin(next_xid: int) -> int:
    """The oldest xid any running transaction or snapshot may still need (VACUUM's horizon)."""
    atomics = _region.atomics
    base = _region.offset
    horizon = next_xid
    for n in range(_count):
        for off in (_XID_OFFSET, _XMIN_OFFSET):
            value = atomics.load_u64(base + n * SLOT_SIZE + off)
            if value and value < horizon:
                horizon = value
    return horizon


def is_initialised() -> bool:
    """True when the current shared-memory segment holds the proc array (cheap: the
    commit path asks on every transaction)."""
    return _region is not None and _generation == shared_memory.generation
