"""The record image operators *=, *<>, *<, *<=, *>, *>= (record_image_eq ...): rows
compared by the stored bytes of their columns instead of by each type's equality and
ordering, so numeric 1.0 and 1.00, or text equal under a collation but spelled
differently, are different rows (materialized views' REFRESH ... CONCURRENTLY relies
on it).

Per column, both NULL are equal and NULL sorts after any value; a pass-by-value column
compares as PostgreSQL's Datum, an unsigned machine word (so a negative integer sorts
after the positive ones); a fixed-length one by its bytes; a variable-length one by its
bytes (the shorter first when one is a prefix of the other). Rows must have the same
number of columns and the same column types (42804, as record_eq).

Entry point: register(register_operator) (datatypes/operators.py calls it).
PostgreSQL: utils/adt/rowtypes.c (record_image_cmp, record_image_eq).
"""
from __future__ import annotations

from pgsnake.datatypes import registry
from pgsnake.utils.errors import PgError

RECORD, BOOL = 2249, 16
_WORD = 1 << 64
_UNSIGNED = frozenset((26, 28, 29, 24, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089,
                       4096, 4191))       # oid, xid, cid and the reg* types


def _column_key(value, type_oid: int):
    info = registry.get_type(type_oid)
    data = info.pack(value)
    if info.typbyval:
        # the Datum: sign-extended from the type's width, but for the unsigned OID types
        return int.from_bytes(bytes(data), "little", signed=type_oid not in _UNSIGNED) \
            % _WORD
    return bytes(data)


def _keys(left, right) -> tuple[list, list]:
    left_values, right_values = list(left.values), list(right.values)
    left_types, right_types = list(left.type_oids), list(right.type_oids)
    if len(left_values) != len(right_values):
        raise PgError("42804", "cannot compare record types with different numbers of "
                               "columns")
    for index, (a, b) in enumerate(zip(left_types, right_types), start=1):
        if a != b:
            raise PgError("42804", f"cannot compare dissimilar column types "
                                   f"{registry.format_type(a)} and {registry.format_type(b)} "
                                   f"at record column {index}")
    return ([(v is None, None if v is None else _column_key(v, t))
             for v, t in zip(left_values, left_types)],
            [(v is None, None if v is None else _column_key(v, t))
             for v, t in zip(right_values, right_types)])


def _compare(left, right) -> int:
    a, b = _keys(left, right)
    for (a_null, a_key), (b_null, b_key) in zip(a, b):
        if a_null or b_null:
            if a_null != b_null:
                return 1 if a_null else -1
            continue
        if a_key != b_key:
            return -1 if a_key < b_key else 1
    return 0


_OPERATORS = ((3188, "*=", lambda c: c == 0), (3189, "*<>", lambda c: c != 0),
              (3190, "*<", lambda c: c < 0), (3192, "*<=", lambda c: c <= 0),
              (3191, "*>", lambda c: c > 0), (3193, "*>=", lambda c: c >= 0))


def register(register_operator) -> None:
    for oid, name, test in _OPERATORS:
        register_operator(oid, name, RECORD, RECORD, BOOL,
                          lambda a, b, _test=test: _test(_compare(a, b)))
