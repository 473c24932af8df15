"""psql's \\d TABLE on tables with triggers and foreign keys, on pgsnake and on
PostgreSQL 15 alike: the "Foreign-key constraints:", "Referenced by:", "Triggers:" and
"Disabled user triggers:" sections (psql asks them only when pg_class.relhastriggers is
set, and hides a foreign key's internal RI triggers), after a deferred foreign key has
been checked at commit, and after the constraint is dropped."""
from __future__ import annotations

import re

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_desc_c, regress_desc_p cascade;
create table regress_desc_p (id int primary key, note text);
create table regress_desc_c (id int primary key,
  pid int constraint regress_desc_fk references regress_desc_p on delete cascade
    deferrable initially deferred,
  q int references regress_desc_p deferrable);
create or replace function regress_desc_f() returns trigger language plpgsql as
  $$begin return new; end$$;
create trigger zz after insert on regress_desc_c for each row when (new.id > 0)
  execute function regress_desc_f();
create trigger aa before update on regress_desc_c for each row
  execute function regress_desc_f('x');
alter table regress_desc_c disable trigger aa;
\d regress_desc_p
\d regress_desc_c
begin;
insert into regress_desc_c values (1, 10, null);
insert into regress_desc_p values (10, 'ten');
commit;
begin;
insert into regress_desc_c values (2, 20, null);
commit;
select * from regress_desc_c order by id;
alter table regress_desc_c drop constraint regress_desc_fk;
\d regress_desc_p
drop table regress_desc_p cascade;
\d regress_desc_c
drop table regress_desc_c;
drop function regress_desc_f();
"""


def _run(server) -> str:
    output = run_psql_script(server, SCRIPT)
    # Internal trigger names carry OIDs, which differ between servers.
    return re.sub(r"RI_ConstraintTrigger_([ac])_\d+", r"RI_ConstraintTrigger_\1_N",
                  output)


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_table_with_triggers_matches_oracle(oracle, pgsnake_server):
    expected = _run(oracle)
    assert "Referenced by:" in expected and "Disabled user triggers:" in expected
    assert _run(pgsnake_server) == expected
