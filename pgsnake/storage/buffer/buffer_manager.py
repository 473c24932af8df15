"""The shared buffer manager: every page a process reads or changes goes through here.

A caller pins a buffer (`read_buffer`, `extend_relation`), takes its content lock
(`lock_buffer`), reads or changes `page(buf)`, marks it dirty after a change
(`mark_dirty`), unlocks and unpins (`release_buffer`). Dirty pages reach disk later:
when their buffer is evicted, by the background writer (`write_some_dirty`) or by a
checkpoint (`flush_all_buffers`), always after WAL is flushed up to the page's LSN.

The rules these functions keep are numbered in README.md; the ones cited here:
  rule 1  pins: a pinned buffer is never evicted; pins are counted once per process in
          the shared refcount and further pins privately (`_private_pins`), so
          `release_all_pins()` can undo exactly this process's pins after an error.
  rule 2  one buffer per block: a block is loaded by the process that inserted its tag
          into the mapping table (under its partition lock EXCLUSIVE) with IO_IN_PROGRESS
          set; everyone else finding the tag waits until VALID.
  rule 3  content locks: read a page under SHARE, change it under EXCLUSIVE (hint bits
          may be set under SHARE).
  rule 5  WAL before data: `_flush_buffer` calls wal.flush(page LSN) before smgr.write.
  rule 10 checksums: with data checksums on, every page written gets pd_checksum set on
          a private copy (`_flush_buffer`), every page read is checked before it becomes
          VALID (`_verify_read_page`), and the first hint-bit change to a clean page
          after a checkpoint logs a full-page image (`mark_dirty_hint`).

Entry points: read_buffer, extend_relation, page, lock_buffer, conditional_lock_for_cleanup,
unlock_buffer, mark_dirty, mark_dirty_hint, release_buffer, release_all_pins,
flush_all_buffers, write_some_dirty, drop_relation_buffers, drop_buffers_from, nblocks,
read_buffer_for_redo, statistics, buffer_tag, forget_pins_after_fork.

Bulk operations pass a buffer access strategy (buffer_strategy.py: a ring of a few
buffers) to read_buffer / extend_relation: a block not in the pool is then loaded into
the ring's next buffer instead of a clock-sweep victim, so a big scan, VACUUM or bulk
load leaves the rest of shared buffers alone (rule 11).

Temporary relations (locator.backend set) use this backend's local buffers instead
(local_buffers.py): their buffer ids are negative, and every entry point hands such a
call over, so access methods need not know which pool a page is in.

PostgreSQL: storage/buffer/bufmgr.c (ReadBuffer_common, BufferAlloc, PinBuffer,
PostgreSQL 16's GetVictimBuffer for pg_stat_io's strategy contexts,
UnpinBuffer, FlushBuffer, MarkBufferDirty, MarkBufferDirtyHint, BufferSync, BgBufferSync,
DropRelationBuffers, AtEOXact_Buffers), access/transam/xlogutils.c
(XLogReadBufferForRedoExtended), access/transam/xloginsert.c (XLogSaveBufferForHint),
access/transam/xlog.c (xlog_redo for XLOG_FPI and XLOG_FPI_FOR_HINT).
"""
from __future__ import annotations

import dataclasses
import time

from pgsnake.access.transam.wal import wal, xlog_records
from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.storage.buffer import buffer_mapping, clock_sweep, local_buffers
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import condition_variable as cv
from pgsnake.storage.lmgr import lwlock
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator, relation_path
from pgsnake.utils import elog, io_counters, notices, process_state, settings
from pgsnake.utils.errors import DATA_CORRUPTED, INTERNAL_ERROR, PgError

SHARE = lwlock.SHARED
EXCLUSIVE = lwlock.EXCLUSIVE

_ZERO_PAGE = bytes(BLCKSZ)

# pg_stat_io's pending counts of this process (utils/io_counters.py rule 1: never
# replaced, so a module-level reference stays valid); these slots are the "normal"
# context's, a strategy (buffer_strategy.py) carries its own context's slots.
_io = io_counters.counts
_io_time = io_counters.times_us
_IO_HIT, _IO_READ, _IO_EVICT = (io_counters.RELATION_HIT, io_counters.RELATION_READ,
                                io_counters.RELATION_EVICT)
_IO_WRITE, _IO_EXTEND = io_counters.RELATION_WRITE, io_counters.RELATION_EXTEND
_PARTITION_MASK = bd.PARTITION_MASK
_LW_EXCLUSIVE = lwlock.EXCLUSIVE_BIT
_VALID = bd.VALID

# rule 1: this process's pins, buffer id -> count (the shared refcount holds 1 for us).
_private_pins: dict[int, int] = {}


# ---- pins ---------------------------------------------------------------------------

_MAX_USAGE = bd.MAX_USAGE_COUNT * bd.USAGE_ONE


def _pin(buf: int, strategy=None) -> None:
    """Pin a buffer found in the mapping table (PinBuffer): bumps the usage count, up
    to MAX_USAGE_COUNT, or through a strategy only from 0 to 1 (a bulk operation's
    pages must not look popular to the clock sweep). A buffer this process already
    pins is counted privately only (rule 1: PrivateRefCount)."""
    count = _private_pins.get(buf)
    if count:
        _private_pins[buf] = count + 1
        return
    a = bd.pool.atomics
    off = bd.pool.state_offsets[buf]
    while True:
        state = a.load_u32(off)
        if state & bd.LOCKED:
            state = bd.wait_while_header_locked(buf)
        new = state + 1
        usage = new & bd.USAGE_MASK
        if strategy is None:
            if usage < _MAX_USAGE:
                new += bd.USAGE_ONE
        elif not usage:
            new += bd.USAGE_ONE
        if a.cas_u32(off, state, new) == state:
            break
    _private_pins[buf] = 1


