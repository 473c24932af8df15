# EXPLAIN of window functions equals PostgreSQL 15's text, costs and widths included:
# one WindowAgg per window, a Sort below it unless the input already has its order
# (windows needing the same sort share it, the one with the longer sort key first; an
# Incremental Sort when a prefix is sorted already), no
# final Sort when ORDER BY is a prefix of the last window's sort, the window input
# projected (PARTITION BY expressions computed by the scan, "Sort Key: ((a + 1))"), and
# a WHERE on row_number() / rank() / count(*) in an enclosing query made a Run Condition.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxw_t",
    "CREATE TABLE rxw_t (a int4, b text, c numeric, d date)",
]

CASES = [
    "SELECT a, row_number() OVER (PARTITION BY a ORDER BY b), rank() OVER (PARTITION BY a) FROM rxw_t",
    "SELECT a, row_number() OVER (ORDER BY a), rank() OVER (ORDER BY b) FROM rxw_t ORDER BY a",
    "SELECT a, row_number() OVER (ORDER BY a), rank() OVER (ORDER BY b) FROM rxw_t ORDER BY b",
    "SELECT a, count(*) OVER () FROM rxw_t",
    "SELECT a, sum(a) OVER (PARTITION BY b ORDER BY c), avg(c) OVER (PARTITION BY b) FROM rxw_t ORDER BY b",
    "SELECT a, count(*), rank() OVER (ORDER BY count(*) DESC) FROM rxw_t GROUP BY a",
    "SELECT a, sum(a + 1) OVER (PARTITION BY a + 1) FROM rxw_t WHERE a > 1",
    "SELECT row_number() OVER (ORDER BY a) FROM rxw_t ORDER BY 1 DESC",
    "SELECT DISTINCT a, rank() OVER (ORDER BY a) FROM rxw_t",
    "SELECT a, rank() OVER (ORDER BY a) FROM rxw_t LIMIT 3",
    "SELECT a, sum(a) FILTER (WHERE a > 2) OVER w, lag(b, 2) OVER w FROM rxw_t "
    "WINDOW w AS (ORDER BY d DESC ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)",
    # Incremental Sort when a prefix of the keys is sorted already
    "SELECT a, rank() OVER (PARTITION BY a ORDER BY b), count(*) OVER (PARTITION BY a ORDER BY c) "
    "FROM rxw_t",
    "SELECT a, rank() OVER (PARTITION BY b ORDER BY a), rank() OVER (PARTITION BY c ORDER BY a), "
    "rank() OVER (PARTITION BY b ORDER BY d) FROM rxw_t",
    "SELECT a, rank() OVER (ORDER BY a) FROM rxw_t ORDER BY a, b",
    "SELECT a, rank() OVER (ORDER BY a) FROM rxw_t ORDER BY a, b LIMIT 3 OFFSET 2",
    # run conditions (PostgreSQL 15)
    "SELECT * FROM (SELECT a, row_number() OVER (PARTITION BY b ORDER BY c) AS rn FROM rxw_t) s "
    "WHERE rn <= 3",
    "SELECT * FROM (SELECT a, rank() OVER (ORDER BY c) AS rn FROM rxw_t) s WHERE rn = 3",
    "SELECT * FROM (SELECT a, count(*) OVER (ORDER BY c) AS rn FROM rxw_t) s WHERE 3 > rn AND a > 1",
    "SELECT * FROM (SELECT a, row_number() OVER (ORDER BY c) AS rn, rank() OVER (ORDER BY a) AS r2 "
    "FROM rxw_t) s WHERE rn < 3 AND r2 < 5",
    "SELECT * FROM (SELECT a, sum(a) OVER (ORDER BY c) AS rn FROM rxw_t) s WHERE rn < 3",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxw_t"])


@pytest.mark.parametrize("query", CASES)
def test_window_explain_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)
