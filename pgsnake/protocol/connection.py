"""One client connection's byte stream: the only module in pgsnake that touches sockets.

Input is read into a buffer and cut into messages; output is appended to a buffer and
written by flush(), so a whole response (RowDescription, DataRows, CommandComplete,
ReadyForQuery) leaves in one send.

Entry points:
    Connection(sock, wait_hook=None)
    .read_startup_packet() -> StartupMessage | SSLRequest | GSSENCRequest | CancelRequest
    .read_message(max_length=None) -> (type_byte, body)
    .send(data) ; .flush()
    .has_pending_input() -> bool        without blocking
    .set_timeout(seconds | None) ; .close() ; .fileno()
    .abandon_output()                   drop queued output; send/flush do nothing from now on
    .start_tls(ssl_context)             after answering an SSLRequest with b"S"
    .peer_credentials() -> uid | None   Unix-socket peer (for peer authentication)
    host_addresses(), host_name_addresses(name), reverse_lookup(address)
                                        name lookups for pg_hba.conf (hba.py)

Rules:
 1. read_message() raises EOFError when the client closed the connection between
    messages, and EOFError("incomplete message from client") when it closed inside one;
    PostgreSQL logs the second and ends the backend quietly in both cases.
 2. A length word below 4 or above the limit for the message type raises
    MessageLengthError (08P01 "invalid message length"); an unknown type byte raises
    FatalError 08P01 "invalid frontend message type N" before the body is read.
 3. Before authentication completes the caller passes max_length=AUTH_TOKEN_LIMIT, so an
    unauthenticated client cannot make the server buffer a gigabyte.
 4. Nothing may follow an SSLRequest or GSSENCRequest before our one-byte answer (else
    FatalError 08P01 "received unencrypted data after SSL request", as PostgreSQL says).
 5. With a wait hook (the backend's, tcop/client_wait.py) no read or write ever blocks in
    the kernel: one that would block calls wait_hook(for_write), which sleeps until the
    socket is ready, or raises to end the wait (the postmaster died, the backend must
    terminate, authentication took too long). This layer cannot import storage (layer
    L1), so the waiting itself (latches, the postmaster-alive pipe) lives in tcop.
 6. An exception out of a write wait abandons the output: the stream may end inside a
    message, so nothing more is ever sent on it (a FATAL for the client included).

PostgreSQL: libpq/pqcomm.c (pq_getbyte, pq_getmessage, pq_putmessage, pq_flush,
pq_peekbyte, pq_buffer_has_data), postmaster/postmaster.c (ProcessStartupPacket),
tcop/postgres.c (SocketBackend).
"""
from __future__ import annotations

import select
import socket
import struct

from pgsnake.protocol.message_types import MESSAGE_LIMITS
from pgsnake.protocol.startup_packet import (
    GSSENCRequest, SSLRequest, StartupPacket, check_startup_length, parse_startup_packet,
)
from pgsnake.utils.errors import FatalError, PROTOCOL_VIOLATION

_RECV_SIZE = 65536
_LENGTH = struct.Struct("!i")
_MITM_DETAIL = ("This could be either a client-software bug or evidence of an attempted "
                "man-in-the-middle attack.")


class MessageLengthError(FatalError):
    """A length word out of range. PostgreSQL only logs it (COMMERROR) and ends the
    session, so `report_to_client` is False: the stream can no longer be trusted."""
    report_to_client = False

    def __init__(self) -> None:
        super().__init__(PROTOCOL_VIOLATION, "invalid message length")


