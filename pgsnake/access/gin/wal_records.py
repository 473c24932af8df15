"""WAL records of the GIN resource manager (rmgr 13, "Gin"): layouts, redo, and
pg_waldump's descriptions, PostgreSQL 15's (ginxlog.h), for the entry tree's and the
posting trees' changes.

Records pgsnake writes (info byte; "main" is the record's main data):

  CREATE_PTREE 0x10      main: size u32, then the new posting tree root's segments
                           (ginxlogCreatePostingTree); block 0: the root (will_init)
  INSERT 0x20            main: flags u16 (ISDATA 0x01, ISLEAF 0x02), then on an
                           internal page the left and right children of the split it
                           finishes (BlockIdData x 2)
                         block 0, an entry page: data = offset u16, isDelete u8, pad,
                           the tuple (ginxlogInsertEntry). Redo: on an internal page the
                           tuple at offset is pointed at the right child first; with
                           isDelete the tuple at offset goes; the new tuple goes in at
                           offset
                         block 0, a posting tree leaf: data = segment actions
                           (ginxlogRecompressDataLeaf: nactions u16, then per action
                           segno u8, action u8 and a segment for INSERT / REPLACE, a
                           count u16 and TIDs for ADDITEMS)
                         block 0, a posting tree internal page: data = offset u16,
                           PostingItem (ginxlogInsertDataInternal); redo points the item
                           at offset to the right child, then inserts the new one there
                         block 1: the left child (its INCOMPLETE_SPLIT flag cleared)
  SPLIT 0x30             main: locator (3 x u32), rrlink, leftChildBlkno, rightChildBlkno
                           u32, flags u16 (ISDATA, ISLEAF, SPLIT_ROOT 0x04), pad: 28 bytes
                         blocks 0, 1: the left and right pages, 2: the root of a root
                           split, all as forced full-page images; 3: the left child
  VACUUM_PAGE 0x40       block 0: an entry page VACUUM changed, as a forced image
  VACUUM_DATA_LEAF_PAGE 0x90  block 0: a posting tree leaf VACUUM changed; data =
                           segment actions, as INSERT's on a posting tree leaf
  UPDATE_META_PAGE 0x60  main: locator, pad, GinMetaPageData (56 bytes), prevTail,
                           newRightlink, ntuples, pad: 88 bytes; block 0: the metapage,
                           rebuilt (will_init) with that metadata. A pending list
                           insert also names block 1, the list's tail: with ntuples
                           > 0 its data are the tuples appended to it (its row count
                           goes up by one), else (prevTail set) a new sublist was
                           linked after it (its right link becomes newRightlink)
  INSERT_LISTPAGE 0x70   main: rightlink u32, ntuples i32 (ginxlogInsertListPage);
                         block 0: a pending list page written from scratch
                           (will_init), data = its tuples one after the other
  DELETE_LISTPAGE 0x80   main: GinMetaPageData, ndeleted i32, pad: 64 bytes
                           (ginxlogDeleteListPages); block 0: the metapage
                           (will_init), blocks 1..ndeleted: pending pages the cleanup
                           removed from the list's head, redone as empty GIN_DELETED
                           pages (the do path only sets the flag, as PostgreSQL's)

Segment actions: ADDITEMS (TIDs added to a segment), REPLACE, INSERT, DELETE, as
computeLeafRecompressWALData chooses them (posting_tree.py tracks each segment's
action as PostgreSQL's disassembled leaf does). Redo writes the resulting segments from the start of the page and sets
the data size, leaving any bytes past the new end as they were, as ginRedoRecompress
does; the do path (posting_tree.py) rewrites leaves in place the same way, so both
leave the same bytes. A leaf whose actions would name a segment past 255 (the u8 segno)
is logged as a forced full-page image instead.

Entry points: XLOG_GIN_* constants and structs, redo, describe, identify; registered
with the resource-manager table at import.

PostgreSQL: include/access/ginxlog.h, access/gin/ginxlog.c (gin_redo, ginRedoInsert,
ginRedoInsertEntry, ginRedoCreatePTree, ginRedoRecompress, ginRedoInsertData,
ginRedoVacuumDataLeafPage, ginRedoSplit, ginRedoVacuumPage, ginRedoUpdateMetapage,
ginRedoInsertListPage, ginRedoDeleteListPages, ginRedoClearIncompleteSplit), access/rmgrdesc/gindesc.c.
"""
from __future__ import annotations

