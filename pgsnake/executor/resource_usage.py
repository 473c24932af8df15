"""What EXPLAIN ANALYZE's BUFFERS and WAL options count per plan node: this process's
shared-buffer use and WAL written so far, as one tuple to take differences of.

Entry point:
    snapshot() -> (shared hits, reads, dirtied, written, WAL records, full-page
                   images, WAL bytes)

Both counts are per-backend totals kept by their owners (storage/buffer/buffer_manager
.buffer_usage, access/transam/wal/insert.statistics); a node's usage is the difference
across the calls that made its rows, its children's included, as PostgreSQL's
Instrumentation takes pgBufferUsage / pgWalUsage differences.

PostgreSQL: executor/instrument.c (InstrStartNode, InstrStopNode, BufferUsageAccumDiff,
WalUsageAccumDiff).
"""
from __future__ import annotations

from pgsnake.access.transam.wal import insert as wal_insert
from pgsnake.storage.buffer import buffer_manager as bufmgr

ZERO = (0, 0, 0, 0, 0, 0, 0)


def snapshot() -> tuple:
    wal = wal_insert.statistics
    return bufmgr.buffer_usage() + (wal["records"], wal["full_page_images"], wal["bytes"])


def since(before: tuple) -> tuple:
    return tuple(a - b for a, b in zip(snapshot(), before))
