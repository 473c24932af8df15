# Proves that a table rewrite holds AccessExclusiveLock until its transaction ends: a
# reader that starts while CLUSTER / ALTER COLUMN TYPE is uncommitted waits for the lock
# (pg_locks shows its request not granted), and when the rewrite commits it reads the
# new file: the new column type and the same rows, under the new relfilenode.
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


def test_reader_waits_for_the_rewrite_and_sees_the_new_file(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS rewrite_lock")
        setup.execute("CREATE TABLE rewrite_lock (a int PRIMARY KEY, b int)")
        setup.execute("INSERT INTO rewrite_lock SELECT g, 100 - g FROM generate_series(1, 50) g")
        old_file = setup.execute("SELECT pg_relation_filenode('rewrite_lock')").fetchone()[0]
    with pgsnake_server.connect(autocommit=False) as writer, pgsnake_server.connect(autocommit=True) as reader, \
            pgsnake_server.connect(autocommit=True) as observer:
        writer.execute("CLUSTER rewrite_lock USING rewrite_lock_pkey")
        writer.execute("ALTER TABLE rewrite_lock ALTER b TYPE text USING 'v' || b")
        reader_pid = reader.execute("SELECT pg_backend_pid()").fetchone()[0]
        result: dict = {}

        def read():
            try:
                result["rows"] = reader.execute(
                    "SELECT a, b, pg_typeof(b)::text FROM rewrite_lock ORDER BY a").fetchall()
            except Exception as exc:                  # reported by the assertion below
                result["error"] = exc
        thread = threading.Thread(target=read)
        thread.start()
        try:
            waited = _waiting_for_lock(observer, reader_pid)
            assert "rows" not in result, "the reader did not wait for the rewrite"
        finally:
            writer.commit()
            thread.join(60)
        assert waited, "the reader never showed an ungranted lock"
        assert "error" not in result, result.get("error")
        assert result["rows"] == [(a, f"v{100 - a}", "text") for a in range(1, 51)]
        new_file = observer.execute("SELECT pg_relation_filenode('rewrite_lock')").fetchone()[0]
        assert new_file != old_file
        observer.execute("DROP TABLE rewrite_lock")


def test_cluster_shows_its_progress_while_it_runs(pgsnake_server):
    """pg_stat_progress_cluster has a row for the CLUSTER while it runs (command, the
    index, the phases it goes through, the counts) and none once it is done."""
    with pgsnake_server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS rewrite_progress")
        setup.execute("CREATE TABLE rewrite_progress (a int, b text)")
        setup.execute("CREATE INDEX rewrite_progress_a ON rewrite_progress (a)")
        setup.execute("INSERT INTO rewrite_progress SELECT (g * 7919) % 4000, 'p' || g "
                      "FROM generate_series(1, 4000) g")
        table_oid, index_oid = setup.execute(
            "SELECT 'rewrite_progress'::regclass::oid, 'rewrite_progress_a'::regclass::oid"
        ).fetchone()
    seen = []
    with pgsnake_server.connect(autocommit=True) as runner, \
            pgsnake_server.connect(autocommit=True) as observer:
        runner_pid = runner.execute("SELECT pg_backend_pid()").fetchone()[0]
        errors = []

        def run():
            try:
                runner.execute("CLUSTER rewrite_progress USING rewrite_progress_a")
            except Exception as exc:                  # reported by the assertion below
                errors.append(exc)
        thread = threading.Thread(target=run)
        thread.start()
        while thread.is_alive():
            seen += observer.execute(
                "SELECT pid, relid, command, phase, cluster_index_relid, heap_blks_total, "
                "heap_tuples_written FROM pg_stat_progress_cluster").fetchall()
        thread.join()
        assert not errors, errors
        assert observer.execute("SELECT count(*) FROM pg_stat_progress_cluster"
                                ).fetchone()[0] == 0
        observer.execute("DROP TABLE rewrite_progress")
    assert seen, "CLUSTER never showed in pg_stat_progress_cluster"
    assert {(pid, relid, command, index) for pid, relid, command, _p, index, *_ in seen} == \
        {(runner_pid, table_oid, "CLUSTER", index_oid)}
    phases = {row[3] for row in seen}
    # "initializing" lasts from the command's start to its first phase (PostgreSQL shows
    # it too); an observer under load can catch it, with no block count set yet.
    assert phases <= {"initializing", "seq scanning heap", "sorting tuples",
                      "writing new heap", "rebuilding index", "performing final cleanup"}, phases
    assert all(blocks > 0 for _pid, _relid, _command, phase, _index, blocks, _written in seen
               if phase != "initializing")
