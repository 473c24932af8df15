"""pageinspect: raw pages and their decoded contents, as PostgreSQL 15's pageinspect.

    get_raw_page(relname text, [fork text,] blkno int8) -> bytea   a copy of the block
    page_header(page bytea) -> record                              the 24-byte header
    heap_page_items(page bytea) -> setof record                    line pointers, tuple headers
    bt_metap(relname text), bt_page_stats(relname text, blkno int8) -> record
    bt_page_items(relname text, blkno int8), bt_page_items(page bytea) -> setof record
    gin_metapage_info(page bytea), gin_page_opaque_info(page bytea) -> record
    gin_leafpage_items(page bytea) -> setof record   (access/gin/page_inspect.py)
    hash_page_type(page bytea) -> text, hash_page_stats(page bytea),
    hash_metapage_info(page bytea) -> record, hash_page_items(page bytea) -> setof
    record, hash_bitmap_info(index regclass, blkno int8) -> record
                                                     (access/hash/page_inspect.py)
    gist_page_opaque_info(page bytea) -> record, gist_page_items_bytea(page bytea),
    gist_page_items(page bytea, index regclass) -> setof record
                                                     (access/gist/page_inspect.py)
    fsm_page_contents(page bytea) -> text            a free-space-map page's nodes
    heap_tuple_infomask_flags(t_infomask int4, t_infomask2 int4) -> (raw_flags text[],
        combined_flags text[])                       the flag bits by name
    page_checksum(page bytea, blkno int8) -> int2    the checksum the page would get
    tuple_data_split(rel_oid oid, t_data bytea, t_infomask int4, t_infomask2 int4,
        t_bits text [, do_detoast bool]) -> bytea[]  a tuple's attributes' raw bytes
    heap_page_item_attrs(page bytea, rel_oid regclass [, do_detoast bool]) -> setof
        record                                       heap_page_items with t_attrs

The B-tree functions are access/nbtree/page_inspect.py's; this module resolves the
relation name and registers everything as functions of the "pageinspect" extension.
Pages are PostgreSQL's format, so the rows equal PostgreSQL's for the same page.

PostgreSQL: contrib/pageinspect/rawpage.c (get_raw_page_internal, page_header,
get_page_from_raw, page_checksum), heapfuncs.c (heap_page_items, bits_to_text,
heap_tuple_infomask_flags), btreefuncs.c, fsmfuncs.c (fsm_page_contents).
"""
from __future__ import annotations

import struct

from pgsnake.access.gin import page_inspect as gin
from pgsnake.access.hash import page_inspect as hash_inspect
from pgsnake.access.brin import page_inspect as brin_inspect
from pgsnake.access.gist import page_inspect as gist
from pgsnake.access.nbtree import page_inspect as bt
from pgsnake.access.transam.wal.lsn import format_lsn
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog.sql_functions import _split_qualified_name
from pgsnake.contrib import extensions
from pgsnake.datatypes import functions
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import fsm_page
from pgsnake.storage.page import checksum
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError

DATA_CORRUPTED = "XX001"

EXTENSION = "pageinspect"
_BYTEA, _TEXT, _INT8, _INT4, _INT2, _XID, _TID, _RECORD = 17, 25, 20, 23, 21, 28, 27, 2249
_REGCLASS = 2205

# pg_lsn (3220) is not a pgsnake type yet: page_header's lsn column is text, printed as
# pg_lsn prints ("0/158A7F8").
PAGE_HEADER_COLUMNS = (("lsn", _TEXT), ("checksum", _INT2), ("flags", _INT2),
                       ("lower", _INT4), ("upper", _INT4), ("special", _INT4),
                       ("pagesize", _INT4), ("version", _INT2), ("prune_xid", _XID))
HEAP_PAGE_ITEMS_COLUMNS = (
    ("lp", _INT2), ("lp_off", _INT2), ("lp_flags", _INT2), ("lp_len", _INT2),
    ("t_xmin", _XID), ("t_xmax", _XID), ("t_field3", _INT4), ("t_ctid", _TID),
    ("t_infomask2", _INT4), ("t_infomask", _INT4), ("t_hoff", _INT2), ("t_bits", _TEXT),
    ("t_oid", 26), ("t_data", _BYTEA))

_FORKS = {"main": ForkNumber.MAIN, "fsm": ForkNumber.FSM, "vm": ForkNumber.VISIBILITY_MAP,
          "init": ForkNumber.INIT}
