# Proves the PlanState interface (executor/plan_state.py): a scan's batch is one heap
# page, a node can be re-scanned with changed PARAM_EXEC slots and only what depends on
# them is read again (chgParam), a parameterised Nested Loop sets its slots from the outer
# row, expressions are compiled once per plan and reused by later executions, and an error
# met while evaluating a batch ahead surfaces only when its row is reached (LIMIT).
import dataclasses

import pytest

from pgsnake.executor import plan_state
from pgsnake.executor.executor import execute_plan, run_query
from pgsnake.executor.expression_eval import ExecutorState
from pgsnake.executor.plan_state import batches_of, init_node
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.optimizer.plan_nodes import Materialize, NestedLoop
from pgsnake.parser.expression_nodes import ColumnReference, Param
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError


def prepared(text, param_types=()):
    return prepare_statement(parse_sql(text)[0], list(param_types))


def rows(text):
    return prepared(text).execute([]).rows


@pytest.fixture
def db(sql):
    sql.create_table("t", [("a", 23), ("b", 25)])
    sql.create_table("u", [("a", 23), ("c", 23)])
    prepared("insert into t values (1, 'x'), (2, 'y'), (3, null), (null, 'z')").execute([])
    prepared("insert into u values (1, 10), (1, 11), (3, 30), (4, 40)").execute([])
    return sql


def test_a_scan_batch_is_one_page(db):
    db.rows_per_page = 3
    plan = prepared("select a from t").plan
    node = init_node(plan, ExecutorState([], None))
    sizes = [len(batch) for batch in batches_of(node)]
    node.end()
    assert sizes == [3, 1]


def _as_exec_param(expr):
    """The expression with extern parameter $1 turned into PARAM_EXEC slot 0."""
    if isinstance(expr, Param):
        return Param(0, expr.type_oid, kind="exec")
    if isinstance(expr, (list, tuple)):
        return type(expr)(_as_exec_param(e) for e in expr)
    if dataclasses.is_dataclass(expr) and not isinstance(expr, type):
        changes = {f.name: _as_exec_param(getattr(expr, f.name))
                   for f in dataclasses.fields(expr) if f.name not in ("fn", "relation")}
        return dataclasses.replace(expr, **changes)
    return expr


def _parameterised_join(materialize: bool):
    """Nested Loop: outer `select a from t`, inner `select a, c from u where a = $0`
    with $0 set from the outer row's a (what an index nested loop will plan)."""
    outer = prepared("select a from t").plan
    inner = prepared("select a, c from u where a = $1", [23]).plan
    scan = inner
    while scan.children():
        scan = scan.children()[0]
    scan.qual = [_as_exec_param(q) for q in scan.qual]
    if materialize:
        inner = Materialize(child=inner, output_keys=inner.output_keys)
    node = NestedLoop(outer=outer, inner=inner,
                      nest_params=[(0, ColumnReference(0, 23))],
                      output_keys=outer.output_keys + inner.output_keys)
    return node, scan


@pytest.mark.parametrize("materialize", [False, True])
def test_parameterised_nested_loop_rescans_inner_per_outer_row(db, materialize):
    plan, inner_scan = _parameterised_join(materialize)
    state = ExecutorState([], None)
    state.instrumentation = {}
    result = sorted(run_query(plan, state), key=lambda r: (r[0], r[2]))
    assert result == [[1, 1, 10], [1, 1, 11], [3, 3, 30]]
    # The inner scan depends on $0, so even under a Materialize it is re-read for each
    # of t's four rows.
    assert state.instrumentation[id(inner_scan)].loops == 4


def test_materialize_replays_an_inner_side_without_changed_params(db):
    outer = prepared("select a from t").plan
    inner = prepared("select a, c from u").plan
    plan = NestedLoop(outer=outer, inner=Materialize(child=inner, output_keys=inner.output_keys),
                      output_keys=outer.output_keys + inner.output_keys)
    state = ExecutorState([], None)
    state.instrumentation = {}
    assert len(run_query(plan, state)) == 16
    assert state.instrumentation[id(plan.inner)].loops == 4
    assert state.instrumentation[id(inner)].loops == 1       # read once, replayed


def test_rescan_starts_again_with_new_parameter_values(db):
    plan, _ = _parameterised_join(False)
    inner = init_node(plan.inner, ExecutorState([], None))
    seen = []
    for value in (1, 3, 5):
        inner.estate.exec_params[0] = value
        inner.rescan({0})
        seen.append(sorted(row[1] for batch in batches_of(inner) for row in batch))
    inner.end()
    assert seen == [[10, 11], [30], []]


def test_expressions_are_compiled_once_per_plan(db, monkeypatch):
    from pgsnake.utils import settings
    # the generic plan, run again (a custom plan is a new plan, compiled anew)
    settings.set_value("plan_cache_mode", "force_generic_plan")
    try:
        statement = prepared("select a + 1 from t where b <> $1 order by 1", [25])
        assert statement.execute(["x"]).rows == [[3], [None]]

        def no_second_compile(plan):
            raise AssertionError("compiled again")
        monkeypatch.setattr(plan_state, "_build_base_code", no_second_compile)
        assert statement.execute(["y"]).rows == [[2], [None]]
    finally:
        settings.reset_value("plan_cache_mode")


def test_an_error_ahead_of_the_consumer_waits_for_its_row(db):
    # t's rows in order: a = 1, 2, 3, NULL. 10 / (2 - a) fails at a = 2, after a = 1
    # qualified: PostgreSQL's row-at-a-time executor never reaches it under LIMIT 1.
    assert rows("select a from t where 10 / (2 - a) > 0 limit 1") == [[1]]
    assert rows("select 10 / (2 - a) from t limit 1") == [[10]]
    with pytest.raises(PgError) as error:
        rows("select a from t where 10 / (2 - a) > 0")
    assert error.value.sqlstate == "22012"


def test_abandoned_execution_ends_its_state_tree(db):
    plan = prepared("select t.a from t, u").plan
    iterator = execute_plan(plan, ExecutorState([], None))
    assert next(iterator) is not None
    iterator.close()          # ends every node; nothing is left open
