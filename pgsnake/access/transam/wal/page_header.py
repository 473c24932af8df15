"""WAL page headers: the short header on every 8 KB WAL page and the long one that opens
each segment. Pure functions over bytes: `encode_page_header`, `decode_page_header`,
`header_size(lsn)`.

Short header (24 bytes, MAXALIGNed from 20):
    xlp_magic u16 (0xD110 for PostgreSQL 15), xlp_info u16 (flags below),
    xlp_tli u32 (timeline), xlp_pageaddr u64 (LSN of the page start),
    xlp_rem_len u32 (bytes of a record continued from the previous page), 4 pad
Long header (40 bytes): the short header, then xlp_sysid u64, xlp_seg_size u32,
    xlp_xlog_blcksz u32, so a segment file identifies its cluster on its own.

PostgreSQL: include/access/xlog_internal.h (XLogPageHeaderData, XLogLongPageHeaderData).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.transam.wal.lsn import WAL_PAGE_SIZE

XLOG_PAGE_MAGIC = 0xD110

XLP_FIRST_IS_CONTRECORD = 0x0001     # the page starts with the rest of a record
XLP_LONG_HEADER = 0x0002             # first page of a segment
XLP_BKP_REMOVABLE = 0x0004
XLP_FIRST_IS_OVERWRITE_CONTRECORD = 0x0008
XLP_ALL_FLAGS = 0x000F

_SHORT = struct.Struct("<HHIQI4x")
_LONG_TAIL = struct.Struct("<QII")
SHORT_HEADER_SIZE = _SHORT.size              # 24
LONG_HEADER_SIZE = _SHORT.size + _LONG_TAIL.size   # 40


@dataclasses.dataclass(slots=True)
class PageHeader:
    magic: int
    info: int
    timeline: int
    page_address: int
    remaining_length: int
    system_identifier: int = 0     # long header only
    segment_size: int = 0
    block_size: int = 0

    @property
    def is_long(self) -> bool:
        return bool(self.info & XLP_LONG_HEADER)

    @property
    def size(self) -> int:
        return LONG_HEADER_SIZE if self.is_long else SHORT_HEADER_SIZE


def header_size(page_lsn: int, segment_size: int) -> int:
    """Header bytes at the start of the page beginning at `page_lsn`."""
    return LONG_HEADER_SIZE if page_lsn % segment_size == 0 else SHORT_HEADER_SIZE


def encode_page_header(page_lsn: int, timeline: int, remaining_length: int,
                       segment_size: int, system_identifier: int) -> bytes:
    info = XLP_FIRST_IS_CONTRECORD if remaining_length else 0
    if page_lsn % segment_size == 0:
        info |= XLP_LONG_HEADER
        return (_SHORT.pack(XLOG_PAGE_MAGIC, info, timeline, page_lsn, remaining_length)
                + _LONG_TAIL.pack(system_identifier, segment_size, WAL_PAGE_SIZE))
    return _SHORT.pack(XLOG_PAGE_MAGIC, info, timeline, page_lsn, remaining_length)


def decode_page_header(data) -> PageHeader:
    magic, info, tli, addr, rem = _SHORT.unpack_from(data, 0)
    header = PageHeader(magic, info, tli, addr, rem)
    if info & XLP_LONG_HEADER:
        header.system_identifier, header.segment_size, header.block_size = \
            _LONG_TAIL.unpack_from(data, _SHORT.size)
    return header


def validate_page_header(header: PageHeader, expected_page_lsn: int, segment_size: int,
                         system_identifier: int | None) -> str | None:
    """Why this header cannot be the page at `expected_page_lsn`, or None if it can."""
    if header.magic != XLOG_PAGE_MAGIC:
        return f"invalid magic number {header.magic:04X}"
    if header.info & ~XLP_ALL_FLAGS:
        return f"invalid info bits {header.info:04X}"
    if header.page_address != expected_page_lsn:
        return "unexpected pageaddr"
    at_segment_start = expected_page_lsn % segment_size == 0
    if at_segment_start != header.is_long:
        return "long header flag in the wrong place"
    if header.is_long:
        if system_identifier is not None and header.system_identifier != system_identifier:
            return "WAL file is from a different database system"
        if header.segment_size != segment_size or header.block_size != WAL_PAGE_SIZE:
            return "WAL file has an incorrect segment or page size"
    return None
