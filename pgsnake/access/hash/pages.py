"""The pages one hash index change touches: locked together, edited in private copies,
then written back, dirtied and WAL-logged in one critical section
(access/common/index_page_set.py).

    with PageSet(index) as pages:
        meta = pages.page(META_BLKNO)     # exclusive lock; a private copy to edit
        page = pages.new_at(blkno)        # block blkno, extending the file up to it
        ...
        pages.log_step(rmid, info, main_data, [StepBlock(0, blkno, data), ...])
    # on leaving: each step's pages into the buffers, MarkBufferDirty, its record
    # (wal_records.py), page LSNs; then unlock

Holding the metapage's buffer lock exclusively for the whole change is the index-wide
lock (README rule H1), so no one meets a half-done split or overflow chain.

Entry points: PageSet, StepBlock, read_page(index, blkno) -> bytes, SharedIndexLock(index),
log_all_pages(index), check_page.

PostgreSQL: access/hash/hashpage.c (_hash_getbuf, _hash_getnewbuf, _hash_alloc_buckets),
access/transam/xloginsert.c (log_newpage_range).
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import MAIN, StepBlock  # noqa: F401  (re-exported)
from pgsnake.access.hash import page_format as pf
from pgsnake.storage.buffer import buffer_manager as bufmgr


def check_page(index, page, blkno: int) -> None:
    if not pf.has_hash_special(page) or pf.read_opaque(page).page_id != pf.HASHO_PAGE_ID:
        raise index_page_set.corrupted(index, blkno)


def read_page(index, blkno: int) -> bytes:
    """A copy of page `blkno`, read under a share lock and checked."""
    return index_page_set.read_page(index, blkno, check_page)


class SharedIndexLock:
    """The metapage share-locked for a scan's duration (rule H1)."""

    def __init__(self, index) -> None:
        self.index = index

    def __enter__(self):
        self.buf = index_page_set.pin(self.index, pf.META_BLKNO)
        bufmgr.lock_buffer(self.buf, bufmgr.SHARE)
        page = bytes(bufmgr.page(self.buf))
        check_page(self.index, page, pf.META_BLKNO)
        self.meta = pf.read_meta(page)
        return self

    def __exit__(self, *exc) -> None:
        bufmgr.unlock_release_buffer(self.buf)


class PageSet(index_page_set.PageSet):
    """Pages locked exclusively for one hash index change; see the module docstring."""

    what = "hash index"
    in_block_order = True
    check_page = staticmethod(check_page)

    def meta(self) -> pf.MetaPage:
        return pf.read_meta(self.page(pf.META_BLKNO))

    def put_meta(self, meta: pf.MetaPage) -> None:
        pf.write_meta(self.page(pf.META_BLKNO), meta)

    def nblocks(self) -> int:
        return bufmgr.nblocks(self.index.locator, MAIN)

    def new_at(self, blkno: int) -> bytearray:
        """Block `blkno` as a zeroed private copy to initialise (_hash_getnewbuf /
        _hash_getinitbuf): the file is extended with zero pages up to it when it ends
        before it."""
        while self.nblocks() <= blkno:
            self.extend()
        if blkno not in self.buffers:
            self.page(blkno, check=False)
        page = self.copies[blkno]
        page[:] = bytes(pf.BLCKSZ)
        return page


def log_all_pages(index) -> None:
    """After a build: every non-empty page as an XLOG_FPI record (log_newpage_range)."""
    index_page_set.log_all_pages(index, "hash index", skip_new=True)
