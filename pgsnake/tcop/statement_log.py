"""What a backend writes to the server log about the statements it runs and its session:
log_statement, log_duration, log_min_duration_statement (and its sampled variant),
log_connections' "connection received" line, log_disconnections.

    LOG:  statement: UPDATE t SET x = 1                 (log_statement = mod)
    LOG:  duration: 0.412 ms                            (log_duration, already logged)
    LOG:  duration: 12.031 ms  statement: SELECT ...    (log_min_duration_statement)
    LOG:  execute S_1: SELECT * FROM t WHERE id = $1    (extended protocol)
    DETAIL:  parameters: $1 = '42'
    LOG:  disconnection: session time: 0:00:01.234 user=app database=shop host=[local]

log_statement classes each statement as PostgreSQL does: DDL (CREATE / ALTER / DROP,
GRANT, COMMENT, CREATE TABLE AS, SELECT INTO, CLUSTER, REFRESH, ALTER SYSTEM ...), MOD
(INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY FROM, and an EXPLAIN ANALYZE / PREPARE /
EXECUTE of one), or ALL (the rest). `mod` logs DDL too. A simple Query is logged once,
whole, if any of its statements qualifies; the extended protocol logs at Execute, with
its parameters. A statement already logged by log_statement gets a duration line
without its text. Durations are of successful messages only: an error is logged as the
ERROR with its STATEMENT line instead (elog, log_min_error_statement).

PostgreSQL: tcop/postgres.c (check_log_statement, check_log_duration, exec_simple_query,
exec_parse_message, exec_bind_message, exec_execute_message, errdetail_params,
log_disconnections), tcop/utility.c (GetCommandLogLevel), postmaster/postmaster.c
(BackendInitialize's "connection received").
"""
from __future__ import annotations

import random
import time

from pgsnake.utils import elog, process_state, settings

LEVEL_RANK = {"none": 0, "ddl": 1, "mod": 2, "all": 3}
# Statements logged only by log_statement = all; what is neither here nor MOD is DDL.
_ALL_KINDS = frozenset({
    "SelectStmt", "TransactionStmt", "DeclareCursorStmt", "FetchStmt", "ClosePortalStmt",
    "VacuumStmt", "VariableSetStmt", "VariableShowStmt", "DiscardStmt", "NotifyStmt",
    "ListenStmt", "UnlistenStmt", "LoadStmt", "CheckPointStmt", "LockStmt",
    "ConstraintsSetStmt", "ReindexStmt", "DoStmt", "CallStmt", "DeallocateStmt",
    "ReturnStmt", "PLAssignStmt"})
