"""Which types can be sorted (ORDER BY) or compared for equality (DISTINCT): the types
with a default btree (or, for equality, hash) operator class in PostgreSQL's pg_opclass.

A type such as point or box has comparison-looking operators but no btree operator
class, so PostgreSQL refuses to sort it ("could not identify an ordering operator");
without this check pgsnake would sort by the Python value's order and answer instead.

Entry points: require_ordering(type_oid, position), require_equality(type_oid, position).

PostgreSQL: parser/parse_clause.c (addTargetToSortList), parse_oper.c
(get_sort_group_operators), utils/cache/typcache.c (default opclass lookup).
"""
from __future__ import annotations

import functools

from pgsnake.datatypes import registry, user_type_facts
from pgsnake.utils.errors import UNDEFINED_FUNCTION, PgError

BTREE, HASH = 403, 405
ANYARRAY, UNKNOWN = 2277, 705
FIRST_USER_OID = user_type_facts.FIRST_CATALOG_TYPE_OID     # types the catalogs describe
ANYRANGE, ANYMULTIRANGE = 3831, 4537
_opclass_types: dict[int, frozenset[int]] = {}


def _types_with_default_opclass(method: int) -> frozenset[int]:
    if method not in _opclass_types:
        from pgsnake.catalog.generated import pg_opclass_rows
        column = {name: i for i, name in enumerate(pg_opclass_rows.COLUMNS)}
        _opclass_types[method] = frozenset(
            row[column["opcintype"]] for row in pg_opclass_rows.ROWS
            if row[column["opcmethod"]] == method and row[column["opcdefault"]])
    return _opclass_types[method]


def _has_opclass(type_oid: int, methods: tuple[int, ...]) -> bool:
    if type_oid == UNKNOWN:
        return True                   # resolved to text later
    if user_type_facts.described_by_catalogs(type_oid):
        return _catalog_type_has_opclass(type_oid, methods)
    try:
        info = registry.get_type(type_oid)
    except PgError:
        return True
    if info.element_oid and info.category == "A":
        return any(ANYARRAY in _types_with_default_opclass(m) for m in methods) and \
            _has_opclass(info.element_oid, methods)
    if any(type_oid in _types_with_default_opclass(m) for m in methods):
        return True
    if info.category == "R":
        # range and multirange types: the anyrange / anymultirange operator classes
        return any(t in _types_with_default_opclass(m) for t in (ANYRANGE, ANYMULTIRANGE)
                   for m in methods)
    # a type binary-coercible to one with an operator class (varchar -> text, cidr -> inet)
    return any(target in _types_with_default_opclass(m)
               for target in _binary_coercible_targets(type_oid) for m in methods)


def _catalog_type_has_opclass(type_oid: int, methods: tuple[int, ...]) -> bool:
    """A type the catalogs describe: a domain as its base type, an array as its element
    type, a composite type only when every column's type has the operator class
    (record_ops needs each field's comparison, as the type cache's field flags say);
    enums, ranges and other user types are not judged here."""
    base = user_type_facts.base_type(type_oid)
    if base != type_oid:
        return _has_opclass(base, methods)
    element = user_type_facts.array_element(type_oid)
    if element:
        return _has_opclass(element, methods)
    from pgsnake.parser.composite_expressions import composite_columns
    columns = composite_columns(type_oid)
    return columns is None or all(_has_opclass(t, methods) for _n, t, _m in columns)


def _check_record_columns(type_oids: tuple, ordering: bool) -> None:
    """Comparing two rows at run time (record_cmp / record_eq): each column's type must
    have a comparison function (ordering) or an equality operator, or 42883."""
    for type_oid in type_oids:
        if not type_oid or type_oid == UNKNOWN:
            continue
        if ordering and not _has_opclass(type_oid, (BTREE,)):
            raise PgError(UNDEFINED_FUNCTION, "could not identify a comparison function for "
                          f"type {registry.format_type(type_oid)}")
        if not ordering and not _has_opclass(type_oid, (BTREE, HASH)):
            raise PgError(UNDEFINED_FUNCTION, "could not identify an equality operator for "
                          f"type {registry.format_type(type_oid)}")


registry.set_record_column_check(_check_record_columns)


def btree_input_type(type_oid: int) -> int:
    """The input type of the B-tree operator class that orders `type_oid` (opcintype):
    the type itself, or the type it is binary-coercible to (varchar -> text), a
    domain's base type's."""
    type_oid = user_type_facts.base_type(type_oid)
    if type_oid in _types_with_default_opclass(BTREE):
        return type_oid
    return next((target for target in _binary_coercible_targets(type_oid)
                 if target in _types_with_default_opclass(BTREE)), type_oid)


@functools.lru_cache(maxsize=None)
def is_binary_coercible(source: int, target: int) -> bool:
    """A value of `source` is already a value of `target` (pg_cast castmethod 'b',
    implicit): varchar -> text, oid -> regclass, ..."""
    return source == target or target in _binary_coercible_targets(source)


def _binary_coercible_targets(type_oid: int) -> list[int]:
    return [target for source, target, context, method, _f in builtin_cast_facts()
            if source == type_oid and context == "i" and method == "b"]


@functools.lru_cache(maxsize=None)
def builtin_cast_facts() -> tuple:
    """pg_cast's built-in rows as (source, target, context, method, function) facts."""
    from pgsnake.datatypes import (catalog_facts, extended_statistics_types, scalar_facts,
                                   textsearch_catalog_facts)
    return tuple(catalog_facts.CASTS + scalar_facts.CASTS + textsearch_catalog_facts.CASTS
                 + extended_statistics_types.CASTS)


def require_ordering(type_oid: int, position: int | None = None) -> None:
    if not _has_opclass(type_oid, (BTREE,)):
        raise PgError(UNDEFINED_FUNCTION, "could not identify an ordering operator for type "
                      f"{registry.format_type(type_oid)}",
                      hint="Use an explicit ordering operator or modify the query.",
                      position=position)


def require_equality(type_oid: int, position: int | None = None) -> None:
    if not _has_opclass(type_oid, (BTREE, HASH)):
        raise PgError(UNDEFINED_FUNCTION, "could not identify an equality operator for type "
                      f"{registry.format_type(type_oid)}", position=position)
