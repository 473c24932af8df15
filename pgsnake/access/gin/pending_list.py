"""GIN's fast update: the pending list. With the fastupdate reloption on (the default)
an insert does not descend the entry tree once per key: it appends the row's keys, one
tuple each, to a list of GIN_LIST pages the metapage leads to, and the list is moved
into the entry tree in bulk (key by key, every TID of a key at once) by VACUUM, by
autovacuum's ANALYZE, by gin_clean_pending_list(), or by the insert that finds the list
over gin_pending_list_limit.

    collect(index, keys, entries, heap_tid) -> [tuple]   ginHeapTupleFastCollect
    fast_insert(index, tuples) -> bool                  ginHeapTupleFastInsert; True
                                                        when the list is over its limit
    cleanup(index, keys, full_clean, fill_fsm, force) -> pages deleted
                                                        ginInsertCleanup
    read(index, keys) -> PendingRows                    scanPendingInsert's reading

The list (page_format.py): the metapage's head and tail blocks, the tail's free bytes
and the counts of pages and rows; each page's tuples are keys with the heap TID in
t_tid, a row's tuples consecutive. A row whose tuples fit the tail page's free space
goes there (one UPDATE_META_PAGE record with the tuples); otherwise its tuples become a
sublist of new pages (one INSERT_LISTPAGE record each, the last marked as holding
whole rows) linked after the old tail (UPDATE_META_PAGE naming the old tail).

Locking, as PostgreSQL's:
- An insert locks the metapage exclusively, then the tail page. A row that needs a
  sublist writes its pages without the metapage locked (nobody can reach them yet),
  then locks it and links them.
- One cleanup at a time: the cleanup holds a heavyweight ExclusiveLock on the index's
  metapage block (LockPage), which nothing else takes; an insert that finds it held
  leaves the cleanup to its holder, VACUUM and gin_clean_pending_list wait for it.
  The cleanup reads pages without holding the metapage, moves their keys into the
  entry tree (entry_tree.insert, page locks as any insert), then, with the metapage
  locked exclusively, takes any tuples appended to the last page meanwhile, and
  removes the pages from the list's head, marking them deleted sixteen per
  DELETE_LISTPAGE record (shiftList). Inserts wait for the metapage meanwhile, so no
  tuple lands on a page being deleted.
- A scan share-locks the metapage to find the head, locks the head before letting the
  metapage go, and locks each next page before letting the current one go, so a
  cleanup (which locks the pages it deletes exclusively, from the head) never passes
  it. A scan reads the pending list before the entry tree: a row the cleanup moves in
  between is found twice, never missed.

Deleted pages go to the index's free space map (with fill_fsm; VACUUM's cleanup
records them anyway) and are reused for new pages (pages.PageSet.new).

PostgreSQL: access/gin/ginfast.c (ginHeapTupleFastCollect, ginHeapTupleFastInsert,
makeSublist, writeListPage, shiftList, processPendingPage, ginInsertCleanup,
gin_clean_pending_list), access/gin/ginget.c (scanPendingInsert), access/gin/
ginbulk.c (the accumulator).
"""
from __future__ import annotations

from pgsnake.access.common import index_page_set
from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.gin import entry_tree
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import wal_records as xl
from pgsnake.access.gin.pages import PageSet, check_page
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map as fsm
from pgsnake.storage.lmgr import lock, lock_modes, lock_tag
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils import process_state, settings
from pgsnake.utils.interrupts import check_for_interrupts

_ITEM_ID = 4
NDELETE_AT_ONCE = 16                      # GIN_NDELETE_AT_ONCE
MAX_BLOCK = 0xFFFFFFFE


# ---- inserting -------------------------------------------------------------------------

def collect(index, keys: entry_tree.EntryKeys, entries, heap_tid) -> list[bytes]:
    """One pending tuple per (category, key) of a row, in the order given (sorted, as
    ginExtractEntries returns them)."""
    out = []
    for category, key in entries:
        data = pf.form_pending(keys.codec, key, category, tuple(heap_tid))
        if data is None:
            entry_tree.check_key_size(index, keys.codec, key, category)
        out.append(data)
    return out


def limit_kb(index) -> int:
    """GinGetPendingListCleanupSize: the reloption, else the setting (kilobytes)."""
    own = index.index.gin_pending_list_limit
    return own if own >= 0 else settings.get("gin_pending_list_limit")


