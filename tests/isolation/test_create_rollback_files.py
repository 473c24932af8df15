# A table created in a transaction or savepoint that rolls back leaves no file behind
# (PostgreSQL's pending deletes), while one created in a released savepoint and
# committed keeps its file and rows. Checked on disk, through pg_relation_filepath.
import os

import psycopg


def _path(conn, table):
    return conn.execute(f"SELECT pg_relation_filepath('{table}')").fetchone()[0]


def test_rolled_back_create_removes_its_file(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE cr_tx (a int4)")
        conn.execute("INSERT INTO cr_tx VALUES (1)")
        tx_file = os.path.join(server.datadir, _path(conn, "cr_tx"))
        assert os.path.exists(tx_file)
        conn.execute("ROLLBACK")
        assert not os.path.exists(tx_file)

        conn.execute("BEGIN")
        conn.execute("SAVEPOINT s")
        conn.execute("CREATE TABLE cr_sp (a int4)")
        sp_file = os.path.join(server.datadir, _path(conn, "cr_sp"))
        conn.execute("ROLLBACK TO s")
        assert not os.path.exists(sp_file)
        conn.execute("SAVEPOINT t")
        conn.execute("CREATE TABLE cr_kept (a int4)")
        conn.execute("INSERT INTO cr_kept VALUES (7)")
        kept_file = os.path.join(server.datadir, _path(conn, "cr_kept"))
        conn.execute("RELEASE t")
        conn.execute("COMMIT")
        assert os.path.exists(kept_file)
        assert conn.execute("SELECT a FROM cr_kept").fetchall() == [(7,)]
        for gone in ("cr_tx", "cr_sp"):
            try:
                conn.execute(f"SELECT * FROM {gone}")
                raise AssertionError(f"{gone} should not exist")
            except psycopg.errors.UndefinedTable:
                pass


def test_failed_create_in_a_block_removes_its_file(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect(autocommit=True) as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE cr_err (a int4 NOT NULL)")
        err_file = os.path.join(server.datadir, _path(conn, "cr_err"))
        try:
            conn.execute("INSERT INTO cr_err VALUES (NULL)")
        except psycopg.errors.NotNullViolation:
            pass
        conn.execute("ROLLBACK")
        assert not os.path.exists(err_file)
