# Proves malformed or hostile input never takes the server down: random bytes, an absurd
# message length, a truncated message and invalid SQL each end in an ErrorResponse or a
# closed connection, and the server keeps serving other (and existing) sessions. Also
# proves SQL errors carry PostgreSQL's SQLSTATEs and leave the session usable.
from __future__ import annotations

import contextlib
import random
import re
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


# -- error paths compared with the oracle ---------------------------------------------------
# Issue 7's "bad input": every malformed or out-of-range input gets PostgreSQL's SQLSTATE
# and message, and no response carries a Python exception's name. These run each input on
# pgsnake and on PostgreSQL 15 and compare what comes back field by field.

PYTHON_EXCEPTION = re.compile(
    r"Traceback|\b(?:[A-Z][a-z0-9]+)+(?:Error|Exception|Warning)\b|\bStopIteration\b|"
    r"\bKeyboardInterrupt\b|\bstruct\.error\b|\bdecimal\.\w+|object has no attribute|"
    r"unsupported operand type|takes \d+ positional argument|NoneType")

# Out-of-range and malformed values of every type issue 7 lists, bad SQL, and the error
# classes it names (22P02, 22003, 22012, 22008, 42883, 42804, 42P18, 54001, ...).
BAD_VALUES = [
    # integers, floats, numeric
    "SELECT 'abc'::int2", "SELECT '40000'::int2", "SELECT '9999999999'::int4",
    "SELECT '99999999999999999999'::int8", "SELECT 32767::int2 + 1::int2",
    "SELECT (-2147483648)::int4 / -1", "SELECT (-9223372036854775808)::int8 * -1",
    "SELECT '1e400'::float8", "SELECT '1e40'::float4", "SELECT 'abc'::float8",
    "SELECT 1e308::float8 * 10", "SELECT 0::float8 / 0", "SELECT 1::numeric / 0",
    "SELECT 1 % 0", "SELECT 1.5 % 0", "SELECT '1e100000000'::numeric", "SELECT '0e-20000'::numeric",
    "SELECT 12345.678::numeric(5,2)",
    "SELECT 10::numeric ^ 1000000000", "SELECT 0::numeric ^ -1", "SELECT (-8)::numeric ^ 0.5",
    "SELECT sqrt(-1::numeric)", "SELECT ln(0::numeric)", "SELECT log(-1::float8)",
    "SELECT log10(0::float8)", "SELECT log10(-1::float8)",
    "SELECT degrees(1e308::float8)", "SELECT radians(5e-324::float8)", "SELECT factorial(-1)", "SELECT gcd((-2147483648)::int4, 0)",
    "SELECT width_bucket(1, 1, 1, 1)", "SELECT setseed(2)",
    "SELECT to_char(1, '9.9.9')", "SELECT to_char(1, '9V9.9')", "SELECT to_char(1, 'S9S9')",
    "SELECT to_number('1', '9D9.9')", "SELECT to_number('x', '999')",
    # bytea, text, bool, char(n)
    r"SELECT '\xzz'::bytea", r"SELECT '\777'::bytea", "SELECT 'abc\\'::bytea",
    "SELECT 'maybe'::boolean", "SELECT CAST('abcdef' AS varchar(3))", "SELECT chr(0)",
    "SELECT chr(-1)", "SELECT substr('abc', 1, -1)", "SELECT lpad('x', 2147483647)",
    "SELECT rpad('x', 536870912)", "SELECT repeat('xy', 1073741820)", r"SELECT E'\xff'",
    r"SELECT U&'\D800'", "SELECT encode('x', 'nope')", "SELECT decode('x', 'hex')",
    r"SELECT convert_from('\xff', 'UTF8')", "SELECT format('%s %s', 1)", "SELECT format('%z', 1)",
    "SELECT 'abc' ~ '('", "SELECT regexp_replace('a', 'a', 'b', 'z')",
    # date and time
    "SELECT '2020-13-01'::date", "SELECT '2020-02-30'::date", "SELECT '5874898-01-01'::date",
    "SELECT 'foo'::timestamp", "SELECT '294277-01-01'::timestamp",
    "SELECT '2020-01-01 25:00'::timestamptz", "SELECT '1 foo'::interval",
    "SELECT '2147483648 days'::interval", "SELECT interval '1 month' * 1e300",
    "SELECT '24:00:01'::time", "SELECT '25:00:00+02'::timetz", "SELECT '12:00:00+16'::timetz",
    "SELECT timezone('a', 'infinity'::timestamptz)", "SELECT timezone('x', '-infinity'::timestamp)",
    "SELECT timezone('1 day'::interval, 'infinity'::timestamptz)", "SELECT timezone('a', now())",
    "SELECT make_date(2020, 13, 1)", "SELECT make_timestamp(2020, 1, 1, 25, 0, 0)",
    "SELECT to_date('2020-99-01', 'YYYY-MM-DD')",
    # json, jsonb, jsonpath
    "SELECT 'x'::json", "SELECT '{\"a\":'::jsonb", "SELECT 'a'::jsonb", "SELECT '$.a['::jsonpath",
    "SELECT 'a'::jsonpath", "SELECT jsonb_path_query('{}', 'strict $.a')",
    "SELECT '[1]'::jsonb || 1", "SELECT jsonb_set('1', '{a}', '2')",
    "SELECT '[1]'::jsonb #- '{x}'", "SELECT jsonb_array_elements('{}')",
    "SELECT json_object_keys('[1]')", "SELECT '\"a\"'::jsonb::int4",
    "SELECT jsonb_path_query('[1]', '$[1000000000000]')",
    "SELECT jsonb_path_query('{\"a\":\"x\"}', '$.a.datetime()')",
    "SELECT jsonb_path_query('1', '$ / 0')", "SELECT jsonb_path_query('\"a\"', '$ + 1')",
    # uuid, network, bit strings, money, pg_lsn
    "SELECT 'zz'::uuid", "SELECT '1.2.3.4.5'::inet", "SELECT '10.0.0.1/8'::cidr",
    "SELECT '::1/200'::inet", "SELECT '01:02:03:04:05'::macaddr",
    "SELECT '01:02:03:04:05:06:07'::macaddr8", "SELECT '1.2.3.4'::inet + 9999999999",
    "SELECT '1.2.3.4'::inet - '::1'::inet", "SELECT set_masklen('1.2.3.4'::inet, 33)",
    "SELECT B'102'", "SELECT 'x12'::varbit", "SELECT B'101'::bit(2)", "SELECT B'10' & B'101'",
    "SELECT 'abc'::bit(3)", "SELECT get_bit(B'101', 5)", "SELECT set_bit('\\x00'::bytea, 100, 1)",
    "SELECT substring(B'101' from -1 for -1)", "SELECT '99999999999999999999'::money",
    "SELECT 'abc'::money", "SELECT 1::money / 0", "SELECT '1'::money * 'NaN'::float8",
    "SELECT '1/2/3'::pg_lsn", "SELECT 'FFFFFFFFF/0'::pg_lsn",
    # geometric types
    "SELECT '(1,2'::point", "SELECT '{1,2}'::line", "SELECT '{0,0,0}'::line",
    "SELECT '(1,2),(3'::lseg", "SELECT '(1,2,3)'::box", "SELECT '[(1,2),(3,4)'::path",
    "SELECT '(1,2),(x,4)'::polygon", "SELECT '<(1,2),-1>'::circle",
    "SELECT point(1,2) / point(0,0)",
    # ranges and multiranges
    "SELECT '[3,1]'::int4range", "SELECT '[1,2'::int4range", "SELECT '{[1,2],x}'::int4multirange",
    "SELECT '(1,'::numrange", "SELECT int4range(2, 1)", "SELECT lower(int4range(1,2)) + 2147483647",
    "SELECT int4range(1,2) + int4range(5,6)", "SELECT int4range(1,5) - int4range(2,3)",
    # arrays, rows, composite values
    "SELECT '{1,2'::int[]", "SELECT '{{1,2},{3}}'::int[]", "SELECT '[1:2]={1}'::int[]",
    "SELECT array_fill(1, ARRAY[100000,100000,100000])", "SELECT array_fill(1, ARRAY[1,1,1,1,1,1,1])",
    "SELECT array_fill(1, ARRAY[-1])", "SELECT array_fill(1, ARRAY[2], ARRAY[2147483647])",
    "SELECT array_agg(x) FROM (VALUES (ARRAY[1]), (ARRAY[1,2])) v(x)",
    "SELECT '(1,2'::record", "SELECT ROW(1,2) = ROW(1,2,3)", "SELECT ROW(1,'a') < ROW('x',2)",
    # catalog-type input
    "SELECT 'x'::regclass", "SELECT 'nosuchtype'::regtype", "SELECT '4294967296'::oid",
    "SELECT 'a'::tid", "SELECT '(0,70000)'::tid", "SELECT 'x'::aclitem", "SELECT 'a'::pg_snapshot",
    # bad SQL: names, types, parameters, subqueries, limits
    "SELECT $0", "SELECT $1", "SELECT $99999999999", "SELECT nosuchfunc(1)",
    "SELECT 1 + 'a'::text", "SELECT abs('x'::text)", "SELECT CASE WHEN true THEN 1 ELSE 'a' END",
    "SELECT 1 UNION SELECT 'a'::text", "SELECT ARRAY[1, 'a'::text]", "SELECT 'a' = 1",
    "SELECT generate_series(1, 10, 0)", "SELECT (SELECT generate_series(1,2))",
    "SELECT 1 IN (SELECT 1, 2)", "SELECT * FROM generate_series(1,3) WHERE 1 = (SELECT 1 UNION ALL SELECT 2)",
    "SELECT 'x' COLLATE \"nosuchcoll\"", "SELECT $1::int + $1::text",
    "SELECT concat(" + ",".join(["1"] * 101) + ")",
    "SELECT " + ",".join(["1"] * 1665), "SELECT * FROM (VALUES (" + ",".join(["1"] * 1665) + ")) v",
    "SELECT " + "(" * 10000 + "1" + ")" * 10000, "SELECT " + "1+" * 10000 + "1",
]


