"""The pages one GiST change touches: pinned and locked together, changed in private
copies, then written back, dirtied and WAL-logged in one critical section.

    with PageSet(index) as pages:
        page = pages.page(blkno)           # exclusive lock; a private copy to edit
        blkno, page = pages.new(flags)     # a new block at the end of the index
        pages.log_step(rmid, info, main_data, [StepBlock(...), ...])   # tree.py
    # on leaving: each step's pages into the buffers, MarkBufferDirty, its GiST record
    # (wal_records.py), page LSNs; then unlock

Page locks (README rule T1): a change locks only the pages it edits (and the parents
it looks through), exclusively, from the leaf up and from left to right, and holds them
until its records are in; the descent and scans read pages under momentary share locks
(`peek`, `read_page`). Nothing that can fail happens inside the critical section: an
error halfway (a key too big, an interrupt) leaves the shared pages untouched.

Entry points: PageSet (peek; drop from the common page set), read_page(index, blkno) -> bytes,
log_all_pages(index).

PostgreSQL: access/gist/gist.c (gistplacetopage's critical section), gistutil.c
(gistNewBuffer, gistcheckpage), access/transam/xloginsert.c (log_newpage_range).
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import MAIN  # noqa: F401  (access_method's)
from pgsnake.access.gist import page_format as pf
from pgsnake.storage.page import page_layout as pl


def check_page(index, page, blkno: int) -> None:
    """gistcheckpage: a page that is not GiST's is corruption, never a crash."""
    if pl.is_new(page) or not pf.is_gist_page(page):
        raise index_page_set.corrupted(index, blkno)


def read_page(index, blkno: int) -> bytes:
    """A copy of page `blkno`, read under a share lock and checked."""
    return index_page_set.read_page(index, blkno, check_page)


class PageSet(index_page_set.PageSet):
    """Pages locked exclusively for one GiST change; see the module docstring."""

    what = "GiST"
    check_page = staticmethod(check_page)

    def peek(self, blkno: int) -> bytes:
        """Page `blkno` as this change sees it: its private copy when the change holds
        it, else a copy read under a momentary share lock (the descent's reads)."""
        copy = self.copies.get(blkno)
        if copy is not None:
            return bytes(copy)
        return read_page(self.index, blkno)

    def new(self, flags: int) -> tuple[int, bytearray]:
        """A new block at the end of the index (gistNewBuffer; deleted pages are never
        recycled)."""
        blkno, page = self.extend()
        pf.init_page(page, flags)
        return blkno, page


def log_all_pages(index) -> None:
    """After a build: every page as an XLOG_FPI record (log_newpage_range)."""
    index_page_set.log_all_pages(index, "GiST")
