"""BRIN operator classes: what a range's summary of one column is, how a new value
widens it, and whether a scan key can match a row of the range.

    minmax      (the *_minmax_ops classes) stores the smallest and largest value seen:
                [min, max]. add_value widens them by the type's B-tree order;
                consistent answers the B-tree strategies 1-5 (< <= = >= >), the
                operand may be of another type of the operator family (int4 column,
                int8 constant), through that pair's operator.
    inclusion   (box_inclusion_ops, inet_inclusion_ops, range_inclusion_ops) stores a
                value containing every value seen, whether some values could not be
                merged (inet of both families), and whether an empty range was seen:
                [union, unmergeable, contains_empty]. consistent turns each R-tree
                strategy into a test on the union, as brin_inclusion.c does (the
                placement strategies by the negated converse operator, contained-by
                by overlap, ...).

An index column's class is ColumnClass (from `column_class(opclass name, type)`); its
`stored` list gives the stored values' (type, typlen, typalign, typstorage) for the
tuple layout. Which classes exist: `supported(opclass name)` (CREATE INDEX refuses the
others, 0A000). The minmax-multi classes are minmax_multi.py's.

    bloom       (the *_bloom_ops classes) stores a Bloom filter of the values' hashes,
                with the opclass's default parameters (options are not accepted); it
                answers = only.

Operators come from the datatypes package by name and operand types (the strategy's
operator in the family), so a cross-type key uses the family's cross-type operator.

PostgreSQL: access/brin/brin_minmax.c, brin_inclusion.c, brin_bloom.c,
include/access/stratnum.h.
"""
from __future__ import annotations

import functools
import math
import struct

from pgsnake.access.brin.page_format import BrinValues
from pgsnake.access.nbtree.key_comparison import sort_key_for
from pgsnake.datatypes import operators, registry
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

BOOL = 16
ANYRANGE = 3831
_BOOL_STORED = (BOOL, 1, "c", "p")

MINMAX_STRATEGY_NAMES = {1: "<", 2: "<=", 3: "=", 4: ">=", 5: ">"}
# R-tree strategy numbers (stratnum.h) and the operator each stands for
RT_NAMES = {1: "<<", 2: "&<", 3: "&&", 4: "&>", 5: ">>", 6: "~=", 7: "@>", 8: "<@",
            9: "&<|", 10: "<<|", 11: "|>>", 12: "|&>", 16: "@>", 17: "-|-", 18: "=",
            20: "<", 21: "<=", 22: ">", 23: ">="}
# inet_inclusion_ops: 7 is >>= and 8 <<=; 24 (RTSub) is >>, 26 (RTSuper) <<
INET_NAMES = {3: "&&", 7: ">>=", 8: "<<=", 18: "=", 24: ">>", 26: "<<"}
_CONVERSE = {1: 4, 2: 5, 4: 1, 5: 2, 10: 12, 9: 11, 12: 10, 11: 9}


def supported(opclass_name: str) -> bool:
    if opclass_name.endswith("_minmax_multi_ops"):     # minmax_multi.py's
        return True
    return opclass_name.endswith(("_minmax_ops", "_bloom_ops")) or opclass_name in (
        "box_inclusion_ops", "inet_inclusion_ops", "range_inclusion_ops")


def refuse(opclass_name: str) -> None:
    if not supported(opclass_name):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'BRIN operator class "{opclass_name}" is not supported yet')


@functools.lru_cache(maxsize=512)
def _operator(name: str, left: int, right: int):
    return operators.resolve_operator(name, left, right).fn


def _type_stored(type_oid: int, align: str | None = None) -> tuple[int, int, str, str]:
    info = registry.get_type(type_oid)
    storage = "p" if info.typlen != -1 else "x"
    return (type_oid, info.typlen, align or info.typalign, storage)


