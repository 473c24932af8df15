"""pg_stat_io: block I/O per backend type, I/O object and I/O context (PostgreSQL 16's
view, which pgsnake offers beside 15's statistics).

Counting happens where the I/O does, into this process's private lists
(utils/io_counters.py: the buffer manager's hits, reads, evictions and writes, the local
buffers' for temporary relations, smgr's fsyncs). `flush()` adds them to shared memory
under this process's backend type; backends call it at transaction end and the auxiliary
processes each round (pgstat.flush_process_counters), the checkpointer once more before
it writes the statistics file at shutdown.

Shared memory: one cumulative-statistics entry (storage/ipc/pgstat_shmem.py) of kind
KIND_IO per (backend type, object, context), database 0, object number
`_entry_number(...)`; its counters are the eight operations' counts (io_counters.IO_OPS
order) then their times in microseconds. Being ordinary entries, they are written to
pg_stat/pgstat.stat at a clean shutdown, read back at the next start and discarded
after crash recovery, with the other statistics (pgstat_file.py). The reset time is the
cluster-wide counter G_IO_RESET_TIME.

Which rows exist and which cells are NULL follows PostgreSQL 16 (`tracks_object`,
`tracks_op`): for example the checkpointer has only the "normal" context of
"relation", never reads, evicts or extends; temporary relations are never fsynced.

Entry points: backend_type() (this process's, or None), flush(), rows() (the function
pg_stat_get_io), set_reset_time_at_start().

PostgreSQL 16: utils/activity/pgstat_io.c (pgstat_tracks_io_bktype,
pgstat_tracks_io_object, pgstat_tracks_io_op, pgstat_flush_io), utils/adt/pgstatfuncs.c
(pg_stat_get_io), catalog/system_views.sql (pg_stat_io).
"""
from __future__ import annotations

import datetime as dt

from pgsnake.storage.ipc import pgstat_shmem as shm
from pgsnake.storage.page.page_layout import BLCKSZ
from pgsnake.utils import io_counters as io
from pgsnake.utils import process_state
from pgsnake.utils.activity import pgstat_fetch
from pgsnake.utils.activity import pgstat_kinds as k
from pgsnake.utils.activity.pgstat_fetch import now_microseconds

# PostgreSQL 16's backend types that take part, in its BackendType order (the order of
# the view's rows); the archiver, logger, WAL receiver and WAL writer do not.
BACKEND_TYPES = ("autovacuum launcher", "autovacuum worker", "client backend",
                 "background worker", "background writer", "checkpointer",
                 "standalone backend", "startup", "walsender")

# process_state.process_kind -> backend type ("parallel worker": PostgreSQL's parallel
# workers are background workers).
_KIND_TO_TYPE = {
    "backend": "client backend", "autovacuum worker": "autovacuum worker",
    "autovacuum launcher": "autovacuum launcher", "background writer": "background writer",
    "checkpointer": "checkpointer", "startup": "startup", "standalone": "standalone backend",
    "parallel worker": "background worker", "walsender": "walsender",
}

_STRATEGY_CONTEXTS = (io.CONTEXT_BULKREAD, io.CONTEXT_BULKWRITE, io.CONTEXT_VACUUM)


def backend_type() -> str | None:
    """This process's backend type as pg_stat_io names it; None if it is not tracked
    (the postmaster, initdb's bootstrap, the WAL writer)."""
    if process_state.is_bootstrap:
        return None
    return _KIND_TO_TYPE.get(process_state.process_kind)


def tracks_object(bktype: str, io_object: int, io_context: int) -> bool:
    """Does the view have a row for this combination? (pgstat_tracks_io_object)"""
    if io_object == io.OBJECT_TEMP_RELATION:
        # Temporary relations live in local buffers: only "normal", and only the
        # processes that run queries have them.
        return io_context == io.CONTEXT_NORMAL and bktype in (
            "client backend", "background worker", "walsender")
    if bktype in ("checkpointer", "background writer"):
        return io_context == io.CONTEXT_NORMAL
    if bktype == "autovacuum launcher":
        return io_context in (io.CONTEXT_BULKREAD, io.CONTEXT_NORMAL)
    if bktype == "autovacuum worker":
        return io_context != io.CONTEXT_BULKWRITE
    return True


