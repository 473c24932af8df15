"""The pages one GIN change touches: pinned and locked together, changed in private
copies, then written back, dirtied and WAL-logged in one critical section.

    with PageSet(index, logged=True) as pages:
        page = pages.write(blkno)          # exclusive lock; a private copy to edit
        blkno, page = pages.new(flags)     # a new block at the end of the index
        ...
    # on leaving: copies back into the buffers, MarkBufferDirty, one WAL record
    # with a full-page image of every changed page, page LSNs; then unlock

Editing private copies means an error halfway through an operation (a key too big,
an interrupt) leaves the shared pages untouched: nothing that can fail happens inside
the critical section. WAL: the changed pages go into XLOG_FPI records (at most
MAX_BLOCKS images each), whose redo restores the images; pg_waldump and PostgreSQL's
redo read them. See README "Where we differ" for why not ginxlog.c's records.
An index build passes logged=False and logs every page once at the end
(log_all_pages, PostgreSQL's log_newpage_range).

Entry points: PageSet, read_page(index, blkno) -> bytes (a copy, under a share lock),
log_all_pages(index), check_page.

PostgreSQL: access/gin/ginbtree.c (ginPlaceToPage's critical section),
access/transam/xloginsert.c (log_newpage_range), access/gin/ginutil.c (GinNewBuffer).
"""
from __future__ import annotations

from pgsnake.access.gin import page_format as pf
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.activity import pgstat
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import PgError

MAIN = ForkNumber.MAIN
MAX_BLOCKS = 32                    # XLR_MAX_BLOCK_ID + 1
INDEX_CORRUPTED = "XX002"


def check_page(index, page, blkno: int) -> None:
    if pl.is_new(page) or pl.header(page).special != pf.SPECIAL_OFFSET:
        raise PgError(INDEX_CORRUPTED, f'index "{index.name}" contains corrupted page at '
                                       f'block {blkno}', hint="Please REINDEX it.")


def _pin(index, blkno: int) -> int:
    reads = bufmgr.blocks_read
    buf = bufmgr.read_buffer(index.locator, MAIN, blkno)
    stats = pgstat.table_status(index)
    stats.blocks_fetched += 1
    if bufmgr.blocks_read == reads:
        stats.blocks_hit += 1
    return buf


def read_page(index, blkno: int) -> bytes:
    """A copy of page `blkno`, read under a share lock and checked."""
    buf = _pin(index, blkno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        page = bytes(bufmgr.page(buf))
    finally:
        bufmgr.unlock_release_buffer(buf)
    check_page(index, page, blkno)
    return page


class PageSet:
    """Pages locked exclusively for one change; see the module docstring."""

    def __init__(self, index, logged: bool = True) -> None:
        self.index = index
        self.logged = logged and index.needs_wal
        self.buffers: dict[int, int] = {}       # blkno -> buf (pinned, locked)
        self.copies: dict[int, bytearray] = {}  # blkno -> the page being edited

    def __enter__(self) -> "PageSet":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._apply()
        finally:
            for buf in self.buffers.values():
                bufmgr.unlock_release_buffer(buf)
            self.buffers.clear()

    def page(self, blkno: int) -> bytearray:
        """Page `blkno`, exclusively locked, as a private copy to read or edit."""
        copy = self.copies.get(blkno)
        if copy is not None:
            return copy
        buf = self.buffers.get(blkno)
        if buf is None:
            buf = _pin(self.index, blkno)
            bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
            self.buffers[blkno] = buf
        page = bytearray(bufmgr.page(buf))
        if blkno != pf.META_BLKNO or not pl.is_new(page):
            check_page(self.index, page, blkno)
        self.copies[blkno] = page
        return page

    def peek(self, blkno: int) -> bytes:
        """Page `blkno` read without keeping it in the change (the caller holds the
        index-wide lock, so nobody else changes it meanwhile)."""
        if blkno in self.copies:
            return bytes(self.copies[blkno])
        return read_page(self.index, blkno)

    def new(self, flags: int) -> tuple[int, bytearray]:
        """A new block at the end of the index, initialised with `flags` (GinNewBuffer;
        pgsnake never recycles deleted pages)."""
        buf, blkno = bufmgr.extend_relation(self.index.locator, MAIN)
        self.buffers[blkno] = buf
        page = bytearray(pf.BLCKSZ)
        pf.init_page(page, flags)
        self.copies[blkno] = page
        return blkno, page

    def _apply(self) -> None:
        changed = [b for b, copy in self.copies.items()
                   if bytes(copy) != bytes(bufmgr.page(self.buffers[b]))]
        if not changed:
            return
        with critical_section("GIN page change"):
            for blkno in changed:
                buf = self.buffers[blkno]
                bufmgr.page(buf)[:] = self.copies[blkno]
                bufmgr.mark_dirty(buf)
            if not self.logged:
                return
            for start in range(0, len(changed), MAX_BLOCKS):
                group = changed[start:start + MAX_BLOCKS]
                blocks = [wal.BlockRef(i, self.index.locator, MAIN, blkno,
                                       bufmgr.page(self.buffers[blkno]), force_image=True)
                          for i, blkno in enumerate(group)]
                lsn = wal.insert_record(wal.RmgrId.XLOG, _XLOG_FPI, b"", blocks)
                for blkno in group:
                    pl.set_lsn(bufmgr.page(self.buffers[blkno]), lsn)


_XLOG_FPI = 0xB0


def log_all_pages(index) -> None:
    """After a build: every page as an XLOG_FPI record (log_newpage_range), so that
    recovery and standbys have the index without replaying the build."""
    if not index.needs_wal:
        return
    nblocks = bufmgr.nblocks(index.locator, MAIN)
    for start in range(0, nblocks, MAX_BLOCKS):
        bufs = []
        try:
            for blkno in range(start, min(nblocks, start + MAX_BLOCKS)):
                buf = bufmgr.read_buffer(index.locator, MAIN, blkno)
                bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
                bufs.append((blkno, buf))
            with critical_section("GIN build log"):
                blocks = [wal.BlockRef(i, index.locator, MAIN, blkno, bufmgr.page(buf),
                                       force_image=True)
                          for i, (blkno, buf) in enumerate(bufs)]
                for _blkno, buf in bufs:
                    bufmgr.mark_dirty(buf)
                lsn = wal.insert_record(wal.RmgrId.XLOG, _XLOG_FPI, b"", blocks)
                for _blkno, buf in bufs:
                    pl.set_lsn(bufmgr.page(buf), lsn)
        finally:
            for _blkno, buf in bufs:
                bufmgr.unlock_release_buffer(buf)
