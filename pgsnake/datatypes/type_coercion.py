"""Which types convert to which without a cast, and how an overloaded operator or function
is chosen: the rules of PostgreSQL's parse_coerce.c and parse_func.c, on built-in types.

Entry points: can_coerce(source, target, context), select_candidate(candidates, arg_types)
(func_select_candidate), common_type(type_oids, context) (select_common_type),
cast_context_of(source, target) ('i' | 'a' | 'e' | 'io_a' | 'io_e' | None),
add_builtin_type(oid, category, element) (the range types' facts).

Invariants:
 1. An unknown-typed literal (705) coerces implicitly to any type.
 2. Conversion through text I/O counts as an assignment cast when the target is a string
    type and an explicit cast when only the source is.
 3. A domain converts as its base type; a conversion to a domain is one to its base
    type (the domain's checks are added by whoever converts: parser/domain_coercion.py,
    casts.find_cast). Any composite type converts to record.

PostgreSQL: parser/parse_coerce.c (can_coerce_type, find_coercion_pathway,
select_common_type), parser/parse_func.c (func_select_candidate), parse_oper.c.
"""
from __future__ import annotations

from typing import Callable

from pgsnake.datatypes import scalar_facts, user_type_facts
from pgsnake.datatypes.catalog_facts import CASTS, TYPES
from pgsnake.utils.errors import (AMBIGUOUS_FUNCTION, DATATYPE_MISMATCH, UNDEFINED_FUNCTION,
                                  PgError)

UNKNOWN, TEXT, ANY, ANYELEMENT, ANYARRAY, RECORD = 705, 25, 2276, 2283, 2277, 2249
STRING_CATEGORY = "S"

_CAST_CONTEXT = {(source, target): context
                 for source, target, context, _m, _f in CASTS + scalar_facts.CASTS}
_CATEGORY = {row[0]: row[5] for row in TYPES + scalar_facts.TYPES}
_PREFERRED = {row[0]: row[6] for row in TYPES + scalar_facts.TYPES}
_VECTOR_TYPES = (22, 30)            # int2vector, oidvector
_VECTOR_ARRAYS = {22: 1005, 30: 1028}
_ELEMENT = {row[0]: row[8] for row in TYPES + scalar_facts.TYPES if row[8]}
_LEVEL = {"implicit": 0, "assignment": 1, "explicit": 2}
_CONTEXT_LEVEL = {"i": 0, "a": 1, "e": 2}

# json, jsonb and jsonpath come from their own generated facts (json_catalog_facts.py).
from pgsnake.datatypes import json_catalog_facts as _json_facts  # noqa: E402
_CAST_CONTEXT.update(((s, t), c) for s, t, c, _m, _f in _json_facts.CASTS)
_CATEGORY.update((row[0], row[5]) for row in _json_facts.TYPES)
_PREFERRED.update((row[0], row[6]) for row in _json_facts.TYPES)
_ELEMENT.update((row[0], row[8]) for row in _json_facts.TYPES if row[8])
# Full text search's types come from textsearch_catalog_facts.py.
from pgsnake.datatypes import textsearch_catalog_facts as _ts_facts  # noqa: E402
_CAST_CONTEXT.update(((s, t), c) for s, t, c, _m, _f in _ts_facts.CASTS)
_CATEGORY.update((row[0], row[5]) for row in _ts_facts.TYPES)
_PREFERRED.update((row[0], row[6]) for row in _ts_facts.TYPES)
_ELEMENT.update((row[0], row[8]) for row in _ts_facts.TYPES if row[8])
# pg_ndistinct, pg_dependencies, pg_mcv_list: implicitly to bytea (binary) and text (I/O).
from pgsnake.datatypes import extended_statistics_types as _stx  # noqa: E402
_CAST_CONTEXT.update(((s, t), c) for s, t, c, _m, _f in _stx.CASTS)
from pgsnake.datatypes import aclitem as _aclitem  # noqa: E402
_CATEGORY.update((row[0], row[5]) for row in _aclitem.TYPES)
_ELEMENT.update((row[0], row[8]) for row in _aclitem.TYPES if row[8])
from pgsnake.datatypes import xml_type as _xml  # noqa: E402
_CAST_CONTEXT.update(((s, t), c) for s, t, c, _m, _f in _xml.CASTS)
_CATEGORY.update((row[0], row[5]) for row in _xml.TYPES)
_ELEMENT.update((row[0], row[8]) for row in _xml.TYPES if row[8])
# xid8 -> xid (pg_cast's explicit xid(xid8); xid is not among generate_scalar_facts.py's
# types, so the row is not in scalar_facts.CASTS); casts.py converts it.
_CAST_CONTEXT[(5069, 28)] = "e"
_CATEGORY.setdefault(2275, "P")         # cstring and cstring[] (registry.py registers
_CATEGORY.setdefault(1263, "A")         # them: the type input / typmod functions' types)
_ELEMENT.setdefault(1263, 2275)
_CATEGORY.setdefault(2287, "A")         # record[] (registry.py registers it)
_ELEMENT.setdefault(2287, RECORD)
_CATEGORY.setdefault(1011, "A")         # xid[], int2vector[], oidvector[] (registry.py
_ELEMENT.setdefault(1011, 28)           # registers them)
for _array, _vector in ((1006, 22), (1013, 30), (1010, 27), (2201, 1790)):
    # (also tid[] and refcursor[], which registry.py registers: text[]::refcursor[]
    # converts element by element through I/O, as PostgreSQL's array coercion does)
    _CATEGORY.setdefault(_array, "A")
    _ELEMENT.setdefault(_array, _vector)


