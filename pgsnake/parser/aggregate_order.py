"""Aggregate calls with an input order: `agg(args ORDER BY keys)` and ordered-set
aggregates `agg(direct args) WITHIN GROUP (ORDER BY keys)`.

Entry points:
    add_input_order(pstate, body, aggref, position, written_args) -> Aggref
        the ORDER BY keys appended to the call's arguments, the aggregate wrapped so that
        it sees its rows in that order (datatypes/ordered_aggregates.with_input_order)
    transform_within_group(pstate, body, name, position) -> Aggref
        percentile_cont, percentile_disc, mode, and the hypothetical-set rank,
        dense_rank, percent_rank, cume_dist; then user-defined ordered-set aggregates
        (pl/user_ordered_set_aggregates.py, through ordered_aggregates' lookup)

Aggref.order_by holds one (descending, nulls_first) per key; the keys are the last
args. With DISTINCT every ORDER BY key must be one of the arguments (42P10), so the
executor's duplicate check over all the values is DISTINCT over the arguments.

PostgreSQL: parser/parse_agg.c (transformAggregateCall: aggorder, aggdistinct, the
ordered-set checks), parser/parse_func.c (WITHIN GROUP checks of ParseFuncOrColumn).
"""
from __future__ import annotations

from pgsnake.datatypes import aggregates, ordered_aggregates, registry
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error, coerce_to_type
from pgsnake.parser.expression_nodes import Aggref, Const
from pgsnake.utils.errors import PgError, UNDEFINED_FUNCTION

GROUPING_ERROR = "42803"
WRONG_OBJECT_TYPE = "42809"
INVALID_COLUMN_REFERENCE = "42P10"


def _sort_keys(pstate, body):
    """(expression, (descending, nulls_first)) per ORDER BY item, errors as ORDER BY's."""
    from pgsnake.parser import operator_classes, sort_using
    from pgsnake.parser.transform_expression import transform_expression
    out = []
    for item in body.get("agg_order", ()):
        sort_by = item["SortBy"]
        node = sort_by["node"]
        expr = transform_expression(pstate, node)
        from pgsnake.parser.transform_expression import leftmost_location
        location = leftmost_location(node)         # exprLocation: a cast's operand
        if expr.type_oid in (0, UNKNOWN_OID):
            expr = coerce_or_error(pstate, expr, 25, -1, "implicit", None)
        descending, nulls_first = sort_using.sort_direction(
            pstate, sort_by, expr.type_oid,
            lambda: operator_classes.require_ordering(expr.type_oid, pstate.position(location)))
        out.append((expr, (descending, nulls_first), location))
    return out


def _refuse_nested(pstate, exprs, position, context=()) -> None:
    from pgsnake.parser import window_clause
    from pgsnake.parser import outer_aggregates
    if outer_aggregates.nested_aggregate(exprs, context) is not None:
        raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                      position=position)
    window_clause.refuse_windows_in_aggregate(pstate, exprs)


def add_input_order(pstate, body, aggref: Aggref, position, written_args=None) -> Aggref:
    """`written_args`: the arguments before their coercion to the aggregate's input
    types, which DISTINCT's ORDER BY keys must be among (as transformAggregateCall
    checks them)."""
    keys = _sort_keys(pstate, body)
    _refuse_nested(pstate, [k for k, _, _ in keys], position, aggref.args)
    if aggref.distinct:
        arguments = aggref.args if written_args is None else list(written_args)
        for expr, _, location in keys:
            if expr not in arguments:
                raise PgError(INVALID_COLUMN_REFERENCE, "in an aggregate with DISTINCT, ORDER BY "
                              "expressions must appear in argument list",
                              position=pstate.position(location))
    flags = tuple(f for _, f, _ in keys)
    wrapped = ordered_aggregates.with_input_order(aggref.aggregate, len(aggref.args), flags)
    return Aggref(aggref.aggregate_name, wrapped, aggref.args + tuple(k for k, _, _ in keys),
                  aggref.type_oid, aggref.star, aggref.distinct, aggref.agg_filter, flags,
                  location=aggref.location)


