# EXPLAIN (COSTS OFF) prints subqueries in expressions as PostgreSQL 15 does: "SubPlan n"
# after a node's children for correlated subqueries, "InitPlan n (returns $k)" before
# them at the top of the query level for uncorrelated ones (the expression shows $k),
# "(hashed SubPlan n)" for an uncorrelated NOT IN, and outer references shown as the
# outer column. Both servers run each statement live. (Costs are not compared: the cost
# of evaluating a SubPlan per row is not modelled yet.)
import pytest

from regress.explain_support import run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxs_t",
    "DROP TABLE IF EXISTS rxs_u",
    "CREATE TABLE rxs_t (a int4, b text)",
    "CREATE TABLE rxs_u (a int4, c int4)",
]

CASES = [
    "SELECT a, (SELECT max(c) FROM rxs_u u WHERE u.a = t.a) FROM rxs_t t",
    "SELECT a FROM rxs_t WHERE a = (SELECT max(c) FROM rxs_u)",
    "SELECT a FROM rxs_t WHERE a > (SELECT max(c) FROM rxs_u) ORDER BY b",
    "SELECT a FROM rxs_t WHERE a NOT IN (SELECT a FROM rxs_u)",
    "SELECT a, EXISTS (SELECT 1 FROM rxs_u u WHERE u.c > t.a) FROM rxs_t t",
    "SELECT a, a > ALL (SELECT c FROM rxs_u u WHERE u.a = t.a) FROM rxs_t t",
    "SELECT a, (SELECT count(*) FROM rxs_u u WHERE u.a >= t.a AND u.c > "
    "(SELECT max(a) FROM rxs_t t2 WHERE t2.b = t.b)) FROM rxs_t t",
    "SELECT a, (SELECT count(*) FROM rxs_u u WHERE u.c > (SELECT max(a) FROM rxs_t)) FROM rxs_t t",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxs_t", "DROP TABLE rxs_u"])


def _explain(server, query):
    with server.connect(autocommit=True) as conn:
        return [row[0] for row in conn.execute("EXPLAIN (COSTS OFF) " + query)]


@pytest.mark.parametrize("query", CASES)
def test_subplan_explain_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert _explain(pgsnake_server, query) == _explain(oracle, query)
