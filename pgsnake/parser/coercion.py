"""Type coercion during analysis: unknown literals, $n parameters, implicit/assignment/
explicit casts, and typmod (length) coercion.

Entry points:
    coerce_to_type(ctx, expr, target_type, target_typmod, context, location) -> expr | None
    coerce_or_error(ctx, expr, target_type, target_typmod, context, location, what) -> expr
    coerce_to_boolean(ctx, expr, construct, location) -> expr
    resolve_unknown_to_text(ctx, expr) -> expr
    type_display_name(oid, typmod=-1) -> 'integer', 'character varying(3)', ...

An unknown literal ('abc') is converted at analysis time by the target type's input
function, exactly when PostgreSQL would: its text is never cast at run time. A parameter
whose type the client left as 0 takes the first type its context demands (`id = $1` makes
$1 an int4), recorded in ctx.param_types.

PostgreSQL: parser/parse_coerce.c (coerce_to_target_type, coerce_type, coerce_to_boolean),
parser/parse_param.c (variable_coerce_param_hook).
"""
from __future__ import annotations

import dataclasses

from pgsnake.datatypes import arrays, casts, registry, type_coercion, user_type_facts
from pgsnake.parser import composite_expressions, domain_coercion
from pgsnake.parser.expression_nodes import CoerceExpr, Const, Param, RowExpr, children
from pgsnake.utils.errors import CANNOT_COERCE, DATATYPE_MISMATCH, PgError

UNKNOWN_OID = 705
TEXT_OID = 25
BOOL_OID = 16
INTERVAL_OID = 1186
FIRST_USER_OID = user_type_facts.FIRST_CATALOG_TYPE_OID     # types the catalogs describe
# any, anyarray, anyelement, anynonarray, anyenum, anycompatible(+array/nonarray)
POLYMORPHIC_TYPES = frozenset({2276, 2277, 2283, 2776, 3500, 5077, 5078, 5079})
ARRAY_POLYMORPHIC_TYPES = frozenset({2277, 5078})      # anyarray, anycompatiblearray
VECTOR_TYPES = frozenset({22, 30})                     # int2vector, oidvector


def _vector_as_array(value, _typmod=-1):
    return arrays.vector_as_array(value)


def type_display_name(oid: int, typmod: int = -1) -> str:
    return registry.format_type(oid, typmod)


def _is_unknown(expr) -> bool:
    return expr.type_oid in (UNKNOWN_OID, 0)


def coerce_to_type(ctx, expr, target_type: int, target_typmod: int, context: str,
                   location: int | None = None):
    """Return `expr` converted to target_type (and typmod), or None if no cast exists in
    this context. Errors from a literal's input function propagate with its position."""
    source = expr.type_oid
    if type(expr).__name__ == "CollateExpr" and source != target_type:
        # coerce_type: the COLLATE'd value is coerced beneath its collation (an unknown
        # literal reads as the target type), the COLLATE kept on top
        inner = coerce_to_type(ctx, expr.arg, target_type, target_typmod, context, location)
        if inner is None:
            return None
        return dataclasses.replace(expr, arg=inner, type_oid=inner.type_oid)
    if target_type >= FIRST_USER_OID and source != target_type \
            and user_type_facts.domain_base(target_type) is not None:
        return domain_coercion.coerce_to_domain(ctx, expr, target_type, context, location,
                                                coerce_to_type)
    if isinstance(expr, RowExpr) and source != target_type \
            and user_type_facts.described_by_catalogs(target_type) \
            and type_coercion.row_conversion(source, target_type) is None:
        row = composite_expressions.coerce_row(ctx, expr, target_type, context, location,
                                               coerce_to_type)
        if row is not None:
            return row
    if target_type in POLYMORPHIC_TYPES:
        # "any"/anyelement arguments accept their input as is (unknown literals as text).
        if context == "explicit" and isinstance(expr, Const) and expr.value is None \
                and source == UNKNOWN_OID:
            return Const(target_type, None, -1, expr.location)   # NULL::anyarray (pg_stats)
        if source in (UNKNOWN_OID, 0):
            return coerce_to_type(ctx, expr, TEXT_OID, -1, context, location)
        if source in VECTOR_TYPES and target_type in ARRAY_POLYMORPHIC_TYPES:
            # An int2vector / oidvector is an array whose subscripts start at 0: array
            # functions see that bound (generate_subscripts(indkey, 1) counts from 0).
            return CoerceExpr(expr, _vector_as_array, source, -1, False)
        return expr
    if isinstance(expr, Const) and source == UNKNOWN_OID:
        if target_type in (UNKNOWN_OID, 0):
            return expr
        if expr.value is None:
            return Const(target_type, None, target_typmod, expr.location)
        try:
            # interval's input reads bare numbers in the units its typmod names
            # ('1'::interval year), so it alone gets the typmod, as in PostgreSQL
            value = registry.get_type(target_type).input(
                expr.value, target_typmod if target_type == INTERVAL_OID else -1)
        except PgError as err:
            # Input errors point at the literal itself, as PostgreSQL's parser callback does.
            if err.position is None:
                err.position = ctx.position(expr.location) if expr.location >= 0 else location
            raise
        if target_typmod >= 0:
            # The length/precision check is a separate step with no position (varchar()).
            value = registry.apply_typmod(target_type, value, target_typmod, context == "explicit")
        return Const(target_type, value, target_typmod, expr.location)
    if isinstance(expr, Param) and source in (UNKNOWN_OID, 0):
        if target_type in (UNKNOWN_OID, 0):
            return expr
        ctx.set_param_type(expr.number, target_type)
        param = Param(expr.number, target_type)
        if target_typmod >= 0:
            return _typmod_coercion(param, target_type, target_typmod, context)
        return param
    if target_type == composite_expressions.RECORD_OID and source != target_type \
            and casts.category(source) == "C" and user_type_facts.domain_base(source) is None:
        return expr         # a composite value is a record as it is (coerce_type)
    if source == target_type:
        if target_typmod >= 0 and target_typmod != getattr(expr, "typmod", -1):
            return _typmod_coercion(expr, target_type, target_typmod, context)
        return expr
    # A non-constant unknown (a column of INSERT ... SELECT's unresolved output) goes
    # through the target type's input function at run time, in any context (CoerceViaIO).
    fn = casts.find_cast(source, target_type, context)
    if fn is None:
        return None
    if isinstance(expr, Const):
        # Fold casts of constants now, as the planner's eval_const_expressions would:
        # `LIMIT 3` is then an int8 constant and `c = 2` shows as '2'::numeric in EXPLAIN.
        value = None if expr.value is None else fn(expr.value, target_typmod)
        if value is not None and target_typmod >= 0:
            value = registry.apply_typmod(target_type, value, target_typmod, context == "explicit")
        return Const(target_type, value, target_typmod, expr.location)
    return CoerceExpr(expr, fn, target_type, target_typmod, context == "explicit")


