# Proves the real psql works against pgsnake over TCP and over the Unix socket, and that
# what psql prints (aligned and unaligned, results and errors) is identical to what it
# prints against PostgreSQL 15.
from __future__ import annotations

import pytest

from harness import psql_runner

QUERIES = [
    "SELECT 1",
    "SELECT 1 AS a, 'x'::text AS b, NULL::int4 AS c",
    "SELECT 1.50::numeric, 2.0::float8, true, DATE '2024-01-02'",
    "SELECT oid FROM pg_type WHERE typname = 'int4'",
    "SELECT 1/0",
    "SELEC 1",
    "SELECT * FROM psql_no_such_table",
]


@pytest.mark.parametrize("via", ["tcp", "socket"])
def test_psql_connects(pgsnake_server, via):
    result = psql_runner.run_psql(pgsnake_server, "SELECT 40 + 2 AS answer", via=via)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "answer\n42\n(1 row)\n"


@pytest.mark.parametrize("unaligned", [True, False], ids=["unaligned", "aligned"])
@pytest.mark.parametrize("query", QUERIES)
def test_psql_output_matches_postgresql(pgsnake_server, oracle, query, unaligned):
    want = psql_runner.run_psql(oracle, query, unaligned=unaligned)
    got = psql_runner.run_psql(pgsnake_server, query, unaligned=unaligned)
    assert (got.returncode, got.stdout, got.stderr) == (want.returncode, want.stdout, want.stderr)


def test_psql_table_round_trip_matches_postgresql(pgsnake_server, oracle):
    script = [
        "DROP TABLE IF EXISTS psql_fruit",
        "CREATE TABLE psql_fruit (id int4 NOT NULL, name text, price numeric)",
        "INSERT INTO psql_fruit VALUES (1, 'apple', 0.50), (2, 'pear', NULL)",
        "SELECT * FROM psql_fruit ORDER BY id",
        "UPDATE psql_fruit SET price = 1 WHERE id = 2",
        "DROP TABLE psql_fruit",
    ]
    for sql in script:
        want = psql_runner.run_psql(oracle, sql, unaligned=False)
        got = psql_runner.run_psql(pgsnake_server, sql, unaligned=False)
        assert (got.returncode, got.stdout) == (want.returncode, want.stdout), sql