_MOD_KINDS = frozenset({"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "TruncateStmt"})


def command_level(kind: str, node: dict, session=None) -> str:
    """'ddl', 'mod' or 'all' for one statement (its pglast node and type name)."""
    body = node.get(kind, {}) if isinstance(node, dict) else {}
    if kind == "SelectStmt":
        return "ddl" if body.get("intoClause") else "all"
    if kind in _MOD_KINDS:
        return "mod"
    if kind == "CopyStmt":
        return "mod" if body.get("is_from") else "all"
    if kind == "ExplainStmt":
        analyze = any(option.get("DefElem", {}).get("defname") == "analyze"
                      for option in body.get("options") or ())
        return _inner_level(body.get("query"), session) if analyze else "all"
    if kind == "PrepareStmt":
        return _inner_level(body.get("query"), session)
    if kind == "ExecuteStmt":
        prepared = session.prepared.get(body.get("name")) if session is not None else None
        raw = getattr(prepared, "raw", None)
        return command_level(raw.kind, raw.node, session) if raw is not None else "all"
    if kind in _ALL_KINDS:
        return "all"
    return "ddl"


def _inner_level(node, session) -> str:
    if not isinstance(node, dict) or not node:
        return "all"
    kind = next(iter(node))
    return command_level(kind, node, session)


def statement_qualifies(raw_statements, session) -> bool:
    wanted = LEVEL_RANK.get(str(settings.get("log_statement")), 0)
    if wanted == 0:
        return False
    return any(LEVEL_RANK[command_level(raw.kind, raw.node, session)] <= wanted
               for raw in raw_statements)


def _prepare_detail(raw_statements, session) -> str | None:
    """errdetail_execute: the source of the prepared statement an EXECUTE runs."""
    for raw in raw_statements:
        if raw.kind == "ExecuteStmt":
            name = raw.node["ExecuteStmt"].get("name")
            source = session.prepared_sql.get(name)
            if source is not None:
                return f"prepare: {source.text}"
    return None


# -- durations ---------------------------------------------------------------------

def start_clock() -> float:
    return time.monotonic()


def _check_duration(started: float, was_logged: bool) -> tuple[int, str]:
    """PostgreSQL's check_log_duration: (0 nothing, 1 duration only, 2 with text), ms."""
    elapsed_ms = (time.monotonic() - started) * 1000.0
    text = f"{elapsed_ms:.3f}"
    minimum = settings.get("log_min_duration_statement")
    exceeded = minimum == 0 or (minimum > 0 and elapsed_ms >= minimum)
    sample_minimum = settings.get("log_min_duration_sample")
    sampled = False
    if not exceeded and (sample_minimum == 0 or (sample_minimum > 0 and elapsed_ms >= sample_minimum)):
        rate = settings.get("log_statement_sample_rate")
        sampled = rate >= 1 or (rate > 0 and random.random() <= rate)
    if not (settings.get("log_duration") or exceeded or sampled):
        return 0, text
    return (2 if (exceeded or sampled) and not was_logged else 1), text


# -- simple query --------------------------------------------------------------------

def log_simple_statement(session, sql: str, raw_statements) -> bool:
    """log_statement for one Query message; True if it was logged."""
    if not statement_qualifies(raw_statements, session):
        return False
    elog.log(f"statement: {sql}", detail=_prepare_detail(raw_statements, session),
             hide_statement=True)
    return True


def log_fastpath_call(name: str, function_oid: int) -> bool:
    """log_statement = all for a FunctionCall message (HandleFunctionRequest)."""
    if settings.get("log_statement") != "all":
        return False
    elog.log(f'fastpath function call: "{name}" (OID {function_oid})', hide_statement=True)
    return True


def log_simple_duration(session, sql: str, raw_statements, started: float,
                        was_logged: bool) -> None:
    _log_duration(started, was_logged, lambda: (
        f"statement: {sql}", _prepare_detail(raw_statements, session)))


def _log_duration(started: float, was_logged: bool, describe) -> None:
    """check_log_duration's outcome for one message: nothing, "duration: N ms", or that
    followed by the statement; `describe()` -> (text, detail) is built only then."""
    case, ms = _check_duration(started, was_logged)
    if case == 1:
        elog.log(f"duration: {ms} ms", hide_statement=True)
    elif case == 2:
        text, detail = describe()
        elog.log(f"duration: {ms} ms  {text}", detail=detail, hide_statement=True)


# -- extended query ------------------------------------------------------------------

def _statement_label(statement_name: str, portal_name: str) -> str:
    label = statement_name or "<unnamed>"
    return f"{label}/{portal_name}" if portal_name else label


def parameters_detail(params, param_types) -> str | None:
    """errdetail_params: "parameters: $1 = '42', $2 = NULL" (log_parameter_max_length)."""
    limit = settings.get("log_parameter_max_length")
    if not params or limit == 0:
        return None
    from pgsnake.datatypes import registry
    parts = []
    for number, (value, type_oid) in enumerate(zip(params, param_types), start=1):
        if value is None:
            parts.append(f"${number} = NULL")
            continue
        try:
            text = registry.get_type(type_oid or 25).output(value)
        except Exception:
            text = str(value)
        if limit > 0 and len(text.encode()) > limit:
            text = text.encode()[:limit].decode("utf-8", "ignore") + "..."
        parts.append(f"${number} = '" + text.replace("'", "''") + "'")
    return "parameters: " + ", ".join(parts)


def log_parse_duration(statement_name: str, sql: str, started: float) -> None:
    _log_duration(started, False,
                  lambda: (f"parse {statement_name or '<unnamed>'}: {sql}", None))


def _portal_line(verb: str, portal) -> tuple[str, str | None]:
    """'<verb> <statement>[/<portal>]: <query>' and its parameters DETAIL."""
    label = _statement_label(portal.statement_name, portal.name)
    return (f"{verb} {label}: {portal.source_sql}",
            parameters_detail(portal.params, portal.statement.param_types))


def _execute_verb(is_fetch: bool) -> str:
    return "execute fetch from" if is_fetch else "execute"


def log_bind_duration(portal, started: float) -> None:
    _log_duration(started, False, lambda: _portal_line("bind", portal))


def log_execute(session, portal, is_fetch: bool) -> bool:
    """log_statement for an Execute message; True if it was logged."""
    raw = getattr(portal.statement, "raw", None)
    if raw is None or not statement_qualifies([raw], session):
        return False
    text, detail = _portal_line(_execute_verb(is_fetch), portal)
    elog.log(text, detail=detail, hide_statement=True)
    return True


def log_execute_duration(portal, is_fetch: bool, started: float, was_logged: bool) -> None:
    _log_duration(started, was_logged, lambda: _portal_line(_execute_verb(is_fetch), portal))


# -- connections -----------------------------------------------------------------------

def log_connection_received() -> None:
    if not settings.get("log_connections"):
        return
    host, port = process_state.client_address, process_state.client_port
    suffix = f" port={port}" if host != "[local]" and port else ""
    elog.log(f"connection received: host={host}{suffix}")


def log_disconnection(session_started: float) -> None:
    """At the end of an established session, if log_disconnections is on."""
    if not settings.get("log_disconnections"):
        return
    elapsed = max(0.0, time.time() - session_started)
    hours, rest = divmod(int(elapsed * 1000), 3600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    host, port = process_state.client_address, process_state.client_port
    suffix = f" port={port}" if host != "[local]" and port else ""
    user = process_state.session_user_name or process_state.user_name
    elog.log(f"disconnection: session time: {hours}:{minutes:02d}:{seconds:02d}.{millis:03d} "
             f"user={user} database={process_state.database_name} host={host}{suffix}")
