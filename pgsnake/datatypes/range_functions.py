"""The range and multirange operators, functions and aggregates, bound per call to the
concrete range type (anyrange / anymultirange in PostgreSQL's catalogs).

Range types are registered here by the catalog layer (catalog/range_types.py):
register_range(range TypeInfo, RangeKind, multirange TypeInfo). Resolution then
recognises a range or multirange argument by its type OID and builds an Operator or
Function with the concrete types, so that the parser coerces an element argument to
the subtype (numrange @> 3) and an unknown literal to the other side's type.

Operators: = <> < <= > >= @> <@ && << >> &< &> -|- + * - on ranges and multiranges
(each mix PostgreSQL has). Functions: lower, upper, isempty, lower_inc, upper_inc,
lower_inf, upper_inf, range_merge, multirange, unnest, the constructors
int4range(a, b [, '[)']) ... and int4multirange(...). Aggregates: range_agg,
range_intersect_agg.

Entry points: register_range(...), forget_user_ranges(), install(operators, functions,
aggregates, oids), kind_of(type oid).

PostgreSQL: utils/adt/rangetypes.c, utils/adt/multirangetypes.c,
utils/adt/multirangetypes_selfuncs.c (none: no selectivity here), catalog pg_operator /
pg_proc rows for anyrange and anymultirange.
"""
from __future__ import annotations

import operator as py_operator
from typing import Any, Callable

from pgsnake.datatypes import multiranges, ranges, user_type_facts
from pgsnake.datatypes.multiranges import Multirange
from pgsnake.datatypes.ranges import Range, RangeKind
from pgsnake.utils.errors import PgError

BOOL, TEXT, UNKNOWN = 16, 25, 705
NULL_VALUE_NOT_ALLOWED = "22004"
SYNTAX_ERROR = "42601"

# range type OID -> (RangeKind, multirange OID); multirange OID -> (RangeKind, range OID)
_RANGES: dict[int, tuple[RangeKind, int]] = {}
_MULTIRANGES: dict[int, tuple[RangeKind, int]] = {}
_BUILTIN: set[int] = set()


def register_range(range_oid: int, kind: RangeKind, multirange_oid: int,
                   builtin: bool = False) -> None:
    _RANGES[range_oid] = (kind, multirange_oid)
    _MULTIRANGES[multirange_oid] = (kind, range_oid)
    if builtin:
        _BUILTIN.update((range_oid, multirange_oid))


def forget_user_ranges() -> None:
    for oid in [o for o in _RANGES if o not in _BUILTIN]:
        del _RANGES[oid]
    for oid in [o for o in _MULTIRANGES if o not in _BUILTIN]:
        del _MULTIRANGES[oid]


def kind_of(type_oid: int) -> tuple[str, RangeKind, int] | None:
    """('r', kind, multirange oid) or ('m', kind, range oid) or None."""
    if type_oid >= user_type_facts.FIRST_CATALOG_TYPE_OID and type_oid not in _RANGES \
            and type_oid not in _MULTIRANGES:
        if user_type_facts.category(type_oid) != "R":   # loads a user type's facts
            return None
    found = _RANGES.get(type_oid)
    if found is not None:
        return "r", found[0], found[1]
    found = _MULTIRANGES.get(type_oid)
    if found is not None:
        return "m", found[0], found[1]
    return None


# ---------------------------------------------------------------- operator bodies

def _as_multi(kind):
    return lambda value: multiranges.as_multirange(value, kind)


def _span(value) -> Range:
    return value.span() if isinstance(value, Multirange) else value


def _contains(a, b) -> bool:
    if isinstance(a, Range):
        if isinstance(b, Range):
            return ranges.contains(a, b)
        if isinstance(b, Multirange):
            return all(ranges.contains(a, r) for r in b.ranges)
        return ranges.contains_elem(a, b)
    if isinstance(b, Range):
        return multiranges.contains_range(a, b)
    if isinstance(b, Multirange):
        return multiranges.contains_multirange(a, b)
    return multiranges.contains_elem(a, b)


def _overlaps(a, b) -> bool:
    if isinstance(a, Range) and isinstance(b, Range):
        return ranges.overlaps(a, b)
    if isinstance(a, Range):
        a, b = b, a
    if isinstance(b, Range):
        return multiranges.overlaps_range(a, b)
    return multiranges.overlaps_multirange(a, b)


def _adjacent(a, b) -> bool:
    if isinstance(a, Range) and isinstance(b, Range):
        return ranges.adjacent(a, b)
    if isinstance(a, Multirange) and isinstance(b, Multirange):
        return multiranges.adjacent_multiranges(a, b)
    r, m = (a, b) if isinstance(a, Range) else (b, a)
    if r.empty or m.empty:
        return False
    return ranges.adjacent(r, m.ranges[0]) or ranges.adjacent(r, m.ranges[-1])


def _by_span(test: Callable[[Range, Range], bool]):
    return lambda a, b: test(_span(a), _span(b))


