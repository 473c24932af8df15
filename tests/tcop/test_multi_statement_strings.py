# A Query message with several statements is one implicit transaction block, as in
# PostgreSQL: a command that needs a transaction of its own (COMMIT PREPARED, ROLLBACK
# PREPARED, ALTER SYSTEM, DISCARD ALL) is refused there with 25001, while on its own it
# runs. Compared with what the real psql prints against PostgreSQL 15.
import pytest

from harness.psql_runner import psql_path, run_psql

STRINGS = [
    "SELECT 1; COMMIT PREPARED 'no_such_gid'",
    "COMMIT PREPARED 'no_such_gid'",
    "SELECT 1; ROLLBACK PREPARED 'no_such_gid'",
    "SELECT 1; DISCARD ALL",
    "DISCARD ALL",
    "SELECT 2; ALTER SYSTEM SET work_mem = '5MB'",
]


@pytest.mark.skipif(psql_path() is None, reason="psql not installed")
@pytest.mark.parametrize("sql", STRINGS)
def test_implicit_block_refuses_what_needs_its_own_transaction(oracle, pgsnake_server, sql):
    expected = run_psql(oracle, sql)
    assert run_psql(pgsnake_server, sql) == expected
