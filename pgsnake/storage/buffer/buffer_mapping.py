"""The shared buffer mapping table: buffer tag -> buffer id, in 128 locked partitions.

A chained hash table in the SharedBuffers region: a power-of-two array of bucket heads
(u32: entry index + 1, 0 for an empty chain) and one 24-byte entry per buffer (the tag
as five u32, then the next entry's index + 1). Entry i belongs to buffer i: a buffer is
in the table under at most one tag, so no free list is needed and the table can never
fill, however the tags hash.

Partitions (PostgreSQL's NUM_BUFFER_PARTITIONS): bucket b belongs to partition
b % 128, whose LWLock (`partition_lock`) guards every chain of its buckets. Callers
hold it SHARED for `lookup` and EXCLUSIVE for `insert` and `delete` (README rule 2), so
processes looking up blocks in different partitions never touch the same lock word.
Chains never cross partitions: an insert or delete under one partition's lock changes
nothing another partition's reader can see. The hash of a tuple of ints is the same in
every process (Python salts only str and bytes hashes), so all processes agree on
buckets and partitions.

Entry points: tag_hash, partition_lock, lookup, lookup_hashed, insert, delete, entries.

PostgreSQL: storage/buffer/buf_table.c (BufTableHashCode, BufTableLookup,
BufTableInsert, BufTableDelete), include/storage/buf_internals.h
(BufMappingPartitionLock).
"""
from __future__ import annotations

import struct

from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.storage.lmgr.lwlock import LWLock

_TAG = struct.Struct("<5I")
_U32 = struct.Struct("<I")
_ENTRY_SIZE = bd.MAPPING_ENTRY_SIZE
_NEXT = 20                      # offset of the next-entry link inside an entry


def tag_hash(tag: tuple) -> int:
    return hash(tag)


def partition_lock(tag_or_hash) -> LWLock:
    """The LWLock of the partition a tag (or its `tag_hash`) falls in."""
    h = tag_or_hash if isinstance(tag_or_hash, int) else hash(tag_or_hash)
    pool = bd.pool
    return pool.mapping_locks[h & pool.bucket_mask & bd.PARTITION_MASK]


def lookup(tag: tuple) -> int:
    """Buffer id holding `tag`, or -1. Caller holds the partition lock (any mode)."""
    return lookup_hashed(tag, hash(tag))


def lookup_hashed(tag: tuple, h: int) -> int:
    pool = bd.pool
    view = pool.view
    entries = pool.entries_offset
    unpack = _U32.unpack_from
    link = unpack(view, pool.mapping_offset + (h & pool.bucket_mask) * 4)[0]
    while link:
        off = entries + (link - 1) * _ENTRY_SIZE
        if _TAG.unpack_from(view, off) == tag:
            return link - 1
        link = unpack(view, off + _NEXT)[0]
    return -1


def insert(tag: tuple, buf: int) -> int:
    """Insert tag -> buf unless the tag is present; returns the buffer already mapped,
    or -1 if this call inserted it. Buffer `buf` must not be mapped under another tag.
    Caller holds the tag's partition lock EXCLUSIVE."""
    existing = lookup(tag)
    if existing >= 0:
        return existing
    pool = bd.pool
    view = pool.view
    head_off = pool.mapping_offset + (hash(tag) & pool.bucket_mask) * 4
    off = pool.entries_offset + buf * _ENTRY_SIZE
    _TAG.pack_into(view, off, *tag)
    _U32.pack_into(view, off + _NEXT, _U32.unpack_from(view, head_off)[0])
    # The entry is complete before the head names it (a reader holds the lock anyway).
    _U32.pack_into(view, head_off, buf + 1)
    return -1


def delete(tag: tuple) -> None:
    """Remove `tag` (which must be present). Caller holds its partition lock EXCLUSIVE."""
    pool = bd.pool
    view = pool.view
    entries = pool.entries_offset
    link_off = pool.mapping_offset + (hash(tag) & pool.bucket_mask) * 4
    link = _U32.unpack_from(view, link_off)[0]
    while link:
        off = entries + (link - 1) * _ENTRY_SIZE
        if _TAG.unpack_from(view, off) == tag:
            _U32.pack_into(view, link_off, _U32.unpack_from(view, off + _NEXT)[0])
            _TAG.pack_into(view, off, 0, 0, 0, 0, 0)
            _U32.pack_into(view, off + _NEXT, 0)
            return
        link_off = off + _NEXT
        link = _U32.unpack_from(view, link_off)[0]
    raise RuntimeError(f"buffer mapping table has no entry for {tag}")


def entries() -> list[tuple[tuple, int]]:
    """Every (tag, buffer id) reachable from a bucket, for checks and tests."""
    pool = bd.pool
    out = []
    for bucket in range(pool.mapping_buckets):
        link = _U32.unpack_from(pool.view, pool.mapping_offset + bucket * 4)[0]
        while link:
            off = pool.entries_offset + (link - 1) * _ENTRY_SIZE
            out.append((_TAG.unpack_from(pool.view, off), link - 1))
            link = _U32.unpack_from(pool.view, off + _NEXT)[0]
    return out
