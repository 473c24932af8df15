"""Expression evaluation: analyzed expression trees compiled into Python closures.

Entry points:
    compile_expression(expr, layout) -> Callable[[row, estate], value]
    compile_qual(exprs, layout) -> Callable[[row, estate], bool] | None  (True only if
                                   every conjunct is TRUE; NULL counts as false)
    layout_of(keys) -> dict key -> column index
    ExecutorState                  the per-execution values expressions read

A compiled expression depends only on the plan (the expression and the row layout), never
on one execution: plan state nodes compile once per plan and keep the code with the plan
(plan_state.compiled_for), so a prepared statement's executions share it. Whatever differs
between executions (parameter values, PARAM_EXEC slots, the statement's start time) is read
from the ExecutorState passed as the second argument of every call.

A row is a list/tuple; `layout` maps planner keys (see optimizer.planner.key_of) to
positions in it. An expression whose key is in the layout is read from the row (this is
how upper plan nodes use values computed below them: group keys, aggregates, projected
columns); otherwise it is computed from its children. SQL's three-valued logic is kept:
None is NULL, strict functions return NULL on any NULL argument, AND/OR follow the
truth tables.

PostgreSQL: executor/execExpr.c (ExecInitExpr), executor/execExprInterp.c (ExecInterpExpr),
executor/execQual.c history (ExecQual).
"""
from __future__ import annotations

import dataclasses
import datetime

from pgsnake.datatypes import array_values, clock, registry
from pgsnake.datatypes.registry import Record
from pgsnake.datatypes.type_coercion import category
from pgsnake.optimizer import hashed_saop
from pgsnake.optimizer.planner import key_of
from pgsnake.parser.expression_nodes import (
    Aggref, ArrayExpr, BooleanTest, BoolExpr, CaseExpr, CoalesceExpr, CoerceExpr,
    CollateExpr, ColumnReference, Const, FuncExpr, MinMaxExpr, NullIfExpr, NullTest, OpExpr,
    PlaceHolderVar,
    Param, RowCompareExpr, RowExpr, ScalarArrayOpExpr, SQLValueFunction, SubscriptAssign,
    SubscriptExpr, Var)
from pgsnake.utils import process_state
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

RECORD_OID = 2249
JSONB_OID, INT4_SUBSCRIPT_OID = 3802, 23


class ExecutorState:
    """Per-execution facts expressions may read: parameter values, PARAM_EXEC slots, the
    statement's start time (now() and current_timestamp are stable within a statement),
    the snapshot (PostgreSQL's EState with its per-query ExprContext)."""

    def __init__(self, params=None, snapshot=None) -> None:
        self.params = list(params or [])
        # PARAM_EXEC slots: slot number -> value, set by the node that owns the slot
        # (Nested Loop, SubPlan, InitPlan) before it re-scans the plans that read it.
        self.exec_params: dict = {}
        # Subqueries in expressions (subplan.py): their state trees and hashed values,
        # made on first use, ended with the execution (end()).
        self.subplan_nodes: dict = {}
        self.subplan_hashes: dict = {}
        # What the statement's data-modifying WITH queries returned (cte_id -> rows
        # store): each runs once per execution, so this outlives end(), which a
        # ModifyTable's own source plan calls when it is read (cte_nodes.py).
        self.modified_ctes: dict = {}
        self.snapshot = snapshot
        self.statement_time = datetime.datetime.now(datetime.timezone.utc)
        self.user_name = "postgres"
        self.instrumentation: dict | None = None     # EXPLAIN ANALYZE: id(plan) -> NodeCounters
        # EvalPlanQual re-check: rtindex -> the one row each scan returns (or None for
        # none); None outside a re-check (eval_plan_qual.py).
        self.epq_rows: dict | None = None
        # The command id a data-modifying statement stamps on every row it writes
        # (es_output_cid), fixed when it starts: a volatile function it calls moves the
        # command counter on to see the rows written so far, and must not change this.
        self.output_cid: int | None = None
        # Rows one at a time instead of a batch ahead (plan_state.py): an INSERT whose
        # rows call a volatile function, which must see the rows inserted before its own.
        self.one_row_at_a_time = False


    def end(self) -> None:
        """ExecutorEnd's part for subqueries: end their state trees."""
        nodes, self.subplan_nodes = self.subplan_nodes, {}
        self.subplan_hashes = {}
        for node in nodes.values():
            node.end()


