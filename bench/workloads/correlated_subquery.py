"""Workload: a correlated scalar subquery evaluated once per outer row.

For every bench_dim row, a subquery counts and sums the bench_facts rows that point at it.
PostgreSQL runs it as a SubPlan re-scanned with a new parameter per outer row (its
PARAM_EXEC mechanism), probing an index on bench_facts(dim_id); pgsnake does the same
through its re-scan interface. setup checks with EXPLAIN that both plan a SubPlan over an
index scan, so the two numbers measure the same algorithm. Rows counted are outer rows.

Entry point: WORKLOAD
PostgreSQL: src/backend/executor/nodeSubplan.c (ExecScanSubPlan, ExecReScan with changed
parameters)
"""
from __future__ import annotations

from .base import Workload, load_facts_table

QUERY = ("SELECT d.id, (SELECT count(*) FROM bench_facts f WHERE f.dim_id = d.id), "
         "(SELECT sum(f.x) FROM bench_facts f WHERE f.dim_id = d.id AND f.y > 500) "
         "FROM bench_dim d")


def setup(conn, size: int) -> None:
    load_facts_table(conn, size)
    conn.execute("CREATE INDEX IF NOT EXISTS bench_facts_dim_id ON bench_facts (dim_id)")
    conn.execute("ANALYZE bench_facts")
    plan = "\n".join(row[0] for row in conn.execute("EXPLAIN " + QUERY).fetchall())
    if "SubPlan" not in plan or "Index" not in plan:
        raise RuntimeError("expected SubPlans over index scans, got:\n" + plan)


def run(conn, target, size: int) -> int:
    rows = conn.execute(QUERY).fetchall()
    if not rows:
        raise RuntimeError("the correlated subquery returned no rows")
    return len(rows)


WORKLOAD = Workload(
    name="correlated_subquery",
    measures="two correlated scalar subqueries per bench_dim row (N/10 outer rows, "
             "index probes into N facts)",
    setup=setup, run=run, quick_size=20_000, full_size=100_000)