import struct

from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import posting_list
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
INSERT_DATA_INTERNAL = struct.Struct("<H")    # ginxlogInsertDataInternal up to its item
CREATE_PTREE = struct.Struct("<I")             # ginxlogCreatePostingTree
NACTIONS = struct.Struct("<H")                 # ginxlogRecompressDataLeaf
SEGMENT_ACTION = struct.Struct("<BB")
GIN_SEGMENT_DELETE, GIN_SEGMENT_INSERT, GIN_SEGMENT_REPLACE, GIN_SEGMENT_ADDITEMS = 1, 2, 3, 4
_ACTION_NAMES = {GIN_SEGMENT_DELETE: "delete", GIN_SEGMENT_INSERT: "insert",
                 GIN_SEGMENT_REPLACE: "replace"}
MAX_SEGNO = 255
SPLIT = struct.Struct("<IIIIIIH2x")            # ginxlogSplit (28 bytes)
UPDATE_META = struct.Struct("<III4x56sIIi4x")  # ginxlogUpdateMeta (88 bytes)
INSERT_LISTPAGE = struct.Struct("<Ii")         # ginxlogInsertListPage
DELETE_LISTPAGE = struct.Struct("<56si4x")     # ginxlogDeleteListPages (64 bytes)


def insert_main(leaf: bool, left_child: int | None = None, right_child: int | None = None,
                data: bool = False) -> bytes:
    out = INSERT.pack((GIN_INSERT_ISLEAF if leaf else 0) | (GIN_INSERT_ISDATA if data else 0))
    if not leaf:
        out += CHILDREN.pack(left_child >> 16, left_child & 0xFFFF,
                             right_child >> 16, right_child & 0xFFFF)
    return out


def insert_entry_data(offset: int, is_delete: bool, item: bytes) -> bytes:
    return INSERT_ENTRY.pack(offset, is_delete) + item


def split_main(locator, rrlink: int, left_child: int | None, right_child: int | None,
               leaf: bool, root: bool, data: bool = False) -> bytes:
    flags = ((GIN_INSERT_ISLEAF if leaf else 0) | (GIN_SPLIT_ROOT if root else 0)
             | (GIN_INSERT_ISDATA if data else 0))
    return SPLIT.pack(locator.spcoid, locator.dboid, locator.relfilenode, rrlink,
                      pf.INVALID_BLOCK if left_child is None else left_child,
                      pf.INVALID_BLOCK if right_child is None else right_child, flags)


def create_ptree_main(body: bytes) -> bytes:
    return CREATE_PTREE.pack(len(body)) + body


def insert_data_internal(offset: int, child: int, key) -> bytes:
    return INSERT_DATA_INTERNAL.pack(offset) + pf.POSTING_ITEM.pack(
        child >> 16, child & 0xFFFF, key[0] >> 16, key[0] & 0xFFFF, key[1])


def segment_actions(old: list[bytes], new: list[bytes]) -> bytes | None:
    """The segment actions (ginxlogRecompressDataLeaf) that turn a leaf's segments `old`
    into `new`: after the unchanged ones, REPLACE where both have a segment that differs,
    INSERT the extra new ones after the last old one, DELETE the extra old ones. None
    when a segment number would not fit its byte (the caller logs an image)."""
    actions = []
    for segno in range(max(len(old), len(new))):
        if segno < len(old) and segno < len(new):
            if old[segno] != new[segno]:
                actions.append((segno, GIN_SEGMENT_REPLACE, new[segno]))
        elif segno < len(new):
            actions.append((len(old), GIN_SEGMENT_INSERT, new[segno]))
        else:
            actions.append((segno, GIN_SEGMENT_DELETE, b""))
    return recompress_data(actions)


