"""Lightweight locks: short-term shared/exclusive locks on one atomic word in shared memory.

An LWLock protects a shared structure for a few microseconds: a buffer's content, the WAL
insert position, the proc array. The word holds an exclusive bit, a count of shared
holders and a flag saying someone sleeps waiting for it:

    bit 31      EXCLUSIVE   one process holds it in exclusive mode
    bit 30      WAITERS     at least one process sleeps on it (condition_variable.py)
    bits 0-23   shared holder count

Rules
1. Never sleep, do I/O to the network, or wait for a heavyweight lock while holding an
   LWLock. Disk I/O is allowed (the buffer manager reads pages under a content lock).
2. Take several LWLocks in a fixed order (the order of `NAMED_LOCKS` below, then buffer
   content locks) to avoid deadlock: LWLocks have no deadlock detector.
3. On ERROR, `release_all()` drops every LWLock this process holds (tcop's abort path),
   as PostgreSQL's LWLockReleaseAll does. A process that *dies* holding one leaves it
   held forever; that is why the postmaster treats every abnormal child exit as a crash
   and re-creates shared memory (design.md §1).

4. A brief SHARED hold may go unrecorded (not in the held list, so `release_all()` does
   not know it): the holder takes it with one CAS where the word has no EXCLUSIVE bit,
   and gives it back with `release_unrecorded_shared()` in a `finally` of the same
   function, with nothing in between that waits. The buffer manager's hit path does
   this for a mapping partition lock across one lookup and one pin; when the CAS fails
   it takes the ordinary path instead.

Waiting: after a few immediate retries a waiter announces the lock's key as a condition
variable, sets WAITERS, tries once more (so a release in between is never missed), and
sleeps on its latch. A releaser that sees WAITERS clears it and wakes every process
sleeping on the lock; they race for it again, and the losers go back to sleep after
setting WAITERS again. A process without a proc slot (in-process tests) cannot be woken
and backs off with short sleeps instead.

Where we differ from PostgreSQL: no wait queue in the lock, so no FIFO hand-off: every
sleeper is woken and retries (PostgreSQL wakes the waiters that can go, in queue order).

PostgreSQL: storage/lmgr/lwlock.c (LWLockAcquire, LWLockRelease, LWLockReleaseAll).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.ipc.atomics import AtomicWords

EXCLUSIVE_BIT = 1 << 31
WAITERS_BIT = 1 << 30
SHARED_MASK = (1 << 24) - 1
_NOT_EXCLUSIVE = ~EXCLUSIVE_BIT & 0xFFFFFFFF
_SPINS_BEFORE_SLEEP = 20

SHARED = "shared"
EXCLUSIVE = "exclusive"

# The named locks, in their acquisition order (rule 2). Each takes one 4-byte word.
NAMED_LOCKS = (
    "ControlFileLock",     # global/pg_control and the shared copy of its fields
    "XidGenLock",          # next transaction id
    "OidGenLock",          # next OID
    # SSI (predicate_table.py rules 1-3). Taken before ProcArrayLock, which a
    # serializable snapshot is built under; also taken while a buffer content lock is
    # held (a heap write checks SIREAD locks under it): whoever holds them takes no
    # buffer lock.
    "PredicateLockManagerLock",   # SIREAD lock targets and locks, and their lists
    "SerializableXactHashLock",   # serializable transactions, rw-conflicts, their xids
    "ProcArrayLock",       # proc array slots (xid, xmin) for snapshots
    "CommitLogLock",       # pg_xact's SLRU buffers (PostgreSQL 15: XactSLRULock)
    "SubtransSLRULock",    # pg_subtrans's SLRU buffers; each SLRU's per-buffer I/O locks
                           # (embedded in its region, access/transam/slru.py) come after
                           # its control lock, never before
    "CheckpointLock",      # one checkpoint at a time
    "TwoPhaseStateLock",   # the prepared-transaction table (access/transam/twophase.py)
    "WALInsertLock",       # reserving WAL space and copying into WAL buffers
    "WALWriteLock",        # writing/flushing WAL buffers to disk
    "RelationExtensionLock",  # adding pages to relation files
    "CatalogCacheLock",    # catalog invalidation ring (catalog/invalidation.py)
    "LockManagerLock",     # heavyweight lock table
    # (here in the order: the 128 buffer mapping partition locks, tag -> buffer id,
    # which live in the SharedBuffers region: storage/buffer/buffer_mapping.py)
    "AutoFileLock",        # postgresql.auto.conf (ALTER SYSTEM)
    "NotifyQueueLock",     # LISTEN / NOTIFY's queue (storage/ipc/notify_queue.py)
    "CheckpointerCommLock",   # the fsync request queue (storage/smgr/sync_requests.py):
                              # a leaf, taken under buffer locks, nothing taken under it
)
_WORD = 4

_held: list[tuple["LWLock", str]] = []   # this process's held locks, for release_all()


class LWLock:
    """One lock word at an absolute segment offset (4-aligned)."""

    __slots__ = ("name", "offset", "_atomics")

    def __init__(self, name: str, atomics: AtomicWords, offset: int) -> None:
        self.name = name
        self.offset = offset
        self._atomics = atomics

    def acquire(self, mode: str = EXCLUSIVE) -> None:
        # try_acquire inlined: this is every buffer access's path (content and mapping
        # locks), and an uncontended lock costs one load and one CAS.
        a, off = self._atomics, self.offset
        word = a.load_u32(off)
        if mode == EXCLUSIVE:
            if word & (EXCLUSIVE_BIT | SHARED_MASK) or \
                    a.cas_u32(off, word, word | EXCLUSIVE_BIT) != word:
                self._acquire_slow(mode)
        elif word & EXCLUSIVE_BIT or a.cas_u32(off, word, word + 1) != word:
            self._acquire_slow(mode)
        _held.append((self, mode))

    def try_acquire(self, mode: str = EXCLUSIVE) -> bool:
        """One attempt, no waiting. Does not record the lock as held."""
        a, off = self._atomics, self.offset
        word = a.load_u32(off)
        if mode == EXCLUSIVE:
            return not word & (EXCLUSIVE_BIT | SHARED_MASK) and \
                a.cas_u32(off, word, word | EXCLUSIVE_BIT) == word
        return not (word & EXCLUSIVE_BIT) and a.cas_u32(off, word, word + 1) == word

    def _acquire_slow(self, mode: str) -> None:
        for _ in range(_SPINS_BEFORE_SLEEP):
            if self.try_acquire(mode):
                return
        from pgsnake.storage.lmgr import condition_variable as cv
        if not cv.can_sleep():
            self._acquire_backing_off(mode)
            return
        cv.prepare_to_sleep(cv.key(cv.LWLOCK, self.offset))
        try:
            while True:
                self._atomics.fetch_or_u32(self.offset, WAITERS_BIT)
                if self.try_acquire(mode):
                    return
                cv.sleep()
        finally:
            cv.cancel_sleep()

    def _acquire_backing_off(self, mode: str) -> None:
        delay = 0.00001
        while not self.try_acquire(mode):
            time.sleep(delay)
            delay = min(0.001, delay * 2)

    def acquire_noted(self, mode: str) -> None:
        """Acquire where the caller has already failed try_acquire()."""
        self._acquire_slow(mode)
        _held.append((self, mode))

    def release(self) -> None:
        if _held and _held[-1][0] is self:      # the usual case: the newest lock
            mode = _held.pop()[1]
        else:
            for i in range(len(_held) - 1, -1, -1):
                if _held[i][0].offset == self.offset:
                    mode = _held.pop(i)[1]
                    break
            else:
                raise RuntimeError(f"LWLock {self.name} released but not held by this "
                                   f"process")
        a, off = self._atomics, self.offset
        if mode == EXCLUSIVE:
            old = a.fetch_and_u32(off, _NOT_EXCLUSIVE)
        else:
            old = a.fetch_sub_u32(off, 1)
            if (old & SHARED_MASK) != 1:
                return            # other shared holders remain: nobody waiting can go yet
        if old & WAITERS_BIT:
            self._wake_waiters()

    def _release_word(self, mode: str) -> None:
        a, off = self._atomics, self.offset
        if mode == EXCLUSIVE:
            old = a.fetch_and_u32(off, _NOT_EXCLUSIVE)
        else:
            old = a.fetch_sub_u32(off, 1)
            if (old & SHARED_MASK) != 1:
                return            # other shared holders remain: nobody waiting can go yet
        if old & WAITERS_BIT:
            self._wake_waiters()

    def release_unrecorded_shared(self) -> None:
        """Give back a SHARED hold taken by a bare CAS (rule 4)."""
        old = self._atomics.fetch_sub_u32(self.offset, 1)
        if old & WAITERS_BIT and (old & SHARED_MASK) == 1:
            self._wake_waiters()

    def _wake_waiters(self) -> None:
        self._atomics.fetch_and_u32(self.offset, ~WAITERS_BIT & 0xFFFFFFFF)
        from pgsnake.storage.lmgr import condition_variable as cv
        cv.broadcast(cv.key(cv.LWLOCK, self.offset))

    def is_held_by_me(self) -> bool:
        return any(lock.offset == self.offset for lock, _ in _held)

    def state(self) -> tuple[bool, int]:
        """(exclusively held, number of shared holders), for introspection and tests."""
        word = self._atomics.load_u32(self.offset)
        return bool(word & EXCLUSIVE_BIT), word & SHARED_MASK

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        self.acquire(EXCLUSIVE)
        try:
            yield
        finally:
            self.release()

    @contextmanager
    def shared(self) -> Iterator[None]:
        self.acquire(SHARED)
        try:
            yield
        finally:
            self.release()

    def __repr__(self) -> str:
        return f"LWLock({self.name}@{self.offset})"


def release_all() -> None:
    """Drop every LWLock this process holds (error recovery, rule 3)."""
    while _held:
        lock, mode = _held.pop()
        lock._release_word(mode)


def held_count() -> int:
    return len(_held)


def release_newer_than(count: int) -> None:
    """Drop the LWLocks taken after held_count() was `count` (a subtransaction's abort:
    PL/pgSQL's exception blocks), newest first."""
    while len(_held) > count:
        lock, mode = _held.pop()
        lock._release_word(mode)


def forget_held_after_fork() -> None:
    """A freshly forked child holds nothing, whatever its parent's list said."""
    _held.clear()


_named: dict[str, LWLock] = {}


def named(name: str) -> LWLock:
    """One of NAMED_LOCKS, e.g. `named("WALInsertLock")`."""
    return _named[name]


def _init_named(region: shared_memory.Region) -> None:
    region.view[:] = bytes(region.size)
    _named.clear()
    for i, lock_name in enumerate(NAMED_LOCKS):
        _named[lock_name] = LWLock(lock_name, region.atomics, region.offset + i * _WORD)


shared_memory.request_region("LWLocks", lambda: len(NAMED_LOCKS) * _WORD, _init_named)
