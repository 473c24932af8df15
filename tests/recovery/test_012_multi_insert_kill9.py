# Proves that rows loaded by heap multi-insert (XLOG_HEAP2_MULTI_INSERT, one record per
# page: access/heap/heap_multi_insert.py) survive kill -9. After a checkpoint, a table with
# a primary key gets a committed COPY of several pages of rows of varied width, a
# multi-row INSERT, a COPY that is rolled back, and (after VACUUM marked its pages
# all-visible and freed room on them) another COPY that lands on those all-visible pages;
# the last commit is followed by nothing but the kill, so recovery rebuilds every page
# from those records (and their full-page images). After restart every committed row
# is there at its TID, the page's line pointers are what they were, the index finds each
# row, and pg_walinspect shows the COPYs as Heap2 MULTI_INSERT records. Runs on pgsnake
# and on PostgreSQL 15.
from __future__ import annotations

import psycopg
import pytest

ROWS = 1200


def copy_rows(conn, first: int, count: int, tag: str) -> None:
    with conn.cursor() as cur:
        with cur.copy("COPY multi_crash (id, label, amount) FROM STDIN") as copy:
            for i in range(first, first + count):
                copy.write_row((i, f"{tag}-{i}-" + "x" * (i % 37), i * 3))


def state(conn) -> dict:
    pages = conn.execute("SELECT pg_relation_size('multi_crash') / 8192").fetchone()[0]
    return {
        "rows": conn.execute("SELECT ctid::text, id, label, amount FROM multi_crash "
                             "ORDER BY ctid").fetchall(),
        "pages": [conn.execute("SELECT lp, lp_flags, lp_len FROM heap_page_items("
                               f"get_raw_page('multi_crash', {b})) ORDER BY lp").fetchall()
                  for b in range(pages)],
        "by_index": conn.execute("SELECT count(*) FROM multi_crash m WHERE EXISTS ("
                                 "SELECT 1 FROM multi_crash k WHERE k.id = m.id)").fetchone(),
    }


def scenario(server):
    with server.connect(autocommit=True) as conn:
        for extension in ("pageinspect", "pg_walinspect"):
            conn.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        conn.execute("CREATE TABLE multi_crash (id int PRIMARY KEY, label text, amount int)")
        conn.execute("CHECKPOINT")
        start = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        copy_rows(conn, 1, ROWS, "first")
        end = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        kinds = conn.execute(
            "SELECT DISTINCT record_type FROM pg_get_wal_records_info(%s, %s) "
            "WHERE resource_manager = 'Heap2' ORDER BY 1", (start, end)).fetchall()
        conn.execute("INSERT INTO multi_crash SELECT g, 'insert-' || g, g "
                     f"FROM generate_series({ROWS + 1}, {ROWS + 300}) g")
        with conn.transaction():
            copy_rows(conn, 10_000, 400, "rolled-back")
            raise psycopg.Rollback()
        conn.execute("DELETE FROM multi_crash WHERE id % 5 = 0")
        conn.execute("VACUUM multi_crash")
        copy_rows(conn, 20_000, 300, "after-vacuum")
        before = state(conn)
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        after = state(conn)
    return kinds, before, after


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_multi_inserted_rows_are_redone(kind, make_pgsnake_server, make_oracle_server):
    server = make_pgsnake_server() if kind == "pgsnake" else make_oracle_server()
    kinds, before, after = scenario(server)
    assert ("MULTI_INSERT+INIT",) in kinds, kinds
    ids = {row[1] for row in before["rows"]}
    expected = ({i for i in range(1, ROWS + 301) if i % 5} | set(range(20_000, 20_300)))
    assert ids == expected
    assert after == before
