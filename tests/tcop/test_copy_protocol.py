"""The COPY sub-protocol, message by message, against PostgreSQL 15: the same bytes go to
both servers (hand-built v3 messages, pipelined) and the replies must match in message
types, CopyInResponse / CopyOutResponse bodies, CopyData, command tags, error fields
(SQLSTATE, message) and the transaction status of each ReadyForQuery."""
from __future__ import annotations

import struct

import pytest

from harness import raw_protocol as rp


def _message(kind: bytes, body: bytes = b"") -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def _cstr(text: str) -> bytes:
    return text.encode() + b"\0"


def parse(sql: str) -> bytes:
    return _message(b"P", _cstr("") + _cstr(sql) + struct.pack("!h", 0))


def bind() -> bytes:
    return _message(b"B", _cstr("") + _cstr("") + struct.pack("!hhh", 0, 0, 0))


def describe_portal() -> bytes:
    return _message(b"D", b"P" + _cstr(""))


def execute() -> bytes:
    return _message(b"E", _cstr("") + struct.pack("!i", 0))


SYNC = _message(b"S")
FLUSH = _message(b"H")
DONE = _message(b"c")


def data(payload: bytes) -> bytes:
    return _message(b"d", payload)


def fail(text: str) -> bytes:
    return _message(b"f", _cstr(text))


def query(sql: str) -> bytes:
    return rp.query_message(sql)


SETUP = "drop table if exists cp; create table cp (a int primary key, b text)"

# name -> list of (bytes to send, how many ReadyForQuery to wait for after them)
SCENARIOS = {
    "simple_copy_in": [(query("copy cp from stdin") + data(b"1\tx\n2\t") + data(b"y\n")
                        + DONE, 1), (query("select * from cp order by a"), 1)],
    "simple_copy_fail": [(query("copy cp from stdin") + data(b"1\tx\n") + fail("client gave up"),
                          1), (query("select count(*) from cp"), 1)],
    "simple_bad_row_then_more_data": [(query("copy cp from stdin") + data(b"x\ty\n")
                                       + data(b"2\tz\n") + DONE, 1),
                                      (query("select count(*) from cp"), 1)],
    "simple_other_message_during_copy": [(query("copy cp from stdin") + data(b"1\tx\n")
                                          + query("select 1"), 1),
                                         (query("select count(*) from cp"), 1)],
    "simple_sync_flush_ignored": [(query("copy cp from stdin") + data(b"1\tx\n") + SYNC + FLUSH
                                   + data(b"2\ty\n") + DONE, 1),
                                  (query("select count(*) from cp"), 1)],
    "simple_copy_out": [(query("insert into cp values (1, 'a'), (2, null)"), 1),
                        (query("copy cp to stdout"), 1)],
    "simple_copy_out_binary": [(query("insert into cp values (1, 'a')"), 1),
                               (query("copy cp to stdout (format binary)"), 1)],
    "copy_in_transaction_block": [(query("begin"), 1),
                                  (query("copy cp from stdin") + data(b"1\tx\n") + DONE, 1),
                                  (query("copy cp from stdin") + data(b"1\tx\n") + DONE, 1),
                                  (query("rollback"), 1)],
    "multi_statement_with_copy": [(query("insert into cp values (5, 'q'); copy cp to stdout; "
                                         "select 1"), 1)],
    "extended_copy_in": [(parse("copy cp from stdin") + bind() + describe_portal() + execute()
                          + FLUSH, 0),
                         (data(b"1\tx\n") + DONE + SYNC, 1),
                         (query("select * from cp"), 1)],
    "extended_copy_in_sync_before_data": [(parse("copy cp (a) from stdin") + bind() + execute()
                                           + SYNC, 0),
                                          (data(b"7\n") + DONE + SYNC, 1),
                                          (query("select * from cp"), 1)],
    "extended_copy_in_error_skips_to_sync": [(parse("copy cp from stdin") + bind() + execute()
                                              + FLUSH, 0),
                                             (data(b"1\tx\n1\ty\n") + data(b"3\tz\n") + DONE
                                              + parse("select 2") + bind() + execute() + SYNC, 1),
                                             (query("select count(*) from cp"), 1)],
    "extended_copy_out": [(query("insert into cp values (1, 'a')"), 1),
                          (parse("copy (select a, b from cp) to stdout (format csv)") + bind()
                           + describe_portal() + execute() + SYNC, 1)],
}


def _exchange(server, steps) -> list:
    sock = rp.open_socket(server)
    try:
        rp.startup(sock)
        sock.sendall(query(SETUP))
        rp.read_until_ready_or_close(sock)
        out = []
        for payload, readies in steps:
            sock.sendall(payload)
            if readies == 0:
                # Wait for CopyInResponse (what a client waits for before sending data).
                while True:
                    kind, body = rp.read_message(sock)
                    out.append(_describe(kind, body))
                    if kind in (b"G", b"E"):
                        break
                continue
            for _ in range(readies):
                messages, closed = rp.read_until_ready_or_close(sock)
                out.extend(_describe(kind, body) for kind, body in messages)
                if closed:
                    out.append("closed")
                    return out
        return out
    finally:
        sock.close()


def _describe(kind: bytes, body: bytes):
    if kind in (b"E", b"N"):
        fields = rp.error_fields(body)
        return (kind, fields.get("C"), fields.get("M"), fields.get("W"))
    if kind in (b"S", b"K"):
        return (kind,)            # ParameterStatus values and keys differ between servers
    if kind == b"T":              # table OIDs differ: keep names, attnums, types, formats
        count, = struct.unpack_from("!h", body)
        pos, fields = 2, []
        for _ in range(count):
            end = body.index(b"\0", pos)
            name = body[pos:end]
            _table, attnum, type_oid, size, typmod, fmt = struct.unpack_from("!ihihih", body, end + 1)
            fields.append((name, attnum, type_oid, size, typmod, fmt))
            pos = end + 1 + 18
        return (kind, tuple(fields))
    return (kind, body)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_copy_protocol_matches_oracle(name, oracle, pgsnake_server):
    expected = _exchange(oracle, SCENARIOS[name])
    actual = _exchange(pgsnake_server, SCENARIOS[name])
    assert actual == expected
