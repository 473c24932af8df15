# Proves the backend encoders produce PostgreSQL v3 bytes exactly (expected bytes written
# out by hand from the protocol's message formats) and that decode_frontend reads every
# frontend message back into the right dataclass, rejecting malformed bodies with 08P01.
from __future__ import annotations

import struct

import pytest

from pgsnake.protocol import messages as m
from pgsnake.utils.errors import FatalError, PgError


def test_authentication_messages():
    assert m.authentication_ok() == b"R\x00\x00\x00\x08\x00\x00\x00\x00"
    assert m.authentication_cleartext() == b"R\x00\x00\x00\x08\x00\x00\x00\x03"
    assert m.authentication_md5(b"abcd") == b"R\x00\x00\x00\x0c\x00\x00\x00\x05abcd"
    assert m.authentication_sasl(["SCRAM-SHA-256"]) == (
        b"R\x00\x00\x00\x17\x00\x00\x00\x0aSCRAM-SHA-256\x00\x00")
    assert m.authentication_sasl_continue(b"r=x") == b"R\x00\x00\x00\x0b\x00\x00\x00\x0br=x"
    assert m.authentication_sasl_final(b"v=y") == b"R\x00\x00\x00\x0b\x00\x00\x00\x0cv=y"


def test_session_start_messages():
    assert m.parameter_status("a", "b") == b"S\x00\x00\x00\x08a\x00b\x00"
    assert m.backend_key_data(1234, 0xDEADBEEF) == (
        b"K\x00\x00\x00\x0c\x00\x00\x04\xd2\xde\xad\xbe\xef")
    assert m.ready_for_query("I") == b"Z\x00\x00\x00\x05I"
    assert m.ready_for_query("T") == b"Z\x00\x00\x00\x05T"
    assert m.ready_for_query("E") == b"Z\x00\x00\x00\x05E"
    with pytest.raises(ValueError):
        m.ready_for_query("X")
    assert m.negotiate_protocol_version(0, ["_pq_.x"]) == (
        b"v\x00\x00\x00\x13\x00\x03\x00\x00\x00\x00\x00\x01_pq_.x\x00")   # as PG 15 sends it


def test_row_description_bytes():
    fields = [m.FieldDescription("id", 16384, 1, 23, 4, -1, 0),
              m.FieldDescription("?column?", 0, 0, 25, -1, -1, 1)]
    expected_body = (b"\x00\x02"
                     + b"id\x00" + struct.pack("!IhIhih", 16384, 1, 23, 4, -1, 0)
                     + b"?column?\x00" + struct.pack("!IhIhih", 0, 0, 25, -1, -1, 1))
    assert m.row_description(fields) == b"T" + struct.pack("!i", 4 + len(expected_body)) \
        + expected_body
    # OIDs are unsigned: the largest one must encode, not overflow.
    assert m.row_description([m.FieldDescription("x", 0xFFFFFFFF, 0, 0xFFFFFFFF)])[9:13] \
        == b"\xff\xff\xff\xff"


def test_data_row_and_completion():
    assert m.data_row([b"1", None, b""]) == (
        b"D\x00\x00\x00\x13\x00\x03"
        b"\x00\x00\x00\x011" b"\xff\xff\xff\xff" b"\x00\x00\x00\x00")
    assert m.data_row([]) == b"D\x00\x00\x00\x06\x00\x00"
    assert m.command_complete("SELECT 1") == b"C\x00\x00\x00\x0dSELECT 1\x00"
    assert m.empty_query_response() == b"I\x00\x00\x00\x04"
    assert m.parse_complete() == b"1\x00\x00\x00\x04"
    assert m.bind_complete() == b"2\x00\x00\x00\x04"
    assert m.close_complete() == b"3\x00\x00\x00\x04"
    assert m.no_data() == b"n\x00\x00\x00\x04"
    assert m.portal_suspended() == b"s\x00\x00\x00\x04"
    assert m.parameter_description([23, 25]) == (
        b"t\x00\x00\x00\x0e\x00\x02\x00\x00\x00\x17\x00\x00\x00\x19")
    assert m.function_call_response(None) == b"V\x00\x00\x00\x08\xff\xff\xff\xff"
    assert m.function_call_response(b"ab") == b"V\x00\x00\x00\x0a\x00\x00\x00\x02ab"
    assert m.notification_response(7, "ch", "hi") == (
        b"A\x00\x00\x00\x0e\x00\x00\x00\x07ch\x00hi\x00")


def test_copy_messages():
    assert m.copy_in_response(0, [0, 0]) == b"G\x00\x00\x00\x0b\x00\x00\x02\x00\x00\x00\x00"
    assert m.copy_out_response(1, [1]) == b"H\x00\x00\x00\x09\x01\x00\x01\x00\x01"
    assert m.copy_both_response(0, []) == b"W\x00\x00\x00\x07\x00\x00\x00"
    assert m.copy_data(b"1\t2\n") == b"d\x00\x00\x00\x081\t2\n"
    assert m.copy_done() == b"c\x00\x00\x00\x04"


