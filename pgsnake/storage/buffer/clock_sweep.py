"""Choosing a buffer to evict: the clock sweep over usage counts.

A shared clock hand (an atomic u32 in the SharedBuffers control area) advances with
fetch-add, so several processes sweep at once without a lock. Each visited buffer that
nobody pins loses one usage count; the first unpinned buffer found with usage count 0 is
the victim. Pinning a buffer raises its usage count (up to MAX_USAGE_COUNT), so a page
used often survives several sweeps.

The victim is returned with its header lock held and refcount still 0: the caller pins
it under that lock, so no other process can pick the same victim (README rule 4).

Entry points: get_victim_buffer.

PostgreSQL: storage/buffer/freelist.c (StrategyGetBuffer, ClockSweepTick).
Where we differ: no free list (a fresh pool is swept like any other; all usage counts
start at 0). A buffer access strategy's ring (buffer_strategy.py) is tried first by
the buffer manager, which comes here when the ring has nothing to offer.
"""
from __future__ import annotations

from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.utils.errors import INTERNAL_ERROR, PgError


def get_victim_buffer() -> tuple[int, int]:
    """(buffer id, state word with LOCKED set) of an unpinned buffer with usage 0."""
    pool = bd.pool
    a = pool.atomics
    hand = pool.next_victim_offset
    n = pool.nbuffers
    offsets = pool.state_offsets
    # Give up only after visiting every buffer without seeing an unpinned one
    # (each unpinned buffer decrements and resets the counter, as PostgreSQL does).
    tries_left = n
    while True:
        buf = a.fetch_add_u32(hand, 1) % n
        off = offsets[buf]
        state = a.load_u32(off)
        if state & bd.REFCOUNT_MASK == 0 and not state & bd.LOCKED:
            if state & bd.USAGE_MASK:
                a.cas_u32(off, state, state - bd.USAGE_ONE)   # a lost race is harmless
                tries_left = n
                continue
            if a.cas_u32(off, state, state | bd.LOCKED) == state:
                return buf, state | bd.LOCKED
            continue
        tries_left -= 1
        if tries_left <= 0:
            raise PgError(INTERNAL_ERROR, "no unpinned buffers available")
