"""Evaluating PL/pgSQL's embedded SQL: expressions (`x + 1`, conditions, RAISE
arguments) and statements (SELECT ... INTO, PERFORM, INSERT ..., FOR ... IN query).

Each Expr is prepared once per function compilation through spi.py, with a column
reference hook that turns the variables visible where the expression stands into
parameters: `$n` and the parameters come first (slots 1..nparams, so `$1` works as
PostgreSQL's alias), other variables get the next slots as they are met; `r.f` of a
record is a slot of its own, typed by the record's current column type. Before each
run the slots are filled from the call's variables. A plan depends on the shapes of the
records it reads: when a record has been given rows of another shape since, the
expression is prepared again (PostgreSQL's "type of parameter N does not match that
when preparing the plan" recompiles the same way).

As in PostgreSQL (plpgsql.variable_conflict = error), a name that is both a variable
and a column of a table in the query is refused with 42702. An expression that is a
single variable name is read directly, without SQL (PostgreSQL's simple-expression
fast path, taken to its limit).

Entry points: evaluate(frame, expr) -> (value, type oid), run_statement(frame, expr) ->
SpiStatement (prepared, with `params(frame)`), prepared(frame, expr), slot_values(frame,
expr).

PostgreSQL: pl/plpgsql/src/pl_exec.c (exec_eval_expr, exec_prepare_plan,
setup_param_list, plpgsql_param_fetch), pl_comp.c (plpgsql_pre_column_ref,
plpgsql_post_column_ref, resolve_column_ref).
"""
from __future__ import annotations

import re

from pgsnake.catalog import invalidation
from pgsnake.parser.expression_nodes import Param
from pgsnake.pl import spi
from pgsnake.pl.plpgsql.compiler import REC, ROW, RECORD
from pgsnake.utils.errors import PgError

_NOT_FOUND = ("42703", "42P01")
_SIMPLE_NAME = re.compile(r'^\s*\(?\s*("?)([A-Za-z_$][A-Za-z0-9_$]*)\1\s*\)?\s*$')


def lookup(frame, scope, names: list[str]):
    """(dno, field or None) for a reference to a variable, or None."""
    function = frame.function
    if len(names) == 1:
        dno = scope.names.get(names[0])
        return None if dno is None else (dno, None)
    first, second = names[0], names[1]
    if first in scope.labels and second in scope.labels[first]:
        dno = scope.labels[first][second]
        if len(names) == 2:
            return dno, None
        if len(names) == 3 and function.datums[dno].kind in (REC, ROW):
            return dno, names[2]
        return None
    dno = scope.names.get(first)
    if dno is not None and len(names) == 2 and function.datums[dno].kind in (REC, ROW):
        return dno, second
    return None


def _hook(frame, expr, slots: list, types: list, shapes: dict, used: list):
    def hook(names, resolve_column, position):
        found = lookup(frame, expr.scope, names)
        if found is None:
            return resolve_column()
        conflict = frame.function.variable_conflict
        if conflict != "use_variable":
            try:
                column = resolve_column()
            except PgError as err:
                if err.sqlstate not in _NOT_FOUND:
                    raise
            else:
                if conflict == "use_column":
                    return column
                raise PgError("42702", f'column reference "{".".join(names)}" is ambiguous',
                              detail="It could refer to either a PL/pgSQL variable or a "
                                     "table column.", position=position)
        used.append(found)
        if found in slots:
            index = slots.index(found)
            return Param(index + 1, types[index])
        dno, field = found
        type_oid = frame.slot_type(dno, field)
        if frame.function.datums[dno].kind == REC:
            shapes[dno] = frame.record_shape(dno)
        slots.append(found)
        types.append(type_oid)
        return Param(len(slots), type_oid)

    def expand_star(name, resolve_field):
        """`name.*` of a record or row variable (ROW(new.*)): its fields, each resolved
        as `name.field` is; None if `name` is no such variable."""
        found = lookup(frame, expr.scope, [name])
        if found is None:
            return None
        datum = frame.function.datums[found[0]]
        if datum.kind == REC:
            field_names = frame._record(found[0]).names
        elif datum.kind == ROW:
            field_names = datum.field_names
        else:
            return None
        return [resolve_field(field) for field in field_names]
    hook.expand_star = expand_star
    return hook


def sql_label(expr) -> str:
    """The CONTEXT line of an error raised while the expression is prepared or run
    through SPI (_SPI_error_callback)."""
    if expr.kind == "assignment":
        return f'PL/pgSQL assignment "{expr.source}"'
    if expr.kind == "expression":
        return f'SQL expression "{expr.source}"'
    return f'SQL statement "{expr.text}"'


