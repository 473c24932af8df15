"""The polymorphic array functions and operators: array_length, array_append, unnest,
@>, ||, ... bound to concrete types at each call.

PostgreSQL declares these over anyarray / anyelement (all arguments of one type) or
anycompatiblearray / anycompatible (the arguments' common type). A call is resolved by
binding the pseudo-types to the element type its arguments imply: array_append(int4[],
int8) is array_append(int8[], int8) -> int8[]. Unknown literals take the bound type
('{1,2}' next to an int4[] is an int4[]); a call with nothing but unknowns cannot be
bound (42804, as PostgreSQL). The bound Function keeps PostgreSQL's pg_proc OID.

Entry points: install(register, register_resolver, Function) for functions.py,
install_operators(register_operator_resolver, Operator) for operators.py, and
COMPARISON_OPERATORS (array_eq ... array_ge by their pg_operator code).

PostgreSQL: parser/parse_coerce.c (enforce_generic_type_consistency),
utils/adt/array_userfuncs.c, utils/adt/arrayfuncs.c, catalog/pg_proc.dat.
"""
from __future__ import annotations

from typing import Any, Callable

from pgsnake.datatypes import array_values, registry
from pgsnake.datatypes.array_assignment import MAX_ARRAY_SIZE
from pgsnake.datatypes.type_coercion import array_element, can_coerce, common_type
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

UNKNOWN, TEXT, INT4, BOOL = 705, 25, 23, 16
ARRAY, ELEMENT = "array", "element"         # the two pseudo-type roles of a signature


def _array_type_of(element: int) -> int:
    info = registry.get_type(element) if element else None
    return info.array_oid if info is not None else 0


def bind(signature: tuple, arg_types: list[int], compatible: bool) -> tuple | None:
    """(concrete argument types, element type) for a call, or None when the arguments
    do not fit the signature (not an array where one is declared, ...). Raises 42804
    when only unknowns decide the polymorphic type."""
    if len(signature) != len(arg_types):
        return None
    implied = []
    for declared, actual in zip(signature, arg_types):
        if actual == UNKNOWN:
            continue
        if declared == ARRAY:
            element = array_element(actual)
            if not element:
                return None
            implied.append(element)
        elif declared == ELEMENT:
            implied.append(actual)
        elif not can_coerce(actual, declared, "implicit"):
            return None
    if not implied:
        raise PgError(DATATYPE_MISMATCH, "could not determine polymorphic type because "
                                         "input has type unknown")
    if all(t == implied[0] for t in implied):
        element = implied[0]
    elif compatible:
        try:
            element = common_type(implied, "anycompatible")
        except PgError:
            return None         # no common type: not a candidate (42883 for the call)
    else:
        return None
    array_type = _array_type_of(element)
    if not array_type:
        return None
    concrete = tuple(array_type if d == ARRAY else element if d == ELEMENT else d
                     for d in signature)
    return concrete, element


def _result_type(declared, element: int) -> int:
    if declared == ARRAY:
        return _array_type_of(element)
    return element if declared == ELEMENT else declared


# -- implementations ----------------------------------------------------------------------------

def _dimension_length(array, dimension: int):
    shape = array_values.dimensions(array)
    return shape[dimension - 1] if 1 <= dimension <= len(shape) else None


def _lower(array, dimension: int):
    if _dimension_length(array, dimension) is None:
        return None
    return array_values.lower_bounds(array)[dimension - 1]


def _upper(array, dimension: int):
    length = _dimension_length(array, dimension)
    if length is None:
        return None
    return array_values.lower_bounds(array)[dimension - 1] + length - 1


def _ndims(array):
    return len(array_values.dimensions(array)) or None


def _dims(array):
    shape = array_values.dimensions(array)
    bounds = array_values.lower_bounds(array)
    return "".join(f"[{low}:{low + n - 1}]" for low, n in zip(bounds, shape)) \
        if shape else None


_FROM_LOWER_BOUND = object()      # array_position without a start: the first element's


def _first_subscript(array) -> int:
    return (array_values.lower_bounds(array) or (1,))[0]


def _width_bucket(operand, thresholds) -> int:
    """width_bucket(operand, thresholds): how many of the (ascending) thresholds are
    at or below the operand, found by binary search as PostgreSQL does."""
    if len(array_values.dimensions(thresholds)) > 1:
        raise PgError("2202E", "thresholds must be one-dimensional array")
    items = list(thresholds)
    if any(item is None for item in items):
        raise PgError("22004", "thresholds array must not contain NULLs")
    left, right = 0, len(items)
    while left < right:
        middle = (left + right) // 2
        if array_values.natural_compare(operand, items[middle]) < 0:
            right = middle
        else:
            left = middle + 1
    return left


