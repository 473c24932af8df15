"""Range types (int4range, numrange, tsrange, ..., CREATE TYPE t AS RANGE): values, bound
arithmetic, text and binary I/O.

A value is a `Range`: lower and upper bound values (None when infinite), their
inclusivity, and `empty`. Ranges are built by make() and are always canonical: a lower
bound above the upper is 22000, equal bounds not both inclusive give the empty range,
and a discrete subtype's canonical function (int4, int8, date: '[a,b)') has been
applied. Python's ordering of ranges is PostgreSQL's range_cmp (empty first, then by
lower bound, then by upper bound), so sorts, DISTINCT and the comparison operators need
no range code.

Bounds are compared as range_cmp_bounds does: -infinity below every value, +infinity
above; at equal values an inclusive lower bound sorts before an exclusive one and an
exclusive upper bound before an inclusive one.

Entry points: Range, RangeKind (one range type: subtype I/O, canonical form), make(),
bounds helpers used by multiranges.py and range_functions.py (cmp_bounds, overlaps,
contains, adjacent, union, intersect, minus, merge ...), make_range_type().

PostgreSQL: utils/adt/rangetypes.c (range_in, range_out, range_recv, range_send,
range_serialize, range_cmp_bounds, range_overlaps_internal, range_minus_internal,
bounds_adjacent, int4range_canonical, daterange_canonical).
"""
from __future__ import annotations

import datetime
import struct
from decimal import Decimal
from typing import Any, Callable

from pgsnake.datatypes.quoted_field import read_quoted_field
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import (INVALID_TEXT_REPRESENTATION, NUMERIC_VALUE_OUT_OF_RANGE,
                                  PgError)

DATA_EXCEPTION = "22000"
RANGE_EMPTY, RANGE_LB_INC, RANGE_UB_INC, RANGE_LB_INF, RANGE_UB_INF = 0x01, 0x02, 0x04, 0x08, 0x10
_INT4 = struct.Struct("!i")


class Bound:
    """One bound of a range, for comparisons (RangeBound)."""
    __slots__ = ("value", "inclusive", "lower", "infinite")

    def __init__(self, value, inclusive: bool, lower: bool) -> None:
        self.value = value
        self.inclusive = inclusive
        self.lower = lower
        self.infinite = value is None


def cmp_bounds(b1: Bound, b2: Bound) -> int:
    """range_cmp_bounds: lower or upper bounds, of the same subtype."""
    if b1.infinite and b2.infinite:
        if b1.lower == b2.lower:
            return 0
        return -1 if b1.lower else 1
    if b1.infinite:
        return -1 if b1.lower else 1
    if b2.infinite:
        return 1 if b2.lower else -1
    result = _cmp_values(b1.value, b2.value)
    if result == 0:
        if not b1.inclusive and not b2.inclusive:
            if b1.lower == b2.lower:
                return 0
            return 1 if b1.lower else -1
        if not b1.inclusive:
            return 1 if b1.lower else -1
        if not b2.inclusive:
            return -1 if b2.lower else 1
    return result


def _cmp_values(a, b) -> int:
    if isinstance(a, Decimal) and isinstance(b, Decimal) and (a.is_nan() or b.is_nan()):
        # numeric's order: NaN equals NaN and sorts after every other value
        return (a.is_nan() and not b.is_nan()) - (b.is_nan() and not a.is_nan())
    return 0 if a == b else (-1 if a < b else 1)


class Range:
    """A canonical range value (build with RangeKind.make)."""
    __slots__ = ("lower", "upper", "lower_inc", "upper_inc", "empty", "kind")

    def __init__(self, lower, upper, lower_inc: bool, upper_inc: bool, empty: bool,
                 kind: "RangeKind") -> None:
        self.lower = lower
        self.upper = upper
        self.lower_inc = lower_inc
        self.upper_inc = upper_inc
        self.empty = empty
        self.kind = kind

    def lower_bound(self) -> Bound:
        return Bound(self.lower, self.lower_inc, True)

    def upper_bound(self) -> Bound:
        return Bound(self.upper, self.upper_inc, False)

    def _key(self):
        if self.empty:
            return ("empty",)
        return (self.lower, self.upper, self.lower_inc, self.upper_inc)

    def __eq__(self, other) -> bool:
        return isinstance(other, Range) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def cmp(self, other: "Range") -> int:
        """range_cmp."""
        if self.empty or other.empty:
            return 0 if self.empty and other.empty else (-1 if self.empty else 1)
        result = cmp_bounds(self.lower_bound(), other.lower_bound())
        if result == 0:
            result = cmp_bounds(self.upper_bound(), other.upper_bound())
        return result

    def __lt__(self, other) -> bool:
        return self.cmp(other) < 0

    def __le__(self, other) -> bool:
        return self.cmp(other) <= 0

    def __gt__(self, other) -> bool:
        return self.cmp(other) > 0

    def __ge__(self, other) -> bool:
        return self.cmp(other) >= 0

    def __repr__(self) -> str:
        return f"Range({self.kind.output(self)!r})"


