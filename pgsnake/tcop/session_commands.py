"""SQL commands that act on the session's own objects: prepared statements (PREPARE,
EXECUTE, DEALLOCATE), cursors (DECLARE, FETCH, MOVE, CLOSE), DISCARD, and CHECKPOINT.

Prepared statements made with PREPARE and those made by the protocol's Parse message
live in the same table, as in PostgreSQL; so do cursors and protocol portals. Drivers
depend on this: psycopg sends DEALLOCATE for statements it prepared with Parse.

A DECLARE's query is analysed when the DECLARE is (at Parse in the extended protocol),
with the parameter types the client gave: its $n are bound with the DECLARE.
A cursor starts its plan at DECLARE (taking its snapshot then) and each FETCH or MOVE
runs it only as far as the rows asked for, so a FOR UPDATE cursor locks rows as they are
fetched; a WITH HOLD cursor runs to the end when its transaction commits and keeps the
rest of its rows (tcop/session.py).

A SCROLL cursor keeps the rows it has read and moves over them in every direction
(tcop/scroll_cursor.py). A cursor declared with neither SCROLL nor NO SCROLL is
scrollable as in PostgreSQL when its plan could run backward and it locks no rows
(executor/backward_scan.py): it streams forward keeping nothing, and its first other
move reads its rows again under its snapshot (scroll_cursor.resume_scrolling); a WITH
HOLD one keeps its rows from the start (PostgreSQL keeps all of them at commit). Any
other cursor only moves forward ("cursor can only scan forward").

Where we differ from PostgreSQL: FETCH ALL collects the rest of the rows before sending
them; an implicitly scrollable cursor's first backward move re-reads the rows so far,
so volatile functions in its select list are evaluated again for them (PostgreSQL's
backward scan re-evaluates them too, row by row).

PostgreSQL: commands/prepare.c (PrepareQuery, ExecuteQuery, DeallocateQuery),
commands/portalcmds.c (PerformCursorOpen, PerformPortalFetch, PerformPortalClose),
commands/discard.c, postmaster/checkpointer.c (RequestCheckpoint).
"""
from __future__ import annotations

from pgsnake.tcop.utility import Column, Result, TcopStatement
from pgsnake.utils import errors, process_state
from pgsnake.utils.errors import PgError

CURSOR_OPT_SCROLL = 0x0002
CURSOR_OPT_NO_SCROLL = 0x0004
CURSOR_OPT_BINARY = 0x0001
CURSOR_OPT_HOLD = 0x0020
FETCH_ALL = 9223372036854775807
UNKNOWN_TYPE = 705

SESSION_NODE_TYPES = ("PrepareStmt", "ExecuteStmt", "DeallocateStmt", "DeclareCursorStmt",
                      "FetchStmt", "ClosePortalStmt", "DiscardStmt", "CheckPointStmt")


def is_session_command(node: dict) -> bool:
    return next(iter(node)) in SESSION_NODE_TYPES


def is_explain_execute(node: dict) -> bool:
    return _explained_execute(node) is not None


def _explained_execute(node: dict):
    """The ExecuteStmt of EXPLAIN EXECUTE, or of EXPLAIN (without ANALYZE) CREATE TABLE
    ... AS EXECUTE (the plan is the prepared statement's; nothing is created)."""
    explain = node.get("ExplainStmt", {})
    query = explain.get("query", {})
    if "ExecuteStmt" in query:
        return query["ExecuteStmt"]
    inner = query.get("CreateTableAsStmt", {}).get("query", {})
    analyze = any(o.get("DefElem", {}).get("defname") == "analyze"
                  for o in explain.get("options") or ())
    if "ExecuteStmt" in inner and not analyze:
        return inner["ExecuteStmt"]
    return None


def make_explain_execute(raw, session):
    """EXPLAIN [options] EXECUTE name(args): the prepared statement's plan for these
    arguments (commands/explain.py; PostgreSQL's ExplainExecuteQuery)."""
    from pgsnake.commands import explain
    body = _explained_execute(raw.node)
    target = _lookup_prepared(session, body["name"])
    ast = _statement_ast(raw).query
    if type(ast).__name__ == "CreateTableAsStmt":
        ast = ast.query
    values = _evaluate_arguments(ast, body["name"], target)
    return explain.prepare_explain_execute(raw, target, values)