def _outcome(conn, sql):
    try:
        cursor = conn.execute(sql)
        return ("ok", cursor.fetchall() if cursor.description else cursor.statusmessage)
    except psycopg.Error as e:
        d = e.diag
        return ("error", e.sqlstate, d.message_primary, d.message_detail, d.message_hint)


def _assert_no_python_names(outcome, what):
    for field in outcome[2:] if outcome[0] == "error" else ():
        assert field is None or not PYTHON_EXCEPTION.search(field), (what, outcome)


def test_bad_values_and_sql_answer_as_postgresql(oracle, pgsnake_server):
    differences = []
    with oracle.connect(autocommit=True) as theirs, pgsnake_server.connect(autocommit=True) as ours:
        for sql in BAD_VALUES:
            expected, got = _outcome(theirs, sql), _outcome(ours, sql)
            _assert_no_python_names(got, sql)
            if got != expected:
                differences.append((sql[:80], expected, got))
    assert differences == []


# Malformed and hostile extended-protocol messages: each is sent after startup, followed
# by Sync, and the answer (message kinds; severity, SQLSTATE and message of each error or
# notice; whether the server hung up) must be the oracle's.

def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!I", len(body) + 4) + body


def _cstring(text: str) -> bytes:
    return text.encode() + b"\0"