def _within_group_filter(pstate, body, position):
    from pgsnake.parser.coercion import coerce_to_boolean
    from pgsnake.parser.transform_expression import transform_expression
    if body.get("agg_filter") is None:
        return None
    outer_kind, pstate.expression_kind = pstate.expression_kind, "FILTER"
    try:
        agg_filter = transform_expression(pstate, body["agg_filter"])
    finally:
        pstate.expression_kind = outer_kind
    return coerce_to_boolean(pstate, agg_filter, "FILTER", position)


def _hypothetical_set(pstate, body, name, direct, keys, flags, position) -> Aggref:
    """rank / dense_rank / percent_rank / cume_dist (args) WITHIN GROUP (ORDER BY keys):
    each direct argument and its sort key are coerced to their common type."""
    from pgsnake.parser.transform_expression import resolve_common_type
    coerced_direct, coerced_keys = [], []
    for d, (k, _, _) in zip(direct, keys):
        common = resolve_common_type(pstate, [k, d], "WITHIN GROUP")     # (sort key first)
        coerced_direct.append(coerce_or_error(pstate, d, common, -1, "implicit", position))
        coerced_keys.append(coerce_or_error(pstate, k, common, -1, "implicit", position))
    constants = tuple(e.value for e in coerced_direct) \
        if all(isinstance(e, Const) for e in coerced_direct) else None
    aggregate = ordered_aggregates.hypothetical_set(name, len(direct), flags, constants)
    aggref = Aggref(name, aggregate, tuple(coerced_direct + coerced_keys), aggregate.result_type,
                    False, False, _within_group_filter(pstate, body, position), flags, True)
    return _record(pstate, aggref, position)


def _record(pstate, aggref: Aggref, position) -> Aggref:
    """The ordered-set aggregate in its query level's aggregates (an enclosing one's
    when its arguments use only that level's columns: outer_aggregates.py)."""
    from pgsnake.parser import outer_aggregates
    levels_up = outer_aggregates.aggregate_level(aggref)
    if levels_up:
        return outer_aggregates.register_outer_aggregate(pstate, aggref, levels_up)
    if aggref not in pstate.aggregates:
        pstate.aggregates.append(aggref)
    return aggref


def _user_arguments(pstate, call, direct, keys, position):
    """The arguments of a user-defined ordered-set aggregate's call coerced to its
    declared types; "any" keeps an argument's type (unknown literals become text), and a
    hypothetical-set aggregate's direct argument and its sort key take their common type
    (unify_hypothetical_args)."""
    from pgsnake.parser.transform_expression import resolve_common_type
    any_type = 2276
    direct_out = [None] * len(direct)
    keys_out = [None] * len(keys)
    if call.hypothetical:
        for i, (d, (k, _, _)) in enumerate(zip(direct, keys)):
            if call.direct_types[i] == any_type and call.sorted_types[i] == any_type:
                common = resolve_common_type(pstate, [k, d], "WITHIN GROUP")     # (sort key first)
                direct_out[i] = coerce_or_error(pstate, d, common, -1, "implicit", position)
                keys_out[i] = coerce_or_error(pstate, k, common, -1, "implicit", position)

    def coerced(expr, target):
        if target == any_type:
            target = 25 if expr.type_oid in (0, UNKNOWN_OID) else expr.type_oid
        return coerce_or_error(pstate, expr, target, -1, "implicit", position)
    direct_out = [e if e is not None else coerced(d, t)
                  for e, d, t in zip(direct_out, direct, call.direct_types)]
    keys_out = [e if e is not None else coerced(k, t)
                for e, (k, _, _), t in zip(keys_out, keys, call.sorted_types)]
    return direct_out, keys_out


def _can_cast(pstate):
    def can_cast(source: int, target: int) -> bool:
        return source == target or coerce_to_type(pstate, Const(source, None), target, -1,
                                                  "implicit") is not None
    return can_cast


