# Proves autovacuum, on pgsnake and on PostgreSQL 15: with a short autovacuum_naptime a
# table whose dead tuples pass the threshold is vacuumed by a worker on its own
# (last_autovacuum, autovacuum_count, n_dead_tup back to 0, the log_autovacuum_min_duration
# message), honouring the table's reloptions (autovacuum_enabled = off, a per-table
# threshold); with autovacuum = off nothing happens; a worker slowed by the cost delay shows
# in pg_stat_activity as "autovacuum: VACUUM ... public.table" and in
# pg_stat_progress_vacuum scanning the heap; and kill -9 of that worker
# is a crash like any child's: the cluster restarts, the data is intact, and the
# statistics are discarded by crash recovery. A user's lock request that waits for a
# worker longer than deadlock_timeout cancels it ("canceling autovacuum task"), and
# DROP DATABASE makes a worker in that database give way.
from __future__ import annotations

import os
import signal
import time

import pytest

AUTOVACUUM = {"autovacuum": "on", "autovacuum_naptime": "1",
              "log_autovacuum_min_duration": "0"}


def _wait_for(conn, query, predicate, timeout=120.0):
    """Poll `query` until predicate(row) holds (the test may wait by polling)."""
    deadline = time.monotonic() + timeout
    row = None
    while time.monotonic() < deadline:
        row = conn.execute(query).fetchone()
        if predicate(row):
            return row
        time.sleep(0.5)
    raise AssertionError(f"timed out; last row: {row}")


def _fill_with_dead_tuples(conn, table: str, rows: int, deleted: int, options: str = "") -> None:
    conn.execute(f"CREATE TABLE {table} (id int, pad text) {options}")
    conn.execute(f"INSERT INTO {table} SELECT g, repeat('x', 100) FROM generate_series(1, {rows}) g")
    conn.execute(f"DELETE FROM {table} WHERE id <= {deleted}")
    conn.execute("SELECT pg_stat_force_next_flush()")


def test_autovacuum_vacuums_a_table_over_its_threshold(make_server):
    server = make_server(settings=AUTOVACUUM)
    log_start = server.log_size()
    with server.connect(autocommit=True) as conn:
        # The reloptions: one table is left alone, one has a lower threshold than 50.
        _fill_with_dead_tuples(conn, "av_disabled", 200, 150, "WITH (autovacuum_enabled = off)")
        _fill_with_dead_tuples(conn, "av_low", 20, 10, "WITH (autovacuum_vacuum_threshold = 5, "
                                                        "autovacuum_vacuum_scale_factor = 0)")
        _fill_with_dead_tuples(conn, "av_dead", 200, 150)
        row = _wait_for(conn, "SELECT autovacuum_count, n_dead_tup, n_live_tup, "
                              "last_autovacuum IS NOT NULL, vacuum_count "
                              "FROM pg_stat_user_tables WHERE relname = 'av_dead'",
                        lambda r: r[0] >= 1)
        assert row[1:] == (0, 50, True, 0)
        assert conn.execute("SELECT count(*) FROM av_dead").fetchone()[0] == 50
        _wait_for(conn, "SELECT autovacuum_count FROM pg_stat_user_tables "
                        "WHERE relname = 'av_low'", lambda r: r[0] >= 1)
        assert conn.execute("SELECT autovacuum_count, n_dead_tup FROM pg_stat_user_tables "
                            "WHERE relname = 'av_disabled'").fetchone() == (0, 150)
    deadline = time.monotonic() + 30
    while 'automatic vacuum of table "postgres.public.av_dead"' not in server.log_text(log_start):
        assert time.monotonic() < deadline, server.log_text(log_start)
        time.sleep(0.5)
    assert "tuples: 150 removed, 50 remain" in server.log_text(log_start)


def test_autovacuum_off_is_honoured(make_server):
    server = make_server(settings={**AUTOVACUUM, "autovacuum": "off"})
    with server.connect(autocommit=True) as conn:
        _fill_with_dead_tuples(conn, "av_off", 200, 150)
        time.sleep(5)          # five naptimes: a worker would have come by now
        row = conn.execute("SELECT autovacuum_count, n_dead_tup FROM pg_stat_user_tables "
                           "WHERE relname = 'av_off'").fetchone()
        assert row == (0, 150)


