"""Stored generated columns through psql, on pgsnake and PostgreSQL 15 alike: COPY leaves
them out of its default column list (in and out) and refuses them by name, \\d and \\d+
show "generated always as (...) stored" (pg_attribute.attgenerated, pg_attrdef), and
pg_dump writes the column back as a generated column (commands/generated_columns.py,
commands/copy.py, executor/stored_generated.py)."""
from __future__ import annotations

import os
import subprocess

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_genp;
create table regress_genp (a int, b int generated always as (a * 10) stored, c text);
copy regress_genp from stdin;
1	x
2	\N
\.
copy regress_genp (a, b) from stdin;
copy regress_genp (a) from stdin;
3
\.
copy regress_genp to stdout;
copy regress_genp (b) to stdout;
copy (select * from regress_genp order by a) to stdout;
\d regress_genp
\d+ regress_genp
"""


def _dump_table(server) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C", LANG="C")
    pg_dump = os.path.join(os.path.dirname(psql_path()), "pg_dump")
    done = subprocess.run([pg_dump, "-h", server.host, "-p", str(server.port), "-U",
                           server.user, "-t", "regress_genp", server.dbname],
                          capture_output=True, text=True, timeout=120, env=env)
    kept = [line for line in done.stdout.splitlines()
            if line.startswith(("CREATE", "    ", ")", "COPY", "1\t", "2\t", "3\t"))]
    return "\n".join(kept) + done.stderr


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_generated_columns_in_psql_and_pg_dump_match_oracle(oracle, pgsnake_server):
    try:
        expected = run_psql_script(oracle, SCRIPT)
        assert "generated always as ((a * 10)) stored" in expected or \
            "generated always as (a * 10) stored" in expected
        assert run_psql_script(pgsnake_server, SCRIPT) == expected
        expected_dump = _dump_table(oracle)
        assert "GENERATED ALWAYS AS" in expected_dump
        assert _dump_table(pgsnake_server) == expected_dump
    finally:
        for server in (oracle, pgsnake_server):
            run_psql_script(server, "drop table if exists regress_genp;")
