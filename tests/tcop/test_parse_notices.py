# Proves that a Parse's scanner notices (42622: an identifier truncated to 63 bytes) go
# out before its ParseComplete, and again at every Parse of the same text, also when
# the unnamed statement's cache (tcop/unnamed_statements.py) serves the second one, as
# PostgreSQL (which scans the text at every Parse) sends them. Raw protocol messages on
# pgsnake and on the oracle; the answers must be equal.
from __future__ import annotations

import struct

import pytest

from harness import raw_protocol as rp

LONG = "a" * 70


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def _parse_bind_execute_sync(sql: str) -> bytes:
    return (_message(b"P", b"\0" + sql.encode() + b"\0" + struct.pack("!h", 0))
            + _message(b"B", b"\0\0" + struct.pack("!hhh", 0, 0, 0))
            + _message(b"E", b"\0" + struct.pack("!i", 0))
            + _message(b"S", b""))


def _answers(server) -> list:
    sql = f"SELECT 1 AS {LONG}"
    out = []
    with rp.open_socket(server) as sock:
        rp.startup(sock)
        for _ in range(3):
            sock.sendall(_parse_bind_execute_sync(sql))
            messages, _closed = rp.read_until_ready_or_close(sock)
            for kind, body in messages:
                if kind in (b"N", b"E"):
                    fields = rp.error_fields(body)
                    out.append((kind, fields.get("C"), fields.get("M")))
                else:
                    out.append(kind)
    return out


@pytest.mark.oracle
def test_truncation_notice_precedes_parse_complete_every_time(oracle, pgsnake_server):
    expected, got = _answers(oracle), _answers(pgsnake_server)
    assert got == expected
    assert expected.count((b"N", "42622", f'identifier "{LONG}" will be truncated to '
                                          f'"{LONG[:63]}"')) == 3
