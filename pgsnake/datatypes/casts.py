"""Casts between built-in types: find_cast(source, target, context) gives a function
fn(value, typmod) -> value that converts and then applies the target typmod.

Entry points: find_cast, can_coerce, convert (one-shot helper).

Invariants:
 1. numeric -> integer rounds half away from zero; float -> integer rounds half to even
    (rint); both report '<type> out of range' (22003).
 2. float8 -> numeric keeps 15 significant digits, float4 -> numeric 6 (DBL_DIG/FLT_DIG).
 3. Casting to varchar(n)/char(n) truncates silently only in an explicit cast.
 4. Every pair without a pg_cast row converts through text I/O (output then input).

PostgreSQL: parser/parse_coerce.c (find_coercion_pathway), utils/adt/int.c, int8.c,
float.c, numeric.c (conversion functions), date.c, timestamp.c, catalog/pg_cast.dat.
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Callable

from pgsnake.datatypes import (character, datetime_types as dtt, floats, integers, numeric,
                               registry)
from pgsnake.datatypes import array_values, arrays, scalar_types, type_coercion, user_type_facts
from pgsnake.datatypes.registry import (BOOL, BPCHAR, CHAR, DATE, FLOAT4, FLOAT8, INT2, INT4,
                                        INT8, INTERVAL, NAME, NUMERIC, OID, TEXT, TIME,
                                        RECORD, TIMESTAMP, TIMESTAMPTZ, UNKNOWN, VARCHAR)
from pgsnake.datatypes.type_coercion import (array_element, can_coerce, cast_context_of,
                                             category)
from pgsnake.utils.errors import PgError, NUMERIC_VALUE_OUT_OF_RANGE

_INTS = (INT2, INT4, INT8)
_INT_NAMES = {INT2: "smallint", INT4: "integer", INT8: "bigint"}
_NUMBERS = (INT2, INT4, INT8, FLOAT4, FLOAT8, NUMERIC, OID, 24, 2205, 2206)
_STRINGS = (TEXT, VARCHAR, BPCHAR, NAME)


def _float_to_int(value: float, target: int) -> int:
    if value != value or math.isinf(value):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"{_INT_NAMES[target]} out of range")
    return integers.check_range(round(value), target)


def _to_float4(value: float) -> float:
    if value != value or math.isinf(value):
        return value
    try:
        result = floats.round_to_float4(value)
    except OverflowError:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow") from None
    if result == 0.0 and value != 0.0:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow")
    return result


def _number_converter(source: int, target: int) -> Callable[[Any], Any] | None:
    integral = source in _INTS or source in (OID, 24, 2205, 2206)
    if target in _INTS:
        if integral:
            return lambda v: integers.check_range(v, target)
        if source in (FLOAT4, FLOAT8):
            return lambda v: _float_to_int(v, target)
        if source == NUMERIC:
            return lambda v: numeric.numeric_to_integer(v, target)
    if target in (OID, 24, 2205, 2206):
        if integral:
            # int4 is binary-coercible to oid (a negative one wraps); i8tooid refuses
            # anything outside 0 .. 2^32-1
            lowest = 0 if source == INT8 else -(1 << 31)

            def to_oid(v):
                if v < lowest or v > 0xFFFFFFFF:
                    raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, "OID out of range")
                return v & 0xFFFFFFFF
            return to_oid
        return None
    if target == FLOAT8:
        if integral:
            return float
        if source == FLOAT4:
            return lambda v: v
        if source == NUMERIC:
            return numeric.numeric_to_float
    if target == FLOAT4:
        if integral or source == FLOAT8:
            return lambda v: _to_float4(float(v))
        if source == NUMERIC:   # through the text form, as numeric_float4 does
            return lambda v: floats.float4_input(numeric.numeric_output(v)) if v.is_finite() \
                else float(v)
    if target == NUMERIC:
        if integral:
            return Decimal
        if source == FLOAT8:
            return numeric.float_to_numeric
        if source == FLOAT4:
            return lambda v: numeric.float_to_numeric(v, 6)
    return None


def _char_to_int(value: str) -> int:
    code = ord(value) if value else 0
    return code - 256 if code >= 128 else code


def _int_to_char(value: int) -> str:
    if value < -128 or value > 127:
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, '"char" out of range')
    return chr(value & 0xFF) if value else ""


_SPECIAL: dict[tuple[int, int], Callable[[Any], Any]] = {
    (INT4, BOOL): lambda v: v != 0,
    (BOOL, INT4): int,
    # booltext: the cast spells the words out; boolout prints 't' / 'f'.
    (BOOL, TEXT): lambda v: "true" if v else "false",
    (BOOL, VARCHAR): lambda v: "true" if v else "false",
    (BOOL, BPCHAR): lambda v: "true" if v else "false",
    (INT4, CHAR): _int_to_char,
    (CHAR, INT4): _char_to_int,
    (DATE, TIMESTAMP): dtt.date_to_timestamp,
    (DATE, TIMESTAMPTZ): dtt.date_to_timestamptz,
    (TIMESTAMP, DATE): dtt.timestamp_to_date,
    (TIMESTAMPTZ, DATE): dtt.timestamp_to_date,
    (TIMESTAMP, TIMESTAMPTZ): dtt.timestamp_to_timestamptz,
    (TIMESTAMPTZ, TIMESTAMP): dtt.timestamptz_to_timestamp,
    (TIMESTAMP, TIME): dtt.timestamp_to_time,
    (TIMESTAMPTZ, TIME): dtt.timestamp_to_time,
    (TIME, INTERVAL): lambda v: dtt.Interval(0, 0, dtt.time_to_usec(v)),
    (INTERVAL, TIME): lambda v: dtt.usec_to_time(v.microseconds % dtt.USECS_PER_DAY),
    (BPCHAR, TEXT): character.bpchar_trimmed,
    (BPCHAR, VARCHAR): character.bpchar_trimmed,
    (BPCHAR, NAME): lambda v: character.truncate_name(character.bpchar_trimmed(v)),
    (TEXT, NAME): character.truncate_name,
    (VARCHAR, NAME): character.truncate_name,
    (CHAR, TEXT): lambda v: v,
    (TEXT, CHAR): lambda v: character.char_input(v),
    (VARCHAR, CHAR): lambda v: character.char_input(v),
    (BPCHAR, CHAR): lambda v: character.char_input(v),
}

_SPECIAL.update(scalar_types.CASTS)        # uuid, inet, bit, money, geometric, ...
_SPECIAL[(5069, 28)] = lambda value: value & 0xFFFFFFFF     # xid8 -> xid: without the epoch


def _array_map(element_cast: Callable[[Any, int], Any]) -> Callable[[Any], Any]:
    """An array cast: each element (at any depth; NULLs stay NULL) through its own cast."""
    def convert_level(value):
        return [convert_level(item) if isinstance(item, list) else element_cast(item, -1)
                for item in value]

    def convert(value):             # the array's lower bounds are kept
        return array_values.with_lower_bounds(convert_level(value),
                                              array_values.lower_bounds(value))
    return convert


# The OID-valued types, binary-coercible to each other (pg_cast castmethod 'b'): oid,
# int4, regproc, regprocedure, regoper, regoperator, regclass, regtype, regnamespace,
# regrole.
_OID_ALIASES = frozenset({26, 23, 24, 2202, 2203, 2204, 2205, 2206, 4089, 4096,
                           4191})


def _converter(source: int, target: int) -> Callable[[Any], Any]:
    if source == target:
        return lambda v: v
    special = _SPECIAL.get((source, target))
    if special is not None:
        return special
    if source in _NUMBERS and target in _NUMBERS:
        converter = _number_converter(source, target)
        if converter is not None:
            return converter
    if source in _STRINGS and target in _STRINGS:
        return lambda v: v
    if source == UNKNOWN:
        info = registry.get_type(target)
        return lambda v: info.input(v, -1)
    source_element, target_element = array_element(source), array_element(target)
    if source_element and target_element and source in registry.VECTOR_TYPES:
        # int2vector -> int2[], oidvector -> oid[] or regtype[]: the elements, whose
        # subscripts start at 0 (PostgreSQL stores the vectors with lower bound 0)
        if source_element == target_element:
            return arrays.vector_as_array
        mapped = _array_map(find_cast(source_element, target_element, "explicit"))
        return lambda v: mapped(arrays.vector_as_array(v))
    if source_element and target_element and source_element == target_element:
        return lambda v: v
    if source_element and target_element:
        return _array_map(find_cast(source_element, target_element, "explicit"))
    if target == BOOL and category(source) == "N" and source in _INTS:
        return lambda v: v != 0
    if source in _OID_ALIASES and target in _OID_ALIASES:
        return lambda v: v             # oid, int4 and the reg* types: the same number
    # Conversion through text I/O.
    source_info, target_info = registry.get_type(source), registry.get_type(target)
    if category(source) == "S" and source == BPCHAR:
        return lambda v: target_info.input(character.bpchar_trimmed(v), -1)
    return lambda v: target_info.input(source_info.output(v), -1)


def find_cast(source: int, target: int, context: str) -> Callable[[Any, int], Any] | None:
    """A function (value, typmod) -> value, or None if no cast exists in this context."""
    source = user_type_facts.base_type(source)      # a domain's values are its base type's
    if target == RECORD and source != RECORD and category(source) == "C":
        return lambda value, typmod=-1: value          # a composite value is a record
    fields = type_coercion.row_conversion(source, target)
    if fields is not None:                  # a child table's row as its ancestor's row
        def convert_row(value, typmod=-1, _fields=fields):
            if value is None:
                return None
            return registry.Record(tuple(value.type_oids[i] for i in _fields),
                                   tuple(value.values[i] for i in _fields))
        return convert_row
    if category(source) == "R" and category(target) == "R" and \
            cast_context_of(source, target) == "e" and context == "explicit":
        from pgsnake.datatypes import multiranges, range_functions
        kind = range_functions.kind_of(source)[1]
        return lambda value, typmod=-1: None if value is None \
            else multiranges.as_multirange(value, kind)
    domain = user_type_facts.domain_base(target) \
        if target >= user_type_facts.FIRST_CATALOG_TYPE_OID else None
    if domain is not None:
        to_base = find_cast(source, domain[0], context)
        if to_base is None:
            return None

        def to_domain(value, typmod=-1, _target=target, _mod=domain[1]):
            value = to_base(value, _mod)
            registry.check_domain(_target, value)
            return value
        return to_domain
    user = type_coercion.user_cast(source, target) if source != target else None
    if user is not None:
        return _user_cast_function(source, target, context, *user)
    if not can_coerce(source, target, context):
        if not (source == target):
            return None
    explicit = context == "explicit"
    with_typmod = scalar_types.TYPMOD_CASTS.get((source, target))
    if with_typmod is not None:
        return lambda value, typmod=-1: None if value is None else with_typmod(value, typmod)
    convert = _domain_array_converter(source, target, context) or _converter(source, target)
    if target in (VARCHAR, BPCHAR, NUMERIC, TIMESTAMP, TIMESTAMPTZ, TIME, INTERVAL) or \
            target in scalar_types.TYPMOD_TYPES or registry.get_type(target).element_oid:
        def cast(value, typmod=-1):
            if value is None:
                return None
            return registry.apply_typmod(target, convert(value), typmod, explicit)
    else:
        def cast(value, typmod=-1):
            return None if value is None else convert(value)
    return cast


def _domain_array_converter(source: int, target: int, context: str):
    """An array into an array of a domain: each element coerced to the domain in the
    cast's own context (an assignment of 'too long' into vc4[] over varchar(4) fails
    where the explicit cast truncates), as ArrayCoerceExpr's per-element expression."""
    source_element, target_element = array_element(source), array_element(target)
    if not source_element or not target_element or source_element == target_element \
            or target_element < user_type_facts.FIRST_CATALOG_TYPE_OID \
            or user_type_facts.domain_base(target_element) is None:
        return None
    element_cast = find_cast(source_element, target_element, context)
    return None if element_cast is None else _array_map(element_cast)


