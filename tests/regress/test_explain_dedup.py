# Indexes full of duplicate keys are deduplicated (posting lists) as in PostgreSQL 15, so
# they have PostgreSQL's size, and the planner, whose index costs depend on the index's
# pages, prints PostgreSQL's plans and costs for them: indexes built by CREATE INDEX
# over few distinct values (relpages as PostgreSQL's), one grown by INSERTs, and one
# with deduplicate_items = off.
import pytest

from regress.explain_support import run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxd_t, rxd_off, rxd_g",
    "CREATE TABLE rxd_t (a int, b int, c text)",
    "INSERT INTO rxd_t SELECT g, g % 10, 'v' || (g % 7)::text FROM generate_series(1, 20000) g",
    "CREATE INDEX rxd_t_b ON rxd_t (b)",
    "CREATE INDEX rxd_t_c ON rxd_t (c)",
    "CREATE TABLE rxd_off (a int, b int, c text)",
    "INSERT INTO rxd_off SELECT * FROM rxd_t",
    "CREATE INDEX rxd_off_b ON rxd_off (b) WITH (deduplicate_items = off)",
    "CREATE TABLE rxd_g (k int, pad text)",
    "CREATE INDEX rxd_g_k ON rxd_g (k)",
    "INSERT INTO rxd_g SELECT (g * 7919) % 13, 'p' FROM generate_series(1, 8000) g",
]

CASES = [
    "SELECT * FROM rxd_t WHERE b = 3",
    "SELECT b FROM rxd_t WHERE b = 3",
    "SELECT * FROM rxd_t WHERE b < 2",
    "SELECT * FROM rxd_t WHERE c = 'v1'",
    "SELECT count(*) FROM rxd_t WHERE b = 3 AND a < 100",
    "SELECT * FROM rxd_off WHERE b < 2",
    "SELECT * FROM rxd_g WHERE k > 5",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxd_t, rxd_off, rxd_g"])


def _rows(server, sql):
    with server.connect(autocommit=True) as conn:
        return [tuple(row) for row in conn.execute(sql)]


def test_deduplicated_indexes_have_postgresqls_size(tables, oracle, pgsnake_server):
    sql = ("SELECT relname, relpages FROM pg_class "
           "WHERE relname LIKE 'rxd%' AND relkind = 'i' ORDER BY relname")
    theirs = _rows(oracle, sql)
    assert _rows(pgsnake_server, sql) == theirs
    pages = dict(theirs)
    assert pages["rxd_t_b"] * 2 < pages["rxd_off_b"]      # deduplication did happen


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_plans_over_deduplicated_indexes_match_postgresql(tables, oracle, pgsnake_server,
                                                         query):
    assert _rows(pgsnake_server, "EXPLAIN " + query) == _rows(oracle, "EXPLAIN " + query)
