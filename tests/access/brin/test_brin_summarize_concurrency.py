# Proves BRIN's per-page locking (README rule R1) with real backends: several sessions
# insert rows (values in random order, some NULL) while another keeps summarising new
# ranges and desummarising old ones, so that summarisations run over ranges rows are
# being added to (the placeholder protocol) and inserts meet summaries moving between
# pages. Afterwards every range is summarised and every summary covers the rows of its
# heap blocks (what amcheck's brin checks would verify: its minimum and maximum bound
# the rows' values, NULLs flagged), no placeholder is left, and the Bitmap Heap Scan
# through the index finds what a sequential scan finds.
from __future__ import annotations

import random
import re
import threading

import pytest

PAGES_PER_RANGE = 2


def test_summarise_while_inserting(pgsnake_server):
    """The default tier's short variant (a few seconds)."""
    _run(pgsnake_server, writers=3, batches=4, rows=60)


@pytest.mark.slow            # ~30 s under load
def test_summarise_while_inserting_longer(pgsnake_server):
    _run(pgsnake_server, writers=4, batches=12, rows=120)


def _run(pgsnake_server, writers: int, batches: int, rows: int) -> None:
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS brin_sc")
        conn.execute("CREATE TABLE brin_sc (id int, t text)")
        conn.execute("INSERT INTO brin_sc SELECT g, 'x' || g FROM generate_series(1, 300) g")
        conn.execute("CREATE INDEX brin_sc_i ON brin_sc USING brin (id, t) "
                     f"WITH (pages_per_range = {PAGES_PER_RANGE})")
    errors: list[BaseException] = []
    done = threading.Event()

    def writer(n: int) -> None:
        rng = random.Random(n)
        try:
            with pgsnake_server.connect(autocommit=True) as conn:
                for _batch in range(batches):
                    values = [rng.randrange(-10**6, 10**6) for _ in range(rows)]
                    values[rng.randrange(rows)] = None
                    literal = ",".join("NULL" if v is None else str(v) for v in values)
                    conn.execute(f"INSERT INTO brin_sc SELECT v, repeat('y', abs(v) % 60) "
                                 f"FROM unnest(ARRAY[{literal}]::int[]) v")
        except BaseException as exc:      # reported by the main thread
            errors.append(exc)

    def summariser() -> None:
        rng = random.Random(99)
        try:
            with pgsnake_server.connect(autocommit=True) as conn:
                while not done.is_set():
                    conn.execute("SELECT brin_summarize_new_values('brin_sc_i')")
                    pages = conn.execute(
                        "SELECT pg_relation_size('brin_sc') / 8192").fetchone()[0]
                    conn.execute("SELECT brin_desummarize_range('brin_sc_i', %s)",
                                 (rng.randrange(max(1, pages)),))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    other = threading.Thread(target=summariser)
    for thread in threads + [other]:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    done.set()
    other.join(timeout=300)
    assert not errors, errors
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("SELECT brin_summarize_new_values('brin_sc_i')")
        _check_summaries(conn)
        for probe in ["id < -900000", "id BETWEEN 0 AND 5000", "t > 'y'", "id IS NULL"]:
            conn.execute("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.execute(
                f"EXPLAIN SELECT id FROM brin_sc WHERE {probe}").fetchall())
            assert "Bitmap Index Scan on brin_sc_i" in plan, plan
            by_index = sorted(r[0] or 0 for r in conn.execute(
                f"SELECT id FROM brin_sc WHERE {probe}").fetchall())
            conn.execute("RESET enable_seqscan")
            conn.execute("SET enable_bitmapscan = off")
            by_seq = sorted(r[0] or 0 for r in conn.execute(
                f"SELECT id FROM brin_sc WHERE {probe}").fetchall())
            conn.execute("RESET enable_bitmapscan")
            assert by_index == by_seq, probe
        conn.execute("DROP TABLE brin_sc")


def _check_summaries(conn) -> None:
    """Every range of the table has one summary, no placeholder, covering its rows."""
    heap_pages = conn.execute("SELECT pg_relation_size('brin_sc') / 8192").fetchone()[0]
    index_pages = conn.execute("SELECT pg_relation_size('brin_sc_i') / 8192").fetchone()[0]
    summaries: dict = {}
    for blk in range(index_pages):
        kind = conn.execute("SELECT brin_page_type(get_raw_page('brin_sc_i', %s))",
                            (blk,)).fetchone()[0]
        if kind != "regular":
            continue
        for blknum, attnum, allnulls, hasnulls, placeholder, value in conn.execute(
                "SELECT blknum, attnum, allnulls, hasnulls, placeholder, value FROM "
                "brin_page_items(get_raw_page('brin_sc_i', %s), 'brin_sc_i')", (blk,)):
            assert not placeholder, (blk, blknum)
            if attnum == 1:
                assert blknum not in summaries, f"two summaries of range {blknum}"
                summaries[blknum] = (allnulls, hasnulls, value)
    assert sorted(summaries) == list(range(0, heap_pages, PAGES_PER_RANGE))
    for blknum, (allnulls, hasnulls, value) in summaries.items():
        low, high, nulls = conn.execute(
            "SELECT min(id), max(id), count(*) FILTER (WHERE id IS NULL) FROM brin_sc "
            "WHERE (ctid::text::point)[0] >= %s AND (ctid::text::point)[0] < %s",
            (blknum, blknum + PAGES_PER_RANGE)).fetchone()
        if nulls:
            assert allnulls or hasnulls, (blknum, value)
        if low is None:
            continue
        assert not allnulls, (blknum, value)
        bounds = re.fullmatch(r"\{(-?\d+) \.\. (-?\d+)\}", value)
        assert bounds, value
        assert int(bounds.group(1)) <= low and int(bounds.group(2)) >= high, \
            (blknum, value, low, high)
