# Proves that psql's \du, \dp and \ddp print on pgsnake exactly what they print on
# PostgreSQL 15 for the same roles, memberships, grants and default privileges (the
# catalog queries behind them read pg_roles, pg_auth_members, relacl, attacl and
# pg_default_acl through array_to_string and aclitem).
# Column grants are made in column order: \dp lists a table's column privileges in
# pg_attribute's index order on PostgreSQL and in heap order on pgsnake, which has no
# catalog indexes (catalog/README.md, "Where we differ").
from __future__ import annotations

import pytest

from harness.psql_runner import psql_path, run_psql

pytestmark = pytest.mark.skipif(psql_path() is None, reason="psql not installed")

SETUP = """
DROP TABLE IF EXISTS regress_psql_t;
DROP SEQUENCE IF EXISTS regress_psql_seq;
DROP ROLE IF EXISTS regress_psql_a, regress_psql_b, regress_psql_c;
CREATE ROLE regress_psql_a LOGIN CREATEDB CONNECTION LIMIT 3;
CREATE ROLE regress_psql_b NOINHERIT VALID UNTIL '2030-01-01 00:00:00+00' IN ROLE regress_psql_a;
CREATE ROLE regress_psql_c SUPERUSER CREATEROLE REPLICATION BYPASSRLS IN ROLE regress_psql_a, regress_psql_b;
CREATE TABLE regress_psql_t (a int, b int);
CREATE SEQUENCE regress_psql_seq;
GRANT SELECT, UPDATE ON regress_psql_t TO regress_psql_a WITH GRANT OPTION;
GRANT SELECT (a) ON regress_psql_t TO PUBLIC;
GRANT INSERT (b) ON regress_psql_t TO regress_psql_b;
GRANT USAGE ON SEQUENCE regress_psql_seq TO regress_psql_c;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_psql_a GRANT SELECT ON TABLES TO regress_psql_b;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_psql_a REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
"""
TEARDOWN = """
DROP TABLE regress_psql_t;
DROP SEQUENCE regress_psql_seq;
DROP OWNED BY regress_psql_a;
DROP ROLE regress_psql_c, regress_psql_b, regress_psql_a;
"""


@pytest.mark.parametrize("command", [r"\du regress_psql*", r"\dg regress_psql*",
                                     r"\dp regress_psql*", r"\z regress_psql_t",
                                     r"\ddp regress_psql*"])
def test_psql_describes_roles_and_privileges_as_postgresql(command, oracle, pgsnake_server):
    outputs = []
    for server in (oracle, pgsnake_server):
        for statement in SETUP.strip().splitlines():
            result = run_psql(server, statement)
            assert result.returncode == 0, (server.kind, statement, result.stderr)
        try:
            shown = run_psql(server, command, unaligned=False)
            assert shown.returncode == 0, (server.kind, shown.stderr)
            outputs.append(shown.stdout)
        finally:
            run_psql(server, TEARDOWN)
    assert "regress_psql_a" in outputs[0]
    assert outputs[1] == outputs[0]
