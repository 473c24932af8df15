"""Deadlock detection: does my wait close a cycle in the waits-for graph?

A backend that has waited deadlock_timeout for a lock looks at the whole lock table once.
Each waiting proc has edges to the procs it waits for:

    hard edge  p -> q   q holds a mode on p's lock that conflicts with p's request
    soft edge  p -> q   q is ahead of p in the lock's wait queue and q's request
                        conflicts with p's (p cannot be granted before q)

If a path of edges leads from me back to me, nobody on it can ever proceed: I am the
victim, leave the queue and raise 40P01. Only the process whose timer expired checks, and
only cycles through itself, so two waiters never both abort for one deadlock unless the
second also closes a cycle of its own.

Where we differ from PostgreSQL: PostgreSQL first tries to break a cycle made only
possible by soft edges by reordering wait queues (a "soft deadlock"), and aborts only if
no reordering helps. We treat every cycle as a real deadlock. The common two-process
case of a soft deadlock never arises here either, because enqueueing puts a proc ahead
of waiters that wait for it (lock_table.enqueue).

Entry points: find_cycle(proc) -> [(proc, tag, mode, blocked_by), ...] | None,
deadlock_error(cycle), blocked_chain(proc, back_to).

PostgreSQL: storage/lmgr/deadlock.c (DeadLockCheck, FindLockCycle, DeadLockReport),
storage/lmgr/README ("The Deadlock Detection Algorithm").
"""
from __future__ import annotations

from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lock_modes, lock_table as lt
from pgsnake.storage.lmgr.lock_tag import LockTag, describe
from pgsnake.utils.errors import DEADLOCK_DETECTED, PgError

Edge = tuple[int, LockTag, int, int]      # (waiter, tag it waits on, mode, blocked by)


def blockers(proc: int) -> list[int]:
    """The procs `proc` waits for (hard edges first, then soft), without duplicates.
    LockManagerLock must be held."""
    wait_lock, mode, status, _, _ = lt.proc_wait(proc)
    if status != lt.WAITING or wait_lock == lt.NONE:
        return []
    lock = lt.lock_at(wait_lock)
    conflict = lock_modes.CONFLICTS[mode]
    out: list[int] = []
    for _, holder, mask in lt.holders(lock):
        if holder != proc and mask & conflict and holder not in out:
            out.append(holder)
    for other, other_mode in lt.wait_queue(lock):
        if other == proc:
            break
        if conflict & (1 << other_mode) and other not in out:
            out.append(other)
    return out


def _edge(proc: int, blocked_by: int) -> Edge:
    wait_lock, mode, _, _, _ = lt.proc_wait(proc)
    return proc, lt.lock_at(wait_lock).tag, mode, blocked_by


def find_cycle(me: int) -> list[Edge] | None:
    """A cycle of waits through `me`, as edges starting with mine, or None.
    LockManagerLock must be held (shared is enough)."""
    on_path: list[int] = []
    cleared: set[int] = set()          # procs from which no path returns to me

    def search(proc: int) -> list[int] | None:
        on_path.append(proc)
        for nxt in blockers(proc):
            if nxt == me:
                return list(on_path)
            if nxt in on_path or nxt in cleared:
                continue
            found = search(nxt)
            if found is not None:
                return found
        on_path.pop()
        cleared.add(proc)
        return None

    path = search(me)
    if path is None:
        return None
    return [_edge(proc, path[(i + 1) % len(path)]) for i, proc in enumerate(path)]


def blocked_chain(proc: int, back_to: int) -> list[Edge]:
    """The edge proc -> back_to, for a deadlock found while enqueueing (the waiter ahead
    of us waits for a lock we hold)."""
    manager = lt.lwlock_for_readers()
    with manager.shared():
        wait_lock, mode, status, _, _ = lt.proc_wait(proc)
        if status != lt.WAITING or wait_lock == lt.NONE:
            return []
        return [(proc, lt.lock_at(wait_lock).tag, mode, back_to)]


def deadlock_error(cycle: list[Edge]) -> PgError:
    pids = {slot.number: slot.pid for slot in proc_array.slots()}
    lines = [f"Process {pids.get(waiter, 0)} waits for {lock_modes.MODE_NAMES[mode]} on "
             f"{describe(tag)}; blocked by process {pids.get(blocker, 0)}."
             for waiter, tag, mode, blocker in cycle]
    return PgError(DEADLOCK_DETECTED, "deadlock detected", detail="\n".join(lines),
                   hint="See server log for query details.")