def _parse(sql: str, types=(), name: str = "") -> bytes:
    return _message(b"P", _cstring(name) + _cstring(sql) + struct.pack("!h", len(types))
                    + b"".join(struct.pack("!I", t) for t in types))


def _bind(params=(), formats=(), result_formats=(), statement="", raw_params=None) -> bytes:
    body = _cstring("") + _cstring(statement) + struct.pack("!h", len(formats))
    body += b"".join(struct.pack("!h", f) for f in formats)
    if raw_params is None:
        body += struct.pack("!h", len(params))
        for value in params:
            body += b"\xff\xff\xff\xff" if value is None else struct.pack("!i", len(value)) + value
    else:
        body += raw_params
    body += struct.pack("!h", len(result_formats))
    return _message(b"B", body + b"".join(struct.pack("!h", f) for f in result_formats))


def _execute(portal: str = "") -> bytes:
    return _message(b"E", _cstring(portal) + struct.pack("!i", 0))


SYNC = _message(b"S", b"")
PROTOCOL_ABUSE = {
    "bind to an unknown statement": _bind(statement="nosuch") + SYNC,
    "bind too few parameters": _parse("SELECT $1::int4") + _bind() + SYNC,
    "bind too many parameters": _parse("SELECT 1") + _bind([b"1"]) + SYNC,
    "binary int4 too short": _parse("SELECT $1::int4") + _bind([b"\0\1\2"], [1]) + SYNC,
    "binary int8 too long": _parse("SELECT $1::int8") + _bind([b"\0" * 9], [1]) + SYNC,
    "binary float8 too short": _parse("SELECT $1::float8") + _bind([b"\0" * 4], [1]) + SYNC,
    "binary numeric junk": _parse("SELECT $1::numeric")
    + _bind([b"\0\1\0\0\x77\x77\0\0\0\1"], [1]) + SYNC,
    "binary text not UTF-8": _parse("SELECT $1::text") + _bind([b"\xff\xfe"], [1]) + SYNC,
    "text parameter not UTF-8": _parse("SELECT $1::text") + _bind([b"\xff\xfe"], [0]) + SYNC,
    "text int4 parameter junk": _parse("SELECT $1::int4") + _bind([b"abc"]) + SYNC,
    "text int2 parameter overflow": _parse("SELECT $1::int2") + _bind([b"99999"]) + SYNC,
    "binary date out of range": _parse("SELECT $1::date") + _bind([b"\x7f\xff\xff\xfe"], [1]) + SYNC,
    "binary array of 7 dimensions": _parse("SELECT $1::int4[]")
    + _bind([struct.pack("!iiI", 7, 0, 23)], [1]) + SYNC,
    "binary array of another element type": _parse("SELECT $1::int4[]")
    + _bind([struct.pack("!iiIii", 1, 0, 25, 1, 1)], [1]) + SYNC,
    "binary jsonb unknown version": _parse("SELECT $1::jsonb") + _bind([b"\x02{}"], [1]) + SYNC,
    "binary uuid too short": _parse("SELECT $1::uuid") + _bind([b"\0" * 15], [1]) + SYNC,
    "binary inet junk": _parse("SELECT $1::inet") + _bind([b"\x09\x20\0\4\1\2\3\4"], [1]) + SYNC,
    "unknown parameter format code": _parse("SELECT $1::int4") + _bind([b"1"], [7]) + SYNC,
    "unknown result format code": _parse("SELECT 1") + _bind(result_formats=[9]) + _execute() + SYNC,
    "parameter formats miscounted": _parse("SELECT $1::int4, $2::int4")
    + _bind([b"1", b"2"], [0, 0, 0]) + SYNC,
    "result formats miscounted": _parse("SELECT 1, 2") + _bind(result_formats=[0, 0, 0])
    + _execute() + SYNC,
    "negative parameter length": _parse("SELECT $1::int4")
    + _bind(raw_params=struct.pack("!hi", 1, -2)) + SYNC,
    "parse with an unknown type OID": _parse("SELECT $1", [999999]) + SYNC,
    "parse of two statements": _parse("SELECT 1; SELECT 2") + SYNC,
    "parse of a name in use": _parse("SELECT 1", name="s1") + _parse("SELECT 2", name="s1") + SYNC,
    "parse of bad SQL": _parse("SELEC 1") + SYNC,
    "execute of an unknown portal": _execute("nosuch") + SYNC,
    "describe of an unknown statement": _message(b"D", b"Snosuch\0") + SYNC,
    "describe of an unknown portal": _message(b"D", b"Pnosuch\0") + SYNC,
    "describe of an unknown kind": _message(b"D", b"X\0") + SYNC,
    "close of an unknown kind": _message(b"C", b"X\0") + SYNC,
    "close of unknown names": _message(b"C", b"Snosuch\0") + _message(b"C", b"Pnosuch\0") + SYNC,
    "query with a NUL inside": _message(b"Q", b"SELECT 1\0junk\0"),
    "query without its NUL": _message(b"Q", b"SELECT 1"),
    "query not UTF-8": _message(b"Q", b"SELECT '\xff'\0"),
    "copy messages outside COPY": _message(b"d", b"abc") + _message(b"c", b"")
    + _message(b"f", b"x\0") + SYNC,
    "unknown message type": _message(b"z", b"") + SYNC,
    "a 100 kB query": _message(b"Q", b"SELECT " + b"1+" * 50000 + b"1\0"),
    "a 2 MB string literal": _message(b"Q", b"SELECT length('" + b"x" * 2000000 + b"')\0"),
    "an over-long identifier": _message(b"Q", b"SELECT 1 AS " + b"X" * 100 + b"\0"),
    "a 5000-item IN list": _message(b"Q", b"SELECT 1 IN ("
                                    + b",".join(b"%d" % i for i in range(5000)) + b")\0"),
}


def _exchange(server, payload: bytes) -> list:
    with rp.open_socket(server) as sock:
        rp.startup(sock)
        sock.sendall(payload)
        messages, closed = _answer_or_close(sock)
    return rp.comparable(messages, closed)


def test_protocol_abuse_answers_as_postgresql(oracle, pgsnake_server):
    differences = []
    for name, payload in PROTOCOL_ABUSE.items():
        expected, got = _exchange(oracle, payload), _exchange(pgsnake_server, payload)
        for item in got:
            if isinstance(item, tuple):
                assert not PYTHON_EXCEPTION.search(item[3] or ""), (name, got)
        if got != expected:
            differences.append((name, expected, got))
    assert differences == []
    with pgsnake_server.connect() as conn:                  # and the server goes on
        assert conn.execute("SELECT 1").fetchone() == (1,)
