"""Simple LRU buffers for the transaction logs (pg_xact, pg_subtrans): a few 8 KB pages of
each log kept in shared memory, read on a miss, written back when a dirty page is chosen
as a victim and at every checkpoint.

One `Slru` object per log, created at import time by the module that owns the log
(commit_log.py, subtrans.py); it asks shared memory for a region holding its buffers.
A log is a sequence of 8 KB pages numbered from 0, stored 32 pages to a segment file
named by four (or more) hex digits: page p is in `<directory>/%04X` % (p // 32), at byte
offset (p % 32) * 8192. What a page holds is its owner's business.

Entry points (methods of `Slru`):
    read_bytes(pageno, offset, length, xid)   copy bytes out of a page (a shared lock
                                              when the page is already in a buffer)
    page_to_change(pageno, xid)               context manager: the page, under the
                                              exclusive lock; marked dirty at exit
    zero_page(pageno, write=False)            a new page of zeroes (dirty, "latest")
    write_all(fsync)                          checkpoint: write every dirty page
    truncate(cutoff_page)                     forget pages and delete whole segments
                                              before cutoff_page's segment
    page_exists(pageno)                       is the page on disk (blks_exists)
    buffer_states()                           (page, status, dirty, lru) per slot
Module functions: `statistics()` (pg_stat_slru's rows), `reset_statistics(name)`.

Shared state of one SLRU: a header (LRU clock, latest page number, counters), then per
slot its page number, status, dirty flag, LRU count and an I/O lock, then the pages.
All of it is guarded by the SLRU's control LWLock (a named lock such as CommitLogLock,
or one embedded in the region), except the counters (atomic adds) and the LRU counts
(bumped under a shared lock, so racy; a lost bump only makes a victim choice slightly
less exact, as in PostgreSQL).

Slot states (the I/O rules):
    EMPTY               no page; page number -1
    READ_IN_PROGRESS    a process is reading the page in
    VALID               the page is in memory (dirty or clean)
    WRITE_IN_PROGRESS   a process is writing the page out; it may still be read and
                        changed (a change sets dirty again, so the page is written again)
Invariants
1. The control lock is needed to look at or change a slot's page number, status and
   dirty flag. "Holding it" means exclusive, except in `read_bytes`' shared fast path,
   which only reads VALID or WRITE_IN_PROGRESS pages.
2. At most one non-EMPTY slot holds a given page; an EMPTY slot's page number is -1.
3. I/O is done without the control lock, holding the slot's I/O lock exclusively. The
   I/O lock is taken while the control lock is still held, and only when no I/O is in
   progress on that slot, so I/O locks never deadlock with the control lock.
4. To wait for another process's I/O: release the control lock, take and drop the
   slot's I/O lock in shared mode, retake the control lock, and look again (anything may
   have changed). If the slot still says "in progress" but its I/O lock is free, that
   I/O failed without cleaning up: the waiter resets the state (EMPTY after a read,
   VALID and dirty after a write).
5. A writer clears the dirty flag *before* it starts writing, so a change made during
   the write re-dirties the page and is written by a later write; the writer sets
   dirty again if its write failed.
6. Replacement: an EMPTY slot if there is one; otherwise the least recently used VALID
   slot, never the latest page (the one being appended to, sure to be used again), the
   older page on a tie. A clean victim is reused at once; a dirty one is written first
   and the choice is made again. If every candidate is in I/O, wait for the least
   recently used one (rule 4) and choose again.
7. Internal functions are entered with the control lock held exclusively and return
   with it held, also when they raise, so a caller's `finally` can release it.

Where we differ from PostgreSQL:
- Page numbers are compared as plain integers: there is no xid wraparound yet, so no
  PagePrecedes functions.
- A page whose file is missing or too short reads as zeroes in any mode (PostgreSQL
  allows that only during recovery): pgsnake clusters made before SLRU buffers have
  short pg_xact files, and pg_xact pages are not always WAL-logged when zeroed.
- Checkpoints fsync every segment file of an fsynced SLRU instead of forwarding sync
  requests for the files written since the last checkpoint.
- Truncation drops dirty pages before the cutoff without writing them (PostgreSQL
  writes them, then deletes their files).
- No group LSNs: pg_xact keeps commit_log.py's rule for synchronous_commit=off.

Files are read, written, fsynced and removed through storage/file/file_io.py; I/O errors
carry errcode_for_file_access()'s SQLSTATE. A failed fsync is a PANIC (see _fsync_files).

PostgreSQL: access/transam/slru.c (SimpleLruInit, SimpleLruZeroPage, SimpleLruReadPage,
SimpleLruReadPage_ReadOnly, SlruInternalWritePage, SimpleLruWaitIO, SlruSelectLRUPage,
SimpleLruWriteAll, SimpleLruTruncate, SimpleLruDoesPhysicalPageExist), utils/activity/
pgstat_slru.c (pg_stat_slru).
"""
from __future__ import annotations