def layout_of(keys) -> dict:
    layout = {}
    for i, key in enumerate(keys):
        layout.setdefault(key, i)
    return layout


def compile_qual(exprs, layout):
    fns = [compile_expression(e, layout) for e in exprs]
    if not fns:
        return None
    if len(fns) == 1:
        only = fns[0]
        return lambda row, ex: only(row, ex) is True
    return lambda row, ex: all(f(row, ex) is True for f in fns)


def compile_expression(expr, layout):
    key = key_of(expr)
    try:
        index = layout.get(key)
    except TypeError:
        index = None
    if index is not None:
        return lambda row, ex, i=index: row[i]
    builder = _BUILDERS.get(type(expr))
    if builder is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot evaluate {type(expr).__name__} here")
    return builder(expr, layout)


def register_builder(node_class, builder) -> None:
    """Teach compile_expression a new expression node kind (SubPlan lives in
    subplan.py): builder(expr, layout) -> fn(row, estate)."""
    _BUILDERS[node_class] = builder


def _var(expr, layout):
    if expr.attnum < 0:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"system column {expr.column_name} is not available here")
    raise PgError(FEATURE_NOT_SUPPORTED, f"variable {expr.relation_alias}.{expr.column_name} "
                                         "is not available at this plan level")


def _column_reference(expr, layout):
    raise PgError(FEATURE_NOT_SUPPORTED, f"column {expr.index} is not available here")


def _const(expr, layout):
    value = expr.value
    return lambda row, ex: value


def _param(expr, layout):
    index = expr.number
    if expr.kind == "exec":
        return lambda row, ex: ex.exec_params.get(index)
    index -= 1

    def param(row, ex):
        try:
            return ex.params[index]
        except IndexError:
            raise PgError("08P01", f"there is no parameter ${index + 1}") from None
    return param


def _strict_call(fn, arg_fns, strict: bool):
    if len(arg_fns) == 1:
        (a,) = arg_fns
        if strict:
            def call1(row, ex):
                x = a(row, ex)
                return None if x is None else fn(x)
            return call1
        return lambda row, ex: fn(a(row, ex))
    if len(arg_fns) == 2:
        a, b = arg_fns
        if strict:
            def call2(row, ex):
                x = a(row, ex)
                if x is None:
                    return None
                y = b(row, ex)
                return None if y is None else fn(x, y)
            return call2
        return lambda row, ex: fn(a(row, ex), b(row, ex))

    def calln(row, ex):
        values = [f(row, ex) for f in arg_fns]
        if strict and any(v is None for v in values):
            return None
        return fn(*values)
    return calln


def _op_expr(expr, layout):
    if expr.strict and len(expr.args) == 2:
        direct = _column_const_call(expr.fn, expr.args, layout)
        if direct is not None:
            return direct
    return _strict_call(expr.fn, [compile_expression(a, layout) for a in expr.args],
                        expr.strict)


def _input_column(expr, layout) -> int | None:
    try:
        return layout.get(key_of(expr))
    except TypeError:
        return None


def _column_const_call(fn, args, layout):
    """A strict binary operator over an input column and a non-NULL constant, or two
    input columns (`y > 500`, `a.x = b.x`): the column read inline instead of through
    its own closure (what the generic call does, one call fewer per row)."""
    left, right = args
    i = _input_column(left, layout)
    j = _input_column(right, layout)
    if i is not None and j is not None:
        def columns(row, ex):
            x = row[i]
            if x is None:
                return None
            y = row[j]
            return None if y is None else fn(x, y)
        return columns
    if i is not None and type(right) is Const and right.value is not None:
        c = right.value

        def column_const(row, ex):
            x = row[i]
            return None if x is None else fn(x, c)
        return column_const
    if j is not None and type(left) is Const and left.value is not None:
        c = left.value

        def const_column(row, ex):
            y = row[j]
            return None if y is None else fn(c, y)
        return const_column
    return None


