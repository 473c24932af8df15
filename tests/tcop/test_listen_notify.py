# Proves LISTEN / NOTIFY across backends through the shared queue: an idle listener gets
# notifications at once (its latch wakes its wait for the client), in commit order, with
# the sender's PID; nothing is delivered before the sender commits, a rolled-back NOTIFY
# (or one in a rolled-back savepoint) never is, duplicates in one transaction go once, a
# listener inside a transaction block gets them when the block ends, LISTEN takes effect
# at commit, and the errors match PostgreSQL's.
from __future__ import annotations

import psycopg
import pytest


def _payloads(conn, timeout=2.0, count=None):
    return [n.payload for n in conn.notifies(timeout=timeout, stop_after=count)]


@pytest.fixture
def pair(pgsnake_server):
    listener = pgsnake_server.connect()
    sender = pgsnake_server.connect()
    yield listener, sender
    listener.close()
    sender.close()


@pytest.mark.timeout(60)
def test_idle_listener_gets_notifications_in_commit_order(pair):
    listener, sender = pair
    listener.execute("LISTEN jobs")
    assert listener.execute("SELECT pg_listening_channels()").fetchall() == [("jobs",)]
    sender.execute("NOTIFY jobs, 'first'")
    sender.execute("SELECT pg_notify('jobs', 'second')")
    sender.execute("NOTIFY elsewhere, 'not for us'")
    got = [(n.channel, n.payload, n.pid) for n in listener.notifies(timeout=5, stop_after=2)]
    assert got == [("jobs", "first", sender.info.backend_pid),
                   ("jobs", "second", sender.info.backend_pid)]


@pytest.mark.timeout(60)
def test_transactions_decide_what_is_delivered(pair):
    listener, sender = pair
    listener.execute("LISTEN jobs")
    sender.execute("BEGIN")
    sender.execute("NOTIFY jobs, 'dup'")
    sender.execute("NOTIFY jobs, 'dup'")
    assert _payloads(listener, timeout=0.5) == []          # not before the commit
    sender.execute("COMMIT")
    assert _payloads(listener, count=1) == ["dup"]
    assert _payloads(listener, timeout=0.5) == []          # duplicates went once
    sender.execute("BEGIN")
    sender.execute("NOTIFY jobs, 'rolled back'")
    sender.execute("ROLLBACK")
    sender.execute("BEGIN")
    sender.execute("NOTIFY jobs, 'kept'")
    sender.execute("SAVEPOINT s")
    sender.execute("NOTIFY jobs, 'in savepoint'")
    sender.execute("ROLLBACK TO SAVEPOINT s")
    sender.execute("COMMIT")
    assert _payloads(listener, count=1) == ["kept"]
    assert _payloads(listener, timeout=0.5) == []


@pytest.mark.timeout(60)
def test_listener_in_a_block_and_listen_at_commit(pair):
    listener, sender = pair
    listener.execute("BEGIN")
    listener.execute("LISTEN later")
    sender.execute("NOTIFY later, 'too early'")            # LISTEN not committed yet
    listener.execute("COMMIT")
    sender.execute("BEGIN")
    sender.execute("NOTIFY later, 'queued'")
    sender.execute("COMMIT")
    listener.execute("BEGIN")
    listener.execute("SELECT 1")
    listener.execute("COMMIT")
    assert _payloads(listener, count=1) == ["queued"]
    listener.execute("NOTIFY later, 'to myself'")
    assert _payloads(listener, count=1) == ["to myself"]
    listener.execute("UNLISTEN *")
    assert listener.execute("SELECT count(*) FROM pg_listening_channels()").fetchone() == (0,)


def test_errors_match_postgresql(oracle, pgsnake_server):
    statements = ["NOTIFY \"\"", "SELECT pg_notify('', 'x')", "SELECT pg_notify(NULL, 'x')",
                  f"SELECT pg_notify('{'c' * 64}', 'x')",
                  f"SELECT pg_notify('c', '{'p' * 8000}')", "SELECT pg_notify('c', NULL)",
                  "LISTEN \"\""]
    outcomes = []
    for server in (oracle, pgsnake_server):
        seen = []
        with server.connect() as conn:
            for sql in statements:
                try:
                    conn.execute(sql)
                    seen.append("ok")
                except psycopg.Error as exc:
                    seen.append((exc.sqlstate, exc.diag.message_primary))
        outcomes.append(seen)
    assert outcomes[0] == outcomes[1]
