"""Workload: a prepared SELECT with one parameter over the extended query protocol.

psycopg prepares the statement once (Parse) and then sends Bind/Describe/Execute/Sync
for each call, so this measures the extended-protocol path and plan reuse, not parsing.
The table is small (LOOKUP_ROWS rows, no index: each call is a short sequential scan).

Entry point: WORKLOAD
PostgreSQL: src/backend/tcop/postgres.c (exec_bind_message, exec_execute_message),
utils/cache/plancache.c
"""
from __future__ import annotations

import time

from .base import Timed, Workload, insert_rows, recreate_table

LOOKUP_ROWS = 200
DDL = "CREATE TABLE bench_lookup (id int NOT NULL, x int NOT NULL, s text NOT NULL)"
QUERY = "SELECT x, s FROM bench_lookup WHERE id = %s"


def setup(conn, size: int) -> None:
    recreate_table(conn, "bench_lookup", DDL)
    insert_rows(conn, "bench_lookup", ((i, i * 3, f"lookup-{i}") for i in range(LOOKUP_ROWS)))


def run(conn, target, size: int) -> Timed:
    # A separate connection with server-side binding (psycopg's default cursor).
    with target.connect(simple_protocol=False) as extended:
        cursor = extended.cursor()
        cursor.execute(QUERY, (0,), prepare=True).fetchall()     # Parse once, untimed
        start = time.perf_counter()
        for i in range(size):
            cursor.execute(QUERY, (i % LOOKUP_ROWS,), prepare=True).fetchall()
        return Timed(rows=size, seconds=time.perf_counter() - start)


WORKLOAD = Workload(
    name="prepared_select",
    measures=f"prepared SELECT ... WHERE id = $1 (extended protocol) on {LOOKUP_ROWS} rows",
    setup=setup, run=run, quick_size=50, full_size=100)