def _func_expr(expr, layout):
    call = _strict_call(expr.fn, [compile_expression(a, layout) for a in expr.args],
                        expr.strict)
    if expr.type_oid != RECORD_OID or expr.returns_set:
        return call
    # A function returning a record with OUT columns gives a tuple: a composite value
    # typed by those columns (pg_walfile_name_offset(...) prints as "(name,offset)").
    from pgsnake.datatypes import functions
    types = tuple(t for _name, t in functions.out_columns_of(expr.function_oid,
                                                             expr.function_name, expr.fn))

    def composite(row, ex):
        value = call(row, ex)
        if value is None or isinstance(value, Record) or hasattr(value, "values_for"):
            return value          # (a json(b)_to_record row waits for its column list)
        # a PL/pgSQL function returning an anonymous record gives a row that carries
        # its own column types (function_manager.RowResult)
        return Record(types or getattr(value, "type_oids", None) or (0,) * len(value),
                      tuple(value))
    return composite


def _coerce(expr, layout):
    arg = compile_expression(expr.arg, layout)
    fn, typmod = expr.fn, expr.typmod

    def coerce(row, ex):
        value = arg(row, ex)
        return None if value is None else fn(value, typmod)
    return coerce


def _bool_expr(expr, layout):
    fns = [compile_expression(a, layout) for a in expr.args]
    if expr.op == "not":
        (a,) = fns
        return lambda row, ex: None if (v := a(row, ex)) is None else not v
    return _three_valued(fns, decisive=expr.op == "or")


def _three_valued(fns, decisive: bool):
    """AND (decisive False) or OR (decisive True) in SQL's three-valued logic: the
    arguments are evaluated in order until one is `decisive`; else NULL if one was NULL,
    else the other truth value."""
    otherwise = not decisive

    def combine(row, ex):
        saw_null = False
        for f in fns:
            v = f(row, ex)
            if v is decisive:
                return decisive
            if v is None:
                saw_null = True
        return None if saw_null else otherwise
    return combine


def _null_test(expr, layout):
    a = compile_expression(expr.arg, layout)
    if expr.arg.type_oid == RECORD_OID or category(expr.arg.type_oid) == "C":
        # A row IS NULL when every field is, IS NOT NULL when none is.
        def fields(value):
            return value.values if isinstance(value, Record) else (value,)
        if expr.is_null:
            return lambda row, ex: all(v is None for v in fields(a(row, ex)))
        return lambda row, ex: (value := a(row, ex)) is not None and all(
            v is not None for v in fields(value))
    if expr.is_null:
        return lambda row, ex: a(row, ex) is None
    return lambda row, ex: a(row, ex) is not None


_BOOLEAN_TESTS = {
    "IS_TRUE": lambda v: v is True, "IS_NOT_TRUE": lambda v: v is not True,
    "IS_FALSE": lambda v: v is False, "IS_NOT_FALSE": lambda v: v is not False,
    "IS_UNKNOWN": lambda v: v is None, "IS_NOT_UNKNOWN": lambda v: v is not None,
}


def _boolean_test(expr, layout):
    a = compile_expression(expr.arg, layout)
    test = _BOOLEAN_TESTS[expr.test]
    return lambda row, ex: test(a(row, ex))


def _case(expr, layout):
    whens = [(compile_expression(c, layout), compile_expression(r, layout))
             for c, r in expr.whens]
    default = compile_expression(expr.default, layout)

    def case(row, ex):
        for cond, result in whens:
            if cond(row, ex) is True:
                return result(row, ex)
        return default(row, ex)
    return case


def _coalesce(expr, layout):
    fns = [compile_expression(a, layout) for a in expr.args]

    def coalesce(row, ex):
        for f in fns:
            v = f(row, ex)
            if v is not None:
                return v
        return None
    return coalesce


def _min_max(expr, layout):
    fns = [compile_expression(a, layout) for a in expr.args]
    less = expr.compare
    greatest = expr.op == "greatest"

    def min_max(row, ex):
        best = None
        for f in fns:
            v = f(row, ex)
            if v is None:
                continue
            if best is None or (less(best, v) if greatest else less(v, best)):
                best = v
        return best
    return min_max


