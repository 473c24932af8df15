"""Reading WAL records back from segment files, validating as it goes.

Entry points:
    read_records(start_lsn) -> Iterator[DecodedRecord]
    WalReader(start_lsn): the same, plus `end_of_wal` (where valid WAL ends) and
        `end_reason` (why reading stopped) for recovery and waldump.

Validation, as PostgreSQL's xlogreader: each page header must have the v15 magic, the
expected page address and timeline flags; a page in the middle of a record must say
XLP_FIRST_IS_CONTRECORD with xlp_rem_len equal to the bytes still missing; a record must
have a sane length, xl_prev equal to the previous record's start, and a correct CRC.
The first failure is the end of WAL: after a crash that is the torn or zeroed tail, and
reading stops cleanly there (no exception). A read error (EIO) ends it too, with
PostgreSQL's "could not read from log segment ..." as the reason: crash recovery treats
an unreadable page like an invalid one (emode_for_corrupt_record). Segments are read
through storage/file/file_io.py, so tests can fault them.

PostgreSQL: access/transam/xlogreader.c (XLogReadRecord, XLogReaderValidatePageHeader,
ValidXLogRecordHeader, ValidXLogRecord).
"""
from __future__ import annotations

import os
from typing import Iterator

from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.access.transam.wal import page_header, record
from pgsnake.access.transam.wal.record import DecodedRecord
from pgsnake.access.transam.wal.xlog_records import XLOG_SWITCH
from pgsnake.storage.file import file_io
from pgsnake.utils.errors import strerror

PAGE = lsnmod.WAL_PAGE_SIZE
MAX_RECORD_LENGTH = 1024 * 1024 * 1024


class EndOfWal(Exception):
    """Raised internally when the bytes at a position are not valid WAL."""


