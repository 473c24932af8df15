"""Interrupts: query cancel (SIGINT), termination (SIGTERM), timeouts and configuration
reload (SIGHUP) of a backend.

Signal handlers only set flags (and wake the process's latch, through the timeouts
module's wake-up hooks). Long-running code calls `check_for_interrupts()` at safe points
(between pages, between statements, while waiting for a lock), where raising an error
cannot leave shared state half-changed. While a backend is idle, waiting for the
client's next message, nothing is in progress, so a termination request or an idle
timeout is acted on immediately (`idle_wait_begins()` / `idle_wait_ends()` bracket that
wait). A reload request (the postmaster passes its SIGHUP on) is acted on when the next
message has been read, before it runs, as PostgreSQL's PostgresMain does.

One kind of long computation has no safe point to call it from: a match inside Python's
`re` engine (a regular expression with catastrophic backtracking can run for minutes in
C). `run_interruptible(fn, *args)` runs such a call with the handlers in "immediate"
mode: a cancel, timeout or termination that arrives meanwhile raises its error from the
signal handler itself, and `re` (which looks for pending signals every few thousand
steps) stops and passes the error on. This is safe only because the call touches no
shared state: nothing is half-changed when it is abandoned. (PostgreSQL's own regex
engine calls CHECK_FOR_INTERRUPTS in its loops instead.)

Which error a cancel becomes depends on why it was requested:
    statement_timeout fired   57014 canceling statement due to statement timeout
    lock_timeout fired        55P03 canceling statement due to lock timeout
    (both: the one that fired first)
    otherwise                 57014 canceling statement due to user request
    idle_in_transaction_session_timeout   FATAL 25P03, the connection is closed
    idle_session_timeout                  FATAL 57P05

PostgreSQL: tcop/postgres.c (ProcessInterrupts, die, StatementCancelHandler),
include/miscadmin.h (CHECK_FOR_INTERRUPTS), utils/init/postinit.c (StatementTimeoutHandler,
LockTimeoutHandler, IdleInTransactionSessionTimeoutHandler).
"""
from __future__ import annotations

import os
import signal
import time

from pgsnake.utils import timeouts
from pgsnake.utils.errors import (ADMIN_SHUTDOWN, IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
                                  LOCK_NOT_AVAILABLE, QUERY_CANCELED, FatalError, PgError)

IDLE_SESSION_TIMEOUT = "57P05"
CONNECTION_FAILURE = "08006"

cancel_pending = False
terminate_pending = False
idle_timeout_pending: FatalError | None = None
config_reload_pending = False
_idle = False
_immediate = False      # inside run_interruptible: handlers raise at once


class TerminateWhileIdle(BaseException):
    """Raised from a signal handler while the backend waits for input: the connection
    ends with `error` (FATAL)."""

    def __init__(self, error: FatalError | None = None) -> None:
        super().__init__()
        self.error = error or FatalError(
            ADMIN_SHUTDOWN, "terminating connection due to administrator command")


def _on_sigterm(signum, frame) -> None:
    global terminate_pending
    terminate_pending = True
    _wake()
    if _idle:
        raise TerminateWhileIdle()
    _raise_if_immediate()


def _on_sigint(signum, frame) -> None:
    global cancel_pending
    if not _idle:
        cancel_pending = True
        _wake()
        _raise_if_immediate()


def _raise_if_immediate() -> None:
    global _immediate
    if _immediate:
        _immediate = False      # the error is raised once
        check_for_interrupts()


def run_interruptible(fn, *args):
    """fn(*args), a call into C code that has no safe point of its own and touches no
    shared state (a Python `re` match): a cancel, timeout or termination arriving while
    it runs raises its error out of it. The result of fn otherwise."""
    global _immediate
    _immediate = True
    try:
        if cancel_pending or terminate_pending:
            _raise_if_immediate()
        return fn(*args)
    finally:
        _immediate = False


def note_config_reload_request(signum, frame) -> None:
    """SIGHUP handler: reload the configuration files at the next safe point."""
    global config_reload_pending
    config_reload_pending = True


def _on_sigquit(signum, frame) -> None:
    # Crash-restart or immediate shutdown: shared memory may be inconsistent, so touch
    # nothing and exit with a code the postmaster treats as "expected during crash".
    os._exit(2)


