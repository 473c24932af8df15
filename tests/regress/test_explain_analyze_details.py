# EXPLAIN ANALYZE's detail lines under the plan nodes, compared with PostgreSQL 15 with
# every number masked (costs off, timing off): "Rows Removed by Filter" (scans, HAVING,
# a WindowAgg's filter, a join's other quals), "Rows Removed by Join Filter", an Index
# Only Scan's "Heap Fetches" (on an all-visible table and on one not vacuumed), a Bitmap Heap Scan's "Heap Blocks: exact=", Sort Method,
# and a Hash's / HashAggregate's batches and memory. The plans themselves must match too,
# so each case pins the plan shape with enable_* settings where pgsnake could pick
# another; a few counts PostgreSQL and pgsnake both know exactly are compared unmasked.
import re

import pytest

from regress.explain_support import explain_lines, run_on_both

SETUP = [
    "DROP TABLE IF EXISTS ead_a, ead_b",
    "CREATE TABLE ead_a (id int PRIMARY KEY, k int, v text)",
    "CREATE TABLE ead_b (id int PRIMARY KEY, a_id int, w int)",
    "INSERT INTO ead_a SELECT g, g % 10, 'v' || g FROM generate_series(1, 2000) g",
    "INSERT INTO ead_b SELECT g, g % 300 + 1, g % 7 FROM generate_series(1, 3000) g",
    "CREATE INDEX ead_a_k ON ead_a (k)",
    "VACUUM ANALYZE ead_a",
    "ANALYZE ead_b",                # not vacuumed: its pages are not all-visible
]

ANALYZE = "(ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
NO_INDEX = ["SET enable_indexscan = off", "SET enable_bitmapscan = off",
            "SET enable_indexonlyscan = off"]
NESTLOOP_ONLY = ["SET enable_hashjoin = off", "SET enable_mergejoin = off",
                 "SET enable_memoize = off"] + NO_INDEX

CASES = [
    # Seq Scan with a filter; one removing nothing prints no count
    (NO_INDEX, "SELECT * FROM ead_a WHERE v LIKE '%7'"),
    (NO_INDEX, "SELECT * FROM ead_a WHERE id > 0"),
    # Nested Loop: every rejected pair is a "Join Filter" removal, per outer row
    (NESTLOOP_ONLY, "SELECT * FROM (VALUES (1), (3), (5)) v(x) JOIN ead_b b "
                    "ON b.w < v.x AND b.id > 2990"),
    # Hash Join: a join qual besides the hash clause, and a WHERE on the nullable side
    (["SET enable_mergejoin = off"] + NO_INDEX,
     "SELECT * FROM ead_a a JOIN ead_b b ON b.a_id = a.id AND b.w < a.k"),
    (["SET enable_mergejoin = off"] + NO_INDEX,
     "SELECT * FROM ead_a a LEFT JOIN ead_b b ON b.a_id = a.id WHERE coalesce(b.w, 0) > 3"),
    # Hash Semi / Anti Join: the pairs met before the first match (newest inner first)
    (["SET enable_mergejoin = off"] + NO_INDEX,
     "SELECT * FROM ead_a a WHERE EXISTS (SELECT 1 FROM ead_b b WHERE b.a_id = a.id "
     "AND b.w > a.k)"),
    (["SET enable_mergejoin = off"] + NO_INDEX,
     "SELECT * FROM ead_a a WHERE NOT EXISTS (SELECT 1 FROM ead_b b WHERE b.a_id = a.id "
     "AND b.w > a.k)"),
    # both a join filter and a filter on an outer join
    (["SET enable_mergejoin = off"] + NO_INDEX,
     "SELECT * FROM ead_a a LEFT JOIN ead_b b ON b.a_id = a.id AND b.w > a.k "
     "WHERE b.w IS NULL OR b.w < 3"),
    # a correlated SubPlan's scan: removed rows per loop
    (["SET enable_bitmapscan = off"],
     "SELECT (SELECT count(*) FROM ead_b b WHERE b.a_id = a.id AND b.w > 3) FROM ead_a a "
     "WHERE a.id < 5"),
    # the scan under an UPDATE
    (NO_INDEX, "UPDATE ead_b SET w = w WHERE w = 100 AND a_id > 0"),
    # Merge Join with a join filter
    (["SET enable_hashjoin = off"] + NO_INDEX,
     "SELECT * FROM ead_a a JOIN ead_b b ON b.a_id = a.id AND b.w < a.k"),
    # HAVING on a HashAggregate (Batches / Memory Usage) and on a sorted Group
    (NO_INDEX, "SELECT a_id, count(*) FROM ead_b GROUP BY a_id HAVING count(*) > 9"),
    (NO_INDEX + ["SET enable_hashagg = off"],
     "SELECT a_id, count(*) FROM ead_b GROUP BY a_id HAVING sum(w) > 30"),
    # Sort Method
    (NO_INDEX, "SELECT * FROM ead_b ORDER BY w, id"),
    # A WindowAgg's filter from an enclosing WHERE
    (NO_INDEX, "SELECT * FROM (SELECT id, row_number() OVER (PARTITION BY a_id ORDER BY id) r, "
               "count(*) OVER (PARTITION BY a_id) c FROM ead_b) s WHERE c > r * 5"),
    # Index Only Scan (all-visible after VACUUM: no heap fetches) and Bitmap Heap Scan
    (["SET enable_seqscan = off", "SET enable_bitmapscan = off"],
     "SELECT k FROM ead_a WHERE k = 3"),
    (["SET enable_seqscan = off", "SET enable_indexscan = off"],
     "SELECT * FROM ead_a WHERE k = 3 AND v LIKE '%13'"),
    (["SET enable_seqscan = off", "SET enable_bitmapscan = off"],
     "SELECT id FROM ead_b WHERE id < 50"),
    # Subquery / Values / Function scans with filters
    (NO_INDEX, "SELECT * FROM (VALUES (1), (2), (3)) v(x) WHERE x > 1"),
    (NO_INDEX, "SELECT * FROM generate_series(1, 100) g WHERE g % 3 = 0"),
]

