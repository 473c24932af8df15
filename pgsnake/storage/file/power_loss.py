"""Power-loss simulation: journal what no fsync has made durable yet, and after the server
was killed roll the files back to a state a real power failure could have left.

kill -9 keeps the operating system's page cache: every write() a process made is still
there after it dies, fsynced or not. A power failure keeps only what was fsynced (and,
for names, what a directory fsync made durable), plus any part of the rest the OS
happened to write back. So a missing fsync, or an acknowledgement sent before one, is
invisible to kill -9 tests; this module makes it visible.

While journalling is on (fault_injection.arm(..., power_loss=True)), every server
process appends a record to its own journal file, <control>/journal/<pid>.<start>.log,
before each change to a durable file:
    WRITE     path, offset, length, the file size before, and the bytes it overwrites
              (the pre-image; omitted when all zeros)
    TRUNCATE  path, new length, old size, and the bytes it cuts off
    SYNC      path: an fsync/fdatasync made the file's data durable (the record replaces
              the real system call, see fault_injection.sync)
    CREATE    path: the file did not exist before this open
    UNLINK    path, and a hard link to the file kept in <control>/stash/
    RENAME    source, target, and a stash link to the file the rename replaced
    MKDIR     a directory created
    DIRSYNC   a directory fsync: names created, renamed or removed in it are durable
Records carry CLOCK_MONOTONIC nanoseconds (one clock for all processes) and a per-process
sequence number, so the journals merge into one history.

`power_loss(control, datadir, mode=...)` runs after every server process is dead:
1. Merge the journals. Follow each file through renames (an identity per file).
2. A WRITE or TRUNCATE is durable if a SYNC of the same file follows it; a CREATE,
   UNLINK, MKDIR or RENAME is durable if a DIRSYNC of its directory (both, for a rename)
   follows it.
3. Walk the history backwards, undoing what is not durable: restore pre-images and old
   sizes, remove unsynced creations, put back unsynced removals and renames.
   mode "drop": undo every non-durable write (the state at the last fsyncs).
   mode "random": for each file keep a random prefix of its non-durable writes and undo
   the rest, tearing the first undone write at a 512-byte sector boundary half of the
   time (a partly written page): what an OS writing back in file order could leave.
   Names are always undone when not durable.
4. Clear the journal and the stash: the rolled-back files are the new durable state.

Rules
1. A record is appended (O_APPEND, to a file of this process's own) *before* the
   change it describes, so an interrupted change is always undone. A record cut short by
   SIGKILL can only be the last of its file, and is ignored: its change never began.
2. A SYNC is recorded after the decision that the fsync succeeded; a write journalled
   before an fsync whose data reached the file after it is treated as durable: less
   harsh than a real power failure, never harsher.
3. Only paths inside the data directory are ever changed by the rollback.

Where we differ from a real power failure: names are all-or-nothing per directory fsync;
in "random" mode a file's writes survive in order; file sizes grown by an unsynced
extension that survives are kept exactly.

PostgreSQL has no counterpart; the model is SQLite's crash simulator (src/test6.c).
"""
from __future__ import annotations

import dataclasses
import errno
import os
import random
import shutil
import struct
import time

JOURNAL_DIRECTORY = "journal"
STASH_DIRECTORY = "stash"
SECTOR = 512

WRITE, SYNC, CREATE, RENAME, UNLINK, TRUNCATE, DIRSYNC, MKDIR = range(1, 9)
KIND_NAMES = {WRITE: "write", SYNC: "sync", CREATE: "create", RENAME: "rename",
              UNLINK: "unlink", TRUNCATE: "truncate", DIRSYNC: "dirsync", MKDIR: "mkdir"}
ZERO_PRE_IMAGE = 1                    # flag: the pre-image is all zeros and not stored

_MAGIC = 0x504C4A31                   # 'PLJ1'
# magic, kind, flags, pid, seq, timestamp, offset, length, old size, path, path2, payload
_HEADER = struct.Struct("<IBBxxIQqqqqHHI")


class _Process:
    control = ""
    tracking = False
    fd = -1
    pid = 0
    seq = 0


def attach(control_directory: str) -> None:
    _Process.control = control_directory
    _Process.tracking = False
    _Process.pid = 0


def set_tracking(on: bool) -> None:
    _Process.tracking = on


# ---- journalling (server processes) ------------------------------------------------------