def _pin_locked(buf: int, state: int) -> None:
    """Pin a buffer whose header lock we hold, and release that lock."""
    count = _private_pins.get(buf)
    if count:
        _private_pins[buf] = count + 1
        bd.unlock_header(buf, state)
        return
    bd.unlock_header(buf, state + 1)
    _private_pins[buf] = 1


def _unpin(buf: int) -> None:
    count = _private_pins.get(buf)
    if not count:
        raise RuntimeError(f"buffer {buf} is not pinned by this process")
    if count > 1:
        _private_pins[buf] = count - 1
        return
    del _private_pins[buf]
    a = bd.pool.atomics
    off = bd.pool.state_offsets[buf]
    while True:
        state = a.load_u32(off)
        if state & bd.LOCKED:
            state = bd.wait_while_header_locked(buf)
        if a.cas_u32(off, state, state - 1) == state:
            return


def release_buffer(buf: int) -> None:
    """Drop one pin (ReleaseBuffer). The caller has released the content lock.
    A further pin of this process's is dropped from the private count alone."""
    if buf < 0:
        local_buffers.unpin(buf)
        return
    count = _private_pins.get(buf)
    if count is None:
        raise RuntimeError(f"buffer {buf} is not pinned by this process")
    if count > 1:
        _private_pins[buf] = count - 1
        return
    del _private_pins[buf]
    a = bd.pool.atomics
    off = bd.pool.state_offsets[buf]
    while True:                  # _unpin's last step, inlined: the scan's hot path
        state = a.load_u32(off)
        if state & bd.LOCKED:
            state = bd.wait_while_header_locked(buf)
        if a.cas_u32(off, state, state - 1) == state:
            return


def unlock_release_buffer(buf: int) -> None:
    """Let go of a locked, pinned buffer (UnlockReleaseBuffer)."""
    unlock_buffer(buf)
    release_buffer(buf)


def release_all_pins() -> None:
    """Error recovery: drop every pin this process holds (rule 1)."""
    local_buffers.release_all_pins()
    for buf in list(_private_pins):
        _private_pins[buf] = 1
        _unpin(buf)


def forget_pins_after_fork() -> None:
    _private_pins.clear()
    local_buffers.forget_all()


def pinned_buffers() -> dict[int, int]:
    return {**_private_pins, **local_buffers.pinned_buffers()}


# ---- content locks -------------------------------------------------------------------

def page(buf: int) -> memoryview:
    if buf < 0:
        return local_buffers.page(buf)
    return bd.pool.pages[buf]


def lock_buffer(buf: int, mode: str) -> None:
    if buf < 0:                  # a local buffer: nobody else can see it, so no lock
        if not local_buffers.is_pinned(buf):
            raise RuntimeError(f"lock_buffer({buf}) without a pin")
        return
    if buf not in _private_pins:
        raise RuntimeError(f"lock_buffer({buf}) without a pin")
    bd.pool.content_locks[buf].acquire(mode)


def conditional_lock_for_cleanup(buf: int) -> bool:
    """Take the EXCLUSIVE content lock if nobody else pins the buffer, and keep it
    (ConditionalLockBufferForCleanup); False, holding no lock, otherwise. Pruning and
    VACUUM move tuples within a page, which only a cleanup lock allows: another
    process's pin may come with a pointer into the page it kept across an unlock
    (a writer waiting for a row lock does). A process that pins the page after the
    check cannot read it before we unlock."""
    if buf < 0:
        return local_buffers.is_pinned_once(buf)
    if _private_pins.get(buf) != 1:
        return False
    lock_buffer(buf, EXCLUSIVE)
    if bd.load_state(buf) & bd.REFCOUNT_MASK == 1:
        return True
    unlock_buffer(buf)
    return False


def unlock_buffer(buf: int) -> None:
    if buf < 0:
        return
    bd.pool.content_locks[buf].release()


def mark_dirty(buf: int) -> None:
    """The caller holds the exclusive content lock and has changed the page."""
    global shared_dirtied
    if buf < 0:
        local_buffers.mark_dirty(buf)
        return
    a = bd.pool.atomics
    off = bd.pool.state_offsets[buf]
    while True:
        state = a.load_u32(off)
        if state & bd.LOCKED:
            state = bd.wait_while_header_locked(buf)
        if a.cas_u32(off, state, state | bd.DIRTY | bd.JUST_DIRTIED) == state:
            if not state & bd.DIRTY:
                shared_dirtied += 1
            return


_DIRTY_SINCE_WRITE = bd.DIRTY | bd.JUST_DIRTIED


