# Proves a hash index survives kill -9: the build (every page logged at its end) and the
# committed inserts (bucket splits and overflow pages among them), deletes and VACUUM
# after it (each change logged as hash WAL records) are replayed at restart, and the
# index answers as a sequential scan does; a REINDEX committed before the crash is
# replayed into its new relfilenode; an uncommitted insert's rows stay invisible. A kill
# while another session is committing inserts leaves every committed row findable.
from __future__ import annotations

import pytest

from index_crash_support import answers, kill_9_during_inserts, kill_9_with_open_insert

VALUES = (1, 77, 1500, 2999, 4000, 9999)


def _answers(conn, index_only: bool) -> list:
    queries = [f"{column} = {value if column == 'id' else repr(f't{value % 40}')}"
               for value in VALUES for column in ("id", "tag")]
    return answers(conn, "crash_hash", queries, index_only, "Index Scan using crash_hash_",
                   bitmap=False)


@pytest.mark.slow
def test_hash_index_answers_after_kill_9(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE crash_hash (id int, tag text)")
        conn.execute("INSERT INTO crash_hash SELECT g, 't' || (g % 40) "
                     "FROM generate_series(1, 1000) g")
        conn.execute("CREATE INDEX crash_hash_id ON crash_hash USING hash (id)")
        conn.execute("CREATE INDEX crash_hash_tag ON crash_hash USING hash (tag)")
        conn.execute("INSERT INTO crash_hash SELECT g, 't' || (g % 40) "
                     "FROM generate_series(1001, 3000) g")
        conn.execute("DELETE FROM crash_hash WHERE id % 7 = 0")
        conn.execute("VACUUM crash_hash")
        conn.execute("REINDEX INDEX crash_hash_tag")
        conn.execute("INSERT INTO crash_hash VALUES (4000, 't0')")
        expected = _answers(conn, index_only=False)
        assert _answers(conn, index_only=True) == expected
    kill_9_with_open_insert(server, "INSERT INTO crash_hash VALUES (9999, 't39')")
    with server.connect() as conn:
        assert _answers(conn, index_only=True) == expected
        assert _answers(conn, index_only=False) == expected
        conn.execute("INSERT INTO crash_hash VALUES (9999, 't39')")
        assert [9999] in _answers(conn, index_only=True)


@pytest.mark.slow
def test_hash_index_agrees_with_the_heap_after_kill_9_during_inserts(make_pgsnake_server):
    """Killed while another session commits inserts that split buckets and add
    overflow pages: after recovery every committed row is found through the index, and
    the index finds exactly what a sequential scan finds."""
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE crash_hash (id int, tag text)")
        conn.execute("CREATE INDEX crash_hash_id ON crash_hash USING hash (id)")
        conn.execute("CREATE INDEX crash_hash_tag ON crash_hash USING hash (tag)")
    statements = [f"INSERT INTO crash_hash SELECT g, 't' || (g % 40) FROM "
                  f"generate_series({n * 100 + 1}, {n * 100 + 100}) g" for n in range(60)]
    committed = kill_9_during_inserts(server, statements, after=25)
    with server.connect() as conn:
        assert _answers(conn, index_only=True) == _answers(conn, index_only=False)
        ids = [r[0] for r in conn.execute("SELECT id FROM crash_hash").fetchall()]
        conn.execute("SET enable_seqscan = off")
        conn.execute("SET enable_bitmapscan = off")
        for value in range(1, committed * 100 + 1, 37):
            assert conn.execute(f"SELECT count(*) FROM crash_hash WHERE id = {value}"
                                ).fetchone()[0] == 1, value
        assert len(ids) >= committed * 100
