# work_mem is honoured by Sort on a running server, as in PostgreSQL: a sort larger than
# work_mem spills to base/pgsql_tmp (EXPLAIN ANALYZE: "Sort Method: external merge
# Disk: ..."), a small one stays in memory ("quicksort  Memory: ..."), one under a LIMIT
# keeps only the rows it needs ("top-N heapsort"), results are the
# same as PostgreSQL's, and no temporary file is left behind, even after an error.
import os
import re

QUERY = ("SELECT g % 97 AS k, 'row ' || g::text AS v FROM generate_series(1, 30000) g "
         "ORDER BY k DESC, v")


def _run(server):
    with server.connect(autocommit=True) as conn:
        conn.execute("SET work_mem = '64kB'")
        rows = conn.execute(QUERY).fetchall()
        plan = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + QUERY)]
        conn.execute("RESET work_mem")
        small = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            "SELECT g FROM generate_series(1, 100) g ORDER BY g DESC")]
        top = [r[0] for r in conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
            "SELECT g FROM generate_series(1, 30000) g ORDER BY g % 1000 DESC, g LIMIT 10")]
        rows.append(conn.execute("SELECT g FROM generate_series(1, 30000) g "
                                 "ORDER BY g % 1000 DESC, g LIMIT 10 OFFSET 3").fetchall())
    methods = [re.sub(r"\d+kB", "NkB", line.strip()) for line in plan + small + top
               if "Sort Method" in line]
    return rows, methods


def _temp_files(server):
    directory = os.path.join(server.datadir, "base", "pgsql_tmp")
    return os.listdir(directory) if os.path.isdir(directory) else []


def test_sort_spills_beyond_work_mem_like_postgresql(oracle, pgsnake_server):
    ours = _run(pgsnake_server)
    assert ours == _run(oracle)
    assert ours[1] == ["Sort Method: external merge  Disk: NkB",
                       "Sort Method: quicksort  Memory: NkB",
                       "Sort Method: top-N heapsort  Memory: NkB"]
    assert _temp_files(pgsnake_server) == []


def test_spill_files_go_when_the_statement_fails(pgsnake_server):
    with pgsnake_server.connect(autocommit=True) as conn:
        conn.execute("SET work_mem = '64kB'")
        try:
            conn.execute("SELECT g, 1 / (g - 29999) FROM (SELECT g FROM generate_series(1, 30000) g "
                         "ORDER BY g DESC) s")
        except Exception as e:               # 22012 once the sorted rows reach g = 29999
            assert getattr(e, "sqlstate", None) == "22012"
        else:
            raise AssertionError("no error")
        assert _temp_files(pgsnake_server) == []
