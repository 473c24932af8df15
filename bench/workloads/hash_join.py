"""Workload: join bench_facts to bench_dim (10:1) on an equality key, then aggregate.

Without statistics a planner may prefer a Merge Join here, so both servers are told
enable_mergejoin = off, and setup checks with EXPLAIN that each really plans a Hash Join,
so the two numbers measure the same algorithm. Rows counted are the probe-side rows.

Entry point: WORKLOAD
PostgreSQL: src/backend/executor/nodeHashjoin.c, nodeHash.c
"""
from __future__ import annotations

from .base import Workload, load_facts_table

QUERY = ("SELECT d.w, count(*), sum(f.x) FROM bench_facts f JOIN bench_dim d "
         "ON f.dim_id = d.id GROUP BY d.w")


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)
    conn.execute("SET enable_mergejoin = off")
    plan = "\n".join(row[0] for row in conn.execute("EXPLAIN " + QUERY).fetchall())
    if "Hash Join" not in plan:
        raise RuntimeError("expected a Hash Join plan, got:\n" + plan)


def run(conn, target, size: int) -> int:
    groups = conn.execute(QUERY).fetchall()
    if not groups:
        raise RuntimeError("hash join returned no groups")
    return size


WORKLOAD = Workload(
    name="hash_join",
    measures="hash join facts (N rows) to dim (N/10 rows) + GROUP BY",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