_POSITIONAL = {"<<": ranges.before, ">>": ranges.after, "&<": ranges.overleft,
               "&>": ranges.overright}
_COMPARE = {"=": py_operator.eq, "<>": py_operator.ne, "<": py_operator.lt,
            "<=": py_operator.le, ">": py_operator.gt, ">=": py_operator.ge}
_RANGE_ARITHMETIC = {"+": ranges.union, "*": ranges.intersect, "-": ranges.minus}
_MULTI_ARITHMETIC = {"+": multiranges.union, "*": multiranges.intersect,
                     "-": multiranges.minus}


def _operator_body(name: str, left: str, right: str):
    """The implementation of operator `name` for argument kinds 'r' / 'm' / 'e'."""
    if name in _COMPARE:
        return _COMPARE[name]
    if name == "@>":
        return _contains
    if name == "<@":
        return lambda a, b: _contains(b, a)
    if name == "&&":
        return _overlaps
    if name == "-|-":
        return _adjacent
    if name in _POSITIONAL:
        return _by_span(_POSITIONAL[name])
    if left == "r":
        return _RANGE_ARITHMETIC[name]
    return _MULTI_ARITHMETIC[name]


# ---------------------------------------------------------------- functions

def _lower(value):
    span = _span(value)
    return None if span.empty else span.lower


def _upper(value):
    span = _span(value)
    return None if span.empty else span.upper


def _accessors() -> dict[str, tuple[Callable[[Any], Any], bool]]:
    """name -> (fn, result is the subtype)."""
    def test(check):
        return lambda value: check(_span(value))
    return {
        "lower": (_lower, True), "upper": (_upper, True),
        "isempty": (test(lambda r: r.empty), False),
        "lower_inc": (test(lambda r: not r.empty and r.lower is not None and r.lower_inc), False),
        "upper_inc": (test(lambda r: not r.empty and r.upper is not None and r.upper_inc), False),
        "lower_inf": (test(lambda r: not r.empty and r.lower is None), False),
        "upper_inf": (test(lambda r: not r.empty and r.upper is None), False),
    }


_FLAGS = {"[]": (True, True), "[)": (True, False), "(]": (False, True), "()": (False, False)}


def _constructor(kind: RangeKind):
    def construct(lower, upper, flags="[)"):
        if flags is None:
            raise PgError(ranges.DATA_EXCEPTION,
                          "range constructor flags argument must not be null")
        bounds = _FLAGS.get(flags.strip() if isinstance(flags, str) else flags)
        if bounds is None:
            raise PgError(SYNTAX_ERROR, "invalid range bound flags",
                          hint='Valid values are "[]", "[)", "(]", and "()".')
        return kind.make(lower, upper, *bounds)
    return construct


