"""psql's \\d TABLE and \\dp on tables with row-level security, on pgsnake and on
PostgreSQL 15 alike: the "Policies:" section in each of its forms (row security
enabled with no policy, "(forced row security enabled)", "(row security disabled)"),
each policy's AS RESTRICTIVE / FOR / TO / USING / WITH CHECK lines, a WITH CHECK with a
subquery, and \\dp's "Policies" column; then, as a role the policies restrict, that a
cheap leaky function in WHERE never sees (its NOTICEs) a row the policies hide, and the
plan's Filter puts the policy's quals first (commands/policy_commands.py,
rewrite/row_security.py)."""
from __future__ import annotations


import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_pol_t, regress_pol_m cascade;
drop role if exists regress_pol_r;
create role regress_pol_r;
create table regress_pol_m (a int);
create table regress_pol_t (a int, b text, owner name default current_user);
alter table regress_pol_t enable row level security;
\d regress_pol_t
create policy p on regress_pol_t using (a > 0);
create policy q on regress_pol_t as restrictive for update to regress_pol_r, postgres
  using (b <> 'x') with check (a < 100);
create policy r on regress_pol_t for insert to regress_pol_r
  with check (exists (select 1 from regress_pol_m m where m.a = regress_pol_t.a));
create policy s on regress_pol_t for delete using (owner = current_user);
\d regress_pol_t
\dp regress_pol_t
alter table regress_pol_t force row level security;
\d regress_pol_t
alter table regress_pol_t no force row level security, disable row level security;
\d regress_pol_t
alter policy p on regress_pol_t rename to p2;
drop policy s on regress_pol_t;
\d regress_pol_t
grant select on regress_pol_t to regress_pol_r;
alter table regress_pol_t enable row level security;
insert into regress_pol_t values (1, 'one'), (-1, 'minus');
create function regress_pol_leak(text) returns bool cost 0.0000001 language plpgsql
  as $$begin raise notice 'saw %', $1; return true; end$$;
create policy p3 on regress_pol_t using (a > 0 or b = 'never');
set role regress_pol_r;
select a, b from regress_pol_t order by a;
select a from regress_pol_t where regress_pol_leak(b);
explain (costs off) select a from regress_pol_t where regress_pol_leak(b) and a < 10;
reset role;
drop table regress_pol_t, regress_pol_m;
drop function regress_pol_leak(text);
drop role regress_pol_r;
"""


def _run(server) -> str:
    return run_psql_script(server, SCRIPT)


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_table_with_policies_matches_oracle(oracle, pgsnake_server):
    expected = _run(oracle)
    assert "Policies (forced row security enabled):" in expected
    assert "Policies (row security disabled):" in expected
    assert "saw one" in expected and "saw minus" not in expected
    assert _run(pgsnake_server) == expected
