# EXPLAIN (VERBOSE) compared with PostgreSQL 15 (commands/explain_verbose.py): relation
# and function names schema-qualified ("Seq Scan on public.t", a temporary table's as
# pg_temp, "Function Scan on pg_catalog.generate_series"), every expression's columns
# qualified (scan filters and index conditions too), a Function Scan's "Function Call"
# line, a join's "Inner Unique: true", and every node's "Output:" line
# (commands/explain_output.py). Everything must be identical.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS evb_a, evb_b",
    "CREATE TABLE evb_a (id int PRIMARY KEY, k int, v text)",
    "CREATE TABLE evb_b (id int PRIMARY KEY, a_id int, w int)",
    "INSERT INTO evb_a SELECT g, g % 10, 'v' || g FROM generate_series(1, 2000) g",
    "INSERT INTO evb_b SELECT g, g % 300 + 1, g % 7 FROM generate_series(1, 3000) g",
    "ANALYZE evb_a",
    "ANALYZE evb_b",
]

CASES = [
    "VERBOSE SELECT * FROM evb_a",
    "(VERBOSE, COSTS OFF) SELECT v FROM evb_a WHERE k = 3",
    "(VERBOSE, COSTS OFF) SELECT k, count(*) FROM evb_a GROUP BY k ORDER BY k",
    "(VERBOSE, COSTS OFF) SELECT a.v, b.w FROM evb_a a JOIN evb_b b ON b.a_id = a.id "
    "WHERE b.w > 2",
    "(VERBOSE, COSTS OFF) SELECT * FROM evb_a WHERE id = 5",
    "(VERBOSE, COSTS OFF) SELECT * FROM evb_a WHERE k = 3 AND id < 100",
    "(VERBOSE, COSTS OFF) SELECT id + 1 FROM evb_a ORDER BY v LIMIT 3",
    "(VERBOSE, COSTS OFF) SELECT * FROM generate_series(1, 3) g WHERE g > 1",
    "(VERBOSE, COSTS OFF) SELECT * FROM ROWS FROM (generate_series(1, 3), "
    "generate_series(1, 2)) g",
    "(VERBOSE, COSTS OFF) UPDATE evb_a SET k = k WHERE id = 1",
    "(VERBOSE, COSTS OFF) DELETE FROM evb_b WHERE w = 100",
    # Output lines: physical target lists, small ones under Hash / Sort, what a join
    # and an aggregate's input need, expressions handed on in parentheses
    "(VERBOSE, COSTS OFF) SELECT id FROM evb_a ORDER BY v",
    "(VERBOSE, COSTS OFF) SELECT k, sum(id) FROM evb_a GROUP BY k HAVING max(v) > 'a'",
    "(VERBOSE, COSTS OFF) SELECT k + 1, count(*) FROM evb_a GROUP BY k + 1",
    "(VERBOSE, COSTS OFF) SELECT count(*) FROM evb_a a JOIN evb_b b ON b.a_id = a.id",
    "(VERBOSE, COSTS OFF) SELECT a.k, sum(b.w) FROM evb_a a JOIN evb_b b ON b.a_id = a.id "
    "GROUP BY a.k ORDER BY 2",
    "(VERBOSE, COSTS OFF) SELECT a.id, b.id FROM evb_a a, evb_b b WHERE a.k = b.w AND a.id < 3",
    "(VERBOSE, COSTS OFF) SELECT * FROM evb_a a LEFT JOIN evb_b b ON b.a_id = a.id",
    "(VERBOSE, COSTS OFF) SELECT * FROM evb_a WHERE id = 5 FOR UPDATE",
    "(VERBOSE, COSTS OFF) SELECT DISTINCT k FROM evb_a",
    "(VERBOSE, COSTS OFF) UPDATE evb_b SET w = w + 1, a_id = 3 WHERE id = 7",
    "(VERBOSE, COSTS OFF) UPDATE evb_b SET w = 1 WHERE id = 1 RETURNING *",
    "(VERBOSE, COSTS OFF) INSERT INTO evb_b VALUES (1, 2, 3)",
    "(VERBOSE, COSTS OFF) INSERT INTO evb_b SELECT id, k, 3 FROM evb_a",
    "(VERBOSE, COSTS OFF) SELECT 1 + 2, 'x'",
    "(VERBOSE, COSTS OFF) SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(x, y)",
    "(VERBOSE, COSTS OFF) SELECT a, (SELECT max(w) FROM evb_b WHERE evb_b.a_id = t.a) "
    "FROM (VALUES (1), (2)) t(a)",
    "(VERBOSE, COSTS OFF) SELECT id FROM evb_a UNION ALL SELECT id FROM evb_b",
    "(VERBOSE, COSTS OFF) WITH c AS MATERIALIZED (SELECT * FROM evb_a) "
    "SELECT * FROM c WHERE c.k = 1",
    "(VERBOSE, COSTS OFF) SELECT id FROM evb_a UNION SELECT id FROM evb_b",
    "(VERBOSE, COSTS OFF) SELECT * FROM (SELECT k, count(*) c FROM evb_a GROUP BY k) s "
    "WHERE c > 1",
    "(VERBOSE, COSTS OFF) SELECT sum(k) OVER (PARTITION BY v) FROM evb_a",
    "(VERBOSE, COSTS OFF) SELECT row_number() OVER (ORDER BY k), v FROM evb_a",
    "(VERBOSE, COSTS OFF) SELECT generate_series(1, k) FROM evb_a",
    "(VERBOSE, FORMAT JSON, COSTS OFF) SELECT a.v, b.w FROM evb_a a JOIN evb_b b "
    "ON b.a_id = a.id WHERE b.w > 2",
]

def _without_unprinted(lines) -> list[str]:
    return list(lines)


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE evb_a, evb_b"])


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_verbose_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)


def test_temporary_table_is_pg_temp(oracle, pgsnake_server):
    query = "EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM evb_t WHERE x > 1"
    results = []
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("CREATE TEMPORARY TABLE evb_t (x int)")
            results.append(_without_unprinted([row[0] for row in conn.execute(query)]))
    assert results[1][0] == "Seq Scan on pg_temp.evb_t"
    assert results[1] == results[0]


def test_without_verbose_names_stay_unqualified(tables, oracle, pgsnake_server):
    query = "(COSTS OFF) SELECT * FROM generate_series(1, 3) g, evb_a WHERE k = g"
    ours = explain_lines(pgsnake_server, [], query)
    assert not any("public." in line or "pg_catalog." in line for line in ours)
    assert ours == explain_lines(oracle, [], query)
