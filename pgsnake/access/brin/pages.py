"""The pages one BRIN change touches: pinned and locked together, changed in private
copies, then written back, dirtied and WAL-logged (each step as its BRIN record) in one
critical section (access/common/index_page_set.py).

    with PageSet(index) as pages:          # only the pages it asks for
        page = pages.page(blkno)           # exclusive lock; a private copy to edit
        blkno, page = pages.extend()       # a new page at the end
        pages.log_step(...)
    with RevmapExtension(index) as pages:  # the metapage first (revmap growth only)
        meta = pages.meta                  # its contents (pagesPerRange, lastRevmapPage)

Locks are per page, taken in one order so that changes never deadlock (README rule
R1): the metapage (revmap growth alone takes it), then regular pages in block order,
then the one revmap page of the range. A change checks, once its pages are locked,
that what it read before locking them is still there, and starts over if not. Scans
read page by page under momentary share locks and look a moved tuple up again.

Entry points: PageSet, RevmapExtension, NewIndexPageSet, read_page(index, blkno),
read_meta(index), check_page.

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


class NewIndexPageSet(index_page_set.PageSet):
    """The pages of an index being created (no metapage to lock yet)."""

    what = "BRIN"
    check_page = staticmethod(check_page)


def read_meta(index) -> pf.Metapage:
    """The metapage's contents, read under a momentary share lock."""
    return pf.read_metapage(read_page(index, pf.META_BLKNO))


class PageSet(index_page_set.PageSet):
    """The regular and revmap pages of one change (no index-wide lock)."""

    what = "BRIN"
    check_page = staticmethod(check_page)

    def nblocks(self) -> int:
        return bufmgr.nblocks(self.index.locator, MAIN)

    def set_flags_hint(self, blkno: int, flags: int) -> None:
        """The page's special-space flags set in the shared buffer at once, not logged
        (brin_start_evacuating_page's BRIN_EVACUATE_PAGE, MarkBufferDirtyHint): others
        see them as soon as the page is unlocked, even if this change applies
        nothing. The private copy follows, so the change does not undo them."""
        self.page(blkno, check=False)
        buf = self.buffers[blkno]
        pf.set_page_flags(bufmgr.page(buf), flags)
        pf.set_page_flags(self.copies[blkno], flags)
        bufmgr.mark_dirty_hint(buf)


class RevmapExtension(PageSet):
    """The metapage locked exclusively first: one revmap page added at a time."""

    def __enter__(self) -> "RevmapExtension":
        self.meta_page = self.page(pf.META_BLKNO)
        return self

    @property
    def meta(self) -> pf.Metapage:
        return pf.read_metapage(self.meta_page)
