"""The shared buffer pool's memory: pages, buffer descriptors and their state words.

One shared-memory region, "SharedBuffers", page aligned, sized from `shared_buffers`:

    [ N pages of 8192 bytes ][ N descriptors of 32 bytes ][ control 64 ]
    [ 128 mapping partition lock words ][ mapping table: buckets, then N entries ]

Descriptor layout (little-endian u32 fields):
    0 spcoid  4 dboid  8 relfilenode  12 fork  16 blockno     the buffer tag
    20 state word (atomic)          24 content LWLock word     28 unused

State word bits (PostgreSQL's BUF_* layout):
    bits 0-17   refcount: how many processes pin the buffer (each counts once; a
                process's further pins are counted privately, see buffer_manager)
    bits 18-21  usage count, 0..MAX_USAGE_COUNT, for the clock sweep
    bit 22  LOCKED          the buffer header spinlock: tag and flags are being changed
    bit 23  DIRTY           the page differs from disk
    bit 24  VALID           the page holds the tagged block's contents
    bit 25  TAG_VALID       the tag means something (the buffer is in the mapping table)
    bit 26  IO_IN_PROGRESS  one process is reading or writing the page
    bit 27  IO_ERROR        the last I/O failed
    bit 28  JUST_DIRTIED    dirtied again while a write was in progress

Rules (README.md 2 and 6): the tag changes only while LOCKED is held *and* the
mapping partition locks of the old and the new tag are held exclusively; every
state change is a compare-and-swap that waits while LOCKED is set, so the header-lock
holder may store the whole word when it unlocks.

Entry points: pool (bound by the region's init function), lock_header, unlock_header,
read_tag, write_tag, wait_while_header_locked.

PostgreSQL: storage/buffer/buf_init.c (InitBufferPool), include/storage/buf_internals.h,
storage/buffer/bufmgr.c (LockBufHdr, WaitBufHdrUnlocked).
"""
from __future__ import annotations

import struct
import time

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr.lwlock import LWLock
from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.utils import settings

REFCOUNT_MASK = (1 << 18) - 1
USAGE_SHIFT = 18
USAGE_ONE = 1 << USAGE_SHIFT
USAGE_MASK = 0xF << USAGE_SHIFT
MAX_USAGE_COUNT = 5

LOCKED = 1 << 22
DIRTY = 1 << 23
VALID = 1 << 24
TAG_VALID = 1 << 25
IO_IN_PROGRESS = 1 << 26
IO_ERROR = 1 << 27
JUST_DIRTIED = 1 << 28

DESCRIPTOR_SIZE = 32
CONTROL_SIZE = 64
# The mapping table's partitions, each with its own LWLock (PostgreSQL's
# NUM_BUFFER_PARTITIONS): a tag's bucket decides its partition.
NUM_MAPPING_PARTITIONS = 128
PARTITION_MASK = NUM_MAPPING_PARTITIONS - 1
MAPPING_LOCKS_SIZE = NUM_MAPPING_PARTITIONS * 4
MAPPING_BUCKET_SIZE = 4
MAPPING_ENTRY_SIZE = 24
_TAG = struct.Struct("<5I")


def mapping_buckets(nbuffers: int) -> int:
    """Bucket count of the chained mapping table: a power of two, at least the buffer
    count (chains stay short) and at least one bucket per partition."""
    cap = NUM_MAPPING_PARTITIONS
    while cap < nbuffers:
        cap *= 2
    return cap


def mapping_size(nbuffers: int) -> int:
    return mapping_buckets(nbuffers) * MAPPING_BUCKET_SIZE + nbuffers * MAPPING_ENTRY_SIZE


