"""Notices: NOTICE and WARNING messages raised while a statement runs, for the client.

Code anywhere below tcop calls `emit()`; tcop drains the queue after each statement (and
before an ErrorResponse) and sends NoticeResponse messages for those at or above
client_min_messages, as PostgreSQL's ereport(NOTICE) does.

PostgreSQL: utils/error/elog.c (ereport with NOTICE/WARNING, send_message_to_frontend).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

_pending: list[PgError] = []

# client_min_messages levels, least to most severe.
LEVEL_ORDER = ("debug5", "debug4", "debug3", "debug2", "debug1", "log", "info", "notice",
               "warning", "error")


def emit(sqlstate: str, message: str, *, severity: str = "NOTICE", **fields) -> None:
    _pending.append(PgError(sqlstate, message, severity=severity, **fields))


def drain() -> list[PgError]:
    out = list(_pending)
    _pending.clear()
    return out


def should_send(severity: str, client_min_messages: str) -> bool:
    sev = severity.lower()
    if sev == "info":      # INFO always reaches the client, as in PostgreSQL
        return True
    if sev not in LEVEL_ORDER:
        return True
    return LEVEL_ORDER.index(sev) >= LEVEL_ORDER.index(client_min_messages.lower())
