# Proves that pruning, VACUUM and HOT updates are redone exactly after kill -9: a table
# with two B-tree indexes gets non-HOT updates, HOT updates, deletes and a VACUUM (heap
# prune, index bulk delete, line pointers freed, all-visible pages); a second VACUUM cuts
# the empty tail off (XLOG_SMGR_TRUNCATE); then inserts reuse freed line pointers, extend
# the table again and clear all-visible bits. No checkpoint runs after the table is
# created, so crash recovery rebuilds every page from the WAL records themselves
# (XLOG_HEAP2_PRUNE / VACUUM / VISIBLE, XLOG_BTREE_VACUUM, HOT_UPDATE), not from
# full-page images. After every process is killed and the server restarted, each heap
# page's line pointers, tuple headers and PD_ALL_VISIBLE flag, and the visibility map,
# are what they were before the crash; the rows are the same by sequential and by index
# scan; amcheck finds every live heap tuple in both indexes. Runs on pgsnake and on
# PostgreSQL 15.
from __future__ import annotations

import pytest

PAGES = ("SELECT lp, lp_off, lp_flags, lp_len, t_ctid, t_infomask2, t_infomask / 4096 AS high, "
         "t_infomask % 256 AS low FROM heap_page_items(get_raw_page('vac_crash', {b})) ORDER BY lp")


def state(conn) -> dict:
    pages = conn.execute("SELECT pg_relation_size('vac_crash') / 8192").fetchone()[0]
    result = {
        "pages": [conn.execute(PAGES.format(b=b)).fetchall() for b in range(pages)],
        # PD_ALL_VISIBLE only: PD_HAS_FREE_LINES and PD_PAGE_FULL are hints redo does not
        # reproduce (PostgreSQL's wal_consistency_checking masks them too).
        "all_visible": [conn.execute(f"SELECT flags FROM page_header(get_raw_page('vac_crash', "
                                     f"{b}))").fetchone()[0] & 4 for b in range(pages)],
        "vm": conn.execute("SELECT substr(get_raw_page('vac_crash', 'vm', 0), 25, 8)")
        .fetchone()[0],
        "rows": conn.execute("SELECT a, b, c FROM vac_crash ORDER BY a").fetchall(),
    }
    conn.execute("SET enable_seqscan = off")
    result["by_a"] = conn.execute("SELECT a, b, c FROM vac_crash WHERE a > 0 ORDER BY a").fetchall()
    result["by_b"] = conn.execute("SELECT a, b, c FROM vac_crash WHERE b > -1000 ORDER BY a"
                                  ).fetchall()
    conn.execute("RESET enable_seqscan")
    return result


def scenario(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION pageinspect")
        conn.execute("CREATE EXTENSION amcheck")
        conn.execute("CHECKPOINT")
        conn.execute("CREATE TABLE vac_crash (a int PRIMARY KEY, b int, c text)")
        conn.execute("CREATE INDEX vac_crash_b ON vac_crash (b)")
        conn.execute("INSERT INTO vac_crash SELECT g, g, 'row ' || g::text "
                     "FROM generate_series(1, 600) g")
        conn.execute("UPDATE vac_crash SET b = -b WHERE a % 7 = 0")            # not HOT
        conn.execute("UPDATE vac_crash SET c = c || '!' WHERE a % 5 = 0")      # HOT
        conn.execute("UPDATE vac_crash SET c = c || '?' WHERE a % 10 = 0")     # HOT again
        conn.execute("DELETE FROM vac_crash WHERE a % 11 = 0")
        conn.execute("VACUUM vac_crash")
        full_size = conn.execute("SELECT pg_relation_size('vac_crash')").fetchone()[0]
        conn.execute("DELETE FROM vac_crash WHERE a > 300 OR b < 0")   # (b < 0: moved)
        conn.execute("VACUUM vac_crash")                 # truncates the empty tail
        before_size = conn.execute("SELECT pg_relation_size('vac_crash')").fetchone()[0]
        conn.execute("INSERT INTO vac_crash SELECT g, g, 'new' FROM generate_series(1001, 1040) g")
        conn.execute("UPDATE vac_crash SET c = 'hot after vacuum' WHERE a = 2")
        conn.execute("UPDATE vac_crash SET c = 'and again' WHERE a = 2")
        # A last VACUUM prunes what the updates left, so that no read, before or after
        # the crash, finds anything left to prune on access.
        conn.execute("VACUUM vac_crash")
        # An insert clears one page's all-visible bit, and its commit flushes the WAL
        # of everything before it (VACUUM's records included: VACUUM has no xid, and
        # its end flushes nothing, as in PostgreSQL).
        conn.execute("INSERT INTO vac_crash VALUES (2000, 2000, 'after the last vacuum')")
        before = state(conn)
        before["truncated"] = (full_size, before_size)
    server.kill_all_9()
    server.start()
    with server.connect(autocommit=True) as conn:
        after = state(conn)
        checks = [conn.execute(f"SELECT bt_index_check('{index}', true)").fetchone()
                  for index in ("vac_crash_pkey", "vac_crash_b")]
    return before, after, checks


@pytest.mark.parametrize("kind", ["pgsnake", "oracle"])
def test_vacuum_and_hot_pages_are_redone_exactly(kind, make_pgsnake_server, make_oracle_server):
    server = make_pgsnake_server() if kind == "pgsnake" else make_oracle_server()
    before, after, checks = scenario(server)
    assert any(flags for _lp, _off, flags, *_rest in before["pages"][0] if flags == 2), \
        "the scenario must leave redirect line pointers"
    assert len(before["rows"]) == len([a for a in range(1, 301) if a % 11 and a % 7]) + 41
    full_size, truncated_size = before["truncated"]
    assert truncated_size < full_size and len(before["pages"]) >= 2
    assert any(before["all_visible"]) and not all(before["all_visible"])
    for key in ("pages", "all_visible", "vm", "rows", "by_a", "by_b"):
        assert after[key] == before[key], key
    assert before["by_a"] == before["rows"] == before["by_b"]
    assert checks == [("",), ("",)]
