"""pg_walinspect: the WAL, record by record, from SQL, as PostgreSQL 15's extension.

    pg_get_wal_record_info(in_lsn pg_lsn) -> record
    pg_get_wal_records_info(start_lsn pg_lsn, end_lsn pg_lsn) -> setof record
    pg_get_wal_records_info_till_end_of_wal(start_lsn pg_lsn) -> setof record
    pg_get_wal_stats(start_lsn, end_lsn, per_record bool default false) -> setof record
    pg_get_wal_stats_till_end_of_wal(start_lsn, per_record bool default false)

A record row: its start, end and previous LSNs, xid, resource manager and record type
(the names pg_waldump prints), total length, main data length, full-page image bytes,
the description and the block references ("blkref #0: rel 1663/5/16384 fork main blk
0", with "(FPW); hole: offset: n, length: n" for an image). The first record is the one
starting at or after the given LSN. Statistics count records, their size without
images, image bytes and both together per resource manager (every built-in one, zeros
included) or per record type (those that occur), with percentages of the totals.

LSNs past the flushed end of WAL are refused (22023 "cannot accept future start LSN",
with the last known LSN in DETAIL), as is an empty range.

Full-page images: pgsnake's decoder keeps the whole page, so the stored image length and
hole are recomputed the way the WAL writer cuts them (the free space between pd_lower
and pd_upper of a standard page).

PostgreSQL: contrib/pg_walinspect/pg_walinspect.c (PG 15), access/rmgrdesc/xlogdesc.c
(XLogRecGetBlockRefInfo).
"""
from __future__ import annotations

import struct

from pgsnake.access.transam.wal import lsn as lsnmod
from pgsnake.access.transam.wal import reader, resource_managers, waldump, wal
from pgsnake.contrib import extensions
from pgsnake.datatypes import functions
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

EXTENSION = "pg_walinspect"
PG_LSN, XID, TEXT, INT4, INT8, FLOAT8, BOOL, RECORD = 3220, 28, 25, 23, 20, 701, 16, 2249
PAGE_SIZE = 8192
MAX_BUILTIN_RMGR = 21
_FORKS = {0: "main", 1: "fsm", 2: "vm", 3: "init"}

RECORD_COLUMNS = (
    ("start_lsn", PG_LSN), ("end_lsn", PG_LSN), ("prev_lsn", PG_LSN), ("xid", XID),
    ("resource_manager", TEXT), ("record_type", TEXT), ("record_length", INT4),
    ("main_data_length", INT4), ("fpi_length", INT4), ("description", TEXT),
    ("block_ref", TEXT))
STATS_COLUMNS = (
    ("resource_manager/record_type", TEXT), ("count", INT8), ("count_percentage", FLOAT8),
    ("record_size", INT8), ("record_size_percentage", FLOAT8), ("fpi_size", INT8),
    ("fpi_size_percentage", FLOAT8), ("combined_size", INT8),
    ("combined_size_percentage", FLOAT8))


def _lsn_text(value: int) -> str:
    return lsnmod.format_lsn(value)


def _flushed() -> int:
    return wal.flushed_lsn()


def _future(what: str, current: int) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, f"cannot accept future {what} LSN",
                   detail=f"Last known WAL LSN on the database system is at "
                          f"{_lsn_text(current)}.")


def _image_hole(image: bytes) -> tuple[int, int]:
    """(offset, length) of a standard page's free space, which the writer leaves out."""
    lower, upper = struct.unpack_from("<HH", image, 12)
    if 24 <= lower <= upper <= PAGE_SIZE:
        return lower, upper - lower
    return 0, 0


def _kind_and_description(rec) -> tuple[str, str]:
    """pg_waldump's record type and description for the record."""
    line = waldump.format_record(rec)
    desc = line.split("desc: ", 1)[1] if "desc: " in line else ""
    desc = desc.split(", blkref #", 1)[0]
    kind, _, detail = desc.partition(" ")
    return kind, detail


def _block_refs(rec) -> tuple[str, int]:
    parts, fpi_total = [], 0
    for block_id in sorted(rec.blocks):
        block = rec.blocks[block_id]
        text = (f"blkref #{block_id}: rel {block.locator.spcoid}/{block.locator.dboid}/"
                f"{block.locator.relfilenode} fork {_FORKS.get(block.fork, block.fork)} "
                f"blk {block.blockno}")
        if block.image is not None:
            hole_offset, hole_length = _image_hole(block.image)
            fpi_total += PAGE_SIZE - hole_length
            verification = "" if block.apply_image else " for WAL verification"
            text += f" (FPW{verification}); hole: offset: {hole_offset}, length: {hole_length}"
        parts.append(text)
    return " ".join(parts), fpi_total


