"""Ordered ("K nearest neighbours") GiST scans: the leaf tuples matching the scan keys,
nearest first by the ordering operators' distances (ORDER BY col <-> value).

    search(get, keys, scan_keys, order_keys) -> [(heap TID, recheck, distances)]

A best-first walk: a priority queue holds pages, by the distance their downlink's key
gives (a lower bound for everything below it, the classes' `distance` on an internal
key), and leaf tuples, by their exact distance; what comes off the queue first is the
nearest. Several ORDER BY keys compare as a tuple. A page split since its parent was
read is followed by its right link with the same distance (gistScanPage's rule). Ties
are taken in the order they were queued.

A leaf's distances are exact for most classes (btree_gist's <->, pg_trgm's <->,
point_ops, box_ops); circle_ops' and poly_ops' are their bounding boxes' (lower
bounds): the executor recomputes those from the rows and reorders them
(executor/gist_bitmap_scan.py, PostgreSQL's reorder queue), which is why each item
carries its distances.

PostgreSQL: access/gist/gistget.c (gistgettuple with orderbys, getNextNearest,
gistScanPage's pairing heap), gistutil.c (gistdistance).
"""
from __future__ import annotations

import heapq
import itertools

from pgsnake.access.gist import page_format as pf
from pgsnake.access.gist import tree
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.interrupts import check_for_interrupts


def _distances(keys: tree.Keys, values, order_keys, leaf: bool) -> tuple:
    out = []
    for column, strategy, query in order_keys:
        key = values[column]
        if key is None:
            out.append(float("inf"))              # NULLs last
        else:
            out.append(keys.opclasses[column].distance(key, strategy, query, leaf))
    return tuple(out)


def search(get, keys: tree.Keys, scan_keys, order_keys, want_keys: bool = False) -> list:
    out = []
    counter = itertools.count()
    queue = [((), next(counter), False, (pf.ROOT_BLKNO, 0))]
    while queue:
        check_for_interrupts()
        distance, _seq, is_item, payload = heapq.heappop(queue)
        if is_item:
            out.append(payload)
            continue
        blkno, parent_lsn = payload
        page = get(blkno)
        opaque = pf.read_opaque(page)
        if blkno != pf.ROOT_BLKNO and tree._split_since(opaque, parent_lsn):
            heapq.heappush(queue, (distance, next(counter), False,
                                   (opaque.rightlink, parent_lsn)))
        if opaque.flags & pf.F_DELETED:
            continue
        lsn = pl.get_lsn(page)
        for off in range(1, pl.max_offset(page) + 1):
            if pl.item_id(page, off)[1] == pl.LP_DEAD:
                continue
            data = pl.get_item(page, off)
            ok, recheck = tree._matches(keys, data, scan_keys, opaque.is_leaf)
            if not ok:
                continue
            found = _distances(keys, keys.keys_of(data), order_keys, opaque.is_leaf)
            if opaque.is_leaf:
                item = (pf.tid_of(data), recheck, found)
                if want_keys:
                    item += (keys.keys_of(data),)
                heapq.heappush(queue, (found, next(counter), True, item))
            else:
                heapq.heappush(queue, (found, next(counter), False,
                                       (pf.downlink(data), lsn)))
    return out
