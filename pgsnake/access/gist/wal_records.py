"""WAL records of the GiST resource manager (rmgr 14, "Gist"): layouts, redo, and
pg_waldump's descriptions. The layouts are PostgreSQL 15's (gistxlog.h), so its
pg_waldump reads them; the changes they describe are tree.py's.

Records pgsnake writes (info byte; "main" is the record's main data):

  PAGE_UPDATE 0x00   main: ntodelete u16, ntoinsert u16 (gistxlogPageUpdate)
                     block 0: the page; data = the offsets deleted, then the tuples
                       added (each IndexTupleSize long). One deleted and one added:
                       the tuple replaces it in place (PageIndexTupleOverwrite);
                       else the offsets are deleted (a leaf is then marked
                       F_TUPLES_DELETED) and the tuples appended
                     block 1: the left page of a split whose downlinks this adds: its
                       NSN becomes this record's LSN, F_FOLLOW_RIGHT is cleared
  PAGE_SPLIT 0x30    main: origrlink u32, (pad), orignsn u64, origleaf u8, (pad),
                       npage u16, markfollowright u8, (pad): 24 bytes (gistxlogPageSplit)
                     block 0: as PAGE_UPDATE's block 1, when the split page is a parent
                       taking a child split's downlinks
                     blocks 1..npage: the pages of the split (will_init), the original
                       first; data = the number of tuples (int32), then the tuples.
                       Redo rebuilds each: F_LEAF when origleaf (never the root), the
                       tuples in order, right links chaining them (the last keeps
                       origrlink; the root none), NSN orignsn, F_FOLLOW_RIGHT on all but
                       the last when markfollowright and not a root split

Redo repeats each change as tree.py made it, so the pages it rebuilds are byte-identical;
a page whose LSN shows the change is left alone, a full-page image replaces it, and the
left-page NSN update is applied after an image too (the image is taken before it, as
PostgreSQL's). Builds log their pages as XLOG FPI records (log_newpage_range).
DELETE, PAGE_REUSE, PAGE_DELETE and ASSIGN_LSN are never written (no microvacuum, no
page deletion); they are only described.

Entry points: XLOG_GIST_* constants, PAGE_UPDATE / PAGE_SPLIT structs, update_data,
split_data, finish_split (the left page's change), redo, describe, identify;
registered with the resource-manager table at import.

PostgreSQL: include/access/gistxlog.h, access/gist/gistxlog.c (gist_redo,
gistRedoPageUpdateRecord, gistRedoPageSplitRecord, gistRedoClearFollowRight,
gistXLogUpdate, gistXLogSplit), access/rmgrdesc/gistdesc.c.
"""
from __future__ import annotations

import struct

from pgsnake.access.gist import page_format as pf
from pgsnake.access.nbtree.page_format import insert_item, overwrite_item
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl

XLOG_GIST_PAGE_UPDATE = 0x00
XLOG_GIST_DELETE = 0x10
XLOG_GIST_PAGE_REUSE = 0x20
XLOG_GIST_PAGE_SPLIT = 0x30
XLOG_GIST_PAGE_DELETE = 0x60
XLOG_GIST_ASSIGN_LSN = 0x70

NAMES = {XLOG_GIST_PAGE_UPDATE: "PAGE_UPDATE", XLOG_GIST_DELETE: "DELETE",
         XLOG_GIST_PAGE_REUSE: "PAGE_REUSE", XLOG_GIST_PAGE_SPLIT: "PAGE_SPLIT",
         XLOG_GIST_PAGE_DELETE: "PAGE_DELETE", XLOG_GIST_ASSIGN_LSN: "ASSIGN_LSN"}

PAGE_UPDATE = struct.Struct("<HH")                  # gistxlogPageUpdate
PAGE_SPLIT = struct.Struct("<I4xQ?xH?3x")           # gistxlogPageSplit (24 bytes)
_COUNT = struct.Struct("<i")


def _tuple_size(data, pos: int) -> int:
    return struct.unpack_from("<H", data, pos + 6)[0] & 0x1FFF      # IndexTupleSize


def update_data(todelete, tuples) -> bytes:
    return struct.pack(f"<{len(todelete)}H", *todelete) + b"".join(tuples)


def split_data(tuples) -> bytes:
    return _COUNT.pack(len(tuples)) + b"".join(tuples)


