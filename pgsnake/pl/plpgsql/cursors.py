"""PL/pgSQL's cursor statements: OPEN (FOR query, FOR EXECUTE, a bound cursor with its
arguments), FETCH / MOVE in every direction, CLOSE, and FOR rec IN cursor(args) LOOP.

A cursor variable (refcursor) holds a portal's name. OPEN makes the portal in the
session's portal table (tcop/pl_cursor_portals.py installs the door to it with
register_portals, since tcop is a higher layer): named by the variable's value when it
is not NULL (42P03 "already in use" when such a portal exists), else by a new
"<unnamed portal N>" that is stored in the variable. So a function can return the
refcursor, and the caller FETCHes from it in SQL; UPDATE / DELETE ... WHERE CURRENT OF
a cursor variable reads the variable's value as the cursor's name (parser/current_of.py).
A bound cursor's query (DECLARE c CURSOR (k int) FOR SELECT ... k ...) sees the
cursor's arguments as variables of its own: OPEN c(5) / c(k := 5) evaluates the
argument list as one row into them, then runs the query. As in PostgreSQL 15, a bound
cursor variable starts with its own name as its value.

The counter of unnamed portals is the backend's: FOR loops over a query or EXECUTE take
a number too (PostgreSQL runs them through an unnamed SPI cursor), so the names match.

Entry points: register_portals(portals), next_unnamed_name(), stmt_open, stmt_fetch,
stmt_close, stmt_forc (the interpreter's handlers), declare (a SQL function's DECLARE).
PostgreSQL: pl/plpgsql/src/pl_exec.c (exec_stmt_open, exec_stmt_fetch,
exec_stmt_close, exec_stmt_forc, exec_for_query), pl_gram.y (read_cursor_args).
"""
from __future__ import annotations

from pgsnake.pl import values
from pgsnake.pl.plpgsql import expressions
from pgsnake.utils.errors import PgError

REFCURSOR = 1790
CURSOR_OPT_FAST_PLAN = 0x0100

_portals = None
_unnamed_count = 0


def register_portals(portals) -> None:
    """tcop's door to the session's portals: open(name, statement, params, options,
    text), fetch(name, direction, count, move) -> (columns, rows, tag), close(name),
    exists(name)."""
    global _portals
    _portals = portals


def _door():
    if _portals is None:
        raise PgError("0A000", "cursors are not available in this process")
    return _portals


def next_unnamed_name() -> str:
    """CreateNewPortal's name for a portal opened without one."""
    global _unnamed_count
    _unnamed_count += 1
    return f"<unnamed portal {_unnamed_count}>"


def _cursor_name(frame, dno: int) -> str:
    """The portal a cursor variable names (FETCH / MOVE / CLOSE)."""
    value = frame.values[dno]
    if value is None:
        raise PgError("22004", f'cursor variable "{frame.function.datums[dno].name}" is null')
    return value


def _check_opened(text_of_kind: str) -> None:
    kinds = {"INSERT": "INSERT", "UPDATE": "UPDATE", "DELETE": "DELETE", "MERGE": "MERGE"}
    if text_of_kind in kinds:
        raise PgError("42P11", f"cannot open {kinds[text_of_kind]} query as cursor")
    if text_of_kind != "SELECT":
        raise PgError("42P11", f"cannot open {text_of_kind} query as cursor")


def _bound_arguments(frame, datum, argquery) -> None:
    """OPEN c(args): the argument row's values into the cursor's argument variables."""
    if datum.cursor_args_dno is None:
        if argquery is not None:
            raise PgError("42601", f'cursor "{datum.name}" has no arguments')
        return
    if argquery is None:
        raise PgError("42601", f'cursor "{datum.name}" has arguments')
    plan = expressions.prepared(frame, argquery)
    with frame.running_sql(expressions.sql_label(argquery)):
        result = plan.execute(expressions.slot_values(frame, argquery))
    frame.assign_row(datum.cursor_args_dno, result.columns or [],
                     result.rows[0] if result.rows else None)


def _open(frame, dno: int, statement_of, options: int, label: str) -> str:
    """Open the cursor of variable `dno` over the (SpiStatement, params) statement_of()
    gives; returns the portal's name."""
    door = _door()
    name = frame.values[dno]
    if name is not None and door.exists(name):
        raise PgError("42P03", f'cursor "{name}" already in use')
    plan, params, text = statement_of()
    with frame.running_sql(label):
        statement = plan.prepared()
        _check_opened(statement.command_kind)
        plan.before_cursor()
        generated = name is None
        if generated:
            name = next_unnamed_name()
        door.open(name, statement, list(params), options, text)
    datum = frame.function.datums[dno]
    if generated and datum.is_const:
        # the generated name cannot be stored (the portal stays open, as in pl_exec.c)
        raise PgError("22005", f'variable "{datum.name}" is declared CONSTANT')
    frame.values[dno] = name
    return name