def _position(array, element, start=_FROM_LOWER_BOUND):
    if array is None:
        return None
    if len(array_values.dimensions(array)) > 1:
        raise PgError("0A000", "searching for elements in multidimensional arrays is not "
                               "supported")
    if start is None:
        raise PgError("22004", "initial position must not be null")
    if start is _FROM_LOWER_BOUND:
        start = _first_subscript(array)
    for index, item in enumerate(array, _first_subscript(array)):
        if index >= start and item == element:
            return index
    return None


def _positions(array, element):
    if array is None:
        return None
    if len(array_values.dimensions(array)) > 1:
        raise PgError("0A000", "searching for elements in multidimensional arrays is not "
                               "supported")
    return [index for index, item in enumerate(array, _first_subscript(array))
            if item == element]


def _remove(array, element):
    if array is None:
        return None
    if len(array_values.dimensions(array)) > 1:
        raise PgError("0A000", "removing elements from multidimensional arrays is not "
                               "supported")
    kept = [item for item in array if item != element]
    # the lower bound stays (array_remove builds its result with the input's lbound)
    return array_values.with_lower_bounds(kept, array_values.lower_bounds(array)) \
        if kept else []


def _replace(array, old, new):
    if array is None:
        return None

    def swap(level):
        return [swap(i) if isinstance(i, list) else (new if i == old else i) for i in level]
    return array_values.with_lower_bounds(swap(array), array_values.lower_bounds(array))


def _trim(array, count: int):
    length = len(array)
    if not 0 <= count <= length:
        raise PgError("2202E", "number of elements to trim must be between 0 and "
                               f"{length}")
    return array[:length - count]


def _unnest(array):
    yield from array_values.elements(array)


_VECTOR_TYPES = (22, 30)        # int2vector, oidvector


def _unnest_vectors(array):
    """unnest(int2vector[]) / unnest(oidvector[]): each vector (itself a list) whole."""
    yield from array


def _unnest_rows(array):
    """array_unnest_support: a constant array has exactly its number of elements; one
    known only at run time is guessed at 10 (estimate_array_length)."""
    if array is None:
        return None
    return array_values.cardinality(array) if isinstance(array, list) else 10


def _subscripts(array, dimension: int, reverse: bool = False):
    length = _dimension_length(array, dimension)
    if length is None:
        return
    low = array_values.lower_bounds(array)[dimension - 1]
    high = low + length - 1
    yield from (range(high, low - 1, -1) if reverse else range(low, high + 1))


def _fill(value, lengths, *given_bounds):
    lower_bounds = given_bounds[0] if given_bounds else None
    if lengths is None or (given_bounds and lower_bounds is None):   # 3-argument form
        raise PgError("22004", "dimension array or low bound array cannot be null")
    if any(isinstance(n, list) for n in list(lengths) + list(lower_bounds or ())):
        raise PgError("2202E", "wrong number of array subscripts",
                      detail="Dimension array must be one dimensional.")
    if lower_bounds is not None and len(lower_bounds) != len(lengths):
        raise PgError("2202E", "wrong number of array subscripts",
                      detail="Low bound array has different size than dimensions array.")
    if any(n is None for n in lengths) or any(b is None for b in lower_bounds or ()):
        raise PgError("22004", "dimension values cannot be null")
    _check_fill_size(lengths, lower_bounds)
    if not lengths or any(n == 0 for n in lengths):
        return []

    def level(depth):
        if depth == len(lengths) - 1:
            return [value] * lengths[depth]
        return [level(depth + 1) for _ in range(lengths[depth])]
    return array_values.with_lower_bounds(level(0), lower_bounds or (1,) * len(lengths))


def _check_fill_size(lengths, lower_bounds) -> None:
    """PostgreSQL's ArrayGetNItems and ArrayCheckBounds, checked before anything is built:
    a negative length or more than MaxArraySize elements (54000), too many dimensions,
    and a lower bound whose last subscript would pass INT_MAX."""
    if len(lengths) > array_values.MAX_DIMENSIONS:
        raise PgError("54000", f"number of array dimensions ({len(lengths)}) exceeds the "
                      f"maximum allowed ({array_values.MAX_DIMENSIONS})")
    count = 1
    for n in lengths:
        count *= n
        if n < 0 or count > MAX_ARRAY_SIZE:
            raise PgError("54000", f"array size exceeds the maximum allowed ({MAX_ARRAY_SIZE})")
    for n, low in zip(lengths, lower_bounds or ()):
        if low + n > 2147483647:
            raise PgError("54000", f"array lower bound is too large: {low}")


