"""Workload: connection set-up, from opening the socket to the first query's result.

Each of N connections is opened (startup packet, authentication, the server's start-up
reports, ReadyForQuery), runs `SELECT 1`, and is closed; each is timed on its own, and
the reported time is N x the median (so rows/s is connections per second at the median
connection). For pgsnake this is the postmaster's fork and everything a new backend does
before it can answer; for PostgreSQL the same.

Entry point: WORKLOAD
PostgreSQL: src/backend/postmaster/postmaster.c (BackendStartup),
src/backend/utils/init/postinit.c (InitPostgres)
"""
from __future__ import annotations

import statistics
import time

from .base import Timed, Workload


def setup(conn, size: int) -> None:
    pass


def run(conn, target, size: int) -> Timed:
    times = []
    for _ in range(size):
        start = time.perf_counter()
        with target.connect() as fresh:
            fresh.execute("SELECT 1").fetchone()
            times.append(time.perf_counter() - start)
    return Timed(rows=size, seconds=statistics.median(times) * size)


WORKLOAD = Workload(
    name="connect",
    measures="connect + SELECT 1 + close, N times; time = N x the median connection",
    setup=setup, run=run, quick_size=20, full_size=100)
