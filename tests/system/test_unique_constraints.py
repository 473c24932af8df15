# Proves that PRIMARY KEY and UNIQUE hold as PostgreSQL's do, on pgsnake and on
# PostgreSQL 15 with the same expectations: the 23505 error's fields (DETAIL, schema,
# table, constraint); a second inserter of a key that a running transaction inserted
# waits for it (blocked on its transaction id, as pg_locks shows), then fails if it
# committed and succeeds if it rolled back; and a unique index built by many inserts
# (page splits) still enforces uniqueness and finds every key after kill -9 and crash
# recovery.
from __future__ import annotations

import threading
import time

import psycopg
import pytest

from harness import processes


def test_duplicate_key_error_fields(shared_server):
    with shared_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS uc_fields")
        conn.execute("CREATE TABLE uc_fields (id int PRIMARY KEY, code text, "
                     "UNIQUE (code, id))")
        conn.execute("INSERT INTO uc_fields VALUES (1, 'a'), (2, NULL)")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("INSERT INTO uc_fields VALUES (1, 'b')")
        diag = caught.value.diag
        assert (diag.message_primary, diag.message_detail, diag.schema_name,
                diag.table_name, diag.constraint_name) == (
            'duplicate key value violates unique constraint "uc_fields_pkey"',
            "Key (id)=(1) already exists.", "public", "uc_fields", "uc_fields_pkey")
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("UPDATE uc_fields SET id = 1 WHERE id = 2")
        assert caught.value.diag.message_detail == "Key (id)=(1) already exists."
        conn.execute("INSERT INTO uc_fields VALUES (3, 'a')")    # (code, id) differs
        with pytest.raises(psycopg.errors.UniqueViolation) as caught:
            conn.execute("CREATE UNIQUE INDEX uc_fields_code ON uc_fields (code)")
        assert (caught.value.diag.message_primary, caught.value.diag.message_detail) == (
            'could not create unique index "uc_fields_code"', "Key (code)=(a) is duplicated.")
        conn.execute("DROP TABLE uc_fields")


def _insert_in_thread(server, sql: str) -> tuple[threading.Thread, dict, int]:
    """Run `sql` on a new connection in a thread; returns the thread, its outcome
    holder and the connection's backend pid."""
    conn = server.connect(autocommit=True)
    pid = conn.info.backend_pid
    outcome: dict = {}

    def run():
        try:
            conn.execute(sql)
            outcome["result"] = "ok"
        except psycopg.Error as error:
            outcome["result"] = error.sqlstate
        finally:
            conn.close()
    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome, pid


def _wait_until_blocked(observer, pid: int, blocker: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if observer.execute(f"SELECT pg_isolation_test_session_is_blocked({pid}, "
                            f"'{{{blocker}}}')").fetchone()[0]:
            return
        time.sleep(0.02)
    raise AssertionError(f"backend {pid} never waited for {blocker}")


@pytest.mark.parametrize("ending", ["COMMIT", "ROLLBACK"])
def test_second_inserter_waits_for_the_first(shared_server, ending):
    table = f"uc_wait_{ending.lower()}"
    with shared_server.connect(autocommit=True) as observer:
        observer.execute(f"DROP TABLE IF EXISTS {table}")
        observer.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, who text)")
        with shared_server.connect(autocommit=False) as first:
            first.execute(f"INSERT INTO {table} VALUES (7, 'first')")
            first_pid = first.info.backend_pid
            thread, outcome, second_pid = _insert_in_thread(
                shared_server, f"INSERT INTO {table} VALUES (7, 'second')")
            _wait_until_blocked(observer, second_pid, first_pid)
            waits = observer.execute(
                "SELECT locktype, mode, granted FROM pg_locks WHERE pid = %s AND NOT granted",
                (second_pid,)).fetchall()
            assert waits == [("transactionid", "ShareLock", False)]
            assert "result" not in outcome
            first.commit() if ending == "COMMIT" else first.rollback()
        thread.join(30)
        assert outcome["result"] == ("23505" if ending == "COMMIT" else "ok")
        rows = observer.execute(f"SELECT who FROM {table}").fetchall()
        assert rows == [("first",)] if ending == "COMMIT" else [("second",)]
        observer.execute(f"DROP TABLE {table}")


def test_unique_index_survives_kill9(make_server):
    server = make_server(settings={"shared_buffers": "64"})
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE uc_crash (id int PRIMARY KEY, pad text UNIQUE)")
        conn.execute("CREATE INDEX uc_crash_pad_id ON uc_crash (pad, id)")
        # Shuffled keys split pages all over the tree; every commit is acknowledged
        # before the kill, so all of it must come back from the WAL.
        keys = [(i * 7919) % 3001 for i in range(3001)]
        with conn.transaction():
            for key in keys[:1500]:
                conn.execute("INSERT INTO uc_crash VALUES (%s, %s)", (key, f"p{key:05d}" * 4))
        for key in keys[1500:]:
            conn.execute("INSERT INTO uc_crash VALUES (%s, %s)", (key, f"p{key:05d}" * 4))
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT id) FROM uc_crash").fetchone() \
            == (3001, 3001)
        for key in (0, 1, 1500, 2999, 3000):
            with pytest.raises(psycopg.errors.UniqueViolation):
                conn.execute("INSERT INTO uc_crash VALUES (%s, 'new')", (key,))
            with pytest.raises(psycopg.errors.UniqueViolation):
                conn.execute("INSERT INTO uc_crash VALUES (%s, %s)", (key + 10000, f"p{key:05d}" * 4))
        conn.execute("INSERT INTO uc_crash VALUES (3001, 'new')")
        assert conn.execute("SELECT count(*) FROM uc_crash").fetchone() == (3002,)
    assert processes.is_alive(server.postmaster_pid())