def is_create_table_as_execute(node: dict) -> bool:
    body = node.get("CreateTableAsStmt")
    return body is not None and body.get("objtype") == "OBJECT_TABLE" and \
        "ExecuteStmt" in body.get("query", {})


def make_create_table_as_execute(raw, session) -> TcopStatement:
    """CREATE TABLE ... AS EXECUTE name(args) [WITH [NO] DATA]: a table of the prepared
    statement's columns, filled with its rows for these arguments (ExecCreateTableAs
    over an ExecuteStmt)."""
    from pgsnake.commands import create_table_as
    body = raw.node["CreateTableAsStmt"]
    name = body["query"]["ExecuteStmt"]["name"]

    def run() -> Result:
        target = _lookup_prepared(session, name)
        if target.columns is None or target.command_kind != "SELECT":
            raise PgError(errors.WRONG_OBJECT_TYPE, "prepared statement is not a SELECT")
        values = _evaluate_arguments(_statement_ast(raw).query, name, target)
        tag = create_table_as.create_from_statement(
            body["into"], target.columns, lambda: target.execute(values).rows,
            if_not_exists=body.get("if_not_exists"))
        return Result(None, [], tag)
    return TcopStatement("CREATE TABLE AS", run)


def make_statement(raw, session, param_types: list[int] | None = None, *,
                   fixed_params: bool = False) -> TcopStatement:
    kind = next(iter(raw.node))
    body = raw.node[kind]
    if kind == "PrepareStmt":
        return TcopStatement("PREPARE", lambda: _prepare(raw, body, session))
    if kind == "ExecuteStmt":
        target = _lookup_prepared(session, body["name"])
        return TcopStatement(getattr(target, "command_kind", "EXECUTE"),
                             lambda: _execute(raw, body, session), columns=target.columns)
    if kind == "DeallocateStmt":
        return TcopStatement("DEALLOCATE", lambda: _deallocate(body, session))
    if kind == "DeclareCursorStmt":
        # The cursor's query is analysed now, with the parameter types the client gave
        # (its $n are bound with the DECLARE, as PostgreSQL's extended protocol does:
        # psycopg's server-side cursors send DECLARE ... FOR SELECT ... $1 with values).
        query = _declared_query(raw, param_types or [], fixed_params)
        return TcopStatement("DECLARE CURSOR", lambda: _declare(body, session, query, []),
                             param_types=list(query.param_types),
                             run_with_params=lambda params: _declare(body, session, query,
                                                                     params))
    if kind == "FetchStmt":
        portal = _lookup_cursor(session, body.get("portalname", ""))
        columns = None if body.get("ismove") else portal.statement.columns
        return TcopStatement("MOVE" if body.get("ismove") else "FETCH",
                             lambda: fetch_portal(body, session), columns=columns)
    if kind == "ClosePortalStmt":
        return TcopStatement("CLOSE CURSOR" if body.get("portalname") is not None
                             else "CLOSE CURSOR ALL", lambda: _close(body, session))
    if kind == "DiscardStmt":
        return TcopStatement("DISCARD", lambda: _discard(body, session))
    return TcopStatement("CHECKPOINT", _checkpoint)


# ---- prepared statements -----------------------------------------------------------------

def _statement_ast(raw):
    """pglast's full AST for this statement: needed to print sub-expressions back to SQL."""
    from pglast import parse_sql as parse_ast
    return parse_ast(raw.text)[0].stmt


def _print(node) -> str:
    from pglast.stream import RawStream
    return RawStream()(node)


