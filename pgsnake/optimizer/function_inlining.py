"""Inlining LANGUAGE sql functions: a call of a simple SQL function becomes its body's
expression (scalar functions), or a FROM subquery (set-returning functions in FROM), as
PostgreSQL's planner does; EXPLAIN then shows the expression or the tables, and the
costs are those of the expression.

Entry points:
    inline_functions(expr) -> expr      every inlinable call in `expr` replaced
                                        (subselect.convert_expression calls it first)
    inline_set_returning_function(rte) -> Query | None   the subquery a FROM function
                                        call becomes (prep_join_tree.py)

Rules (inline_function, inline_set_returning_function in PostgreSQL 15):
1. Only user-defined LANGUAGE sql functions that are not SECURITY DEFINER and have no
   SET clauses, called with every argument written in order (no defaults or named
   arguments to fill in here).
2. Scalar: the body is one `SELECT expr` with nothing else (no FROM, WHERE, aggregates,
   sublinks, set-returning functions), of the declared result type. The expression
   must be no more volatile than the function is declared; for a STRICT function it must
   be strict (operators and functions that are strict, over its arguments) and use every
   argument. An argument used twice must be cheap (at most 10 operators), non-volatile
   and free of subqueries. Calls inside the result are inlined too (not the function
   itself again).
3. Set-returning (RETURNS SETOF / TABLE, in FROM without ORDINALITY), neither STRICT
   nor VOLATILE (a volatile function runs with its own snapshot): the body is one SELECT
   of any shape (set operations, grouping, ORDER BY / LIMIT, subqueries), its columns
   coerced (by assignment) to the declared columns' types and, for a composite type,
   typmods; the arguments are free of volatile calls, subqueries and this query's
   columns, and replace $n at every level of the body. The subquery then may be pulled
   up like any other.
4. Anything unexpected (a body that does not parse or analyse now) leaves the call as
   it is: the function runs as before.

PostgreSQL: optimizer/util/clauses.c (inline_function, substitute_actual_parameters,
inline_set_returning_function).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import function_creation
from pgsnake.parser.expression_nodes import (Aggref, CoerceExpr, Const, FuncExpr, OpExpr,
                                             Param, SubLink, SubPlan, Var, walk)
from pgsnake.utils.errors import PgError

SQL_LANGUAGE_OID = 14
FIRST_NORMAL_OBJECT_ID = 16384
RECORD_OID = 2249
_CHEAP_PARAM_COST = 10          # cpu_operator_cost units an argument used twice may cost

_scalar_bodies: dict = {}       # pg_proc row contents -> the body's expression or None


def inline_functions(expr, active: frozenset = frozenset()):
    from pgsnake.optimizer.subselect import _rebuild
    if expr is None:
        return None

    def replace(e):
        if isinstance(e, FuncExpr) and e.function_oid >= FIRST_NORMAL_OBJECT_ID \
                and not e.returns_set and e.function_oid not in active:
            args = tuple(inline_functions(a, active) for a in e.args)
            call = e if all(a is b for a, b in zip(args, e.args)) \
                else dataclasses.replace(e, args=args)
            inlined = _inline(call)
            if inlined is None:
                return call
            return inline_functions(inlined, active | {e.function_oid})
        code = getattr(e.fn, "oid", 0) if isinstance(e, OpExpr) else 0
        if code >= FIRST_NORMAL_OBJECT_ID and e.operator_oid >= FIRST_NORMAL_OBJECT_ID \
                and code not in active:
            # a user operator's SQL function inlines as a call of it would
            # (pl/user_operators.py gives its fn the function's oid)
            args = tuple(inline_functions(a, active) for a in e.args)
            call = e if all(a is b for a, b in zip(args, e.args)) \
                else dataclasses.replace(e, args=args)
            inlined = _inline_row(_function_row(code), call.args)
            if inlined is None:
                return call
            return inline_functions(inlined, active | {code})
        return None
    return _rebuild(expr, replace)


def _function_row(oid: int, call=None):
    """The function's pg_proc row; for a call of a polymorphic function, with the
    types bound to that call (pl/function_manager.bound_row)."""
    try:
        row = function_creation.function_row(oid)
    except PgError:
        return None
    binding = getattr(getattr(call, "fn", None), "binding", None)
    if row is not None and binding:
        row = row._replace(**dict(binding))
    return row


def _plain_call(call, row) -> bool:
    positions = getattr(call.fn, "positions", None)
    return (row.pronargs == len(call.args) and positions == tuple(range(row.pronargs))
            and getattr(call.fn, "ninputs", None) == row.pronargs)


def _inlinable_row(row) -> bool:
    return (row is not None and row.prolang == SQL_LANGUAGE_OID and row.prokind == "f"
            and not row.prosecdef and not row.proconfig)


def _inline(call):
    row = _function_row(call.function_oid, call)
    if row is None or not _plain_call(call, row):
        return None
    return _inline_row(row, call.args)


def _inline_row(row, call_args):
    """The body of SQL function `row` with `call_args` in place of its parameters, or
    None when PostgreSQL's inline_function would not inline it."""
    if not _inlinable_row(row) or row.proretset or row.prorettype == RECORD_OID \
            or row.pronargs != len(call_args):
        return None
    if row.provolatile == "i" and all(isinstance(a, Const) for a in call_args):
        # PostgreSQL runs such a call while planning (evaluate_function) and shows its
        # value; here it runs when the plan does, as the function it is.
        return None
    body = _scalar_body(row)
    if body is None:
        return None
    if not _volatility_allows(body, row.provolatile):
        return None
    counts = [0] * row.pronargs
    for node in walk(body):
        if isinstance(node, Param) and node.kind == "extern" and 0 < node.number <= row.pronargs:
            counts[node.number - 1] += 1
    if row.proisstrict and (0 in counts or not _is_strict(body)):
        return None
    for count, arg in zip(counts, call_args):
        if count > 1 and not _cheap_and_stable(arg):
            return None

    def substitute(e):
        if isinstance(e, Param) and e.kind == "extern" and 0 < e.number <= len(call_args):
            return call_args[e.number - 1]
        return None
    from pgsnake.optimizer.subselect import _rebuild
    return _rebuild(body, substitute)


