"""The shared buffer mapping table: buffer tag -> buffer id.

A fixed-size open-addressing hash table (linear probing) in the SharedBuffers region.
Each 24-byte entry is the tag (spcoid, dboid, relfilenode, fork, blockno as u32) and
`buffer id + 1` (0 marks an empty slot, so the zeroed region is an empty table).
Deletion shifts later entries of the probe run back (no tombstones), so lookups stop at
the first empty slot. The table has at least twice as many slots as there are buffers,
so it never fills.

Locking: callers hold lwlock "BufferMappingLock" SHARED for `lookup` and EXCLUSIVE for
`insert` and `delete` (README rule 2). The hash of a tuple of ints is the same in every
process (Python salts only str and bytes hashes), so all processes probe alike.

Entry points: lookup, insert, delete, entries.

PostgreSQL: storage/buffer/buf_table.c (BufTableLookup, BufTableInsert, BufTableDelete).
"""
from __future__ import annotations

import struct

from pgsnake.storage.buffer import buffer_descriptors as bd

_ENTRY = struct.Struct("<5II")
_ENTRY_SIZE = bd.MAPPING_ENTRY_SIZE


def _slot_offset(slot: int) -> int:
    return bd.pool.mapping_offset + slot * _ENTRY_SIZE


def lookup(tag: tuple) -> int:
    """Buffer id holding `tag`, or -1."""
    pool = bd.pool
    view = pool.view
    mask = pool.mapping_capacity - 1
    slot = hash(tag) & mask
    base = pool.mapping_offset
    unpack = _ENTRY.unpack_from
    while True:
        s, d, r, f, b, value = unpack(view, base + slot * _ENTRY_SIZE)
        if value == 0:
            return -1
        if (s, d, r, f, b) == tag:
            return value - 1
        slot = (slot + 1) & mask


def insert(tag: tuple, buf: int) -> int:
    """Insert tag -> buf unless the tag is present; returns the buffer already mapped,
    or -1 if this call inserted it."""
    pool = bd.pool
    view = pool.view
    mask = pool.mapping_capacity - 1
    slot = hash(tag) & mask
    while True:
        off = _slot_offset(slot)
        s, d, r, f, b, value = _ENTRY.unpack_from(view, off)
        if value == 0:
            _ENTRY.pack_into(view, off, *tag, buf + 1)
            return -1
        if (s, d, r, f, b) == tag:
            return value - 1
        slot = (slot + 1) & mask


def delete(tag: tuple) -> None:
    """Remove `tag` (which must be present), shifting its probe run back."""
    pool = bd.pool
    view = pool.view
    mask = pool.mapping_capacity - 1
    slot = hash(tag) & mask
    while True:
        s, d, r, f, b, value = _ENTRY.unpack_from(view, _slot_offset(slot))
        if value == 0:
            raise RuntimeError(f"buffer mapping table has no entry for {tag}")
        if (s, d, r, f, b) == tag:
            break
        slot = (slot + 1) & mask
    hole = slot
    probe = slot
    while True:
        probe = (probe + 1) & mask
        entry = _ENTRY.unpack_from(view, _slot_offset(probe))
        if entry[5] == 0:
            break
        home = hash(entry[:5]) & mask
        # Move the entry into the hole if its home is not cyclically within (hole, probe].
        if hole <= probe:
            movable = home <= hole or home > probe
        else:
            movable = probe < home <= hole
        if movable:
            _ENTRY.pack_into(view, _slot_offset(hole), *entry)
            hole = probe
    _ENTRY.pack_into(view, _slot_offset(hole), 0, 0, 0, 0, 0, 0)


def entries() -> list[tuple[tuple, int]]:
    """Every (tag, buffer id), for checks and tests."""
    out = []
    for slot in range(bd.pool.mapping_capacity):
        entry = _ENTRY.unpack_from(bd.pool.view, _slot_offset(slot))
        if entry[5]:
            out.append((entry[:5], entry[5] - 1))
    return out