def mark_dirty_hint(buf: int) -> None:
    """Hint bits changed, possibly under only a SHARE content lock (MarkBufferDirtyHint).

    Without data checksums (and wal_log_hints off) no WAL is needed: a torn write can
    only lose a hint, which costs a commit-log lookup later. With them, a torn write
    that mixes old and new halves of the page fails its checksum, and only WAL can
    rebuild it; so the first hint-bit change to a page after a checkpoint logs a
    full-page image (rule 10, `_log_hint_and_mark_dirty`).

    A buffer already DIRTY and JUST_DIRTIED since its last write began needs nothing:
    the coming write will carry the hint (and, with checksums, an image was logged
    when the page was first dirtied after the checkpoint, or WAL covers the page).
    A local buffer never logs an image: a temporary relation does not survive a crash."""
    if buf < 0:
        local_buffers.mark_dirty(buf)
        return
    if bd.load_state(buf) & _DIRTY_SINCE_WRITE == _DIRTY_SINCE_WRITE:
        return
    if not (settings.get("data_checksums") or settings.get("wal_log_hints")):
        mark_dirty(buf)
        return
    _log_hint_and_mark_dirty(buf)


def _log_hint_and_mark_dirty(buf: int) -> None:
    """mark_dirty_hint when hint bits must be WAL-logged (XLogHintBitIsNeeded).

    Order, as MarkBufferDirtyHint: delay checkpoints, log the image, set the page LSN
    and DIRTY together under the header lock, end the delay. The delay closes this
    race: the image is logged with page LSN <= redo pointer R; a checkpoint then picks
    a new redo point R2 and writes every *dirty* buffer, which this one is not yet;
    we mark it dirty; the checkpoint completes; the page is written torn before the
    next one. Replay from R2 does not see the image, and the page is lost. With the
    delay, a checkpoint that chose its redo point while we were here waits for us
    before writing buffers, so it finds the buffer dirty and writes it."""
    if wal.in_recovery():
        # No WAL may be written: keep the hint in the page but leave the buffer clean,
        # so an eviction drops it (PostgreSQL does the same on a standby).
        return
    page_view = bd.pool.pages[buf]
    started_delay = _delay_checkpoint_start()
    try:
        # Another hinter holding a SHARE lock may set the LSN at the same moment: read
        # it under the header lock, where it is set (PostgreSQL's BufferGetLSNAtomic).
        state = bd.lock_header(buf)
        page_lsn = pl.get_lsn(page_view)
        bd.unlock_header(buf, state)
        lsn = 0
        if page_lsn <= wal.redo_pointer():
            spc, db, rel, fork, blockno = bd.read_tag(buf)
            block = wal.BlockRef(0, RelFileLocator(spc, db, rel), fork, blockno, page_view)
            lsn = wal.insert_record(wal.RmgrId.XLOG, xlog_records.XLOG_FPI_FOR_HINT, b"",
                                    [block])
        state = bd.lock_header(buf)
        if lsn and not state & bd.DIRTY:
            # Only a clean page takes the LSN: a dirty one may be being written right
            # now from a copy whose LSN was already flushed (rule 5).
            pl.set_lsn(page_view, lsn)
        bd.unlock_header(buf, state | _DIRTY_SINCE_WRITE)
    finally:
        if started_delay:
            _delay_checkpoint_end()


def _delay_checkpoint_start() -> bool:
    """Make a checkpoint that picks its redo point now wait for us (DELAY_CHKPT_START,
    storage/ipc/proc_array.py invariant 6). False if this process has no proc slot
    (in-process tools) or is already delaying (inside a commit): then we must not end
    the delay either."""
    n = process_state.proc_number
    if n < 0 or not proc_array.is_initialised():
        return False
    return proc_array.delay_checkpoint_start(n)


def _delay_checkpoint_end() -> None:
    # A waiting checkpointer re-checks at least every 10 ms (checkpoint.py "Commits"),
    # so ending the delay needs no wake-up from this layer.
    proc_array.delay_checkpoint_end(process_state.proc_number)


def buffer_tag(buf: int) -> tuple[int, int, int, int, int]:
    if buf < 0:
        return local_buffers.buffer_tag(buf)
    return bd.read_tag(buf)


# ---- finding or loading a block ------------------------------------------------------

def _wait_for_io(buf: int) -> int:
    """Sleep until no process is reading or writing `buf` (WaitIO); the one doing the
    I/O broadcasts the buffer's condition variable when it is done (`_io_done`)."""
    state = bd.load_state(buf)
    if not state & bd.IO_IN_PROGRESS:
        return state
    if not cv.can_sleep():           # no proc slot (in-process tests): back off instead
        delay = 0.00001
        while bd.load_state(buf) & bd.IO_IN_PROGRESS:
            time.sleep(delay)
            delay = min(0.001, delay * 2)
        return bd.load_state(buf)
    cv.prepare_to_sleep(cv.key(cv.BUFFER_IO, buf))
    try:
        while True:
            state = bd.load_state(buf)
            if not state & bd.IO_IN_PROGRESS:
                return state
            cv.sleep()
    finally:
        cv.cancel_sleep()


def _io_done(buf: int) -> None:
    """After clearing IO_IN_PROGRESS: wake whoever waits for this buffer's I/O."""
    cv.broadcast(cv.key(cv.BUFFER_IO, buf))


def _lookup_and_pin(tag: tuple, h: int, strategy=None) -> int:
    """Pin the buffer mapped to `tag` (whose tag_hash is `h`), or -1 if none is: the
    partition lock is held SHARED across the lookup and the pin, so the buffer cannot
    be re-tagged in between (BufferAlloc's first step)."""
    pool = bd.pool
    lock = pool.mapping_locks[h & pool.bucket_mask & _PARTITION_MASK]
    lock.acquire(SHARE)
    try:
        buf = buffer_mapping.lookup_hashed(tag, h)
        if buf >= 0:
            _pin(buf, strategy)
    finally:
        lock.release()
    return buf


