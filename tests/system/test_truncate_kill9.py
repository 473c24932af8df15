# Proves TRUNCATE is durable and leaves no files behind, on pgsnake and on PostgreSQL 15:
# a committed TRUNCATE followed by new rows survives kill -9 (the table holds exactly the
# new rows, its primary key still enforced); the table's and its index's old files are
# gone, and a rolled-back TRUNCATE's new files are gone too.
from __future__ import annotations

import os

import psycopg
import pytest


def _path(conn, server, name: str) -> str:
    relative = conn.execute("SELECT pg_relation_filepath(%s)", (name,)).fetchone()[0]
    return os.path.join(server.datadir, relative)


def test_truncate_survives_kill9_without_orphans(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE tk (id int PRIMARY KEY, v text)")
        conn.execute("INSERT INTO tk SELECT g, 'old' FROM generate_series(1, 2000) g")
        old_files = [_path(conn, server, "tk"), _path(conn, server, "tk_pkey")]
        with conn.transaction():
            conn.execute("TRUNCATE tk")
            kept_files = [_path(conn, server, "tk"), _path(conn, server, "tk_pkey")]
            conn.execute("INSERT INTO tk VALUES (1, 'gone')")
        # That TRUNCATE committed; now one that rolls back.
        conn.execute("BEGIN")
        conn.execute("TRUNCATE tk")
        rolled_back_files = [_path(conn, server, "tk"), _path(conn, server, "tk_pkey")]
        conn.execute("ROLLBACK")
        conn.execute("INSERT INTO tk SELECT g, 'new' FROM generate_series(5, 14) g")
        conn.execute("CHECKPOINT")
        conn.execute("INSERT INTO tk VALUES (15, 'after checkpoint')")
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        rows = conn.execute("SELECT id, v FROM tk ORDER BY id").fetchall()
        assert rows == [(1, "gone")] + [(g, "new") for g in range(5, 15)] + [(15, "after checkpoint")]
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO tk VALUES (7, 'dup')")
        current = [_path(conn, server, "tk"), _path(conn, server, "tk_pkey")]
    assert current == kept_files and current != old_files
    for path in old_files + rolled_back_files:
        assert not os.path.exists(path), f"{path} outlived its TRUNCATE"
