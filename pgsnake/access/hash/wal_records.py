"""WAL records of the hash resource manager (rmgr 12, "Hash"): layouts, redo, and
pg_waldump's descriptions. The layouts are PostgreSQL 15's (hash_xlog.h), so its
pg_waldump reads them; the changes they describe are access_method.py's steps.

Records pgsnake writes (info byte; "main" is the record's main data):

  INSERT 0x20              main: offnum u16
                           block 0: the page, data = the new tuple; block 1: metapage
                           (ntuples + 1)
  ADD_OVFL_PAGE 0x30       main: bmsize u16, bmpage_found u8
                           block 0: the overflow page (will_init), data = bucket u32
                           block 1: the page before it in the chain (next link)
                           block 2: the bitmap page whose bit was found, data = bit u32
                           block 3: a new bitmap page (will_init)
                           block 4: metapage, data = firstfree u32
  SPLIT_ALLOCATE_PAGE 0x40 main: new_bucket u32, old_bucket_flag u16,
                           new_bucket_flag u16, flags u8
                           block 0: old bucket's primary page; block 1: new bucket's
                           (will_init); block 2: metapage, data = [lowmask, highmask]
                           when flags & 1, then [ovflpoint, spares] when flags & 2
  SPLIT_PAGE 0x50          block 0: a filled page of the new bucket, always an image
  SPLIT_COMPLETE 0x60      main: old_bucket_flag u16, new_bucket_flag u16
                           block 0/1: the old and new buckets' primary pages
  MOVE_PAGE_CONTENTS 0x70  main: ntups u16, is_prim_bucket_same_wrt u8
                           block 0: primary bucket page (no image, only locked)
                           block 1: write page, data = ntups offsets u16, then tuples
                           block 2: read page, data = the offsets deleted
  SQUEEZE_PAGE 0x80        main: prevblkno u32, nextblkno u32, ntups u16,
                           is_prim_bucket_same_wrt u8, is_prev_bucket_same_wrt u8
                           blocks 0, 1 as MOVE_PAGE_CONTENTS; 2: the freed overflow
                           page; 3: its previous page (unless it is the write page);
                           4: its next page; 5: bitmap page, data = bit u32;
                           6: metapage, data = firstfree u32 (when it changed)
  DELETE 0x90              main: clear_dead_marking u8, is_primary_bucket_page u8
                           block 0: primary bucket page (no image); block 1: the page,
                           data = the offsets deleted
  SPLIT_CLEANUP 0xA0       block 0: primary bucket page (NEEDS_SPLIT_CLEANUP cleared)
  UPDATE_META_PAGE 0xB0    main: ntuples f64; block 0: metapage

Tuples in records are MAXALIGNed, as on the page. Redo repeats each change exactly as
access_method.py made it (the same item offsets, the same PageIndexMultiDelete), so the
pages it produces are byte-identical; a page whose LSN shows the change is left alone,
and a full-page image replaces it (read_buffer_for_redo).

Builds log their pages as XLOG FPI records (pages.log_all_pages), not INIT_META_PAGE /
INIT_BITMAP_PAGE; VACUUM_ONE_PAGE is never written (no LP_DEAD marking); their redo and
descriptions are here for WAL written by PostgreSQL's layouts all the same.

Entry points: the XLOG_HASH_* constants and structs, redo, describe, identify;
registered with the resource-manager table at import.

PostgreSQL: include/access/hash_xlog.h, access/hash/hash_xlog.c (hash_redo and its
hash_xlog_* routines), access/rmgrdesc/hashdesc.c (hash_desc, hash_identify).
"""
from __future__ import annotations

import struct

from pgsnake.access.hash import page_format as pf
from pgsnake.access.nbtree.page_format import insert_item
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl

XLOG_HASH_INIT_META_PAGE = 0x00
XLOG_HASH_INIT_BITMAP_PAGE = 0x10
XLOG_HASH_INSERT = 0x20
XLOG_HASH_ADD_OVFL_PAGE = 0x30
XLOG_HASH_SPLIT_ALLOCATE_PAGE = 0x40
XLOG_HASH_SPLIT_PAGE = 0x50
XLOG_HASH_SPLIT_COMPLETE = 0x60
XLOG_HASH_MOVE_PAGE_CONTENTS = 0x70
XLOG_HASH_SQUEEZE_PAGE = 0x80
XLOG_HASH_DELETE = 0x90
XLOG_HASH_SPLIT_CLEANUP = 0xA0
XLOG_HASH_UPDATE_META_PAGE = 0xB0
XLOG_HASH_VACUUM_ONE_PAGE = 0xC0

