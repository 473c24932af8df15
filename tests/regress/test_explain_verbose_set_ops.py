# EXPLAIN (VERBOSE)'s "Output:" lines of set operations and kept Subquery Scans, compared
# with PostgreSQL 15 text for text (commands/explain_output.py): a SetOp hands on its
# first input's columns and flag ("*SELECT* 1".a, (0)), the Sort of a sorted SetOp too;
# a set operation's leaf Subquery Scan lists its columns and flag, a constant column
# copied up as itself (generate_setop_tlist's hack_constants: "1, 'x'::text, 1"); a
# Subquery Scan kept for its filter lists its own columns; an Append prints no list; a
# node handing on a constant its input computed shows it bare (set_dummy_tlist_
# references); the columns a join needs of a subquery whose scan was removed belong
# to the parent level. Also VARIADIC and built-in calls completed from pg_proc in the
# Output lines.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS evs_a, evs_b",
    "CREATE TABLE evs_a (a int, b text)",
    "CREATE TABLE evs_b (a int, b text)",
]

CASES = [
    "(VERBOSE, COSTS OFF) SELECT a FROM evs_a INTERSECT SELECT a FROM evs_b",
    "(VERBOSE, COSTS OFF) SELECT a, b FROM evs_a EXCEPT ALL SELECT 1, 'x'",
    "(VERBOSE, COSTS OFF) SELECT 1 INTERSECT SELECT 2",
    "(VERBOSE, COSTS OFF) (SELECT a FROM evs_a UNION SELECT a FROM evs_b) EXCEPT SELECT 3",
    "(VERBOSE, COSTS OFF) SELECT b, a FROM evs_a EXCEPT SELECT b, a FROM evs_b "
    "ORDER BY 1 LIMIT 2",
    "(VERBOSE, COSTS OFF) SELECT 1 UNION SELECT 2",
    "(VERBOSE, COSTS OFF) SELECT a FROM evs_a UNION ALL SELECT a FROM evs_b ORDER BY 1",
    "(VERBOSE, COSTS OFF) WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t "
    "WHERE n < 5) SELECT * FROM t",
    "(VERBOSE, COSTS OFF) SELECT * FROM (SELECT a, count(*) FROM evs_a GROUP BY a LIMIT 3) s "
    "WHERE a > 1",
    "(VERBOSE, COSTS OFF) SELECT * FROM evs_a JOIN (SELECT a, count(*) c FROM evs_b "
    "GROUP BY a LIMIT 3) s ON s.a = evs_a.a",
    "(VERBOSE, COSTS OFF) SELECT * FROM evs_a LEFT JOIN (SELECT a, b, 1 AS one FROM evs_b "
    "LIMIT 5) s ON evs_a.a = s.a",
    "(VERBOSE, COSTS OFF) SELECT * FROM evs_a LEFT JOIN (SELECT a, b, 1 AS one FROM evs_b) s "
    "ON evs_a.a = s.a",
    "(VERBOSE, COSTS OFF) SELECT concat(VARIADIC ARRAY[b]), format('%s', VARIADIC ARRAY[a]), "
    "json_extract_path_text('{}', VARIADIC ARRAY[b]), make_interval(days => a), "
    "jsonb_path_query_array('{}', '$', silent => a > 1) FROM evs_a",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE evs_a, evs_b"])


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_verbose_outputs_match_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)