def _types_of(type_texts: list[str], nodes=(), source=None) -> list[int]:
    """Resolve type names exactly as a cast would: plan SELECT NULL::t1, NULL::t2, ...
    `unknown` stays unknown (a parameter resolved where it is first used, as one not
    declared), though a query's output column of it would be text. An error points at
    the type name in the statement when its TypeName `nodes` and `source` are given."""
    if not type_texts:
        return []
    from pgsnake.executor.portal_query import prepare_statement
    from pgsnake.parser.raw_parser import parse_sql
    select, starts = "SELECT", []
    for t in type_texts:
        select += ("," if starts else "") + " NULL::"
        starts.append(len(select) + 1)
        select += t
    try:
        columns = prepare_statement(parse_sql(select)[0], []).columns
    except PgError as err:
        hit = [i for i, start in enumerate(starts) if err.position and start <= err.position]
        if hit and source is not None and len(nodes) == len(starts):
            i = hit[-1]
            at = source.position(nodes[i].get("TypeName", {}).get("location"))
            err.position = None if at is None else at + err.position - starts[i]
        raise
    return [UNKNOWN_TYPE if t.strip().lower() in ("unknown", "pg_catalog.unknown")
            else c.type_oid for t, c in zip(type_texts, columns)]


def _prepare(raw, body: dict, session) -> Result:
    from pgsnake.executor.portal_query import prepare_statement
    name = body["name"]
    if name in session.prepared:
        raise PgError(errors.DUPLICATE_PREPARED_STATEMENT, f'prepared statement "{name}" already exists')
    ast = _statement_ast(raw)
    param_types = _types_of([_print(t) for t in (ast.argtypes or ())],
                            body.get("argtypes") or (), raw.source)
    inner = _prepared_query(raw, body["query"])
    stmt = prepare_statement(inner, param_types)
    stmt.raw = inner
    session.prepared[name] = stmt
    from pgsnake.access.transam import xact      # a function's PREPARE: its own text
    session.prepared_sql[name] = prepared_source(
        session, from_sql=True, text=None if xact.is_top_level() else raw.text)
    return Result(None, [], "PREPARE")


def _prepared_query(raw, node: dict):
    """PREPARE's statement as a statement of its own: its text is what follows AS, and
    its node keeps its locations in the whole query string, so errors (at PREPARE and at
    each EXECUTE) point into the PREPARE text as PostgreSQL's do."""
    from pglast.parser import scan
    from pgsnake.parser.raw_parser import RawStatement
    encoded = raw.text.encode("utf-8")
    depth, start = 0, len(encoded)
    for token in scan(raw.text):
        if token.name == "ASCII_40":
            depth += 1
        elif token.name == "ASCII_41":
            depth -= 1
        elif token.name == "AS" and depth == 0:
            start = -1
        elif start == -1:
            start = token.start
            break
    return RawStatement(node, encoded[start:].decode("utf-8"),
                        raw.location + len(encoded[:start].decode("utf-8")),
                        next(iter(node)), raw.source)


def prepared_source(session, *, from_sql: bool, text: str | None = None):
    """What pg_prepared_statements shows: the client's query string (or `text`)."""
    from pgsnake.datatypes import clock
    from pgsnake.tcop.session import PreparedSource
    return PreparedSource(text if text is not None else session.query_string,
                          clock.statement_timestamp(), from_sql)


def count_execution(session, name: str) -> None:
    """pg_prepared_statements' plan counter: one more run of prepared statement `name`."""
    source = session.prepared_sql.get(name)
    if source is not None:
        source.executions += 1


def _lookup_prepared(session, name: str):
    stmt = session.prepared.get(name)
    if stmt is None:
        raise PgError(errors.UNDEFINED_PREPARED_STATEMENT, f'prepared statement "{name}" does not exist')
    return stmt


def _execute(raw, body: dict, session) -> Result:
    stmt = _lookup_prepared(session, body["name"])
    values = _evaluate_arguments(_statement_ast(raw), body["name"], stmt, raw)
    count_execution(session, body["name"])
    return stmt.execute(values)


def _evaluate_arguments(ast, name: str, stmt, raw=None) -> list:
    params = [_print(p) for p in (ast.params or ())]
    if len(params) != len(stmt.param_types):
        raise PgError(errors.SYNTAX_ERROR if not params else "42601",
                      f'wrong number of parameters for prepared statement "{name}"',
                      detail=f"Expected {len(stmt.param_types)} parameters but got {len(params)}.")
    if raw is not None:
        _check_argument_types(params, stmt.param_types,
                              raw.node.get("ExecuteStmt", {}).get("params") or (), raw.source)
    return _evaluate(params, stmt.param_types)


