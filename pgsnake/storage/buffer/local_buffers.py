"""Local buffers: the pages of this backend's temporary relations.

A temporary relation is visible to one backend only, so its pages need none of the shared
pool's machinery: they live in this process's private memory (`temp_buffers` pages,
allocated on first use), with no mapping lock, no header spinlock, no content locks and no
WAL. buffer_manager hands every call for a temporary relation (locator.backend set) or a
local buffer (a negative buffer id) to this module, so access methods use one API.

Buffer ids are negative, as PostgreSQL's: local slot i is buffer -(i + 1).

Rules
1. Only the owning backend touches a temporary relation's blocks: a locator whose backend
   is not ours is refused with 0A000 "cannot access temporary tables of other sessions"
   (PostgreSQL's check in ReadBufferExtended), whatever path reached the storage.
2. A pinned buffer is never evicted; victims are chosen by a clock sweep over usage counts
   (max 5, as the shared pool's). A dirty victim is written to its file first, with no WAL
   flush (temporary relations have no WAL) and, under data checksums, a checksummed copy.
3. Extension writes the new zero block to the file at once (as the shared pool does), so
   nblocks is the file's size and no relation-size cache is needed.
4. Dropping or truncating a relation forgets its buffers without writing them.
5. The pool is allocated at the first use of a temporary relation's pages, with
   temp_buffers pages; from then on temp_buffers cannot be SET to another value
   (22023, PostgreSQL's check_temp_buffers).

Entry points (through buffer_manager): read_buffer, extend, page, pin/unpin (release),
mark_dirty, buffer_tag, drop_relation, drop_from, release_all_pins, is_pinned_once,
check_locator; note_access / accessed_in_transaction (for PREPARE TRANSACTION's refusal).

PostgreSQL: storage/buffer/localbuf.c (LocalBufferAlloc, MarkLocalBufferDirty,
DropRelFileNodeLocalBuffers, AtEOXact_LocalBuffers), storage/buffer/bufmgr.c
(ReadBufferExtended's RELATION_IS_OTHER_TEMP check).
"""
from __future__ import annotations

import time

from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import RelFileLocator, relation_path
from pgsnake.utils import io_counters, process_state, settings
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INSUFFICIENT_RESOURCES,
                                  INVALID_PARAMETER_VALUE, PgError)

MAX_USAGE_COUNT = 5
_ZERO_PAGE = bytes(BLCKSZ)
_io = io_counters.counts              # pg_stat_io's "temp relation" counts (never replaced)
_io_time = io_counters.times_us

_pages: list[memoryview] = []
_tags: list[tuple | None] = []          # (spc, db, relfilenode, fork, block, backend)
_dirty: list[bool] = []
_usage: list[int] = []
_pins: list[int] = []                   # this backend's pins per local buffer
_mapping: dict[tuple, int] = {}         # tag -> slot
_hand = 0
# The running transaction touched a temporary relation (MyXactFlags'
# XACT_FLAGS_ACCESSEDTEMPNAMESPACE): PREPARE TRANSACTION refuses it then.
accessed_in_transaction = False


def note_access() -> None:
    global accessed_in_transaction
    accessed_in_transaction = True


def my_backend_id() -> int:
    """This backend's id as temporary relation files and schemas name it (MyBackendId:
    the proc number plus one)."""
    return process_state.proc_number + 1


def check_locator(locator: RelFileLocator) -> None:
    """Rule 1: refuse another backend's temporary relation."""
    if locator.backend != my_backend_id():
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot access temporary tables of other sessions")


def _ensure_pool() -> None:
    if _pages:
        return
    count = int(settings.get("temp_buffers"))
    arena = memoryview(bytearray(BLCKSZ * count))
    _pages.extend(arena[i * BLCKSZ:(i + 1) * BLCKSZ] for i in range(count))
    _tags.extend([None] * count)
    _dirty.extend([False] * count)
    _usage.extend([0] * count)
    _pins.extend([0] * count)


def _slot(buf: int) -> int:
    return -buf - 1


def _tag(locator: RelFileLocator, fork: int, blockno: int) -> tuple:
    return (locator.spcoid, locator.dboid, locator.relfilenode, int(fork), blockno,
            locator.backend)


def _locator_of(tag: tuple) -> RelFileLocator:
    return RelFileLocator(tag[0], tag[1], tag[2], tag[5])


def _victim() -> int:
    """Rule 2: clock sweep for an unpinned slot; a dirty victim is written first."""
    global _hand
    count = len(_pages)
    for _ in range(count * (MAX_USAGE_COUNT + 1)):
        slot = _hand
        _hand = (_hand + 1) % count
        if _pins[slot]:
            continue
        if _usage[slot]:
            _usage[slot] -= 1
            continue
        tag = _tags[slot]
        if tag is not None:
            if _dirty[slot]:
                _write(slot)
            del _mapping[tag]
            _io[io_counters.TEMP_EVICT] += 1
            _tags[slot] = None
        return slot
    raise PgError(INSUFFICIENT_RESOURCES, "no empty local buffer available")