def test_error_response_uses_postgresql_field_order():
    error = PgError("42P01", 'relation "t" does not exist', position=15)
    out = m.error_response(error.fields())
    # PostgreSQL writes S, V, C, M, ..., P; PgError.fields() puts P last anyway, so
    # build a dict in a scrambled order to prove the encoder reorders.
    scrambled = {"P": "15", "M": 'relation "t" does not exist', "C": "42P01",
                 "V": "ERROR", "S": "ERROR"}
    assert m.error_response(scrambled) == out
    body = (b"SERROR\x00VERROR\x00C42P01\x00Mrelation \"t\" does not exist\x00P15\x00\x00")
    assert out == b"E" + struct.pack("!i", len(body) + 4) + body
    assert m.notice_response({"S": "NOTICE", "M": "x"})[:1] == b"N"


def _body(*parts: bytes) -> bytes:
    return b"".join(parts)


def test_decode_simple_messages():
    assert m.decode_frontend(b"Q", b"SELECT 1\x00") == m.Query("SELECT 1")
    assert m.decode_frontend(b"S", b"") == m.Sync()
    assert m.decode_frontend(b"H", b"") == m.Flush()
    assert m.decode_frontend(b"X", b"") == m.Terminate()
    assert m.decode_frontend(b"p", b"secret\x00") == m.PasswordMessage(b"secret\x00")
    assert m.decode_frontend(b"d", b"abc") == m.CopyData(b"abc")
    assert m.decode_frontend(b"c", b"") == m.CopyDone()
    assert m.decode_frontend(b"f", b"oops\x00") == m.CopyFail("oops")
    assert m.decode_frontend(b"D", b"Sst\x00") == m.Describe("S", "st")
    assert m.decode_frontend(b"D", b"P\x00") == m.Describe("P", "")
    assert m.decode_frontend(b"C", b"Pp1\x00") == m.Close("P", "p1")
    assert m.decode_frontend(b"E", b"\x00\x00\x00\x00\x0a") == m.Execute("", 10)


def test_decode_parse_and_bind():
    body = _body(b"s1\x00", b"SELECT $1, $2\x00", b"\x00\x02", b"\x00\x00\x00\x17",
                 b"\xff\xff\xff\xff")
    assert m.decode_frontend(b"P", body) == m.Parse("s1", "SELECT $1, $2", (23, 0xFFFFFFFF))
    body = _body(b"portal\x00", b"s1\x00",
                 b"\x00\x01\x00\x01",                         # one format: binary
                 b"\x00\x02", b"\x00\x00\x00\x02hi", b"\xff\xff\xff\xff",
                 b"\x00\x01\x00\x00")
    assert m.decode_frontend(b"B", body) == m.Bind("portal", "s1", (1,), (b"hi", None), (0,))


def test_decode_function_call():
    # the body is kept as sent: the backend reads it between its own checks, in
    # PostgreSQL's order (tcop/fastpath.py; tests/tcop/test_fastpath.py)
    body = _body(b"\x00\x00\x04\x00", b"\x00\x00", b"\x00\x02",
                 b"\x00\x00\x00\x011", b"\xff\xff\xff\xff", b"\x00\x01")
    assert m.decode_frontend(b"F", body) == m.FunctionCall(bytes(body))


@pytest.mark.parametrize("type_byte, body, message", [
    (b"Q", b"SELECT 1", "invalid string in message"),
    (b"Q", b"SELECT 1\x00x", "invalid message format"),
    (b"S", b"x", "invalid message format"),
    (b"D", b"", "no data left in message"),
    (b"D", b"Xname\x00", "invalid DESCRIBE message subtype 88"),
    (b"C", b"Zname\x00", "invalid CLOSE message subtype 90"),
    (b"E", b"\x00\x00\x00", "insufficient data left in message"),
    (b"P", b"a\x00b\x00\x00\x02\x00\x00\x00\x17", "insufficient data left in message"),
    (b"B", b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x05ab\x00\x00",
     "insufficient data left in message"),
    (b"B", b"\x00\x00\x00\x01\x00\x00\x00\x01\xff\xff\xff\xfe\x00\x00",
     "insufficient data left in message"),
    (b"B", b"\x00\x00\x00\x02\x00\x00\x00\x00\x00\x01\xff\xff\xff\xff\x00\x00",
     "bind message has 2 parameter formats but 1 parameters"),
])
def test_malformed_bodies_raise_protocol_violation(type_byte, body, message):
    with pytest.raises(PgError) as info:
        m.decode_frontend(type_byte, body)
    assert info.value.sqlstate == "08P01"
    assert info.value.message == message


def test_unknown_type_byte_is_fatal():
    with pytest.raises(FatalError) as info:
        m.decode_frontend(b"z", b"")
    assert info.value.sqlstate == "08P01"
    assert info.value.message == "invalid frontend message type 122"


def test_invalid_utf8_is_reported_like_postgresql():
    with pytest.raises(PgError) as info:
        m.decode_frontend(b"Q", b"SELECT '\xc3\x28'\x00")
    assert info.value.sqlstate == "22021"
    assert info.value.message == 'invalid byte sequence for encoding "UTF8": 0xc3 0x28'


def test_sasl_initial_response():
    body = b"SCRAM-SHA-256\x00" + struct.pack("!i", 5) + b"n,,ab"
    assert m.parse_sasl_initial_response(body) == ("SCRAM-SHA-256", b"n,,ab")
    assert m.parse_sasl_initial_response(b"X\x00\xff\xff\xff\xff") == ("X", None)
    with pytest.raises(PgError) as info:
        m.parse_sasl_initial_response(b"X\x00\x00\x00\x00\x09abc")
    assert info.value.sqlstate == "08P01"