def _lock_partitions(first: lwlock.LWLock, second: lwlock.LWLock | None) -> list:
    """Take two mapping partition locks EXCLUSIVE in partition order (one if they are
    the same), as BufferAlloc does for a victim's old and new tag (README rule 7)."""
    if second is None or second is first:
        locks = [first]
    elif second.offset < first.offset:
        locks = [second, first]
    else:
        locks = [first, second]
    for lock in locks:
        lock.acquire(lwlock.EXCLUSIVE)
    return locks


def _release_partitions(locks: list) -> None:
    for lock in reversed(locks):
        lock.release()


def _buffer_alloc(tag: tuple, strategy=None) -> tuple[int, bool]:
    """Pin the buffer for `tag`: (buf, True) if the tag was in the table, or
    (buf, False) with IO_IN_PROGRESS set: the caller must fill the page (rule 2).
    `strategy` (a buffer_strategy.Strategy or None) chooses the victim from its ring."""
    global victims_written, buffers_allocated
    h = buffer_mapping.tag_hash(tag)
    new_lock = buffer_mapping.partition_lock(h)
    while True:
        buf = _lookup_and_pin(tag, h, strategy)
        if buf >= 0:
            return buf, True

        victim, state, from_ring = _get_victim(strategy)
        _pin_locked(victim, state)
        if bd.load_state(victim) & bd.DIRTY:
            if from_ring and strategy.reject_dirty(victim):
                # A bulk read does not flush WAL to reuse its own ring's buffer
                # (StrategyRejectBuffer): leave it to others and take another.
                _unpin(victim)
                continue
            try:
                if _flush_buffer(victim, strategy.write_slot if strategy else _IO_WRITE):
                    victims_written += 1
            except BaseException:
                _unpin(victim)
                raise

        # Pinned by us, the victim's tag cannot change: read it without its header lock.
        old_state = bd.load_state(victim)
        old_tag = bd.read_tag(victim) if old_state & bd.TAG_VALID else None
        old_lock = buffer_mapping.partition_lock(old_tag) if old_tag is not None else None
        locks = _lock_partitions(new_lock, old_lock)
        existing = buffer_mapping.lookup_hashed(tag, h)
        if existing >= 0:
            # Another process loaded the block while we were evicting: use theirs.
            _pin(existing, strategy)
            _release_partitions(locks)
            _unpin(victim)
            return existing, True
        state = bd.lock_header(victim)
        if state & bd.REFCOUNT_MASK != 1 or state & (bd.DIRTY | bd.IO_IN_PROGRESS):
            # Someone pinned or dirtied the victim meanwhile: choose again.
            bd.unlock_header(victim, state)
            _release_partitions(locks)
            _unpin(victim)
            continue
        if state & bd.TAG_VALID:
            buffer_mapping.delete(old_tag)
            _count_eviction(strategy, from_ring)
        buffer_mapping.insert(tag, victim)
        bd.write_tag(victim, tag)
        buffers_allocated += 1
        state = (state & bd.REFCOUNT_MASK) | bd.USAGE_ONE | bd.TAG_VALID | bd.IO_IN_PROGRESS
        bd.unlock_header(victim, state)
        _release_partitions(locks)
        if strategy is not None:
            strategy.remember(victim)
        return victim, False


def _get_victim(strategy) -> tuple[int, int, bool]:
    """(buffer, state with its header lock held, from the ring?): the strategy ring's
    next buffer if it can be reused, else the clock sweep's (StrategyGetBuffer)."""
    if strategy is not None:
        found = strategy.next_victim()
        if found is not None:
            return found[0], found[1], True
    victim, state = clock_sweep.get_victim_buffer()
    return victim, state, False


def _count_eviction(strategy, from_ring: bool) -> None:
    """pg_stat_io: a valid block made room for another (IOOP_EVICT), or, in a ring,
    a ring buffer was taken back for the next block (IOOP_REUSE)."""
    if strategy is None:
        _io[_IO_EVICT] += 1
    else:
        _io[strategy.reuse_slot if from_ring else strategy.evict_slot] += 1


def _finish_io(buf: int, valid: bool) -> None:
    state = bd.lock_header(buf)
    state &= ~(bd.IO_IN_PROGRESS | bd.IO_ERROR)
    if valid:
        state |= bd.VALID
    bd.unlock_header(buf, state)
    _io_done(buf)


def _abandon_load(buf: int) -> None:
    """A read failed: take the tag out of the table so the block can be tried again,
    wake the waiters (they see !VALID and retry from the start), and unpin."""
    tag = bd.read_tag(buf)                       # stable: we pin it
    mapping_lock = buffer_mapping.partition_lock(tag)
    mapping_lock.acquire(lwlock.EXCLUSIVE)
    state = bd.lock_header(buf)
    if state & bd.TAG_VALID:
        buffer_mapping.delete(tag)
    state &= ~(bd.TAG_VALID | bd.VALID | bd.IO_IN_PROGRESS | bd.USAGE_MASK)
    bd.unlock_header(buf, state | bd.IO_ERROR)
    mapping_lock.release()
    _io_done(buf)
    _unpin(buf)


