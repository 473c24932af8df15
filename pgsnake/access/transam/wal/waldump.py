"""One line per WAL record, in pg_waldump's format, for `pgsnake waldump` and tests.

    rmgr: XLOG        len (rec/tot):    114/   114, tx:          0, lsn: 0/01000028, prev 0/00000000, desc: CHECKPOINT_SHUTDOWN redo 0/1000028; ...

Entry points: `format_record(record)`, `dump(start_lsn)` (an iterator of lines).
The record kind after `desc:` comes from an rmgr's optional `identify(info)` function
(registered with `register_identify`), its details from the rmgr's describe function.

PostgreSQL: bin/pg_waldump/pg_waldump.c (XLogDumpDisplayRecord).
"""
from __future__ import annotations

from typing import Callable, Iterator

from pgsnake.access.transam.wal import reader, resource_managers, xlog_records
from pgsnake.access.transam.wal.resource_managers import RmgrId

_identify: dict[int, Callable[[int], str]] = {int(RmgrId.XLOG): xlog_records.identify}


def register_identify(rmid: int, fn: Callable[[int], str]) -> None:
    _identify[int(rmid)] = fn


def _lsn(value: int) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:08X}"


def format_record(rec) -> str:
    rmgr = resource_managers.get_rmgr(rec.rmid)
    name = resource_managers.rmgr_name(rec.rmid)
    identify = _identify.get(int(rec.rmid))
    detail = ""
    if rmgr is not None and rmgr.describe is not None:
        try:
            detail = rmgr.describe(rec)
        except Exception as exc:           # a describe bug must not stop a dump
            detail = f"(describe failed: {exc})"
    if identify is not None:
        # pg_waldump prints "desc: KIND " then the description, so a record with an
        # empty one keeps the space ("SPLIT_PAGE , blkref #0: ...").
        kind = identify(rec.info) + ("" if detail else " ")
    elif detail:
        # Without an identify function the description names the kind itself
        # (heap's: "INSERT off 3 flags 0x00"), as pg_waldump prints it.
        kind, detail = detail, ""
    else:
        kind = f"UNKNOWN ({rec.info:#04x})"
    total = rec.total_length
    image_bytes = sum(len(b.image) for b in rec.blocks.values() if b.image is not None)
    line = (f"rmgr: {name:<11} len (rec/tot): {total - image_bytes:>6}/{total:>6}, "
            f"tx: {rec.xid:>10}, lsn: {_lsn(rec.lsn)}, prev {_lsn(rec.prev_lsn)}, "
            f"desc: {kind}{' ' + detail if detail else ''}")
    for block_id in sorted(rec.blocks):
        b = rec.blocks[block_id]
        line += (f", blkref #{block_id}: rel {b.locator.spcoid}/{b.locator.dboid}/"
                 f"{b.locator.relfilenode} blk {b.blockno}{' FPW' if b.image is not None else ''}")
    return line


def dump(start_lsn: int, **kwargs) -> Iterator[str]:
    for rec in reader.read_records(start_lsn, **kwargs):
        yield format_record(rec)
