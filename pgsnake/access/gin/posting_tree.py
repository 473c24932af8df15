"""Posting trees: the TIDs of a key too frequent for one entry tuple, as a B-tree of
TIDs.

Leaf pages (DATA | LEAF | COMPRESSED) hold posting list segments of at most 384 bytes
(GinPostingListSegmentMaxSize), in TID order; internal pages hold PostingItems (child
block, key) where the key is the child's right bound, the largest TID it may hold (the
last item of a rightmost page stands for +infinity). Every page stores its own right
bound after the page header. The root's block never changes (it is in the entry
tuple): a splitting root gives its contents to new pages and becomes their parent.

Inserting is PostgreSQL's segment by segment, so pages come out as its do: the leaf's
segments are taken apart (_Segment, leafSegmentInfo), each new TID merges into the
segment whose range holds it, appending past a last segment of TARGET_SIZE or more
starts a new one (addItemsToLeaf); changed segments are re-encoded, cut at TARGET_SIZE
when over 384 bytes, merged into the next when under MIN_SIZE (leafRepackItems). A leaf
that no longer fits splits 50/50, or keeps its left page 75% full when appending (a
build fills it); a root split gives the right page the lower block (ginPlaceToPage).

Every change is logged as PostgreSQL logs it (wal_records.py): CREATE_PTREE for a new
tree's root, INSERT with segment actions for a leaf rewritten in place, SPLIT (page
images) and INSERT of the new downlink for a split, VACUUM_DATA_LEAF_PAGE for a leaf
VACUUM changed; each record is described when its change is made (log_step).

Entry points: create(pages, tids) -> root block, insert(pages, root, tids),
all_tids(get, root), vacuum(pages, root, is_dead) -> (removed, remaining),
page_blocks(get, root).

PostgreSQL: access/gin/gindatapage.c (createPostingTree, ginInsertItemPointers,
dataLocateItem, dataBeginPlaceToPageLeaf, addItemsToLeaf, leafRepackItems,
computeLeafRecompressWALData, dataPlaceToPageLeafRecompress,
dataSplitPageInternal, dataExecPlaceToPageInternal, ginVacuumPostingTree's leaf part),
access/gin/ginbtree.c (ginPlaceToPage's records), include/access/ginblock.h (PostingItem, GinDataPageGetRightBound).
"""
from __future__ import annotations

import struct

from pgsnake.access.common.index_page_set import StepBlock
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import posting_list
from pgsnake.access.gin import wal_records as xl
from pgsnake.access.transam.wal import wal
from pgsnake.storage.page import page_layout as pl

NO_BOUND = (0, 0)           # the right bound stored on a rightmost page (unused)


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


TARGET_SIZE = 256              # GinPostingListSegmentTargetSize
MIN_SIZE = 128                 # GinPostingListSegmentMinSize
MIN_TUPLES_PER_SEGMENT = (pf.SEGMENT_MAX_SIZE - 2) // 6
UNMODIFIED = 0


class _Segment:
    """leafSegmentInfo: one segment of a leaf being changed, its action, its encoded
    form (None once its items changed) and its items (decoded when needed)."""

    def __init__(self, action: int, seg: bytes | None, items: list | None = None) -> None:
        self.action, self.seg, self.items, self.added = action, seg, items, None

    def tids(self) -> list:
        if self.items is None:
            self.items = posting_list.decode_segments(self.seg)
        return self.items

    def first(self):
        if self.items is not None:
            return self.items[0]
        hi, lo, posid = struct.unpack_from("<HHH", self.seg, 0)     # GinPostingList.first
        return ((hi << 16) | lo, posid)


