# psql's describe commands show a view exactly as they do on PostgreSQL 15: `\d+ view`
# (columns, storage and the "View definition:" pg_get_viewdef(oid, true) prints), `\d`
# and `\dv`. psql (the real client) runs the same script against both servers.
import shutil
import subprocess

import psycopg
import pytest

SETUP = [
    "DROP SCHEMA IF EXISTS psql_views CASCADE",
    "CREATE SCHEMA psql_views",
    "CREATE TABLE psql_views.t (a int PRIMARY KEY, b text, c numeric(5,2))",
    "CREATE TABLE psql_views.u (a int, d varchar(10))",
    "CREATE VIEW psql_views.v AS SELECT a, b, c * 2 AS c2 FROM psql_views.t WHERE a > 1",
    "CREATE VIEW psql_views.w (x, y) AS SELECT t.a, u.d FROM psql_views.t t "
    "LEFT JOIN psql_views.u u ON u.a = t.a WHERE u.d LIKE 'a%' OR t.b IS NULL",
    "CREATE VIEW psql_views.agg AS SELECT b, count(*) AS n, max(c) FROM psql_views.t "
    "GROUP BY b HAVING count(*) > 1 ORDER BY b",
]

SCRIPT = r"""
SET search_path = psql_views, public;
\d+ v
\d+ w
\d+ agg
\d v
\dv psql_views.*
"""


def _psql() -> str | None:
    return shutil.which("psql") or (
        "/usr/lib/postgresql/15/bin/psql"
        if shutil.which("/usr/lib/postgresql/15/bin/psql") else None)


def _describe(dsn: str) -> str:
    with psycopg.connect(dsn, autocommit=True) as conn:
        for sql in SETUP:
            conn.execute(sql)
    result = subprocess.run([_psql(), "-X", "-d", dsn, "-v", "ON_ERROR_STOP=0"],
                            input=SCRIPT, capture_output=True, text=True, timeout=120)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP SCHEMA psql_views CASCADE")
    return result.stdout + result.stderr


@pytest.mark.skipif(_psql() is None, reason="psql is not installed")
def test_psql_describes_views_as_postgresql(oracle, pgsnake_server):
    want = _describe(oracle.dsn)
    got = _describe(pgsnake_server.dsn)
    assert "View definition:" in want and "ERROR" not in want
    assert got == want
