"""BRIN minmax-multi operator classes (the *_minmax_multi_ops): a range's summary is a
short list of disjoint intervals and single points instead of one [min, max], so an
outlier does not widen the summary to uselessness.

The summary (PostgreSQL's Ranges) holds `2 * nranges` interval boundaries, sorted, then
`nvalues` single points (the first `nsorted` of them sorted); at most `maxvalues`
values in all. On disk it is a pg_brin_minmax_multi_summary varlena (SerializedRanges):

    varlena header | typid u32 | nranges i32 | nvalues i32 | maxvalues i32 (the target:
    values_per_range) | the values back to back, unaligned (typlen bytes each)

Adding a value (range_add_value): skip it when an interval or a sorted point already
covers it; else append it to the points. While a summary is being built (in memory,
from an all-NULL column, or deserialised from disk for an insert) its buffer holds up
to 10 x values_per_range values (at least 256, at most 8192, at most 291 x
pages_per_range); when the buffer is full the points are sorted and deduplicated, and
if that leaves more than half the buffer, the intervals and points are merged down to
half of it (ensure_free_space_in_buffer). Forming the tuple merges down to
values_per_range (compactify_ranges, brin_minmax_multi_serialize). Merging
(reduce_expanded_ranges): sort all intervals and points, measure the gap between
neighbours with the type's distance function, keep the global min and max and the
boundaries of the `max / 2 - 1` largest gaps (PostgreSQL's quicksort decides between
equal gaps), and pair the sorted boundaries up again; equal pairs become points.

Varlena values (numeric, inet) are serialised with the header a heap tuple gives them
(short up to 126 bytes): PostgreSQL copies each datum as it arrived, and both CREATE
INDEX and INSERT hand it values read from formed tuples. inet_minmax_multi_ops over a
cidr column stores inet as the summary's type and shows values by inet's output.

Entry point: MinmaxMulti (opclasses.column_class makes it), DISTANCE_TYPES (the types
with a distance function: every minmax-multi class of PostgreSQL 15).

PostgreSQL: access/brin/brin_minmax_multi.c.
"""
from __future__ import annotations

import bisect
import decimal
import struct

from pgsnake.access.brin.page_format import BrinValues, MemValue
from pgsnake.access.nbtree.key_comparison import sort_key_for
from pgsnake.datatypes import operators, registry
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INTERNAL_ERROR, PgError
from pgsnake.utils.pg_qsort import pg_qsort

SUMMARY_TYPE = 4601                # pg_brin_minmax_multi_summary
DEFAULT_VALUES_PER_RANGE = 32
BUFFER_FACTOR = 10
BUFFER_MIN = 256
BUFFER_MAX = 8192
BUFFER_LOAD_FACTOR = 0.5
MAX_HEAP_TUPLES_PER_PAGE = 291
_HEAD = struct.Struct("<Iiii")     # typid, nranges, nvalues, maxvalues (after vl_len_)
_INF = float("inf")
_STRATEGY_NAMES = {1: "<", 2: "<=", 3: "=", 4: ">=", 5: ">"}
_USECS_PER_SEC = 1000000


def _signed(fmt: str):
    s = struct.Struct(fmt)
    return lambda a, b: float(s.unpack(b)[0]) - float(s.unpack(a)[0])


def _float_distance(fmt: str):
    s = struct.Struct(fmt)

    def distance(a, b) -> float:
        x, y = s.unpack(a)[0], s.unpack(b)[0]
        if x != x and y != y:
            return 0.0
        if x != x or y != y:
            return _INF
        return y - x
    return distance


def _bytes_distance(a, b) -> float:
    """uuid, macaddr, macaddr8: the bytes as a base-256 fraction, last byte first."""
    delta = 0.0
    for i in range(len(a) - 1, -1, -1):
        delta += float(b[i]) - float(a[i])
        delta /= 256
    return delta


_I64 = struct.Struct("<q")
_USECS_PER_DAY = 86400 * _USECS_PER_SEC


def _date_distance(a, b) -> float:
    """Each date as a double first, infinities included (PostgreSQL 15.5 on)."""
    return float(struct.unpack("<i", b)[0]) - float(struct.unpack("<i", a)[0])


def _timestamp_distance(a, b) -> float:
    """Each timestamp as a double first (rounded: they exceed 2^53 microseconds)."""
    return float(_I64.unpack(b)[0]) - float(_I64.unpack(a)[0])


