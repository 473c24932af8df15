"""Posting trees: the TIDs of a key too frequent for one entry tuple, as a B-tree of
TIDs.

Leaf pages (DATA | LEAF | COMPRESSED) hold posting list segments of at most 384 bytes
(GinPostingListSegmentMaxSize), in TID order; internal pages hold PostingItems (child
block, key) where the key is the child's right bound, the largest TID it may hold (the
last item of a rightmost page stands for +infinity). Every page stores its own right
bound after the page header. The root's block never changes (it is in the entry
tuple): a splitting root gives its contents to new pages and becomes their parent.

Inserting merges the new TIDs into the leaf that covers them, re-encodes the leaf, and
splits it when it no longer fits: appending past the end of the rightmost leaf fills
pages completely (ascending heap TIDs, the common case), anything else halves the page.

Every change is logged as PostgreSQL logs it (wal_records.py): CREATE_PTREE for a new
tree's root, INSERT with segment actions for a leaf rewritten in place, SPLIT (page
images) and INSERT of the new downlink for a split, VACUUM_DATA_LEAF_PAGE for a leaf
VACUUM changed; each record is described when its change is made (log_step).

Entry points: create(pages, tids) -> root block, insert(pages, root, tids),
all_tids(get, root), vacuum(pages, root, is_dead) -> (removed, remaining),
page_blocks(get, root).

PostgreSQL: access/gin/gindatapage.c (createPostingTree, ginInsertItemPointers,
dataLocateItem, dataBeginPlaceToPageLeaf, dataPlaceToPageLeafRecompress,
dataSplitPageInternal, dataExecPlaceToPageInternal, ginVacuumPostingTree's leaf part),
access/gin/ginbtree.c (ginPlaceToPage's records), include/access/ginblock.h (PostingItem, GinDataPageGetRightBound).
"""
from __future__ import annotations

from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import posting_list
from pgsnake.access.gin import wal_records as xl
from pgsnake.access.transam.wal import wal

NO_BOUND = (0, 0)           # the right bound stored on a rightmost page (unused)


def _leaf_chunks(segments: list[bytes], fill_left: bool) -> list[list[bytes]]:
    """Segments grouped into pages of at most DATA_MAX_SIZE bytes."""
    total = sum(len(s) for s in segments)
    if total <= pf.DATA_MAX_SIZE:
        return [segments]
    target = pf.DATA_MAX_SIZE if fill_left else total // 2
    chunks, current, size = [], [], 0
    for segment in segments:
        if current and (size + len(segment) > pf.DATA_MAX_SIZE
                        or (not fill_left and len(chunks) == 0 and size >= target)):
            chunks.append(current)
            current, size = [], 0
        current.append(segment)
        size += len(segment)
    chunks.append(current)
    return chunks


def create(pages, tids: list) -> int:
    """createPostingTree: a new tree holding `tids`; returns its root block. The root
    is logged as CREATE_PTREE with what fits on it; the rest goes in by insert()."""
    segments = posting_list.split_segments(tids, pf.SEGMENT_MAX_SIZE)
    root_segments, size = [], 0
    count = 0
    for segment in segments:
        if size + len(segment) > pf.DATA_MAX_SIZE:
            break
        root_segments.append(segment)
        size += len(segment)
    count = len(posting_list.decode_segments(b"".join(root_segments)))
    root, page = pages.new(pf.GIN_DATA | pf.GIN_LEAF | pf.GIN_COMPRESSED)
    pf.write_data_leaf(page, root_segments, pf.INVALID_BLOCK, NO_BOUND)
    pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_CREATE_PTREE,
                   xl.create_ptree_main(b"".join(root_segments)),
                   [StepBlock(0, root, will_init=True)])
    if count < len(tids):
        insert(pages, root, tids[count:])
    return root


def _descend(get, root: int, tid) -> tuple[int, list]:
    blkno = root
    path = []
    while True:
        page = get(blkno)
        opaque = pf.read_opaque(page)
        if opaque.is_leaf:
            return blkno, path
        items = pf.data_internal_items(page)
        index = len(items) - 1
        for i, (_child, key) in enumerate(items):
            if i == len(items) - 1 and opaque.rightmost:
                break
            if key >= tid:
                index = i
                break
        path.append((blkno, index))
        blkno = items[index][0]


