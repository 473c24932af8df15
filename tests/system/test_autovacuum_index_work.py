# Proves the index work autovacuum does besides VACUUM, on pgsnake and on PostgreSQL 15,
# on a running server with a short autovacuum_naptime: a BRIN index with autosummarize asks (from the insert that
# starts a new block range) for the range before it to be summarised, and the next
# worker in the database does it, even for a table autovacuum itself leaves alone
# (autovacuum_enabled = off: only the work item can have summarised it); and
# autovacuum's ANALYZE moves a GIN index's pending list into the entry tree
# (a user's ANALYZE leaves it).
from __future__ import annotations

import time

AUTOVACUUM = {"autovacuum": "on", "autovacuum_naptime": "1"}


def _wait_for(conn, query, predicate, timeout=120.0):
    """Poll `query` until predicate(row) holds (the test may wait by polling)."""
    deadline = time.monotonic() + timeout
    row = None
    while time.monotonic() < deadline:
        row = conn.execute(query).fetchone()
        if predicate(row):
            return row
        time.sleep(0.5)
    raise AssertionError(f"timed out; last row: {row}")


def test_autosummarize_and_autoanalyze_pending_list_cleanup(make_server):
    server = make_server(settings=AUTOVACUUM)
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION pageinspect")
        conn.execute("CREATE TABLE av_brin (id int, pad text) "
                     "WITH (autovacuum_enabled = off)")
        conn.execute("CREATE INDEX av_brin_id ON av_brin USING brin (id) "
                     "WITH (pages_per_range = 1, autosummarize = on)")
        conn.execute("CREATE INDEX av_brin_plain ON av_brin USING brin (id) "
                     "WITH (pages_per_range = 1)")
        conn.execute("INSERT INTO av_brin SELECT g, repeat('x', 200) "
                     "FROM generate_series(1, 140) g")           # five heap blocks
        blocks = conn.execute("SELECT pg_relation_size('av_brin') / 8192").fetchone()[0]
        assert blocks == 5
        ranges = ("SELECT array_agg(blknum ORDER BY blknum) FROM (SELECT DISTINCT blknum "
                  "FROM brin_page_items(get_raw_page('{0}', 2), '{0}')) r")
        # Ranges 1 to 3 (each completed by a row starting the next one) get summaries
        # from the work items; range 4 is still filling, range 0 had one from the build.
        _wait_for(conn, ranges.format("av_brin_id"), lambda r: r[0] == [0, 1, 2, 3])
        assert conn.execute(ranges.format("av_brin_plain")).fetchone()[0] == [0]
        assert conn.execute("SELECT count(*) FROM av_brin WHERE id BETWEEN 40 AND 60"
                            ).fetchone()[0] == 21

        conn.execute("CREATE TABLE av_gin (id int, a int[])")
        conn.execute("CREATE INDEX av_gin_a ON av_gin USING gin (a)")
        conn.execute("INSERT INTO av_gin SELECT g, ARRAY[g % 7, g] "
                     "FROM generate_series(1, 200) g")
        pending = ("SELECT n_pending_tuples FROM "
                   "gin_metapage_info(get_raw_page('av_gin_a', 0))")
        assert conn.execute(pending).fetchone()[0] == 200
        _wait_for(conn, "SELECT autoanalyze_count FROM pg_stat_user_tables "
                        "WHERE relname = 'av_gin'", lambda r: r[0] >= 1)
        _wait_for(conn, pending, lambda r: r[0] == 0, timeout=30)
        assert conn.execute("SELECT autovacuum_count FROM pg_stat_user_tables "
                            "WHERE relname = 'av_gin'").fetchone()[0] == 0
        conn.execute("SET enable_seqscan = off")
        assert conn.execute("SELECT count(*) FROM av_gin WHERE a @> ARRAY[3]"
                            ).fetchone()[0] == 29