import dataclasses
import errno
import os
import struct
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from pgsnake.storage.file import file_io
from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError, errcode_for_file_access, file_access_error

PAGE_SIZE = 8192
PAGES_PER_SEGMENT = 32

EMPTY = 0
READ_IN_PROGRESS = 1
VALID = 2
WRITE_IN_PROGRESS = 3
STATUS_NAMES = {EMPTY: "empty", READ_IN_PROGRESS: "read in progress", VALID: "valid",
                WRITE_IN_PROGRESS: "write in progress"}

# pg_stat_slru's counters, in its column order; each is a u64 in the region header.
COUNTERS = ("blks_zeroed", "blks_hit", "blks_read", "blks_written", "blks_exists",
            "flushes", "truncates")
# pg_stat_slru's rows, in PostgreSQL's order; an SLRU with another name counts as "other".
PG_STAT_SLRU_NAMES = ("CommitTs", "MultiXactMember", "MultiXactOffset", "Notify", "Serial",
                      "Subtrans", "Xact", "other")

_EMBEDDED_LOCK = 0            # u32: the control lock when no named lock is given
_CUR_LRU = 8                  # i64: the LRU clock
_LATEST_PAGE = 16             # i64: latest page number, -1 if none yet
_COUNTERS_AT = 24             # u64 x len(COUNTERS)
_STATS_RESET = _COUNTERS_AT + 8 * len(COUNTERS)     # f64: time the counters started
_HEADER_SIZE = 128


def _align(value: int, to: int = 64) -> int:
    return (value + to - 1) // to * to


def _layout(nslots: int) -> dict[str, int]:
    """Offsets inside the region: page numbers and LRU counts (i64), status and dirty
    (u32), the I/O lock words (u32), then the pages."""
    at = {"page_number": _HEADER_SIZE}
    at["lru_count"] = at["page_number"] + 8 * nslots
    at["status"] = at["lru_count"] + 8 * nslots
    at["dirty"] = at["status"] + 4 * nslots
    at["io_locks"] = at["dirty"] + 4 * nslots
    at["pages"] = _align(at["io_locks"] + 4 * nslots)
    at["size"] = at["pages"] + PAGE_SIZE * nslots
    return at


_all: dict[str, "Slru"] = {}


