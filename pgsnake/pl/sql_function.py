"""Running LANGUAGE sql functions: every statement of the body in order, the last one's
rows as the result (its first row, or all of them for a set-returning function).

The body is the function's prosrc string or, for an SQL-standard body (RETURN expr,
BEGIN ATOMIC ... END), the statements kept in prosqlbody. Arguments are $1, $2, ... and
also their names; as in PostgreSQL a table column of the same name wins over an
argument's name, and `function_name.argument` names it explicitly. Each statement is
prepared on first use and kept with the compiled function (spi.py), so a statement may
use a table an earlier statement of the same body created.

A result row is converted to the declared result type (assignment casts): a scalar is
its first column, a record (OUT parameters, RETURNS TABLE) the row as a tuple, void None.

Errors inside the body carry the CONTEXT line 'SQL function "f" statement N'.

Entry points: call(row, args) -> value | list; validate(row, body_position) (CREATE
FUNCTION's check of the body, as PostgreSQL's sql_function_validator with
check_function_bodies on: every statement is analysed, and the last one must give the
declared result).

PostgreSQL: executor/functions.c (fmgr_sql, init_sql_fcache, sql_exec_error_callback,
check_sql_fn_retval), parser/parse_param.c + functions.c's sql_fn_post_column_ref.
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import function_creation, invalidation
from pgsnake.datatypes.registry import Record
from pgsnake.parser.expression_nodes import Param
from pgsnake.pl import error_context, function_manager, spi, values
from pgsnake.utils.errors import PgError

RECORD = 2249
VOID = 2278
_NOT_FOUND = ("42703", "42P01")


class CompiledSqlFunction:
    __slots__ = ("name", "statements", "result_type", "returns_set", "_row", "_out_types",
                 "_out_typmods", "_out_types_generation", "fast")

    def __init__(self, row) -> None:
        self.name = row.proname
        arg_names = function_creation.input_arg_names(row)
        arg_types = list(row.proargtypes)
        by_name = {name: i for i, name in enumerate(arg_names) if name}

        def hook(names, resolve_column, position):
            try:
                return resolve_column()
            except PgError as err:
                if err.sqlstate not in _NOT_FOUND:
                    raise
                index, fields = None, []
                if len(names) == 1:
                    index = by_name.get(names[0])
                elif len(names) == 2 and names[0] == row.proname and names[1] in by_name:
                    index = by_name.get(names[1])
                elif len(names) == 2:             # arg.field of a composite argument
                    index, fields = by_name.get(names[0]), names[1:]
                elif len(names) == 3 and names[0] == row.proname:     # fn.arg.field
                    index, fields = by_name.get(names[1]), names[2:]
                if index is None:
                    raise
                param = Param(index + 1, arg_types[index])
                if fields:
                    from pgsnake.parser import composite_expressions
                    return composite_expressions.select_fields(None, param, fields, position)
                return param

        text = row.prosqlbody if row.prosqlbody is not None else row.prosrc
        if row.prosqlbody is not None and text.startswith("RETURN "):
            text = "SELECT " + text[len("RETURN "):]        # CREATE FUNCTION ... RETURN expr
        self.statements = spi.prepare_text(text, arg_types, hook)
        for statement in self.statements:     # fmgr_sql's readonly_func
            statement.read_only = row.provolatile != "v"
            if statement.raw.kind == "CallStmt" and statement.columns:   # check_sql_fn_statements
                raise PgError("0A000", "calling procedures with output arguments is not "
                                       "supported in SQL functions",
                              context=f'SQL function "{row.proname}"')
        self.result_type = row.prorettype
        self.returns_set = row.proretset
        self._row = row
        self._out_types = None
        self._out_typmods = None
        self._out_types_generation = None
        self.fast = None         # (statement, compiled expression, type) for a bare SELECT expr


    @property
    def out_types(self) -> list[int] | None:
        """The result row's column types; a table's row type may have gained or lost
        columns since the function was compiled, so they are looked up again after any
        catalog change (as the body's statements are re-planned, spi.py)."""
        generation = invalidation.shared_counter()
        if generation != self._out_types_generation:
            columns = function_manager.result_columns(self._row)
            self._out_types = [t for _, t in columns] if columns is not None else None
            self._out_typmods = _composite_typmods(self.result_type, columns)
            self._out_types_generation = generation
        return self._out_types

    @property
    def out_typmods(self) -> list[int]:
        """The typmods of the result row's columns (a table's numeric(p, s), varchar(n)
        columns: the row is coerced to them, as check_sql_fn_retval's casts do)."""
        if self.out_types is None:
            return []
        return self._out_typmods


def _composite_typmods(type_oid: int, columns) -> list[int]:
    """The typmods of a composite result type's live columns (-1 for other results)."""
    from pgsnake.catalog import catalog_cache as cc
    if columns is None:
        return []
    type_row = cc.get_type_row(type_oid)
    if type_row is None or not type_row.typrelid:
        return [-1] * len(columns)
    return [a.typmod for a in cc.get_relation(type_row.typrelid).attributes
            if a.attnum > 0 and not a.is_dropped]


class _Frame:
    __slots__ = ("name", "statement_number")

    def __init__(self, name: str) -> None:
        self.name = name
        self.statement_number = 0

    def context_lines(self) -> list[str]:
        if not self.statement_number:
            return [f'SQL function "{self.name}" during startup']
        return [f'SQL function "{self.name}" statement {self.statement_number}']


def call(row, args: list):
    function = function_manager.compiled(row, CompiledSqlFunction)
    frame = _Frame(function.name)
    error_context.push(frame)
    try:
        result = None
        if row.provolatile != "v":
            spi.check_read_only(function.statements)
        if len(function.statements) == 1 and not function.returns_set and \
                function.statements[0].raw.kind != "DeclareCursorStmt":
            frame.statement_number = 1
            value = _evaluate_simple(function, args)
            if value is not _NOT_SIMPLE:
                return value
        for number, statement in enumerate(function.statements, start=1):
            frame.statement_number = number
            if statement.raw.kind == "DeclareCursorStmt":
                result = _declare_cursor(statement, args)
                continue
            result = statement.execute(list(args))
        return _shape_result(function, statement if function.statements else None, result)
    except PgError as err:
        error_context.add_frame_context(err, frame)
        raise
    finally:
        error_context.pop(frame)


_NOT_SIMPLE = object()


def _declare_cursor(statement, args: list) -> None:
    """DECLARE ... CURSOR FOR query in the body: a cursor of the session over the query,
    the function's arguments bound (PortalRunUtility's PerformCursorOpen)."""
    from pgsnake.pl.plpgsql import cursors
    body = statement.raw.node["DeclareCursorStmt"]
    query = body["query"]
    plan = spi.SpiStatement(dataclasses.replace(statement.raw, node=query,
                                                kind=next(iter(query))),
                            statement.param_types, statement.hook)
    plan.for_cursor = True
    cursors.declare(body["portalname"], plan, args, body.get("options", 0), statement.text)
    return None


def _evaluate_simple(function: CompiledSqlFunction, args: list):
    """A body that is one `SELECT expr` (no FROM, aggregate, ...) is evaluated as an
    expression, without a plan-state tree: what PostgreSQL gets by inlining it."""
    from pgsnake.executor.expression_eval import ExecutorState
    from pgsnake.pl.plpgsql.expressions import fast_path
    if function.out_types is not None:
        return _NOT_SIMPLE            # a row result: shaped from the statement's columns
    statement = function.statements[0]
    fast = function.fast
    prepared = statement.prepared()
    if fast is None or fast[0] is not prepared:
        fast = function.fast = fast_path(statement) or (prepared, None, 0)
    if fast[1] is None:
        return _NOT_SIMPLE
    value = fast[1](None, ExecutorState(list(args), None))
    if function.result_type == VOID:
        return None
    return values.coerce(value, fast[2], function.result_type)


def _shape_result(function: CompiledSqlFunction, statement, result):
    if function.result_type == VOID:
        return [] if function.returns_set else None
    rows = result.rows if result is not None else []
    columns = result.columns or [] if result is not None else []
    source_types = [c.type_oid for c in columns]
    if function.out_types == [] and function.result_type == RECORD:
        # An anonymous record: its rows carry their column types (a column definition
        # list in FROM is checked against them; a record prints as "(1,a)").
        shaped = [Record(tuple(source_types), tuple(r)) for r in rows]
    elif function.out_types is not None and len(source_types) == 1 \
            and source_types[0] == function.result_type and function.result_type != RECORD:
        # one column of the function's composite type itself (SELECT row(...)::t): its
        # value is the result row (check_sql_fn_retval)
        shaped = [None if r[0] is None else tuple(r[0].values) for r in rows]
    elif function.out_types and len(source_types) == 1 and source_types[0] == RECORD \
            and function.result_type != RECORD \
            and all(r[0] is None or len(r[0].values) == len(function.out_types)
                    for r in rows):
        # one column of an anonymous record (SELECT row(a, b)) for a composite result:
        # the result row, its fields coerced to the declared ones (check_sql_fn_retval
        # takes a lone column that coerces to the return type as the row)
        shaped = [None if r[0] is None else tuple(
            values.coerce(v, s, t, m) for v, s, t, m in zip(
                r[0].values, r[0].type_oids, function.out_types, function.out_typmods))
            for r in rows]
    elif function.out_types and len(source_types) == 1 and source_types[0] == RECORD \
            and function.result_type == RECORD:
        # OUT parameters and one column of an anonymous record (SELECT (1, 2.1)): the
        # record is the result, as check_sql_fn_retval takes a lone column of the
        # return type; a Function Scan checks its fields against the OUT types
        # (tupledesc_match), a call in the select list returns it as it is
        shaped = [r[0] for r in rows]
    elif function.out_types is not None:
        targets = function.out_types or source_types
        typmods = function.out_typmods if function.out_types else [-1] * len(targets)
        shaped = [tuple(values.coerce(v, s, t, m) for v, s, t, m
                        in zip(r, source_types, targets, typmods)) for r in rows]
    else:
        source = source_types[0] if source_types else 0
        shaped = [values.coerce(r[0], source, function.result_type) for r in rows]
    if function.returns_set:
        return shaped
    return shaped[0] if shaped else None


def validate(row, body_position: int | None) -> None:
    """Analyse every statement; an error's position is moved from the body into the
    CREATE statement (body_position: the body's first character there, 0-based)."""
    from pgsnake.datatypes import polymorphic_binding, registry
    from pgsnake.datatypes.type_coercion import can_coerce
    if any(polymorphic_binding.is_polymorphic(t)
           for t in list(row.proallargtypes or row.proargtypes) + [row.prorettype]):
        # analysed per call, with the call's types (PostgreSQL only parses such a body
        # at CREATE)
        from pgsnake.parser import raw_parser
        raw_parser.parse_sql(row.prosrc or "SELECT 1")
        return
    try:
        function = CompiledSqlFunction(row)
        columns = None
        for statement in function.statements:
            if statement.raw.kind in ("SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt"):
                columns = statement.columns
            else:
                columns = None
    except PgError as err:
        if err.position is not None:
            err.position = err.position + body_position if body_position is not None else None
        raise
    result_type = row.prorettype
    if result_type == VOID or row.prokind == "p":
        return
    shown = registry.format_type(result_type)
    if columns is None:
        raise PgError("42P13", f"return type mismatch in function declared to return {shown}",
                      detail="Function's final statement must be SELECT or "
                             "INSERT/UPDATE/DELETE RETURNING.",
                      context=f'SQL function "{row.proname}"')
    if function.out_types is not None:
        return
    if len(columns) != 1:
        raise PgError("42P13", f"return type mismatch in function declared to return {shown}",
                      detail="Final statement must return exactly one column.",
                      context=f'SQL function "{row.proname}"')
    actual = columns[0].type_oid
    if actual != result_type and not can_coerce(actual, result_type, "assignment"):
        raise PgError("42P13", f"return type mismatch in function declared to return {shown}",
                      detail=f"Actual return type is {registry.format_type(actual)}.",
                      context=f'SQL function "{row.proname}"')
