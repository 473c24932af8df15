# CREATE / DROP EXTENSION, pageinspect and amcheck compared statement by statement with
# PostgreSQL 15 (tests/harness/differential.py): command tags, column names and types,
# rows, SQLSTATEs and messages. Functions must not resolve before CREATE EXTENSION nor
# after DROP EXTENSION. Values that legitimately differ between the two servers (LSNs,
# transaction ids, the hint bits 0x0F00 set by whoever read the page first) are left out of the
# compared columns; the page formats themselves are PostgreSQL's, so the rest is equal.
from __future__ import annotations

from tests.harness import differential
from tests.harness.sql_script import ScriptStatement


def _script(text: str) -> list[ScriptStatement]:
    return [ScriptStatement(sql.strip(), number)
            for number, sql in enumerate(text.split(";\n"), start=1) if sql.strip()]


def _same(oracle, pgsnake_server, text: str) -> None:
    report = differential.diff_script(oracle.dsn, pgsnake_server.dsn, _script(text))
    assert report is None, report


def test_extension_commands_and_errors(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, """
DROP EXTENSION IF EXISTS pageinspect;
DROP EXTENSION IF EXISTS amcheck;
CREATE TABLE ext_t (a int);
SELECT get_raw_page('ext_t', 0);
SELECT * FROM bt_metap('ext_t');
SELECT bt_index_check('ext_t'::regclass);
CREATE EXTENSION no_such_extension;
CREATE EXTENSION pageinspect VERSION '9.9';
CREATE EXTENSION pageinspect SCHEMA no_such_schema;
CREATE EXTENSION pageinspect;
CREATE EXTENSION pageinspect;
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE EXTENSION IF NOT EXISTS amcheck WITH SCHEMA public VERSION '1.3' CASCADE;
SELECT e.extname, e.extversion, e.extrelocatable, n.nspname, e.extconfig, e.extcondition
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname <> 'plpgsql' ORDER BY e.extname;
SELECT length(get_raw_page('ext_t', 'main', 0));
DROP EXTENSION pageinspect, no_such_extension;
DROP EXTENSION no_such_extension;
DROP EXTENSION IF EXISTS no_such_extension;
DROP EXTENSION pageinspect, amcheck;
SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql';
SELECT get_raw_page('ext_t', 0);
SELECT bt_index_check('ext_t'::regclass);
DROP TABLE ext_t
""")


def test_pageinspect_rows_match(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, """
CREATE EXTENSION IF NOT EXISTS pageinspect;
CREATE TABLE pi_t (a int, b text, c int);
INSERT INTO pi_t VALUES (1, 'one', 10), (NULL, 'two', NULL), (3, NULL, 30);
INSERT INTO pi_t SELECT g, 'row ' || g::text, g * 2 FROM generate_series(4, 700) g;
CREATE INDEX pi_i ON pi_t (a);
SELECT checksum, flags, lower, upper, special, pagesize, version, prune_xid
  FROM page_header(get_raw_page('pi_t', 0));
SELECT lp, lp_off, lp_flags, lp_len, t_field3, t_ctid, t_infomask2,
       t_infomask % 256 AS infomask_low, t_infomask / 4096 AS infomask_high, t_hoff, t_bits, t_oid, t_data
  FROM heap_page_items(get_raw_page('pi_t', 0)) ORDER BY lp;
SELECT * FROM heap_page_items(get_raw_page('pi_t', 'main', 1)) WHERE lp > 1000;
SELECT * FROM bt_metap('pi_i');
SELECT * FROM bt_page_stats('pi_i', 1);
SELECT * FROM bt_page_stats('pi_i', 3);
SELECT * FROM bt_page_items('pi_i', 1) ORDER BY itemoffset;
SELECT * FROM bt_page_items(get_raw_page('pi_i', 3)) ORDER BY itemoffset;
SELECT * FROM bt_page_items('pi_i', 0);
SELECT * FROM bt_page_items('pi_i', 99);
SELECT * FROM bt_metap('pi_t');
SELECT * FROM bt_page_items(get_raw_page('pi_i', 0));
SELECT get_raw_page('pi_t', 99);
SELECT get_raw_page('pi_t', -1);
SELECT get_raw_page('pi_t', 'nofork', 0);
SELECT get_raw_page('no_such_table', 0);
SELECT get_raw_page('public.pi_t', 0) = get_raw_page('pi_t', 0);
SELECT * FROM page_header('\\x00'::bytea);
SELECT * FROM heap_page_items('\\x0001'::bytea);
DROP TABLE pi_t;
DROP EXTENSION pageinspect
""")


def test_amcheck_matches(oracle, pgsnake_server):
    _same(oracle, pgsnake_server, """
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE TABLE am_t (a int, b text);
INSERT INTO am_t SELECT g, 'v' || g::text FROM generate_series(1, 2000) g;
CREATE INDEX am_i ON am_t (a, b);
SELECT bt_index_check('am_i');
SELECT bt_index_check('am_i', true);
SELECT bt_index_parent_check('am_i');
SELECT bt_index_parent_check('am_i', true);
SELECT bt_index_parent_check('am_i', true, true);
SELECT bt_index_check('am_t');
SELECT bt_index_check('no_such_index');
DROP TABLE am_t;
DROP EXTENSION amcheck
""")
