# Proves that parse analysis resolves names and types as PostgreSQL does: the error
# SQLSTATEs, messages and positions for unknown/ambiguous columns and tables, ungrouped
# columns and aggregates in WHERE; output column names; and $n parameter typing.
import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError


@pytest.fixture
def db(sql):
    sql.create_table("t", [("a", 23), ("b", 25)])
    sql.create_table("u", [("a", 23), ("c", 23)])
    return sql


def prepare(text, param_types=()):
    (raw,) = parse_sql(text)
    return prepare_statement(raw, list(param_types))


def error_of(text):
    with pytest.raises(PgError) as info:
        prepare(text)
    return info.value.sqlstate, info.value.message, info.value.position


@pytest.mark.parametrize("text, expected", [
    ("select x from t", ("42703", 'column "x" does not exist', 8)),
    ("select t.x from t", ("42703", "column t.x does not exist", 8)),
    ("select a from t, u", ("42702", 'column reference "a" is ambiguous', 8)),
    ("select * from nope", ("42P01", 'relation "nope" does not exist', 15)),
    ("select v.a from t", ("42P01", 'missing FROM-clause entry for table "v"', 8)),
    ("select b, count(*) from t", ("42803", 'column "t.b" must appear in the GROUP BY clause '
                                            'or be used in an aggregate function', 8)),
    ("select a from t group by b", ("42803", 'column "t.a" must appear in the GROUP BY clause '
                                             'or be used in an aggregate function', 8)),
    ("select a from t where count(*) > 1", ("42803", "aggregate functions are not allowed in WHERE", 23)),
    ("select * from t order by 5", ("42P10", "ORDER BY position 5 is not in select list", 26)),
    ("select * from t where a", ("42804", "argument of WHERE must be type boolean, not type integer", 23)),
    ("insert into t values (1, 'x', 3)", ("42601", "INSERT has more expressions than target columns", 31)),
    ("insert into t (zz) values (1)", ("42703", 'column "zz" of relation "t" does not exist', 16)),
    ("select * from t where a = 'x'", ("22P02", 'invalid input syntax for type integer: "x"', 27)),
    ("select * from t, t", ("42712", 'table name "t" specified more than once', None)),
    ("insert into t values (1), (2, 'x')", ("42601", "VALUES lists must all be the same length", 28)),
    ("insert into t (a, b) values (1)", ("42601", "INSERT has more target columns than expressions", 19)),
])
def test_errors_match_postgresql(db, text, expected):
    assert error_of(text) == expected


def test_unknown_function_and_operator_are_42883(db):
    assert error_of("select foo(1)")[0] == "42883"
    assert error_of("select 1 ## 2")[0] == "42883"


def test_output_column_names(db):
    prepared = prepare("select a, t.b, count(*), sum(a), 1, 1::int, a + 1 as plus, "
                       "lower(b), coalesce(a, 0), case when a > 0 then 1 end, date '2024-01-02', "
                       "current_date from t group by a, b")
    assert [c.name for c in prepared.columns] == [
        "a", "b", "count", "sum", "?column?", "int4", "plus", "lower", "coalesce", "case",
        "date", "current_date"]


def test_result_columns_carry_table_oid_and_attnum(db):
    prepared = prepare("select b, a, a + 1 from t")
    t = db.relations["t"]
    assert [(c.table_oid, c.attnum) for c in prepared.columns] == [(t.oid, 2), (t.oid, 1), (0, 0)]
    assert [c.type_oid for c in prepared.columns] == [25, 23, 23]


def test_untyped_parameters_take_their_type_from_context(db):
    assert prepare("select * from t where a = $1", [0]).param_types == [23]
    assert prepare("select * from t where b = $1 and a > $2").param_types == [25, 23]
    assert prepare("select $1").param_types == [25]
    assert prepare("select * from t where a = $1", [20]).param_types == [20]


def test_unknown_literal_output_is_text(db):
    assert prepare("select 'x'").columns[0].type_oid == 25


def test_star_expands_using_columns_once(db):
    prepared = prepare("select * from t join u using (a)")
    assert [c.name for c in prepared.columns] == ["a", "b", "c"]
