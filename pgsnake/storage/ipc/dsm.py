"""Dynamic shared memory: a segment made by one process while the server runs, that
processes forked later (by the postmaster, not by its maker) attach to by name.

A segment is an anonymous memory file (memfd_create) of the maker's, mapped MAP_SHARED.
Its name is "<maker pid>.<fd>": another process of the same user attaches by opening
/proc/<pid>/fd/<fd>, which reaches the same file. Nothing is ever left behind: the file
goes away with the last mapping or descriptor, so a crash (kill -9 of any process) leaks
no segment and the postmaster has nothing to clean up at restart.

Entry points: create(size) -> Segment (the maker), attach(name) -> Segment (others);
Segment.name, .buf (a writable memoryview), .atomics (storage/ipc/atomics over the
segment, offsets from its start), .detach().

Invariant: a segment is only attached while its maker still holds it (the maker detaches
only after every attached process said it is done, or has exited): attaching after the
maker's exit fails with FileNotFoundError, which the caller reports.

PostgreSQL: storage/ipc/dsm.c, dsm_impl.c (dynamic_shared_memory_type = posix: a file
under /dev/shm named PostgreSQL.<n>, cleaned up at restart from a control segment).
"""
from __future__ import annotations

import mmap
import os

from pgsnake.storage.ipc.atomics import AtomicWords


class Segment:
    """One mapping of a dynamic shared memory segment."""

    def __init__(self, name: str, fd: int, size: int, own: bool) -> None:
        self.name = name
        self.size = size
        self._fd = fd
        self._own = own
        self._map = mmap.mmap(fd, size, flags=mmap.MAP_SHARED)
        if not own:
            os.close(fd)           # the mapping keeps the file alive for us
            self._fd = -1
        self.buf = memoryview(self._map)
        self.atomics = AtomicWords(self._map)

    def detach(self) -> None:
        """Unmap (and, for the maker, close the file). Safe to call twice."""
        if self._map is None:
            return
        self.buf.release()
        self.atomics.close()
        try:
            self._map.close()
        except BufferError:
            pass                   # a view someone still holds: the GC unmaps it later
        self._map = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def create(size: int) -> Segment:
    """A new zero-filled segment of `size` bytes (rounded up to whole pages)."""
    size = max(mmap.PAGESIZE, (size + mmap.PAGESIZE - 1) // mmap.PAGESIZE * mmap.PAGESIZE)
    fd = os.memfd_create("pgsnake.dsm", os.MFD_CLOEXEC)
    try:
        os.ftruncate(fd, size)
    except OSError:
        os.close(fd)
        raise
    return Segment(f"{os.getpid()}.{fd}", fd, size, own=True)


def attach(name: str) -> Segment:
    """Map the segment another process made (FileNotFoundError once it is gone)."""
    pid, fd = name.split(".")
    handle = os.open(f"/proc/{int(pid)}/fd/{int(fd)}", os.O_RDWR | os.O_CLOEXEC)
    size = os.fstat(handle).st_size
    return Segment(name, handle, size, own=False)
