# VACUUM, HOT updates, pruning, the free space map and the visibility map, compared with
# PostgreSQL 15 page by page (tests/harness/differential.py): the same statements on both
# servers must leave the same line pointers, tuple headers, page flags, index items,
# _vm and _fsm bytes. Transaction ids and LSNs legitimately differ and are left out;
# before a VACUUM the hint bits 0x0F00 depend on who read the page first, so they are
# masked there (t_infomask % 256 and t_infomask / 4096 keep the rest).
from __future__ import annotations

import pytest

from tests.harness import differential
from tests.harness.sql_script import ScriptStatement

ITEMS = ("SELECT lp, lp_off, lp_flags, lp_len, t_ctid, t_infomask2, t_infomask % 256 AS low, "
         "t_infomask / 4096 AS high, t_hoff, t_data FROM heap_page_items(get_raw_page('{t}', {b})) "
         "ORDER BY lp")
ITEMS_AFTER_VACUUM = ("SELECT lp, lp_off, lp_flags, lp_len, t_ctid, t_infomask2, t_infomask, "
                      "t_data FROM heap_page_items(get_raw_page('{t}', {b})) ORDER BY lp")
HEADER = "SELECT flags, lower, upper, special FROM page_header(get_raw_page('{t}', {b}))"


def _script(text: str) -> list[ScriptStatement]:
    return [ScriptStatement(sql.strip(), number)
            for number, sql in enumerate(text.split(";\n"), start=1) if sql.strip()]


def _same(oracle, pgsnake_server, text: str) -> None:
    report = differential.diff_script(oracle.dsn, pgsnake_server.dsn, _script(text))
    assert report is None, report


def _items(table: str, block: int = 0, *, vacuumed: bool = False) -> str:
    return (ITEMS_AFTER_VACUUM if vacuumed else ITEMS).format(t=table, b=block)


def _header(table: str, block: int = 0) -> str:
    return HEADER.format(t=table, b=block)


def test_vacuum_removes_dead_versions_from_heap_and_indexes(oracle, pgsnake_server):
    # Every update changes an indexed column, so none is HOT on either server.
    _same(oracle, pgsnake_server, f"""
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_t;
CREATE TABLE vac_t (a int PRIMARY KEY, b int, c text);
CREATE INDEX vac_t_b ON vac_t (b);
INSERT INTO vac_t SELECT g, g, 'row ' || g::text FROM generate_series(1, 40) g;
UPDATE vac_t SET b = b + 100 WHERE a % 3 = 0;
DELETE FROM vac_t WHERE a % 5 = 0;
{_items('vac_t')};
VACUUM vac_t;
{_items('vac_t', vacuumed=True)};
{_header('vac_t')};
SELECT itemoffset, ctid, itemlen, nulls, vars, data FROM bt_page_items('vac_t_pkey', 1);
SELECT itemoffset, ctid, itemlen, data FROM bt_page_items('vac_t_b', 1);
SELECT substr(get_raw_page('vac_t', 'vm', 0), 25, 8);
SELECT get_raw_page('vac_t', 'fsm', 0) = get_raw_page('vac_t', 'fsm', 1);
SELECT substr(get_raw_page('vac_t', 'fsm', 2), 4120, 8);
INSERT INTO vac_t VALUES (1000, 1000, 'reuses a freed line pointer');
{_items('vac_t', vacuumed=True)};
{_header('vac_t')};
SELECT substr(get_raw_page('vac_t', 'vm', 0), 25, 8);
SET enable_seqscan = off;
SELECT a, b FROM vac_t WHERE b > 100 ORDER BY b;
SELECT a FROM vac_t WHERE a BETWEEN 8 AND 16 ORDER BY a;
RESET enable_seqscan;
SELECT count(*), sum(b) FROM vac_t;
DROP TABLE vac_t
""")


def test_vacuum_without_indexes_frees_line_pointers_in_one_pass(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, f"""
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_n;
CREATE TABLE vac_n (a int, b text);
INSERT INTO vac_n SELECT g, repeat('x', g) FROM generate_series(1, 30) g;
DELETE FROM vac_n WHERE a > 20 OR a % 4 = 1;
VACUUM (VERBOSE false, INDEX_CLEANUP on) vac_n;
{_items('vac_n', vacuumed=True)};
{_header('vac_n')};
SELECT substr(get_raw_page('vac_n', 'vm', 0), 25, 4);
INSERT INTO vac_n VALUES (100, 'new'), (101, 'newer');
{_items('vac_n', vacuumed=True)};
DROP TABLE vac_n
""")


