# Parallel GROUP BY carries PostgreSQL's costs and choices (parallel_grouping.py):
# Partial HashAggregate / GroupAggregate per participant, Finalize HashAggregate /
# GroupAggregate above a Gather (Merge), or the serial grouping over a Gather (Merge),
# whichever add_path keeps (a sorted result wins a fuzzy tie). Compared line by line
# with PostgreSQL 15.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxg_t",
    "CREATE TABLE rxg_t (id int, k int, t text, n numeric)",
    "INSERT INTO rxg_t SELECT g, g % 100, 'v' || (g % 7), g / 4.0 "
    "FROM generate_series(1, 20000) g",
    "ANALYZE rxg_t",
]

ZERO = ["SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0",
        "SET min_parallel_table_scan_size = 0"]
LOW = ["SET min_parallel_table_scan_size = 8"]
CASES = {
    "hashed": (ZERO, "SELECT k, count(*) FROM rxg_t GROUP BY k"),
    "expression key": (ZERO, "SELECT k % 10, count(*), sum(id), avg(id) FROM rxg_t "
                             "GROUP BY k % 10"),
    "few text groups": (ZERO, "SELECT t, count(*) FROM rxg_t GROUP BY t HAVING count(*) > 400"),
    "numeric states": (ZERO, "SELECT t, sum(n), avg(n), max(n) FROM rxg_t GROUP BY t"),
    "sorted strategies": (ZERO + ["SET enable_hashagg = off"],
                          "SELECT k, count(*), max(t) FROM rxg_t GROUP BY k"),
    "distinct aggregate": (ZERO, "SELECT k, count(DISTINCT t) FROM rxg_t GROUP BY k"),
    "default costs": (LOW, "SELECT k, count(*) FROM rxg_t GROUP BY k"),
    "default costs two keys": (LOW, "SELECT t, k % 3, sum(id) FROM rxg_t GROUP BY t, k % 3"),
    "many groups": (LOW, "SELECT id, count(*) FROM rxg_t GROUP BY id"),
}


@pytest.fixture(scope="module")
def table(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxg_t"])


@pytest.mark.parametrize("case", list(CASES))
def test_parallel_group_costs_match_postgresql(table, oracle, pgsnake_server, case):
    settings, query = CASES[case]
    theirs = explain_lines(oracle, settings, query)
    assert explain_lines(pgsnake_server, settings, query) == theirs
