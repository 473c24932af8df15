"""Aggregates that see their input in order: `agg(x ORDER BY y)`, the ordered-set
aggregates (percentile_cont, percentile_disc, mode ... WITHIN GROUP (ORDER BY y)), and
array_agg.

Entry points:
    with_input_order(aggregate, nargs, flags) -> Aggregate
        wraps any aggregate: its transition collects each row's values (the aggregate's
        `nargs` arguments followed by the ORDER BY keys); its final sorts them by the
        keys ((descending, nulls_first) per key, stably) and runs the wrapped aggregate
        over them in that order
    resolve_ordered_set(name, direct_types, sorted_types) -> OrderedSetCall | None
        an ordered-set aggregate: the argument types to coerce to and the Aggregate
        (given the direct arguments' values when they are constants, else reading them
        from the collected rows)
    is_ordered_set_name(name) -> bool
array_agg registers itself with aggregates.register_factory.

The wrapper is not strict (it must see every row); it applies the wrapped aggregate's
strictness itself when it replays the rows. Ordered-set aggregates ignore rows whose
sorted value is NULL.

PostgreSQL: executor/nodeAgg.c (process_ordered_aggregate_multi), utils/adt/
orderedsetaggs.c (percentile_disc_final, percentile_cont_final, mode_final),
utils/adt/array_userfuncs.c (array_agg_transfn, array_agg_array_transfn).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable

from pgsnake.datatypes import datetime_types as dtt, registry
from pgsnake.utils.errors import PgError

NUMERIC_VALUE_OUT_OF_RANGE = "22003"
NULL_VALUE_NOT_ALLOWED = "22004"
ARRAY_SUBSCRIPT_ERROR = "2202E"

FLOAT8 = registry.FLOAT8
FLOAT8_ARRAY = 1022
INTERVAL = 1186
INTERVAL_ARRAY = 1187


def sort_collected(rows: list, first_key: int, flags) -> list:
    """Stable sort of collected value tuples by the keys from position `first_key`,
    each (descending, nulls_first); NULLs placed per key without comparing them."""
    for offset in reversed(range(len(flags))):
        descending, nulls_first = flags[offset]
        index = first_key + offset
        nulls = [r for r in rows if r[index] is None]
        values = [r for r in rows if r[index] is not None]
        values.sort(key=lambda r: r[index], reverse=descending)
        rows = nulls + values if nulls_first else values + nulls
    return rows


def with_input_order(aggregate, nargs: int, flags: tuple):
    from pgsnake.datatypes.aggregates import Aggregate
    strict = getattr(aggregate, "strict", True)

    def step(state, *values):
        state = [] if state is None else state
        state.append(values)
        return state

    def final(state):
        result = aggregate.init()
        for values in sort_collected(state or [], nargs, flags):
            arguments = values[:nargs]
            if strict and nargs and arguments[0] is None:
                continue
            result = aggregate.transition(result, *arguments) if nargs else \
                aggregate.transition(result, True)
        return aggregate.final(result)

    return Aggregate(aggregate.oid, aggregate.name, aggregate.arg_types, aggregate.result_type,
                     lambda: None, step, final, strict=False)


# -- ordered-set aggregates -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class OrderedSetCall:
    """How to call one ordered-set aggregate: coerce the direct arguments to
    `direct_types` and the sorted ones to `sorted_types`; `make(direct_values)` gives
    the Aggregate (direct_values None: read them from each collected row)."""
    oid: int
    result_type: int
    direct_types: tuple
    sorted_types: tuple
    make: Callable[[Any], Any]
    # a user-defined hypothetical-set aggregate: each direct argument and its sort key
    # are coerced to their common type where the declared type is "any" (2276)
    hypothetical: bool = False


# User-defined ordered-set aggregates (CREATE AGGREGATE name(... ORDER BY ...)) come from
# a higher layer (pl/user_ordered_set_aggregates.py), which installs
# lookup(name, schema, direct_types, sorted_types, flags, can_cast) -> OrderedSetCall | None;
# a target type "any" (2276) means the argument keeps its own type; flags None asks
# whether the signature alone fits (a call written without WITHIN GROUP).
_user_lookup: Callable[..., Any] = lambda *args: None


def set_user_ordered_set_lookup(lookup: Callable[..., Any]) -> None:
    global _user_lookup
    _user_lookup = lookup


def resolve_user_ordered_set(name: str, schema, direct_types: list, sorted_types: list,
                             flags: tuple, can_cast) -> OrderedSetCall | None:
    return _user_lookup(name, schema, direct_types, sorted_types, flags, can_cast)


def _check_percentile(value) -> None:
    if value < 0 or value > 1 or math.isnan(value):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                      f"percentile value {value:g} is not between 0 and 1")


def _disc(values: list, percentile: float):
    _check_percentile(percentile)
    row = math.ceil(percentile * len(values))
    return values[max(row, 1) - 1]


def _lerp(low, high, fraction, is_interval: bool):
    if is_interval:
        return dtt.interval_add(low, dtt.interval_mul(dtt.interval_sub(high, low), fraction))
    return low + (high - low) * fraction


def _cont(values: list, percentile: float, is_interval: bool):
    _check_percentile(percentile)
    position = percentile * (len(values) - 1)
    first, second = math.floor(position), math.ceil(position)
    if first == second:
        return values[first]
    return _lerp(values[first], values[second], position - first, is_interval)


def _mode(values: list):
    best = None
    best_count = count = 0
    previous = object()
    for value in values:
        count = count + 1 if value == previous else 1
        previous = value
        if count > best_count:
            best, best_count = value, count
    return best


def _map_nested(array: list, fn) -> list:
    return [_map_nested(v, fn) if isinstance(v, list) else fn(v) for v in array]


def _ordered_set(name: str, oid: int, result_type: int, compute, ndirect: int,
                 flags: tuple, is_array: bool, direct_values):
    """An Aggregate collecting (direct args..., sorted value) per row; final sorts the
    non-NULL sorted values and applies `compute(values, direct)`."""
    from pgsnake.datatypes.aggregates import Aggregate

    def step(state, *row):
        state = [] if state is None else state
        state.append(row)
        return state

    def final(state):
        rows = state or []
        direct = direct_values
        if direct is None:
            if not rows:
                return None
            direct = rows[0][:ndirect]
        if ndirect and direct[0] is None:
            return None
        if is_array:
            _map_nested(direct[0], lambda p: _check_percentile(p) if p is not None else None)
        values = [r[ndirect] for r in sort_collected(
            [r for r in rows if r[ndirect] is not None], ndirect, flags)]
        if not values:
            return None
        if is_array:
            # one result per fraction, in the fractions' array shape (any dimensions)
            return _map_nested(direct[0], lambda p: None if p is None else compute(values, p))
        return compute(values, *direct)

    return Aggregate(oid, name, (), result_type, lambda: None, step, final, strict=False)


_ORDERED_SET_NAMES = {"percentile_cont", "percentile_disc", "mode"}
# Hypothetical-set aggregates: where a row of the direct arguments' values would rank
# among the sorted rows (pg_proc OIDs, result types).
HYPOTHETICAL = {"rank": (3986, 20), "dense_rank": (3992, 20), "percent_rank": (3988, FLOAT8),
                "cume_dist": (3990, FLOAT8)}


def is_ordered_set_name(name: str) -> bool:
    return name in _ORDERED_SET_NAMES


def _compare(a: tuple, b: tuple, flags) -> int:
    """-1 / 0 / 1: how row `a` sorts against row `b` under the ORDER BY `flags`."""
    for x, y, (descending, nulls_first) in zip(a, b, flags):
        if x is None or y is None:
            if x is None and y is None:
                continue
            first = (x is None) == nulls_first
            return -1 if first else 1
        if x == y:
            continue
        less = x < y
        return -1 if less != descending else 1
    return 0


def hypothetical_set(name: str, nargs: int, flags: tuple, direct_values):
    """`name`: rank, dense_rank, percent_rank or cume_dist (whose final it computes)."""
    return _hypothetical_set(name, nargs, flags, direct_values)


def _hypothetical_set(name: str, nargs: int, flags: tuple, direct_values):
    """An Aggregate collecting (direct args..., sorted values...) per row; its final
    places the direct arguments' row among the sorted rows."""
    from pgsnake.datatypes.aggregates import Aggregate
    oid, result_type = HYPOTHETICAL[name]

    def step(state, *row):
        state = [] if state is None else state
        state.append(row)
        return state

    def final(state):
        rows = state or []
        hypothetical = direct_values
        if hypothetical is None:
            if not rows:
                hypothetical = None
            else:
                hypothetical = rows[0][:nargs]
        values = [r[nargs:] for r in rows]
        if hypothetical is None:           # no rows and direct args only known per row
            before = peers = 0
            groups_before = 0
        else:
            before = sum(1 for v in values if _compare(v, hypothetical, flags) < 0)
            peers = sum(1 for v in values if _compare(v, hypothetical, flags) == 0)
            groups_before = len({v for v in values if _compare(v, hypothetical, flags) < 0})
        total = len(values)
        if name == "rank":
            return before + 1
        if name == "dense_rank":
            return groups_before + 1
        if name == "percent_rank":
            return 0.0 if total == 0 else before / total
        return (before + peers + 1) / (total + 1)

    return Aggregate(oid, name, (), result_type, lambda: None, step, final, strict=False)


