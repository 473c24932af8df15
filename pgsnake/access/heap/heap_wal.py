"""WAL records of the heap resource manager (rmgr 10): their layout, redo and description.

Records (info bits; XLOG_HEAP_INIT_PAGE 0x80 means "the page was empty: initialise it"):
  XLOG_HEAP_INSERT 0x00  main: offnum u16, flags u8             block 0: the page,
                         data = the whole tuple (header included)
  XLOG_HEAP_DELETE 0x10  main: xmax u32, offnum u16, infobits u8, flags u8
                         block 0: the page
  XLOG_HEAP_UPDATE 0x20  main: old_xmax u32, old_offnum u16, old_infobits u8, flags u8,
                         new_xmax u32, new_offnum u16
                         block 0: the new tuple's page, data = the new tuple;
                         block 1: the old tuple's page, when it is another page
  XLOG_HEAP_HOT_UPDATE 0x40  the same layout, for a heap-only new version on the old
                         page (redo also sets HEAP_HOT_UPDATED on the old one)
  XLOG_HEAP_INPLACE 0x70 main: offnum u16 (xl_heap_inplace)    block 0: the page, data =
                         the tuple's new data after its header (heap_inplace_update)
  XLOG_HEAP_LOCK 0x60    main: xmax u32 (xid or multixact), offnum u16, infobits u8,
                         flags u8 (xl_heap_lock)          block 0: the page
and of the heap2 resource manager (rmgr 9):
  XLOG_HEAP2_LOCK_UPDATED 0x60   the same layout (xl_heap_lock_updated): a lock placed
                         on a newer version of a row while following its update chain

"infobits" carry the xmax kind of the changed tuple (compute_infobits): IS_MULTI,
LOCK_ONLY, EXCL_LOCK, KEYSHR_LOCK (both lock bits = FOR SHARE), KEYS_UPDATED; redo puts
them back with fix_infomask_from_infobits. A locked tuple's xmax never needs the
locker's command id, so lock redo leaves t_cid at 0 like every redone xmax.

Redo is idempotent: `bufmgr.read_buffer_for_redo` says 'done' when the page LSN shows
the change is already there, and 'restored' when a full-page image replaced the page.
Redone tuples get t_cid 0 (FirstCommandId) and no combo cid, as in PostgreSQL.

Entry points: encode helpers used by heapam (pack_*), redo, describe; registered with
`wal.register_rmgr` at import.

PostgreSQL: access/heap/heapam.c (heap_xlog_insert, heap_xlog_delete, heap_xlog_update,
heap_xlog_lock, heap_xlog_lock_updated, compute_infobits, fix_infomask_from_infobits),
access/rmgrdesc/heapdesc.c (heap_desc, heap2_desc, heap_identify),
include/access/heapam_xlog.h.
Where we differ: an insert's block data is the whole tuple (PostgreSQL logs
xl_heap_header + the data after the fixed header and rebuilds xmin from the record's
xid); update never logs a prefix/suffix-compressed tuple.
"""
from __future__ import annotations

import struct

from pgsnake.access.common.heap_tuple import (
    HEAP_COMBOCID, HEAP_HOT_UPDATED, HEAP_KEYS_UPDATED, HEAP_XMAX_BITS, HEAP_XMAX_EXCL_LOCK,
    HEAP_XMAX_IS_MULTI, HEAP_XMAX_KEYSHR_LOCK, HEAP_XMAX_LOCK_ONLY, HeapTupleHeader)
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl

XLOG_HEAP_INSERT = 0x00
XLOG_HEAP_DELETE = 0x10
XLOG_HEAP_UPDATE = 0x20
XLOG_HEAP_TRUNCATE = 0x30
XLOG_HEAP_HOT_UPDATE = 0x40
XLOG_HEAP_CONFIRM = 0x50
XLOG_HEAP_LOCK = 0x60
XLOG_HEAP_INPLACE = 0x70
XLOG_HEAP_OPMASK = 0x70
XLOG_HEAP_INIT_PAGE = 0x80
XLOG_HEAP2_LOCK_UPDATED = 0x60

