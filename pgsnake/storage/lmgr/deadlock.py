"""Deadlock detection: does my wait close a cycle in the waits-for graph?

A backend that has waited deadlock_timeout for a lock looks at the whole lock table once.
Each waiting proc has edges to the procs it waits for:

    hard edge  p -> q   q holds a mode on p's lock that conflicts with p's request
    soft edge  p -> q   q is ahead of p in the lock's wait queue and q's request
                        conflicts with p's (p cannot be granted before q)

If a path of edges leads from me back to me, nobody on it can ever proceed: I am the
victim, leave the queue and raise 40P01.

Lock groups (a parallel query's leader and its workers) are one node of the graph, as in
PostgreSQL: no member has an edge to another (they never block each other), a node's
edges are those of every member that waits, and a path back to any member of my group is
a cycle (the leader waits for its workers' tuple queues, outside the lock table: a worker
waiting for a process that waits for its leader is deadlocked). Only the process whose timer expired checks, and
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
    """The procs `proc` waits for (hard edges first, then soft), without duplicates and
    without the members of its own lock group (they never block it: group locking).
    LockManagerLock must be held."""
    wait_lock, mode, status, _, _ = lt.proc_wait(proc)
    if status != lt.WAITING or wait_lock == lt.NONE:
        return []
    lock = lt.lock_at(wait_lock)
    conflict = lock_modes.CONFLICTS[mode]
    mine = _node(proc)
    out: list[int] = []
    for _, holder, mask in lt.holders(lock):
        if mask & conflict and _node(holder) != mine and holder not in out:
            out.append(holder)
    for other, other_mode in lt.wait_queue(lock):
        if other == proc:
            break
        if conflict & (1 << other_mode) and _node(other) != mine and other not in out:
            out.append(other)
    return out


def _node(proc: int) -> int:
    """The waits-for graph's node of `proc`: its lock group's leader, or itself."""
    leader = lt.group_leader(proc)
    return proc if leader == lt.NONE else leader


def _members(node: int) -> list[int]:
    """The procs of a node that wait for a lock: the node's proc itself, or every waiting
    member of its lock group (the leader first)."""
    if lt.group_leader(node) == lt.NONE:
        return [node]
    return [node] + [p for p in lt.waiting_procs() if p != node and lt.group_leader(p) == node]


def _edge(proc: int, blocked_by: int) -> Edge:
    wait_lock, mode, _, _, _ = lt.proc_wait(proc)
    return proc, lt.lock_at(wait_lock).tag, mode, blocked_by


def find_cycle(me: int) -> list[Edge] | None:
    """A cycle of waits through `me`'s node, as edges starting with my node's, or None.
    A lock group (a parallel query's leader and workers) is one node: its edges are those
    of each member that waits, and a path that comes back to any member closes the cycle
    (the leader waits for its workers' rows outside the lock table, so a worker blocked
    by someone who waits for the leader, or for another worker, is deadlocked).
    LockManagerLock must be held (shared is enough)."""
    start = _node(me)
    on_path: list[int] = []
    steps: list[tuple[int, int]] = []  # (the member that waits, the proc it waits for)
    cleared: set[int] = set()          # nodes from which no path returns to mine

    def search(node: int) -> bool:
        on_path.append(node)
        members = _members(node)
        if node == start and me in members:
            members = [me] + [p for p in members if p != me]
        for member in members:
            for blocker in blockers(member):
                steps.append((member, blocker))
                following = _node(blocker)
                if following == start:
                    return True
                if following not in on_path and following not in cleared \
                        and search(following):
                    return True
                steps.pop()
        on_path.pop()
        cleared.add(node)
        return False

    if not search(start):
        return None
    return [_edge(member, blocker) for member, blocker in steps]


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
    # "blocked by" names the next line's process, as DeadLockReport does: in a lock
    # group that is the member that waits, not the one holding the lock
    following = [waiter for waiter, _, _, _ in cycle[1:]] + [cycle[0][0]]
    lines = [f"Process {pids.get(waiter, 0)} waits for {lock_modes.MODE_NAMES[mode]} on "
             f"{describe(tag)}; blocked by process {pids.get(blocker, 0)}."
             for (waiter, tag, mode, _), blocker in zip(cycle, following)]
    return PgError(DEADLOCK_DETECTED, "deadlock detected", detail="\n".join(lines),
                   hint="See server log for query details.")
