"""The built-in range types' support functions called by name: the subtype_diff
functions (int4range_subdiff, ..., tstzrange_subdiff: the float8 distance the GiST
penalty uses) and the canonical functions (int4range_canonical, int8range_canonical,
daterange_canonical).

subtype_diff works on PostgreSQL's internal values: a timestamp's microseconds since
2000-01-01 and a date's days since then, infinities as the extreme integers, so
`tsrange_subdiff('infinity', ...)` is PostgreSQL's large finite number; numrange's
difference goes through float8 input (22003 past its range). A range value of a
discrete type is always canonical in pgsnake (range input and constructors canonicalize
it), so the canonical functions return their argument.

Entry point: register_sql_functions() (from catalog/sql_functions.py).

PostgreSQL: utils/adt/rangetypes.c (int4range_subdiff ... tstzrange_subdiff,
int4range_canonical, int8range_canonical, daterange_canonical).
"""
from __future__ import annotations

from pgsnake.datatypes import numeric

INT4, INT8, NUMERIC, DATE, TIMESTAMP, TIMESTAMPTZ, FLOAT8 = 23, 20, 1700, 1082, 1114, \
    1184, 701
INT4RANGE, INT8RANGE, DATERANGE = 3904, 3926, 3912
USECS_PER_SEC = 1_000_000


def _internal(type_oid: int):
    """The value as PostgreSQL holds it (its binary send form read as a signed integer);
    the type is looked up at the call (registration runs before every type exists)."""
    from pgsnake.datatypes import registry
    return lambda value: int.from_bytes(bytes(registry.get_type(type_oid).send(value)),
                                        "big", signed=True)


def _timestamp_diff(type_oid: int):
    internal = _internal(type_oid)
    return lambda a, b: (internal(a) - internal(b)) / USECS_PER_SEC


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    date_internal = _internal(DATE)
    for oid, name, arg_type, fn in (
            (3922, "int4range_subdiff", INT4, lambda a, b: float(a - b)),
            (3923, "int8range_subdiff", INT8, lambda a, b: float(a - b)),
            (3924, "numrange_subdiff", NUMERIC,
             lambda a, b: numeric.numeric_to_float(a - b)),
            (3925, "daterange_subdiff", DATE,
             lambda a, b: float(date_internal(a) - date_internal(b))),
            (3929, "tsrange_subdiff", TIMESTAMP, _timestamp_diff(TIMESTAMP)),
            (3930, "tstzrange_subdiff", TIMESTAMPTZ, _timestamp_diff(TIMESTAMPTZ))):
        functions.register(name, [arg_type, arg_type], FLOAT8, fn, oid=oid, volatility="i")
    for oid, name, range_type in ((3914, "int4range_canonical", INT4RANGE),
                                  (3928, "int8range_canonical", INT8RANGE),
                                  (3915, "daterange_canonical", DATERANGE)):
        functions.register(name, [range_type], range_type, lambda r: r, oid=oid,
                           volatility="i")