def _row_key(row) -> tuple:
    return (row.oid, row.prosrc, row.prosqlbody, tuple(row.proargtypes), row.prorettype,
            row.provolatile, row.proisstrict, tuple(row.proargnames or ()))


def _scalar_body(row):
    key = _row_key(row)
    if key not in _scalar_bodies:
        _scalar_bodies[key] = _analyze_scalar_body(row)
    return _scalar_bodies[key]


def _analyze_body(row):
    """The body's one statement analysed with the arguments as $n (and by name), or
    None when it is not one statement that analyses now."""
    from pgsnake.parser import analyze, raw_parser, transform_expression
    text = row.prosqlbody if row.prosqlbody is not None else row.prosrc
    arg_types = list(row.proargtypes)
    by_name = {name: i for i, name in enumerate(function_creation.input_arg_names(row)) if name}

    def hook(names, resolve_column, position):
        try:
            return resolve_column()
        except PgError as err:
            if err.sqlstate not in ("42703", "42P01"):
                raise
            index = None
            if len(names) == 1:
                index = by_name.get(names[0])
            elif len(names) == 2 and names[0] == row.proname:
                index = by_name.get(names[1])
            if index is None:
                raise
            return Param(index + 1, arg_types[index])

    previous = transform_expression.set_column_ref_hook(hook)
    try:
        raws = raw_parser.parse_sql(text)
        if len(raws) != 1:
            return None
        query, _ = analyze.analyze(raws[0], list(arg_types), fixed_params=True)
    except PgError:
        return None
    finally:
        transform_expression.set_column_ref_hook(previous)
    if query.command_type != "SELECT":
        return None
    return query


def _is_expression_select(q) -> bool:
    """`SELECT expr` and nothing else: what a scalar body must be to inline."""
    return not (q.set_operation is not None or q.has_aggregates or q.group_by
                or q.having is not None or q.has_window_functions or q.sort_clause
                or q.limit_count is not None or q.limit_offset is not None or q.distinct
                or q.distinct_on or q.cte_list or q.row_marks or q.grouping_sets is not None
                or q.from_list or q.where is not None)


def _analyze_scalar_body(row):
    query = _analyze_body(row)
    if query is None or not _is_expression_select(query):
        return None
    outputs = query.output_columns()
    if len(outputs) != 1:
        return None
    expr = outputs[0].expr
    if expr.type_oid != row.prorettype:
        return None
    for node in walk(expr):
        if isinstance(node, (SubLink, SubPlan, Aggref)) or \
                isinstance(node, FuncExpr) and node.returns_set:
            return None
    return expr


def _volatility_of(node) -> str:
    return getattr(node, "volatility", "i") if isinstance(node, (FuncExpr, OpExpr)) else "i"


def _volatility_allows(expr, declared: str) -> bool:
    order = {"i": 0, "s": 1, "v": 2}
    worst = max((order.get(_volatility_of(n), 0) for n in walk(expr)), default=0)
    return worst <= order.get(declared, 2)


def _is_strict(expr) -> bool:
    """NULL in any argument gives NULL (no non-strict node: contain_nonstrict_functions)."""
    for node in walk(expr):
        if isinstance(node, (Var, Param, Const)):
            continue
        if isinstance(node, (OpExpr, FuncExpr)) and node.strict:
            continue
        if isinstance(node, CoerceExpr):
            continue
        return False
    return True


