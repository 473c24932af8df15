# Proves parallel query's process side on a real pgsnake server: a Gather's workers are
# processes the postmaster forks (pg_stat_activity shows them as "parallel worker" with
# their leader's pid), their answers equal the serial plan's, a worker's ERROR reaches
# the client with its SQLSTATE and CONTEXT "parallel worker", a cancel of the leader
# stops its workers, workers join their leader's lock group (their locks shown in
# pg_locks, never waiting for the leader's), and kill -9 of a worker crash-restarts the
# server like any backend.
from __future__ import annotations

import os
import signal
import struct
import threading
import time

import psycopg
import pytest

from harness import raw_protocol, servers

# Zero costs make a small table worth scanning in parallel (PostgreSQL's tests do so).
PARALLEL = ("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "
            "SET min_parallel_table_scan_size = 0")
# md5 over a long string per row: a scan that runs for seconds, all of it in the
# workers (parallel_leader_participation off), with parallel-safe functions only.
SLOW_SCAN = ("SELECT a FROM par_slow WHERE md5(repeat(b, 20000)) = 'never'")


def _load(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE par_t (a int, b text)")
        conn.execute("INSERT INTO par_t SELECT g, 'v' || (g % 37) FROM generate_series(1, 3000) g")
        conn.execute("CREATE TABLE par_slow (a int, b text)")
        conn.execute("INSERT INTO par_slow SELECT g, repeat('x', 20) FROM generate_series(1, 3000) g")
        conn.execute("ANALYZE par_t")
        conn.execute("ANALYZE par_slow")
    return server


@pytest.fixture(scope="module")
def server():
    """One server for the tests that leave it running (initdb is most of their time)."""
    made = servers.PgsnakeServer()
    try:
        made.initdb()
        made.start()
        yield _load(made)
    finally:
        made.cleanup()


def _parallel_session(server):
    conn = server.connect(autocommit=True)
    conn.execute(PARALLEL)
    return conn


def _workers(conn) -> list[tuple]:
    return conn.execute("SELECT pid, leader_pid, datname, usename, query FROM pg_stat_activity "
                        "WHERE backend_type = 'parallel worker'").fetchall()


def test_answers_equal_the_serial_plan(server):
    query = "SELECT a, b || '!' FROM par_t WHERE a % 3 = 0 AND b <> 'v5'"
    with _parallel_session(server) as conn:
        plan = [r[0] for r in conn.execute("EXPLAIN (COSTS OFF) " + query)]
        assert plan[0] == "Gather" and "Parallel Seq Scan on par_t" in plan[2]
        analyzed = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query)]
        assert "  Workers Launched: 2" in analyzed
        parallel = conn.execute(query).fetchall()
        conn.execute("SET max_parallel_workers_per_gather = 0")
        assert [r[0] for r in conn.execute("EXPLAIN (COSTS OFF) " + query)][0].startswith("Seq Scan")
        serial = conn.execute(query).fetchall()
    assert len(serial) == len(parallel) > 900
    assert sorted(parallel) == sorted(serial)


@pytest.mark.parametrize("query, top", [
    ("SELECT a, b FROM par_t WHERE a % 7 <> 0 ORDER BY b, a DESC", "Gather Merge"),
    ("SELECT count(*), sum(a), avg(a), min(b), max(a) FROM par_t WHERE a % 3 = 1",
     "Finalize Aggregate")])
def test_merged_and_aggregated_answers_equal_the_serial_plan(server, query, top):
    with _parallel_session(server) as conn:
        assert conn.execute("EXPLAIN (COSTS OFF) " + query).fetchone()[0] == top
        parallel = conn.execute(query).fetchall()
        conn.execute("SET max_parallel_workers_per_gather = 0")
        assert conn.execute("EXPLAIN (COSTS OFF) " + query).fetchone()[0] != top
        serial = conn.execute(query).fetchall()
    assert parallel == serial          # in the same order: Gather Merge keeps ORDER BY's


def test_explain_analyze_verbose_shows_each_workers_figures(server):
    """EXPLAIN ANALYZE VERBOSE adds "Worker N:  actual ..." lines to every node the
    workers ran (PostgreSQL's per-worker instrumentation); without the leader, the
    workers' rows are all the rows. Without VERBOSE there are none."""
    query = "SELECT a FROM par_t WHERE a % 3 = 0"
    with _parallel_session(server) as conn:
        conn.execute("SET parallel_leader_participation = off")
        lines = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query)]
        scan = next(i for i, line in enumerate(lines) if "Parallel Seq Scan" in line)
        workers = [line.strip() for line in lines[scan + 1:] if "Worker " in line]
        launched = int(next(line for line in lines if "Workers Launched" in line).split()[-1])
        assert len(workers) == launched == 2
        assert [w.split(":")[0] for w in workers] == ["Worker 0", "Worker 1"]
        assert sum(int(w.split("rows=")[1].split()[0]) for w in workers) == 1000
        assert all(w.endswith("loops=1") for w in workers)
        plain = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query)]
        assert not any("Worker " in line for line in plain)


