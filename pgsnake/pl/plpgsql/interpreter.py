"""The PL/pgSQL interpreter: runs a compiled function (compiler.py) for one call.

A call gets a Frame: the values of its datums (variables; records, which take the
shape of whatever row they are given; rows, which are lists of variables), the set
being built by RETURN NEXT / RETURN QUERY, and where it is (for CONTEXT lines). The
statements run from the tree; each returns how control leaves it: normally, by EXIT
or CONTINUE (with an optional label), or by RETURN (PostgreSQL's PLPGSQL_RC_* codes).

An EXCEPTION block runs its body in a subtransaction (access/transam/xact.py
begin_internal_subtransaction, as PostgreSQL's exec_stmt_block does): if the body
fails with an error a handler names, the subtransaction is rolled back (its changes
vanish; variables keep their values, as in PostgreSQL), this backend's pins and
LWLocks taken inside are released, and the handler runs with SQLSTATE / SQLERRM set.
OTHERS catches everything but query_canceled and assert_failure. Without a matching
handler the error goes on up.

Triggers: the interpreter takes an `environment` of extra variables (name -> (type,
value)) visible in the outermost scope, which is where NEW / OLD / TG_* will go.

Entry points: call(row, args, atomic=True) -> value | list | tuple | None (a procedure:
its INOUT / OUT values), run_inline(body, atomic=True), call_trigger(row, environment).

PostgreSQL: pl/plpgsql/src/pl_exec.c (plpgsql_exec_function, exec_stmt_*,
exec_stmt_block's subtransactions, exception_matches_conditions, exec_stmt_raise),
pl_handler.c (plpgsql_call_handler, plpgsql_inline_handler).
"""
from __future__ import annotations

import contextlib
import numbers

from pgsnake.access.transam import xact
from pgsnake.datatypes import registry, type_coercion, user_type_facts
from pgsnake.pl import error_context, function_manager, values
from pgsnake.pl.plpgsql import compiler, conditions, cursors, expressions
from pgsnake.pl.plpgsql.compiler import REC, ROW, VAR, RECORD
from pgsnake.utils import notices, settings
from pgsnake.utils.errors import PgError

VOID = 2278
_EXIT, _CONTINUE, _RETURN = "exit", "continue", "return"

# exec_stmt's names for statements in CONTEXT lines (plpgsql_stmt_typename)
_STATEMENT_NAMES = {
    "block": "statement block", "assign": "assignment", "if": "IF", "case": "CASE",
    "loop": "LOOP", "while": "WHILE", "fori": "FOR with integer loop variable",
    "fors": "FOR over SELECT rows", "forc": "FOR over cursor", "foreach_a": "FOREACH over array",
    "return": "RETURN", "return_next": "RETURN NEXT", "return_query": "RETURN QUERY",
    "raise": "RAISE", "assert": "ASSERT", "execsql": "SQL statement", "dynexecute": "EXECUTE",
    "dynfors": "FOR over EXECUTE statement", "getdiag": "GET DIAGNOSTICS", "open": "OPEN",
    "fetch": "FETCH", "move": "MOVE", "close": "CLOSE", "perform": "PERFORM", "call": "CALL",
    "commit": "COMMIT", "rollback": "ROLLBACK",
}
# RAISE levels (elog.h)
_LEVELS = {10: "DEBUG", 11: "DEBUG", 12: "DEBUG", 13: "DEBUG", 14: "DEBUG", 15: "LOG",
           17: "INFO", 18: "NOTICE", 19: "WARNING", 21: "ERROR"}


class Record:
    """A record variable's current row: column names, types and values. `null`: the
    record is NULL but its shape is known (a trigger's NEW / OLD where the event has no
    such row): it reads as NULL, its fields as NULL, and assigning a field makes it a
    row (PostgreSQL's expanded record of the table's row type). `type_oid`: the named
    composite type the row has (a trigger's table row type), RECORD when anonymous; it
    is what `(OLD).a` is resolved against."""
    __slots__ = ("names", "types", "values", "null", "type_oid")

    def __init__(self, names, types, values, null: bool = False,
                 type_oid: int = RECORD) -> None:
        self.names, self.types, self.values = list(names), list(types), list(values)
        self.null = null
        self.type_oid = type_oid