_NO_STORAGE = {"v": "views", "c": "composite types", "f": "foreign tables",
               "p": "partitioned tables", "I": "partitioned indexes"}
_TUPLE_HEADER = struct.Struct("<IIIHHHHHB")   # xmin xmax field3 ctid(hi lo pos) mask2 mask hoff
SIZE_OF_HEAP_TUPLE_HEADER = 23
HEAP_HASNULL, HEAP_HASOID_OLD, HEAP_NATTS_MASK = 0x0001, 0x0008, 0x07FF


def open_relation(relname: str):
    """The relation a text argument names (textToQualifiedNameList, relation_openrv)."""
    parts = _split_qualified_name(relname)
    schema = parts[-2] if len(parts) > 1 else None
    oid = cc.lookup_relation_oid(parts[-1], schema, schema_must_exist=True)
    if oid is None:
        raise PgError(UNDEFINED_TABLE, f'relation "{relname}" does not exist')
    return cc.get_relation(oid)


def get_raw_page(relname: str, fork_or_blkno, blkno=None) -> bytes:
    if blkno is None:
        fork_name, blkno = "main", fork_or_blkno
    else:
        fork_name = fork_or_blkno
    fork = _FORKS.get(fork_name)
    if fork is None:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid fork name",
                      hint='Valid fork names are "main", "fsm", "vm", and "init".')
    if blkno < 0 or blkno > bt.MAX_BLOCK_NUMBER:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid block number")
    rel = open_relation(relname)
    if rel.relkind in _NO_STORAGE:
        raise PgError(WRONG_OBJECT_TYPE, f'cannot get raw page from relation "{rel.name}"',
                      detail=f"This operation is not supported for {_NO_STORAGE[rel.relkind]}.")
    if blkno >= bufmgr.nblocks(rel.locator, fork):
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'block number {blkno} is out of range for relation "{rel.name}"')
    buf = bufmgr.read_buffer(rel.locator, fork, blkno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        return bytes(bufmgr.page(buf))
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _page_from_raw(raw: bytes) -> bytes:
    """get_page_from_raw: exactly one block."""
    if len(raw) != pl.BLCKSZ:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid page size",
                      detail=f"Expected {pl.BLCKSZ} bytes, got {len(raw)}.")
    return bytes(raw)


def _int16(value: int) -> int:
    return value - 0x10000 if value >= 0x8000 else value


def page_header(raw: bytes) -> tuple:
    page = _page_from_raw(raw)
    lsn, checksum, flags, lower, upper, special, size_version, prune = struct.unpack_from(
        "<QHHHHHHI", page, 0)
    lsn = pl.get_lsn(page)
    return (format_lsn(lsn), _int16(checksum), _int16(flags), lower, upper, special,
            size_version & 0xFF00, size_version & 0x00FF, prune)