# This process's I/O, for the cumulative statistics (utils/activity/pgstat.py reads and
# reports them): blocks read from disk (a caller compares blocks_read before and after
# read_buffer to tell a hit), dirty victims this process wrote itself, buffers it gave a
# new tag, and, with track_io_timing, the microseconds spent reading and writing blocks.
blocks_read = 0
victims_written = 0
buffers_allocated = 0
read_time_us = 0
write_time_us = 0
# EXPLAIN (ANALYZE, BUFFERS)'s counts (PostgreSQL's pgBufferUsage): shared-buffer hits,
# clean buffers this process dirtied, dirty buffers it wrote (reads are blocks_read).
shared_hits = 0
shared_dirtied = 0
shared_written = 0


def buffer_usage() -> tuple[int, int, int, int]:
    """(hits, reads, dirtied, written) of shared buffers so far in this process."""
    return shared_hits, blocks_read, shared_dirtied, shared_written


def _read_buffer_common(locator: RelFileLocator, fork: int, blockno: int, *,
                        zero_and_lock: bool = False, strategy=None) -> int:
    """Pin the block's buffer, loading it from disk if needed. `zero_and_lock`
    (PostgreSQL's RBM_ZERO_AND_LOCK, for redo that overwrites the whole page): a block
    not in the pool is not read (it may be torn: that is why its image is in WAL) but
    given a zero page, and the buffer is returned EXCLUSIVE-locked either way."""
    global blocks_read, read_time_us, shared_hits
    tag = (locator.spcoid, locator.dboid, locator.relfilenode, int(fork), blockno)
    hit_slot = _IO_HIT if strategy is None else strategy.hit_slot
    read_slot = _IO_READ if strategy is None else strategy.read_slot
    while True:
        buf, found = _buffer_alloc(tag, strategy)
        if found:
            shared_hits += 1
            _io[hit_slot] += 1
            state = bd.load_state(buf)
            if not state & bd.VALID:
                state = _wait_for_io(buf)
            if not state & bd.VALID:
                _unpin(buf)      # the loader failed (or gave the buffer up): start again
                continue
            if zero_and_lock:
                lock_buffer(buf, EXCLUSIVE)
            return buf
        page_view = bd.pool.pages[buf]
        try:
            if zero_and_lock:
                page_view[:] = _ZERO_PAGE
                # Locked before it turns VALID, so nobody sees the zeros.
                lock_buffer(buf, EXCLUSIVE)
            else:
                blocks_read += 1
                _io[read_slot] += 1
                if settings.get("track_io_timing"):
                    started = time.perf_counter()
                    smgr.read(locator, fork, blockno, page_view)
                    elapsed = int((time.perf_counter() - started) * 1e6)
                    read_time_us += elapsed
                    _io_time[read_slot] += elapsed
                else:
                    smgr.read(locator, fork, blockno, page_view)
                _verify_read_page(page_view, locator, fork, blockno)
        except BaseException:
            _abandon_load(buf)
            raise
        _finish_io(buf, valid=True)
        return buf


def _verify_read_page(page_view, locator, fork, blockno) -> None:
    """Rule 10: is the page just read fit to use (ReadBuffer_common's check)?

    A wrong checksum is a WARNING 'page verification failed, calculated checksum N but
    expected M', then an ERROR XX001 'invalid page in block B of relation base/...',
    unless ignore_checksum_failure is on and the header is sane (then the page is used
    after the WARNING). A page that is not usable either way is zeroed (with a WARNING)
    under zero_damaged_pages, else the same ERROR. Raising leaves the buffer to
    `_abandon_load`, so the next reader checks the page again."""
    check = pl.check_on_read(page_view, blockno, settings.get("data_checksums"))
    if check.usable:
        return
    if check.checksum_failure is not None:
        calculated, stored = check.checksum_failure
        _warn(f"page verification failed, calculated checksum {calculated} but expected "
              f"{stored}")
        if check.header_sane and settings.get("ignore_checksum_failure"):
            return
    where = f"block {blockno} of relation {relation_path(locator, fork)}"
    if settings.get("zero_damaged_pages"):
        _warn(f"invalid page in {where}; zeroing out page")
        page_view[:] = _ZERO_PAGE
        return
    raise PgError(DATA_CORRUPTED, f"invalid page in {where}")


def _warn(message: str) -> None:
    """A WARNING for the server log and, in a backend, for its client (XX001)."""
    elog.log(message, "WARNING")
    notices.emit(DATA_CORRUPTED, message, severity="WARNING")