def _text_of(element: int) -> Callable[[Any], str]:
    return registry.get_type(element).output


def _to_string(element: int):
    output = _text_of(element)

    def array_to_string(array, delimiter, null_text=None):
        if array is None or delimiter is None:
            return None
        parts = []
        for item in array_values.elements(array):
            if item is None:
                if null_text is not None:
                    parts.append(null_text)
            else:
                parts.append(output(item))
        return delimiter.join(parts)
    return array_to_string


def _string_to_array(text, delimiter, null_text=None):
    if text is None:
        return None
    if text == "":
        return []
    if delimiter is None:
        parts = list(text)
    elif delimiter == "":
        parts = [text]
    else:
        parts = text.split(delimiter)
    return [None if null_text is not None and p == null_text else p for p in parts]


# (oid, name, signature, result, implementation, strict, anycompatible)
_FUNCTIONS = (
    (2176, "array_length", (ARRAY, INT4), INT4, _dimension_length, True, False),
    (2091, "array_lower", (ARRAY, INT4), INT4, _lower, True, False),
    (2092, "array_upper", (ARRAY, INT4), INT4, _upper, True, False),
    (748, "array_ndims", (ARRAY,), INT4, _ndims, True, False),
    (747, "array_dims", (ARRAY,), TEXT, _dims, True, False),
    (378, "array_append", (ARRAY, ELEMENT), ARRAY, array_values.append, False, True),
    (379, "array_prepend", (ELEMENT, ARRAY), ARRAY, array_values.prepend, False, True),
    (383, "array_cat", (ARRAY, ARRAY), ARRAY, array_values.concatenate, False, True),
    (3277, "array_position", (ARRAY, ELEMENT), INT4, _position, False, True),
    (3278, "array_position", (ARRAY, ELEMENT, INT4), INT4, _position, False, True),
    (3279, "array_positions", (ARRAY, ELEMENT), 1007, _positions, False, True),
    (3167, "array_remove", (ARRAY, ELEMENT), ARRAY, _remove, False, True),
    (3168, "array_replace", (ARRAY, ELEMENT, ELEMENT), ARRAY, _replace, False, True),
    (6172, "trim_array", (ARRAY, INT4), ARRAY, _trim, True, False),
    (1193, "array_fill", (ELEMENT, 1007), ARRAY, _fill, False, False),
    (3218, "width_bucket", (ELEMENT, ARRAY), INT4, _width_bucket, True, True),
    (1286, "array_fill", (ELEMENT, 1007, 1007), ARRAY, _fill, False, False),
)
# The same, for functions whose implementation depends on the element type (its output
# function): `implementation` is a factory taking the element type.
_FACTORIES = (
    (395, "array_to_string", (ARRAY, TEXT), TEXT, _to_string, True, False),
    (384, "array_to_string", (ARRAY, TEXT, TEXT), TEXT, _to_string, False, False),
)
# (oid, name, signature, result, implementation, prorows, row estimate support)
_SET_RETURNING = (
    (2331, "unnest", (ARRAY,), ELEMENT, _unnest, 100, _unnest_rows),
    (1191, "generate_subscripts", (ARRAY, INT4, BOOL), INT4, _subscripts, 1000, None),
    (1192, "generate_subscripts", (ARRAY, INT4), INT4, _subscripts, 1000, None),
)