class ColumnClass:
    """One index column's operator class, over values of `type_oid`."""

    kind = ""

    def __init__(self, type_oid: int) -> None:
        self.type_oid = type_oid

    stored: list = []

    def add_value(self, column: BrinValues, value) -> bool:
        raise NotImplementedError

    def consistent(self, column: BrinValues, strategy: int, query, query_type: int) -> bool:
        raise NotImplementedError

    def shown(self, column: BrinValues) -> str:
        raise NotImplementedError


class Minmax(ColumnClass):
    kind = "minmax"

    def __init__(self, type_oid: int) -> None:
        super().__init__(type_oid)
        self.stored = [_type_stored(type_oid)] * 2
        self.key = sort_key_for(type_oid)

    def add_value(self, column: BrinValues, value) -> bool:
        """brin_minmax_add_value (the value is not NULL)."""
        if column.allnulls:
            column.values = [value, value]
            column.allnulls = False
            return True
        changed = False
        key = self.key(value)
        if key < self.key(column.values[0]):
            column.values[0] = value
            changed = True
        if key > self.key(column.values[1]):
            column.values[1] = value
            changed = True
        return changed

    def consistent(self, column, strategy, query, query_type) -> bool:
        """brin_minmax_consistent."""
        low, high = column.values
        if strategy == 3:
            return bool(_operator("<=", self.type_oid, query_type)(low, query)) and \
                bool(_operator(">=", self.type_oid, query_type)(high, query))
        name = MINMAX_STRATEGY_NAMES[strategy]
        return bool(_operator(name, self.type_oid, query_type)(
            low if strategy in (1, 2) else high, query))

    def union(self, column: BrinValues, other: BrinValues) -> None:
        """brin_minmax_union (both hold values)."""
        self.add_value(column, other.values[0])
        self.add_value(column, other.values[1])

    def shown(self, column) -> str:
        out = registry.get_type(self.type_oid).output
        return "{" + f"{out(column.values[0])} .. {out(column.values[1])}" + "}"


class Inclusion(ColumnClass):
    kind = "inclusion"
    names = RT_NAMES
    union_align: str | None = None

    def __init__(self, type_oid: int) -> None:
        super().__init__(type_oid)
        self.stored = [_type_stored(type_oid, self.union_align), _BOOL_STORED, _BOOL_STORED]

    # support functions (PROCNUM_MERGE 11, MERGEABLE 12, CONTAINS 13, EMPTY 14)
    def merge(self, a, b):
        raise NotImplementedError

    def mergeable(self, a, b) -> bool:
        return True

    def contains(self, union, value) -> bool:
        return bool(_operator(self.names[7], self.type_oid, self.type_oid)(union, value))

    def is_empty(self, value) -> bool:
        return False

    def add_value(self, column: BrinValues, value) -> bool:
        """brin_inclusion_add_value (the value is not NULL)."""
        new = False
        if column.allnulls:
            column.values = [value, False, False]
            column.allnulls = False
            new = True
        if column.values[1]:
            return False
        if self.is_empty(value):
            if not column.values[2]:
                column.values[2] = True
                return True
            return False
        if new:
            return True
        if self.contains(column.values[0], value):
            return False
        if not self.mergeable(column.values[0], value):
            column.values[1] = True
            return True
        column.values[0] = self.merge(column.values[0], value)
        return True

    def union(self, column: BrinValues, other: BrinValues) -> None:
        """brin_inclusion_union (both hold values)."""
        if other.values[2]:
            column.values[2] = True
        if column.values[1]:
            return
        if other.values[1] or not self.mergeable(column.values[0], other.values[0]):
            column.values[1] = True
            return
        column.values[0] = self.merge(column.values[0], other.values[0])

    def _op(self, strategy: int, query_type: int):
        name = self.names.get(strategy)
        if name is None:
            raise PgError("XX000", f"missing operator {strategy}({self.type_oid},"
                                   f"{query_type}) in BRIN operator family")
        return _operator(name, self.type_oid, query_type)

    def consistent(self, column, strategy, query, query_type) -> bool:
        """brin_inclusion_consistent."""
        union, unmergeable, contains_empty = column.values
        if unmergeable:
            return True
        if strategy in _CONVERSE:
            return not self._op(_CONVERSE[strategy], query_type)(union, query)
        if strategy in (3, 7, 13, 16, 24, 25):
            return bool(self._op(strategy, query_type)(union, query))
        if strategy in (8, 14, 26, 27):
            return bool(self._op(3, query_type)(union, query)) or bool(contains_empty)
        if strategy == 17:
            return bool(self._op(3, query_type)(union, query)) or \
                bool(self._op(17, query_type)(union, query))
        if strategy in (20, 21):
            return not self._op(5, query_type)(union, query) or bool(contains_empty)
        if strategy in (6, 18):
            return bool(self._op(7, query_type)(union, query)) or bool(contains_empty)
        if strategy == 23:
            return not self._op(1, query_type)(union, query) or bool(contains_empty)
        if strategy == 22:
            return not self._op(1, query_type)(union, query)
        raise PgError("XX000", f"invalid strategy number {strategy}")

    def shown(self, column) -> str:
        out = registry.get_type(self.type_oid).output
        union, unmergeable, empty = column.values
        return "{" + f"{out(union)} .. {'t' if unmergeable else 'f'} .. " \
                     f"{'t' if empty else 'f'}" + "}"


