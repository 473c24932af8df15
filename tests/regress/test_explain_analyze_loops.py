# EXPLAIN ANALYZE's actual rows and loops (issue 7: "EXPLAIN ANALYZE gives actual rows,
# loops and times") compared with PostgreSQL 15 exactly, for the plans the issue names:
# a hash join, a correlated SubPlan run once per outer row, an EXISTS semi join, a
# hashed NOT IN SubPlan, UNION / INTERSECT / EXCEPT ALL, a LATERAL subquery re-scanned
# per outer row, a recursive CTE (its WorkTable Scan's loops), a WindowAgg and ROLLUP.
# Only the memory figures (Python's sizes are not C's) are masked; timing is off.
import re

import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS eal_a, eal_b",
    "CREATE TABLE eal_a (id int4 PRIMARY KEY, grp int4, v text)",
    "CREATE TABLE eal_b (id int4, a_id int4)",
    "INSERT INTO eal_a SELECT g, g % 5, 'v' || g FROM generate_series(1, 50) g",
    "INSERT INTO eal_b SELECT g, g % 60 FROM generate_series(1, 80) g",
    "ANALYZE eal_a",
    "ANALYZE eal_b",
]

ANALYZE = "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
QUERIES = {
    "hash join": "SELECT count(*) FROM eal_a a JOIN eal_b b ON a.id = b.a_id",
    "correlated SubPlan": "SELECT a.id, (SELECT count(*) FROM eal_b b WHERE b.a_id = a.id) "
                          "FROM eal_a a WHERE a.grp = 1",
    "EXISTS": "SELECT * FROM eal_a a WHERE EXISTS (SELECT 1 FROM eal_b b WHERE b.a_id = a.id) "
              "AND a.grp = 2",
    "NOT IN": "SELECT * FROM eal_a a WHERE a.id NOT IN (SELECT a_id FROM eal_b)",
    "UNION": "SELECT grp FROM eal_a UNION SELECT a_id FROM eal_b",
    "INTERSECT": "SELECT grp FROM eal_a INTERSECT SELECT a_id FROM eal_b",
    "EXCEPT ALL": "SELECT a_id FROM eal_b EXCEPT ALL SELECT id FROM eal_a",
    "LATERAL": "SELECT a.id, s.n FROM eal_a a, LATERAL (SELECT count(*) AS n FROM eal_b b "
               "WHERE b.a_id < a.id) s WHERE a.grp = 3",
    "recursive CTE": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r "
                     "WHERE n < 10) SELECT sum(n) FROM r",
    "window": "SELECT id, row_number() OVER (PARTITION BY grp ORDER BY id) FROM eal_a",
    "ROLLUP": "SELECT grp, count(*) FROM eal_a GROUP BY ROLLUP (grp)",
}
_MEMORY = re.compile(r"(Memory(?: Usage)?: )\d+kB")


def _masked(lines):
    return [_MEMORY.sub(r"\1NkB", line) for line in lines]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE eal_a, eal_b"])


@pytest.mark.parametrize("name", list(QUERIES))
def test_actual_rows_and_loops_match_postgresql(tables, oracle, pgsnake_server, name):
    query = ANALYZE + QUERIES[name]
    assert _masked(explain_lines(pgsnake_server, [], query)) == \
        _masked(explain_lines(oracle, [], query))
