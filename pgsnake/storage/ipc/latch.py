"""Latches: how a process sleeps until another process (or a signal) wakes it.

Each proc-array slot owns one latch, an eventfd the postmaster creates before it forks
anything, so every process inherits every latch. Setting a latch is one 8-byte write to
its eventfd; waiting is a `poll` on the process's own latch plus, when asked, a socket
and the postmaster-alive pipe. So a sleeping process wakes for exactly four reasons: its
latch was set, its socket became readable, the timeout expired, or the postmaster died.
Nothing ever polls in a loop with sleeps.

Protocol (the same as PostgreSQL's, and for the same reason: no lost wake-ups)
    loop:
        reset_my_latch()
        if the condition I wait for holds: break
        wait(...)
The waker first makes the condition true (in shared memory, under whatever LWLock
protects it) and then sets the latch. If the set happens between our check and our
wait, the eventfd stays readable and the wait returns at once.

Signal handlers call `set_my_latch()`, so SIGINT (cancel), SIGTERM, SIGALRM (timeouts)
and SIGUSR1 wake a waiting process immediately; a write to an eventfd is safe there.

A process without a proc slot (the postmaster, initdb, a unit test) gets a private latch
made on first use, which only its own signal handlers can set.

Entry points:
    set_latch(proc_number)   wake the process in that slot
    set_my_latch()           from a signal handler, or to make the next wait return
    reset_my_latch()
    wait(timeout, socket_fd=None, postmaster_death=True, socket_writeable=False)
                             -> set of WL_* events

Measured wake-up latency (set_latch in one process to wait() returning in another,
idle 2-core machine): about 40 µs median; see storage/lmgr/README.md.

PostgreSQL: storage/ipc/latch.c (SetLatch, ResetLatch, WaitLatch, WaitLatchOrSocket).
"""
from __future__ import annotations

import os
import select

from pgsnake.storage.ipc import postmaster_alive, shared_memory
from pgsnake.utils import process_state, timeouts
from pgsnake.utils.errors import FatalError

WL_LATCH_SET = "latch set"
WL_SOCKET_READABLE = "socket readable"
WL_SOCKET_WRITEABLE = "socket writeable"
WL_TIMEOUT = "timeout"
WL_POSTMASTER_DEATH = "postmaster death"

ADMIN_SHUTDOWN = "57P01"

_slot_fds: list[int] = []     # one eventfd per proc slot, inherited through fork
_private_fd = -1              # a process without a slot uses this one


def _create_latches(region: shared_memory.Region) -> None:
    """Runs in the postmaster (or initdb) when the segment is made, and again after a
    crash-restart: by then every child is gone, so the old eventfds can be closed and any
    wake-up a dead process left pending is dropped with them."""
    from pgsnake.storage.ipc import proc_array
    for fd in _slot_fds:
        os.close(fd)
    _slot_fds.clear()
    flags = os.EFD_NONBLOCK | os.EFD_CLOEXEC
    _slot_fds.extend(os.eventfd(0, flags) for _ in range(proc_array.slot_count()))


# The latches are file descriptors, not bytes; the region only ties their creation to
# the segment's life cycle (shared_memory rule 3).
shared_memory.request_region("Latches", lambda: 8, _create_latches)


def _my_fd() -> int:
    global _private_fd
    n = process_state.proc_number
    if 0 <= n < len(_slot_fds):
        return _slot_fds[n]
    if _private_fd < 0:
        _private_fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
    return _private_fd


def latch_fd(proc_number: int) -> int:
    return _slot_fds[proc_number]


def set_latch(proc_number: int) -> None:
    """Wake the process in slot `proc_number` (a no-op if its latch is already set)."""
    if 0 <= proc_number < len(_slot_fds):
        _write(_slot_fds[proc_number])


def set_my_latch() -> None:
    _write(_my_fd())


def _write(fd: int) -> None:
    try:
        os.eventfd_write(fd, 1)
    except BlockingIOError:   # counter saturated: it is set, which is all we need
        pass


def reset_my_latch() -> None:
    try:
        os.eventfd_read(_my_fd())
    except BlockingIOError:
        pass


def wait(timeout: float | None, socket_fd: int | None = None, *,
         postmaster_death: bool = True, socket_writeable: bool = False) -> set[str]:
    """Sleep until the latch is set, `socket_fd` is readable (writeable, with
    `socket_writeable`), `timeout` seconds pass (None: no limit) or the postmaster dies.
    Does not reset the latch. A socket error or hang-up counts as ready: the next read
    or write on it reports the error.

    With `postmaster_death` (the default) the death of the postmaster raises FATAL
    57P01 here, as PostgreSQL's WL_EXIT_ON_PM_DEATH does; pass False to get
    WL_POSTMASTER_DEATH back instead (processes that must finish something first)."""
    poller = select.poll()
    latch = _my_fd()
    poller.register(latch, select.POLLIN)
    if socket_fd is not None:
        poller.register(socket_fd, select.POLLOUT if socket_writeable else select.POLLIN)
    death_fd = postmaster_alive.fileno() if process_state.is_under_postmaster else -1
    if death_fd >= 0:
        poller.register(death_fd, select.POLLIN)
    millis = None if timeout is None else max(0, int(timeout * 1000 + 0.999))
    try:
        ready = poller.poll(millis)
    except InterruptedError:   # PEP 475 retries; only reached with a handler that raised
        ready = []
    events = set()
    for fd, _ in ready:
        if fd == latch:
            events.add(WL_LATCH_SET)
        elif fd == death_fd:
            events.add(WL_POSTMASTER_DEATH)
        else:
            events.add(WL_SOCKET_WRITEABLE if socket_writeable else WL_SOCKET_READABLE)
    if WL_POSTMASTER_DEATH in events and postmaster_death:
        raise FatalError(ADMIN_SHUTDOWN, "terminating connection due to unexpected postmaster exit")
    if not ready:
        events.add(WL_TIMEOUT)
    return events


# A timeout (SIGALRM) wakes a process sleeping on its latch (utils/timeouts.py).
timeouts.add_wakeup_hook(set_my_latch)
