"""The fsync request queue: which relation files the next checkpoint must fsync.

A process that writes, extends, truncates or creates a relation file does not fsync it
(that would make every buffer write wait for the disk). It puts the file's name in this
queue in shared memory, and whoever runs the next checkpoint takes every name out
(`absorb`) and fsyncs those files, plus their directories, before the checkpoint record
is written. The checkpointer also absorbs between checkpoints, so the queue rarely fills:
a writer that fills it halfway wakes the checkpointer. If it is full even after
removing duplicates, the writer fsyncs the file itself, as
PostgreSQL's register_dirty_segment does when ForwardSyncRequest fails.

Entries are paths relative to the data directory, "F" + file or "D" + directory (a
directory whose entries changed: a file removed, so that the removal is durable too).

Invariants
1. A name is queued before the write that caused it returns, i.e. before the buffer's
   I/O is finished: a checkpoint that flushed the buffer (or waited for its I/O) finds
   the request when it absorbs after flushing.
2. The queue is used only under a postmaster; a standalone process (initdb, in-process
   tests) and the checkpointer itself keep their names in their own pending set
   (storage_manager._pending_sync), which the checkpoint they run also syncs.
3. CheckpointerCommLock is a leaf: taken while buffer locks are held, and nothing is
   taken while it is held.

PostgreSQL: storage/sync/sync.c (RegisterSyncRequest, ProcessSyncRequests),
postmaster/checkpointer.c (ForwardSyncRequest, AbsorbSyncRequests,
CompactCheckpointerRequestQueue), storage/smgr/md.c (register_dirty_segment).
"""
from __future__ import annotations

from pgsnake.storage.ipc import latch, proc_array, shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state

SLOT_BYTES = 64
CAPACITY = 4096
_HEADER = 8          # u32 entry count (under CheckpointerCommLock)
_region: shared_memory.Region | None = None


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:_HEADER] = bytes(_HEADER)
    _region = region


shared_memory.request_region("SyncRequestQueue", lambda: _HEADER + CAPACITY * SLOT_BYTES, _init)


def uses_queue() -> bool:
    """Invariant 2: does this process hand its names to the queue?"""
    return (_region is not None and process_state.is_under_postmaster
            and process_state.process_kind != "checkpointer")


def forward(entry: str) -> bool:
    """Queue one entry ('F' + file path or 'D' + directory); False if the queue is full
    (or the name too long for a slot): the caller fsyncs at once instead."""
    data = entry.encode()
    if len(data) > SLOT_BYTES:
        return False
    region = _region
    lock = lwlock.named("CheckpointerCommLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        count = int.from_bytes(region.view[0:4], "little")
        if count >= CAPACITY:
            count = _compact(region, count)
            if count >= CAPACITY:
                return False
        start = _HEADER + count * SLOT_BYTES
        region.view[start:start + SLOT_BYTES] = data.ljust(SLOT_BYTES, b"\0")
        region.view[0:4] = (count + 1).to_bytes(4, "little")
    finally:
        lock.release()
    if count + 1 == CAPACITY // 2:    # half full: wake the checkpointer to absorb
        latch.set_latch(proc_array.auxiliary_slot("checkpointer"))
    return True


def half_full() -> bool:
    """Should the checkpointer absorb now? (An unlocked read: a hint only.)"""
    return _region is not None and int.from_bytes(_region.view[0:4], "little") >= CAPACITY // 2


def absorb() -> set[str]:
    """Take every queued entry out (the checkpointer, or whoever runs a checkpoint)."""
    region = _region
    if region is None:
        return set()
    lock = lwlock.named("CheckpointerCommLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        entries = _entries(region, int.from_bytes(region.view[0:4], "little"))
        region.view[0:4] = bytes(4)
    finally:
        lock.release()
    return set(entries)


def _entries(region, count: int) -> list[str]:
    out = []
    for index in range(count):
        start = _HEADER + index * SLOT_BYTES
        out.append(bytes(region.view[start:start + SLOT_BYTES]).rstrip(b"\0").decode())
    return out


def _compact(region, count: int) -> int:
    """Drop duplicate entries in place (the lock is held); returns the new count."""
    unique = list(dict.fromkeys(_entries(region, count)))
    for index, entry in enumerate(unique):
        start = _HEADER + index * SLOT_BYTES
        region.view[start:start + SLOT_BYTES] = entry.encode().ljust(SLOT_BYTES, b"\0")
    region.view[0:4] = len(unique).to_bytes(4, "little")
    return len(unique)
