"""Condition variables: sleep until someone says the thing you wait for may have happened.

A process that must wait for a shared condition (an LWLock to be released, a buffer's I/O
to finish, a checkpoint to complete) announces what it sleeps on, a 64-bit key, in its
own entry of a small shared array, then sleeps on its latch. Whoever changes the
condition broadcasts the key: every process announcing that key has its latch set. The
sleeper then re-checks the condition itself; a wake-up is only a hint.

    prepare_to_sleep(key)      announce (and reset the latch, so no wake-up is lost)
    while not condition():
        sleep()                wait on the latch, then reset it
    cancel_sleep()             stop announcing

    ...elsewhere: make the condition true, then broadcast(key)

Rules
1. Broadcast after making the condition true, never before: a sleeper that checks after
   announcing then either sees the condition or is woken.
2. A sleeper must tolerate spurious wake-ups: its latch is also set by signals, timeouts
   and other waits' wakers.
3. Broadcasting costs nothing when nobody sleeps (one atomic load of the sleeper count);
   otherwise it scans the proc entries, which is cheap next to the sleep it ends.
4. A process without a proc slot cannot be woken; it must not call prepare_to_sleep (code
   that may run there polls instead, and says so).

Keys are made by `key(kind, number)`: kind in the top byte, so distinct uses never collide.

PostgreSQL: storage/lmgr/condition_variable.c (ConditionVariablePrepareToSleep,
ConditionVariableSleep, ConditionVariableCancelSleep, ConditionVariableBroadcast). Where we
differ: PostgreSQL keeps a wait list per condition variable; we keep one word per proc
and scan, which needs no per-variable memory (every LWLock and buffer can be waited on).
"""
from __future__ import annotations

from pgsnake.storage.ipc import latch, proc_array, shared_memory
from pgsnake.utils import process_state

LWLOCK = 1
BUFFER_IO = 2
CHECKPOINT_DONE = 3
PARALLEL_QUERY = 4     # a parallel query's barriers (executor/parallel_hash.py), by segment

_SLEEPERS = 0        # u64: how many procs announce a key
_ENTRIES = 8         # u64 per proc: the key it sleeps on, or 0

_region: shared_memory.Region | None = None
_count = 0


def _init(region: shared_memory.Region) -> None:
    global _region, _count
    region.view[:] = bytes(region.size)
    _region = region
    _count = proc_array.slot_count()


shared_memory.request_region("ConditionVariables", lambda: 8 + 8 * proc_array.slot_count(),
                             _init)


def key(kind: int, number: int) -> int:
    return (kind << 56) | (number & ((1 << 56) - 1))


def can_sleep() -> bool:
    return _region is not None and 0 <= process_state.proc_number < _count


def prepare_to_sleep(cv_key: int) -> None:
    me = process_state.proc_number
    latch.reset_my_latch()
    _region.atomics.store_u64(_region.offset + _ENTRIES + 8 * me, cv_key)
    _region.atomics.fetch_add_u64(_region.offset + _SLEEPERS, 1)


def sleep(timeout: float | None = None) -> None:
    """Wait for a broadcast (or anything else that sets the latch). Postmaster death
    raises FATAL here, as in every latch wait."""
    latch.wait(timeout)
    latch.reset_my_latch()


def cancel_sleep() -> None:
    me = process_state.proc_number
    at = _region.offset + _ENTRIES + 8 * me
    if _region.atomics.load_u64(at):
        _region.atomics.store_u64(at, 0)
        _region.atomics.fetch_sub_u64(_region.offset + _SLEEPERS, 1)


def broadcast(cv_key: int) -> None:
    region = _region
    if region is None:
        return
    atomics = region.atomics
    if not atomics.load_u64(region.offset + _SLEEPERS):
        return
    base = region.offset + _ENTRIES
    for proc in range(_count):
        if atomics.load_u64(base + 8 * proc) == cv_key:
            latch.set_latch(proc)