class WalReader:
    def __init__(self, start_lsn: int, timeline: int | None = None,
                 system_identifier: int | None = None, segment_size: int | None = None,
                 directory: str = "pg_wal") -> None:
        from pgsnake.access.transam.wal import xlog_control as xc
        if timeline is None:
            timeline = xc.load("timeline") if xc.is_initialised() else 1
        self.timeline = timeline or 1
        self.system_identifier = system_identifier
        self.segment_size = segment_size or lsnmod.wal_segment_size()
        self.directory = directory
        self.position = start_lsn
        self.end_of_wal = start_lsn       # end of the last valid record read
        self.end_reason: str | None = None
        self.last_record_lsn = 0
        self._fds: dict[int, int | None] = {}
        self._page_lsn = -1
        self._page = b""

    # ---- pages -------------------------------------------------------------------------
    def _read_page(self, page_lsn: int) -> bytes:
        if page_lsn == self._page_lsn:
            return self._page
        segno = page_lsn // self.segment_size
        name = lsnmod.segment_file_name(self.timeline, segno, self.segment_size)
        if segno not in self._fds:
            path = f"{self.directory}/{name}"
            try:
                self._fds[segno] = file_io.open_file(path, os.O_RDONLY)
            except FileNotFoundError:
                self._fds[segno] = None
            except OSError as e:
                raise EndOfWal(f'could not open file "{path}": {strerror(e)}') from None
        fd = self._fds[segno]
        if fd is None:
            raise EndOfWal(f"segment for {lsnmod.format_lsn(page_lsn)} does not exist")
        offset = page_lsn % self.segment_size
        try:
            data = file_io.pread(fd, PAGE, offset)
        except OSError as e:
            raise EndOfWal(f"could not read from log segment {name}, offset {offset}: "
                           f"{strerror(e)}") from None
        if len(data) < PAGE:
            raise EndOfWal(f"short read of page at {lsnmod.format_lsn(page_lsn)}")
        header = page_header.decode_page_header(data)
        problem = page_header.validate_page_header(header, page_lsn, self.segment_size,
                                                   self.system_identifier)
        if problem:
            raise EndOfWal(f"{problem} in page at {lsnmod.format_lsn(page_lsn)}")
        if header.is_long and self.system_identifier is None:
            self.system_identifier = header.system_identifier
        self._page_lsn, self._page, self._header = page_lsn, data, header
        return data

    def _gather(self, position: int, count: int, record_total: int, done_before: int) -> tuple[bytes, int]:
        """`count` record bytes starting at `position`, following page boundaries.
        `record_total`/`done_before` let continuation pages be checked (xlp_rem_len)."""
        parts = []
        while count > 0:
            in_page = position % PAGE
            if in_page == 0:
                page = self._read_page(position)
                header = self._header
                if not header.info & page_header.XLP_FIRST_IS_CONTRECORD:
                    raise EndOfWal(f"there is no contrecord flag at {lsnmod.format_lsn(position)}")
                if record_total and header.remaining_length != record_total - done_before:
                    raise EndOfWal(f"invalid contrecord length {header.remaining_length} "
                                   f"at {lsnmod.format_lsn(position)}")
                position += header.size
                in_page = header.size
            page = self._read_page(position - in_page)
            take = min(count, PAGE - in_page)
            parts.append(page[in_page:in_page + take])
            position += take
            count -= take
            done_before += take
        return b"".join(parts), position

    # ---- records -----------------------------------------------------------------------
    def read_next(self) -> DecodedRecord | None:
        """The next valid record, or None at the end of WAL (end_reason says why)."""
        if self.end_reason is not None:
            return None
        try:
            return self._read_one()
        except EndOfWal as exc:
            self.end_reason = str(exc)
            return None

    def _read_one(self) -> DecodedRecord:
        position = self.position
        if position % PAGE == 0:
            page = self._read_page(position)
            if self._header.info & page_header.XLP_FIRST_IS_CONTRECORD:
                if self.last_record_lsn:
                    raise EndOfWal(f"unexpected contrecord at {lsnmod.format_lsn(position)}")
                # Started reading at a page boundary: skip the tail of an earlier record.
                position = lsnmod.align(position + self._header.size + self._header.remaining_length)
            else:
                position += self._header.size
        start = position
        # A record header may itself be split across a page boundary (records are only
        # 8-byte aligned), so it is gathered like the rest of the record.
        head, position = self._gather(position, record.RECORD_HEADER_SIZE, 0, 0)
        total, _xid, prev, _info, _rmid, _crc = record.record_header(head)
        if total == 0:
            raise EndOfWal(f"invalid record length at {lsnmod.format_lsn(start)}: "
                           f"expected at least {record.RECORD_HEADER_SIZE}, got 0")
        if total < record.RECORD_HEADER_SIZE or total > MAX_RECORD_LENGTH:
            raise EndOfWal(f"invalid record length at {lsnmod.format_lsn(start)}: {total}")
        if self.last_record_lsn and prev != self.last_record_lsn:
            raise EndOfWal(f"record with incorrect prev-link {lsnmod.format_lsn(prev)} "
                           f"at {lsnmod.format_lsn(start)}")
        rest, position = self._gather(position, total - record.RECORD_HEADER_SIZE, total,
                                      record.RECORD_HEADER_SIZE)
        whole = head + rest
        if not record.record_crc_ok(whole):
            raise EndOfWal(f"incorrect resource manager data checksum in record at "
                           f"{lsnmod.format_lsn(start)}")
        end = lsnmod.align(position)
        try:
            decoded = record.decode_record(whole, start, end)
        except record.InvalidRecord as exc:
            raise EndOfWal(f"{exc} at {lsnmod.format_lsn(start)}") from None
        if _rmid == 0 and (_info & 0xF0) == XLOG_SWITCH:
            # The rest of the segment is skipped: the next record starts the next one.
            end = ((end - 1) // self.segment_size + 1) * self.segment_size
        self.position = end
        self.end_of_wal = end
        self.last_record_lsn = start
        return decoded

    def __iter__(self) -> Iterator[DecodedRecord]:
        while True:
            rec = self.read_next()
            if rec is None:
                return
            yield rec

    def close(self) -> None:
        for fd in self._fds.values():
            if fd is not None:
                file_io.close_file(fd)
        self._fds.clear()


def read_records(start_lsn: int, **kwargs) -> Iterator[DecodedRecord]:
    """Records from `start_lsn` (a record start or a page boundary) to the end of valid WAL."""
    reader = WalReader(start_lsn, **kwargs)
    try:
        yield from reader
    finally:
        reader.close()


def read_record_at(lsn: int, **kwargs) -> DecodedRecord | None:
    """The single record starting at `lsn`, or None if there is no valid one there."""
    reader = WalReader(lsn, **kwargs)
    try:
        return reader.read_next()
    finally:
        reader.close()
