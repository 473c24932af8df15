"""Which access method an index uses, and its entry points by that (PostgreSQL's
IndexAmRoutine, reduced to what pgsnake's callers need).

    is_gin(index) / is_gist(index)    relam is GIN / GiST (bitmap-only, no ordered scans)
    is_hash(index)                    relam is hash (equality only, lossy: rows rechecked)
    is_brin(index)                    relam is BRIN (bitmap-only, lossy pages; access/brin)
    create_storage(index)             the empty index's file (B-tree: the file; GIN: the
                                      metapage and root too; GiST: the root leaf; BRIN:
                                      the metapage); an unlogged index's init fork too
                                      (ambuildempty)
    build(index, heap, tuples, heap_stats=None) -> int
                                      heap_stats: the table's (relpages, reltuples), for
                                      the hash index's initial number of buckets
    insert(index, values, tid, **btree_options)

The B-tree stays the default: every index whose IndexDescription.access_method is not
GIN's, GiST's, hash's or BRIN's goes to access/nbtree; callers that only ever meet B-trees
(unique checks, TOAST indexes, ON CONFLICT arbiters) keep calling nbtree directly.

PostgreSQL: access/index/amapi.c (GetIndexAmRoutine), access/index/indexam.c
(index_insert), catalog/index.c (index_build's ambuild call).
"""
from __future__ import annotations

from pgsnake.access.brin import access_method as brin
from pgsnake.access.gin import access_method as gin
from pgsnake.access.gist import access_method as gist
from pgsnake.access.hash import access_method as hash_am
from pgsnake.access.nbtree import access_method as btree

GIN = gin.GIN_ACCESS_METHOD
GIST = gist.GIST_ACCESS_METHOD
HASH = hash_am.HASH_ACCESS_METHOD
BRIN = brin.BRIN_ACCESS_METHOD


def is_gin(index) -> bool:
    return index.index is not None and index.index.access_method == GIN


def is_gist(index) -> bool:
    return index.index is not None and index.index.access_method == GIST


def is_hash(index) -> bool:
    return index.index is not None and index.index.access_method == HASH


def is_brin(index) -> bool:
    return index.index is not None and index.index.access_method == BRIN


def _am(index):
    if index.index is not None:
        method = index.index.access_method
        if method == BRIN:
            return brin
        if method == GIN:
            return gin
        if method == GIST:
            return gist
        if method == HASH:
            return hash_am
    return btree


def create_storage(index) -> None:
    _am(index).create_storage(index)


def build(index, heap, tuples, heap_stats=None) -> int:
    am = _am(index)
    if am is hash_am:
        return hash_am.build(index, heap, tuples, heap_stats)
    return am.build(index, heap, tuples)


def insert(index, values, tid, **btree_options):
    am = _am(index)
    if am is not btree:
        am.insert(index, values, tid)
        return True
    return btree.insert(index, values, tid, **btree_options)


def bulk_delete(index, is_dead):
    """VACUUM's pass over one index: drop the entries of dead heap TIDs."""
    am = _am(index)
    if am is not btree:
        return am.bulk_delete(index, is_dead)
    from pgsnake.access.nbtree import bulk_delete as btree_bulk_delete
    return btree_bulk_delete.bulk_delete(index, is_dead)


def analyze_cleanup(index) -> None:
    """amvacuumcleanup with analyze_only, after an ANALYZE that is not part of VACUUM:
    only GIN does anything (autovacuum's ANALYZE moves its pending list)."""
    if is_gin(index):
        gin.analyze_cleanup(index)


def vacuum_cleanup(indexes, results: list, num_heap_tuples: float) -> list:
    """amvacuumcleanup after VACUUM's index pass: GIN refreshes its metapage statistics
    every time (ginvacuumcleanup); GiST counts its tuples when no bulk delete ran; the
    B-tree has nothing to do (no page deletion). `results` are (index, result) of the
    bulk deletes; returns them with every GIN and GiST index's cleanup result, in index
    order."""
    done = dict((index.oid, result) for index, result in results)
    out = []
    for index in indexes:
        if is_gin(index):
            out.append((index, gin.vacuum_cleanup(index, num_heap_tuples, done.get(index.oid))))
        elif is_gist(index):
            out.append((index, gist.vacuum_cleanup(index, done.get(index.oid))))
        elif is_brin(index):
            out.append((index, brin.vacuum_cleanup(index, done.get(index.oid))))
        elif is_hash(index) and index.oid in done:
            out.append((index, hash_am.vacuum_cleanup(index, done[index.oid])))
        elif index.oid in done:
            out.append((index, done[index.oid]))
    return out
