"""The pages one GiST change touches: pinned and locked together, changed in private
copies, then written back, dirtied and WAL-logged in one critical section.

    with PageSet(index) as pages:
        page = pages.page(blkno)           # exclusive lock; a private copy to edit
        blkno, page = pages.new(flags)     # a new block at the end of the index
        pages.log_step(rmid, info, main_data, [StepBlock(...), ...])   # tree.py
    # on leaving: each step's pages into the buffers, MarkBufferDirty, its GiST record
    # (wal_records.py), page LSNs; then unlock

The root (block 0) is locked first by every change and shared by every scan: it is
the index-wide lock (README rule T1), so a change's pages never meet another's.
Nothing that can fail happens inside the critical section: an error halfway (a key too
big, an interrupt) leaves the shared pages untouched.

Entry points: PageSet, read_page(index, blkno) -> bytes, log_all_pages(index),
SharedIndexLock.

PostgreSQL: access/gist/gist.c (gistplacetopage's critical section), gistutil.c
(gistNewBuffer, gistcheckpage), access/transam/xloginsert.c (log_newpage_range).
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import MAIN
from pgsnake.access.gist import page_format as pf
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl


def check_page(index, page, blkno: int) -> None:
    """gistcheckpage: a page that is not GiST's is corruption, never a crash."""
    if pl.is_new(page) or not pf.is_gist_page(page):
        raise index_page_set.corrupted(index, blkno)


def read_page(index, blkno: int) -> bytes:
    """A copy of page `blkno`, read under a share lock and checked."""
    return index_page_set.read_page(index, blkno, check_page)


class SharedIndexLock:
    """The root share-locked for a scan's duration (changes wait meanwhile); `root`
    is its content (the scan must not lock block 0 a second time)."""

    def __init__(self, index) -> None:
        self.index = index

    def __enter__(self):
        self.buf = bufmgr.read_buffer(self.index.locator, MAIN, pf.ROOT_BLKNO)
        bufmgr.lock_buffer(self.buf, bufmgr.SHARE)
        try:
            self.root = bytes(bufmgr.page(self.buf))
            check_page(self.index, self.root, pf.ROOT_BLKNO)
        except BaseException:
            bufmgr.unlock_release_buffer(self.buf)
            raise
        return self

    def __exit__(self, *exc) -> None:
        bufmgr.unlock_release_buffer(self.buf)


class PageSet(index_page_set.PageSet):
    """Pages locked exclusively for one GiST change; see the module docstring."""

    what = "GiST"
    check_page = staticmethod(check_page)

    def __enter__(self) -> "PageSet":
        self.page(pf.ROOT_BLKNO)                 # the index-wide lock, taken first
        return self

    def new(self, flags: int) -> tuple[int, bytearray]:
        """A new block at the end of the index (gistNewBuffer; deleted pages are never
        recycled)."""
        blkno, page = self.extend()
        pf.init_page(page, flags)
        return blkno, page


def log_all_pages(index) -> None:
    """After a build: every page as an XLOG_FPI record (log_newpage_range)."""
    index_page_set.log_all_pages(index, "GiST")
