"""Built-in aggregates: count, sum, min, max, avg, bool_and/bool_or/every, string_agg,
with PostgreSQL's OIDs and result types (sum(int4) -> int8, sum(int8) -> numeric,
avg(int) -> numeric, avg(float) -> float8, min/max keep the type).

Entry points: resolve_aggregate(name, arg_types, star) -> Aggregate(oid, name, arg_types,
result_type, init, transition, final). The executor calls transition only for non-NULL
inputs (every built-in transition here is strict) except for count(*), and final(state)
returns None when no row contributed (except count, which returns 0).

PostgreSQL: utils/adt/numeric.c (int4_sum, int8_avg_accum, numeric_avg), float.c
(float8_accum), int8.c (int8inc), catalog/pg_aggregate.dat.
"""
from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from typing import Any, Callable

from pgsnake.datatypes import (character, datetime_types as dtt, floats, integers, numeric,
                               registry)
from pgsnake.datatypes import money, scalar_facts, scalar_types, user_type_facts
from pgsnake.datatypes.catalog_facts import AGGREGATES
from pgsnake.datatypes.type_coercion import (AmbiguousCandidates, chosen_function,
                                             select_candidate)
from pgsnake.utils.errors import PgError, UNDEFINED_FUNCTION, AMBIGUOUS_FUNCTION


@dataclasses.dataclass(frozen=True, slots=True)
class Aggregate:
    oid: int
    name: str
    arg_types: tuple[int, ...]
    result_type: int
    init: Callable[[], Any]
    transition: Callable[[Any, Any], Any]
    final: Callable[[Any], Any]
    # A strict transition is not called for a NULL first argument (json_agg is not).
    strict: bool = True
    # The moving-aggregate implementation a window frame with a moving start uses
    # (msfunc / minvfunc / mfinalfunc: pl/user_aggregates.MovingAggregate), or None.
    moving: Any = None


_INTS = (registry.INT2, registry.INT4, registry.INT8)


def _count_init():
    return 0


def _count_step(state, _value=None):
    return state + 1


_count_step.inline_count = True      # executor/aggregate_advance.py writes `state += 1`


def _none():
    return None


def _identity(state):
    return state


def _sum_step(result_type):
    if result_type == registry.INT8:
        return _int8_sum_step
    if result_type == registry.NUMERIC:
        return _numeric_sum_step
    if result_type in (registry.FLOAT8, registry.FLOAT4):
        single = result_type == registry.FLOAT4
        return lambda s, v: v if s is None else floats.float_add(s, v, single)
    if result_type == registry.INTERVAL:
        return lambda s, v: v if s is None else dtt.interval_add(s, v)
    if result_type == scalar_types.MONEY:
        return lambda s, v: v if s is None else money.money_add(s, v)
    raise KeyError(result_type)


def _int8_sum_step(s, v):
    return v if s is None else integers.check_range(s + v, registry.INT8)


# What a compiled caller (executor/aggregate_advance.py) may write inline instead of
# the call: the sum of integers into an int8, range-checked on every row.
_int8_sum_step.inline_sum_range = integers.RANGES[registry.INT8][:2]

_EXACT_ADD = numeric.EXACT.add
_ZERO = Decimal(0)


def _numeric_sum_step(s, v):
    """sum() into numeric: of integers (int2 / int4 / int8 inputs) the state is an
    integral Decimal with exponent 0 that only integers are added to, so numeric_add's
    normalising and range check have nothing to do and are skipped: the exact sum, with
    a zero made positive, is what it would return. Numeric inputs go through it."""
    if isinstance(v, int):
        if s is None:
            return Decimal(v)
        total = _EXACT_ADD(s, Decimal(v))
        return total if total else _ZERO
    return v if s is None else numeric.numeric_add(s, v)


def _avg(arg_type):
    """State: [count, sum]; numeric results use numeric division (select_div_scale)."""
    def init():
        return None

    if arg_type in _INTS or arg_type == registry.NUMERIC:
        def step(state, value):
            value = Decimal(value) if isinstance(value, int) else value
            if state is None:
                return [1, value]
            state[0] += 1
            state[1] = numeric.numeric_add(state[1], value)
            return state

        def final(state):
            if state is None:
                return None
            return numeric.numeric_div(state[1], Decimal(state[0]))
        return init, step, final
    if arg_type == registry.INTERVAL:
        def step(state, value):
            if state is None:
                return [1, value]
            state[0] += 1
            state[1] = dtt.interval_add(state[1], value)
            return state

        def final(state):
            return None if state is None else dtt.interval_div(state[1], float(state[0]))
        return init, step, final

    def step(state, value):
        if state is None:
            return [1, float(value)]
        state[0] += 1
        state[1] = floats.float_add(state[1], float(value))
        return state

    def final(state):
        return None if state is None else state[1] / state[0]
    return init, step, final


