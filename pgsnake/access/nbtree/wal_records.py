"""WAL records of the B-tree resource manager (rmgr 11, "Btree"): layout, redo, and
pg_waldump's descriptions.

Records pgsnake writes (info byte; "main" is the record's main data):

  INSERT_LEAF 0x00   main: offnum u16 (xl_btree_insert)
                     block 0: the leaf page, data = the new tuple
  INSERT_UPPER 0x10  the same, into an internal page; block 1: the child whose
                     BTP_INCOMPLETE_SPLIT flag the new downlink clears
  INSERT_META 0x20   INSERT_UPPER that also moves the fast root; block 2: the
                     metapage (will_init), data = xl_btree_metadata
  INSERT_POST 0x50   INSERT_LEAF whose new heap TID splits the posting list just
                     before offnum: data = postingoff u16, then the *original* new
                     item; redo repeats index_tuple.swap_posting
  SPLIT_L 0x30       main: level u32, firstrightoff u16, newitemoff u16,
  SPLIT_R 0x40             postingoff u16 (xl_btree_split, 10 bytes)
                     block 0: the left (original) page; data = the new item when it
                       went left (SPLIT_L), then the left page's new high key; when
                       postingoff != 0 (a posting list split whose posting list, at
                       newitemoff - 1, stays left), the original new item instead,
                       and redo repeats the swap
                     block 1: the new right page (will_init); data = its tuples in
                       page order (page_format.tuple_area)
                     block 2: the old right sibling, whose left link changes
                     block 3: the child whose incomplete split this insert finishes
  DEDUP 0x60         main: nintervals u16 (xl_btree_dedup)
                     block 0: the leaf, data = the intervals (base offset u16,
                       number of items u16) that became posting lists (dedup.py)
  VACUUM 0xC0        VACUUM's deletions from one leaf (bulk_delete.py has the layout)
  NEWROOT 0xA0       main: rootblk u32, level u32 (xl_btree_newroot)
                     block 0: the new root (will_init), data = its tuples
                     block 1: the old root, now its left child (split flag cleared)
                     block 2: the metapage (will_init), data = xl_btree_metadata

Every tuple in a record is MAXALIGNed, as on the page. Index builds log their pages as
XLOG FPI records (wal.log_new_page), not here. Redo rebuilds exactly the pages the
original change produced, tuple for tuple and byte for byte: the left half of a split is
rebuilt in offset order on an empty page, as the split built it, so its tuples land at
the same addresses.

Redo is idempotent (README rule B9): `read_buffer_for_redo` says 'done' for a page
whose LSN shows the change, 'restored' when a full-page image replaced it; will_init
pages are rebuilt whatever they held.

Entry points: the XLOG_BTREE_* constants, SPLIT / INSERT / NEWROOT structs, redo,
describe, identify; registered with the resource-manager table at import.

PostgreSQL: include/access/nbtxlog.h, access/nbtree/nbtxlog.c (btree_redo,
btree_xlog_insert, btree_xlog_split, btree_xlog_dedup, btree_xlog_newroot, _bt_restore_meta,
_bt_clear_incomplete_split), access/rmgrdesc/nbtdesc.c (btree_desc, btree_identify).
"""
from __future__ import annotations

import struct

from pgsnake.access.nbtree import dedup, index_tuple as it
from pgsnake.access.nbtree import meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl

XLOG_BTREE_INSERT_LEAF = 0x00
XLOG_BTREE_INSERT_UPPER = 0x10
XLOG_BTREE_INSERT_META = 0x20
XLOG_BTREE_SPLIT_L = 0x30
XLOG_BTREE_SPLIT_R = 0x40
XLOG_BTREE_INSERT_POST = 0x50
XLOG_BTREE_DEDUP = 0x60
XLOG_BTREE_DELETE = 0x70
XLOG_BTREE_UNLINK_PAGE = 0x80
XLOG_BTREE_UNLINK_PAGE_META = 0x90
XLOG_BTREE_NEWROOT = 0xA0
XLOG_BTREE_MARK_PAGE_HALFDEAD = 0xB0
XLOG_BTREE_VACUUM = 0xC0
XLOG_BTREE_REUSE_PAGE = 0xD0
XLOG_BTREE_META_CLEANUP = 0xE0