def _row(rec) -> tuple:
    kind, description = _kind_and_description(rec)
    block_ref, fpi_length = _block_refs(rec)
    return (rec.lsn, rec.end_lsn, rec.prev_lsn, rec.xid,
            resource_managers.rmgr_name(rec.rmid), kind, rec.total_length,
            len(rec.main_data), fpi_length, description or None, block_ref or None)


def _records_from(start: int, end: int | None):
    """Every record starting at or after `start` and before `end` (None: the end)."""
    wal_reader = reader.WalReader(lsnmod.page_start(start))
    try:
        for rec in wal_reader:
            if rec.lsn < start:
                continue
            if end is not None and rec.lsn >= end:
                break
            yield rec
    finally:
        wal_reader.close()


def record_info(in_lsn: int):
    current = _flushed()
    if in_lsn > current:
        raise _future("input", current)
    for rec in _records_from(in_lsn, None):
        return _row(rec)
    raise PgError("XX000", f"could not read WAL at {_lsn_text(in_lsn)}")


def _check_range(start: int, end: int | None) -> None:
    current = _flushed()
    if start > current:
        raise _future("start", current)
    if end is not None and end > current:
        raise _future("end", current)
    if end is not None and start >= end:
        raise PgError(INVALID_PARAMETER_VALUE, "WAL start LSN must be less than end LSN")


def records_info(start: int, end: int):
    _check_range(start, end)
    for rec in _records_from(start, end):
        yield _row(rec)


def records_info_till_end(start: int):
    _check_range(start, None)
    for rec in _records_from(start, _flushed()):
        yield _row(rec)


def _percentage(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _stats(start: int, end: int, per_record: bool):
    counts: dict = {}       # (rmid, info >> 4 or -1) -> (count, size, image bytes)
    kinds: dict = {}
    for rec in _records_from(start, end):
        _refs, fpi = _block_refs(rec)
        key = (rec.rmid, rec.info >> 4 if per_record else -1)
        if per_record and key not in kinds:
            kinds[key] = _kind_and_description(rec)[0]
        count, size, image = counts.get(key, (0, 0, 0))
        counts[key] = (count + 1, size + rec.total_length - fpi, image + fpi)
    if not per_record:
        for rmid in range(MAX_BUILTIN_RMGR + 1):
            counts.setdefault((rmid, -1), (0, 0, 0))
    total_count = sum(c for c, _s, _i in counts.values())
    total_size = sum(s for _c, s, _i in counts.values())
    total_image = sum(i for _c, _s, i in counts.values())
    total_combined = total_size + total_image
    for key in sorted(counts):          # resource manager, then record kind (info) order
        count, size, image = counts[key]
        name = resource_managers.rmgr_name(key[0])
        label = f"{name}/{kinds[key]}" if key in kinds else name
        yield (label, count, _percentage(count, total_count), size,
               _percentage(size, total_size), image, _percentage(image, total_image),
               size + image, _percentage(size + image, total_combined))


def wal_stats(start: int, end: int, per_record: bool = False):
    _check_range(start, end)
    yield from _stats(start, end, bool(per_record))


def wal_stats_till_end(start: int, per_record: bool = False):
    _check_range(start, None)
    yield from _stats(start, _flushed(), bool(per_record))


def register_all() -> None:
    def add(name, arg_types, fn, columns, returns_set=True):
        functions.register(name, arg_types, RECORD, fn, oid=extensions.next_function_oid(),
                           volatility="v", returns_set=returns_set, out_columns=columns,
                           rows=1000 if returns_set else 0, extension=EXTENSION)
    add("pg_get_wal_record_info", [PG_LSN], record_info, RECORD_COLUMNS, returns_set=False)
    add("pg_get_wal_records_info", [PG_LSN, PG_LSN], records_info, RECORD_COLUMNS)
    add("pg_get_wal_records_info_till_end_of_wal", [PG_LSN], records_info_till_end,
        RECORD_COLUMNS)
    add("pg_get_wal_stats", [PG_LSN, PG_LSN, BOOL], wal_stats, STATS_COLUMNS)
    add("pg_get_wal_stats_till_end_of_wal", [PG_LSN, BOOL], wal_stats_till_end, STATS_COLUMNS)
    # PostgreSQL's declarations: argument names, per_record DEFAULT false.
    extensions.set_arguments("pg_get_wal_record_info", (PG_LSN,), ("in_lsn",))
    extensions.set_arguments("pg_get_wal_records_info", (PG_LSN, PG_LSN),
                             ("start_lsn", "end_lsn"))
    extensions.set_arguments("pg_get_wal_records_info_till_end_of_wal", (PG_LSN,),
                             ("start_lsn",))
    extensions.set_arguments("pg_get_wal_stats", (PG_LSN, PG_LSN, BOOL),
                             ("start_lsn", "end_lsn", "per_record"), (None, None, "false"))
    extensions.set_arguments("pg_get_wal_stats_till_end_of_wal", (PG_LSN, BOOL),
                             ("start_lsn", "per_record"), (None, "false"))


register_all()
