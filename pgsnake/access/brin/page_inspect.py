"""pageinspect's BRIN functions: a BRIN page (bytea, from get_raw_page) decoded.

    brin_page_type(page)               'meta', 'revmap', 'regular' or 'unknown (xx)'
    brin_metapage_info(page)           magic, version, pagesperrange, lastrevmappage
    brin_revmap_data(page)             every revmap slot's item pointer (1360 rows)
    brin_page_items(page, index)       per tuple and index column: offset, range
                                       start, attnum, allnulls, hasnulls, placeholder,
                                       the stored values as {v1 .. v2 ...}

Rows are tuples in the column order of the *_COLUMNS lists; errors are pageinspect's.

PostgreSQL: contrib/pageinspect/brinfuncs.c.
"""
from __future__ import annotations

from pgsnake.access.brin import access_method as brin
from pgsnake.access.brin import page_format as pf
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

_INT2, _INT4, _INT8, _BOOL, _TID, _TEXT = 21, 23, 20, 16, 27, 25

BRIN_METAPAGE_COLUMNS = (("magic", _TEXT), ("version", _INT4), ("pagesperrange", _INT4),
                         ("lastrevmappage", _INT8))
BRIN_REVMAP_COLUMNS = (("pages", _TID),)
BRIN_PAGE_ITEMS_COLUMNS = (("itemoffset", _INT4), ("blknum", _INT8), ("attnum", _INT4),
                           ("allnulls", _BOOL), ("hasnulls", _BOOL),
                           ("placeholder", _BOOL), ("value", _TEXT))


def _check_special(page) -> None:
    special = pl.BLCKSZ - pl.header(page).special
    if special != pf.SPECIAL_SIZE:
        raise PgError(INVALID_PARAMETER_VALUE, "input page is not a valid BRIN page",
                      detail=f"Expected special size {pf.SPECIAL_SIZE}, got {special}.")


def _verify(page, page_type: int, name: str) -> bool:
    """verify_brin_page: False for a new (all-zero) page."""
    if pl.is_new(page):
        return False
    _check_special(page)
    found = pf.page_type(page)
    if found != page_type:
        raise PgError(INVALID_PARAMETER_VALUE, f'page is not a BRIN page of type "{name}"',
                      detail=f"Expected special type {page_type:08x}, got {found:08x}.")
    return True


def brin_page_type(page) -> str | None:
    if pl.is_new(page):
        return None
    _check_special(page)
    kind = pf.page_type(page)
    return pf.PAGE_TYPE_NAMES.get(kind, f"unknown ({kind:02x})")


def brin_metapage_info(page):
    if not _verify(page, pf.PAGETYPE_META, "metapage"):
        return None
    meta = pf.read_metapage(page)
    return (f"0x{meta.magic:08X}", meta.version, meta.pages_per_range,
            meta.last_revmap_page)


def brin_revmap_data(page) -> list:
    if not _verify(page, pf.PAGETYPE_REVMAP, "revmap"):
        return []
    return pf.revmap_entries(page)


def brin_page_items(page, index) -> list:
    desc = brin.describe(index)
    if not _verify(page, pf.PAGETYPE_REGULAR, "regular"):
        return []
    rows = []
    nline = max(pl.max_offset(page), 1)
    natts = len(desc.classes)
    for off in range(1, nline + 1):
        _lp, flags, length = pl.item_id(page, off) if off <= pl.max_offset(page) \
            else (0, pl.LP_UNUSED, 0)
        if flags == pl.LP_UNUSED:
            rows.append((off, None, None, None, None, None, None))
            continue
        summary = pf.deform_tuple(desc.layout, bytes(pl.get_item(page, off)))
        for attno in range(1, natts + 1):
            column = summary.columns[attno - 1]
            value = None if column.allnulls else desc.classes[attno - 1].shown(column)
            rows.append((off, summary.blkno, attno, column.allnulls, column.hasnulls,
                         summary.placeholder, value))
    return rows