class Frame:
    __slots__ = ("function", "values", "result_set", "statement", "sql_text",
                 "handled_errors", "row_count", "return_value", "return_type", "in_init",
                 "atomic", "_simple_estate", "result_columns")

    def __init__(self, function: compiler.PlFunction, atomic: bool = True) -> None:
        self.function = function
        # A procedure run by a top-level CALL (or a DO block) outside a transaction
        # block may COMMIT / ROLLBACK (PostgreSQL's non-atomic execution context).
        self.atomic = atomic
        self.values: list = [None] * len(function.datums)
        self.result_set: list = []
        self.statement = None          # (kind, lineno) running now
        self.sql_text = None           # 'SQL statement "..."' while one runs
        self.handled_errors: list = []  # errors being handled, innermost last
        self.row_count = 0
        self.return_value = None
        self.return_type = 0
        self.in_init = False
        self._simple_estate = None
        # (name, type) of the result row's columns, None for a single value
        self.result_columns = function.result_columns if not function.result_row_type \
            else function_manager.composite_columns(function.result_row_type)

    @property
    def simple_estate(self):
        """One executor state for the call's simple expressions (their parameters are
        set before each evaluation), made on first use."""
        if self._simple_estate is None:
            from pgsnake.executor.expression_eval import ExecutorState
            self._simple_estate = ExecutorState([], None)
        return self._simple_estate

    # ---- context -------------------------------------------------------------------
    def context_lines(self) -> list[str]:
        lines = [self.sql_text] if self.sql_text else []
        name = self.function.name
        if self.in_init:
            lines.append(f"PL/pgSQL function {name} line {self.statement[1]} during "
                         f"statement block local variable initialization")
        elif self.statement is None:
            lines.append(f"PL/pgSQL function {name}")
        else:
            kind, lineno = self.statement
            lines.append(f"PL/pgSQL function {name} line {lineno} at {_STATEMENT_NAMES.get(kind, kind)}")
        return lines

    @contextlib.contextmanager
    def running_sql(self, text: str):
        """While an embedded statement is prepared or runs: its errors get the
        statement's CONTEXT line, unless they point at a position in it (PostgreSQL
        then reports it as the internal query instead)."""
        previous, self.sql_text = self.sql_text, text
        try:
            yield
        except PgError as err:
            if err.position is not None:
                self.sql_text = None
            error_context.add_frame_context(err, self)
            raise
        finally:
            self.sql_text = previous

    # ---- datums --------------------------------------------------------------------
    def datum(self, dno: int):
        return self.function.datums[dno]

    def slot_value(self, dno: int, field):
        datum = self.function.datums[dno]
        if datum.kind == VAR:
            return self.values[dno]
        if datum.kind == ROW:
            if field is None:
                return tuple(self.values[f] for f in datum.fields)
            return self.values[self._row_field(datum, field)]
        if field is None and (self.values[dno] is None or self.values[dno].null):
            return None         # an unassigned record as a whole is NULL (NEW in DELETE)
        record = self._record(dno)
        if field is None:
            # a tuple that also prints as a row ((1,a) for new::text), with its field
            # names (r := NEW, hstore(new))
            return function_manager.RowResult(record.values, record.types, record.names)
        return record.values[self._record_field(dno, record, field)]

    def slot_type(self, dno: int, field) -> int:
        datum = self.function.datums[dno]
        if datum.kind == VAR:
            return datum.type_oid
        if field is None:
            record = self.values[dno] if datum.kind == REC else None
            return record.type_oid if isinstance(record, Record) else RECORD
        if datum.kind == ROW:
            return self.function.datums[self._row_field(datum, field)].type_oid
        record = self._record(dno)
        return record.types[self._record_field(dno, record, field)]

    def record_shape(self, dno: int):
        record = self.values[dno]
        return None if record is None else tuple(record.types)

    def _record(self, dno: int) -> Record:
        record = self.values[dno]
        if record is None and self.function.datums[dno].row_columns is not None:
            record = self.values[dno] = _null_row(self.function.datums[dno])
        if record is None:
            raise PgError("55000", f'record "{self.function.datums[dno].name}" is not assigned yet',
                          detail="The tuple structure of a not-yet-assigned record is indeterminate.")
        return record

    def _record_field(self, dno, record, field) -> int:
        if field not in record.names:
            raise PgError("42703", f'record "{self.function.datums[dno].name}" has no field "{field}"')
        return record.names.index(field)

    def _row_field(self, datum, field) -> int:
        if field not in datum.field_names:
            raise PgError("42703", f'record "{datum.name}" has no field "{field}"')
        return datum.fields[datum.field_names.index(field)]

    def assign(self, dno: int, value, source_type: int) -> None:
        datum = self.function.datums[dno]
        if datum.kind == "recfield":     # r.f in an INTO list (INTO x, NEW.f)
            self.assign_field(datum.fields[0], datum.name, value, source_type)
            return
        if datum.kind == VAR:
            value = values.coerce(value, source_type, datum.type_oid, datum.typmod)
            if value is None and datum.not_null:
                raise PgError("22004", f'null value cannot be assigned to variable "{datum.name}" '
                                       f"declared NOT NULL")
            self.values[dno] = value
            return
        if value is None:
            if datum.kind == ROW:
                for f in datum.fields:
                    self.assign(f, None, 0)
            else:
                self.values[dno] = None
            return
        if datum.kind == ROW:
            # a row value (a composite element of FOREACH, a Record) or a list of values
            items = list(value.values) if isinstance(value, (Record, registry.Record)) \
                else list(value)
            for i, f in enumerate(datum.fields):
                self.assign(f, items[i] if i < len(items) else None, 0)
            return
        if isinstance(value, Record):
            self.values[dno] = Record(value.names, value.types, value.values)
        elif isinstance(value, function_manager.RowResult) and datum.kind == REC \
                and getattr(value, "names", None) and not datum.row_columns:
            # another record variable's value as a whole (r := NEW): its names and types
            self.values[dno] = Record(list(value.names), list(value.type_oids),
                                      list(value.values))
        elif isinstance(value, (registry.Record, function_manager.RowResult)):
            # a row value (ROW(...), a composite column) into a record variable: named by
            # the variable's composite type when it has one, else f1, f2, ...
            columns = datum.row_columns or function_manager.composite_columns(source_type) \
                or [(f"f{i}", t) for i, t in enumerate(value.type_oids, 1)]
            if len(columns) != len(value.values):
                raise PgError("42804", "returned record type does not match expected record "
                                       "type")
            self.values[dno] = Record(
                [n for n, _ in columns], [t for _, t in columns],
                [values.coerce(v, s, t) for v, s, (_n, t)
                 in zip(value.values, value.type_oids, columns)])
        else:
            raise PgError("42804", "cannot assign non-composite value to a record variable")

    def assign_field(self, dno: int, field: str, value, source_type: int) -> None:
        datum = self.function.datums[dno]
        if datum.kind == ROW:
            self.assign(self._row_field(datum, field), value, source_type)
            return
        record = self._record(dno)
        index = self._record_field(dno, record, field)
        record.values[index] = values.coerce(value, source_type, record.types[index])
        record.null = False

    def assign_row(self, dno: int, columns, row) -> None:
        """Give a query's row (or None: no row) to an INTO / FOR target."""
        datum = self.function.datums[dno]
        if datum.kind == REC:
            names = [c.name for c in columns]
            types = [c.type_oid for c in columns]
            self.values[dno] = Record(names, types, row if row is not None else [None] * len(names))
            return
        if datum.kind == ROW and len(datum.fields) == 1 and \
                self.function.datums[datum.fields[0]].kind == REC:
            self.assign_row(datum.fields[0], columns, row)     # INTO one record variable
            return
        if datum.kind == ROW:
            for i, f in enumerate(datum.fields):
                if row is None or i >= len(row):
                    self.assign(f, None, 0)
                else:
                    self.assign(f, row[i], columns[i].type_oid)
            return
        self.assign(dno, None if row is None else row[0], columns[0].type_oid if columns else 0)