def _less(arg_type):
    if arg_type == registry.BPCHAR:
        return lambda a, b: character.bpchar_trimmed(a) < character.bpchar_trimmed(b)
    if arg_type in (registry.FLOAT4, registry.FLOAT8, registry.NUMERIC):
        from pgsnake.datatypes.operators import _nan_key
        return lambda a, b: _nan_key(a) < _nan_key(b)
    return lambda a, b: a < b


def _min_step(arg_type):
    less = _less(arg_type)
    # Like PostgreSQL's *_smaller/*_larger: on a tie the newer value wins ('1.5' after '1.50').
    return lambda s, v: s if s is not None and less(s, v) else v


def _max_step(arg_type):
    less = _less(arg_type)
    return lambda s, v: s if s is not None and less(v, s) else v


def _string_agg_step(state, value, delimiter=None):
    if state is None:
        return [value]
    state.append(delimiter if delimiter is not None else value[:0])
    state.append(value)
    return state


def _string_agg_final(state):
    return None if state is None else state[0][:0].join(state)


_BY_NAME: dict[str, list[Aggregate]] = {}


def register(aggregate: Aggregate) -> Aggregate:
    _BY_NAME.setdefault(aggregate.name, []).append(aggregate)
    return aggregate


def _build() -> None:
    for oid, name, arg_types, result_type, _transtype in AGGREGATES + scalar_facts.AGGREGATES:
        arg = arg_types[0] if arg_types else None
        if name == "count":
            parts = (_count_init, _count_step, _identity)
        elif name == "sum":
            parts = (_none, _sum_step(result_type), _identity)
        elif name == "avg":
            parts = _avg(arg)
        elif name in ("min", "max") and arg != registry.ANYARRAY:
            parts = (_none, (_min_step if name == "min" else _max_step)(arg), _identity)
        elif name in ("bool_and", "every"):
            parts = (_none, lambda s, v: v if s is None else (s and v), _identity)
        elif name == "bool_or":
            parts = (_none, lambda s, v: v if s is None else (s or v), _identity)
        elif name == "string_agg":
            parts = (_none, _string_agg_step, _string_agg_final)
        elif name in scalar_types.BITWISE_AGGREGATES:
            combine = scalar_types.BITWISE_AGGREGATES[name][arg == scalar_types.BIT]
            parts = (_none, lambda s, v, c=combine: v if s is None else c(s, v), _identity)
        else:
            continue
        register(Aggregate(oid, name, tuple(arg_types), result_type, *parts))


# Aggregates over "any"/anyelement bound per call: name -> factory(argument types).
_FACTORIES: dict[str, Callable[[list[int]], Aggregate | None]] = {}


def register_factory(name: str, factory: Callable[[list[int]], Aggregate | None]) -> None:
    """A factory added for a name that has one is tried first, then the earlier one."""
    previous = _FACTORIES.get(name)
    if previous is None or previous is factory:
        _FACTORIES[name] = factory
    else:
        _FACTORIES[name] = lambda arg_types: factory(arg_types) or previous(arg_types)


def _array_extreme(name: str, oid: int, sign: int):
    """max(anyarray) / min(anyarray) (array_larger / array_smaller): the array that
    array_cmp puts last / first."""
    def factory(arg_types: list[int]):
        from pgsnake.datatypes import array_values
        from pgsnake.datatypes.type_coercion import array_element
        if len(arg_types) != 1 or not array_element(arg_types[0]) \
                or arg_types[0] in registry.VECTOR_TYPES:
            return None

        def step(state, value):
            if state is None:
                return value
            order = array_values.compare(value, state, array_values.natural_compare)
            return value if order * sign > 0 else state
        typ = arg_types[0]
        return Aggregate(oid, name, (typ,), typ, _none, step, _identity)
    return factory


register_factory("max", _array_extreme("max", 2050, 1))
register_factory("min", _array_extreme("min", 2051, -1))


