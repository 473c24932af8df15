"""Fault injection for durable files: make chosen file operations of a running server fail,
tear or crash, from outside the server, while it runs. A test facility only.

How a test uses it (tests/harness/faults.py wraps this):
1. Start the server with PGSNAKE_FAULT_INJECTION=<control directory> in its environment
   (file_io.py reads it at import; without it none of this code runs).
2. `arm(control_directory, Fault(...), ..., power_loss=...)` writes the faults, zeroes their
   counters and bumps a generation number; every server process sees the new faults at
   its next file operation. `disarm(control_directory)` removes them.
3. `statistics(control_directory)` says how often each fault matched and fired.

The control directory holds:
    faults.json   the armed faults and the power-loss switch, replaced atomically by arm()
    generation    8 bytes, a counter every process maps (MAP_SHARED) and compares with
                  the generation it loaded: a memory read per file operation, so arming
                  takes effect at once without a stat() per operation
    counters      per fault: matching operations, fires, bytes (u64 each), updated under
                  flock() so "the 3rd write, whichever process does it" means what it says
    journal/, stash/   power_loss.py's undo journal and the files it keeps aside

A Fault matches an operation when its `op`, `path` (fnmatch on the path as the server
names it, relative to the data directory: "base/*/16384*", "pg_wal/0*") and `process`
(the process kind: "backend", "checkpointer", "background writer", "walwriter",
"startup") match. Operations: read, write (within the file), extend (a write past the
end), fsync (fsync, fdatasync and directory fsync), open, create (an open that creates),
truncate, unlink, rename. When it fires:
    skip N          the first N matching operations pass
    times M         fire at most M times (default: every time after `skip`)
    probability p   each candidate fires with probability p (deterministic per `seed`)
    after_bytes B   fire only once the matching writes' bytes exceed B (a filling disk)
What it does (`action`):
    an errno name   "ENOSPC", "EIO", "EACCES", ...: the call raises OSError, as the
                    system call would, and does nothing
    "torn"          a write stores only its first `keep_bytes` (default: half, in whole
                    512-byte sectors) and reports complete success, as a write cut by a
                    power failure would leave the page
    "short"         a write stores its first `keep_bytes` and returns that count
    "crash"         the process SIGKILLs itself before the operation
and `crash_after`   SIGKILL after the action (a torn write, then the power goes)

Power loss: `power_loss=True` in arm() makes every process journal what an fsync has not
made durable yet (power_loss.py); after the test kills the server, power_loss.power_loss()
rolls the files back to what a real power failure could leave.

Rules
1. Nothing here runs unless file_io enabled the facility (file_io rule 1).
2. A fault never fires for a file operation that did not go through file_io.
3. arm() writes faults.json, then zeroes the counters and bumps the generation under the
   counters' lock, so a process that sees the new generation reads the new faults and
   fresh counters, and an operation that matched an old fault is not counted in the new
   counters.

PostgreSQL has no counterpart (its tests use fault-injecting file systems or
injection points, PostgreSQL 17); the model is SQLite's test VFS (test_vfs.c) and crash
simulator (test6.c).
"""
from __future__ import annotations

import dataclasses
import errno
import fcntl
import fnmatch
import json
import mmap
import os
import random
import signal
import struct

from pgsnake.storage.file import power_loss as _journal
from pgsnake.utils import process_state

SPEC_FILE = "faults.json"
GENERATION_FILE = "generation"
COUNTERS_FILE = "counters"
OPERATIONS = ("read", "write", "extend", "fsync", "open", "create", "truncate", "unlink",
              "rename")
ACTIONS_ON_DATA = ("torn", "short")
SECTOR = 512
_COUNTER = struct.Struct("<QQQ")          # hits, fired, bytes


@dataclasses.dataclass(frozen=True)
class Fault:
    """One armed fault (see the module docstring for the meaning of each field)."""
    action: str
    op: str | tuple[str, ...] = "write"
    path: str = "*"
    process: str = "*"
    skip: int = 0
    times: int | None = None
    probability: float = 1.0
    after_bytes: int | None = None
    keep_bytes: int | None = None
    crash_after: bool = False
    seed: int = 0

    def __post_init__(self) -> None:
        ops = (self.op,) if isinstance(self.op, str) else tuple(self.op)
        unknown = [o for o in ops if o not in OPERATIONS and o != "*"]
        if unknown:
            raise ValueError(f"unknown file operation(s) {unknown}; known: {OPERATIONS}")
        if self.action not in ACTIONS_ON_DATA + ("crash",) and not hasattr(errno, self.action):
            raise ValueError(f"unknown fault action {self.action!r}")
        object.__setattr__(self, "op", ops)

    def matches(self, op: str, path: str) -> bool:
        return ((op in self.op or "*" in self.op)
                and fnmatch.fnmatchcase(path, self.path)
                and fnmatch.fnmatchcase(process_state.process_kind, self.process))

    def to_json(self) -> dict:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @classmethod
    def from_json(cls, data: dict) -> "Fault":
        return cls(**{k: (tuple(v) if k == "op" and isinstance(v, list) else v)
                      for k, v in data.items()})