def read_buffer(locator: RelFileLocator, fork: int, blockno: int, strategy=None) -> int:
    """Pin the buffer holding the block, reading it from disk if needed. PgError XX001
    if the block is beyond the end of the file. `strategy` (buffer_strategy.Strategy):
    a bulk operation's ring supplies the buffer if the block must be read.

    The hit path (the block is in the pool and VALID) is inlined here: the tag's
    mapping partition lock held SHARED by one CAS, unrecorded (lwlock rule 4), across
    one lookup and one pin (`_pin`'s body); anything else (the lock contended, a miss,
    another process's I/O in progress, a strategy) goes the long way."""
    global shared_hits
    if locator.backend >= 0:
        return local_buffers.read_buffer(locator, fork, blockno)
    if strategy is None:
        tag = (locator.spcoid, locator.dboid, locator.relfilenode, fork, blockno)
        h = hash(tag)
        pool = bd.pool
        lock = pool.mapping_locks[h & pool.bucket_mask & _PARTITION_MASK]
        a = pool.atomics
        lock_off = lock.offset
        word = a.load_u32(lock_off)
        buf = -1
        if not word & _LW_EXCLUSIVE and a.cas_u32(lock_off, word, word + 1) == word:
            try:
                buf = buffer_mapping.lookup_hashed(tag, h)
                if buf >= 0:
                    count = _private_pins.get(buf)
                    if count:
                        _private_pins[buf] = count + 1
                    else:
                        off = pool.state_offsets[buf]
                        while True:
                            state = a.load_u32(off)
                            if state & bd.LOCKED:
                                state = bd.wait_while_header_locked(buf)
                            new = state + 1
                            if new & bd.USAGE_MASK < _MAX_USAGE:
                                new += bd.USAGE_ONE
                            if a.cas_u32(off, state, new) == state:
                                break
                        _private_pins[buf] = 1
            finally:
                lock.release_unrecorded_shared()
        if buf >= 0:
            if pool.atomics.load_u32(pool.state_offsets[buf]) & _VALID:
                shared_hits += 1
                _io[_IO_HIT] += 1
                return buf
            _unpin(buf)           # being loaded (or its load failed): the long way
    return _read_buffer_common(locator, fork, blockno, strategy=strategy)


def extend_relation(locator: RelFileLocator, fork: int, strategy=None) -> tuple[int, int]:
    """Add a zero page at the end of the fork; returns (buf, blockno), pinned and
    exclusively locked. The caller initialises the page (if it is still new: another
    inserter may have found it first as the relation's last page).

    RelationExtensionLock serialises extenders, so two never pick the same block number;
    the block is written to the file before the lock is released (smgr rule 1).

    Order matters (rule 2, one buffer per block): the buffer is mapped to the new block
    *before* the file grows. Once the file is longer, any process may read the block;
    it must find our buffer, never load the zero page from disk into a second buffer of
    its own (two copies of one page, each initialised and filled by a different
    process, lose one of them at the next write)."""
    if locator.backend >= 0:
        return local_buffers.extend(locator, fork)
    extension_lock = lwlock.named("RelationExtensionLock")
    extension_lock.acquire(lwlock.EXCLUSIVE)
    try:
        blockno = smgr.nblocks(locator, fork)
        tag = (locator.spcoid, locator.dboid, locator.relfilenode, int(fork), blockno)
        buf, found = _buffer_alloc(tag, strategy)
        if found:
            _unpin(buf)
            raise PgError(INTERNAL_ERROR, f"unexpected data beyond EOF in block {blockno} of "
                                          f"relation {relation_path(locator, fork)}")
        bd.pool.pages[buf][:] = _ZERO_PAGE
        try:
            extend_slot = _IO_EXTEND if strategy is None else strategy.extend_slot
            if settings.get("track_io_timing"):
                started = time.perf_counter()
                smgr.extend(locator, fork, blockno, _ZERO_PAGE)
                _io_time[extend_slot] += int((time.perf_counter() - started) * 1e6)
            else:
                smgr.extend(locator, fork, blockno, _ZERO_PAGE)
        except BaseException:
            _abandon_load(buf)
            raise
        _io[extend_slot] += 1
        _finish_io(buf, valid=True)
        lock_buffer(buf, EXCLUSIVE)
    finally:
        extension_lock.release()
    return buf, blockno


def nblocks(locator: RelFileLocator, fork: int) -> int:
    if locator.backend >= 0:
        local_buffers.note_access()
    return smgr.nblocks(locator, fork)


# ---- writing dirty pages -------------------------------------------------------------

def _flush_buffer(buf: int, write_slot: int = _IO_WRITE) -> bool:
    """Write one pinned buffer if dirty (FlushBuffer); True if written, counted in
    pg_stat_io's `write_slot` (a strategy's context when its ring evicts).

    Holds the SHARE content lock, so the page cannot change except for hint bits;
    IO_IN_PROGRESS keeps two processes from writing the same buffer at once;
    JUST_DIRTIED, cleared when the write starts, tells us whether a hint-bit change
    raced with the write, in which case the buffer stays dirty."""
    global write_time_us, shared_written
    locks = bd.pool.content_locks[buf]
    locks.acquire(lwlock.SHARED)
    try:
        while True:
            state = bd.lock_header(buf)
            if not state & bd.DIRTY or not state & bd.VALID:
                bd.unlock_header(buf, state)
                return False
            if state & bd.IO_IN_PROGRESS:
                bd.unlock_header(buf, state)
                _wait_for_io(buf)
                continue
            bd.unlock_header(buf, (state | bd.IO_IN_PROGRESS) & ~bd.JUST_DIRTIED)
            break
        spc, db, rel, fork, blockno = bd.read_tag(buf)     # stable while pinned
        try:
            page_view = bd.pool.pages[buf]
            # Rule 10: the checksum goes on a private copy, computed over exactly the
            # bytes written (hint bits may still change in the shared page).
            if settings.get("data_checksums"):
                copy = pl.checksummed_copy(page_view, blockno)
            else:
                copy = bytes(page_view)
            lsn = pl.get_lsn(copy)
            if lsn:
                wal.flush(lsn)          # rule 5: WAL before data
            if settings.get("track_io_timing"):
                started = time.perf_counter()
                smgr.write(RelFileLocator(spc, db, rel), fork, blockno, copy)
                elapsed = int((time.perf_counter() - started) * 1e6)
                write_time_us += elapsed
                _io_time[_IO_WRITE] += elapsed
            else:
                smgr.write(RelFileLocator(spc, db, rel), fork, blockno, copy)
        except BaseException as e:
            state = bd.lock_header(buf)
            bd.unlock_header(buf, (state & ~bd.IO_IN_PROGRESS) | bd.IO_ERROR)
            _io_done(buf)
            if isinstance(e, PgError) and e.context is None:
                # The buffer stays dirty; say which one (shared_buffer_write_error_callback).
                e.context = (f"writing block {blockno} of relation "
                             f"{relation_path(RelFileLocator(spc, db, rel), fork)}")
            raise
        shared_written += 1
        _io[write_slot] += 1
        state = bd.lock_header(buf)
        state &= ~(bd.IO_IN_PROGRESS | bd.IO_ERROR)
        if not state & bd.JUST_DIRTIED:
            state &= ~bd.DIRTY
        bd.unlock_header(buf, state)
        _io_done(buf)
        return True
    finally:
        locks.release()