def refuse_missing_within_group(pstate, name: str, schema, arg_types: list, position) -> None:
    """A call without WITHIN GROUP whose arguments an ordered-set aggregate takes (direct
    and aggregated ones together) is 42809, as ParseFuncOrColumn refuses it once
    func_get_detail has found the aggregate."""
    can_cast = _can_cast(pstate)
    types = [UNKNOWN_OID if t == 0 else t for t in arg_types]
    found = False
    if schema in (None, "pg_catalog"):
        if name in ordered_aggregates.HYPOTHETICAL:
            found = bool(types)
        elif name == "mode":
            found = ordered_aggregates.resolve_ordered_set(name, [], types, ((False, False),),
                                                           can_cast) is not None
        elif ordered_aggregates.is_ordered_set_name(name):
            found = ordered_aggregates.resolve_ordered_set(
                name, types[:1], types[1:], ((False, False),), can_cast) is not None
    if not found:
        found = any(ordered_aggregates.resolve_user_ordered_set(
            name, schema, types[:k], types[k:], None, can_cast) is not None
            for k in range(len(types) + 1))
    if found:
        raise PgError(WRONG_OBJECT_TYPE, f"WITHIN GROUP is required for ordered-set "
                                         f"aggregate {name}", position=position)


def transform_within_group(pstate, body, name: str, position, schema=None) -> Aggref:
    from pgsnake.parser.transform_expression import transform_expression
    if pstate.expression_kind != "SELECT":
        raise PgError(GROUPING_ERROR,
                      f"aggregate functions are not allowed in {pstate.expression_kind}",
                      position=position)
    direct = [transform_expression(pstate, a) for a in body.get("args", ())]
    keys = _sort_keys(pstate, body)
    _refuse_nested(pstate, direct + [k for k, _, _ in keys], position)
    flags = tuple(f for _, f, _ in keys)
    can_cast = _can_cast(pstate)

    direct_types = [UNKNOWN_OID if e.type_oid == 0 else e.type_oid for e in direct]
    sorted_types = [k.type_oid for k, _, _ in keys]
    call = None
    if name in ordered_aggregates.HYPOTHETICAL and direct and len(direct) == len(keys):
        return _hypothetical_set(pstate, body, name, direct, keys, flags, position)
    if ordered_aggregates.is_ordered_set_name(name):
        call = ordered_aggregates.resolve_ordered_set(name, direct_types, sorted_types, flags,
                                                      can_cast)
    user_call = None
    if call is None:
        user_call = ordered_aggregates.resolve_user_ordered_set(
            name, schema, direct_types, sorted_types, flags, can_cast)
    if user_call is not None:
        direct, sorted_args = _user_arguments(pstate, user_call, direct, keys, position)
        constants = [e.value for e in direct] \
            if all(isinstance(e, Const) for e in direct) else None
        aggref = Aggref(name, user_call.make(constants), tuple(direct + sorted_args),
                        user_call.result_type, False, False,
                        _within_group_filter(pstate, body, position), flags, True)
        return _record(pstate, aggref, position)
    if call is None:
        try:
            aggregates.resolve_aggregate(name, direct_types + sorted_types)
        except PgError:
            pass
        else:
            raise PgError(WRONG_OBJECT_TYPE, f"{name} is not an ordered-set aggregate, so it "
                                             "cannot have WITHIN GROUP", position=position)
        described = ", ".join(registry.format_type(t) for t in direct_types + sorted_types)
        raise PgError(UNDEFINED_FUNCTION, f"function {name}({described}) does not exist",
                      hint="No function matches the given name and argument types. "
                           "You might need to add explicit type casts.", position=position)
    direct = [coerce_or_error(pstate, e, t, -1, "implicit", position)
              for e, t in zip(direct, call.direct_types)]
    sorted_args = [coerce_or_error(pstate, k, t, -1, "implicit", position)
                   for (k, _, _), t in zip(keys, call.sorted_types)]
    constants = [e.value for e in direct] if all(isinstance(e, Const) for e in direct) else None
    aggregate = call.make(constants)
    agg_filter = _within_group_filter(pstate, body, position)
    aggref = Aggref(name, aggregate, tuple(direct + sorted_args), call.result_type, False,
                    False, agg_filter, flags, True)
    return _record(pstate, aggref, position)
