"""A minimal hand-rolled v3 protocol client, for sending what libpq never would.

Entry points:
    open_socket(server)                      TCP socket to the server, with a timeout
    startup(sock, user, database)            StartupMessage, read until ReadyForQuery (trust)
    query_message(sql) -> bytes              a 'Q' message
    read_message(sock) -> (type, body)       one backend message; EOFError when closed
    read_until_ready_or_close(sock)          messages until 'Z', or until the server hangs up
    error_fields(body) -> dict               ErrorResponse/NoticeResponse fields by code
    comparable(messages, closed, bodies)     what two servers' answers should share

PostgreSQL: interfaces/libpq/fe-protocol3.c (the frontend side of the protocol)
"""
from __future__ import annotations

import socket
import struct

PROTOCOL_3_0 = 196608


def open_socket(server, timeout: float = 15.0) -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=timeout)
    sock.settimeout(timeout)
    return sock


def startup_message(user: str, database: str) -> bytes:
    body = struct.pack("!I", PROTOCOL_3_0)
    for key, value in (("user", user), ("database", database)):
        body += key.encode() + b"\0" + value.encode() + b"\0"
    body += b"\0"
    return struct.pack("!I", len(body) + 4) + body


def query_message(sql: str) -> bytes:
    body = sql.encode() + b"\0"
    return b"Q" + struct.pack("!I", len(body) + 4) + body


def _recv_exactly(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError("server closed the connection")
        data += chunk
    return data


def read_message(sock: socket.socket) -> tuple[bytes, bytes]:
    header = _recv_exactly(sock, 5)
    length = struct.unpack("!I", header[1:])[0]
    if length < 4 or length > 1 << 30:
        raise ValueError(f"server sent a bad message length {length}")
    return header[:1], _recv_exactly(sock, length - 4)


def error_fields(body: bytes) -> dict[str, str]:
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode("utf-8", "replace")
    return fields


def read_until_ready_or_close(sock: socket.socket) -> tuple[list[tuple[bytes, bytes]], bool]:
    """(messages, closed): read until ReadyForQuery or until the server closes."""
    messages = []
    while True:
        try:
            kind, body = read_message(sock)
        except (EOFError, ConnectionResetError):
            return messages, True
        messages.append((kind, body))
        if kind == b"Z":
            return messages, False


def comparable(messages: list, closed: bool, bodies: bool = False) -> list:
    """An answer as two servers should give it alike: errors and notices as (kind,
    severity, SQLSTATE, message), other messages as their kind (with their body when
    `bodies`), ParameterStatus and BackendKeyData left out (their values differ), and
    "closed" when the server hung up."""
    answer = []
    for kind, body in messages:
        if kind in (b"E", b"N"):
            fields = error_fields(body)
            answer.append((kind, fields.get("S"), fields.get("C"), fields.get("M")))
        elif kind not in (b"S", b"K"):
            answer.append((kind, body) if bodies else kind)
    return answer + (["closed"] if closed else [])


def startup(sock: socket.socket, user: str = "postgres", database: str = "postgres") -> list:
    sock.sendall(startup_message(user, database))
    messages, closed = read_until_ready_or_close(sock)
    if closed or not messages or messages[0][0] != b"R":
        raise ConnectionError(f"startup failed: {messages}")
    return messages


def _sasl_message(payload: bytes) -> bytes:
    return b"p" + struct.pack("!I", len(payload) + 4) + payload


def scram_login(sock: socket.socket, user: str, password: str,
                database: str = "postgres") -> tuple[list, bool]:
    """Run a SCRAM-SHA-256 login by hand (RFC 5802/7677, as libpq does it).

    Returns what followed the client's proof: (messages, closed). libpq does not
    expose the SQLSTATE of a failed login; this does, through the ErrorResponse."""
    import base64
    import hashlib
    import hmac
    import os

    sock.sendall(startup_message(user, database))
    kind, body = read_message(sock)
    if kind != b"R" or struct.unpack("!I", body[:4])[0] != 10:
        raise ConnectionError(f"server did not ask for SASL: {kind!r} {body!r}")
    nonce = base64.b64encode(os.urandom(18)).decode()
    first_bare = f"n=,r={nonce}"
    initial = f"n,,{first_bare}".encode()
    sock.sendall(_sasl_message(b"SCRAM-SHA-256\0" + struct.pack("!i", len(initial)) + initial))
    kind, body = read_message(sock)
    if kind != b"R" or struct.unpack("!I", body[:4])[0] != 11:
        raise ConnectionError(f"expected SASLContinue: {kind!r} {body!r}")
    server_first = body[4:].decode()
    attributes = dict(item.split("=", 1) for item in server_first.split(","))
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attributes["s"]),
                                 int(attributes["i"]))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    without_proof = f"c=biws,r={attributes['r']}"
    auth_message = f"{first_bare},{server_first},{without_proof}".encode()
    signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    final = f"{without_proof},p={base64.b64encode(proof).decode()}".encode()
    sock.sendall(_sasl_message(final))
    return read_until_ready_or_close(sock)
