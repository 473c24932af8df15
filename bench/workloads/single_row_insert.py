"""Workload: N single-row INSERTs, each its own transaction (autocommit).

Every statement ends in a commit that must wait for its WAL record to reach disk
(fsync=on, synchronous_commit=on), and only one client commits at a time, so group
commit cannot help: the time per row is the commit latency plus one round trip.

Entry point: WORKLOAD
PostgreSQL: src/backend/access/transam/xact.c (RecordTransactionCommit), xlog.c (XLogFlush)
"""
from __future__ import annotations

from .base import Workload, recreate_table

DDL = "CREATE TABLE bench_single_insert (id int NOT NULL, x int NOT NULL, s text NOT NULL)"


def setup(conn, size: int) -> None:
    recreate_table(conn, "bench_single_insert", DDL)


def run(conn, target, size: int) -> int:
    for i in range(size):
        conn.execute("INSERT INTO bench_single_insert VALUES (%s, %s, %s)", (i, i % 100, "single"))
    return size


WORKLOAD = Workload(
    name="single_insert",
    measures="single-row INSERT, autocommit, one client: commit (WAL flush) latency",
    setup=setup, run=run, quick_size=200, full_size=1000, reset_each_run=True)
