# Proves an EXCLUDE constraint holds between concurrent transactions, on pgsnake and on
# PostgreSQL 15: a second inserter of an overlapping range waits for the first (whose
# row its index scan finds in progress), then fails with 23P01 and PostgreSQL's DETAIL
# once the first commits, and succeeds when it rolls back; a non-overlapping range
# does not wait.
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
def test_overlapping_insert_waits_for_the_first_inserter(shared_server, ending):
    with shared_server.connect(autocommit=True) as observer:
        observer.execute("DROP TABLE IF EXISTS excl_conc")
        observer.execute("CREATE TABLE excl_conc (id int, during int4range, "
                         "EXCLUDE USING gist (during WITH &&))")
        observer.execute("INSERT INTO excl_conc SELECT g, int4range(g * 10, g * 10 + 5) "
                         "FROM generate_series(1, 50) g")
        with shared_server.connect(autocommit=False) as first:
            first.execute("INSERT INTO excl_conc VALUES (1000, '[1000,1010)')")
            observer.execute("INSERT INTO excl_conc VALUES (1001, '[2000,2010)')")  # no wait
            second = shared_server.connect(autocommit=True)
            outcome: dict = {}

            def insert():
                try:
                    second.execute("INSERT INTO excl_conc VALUES (1002, '[1005,1020)')")
                    outcome["result"] = "ok"
                except psycopg.Error as error:
                    outcome["result"] = (error.sqlstate, error.diag.message_primary,
                                         error.diag.message_detail)
            thread = threading.Thread(target=insert)
            thread.start()
            _wait_until_blocked(observer, second.info.backend_pid)
            assert "result" not in outcome
            first.commit() if ending == "commit" else first.rollback()
            thread.join(30)
            second.close()
        if ending == "commit":
            assert outcome["result"] == (
                "23P01", 'conflicting key value violates exclusion constraint '
                         '"excl_conc_during_excl"',
                "Key (during)=([1005,1020)) conflicts with existing key "
                "(during)=([1000,1010)).")
        else:
            assert outcome["result"] == "ok"
        rows = observer.execute("SELECT id FROM excl_conc WHERE id >= 1000 ORDER BY id")
        assert [r[0] for r in rows] == ([1000, 1001] if ending == "commit" else [1001, 1002])
        observer.execute("DROP TABLE excl_conc")
