# EXPLAIN text of FULL joins equals PostgreSQL 15's, costs and row estimates included
# (the regress script full_join.sql compares plan shapes only): Hash and Merge Full
# Join, Hash Cond / Merge Cond / Join Filter / Filter, the full-join row estimate
# (at least the rows of either side), the merged USING column as COALESCE in VERBOSE
# output, reduction to Left / Right / inner joins by WHERE clauses, `WHERE x = const`
# on a merged column filtering both sides, ON true / ON false as a merge join without
# merge clauses, a full join on a lower one's merged column sorted on its COALESCE
# (VERBOSE shows the input computing it), JOIN aliases, and EXPLAIN ANALYZE's row
# counts and "Rows Removed by Join Filter".
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS efj_a", "DROP TABLE IF EXISTS efj_b", "DROP TABLE IF EXISTS efj_c",
    "DROP TABLE IF EXISTS efj_d", "DROP TABLE IF EXISTS efj_e",
    # never analyzed: PostgreSQL's default sizes, so merge joins (sorted on a merged
    # column's COALESCE for the upper full joins) and external sorts
    "CREATE TABLE efj_d (id int4, dv text)", "CREATE TABLE efj_e (id int4, ev text)",
    "CREATE TABLE efj_a (id int4, g int4, pad text)",
    "CREATE TABLE efj_b (id int4, h int4, pad text)",
    "CREATE TABLE efj_c (id int4, w text)",
    "INSERT INTO efj_a SELECT i, i % 10, 'a' || i FROM generate_series(1, 1000) i",
    "INSERT INTO efj_b SELECT i * 2, i % 7, 'b' || i FROM generate_series(1, 300) i",
    "INSERT INTO efj_c VALUES (1, 'c1'), (2, 'c2'), (NULL, 'cn')",
    "ANALYZE efj_a", "ANALYZE efj_b",
]

CASES = [
    "SELECT * FROM efj_a FULL JOIN efj_b USING (id)",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id AND a.g < b.h",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id WHERE a.g = 3",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id WHERE b.h = 3",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id WHERE b.h = 3 AND a.g = 2",
    "SELECT * FROM efj_a FULL JOIN efj_b USING (id) WHERE id = 4",
    "SELECT * FROM efj_a a FULL JOIN efj_b b USING (id) WHERE a.pad IS NULL",
    "VERBOSE SELECT id, a.g, b.h FROM efj_a a FULL JOIN efj_b b USING (id)",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id ORDER BY a.id",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id FULL JOIN efj_a c ON c.id = b.id",
    "SELECT * FROM efj_a FULL JOIN efj_b USING (id) FULL JOIN efj_a c USING (id)",
    "SELECT * FROM efj_a a LEFT JOIN (efj_b b FULL JOIN efj_a c ON b.id = c.id) ON a.id = b.h",
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id LIMIT 5",
    "SELECT * FROM efj_c FULL JOIN efj_b USING (id)",
    "SELECT * FROM efj_c c FULL JOIN efj_c d ON c.id = d.id",
    "SELECT * FROM efj_c c FULL JOIN efj_c d ON c.id = d.id WHERE d.w = 'x'",
    "SELECT * FROM efj_c FULL JOIN efj_b ON true",
    "SELECT * FROM efj_c FULL JOIN efj_b ON false",
    "(COSTS OFF) SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id AND a.g < b.h",
    "SELECT * FROM efj_d FULL JOIN efj_e USING (id) FULL JOIN efj_c USING (id)",
    "VERBOSE SELECT * FROM efj_d FULL JOIN efj_e USING (id) FULL JOIN efj_c USING (id)",
    "SELECT * FROM efj_d FULL JOIN efj_e USING (id) FULL JOIN efj_c USING (id) "
    "FULL JOIN efj_d d2 USING (id)",
    "SELECT * FROM (efj_d FULL JOIN efj_e USING (id)) j FULL JOIN efj_c USING (id)",
    "VERBOSE SELECT * FROM efj_d d FULL JOIN efj_e e ON d.id = e.id FULL JOIN efj_c c "
    "ON c.w = d.dv",
]

SETTINGS_CASES = [
    (["SET enable_hashjoin = off"], "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id"),
    (["SET enable_mergejoin = off"], "SELECT * FROM efj_c c FULL JOIN efj_c d ON c.id = d.id"),
]

ANALYZE_CASES = [
    "SELECT * FROM efj_a a FULL JOIN efj_b b ON a.id = b.id AND a.g < b.h",
    "SELECT * FROM efj_a a FULL JOIN efj_b b USING (id) WHERE a.pad IS NULL",
    "SELECT * FROM efj_c c FULL JOIN efj_c d ON c.id = d.id",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE efj_a, efj_b, efj_c, efj_d, efj_e"])


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_explain_full_join_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)


@pytest.mark.parametrize("settings,query", SETTINGS_CASES,
                         ids=[f"{i}" for i in range(len(SETTINGS_CASES))])
def test_explain_full_join_with_settings(tables, oracle, pgsnake_server, settings, query):
    assert explain_lines(pgsnake_server, settings, query) == \
        explain_lines(oracle, settings, query)


def _analyze_lines(server, query) -> list[str]:
    # Hash tables' and sorts' memory use is pgsnake's own measure: those lines are left out.
    lines = explain_lines(server, ["SET jit = off"],
                          "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query)
    return [line for line in lines if "Memory" not in line]


@pytest.mark.parametrize("query", ANALYZE_CASES, ids=[f"{i}" for i in range(len(ANALYZE_CASES))])
def test_explain_analyze_full_join(tables, oracle, pgsnake_server, query):
    assert _analyze_lines(pgsnake_server, query) == _analyze_lines(oracle, query)
