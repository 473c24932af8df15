# Proves GIN scans without an index-wide lock (README rule G1) with real backends:
# several sessions insert rows into one GIN index at once (entry pages splitting, a
# frequent key's posting tree growing and splitting) while another keeps running Bitmap
# Index Scans (one key, and a few hundred keys in one scan), each of which must find
# every row committed before it started; scans
# read page by page and move right past pages split since their parent was read.
# Afterwards the index answers as a Seq Scan does, also after a VACUUM run while the
# inserts go on. With fastupdate on, the same with the pending list: inserters append
# to it and clean it up when it passes a small gin_pending_list_limit, another runs
# gin_clean_pending_list, while the scans read the list and the tree.
from __future__ import annotations

import threading

import pytest

from tests.access.concurrency_support import run_writers_and_watchers


def test_concurrent_inserters_and_scanner_keep_the_index_consistent(pgsnake_server):
    """The default tier's short variant."""
    _concurrent(pgsnake_server, writers=3, batches=4, rows=40)


@pytest.mark.slow            # ~30 s under load: 2400 rows, a posting tree that splits
def test_many_concurrent_splits_keep_the_index_consistent(pgsnake_server):
    _concurrent(pgsnake_server, writers=4, batches=15, rows=40)


def test_pending_list_inserters_cleanups_and_scanner(pgsnake_server):
    _concurrent(pgsnake_server, writers=3, batches=4, rows=100,
                options="fastupdate = on, gin_pending_list_limit = 64")


@pytest.mark.slow            # ~40 s under load: many cleanups meeting scans mid-list
def test_pending_list_many_cleanups_and_scans(pgsnake_server):
    _concurrent(pgsnake_server, writers=4, batches=12, rows=100,
                options="fastupdate = on, gin_pending_list_limit = 64")


def _concurrent(server, writers: int, batches: int, rows: int,
                options: str = "fastupdate = off") -> None:
    with server.connect(autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS gin_conc")
        conn.execute("CREATE TABLE gin_conc (id int, a int[])")
        conn.execute(f"CREATE INDEX gin_conc_a ON gin_conc USING gin (a) WITH ({options})")
    committed: list[int] = []

    def writer(n: int) -> None:
        with server.connect(autocommit=True) as conn:
            for batch in range(batches):
                first = (n * batches + batch) * rows + 1
                conn.execute(
                    "INSERT INTO gin_conc SELECT g, ARRAY[0, g % 13, 1000 + g, "
                    f"100000 + g * 7] FROM generate_series({first}, "
                    f"{first + rows - 1}) g")
                committed.extend(range(first, first + rows))
                if n == 0 and batch == batches // 2:
                    conn.execute("DELETE FROM gin_conc WHERE id % 97 = 0")
                    conn.execute("VACUUM gin_conc")
                if n == 1 and "fastupdate = on" in options:
                    conn.execute("SELECT gin_clean_pending_list('gin_conc_a')")

    def scanner(done: threading.Event) -> None:
        with server.connect(autocommit=True) as conn:
            conn.execute("SET enable_seqscan = off")
            plan = "\n".join(r[0] for r in conn.execute(
                "EXPLAIN SELECT id FROM gin_conc WHERE a @> ARRAY[0]"))
            if "Bitmap Index Scan on gin_conc_a" not in plan:
                raise AssertionError(plan)
            while not done.is_set():
                before = set(committed)
                ids = {r[0] for r in conn.execute(
                    "SELECT id FROM gin_conc WHERE a @> ARRAY[0]")}
                missing = {i for i in before - ids if i % 97}
                if missing:
                    raise AssertionError(f"committed rows not found: {sorted(missing)[:5]}")
                # Many keys in one scan: the upper pages it read first are stale
                # by the time it reads the later keys' leaves, which inserts have
                # split meanwhile.
                sample = sorted(before)[::max(1, len(before) // 300)]
                if not sample:
                    continue
                keys = ", ".join(str(1000 + i) for i in sample)
                ids = {r[0] for r in conn.execute(
                    f"SELECT id FROM gin_conc WHERE a && ARRAY[{keys}]")}
                missing = {i for i in sample if i % 97 and i not in ids}
                if missing:
                    raise AssertionError(f"committed rows not found: {sorted(missing)[:5]}")

    run_writers_and_watchers(writer, writers, [scanner])
    with server.connect(autocommit=True) as conn:
        for query in ("a @> ARRAY[0]", "a && ARRAY[5, 1001, 1500]", "a @> ARRAY[3, 0]",
                      f"a @> ARRAY[{100000 + 7 * 77}]"):
            conn.execute("SET enable_seqscan = on")
            conn.execute("SET enable_bitmapscan = off")
            seq = sorted(r[0] for r in conn.execute(f"SELECT id FROM gin_conc WHERE {query}"))
            conn.execute("SET enable_seqscan = off")
            conn.execute("SET enable_bitmapscan = on")
            got = sorted(r[0] for r in conn.execute(f"SELECT id FROM gin_conc WHERE {query}"))
            assert got == seq, query
        assert len(seq) <= 1
        conn.execute("DROP TABLE gin_conc")
