"""pageinspect's GiST functions: a GiST page (bytea, from get_raw_page) decoded.

    gist_page_opaque_info(page)          lsn, nsn, rightlink and the flag names
    gist_page_items_bytea(page)          per tuple: offset, ctid, length, dead, its bytes
    gist_page_items(page, index)         the same with the keys as text, decoded by the
                                         index's columns: (r)=("[1,4)")

Rows are tuples in the column order of the *_COLUMNS lists; errors are pageinspect's.

PostgreSQL: contrib/pageinspect/gistfuncs.c.
"""
from __future__ import annotations

from pgsnake.access.gist import page_format as pf
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

_INT2, _INT8, _BOOL, _TID, _TEXT, _BYTEA, _TEXT_ARRAY, _PG_LSN = 21, 20, 16, 27, 25, 17, 1009, 3220

GIST_PAGE_OPAQUE_COLUMNS = (("lsn", _PG_LSN), ("nsn", _PG_LSN), ("rightlink", _INT8),
                            ("flags", _TEXT_ARRAY))
GIST_PAGE_ITEMS_BYTEA_COLUMNS = (("itemoffset", _INT2), ("ctid", _TID), ("itemlen", _INT2),
                                 ("dead", _BOOL), ("key_data", _BYTEA))
GIST_PAGE_ITEMS_COLUMNS = (("itemoffset", _INT2), ("ctid", _TID), ("itemlen", _INT2),
                           ("dead", _BOOL), ("keys", _TEXT))


def _check(page) -> None:
    if pl.is_new(page):
        return
    special_size = pl.BLCKSZ - pl.header(page).special
    if special_size != pf.OPAQUE_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a valid GiST page",
                      detail=f"Expected special size {pf.OPAQUE_SIZE}, got {special_size}.")
    page_id = pf.read_opaque(page).page_id
    if page_id != pf.GIST_PAGE_ID:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a valid GiST page",
                      detail=f"Expected {pf.GIST_PAGE_ID:08x}, got {page_id:08x}.")


def gist_page_opaque_info(page: bytes):
    if pl.is_new(page):
        return None
    _check(page)
    opaque = pf.read_opaque(page)
    names = [name for bit, name in pf.FLAG_NAMES if opaque.flags & bit]
    unknown = opaque.flags & ~0x1F
    if unknown:
        names.append(f"0x{unknown:02x}")
    return (pl.get_lsn(page), opaque.nsn, opaque.rightlink, names)


def _items(page):
    if pl.is_new(page):
        return
    _check(page)
    for off in range(1, pl.max_offset(page) + 1):
        _lp_off, flags, _length = pl.item_id(page, off)
        data = bytes(pl.get_item(page, off))
        yield off, pf.tid_of(data), len(data), flags == pl.LP_DEAD, data


def gist_page_items_bytea(page: bytes) -> list:
    return [(off, tid, length, dead, data) for off, tid, length, dead, data in _items(page)]


def _record_quoted(text: str) -> str:
    """A value as record_out prints it: in double quotes when it holds a separator."""
    if text and not any(c in text for c in '"\\(),' ) and not any(c.isspace() for c in text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '""') + '"'


def gist_page_items(page: bytes, index) -> list:
    from pgsnake.access.nbtree import index_tuple as it
    from pgsnake.datatypes import registry
    codec = it.codec_for(index.descriptor)
    names = index.index.column_texts or tuple(a.name for a in index.descriptor.attributes)
    types = [a.type_oid for a in index.descriptor.attributes]
    rows = []
    for off, tid, length, dead, data in _items(page):
        values = codec.deform(data)
        shown = ["null" if v is None else _record_quoted(registry.get_type(t).output(v))
                 for t, v in zip(types, values)]
        rows.append((off, tid, length, dead,
                     f"({', '.join(names[:len(shown)])})=({', '.join(shown)})"))
    return rows
