"""Workload: many rows inserted in one transaction, 1000 rows per INSERT statement.

One commit at the end, so this measures the per-row cost of the write path: tuple
forming, heap page filling, WAL record insertion, buffer dirtying.

Entry point: WORKLOAD
PostgreSQL: src/backend/access/heap/heapam.c (heap_insert), executor/nodeModifyTable.c
"""
from __future__ import annotations

from .base import Workload, insert_rows, recreate_table

DDL = ("CREATE TABLE bench_multi_insert (id int NOT NULL, x int NOT NULL, y int NOT NULL, "
       "s text NOT NULL)")


def setup(conn, size: int) -> None:
    recreate_table(conn, "bench_multi_insert", DDL)


def run(conn, target, size: int) -> int:
    return insert_rows(conn, "bench_multi_insert",
                       ((i, i % 100, (i * 7919) % 1000, f"multi-{i}") for i in range(size)))


WORKLOAD = Workload(
    name="multi_row_insert",
    measures="multi-row INSERTs (1000 rows each) in one transaction: write path per row",
    setup=setup, run=run, quick_size=20_000, full_size=100_000, reset_each_run=True)