_NUMBER = re.compile(r"\d+")


def _masked(lines) -> list[str]:
    return [_NUMBER.sub("N", line) for line in lines]


@pytest.fixture(scope="module")
def tables(oracle, pgsnake_server):
    run_on_both((oracle, pgsnake_server), SETUP)
    yield
    run_on_both((oracle, pgsnake_server), ["DROP TABLE ead_a, ead_b"])


@pytest.mark.parametrize("settings,query", CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_detail_lines_match_postgresql(tables, oracle, pgsnake_server, settings, query):
    ours = explain_lines(pgsnake_server, settings, ANALYZE + query)
    theirs = explain_lines(oracle, settings, ANALYZE + query)
    assert _masked(ours) == _masked(theirs)


def test_exact_counts_match_postgresql(tables, oracle, pgsnake_server):
    # Counts that do not depend on storage details are the same numbers on both.
    cases = [
        (NO_INDEX, "SELECT * FROM ead_a WHERE v LIKE '%7'"),
        (NESTLOOP_ONLY, "SELECT * FROM (VALUES (1), (3), (5)) v(x) JOIN ead_b b "
                        "ON b.w < v.x AND b.id > 2990"),
        (["SET enable_mergejoin = off"] + NO_INDEX,
         "SELECT * FROM ead_a a LEFT JOIN ead_b b ON b.a_id = a.id "
         "WHERE coalesce(b.w, 0) > 3"),
        (NO_INDEX, "SELECT a_id, count(*) FROM ead_b GROUP BY a_id HAVING sum(w) > 30"),
        (["SET enable_mergejoin = off"] + NO_INDEX,
         "SELECT * FROM ead_a a WHERE NOT EXISTS (SELECT 1 FROM ead_b b "
         "WHERE b.a_id = a.id AND b.w > a.k)"),
        (["SET enable_bitmapscan = off"],
         "SELECT (SELECT count(*) FROM ead_b b WHERE b.a_id = a.id AND b.w > 3) "
         "FROM ead_a a WHERE a.id < 5"),
        (["SET enable_seqscan = off", "SET enable_bitmapscan = off"],
         "SELECT k FROM ead_a WHERE k = 3"),
        (["SET enable_seqscan = off", "SET enable_bitmapscan = off"],
         "SELECT id FROM ead_b WHERE id < 50"),
    ]
    for settings, query in cases:
        ours = [line for line in explain_lines(pgsnake_server, settings, ANALYZE + query)
                if "Removed" in line or "Heap Fetches" in line]
        theirs = [line for line in explain_lines(oracle, settings, ANALYZE + query)
                    if "Removed" in line or "Heap Fetches" in line]
        assert ours and ours == theirs, query
