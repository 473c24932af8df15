"""The pages one GIN change touches: pinned and locked together, changed in private
copies, then written back, dirtied and WAL-logged in one critical section.

    with PageSet(index, logged=True) as pages:
        page = pages.page(blkno)           # exclusive lock; a private copy to edit
        blkno, page = pages.new(flags)     # a new block at the end of the index
        ...
        pages.log_step(...) / pages.log_images()   # entry_tree.py, access_method.py
    # on leaving: each step's pages into the buffers, MarkBufferDirty, its record
    # (wal_records.py; posting tree pages as XLOG_FPI images), page LSNs; then unlock

The mechanism is access/common/index_page_set.py's (private copies, one critical
section, records step by step); README "Where we differ" says which of ginxlog.c's
records are written. The metapage may be read before it is initialised.

Entry points: PageSet, read_page(index, blkno) -> bytes (a copy, under a share lock),
log_all_pages(index), check_page.

PostgreSQL: access/gin/ginbtree.c (ginPlaceToPage's critical section),
access/transam/xloginsert.c (log_newpage_range), access/gin/ginutil.c (GinNewBuffer).
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import MAIN  # noqa: F401  (access_method's)
from pgsnake.access.gin import page_format as pf
from pgsnake.storage.page import page_layout as pl


def check_page(index, page, blkno: int) -> None:
    if pl.is_new(page) or pl.header(page).special != pf.SPECIAL_OFFSET:
        raise index_page_set.corrupted(index, blkno)


def read_page(index, blkno: int) -> bytes:
    """A copy of page `blkno`, read under a share lock and checked."""
    return index_page_set.read_page(index, blkno, check_page)


class PageSet(index_page_set.PageSet):
    """Pages locked exclusively for one GIN change; see the module docstring."""

    what = "GIN"
    check_page = staticmethod(check_page)

    def page(self, blkno: int, *, check: bool = True) -> bytearray:
        if blkno == pf.META_BLKNO and blkno not in self.copies:
            page = super().page(blkno, check=False)
            if not pl.is_new(page) and check:
                check_page(self.index, page, blkno)
            return page
        return super().page(blkno, check=check)

    def peek(self, blkno: int) -> bytes:
        """Page `blkno` read without keeping it in the change (the caller holds the
        index-wide lock, so nobody else changes it meanwhile)."""
        if blkno in self.copies:
            return bytes(self.copies[blkno])
        return read_page(self.index, blkno)

    def new(self, flags: int) -> tuple[int, bytearray]:
        """A new block at the end of the index, initialised with `flags` (GinNewBuffer;
        pgsnake never recycles deleted pages)."""
        blkno, page = self.extend()
        pf.init_page(page, flags)
        return blkno, page


def log_all_pages(index) -> None:
    """After a build: every page as an XLOG_FPI record (log_newpage_range)."""
    index_page_set.log_all_pages(index, "GIN")
