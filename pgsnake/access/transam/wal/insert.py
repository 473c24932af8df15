"""Inserting a record into the WAL buffers.

Entry points:
    insert(rmid, info, main_data, blocks, xid) -> (start_lsn, end_lsn)
    insert_switch(rmid, info) -> (start_lsn, end_lsn) or None   an XLOG_SWITCH record
    set_insert_position(end, prev)   after bootstrap / recovery: where the next record goes
    set_redo_pointer(lsn)            checkpointer, at checkpoint start (under WALInsertLock)

The recipe, as PostgreSQL's XLogInsert:
1. Outside any lock, decide which blocks need a full-page image (page LSN <= redo pointer,
   full_page_writes on, not will_init; or always, for a BlockRef with force_image),
   encode the payload and CRC it.
2. Take WALInsertLock. If the redo pointer moved meanwhile (a checkpoint started) and a
   block now needs an image it lacks, release and start over: otherwise a torn write of
   that page after the new checkpoint could not be repaired.
3. Reserve space at the insert position, finish the header (xl_prev, final CRC), copy the
   bytes into the ring, writing a page header at every page boundary, and advance the
   insert position to the MAXALIGNed end.

Where we differ from PostgreSQL: PostgreSQL reserves space under a spinlock and copies in
parallel under one of eight insertion locks; we reserve *and* copy under the single
WALInsertLock. Copying a typical record costs about a microsecond, so contention is low,
and there is no "wait for in-progress insertions" step before a write.

PostgreSQL: access/transam/xloginsert.c (XLogInsert, XLogRecordAssemble),
access/transam/xlog.c (XLogInsertRecord, ReserveXLogInsertLocation, CopyXLogRecordToWAL,
AdvanceXLInsertBuffer).
"""
from __future__ import annotations

import struct

from pgsnake.access.transam.wal import flush as flushmod
from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.access.transam.wal import page_header, record, segment_files, wal_buffers
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.file import file_io
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

PAGE = lsnmod.WAL_PAGE_SIZE
_PAGE_LSN = struct.Struct("<II")     # pd_lsn: xlogid (high half), xrecoff (low half)

statistics = {"records": 0, "full_page_images": 0, "bytes": 0}


def page_lsn(page) -> int:
    """The LSN stored in the first 8 bytes of a heap/index page (PageHeaderData.pd_lsn)."""
    high, low = _PAGE_LSN.unpack_from(page, 0)
    return (high << 32) | low


def _needs_image(block, redo: int) -> bool:
    return block.page is not None and not block.will_init and page_lsn(block.page) <= redo


def insert(rmid: int, info: int, main_data: bytes, blocks=(), xid: int = 0) -> tuple[int, int]:
    """Insert one record; returns (start LSN, end LSN). Does not flush."""
    if xc.load("in_recovery"):
        raise PgError("55000", "cannot make new WAL entries during recovery")
    blocks = tuple(blocks)
    full_page_writes = settings.get("full_page_writes") or xc.load("forced_page_writes") > 0
    insert_lock = lwlock.named("WALInsertLock")
    while True:
        redo = xc.load("redo_pointer")
        images = {}
        for block in blocks:
            if block.page is not None and (block.force_image or (
                    full_page_writes and _needs_image(block, redo))):
                images[block.block_id] = bytes(block.page)
        payload = record.encode_payload(main_data, blocks, images)
        crc = record.payload_crc(payload)
        insert_lock.acquire(lwlock.EXCLUSIVE)
        try:
            now_redo = xc.load("redo_pointer")
            if now_redo != redo and full_page_writes and any(
                    _needs_image(b, now_redo) and b.block_id not in images for b in blocks):
                continue     # released by finally; recompute with the new redo pointer
            start, end = _reserve_and_copy(payload, crc, xid, info, rmid)
        finally:
            insert_lock.release()
        statistics["records"] += 1
        statistics["full_page_images"] += len(images)
        statistics["bytes"] += end - start
        return start, end