def _leaf_segments(page) -> list[bytes]:
    return [bytes(page[offset:offset + size]) for offset, size in pf.data_leaf_segments(page)]


def insert(pages, root: int, tids: list) -> None:
    """ginInsertItemPointers: add the sorted, distinct `tids`. Each leaf change is an
    INSERT record of segment actions, each split a SPLIT record and its parent's new
    downlink an INSERT (or SPLIT) record, as ginPlaceToPage logs them; a split into
    more than two pages (only a large batch, as a build's, makes one) is logged as page
    images."""
    while tids:
        blkno, path = _descend(pages.page, root, tids[0])
        page = pages.page(blkno)
        opaque = pf.read_opaque(page)
        bound = pf.data_right_bound(page)
        if opaque.rightmost:
            batch = tids
        else:
            batch = [t for t in tids if t <= bound]
        tids = tids[len(batch):]
        old = pf.data_leaf_tids(page)
        appending = opaque.rightmost and (not old or batch[0] > old[-1])
        merged = posting_list.merge(old, batch)
        segments = posting_list.split_segments(merged, pf.SEGMENT_MAX_SIZE)
        chunks = _leaf_chunks(segments, appending)
        if len(chunks) == 1:
            _rewrite_leaf(pages, blkno, page, segments)
            continue
        bounds = [posting_list.decode_segments(chunk[-1])[-1] for chunk in chunks]
        bounds[-1] = bound
        if not _write_pages(pages, root, path, blkno, chunks, bounds, opaque.rightlink,
                            leaf=True, logged=len(chunks) == 2):
            pages.log_images()


def _rewrite_leaf(pages, blkno: int, page, segments: list[bytes]) -> None:
    """A leaf that keeps fitting: rewritten in place, logged as INSERT with the segment
    actions from its old segments to `segments` (dataPlaceToPageLeaf)."""
    actions = xl.segment_actions(_leaf_segments(page), segments)
    pf.rewrite_data_leaf(page, segments)
    block = StepBlock(0, blkno, actions) if actions is not None else \
        StepBlock(0, blkno, force_image=True)
    pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_INSERT, xl.insert_main(True, data=True),
                   [block])


def _write_pages(pages, root: int, path: list, blkno: int, chunks: list, bounds: list,
                 rightlink: int, leaf: bool, logged: bool,
                 child: tuple[int, int] | None = None) -> bool:
    """Write page `blkno`'s new contents, `chunks` (segments of a leaf, PostingItems of
    an internal page) with their right bounds; more than one chunk splits the page.
    `child` is (left, right) of the child split whose downlink this change adds.
    With `logged`, each change is logged as its record; returns whether all were."""
    flags = pf.GIN_DATA | pf.GIN_LEAF | pf.GIN_COMPRESSED if leaf else pf.GIN_DATA
    left_child, right_child = child if child is not None else (None, None)

    def write(page, chunk, link, bound):
        if leaf:
            pf.write_data_leaf(page, chunk, link, bound)
        else:
            pf.write_data_internal(page, chunk, link, bound)

    if len(chunks) == 1:                # an internal page taking a child split's downlink
        write(pages.page(blkno), chunks[0], rightlink, bounds[0])
        if logged:
            offset = next(i for i, (c, _k) in enumerate(chunks[0]) if c == left_child) + 1
            pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_INSERT,
                           xl.insert_main(False, left_child, right_child, data=True),
                           [StepBlock(0, blkno, xl.insert_data_internal(
                               offset, left_child, chunks[0][offset - 1][1])),
                            StepBlock(1, left_child)])
        return logged
    logged = logged and len(chunks) == 2
    if blkno == root:
        new_blocks = [pages.new(flags) for _ in chunks]
        for i, ((child_blkno, page), chunk) in enumerate(zip(new_blocks, chunks)):
            link = new_blocks[i + 1][0] if i + 1 < len(chunks) else pf.INVALID_BLOCK
            write(page, chunk, link, bounds[i])
        items = [(child_blkno, bounds[i]) for i, (child_blkno, _page) in enumerate(new_blocks)]
        pf.write_data_internal(pages.page(root), items, pf.INVALID_BLOCK, NO_BOUND)
        if logged:
            _log_split(pages, new_blocks[0][0], new_blocks[1][0], root, pf.INVALID_BLOCK,
                       leaf, left_child, right_child)
        return logged
    blocks = [(blkno, pages.page(blkno))] + [pages.new(flags) for _ in chunks[1:]]
    for i, ((child_blkno, page), chunk) in enumerate(zip(blocks, chunks)):
        link = blocks[i + 1][0] if i + 1 < len(chunks) else rightlink
        write(page, chunk, link, bounds[i])
    if logged:
        _log_split(pages, blkno, blocks[1][0], None, rightlink, leaf, left_child,
                   right_child)
    parent_blkno, parent_index = path[-1]
    parent = pages.page(parent_blkno)
    opaque = pf.read_opaque(parent)
    items = pf.data_internal_items(parent)
    items[parent_index:parent_index + 1] = [(child_blkno, bounds[i])
                                            for i, (child_blkno, _page) in enumerate(blocks)]
    if len(items) <= pf.MAX_POSTING_ITEMS:
        parent_chunks = [items]
    else:
        half = len(items) // 2
        parent_chunks = [items[:half], items[half:]]
    parent_bounds = [chunk[-1][1] for chunk in parent_chunks]
    parent_bounds[-1] = pf.data_right_bound(parent)
    return _write_pages(pages, root, path[:-1], parent_blkno, parent_chunks, parent_bounds,
                        opaque.rightlink, leaf=False, logged=logged,
                        child=(blkno, blocks[1][0]))