def resolve_ordered_set(name: str, direct_types: list, sorted_types: list, flags: tuple,
                        can_cast: Callable[[int, int], bool]) -> OrderedSetCall | None:
    """`can_cast(source, target)`: an implicit coercion exists (the parser's). None
    when no ordered-set aggregate of that name takes these types."""
    if len(sorted_types) != 1:
        return None
    sorted_type = sorted_types[0]
    if name == "mode":
        if direct_types:
            return None
        return OrderedSetCall(3984, sorted_type, (), (sorted_type,),
                              lambda direct: _ordered_set(name, 3984, sorted_type, _mode, 0,
                                                          flags, False, ()))
    if name not in ("percentile_cont", "percentile_disc") or len(direct_types) != 1:
        return None
    direct = direct_types[0]
    if direct == FLOAT8_ARRAY or (direct != FLOAT8 and not can_cast(direct, FLOAT8)
                                  and can_cast(direct, FLOAT8_ARRAY)):
        is_array, direct_target = True, FLOAT8_ARRAY
    elif can_cast(direct, FLOAT8):
        is_array, direct_target = False, FLOAT8
    else:
        return None
    if name == "percentile_disc":
        oid = 3978 if is_array else 3972
        result = registry.get_type(sorted_type).array_oid if is_array else sorted_type
        if not result:
            return None
        target = sorted_type
        compute = _disc
    else:
        if sorted_type == INTERVAL:
            target, oid = INTERVAL, 3982 if is_array else 3976
        elif can_cast(sorted_type, FLOAT8):
            target, oid = FLOAT8, 3980 if is_array else 3974
        else:
            return None
        result = (INTERVAL_ARRAY if target == INTERVAL else FLOAT8_ARRAY) if is_array else target
        is_interval = target == INTERVAL

        def compute(values, percentile, _i=is_interval):
            return _cont(values, percentile, _i)
    return OrderedSetCall(oid, result, (direct_target,), (target,),
                          lambda direct_values: _ordered_set(
                              name, oid, result, compute, 1, flags, is_array, direct_values))


