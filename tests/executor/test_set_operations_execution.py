# Proves the executor parts of set operations and WITH that the differential scripts
# reach only with small inputs: SetOp's row counts per operator, WITH TIES across batch
# boundaries (ties spanning several 1000-row batches), a data-modifying WITH query run
# once however many CTE Scans read it (and also when none does), a Recursive Union's
# rounds, and a CTE Scan read only as far as its reader needs (an endless recursion
# under LIMIT).
import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.executor.set_op_nodes import _copies, hashable_key
from pgsnake.parser.raw_parser import parse_sql


def rows(text):
    result = None
    for raw in parse_sql(text):
        result = prepare_statement(raw, []).execute([])
    return result.rows


@pytest.mark.parametrize("op,all_rows,left,right,expected", [
    ("intersect", False, 3, 2, 1), ("intersect", False, 3, 0, 0),
    ("intersect", True, 3, 2, 2), ("intersect", True, 1, 5, 1),
    ("except", False, 3, 0, 1), ("except", False, 3, 1, 0),
    ("except", True, 3, 1, 2), ("except", True, 1, 3, 0),
])
def test_setop_copies_per_group(op, all_rows, left, right, expected):
    assert _copies(op, all_rows, left, right) == expected


def test_hashable_key_freezes_arrays_only():
    key = hashable_key([1, [2, [3]], None, "x"])
    assert key == (1, (2, (3,)), None, "x")
    assert hash(key) == hash((1, (2, (3,)), None, "x"))


def test_with_ties_spans_batches(sql):
    sql.create_table("ties", [("k", 23), ("v", 23)])
    rows("INSERT INTO ties VALUES " + ", ".join(f"(1, {g})" for g in range(2500)))
    rows("INSERT INTO ties VALUES " + ", ".join(f"(2, {g})" for g in range(10)))
    got = rows("SELECT k FROM ties ORDER BY k FETCH FIRST 1 ROW WITH TIES")
    assert len(got) == 2500 and {r[0] for r in got} == {1}
    got = rows("SELECT k FROM ties ORDER BY k OFFSET 2499 FETCH FIRST 2 ROWS WITH TIES")
    assert [r[0] for r in got] == [1] + [2] * 10


def test_modifying_with_query_runs_once_read_or_not(sql):
    sql.create_table("log", [("v", 23)])
    got = rows("WITH x AS (INSERT INTO log VALUES (1), (2) RETURNING v) "
               "SELECT a.v, b.v FROM x a, x b ORDER BY 1, 2")
    assert got == [[1, 1], [1, 2], [2, 1], [2, 2]]
    assert rows("SELECT count(*) FROM log") == [[2]]
    assert rows("WITH x AS (DELETE FROM log WHERE v = 1 RETURNING v) SELECT 7") == [[7]]
    assert rows("SELECT v FROM log") == [[2]]


def test_recursive_union_rounds_and_duplicates(sql):
    got = rows("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 1500) "
               "SELECT count(*), min(n), max(n) FROM t")
    assert got == [[1500, 1, 1500]]
    got = rows("WITH RECURSIVE t(n) AS (VALUES (1), (1) UNION SELECT (n + 1) % 4 FROM t) "
               "SELECT n FROM t ORDER BY n")
    assert got == [[0], [1], [2], [3]]


def test_endless_recursion_stops_at_limit(sql):
    got = rows("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) "
               "SELECT n FROM t LIMIT 3")
    assert got == [[1], [2], [3]]