def _user_cast_function(source: int, target: int, context: str, how: str, method: str,
                        call) -> Callable[[Any, int], Any] | None:
    """A CREATE CAST cast, allowed in `context` by its castcontext: its function, the
    value as it is (WITHOUT FUNCTION) or through text (WITH INOUT); the typmod is
    applied afterwards unless the function takes it."""
    if not can_coerce(source, target, context):
        return None
    explicit = context == "explicit"
    if method == "f":
        def cast(value, typmod=-1):
            return None if value is None else call(value, typmod, explicit)
        return cast
    convert = _relabel(source, target) if method == "b" else _through_text(source, target)

    def cast(value, typmod=-1):
        if value is None:
            return None
        return registry.apply_typmod(target, convert(value), typmod, explicit)
    return cast


def _relabel(source: int, target: int) -> Callable[[Any], Any]:
    """WITHOUT FUNCTION: the datum stays the same bytes. Values of an extension's base
    type are Python objects of their own (citext's case-insensitive strings), so a cast
    to or from one is made again from those bytes; any other value is kept."""
    if not (user_type_facts.is_extension_base(source)
            or user_type_facts.is_extension_base(target)):
        return lambda v: v
    source_info, target_info = registry.get_type(source), registry.get_type(target)
    return lambda v: target_info.unpack(source_info.pack(v))


