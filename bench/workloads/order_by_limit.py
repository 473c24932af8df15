"""Workload: SELECT id, x FROM bench_facts ORDER BY y DESC, id LIMIT 10.

A full scan feeding a sort that only has to keep the top 10 (PostgreSQL uses a
bounded heap, "top-N heapsort"). Rows counted are the rows scanned.

Entry point: WORKLOAD
PostgreSQL: src/backend/executor/nodeSort.c, nodeLimit.c; utils/sort/tuplesort.c
"""
from __future__ import annotations

from .base import Workload, load_facts_table

QUERY = "SELECT id, x FROM bench_facts ORDER BY y DESC, id LIMIT 10"


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)


def run(conn, target, size: int) -> int:
    rows = conn.execute(QUERY).fetchall()
    if len(rows) != 10:
        raise RuntimeError(f"ORDER BY ... LIMIT 10 returned {len(rows)} rows")
    return size


WORKLOAD = Workload(
    name="order_by_limit",
    measures="full scan + ORDER BY y DESC, id LIMIT 10 (top-N sort)",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