# ---------------------------------------------------------------------------------------
# Calling

def _compiled(row, trigger_relation: int | None = None) -> compiler.PlFunction:
    return function_manager.compiled(row, compiler.compile_function, trigger_relation)


_inline_cache: dict = {}


def run_inline(body: str, atomic: bool = True) -> None:
    key = (body, compiler.compile_settings())
    function = _inline_cache.get(key)
    if function is None:
        if len(_inline_cache) > 100:
            _inline_cache.clear()
        function = _inline_cache[key] = compiler.compile_inline(body)
    _execute(function, [], atomic=atomic)


TRIGGER, EVENT_TRIGGER = 2279, 3838


def call(row, args: list, atomic: bool = True):
    if row.prorettype in (TRIGGER, EVENT_TRIGGER):
        raise PgError("0A000", "trigger functions can only be called as triggers",
                      context=f'compilation of PL/pgSQL function "{row.proname}" near line 1')
    return _execute(_compiled(row), args, atomic=atomic)


def call_trigger(row, environment: dict):
    """Run a trigger function with NEW / OLD / TG_* given by name (for the trigger
    manager to come); returns what the function RETURNs."""
    return _execute(_compiled(row, environment.get("tg_relid")), [], environment)


def _execute(function: compiler.PlFunction, args: list, environment: dict | None = None,
             atomic: bool = True):
    """Run one call. `environment` gives values to the function's special variables by
    name (a trigger's new / old as Records, tg_op, tg_name, ...)."""
    frame = Frame(function, atomic)
    for dno, value in zip(function.input_dnos, args):
        if value is not None and function.datums[dno].row_columns is not None and \
                not isinstance(value, Record):
            frame.assign(dno, value, 0)    # a composite argument: a Record of its type
        else:
            frame.values[dno] = value
    for name, value in (environment or {}).items():
        for dno in range(len(function.arg_dnos), function.found_dno):
            if function.datums[dno].name == name:
                frame.values[dno] = value
    error_context.push(frame)
    try:
        frame.values[function.found_dno] = False
        code = _run_block(frame, function.action)
        frame.statement = None
        return _result(frame, code)
    except PgError as err:
        error_context.add_frame_context(err, frame)
        raise
    finally:
        error_context.pop(frame)


def _output_values(frame):
    function = frame.function
    outputs = [dno for dno in function.output_dnos]
    if function.out_row_dno is not None:
        return frame.slot_value(function.out_row_dno, None)
    if len(outputs) == 1:
        return frame.values[outputs[0]]
    return tuple(frame.values[d] for d in outputs)


def _result(frame, code):
    function = frame.function
    if function.is_procedure:
        if function.output_dnos:
            return tuple(frame.values[d] for d in function.output_dnos)
        return None
    if function.returns_set:
        return frame.result_set
    if function.result_type == VOID:
        return ""           # PL/pgSQL's void result is a value, not NULL (SQL functions': NULL)
    if code == _RETURN:
        return frame.return_value
    if function.output_dnos:
        return _output_values(frame)
    raise PgError("2F005", "control reached end of function without RETURN")


# ---------------------------------------------------------------------------------------
# Statements

def _run_statements(frame, statements):
    for statement in statements:
        (kind, body), = statement.items()
        kind = kind[13:]                     # strip "PLpgSQL_stmt_"
        frame.statement = (kind, body.get("lineno", 0))
        try:
            code = _HANDLERS[kind](frame, body)
        except PgError as err:
            error_context.add_frame_context(err, frame)
            raise
        if code is not None:
            return code
    return None


def _null_row(datum) -> Record:
    """A row-typed variable's NULL: its shape known, every field NULL."""
    names = [n for n, _ in datum.row_columns]
    return Record(names, [t for _, t in datum.row_columns], [None] * len(names), null=True,
                  type_oid=datum.type_oid if datum.type_oid not in (0, RECORD) else RECORD)


def _initialise(frame, block) -> None:
    frame.in_init = True
    frame.statement = ("block", block.get("lineno", 0))
    try:
        for dno in block.get("_declared", ()):
            datum = frame.function.datums[dno]
            frame.values[dno] = None
            # an error names the line of the declaration being initialised
            frame.statement = ("block", datum.lineno or block.get("lineno", 0))
            if datum.row_columns is not None:
                frame.values[dno] = _null_row(datum)
            default = datum.default
            if datum.cursor_query is not None and default is None:
                frame.values[dno] = datum.name     # PostgreSQL 15: a bound cursor's name
            if isinstance(default, compiler.Expr):
                value, source = expressions.evaluate(frame, default)
                frame.assign(dno, value, source)
            elif datum.not_null and datum.kind == VAR:
                raise PgError("22004", f'variable "{datum.name}" must have a default value, '
                                       f"since it's declared NOT NULL")
            elif datum.kind == VAR and datum.type_oid >= 16384 and \
                    datum.cursor_query is None and \
                    user_type_facts.domain_base(datum.type_oid) is not None:
                # the implicit NULL of a domain variable meets the domain's constraints
                # (exec_stmt_block assigns it through exec_assign_value)
                registry.check_domain(datum.type_oid, None)
    except PgError as err:
        error_context.add_frame_context(err, frame)
        raise
    finally:
        frame.in_init = False