def test_hot_updates_prune_and_vacuum_match(oracle, pgsnake_server):
    pages = "; ".join([f"{_items('vac_h')}", _header('vac_h')])
    _same(oracle, pgsnake_server, f"""
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_h;
CREATE TABLE vac_h (a int PRIMARY KEY, b int, c text);
INSERT INTO vac_h SELECT g, g, 'x' FROM generate_series(1, 6) g;
UPDATE vac_h SET b = b + 10 WHERE a <= 3;
UPDATE vac_h SET b = b + 10 WHERE a = 1;
UPDATE vac_h SET c = 'y' WHERE a = 2;
UPDATE vac_h SET a = a + 100 WHERE a = 6;
{pages};
SELECT itemoffset, ctid, data FROM bt_page_items('vac_h_pkey', 1);
SET enable_seqscan = off;
SELECT ctid, a, b, c FROM vac_h WHERE a IN (1, 2, 3, 4, 106) ORDER BY a;
SELECT a FROM vac_h WHERE a < 5 ORDER BY a;
RESET enable_seqscan;
INSERT INTO vac_h VALUES (1, 0, 'dup');
INSERT INTO vac_h VALUES (1, 0, 'dup') ON CONFLICT (a) DO UPDATE SET b = excluded.b + 500;
SELECT ctid, a, b, c FROM vac_h ORDER BY a;
VACUUM vac_h;
{_items('vac_h', vacuumed=True)};
{_header('vac_h')};
SELECT itemoffset, ctid, data FROM bt_page_items('vac_h_pkey', 1);
SET enable_seqscan = off;
SELECT ctid, a, b, c FROM vac_h WHERE a IN (1, 2, 3, 4, 106) ORDER BY a;
RESET enable_seqscan;
CREATE INDEX vac_h_b ON vac_h (b);
SELECT itemoffset, ctid, data FROM bt_page_items('vac_h_b', 1);
UPDATE vac_h SET c = 'z' WHERE a = 3;
UPDATE vac_h SET b = 7 WHERE a = 4;
{_items('vac_h', vacuumed=False)};
SELECT itemoffset, ctid, data FROM bt_page_items('vac_h_b', 1);
DROP TABLE vac_h
""")


def test_page_pruned_on_access_when_nearly_full(oracle, pgsnake_server):
    # 150 HOT updates of one row fill the page; a later read prunes it (heap_page_prune_opt)
    # when less than 10% is free: redirect, LP_UNUSED members, defragmented tuples.
    updates = ";\n".join("UPDATE vac_p SET b = b + 1 WHERE a = 1" for _ in range(150))
    _same(oracle, pgsnake_server, f"""
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_p;
CREATE TABLE vac_p (a int PRIMARY KEY, b int, c text);
INSERT INTO vac_p SELECT g, 0, repeat('p', 20) FROM generate_series(1, 3) g;
{updates};
SELECT count(*) FROM vac_p;
SELECT count(*) FROM vac_p;
SELECT lp_flags, count(*) FROM heap_page_items(get_raw_page('vac_p', 0)) GROUP BY lp_flags ORDER BY lp_flags;
{_header('vac_p')};
SELECT lp, lp_off, lp_flags, lp_len, t_ctid, t_infomask2 FROM heap_page_items(get_raw_page('vac_p', 0)) WHERE lp <= 4 OR lp_flags = 1 ORDER BY lp;
SET enable_seqscan = off;
SELECT ctid, a, b FROM vac_p WHERE a = 1;
RESET enable_seqscan;
DROP TABLE vac_p
""")


def test_table_stops_growing_under_update_and_vacuum(oracle, pgsnake_server):
    rounds = ";\n".join("UPDATE vac_g SET b = b + 1;\nVACUUM vac_g;\n"
                        "SELECT pg_relation_size('vac_g'), pg_relation_size('vac_g_b')"
                        for _ in range(5))
    _same(oracle, pgsnake_server, f"""
DROP TABLE IF EXISTS vac_g;
CREATE TABLE vac_g (a int PRIMARY KEY, b int, c text);
CREATE INDEX vac_g_b ON vac_g (b);
INSERT INTO vac_g SELECT g, g, repeat('x', 50) FROM generate_series(1, 1000) g;
SELECT pg_relation_size('vac_g');
{rounds};
SELECT pg_relation_size('vac_g', 'fsm'), pg_relation_size('vac_g', 'vm');
SELECT count(*), sum(b) FROM vac_g;
DROP TABLE vac_g
""")


def test_vacuum_errors_match(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, """
DROP TABLE IF EXISTS vac_e;
CREATE TABLE vac_e (a int);
BEGIN;
VACUUM vac_e;
ROLLBACK;
VACUUM vac_e; SELECT 1;
VACUUM (NO_SUCH_OPTION) vac_e;
VACUUM (VERBOSE maybe) vac_e;
VACUUM no_such_table;
VACUUM vac_e, no_such_table;
VACUUM (VERBOSE off, FREEZE, ANALYZE, DISABLE_PAGE_SKIPPING, INDEX_CLEANUP auto, SKIP_LOCKED) vac_e;
VACUUM;
DROP TABLE vac_e
""")