def _append(kind: int, path: str, *, path2: str = "", offset: int = 0, length: int = 0,
            old_size: int = -1, payload: bytes = b"", flags: int = 0) -> None:
    if _Process.pid != os.getpid():
        directory = os.path.join(_Process.control, JOURNAL_DIRECTORY)
        os.makedirs(directory, exist_ok=True)
        # One file per process lifetime (a recycled pid gets a new one), so a record cut
        # short by SIGKILL is always the last of its file (rule 1).
        name = f"{os.getpid()}.{time.monotonic_ns()}.log"
        _Process.fd = os.open(os.path.join(directory, name),
                              os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _Process.pid = os.getpid()
        _Process.seq = 0
    _Process.seq += 1
    first = os.path.abspath(path).encode()
    second = path2.encode()
    header = _HEADER.pack(_MAGIC, kind, flags, _Process.pid, _Process.seq, time.monotonic_ns(),
                          offset, length, old_size, len(first), len(second), len(payload))
    record = memoryview(b"".join((header, first, second, payload)))
    while record:                       # rule 1; the file is this process's alone
        record = record[os.write(_Process.fd, record):]


def _stash(path: str) -> str:
    """Keep the file at `path` reachable after it is removed or replaced: a hard link
    (a copy if the stash is on another file system)."""
    directory = os.path.join(_Process.control, STASH_DIRECTORY)
    os.makedirs(directory, exist_ok=True)
    _Process.seq += 1
    name = os.path.join(directory, f"{os.getpid()}.{_Process.seq}.{time.monotonic_ns()}")
    try:
        os.link(path, name)
    except OSError:
        shutil.copyfile(path, name)
    return name


def _read_back(fd: int, path: str, length: int, offset: int) -> bytes:
    """`length` bytes at `offset`, also when `fd` is write-only (O_WRONLY files)."""
    if length <= 0:
        return b""
    try:
        return os.pread(fd, length, offset)
    except OSError as e:
        if e.errno != errno.EBADF:
            raise
    reader = os.open(path, os.O_RDONLY)
    try:
        return os.pread(reader, length, offset)
    finally:
        os.close(reader)


def record_write(fd: int, path: str, offset: int, length: int) -> None:
    size = os.fstat(fd).st_size
    keep = max(0, min(offset + length, size) - offset)
    pre_image = _read_back(fd, path, keep, offset)
    zero = pre_image.count(0) == len(pre_image)
    _append(WRITE, path, offset=offset, length=length, old_size=size,
            payload=b"" if zero else pre_image, flags=ZERO_PRE_IMAGE if zero else 0)


def record_truncate(fd: int, path: str, length: int) -> None:
    size = os.fstat(fd).st_size
    tail = _read_back(fd, path, size - length, length)
    _append(TRUNCATE, path, offset=length, old_size=size, payload=tail)


def record_open_truncate(path: str) -> None:
    """An open with O_TRUNC of an existing file: a truncation to 0."""
    try:
        with open(path, "rb") as f:
            content = f.read()
    except FileNotFoundError:
        return
    _append(TRUNCATE, path, offset=0, old_size=len(content), payload=content)


def record_sync(path: str) -> None:
    _append(SYNC, path)


def record_directory_sync(path: str) -> None:
    _append(DIRSYNC, path)


def record_create(path: str) -> None:
    _append(CREATE, path)


def record_mkdir(path: str) -> None:
    _append(MKDIR, path)


def record_unlink(path: str) -> None:
    _append(UNLINK, path, path2=_stash(path))


def record_rename(source: str, target: str) -> None:
    replaced = _stash(target) if os.path.lexists(target) else ""
    _append(RENAME, source, path2=os.path.abspath(target), payload=replaced.encode())


# ---- reading the journal --------------------------------------------------------------

@dataclasses.dataclass
class Record:
    kind: int
    flags: int
    pid: int
    seq: int
    timestamp: int
    offset: int
    length: int
    old_size: int
    path: str
    path2: str
    payload: bytes
    index: int = 0
    identity: int = -1             # the file (followed through renames)
    replaced_identity: int = -1    # RENAME: the file the rename replaced

    def pre_image(self) -> bytes:
        """WRITE: the bytes the write overwrote (those below the old size)."""
        if self.flags & ZERO_PRE_IMAGE:
            return bytes(max(0, min(self.offset + self.length, self.old_size) - self.offset))
        return self.payload


def _read_file(path: str) -> list[Record]:
    with open(path, "rb") as f:
        data = f.read()
    records, at = [], 0
    while at + _HEADER.size <= len(data):
        (magic, kind, flags, pid, seq, timestamp, offset, length, old_size, n1, n2,
         n3) = _HEADER.unpack_from(data, at)
        end = at + _HEADER.size + n1 + n2 + n3
        if magic != _MAGIC or end > len(data):
            break                  # rule 1: a record cut short by SIGKILL ends the file
        body = at + _HEADER.size
        records.append(Record(kind, flags, pid, seq, timestamp, offset, length, old_size,
                              data[body:body + n1].decode(),
                              data[body + n1:body + n1 + n2].decode(),
                              data[body + n1 + n2:end]))
        at = end
    return records


def read_journal(control_directory: str) -> list[Record]:
    """Every process's records, merged into one history."""
    directory = os.path.join(control_directory, JOURNAL_DIRECTORY)
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return []
    records = [r for name in names if name.endswith(".log")
               for r in _read_file(os.path.join(directory, name))]
    records.sort(key=lambda r: (r.timestamp, r.pid, r.seq))
    for index, record in enumerate(records):
        record.index = index
    return records


# ---- the rollback -----------------------------------------------------------------------

@dataclasses.dataclass
class PowerLossReport:
    records: int = 0
    writes_undone: int = 0
    writes_kept: int = 0           # not durable, but kept ("random" mode)
    writes_torn: int = 0
    truncations_undone: int = 0
    creations_undone: int = 0
    removals_undone: int = 0
    renames_undone: int = 0
    directories_removed: int = 0

    def summary(self) -> str:
        return ", ".join(f"{f.name.replace('_', ' ')} {getattr(self, f.name)}"
                         for f in dataclasses.fields(self) if getattr(self, f.name))


def power_loss(control_directory: str, data_directory: str, *, mode: str = "drop",
               seed: int | None = None) -> PowerLossReport:
    """Roll the files of `data_directory` back to what a power failure at the moment the
    server was killed could have left (module docstring, steps 1-4). Every server
    process must be dead."""
    if mode not in ("drop", "random"):
        raise ValueError(f"power loss mode must be 'drop' or 'random', not {mode!r}")
    records = read_journal(control_directory)
    report = PowerLossReport(records=len(records))
    root = os.path.abspath(data_directory) + os.sep
    location = _follow_identities(records)                                 # step 1
    durable = _durable_indexes(records)                                    # step 2
    plan = _plan_writes(records, durable, mode, random.Random(seed))
    for record in reversed(records):                                       # step 3
        if record.index in durable or not _inside(record, root):
            continue
        _undo(record, location, plan, report)
    reset(control_directory)                                               # step 4
    return report


def reset(control_directory: str) -> None:
    """Forget the journal and the stash (after a rollback, or to start afresh). A
    journalling process in the same interpreter (a test) starts a new journal file."""
    if _Process.pid == os.getpid():
        os.close(_Process.fd)
        _Process.pid = 0
    for sub in (JOURNAL_DIRECTORY, STASH_DIRECTORY):
        shutil.rmtree(os.path.join(control_directory, sub), ignore_errors=True)


def _inside(record: Record, root: str) -> bool:
    """Rule 3."""
    paths = [record.path] + ([record.path2] if record.kind == RENAME else [])
    return all(p.startswith(root) for p in paths)


def _follow_identities(records: list[Record]) -> dict[int, str | None]:
    """Give each record the identity of the file it concerns; returns where each identity
    is at the end of the history (None: removed)."""
    current: dict[str, int] = {}
    count = 0

    def new() -> int:
        nonlocal count
        count += 1
        return count

    for r in records:
        if r.kind == CREATE:
            r.identity = current[r.path] = new()
        elif r.kind in (WRITE, TRUNCATE, SYNC):
            if r.path not in current:
                current[r.path] = new()        # a file that existed before journalling
            r.identity = current[r.path]
        elif r.kind == UNLINK:
            r.identity = current.pop(r.path, None) or new()
        elif r.kind == RENAME:
            r.identity = current.pop(r.path, None) or new()
            r.replaced_identity = current.get(r.path2, -1)
            current[r.path2] = r.identity
    location: dict[int, str | None] = {i: None for i in range(1, count + 1)}
    for path, identity in current.items():
        location[identity] = path
    return location


def _durable_indexes(records: list[Record]) -> set[int]:
    last_sync: dict[int, int] = {}
    last_dirsync: dict[str, int] = {}
    for r in records:
        if r.kind == SYNC:
            last_sync[r.identity] = r.index
        elif r.kind == DIRSYNC:
            last_dirsync[r.path.rstrip(os.sep)] = r.index
    durable = set()
    for r in records:
        if r.kind in (WRITE, TRUNCATE):
            ok = last_sync.get(r.identity, -1) > r.index
        elif r.kind in (CREATE, UNLINK, MKDIR):
            ok = last_dirsync.get(os.path.dirname(r.path), -1) > r.index
        elif r.kind == RENAME:
            ok = all(last_dirsync.get(os.path.dirname(p), -1) > r.index
                     for p in (r.path, r.path2))
        else:
            ok = True                       # SYNC and DIRSYNC change nothing
        if ok:
            durable.add(r.index)
    return durable


def _plan_writes(records: list[Record], durable: set[int], mode: str,
                 rng: random.Random) -> dict[int, int]:
    """For each non-durable WRITE/TRUNCATE: how many of its bytes survive (0: undone
    entirely; its length: kept). "drop" undoes all of them."""
    plan: dict[int, int] = {}
    by_file: dict[int, list[Record]] = {}
    for r in records:
        if r.kind in (WRITE, TRUNCATE) and r.index not in durable:
            by_file.setdefault(r.identity, []).append(r)
            plan[r.index] = 0
    if mode == "random":
        for writes in by_file.values():
            cut = rng.randint(0, len(writes))
            for r in writes[:cut]:
                plan[r.index] = r.length if r.kind == WRITE else -1
            if cut < len(writes) and writes[cut].kind == WRITE and rng.random() < 0.5:
                sectors = writes[cut].length // SECTOR
                if sectors > 1:
                    plan[writes[cut].index] = rng.randint(1, sectors - 1) * SECTOR
    return plan


def _undo(record: Record, location: dict[int, str | None], plan: dict[int, int],
          report: PowerLossReport) -> None:
    kind = record.kind
    if kind == WRITE:
        kept = plan.get(record.index, 0)
        path = location.get(record.identity)
        if kept >= record.length:
            report.writes_kept += 1
        elif path is not None and os.path.exists(path):
            _undo_write(path, record, kept)
            if kept:
                report.writes_torn += 1
            else:
                report.writes_undone += 1
    elif kind == TRUNCATE:
        path = location.get(record.identity)
        if plan.get(record.index, 0) == -1 or path is None or not os.path.exists(path):
            return
        with open(path, "r+b") as f:
            f.truncate(record.old_size if record.old_size < record.offset else record.offset)
            if record.payload:
                f.seek(record.offset)
                f.write(record.payload)
            f.truncate(record.old_size)
        report.truncations_undone += 1
    elif kind == CREATE:
        path = location.get(record.identity)
        if path is not None and os.path.lexists(path):
            os.unlink(path)
        location[record.identity] = None
        report.creations_undone += 1
    elif kind == UNLINK:
        if os.path.exists(record.path2):
            if os.path.lexists(record.path):
                os.unlink(record.path)
            os.rename(record.path2, record.path)
            location[record.identity] = record.path
            report.removals_undone += 1
    elif kind == RENAME:
        path = location.get(record.identity)
        if path is not None and os.path.lexists(path):
            os.rename(path, record.path)
            location[record.identity] = record.path
        replaced = record.payload.decode()
        if replaced and os.path.exists(replaced):
            os.rename(replaced, record.path2)
            location[record.replaced_identity] = record.path2
        report.renames_undone += 1
    elif kind == MKDIR:
        if os.path.isdir(record.path):
            shutil.rmtree(record.path, ignore_errors=True)
            prefix = record.path.rstrip(os.sep) + os.sep
            for identity, path in location.items():
                if path is not None and path.startswith(prefix):
                    location[identity] = None
            report.directories_removed += 1


def _undo_write(path: str, record: Record, kept: int) -> None:
    """Put back the bytes of `record` from `record.offset + kept` on, and the file size
    before it (a torn write keeps its first `kept` bytes)."""
    pre_image = record.pre_image()
    start = record.offset + kept
    with open(path, "r+b") as f:
        size = os.fstat(f.fileno()).st_size
        if size > record.old_size:
            f.truncate(max(record.old_size, start))
        restore = pre_image[kept:]
        if restore:
            f.seek(start)
            f.write(restore)