def declare(name: str, plan, params: list, options: int, text: str) -> None:
    """DECLARE name CURSOR FOR query in a SQL function's body: a cursor of the session
    over `plan` (an spi.SpiStatement) with `params` bound."""
    door = _door()
    if door.exists(name):
        raise PgError("42P03", f'cursor "{name}" already exists')
    statement = plan.prepared()
    plan.before_cursor()
    door.open(name, statement, list(params), options, text)


def _bound_statement(frame, datum, argquery):
    """The (plan, params, text) of a bound cursor's query for this OPEN."""
    def statement_of():
        _bound_arguments(frame, datum, argquery)
        expr = datum.cursor_query
        plan = expressions.prepared(frame, expr, for_cursor=True)
        return plan, expressions.slot_values(frame, expr), expr.text
    return statement_of


def stmt_open(frame, body):
    dno = body.get("curvar", 0)
    datum = frame.function.datums[dno]
    if "query" in body:
        expr = body["query"]

        def statement_of():
            plan = expressions.prepared(frame, expr, for_cursor=True)
            return plan, expressions.slot_values(frame, expr), expr.text
        options, label = body.get("cursor_options", 0), expressions.sql_label(expr)
    elif "dynquery" in body:
        from pgsnake.pl.plpgsql import interpreter

        def statement_of():
            try:
                plan, args, text = interpreter._dynamic(frame, body, "dynquery")
            except PgError as err:
                if err.message.startswith("cannot insert multiple commands"):
                    raise PgError("42P11", "cannot open multi-query plan as cursor") from None
                raise
            plan.for_cursor = True
            return plan, args, text
        options, label = body.get("cursor_options", 0), None
    else:
        if datum.cursor_query is None:
            raise PgError("42601", f'cursor "{datum.name}" has no query bound to it')
        statement_of = _bound_statement(frame, datum, body.get("argquery"))
        options, label = datum.cursor_options, expressions.sql_label(datum.cursor_query)
    _open(frame, dno, statement_of, options, label)
    return None


def _count(frame, body) -> int:
    expr = body.get("expr")
    if expr is None:
        return body.get("how_many", 1)
    value, source = expressions.evaluate(frame, expr)
    value = values.coerce(value, source, 20)
    if value is None:
        raise PgError("22004", "relative or absolute cursor position is null")
    return value


def stmt_fetch(frame, body):
    dno = body.get("curvar", 0)
    name = _cursor_name(frame, dno)
    move = bool(body.get("is_move"))
    if move:
        frame.statement = ("move", frame.statement[1])
    count = _count(frame, body)
    direction = body.get("direction", 0)
    columns, rows, tag = _door().fetch(name, direction, count, move)
    processed = int(tag.rsplit(" ", 1)[-1])
    if not move:
        target = body.get("_target_dno")
        if target is not None:
            frame.assign_row(target, columns or [], rows[0] if rows else None)
    frame.row_count = processed
    frame.values[frame.function.found_dno] = processed > 0
    return None


def stmt_close(frame, body):
    _door().close(_cursor_name(frame, body.get("curvar", 0)))
    return None


def stmt_forc(frame, body):
    """FOR rec IN cursor(args) LOOP: open the bound cursor, loop over its rows, close
    it; a variable that was NULL before the loop is NULL again after."""
    from pgsnake.pl.plpgsql import interpreter
    dno = body.get("curvar", 0)
    datum = frame.function.datums[dno]
    was_null = frame.values[dno] is None
    name = _open(frame, dno, _bound_statement(frame, datum, body.get("argquery")),
                 datum.cursor_options, expressions.sql_label(datum.cursor_query))
    door = _door()
    target = body["_target_dno"]
    found = False
    code = None
    columns = []
    try:
        while True:
            # one row at a time (exec_stmt_forc does not prefetch): the loop's body may
            # UPDATE / DELETE ... WHERE CURRENT OF the cursor, which names the row
            # fetched last
            columns, rows, _tag = door.fetch(name, 0, 1, False)
            for row in rows:
                found = True
                frame.assign_row(target, columns or [], row)
                stop, code = interpreter._loop_control(
                    body, interpreter._run_statements(frame, body.get("body", ())))
                if stop:
                    break
            else:
                if rows:
                    continue
            break
    finally:
        if door.exists(name):
            door.close(name)
        if was_null:
            frame.values[dno] = None
    frame.values[frame.function.found_dno] = found
    return code
