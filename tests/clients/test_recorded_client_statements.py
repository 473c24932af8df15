"""Replays what 14 real clients generated (tests/clients/recorded/) on PostgreSQL 15 and
on pgsnake, after the schema their sessions ran against, and requires pgsnake to answer
every statement PostgreSQL answers: the catalog queries of psql, pg_dump, pgcli, JDBC,
the ORMs' introspection and DDL.

Each client gets a fresh database holding the session schema (the statements of one
client build on each other, as Django's migrations do). Replayed: statements the client
generated itself (origin=client), without parameters ($n: they need the values the
session bound: these are parsed and described instead, Parse + Describe with the
recorded parameter types, and must be accepted where PostgreSQL accepts them), other
than COPY and replication commands (tested by tests/clients' tool tests).

KNOWN_GAPS lists the statements pgsnake does not answer yet, each with the reason; the
test also fails when one of them starts to work, so that the list only shrinks.
"""
from __future__ import annotations

import pathlib
import re

import psycopg
import pytest
from psycopg import pq

RECORDED = pathlib.Path(__file__).parent / "recorded"
_BLOCK = re.compile(r"-- \[(\d+)\] origin=(\w+) conn=\S+ proto=(\w+)([^\n]*)\n(.*?)\n-- end",
                    re.S)
_PARAM_OIDS = re.compile(r"param_oids=([\d,]+)")
_NOT_REPLAYED = re.compile(r"\s*(COPY|BASE_BACKUP|START_REPLICATION|IDENTIFY_SYSTEM|TIMELINE_"
                           r"|CREATE_REPLICATION|DROP_REPLICATION|READ_REPLICATION)", re.I)

# statement ("client.sql[N]") -> why pgsnake does not answer it yet
KNOWN_GAPS = {
}


def _setup_statements() -> list[str]:
    text = (RECORDED / "setup.sql.txt").read_text()
    lines = [line for line in text.splitlines()
             if not line.startswith("\\") and not line.startswith("CREATE DATABASE")]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip()]


def _client_statements(path: pathlib.Path) -> list[tuple[str, str, list[int] | None]]:
    """(name, SQL, None to run it, or the parameter types to parse and describe it)."""
    out = []
    for number, origin, _proto, meta, sql in _BLOCK.findall(path.read_text()):
        if origin != "client" or _NOT_REPLAYED.match(sql):
            continue
        param_types = None
        if re.search(r"\$\d", sql):
            oids = _PARAM_OIDS.search(meta)
            param_types = [int(o) for o in oids.group(1).split(",")] if oids else []
        out.append((f"{path.name}[{number}]", sql, param_types))
    return out


def _parse_and_describe(conn, sql: str, param_types: list[int]) -> str | None:
    """Parse (unnamed statement, these parameter types) and Describe: None, or the
    error ("SQLSTATE message")."""
    for result in (lambda: conn.pgconn.prepare(b"", sql.encode(), param_types or None),
                   lambda: conn.pgconn.describe_prepared(b"")):
        res = result()
        if res.status != pq.ExecStatus.COMMAND_OK:
            field = res.error_field
            return (f"{(field(pq.DiagnosticField.SQLSTATE) or b'').decode()} "
                    f"{(field(pq.DiagnosticField.MESSAGE_PRIMARY) or b'').decode()}")
    return None


def _outcomes(server, database: str, statements) -> dict[str, str | None]:
    """Each statement's error ("SQLSTATE message"), or None when it succeeded."""
    with psycopg.connect(server.dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {database}")
        admin.execute(f"CREATE DATABASE {database}")
    dsn = server.dsn.replace(f"dbname={server.dbname}", f"dbname={database}")
    conn = psycopg.connect(dsn, autocommit=True)
    try:
        for statement in _setup_statements():
            try:
                conn.execute(statement)
            except psycopg.Error:
                pass                 # what pgsnake cannot build yet shows up below
        results = {}
        for name, sql, param_types in statements:
            if param_types is not None:
                results[name] = _parse_and_describe(conn, sql, param_types)
                continue
            try:
                conn.execute("SET statement_timeout = '30s'")
                conn.execute(sql.encode())
                results[name] = None
            except psycopg.Error as e:
                results[name] = f"{e.sqlstate} {str(e).splitlines()[0]}"
                if conn.closed or conn.broken:
                    conn = psycopg.connect(dsn, autocommit=True)
        return results
    finally:
        conn.close()
        with psycopg.connect(server.dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database}")


@pytest.mark.parametrize("client", sorted(p.stem for p in RECORDED.glob("*.sql")))
def test_client_statements_answered_as_postgresql_answers_them(oracle, pgsnake_server,
                                                                 client):
    statements = _client_statements(RECORDED / f"{client}.sql")
    if not statements:
        pytest.skip(f"{client} generated no replayable statement")
    database = f"recorded_{client}"
    expected = _outcomes(oracle, database, statements)
    actual = _outcomes(pgsnake_server, database, statements)
    unanswered = {name: actual[name] for name, error in expected.items()
                  if error is None and actual[name] is not None and name not in KNOWN_GAPS}
    now_answered = [name for name in KNOWN_GAPS
                    if name in actual and actual[name] is None]
    assert not unanswered, f"pgsnake refuses what PostgreSQL answers: {unanswered}"
    assert not now_answered, f"remove from KNOWN_GAPS, they work now: {now_answered}"