def _protocol_message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def test_portal_fetched_in_pieces_keeps_no_workers(server):
    """An Execute with a row limit runs the portal's Gather without workers (PostgreSQL
    leaves parallel mode off for a portal not run at once), so none waits while the
    portal is suspended; the rows still all come, from the leader."""
    sock = raw_protocol.open_socket(server)
    try:
        raw_protocol.startup(sock)
        sock.sendall(raw_protocol.query_message(PARALLEL))
        raw_protocol.read_until_ready_or_close(sock)
        # wide rows: workers (were there any) would fill their queues and wait
        sql = "SELECT a, repeat(b, 2000) FROM par_t WHERE a % 3 = 0"
        sock.sendall(_protocol_message(b"P", b"\0" + sql.encode() + b"\0\0\0")
                     + _protocol_message(b"B", b"\0\0" + struct.pack("!HHH", 0, 0, 0))
                     + _protocol_message(b"E", b"\0" + struct.pack("!I", 10))
                     + _protocol_message(b"H", b""))
        rows = 0
        while True:
            kind, _ = raw_protocol.read_message(sock)
            rows += kind == b"D"
            if kind == b"s":                    # PortalSuspended
                break
            assert kind != b"E"
        assert rows == 10
        with server.connect(autocommit=True) as watcher:
            deadline = time.monotonic() + 1.5      # (a worker would attach by then)
            while time.monotonic() < deadline:
                assert _workers(watcher) == []
                time.sleep(0.1)
            watcher.execute(PARALLEL)
            assert watcher.execute("EXPLAIN (COSTS OFF) " + sql).fetchone()[0] == "Gather"
        sock.sendall(_protocol_message(b"E", b"\0" + struct.pack("!I", 0))
                     + _protocol_message(b"S", b""))
        messages, closed = raw_protocol.read_until_ready_or_close(sock)
        assert not closed
        rows += sum(1 for kind, _ in messages if kind == b"D")
        assert rows == 1000
    finally:
        sock.close()


