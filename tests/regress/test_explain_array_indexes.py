# EXPLAIN with costs for `column IN (list)` / `column = ANY (array)` index clauses prints
# what PostgreSQL 15 prints: the plan chosen among Seq Scan, Index [Only] Scan and Bitmap
# Heap Scan, the Index Cond text and the costs (one descent and one share of the leaf
# pages per array element, btcostestimate), before and after ANALYZE.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxai, rxai_n",
    "CREATE TABLE rxai (id int PRIMARY KEY, a int, b int, t text)",
    "INSERT INTO rxai SELECT g, g % 500, g % 7, 'v' || g FROM generate_series(1, 6000) g",
    "CREATE INDEX rxai_a ON rxai (a)",
    "CREATE INDEX rxai_ab ON rxai (a, b)",
    "CREATE TABLE rxai_n (id int PRIMARY KEY, a int, b int)",
    "INSERT INTO rxai_n SELECT g, g % 300, g % 11 FROM generate_series(1, 5000) g",
    "CREATE INDEX rxai_n_a ON rxai_n (a)",
    "ANALYZE rxai",
]

CASES = [
    ([], "SELECT * FROM rxai WHERE id IN (1, 2, 3)"),
    ([], "SELECT id FROM rxai WHERE id IN (1, 2, 3)"),
    ([], "SELECT * FROM rxai WHERE id = ANY ('{1,2,NULL,2}'::int[])"),
    ([], "SELECT * FROM rxai WHERE id = ANY ('{7,8}'::bigint[])"),
    ([], "SELECT * FROM rxai_n WHERE a IN (1, 2, 3, 4, 5, 6, 7, 8)"),
    ([], "SELECT * FROM rxai WHERE a IN (1, 2) AND b = 3"),
    ([], "SELECT * FROM rxai WHERE a = 4 AND b IN (1, 2)"),
    ([], "SELECT * FROM rxai WHERE id IN (7, 3) ORDER BY id"),
    ([], "SELECT * FROM rxai_n WHERE a IN (1, 2, NULL, 4)"),
    ([], "SELECT * FROM rxai WHERE id NOT IN (1, 2) AND id < 50"),
    (["SET enable_bitmapscan = off"], "SELECT * FROM rxai_n WHERE a IN (1, 2, 3)"),
    (["SET enable_indexscan = off"], "SELECT * FROM rxai WHERE id IN (1, 2, 3)"),
    ([], "SELECT * FROM rxai_n WHERE b NOT IN (1, 2, 3)"),
    ([], "SELECT * FROM rxai_n WHERE b = ANY (ARRAY[1, NULL])"),
    ([], "SELECT * FROM rxai_n WHERE id IN (1, 2, 3)"),
    ([], "SELECT * FROM rxai_n WHERE a IN (1, 2, 3)"),
    ([], "SELECT * FROM rxai_n WHERE id = ANY ('{1,2,3,4}'::int[]) AND b = 1"),
    ([], "SELECT o.id, t.id FROM rxai o JOIN rxai t ON t.id = ANY (ARRAY[o.a, o.b]) "
         "WHERE o.id < 4"),
    ([], "SELECT o.id, t.id FROM rxai_n o JOIN rxai_n t ON t.a = ANY (ARRAY[o.b, o.id]) "
         "WHERE o.id < 3"),
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxai, rxai_n"])


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_array_index_plans_match_postgresql(tables, oracle, pgsnake_server, settings, query):
    assert explain_lines(pgsnake_server, settings, query) == explain_lines(oracle, settings, query)