def _null_if(expr, layout):
    a, b = (compile_expression(x, layout) for x in expr.args)
    equal = expr.equal

    def null_if(row, ex):
        x, y = a(row, ex), b(row, ex)
        if x is not None and y is not None and equal(x, y):
            return None
        return x
    return null_if


def _scalar_array(expr, layout):
    arg = compile_expression(expr.arg, layout)
    fn, use_or = expr.fn, expr.use_or
    if not expr.strict:
        return _non_strict_scalar_array(expr, arg, layout)
    if expr.array is not None:
        array = compile_expression(expr.array, layout)

        def any_all_array(row, ex):
            values = array(row, ex)
            if values is None:
                return None
            return _any_all(arg(row, ex), array_values.elements(values), fn, use_or)
        return any_all_array
    hashed = hashed_saop.hashed_values(expr)
    if hashed is not None:
        return _hashed_scalar_array(arg, hashed, use_or)
    items = [compile_expression(i, layout) for i in expr.items]

    def any_all_list(row, ex):
        x = arg(row, ex)
        if x is None:
            return None
        return _any_all(x, (item(row, ex) for item in items), fn, use_or)
    return any_all_list


def _non_strict_scalar_array(expr, arg, layout):
    """x op ANY / ALL where the operator's function is not strict: it is called for
    NULL elements (and a NULL x) too, and its NULL results count as NULLs do
    (ExecEvalScalarArrayOp's non-strict path)."""
    fn, use_or = expr.fn, expr.use_or
    array = compile_expression(expr.array, layout) if expr.array is not None else None
    items = [compile_expression(i, layout) for i in expr.items]

    def any_all(row, ex):
        if array is not None:
            values = array(row, ex)
            if values is None:
                return None
            values = array_values.elements(values)
        else:
            values = [item(row, ex) for item in items]
        x = arg(row, ex)
        saw_null = False
        for y in values:
            r = fn(x, y)
            if r is None:
                saw_null = True
            elif use_or and r:
                return True
            elif not use_or and not r:
                return False
        return None if saw_null else not use_or
    return any_all


def _hashed_scalar_array(arg, values: list, use_or: bool):
    """`x = ANY` / `x <> ALL` over 9 or more constants by a set lookup
    (optimizer/hashed_saop.py): the same answer as _any_all, NULLs included."""
    table = frozenset(v for v in values if v is not None)
    saw_null = len(table) < len(values) and any(v is None for v in values)

    def hashed(row, ex):
        x = arg(row, ex)
        if x is None:
            return None
        if x in table:
            return use_or
        return None if saw_null else not use_or
    return hashed


def _any_all(x, values, fn, use_or: bool):
    """x op ANY (use_or) / ALL over `values`: decided by the first true (ANY) or false
    (ALL) comparison; otherwise NULL if a NULL was met (NULL x included), else false
    (ANY) or true (ALL), which is what an empty array gives."""
    saw_null = False
    for y in values:
        if x is None or y is None:
            saw_null = True
            continue
        r = fn(x, y)
        if use_or and r:
            return True
        if not use_or and not r:
            return False
    if saw_null:
        return None
    return not use_or


def _array_expr(expr, layout):
    elements = [compile_expression(e, layout) for e in expr.elements]
    if expr.multidims:
        return lambda row, ex: array_values.stack([e(row, ex) for e in elements])
    return lambda row, ex: [e(row, ex) for e in elements]


def _shifted(fn, shift: int):
    if not shift:
        return fn

    def moved(row, ex):
        value = fn(row, ex)
        return None if value is None else value + shift
    return moved


