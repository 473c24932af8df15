# Proves INSERT/UPDATE/DELETE semantics: column lists, defaults, DEFAULT, INSERT ... SELECT,
# RETURNING, command tags, NOT NULL errors with PostgreSQL's detail text, varchar length
# checks, that later statements see earlier changes (command counter), and the READ
# COMMITTED re-check of a row updated concurrently (EvalPlanQual, simplified).
import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError


def run(text, params=()):
    (raw,) = parse_sql(text)
    return prepare_statement(raw, []).execute(list(params))


@pytest.fixture
def db(sql):
    sql.create_table("t", [("id", 23, -1, True), ("name", 1043, 7), ("n", 23)], defaults={3: "40 + 2"})
    return sql


def test_insert_tags_defaults_and_returning(db):
    assert run("insert into t values (1, 'a', 5), (2, 'b', default)").command_tag == "INSERT 0 2"
    result = run("insert into t (name, id) values ('c', 3) returning id, n, name")
    assert (result.command_tag, result.rows) == ("INSERT 0 1", [[3, 42, "c"]])
    assert [c.name for c in result.columns] == ["id", "n", "name"]
    assert run("select id, n from t order by id").rows == [[1, 5], [2, 42], [3, 42]]
    assert db.counter_increments >= 2


def test_insert_without_column_list_may_omit_trailing_columns(db):
    assert run("insert into t values (7) returning *").rows == [[7, None, 42]]


def test_insert_select(db):
    run("insert into t values (1, 'a', 5)")
    assert run("insert into t select id + 10, name, n from t").command_tag == "INSERT 0 1"
    assert run("select id from t order by id").rows == [[1], [11]]


def test_not_null_violation(db):
    with pytest.raises(PgError) as info:
        run("insert into t (name) values ('x')")
    err = info.value
    assert err.sqlstate == "23502"
    assert err.message == 'null value in column "id" of relation "t" violates not-null constraint'
    assert err.detail == "Failing row contains (null, x, 42)."


def test_varchar_length_check(db):
    with pytest.raises(PgError) as info:
        run("insert into t values (1, 'abcd', 1)")
    assert info.value.sqlstate == "22001"
    assert run("insert into t values (1, 'abcd'::varchar(3), 1) returning name").rows == [["abc"]]


def test_update_and_delete_with_returning(db):
    run("insert into t values (1, 'a', 5), (2, 'b', 6), (3, 'c', 7)")
    result = run("update t set n = n * 10 where id >= 2 returning id, n")
    assert result.command_tag == "UPDATE 2"
    assert sorted(result.rows) == [[2, 60], [3, 70]]
    result = run("delete from t where n > 60 returning *")
    assert (result.command_tag, result.rows) == ("DELETE 1", [[3, "c", 70]])
    assert run("select id, n from t order by id").rows == [[1, 5], [2, 60]]
    assert run("update t set name = default where id = 1").command_tag == "UPDATE 1"
    assert run("select name from t where id = 1").rows == [[None]]


def test_update_rechecks_a_concurrently_updated_row(db):
    run("insert into t values (1, 'a', 5), (2, 'b', 5)")
    tids = {values[0]: tid for tid, values in db.rows[db.relations["t"].oid].items()}
    # Another session committed n = 100 on row 1 and n = 6 on row 2 after our snapshot.
    db.concurrent_updates[(db.relations["t"].oid, tids[1])] = [1, "a", 100]
    db.concurrent_updates[(db.relations["t"].oid, tids[2])] = [2, "b", 6]
    result = run("update t set n = n + 1 where n < 10 returning id, n")
    # Row 1 no longer qualifies on its newest version; row 2 does, and is updated from it.
    assert (result.command_tag, result.rows) == ("UPDATE 1", [[2, 7]])
    assert run("select id, n from t order by id").rows == [[1, 100], [2, 7]]


def test_delete_skips_a_row_whose_new_version_no_longer_qualifies(db):
    run("insert into t values (1, 'a', 5)")
    (tid,) = db.rows[db.relations["t"].oid]
    db.concurrent_updates[(db.relations["t"].oid, tid)] = [1, "a", 50]
    assert run("delete from t where n = 5").command_tag == "DELETE 0"
    assert run("select n from t").rows == [[50]]


def test_assignment_type_error(db):
    with pytest.raises(PgError) as info:
        run("update t set n = true")
    assert info.value.sqlstate == "42804"
    assert info.value.message == 'column "n" is of type integer but expression is of type boolean'
