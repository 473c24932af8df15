# Proves that REFRESH MATERIALIZED VIEW CONCURRENTLY does not block readers: while the
# refreshing transaction is open, another session reads the old rows at once (no lock
# wait) and a plain REFRESH from a third session waits for its ExclusiveLock; after
# the commit readers see the new rows, and the rows that did not change are the same
# tuples (ctid and xmin) as before.
from __future__ import annotations

import threading
import time


def _waiting_for_lock(conn, pid: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = conn.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted",
                           (pid,)).fetchone()
        if row[0]:
            return True
        time.sleep(0.05)
    return False


def test_readers_see_old_rows_until_commit_and_a_plain_refresh_waits(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS mvc_src CASCADE")
        setup.execute("CREATE TABLE mvc_src (k int, v text)")
        setup.execute("INSERT INTO mvc_src SELECT g, 'v' || g FROM generate_series(1, 20) g")
        setup.execute("CREATE MATERIALIZED VIEW mvc_lock AS SELECT k, v FROM mvc_src")
        setup.execute("CREATE UNIQUE INDEX ON mvc_lock (k)")
        setup.execute("UPDATE mvc_src SET v = 'changed' WHERE k <= 5")
        setup.execute("DELETE FROM mvc_src WHERE k = 20")
    old_rows = [(k, f"v{k}") for k in range(1, 21)]
    new_rows = [(k, "changed" if k <= 5 else f"v{k}") for k in range(1, 20)]
    with pgsnake_server.connect(autocommit=False) as refresher, \
            pgsnake_server.connect(autocommit=True) as reader, \
            pgsnake_server.connect(autocommit=True) as other, \
            pgsnake_server.connect(autocommit=True) as observer:
        refresher.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_lock")
        reader.execute("SET lock_timeout = '5s'")       # a wait would be an error
        assert reader.execute("SELECT k, v FROM mvc_lock ORDER BY k").fetchall() == old_rows
        other_pid = other.execute("SELECT pg_backend_pid()").fetchone()[0]
        result: dict = {}

        def refresh():
            try:
                other.execute("REFRESH MATERIALIZED VIEW mvc_lock")
                result["done"] = True
            except Exception as exc:                  # reported by the assertion below
                result["error"] = exc
        thread = threading.Thread(target=refresh)
        thread.start()
        try:
            waited = _waiting_for_lock(observer, other_pid)
            assert "done" not in result, "the plain REFRESH did not wait"
        finally:
            refresher.commit()
            thread.join(60)
        assert waited, "the plain REFRESH never showed an ungranted lock"
        assert "error" not in result, result.get("error")
        assert reader.execute("SELECT k, v FROM mvc_lock ORDER BY k").fetchall() == new_rows
        observer.execute("DROP TABLE mvc_src CASCADE")


def test_unchanged_rows_keep_their_tuples(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS mvc_keep CASCADE")
        conn.execute("CREATE TABLE mvc_keep (k int, v text)")
        conn.execute("INSERT INTO mvc_keep SELECT g, 'v' || g FROM generate_series(1, 10) g")
        conn.execute("CREATE MATERIALIZED VIEW mvc_keep_v AS SELECT k, v FROM mvc_keep")
        conn.execute("CREATE UNIQUE INDEX ON mvc_keep_v (k)")
        query = "SELECT k, ctid::text, xmin::text FROM mvc_keep_v ORDER BY k"
        before = {k: (ctid, xmin) for k, ctid, xmin in conn.execute(query).fetchall()}
        conn.execute("UPDATE mvc_keep SET v = 'new' WHERE k IN (3, 7)")
        conn.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY mvc_keep_v")
        after = {k: (ctid, xmin) for k, ctid, xmin in conn.execute(query).fetchall()}
        assert sorted(after) == list(range(1, 11))
        assert [k for k in after if after[k] == before[k]] == [1, 2, 4, 5, 6, 8, 9, 10]
        assert conn.execute("SELECT v FROM mvc_keep_v WHERE k IN (3, 7)").fetchall() == \
            [("new",), ("new",)]
        conn.execute("DROP TABLE mvc_keep CASCADE")