def _check_argument_types(expressions: list[str], type_oids: list[int], nodes,
                          source) -> None:
    """Each argument must convert to its parameter's type as an assignment would
    (EvaluateParams' coerce_to_target_type): 42804 otherwise."""
    if not expressions:
        return
    from pgsnake.datatypes import registry
    from pgsnake.datatypes.type_coercion import can_coerce
    from pgsnake.executor.portal_query import prepare_statement
    from pgsnake.parser.raw_parser import parse_sql
    probe = prepare_statement(parse_sql("SELECT " + ", ".join(
        f"({text})" for text in expressions))[0], [])
    for number, (column, target, node) in enumerate(zip(probe.columns, type_oids, nodes), 1):
        from_type = column.type_oid
        if "sval" in node.get("A_Const", {}) or node.get("A_Const", {}).get("isnull"):
            continue                          # an untyped literal: the type's input
        if from_type in (0, 705) or from_type == target or \
                can_coerce(from_type, target, "assignment"):
            continue
        from pgsnake.parser.transform_expression import leftmost_location
        raise PgError(errors.DATATYPE_MISMATCH,
                      f"parameter ${number} of type {registry.format_type(from_type)} cannot "
                      f"be coerced to the expected type {registry.format_type(target)}",
                      hint="You will need to rewrite or cast the expression.",
                      position=source.position(leftmost_location(node))
                      if source is not None else None)


def _evaluate(expressions: list[str], type_oids: list[int]) -> list:
    """EXECUTE's arguments are expressions: evaluate them, cast to the parameter types."""
    if not expressions:
        return []
    from pgsnake.datatypes import registry, user_type_facts
    from pgsnake.executor.portal_query import prepare_statement
    from pgsnake.parser.raw_parser import parse_sql
    casts = []
    for text, oid in zip(expressions, type_oids):
        # A user-defined type (a domain, an enum) by its format_type name, which the
        # search path finds or which is schema-qualified.
        name = f"pg_catalog.{registry.get_type(oid).name}" \
            if oid < user_type_facts.FIRST_CATALOG_TYPE_OID else registry.format_type(oid)
        casts.append(f"({text})::{name}")
    result = prepare_statement(parse_sql("SELECT " + ", ".join(casts))[0], []).execute([])
    return list(result.rows[0])


def _deallocate(body: dict, session) -> Result:
    if body.get("isall"):
        session.prepared.clear()
        session.prepared_sql.clear()
        return Result(None, [], "DEALLOCATE ALL")
    name = body.get("name")
    if name not in session.prepared:
        raise PgError(errors.UNDEFINED_PREPARED_STATEMENT, f'prepared statement "{name}" does not exist')
    del session.prepared[name]
    session.prepared_sql.pop(name, None)
    return Result(None, [], "DEALLOCATE")


# ---- cursors -----------------------------------------------------------------------------

def _declared_query(raw, param_types: list[int], fixed_params: bool):
    """The cursor's query, analysed and planned with these parameter types."""
    from pgsnake.executor.portal_query import prepare_statement
    from pgsnake.parser.raw_parser import parse_sql
    inner = parse_sql(_print(_statement_ast(raw).query))[0]
    return prepare_statement(inner, param_types, fixed_params=fixed_params, for_cursor=True)


def _declare(body: dict, session, stmt, params: list) -> Result:
    from pgsnake.access.transam import xact
    name = body["portalname"]
    holdable = bool(body.get("options", 0) & CURSOR_OPT_HOLD)
    if not holdable and not xact.in_transaction_block():
        raise PgError(errors.NO_ACTIVE_SQL_TRANSACTION,
                      "DECLARE CURSOR can only be used in transaction blocks")
    if name in session.portals:
        raise PgError("42P03", f'cursor "{name}" already exists')
    open_portal(session, name, stmt, params, body.get("options", 0), holdable,
                session.query_string)
    return Result(None, [], "DECLARE CURSOR")


