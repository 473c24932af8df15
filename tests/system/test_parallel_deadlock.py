"""The deadlock detector with lock groups, with real processes, against PostgreSQL.

A parallel query's leader and workers are one node of the waits-for graph
(storage/lmgr/deadlock.py, PostgreSQL's deadlock.c): a worker waiting for a session
that waits for the leader is a deadlock (the leader waits for the worker's rows outside
the lock table), and members never wait for each other, so two members each blocked by
an outside session (and, in mode only, by each other) are not deadlocked.

The workers take advisory locks in a PARALLEL SAFE PL/pgSQL function (a wrong label,
here on purpose), which both servers run in the workers.
"""
from __future__ import annotations

import re
import threading
import time

import psycopg
import pytest

from harness import servers

pytestmark = [pytest.mark.system, pytest.mark.timeout(180)]

PARALLEL = ("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "
            "SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2")


@pytest.fixture(scope="module")
def pgsnake():
    made = servers.PgsnakeServer()
    try:
        made.initdb()
        made.start()
        yield made
    finally:
        made.cleanup()


def _setup(server) -> None:
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS dl_other, dl_scan")
        conn.execute("CREATE TABLE dl_other (a int)")
        conn.execute("CREATE TABLE dl_scan (a int)")
        conn.execute("INSERT INTO dl_scan SELECT generate_series(1, 2000)")
        conn.execute("ANALYZE dl_scan")
        conn.execute("""CREATE OR REPLACE FUNCTION dl_share(int) RETURNS int
            LANGUAGE plpgsql PARALLEL SAFE
            AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(4711); RETURN $1; END $$""")
        # The leader (its pid given) waits for an exclusive lock 2 once, the workers
        # hold lock 2 shared and wait for an exclusive lock 1, which the leader holds
        # shared: each blocked by an outside session, and by the other only in mode.
        conn.execute("""CREATE OR REPLACE FUNCTION dl_cross(int, int) RETURNS int
            LANGUAGE plpgsql PARALLEL SAFE AS $$
            BEGIN
              IF pg_backend_pid() = $2 THEN
                IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $2 AND granted
                               AND locktype = 'advisory' AND objid = 2
                               AND mode = 'ExclusiveLock') THEN
                  PERFORM pg_sleep(0.5);
                  PERFORM pg_advisory_xact_lock(2);
                END IF;
              ELSE
                PERFORM pg_advisory_xact_lock_shared(2);
                PERFORM pg_advisory_xact_lock(1);
              END IF;
              RETURN $1;
            END $$""")


def _gathered(conn, query: str) -> bool:
    return any("Gather" in row[0] for row in conn.execute("EXPLAIN " + query))


def _cycle_through_the_group(server) -> tuple:
    """Worker -> session B (advisory lock) -> leader (table lock): (SQLSTATE, DETAIL
    with numbers masked, B's outcome)."""
    _setup(server)
    leader, b = server.connect(autocommit=False), server.connect(autocommit=False)
    try:
        leader.execute(PARALLEL + "; SET parallel_leader_participation = off; "
                       "SET deadlock_timeout = '100ms'; SET statement_timeout = '60s'")
        b.execute("SET deadlock_timeout = '10s'; SET statement_timeout = '60s'")
        leader.execute("LOCK TABLE dl_other IN SHARE MODE")
        b.execute("SELECT pg_advisory_xact_lock(4711)")
        outcome: dict = {}

        def lock_other():
            try:
                b.execute("LOCK TABLE dl_other IN EXCLUSIVE MODE")
                outcome["b"] = "locked"
            except psycopg.Error as e:
                outcome["b"] = e.sqlstate
        thread = threading.Thread(target=lock_other)
        thread.start()
        _wait_until_waiting(server, 1)
        query = "SELECT count(dl_share(a)) FROM dl_scan"
        assert _gathered(leader, query)
        try:
            leader.execute(query)
            error = None
        except psycopg.Error as e:
            error = e
        leader.rollback()
        thread.join(60)
        b.rollback()
        assert error is not None
        return (error.sqlstate, re.sub(r"\d+", "N", error.diag.message_detail or ""),
                outcome.get("b"))
    finally:
        leader.close()
        b.close()


def _wait_until_waiting(server, count: int) -> None:
    with server.connect(autocommit=True) as watcher:
        deadline = time.monotonic() + 30
        while watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0] \
                < count:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_a_cycle_through_a_lock_group_member_is_a_deadlock(pgsnake, oracle):
    expected = _cycle_through_the_group(oracle)
    assert expected[0] == "40P01"
    assert _cycle_through_the_group(pgsnake) == expected


def _members_blocked_outside(server) -> tuple:
    """Leader and workers each wait for an outside session's shared advisory lock (and,
    by mode alone, for each other): not a deadlock; the query finishes once the outside
    sessions end. (the count, [seconds waited at least])."""
    _setup(server)
    leader, x, y = (server.connect(autocommit=False) for _ in range(3))
    try:
        leader.execute(PARALLEL + "; SET deadlock_timeout = '100ms'; "
                       "SET statement_timeout = '60s'")
        x.execute("SELECT pg_advisory_xact_lock_shared(1)")
        y.execute("SELECT pg_advisory_xact_lock_shared(2)")
        leader.execute("SELECT pg_advisory_xact_lock_shared(1)")
        pid = leader.info.backend_pid
        query = f"SELECT count(dl_cross(a, {pid})) FROM dl_scan"
        assert _gathered(leader, query)
        outcome: dict = {}

        def run():
            try:
                outcome["rows"] = leader.execute(query).fetchall()
            except psycopg.Error as e:
                outcome["error"] = (e.sqlstate, str(e))
        thread = threading.Thread(target=run)
        started = time.monotonic()
        thread.start()
        _wait_until_waiting(server, 2)
        time.sleep(1.5)                  # many deadlock_timeouts
        x.rollback()
        y.rollback()
        thread.join(60)
        leader.rollback()
        return outcome, time.monotonic() - started > 1.5
    finally:
        leader.close()
        x.close()
        y.close()


def test_lock_group_members_blocked_by_others_are_not_deadlocked(pgsnake, oracle):
    expected = _members_blocked_outside(oracle)
    assert expected == ({"rows": [(2000,)]}, True)
    assert _members_blocked_outside(pgsnake) == expected
