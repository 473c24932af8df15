"""Freezing: replacing old transaction ids in tuple headers by "frozen, visible to all".

xids are 32 bits and wrap around, so every xid must be frozen before it is 2^31 old.
VACUUM freezes each tuple whose xmin committed before the freeze cutoff (`cutoff_xid`:
the removal horizon minus vacuum_freeze_min_age; VACUUM FREEZE uses the horizon itself):
HEAP_XMIN_FROZEN is set in t_infomask and xmin stays as it was (for forensics), as
PostgreSQL does since 9.4. An xmax older than the cutoff that only locked the row (or
whose updater aborted) is removed: xmax 0, HEAP_XMAX_INVALID. A committed deleter never
needs freezing: its tuple is dead and pruned. A multixact xmax is left alone (no
multixact freezing yet), and so is its tuple's "totally frozen" state.

`prepare` decides per tuple (heap_prepare_freeze_tuple), `freeze_page` applies the
decisions of one page in a critical section and logs XLOG_HEAP2_FREEZE_PAGE; redo applies
the same plans. While preparing, VACUUM also learns the oldest xid that stays unfrozen
in the table (`Horizon.oldest`), which becomes pg_class.relfrozenxid.

Record XLOG_HEAP2_FREEZE_PAGE (0x30): main data xl_heap_freeze_page {cutoff_xid u32,
ntuples u16}; block 0 data: ntuples xl_heap_freeze_tuple {xmax u32, offset u16,
t_infomask2 u16, t_infomask u16, frzflags u8, pad} (12 bytes each).

Entry points: FreezePlan, prepare, execute_plan, freeze_page, redo_freeze, describe_freeze, cutoff.

PostgreSQL: access/heap/heapam.c (heap_prepare_freeze_tuple, heap_execute_freeze_tuple,
heap_xlog_freeze_page), access/heap/vacuumlazy.c (lazy_scan_prune's freezing),
commands/vacuum.c (vacuum_set_xid_limits).
"""
from __future__ import annotations

import struct
from typing import NamedTuple

from pgsnake.access.common.heap_tuple import (
    HEAP_HOT_UPDATED, HEAP_KEYS_UPDATED, HEAP_XMAX_BITS, HEAP_XMAX_INVALID, HEAP_XMAX_IS_MULTI,
    HEAP_XMIN_FROZEN, HeapTupleHeader)
from pgsnake.access.heap import heap_xmax
from pgsnake.access.heap.visibility import FIRST_NORMAL_TRANSACTION_ID, xid_status_cached
from pgsnake.access.transam import multixact
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import DATA_CORRUPTED, PgError

XLOG_HEAP2_FREEZE_PAGE = 0x30
FREEZE_PAGE = struct.Struct("<IH")           # xl_heap_freeze_page
FREEZE_TUPLE = struct.Struct("<IHHHBx")      # xl_heap_freeze_tuple (12 bytes)
DEFAULT_FREEZE_MIN_AGE = 50_000_000


class FreezePlan(NamedTuple):
    """The header fields a tuple gets when frozen (xl_heap_freeze_tuple)."""
    xmax: int
    infomask2: int
    infomask: int


def cutoff(oldest_xmin: int, freeze: bool, freeze_min_age: int = DEFAULT_FREEZE_MIN_AGE) -> int:
    """vacuum_set_xid_limits' FreezeLimit: xids before it get frozen."""
    if freeze:
        return oldest_xmin
    limit = oldest_xmin - freeze_min_age
    return max(limit, FIRST_NORMAL_TRANSACTION_ID)


def _is_normal(xid: int) -> bool:
    return xid >= FIRST_NORMAL_TRANSACTION_ID


