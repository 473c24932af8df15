"""Interrupts: query cancel (SIGINT) and termination (SIGTERM) of a backend.

Signal handlers only set flags. Long-running code calls `check_for_interrupts()` at safe
points (between rows, between statements, while waiting), where raising an error cannot
leave shared state half-changed. While a backend is idle, waiting for the client's next
message, nothing is in progress, so a termination request is acted on immediately
(`idle_wait_begins()` / `idle_wait_ends()` bracket that wait).

PostgreSQL: tcop/postgres.c (ProcessInterrupts, die, StatementCancelHandler),
include/miscadmin.h (CHECK_FOR_INTERRUPTS).
"""
from __future__ import annotations

import os
import signal

from pgsnake.utils.errors import ADMIN_SHUTDOWN, QUERY_CANCELED, FatalError, PgError

cancel_pending = False
terminate_pending = False
_idle = False


class TerminateWhileIdle(BaseException):
    """Raised from the SIGTERM handler while the backend waits for input."""


def _on_sigterm(signum, frame) -> None:
    global terminate_pending
    terminate_pending = True
    if _idle:
        raise TerminateWhileIdle()


def _on_sigint(signum, frame) -> None:
    global cancel_pending
    if not _idle:
        cancel_pending = True


def _on_sigquit(signum, frame) -> None:
    # Crash-restart or immediate shutdown: shared memory may be inconsistent, so touch
    # nothing and exit with a code the postmaster treats as "expected during crash".
    os._exit(2)


def install_backend_handlers() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, _on_sigint)
    signal.signal(signal.SIGQUIT, _on_sigquit)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def idle_wait_begins() -> None:
    global _idle, cancel_pending
    cancel_pending = False   # a cancel that arrives after the query ended is dropped
    _idle = True
    if terminate_pending:
        _idle = False
        raise TerminateWhileIdle()


def idle_wait_ends() -> None:
    global _idle
    _idle = False


def check_for_interrupts() -> None:
    global cancel_pending
    if terminate_pending:
        raise FatalError(ADMIN_SHUTDOWN, "terminating connection due to administrator command")
    if cancel_pending:
        cancel_pending = False
        raise PgError(QUERY_CANCELED, "canceling statement due to user request")
