"""WAL records of the BRIN resource manager (rmgr 17, "BRIN"): layouts, redo, and
pg_waldump's descriptions, as PostgreSQL 15's brin_xlog.h has them.

Records (info byte, XLOG_BRIN_INIT_PAGE 0x80 added when the first block is a new page):

  CREATE_INDEX 0x00      main: pagesPerRange u32, version u16 (6 bytes)
                         block 0: the metapage (will_init): redo initialises it
  INSERT 0x10            main: heapBlk u32, pagesPerRange u32, offnum u16 (10 bytes)
                         block 0: the regular page, data = the BrinTuple (placed at
                           offnum); block 1: the revmap page (slot of heapBlk := tid)
  UPDATE 0x20            main: oldOffnum u16, (pad 2), then INSERT's 10 bytes
                         blocks 0 and 1 as INSERT's; block 2: the old page, whose
                           oldOffnum tuple is removed (PageIndexTupleDeleteNoCompact)
  SAMEPAGE_UPDATE 0x30   main: offnum u16; block 0: the page, data = the new tuple,
                           overwriting offnum (PageIndexTupleOverwrite)
  REVMAP_EXTEND 0x40     main: targetBlk u32; block 0: the metapage (lastRevmapPage :=
                           targetBlk); block 1: the new revmap page (will_init)
  DESUMMARIZE 0x50       main: pagesPerRange u32, heapBlk u32, regOffset u16;
                         block 0: the revmap page (slot := invalid); block 1: the
                           regular page (regOffset removed, no compaction)

Redo repeats each change on the page as it was before it, so replay rebuilds the pages
byte for byte; a page whose LSN shows the change is left alone, a full-page image
replaces it.

Entry points: XLOG_BRIN_* constants, insert_main / update_main / ... (main data),
redo, describe, identify; registered with the resource-manager table at import.

PostgreSQL: include/access/brin_xlog.h, access/brin/brin_xlog.c,
access/rmgrdesc/brindesc.c.
"""
from __future__ import annotations

import struct

from pgsnake.access.brin import page_format as pf
from pgsnake.access.nbtree.page_format import overwrite_item
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl

XLOG_BRIN_CREATE_INDEX = 0x00
XLOG_BRIN_INSERT = 0x10
XLOG_BRIN_UPDATE = 0x20
XLOG_BRIN_SAMEPAGE_UPDATE = 0x30
XLOG_BRIN_REVMAP_EXTEND = 0x40
XLOG_BRIN_DESUMMARIZE = 0x50
XLOG_BRIN_OPMASK = 0x70
XLOG_BRIN_INIT_PAGE = 0x80

NAMES = {XLOG_BRIN_CREATE_INDEX: "CREATE_INDEX", XLOG_BRIN_INSERT: "INSERT",
         XLOG_BRIN_UPDATE: "UPDATE", XLOG_BRIN_SAMEPAGE_UPDATE: "SAMEPAGE_UPDATE",
         XLOG_BRIN_REVMAP_EXTEND: "REVMAP_EXTEND", XLOG_BRIN_DESUMMARIZE: "DESUMMARIZE"}

CREATE_INDEX = struct.Struct("<IH")
INSERT = struct.Struct("<IIH")
UPDATE = struct.Struct("<H2xIIH")
SAMEPAGE_UPDATE = struct.Struct("<H")
REVMAP_EXTEND = struct.Struct("<I")
DESUMMARIZE = struct.Struct("<IIH")


def _place(page, tuple_data: bytes, offnum: int) -> None:
    """The insert part of INSERT and UPDATE redo: PageAddItem at exactly offnum."""
    if pl.max_offset(page) + 1 < offnum:
        raise RuntimeError(f"brin_xlog_insert_update: invalid max offset number")
    if pl.add_item(page, tuple_data, offnum) is None:
        raise RuntimeError("brin_xlog_insert_update: failed to add tuple")


def _redo_insert_update(record, heap_blk: int, pages_per_range: int, offnum: int) -> None:
    if record.info & XLOG_BRIN_INIT_PAGE:
        _action, buf = bufmgr.read_buffer_for_redo(record, 0)
        page = bufmgr.page(buf)
        pf.init_page(page, pf.PAGETYPE_REGULAR)
        action = "needs_redo"
    else:
        action, buf = bufmgr.read_buffer_for_redo(record, 0)
    target_blkno = record.blocks[0].blockno
    if action == "needs_redo":
        _place(bufmgr.page(buf), record.blocks[0].data, offnum)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)
    action, buf = bufmgr.read_buffer_for_redo(record, 1)
    if action == "needs_redo":
        _page_no, slot = pf.revmap_location(pages_per_range, heap_blk)
        pf.revmap_set(bufmgr.page(buf), slot, (target_blkno, offnum))
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)


