"""Workload: an aggregate over a UNION ALL subquery of three filtered scans.

    SELECT count(*), sum(x) FROM (SELECT x, y FROM bench_facts WHERE y > 900
      UNION ALL SELECT id, w FROM bench_dim
      UNION ALL SELECT x, y FROM bench_facts WHERE y < 100) u

An Append of two scans of bench_facts and one of bench_dim under a Subquery Scan: what
the aggregate reads decides which columns each scan decodes. Rows counted are the rows
scanned (bench_facts twice, bench_dim once).

Entry point: WORKLOAD

PostgreSQL: src/backend/executor/nodeAppend.c, nodeSubqueryscan.c, nodeAgg.c
"""
from __future__ import annotations

from .base import Workload, dim_rows_for, load_facts_table

QUERY = ("SELECT count(*), sum(x) FROM (SELECT x, y FROM bench_facts WHERE y > 900 "
         "UNION ALL SELECT id, w FROM bench_dim "
         "UNION ALL SELECT x, y FROM bench_facts WHERE y < 100) u")


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)


def run(conn, target, size: int) -> int:
    count, _total = conn.execute(QUERY).fetchone()
    if not count:
        raise RuntimeError("UNION ALL query returned no rows")
    return 2 * size + dim_rows_for(size)


WORKLOAD = Workload(
    name="union_all_subquery",
    measures="aggregate over a UNION ALL of three filtered scans (Append, Subquery Scan)",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
