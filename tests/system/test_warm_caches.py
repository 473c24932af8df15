# Catalog caches made before fork (catalog/warm_caches.py, postmaster README rule 15):
# a backend that starts with the postmaster's caches must see every catalog change
# committed after the catalog warmer read them, and none of its caches may outlive a
# crash-restart. Each test waits until the postmaster has built the caches (its DEBUG
# line), then changes catalogs and checks what new connections see. The same checks
# run on PostgreSQL 15 (where the relcache init file plays this part), which proves
# the expectations are PostgreSQL's.
from __future__ import annotations

import re
import signal
import time

import psycopg
import pytest

from harness import processes

WARM = re.compile(r"DEBUG:  catalog caches of databases \[([0-9, ]*)\] made before fork")


def _wait_for_warm_caches(server, since=0, count=1, timeout=60):
    """pgsnake: wait until the postmaster has built its caches `count` times after log
    offset `since`; returns the databases of the last build. The oracle: nothing."""
    if server.kind != "pgsnake":
        return None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = WARM.findall(server.log_text(since))
        if len(found) >= count:
            return [int(oid) for oid in found[-1].split(",") if oid.strip()]
        time.sleep(0.1)
    raise AssertionError(f"no catalog caches built before fork:\n{server.log_text(since)}")


def _settings():
    # The oracle ignores nothing it does not know; log_min_messages exists in both.
    return {"log_min_messages": "debug1"}


def _columns(conn, table):
    return conn.execute(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
        (table,)).fetchall()


def test_new_connection_sees_ddl_committed_after_the_caches_were_built(make_server):
    server = make_server(settings=_settings())
    databases = _wait_for_warm_caches(server)
    if databases is not None:
        postgres_oid = None
        with server.connect() as conn:
            postgres_oid = conn.execute(
                "SELECT oid FROM pg_database WHERE datname = 'postgres'").fetchone()[0]
        assert postgres_oid in databases
    with server.connect() as conn:
        conn.execute("CREATE TABLE warm_t (a int PRIMARY KEY, b text)")
        conn.execute("INSERT INTO warm_t VALUES (1, 'one')")
    with server.connect() as conn:          # a new backend: table, columns, index
        assert conn.execute("SELECT a, b FROM warm_t WHERE a = 1").fetchall() == [(1, "one")]
        assert _columns(conn, "warm_t") == [("a", "integer"), ("b", "text")]
    with server.connect() as conn:
        conn.execute("ALTER TABLE warm_t ADD COLUMN c numeric(5,2) DEFAULT 1.5")
        conn.execute("ALTER TABLE warm_t RENAME COLUMN b TO bee")
        conn.execute("ALTER TABLE warm_t ALTER COLUMN a TYPE bigint")
    with server.connect() as conn:
        assert conn.execute("SELECT a, bee, c FROM warm_t").fetchall() == [(1, "one", 1.5)]
        with pytest.raises(psycopg.errors.UndefinedColumn):
            conn.execute("SELECT b FROM warm_t")
    with server.connect() as conn:
        conn.execute("DROP TABLE warm_t")
        conn.execute("CREATE TABLE warm_t (z date)")
    with server.connect() as conn:
        assert _columns(conn, "warm_t") == [("z", "date")]
        conn.execute("DROP TABLE warm_t")
    with server.connect() as conn:
        with pytest.raises(psycopg.errors.UndefinedTable):
            conn.execute("SELECT * FROM warm_t")
    _functions_and_operators_reach_new_connections(server)
    _statistics_reach_new_connections(server)
    _schema_and_search_path_changes_reach_new_connections(server)
    _a_new_database_gets_caches_on_request(server)


