"""Assigning to an array element or slice (UPDATE ... SET a[i] = v, a[lo:hi] = array),
with PostgreSQL's rules:

 1. A NULL or empty array becomes a new one holding just the assigned element (or slice),
    its lower bounds the subscripts: NULL[5] := 9 is '[5:5]={9}'.
 2. A one-dimensional array grows to take a subscript outside its bounds, the gap
    filled with NULLs ('{1,2,3}'[5] := 9 is '{1,2,3,NULL,9}'; [0] := 7 moves the lower
    bound to 0). An array of more dimensions does not: 2202E "array subscript out of
    range".
 3. The number of subscripts must equal the number of dimensions (2202E "wrong number of
    array subscripts"); a NULL subscript is 22004.
 4. A slice takes the source's elements in row-major order, as many as the slice holds
    (a longer source is cut; a shorter one is 2202E "source array too small"); a NULL
    source leaves the array as it was. An omitted slice bound is the array's own, and an
    empty array's slice needs both.

Entry points: assign_element(array, subscripts, value), assign_slice(array, bounds, source).

PostgreSQL: utils/adt/arrayfuncs.c (array_set_element, array_set_slice).
"""
from __future__ import annotations

from typing import Any

from pgsnake.datatypes import array_values
from pgsnake.utils.errors import NULL_VALUE_NOT_ALLOWED, PgError

ARRAY_SUBSCRIPT_ERROR = array_values.ARRAY_SUBSCRIPT_ERROR


MAX_ARRAY_SIZE = 134217727         # MaxAllocSize / sizeof(Datum): PostgreSQL's MaxArraySize


def _check_size(count: int) -> None:
    if count > MAX_ARRAY_SIZE:
        raise PgError("54000", f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")


def _error(message: str, detail: str | None = None) -> PgError:
    return PgError(ARRAY_SUBSCRIPT_ERROR, message, detail=detail)


def check_subscripts(subscripts) -> None:
    if any(s is None for s in subscripts):
        raise PgError(NULL_VALUE_NOT_ALLOWED,
                      "array subscript in assignment must not be null")


def _nest(flat: list, shape: list[int]) -> list:
    """Row-major `flat` as nested lists of `shape`."""
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [_nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _flat(value: list) -> list:
    return list(array_values.elements(value))


def assign_element(array: list | None, subscripts: list[int], value: Any) -> list:
    check_subscripts(subscripts)
    if not array:                                  # NULL or '{}'
        return array_values.with_lower_bounds(_nest([value], [1] * len(subscripts)),
                                              subscripts)
    shape = array_values.dimensions(array)
    lowers = array_values.lower_bounds(array)
    if len(subscripts) != len(shape):
        raise _error("wrong number of array subscripts")
    if len(shape) == 1:
        items, lower, index = list(array), lowers[0], subscripts[0]
        _check_size(max(index, lower + len(items) - 1) - min(index, lower) + 1)
        if index < lower:
            items = [value] + [None] * (lower - index - 1) + items
            lower = index
        elif index >= lower + len(items):
            items = items + [None] * (index - lower - len(items)) + [value]
        else:
            items[index - lower] = value
        return array_values.with_lower_bounds(items, (lower,))
    positions = []
    for index, lower, size in zip(subscripts, lowers, shape):
        if not lower <= index < lower + size:
            raise _error("array subscript out of range")
        positions.append(index - lower)
    flat = _flat(array)
    offset = 0
    for position, size in zip(positions, shape):
        offset = offset * size + position
    flat[offset] = value
    return array_values.with_lower_bounds(_nest(flat, shape), lowers)


def assign_slice(array: list | None, bounds: list[tuple[int | None, int | None]],
                 source: list | None) -> list | None:
    if source is None:
        return array
    given = _flat(source)
    if not array:
        if any(low is None or high is None for low, high in bounds):
            raise _error("array slice subscript must provide both boundaries",
                         "When assigning to a slice of an empty array value, slice "
                         "boundaries must be fully specified.")
        shape = [high - low + 1 for low, high in bounds]
        if any(n < 1 for n in shape):
            raise _error("upper bound cannot be less than lower bound")
        total = 1
        for n in shape:
            total *= n
        _check_size(total)
        return _filled(given, shape, [low for low, _high in bounds])
    shape = array_values.dimensions(array)
    lowers = array_values.lower_bounds(array)
    if len(bounds) != len(shape):
        raise _error("wrong number of array subscripts")
    bounds = [(lower if low is None else low, lower + size - 1 if high is None else high)
              for (low, high), lower, size in zip(bounds, lowers, shape)]
    if any(high < low for low, high in bounds):
        raise _error("upper bound cannot be less than lower bound")
    if len(shape) == 1:
        (low, high), lower = bounds[0], lowers[0]
        new_lower = min(lower, low)
        new_upper = max(lower + shape[0] - 1, high)
        _check_size(new_upper - new_lower + 1)
        items = [None] * (new_upper - new_lower + 1)
        items[lower - new_lower:lower - new_lower + shape[0]] = list(array)
        count = high - low + 1
        if len(given) < count:
            raise _error("source array too small")
        items[low - new_lower:low - new_lower + count] = given[:count]
        return array_values.with_lower_bounds(items, (new_lower,))
    for (low, high), lower, size in zip(bounds, lowers, shape):
        if low < lower or high > lower + size - 1:
            raise _error("array subscript out of range")
    count = 1
    for low, high in bounds:
        count *= high - low + 1
    if len(given) < count:
        raise _error("source array too small")
    flat = _flat(array)
    taken = iter(given[:count])
    _place(flat, shape, [(low - lower, high - lower) for (low, high), lower
                         in zip(bounds, lowers)], taken, 0, 0)
    return array_values.with_lower_bounds(_nest(flat, shape), lowers)


def _place(flat: list, shape: list[int], ranges: list, taken, depth: int, offset: int) -> None:
    """Write the next elements of `taken` into the row-major `flat` over `ranges`."""
    low, high = ranges[depth]
    for position in range(low, high + 1):
        at = offset * shape[depth] + position
        if depth == len(shape) - 1:
            flat[at] = next(taken)
        else:
            _place(flat, shape, ranges, taken, depth + 1, at)


def _filled(given: list, shape: list[int], lowers: list[int]) -> list:
    count = 1
    for n in shape:
        count *= n
    if len(given) < count:
        raise _error("source array too small")
    return array_values.with_lower_bounds(_nest(given[:count], shape), lowers)
