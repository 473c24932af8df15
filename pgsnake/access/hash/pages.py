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

A change holds every page it touches until it is applied, taken in README rule H1's
order (the bucket's primary page, its chain, the metapage, bitmap pages; a split's old
bucket only conditionally), so no one meets a half-done split or overflow chain.

Entry points: PageSet, StepBlock, read_page(index, blkno) -> bytes, read_meta(index),
SharedIndexLock(index),
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


def SharedIndexLock(index) -> index_page_set.MetapageShareLock:
    """The metapage share-locked while its contents are read (access_method.read_meta)."""
    return index_page_set.MetapageShareLock(index, pf.META_BLKNO, check_page, pf.read_meta)


def read_meta(index) -> pf.MetaPage:
    """The metapage's contents, read under a share lock held only while copying it
    (a change may hold it exclusively meanwhile: it is then waited for)."""
    return pf.read_meta(read_page(index, pf.META_BLKNO))


class PageSet(index_page_set.PageSet):
    """Pages locked exclusively for one hash index change; see the module docstring."""

    what = "hash index"
    in_block_order = True
    check_page = staticmethod(check_page)

    def page_if_unpinned(self, blkno: int) -> bytearray | None:
        """Page `blkno` locked exclusively only if nobody else pins it (a cleanup
        lock, ConditionalLockBufferForCleanup), else None without waiting: a split
        takes its old bucket this way, while it holds the metapage (README rule H1)."""
        if blkno in self.copies:
            return self.copies[blkno]
        buf = index_page_set.pin(self.index, blkno)
        if not bufmgr.conditional_lock_for_cleanup(buf):
            bufmgr.release_buffer(buf)
            return None
        self.buffers[blkno] = buf
        return self.page(blkno)

    def forget(self, blkno: int) -> None:
        """Unlock and drop a page this change has not modified (a bucket page locked
        before finding that a split moved the key elsewhere)."""
        buf = self.buffers.pop(blkno)
        copy = self.copies.pop(blkno, None)
        if copy is not None and bytes(copy) != bytes(bufmgr.page(buf)):
            raise RuntimeError("hash PageSet.forget: the page was changed")
        bufmgr.unlock_release_buffer(buf)

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