def recompress_data(actions) -> bytes | None:
    """ginxlogRecompressDataLeaf from [(segno, action, segment, or for ADDITEMS the
    added TIDs)]; None past segno 255."""
    if any(segno > MAX_SEGNO for segno, _a, _s in actions):
        return None
    out = bytearray(NACTIONS.pack(len(actions)))
    for segno, action, payload in actions:
        out += SEGMENT_ACTION.pack(segno, action)
        if action in (GIN_SEGMENT_INSERT, GIN_SEGMENT_REPLACE):
            out += payload + b"\0" * (len(payload) & 1)          # SHORTALIGN
        elif action == GIN_SEGMENT_ADDITEMS:                     # the added TIDs
            out += struct.pack("<H", len(payload))
            for block, posid in payload:
                out += struct.pack("<HHH", block >> 16, block & 0xFFFF, posid)
    return bytes(out)


def _read_actions(data):
    """[(segno, action, segment or None, added TIDs)] of a ginxlogRecompressDataLeaf;
    stops at an action it does not know (as desc_recompress_leaf)."""
    (nactions,) = NACTIONS.unpack_from(data, 0)
    pos = NACTIONS.size
    out = []
    for _ in range(nactions):
        segno, action = SEGMENT_ACTION.unpack_from(data, pos)
        pos += SEGMENT_ACTION.size
        segment, items = None, []
        if action in (GIN_SEGMENT_INSERT, GIN_SEGMENT_REPLACE):
            size = posting_list.segment_size(data, pos)
            segment = bytes(data[pos:pos + size])
            pos += size + (size & 1)
        elif action == GIN_SEGMENT_ADDITEMS:
            (nitems,) = struct.unpack_from("<H", data, pos)
            pos += 2
            for _i in range(nitems):
                hi, lo, posid = struct.unpack_from("<HHH", data, pos)
                items.append(((hi << 16) | lo, posid))
                pos += 6
        out.append((segno, action, segment, items))
        if action not in _ACTION_NAMES and action != GIN_SEGMENT_ADDITEMS:
            break
    return out


def apply_segment_actions(page, data) -> None:
    """ginRedoRecompress: the leaf's segments changed by the actions in `data`, written
    from the start of the data area; bytes past the new end stay as they were."""
    old = [bytes(page[offset:offset + size]) for offset, size in pf.data_leaf_segments(page)]
    new: list[bytes] = []
    segno = 0
    for a_segno, action, segment, items in _read_actions(data):
        if a_segno < segno:
            raise RuntimeError("gin redo: segment actions out of order")
        new.extend(old[segno:a_segno])
        segno = a_segno
        if action == GIN_SEGMENT_ADDITEMS:
            merged = posting_list.merge(posting_list.decode_segments(old[segno]), items)
            segment = posting_list.compress(merged, pl.BLCKSZ)[0]
            action = GIN_SEGMENT_REPLACE
        if action == GIN_SEGMENT_DELETE:
            segno += 1
        elif action == GIN_SEGMENT_INSERT:
            new.append(segment)
        elif action == GIN_SEGMENT_REPLACE:
            new.append(segment)
            segno += 1
        else:
            raise RuntimeError(f"unexpected GIN leaf action: {action}")
    new.extend(old[segno:])
    pf.rewrite_data_leaf(page, new)


def _metadata(page) -> bytes:
    return bytes(page[pl.SIZE_OF_PAGE_HEADER:pl.SIZE_OF_PAGE_HEADER + pf.META_SIZE])


def update_meta_main(locator, page, prev_tail: int = pf.INVALID_BLOCK,
                     new_rightlink: int = pf.INVALID_BLOCK, ntuples: int = 0) -> bytes:
    return UPDATE_META.pack(locator.spcoid, locator.dboid, locator.relfilenode,
                            _metadata(page), prev_tail, new_rightlink, ntuples)


def insert_listpage_main(rightlink: int, ntuples: int) -> bytes:
    return INSERT_LISTPAGE.pack(rightlink, ntuples)


def delete_listpage_main(meta_page, ndeleted: int) -> bytes:
    return DELETE_LISTPAGE.pack(_metadata(meta_page), ndeleted)


