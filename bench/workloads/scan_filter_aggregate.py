"""Workload: SELECT count(*), sum(x) FROM bench_facts WHERE y > 500.

A full sequential scan with a filter and an aggregate: tuple decoding and expression
evaluation per row. Rows counted are the rows scanned. The query runs 3 times per
measurement so that one round trip does not dominate small tables.

Entry point: WORKLOAD
PostgreSQL: src/backend/executor/nodeSeqscan.c, nodeAgg.c
"""
from __future__ import annotations

from .base import Workload, load_facts_table

QUERY = "SELECT count(*), sum(x) FROM bench_facts WHERE y > 500"
ROUNDS = 3


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)


def run(conn, target, size: int) -> int:
    for _ in range(ROUNDS):
        count, _sum = conn.execute(QUERY).fetchone()
    return size * ROUNDS


WORKLOAD = Workload(
    name="scan_aggregate",
    measures="full scan + filter + count/sum (3 rounds): tuple decoding and expressions",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
