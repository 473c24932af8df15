"""The data-directory interlock: no postmaster starts while a process of an old one lives.

Two sets of server processes on one data directory, each with its own shared memory
(two buffer pools, two WAL insert positions, two commit logs in memory), overwrite each
other's pages and WAL: acknowledged commits are lost. That happens when a postmaster is
killed (kill -9) while its backends keep running and someone starts a new postmaster.
PostgreSQL prevents it with its System V shared-memory segment: the segment's key is
derived from the data directory, and a new postmaster refuses to start while the old
segment still has processes attached (its nattch count). pgsnake's shared memory is an
anonymous mapping that nothing outside the process tree can see, so the same interlock
is made from a file lock:

 1. The postmaster opens `postmaster.interlock` in the data directory and takes an
    exclusive flock() on it, without waiting, before it creates shared memory
    (`acquire`).
 2. Every child inherits the open file description, and the lock with it: a flock()
    lock belongs to the open file description, not to a process, and is released only
    when the last descriptor referring to it is closed, which is when the last process
    of the old server exits, however it exits (kill -9 included). No child closes it.
 3. While any of them lives, a new postmaster's flock() fails: FATAL "pre-existing
    shared memory block (key K, ID I) is still in use" with PostgreSQL's hint. K is the
    data directory's inode (PostgreSQL derives its key from it), I the lock file's
    inode; both are written to postmaster.pid line 7, where PostgreSQL keeps key and id.
 4. The descriptor is close-on-exec: a program the server runs (archive_command, later)
    does not hold the data directory, as an exec'd program detaches from System V
    shared memory.
 5. The file is never removed, not even at shutdown: a new postmaster that found it
    missing would lock a new file while old processes still held the old one.

The order at start is PostgreSQL's: postmaster.pid first (a live postmaster: "lock file
already exists"), then this interlock (the children of a dead one).

Entry points:
    acquire(data_directory) -> DataDirectoryLock   FatalError F0001 if held
    DataDirectoryLock.key, .id                     the two numbers of rule 3

PostgreSQL: port/sysv_shmem.c (PGSharedMemoryCreate, PGSharedMemoryAttach: the
"pre-existing shared memory block" check), utils/init/miscinit.c (CreateLockFile).
"""
from __future__ import annotations

import dataclasses
import fcntl
import os

from pgsnake.utils.errors import FatalError

LOCK_FILE_NAME = "postmaster.interlock"
LOCK_FILE_EXISTS = "F0001"


@dataclasses.dataclass(frozen=True, slots=True)
class DataDirectoryLock:
    fd: int          # held open for the life of the server and every child (rule 2)
    key: int         # the data directory's inode
    id: int          # the lock file's inode


def acquire(data_directory: str) -> DataDirectoryLock:
    path = os.path.join(data_directory, LOCK_FILE_NAME)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    key = os.stat(data_directory).st_ino
    ident = os.fstat(fd).st_ino
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise FatalError(LOCK_FILE_EXISTS,
                         f"pre-existing shared memory block (key {key}, ID {ident}) is still in use",
                         hint="Terminate any old server processes associated with data "
                              f'directory "{data_directory}".') from None
    return DataDirectoryLock(fd, key, ident)