def add_list_tuples(page, data, ntuples: int) -> None:
    """Append `ntuples` index tuples, laid one after the other in `data`, after the
    page's last item (PageAddItem at maxoff + 1 each)."""
    offset = pl.max_offset(page) + 1
    pos = 0
    for _ in range(ntuples):
        size = struct.unpack_from("<H", data, pos + 6)[0] & 0x1FFF   # INDEX_SIZE_MASK
        if not insert_item(page, bytes(data[pos:pos + size]), offset):
            raise RuntimeError("failed to add item to index page")
        pos += size
        offset += 1


def init_list_page(page, rightlink: int) -> None:
    """writeListPage's page before its tuples: GIN_LIST, the right link; the tail of
    a sublist (no right link) also GIN_LIST_FULLROW with one row counted in maxoff."""
    tail = rightlink == pf.INVALID_BLOCK
    flags = pf.GIN_LIST | (pf.GIN_LIST_FULLROW if tail else 0)
    pf.init_page(page, flags)
    pf.write_opaque(page, pf.Opaque(rightlink, 1 if tail else 0, flags))


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


def _redo_create_ptree(record) -> None:
    (size,) = CREATE_PTREE.unpack_from(record.main_data, 0)
    body = bytes(record.main_data[CREATE_PTREE.size:CREATE_PTREE.size + size])
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    page = bufmgr.page(buf)
    page[:] = bytes(pl.BLCKSZ)
    pf.write_data_leaf(page, [body], pf.INVALID_BLOCK, (0, 0))
    bufmgr.finish_redo(buf, record)


def _redo_insert_data(page, leaf: bool, right_child, data) -> None:
    if leaf:
        apply_segment_actions(page, data)
        return
    (offset,) = INSERT_DATA_INTERNAL.unpack_from(data, 0)
    hi, lo, khi, klo, kpos = pf.POSTING_ITEM.unpack_from(data, INSERT_DATA_INTERNAL.size)
    items = pf.data_internal_items(page)
    items[offset - 1] = (right_child, items[offset - 1][1])
    items.insert(offset - 1, ((hi << 16) | lo, ((khi << 16) | klo, kpos)))
    pf.write_data_internal(page, items, pf.read_opaque(page).rightlink,
                           pf.data_right_bound(page))


def _redo_vacuum_data_leaf(record) -> None:
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    apply_segment_actions(bufmgr.page(buf), record.blocks[0].data)
    bufmgr.finish_redo(buf, record)


def _redo_insert(record) -> None:
    (flags,) = INSERT.unpack_from(record.main_data, 0)
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
    if flags & GIN_INSERT_ISDATA:
        _redo_insert_data(page, leaf, right_child, data)
        bufmgr.finish_redo(buf, record)
        return
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


def _redo_meta(record, metadata: bytes) -> None:
    """The metapage rebuilt with `metadata`, whatever its LSN (ginRedoUpdateMetapage:
    as good as a full-page image, so no torn page can survive)."""
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    page = bufmgr.page(buf)
    pf.init_meta_page(page)
    page[pl.SIZE_OF_PAGE_HEADER:pl.SIZE_OF_PAGE_HEADER + pf.META_SIZE] = metadata
    bufmgr.finish_redo(buf, record)


def _redo_update_meta_page(record) -> None:
    (_spc, _db, _rel, metadata, prev_tail, new_rightlink,
     ntuples) = UPDATE_META.unpack_from(record.main_data, 0)
    _redo_meta(record, metadata)
    if ntuples <= 0 and prev_tail == pf.INVALID_BLOCK:
        return
    action, buf = bufmgr.read_buffer_for_redo(record, 1)
    if action != "needs_redo":
        bufmgr.unlock_release_buffer(buf)
        return
    page = bufmgr.page(buf)
    opaque = pf.read_opaque(page)
    if ntuples > 0:                         # tuples appended to the tail page
        add_list_tuples(page, record.blocks[1].data, ntuples)
        opaque = pf.read_opaque(page)
        opaque.maxoff += 1
    else:                                   # a sublist linked after the old tail
        opaque.rightlink = new_rightlink
    pf.write_opaque(page, opaque)
    bufmgr.finish_redo(buf, record)