def finish_split(page, lsn: int) -> None:
    """The left page of a split once its downlinks are in the parent: NSN = the LSN of
    the record that put them there, F_FOLLOW_RIGHT cleared."""
    opaque = pf.read_opaque(page)
    opaque.nsn = lsn
    opaque.flags &= ~pf.F_FOLLOW_RIGHT
    pf.write_opaque(page, opaque)


def _tuples(data, pos: int, count: int | None = None) -> list[bytes]:
    out = []
    while pos < len(data) and (count is None or len(out) < count):
        size = _tuple_size(data, pos)
        out.append(bytes(data[pos:pos + size]))
        pos += size
    return out


def _clear_follow_right(record, block_id: int) -> None:
    if block_id not in record.blocks:
        return
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action in ("needs_redo", "restored"):
        finish_split(bufmgr.page(buf), record.end_lsn)
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)


def _redo_page_update(record) -> None:
    ntodelete, ntoinsert = PAGE_UPDATE.unpack_from(record.main_data, 0)
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action == "needs_redo":
        page = bufmgr.page(buf)
        data = record.blocks[0].data
        todelete = struct.unpack_from(f"<{ntodelete}H", data, 0)
        tuples = _tuples(data, 2 * ntodelete)
        if ntodelete == 1 and ntoinsert == 1:
            overwrite_item(page, todelete[0], tuples[0])
        else:
            if ntodelete:
                pl.index_multi_delete(page, todelete)
                opaque = pf.read_opaque(page)
                if opaque.is_leaf:
                    opaque.flags |= pf.F_TUPLES_DELETED
                    pf.write_opaque(page, opaque)
            for item in tuples:
                if not insert_item(page, item, pl.max_offset(page) + 1):
                    raise RuntimeError(f"failed to add item to GiST index page, size "
                                       f"{len(item)} bytes")
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)
    _clear_follow_right(record, 1)


def _redo_page_split(record) -> None:
    origrlink, orignsn, origleaf, npage, markfollowright = PAGE_SPLIT.unpack_from(
        record.main_data, 0)
    is_root_split = record.blocks[1].blockno == pf.ROOT_BLKNO
    for i in range(npage):
        block = record.blocks[i + 1]
        blkno = block.blockno
        _action, buf = bufmgr.read_buffer_for_redo(record, i + 1)
        page = bufmgr.page(buf)
        pf.init_page(page, pf.F_LEAF if origleaf and blkno != pf.ROOT_BLKNO else 0)
        (count,) = _COUNT.unpack_from(block.data, 0)
        for item in _tuples(block.data, _COUNT.size, count):
            insert_item(page, item, pl.max_offset(page) + 1)
        opaque = pf.read_opaque(page)
        opaque.nsn = orignsn
        if blkno == pf.ROOT_BLKNO:
            opaque.rightlink = pf.INVALID_BLOCK
            opaque.flags &= ~pf.F_FOLLOW_RIGHT
        else:
            opaque.rightlink = record.blocks[i + 2].blockno if i < npage - 1 else origrlink
            if i < npage - 1 and not is_root_split and markfollowright:
                opaque.flags |= pf.F_FOLLOW_RIGHT
            else:
                opaque.flags &= ~pf.F_FOLLOW_RIGHT
        pf.write_opaque(page, opaque)
        bufmgr.finish_redo(buf, record)
    _clear_follow_right(record, 0)


def redo(record) -> None:
    op = record.info & 0xF0
    if op == XLOG_GIST_PAGE_UPDATE:
        _redo_page_update(record)
    elif op == XLOG_GIST_PAGE_SPLIT:
        _redo_page_split(record)
    elif op == XLOG_GIST_ASSIGN_LSN:
        pass
    else:
        raise RuntimeError(f"gist_redo: unknown op code {op}")


def identify(info: int) -> str:
    return NAMES.get(info & 0xF0, "UNKNOWN")


def describe(record) -> str:
    """gist_desc: the text after the record kind in pg_waldump's "desc:" column."""
    op = record.info & 0xF0
    if op == XLOG_GIST_PAGE_SPLIT:
        npage = PAGE_SPLIT.unpack_from(record.main_data, 0)[3]
        return f"page_split: splits to {npage} pages"
    if op == XLOG_GIST_DELETE:
        xid, ntodelete = struct.unpack_from("<IH", record.main_data, 0)
        return f"delete: latestRemovedXid {xid}, nitems: {ntodelete}"
    return ""


wal.register_rmgr(wal.RmgrId.GIST, "Gist", redo, describe)
waldump.register_identify(wal.RmgrId.GIST, identify)
