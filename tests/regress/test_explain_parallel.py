# Parallel plans carry PostgreSQL's costs, not only its shape: the Parallel Seq Scan's
# CPU cost and rows divided by the parallel divisor (workers plus the leader's share),
# the Gather's parallel_setup_cost and parallel_tuple_cost, the worker count from the
# table's pages (compute_parallel_worker's log3 rule) and the add_path choice against
# the serial Seq Scan; Partial / Finalize Aggregate costs (transition, combine, final
# functions); Gather Merge over sorted partial scans (cost_gather_merge), compared line by line with PostgreSQL 15. The thresholds are lowered so
# that a 20000-row table is big enough.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxp_t",
    "CREATE TABLE rxp_t (a int, b text, n numeric, i int8)",
    "INSERT INTO rxp_t SELECT g, 'v' || g, g / 3.0, g * 1000 FROM generate_series(1, 20000) g",
    "ANALYZE rxp_t",
]

LOW = ["SET parallel_setup_cost = 10", "SET min_parallel_table_scan_size = 8"]
CASES = {
    "two workers": (LOW, "SELECT * FROM rxp_t WHERE a < 100"),
    "serial wins": (LOW, "SELECT * FROM rxp_t WHERE a > 100"),
    "log3 rule": (LOW[:1] + ["SET min_parallel_table_scan_size = 1",
                             "SET max_parallel_workers_per_gather = 8"],
                  "SELECT a FROM rxp_t WHERE b = 'v7'"),
    "no leader": (LOW + ["SET parallel_leader_participation = off"],
                  "SELECT * FROM rxp_t WHERE a < 100"),
    "tuple cost": (LOW + ["SET parallel_tuple_cost = 0.001"],
                   "SELECT * FROM rxp_t WHERE a > 100"),
    "limit": (LOW, "SELECT * FROM rxp_t WHERE a < 100 LIMIT 5"),
    "limit most": (LOW, "SELECT * FROM rxp_t WHERE a < 100 LIMIT 95 OFFSET 2"),
    "too small": (["SET parallel_setup_cost = 10"], "SELECT * FROM rxp_t WHERE a < 100"),
    "partial count": (LOW, "SELECT count(*) FROM rxp_t"),
    "partial aggregates": (LOW, "SELECT count(a), sum(a), avg(a), min(b), max(a) FROM rxp_t "
                                "WHERE a % 3 = 0"),
    "min max": (LOW, "SELECT max(b), min(a) FROM rxp_t WHERE b <> 'v1'"),
    "shared numeric states": (LOW, "SELECT sum(i), avg(i), sum(n), avg(n), max(n) FROM rxp_t"),
    "aggregate over gather": (LOW, "SELECT count(*) FROM rxp_t WHERE a < 3"),
    "gather merge": (LOW + ["SET parallel_tuple_cost = 0.001"],
                     "SELECT * FROM rxp_t WHERE a % 5 = 0 ORDER BY b"),
    "gather merge limit": (LOW + ["SET parallel_tuple_cost = 0.001"],
                           "SELECT * FROM rxp_t ORDER BY b DESC LIMIT 10"),
    "serial sort": (LOW, "SELECT * FROM rxp_t WHERE a < 50 ORDER BY b"),
    "verbose": (LOW, "(VERBOSE) SELECT b, a FROM rxp_t WHERE a < 100"),
    "computed select list": (LOW, "SELECT a + 1, upper(b) FROM rxp_t WHERE a < 100"),
    "computed select list sorted": (LOW, "SELECT a * 2, b FROM rxp_t WHERE a % 5 = 0 ORDER BY b"),
    "verbose gather merge": (LOW + ["SET parallel_tuple_cost = 0.001"],
                             "(VERBOSE) SELECT a FROM rxp_t WHERE a % 5 = 0 ORDER BY b"),
    "json": (LOW, "(FORMAT JSON, COSTS OFF) SELECT count(*) FROM rxp_t"),
    "yaml gather merge": (LOW + ["SET parallel_tuple_cost = 0.001"],
                          "(FORMAT YAML) SELECT * FROM rxp_t WHERE a % 5 = 0 ORDER BY b"),
}


@pytest.fixture(scope="module")
def table(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxp_t"])


@pytest.mark.parametrize("case", list(CASES))
def test_parallel_costs_match_postgresql(table, oracle, pgsnake_server, case):
    settings, query = CASES[case]
    theirs = explain_lines(oracle, settings, query)
    assert explain_lines(pgsnake_server, settings, query) == theirs