class Connection:
    """A socket with an input buffer and an output buffer.

    Invariant: self._in[self._pos:] are bytes received but not yet returned."""

    # Output is flushed by the caller at message-group boundaries, or here once this
    # much is queued, so a large result streams instead of piling up in memory.
    OUTPUT_FLUSH_THRESHOLD = 64 * 1024

    def __init__(self, sock: socket.socket, wait_hook=None) -> None:
        self.sock = sock
        self.wait_hook = wait_hook         # rule 5: wait_hook(for_write: bool) -> None
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            # As PostgreSQL does: replies are already batched by flush(), so Nagle's
            # algorithm would only add a delayed-ACK wait (~40 ms) to small replies.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._in = bytearray()
        self._pos = 0
        self._out: list[bytes] = []
        self._out_size = 0
        self._ssl_done = False
        self._gss_done = False
        self.is_tls = False
        self.output_abandoned = False      # rule 6

    # -- input ---------------------------------------------------------------------------

    def _fill(self, need: int) -> None:
        """Block until at least `need` unread bytes are buffered; EOFError at EOF."""
        if self._pos and self._pos >= len(self._in) // 2:
            del self._in[:self._pos]          # compact, keeping the invariant
            self._pos = 0
        while len(self._in) - self._pos < need:
            chunk = self._recv(max(_RECV_SIZE, need - (len(self._in) - self._pos)))
            if not chunk:
                raise EOFError("incomplete message from client"
                               if len(self._in) > self._pos else "")
            self._in += chunk

    def _recv(self, size: int) -> bytes:
        """One recv; with a wait hook, sleep in the hook instead of in the kernel (rule 5)."""
        if self.wait_hook is None:
            return self.sock.recv(size)
        if self.is_tls:
            # Decrypted bytes may wait inside the TLS object with nothing on the socket.
            if not self.sock.pending():
                self.wait_hook(False)
            return self.sock.recv(size)
        while True:
            try:
                return self.sock.recv(size, socket.MSG_DONTWAIT)
            except BlockingIOError:
                self.wait_hook(False)

    def _take(self, n: int) -> bytes:
        self._fill(n)
        out = bytes(self._in[self._pos:self._pos + n])
        self._pos += n
        return out

    def read_startup_packet(self) -> StartupPacket:
        """Read the first packet (or the next one, after an SSL/GSS refusal)."""
        try:
            header = self._take(4)
        except EOFError as e:
            # A client that connects and leaves without a word (a port probe) is not an
            # error worth reporting; one that stops mid-packet is.
            if str(e):
                raise EOFError("incomplete startup packet") from None
            raise
        (length,) = _LENGTH.unpack(header)
        check_startup_length(length)
        try:
            body = self._take(length - 4)
        except EOFError:
            raise EOFError("incomplete startup packet") from None
        packet = parse_startup_packet(body, self._ssl_done, self._gss_done)
        if isinstance(packet, (SSLRequest, GSSENCRequest)):
            if isinstance(packet, SSLRequest):
                self._ssl_done = True
                what = "SSL request"
            else:
                self._gss_done = True
                what = "GSSAPI encryption request"
            # Rule 4: the client must wait for our one-byte answer before sending more.
            if self._pos < len(self._in):
                raise FatalError(PROTOCOL_VIOLATION, f"received unencrypted data after {what}",
                                 detail=_MITM_DETAIL)
        return packet

    def read_message(self, max_length: int | None = None) -> tuple[bytes, bytes]:
        """Read one message: (type byte, body without the length word).

        max_length caps the length word (which counts itself); by default the cap is
        PostgreSQL's for the type byte (rule 2); pass a smaller one before authentication
        (rule 3)."""
        if len(self._in) - self._pos >= 5:
            pos = self._pos
            type_byte = bytes(self._in[pos:pos + 1])
            (length,) = _LENGTH.unpack_from(self._in, pos + 1)
            self._pos = pos + 5
        else:
            type_byte = self._take(1)
            try:
                (length,) = _LENGTH.unpack(self._take(4))
            except EOFError:
                raise EOFError("incomplete message from client") from None
        limit = max_length
        if limit is None:
            limit = MESSAGE_LIMITS.get(type_byte)
            if limit is None:
                raise FatalError(PROTOCOL_VIOLATION,
                                 f"invalid frontend message type {type_byte[0]}")
        if length < 4 or length > limit:
            raise MessageLengthError()
        n = length - 4
        if len(self._in) - self._pos < n:
            try:
                self._fill(n)
            except EOFError:
                raise EOFError("incomplete message from client") from None
        body = bytes(self._in[self._pos:self._pos + n])
        self._pos += n
        return type_byte, body

    def has_pending_input(self) -> bool:
        """True if a byte is buffered or readable now, or the peer closed (so that a read
        would not block). Never blocks."""
        if self._pos < len(self._in):
            return True
        if self.is_tls and self.sock.pending():
            return True
        try:
            ready, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return True                      # closed socket: a read will say so
        return bool(ready)

    # -- output --------------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queue bytes (whole messages) for the next flush()."""
        if self.output_abandoned:
            return
        self._out.append(data)
        self._out_size += len(data)
        if self._out_size >= self.OUTPUT_FLUSH_THRESHOLD:
            self.flush()

    def flush(self) -> None:
        if not self._out or self.output_abandoned:
            return
        data = b"".join(self._out) if len(self._out) > 1 else self._out[0]
        self._out.clear()
        self._out_size = 0
        if self.wait_hook is None or self.is_tls:
            self.sock.sendall(data)
            return
        view = memoryview(data)
        while view:
            try:
                sent = self.sock.send(view, socket.MSG_DONTWAIT)
            except BlockingIOError:
                try:
                    self.wait_hook(True)
                except BaseException:
                    self.abandon_output()      # rule 6
                    raise
                continue
            view = view[sent:]

    def abandon_output(self) -> None:
        """Rule 6: the client stops reading, or the stream is cut mid-message."""
        self.output_abandoned = True
        self._out.clear()
        self._out_size = 0

    # -- the socket itself -----------------------------------------------------------------

    def set_timeout(self, seconds: float | None) -> None:
        """None blocks forever (the normal state); a number makes reads raise
        TimeoutError (socket.timeout), e.g. for authentication_timeout."""
        self.sock.settimeout(seconds)

    def fileno(self) -> int:
        return self.sock.fileno()

    def close(self) -> None:
        try:
            self.flush()
        except OSError:
            pass
        finally:
            self.sock.close()

    def start_tls(self, ssl_context) -> None:
        """Wrap the socket in TLS after b"S" answered an SSLRequest (rule 4)."""
        if self._pos < len(self._in):
            raise FatalError(PROTOCOL_VIOLATION, "received unencrypted data after SSL request",
                             detail=_MITM_DETAIL)
        self.flush()
        self.sock = ssl_context.wrap_socket(self.sock, server_side=True)
        self.is_tls = True

    def peer_credentials(self) -> int | None:
        """The peer's uid on a Unix-domain socket (SO_PEERCRED), else None."""
        if self.sock.family != socket.AF_UNIX or not hasattr(socket, "SO_PEERCRED"):
            return None
        creds = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                     struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        return uid


# -- name lookups (kept here so that no other module imports socket) ----------------------

def host_name_addresses(name: str) -> list[str]:
    """The addresses `name` resolves to (empty if it does not)."""
    try:
        return [info[4][0] for info in socket.getaddrinfo(name, None)]
    except OSError:
        return []


def host_addresses() -> list[str]:
    """This host's own addresses, as far as its host name tells (samehost/samenet)."""
    return host_name_addresses(socket.gethostname())


def reverse_lookup(address: str) -> str | None:
    try:
        return socket.gethostbyaddr(address)[0]
    except OSError:
        return None
