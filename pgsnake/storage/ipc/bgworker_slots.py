"""Dynamic background workers: the shared table through which a backend asks the
postmaster to start a worker process, and learns that it started and ended.

One slot per possible worker (max_worker_processes), 128 bytes each:
    0  u32  state: FREE, REQUESTED (by a backend), FORKING (the postmaster took it),
            RUNNING (the worker is up), GONE (exited, or could not be started)
    4  i32  the worker's pid (written by the worker)
    8  i32  the leader's pid          12 u32 the leader's proc slot
    16 u32  database oid              20 u32 user oid
    24 u32  worker number (0, 1, ... within its leader's parallel query)
    32 64s  the dynamic shared memory segment's name (storage/ipc/dsm.py)
    96 16s  a token the segment's header repeats, so a worker never runs for a
            segment that is not the one it was started for

Life of a slot: a backend CASes FREE -> REQUESTED after filling it in, then raises
pmsignal START_BGWORKER. The postmaster, on SIGUSR1, takes each REQUESTED slot with one
CAS (REQUESTED -> FORKING: its only access, postmaster rule 10 / ipc rule 10) and forks
a worker for it, or marks it GONE when it cannot (not in RUN, fork failed) and sets the
leader's latch. The worker stores its pid and RUNNING, and GONE as its last act before
exit (then the leader's latch). Only the leader frees the slot (GONE -> FREE), after it
saw GONE, so a slot is never reused while its worker may still look at it.

At most max_parallel_workers slots are taken by parallel workers at once (`request`
counts them); max_worker_processes bounds the table.

PostgreSQL: postmaster/bgworker.c (BackgroundWorkerSlot, RegisterDynamicBackgroundWorker,
BackgroundWorkerStateChange, GetBackgroundWorkerPid, TerminateBackgroundWorker).
"""
from __future__ import annotations

import os
import struct

from pgsnake.storage.ipc import latch, pmsignal, shared_memory
from pgsnake.utils import process_state, settings

FREE, REQUESTED, FORKING, RUNNING, GONE = range(5)
_SLOT = 128
_FIELDS = struct.Struct("<IiiIIII4x64s16s")

_region: shared_memory.Region | None = None


def _count() -> int:
    return max(int(settings.get("max_worker_processes")), 0)


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("BackgroundWorkerSlots", lambda: max(_count(), 1) * _SLOT, _init)


def _state_offset(slot: int) -> int:
    return _region.offset + slot * _SLOT


def state(slot: int) -> int:
    return _region.atomics.load_u32(_state_offset(slot))


def in_use() -> int:
    return sum(1 for slot in range(_count()) if state(slot) != FREE)


def request(count: int, dsm_name: str, token: bytes, database: int, user: int) -> list[int]:
    """Ask for up to `count` workers (fewer when max_parallel_workers or the table's
    size allows fewer): the slots taken, whose worker numbers are their list positions."""
    allowed = min(count, max(int(settings.get("max_parallel_workers")) - in_use(), 0))
    taken: list[int] = []
    for slot in range(_count()):
        if len(taken) >= allowed:
            break
        offset = _state_offset(slot)
        if _region.atomics.cas_u32(offset, FREE, FORKING + 10) != FREE:
            continue        # (a private "filling in" state nobody else acts on)
        _FIELDS.pack_into(_region.view, slot * _SLOT, FORKING + 10, 0, os.getpid(),
                          process_state.proc_number, database, user, len(taken),
                          dsm_name.encode(), token)
        _region.atomics.store_u32(offset, REQUESTED)
        taken.append(slot)
    if taken:
        pmsignal.send_signal(pmsignal.START_BGWORKER)
    return taken


def take_requested() -> list[int]:
    """The postmaster's part (on SIGUSR1 with START_BGWORKER raised): the slots it must
    fork workers for, each now FORKING."""
    if _region is None:
        return []
    return [slot for slot in range(_count())
            if _region.atomics.cas_u32(_state_offset(slot), REQUESTED, FORKING) == REQUESTED]


def not_started(slot: int) -> None:
    """The postmaster could not fork the slot's worker: GONE, and the leader is told."""
    _region.atomics.store_u32(_state_offset(slot), GONE)
    latch.set_latch(_region.atomics.load_u32(_state_offset(slot) + 12))


def details(slot: int) -> dict:
    """A slot's fields, for the worker it was started for."""
    _, pid, leader_pid, leader_proc, database, user, number, name, token = \
        _FIELDS.unpack_from(_region.view, slot * _SLOT)
    return dict(leader_pid=leader_pid, leader_proc=leader_proc, database=database, user=user,
                worker_number=number, dsm_name=name.rstrip(b"\0").decode(), token=token)


def worker_started(slot: int) -> None:
    struct.pack_into("<i", _region.view, slot * _SLOT + 4, os.getpid())
    _region.atomics.store_u32(_state_offset(slot), RUNNING)
    latch.set_latch(_region.atomics.load_u32(_state_offset(slot) + 12))


def proc_slots() -> range:
    """The proc-array slots workers take: the auxiliary slots after those of the
    auxiliary kinds and of autovacuum_max_workers autovacuum workers."""
    from pgsnake.storage.ipc import proc_array
    first = settings.get("max_connections") + len(proc_array.AUXILIARY_KINDS) + \
        settings.get("autovacuum_max_workers")
    return range(first, settings.get("max_connections") + proc_array.AUXILIARY_SLOTS)


def worker_exiting(slot: int) -> None:
    """The worker's last act: GONE, then the leader's latch."""
    leader_proc = _region.atomics.load_u32(_state_offset(slot) + 12)
    _region.atomics.store_u32(_state_offset(slot), GONE)
    latch.set_latch(leader_proc)


def worker_pid(slot: int) -> int:
    """The worker's pid once it runs, else 0."""
    if state(slot) != RUNNING:
        return 0
    return struct.unpack_from("<i", _region.view, slot * _SLOT + 4)[0]


def leader_of(pid: int) -> int | None:
    """The leader's pid of the running worker `pid` (pg_stat_activity.leader_pid)."""
    if _region is None:
        return None
    for slot in range(_count()):
        if state(slot) == RUNNING and \
                struct.unpack_from("<i", _region.view, slot * _SLOT + 4)[0] == pid:
            return struct.unpack_from("<i", _region.view, slot * _SLOT + 8)[0]
    return None


def release(slot: int) -> None:
    """The leader frees a slot whose worker is GONE."""
    _region.atomics.store_u32(_state_offset(slot), FREE)