def _typmod_coercion(expr, type_oid: int, typmod: int, context: str):
    explicit = context == "explicit"

    def apply(value, mod, _t=type_oid, _e=explicit):
        return registry.apply_typmod(_t, value, mod, _e)
    return CoerceExpr(expr, apply, type_oid, typmod, explicit)


def coerce_or_error(ctx, expr, target_type: int, target_typmod: int, context: str,
                    location: int | None, column_name: str | None = None):
    """Like coerce_to_type, but raise PostgreSQL's error when no cast exists."""
    result = coerce_to_type(ctx, expr, target_type, target_typmod, context, location)
    if result is not None:
        return result
    src = type_display_name(expr.type_oid)
    dst = type_display_name(target_type)
    if context == "explicit":
        raise PgError(CANNOT_COERCE, f"cannot cast type {src} to {dst}", position=location)
    if column_name is not None:
        raise PgError(DATATYPE_MISMATCH,
                      f'column "{column_name}" is of type {dst} but expression is of type {src}',
                      hint="You will need to rewrite or cast the expression.", position=location)
    raise PgError(DATATYPE_MISMATCH, f"cannot cast type {src} to {dst}", position=location)


def expression_returns_set(expr) -> bool:
    """expression_returns_set: a set-returning function anywhere outside subqueries."""
    if getattr(expr, "returns_set", False):
        return True
    return any(expression_returns_set(child) for child in children(expr))


def coerce_to_boolean(ctx, expr, construct: str, location: int | None):
    """WHERE / HAVING / ON / AND / OR / NOT arguments must be boolean (42804)."""
    if expression_returns_set(expr):
        raise PgError(DATATYPE_MISMATCH, f"argument of {construct} must not return a set",
                      position=location)
    if expr.type_oid == BOOL_OID:
        return expr
    result = None
    if _is_unknown(expr):
        result = coerce_to_type(ctx, expr, BOOL_OID, -1, "implicit", location)
    if result is None:
        raise PgError(DATATYPE_MISMATCH,
                      f"argument of {construct} must be type boolean, not type "
                      f"{type_display_name(expr.type_oid)}", position=location)
    return result


def resolve_unknown_to_text(ctx, expr):
    """Output columns of type unknown become text (PostgreSQL 10+), and so do parameters
    whose type the client left unspecified (`SELECT $1` sent with type 0: its $1 is text,
    as PostgreSQL's resolveTargetListUnknowns makes it)."""
    if expr.type_oid == UNKNOWN_OID or (isinstance(expr, Param) and expr.type_oid == 0):
        return coerce_to_type(ctx, expr, TEXT_OID, -1, "implicit")
    return expr