def _cheap_and_stable(arg) -> bool:
    from pgsnake.optimizer import cost
    if any(isinstance(n, (SubLink, SubPlan)) for n in walk(arg)):
        return False
    if not _volatility_allows(arg, "s"):
        return False
    return cost.qual_cost_per_row([arg]) <= _CHEAP_PARAM_COST * cost.CPU_OPERATOR_COST


# -- set-returning functions in FROM ------------------------------------------------------------

def inline_set_returning_function(rte):
    """The Query a FROM function call (kind 'function') becomes, or None."""
    call = rte.function
    if not isinstance(call, FuncExpr) or rte.with_ordinality or not call.returns_set \
            or call.function_oid < FIRST_NORMAL_OBJECT_ID:
        return None
    row = _function_row(call.function_oid, call)
    if not _inlinable_row(row) or not row.proretset or not _plain_call(call, row) \
            or row.proisstrict or row.provolatile == "v":
        return None
    for arg in call.args:
        if any(isinstance(n, (SubLink, SubPlan, Var)) for n in walk(arg)):
            return None
        if not _volatility_allows(arg, "s"):
            return None
    query = _analyze_body(row)
    if query is None:
        return None
    if not _coerce_outputs(query, call, rte.column_types):
        return None
    args = call.args

    def param(e):
        if isinstance(e, Param) and e.kind == "extern" and 0 < e.number <= len(args):
            return args[e.number - 1]
        return None
    # the arguments hold no Vars, so they mean the same at every query level of the body
    _substitute_everywhere(query, param)
    return query


def _substitute_everywhere(query, replace) -> None:
    from pgsnake.rewrite import tree_mapping
    substitute_in_query(query, replace)
    for nested in tree_mapping.nested_queries(query):
        _substitute_everywhere(nested, replace)


def _coerce_outputs(query, call, column_types) -> bool:
    """The body's columns made the declared ones (check_sql_fn_retval): each coerced by
    assignment to its declared type and, for a composite result, its typmod (a
    numeric(35,6) column rounds); False when a column cannot be (the call then runs,
    and fails, as it is)."""
    from pgsnake.parser.coercion import coerce_to_type
    from pgsnake.parser.composite_expressions import composite_columns
    outputs = query.output_columns()
    if len(outputs) != len(column_types):
        return False
    declared = composite_columns(call.type_oid) if call.type_oid != RECORD_OID else None
    typmods = [typmod for _n, _t, typmod in declared] \
        if declared and len(declared) == len(outputs) else [-1] * len(outputs)
    for entry, type_oid, typmod in zip(outputs, column_types, typmods):
        expr = entry.expr
        if expr.type_oid == type_oid and typmod in (-1, getattr(expr, "typmod", -1)):
            continue
        try:
            coerced = coerce_to_type(None, expr, type_oid, typmod, "assignment")
        except PgError:
            return False
        if coerced is None:
            return False
        entry.expr = coerced
    return True


def substitute_in_query(value, replace, _seen=None):
    """Every expression of a freshly analysed query (or part of one) with replace()
    applied, in place: expression nodes are rebuilt, named tuples keep their type, and
    the query's relations, functions, CTEs and subqueries are not entered. Also used by
    EXPLAIN EXECUTE (commands/explain_targets.py) to put argument values for $n. A
    mutable node reached twice (a query's parts may refer to each other) is done once."""
    from pgsnake.optimizer.subselect import _rebuild
    seen = set() if _seen is None else _seen
    if isinstance(value, list):
        for i, v in enumerate(value):
            value[i] = substitute_in_query(v, replace, seen)
        return value
    if isinstance(value, dict):
        for k, v in value.items():
            value[k] = substitute_in_query(v, replace, seen)
        return value
    if isinstance(value, tuple):
        items = [substitute_in_query(v, replace, seen) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "type_oid"):
            return _rebuild(value, replace)
        if type(value).__module__.startswith("pgsnake.parser."):
            if id(value) in seen:
                return value
            seen.add(id(value))
            for field in dataclasses.fields(value):
                if field.name in ("relation", "fn", "cte", "subquery"):
                    continue
                old = getattr(value, field.name)
                new = substitute_in_query(old, replace, seen)
                if new is not old:
                    setattr(value, field.name, new)
    return value
    if isinstance(value, dict):
        for k, v in value.items():
            value[k] = substitute_in_query(v, replace)
        return value
    if isinstance(value, tuple):
        items = [substitute_in_query(v, replace) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "type_oid"):
            return _rebuild(value, replace)
        if type(value).__module__.startswith("pgsnake.parser."):
            for field in dataclasses.fields(value):
                if field.name in ("relation", "fn", "cte", "subquery"):
                    continue
                old = getattr(value, field.name)
                new = substitute_in_query(old, replace)
                if new is not old:
                    setattr(value, field.name, new)
    return value
