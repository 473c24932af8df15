# EXPLAIN with costs for LIKE / regex prefix matches over B-tree indexes prints what
# PostgreSQL 15 prints: the derived range (or `=`) Index Cond in the index's operators
# (~>=~ / ~<~ for text_pattern_ops and varchar_pattern_ops, >= / < for the C collation),
# the pattern as the Filter, no Recheck Cond, and the costs, before and after ANALYZE.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxlp",
    "CREATE TABLE rxlp (id int, c text, d text, v varchar(20))",
    "INSERT INTO rxlp SELECT g, 'k' || g, 'k' || g, 'k' || g FROM generate_series(1, 5000) g",
    "CREATE INDEX rxlp_c ON rxlp (c text_pattern_ops)",
    "CREATE INDEX rxlp_d ON rxlp (d)",
    "CREATE INDEX rxlp_v ON rxlp (v varchar_pattern_ops)",
]

QUERIES = [
    ([], "SELECT * FROM rxlp WHERE c LIKE 'k12%'"),
    ([], "SELECT * FROM rxlp WHERE d LIKE 'k12%'"),
    ([], "SELECT * FROM rxlp WHERE v LIKE 'k12%'"),
    ([], "SELECT * FROM rxlp WHERE c LIKE 'k123'"),
    ([], "SELECT * FROM rxlp WHERE d ~ '^k49'"),
    ([], "SELECT d FROM rxlp WHERE d LIKE 'k1_3%'"),
    ([], "SELECT * FROM rxlp WHERE d ILIKE 'k12%'"),
    ([], "SELECT * FROM rxlp WHERE d LIKE '%12'"),
    (["SET enable_bitmapscan = off"], "SELECT * FROM rxlp WHERE c LIKE 'k12%'"),
    (["SET enable_bitmapscan = off"], "SELECT * FROM rxlp WHERE d LIKE 'k12%' ORDER BY d"),
]
CASES = [(False,) + q for q in QUERIES] + [(True,) + q for q in QUERIES]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxlp"])


@pytest.fixture(scope="module")
def analyzed(tables, oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), ["ANALYZE rxlp"])


@pytest.mark.parametrize("after_analyze,settings,query", CASES,
                         ids=[f"{i}" for i in range(len(CASES))])
def test_like_prefix_plans_match_postgresql(request, tables, oracle, pgsnake_server,
                                            after_analyze, settings, query):
    if after_analyze:
        request.getfixturevalue("analyzed")
    assert explain_lines(pgsnake_server, settings, query) == explain_lines(oracle, settings, query)
