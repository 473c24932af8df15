"""The server log: lines on stderr in PostgreSQL's default format.

    2026-11-23 10:00:00.123 UTC [12345] LOG:  database system is ready to accept connections

The postmaster's stderr is the log file (`pgsnake start -l FILE`), and every child
inherits it, so all processes write to one file. Each line is written with a single
os.write() on an O_APPEND descriptor, so lines from different processes never interleave.

PostgreSQL: utils/error/elog.c (the stderr destination, log_line_prefix '%m [%p] ').
"""
from __future__ import annotations

import datetime
import os

LEVELS = ("DEBUG", "LOG", "INFO", "NOTICE", "WARNING", "ERROR", "FATAL", "PANIC")


def _prefix() -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d} UTC [{os.getpid()}] "


def log(message: str, level: str = "LOG", *, detail: str | None = None,
        hint: str | None = None, statement: str | None = None,
        context: str | None = None) -> None:
    lines = [f"{_prefix()}{level}:  {message}"]
    if detail:
        lines.append(f"{_prefix()}DETAIL:  {detail}")
    if hint:
        lines.append(f"{_prefix()}HINT:  {hint}")
    if context:
        lines.append(f"{_prefix()}CONTEXT:  {context}")
    if statement:
        lines.append(f"{_prefix()}STATEMENT:  {statement}")
    data = ("\n".join(lines) + "\n").encode("utf-8", "replace")
    try:
        os.write(2, data)
    except OSError:
        pass   # a closed or full log must never take a server process down


def log_error(err, statement: str | None = None) -> None:
    """Log a PgError the way PostgreSQL logs errors reported to a client."""
    log(err.message, err.severity, detail=getattr(err, "detail", None),
        hint=getattr(err, "hint", None), statement=statement,
        context=getattr(err, "context", None))
