"""Large objects as PostgreSQL stores them: one pg_largeobject_metadata row per object
(oid, lomowner, lomacl) and its data in pg_largeobject rows (loid, pageno, data) of
LOBLKSIZE (2048) bytes each.

Page `n` holds bytes n * 2048 .. n * 2048 + len(data) - 1 of the object. Pages may be
missing (a hole: bytes never written read as zeros) and a page may be shorter than 2048
bytes (its tail reads as zeros unless it is the last page); the object's size is the
last page's start plus its length. A truncation leaves the page holding the new end
(possibly with no bytes), as PostgreSQL's does, so the size stays recorded.

Every read goes through the catalog index pg_largeobject_loid_pn_index (catalog_cache.
scan_catalog keyed on loid) under the catalog snapshot; every write is a catalog write
(catalog_writes) followed by a command counter increment, so the next call sees it.

Entry points: create(oid, owner) -> oid (oid 0: a new one), exists(oid), owner(oid),
acl(oid), drop(oid), size(oid), read(oid, offset, length) -> bytes, write(oid, offset,
data), truncate(oid, length); LOBLKSIZE, MAX_LARGE_OBJECT_SIZE.

PostgreSQL: storage/large_object/inv_api.c (inv_create, inv_drop, inv_getsize, inv_read,
inv_write, inv_truncate), catalog/pg_largeobject.c (LargeObjectCreate, LargeObjectDrop,
LargeObjectExists).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.utils.errors import UNDEFINED_OBJECT, PgError

LOBLKSIZE = 2048                                  # BLCKSZ / 4
MAX_LARGE_OBJECT_SIZE = 2147483647 * LOBLKSIZE    # INT_MAX pages
PG_LARGEOBJECT = 2613                             # class id of a large object


def _metadata(oid: int):
    return next(iter(cc.scan_catalog("pg_largeobject_metadata", key=("oid", oid))), None)


def exists(oid: int) -> bool:
    return _metadata(oid) is not None


def metadata_or_error(oid: int):
    """The object's pg_largeobject_metadata row, or 42704 "large object N does not
    exist"."""
    row = _metadata(oid)
    if row is None:
        raise does_not_exist(oid)
    return row


def does_not_exist(oid: int) -> PgError:
    return PgError(UNDEFINED_OBJECT, f"large object {oid} does not exist")


def _changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def create(oid: int, owner: int) -> int:
    """LargeObjectCreate: the metadata row of a new, empty object (oid 0: a new OID
    not used by another large object); a taken oid fails on the unique index (23505)."""
    from pgsnake.access.transam import transaction_ids
    if oid == 0:
        oid = transaction_ids.get_new_oid()
        while exists(oid):
            oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_largeobject_metadata", [oid, owner, None])
    _changed()
    return oid


def drop(oid: int) -> None:
    """LargeObjectDrop plus the data: the metadata row, every page, its comment."""
    from pgsnake.catalog import comments
    if not catalog_writes.delete_rows("pg_largeobject_metadata", lambda r: r.oid == oid,
                                      key=("oid", oid)):
        raise does_not_exist(oid)
    catalog_writes.delete_rows("pg_largeobject", lambda r: True, key=("loid", oid))
    comments.delete_comments(oid, PG_LARGEOBJECT)
    _changed()


def _pages(oid: int, first_page: int = 0, count: int | None = None,
           backward: bool = False) -> list:
    """Up to `count` (all when None) of the object's pages from `first_page` on, in page
    order (from the last one when `backward`): through the (loid, pageno) index, reading
    only those pages, as inv_api's index scans do."""
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_indexes
    index, values = catalog_indexes.usable_for_key("pg_largeobject", (("loid", oid),))
    if index is not None and count is not None:
        row = d.row_class("pg_largeobject")
        found = catalog_indexes.lookup_from(index, values, first_page or None,
                                            xact.get_catalog_snapshot(), count, backward)
        return [row(*values) for _tid, values in found]
    rows = cc.scan_catalog("pg_largeobject", key=("loid", oid))
    pages = sorted((r for r in rows if r.pageno >= first_page), key=lambda r: r.pageno,
                   reverse=backward)
    return pages if count is None else pages[:count]


def _pages_between(oid: int, first: int, last: int) -> list:
    return [p for p in _pages(oid, first, last - first + 1) if p.pageno <= last]


def size(oid: int) -> int:
    """inv_getsize: the last page's start plus its length (0 with no pages)."""
    last = _pages(oid, 0, 1, backward=True)
    if not last:
        return 0
    return last[0].pageno * LOBLKSIZE + len(last[0].data)


def read(oid: int, offset: int, length: int) -> bytes:
    """inv_read: up to `length` bytes from `offset`, holes as zeros, none past the end."""
    if length <= 0:
        return b""
    first, last = offset // LOBLKSIZE, (offset + length - 1) // LOBLKSIZE
    pages = _pages_between(oid, first, last)
    end = offset + length
    if not _pages(oid, last + 1, 1):              # the object ends inside the range
        end = min(end, max((p.pageno * LOBLKSIZE + len(p.data) for p in pages),
                           default=offset))
    if end <= offset:
        return b""
    out = bytearray(end - offset)
    for page in pages:
        start = page.pageno * LOBLKSIZE
        data = bytes(page.data)
        lo, hi = max(start, offset), min(start + len(data), end)
        if lo < hi:
            out[lo - offset:hi - offset] = data[lo - start:hi - start]
    return bytes(out)


def _page_key(oid: int, pageno: int) -> tuple:
    return (("loid", oid), ("pageno", pageno))


def _set_page(oid: int, pageno: int, data: bytes, existed: bool) -> None:
    if existed:
        catalog_writes.update_rows("pg_largeobject", lambda r: r.pageno == pageno,
                                   key=_page_key(oid, pageno), data=data)
    else:
        catalog_writes.insert_row("pg_largeobject", [oid, pageno, data])


def write(oid: int, offset: int, data: bytes) -> None:
    """inv_write: overlay `data` at `offset`, page by page; a page written past its
    current end is padded with zeros up to the new bytes."""
    if not data:
        return
    first, last = offset // LOBLKSIZE, (offset + len(data) - 1) // LOBLKSIZE
    existing = {p.pageno: bytes(p.data) for p in _pages_between(oid, first, last)}
    for pageno in range(first, last + 1):
        start = pageno * LOBLKSIZE
        lo, hi = max(start, offset), min(start + LOBLKSIZE, offset + len(data))
        old = existing.get(pageno, b"")
        at = lo - start
        page = old[:at].ljust(at, b"\x00") + data[lo - offset:hi - offset] + old[hi - start:]
        _set_page(oid, pageno, page, pageno in existing)
    _changed()


def truncate(oid: int, length: int) -> None:
    """inv_truncate: the object ends at `length`: later pages go, the page holding the
    end keeps exactly its bytes before it (zero-padded, or made, to mark the end)."""
    pageno, within = divmod(length, LOBLKSIZE)
    here = next(iter(_pages_between(oid, pageno, pageno)), None)
    if here is not None:
        _set_page(oid, pageno, bytes(here.data)[:within].ljust(within, b"\x00"), True)
    else:
        _set_page(oid, pageno, b"\x00" * within, False)
    catalog_writes.delete_rows("pg_largeobject", lambda r: r.pageno > pageno,
                               key=("loid", oid))
    _changed()