def install(operators, functions, aggregates, oids: dict) -> None:
    """Teach resolution the range and multirange operators, functions, aggregates.
    `oids` maps (name, argument kinds) -> pg_operator / pg_proc OID, e.g.
    ('@>', 'r', 'e') or ('lower', 'r')."""

    def operand(type_oid: int):
        return kind_of(type_oid)

    def operator_resolver(name: str):
        def resolve(left: int, right: int):
            lk, rk = operand(left), operand(right)
            if lk is None and rk is None:
                return None
            if left == UNKNOWN and rk is not None:
                left, lk = right, rk
            elif right == UNKNOWN and lk is not None:
                right, rk = left, lk
            left_kind = lk[0] if lk else "e"
            right_kind = rk[0] if rk else "e"
            kind = (lk or rk)[1]
            # An element argument must be of the subtype itself (anyelement), or unknown.
            if left_kind == "e":
                if name != "<@" or left not in (kind.subtype.oid, UNKNOWN):
                    return None
                left = kind.subtype.oid
            if right_kind == "e":
                if name != "@>" or right not in (kind.subtype.oid, UNKNOWN):
                    return None
                right = kind.subtype.oid
            if lk and rk and lk[1] is not rk[1]:
                return None                      # two different range types
            oid = oids.get((name, left_kind, right_kind))
            if oid is None:
                return None
            result = BOOL
            if name in _RANGE_ARITHMETIC:
                if left_kind != right_kind:
                    return None
                result = left
            return operators.Operator(oid, name, left, right, result,
                                      _operator_body(name, left_kind, right_kind))
        return resolve

    for name in {key[0] for key in oids if len(key) == 3}:
        operators.register_resolver(name, operator_resolver(name))

    for name, (fn, returns_subtype) in _accessors().items():
        def accessor(arg_types, name=name, fn=fn, returns_subtype=returns_subtype):
            if len(arg_types) != 1:
                return None
            found = operand(arg_types[0])
            if found is None:
                return None
            oid = oids.get((name, found[0]))
            result = found[1].subtype.oid if returns_subtype else BOOL
            return functions.Function(oid or 0, name, (arg_types[0],), result, fn,
                                      volatility="i")
        functions.register_resolver(name, accessor)

    def range_merge(arg_types):
        found = [operand(t) for t in arg_types]
        if not found or any(f is None for f in found):
            return None
        kind = found[0][1]
        range_oid = arg_types[0] if found[0][0] == "r" else found[0][2]
        if len(arg_types) == 1 and found[0][0] == "m":
            return functions.Function(oids.get(("range_merge", "m"), 0), "range_merge",
                                      (arg_types[0],), range_oid, lambda m: m.span(),
                                      volatility="i")
        if len(arg_types) == 2 and all(f[0] == "r" and f[1] is kind for f in found):
            return functions.Function(oids.get(("range_merge", "r", "r"), 0), "range_merge",
                                      tuple(arg_types), range_oid, ranges.merge,
                                      volatility="i")
        return None
    functions.register_resolver("range_merge", range_merge)

    def multirange_of(arg_types):
        if len(arg_types) != 1:
            return None
        found = operand(arg_types[0])
        if found is None or found[0] != "r":
            return None
        kind = found[1]
        return functions.Function(oids.get(("multirange", "r"), 0), "multirange",
                                  (arg_types[0],), found[2], _as_multi(kind), volatility="i")
    functions.register_resolver("multirange", multirange_of)

    def unnest(arg_types):
        if len(arg_types) != 1:
            return None
        found = operand(arg_types[0])
        if found is None or found[0] != "m":
            return None
        return functions.Function(oids.get(("unnest", "m"), 0), "unnest", (arg_types[0],),
                                  found[2], lambda m: iter(m.ranges), volatility="i",
                                  returns_set=True, rows=100.0)
    functions.register_resolver("unnest", unnest)

    def aggregate(name: str, multi: bool):
        def factory(arg_types):
            if len(arg_types) != 1:
                return None
            found = operand(arg_types[0])
            if found is None:
                return None
            kind = found[1]
            if found[0] == "r":
                result = found[2] if multi else arg_types[0]
            else:
                result = arg_types[0]
            if multi:
                def step(state, value):
                    pieces = value.ranges if isinstance(value, Multirange) else (value,)
                    return (state or ()) + tuple(pieces)
                final = (lambda state: None if state is None
                         else multiranges.canonical(kind, state))
            else:
                def step(state, value):
                    if state is None:
                        return value
                    if isinstance(value, Multirange):
                        return multiranges.intersect(state, value)
                    return ranges.intersect(state, value)
                final = (lambda state: state)
            return aggregates.Aggregate(oids.get((name, found[0]), 0), name,
                                        (arg_types[0],), result, lambda: None, step, final)
        return factory
    aggregates.register_factory("range_agg", aggregate("range_agg", True))
    aggregates.register_factory("range_intersect_agg", aggregate("range_intersect_agg", False))


def register_constructors(functions, range_name: str, range_oid: int, multirange_name: str,
                          multirange_oid: int, kind: RangeKind, oids: dict) -> None:
    """int4range(a, b), int4range(a, b, flags), int4multirange(), int4multirange(r),
    int4multirange(r1, r2, ...) for one range type."""
    sub = kind.subtype.oid
    construct = _constructor(kind)
    functions.register(range_name, [sub, sub], range_oid, construct,
                       oid=oids.get((range_name, 2), 0), strict=False, volatility="i")
    functions.register(range_name, [sub, sub, TEXT], range_oid, construct,
                       oid=oids.get((range_name, 3), 0), strict=False, volatility="i")

    def multirange_constructor(arg_types):
        # int4multirange(), int4multirange(r), int4multirange(r1, r2, ...) (VARIADIC)
        if any(t not in (range_oid, UNKNOWN) for t in arg_types):
            return None
        count = len(arg_types)
        key = (multirange_name, count) if count < 2 else (multirange_name, "variadic")
        return functions.Function(oids.get(key, 0), multirange_name, (range_oid,) * count,
                                  multirange_oid,
                                  lambda *pieces: multiranges.canonical(kind, _flatten(pieces)),
                                  strict=count == 1, volatility="i")
    functions.register_resolver(multirange_name, multirange_constructor)


def _flatten(pieces) -> list:
    out = []
    for piece in pieces:
        if isinstance(piece, list):
            out.extend(_flatten(piece))
        elif piece is not None:
            out.append(piece)
        else:
            raise PgError(NULL_VALUE_NOT_ALLOWED, "multirange values cannot contain null members")
    return out


def call_internal(source: str, result_type: int, args: list):
    """The constructor functions CREATE TYPE ... AS RANGE makes (pg_proc rows in the
    internal language, prosrc naming the C function PostgreSQL would call)."""
    found = kind_of(result_type)
    if found is None:
        raise PgError("XX000", f"cache lookup failed for type {result_type}")
    kind = found[1]
    if source in ("range_constructor2", "range_constructor3"):
        return _constructor(kind)(*args)
    if source.startswith("multirange_constructor"):
        return multiranges.canonical(kind, _flatten(args))
    raise PgError("42883", f'internal function "{source}" is not in internal lookup table')
