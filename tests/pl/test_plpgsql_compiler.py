# The PL/pgSQL compiler's recovery of what libpg_query's JSON leaves out (which block
# declares which variable, RETURN x's variable) and the condition-name rules, checked
# without a server: compile_inline needs only the built-in type table.
from __future__ import annotations

from pgsnake.pl.plpgsql import compiler, conditions


def _exprs(value, out):
    if isinstance(value, compiler.Expr):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                _exprs(item, out)
    elif isinstance(value, list):
        for item in value:
            _exprs(item, out)
    return out


def _scope_of(function, source):
    for expr in _exprs(function.action, []):
        if expr.source == source:
            return expr.scope
    raise AssertionError(f"no expression {source!r}")


def test_nested_block_shadows_and_label_reaches_outer():
    function = compiler.compile_inline("""
<<outer_block>>
DECLARE
  y int := 1;
BEGIN
  DECLARE
    y text := 'inner';
  BEGIN
    RAISE NOTICE '%', y || outer_block.y::text;
  END;
  RAISE NOTICE '%', y + 1;
END""")
    inner = _scope_of(function, "y || outer_block.y::text")
    outer = _scope_of(function, "y + 1")
    assert function.datums[inner.names["y"]].type_oid == 25          # the inner text y
    assert function.datums[outer.names["y"]].type_oid == 23          # the outer int y
    assert inner.labels["outer_block"]["y"] == outer.names["y"]


def test_same_line_declarations_and_loop_variable():
    function = compiler.compile_inline(
        "DECLARE a int := 1; BEGIN FOR i IN 1..2 LOOP RAISE NOTICE '%', a + i; END LOOP; END")
    scope = _scope_of(function, "a + i")
    assert function.datums[scope.names["a"]].name == "a"
    assert function.datums[scope.names["i"]].name == "i"
    assert scope.names["a"] != scope.names["i"]


def test_exception_variables_belong_to_their_handler():
    function = compiler.compile_inline(
        "BEGIN BEGIN PERFORM 1; EXCEPTION WHEN others THEN RAISE NOTICE '%', sqlerrm; END; "
        "RAISE NOTICE 'after'; END")
    handler = _scope_of(function, "sqlerrm")
    assert function.datums[handler.names["sqlerrm"]].name == "sqlerrm"


def test_return_of_a_variable_keeps_its_expression():
    text = compiler._parenthesize_return_variables("BEGIN RETURN x; RETURN NEXT y; RETURN; END")
    assert text == "BEGIN RETURN (x); RETURN NEXT (y); RETURN; END"
    # strings and comments are left alone
    quoted = "BEGIN RAISE NOTICE 'RETURN x;'; -- RETURN y;\nEND"
    assert compiler._parenthesize_return_variables(quoted) == quoted


def test_condition_matching():
    assert conditions.matches("division_by_zero", None, "22012")
    assert conditions.matches("data_exception", None, "22012")        # a class
    assert conditions.matches("22012", None, "22012")                 # SQLSTATE '22012'
    assert not conditions.matches("unique_violation", None, "22012")
    assert conditions.matches("others", None, "23505")
    assert not conditions.matches("others", None, "57014")            # query_canceled
    assert not conditions.matches("others", None, "P0004")            # assert_failure
    assert conditions.sqlstate_of("raise_exception") == "P0001"
    assert conditions.sqlstate_of("P0003") == "P0003"