def fast_insert(index, tuples: list[bytes]) -> bool:
    """ginHeapTupleFastInsert: one row's tuples onto the pending list. True when the
    list has grown past gin_pending_list_limit (the caller then cleans it up)."""
    if not tuples:
        return False
    needed = sum(len(t) for t in tuples) + len(tuples) * _ITEM_ID
    with PageSet(index) as pages:
        separate = needed > pf.LIST_PAGE_SIZE
        if not separate:
            meta = pf.read_meta(pages.page(pf.META_BLKNO))
            if meta.head == pf.INVALID_BLOCK or needed > meta.tail_free_size:
                separate = True
                pages.drop(pf.META_BLKNO)     # not held while the sublist is written
        if separate:
            sublist = _make_sublist(pages, tuples)
            meta_page = pages.page(pf.META_BLKNO)
            meta = pf.read_meta(meta_page)
            blocks = [StepBlock(0, pf.META_BLKNO, will_init=True)]
            prev_tail = new_rightlink = pf.INVALID_BLOCK
            if meta.head == pf.INVALID_BLOCK:
                meta.head, meta.tail, meta.tail_free_size = sublist.head, sublist.tail, \
                    sublist.tail_free_size
                meta.n_pending_pages = sublist.n_pending_pages
                meta.n_pending_heap_tuples = sublist.n_pending_heap_tuples
            else:
                prev_tail, new_rightlink = meta.tail, sublist.head
                tail = pages.page(meta.tail)
                opaque = pf.read_opaque(tail)
                opaque.rightlink = sublist.head
                pf.write_opaque(tail, opaque)
                meta.tail, meta.tail_free_size = sublist.tail, sublist.tail_free_size
                meta.n_pending_pages += sublist.n_pending_pages
                meta.n_pending_heap_tuples += sublist.n_pending_heap_tuples
                blocks.append(StepBlock(1, prev_tail))
            pf.write_meta(meta_page, meta)
            pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_UPDATE_META_PAGE,
                           xl.update_meta_main(index.locator, meta_page, prev_tail,
                                               new_rightlink), blocks)
        else:
            meta_page = pages.page(pf.META_BLKNO)
            tail = pages.page(meta.tail)
            body = b"".join(tuples)
            xl.add_list_tuples(tail, body, len(tuples))
            opaque = pf.read_opaque(tail)
            opaque.maxoff += 1                 # one more row on the tail page
            pf.write_opaque(tail, opaque)
            meta.n_pending_heap_tuples += 1
            meta.tail_free_size = _exact_free_space(tail)
            pf.write_meta(meta_page, meta)
            pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_UPDATE_META_PAGE,
                           xl.update_meta_main(index.locator, meta_page,
                                               ntuples=len(tuples)),
                           [StepBlock(0, pf.META_BLKNO, will_init=True),
                            StepBlock(1, meta.tail, data=body)])
    return meta.n_pending_pages * pf.PAGE_FREESIZE > limit_kb(index) * 1024


def _exact_free_space(page) -> int:
    header = pl.header(page)
    return max(header.upper - header.lower, 0)


def _make_sublist(pages, tuples: list[bytes]) -> pf.MetaPage:
    """makeSublist: the tuples on new pages, each filled while the next tuple fits
    (GinListPageSize), written in order with a right link to the next (one
    INSERT_LISTPAGE record each). Returns the sublist as metapage fields."""
    groups: list[list[bytes]] = [[]]
    size = 0
    for data in tuples:
        needed = pl.maxalign(len(data)) + _ITEM_ID
        if groups[-1] and size + needed > pf.LIST_PAGE_SIZE:
            groups.append([])
            size = 0
        groups[-1].append(data)
        size += needed
    blocks = [pages.new(pf.GIN_LIST)[0] for _group in groups]
    result = pf.MetaPage(head=blocks[0], tail=blocks[-1], n_pending_pages=len(blocks),
                         n_pending_heap_tuples=1)
    for position, (blkno, group) in enumerate(zip(blocks, groups)):
        rightlink = blocks[position + 1] if position + 1 < len(blocks) else pf.INVALID_BLOCK
        page = pages.page(blkno)
        xl.init_list_page(page, rightlink)
        body = b"".join(group)
        xl.add_list_tuples(page, body, len(group))
        pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_INSERT_LISTPAGE,
                       xl.insert_listpage_main(rightlink, len(group)),
                       [StepBlock(0, blkno, data=body, will_init=True)])
        result.tail_free_size = _exact_free_space(page)
    return result


# ---- reading (scans) -------------------------------------------------------------------

class PendingRows:
    """What a scan needs of the pending list: per entry (its sort key), the heap TIDs
    of the rows that have it; and per (column, the value is NULL (a NULL_ITEM entry)) every
    row's TID, for the scans that must see every row."""

    def __init__(self) -> None:
        self.by_entry: dict = {}
        self.keys: dict = {}           # sort key -> the normal key (partial matches)
        self.rows: dict[bool, set] = {}

    def add(self, order, category: int, tid, key=None, attnum: int = 1) -> None:
        self.by_entry.setdefault(order, set()).add(tid)
        if category == pf.CAT_NORM_KEY:
            self.keys.setdefault(order, key)
        self.rows.setdefault((attnum, category == pf.CAT_NULL_ITEM), set()).add(tid)

    def tids(self, order) -> set:
        return self.by_entry.get(order, set())


