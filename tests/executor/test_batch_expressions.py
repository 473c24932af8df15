# Proves the generated batch loops (executor/batch_expressions.py): a Seq Scan's qual and
# a projection over a page of rows give the same rows, in the same order, as the per-row
# closures (NULLs, AND / OR / NOT, IS NULL, arithmetic, $n parameters); shapes the
# generator does not handle stay on the closures; an error in row k still surfaces only
# when row k is reached (a LIMIT that stops before it succeeds).
import pytest

from pgsnake.executor import plan_state
from pgsnake.executor.portal_query import prepare_statement
from pgsnake.optimizer.plan_nodes import SeqScan
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.utils.errors import PgError

INT4, TEXT = 23, 25
ROWS = [(i, None if i % 9 == 0 else i % 13, f"s{i % 4}" if i % 11 else None)
        for i in range(1, 301)]


def setup_table(sql):
    sql.create_table("t", [("a", INT4), ("b", INT4), ("c", TEXT)])
    values = ", ".join("(" + ", ".join("null" if v is None else repr(v) if isinstance(v, str)
                                        else str(v) for v in row) + ")" for row in ROWS)
    run(f"insert into t values {values}")


def run(text, params=()):
    prepared = prepare_statement(parse_sql(text)[0], [INT4] * len(params))
    return prepared, [list(r) for r in prepared.execute(list(params)).rows]


def scan_code(prepared):
    stack = [prepared.plan]
    while stack:
        node = stack.pop()
        if isinstance(node, SeqScan):
            return node.__dict__[plan_state._CODE_ATTRIBUTE]
        stack.extend(c for c in node.children() if c is not None)


def expected(keep):
    return [[a] for a, b, c in ROWS if keep(a, b, c)]


@pytest.mark.parametrize("where", [
    "b > 5", "b > 5 and a < 100", "b = 3 or c = 's1'", "not (b < 7 or a > 250)",
    "not (b < 7 and a > 50)", "b is null or c is null", "not (b is null or c = 's2')",
    "b + a * 2 >= 300", "5 < b and b <> 8", "length(c) = 2 and c is not null",
    "(b > 3 or c is null) and not (a % 3 = 0 or b is null)",
])
def test_generated_quals_keep_the_rows_the_closures_keep(sql, monkeypatch, where):
    setup_table(sql)
    query = f"select a, b, c from t where {where}"
    prepared, rows = run(query)
    assert scan_code(prepared).batch_qual, "the qual was not generated"
    monkeypatch.setattr(plan_state, "GENERATE_AT_ROWS", 10 ** 9)
    _, by_closures = run(query)
    assert rows == by_closures and rows


@pytest.mark.parametrize("where", [
    "b in (1, 2, 3)", "b not in (4, 5)", "c in ('s1', 's2') or b in (1,2,3,4,5,6,7,8,9,10)",
    "b not in (1,2,3,4,5,6,7,8,9,10) and a > 3",
])
def test_in_lists_keep_the_rows_the_closures_keep(sql, monkeypatch, where):
    # (the fakes' operators are not the datatypes' own: generated only on a server)
    setup_table(sql)
    query = f"select a, b, c from t where {where}"
    _, rows = run(query)
    monkeypatch.setattr(plan_state, "GENERATE_AT_ROWS", 10 ** 9)
    _, by_closures = run(query)
    assert rows == by_closures and rows


def test_generated_quals_match_python(sql):
    setup_table(sql)
    _, rows = run("select a from t where b > 5 and a < 100")
    assert rows == expected(lambda a, b, c: b is not None and b > 5 and a < 100)
    _, rows = run("select a from t where b = 3 or c = 's1'")
    assert rows == expected(lambda a, b, c: b == 3 or c == "s1")
    _, rows = run("select a from t where b is null or c is null")
    assert rows == expected(lambda a, b, c: b is None or c is None)


def test_parameters_and_projections(sql):
    from pgsnake.utils import settings
    setup_table(sql)
    # the generic plan keeps its $n (a custom plan would have them as constants)
    settings.set_value("plan_cache_mode", "force_generic_plan")
    try:
        prepared, rows = run("select a + $1, b, a < $2 from t where b >= $1", [10, 100])
    finally:
        settings.reset_value("plan_cache_mode")
    assert rows == [[a + 10, b, a < 100] for a, b, c in ROWS if b is not None and b >= 10]
    code = scan_code(prepared)
    assert code.batch_qual
    _, rows = run("select a from t where b = $1", [None])
    assert rows == []


def test_unsupported_shapes_stay_on_the_closures(sql):
    setup_table(sql)
    prepared, rows = run("select a from t where case when b > 3 then true else false end")
    assert rows == expected(lambda a, b, c: b is not None and b > 3)
    assert scan_code(prepared).batch_qual is False


def test_an_error_surfaces_at_its_row(sql):
    setup_table(sql)
    # row a = 50 divides by zero; a qualifying row comes before it
    _, rows = run("select a from t where 100 / (a - 50) < 0 limit 1")
    assert rows == [[1]]
    _, rows = run("select a from t where 100 / (a - 50) < -3 limit 2")
    assert rows == [[25], [26]]         # 100 / -25 = -4 first
    with pytest.raises(PgError) as caught:
        run("select a from t where 100 / (a - 50) > 0 limit 1")
    assert caught.value.sqlstate == "22012"
    with pytest.raises(PgError) as caught:
        run("select a, 2147483647 + a from t where a > 0")
    assert caught.value.sqlstate == "22003"


def test_a_cancel_inside_the_generated_loop_is_not_retried_row_by_row(sql):
    from pgsnake.utils.errors import QUERY_CANCELED
    setup_table(sql)
    prepared, _ = run("select a from t where b > 5")
    code = scan_code(prepared)
    calls = []

    def cancelled(rows, ex):
        raise PgError(QUERY_CANCELED, "canceling statement due to user request")

    def closure(row, ex):
        calls.append(row)
        return True
    code.batch_qual, code.qual = cancelled, closure
    with pytest.raises(PgError) as caught:
        prepared.execute([])
    assert caught.value.sqlstate == QUERY_CANCELED and calls == []
