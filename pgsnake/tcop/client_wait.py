"""The backend's waits for its client: the Connection's wait hook.

A backend never blocks in the kernel on its client socket. When a read or a write would
block (protocol/connection.py rule 5) the Connection calls `ClientWait`, which sleeps on
the backend's latch with the socket and the postmaster-alive pipe in the same poll, so
one sleep ends for whichever comes first:

    the socket is ready        return: the Connection retries its read or write
    the latch was set          a signal handler (see wake_latch_on_signals) or another
                               process woke us: act on pending interrupts, sleep again
    the postmaster died        FATAL 57P01 "terminating connection due to unexpected
                               postmaster exit" (raised by latch.wait)
    the deadline passed        authentication_timeout, before the session starts

What a timeout or SIGTERM does depends on the phase, as in PostgreSQL:

    STARTUP_PACKET    the connection ends silently, exit code 1 (EndConnection):
                      PostgreSQL's StartupPacketTimeoutHandler and process_startup_packet_die
    AUTHENTICATION    FATAL 57014 "canceling authentication due to timeout", logged and
                      not sent: the client may be in the middle of the exchange
    SESSION           no deadline. SIGTERM while idle is utils/interrupts' job (its handler
                      raises TerminateWhileIdle out of the wait); while blocked writing to
                      a client that does not read, SIGTERM ends the session (FATAL 57P01)

Entry points:
    ClientWait(conn)           the hook; set .phase and .deadline as start-up proceeds
    wake_latch_on_signals()    make SIGTERM and SIGINT set the latch before their handlers run
    EndConnection              raised to end the connection quietly
    client_is_connected(conn)  whether the client is still there (checked while a
                               statement runs: utils/interrupts.set_connection_check)

PostgreSQL: libpq/be-secure.c (secure_read, secure_write), tcop/postgres.c
(ProcessClientReadInterrupt, ProcessClientWriteInterrupt, ProcessInterrupts),
postmaster/postmaster.c (StartupPacketTimeoutHandler), utils/init/postinit.c
(PerformAuthentication).
"""
from __future__ import annotations

import signal
import time

from pgsnake.storage.ipc import latch
from pgsnake.utils import errors, interrupts
from pgsnake.utils.errors import FatalError

STARTUP_PACKET, AUTHENTICATION, SESSION = "startup packet", "authentication", "session"


class EndConnection(Exception):
    """End this connection without a word to the client (exit code 1)."""


def authentication_timeout_error() -> FatalError:
    err = FatalError(errors.QUERY_CANCELED, "canceling authentication due to timeout")
    err.report_to_client = False     # logged only, as PostgreSQL's DestNone here
    return err


class ClientWait:
    def __init__(self, conn) -> None:
        self.conn = conn
        self.phase = STARTUP_PACKET
        self.deadline: float | None = None     # time.monotonic() value, or None
        # Run when a wait for the client's next message wakes for another reason
        # (LISTEN notifications to send while idle); set once the session starts.
        self.on_idle_wake = None

    def __call__(self, for_write: bool) -> None:
        fd = self.conn.fileno()
        while True:
            # The latch protocol (storage/ipc/latch.py): reset, look at the reasons to
            # wake, then wait; a set that slips in between leaves the latch readable.
            latch.reset_my_latch()
            self._act_on_interrupts(for_write)
            if not for_write and self.on_idle_wake is not None:
                self.on_idle_wake()
            timeout = None
            if self.deadline is not None:
                timeout = self.deadline - time.monotonic()
                if timeout <= 0:
                    self._timed_out()
            events = latch.wait(timeout, fd, socket_writeable=for_write)
            if latch.WL_SOCKET_READABLE in events or latch.WL_SOCKET_WRITEABLE in events:
                return

    def _act_on_interrupts(self, for_write: bool) -> None:
        if not interrupts.terminate_pending:
            return   # a cancel request has nothing to cancel while we wait for the client
        if self.phase == STARTUP_PACKET:
            raise EndConnection()
        if self.phase == AUTHENTICATION:
            # PostgreSQL reports a SIGTERM here with the timeout's words: both are die().
            raise authentication_timeout_error()
        raise FatalError(errors.ADMIN_SHUTDOWN, "terminating connection due to administrator command")

    def _timed_out(self) -> None:
        if self.phase == AUTHENTICATION:
            raise authentication_timeout_error()
        raise EndConnection()


def wake_latch_on_signals(signums=(signal.SIGTERM, signal.SIGINT)) -> None:
    """Put a latch set in front of the installed handlers, so that a wait in progress
    wakes up and looks at the flags they set. utils/interrupts (layer L0) cannot reach
    the latch (L1) itself. Setting the latch first matters: SIGTERM's handler may raise."""
    for signum in signums:
        inner = signal.getsignal(signum)
        if not callable(inner):
            continue

        def handler(sig, frame, inner=inner):
            latch.set_my_latch()
            inner(sig, frame)

        signal.signal(signum, handler)


def client_is_connected(conn) -> bool:
    """False once the client has closed its end or the connection broke, without
    reading anything (pq_check_connection: POLLRDHUP, then POLLHUP / POLLERR)."""
    import select
    poller = select.poll()
    events = getattr(select, "POLLRDHUP", 0) | select.POLLHUP | select.POLLERR
    try:
        poller.register(conn.fileno(), events)
        ready = poller.poll(0)
    except (OSError, ValueError):
        return False
    return not any(revents & events for _, revents in ready)
