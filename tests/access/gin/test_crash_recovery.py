# Proves a GIN index survives kill -9: the build (every page logged at its end) and the
# committed inserts and VACUUM after it (entry-tree changes logged as GIN WAL records, posting trees as page images) are
# replayed at restart, and the index still answers as a sequential scan does, entry
# page splits and posting trees included; an uncommitted insert's entries may be in
# the index but its rows are invisible. A kill while another session is committing
# inserts leaves the index answering as the heap does.
from __future__ import annotations

import pytest

from index_crash_support import answers, kill_9_during_inserts, kill_9_with_open_insert

QUERIES = ("doc @> '{\"a\": 1}'", "doc ? 'new'", "doc ?| ARRAY['k7', 'zz']",
           "doc @> '{\"b\": [\"x2\"]}'")


def _answers(conn, index_only: bool) -> list:
    return answers(conn, "crash_docs", QUERIES, index_only, "Bitmap Index Scan on crash_docs_gin")


@pytest.mark.slow
def test_gin_index_answers_after_kill_9(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE crash_docs (id int, doc jsonb)")
        conn.execute("INSERT INTO crash_docs SELECT g, jsonb_build_object('a', g % 5, "
                     "'b', ARRAY['x' || (g % 3)], 'k' || (g % 40), g) "
                     "FROM generate_series(1, 2000) g")
        conn.execute("CREATE INDEX crash_docs_gin ON crash_docs USING gin (doc)")
        conn.execute("INSERT INTO crash_docs SELECT g, jsonb_build_object('new', g, 'a', 1) "
                     "FROM generate_series(3000, 3400) g")
        conn.execute("DELETE FROM crash_docs WHERE id % 7 = 0")
        conn.execute("VACUUM crash_docs")
        conn.execute("INSERT INTO crash_docs VALUES (5000, '{\"new\": true}')")
        expected = _answers(conn, index_only=False)
        assert _answers(conn, index_only=True) == expected
    kill_9_with_open_insert(server, "INSERT INTO crash_docs VALUES (6000, "
                                    "'{\"new\": 1, \"a\": 1}')")
    with server.connect() as conn:
        assert _answers(conn, index_only=True) == expected
        assert _answers(conn, index_only=False) == expected
        conn.execute("INSERT INTO crash_docs VALUES (7000, '{\"new\": 2}')")
        assert 7000 in _answers(conn, index_only=True)[1]


@pytest.mark.slow
def test_gin_index_agrees_with_the_heap_after_kill_9_during_inserts(make_pgsnake_server):
    """Killed while another session commits inserts that split entry pages and grow
    posting trees: after recovery the index finds exactly what a sequential scan finds,
    every committed row among them."""
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE TABLE crash_docs (id int, doc jsonb)")
        conn.execute("CREATE INDEX crash_docs_gin ON crash_docs USING gin (doc)")
    statements = [f"INSERT INTO crash_docs SELECT g, jsonb_build_object('a', g % 5, 'b', "
                  f"ARRAY['x' || (g % 3)], 'k' || (g % 40), g, 'new', g) FROM "
                  f"generate_series({n * 50 + 1}, {n * 50 + 50}) g" for n in range(60)]
    committed = kill_9_during_inserts(server, statements, after=20)
    with server.connect() as conn:
        expected = _answers(conn, index_only=False)
        assert _answers(conn, index_only=True) == expected
        assert len(expected[1]) >= committed * 50          # doc ? 'new': every row