def open_portal(session, name: str, stmt, params: list, options: int, holdable: bool,
                source_text: str):
    """A cursor over a prepared SELECT, started now (its snapshot taken), named `name` in
    the session's portals: DECLARE's, and PL/pgSQL's OPEN (tcop/pl_cursor_portals.py)."""
    from pgsnake.tcop.session import Portal
    body = {"options": options}
    if stmt.columns is None:
        raise PgError(errors.SYNTAX_ERROR, "DECLARE CURSOR must be a SELECT")
    from pgsnake.parser.cte import has_modifying_cte
    if has_modifying_cte(getattr(stmt, "query", None)):
        raise PgError(errors.FEATURE_NOT_SUPPORTED,
                      "DECLARE CURSOR must not contain data-modifying statements in WITH")
    scroll = bool(body.get("options", 0) & CURSOR_OPT_SCROLL)
    if scroll and getattr(getattr(stmt, "query", None), "row_marks", None):
        raise PgError(errors.FEATURE_NOT_SUPPORTED,
                      "DECLARE SCROLL CURSOR ... FOR UPDATE is not supported",
                      detail="Scrollable cursors must be READ ONLY.")
    portal = Portal(name, stmt, params, [])
    portal.execution = stmt.start(params)    # its snapshot is taken now; rows at FETCH
    portal.holdable = holdable
    implicit = _implicitly_scrollable(body.get("options", 0), stmt)
    if scroll or (implicit and holdable):
        from pgsnake.tcop.scroll_cursor import ScrollCursor
        portal.scroll = ScrollCursor(portal.execution)
    elif implicit:
        snapshot, plan = portal.execution.snapshot, portal.execution.plan
        portal.restart = lambda: stmt.start(params, snapshot=snapshot, plan=plan)
    portal.scrollable = scroll or implicit
    portal.binary = bool(body.get("options", 0) & CURSOR_OPT_BINARY)
    portal.source_text = source_text
    from pgsnake.datatypes import clock
    portal.creation_time = clock.statement_timestamp()
    from pgsnake.access.transam import xact
    portal.subxact_depth = xact.subtransaction_depth()
    session.portals[name] = portal
    return portal


def _implicitly_scrollable(options: int, stmt) -> bool:
    """Neither SCROLL nor NO SCROLL: scrollable when the plan could run backward and
    locks no rows (PerformCursorOpen)."""
    if options & (CURSOR_OPT_SCROLL | CURSOR_OPT_NO_SCROLL):
        return False
    query, plan = getattr(stmt, "query", None), getattr(stmt, "plan", None)
    if query is None or plan is None or getattr(query, "row_marks", None):
        return False
    from pgsnake.executor.backward_scan import supports_backward_scan
    return supports_backward_scan(plan)


def _lookup_cursor(session, name: str):
    portal = session.portals.get(name)
    if portal is None:
        raise PgError(errors.INVALID_CURSOR_NAME, f'cursor "{name}" does not exist')
    return portal


def fetch_portal(body: dict, session) -> Result:
    """FETCH / MOVE on a cursor: SQL's and PL/pgSQL's (tcop/pl_cursor_portals.py). An
    error while it runs leaves the cursor failed (PortalRunFetch's MarkPortalFailed)."""
    portal = _lookup_cursor(session, body.get("portalname", ""))
    if portal.failed:
        raise PgError(errors.OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'portal "{portal.name}" cannot be run')
    try:
        return _run_fetch(portal, body)
    except PgError:
        portal.failed = True
        raise


