"""The pages one BRIN change touches: pinned and locked together, changed in private
copies, then written back, dirtied and WAL-logged (each step as its BRIN record) in one
critical section (access/common/index_page_set.py).

    with PageSet(index) as pages:          # the metapage first: the index-wide lock
        meta = pages.meta                  # its contents (pagesPerRange, lastRevmapPage)
        page = pages.page(blkno)           # exclusive lock; a private copy to edit
        blkno, page = pages.new_regular()  # a new regular page at the end
        pages.log_step(...)

Every change locks the metapage first, so changes never meet each other; scans read
page by page under momentary share locks and look a moved tuple up again (README rule
R1). SharedIndexLock holds the metapage share-locked for a reader that must see no
change at all while it runs.

Entry points: PageSet, NewIndexPageSet, SharedIndexLock, read_page(index, blkno), check_page.

PostgreSQL: access/brin/brin_pageops.c, brin_revmap.c (their buffer locking).
"""
from __future__ import annotations

from pgsnake.access.brin import page_format as pf
from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import MAIN
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl


def check_page(index, page, blkno: int) -> None:
    """A page that is not BRIN's (or a metapage without the magic) is corruption."""
    if pl.is_new(page) or not pf.is_brin_page(page):
        raise index_page_set.corrupted(index, blkno)
    if blkno == pf.META_BLKNO and (pf.page_type(page) != pf.PAGETYPE_META
                                   or pf.read_metapage(page).magic != pf.BRIN_MAGIC):
        raise index_page_set.corrupted(index, blkno)


def read_page(index, blkno: int) -> bytes:
    return index_page_set.read_page(index, blkno, check_page)


def SharedIndexLock(index) -> index_page_set.MetapageShareLock:
    """The metapage share-locked for a scan's duration; `meta` is its content."""
    return index_page_set.MetapageShareLock(index, pf.META_BLKNO, check_page, pf.read_metapage)


class NewIndexPageSet(index_page_set.PageSet):
    """The pages of an index being created (no metapage to lock yet)."""

    what = "BRIN"
    check_page = staticmethod(check_page)


class PageSet(index_page_set.PageSet):
    what = "BRIN"
    check_page = staticmethod(check_page)

    def __enter__(self) -> "PageSet":
        self.meta_page = self.page(pf.META_BLKNO)
        return self

    @property
    def meta(self) -> pf.Metapage:
        return pf.read_metapage(self.meta_page)

    def nblocks(self) -> int:
        return bufmgr.nblocks(self.index.locator, MAIN)
