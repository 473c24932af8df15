"""Binding a user function's polymorphic parameter types (anyelement, anyarray,
anynonarray, anyenum, anyrange, anymultirange and the anycompatible family) to the
actual argument types of one call, and the checks CREATE FUNCTION makes on them.

bind(declared, actual) -> Binding or None: None when the call cannot reach the function
(PostgreSQL's check_generic_type_consistency fails: the candidate is dropped, so the
call is "function ... does not exist"); raises 42804 "could not determine polymorphic
type because input has type unknown" when the only inputs of a polymorphic family are
untyped literals. Binding.resolve(type) gives the concrete type of any declared type
(parameters, OUT parameters, the result).

The anyelement family: every anyelement / anynonarray / anyenum argument has the same
type, every anyarray argument the array type of it, anyrange the range over it and
anymultirange the multirange of that range. The anycompatible family: the arguments'
common type (select_common_type's rules; an anycompatiblerange argument fixes it to its
subtype), to which each argument is then coerced; untyped literals alone make it text.

Entry points: POLYMORPHIC (the pseudo-type OIDs), is_polymorphic(oid), bind(declared,
actual), check_result(arg_types, arg_modes, result_type) (CREATE's 42P13).
PostgreSQL: parser/parse_coerce.c (check_generic_type_consistency,
enforce_generic_type_consistency, check_valid_polymorphic_signature).
"""
from __future__ import annotations

from pgsnake.datatypes import registry, type_coercion, user_type_facts
from pgsnake.utils.errors import PgError

UNKNOWN, TEXT = 705, 25
ANYELEMENT, ANYARRAY, ANYNONARRAY, ANYENUM = 2283, 2277, 2776, 3500
ANYRANGE, ANYMULTIRANGE = 3831, 4537
ANYCOMPATIBLE, ANYCOMPATIBLEARRAY, ANYCOMPATIBLENONARRAY = 5077, 5078, 5079
ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE = 5080, 4538

_ELEMENT_FAMILY = (ANYELEMENT, ANYARRAY, ANYNONARRAY, ANYENUM, ANYRANGE, ANYMULTIRANGE)
_COMPATIBLE_FAMILY = (ANYCOMPATIBLE, ANYCOMPATIBLEARRAY, ANYCOMPATIBLENONARRAY,
                      ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE)
POLYMORPHIC = frozenset(_ELEMENT_FAMILY + _COMPATIBLE_FAMILY)
_NAMES = {ANYELEMENT: "anyelement", ANYARRAY: "anyarray", ANYNONARRAY: "anynonarray",
          ANYENUM: "anyenum", ANYRANGE: "anyrange", ANYMULTIRANGE: "anymultirange",
          ANYCOMPATIBLE: "anycompatible", ANYCOMPATIBLEARRAY: "anycompatiblearray",
          ANYCOMPATIBLENONARRAY: "anycompatiblenonarray",
          ANYCOMPATIBLERANGE: "anycompatiblerange",
          ANYCOMPATIBLEMULTIRANGE: "anycompatiblemultirange"}


def is_polymorphic(type_oid: int) -> bool:
    return type_oid in POLYMORPHIC


def _base(type_oid: int) -> int:
    return user_type_facts.base_type(type_oid) if type_oid >= \
        user_type_facts.FIRST_CATALOG_TYPE_OID else type_oid


def _element_of(array_oid: int) -> int:
    try:
        info = registry.get_type(array_oid)
    except PgError:
        return 0
    return info.element_oid if info.category == "A" else 0


def _array_of(element_oid: int) -> int:
    info = registry.get_type(element_oid)
    if not info.array_oid:
        raise PgError("42704", f"could not find array type for data type "
                               f"{registry.format_type(element_oid)}")
    return info.array_oid


def _range_facts(type_oid: int):
    from pgsnake.datatypes import range_functions
    return range_functions.kind_of(type_oid)


def _subtype_of_range(range_oid: int) -> int:
    facts = _range_facts(range_oid)
    return facts[1].subtype.oid if facts is not None and facts[0] == "r" else 0


def _range_of_multirange(multirange_oid: int) -> int:
    facts = _range_facts(multirange_oid)
    return facts[2] if facts is not None and facts[0] == "m" else 0


def _multirange_of_range(range_oid: int) -> int:
    facts = _range_facts(range_oid)
    return facts[2] if facts is not None and facts[0] == "r" else 0