def _write(slot: int) -> None:
    tag = _tags[slot]
    data = _pages[slot]
    if settings.get("data_checksums"):
        data = pl.checksummed_copy(data, tag[4])
    if settings.get("track_io_timing"):
        started = time.perf_counter()
        smgr.write(_locator_of(tag), tag[3], tag[4], data)
        _io_time[io_counters.TEMP_WRITE] += int((time.perf_counter() - started) * 1e6)
    else:
        smgr.write(_locator_of(tag), tag[3], tag[4], data)
    _io[io_counters.TEMP_WRITE] += 1
    _dirty[slot] = False


def _pin_slot(slot: int) -> int:
    _pins[slot] += 1
    if _usage[slot] < MAX_USAGE_COUNT:
        _usage[slot] += 1
    return -(slot + 1)


def read_buffer(locator: RelFileLocator, fork: int, blockno: int) -> int:
    """Pin the block's local buffer, reading it from the file if it is not cached."""
    check_locator(locator)
    note_access()
    _ensure_pool()
    tag = _tag(locator, fork, blockno)
    slot = _mapping.get(tag)
    if slot is not None:
        _io[io_counters.TEMP_HIT] += 1
        return _pin_slot(slot)
    slot = _victim()
    if settings.get("track_io_timing"):
        started = time.perf_counter()
        smgr.read(locator, fork, blockno, _pages[slot])
        _io_time[io_counters.TEMP_READ] += int((time.perf_counter() - started) * 1e6)
    else:
        smgr.read(locator, fork, blockno, _pages[slot])
    _io[io_counters.TEMP_READ] += 1
    check = pl.check_on_read(_pages[slot], blockno, settings.get("data_checksums"))
    if not check.usable:
        raise PgError("XX001", f"invalid page in block {blockno} of relation "
                               f"{relation_path(locator, fork)}")
    _tags[slot] = tag
    _dirty[slot] = False
    _usage[slot] = 0
    _mapping[tag] = slot
    return _pin_slot(slot)


def extend(locator: RelFileLocator, fork: int) -> tuple[int, int]:
    """Add a zero block at the end of the fork (rule 3); returns (buf, blockno), pinned."""
    check_locator(locator)
    note_access()
    _ensure_pool()
    blockno = smgr.nblocks(locator, fork)
    slot = _victim()
    _pages[slot][:] = _ZERO_PAGE
    if settings.get("track_io_timing"):
        started = time.perf_counter()
        smgr.extend(locator, fork, blockno, _ZERO_PAGE)
        _io_time[io_counters.TEMP_EXTEND] += int((time.perf_counter() - started) * 1e6)
    else:
        smgr.extend(locator, fork, blockno, _ZERO_PAGE)
    _io[io_counters.TEMP_EXTEND] += 1
    tag = _tag(locator, fork, blockno)
    _tags[slot] = tag
    _dirty[slot] = False
    _usage[slot] = 0
    _mapping[tag] = slot
    return _pin_slot(slot), blockno


def page(buf: int) -> memoryview:
    return _pages[_slot(buf)]


def is_pinned(buf: int) -> bool:
    return _pins[_slot(buf)] > 0


def is_pinned_once(buf: int) -> bool:
    return _pins[_slot(buf)] == 1


def unpin(buf: int) -> None:
    slot = _slot(buf)
    if not _pins[slot]:
        if _tags[slot] is None:
            return          # its relation was dropped meanwhile (rule 4 forgot the pin)
        raise RuntimeError(f"local buffer {buf} is not pinned")
    _pins[slot] -= 1


def mark_dirty(buf: int) -> None:
    _dirty[_slot(buf)] = True


def buffer_tag(buf: int) -> tuple[int, int, int, int, int]:
    return _tags[_slot(buf)][:5]


def release_all_pins() -> None:
    """Error recovery (AtEOXact_LocalBuffers): no local pin outlives its statement."""
    for slot, count in enumerate(_pins):
        if count:
            _pins[slot] = 0


def pinned_buffers() -> dict[int, int]:
    return {-(slot + 1): count for slot, count in enumerate(_pins) if count}


def _forget(matches) -> None:
    for tag in [t for t in _mapping if matches(t)]:
        slot = _mapping.pop(tag)
        _tags[slot] = None
        _dirty[slot] = False
        _usage[slot] = 0
        _pins[slot] = 0


def drop_relation(locator: RelFileLocator) -> None:
    """Rule 4: forget every buffer of the relation, all forks, without writing."""
    key = (locator.spcoid, locator.dboid, locator.relfilenode)
    _forget(lambda tag: tag[:3] == key)


def drop_from(locator: RelFileLocator, fork: int, first_block: int) -> None:
    """Rule 4: forget the fork's buffers for blocks >= first_block (a truncation)."""
    key = (locator.spcoid, locator.dboid, locator.relfilenode, int(fork))
    _forget(lambda tag: tag[:4] == key and tag[4] >= first_block)


def _check_temp_buffers(pages: int) -> int:
    """temp_buffers' check hook: the pool's size is fixed once it exists (rule 5)."""
    if _pages and pages != len(_pages):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid value for parameter "temp_buffers": {pages}',
                      detail='"temp_buffers" cannot be changed after any temporary tables '
                             'have been accessed in the session.')
    return pages


settings.lookup("temp_buffers").check = _check_temp_buffers


def forget_all() -> None:
    """After fork: a child starts with no local buffers."""
    _pages.clear()
    _tags.clear()
    _dirty.clear()
    _usage.clear()
    _pins.clear()
    _mapping.clear()
