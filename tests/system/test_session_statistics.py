# Proves pg_stat_database's session counts, on pgsnake and on PostgreSQL 15: every
# session counts in `sessions`; one whose client vanished without a Terminate message in
# `sessions_abandoned`, one ended by a FATAL error (idle_session_timeout) in
# `sessions_fatal`, one ended by pg_terminate_backend in `sessions_killed`; and the
# sessions' time, active time and idle-in-transaction time grow.
from __future__ import annotations

import os
import time

QUERY = ("SELECT sessions, sessions_abandoned, sessions_fatal, sessions_killed, session_time, "
         "active_time, idle_in_transaction_time FROM pg_stat_database "
         "WHERE datname = current_database()")


def _counts(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        return conn.execute(QUERY).fetchone()


def _wait_for_counts(server, expected, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        got = _counts(server)
        if got[:4] >= expected or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def test_session_counts_by_how_sessions_end(make_server):
    server = make_server()
    before = _counts(server)
    # A normal session, with time in a transaction.
    with server.connect(autocommit=True) as conn:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_sleep(0.2)")
        time.sleep(0.2)
        conn.execute("COMMIT")
    # An abandoned one: the socket closes without Terminate.
    abandoned = server.connect(autocommit=True)
    abandoned.execute("SELECT 1")
    os.close(abandoned.pgconn.socket)
    # A FATAL: idle_session_timeout.
    timed_out = server.connect(autocommit=True)
    timed_out.execute("SET idle_session_timeout = '100ms'")
    # A killed one.
    killed = server.connect(autocommit=True)
    pid = killed.execute("SELECT pg_backend_pid()").fetchone()[0]
    with server.connect(autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    # 4 sessions above, plus the _counts() and terminating connections (2 more before
    # the last _counts call itself, which is counted when it connects).
    expected = (before[0] + 7, before[1] + 1, before[2] + 1, before[3] + 1)
    after = _wait_for_counts(server, expected)
    assert after[:4] == expected, (before, after)
    assert after[4] > before[4] and after[5] > before[5] and after[6] > before[6]
    for conn in (abandoned, timed_out, killed):
        try:
            conn.close()
        except Exception:
            pass
