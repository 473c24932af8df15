# Proves pg_stat_activity shows what each process is doing, through the shared backend
# status entries: another session's state ('idle in transaction', 'active'), its last or
# current query, xact_start only inside a transaction, application_name from start-up
# and from SET, the client's port, and the auxiliary processes by backend_type; and that
# its columns are PostgreSQL 15's, names and types (compared with the oracle).
from __future__ import annotations

import threading
import time

import pytest


def _activity(conn, pid):
    return conn.execute(
        "SELECT state, query, xact_start IS NOT NULL, application_name, client_port > 0, "
        "backend_type, datname, usename FROM pg_stat_activity WHERE pid = %s",
        (pid,)).fetchone()


def test_columns_match_postgresql(oracle, pgsnake_server):
    described = []
    for server in (oracle, pgsnake_server):
        with server.connect() as conn:
            cur = conn.execute("SELECT * FROM pg_stat_activity LIMIT 0")
            described.append([(d.name, d.type_code) for d in cur.description])
    assert described[0] == described[1]


@pytest.mark.timeout(60)
def test_another_sessions_state_and_query(pgsnake_server):
    admin = pgsnake_server.connect()
    other = pgsnake_server.connect(application_name="reporting tool")
    pid = other.execute("SELECT pg_backend_pid()").fetchone()[0]
    assert _activity(admin, pid) == ("idle", "SELECT pg_backend_pid()", False,
                                     "reporting tool", True, "client backend",
                                     pgsnake_server.dbname, pgsnake_server.user)
    other.execute("BEGIN")
    other.execute("SELECT 42")
    state, query, in_xact = _activity(admin, pid)[:3]
    assert (state, query, in_xact) == ("idle in transaction", "SELECT 42", True)
    other.execute("COMMIT")
    other.execute("SET application_name = 'renamed'")
    assert _activity(admin, pid)[3] == "renamed"
    assert _activity(admin, pid)[2] is False

    sleeper = threading.Thread(target=lambda: other.execute("SELECT pg_sleep(1.5)"))
    sleeper.start()
    deadline = time.monotonic() + 10
    while _activity(admin, pid)[0] != "active" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _activity(admin, pid)[:2] == ("active", "SELECT pg_sleep(1.5)")
    sleeper.join()

    kinds = {row[0] for row in admin.execute(
        "SELECT backend_type FROM pg_stat_activity WHERE state IS NULL")}
    assert {"checkpointer", "background writer", "walwriter"} <= kinds
    admin.close()
    other.close()
