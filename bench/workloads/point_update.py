"""Workload: UPDATE bench_accounts SET balance = balance + 1 WHERE id = k, autocommit.

pgsnake has no indexes yet, so on both servers each UPDATE is a sequential scan of a
small table (ACCOUNT_ROWS rows) plus one new tuple version plus a commit. The table is
rebuilt before every repeat because each UPDATE leaves a dead tuple behind.

Entry point: WORKLOAD
PostgreSQL: src/backend/executor/nodeModifyTable.c (ExecUpdate), heapam.c (heap_update)
"""
from __future__ import annotations

from .base import Workload, insert_rows, recreate_table

ACCOUNT_ROWS = 1000
DDL = "CREATE TABLE bench_accounts (id int NOT NULL, balance int NOT NULL, note text NOT NULL)"


def setup(conn, size: int) -> None:
    recreate_table(conn, "bench_accounts", DDL)
    insert_rows(conn, "bench_accounts", ((i, 0, "account") for i in range(ACCOUNT_ROWS)))
    try:
        conn.execute("ANALYZE bench_accounts")
    except Exception:
        pass


def run(conn, target, size: int) -> int:
    for i in range(size):
        account = (i * 7919) % ACCOUNT_ROWS
        conn.execute("UPDATE bench_accounts SET balance = balance + 1 WHERE id = %s", (account,))
    return size


WORKLOAD = Workload(
    name="point_update",
    measures=f"UPDATE ... WHERE id = k on {ACCOUNT_ROWS} rows (seq scan, no index), autocommit",
    setup=setup, run=run, quick_size=100, full_size=500, reset_each_run=True)