class BufferPool:
    """Module-level views over the region, rebuilt by `_init_pool` (shared_memory rule 3)."""

    __slots__ = ("nbuffers", "region", "view", "atomics", "base", "descriptors_offset",
                 "control_offset", "mapping_locks_offset", "mapping_offset",
                 "mapping_buckets", "bucket_mask", "entries_offset", "pages",
                 "content_locks", "state_offsets", "mapping_locks")

    def __init__(self, region: shared_memory.Region, nbuffers: int) -> None:
        self.nbuffers = nbuffers
        self.region = region
        self.view = region.view
        self.atomics = region.atomics
        self.base = region.offset
        self.descriptors_offset = nbuffers * BLCKSZ
        self.control_offset = self.descriptors_offset + nbuffers * DESCRIPTOR_SIZE
        self.mapping_locks_offset = self.control_offset + CONTROL_SIZE
        self.mapping_offset = self.mapping_locks_offset + MAPPING_LOCKS_SIZE
        self.mapping_buckets = mapping_buckets(nbuffers)
        self.bucket_mask = self.mapping_buckets - 1
        self.entries_offset = self.mapping_offset + self.mapping_buckets * MAPPING_BUCKET_SIZE
        self.pages = [region.view[i * BLCKSZ:(i + 1) * BLCKSZ] for i in range(nbuffers)]
        # absolute offsets of each state word, for the atomics
        self.state_offsets = [self.base + self.descriptors_offset + i * DESCRIPTOR_SIZE + 20
                              for i in range(nbuffers)]
        self.content_locks = [LWLock(f"BufferContent{i}", region.atomics,
                                     self.base + self.descriptors_offset
                                     + i * DESCRIPTOR_SIZE + 24)
                              for i in range(nbuffers)]
        # One LWLock per mapping partition, in partition order (README rule 7).
        self.mapping_locks = [LWLock(f"BufferMapping{i}", region.atomics,
                                     self.base + self.mapping_locks_offset + i * 4)
                              for i in range(NUM_MAPPING_PARTITIONS)]

    @property
    def next_victim_offset(self) -> int:
        """Absolute offset of the clock hand (u32, fetch-added)."""
        return self.base + self.control_offset


pool: BufferPool | None = None


def _region_size() -> int:
    n = int(settings.get("shared_buffers"))
    return (n * BLCKSZ + n * DESCRIPTOR_SIZE + CONTROL_SIZE + MAPPING_LOCKS_SIZE
            + mapping_size(n))


def _init_pool(region: shared_memory.Region) -> None:
    global pool
    region.view[:] = bytes(region.size)
    pool = BufferPool(region, int(settings.get("shared_buffers")))


shared_memory.request_region("SharedBuffers", _region_size, _init_pool, page_aligned=True)


def _backoff(delay: float) -> float:
    time.sleep(delay)
    return min(0.001, delay * 2 if delay else 0.000005)


def lock_header(buf: int) -> int:
    """Take the buffer header spinlock; returns the state word (with LOCKED set)."""
    a = pool.atomics
    off = pool.state_offsets[buf]
    delay = 0.0
    spins = 0
    while True:
        state = a.load_u32(off)
        if not state & LOCKED and a.cas_u32(off, state, state | LOCKED) == state:
            return state | LOCKED
        spins += 1
        if spins > 100:
            delay = _backoff(delay)


def unlock_header(buf: int, state: int) -> None:
    """Publish `state` and release the header lock in one store (rule: every other
    writer of the state word CASes from an unlocked value, so nothing is lost)."""
    pool.atomics.store_u32(pool.state_offsets[buf], state & ~LOCKED)


def load_state(buf: int) -> int:
    return pool.atomics.load_u32(pool.state_offsets[buf])


def wait_while_header_locked(buf: int) -> int:
    a = pool.atomics
    off = pool.state_offsets[buf]
    delay = 0.0
    while True:
        state = a.load_u32(off)
        if not state & LOCKED:
            return state
        delay = _backoff(delay)


def cas_state(buf: int, expected: int, new: int) -> bool:
    return pool.atomics.cas_u32(pool.state_offsets[buf], expected, new) == expected


def read_tag(buf: int) -> tuple[int, int, int, int, int]:
    """(spcoid, dboid, relfilenode, fork, blockno)."""
    return _TAG.unpack_from(pool.view, pool.descriptors_offset + buf * DESCRIPTOR_SIZE)


def write_tag(buf: int, tag: tuple[int, int, int, int, int]) -> None:
    """Caller holds the header lock and the mapping partition locks of the old and
    the new tag exclusively."""
    _TAG.pack_into(pool.view, pool.descriptors_offset + buf * DESCRIPTOR_SIZE, *tag)
