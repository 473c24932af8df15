# Proves that psql's \dT, \dT+, \dD and \d of a composite type print what they print
# against PostgreSQL 15 for enums, domains (NOT NULL, DEFAULT, CHECK: pg_get_constraintdef's
# pretty form) and composite types.
from __future__ import annotations

from harness import psql_runner

SETUP = """
DROP SCHEMA IF EXISTS regress_describe CASCADE;
CREATE SCHEMA regress_describe;
CREATE TYPE regress_describe.mood AS ENUM ('sad', 'ok');
COMMENT ON TYPE regress_describe.mood IS 'feelings';
CREATE DOMAIN regress_describe.posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0);
CREATE DOMAIN regress_describe.year AS integer
    CONSTRAINT year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)));
CREATE TYPE regress_describe.pair AS (a int, b text);
"""

COMMANDS = ["\\dT regress_describe.*", "\\dT+ regress_describe.mood",
            "\\dD regress_describe.*", "\\d regress_describe.pair"]


def test_psql_describes_user_types_as_postgresql(pgsnake_server, oracle):
    for server in (oracle, pgsnake_server):
        result = psql_runner.run_psql(server, SETUP, unaligned=False)
        assert result.returncode == 0, result.stderr
    try:
        for command in COMMANDS:
            want = psql_runner.run_psql(oracle, command, unaligned=False)
            got = psql_runner.run_psql(pgsnake_server, command, unaligned=False)
            assert (got.returncode, got.stdout, got.stderr) == \
                (want.returncode, want.stdout, want.stderr), command
    finally:
        for server in (oracle, pgsnake_server):
            psql_runner.run_psql(server, "DROP SCHEMA regress_describe CASCADE")