class Slru:
    """One SLRU: its buffers in shared memory, its files in `directory`."""

    def __init__(self, name: str, directory: str, nslots: Callable[[], int], *,
                 lock_name: str | None = None, fsync: bool = True) -> None:
        """`nslots()` is asked when the segment is created (it may read settings).
        `lock_name` is one of lwlock.NAMED_LOCKS; None embeds the control lock in the
        region (test SLRUs). `fsync`: checkpoints make the files durable (pg_xact) or
        not (pg_subtrans, rebuilt at every start)."""
        self.name = name
        self.directory = directory
        self.lock_name = lock_name
        self.fsync = fsync
        self._nslots_fn = nslots
        self.nslots = 0
        self._embedded_lock: lwlock.LWLock | None = None
        _all[name] = self
        shared_memory.request_region(f"SLRU {name}",
                                     lambda: _layout(self._slot_count())["size"], self._init)

    def _slot_count(self) -> int:
        n = int(self._nslots_fn())
        if n < 2:
            raise ValueError(f"SLRU {self.name} needs at least 2 buffers, not {n}")
        return n

    def _init(self, region: shared_memory.Region) -> None:
        region.view[:] = bytes(region.size)
        n = self._slot_count()
        at = _layout(n)
        view = region.view
        self.nslots = n
        self._atomics = region.atomics
        self._base = region.offset
        self._header_bytes = view[:_HEADER_SIZE]
        self._header = self._header_bytes.cast("q")
        self._page_number = view[at["page_number"]:at["lru_count"]].cast("q")
        self._lru_count = view[at["lru_count"]:at["status"]].cast("q")
        self._status = view[at["status"]:at["dirty"]].cast("I")
        self._dirty = view[at["dirty"]:at["io_locks"]].cast("I")
        self._io_locks = [lwlock.LWLock(f"{self.name}BufferLock{i}", region.atomics,
                                        region.offset + at["io_locks"] + 4 * i)
                          for i in range(n)]
        self._pages = [view[at["pages"] + PAGE_SIZE * i:at["pages"] + PAGE_SIZE * (i + 1)]
                       for i in range(n)]
        for i in range(n):
            self._page_number[i] = -1
        self._header[_LATEST_PAGE // 8] = -1
        struct.pack_into("<d", self._header_bytes, _STATS_RESET, time.time())
        self._embedded_lock = (lwlock.LWLock(f"{self.name}Lock", region.atomics,
                                             region.offset + _EMBEDDED_LOCK)
                               if self.lock_name is None else None)

    def _control(self) -> lwlock.LWLock:
        # Named locks are looked up on each use: lwlock rebuilds them at every
        # create_segment(), possibly after our own init ran.
        return self._embedded_lock or lwlock.named(self.lock_name)

    # ---- entry points ---------------------------------------------------------------

    def read_bytes(self, pageno: int, offset: int, length: int, xid: int = 0) -> bytes:
        """`length` bytes at `offset` in page `pageno`, read in if needed. `xid` only
        names the transaction in an I/O error (PostgreSQL's "could not access status
        of transaction")."""
        lock = self._control()
        lock.acquire(lwlock.SHARED)
        slot = self._lookup(pageno)
        if slot >= 0:       # invariant 1: a VALID / WRITE_IN_PROGRESS page, shared lock
            try:
                self._recently_used(slot)
                self._count("blks_hit")
                return bytes(self._pages[slot][offset:offset + length])
            finally:
                lock.release()
        lock.release()
        lock.acquire(lwlock.EXCLUSIVE)
        try:
            slot = self._read_page(pageno, True, xid)
            return bytes(self._pages[slot][offset:offset + length])
        finally:
            lock.release()

    @contextmanager
    def page_to_change(self, pageno: int, xid: int = 0) -> Iterator[memoryview]:
        """The page's 8192 bytes, to change under the exclusive control lock; the page is
        marked dirty when the block ends (also if it raised: a half change must still
        be written rather than silently lost)."""
        lock = self._control()
        lock.acquire(lwlock.EXCLUSIVE)
        try:
            slot = self._read_page(pageno, True, xid)
            try:
                yield self._pages[slot]
            finally:
                self._dirty[slot] = 1
        finally:
            lock.release()

    def zero_page(self, pageno: int, *, write: bool = False) -> None:
        """Make `pageno` a page of zeroes in a buffer, dirty, and the latest page (it is
        never chosen as a victim until a newer page is zeroed). `write` writes it out at
        once (bootstrap, redo of a zero-page record)."""
        lock = self._control()
        lock.acquire(lwlock.EXCLUSIVE)
        try:
            slot = self._zero_page(pageno)
            if write:
                self._write_page(slot)
        finally:
            lock.release()

    def set_latest_page(self, pageno: int) -> None:
        """At start-up: the page the next xid falls on (protected from replacement)."""
        lock = self._control()
        with lock.exclusive():
            self._header[_LATEST_PAGE // 8] = pageno

    def write_all(self, fsync: bool | None = None) -> None:
        """Checkpoint: write every dirty page, then (for an fsynced SLRU, unless the
        `fsync` setting is off) fsync every segment file and the directory."""
        lock = self._control()
        lock.acquire(lwlock.EXCLUSIVE)
        try:
            for slot in range(self.nslots):
                self._write_page(slot)
        finally:
            lock.release()
        self._count("flushes")
        if (self.fsync if fsync is None else fsync) and settings.get("fsync"):
            self._fsync_files()

    def truncate(self, cutoff_page: int) -> None:
        """Forget every page before the segment holding `cutoff_page` and delete those
        segments' files. Never removes the latest page's segment."""
        cutoff_page -= cutoff_page % PAGES_PER_SEGMENT
        lock = self._control()
        lock.acquire(lwlock.EXCLUSIVE)
        try:
            latest = self._header[_LATEST_PAGE // 8]
            if latest >= 0:
                cutoff_page = min(cutoff_page, latest - latest % PAGES_PER_SEGMENT)
            restart = True
            while restart:
                restart = False
                for slot in range(self.nslots):
                    status = self._status[slot]
                    if status == EMPTY or self._page_number[slot] >= cutoff_page:
                        continue
                    if status == VALID:
                        self._set_empty(slot)      # dirty or not: its file is going
                        continue
                    # An I/O is under way on a doomed page: let it finish, then look
                    # again (the lock was dropped meanwhile).
                    self._wait_io(slot)
                    restart = True
                    break
        finally:
            lock.release()
        self._count("truncates")
        cutoff_segment = cutoff_page // PAGES_PER_SEGMENT
        for name in self._segment_names():
            if int(name, 16) < cutoff_segment:
                try:
                    file_io.unlink(os.path.join(self.directory, name))
                except FileNotFoundError:
                    pass

    def page_exists(self, pageno: int) -> bool:
        """Is the page on disk? (SimpleLruDoesPhysicalPageExist; buffers are not asked.)"""
        self._count("blks_exists")
        segment, within = divmod(pageno, PAGES_PER_SEGMENT)
        try:
            size = os.stat(self.segment_path(segment)).st_size
        except FileNotFoundError:
            return False
        return size >= (within + 1) * PAGE_SIZE

    def segment_path(self, segment: int) -> str:
        return f"{self.directory}/{segment:04X}"

    def latest_page(self) -> int:
        return self._header[_LATEST_PAGE // 8]

    def buffer_states(self) -> list[tuple[int, str, bool, int]]:
        """(page number, status name, dirty, LRU count) per slot, for tests and
        introspection."""
        lock = self._control()
        with lock.shared():
            return [(self._page_number[i], STATUS_NAMES[self._status[i]],
                     bool(self._dirty[i]), self._lru_count[i]) for i in range(self.nslots)]

    def counters(self) -> dict[str, int]:
        return {name: self._atomics.load_u64(self._base + _COUNTERS_AT + 8 * i)
                for i, name in enumerate(COUNTERS)}

    def stats_reset_time(self) -> float:
        return struct.unpack_from("<d", self._header_bytes, _STATS_RESET)[0]

    def reset_counters(self) -> None:
        for i in range(len(COUNTERS)):
            self._atomics.store_u64(self._base + _COUNTERS_AT + 8 * i, 0)
        struct.pack_into("<d", self._header_bytes, _STATS_RESET, time.time())

    # ---- the buffer protocol (invariant 7: control lock held exclusively) -----------

    def _lookup(self, pageno: int) -> int:
        """The slot holding `pageno` readable without I/O (VALID or WRITE_IN_PROGRESS),
        or -1. Any lock mode."""
        try:
            slot = self._page_number.tolist().index(pageno)
        except ValueError:
            return -1
        return slot if self._status[slot] in (VALID, WRITE_IN_PROGRESS) else -1

    def _recently_used(self, slot: int) -> None:
        lru = self._header[_CUR_LRU // 8]
        if self._lru_count[slot] != lru:
            lru += 1
            self._header[_CUR_LRU // 8] = lru
            self._lru_count[slot] = lru

    def _set_empty(self, slot: int) -> None:
        self._status[slot] = EMPTY
        self._dirty[slot] = 0
        self._page_number[slot] = -1

    def _count(self, counter: str, n: int = 1) -> None:
        self._atomics.fetch_add_u64(self._base + _COUNTERS_AT + 8 * COUNTERS.index(counter), n)

    def _zero_page(self, pageno: int) -> int:
        slot = self._select_slot(pageno)
        self._page_number[slot] = pageno
        self._status[slot] = VALID
        self._dirty[slot] = 1
        self._recently_used(slot)
        self._pages[slot][:] = bytes(PAGE_SIZE)
        self._header[_LATEST_PAGE // 8] = pageno
        self._count("blks_zeroed")
        return slot

    def _read_page(self, pageno: int, write_ok: bool, xid: int) -> int:
        """The slot holding `pageno`, VALID (or WRITE_IN_PROGRESS if `write_ok`), read in
        from disk if needed (SimpleLruReadPage)."""
        while True:
            slot = self._select_slot(pageno)
            if self._page_number[slot] == pageno and self._status[slot] != EMPTY:
                status = self._status[slot]
                if status == READ_IN_PROGRESS or (status == WRITE_IN_PROGRESS and not write_ok):
                    self._wait_io(slot)
                    continue
                self._recently_used(slot)
                self._count("blks_hit")
                return slot
            # A free or clean victim slot: claim it for our read (invariant 3).
            self._page_number[slot] = pageno
            self._status[slot] = READ_IN_PROGRESS
            self._dirty[slot] = 0
            self._recently_used(slot)       # so nobody else picks it as a victim now
            io_lock = self._io_locks[slot]
            io_lock.acquire(lwlock.EXCLUSIVE)
            control = self._control()
            control.release()
            failure: BaseException | None = None
            try:
                self._physical_read(pageno, slot, xid)
            except BaseException as e:
                failure = e
            control.acquire(lwlock.EXCLUSIVE)
            if failure is not None:
                self._set_empty(slot)
                io_lock.release()
                raise failure
            self._status[slot] = VALID
            io_lock.release()
            self._count("blks_read")
            return slot

    def _write_page(self, slot: int) -> None:
        """Write the slot's page if it is dirty (SlruInternalWritePage); after a failed
        write the page stays dirty and the error is raised."""
        pageno = self._page_number[slot]
        # One write at a time per page: wait for a write in progress (rule 4).
        while self._status[slot] == WRITE_IN_PROGRESS and self._page_number[slot] == pageno:
            self._wait_io(slot)
        if (not self._dirty[slot] or self._status[slot] != VALID
                or self._page_number[slot] != pageno):
            return
        self._status[slot] = WRITE_IN_PROGRESS
        self._dirty[slot] = 0                               # invariant 5
        io_lock = self._io_locks[slot]
        io_lock.acquire(lwlock.EXCLUSIVE)
        control = self._control()
        control.release()
        failure: BaseException | None = None
        try:
            self._physical_write(pageno, slot)
        except BaseException as e:
            failure = e
        control.acquire(lwlock.EXCLUSIVE)
        if failure is not None:
            self._dirty[slot] = 1
        self._status[slot] = VALID
        io_lock.release()
        if failure is not None:
            raise failure
        self._count("blks_written")

    def _wait_io(self, slot: int) -> None:
        """Wait until the I/O in progress on `slot` ends (invariant 4)."""
        control = self._control()
        io_lock = self._io_locks[slot]
        control.release()
        try:
            io_lock.acquire(lwlock.SHARED)
            io_lock.release()
        finally:
            control.acquire(lwlock.EXCLUSIVE)
        if self._status[slot] in (READ_IN_PROGRESS, WRITE_IN_PROGRESS):
            held_exclusively, _ = io_lock.state()
            if not held_exclusively:
                # Under the control lock nobody can be starting I/O on this slot, so a
                # free I/O lock means the last I/O died without resetting the state.
                if self._status[slot] == READ_IN_PROGRESS:
                    self._set_empty(slot)
                else:
                    self._status[slot] = VALID
                    self._dirty[slot] = 1

    def _select_slot(self, pageno: int) -> int:
        """The slot holding `pageno` (in any non-EMPTY state), else an EMPTY slot, else a
        clean victim chosen by invariant 6 (SlruSelectLRUPage)."""
        while True:
            pages = self._page_number.tolist()
            if pageno in pages:
                return pages.index(pageno)          # invariant 2
            # Advance the clock past every count the loop below can see, so the next
            # _recently_used() marks its slot newest even if two slots tied.
            cur = self._header[_CUR_LRU // 8]
            self._header[_CUR_LRU // 8] = cur + 1
            statuses = self._status.tolist()
            if EMPTY in statuses:
                return statuses.index(EMPTY)
            latest = self._header[_LATEST_PAGE // 8]
            best_valid, best_valid_age, best_valid_page = -1, -1, 0
            best_busy, best_busy_age, best_busy_page = -1, -1, 0
            for slot in range(self.nslots):
                age = cur - self._lru_count[slot]
                if age < 0:
                    # A racy bump under a shared lock can leave a count ahead of the
                    # clock; pull it back so the slot still looks recent.
                    self._lru_count[slot] = cur
                    age = 0
                page = pages[slot]
                if page == latest:
                    continue
                if statuses[slot] == VALID:
                    if age > best_valid_age or (age == best_valid_age and page < best_valid_page):
                        best_valid, best_valid_age, best_valid_page = slot, age, page
                elif age > best_busy_age or (age == best_busy_age and page < best_busy_page):
                    best_busy, best_busy_age, best_busy_page = slot, age, page
            if best_valid < 0:
                self._wait_io(best_busy)
                continue
            if not self._dirty[best_valid]:
                return best_valid
            self._write_page(best_valid)            # then choose again: the lock was dropped

    # ---- files ---------------------------------------------------------------------------

    def _io_error(self, xid: int, detail: str, err: OSError | None) -> PgError:
        return PgError(errcode_for_file_access(err),
                       f"could not access status of transaction {xid}", detail=detail)

    def _physical_read(self, pageno: int, slot: int, xid: int) -> None:
        segment, within = divmod(pageno, PAGES_PER_SEGMENT)
        path = self.segment_path(segment)
        offset = within * PAGE_SIZE
        page = self._pages[slot]
        try:
            fd = file_io.open_file(path, os.O_RDONLY)
        except FileNotFoundError:
            page[:] = bytes(PAGE_SIZE)              # never written: all zeroes
            return
        except OSError as e:
            raise self._io_error(xid, f'Could not open file "{path}": {e.strerror}.', e) from None
        try:
            data = file_io.pread(fd, PAGE_SIZE, offset)
        except OSError as e:
            raise self._io_error(xid, f'Could not read from file "{path}" at offset {offset}: '
                                      f"{e.strerror}.", e) from None
        finally:
            file_io.close_file(fd)
        page[:len(data)] = data
        if len(data) < PAGE_SIZE:
            page[len(data):] = bytes(PAGE_SIZE - len(data))

    def _physical_write(self, pageno: int, slot: int) -> None:
        segment, within = divmod(pageno, PAGES_PER_SEGMENT)
        path = self.segment_path(segment)
        offset = within * PAGE_SIZE
        try:
            try:
                fd = file_io.open_file(path, os.O_WRONLY | os.O_CREAT, 0o600)
            except FileNotFoundError:
                file_io.make_directories(self.directory)
                fd = file_io.open_file(path, os.O_WRONLY | os.O_CREAT, 0o600)
        except OSError as e:
            raise self._io_error(0, f'Could not open file "{path}": {e.strerror}.', e) from None
        try:
            # Written straight from the shared buffer: a concurrent change re-dirtied
            # the page (invariant 5), so a torn mix of old and new bytes is rewritten.
            written = file_io.pwrite(fd, self._pages[slot], offset)
            if written != PAGE_SIZE:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as e:
            raise self._io_error(0, f'Could not write to file "{path}" at offset {offset}: '
                                    f"{e.strerror}.", e) from None
        finally:
            file_io.close_file(fd)

    def _segment_names(self) -> list[str]:
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return []
        out = []
        for name in names:
            if 4 <= len(name) <= 6:
                try:
                    int(name, 16)
                except ValueError:
                    continue
                out.append(name)
        return sorted(out)

    def _fsync_files(self) -> None:
        """fsync every segment, then the directory (new files' names). A failed fsync may
        have dropped the dirty pages from the OS cache, so it is a PANIC, as in
        PostgreSQL (data_sync_retry = off)."""
        for name in self._segment_names():
            path = os.path.join(self.directory, name)
            try:
                file_io.fsync_path(path)          # False: truncated meanwhile
            except OSError as e:
                raise file_access_error(e, f'could not fsync file "{path}"',
                                        severity="PANIC") from None
        try:
            file_io.fsync_directory(self.directory)
        except FileNotFoundError:
            return
        except OSError as e:
            raise file_access_error(e, f'could not fsync file "{self.directory}"',
                                    severity="PANIC") from None


# ---- statistics (pg_stat_slru) ----------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class SlruStatistics:
    """One row of pg_stat_slru."""
    name: str
    blks_zeroed: int
    blks_hit: int
    blks_read: int
    blks_written: int
    blks_exists: int
    flushes: int
    truncates: int
    stats_reset: float          # seconds since the epoch


def statistics() -> list[SlruStatistics]:
    """pg_stat_slru's rows, in its order: every SLRU name PostgreSQL 15 lists (zeros for
    the ones pgsnake does not have yet), SLRUs with other names summed into "other"."""
    totals = {name: dict.fromkeys(COUNTERS, 0) for name in PG_STAT_SLRU_NAMES}
    reset = {name: 0.0 for name in PG_STAT_SLRU_NAMES}
    started = min((s.stats_reset_time() for s in _all.values() if s.nslots), default=0.0)
    for slru in _all.values():
        if not slru.nslots:
            continue
        row = slru.name if slru.name in totals else "other"
        for counter, value in slru.counters().items():
            totals[row][counter] += value
        reset[row] = max(reset[row], slru.stats_reset_time())
    return [SlruStatistics(name, *(totals[name][c] for c in COUNTERS), reset[name] or started)
            for name in PG_STAT_SLRU_NAMES]


def reset_statistics(name: str | None = None) -> None:
    """pg_stat_reset_slru(name): one SLRU's counters, or all of them when None."""
    for slru in _all.values():
        if slru.nslots and (name is None or slru.name == name
                            or (name == "other" and slru.name not in PG_STAT_SLRU_NAMES)):
            slru.reset_counters()
