# Proves BRIN's locking (README rule R1) with real backends: sessions insert at once
# into a table with a BRIN index (widening summaries, moving grown ones to other pages)
# while another keeps summarising new ranges and a third keeps counting committed rows
# through the index, which must find each committed row; afterwards the lossy Bitmap
# Heap Scan and a sequential scan agree on every probe, and the revmap points at a
# tuple of the right range for every summarised range.
from __future__ import annotations

import threading

import pytest

from tests.access.concurrency_support import run_writers_and_watchers


def test_concurrent_inserts_summaries_and_scans(pgsnake_server):
    """The default tier's short variant (a few seconds; ~9 s when the machine is
    loaded: most of it is the server's sessions and the final checks)."""
    _concurrent(pgsnake_server, writers=2, batches=2, rows=10)


@pytest.mark.slow            # ~30 s under load
def test_concurrent_inserts_summaries_and_scans_longer(pgsnake_server):
    _concurrent(pgsnake_server, writers=3, batches=8, rows=40)


def _concurrent(pgsnake_server, writers: int, batches: int, rows: int) -> None:
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS brin_conc")
        conn.execute("CREATE TABLE brin_conc (id int, t text)")
        conn.execute("INSERT INTO brin_conc SELECT g, 'x' || g FROM generate_series(1, 200) g")
        conn.execute("CREATE INDEX brin_conc_i ON brin_conc USING brin (id, t) "
                     "WITH (pages_per_range = 1)")
    committed: list[int] = []

    def writer(n: int) -> None:
        with pgsnake_server.connect(autocommit=True) as conn:
            for batch in range(batches):
                first = 1000 + (n * batches + batch) * rows
                conn.execute(f"INSERT INTO brin_conc SELECT g, repeat('y', g % 90) "
                             f"FROM generate_series({first}, {first + rows - 1}) g")
                committed.append(first + rows - 1)

    def summariser(done: threading.Event) -> None:
        with pgsnake_server.connect(autocommit=True) as conn:
            while not done.is_set():
                conn.execute("SELECT brin_summarize_new_values('brin_conc_i')")

    def reader(done: threading.Event) -> None:
        with pgsnake_server.connect(autocommit=True) as conn:
            conn.execute("SET enable_seqscan = off")
            while not done.is_set():
                for value in list(committed):
                    found = conn.execute("SELECT count(*) FROM brin_conc WHERE id = %s",
                                         (value,)).fetchone()[0]
                    if found != 1:
                        raise AssertionError(f"id {value}: {found} rows")

    run_writers_and_watchers(writer, writers, [summariser, reader],
                             writer_timeout=300, watcher_timeout=300)
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("SELECT brin_summarize_new_values('brin_conc_i')")
        probes = ["id < 50", "id BETWEEN 1000 AND 1100", "t > 'y'", "id IS NULL"]
        for probe in probes:
            conn.execute("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.execute(
                f"EXPLAIN SELECT id FROM brin_conc WHERE {probe}").fetchall())
            assert "Bitmap Index Scan on brin_conc_i" in plan, plan
            by_index = sorted(r[0] for r in conn.execute(
                f"SELECT id FROM brin_conc WHERE {probe}").fetchall())
            conn.execute("RESET enable_seqscan")
            conn.execute("SET enable_bitmapscan = off")
            by_seq = sorted(r[0] for r in conn.execute(
                f"SELECT id FROM brin_conc WHERE {probe}").fetchall())
            conn.execute("RESET enable_bitmapscan")
            assert by_index == by_seq, probe
        heap_pages = conn.execute("SELECT pg_relation_size('brin_conc') / 8192").fetchone()[0]
        revmap = [r[0] for r in conn.execute(
            "SELECT pages FROM brin_revmap_data(get_raw_page('brin_conc_i', 1)) "
            f"LIMIT {heap_pages}").fetchall()]
        for heap_blk, tid in enumerate(revmap):
            blkno, off = (int(x) for x in tid.strip("()").split(","))
            assert off != 0, f"range {heap_blk} not summarised"
            rows = conn.execute(
                "SELECT DISTINCT blknum FROM brin_page_items(get_raw_page('brin_conc_i', "
                "%s), 'brin_conc_i') WHERE itemoffset = %s", (blkno, off)).fetchall()
            assert rows == [(heap_blk,)], (heap_blk, tid, rows)
        conn.execute("DROP TABLE brin_conc")
