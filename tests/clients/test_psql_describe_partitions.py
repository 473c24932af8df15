"""psql's \\d and \\d+ on partitioned tables, partitions and inheritance trees, and
COPY FROM routing rows into partitions, on pgsnake and on PostgreSQL 15 alike: the
"Partitioned table" title, "Partition key:", "Partitions:" / "Number of partitions:",
"Partition of:", "Partition constraint:", "Inherits:", "Number of child tables:" /
"Child tables:", and the partitioned indexes each partition gets."""
from __future__ import annotations


import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_dpt, regress_dlt, regress_dp cascade;
create table regress_dpt (a int, b text, primary key (a)) partition by range (a);
create table regress_dpt1 partition of regress_dpt for values from (1) to (10);
create table regress_dpt2 partition of regress_dpt for values from (10) to (maxvalue)
  partition by list (b);
create table regress_dpt2x partition of regress_dpt2 for values in ('x', null);
create table regress_dptd partition of regress_dpt default;
create index on regress_dpt (b);
\d regress_dpt
\d+ regress_dpt
\d regress_dpt1
\d+ regress_dpt1
\d regress_dpt2
\d+ regress_dpt2x
\d+ regress_dptd
copy regress_dpt from stdin;
1	one
12	x
50	\N
-3	minus
\.
copy regress_dpt from stdin;
20	y
\.
select tableoid::regclass, * from regress_dpt order by a;
copy regress_dpt to stdout;
copy (select * from regress_dpt order by a) to stdout;
create table regress_dlt (k text, v int) partition by list (k);
create table regress_dlt_ab partition of regress_dlt for values in ('a', 'b');
\d+ regress_dlt
create table regress_dp (a int not null, b text check (b <> ''));
create table regress_dc1 (c int) inherits (regress_dp);
create table regress_dc2 () inherits (regress_dp);
\d regress_dp
\d+ regress_dp
\d regress_dc1
alter table regress_dc2 no inherit regress_dp;
\d+ regress_dp
drop table regress_dpt, regress_dlt, regress_dc2;
drop table regress_dp cascade;
"""


def _run(server) -> str:
    return run_psql_script(server, SCRIPT)


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_partitions_and_children_matches_oracle(oracle, pgsnake_server):
    expected = _run(oracle)
    assert "Partition key: RANGE (a)" in expected and "Inherits: regress_dp" in expected
    assert _run(pgsnake_server) == expected