NAMES = {
    XLOG_HASH_INIT_META_PAGE: "INIT_META_PAGE", XLOG_HASH_INIT_BITMAP_PAGE: "INIT_BITMAP_PAGE",
    XLOG_HASH_INSERT: "INSERT", XLOG_HASH_ADD_OVFL_PAGE: "ADD_OVFL_PAGE",
    XLOG_HASH_SPLIT_ALLOCATE_PAGE: "SPLIT_ALLOCATE_PAGE", XLOG_HASH_SPLIT_PAGE: "SPLIT_PAGE",
    XLOG_HASH_SPLIT_COMPLETE: "SPLIT_COMPLETE",
    XLOG_HASH_MOVE_PAGE_CONTENTS: "MOVE_PAGE_CONTENTS",
    XLOG_HASH_SQUEEZE_PAGE: "SQUEEZE_PAGE", XLOG_HASH_DELETE: "DELETE",
    XLOG_HASH_SPLIT_CLEANUP: "SPLIT_CLEANUP", XLOG_HASH_UPDATE_META_PAGE: "UPDATE_META_PAGE",
    XLOG_HASH_VACUUM_ONE_PAGE: "VACUUM_ONE_PAGE",
}

XLH_SPLIT_META_UPDATE_MASKS = 1 << 0
XLH_SPLIT_META_UPDATE_SPLITPOINT = 1 << 1

INSERT = struct.Struct("<H")                   # xl_hash_insert
ADD_OVFL_PAGE = struct.Struct("<H?")           # xl_hash_add_ovfl_page
SPLIT_ALLOCATE_PAGE = struct.Struct("<IHHB")   # xl_hash_split_allocate_page
SPLIT_COMPLETE = struct.Struct("<HH")          # xl_hash_split_complete
MOVE_PAGE_CONTENTS = struct.Struct("<H?")      # xl_hash_move_page_contents
SQUEEZE_PAGE = struct.Struct("<IIH??")         # xl_hash_squeeze_page
DELETE = struct.Struct("<??")                  # xl_hash_delete
UPDATE_META_PAGE = struct.Struct("<d")         # xl_hash_update_meta_page
INIT_META_PAGE = struct.Struct("<dIH")         # xl_hash_init_meta_page
INIT_BITMAP_PAGE = struct.Struct("<H")         # xl_hash_init_bitmap_page
VACUUM_ONE_PAGE = struct.Struct("<IH")         # xl_hash_vacuum_one_page (15: no isCatalogRel)
U32 = struct.Struct("<I")


def offsets_data(offsets) -> bytes:
    return struct.pack(f"<{len(offsets)}H", *offsets)


def tuples_data(offsets, tuples) -> bytes:
    """MOVE_PAGE_CONTENTS / SQUEEZE_PAGE block data: the offsets the tuples went to, then
    the tuples, each MAXALIGNed."""
    out = bytearray(offsets_data(offsets))
    for item in tuples:
        out += item + bytes(pl.maxalign(len(item)) - len(item))
    return bytes(out)


def _parse_offsets(data: bytes) -> list[int]:
    return list(struct.unpack_from(f"<{len(data) // 2}H", data, 0))


def _add_tuples(page, data: bytes, ntups: int) -> None:
    """Put the tuples of tuples_data back at their offsets, in order."""
    offsets = struct.unpack_from(f"<{ntups}H", data, 0)
    pos = 2 * ntups
    for offset in offsets:
        size = struct.unpack_from("<H", data, pos + 6)[0] & 0x1FFF    # IndexTupleSize
        if not insert_item(page, bytes(data[pos:pos + size]), offset):
            raise RuntimeError("hash redo: failed to add item to hash index page")
        pos += pl.maxalign(size)


def _set_opaque(page, **fields) -> None:
    opaque = pf.read_opaque(page)
    for name, value in fields.items():
        setattr(opaque, name, value)
    pf.write_opaque(page, opaque)


