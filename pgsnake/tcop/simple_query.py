"""The simple query protocol: one Query message, possibly several statements.

Each statement is parsed, analysed, planned and run, its rows sent as the plan produces
them (never the whole result in memory), and its CommandComplete sent, before the next
one starts. An error stops the rest of the string.
An empty string gets EmptyQueryResponse.

A statement's transaction command is finished (committed, unless it is inside a block)
before its CommandComplete is sent, so a failed commit is reported as an error alone.

Several statements in one Query run as one implicit transaction when no explicit
BEGIN/COMMIT appears among them, as in PostgreSQL: "INSERT ...; SELECT 1/0" leaves no row.
Commands that need a transaction of their own (COMMIT PREPARED, ALTER SYSTEM, ...) are
refused in such a string (xact.prevent_in_transaction_block).

PostgreSQL: tcop/postgres.c (exec_simple_query).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.executor.portal_query import start_execution
from pgsnake.parser.raw_parser import parse_sql
from pgsnake.protocol import messages as m
from pgsnake.tcop import result_output, statement_log, statements
from pgsnake.storage.ipc import backend_status
from pgsnake.utils import interrupts, process_state


def exec_simple_query(session, sql: str) -> None:
    started = statement_log.start_clock()
    process_state.debug_query_string = sql
    session.set_activity("parsing")
    backend_status.report_activity("active", sql)
    session.query_string = sql
    raw_statements = parse_sql(sql)
    session.send_pending_notices()      # the scanner's (identifiers truncated) come first
    was_logged = statement_log.log_simple_statement(session, sql, raw_statements)
    if not raw_statements:
        session.conn.send(m.empty_query_response())
        return
    implicit_block = len(raw_statements) > 1 and not any(
        statements.is_transaction_control(raw) for raw in raw_statements)
    xact.set_multi_statement_string(len(raw_statements) > 1)
    try:
        _run_statements(session, raw_statements, implicit_block)
    finally:
        xact.set_multi_statement_string(False)
    statement_log.log_simple_duration(session, sql, raw_statements, started, was_logged)
    process_state.debug_query_string = ""


def _run_statements(session, raw_statements, implicit_block: bool) -> None:
    for index, raw in enumerate(raw_statements):
        interrupts.check_for_interrupts()
        session.set_activity(raw.kind if hasattr(raw, "kind") else "active")
        session.start_transaction()
        statements.check_not_in_failed_block(raw)
        stmt = statements.prepare(session, raw, [], fixed_params=True)
        execution = start_execution(stmt, [])
        try:
            if execution.columns is not None and stmt.columns is not None:
                formats = [0] * len(execution.columns)
                session.conn.send(result_output.row_description(execution.columns, formats))
                encoders = result_output.row_encoders(execution.columns, formats)
                result_output.send_rows(session.conn, execution, 0, encoders)
        finally:
            execution.close()
        # Commit before CommandComplete, as PostgreSQL's exec_simple_query runs
        # finish_xact_command before EndCommand: a COMMIT (or an autocommitted
        # statement) whose commit record cannot be flushed must reach the client as an
        # error alone, never as a command tag followed by an error.
        if not implicit_block or index == len(raw_statements) - 1:
            session.finish_transaction()
        else:
            statements.command_counter_increment()
        session.send_pending_notices()
        session.conn.send(m.command_complete(execution.command_tag))
