# Proves the executor side of subqueries in expressions (executor/subplan.py): a
# correlated SubPlan re-runs its plan once per outer row with the outer values in
# PARAM_EXEC slots (EXPLAIN ANALYZE counts the loops), an InitPlan runs once, a prepared
# statement's SubPlans are compiled once and serve later executions with new
# parameters, and 21000 is raised only when the offending row is reached.
import pytest

from pgsnake.executor.portal_query import prepare_statement
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError


def prepared(text, param_types=()):
    return prepare_statement(parse_sql(text)[0], list(param_types))


def rows(text, params=(), param_types=()):
    return prepared(text, param_types).execute(list(params)).rows


@pytest.fixture
def db(sql):
    sql.create_table("t", [("a", 23), ("b", 25)])
    sql.create_table("u", [("a", 23), ("c", 23)])
    rows("insert into t values (1, 'x'), (2, 'y'), (3, null), (null, 'z')")
    rows("insert into u values (1, 10), (1, 11), (3, 30), (4, 40)")
    return sql


def _analyze_lines(text):
    return [r[0] for r in rows("explain (analyze, timing off, costs off) " + text)]


def test_correlated_subplan_runs_once_per_outer_row(db):
    lines = _analyze_lines("select a, (select max(c) from u where u.a = t.a) from t")
    assert lines[0].startswith("Seq Scan on t (actual rows=4 loops=1)")
    assert lines[1] == "  SubPlan 1"
    assert lines[2] == "    ->  Aggregate (actual rows=1 loops=4)"
    assert lines[3] == "          ->  Seq Scan on u (actual rows=1 loops=4)"


def test_init_plan_runs_once(db):
    lines = _analyze_lines("select a from t where a < (select max(a) from u)")
    at = lines.index("  InitPlan 1 (returns $0)")     # after the scan's Filter lines
    assert lines[at + 1] == "    ->  Aggregate (actual rows=1 loops=1)"


def test_prepared_subplans_are_reused_with_new_parameters(db):
    statement = prepared("select a, (select count(*) from u where u.a = t.a and u.c > $1) "
                         "from t where a is not null order by a", [23])
    assert statement.execute([10]).rows == [[1, 1], [2, 0], [3, 1]]
    assert statement.execute([0]).rows == [[1, 2], [2, 0], [3, 1]]


def test_more_than_one_row_is_an_error_only_when_reached(db):
    # t's first row (a = 1) has two rows in u: the error comes at once.
    with pytest.raises(PgError) as error:
        rows("select (select c from u where u.a = t.a) from t")
    assert error.value.sqlstate == "21000"
    assert error.value.message == "more than one row returned by a subquery used as an expression"
    # Rows before the offending one are answered when LIMIT stops short of it: t's rows
    # come as 1, 2, 3; a = 3 now has two rows in u, a = 2 none.
    rows("insert into u values (3, 31)")
    query = "select a, (select c from u where u.a = t.a) from t where a > 1"
    assert rows(query + " limit 1") == [[2, None]]
    with pytest.raises(PgError):
        rows(query + " limit 2")


def test_a_node_depends_on_what_its_subplans_read_from_outside(db):
    # The middle subquery's InitPlan reads t.b (slot $0) from two levels out: a node
    # holding the middle SubPlan must count $0 among its parameters (PostgreSQL's
    # extParam), so a cache above it is refreshed when $0 changes.
    from pgsnake.executor.plan_state import exec_params_in
    plan = prepared("select a, (select count(*) from u where u.c > "
                    "(select max(a) from t t2 where t2.b = t.b)) from t").plan
    (middle,) = [e for e in plan.target_list if type(e).__name__ == "SubPlan"]
    assert middle.par_params == (0,) and middle.reset_slots == (1,)
    assert 0 in exec_params_in(plan.target_list)
    assert rows("select a, (select count(*) from u where u.c > "
                "(select max(a) * 10 from t t2 where t2.b >= t.b)) from t order by a") == [
        [1, 2], [2, 2], [3, 0], [None, 0]]
