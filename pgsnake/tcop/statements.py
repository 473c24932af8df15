"""Routing one raw statement to whoever runs it: tcop's own utility statements
(transaction control, SET/SHOW) or the executor's prepare_statement (everything else).

PostgreSQL: tcop/postgres.c (pg_analyze_and_rewrite, pg_plan_queries), tcop/utility.c.
"""
from __future__ import annotations

import pgsnake.commands  # noqa: F401 (registers EXPLAIN, CREATE TABLE, DROP)
from pgsnake.tcop import session_commands, utility
from pgsnake.utils import errors
from pgsnake.utils.errors import PgError


def node_of(raw) -> dict:
    return raw.node


def is_transaction_control(raw) -> bool:
    return next(iter(raw.node)) == "TransactionStmt"


def prepare(session, raw, param_types: list[int], *, fixed_params: bool = False):
    node = raw.node
    if utility.is_tcop_statement(node):
        return utility.make_statement(node, session)
    if session_commands.is_session_command(node):
        return session_commands.make_statement(raw, session, param_types,
                                               fixed_params=fixed_params)
    if session_commands.is_explain_execute(node):
        return session_commands.make_explain_execute(raw, session)
    if session_commands.is_create_table_as_execute(node):
        return session_commands.make_create_table_as_execute(raw, session)
    from pgsnake.executor.portal_query import prepare_statement
    return prepare_statement(raw, param_types, fixed_params=fixed_params)


def allowed_in_failed_block(raw) -> bool:
    node = raw.node
    if next(iter(node)) != "TransactionStmt":
        return False
    return node["TransactionStmt"]["kind"] in ("TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK",
                                                "TRANS_STMT_ROLLBACK_TO", "TRANS_STMT_PREPARE")


def check_not_in_failed_block(raw) -> None:
    """25P02 for anything but ROLLBACK, ROLLBACK TO SAVEPOINT and COMMIT while the
    transaction block has failed (SAVEPOINT and RELEASE included, as in PostgreSQL)."""
    from pgsnake.access.transam import xact
    if xact.is_aborted_block() and not allowed_in_failed_block(raw):
        raise PgError(errors.IN_FAILED_SQL_TRANSACTION,
                      "current transaction is aborted, commands ignored until end of transaction block")


def command_counter_increment() -> None:
    from pgsnake.access.transam import xact
    xact.command_counter_increment()
