# Proves that the functions PostgreSQL's catalog derives from operators, casts, btree
# comparisons, min/max steps and shared C functions (catalog/derived_functions.py:
# int4pl, float8eq, numeric_add, btint4cmp, int4larger, name(text), dexp, ...) answer
# as PostgreSQL 15 does when called by name: the calls are generated from the catalog
# rows (every derived function, sample values of each argument type, edge values that
# overflow or divide by zero included; volatile functions left out) and run on pgsnake
# and on the oracle; the result text, or the SQLSTATE and message, must be equal.
from __future__ import annotations

import itertools

import pytest
from psycopg.pq import DiagnosticField, ExecStatus

from pgsnake.catalog import catalog_cache, derived_functions, sql_functions  # noqa: F401

# Sample literals per argument type (pg_type OID); a row of calls takes the i-th sample
# of each argument (cycling), so the edge values meet each other.
SAMPLES = {
    16: ["t", "f"],
    17: ["\\x0102ff", "\\x", "\\x41"],
    18: ["a", "b"],
    19: ["abc", "ab", "abd "],
    20: ["3", "9223372036854775807", "-4", "0"],
    21: ["1", "32767", "-7", "0"],
    23: ["2", "2147483647", "-3", "0"],
    25: ["abc", "ab%", "", "ABC"],
    26: ["1", "4294967295", "7"],
    700: ["1.5", "3.4e38", "NaN", "-0.25"],
    701: ["2.5", "1e308", "-0.5", "Infinity", "0"],
    1042: ["ab", "ab  ", "abc"],
    1043: ["xy", "x", "xyz"],
    1082: ["2020-02-29", "infinity", "1999-12-31"],
    1083: ["12:34:56", "23:59:59.999999", "00:00"],
    1114: ["2020-02-29 12:00", "infinity", "1999-12-31 23:59:59.5"],
    1184: ["2020-02-29 12:00+00", "-infinity", "1999-12-31 23:59:59.5+05"],
    1186: ["1 day 02:00", "-3 mons", "178000000 years", "0"],
    1266: ["12:34:56+02", "00:00-05"],
    1700: ["1.25", "-3", "NaN", "0", "1e20"],
    790: ["12.34", "-1", "92233720368547758.07"],
    2950: ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"],
    869: ["192.168.1.5/24", "::1", "10.0.0.1"],
    650: ["192.168.1.0/24", "10.0.0.0/8"],
    829: ["08:00:2b:01:02:03", "ff:ff:ff:ff:ff:ff"],
    774: ["08:00:2b:01:02:03:04:05", "00:00:00:00:00:00:00:01"],
    1560: ["101", "010"],
    1562: ["1011", "01", ""],
    600: ["(1,2)", "(0,0)", "(-3.5,4)"],
    601: ["[(0,0),(2,2)]", "[(1,0),(1,5)]"],
    603: ["(2,2),(0,0)", "(3,4),(1,1)"],
    602: ["[(0,0),(1,1),(2,0)]", "((0,0),(1,1),(2,0))"],
    604: ["((0,0),(0,2),(2,2),(2,0))", "((1,1),(3,1),(2,3))"],
    718: ["<(0,0),2>", "<(1,1),1>"],
    628: ["{1,-1,0}", "{0,1,-2}"],
    3220: ["16/B374D848", "0/0"],
    5069: ["5", "18446744073709551615"],
    27: ["(0,1)", "(4294967295,65535)"],
    3802: ['{"a": 1, "b": [1, 2]}', "2", "[1, 2]"],
    114: ['{"a": 1}', "[1, 2]"],
    3614: ["a:1 b:2", "c"],
    3615: ["a & b", "!c"],
}


def _calls() -> list[tuple[int, str]]:
    sql_functions.register_all()
    calls, seen, registered = [], set(), derived_functions.registered_oids()
    for proc, _fn in derived_functions.derived():
        types = tuple(proc["proargtypes"] or ())
        if proc["oid"] in seen or proc["oid"] not in registered or proc["provolatile"] == "v" or \
                not all(t in SAMPLES for t in types):
            continue
        seen.add(proc["oid"])
        rows = max([len(SAMPLES[t]) for t in types] or [1])
        for i in range(rows):
            args = ", ".join(f"'{SAMPLES[t][i % len(SAMPLES[t])]}'::pg_catalog."
                             f"{_type_name(t)}" for t in types)
            calls.append((proc["oid"], f"SELECT pg_catalog.{proc['proname']}({args})"))
    return calls


def _type_name(type_oid: int) -> str:
    from pgsnake.catalog.generated import pg_type_rows
    names = {row[0]: row[1] for row in pg_type_rows.ROWS}
    return f'"{names[type_oid]}"'


def _answer(conn, sql: str):
    result = conn.pgconn.exec_(sql.encode())
    if result.status == ExecStatus.TUPLES_OK:
        value = result.get_value(0, 0)
        return ("row", None if value is None else value.decode())
    sqlstate = result.error_field(DiagnosticField.SQLSTATE)
    if sqlstate is None:                                # the connection was lost
        return ("lost", conn.pgconn.error_message.decode())
    return ("error", sqlstate.decode(),
            result.error_field(DiagnosticField.MESSAGE_PRIMARY).decode())


@pytest.mark.oracle
def test_derived_functions_answer_as_postgresql(pgsnake_server, oracle):
    calls = _calls()
    assert len(calls) > 1000, len(calls)
    differences = []
    with pgsnake_server.connect(autocommit=True) as ours, \
            oracle.connect(autocommit=True) as theirs:
        for statement in ("SET TimeZone = 'UTC'", "SET extra_float_digits = 0"):
            ours.execute(statement)
            theirs.execute(statement)
        for _oid, sql in calls:
            expected, got = _answer(theirs, sql), _answer(ours, sql)
            if got != expected:
                differences.append((sql, expected, got))
    assert differences == [], "\n".join(map(str, itertools.islice(differences, 40)))
