"""Built-in functions and operators that PostgreSQL 15 has but pgsnake cannot run.

When resolution in pgsnake.datatypes finds no function (or operator) for a call, this
module asks PostgreSQL's own catalog rows (catalog/generated/pg_proc_rows.py,
pg_operator_rows.py) whether PostgreSQL would have found one: a pg_catalog entry of that
name whose declared argument types accept the call's (implicitly coercible, a
polymorphic or pseudo type, or an unknown literal; defaults and VARIADIC counted). If so,
the call is valid SQL that pgsnake does not implement, and the caller reports 0A000
naming the function instead of PostgreSQL's 42883 'does not exist', which would be false.

Entry points: postgres_has_function(name, arg_types), postgres_has_operator(name, left,
right), not_supported_function(name, arg_types), not_supported_operator(name, left, right).

PostgreSQL: parser/parse_func.c (func_get_detail), parse_oper.c (oper_select_candidate),
the only difference being which functions exist.
"""
from __future__ import annotations

from pgsnake.datatypes import registry
from pgsnake.datatypes.type_coercion import can_coerce, category, polymorphic_consistent
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

PG_CATALOG_NAMESPACE = 11
UNKNOWN = 705
_functions: dict[str, list[tuple]] | None = None
_operators: dict[str, list[tuple]] | None = None


def _category(type_oid: int) -> str | None:
    try:
        registry.get_type(type_oid)
    except PgError:
        return None
    return category(type_oid)


_ANY_VALUE = (2276, 2283, 5077)          # any, anyelement, anycompatible
_ANY_NON_ARRAY = (2776,)                 # anynonarray
_ANY_ARRAY = (2277, 5078)                # anyarray, anycompatiblearray


def _accepts(declared: int, given: int) -> bool:
    """Would PostgreSQL take an argument of type `given` for a parameter `declared`?
    Polymorphic parameters take what they can; other pseudo-types (anyrange, internal,
    cstring, ...) and types pgsnake does not know take only an unknown literal."""
    if given == UNKNOWN or declared == given or declared in _ANY_VALUE:
        return True
    given_is_array = _category(given) == "A"
    if declared in _ANY_NON_ARRAY:
        return not given_is_array
    if declared in _ANY_ARRAY:
        return given_is_array
    if _category(declared) in (None, "P"):
        return False
    return can_coerce(given, declared, "implicit")


def accepts(declared: int, given: int) -> bool:
    """Whether PostgreSQL would take an argument of type `given` for `declared`."""
    return _accepts(declared, given)


def _load_functions() -> dict[str, list[tuple]]:
    global _functions
    if _functions is None:
        from pgsnake.catalog.generated import pg_proc_rows
        column = {name: i for i, name in enumerate(pg_proc_rows.COLUMNS)}
        table: dict[str, list[tuple]] = {}
        for row in pg_proc_rows.ROWS:
            if row[column["pronamespace"]] != PG_CATALOG_NAMESPACE or \
                    row[column["prokind"]] == "p":
                continue
            table.setdefault(row[column["proname"]], []).append(
                (tuple(row[column["proargtypes"]] or ()), row[column["pronargdefaults"]],
                 row[column["provariadic"]]))
        _functions = table
    return _functions


def _load_operators() -> dict[str, list[tuple]]:
    global _operators
    if _operators is None:
        from pgsnake.catalog.generated import pg_operator_rows
        column = {name: i for i, name in enumerate(pg_operator_rows.COLUMNS)}
        table: dict[str, list[tuple]] = {}
        for row in pg_operator_rows.ROWS:
            if row[column["oprnamespace"]] == PG_CATALOG_NAMESPACE:
                table.setdefault(row[column["oprname"]], []).append(
                    (row[column["oprleft"]], row[column["oprright"]]))
        _operators = table
    return _operators


def postgres_has_function(name: str, arg_types: list[int], expand_variadic: bool = True) -> bool:
    """expand_variadic=False: the call wrote VARIADIC, so a VARIADIC function takes its
    last argument as the array itself (and a VARIADIC "any" one takes no call)."""
    for declared, defaults, variadic in _load_functions().get(name.lower(), ()):
        count = len(arg_types)
        if variadic and not expand_variadic:
            if variadic == 2276 or count != len(declared):
                continue
        elif variadic:
            # expanded: every argument after the fixed ones must be of the element type
            # (an array passed without VARIADIC is one element, not the whole list)
            fixed = declared[:-1]
            if count <= len(fixed) or not all(_accepts(d, g) for d, g in zip(fixed, arg_types)):
                continue
            if all(_accepts(variadic, g) for g in arg_types[len(fixed):]):
                return True
            continue
        if not len(declared) - (defaults or 0) <= count <= len(declared):
            continue
        if all(_accepts(d, g) for d, g in zip(declared, arg_types)) and \
                polymorphic_consistent(declared, arg_types):
            return True
    return False


def postgres_has_operator(name: str, left: int | None, right: int) -> bool:
    for declared_left, declared_right in _load_operators().get(name, ()):
        if (declared_left == 0) != (left is None):
            continue
        if left is not None and not _accepts(declared_left, left):
            continue
        if left is not None and not polymorphic_consistent((declared_left, declared_right),
                                                           (left, right)):
            continue
        if _accepts(declared_right, right):
            return True
    return False


def not_supported_function(name: str, arg_types: list[int]) -> PgError:
    described = ", ".join(registry.format_type(t) for t in arg_types)
    return PgError(FEATURE_NOT_SUPPORTED,
                   f"function {name.lower()}({described}) is not supported by pgsnake",
                   detail="PostgreSQL 15 has this built-in function; pgsnake does not "
                          "implement it yet.")


def not_supported_operator(name: str, left: int | None, right: int) -> PgError:
    right_name = registry.format_type(right)
    described = f"{name} {right_name}" if left is None else \
        f"{registry.format_type(left)} {name} {right_name}"
    return PgError(FEATURE_NOT_SUPPORTED, f"operator is not supported by pgsnake: {described}",
                   detail="PostgreSQL 15 has this built-in operator; pgsnake does not "
                          "implement it yet.")
