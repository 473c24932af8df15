# Proves that Merge Join (inner, left, right) returns exactly PostgreSQL 15's rows when both
# sides have duplicate keys and NULL keys (NULLs never match; unmatched rows are padded),
# and that the plans really are merge joins. Expected rows come from a real PostgreSQL 15.
import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql


def run(text):
    (raw,) = parse_sql(text)
    return prepare_statement(raw, []).execute([]).rows


@pytest.fixture
def db(sql):
    sql.create_table("ma", [("a", 23), ("x", 25)])
    sql.create_table("mb", [("a", 23), ("y", 25)])
    run("insert into ma values (1,'a1'),(1,'a2'),(2,'a3'),(NULL,'an'),(4,'a4')")
    run("insert into mb values (1,'b1'),(1,'b2'),(3,'b3'),(NULL,'bn'),(4,'b4'),(4,'b5')")
    return sql


def test_plans_are_merge_joins(db):
    assert run("explain (costs off) select x, y from ma join mb on ma.a = mb.a")[0] == ["Merge Join"]
    assert run("explain (costs off) select x, y from ma left join mb on ma.a = mb.a")[0] == ["Merge Left Join"]
    assert run("explain (costs off) select x, y from mb left join ma on ma.a = mb.a")[0][0].startswith("Merge")


def test_inner_join_duplicates_and_nulls(db):
    got = sorted(run("select x, y from ma join mb on ma.a = mb.a"))
    assert got == [["a1", "b1"], ["a1", "b2"], ["a2", "b1"], ["a2", "b2"], ["a4", "b4"], ["a4", "b5"]]


def test_inner_join_output_is_in_key_order(db):
    keys = [r[0] for r in run("select ma.a from ma join mb on ma.a = mb.a")]
    assert keys == sorted(keys)


def test_left_join_keeps_unmatched_and_null_keyed_rows(db):
    got = sorted(run("select x, y from ma left join mb on ma.a = mb.a"), key=lambda r: (r[0], r[1] or ""))
    assert got == [["a1", "b1"], ["a1", "b2"], ["a2", "b1"], ["a2", "b2"], ["a3", None],
                   ["a4", "b4"], ["a4", "b5"], ["an", None]]


def test_left_join_the_other_way_keeps_inner_side(db):
    got = sorted(run("select x, y from mb left join ma on ma.a = mb.a"), key=lambda r: (r[1], r[0] or ""))
    assert got == [["a1", "b1"], ["a2", "b1"], ["a1", "b2"], ["a2", "b2"], [None, "b3"],
                   ["a4", "b4"], ["a4", "b5"], [None, "bn"]]


def test_join_filter_decides_matches_of_left_join(db):
    got = sorted(run("select x, y from ma left join mb on ma.a = mb.a and mb.y <> 'b1'"),
                 key=lambda r: (r[0], r[1] or ""))
    assert got == [["a1", "b2"], ["a2", "b2"], ["a3", None], ["a4", "b4"], ["a4", "b5"], ["an", None]]


def test_right_join_emits_unmatched_inner_rows(db):
    # k (one int column) is estimated larger than ma, so ma becomes the outer side of a
    # Merge Right Join that must still keep every k row.
    db.create_table("k", [("a", 23)])
    run("insert into k values (1), (1), (5), (NULL)")
    plan = run("explain (costs off) select k.a, x from k left join ma on ma.a = k.a")
    assert plan[0] == ["Merge Right Join"]
    got = sorted(run("select k.a, x from k left join ma on ma.a = k.a"),
                 key=lambda r: (r[0] is None, r[0] or 0, r[1] or ""))
    assert got == [[1, "a1"], [1, "a1"], [1, "a2"], [1, "a2"], [5, None], [None, None]]
