# Proves CREATE DATABASE / DROP DATABASE on pgsnake and PostgreSQL 15: a new database is
# a copy of its template that clients can connect to and use; its data survives kill -9;
# a database with other sessions cannot be dropped (55006, with the session count), and
# neither can a template in use be copied; a dropped database's directory is gone.
from __future__ import annotations

import os

import psycopg
import pytest


def _oid(conn, name: str) -> int:
    return conn.execute("SELECT oid FROM pg_database WHERE datname = %s", (name,)).fetchone()[0]


def test_create_use_crash_and_drop(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE in_template1 (a int)")
        with server.connect(autocommit=True, dbname="template1") as template:
            with pytest.raises(psycopg.errors.ObjectInUse) as caught:
                conn.execute("CREATE DATABASE dbx")
            assert caught.value.diag.message_detail == \
                "There is 1 other session using the database."
            template.execute("CREATE TABLE from_template (a int)")
            template.execute("INSERT INTO from_template VALUES (42)")
        conn.execute("CREATE DATABASE dbx")
        oid = _oid(conn, "dbx")
    with server.connect(autocommit=True, dbname="dbx") as db:
        assert db.execute("SELECT a FROM from_template").fetchall() == [(42,)]
        db.execute("CREATE TABLE t (id serial PRIMARY KEY, v text)")
        db.execute("INSERT INTO t (v) SELECT 'v' || g::text FROM generate_series(1, 100) g")
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True, dbname="dbx") as db:
        assert db.execute("SELECT count(*), max(id) FROM t").fetchone() == (100, 100)
        with server.connect(autocommit=True) as conn:
            with pytest.raises(psycopg.errors.ObjectInUse) as caught:
                conn.execute("DROP DATABASE dbx")
            assert caught.value.diag.message_primary == \
                'database "dbx" is being accessed by other users'
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP DATABASE dbx")
        assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = 'dbx'").fetchone() == (0,)
        with pytest.raises(psycopg.errors.ObjectInUse):
            conn.execute("DROP DATABASE postgres")
    assert not os.path.exists(os.path.join(server.datadir, "base", str(oid)))
    with pytest.raises(psycopg.OperationalError):
        server.connect(dbname="dbx")
