"""Workload: 4 client processes, each doing single-row INSERTs in autocommit.

Compare its rows/s with single_insert: when several backends wait for a WAL flush at
once, one fdatasync can cover all their commit records (group commit), so 4 clients
should reach well over 1x the single-client rate even on 2 cores.

The clients connect first and then wait on a barrier; the interval runs from the
barrier's release to the last client finishing, so process and connection start-up
are not measured.

Entry point: WORKLOAD
PostgreSQL: src/backend/access/transam/xlog.c (XLogFlush: flushing for waiters too)
"""
from __future__ import annotations

import multiprocessing
import time

from .base import Target, Timed, Workload, recreate_table

CLIENTS = 4
DDL = "CREATE TABLE bench_concurrent_insert (client int NOT NULL, i int NOT NULL, s text NOT NULL)"


def setup(conn, size: int) -> None:
    recreate_table(conn, "bench_concurrent_insert", DDL)


def _client(target: Target, client: int, size: int, barrier, results) -> None:
    with target.connect() as conn:
        conn.execute("SELECT 1")                     # backend fully started before the barrier
        barrier.wait()
        for i in range(size):
            conn.execute("INSERT INTO bench_concurrent_insert VALUES (%s, %s, %s)",
                         (client, i, "concurrent"))
        results.put(time.perf_counter())


def run(conn, target: Target, size: int) -> Timed:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(CLIENTS + 1)
    results = context.Queue()
    workers = [context.Process(target=_client, args=(target, c, size, barrier, results))
               for c in range(CLIENTS)]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=120)
    start = time.perf_counter()     # CLOCK_MONOTONIC: comparable across processes
    ends = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"client process exited with {worker.exitcode}")
    rows = conn.execute("SELECT count(*) FROM bench_concurrent_insert").fetchone()[0]
    if rows != CLIENTS * size:
        raise RuntimeError(f"expected {CLIENTS * size} rows, found {rows}")
    return Timed(rows=rows, seconds=max(ends) - start)


WORKLOAD = Workload(
    name="concurrent_insert",
    measures=f"{CLIENTS} processes x single-row INSERT autocommit: group commit",
    setup=setup, run=run, quick_size=100, full_size=500, reset_each_run=True)
