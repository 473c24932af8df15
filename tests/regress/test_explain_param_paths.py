# Parameterised inner index scans (optimizer/param_paths.py): a Nested Loop whose inner
# side is an Index / Index Only / Bitmap Heap Scan given the outer row's values
# ("Index Cond: (id = a.b_id)"), chosen and costed as PostgreSQL 15 does after ANALYZE:
# foreign-key lookups from a small outer side, LEFT joins, a table parameterised by one
# table of a larger outer side (the others' equal clause left as Join Filter), a join
# clause that is not an index clause becoming the inner scan's filter, enable_* settings
# forcing the alternatives; and ORDER BY [DESC] [LIMIT] served by an Index Scan (Backward)
# without a Sort; min() / max() as "InitPlan 1 (returns $0) -> Limit -> Index Only Scan
# Backward"; EXPLAIN text (costs included) equals the oracle's.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rpp_a, rpp_b",
    "CREATE TABLE rpp_b (id int PRIMARY KEY, name text, grp int)",
    "CREATE TABLE rpp_a (id int PRIMARY KEY, b_id int, val int)",
    "INSERT INTO rpp_b SELECT g, 'b' || g, g % 50 FROM generate_series(1, 10000) g",
    "INSERT INTO rpp_a SELECT g, (g * 37) % 10000 + 1, g % 7 FROM generate_series(1, 2000) g",
    "CREATE INDEX rpp_a_b_id ON rpp_a (b_id)",
    "CREATE INDEX rpp_b_grp ON rpp_b (grp)",
    "ANALYZE rpp_a",
    "ANALYZE rpp_b",
]

NO_MERGE_HASH = ["SET enable_mergejoin = off", "SET enable_hashjoin = off"]

CASES = [
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id WHERE a.val = 3 AND a.id < 50"),
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id WHERE a.id < 10"),
    ([], "SELECT b.name FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id WHERE a.id = 5"),
    ([], "SELECT * FROM rpp_a a LEFT JOIN rpp_b b ON b.id = a.b_id WHERE a.id < 10"),
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id AND b.grp < a.val WHERE a.id < 10"),
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id + 1 WHERE a.id < 10"),
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id JOIN rpp_a a2 ON a2.b_id = b.id "
         "WHERE a.id < 10"),
    ([], "SELECT * FROM rpp_b b JOIN rpp_a a ON a.b_id = b.id WHERE b.grp = 3 AND b.id < 300"),
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id"),
    (NO_MERGE_HASH, "SELECT * FROM rpp_a a JOIN rpp_b b ON b.grp = a.val WHERE a.id < 3"),
    (["SET enable_nestloop = off"], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id "
                                    "WHERE a.id < 10"),
    # Index scans giving the order (optimizer/index_ordering.py)
    ([], "SELECT * FROM rpp_b ORDER BY id LIMIT 10"),
    ([], "SELECT * FROM rpp_b ORDER BY id DESC LIMIT 10"),
    ([], "SELECT * FROM rpp_b ORDER BY id"),
    ([], "SELECT * FROM rpp_a ORDER BY b_id LIMIT 5"),
    ([], "SELECT * FROM rpp_b WHERE id > 100 ORDER BY id LIMIT 10"),
    ([], "SELECT * FROM rpp_b ORDER BY name LIMIT 10"),
    ([], "SELECT * FROM rpp_a a JOIN rpp_b b ON b.id = a.b_id ORDER BY a.id LIMIT 5"),
    (["SET enable_indexscan = off"], "SELECT * FROM rpp_b ORDER BY id LIMIT 10"),
    # min() / max() as InitPlans over an index (optimizer/min_max_aggregates.py)
    ([], "SELECT max(id) FROM rpp_b"),
    ([], "SELECT min(id), max(id) FROM rpp_b"),
    ([], "SELECT min(b_id) FROM rpp_a WHERE val = 3"),
    ([], "SELECT max(name) FROM rpp_b"),
    ([], "SELECT max(id) + 1 AS next FROM rpp_b HAVING max(id) > 5"),
    ([], "SELECT max(grp), count(*) FROM rpp_b"),
    (["SET enable_indexscan = off"], "SELECT max(id) FROM rpp_b"),
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rpp_a, rpp_b"])


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_parameterised_plans_match_postgresql(tables, oracle, pgsnake_server, settings, query):
    assert explain_lines(pgsnake_server, settings, query) == explain_lines(oracle, settings, query)