def read(index, keys: entry_tree.EntryKeys) -> PendingRows:
    """Every pending tuple, read page by page along the list under share locks, each
    next page locked before the current one is let go (scanPendingInsert)."""
    out = PendingRows()
    meta_buf = index_page_set.pin(index, pf.META_BLKNO)
    bufmgr.lock_buffer(meta_buf, bufmgr.SHARE)
    try:
        meta_page = bufmgr.page(meta_buf)
        check_page(index, bytes(meta_page), pf.META_BLKNO)
        blkno = pf.read_meta(meta_page).head
        if blkno == pf.INVALID_BLOCK:
            return out
        buf = index_page_set.pin(index, blkno)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
    finally:
        bufmgr.unlock_release_buffer(meta_buf)
    pages_read = []
    try:
        while True:
            page = bytes(bufmgr.page(buf))
            pages_read.append((blkno, page))
            rightlink = pf.read_opaque(page).rightlink
            if rightlink == pf.INVALID_BLOCK:
                break
            next_buf = index_page_set.pin(index, rightlink)
            bufmgr.lock_buffer(next_buf, bufmgr.SHARE)
            bufmgr.unlock_release_buffer(buf)
            buf, blkno = next_buf, rightlink
    finally:
        bufmgr.unlock_release_buffer(buf)
    for blkno, page in pages_read:
        check_page(index, page, blkno)
        for off in range(1, pl.max_offset(page) + 1):
            data = bytes(pl.get_item(page, off))
            category, key = pf.entry_key(keys.codec, data)
            out.add(keys.order(category, key), category, pf.pending_heap_tid(data), key,
                    keys.split(key)[0])
    return out


# ---- moving the list into the entry tree -------------------------------------------------

class _Accumulator:
    """ginbulk.c's BuildAccumulator: each entry's heap TIDs, handed over in key order.
    `memory` estimates its allocatedMemory (an entry's accumulator and key copy, its
    TID array grown by doubling from 5), which decides when a long list is flushed in
    parts."""

    def __init__(self, keys: entry_tree.EntryKeys) -> None:
        self.keys = keys
        self.entries: dict = {}
        self.memory = 0

    def add(self, category: int, key, tid) -> None:
        order = self.keys.order(category, key)
        entry = self.entries.get(order)
        if entry is None:
            entry = self.entries[order] = (category, key, [])
            self.memory += 48 + (len(key) if isinstance(key, (str, bytes)) else 0)
        tids = entry[2]
        capacity = 5
        while capacity < len(tids):
            capacity *= 2
        if len(tids) == capacity:
            self.memory += capacity * 6
        tids.append(tid)

    def add_page(self, page, first: int = 1) -> None:
        """processPendingPage: every tuple from offset `first` on."""
        for off in range(first, pl.max_offset(page) + 1):
            data = bytes(pl.get_item(page, off))
            category, key = pf.entry_key(self.keys.codec, data)
            self.add(category, key, pf.pending_heap_tid(data))

    def flush(self, index) -> None:
        """Every entry into the entry tree, in key order, each with all its TIDs
        (ginEntryInsert per ginGetBAEntry)."""
        for order in sorted(self.entries):
            check_for_interrupts()
            category, key, tids = self.entries[order]
            with PageSet(index) as pages:
                entry_tree.insert(pages, self.keys, category, key,
                                  sorted(set(tids), key=lambda t: (t[0], t[1])))
        self.entries.clear()
        self.memory = 0


def _cleanup_tag(index) -> lock_tag.LockTag:
    database = 0 if index.is_shared else process_state.database_oid
    return lock_tag.page(database, index.oid, pf.META_BLKNO)


def _work_memory_kb(force: bool) -> int:
    if not force:
        return settings.get("work_mem")
    if process_state.process_kind == "autovacuum worker":
        own = settings.get("autovacuum_work_mem")
        if own != -1:
            return own
    return settings.get("maintenance_work_mem")