def add_builtin_type(oid: int, category_code: str, element: int = 0) -> None:
    """Facts of a built-in type registered by a higher layer (the range and multirange
    types, catalog/range_types.py), which catalog_facts does not list."""
    _CATEGORY[oid] = category_code
    if element:
        _ELEMENT[oid] = element


def category(oid: int) -> str:
    found = _CATEGORY.get(oid)
    if found is None:
        found = user_type_facts.category(oid) or "U"
    return found


def array_element(oid: int) -> int:
    """The element type of an array type (typelem of a typcategory 'A' type), or 0."""
    if oid in _CATEGORY or not user_type_facts.described_by_catalogs(oid):
        return _ELEMENT.get(oid, 0) if category(oid) == "A" else 0
    return user_type_facts.array_element(oid)


def is_preferred(oid: int) -> bool:
    return _PREFERRED.get(oid, False)


# User-defined casts (CREATE CAST's pg_cast rows) come from a higher layer
# (pl/user_casts.py), which installs lookup(source, target) -> (castcontext, castmethod,
# call) or None, where call(value, typmod, explicit) runs a WITH FUNCTION cast.
_user_cast: Callable[[int, int], tuple | None] = lambda source, target: None


def set_user_cast_lookup(lookup: Callable[[int, int], tuple | None]) -> None:
    global _user_cast
    _user_cast = lookup


def user_cast(source: int, target: int) -> tuple | None:
    return _user_cast(source, target)


# A table's row type converts to the row type of a table it inherits from (PostgreSQL's
# ConvertRowtypeExpr, implicitly): the catalog layer (catalog/row_type_inheritance.py)
# installs lookup(source, target) -> the source field index of each target field, or None.
_row_conversion: Callable[[int, int], tuple | None] = lambda source, target: None


def set_row_conversion_lookup(lookup: Callable[[int, int], tuple | None]) -> None:
    global _row_conversion
    _row_conversion = lookup


def row_conversion(source: int, target: int) -> tuple | None:
    """Which source field each target field is when `source`'s table inherits from
    `target`'s (typeInheritsFrom), else None."""
    if source == target or category(source) != "C" or category(target) != "C":
        return None
    return _row_conversion(source, target)


