# Proves that kill -9 in the middle of DDL that makes new files (CREATE INDEX, a table
# rewrite by ALTER TABLE ... TYPE, CREATE DATABASE) leaves a consistent cluster with no
# orphan files: the backend is killed as soon as its new file (or database directory)
# appears on disk, with or without a checkpoint in between (which moves the creation
# before the redo point, out of replay's sight); after the crash restart the table has
# all its rows, the DDL can run again, and every relation file in every database
# directory belongs to a relation and every database directory to a database.
# pgsnake only: PostgreSQL 15 keeps such files (pgsnake's end-of-recovery sweep,
# catalog/orphan_files.py, removes them).
from __future__ import annotations

import os
import re
import signal
import threading
import time

import psycopg
import pytest

from harness import processes

ROWS = 20000
_RELATION_FILE = re.compile(r"^(\d+)(?:_(?:fsm|vm|init))?(?:\.\d+)?$")


def _entries(path: str) -> set[str]:
    return set(os.listdir(path))


def _wait_for_new(path: str, before: set[str], statement: threading.Thread) -> str | None:
    """The first new entry of `path` (None if the statement ended without one)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        new = {name for name in _entries(path) - before if name[0].isdigit()}
        if new:
            return min(new)
        if not statement.is_alive():
            return None
        time.sleep(0.005)
    raise AssertionError(f"no new file in {path} within 120 s")


def _orphans(server) -> list[str]:
    """Relation files no pg_class row or relation map names, and database directories
    no pg_database row names."""
    found = []
    with server.connect(autocommit=True) as conn:
        databases = {oid: name for oid, name in
                     conn.execute("SELECT oid, datname FROM pg_database WHERE datallowconn")}
        all_oids = {row[0] for row in conn.execute("SELECT oid FROM pg_database")}
    base = os.path.join(server.datadir, "base")
    for name in os.listdir(base):
        if name.isdigit() and int(name) not in all_oids:
            found.append(f"base/{name}")
    for oid, datname in databases.items():
        with server.connect(autocommit=True, dbname=datname) as conn:
            named = {row[0] for row in conn.execute(
                "SELECT pg_relation_filenode(oid) FROM pg_class "
                "WHERE pg_relation_filenode(oid) IS NOT NULL")}
        for name in os.listdir(os.path.join(base, str(oid))):
            match = _RELATION_FILE.match(name)
            if match and int(match.group(1)) not in named:
                found.append(f"base/{oid}/{name}")
    return found


def _run_and_kill(server, statement_sql: str, watch: str, *, checkpoint_first: bool):
    """Run statement_sql in a session; kill -9 its backend once a new entry appears in
    `watch` (after a CHECKPOINT from another session if asked). True if it was killed
    before it finished."""
    victim = server.connect(autocommit=True)
    pid = victim.info.backend_pid
    before = _entries(watch)
    outcome: dict = {}

    def run():
        try:
            victim.execute(statement_sql)
            outcome["finished"] = True
        except psycopg.Error as e:
            outcome["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    new = _wait_for_new(watch, before, thread)
    killed = False
    if new is not None and thread.is_alive():
        if checkpoint_first:
            with server.connect(autocommit=True) as other:
                other.execute("CHECKPOINT")
        killed = thread.is_alive()
        processes.kill_and_wait([pid], signal.SIGKILL)
    thread.join(60)
    victim.close()
    return killed and "finished" not in outcome


@pytest.fixture
def server(make_pgsnake_server):
    server = make_pgsnake_server(settings={"shared_buffers": "2MB"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE big (id int, v text)")
        conn.execute(f"INSERT INTO big SELECT g, 'value ' || g FROM generate_series(1, {ROWS}) g")
        conn.execute("CHECKPOINT")
        database = conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()"
                                ).fetchone()[0]
    server.database_dir = os.path.join(server.datadir, "base", str(database))
    return server


def _check_after_restart(server):
    conn = server.connect_within(60)
    try:
        assert conn.execute("SELECT count(*), sum(id) FROM big").fetchone() == \
            (ROWS, ROWS * (ROWS + 1) // 2)
    finally:
        conn.close()
    assert _orphans(server) == []


@pytest.mark.parametrize("checkpoint_first", [False, True], ids=["", "after_checkpoint"])
def test_kill9_during_create_index_leaves_no_orphans(server, checkpoint_first):
    killed = _run_and_kill(server, "CREATE INDEX big_v ON big (v)", server.database_dir,
                           checkpoint_first=checkpoint_first)
    _check_after_restart(server)
    with server.connect(autocommit=True) as conn:
        exists = conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'big_v'").fetchone()[0]
        assert exists == (0 if killed else 1)
        if killed:
            conn.execute("CREATE INDEX big_v ON big (v)")
        conn.execute("SET enable_seqscan = off")
        assert conn.execute("SELECT id FROM big WHERE v = 'value 77'").fetchall() == [(77,)]
    assert _orphans(server) == []


@pytest.mark.parametrize("checkpoint_first", [False, True], ids=["", "after_checkpoint"])
def test_kill9_during_table_rewrite_leaves_no_orphans(server, checkpoint_first):
    killed = _run_and_kill(server, "ALTER TABLE big ALTER COLUMN id TYPE bigint",
                           server.database_dir, checkpoint_first=checkpoint_first)
    _check_after_restart(server)
    with server.connect(autocommit=True) as conn:
        kind = conn.execute("SELECT atttypid::regtype::text FROM pg_attribute "
                            "WHERE attrelid = 'big'::regclass AND attname = 'id'").fetchone()[0]
        assert kind == ("integer" if killed else "bigint")
        conn.execute("ALTER TABLE big ALTER COLUMN id TYPE bigint")
        assert conn.execute("SELECT count(*) FROM big").fetchone() == (ROWS,)
    assert _orphans(server) == []


def test_kill9_during_create_database_leaves_no_orphans(server):
    base = os.path.dirname(server.database_dir)
    killed = _run_and_kill(server, "CREATE DATABASE copied TEMPLATE template1", base,
                           checkpoint_first=False)
    _check_after_restart(server)
    with server.connect(autocommit=True) as conn:
        exists = conn.execute("SELECT count(*) FROM pg_database WHERE datname = 'copied'"
                              ).fetchone()[0]
        assert exists == (0 if killed else 1)
        if killed:
            conn.execute("CREATE DATABASE copied TEMPLATE template1")
    with server.connect(autocommit=True, dbname="copied") as conn:
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname = 'pg_class'"
                            ).fetchone() == (1,)
    assert _orphans(server) == []
