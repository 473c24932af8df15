# Proves pg_cancel_backend and pg_terminate_backend signal another session as PostgreSQL's
# do: the cancelled backend's statement fails with 57014 and its session goes on; the
# terminated one is gone (with a timeout, the call returns once it has exited); a PID
# that is no backend gives a WARNING and false; a negative timeout is 22003.
from __future__ import annotations

import threading
import time

import psycopg
import pytest


def _run_in_thread(conn, sql):
    outcome = {}

    def run():
        try:
            conn.execute(sql)
            outcome["result"] = "ok"
        except psycopg.Error as exc:
            outcome["error"] = exc
    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_until_running(admin, pid):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = admin.execute("SELECT state FROM pg_stat_activity WHERE pid = %s",
                              (pid,)).fetchone()
        if state and state[0] == "active":
            return
        time.sleep(0.05)
    raise AssertionError("the sleeping session never became active")


@pytest.mark.timeout(60)
def test_cancel_and_terminate_another_backend(pgsnake_server):
    admin = pgsnake_server.connect()
    victim = pgsnake_server.connect()
    pid = victim.execute("SELECT pg_backend_pid()").fetchone()[0]

    thread, outcome = _run_in_thread(victim, "SELECT pg_sleep(30)")
    _wait_until_running(admin, pid)
    assert admin.execute("SELECT pg_cancel_backend(%s)", (pid,)).fetchone() == (True,)
    thread.join(10)
    assert isinstance(outcome.get("error"), psycopg.errors.QueryCanceled)
    assert victim.execute("SELECT 1").fetchone() == (1,)        # the session goes on

    thread, outcome = _run_in_thread(victim, "SELECT pg_sleep(30)")
    _wait_until_running(admin, pid)
    assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone() == (True,)
    thread.join(10)
    assert isinstance(outcome.get("error"), psycopg.OperationalError)
    assert admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s",
                         (pid,)).fetchone() == (0,)

    notices = []
    admin.add_notice_handler(lambda diag: notices.append((diag.severity, diag.message_primary)))
    assert admin.execute("SELECT pg_cancel_backend(1)").fetchone() == (False,)
    assert notices == [("WARNING", "PID 1 is not a PostgreSQL backend process")]
    with pytest.raises(psycopg.errors.NumericValueOutOfRange):
        admin.execute("SELECT pg_terminate_backend(1, -1)")
    admin.close()
