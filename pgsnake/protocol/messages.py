"""Protocol v3 messages as bytes: encoders for everything the server sends, and one
decoder for everything the client sends after the startup packet.

Sans-I/O: nothing here touches a socket (connection.py does). Each encoder returns one
whole message: type byte, int32 length (counting itself, not the type byte), body.
Integers are big-endian; strings are UTF-8 and NUL-terminated (client_encoding is UTF8).

Entry points:
    authentication_*(), parameter_status(), backend_key_data(), ready_for_query(),
    row_description(), data_row(), command_complete(), empty_query_response(),
    error_response(), notice_response(), legacy_error_response(), parse_complete(), bind_complete(),
    close_complete(), no_data(), portal_suspended(), parameter_description(),
    copy_in_response(), copy_out_response(), copy_both_response(), copy_data(),
    copy_done(), notification_response(), function_call_response(),
    negotiate_protocol_version()
    decode_frontend(type_byte, body) -> Query | Parse | Bind | ... (frozen dataclasses)
    parse_sasl_initial_response(data) -> (mechanism, initial response bytes | None)

Malformed bodies raise PgError 08P01 with PostgreSQL's texts ("insufficient data left in
message", "invalid string in message", "invalid message format", ...). An unknown type
byte raises FatalError 08P01 "invalid frontend message type N", as PostgreSQL does.

PostgreSQL: libpq/pqformat.c (pq_getmsgint, pq_getmsgstring, pq_getmsgbytes, pq_getmsgend,
pq_sendint*, pq_endmessage), tcop/postgres.c (exec_parse_message, exec_bind_message,
exec_describe_message, exec_execute_message), tcop/fastpath.c (HandleFunctionRequest),
libpq/auth.c (CheckSASLAuth), backend/utils/error/elog.c (send_message_to_frontend).
"""
from __future__ import annotations

import dataclasses
import struct
from typing import Iterable, Sequence

from pgsnake.utils.errors import FatalError, PgError, PROTOCOL_VIOLATION

_I16 = struct.Struct("!h")
_I32 = struct.Struct("!i")
_U32 = struct.Struct("!I")
_HDR = struct.Struct("!ci")          # type byte + length
_pack_i16 = _I16.pack
_pack_i32 = _I32.pack
_pack_u32 = _U32.pack
_NULL_LENGTH = _pack_i32(-1)


def _message(type_byte: bytes, body: bytes = b"") -> bytes:
    return _HDR.pack(type_byte, len(body) + 4) + body


def _cstring(text: str) -> bytes:
    return text.encode("utf-8") + b"\x00"


# ---------------------------------------------------------------------------------------
# Authentication ('R') and session start
# ---------------------------------------------------------------------------------------

def authentication_ok() -> bytes:
    return b"R\x00\x00\x00\x08\x00\x00\x00\x00"


def authentication_cleartext() -> bytes:
    return b"R\x00\x00\x00\x08\x00\x00\x00\x03"


def authentication_md5(salt: bytes) -> bytes:
    if len(salt) != 4:
        raise ValueError("MD5 salt must be 4 bytes")
    return _message(b"R", _pack_i32(5) + salt)


def authentication_sasl(mechanisms: Iterable[str]) -> bytes:
    # A list of NUL-terminated names, ended by an empty name.
    body = _pack_i32(10) + b"".join(_cstring(name) for name in mechanisms) + b"\x00"
    return _message(b"R", body)


def authentication_sasl_continue(data: bytes) -> bytes:
    return _message(b"R", _pack_i32(11) + data)


def authentication_sasl_final(data: bytes) -> bytes:
    return _message(b"R", _pack_i32(12) + data)


def parameter_status(name: str, value: str) -> bytes:
    return _message(b"S", _cstring(name) + _cstring(value))


def backend_key_data(pid: int, secret: int) -> bytes:
    # PostgreSQL sends both as int32; a secret drawn as unsigned is sent with the same bits.
    return _message(b"K", _pack_i32(pid) + _pack_u32(secret & 0xFFFFFFFF))