NAMES = {
    XLOG_BTREE_INSERT_LEAF: "INSERT_LEAF", XLOG_BTREE_INSERT_UPPER: "INSERT_UPPER",
    XLOG_BTREE_INSERT_META: "INSERT_META", XLOG_BTREE_SPLIT_L: "SPLIT_L",
    XLOG_BTREE_SPLIT_R: "SPLIT_R", XLOG_BTREE_INSERT_POST: "INSERT_POST",
    XLOG_BTREE_DEDUP: "DEDUP", XLOG_BTREE_DELETE: "DELETE",
    XLOG_BTREE_UNLINK_PAGE: "UNLINK_PAGE", XLOG_BTREE_UNLINK_PAGE_META: "UNLINK_PAGE_META",
    XLOG_BTREE_NEWROOT: "NEWROOT", XLOG_BTREE_MARK_PAGE_HALFDEAD: "MARK_PAGE_HALFDEAD",
    XLOG_BTREE_VACUUM: "VACUUM", XLOG_BTREE_REUSE_PAGE: "REUSE_PAGE",
    XLOG_BTREE_META_CLEANUP: "META_CLEANUP",
}

INSERT = struct.Struct("<H")          # xl_btree_insert
POSTINGOFF = struct.Struct("<H")      # INSERT_POST's block data starts with it
SPLIT = struct.Struct("<IHHH")        # xl_btree_split
NEWROOT = struct.Struct("<II")        # xl_btree_newroot


def _clear_incomplete_split(record, block_id: int) -> None:
    """The child a new downlink points next to has its split finished."""
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    pf.write_flags(page, pf.read_flags(page) & ~pf.BTP_INCOMPLETE_SPLIT)
    bufmgr.finish_redo(buf, record)


def _restore_meta(record, block_id: int) -> None:
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action == "restored":
        bufmgr.unlock_release_buffer(buf)
        return
    meta = meta_page.unpack_xl_metadata(record.blocks[block_id].data)
    meta_page.init_meta_page(bufmgr.page(buf), meta)
    bufmgr.finish_redo(buf, record)


def _redo_insert(record, is_leaf: bool, is_meta: bool, is_posting_split: bool = False) -> None:
    if not is_leaf:
        _clear_incomplete_split(record, 1)
    (offnum,) = INSERT.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        page = bufmgr.page(buf)
        item = record.blocks[0].data
        if is_posting_split:
            # Repeat the posting list split: the record has the original new item.
            (postingoff,) = POSTINGOFF.unpack_from(item, 0)
            oposting = bytes(pl.get_item(page, offnum - 1))
            nposting, item = it.swap_posting(bytes(item[POSTINGOFF.size:]), oposting,
                                             postingoff)
            pf.overwrite_item(page, offnum - 1, nposting)
        if not pf.insert_item(page, item, offnum):
            bufmgr.unlock_release_buffer(buf)
            raise RuntimeError("btree redo: failed to add new item")
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)
    if is_meta:
        _restore_meta(record, 2)


def _redo_split(record, new_item_on_left: bool) -> None:
    level, firstrightoff, newitemoff, postingoff = SPLIT.unpack_from(record.main_data, 0)
    is_leaf = level == 0
    left_blkno = record.blocks[0].blockno
    right_blkno = record.blocks[1].blockno
    sibling_blkno = record.blocks[2].blockno if 2 in record.blocks else pf.P_NONE
    if not is_leaf:
        _clear_incomplete_split(record, 3)

    # The right page, rebuilt from nothing.
    _action, rbuf = bufmgr.read_buffer_for_redo(record, 1)
    rpage = bufmgr.page(rbuf)
    pf.init_page(rpage, prev=left_blkno, next=sibling_blkno, level=level,
                 flags=pf.BTP_LEAF if is_leaf else 0)
    pf.restore_page(rpage, record.blocks[1].data)
    pl.set_lsn(rpage, record.end_lsn)
    bufmgr.mark_dirty(rbuf)

    # The left page: its high key from the record, its items from itself.
    action, lbuf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        origpage = bufmgr.page(lbuf)
        opaque = pf.Opaque(origpage)
        data = record.blocks[0].data
        position = 0
        new_item = None
        replace_offset = nposting = None
        if new_item_on_left or postingoff:
            size = pl.maxalign(it.tuple_size(data))
            new_item = bytes(data[:size])
            position = size
            if postingoff:
                # The posting list split, repeated from the original new item; the
                # posting list is the item before the new one, on this page.
                replace_offset = newitemoff - 1
                nposting, new_item = it.swap_posting(
                    new_item, bytes(pl.get_item(origpage, replace_offset)), postingoff)
        left_hikey = data[position:position + pl.maxalign(it.tuple_size(data[position:]))]
        left = bytearray(pl.BLCKSZ)
        pf.init_page(left, prev=opaque.prev, next=right_blkno, level=opaque.level,
                     flags=pf.BTP_INCOMPLETE_SPLIT | (pf.BTP_LEAF if is_leaf else 0))
        pf.append_item(left, left_hikey)
        offnum = opaque.first_data_offset
        while offnum < firstrightoff:
            if offnum == replace_offset:
                pf.append_item(left, nposting)
                offnum += 1
                continue
            if new_item_on_left and offnum == newitemoff:
                pf.append_item(left, new_item)
            pf.append_item(left, bytes(pl.get_item(origpage, offnum)))
            offnum += 1
        if new_item_on_left and offnum == newitemoff:
            pf.append_item(left, new_item)
        origpage[:] = left
        bufmgr.finish_redo(lbuf, record)
    else:
        bufmgr.unlock_release_buffer(lbuf)

    if sibling_blkno != pf.P_NONE:
        action, sbuf = bufmgr.read_buffer_for_redo(record, 2)
        if action == "needs_redo":
            pf.write_prev(bufmgr.page(sbuf), right_blkno)
            bufmgr.finish_redo(sbuf, record)
        else:
            bufmgr.unlock_release_buffer(sbuf)
    bufmgr.unlock_release_buffer(rbuf)