def _functions_and_operators_reach_new_connections(server):
    """The user function and operator caches are made before fork too."""
    with server.connect() as conn:
        conn.execute("CREATE FUNCTION warm_f(int) RETURNS int LANGUAGE sql AS 'SELECT $1 + 1'")
        conn.execute("CREATE OPERATOR #%# (LEFTARG = int, RIGHTARG = int, FUNCTION = int4pl)")
    with server.connect() as conn:
        assert conn.execute("SELECT warm_f(1), 2 #%# 3").fetchone() == (2, 5)
    with server.connect() as conn:
        conn.execute("DROP OPERATOR #%# (int, int)")
        conn.execute("CREATE OR REPLACE FUNCTION warm_f(int) RETURNS int LANGUAGE sql "
                     "AS 'SELECT $1 * 10'")
    with server.connect() as conn:
        assert conn.execute("SELECT warm_f(2)").fetchone() == (20,)
        with pytest.raises(psycopg.errors.UndefinedFunction):
            conn.execute("SELECT 2 #%# 3")
    with server.connect() as conn:
        conn.execute("DROP FUNCTION warm_f(int)")
    with server.connect() as conn:
        with pytest.raises(psycopg.errors.UndefinedFunction):
            conn.execute("SELECT warm_f(2)")


def _statistics_reach_new_connections(server):
    """The planner's statistics cache is made before fork too: a new backend plans with
    the statistics of the last ANALYZE, as the backend that ran it does."""
    query = "EXPLAIN SELECT * FROM warm_stats WHERE a = 1"
    with server.connect() as conn:
        conn.execute("CREATE TABLE warm_stats (a int, t text)")
        conn.execute("INSERT INTO warm_stats SELECT i % 3, 'x' || i FROM generate_series(1, 600) i")
        conn.execute("ANALYZE warm_stats")
        first = conn.execute(query).fetchall()
    with server.connect() as conn:
        assert conn.execute(query).fetchall() == first
        conn.execute("INSERT INTO warm_stats SELECT 1, 'y' FROM generate_series(1, 900)")
        conn.execute("ANALYZE warm_stats")
        second = conn.execute(query).fetchall()
    assert second != first
    with server.connect() as conn:
        assert conn.execute(query).fetchall() == second
        conn.execute("DROP TABLE warm_stats")


def _schema_and_search_path_changes_reach_new_connections(server):
    with server.connect() as conn:
        conn.execute("CREATE SCHEMA warm_s")
        conn.execute("CREATE TABLE warm_s.t (x int)")
        conn.execute("CREATE TABLE public.t (y int)")
        conn.execute("ALTER ROLE postgres SET search_path = warm_s, public")
    with server.connect() as conn:
        assert conn.execute("SHOW search_path").fetchone() == ("warm_s, public",)
        assert [d.name for d in conn.execute("SELECT * FROM t").description] == ["x"]
    with server.connect() as conn:
        conn.execute("ALTER ROLE postgres RESET search_path")
        # (pgsnake has no ALTER DATABASE ... SET yet: the per-database setting is
        # the role's in this database, the same pg_db_role_setting read after fork.)
        conn.execute("ALTER ROLE postgres IN DATABASE postgres SET search_path = public, warm_s")
    with server.connect() as conn:
        assert conn.execute("SHOW search_path").fetchone() == ("public, warm_s",)
        assert [d.name for d in conn.execute("SELECT * FROM t").description] == ["y"]
        conn.execute("ALTER ROLE postgres IN DATABASE postgres RESET search_path")
        conn.execute("DROP SCHEMA warm_s CASCADE")
        conn.execute("CREATE SCHEMA warm_s")
        conn.execute("CREATE TABLE warm_s.t (w text)")
    with server.connect() as conn:
        assert conn.execute("SELECT count(*) FROM warm_s.t").fetchone() == (0,)
        assert [d.name for d in conn.execute("SELECT * FROM warm_s.t").description] == ["w"]
        conn.execute("DROP SCHEMA warm_s CASCADE")
        conn.execute("DROP TABLE public.t")