def _c_div(a: int, b: int) -> tuple[int, int]:
    """C's truncating division and remainder."""
    q = abs(a) // abs(b)
    if (a < 0) != (b < 0):
        q = -q
    return q, a - q * b


def _interval_distance(a, b) -> float:
    """Days between two intervals, a month as 30 days (as interval_cmp counts them):
    the whole days and the day fractions of the two times subtracted apart."""
    ta, da, ma = struct.unpack("<qii", a)
    tb, db, mb = struct.unpack("<qii", b)
    qa, ra = _c_div(ta, _USECS_PER_DAY)
    qb, rb = _c_div(tb, _USECS_PER_DAY)
    days = (qb - qa) + (db - da) + (mb - ma) * 30
    return float(days) + (rb - ra) / float(_USECS_PER_DAY)


def _timetz_distance(a, b) -> float:
    ta, za = struct.unpack("<qi", a)
    tb, zb = struct.unpack("<qi", b)
    return float((tb - ta) + (zb - za) * _USECS_PER_SEC)


def _numeric_distance(a, b) -> float:
    """The exact difference as a double (numeric_sub, then numeric_float8); NaN and
    infinities as numeric arithmetic gives them."""
    unpack = registry.get_type(1700).unpack
    with decimal.localcontext() as context:
        context.prec = 2000
        context.traps[decimal.InvalidOperation] = False
        return float(unpack(b) - unpack(a))


def _inet_distance(a, b) -> float:
    """inet / cidr: 1.0 across families; else each address masked by its own prefix
    length, the bytes as a base-256 fraction, last byte first."""
    if a[0] != b[0]:
        return 1.0
    addra, addrb = bytearray(a[2:]), bytearray(b[2:])
    for i in range(len(addra)):
        for addr, bits in ((addra, a[1]), (addrb, b[1])):
            nbits = max(0, bits - i * 8)
            if nbits < 8:
                addr[i] &= (0xFF << (8 - nbits)) & 0xFF
    delta = 0.0
    for i in range(len(addra) - 1, -1, -1):
        delta += float(addrb[i]) - float(addra[i])
        delta /= 256
    return delta


def _tid_distance(a, b) -> float:
    def position(t) -> float:
        hi, lo, off = struct.unpack("<HHH", t)
        return float(((hi << 16) | lo) * MAX_HEAP_TUPLES_PER_PAGE + off)
    return position(b) - position(a)


def _lsn_distance(a, b) -> float:
    x, y = struct.unpack("<Q", a)[0], struct.unpack("<Q", b)[0]
    return float((y - x) & 0xFFFFFFFFFFFFFFFF)          # XLogRecPtr arithmetic


# Distance functions of the stored bytes (brin_minmax_multi_distance_*), by type oid.
DISTANCE_TYPES = {
    21: _signed("<h"), 23: _signed("<i"), 20: _signed("<q"), 26: _signed("<I"),
    700: _float_distance("<f"), 701: _float_distance("<d"),
    1082: _date_distance, 1083: _signed("<q"), 1266: _timetz_distance,
    1114: _timestamp_distance, 1184: _timestamp_distance,
    27: _tid_distance, 3220: _lsn_distance, 1186: _interval_distance,
    1700: _numeric_distance, 869: _inet_distance, 650: _inet_distance,
    2950: _bytes_distance, 829: _bytes_distance, 774: _bytes_distance,
}


# The index column's type when the class's opckeytype differs from the values' type
# (inet_minmax_multi_ops over cidr): the summary's typid and output function.
_SUMMARY_TYPES = {650: 869}


class Ranges(MemValue):
    """The in-memory summary (Ranges): `values` are Python values, intervals' bounds
    first, then the points."""

    __slots__ = ("cls", "nranges", "nsorted", "nvalues", "maxvalues", "target", "values")

    def __init__(self, cls: "MinmaxMulti", maxvalues: int, target: int) -> None:
        self.cls = cls
        self.nranges = self.nsorted = self.nvalues = 0
        self.maxvalues = maxvalues
        self.target = target
        self.values: list = []

    # -- serial form --
    def serialize(self) -> bytes:
        """brin_minmax_multi_serialize: merge down to the target, then
        brin_range_serialize."""
        self.cls.compactify(self, self.target)
        self.cls.deduplicate(self)
        data = b"".join(self.cls.datum(v) for v in self.values)
        return _HEAD.pack(self.cls.summary_type, self.nranges, self.nvalues,
                          self.target) + data


