# Parallel joins carry PostgreSQL's costs, not only its shape (parallel_joins.py): a
# join over a partial outer input costed over that input's share of the rows, its own
# rows the join's divided by the parallel divisor, the Gather over it returning the
# join's rows; Gathers below a serial join; Finalize / Partial Aggregate over a partial
# join; Parallel Hash Join over two partial inputs. Compared line by line with
# PostgreSQL 15.
# (Where the serial planner's join widths or merge join costs still differ, which this
# step does not change, the cases avoid them: every join column is also selected.)
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rxj_big, rxj_small, rxj_mid",
    "CREATE TABLE rxj_big (id int, k int, v text)",
    "INSERT INTO rxj_big SELECT g, g % 100, 'v' || g FROM generate_series(1, 20000) g",
    "CREATE TABLE rxj_small (k int PRIMARY KEY, name text)",
    "INSERT INTO rxj_small SELECT g, 'n' || g FROM generate_series(0, 99) g",
    "CREATE TABLE rxj_mid (id int, w int)",
    "INSERT INTO rxj_mid SELECT g, g % 7 FROM generate_series(1, 5000) g",
    "ANALYZE rxj_big", "ANALYZE rxj_small", "ANALYZE rxj_mid",
]

LOW = ["SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0",
       "SET min_parallel_table_scan_size = 0", "SET enable_parallel_hash = off"]
CASES = {
    "hash join": (LOW, "SELECT b.id, s.name FROM rxj_big b JOIN rxj_small s ON b.k = s.k"),
    "filtered inner": (LOW, "SELECT b.id FROM rxj_big b JOIN rxj_mid m ON b.id = m.id "
                            "WHERE m.w = 3"),
    "left join": (LOW, "SELECT b.v, m.w FROM rxj_big b LEFT JOIN rxj_mid m ON b.id = m.id"),
    "anti join": (LOW, "SELECT b.v FROM rxj_big b WHERE NOT EXISTS "
                       "(SELECT 1 FROM rxj_mid m WHERE m.id = b.id)"),
    "three tables": (LOW, "SELECT b.id, b.k, m.id, m.w, s.k FROM rxj_big b "
                          "JOIN rxj_mid m ON b.id = m.id JOIN rxj_small s ON s.k = b.k "
                          "WHERE m.w = 2"),
    "nested loop": (LOW + ["SET enable_hashjoin = off"],
                    "SELECT b.v, s.name FROM rxj_big b JOIN rxj_small s ON b.k = s.k"),
    "gathers below": (LOW, "SELECT b.id, m.w FROM rxj_big b JOIN rxj_mid m ON b.id = m.id "
                           "WHERE b.k = 5"),
    "partial aggregate": (LOW, "SELECT sum(b.k), max(s.k) FROM rxj_big b "
                               "JOIN rxj_small s ON b.k = s.k"),
    "parallel hash": (LOW[:3], "SELECT b.v, m.w FROM rxj_big b JOIN rxj_mid m ON b.id = m.id"),
    "parallel hash semi": (LOW[:3], "SELECT b.v FROM rxj_big b WHERE b.id IN "
                                    "(SELECT id FROM rxj_mid WHERE w = 1)"),
    "parallel hash anti": (LOW[:3], "SELECT b.v FROM rxj_big b WHERE NOT EXISTS "
                                    "(SELECT 1 FROM rxj_mid m WHERE m.id = b.id)"),
    "parallel hash left": (LOW[:3], "SELECT b.id, m.w FROM rxj_big b LEFT JOIN rxj_mid m "
                                    "ON b.id = m.id"),
    "order by over gather": (LOW[:3], "SELECT b.id, m.w FROM rxj_big b JOIN rxj_mid m "
                                      "ON b.id = m.id ORDER BY m.w, b.id"),
    "order by over serial": (LOW, "SELECT b.v, s.name FROM rxj_big b JOIN rxj_small s "
                                  "ON b.k = s.k WHERE b.id < 100 ORDER BY s.name, b.v"),
    "order by default costs": (["SET min_parallel_table_scan_size = 8"],
                               "SELECT b.id, m.w FROM rxj_big b JOIN rxj_mid m "
                               "ON b.id = m.id ORDER BY m.w, b.id"),
    "setup cost": (["SET min_parallel_table_scan_size = 8", "SET enable_parallel_hash = off"],
                   "SELECT b.v, s.name FROM rxj_big b JOIN rxj_small s ON b.k = s.k "
                   "WHERE b.id % 10 = 3"),
    "serial wins": (["SET enable_parallel_hash = off"],
                    "SELECT b.v, s.name FROM rxj_big b JOIN rxj_small s ON b.k = s.k"),
}


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rxj_big, rxj_small, rxj_mid"])


@pytest.mark.parametrize("case", list(CASES))
def test_parallel_join_costs_match_postgresql(tables, oracle, pgsnake_server, case):
    settings, query = CASES[case]
    theirs = explain_lines(oracle, settings, query)
    assert explain_lines(pgsnake_server, settings, query) == theirs
