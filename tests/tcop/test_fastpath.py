# Proves that the FunctionCall message ('F', libpq's PQfn fast-path interface) runs a
# function by OID as PostgreSQL 15 does (tcop/fastpath.py): the same FunctionCallResponse
# ('V', text or binary result, NULL for a strict function's NULL argument), the same
# errors in the same order (unknown OID, aggregates and set-returning functions refused,
# wrong argument count, format counts, bad argument sizes and values, leftover binary
# bytes, unknown format codes, a truncated or over-long message), ReadyForQuery after
# each, the transaction block's state (a call inside BEGIN, a call in a failed block),
# and a user-defined function. psycopg never sends 'F', so a raw protocol client does;
# each sequence runs on pgsnake and on the oracle and the answers must be equal.
from __future__ import annotations

import struct

import pytest

from harness import raw_protocol as rp

INT4PL, TEXTCAT, INT4_SUM, GENERATE_SERIES_INT4, UPPER, TEXTLEN = 177, 1258, 2108, 1067, 871, 1257


def function_call(oid: int, args: list, arg_formats: list[int] | None = None,
                  result_format: int = 0, extra: bytes = b"", nargs: int | None = None) -> bytes:
    """A FunctionCall message; args are bytes (sent as they are) or None (NULL)."""
    formats = arg_formats if arg_formats is not None else []
    body = struct.pack("!Ih", oid, len(formats)) + b"".join(struct.pack("!h", f) for f in formats)
    body += struct.pack("!h", len(args) if nargs is None else nargs)
    for arg in args:
        body += struct.pack("!i", -1) if arg is None else struct.pack("!i", len(arg)) + arg
    body += struct.pack("!h", result_format) + extra
    return b"F" + struct.pack("!I", len(body) + 4) + body


def _raw(body: bytes) -> bytes:
    return b"F" + struct.pack("!I", len(body) + 4) + body


CALLS = {
    "text arguments": function_call(INT4PL, [b"1", b"2"]),
    "binary arguments and result": function_call(
        INT4PL, [struct.pack("!i", 40), struct.pack("!i", 2)], [1], result_format=1),
    "one format per argument": function_call(TEXTCAT, [b"ab", b"cd"], [0, 0]),
    "strict function, NULL argument": function_call(INT4PL, [None, b"2"]),
    "overflow": function_call(INT4PL, [b"2147483647", b"1"]),
    "bad text input": function_call(INT4PL, [b"x", b"1"]),
    "leftover binary bytes": function_call(INT4PL, [b"\0\0\0\1\0", b"\0\0\0\1"], [1]),
    "short binary argument": function_call(INT4PL, [b"\0\1", b"\0\0\0\1"], [1]),
    "unknown argument format": function_call(INT4PL, [b"1", b"2"], [2]),
    "unknown result format": function_call(INT4PL, [b"1", b"2"], result_format=2),
    "no such function": function_call(999999, [b"1"]),
    "aggregate": function_call(INT4_SUM, [b"1"]),
    "set-returning function": function_call(GENERATE_SERIES_INT4, [b"1", b"2"]),
    "wrong argument count": function_call(INT4PL, [b"1"]),
    "format count mismatch": function_call(INT4PL, [b"1", b"2"], [0, 0, 0]),
    "invalid argument size": _raw(struct.pack("!Ihhi", INT4PL, 0, 2, -2)),
    "truncated message": _raw(struct.pack("!Ihh", INT4PL, 0, 2) + b"\0\0"),
    "trailing bytes": function_call(UPPER, [b"abc"], extra=b"\0"),
    "no body": _raw(b"\0\0"),
    "text function": function_call(TEXTLEN, [b"abc"]),
}

SEQUENCES = {
    "inside a transaction block": [rp.query_message("BEGIN"), function_call(INT4PL, [b"1", b"1"]),
                                   rp.query_message("COMMIT")],
    "error aborts the block": [rp.query_message("BEGIN"), function_call(INT4PL, [b"x", b"1"]),
                               rp.query_message("SELECT 1"), rp.query_message("ROLLBACK")],
    "in a failed block": [rp.query_message("BEGIN"), rp.query_message("SELECT 1/0"),
                          function_call(INT4PL, [b"1", b"1"]), rp.query_message("ROLLBACK")],
    "after an extended-query error, skipped until Sync": [
        b"P" + struct.pack("!I", 4 + 11) + b"\0SELEC\0\0\0",
        function_call(INT4PL, [b"1", b"1"]), b"S\0\0\0\4",
        function_call(INT4PL, [b"1", b"1"])],
}


def _answers(sock) -> list:
    return rp.comparable(*rp.read_until_ready_or_close(sock), bodies=True)


def _run(server, payloads: list[bytes], setup: str | None = None) -> list:
    with rp.open_socket(server) as sock:
        rp.startup(sock)
        if setup is not None:
            sock.sendall(rp.query_message(setup))
            _answers(sock)
        out = []
        for payload in payloads:
            sock.sendall(payload)
            out.append(_answers(sock))
            if payload.startswith(b"P"):
                continue                       # its error comes with the Sync's answer
        return out


def _run_pipelined(server, payloads: list[bytes]) -> list:
    """Send everything at once: an extended-query error makes the server skip until Sync,
    so the answers are read until the ReadyForQuery messages that come."""
    with rp.open_socket(server) as sock:
        rp.startup(sock)
        sock.sendall(b"".join(payloads))
        return [_answers(sock), _answers(sock)]


@pytest.mark.oracle
def test_function_call_answers_as_postgresql(oracle, pgsnake_server):
    differences = []
    for name, payload in CALLS.items():
        expected, got = _run(oracle, [payload]), _run(pgsnake_server, [payload])
        if got != expected:
            differences.append((name, expected, got))
    for name, payloads in SEQUENCES.items():
        if name.startswith("after an extended-query error"):
            expected, got = _run_pipelined(oracle, payloads), _run_pipelined(pgsnake_server,
                                                                             payloads)
        else:
            expected, got = _run(oracle, payloads), _run(pgsnake_server, payloads)
        if got != expected:
            differences.append((name, expected, got))
    assert differences == []


@pytest.mark.oracle
def test_function_call_runs_a_user_function(oracle, pgsnake_server):
    setup = ("CREATE FUNCTION fastpath_twice(i int) RETURNS int LANGUAGE sql "
             "AS 'SELECT i * 2'")
    answers = []
    for server in (oracle, pgsnake_server):
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP FUNCTION IF EXISTS fastpath_twice(int)")
            conn.execute(setup)
            oid = conn.execute("SELECT 'fastpath_twice(int)'::regprocedure::oid").fetchone()[0]
        answers.append(_run(server, [function_call(oid, [b"21"]),
                                     function_call(oid, [b"21"], result_format=1)]))
        with server.connect(autocommit=True) as conn:
            conn.execute("DROP FUNCTION fastpath_twice(int)")
    assert answers[1] == answers[0]
    assert answers[0][0][0] == (b"V", struct.pack("!i", 2) + b"42")
