"""Operations on array values: shape, subscripts, slices, comparison and containment.

An array value is a Python list; a multi-dimensional array is a list of equally long
lists (a rectangle, as PostgreSQL requires), None is a NULL element, and [] is the empty
array, which has no dimensions at all. Every dimension's lower bound is 1, except in a
BoundedArray ('[0:2]={1,2,3}'), which carries one lower bound per dimension (a value
built by an operation here has lower bounds 1 unless it says otherwise).

Invariants:
 1. A value built here is rectangular: constructors check it and raise 2202E.
 2. Subscripts out of range give NULL (fetch) or shrink the slice, never an error, as
    in PostgreSQL; a slice that selects nothing is the empty array.
 3. Comparison orders element by element, a NULL element after every non-NULL one,
    then by the number of elements, then by the dimensions (array_cmp).

PostgreSQL: utils/adt/arrayfuncs.c (array_ref, array_get_slice, array_cmp, array_dims,
array_length), utils/adt/array_userfuncs.c (array_append, array_cat, array_position,
array_remove), utils/adt/arrayfuncs.c (arraycontains, arrayoverlap).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from pgsnake.utils.errors import PgError

ARRAY_SUBSCRIPT_ERROR = "2202E"
PROGRAM_LIMIT_EXCEEDED = "54000"
MAX_DIMENSIONS = 6


def dimensions(value: list) -> list[int]:
    """The length of each dimension ([] for the empty array)."""
    lengths = []
    while isinstance(value, list) and value:
        lengths.append(len(value))
        value = value[0]
    return lengths


def elements(value: list) -> Iterator[Any]:
    """Every element, in storage order (row-major), NULLs included."""
    for item in value:
        if isinstance(item, list):
            yield from elements(item)
        else:
            yield item


def cardinality(value: list) -> int:
    return sum(cardinality(item) if isinstance(item, list) else 1 for item in value)


def stack(subarrays: list) -> list:
    """ARRAY[a, b, ...] of arrays: one more dimension. All must have the same
    dimensions (2202E otherwise); when every one is NULL or empty, the result is empty."""
    present = [a for a in subarrays if a]
    if not present:
        return []
    if len(present) != len(subarrays):
        raise mismatched_dimensions()
    shape = dimensions(present[0])
    bounds = lower_bounds(present[0])
    if any(dimensions(a) != shape or lower_bounds(a) != bounds for a in present[1:]):
        raise mismatched_dimensions()
    if len(shape) + 1 > MAX_DIMENSIONS:
        raise PgError(PROGRAM_LIMIT_EXCEEDED, f"number of array dimensions ({len(shape) + 1}) "
                      f"exceeds the maximum allowed ({MAX_DIMENSIONS})")
    # the inner dimensions keep the subarrays' lower bounds (ExecEvalArrayExpr)
    return with_lower_bounds([list(a) for a in present], (1,) + bounds)


def mismatched_dimensions() -> PgError:
    return PgError(ARRAY_SUBSCRIPT_ERROR, "multidimensional arrays must have array "
                                          "expressions with matching dimensions")


# -- subscripts ------------------------------------------------------------------------------

class ZeroBasedList(list):
    """A one-dimensional array whose lower bound is 0 (PL/pgSQL's TG_ARGV)."""
    lower_bound = 0


class BoundedArray(list):
    """An array with explicit lower bounds, one per dimension ('[0:2]={1,2,3}'). It
    equals only an array with the same bounds (array_eq): DISTINCT, GROUP BY and
    hashing tell '[0:1]={1,2}' from '{1,2}'."""
    lower_bounds: tuple = ()

    def __eq__(self, other):
        if not isinstance(other, list):
            return NotImplemented
        return list.__eq__(self, other) and lower_bounds(self) == lower_bounds(other)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None


def lower_bounds(value: list) -> tuple:
    """Each dimension's lower bound."""
    bounds = getattr(value, "lower_bounds", None)
    ndims = len(dimensions(value))
    if bounds and len(bounds) == ndims:
        return tuple(bounds)
    first = getattr(value, "lower_bound", 1)
    return ((first,) + (1,) * (ndims - 1)) if ndims else ()


def with_lower_bounds(items: list, bounds) -> list:
    """`items` with these lower bounds (a plain list when they are all 1)."""
    bounds = tuple(bounds)
    if all(b == 1 for b in bounds):
        return items
    array = BoundedArray(items)
    array.lower_bounds = bounds
    return array


def fetch(value: list, subscripts: list[int]) -> Any:
    """value[i][j]...: the element, or NULL when a subscript is out of range or there are
    more or fewer subscripts than dimensions."""
    if len(subscripts) != len(dimensions(value)):
        return None
    for index, lower in zip(subscripts, lower_bounds(value)):
        index += 1 - lower
        if not 1 <= index <= len(value):
            return None
        value = value[index - 1]
    return value


def slice_of(value: list, bounds: list[tuple[int | None, int | None]]) -> list:
    """value[lo:hi][lo:hi]...: bounds per dimension (in the array's own subscripts),
    None for an omitted bound. Fewer bounds than dimensions take the remaining
    dimensions whole; more give the empty array. The result's lower bounds are 1."""
    shape = dimensions(value)
    if not shape or len(bounds) > len(shape):
        return []
    bounds = list(bounds) + [(None, None)] * (len(shape) - len(bounds))
    bounds = [(None if low is None else low + 1 - lower,
               None if high is None else high + 1 - lower)
              for (low, high), lower in zip(bounds, lower_bounds(value))]

    def cut(level: list, depth: int) -> list | None:
        low, high = bounds[depth]
        low = 1 if low is None else max(low, 1)
        high = len(level) if high is None else min(high, len(level))
        if low > high:
            return None
        part = level[low - 1:high]
        if depth + 1 == len(bounds):
            return part
        inner = [cut(item, depth + 1) for item in part]
        return None if any(i is None for i in inner) else inner

    result = cut(value, 0)
    return [] if result is None else result


# -- comparison ------------------------------------------------------------------------------

def compare(a: list, b: list, element_compare: Callable[[Any, Any], int]) -> int:
    """-1, 0 or 1, as array_cmp orders arrays of the same element type."""
    for x, y in zip(elements(a), elements(b)):
        if x is None or y is None:
            if x is None and y is None:
                continue
            return 1 if x is None else -1
        result = element_compare(x, y)
        if result:
            return result
    count_a, count_b = cardinality(a), cardinality(b)
    if count_a != count_b:
        return -1 if count_a < count_b else 1
    shape_a, shape_b = dimensions(a), dimensions(b)
    if shape_a != shape_b:
        if len(shape_a) != len(shape_b):
            return -1 if len(shape_a) < len(shape_b) else 1
        return -1 if shape_a < shape_b else 1
    bounds_a, bounds_b = lower_bounds(a), lower_bounds(b)
    if bounds_a != bounds_b:
        return -1 if bounds_a < bounds_b else 1
    return 0


def natural_compare(x, y) -> int:
    """Three-way comparison of two non-NULL values of one type; a float or numeric NaN
    sorts above every other value and equals itself (float8_cmp, cmp_numerics)."""
    if x != x or y != y:                # only a NaN is unequal to itself
        return (x != x) - (y != y)
    return (x > y) - (x < y)


def contains(a: list, b: list, equal: Callable[[Any, Any], bool]) -> bool:
    """a @> b: every non-NULL element of b equals some element of a; a NULL in b is
    never contained (arraycontains)."""
    candidates = [x for x in elements(a) if x is not None]
    for y in elements(b):
        if y is None or not any(equal(x, y) for x in candidates):
            return False
    return True


def overlaps(a: list, b: list, equal: Callable[[Any, Any], bool]) -> bool:
    """a && b: some non-NULL element is in both."""
    left = [x for x in elements(a) if x is not None]
    return any(y is not None and any(equal(x, y) for x in left) for y in elements(b))


# -- building ---------------------------------------------------------------------------------

def append(array: list | None, element: Any) -> list:
    """array_append: only to a one-dimensional (or empty / NULL) array."""
    array = [] if array is None else array
    if len(dimensions(array)) > 1:
        raise PgError("22000", "argument must be empty or one-dimensional array")
    return with_lower_bounds(array + [element], lower_bounds(array) or (1,))


def prepend(element: Any, array: list | None) -> list:
    array = [] if array is None else array
    if len(dimensions(array)) > 1:
        raise PgError("22000", "argument must be empty or one-dimensional array")
    return with_lower_bounds([element] + array, lower_bounds(array) or (1,))


def concatenate(a: list | None, b: list | None) -> list | None:
    """array_cat: equal dimensions append along the first; an array of one dimension
    less is appended (or prepended) as one more row."""
    if a is None or b is None:
        return b if a is None else a
    if not a or not b:
        return b if not a else a          # the other one as it is, bounds and all
    shape_a, shape_b = dimensions(a), dimensions(b)
    # the result's lower bounds are the first array's, or (prepending a row) the
    # second's as they are (array_cat keeps lbs2; only the first length grows)
    bounds_a, bounds_b = lower_bounds(a), lower_bounds(b)
    if len(shape_a) == len(shape_b):
        if shape_a[1:] != shape_b[1:] or bounds_a[1:] != bounds_b[1:]:
            raise PgError(ARRAY_SUBSCRIPT_ERROR, "cannot concatenate incompatible arrays",
                          detail="Arrays with differing element dimensions are not "
                                 "compatible for concatenation.")
        return with_lower_bounds(list(a) + list(b), lower_bounds(a))
    if len(shape_a) == len(shape_b) + 1 and shape_a[1:] == shape_b \
            and bounds_a[1:] == bounds_b:
        return with_lower_bounds(list(a) + [list(b)], bounds_a)
    if len(shape_b) == len(shape_a) + 1 and shape_b[1:] == shape_a \
            and bounds_b[1:] == bounds_a:
        return with_lower_bounds([list(a)] + list(b), bounds_b)
    raise PgError(ARRAY_SUBSCRIPT_ERROR, "cannot concatenate incompatible arrays",
                  detail="Arrays with differing dimensions are not compatible for "
                         "concatenation.")