def _subscript(expr, layout):
    arg = compile_expression(expr.arg, layout)
    if expr.arg.type_oid == JSONB_OID:
        return _jsonb_subscript(arg, expr, layout)
    shift = 1 - expr.first_index           # to the 1-based positions of array_values
    upper = [None if u is None else _shifted(compile_expression(u, layout), shift)
             for u in expr.upper]
    if not expr.is_slice:
        def fetch(row, ex):
            value = arg(row, ex)
            if value is None:
                return None
            subscripts = [u(row, ex) for u in upper]
            if None in subscripts:
                return None
            return array_values.fetch(value, subscripts)
        return fetch
    lower = [None if b is None else _shifted(compile_expression(b, layout), shift)
             for b in expr.lower]

    def bound(fn, row, ex):
        if fn is None:
            return None, False
        value = fn(row, ex)
        return value, value is None

    def slice_(row, ex):
        value = arg(row, ex)
        if value is None:
            return None
        bounds = []
        for low_fn, high_fn in zip(lower, upper):
            low, low_null = bound(low_fn, row, ex)
            high, high_null = bound(high_fn, row, ex)
            if low_null or high_null:
                return None
            bounds.append((low, high))
        return array_values.slice_of(value, bounds)
    return slice_


def _subscript_assign(expr, layout):
    """array[i] := value / array[lo:hi] := source (datatypes/array_assignment.py)."""
    from pgsnake.datatypes import array_assignment
    array_fn, value_fn = (compile_expression(a, layout) for a in expr.args)
    if expr.type_oid == JSONB_OID:
        return _jsonb_subscript_assign(array_fn, value_fn, expr, layout)
    upper = [None if u is None else compile_expression(u, layout) for u in expr.upper]
    if not expr.is_slice:
        def assign(row, ex):
            subscripts = [u(row, ex) for u in upper]
            array_assignment.check_subscripts(subscripts)
            return array_assignment.assign_element(array_fn(row, ex), subscripts,
                                                   value_fn(row, ex))
        return assign
    lower = [None if b is None else compile_expression(b, layout) for b in expr.lower]

    def bound(fn, row, ex):           # an omitted bound is None; a given one not NULL
        if fn is None:
            return None
        value = fn(row, ex)
        array_assignment.check_subscripts([value])
        return value

    def assign_slice(row, ex):
        bounds = [(bound(lo, row, ex), bound(hi, row, ex)) for lo, hi in zip(lower, upper)]
        return array_assignment.assign_slice(array_fn(row, ex), bounds, value_fn(row, ex))
    return assign_slice


def _jsonb_subscript(arg, expr, layout):
    """j[s1][s2]... (datatypes/jsonb_subscripts.py)."""
    from pgsnake.datatypes import jsonb_subscripts
    upper = [compile_expression(u, layout) for u in expr.upper]
    return lambda row, ex: jsonb_subscripts.fetch(arg(row, ex), [u(row, ex) for u in upper])


def _jsonb_subscript_assign(container_fn, value_fn, expr, layout):
    """j[s1][s2]... := value; an integer first subscript makes a NULL j an array."""
    from pgsnake.datatypes import jsonb_subscripts
    upper = [compile_expression(u, layout) for u in expr.upper]
    expect_array = expr.upper[0].type_oid == INT4_SUBSCRIPT_OID

    def assign(row, ex):
        subscripts = [u(row, ex) for u in upper]
        return jsonb_subscripts.assign(container_fn(row, ex), subscripts, expect_array,
                                       value_fn(row, ex))
    return assign


def _row_expr(expr, layout):
    args = [compile_expression(a, layout) for a in expr.args]
    types = tuple(a.type_oid for a in expr.args)
    names = tuple(expr.field_names)
    if expr.null_marker is not None:      # a NULL-extended table row is NULL as a whole
        marker = compile_expression(expr.null_marker, layout)
        return lambda row, ex: None if marker(row, ex) is None else \
            Record(types, tuple(a(row, ex) for a in args), names)
    return lambda row, ex: Record(types, tuple(a(row, ex) for a in args), names)


def _row_compare(expr, layout):
    """The first pair that is not equal decides; a NULL on the way gives NULL; all
    pairs equal: true for <= and >=, false for < and > (RowCompareExpr)."""
    lefts = [compile_expression(a, layout) for a in expr.largs]
    rights = [compile_expression(a, layout) for a in expr.rargs]
    pairs = list(zip(lefts, rights, expr.fns, expr.eqs))
    all_equal = expr.operator_name in ("<=", ">=")

    def compare(row, ex):
        for left, right, fn, eq in pairs:
            x, y = left(row, ex), right(row, ex)
            if x is None or y is None:
                return None
            if not eq(x, y):
                return bool(fn(x, y))
        return all_equal
    return compare


