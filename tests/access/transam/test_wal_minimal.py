# wal_level = minimal (access/transam/pending_syncs.py): a relation file created in the
# running transaction (CREATE TABLE, TRUNCATE, CREATE TABLE AS, an ALTER TABLE rewrite,
# an index build) skips WAL for its data, and is made durable before the commit record:
# WAL-logged whole as page images when smaller than wal_skip_threshold (so a kill -9,
# which loses the shared buffers, is repaired by redo), written and fsynced otherwise.
# Committed data and indexes answer after kill -9; an open transaction's new table is
# gone; the server refuses to start with max_wal_senders > 0, as PostgreSQL does.
from __future__ import annotations

import pytest

MINIMAL = {"wal_level": "minimal", "max_wal_senders": "0"}


def _lsn(conn) -> int:
    text = conn.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()[0]
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def _index_answers(conn, table: str, values) -> list:
    conn.execute("SET enable_seqscan = off")
    conn.execute("SET enable_bitmapscan = off")
    plan = "\n".join(r[0] for r in conn.execute(f"EXPLAIN SELECT b FROM {table} WHERE a = 1"))
    assert "Index" in plan, plan
    answers = [conn.execute(f"SELECT b FROM {table} WHERE a = %s", (v,)).fetchall()
               for v in values]
    conn.execute("RESET enable_seqscan")
    conn.execute("RESET enable_bitmapscan")
    return answers


def test_minimal_refuses_wal_senders(make_pgsnake_server):
    server = make_pgsnake_server(start=False, settings={"wal_level": "minimal"})
    result = server.start(check=False)
    assert result.returncode != 0
    assert 'WAL streaming (max_wal_senders > 0) requires wal_level "replica" or "logical"' \
        in result.stdout + result.stderr + server.log_text()


@pytest.mark.slow      # ~40 s under load; the power-loss test below is the default tier's
def test_new_relations_skip_wal_and_survive_kill_9(make_pgsnake_server):
    server = make_pgsnake_server(settings=MINIMAL)
    with server.connect() as conn:
        assert conn.execute("SHOW wal_level").fetchone()[0] == "minimal"
        conn.execute("CREATE TABLE keep (a int PRIMARY KEY, b text)")
        conn.execute("INSERT INTO keep SELECT g, 'old' || g FROM generate_series(1, 200) g")
        # Small: logged as page images at commit.
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE small (a int, b text)")
        start = _lsn(conn)
        conn.execute("INSERT INTO small SELECT g, repeat('s', 50) || g "
                     "FROM generate_series(1, 3000) g")
        conn.execute("CREATE INDEX small_a ON small (a)")
        before_commit = _lsn(conn)
        size = conn.execute("SELECT pg_relation_size('small') + "
                            "pg_relation_size('small_a')").fetchone()[0]
        conn.execute("COMMIT")
        # The rows were not logged one by one: the transaction's WAL before its commit
        # (the index's catalog rows) is far below the data's size; the page images come
        # at commit.
        assert before_commit - start < size / 4
        assert _lsn(conn) - before_commit >= size * 0.9
        # Over the threshold (0: every file): buffers written and files fsynced, not logged.
        conn.execute("SET wal_skip_threshold = 0")
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE big (a int, b text)")
        conn.execute("INSERT INTO big SELECT g, repeat('b', 50) || g "
                     "FROM generate_series(1, 3000) g")
        conn.execute("CREATE INDEX big_a ON big (a)")
        before_commit = _lsn(conn)
        conn.execute("COMMIT")
        assert _lsn(conn) - before_commit < 8192
        conn.execute("RESET wal_skip_threshold")
        # TRUNCATE then COPY, CREATE TABLE AS, and a rewrite, each in its transaction.
        with conn.transaction():
            conn.execute("TRUNCATE keep")
            with conn.cursor().copy("COPY keep FROM STDIN") as copy:
                for g in range(1, 501):
                    copy.write_row((g, f"new{g}"))
        conn.execute("CREATE TABLE made AS SELECT g AS a, 'm' || g AS b "
                     "FROM generate_series(1, 1000) g")
        conn.execute("CREATE INDEX made_a ON made (a)")
        conn.execute("ALTER TABLE small ALTER COLUMN b TYPE varchar(80)")
        expected = {name: conn.execute(f"SELECT count(*), sum(a), max(b) FROM {name}"
                                       ).fetchone()
                    for name in ("keep", "small", "big", "made")}
        indexed = {name: _index_answers(conn, name, (1, 77, 499, 2999))
                   for name in ("keep", "small", "big", "made")}
    # An open transaction's new table dies with the crash.
    open_conn = server.connect(autocommit=False)
    open_conn.execute("CREATE TABLE lost (a int)")
    open_conn.execute("INSERT INTO lost SELECT generate_series(1, 1000)")
    server.kill_all_9()
    open_conn.close()
    server.start()
    with server.connect() as conn:
        for name, row in expected.items():
            assert conn.execute(f"SELECT count(*), sum(a), max(b) FROM {name}"
                                ).fetchone() == row, name
            assert _index_answers(conn, name, (1, 77, 499, 2999)) == indexed[name], name
        assert conn.execute("SELECT to_regclass('lost')").fetchone()[0] is None
        # The tables take ordinary (logged) changes after the crash.
        conn.execute("INSERT INTO small VALUES (5000, 'after')")
        assert conn.execute("SELECT b FROM small WHERE a = 5000").fetchone() == ("after",)


@pytest.mark.parametrize("threshold", ["2MB", pytest.param("0", marks=pytest.mark.slow)])
def test_committed_new_tables_survive_power_loss(make_pgsnake_server, threshold):
    """A power failure keeps only what was fsynced: the page images (threshold 2MB) or
    the fsynced files and their directory entry (threshold 0) must bring every committed
    row and index entry back; the checkpoint before makes nothing of them durable."""
    from harness.faults import make_faulty_server
    server = make_faulty_server(make_pgsnake_server, power_loss=True,
                                settings={**MINIMAL, "wal_skip_threshold": threshold})
    with server.connect() as conn:
        conn.execute("CHECKPOINT")
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE t (a int, b text)")
        conn.execute("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 2000) g")
        conn.execute("CREATE INDEX t_a ON t (a)")
        conn.execute("COMMIT")
        # A mapped catalog index rebuilt (its build skips WAL too): the map must not
        # name the new file before the file is durable.
        conn.execute("CREATE EXTENSION amcheck")
        conn.execute("REINDEX INDEX pg_class_oid_index")
        expected = conn.execute("SELECT count(*), sum(a), max(b) FROM t").fetchone()
        indexed = _index_answers(conn, "t", (1, 999, 2000))
    server.kill_all_9()
    server.faults.power_loss(mode="drop")
    server.start()
    with server.connect() as conn:
        assert conn.execute("SELECT count(*), sum(a), max(b) FROM t").fetchone() == expected
        assert _index_answers(conn, "t", (1, 999, 2000)) == indexed
        conn.execute("SELECT bt_index_check('pg_class_oid_index', true)")
        conn.execute("SET enable_seqscan = off")
        assert conn.execute("SELECT relname FROM pg_class WHERE oid = 't'::regclass"
                            ).fetchone() == ("t",)
