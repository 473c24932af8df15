"""amcheck for B-trees: bt_index_check and bt_index_parent_check.

The check walks every level from the root down, each level left to right along the
right links, taking a private copy of one page at a time under a share lock (so it
runs alongside inserts, as amcheck's bt_index_check does), and verifies:

  * page sanity: a metapage only at block 0; leaf level 0 and internal level > 0;
    internal pages have a minus-infinity downlink, non-rightmost pages a high key;
  * the level: each page has the level its parent's leftmost downlink implies, the
    first page of a level is leftmost and (top level) the root, sibling links agree
    (a disagreement is re-checked with the left page locked, since a concurrent split
    causes a harmless one), no circular chains;
  * every tuple: lp_len equals the tuple's size, the number of attributes fits its
    position (pivot/non-pivot, truncation rules), the size limit;
  * order: every item <= the high key (< on internal pages), every item < the next,
    and the last item < the first item of the right sibling;
  * with `parent_check` (bt_index_parent_check, which PostgreSQL runs under a
    ShareLock that keeps writers out): every item of a child page is greater than its
    downlink's key in the parent, and downlinks lead to live pages;
  * with `heap_tuples` (heapallindexed): every (heap TID, values) the caller lists as
    needing an entry has one (PostgreSQL fingerprints the index tuples in a Bloom
    filter; an exact set is used here).

Failures raise XX002 (index_corrupted), or XX001 for a heap tuple without an entry,
with amcheck's messages.

Entry points: bt_index_check.

PostgreSQL: contrib/amcheck/verify_nbtree.c (bt_check_every_level,
bt_check_level_from_leftmost, bt_recheck_sibling_links, bt_target_page_check,
bt_right_page_check_scankey, bt_child_check, palloc_btree_page, invariant_*),
access/nbtree/nbtutils.c (_bt_check_natts).
"""
from __future__ import annotations

from typing import Iterable

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it, meta_page
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree.key_comparison import (IndexKeys, compare, index_keys,
                                                  insertion_key_from_tuple)
from pgsnake.access.transam.wal.lsn import format_lsn
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import DATA_CORRUPTED, WRONG_OBJECT_TYPE, PgError
from pgsnake.utils.interrupts import check_for_interrupts

INDEX_CORRUPTED = "XX002"
MAX_INDEX_TUPLES_PER_PAGE = (pl.BLCKSZ - pl.SIZE_OF_PAGE_HEADER) // (8 + 4)


