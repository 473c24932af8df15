"""WAL records of the GIN resource manager (rmgr 13, "Gin"): layouts, redo, and
pg_waldump's descriptions, PostgreSQL 15's (ginxlog.h), for the entry tree's changes.

Records pgsnake writes (info byte; "main" is the record's main data):

  INSERT 0x20            main: flags u16 (ISLEAF 0x02), then on an internal page the
                           left and right children of the split it finishes (BlockIdData
                           x 2)
                         block 0: the entry page; data = offset u16, isDelete u8, pad,
                           the tuple (ginxlogInsertEntry). Redo: on an internal page the
                           tuple at offset is pointed at the right child first; with
                           isDelete the tuple at offset goes; the new tuple goes in at
                           offset
                         block 1: the left child (its INCOMPLETE_SPLIT flag cleared)
  SPLIT 0x30             main: locator (3 x u32), rrlink, leftChildBlkno, rightChildBlkno
                           u32, flags u16 (ISLEAF, SPLIT_ROOT 0x04), pad: 28 bytes
                         blocks 0, 1: the left and right pages, 2: the root of a root
                           split, all as forced full-page images; 3: the left child
  VACUUM_PAGE 0x40       block 0: a page VACUUM changed, as a forced full-page image
  UPDATE_META_PAGE 0x60  main: locator, pad, GinMetaPageData (56 bytes), prevTail,
                           newRightlink, ntuples (0): 88 bytes; block 0: the metapage,
                           rebuilt (will_init) with that metadata

Posting tree pages are logged as XLOG_FPI images when an insert creates or changes
them (PostgreSQL: CREATE_PTREE, and INSERT / SPLIT with ISDATA whose leaf data are
segment actions, not written by pgsnake); VACUUM logs them as VACUUM_PAGE.

Entry points: XLOG_GIN_* constants and structs, redo, describe, identify; registered
with the resource-manager table at import.

PostgreSQL: include/access/ginxlog.h, access/gin/ginxlog.c (gin_redo, ginRedoInsert,
ginRedoInsertEntry, ginRedoSplit, ginRedoVacuumPage, ginRedoUpdateMetapage,
ginRedoClearIncompleteSplit), access/rmgrdesc/gindesc.c.
"""
from __future__ import annotations

import struct

from pgsnake.access.gin import page_format as pf
from pgsnake.access.nbtree.page_format import insert_item
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl

XLOG_GIN_CREATE_PTREE = 0x10
XLOG_GIN_INSERT = 0x20
XLOG_GIN_SPLIT = 0x30
XLOG_GIN_VACUUM_PAGE = 0x40
XLOG_GIN_DELETE_PAGE = 0x50
XLOG_GIN_UPDATE_META_PAGE = 0x60
XLOG_GIN_INSERT_LISTPAGE = 0x70
XLOG_GIN_DELETE_LISTPAGE = 0x80
XLOG_GIN_VACUUM_DATA_LEAF_PAGE = 0x90

NAMES = {XLOG_GIN_CREATE_PTREE: "CREATE_PTREE", XLOG_GIN_INSERT: "INSERT",
         XLOG_GIN_SPLIT: "SPLIT", XLOG_GIN_VACUUM_PAGE: "VACUUM_PAGE",
         XLOG_GIN_VACUUM_DATA_LEAF_PAGE: "VACUUM_DATA_LEAF_PAGE",
         XLOG_GIN_DELETE_PAGE: "DELETE_PAGE", XLOG_GIN_UPDATE_META_PAGE: "UPDATE_META_PAGE",
         XLOG_GIN_INSERT_LISTPAGE: "INSERT_LISTPAGE",
         XLOG_GIN_DELETE_LISTPAGE: "DELETE_LISTPAGE"}

GIN_INSERT_ISDATA = 0x01
GIN_INSERT_ISLEAF = 0x02
GIN_SPLIT_ROOT = 0x04

INSERT = struct.Struct("<H")                   # ginxlogInsert
CHILDREN = struct.Struct("<HHHH")              # two BlockIdData (hi, lo)
INSERT_ENTRY = struct.Struct("<H?x")           # ginxlogInsertEntry up to its tuple
SPLIT = struct.Struct("<IIIIIIH2x")            # ginxlogSplit (28 bytes)
UPDATE_META = struct.Struct("<III4x56sIIi4x")  # ginxlogUpdateMeta (88 bytes)


def insert_main(leaf: bool, left_child: int | None = None, right_child: int | None = None
                ) -> bytes:
    out = INSERT.pack(GIN_INSERT_ISLEAF if leaf else 0)
    if not leaf:
        out += CHILDREN.pack(left_child >> 16, left_child & 0xFFFF,
                             right_child >> 16, right_child & 0xFFFF)
    return out


def insert_entry_data(offset: int, is_delete: bool, item: bytes) -> bytes:
    return INSERT_ENTRY.pack(offset, is_delete) + item


def split_main(locator, rrlink: int, left_child: int | None, right_child: int | None,
               leaf: bool, root: bool) -> bytes:
    flags = (GIN_INSERT_ISLEAF if leaf else 0) | (GIN_SPLIT_ROOT if root else 0)
    return SPLIT.pack(locator.spcoid, locator.dboid, locator.relfilenode, rrlink,
                      pf.INVALID_BLOCK if left_child is None else left_child,
                      pf.INVALID_BLOCK if right_child is None else right_child, flags)


