# EXPLAIN text of LATERAL joins, UPDATE ... FROM / DELETE ... USING and MERGE equals
# PostgreSQL 15's, properties included (which tests/regress/sql scripts, comparing plan
# shapes only, do not check): the outer value printed where a nested-loop parameter is
# used ("Filter: (grp = a.grp)"), the parameter's equality placed after the other
# filters as an equivalence-class clause, costs and widths of re-scanned Limit /
# Aggregate inner sides, Subquery Scans left out where PostgreSQL removes them, "Update
# on t alias", and EXPLAIN ANALYZE's "Tuples:" line for MERGE.
import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS rl_a",
    "DROP TABLE IF EXISTS rl_b",
    "CREATE TABLE rl_a (id int4, grp int4, arr int4[], doc jsonb)",
    "CREATE TABLE rl_b (grp int4, score int4, name text)",
]

CASES = [
    "SELECT a.id, t.name FROM rl_a a, LATERAL (SELECT name FROM rl_b b WHERE b.grp = a.grp "
    "ORDER BY score DESC LIMIT 3) t",
    "SELECT a.id, t.n FROM rl_a a LEFT JOIN LATERAL (SELECT count(*) AS n FROM rl_b b "
    "WHERE b.grp = a.grp AND b.score > 8) t ON true",
    "(COSTS OFF) SELECT a.id, t.x FROM rl_a a, LATERAL (SELECT name || 'x' AS x FROM rl_b b "
    "WHERE b.grp = a.grp ORDER BY score LIMIT 3) t",
    "SELECT a.id, u FROM rl_a a CROSS JOIN LATERAL unnest(a.arr) u",
    "SELECT * FROM rl_a a, LATERAL jsonb_each(a.doc) e WHERE e.value IS NOT NULL",
    "SELECT a.id, g FROM rl_a a, generate_series(1, a.id) g",
    "SELECT count(*) FROM generate_series(1, 3)",
    "(COSTS OFF) SELECT a.id, e.key FROM rl_a a, jsonb_each(a.doc) e WHERE e.key <> 'x'",
    "SELECT * FROM (SELECT name, grp FROM rl_b LIMIT 3) t",
    "SELECT count(*) FROM (SELECT name, grp FROM rl_b LIMIT 3) t",
    "SELECT t.name FROM (SELECT name, grp FROM rl_b ORDER BY score LIMIT 3) t",
    "SELECT * FROM (SELECT name, grp FROM rl_b LIMIT 3) t ORDER BY grp",
    "SELECT * FROM (SELECT name, grp FROM rl_b LIMIT 3) t, rl_a a WHERE a.grp = t.grp",
    "UPDATE rl_a a SET grp = b.score FROM rl_b b WHERE b.grp = a.id",
    "DELETE FROM rl_a a USING rl_b b WHERE b.grp = a.id AND b.score > 3",
    "UPDATE rl_a a SET grp = 1",
    "MERGE INTO rl_a a USING rl_b b ON b.grp = a.id WHEN MATCHED THEN DELETE",
    "(COSTS OFF) MERGE INTO rl_a a USING (SELECT grp, max(score) AS m FROM rl_b GROUP BY grp) b "
    "ON b.grp = a.id WHEN MATCHED THEN UPDATE SET grp = b.m",
]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE rl_a", "DROP TABLE rl_b"])


@pytest.mark.parametrize("query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_explain_text_matches_postgresql(tables, oracle, pgsnake_server, query):
    assert explain_lines(pgsnake_server, [], query) == explain_lines(oracle, [], query)


def _merge_analyze_lines(server) -> list[str]:
    statements = [
        "DELETE FROM rl_a", "DELETE FROM rl_b",
        "INSERT INTO rl_a VALUES (1, 1), (2, 2), (3, 3)",
        "INSERT INTO rl_b VALUES (1, 10), (2, 20), (2, 21), (4, 40), (5, 50)",
    ]
    with server.connect(autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)
        rows = conn.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) MERGE INTO rl_a a "
            "USING rl_b b ON b.grp = a.id WHEN MATCHED AND b.score = 10 THEN UPDATE SET "
            "grp = 0 WHEN MATCHED AND b.score = 20 THEN DELETE WHEN NOT MATCHED AND "
            "b.grp = 4 THEN INSERT VALUES (b.grp, b.score)").fetchall()
        conn.execute("DELETE FROM rl_a")
        conn.execute("DELETE FROM rl_b")
    return [row[0] for row in rows if row[0].startswith(("Merge on", "  Tuples"))]


def test_merge_explain_analyze_counts_tuples(tables, oracle, pgsnake_server):
    """Merge on ... / Tuples: inserted=1 updated=1 deleted=1 skipped=2: source rows that
    no WHEN clause took are counted as skipped."""
    assert _merge_analyze_lines(pgsnake_server) == _merge_analyze_lines(oracle)