def _redo_insert_listpage(record) -> None:
    rightlink, ntuples = INSERT_LISTPAGE.unpack_from(record.main_data, 0)
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    page = bufmgr.page(buf)
    page[:] = bytes(pl.BLCKSZ)
    init_list_page(page, rightlink)
    add_list_tuples(page, record.blocks[0].data, ntuples)
    bufmgr.finish_redo(buf, record)


def _redo_delete_listpage(record) -> None:
    metadata, ndeleted = DELETE_LISTPAGE.unpack_from(record.main_data, 0)
    _redo_meta(record, metadata)
    for block_id in range(1, ndeleted + 1):
        _action, buf = bufmgr.read_buffer_for_redo(record, block_id)
        page = bufmgr.page(buf)
        page[:] = bytes(pl.BLCKSZ)
        pf.init_page(page, pf.GIN_DELETED)
        bufmgr.finish_redo(buf, record)


def redo(record) -> None:
    op = record.info & 0xF0
    if op == XLOG_GIN_CREATE_PTREE:
        _redo_create_ptree(record)
    elif op == XLOG_GIN_INSERT:
        _redo_insert(record)
    elif op == XLOG_GIN_SPLIT:
        _redo_split(record)
    elif op == XLOG_GIN_VACUUM_PAGE:
        _restore_image(record, 0, "vacuum page")
    elif op == XLOG_GIN_UPDATE_META_PAGE:
        _redo_update_meta_page(record)
    elif op == XLOG_GIN_VACUUM_DATA_LEAF_PAGE:
        _redo_vacuum_data_leaf(record)
    elif op == XLOG_GIN_INSERT_LISTPAGE:
        _redo_insert_listpage(record)
    elif op == XLOG_GIN_DELETE_LISTPAGE:
        _redo_delete_listpage(record)
    else:
        raise RuntimeError(f"gin_redo: unknown op code {op}")


# ---- descriptions ----------------------------------------------------------------------

def identify(info: int) -> str:
    return NAMES.get(info & 0xF0, "UNKNOWN")


def _tf(value) -> str:
    return "T" if value else "F"


def _describe_actions(data) -> str:
    """desc_recompress_leaf."""
    actions = _read_actions(data)
    out = f" {NACTIONS.unpack_from(data, 0)[0]} segments:"
    for segno, action, _segment, items in actions:
        if action == GIN_SEGMENT_ADDITEMS:
            out += f" {segno} (add {len(items)} items)"
        elif action in _ACTION_NAMES:
            out += f" {segno} ({_ACTION_NAMES[action]})"
        else:
            out += f" {segno} unknown action {action} ???"
    return out


def _describe_image(block) -> str:
    return (" (full page image)" if block.apply_image
            else " (full page image, for WAL verification)")


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
            out += _describe_image(block)
        elif block is not None and not flags & GIN_INSERT_ISDATA:
            out += f" isdelete: {_tf(INSERT_ENTRY.unpack_from(block.data, 0)[1])}"
        elif block is not None and flags & GIN_INSERT_ISLEAF:
            out += _describe_actions(block.data)
        elif block is not None:
            hi, lo, khi, klo, kpos = pf.POSTING_ITEM.unpack_from(block.data,
                                                                 INSERT_DATA_INTERNAL.size)
            out += f" pitem: {(hi << 16) | lo}-{(khi << 16) | klo}/{kpos}"
        return out
    if op == XLOG_GIN_SPLIT:
        flags = SPLIT.unpack_from(data, 0)[6]
        return (f"isrootsplit: {_tf(flags & GIN_SPLIT_ROOT)} isdata: "
                f"{_tf(flags & GIN_INSERT_ISDATA)} isleaf: {_tf(flags & GIN_INSERT_ISLEAF)}")
    if op == XLOG_GIN_DELETE_LISTPAGE:
        return f"ndeleted: {DELETE_LISTPAGE.unpack_from(data, 0)[1]}"
    if op == XLOG_GIN_VACUUM_DATA_LEAF_PAGE:
        block = record.blocks.get(0)
        if block is None:
            return ""
        return _describe_image(block) if block.image is not None else \
            _describe_actions(block.data)
    return ""


wal.register_rmgr(wal.RmgrId.GIN, "Gin", redo, describe)
waldump.register_identify(wal.RmgrId.GIN, identify)
