# Proves malformed or hostile input never takes the server down: random bytes, an absurd
# message length, a truncated message and invalid SQL each end in an ErrorResponse or a
# closed connection, and the server keeps serving other (and existing) sessions. Also
# proves SQL errors carry PostgreSQL's SQLSTATEs and leave the session usable.
from __future__ import annotations

import contextlib
import random
import socket
import struct

import psycopg
import pytest

from harness import raw_protocol as rp


def _answer_or_close(sock: socket.socket) -> tuple[list, bool]:
    """Whatever the server does next: messages it sends, and whether it hung up."""
    try:
        return rp.read_until_ready_or_close(sock)
    except socket.timeout:
        pytest.fail("server neither answered nor closed the connection")


def _assert_still_serving(server, witness):
    assert witness.execute("SELECT 1").fetchone() == (1,)
    with server.connect() as fresh:
        assert fresh.execute("SELECT 2").fetchone() == (2,)


def _only_errors(messages):
    assert all(kind in (b"E", b"N") for kind, _ in messages), messages


@contextlib.contextmanager
def _witnessed(server):
    """A normal session opened before the abuse must still work after it."""
    witness = server.connect()
    try:
        yield
        _assert_still_serving(server, witness)
    finally:
        witness.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_instead_of_startup(shared_server, seed):
    with _witnessed(shared_server):
        junk = random.Random(seed).randbytes(200)
        with rp.open_socket(shared_server) as sock:
            sock.sendall(junk)
            sock.shutdown(socket.SHUT_WR)
            messages, closed = _answer_or_close(sock)
            _only_errors(messages)
            assert closed


def test_random_bytes_after_startup(shared_server):
    with _witnessed(shared_server):
        with rp.open_socket(shared_server) as sock:
            rp.startup(sock)
            sock.sendall(b"\xff" + random.Random(7).randbytes(100))
            sock.shutdown(socket.SHUT_WR)
            messages, closed = _answer_or_close(sock)
            _only_errors(messages)
            assert closed


def test_over_long_message_length(shared_server):
    with _witnessed(shared_server):
        with rp.open_socket(shared_server) as sock:
            rp.startup(sock)
            sock.sendall(b"Q" + struct.pack("!I", 0x7FFFFFF0) + b"SELECT 1")
            messages, closed = _answer_or_close(sock)
            _only_errors(messages)
            assert closed


def test_over_long_startup_length(shared_server):
    with rp.open_socket(shared_server) as sock:
        sock.sendall(struct.pack("!II", 0x7FFFFFF0, rp.PROTOCOL_3_0))
        messages, closed = _answer_or_close(sock)
        _only_errors(messages)
        assert closed
    with shared_server.connect() as fresh:
        assert fresh.execute("SELECT 1").fetchone() == (1,)


def test_truncated_message(shared_server):
    with _witnessed(shared_server):
        with rp.open_socket(shared_server) as sock:
            rp.startup(sock)
            sock.sendall(b"Q" + struct.pack("!I", 100) + b"SELECT")
            sock.shutdown(socket.SHUT_WR)
            messages, closed = _answer_or_close(sock)
            _only_errors(messages)
            assert closed


def test_invalid_sql_over_the_raw_protocol(shared_server):
    with rp.open_socket(shared_server) as sock:
        rp.startup(sock)
        sock.sendall(rp.query_message("SELEC 1"))
        messages, closed = _answer_or_close(sock)
        assert not closed
        kinds = [kind for kind, _ in messages]
        assert kinds == [b"E", b"Z"], messages
        fields = rp.error_fields(messages[0][1])
        assert fields["S"] == "ERROR" and fields["C"] == "42601"
        assert fields["M"] == 'syntax error at or near "SELEC"' and fields["P"] == "1"
        assert messages[1][1] == b"I"
        sock.sendall(rp.query_message("SELECT 1"))
        messages, closed = _answer_or_close(sock)
        assert [kind for kind, _ in messages] == [b"T", b"D", b"C", b"Z"]


ERRORS = [
    ("SELEC 1", "42601"),
    ("SELECT * FROM bad_input_no_such_table", "42P01"),
    ("SELECT no_such_column", "42703"),
    ("SELECT 'abc'::int4", "22P02"),
    ("SELECT 1/0", "22012"),
    ("SELECT 2147483647::int4 + 1", "22003"),
]


@pytest.mark.parametrize("sql,sqlstate", ERRORS)
def test_error_sqlstate_and_session_usable_after(shared_server, sql, sqlstate):
    with shared_server.connect() as conn:
        with pytest.raises(psycopg.Error) as caught:
            conn.execute(sql)
        assert caught.value.sqlstate == sqlstate
        assert conn.execute("SELECT 7").fetchone() == (7,)


def test_not_null_violation_and_failed_block(shared_server, request):
    table = f"bad_input_nn_{request.node.callspec.id}"
    with shared_server.connect() as conn:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(f"CREATE TABLE {table} (id int4 NOT NULL)")
        with pytest.raises(psycopg.Error) as caught:
            conn.execute(f"INSERT INTO {table} VALUES (NULL)")
        assert caught.value.sqlstate == "23502"
        conn.execute("BEGIN")
        with pytest.raises(psycopg.Error):
            conn.execute("SELECT 1/0")
        with pytest.raises(psycopg.Error) as caught:
            conn.execute("SELECT 1")
        assert caught.value.sqlstate == "25P02"
        conn.execute("ROLLBACK")
        assert conn.execute("SELECT 1").fetchone() == (1,)
        conn.execute(f"DROP TABLE {table}")
