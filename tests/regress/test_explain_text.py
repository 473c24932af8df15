# EXPLAIN prints the same text as PostgreSQL 15, costs and row estimates included, for
# plans over never-analyzed tables: scans, sorts, limits, hash/group aggregates (and the
# enable_* settings that steer between them), joins, row locks (LockRows), set-returning
# functions in the select list (ProjectSet), arrays in ANY / ALL. Both servers
# run each statement live.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rx_g",
    "DROP TABLE IF EXISTS rx_h",
    "CREATE TABLE rx_g (v text, n int4)",
    "CREATE TABLE rx_h (id int4 NOT NULL, g_n int4, amount numeric)",
    "DROP TABLE IF EXISTS rx_a",
    "CREATE TABLE rx_a (id int4, a int4[])",
]

CASES = [
    ([], "SELECT * FROM rx_g"),
    ([], "SELECT * FROM rx_g WHERE n > 5 ORDER BY v LIMIT 10"),
    ([], "SELECT v, count(*) FROM rx_g GROUP BY v"),
    ([], "SELECT v, n, count(*) FROM rx_g GROUP BY v, n"),
    ([], "SELECT n, count(*) FROM rx_g GROUP BY n ORDER BY n"),
    (["SET enable_hashagg = off"], "SELECT v, count(*), sum(n) FROM rx_g GROUP BY v HAVING count(*) > 0 ORDER BY v"),
    (["SET enable_hashagg = off"], "SELECT v, n, count(*) FROM rx_g GROUP BY v, n ORDER BY v"),
    (["SET enable_hashagg = off"], "SELECT v, count(*) FROM rx_g GROUP BY v ORDER BY v DESC"),
    ([], "SELECT g.v, h.amount FROM rx_g g JOIN rx_h h ON h.g_n = g.n"),
    (["SET enable_mergejoin = off"], "SELECT g.v, h.amount FROM rx_g g JOIN rx_h h ON h.g_n = g.n"),
    (["SET enable_mergejoin = off", "SET enable_hashjoin = off"],
     "SELECT g.v, h.amount FROM rx_g g JOIN rx_h h ON h.g_n = g.n"),
    ([], "SELECT count(*) FROM rx_h WHERE amount > 10"),
    # Row locks: LockRows between Sort and Limit, one cpu_tuple_cost per row, widths
    # with the ctid (and whole-row) junk columns EvalPlanQual needs.
    ([], "SELECT * FROM rx_g FOR UPDATE"),
    ([], "SELECT * FROM rx_g WHERE n > 5 ORDER BY v LIMIT 10 FOR UPDATE SKIP LOCKED"),
    ([], "SELECT g.v, h.amount FROM rx_g g JOIN rx_h h ON h.g_n = g.n FOR UPDATE OF g"),
    ([], "SELECT g.v, h.amount FROM rx_g g JOIN rx_h h ON h.g_n = g.n FOR SHARE"),
    ([], "SELECT * FROM rx_h LIMIT 1 OFFSET 1 FOR KEY SHARE"),
    ([], "SELECT * FROM (SELECT * FROM rx_g LIMIT 5) s FOR SHARE"),
    ([], "SELECT n FROM rx_g ORDER BY n FOR NO KEY UPDATE NOWAIT"),
    ([], "INSERT INTO rx_h (id, g_n) SELECT n, n FROM rx_g WHERE n > 1 FOR UPDATE"),
    # Set-returning functions in the select list: ProjectSet levels, their row estimates
    # (prorows, the support functions' counts) and create_set_projection_path's costs.
    ([], "SELECT generate_series(1, 3)"),
    ([], "SELECT id, unnest(a) FROM rx_a"),
    ([], "SELECT id, generate_series(1, 2) FROM rx_a ORDER BY 2"),
    ([], "SELECT count(*), generate_series(1, 2) FROM rx_a"),
    (["SET jit = off"],   # PostgreSQL would add its JIT summary past jit_above_cost
     "SELECT generate_series(1, generate_series(1, 3)) + 1, unnest(a) FROM rx_a"),
    ([], "SELECT * FROM unnest(ARRAY[1, 2, 3]) WITH ORDINALITY"),
    ([], "SELECT * FROM rx_a WHERE id = ANY(a) AND id <> ALL('{1,2}')"),
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rx_g", "DROP TABLE rx_h", "DROP TABLE rx_a"])


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_explain_text_matches_postgresql(tables, oracle, pgsnake_server, settings, query):
    assert explain_lines(pgsnake_server, settings, query) == explain_lines(oracle, settings, query)