# -- array_agg ------------------------------------------------------------------------------------

def _array_agg_factory(aggregate_class):
    def factory(arg_types):
        if len(arg_types) != 1:
            return None
        element = arg_types[0]
        try:
            info = registry.get_type(element)
        except Exception:
            return None
        if info.element_oid and info.category == "A":
            return aggregate_class(4053, "array_agg", (element,), element, lambda: None,
                                   _array_of_arrays_step, _identity, strict=False)
        if not info.array_oid:
            return None
        return aggregate_class(2335, "array_agg", (element,), info.array_oid, lambda: None,
                               _array_step, _identity, strict=False)
    return factory


def _identity(state):
    return None if state is None else list(state)


def _array_step(state, value):
    state = [] if state is None else state
    state.append(value)
    return state


def _dimensions(value) -> list:
    dims = []
    while isinstance(value, list):
        dims.append(len(value))
        value = value[0] if value else None
    return dims


def _array_of_arrays_step(state, value):
    if value is None:
        raise PgError(NULL_VALUE_NOT_ALLOWED, "cannot accumulate null arrays")
    if state is None:
        if not value:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "cannot accumulate empty arrays")
        return [value]
    # after the first array, an empty one has the wrong number of dimensions
    if not value or _dimensions(state[0]) != _dimensions(value):
        raise PgError(ARRAY_SUBSCRIPT_ERROR,
                      "cannot accumulate arrays of different dimensionality")
    state.append(value)
    return state


def accumulate_array(state, value):
    """array_agg(anyarray)'s step, also ARRAY(SELECT array column)'s (executor/subplan.py)."""
    return _array_of_arrays_step(state, value)


def install(register_factory, aggregate_class) -> None:
    register_factory("array_agg", _array_agg_factory(aggregate_class))


def builtin_final(final_name: str, ndirect: int, flags: tuple, direct_values,
                  result_type: int):
    """The Aggregate a user ordered-set aggregate made of PostgreSQL's own support
    functions (ordered_set_transition[_multi] and `final_name`, e.g.
    percentile_disc_final, rank_final) runs, or None for a final function not here.
    The rows it collects are (direct args..., aggregated args...)."""
    single = {   # final function: (compute(values, *direct), one result per array element)
        "percentile_disc_final": (_disc, False),
        "percentile_disc_multi_final": (_disc, True),
        "percentile_cont_float8_final": (lambda v, p: _cont(v, p, False), False),
        "percentile_cont_float8_multi_final": (lambda v, p: _cont(v, p, False), True),
        "percentile_cont_interval_final": (lambda v, p: _cont(v, p, True), False),
        "percentile_cont_interval_multi_final": (lambda v, p: _cont(v, p, True), True),
        "mode_final": (lambda v, *_direct: _mode(v), False)}
    if final_name in single:
        compute, is_array = single[final_name]
        return _ordered_set(final_name, 0, result_type, compute, ndirect, flags, is_array,
                            direct_values)
    name = final_name.removesuffix("_final")
    if name in HYPOTHETICAL:
        return _hypothetical_set(name, ndirect, flags, direct_values)
    return None


__all__ = ["with_input_order", "resolve_ordered_set", "is_ordered_set_name", "sort_collected",
           "OrderedSetCall", "set_user_ordered_set_lookup", "resolve_user_ordered_set",
           "builtin_final"]