def _update(record, block_id: int, change, *, also_restored: bool = False) -> None:
    """Apply `change(page)` to the record's block when redo needs it (with
    also_restored, after a full-page image too: PostgreSQL's redo of the split records
    re-applies the flags whatever it finds)."""
    if block_id not in record.blocks:
        return
    action, buf = bufmgr.read_buffer_for_redo(record, block_id)
    if action == "needs_redo" or (also_restored and action == "restored"):
        change(bufmgr.page(buf))
        bufmgr.finish_redo(buf, record)
    else:
        bufmgr.unlock_release_buffer(buf)


def _change_meta(page, **fields) -> None:
    meta = pf.read_meta(page)
    for name, value in fields.items():
        setattr(meta, name, value)
    pf.write_meta(page, meta)


# ---- redo ------------------------------------------------------------------------------

def _redo_init_meta_page(record) -> None:
    # pgsnake's builds never write it; PostgreSQL's _hash_init_metabuffer is needed.
    raise RuntimeError("hash redo: INIT_META_PAGE is not supported")


def _redo_insert(record) -> None:
    (offnum,) = INSERT.unpack_from(record.main_data, 0)

    def add(page):
        if not insert_item(page, bytes(record.blocks[0].data), offnum):
            raise RuntimeError("hash_xlog_insert: failed to add item")
    _update(record, 0, add)
    _update(record, 1, lambda page: _change_meta(page, ntuples=pf.read_meta(page).ntuples + 1))


def _redo_add_ovfl_page(record) -> None:
    bmsize, bmpage_found = ADD_OVFL_PAGE.unpack_from(record.main_data, 0)
    left_blkno = record.blocks[1].blockno
    ovfl_blkno = record.blocks[0].blockno
    (bucket,) = U32.unpack_from(record.blocks[0].data, 0)
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    pf.init_page(bufmgr.page(buf), left_blkno, pf.INVALID_BLOCK, bucket, pf.LH_OVERFLOW_PAGE)
    bufmgr.finish_redo(buf, record)
    _update(record, 1, lambda page: _set_opaque(page, nextblkno=ovfl_blkno))
    if 2 in record.blocks:
        (bit,) = U32.unpack_from(record.blocks[2].data, 0)
        _update(record, 2, lambda page: pf.set_bit(page, bit, True))
    new_map = None
    if 3 in record.blocks:
        _action, buf = bufmgr.read_buffer_for_redo(record, 3)
        pf.init_bitmap_page(bufmgr.page(buf), bmsize)
        bufmgr.finish_redo(buf, record)
        new_map = record.blocks[3].blockno
    (firstfree,) = U32.unpack_from(record.blocks[4].data, 0)

    def meta_change(page):
        meta = pf.read_meta(page)
        meta.firstfree = firstfree
        if not bmpage_found:
            meta.spares[meta.ovflpoint] += 1
            if new_map is not None:
                meta.mapp[meta.nmaps] = new_map
                meta.nmaps += 1
                meta.spares[meta.ovflpoint] += 1
        pf.write_meta(page, meta)
    _update(record, 4, meta_change)


def _redo_split_allocate_page(record) -> None:
    new_bucket, old_flag, new_flag, flags = SPLIT_ALLOCATE_PAGE.unpack_from(record.main_data)
    _update(record, 0, lambda page: _set_opaque(page, flag=old_flag, prevblkno=new_bucket),
            also_restored=True)
    _action, buf = bufmgr.read_buffer_for_redo(record, 1)
    pf.init_page(bufmgr.page(buf), new_bucket, pf.INVALID_BLOCK, new_bucket, new_flag)
    bufmgr.finish_redo(buf, record)
    data = record.blocks[2].data

    def meta_change(page):
        meta = pf.read_meta(page)
        meta.maxbucket = new_bucket
        pos = 0
        if flags & XLH_SPLIT_META_UPDATE_MASKS:
            meta.lowmask, meta.highmask = struct.unpack_from("<II", data, pos)
            pos += 8
        if flags & XLH_SPLIT_META_UPDATE_SPLITPOINT:
            ovflpoint, ovflpages = struct.unpack_from("<II", data, pos)
            meta.spares[ovflpoint] = ovflpages
            meta.ovflpoint = ovflpoint
        pf.write_meta(page, meta)
    _update(record, 2, meta_change)


def _redo_split_page(record) -> None:
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    bufmgr.unlock_release_buffer(buf)
    if action != "restored":
        raise RuntimeError("Hash split record did not contain a full-page image")