def _run_block(frame, block):
    _initialise(frame, block)
    exceptions = block.get("exceptions")
    if not exceptions:
        return _block_result(block, _run_statements(frame, block.get("body", ())))
    from pgsnake.storage.buffer import buffer_manager
    from pgsnake.storage.lmgr import lwlock
    depth = xact.begin_internal_subtransaction()
    pins = buffer_manager.pinned_buffers()
    lwlocks = lwlock.held_count()
    try:
        code = _run_statements(frame, block.get("body", ()))
    except PgError as err:
        _abort_subtransaction(depth, pins, lwlocks)
        handler = _matching_handler(exceptions, err) if err.severity == "ERROR" else None
        if handler is None:
            raise
        names = block.get("_handler_dnos", {})
        if "sqlstate" in names:
            frame.values[names["sqlstate"]] = err.sqlstate
        if "sqlerrm" in names:
            frame.values[names["sqlerrm"]] = err.message
        frame.handled_errors.append(err)
        try:
            code = _run_statements(frame, handler.get("action", ()))
        finally:
            frame.handled_errors.pop()
        return _block_result(block, code)
    except BaseException:
        _abort_subtransaction(depth, pins, lwlocks)
        raise
    xact.release_current_subtransaction(depth)
    return _block_result(block, code)


def _abort_subtransaction(depth: int, pins: dict, lwlocks: int) -> None:
    from pgsnake.catalog import invalidation
    from pgsnake.storage.buffer import buffer_manager
    from pgsnake.storage.lmgr import lwlock
    lwlock.release_newer_than(lwlocks)
    for buf, count in buffer_manager.pinned_buffers().items():
        for _ in range(count - pins.get(buf, 0)):
            buffer_manager.release_buffer(buf)
    if xact.rollback_current_subtransaction(depth):
        invalidation.reset_local_caches()


def _matching_handler(exceptions, err: PgError):
    for handler in exceptions["PLpgSQL_exception_block"].get("exc_list", ()):
        body = handler["PLpgSQL_exception"]
        for condition in body.get("conditions", ()):
            c = condition["PLpgSQL_condition"]
            if conditions.matches(c.get("condname", ""), c.get("sqlerrstate"), err.sqlstate):
                return body
    return None


def _block_result(block, code):
    if isinstance(code, tuple) and code[0] == _EXIT and code[1] is not None \
            and code[1] == block.get("label"):
        return None
    return code


def _stmt_block(frame, body):
    return _run_block(frame, body)


def _stmt_assign(frame, body):
    expr = body["expr"]
    dno = body.get("varno", 0)
    datum = frame.function.datums[dno]
    value, source = expressions.evaluate(frame, expr)
    target = expr.target_names or ""
    if "[" in target:
        from pgsnake.pl.plpgsql import subscript_assignment
        if "." in target.rsplit("]", 1)[1]:
            raise PgError("0A000", "assigning to a field of an array element is not "
                                   "supported yet")
        if datum.kind == "recfield":        # r.f[i] := v
            subscript_assignment.assign_field(frame, expr, datum.fields[0], datum.name,
                                              value, source)
            return None
        if datum.kind != VAR:
            field = target.split("[", 1)[0].rsplit(".", 1)[-1].strip().strip('"')
            subscript_assignment.assign_field(frame, expr, dno, field, value, source)
            return None
        if datum.is_const:
            raise PgError("22005", f'variable "{datum.name}" is declared CONSTANT')
        subscript_assignment.assign(frame, expr, dno, value, source)
        return None
    parts = [p.strip().strip('"') for p in target.split(".")]
    if datum.kind == "recfield":
        frame.assign_field(datum.fields[0], datum.name, value, source)
    elif datum.kind in (REC, ROW) and len(parts) >= 2 and parts[-1] != datum.name:
        frame.assign_field(dno, parts[-1], value, source)
    else:
        if datum.is_const:
            raise PgError("22005", f'variable "{datum.name}" is declared CONSTANT')
        frame.assign(dno, value, source)
    return None


def _stmt_if(frame, body):
    if expressions.evaluate_bool(frame, body["cond"]):
        return _run_statements(frame, body.get("then_body", ()))
    for elsif in body.get("elsif_list", ()):
        e = elsif["PLpgSQL_if_elsif"]
        if expressions.evaluate_bool(frame, e["cond"]):
            return _run_statements(frame, e.get("stmts", ()))
    return _run_statements(frame, body.get("else_body", ()))


def _stmt_case(frame, body):
    if "t_expr" in body:
        value, source = expressions.evaluate(frame, body["t_expr"])
        dno = body.get("t_varno", 0)
        frame.function.datums[dno].type_oid = source
        frame.values[dno] = value
    for when in body.get("case_when_list", ()):
        w = when["PLpgSQL_case_when"]
        if expressions.evaluate_bool(frame, w["expr"]):
            return _run_statements(frame, w.get("stmts", ()))
    if body.get("have_else"):
        return _run_statements(frame, body.get("else_stmts", ()))
    raise PgError("20000", "case not found", hint="CASE statement is missing ELSE part.")


def _loop_control(body, code):
    """What a loop does with its body's code: (stop looping?, code to pass on)."""
    if code is None:
        return False, None
    if code == _RETURN:
        return True, code
    kind, label = code
    if label is None or label == body.get("label"):
        return (kind == _EXIT), None
    return True, code


def _stmt_loop(frame, body):
    while True:
        stop, code = _loop_control(body, _run_statements(frame, body.get("body", ())))
        if stop:
            return code


def _stmt_while(frame, body):
    while expressions.evaluate_bool(frame, body["cond"]):
        stop, code = _loop_control(body, _run_statements(frame, body.get("body", ())))
        if stop:
            return code
    return None


def _int_bound(frame, expr, what: str) -> int:
    value, source = expressions.evaluate(frame, expr)
    value = values.coerce(value, source, 23)
    if value is None:
        raise PgError("22004", f"{what} of FOR loop cannot be null")
    return value


def _stmt_fori(frame, body):
    dno = body["_var_dno"]
    low = _int_bound(frame, body["lower"], "lower bound")
    high = _int_bound(frame, body["upper"], "upper bound")
    step = _int_bound(frame, body["step"], "BY value") if "step" in body else 1
    if step <= 0:
        raise PgError("22023", "BY value of FOR loop must be greater than zero")
    reverse = bool(body.get("reverse"))
    value = low
    found = False
    code = None
    while (value >= high) if reverse else (value <= high):
        found = True
        frame.values[dno] = value
        stop, code = _loop_control(body, _run_statements(frame, body.get("body", ())))
        if stop:
            break
        value = value - step if reverse else value + step
    frame.values[frame.function.found_dno] = found
    return code


