"""information_schema's helper functions (_pg_expandarray, _pg_char_max_length, ...),
built in: their pg_proc rows come from initdb (catalog/information_schema.py) with
PostgreSQL 15's OIDs, their implementations are here, and only a call that names the
schema (information_schema._pg_expandarray(...)) finds them, as in PostgreSQL, whose
search path does not hold information_schema.

PostgreSQL defines them in SQL (LANGUAGE sql, some polymorphic); pgsnake's SQL functions
cannot be polymorphic, and a Python body costs less on every row of the views that call
them. PROSRC gives each one a body in SQL for pg_proc.prosrc (what \\sf shows), written
for pgsnake.

Entry points: register_all() (catalog/sql_functions.py), PROSRC (oid -> SQL text).

PostgreSQL: catalog/information_schema.sql (the functions' definitions).
"""
from __future__ import annotations

from pgsnake.datatypes import functions

SCHEMA = "information_schema"
OID, INT2, INT4, TEXT, RECORD, ANYARRAY = 26, 21, 23, 25, 2249, 2277
PG_ATTRIBUTE_ROW, PG_TYPE_ROW = 75, 71
BPCHAR, VARCHAR, BIT, VARBIT = 1042, 1043, 1560, 1562
DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ = 1082, 1083, 1114, 1184, 1186, 1266
NUMERIC, FLOAT4, FLOAT8, INT8 = 1700, 700, 701, 20
UTF8_MAX_CHAR_LENGTH = 4      # pg_encoding_max_length of the only server encoding


def char_max_length(typid: int, typmod: int) -> int | None:
    if typmod == -1:
        return None
    if typid in (BPCHAR, VARCHAR):
        return typmod - 4
    if typid in (BIT, VARBIT):
        return typmod
    return None


def char_octet_length(typid: int, typmod: int) -> int | None:
    if typid not in (TEXT, BPCHAR, VARCHAR):
        return None
    if typmod == -1:
        return 1 << 30
    return (typmod - 4) * UTF8_MAX_CHAR_LENGTH


def numeric_precision(typid: int, typmod: int) -> int | None:
    if typid == NUMERIC:
        return None if typmod == -1 else ((typmod - 4) >> 16) & 0xFFFF
    return {INT2: 16, INT4: 32, INT8: 64, FLOAT4: 24, FLOAT8: 53}.get(typid)


def numeric_precision_radix(typid: int, typmod: int) -> int | None:
    if typid in (INT2, INT4, INT8, FLOAT4, FLOAT8):
        return 2
    return 10 if typid == NUMERIC else None


def numeric_scale(typid: int, typmod: int) -> int | None:
    if typid in (INT2, INT4, INT8):
        return 0
    if typid == NUMERIC:
        return None if typmod == -1 else (typmod - 4) & 0xFFFF
    return None


def datetime_precision(typid: int, typmod: int) -> int | None:
    if typid == DATE:
        return 0
    if typid in (TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ):
        return 6 if typmod < 0 else typmod
    if typid == INTERVAL:
        return 6 if typmod < 0 or typmod & 0xFFFF == 0xFFFF else typmod & 0xFFFF
    return None


def interval_type(typid: int, typmod: int) -> str | None:
    """The fields of an interval type ('YEAR TO MONTH'), as format_type prints them."""
    if typid != INTERVAL:
        return None
    from pgsnake.datatypes import registry
    text = registry.format_type(typid, typmod)
    fields = text[len("interval"):].strip()
    if fields.startswith("("):
        fields = fields[fields.index(")") + 1:].strip()
    fields = fields.split("(")[0].strip()
    return fields.upper() or None


class ExpandArray:
    """_pg_expandarray bound to one array type: one (element, position from 1) row per
    element. `out_columns` types its result columns (x has the array's element type),
    which functions.out_columns_of reads from the call's implementation."""

    def __init__(self, element_type: int):
        self.out_columns = (("x", element_type), ("n", INT4))

    def __call__(self, values):
        for position, value in enumerate(values or (), start=1):
            yield value, position


def index_position(index_oid: int, column: int) -> int | None:
    """The position (from 1) of table column `column` among index `index_oid`'s keys."""
    from pgsnake.catalog import catalog_cache as cc
    row = cc.index_row(index_oid)
    if row is None:
        return None
    keys = list(row.indkey or ())[:row.indnkeyatts]
    return keys.index(column) + 1 if column in keys else None


def _field(record, catalog: str, column: str):
    from pgsnake.catalog import definitions as d
    return record.values[d.catalog(catalog).attnum(column) - 1]


def truetypid(attribute, type_row) -> int:
    """A column's type, or its domain's base type."""
    if _field(type_row, "pg_type", "typtype") == "d":
        return _field(type_row, "pg_type", "typbasetype")
    return _field(attribute, "pg_attribute", "atttypid")


def truetypmod(attribute, type_row) -> int:
    if _field(type_row, "pg_type", "typtype") == "d":
        return _field(type_row, "pg_type", "typtypmod")
    return _field(attribute, "pg_attribute", "atttypmod")


