"""Array functions psql's describe queries use: unnest(anyarray), array_to_string and
array concatenation (text[] || text[], name[] || name[]).

Arrays are nested Python lists (datatypes/arrays.py). unnest and array_to_string are
polymorphic: a resolver binds them per call to the argument's array type (unnest returns
its element type). Only one-dimensional text[] and name[] arrays are concatenated, and
`||` is strict here (operators are): PostgreSQL's array_cat gives the other array for
NULL || array, and also joins arrays of other types and of different dimensions.

Entry point: register_all() (called by functions.py).

PostgreSQL: utils/adt/arrayfuncs.c (array_unnest), utils/adt/array_userfuncs.c
(array_cat), utils/adt/varlena.c (array_to_text).
"""
from __future__ import annotations

from pgsnake.datatypes import registry

TEXT, TEXT_ARRAY, NAME_ARRAY, UNKNOWN = 25, 1009, 1003, 705


def _flatten(array):
    for element in array:
        if isinstance(element, list):
            yield from _flatten(element)
        else:
            yield element


def _element_type(array_type: int) -> int:
    if array_type in (0, UNKNOWN):
        return 0
    from pgsnake.utils.errors import PgError
    try:
        return registry.get_type(array_type).element_oid or 0
    except PgError:              # not a type the registry knows: not an array
        return 0


def _unnest_resolver(arg_types: list[int]):
    from pgsnake.datatypes import functions
    if len(arg_types) != 1:
        return None
    element = _element_type(arg_types[0])
    if not element:
        return None
    return functions.Function(2331, "unnest", (arg_types[0],), element,
                              lambda array: iter(list(_flatten(array))), strict=True,
                              volatility="i", returns_set=True, rows=100.0)


def _array_to_string_resolver(arg_types: list[int]):
    from pgsnake.datatypes import functions
    if len(arg_types) not in (2, 3):
        return None
    element = _element_type(arg_types[0])
    if not element:
        return None
    output = registry.get_type(element).output

    def to_string(array, delimiter, null_string=None):
        if array is None or delimiter is None:
            return None
        parts = []
        for value in _flatten(array):
            if value is None:
                if null_string is not None:
                    parts.append(null_string)
            else:
                parts.append(output(value))
        return delimiter.join(parts)
    if len(arg_types) == 2:
        return functions.Function(395, "array_to_string", (arg_types[0], TEXT), TEXT,
                                  lambda a, d: to_string(a, d), strict=True, volatility="s")
    return functions.Function(384, "array_to_string", (arg_types[0], TEXT, TEXT), TEXT,
                              to_string, strict=False, volatility="s")


def _concatenate(left, right):
    return list(left) + list(right)


def register_all() -> None:
    from pgsnake.datatypes import functions, operators
    functions.register_resolver("unnest", _unnest_resolver)
    functions.register_resolver("array_to_string", _array_to_string_resolver)
    for array_type in (TEXT_ARRAY, NAME_ARRAY):
        operators.register(349, "||", array_type, array_type, array_type, _concatenate)
