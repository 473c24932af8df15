# Proves the hash index's bucket-level locking (README rule H1) with real backends:
# four sessions insert at once into one table with two hash indexes (one splitting its
# buckets again and again, one whose few codes grow overflow chains) while a fifth keeps
# looking up rows that are already committed and must find each exactly once; then
# the pages are well formed (every entry in its bucket, chains and bitmap consistent,
# the metapage's count right) and Index, Bitmap and Seq Scans find the same rows.
from __future__ import annotations

import threading

import pytest

from test_hash_structure import _check

from tests.access.concurrency_support import run_writers_and_watchers
from tests.access.raw_pages import raw_pages


def test_concurrent_inserters_keep_the_index_consistent(pgsnake_server):
    """The default tier's short variant: no bucket splits yet."""
    _concurrent_inserts(pgsnake_server, writers=2, batches=6, rows=20, splits=False)


@pytest.mark.slow            # ~20 s under load: 1920 rows, enough for bucket splits
def test_concurrent_inserters_splitting_buckets_keep_the_index_consistent(pgsnake_server):
    _concurrent_inserts(pgsnake_server, writers=4, batches=12, rows=40, splits=True)


def _concurrent_inserts(pgsnake_server, writers: int, batches: int, rows: int,
                        splits: bool) -> None:
    WRITERS, BATCHES, ROWS = writers, batches, rows
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS hash_conc")
        conn.execute("CREATE TABLE hash_conc (id int, tag text)")
        conn.execute("CREATE INDEX hash_conc_id ON hash_conc USING hash (id) "
                     "WITH (fillfactor = 10)")
        conn.execute("CREATE INDEX hash_conc_tag ON hash_conc USING hash (tag)")
        before = _check(raw_pages(conn, "hash_conc_id"))
    committed: list[int] = []            # ids whose insert has committed

    def writer(n: int) -> None:
        with pgsnake_server.connect(autocommit=True) as conn:
            for batch in range(BATCHES):
                first = (n * BATCHES + batch) * ROWS + 1
                conn.execute(f"INSERT INTO hash_conc SELECT g, 't' || (g % 7) FROM "
                             f"generate_series({first}, {first + ROWS - 1}) g")
                committed.append(first + ROWS - 1)

    def reader(done: threading.Event) -> None:
        with pgsnake_server.connect(autocommit=True) as conn:
            conn.execute("SET enable_seqscan = off")
            conn.execute("SET enable_bitmapscan = off")
            while not done.is_set():
                for value in list(committed):
                    count = conn.execute("SELECT count(*) FROM hash_conc WHERE id = %s",
                                         (value,)).fetchone()[0]
                    if count != 1:
                        raise AssertionError(f"id {value} found {count} times")

    run_writers_and_watchers(writer, WRITERS, [reader])
    total = WRITERS * BATCHES * ROWS
    with pgsnake_server.connect(autocommit=True) as conn:
        ids = _check(raw_pages(conn, "hash_conc_id"))
        tags = _check(raw_pages(conn, "hash_conc_tag"))
        assert ids["entries"] == tags["entries"] == total
        if splits:
            assert ids["buckets"] > before["buckets"] and tags["overflow"] > 0, (ids, tags)
        for column, values in (("id", (1, ROWS, total // 2 + 3, total)),
                               ("tag", ("t0", "t3", "t6"))):
            answers = []
            for seqscan, bitmapscan, indexscan in (("off", "off", "on"), ("off", "on", "off"),
                                                   ("on", "off", "off")):
                conn.execute(f"SET enable_seqscan = {seqscan}")
                conn.execute(f"SET enable_bitmapscan = {bitmapscan}")
                conn.execute(f"SET enable_indexscan = {indexscan}")
                answers.append([sorted(r[0] for r in conn.execute(
                    f"SELECT id FROM hash_conc WHERE {column} = %s", (value,)).fetchall())
                    for value in values])
            assert answers[0] == answers[1] == answers[2]
        conn.execute("DROP TABLE hash_conc")