def tracks_op(bktype: str, io_object: int, io_context: int, io_op: int) -> bool:
    """Is this cell a count (else NULL)? (pgstat_tracks_io_op)"""
    if not tracks_object(bktype, io_object, io_context):
        return False
    if bktype in ("background writer", "checkpointer") and io_op in (io.OP_READ,
                                                                     io.OP_EVICT):
        return False
    if bktype in ("autovacuum launcher", "background writer",
                  "checkpointer") and io_op == io.OP_EXTEND:
        return False
    if io_context == io.CONTEXT_BULKREAD and io_op == io.OP_EXTEND:
        return False
    strategy = io_context in _STRATEGY_CONTEXTS
    if io_op == io.OP_REUSE and not strategy:
        return False              # reuses happen only in a strategy's ring
    if io_op == io.OP_FSYNC and (strategy or io_object == io.OBJECT_TEMP_RELATION):
        return False              # counted under "normal"; temporary files are not synced
    return True


def _entry_number(type_index: int, io_object: int, io_context: int) -> int:
    return (type_index * len(io.IO_OBJECTS) + io_object) * len(io.IO_CONTEXTS) + io_context


def flush() -> list[int] | None:
    """Add this process's pending counts to its backend type's entries
    (pgstat_flush_io); counts of a process that is not tracked are dropped. Returns
    the counts flushed (io_counters' slots), None if there were none."""
    taken = io.take()
    if taken is None or not shm.is_initialised():
        return None
    counts, times = taken
    bktype = backend_type()
    if bktype is None:
        return counts
    type_index = BACKEND_TYPES.index(bktype)
    ops = len(io.IO_OPS)
    with shm.locked():
        for io_object in range(len(io.IO_OBJECTS)):
            for io_context in range(len(io.IO_CONTEXTS)):
                first = io.slot(io_object, io_context, 0)
                if not any(counts[first:first + ops]):
                    continue
                index = shm.find_or_create(k.KIND_IO, 0,
                                           _entry_number(type_index, io_object, io_context))
                if index < 0:
                    continue
                c = shm.read_counters(index)
                for op in range(ops):
                    c[op] += counts[first + op]
                    c[ops + op] += times[first + op]
                shm.write_counters(index, c)
    return counts


def set_reset_time_at_start() -> None:
    """A cluster that starts without the statistics of a clean shutdown (a new one, or
    after crash recovery) counts from now: stats_reset is the start time, as PostgreSQL's
    pgstat_reset_after_failure sets it."""
    if not shm.is_initialised():
        return
    with shm.locked():
        values = shm.read_globals()
        if not values[k.G_IO_RESET_TIME]:
            values[k.G_IO_RESET_TIME] = now_microseconds()
            shm.write_globals(values)


def rows():
    """pg_stat_get_io(): one row per valid combination, in PostgreSQL 16's order:
    backend_type, object, context, reads, read_time, writes, write_time, writebacks,
    writeback_time, extends, extend_time, op_bytes, hits, evictions, reuses, fsyncs,
    fsync_time, stats_reset. Times are milliseconds; NULL where `tracks_op` says the
    operation cannot happen."""
    entries, reset_time = pgstat_fetch.fetch_io(
        range(len(BACKEND_TYPES) * len(io.IO_OBJECTS) * len(io.IO_CONTEXTS)))
    stats_reset = (dt.datetime.fromtimestamp(reset_time / 1_000_000, dt.timezone.utc)
                   if reset_time else None)
    ops = len(io.IO_OPS)
    for type_index, bktype in enumerate(BACKEND_TYPES):
        for io_object, object_name in enumerate(io.IO_OBJECTS):
            for io_context, context_name in enumerate(io.IO_CONTEXTS):
                if not tracks_object(bktype, io_object, io_context):
                    continue
                c = entries.get(_entry_number(type_index, io_object, io_context)) \
                    or [0] * (2 * ops)

                def count(op: int):
                    return c[op] if tracks_op(bktype, io_object, io_context, op) else None

                def time_ms(op: int):
                    if not tracks_op(bktype, io_object, io_context, op):
                        return None
                    return c[ops + op] / 1000.0

                yield (bktype, object_name, context_name,
                       count(io.OP_READ), time_ms(io.OP_READ),
                       count(io.OP_WRITE), time_ms(io.OP_WRITE),
                       count(io.OP_WRITEBACK), time_ms(io.OP_WRITEBACK),
                       count(io.OP_EXTEND), time_ms(io.OP_EXTEND),
                       BLCKSZ, count(io.OP_HIT), count(io.OP_EVICT), count(io.OP_REUSE),
                       count(io.OP_FSYNC), time_ms(io.OP_FSYNC), stats_reset)


OUT_COLUMNS = (("backend_type", 25), ("object", 25), ("context", 25), ("reads", 20),
               ("read_time", 701), ("writes", 20), ("write_time", 701), ("writebacks", 20),
               ("writeback_time", 701), ("extends", 20), ("extend_time", 701),
               ("op_bytes", 20), ("hits", 20), ("evictions", 20), ("reuses", 20),
               ("fsyncs", 20), ("fsync_time", 701), ("stats_reset", 1184))
