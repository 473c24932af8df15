"""Extension membership, on pgsnake and on PostgreSQL 15 alike (psql output compared
whole): CREATE EXTENSION makes each function a pg_proc row tied to the extension by a
pg_depend 'e' row, so \\dx+ lists them, calls find them, DROP FUNCTION of a member
refuses, ALTER EXTENSION ADD / DROP FUNCTION changes membership with PostgreSQL's
errors, DROP EXTENSION takes the members (and a function added to it) along; and
pg_dump writes CREATE EXTENSION and the control file's comment but not the members
(contrib/extension_members.py, commands/extension_commands.py)."""
from __future__ import annotations

import re
import subprocess

import psycopg
import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
create extension amcheck;
create extension pgstattuple;
\dx+ amcheck
\dx+ pgstattuple
\dx amcheck
create table regress_xm_t (a int primary key);
select bt_index_check('regress_xm_t_pkey');
select version, tree_level, leaf_pages from pgstatindex('regress_xm_t_pkey');
select pg_describe_object(classid, objid, 0) from pg_depend
  where refobjid = (select oid from pg_extension where extname = 'amcheck')
    and deptype = 'e' order by 1;
drop function bt_index_check(regclass);
alter extension amcheck drop function bt_index_check(regclass);
alter extension amcheck drop function bt_index_check(regclass);
\dx+ amcheck
alter extension amcheck add function bt_index_check(regclass);
alter extension pgstattuple add function bt_index_check(regclass);
alter extension nosuch add function bt_index_check(regclass);
create function regress_xm_f() returns int language sql as 'select 1';
alter extension amcheck add function regress_xm_f();
\dx+ amcheck
drop function regress_xm_f();
drop extension amcheck;
select regress_xm_f();
select bt_index_check('regress_xm_t_pkey');
drop extension pgstattuple;
select * from pgstatindex('regress_xm_t_pkey');
drop table regress_xm_t;
"""


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_extension_members_match_oracle(oracle, pgsnake_server):
    expected = run_psql_script(oracle, SCRIPT)
    assert 'Objects in extension "amcheck"' in expected
    assert "because extension amcheck requires it" in expected
    assert run_psql_script(pgsnake_server, SCRIPT) == expected


def _dump(server) -> list[str]:
    pg_dump = str(psql_path()).replace("/psql", "/pg_dump")
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists regress_xm_dump")
        conn.execute("create database regress_xm_dump")
    dsn = server.dsn.replace("dbname=postgres", "dbname=regress_xm_dump")
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("create extension amcheck")
            conn.execute("create extension pgstattuple")
            conn.execute("create function regress_xm_f() returns int language sql "
                         "as 'select 1'")
            conn.execute("create function regress_xm_g() returns int language sql "
                         "as 'select 2'")
            conn.execute("alter extension amcheck add function regress_xm_f()")
        done = subprocess.run([pg_dump, "-s", dsn], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    finally:
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            conn.execute("drop database regress_xm_dump")
    text = re.sub(r"^\\(un)?restrict \S+$", r"\\\1restrict KEY", done.stdout, flags=re.M)
    text = re.sub(r"^-- Dumped from database version .*$", "-- Dumped from", text, flags=re.M)
    return text.splitlines()


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_pg_dump_leaves_members_out(oracle, pgsnake_server):
    expected = _dump(oracle)
    assert "CREATE EXTENSION IF NOT EXISTS amcheck WITH SCHEMA public;" in expected
    assert not any("regress_xm_f" in line for line in expected)
    assert _dump(pgsnake_server) == expected
