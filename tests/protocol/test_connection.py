# Proves Connection frames messages correctly over a real socket pair: buffered output,
# messages split across reads, length limits (08P01), EOF handling, pending-input checks.
from __future__ import annotations

import socket
import struct
import threading

import pytest

from pgsnake.protocol import messages as m
from pgsnake.protocol.connection import Connection, MessageLengthError
from pgsnake.protocol.startup_packet import SSLRequest, StartupMessage, encode_startup_message
from pgsnake.utils.errors import FatalError


@pytest.fixture
def pair():
    server, client = socket.socketpair()
    conn = Connection(server)
    yield conn, client
    conn.close()
    client.close()


def _msg(type_byte: bytes, body: bytes) -> bytes:
    return type_byte + struct.pack("!i", len(body) + 4) + body


def test_startup_then_messages(pair):
    conn, client = pair
    client.sendall(struct.pack("!iI", 8, 80877103))
    assert conn.read_startup_packet() == SSLRequest()
    client.sendall(encode_startup_message({"user": "bob"}))
    msg = conn.read_startup_packet()
    assert isinstance(msg, StartupMessage) and msg.user == "bob"
    client.sendall(_msg(b"Q", b"SELECT 1\x00") + _msg(b"S", b""))
    assert conn.read_message() == (b"Q", b"SELECT 1\x00")
    assert conn.read_message() == (b"S", b"")


def test_data_after_ssl_request_is_refused(pair):
    conn, client = pair
    client.sendall(struct.pack("!iI", 8, 80877103) + encode_startup_message({"user": "x"}))
    with pytest.raises(FatalError) as info:
        conn.read_startup_packet()
    assert info.value.message == "received unencrypted data after SSL request"
    assert info.value.sqlstate == "08P01"


def test_password_message_outside_authentication(pair):
    # PostgreSQL 15 answers a 'p' after startup with this FATAL (checked against it).
    conn, client = pair
    client.sendall(_msg(b"p", b"x\x00"))
    with pytest.raises(FatalError, match="invalid frontend message type 112"):
        conn.read_message()


def test_message_split_byte_by_byte(pair):
    conn, client = pair
    data = _msg(b"Q", b"SELECT 42\x00")

    def dribble():
        for i in range(len(data)):
            client.send(data[i:i + 1])

    t = threading.Thread(target=dribble)
    t.start()
    assert conn.read_message() == (b"Q", b"SELECT 42\x00")
    t.join()


def test_large_message(pair):
    conn, client = pair
    body = b"x" * 300_000 + b"\x00"
    t = threading.Thread(target=client.sendall, args=(_msg(b"Q", body),))
    t.start()
    assert conn.read_message() == (b"Q", body)
    t.join()


def test_send_is_buffered_until_flush(pair):
    conn, client = pair
    conn.send(m.command_complete("SELECT 1"))
    conn.send(m.ready_for_query("I"))
    client.setblocking(False)
    with pytest.raises(BlockingIOError):
        client.recv(100)
    conn.flush()
    client.setblocking(True)
    expected = m.command_complete("SELECT 1") + m.ready_for_query("I")
    got = b""
    while len(got) < len(expected):
        got += client.recv(100)
    assert got == expected


@pytest.mark.parametrize("length", [3, 0, -5, 10001])
def test_bad_lengths_are_08p01(pair, length):
    conn, client = pair
    client.sendall(b"S" + struct.pack("!i", length))    # Sync's limit is 10000
    with pytest.raises(MessageLengthError) as info:
        conn.read_message()
    assert info.value.sqlstate == "08P01"
    assert info.value.message == "invalid message length"


def test_auth_limit(pair):
    conn, client = pair
    client.sendall(b"p" + struct.pack("!i", 70000))
    with pytest.raises(MessageLengthError):
        conn.read_message(max_length=65535)


def test_unknown_type_is_fatal(pair):
    conn, client = pair
    client.sendall(_msg(b"z", b""))
    with pytest.raises(FatalError) as info:
        conn.read_message()
    assert info.value.message == "invalid frontend message type 122"


def test_clean_eof_and_eof_inside_message(pair):
    conn, client = pair
    client.sendall(_msg(b"Q", b"x\x00")[:-1])
    client.shutdown(socket.SHUT_WR)
    with pytest.raises(EOFError, match="incomplete message from client"):
        conn.read_message()

    server, client2 = socket.socketpair()
    conn2 = Connection(server)
    client2.close()
    with pytest.raises(EOFError) as info:
        conn2.read_message()
    assert str(info.value) == ""
    conn2.close()


def test_has_pending_input(pair):
    conn, client = pair
    assert not conn.has_pending_input()
    client.sendall(_msg(b"S", b"") + _msg(b"S", b""))
    assert conn.has_pending_input()
    conn.read_message()
    assert conn.has_pending_input()         # the second Sync is already buffered
    conn.read_message()
    assert not conn.has_pending_input()


def test_timeout_and_fileno(pair):
    conn, client = pair
    assert conn.fileno() >= 0
    conn.set_timeout(0.05)
    with pytest.raises(TimeoutError):
        conn.read_message()


def test_peer_credentials(pair):
    import os
    conn, _ = pair
    assert conn.peer_credentials() == os.getuid()
