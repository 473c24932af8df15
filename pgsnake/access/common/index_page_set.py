"""The pages one index change touches, for the index access methods that log whole
pages (GIN, GiST, hash): pinned and locked together, changed in private copies, then
written back, dirtied and WAL-logged in one critical section.

    with AmPageSet(index) as pages:        # a subclass per access method
        page = pages.page(blkno)           # exclusive lock; a private copy to edit
        blkno, page = pages.extend()       # a new zeroed block at the end of the index
        ...
    # on leaving: copies back into the buffers, MarkBufferDirty, XLOG_FPI records
    # (at most MAX_BLOCKS images each) of every changed page, page LSNs; then unlock

An access method with its own WAL records (hash) describes each step of the change as
it goes (`log_step`): the record and the pages it covers, whose private copies are
remembered as they are at that moment. On leaving, each step's pages are put into the
buffers and its record is inserted, in order, so every record's full-page images (taken
when a checkpoint happened since the page's LSN) show the page as that record left it.
A changed page that no step covered is logged as an XLOG_FPI image after the steps.

Editing private copies means an error halfway through an operation (a key too big,
an interrupt) leaves the shared pages untouched: nothing that can fail happens inside
the critical section. Redo restores the images; pg_waldump and PostgreSQL's redo read
them. An index build passes logged=False and logs every page once at the end
(log_all_pages, PostgreSQL's log_newpage_range).

A subclass names its access method (`what`, for the critical section's name) and its
page check (`check_page(index, page, blkno)`, which raises XX002 for a page that is not
the access method's), and adds its own ways to make new pages.

Entry points: PageSet (log_step, log_images, drop, StepBlock), pin(index, blkno), read_page(index, blkno, check_page) -> bytes,
log_all_pages(index, what, skip_new), corrupted(index, blkno).

PostgreSQL: access/transam/xloginsert.c (log_newpage, log_newpage_range); the
critical sections of ginPlaceToPage, gistplacetopage and the hash index's page changes.
"""
from __future__ import annotations

from typing import NamedTuple

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
XLOG_FPI = 0xB0


class StepBlock(NamedTuple):
    """One page of a logged step: its WAL block id, block number, per-block data, and
    how it is registered: will_init (redo rebuilds it), force_image (always an image,
    REGBUF_FORCE_IMAGE), no_image (never one, REGBUF_NO_IMAGE: a page registered only
    so that redo locks it). `after(page, lsn)` changes the page once the record's LSN is
    known (GiST's NSN of a split's left page is the LSN of the record that inserted its
    downlinks); the page image a full-page write takes is the one before it, as in
    PostgreSQL, and redo repeats it."""
    block_id: int
    blkno: int
    data: bytes = b""
    will_init: bool = False
    force_image: bool = False
    no_image: bool = False
    after: object = None


class _Step(NamedTuple):
    rmid: int
    info: int
    main_data: bytes
    blocks: list
    images: dict                       # blkno -> the page as this step left it


def corrupted(index, blkno: int) -> PgError:
    return PgError(INDEX_CORRUPTED, f'index "{index.name}" contains corrupted page at '
                                    f'block {blkno}', hint="Please REINDEX it.")


def pin(index, blkno: int) -> int:
    """Read block `blkno` into a pinned buffer, counting the index's block statistics."""
    reads = bufmgr.blocks_read
    buf = bufmgr.read_buffer(index.locator, MAIN, blkno)
    stats = pgstat.table_status(index)
    stats.blocks_fetched += 1
    if bufmgr.blocks_read == reads:
        stats.blocks_hit += 1
    return buf