class Binding:
    """The concrete types one call gives the polymorphic families."""

    def __init__(self, element: int, range_: int, compatible: int, compatible_range: int):
        self.element = element
        self.range = range_
        self.compatible = compatible
        self.compatible_range = compatible_range

    # an argument of type anyarray itself (pg_statistic.stavalues1) for an anyarray
    # parameter: anyarray stays anyarray; nothing can tell the element type
    anyarray_input = False

    def resolve(self, type_oid: int) -> int:
        if self.anyarray_input and type_oid in _ELEMENT_FAMILY:
            if type_oid == ANYARRAY:
                return ANYARRAY
            raise _no_element_type()
        if type_oid in (ANYELEMENT, ANYNONARRAY, ANYENUM):
            return self.element
        if type_oid == ANYARRAY:
            return _array_of(self.element)
        if type_oid == ANYRANGE:
            return self.range
        if type_oid == ANYMULTIRANGE:
            return _multirange_of_range(self.range)
        if type_oid in (ANYCOMPATIBLE, ANYCOMPATIBLENONARRAY):
            return self.compatible
        if type_oid == ANYCOMPATIBLEARRAY:
            return _array_of(self.compatible)
        if type_oid == ANYCOMPATIBLERANGE:
            return self.compatible_range
        if type_oid == ANYCOMPATIBLEMULTIRANGE:
            return _multirange_of_range(self.compatible_range)
        return type_oid


def _all_alike(found: set) -> bool:
    return len(found) <= 1


def bind(declared, actual) -> Binding | None:
    """The binding of one call (argument types in the call's order against the declared
    types in the same order), or None when the function does not fit the call."""
    elements, arrays, ranges, multiranges = set(), set(), set(), set()
    compatible, compatible_ranges = [], set()
    unknown_element = unknown_compatible = False
    has_nonarray = has_enum = has_compatible_nonarray = False
    for want, have in zip(declared, actual):
        if want not in POLYMORPHIC:
            continue
        if have in (UNKNOWN, 0):
            if want in _ELEMENT_FAMILY:
                unknown_element = True
                has_enum |= want == ANYENUM
            else:
                unknown_compatible = True
            continue
        have = _base(have)
        if want in (ANYELEMENT, ANYNONARRAY, ANYENUM):
            elements.add(have)
            has_nonarray |= want == ANYNONARRAY
            has_enum |= want == ANYENUM
        elif want == ANYARRAY:
            arrays.add(have)
        elif want == ANYRANGE:
            ranges.add(have)
        elif want == ANYMULTIRANGE:
            multiranges.add(have)
        elif want in (ANYCOMPATIBLE, ANYCOMPATIBLENONARRAY):
            compatible.append(have)
            has_compatible_nonarray |= want == ANYCOMPATIBLENONARRAY
        elif want == ANYCOMPATIBLEARRAY:
            element = _element_of(have)
            if not element:
                return None
            compatible.append(element)
        elif want == ANYCOMPATIBLERANGE:
            subtype = _subtype_of_range(have)
            if not subtype:
                return None
            compatible_ranges.add(have)
        elif want == ANYCOMPATIBLEMULTIRANGE:
            range_oid = _range_of_multirange(have)
            if not range_oid:
                return None
            compatible_ranges.add(range_oid)
    if not all(_all_alike(s) for s in (elements, arrays, ranges, multiranges,
                                       compatible_ranges)):
        return None
    element = elements.pop() if elements else 0
    range_oid = ranges.pop() if ranges else 0
    if multiranges:
        of_multirange = _range_of_multirange(next(iter(multiranges)))
        if not of_multirange or (range_oid and range_oid != of_multirange):
            return None
        range_oid = of_multirange
    if range_oid:
        subtype = _subtype_of_range(range_oid)
        if not subtype or (element and element != subtype):
            return None
        element = subtype
    if arrays == {ANYARRAY}:
        # a column of type anyarray itself (pg_statistic.stavalues1): no element type,
        # which only an anyarray parameter and result can do without
        if element or range_oid or multiranges or \
                any(d in _ELEMENT_FAMILY and d != ANYARRAY for d in declared):
            raise _no_element_type()
        anyarray_input, arrays = True, set()
    else:
        anyarray_input = False
    if arrays:
        array_element = _element_of(next(iter(arrays)))
        if not array_element or (element and element != array_element):
            return None
        element = array_element
    if has_enum and not element:
        return None         # anyenum needs an enum: an untyped literal alone is none
    if not element and unknown_element:
        raise _undetermined(None)
    wanted = set(declared)
    for family_member in (ANYRANGE, ANYMULTIRANGE):
        # the element came from another argument, but a range argument was an untyped
        # literal: PostgreSQL does not infer the range type from its subtype
        if family_member in wanted and not range_oid:
            raise _undetermined(family_member)
    if element and has_nonarray and _element_of(element):
        return None
    if element and has_enum and user_type_facts.category(element) != "E":
        return None
    compatible_type = compatible_range = 0
    if not compatible_ranges:
        for family_member in (ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE):
            if family_member in wanted:
                raise _undetermined(family_member)
    if compatible_ranges:
        compatible_range = compatible_ranges.pop()
        compatible_type = _subtype_of_range(compatible_range)
        if any(not type_coercion.can_coerce(t, compatible_type, "implicit")
               for t in compatible):
            return None
    elif compatible or unknown_compatible:
        try:
            compatible_type = type_coercion.common_type(compatible or [UNKNOWN])
        except PgError:
            return None
        if any(not type_coercion.can_coerce(t, compatible_type, "implicit")
               for t in compatible):
            return None
    if compatible_type and has_compatible_nonarray and _element_of(compatible_type):
        return None
    binding = Binding(element, range_oid, compatible_type, compatible_range)
    binding.anyarray_input = anyarray_input
    return binding