def prepared(frame, expr, for_cursor: bool = False) -> spi.SpiStatement:
    """The expression's plan, made (again) when missing, after DDL, or when a record it
    reads changed shape. for_cursor: a cursor's query (ctids for WHERE CURRENT OF)."""
    plan = expr.plan
    if plan is not None and expr.record_shapes:
        for dno, shape in expr.record_shapes.items():
            if frame.record_shape(dno) != shape:
                plan = None
                break
    if plan is not None and plan._generation == invalidation.shared_counter():
        return plan
    with frame.running_sql(sql_label(expr)):
        return _prepare(frame, expr, for_cursor)


def _prepare(frame, expr, for_cursor: bool = False) -> spi.SpiStatement:
    function = frame.function
    slots = [(dno, None) for dno in function.arg_dnos]
    types = [frame.slot_type(dno, None) for dno in function.arg_dnos]
    shapes: dict = {}
    used: list = []
    hook = _hook(frame, expr, slots, types, shapes, used)
    plan = spi.SpiStatement.from_text(expr.text, types[:len(function.arg_dnos)], hook)
    plan.for_cursor = for_cursor
    plan.read_only = function.read_only
    plan.prepared()          # analyse now, so the hook fills the slots
    expr.param_dnos = slots
    expr.record_shapes = shapes
    expr.plan = plan
    if expr.simple is None:
        # PostgreSQL evaluates a "simple" expression (no FROM, no subquery) outside
        # SPI, so its errors get no 'SQL expression' line; but one without any
        # variable was already folded to a constant while it was planned, inside SPI.
        text = repr(plan.raw.node)
        select = plan.raw.node.get("SelectStmt")
        expr.simple = select is not None and not select.get("fromClause") and \
            "'SubLink'" not in text and \
            (bool(used) or "'ParamRef'" in text)
    return plan


def slot_values(frame, expr) -> list:
    return [frame.slot_value(dno, field) for dno, field in expr.param_dnos]


def _direct_variable(frame, expr):
    if expr.kind == "statement":
        return None
    match = _SIMPLE_NAME.match(expr.text[7:])     # after "SELECT "
    if match is None:
        return None
    found = lookup(frame, expr.scope, [match.group(2)])
    return found


def fast_path(plan):
    """(compiled expression, type) for a plan that is a bare one-column SELECT with no
    FROM, aggregate, WHERE, ORDER BY or LIMIT; else None. Such an expression is
    evaluated directly, without a plan-state tree or a snapshot (PostgreSQL's
    exec_eval_simple_expr)."""
    from pgsnake.executor.expression_eval import compile_expression
    statement = plan.prepared()
    query = statement.query
    if query is None or query.command_type != "SELECT" or query.range_table or \
            query.from_list or query.where is not None or query.has_aggregates or \
            query.group_by or query.having is not None or query.sort_clause or \
            query.limit_count is not None or query.limit_offset is not None or \
            query.set_operation is not None or query.distinct or \
            len(query.target_list) != 1 or query.target_list[0].resjunk:
        return None
    try:
        return statement, compile_expression(query.target_list[0].expr, {}), statement.columns[0].type_oid
    except PgError:
        return None


def evaluate(frame, expr):
    """(value, type oid) of an expression: one row of one column."""
    direct = _direct_variable(frame, expr)
    if direct is not None:
        dno, _ = direct
        return frame.slot_value(dno, None), frame.slot_type(dno, None)
    plan = prepared(frame, expr)
    params = slot_values(frame, expr)
    if expr.simple:
        fast = expr.fast
        if fast is None or fast[0] is not plan._statement:
            fast = expr.fast = fast_path(plan) or (plan._statement, None, 0)
        if fast[1] is not None:
            estate = frame.simple_estate
            estate.params = params
            return fast[1](None, estate), fast[2]
        result = plan.execute(params)
    else:
        with frame.running_sql(sql_label(expr)):
            result = plan.execute(params)
    columns = result.columns or []
    if len(columns) != 1:
        count = len(columns)
        raise PgError("42601", f"query returned {count} column{'s' if count != 1 else ''}")
    if len(result.rows) > 1:
        raise PgError("21000", "query returned more than one row")
    value = result.rows[0][0] if result.rows else None
    return value, columns[0].type_oid


def evaluate_as(frame, expr, type_oid: int):
    from pgsnake.pl import values
    value, source = evaluate(frame, expr)
    if type_oid == RECORD:
        return value
    return values.coerce(value, source, type_oid)


def evaluate_bool(frame, expr) -> bool:
    value, source = evaluate(frame, expr)
    if source != 16 and value is not None:
        from pgsnake.pl import values
        value = values.coerce(value, source, 16)
    return bool(value)