# oid -> (name, argument types, result type, implementation, volatility)
_SCALAR = {
    13209: ("_pg_index_position", (OID, INT2), INT4, index_position, "s"),
    13210: ("_pg_truetypid", (PG_ATTRIBUTE_ROW, PG_TYPE_ROW), OID, truetypid, "i"),
    13211: ("_pg_truetypmod", (PG_ATTRIBUTE_ROW, PG_TYPE_ROW), INT4, truetypmod, "i"),
    13212: ("_pg_char_max_length", (OID, INT4), INT4, char_max_length, "i"),
    13213: ("_pg_char_octet_length", (OID, INT4), INT4, char_octet_length, "i"),
    13215: ("_pg_numeric_precision", (OID, INT4), INT4, numeric_precision, "i"),
    13216: ("_pg_numeric_precision_radix", (OID, INT4), INT4, numeric_precision_radix, "i"),
    13217: ("_pg_numeric_scale", (OID, INT4), INT4, numeric_scale, "i"),
    13218: ("_pg_datetime_precision", (OID, INT4), INT4, datetime_precision, "i"),
    13219: ("_pg_interval_type", (OID, INT4), TEXT, interval_type, "i"),
}
EXPANDARRAY_OID = 13208

# pg_proc.prosrc of each (pgsnake's own SQL for what the Python above computes)
_TYPMOD_CASES = {
    13212: "SELECT CASE WHEN $2 = -1 THEN NULL WHEN $1 IN (1042, 1043) THEN $2 - 4 "
           "WHEN $1 IN (1560, 1562) THEN $2 END",
    13213: "SELECT CASE WHEN $1 NOT IN (25, 1042, 1043) THEN NULL WHEN $2 = -1 "
           "THEN 1073741824 ELSE ($2 - 4) * 4 END",
    13215: "SELECT CASE $1 WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 "
           "WHEN 701 THEN 53 WHEN 1700 THEN CASE WHEN $2 <> -1 "
           "THEN (($2 - 4) >> 16) & 65535 END END",
    13216: "SELECT CASE WHEN $1 IN (20, 21, 23, 700, 701) THEN 2 WHEN $1 = 1700 THEN 10 END",
    13217: "SELECT CASE WHEN $1 IN (20, 21, 23) THEN 0 WHEN $1 = 1700 AND $2 <> -1 "
           "THEN ($2 - 4) & 65535 END",
    13218: "SELECT CASE WHEN $1 = 1082 THEN 0 WHEN $1 IN (1083, 1114, 1184, 1266) "
           "THEN CASE WHEN $2 < 0 THEN 6 ELSE $2 END WHEN $1 = 1186 "
           "THEN CASE WHEN $2 < 0 OR $2 & 65535 = 65535 THEN 6 ELSE $2 & 65535 END END",
    13219: "SELECT CASE WHEN $1 = 1186 THEN upper(nullif(btrim(regexp_replace("
           "format_type($1, $2), '^interval(\\(\\d+\\))?|\\(\\d+\\)', '', 'g')), '')) END",
}
PROSRC = {
    EXPANDARRAY_OID: "SELECT $1[s], s - array_lower($1, 1) + 1 "
                     "FROM generate_series(array_lower($1, 1), array_upper($1, 1)) AS g(s)",
    13209: "SELECT (SELECT k.n FROM pg_catalog.pg_index i, "
           "information_schema._pg_expandarray(i.indkey) AS k "
           "WHERE i.indexrelid = $1 AND k.x = $2)",
    13210: "SELECT CASE WHEN $2.typtype = 'd' THEN $2.typbasetype ELSE $1.atttypid END",
    13211: "SELECT CASE WHEN $2.typtype = 'd' THEN $2.typtypmod ELSE $1.atttypmod END",
    **_TYPMOD_CASES,
}


def _resolve(name: str, arg_types: list[int]):
    if name == "_pg_expandarray" and len(arg_types) == 1:
        element = _array_element(arg_types[0])
        if element is None:
            return None
        implementation = ExpandArray(element)
        return functions.Function(EXPANDARRAY_OID, name, (arg_types[0],), RECORD,
                                  implementation, True, "i", False, True,
                                  implementation.out_columns, 1000.0)
    for function in _FUNCTIONS:
        if function.name == name and len(function.arg_types) == len(arg_types):
            from pgsnake.datatypes.type_coercion import select_candidate
            if select_candidate([function], arg_types) is function:
                return function
    return None


def _array_element(type_oid: int) -> int | None:
    from pgsnake.datatypes import type_coercion
    return type_coercion.array_element(type_oid) or None


_FUNCTIONS = [functions.Function(oid, name, args, result, fn, True, volatility)
              for oid, (name, args, result, fn, volatility) in _SCALAR.items()]


def register_all() -> None:
    functions.register_schema_resolver(SCHEMA, _resolve, _FUNCTIONS)
    register_nameconcatoid()


def nameconcatoid(name: str, oid: int) -> str:
    """name || '_' || oid, the name clipped (by whole characters) so the result fits in
    a name (63 bytes): information_schema's specific_name."""
    suffix = f"_{oid}"
    room = 63 - len(suffix)
    while len(name.encode()) > room:
        name = name[:-1]
    return name + suffix


def register_nameconcatoid() -> None:
    functions.register("nameconcatoid", [19, OID], 19, nameconcatoid, oid=266, volatility="i")
