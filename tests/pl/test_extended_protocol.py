# Functions called through the extended protocol (psycopg binds parameters and keeps
# prepared statements) answer as in PostgreSQL 15, and a statement prepared before
# CREATE OR REPLACE FUNCTION runs the new body afterwards.
from __future__ import annotations

import psycopg

SETUP = [
    "DROP FUNCTION IF EXISTS regress_xp(int, text)",
    "CREATE FUNCTION regress_xp(a int, b text DEFAULT 'd') RETURNS text AS $$ "
    "BEGIN RETURN b || (a * 2)::text; END $$ LANGUAGE plpgsql",
]


def _session(dsn: str) -> list:
    out = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for sql in SETUP:
            conn.execute(sql)
        for value in (1, 2, 3, None):
            row = conn.execute("SELECT regress_xp(%s, %s)", (value, "x"), prepare=True).fetchone()
            out.append(row)
        out.append(conn.execute("SELECT regress_xp(b => %s, a => %s)", ("n", 5)).fetchone())
        out.append(conn.execute("SELECT regress_xp(%s::int)", (7,)).fetchone())
        conn.execute("CREATE OR REPLACE FUNCTION regress_xp(a int, b text DEFAULT 'd') RETURNS text "
                     "AS $$ BEGIN RETURN 'new ' || b || a::text; END $$ LANGUAGE plpgsql")
        out.append(conn.execute("SELECT regress_xp(%s, %s)", (1, "x"), prepare=True).fetchone())
        conn.execute("DROP FUNCTION regress_xp(int, text)")
    return out


def test_extended_protocol_calls_match_postgresql(oracle, pgsnake_server):
    expected = _session(oracle.dsn)
    assert _session(pgsnake_server.dsn) == expected
