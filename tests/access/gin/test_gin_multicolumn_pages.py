# Proves a multicolumn GIN index's pages are PostgreSQL 15's, byte for byte (apart from
# the page LSN and checksum): entry tuples that carry their column number, entries
# ordered by column, then category, then key, and the null categories as PostgreSQL
# writes them (a NULL value: NULL_ITEM; NULL elements: NULL_KEY; no keys:
# EMPTY_ITEM), for CREATE INDEX and for inserts with fastupdate = off; then the same
# rows answer the same searches on every column. btree_gin gives the scalar columns
# their classes.
from __future__ import annotations

import pytest

from tests.access.raw_pages import raw_pages

psycopg = pytest.importorskip("psycopg")

ROWS = ("SELECT g, CASE WHEN g % 97 = 0 THEN NULL WHEN g % 89 = 0 THEN '{{}}'::jsonb "
        "ELSE jsonb_build_object('a', g % 5, 'k' || (g % 40), g) END, "
        "CASE WHEN g % 31 = 0 THEN NULL ELSE 't' || (g % 17) END "
        "FROM generate_series(1, {n}) g")

SEARCHES = (
    "id < 50", "id >= 1190", "id = 77", "doc @> '{\"a\": 3}'", "doc ? 'k7'",
    "t = 't3'", "t > 't8'", "id > 600 AND doc @> '{\"a\": 1}' AND t <= 't2'",
    "doc @> '{}'",
)



def _setup(conn, table: str, built: bool) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    conn.execute(f"CREATE TABLE {table} (id int, doc jsonb, t text) "
                 f"WITH (autovacuum_enabled = false)")
    if built:
        conn.execute(f"INSERT INTO {table} {ROWS.format(n=1200)}")
        conn.execute(f"CREATE INDEX {table}_idx ON {table} USING gin (id, doc, t)")
    else:
        conn.execute(f"CREATE INDEX {table}_idx ON {table} USING gin (t, doc, id) "
                     f"WITH (fastupdate = off)")
        for start in range(0, 600, 100):
            conn.execute(f"INSERT INTO {table} SELECT * FROM ({ROWS.format(n=600)}) r "
                         f"OFFSET {start} LIMIT 100")


@pytest.mark.parametrize("built", [True, False], ids=["build", "inserts"])
def test_multicolumn_pages_equal_the_oracle(oracle, pgsnake_server, built):
    table = "gin_mc_built" if built else "gin_mc_grown"
    with psycopg.connect(oracle.dsn, autocommit=True) as theirs, \
            psycopg.connect(pgsnake_server.dsn, autocommit=True) as ours:
        try:
            _compare(theirs, ours, table, built)
        finally:
            # Both servers are shared with later tests: btree_gin's operator families on
            # the oracle would change what tools/generate_catalog_facts.py reads there.
            for conn in (theirs, ours):
                conn.execute(f"DROP TABLE IF EXISTS {table}")
                conn.execute("DROP EXTENSION IF EXISTS btree_gin")


def _compare(theirs, ours, table: str, built: bool) -> None:
    for conn in (theirs, ours):
        _setup(conn, table, built)
    ctids = [conn.execute(f"SELECT ctid::text FROM {table} ORDER BY id").fetchall()
             for conn in (theirs, ours)]
    assert ctids[0] == ctids[1], "the heaps differ: the comparison would mean nothing"
    expected, got = raw_pages(theirs, f"{table}_idx"), raw_pages(ours, f"{table}_idx")
    assert len(got) == len(expected)
    assert len(expected) > 3
    for blkno, (a, b) in enumerate(zip(expected, got)):
        assert a[10:] == b[10:], f"block {blkno} differs"
    for conn in (theirs, ours):
        conn.execute("SET enable_seqscan = off")
    for search in SEARCHES:
        query = f"SELECT id FROM {table} WHERE {search} ORDER BY id"
        plan = "\n".join(r[0] for r in ours.execute(f"EXPLAIN (COSTS OFF) {query}"))
        assert "Bitmap Index Scan" in plan, plan
        assert ours.execute(query).fetchall() == theirs.execute(query).fetchall(), search