def _for_rows(frame, body, plan, params, label_text):
    dno = body["_target_dno"]
    found = False
    code = None
    columns = None
    with frame.running_sql(label_text):
        rows = plan.rows(params)
        columns = plan.columns
        if not frame.atomic:
            # The loop may COMMIT: read the rows now, under this transaction's
            # snapshot (PostgreSQL makes the loop's cursor holdable for the same end).
            rows = (row for row in list(rows))
    try:
        while True:
            with frame.running_sql(label_text):
                row = next(rows, None)
            if row is None:
                break
            found = True
            frame.assign_row(dno, columns, row)
            stop, code = _loop_control(body, _run_statements(frame, body.get("body", ())))
            if stop:
                break
    finally:
        rows.close()
    if not found:
        frame.assign_row(dno, columns or [], None)
    frame.values[frame.function.found_dno] = found
    return code


def _stmt_commit(frame, body):
    _end_transaction(frame, body, commit=True)


def _stmt_rollback(frame, body):
    _end_transaction(frame, body, commit=False)


def _end_transaction(frame, body, commit: bool) -> None:
    """COMMIT / ROLLBACK in a procedure: end the transaction the CALL runs in and start
    the next one, which the rest of the procedure (and the CALL's own end) runs in."""
    if not error_context.non_atomic():
        raise PgError("2D000", "invalid transaction termination")
    if xact.subtransaction_depth() > 0:
        verb = "commit" if commit else "roll back"
        raise PgError("2D000", f"cannot {verb} while a subtransaction is active")
    if body.get("chain"):
        raise PgError("0A000", "COMMIT AND CHAIN / ROLLBACK AND CHAIN in a procedure is not supported yet")
    from pgsnake.catalog import catalog_cache
    from pgsnake.datatypes import clock
    if commit:
        xact.commit_transaction_command()
    else:
        xact.abort_current_transaction()
    clock.set_transaction_start()
    xact.start_transaction_command()
    catalog_cache.accept_invalidations()


def _stmt_fors(frame, body):
    expr = body["query"]
    plan = expressions.prepared(frame, expr)
    cursors.next_unnamed_name()        # PostgreSQL loops through an unnamed cursor
    return _for_rows(frame, body, plan, expressions.slot_values(frame, expr),
                     f'SQL statement "{expr.text}"')


def _dynamic(frame, body, query_key="query"):
    from pgsnake.pl import spi
    text, source = expressions.evaluate(frame, body[query_key])
    if text is None:
        raise PgError("22004", "query string argument of EXECUTE is null")
    text = values.coerce(text, source, 25)
    args, types = [], []
    for param in body.get("params", ()):
        value, type_oid = expressions.evaluate(frame, param)
        args.append(value)
        types.append(type_oid if type_oid != 705 else 25)
    statement = spi.SpiStatement.from_text(text, types, None)
    statement.read_only = frame.function.read_only
    return statement, args, text


def _stmt_dynfors(frame, body):
    plan, args, text = _dynamic(frame, body)
    cursors.next_unnamed_name()        # PostgreSQL loops through an unnamed cursor
    return _for_rows(frame, body, plan, args, f'SQL statement "{text}"')


def _stmt_foreach_a(frame, body):
    """FOREACH var [SLICE n] IN ARRAY expr: the elements in storage order, or with
    SLICE n the sub-arrays over the last n dimensions (exec_stmt_foreach_a)."""
    value, type_oid = expressions.evaluate(frame, body["expr"])
    if value is None:
        raise PgError("22004", "FOREACH expression must not be null")
    if not isinstance(value, list):
        raise PgError("42804", "FOREACH expression must yield an array, not type "
                               f"{registry.format_type(type_oid)}")
    array_type = user_type_facts.base_type(type_oid) if type_oid else 0
    element_type = registry.get_type(array_type).element_oid if array_type else 0
    dims = _dimensions(value)
    slice_dims = body.get("slice", 0) or 0
    if slice_dims < 0 or slice_dims > len(dims):
        raise PgError("2202E", f"slice dimension ({slice_dims}) is out of the valid range "
                               f"0..{len(dims)}")
    dno = body.get("varno", 0)
    datum = frame.function.datums[dno]
    is_array_var = datum.kind == VAR and bool(
        type_coercion.array_element(user_type_facts.base_type(datum.type_oid)))
    if slice_dims > 0 and not is_array_var:
        raise PgError("42804", "FOREACH ... SLICE loop variable must be of an array type")
    if slice_dims == 0 and is_array_var:
        raise PgError("42804", "FOREACH loop variable must not be of an array type")
    found = False
    code = None
    items = _flatten(value) if slice_dims == 0 else _slices(value, len(dims) - slice_dims)
    item_type = element_type if slice_dims == 0 else array_type
    for item in items:
        found = True
        frame.assign(dno, item, item_type)
        stop, code = _loop_control(body, _run_statements(frame, body.get("body", ())))
        if stop:
            break
    frame.values[frame.function.found_dno] = found
    return code


def _dimensions(array) -> list[int]:
    dims = []
    while isinstance(array, list) and array:
        dims.append(len(array))
        array = array[0]
    return dims


def _slices(array, depth: int):
    """The sub-arrays `depth` levels down (depth 0: the array itself), in order."""
    if depth == 0:
        yield list(array)
        return
    for item in array:
        yield from _slices(item, depth - 1)


def _flatten(array):
    for item in array:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def _stmt_exit(frame, body):
    if "cond" in body and not expressions.evaluate_bool(frame, body["cond"]):
        return None
    return (_EXIT if body.get("is_exit") else _CONTINUE, body.get("label"))