def _sql_value_function(expr, layout):
    name = expr.name
    typmod = getattr(expr, "typmod", -1)
    if typmod is not None and typmod >= 0 and name in (
            "current_timestamp", "localtimestamp", "localtime", "current_time"):
        # current_timestamp(p) and the others: rounded to p fractional digits
        plain = _sql_value_function(dataclasses.replace(expr, typmod=-1), layout)
        if name == "current_time":
            from pgsnake.datatypes.timetz import apply_timetz_typmod
            return lambda row, ex: apply_timetz_typmod(plain(row, ex), typmod)
        return lambda row, ex: registry.apply_typmod(expr.type_oid, plain(row, ex), typmod)
    # the transaction's start, as now() (GetCurrentTransactionStartTimestamp), in the
    # session's time zone
    from pgsnake.datatypes.datetime_types import session_zone
    if name == "current_date":
        return lambda row, ex: clock.now().astimezone(session_zone()).date()
    if name == "current_timestamp":
        return lambda row, ex: clock.now()
    if name == "localtimestamp":
        return lambda row, ex: clock.now().astimezone(session_zone()).replace(tzinfo=None)
    if name == "localtime":
        return lambda row, ex: clock.now().astimezone(session_zone()).time().replace(tzinfo=None)
    if name == "current_time":
        from pgsnake.datatypes.timetz import timestamptz_to_timetz
        return lambda row, ex: timestamptz_to_timetz(clock.now())
    if name in ("current_user", "current_role", "user"):
        return lambda row, ex: process_state.user_name or ex.user_name
    if name == "session_user":
        return lambda row, ex: (process_state.session_user_name or process_state.user_name
                                or ex.user_name)
    if name == "current_schema":
        # the first existing schema of search_path, as current_schema() says
        from pgsnake.datatypes import functions
        current_schema = functions.function_by_oid(1402)
        return lambda row, ex: current_schema.fn() if current_schema else "public"
    if name == "current_catalog":
        return lambda row, ex: process_state.database_name
    raise PgError(FEATURE_NOT_SUPPORTED, f"{name} is not supported yet")


def _collate(expr, layout):
    return compile_expression(expr.arg, layout)     # the value unchanged


def _placeholder(expr, layout):
    value = compile_expression(expr.arg, layout)     # not computed below: its own value
    if not expr.null_marker:
        return value
    # NULL when the outer join above NULL-extended the subquery's row: all of its
    # tables' ctids are NULL then (rewrite/nullable_outputs.py)
    markers = [compile_expression(m, layout) for m in expr.null_marker]
    if len(markers) == 1:
        marker = markers[0]
        return lambda row, ex: None if marker(row, ex) is None else value(row, ex)

    def placeholder(row, ex):
        for marker in markers:
            if marker(row, ex) is not None:
                return value(row, ex)
        return None
    return placeholder


def _aggref(expr, layout):
    raise PgError("42803", "aggregate function calls are not allowed here")


_BUILDERS = {
    Var: _var, ColumnReference: _column_reference, Const: _const, Param: _param,
    OpExpr: _op_expr, FuncExpr: _func_expr, CoerceExpr: _coerce, BoolExpr: _bool_expr,
    NullTest: _null_test, BooleanTest: _boolean_test, CaseExpr: _case,
    CoalesceExpr: _coalesce, MinMaxExpr: _min_max, NullIfExpr: _null_if,
    ScalarArrayOpExpr: _scalar_array, SQLValueFunction: _sql_value_function, Aggref: _aggref,
    ArrayExpr: _array_expr, SubscriptExpr: _subscript, RowExpr: _row_expr,
    SubscriptAssign: _subscript_assign,
    RowCompareExpr: _row_compare, CollateExpr: _collate, PlaceHolderVar: _placeholder,
}
