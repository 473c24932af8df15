"""btree_gist's GiST operator classes: a B-tree's ordering made into GiST keys, so
that a GiST index (and above all an EXCLUDE constraint, `room WITH =, during WITH &&`)
can hold scalar columns next to ranges and geometry.

A key is the interval [lower, upper] of the values below it; a leaf key is one value
(lower = upper). The five B-tree strategies and <> (1 <, 2 <=, 3 =, 4 >=, 5 >, 6 <>)
are answered on the interval: an internal key can hold a match for `< q` when its lower
end is below q, for `= q` when q lies inside it, for `<> q` unless every value below
is q (gbt_num_consistent, gbt_var_consistent). Values are compared by their Python
ordering, which is how pgsnake's own operators and sorts order them (floats and
numerics with NaN above every number; bpchar without trailing blanks; dates, times and
timestamps by their on-disk integer, so that the infinities and far dates sort as in
PostgreSQL).

Keys are stored as btree_gist's key types: gbtreekey2/4/8/16/32 hold the two ends as
the indexed type's on-disk datums, one after the other (typlen twice the type's);
gbtreekey_var (text, bytea, numeric, bit) is a varlena of a length word and the two
ends' datums, or of the one value of a leaf (length word 0xFFFFFFFF). time with time
zone keys hold the two ends as UTC times (8 bytes each), so their leaf answers are
rechecked, as gbt_timetz_consistent's are. Reading a key back is cached by its bytes.

Penalty (how much a key grows) is measured on a number per value where the type has
one (integers, floats, money, oids, dates and times as their integers, intervals as
microseconds, text and bytea by their first bytes), else 1 per end moved; picksplit
sorts the keys by their lower ends and cuts in the middle (gbt_num_picksplit).

Distance (ORDER BY col <-> value through an ordered Index Scan, the classes with a <->
operator): 0 for a key whose interval holds the value, else the gap to its nearer end,
computed on the order keys (exact integers for integers, dates, times, timestamps,
intervals, money and oids).

inet / cidr keys are lossy, as PostgreSQL's: the two ends are float8 scalars of the
addresses (convert_network_to_scalar: family and first address bytes, no netmask), so
every answer is rechecked; the scan's comparisons on the scalars are inclusive where
two addresses may share one (PostgreSQL's gbt_num_consistent compares them strictly
and can miss rows whose scalars tie: pgsnake finds them).

enum keys hold the two ends' pg_enum OIDs (gbtreekey8) and are ordered by the labels'
enumsortorder (enum_cmp), read back through datatypes/enum.label_of_oid.

fetch (Index Only Scans) returns a leaf's value, for every class but the lossy ones
(inet, cidr, timetz), as in PostgreSQL.

Entry point: importing registers the classes with access/gist/opclasses.py;
`SPECS` (name -> KeySpec).

PostgreSQL: contrib/btree_gist/btree_utils_num.c (gbt_num_compress, gbt_num_union,
gbt_num_consistent, gbt_num_picksplit), btree_utils_var.c, btree_int4.c ... btree_uuid.c.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import struct
from decimal import Decimal
from typing import Callable

from pgsnake.access.gist import opclasses
from pgsnake.datatypes import registry

LESS, LESS_EQUAL, EQUAL, GREATER_EQUAL, GREATER, NOT_EQUAL = 1, 2, 3, 4, 5, 6
_LEAF = 0xFFFFFFFF


def _nan_last(value):
    """Floats and numerics: NaN above every number (float8_cmp, cmp_numerics)."""
    if value != value:
        return (1, 0)
    return (0, value)


def _numeric_key(value):
    if isinstance(value, Decimal) and value.is_nan():
        return (1, 0)
    return (0, value)


def _as_integer(type_oid: int) -> Callable:
    """Dates, times and timestamps: their on-disk integer (days or microseconds)."""
    pack = registry.get_type(type_oid).pack
    return lambda value: int.from_bytes(pack(value), "little", signed=True)


def _text_scalar(value) -> float:
    data = value.encode() if isinstance(value, str) else bytes(value)
    return float(int.from_bytes(data[:7].ljust(7, b"\0"), "big"))


@dataclasses.dataclass(frozen=True)
class KeySpec:
    """One operator class: the indexed type, how its key is laid out and ordered."""
    name: str
    type_oid: int
    key_length: int                        # the key type's typlen (-1: gbtreekey_var)
    order: Callable = lambda v: v          # value -> what Python compares
    scalar: Callable | None = None         # order key -> a number (penalty)
    recheck: bool = False
    to_key: Callable | None = None         # value -> stored end (timetz: UTC time)
    end_format: str = "<q"                 # how to_key's ends are stored
    # (pack, unpack) of the stored ends when not the indexed type's own (anyenum's)
    codec: tuple | None = None


def _utc_time(value) -> int:
    """A time with time zone as microseconds of its UTC time (timetz_cmp's first key)."""
    return value.usec + value.zone * 1_000_000


def _interval_key(value):
    return value.key()


def _network_scalar(value) -> float:
    """convert_network_to_scalar: the family (2 IPv4, 3 IPv6) then the address's first
    4 (IPv4) or 5 (IPv6) bytes, as a float8; the netmask is left out, so different
    values can share a scalar (gbt_inet_consistent rechecks every answer)."""
    length = 4 if value.family == 4 else 5
    data = value.address.to_bytes(4 if value.family == 4 else 16, "big")[:length]
    result = float(2 if value.family == 4 else 3)
    for byte in data:
        result = result * 256 + byte
    return result


def _enum_codec() -> tuple:
    """An enum value stored as its pg_enum OID (as the enum types store it), read back
    through whichever enum type has that label."""
    from pgsnake.datatypes import enum
    oid = struct.Struct("<I")
    return (lambda label: oid.pack(label.oid),
            lambda data: enum.label_of_oid(oid.unpack(data)[0]))


def _specs() -> list[KeySpec]:
    number = float
    return [
        KeySpec("gist_int2_ops", 21, 4, scalar=number),
        KeySpec("gist_int4_ops", 23, 8, scalar=number),
        KeySpec("gist_int8_ops", 20, 16, scalar=number),
        KeySpec("gist_oid_ops", 26, 8, scalar=number),
        KeySpec("gist_cash_ops", 790, 16, scalar=number),
        KeySpec("gist_bool_ops", 16, 2, scalar=number),
        KeySpec("gist_float4_ops", 700, 8, order=_nan_last,
                scalar=lambda k: 1e308 if k[0] else k[1]),
        KeySpec("gist_float8_ops", 701, 16, order=_nan_last,
                scalar=lambda k: 1e308 if k[0] else k[1]),
        KeySpec("gist_numeric_ops", 1700, -1, order=_numeric_key,
                scalar=lambda k: 1e308 if k[0] else float(k[1])),
        KeySpec("gist_date_ops", 1082, 8, order=_as_integer(1082), scalar=number),
        KeySpec("gist_time_ops", 1083, 16, order=_as_integer(1083), scalar=number),
        KeySpec("gist_timestamp_ops", 1114, 16, order=_as_integer(1114), scalar=number),
        KeySpec("gist_timestamptz_ops", 1184, 16, order=_as_integer(1184), scalar=number),
        KeySpec("gist_timetz_ops", 1266, 16, order=lambda v: v, scalar=number,
                recheck=True, to_key=_utc_time),
        KeySpec("gist_interval_ops", 1186, 32, order=_interval_key, scalar=number),
        KeySpec("gist_inet_ops", 869, 16, order=lambda v: v, scalar=number, recheck=True,
                to_key=_network_scalar, end_format="<d"),
        KeySpec("gist_cidr_ops", 650, 16, order=lambda v: v, scalar=number, recheck=True,
                to_key=_network_scalar, end_format="<d"),
        KeySpec("gist_enum_ops", 3500, 8, order=lambda v: v.sort_order, scalar=number,
                codec=_enum_codec()),
        KeySpec("gist_uuid_ops", 2950, 32, order=lambda v: v.bytes,
                scalar=_text_scalar),
        KeySpec("gist_macaddr_ops", 829, 16, order=bytes, scalar=_text_scalar),
        KeySpec("gist_macaddr8_ops", 774, 16, order=bytes, scalar=_text_scalar),
        KeySpec("gist_text_ops", 25, -1, scalar=_text_scalar),
        KeySpec("gist_bpchar_ops", 1042, -1, order=lambda v: v.rstrip(" "),
                scalar=_text_scalar),
        KeySpec("gist_bytea_ops", 17, -1, order=bytes, scalar=_text_scalar),
        KeySpec("gist_bit_ops", 1560, -1, scalar=None),
        KeySpec("gist_vbit_ops", 1562, -1, scalar=None),
    ]


class KeyClass:
    """The GiST support functions of one KeySpec over its stored keys (bytes)."""

    def __init__(self, spec: KeySpec) -> None:
        self.spec = spec
        if spec.to_key is not None:    # timetz: UTC microseconds; inet: float8 scalars
            end = struct.Struct(spec.end_format)
            self._pack = end.pack
            self._unpack = lambda data: end.unpack(data)[0]
            self._end = spec.to_key
            self._order = lambda end: end
        else:
            if spec.codec is None:
                info = registry.get_type(spec.type_oid)
                self._pack, self._unpack = info.pack, info.unpack
            else:
                self._pack, self._unpack = spec.codec
            self._end = lambda value: value
            self._order = spec.order
        # (enum labels are not cached: ALTER TYPE ... ADD VALUE BEFORE may renumber
        # their sort order)
        self.decode = self._decode if spec.codec is not None else \
            functools.lru_cache(maxsize=8192)(self._decode)

    # ---- the stored form ----------------------------------------------------------

    def encode(self, lower, upper) -> bytes:
        if self.spec.key_length > 0:
            data = self._pack(lower) + self._pack(upper)
            return data.ljust(self.spec.key_length, b"\0")
        low = self._pack(lower)
        if lower is upper:
            return struct.pack("<I", _LEAF) + low
        return struct.pack("<I", len(low)) + low + self._pack(upper)

    def _decode(self, key: bytes):
        """(lower, upper, lower's order key, upper's order key)."""
        if self.spec.key_length > 0:
            half = 6 if self.spec.type_oid == 829 else len(key) // 2   # macaddr: padded
            lower, upper = self._unpack(key[:half]), self._unpack(key[half:2 * half])
        else:
            length = struct.unpack_from("<I", key)[0]
            if length == _LEAF:
                lower = upper = self._unpack(key[4:])
            else:
                lower = self._unpack(key[4:4 + length])
                upper = self._unpack(key[4 + length:])
        return lower, upper, self._order(lower), self._order(upper)

    # ---- support functions ---------------------------------------------------------

    def compress(self, value) -> bytes:
        end = self._end(value)
        return self.encode(end, end)

    def union(self, keys):
        decoded = [self.decode(bytes(k)) for k in keys if k is not None]
        if not decoded:
            return None
        lower = min(decoded, key=lambda d: d[2])
        upper = max(decoded, key=lambda d: d[3])
        if len(decoded) == 1:
            return bytes(next(k for k in keys if k is not None))
        return self.encode(lower[0], upper[1])

    def fetch(self, key):
        """gbt_*_fetch: a leaf key's value (its lower end; not for the lossy classes)."""
        return self.decode(bytes(key))[0]

    def _scalar(self, order_key) -> float:
        scalar = self.spec.scalar
        if scalar is None:
            return 0.0
        try:
            value = float(scalar(order_key))
        except (TypeError, ValueError, OverflowError):
            return 0.0
        return value if math.isfinite(value) else math.copysign(1e300, value)

    def penalty(self, orig, new) -> float:
        """gbt_num_penalty, simplified: how far the key's ends move to take `new`."""
        if orig is None or new is None:
            return 0.0 if orig is new else 1e308
        _l, _u, olo, ohi = self.decode(bytes(orig))
        _l, _u, nlo, nhi = self.decode(bytes(new))
        grown = 0.0
        if nlo < olo:
            grown += max(self._scalar(olo) - self._scalar(nlo), 0.0) or 1.0
        if nhi > ohi:
            grown += max(self._scalar(nhi) - self._scalar(ohi), 0.0) or 1.0
        return grown

    def picksplit(self, keys):
        """Sorted by lower end, cut in the middle (gbt_num_picksplit)."""
        order = sorted(range(len(keys)), key=lambda i: (
            keys[i] is not None, () if keys[i] is None else self.decode(bytes(keys[i]))[2:]))
        middle = len(order) // 2
        return order[:middle], order[middle:]

    def consistent(self, key, strategy: int, query, leaf: bool):
        _l, _u, lower, upper = self.decode(bytes(key))
        q = self._order(self._end(query))
        lossy = self.spec.recheck            # equal order keys may still be < or >
        if strategy == LESS:
            found = lower <= q if lossy else lower < q
        elif strategy == LESS_EQUAL:
            found = lower <= q
        elif strategy == EQUAL:
            found = lower <= q <= upper
        elif strategy == GREATER_EQUAL:
            found = upper >= q
        elif strategy == GREATER:
            found = upper >= q if lossy else upper > q
        elif strategy == NOT_EQUAL:
            found = lossy or not (lower == q and upper == q)
        else:
            return True, True
        return found, self.spec.recheck


    def distance(self, key, strategy: int, query, leaf: bool):
        """gbt_num_distance: how far the query is from the key's interval (0 inside
        it); on a leaf, the <-> distance itself, as a number ordered as its result."""
        _l, _u, lower, upper = self.decode(bytes(key))
        q = self._order(self._end(query))
        if lower <= q <= upper:
            return 0.0 if not leaf else _gap(q, lower)
        return min(_gap(q, lower), _gap(q, upper))


def _gap(a, b):
    """|a - b| of two order keys: exact for integers, NaN floats farthest."""
    if isinstance(a, tuple):                      # floats and numerics: (is NaN, value)
        if a[0] or b[0]:
            return float("inf") if a[0] != b[0] else 0.0
        a, b = a[1], b[1]
    difference = abs(a - b)
    return difference if difference == difference else float("inf")


SPECS = {spec.name: spec for spec in _specs()}
# The classes with a <-> operator (btree_gist's distance support, amproc 8).
_DISTANCE = {"gist_int2_ops", "gist_int4_ops", "gist_int8_ops", "gist_float4_ops",
             "gist_float8_ops", "gist_oid_ops", "gist_cash_ops", "gist_date_ops",
             "gist_time_ops", "gist_timestamp_ops", "gist_timestamptz_ops",
             "gist_interval_ops"}


def _register() -> None:
    for spec in SPECS.values():
        keys = KeyClass(spec)
        opclasses.register(opclasses.GistOpclass(
            spec.name, keys.compress, keys.union, keys.penalty, keys.picksplit,
            keys.consistent, *((keys.distance, (15,)) if spec.name in _DISTANCE else ()),
            fetch=None if spec.recheck else keys.fetch))


_register()