def _through_text(source: int, target: int) -> Callable[[Any], Any]:
    source_info, target_info = registry.get_type(source), registry.get_type(target)
    return lambda v: target_info.input(source_info.output(v), -1)


def convert(value: Any, source: int, target: int, typmod: int = -1,
            context: str = "explicit") -> Any:
    cast = find_cast(source, target, context)
    if cast is None:
        from pgsnake.utils.errors import CANNOT_COERCE
        raise PgError(CANNOT_COERCE, f"cannot cast type {registry.format_type(source)} "
                                     f"to {registry.format_type(target)}")
    return cast(value, typmod)


from pgsnake.datatypes import json_functions  # noqa: E402
_SPECIAL.update(json_functions.CASTS)      # jsonb -> bool, numeric, int*, float*
from pgsnake.datatypes import textsearch_catalog_facts  # noqa: E402
_SPECIAL.update(((source, target), lambda value: value)      # regconfig / regdictionary
                for source, target, *_rest in textsearch_catalog_facts.CASTS)  # <-> oid, ints

from pgsnake.datatypes import extended_statistics_types as _stx  # noqa: E402
# pg_ndistinct / pg_dependencies / pg_mcv_list -> bytea is binary coercion: the bytes are
# the serialised value (the varlena's contents, as PostgreSQL stores it)
_SPECIAL.update(((source, target), _stx.serialized_bytes(source))
                for source, target, _c, method, _f in _stx.CASTS if method == "b")
from pgsnake.datatypes import xml_type as _xml  # noqa: E402
# xml -> text / varchar / bpchar is binary coercion: the text as stored, declaration and all
_SPECIAL.update(((source, target), lambda value: value)
                for source, target, _c, method, _f in _xml.CASTS if method == "b")

__all__ = ["find_cast", "can_coerce", "convert", "cast_context_of"]
