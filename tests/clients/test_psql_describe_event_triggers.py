"""psql's \\dy and \\dy+ on pgsnake and on PostgreSQL 15 alike: event triggers on each
event, with and without WHEN TAG lists, in each enabled state, with another owner and a
comment (commands/event_trigger_commands.py); and NOTICEs raised by trigger functions
with TG_EVENT / TG_TAG as the commands fire them (commands/event_trigger_firing.py)."""
from __future__ import annotations

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop role if exists regress_evt_super;
create role regress_evt_super superuser;
create function regress_evt_f() returns event_trigger language plpgsql
  as $$begin raise notice '% %', tg_event, tg_tag; end$$;
create event trigger regress_evt_a on ddl_command_start execute function regress_evt_f();
create event trigger regress_evt_b on ddl_command_end when tag in ('create table', 'DROP TABLE')
  execute function regress_evt_f();
create event trigger regress_evt_c on sql_drop execute function regress_evt_f();
create event trigger regress_evt_d on table_rewrite execute function regress_evt_f();
alter event trigger regress_evt_b enable replica;
alter event trigger regress_evt_c enable always;
alter event trigger regress_evt_d disable;
alter event trigger regress_evt_a owner to regress_evt_super;
comment on event trigger regress_evt_c is 'drops';
comment on event trigger regress_evt_nosuch is 'x';
\dy
\dy+
\dy regress_evt_b
create table regress_evt_t (a int);
alter event trigger regress_evt_b enable;
drop table regress_evt_t;
drop event trigger regress_evt_a, regress_evt_b, regress_evt_c, regress_evt_d;
\dy
drop function regress_evt_f();
drop role regress_evt_super;
"""


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_event_triggers_matches_oracle(oracle, pgsnake_server):
    expected = run_psql_script(oracle, SCRIPT)
    assert "List of event triggers" in expected
    assert "ddl_command_end DROP TABLE" in expected
    assert run_psql_script(pgsnake_server, SCRIPT) == expected


DUMP_DDL = [
    "create function evt_dump_f() returns event_trigger language plpgsql "
    "as $$begin raise notice '%', tg_tag; end$$",
    "create event trigger evt_dump_a on ddl_command_end when tag in ('create table', "
    "'ALTER TABLE') execute function evt_dump_f()",
    "create event trigger evt_dump_b on sql_drop execute function evt_dump_f()",
    "alter event trigger evt_dump_b enable replica",
    "comment on event trigger evt_dump_a is 'ends'",
]


def _dump(server) -> list[str]:
    import re
    import subprocess

    import psycopg
    from harness.psql_runner import psql_path as _psql
    pg_dump = str(_psql()).replace("/psql", "/pg_dump")
    with psycopg.connect(server.dsn, autocommit=True) as conn:
        conn.execute("drop database if exists regress_evt_dump")
        conn.execute("create database regress_evt_dump")
    dsn = server.dsn.replace("dbname=postgres", "dbname=regress_evt_dump")
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for statement in DUMP_DDL:
                conn.execute(statement)
        done = subprocess.run([pg_dump, "-s", dsn], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    finally:
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            conn.execute("drop database regress_evt_dump")
    text = re.sub(r"^\\(un)?restrict \S+$", r"\\\1restrict KEY", done.stdout, flags=re.M)
    text = re.sub(r"^-- Dumped from database version .*$", "-- Dumped from", text, flags=re.M)
    return text.splitlines()


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_pg_dump_of_event_triggers_matches_oracle(oracle, pgsnake_server):
    expected = _dump(oracle)
    assert "CREATE EVENT TRIGGER evt_dump_a ON ddl_command_end" in expected
    assert _dump(pgsnake_server) == expected
