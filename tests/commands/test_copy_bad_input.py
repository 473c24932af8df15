"""COPY FROM with malformed input never crashes the backend and never reports an
internal error: random bytes in text, CSV and binary format (seeded, so a failure
repeats) each end in a PostgreSQL SQLSTATE or load, and the session goes on. For
well-formed text (valid UTF-8, no carriage returns) the outcome is PostgreSQL's."""
from __future__ import annotations

import random

import psycopg

TABLE = ("create table copy_fuzz (a int, b text, c numeric, d bytea, e int[], "
         "f timestamptz, g bool)")
BINARY_FIELDS = (b"\xff\xff\xff\xff", b"\x00\x00\x00\x02ab", b"\x00\x00\x00\x04\x00\x00\x00\x07")


def _inputs(seed: int, count: int, alphabet: bytes, binary: bool):
    rnd = random.Random(seed)
    for _ in range(count):
        fmt = rnd.choice(["text", "csv", "binary"] if binary else ["text", "csv"])
        if fmt == "binary":
            data = bytearray(b"PGCOPY\n\xff\r\n\x00" + bytes(8) + b"\x00\x07"
                             + b"".join(rnd.choice(BINARY_FIELDS) for _ in range(7))
                             + b"\xff\xff")
            for _ in range(rnd.randrange(4)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
            data = bytes(data[:rnd.randrange(len(data) + 1)])
        else:
            data = bytes(rnd.choice(alphabet) for _ in range(rnd.randrange(60)))
        yield fmt, data


def _outcome(cur, fmt: str, data: bytes):
    try:
        with cur.copy(f"copy copy_fuzz from stdin (format {fmt})") as copy:
            copy.write(data)
        return ("ok", cur.statusmessage)
    except psycopg.Error as e:
        return (e.diag.sqlstate, e.diag.message_primary)


def test_random_input_gets_sqlstates_not_crashes(pgsnake_server):
    alphabet = b"\t\n\r\\,\".N0123456789abcxX-+{}e ." + bytes([0xFF, 0xC3, 0x00, 0x01])
    with psycopg.connect(pgsnake_server.dsn, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("drop table if exists copy_fuzz")
        cur.execute(TABLE)
        seen = set()
        for fmt, data in _inputs(7, 300, alphabet, binary=True):
            sqlstate, message = _outcome(cur, fmt, data)
            assert sqlstate not in ("XX000", None), (fmt, data, message)
            seen.add(sqlstate)
        assert cur.execute("select 1").fetchone() == (1,)
        cur.execute("drop table copy_fuzz")
    assert {"22P04", "22021", "22P02"} <= seen


def test_well_formed_text_fails_as_postgres_does(oracle, pgsnake_server):
    alphabet = b"\t\n\\,\".N0123456789abcxX-+{}e ."
    with psycopg.connect(oracle.dsn, autocommit=True) as ora, \
            psycopg.connect(pgsnake_server.dsn, autocommit=True) as snake:
        cursors = [ora.cursor(), snake.cursor()]
        for cur in cursors:
            cur.execute("drop table if exists copy_fuzz")
            cur.execute(TABLE)
        differences = []
        for fmt, data in _inputs(11, 150, alphabet, binary=False):
            expected, actual = (_outcome(cur, fmt, data) for cur in cursors)
            if expected != actual:
                differences.append((fmt, data, expected, actual))
        for cur in cursors:
            cur.execute("drop table copy_fuzz")
    assert differences == []
