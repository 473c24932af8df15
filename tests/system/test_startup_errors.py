# Proves that anything wrong before authentication ends that one connection and nothing
# else: malformed startup packets, bad `options` (PGOPTIONS, including the unbalanced
# quote that used to crash-restart the cluster) and fuzzed packets each get PostgreSQL's
# FATAL (or its silent close), while the postmaster keeps its pid, logs no crash
# ("terminating any other active server processes"), and a session opened before the
# abuse still works. The FATALs are compared with the real PostgreSQL 15's, case by case.
from __future__ import annotations

import random
import socket
import struct

import psycopg
import pytest

from harness import raw_protocol as rp

CRASH_PHRASES = ("terminating any other active server processes", "PANIC",
                 "was terminated by signal", "exited with exit code 2")

# PGOPTIONS values: server switches, settings, and every way to get them wrong.
OPTIONS = [
    "-c 'x", "-c 'x\\", "-c x", "-c x=1", "--x", "-c 'a=b'", "junk", '-c work_mem="1MB"', "-c",
    "-x", "-c a\\ b=1", "-c application_name=a\\ b", "-c search_path='a b'", "-F",
    "-cwork_mem=1MB", "-c max_connections=5", "-c nosuch=1", "-c work_mem=abc", "-d 5", "-e",
    "-x -c a=b", "junk -c work_mem=1MB", "junk -c work_mem=abc", "--", "-- junk", "-Sabc",
    "-S 100", "-N 5", "-t pa", "-t xx", "-f s", "-f x", "-C x", "-b", "-T", "-l", "-i",
    "-p 5", "-B 10", "-", "-c a\\", "-c \\", "-c work-mem=1MB", "--work_mem", "-c =1", "-ce",
    "-ea", "-c x.y=1", "-c Work_Mem=2MB", "-c datestyle=sql", "-O", "-s",
    "-c authentication_timeout=5", "-c client_encoding=nope", "-c server_version=1",
    "-c is_superuser=off", "\\", "-c work_mem=1MB\\ ", "-c\\ work_mem=1MB",
]


def _session_outcome(server, options: str):
    try:
        with psycopg.connect(host=server.host, port=server.port, user=server.user,
                             dbname=server.dbname, options=options, connect_timeout=10) as conn:
            return ("ok", conn.execute("SHOW work_mem").fetchone()[0],
                    conn.execute("SHOW DateStyle").fetchone()[0])
    except psycopg.OperationalError as e:
        diag = e.diag
        return (diag.severity, diag.sqlstate, diag.message_primary, diag.message_hint,
                diag.message_detail)


class CrashWatch:
    """No crash-restart between start and check: same postmaster, no crash in the log,
    and a session opened before still answers."""

    def __init__(self, server):
        self.server = server
        self.pid = server.postmaster_pid()
        self.log_mark = server.log_size()
        self.witness = server.connect()

    def check(self):
        try:
            assert self.witness.execute("SELECT 1").fetchone() == (1,)
        finally:
            self.witness.close()
        assert self.server.postmaster_pid() == self.pid
        log = self.server.log_text(self.log_mark)
        found = [phrase for phrase in CRASH_PHRASES if phrase in log]
        assert not found, log[-3000:]


def test_bad_options_are_fatal_for_that_connection_only(oracle, pgsnake_server):
    watch = CrashWatch(pgsnake_server)
    ours = [_session_outcome(pgsnake_server, options) for options in OPTIONS]
    watch.check()
    theirs = [_session_outcome(oracle, options) for options in OPTIONS]
    for options, mine, expected in zip(OPTIONS, ours, theirs):
        assert mine == expected, options


# -- malformed startup packets --------------------------------------------------------

def _packet(body: bytes, length: int | None = None) -> bytes:
    return struct.pack("!I", len(body) + 4 if length is None else length) + body


def _params(*pairs: tuple[bytes, bytes], protocol: int = rp.PROTOCOL_3_0, end: bytes = b"\0") -> bytes:
    body = struct.pack("!I", protocol) + b"".join(k + b"\0" + v + b"\0" for k, v in pairs) + end
    return _packet(body)


USER = (b"user", b"postgres")
PACKETS = {
    "protocol only": _packet(struct.pack("!I", rp.PROTOCOL_3_0)),
    "no terminator": _params(USER, end=b""),
    "name without value": _packet(struct.pack("!I", rp.PROTOCOL_3_0) + b"user\0"),
    "garbage after terminator": _params(USER, end=b"\0xyz"),
    "no user": _params((b"database", b"postgres")),
    "empty user": _params((b"user", b"")),
    "protocol 2.0": _params(USER, protocol=2 << 16),
    "protocol 4.0": _params(USER, protocol=4 << 16),
    "protocol 3.1": _params(USER, protocol=(3 << 16) | 1),
    "unknown _pq_ option": _params(USER, (b"_pq_.nosuch", b"1")),
    "length below 8": _packet(b"", length=4),
    "length above the limit": _packet(struct.pack("!I", rp.PROTOCOL_3_0), length=10005),
    "cancel request of 16 bytes": _packet(struct.pack("!IIII", 80877102, 1, 2, 3)),
    "cancel request for nobody": _packet(struct.pack("!III", 80877102, 1, 2)),
    "unknown database": _params(USER, (b"database", b"no_such_database")),
    "unknown role": _params((b"user", b"no_such_role")),
    "unbalanced quote in options": _params(USER, (b"options", b"-c 'x")),
    "bad client_encoding": _params(USER, (b"client_encoding", b"nope")),
    "unknown parameter": _params(USER, (b"nosuch", b"1")),
    "postmaster setting": _params(USER, (b"shared_buffers", b"1MB")),
    "invalid UTF-8 role": _params((b"user", b"\xff\xfe")),
    "role name of 100 bytes": _params((b"user", b"r" * 100)),
    "duplicate user": _params(USER, (b"user", b"no_such_role")),
}


