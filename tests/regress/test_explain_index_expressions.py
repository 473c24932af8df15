# EXPLAIN over expression and partial indexes prints the same text as PostgreSQL 15,
# costs and row estimates included, before and after ANALYZE (which gathers statistics
# for expression index columns and a partial index's share of the rows): equality and
# ranges on lower(email) and (a + b), a unique expression index, IS NULL on an
# expression, partial indexes whose predicate the query implies (or not), and the
# pg_stats rows of an expression index.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxie",
    "CREATE TABLE rxie (id int, email text, a int, b int, active bool)",
    "INSERT INTO rxie SELECT g, 'User' || (g % 3000), g % 100, g % 7, g % 20 = 0 "
    "FROM generate_series(1, 6000) g",
    "CREATE INDEX rxie_lower ON rxie (lower(email))",
    "CREATE UNIQUE INDEX rxie_id2 ON rxie ((id * 2))",
    "CREATE INDEX rxie_ab ON rxie ((a + b))",
    "CREATE INDEX rxie_active_b ON rxie (b) WHERE active",
    "CREATE INDEX rxie_big_a ON rxie (a) WHERE a > 90",
]

QUERIES = [
    "SELECT * FROM rxie WHERE lower(email) = 'user7'",
    "SELECT * FROM rxie WHERE lower(email) < 'user1'",
    "SELECT * FROM rxie WHERE id * 2 = 84",
    "SELECT * FROM rxie WHERE a + b = 50",
    "SELECT * FROM rxie WHERE a + b > 100",
    "SELECT * FROM rxie WHERE lower(email) IS NULL",
    "SELECT * FROM rxie WHERE b = 3 AND active",
    "SELECT * FROM rxie WHERE b = 3",
    "SELECT * FROM rxie WHERE a = 95",
    "SELECT * FROM rxie WHERE a = 95 AND b = 1",
    "SELECT * FROM rxie WHERE a > 95",
    "SELECT * FROM rxie WHERE a = 50",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxie"])


@pytest.fixture(scope="module")
def analyzed(tables, oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), ["ANALYZE rxie"])


@pytest.mark.parametrize("query", QUERIES, ids=[f"{i}" for i in range(len(QUERIES))])
def test_before_analyze(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)


@pytest.mark.parametrize("query", QUERIES, ids=[f"{i}" for i in range(len(QUERIES))])
def test_after_analyze(analyzed, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)


def test_expression_statistics_rows(analyzed, oracle, pgsnake_server):
    query = ("SELECT s.staattnum, s.stanullfrac, s.stawidth, s.stadistinct "
             "FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid "
             "WHERE c.relname IN ('rxie_lower', 'rxie_ab', 'rxie_id2') "
             "ORDER BY c.relname, s.staattnum")
    sizes = ("SELECT relname, reltuples FROM pg_class WHERE relname LIKE 'rxie%' "
             "ORDER BY relname")
    with pgsnake_server.connect() as mine, oracle.connect() as theirs:
        assert mine.execute(query).fetchall() == theirs.execute(query).fetchall()
        assert mine.execute(sizes).fetchall() == theirs.execute(sizes).fetchall()