def _add_items(segs: list, new: list) -> bool:
    """addItemsToLeaf: each new TID into the segment whose range holds it; appending
    past a last segment of TARGET_SIZE or more starts a new one."""
    if not segs:
        segs.append(_Segment(xl.GIN_SEGMENT_INSERT, None, list(new)))
        return True
    modified = False
    for position, cur in enumerate(segs):
        if position == len(segs) - 1:
            nthis = len(new)
        else:
            next_first = segs[position + 1].first()
            nthis = 0
            while nthis < len(new) and new[nthis] < next_first:
                nthis += 1
        if nthis == 0:
            continue
        items = cur.tids()
        if position == len(segs) - 1 and items[-1] < new[0] and cur.seg is not None \
                and len(cur.seg) >= TARGET_SIZE:
            segs.append(_Segment(xl.GIN_SEGMENT_INSERT, None, list(new[:nthis])))
            return True
        merged = posting_list.merge(items, new[:nthis])
        if len(merged) != len(items):
            if len(merged) == len(items) + nthis and cur.action == UNMODIFIED:
                cur.action, cur.added = xl.GIN_SEGMENT_ADDITEMS, list(new[:nthis])
            else:
                cur.action = xl.GIN_SEGMENT_REPLACE
            cur.items, cur.seg = merged, None
            modified = True
        new = new[nthis:]
        if not new:
            break
    return modified


def _repack(segs: list):
    """leafRepackItems: encode the changed segments (a too large one is cut at
    TARGET_SIZE, the rest a new segment after it; one under MIN_SIZE is merged into
    the next) and see whether they fit one page. Returns (needsplit, index of the last
    left segment, left size, right size, the first TID that fit on neither page)."""
    pgused, needsplit, lastleft, lsize, remaining = 0, False, None, 0, None
    position = 0
    while position < len(segs):
        seginfo = segs[position]
        if seginfo.action != xl.GIN_SEGMENT_DELETE:
            if seginfo.seg is None:
                npacked = 0
                if len(seginfo.items) <= pf.SEGMENT_MAX_SIZE:
                    seginfo.seg, npacked = posting_list.compress(seginfo.items,
                                                                 pf.SEGMENT_MAX_SIZE)
                if npacked != len(seginfo.items):
                    seginfo.seg, npacked = posting_list.compress(seginfo.items, TARGET_SIZE)
                    if seginfo.action != xl.GIN_SEGMENT_INSERT:
                        seginfo.action = xl.GIN_SEGMENT_REPLACE
                    segs.insert(position + 1, _Segment(xl.GIN_SEGMENT_INSERT, None,
                                                       seginfo.items[npacked:]))
            if len(seginfo.seg) < MIN_SIZE and position + 1 < len(segs):
                nextseg = segs[position + 1]
                nextseg.items = posting_list.merge(seginfo.tids(), nextseg.tids())
                nextseg.seg, nextseg.action, nextseg.added = None, xl.GIN_SEGMENT_REPLACE, None
                if seginfo.action == xl.GIN_SEGMENT_INSERT:
                    del segs[position]
                    continue
                seginfo.action, seginfo.seg = xl.GIN_SEGMENT_DELETE, None
            seginfo.items = None
        if seginfo.action == xl.GIN_SEGMENT_DELETE:
            position += 1
            continue
        segsize = len(seginfo.seg)
        if pgused + segsize > pf.DATA_MAX_SIZE:
            if not needsplit:
                lastleft, needsplit, lsize, pgused = position - 1, True, pgused, 0
            else:
                remaining = posting_list.decode_segments(seginfo.seg)[0]
                del segs[position:]
                break
        pgused += segsize
        position += 1
    if not needsplit:
        return False, len(segs) - 1, pgused, 0, remaining
    return True, lastleft, lsize, pgused, remaining


def _segment_actions(segs: list) -> bytes | None:
    """computeLeafRecompressWALData."""
    actions = []
    segno = 0
    for seginfo in segs:
        action = seginfo.action
        if action == UNMODIFIED:
            segno += 1
            continue
        if action == xl.GIN_SEGMENT_ADDITEMS and len(seginfo.added) * 6 > len(seginfo.seg):
            action = xl.GIN_SEGMENT_REPLACE
        payload = seginfo.added if action == xl.GIN_SEGMENT_ADDITEMS else seginfo.seg
        actions.append((segno, action, payload))
        if action != xl.GIN_SEGMENT_INSERT:
            segno += 1
    return xl.recompress_data(actions)