def read_page(index, blkno: int, check_page) -> bytes:
    """A copy of page `blkno`, read under a share lock and checked."""
    buf = pin(index, blkno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        page = bytes(bufmgr.page(buf))
    finally:
        bufmgr.unlock_release_buffer(buf)
    check_page(index, page, blkno)
    return page


class MetapageShareLock:
    """An index's metapage share-locked for as long as the `with` block runs (a scan
    that must see no concurrent change of what the metapage describes); `meta` is its
    content as `read_meta(page)` decodes it, after `check_page`."""

    def __init__(self, index, blkno: int, check_page, read_meta) -> None:
        self.index, self.blkno = index, blkno
        self._check_page, self._read_meta = check_page, read_meta

    def __enter__(self):
        self.buf = pin(self.index, self.blkno)
        bufmgr.lock_buffer(self.buf, bufmgr.SHARE)
        try:
            page = bytes(bufmgr.page(self.buf))
            self._check_page(self.index, page, self.blkno)
            self.meta = self._read_meta(page)
        except BaseException:
            bufmgr.unlock_release_buffer(self.buf)
            raise
        return self

    def __exit__(self, *exc) -> None:
        bufmgr.unlock_release_buffer(self.buf)


class PageSet:
    """Pages locked exclusively for one change; see the module docstring."""

    what = "index"                     # the critical section's name: "<what> page change"
    in_block_order = False             # log the changed pages sorted by block number

    def __init__(self, index, logged: bool = True) -> None:
        self.index = index
        self.logged = logged and index.needs_wal
        self.buffers: dict[int, int] = {}       # blkno -> buf (pinned, locked)
        self.copies: dict[int, bytearray] = {}  # blkno -> the page being edited
        self.steps: list[_Step] = []
        self._last_logged: dict[int, bytes] = {}  # blkno -> the page as its last step left it
        self._patches: dict[int, list] = {}     # blkno -> [(after, lsn)] applied so far

    @staticmethod
    def check_page(index, page, blkno: int) -> None:
        raise NotImplementedError

    def __enter__(self):
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
            buf = pin(self.index, blkno)
            bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
            self.buffers[blkno] = buf
        page = bytearray(bufmgr.page(buf))
        if check:
            self.check_page(self.index, page, blkno)
        self.copies[blkno] = page
        return page

    def drop(self, blkno: int) -> None:
        """Unlock and forget page `blkno`, which this change has not edited (an insert
        that moved right, or found its page split under it, lets the page go)."""
        buf = self.buffers.pop(blkno)
        copy = self.copies.pop(blkno, None)
        try:
            if copy is not None and bytes(copy) != bytes(bufmgr.page(buf)):
                raise RuntimeError(f"{self.what} page {blkno} dropped after being edited")
        finally:
            bufmgr.unlock_release_buffer(buf)

    def log_step(self, rmid: int, info: int, main_data: bytes, blocks) -> None:
        """One WAL record of this change, covering `blocks` (StepBlocks) as their copies
        are now; inserted when the change is applied. Nothing is remembered when the
        change is not logged (a build, an unlogged index)."""
        if not self.logged:
            return
        images = {b.blkno: bytes(self.copies[b.blkno]) for b in blocks if not b.no_image}
        self.steps.append(_Step(rmid, info, main_data, list(blocks), images))
        self._last_logged.update(images)

    def log_images(self, rmid: int = 0, info: int = XLOG_FPI, per_record: int = MAX_BLOCKS
                   ) -> None:
        """Steps that log, as forced full-page images, every page changed since its last
        step (or since it was read): XLOG_FPI records by default, or an access method's
        image-only record (GIN's VACUUM_PAGE, one page each)."""
        if not self.logged:
            return
        changed = [blkno for blkno, copy in self.copies.items()
                   if bytes(copy) != self._last_logged.get(blkno, bytes(bufmgr.page(
                       self.buffers[blkno])))]
        for start in range(0, len(changed), per_record):
            self.log_step(rmid, info, b"", [StepBlock(i, blkno, force_image=True)
                                            for i, blkno in
                                            enumerate(changed[start:start + per_record])])

    def extend(self) -> tuple[int, bytearray]:
        """A new zeroed block at the end of the index, locked, as a private copy
        (deleted pages are never recycled)."""
        buf, blkno = bufmgr.extend_relation(self.index.locator, MAIN)
        self.buffers[blkno] = buf
        page = self.copies[blkno] = bytearray(pl.BLCKSZ)
        return blkno, page

    def _apply(self) -> None:
        copies = sorted(self.copies.items()) if self.in_block_order else self.copies.items()
        changed = [b for b, copy in copies
                   if bytes(copy) != bytes(bufmgr.page(self.buffers[b]))]
        if not changed and not self.steps:
            return
        with critical_section(f"{self.what} page change"):
            if self.steps:
                changed = self._apply_steps(changed)
            for blkno in changed:
                buf = self.buffers[blkno]
                bufmgr.page(buf)[:] = self.copies[blkno]
                for after, at_lsn in self._patches.get(blkno, ()):
                    after(bufmgr.page(buf), at_lsn)
                bufmgr.mark_dirty(buf)
            if self.logged:
                for start in range(0, len(changed), MAX_BLOCKS):
                    _log_images(self.index, [(blkno, self.buffers[blkno]) for blkno
                                             in changed[start:start + MAX_BLOCKS]])

    def _apply_steps(self, changed: list[int]) -> list[int]:
        """Inside the critical section: each step's pages into the buffers (keeping the
        buffer's LSN, which the full-page-image decision reads), its record, its LSN on
        its pages. Returns the changed pages whose final state no step logged."""
        logged_state: dict[int, bytes] = {}
        patches = self._patches
        for step in self.steps:
            refs = []
            for block in step.blocks:
                buf = self.buffers[block.blkno]
                page = bufmgr.page(buf)
                image = step.images.get(block.blkno)
                if image is not None and image[8:] != bytes(page[8:]):
                    lsn = pl.get_lsn(page)
                    page[:] = image
                    pl.set_lsn(page, lsn)
                    for after, at_lsn in patches.get(block.blkno, ()):
                        after(page, at_lsn)
                    bufmgr.mark_dirty(buf)
                refs.append(wal.BlockRef(block.block_id, self.index.locator, MAIN,
                                         block.blkno, None if block.no_image else page,
                                         block.data, block.will_init, block.force_image))
            lsn = wal.insert_record(step.rmid, step.info, step.main_data, refs)
            for block in step.blocks:
                if not block.no_image:
                    buf = self.buffers[block.blkno]
                    bufmgr.mark_dirty(buf)
                    pl.set_lsn(bufmgr.page(buf), lsn)
                    if block.after is not None:
                        block.after(bufmgr.page(buf), lsn)
                        patches.setdefault(block.blkno, []).append((block.after, lsn))
            logged_state.update(step.images)
        return [blkno for blkno in changed
                if logged_state.get(blkno, b"")[8:] != bytes(self.copies[blkno])[8:]]


def _log_images(index, bufs: list) -> None:
    """One XLOG_FPI record with the images of `bufs` ((blkno, buf), locked and dirty),
    and its LSN on their pages."""
    blocks = [wal.BlockRef(i, index.locator, MAIN, blkno, bufmgr.page(buf),
                           force_image=True)
              for i, (blkno, buf) in enumerate(bufs)]
    lsn = wal.insert_record(wal.RmgrId.XLOG, XLOG_FPI, b"", blocks)
    for _blkno, buf in bufs:
        pl.set_lsn(bufmgr.page(buf), lsn)


def log_all_pages(index, what: str, skip_new: bool = False) -> None:
    """After a build: every page (with `skip_new`, every initialised one) as an XLOG_FPI
    record (log_newpage_range), so that recovery and standbys have the index without
    replaying the build."""
    if not index.needs_wal:
        return
    nblocks = bufmgr.nblocks(index.locator, MAIN)
    for start in range(0, nblocks, MAX_BLOCKS):
        bufs = []
        try:
            for blkno in range(start, min(nblocks, start + MAX_BLOCKS)):
                buf = bufmgr.read_buffer(index.locator, MAIN, blkno)
                bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
                if skip_new and pl.is_new(bufmgr.page(buf)):
                    bufmgr.unlock_release_buffer(buf)
                    continue
                bufs.append((blkno, buf))
            if not bufs:
                continue
            with critical_section(f"{what} build log"):
                for _blkno, buf in bufs:
                    bufmgr.mark_dirty(buf)
                _log_images(index, bufs)
        finally:
            for _blkno, buf in bufs:
                bufmgr.unlock_release_buffer(buf)