# infobits_set (compressed t_infomask/t_infomask2 bits of the deleted/updated tuple)
XLHL_XMAX_IS_MULTI = 0x01
XLHL_XMAX_LOCK_ONLY = 0x02
XLHL_XMAX_EXCL_LOCK = 0x04
XLHL_XMAX_KEYSHR_LOCK = 0x08
XLHL_KEYS_UPDATED = 0x10

INSERT = struct.Struct("<HB")
DELETE = struct.Struct("<IHBB")
XLH_DELETE_IS_SUPER = 0x08               # xl_heap_delete.flags: heap_abort_speculative
# The change cleared the page's PD_ALL_VISIBLE, so redo clears the visibility map bits.
XLH_INSERT_ALL_VISIBLE_CLEARED = 0x01
XLH_DELETE_ALL_VISIBLE_CLEARED = 0x01
XLH_UPDATE_OLD_ALL_VISIBLE_CLEARED = 0x01
XLH_UPDATE_NEW_ALL_VISIBLE_CLEARED = 0x02
XLH_LOCK_ALL_FROZEN_CLEARED = 0x01          # xl_heap_lock(_updated).flags
UPDATE = struct.Struct("<IHBBIH")
LOCK = struct.Struct("<IHBB")             # xl_heap_lock and xl_heap_lock_updated
INPLACE = struct.Struct("<H")             # xl_heap_inplace


def compute_infobits(infomask: int, infomask2: int) -> int:
    """The xmax bits a delete/update/lock record carries (compute_infobits)."""
    return ((XLHL_XMAX_IS_MULTI if infomask & HEAP_XMAX_IS_MULTI else 0)
            | (XLHL_XMAX_LOCK_ONLY if infomask & HEAP_XMAX_LOCK_ONLY else 0)
            | (XLHL_XMAX_EXCL_LOCK if infomask & HEAP_XMAX_EXCL_LOCK else 0)
            | (XLHL_XMAX_KEYSHR_LOCK if infomask & HEAP_XMAX_KEYSHR_LOCK else 0)
            | (XLHL_KEYS_UPDATED if infomask2 & HEAP_KEYS_UPDATED else 0))


def bits_from_infobits(infobits: int) -> tuple[int, int]:
    """(t_infomask bits, t_infomask2 bits) that `infobits` stand for
    (fix_infomask_from_infobits)."""
    infomask = ((HEAP_XMAX_IS_MULTI if infobits & XLHL_XMAX_IS_MULTI else 0)
                | (HEAP_XMAX_LOCK_ONLY if infobits & XLHL_XMAX_LOCK_ONLY else 0)
                | (HEAP_XMAX_EXCL_LOCK if infobits & XLHL_XMAX_EXCL_LOCK else 0)
                | (HEAP_XMAX_KEYSHR_LOCK if infobits & XLHL_XMAX_KEYSHR_LOCK else 0))
    return infomask, (HEAP_KEYS_UPDATED if infobits & XLHL_KEYS_UPDATED else 0)


def set_xmax(header: HeapTupleHeader, xmax: int, infomask_bits: int,
             infomask2_bits: int) -> None:
    """Replace the tuple's xmax and its kind bits (HEAP_XMAX_BITS, KEYS_UPDATED); the
    hint bits about the old xmax go with it."""
    header.infomask = (header.infomask & ~HEAP_XMAX_BITS) | infomask_bits
    header.infomask2 = (header.infomask2 & ~HEAP_KEYS_UPDATED) | infomask2_bits
    header.xmax = xmax


def set_deleted(header: HeapTupleHeader, xmax: int, cid: int, combo: bool,
                infomask_bits: int, infomask2_bits: int,
                new_ctid: tuple[int, int] | None) -> None:
    """Stamp a tuple as deleted/updated by `xmax` (a plain xid, or a multixact that also
    names the lockers that stay) with t_cid = `cid` (shared by heapam and redo)."""
    set_xmax(header, xmax, infomask_bits, infomask2_bits)
    infomask = header.infomask & ~HEAP_COMBOCID
    header.infomask = infomask | (HEAP_COMBOCID if combo else 0)
    header.infomask2 = header.infomask2 & ~HEAP_HOT_UPDATED
    header.cid = cid
    if new_ctid is not None:
        header.ctid = new_ctid


