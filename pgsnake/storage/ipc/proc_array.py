"""The proc array: one shared slot per server process, and snapshots built from it.

Each slot holds (pid, kind, database oid, user oid, xid, xmin, state, backend start).
A process claims a slot at start (`claim_slot`) and releases it at exit. Transaction code
publishes the current xid in the slot when it assigns one, and clears it at commit/abort.

Entry points: `claim_slot(pid, kind)`, `release_slot(n)`, `slots()`, `set_xid`,
`clear_xid`, `set_xmin`, `set_identity`, `set_state`, `get_snapshot`, `xid_is_running`,
`oldest_xmin`.

Invariants (who writes what)
1. A slot's xid is set by its owner while holding XidGenLock, *before* next_xid is
   advanced past it, so any snapshot whose xmax (= next_xid) covers the xid finds it here.
2. A slot's xid is cleared by its owner under ProcArrayLock EXCLUSIVE, *after* the commit
   log records the outcome; snapshots are built under ProcArrayLock SHARED. So a snapshot
   never sees an xid as neither running nor finished in the commit log.
3. pid == 0 means the slot is free; claim/release happen under ProcArrayLock exclusive.

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
from pgsnake.utils.errors import FatalError

AUXILIARY_SLOTS = 16        # startup, checkpointer, bgwriter, walwriter, autovacuum, ...
_TEXT = 32
# pid i32, database u32, user u32, pad, xid u64, xmin u64, start f64, kind 32s, state 32s
_SLOT = struct.Struct(f"<iII4xQQd{_TEXT}s{_TEXT}s")
SLOT_SIZE = 128
_XID_OFFSET = 16
_XMIN_OFFSET = 24
_KIND_OFFSET = 40
_STATE_OFFSET = 40 + _TEXT

_region: shared_memory.Region | None = None
_count = 0
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
    return settings.get("max_connections") + AUXILIARY_SLOTS


def _init(region: shared_memory.Region) -> None:
    global _region, _count, _generation
    region.view[:] = bytes(region.size)
    _region = region
    _count = region.size // SLOT_SIZE
    _generation = shared_memory.generation


shared_memory.request_region("ProcArray", lambda: slot_count() * SLOT_SIZE, _init)


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
        for n in range(_count):
            base = n * SLOT_SIZE
            if struct.unpack_from("<i", view, base)[0] == 0:
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
    """Owner only, at commit/abort, after the commit-log update (invariant 2)."""
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        _region.atomics.store_u64(_word(n, _XID_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _XMIN_OFFSET), 0)
    finally:
        lock.release()


def set_xmin(n: int, xmin: int) -> None:
    _region.atomics.store_u64(_word(n, _XMIN_OFFSET), xmin)


def get_snapshot(next_xid_loader, my_slot: int = -1) -> tuple[int, int, frozenset]:
    """(xmin, xmax, xip) under ProcArrayLock shared. `next_xid_loader()` returns the
    current next xid; it is read *before* scanning so that every xid below it is either
    in a slot or already finished (invariant 1). `my_slot`'s own xid is left out of xip
    but still bounds xmin."""
    lock = lwlock.named("ProcArrayLock")
    atomics = _region.atomics
    base = _region.offset
    lock.acquire(lwlock.SHARED)
    try:
        xmax = next_xid_loader()
        xmin = xmax
        running = []
        for n in range(_count):
            xid = atomics.load_u64(base + n * SLOT_SIZE + _XID_OFFSET)
            if xid and xid < xmax:
                if xid < xmin:
                    xmin = xid
                if n != my_slot:
                    running.append(xid)
    finally:
        lock.release()
    return xmin, xmax, frozenset(running)


def xid_is_running(xid: int) -> bool:
    atomics = _region.atomics
    base = _region.offset
    for n in range(_count):
        if atomics.load_u64(base + n * SLOT_SIZE + _XID_OFFSET) == xid:
            return True
    return False


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
