"""The server log: lines on stderr in PostgreSQL's default format.

    2026-11-23 10:00:00.123 UTC [12345] LOG:  database system is ready to accept connections

The postmaster's stderr is the log file (`pgsnake start -l FILE`), and every child
inherits it, so all processes write to one file. Each line is written with a single
os.write() on an O_APPEND descriptor, so lines from different processes never interleave.

Each line starts with log_line_prefix (utils/log_line_prefix.py). A message goes to the
log only if its level reaches log_min_messages, in the server log's order (LOG ranks
between ERROR and FATAL there, unlike client_min_messages); an ERROR carries its
STATEMENT line only if it reaches log_min_error_statement.

PostgreSQL: utils/error/elog.c (the stderr destination, is_log_level_output,
check_log_of_query).
"""
from __future__ import annotations

import os

from pgsnake.utils import log_line_prefix, process_state

LEVELS = ("DEBUG", "LOG", "INFO", "NOTICE", "WARNING", "ERROR", "FATAL", "PANIC")
# Server-log rank of each level (log_min_messages / log_min_error_statement values too).
SERVER_LOG_RANK = {"debug5": 0, "debug4": 1, "debug3": 2, "debug2": 3, "debug1": 4,
                   "debug": 4, "info": 5, "notice": 6, "warning": 7, "error": 8, "log": 9,
                   "fatal": 10, "panic": 11}


def _setting(name: str, default: str) -> str:
    try:
        from pgsnake.utils import settings
        return str(settings.get(name))
    except Exception:   # before the settings exist (early start-up): the default
        return default


def reaches(level: str, threshold_setting: str, default: str) -> bool:
    """Does a message of `level` reach the server-log threshold in `threshold_setting`?"""
    threshold = _setting(threshold_setting, default).lower()
    return SERVER_LOG_RANK.get(level.lower(), 9) >= SERVER_LOG_RANK.get(threshold, 7)


def log(message: str, level: str = "LOG", *, detail: str | None = None,
        hint: str | None = None, statement: str | None = None,
        context: str | None = None, sqlstate: str | None = None,
        hide_statement: bool = False) -> None:
    """One message; a backend's messages carry the statement it is running
    (debug_query_string) unless `hide_statement` (the statement log's own lines)."""
    if not reaches(level, "log_min_messages", "warning"):
        return
    if statement is None and not hide_statement:
        statement = process_state.debug_query_string or None
    template = _setting("log_line_prefix", log_line_prefix.DEFAULT)
    code = sqlstate or ("XX000" if level in ("ERROR", "FATAL", "PANIC") else "00000")

    def prefix() -> str:
        return log_line_prefix.render(template, code)

    lines = [f"{prefix()}{level}:  {message}"]
    if detail:
        lines.append(f"{prefix()}DETAIL:  {detail}")
    if hint:
        lines.append(f"{prefix()}HINT:  {hint}")
    if context:
        lines.append(f"{prefix()}CONTEXT:  {context}")
    if statement and reaches(level, "log_min_error_statement", "error"):
        lines.append(f"{prefix()}STATEMENT:  {statement}")
    data = ("\n".join(lines) + "\n").encode("utf-8", "replace")
    try:
        os.write(2, data)
    except OSError:
        pass   # a closed or full log must never take a server process down


def log_error(err, statement: str | None = None) -> None:
    """Log a PgError the way PostgreSQL logs errors reported to a client (with the
    cursor position, which the client gets as a field of its own)."""
    message = err.message
    if getattr(err, "position", None):
        message += f" at character {err.position}"
    log(message, err.severity, detail=getattr(err, "detail", None),
        hint=getattr(err, "hint", None), statement=statement,
        context=getattr(err, "context", None), sqlstate=getattr(err, "sqlstate", None))