def cleanup(index, keys: entry_tree.EntryKeys, *, full_clean: bool, fill_fsm: bool,
            force: bool) -> int:
    """ginInsertCleanup: move the pending list's rows into the entry tree and delete
    its pages; returns how many pages were deleted. Without `full_clean` it stops
    after the page that was the tail when it started (inserts may keep adding);
    without `force` it gives up at once if another cleanup is running."""
    tag = _cleanup_tag(index)
    if force:
        lock.acquire(tag, lock_modes.EXCLUSIVE)
    elif not lock.acquire(tag, lock_modes.EXCLUSIVE, dont_wait=True):
        return 0
    try:
        deleted = _cleanup_locked(index, keys, full_clean, force, fill_fsm)
    finally:
        lock.release(tag, lock_modes.EXCLUSIVE)
    if deleted and fill_fsm:
        fsm.vacuum_range(index, 0, MAX_BLOCK)      # IndexFreeSpaceMapVacuum
    return deleted


def _read_list_page(index, blkno: int) -> bytes:
    page = index_page_set.read_page(index, blkno, check_page)
    if not pf.read_opaque(page).flags & pf.GIN_LIST:
        raise index_page_set.corrupted(index, blkno)
    return page


def _cleanup_locked(index, keys, full_clean: bool, force: bool, fill_fsm: bool) -> int:
    meta = pf.read_meta(index_page_set.read_page(index, pf.META_BLKNO, check_page))
    if meta.head == pf.INVALID_BLOCK:
        return 0
    finish = meta.tail                    # not past this page unless full_clean
    blkno = meta.head
    work_memory = _work_memory_kb(force) * 1024
    accumulator = _Accumulator(keys)
    deleted = 0
    finished = False
    while True:
        check_for_interrupts()
        page = _read_list_page(index, blkno)
        if blkno == finish and not full_clean:
            finished = True
        accumulator.add_page(page)
        opaque = pf.read_opaque(page)
        if opaque.rightlink != pf.INVALID_BLOCK and not (
                opaque.flags & pf.GIN_LIST_FULLROW and accumulator.memory >= work_memory):
            blkno = opaque.rightlink
            continue
        maxoff = pl.max_offset(page)
        accumulator.flush(index)           # no list page locked meanwhile
        with PageSet(index) as pages:
            meta_page = pages.page(pf.META_BLKNO)
            current = pages.page(blkno)
            if pl.max_offset(current) != maxoff:
                # Rows appended to the page meanwhile: the metapage is locked now, so
                # no more can come (and a row never continues on a next page).
                accumulator.add_page(current, maxoff + 1)
                accumulator.flush(index)
            new_head = pf.read_opaque(current).rightlink
            # Let it go before deleting from the head: shiftList locks the pages in
            # list order, as scans do (holding it would deadlock with a scan
            # waiting for it while holding a page before it).
            pages.drop(blkno)
            deleted += _shift_list(pages, index, meta_page, new_head, fill_fsm)
        if new_head == pf.INVALID_BLOCK or finished:
            break
        blkno = new_head
    return deleted


def _shift_list(pages, index, meta_page, new_head: int, fill_fsm: bool) -> int:
    """shiftList: delete the list's pages from its head up to `new_head`, sixteen per
    DELETE_LISTPAGE record, the metapage locked throughout. The pages keep their
    tuples, flagged GIN_DELETED (redo empties them); with `fill_fsm` they are recorded
    in the free space map at once (else VACUUM's cleanup records them)."""
    meta = pf.read_meta(meta_page)
    blkno = meta.head
    deleted = 0
    while blkno != new_head:
        chunk, rows = [], 0
        while len(chunk) < NDELETE_AT_ONCE and blkno != new_head:
            page = pages.page(blkno)
            opaque = pf.read_opaque(page)
            if opaque.flags & pf.GIN_DELETED:
                raise index_page_set.corrupted(index, blkno)
            chunk.append(blkno)
            rows += opaque.maxoff
            blkno = opaque.rightlink
        meta.head = blkno
        meta.n_pending_pages -= len(chunk)
        meta.n_pending_heap_tuples -= rows
        if blkno == pf.INVALID_BLOCK:
            meta.tail, meta.tail_free_size = pf.INVALID_BLOCK, 0
            meta.n_pending_pages = meta.n_pending_heap_tuples = 0
        pf.write_meta(meta_page, meta)
        for page_blkno in chunk:
            page = pages.page(page_blkno)
            opaque = pf.read_opaque(page)
            opaque.flags = pf.GIN_DELETED
            pf.write_opaque(page, opaque)
        pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_DELETE_LISTPAGE,
                       xl.delete_listpage_main(meta_page, len(chunk)),
                       [StepBlock(0, pf.META_BLKNO, will_init=True)]
                       + [StepBlock(i + 1, b, will_init=True) for i, b in enumerate(chunk)])
        pages.apply_now(keep=(pf.META_BLKNO,))
        meta_page = pages.page(pf.META_BLKNO)
        for page_blkno in chunk if fill_fsm else ():
            fsm.record_page(index, page_blkno, pl.BLCKSZ - 1)    # RecordFreeIndexPage
        deleted += len(chunk)
    return deleted
