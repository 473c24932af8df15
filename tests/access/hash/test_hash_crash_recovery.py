# Proves a hash index survives kill -9: the build (every page logged at its end) and the
# committed inserts (bucket splits and overflow pages among them), deletes and VACUUM
# after it (each change logged as full-page images) are replayed at restart, and the
# index answers as a sequential scan does; a REINDEX committed before the crash is
# replayed into its new relfilenode; an uncommitted insert's rows stay invisible.
from __future__ import annotations

import pytest

VALUES = (1, 77, 1500, 2999, 4000, 9999)


def _answers(conn, index_only: bool) -> list:
    conn.execute(f"SET enable_seqscan = {'off' if index_only else 'on'}")
    conn.execute(f"SET enable_bitmapscan = {'off' if index_only else 'on'}")
    conn.execute(f"SET enable_indexscan = {'on' if index_only else 'off'}")
    out = []
    for value in VALUES:
        for column in ("id", "tag"):
            literal = value if column == "id" else f"'t{value % 40}'"
            sql = f"SELECT id FROM crash_hash WHERE {column} = {literal}"
            plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + sql).fetchall())
            if index_only and "Index Scan using" not in plan:
                raise AssertionError(f"the hash index is not used for {sql}:\n{plan}")
            out.append(sorted(r[0] for r in conn.execute(sql).fetchall()))
    return out


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
    open_conn = server.connect(autocommit=False)
    open_conn.execute("INSERT INTO crash_hash VALUES (9999, 't39')")
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
        conn.execute("INSERT INTO crash_hash VALUES (9999, 't39')")
        assert [9999] in _answers(conn, index_only=True)