def _stmt_return(frame, body):
    function = frame.function
    if function.returns_set or function.is_procedure:
        return _RETURN
    expr = body.get("expr")
    if expr is None:
        if function.output_dnos:
            frame.return_value = _output_values(frame)
        else:
            frame.return_value = None
        return _RETURN
    if function.result_type == VOID:
        value, _ = expressions.evaluate(frame, expr)
        frame.return_value = None
        return _RETURN
    value, source = expressions.evaluate(frame, expr)
    frame.return_value = _to_result(frame, value, source)
    return _RETURN


def _to_result(frame, value, source):
    function, result_columns = frame.function, frame.result_columns
    if function.result_type == TRIGGER:
        if value is not None and not isinstance(value, (Record, tuple, list)):
            raise PgError("42804", "cannot return non-composite value from function "
                                   "returning composite type")
        return value                     # NEW / OLD / NULL, for the trigger manager
    if result_columns is not None or function.result_type == RECORD:
        if isinstance(value, numbers.Number):
            raise PgError("42804", "cannot return non-composite value from function "
                                   "returning composite type")
        if result_columns and source != function.result_type:
            _check_returned_row(frame, value, result_columns)
        if isinstance(value, Record):
            value = value.values
        if isinstance(value, (tuple, list)) and result_columns:
            return tuple(values.coerce(v, 0, t) for v, (_, t) in zip(value, result_columns))
        return tuple(value) if isinstance(value, list) else value
    return values.coerce(value, source, function.result_type)


def _check_returned_row(frame, value, result_columns) -> None:
    """A row of another type than the result's must have its columns' types, by
    position (convert_tuples_by_position: no implicit casts)."""
    from pgsnake.datatypes import registry
    if isinstance(value, Record):
        types = value.types
    elif isinstance(value, (registry.Record, function_manager.RowResult)):
        types = value.type_oids
    else:
        return
    detail = None
    for number, (type_oid, (_, expected)) in enumerate(zip(types, result_columns), 1):
        if type_oid != expected:         # (column by column first, as build_attrmap does)
            detail = f"Returned type {registry.format_type(type_oid)} does not match " \
                     f"expected type {registry.format_type(expected)} in column {number}."
            break
    if detail is None and len(types) != len(result_columns):
        detail = f"Number of returned columns ({len(types)}) does not match expected " \
                 f"column count ({len(result_columns)})."
    if detail is None:
        return
    err = PgError("42804", "returned record type does not match expected record type",
                  detail=detail, context=f"PL/pgSQL function {frame.function.name} while "
                                         f"casting return value to function's return type")
    err._pl_frames = [frame]            # (the context line is this one, not 'at RETURN')
    raise err


def _stmt_return_next(frame, body):
    function = frame.function
    if not function.returns_set:
        raise PgError("42804", "cannot use RETURN NEXT in a non-SETOF function")
    expr = body.get("expr")
    if expr is None:
        frame.result_set.append(_output_values(frame))
        return None
    value, source = expressions.evaluate(frame, expr)
    frame.result_set.append(_to_result(frame, value, source))
    return None


def _stmt_return_query(frame, body):
    function = frame.function
    if not function.returns_set:
        raise PgError("42804", "cannot use RETURN QUERY in a non-SETOF function")
    if "query" in body:
        expr = body["query"]
        plan = expressions.prepared(frame, expr)
        params = expressions.slot_values(frame, expr)
        label = f'SQL statement "{expr.text}"'
    else:
        plan, params, text = _dynamic(frame, body, "dynquery")
        label = f'SQL statement "{text}"'
    count = 0
    with frame.running_sql(label):
        statement = plan.prepared()
        if statement.columns is None:
            # SPI's must-return-tuples check, before the statement runs
            kind = "SELECT INTO" if statement.raw.kind == "SelectStmt" \
                else statement.command_kind
            raise PgError("42601", f"{kind} query does not return tuples")
        rows = list(plan.rows(params))
        columns = plan.columns or []
    targets = _result_types(frame)
    if len(columns) != len(targets):
        raise PgError("42804", "structure of query does not match function result type",
                      detail=f"Number of returned columns ({len(columns)}) does not match "
                             f"expected column count ({len(targets)}).")
    for row in rows:
        count += 1
        converted = [values.coerce(v, c.type_oid, t) for v, c, t in zip(row, columns, targets)]
        frame.result_set.append(tuple(converted) if frame.result_columns is not None
                                else converted[0])
    frame.row_count = count
    frame.values[function.found_dno] = count > 0
    return None


def _result_types(frame) -> list[int]:
    if frame.result_columns is None:
        return [frame.function.result_type]
    return [t for _, t in frame.result_columns]


def _format_message(frame, template: str, params) -> str:
    out = []
    args = iter(params)
    i = 0
    while i < len(template):
        ch = template[i]
        if ch == "%":
            if template[i + 1:i + 2] == "%":
                out.append("%")
                i += 2
                continue
            expr = next(args, None)
            if expr is None:
                raise PgError("42601", "too few parameters specified for RAISE")
            value, type_oid = expressions.evaluate(frame, expr)
            out.append("<NULL>" if value is None else _text(value, type_oid))
        else:
            out.append(ch)
        i += 1
    if next(args, None) is not None:
        raise PgError("42601", "too many parameters specified for RAISE")
    return "".join(out)


def _text(value, type_oid: int) -> str:
    if isinstance(value, Record):               # a record variable: its row's text form
        value = registry.Record(tuple(value.types), tuple(value.values))
    if isinstance(value, (registry.Record, function_manager.RowResult)):
        return registry.get_type(RECORD).output(value)      # ROW(...), a record variable
    if isinstance(value, tuple):                # a row variable of a composite type
        columns = function_manager.composite_columns(type_oid)
        if columns is not None and len(columns) == len(value):
            return registry.get_type(RECORD).output(
                registry.Record(tuple(t for _, t in columns), tuple(value)))
    if type_oid in (0, 705, RECORD) or isinstance(value, tuple):
        if isinstance(value, tuple):
            return "(" + ",".join("" if v is None else str(v) for v in value) + ")"
        return str(value)
    return registry.get_type(type_oid).output(value)