def set_locked(header: HeapTupleHeader, tid: tuple[int, int], xmax: int, infomask_bits: int,
               infomask2_bits: int) -> None:
    """Stamp a row lock (heap_lock_tuple; shared with redo). A lock that is not an update
    leaves no forward link: t_ctid points at the tuple itself. t_cid is kept: a locked
    tuple may carry the cmax of an earlier update by the same transaction."""
    set_xmax(header, xmax, infomask_bits, infomask2_bits)
    if infomask_bits & HEAP_XMAX_LOCK_ONLY:
        header.infomask2 = header.infomask2 & ~HEAP_HOT_UPDATED
        header.ctid = tid


def _set_prunable(page, xid: int) -> None:
    """PageSetPrunable, as heapam does on the primary (pruning.set_prunable)."""
    current = pl.get_prune_xid(page)
    if xid and (not current or xid < current):
        pl.set_prune_xid(page, xid)


def _redo_add_tuple(record, block_id: int, offnum: int) -> None:
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    if record.info & XLOG_HEAP_INIT_PAGE or pl.is_new(page):
        pl.init_page(page)
    _clear_all_visible(page)
    tuple_data = record.blocks[block_id].data
    if pl.add_item(page, tuple_data, offnum) != offnum:
        raise RuntimeError(f"heap redo: failed to add tuple at offset {offnum}")
    bufmgr.finish_redo(buf, record)


def _clear_all_visible(page) -> None:
    """Every insert, update and delete leaves its page without PD_ALL_VISIBLE (if the
    primary's page had it, the change cleared it; if not, this changes nothing)."""
    pl.set_flags(page, pl.get_flags(page) & ~pl.PD_ALL_VISIBLE)


def _redo_clear_map(record, block_id: int, flags: int, bit: int) -> None:
    """The record says the change cleared the page's visibility map bits: clear them
    again (visibility_map rule V2), before the heap page is looked at."""
    if flags & bit:
        from pgsnake.access.heap import visibility_map
        block = record.blocks[block_id]
        visibility_map.redo_clear(block.locator, block.blockno)


def _redo_tuple_header(record, block_id: int, offnum: int, *, clears_visible: bool = False):
    """(buf, header of the tuple at offnum) when the block needs redo, else None."""
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return None
    page = bufmgr.page(buf)
    if clears_visible:
        _clear_all_visible(page)
    if offnum > pl.max_offset(page) or pl.item_id(page, offnum)[1] != pl.LP_NORMAL:
        bufmgr.unlock_release_buffer(buf)
        raise RuntimeError(f"heap redo: invalid line pointer {offnum}")
    return buf, HeapTupleHeader(pl.get_item(page, offnum))


def _redo_mark_deleted(record, block_id: int, offnum: int, xmax: int, infobits: int,
                       new_ctid: tuple[int, int] | None, *, super_delete: bool = False) -> None:
    found = _redo_tuple_header(record, block_id, offnum, clears_visible=True)
    if found is None:
        return
    buf, header = found
    set_deleted(header, xmax, 0, False, *bits_from_infobits(infobits),
                new_ctid if new_ctid is not None else (record.blocks[block_id].blockno, offnum))
    if super_delete:
        header.xmin = 0                  # dead to everyone, at once
    else:
        _set_prunable(bufmgr.page(buf), record.xid)
    bufmgr.finish_redo(buf, record)


def _redo_lock(record, updated_version: bool) -> None:
    """XLOG_HEAP_LOCK / XLOG_HEAP2_LOCK_UPDATED. A plain lock also clears the forward
    link and resets t_cid, as heap_xlog_lock does; a lock on an updated version keeps
    both (heap_xlog_lock_updated)."""
    xmax, offnum, infobits, flags = LOCK.unpack_from(record.main_data, 0)
    if flags & XLH_LOCK_ALL_FROZEN_CLEARED:
        from pgsnake.access.heap import visibility_map
        block = record.blocks[0]
        visibility_map.redo_clear(block.locator, block.blockno, visibility_map.ALL_FROZEN)
    found = _redo_tuple_header(record, 0, offnum)
    if found is None:
        return
    buf, header = found
    if updated_version:
        set_xmax(header, xmax, *bits_from_infobits(infobits))
    else:
        set_locked(header, (record.blocks[0].blockno, offnum), xmax,
                   *bits_from_infobits(infobits))
        header.infomask = header.infomask & ~HEAP_COMBOCID
        header.cid = 0
    bufmgr.finish_redo(buf, record)