def insert_switch(rmid: int, info: int) -> tuple[int, int] | None:
    """An XLOG_SWITCH record (no data), after which the rest of its segment is skipped:
    the pages up to the segment's end get their headers and stay zero, and the next
    record goes at the start of the next segment (readers jump there after a switch
    record). None, with nothing inserted, when the insert position is already at the
    start of a segment (PostgreSQL's ReserveXLogSwitch). Returns (start, end) of the
    record; the caller flushes to the segment's end."""
    if xc.load("in_recovery"):
        raise PgError("55000", "cannot make new WAL entries during recovery")
    payload = record.encode_payload(b"", (), {})
    crc = record.payload_crc(payload)
    segment_size = lsnmod.wal_segment_size()
    insert_lock = lwlock.named("WALInsertLock")
    insert_lock.acquire(lwlock.EXCLUSIVE)
    try:
        if xc.load("insert_position") % segment_size == 0:
            return None
        start, end = _reserve_and_copy(payload, crc, 0, info, rmid)
        segment_end = (lsnmod.segment_number(end - 1) + 1) * segment_size
        page = end if end % PAGE == 0 else lsnmod.page_start(end) + PAGE
        while page < segment_end:
            _start_page(page, 0, segment_size)
            page += PAGE
        xc.store("insert_position", segment_end)
    finally:
        insert_lock.release()
    statistics["records"] += 1
    statistics["bytes"] += segment_end - start
    return start, end


def _reserve_and_copy(payload: bytes, crc: int, xid: int, info: int, rmid: int) -> tuple[int, int]:
    """Under WALInsertLock: place the record at the insert position."""
    position = xc.load("insert_position")
    prev = xc.load("prev_record")
    segment_size = lsnmod.wal_segment_size()
    if position % PAGE == 0:
        position = _start_page(position, 0, segment_size)
    start = position
    data = memoryview(record.finish_record(payload, crc, xid, prev, info, rmid))
    ring = wal_buffers.ring()
    done, total = 0, len(data)
    while True:
        in_page = position % PAGE
        take = min(PAGE - in_page, total - done)
        slot = wal_buffers.slot_offset(position) + in_page
        ring[slot:slot + take] = data[done:done + take]
        done += take
        position += take
        if done == total:
            break
        # `position` is at a page boundary and the record continues on the next page.
        position = _start_page(position, total - done, segment_size)
    end = lsnmod.align(position)
    xc.store("prev_record", start)
    xc.store("insert_position", end)
    return start, end


def _start_page(page_lsn: int, remaining_length: int, segment_size: int) -> int:
    """Zero the ring slot for the page at `page_lsn` and write its header; returns the
    first LSN after the header. Writes out old pages first if the slot is still in use."""
    nbuffers = wal_buffers.buffer_count()
    if xc.load("written_position") < page_lsn - (nbuffers - 1) * PAGE:
        # The ring is full of unwritten WAL: write it out (lock order: insert, then write).
        write_lock = lwlock.named("WALWriteLock")
        write_lock.acquire(lwlock.EXCLUSIVE)
        try:
            flushmod.write_upto(page_lsn)
        finally:
            write_lock.release()
    ring = wal_buffers.ring()
    slot = wal_buffers.slot_offset(page_lsn)
    header = page_header.encode_page_header(page_lsn, xc.load("timeline"), remaining_length,
                                            segment_size, xc.load("system_identifier"))
    ring[slot:slot + PAGE] = bytes(PAGE)
    ring[slot:slot + len(header)] = header
    return page_lsn + len(header)


def set_insert_position(end: int, prev: int) -> None:
    """Bootstrap / end of recovery: the next record goes at `end`; WAL before it is on
    disk. Loads the partial page at `end` from its segment into the ring."""
    xc.store("insert_position", end)
    xc.store("prev_record", prev)
    xc.store("written_position", end)
    xc.store("flushed_position", end)
    if end % PAGE:
        page = lsnmod.page_start(end)
        fd = segment_files.open_segment(xc.load("timeline"), lsnmod.segment_number(page), create=True)
        data = file_io.pread(fd, PAGE, lsnmod.segment_offset(page))
        data = data[:end - page] + bytes(PAGE - (end - page))
        slot = wal_buffers.slot_offset(page)
        wal_buffers.ring()[slot:slot + PAGE] = data


def set_redo_pointer(lsn: int) -> None:
    xc.store("redo_pointer", lsn)


def next_record_start() -> int:
    """Where the next record will begin (after a page header if at a page boundary).
    Caller holds WALInsertLock for a stable answer (the checkpointer's redo point)."""
    position = xc.load("insert_position")
    if position % PAGE == 0:
        position += page_header.header_size(position, lsnmod.wal_segment_size())
    return position
