"""Workload: rows inserted into a table with a foreign key, one statement.

`INSERT INTO bench_fk_child SELECT g, g % 1000 + 1, g FROM generate_series(1, N) g`
into a table whose `parent_id` REFERENCES a 1000-row `bench_fk_parent` (primary key).
Every row queues an RI check that runs when the statement ends: the referenced row is
found through the primary key and locked FOR KEY SHARE. What it measures is that check
per row, next to the insert itself (compare with `multi_row_insert`); loading a schema
like Chinook's is dominated by it.

Entry point: WORKLOAD
PostgreSQL: src/backend/utils/adt/ri_triggers.c (RI_FKey_check), nodeLockRows.c
"""
from __future__ import annotations

from .base import recreate_table, Workload

PARENT_ROWS = 1000


def setup(conn, size: int) -> None:
    conn.execute("DROP TABLE IF EXISTS bench_fk_child")
    recreate_table(conn, "bench_fk_parent",
                   "CREATE TABLE bench_fk_parent (id int PRIMARY KEY, name text NOT NULL)")
    conn.execute("INSERT INTO bench_fk_parent SELECT g, 'parent ' || g "
                 f"FROM generate_series(1, {PARENT_ROWS}) g")
    conn.execute("CREATE TABLE bench_fk_child (id int PRIMARY KEY, "
                 "parent_id int NOT NULL REFERENCES bench_fk_parent, v int NOT NULL)")
    try:
        conn.execute("ANALYZE bench_fk_parent")
    except Exception:
        pass


def run(conn, target, size: int) -> int:
    cur = conn.execute("INSERT INTO bench_fk_child SELECT g, g %% %s + 1, g "
                       "FROM generate_series(1, %s) g", (PARENT_ROWS, size))
    if cur.rowcount != size:
        raise RuntimeError(f"fk_insert inserted {cur.rowcount} rows, not {size}")
    return size


WORKLOAD = Workload(
    name="fk_insert",
    measures=f"INSERT ... SELECT of N rows, each checked against a {PARENT_ROWS}-row "
             "referenced table (FK check + FOR KEY SHARE per row), one statement",
    setup=setup, run=run, quick_size=2000, full_size=10000, reset_each_run=True)
