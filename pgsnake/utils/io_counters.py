"""This process's block I/O counts for pg_stat_io, kept in private memory until the
cumulative statistics flush them (utils/activity/pgstat_io.py).

Every count is one of IO_OBJECTS x IO_CONTEXTS x IO_OPS: a flat list `counts` indexed
by `slot(object, context, op)`, and `times_us` beside it (microseconds, with
track_io_timing). The buffer manager, the local buffers and the storage manager add to
them where the I/O happens; the hot paths use the precomputed slots below (one list
increment, no lookup), e.g. `io_counters.counts[io_counters.RELATION_HIT] += 1`.

Rules
1. The lists are never replaced, only zeroed in place by `take()`, so a module may keep a
   reference to them.
2. Nothing here touches shared memory or takes a lock; `take()` is the one reader.
3. A shared-buffer I/O is counted in the context of the buffer access strategy it went
   through (storage/buffer/buffer_strategy.py: bulkread, bulkwrite, vacuum; the
   strategy carries its slots), else in "normal"; only a ring counts reuses.

PostgreSQL: utils/activity/pgstat_io.c (PendingIOStats, pgstat_count_io_op,
pgstat_count_io_op_time), include/pgstat.h (IOObject, IOContext, IOOp). pgsnake's own
module: PostgreSQL 16's pg_stat_io, which the 15 this project follows does not have.
"""
from __future__ import annotations

# Names as pg_stat_io shows them, in PostgreSQL 16's enum order.
IO_OBJECTS = ("relation", "temp relation")
IO_CONTEXTS = ("bulkread", "bulkwrite", "normal", "vacuum")
IO_OPS = ("evictions", "extends", "fsyncs", "hits", "reads", "reuses", "writes",
          "writebacks")

OBJECT_RELATION, OBJECT_TEMP_RELATION = range(2)
CONTEXT_BULKREAD, CONTEXT_BULKWRITE, CONTEXT_NORMAL, CONTEXT_VACUUM = range(4)
(OP_EVICT, OP_EXTEND, OP_FSYNC, OP_HIT, OP_READ, OP_REUSE, OP_WRITE,
 OP_WRITEBACK) = range(8)

SLOTS = len(IO_OBJECTS) * len(IO_CONTEXTS) * len(IO_OPS)


def slot(io_object: int, io_context: int, io_op: int) -> int:
    return (io_object * len(IO_CONTEXTS) + io_context) * len(IO_OPS) + io_op


counts: list[int] = [0] * SLOTS
times_us: list[int] = [0] * SLOTS

# The slots the hot paths count in without a strategy (rule 3: "normal").
RELATION_HIT = slot(OBJECT_RELATION, CONTEXT_NORMAL, OP_HIT)
RELATION_READ = slot(OBJECT_RELATION, CONTEXT_NORMAL, OP_READ)
RELATION_EVICT = slot(OBJECT_RELATION, CONTEXT_NORMAL, OP_EVICT)
RELATION_WRITE = slot(OBJECT_RELATION, CONTEXT_NORMAL, OP_WRITE)
RELATION_EXTEND = slot(OBJECT_RELATION, CONTEXT_NORMAL, OP_EXTEND)
RELATION_FSYNC = slot(OBJECT_RELATION, CONTEXT_NORMAL, OP_FSYNC)
TEMP_HIT = slot(OBJECT_TEMP_RELATION, CONTEXT_NORMAL, OP_HIT)
TEMP_READ = slot(OBJECT_TEMP_RELATION, CONTEXT_NORMAL, OP_READ)
TEMP_EVICT = slot(OBJECT_TEMP_RELATION, CONTEXT_NORMAL, OP_EVICT)
TEMP_WRITE = slot(OBJECT_TEMP_RELATION, CONTEXT_NORMAL, OP_WRITE)
TEMP_EXTEND = slot(OBJECT_TEMP_RELATION, CONTEXT_NORMAL, OP_EXTEND)


def take() -> tuple[list[int], list[int]] | None:
    """The counts and times since the last call, zeroing them (rule 1); None if there
    were none."""
    if not any(counts):
        return None
    taken = (counts[:], times_us[:])
    for i in range(SLOTS):
        counts[i] = 0
        times_us[i] = 0
    return taken


def forget() -> None:
    """Drop what is pending (a forked child must not report its parent's counts)."""
    for i in range(SLOTS):
        counts[i] = 0
        times_us[i] = 0
