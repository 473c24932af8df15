# EXPLAIN of ORDER BY over partly sorted input equals PostgreSQL 15's text: an
# Incremental Sort with its "Sort Key" and "Presorted Key" lines over an index scan
# (forward or backward) or a sorted FROM subquery, with and without LIMIT, costs
# included where both servers estimate from the same statistics; and under EXPLAIN
# ANALYZE the number of groups sorted in each of the node's two modes (memory figures
# and the batch-wise actual row counts are pgsnake's own).
import re

import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxo_t",
    "CREATE TABLE rxo_t (a int4, b int4, c text)",
    "INSERT INTO rxo_t SELECT i / 50, i % 97, 'x' || i FROM generate_series(1, 20000) i",
    "CREATE INDEX rxo_t_a ON rxo_t (a)",
    "ANALYZE rxo_t",
]

CASES = [
    "(COSTS OFF) SELECT * FROM rxo_t ORDER BY a, b",
    "(COSTS OFF) SELECT * FROM rxo_t ORDER BY a, b LIMIT 10",
    "(COSTS OFF) SELECT * FROM rxo_t ORDER BY a DESC, b DESC, c LIMIT 10",
    "(COSTS OFF) SELECT * FROM (SELECT * FROM rxo_t ORDER BY a) s ORDER BY a, b LIMIT 1",
    "SELECT a, b FROM rxo_t WHERE a < 10 ORDER BY a, b",
    "SELECT * FROM rxo_t ORDER BY a, b LIMIT 10",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxo_t"])


@pytest.mark.parametrize("query", CASES)
def test_ordered_explain_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)


@pytest.mark.parametrize("query", [
    "SELECT * FROM rxo_t WHERE a < 10 ORDER BY a, b",
    "SELECT * FROM rxo_t WHERE a < 30 ORDER BY a DESC, b",
])
def test_incremental_sort_groups_match_postgresql(tables, oracle, pgsnake_server, query):
    analyze = "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query

    def groups(server):
        lines = explain_lines(server, [], analyze)
        return [re.sub(r"\d+kB", "NkB", line.strip()) for line in lines if "Groups:" in line]

    ours = groups(pgsnake_server)
    assert ours and ours == groups(oracle)
