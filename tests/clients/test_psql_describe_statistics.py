"""psql's \\d TABLE ("Statistics objects:" with kinds, expressions and a statistics
target), \\dX and \\dX+ (the kinds "defined"), and the statistics objects pg_dump
writes (CREATE STATISTICS, ALTER STATISTICS ... SET STATISTICS / OWNER TO, COMMENT ON
STATISTICS), on pgsnake and on PostgreSQL 15 alike (commands/statistics_commands.py)."""
from __future__ import annotations

import pytest

from harness.psql_runner import psql_path, run_psql_script

SCRIPT = r"""
drop table if exists regress_xd_t cascade;
drop schema if exists regress_xd_s cascade;
create schema regress_xd_s;
create table regress_xd_t (a int, b int, c text);
create statistics regress_xd_1 on a, b from regress_xd_t;
create statistics regress_xd_s.regress_xd_2 (ndistinct, mcv) on a, c from regress_xd_t;
create statistics regress_xd_3 (dependencies) on b, (a + b), lower(c) from regress_xd_t;
create statistics regress_xd_4 on (a * 2) from regress_xd_t;
alter statistics regress_xd_1 set statistics 50;
comment on statistics regress_xd_1 is 'first';
\d regress_xd_t
\dX
\dX+ regress_xd*
\dX regress_xd_s.*
drop table regress_xd_t;
\dX
drop schema regress_xd_s;
"""

SETUP = r"""
drop schema if exists regress_xd_ps cascade;
create schema regress_xd_ps;
create table regress_xd_ps.t (a int, b int, c text);
create statistics regress_xd_ps.p1 (ndistinct, mcv) on a, b from regress_xd_ps.t;
create statistics regress_xd_ps.p2 on a, (b + 1) from regress_xd_ps.t;
alter statistics regress_xd_ps.p1 set statistics 30;
comment on statistics regress_xd_ps.p1 is 'kept';
"""


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_describe_statistics_matches_oracle(oracle, pgsnake_server):
    expected = run_psql_script(oracle, SCRIPT)
    assert "Statistics objects:" in expected
    assert run_psql_script(pgsnake_server, SCRIPT) == expected


def _dump(server) -> str:
    import subprocess
    from harness.psql_runner import psql_path
    pg_dump = psql_path().replace("psql", "pg_dump")
    out = subprocess.run([pg_dump, "--schema-only", "-n", "regress_xd_ps", server.dsn],
                         capture_output=True, text=True, check=True).stdout
    return "\n".join(line for line in out.splitlines()
                     if not line.startswith(("-- Dumped", "\\restrict", "\\unrestrict")))


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
def test_pg_dump_statistics_matches_oracle(oracle, pgsnake_server):
    for server in (oracle, pgsnake_server):
        run_psql_script(server, SETUP)
    try:
        expected = _dump(oracle)
        assert "CREATE STATISTICS regress_xd_ps.p1 (ndistinct, mcv)" in expected
        assert _dump(pgsnake_server) == expected
    finally:
        for server in (oracle, pgsnake_server):
            run_psql_script(server, "drop schema regress_xd_ps cascade;")
