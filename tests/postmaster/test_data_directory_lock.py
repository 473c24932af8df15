# The data-directory interlock: a second postmaster is refused while any process holding
# the first one's lock lives, even after the first postmaster itself has died, with
# PostgreSQL's FATAL text and hint; it is free again once the last holder exits. Children
# inherit the lock through fork; a program started with exec does not.
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from pgsnake.postmaster import data_directory_lock
from pgsnake.utils.errors import PgError


def _holder_child(datadir: str, release_r: int) -> int:
    """A 'postmaster' that takes the lock, forks a 'backend' and dies; the backend keeps
    the lock until `release_r` becomes readable. Returns the backend's pid."""
    pid_r, pid_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            data_directory_lock.acquire(datadir)
            backend = os.fork()
            if backend == 0:
                os.read(release_r, 1)    # until the test says so
                os._exit(0)
            os.write(pid_w, str(backend).encode())
        finally:
            os._exit(0)                  # the postmaster dies; its backend lives on
    os.waitpid(pid, 0)
    os.close(pid_w)
    backend = int(os.read(pid_r, 32).decode())
    os.close(pid_r)
    return backend


def test_second_postmaster_refused_while_an_old_process_lives(tmp_path):
    datadir = str(tmp_path)
    release_r, release_w = os.pipe()
    _holder_child(datadir, release_r)
    try:
        with pytest.raises(PgError) as refused:
            data_directory_lock.acquire(datadir)
        err = refused.value
        assert err.severity == "FATAL" and err.sqlstate == "F0001"
        key = os.stat(datadir).st_ino
        ident = os.stat(os.path.join(datadir, data_directory_lock.LOCK_FILE_NAME)).st_ino
        assert err.message == (f"pre-existing shared memory block (key {key}, ID {ident}) "
                               "is still in use")
        assert err.hint == f'Terminate any old server processes associated with data directory "{datadir}".'
    finally:
        os.write(release_w, b"x")
        os.close(release_w)
        os.close(release_r)
    lock = _acquire_within(datadir, seconds=10)
    os.close(lock.fd)


def test_an_exec_d_program_does_not_hold_the_lock(tmp_path):
    lock = data_directory_lock.acquire(str(tmp_path))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                               close_fds=False)
    try:
        os.close(lock.fd)
        # exec closes the descriptor; the kernel may drop the lock a moment after Popen
        # returns (the last reference goes at the end of the exec), so allow that moment.
        again = _acquire_within(str(tmp_path), seconds=10)
        assert sleeper.poll() is None, "the program must still run for the test to mean anything"
        os.close(again.fd)
    finally:
        sleeper.kill()
        sleeper.wait()


def _acquire_within(datadir: str, seconds: float):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return data_directory_lock.acquire(datadir)
        except PgError:
            assert time.monotonic() < deadline, "the lock outlived every holder"
            time.sleep(0.02)
