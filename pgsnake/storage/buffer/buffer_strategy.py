"""Buffer access strategies: small rings of buffers for bulk operations.

A big sequential scan, a VACUUM or a bulk load touches many pages once. Through the
ordinary clock sweep it would push every other page out of shared buffers; with a
strategy it recycles a private ring of a few buffers instead, so the rest of the pool
keeps what other queries use.

A `Strategy` is this process's own (never in shared memory): a list of buffer ids, the
ring, filled as the clock sweep gives it victims, and a cursor. `next_victim` offers
the ring's next buffer if nobody pins it and its usage count is at most 1 (a buffer
someone else used since cannot be taken back from them); otherwise the caller runs the
clock sweep and `remember`s the buffer it got in that ring slot. A bulk read does not
flush WAL to reuse a dirty ring buffer (`reject_dirty`): it drops it from the ring and
takes another, since a scan that dirtied pages only by hint bits should not wait on
WAL (StrategyRejectBuffer).

Kinds and ring sizes, as PostgreSQL 15 (each at most an eighth of shared_buffers):
    BULKREAD   256 kB (32 buffers)   sequential scans of tables larger than a quarter
                                     of shared_buffers (heap scan set-up)
    BULKWRITE  16 MB (2048 buffers)  COPY FROM and CREATE TABLE AS / SELECT INTO
    VACUUM     256 kB (32 buffers)   VACUUM (vacuum_cost.begin) and ANALYZE's sample

Pins through a strategy (buffer_manager's `_pin`) raise the usage count only from 0 to
1, so ring pages never look popular to the clock sweep. pg_stat_io counts the I/O of a
strategy under its context (bulkread, bulkwrite, vacuum); a valid buffer the ring hands
back is a "reuse", a buffer the clock sweep gives the ring an "eviction" (PostgreSQL 16's
pgstat_count_io_op with IOOP_REUSE / IOOP_EVICT).

Entry points: Strategy, get_access_strategy, BULKREAD, BULKWRITE, VACUUM,
bulkread_threshold.

PostgreSQL: storage/buffer/freelist.c (GetAccessStrategy, GetBufferFromRing,
AddBufferToRing, StrategyRejectBuffer), storage/buffer/README ("Buffer Ring
Replacement Strategy"), access/heap/heapam.c (initscan's BAS_BULKREAD choice).
"""
from __future__ import annotations

from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.utils import io_counters as ioc

BULKREAD = "bulkread"
BULKWRITE = "bulkwrite"
VACUUM = "vacuum"

_RING_BYTES = {BULKREAD: 256 * 1024, BULKWRITE: 16 * 1024 * 1024, VACUUM: 256 * 1024}
_CONTEXT = {BULKREAD: ioc.CONTEXT_BULKREAD, BULKWRITE: ioc.CONTEXT_BULKWRITE,
            VACUUM: ioc.CONTEXT_VACUUM}

_NO_BUFFER = -1


class Strategy:
    """One bulk operation's ring (BufferAccessStrategyData)."""

    __slots__ = ("kind", "ring", "current", "current_was_in_ring", "io_context",
                 "hit_slot", "read_slot", "evict_slot", "reuse_slot", "write_slot",
                 "extend_slot")

    def __init__(self, kind: str, ring_size: int) -> None:
        self.kind = kind
        self.ring = [_NO_BUFFER] * ring_size
        self.current = 0
        self.current_was_in_ring = False
        context = self.io_context = _CONTEXT[kind]
        rel = ioc.OBJECT_RELATION
        self.hit_slot = ioc.slot(rel, context, ioc.OP_HIT)
        self.read_slot = ioc.slot(rel, context, ioc.OP_READ)
        self.evict_slot = ioc.slot(rel, context, ioc.OP_EVICT)
        self.reuse_slot = ioc.slot(rel, context, ioc.OP_REUSE)
        self.write_slot = ioc.slot(rel, context, ioc.OP_WRITE)
        self.extend_slot = ioc.slot(rel, context, ioc.OP_EXTEND)

    def next_victim(self) -> tuple[int, int] | None:
        """(buffer, state with the header lock held) of the ring's next buffer if it
        can be reused now, else None: the caller runs the clock sweep and calls
        `remember` with its result (GetBufferFromRing)."""
        self.current = (self.current + 1) % len(self.ring)
        buf = self.ring[self.current]
        if buf == _NO_BUFFER:
            self.current_was_in_ring = False
            return None
        state = bd.lock_header(buf)
        if state & bd.REFCOUNT_MASK == 0 and state & bd.USAGE_MASK <= bd.USAGE_ONE:
            self.current_was_in_ring = True
            return buf, state
        bd.unlock_header(buf, state)
        self.current_was_in_ring = False
        return None

    def remember(self, buf: int) -> None:
        """Put the buffer just given a new tag into the current ring slot
        (AddBufferToRing; a ring buffer reused in place stays where it is)."""
        self.ring[self.current] = buf

    def reject_dirty(self, buf: int) -> bool:
        """A bulk read found its ring buffer `buf` dirty with WAL not yet flushed up to
        its page: drop it from the ring, so the caller leaves it to the normal writers
        and takes another buffer (StrategyRejectBuffer; other kinds write it)."""
        if self.kind != BULKREAD or not self.current_was_in_ring or \
                self.ring[self.current] != buf:
            return False
        state = bd.lock_header(buf)
        lsn = pl.get_lsn(bd.pool.pages[buf])
        bd.unlock_header(buf, state)
        if lsn <= wal.flushed_lsn():
            return False
        self.ring[self.current] = _NO_BUFFER
        return True

    def ring_buffers(self) -> list[int]:
        return [buf for buf in self.ring if buf != _NO_BUFFER]


def get_access_strategy(kind: str) -> Strategy:
    """A new ring of `kind` (GetAccessStrategy): its PostgreSQL size, at most an eighth
    of shared_buffers."""
    nbuffers = bd.pool.nbuffers
    size = min(nbuffers // 8, _RING_BYTES[kind] // BLCKSZ)
    return Strategy(kind, max(size, 1))


def bulkread_threshold() -> int:
    """A sequential scan of more blocks than this reads through a BULKREAD ring
    (initscan: NBuffers / 4)."""
    return bd.pool.nbuffers // 4