def negotiate_protocol_version(newest_minor: int, unrecognized_options: Sequence[str]) -> bytes:
    # PostgreSQL 15 writes the whole newest version (3 << 16 | minor) in the first field,
    # which a client reading only the low 16 bits sees as the minor version.
    body = _pack_i32((3 << 16) | newest_minor) + _pack_i32(len(unrecognized_options))
    body += b"".join(_cstring(name) for name in unrecognized_options)
    return _message(b"v", body)


_READY = {s: _message(b"Z", s.encode()) for s in ("I", "T", "E")}


def ready_for_query(status: str) -> bytes:
    """status: 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block."""
    try:
        return _READY[status]
    except KeyError:
        raise ValueError(f"bad transaction status {status!r}") from None


# ---------------------------------------------------------------------------------------
# Query results
# ---------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class FieldDescription:
    """One column of a RowDescription. table_oid/column_attnum are 0 for computed columns;
    type_size is pg_type.typlen (-1 varlena, -2 cstring); format_code 0 text, 1 binary."""
    name: str
    table_oid: int = 0
    column_attnum: int = 0
    type_oid: int = 25
    type_size: int = -1
    type_modifier: int = -1
    format_code: int = 0


_FIELD = struct.Struct("!IhIhih")


def row_description(fields: Sequence[FieldDescription]) -> bytes:
    parts = [_pack_i16(len(fields))]
    for f in fields:
        parts.append(_cstring(f.name))
        parts.append(_FIELD.pack(f.table_oid, f.column_attnum, f.type_oid, f.type_size,
                                 f.type_modifier, f.format_code))
    return _message(b"T", b"".join(parts))


def data_row(values: Sequence[bytes | None]) -> bytes:
    """values: each column already converted to its wire form; None is SQL NULL."""
    parts = [b"", _pack_i16(len(values))]
    for v in values:
        if v is None:
            parts.append(_NULL_LENGTH)
        else:
            parts.append(_pack_i32(len(v)))
            parts.append(v)
    parts[0] = _HDR.pack(b"D", sum(map(len, parts)) + 4)
    return b"".join(parts)


def command_complete(tag: str) -> bytes:
    return _message(b"C", _cstring(tag))


def empty_query_response() -> bytes:
    return b"I\x00\x00\x00\x04"


def parse_complete() -> bytes:
    return b"1\x00\x00\x00\x04"


def bind_complete() -> bytes:
    return b"2\x00\x00\x00\x04"


def close_complete() -> bytes:
    return b"3\x00\x00\x00\x04"


def no_data() -> bytes:
    return b"n\x00\x00\x00\x04"


def portal_suspended() -> bytes:
    return b"s\x00\x00\x00\x04"


def parameter_description(type_oids: Sequence[int]) -> bytes:
    return _message(b"t", _pack_i16(len(type_oids))
                    + b"".join(_pack_u32(oid) for oid in type_oids))


def function_call_response(value: bytes | None) -> bytes:
    if value is None:
        return _message(b"V", _NULL_LENGTH)
    return _message(b"V", _pack_i32(len(value)) + value)


def notification_response(pid: int, channel: str, payload: str) -> bytes:
    return _message(b"A", _pack_i32(pid) + _cstring(channel) + _cstring(payload))


# ---------------------------------------------------------------------------------------
# Errors and notices
# ---------------------------------------------------------------------------------------

# The order PostgreSQL writes the fields in (send_message_to_frontend); codes not listed
# here follow in the order given.
_FIELD_ORDER = "SVCMDHPpqWstcdnFLR"
_FIELD_RANK = {code: i for i, code in enumerate(_FIELD_ORDER)}


def _field_message(type_byte: bytes, fields: dict[str, str]) -> bytes:
    codes = sorted(fields, key=lambda c: _FIELD_RANK.get(c, len(_FIELD_ORDER)))
    body = b"".join(code.encode("ascii") + _cstring(fields[code]) for code in codes)
    return _message(type_byte, body + b"\x00")


def error_response(fields: dict[str, str]) -> bytes:
    """fields keyed by one-letter codes, e.g. PgError.fields()."""
    return _field_message(b"E", fields)


def notice_response(fields: dict[str, str]) -> bytes:
    return _field_message(b"N", fields)


def legacy_error_response(severity: str, message: str) -> bytes:
    """An error in protocol 2's format ('E', text, NUL): PostgreSQL's answer to a client
    that asked for protocol 1 or 2, which could not read a v3 ErrorResponse."""
    return b"E" + f"{severity}:  {message}\n".encode("utf-8") + b"\x00"


