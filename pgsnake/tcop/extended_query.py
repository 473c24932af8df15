"""The extended query protocol: Parse, Bind, Describe, Execute, Close and Sync.

    Parse     SQL text + parameter types -> a named (or unnamed "") prepared statement
    Bind      statement + parameter values + result formats -> a portal
    Describe  'S': ParameterDescription + RowDescription/NoData; 'P': RowDescription/NoData
    Execute   run the portal, send up to max_rows rows (PortalSuspended if more remain)
    Sync      end of the message group: commit the implicit transaction, ReadyForQuery

After an error, the backend ignores messages until Sync (backend_main does that), so the
client can pipeline a whole group and still get exactly one error.

A SELECT portal runs its plan only as far as Execute asks (max_rows; 0 = to the end),
pulling batches and sending rows as they come; PortalSuspended says there may be more.
Other statements run to completion at their first Execute and keep their result.

PostgreSQL: tcop/postgres.c (exec_parse_message, exec_bind_message,
exec_describe_statement_message, exec_describe_portal_message, exec_execute_message).
"""
from __future__ import annotations

from pgsnake.datatypes import registry
from pgsnake.executor.portal_query import start_execution
from pgsnake.parser import raw_parser
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.protocol import messages as m
from pgsnake.storage.ipc import backend_status
from pgsnake.tcop import result_output, session_commands, statement_log, statements
from pgsnake.tcop import unnamed_statements
from pgsnake.tcop.session import Portal
from pgsnake.utils import errors, process_state
from pgsnake.utils.errors import PgError


class _EmptyStatement:
    """What an empty query string prepares to: Execute answers EmptyQueryResponse."""
    param_types: list[int] = []
    columns = None
    command_kind = ""
    is_utility = True
    raw = None


