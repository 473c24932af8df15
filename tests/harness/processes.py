"""Process inspection through /proc: who is a child of whom, process titles, kill -9.

Entry points:
    process_title(pid)        the title a process shows in ps (its rewritten argv)
    parent_pid(pid)           ppid from /proc/PID/stat
    is_alive(pid)             exists and is not a zombie
    descendants(pid)          every process below pid, children first-level and deeper
    kill_and_wait(pids, sig)  signal every pid and wait until none is alive
    read_pid_file(path)       postmaster.pid parsed into PidFile

PostgreSQL: port/pg_ps_status (init_ps_display, set_ps_display); utils/init/miscinit.c
(CreateLockFile, the postmaster.pid layout)
"""
from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass


def _read_stat(pid: int) -> tuple[str, int] | None:
    """(state letter, ppid) of pid, or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read().decode("utf-8", "replace")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name (field 2) may itself contain spaces and ')': everything
    # after the LAST ')' is the fixed-format part.
    rest = data[data.rfind(")") + 2:].split()
    return rest[0], int(rest[1])


def parent_pid(pid: int) -> int | None:
    stat = _read_stat(pid)
    return None if stat is None else stat[1]


def is_alive(pid: int) -> bool:
    """True while the process exists and has not exited (a zombie counts as gone)."""
    stat = _read_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def process_title(pid: int) -> str | None:
    """The process title as ps shows it: argv joined by spaces, NUL padding removed."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            raw = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return " ".join(part.decode("utf-8", "replace") for part in raw.split(b"\0") if part).strip()


def all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def children(pid: int) -> list[int]:
    """Direct, living children of pid."""
    result = []
    for candidate in all_pids():
        stat = _read_stat(candidate)
        if stat is not None and stat[1] == pid and stat[0] not in ("Z", "X"):
            result.append(candidate)
    return sorted(result)


def descendants(pid: int) -> list[int]:
    """All living processes below pid (children, grandchildren, ...)."""
    parent_of = {}
    for candidate in all_pids():
        stat = _read_stat(candidate)
        if stat is not None and stat[0] not in ("Z", "X"):
            parent_of[candidate] = stat[1]
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parent_of.items():
            if parent == current and child not in found:
                found.append(child)
                frontier.append(child)
    return sorted(found)


def kill_and_wait(pids: list[int], sig: int = signal.SIGKILL, timeout: float = 10.0) -> list[int]:
    """Send sig to every pid; wait until all are gone. Returns the pids still alive."""
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    alive = [p for p in pids if is_alive(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        _reap_own_children()
        alive = [p for p in alive if is_alive(p)]
    # A dead process stays a zombie until its parent (often init) reaps it, and
    # kill(pid, 0) still succeeds on a zombie: a server that checks whether the
    # old postmaster.pid owner lives would wrongly refuse to start. Wait, briefly,
    # for the zombies to vanish too.
    zombie_deadline = time.monotonic() + 5.0
    while time.monotonic() < zombie_deadline and any(exists(p) for p in pids):
        _reap_own_children()
        time.sleep(0.02)
    return alive


def exists(pid: int) -> bool:
    """True while /proc/PID exists at all (zombies included)."""
    return _read_stat(pid) is not None


def _reap_own_children() -> None:
    # If a server process happens to be our own child, collect it so that it
    # does not linger as a zombie.
    try:
        while True:
            pid, _ = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
    except ChildProcessError:
        pass


@dataclass
class PidFile:
    """postmaster.pid, PostgreSQL's layout: one fact per line."""
    pid: int
    data_directory: str
    start_time: int
    port: int
    socket_directory: str
    listen_address: str
    shmem_key: str
    status: str
    lines: list[str]


def read_pid_file(path: str) -> PidFile | None:
    """Parse postmaster.pid; None if missing or too short to be complete."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except FileNotFoundError:
        return None
    if len(lines) < 8 or not lines[0].strip().isdigit():
        return None
    return PidFile(
        pid=int(lines[0].strip()),
        data_directory=lines[1],
        start_time=int(lines[2].strip() or 0),
        port=int(lines[3].strip() or 0),
        socket_directory=lines[4],
        listen_address=lines[5],
        shmem_key=lines[6],
        status=lines[7].strip(),
        lines=lines,
    )