class _Checker:
    def __init__(self, rel: Relation, keys: IndexKeys, readonly: bool) -> None:
        self.rel = rel
        self.keys = keys
        self.readonly = readonly
        self.target: bytes = b""
        self.targetblock = 0
        self.targetlsn = 0
        self.fingerprints: set[bytes] | None = None

    # -- errors --
    def corrupt(self, message: str, detail: str | None = None, hint: str | None = None):
        return PgError(INDEX_CORRUPTED, message.replace("%s", self.rel.name), detail=detail,
                       hint=hint)

    def lsn_text(self) -> str:
        return format_lsn(self.targetlsn)

    # -- pages --
    def page(self, blkno: int) -> bytes:
        """palloc_btree_page: a checked private copy of block `blkno`."""
        buf = buffers.get_buffer(self.rel, blkno, buffers.READ)
        try:
            page = bytes(bufmgr.page(buf))
        finally:
            buffers.release(buf)
        opaque = pf.Opaque(page)
        name = self.rel.name
        if opaque.flags & pf.BTP_META and blkno != meta_page.BTREE_METAPAGE:
            raise self.corrupt(f'invalid meta page found at block {blkno} in index "%s"')
        if blkno == meta_page.BTREE_METAPAGE:
            meta = meta_page.MetaData(*meta_page._META.unpack_from(page, meta_page.META_OFFSET))
            if not opaque.flags & pf.BTP_META or meta.magic != meta_page.BTREE_MAGIC:
                raise self.corrupt('index "%s" meta page is corrupt')
            if not meta_page.BTREE_MIN_VERSION <= meta.version <= meta_page.BTREE_VERSION:
                raise self.corrupt(
                    f'version mismatch in index "{name}": file version {meta.version}, '
                    f'current version {meta_page.BTREE_VERSION}, minimum supported version '
                    f'{meta_page.BTREE_MIN_VERSION}')
            return page
        if not opaque.is_deleted:
            if opaque.is_leaf and opaque.level != 0:
                raise self.corrupt(f'invalid leaf page level {opaque.level} for block {blkno} '
                                   f'in index "%s"')
            if not opaque.is_leaf and opaque.level == 0:
                raise self.corrupt(f'invalid internal page level 0 for block {blkno} in index '
                                   f'"%s"')
        maxoff = pl.max_offset(page)
        if maxoff > MAX_INDEX_TUPLES_PER_PAGE:
            raise self.corrupt(f'Number of items on block {blkno} of index "%s" exceeds '
                               f'MaxIndexTuplesPerPage ({MAX_INDEX_TUPLES_PER_PAGE})')
        if not opaque.is_leaf and not opaque.is_deleted and maxoff < opaque.first_data_offset:
            raise self.corrupt(f'internal block {blkno} in index "%s" lacks high key and/or '
                               f'at least one downlink')
        if (opaque.is_leaf and not opaque.is_deleted and not opaque.is_rightmost
                and maxoff < pf.P_HIKEY):
            raise self.corrupt(f'non-rightmost leaf block {blkno} in index "%s" lacks high '
                               f'key item')
        if not opaque.is_leaf and opaque.flags & pf.BTP_HALF_DEAD:
            raise self.corrupt(f'internal page block {blkno} in index "%s" is half-dead')
        if not opaque.is_leaf and opaque.flags & pf.BTP_HAS_GARBAGE:
            raise self.corrupt(f'internal page block {blkno} in index "%s" has garbage items')
        return page

    def item(self, page: bytes, blkno: int, offnum: int):
        """PageGetItemIdCareful: the item, its line pointer checked first."""
        lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
        if lp_off + lp_len > pl.BLCKSZ - pf.SPECIAL_SIZE:
            raise self.corrupt('line pointer points past end of tuple space in index "%s"',
                               detail=f"Index tid=({blkno},{offnum}) lp_off={lp_off}, "
                                      f"lp_len={lp_len} lp_flags={lp_flags}.")
        if lp_flags == pl.LP_UNUSED or lp_flags == pl.LP_REDIRECT or lp_len == 0:
            raise self.corrupt('invalid line pointer storage in index "%s"',
                               detail=f"Index tid=({blkno},{offnum}) lp_off={lp_off}, "
                                      f"lp_len={lp_len} lp_flags={lp_flags}.")
        return memoryview(page)[lp_off:lp_off + lp_len]

    # -- the walk --
    def check_every_level(self) -> None:
        metapage = self.page(meta_page.BTREE_METAPAGE)
        meta = meta_page.MetaData(*meta_page._META.unpack_from(metapage, meta_page.META_OFFSET))
        leftmost, level, true_root = meta.root, meta.level, True
        previous_level = None
        while leftmost != pf.P_NONE:
            leftmost, next_level = self.check_level(leftmost, level, true_root)
            if leftmost is None:
                below = previous_level if previous_level is not None else 4294967295
                raise self.corrupt(f'index "%s" has no valid pages on level below {below} '
                                   f'or first level')
            previous_level = level
            level, true_root = next_level, False

    def check_level(self, current: int, level: int, true_root: bool):
        """bt_check_level_from_leftmost: (leftmost block of the next level down or
        P_NONE after the leaves, its level)."""
        next_leftmost = None
        next_level = None
        leftcurrent = pf.P_NONE
        while True:
            check_for_interrupts()
            self.targetblock = current
            self.target = self.page(current)
            self.targetlsn = pl.get_lsn(self.target)
            opaque = pf.Opaque(self.target)
            if opaque.is_ignored:
                if self.readonly and opaque.is_deleted:
                    raise self.corrupt('downlink or sibling link points to deleted block in '
                                       'index "%s"', detail=f"Block={current} left block="
                                       f"{leftcurrent} left link from block={opaque.prev}.")
                if opaque.is_rightmost:
                    raise self.corrupt(f'block {current} fell off the end of index "%s"',
                                       detail=f"Block={current} level={level} left sibling="
                                              f"{opaque.prev} page lsn={self.lsn_text()}.")
            else:
                if next_leftmost is None:
                    if self.readonly:
                        if not opaque.is_leftmost:
                            raise self.corrupt(f'block {current} is not leftmost in index "%s"')
                        if true_root and not opaque.is_root:
                            raise self.corrupt(f'block {current} is not true root in index '
                                               f'"%s"')
                    if not opaque.is_leaf:
                        first = self.item(self.target, current, opaque.first_data_offset)
                        next_leftmost = it.downlink(first)
                        next_level = opaque.level - 1
                    else:
                        next_leftmost, next_level = pf.P_NONE, None
                if opaque.prev != leftcurrent and leftcurrent != pf.P_NONE:
                    self.recheck_sibling_links(opaque.prev, leftcurrent)
                if level != opaque.level:
                    raise self.corrupt(
                        'leftmost down link for level points to block in index "%s" whose '
                        'level is not one level down',
                        detail=f"Block pointed to={current} expected level={level} level in "
                               f"pointed to block={opaque.level}.")
                self.check_target_page()
            if current == leftcurrent or current == opaque.prev:
                raise self.corrupt(f'circular link chain found in block {current} of index "%s"')
            leftcurrent = current
            current = opaque.next
            if current == pf.P_NONE:
                return next_leftmost, next_level

    def recheck_sibling_links(self, prev_from_target: int, leftcurrent: int) -> None:
        """A disagreement may be a harmless split of the left page made after we read
        it: look again at the left page and the page now right of it."""
        if not self.readonly:
            lbuf = buffers.get_buffer(self.rel, leftcurrent, buffers.READ)
            try:
                lopaque = pf.Opaque(bufmgr.page(lbuf))
                if lopaque.is_deleted:
                    return
                newtarget = lopaque.next
                if newtarget != leftcurrent:
                    nbuf = buffers.get_buffer(self.rel, newtarget, buffers.READ)
                    prev_from_target = pf.Opaque(bufmgr.page(nbuf)).prev
                    buffers.release(nbuf)
                else:
                    prev_from_target = 0xFFFFFFFF
            finally:
                buffers.release(lbuf)
            if prev_from_target == leftcurrent:
                return
            self.targetblock = newtarget
        raise self.corrupt('left link/right link pair in index "%s" not in agreement',
                           detail=f"Block={self.targetblock} left block={leftcurrent} left "
                                  f"link from block={prev_from_target}.")

    # -- one page --
    def check_target_page(self) -> None:
        """bt_target_page_check."""
        page, blkno = self.target, self.targetblock
        opaque = pf.Opaque(page)
        keys = self.keys
        maxoff = pl.max_offset(page)
        kind = "heap" if opaque.is_leaf else "index"
        if not opaque.is_rightmost:
            hikey = self.item(page, blkno, pf.P_HIKEY)
            if not self.natts_ok(opaque, pf.P_HIKEY, hikey):
                raise self.corrupt(
                    'wrong number of high key index tuple attributes in index "%s"',
                    detail=f"Index block={blkno} natts={it.natts(hikey, keys.natts)} block "
                           f"type={kind} page lsn={self.lsn_text()}.")
        first = opaque.first_data_offset
        for offnum in range(first, maxoff + 1):
            item = self.item(page, blkno, offnum)
            size = it.tuple_size(item)
            if size != len(item):
                raise self.corrupt('index tuple size does not equal lp_len in index "%s"',
                                   detail=f"Index tid=({blkno},{offnum}) tuple size={size} "
                                          f"lp_len={len(item)} page lsn={self.lsn_text()}.",
                                   hint="This could be a torn page problem.")
            tid = it.raw_tid(item)
            if not self.natts_ok(opaque, offnum, item):
                raise self.corrupt(
                    'wrong number of index tuple attributes in index "%s"',
                    detail=f"Index tid=({blkno},{offnum}) natts={it.natts(item, keys.natts)} "
                           f"points to {kind} tid=({tid[0]},{tid[1]}) page lsn="
                           f"{self.lsn_text()}.")
            if not opaque.is_leaf and offnum == first:
                continue           # minus infinity: nothing to compare
            if it.is_posting(item):
                tids = it.posting_tids(item)
                for i in range(1, len(tids)):
                    if tids[i] <= tids[i - 1]:
                        raise self.corrupt(
                            'posting list contains misplaced TID in index "%s"',
                            detail=f"Index tid=({blkno},{offnum}) posting list offset={i} "
                                   f"page lsn={self.lsn_text()}.")
            key = insertion_key_from_tuple(keys, item)
            key.pivotsearch = True
            limit = (pf.MAX_ITEM_SIZE if opaque.is_leaf or it.heap_tid(item) is None
                     else pf.MAX_ITEM_SIZE_NO_HEAP_TID)
            if size > limit:
                raise self.corrupt(f'index row size {size} exceeds maximum for index "%s"',
                                   detail=f"Index tid=({blkno},{offnum}) points to {kind} tid="
                                          f"({tid[0]},{tid[1]}) page lsn={self.lsn_text()}.")
            if (self.fingerprints is not None and opaque.is_leaf
                    and pl.item_id(page, offnum)[1] != pl.LP_DEAD):
                # A posting list stands for one plain tuple per heap TID
                # (bt_posting_plain_tuple), which is what the heap's rows form.
                # Compressed keys are fingerprinted plain (bt_normalize_tuple).
                codec = self.keys.codec
                if it.is_posting(item):
                    for tid in it.posting_tids(item):
                        self.fingerprints.add(codec.normalized(it.form_posting(item, [tid])))
                else:
                    self.fingerprints.add(codec.normalized(item))
            if not opaque.is_rightmost:
                # A posting list's whole TID range must be below the high key.
                scantid = key.scantid
                if it.is_posting(item):
                    key.scantid = it.max_heap_tid(item)
                ok = (self.leq(key, page, opaque, pf.P_HIKEY) if opaque.is_leaf
                      else self.less(key, page, opaque, pf.P_HIKEY))
                key.scantid = scantid
                if not ok:
                    raise self.corrupt('high key invariant violated for index "%s"',
                                       detail=f"Index tid=({blkno},{offnum}) points to {kind} "
                                              f"tid=({tid[0]},{tid[1]}) page lsn="
                                              f"{self.lsn_text()}.")
            if offnum < maxoff:
                if not self.less(key, page, opaque, offnum + 1):
                    ntid = it.raw_tid(self.item(page, blkno, offnum + 1))
                    raise self.corrupt(
                        'item order invariant violated for index "%s"',
                        detail=f"Lower index tid=({blkno},{offnum}) (points to {kind} tid="
                               f"({tid[0]},{tid[1]})) higher index tid=({blkno},{offnum + 1}) "
                               f"(points to {kind} tid=({ntid[0]},{ntid[1]})) page lsn="
                               f"{self.lsn_text()}.")
            else:
                rightkey = self.right_page_first_key(opaque)
                if rightkey is not None and not self.greater(rightkey, page, opaque, maxoff):
                    if not self.readonly:
                        fresh = self.page(blkno)
                        if pf.Opaque(fresh).is_ignored:
                            return
                    raise self.corrupt('cross page item order invariant violated for index "%s"',
                                       detail=f"Last item on page tid=({blkno},{offnum}) page "
                                              f"lsn={self.lsn_text()}.")
            if not opaque.is_leaf and self.readonly:
                self.check_child(key, item, offnum)

    def natts_ok(self, opaque: pf.Opaque, offnum: int, item) -> bool:
        """_bt_check_natts for a heapkeyspace index."""
        keys = self.keys
        tupnatts = it.natts(item, keys.natts)
        if it.is_posting(item) and it.t_info(item) & it.INDEX_ALT_TID_MASK:
            if not opaque.is_leaf or offnum < opaque.first_data_offset:
                return False
            return tupnatts == keys.natts
        if opaque.is_leaf:
            if offnum >= opaque.first_data_offset:
                if it.is_pivot(item):
                    return False
                return tupnatts == keys.natts
        elif offnum == opaque.first_data_offset:
            return tupnatts == 0
        if not it.is_pivot(item):
            return False
        if it.heap_tid(item) is not None and tupnatts != keys.nkeyatts:
            return False
        return 0 < tupnatts <= keys.nkeyatts

    # -- the invariant tests --
    def leq(self, key, page, opaque: pf.Opaque, offnum: int) -> bool:
        return compare(self.keys, key, page, offnum, opaque.is_leaf,
                       opaque.first_data_offset) <= 0

    def less(self, key, page, opaque: pf.Opaque, offnum: int) -> bool:
        """invariant_l_offset: key < item, treating the key's missing columns as minus
        infinity (which _bt_compare cannot do on its own)."""
        result = compare(self.keys, key, page, offnum, opaque.is_leaf, opaque.first_data_offset)
        if result != 0:
            return result < 0
        item = pl.get_item(page, offnum)
        upper_keyatts = min(self.keys.nkeyatts, it.natts(item, self.keys.natts))
        upper_heap_tid = it.heap_tid(item)
        if key.keysz == upper_keyatts:
            return key.scantid is None and upper_heap_tid is not None
        return key.keysz < upper_keyatts

    def greater(self, key, page, opaque: pf.Opaque, offnum: int) -> bool:
        return compare(self.keys, key, page, offnum, opaque.is_leaf,
                       opaque.first_data_offset) > 0

    def right_page_first_key(self, opaque: pf.Opaque):
        """bt_right_page_check_scankey: a key for the first real item right of the
        target (None when there is none to compare with)."""
        if opaque.is_rightmost:
            return None
        nextblk = opaque.next
        while True:
            check_for_interrupts()
            right = self.page(nextblk)
            ropaque = pf.Opaque(right)
            if not ropaque.is_ignored or ropaque.is_rightmost:
                break
            nextblk = ropaque.next
        maxoff = pl.max_offset(right)
        if ropaque.is_leaf and maxoff >= ropaque.first_data_offset:
            offnum = ropaque.first_data_offset
        elif not ropaque.is_leaf and maxoff >= ropaque.first_data_offset + 1:
            offnum = ropaque.first_data_offset + 1
        else:
            return None
        key = insertion_key_from_tuple(self.keys, self.item(right, nextblk, offnum))
        key.pivotsearch = True
        return key

    def check_child(self, key, item, offnum: int) -> None:
        """bt_child_check: the downlink's key is a strict lower bound of its child."""
        childblock = it.downlink(item)
        child = self.page(childblock)
        copaque = pf.Opaque(child)
        if copaque.is_deleted:
            raise self.corrupt('downlink to deleted page found in index "%s"',
                               detail=f"Parent block={self.targetblock} child block="
                                      f"{childblock} parent page lsn={self.lsn_text()}.")
        for coff in range(copaque.first_data_offset, pl.max_offset(child) + 1):
            if not copaque.is_leaf and coff == copaque.first_data_offset:
                continue
            if not self.less(key, child, copaque, coff):
                raise self.corrupt('down-link lower bound invariant violated for index "%s"',
                                   detail=f"Parent block={self.targetblock} child index tid="
                                          f"({childblock},{coff}) parent page lsn="
                                          f"{self.lsn_text()}.")