def exec_parse(session, msg) -> None:
    started = statement_log.start_clock()
    process_state.debug_query_string = msg.sql
    name = msg.name
    if name and name in session.prepared:
        raise PgError(errors.DUPLICATE_PREPARED_STATEMENT, f'prepared statement "{name}" already exists')
    stmt = unnamed_statements.lookup(msg.sql, list(msg.param_types)) if not name else None
    if stmt is not None:
        raw_parser.notice_truncated_identifiers(msg.sql)
        session.start_transaction()
        statements.check_not_in_failed_block(stmt.raw)
    else:
        raw_statements = parse_sql(msg.sql)
        if len(raw_statements) > 1:
            raise PgError(errors.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement")
        session.start_transaction()
        if not raw_statements:
            stmt = _EmptyStatement()
        else:
            raw = raw_statements[0]
            statements.check_not_in_failed_block(raw)
            for type_oid in msg.param_types:        # a type OID that names no type
                if type_oid and registry.format_type(type_oid) == "???":
                    raise PgError(errors.INTERNAL_ERROR, f"cache lookup failed for type {type_oid}")
            stmt = statements.prepare(session, raw, list(msg.param_types))
            if getattr(stmt, "raw", None) is None:
                stmt.raw = raw
            if not name:
                unnamed_statements.remember(msg.sql, list(msg.param_types), stmt)
    session.prepared[name] = stmt
    session.parse_texts[name] = msg.sql
    session.query_string = msg.sql
    if name:
        session.prepared_sql[name] = session_commands.prepared_source(session, from_sql=False)
    session.send_pending_notices()      # the scanner's, before ParseComplete
    session.conn.send(m.parse_complete())
    statement_log.log_parse_duration(name, msg.sql, started)
    process_state.debug_query_string = ""


def _lookup_statement(session, name: str):
    stmt = session.prepared.get(name)
    if stmt is None:
        if name:
            raise PgError(errors.UNDEFINED_PREPARED_STATEMENT, f'prepared statement "{name}" does not exist')
        raise PgError(errors.UNDEFINED_PREPARED_STATEMENT, "unnamed prepared statement does not exist")
    return stmt


def exec_bind(session, msg) -> None:
    started = statement_log.start_clock()
    process_state.debug_query_string = session.parse_texts.get(msg.statement, "")
    stmt = _lookup_statement(session, msg.statement)
    session.start_transaction()
    raw = getattr(stmt, "raw", None)
    if raw is not None:
        statements.check_not_in_failed_block(raw)
    param_types = list(stmt.param_types)
    values = list(msg.params)
    if len(values) != len(param_types):
        raise PgError(errors.PROTOCOL_VIOLATION,
                      f'bind message supplies {len(values)} parameters, but prepared statement '
                      f'"{msg.statement}" requires {len(param_types)}')
    formats = list(msg.param_formats)
    if len(formats) not in (0, 1, len(values)):
        raise PgError(errors.PROTOCOL_VIOLATION,
                      f"bind message has {len(formats)} parameter formats but {len(values)} parameters")
    params = []
    for i, (data, type_oid) in enumerate(zip(values, param_types)):
        fmt = formats[i] if len(formats) > 1 else (formats[0] if formats else 0)
        params.append(decode_parameter(data, type_oid, fmt, i + 1))
    result_formats = list(msg.result_formats)
    columns = getattr(stmt, "columns", None)
    if len(result_formats) > 1 and columns is not None and len(result_formats) != len(columns):
        raise PgError(errors.PROTOCOL_VIOLATION,        # PortalSetResultFormat, at Bind
                      f"bind message has {len(result_formats)} result formats but query has "
                      f"{len(columns)} columns")
    if msg.portal and msg.portal in session.portals:
        raise PgError("42P03", f'cursor "{msg.portal}" already exists')
    if msg.portal in session.portals:
        session.portals.pop(msg.portal).close()     # the unnamed portal is replaced
    portal = Portal(msg.portal, stmt, params, list(msg.result_formats),
                    statement_name=msg.statement,
                    source_sql=session.parse_texts.get(msg.statement, ""))
    session.portals[msg.portal] = portal
    session_commands.count_execution(session, msg.statement)
    session.conn.send(m.bind_complete())
    statement_log.log_bind_duration(portal, started)
    process_state.debug_query_string = ""


def decode_parameter(data: bytes | None, type_oid: int, fmt: int, number: int,
                     where: str = "bind parameter"):
    """`where` names the value in the 22P03 message ("function argument" for a
    FunctionCall's, fastpath.py)."""
    if fmt not in (0, 1):
        raise PgError(errors.INVALID_PARAMETER_VALUE, f"unsupported format code: {fmt}")
    if data is None:
        return None
    info = registry.get_type(type_oid or 25)
    if fmt == 1:
        return _receive_parameter(info, bytes(data), number, where)
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise PgError(errors.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding "
                      f'"UTF8": {m.bad_utf8_sequence(bytes(data))}') from None
    return info.input(text)


def _receive_parameter(info, data: bytes, number: int, where: str):
    """A binary parameter read by its type's receive function, failing as PostgreSQL's
    exec_bind_message does: reading past the end is 08P01 "insufficient data left in
    message", bytes left over are 22P03 "incorrect binary data format in bind parameter
    N", invalid UTF-8 is 22021; the type's other errors (22003, 42804, ...) stand."""
    try:
        return info.receive(data)
    except PgError as e:
        if e.message == "insufficient data left in message":
            raise PgError(errors.PROTOCOL_VIOLATION, e.message) from None
        if e.message == "incorrect binary data format":
            raise _leftover_bytes(number, where) from None
        raise
    except UnicodeDecodeError:
        raise PgError(errors.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding "
                      f'"UTF8": {m.bad_utf8_sequence(data)}') from None
    except Exception:
        if info.typlen > 0 and info.oid != registry.NAME and len(data) < info.typlen:
            raise PgError(errors.PROTOCOL_VIOLATION, "insufficient data left in message") \
                from None
        raise _leftover_bytes(number, where) from None


def _leftover_bytes(number: int, where: str) -> PgError:
    return PgError(errors.INVALID_BINARY_REPRESENTATION,
                   f"incorrect binary data format in {where} {number}")


def exec_describe(session, msg) -> None:
    if msg.kind == "S":
        stmt = _lookup_statement(session, msg.name)
        session.conn.send(m.parameter_description(list(stmt.param_types)))
        _send_row_description(session, stmt.columns, [])
    elif msg.kind == "P":
        portal = session.portals.get(msg.name)
        if portal is None:
            raise PgError(errors.INVALID_CURSOR_NAME, f'portal "{msg.name}" does not exist')
        _send_row_description(session, portal.statement.columns, portal.result_formats)
    else:
        raise PgError(errors.PROTOCOL_VIOLATION, f"invalid DESCRIBE message subtype {msg.kind!r}")


def _send_row_description(session, columns, result_formats) -> None:
    if columns is None:
        session.conn.send(m.no_data())
        return
    formats = result_output.column_formats(columns, result_formats)
    session.conn.send(result_output.row_description(columns, formats))


def exec_execute(session, msg) -> None:
    started = statement_log.start_clock()
    portal = session.portals.get(msg.portal)
    if portal is None:
        raise PgError(errors.INVALID_CURSOR_NAME, f'portal "{msg.portal}" does not exist')
    stmt = portal.statement
    if isinstance(stmt, _EmptyStatement):
        session.conn.send(m.empty_query_response())
        return
    if portal.source_sql:
        session.query_string = portal.source_sql
    process_state.debug_query_string = portal.source_sql   # STATEMENT lines
    is_fetch = portal.execution is not None
    was_logged = statement_log.log_execute(session, portal, is_fetch)
    _run_portal(session, portal, msg.max_rows)
    statement_log.log_execute_duration(portal, is_fetch, started, was_logged)
    process_state.debug_query_string = ""


def _run_portal(session, portal, max_rows: int) -> None:
    stmt = portal.statement
    session.start_transaction()
    raw = getattr(stmt, "raw", None)
    if raw is not None:
        statements.check_not_in_failed_block(raw)
    session.set_activity(getattr(stmt, "command_kind", "") or "active")
    if raw is not None:
        backend_status.report_activity("active", raw.text)
    if portal.execution is None:
        portal.execution = start_execution(stmt, portal.params)
        if max_rows > 0:
            portal.execution.run_without_workers()      # fetched in pieces
        statements.command_counter_increment()
        if getattr(stmt, "is_transaction_control", False):
            # BEGIN/COMMIT/ROLLBACK change the block state now, as PostgreSQL's
            # finish_xact_command after a transaction statement does.
            session.finish_transaction()
    execution = portal.execution
    session.send_pending_notices()
    if portal.done:
        session.conn.send(m.command_complete(execution.command_tag))
        return
    if execution.columns is not None and stmt.columns is not None:
        formats = result_output.column_formats(execution.columns, portal.result_formats)
        encoders = result_output.row_encoders(execution.columns, formats)
        if not result_output.send_rows(session.conn, execution, max_rows, encoders):
            session.conn.send(m.portal_suspended())
            return
        portal.done = True
        session.conn.send(m.command_complete(execution.command_tag))
        return
    portal.done = True
    session.conn.send(m.command_complete(execution.command_tag))


def exec_close(session, msg) -> None:
    if msg.kind == "S":
        session.prepared.pop(msg.name, None)
        session.prepared_sql.pop(msg.name, None)
        session.parse_texts.pop(msg.name, None)
    elif msg.kind == "P":
        portal = session.portals.pop(msg.name, None)
        if portal is not None:
            portal.close()
    else:
        raise PgError(errors.PROTOCOL_VIOLATION, f"invalid CLOSE message subtype {msg.kind!r}")
    session.conn.send(m.close_complete())


def exec_sync(session) -> None:
    session.finish_transaction()
    portal = session.portals.pop("", None)
    if portal is not None:
        portal.close()


HANDLERS = {
    "Parse": exec_parse,
    "Bind": exec_bind,
    "Describe": exec_describe,
    "Execute": exec_execute,
    "Close": exec_close,
}