def redo(record) -> None:
    op = record.info & XLOG_HEAP_OPMASK
    if op == XLOG_HEAP_INSERT:
        offnum, flags = INSERT.unpack_from(record.main_data, 0)
        _redo_clear_map(record, 0, flags, XLH_INSERT_ALL_VISIBLE_CLEARED)
        _redo_add_tuple(record, 0, offnum)
    elif op == XLOG_HEAP_DELETE:
        xmax, offnum, infobits, flags = DELETE.unpack_from(record.main_data, 0)
        _redo_clear_map(record, 0, flags, XLH_DELETE_ALL_VISIBLE_CLEARED)
        _redo_mark_deleted(record, 0, offnum, xmax, infobits, None,
                           super_delete=bool(flags & XLH_DELETE_IS_SUPER))
    elif op in (XLOG_HEAP_UPDATE, XLOG_HEAP_HOT_UPDATE):
        hot = op == XLOG_HEAP_HOT_UPDATE
        old_xmax, old_off, infobits, flags, _new_xmax, new_off = \
            UPDATE.unpack_from(record.main_data, 0)
        new_block = record.blocks[0].blockno
        old_block_id = 1 if 1 in record.blocks else 0
        _redo_clear_map(record, old_block_id, flags, XLH_UPDATE_OLD_ALL_VISIBLE_CLEARED)
        _redo_clear_map(record, 0, flags, XLH_UPDATE_NEW_ALL_VISIBLE_CLEARED)
        # Same page: both changes in one visit, since after the first one the page
        # LSN would already say 'done'. Different pages: old page first, as PostgreSQL.
        if old_block_id == 0:
            action, buf = bufmgr.read_buffer_for_redo(record, 0)
            if action != "needs_redo":
                bufmgr.unlock_release_buffer(buf)
                return
            page = bufmgr.page(buf)
            _clear_all_visible(page)
            header = HeapTupleHeader(pl.get_item(page, old_off))
            set_deleted(header, old_xmax, 0, False, *bits_from_infobits(infobits),
                        (new_block, new_off))
            if hot:
                header.infomask2 = header.infomask2 | HEAP_HOT_UPDATED
            _set_prunable(page, record.xid)
            if pl.add_item(page, record.blocks[0].data, new_off) != new_off:
                raise RuntimeError(f"heap redo: failed to add tuple at offset {new_off}")
            bufmgr.finish_redo(buf, record)
        else:
            _redo_mark_deleted(record, 1, old_off, old_xmax, infobits, (new_block, new_off))
            _redo_add_tuple(record, 0, new_off)
    elif op == XLOG_HEAP_LOCK:
        _redo_lock(record, updated_version=False)
    elif op == XLOG_HEAP_INPLACE:
        (offnum,) = INPLACE.unpack_from(record.main_data, 0)
        found = _redo_tuple_header(record, 0, offnum)
        if found is None:
            return
        buf, header = found
        data = record.blocks[0].data
        if header.hoff + len(data) != len(header.data):
            bufmgr.unlock_release_buffer(buf)
            raise RuntimeError("heap redo: wrong tuple length in an in-place update")
        header.data[header.hoff:] = data
        bufmgr.finish_redo(buf, record)
    else:
        raise RuntimeError(f"heap redo: unknown op code {record.info:#x}")


def _vacuum_records():
    """The heap2 records of pruning and VACUUM live beside their code (imported at
    redo time: they import this module)."""
    from pgsnake.access.heap import (freeze, heap_multi_insert, pruning, vacuum_lazy,
                                     visibility_map)
    return {pruning.XLOG_HEAP2_PRUNE: (pruning.redo_prune, pruning.describe_prune),
            heap_multi_insert.XLOG_HEAP2_MULTI_INSERT: (heap_multi_insert.redo,
                                                        heap_multi_insert.describe),
            freeze.XLOG_HEAP2_FREEZE_PAGE: (freeze.redo_freeze, freeze.describe_freeze),
            vacuum_lazy.XLOG_HEAP2_VACUUM: (vacuum_lazy.redo_vacuum,
                                            vacuum_lazy.describe_vacuum),
            visibility_map.XLOG_HEAP2_VISIBLE: (visibility_map.redo_visible,
                                                visibility_map.describe_visible)}