def _run_fetch(portal, body: dict) -> Result:
    direction = body.get("direction", "FETCH_FORWARD")
    how_many = body.get("howMany", 0)        # absent: 0 (FETCH FORWARD 0, ABSOLUTE 0)
    execution = portal.execution
    if portal.scroll is None and portal.restart is not None and (
            direction != "FETCH_FORWARD" or how_many <= 0):
        # An implicitly scrollable cursor's first move other than forward: its plan
        # again, under its snapshot, up to where the cursor is (scroll_cursor.py).
        from pgsnake.tcop.scroll_cursor import resume_scrolling
        fresh = portal.restart()
        portal.scroll = resume_scrolling(fresh, execution.processed, execution.at_end)
        execution.close()
        portal.execution = execution = fresh
    if portal.scroll is not None:
        chunk = portal.scroll.fetch(direction, how_many)
    elif direction in ("FETCH_ABSOLUTE", "FETCH_RELATIVE") and how_many > 0 and (
            direction == "FETCH_RELATIVE" or how_many > execution.processed):
        # A row ahead of a forward-only cursor: skip to it (DoPortalRunFetch)
        skip = how_many - 1 if direction == "FETCH_RELATIVE" else \
            how_many - execution.processed - 1
        if skip:
            skipped, _ = execution.fetch(skip)
            if len(skipped) < skip:
                skip = -1
        chunk = execution.fetch(1)[0] if skip >= 0 else []
    elif direction != "FETCH_FORWARD" or how_many < 0:
        # NO SCROLL, or a plan that cannot run backward (see _declare).
        raise PgError(errors.OBJECT_NOT_IN_PREREQUISITE_STATE, "cursor can only scan forward",
                      hint="Declare it with SCROLL option to enable backward scan.")
    elif how_many == 0:
        chunk = []       # FORWARD 0 would re-fetch the current row: not kept (forward-only)
    else:
        chunk, _ = execution.fetch(0 if how_many >= FETCH_ALL else how_many)
    if body.get("ismove"):
        return Result(None, [], f"MOVE {len(chunk)}")
    return Result(execution.columns, chunk, f"FETCH {len(chunk)}")


def _close(body: dict, session) -> Result:
    name = body.get("portalname")
    if name is None:
        for portal in session.portals.values():
            portal.close()
        session.portals.clear()
        return Result(None, [], "CLOSE CURSOR ALL")
    _lookup_cursor(session, name)
    session.portals.pop(name).close()
    return Result(None, [], "CLOSE CURSOR")


# ---- DISCARD and CHECKPOINT --------------------------------------------------------------

def _discard(body: dict, session) -> Result:
    from pgsnake.access.transam import xact
    from pgsnake.tcop import unnamed_statements
    from pgsnake.utils import settings
    target = body.get("target", "DISCARD_ALL")
    if target == "DISCARD_ALL":
        xact.prevent_in_transaction_block("DISCARD ALL")
        # as PostgreSQL's DiscardAll: portals, the session user, settings, prepared
        # statements, LISTENs, advisory locks, plans, temporary objects, sequence values
        settings.reset_value("session_authorization")
        session.prepared.clear()
        session.prepared_sql.clear()
        unnamed_statements.forget()
        for portal in session.portals.values():
            portal.close()
        session.portals.clear()
        settings.reset_session()
        session.report_changed_settings()
        from pgsnake.commands import async_notify, sequence_commands, temp_relations
        from pgsnake.storage.lmgr import lock
        async_notify.unlisten_all()
        lock.release_session_advisory_locks()
        temp_relations.remove_my_temp_objects()
        sequence_commands.discard_sequences()
        return Result(None, [], "DISCARD ALL")
    if target == "DISCARD_PLANS":
        unnamed_statements.forget()
        return Result(None, [], "DISCARD PLANS")
    if target == "DISCARD_SEQUENCES":
        from pgsnake.commands import sequence_commands
        sequence_commands.discard_sequences()
        return Result(None, [], "DISCARD SEQUENCES")
    from pgsnake.commands import temp_relations
    temp_relations.remove_my_temp_objects()
    return Result(None, [], "DISCARD TEMP")


def _checkpoint() -> Result:
    if not process_state.is_superuser:
        raise PgError(errors.INSUFFICIENT_PRIVILEGE,
                      "must be superuser or have privileges of pg_checkpoint to do CHECKPOINT")
    from pgsnake.access.transam import checkpoint
    checkpoint.request_checkpoint(wait=True)
    return Result(None, [], "CHECKPOINT")
