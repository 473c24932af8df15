"""jsonb subscripts in analysis: j['a'][1] and SET j['a'][1] = v.

Entry points (called from array_expressions when the container is jsonb):
    transform_fetch(pstate, arg, indirection, location) -> SubscriptExpr of type jsonb
    transform_assignment(pstate, current, indirection, value, coerce, location)
        -> SubscriptAssign of type jsonb

Rules, as PostgreSQL's jsonb_subscript_transform applies them:
 1. No slices: 42804 "jsonb subscript does not support slices" at the bound.
 2. Each subscript becomes int4 or text: an unknown literal is text; another type must
    coerce implicitly to exactly one of the two, else 42804 "subscript type T is not
    supported" (with the hint saying why).
 3. A fetch is jsonb; an assigned value is coerced to jsonb as an assignment.
The run-time semantics are datatypes/jsonb_subscripts.py's; the executor picks them by
the SubscriptExpr's container type (jsonb) and the SubscriptAssign's type.

PostgreSQL: utils/adt/jsonbsubs.c (jsonb_subscript_transform).
"""
from __future__ import annotations

from pgsnake.datatypes import casts, registry
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.parser.expression_nodes import SubscriptAssign, SubscriptExpr
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

JSONB_OID, INT4_OID, TEXT_OID = 3802, 23, 25


def _transform(pstate, node):
    from pgsnake.parser.transform_expression import transform_expression
    return transform_expression(pstate, node)


def _location_of(pstate, node):
    from pgsnake.parser.transform_expression import leftmost_location
    return pstate.position(leftmost_location(node))


def _subscripts(pstate, indirection: list) -> tuple:
    indices = [step["A_Indices"] for step in indirection]
    if any(i.get("is_slice") for i in indices):
        for index in indices:
            if index.get("is_slice"):
                bound = index.get("uidx") or index.get("lidx")
                raise PgError(DATATYPE_MISMATCH, "jsonb subscript does not support slices",
                              position=_location_of(pstate, bound) if bound else None)
    return tuple(_subscript(pstate, index["uidx"]) for index in indices)


def _subscript(pstate, node):
    expr = _transform(pstate, node)
    location = _location_of(pstate, node)
    source = expr.type_oid
    if source in (0, UNKNOWN_OID):
        target = TEXT_OID
    else:
        fits = [t for t in (INT4_OID, TEXT_OID)
                if t == source or casts.find_cast(source, t, "implicit") is not None]
        if len(fits) != 1:
            hint = ("jsonb subscript must be coercible to only one type, integer or text."
                    if fits else "jsonb subscript must be coercible to either integer or text.")
            raise PgError(DATATYPE_MISMATCH, f"subscript type {registry.format_type(source)} "
                          f"is not supported", hint=hint, position=location)
        target = fits[0]
    return coerce_or_error(pstate, expr, target, -1, "implicit", location)


def transform_fetch(pstate, arg, indirection: list):
    upper = _subscripts(pstate, indirection)
    return SubscriptExpr(arg, upper, (None,) * len(upper), False, JSONB_OID)


def transform_assignment(pstate, current, indirection: list, value, coerce):
    upper = _subscripts(pstate, indirection)
    value = coerce(value, JSONB_OID, -1)
    return SubscriptAssign((current, value), upper, (None,) * len(upper), False, JSONB_OID)
