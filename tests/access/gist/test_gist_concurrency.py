# Proves GiST's page-level locking (README rule T1) with real backends: several
# sessions insert points into one GiST index at once, splitting leaves and the root
# under each other, while another keeps scanning it (Index Scans, which return each
# match once, so a half-seen split would show as a missing or doubled row) and must
# find every row committed before its query exactly once. Afterwards the index answers
# as a Seq Scan does, and its pages (read through pageinspect) are a well-formed tree:
# every row in exactly one leaf, every downlink's box covering its child's keys, no
# F_FOLLOW_RIGHT left behind.
from __future__ import annotations

import re
import threading

import pytest

from tests.access.concurrency_support import run_writers_and_watchers

BOX = "box '((-1,-1),(1001,1001))'"          # holds every point the writers insert


def test_concurrent_inserters_and_scanner_keep_the_index_consistent(pgsnake_server):
    """The default tier's short variant: a few hundred rows, a handful of splits."""
    _concurrent(pgsnake_server, writers=3, batches=5, rows=40)


@pytest.mark.slow            # ~30 s under load: 2400 rows, many concurrent leaf splits
def test_many_concurrent_splits_keep_the_index_consistent(pgsnake_server):
    _concurrent(pgsnake_server, writers=4, batches=15, rows=40)


def _concurrent(server, writers: int, batches: int, rows: int) -> None:
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS gist_conc")
        conn.execute("CREATE TABLE gist_conc (id int, p point)")
        conn.execute("CREATE INDEX gist_conc_p ON gist_conc USING gist (p)")
    committed: list[int] = []

    def writer(n: int) -> None:
        with server.connect(autocommit=True) as conn:
            for batch in range(batches):
                first = (n * batches + batch) * rows + 1
                conn.execute(
                    "INSERT INTO gist_conc SELECT g, point((g * 7919) % 1000, "
                    f"(g * 104729) % 1000) FROM generate_series({first}, "
                    f"{first + rows - 1}) g")
                committed.extend(range(first, first + rows))

    def scanner(done: threading.Event) -> None:
        with server.connect(autocommit=True) as conn:
            conn.execute("SET enable_seqscan = off")
            conn.execute("SET enable_bitmapscan = off")
            plan = "\n".join(r[0] for r in conn.execute(
                f"EXPLAIN SELECT id FROM gist_conc WHERE p <@ {BOX}"))
            if "Index Scan using gist_conc_p" not in plan:
                raise AssertionError(plan)
            while not done.is_set():
                before = set(committed)
                ids = [r[0] for r in conn.execute(
                    f"SELECT id FROM gist_conc WHERE p <@ {BOX}")]
                if len(ids) != len(set(ids)):
                    raise AssertionError("a row was returned twice")
                missing = before - set(ids)
                if missing:
                    raise AssertionError(f"committed rows not found: {sorted(missing)[:5]}")

    run_writers_and_watchers(writer, writers, [scanner])
    total = writers * batches * rows
    with server.connect(autocommit=True) as conn:
        for box in (BOX, "box '((0,0),(300,300))'", "box '((500,100),(900,400))'"):
            conn.execute("SET enable_seqscan = on")
            conn.execute("SET enable_indexscan = off")
            conn.execute("SET enable_bitmapscan = off")
            seq = sorted(r[0] for r in conn.execute(
                f"SELECT id FROM gist_conc WHERE p <@ {box}"))
            conn.execute("SET enable_seqscan = off")
            for scan_kind in ("enable_indexscan", "enable_bitmapscan"):
                conn.execute(f"SET {scan_kind} = on")
                got = sorted(r[0] for r in conn.execute(
                    f"SELECT id FROM gist_conc WHERE p <@ {box}"))
                conn.execute(f"SET {scan_kind} = off")
                assert got == seq, (box, scan_kind)
        conn.execute("RESET ALL")
        leaf_tids = _check_tree(conn, "gist_conc_p")
        assert len(leaf_tids) == total == len(set(leaf_tids))
        conn.execute("DROP TABLE gist_conc")


_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _box(keys: str) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(n) for n in _NUMBERS.findall(keys.split("=", 1)[1]))
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _check_tree(conn, index: str) -> list:
    """Walk the tree from the root through pageinspect; returns every leaf's TIDs."""
    nblocks = conn.execute(f"SELECT pg_relation_size('{index}') / 8192").fetchone()[0]
    pages = {}
    for blkno in range(nblocks):
        flags = conn.execute(
            f"SELECT flags FROM gist_page_opaque_info(get_raw_page('{index}', {blkno}))"
        ).fetchone()[0]
        items = conn.execute(
            f"SELECT ctid, keys FROM gist_page_items(get_raw_page('{index}', {blkno}), "
            f"'{index}')").fetchall()
        pages[blkno] = (flags, items)
    tids, seen = [], set()
    stack = [(0, None)]
    while stack:
        blkno, bound = stack.pop()
        assert blkno not in seen, f"block {blkno} reached twice"
        seen.add(blkno)
        flags, items = pages[blkno]
        assert "follow_right" not in flags, (blkno, flags)
        for ctid, keys in items:
            box = _box(keys)
            if bound is not None:
                assert (bound[0] <= box[0] and bound[1] <= box[1] and box[2] <= bound[2]
                        and box[3] <= bound[3]), (blkno, bound, box)
            if "leaf" in flags:
                tids.append(ctid)
            else:
                stack.append((int(str(ctid).strip("()").split(",")[0]), box))
    assert seen == set(pages), "pages not reachable from the root"
    return tids
