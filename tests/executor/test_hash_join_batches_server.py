# work_mem is honoured by Hash Join on a running server: an inner side larger than
# work_mem x hash_mem_multiplier is split into batches through base/pgsql_tmp
# (EXPLAIN ANALYZE shows "Batches: n" with n > 1, as PostgreSQL does), inner, LEFT,
# RIGHT and FULL joins give PostgreSQL's rows, and no temporary file is left behind.
import os
import re

import pytest

SETUP = [
    "DROP TABLE IF EXISTS hjb_a", "DROP TABLE IF EXISTS hjb_b",
    "CREATE TABLE hjb_a (k int4, v text)", "CREATE TABLE hjb_b (k int4, w text)",
    "INSERT INTO hjb_a SELECT g % 3000, 'a' || g::text FROM generate_series(1, 6000) g",
    "INSERT INTO hjb_a VALUES (NULL, 'a-null')",
    "INSERT INTO hjb_b SELECT g, 'b' || g::text FROM generate_series(1500, 4500) g",
    "INSERT INTO hjb_b VALUES (NULL, 'b-null')",
]
JOINS = {
    "inner": "SELECT a.v, b.w FROM hjb_a a JOIN hjb_b b ON a.k = b.k",
    "left": "SELECT a.v, b.w FROM hjb_a a LEFT JOIN hjb_b b ON a.k = b.k",
    "right": "SELECT a.v, b.w FROM hjb_a a RIGHT JOIN hjb_b b ON a.k = b.k",
    # FULL: unmatched rows of both sides, per batch; a join filter decides matching
    "full": "SELECT a.v, b.w FROM hjb_a a FULL JOIN hjb_b b ON a.k = b.k",
    "full_filter": "SELECT a.v, b.w FROM hjb_a a FULL JOIN hjb_b b "
                   "ON a.k = b.k AND length(a.v) < length(b.w)",
}


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            for sql in SETUP:
                conn.execute(sql)
    yield
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP TABLE hjb_a")
            conn.execute("DROP TABLE hjb_b")


def _run(server, query):
    with server.connect(autocommit=True) as conn:
        conn.execute("SET work_mem = '64kB'")
        conn.execute("SET enable_mergejoin = off")
        conn.execute("SET enable_nestloop = off")
        rows = sorted(conn.execute(query).fetchall(), key=repr)
        plan = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + query)]
    batches = [int(m.group(1)) for line in plan for m in [re.search(r"Batches: (\d+)", line)] if m]
    return rows, batches


@pytest.mark.parametrize("kind", sorted(JOINS))
def test_hash_join_batches_beyond_work_mem(tables, oracle, pgsnake_server, kind):
    ours, our_batches = _run(pgsnake_server, JOINS[kind])
    theirs, their_batches = _run(oracle, JOINS[kind])
    assert ours == theirs
    assert their_batches and their_batches[0] > 1        # PostgreSQL batches too
    assert our_batches and our_batches[0] > 1
    directory = os.path.join(pgsnake_server.datadir, "base", "pgsql_tmp")
    assert not os.path.isdir(directory) or os.listdir(directory) == []