def bt_index_check(rel: Relation, *, heap_rel: Relation | None = None,
                   heap_tuples: Iterable | None = None, parent_check: bool = False) -> None:
    """Raise XX002 if the index breaks a structural invariant (see the module
    docstring). `heap_tuples`: (heap TID, index column values) of every heap tuple that
    must have an entry (heapallindexed); `parent_check`: bt_index_parent_check's extra
    parent/child checks (the caller holds a lock that keeps writers out)."""
    if rel.relkind != "i" or rel.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not an index')
    keys = index_keys(rel)
    checker = _Checker(rel, keys, parent_check)
    if heap_tuples is not None:
        checker.fingerprints = set()
    checker.check_every_level()
    if heap_tuples is None:
        return
    heap_name = heap_rel.name if heap_rel is not None else str(keys.description.heap_oid)
    for tid, values in heap_tuples:
        if keys.codec.form(list(values), tid, compress=False) not in checker.fingerprints:
            hint = None if parent_check else ("Retrying verification using the function "
                                              "bt_index_parent_check() might provide a more "
                                              "specific error.")
            raise PgError(DATA_CORRUPTED,
                          f"heap tuple ({tid[0]},{tid[1]}) from table \"{heap_name}\" lacks "
                          f'matching index tuple within index "{rel.name}"', hint=hint)