def cast_context_of(source: int, target: int) -> str | None:
    source = user_type_facts.base_type(source)      # a domain converts as its base type
    if source == target:
        return "i"
    if target >= user_type_facts.FIRST_CATALOG_TYPE_OID and \
            user_type_facts.domain_base(target) is not None and \
            _user_cast(source, target) is None:
        # to a domain as to its base type (find_coercion_pathway), e.g. the elements of
        # integer[] -> posint[]; the domain's checks are the converter's
        return cast_context_of(source, user_type_facts.domain_base(target)[0])
    user = _user_cast(source, target)
    if user is not None:
        return user[0]
    if _CATEGORY.get(source, "R") == "R" and \
            (source >= user_type_facts.FIRST_CATALOG_TYPE_OID or source in _CATEGORY):
        from pgsnake.datatypes import range_functions
        found = range_functions.kind_of(source)
        if found is not None and found[0] == "r" and found[2] == target:
            return "e"                  # a range to its multirange (the constructor)
    context = _CAST_CONTEXT.get((source, target))
    if context is not None:
        return context
    if _VECTOR_ARRAYS.get(source) == target:
        return "i"                     # int2vector -> int2[], oidvector -> oid[] (binary)
    source_element, target_element = array_element(source), array_element(target)
    if source_element and target_element and source_element != target_element \
            and target not in _VECTOR_TYPES:
        # An array converts element by element (array_map), when its elements do; not
        # into int2vector / oidvector, which only casts from text make (as PostgreSQL).
        return cast_context_of(source_element, target_element)
    if category(target) == STRING_CATEGORY and source != UNKNOWN:
        return "io_a"
    if category(source) == STRING_CATEGORY:
        return "io_e"
    return None


def can_coerce(source: int, target: int, context: str) -> bool:
    if source == target or source == UNKNOWN or target in (ANY, ANYELEMENT):
        return True
    if target >= user_type_facts.FIRST_CATALOG_TYPE_OID:
        domain = user_type_facts.domain_base(target)
        if domain is not None:             # to a domain: as to its base type, then checked
            return can_coerce(source, domain[0], context)
    if target == ANYARRAY:
        return category(source) == "A"
    if target == RECORD:
        return category(source) == "C"        # any composite type is a record
    if source == RECORD and category(target) == "C":
        return True          # a ROW(...) or record to a composite type, field by field
    if row_conversion(source, target) is not None:
        return True          # a child table's row to its ancestor's row type
    how = cast_context_of(source, target)
    if how is None:
        return False
    level = _LEVEL[context]
    if how == "io_a":
        return level >= 1
    if how == "io_e":
        return level >= 2
    return _CONTEXT_LEVEL[how] <= level


def polymorphic_consistent(declared, actual) -> bool:
    """Every anyarray argument has the same actual type (unknowns aside), as
    check_generic_type_consistency demands: integer[] = bigint[] has no operator."""
    arrays = {a for d, a in zip(declared, actual) if d == ANYARRAY and a != UNKNOWN}
    if len(arrays) > 1:
        return False
    # the anycompatible family's actual types must have a common type
    compatible = {a if d in _ANYCOMPATIBLE_ELEMENTS else array_element(a)
                  for d, a in zip(declared, actual)
                  if a != UNKNOWN and (d in _ANYCOMPATIBLE_ELEMENTS or d == _ANYCOMPATIBLEARRAY)}
    compatible.discard(0)
    if len(compatible) > 1:
        try:
            common_type(list(compatible))
        except PgError:
            return False
    return True


_ANYCOMPATIBLE_ELEMENTS = (5077, 5079)      # anycompatible, anycompatiblenonarray
_ANYCOMPATIBLEARRAY = 5078


def chosen_function(chosen, shown_call: str):
    """select_candidate's answer for a call shown as `shown_call` ("f(integer, text)"):
    the candidate, or PostgreSQL's 42725 (several fit equally) / 42883 (none fits)."""
    if isinstance(chosen, AmbiguousCandidates):
        raise PgError(AMBIGUOUS_FUNCTION, f"function {shown_call} is not unique",
                      hint="Could not choose a best candidate function. "
                           "You might need to add explicit type casts.")
    if chosen is None:
        raise PgError(UNDEFINED_FUNCTION, f"function {shown_call} does not exist",
                      hint="No function matches the given name and argument types. "
                           "You might need to add explicit type casts.")
    return chosen


