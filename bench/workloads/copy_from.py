"""Workload: COPY ... FROM STDIN of pgbench_accounts-shaped rows, in text format.

This is what `pgbench -i` does (100000 rows per scale step): the COPY parser, the type
input functions and the insert path per row (tuple forming, heap page filling, WAL).
Compare its rows/s with multi_row_insert, which loads the same kind of rows by INSERT.

Entry point: WORKLOAD
PostgreSQL: src/backend/commands/copyfrom.c (CopyFrom), src/bin/pgbench/pgbench.c
(initGenerateDataClientSide)
"""
from __future__ import annotations

from .base import Workload, recreate_table

DDL = ("CREATE TABLE bench_copy_accounts (aid int NOT NULL, bid int, abalance int, "
       "filler char(84))")


def setup(conn, size: int) -> None:
    recreate_table(conn, "bench_copy_accounts", DDL)


def _data(size: int) -> bytes:
    return "".join(f"{i}\t{i // 100000 + 1}\t0\t\n" for i in range(1, size + 1)).encode()


def run(conn, target, size: int) -> int:
    data = _data(size)
    with conn.cursor() as cur:
        with cur.copy("COPY bench_copy_accounts FROM STDIN") as copy:
            for start in range(0, len(data), 65536):
                copy.write(data[start:start + 65536])
    return size


WORKLOAD = Workload(
    name="copy_from",
    measures="COPY FROM STDIN, text format, pgbench_accounts rows: load path per row",
    setup=setup, run=run, quick_size=20_000, full_size=100_000, reset_each_run=True)
