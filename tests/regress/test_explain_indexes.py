# EXPLAIN over B-tree indexes prints the same text as PostgreSQL 15, costs included:
# Index Scan for a unique key, Index Only Scan when the index holds every column asked
# for, Bitmap Heap Scan for a non-unique key, a range, or a clause written backwards,
# Seq Scan when the index would cost more, and the enable_* settings that steer among
# them. The statistics come from CREATE INDEX (relpages / reltuples), as in PostgreSQL.
# (Keys are distinct: pgsnake's B-tree does not deduplicate yet, so an index full of
# duplicates has more pages, and costs more, than PostgreSQL's.)
import pytest

SETUP = [
    "DROP TABLE IF EXISTS rxi_s, rxi_m",
    "CREATE TABLE rxi_s (a int PRIMARY KEY, b int, c text)",
    "INSERT INTO rxi_s SELECT g, (g * 7) % 5003, 'row ' || g::text FROM generate_series(1, 5000) g",
    "CREATE INDEX rxi_s_b ON rxi_s (b)",
    "CREATE INDEX rxi_s_cb ON rxi_s (c, b)",
    "CREATE TABLE rxi_m (x int, y int, UNIQUE (x, y))",
]

CASES = [
    ([], "SELECT * FROM rxi_s WHERE a = 42"),
    ([], "SELECT a FROM rxi_s WHERE a = 42"),
    ([], "SELECT * FROM rxi_s WHERE 42 = a"),
    ([], "SELECT * FROM rxi_s WHERE a = 42::bigint"),
    ([], "SELECT * FROM rxi_s WHERE a = 42 AND b > 3"),
    ([], "SELECT * FROM rxi_s WHERE b = 7"),
    ([], "SELECT b FROM rxi_s WHERE b = 7"),
    ([], "SELECT * FROM rxi_s WHERE a > 10 AND a < 20"),
    ([], "SELECT * FROM rxi_s WHERE a < 20"),
    ([], "SELECT * FROM rxi_s WHERE b < 3"),
    ([], "SELECT * FROM rxi_s WHERE c = 'row 9'"),
    ([], "SELECT * FROM rxi_s WHERE c = 'row 9' AND b = 9"),
    ([], "SELECT * FROM rxi_s WHERE a IS NULL"),
    ([], "SELECT * FROM rxi_m WHERE x = 1"),
    ([], "SELECT * FROM rxi_m WHERE x = 1 AND y = 2"),
    ([], "SELECT * FROM rxi_m WHERE y = 2"),
    (["SET enable_bitmapscan = off"], "SELECT * FROM rxi_s WHERE b = 7"),
    (["SET enable_indexscan = off"], "SELECT * FROM rxi_s WHERE a = 42"),
    (["SET enable_indexscan = off", "SET enable_bitmapscan = off"], "SELECT * FROM rxi_s WHERE a = 42"),
    ([], "UPDATE rxi_s SET c = 'x' WHERE a = 42"),
    ([], "DELETE FROM rxi_s WHERE b = 7"),
    ([], "SELECT * FROM rxi_s WHERE a = 42 FOR UPDATE"),
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            for sql in SETUP:
                conn.execute(sql)
    yield
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP TABLE rxi_s, rxi_m")


def _explain(server, settings, query):
    with server.connect(autocommit=True) as conn:
        for sql in settings:
            conn.execute(sql)
        return [row[0] for row in conn.execute("EXPLAIN " + query)]


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_index_plans_match_postgresql(tables, oracle, pgsnake_server, settings, query):
    assert _explain(pgsnake_server, settings, query) == _explain(oracle, settings, query)
