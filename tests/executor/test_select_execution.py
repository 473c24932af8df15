# Proves that SELECT plans return PostgreSQL's answers: filters with three-valued logic,
# inner/left/USING joins, GROUP BY with aggregates and HAVING, ORDER BY with NULLS
# placement, DISTINCT, LIMIT/OFFSET, VALUES, subqueries in FROM, UNION ALL, expressions,
# parameters, and the command tag.
import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError


def run(text, params=(), param_types=()):
    results = []
    for raw in parse_sql(text):
        results.append(prepare_statement(raw, list(param_types)).execute(list(params)))
    return results[-1]


def rows(text, params=(), param_types=()):
    return run(text, params, param_types).rows


@pytest.fixture
def db(sql):
    sql.create_table("t", [("a", 23), ("b", 25)])
    sql.create_table("u", [("a", 23), ("c", 23)])
    run("insert into t values (1, 'x'), (2, 'y'), (3, null), (null, 'z')")
    run("insert into u values (1, 10), (1, 11), (3, 30), (4, 40)")
    return sql


def test_where_and_order_by(db):
    result = run("select a, b from t where a >= 2 order by a desc")
    assert result.rows == [[3, None], [2, "y"]]
    assert result.command_tag == "SELECT 2"


def test_nulls_sort_last_ascending_and_first_descending(db):
    assert rows("select a from t order by a") == [[1], [2], [3], [None]]
    assert rows("select a from t order by a desc") == [[None], [3], [2], [1]]
    assert rows("select a from t order by a nulls first") == [[None], [1], [2], [3]]


def test_order_by_alias_ordinal_and_hidden_expression(db):
    assert rows("select a as k from t where a is not null order by k desc") == [[3], [2], [1]]
    assert rows("select b from t where a is not null order by 1") == [["x"], ["y"], [None]]
    assert rows("select b from t where a is not null order by a desc") == [[None], ["y"], ["x"]]


def test_three_valued_logic(db):
    assert rows("select a from t where b <> 'x' order by a") == [[2], [None]]
    assert rows("select a from t where not (b = 'x') or b is null order by a") == [[2], [3], [None]]


def test_inner_join_and_left_join(db):
    assert rows("select t.a, c from t join u on t.a = u.a order by c") == [[1, 10], [1, 11], [3, 30]]
    assert rows("select t.a, c from t left join u on t.a = u.a order by t.a, c") == [
        [1, 10], [1, 11], [2, None], [3, 30], [None, None]]
    assert rows("select * from t join u using (a) order by c") == [
        [1, "x", 10], [1, "x", 11], [3, None, 30]]
    assert rows("select count(*) from t, u where t.a < u.a") == [[5]]


def test_where_on_nullable_side_filters_after_the_join(db):
    assert rows("select t.a from t left join u on t.a = u.a where u.c is null order by 1") == [
        [2], [None]]


def test_group_by_aggregates_and_having(db):
    assert rows("select a, count(*), sum(c), min(c), max(c) from u group by a order by a") == [
        [1, 2, 21, 10, 11], [3, 1, 30, 30, 30], [4, 1, 40, 40, 40]]
    assert rows("select a from u group by a having count(*) > 1") == [[1]]
    assert rows("select count(*), count(a), count(distinct b) from t") == [[4, 3, 3]]


def test_aggregate_of_no_rows(db):
    assert rows("select count(*), sum(a) from t where false") == [[0, None]]
    assert rows("select a, count(*) from t where false group by a") == []


def test_distinct_limit_offset(db):
    assert rows("select distinct a from u order by a") == [[1], [3], [4]]
    assert rows("select a from u order by c limit 2 offset 1") == [[1], [3]]
    with pytest.raises(PgError) as info:
        run("select a from u limit -1")
    assert info.value.sqlstate == "2201W"


def test_values_subquery_and_union_all(db):
    assert rows("values (1, 'a'), (2, 'b')") == [[1, "a"], [2, "b"]]
    assert rows("select s.k from (select a + 1 as k from u) s where s.k > 2 order by 1") == [
        [4], [5]]
    assert rows("select a from t where a = 1 union all select c from u where c = 10") == [[1], [10]]


def test_expressions(db):
    assert rows("select 1 + 2 * 3, coalesce(null, 5), nullif(1, 1), greatest(1, 7, 3), "
                "least(4, 2), case when 1 > 2 then 'a' else 'b' end, 2 between 1 and 3, "
                "3 in (1, 2), 'abc' like 'a%', null is null") == [
        [7, 5, None, 7, 2, "b", True, False, True, True]]


def test_parameters(db):
    assert rows("select b from t where a = $1", [2], [0]) == [["y"]]


def test_division_by_zero_comes_from_the_operator(db):
    with pytest.raises(PgError) as info:
        run("select a / 0 from u")
    assert info.value.sqlstate == "22012"


def test_select_without_from(db):
    result = run("select 1 as one")
    assert (result.rows, result.command_tag, result.columns[0].name) == ([[1]], "SELECT 1", "one")