def select_candidate(candidates: list, arg_types: list[int]):
    """Choose among candidates (objects with .arg_types) for the given argument types,
    following func_select_candidate; returns the candidate, None if none fits, or raises
    the 'ambiguous' marker AMBIGUOUS (a list of the tied candidates)."""
    nargs = len(arg_types)
    viable = [c for c in candidates if len(c.arg_types) == nargs and
              all(can_coerce(a, d, "implicit") for a, d in zip(arg_types, c.arg_types))
              and polymorphic_consistent(c.arg_types, arg_types)]
    if len(viable) <= 1:
        return viable[0] if viable else None
    # The ranking compares declared parameter types (a polymorphic candidate's
    # anyelement is never an exact match, nor a preferred type).
    declared = {id(c): getattr(c, "declared_types", None) or c.arg_types for c in viable}
    # Most exact matches on known-type arguments.
    def exact(c):
        return sum(1 for a, d in zip(arg_types, declared[id(c)]) if a != UNKNOWN and a == d)
    best = max(exact(c) for c in viable)
    viable = [c for c in viable if exact(c) == best]
    if len(viable) == 1:
        return viable[0]
    # Most exact or preferred types where a conversion is needed (a preferred type of
    # the argument's own category: no preference across categories).
    def preferred(c):
        return sum(1 for a, d in zip(arg_types, declared[id(c)])
                   if a != UNKNOWN and (a == d or (is_preferred(d) and
                                                   category(d) == category(a))))
    best = max(preferred(c) for c in viable)
    viable = [c for c in viable if preferred(c) == best]
    if len(viable) == 1:
        return viable[0]
    if UNKNOWN not in arg_types:
        return AmbiguousCandidates(viable)
    # Unknown arguments: a type category per position (string wins a conflict, any
    # other conflict leaves every candidate in), then only candidates of those
    # categories, of a preferred type where the category has one.
    slots = {}
    for position, arg in enumerate(arg_types):
        if arg != UNKNOWN:
            continue
        slot_category, slot_preferred, conflict = None, False, False
        for c in viable:
            d = declared[id(c)][position]
            if slot_category is None or (category(d) == STRING_CATEGORY and
                                         slot_category != STRING_CATEGORY):
                slot_category, slot_preferred = category(d), is_preferred(d)
            elif category(d) == slot_category:
                slot_preferred |= is_preferred(d)
            else:
                conflict = True
        if conflict and slot_category != STRING_CATEGORY:
            slots = None
            break
        slots[position] = (slot_category, slot_preferred)
    if slots is not None:
        viable = [c for c in viable
                  if all(category(declared[id(c)][p]) == wanted and
                         (not want_preferred or is_preferred(declared[id(c)][p]))
                         for p, (wanted, want_preferred) in slots.items())]
        if len(viable) == 1:
            return viable[0]
    # Last gasp: every known argument has one type; the unknown ones are taken to be
    # of it too, and one candidate alone accepts that.
    known = {a for a in arg_types if a != UNKNOWN}
    if len(known) == 1:
        known_type = known.pop()
        fits = [c for c in viable if _accepts(declared[id(c)], [known_type] * nargs)]
        if len(fits) == 1:
            return fits[0]
    return AmbiguousCandidates(viable)


def _accepts(declared, arg_types: list[int]) -> bool:
    """can_coerce_type over a whole call: every argument converts implicitly, and the
    polymorphic parameters bind consistently."""
    from pgsnake.datatypes import polymorphic_binding
    if any(polymorphic_binding.is_polymorphic(d) for d in declared):
        try:
            if polymorphic_binding.bind(declared, arg_types) is None:
                return False
        except PgError:
            return False
    return all(polymorphic_binding.is_polymorphic(d) or can_coerce(a, d, "implicit")
               for a, d in zip(arg_types, declared))


class AmbiguousCandidates(list):
    """Returned by select_candidate when several candidates tie."""


def common_type(type_oids: list[int], context: str = "UNION") -> int:
    """select_common_type: the type that UNION/CASE/VALUES branches resolve to."""
    if type_oids and type_oids[0] != UNKNOWN and all(t == type_oids[0] for t in type_oids):
        return type_oids[0]           # the only way the result can be a domain
    from pgsnake.datatypes import user_type_facts
    type_oids = [user_type_facts.base_type(t) if t >= user_type_facts.FIRST_CATALOG_TYPE_OID
                 else t for t in type_oids]      # else domains count as their base types
    known = [t for t in type_oids if t != UNKNOWN]
    if not known:
        return TEXT
    chosen = known[0]
    for other in known[1:]:
        if other == chosen:
            continue
        if category(other) != category(chosen):
            from pgsnake.datatypes import registry
            raise PgError(DATATYPE_MISMATCH,
                          f"{context} types {registry.format_type(chosen)} and "
                          f"{registry.format_type(other)} cannot be matched")
        if (can_coerce(chosen, other, "implicit") and not is_preferred(chosen)
                and not can_coerce(other, chosen, "implicit")):
            chosen = other
    return chosen