def redo_heap2(record) -> None:
    op = record.info & XLOG_HEAP_OPMASK
    if op == XLOG_HEAP2_LOCK_UPDATED:
        _redo_lock(record, updated_version=True)
    elif op in _vacuum_records():
        _vacuum_records()[op][0](record)
    else:
        raise RuntimeError(f"heap2 redo: unknown op code {record.info:#x}")


def _infobits_text(infobits: int) -> str:
    names = ((XLHL_XMAX_IS_MULTI, "IS_MULTI "), (XLHL_XMAX_LOCK_ONLY, "LOCK_ONLY "),
             (XLHL_XMAX_EXCL_LOCK, "EXCL_LOCK "), (XLHL_XMAX_KEYSHR_LOCK, "KEYSHR_LOCK "),
             (XLHL_KEYS_UPDATED, "KEYS_UPDATED "))
    return "".join(text for bit, text in names if infobits & bit)


def identify(info: int) -> str:
    op = info & XLOG_HEAP_OPMASK
    name = {XLOG_HEAP_INSERT: "INSERT", XLOG_HEAP_DELETE: "DELETE",
            XLOG_HEAP_UPDATE: "UPDATE", XLOG_HEAP_HOT_UPDATE: "HOT_UPDATE",
            XLOG_HEAP_LOCK: "LOCK", XLOG_HEAP_INPLACE: "INPLACE"}.get(op, "UNKNOWN")
    return name + ("+INIT" if info & XLOG_HEAP_INIT_PAGE else "")


def describe(record) -> str:
    """pg_waldump's description ("INSERT+INIT off 1 flags 0x00"): identify + heap_desc."""
    op = record.info & XLOG_HEAP_OPMASK
    data = record.main_data
    if op == XLOG_HEAP_INSERT:
        offnum, flags = INSERT.unpack_from(data, 0)
        text = f"off {offnum} flags 0x{flags:02X}"
    elif op == XLOG_HEAP_DELETE:
        xmax, offnum, infobits, flags = DELETE.unpack_from(data, 0)
        text = f"off {offnum} flags 0x{flags:02X} {_infobits_text(infobits)}"
    elif op in (XLOG_HEAP_UPDATE, XLOG_HEAP_HOT_UPDATE):
        old_xmax, old_off, infobits, flags, new_xmax, new_off = UPDATE.unpack_from(data, 0)
        text = (f"off {old_off} xmax {old_xmax} flags 0x{flags:02X} "
                f"{_infobits_text(infobits)}; new off {new_off} xmax {new_xmax}")
    elif op == XLOG_HEAP_LOCK:
        xmax, offnum, infobits, flags = LOCK.unpack_from(data, 0)
        text = f"off {offnum}: xid {xmax}: flags 0x{flags:02X} {_infobits_text(infobits)}"
    elif op == XLOG_HEAP_INPLACE:
        text = f"off {INPLACE.unpack_from(data, 0)[0]}"
    else:
        text = ""
    return f"{identify(record.info)} {text}"


def describe_heap2(record) -> str:
    """heap2_desc for the records pgsnake writes ("LOCK_UPDATED off 2: xmax 745: ...")."""
    op = record.info & XLOG_HEAP_OPMASK
    if op == XLOG_HEAP2_LOCK_UPDATED:
        xmax, offnum, infobits, flags = LOCK.unpack_from(record.main_data, 0)
        return (f"LOCK_UPDATED off {offnum}: xmax {xmax}: flags 0x{flags:02X} "
                f"{_infobits_text(infobits)}")
    if op in _vacuum_records():
        return _vacuum_records()[op][1](record)
    return "UNKNOWN"


wal.register_rmgr(wal.RmgrId.HEAP, "Heap", redo, describe)
wal.register_rmgr(wal.RmgrId.HEAP2, "Heap2", redo_heap2, describe_heap2)
