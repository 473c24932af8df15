# Proves posting trees grown by inserts are PostgreSQL 15's page for page: rows whose
# jsonb documents share their keys (a padding column, not indexed, spreads the TIDs), inserted into a fastupdate = off index in the same
# statements on both servers (the heap TIDs are checked equal first), give the same
# posting tree pages (segments cut where dataBeginPlaceToPageLeaf cuts them: a new
# segment after a last one of 256 bytes, changed ones re-encoded up to 384), leaf
# splits (75% full left pages when appending) and root splits (the right page taking
# the lower block) included; gin_leafpage_items returns the oracle's rows. (Entry
# pages are compared without their free space: PostgreSQL leaves stale bytes of the
# replaced tuples there that pgsnake's do not match.)
from __future__ import annotations

import struct

import pytest

from test_gin_oracle_pages import _inspect

from tests.access.raw_pages import raw_pages

psycopg = pytest.importorskip("psycopg")


def _grow(conn, rows: int, statements: int) -> None:
    conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    conn.execute("DROP TABLE IF EXISTS gin_ptree")
    conn.execute("CREATE TABLE gin_ptree (id int, doc jsonb, pad text) "
                 "WITH (autovacuum_enabled = false)")
    conn.execute("CREATE INDEX gin_ptree_idx ON gin_ptree USING gin (doc) "
                 "WITH (fastupdate = off)")
    step = rows // statements
    for start in range(1, rows + 1, step):
        conn.execute("INSERT INTO gin_ptree SELECT g, jsonb_build_object('z', g % 2), "
                     "repeat('x', 300) FROM generate_series("
                     f"{start}, {start + step - 1}) g")


def _compare(oracle, pgsnake_server, rows: int, statements: int, min_pages: int) -> None:
    with psycopg.connect(oracle.dsn, autocommit=True) as theirs, \
            psycopg.connect(pgsnake_server.dsn, autocommit=True) as ours:
        for conn in (theirs, ours):
            _grow(conn, rows, statements)
        ctids = [conn.execute("SELECT ctid::text FROM gin_ptree ORDER BY id").fetchall()
                 for conn in (theirs, ours)]
        assert ctids[0] == ctids[1], "the heaps differ: the comparison would mean nothing"
        expected, got = raw_pages(theirs, "gin_ptree_idx"), raw_pages(ours, "gin_ptree_idx")
        assert len(got) == len(expected) and len(expected) >= min_pages
        data_pages = 0
        for blkno, (a, b) in enumerate(zip(expected, got)):
            if a[8190] & 0x01:                        # GIN_DATA: posting tree pages
                data_pages += 1
                assert a[10:] == b[10:], f"posting tree block {blkno} differs"
            else:       # entry pages: all but the free space (README "Where we differ")
                lower, upper = struct.unpack_from("<HH", a, 12)
                assert (a[10:lower], a[upper:]) == (b[10:lower], b[upper:]), blkno
        assert data_pages >= min_pages - 2
        assert _inspect(ours, "gin_ptree_idx", got) == _inspect(theirs, "gin_ptree_idx",
                                                                expected)
        for conn in (theirs, ours):
            conn.execute("DROP TABLE gin_ptree")


# Slow only: a posting tree needs a few thousand rows, inserted on both servers (the
# default tier's tests/access/gin/test_gin_wal_redo.py grows posting trees in-process).
@pytest.mark.slow            # ~70 s: 10000 rows, posting tree leaf and root splits
def test_posting_tree_splits_equal_the_oracle(oracle, pgsnake_server):
    _compare(oracle, pgsnake_server, rows=10000, statements=20, min_pages=7)