def _no_element_type() -> PgError:
    err = PgError("42804", 'cannot determine element type of "anyarray" argument')
    err.without_position = True
    return err


def _undetermined(type_oid: int | None) -> PgError:
    """42804 for a polymorphic type whose only inputs are untyped literals; named for the
    range / multirange types, as enforce_generic_type_consistency reports them."""
    what = f" {_NAMES[type_oid]}" if type_oid is not None else ""
    err = PgError("42804", f"could not determine polymorphic type{what} because input has "
                           f"type unknown")
    err.without_position = True        # PostgreSQL reports it with none
    return err


_ELEMENT_NAMES = "anyelement, anyarray, anynonarray, anyenum, anyrange, or anymultirange"
_COMPATIBLE_NAMES = ("anycompatible, anycompatiblearray, anycompatiblenonarray, "
                     "anycompatiblerange, or anycompatiblemultirange")


def signature_problem(type_oid: int, input_types) -> str | None:
    """check_valid_polymorphic_signature: why a polymorphic `type_oid` (a result, an
    OUT parameter, an aggregate's transition type) cannot be deduced from arguments of
    `input_types` (the DETAIL PostgreSQL gives), or None when it can or is not
    polymorphic."""
    name = _NAMES.get(type_oid)
    if name is None:
        return None
    inputs = set(input_types)
    if type_oid in (ANYRANGE, ANYMULTIRANGE):
        if not inputs & {ANYRANGE, ANYMULTIRANGE}:
            return f"A result of type {name} requires at least one input of type " \
                   f"anyrange or anymultirange."
    elif type_oid in _ELEMENT_FAMILY:
        if not inputs & set(_ELEMENT_FAMILY):
            return f"A result of type {name} requires at least one input of type " \
                   f"{_ELEMENT_NAMES}."
    elif type_oid in (ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE):
        if not inputs & {ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE}:
            return f"A result of type {name} requires at least one input of type " \
                   f"anycompatiblerange or anycompatiblemultirange."
    elif type_oid in _COMPATIBLE_FAMILY:
        if not inputs & set(_COMPATIBLE_FAMILY):
            return f"A result of type {name} requires at least one input of type " \
                   f"{_COMPATIBLE_NAMES}."
    return None


def check_result(input_types, output_types, result_type: int | None) -> None:
    """CREATE FUNCTION: a polymorphic result (or OUT parameter) needs an input that
    determines it (check_valid_polymorphic_signature), else 42P13."""
    results = [t for t in output_types] + ([result_type] if result_type is not None else [])
    for type_oid in results:
        detail = signature_problem(type_oid, input_types)
        if detail is not None:
            raise PgError("42P13", "cannot determine result data type", detail=detail)
