"""psql's \\d TABLE and \\d INDEX for expression and partial indexes, on pgsnake and on
PostgreSQL 15 alike: the "Indexes:" lines (expressions printed as pg_get_indexdef's
pretty form, a partial index's WHERE), and an index's own columns with their
"Definition" (lower(email::text), (a + 1)), key / INCLUDE marks and footer."""
from __future__ import annotations


import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_descx;
create table regress_descx (id int, email varchar(50), a int, b int, active bool);
create unique index regress_descx_email on regress_descx (lower(email));
create index regress_descx_sum on regress_descx ((a + b), a, (a * 2));
create index regress_descx_active on regress_descx (a) where active;
create unique index regress_descx_big on regress_descx (a) where b is not null and a > 5;
create index regress_descx_mixed on regress_descx (lower(email) desc, (a + 1) nulls first)
  include (b);
\d regress_descx
\d regress_descx_email
\d regress_descx_sum
\d regress_descx_active
\d regress_descx_mixed
drop table regress_descx;
"""


def _run(server) -> str:
    return run_psql_script(server, SCRIPT)


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_expression_and_partial_indexes_matches_oracle(oracle, pgsnake_server):
    expected = _run(oracle)
    assert "WHERE active" in expected and "lower(email::text)" in expected
    assert _run(pgsnake_server) == expected