class RangeKind:
    """One range type: its subtype's TypeInfo and canonical step (discrete types)."""

    def __init__(self, oid: int, subtype: TypeInfo, step: Callable[[Any], Any] | None,
                 sql_name: str) -> None:
        self.oid = oid
        self.subtype = subtype
        self.step = step                 # value -> next value, for '[a,b)' canonical form
        self.sql_name = sql_name

    def empty_range(self) -> Range:
        return Range(None, None, False, False, True, self)

    def make(self, lower, upper, lower_inc: bool, upper_inc: bool, empty: bool = False) -> Range:
        """make_range: check the bounds' order, apply the canonical form."""
        if empty:
            return self.empty_range()
        if lower is None:
            lower_inc = False
        if upper is None:
            upper_inc = False
        if lower is not None and upper is not None:
            order = _cmp_values(lower, upper)
            if order > 0:
                raise PgError(DATA_EXCEPTION, "range lower bound must be less than or equal "
                                              "to range upper bound")
            if order == 0 and not (lower_inc and upper_inc):
                return self.empty_range()
        if self.step is not None:
            # (a step of None: a bound the canonical function leaves alone, an infinite
            # date, keeping its inclusivity)
            stepped = self.step(lower) if lower is not None and not lower_inc else None
            if stepped is not None:
                lower, lower_inc = stepped, True
            stepped = self.step(upper) if upper is not None and upper_inc else None
            if stepped is not None:
                upper, upper_inc = stepped, False
            if lower is not None and upper is not None:
                order = _cmp_values(lower, upper)
                if order > 0 or (order == 0 and not (lower_inc and upper_inc)):
                    return self.empty_range()
        return Range(lower, upper, lower_inc, upper_inc, False, self)

    def from_bounds(self, lower: Bound, upper: Bound) -> Range:
        return self.make(lower.value, upper.value, lower.inclusive, upper.inclusive)

    # -- text and binary forms --------------------------------------------------------------

    def output(self, value: Range) -> str:
        if value.empty:
            return "empty"
        out = self.subtype.output
        lower = "" if value.lower is None else _bound_text(out(value.lower))
        upper = "" if value.upper is None else _bound_text(out(value.upper))
        return f"{'[' if value.lower_inc else '('}{lower},{upper}{']' if value.upper_inc else ')'}"

    def input(self, text: str, typmod: int = -1) -> Range:
        empty, lower, upper, lower_inc, upper_inc = parse_range(text)
        if empty:
            return self.empty_range()
        sub = self.subtype.input
        return self.make(None if lower is None else sub(lower, -1),
                         None if upper is None else sub(upper, -1), lower_inc, upper_inc)

    def send(self, value: Range) -> bytes:
        flags = _flags(value)
        parts = [bytes([flags])]
        for bound in (value.lower, value.upper):
            if bound is not None and not value.empty:
                data = self.subtype.send(bound)
                parts.append(_INT4.pack(len(data)) + data)
        return b"".join(parts)

    def receive(self, data: bytes, typmod: int = -1) -> Range:
        data = bytes(data)
        flags = data[0]
        offset, bounds = 1, []
        for infinite_flag in (RANGE_LB_INF, RANGE_UB_INF):
            if flags & (RANGE_EMPTY | infinite_flag):
                bounds.append(None)
                continue
            (length,) = _INT4.unpack_from(data, offset)
            bounds.append(self.subtype.receive(data[offset + 4:offset + 4 + length], -1))
            offset += 4 + length
        return self.make(bounds[0], bounds[1], bool(flags & RANGE_LB_INC),
                         bool(flags & RANGE_UB_INC), bool(flags & RANGE_EMPTY))


