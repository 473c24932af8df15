# Proves REINDEX's lock levels with concurrent sessions: REINDEX CONCURRENTLY builds the
# new file while a reader that already scanned the index keeps its transaction open,
# then waits for that reader before the swap (pg_locks shows its AccessExclusiveLock
# request on the index not granted, pg_stat_progress_create_index the "waiting for
# readers" phase); a writer that comes meanwhile waits and its row is in the rebuilt
# index afterwards. Plain REINDEX makes a reader through the index wait at once.
from __future__ import annotations

import threading
import time


def _wait_until(check, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _ungranted(conn, pid: int) -> list:
    return conn.execute("SELECT locktype, mode FROM pg_locks WHERE pid = %s AND NOT granted",
                        (pid,)).fetchall()


def _index_answer(conn, value: int) -> list:
    conn.execute("SET enable_seqscan = off")
    conn.execute("SET enable_bitmapscan = off")
    plan = "\n".join(r[0] for r in conn.execute(
        "EXPLAIN SELECT b FROM reindex_conc WHERE a = %s", (value,)).fetchall())
    assert "Index Scan using reindex_conc_a" in plan, plan
    return conn.execute("SELECT b FROM reindex_conc WHERE a = %s", (value,)).fetchall()


def _run(conn, sql: str, result: dict, key: str) -> threading.Thread:
    def work():
        try:
            conn.execute(sql)
            result[key] = "done"
        except Exception as exc:                      # reported by the assertions
            result[key] = exc
    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_reindex_concurrently_waits_for_readers_only_at_the_swap(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS reindex_conc")
        setup.execute("CREATE TABLE reindex_conc (a int, b text)")
        setup.execute("INSERT INTO reindex_conc SELECT g, 'v' || g FROM generate_series(1, 3000) g")
        setup.execute("CREATE INDEX reindex_conc_a ON reindex_conc USING hash (a)")
        old_file = setup.execute("SELECT pg_relation_filenode('reindex_conc_a')").fetchone()[0]
    with pgsnake_server.connect(autocommit=False) as reader, \
            pgsnake_server.connect(autocommit=True) as reindexer, \
            pgsnake_server.connect(autocommit=True) as writer, \
            pgsnake_server.connect(autocommit=True) as observer:
        assert _index_answer(reader, 1234) == [("v1234",)]      # holds the index now
        reindex_pid = reindexer.execute("SELECT pg_backend_pid()").fetchone()[0]
        writer_pid = writer.execute("SELECT pg_backend_pid()").fetchone()[0]
        result: dict = {}
        reindexing = _run(reindexer, "REINDEX INDEX CONCURRENTLY reindex_conc_a", result,
                          "reindex")
        try:
            assert _wait_until(lambda: any(mode == "AccessExclusiveLock" for _t, mode
                                           in _ungranted(observer, reindex_pid))), \
                "REINDEX CONCURRENTLY never waited for the reader"
            phase = observer.execute(
                "SELECT command, phase FROM pg_stat_progress_create_index WHERE pid = %s",
                (reindex_pid,)).fetchall()
            assert phase == [("REINDEX CONCURRENTLY", "waiting for readers before dropping")]
            # The reader still reads the old file meanwhile.
            assert _index_answer(reader, 99) == [("v99",)]
            writing = _run(writer, "INSERT INTO reindex_conc VALUES (5000, 'new')", result,
                           "insert")
            assert _wait_until(lambda: _ungranted(observer, writer_pid)), \
                "the writer did not wait for REINDEX"
            assert "reindex" not in result and "insert" not in result
        finally:
            reader.commit()
            reindexing.join(60)
        writing.join(60)
        assert result == {"reindex": "done", "insert": "done"}
        new_file = observer.execute("SELECT pg_relation_filenode('reindex_conc_a')").fetchone()[0]
        assert new_file != old_file
        assert _index_answer(observer, 5000) == [("new",)]
        assert _index_answer(observer, 1234) == [("v1234",)]
        assert observer.execute("SELECT indisvalid FROM pg_index WHERE indexrelid = "
                                "'reindex_conc_a'::regclass").fetchone() == (True,)
        observer.execute("DROP TABLE reindex_conc")


def test_plain_reindex_blocks_index_readers_until_commit(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as setup:
        setup.execute("DROP TABLE IF EXISTS reindex_conc")
        setup.execute("CREATE TABLE reindex_conc (a int, b text)")
        setup.execute("INSERT INTO reindex_conc SELECT g, 'v' || g FROM generate_series(1, 500) g")
        setup.execute("CREATE INDEX reindex_conc_a ON reindex_conc (a)")
    with pgsnake_server.connect(autocommit=False) as reindexer, \
            pgsnake_server.connect(autocommit=True) as reader, \
            pgsnake_server.connect(autocommit=True) as observer:
        reindexer.execute("REINDEX INDEX reindex_conc_a")
        reader_pid = reader.execute("SELECT pg_backend_pid()").fetchone()[0]
        result: dict = {}

        def read():
            try:
                result["rows"] = _index_answer(reader, 77)
            except Exception as exc:                  # reported by the assertion below
                result["error"] = exc
        thread = threading.Thread(target=read)
        thread.start()
        try:
            assert _wait_until(lambda: _ungranted(observer, reader_pid)), \
                "the reader did not wait for REINDEX"
            assert not result
        finally:
            reindexer.commit()
            thread.join(60)
        assert result == {"rows": [("v77",)]}
        observer.execute("DROP TABLE reindex_conc")


def _invalid_index_story(server) -> list:
    """What REINDEX does with indexes a failed CREATE INDEX CONCURRENTLY left invalid
    (made so here by hand): the notices and the indexes' validity after each step."""
    out = []
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS reindex_invalid")
        conn.execute("CREATE TABLE reindex_invalid (a int)")
        conn.execute("INSERT INTO reindex_invalid SELECT generate_series(1, 100)")
        conn.execute("CREATE INDEX reindex_invalid_a ON reindex_invalid (a)")
        conn.execute("CREATE INDEX reindex_invalid_h ON reindex_invalid USING hash (a)")
        conn.execute("UPDATE pg_index SET indisvalid = false WHERE indrelid = "
                     "'reindex_invalid'::regclass")
    for step in ("REINDEX TABLE CONCURRENTLY reindex_invalid",
                 "REINDEX INDEX CONCURRENTLY reindex_invalid_a",
                 "REINDEX TABLE reindex_invalid"):
        with server.connect(autocommit=True) as conn:      # a fresh catalog cache
            notices = []
            conn.add_notice_handler(lambda d: notices.append(
                (d.severity_nonlocalized, d.sqlstate, d.message_primary)))
            conn.execute(step)
            valid = conn.execute("SELECT indexrelid::regclass::text, indisvalid FROM pg_index "
                                 "WHERE indrelid = 'reindex_invalid'::regclass "
                                 "ORDER BY 1").fetchall()
            out.append((step, notices, valid))
    with server.connect(autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        out.append([r[0] for r in conn.execute(
            "EXPLAIN (COSTS OFF) SELECT * FROM reindex_invalid WHERE a = 3").fetchall()])
        conn.execute("DROP TABLE reindex_invalid")
    return out


def test_invalid_indexes_are_rebuilt_as_postgresql_does(pgsnake_server, oracle):
    assert _invalid_index_story(pgsnake_server) == _invalid_index_story(oracle)
