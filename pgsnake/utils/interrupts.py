"""Interrupts: query cancel (SIGINT), termination (SIGTERM) and configuration reload
(SIGHUP) of a backend.

Signal handlers only set flags. Long-running code calls `check_for_interrupts()` at safe
points (between rows, between statements, while waiting), where raising an error cannot
leave shared state half-changed. While a backend is idle, waiting for the client's next
message, nothing is in progress, so a termination request is acted on immediately
(`idle_wait_begins()` / `idle_wait_ends()` bracket that wait). A reload request (the
postmaster passes its SIGHUP on) is acted on when the next message has been read, before
it runs, as PostgreSQL's PostgresMain does.

PostgreSQL: tcop/postgres.c (ProcessInterrupts, die, StatementCancelHandler),
include/miscadmin.h (CHECK_FOR_INTERRUPTS).
"""
from __future__ import annotations

import os
import signal

from pgsnake.utils.errors import ADMIN_SHUTDOWN, QUERY_CANCELED, FatalError, PgError

cancel_pending = False
terminate_pending = False
config_reload_pending = False
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


def note_config_reload_request(signum, frame) -> None:
    """SIGHUP handler: reload the configuration files at the next safe point."""
    global config_reload_pending
    config_reload_pending = True


def _on_sigquit(signum, frame) -> None:
    # Crash-restart or immediate shutdown: shared memory may be inconsistent, so touch
    # nothing and exit with a code the postmaster treats as "expected during crash".
    os._exit(2)


def install_backend_handlers() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, _on_sigint)
    signal.signal(signal.SIGQUIT, _on_sigquit)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, note_config_reload_request)


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
    if config_reload_pending:
        process_config_reload()


def process_config_reload() -> None:
    """Re-read postgresql.conf and postgresql.auto.conf (the working directory is the
    data directory). A bad file never takes the backend down."""
    global config_reload_pending
    config_reload_pending = False
    from pgsnake.utils import elog, settings
    try:
        settings.process_config_files(os.getcwd(), reload=True)
    except Exception as e:   # a bug, not a bad file: those are logged by settings
        elog.log(f"could not reload configuration files: {e}", "WARNING")


def check_for_interrupts() -> None:
    global cancel_pending
    if terminate_pending:
        raise FatalError(ADMIN_SHUTDOWN, "terminating connection due to administrator command")
    if cancel_pending:
        cancel_pending = False
        raise PgError(QUERY_CANCELED, "canceling statement due to user request")