class BoxInclusion(Inclusion):
    def merge(self, a, b):
        from pgsnake.datatypes import geometry
        return geometry.boxes_bound_box(a, b)


class InetInclusion(Inclusion):
    names = INET_NAMES

    def merge(self, a, b):
        from pgsnake.datatypes import network
        return network.inet_merge(a, b)

    def mergeable(self, a, b) -> bool:
        from pgsnake.datatypes import network
        return network.inet_same_family(a, b)


class RangeInclusion(Inclusion):
    union_align = "d"           # stored as anyrange (opckeytype), whose typalign is 'd'

    def merge(self, a, b):
        from pgsnake.datatypes import ranges
        return ranges.merge(a, b)

    def is_empty(self, value) -> bool:
        return bool(value.empty)


class Bloom(ColumnClass):
    """brin_bloom.c: a Bloom filter of the values' hashes (the type's hash support
    function), sized for 10% of the range's possible tuples at a 1% false-positive
    rate (the opclass defaults), stored as a pg_brin_bloom_summary varlena:
    flags u16, nhashes u8, nbits u32, nbits_set u32, then the bitmap."""

    kind = "bloom"
    SEED_1, SEED_2 = 0x71D924AF, 0xBA48B314
    _HEAD = struct.Struct("<HBxII")
    MAX_FILTER_SIZE = (8192 - (32 + 8 + 5)) & ~7        # BloomMaxFilterSize: 8144

    def __init__(self, type_oid: int, pages_per_range: int) -> None:
        from pgsnake.access.hash import hash_functions
        super().__init__(type_oid)
        self.stored = [(17, -1, "i", "x")]              # pg_brin_bloom_summary
        self.hash = hash_functions.support_function(type_oid)
        if self.hash is None:
            raise PgError(FEATURE_NOT_SUPPORTED, f"BRIN bloom operator classes are not "
                                                 f"supported yet for type {type_oid}")
        max_tuples = 291 * pages_per_range              # MaxHeapTuplesPerPage
        ndistinct = min(max(0.1 * max_tuples, 16), max_tuples)
        self.ndistinct = int(ndistinct)

    def _size(self) -> tuple[int, int, int]:
        nbits = math.ceil(-(self.ndistinct * math.log(0.01)) / math.pow(math.log(2.0), 2))
        nbytes = (nbits + 7) // 8
        nbits = nbytes * 8
        k = math.log(2.0) * nbits / self.ndistinct
        k = math.ceil(k) if k - math.floor(k) >= 0.5 else math.floor(k)
        return nbytes, nbits, int(k)

    def _positions(self, filter_nbits: int, nhashes: int, hash_value: int):
        from pgsnake.access.hash import hash_functions
        h1 = hash_functions.hash_uint32_extended(hash_value, self.SEED_1) % filter_nbits
        h2 = hash_functions.hash_uint32_extended(hash_value, self.SEED_2) % filter_nbits
        return [(h1 + i * h2) % filter_nbits for i in range(nhashes)]

    def add_value(self, column: BrinValues, value) -> bool:
        """brin_bloom_add_value."""
        updated = False
        if column.allnulls:
            nbytes, nbits, nhashes = self._size()
            if nbytes > self.MAX_FILTER_SIZE:
                raise PgError("XX000", f"the bloom filter is too large ({nbytes} > "
                                       f"{self.MAX_FILTER_SIZE})")
            column.values = [self._HEAD.pack(0, nhashes, nbits, 0) + bytes(nbytes)]
            column.allnulls = False
            updated = True
        data = bytearray(column.values[0])
        _flags, nhashes, nbits, nbits_set = self._HEAD.unpack_from(data, 0)
        base = self._HEAD.size
        for h in self._positions(nbits, nhashes, self.hash(value) & 0xFFFFFFFF):
            byte, bit = base + h // 8, h % 8
            if not data[byte] & (1 << bit):
                data[byte] |= 1 << bit
                nbits_set += 1
                updated = True
        if updated:
            self._HEAD.pack_into(data, 0, _flags, nhashes, nbits, nbits_set)
            column.values[0] = bytes(data)
        return updated

    def union(self, column: BrinValues, other: BrinValues) -> None:
        """brin_bloom_union: the filters OR-ed (both of this class's size)."""
        mine, theirs = bytearray(column.values[0]), other.values[0]
        flags, nhashes, nbits, _set = self._HEAD.unpack_from(mine, 0)
        base = self._HEAD.size
        for i in range(base, len(mine)):
            mine[i] |= theirs[i]
        nbits_set = sum(bin(byte).count("1") for byte in mine[base:])
        self._HEAD.pack_into(mine, 0, flags, nhashes, nbits, nbits_set)
        column.values[0] = bytes(mine)

    def consistent(self, column, strategy, query, query_type) -> bool:
        """brin_bloom_consistent: = only; every one of the value's bits set."""
        from pgsnake.access.hash import hash_functions
        if strategy != 1:
            raise PgError("XX000", f"invalid strategy number {strategy}")
        data = column.values[0]
        _flags, nhashes, nbits, _set = self._HEAD.unpack_from(data, 0)
        hasher = hash_functions.support_function(query_type) or self.hash
        base = self._HEAD.size
        return all(data[base + h // 8] & (1 << (h % 8))
                   for h in self._positions(nbits, nhashes, hasher(query) & 0xFFFFFFFF))

    def shown(self, column) -> str:
        _flags, nhashes, nbits, nbits_set = self._HEAD.unpack_from(column.values[0], 0)
        return "{{" + f"mode: hashed  nhashes: {nhashes}  nbits: {nbits}  " \
                      f"nbits_set: {nbits_set}" + "}}"


def column_class(opclass_name: str, type_oid: int,
                 pages_per_range: int = 128, options=()) -> ColumnClass:
    """The class of an index column of `type_oid` (for ranges: the actual range type);
    `options`: the column's operator class options, (name, value) pairs."""
    refuse(opclass_name)
    if opclass_name.endswith("_minmax_multi_ops"):
        from pgsnake.access.brin.minmax_multi import DEFAULT_VALUES_PER_RANGE, MinmaxMulti
        values_per_range = int(dict(options).get("values_per_range",
                                                 DEFAULT_VALUES_PER_RANGE))
        return MinmaxMulti(type_oid, pages_per_range, values_per_range)
    if opclass_name.endswith("_minmax_ops"):
        return Minmax(type_oid)
    if opclass_name.endswith("_bloom_ops"):
        return Bloom(type_oid, pages_per_range)
    if opclass_name == "box_inclusion_ops":
        return BoxInclusion(type_oid)
    if opclass_name == "inet_inclusion_ops":
        return InetInclusion(type_oid)
    return RangeInclusion(type_oid)
