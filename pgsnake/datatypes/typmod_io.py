"""The types' typmod input and output functions as values: numerictypmodin(cstring[]) ->
integer, varchartypmodout(integer) -> cstring, ... (pg_type.typmodin / typmodout).

typmod_input(oid, items) reads the modifier list a type name carries (`numeric(10,2)`
gives ['10', '2']) as the typmodin function receives it: a one-dimensional array of
cstrings without NULLs, each an integer; the type's own rules (registry.
typmod_from_modifiers, the same the parser applies to a type name) make the typmod.
typmod_output(oid, typmod) is the text format_type appends to the type's name: '(10,2)',
'(3) with time zone', ' day to second(3)', or '' where the typmod says nothing.

Entry points: TYPMOD_TYPES (type oid -> its typmodin and typmodout names),
typmod_input(oid, items), typmod_output(oid, typmod).

PostgreSQL: the *typmodin / *typmodout functions of utils/adt (varchar.c, numeric.c,
date.c, timestamp.c, varbit.c) and ArrayGetIntegerTypmods (arrayutils.c).
"""
from __future__ import annotations

from pgsnake.datatypes import datetime_types as dtt, integers, numeric
from pgsnake.utils.errors import PgError, ARRAY_SUBSCRIPT_ERROR, NULL_VALUE_NOT_ALLOWED

BPCHAR, VARCHAR, NUMERIC = 1042, 1043, 1700
DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ, BIT, VARBIT = \
    1082, 1083, 1114, 1184, 1186, 1266, 1560, 1562
INT4 = 23

TYPMOD_TYPES = {
    BPCHAR: ("bpchartypmodin", "bpchartypmodout"),
    VARCHAR: ("varchartypmodin", "varchartypmodout"),
    NUMERIC: ("numerictypmodin", "numerictypmodout"),
    TIME: ("timetypmodin", "timetypmodout"),
    TIMETZ: ("timetztypmodin", "timetztypmodout"),
    TIMESTAMP: ("timestamptypmodin", "timestamptypmodout"),
    TIMESTAMPTZ: ("timestamptztypmodin", "timestamptztypmodout"),
    INTERVAL: ("intervaltypmodin", "intervaltypmodout"),
    BIT: ("bittypmodin", "bittypmodout"),
    VARBIT: ("varbittypmodin", "varbittypmodout"),
}


def _integers(items) -> list[int]:
    """ArrayGetIntegerTypmods: a flat, NULL-free array of integer texts."""
    if not isinstance(items, list) or not items or any(isinstance(i, list) for i in items):
        raise PgError(ARRAY_SUBSCRIPT_ERROR, "typmod array must be one-dimensional")
    if any(item is None for item in items):
        raise PgError(NULL_VALUE_NOT_ALLOWED, "typmod array must not contain nulls")
    return [integers.make_integer_io(INT4)[0](item) for item in items]


def typmod_input(oid: int, items) -> int:
    from pgsnake.datatypes import registry
    return registry.typmod_from_modifiers(oid, _integers(items))


def typmod_output(oid: int, typmod: int) -> str:
    if oid in (BPCHAR, VARCHAR):
        return f"({typmod - 4})" if typmod > 4 else ""
    if oid == NUMERIC:
        if typmod < 4:
            return ""
        return "(%d,%d)" % numeric.typmod_precision_scale(typmod)
    if oid in (TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ):
        zone = " with time zone" if oid in (TIMETZ, TIMESTAMPTZ) else " without time zone"
        return (f"({typmod})" if typmod >= 0 else "") + zone
    if oid == INTERVAL:
        return dtt.interval_typmod_suffix(typmod)
    return f"({typmod})" if typmod >= 0 else ""      # bit, bit varying
