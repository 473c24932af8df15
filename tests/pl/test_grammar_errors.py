# PL/pgSQL grammar errors that are not syntax errors carry PostgreSQL's SQLSTATE and
# HINT (libpg_query reports only the message). Their cursor position is not compared:
# pgsnake sends none for errors in a PL/pgSQL body (pl/README.md).
from __future__ import annotations

import psycopg
import pytest

STATEMENTS = [
    "DO $$begin return 1; end$$",
    "CREATE FUNCTION regress_ge1(out a int) AS $$begin return 1; end$$ LANGUAGE plpgsql",
    "CREATE PROCEDURE regress_ge2() AS $$begin return 1; end$$ LANGUAGE plpgsql",
    "CREATE FUNCTION regress_ge3(out a int) RETURNS SETOF int AS "
    "$$begin return next 1; end$$ LANGUAGE plpgsql",
    "CREATE FUNCTION regress_ge4() RETURNS SETOF int AS $$begin return 1; end$$ "
    "LANGUAGE plpgsql",
    "CREATE FUNCTION regress_ge5() RETURNS int AS $$begin return ; end$$ LANGUAGE plpgsql",
]


def _errors(dsn: str) -> list:
    out = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        for sql in STATEMENTS:
            try:
                conn.execute(sql)
                out.append(None)
            except psycopg.Error as exc:
                diag = exc.diag
                out.append((diag.sqlstate, diag.message_primary, diag.message_hint))
    return out


def test_grammar_errors_match_postgresql(oracle, pgsnake_server):
    expected = _errors(oracle.dsn)
    assert all(e is not None for e in expected)
    assert _errors(pgsnake_server.dsn) == expected