def _read_answer(sock: socket.socket) -> tuple[list[tuple[bytes, bytes]], bool, bytes]:
    """(messages, closed, legacy): v3 messages until ReadyForQuery or close; a reply in
    the old protocol's format (a refusal of protocol 2) comes back whole as `legacy`."""
    data, messages = b"", []
    while True:
        while len(data) >= 5:
            (length,) = struct.unpack_from("!I", data, 1)
            if length < 4 or length > 1 << 20:
                return messages, True, data + _drain(sock)
            if len(data) < 1 + length:
                break
            messages.append((data[:1], data[5:1 + length]))
            data = data[1 + length:]
            if messages[-1][0] == b"Z":
                return messages, False, b""
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            return messages, True, data
        data += chunk


def _drain(sock: socket.socket) -> bytes:
    out = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return out
        if not chunk:
            return out
        out += chunk


def _what_the_server_says(server, data: bytes, ssl_first: bool = False):
    """Message kinds, with the fields that must match for errors and negotiation."""
    out = []
    with rp.open_socket(server) as sock:
        if ssl_first:
            sock.sendall(_packet(struct.pack("!I", 80877103)))
            out.append(("ssl answer", sock.recv(1)))
        sock.sendall(data)
        try:
            messages, closed, legacy = _read_answer(sock)
        except socket.timeout:
            pytest.fail("server neither answered nor closed")
    for kind, body in messages:
        if kind == b"E":
            fields = rp.error_fields(body)
            out.append(("E", fields.get("S"), fields.get("C"), fields.get("M"),
                        fields.get("D"), fields.get("H")))
        elif kind == b"v":
            out.append(("v", body))
        elif kind == b"S":
            out.append(("S", body.split(b"\0")[0]))
        elif kind == b"R":
            out.append(("R", body))
        else:
            out.append((kind.decode(),))
    if legacy:
        out.append(("legacy", legacy))
    out.append(("closed", closed))
    return out


def test_malformed_startup_packets_match_postgresql(oracle, pgsnake_server):
    watch = CrashWatch(pgsnake_server)
    ours = {name: _what_the_server_says(pgsnake_server, data) for name, data in PACKETS.items()}
    ours["second SSLRequest"] = _what_the_server_says(
        pgsnake_server, _packet(struct.pack("!I", 80877103)), ssl_first=True)
    watch.check()
    theirs = {name: _what_the_server_says(oracle, data) for name, data in PACKETS.items()}
    theirs["second SSLRequest"] = _what_the_server_says(
        oracle, _packet(struct.pack("!I", 80877103)), ssl_first=True)
    for name in ours:
        assert ours[name] == theirs[name], name


def _mutations(rng: random.Random, count: int):
    """Startup packets bent in every direction: bytes flipped, cut, inserted, lengths
    lied about, parameters of random bytes."""
    base = _params(USER, (b"database", b"postgres"), (b"options", b"-c work_mem=1MB"),
                   (b"application_name", b"fuzz"))
    for _ in range(count):
        data = bytearray(base)
        how = rng.randrange(5)
        if how == 0:
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 1:
            data = data[:rng.randrange(4, len(data))]
        elif how == 2:
            at = rng.randrange(8, len(data))
            data[at:at] = rng.randbytes(rng.randint(1, 20))
            struct.pack_into("!I", data, 0, len(data))
        elif how == 3:
            struct.pack_into("!I", data, 0, rng.choice([0, 1, 7, 8, 9, len(data) - 1, len(data) + 1,
                                                        10000, 10004, 2**31 - 1, rng.randrange(2**32)]))
        else:
            pairs = [(rng.randbytes(rng.randint(0, 8)).replace(b"\0", b"x"),
                      rng.randbytes(rng.randint(0, 30)).replace(b"\0", b"y"))
                     for _ in range(rng.randint(0, 4))]
            data = bytearray(_params(USER, *pairs))
        yield bytes(data)


@pytest.mark.parametrize("seed", [11, 12])
def test_fuzzed_startup_packets_never_restart_the_cluster(shared_server, seed):
    watch = CrashWatch(shared_server)
    for data in _mutations(random.Random(seed), 60):
        with rp.open_socket(shared_server) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)     # a short packet gets EOF, not a wait
            try:
                messages, _ = rp.read_until_ready_or_close(sock)
            except socket.timeout:
                pytest.fail(f"no answer and no close for {data!r}")
            for kind, body in messages:
                assert kind in (b"E", b"N", b"R", b"S", b"K", b"Z", b"v"), (kind, body, data)
                if kind == b"E":
                    assert rp.error_fields(body).get("S") == "FATAL", (body, data)
    watch.check()
