# EXPLAIN of GROUPING SETS / ROLLUP / CUBE equals PostgreSQL 15's text, costs included:
# HashAggregate with one "Hash Key" per set, MixedAggregate when an empty set joins them
# ("Group Key: ()"), a plain Aggregate for only empty sets, HAVING as the node's Filter,
# and grouping() costed per output row.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxg_t",
    "CREATE TABLE rxg_t (a int4, b text, c int4)",
]

CASES = [
    "SELECT a, count(*) FROM rxg_t GROUP BY ROLLUP (a)",
    "SELECT a, b, count(*) FROM rxg_t GROUP BY ROLLUP (a, b)",
    "SELECT a, b, count(*) FROM rxg_t GROUP BY CUBE (a, b)",
    "SELECT a, b, count(*) FROM rxg_t GROUP BY GROUPING SETS ((a), (b), ())",
    "SELECT a, b, count(*) FROM rxg_t GROUP BY GROUPING SETS ((a), (b))",
    "SELECT a, b, grouping(a, b), sum(c) FROM rxg_t GROUP BY ROLLUP (a, b) ORDER BY 1, 2",
    "SELECT a, b, count(*) FROM rxg_t GROUP BY a, ROLLUP (b)",
    "SELECT count(*) FROM rxg_t GROUP BY GROUPING SETS (())",
    "SELECT a, count(*) FROM rxg_t GROUP BY ROLLUP (a) HAVING count(*) > 1",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxg_t"])


@pytest.mark.parametrize("query", CASES)
def test_grouping_sets_explain_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)
