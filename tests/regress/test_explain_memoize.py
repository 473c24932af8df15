# Memoize over a parameterised inner index scan (optimizer/memoize_paths.py,
# executor/memoize_nodes.py): chosen and costed as PostgreSQL 15 does after ANALYZE
# ("Cache Key", "Cache Mode"; binary over LATERAL items), enable_memoize = off dropping it, and EXPLAIN ANALYZE's
# Hits / Misses / Evictions / Overflows / Memory Usage line; also a cache too small for
# its keys (work_mem lowered) evicting entries while the join still returns every row.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rmz_c, rmz_d",
    "CREATE TABLE rmz_d (id int PRIMARY KEY, name text)",
    "CREATE TABLE rmz_c (id int PRIMARY KEY, d_id int, pad text)",
    "INSERT INTO rmz_d SELECT g, 'd' || g FROM generate_series(1, 1000) g",
    "INSERT INTO rmz_c SELECT g, g % 20 + 1, repeat('x', 50) FROM generate_series(1, 5000) g",
    "ANALYZE rmz_c",
    "ANALYZE rmz_d",
]

NO_MERGE_HASH = ["SET enable_mergejoin = off", "SET enable_hashjoin = off"]

CASES = [
    ([], "SELECT * FROM rmz_c c JOIN rmz_d d ON d.id = c.d_id"),
    ([], "SELECT * FROM rmz_c c JOIN rmz_d d ON d.id = c.d_id WHERE c.id < 500"),
    ([], "SELECT * FROM rmz_c c LEFT JOIN rmz_d d ON d.id = c.d_id WHERE c.id < 500"),
    (NO_MERGE_HASH, "SELECT * FROM rmz_c c JOIN rmz_d d ON d.id = c.d_id"),
    (NO_MERGE_HASH + ["SET enable_memoize = off"],
     "SELECT * FROM rmz_c c JOIN rmz_d d ON d.id = c.d_id"),
    (["SET enable_memoize = off"], "SELECT * FROM rmz_c c JOIN rmz_d d ON d.id = c.d_id "
                                   "WHERE c.id < 500"),
    # LATERAL items: "Cache Mode: binary" (the first without costs: a join's width counts
    # every column of its inputs here, see optimizer/README.md)
    ([], "(COSTS OFF) SELECT * FROM rmz_c c, LATERAL (SELECT * FROM rmz_d d WHERE d.id > c.d_id "
         "ORDER BY d.id LIMIT 2) s WHERE c.id < 500"),
    ([], "SELECT * FROM rmz_c c, LATERAL generate_series(1, c.d_id) g WHERE c.id < 100"),
]

ANALYZE = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rmz_c, rmz_d"])


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_memoize_plans_match_postgresql(tables, oracle, pgsnake_server, settings, query):
    assert explain_lines(pgsnake_server, settings, query) == explain_lines(oracle, settings, query)


def _run(server, settings, sql):
    with server.connect(autocommit=True) as conn:
        for s in settings:
            conn.execute(s)
        return [tuple(r) for r in conn.execute(sql)]


def test_memoize_analyze_counts_match_postgresql(tables, oracle, pgsnake_server):
    sql = ANALYZE + "SELECT * FROM rmz_c c JOIN rmz_d d ON d.id = c.d_id WHERE c.id < 500"
    ours = _run(pgsnake_server, NO_MERGE_HASH, sql)
    assert any("Hits: 479  Misses: 20" in r[0] for r in ours)
    assert ours == _run(oracle, NO_MERGE_HASH, sql)


def test_memoize_evicts_under_a_small_cache(tables, oracle, pgsnake_server):
    # 64kB of cache for 1000 distinct keys: entries are evicted, rows stay right.
    run_on_both((oracle, pgsnake_server), [
        "DROP TABLE IF EXISTS rmz_e",
        "CREATE TABLE rmz_e (id int PRIMARY KEY, d_id int)",
        "INSERT INTO rmz_e SELECT g, (g * 7) % 1000 + 1 FROM generate_series(1, 5000) g",
        "ANALYZE rmz_e"])
    settings = NO_MERGE_HASH + ["SET work_mem = '64kB'", "SET hash_mem_multiplier = 1"]
    sql = "SELECT count(*), sum(length(d.name)) FROM rmz_e e JOIN rmz_d d ON d.id = e.d_id"
    try:
        assert _run(pgsnake_server, settings, sql) == _run(oracle, settings, sql)
        plan = [r[0] for r in _run(pgsnake_server, settings, ANALYZE + sql)]
        stats = [line for line in plan if "Evictions:" in line]
        assert len(stats) == 1 and "Hits: 0  Misses: 5000" in stats[0]
        assert "Evictions: 0" not in stats[0] and "Overflows: 0" in stats[0]
    finally:
        run_on_both((oracle, pgsnake_server), ["DROP TABLE rmz_e"])
