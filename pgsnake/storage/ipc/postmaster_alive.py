"""Knowing when the postmaster has died: the postmaster-alive pipe.

The postmaster makes a pipe before it forks anything and keeps the write end; every child
closes its copy of the write end first thing after fork. Nobody ever writes to the pipe,
so its read end becomes readable (end of file) exactly when the last holder of the write
end, the postmaster, is gone, however it died. A child that waits (`latch.wait`) includes
the read end in its poll set, so one sleep wakes for its latch, its socket, a timeout or
the postmaster's death, and it never has to poll for the latter.

Entry points:
    create()                 postmaster, once, before the first fork
    close_write_end_in_child()   every child, first thing after fork
    fileno()                 the read end, for poll sets (-1 outside a postmaster's tree)
    postmaster_is_alive()    a cheap non-blocking check

Why the postmaster's death must end its children: they would otherwise go on serving
from a cluster that no supervisor watches, and a new postmaster started on the same data
directory would run beside them with a second shared-memory segment (split brain). The
data-directory interlock (postmaster/data_directory_lock.py) refuses such a start while
any old process lives; this pipe is what makes the old processes go away.

PostgreSQL: storage/ipc/pmsignal.c (PostmasterIsAliveInternal, postmaster_alive_fds),
postmaster/postmaster.c (InitPostmasterDeathWatchHandle).
"""
from __future__ import annotations

import os
import select

_read_fd = -1
_write_fd = -1


def create() -> None:
    """Make the pipe (postmaster only). Both ends are close-on-exec: a program the server
    runs (archive_command, later) must not keep the postmaster 'alive'."""
    global _read_fd, _write_fd
    if _read_fd >= 0:
        return
    _read_fd, _write_fd = os.pipe2(os.O_CLOEXEC)
    os.set_blocking(_read_fd, False)


def close_write_end_in_child() -> None:
    global _write_fd
    if _write_fd >= 0:
        os.close(_write_fd)
        _write_fd = -1


def fileno() -> int:
    return _read_fd


def postmaster_is_alive() -> bool:
    """True when not under a postmaster at all (initdb, unit tests), or while the write
    end is still open somewhere."""
    if _read_fd < 0 or _write_fd >= 0:
        return True
    try:
        ready, _, _ = select.select([_read_fd], [], [], 0)
    except (OSError, ValueError):
        return False
    return not ready
