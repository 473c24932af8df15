"""Log sequence numbers: WAL positions, their text form, and WAL segment file names.

An LSN is a 64-bit byte position in the endless WAL stream. The stream is cut into
segment files of `wal_segment_size` bytes (16 MB by default), each cut into WAL pages of
8192 bytes. Entry points: `format_lsn` / `parse_lsn` ('0/16B3748'), `segment_number`,
`segment_file_name` ('000000010000000000000001'), `segment_start`, `align`.

PostgreSQL: include/access/xlog_internal.h (XLByteToSeg, XLogFileName, XLogSegmentOffset),
utils/adt/pg_lsn.c (pg_lsn_in, pg_lsn_out).
"""
from __future__ import annotations

import re

from pgsnake.utils import settings

WAL_PAGE_SIZE = 8192          # XLOG_BLCKSZ
MAXIMUM_ALIGNOF = 8           # records start on 8-byte boundaries
INVALID_LSN = 0

_LSN_TEXT = re.compile(r"([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})")


def wal_segment_size() -> int:
    """The cluster's segment size (fixed at initdb; pg_control records it)."""
    return settings.get("wal_segment_size")


def format_lsn(lsn: int) -> str:
    """'0/16B3748': high and low 32-bit halves in upper-case hex, as pg_lsn prints."""
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


def parse_lsn(text: str) -> int:
    m = _LSN_TEXT.fullmatch(text.strip())
    if m is None:
        raise ValueError(f'invalid input syntax for type pg_lsn: "{text}"')
    return (int(m.group(1), 16) << 32) | int(m.group(2), 16)


def align(position: int) -> int:
    """MAXALIGN: round up to the next multiple of 8."""
    return (position + MAXIMUM_ALIGNOF - 1) & ~(MAXIMUM_ALIGNOF - 1)


def segment_number(lsn: int, segment_size: int | None = None) -> int:
    return lsn // (segment_size or wal_segment_size())


def segment_start(segno: int, segment_size: int | None = None) -> int:
    return segno * (segment_size or wal_segment_size())


def segment_offset(lsn: int, segment_size: int | None = None) -> int:
    return lsn % (segment_size or wal_segment_size())


def page_start(lsn: int) -> int:
    return lsn - lsn % WAL_PAGE_SIZE


def segment_file_name(timeline: int, segno: int, segment_size: int | None = None) -> str:
    """'TTTTTTTTXXXXXXXXYYYYYYYY': timeline, then the segment number split into the
    'logical log id' (segno / segments per 4 GB) and the segment within it."""
    per_xlogid = 0x1_0000_0000 // (segment_size or wal_segment_size())
    return f"{timeline:08X}{segno // per_xlogid:08X}{segno % per_xlogid:08X}"


def parse_segment_file_name(name: str, segment_size: int | None = None) -> tuple[int, int]:
    """(timeline, segno) from a 24-hex-digit segment file name."""
    if len(name) != 24 or not all(c in "0123456789ABCDEF" for c in name):
        raise ValueError(f"not a WAL segment file name: {name!r}")
    per_xlogid = 0x1_0000_0000 // (segment_size or wal_segment_size())
    return int(name[:8], 16), int(name[8:16], 16) * per_xlogid + int(name[16:], 16)


def segment_path(timeline: int, segno: int, segment_size: int | None = None) -> str:
    return "pg_wal/" + segment_file_name(timeline, segno, segment_size)
