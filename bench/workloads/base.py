"""What a benchmark workload is, and the shared tables several workloads read.

A workload is a small object with an untimed setup (create and fill tables), a timed run
that returns how many rows it processed, and two sizes (quick and full). The runner
(bench/run.py) calls both on pgsnake and on PostgreSQL 15 with the same arguments, so a
workload never needs to know which server it talks to.

Entry points:
    Workload            the dataclass every workload module exports as WORKLOAD
    Timed               what run() returns when it timed itself (concurrent workloads)
    Target              one server as a workload sees it: name, connection parameters
    load_facts_table()  create + fill bench_facts / bench_dim once per server (idempotent)
    insert_rows()       multi-row INSERT in batches, the only bulk load pgsnake has today

PostgreSQL: src/bin/pgbench/pgbench.c (initCreateTables, initGenerateDataClientSide)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import psycopg

# Rows per INSERT statement when loading: big enough that per-statement overhead
# (parse, plan, round trip) is small, small enough that the statement text stays modest.
LOAD_BATCH_ROWS = 1000


@dataclass
class Target:
    """One running server, as a workload sees it."""
    name: str                   # 'pgsnake' or 'postgresql'
    host: str
    port: int
    user: str
    dbname: str

    @property
    def dsn(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"

    def connect(self, simple_protocol: bool = True, **kwargs) -> psycopg.Connection:
        """An autocommit psycopg connection over TCP.

        simple_protocol=True makes psycopg send each statement as one Query message
        (client-side parameter binding, psycopg.ClientCursor). Only the prepared-SELECT
        workload measures the extended protocol; see README "Protocol" for why."""
        params = dict(host=self.host, port=self.port, user=self.user, dbname=self.dbname,
                      connect_timeout=30, autocommit=True)
        if simple_protocol:
            params["cursor_factory"] = psycopg.ClientCursor
        params.update(kwargs)
        return psycopg.connect(**params)


@dataclass
class Timed:
    """run() returns this instead of a bare row count when it measured its own interval
    (e.g. from a start barrier to the last worker finishing), so process start-up and
    connection set-up stay outside the measurement."""
    rows: int
    seconds: float


@dataclass
class Workload:
    name: str
    measures: str                                   # one line for the README and --list
    setup: Callable[[psycopg.Connection, int], None]
    run: Callable[[psycopg.Connection, Target, int], "int | Timed"]
    quick_size: int
    full_size: int
    # True when run() changes the data in a way that would skew the next repeat
    # (UPDATE bloat); the runner then calls setup() again before every repeat.
    reset_each_run: bool = False
    notes: str = field(default="")


# -- shared tables ---------------------------------------------------------------------------

# bench_facts(id, dim_id, x, y, s): y is a scrambled 0..999 so that "y > k" selects a
# predictable fraction without correlating with insertion order; dim_id points at bench_dim.
FACTS_DDL = ("CREATE TABLE bench_facts (id int NOT NULL, dim_id int NOT NULL, "
             "x int NOT NULL, y int NOT NULL, s text NOT NULL)")
DIM_DDL = "CREATE TABLE bench_dim (id int NOT NULL, w int NOT NULL, label text NOT NULL)"


def facts_row(i: int, dim_rows: int) -> tuple:
    return (i, i % dim_rows, i % 100, (i * 7919) % 1000, f"row-{i}")


def dim_rows_for(fact_rows: int) -> int:
    return max(10, fact_rows // 10)


def insert_rows(conn: psycopg.Connection, table: str, rows: Iterable[Sequence]) -> int:
    """INSERT rows in batches of LOAD_BATCH_ROWS rows per statement, in one transaction.
    Values are rendered client-side (ints and plain text only), so the statements are
    identical on both servers."""
    total = 0
    batch: list[str] = []

    def flush() -> None:
        if batch:
            conn.execute(f"INSERT INTO {table} VALUES " + ",".join(batch))
            batch.clear()

    with conn.transaction():
        for row in rows:
            batch.append("(" + ",".join(_literal(v) for v in row) + ")")
            total += 1
            if len(batch) >= LOAD_BATCH_ROWS:
                flush()
        flush()
    return total


def _literal(value) -> str:
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def table_row_count(conn: psycopg.Connection, table: str) -> int | None:
    """Rows in table, or None when it does not exist."""
    exists = conn.execute("SELECT count(*) FROM pg_class WHERE relname = %s AND relkind = 'r'",
                          (table,)).fetchone()[0]
    if not exists:
        return None
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def load_facts_table(conn: psycopg.Connection, fact_rows: int) -> None:
    """Make bench_facts hold exactly fact_rows rows and bench_dim its matching dimension.
    Several read-only workloads share these tables, so they are loaded once per size."""
    dim_rows = dim_rows_for(fact_rows)
    if (table_row_count(conn, "bench_facts") == fact_rows
            and table_row_count(conn, "bench_dim") == dim_rows):
        return
    conn.execute("DROP TABLE IF EXISTS bench_facts")
    conn.execute("DROP TABLE IF EXISTS bench_dim")
    conn.execute(FACTS_DDL)
    conn.execute(DIM_DDL)
    insert_rows(conn, "bench_facts", (facts_row(i, dim_rows) for i in range(fact_rows)))
    insert_rows(conn, "bench_dim", ((d, d % 50, f"dim-{d}") for d in range(dim_rows)))
    # Give PostgreSQL's planner real statistics (pgsnake ignores what it lacks). Without
    # them PostgreSQL plans from guesses, which is not the comparison we want.
    try:
        conn.execute("ANALYZE bench_facts")
        conn.execute("ANALYZE bench_dim")
    except psycopg.Error:
        pass


def recreate_table(conn: psycopg.Connection, table: str, ddl: str) -> None:
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(ddl)
