# Proves pgsnake's GIN pages are PostgreSQL 15's, byte for byte (apart from the page LSN
# and checksum): the same jsonb rows (the heap TIDs are checked equal first) give the
# same metapage, entry tree pages, posting lists and posting tree pages, for CREATE
# INDEX and for an index grown by inserts (fastupdate = off) in the same order, entry
# page splits included; pageinspect's gin_metapage_info, gin_page_opaque_info and
# gin_leafpage_items return the oracle's rows. jsonb_ops only: jsonb_path_ops hashes
# with a different function (README "Where we differ"), and arrays are stored in the
# heap differently, so their TIDs differ.
from __future__ import annotations

import pytest

from tests.access.raw_pages import raw_pages

psycopg = pytest.importorskip("psycopg")

ROWS = ("SELECT g, jsonb_build_object('a', g % 5, 'b', ARRAY['x' || (g % 3), 'y'], "
        "'k' || (g % 300), g) FROM generate_series(1, {n}) g")



def _setup(conn, table: str, built: bool) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    conn.execute(f"DROP TABLE IF EXISTS {table}")
    # No autovacuum: its ginvacuumcleanup would rewrite the metapage's statistics at
    # a moment of its choosing, on either side.
    conn.execute(f"CREATE TABLE {table} (id int, doc jsonb) "
                 f"WITH (autovacuum_enabled = false)")
    if built:
        conn.execute(f"INSERT INTO {table} {ROWS.format(n=3000)}")
        conn.execute(f"CREATE INDEX {table}_idx ON {table} USING gin (doc)")
    else:
        conn.execute(f"CREATE INDEX {table}_idx ON {table} USING gin (doc) "
                     f"WITH (fastupdate = off)")
        for start in range(0, 1200, 100):     # one statement per 100 rows, same order
            conn.execute(f"INSERT INTO {table} SELECT * FROM ({ROWS.format(n=1200)}) r "
                         f"OFFSET {start} LIMIT 100")


def _inspect(conn, index: str, pages: list[bytes]) -> list:
    rows = [conn.execute(f"SELECT * FROM gin_metapage_info(get_raw_page('{index}', 0))")
            .fetchall()]
    for blkno, page in enumerate(pages[1:], start=1):
        rows.append(conn.execute(
            f"SELECT * FROM gin_page_opaque_info(get_raw_page('{index}', {blkno}))")
            .fetchall())
        flags = int.from_bytes(page[8190:8192], "little")
        if flags == 0x83:                     # data | leaf | compressed
            rows.append(conn.execute(
                f"SELECT first_tid::text, nbytes, tids::text FROM "
                f"gin_leafpage_items(get_raw_page('{index}', {blkno}))").fetchall())
    return rows


@pytest.mark.parametrize("built", [True, False], ids=["build", "inserts"])
def test_jsonb_ops_pages_equal_the_oracle(oracle, pgsnake_server, built):
    table = "gin_pages_built" if built else "gin_pages_grown"
    with psycopg.connect(oracle.dsn, autocommit=True) as theirs, \
            psycopg.connect(pgsnake_server.dsn, autocommit=True) as ours:
        for conn in (theirs, ours):
            _setup(conn, table, built)
        ctids = [conn.execute(f"SELECT ctid::text FROM {table} ORDER BY id").fetchall()
                 for conn in (theirs, ours)]
        assert ctids[0] == ctids[1], "the heaps differ: the comparison would mean nothing"
        expected, got = raw_pages(theirs, f"{table}_idx"), raw_pages(ours, f"{table}_idx")
        assert len(got) == len(expected)
        assert len(expected) > 5                # entry splits and posting trees happened
        for blkno, (a, b) in enumerate(zip(expected, got)):
            assert a[10:] == b[10:], f"block {blkno} differs"
        assert _inspect(ours, f"{table}_idx", got) == _inspect(theirs, f"{table}_idx",
                                                              expected)
        # VACUUM after deletes: the same TIDs go, the metapage gets the same counts
        for conn in (theirs, ours):
            conn.execute(f"DELETE FROM {table} WHERE id % 4 = 1")
            conn.execute(f"VACUUM {table}")
        expected, got = raw_pages(theirs, f"{table}_idx"), raw_pages(ours, f"{table}_idx")
        assert got[0][10:] == expected[0][10:], "metapage statistics differ"
        assert _inspect(ours, f"{table}_idx", got) == _inspect(theirs, f"{table}_idx",
                                                              expected)
        for conn in (theirs, ours):
            conn.execute(f"DROP TABLE {table}")
