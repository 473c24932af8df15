"""Getting, locking and releasing index pages, and the WAL-logged change recipe.

Every function that changes an index page follows README rule B8:

    pin + EXCLUSIVE lock every page the change touches
    with critical_section(...):            # any error from here on is a PANIC
        change the pages (nothing that can fail for a data-dependent reason)
        mark the buffers dirty
        lsn = wal.insert_record(...)       # with a BlockRef per page
        set each page's LSN to lsn
    unlock

`log_change` is the part inside the critical section after the page edits. A page
read from disk is checked on the way in (_bt_checkpage): a zero page or one whose
special space is not a B-tree's is index corruption (XX002), never a Python error.

Entry points: get_buffer, release, release_and_get, relock, new_page, log_change,
check_page, MAIN, READ, WRITE.

PostgreSQL: access/nbtree/nbtpage.c (_bt_getbuf, _bt_relandgetbuf, _bt_relbuf,
_bt_lockbuf, _bt_checkpage, _bt_getbuf's P_NEW path); the recipe is
access/transam/README's "WAL-logged actions".
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import PgError

MAIN = ForkNumber.MAIN
READ = bufmgr.SHARE
WRITE = bufmgr.EXCLUSIVE
INDEX_CORRUPTED = "XX002"


def check_page(rel: Relation, buf: int, blkno: int) -> None:
    """_bt_checkpage: the page must be initialised and have a B-tree special space."""
    page = bufmgr.page(buf)
    if pl.is_new(page):
        raise PgError(INDEX_CORRUPTED, f'index "{rel.name}" contains unexpected zero page at '
                                       f'block {blkno}', hint="Please REINDEX it.")
    if pl.header(page).special != pf.SPECIAL_OFFSET:
        raise PgError(INDEX_CORRUPTED, f'index "{rel.name}" contains corrupted page at block '
                                       f'{blkno}', hint="Please REINDEX it.")


def get_buffer(rel: Relation, blkno: int, mode: str) -> int:
    """Pin and lock block `blkno` in `mode` (READ or WRITE) and check it."""
    reads = bufmgr.blocks_read
    buf = bufmgr.read_buffer(rel.locator, MAIN, blkno)
    stats = pgstat.table_status(rel)      # pg_statio_*_indexes
    stats.blocks_fetched += 1
    if bufmgr.blocks_read == reads:
        stats.blocks_hit += 1
    bufmgr.lock_buffer(buf, mode)
    try:
        check_page(rel, buf, blkno)
    except PgError:
        release(buf)
        raise
    return buf


def release(buf: int) -> None:
    """Unlock and unpin (_bt_relbuf)."""
    bufmgr.unlock_release_buffer(buf)


def release_and_get(buf: int | None, blkno: int, mode: str, rel: Relation) -> int:
    """Drop `buf` (if any), then get `blkno`: never two locks at once, so moving left
    or down this way cannot deadlock (_bt_relandgetbuf)."""
    if buf is not None:
        release(buf)
    return get_buffer(rel, blkno, mode)


def relock(buf: int, mode: str) -> None:
    """Trade the current lock on a pinned buffer for one in `mode`. Between the two the
    page may change: callers look at it again."""
    bufmgr.unlock_buffer(buf)
    bufmgr.lock_buffer(buf, mode)


def new_page(rel: Relation) -> tuple[int, int]:
    """A new block at the end of the index, pinned, exclusively locked and initialised
    as an empty B-tree page with no flags (_bt_getbuf(P_NEW)). Nothing is logged yet:
    the change that puts the page to use logs it with will_init or an image."""
    buf, blkno = bufmgr.extend_relation(rel.locator, MAIN)
    pf.init_page(bufmgr.page(buf), flags=0)
    return buf, blkno


class PageChange(NamedTuple):
    """One page of a logged change: its WAL block id, buffer and block number, the
    per-block data of the record, and whether redo rebuilds it from nothing."""
    block_id: int
    buf: int
    blkno: int
    data: bytes = b""
    will_init: bool = False


def log_change(rel: Relation, info: int, main_data: bytes, changes: list[PageChange]) -> int:
    """Inside the caller's critical section, after the page edits: mark every page
    dirty, insert the record (permanent relations only), stamp the pages with its end
    LSN. Returns the LSN (0 when nothing was logged)."""
    for change in changes:
        bufmgr.mark_dirty(change.buf)
    if not rel.needs_wal:
        return 0
    blocks = [wal.BlockRef(c.block_id, rel.locator, MAIN, c.blkno, bufmgr.page(c.buf),
                           c.data, c.will_init) for c in changes]
    lsn = wal.insert_record(wal.RmgrId.BTREE, info, main_data, blocks)
    for change in changes:
        pl.set_lsn(bufmgr.page(change.buf), lsn)
    return lsn