_RAISE_OPTIONS = {0: "errcode", 1: "message", 2: "detail", 3: "hint", 4: "column",
                  5: "constraint", 6: "datatype", 7: "table", 8: "schema"}


def _stmt_raise(frame, body):
    level = body.get("elog_level", 21)
    condname = body.get("condname")
    message = body.get("message")
    if condname is None and message is None and not body.get("options"):
        if not frame.handled_errors:
            raise PgError("0Z002", "RAISE without parameters cannot be used outside an exception handler")
        raise frame.handled_errors[-1]
    sqlstate = None
    if condname is not None:
        sqlstate = conditions.sqlstate_of(condname)
    fields = {}
    for option in body.get("options", ()):
        o = option["PLpgSQL_raise_option"]
        name = _RAISE_OPTIONS[o.get("opt_type", 0)]
        # a condition name gives the ERRCODE, a format string the MESSAGE, already
        if name in fields or (name == "errcode" and condname is not None) or \
                (name == "message" and message is not None):
            raise PgError("42601", f"RAISE option already specified: {name.upper()}")
        value, type_oid = expressions.evaluate(frame, o["expr"])
        if value is None:
            raise PgError("22004", "RAISE statement option cannot be null")
        fields[name] = _text(value, type_oid)
    if message is not None:
        text = _format_message(frame, message, body.get("params", ()))
    elif "message" in fields:
        text = fields.pop("message")
    elif condname is not None:
        text = condname if not conditions.is_sqlstate_text(condname) else condname
    else:
        # no message: the ERRCODE option as written (a condition name or an SQLSTATE)
        text = fields.get("errcode", "P0001")
    if "errcode" in fields:
        sqlstate = conditions.sqlstate_of(fields.pop("errcode"))
    severity = _LEVELS.get(level, "ERROR")
    if severity == "ERROR":
        raise PgError(sqlstate or "P0001", text, **fields)
    if severity == "DEBUG":
        # RAISE DEBUG is DEBUG1, sent under client_min_messages debug1..debug5, and
        # named plain DEBUG on the wire (elog.c's error_severity)
        if not notices.should_send("debug1", settings.get("client_min_messages")):
            return None
    notices.emit(sqlstate or ("01000" if severity == "WARNING" else "00000"), text,
                 severity=severity, context=error_context.current_context(), **fields)
    return None


def _stmt_assert(frame, body):
    if not _check_asserts():
        return None                     # plpgsql.check_asserts = off: not even evaluated
    if expressions.evaluate_bool(frame, body["cond"]):
        return None
    message = "assertion failed"
    if "message" in body:
        value, type_oid = expressions.evaluate(frame, body["message"])
        message = "<NULL>" if value is None else _text(value, type_oid)
    raise PgError("P0004", message)


def _check_asserts() -> bool:
    """plpgsql.check_asserts (default on). pgsnake defines no plpgsql.* settings, so a
    SET of it is a placeholder string, read as a boolean here."""
    if not settings.is_defined("plpgsql.check_asserts"):
        return True
    from pgsnake.utils.setting_values import parse_bool
    return parse_bool(str(settings.get("plpgsql.check_asserts"))) is not False


def _count_of(result) -> int:
    tag = result.command_tag or ""
    last = tag.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else len(result.rows)


def _refuse_through_spi(plan, dynamic: bool) -> None:
    """What SPI refuses to run for PL/pgSQL (SPI_ERROR_TRANSACTION, SPI_ERROR_COPY):
    transaction control other than PL/pgSQL's own COMMIT / ROLLBACK, and COPY from or
    to the client."""
    kind = plan.raw.kind
    if kind == "TransactionStmt":
        raise PgError("0A000", "EXECUTE of transaction commands is not implemented" if dynamic
                      else "unsupported transaction command in PL/pgSQL")
    if kind == "CopyStmt" and not plan.raw.node["CopyStmt"].get("filename"):
        raise PgError("0A000", "cannot COPY to/from client in PL/pgSQL")


def _run_into(frame, body, plan, params, text, dynamic=False):
    _refuse_through_spi(plan, dynamic)
    with frame.running_sql(f'SQL statement "{text}"'):
        result = plan.execute(params)
    columns = result.columns or []
    frame.row_count = _count_of(result)
    if not body.get("into"):
        if not dynamic and columns:         # SELECT, SHOW, EXPLAIN, ... RETURNING
            raise PgError("42601", "query has no destination for result data",
                          hint="If you want to discard the results of a SELECT, use PERFORM "
                               "instead." if plan.command_kind == "SELECT" else None)
        if not dynamic:
            frame.values[frame.function.found_dno] = frame.row_count > 0
        return None
    rows = result.rows
    # INSERT / UPDATE / DELETE ... RETURNING INTO is implicitly strict about several
    # rows, but only when written in the function: EXECUTE takes the first row unless
    # STRICT (and says so without the hint)
    implicit = not dynamic and columns and plan.command_kind != "SELECT"
    if len(rows) > 1 and not dynamic and not body.get("strict") and not implicit:
        _extra_check(frame, "too_many_rows", "P0003", "query returned more than one row",
                     hint="Make sure the query returns a single row, or use LIMIT 1.")
    if body.get("strict") or (implicit and len(rows) > 1):
        if not rows and body.get("strict"):
            raise PgError("P0002", "query returned no rows")
        if len(rows) > 1:
            raise PgError("P0003", "query returned more than one row", hint=None if dynamic
                          else "Make sure the query returns a single row, or use LIMIT 1.")
    if not columns:
        raise PgError("42601", "INTO used with a command that cannot return data")
    target = body["_target_dno"] if "_target_dno" in body else _single_target(body)
    if rows:
        _check_field_count(frame, target, len(columns))
    frame.assign_row(target, columns, rows[0] if rows else None)
    if not dynamic:
        frame.values[frame.function.found_dno] = bool(rows)
    return None