def prepare(header: HeapTupleHeader, cutoff_xid: int,
            oldest: list[int]) -> tuple[FreezePlan | None, bool]:
    """heap_prepare_freeze_tuple: (the plan if the tuple must change, totally frozen
    afterwards?). `oldest[0]` is lowered to any xid that stays unfrozen."""
    infomask = header.infomask
    infomask2 = header.infomask2
    changed = False
    xmin = header.xmin
    if infomask & HEAP_XMIN_FROZEN == HEAP_XMIN_FROZEN or not _is_normal(xmin):
        xmin_frozen = True
    elif xmin < cutoff_xid:
        if xid_status_cached(xmin) != "committed":
            raise PgError(DATA_CORRUPTED, f"uncommitted xmin {xmin} from before xid cutoff "
                                          f"{cutoff_xid} needs to be frozen")
        infomask |= HEAP_XMIN_FROZEN
        xmin_frozen = changed = True
    else:
        xmin_frozen = False
        oldest[0] = min(oldest[0], xmin)
    xmax = header.xmax
    freeze_xmax = False
    xmax_frozen = False
    if infomask & HEAP_XMAX_IS_MULTI:
        for member in multixact.members(xmax):
            if _is_normal(member.xid):
                oldest[0] = min(oldest[0], member.xid)
    elif _is_normal(xmax):          # (whatever the hint bits say, as PostgreSQL)
        if xmax < cutoff_xid:
            if not heap_xmax.is_locked_only(infomask) and \
                    xid_status_cached(xmax) == "committed":
                raise PgError(DATA_CORRUPTED, f"cannot freeze committed xmax {xmax}")
            freeze_xmax = True
        else:
            oldest[0] = min(oldest[0], xmax)
    else:
        xmax_frozen = True         # no xmax
    if freeze_xmax:
        xmax = 0
        infomask = (infomask & ~HEAP_XMAX_BITS) | HEAP_XMAX_INVALID
        infomask2 &= ~(HEAP_HOT_UPDATED | HEAP_KEYS_UPDATED)
        changed = True
    totally_frozen = xmin_frozen and (freeze_xmax or xmax_frozen)
    return (FreezePlan(xmax, infomask2, infomask) if changed else None), totally_frozen


def execute_plan(header: HeapTupleHeader, plan: FreezePlan) -> None:
    """heap_execute_freeze_tuple."""
    header.xmax = plan.xmax
    header.infomask2 = plan.infomask2
    header.infomask = plan.infomask


def freeze_page(rel, buf: int, blockno: int, plans: list[tuple[int, FreezePlan]],
                cutoff_xid: int) -> None:
    """Apply one page's freeze plans (the caller holds the page exclusively locked) and
    log them."""
    page = bufmgr.page(buf)
    with critical_section("heap freeze"):
        for offnum, plan in plans:
            execute_plan(HeapTupleHeader(pl.get_item(page, offnum)), plan)
        bufmgr.mark_dirty(buf)
        if rel.needs_wal:
            data = b"".join(FREEZE_TUPLE.pack(plan.xmax, offnum, plan.infomask2, plan.infomask, 0)
                            for offnum, plan in plans)
            lsn = wal.insert_record(
                wal.RmgrId.HEAP2, XLOG_HEAP2_FREEZE_PAGE, FREEZE_PAGE.pack(cutoff_xid, len(plans)),
                [wal.BlockRef(0, rel.locator, ForkNumber.MAIN, blockno, page, data)])
            pl.set_lsn(page, lsn)


def redo_freeze(record) -> None:
    """heap_xlog_freeze_page."""
    _cutoff, ntuples = FREEZE_PAGE.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    data = record.blocks[0].data
    for i in range(ntuples):
        xmax, offnum, infomask2, infomask, _flags = FREEZE_TUPLE.unpack_from(data, i * 12)
        execute_plan(HeapTupleHeader(pl.get_item(page, offnum)), FreezePlan(xmax, infomask2, infomask))
    bufmgr.finish_redo(buf, record)


def describe_freeze(record) -> str:
    cutoff_xid, ntuples = FREEZE_PAGE.unpack_from(record.main_data, 0)
    return f"FREEZE_PAGE cutoff xid {cutoff_xid} ntuples {ntuples}"