def _bits_to_text(bits: bytes, count: int) -> str:
    return "".join("1" if bits[i // 8] & (1 << (i % 8)) else "0" for i in range(count))


def heap_page_items(raw: bytes):
    if len(raw) < pl.SIZE_OF_PAGE_HEADER:
        raise PgError(INVALID_PARAMETER_VALUE, f"input page too small ({len(raw)} bytes)")
    page = _page_from_raw(raw)
    rows = []
    for offnum in range(1, pl.max_offset(page) + 1):
        lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
        row = [offnum, lp_off, lp_flags, lp_len] + [None] * 10
        if (lp_len >= SIZE_OF_HEAP_TUPLE_HEADER and lp_off == pl.maxalign(lp_off)
                and lp_off + lp_len <= len(page)):
            (xmin, xmax, field3, bi_hi, bi_lo, posid, mask2, mask,
             hoff) = _TUPLE_HEADER.unpack_from(page, lp_off)
            row[4:11] = [xmin, xmax, field3 - (1 << 32) if field3 >= 1 << 31 else field3,
                         ((bi_hi << 16) | bi_lo, posid), mask2, mask, hoff]
            row[13] = page[lp_off + hoff:lp_off + lp_len] if hoff <= lp_len else b""
            if (SIZE_OF_HEAP_TUPLE_HEADER <= hoff <= lp_len and hoff == pl.maxalign(hoff)):
                if mask & HEAP_HASNULL:
                    natts = mask2 & HEAP_NATTS_MASK
                    nbytes = (natts + 7) // 8
                    bits = page[lp_off + SIZE_OF_HEAP_TUPLE_HEADER:
                                lp_off + SIZE_OF_HEAP_TUPLE_HEADER + nbytes]
                    row[11] = _bits_to_text(bits, nbytes * 8)
                if mask & HEAP_HASOID_OLD:
                    row[12] = struct.unpack_from("<I", page, lp_off + hoff - 4)[0]
        rows.append(tuple(row))
    return rows


def bt_metap(relname: str) -> tuple:
    return bt.bt_metap(open_relation(relname))


def bt_page_stats(relname: str, blkno: int) -> tuple:
    return bt.bt_page_stats(open_relation(relname), blkno)


def bt_page_items(relname: str, blkno: int):
    return bt.bt_page_items(open_relation(relname), blkno)


RAW_PAGE, PAGEINSPECT = "raw page", "pageinspect"


def superuser_only(fn, kind: str = RAW_PAGE):
    """The body behind PostgreSQL's check at the top of each pageinspect function: 42501
    "must be superuser to use raw page functions" (or "pageinspect functions" for the
    B-tree functions taking a relation name) before any argument is looked at."""
    def checked(*args):
        from pgsnake.commands.role_commands import is_superuser
        if not is_superuser():
            raise PgError("42501", f"must be superuser to use {kind} functions")
        return fn(*args)
    checked.__name__ = getattr(fn, "__name__", "checked")
    return checked


def _register(name, arg_types, fn, result=_RECORD, *, returns_set=False, columns=(),
              kind: str = RAW_PAGE, strict: bool = True) -> None:
    fn = superuser_only(fn, kind)
    functions.register(name, arg_types, result, fn, oid=extensions.next_function_oid(),
                       strict=strict,
                       volatility="v",
                       returns_set=returns_set, out_columns=columns, rows=1000.0,
                       extension=EXTENSION)


_register("get_raw_page", (_TEXT, _INT8), get_raw_page, _BYTEA)
_register("get_raw_page", (_TEXT, _TEXT, _INT8), get_raw_page, _BYTEA)
_register("page_header", (_BYTEA,), page_header, columns=PAGE_HEADER_COLUMNS)
_register("heap_page_items", (_BYTEA,), heap_page_items, returns_set=True,
          columns=HEAP_PAGE_ITEMS_COLUMNS)
_register("bt_metap", (_TEXT,), bt_metap, kind=PAGEINSPECT, columns=bt.BT_METAP_COLUMNS)
_register("bt_page_stats", (_TEXT, _INT8), bt_page_stats, kind=PAGEINSPECT,
          columns=bt.BT_PAGE_STATS_COLUMNS)
_register("bt_page_items", (_TEXT, _INT8), bt_page_items, returns_set=True, kind=PAGEINSPECT,
          columns=bt.BT_PAGE_ITEMS_COLUMNS)
_register("gin_metapage_info", (_BYTEA,), lambda raw: gin.gin_metapage_info(
    _page_from_raw(raw)), columns=gin.GIN_METAPAGE_COLUMNS)
_register("gin_page_opaque_info", (_BYTEA,), lambda raw: gin.gin_page_opaque_info(
    _page_from_raw(raw)), columns=gin.GIN_PAGE_OPAQUE_COLUMNS)
_register("gin_leafpage_items", (_BYTEA,), lambda raw: gin.gin_leafpage_items(
    _page_from_raw(raw)), returns_set=True, columns=gin.GIN_LEAFPAGE_ITEMS_COLUMNS)
_register("bt_page_items", (_BYTEA,), bt.bt_page_items_bytea, returns_set=True,
          columns=bt.BT_PAGE_ITEMS_COLUMNS)
_register("hash_page_type", (_BYTEA,), lambda raw: hash_inspect.hash_page_type(
    _page_from_raw(raw)), _TEXT)
_register("hash_page_stats", (_BYTEA,), lambda raw: hash_inspect.hash_page_stats(
    _page_from_raw(raw)), columns=hash_inspect.HASH_PAGE_STATS_COLUMNS)
_register("hash_page_items", (_BYTEA,), lambda raw: hash_inspect.hash_page_items(
    _page_from_raw(raw)), returns_set=True, columns=hash_inspect.HASH_PAGE_ITEMS_COLUMNS)
_register("hash_metapage_info", (_BYTEA,), lambda raw: hash_inspect.hash_metapage_info(
    _page_from_raw(raw)), columns=hash_inspect.HASH_METAPAGE_INFO_COLUMNS)
_register("hash_bitmap_info", (_REGCLASS, _INT8), lambda oid, blkno:
          hash_inspect.hash_bitmap_info(cc.get_relation(oid), blkno),
          columns=hash_inspect.HASH_BITMAP_INFO_COLUMNS)


def _gist_index(index_oid: int):
    rel = cc.get_relation(index_oid) if cc.class_row(index_oid) is not None else None
    if rel is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {index_oid}")
    if rel.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not an index')
    if rel.index.access_method != 783:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a GiST index')
    return rel


_register("gist_page_opaque_info", (_BYTEA,), lambda raw: gist.gist_page_opaque_info(
    _page_from_raw(raw)), columns=gist.GIST_PAGE_OPAQUE_COLUMNS)
_register("gist_page_items_bytea", (_BYTEA,), lambda raw: gist.gist_page_items_bytea(
    _page_from_raw(raw)), returns_set=True, columns=gist.GIST_PAGE_ITEMS_BYTEA_COLUMNS)
_register("gist_page_items", (_BYTEA, 2205), lambda raw, oid: gist.gist_page_items(
    _page_from_raw(raw), _gist_index(oid)), returns_set=True,
    columns=gist.GIST_PAGE_ITEMS_COLUMNS)



def _brin_index(index_oid: int):
    rel = cc.get_relation(index_oid) if cc.class_row(index_oid) is not None else None
    if rel is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {index_oid}")
    if rel.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not an index')
    if rel.index.access_method != 3580:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a BRIN index')
    return rel


_register("brin_page_type", (_BYTEA,), lambda raw: brin_inspect.brin_page_type(
    _page_from_raw(raw)), _TEXT)
_register("brin_metapage_info", (_BYTEA,), lambda raw: brin_inspect.brin_metapage_info(
    _page_from_raw(raw)), columns=brin_inspect.BRIN_METAPAGE_COLUMNS)
_register("brin_revmap_data", (_BYTEA,), lambda raw: brin_inspect.brin_revmap_data(
    _page_from_raw(raw)), returns_set=True, columns=brin_inspect.BRIN_REVMAP_COLUMNS)
_register("brin_page_items", (_BYTEA, _REGCLASS), lambda raw, oid:
          brin_inspect.brin_page_items(_page_from_raw(raw), _brin_index(oid)),
          returns_set=True, columns=brin_inspect.BRIN_PAGE_ITEMS_COLUMNS)


def fsm_page_contents(raw: bytes) -> str:
    """The non-zero nodes of a free-space-map page, "node: value" a line, then
    fp_next_slot (contrib/pageinspect/fsmfuncs.c)."""
    page = _page_from_raw(raw)
    lines = [f"{i}: {page[_FSM_NODES + i]}" for i in range(fsm_page.NODES_PER_PAGE)
             if page[_FSM_NODES + i]]
    lines.append(f"fp_next_slot: {fsm_page.next_slot(page)}")
    return "\n".join(lines) + "\n"


_FSM_NODES = pl.maxalign(pl.SIZE_OF_PAGE_HEADER) + 4     # offsetof(FSMPageData, fp_nodes)

# heap_tuple_infomask_flags: the single bits by name, t_infomask then t_infomask2, and
# the combinations that mean one thing (heapfuncs.c's order).
_INFOMASK_BITS = (
    (0x0001, "HEAP_HASNULL"), (0x0002, "HEAP_HASVARWIDTH"), (0x0004, "HEAP_HASEXTERNAL"),
    (0x0008, "HEAP_HASOID_OLD"), (0x0010, "HEAP_XMAX_KEYSHR_LOCK"),
    (0x0020, "HEAP_COMBOCID"), (0x0040, "HEAP_XMAX_EXCL_LOCK"),
    (0x0080, "HEAP_XMAX_LOCK_ONLY"), (0x0100, "HEAP_XMIN_COMMITTED"),
    (0x0200, "HEAP_XMIN_INVALID"), (0x0400, "HEAP_XMAX_COMMITTED"),
    (0x0800, "HEAP_XMAX_INVALID"), (0x1000, "HEAP_XMAX_IS_MULTI"), (0x2000, "HEAP_UPDATED"),
    (0x4000, "HEAP_MOVED_OFF"), (0x8000, "HEAP_MOVED_IN"))
_INFOMASK2_BITS = ((0x2000, "HEAP_KEYS_UPDATED"), (0x4000, "HEAP_HOT_UPDATED"),
                   (0x8000, "HEAP_ONLY_TUPLE"))
_INFOMASK_COMBINED = ((0x0050, "HEAP_XMAX_SHR_LOCK"), (0x0300, "HEAP_XMIN_FROZEN"),
                      (0xC000, "HEAP_MOVED"))


def heap_tuple_infomask_flags(infomask: int, infomask2: int) -> tuple:
    infomask, infomask2 = infomask & 0xFFFF, infomask2 & 0xFFFF      # (uint16) casts
    raw = [name for bit, name in _INFOMASK_BITS if infomask & bit]
    raw += [name for bit, name in _INFOMASK2_BITS if infomask2 & bit]
    combined = [name for bits, name in _INFOMASK_COMBINED if infomask & bits == bits]
    return raw, combined


def page_checksum(raw: bytes, blkno: int):
    """pg_checksum_page of a page image as block `blkno`; NULL for a new (zero) page."""
    if blkno < 0 or blkno > bt.MAX_BLOCK_NUMBER:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid block number")
    page = _page_from_raw(raw)
    if pl.is_new(page):
        return None
    return _int16(checksum.page_checksum(bytearray(page), blkno))


_TEXT_ARRAY = 1009
_register("fsm_page_contents", (_BYTEA,), fsm_page_contents, _TEXT)
_register("heap_tuple_infomask_flags", (_INT4, _INT4), heap_tuple_infomask_flags,
          columns=(("raw_flags", _TEXT_ARRAY), ("combined_flags", _TEXT_ARRAY)))
_register("page_checksum", (_BYTEA, _INT8), page_checksum, _INT2)
extensions.set_arguments("fsm_page_contents", (_BYTEA,), ("page",))
extensions.set_arguments("heap_tuple_infomask_flags", (_INT4, _INT4),
                         ("t_infomask", "t_infomask2"))
extensions.set_arguments("page_checksum", (_BYTEA, _INT8), ("page", "blkno"))


def _text_to_bits(text: str) -> bytes:
    """text_to_bits: '0' / '1' characters, least significant bit first in each byte."""
    out = bytearray((len(text) + 7) // 8)
    for i, ch in enumerate(text):
        if ch == "1":
            out[i // 8] |= 1 << (i % 8)
        elif ch != "0":
            raise PgError(DATA_CORRUPTED, f'invalid character "{ch}" in t_bits string')
    return bytes(out)


def _detoast(datum: bytes) -> bytes:
    """The value of a varlena attribute as stored: fetched from the TOAST table and
    decompressed as needed (DatumGetByteaPCopy's detoasting)."""
    from pgsnake.access.common import toast_format as tf
    from pgsnake.access.heap import heap_toast
    first = datum[0]
    if first == 0x01:
        pointer = tf.ExternalPointer.parse(datum, 0)
        return tf.decompress_external(pointer, heap_toast.fetch_stored(pointer))
    if first & 0x01:
        return bytes(datum[1:])
    if first & 0x03 == 0x02:
        return tf.decompress_inline(datum)
    return bytes(datum[4:])


def _varlena_size(data: bytes, off: int) -> int:
    first = data[off]
    if first == 0x01:
        tag = data[off + 1]
        return 2 + (16 if tag == _VARTAG_ONDISK else 8)
    if first & 0x01:
        return first >> 1
    return struct.unpack_from("<I", data, off)[0] >> 2 & 0x3FFFFFFF


_VARTAG_ONDISK, _VARTAG_INDIRECT = 18, 1
_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8}


def tuple_data_split(rel_oid, t_data, t_infomask, t_infomask2, t_bits, do_detoast=False):
    """A tuple's data split into its attributes' raw bytes, as bytea[] (NULL for a null
    or missing attribute); with do_detoast, varlena values fetched and decompressed
    (heapfuncs.c's tuple_data_split_internal). Not strict, as in PostgreSQL."""
    if rel_oid is None or t_infomask is None or t_infomask2 is None:
        return None
    from pgsnake.contrib.relation_args import open_relation
    from pgsnake.storage.lmgr import lock_modes
    rel = open_relation(rel_oid, lock_modes.ACCESS_SHARE)
    if t_data is None:
        return None
    t_infomask, t_infomask2 = t_infomask & 0xFFFF, t_infomask2 & 0xFFFF   # int16 casts
    natts_in_tuple = t_infomask2 & HEAP_NATTS_MASK
    bits = None
    if t_infomask & HEAP_HASNULL:
        expected = (natts_in_tuple + 7) // 8 * 8
        if t_bits is None:
            raise PgError(DATA_CORRUPTED, "t_bits string must not be NULL")
        if len(t_bits) != expected:
            raise PgError(DATA_CORRUPTED, f"unexpected length of t_bits string: "
                                          f"{len(t_bits)}, expected {expected}")
        bits = _text_to_bits(t_bits)
    elif t_bits is not None:
        raise PgError(DATA_CORRUPTED, f"t_bits string is expected to be NULL, but instead "
                                      f"it is {len(t_bits.encode())} bytes long")
    attributes = rel.descriptor.attributes
    if len(attributes) < natts_in_tuple:
        raise PgError(DATA_CORRUPTED, "number of attributes in tuple header is greater "
                                      "than number of attributes in tuple descriptor")
    data = bytes(t_data)
    off = 0
    out = []
    for i, attribute in enumerate(attributes):
        if i >= natts_in_tuple or (bits is not None and not bits[i // 8] & (1 << (i % 8))):
            out.append(None)
            continue
        align = _ALIGN.get(attribute.typalign, 4)
        if attribute.typlen == -1:
            if off >= len(data) or data[off] == 0:
                off = (off + align - 1) // align * align
            if off >= len(data):
                raise PgError(DATA_CORRUPTED, "unexpected end of tuple data")
            if data[off] == 0x01 and off + 1 < len(data) and \
                    data[off + 1] not in (_VARTAG_ONDISK, _VARTAG_INDIRECT):
                raise PgError(DATA_CORRUPTED, f"first byte of varlena attribute is incorrect "
                                              f"for attribute {i}")
            length = _varlena_size(data, off) if off + 4 <= len(data) or data[off] & 1 \
                else len(data) + 1
        else:
            off = (off + align - 1) // align * align
            length = attribute.typlen
        if len(data) < off + length:
            raise PgError(DATA_CORRUPTED, "unexpected end of tuple data")
        value = data[off:off + length]
        if attribute.typlen == -1 and do_detoast:
            value = _detoast(value)
        out.append(value)
        off += length
    if len(data) != off:
        raise PgError(DATA_CORRUPTED, "end of tuple reached without looking at all its data")
    return out


def heap_page_item_attrs(raw: bytes, rel_oid: int, do_detoast: bool = False):
    """heap_page_items with t_data split into attributes (t_attrs bytea[]), as
    pageinspect's SQL function over heap_page_items and tuple_data_split (not strict:
    a NULL page gives no rows)."""
    if raw is None:
        return []
    rows = []
    for row in heap_page_items(raw):
        attrs = tuple_data_split(rel_oid, row[13], row[9], row[8], row[11], do_detoast)
        rows.append(row[:13] + (attrs,))
    return rows


_BYTEA_ARRAY, _BOOL, _OID = 1001, 16, 26
HEAP_PAGE_ITEM_ATTRS_COLUMNS = HEAP_PAGE_ITEMS_COLUMNS[:13] + (("t_attrs", _BYTEA_ARRAY),)
for _args in ((_OID, _BYTEA, _INT4, _INT4, _TEXT), (_OID, _BYTEA, _INT4, _INT4, _TEXT, _BOOL)):
    functions.register("tuple_data_split", _args, _BYTEA_ARRAY, superuser_only(tuple_data_split),
                       oid=extensions.next_function_oid(), volatility="v", strict=False,
                       extension=EXTENSION)
    extensions.set_arguments("tuple_data_split", _args, (
        "rel_oid", "t_data", "t_infomask", "t_infomask2", "t_bits", "do_detoast")[:len(_args)])
_register("heap_page_item_attrs", (_BYTEA, _REGCLASS), heap_page_item_attrs, returns_set=True,
          columns=HEAP_PAGE_ITEM_ATTRS_COLUMNS, strict=False)
_register("heap_page_item_attrs", (_BYTEA, _REGCLASS, _BOOL), heap_page_item_attrs,
          returns_set=True, columns=HEAP_PAGE_ITEM_ATTRS_COLUMNS, strict=False)
extensions.set_arguments("heap_page_item_attrs", (_BYTEA, _REGCLASS), ("page", "rel_oid"))
extensions.set_arguments("heap_page_item_attrs", (_BYTEA, _REGCLASS, _BOOL),
                         ("page", "rel_oid", "do_detoast"))
