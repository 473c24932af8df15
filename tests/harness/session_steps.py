"""Run a list of (session, SQL) steps over several connections and record what each step
answered, so the same list can be run on pgsnake and on the oracle and compared.

Each step's record is (session, sql, command tag or SQLSTATE, rows or message). Steps
run one after another; a step that would block must be avoided (use NOWAIT,
lock_timeout, or the isolation tester for real waits). Connections are autocommit, so
BEGIN/COMMIT in the steps control the transactions, as in psql.

Entry point: run_steps(server, steps) -> list of records.
"""
from __future__ import annotations

import psycopg


def run_steps(server, steps) -> list[tuple]:
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
                out.append((who, sql, e.diag.sqlstate, e.diag.message_primary))
    finally:
        for conn in conns.values():
            conn.close()
    return out


def assert_same(expected: list[tuple], actual: list[tuple]) -> None:
    for want, got in zip(expected, actual):
        assert got == want, f"step {want[:2]}: oracle {want[2:]}, pgsnake {got[2:]}"
    assert len(expected) == len(actual)


def run_blocking(server, before, blocked, release, after=()) -> list[tuple]:
    """`before` steps, then `blocked` = (session, sql) run in a thread, which must wait;
    a third connection records what pg_locks shows for the waiter (lock type, mode); then
    the `release` steps, then the blocked step's outcome, then `after` steps.
    The record of the blocked step says whether it was waiting."""
    import threading
    import time
    conns: dict[str, psycopg.Connection] = {}

    def conn_of(who):
        if who not in conns:
            conns[who] = server.connect(autocommit=True)
        return conns[who]

    def step(who, sql):
        try:
            cur = conn_of(who).execute(sql)
            return (who, sql, cur.statusmessage, cur.fetchall() if cur.description else None)
        except psycopg.Error as e:
            return (who, sql, e.diag.sqlstate, e.diag.message_primary)

    out = []
    try:
        out += [step(w, s) for w, s in before]
        who, sql = blocked
        pid = conn_of(who).info.backend_pid
        result = {}
        worker = threading.Thread(target=lambda: result.setdefault("r", step(who, sql)))
        worker.start()
        waiting = []
        with server.connect(autocommit=True) as observer:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and worker.is_alive():
                waiting = observer.execute(
                    "SELECT locktype, mode FROM pg_locks WHERE pid = %s AND NOT granted",
                    (pid,)).fetchall()
                if waiting:
                    break
                time.sleep(0.02)
        out.append(("waiting", sql, waiting))
        out += [step(w, s) for w, s in release]
        worker.join(timeout=30)
        out.append(result.get("r", ("hung", sql)))
        out += [step(w, s) for w, s in after]
    finally:
        for conn in conns.values():
            conn.close()
    return out