def _pin_if(buf: int, wanted) -> bool:
    """Pin buffer `buf` (not via the mapping table) if `wanted(state)` holds."""
    state = bd.lock_header(buf)
    if not wanted(state):
        bd.unlock_header(buf, state)
        return False
    _pin_locked(buf, state)
    return True


def _dirty_and_valid(state: int) -> bool:
    return state & (bd.DIRTY | bd.VALID) == (bd.DIRTY | bd.VALID)


def _write_if(buf: int, wanted) -> int:
    """Write `buf` if its state satisfies `wanted`, re-checked once it is pinned."""
    if not wanted(bd.load_state(buf)) or not _pin_if(buf, wanted):
        return 0
    try:
        return _flush_buffer(buf)
    finally:
        _unpin(buf)


def flush_all_buffers() -> int:
    """Checkpoint: write every dirty buffer (BufferSync). Returns pages written."""
    return sum(_write_if(buf, _dirty_and_valid) for buf in range(bd.pool.nbuffers))


def flush_relation_buffers(locator: RelFileLocator) -> int:
    """Write every dirty buffer of the relation, all forks (FlushRelationBuffers: a
    relation whose changes skipped WAL, before its files are fsynced at commit).
    Returns pages written. A buffer taken over by another page meanwhile is written
    if dirty, which is harmless."""
    if locator.backend >= 0:
        return 0                     # local buffers: temporary relations are never synced
    key = (locator.spcoid, locator.dboid, locator.relfilenode)
    written = 0
    for buf in range(bd.pool.nbuffers):
        if bd.read_tag(buf)[:3] == key:
            written += _write_if(buf, _dirty_and_valid)
    return written


def write_some_dirty(max_pages: int) -> int:
    """Background writer: write up to `max_pages` dirty buffers that the clock sweep
    could take now (unpinned, usage count 0), starting at the clock hand. A recently
    used buffer stays dirty until the sweep has aged it or a checkpoint writes it, as
    SyncOneBuffer(skip_recently_used) leaves it (pg_buffercache shows it dirty).
    Returns pages written."""
    pool = bd.pool
    n = pool.nbuffers
    start = pool.atomics.load_u32(pool.next_victim_offset) % n

    def wanted(state: int) -> bool:
        return (_dirty_and_valid(state) and state & bd.REFCOUNT_MASK == 0
                and state & bd.USAGE_MASK == 0)

    written = 0
    for i in range(n):
        if written >= max_pages:
            break
        written += _write_if((start + i) % n, wanted)
    return written


def drop_relation_buffers(locator: RelFileLocator) -> None:
    """Forget every buffer of the relation, all forks, without writing (DROP TABLE,
    at commit). Waits for other processes' pins to go away."""
    if locator.backend >= 0:
        local_buffers.drop_relation(locator)
        return
    key = (locator.spcoid, locator.dboid, locator.relfilenode)
    _drop_buffers(lambda tag: tag[:3] == key)


def drop_buffers_from(locator: RelFileLocator, fork: int, first_block: int) -> None:
    """Forget, without writing, the fork's buffers for blocks >= first_block (a
    truncation: DropRelationBuffers with a first block)."""
    if locator.backend >= 0:
        local_buffers.drop_from(locator, fork, first_block)
        return
    key = (locator.spcoid, locator.dboid, locator.relfilenode, int(fork))
    _drop_buffers(lambda tag: tag[:4] == key and tag[4] >= first_block)


def drop_database_buffers(database_oid: int) -> None:
    """Forget every buffer of a database's relations without writing (DROP DATABASE)."""
    _drop_buffers(lambda tag: tag[1] == database_oid)


def _drop_buffers(matches) -> None:
    """Forget the buffers whose tag matches(tag) (spcoid, dboid, relfilenode, fork,
    block), waiting for other processes' pins to go away."""
    for buf in range(bd.pool.nbuffers):
        while True:
            tag = bd.read_tag(buf)
            if not matches(tag) or not bd.load_state(buf) & bd.TAG_VALID:
                break
            mapping_lock = buffer_mapping.partition_lock(tag)
            mapping_lock.acquire(lwlock.EXCLUSIVE)
            state = bd.lock_header(buf)
            if bd.read_tag(buf) != tag or not state & bd.TAG_VALID:
                # Re-tagged meanwhile (maybe into another partition): look again.
                bd.unlock_header(buf, state)
                mapping_lock.release()
                continue
            if state & bd.REFCOUNT_MASK or state & bd.IO_IN_PROGRESS:
                bd.unlock_header(buf, state)
                mapping_lock.release()
                if buf in _private_pins:
                    raise RuntimeError(f"dropping relation buffers while buffer {buf} is "
                                       f"pinned by this process")
                time.sleep(0.0005)
                continue
            buffer_mapping.delete(tag)
            bd.write_tag(buf, (0, 0, 0, 0, 0))
            bd.unlock_header(buf, state & bd.REFCOUNT_MASK)
            mapping_lock.release()
            break


