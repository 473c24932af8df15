# Proves pgsnake's hash support functions give PostgreSQL's hash codes (the values the
# oracle's hashint4, hashtext, ... return), which hash indexes and hash partitioning both
# rely on, and that the support procedures named in the metapage are the catalog's.
from __future__ import annotations

import datetime
import uuid

import pytest

from pgsnake.access.hash import hash_functions
from pgsnake.catalog.generated import pg_proc_rows

CASES = [  # (SQL call on the oracle, type oid, pgsnake value)
    ("hashint4(1)", 23, 1), ("hashint4(-1)", 23, -1), ("hashint4(2147483647)", 23, 2147483647),
    ("hashint2((-3)::int2)", 21, -3), ("hashint8(5)", 20, 5), ("hashint8(-5)", 20, -5),
    ("hashint8(5000000000)", 20, 5000000000), ("hashoid(5)", 26, 5),
    ("hashtext('')", 25, ""), ("hashtext('abc')", 25, "abc"),
    ("hashtext('grüße, a text longer than twelve bytes')", 25,
     "grüße, a text longer than twelve bytes"),
    ("hashname('abc')", 19, "abc"), ("hashbpchar('ab  ')", 1042, "ab  "),
    ("hashchar('a')", 18, "a"), ("hashfloat8(1.5)", 701, 1.5), ("hashfloat8(-0.0)", 701, -0.0),
    ("hashfloat8('nan')", 701, float("nan")), ("hashfloat8(1e300)", 701, 1e300),
    ("hashfloat4(1.5)", 700, 1.5),
    ("hashint4('2020-01-02'::date - '2000-01-01'::date)", 1082, datetime.date(2020, 1, 2)),
    ("timestamp_hash('2020-01-02 03:04:05')", 1114, datetime.datetime(2020, 1, 2, 3, 4, 5)),
    ("uuid_hash('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')", 2950,
     uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
]


def _signed(code: int) -> int:
    return code - (1 << 32) if code >= 1 << 31 else code


def test_hash_codes_are_postgresqls(oracle):
    calls = ", ".join(call for call, _type, _value in CASES)
    with oracle.connect() as conn:
        expected = list(conn.execute(f"SELECT {calls}").fetchone())
    got = [_signed(hash_functions.support_function(type_oid)(value))
           for _call, type_oid, value in CASES]
    assert got == expected


@pytest.mark.parametrize("type_oid", sorted(hash_functions._SUPPORT))
def test_support_procedures_are_the_catalogs(type_oid):
    oid, name = hash_functions.support_procedure(type_oid)
    columns = pg_proc_rows.COLUMNS
    row = next(r for r in pg_proc_rows.ROWS if r[0] == oid)
    assert row[columns.index("proname")] == name