# ---------------------------------------------------------------------------------------
# COPY
# ---------------------------------------------------------------------------------------

def _copy_response(type_byte: bytes, overall_format: int, column_formats: Sequence[int]) -> bytes:
    body = bytes((overall_format,)) + _pack_i16(len(column_formats))
    body += b"".join(_pack_i16(f) for f in column_formats)
    return _message(type_byte, body)


def copy_in_response(overall_format: int, column_formats: Sequence[int]) -> bytes:
    return _copy_response(b"G", overall_format, column_formats)


def copy_out_response(overall_format: int, column_formats: Sequence[int]) -> bytes:
    return _copy_response(b"H", overall_format, column_formats)


def copy_both_response(overall_format: int, column_formats: Sequence[int]) -> bytes:
    return _copy_response(b"W", overall_format, column_formats)


def copy_data(data: bytes) -> bytes:
    return _message(b"d", data)


def copy_done() -> bytes:
    return b"c\x00\x00\x00\x04"


# ---------------------------------------------------------------------------------------
# Frontend messages
# ---------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class Query:
    sql: str


@dataclasses.dataclass(frozen=True, slots=True)
class Parse:
    name: str
    sql: str
    param_types: tuple[int, ...]        # 0 = unspecified


@dataclasses.dataclass(frozen=True, slots=True)
class Bind:
    portal: str
    statement: str
    param_formats: tuple[int, ...]      # empty = all text; one = applies to all
    params: tuple[bytes | None, ...]
    result_formats: tuple[int, ...]     # same convention as param_formats


@dataclasses.dataclass(frozen=True, slots=True)
class Describe:
    kind: str                           # 'S' statement or 'P' portal
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class Execute:
    portal: str
    max_rows: int                       # 0 (or negative) = no limit


@dataclasses.dataclass(frozen=True, slots=True)
class Sync:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class Flush:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class Close:
    kind: str                           # 'S' or 'P'
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class Terminate:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class PasswordMessage:
    """Body of any 'p' message; its meaning depends on the authentication step."""
    data: bytes


@dataclasses.dataclass(frozen=True, slots=True)
class CopyData:
    data: bytes


@dataclasses.dataclass(frozen=True, slots=True)
class CopyDone:
    pass


@dataclasses.dataclass(frozen=True, slots=True)
class CopyFail:
    message: str


@dataclasses.dataclass(frozen=True, slots=True)
class FunctionCall:
    """The body as sent (function OID, argument formats, arguments, result format): the
    backend reads it in PostgreSQL's order, between its own checks (tcop/fastpath.py)."""
    body: bytes


FrontendMessage = (Query | Parse | Bind | Describe | Execute | Sync | Flush | Close
                   | Terminate | PasswordMessage | CopyData | CopyDone | CopyFail
                   | FunctionCall)


def _violation(message: str) -> PgError:
    return PgError(PROTOCOL_VIOLATION, message)


