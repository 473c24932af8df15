# EXPLAIN (VERBOSE) compared with PostgreSQL 15 (commands/explain_verbose.py): relation
# and function names schema-qualified ("Seq Scan on public.t", a temporary table's as
# pg_temp, "Function Scan on pg_catalog.generate_series"), every expression's columns
# qualified (scan filters and index conditions too), a Function Scan's "Function Call"
# line, a join's "Inner Unique: true". pgsnake does not print the per-node "Output:"
# lines yet, so those lines are dropped from the oracle's text before comparing;
# everything else must be identical.
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
]

_NOT_PRINTED_YET = ("Output: ",)


def _without_unprinted(lines) -> list[str]:
    return [line for line in lines if not line.lstrip().startswith(_NOT_PRINTED_YET)]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE evb_a, evb_b"])


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_verbose_matches_postgresql(tables, oracle, pgsnake_server, query):
    ours = explain_lines(pgsnake_server, [], query)
    assert not any(line.lstrip().startswith(_NOT_PRINTED_YET) for line in ours)
    assert ours == _without_unprinted(explain_lines(oracle, [], query))


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