def test_system_columns_match(oracle, pgsnake_server):
    # xmin/xmax values differ between the servers, so they are compared with each other
    # and with 0; cmin/cmax (command ids, combo cids included) and ctid exactly.
    _same(oracle, pgsnake_server, """
DROP TABLE IF EXISTS vac_s;
CREATE TABLE vac_s (a int PRIMARY KEY, b text);
INSERT INTO vac_s VALUES (1, 'one'), (2, 'two'), (3, 'three');
SELECT ctid, a FROM vac_s WHERE ctid = '(0,2)';
SELECT a FROM vac_s WHERE ctid > '(0,1)' ORDER BY ctid DESC;
SELECT ctid <> '(0,1)', ctid <= '(0,2)', ctid >= '(0,3)', ctid < '(1,0)' FROM vac_s ORDER BY a;
SELECT xmin = xmin, xmax, cmin, cmax, a FROM vac_s ORDER BY a;
SELECT xmax = 0, xmin <> 0, cmin = cmax FROM vac_s WHERE a = 1;
BEGIN;
SELECT 1;
UPDATE vac_s SET b = 'uno' WHERE a = 1;
UPDATE vac_s SET b = 'none' WHERE a = 99;
SELECT a FROM vac_s;
UPDATE vac_s SET b = 'eins' WHERE a = 1;
SELECT ctid, cmin, cmax, xmax, b FROM vac_s WHERE a = 1;
INSERT INTO vac_s VALUES (4, 'four');
DELETE FROM vac_s WHERE a = 2;
SELECT a, xmax = 0, cmin, cmax FROM vac_s ORDER BY a;
SELECT a, cmin FROM vac_s WHERE xmin = (SELECT xmin FROM vac_s WHERE a = 4) ORDER BY a;
ROLLBACK;
SELECT a, xmax <> 0 AS has_xmax, cmax, ctid FROM vac_s ORDER BY a;
SET enable_seqscan = off;
SELECT ctid, a, cmin FROM vac_s WHERE a = 3;
SELECT tableoid::regclass, a, cmax FROM vac_s WHERE a > 1 ORDER BY a;
RESET enable_seqscan;
SELECT '5'::xid = '5'::xid, '5'::xid = 5, '5'::xid <> 6, '3'::cid = '3'::cid, pg_typeof('1'::cid);
SELECT count(*) FROM vac_s x JOIN vac_s y ON x.xmin = y.xmin;
DROP TABLE vac_s
""")


# PostgreSQL's VERBOSE report also has "avg read rate", "buffer usage" and "WAL usage"
# lines; pgsnake keeps no I/O or WAL counters per statement yet and leaves them out.
_UNREPORTED = ("avg read rate:", "buffer usage:", "WAL usage:")


def _verbose_report(server, statements: list[str]) -> list[str]:
    """The INFO messages of `statements`, line by line, numbers masked."""
    import re
    messages: list[str] = []
    with server.connect(autocommit=True) as conn:
        conn.add_notice_handler(lambda diag: messages.append(
            f"{diag.severity_nonlocalized}: {diag.message_primary}"))
        for sql in statements:
            conn.execute(sql)
    lines = [line for message in messages for line in message.split("\n")]
    return [re.sub(r"\d+(\.\d+)?", "N", line) for line in lines
            if not line.startswith(_UNREPORTED)]


def test_verbose_report_has_postgresql_shape(oracle, pgsnake_server):
    statements = [
        "DROP TABLE IF EXISTS vac_v",
        "CREATE TABLE vac_v (a int PRIMARY KEY, b int)",
        "INSERT INTO vac_v SELECT g, g FROM generate_series(1, 500) g",
        "UPDATE vac_v SET b = b + 1 WHERE a < 100",
        "VACUUM (VERBOSE) vac_v",
        "VACUUM (VERBOSE, FREEZE) vac_v",
        "DELETE FROM vac_v WHERE a < 3",
        "VACUUM (VERBOSE, INDEX_CLEANUP off) vac_v",
        "VACUUM (VERBOSE, DISABLE_PAGE_SKIPPING) vac_v",
        "DROP TABLE IF EXISTS vac_v2",
        "CREATE TABLE vac_v2 (a int)",
        "INSERT INTO vac_v2 SELECT g FROM generate_series(1, 100) g",
        "DELETE FROM vac_v2 WHERE a < 50",
        "VACUUM VERBOSE vac_v2",
        "DROP TABLE vac_v, vac_v2",
    ]
    expected = _verbose_report(oracle, statements)
    assert any("aggressively vacuuming" in line for line in expected)
    assert _verbose_report(pgsnake_server, statements) == expected