def insert(pages, root: int, tids: list) -> None:
    """ginInsertItemPointers: add the sorted, distinct `tids`, leaf by leaf, as
    dataBeginPlaceToPageLeaf places them. A leaf that keeps fitting is rewritten in
    place and logged as INSERT with its segment actions; a split is logged as SPLIT (page
    images) and its parent's new downlink as INSERT (or SPLIT), as ginPlaceToPage logs
    them."""
    while tids:
        blkno, path = _descend(pages.page, root, tids[0])
        tids = tids[_place_leaf(pages, root, path, blkno, tids):]


def _place_leaf(pages, root: int, path: list, blkno: int, tids: list) -> int:
    """dataBeginPlaceToPageLeaf + dataExecPlaceToPageLeaf: place as many of `tids` on
    leaf `blkno` (splitting it if needed) as belong and fit; returns how many."""
    page = pages.page(blkno)
    opaque = pf.read_opaque(page)
    rbound = pf.data_right_bound(page)
    maxitems = len(tids)
    if not opaque.rightmost:
        maxitems = next((i for i, t in enumerate(tids) if t > rbound), len(tids))
    segs = [_Segment(UNMODIFIED, bytes(page[offset:offset + size]))
            for offset, size in pf.data_leaf_segments(page)]
    max_old = segs[-1].tids()[-1] if segs else None
    append = max_old is None or tids[0] >= max_old
    freespace = pf.DATA_MAX_SIZE - sum(len(seg.seg) for seg in segs)
    if append:
        maxitems = min(maxitems, freespace + pf.DATA_MAX_SIZE)
    else:
        nnew = freespace // pf.SEGMENT_MAX_SIZE + pf.DATA_MAX_SIZE // pf.SEGMENT_MAX_SIZE
        maxitems = min(maxitems, nnew * MIN_TUPLES_PER_SEGMENT)
    new = tids[:maxitems]
    if not _add_items(segs, new):
        return maxitems                               # all duplicates
    needsplit, lastleft, lsize, rsize, remaining = _repack(segs)
    if remaining is not None:
        maxitems = next((i for i, t in enumerate(new) if t >= remaining), maxitems)
    if not needsplit:
        actions = _segment_actions(segs)
        pf.rewrite_data_leaf(page, [seg.seg for seg in segs
                                    if seg.action != xl.GIN_SEGMENT_DELETE])
        block = StepBlock(0, blkno, actions) if actions is not None else \
            StepBlock(0, blkno, force_image=True)
        pages.log_step(wal.RmgrId.GIN, xl.XLOG_GIN_INSERT, xl.insert_main(True, data=True),
                       [block])
        return maxitems
    if not getattr(pages, "building", False):
        # Split 50/50, or, appending, keep the left page at least 75% full.
        while lastleft > 0:
            seginfo = segs[lastleft]
            if seginfo.action != xl.GIN_SEGMENT_DELETE:
                segsize = len(seginfo.seg)
                if (lsize - segsize) - (rsize + segsize) < 0:
                    break
                if append and lsize - segsize < pl.BLCKSZ * 3 // 4:
                    break
                lsize -= segsize
                rsize += segsize
            lastleft -= 1
    left = [seg.seg for seg in segs[:lastleft + 1] if seg.action != xl.GIN_SEGMENT_DELETE]
    right = [seg.seg for seg in segs[lastleft + 1:] if seg.action != xl.GIN_SEGMENT_DELETE]
    lbound = posting_list.decode_segments(left[-1])[-1]
    _write_pages(pages, root, path, blkno, [left, right], [lbound, rbound],
                 opaque.rightlink, leaf=True, logged=True)
    return maxitems


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
        # ginPlaceToPage takes the right page's buffer first, then the left one's.
        new_blocks = [pages.new(flags) for _ in chunks]
        if len(chunks) == 2:
            new_blocks.reverse()
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
