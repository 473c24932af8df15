"""Subscripts of the geometric types PostgreSQL treats as fixed-length arrays: point[0]
is x and point[1] y (float8), lseg[i] and box[i] a point (box[0] the upper right
corner, as stored), line[i] a coefficient of Ax + By + C = 0.

Reading: one subscript, counted from 0; out of range, NULL or more than one subscript
gives NULL; a slice is refused (0A000 "slices of fixed-length arrays not
implemented"). Assigning (UPDATE SET p[0] = v, INSERT INTO t (p[1])): a NULL value or
NULL subscript leaves the value as it was, a NULL value of the type stays NULL, an
index out of range is 2202E "array subscript out of range".

Entry points: is_fixed_length(type_oid); transform_fetch(pstate, arg, indirection,
subscript) -> FixedSubscript; transform_assignment(current, value, indirection,
subscript, type_oid) -> FixedSubscriptAssign; element_type(type_oid); fetch / assign
on values. The executor's builders for both nodes: executor/fixed_length_subscripts.py.

PostgreSQL: utils/adt/arraysubs.c (the raw_array_subscript_handler of point, lseg,
box, line: array_subscript_fetch / assign with a positive typlen), arrayfuncs.c
(array_get_element, array_set_element for fixed-length arrays).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

FLOAT8, POINT, LSEG, BOX, LINE = 701, 600, 601, 603, 628
# type -> (element type, number of elements)
FIXED = {POINT: (FLOAT8, 2), LSEG: (POINT, 2), BOX: (POINT, 2), LINE: (FLOAT8, 3)}


@dataclasses.dataclass(frozen=True, slots=True)
class FixedSubscript:
    """arg[i] of a fixed-length array type; `args` is (arg, subscript, ...)."""
    args: tuple
    container_type: int
    type_oid: int


@dataclasses.dataclass(frozen=True, slots=True)
class FixedSubscriptAssign:
    """current with element [i] replaced by value; `args` is (current, value, i)."""
    args: tuple
    type_oid: int
    typmod: int = -1


def is_fixed_length(type_oid: int) -> bool:
    return type_oid in FIXED


def element_type(type_oid: int) -> int:
    return FIXED[type_oid][0]


def _refuse_slices(indirection: list) -> None:
    if any(step["A_Indices"].get("is_slice") for step in indirection):
        raise PgError(FEATURE_NOT_SUPPORTED, "slices of fixed-length arrays not implemented")


def transform_fetch(pstate, arg, indirection: list, subscript) -> FixedSubscript:
    """`subscript(pstate, raw)` analyses one subscript as int4 (array_expressions)."""
    _refuse_slices(indirection)
    subscripts = tuple(subscript(pstate, step["A_Indices"].get("uidx")) for step in indirection)
    return FixedSubscript((arg,) + subscripts, arg.type_oid, element_type(arg.type_oid))


def transform_assignment(pstate, current, value, indirection: list, subscript,
                         type_oid: int) -> FixedSubscriptAssign:
    _refuse_slices(indirection)
    subscripts = tuple(subscript(pstate, step["A_Indices"].get("uidx")) for step in indirection)
    return FixedSubscriptAssign((current, value) + subscripts, type_oid)


# -- values (used by the executor) -------------------------------------------------------------

def fetch(type_oid: int, value: Any, index: int):
    if not 0 <= index < FIXED[type_oid][1]:
        return None
    if type_oid == BOX:                       # stored flat: (high x, high y, low x, low y)
        return (value[2 * index], value[2 * index + 1])
    return value[index]


def assign(type_oid: int, value: Any, index: int, element: Any):
    if not 0 <= index < FIXED[type_oid][1]:
        raise PgError("2202E", "array subscript out of range")
    items = list(value)
    if type_oid == BOX:
        items[2 * index:2 * index + 2] = list(element)
    else:
        items[index] = element
    return tuple(items)