def _redo_dedup(record) -> None:
    (nintervals,) = dedup.DEDUP.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    dedup.redo_dedup_page(bufmgr.page(buf), bytes(record.blocks[0].data), nintervals)
    bufmgr.finish_redo(buf, record)


def _redo_newroot(record) -> None:
    rootblk, level = NEWROOT.unpack_from(record.main_data, 0)
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    page = bufmgr.page(buf)
    pf.init_page(page, level=level, flags=pf.BTP_ROOT | (pf.BTP_LEAF if level == 0 else 0))
    if level > 0:
        pf.restore_page(page, record.blocks[0].data)
        _clear_incomplete_split(record, 1)
    bufmgr.finish_redo(buf, record)
    _restore_meta(record, 2)


def redo(record) -> None:
    op = record.info & 0xF0
    if op == XLOG_BTREE_INSERT_LEAF:
        _redo_insert(record, True, False)
    elif op == XLOG_BTREE_INSERT_UPPER:
        _redo_insert(record, False, False)
    elif op == XLOG_BTREE_INSERT_META:
        _redo_insert(record, False, True)
    elif op in (XLOG_BTREE_SPLIT_L, XLOG_BTREE_SPLIT_R):
        _redo_split(record, op == XLOG_BTREE_SPLIT_L)
    elif op == XLOG_BTREE_INSERT_POST:
        _redo_insert(record, True, False, True)
    elif op == XLOG_BTREE_DEDUP:
        _redo_dedup(record)
    elif op == XLOG_BTREE_NEWROOT:
        _redo_newroot(record)
    elif op == XLOG_BTREE_VACUUM:
        from pgsnake.access.nbtree import bulk_delete    # it imports this module's peers
        bulk_delete.redo_vacuum(record)
    else:
        raise RuntimeError(f"btree redo: unknown op code {op:#x}")


def identify(info: int) -> str:
    return NAMES.get(info & 0xF0, "UNKNOWN")


def describe(record) -> str:
    """btree_desc: the text after the record kind in pg_waldump's "desc:" column."""
    op = record.info & 0xF0
    data = record.main_data
    if op in (XLOG_BTREE_INSERT_LEAF, XLOG_BTREE_INSERT_UPPER, XLOG_BTREE_INSERT_META,
              XLOG_BTREE_INSERT_POST):
        return f"off {INSERT.unpack_from(data, 0)[0]}"
    if op in (XLOG_BTREE_SPLIT_L, XLOG_BTREE_SPLIT_R):
        level, firstright, newitem, posting = SPLIT.unpack_from(data, 0)
        return (f"level {level}, firstrightoff {firstright}, newitemoff {newitem}, "
                f"postingoff {posting}")
    if op == XLOG_BTREE_NEWROOT:
        return f"lev {NEWROOT.unpack_from(data, 0)[1]}"
    if op == XLOG_BTREE_DEDUP:
        return f"nintervals {dedup.DEDUP.unpack_from(data, 0)[0]}"
    if op == XLOG_BTREE_VACUUM:
        from pgsnake.access.nbtree import bulk_delete
        return bulk_delete.describe_vacuum(record)
    return ""


wal.register_rmgr(wal.RmgrId.BTREE, "Btree", redo, describe)
waldump.register_identify(wal.RmgrId.BTREE, identify)
