# Proves that a call PostgreSQL 15 answers but pgsnake cannot run is refused with 0A000
# naming the function or operator (never 42883 'does not exist', never an internal
# error), and that a call PostgreSQL itself rejects keeps PostgreSQL's 42883. Each
# statement runs on pgsnake and on the oracle; as pgsnake implements more functions,
# equal answers also pass.
from __future__ import annotations

import pytest
from psycopg.pq import DiagnosticField, ExecStatus

from pgsnake.parser import unsupported_builtins

CALLS = [
    ("function", "to_hex", "select to_hex(255)"),
    ("function", "quote_ident", "select quote_ident('a b')"),
    ("function", "sin", "select sin(1.0)"),
    ("function", "pg_size_pretty", "select pg_size_pretty(1024::bigint)"),
    ("function", "regexp_replace", "select regexp_replace('abc', 'b', 'x')"),
    ("function", "stddev", "select stddev(x) from (values (1), (2)) v(x)"),
    ("function", "concat_ws", "select concat_ws(',', 1, 2)"),
    ("operator", "~", "select 'abc' ~ 'b'"),
    ("function", "ts_stat", "select ts_stat('select ''a''::tsvector')"),
]
REJECTED_BY_POSTGRES = ["select lower(1)", "select nonesuch(1)", "select 1 @@ 2",
                        "select to_hex('a'::text)", "select abs(1, 2)"]


def _run(conn, sql):
    result = conn.pgconn.exec_(sql.encode())
    if result.status == ExecStatus.TUPLES_OK:
        return [result.get_value(0, c) for c in range(result.nfields)]
    return (result.error_field(DiagnosticField.SQLSTATE).decode(),
            result.error_field(DiagnosticField.MESSAGE_PRIMARY).decode())


@pytest.mark.oracle
def test_postgres_builtins_we_lack_are_0A000_naming_them(pgsnake_server, oracle):
    with pgsnake_server.connect() as ours, oracle.connect() as theirs:
        for kind, name, sql in CALLS:
            expected, got = _run(theirs, sql), _run(ours, sql)
            assert isinstance(expected, list), (sql, expected)      # PostgreSQL answers
            if got != expected:
                assert got[0] == "0A000", (sql, got)
                assert f"{name}(" in got[1] if kind == "function" else f" {name} " in got[1]
        for sql in REJECTED_BY_POSTGRES:
            assert _run(ours, sql) == _run(theirs, sql), sql


def test_catalog_lookup_respects_argument_types():
    assert unsupported_builtins.postgres_has_function("to_hex", [23])
    assert unsupported_builtins.postgres_has_function("to_hex", [705])
    assert not unsupported_builtins.postgres_has_function("to_hex", [25])
    assert not unsupported_builtins.postgres_has_function("lower", [23])     # anyrange
    assert unsupported_builtins.postgres_has_function("concat_ws", [25, 23, 23])  # VARIADIC
    assert not unsupported_builtins.postgres_has_function("nonesuch", [])
    assert unsupported_builtins.postgres_has_operator("~", 25, 25)
    assert not unsupported_builtins.postgres_has_operator("@@", 23, 23)
