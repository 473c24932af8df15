# Proves a GIN index survives kill -9: the build (every page logged at its end) and the
# committed inserts and VACUUM after it (each change logged as full-page images) are
# replayed at restart, and the index still answers as a sequential scan does, entry
# page splits and posting trees included; an uncommitted insert's entries may be in
# the index but its rows are invisible.
from __future__ import annotations

import pytest

QUERIES = ("doc @> '{\"a\": 1}'", "doc ? 'new'", "doc ?| ARRAY['k7', 'zz']",
           "doc @> '{\"b\": [\"x2\"]}'")


def _answers(conn, index_only: bool) -> list:
    conn.execute(f"SET enable_seqscan = {'off' if index_only else 'on'}")
    conn.execute(f"SET enable_bitmapscan = {'on' if index_only else 'off'}")
    out = []
    for q in QUERIES:
        plan = "\n".join(r[0] for r in conn.execute(f"EXPLAIN SELECT id FROM crash_docs "
                                                    f"WHERE {q}").fetchall())
        if index_only and "Bitmap Index Scan" not in plan:
            raise AssertionError(f"the GIN index is not used for {q}:\n{plan}")
        out.append(sorted(r[0] for r in conn.execute(
            f"SELECT id FROM crash_docs WHERE {q}").fetchall()))
    return out


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
    open_conn = server.connect(autocommit=False)
    open_conn.execute("INSERT INTO crash_docs VALUES (6000, '{\"new\": 1, \"a\": 1}')")
    try:
        server.kill_all_9()
    finally:
        try:
            open_conn.close()
        except Exception:
            pass
    server.start()
    with server.connect() as conn:
        assert _answers(conn, index_only=True) == expected
        assert _answers(conn, index_only=False) == expected
        conn.execute("INSERT INTO crash_docs VALUES (7000, '{\"new\": 2}')")
        assert 7000 in _answers(conn, index_only=True)[1]
