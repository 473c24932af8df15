# ANALYZE VERBOSE reports in PostgreSQL 15's words (INFO: analyzing "schema.table", then
# pages scanned, live and dead rows, sample size and estimated total), warns about what
# it skips, and works inside a transaction block; compared with the oracle's notices.
from __future__ import annotations

import pytest

SETUP = ["DROP VIEW IF EXISTS am_view", "DROP TABLE IF EXISTS am_t", "DROP TABLE IF EXISTS am_u",
         "CREATE TABLE am_t (a int, b text)",
         "INSERT INTO am_t SELECT i, repeat('x', i % 40) FROM generate_series(1, 3000) i",
         "DELETE FROM am_t WHERE a % 5 = 0",
         "CREATE TABLE am_u (x int)",
         "CREATE VIEW am_view AS SELECT 1 AS one"]
TEARDOWN = ["DROP VIEW am_view", "DROP TABLE am_t", "DROP TABLE am_u"]


def _notices(server, statements) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    with server.connect(autocommit=True) as conn:
        conn.add_notice_handler(lambda d: seen.append((d.severity, d.message_primary)))
        for sql in statements:
            conn.execute(sql)
    return seen


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            for sql in SETUP:
                conn.execute(sql)
    yield
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            for sql in TEARDOWN:
                conn.execute(sql)


@pytest.mark.parametrize("statements", [
    ["ANALYZE VERBOSE am_t"],
    ["ANALYZE (VERBOSE) am_t (b), am_u"],
    ["ANALYZE VERBOSE am_view, am_u"],
    ["BEGIN", "ANALYZE VERBOSE am_t (a)", "COMMIT"],
    ["ANALYZE am_t"],
])
def test_analyze_notices_match_postgresql(tables, oracle, pgsnake_server, statements):
    assert _notices(pgsnake_server, statements) == _notices(oracle, statements)


def test_analyze_records_size_in_pg_class(tables, oracle, pgsnake_server):
    query = "SELECT relpages, reltuples FROM pg_class WHERE relname = 'am_t'"
    results = []
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("ANALYZE am_t")
            results.append(conn.execute(query).fetchall())
    assert results[0] == results[1]