def _wake() -> None:
    for hook in timeouts._wakeup_hooks:
        hook()


def _on_cancel_timeout() -> None:
    # statement_timeout and lock_timeout cancel the statement; which message applies is
    # decided in check_for_interrupts from the timeouts' fired flags.
    global cancel_pending
    cancel_pending = True
    _raise_if_immediate()


def _on_idle_timeout(error: FatalError):
    def handler() -> None:
        global idle_timeout_pending
        idle_timeout_pending = error
        if _idle:
            raise TerminateWhileIdle(error)
    return handler


def install_backend_handlers() -> None:
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, _on_sigint)
    signal.signal(signal.SIGQUIT, _on_sigquit)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, note_config_reload_request)
    timeouts.register(timeouts.STATEMENT_TIMEOUT, _on_cancel_timeout)
    timeouts.register(timeouts.LOCK_TIMEOUT, _on_cancel_timeout)
    timeouts.register(timeouts.IDLE_IN_TRANSACTION_SESSION_TIMEOUT, _on_idle_timeout(
        FatalError(IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
                   "terminating connection due to idle-in-transaction timeout")))
    timeouts.register(timeouts.IDLE_SESSION_TIMEOUT, _on_idle_timeout(
        FatalError(IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout")))
    timeouts.install()


def idle_wait_begins() -> None:
    global _idle, cancel_pending
    cancel_pending = False   # a cancel that arrives after the query ended is dropped
    _idle = True
    if terminate_pending:
        _idle = False
        raise TerminateWhileIdle()
    if idle_timeout_pending is not None:
        _idle = False
        raise TerminateWhileIdle(idle_timeout_pending)


def waiting_for_command() -> bool:
    """True while the backend waits for the client's next message (DoingCommandRead)."""
    return _idle


def idle_wait_ends() -> None:
    global _idle
    _idle = False
    statement_begins()
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


# Noticing a client that went away while a statement runs (PostgreSQL's
# client_connection_check_interval; pgsnake checks every second when it is 0, see
# tcop/README.md). The check is the backend's: set_connection_check(fn), fn() -> bool.
CLIENT_CHECK_DEFAULT_MS = 1000
_connection_check = None
_next_connection_check = float("inf")


def set_connection_check(fn) -> None:
    """fn() -> False once the client is known to be gone; None turns checking off."""
    global _connection_check
    _connection_check = fn


def statement_begins() -> None:
    """A statement starts running: the first connection check is one interval later,
    so a short statement never pays for one."""
    global _next_connection_check
    if _connection_check is None:
        return
    from pgsnake.utils import settings
    interval = settings.get("client_connection_check_interval") or CLIENT_CHECK_DEFAULT_MS
    _next_connection_check = time.monotonic() + interval / 1000.0


def _check_connection() -> None:
    global _next_connection_check
    from pgsnake.utils import settings
    interval = settings.get("client_connection_check_interval") or CLIENT_CHECK_DEFAULT_MS
    _next_connection_check = time.monotonic() + interval / 1000.0
    if not _connection_check():
        raise FatalError(CONNECTION_FAILURE, "connection to client lost")


def check_for_interrupts() -> None:
    global cancel_pending
    if _next_connection_check <= time.monotonic() and _connection_check is not None:
        _check_connection()
    if terminate_pending:
        raise FatalError(ADMIN_SHUTDOWN, "terminating connection due to administrator command")
    if cancel_pending:
        cancel_pending = False
        lock_at = timeouts.fired_at(timeouts.LOCK_TIMEOUT)
        statement_at = timeouts.fired_at(timeouts.STATEMENT_TIMEOUT)
        if lock_at is not None or statement_at is not None:
            timeouts.disable(timeouts.LOCK_TIMEOUT)
            timeouts.disable(timeouts.STATEMENT_TIMEOUT)
            if lock_at is not None and (statement_at is None or lock_at <= statement_at):
                raise PgError(LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout")
            raise PgError(QUERY_CANCELED, "canceling statement due to statement timeout")
        raise PgError(QUERY_CANCELED, "canceling statement due to user request")