def install(register, register_resolver, function_class) -> None:
    """Register the array functions with functions.py: a catalog entry per OID (for
    row estimates and pg_proc lookups) and a resolver per name that binds the types."""
    overloads: dict[str, list] = {}
    for oid, name, signature, result, fn, strict, compatible in _FUNCTIONS:
        overloads.setdefault(name, []).append(
            (oid, signature, result, lambda element, fn=fn: fn, strict, compatible, False,
             0.0, None))
    for oid, name, signature, result, factory, strict, compatible in _FACTORIES:
        overloads.setdefault(name, []).append(
            (oid, signature, result, factory, strict, compatible, False, 0.0, None))
    for oid, name, signature, result, fn, rows, rows_support in _SET_RETURNING:
        overloads.setdefault(name, []).append(
            (oid, signature, result,
             lambda element, fn=fn: _unnest_vectors if fn is _unnest and
             element in _VECTOR_TYPES else fn,
             True, False, True, float(rows), rows_support))
        register(name, tuple(2277 if d == ARRAY else 2283 if d == ELEMENT else d
                             for d in signature), 2283 if result == ELEMENT else result,
                 fn, oid=oid, volatility="i", returns_set=True, rows=rows,
                 rows_support=rows_support)
    for oid, arg_types in ((394, (TEXT, TEXT)), (376, (TEXT, TEXT, TEXT))):
        register("string_to_array", arg_types, 1009, _string_to_array, oid=oid,
                 strict=False, volatility="i")

    def resolver_for(name: str, candidates: list):
        def resolve(arg_types: list[int]):
            for (oid, signature, result, factory, strict, compatible, returns_set, rows,
                 rows_support) in candidates:
                bound = bind(signature, arg_types, compatible)
                if bound is None:
                    continue
                concrete, element = bound
                return function_class(oid, name, concrete, _result_type(result, element),
                                      factory(element), strict=strict, volatility="i",
                                      returns_set=returns_set, rows=rows,
                                      rows_support=rows_support)
            return None
        return resolve

    for name, candidates in overloads.items():
        register_resolver(name, resolver_for(name, candidates))


# -- operators -----------------------------------------------------------------------------

def _compare_with(test: Callable[[int], bool]):
    return lambda a, b: test(array_values.compare(a, b, array_values.natural_compare))


# array_eq ... array_ge (pg_operator 1070-1075) by their oprcode.
COMPARISON_OPERATORS = {
    "array_eq": _compare_with(lambda c: c == 0), "array_ne": _compare_with(lambda c: c != 0),
    "array_lt": _compare_with(lambda c: c < 0), "array_gt": _compare_with(lambda c: c > 0),
    "array_le": _compare_with(lambda c: c <= 0), "array_ge": _compare_with(lambda c: c >= 0),
}


def _equal(x, y) -> bool:
    return x == y


def install_operators(register_operator_resolver, operator_class) -> None:
    """= <> < > <= >= (1070-1075), || (array_append 349, array_prepend 374, array_cat
    375) and @> <@ && (2751, 2752, 2750), bound per call as the functions are."""
    def concatenation(left: int, right: int):
        left_element, right_element = array_element(left), array_element(right)
        if left_element and (right_element or right == UNKNOWN):
            oid, signature, fn = 375, (ARRAY, ARRAY), array_values.concatenate
        elif left == UNKNOWN and right_element:
            oid, signature, fn = 375, (ARRAY, ARRAY), array_values.concatenate
        elif left_element:
            oid, signature, fn = 349, (ARRAY, ELEMENT), array_values.append
        elif right_element:
            oid, signature, fn = 374, (ELEMENT, ARRAY), array_values.prepend
        else:
            return None
        bound = bind(signature, [left, right], True)
        if bound is None:
            return None
        (left_type, right_type), element = bound
        return operator_class(oid, "||", left_type, right_type, _array_type_of(element), fn,
                              strict=False)

    def same_type_arrays(name: str, oid: int, test):
        """An operator over two arrays of one type (anyarray, anyarray) -> bool."""
        def resolve(left: int, right: int):
            if not (array_element(left) or array_element(right)):
                return None
            bound = bind((ARRAY, ARRAY), [left, right], False)
            if bound is None:
                return None
            (left_type, right_type), _element = bound
            return operator_class(oid, name, left_type, right_type, BOOL, test)
        return resolve

    for oid, name, code in ((1070, "=", "array_eq"), (1071, "<>", "array_ne"),
                            (1072, "<", "array_lt"), (1073, ">", "array_gt"),
                            (1074, "<=", "array_le"), (1075, ">=", "array_ge")):
        register_operator_resolver(name, same_type_arrays(name, oid, COMPARISON_OPERATORS[code]))
    register_operator_resolver("||", concatenation)
    register_operator_resolver("@>", same_type_arrays(
        "@>", 2751, lambda a, b: array_values.contains(a, b, _equal)))
    register_operator_resolver("<@", same_type_arrays(
        "<@", 2752, lambda a, b: array_values.contains(b, a, _equal)))
    register_operator_resolver("&&", same_type_arrays(
        "&&", 2750, lambda a, b: array_values.overlaps(a, b, _equal)))