# User-defined aggregates (CREATE AGGREGATE's pg_proc / pg_aggregate rows) come from a
# higher layer (pl/user_aggregates.py), which installs candidates(name, schema, arg_types,
# star, variadic) -> [Aggregate]: the visible aggregates of that name that could take the
# call, with polymorphic argument and result types bound to the call's (a VARIADIC
# aggregate's expanded to the call's argument count unless `variadic`).
_user_candidates: Callable[..., list] = lambda name, schema, arg_types, star, variadic: []


def set_user_aggregate_lookup(candidates: Callable[..., list]) -> None:
    global _user_candidates
    _user_candidates = candidates


def resolve_aggregate(name: str, arg_types: list[int], star: bool = False,
                      schema: str | None = None, variadic: bool = False) -> Aggregate:
    """The aggregate a call runs: a built-in one (pg_catalog comes first in the search
    path, so it wins an exact tie) or a user-defined one. `variadic`: the call's last
    argument is written VARIADIC (a variadic aggregate then takes it as its array)."""
    user = _user_candidates(name, schema, list(arg_types), star, variadic)
    if not user and (schema is None or schema == "pg_catalog"):
        return _resolve_builtin(name, arg_types, star)
    try:
        builtin = _resolve_builtin(name, arg_types, star) \
            if schema is None or schema == "pg_catalog" else None
    except PgError as err:
        if err.sqlstate != UNDEFINED_FUNCTION:
            raise
        builtin = None
    wanted = () if star else tuple(arg_types)
    if builtin is not None and tuple(builtin.arg_types) == wanted:
        return builtin
    for candidate in user:
        if tuple(candidate.arg_types) == wanted:
            return candidate
    chosen = select_candidate(user + ([builtin] if builtin is not None else []),
                              [] if star else list(arg_types))
    shown = f"{schema}.{name.lower()}" if schema else name.lower()
    described = "*" if star else ", ".join(registry.format_type(t) for t in arg_types)
    return chosen_function(chosen, f"{shown}({described})")


def _resolve_builtin(name: str, arg_types: list[int], star: bool = False) -> Aggregate:
    key = name.lower()
    if any(t >= user_type_facts.FIRST_CATALOG_TYPE_OID for t in arg_types):
        # An aggregate of a domain is its base type's (func_select_candidate's getBaseType).
        arg_types = [user_type_facts.base_type(t) for t in arg_types]
    factory = _FACTORIES.get(key)
    if factory is not None and not star:
        made = factory(list(arg_types))
        if made is not None:
            return made
    candidates = _BY_NAME.get(key, [])
    if star:
        for candidate in candidates:
            if not candidate.arg_types:
                return candidate
    else:
        for candidate in candidates:
            if list(candidate.arg_types) == list(arg_types):
                return candidate
        if key == "count" and len(arg_types) == 1:
            return next(c for c in candidates if c.arg_types == (registry.ANY,))
        chosen = select_candidate([c for c in candidates if c.arg_types], list(arg_types))
        if isinstance(chosen, AmbiguousCandidates):
            described = ", ".join(registry.format_type(t) for t in arg_types)
            raise PgError(AMBIGUOUS_FUNCTION, f"function {key}({described}) is not unique",
                          hint="Could not choose a best candidate function. "
                               "You might need to add explicit type casts.")
        if chosen is not None:
            return chosen
    described = "*" if star else ", ".join(registry.format_type(t) for t in arg_types)
    raise PgError(UNDEFINED_FUNCTION, f"function {key}({described}) does not exist",
                  hint="No function matches the given name and argument types. "
                       "You might need to add explicit type casts.")


_build()

from pgsnake.datatypes import json_functions  # noqa: E402  (json_agg & co)
json_functions.install_aggregates(register_factory, Aggregate)
from pgsnake.datatypes import xml_type  # noqa: E402
xml_type.install_aggregates(register_factory, Aggregate)
from pgsnake.datatypes import ordered_aggregates  # noqa: E402  (array_agg)
ordered_aggregates.install(register_factory, Aggregate)
from pgsnake.datatypes import statistical_aggregates  # noqa: E402  (variance, corr, ...)
statistical_aggregates.install(register, Aggregate)

__all__ = ["Aggregate", "resolve_aggregate", "register", "set_user_aggregate_lookup"]
