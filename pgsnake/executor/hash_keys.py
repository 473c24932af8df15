"""Values as keys of the executor's hash tables (hash aggregation and DISTINCT, set
operations, hash joins, grouping sets, DISTINCT aggregates).

Two Python facts differ from what PostgreSQL's hash opclasses promise:
1. An array is a list, which cannot be a dict key: it is looked up as a tuple
   (hashable_key; the caller keeps the original values to output).
2. A float NaN is unequal to itself and hashes by identity, so two NaNs would be two
   keys, where PostgreSQL's float equality and hashing make all NaNs one value. Every
   NaN of a float key is replaced by one shared NaN object: a dict finds it by identity,
   and it still prints and sorts as NaN. (Numeric NaN is one object already.)

3. character(n) values keep their padding, which bpchar equality ignores: join keys
   (join_key_functions, merge_key_functions) drop trailing spaces.

Entry points: hashable_key(values) -> tuple; key_tuple_function(exprs, layout, fns) ->
fn(row, ex) giving the key tuple; key_functions(exprs, layout) -> compiled
key expressions, a float one wrapped to give the shared NaN; join_key_functions (a hash
join's: character(n) without trailing spaces); merge_key_functions(exprs,
layout): the same for a merge join, whose keys are also compared with <, where a float
becomes (0, value) and NaN (1, 0.0), above every number as PostgreSQL sorts it.

PostgreSQL: utils/adt/float.c (float8eq and hashfloat8 treat NaNs as equal), access/
hash/hashfunc.c.
"""
from __future__ import annotations

from operator import itemgetter

from pgsnake.executor.expression_eval import compile_expression
from pgsnake.optimizer.planner import key_of
from pgsnake.parser.expression_nodes import expression_type

FLOAT4, FLOAT8 = 700, 701
BPCHAR = 1042
SHARED_NAN = float("nan")


def hashable_key(values) -> tuple:
    """`values` as a dict key: arrays (lists) become tuples, recursively; a float NaN is
    the shared one."""
    return tuple(_array_key(v) if isinstance(v, list)
                 else SHARED_NAN if type(v) is float and v != v else v for v in values)


def _array_key(array: list):
    """An array's key; one with lower bounds other than 1 ('[0:1]={1,2}') differs from
    the same elements counted from 1, as array_eq says."""
    key = hashable_key(array)
    bounds = getattr(array, "lower_bounds", None)
    return (key, "\x00lower bounds", tuple(bounds)) if bounds else key


def _shared_nan(fn):
    def key(row, ex):
        value = fn(row, ex)
        return SHARED_NAN if value != value else value      # only NaN is unequal to itself
    return key


def key_functions(exprs, layout) -> list:
    return [_shared_nan(compile_expression(e, layout))
            if expression_type(e) in (FLOAT4, FLOAT8) else compile_expression(e, layout)
            for e in exprs]


def key_tuple_function(exprs, layout, fns):
    """fn(row, ex) -> the tuple of `fns`' values over a row (fns compiled from `exprs`
    by one of the functions here): one itemgetter when every expression is an input
    column of a type whose key needs no wrapping (not float, not character(n)), as
    compile_expression would read them (the function's `positions` then says which),
    else the functions called in order."""
    positions = []
    for expr in exprs:
        if expression_type(expr) in (FLOAT4, FLOAT8, BPCHAR):
            positions = None
            break
        try:
            index = layout.get(key_of(expr))
        except TypeError:
            index = None
        if index is None:
            positions = None
            break
        positions.append(index)
    if positions:
        if len(positions) == 1:
            (only,) = positions
            fn = lambda row, ex: (row[only],)   # noqa: E731
        else:
            getter = itemgetter(*positions)
            fn = lambda row, ex: getter(row)    # noqa: E731
        fn.positions = tuple(positions)      # for loops that read the key inline
        return fn
    return lambda row, ex: tuple([f(row, ex) for f in fns])


def _bpchar_key(fn):
    def key(row, ex):
        value = fn(row, ex)
        return value.rstrip(" ") if isinstance(value, str) else value
    return key


def join_key_functions(exprs, layout) -> list:
    """key_functions for a hash join, which only matches keys: a character(n) key
    without its trailing spaces, which bpchar equality (and hashbpchar) ignore, so that
    'ab' of one side meets 'ab  ' of the other."""
    return [_bpchar_key(fn) if expression_type(e) == BPCHAR else fn
            for e, fn in zip(exprs, key_functions(exprs, layout))]


def _ordered_float(fn):
    def key(row, ex):
        value = fn(row, ex)
        if value is None:
            return None
        return (1, 0.0) if value != value else (0, value)
    return key


def merge_key_functions(exprs, layout) -> list:
    return [_ordered_float(compile_expression(e, layout))
            if expression_type(e) in (FLOAT4, FLOAT8) else
            _bpchar_key(compile_expression(e, layout)) if expression_type(e) == BPCHAR
            else compile_expression(e, layout) for e in exprs]
