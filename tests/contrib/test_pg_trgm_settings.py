"""pg_trgm's settings appear when the module loads in a session (its first function
call; CREATE EXTENSION in an earlier session does not load it here): a value SET before
that is taken over (an invalid one with a WARNING, the default kept), and afterwards
the "pg_trgm" prefix is reserved. psql output compared whole with PostgreSQL 15
(contrib/pg_trgm.py load, utils/settings.py define_custom / reserve_prefix)."""
from __future__ import annotations

import psycopg
import pytest

from harness.psql_runner import psql_path, run_psql_script

SESSIONS = (r"""
show pg_trgm.similarity_threshold;
set pg_trgm.foo = 1;
set pg_trgm.similarity_threshold = 0.5;
show pg_trgm.similarity_threshold;
select show_limit();
select name, setting, source from pg_settings where name like 'pg_trgm%' order by 1;
set pg_trgm.foo = 1;
reset pg_trgm.similarity_threshold;
select show_limit();
begin;
set local pg_trgm.similarity_threshold = 0.7;
select show_limit(), 'abc' % 'abd';
commit;
select show_limit();
""", r"""
set pg_trgm.word_similarity_threshold = 'abc';
select show_limit();
show pg_trgm.word_similarity_threshold;
select name, setting from pg_settings where name like 'pg_trgm%' order by 1;
""")


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_settings_load_with_the_module(oracle, pgsnake_server):
    outputs = []
    for server in (oracle, pgsnake_server):
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            conn.execute("create extension pg_trgm")
        outputs.append([run_psql_script(server, script) for script in SESSIONS])
        with psycopg.connect(server.dsn, autocommit=True) as conn:
            conn.execute("drop extension pg_trgm")
    expected, actual = outputs
    assert "now a reserved prefix" in expected[0] and "WARNING" in expected[1]
    assert actual == expected
