"""Workload: a DDL loop, autocommit: CREATE TABLE with a primary key and a few columns,
ALTER TABLE ADD COLUMN, DROP TABLE, N times.

Measures the catalog write path (pg_class / pg_attribute / pg_type / pg_index /
pg_constraint / pg_depend rows, the primary key's index build) and, above all, what the
catalog caches cost after DDL: each statement's lookups run right after the previous
statement changed the catalogs.

Entry point: WORKLOAD
PostgreSQL: src/backend/catalog/heap.c (heap_create_with_catalog), index.c
(index_create), utils/cache/inval.c (what DDL invalidates)
"""
from __future__ import annotations

from .base import Workload

CREATE = ("CREATE TABLE bench_ddl_{i} (id int PRIMARY KEY, name text NOT NULL, "
          "amount numeric, created timestamp, flag boolean)")


def setup(conn, size: int) -> None:
    for i in range(size):
        conn.execute(f"DROP TABLE IF EXISTS bench_ddl_{i}")


def run(conn, target, size: int) -> int:
    for i in range(size):
        conn.execute(CREATE.format(i=i))
        conn.execute(f"ALTER TABLE bench_ddl_{i} ADD COLUMN note text")
        conn.execute(f"DROP TABLE bench_ddl_{i}")
    return size


WORKLOAD = Workload(
    name="ddl_loop",
    measures="N x (CREATE TABLE with a primary key, ALTER TABLE ADD COLUMN, DROP TABLE), autocommit",
    setup=setup, run=run, quick_size=5, full_size=20)