# ---- WAL redo ------------------------------------------------------------------------

def read_buffer_for_redo(record, block_id: int) -> tuple[str, int]:
    """Get the page a WAL record's block reference touches, pinned and exclusively
    locked, and say what redo must do (XLogReadBufferForRedoExtended):
      'restored'    the record carried a full-page image; it is now the page, whose
                    LSN is set to the record's end: nothing more to do
      'done'        the page already has this change (page LSN >= the record's end LSN)
      'needs_redo'  the caller applies the change, sets the page LSN to
                    record.end_lsn and marks the buffer dirty
    During recovery a relation file may be missing (created later in WAL, dropped
    before the crash) or shorter than the block: it is created or zero-extended.
    A block with will_init gets a zero page (the redo routine initialises it)."""
    block = record.blocks[block_id]
    locator, fork, blockno = block.locator, block.fork, block.blockno
    if not smgr.exists(locator, fork):
        smgr.create(locator, fork)
    extension_lock = lwlock.named("RelationExtensionLock")
    extension_lock.acquire(lwlock.EXCLUSIVE)
    try:
        size = smgr.nblocks(locator, fork)
        while size <= blockno:
            smgr.extend(locator, fork, size, _ZERO_PAGE)
            _io[_IO_EXTEND] += 1
            size += 1
    finally:
        extension_lock.release()
    image = block.image if getattr(block, "apply_image", True) else None
    overwrite = image is not None or block.will_init
    if overwrite:
        # The page on disk is not read: it may be the torn page this image repairs,
        # and would fail its checks (rule 10).
        buf = _read_buffer_common(locator, fork, blockno, zero_and_lock=True)
    else:
        buf = _read_buffer_common(locator, fork, blockno)
        lock_buffer(buf, EXCLUSIVE)
    page_view = bd.pool.pages[buf]
    if image is not None:
        page_view[:] = image
        pl.set_lsn(page_view, record.end_lsn)
        mark_dirty(buf)
        return "restored", buf
    if overwrite:
        page_view[:] = _ZERO_PAGE
        return "needs_redo", buf
    if not pl.is_new(page_view) and pl.get_lsn(page_view) >= record.end_lsn:
        return "done", buf
    return "needs_redo", buf


def finish_redo(buf: int, record) -> None:
    """After applying a 'needs_redo' change: page LSN, dirty, unlock, unpin."""
    pl.set_lsn(bd.pool.pages[buf], record.end_lsn)
    mark_dirty(buf)
    unlock_buffer(buf)
    release_buffer(buf)


def _redo_page_images(record, image_required: bool) -> None:
    """Redo of XLOG_FPI and XLOG_FPI_FOR_HINT: records that are nothing but page
    images. An FPI_FOR_HINT logged while full_page_writes was off carries no image:
    nothing to do for it. Registered with the XLOG resource manager, which (one layer
    down) cannot reach the buffer pool itself."""
    for block_id in sorted(record.blocks):
        if record.blocks[block_id].image is None:
            if image_required:
                raise PgError(INTERNAL_ERROR, "XLOG_FPI record did not contain a full-page image")
            continue
        action, buf = read_buffer_for_redo(record, block_id)
        unlock_buffer(buf)
        if record.blocks[block_id].fork == ForkNumber.INIT:
            # An unlogged relation's init fork is copied file to file at the end of
            # crash recovery (unlogged_reinit.py): it must be on disk, not only here.
            _flush_buffer(buf)
        release_buffer(buf)
        if action != "restored":
            raise PgError(INTERNAL_ERROR, "unexpected XLogReadBufferForRedo result when "
                                          "restoring backup block")


xlog_records.register_page_image_redo(_redo_page_images)


# ---- introspection -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class BufferDescriptorRecord:
    """One row of pg_buffercache; the relation fields are None for an unused buffer."""
    bufferid: int                 # 1-based, as pg_buffercache shows it
    relfilenode: int | None
    reltablespace: int | None
    reldatabase: int | None
    relforknumber: int | None
    relblocknumber: int | None
    isdirty: bool | None
    usagecount: int | None
    pinning_backends: int | None


def statistics() -> list[BufferDescriptorRecord]:
    out = []
    for buf in range(bd.pool.nbuffers):
        state = bd.lock_header(buf)
        tag = bd.read_tag(buf)
        bd.unlock_header(buf, state)
        if state & bd.TAG_VALID and state & bd.VALID:
            spc, db, rel, fork, blockno = tag
            out.append(BufferDescriptorRecord(
                buf + 1, rel, spc, db, fork, blockno, bool(state & bd.DIRTY),
                (state & bd.USAGE_MASK) >> bd.USAGE_SHIFT, state & bd.REFCOUNT_MASK))
        else:
            out.append(BufferDescriptorRecord(buf + 1, None, None, None, None, None,
                                              None, None, None))
    return out
