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

New pages come from the free space map first (GinNewBuffer): the pending list's
cleanup records the pages it deletes there.

Entry points: PageSet (page, peek, new, apply_now), read_page(index, blkno) -> bytes
(a copy, under a share lock), log_all_pages(index), check_page, recyclable(page).

PostgreSQL: access/gin/ginbtree.c (ginPlaceToPage's critical section),
access/transam/xloginsert.c (log_newpage_range), access/gin/ginutil.c (GinNewBuffer),
include/access/ginblock.h (GinPageIsRecyclable), storage/freespace/indexfsm.c.
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import MAIN  # noqa: F401  (access_method's)
from pgsnake.access.gin import page_format as pf
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map as fsm
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
        """A page initialised with `flags` (GinNewBuffer): a free page the index's free
        space map offers (a pending list page the cleanup deleted, or a page a crash
        left new), else a new block at the end of the index."""
        recycled = self._recycle()
        if recycled is not None:
            blkno, page = recycled
        else:
            blkno, page = self.extend()
        pf.init_page(page, flags)
        return blkno, page

    def _recycle(self) -> tuple[int, bytearray] | None:
        """GetFreeIndexPage until a page is really free: the map may be stale, and
        another backend may have taken the page meanwhile (it then holds a pin: the
        conditional cleanup lock fails and the next page is tried)."""
        while True:
            blkno = fsm.page_with_free_space(self.index, pl.BLCKSZ // 2)
            if blkno is None:
                return None
            fsm.record_page(self.index, blkno, 0)            # RecordUsedIndexPage
            if blkno in self.buffers:
                continue
            buf = index_page_set.pin(self.index, blkno)
            if bufmgr.conditional_lock_for_cleanup(buf):
                if recyclable(bufmgr.page(buf)):
                    self.buffers[blkno] = buf
                    page = self.copies[blkno] = bytearray(pl.BLCKSZ)
                    return blkno, page
                bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)

    def apply_now(self, keep=()) -> None:
        """Put the changes made so far into the buffers and the WAL (one critical
        section, as on leaving), then let go of every page but those in `keep`, which
        stay locked for the next steps (shiftList keeps the metapage locked while it
        deletes the list's pages sixteen at a time)."""
        self._apply()
        self.steps.clear()
        self._last_logged.clear()
        self._patches.clear()
        for blkno in list(self.buffers):
            if blkno in keep:
                self.copies[blkno] = bytearray(bufmgr.page(self.buffers[blkno]))
                continue
            self.copies.pop(blkno, None)
            bufmgr.unlock_release_buffer(self.buffers.pop(blkno))


def recyclable(page) -> bool:
    """GinPageIsRecyclable: a new page, or a deleted one (pgsnake deletes only pending
    list pages, which no scan can reach once the metapage no longer leads to them, so
    no deletion XID has to age first)."""
    return pl.is_new(page) or bool(pf.read_opaque(page).flags & pf.GIN_DELETED)


def log_all_pages(index) -> None:
    """After a build: every page as an XLOG_FPI record (log_newpage_range)."""
    index_page_set.log_all_pages(index, "GIN")
