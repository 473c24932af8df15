"""pageinspect's GIN functions: a GIN page (bytea, from get_raw_page) decoded.

    gin_metapage_info(page)     the metapage's fields (GIN_METAPAGE_COLUMNS)
    gin_page_opaque_info(page)  rightlink, maxoff and the flag names
    gin_leafpage_items(page)    per posting list segment of a compressed data leaf:
                                first TID, its byte size, all its TIDs

Rows are tuples in the column order of the *_COLUMNS lists; errors are pageinspect's.

PostgreSQL: contrib/pageinspect/ginfuncs.c.
"""
from __future__ import annotations

from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import posting_list
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

_INT2, _INT4, _INT8, _TEXT_ARRAY, _TID, _TID_ARRAY = 21, 23, 20, 1009, 27, 1010

GIN_METAPAGE_COLUMNS = (
    ("pending_head", _INT8), ("pending_tail", _INT8), ("tail_free_size", _INT4),
    ("n_pending_pages", _INT8), ("n_pending_tuples", _INT8), ("n_total_pages", _INT8),
    ("n_entry_pages", _INT8), ("n_data_pages", _INT8), ("n_entries", _INT8),
    ("version", _INT4))
GIN_PAGE_OPAQUE_COLUMNS = (("rightlink", _INT8), ("maxoff", _INT4), ("flags", _TEXT_ARRAY))
GIN_LEAFPAGE_ITEMS_COLUMNS = (("first_tid", _TID), ("nbytes", _INT2), ("tids", _TID_ARRAY))

_FLAG_NAMES = ((pf.GIN_DATA, "data"), (pf.GIN_LEAF, "leaf"), (pf.GIN_DELETED, "deleted"),
               (pf.GIN_META, "meta"), (pf.GIN_LIST, "list"),
               (pf.GIN_LIST_FULLROW, "list_fullrow"),
               (pf.GIN_INCOMPLETE_SPLIT, "incomplete_split"),
               (pf.GIN_COMPRESSED, "compressed"))


def _check_special(page) -> None:
    special_size = pl.BLCKSZ - pl.header(page).special
    if pl.is_new(page):
        return
    if special_size != pf.OPAQUE_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a valid GIN page",
                      detail=f"Expected special size {pf.OPAQUE_SIZE}, got {special_size}.")


def gin_metapage_info(page: bytes) -> tuple:
    if pl.is_new(page):
        return None
    _check_special(page)
    opaque = pf.read_opaque(page)
    if opaque.flags != pf.GIN_META:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a GIN metapage",
                      detail=f"Flags {opaque.flags:04X}, expected {pf.GIN_META:04X}")
    m = pf.read_meta(page)
    return (m.head, m.tail, m.tail_free_size, m.n_pending_pages, m.n_pending_heap_tuples,
            m.n_total_pages, m.n_entry_pages, m.n_data_pages, m.n_entries, m.version)


def gin_page_opaque_info(page: bytes) -> tuple:
    if pl.is_new(page):
        return None
    _check_special(page)
    opaque = pf.read_opaque(page)
    names = [name for bit, name in _FLAG_NAMES if opaque.flags & bit]
    unknown = opaque.flags & ~0xFF
    if unknown:
        names.append(f"0x{unknown:02x}")
    return (opaque.rightlink, opaque.maxoff, names)


def gin_leafpage_items(page: bytes):
    if pl.is_new(page):
        return []
    _check_special(page)
    opaque = pf.read_opaque(page)
    if opaque.flags != (pf.GIN_DATA | pf.GIN_LEAF | pf.GIN_COMPRESSED):
        raise PgError(INVALID_PARAMETER_VALUE,
                      "input page is not a compressed GIN data leaf page",
                      detail=f"Flags {opaque.flags:04X}, expected "
                             f"{pf.GIN_DATA | pf.GIN_LEAF | pf.GIN_COMPRESSED:04X}")
    rows = []
    for offset, size in pf.data_leaf_segments(page):
        tids = posting_list.decode_segments(page, offset, size)
        nbytes = int.from_bytes(page[offset + 6:offset + 8], "little")
        rows.append((tids[0], nbytes, tids))
    return rows