def _redo_split_complete(record) -> None:
    old_flag, new_flag = SPLIT_COMPLETE.unpack_from(record.main_data, 0)
    _update(record, 0, lambda page: _set_opaque(page, flag=old_flag), also_restored=True)
    _update(record, 1, lambda page: _set_opaque(page, flag=new_flag), also_restored=True)


def _delete_offsets(page, data: bytes) -> None:
    offsets = _parse_offsets(data)
    if offsets:
        pl.index_multi_delete(page, offsets)


def _redo_move_page_contents(record) -> None:
    ntups, _same = MOVE_PAGE_CONTENTS.unpack_from(record.main_data, 0)
    _update(record, 1, lambda page: _add_tuples(page, record.blocks[1].data, ntups))
    _update(record, 2, lambda page: _delete_offsets(page, record.blocks[2].data))


def _redo_squeeze_page(record) -> None:
    prevblkno, nextblkno, ntups, _same, prev_is_write = SQUEEZE_PAGE.unpack_from(
        record.main_data, 0)

    def write_change(page):
        if ntups:
            _add_tuples(page, record.blocks[1].data, ntups)
        if prev_is_write:
            _set_opaque(page, nextblkno=nextblkno)
    _update(record, 1, write_change)
    _update(record, 2, lambda page: pf.init_page(page, pf.INVALID_BLOCK, pf.INVALID_BLOCK,
                                                 pf.INVALID_BUCKET, pf.LH_UNUSED_PAGE))
    if not prev_is_write:
        _update(record, 3, lambda page: _set_opaque(page, nextblkno=nextblkno))
    _update(record, 4, lambda page: _set_opaque(page, prevblkno=prevblkno))
    (bit,) = U32.unpack_from(record.blocks[5].data, 0)
    _update(record, 5, lambda page: pf.set_bit(page, bit, False))
    if 6 in record.blocks:
        (firstfree,) = U32.unpack_from(record.blocks[6].data, 0)
        _update(record, 6, lambda page: _change_meta(page, firstfree=firstfree))


def _redo_delete(record) -> None:
    clear_dead_marking, _primary = DELETE.unpack_from(record.main_data, 0)

    def change(page):
        _delete_offsets(page, record.blocks[1].data)
        if clear_dead_marking:
            opaque = pf.read_opaque(page)
            _set_opaque(page, flag=opaque.flag & ~pf.LH_PAGE_HAS_DEAD_TUPLES)
    _update(record, 1, change)


def _redo_split_cleanup(record) -> None:
    def change(page):
        opaque = pf.read_opaque(page)
        _set_opaque(page, flag=opaque.flag & ~pf.LH_BUCKET_NEEDS_SPLIT_CLEANUP)
    _update(record, 0, change)


def _redo_update_meta_page(record) -> None:
    (ntuples,) = UPDATE_META_PAGE.unpack_from(record.main_data, 0)
    _update(record, 0, lambda page: _change_meta(page, ntuples=ntuples))


def _redo_init_bitmap_page(record) -> None:
    (bmsize,) = INIT_BITMAP_PAGE.unpack_from(record.main_data, 0)
    _action, buf = bufmgr.read_buffer_for_redo(record, 0)
    pf.init_bitmap_page(bufmgr.page(buf), bmsize)
    bufmgr.finish_redo(buf, record)

    def meta_change(page):
        meta = pf.read_meta(page)
        meta.mapp[meta.nmaps] = meta.maxbucket + 2
        meta.nmaps += 1
        pf.write_meta(page, meta)
    _update(record, 1, meta_change)


def _redo_vacuum_one_page(record) -> None:
    _xid, ntuples = VACUUM_ONE_PAGE.unpack_from(record.main_data, 0)
    offsets = _parse_offsets(record.main_data[VACUUM_ONE_PAGE.size:])

    def change(page):
        if offsets:
            pl.index_multi_delete(page, offsets)
        opaque = pf.read_opaque(page)
        _set_opaque(page, flag=opaque.flag & ~pf.LH_PAGE_HAS_DEAD_TUPLES)
    _update(record, 0, change)
    _update(record, 1, lambda page: _change_meta(page, ntuples=pf.read_meta(page).ntuples
                                                 - ntuples))


