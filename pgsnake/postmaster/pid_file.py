"""postmaster.pid: the data directory's lock file, in PostgreSQL's format.

    line 1  postmaster PID
    line 2  data directory
    line 3  start time (seconds since the epoch)
    line 4  port
    line 5  first Unix socket directory
    line 6  first listen address
    line 7  shared memory key and id: for pgsnake, the data-directory interlock's two
            numbers (data_directory_lock.py rule 3)
    line 8  status: "starting", "stopping", "ready   ", "standby "

`pgsnake start` waits for status "ready" as `pg_ctl start -w` does. A stale file (its PID
no longer alive) is replaced; a live one means another postmaster owns the directory.
A killed postmaster stays a zombie until its parent reaps it, which can take a while
when that parent is an init process; a zombie runs nothing, so it counts as gone (on
Linux, where /proc says so; PostgreSQL's kill(pid, 0) test counts it as alive). Its
children may still run: that is the interlock's job (data_directory_lock.py).

PostgreSQL: utils/init/miscinit.c (CreateLockFile, AddToDataDirLockFile), include/utils/pidfile.h.
"""
from __future__ import annotations

import os
import time

from pgsnake.utils.errors import FatalError


def read_pid_file(path: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return None


def pid_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    # The state follows the parenthesised command name, which may itself hold ") ".
    return stat[stat.rfind(b")") + 2:][:1] == b"Z"


class PidFile:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []
        self.owned = False

    def create(self, data_directory: str) -> None:
        existing = read_pid_file(self.path)
        if existing:
            try:
                other = int(existing[0])
            except ValueError:
                other = 0
            if other and other != os.getpid() and pid_is_alive(other):
                raise FatalError("F0001", f'lock file "postmaster.pid" already exists',
                                 hint=f'Is another postmaster (PID {other}) running in data '
                                      f'directory "{data_directory}"?')
        self.lines = [str(os.getpid()), data_directory, str(int(time.time())), "", "", "", "", "starting"]
        self._write()
        self.owned = True

    def write_details(self, data_directory: str, port: int, socket_dir: str, listen: str,
                      status: str, shmem_key: int = 0, shmem_id: int = 0) -> None:
        self.lines = [str(os.getpid()), data_directory, self.lines[2] if self.lines else str(int(time.time())),
                      str(port), socket_dir, listen, f"{shmem_key:>9} {shmem_id:>9}", status]
        self._write()

    def set_status(self, status: str) -> None:
        if not self.owned:
            return
        self.lines[7] = status.ljust(8) if status in ("ready", "standby") else status
        self._write()

    def _write(self) -> None:
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(self.lines) + "\n")
        os.replace(tmp, self.path)

    def remove(self) -> None:
        if self.owned:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass
            self.owned = False