@pytest.mark.slow
def test_a_slow_worker_shows_in_pg_stat_activity_and_kill_9_restarts_the_cluster(make_server):
    # The cost delay at its largest makes the worker sleep 400 ms per page.
    server = make_server(settings={**AUTOVACUUM, "autovacuum_vacuum_cost_delay": "100",
                                   "autovacuum_vacuum_cost_limit": "1"})
    log_start = server.log_size()
    with server.connect(autocommit=True) as conn:
        _fill_with_dead_tuples(conn, "av_slow", 3000, 2500)
        pid, query = _wait_for(
            conn, "SELECT pid, query FROM pg_stat_activity "
                  "WHERE backend_type = 'autovacuum worker' AND query LIKE '%av_slow%'",
            lambda r: r is not None)
        assert query.startswith("autovacuum: VACUUM") and query.endswith("public.av_slow")
        phase, total, scanned = _wait_for(
            conn, "SELECT phase, heap_blks_total, heap_blks_scanned FROM pg_stat_progress_vacuum "
                  f"WHERE pid = {pid} AND relid = 'av_slow'::regclass",
            lambda r: r is not None and r[2] > 0)
        assert phase == "scanning heap" and 0 < scanned <= total
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 120
    while True:
        try:
            with server.connect(autocommit=True) as conn:
                assert conn.execute("SELECT count(*) FROM av_slow").fetchone()[0] == 500
                # Crash recovery discarded the statistics.
                row = conn.execute("SELECT n_dead_tup, n_tup_del FROM pg_stat_user_tables "
                                   "WHERE relname = 'av_slow'").fetchone()
                assert row == (0, 0)
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    log = server.log_text(log_start)
    assert f"server process (PID {pid}) was terminated by signal 9" in log, log
    assert "terminating any other active server processes" in log


@pytest.mark.slow
def test_a_user_lock_request_cancels_a_blocking_autovacuum(make_server):
    server = make_server(settings={**AUTOVACUUM, "autovacuum_vacuum_cost_delay": "100",
                                   "autovacuum_vacuum_cost_limit": "1"})
    log_start = server.log_size()
    with server.connect(autocommit=True) as conn:
        _fill_with_dead_tuples(conn, "av_blocking", 3000, 2500)
        pid, = _wait_for(conn, "SELECT pid FROM pg_stat_activity WHERE backend_type = "
                               "'autovacuum worker' AND query LIKE '%av_blocking%'",
                         lambda r: r is not None)
        started = time.monotonic()
        with conn.transaction():
            conn.execute("LOCK TABLE av_blocking IN ACCESS EXCLUSIVE MODE")
        # The vacuum alone would take a dozen seconds; deadlock_timeout is one.
        assert time.monotonic() - started < 8
    deadline = time.monotonic() + 30
    while "canceling autovacuum task" not in server.log_text(log_start):
        assert time.monotonic() < deadline, server.log_text(log_start)
        time.sleep(0.5)
    log = server.log_text(log_start)
    assert f"[{pid}] ERROR:  canceling autovacuum task" in log, log
    assert 'automatic vacuum of table "postgres.public.av_blocking"' in log


@pytest.mark.slow
def test_drop_database_makes_its_autovacuum_worker_give_way(make_server):
    server = make_server(settings={**AUTOVACUUM, "autovacuum_vacuum_cost_delay": "100",
                                   "autovacuum_vacuum_cost_limit": "1"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE DATABASE av_doomed")
    with server.connect(autocommit=True, dbname="av_doomed") as conn:
        _fill_with_dead_tuples(conn, "av_big", 3000, 2500)
    with server.connect(autocommit=True) as conn:
        _wait_for(conn, "SELECT pid FROM pg_stat_activity WHERE backend_type = "
                        "'autovacuum worker' AND datname = 'av_doomed'",
                  lambda r: r is not None)
        conn.execute("DROP DATABASE av_doomed")
        assert conn.execute("SELECT count(*) FROM pg_database "
                            "WHERE datname = 'av_doomed'").fetchone()[0] == 0


def test_launcher_runs_only_while_autovacuum_is_on(make_server):
    """PostgreSQL starts no launcher with autovacuum = off; a reload that turns it on
    starts one, and one that turns it off again makes it exit (and stay gone)."""
    server = make_server(start=False, settings={"autovacuum_naptime": "1"})
    # In the configuration file, not on the command line, so that ALTER SYSTEM wins.
    server.settings.pop("autovacuum", None)
    with open(os.path.join(server.datadir, "postgresql.conf"), "a") as conf:
        conf.write("\nautovacuum = off\n")
    server.start()
    launchers = ("SELECT count(*) FROM pg_stat_activity "
                 "WHERE backend_type = 'autovacuum launcher'")
    with server.connect(autocommit=True) as conn:
        assert conn.execute(launchers).fetchone() == (0,)
        conn.execute("ALTER SYSTEM SET autovacuum = on")
        conn.execute("SELECT pg_reload_conf()")
        _wait_for(conn, launchers, lambda r: r == (1,), timeout=30)
        conn.execute("ALTER SYSTEM SET autovacuum = off")
        conn.execute("SELECT pg_reload_conf()")
        _wait_for(conn, launchers, lambda r: r == (0,), timeout=30)
        time.sleep(1.5)                 # not restarted after it quit
        assert conn.execute(launchers).fetchone() == (0,)
        conn.execute("ALTER SYSTEM RESET autovacuum")