def _a_new_database_gets_caches_on_request(server):
    """A database made after the warmer ran: its first backend reads the catalogs
    itself and asks for a warmer (at most one per 5 s); later backends get caches."""
    since = server.log_size()
    with server.connect() as conn:
        conn.execute("CREATE DATABASE warm_new")
        oid = conn.execute("SELECT oid FROM pg_database WHERE datname = 'warm_new'").fetchone()[0]
    with server.connect(dbname="warm_new") as conn:
        conn.execute("CREATE TABLE n (a int)")
    databases = _wait_for_warm_caches(server, since=since)
    assert databases is None or oid in databases
    with server.connect(dbname="warm_new") as conn:
        conn.execute("ALTER TABLE n ADD COLUMN b int")
    with server.connect(dbname="warm_new") as conn:
        assert _columns(conn, "n") == [("a", "integer"), ("b", "integer")]
    with server.connect() as conn:
        conn.execute("DROP DATABASE warm_new")


@pytest.mark.slow          # a restart (~12 s); the default tier has the other two
def test_a_warm_database_dropped_and_made_again(make_server):
    """pg_database is read after fork: a database of the same name made after the
    caches were built is a new database (new OID), whose catalogs the backend reads."""
    server = make_server(settings=_settings())
    with server.connect() as conn:
        conn.execute("CREATE DATABASE warm_db")
    with server.connect(dbname="warm_db") as conn:
        conn.execute("CREATE TABLE old_t (a int, b text, c numeric, d timestamptz, e int[])")
        conn.execute("INSERT INTO old_t SELECT i, 'v' || i, i / 7.0, now(), ARRAY[i] "
                     "FROM generate_series(1, 200) i")
        conn.execute("ANALYZE old_t")
    server.stop()
    since = server.log_size()
    server.start()
    databases = _wait_for_warm_caches(server, since=since)
    if server.kind == "pgsnake":     # every cache was plain data, statistics included
        assert "skipped" not in server.log_text(since)
    with server.connect() as conn:
        oid = conn.execute("SELECT oid FROM pg_database WHERE datname = 'warm_db'").fetchone()[0]
        assert databases is None or oid in databases
        conn.execute("DROP DATABASE warm_db")
        conn.execute("CREATE DATABASE warm_db")
    with server.connect(dbname="warm_db") as conn:
        conn.execute("CREATE TABLE new_t (b int)")
        with pytest.raises(psycopg.errors.UndefinedTable):
            conn.execute("SELECT * FROM old_t")
    with server.connect(dbname="warm_db") as conn:
        assert conn.execute("SELECT count(*) FROM new_t").fetchone() == (0,)
    with server.connect() as conn:
        conn.execute("DROP DATABASE warm_db")


def test_caches_after_a_crash_restart_are_rebuilt(make_server):
    server = make_server(settings=_settings())
    _wait_for_warm_caches(server)
    with server.connect() as conn:
        conn.execute("CREATE TABLE warm_crash (a int)")
        conn.execute("INSERT INTO warm_crash VALUES (1)")
    since = server.log_size()
    victim = server.connect()
    processes.kill_and_wait([victim.info.backend_pid], signal.SIGKILL)
    victim.close()
    deadline = time.monotonic() + 60
    conn = None
    while conn is None:
        try:
            conn = server.connect(connect_timeout=5)
            conn.execute("SELECT 1")
        except psycopg.Error:
            conn = None
            assert time.monotonic() < deadline, "no connection after the crash-restart"
            time.sleep(0.2)
    # Committed before the crash, replayed by recovery: the ring started again at 0,
    # so only caches built after recovery may be handed out.
    _wait_for_warm_caches(server, since=since)
    with conn:
        conn.execute("ALTER TABLE warm_crash ADD COLUMN b text DEFAULT 'x'")
    with server.connect() as conn:
        assert conn.execute("SELECT a, b FROM warm_crash").fetchall() == [(1, "x")]
        conn.execute("DROP TABLE warm_crash")