class MessageReader:
    """A cursor over one message body (PostgreSQL's StringInfo + pq_getmsg*).

    Invariant: 0 <= pos <= len(data); every read checks the bytes left before moving."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise _violation("no data left in message")
        self.pos += 1
        return self.data[self.pos - 1]

    def int16(self) -> int:
        return _I16.unpack(self.bytes(2))[0]

    def int32(self) -> int:
        return _I32.unpack(self.bytes(4))[0]

    def uint32(self) -> int:
        return _U32.unpack(self.bytes(4))[0]

    def bytes(self, n: int) -> bytes:
        if n < 0 or n > len(self.data) - self.pos:
            raise _violation("insufficient data left in message")
        start = self.pos
        self.pos += n
        return self.data[start:self.pos]

    def cstring(self) -> str:
        end = self.data.find(b"\x00", self.pos)
        if end < 0:
            raise _violation("invalid string in message")
        raw = self.data[self.pos:end]
        self.pos = end + 1
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PgError("22021", "invalid byte sequence for encoding \"UTF8\": "
                          + bad_utf8_sequence(raw)) from None

    def rest(self) -> bytes:
        out = self.data[self.pos:]
        self.pos = len(self.data)
        return out

    def end(self) -> None:
        if self.pos != len(self.data):
            raise _violation("invalid message format")


def bad_utf8_sequence(raw: bytes) -> str:
    """PostgreSQL's rendering of the first invalid UTF-8 sequence, e.g. '0xc3 0x28': as
    many bytes as the lead byte announces, cut at the end of the string."""
    try:
        raw.decode("utf-8")
        return ""
    except UnicodeDecodeError as e:
        lead = raw[e.start]
        length = 2 if 0xC0 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else \
            4 if 0xF0 <= lead < 0xF8 else 1
        return " ".join(f"0x{b:02x}" for b in raw[e.start:e.start + length])


def _decode_query(r: MessageReader) -> Query:
    sql = r.cstring()
    r.end()
    return Query(sql)


def _decode_parse(r: MessageReader) -> Parse:
    name = r.cstring()
    sql = r.cstring()
    count = r.int16()
    types = tuple(r.uint32() for _ in range(count))
    r.end()
    return Parse(name, sql, types)


def _decode_bind(r: MessageReader) -> Bind:
    portal = r.cstring()
    statement = r.cstring()
    param_formats = tuple(r.int16() for _ in range(r.int16()))
    nparams = r.int16()
    if len(param_formats) > 1 and len(param_formats) != nparams:
        raise _violation(f"bind message has {len(param_formats)} parameter formats "
                         f"but {nparams} parameters")
    params: list[bytes | None] = []
    for _ in range(nparams):
        length = r.int32()
        params.append(None if length == -1 else r.bytes(length))
    result_formats = tuple(r.int16() for _ in range(r.int16()))
    r.end()
    return Bind(portal, statement, param_formats, tuple(params), result_formats)


def _decode_describe_or_close(r: MessageReader, what: str) -> tuple[str, str]:
    kind = r.byte()
    name = r.cstring()
    r.end()
    if kind not in (0x53, 0x50):          # 'S', 'P'
        raise _violation(f"invalid {what} message subtype {kind}")
    return chr(kind), name


def _decode_describe(r: MessageReader) -> Describe:
    return Describe(*_decode_describe_or_close(r, "DESCRIBE"))


def _decode_close(r: MessageReader) -> Close:
    return Close(*_decode_describe_or_close(r, "CLOSE"))


def _decode_execute(r: MessageReader) -> Execute:
    portal = r.cstring()
    max_rows = r.int32()
    r.end()
    return Execute(portal, max_rows)


def _decode_empty(cls):
    def decode(r: MessageReader):
        r.end()
        return cls()
    return decode


def _decode_copy_fail(r: MessageReader) -> CopyFail:
    message = r.cstring()
    r.end()
    return CopyFail(message)


def _decode_function_call(r: MessageReader) -> FunctionCall:
    return FunctionCall(r.rest())


_DECODERS = {
    b"Q": _decode_query,
    b"P": _decode_parse,
    b"B": _decode_bind,
    b"D": _decode_describe,
    b"E": _decode_execute,
    b"S": _decode_empty(Sync),
    b"H": _decode_empty(Flush),
    b"C": _decode_close,
    # Terminate: PostgreSQL exits without looking at the body.
    b"X": lambda r: Terminate(),
    b"p": lambda r: PasswordMessage(r.rest()),
    b"d": lambda r: CopyData(r.rest()),
    b"c": lambda r: CopyDone(),   # PostgreSQL ignores a CopyDone body too
    b"f": _decode_copy_fail,
    b"F": _decode_function_call,
}


def decode_frontend(type_byte: bytes, body: bytes) -> FrontendMessage:
    """Decode one client message (type byte as read, body without the length word)."""
    decoder = _DECODERS.get(bytes(type_byte))
    if decoder is None:
        code = type_byte[0] if type_byte else 0
        raise FatalError(PROTOCOL_VIOLATION, f"invalid frontend message type {code}")
    return decoder(MessageReader(bytes(body)))


def parse_sasl_initial_response(data: bytes) -> tuple[str, bytes | None]:
    """SASLInitialResponse body: mechanism name, int32 length (-1 = none), response."""
    r = MessageReader(bytes(data))
    mechanism = r.cstring()
    length = r.int32()
    response = None if length == -1 else r.bytes(length)
    r.end()
    return mechanism, response