def _flags(value: Range) -> int:
    if value.empty:
        return RANGE_EMPTY
    flags = 0
    if value.lower is None:
        flags |= RANGE_LB_INF
    elif value.lower_inc:
        flags |= RANGE_LB_INC
    if value.upper is None:
        flags |= RANGE_UB_INF
    elif value.upper_inc:
        flags |= RANGE_UB_INC
    return flags


_QUOTE_TRIGGERS = frozenset('"\\()[],')


def _bound_text(text: str) -> str:
    """range_bound_escape: quoted when empty or holding special characters or spaces."""
    if text == "" or any(ch in _QUOTE_TRIGGERS or ch.isspace() for ch in text):
        return '"' + text.replace("\\", "\\\\").replace('"', '""') + '"'
    return text


def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed range literal: "{text}"',
                   detail=detail)


def parse_range(text: str):
    """range_parse: (empty, lower text | None, upper text | None, lower_inc, upper_inc)."""
    n, i = len(text), 0
    while i < n and text[i].isspace():
        i += 1
    if text[i:i + 5].lower() == "empty":
        rest = text[i + 5:]
        if rest.strip():
            raise _malformed(text, 'Junk after "empty" key word.')
        return True, None, None, False, False
    if i < n and text[i] == "[":
        lower_inc = True
    elif i < n and text[i] == "(":
        lower_inc = False
    else:
        raise _malformed(text, "Missing left parenthesis or bracket.")
    i += 1
    lower, i = _parse_bound(text, i)
    if i < n and text[i] == ",":
        i += 1
    else:
        raise _malformed(text, "Missing comma after lower bound.")
    upper, i = _parse_bound(text, i)
    if i < n and text[i] == "]":
        upper_inc = True
    elif i < n and text[i] == ")":
        upper_inc = False
    else:
        raise _malformed(text, "Too many commas.")
    i += 1
    if text[i:].strip():
        raise _malformed(text, "Junk after right parenthesis or bracket.")
    return False, lower, upper, lower_inc, upper_inc


def _parse_bound(text: str, i: int) -> tuple[str | None, int]:
    n = len(text)
    if i < n and text[i] in ",)]":
        return None, i
    return read_quoted_field(text, i, ",)]", "range")


# ---------------------------------------------------------------- canonical steps

def _int_step(limit: int):
    def step(value: int) -> int:
        if value + 1 > limit:
            raise PgError(NUMERIC_VALUE_OUT_OF_RANGE,
                          "integer out of range" if limit < 2 ** 40 else "bigint out of range")
        return value + 1
    return step


def _date_step(value: datetime.date) -> datetime.date | None:
    """None for infinity and -infinity: daterange_canonical leaves those bounds, and
    their inclusivity, as they are."""
    from pgsnake.datatypes.datetime_types import is_infinite
    if is_infinite(value):
        return None
    return value + datetime.timedelta(days=1)


# subtype OID -> canonical step, for the built-in discrete range types
DISCRETE_STEPS = {23: _int_step(2 ** 31 - 1), 20: _int_step(2 ** 63 - 1), 1082: _date_step}


# ---------------------------------------------------------------- operations