_REDO = {
    XLOG_HASH_INIT_META_PAGE: _redo_init_meta_page,
    XLOG_HASH_INIT_BITMAP_PAGE: _redo_init_bitmap_page,
    XLOG_HASH_INSERT: _redo_insert,
    XLOG_HASH_ADD_OVFL_PAGE: _redo_add_ovfl_page,
    XLOG_HASH_SPLIT_ALLOCATE_PAGE: _redo_split_allocate_page,
    XLOG_HASH_SPLIT_PAGE: _redo_split_page,
    XLOG_HASH_SPLIT_COMPLETE: _redo_split_complete,
    XLOG_HASH_MOVE_PAGE_CONTENTS: _redo_move_page_contents,
    XLOG_HASH_SQUEEZE_PAGE: _redo_squeeze_page,
    XLOG_HASH_DELETE: _redo_delete,
    XLOG_HASH_SPLIT_CLEANUP: _redo_split_cleanup,
    XLOG_HASH_UPDATE_META_PAGE: _redo_update_meta_page,
    XLOG_HASH_VACUUM_ONE_PAGE: _redo_vacuum_one_page,
}


def redo(record) -> None:
    op = record.info & 0xF0
    routine = _REDO.get(op)
    if routine is None:
        raise RuntimeError(f"hash_redo: unknown op code {op}")
    routine(record)


# ---- descriptions ----------------------------------------------------------------------

def identify(info: int) -> str:
    return NAMES.get(info & 0xF0, "UNKNOWN")


def _tf(value) -> str:
    return "T" if value else "F"


def _g(value: float) -> str:
    return f"{value:g}"


def describe(record) -> str:
    """hash_desc: the text after the record kind in pg_waldump's "desc:" column."""
    op = record.info & 0xF0
    data = record.main_data
    if op == XLOG_HASH_INIT_META_PAGE:
        num_tuples, _procid, ffactor = INIT_META_PAGE.unpack_from(data, 0)
        return f"num_tuples {_g(num_tuples)}, fillfactor {ffactor}"
    if op == XLOG_HASH_INIT_BITMAP_PAGE:
        return f"bmsize {INIT_BITMAP_PAGE.unpack_from(data, 0)[0]}"
    if op == XLOG_HASH_INSERT:
        return f"off {INSERT.unpack_from(data, 0)[0]}"
    if op == XLOG_HASH_ADD_OVFL_PAGE:
        bmsize, found = ADD_OVFL_PAGE.unpack_from(data, 0)
        return f"bmsize {bmsize}, bmpage_found {_tf(found)}"
    if op == XLOG_HASH_SPLIT_ALLOCATE_PAGE:
        new_bucket, _old, _new, flags = SPLIT_ALLOCATE_PAGE.unpack_from(data, 0)
        return (f"new_bucket {new_bucket}, meta_page_masks_updated "
                f"{_tf(flags & XLH_SPLIT_META_UPDATE_MASKS)}, issplitpoint_changed "
                f"{_tf(flags & XLH_SPLIT_META_UPDATE_SPLITPOINT)}")
    if op == XLOG_HASH_SPLIT_COMPLETE:
        old_flag, new_flag = SPLIT_COMPLETE.unpack_from(data, 0)
        return f"old_bucket_flag {old_flag}, new_bucket_flag {new_flag}"
    if op == XLOG_HASH_MOVE_PAGE_CONTENTS:
        ntups, same = MOVE_PAGE_CONTENTS.unpack_from(data, 0)
        return f"ntups {ntups}, is_primary {_tf(same)}"
    if op == XLOG_HASH_SQUEEZE_PAGE:
        prev, nxt, ntups, same, _prev_same = SQUEEZE_PAGE.unpack_from(data, 0)
        return f"prevblkno {prev}, nextblkno {nxt}, ntups {ntups}, is_primary {_tf(same)}"
    if op == XLOG_HASH_DELETE:
        clear, primary = DELETE.unpack_from(data, 0)
        return f"clear_dead_marking {_tf(clear)}, is_primary {_tf(primary)}"
    if op == XLOG_HASH_UPDATE_META_PAGE:
        return f"ntuples {_g(UPDATE_META_PAGE.unpack_from(data, 0)[0])}"
    if op == XLOG_HASH_VACUUM_ONE_PAGE:
        xid, ntuples = VACUUM_ONE_PAGE.unpack_from(data, 0)
        return f"ntuples {ntuples}, latestRemovedXid {xid}"
    return ""


wal.register_rmgr(wal.RmgrId.HASH, "Hash", redo, describe)
waldump.register_identify(wal.RmgrId.HASH, identify)