def _redo_update(record) -> None:
    old_offnum, heap_blk, pages_per_range, offnum = UPDATE.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 2)
    if action == "needs_redo":
        pf.delete_no_compact(bufmgr.page(buf), old_offnum)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)
    _redo_insert_update(record, heap_blk, pages_per_range, offnum)


def _redo_samepage(record) -> None:
    (offnum,) = SAMEPAGE_UPDATE.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        overwrite_item(bufmgr.page(buf), offnum, record.blocks[0].data)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)


def _redo_create(record) -> None:
    pages_per_range, version = CREATE_INDEX.unpack_from(record.main_data, 0)
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    pf.init_metapage(bufmgr.page(buf), pages_per_range, version)
    bufmgr.finish_redo(buf, record)


def _redo_revmap_extend(record) -> None:
    (target,) = REVMAP_EXTEND.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        pf.set_last_revmap_page(bufmgr.page(buf), target)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)
    _action, buf = bufmgr.read_buffer_for_redo(record, 1)
    pf.init_page(bufmgr.page(buf), pf.PAGETYPE_REVMAP)
    bufmgr.finish_redo(buf, record)


def _redo_desummarize(record) -> None:
    pages_per_range, heap_blk, reg_offset = DESUMMARIZE.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        _page_no, slot = pf.revmap_location(pages_per_range, heap_blk)
        pf.revmap_set(bufmgr.page(buf), slot, None)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)
    action, buf = bufmgr.read_buffer_for_redo(record, 1)
    if action == "needs_redo":
        pf.delete_no_compact(bufmgr.page(buf), reg_offset)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)


def redo(record) -> None:
    op = record.info & XLOG_BRIN_OPMASK
    if op == XLOG_BRIN_CREATE_INDEX:
        _redo_create(record)
    elif op == XLOG_BRIN_INSERT:
        heap_blk, pages_per_range, offnum = INSERT.unpack_from(record.main_data, 0)
        _redo_insert_update(record, heap_blk, pages_per_range, offnum)
    elif op == XLOG_BRIN_UPDATE:
        _redo_update(record)
    elif op == XLOG_BRIN_SAMEPAGE_UPDATE:
        _redo_samepage(record)
    elif op == XLOG_BRIN_REVMAP_EXTEND:
        _redo_revmap_extend(record)
    elif op == XLOG_BRIN_DESUMMARIZE:
        _redo_desummarize(record)
    else:
        raise RuntimeError(f"brin_redo: unknown op code {op}")


def identify(info: int) -> str:
    name = NAMES.get(info & XLOG_BRIN_OPMASK)
    if name is None:
        return "UNKNOWN"
    if info & XLOG_BRIN_INIT_PAGE and info & XLOG_BRIN_OPMASK in (XLOG_BRIN_INSERT,
                                                                  XLOG_BRIN_UPDATE):
        return name + "+INIT"
    return name


def describe(record) -> str:
    """brin_desc: the text after the record kind in pg_waldump's "desc:" column."""
    op = record.info & XLOG_BRIN_OPMASK
    data = record.main_data
    if op == XLOG_BRIN_CREATE_INDEX:
        pages_per_range, version = CREATE_INDEX.unpack_from(data, 0)
        return f"v{version} pagesPerRange {pages_per_range}"
    if op == XLOG_BRIN_INSERT:
        heap_blk, pages_per_range, offnum = INSERT.unpack_from(data, 0)
        return f"heapBlk {heap_blk} pagesPerRange {pages_per_range} offnum {offnum}"
    if op == XLOG_BRIN_UPDATE:
        old, heap_blk, pages_per_range, offnum = UPDATE.unpack_from(data, 0)
        return f"heapBlk {heap_blk} pagesPerRange {pages_per_range} old offnum {old}, " \
               f"new offnum {offnum}"
    if op == XLOG_BRIN_SAMEPAGE_UPDATE:
        return f"offnum {SAMEPAGE_UPDATE.unpack_from(data, 0)[0]}"
    if op == XLOG_BRIN_REVMAP_EXTEND:
        return f"targetBlk {REVMAP_EXTEND.unpack_from(data, 0)[0]}"
    if op == XLOG_BRIN_DESUMMARIZE:
        pages_per_range, heap_blk, offset = DESUMMARIZE.unpack_from(data, 0)
        return f"pagesPerRange {pages_per_range}, heapBlk {heap_blk}, page offset {offset}"
    return ""


wal.register_rmgr(wal.RmgrId.BRIN, "BRIN", redo, describe)
waldump.register_identify(wal.RmgrId.BRIN, identify)