def test_worker_error_reaches_the_client(server):
    with _parallel_session(server) as conn:
        conn.execute("SET parallel_leader_participation = off")
        with pytest.raises(psycopg.errors.DivisionByZero) as err:
            conn.execute("SELECT a / (a - 1500) FROM par_t")
        assert err.value.diag.message_primary == "division by zero"
        assert err.value.diag.context == "parallel worker"
        # the session goes on, and the workers' slots were given back
        for _ in range(12):
            assert conn.execute("SELECT count(*) FROM (SELECT a FROM par_t WHERE a > 10) s"
                                ).fetchone() == (2990,)
            assert len(conn.execute("SELECT * FROM par_t WHERE a = 7").fetchall()) == 1
        assert "Workers Launched: 2" in "\n".join(r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM par_t WHERE a = 7"))


def _start_slow_scan(server):
    conn = _parallel_session(server)
    conn.execute("SET parallel_leader_participation = off")
    leader = conn.info.backend_pid
    outcome: dict = {}

    def run():
        try:
            conn.execute(SLOW_SCAN).fetchall()
            outcome["result"] = "finished"
        except Exception as e:       # what the test expects is checked by the caller
            outcome["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    return conn, leader, thread, outcome


def _wait_for_no_workers(watcher, seconds: float = 20.0) -> None:
    """Until the parallel workers have exited (or `seconds` passed)."""
    deadline = time.monotonic() + seconds
    while _workers(watcher) and time.monotonic() < deadline:
        time.sleep(0.05)


def _wait_for_workers(watcher, leader, count=2, seconds=30.0) -> list[tuple]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        # (a worker shows its leader's statement once it has read it from the segment)
        rows = [r for r in _workers(watcher) if r[1] == leader and r[4] == SLOW_SCAN]
        if len(rows) >= count:
            return rows
        time.sleep(0.05)
    raise AssertionError(f"no {count} parallel workers of {leader} appeared")


def test_workers_in_pg_stat_activity_and_cancel_stops_them(server):
    conn, leader, thread, outcome = _start_slow_scan(server)
    with server.connect(autocommit=True) as watcher:
        workers = _wait_for_workers(watcher, leader)
        assert all(r[2] == "postgres" and r[3] == "postgres" and r[4] == SLOW_SCAN
                   for r in workers)
        conn.cancel()
        thread.join(30)
        assert isinstance(outcome.get("error"), psycopg.errors.QueryCanceled)
        _wait_for_no_workers(watcher)
        assert _workers(watcher) == []
        assert conn.execute("SELECT count(*) FROM par_t WHERE a < 5").fetchone() == (4,)
    conn.close()


def test_workers_join_the_leaders_lock_group(server):
    # The leader holds AccessExclusiveLock on the table its workers scan: each worker's
    # AccessShareLock on it is granted all the same (group locking: a worker never
    # waits for its leader), and pg_locks shows it under the worker's pid.
    conn = _parallel_session(server)
    conn.autocommit = False
    conn.execute("SET parallel_leader_participation = off")
    conn.execute("LOCK TABLE par_slow IN ACCESS EXCLUSIVE MODE")
    leader = conn.info.backend_pid
    outcome: dict = {}

    def run():
        try:
            conn.execute(SLOW_SCAN).fetchall()
            outcome["result"] = "finished"
        except Exception as e:       # checked below
            outcome["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    try:
        with server.connect(autocommit=True) as watcher:
            workers = {r[0] for r in _wait_for_workers(watcher, leader)}
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                locks = watcher.execute(
                    "SELECT pid, mode, granted FROM pg_locks "
                    "WHERE relation = 'par_slow'::regclass ORDER BY pid").fetchall()
                if {pid for pid, _, _ in locks} >= workers:
                    break
                time.sleep(0.05)
            assert (leader, "AccessExclusiveLock", True) in locks
            for pid in workers:
                assert (pid, "AccessShareLock", True) in locks
            waiting = watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                                      "AND pid = ANY(%s)", (list(workers),)).fetchone()
            assert waiting == (0,)
            conn.cancel()
            thread.join(30)
            assert isinstance(outcome.get("error"), psycopg.errors.QueryCanceled)
            conn.rollback()
            # the workers' locks went with them
            _wait_for_no_workers(watcher)
            assert watcher.execute("SELECT count(*) FROM pg_locks WHERE pid = ANY(%s)",
                                   (list(workers),)).fetchone() == (0,)
    finally:
        thread.join(30)
        conn.close()


def test_workers_go_ahead_of_a_waiter_their_leader_blocks(server):
    # The leader holds AccessShareLock on par_t; another session waits for
    # AccessExclusiveLock behind it. The leader's workers then ask for AccessShareLock:
    # queued behind that waiter they would wait forever (it waits for the leader, the
    # leader for their rows); as members of the leader's group they go ahead of it.
    conn = _parallel_session(server)
    conn.autocommit = False
    conn.execute("SET statement_timeout = '60s'")
    conn.execute("SELECT 1 FROM par_t LIMIT 0")
    other = server.connect()
    other.autocommit = False
    outcome: dict = {}

    def lock_it():
        try:
            other.execute("LOCK TABLE par_t IN ACCESS EXCLUSIVE MODE")
            outcome["locked"] = True
            other.rollback()
        except Exception as e:       # checked below
            outcome["error"] = e

    thread = threading.Thread(target=lock_it)
    thread.start()
    try:
        with server.connect(autocommit=True) as watcher:
            deadline = time.monotonic() + 30
            while not watcher.execute(
                    "SELECT count(*) FROM pg_locks WHERE relation = 'par_t'::regclass "
                    "AND NOT granted").fetchone()[0] and time.monotonic() < deadline:
                time.sleep(0.05)
            assert watcher.execute("SELECT mode FROM pg_locks WHERE NOT granted").fetchall() \
                == [("AccessExclusiveLock",)], (outcome, watcher.execute(
                    "SELECT pid, mode, granted FROM pg_locks").fetchall())
        plan = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            "SELECT count(*) FROM par_t WHERE a > 0")]
        assert "        Workers Launched: 2" in plan
        assert conn.execute("SELECT count(*) FROM par_t WHERE a > 0").fetchone() == (3000,)
        assert "locked" not in outcome
        conn.rollback()
        thread.join(30)
        assert outcome == {"locked": True}
    finally:
        conn.close()
        thread.join(30)
        other.close()


def test_kill9_of_a_worker_crash_restarts_the_server(server):
    # (last in the file: the module's server restarts after it)
    conn, leader, thread, outcome = _start_slow_scan(server)
    with server.connect(autocommit=True) as watcher:
        victim = _wait_for_workers(watcher, leader)[0][0]
    before = server.log_size()
    os.kill(victim, signal.SIGKILL)
    thread.join(60)
    assert isinstance(outcome.get("error"), psycopg.OperationalError)
    conn.close()
    with server.connect_within(60) as again:
        assert again.execute("SELECT count(*) FROM par_t").fetchone() == (3000,)
    log = server.log_text(before)
    assert f'background worker "parallel worker" (PID {victim}) was terminated by signal 9' in log
    assert "all server processes terminated; reinitializing" in log
