"""psql's \\d+ on views with options (security_barrier, check_option), on pgsnake and on
PostgreSQL 15 alike: the "Options:" line as the options were written, after ALTER VIEW
SET / RESET too; then that a cheap leaky function in the outer query's WHERE never sees
(its NOTICEs) a row the security-barrier view's own WHERE hides, in SELECT, UPDATE and
DELETE through the view (commands/view_options.py, rewrite/view_pullup.py,
optimizer/append_rel.py, rewrite/updatable_views.py)."""
from __future__ import annotations

import os
import subprocess

import pytest

from harness.psql_runner import psql_path

SCRIPT = r"""
drop table if exists regress_sbv_t cascade;
drop function if exists regress_sbv_leak(text);
create table regress_sbv_t (a int, b text);
insert into regress_sbv_t values (1, 'one'), (2, 'two'), (5, 'five');
create view regress_sbv_v with (security_barrier) as
  select * from regress_sbv_t where a < 3;
create view regress_sbv_c with (security_barrier = on) as
  select * from regress_sbv_t where a < 3 with local check option;
\d+ regress_sbv_v
\d+ regress_sbv_c
alter view regress_sbv_c reset (security_barrier);
\d+ regress_sbv_c
alter view regress_sbv_c set (security_barrier = false, check_option = cascaded);
\d+ regress_sbv_c
create function regress_sbv_leak(text) returns bool cost 0.0000001 language plpgsql
  as $$begin raise notice 'saw %', $1; return true; end$$;
select * from regress_sbv_v where regress_sbv_leak(b) order by a;
select * from regress_sbv_v v join regress_sbv_t t using (a) where regress_sbv_leak(v.b) order by a;
update regress_sbv_v set b = b || '!' where regress_sbv_leak(b);
explain (costs off) update regress_sbv_v set b = b || '!' where regress_sbv_leak(b);
delete from regress_sbv_v where regress_sbv_leak(b);
select * from regress_sbv_t order by a;
drop table regress_sbv_t cascade;
drop function regress_sbv_leak(text);
"""


def _run(server) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    done = subprocess.run(
        [psql_path(), "-X", "-h", server.host, "-p", str(server.port), "-U", server.user,
         "-d", server.dbname, "-f", "-"],
        input=SCRIPT, capture_output=True, text=True, timeout=120, env=env)
    return done.stdout + done.stderr


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_security_barrier_views_matches_oracle(oracle, pgsnake_server):
    expected = _run(oracle)
    assert "Options: security_barrier=true" in expected
    assert "saw one" in expected and "saw five" not in expected
    assert _run(pgsnake_server) == expected