def overlaps(r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    l1, u1, l2, u2 = r1.lower_bound(), r1.upper_bound(), r2.lower_bound(), r2.upper_bound()
    if cmp_bounds(l1, l2) >= 0 and cmp_bounds(l1, u2) <= 0:
        return True
    return cmp_bounds(l2, l1) >= 0 and cmp_bounds(l2, u1) <= 0


def contains(r1: Range, r2: Range) -> bool:
    if r2.empty:
        return True
    if r1.empty:
        return False
    return cmp_bounds(r1.lower_bound(), r2.lower_bound()) <= 0 and \
        cmp_bounds(r1.upper_bound(), r2.upper_bound()) >= 0


def contains_elem(r: Range, value) -> bool:
    if r.empty:
        return False
    if r.lower is not None:
        order = _cmp_values(r.lower, value)
        if order > 0 or (order == 0 and not r.lower_inc):
            return False
    if r.upper is not None:
        order = _cmp_values(r.upper, value)
        if order < 0 or (order == 0 and not r.upper_inc):
            return False
    return True


def before(r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(r1.upper_bound(), r2.lower_bound()) < 0


def after(r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(r1.lower_bound(), r2.upper_bound()) > 0


def overleft(r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(r1.upper_bound(), r2.upper_bound()) <= 0


def overright(r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    return cmp_bounds(r1.lower_bound(), r2.lower_bound()) >= 0


def bounds_adjacent(kind: RangeKind, upper: Bound, lower: Bound) -> bool:
    """bounds_adjacent: nothing of the subtype lies between `upper` and `lower`."""
    if upper.infinite or lower.infinite:
        return False
    order = _cmp_values(upper.value, lower.value)
    if order < 0:
        if kind.step is None:
            return False
        between = kind.make(upper.value, lower.value, not upper.inclusive, not lower.inclusive)
        return between.empty
    if order == 0:
        return upper.inclusive != lower.inclusive
    return False


def adjacent(r1: Range, r2: Range) -> bool:
    if r1.empty or r2.empty:
        return False
    kind = r1.kind
    return bounds_adjacent(kind, r1.upper_bound(), r2.lower_bound()) or \
        bounds_adjacent(kind, r2.upper_bound(), r1.lower_bound())


def _min_lower(r1: Range, r2: Range) -> Bound:
    a, b = r1.lower_bound(), r2.lower_bound()
    return a if cmp_bounds(a, b) <= 0 else b


def _max_upper(r1: Range, r2: Range) -> Bound:
    a, b = r1.upper_bound(), r2.upper_bound()
    return a if cmp_bounds(a, b) >= 0 else b


def merge(r1: Range, r2: Range) -> Range:
    """range_merge: the smallest range containing both."""
    if r1.empty:
        return r2
    if r2.empty:
        return r1
    return r1.kind.from_bounds(_min_lower(r1, r2), _max_upper(r1, r2))


def union(r1: Range, r2: Range) -> Range:
    if r1.empty:
        return r2
    if r2.empty:
        return r1
    if not overlaps(r1, r2) and not adjacent(r1, r2):
        raise PgError(DATA_EXCEPTION, "result of range union would not be contiguous")
    return merge(r1, r2)


def intersect(r1: Range, r2: Range) -> Range:
    if r1.empty or r2.empty or not overlaps(r1, r2):
        return r1.kind.empty_range()
    a, b = r1.lower_bound(), r2.lower_bound()
    lower = a if cmp_bounds(a, b) >= 0 else b
    a, b = r1.upper_bound(), r2.upper_bound()
    upper = a if cmp_bounds(a, b) <= 0 else b
    return r1.kind.from_bounds(lower, upper)


def minus_pieces(r1: Range, r2: Range) -> list[Range]:
    """r1 - r2 as up to two ranges (range_minus_internal, multirange form)."""
    if r1.empty or r2.empty:
        return [r1]
    l1, u1, l2, u2 = r1.lower_bound(), r1.upper_bound(), r2.lower_bound(), r2.upper_bound()
    if cmp_bounds(l1, u2) > 0 or cmp_bounds(u1, l2) < 0:
        return [r1]
    kind = r1.kind
    pieces = []
    if cmp_bounds(l1, l2) < 0:
        pieces.append(kind.make(l1.value, l2.value, l1.inclusive, not l2.inclusive))
    if cmp_bounds(u1, u2) > 0:
        pieces.append(kind.make(u2.value, u1.value, not u2.inclusive, u1.inclusive))
    return [p for p in pieces if not p.empty]


def minus(r1: Range, r2: Range) -> Range:
    """range_minus: 22000 when the result would be two ranges."""
    if r1.empty or r2.empty:
        return r1
    if cmp_bounds(r1.lower_bound(), r2.lower_bound()) < 0 and \
            cmp_bounds(r1.upper_bound(), r2.upper_bound()) > 0:
        raise PgError(DATA_EXCEPTION, "result of range difference would not be contiguous")
    pieces = minus_pieces(r1, r2)
    return pieces[0] if pieces else r1.kind.empty_range()


# ---------------------------------------------------------------- the TypeInfo

def make_range_type(oid: int, name: str, sql_name: str, array_oid: int,
                    subtype: TypeInfo) -> tuple[TypeInfo, RangeKind]:
    kind = RangeKind(oid, subtype, DISCRETE_STEPS.get(subtype.oid), sql_name)
    info = TypeInfo(oid, name, -1, False, "d" if subtype.typalign == "d" else "i", "R", False,
                    array_oid, 0, sql_name)
    info.input, info.output = kind.input, kind.output
    info.send, info.receive = kind.send, kind.receive
    info.pack, info.unpack = kind.send, lambda data: kind.receive(data)
    return info, kind
