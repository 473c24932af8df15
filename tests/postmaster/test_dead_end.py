# The postmaster's answer to connections beyond MaxLivePostmasterChildren (dead_end.py):
# it reads without blocking until a whole startup packet is there, answers an SSLRequest
# with 'N' first (so that libpq reads the error that follows), refuses a StartupMessage
# with FATAL 53300, carries out a CancelRequest, says nothing to a packet of invalid
# length, closes what times out, and never holds more than its limit.
from __future__ import annotations

import socket
import struct

from pgsnake.postmaster.dead_end import DeadEnds
from pgsnake.protocol.startup_packet import encode_startup_message

STARTUP = encode_startup_message({"user": "postgres", "database": "postgres"})
SSL_REQUEST = struct.pack("!II", 8, 80877103)


def _pair(dead_ends: DeadEnds, deadline: float = 1e12, limit: int = 10):
    server_end, client_end = socket.socketpair()
    client_end.settimeout(5)
    dead_ends.add(server_end, deadline, limit)
    return server_end.fileno(), client_end


def _read_to_close(sock: socket.socket) -> bytes:
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _fields(reply: bytes) -> dict[str, str]:
    assert reply[:1] == b"E"
    (length,) = struct.unpack_from("!i", reply, 1)
    assert len(reply) == 1 + length
    return {chr(f[0]): f[1:].decode() for f in reply[5:].split(b"\0") if f}


def test_ssl_request_then_startup_gets_n_then_too_many_clients():
    dead_ends = DeadEnds(cancel=lambda pid, key: None)
    fd, client = _pair(dead_ends)
    client.sendall(SSL_REQUEST)
    dead_ends.readable(fd)
    assert client.recv(1) == b"N"
    for i in range(0, len(STARTUP), 5):       # the packet arrives in pieces
        client.sendall(STARTUP[i:i + 5])
        dead_ends.readable(fd)
    fields = _fields(_read_to_close(client))
    assert (fields["S"], fields["C"], fields["M"]) == ("FATAL", "53300",
                                                      "sorry, too many clients already")
    assert dead_ends.fds() == []


def test_cancel_request_is_carried_out_silently():
    cancelled = []
    dead_ends = DeadEnds(cancel=lambda pid, key: cancelled.append((pid, key)))
    fd, client = _pair(dead_ends)
    client.sendall(struct.pack("!IIII", 16, 80877102, 4242, 99))
    dead_ends.readable(fd)
    assert _read_to_close(client) == b""
    assert cancelled == [(4242, 99)]


def test_invalid_length_is_closed_without_a_word():
    dead_ends = DeadEnds(cancel=lambda pid, key: None)
    fd, client = _pair(dead_ends)
    client.sendall(struct.pack("!II", 3, 196608))
    dead_ends.readable(fd)
    assert _read_to_close(client) == b""


def test_malformed_startup_gets_the_backends_error():
    dead_ends = DeadEnds(cancel=lambda pid, key: None)
    fd, client = _pair(dead_ends)
    client.sendall(encode_startup_message({"database": "postgres"}))
    dead_ends.readable(fd)
    fields = _fields(_read_to_close(client))
    assert fields["C"] == "28000"


def test_silence_until_the_deadline_is_closed():
    dead_ends = DeadEnds(cancel=lambda pid, key: None)
    _fd, client = _pair(dead_ends, deadline=100.0)
    assert dead_ends.next_deadline() == 100.0
    dead_ends.expire(99.0)
    assert len(dead_ends.fds()) == 1
    dead_ends.expire(100.0)
    assert dead_ends.fds() == [] and _read_to_close(client) == b""


def test_beyond_the_limit_the_answer_is_immediate():
    dead_ends = DeadEnds(cancel=lambda pid, key: None)
    _pair(dead_ends, limit=1)
    _fd, second = _pair(dead_ends, limit=1)
    assert len(dead_ends.fds()) == 1
    assert _fields(_read_to_close(second))["C"] == "53300"
    dead_ends.close_all()
