# Proves a foreign key holds between concurrent transactions, on pgsnake and on
# PostgreSQL 15: inserting a referencing row locks the referenced row FOR KEY SHARE, so a
# concurrent DELETE of it waits for the inserter, then fails with 23503 once the
# insert commits (and succeeds when it rolls back); a plain UPDATE of a non-key column
# of the referenced row does not wait.
from __future__ import annotations

import threading
import time

import psycopg
import pytest


def _wait_until_blocked(observer, pid: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if observer.execute(f"SELECT count(*) FROM pg_locks WHERE pid = {pid} "
                            f"AND NOT granted").fetchone()[0]:
            return
        time.sleep(0.02)
    raise AssertionError(f"backend {pid} never waited")


@pytest.mark.parametrize("ending", ["commit", "rollback"])
def test_delete_of_referenced_row_waits_for_inserter(shared_server, ending):
    with shared_server.connect(autocommit=True) as observer:
        observer.execute("DROP TABLE IF EXISTS fkl_c, fkl_p")
        observer.execute("CREATE TABLE fkl_p (id int PRIMARY KEY, note text)")
        observer.execute("CREATE TABLE fkl_c (id int, pid int REFERENCES fkl_p)")
        observer.execute("INSERT INTO fkl_p VALUES (1, 'one')")
        with shared_server.connect(autocommit=False) as inserter:
            inserter.execute("INSERT INTO fkl_c VALUES (1, 1)")
            observer.execute("UPDATE fkl_p SET note = 'uno' WHERE id = 1")   # no wait
            deleter = shared_server.connect(autocommit=True)
            outcome: dict = {}

            def delete():
                try:
                    deleter.execute("DELETE FROM fkl_p WHERE id = 1")
                    outcome["result"] = "ok"
                except psycopg.Error as error:
                    outcome["result"] = error.sqlstate
            thread = threading.Thread(target=delete)
            thread.start()
            _wait_until_blocked(observer, deleter.info.backend_pid)
            assert "result" not in outcome
            inserter.commit() if ending == "commit" else inserter.rollback()
            thread.join(30)
            deleter.close()
        assert outcome["result"] == ("23503" if ending == "commit" else "ok")
        observer.execute("DROP TABLE fkl_c, fkl_p")


@pytest.mark.parametrize("isolation, ending, expected", [
    ("READ COMMITTED", "commit", "23503"),       # the newest version lost the key
    ("READ COMMITTED", "rollback", "ok"),
    ("REPEATABLE READ", "commit", "40001"),      # the snapshot's version was updated
])
def test_insert_waits_for_key_change_of_referenced_row(shared_server, isolation, ending,
                                                       expected):
    """The check of an inserted row (an Index Scan of the referenced key, locked FOR KEY
    SHARE) waits for a transaction changing that key, then re-checks its newest version
    (READ COMMITTED) or fails to serialize (REPEATABLE READ)."""
    with shared_server.connect(autocommit=True) as observer:
        observer.execute("DROP TABLE IF EXISTS fkk_c, fkk_p")
        observer.execute("CREATE TABLE fkk_p (id int PRIMARY KEY, note text)")
        observer.execute("CREATE TABLE fkk_c (id int, pid int REFERENCES fkk_p)")
        observer.execute("INSERT INTO fkk_p SELECT g, 'n' FROM generate_series(1, 50) g")
        inserter = shared_server.connect(autocommit=False)
        inserter.execute(f"SET TRANSACTION ISOLATION LEVEL {isolation}")
        inserter.execute("SELECT count(*) FROM fkk_p")            # takes its snapshot
        with shared_server.connect(autocommit=False) as updater:
            updater.execute("UPDATE fkk_p SET id = 100 WHERE id = 7")
            outcome: dict = {}

            def insert():
                try:
                    inserter.execute("INSERT INTO fkk_c VALUES (1, 7)")
                    inserter.commit()
                    outcome["result"] = "ok"
                except psycopg.Error as error:
                    outcome["result"] = error.sqlstate
                    inserter.rollback()
            thread = threading.Thread(target=insert)
            thread.start()
            _wait_until_blocked(observer, inserter.info.backend_pid)
            assert "result" not in outcome
            updater.commit() if ending == "commit" else updater.rollback()
            thread.join(30)
        inserter.close()
        assert outcome["result"] == expected
        rows = observer.execute("SELECT id, pid FROM fkk_c").fetchall()
        assert rows == ([(1, 7)] if expected == "ok" else [])
        observer.execute("DROP TABLE fkk_c, fkk_p")