def update_meta_main(locator, page) -> bytes:
    metadata = bytes(page[pl.SIZE_OF_PAGE_HEADER:pl.SIZE_OF_PAGE_HEADER + pf.META_SIZE])
    return UPDATE_META.pack(locator.spcoid, locator.dboid, locator.relfilenode, metadata,
                            pf.INVALID_BLOCK, pf.INVALID_BLOCK, 0)


# ---- redo ------------------------------------------------------------------------------

def _clear_incomplete_split(record, block_id: int) -> None:
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action == "needs_redo":
        page = bufmgr.page(buf)
        opaque = pf.read_opaque(page)
        opaque.flags &= ~pf.GIN_INCOMPLETE_SPLIT
        pf.write_opaque(page, opaque)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)


def _redo_insert(record) -> None:
    (flags,) = INSERT.unpack_from(record.main_data, 0)
    if flags & GIN_INSERT_ISDATA:
        raise RuntimeError("gin redo: posting tree INSERT records are not supported")
    leaf = bool(flags & GIN_INSERT_ISLEAF)
    right_child = None
    if not leaf:
        _lhi, _llo, rhi, rlo = CHILDREN.unpack_from(record.main_data, INSERT.size)
        right_child = (rhi << 16) | rlo
        _clear_incomplete_split(record, 1)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    data = record.blocks[0].data
    offset, is_delete = INSERT_ENTRY.unpack_from(data, 0)
    if not leaf:
        start = pl.item_id(page, offset)[0]
        page[start:start + 6] = pf.with_downlink(bytes(page[start:start + 6]), right_child)
    if is_delete:
        pl.index_tuple_delete(page, offset)
    if not insert_item(page, bytes(data[INSERT_ENTRY.size:]), offset):
        bufmgr.unlock_release_buffer(buf)
        raise RuntimeError("failed to add item to index page")
    bufmgr.finish_redo(buf, record)


def _restore_image(record, block_id: int, what: str) -> None:
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    bufmgr.unlock_release_buffer(buf)
    if action != "restored":
        raise RuntimeError(f"GIN {what} record did not contain a full-page image")


def _redo_split(record) -> None:
    flags = SPLIT.unpack_from(record.main_data, 0)[6]
    if not flags & GIN_INSERT_ISLEAF:
        _clear_incomplete_split(record, 3)
    _restore_image(record, 0, "split")
    _restore_image(record, 1, "split")
    if flags & GIN_SPLIT_ROOT:
        _restore_image(record, 2, "split")


def _redo_update_meta_page(record) -> None:
    metadata = UPDATE_META.unpack_from(record.main_data, 0)[3]
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    page = bufmgr.page(buf)
    pf.init_meta_page(page)
    page[pl.SIZE_OF_PAGE_HEADER:pl.SIZE_OF_PAGE_HEADER + pf.META_SIZE] = metadata
    bufmgr.finish_redo(buf, record)


def redo(record) -> None:
    op = record.info & 0xF0
    if op == XLOG_GIN_INSERT:
        _redo_insert(record)
    elif op == XLOG_GIN_SPLIT:
        _redo_split(record)
    elif op == XLOG_GIN_VACUUM_PAGE:
        _restore_image(record, 0, "vacuum page")
    elif op == XLOG_GIN_UPDATE_META_PAGE:
        _redo_update_meta_page(record)
    else:
        raise RuntimeError(f"gin_redo: unknown op code {op}")


# ---- descriptions ----------------------------------------------------------------------

def identify(info: int) -> str:
    return NAMES.get(info & 0xF0, "UNKNOWN")


def _tf(value) -> str:
    return "T" if value else "F"


def describe(record) -> str:
    """gin_desc: the text after the record kind in pg_waldump's "desc:" column."""
    op = record.info & 0xF0
    data = record.main_data
    if op == XLOG_GIN_INSERT:
        (flags,) = INSERT.unpack_from(data, 0)
        out = (f"isdata: {_tf(flags & GIN_INSERT_ISDATA)} isleaf: "
               f"{_tf(flags & GIN_INSERT_ISLEAF)}")
        if not flags & GIN_INSERT_ISLEAF:
            lhi, llo, rhi, rlo = CHILDREN.unpack_from(data, INSERT.size)
            out += f" children: {(lhi << 16) | llo}/{(rhi << 16) | rlo}"
        block = record.blocks.get(0)
        if block is not None and block.image is not None:
            out += " (full page image)" if block.apply_image else \
                " (full page image, for WAL verification)"
        elif block is not None and not flags & GIN_INSERT_ISDATA:
            out += f" isdelete: {_tf(INSERT_ENTRY.unpack_from(block.data, 0)[1])}"
        return out
    if op == XLOG_GIN_SPLIT:
        flags = SPLIT.unpack_from(data, 0)[6]
        return (f"isrootsplit: {_tf(flags & GIN_SPLIT_ROOT)} isdata: "
                f"{_tf(flags & GIN_INSERT_ISDATA)} isleaf: {_tf(flags & GIN_INSERT_ISLEAF)}")
    return ""


wal.register_rmgr(wal.RmgrId.GIN, "Gin", redo, describe)
waldump.register_identify(wal.RmgrId.GIN, identify)
