"""Run a list of (session, SQL) steps over several connections and record what each step
answered, so the same list can be run on pgsnake and on the oracle and compared.

Each step's record is (session, sql, command tag or SQLSTATE, rows or message), and for an
error also its DETAIL and HINT when `details` is asked for. Steps
run one after another; a step that would block must be avoided (use NOWAIT,
lock_timeout, or the isolation tester for real waits). Connections are autocommit, so
BEGIN/COMMIT in the steps control the transactions, as in psql.

Entry point: run_steps(server, steps, details=False) -> list of records.
"""
from __future__ import annotations

import psycopg


def run_steps(server, steps, details: bool = False) -> list[tuple]:
    conns: dict[str, psycopg.Connection] = {}
    out = []
    try:
        for who, sql in steps:
            conn = conns.get(who)
            if conn is None:
                conn = conns[who] = server.connect(autocommit=True)
            try:
                cur = conn.execute(sql)
                out.append((who, sql, cur.statusmessage,
                            cur.fetchall() if cur.description else None))
            except psycopg.Error as e:
                extra = (e.diag.message_detail, e.diag.message_hint) if details else ()
                out.append((who, sql, e.diag.sqlstate, e.diag.message_primary, *extra))
    finally:
        for conn in conns.values():
            conn.close()
    return out


def assert_same(expected: list[tuple], actual: list[tuple]) -> None:
    for want, got in zip(expected, actual):
        assert got == want, f"step {want[:2]}: oracle {want[2:]}, pgsnake {got[2:]}"
    assert len(expected) == len(actual)
