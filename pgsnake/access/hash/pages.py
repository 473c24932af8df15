"""The pages one hash index change touches: locked together, edited in private copies,
then written back, dirtied and WAL-logged in one critical section (as access/gin's
PageSet, which this follows).

    with PageSet(index) as pages:
        meta = pages.page(META_BLKNO)     # exclusive lock; a private copy to edit
        page = pages.new_at(blkno)        # block blkno, extending the file up to it
        ...
    # on leaving: copies back into the buffers, MarkBufferDirty, XLOG_FPI records
    # with a full-page image of every changed page, page LSNs; then unlock

Holding the metapage's buffer lock exclusively for the whole change is the index-wide
lock (README rule H1), so no one meets a half-done split or overflow chain.

Entry points: PageSet, read_page(index, blkno) -> bytes, SharedIndexLock(index),
log_all_pages(index), check_page.

PostgreSQL: access/hash/hashpage.c (_hash_getbuf, _hash_getnewbuf, _hash_alloc_buckets),
access/transam/xloginsert.c (log_newpage_range).
"""
from __future__ import annotations

from pgsnake.access.hash import page_format as pf
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
_XLOG_FPI = 0xB0


def check_page(index, page, blkno: int) -> None:
    if not pf.has_hash_special(page) or pf.read_opaque(page).page_id != pf.HASHO_PAGE_ID:
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


class SharedIndexLock:
    """The metapage share-locked for a scan's duration (rule H1)."""

    def __init__(self, index) -> None:
        self.index = index

    def __enter__(self):
        self.buf = _pin(self.index, pf.META_BLKNO)
        bufmgr.lock_buffer(self.buf, bufmgr.SHARE)
        page = bytes(bufmgr.page(self.buf))
        check_page(self.index, page, pf.META_BLKNO)
        self.meta = pf.read_meta(page)
        return self

    def __exit__(self, *exc) -> None:
        bufmgr.unlock_release_buffer(self.buf)


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

    def page(self, blkno: int, *, check: bool = True) -> bytearray:
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
        if check:
            check_page(self.index, page, blkno)
        self.copies[blkno] = page
        return page

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
            buf, added = bufmgr.extend_relation(self.index.locator, MAIN)
            self.buffers[added] = buf
            self.copies[added] = bytearray(pf.BLCKSZ)
        if blkno not in self.buffers:
            self.page(blkno, check=False)
        page = self.copies[blkno]
        page[:] = bytes(pf.BLCKSZ)
        return page

    def _apply(self) -> None:
        changed = [b for b, copy in sorted(self.copies.items())
                   if bytes(copy) != bytes(bufmgr.page(self.buffers[b]))]
        if not changed:
            return
        with critical_section("hash index page change"):
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


def log_all_pages(index) -> None:
    """After a build: every non-empty page as an XLOG_FPI record (log_newpage_range)."""
    if not index.needs_wal:
        return
    nblocks = bufmgr.nblocks(index.locator, MAIN)
    for start in range(0, nblocks, MAX_BLOCKS):
        bufs = []
        try:
            for blkno in range(start, min(nblocks, start + MAX_BLOCKS)):
                buf = bufmgr.read_buffer(index.locator, MAIN, blkno)
                bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
                if pl.is_new(bufmgr.page(buf)):
                    bufmgr.unlock_release_buffer(buf)
                    continue
                bufs.append((blkno, buf))
            if not bufs:
                continue
            with critical_section("hash index build log"):
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
