"""A minimal frontend for the test server's own housekeeping: simple queries over the
Unix socket, as the superuser, with trust authentication.

pgsnake.testing must make and drop a database per test without a client library
(pgsnake's runtime needs no driver; the tests that use it bring their own). This is the
smallest part of protocol v3 that does: the startup packet, AuthenticationOk, then Query
messages read up to ReadyForQuery. An ErrorResponse becomes AdminError carrying its
SQLSTATE and message. Rows are not decoded: housekeeping statements return none.

PostgreSQL: interfaces/libpq/fe-connect.c (the startup packet), fe-protocol3.c
(pqParseInput3); the message layouts in the protocol chapter of the documentation.
"""
from __future__ import annotations

import os
import socket
import struct

from pgsnake.protocol.message_types import AuthRequest, BackendType, FrontendType

PROTOCOL_VERSION_3 = 196608


class AdminError(RuntimeError):
    """The server answered with an ErrorResponse (or the connection failed)."""

    def __init__(self, message: str, sqlstate: str | None = None):
        super().__init__(message if sqlstate is None else f"{sqlstate}: {message}")
        self.sqlstate = sqlstate


class AdminConnection:
    """One session on the server's Unix socket; use as a context manager."""

    def __init__(self, socket_dir: str, port: int, user: str, dbname: str = "postgres"):
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._sock.connect(os.path.join(socket_dir, f".s.PGSQL.{port}"))
            params = f"user\0{user}\0database\0{dbname}\0\0".encode()
            self._sock.sendall(struct.pack("!ii", 8 + len(params), PROTOCOL_VERSION_3) + params)
            self._read_until_ready()
        except BaseException:
            self._sock.close()
            raise

    def execute(self, sql: str) -> None:
        """Run one simple query; raise AdminError if the server reports an error."""
        body = sql.encode() + b"\0"
        self._sock.sendall(FrontendType.QUERY + struct.pack("!i", 4 + len(body)) + body)
        self._read_until_ready()

    def close(self) -> None:
        try:
            self._sock.sendall(FrontendType.TERMINATE + struct.pack("!i", 4))
        except OSError:
            pass
        self._sock.close()

    def __enter__(self) -> "AdminConnection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _read_until_ready(self) -> None:
        """Consume messages up to ReadyForQuery; raise the first error seen after it."""
        error = None
        while True:
            try:
                kind, body = self._read_message()
            except AdminError:
                if error is not None:  # a FATAL error ends the session: report it
                    raise error from None
                raise
            if kind == BackendType.READY_FOR_QUERY:
                break
            if kind == BackendType.ERROR_RESPONSE:
                error = error or _error_from_fields(body)
            elif kind == BackendType.AUTHENTICATION:
                code = struct.unpack("!i", body[:4])[0]
                if code != AuthRequest.OK:
                    raise AdminError(f"authentication method {code} is not supported here: "
                                     "the test server is initialised with trust")
        if error is not None:
            raise error

    def _read_message(self) -> tuple[bytes, bytes]:
        header = self._read_exact(5)
        length = struct.unpack("!i", header[1:])[0]
        return header[:1], self._read_exact(length - 4)

    def _read_exact(self, count: int) -> bytes:
        chunks, remaining = [], count
        while remaining:
            chunk = self._sock.recv(remaining)
            if not chunk:
                raise AdminError("server closed the connection unexpectedly")
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)


def _error_from_fields(body: bytes) -> AdminError:
    fields = {}
    for item in body.split(b"\0"):
        if item:
            fields[item[:1].decode()] = item[1:].decode("utf-8", "replace")
    return AdminError(fields.get("M", "unknown error"), fields.get("C"))