def _extra_check(frame, check: str, sqlstate: str, message: str, **fields) -> None:
    """A plpgsql.extra_errors check fails (ERROR), or a plpgsql.extra_warnings one
    warns."""
    function = frame.function
    if check in function.extra_errors:
        raise PgError(sqlstate, message, **fields)
    if check in function.extra_warnings:
        notices.emit(sqlstate, message, severity="WARNING",
                     context=error_context.current_context(), **fields)


def _check_field_count(frame, target: int, count: int) -> None:
    """strict_multi_assignment: a row given to INTO targets (scalar variables, a row
    variable, a record of a named composite type) must have as many columns as they
    have fields (exec_move_row's check; an anonymous record takes any row)."""
    function = frame.function
    if "strict_multi_assignment" not in function.extra_errors | function.extra_warnings:
        return
    datum = function.datums[target]
    if datum.kind == ROW and len(datum.fields) == 1 and \
            function.datums[datum.fields[0]].kind == REC:
        datum = function.datums[datum.fields[0]]
    if datum.kind == ROW:
        wanted = len(datum.fields)
    elif datum.kind == REC:
        if not datum.row_columns:
            return
        wanted = len(datum.row_columns)
    else:
        wanted = 1
    if wanted == count:
        return
    level = "extra_errors" if "strict_multi_assignment" in function.extra_errors \
        else "extra_warnings"
    _extra_check(frame, "strict_multi_assignment", "42804",
                 "number of source and target fields in assignment does not match",
                 detail=f"strict_multi_assignment check of {level} is active.",
                 hint="Make sure the query returns the exact list of columns.")


def _single_target(body):
    raise PgError("0A000", "this INTO target is not supported yet")


def _stmt_execsql(frame, body):
    expr = body["sqlstmt"]
    plan = expressions.prepared(frame, expr)
    return _run_into(frame, body, plan, expressions.slot_values(frame, expr), expr.text)


def _stmt_dynexecute(frame, body):
    plan, args, text = _dynamic(frame, body)
    return _run_into(frame, body, plan, args, text, dynamic=True)


def _stmt_perform(frame, body):
    expr = body["expr"]
    plan = expressions.prepared(frame, expr)
    with frame.running_sql(f'SQL statement "{expr.text}"'):
        result = plan.execute(expressions.slot_values(frame, expr))
    frame.row_count = _count_of(result)
    frame.values[frame.function.found_dno] = frame.row_count > 0
    return None


def _stmt_call(frame, body):
    expr = body["expr"]
    plan = expressions.prepared(frame, expr)
    targets = _call_targets(plan, expr)
    with frame.running_sql(f'SQL statement "{expr.text}"'):
        result = plan.execute(expressions.slot_values(frame, expr))
    if result.rows and result.columns:
        for (dno, field), value, column in zip(targets, result.rows[0], result.columns):
            if field is None:
                frame.assign(dno, value, column.type_oid)
            else:
                frame.assign_field(dno, field, value, column.type_oid)
    return None


def _call_targets(plan, expr) -> list:
    """The variables a CALL's INOUT / OUT values go back to: each such argument must
    be a variable (PostgreSQL's make_callstmt_target), checked before the call."""
    call = getattr(plan.prepared().utility, "call", None)
    if call is None:
        return []
    targets = []
    for number, label in call.output_targets():
        if number is None or number > len(expr.param_dnos):
            raise PgError("42601", f"procedure parameter {label} is an output parameter "
                                   f"but corresponding argument is not writable")
        targets.append(expr.param_dnos[number - 1])
    return targets


_DIAGNOSTICS = {"ROW_COUNT", "PG_CONTEXT", "RETURNED_SQLSTATE", "MESSAGE_TEXT",
                "PG_EXCEPTION_DETAIL", "PG_EXCEPTION_HINT", "PG_EXCEPTION_CONTEXT",
                "COLUMN_NAME", "CONSTRAINT_NAME", "PG_DATATYPE_NAME", "TABLE_NAME", "SCHEMA_NAME"}


def _stmt_getdiag(frame, body):
    stacked = bool(body.get("is_stacked"))
    if stacked and not frame.handled_errors:
        raise PgError("0Z002", "GET STACKED DIAGNOSTICS cannot be used outside an exception handler")
    err = frame.handled_errors[-1] if stacked else None
    for item in body.get("diag_items", ()):
        d = item["PLpgSQL_diag_item"]
        kind = d["kind"]
        if kind == "ROW_COUNT":
            value, type_oid = frame.row_count, 20
        elif kind == "PG_CONTEXT":
            value, type_oid = error_context.current_context() or "", 25
        else:
            value = {
                "RETURNED_SQLSTATE": err.sqlstate, "MESSAGE_TEXT": err.message,
                "PG_EXCEPTION_DETAIL": err.detail or "", "PG_EXCEPTION_HINT": err.hint or "",
                "PG_EXCEPTION_CONTEXT": err.context or "", "COLUMN_NAME": err.column or "",
                "CONSTRAINT_NAME": err.constraint or "", "PG_DATATYPE_NAME": err.datatype or "",
                "TABLE_NAME": err.table or "", "SCHEMA_NAME": err.schema or "",
            }[kind]
            type_oid = 25
        frame.assign(d.get("target", 0), value, type_oid)
    return None


_HANDLERS = {
    "block": _stmt_block, "assign": _stmt_assign, "if": _stmt_if, "case": _stmt_case,
    "loop": _stmt_loop, "while": _stmt_while, "fori": _stmt_fori, "fors": _stmt_fors,
    "dynfors": _stmt_dynfors, "exit": _stmt_exit, "return": _stmt_return,
    "return_next": _stmt_return_next, "return_query": _stmt_return_query,
    "raise": _stmt_raise, "assert": _stmt_assert, "execsql": _stmt_execsql,
    "dynexecute": _stmt_dynexecute, "perform": _stmt_perform, "call": _stmt_call,
    "getdiag": _stmt_getdiag,
    "forc": cursors.stmt_forc, "foreach_a": _stmt_foreach_a, "open": cursors.stmt_open,
    "fetch": cursors.stmt_fetch, "close": cursors.stmt_close, "commit": _stmt_commit,
    "rollback": _stmt_rollback,
}
