# work_mem is honoured by HashAggregate on a running server: beyond work_mem x
# hash_mem_multiplier, the input rows of groups not in memory are spilled to partition
# files in base/pgsql_tmp and aggregated afterwards (EXPLAIN ANALYZE: "Batches: n" with
# n > 1 and "Disk Usage"), giving PostgreSQL's groups; no temporary file is left.
import os
import re

QUERY = ("SELECT g % 5000 AS k, count(*), sum(g), max('v' || g::text) "
         "FROM generate_series(1, 40000) g GROUP BY g % 5000")


def _run(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("SET work_mem = '64kB'")
        conn.execute("SET enable_sort = off")       # HashAggregate on both
        rows = sorted(conn.execute(QUERY).fetchall())
        plan = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + QUERY)]
    return rows, plan


def test_hash_aggregate_spills_beyond_work_mem(oracle, pgsnake_server):
    ours, our_plan = _run(pgsnake_server)
    theirs, their_plan = _run(oracle)
    assert ours == theirs
    for plan in (our_plan, their_plan):
        assert plan[0].startswith("HashAggregate")
        batches = [int(m.group(1)) for line in plan for m in [re.search(r"Batches: (\d+)", line)] if m]
        assert batches and batches[0] > 1, plan
        assert any("Disk Usage" in line for line in plan)
    directory = os.path.join(pgsnake_server.datadir, "base", "pgsql_tmp")
    assert not os.path.isdir(directory) or os.listdir(directory) == []