class MinmaxMulti:
    """One index column's minmax-multi class over values of `type_oid`, with
    values_per_range `values_per_range` (the opclass option)."""

    kind = "minmax_multi"

    def __init__(self, type_oid: int, pages_per_range: int,
                 values_per_range: int = DEFAULT_VALUES_PER_RANGE) -> None:
        self.type_oid = type_oid
        self.distance = DISTANCE_TYPES.get(type_oid)
        if self.distance is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "BRIN minmax-multi operator classes are not "
                                                 f"supported yet for type {type_oid}")
        info = registry.get_type(type_oid)
        self.typlen = info.typlen
        self.pack = info.pack
        self.unpack = info.unpack
        self.summary_type = _SUMMARY_TYPES.get(type_oid, type_oid)
        self.output = registry.get_type(self.summary_type).output
        self.key = sort_key_for(type_oid)
        self.pages_per_range = pages_per_range
        self.values_per_range = values_per_range
        self.stored = [(17, -1, "i", "x")]      # pg_brin_minmax_multi_summary, a varlena

    def datum(self, value) -> bytes:
        """A value as brin_range_serialize copies it: fixed-length bytes, or a varlena
        with the header it has in a heap tuple (short up to 126 bytes: the values come
        from formed tuples, for CREATE INDEX and INSERT alike)."""
        payload = self.pack(value)
        if self.typlen > 0:
            return payload
        if len(payload) + 1 <= 0x7F:
            return bytes(((len(payload) + 1) << 1 | 1,)) + payload
        return struct.pack("<I", (len(payload) + 4) << 2) + payload

    # -- comparisons --
    def _cmp(self, a, b) -> int:
        ka, kb = self.key(a), self.key(b)
        return -1 if ka < kb else 1 if kb < ka else 0

    def _buffer_size(self, target: int) -> int:
        size = min(target * BUFFER_FACTOR, MAX_HEAP_TUPLES_PER_PAGE * self.pages_per_range)
        size = max(size, target)
        return min(max(size, BUFFER_MIN), BUFFER_MAX)

    # -- serial form --
    def deserialize(self, data, maxvalues: int | None = None) -> Ranges:
        """brin_range_deserialize (a buffer of `maxvalues`, default its target)."""
        typid, nranges, nvalues, target = _HEAD.unpack_from(data, 0)
        if typid != self.summary_type:
            raise PgError(INTERNAL_ERROR, f"minmax-multi summary of type {typid} in a column "
                                          f"of type {self.type_oid}")
        ranges = Ranges(self, maxvalues or target, target)
        ranges.nranges, ranges.nvalues, ranges.nsorted = nranges, nvalues, nvalues
        count = 2 * nranges + nvalues
        view = memoryview(bytes(data))
        offset = _HEAD.size
        values = []
        for _ in range(count):
            if self.typlen > 0:
                size = self.typlen
            else:                                   # a varlena with its header
                first = view[offset]
                size = first >> 1 if first & 1 else struct.unpack_from("<I", view, offset)[0] >> 2
            values.append(self.unpack(view[offset:offset + size] if self.typlen > 0
                                      else view[offset + (1 if view[offset] & 1 else 4):
                                                offset + size]))
            offset += size
        ranges.values = values
        return ranges

    # -- building --
    def deduplicate(self, ranges: Ranges) -> None:
        """range_deduplicate_values: sort the points and drop repeats."""
        if ranges.nsorted == ranges.nvalues:
            return
        start = 2 * ranges.nranges
        points = ranges.values[start:]
        pg_qsort(points, self._cmp)
        kept = points[:1]
        for value in points[1:]:
            if self._cmp(kept[-1], value) != 0:
                kept.append(value)
        ranges.values[start:] = kept
        ranges.nvalues = ranges.nsorted = len(kept)

    def _contains(self, ranges: Ranges, value) -> bool:
        """range_contains_value without the unsorted points (full = false)."""
        key = self.key(value)
        values = ranges.values
        if ranges.nranges:
            if not key < self.key(values[0]) \
                    and not key > self.key(values[2 * ranges.nranges - 1]):
                start, end = 0, ranges.nranges - 1
                while start <= end:
                    mid = (start + end) // 2
                    if key < self.key(values[2 * mid]):
                        end = mid - 1
                    elif key > self.key(values[2 * mid + 1]):
                        start = mid + 1
                    else:
                        return True
        first = 2 * ranges.nranges
        if ranges.nsorted >= 16:                # bsearch over the sorted points
            i = bisect.bisect_left(values, key, first, first + ranges.nsorted, key=self.key)
            return i < first + ranges.nsorted and not key < self.key(values[i])
        return any(self.key(v) == key for v in values[first:first + ranges.nsorted])

    def _expanded(self, ranges: Ranges) -> list:
        """build_expanded_ranges: [min, max, collapsed] of every interval and point,
        sorted and deduplicated."""
        values = ranges.values
        out = [[values[2 * i], values[2 * i + 1], False] for i in range(ranges.nranges)]
        out += [[v, v, True] for v in values[2 * ranges.nranges:]]

        def cmp(a, b) -> int:
            return self._cmp(a[0], b[0]) or self._cmp(a[1], b[1])
        pg_qsort(out, cmp)
        kept = out[:1]
        for erange in out[1:]:
            if cmp(kept[-1], erange) != 0:
                kept.append(erange)
        return kept

    def _distances(self, eranges: list) -> list:
        """build_distances: (gap index, length), longest first (pg_qsort)."""
        if len(eranges) < 2:
            return []
        pack = self.pack
        out = [(i, self.distance(pack(eranges[i][1]), pack(eranges[i + 1][0])))
               for i in range(len(eranges) - 1)]

        def cmp(a, b) -> int:
            return 1 if a[1] < b[1] else -1 if a[1] > b[1] else 0
        pg_qsort(out, cmp)
        return out

    def _reduce(self, eranges: list, distances: list, max_values: int) -> list:
        """reduce_expanded_ranges."""
        keep = max_values // 2 - 1
        if keep >= len(eranges) - 1:
            return eranges
        values = [eranges[0][0], eranges[-1][1]]
        for index, _length in distances[:keep]:
            values += [eranges[index][1], eranges[index + 1][0]]
        pg_qsort(values, self._cmp)
        return [[values[2 * i], values[2 * i + 1], self._cmp(values[2 * i],
                                                             values[2 * i + 1]) == 0]
                for i in range(len(values) // 2)]

    @staticmethod
    def _store(ranges: Ranges, eranges: list) -> None:
        """store_expanded_ranges: the intervals, then the points."""
        bounds = [v for e in eranges if not e[2] for v in (e[0], e[1])]
        points = [e[0] for e in eranges if e[2]]
        ranges.values = bounds + points
        ranges.nranges = len(bounds) // 2
        ranges.nvalues = ranges.nsorted = len(points)

    def compactify(self, ranges: Ranges, max_values: int) -> None:
        """compactify_ranges."""
        if 2 * ranges.nranges + ranges.nvalues <= max_values \
                and ranges.nsorted == ranges.nvalues:
            return
        eranges = self._expanded(ranges)
        self._store(ranges, self._reduce(eranges, self._distances(eranges), max_values))

    def _ensure_free_space(self, ranges: Ranges) -> bool:
        """ensure_free_space_in_buffer."""
        if 2 * ranges.nranges + ranges.nvalues < ranges.maxvalues:
            return False
        self.deduplicate(ranges)
        limit = ranges.maxvalues * BUFFER_LOAD_FACTOR
        if 2 * ranges.nranges + ranges.nvalues <= limit:
            return True
        eranges = self._expanded(ranges)
        self._store(ranges, self._reduce(eranges, self._distances(eranges), int(limit)))
        return True

    def add_value(self, column: BrinValues, value) -> bool:
        """brin_minmax_multi_add_value (the value is not NULL)."""
        modified = False
        if column.allnulls:
            ranges = Ranges(self, self._buffer_size(self.values_per_range),
                            self.values_per_range)
            column.values = [ranges]
            column.allnulls = False
            modified = True
        else:
            ranges = column.values[0]
            if not isinstance(ranges, Ranges):
                target = _HEAD.unpack_from(ranges, 0)[3]
                ranges = self.deserialize(ranges, self._buffer_size(target))
                column.values = [ranges]
        modified |= self._ensure_free_space(ranges)
        if self._contains(ranges, value):
            return modified
        ranges.values.append(value)
        ranges.nvalues += 1
        if ranges.nvalues == 1:
            ranges.nsorted = 1
        return True

    def _ranges(self, column: BrinValues) -> Ranges:
        ranges = column.values[0]
        if not isinstance(ranges, Ranges):
            ranges = self.deserialize(ranges)
        return ranges

    def union(self, column: BrinValues, other: BrinValues) -> None:
        """brin_minmax_multi_union (both hold values): the intervals and points of
        both, overlapping ones merged, reduced to values_per_range."""
        mine, theirs = self._ranges(column), self._ranges(other)
        self.deduplicate(mine)
        self.deduplicate(theirs)
        combined = Ranges(self, mine.maxvalues, mine.target)
        both = self._expanded(mine) + self._expanded(theirs)

        def cmp(a, b) -> int:
            return self._cmp(a[0], b[0]) or self._cmp(a[1], b[1])
        pg_qsort(both, cmp)
        merged: list = []
        for erange in both:                 # merge_overlapping_ranges
            if merged and self._cmp(merged[-1][1], erange[0]) >= 0:
                last = merged[-1]
                if self._cmp(erange[1], last[1]) > 0:
                    last[1] = erange[1]
                last[2] = self._cmp(last[0], last[1]) == 0
                continue
            merged.append(list(erange))
        reduced = self._reduce(merged, self._distances(merged), combined.target)
        self._store(combined, reduced)
        column.values = [combined]

    # -- scans --
    def consistent(self, column: BrinValues, strategy: int, query, query_type: int) -> bool:
        return self.consistent_keys(column, [(strategy, query, query_type)])

    def consistent_keys(self, column: BrinValues, keys: list) -> bool:
        """brin_minmax_multi_consistent: whether one interval or point of the summary
        satisfies every (strategy, query, query type) key."""
        ranges = self.deserialize(column.values[0])
        checks = []
        for strategy, query, query_type in keys:
            def op(name, query_type=query_type):
                return operators.resolve_operator(name, self.type_oid, query_type).fn
            if strategy not in (1, 2, 3, 4, 5):
                raise PgError(INTERNAL_ERROR, f"invalid strategy number {strategy}")
            checks.append((strategy, query, op(_STRATEGY_NAMES[strategy]),
                           op(">") if strategy == 3 else None, op("<") if strategy == 3 else None))
        values = ranges.values
        for i in range(ranges.nranges):
            low, high = values[2 * i], values[2 * i + 1]
            if all(self._interval_matches(low, high, check) for check in checks):
                return True
        return any(all(fn(v, query) for _s, query, fn, _gt, _lt in checks)
                   for v in values[2 * ranges.nranges:])

    @staticmethod
    def _interval_matches(low, high, check) -> bool:
        strategy, query, fn, gt, lt = check
        if strategy in (1, 2):
            return bool(fn(low, query))
        if strategy == 3:
            return not gt(low, query) and not lt(high, query)
        return bool(fn(high, query))

    # -- pageinspect --
    def shown(self, column: BrinValues) -> str:
        """brin_minmax_multi_summary_out, as brin_page_items shows it."""
        value = column.values[0]
        ranges = self.deserialize(value.serialize() if isinstance(value, Ranges) else value)
        out = f"{{nranges: {ranges.nranges}  nvalues: {ranges.nvalues}  " \
              f"maxvalues: {ranges.maxvalues}"
        values = ranges.values
        if ranges.nranges:
            items = [f"{self.output(values[2 * i])} ... {self.output(values[2 * i + 1])}"
                     for i in range(ranges.nranges)]
            out += " ranges: " + _text_array(items)
        if ranges.nvalues:
            out += " values: " + _text_array([self.output(v)
                                              for v in values[2 * ranges.nranges:]])
        return "{" + out + "}}"       # brin_page_items wraps the stored values in braces


def _text_array(items: list[str]) -> str:
    """array_out of a text[]: elements quoted when empty, NULL, or holding a delimiter,
    brace, quote, backslash or white space."""
    out = []
    for item in items:
        if item == "" or item.upper() == "NULL" or any(c in item for c in '{},"\\ \t\n\r\v\f'):
            item = '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out.append(item)
    return "{" + ",".join(out) + "}"

