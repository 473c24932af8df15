"""Multirange types (int4multirange, ..., one per range type): values, text and binary
I/O and the set operations.

A value is a `Multirange`: a tuple of non-empty ranges of one range type, sorted, with
no two overlapping or adjacent (multirange_canonicalize merges them). Python's ordering
is PostgreSQL's multirange_cmp: range by range, a shorter multirange first when one is
a prefix of the other (the empty multirange before all).

Text form '{[1,3), [5,7)}' in, '{[1,3),[5,7)}' out; binary form an int4 count and
then each range as int4 length + range_send.

Entry points: Multirange, canonical(kind, ranges), make_multirange_type(), as_multirange(),
union / intersect / minus, containment, overlap and adjacency for range_functions.py.

PostgreSQL: utils/adt/multirangetypes.c (multirange_in, multirange_out,
multirange_canonicalize, multirange_cmp, multirange_union / intersect / minus).
"""
from __future__ import annotations

import functools
import struct

from pgsnake.datatypes import ranges
from pgsnake.datatypes.ranges import Range, RangeKind
from pgsnake.datatypes.type_info import TypeInfo
from pgsnake.utils.errors import INVALID_TEXT_REPRESENTATION, PgError

_INT4 = struct.Struct("!i")


class Multirange:
    __slots__ = ("ranges", "kind")

    def __init__(self, pieces: tuple, kind: RangeKind) -> None:
        self.ranges = pieces
        self.kind = kind

    def __eq__(self, other) -> bool:
        return isinstance(other, Multirange) and self.ranges == other.ranges

    def __hash__(self) -> int:
        return hash(self.ranges)

    def cmp(self, other: "Multirange") -> int:
        for a, b in zip(self.ranges, other.ranges):
            order = a.cmp(b)
            if order:
                return order
        return (len(self.ranges) > len(other.ranges)) - (len(self.ranges) < len(other.ranges))

    def __lt__(self, other) -> bool:
        return self.cmp(other) < 0

    def __le__(self, other) -> bool:
        return self.cmp(other) <= 0

    def __gt__(self, other) -> bool:
        return self.cmp(other) > 0

    def __ge__(self, other) -> bool:
        return self.cmp(other) >= 0

    @property
    def empty(self) -> bool:
        return not self.ranges

    def span(self) -> Range:
        """range_merge(multirange): from the first lower bound to the last upper bound."""
        if not self.ranges:
            return self.kind.empty_range()
        return ranges.merge(self.ranges[0], self.ranges[-1])


def canonical(kind: RangeKind, pieces) -> Multirange:
    """multirange_canonicalize: sorted, empties dropped, overlapping / adjacent merged."""
    ordered = sorted((r for r in pieces if not r.empty), key=functools.cmp_to_key(Range.cmp))
    merged: list[Range] = []
    for piece in ordered:
        if merged and (ranges.overlaps(merged[-1], piece) or ranges.adjacent(merged[-1], piece)):
            merged[-1] = ranges.merge(merged[-1], piece)
        else:
            merged.append(piece)
    return Multirange(tuple(merged), kind)


# ---------------------------------------------------------------- set operations

def union(m1: Multirange, m2: Multirange) -> Multirange:
    return canonical(m1.kind, m1.ranges + m2.ranges)


def intersect(m1: Multirange, m2: Multirange) -> Multirange:
    return canonical(m1.kind, [ranges.intersect(a, b) for a in m1.ranges for b in m2.ranges])


def minus(m1: Multirange, m2: Multirange) -> Multirange:
    result = []
    for piece in m1.ranges:
        remaining = [piece]
        for cut in m2.ranges:
            remaining = [p for r in remaining for p in ranges.minus_pieces(r, cut)]
        result.extend(remaining)
    return canonical(m1.kind, result)


def contains_range(m: Multirange, r: Range) -> bool:
    if r.empty:
        return True
    return any(ranges.contains(piece, r) for piece in m.ranges)


def contains_multirange(m1: Multirange, m2: Multirange) -> bool:
    return all(contains_range(m1, r) for r in m2.ranges)