def _log_split(pages, left: int, right: int, root: int | None, rrlink: int, leaf: bool,
               left_child: int | None, right_child: int | None) -> None:
    """SPLIT with ISDATA (ginPlaceToPage's split branch): the pages as forced images;
    the left child whose split this split of its parent finishes, if any."""
    blocks = [StepBlock(0, left, force_image=True), StepBlock(1, right, force_image=True)]
    if root is not None:
        blocks.append(StepBlock(2, root, force_image=True))
    if left_child is not None:
        blocks.append(StepBlock(3, left_child))
    pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_SPLIT,
                   xl.split_main(pages.index.locator, rrlink, left_child, right_child, leaf,
                                 root is not None, data=True), blocks)


def page_blocks(get, root: int) -> list[int]:
    """Every leaf block of the tree, left to right."""
    return pf.leaf_level(get, root, lambda page: pf.data_internal_items(page)[0][0])


def all_tids(get, root: int) -> list:
    out = []
    for blkno in page_blocks(get, root):
        out.extend(pf.data_leaf_tids(get(blkno)))
    return out


def vacuum(pages, root: int, is_dead) -> tuple[int, int]:
    """Remove the TIDs `is_dead` says are dead from every leaf (pages stay, possibly
    empty); returns (removed, remaining). Each segment is re-encoded on its own and an
    emptied one dropped, the others kept as they are (ginVacuumPostingTreeLeaf: small
    segments wait for the next insert to be merged)."""
    removed = remaining = 0
    for blkno in page_blocks(pages.peek, root):
        page = pages.peek(blkno)
        segments = []
        actions_taken = []
        changed = False
        for segno, (offset, size) in enumerate(pf.data_leaf_segments(page)):
            tids = posting_list.decode_segments(page, offset, size)
            kept = [t for t in tids if not is_dead(t)]
            removed += len(tids) - len(kept)
            remaining += len(kept)
            if len(kept) == len(tids):
                segments.append(bytes(page[offset:offset + size]))
                continue
            changed = True
            if kept:
                segments.append(posting_list.compress(kept, pf.SEGMENT_MAX_SIZE)[0])
                actions_taken.append((segno, xl.GIN_SEGMENT_REPLACE, segments[-1]))
            else:
                actions_taken.append((segno, xl.GIN_SEGMENT_DELETE, b""))
        if changed:
            actions = xl.recompress_data(actions_taken)
            pf.rewrite_data_leaf(pages.page(blkno), segments)
            block = StepBlock(0, blkno, actions) if actions is not None else \
                StepBlock(0, blkno, force_image=True)
            pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_VACUUM_DATA_LEAF_PAGE, b"", [block])
    return removed, remaining
