"""Workload: a 17-table chain join, the statement issue 7 measured at >30 s in pgsnake.

Seventeen small tables mj1 .. mj17, each row of mjK pointing at one row of mjK+1, joined
in a chain and filtered on the first table. The join order search is what is measured:
17 relations is above geqo_threshold (12), so PostgreSQL plans it with its genetic
optimizer and pgsnake with its fallback search; execution touches few rows. Each run
executes the statement RUNS_PER_REPEAT times and counts the rows it returns.

Entry point: WORKLOAD
PostgreSQL: src/backend/optimizer/path/allpaths.c (make_rel_from_joinlist: standard_join_search
below geqo_threshold, geqo above), src/backend/optimizer/geqo/
"""
from __future__ import annotations

from .base import Workload, insert_rows, table_row_count

TABLES = 17
RUNS_PER_REPEAT = 5


def _query() -> str:
    joins = " ".join(f"JOIN mj{k} ON mj{k}.id = mj{k - 1}.next_id" for k in range(2, TABLES + 1))
    return (f"SELECT mj1.id, mj{TABLES}.payload FROM mj1 {joins} "
            "WHERE mj1.id % 50 = 0")


def setup(conn, size: int) -> None:
    if all(table_row_count(conn, f"mj{k}") == size for k in range(1, TABLES + 1)):
        return
    for k in range(1, TABLES + 1):
        conn.execute(f"DROP TABLE IF EXISTS mj{k}")
        conn.execute(f"CREATE TABLE mj{k} (id int PRIMARY KEY, next_id int NOT NULL, "
                     "payload text NOT NULL)")
        # next_id scrambles the chain so no join is a trivial identity mapping.
        insert_rows(conn, f"mj{k}", ((i, (i * 37 + k) % size, f"t{k}-{i}") for i in range(size)))
        conn.execute(f"ANALYZE mj{k}")


def run(conn, target, size: int) -> int:
    query = _query()
    rows = 0
    for _ in range(RUNS_PER_REPEAT):
        result = conn.execute(query).fetchall()
        if not result:
            raise RuntimeError("the 17-table join returned no rows")
        rows += len(result)
    return rows


WORKLOAD = Workload(
    name="many_table_join",
    measures=f"a {TABLES}-table chain join (N rows per table), planned and run "
             f"{RUNS_PER_REPEAT} times",
    setup=setup, run=run, quick_size=200, full_size=2_000)
