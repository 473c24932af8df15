# EXPLAIN of set operations, DISTINCT ON, WITH TIES and WITH queries prints the same text
# as PostgreSQL 15, costs included: Append over Subquery Scans on "*SELECT* n" that
# convert the leaves' columns (left out when they would only pass columns through),
# HashAggregate or Sort + Unique for UNION, HashSetOp / SetOp (with the flag column in
# the widths, and the smaller INTERSECT side first), a Result above a nested node that
# needs a flag, enable_hashagg and LIMIT steering the choice by cost, "CTE name"
# sections with the WITH query's cost charged to the top node, CTE Scans that need no
# Materialize under a Nested Loop, and names made unique across the statement ("t1
# t1_1", "WorkTable Scan on t t_1"). Both servers run each statement live.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxs_l",
    "DROP TABLE IF EXISTS rxs_r",
    "DROP TABLE IF EXISTS rxs_m",
    "CREATE TABLE rxs_l (a int4, b text)",
    "CREATE TABLE rxs_m (a int4, b text)",
    "CREATE TABLE rxs_r (a int8, c varchar(10))",
]

CASES = [
    ([], "SELECT a FROM rxs_l UNION SELECT a FROM rxs_r"),
    ([], "SELECT a FROM rxs_l UNION ALL SELECT a FROM rxs_r"),
    ([], "SELECT a FROM rxs_l UNION ALL SELECT a FROM rxs_r WHERE c > 'x'"),
    ([], "SELECT a FROM rxs_l WHERE a > 1 UNION ALL SELECT a FROM rxs_m"),
    ([], "SELECT b FROM rxs_l WHERE a > 1 UNION ALL SELECT b FROM rxs_m WHERE b = 'x'"),
    ([], "SELECT a FROM rxs_l UNION SELECT a FROM rxs_r LIMIT 5"),
    ([], "SELECT a FROM rxs_l UNION SELECT a FROM rxs_r ORDER BY 1 LIMIT 5"),
    ([], "SELECT a, b FROM rxs_l UNION SELECT a, c FROM rxs_r UNION SELECT 1, 'x'"),
    ([], "SELECT a, b FROM rxs_l INTERSECT SELECT a, c FROM rxs_r"),
    ([], "SELECT a FROM rxs_l EXCEPT ALL SELECT a FROM rxs_r ORDER BY 1"),
    ([], "SELECT b FROM rxs_l EXCEPT SELECT c FROM rxs_r"),
    ([], "SELECT a FROM rxs_l INTERSECT ALL SELECT a FROM rxs_r INTERSECT SELECT 5"),
    ([], "(SELECT a FROM rxs_l ORDER BY b LIMIT 3) UNION SELECT a FROM rxs_r"),
    ([], "SELECT count(*) FROM rxs_l UNION SELECT a FROM rxs_r"),
    ([], "SELECT * FROM (SELECT a FROM rxs_l UNION SELECT a FROM rxs_r) s WHERE a > 1"),
    ([], "SELECT 1 UNION SELECT 2"),
    ([], "SELECT 'a' UNION SELECT 'b'"),
    ([], "SELECT 1 INTERSECT SELECT 2 EXCEPT SELECT 3"),
    (["SET enable_hashagg = off"], "SELECT a FROM rxs_l UNION SELECT a FROM rxs_r"),
    (["SET enable_hashagg = off"], "SELECT a FROM rxs_l INTERSECT SELECT a FROM rxs_r"),
    (["SET enable_hashagg = off"], "SELECT b FROM rxs_l EXCEPT ALL SELECT c FROM rxs_r ORDER BY 1"),
    (["SET enable_hashagg = off"], "SELECT a FROM rxs_l UNION SELECT a FROM rxs_r ORDER BY a DESC"),
    ([], "SELECT DISTINCT ON (a) a, b FROM rxs_l ORDER BY a, b DESC"),
    ([], "SELECT DISTINCT ON (b) a FROM rxs_l"),
    ([], "SELECT a FROM rxs_l ORDER BY a FETCH FIRST 2 ROWS WITH TIES"),
    ([], "WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x"),
    ([], "WITH x AS (SELECT a FROM rxs_l) SELECT * FROM x, x y"),
    ([], "WITH x AS (SELECT a FROM rxs_l) SELECT count(*) FROM x WHERE a > 2 UNION ALL "
         "SELECT count(*) FROM x y"),
    ([], "WITH x AS (SELECT a FROM rxs_l) SELECT count(*) FROM x WHERE a > 2 UNION ALL "
         "SELECT count(*) FROM x"),
    # EXPLAIN's unique names: a table or WITH query read twice is "t" and "t t_1".
    ([], "SELECT a FROM rxs_l UNION ALL SELECT a FROM rxs_l"),
    ([], "SELECT a FROM rxs_l WHERE a > 1 UNION ALL SELECT a FROM rxs_l WHERE b = 'x'"),
    ([], "WITH RECURSIVE t(n) AS (SELECT a FROM rxs_l UNION ALL "
         "SELECT rxs_l.a FROM rxs_l JOIN t ON t.n = rxs_l.a) SELECT * FROM t"),
    ([], "WITH RECURSIVE a AS MATERIALIZED (SELECT * FROM b), b AS MATERIALIZED "
         "(SELECT 1 AS x) SELECT * FROM a, b"),
    ([], "SELECT a, (SELECT max(a) FROM rxs_l WHERE rxs_l.b > 'x') FROM rxs_l"),
]


# EXPLAIN ANALYZE's row counts (no timing): a data-modifying WITH query and the
# statement's own ModifyTable report one loop and their RETURNING rows.
ANALYZE_CASES = [
    "WITH x AS (INSERT INTO rxs_m VALUES (5, 'e') RETURNING a) SELECT * FROM x",
    "INSERT INTO rxs_m VALUES (6, 'f')",
    "DELETE FROM rxs_m RETURNING a",
    "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT * FROM t LIMIT 5",
    "SELECT a FROM rxs_m INTERSECT SELECT 6",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxs_l", "DROP TABLE rxs_r",
                                           "DROP TABLE rxs_m"])


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_explain_text_matches_postgresql(tables, oracle, pgsnake_server, settings, query):
    assert explain_lines(pgsnake_server, settings, query) == explain_lines(oracle, settings, query)


@pytest.mark.parametrize("query", ANALYZE_CASES, ids=[f"{i}" for i in range(len(ANALYZE_CASES))])
def test_explain_analyze_counts_match_postgresql(tables, oracle, pgsnake_server, query):
    settings = []
    statement = "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query
    assert explain_lines(pgsnake_server, settings, statement) == \
        explain_lines(oracle, settings, statement)