def contains_elem(m: Multirange, value) -> bool:
    return any(ranges.contains_elem(piece, value) for piece in m.ranges)


def overlaps_range(m: Multirange, r: Range) -> bool:
    return any(ranges.overlaps(piece, r) for piece in m.ranges)


def overlaps_multirange(m1: Multirange, m2: Multirange) -> bool:
    return any(overlaps_range(m1, r) for r in m2.ranges)


def adjacent_multiranges(m1: Multirange, m2: Multirange) -> bool:
    """multirange_adjacent_multirange: the last of one touches the first of the other."""
    if m1.empty or m2.empty:
        return False
    kind = m1.kind
    if ranges.bounds_adjacent(kind, m2.ranges[-1].upper_bound(), m1.ranges[0].lower_bound()):
        return True
    return ranges.bounds_adjacent(kind, m1.ranges[-1].upper_bound(), m2.ranges[0].lower_bound())


def as_multirange(value, kind: RangeKind) -> Multirange:
    """A range seen as the multirange holding it (for the range / multirange operators)."""
    if isinstance(value, Multirange):
        return value
    return canonical(kind, [value])


# ---------------------------------------------------------------- text and binary forms

def _malformed(text: str, detail: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'malformed multirange literal: "{text}"',
                   detail=detail)


def _split(text: str) -> list[str]:
    """The range literals of a multirange literal (multirange_in's state machine)."""
    n, i = len(text), 0
    while i < n and text[i].isspace():
        i += 1
    if i >= n or text[i] != "{":
        raise _malformed(text, "Missing left brace.")
    i += 1
    pieces: list[str] = []
    expect_range = True
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise _malformed(text, "Unexpected end of input.")
        ch = text[i]
        if ch == "}" and (not pieces or not expect_range):
            i += 1
            break
        if not expect_range:
            if ch != ",":
                raise _malformed(text, "Expected comma or end of multirange.")
            i += 1
            expect_range = True
            continue
        if text[i:i + 5].lower() == "empty":
            pieces.append("empty")
            i += 5
        elif ch in "[(":
            start, in_quote = i, False
            i += 1
            while i < n:
                c = text[i]
                if c == "\\" and i + 1 < n:
                    i += 2
                    continue
                if c == '"':
                    in_quote = not in_quote
                elif not in_quote and c in ")]":
                    break
                i += 1
            if i >= n:
                raise _malformed(text, "Unexpected end of input.")
            i += 1
            pieces.append(text[start:i])
        else:
            raise _malformed(text, "Expected range start.")
        expect_range = False
    if text[i:].strip():
        raise _malformed(text, "Junk after closing right brace.")
    return pieces


def make_multirange_type(oid: int, name: str, sql_name: str, array_oid: int,
                         kind: RangeKind) -> TypeInfo:
    info = TypeInfo(oid, name, -1, False, "d" if kind.subtype.typalign == "d" else "i", "R",
                    False, array_oid, 0, sql_name)

    def input_(text: str, typmod: int = -1) -> Multirange:
        return canonical(kind, [kind.input(piece) for piece in _split(text)])

    def output(value: Multirange) -> str:
        return "{" + ",".join(kind.output(r) for r in value.ranges) + "}"

    def send(value: Multirange) -> bytes:
        parts = [_INT4.pack(len(value.ranges))]
        for r in value.ranges:
            data = kind.send(r)
            parts.append(_INT4.pack(len(data)) + data)
        return b"".join(parts)

    def receive(data: bytes, typmod: int = -1) -> Multirange:
        data = bytes(data)
        (count,) = _INT4.unpack_from(data, 0)
        offset, pieces = 4, []
        for _ in range(count):
            (length,) = _INT4.unpack_from(data, offset)
            pieces.append(kind.receive(data[offset + 4:offset + 4 + length]))
            offset += 4 + length
        return canonical(kind, pieces)

    info.input, info.output, info.send, info.receive = input_, output, send, receive
    info.pack, info.unpack = send, lambda data: receive(data)
    return info

