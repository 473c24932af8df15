"""Workload: a window function over a filtered subquery, aggregated on top.

    SELECT count(*), sum(r) FROM (SELECT id, row_number() OVER (PARTITION BY dim_id
    ORDER BY id) AS r FROM bench_facts WHERE y < 300) s

A full scan with a filter (30% of the rows pass), a sort on the window's keys, a
WindowAgg and a Subquery Scan feeding an aggregate: the scan needs only id, dim_id and y
(its text column is never read). Rows counted are the rows scanned.

Entry point: WORKLOAD

PostgreSQL: src/backend/executor/nodeWindowAgg.c, nodeSubqueryscan.c, nodeSort.c
"""
from __future__ import annotations

from .base import Workload, load_facts_table

QUERY = ("SELECT count(*), sum(r) FROM (SELECT id, row_number() OVER (PARTITION BY dim_id "
         "ORDER BY id) AS r FROM bench_facts WHERE y < 300) s")


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)


def run(conn, target, size: int) -> int:
    count, _total = conn.execute(QUERY).fetchone()
    if not count:
        raise RuntimeError("window query returned no rows")
    return size


WORKLOAD = Workload(
    name="window_subquery",
    measures="filtered scan + sort + row_number() OVER (PARTITION BY ...) in a subquery",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
