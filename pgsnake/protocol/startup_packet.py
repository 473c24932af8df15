"""The first packet of a connection: StartupMessage, SSLRequest, GSSENCRequest or
CancelRequest. It has no type byte, only an int32 length (counting itself) and an int32
code that says which of the four it is.

Entry points:
    check_startup_length(length)        validate the length word (08P01 if bad)
    parse_startup_packet(body, ssl_done=False, gss_done=False)
        body = the packet after its length word ->
        StartupMessage | SSLRequest | GSSENCRequest | CancelRequest
    StartupMessage.user / .database    with PostgreSQL's defaults and NAMEDATALEN cut

Rules (numbers cited in code):
 1. The length word counts itself; the rest must be 4..MAX_STARTUP_PACKET_LENGTH bytes.
 2. A CancelRequest is exactly 12 bytes after the length word (code, pid, secret key).
 3. After SSL (or GSS) negotiation finished, a second request of that kind is treated as
    an unknown protocol version, as PostgreSQL does.
 4. Only protocol major version 3 is served; a newer minor is accepted and answered with
    NegotiateProtocolVersion by the caller (StartupMessage.needs_negotiation). A major
    below 3 gets its refusal in the old format (UnsupportedProtocolError).
 5. Parameters are name/value C-string pairs ended by one extra NUL, which must be the
    last byte of the packet.

PostgreSQL: postmaster/postmaster.c (ProcessStartupPacket, SendNegotiateProtocolVersion),
include/libpq/pqcomm.h (PG_PROTOCOL, CANCEL_REQUEST_CODE, NEGOTIATE_SSL_CODE).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.utils.errors import (
    FatalError, PgError, FEATURE_NOT_SUPPORTED, INVALID_AUTHORIZATION_SPECIFICATION,
    PROTOCOL_VIOLATION,
)

MAX_STARTUP_PACKET_LENGTH = 10000
PROTOCOL_3_0 = 3 << 16                  # 196608
LATEST_MINOR = 0                        # PostgreSQL 15 speaks 3.0 only
CANCEL_REQUEST_CODE = (1234 << 16) | 5678   # 80877102
SSL_REQUEST_CODE = (1234 << 16) | 5679      # 80877103
GSSENC_REQUEST_CODE = (1234 << 16) | 5680   # 80877104
NAMEDATALEN = 64


class StartupPacketError(PgError):
    """A malformed packet PostgreSQL only logs (COMMERROR) and answers by closing the
    connection; `report_to_client` tells the caller not to send an ErrorResponse."""
    report_to_client = False

    def __init__(self, message: str) -> None:
        super().__init__(PROTOCOL_VIOLATION, message, severity="FATAL")


class UnsupportedProtocolError(FatalError):
    """A protocol version we do not speak. For a major version below 3 PostgreSQL answers
    in the old protocol's format (messages.legacy_error_response); `use_legacy_format`
    tells the caller which encoding to send."""

    def __init__(self, major: int, minor: int) -> None:
        super().__init__(FEATURE_NOT_SUPPORTED,
                         f"unsupported frontend protocol {major}.{minor}: "
                         f"server supports 3.0 to 3.{LATEST_MINOR}")
        self.use_legacy_format = major < 3


@dataclasses.dataclass(frozen=True, slots=True)
class StartupMessage:
    protocol: int
    params: dict[str, str]
    unrecognized_options: tuple[str, ...] = ()   # "_pq_.*" names we do not know

    @property
    def user(self) -> str:
        return _truncate_name(self.params["user"])

    @property
    def database(self) -> str:
        # An absent or empty database name means "the same as the user name".
        return _truncate_name(self.params.get("database") or self.params["user"])

    @property
    def needs_negotiation(self) -> bool:
        """True when the server must send NegotiateProtocolVersion (rule 4)."""
        return (self.protocol & 0xFFFF) > LATEST_MINOR or bool(self.unrecognized_options)


@dataclasses.dataclass(frozen=True, slots=True)
class SSLRequest:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class GSSENCRequest:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class CancelRequest:
    pid: int
    secret: int


StartupPacket = StartupMessage | SSLRequest | GSSENCRequest | CancelRequest


def _truncate_name(name: str) -> str:
    """Cut to NAMEDATALEN-1 bytes without splitting a UTF-8 character."""
    raw = name.encode("utf-8")
    if len(raw) < NAMEDATALEN:
        return name
    return raw[:NAMEDATALEN - 1].decode("utf-8", "ignore")


def check_startup_length(length: int) -> None:
    """length: the packet's length word, which counts itself (rule 1)."""
    if length - 4 < 4 or length - 4 > MAX_STARTUP_PACKET_LENGTH:
        raise StartupPacketError("invalid length of startup packet")


def parse_startup_packet(body: bytes, ssl_done: bool = False,
                         gss_done: bool = False) -> StartupPacket:
    if len(body) < 4 or len(body) > MAX_STARTUP_PACKET_LENGTH:
        raise StartupPacketError("invalid length of startup packet")
    (code,) = struct.unpack_from("!I", body)

    if code == CANCEL_REQUEST_CODE:
        if len(body) != 12:                               # rule 2
            raise StartupPacketError("invalid length of startup packet")
        pid, secret = struct.unpack_from("!iI", body, 4)
        return CancelRequest(pid, secret)
    if code == SSL_REQUEST_CODE and not ssl_done:         # rule 3
        return SSLRequest()
    if code == GSSENC_REQUEST_CODE and not gss_done:
        return GSSENCRequest()

    major, minor = code >> 16, code & 0xFFFF
    if major != 3:                                        # rule 4
        raise UnsupportedProtocolError(major, minor)

    params: dict[str, str] = {}
    unrecognized: list[str] = []
    offset = 4
    # Rule 5: walk name/value pairs until an empty name (or a missing value, which the
    # terminator check below reports).
    while offset < len(body):
        name_end = body.find(b"\x00", offset)
        if name_end < 0 or name_end == offset:
            break
        value_start = name_end + 1
        value_end = body.find(b"\x00", value_start)
        if value_start >= len(body) or value_end < 0:
            break
        name = body[offset:name_end].decode("utf-8", "replace")
        value = body[value_start:value_end].decode("utf-8", "replace")
        if name.startswith("_pq_."):
            unrecognized.append(name)         # no protocol options are defined in 3.0
        else:
            params[name] = value
        offset = value_end + 1
    if offset != len(body) - 1:
        raise FatalError(PROTOCOL_VIOLATION,
                         "invalid startup packet layout: expected terminator as last byte")

    if not params.get("user"):
        raise FatalError(INVALID_AUTHORIZATION_SPECIFICATION,
                         "no PostgreSQL user name specified in startup packet")
    return StartupMessage(code, params, tuple(unrecognized))


def encode_startup_message(params: dict[str, str], protocol: int = PROTOCOL_3_0) -> bytes:
    """The client side of a StartupMessage (tests and tools use it)."""
    body = struct.pack("!I", protocol) + b"".join(
        k.encode() + b"\x00" + v.encode() + b"\x00" for k, v in params.items()) + b"\x00"
    return struct.pack("!i", len(body) + 4) + body
