# EXPLAIN of BitmapOr and BitmapAnd plans prints the same text as PostgreSQL 15, costs
# and row estimates included: an OR of indexable clauses, an OR with an AND arm, ANDs
# of two and three indexes, an OR under an AND, and a partial index's predicate in the
# Recheck Cond.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxbm",
    "CREATE TABLE rxbm (id int, a int, b int, c int, flag bool)",
    "INSERT INTO rxbm SELECT g, g % 1000, g % 997, g % 10, g % 50 = 0 "
    "FROM generate_series(1, 8000) g",
    "CREATE INDEX rxbm_a ON rxbm (a)",
    "CREATE INDEX rxbm_b ON rxbm (b)",
    "CREATE INDEX rxbm_c ON rxbm (c)",
    "CREATE INDEX rxbm_flag_b ON rxbm (b) WHERE flag",
    "ANALYZE rxbm",
]

CASES = [
    "SELECT * FROM rxbm WHERE a = 5 OR b = 7",
    "SELECT * FROM rxbm WHERE a = 5 OR a = 7 OR b = 3",
    "SELECT * FROM rxbm WHERE (a = 5 OR b = 7) AND c = 3",
    "SELECT * FROM rxbm WHERE a < 50 AND b < 50",
    "SELECT * FROM rxbm WHERE a < 200 AND b < 200",
    "SELECT * FROM rxbm WHERE a = 5 AND b = 5",
    "SELECT * FROM rxbm WHERE (a = 1 AND b = 2) OR c = 11",
    "SELECT * FROM rxbm WHERE b = 3 AND flag",
    "SELECT * FROM rxbm WHERE b < 100 AND flag",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxbm"])


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_bitmap_plans_match_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)