@dataclasses.dataclass(frozen=True)
class FaultStatistics:
    hits: int        # operations the fault matched
    fired: int       # times it acted
    bytes: int       # bytes of the matching writes


# ---- the test's side: arming ------------------------------------------------------------

def arm(control_directory: str, *faults: Fault, power_loss: bool | None = None) -> None:
    """Replace the armed faults (rule 3). `power_loss` None keeps the current switch."""
    os.makedirs(control_directory, exist_ok=True)
    if power_loss is None:
        power_loss = _read_spec(control_directory)[1]
    spec = {"power_loss": bool(power_loss), "faults": [f.to_json() for f in faults]}
    temporary = os.path.join(control_directory, SPEC_FILE + ".tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(spec, f)
    os.replace(temporary, os.path.join(control_directory, SPEC_FILE))
    # Zero the counters and bump the generation under the counters' lock: a process
    # still counting against the old faults either finished before (and its counts are
    # zeroed) or sees the new generation once it has the lock, and counts nothing.
    fd = os.open(os.path.join(control_directory, COUNTERS_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, bytes(_COUNTER.size * len(faults)), 0)
        _bump_generation(control_directory)
    finally:
        os.close(fd)


def disarm(control_directory: str, *, power_loss: bool | None = None) -> None:
    """No faults any more; power-loss journalling as `power_loss` says (None: unchanged)."""
    arm(control_directory, power_loss=power_loss)


def statistics(control_directory: str) -> list[FaultStatistics]:
    try:
        with open(os.path.join(control_directory, COUNTERS_FILE), "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return []
    return [FaultStatistics(*_COUNTER.unpack_from(data, at))
            for at in range(0, len(data) - _COUNTER.size + 1, _COUNTER.size)]


def _bump_generation(control_directory: str) -> None:
    path = os.path.join(control_directory, GENERATION_FILE)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        current = os.pread(fd, 8, 0).ljust(8, b"\0")
        os.pwrite(fd, struct.pack("<Q", struct.unpack("<Q", current)[0] + 1), 0)
    finally:
        os.close(fd)


def _read_spec(control_directory: str) -> tuple[list[Fault], bool]:
    try:
        with open(os.path.join(control_directory, SPEC_FILE), encoding="utf-8") as f:
            spec = json.load(f)
    except FileNotFoundError:
        return [], False
    return [Fault.from_json(d) for d in spec.get("faults", ())], bool(spec.get("power_loss"))


# ---- the server's side: which faults are armed ---------------------------------------

class _State:
    directory = ""
    generation: memoryview | None = None   # the mapped counter, 'Q' view
    mapping: mmap.mmap | None = None
    loaded = -1                            # generation of `faults`
    faults: list[Fault] = []
    tracking = False                       # power-loss journalling on
    counters_fd = -1
    counters_pid = 0


def attach(control_directory: str) -> None:
    """Map the generation counter of `control_directory` (created if missing)."""
    detach()
    os.makedirs(control_directory, exist_ok=True)
    path = os.path.join(control_directory, GENERATION_FILE)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_size < 8:
            os.ftruncate(fd, 8)
        _State.mapping = mmap.mmap(fd, 8, mmap.MAP_SHARED, mmap.PROT_READ)
    finally:
        os.close(fd)
    _State.generation = memoryview(_State.mapping).cast("Q")
    _State.directory = control_directory
    _State.loaded = -1
    _journal.attach(control_directory)


def detach() -> None:
    if _State.generation is not None:
        _State.generation.release()
        _State.mapping.close()
    if _State.counters_pid == os.getpid():
        os.close(_State.counters_fd)
    _State.counters_fd, _State.counters_pid = -1, 0
    _State.generation = _State.mapping = None
    _State.directory = ""
    _State.faults, _State.tracking, _State.loaded = [], False, -1
    _journal.set_tracking(False)


def _refresh() -> None:
    generation = _State.generation[0]
    if generation != _State.loaded:
        _State.faults, _State.tracking = _read_spec(_State.directory)
        _State.loaded = generation
        _journal.set_tracking(_State.tracking)


def _counters_fd() -> int:
    if _State.counters_pid != os.getpid():
        _State.counters_fd = os.open(os.path.join(_State.directory, COUNTERS_FILE),
                                     os.O_RDWR | os.O_CREAT, 0o600)
        _State.counters_pid = os.getpid()
    return _State.counters_fd


def _fires(index: int, fault: Fault, nbytes: int) -> bool:
    """Count one matching operation in the shared counters; does the fault fire?"""
    fd = _counters_fd()
    at = index * _COUNTER.size
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        if _State.generation[0] != _State.loaded:
            return False            # re-armed meanwhile: this operation predates it (rule 3)
        raw = os.pread(fd, _COUNTER.size, at).ljust(_COUNTER.size, b"\0")
        hits, fired, total = _COUNTER.unpack(raw)
        hits += 1
        total += nbytes
        fire = (hits > fault.skip
                and (fault.times is None or fired < fault.times)
                and (fault.after_bytes is None or total > fault.after_bytes)
                and (fault.probability >= 1.0
                     or random.Random(f"{fault.seed}:{index}:{hits}").random() < fault.probability))
        if fire:
            fired += 1
        os.pwrite(fd, _COUNTER.pack(hits, fired, total), at)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
    return fire


def _firing(op: str, path: str, nbytes: int = 0) -> Fault | None:
    for index, fault in enumerate(_State.faults):
        if fault.matches(op, path) and _fires(index, fault, nbytes):
            return fault
    return None


def _act(fault: Fault, path: str) -> None:
    """The actions that replace the whole operation: an error, or a crash."""
    if fault.action == "crash":
        _crash()
    code = getattr(errno, fault.action)
    raise OSError(code, os.strerror(code), path or None)


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# ---- the instrumented operations (file_io calls these when enabled) ---------------------

def open_file(path: str, flags: int, mode: int) -> int:
    _refresh()
    creating = bool(flags & os.O_CREAT) and not os.path.lexists(path)
    if _State.faults:
        fault = _firing("create" if creating else "open", path)
        if fault is not None:
            _act(fault, path)
    truncating = bool(flags & os.O_TRUNC) and not creating
    if truncating and _State.tracking:
        _journal.record_open_truncate(path)
    fd = os.open(path, flags, mode)
    if creating and _State.tracking:
        _journal.record_create(path)
    return fd


def before_read(path: str, length: int) -> None:
    _refresh()
    if _State.faults:
        fault = _firing("read", path, length)
        if fault is not None:
            _act(fault, path)


def pwrite(fd: int, path: str, data, offset: int) -> int:
    _refresh()
    length = len(data)
    if _State.faults:
        size = os.fstat(fd).st_size
        fault = _firing("extend" if offset + length > size else "write", path, length)
        if fault is not None:
            return _faulty_write(fault, fd, path, data, offset)
    if _State.tracking and path:
        _journal.record_write(fd, path, offset, length)
    return os.pwrite(fd, data, offset)


def _faulty_write(fault: Fault, fd: int, path: str, data, offset: int) -> int:
    if fault.action not in ACTIONS_ON_DATA:
        _act(fault, path)
    length = len(data)
    keep = fault.keep_bytes
    if keep is None:
        keep = (length // 2) // SECTOR * SECTOR
    keep = max(0, min(keep, length))
    if _State.tracking and path:
        _journal.record_write(fd, path, offset, keep)
    written = os.pwrite(fd, memoryview(data)[:keep], offset) if keep else 0
    if fault.crash_after:
        _crash()
    return length if fault.action == "torn" else written


def truncate(fd: int, path: str, length: int) -> None:
    _refresh()
    if _State.faults:
        fault = _firing("truncate", path)
        if fault is not None:
            _act(fault, path)
    if _State.tracking and path:
        _journal.record_truncate(fd, path, length)
    os.ftruncate(fd, length)


def sync(fd: int, path: str, *, data_only: bool) -> None:
    _refresh()
    if _State.faults:
        fault = _firing("fsync", path)
        if fault is not None:
            _act(fault, path)
    if _State.tracking and path:
        # The journal's mark is the simulated fsync: durability is what power_loss()
        # decides from it, so the real (slow) system call is skipped.
        _journal.record_sync(path)
        return
    (os.fdatasync if data_only else os.fsync)(fd)


def sync_directory(path: str) -> None:
    _refresh()
    if _State.faults:
        fault = _firing("fsync", path)
        if fault is not None:
            _act(fault, path)
    if not os.path.isdir(path):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
    if _State.tracking:
        _journal.record_directory_sync(path)
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def unlink(path: str) -> None:
    _refresh()
    if _State.faults:
        fault = _firing("unlink", path)
        if fault is not None:
            _act(fault, path)
    if _State.tracking and os.path.lexists(path):
        _journal.record_unlink(path)
    os.unlink(path)


def rename(source: str, target: str) -> None:
    _refresh()
    if _State.faults:
        fault = _firing("rename", source)
        if fault is not None:
            _act(fault, source)
    if _State.tracking:
        _journal.record_rename(source, target)
    os.rename(source, target)


def make_directories(path: str) -> None:
    _refresh()
    if _State.tracking:
        missing = []
        head = os.path.abspath(path)
        while head and not os.path.isdir(head):
            missing.append(head)
            head = os.path.dirname(head)
        os.makedirs(path, exist_ok=True)
        for directory in reversed(missing):
            _journal.record_mkdir(directory)
        return
    os.makedirs(path, exist_ok=True)