def test_freeze_and_statistics_match(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, """
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_f;
CREATE TABLE vac_f (a int PRIMARY KEY, b int);
INSERT INTO vac_f SELECT g, g FROM generate_series(1, 500) g;
UPDATE vac_f SET b = 0 WHERE a < 10;
SELECT relname, relpages, reltuples, relallvisible FROM pg_class WHERE relname IN ('vac_f', 'vac_f_pkey') ORDER BY relname;
VACUUM vac_f;
SELECT relname, relpages, reltuples, relallvisible FROM pg_class WHERE relname IN ('vac_f', 'vac_f_pkey') ORDER BY relname;
SELECT lp, t_infomask, t_infomask2, t_xmax FROM heap_page_items(get_raw_page('vac_f', 0)) WHERE lp < 5;
SELECT substr(get_raw_page('vac_f', 'vm', 0), 25, 2);
VACUUM (FREEZE) vac_f;
SELECT relname, relpages, reltuples, relallvisible FROM pg_class WHERE relname IN ('vac_f', 'vac_f_pkey') ORDER BY relname;
SELECT substr(get_raw_page('vac_f', 'vm', 0), 25, 2);
SELECT lp, t_infomask, t_infomask2, t_xmax FROM heap_page_items(get_raw_page('vac_f', 0)) WHERE lp < 5;
SELECT count(*) FROM heap_page_items(get_raw_page('vac_f', 1)) WHERE t_infomask / 256 % 4 <> 3;
BEGIN;
SELECT a FROM vac_f WHERE a = 300 FOR UPDATE;
COMMIT;
SELECT substr(get_raw_page('vac_f', 'vm', 0), 25, 2);
UPDATE vac_f SET b = 1 WHERE a = 450;
SELECT substr(get_raw_page('vac_f', 'vm', 0), 25, 2);
DROP TABLE vac_f
""")


def test_empty_tail_is_truncated(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, """
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_tr;
CREATE TABLE vac_tr (a int PRIMARY KEY, b text);
INSERT INTO vac_tr SELECT g, repeat('x', 100) FROM generate_series(1, 3000) g;
VACUUM vac_tr;
SELECT pg_relation_size('vac_tr'), pg_relation_size('vac_tr', 'vm'), pg_relation_size('vac_tr', 'fsm');
DELETE FROM vac_tr WHERE a > 1000;
VACUUM vac_tr;
SELECT pg_relation_size('vac_tr'), pg_relation_size('vac_tr', 'vm'), pg_relation_size('vac_tr', 'fsm');
SELECT relpages, reltuples, relallvisible FROM pg_class WHERE relname = 'vac_tr';
SELECT substr(get_raw_page('vac_tr', 'vm', 0), 25, 10);
INSERT INTO vac_tr SELECT g, 'y' FROM generate_series(5000, 5400) g;
SELECT pg_relation_size('vac_tr');
SELECT substr(get_raw_page('vac_tr', 'vm', 0), 25, 10);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SELECT count(*) FROM vac_tr WHERE a > 4000;
RESET enable_seqscan;
RESET enable_bitmapscan;
DELETE FROM vac_tr WHERE a < 990;
VACUUM (TRUNCATE off) vac_tr;
SELECT pg_relation_size('vac_tr');
VACUUM (TRUNCATE) vac_tr;
SELECT pg_relation_size('vac_tr');
DROP TABLE vac_tr
""")


def test_vacuum_shrinks_posting_lists(oracle, pgsnake_server):
    # Duplicates become posting lists; VACUUM removes dead TIDs from them (rewriting the
    # list, or deleting it when none is left) exactly as PostgreSQL does.
    _same(oracle, pgsnake_server, """
CREATE EXTENSION IF NOT EXISTS pageinspect;
DROP TABLE IF EXISTS vac_d;
CREATE TABLE vac_d (a int, b int);
CREATE INDEX vac_d_b ON vac_d (b);
INSERT INTO vac_d SELECT g, g % 7 FROM generate_series(1, 1500) g;
SELECT itemoffset, ctid, itemlen, htid, tids FROM bt_page_items('vac_d_b', 1) ORDER BY itemoffset;
DELETE FROM vac_d WHERE a % 3 = 0 OR b = 4;
VACUUM vac_d;
SELECT itemoffset, ctid, itemlen, htid, tids FROM bt_page_items('vac_d_b', 1) ORDER BY itemoffset;
SELECT itemoffset, ctid, itemlen, htid, tids FROM bt_page_items('vac_d_b', 2) ORDER BY itemoffset;
SELECT * FROM bt_page_stats('vac_d_b', 1);
SET enable_seqscan = off;
SELECT b, count(*) FROM vac_d WHERE b >= 0 GROUP BY b ORDER BY b;
RESET enable_seqscan;
DROP TABLE vac_d
""")
