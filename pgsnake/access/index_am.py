"""Which access method an index uses, and its entry points by that (PostgreSQL's
IndexAmRoutine, reduced to what pgsnake's callers need).

    is_gin(index)                     relam is GIN (bitmap-only, no ordered scans)
    is_hash(index)                    relam is hash (equality only, lossy: rows rechecked)
    create_storage(index)             the empty index's file (B-tree: the file; GIN: the
                                      metapage and root too)
    build(index, heap, tuples, heap_stats=None) -> int
                                      heap_stats: the table's (relpages, reltuples), for
                                      the hash index's initial number of buckets
    insert(index, values, tid, **btree_options)

The B-tree stays the default: every index whose IndexDescription.access_method is not
GIN's or hash's goes to access/nbtree; callers that only ever meet B-trees (unique checks, TOAST
indexes, ON CONFLICT arbiters) keep calling nbtree directly.

PostgreSQL: access/index/amapi.c (GetIndexAmRoutine), access/index/indexam.c
(index_insert), catalog/index.c (index_build's ambuild call).
"""
from __future__ import annotations

from pgsnake.access.gin import access_method as gin
from pgsnake.access.hash import access_method as hash_am
from pgsnake.access.nbtree import access_method as btree

GIN = gin.GIN_ACCESS_METHOD
HASH = hash_am.HASH_ACCESS_METHOD


def is_gin(index) -> bool:
    return index.index is not None and index.index.access_method == GIN


def is_hash(index) -> bool:
    return index.index is not None and index.index.access_method == HASH


def _module(index):
    return gin if is_gin(index) else hash_am if is_hash(index) else btree


def create_storage(index) -> None:
    _module(index).create_storage(index)


def build(index, heap, tuples, heap_stats=None) -> int:
    if is_hash(index):
        return hash_am.build(index, heap, tuples, heap_stats)
    return _module(index).build(index, heap, tuples)


def insert(index, values, tid, **btree_options):
    if is_gin(index) or is_hash(index):
        _module(index).insert(index, values, tid)
        return True
    return btree.insert(index, values, tid, **btree_options)


def bulk_delete(index, is_dead):
    """VACUUM's pass over one index: drop the entries of dead heap TIDs."""
    if is_gin(index) or is_hash(index):
        return _module(index).bulk_delete(index, is_dead)
    from pgsnake.access.nbtree import bulk_delete as btree_bulk_delete
    return btree_bulk_delete.bulk_delete(index, is_dead)


def vacuum_cleanup(indexes, results: list, num_heap_tuples: float) -> list:
    """amvacuumcleanup after VACUUM's index pass: GIN refreshes its metapage statistics
    every time (ginvacuumcleanup); the B-tree has nothing to do (no page deletion).
    `results` are (index, result) of the bulk deletes; returns them with every GIN
    index's cleanup result, in index order."""
    done = dict((index.oid, result) for index, result in results)
    out = []
    for index in indexes:
        if is_gin(index):
            out.append((index, gin.vacuum_cleanup(index, num_heap_tuples, done.get(index.oid))))
        elif is_hash(index) and index.oid in done:
            out.append((index, hash_am.vacuum_cleanup(index, done[index.oid])))
        elif index.oid in done:
            out.append((index, done[index.oid]))
    return out
