"""Connections the postmaster refuses itself, without forking: "too many clients".

When MaxLivePostmasterChildren backends already live (postmaster README rule 5), a new
connection gets no process. PostgreSQL 15 forks a "dead-end" backend for it, which reads
the startup packet and answers FATAL 53300; those forks are not counted, so a flood can
still exhaust memory. pgsnake's postmaster keeps such a connection as a small record in
its own loop instead:

 1. It reads what the client sends, without ever blocking, until one whole startup
    packet is there (at most 10000 bytes, the protocol's limit).
 2. An SSLRequest or GSSENCRequest is answered 'N', and reading goes on: libpq (from
    PostgreSQL 17.2 on) ignores an error that arrives before its encryption
    negotiation is over, so answering before the startup packet would hide the message.
 3. A StartupMessage gets FATAL 53300 "sorry, too many clients already" (logged, as the
    dead-end backend logs it); a malformed packet gets the same FATAL the backend would
    send (an invalid length: nothing, as PostgreSQL only logs it); a CancelRequest is
    carried out (the postmaster knows every cancel key) and answered with nothing.
    Then the connection is closed.
 4. A connection that has not finished after authentication_timeout is closed, as a
    dead-end backend would exit; one that closes first is forgotten.
 5. At most `limit` of them are held at once (the postmaster's descriptors are finite);
    beyond that a connection is closed at once, after a best-effort FATAL.
Every send is non-blocking and a reply is one small message: a client that does not
read can only lose its own reply. Nothing here may raise into the postmaster's loop.

Entry points:
    DeadEnds(cancel)              cancel(pid, key): the postmaster's cancel handler
    .add(sock, deadline, limit)   take a connection that will be refused
    .fds() ; .readable(fd) ; .expire(now) ; .next_deadline() ; .close_all()
    .forget_in_child()            first thing in every forked child

PostgreSQL: postmaster/postmaster.c (BackendStartup, canAcceptConnections: CAC_TOOMANY,
the dead_end children; report_fork_failure_to_client), tcop/backend_startup.c
(ProcessStartupPacket).
"""
from __future__ import annotations

import dataclasses
import socket
import struct
from typing import Callable

from pgsnake.protocol import messages
from pgsnake.protocol import startup_packet as sp
from pgsnake.utils import elog, errors
from pgsnake.utils.errors import FatalError, PgError

TOO_MANY = FatalError(errors.TOO_MANY_CONNECTIONS, "sorry, too many clients already")


@dataclasses.dataclass
class _DeadEnd:
    sock: socket.socket
    deadline: float
    data: bytearray = dataclasses.field(default_factory=bytearray)
    ssl_done: bool = False
    gss_done: bool = False


class DeadEnds:
    def __init__(self, cancel: Callable[[int, int], None]) -> None:
        self.cancel = cancel
        self.conns: dict[int, _DeadEnd] = {}

    def add(self, sock: socket.socket, deadline: float, limit: int) -> None:
        if len(self.conns) >= limit:     # rule 5
            _send(sock, messages.error_response(TOO_MANY.fields()))
            _close(sock)
            return
        sock.setblocking(False)
        self.conns[sock.fileno()] = _DeadEnd(sock, deadline)

    def fds(self) -> list[int]:
        return list(self.conns)

    def next_deadline(self) -> float | None:
        return min((c.deadline for c in self.conns.values()), default=None)

    def expire(self, now: float) -> None:
        for fd, conn in list(self.conns.items()):
            if conn.deadline <= now:     # rule 4
                self._finish(fd)

    def close_all(self) -> None:
        for fd in list(self.conns):
            self._finish(fd)

    def forget_in_child(self) -> None:
        """In a freshly forked child: drop our copies without touching the connections
        (no shutdown(), which would end them for the postmaster too)."""
        for conn in self.conns.values():
            conn.sock.close()
        self.conns.clear()

    def readable(self, fd: int) -> None:
        conn = self.conns.get(fd)
        if conn is None:
            return
        try:
            if self._read_some(conn):
                self._finish(fd)
        except Exception as e:    # the postmaster must survive any bytes at all
            elog.log(f"could not answer a refused connection: {e}", "LOG")
            self._finish(fd)

    def _read_some(self, conn: _DeadEnd) -> bool:
        """Rules 1-3; True when the connection is done with."""
        try:
            chunk = conn.sock.recv(sp.MAX_STARTUP_PACKET_LENGTH + 4 - len(conn.data))
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return True
        if not chunk:
            return True
        conn.data += chunk
        while len(conn.data) >= 4:
            (length,) = struct.unpack_from("!i", conn.data)
            try:
                sp.check_startup_length(length)
            except PgError:
                return True              # PostgreSQL logs it and answers nothing
            if len(conn.data) < length:
                return len(conn.data) >= sp.MAX_STARTUP_PACKET_LENGTH + 4
            body = bytes(conn.data[4:length])
            rest = conn.data[length:]
            try:
                packet = sp.parse_startup_packet(body, conn.ssl_done, conn.gss_done)
            except sp.UnsupportedProtocolError as e:
                reply = (messages.legacy_error_response(e.severity, e.message)
                         if e.use_legacy_format else messages.error_response(e.fields()))
                _send(conn.sock, reply)
                return True
            except PgError as e:
                if getattr(e, "report_to_client", True):
                    _send(conn.sock, messages.error_response(e.fields()))
                return True
            if isinstance(packet, (sp.SSLRequest, sp.GSSENCRequest)):
                if rest:                 # nothing may follow before our answer
                    return True
                if isinstance(packet, sp.SSLRequest):
                    conn.ssl_done = True
                else:
                    conn.gss_done = True
                _send(conn.sock, b"N")   # rule 2
                conn.data = bytearray()
                continue
            if isinstance(packet, sp.CancelRequest):
                self.cancel(packet.pid, packet.secret)
                return True
            _send(conn.sock, messages.error_response(TOO_MANY.fields()))
            elog.log_error(TOO_MANY)
            return True
        return False

    def _finish(self, fd: int) -> None:
        conn = self.conns.pop(fd, None)
        if conn is not None:
            _close(conn.sock)


def _send(sock: socket.socket, data: bytes) -> None:
    try:
        sock.send(data, socket.MSG_DONTWAIT)
    except OSError:
        pass


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    sock.close()
