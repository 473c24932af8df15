# Proves a BRIN index survives kill -9: the build (every page logged at its end), then
# committed inserts widening summaries, brin_summarize_new_values, a desummarised range
# and VACUUM summarising the rest (each change logged as BRIN WAL records) are replayed
# at restart: the index pages read through pageinspect are what they were before the
# crash, and the index answers as a sequential scan does. Slow (a cluster, a kill -9
# and a restart); tests/access/brin/test_brin_wal_redo.py is the default tier's check of
# the records and their redo. Common set-up: tests/index_crash_support.py.
from __future__ import annotations

import pytest

from index_crash_support import answers

QUERIES = ("v BETWEEN 100 AND 130", "v < 0", "t > 'x2990'", "v = 4500", "t = 'late'")


def _pages(conn) -> list:
    nblocks = conn.execute("SELECT pg_relation_size('crash_brin_v') / 8192").fetchone()[0]
    return [conn.execute("SELECT * FROM brin_page_items(get_raw_page('crash_brin_v', %s), "
                         "'crash_brin_v') ORDER BY 1, 3", (blkno,)).fetchall()
            for blkno in range(2, nblocks)] + \
        [conn.execute("SELECT * FROM brin_revmap_data(get_raw_page('crash_brin_v', 1)) "
                      "LIMIT 100").fetchall()]


@pytest.mark.slow            # a server start, kill -9 and recovery: ~25 s under load
def test_brin_changes_survive_kill_9(make_pgsnake_server):
    server = make_pgsnake_server()
    with server.connect() as conn:
        conn.execute("CREATE EXTENSION pageinspect")
        conn.execute("CREATE TABLE crash_brin (id int, v int, t text)")
        conn.execute("INSERT INTO crash_brin SELECT g, g, 'x' || g FROM "
                     "generate_series(1, 3000) g")
        conn.execute("CREATE INDEX crash_brin_v ON crash_brin USING brin (v, t) "
                     "WITH (pages_per_range = 2)")
        conn.execute("INSERT INTO crash_brin VALUES (3001, -5, 'a'), (3002, NULL, NULL)")
        conn.execute("INSERT INTO crash_brin SELECT g, g, 'y' || g FROM "
                     "generate_series(4000, 4600) g")
        assert conn.execute("SELECT brin_summarize_new_values('crash_brin_v')"
                            ).fetchone()[0] > 0
        conn.execute("SELECT brin_desummarize_range('crash_brin_v', 4)")
        conn.execute("INSERT INTO crash_brin SELECT g, g, 'late' FROM "
                     "generate_series(5000, 5400) g")
        conn.execute("VACUUM crash_brin")
        expected = answers(conn, "crash_brin", QUERIES, False, "")
        assert answers(conn, "crash_brin", QUERIES, True,
                       "Bitmap Index Scan on crash_brin_v") == expected
        committed = _pages(conn)
        # An uncommitted row widens its range's summary too (summaries are not
        # transactional); its record survives the crash if the WAL reached the disk.
        open_conn = server.connect(autocommit=False)
        open_conn.execute("INSERT INTO crash_brin VALUES (9999, -100, 'open')")
        widened = _pages(conn)
        assert widened != committed
    try:
        server.kill_all_9()
    finally:
        try:
            open_conn.close()
        except Exception:
            pass
    server.start()
    with server.connect() as conn:
        after = _pages(conn)
        assert after in (committed, widened)
        assert answers(conn, "crash_brin", QUERIES, True,
                       "Bitmap Index Scan on crash_brin_v") == expected
        assert answers(conn, "crash_brin", QUERIES, False, "") == expected
        conn.execute("INSERT INTO crash_brin VALUES (7000, -50, 'after')")
        assert 7000 in answers(conn, "crash_brin", ("v < 0",), True,
                               "Bitmap Index Scan on crash_brin_v")[0]
        conn.execute("DROP TABLE crash_brin")
