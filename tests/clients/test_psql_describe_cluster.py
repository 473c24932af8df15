"""psql's \\d TABLE after table rewrites, on pgsnake and on PostgreSQL 15 alike: the
"CLUSTER" marker on the index ALTER TABLE ... CLUSTER ON and CLUSTER ... USING record
(pg_index.indisclustered), none after SET WITHOUT CLUSTER, and the column types,
default, CHECK constraint and indexes that ALTER COLUMN TYPE ... USING rebuilt."""
from __future__ import annotations


import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_desc_rw;
create table regress_desc_rw (a int primary key, b text default '7', c int check (c > 0));
create index regress_desc_rw_c on regress_desc_rw (c);
insert into regress_desc_rw values (1, '10', 3), (2, '20', 4);
alter table regress_desc_rw cluster on regress_desc_rw_c;
\d regress_desc_rw
cluster regress_desc_rw using regress_desc_rw_pkey;
alter table regress_desc_rw alter b type int using b::int, alter c type numeric;
\d regress_desc_rw
alter table regress_desc_rw set without cluster;
\d regress_desc_rw
drop table regress_desc_rw;
"""


def _run(server) -> str:
    return run_psql_script(server, SCRIPT)


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_table_after_rewrites_matches_oracle(oracle, pgsnake_server):
    expected = _run(oracle)
    assert "btree (c) CLUSTER" in expected and "btree (a) CLUSTER" in expected
    assert _run(pgsnake_server) == expected
