# Proves what an unlogged table promises, on pgsnake and PostgreSQL 15 alike: its rows
# (and its index's entries, and its TOAST table's) survive a clean restart, and after a
# crash (kill -9 of every server process) the table and its index are empty and usable,
# while a logged table beside it keeps every committed row. Its init fork exists on disk
# from the moment the table is created (storage/smgr/unlogged_reinit.py,
# access/common/init_fork.py).
from __future__ import annotations

import os

import pytest


@pytest.fixture(params=["pgsnake", "oracle"])
def make_server(request):
    return request.getfixturevalue("make_oracle_server" if request.param == "oracle"
                                   else "make_pgsnake_server")


def _state(server) -> list:
    with server.connect() as conn:
        return [
            conn.execute("SELECT count(*), coalesce(sum(length(t)), 0) FROM ul").fetchone(),
            conn.execute("SELECT count(*) FROM logged").fetchone(),
            # through the primary key's index
            conn.execute("SET enable_seqscan = off").statusmessage,
            conn.execute("SELECT t IS NOT NULL FROM ul WHERE id = 7").fetchall(),
        ]


def test_unlogged_table_survives_clean_restart_and_empties_after_crash(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE UNLOGGED TABLE ul (id int PRIMARY KEY, t text)")
        conn.execute("CREATE TABLE logged (id int)")
        conn.execute("INSERT INTO ul SELECT g, repeat(md5(g::text), 200) FROM "
                     "generate_series(1, 50) g")
        conn.execute("INSERT INTO logged SELECT generate_series(1, 30)")
        relfilenode = conn.execute(
            "SELECT pg_relation_filepath('ul')").fetchone()[0]
        persistence = conn.execute(
            "SELECT relpersistence FROM pg_class WHERE relname IN ('ul', 'ul_pkey')"
        ).fetchall()
    assert persistence == [("u",), ("u",)]
    assert os.path.exists(os.path.join(server.datadir, relfilenode + "_init"))
    assert _state(server)[0] == (50, 50 * 6400)

    server.stop()
    server.start()
    assert _state(server)[0] == (50, 50 * 6400)

    server.kill_all_9()
    server.start()
    counts, logged, _, by_index = _state(server)
    assert counts == (0, 0)
    assert logged == (30,)
    assert by_index == []
    with server.connect(autocommit=True) as conn:
        conn.execute("INSERT INTO ul VALUES (7, 'again')")
        conn.execute("SET enable_seqscan = off")
        assert conn.execute("SELECT t FROM ul WHERE id = 7").fetchall() == [("again",)]
        with pytest.raises(Exception) as duplicate:
            conn.execute("INSERT INTO ul VALUES (7, 'twice')")
        assert getattr(duplicate.value, "sqlstate", None) == "23505"


def test_set_logged_survives_a_crash_and_set_unlogged_does_not(make_server):
    server = make_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE UNLOGGED TABLE ul (id int PRIMARY KEY, t text)")
        conn.execute("CREATE TABLE logged (id int)")
        conn.execute("INSERT INTO ul SELECT g, repeat('z', g) FROM generate_series(1, 40) g")
        conn.execute("ALTER TABLE ul SET LOGGED")
    server.kill_all_9()
    server.start()
    counts, _, _, by_index = _state(server)
    assert counts == (40, sum(range(1, 41)))
    assert by_index == [(True,)]
    with server.connect(autocommit=True) as conn:
        conn.execute("ALTER TABLE ul SET UNLOGGED")
        conn.execute("CHECKPOINT")            # the rows are on disk, yet not kept
    server.kill_all_9()
    server.start()
    assert _state(server)[0] == (0, 0)
