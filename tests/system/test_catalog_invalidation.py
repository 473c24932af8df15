# Proves that a backend's catalog caches follow other backends' DDL as PostgreSQL's do
# (catalog/invalidation.py: per-object messages through a shared ring): backend A has
# the table cached, backend B adds or drops a column, renames or drops the table, and
# A's next statement sees it, in autocommit, at the first statement of a REPEATABLE
# READ transaction, and inside a transaction when A first locks the table; a DDL change
# B rolls back never reaches A. Also: two backends
# creating the same table name at once, the second waits and fails with 23505 (on
# pg_type_typname_nsp_index: the row type's name collides first, in PostgreSQL too;
# catalog_unique.py). Each runs on pgsnake and the oracle.
from __future__ import annotations

import threading

import psycopg
import pytest


def _table(request, stem: str) -> str:
    return f"inval_{stem}_{request.node.callspec.id}".replace("-", "_")


def _columns(conn, table: str) -> list:
    return [d.name for d in conn.execute(f"SELECT * FROM {table}").description]


def test_other_backends_ddl_is_seen_at_the_next_statement(shared_server, request):
    table = _table(request, "cols")
    a = shared_server.connect()
    b = shared_server.connect()
    try:
        b.execute(f"DROP TABLE IF EXISTS {table}")
        b.execute(f"DROP TABLE IF EXISTS {table}_renamed")
        b.execute(f"CREATE TABLE {table} (x int)")
        b.execute(f"INSERT INTO {table} VALUES (1)")
        assert _columns(a, table) == ["x"]                       # A has it cached
        b.execute(f"ALTER TABLE {table} ADD COLUMN y text DEFAULT 'dflt'")
        assert a.execute(f"SELECT * FROM {table}").fetchall() == [(1, "dflt")]
        a.execute(f"INSERT INTO {table} (x) VALUES (2)")         # B's default, seen by A
        assert a.execute(f"SELECT y FROM {table} WHERE x = 2").fetchone() == ("dflt",)
        b.execute(f"ALTER TABLE {table} DROP COLUMN x")
        assert _columns(a, table) == ["y"]
        b.execute(f"ALTER TABLE {table} RENAME TO {table}_renamed")
        with pytest.raises(psycopg.errors.UndefinedTable):
            a.execute(f"SELECT * FROM {table}")
        assert a.execute(f"SELECT count(*) FROM {table}_renamed").fetchone() == (2,)
        b.execute(f"DROP TABLE {table}_renamed")
        with pytest.raises(psycopg.errors.UndefinedTable):
            a.execute(f"SELECT * FROM {table}_renamed")
    finally:
        a.close()
        b.close()
        with shared_server.connect() as cleanup:
            cleanup.execute(f"DROP TABLE IF EXISTS {table}")
            cleanup.execute(f"DROP TABLE IF EXISTS {table}_renamed")


def test_repeatable_read_transaction_sees_ddl_committed_before_its_first_statement(
        shared_server, request):
    table = _table(request, "rr")
    a = shared_server.connect(autocommit=False)
    b = shared_server.connect()
    try:
        b.execute(f"DROP TABLE IF EXISTS {table}")
        b.execute(f"CREATE TABLE {table} (x int)")
        a.execute(f"SELECT * FROM {table}").fetchall()           # cached in A
        a.commit()
        b.execute(f"ALTER TABLE {table} ADD COLUMN y int")
        a.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        assert _columns(a, table) == ["x", "y"]
        a.commit()
    finally:
        a.close()
        b.close()
        with shared_server.connect() as cleanup:
            cleanup.execute(f"DROP TABLE IF EXISTS {table}")


def test_rolled_back_ddl_never_reaches_other_backends(shared_server, request):
    table = _table(request, "rollback")
    a = shared_server.connect()
    b = shared_server.connect(autocommit=False)
    try:
        a.execute(f"DROP TABLE IF EXISTS {table}")
        a.execute(f"CREATE TABLE {table} (x int)")
        b.execute(f"ALTER TABLE {table} ADD COLUMN y int")
        assert _columns(b, table) == ["x", "y"]                 # B's own change, at once
        b.rollback()
        assert _columns(b, table) == ["x"]                      # gone from B's caches too
        assert _columns(a, table) == ["x"]
    finally:
        a.close()
        b.close()
        with shared_server.connect() as cleanup:
            cleanup.execute(f"DROP TABLE IF EXISTS {table}")


def test_concurrent_create_table_of_one_name_fails_with_23505(shared_server, request):
    table = _table(request, "dup")
    with shared_server.connect() as setup:
        setup.execute(f"DROP TABLE IF EXISTS {table}")
    first = shared_server.connect(autocommit=False)
    second = shared_server.connect()
    outcome = {}
    try:
        first.execute(f"CREATE TABLE {table} (x int)")

        def create_again():
            try:
                second.execute(f"CREATE TABLE {table} (x int)")
                outcome["result"] = "created"
            except psycopg.Error as error:
                outcome["result"] = (error.sqlstate, error.diag.message_primary)

        worker = threading.Thread(target=create_again)
        worker.start()
        worker.join(1.0)
        assert worker.is_alive()                # waits for the first creator's commit
        first.commit()
        worker.join(30)
        assert outcome["result"] == (
            "23505", 'duplicate key value violates unique constraint '
                     '"pg_type_typname_nsp_index"')
    finally:
        first.close()
        second.close()
        with shared_server.connect() as cleanup:
            cleanup.execute(f"DROP TABLE IF EXISTS {table}")


def test_ddl_committed_mid_transaction_is_seen_when_the_table_is_first_locked(
        shared_server, request):
    table = _table(request, "midxact")
    a = shared_server.connect(autocommit=False)
    b = shared_server.connect()
    try:
        b.execute(f"DROP TABLE IF EXISTS {table}")
        b.execute(f"DROP TABLE IF EXISTS {table}_other")
        b.execute(f"CREATE TABLE {table} (x int)")
        b.execute(f"CREATE TABLE {table}_other (z int)")
        assert _columns(a, table) == ["x"]            # cached by an earlier transaction
        a.commit()
        a.execute(f"SELECT * FROM {table}_other")     # A's transaction is under way
        b.execute(f"ALTER TABLE {table} ADD COLUMN y int")
        assert _columns(a, table) == ["x", "y"]       # first lock of it in this transaction
        a.commit()
    finally:
        a.close()
        b.close()
        with shared_server.connect() as cleanup:
            cleanup.execute(f"DROP TABLE IF EXISTS {table}")
            cleanup.execute(f"DROP TABLE IF EXISTS {table}_other")
