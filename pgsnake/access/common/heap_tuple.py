"""PostgreSQL's heap tuple format: build a tuple from Python values, and take one apart.

A heap tuple is a 23-byte header, an optional null bitmap, padding up to `t_hoff`
(a multiple of 8), then the non-null attributes in column order, each aligned by its
type's `typalign` relative to the data start:

    offset 0  t_xmin u32        inserting transaction
           4  t_xmax u32        deleting/locking transaction, 0 if none
           8  t_cid u32         command id (cmin or cmax, or a combo cid, see heap README)
          12  t_ctid            bi_hi u16, bi_lo u16, ip_posid u16: this tuple's own TID,
                                or the TID of its newer version after an UPDATE
          18  t_infomask2 u16   number of attributes (low 11 bits) + HOT/KEYS_UPDATED bits
          20  t_infomask u16    HASNULL, HASVARWIDTH, hint bits, XMAX flags ...
          22  t_hoff u8         offset of the data
          23  t_bits            null bitmap (bit set = NOT null), only with HASNULL

Values (PostgreSQL's on-disk datums, little-endian):
  fixed length (typlen > 0)  exactly typlen bytes from `TypeInfo.pack`, aligned
  varlena (typlen -1)        payload + header: a 1-byte header ((total << 1) | 1) when the
                             total fits in 127 bytes (no alignment, PostgreSQL's short
                             varlena), else a 4-byte header (total << 2) at an aligned
                             offset. A reader at an unaligned offset tells padding (zero
                             bytes) from a header by the byte being zero, as
                             att_align_pointer does.
                             Toasted forms (toast_format.py): a compressed datum (4-byte
                             header, low bits 10) is decompressed when read; an external
                             pointer (1-byte header 0x01, 18 bytes, unaligned) is fetched
                             through the fetcher heap_toast.py registers. Both are
                             written from the toaster's RawDatums as they are.
  cstring (typlen -2)        bytes + NUL, alignment 'c'

Decoding: tuples without NULLs that have all the descriptor's attributes go through a
decoder compiled once per descriptor (constant offsets up to the first varlena, struct
for common fixed-length types; design.md §3); other tuples through a generic loop.
A scan that needs only the first N attributes (executor/column_pruning.py) reads its
rows through scan_row_decoder(desc, N): the same compiled decoders cut off after
attribute N, returning a scan row (values, None past N, tid, reloid), as PostgreSQL's
slot_getsomeattrs deforms a tuple only as far as needed.
Encoding for an insert (form_heap_tuple) mirrors it: rows without NULLs or toasted
values go through an encoder compiled once per descriptor, which writes exactly the
bytes form_tuple writes; other rows go through form_tuple.

Entry points: form_tuple, form_heap_tuple, deform_tuple, scan_row_decoder,
HeapTupleHeader, tuple_size_check, external_pointers, set_external_fetcher, constants.

PostgreSQL: access/common/heaptuple.c (heap_form_tuple, heap_fill_tuple,
heap_deform_tuple), include/access/htup_details.h, include/access/tupmacs.h,
include/varatt.h (postgres.h in 15), executor/execTuples.c (slot_getsomeattrs).
"""
from __future__ import annotations

import struct

from pgsnake.access.common import toast_format
from pgsnake.access.common.tuple_descriptor import TupleDescriptor
from pgsnake.datatypes import registry, user_type_facts
from pgsnake.storage.page.page_layout import MAX_HEAP_TUPLE_SIZE
from pgsnake.utils.errors import (DATA_CORRUPTED, FEATURE_NOT_SUPPORTED,
                                  PROGRAM_LIMIT_EXCEEDED, PgError)

SIZEOF_HEAP_TUPLE_HEADER = 23

# t_infomask
HEAP_HASNULL = 0x0001
HEAP_HASVARWIDTH = 0x0002
HEAP_HASEXTERNAL = 0x0004
HEAP_HASOID_OLD = 0x0008
HEAP_XMAX_KEYSHR_LOCK = 0x0010
HEAP_COMBOCID = 0x0020
HEAP_XMAX_EXCL_LOCK = 0x0040
HEAP_XMAX_LOCK_ONLY = 0x0080
HEAP_XMIN_COMMITTED = 0x0100
HEAP_XMIN_INVALID = 0x0200
HEAP_XMIN_FROZEN = HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID
HEAP_XMAX_COMMITTED = 0x0400
HEAP_XMAX_INVALID = 0x0800
HEAP_XMAX_IS_MULTI = 0x1000
HEAP_UPDATED = 0x2000
HEAP_MOVED_OFF = 0x4000
HEAP_MOVED_IN = 0x8000
HEAP_XMAX_BITS = (HEAP_XMAX_COMMITTED | HEAP_XMAX_INVALID | HEAP_XMAX_IS_MULTI
                  | HEAP_XMAX_LOCK_ONLY | HEAP_XMAX_KEYSHR_LOCK | HEAP_XMAX_EXCL_LOCK)
HEAP_XACT_MASK = 0xFFF0

# t_infomask2
HEAP_NATTS_MASK = 0x07FF
HEAP_KEYS_UPDATED = 0x2000
HEAP_HOT_UPDATED = 0x4000
HEAP_ONLY_TUPLE = 0x8000

VARATT_SHORT_MAX = 0x7F

_HEADER = struct.Struct("<IIIHHHHHB")     # xmin xmax cid bi_hi bi_lo posid infomask2 infomask hoff
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8}
_NATTS_INFOMASK_HOFF = struct.Struct("<HHB").unpack_from


class HeapTupleHeader:
    """Read and write the header fields of a tuple in place (a page item view or a
    bytearray). Setting a field writes straight into the underlying bytes."""

    __slots__ = ("data", "hints_set")

    def __init__(self, data) -> None:
        self.data = data
        self.hints_set = False      # set by visibility checks that wrote hint bits

    @property
    def xmin(self) -> int:
        return _U32.unpack_from(self.data, 0)[0]

    @xmin.setter
    def xmin(self, value: int) -> None:
        _U32.pack_into(self.data, 0, value)

    @property
    def xmax(self) -> int:
        return _U32.unpack_from(self.data, 4)[0]

    @xmax.setter
    def xmax(self, value: int) -> None:
        _U32.pack_into(self.data, 4, value)

    @property
    def cid(self) -> int:
        """Raw t_cid: cmin, cmax or a combo cid (HEAP_COMBOCID)."""
        return _U32.unpack_from(self.data, 8)[0]

    @cid.setter
    def cid(self, value: int) -> None:
        _U32.pack_into(self.data, 8, value)

    @property
    def ctid(self) -> tuple[int, int]:
        hi, lo, pos = struct.unpack_from("<HHH", self.data, 12)
        return (hi << 16) | lo, pos

    @ctid.setter
    def ctid(self, tid: tuple[int, int]) -> None:
        blockno, offnum = tid
        struct.pack_into("<HHH", self.data, 12, blockno >> 16, blockno & 0xFFFF, offnum)

    @property
    def infomask2(self) -> int:
        return _U16.unpack_from(self.data, 18)[0]

    @infomask2.setter
    def infomask2(self, value: int) -> None:
        _U16.pack_into(self.data, 18, value)

    @property
    def infomask(self) -> int:
        return _U16.unpack_from(self.data, 20)[0]

    @infomask.setter
    def infomask(self, value: int) -> None:
        _U16.pack_into(self.data, 20, value)

    @property
    def hoff(self) -> int:
        return self.data[22]

    @property
    def natts(self) -> int:
        return self.infomask2 & HEAP_NATTS_MASK

    def set_hint(self, bits: int) -> None:
        """OR hint bits into t_infomask (caller holds at least a SHARE content lock)."""
        mask = self.infomask
        if mask & bits != bits:
            self.infomask = mask | bits
            self.hints_set = True

    def null_bitmap(self) -> bytes | None:
        if not self.infomask & HEAP_HASNULL:
            return None
        return bytes(self.data[23:23 + (self.natts + 7) // 8])

    def fields(self) -> dict:
        """Everything heap_page_items shows about the header."""
        return {"t_xmin": self.xmin, "t_xmax": self.xmax, "t_field3": self.cid,
                "t_ctid": self.ctid, "t_infomask2": self.infomask2,
                "t_infomask": self.infomask, "t_hoff": self.hoff}


# ---- per-descriptor codecs -----------------------------------------------------------

class _Column:
    __slots__ = ("typlen", "align", "pack", "unpack", "dropped", "packable")

    def __init__(self, typlen, align, pack, unpack, dropped, packable=True) -> None:
        self.typlen = typlen
        self.align = align
        self.pack = pack
        self.unpack = unpack
        self.dropped = dropped
        # A varlena may take a 1-byte header unless the column's storage is plain
        # (PostgreSQL's VARLENA_ATT_IS_PACKABLE: int2vector / oidvector in the catalogs,
        # or ALTER COLUMN ... SET STORAGE PLAIN).
        self.packable = packable


# Codecs are cached by descriptor identity: hashing a frozen dataclass walks every
# attribute, which costs more than decoding a short tuple. The descriptor is kept in the
# entry so that its id cannot be reused while cached. An entry is (descriptor, columns,
# the decoder of tuples with every attribute and no NULLs, the decoders by NULL pattern).
_codecs: dict[int, tuple[TupleDescriptor, list[_Column], object, dict]] = {}


def _codec(desc: TupleDescriptor) -> tuple[TupleDescriptor, list[_Column], object, dict]:
    entry = _codecs.get(id(desc))
    if entry is None or entry[0] is not desc:
        cols = []
        for att in desc.attributes:
            if att.is_dropped:
                cols.append(_Column(att.typlen, _ALIGN.get(att.typalign, 1), None, None, True))
                continue
            info = registry.get_type(att.type_oid)
            pack, unpack = info.pack, info.unpack
            if info.category in ("C", "A") and \
                    user_type_facts.described_by_catalogs(att.type_oid):
                # a row type (or an array of one) can gain or lose attributes while this
                # table's descriptor stays cached: find its current codec per value
                pack, unpack = _current_codec(att.type_oid)
            cols.append(_Column(att.typlen, _ALIGN.get(att.typalign, 1), pack,
                                unpack, False, att.storage != "p"))
        if len(_codecs) > 4096:
            _codecs.clear()
        entry = (desc, cols, _generate_decoder(desc, cols), {})
        _codecs[id(desc)] = entry
    return entry


def _current_codec(type_oid: int):
    def pack(value):
        return registry.get_type(type_oid).pack(value)

    def unpack(raw):
        return registry.get_type(type_oid).unpack(raw)
    return pack, unpack


# Tuples with NULLs (or fewer attributes than the descriptor, or dropped columns) are
# decoded by the generic loop until one NULL pattern (the attribute count and the null
# bitmap) has been seen PATTERN_COMPILE_AFTER times; then a decoder for that pattern is
# compiled, with the NULLs as constants and the offsets known up to the first varlena.
# The count keeps one-off patterns (most catalog rows a backend reads once) from paying
# for a compile; at most MAX_PATTERNS are kept per descriptor.
PATTERN_COMPILE_AFTER = 8
MAX_PATTERNS = 64


def _pattern_decoder(desc: TupleDescriptor, cols: list[_Column], patterns: dict,
                     key: tuple, **generate):
    """The compiled decoder for NULL pattern `key` (natts, bitmap), or None while it is
    not yet worth compiling (or cannot be). `generate`: _generate_decoder's other
    options (scan_row_decoder's upto / scan_row)."""
    seen = patterns.get(key)
    if seen is None:
        if len(patterns) < MAX_PATTERNS:
            patterns[key] = 1
        return None
    if seen.__class__ is int:
        if seen + 1 < PATTERN_COMPILE_AFTER:
            patterns[key] = seen + 1
            return None
        natts, bitmap = key
        present = [i < natts and (bitmap is None or bool(bitmap[i >> 3] & (1 << (i & 7))))
                   for i in range(len(cols))]
        seen = patterns[key] = _generate_decoder(desc, cols, present, **generate) or False
    return seen or None


def warm_codec(desc: TupleDescriptor) -> None:
    """Compile (and cache) the codec of `desc` now: the postmaster does this for the
    catalogs before it forks, so that no backend compiles them again."""
    _codec(desc)


def _columns(desc: TupleDescriptor) -> list[_Column]:
    return _codec(desc)[1]


# On-disk formats of common fixed-length by-value types, decoded with struct directly
# (the same bytes TypeInfo.pack writes: little-endian, exactly typlen).
_FAST_FORMATS = {16: "?", 21: "h", 23: "i", 20: "q", 26: "I", 700: "f", 701: "d",
                 24: "I", 2205: "I", 2206: "I"}


def _generate_decoder(desc: TupleDescriptor, cols: list[_Column], present=None,
                      upto: int | None = None, scan_row: bool = False):
    """Compile a decoder for tuples of this descriptor. With `present` None: tuples that
    have no NULLs and all the descriptor's attributes (the common case). Otherwise
    `present[i]` says whether attribute i is stored (not NULL, not past the tuple's
    attribute count): absent ones are None and take no space; a stored dropped column is
    stepped over. Offsets are constants up to the first variable-length attribute
    (design.md §3). None when the descriptor has a cstring (typlen -2) column.
    With `upto`, only the first `upto` attributes are decoded (the others come back as
    None, unread: slot_getsomeattrs); with `present` None the tuple then needs only its
    first `upto` attributes stored, without NULLs. With `scan_row`, the decoder is
    decode(v, off, tid, reloid) and returns a scan row: the values, then tid and reloid."""
    if upto is None or upto > len(cols):
        upto = len(cols)
    if not cols or any(col.typlen == -2 for col in cols[:upto]):
        return None
    if present is None:
        if any(col.dropped for col in cols[:upto]):
            return None
        present = [True] * len(cols)
    lines = ["def decode(v, off, tid, reloid):" if scan_row else "def decode(v, off):"]
    env: dict = {"_u32": _U32.unpack_from, "_external": _external_value,
                 "_inline": _inline_value}
    names = []
    constant = True          # `off` is a known constant while no varlena has been seen
    const_off = None
    grouped = []             # (offset from base, format, name): read by one struct
    for i, col in enumerate(cols):
        if i >= upto:
            names.append("None")
            continue
        if not present[i] or col.dropped:
            names.append("None")
            if not present[i]:
                continue
        else:
            names.append(f"a{i}")
        name = f"a{i}"
        align = col.align
        if col.typlen > 0:
            fmt = None if col.dropped else _FAST_FORMATS.get(desc.attributes[i].type_oid)
            if fmt is not None and struct.calcsize("<" + fmt) != col.typlen:
                fmt = None
            if constant:
                if const_off is None:
                    lines.append("    base = off")
                    const_off = 0
                const_off = (const_off + align - 1) & ~(align - 1)
                where = f"base + {const_off}"
                start = const_off
                const_off += col.typlen
            else:
                if align > 1:
                    lines.append(f"    off = (off + {align - 1}) & ~{align - 1}")
                where = "off"
            if col.dropped:
                pass
            elif fmt is not None and constant:
                grouped.append((start, fmt, name))
            elif fmt is not None:
                env[f"_s{i}"] = struct.Struct("<" + fmt).unpack_from
                lines.append(f"    {name} = _s{i}(v, {where})[0]")
            else:
                env[f"_un{i}"] = col.unpack
                lines.append(f"    {name} = _un{i}(v[{where}:{where} + {col.typlen}])")
            if not constant:
                lines.append(f"    off += {col.typlen}")
        else:
            if constant:
                if const_off is None:
                    lines.append("    base = off")
                    const_off = 0
                lines.append(f"    off = base + {const_off}")
                constant = False
            lines += [
                "    b = v[off]",
                "    if b == 0:",
                f"        off = (off + {align - 1}) & ~{align - 1}" if align > 1 else "        pass",
                "        b = v[off]"]
            if col.dropped:          # only its length matters
                lines += [
                    "    if b & 1:",
                    f"        ln = {toast_format.TOAST_POINTER_SIZE} if b == 1 else b >> 1",
                    "    else:",
                    "        ln = _u32(v, off)[0] >> 2",
                    "    off += ln"]
                continue
            env[f"_un{i}"] = col.unpack
            lines += [
                "    if b & 1:",
                "        if b == 1:",
                f"            {name}, ln = _external(v, off, _un{i})",
                "        else:",
                "            ln = b >> 1",
                f"            {name} = _un{i}(v[off + 1:off + ln])",
                "    else:",
                "        w = _u32(v, off)[0]",
                "        ln = w >> 2",
                "        if w & 3:",
                f"            {name} = _inline(v[off:off + ln], _un{i})",
                "        else:",
                f"            {name} = _un{i}(v[off + 4:off + ln])",
                "    off += ln",
            ]
    if grouped:
        # the fixed-width columns at constant offsets: one unpack (with pad bytes for
        # the alignment gaps) instead of one per column
        fmt, position = "<", grouped[0][0]
        for start, column_fmt, _ in grouped:
            fmt += "x" * (start - position) + column_fmt
            position = start + struct.calcsize("<" + column_fmt)
        env["_fixed"] = struct.Struct(fmt).unpack_from
        targets = ", ".join(name for _, _, name in grouped)
        lines.append(f"    {targets}{',' if len(grouped) == 1 else ''} = "
                     f"_fixed(v, base + {grouped[0][0]})")
    if scan_row:
        names += ["tid", "reloid"]
    lines.append(f"    return [{', '.join(names)}]")
    source = "\n".join(lines)
    code = compile(source, f"<heap tuple decoder {len(cols)} columns>", "exec")
    exec(code, env)
    decode = env["decode"]
    decode.source = source           # for debugging and tests
    return decode


# ---- toasted values (toast_format.py) ------------------------------------------------------
# Reading an external value needs its TOAST table, which the heap reads: heap_toast.py
# registers the fetcher here (set_external_fetcher), as the rmgr table is filled.

_external_fetcher = None


def set_external_fetcher(fetch) -> None:
    """fetch(ExternalPointer) -> the value's stored bytes (heap_toast.fetch_stored)."""
    global _external_fetcher
    _external_fetcher = fetch


def _external_value(view, offset: int, unpack) -> tuple[object, int]:
    """The value of the external TOAST pointer at `offset`, and the pointer's length.
    The value is remembered with its pointer (toast_format.remember_stored)."""
    pointer = toast_format.ExternalPointer.parse(view, offset)
    if _external_fetcher is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "external TOAST values are not supported")
    payload = toast_format.decompress_external(pointer, _external_fetcher(pointer))
    value = unpack(payload)
    toast_format.remember_stored(value, toast_format.StoredForm(
        toast_format.RawDatum(view[offset:offset + toast_format.TOAST_POINTER_SIZE]),
        pointer.extsize, pointer.method), len(payload))
    return value, toast_format.TOAST_POINTER_SIZE


def _inline_value(datum, unpack):
    """The value of an inline-compressed datum (4-byte header with low bits 10),
    remembered with its stored size and method."""
    if datum[0] & 3 != 2:
        raise PgError(DATA_CORRUPTED, "invalid varlena header")
    payload = toast_format.decompress_inline(datum)
    value = unpack(payload)
    toast_format.remember_stored(value, toast_format.StoredForm(
        None, len(datum), toast_format.inline_method(datum)), len(payload))
    return value


def _align(offset: int, alignment: int) -> int:
    return (offset + alignment - 1) & ~(alignment - 1)


def form_tuple(desc: TupleDescriptor, values: list) -> bytes:
    """Build a heap tuple (header with zero xmin/xmax/cid/ctid) from Python values.
    Missing trailing values and dropped columns are stored as NULL."""
    cols = _columns(desc)
    natts = len(cols)
    if natts > HEAP_NATTS_MASK:
        raise PgError(PROGRAM_LIMIT_EXCEEDED,
                      f"number of columns ({natts}) exceeds limit ({HEAP_NATTS_MASK})")
    infomask = 0
    bitmap = bytearray((natts + 7) // 8)
    parts: list[bytes] = []
    offset = 0
    nvalues = len(values)
    for i, col in enumerate(cols):
        value = values[i] if i < nvalues else None
        if value is None or col.dropped:
            infomask |= HEAP_HASNULL
            continue
        bitmap[i >> 3] |= 1 << (i & 7)
        typlen = col.typlen
        if typlen > 0:
            datum = col.pack(value)
            if len(datum) != typlen:
                raise ValueError(f"datum of column {i + 1} has {len(datum)} bytes, "
                                 f"expected {typlen}")
        elif typlen == -1:
            infomask |= HEAP_HASVARWIDTH
            if type(value) is toast_format.RawDatum:      # the toaster's work
                if value[0] == 1:           # external pointer: unaligned, like a short one
                    infomask |= HEAP_HASEXTERNAL
                    parts.append(value)
                    offset += len(value)
                    continue
                if value[0] & 3 == 2:       # compressed inline: an aligned 4-byte header
                    aligned = _align(offset, col.align)
                    if aligned != offset:
                        parts.append(bytes(aligned - offset))
                    parts.append(value)
                    offset = aligned + len(value)
                    continue
                value = value[4:]           # plain: stored as any payload
                payload = value
            else:
                payload = col.pack(value)
            if len(payload) + 1 <= VARATT_SHORT_MAX and col.packable:
                parts.append(bytes(((len(payload) + 1) << 1 | 1,)))
                parts.append(payload)
                offset += len(payload) + 1
                continue
            datum = _U32.pack((len(payload) + 4) << 2) + payload
        else:                       # cstring
            infomask |= HEAP_HASVARWIDTH
            datum = col.pack(value) + b"\x00"
        aligned = _align(offset, col.align)
        if aligned != offset:
            parts.append(bytes(aligned - offset))
        parts.append(datum)
        offset = aligned + len(datum)
    hoff = SIZEOF_HEAP_TUPLE_HEADER
    if infomask & HEAP_HASNULL:
        hoff += len(bitmap)
    hoff = _align(hoff, 8)
    head = bytearray(hoff)
    _HEADER.pack_into(head, 0, 0, 0, 0, 0, 0, 0, natts, infomask, hoff)
    if infomask & HEAP_HASNULL:
        head[23:23 + len(bitmap)] = bitmap
    return bytes(head) + b"".join(parts)


# ---- the compiled encoder (the per-row write path: COPY FROM, INSERT) ----------------------
# Encoders are cached by descriptor identity, as codecs are (`_codec`).
_encoders: dict[int, tuple[TupleDescriptor, object]] = {}
_SHORT_HEADERS = tuple(bytes(((n << 1) | 1,)) for n in range(VARATT_SHORT_MAX + 1))
_HEAP_HEADER_NO_BITMAP = struct.Struct("<IIIHHHHHBx")   # 24 bytes: t_hoff 24, no bitmap


def form_heap_tuple(desc: TupleDescriptor, values: list, xmin: int, cid: int,
                    infomask: int) -> bytes:
    """form_tuple with the header's t_xmin, t_cid and extra t_infomask bits set (what an
    insert stores: heap_prepare_insert). A row without NULLs, with every attribute and
    no toasted value goes through an encoder compiled once per descriptor; it writes the
    same bytes as form_tuple."""
    entry = _encoders.get(id(desc))
    if entry is None or entry[0] is not desc:
        if len(_encoders) > 4096:
            _encoders.clear()
        entry = (desc, _generate_encoder(desc, _columns(desc)))
        _encoders[id(desc)] = entry
    encode = entry[1]
    if encode is not None:
        encoded = encode(values)
        if encoded is not None:
            data, own_infomask = encoded
            return _HEAP_HEADER_NO_BITMAP.pack(xmin, 0, cid, 0, 0, 0, len(desc.attributes),
                                               own_infomask | infomask, 24) + data
    data = bytearray(form_tuple(desc, values))
    header = HeapTupleHeader(data)
    header.xmin = xmin
    header.cid = cid
    header.infomask = header.infomask | infomask
    return bytes(data)


def _struct_format(pack) -> str | None:
    """The struct format of a TypeInfo.pack that is a little-endian Struct's pack."""
    owner = getattr(pack, "__self__", None)
    if isinstance(owner, struct.Struct) and owner.format[:1] == "<":
        return owner.format[1:]
    return None


def _generate_encoder(desc: TupleDescriptor, cols: list[_Column]):
    """Compile encode(values) -> (data after the header, infomask) or None for the rows
    it does not handle (a NULL, missing attributes, a toasted value, a datum of the
    wrong size: form_tuple then does the work and raises what it raises). Offsets are
    constants up to the first varlena; consecutive struct-packed fixed-length columns
    there are packed by one struct."""
    if not cols or len(cols) > HEAP_NATTS_MASK or \
            any(col.dropped or col.typlen == -2 for col in cols):
        return None
    n = len(cols)
    names = [f"v{i}" for i in range(n)]
    env: dict = {"_raw": toast_format.RawDatum, "_short": _SHORT_HEADERS,
                 "_u32": _U32.pack, "_struct_error": struct.error}
    lines = ["def encode(values):",
             f"    if len(values) != {n}:",
             "        return None",
             f"    {', '.join(names)}{',' if n == 1 else ''} = values",
             f"    if {' or '.join(f'{v} is None' for v in names)}:",
             "        return None",
             "    parts = []",
             "    try:"]
    body: list[str] = []
    constant = True
    const_off = 0
    group_fmt, group_args = "", []     # the struct being gathered at constant offsets
    infomask = 0

    def close_group():
        nonlocal group_fmt, group_args
        if group_args:
            env[f"_g{len(env)}"] = struct.Struct("<" + group_fmt).pack
            body.append(f"parts.append(_g{len(env) - 1}({', '.join(group_args)}))")
        group_fmt, group_args = "", []

    for i, col in enumerate(cols):
        name, align = names[i], col.align
        if col.typlen > 0:
            fmt = _struct_format(col.pack)
            if fmt is not None and struct.calcsize("<" + fmt) != col.typlen:
                fmt = None
            if constant:
                aligned = (const_off + align - 1) & ~(align - 1)
                if fmt is not None:
                    group_fmt += "x" * (aligned - const_off) + fmt
                    group_args.append(name)
                    const_off = aligned + col.typlen
                    continue
                close_group()
                if aligned != const_off:
                    body.append(f"parts.append({bytes(aligned - const_off)!r})")
                const_off = aligned + col.typlen
            else:
                if align > 1:
                    body += [f"a = (off + {align - 1}) & ~{align - 1}",
                             "if a != off:",
                             "    parts.append(bytes(a - off))",
                             "off = a"]
                body.append(f"off += {col.typlen}")
            env[f"_p{i}"] = col.pack
            body += [f"d = _p{i}({name})",
                     f"if len(d) != {col.typlen}:",
                     "    return None",
                     "parts.append(d)"]
        else:
            infomask |= HEAP_HASVARWIDTH
            if constant:
                close_group()
                body.append(f"off = {const_off}")
                constant = False
            env[f"_p{i}"] = col.pack
            body += [f"if type({name}) is _raw:",
                     "    return None",
                     f"d = _p{i}({name})",
                     "ln = len(d)"]
            if col.packable:
                body += [f"if ln < {VARATT_SHORT_MAX}:",
                         "    parts.append(_short[ln + 1])",
                         "    parts.append(d)",
                         "    off += ln + 1",
                         "else:"]
                indent = "    "
            else:
                indent = ""
            if align > 1:
                body += [indent + f"a = (off + {align - 1}) & ~{align - 1}",
                         indent + "if a != off:",
                         indent + "    parts.append(bytes(a - off))",
                         indent + "off = a"]
            body += [indent + "parts.append(_u32((ln + 4) << 2))",
                     indent + "parts.append(d)",
                     indent + "off += ln + 4"]
    close_group()
    lines += ["        " + line for line in body]
    lines += ["    except (_struct_error, OverflowError):",
              "        return None",
              f"    return b''.join(parts), {infomask}"]
    source = "\n".join(lines)
    code = compile(source, f"<heap tuple encoder {n} columns>", "exec")
    exec(code, env)
    encode = env["encode"]
    encode.source = source           # for debugging and tests
    return encode


def tuple_size_check(size: int) -> None:
    """A tuple, toasted or not, must fit on one page (PostgreSQL's message)."""
    if size > MAX_HEAP_TUPLE_SIZE:
        raise PgError(PROGRAM_LIMIT_EXCEEDED,
                      f"row is too big: size {size}, maximum size {MAX_HEAP_TUPLE_SIZE}")


def deform_tuple(desc: TupleDescriptor, data, detoast: bool = True,
                 upto: int | None = None, _generic: bool = False) -> list:
    """Decode every attribute of a heap tuple (bytes or memoryview of the whole tuple).
    Attributes the tuple does not have (added by ALTER TABLE later) are NULL. With
    detoast False, an external value comes back as its pointer (a RawDatum), unfetched.
    With `upto`, attributes from position `upto` on are None, not read (scan_row_decoder
    uses this for what its compiled decoders do not cover)."""
    _, cols, decode, patterns = _codec(desc)
    infomask2, infomask, hoff = _NATTS_INFOMASK_HOFF(data, 18)
    tuple_natts = infomask2 & HEAP_NATTS_MASK
    has_nulls = infomask & HEAP_HASNULL
    view = data if isinstance(data, memoryview) else memoryview(data)
    if upto is not None and upto < len(cols):
        if detoast and not _generic:          # the compiled prefix decoders
            values = scan_row_decoder(desc, upto)[2](view, None, None)
            del values[-2:]
            return values
        tuple_natts = min(tuple_natts, upto)      # the rest read as missing: None
    elif detoast:
        if decode is not None and not has_nulls and tuple_natts == len(cols):
            return decode(view, hoff)
        else:
            by_pattern = _pattern_decoder(
                desc, cols, patterns,
                (tuple_natts, bytes(view[23:23 + ((tuple_natts + 7) >> 3)]) if has_nulls
                 else None))
            if by_pattern is not None:
                return by_pattern(view, hoff)
    out: list = []
    offset = hoff
    for i, col in enumerate(cols):
        if i >= tuple_natts or (has_nulls and not view[23 + (i >> 3)] & (1 << (i & 7))):
            out.append(None)
            continue
        typlen = col.typlen
        if typlen > 0:
            offset = _align(offset - hoff, col.align) + hoff
            value = view[offset:offset + typlen]
            offset += typlen
        elif typlen == -1:
            first = view[offset]
            if first == 0:          # padding before an aligned 4-byte header
                offset = _align(offset - hoff, col.align) + hoff
                first = view[offset]
            if first & 1:
                if first == 1:
                    if col.dropped or not detoast:
                        length = toast_format.TOAST_POINTER_SIZE
                        value = None if col.dropped else \
                            toast_format.RawDatum(view[offset:offset + length])
                    else:
                        value, length = _external_value(view, offset, col.unpack)
                    offset += length
                    out.append(value)
                    continue
                length = first >> 1
                value = view[offset + 1:offset + length]
                offset += length
            else:
                word = _U32.unpack_from(view, offset)[0]
                length = word >> 2
                offset += length
                if word & 3:
                    out.append(None if col.dropped else
                               _inline_value(view[offset - length:offset], col.unpack))
                    continue
                value = view[offset - length + 4:offset]
        else:
            end = offset
            while view[end] != 0:
                end += 1
            value = view[offset:end]
            offset = end + 1
        out.append(None if col.dropped else col.unpack(value))
    return out


# Scan rows decoded for the executor: per (descriptor, upto), the decoder of tuples that
# store at least `upto` attributes without NULLs, and the NULL-pattern decoders.
_scan_decoders: dict[tuple[int, int], tuple] = {}


def scan_row_decoder(desc: TupleDescriptor, upto: int | None = None):
    """(upto, fast, decode_row) for reading scan rows of `desc`: decode_row(item, tid,
    reloid) -> [the first `upto` attribute values (the rest None, unread), tid, reloid]
    for any tuple; fast(v, hoff, tid, reloid) the same for a tuple (a memoryview) without
    NULLs that stores at least `upto` attributes, or None. `upto` None or past the
    descriptor: every attribute. A heap scan calls `fast` itself when the header allows
    (it has unpacked t_infomask already), PostgreSQL's slot_getsomeattrs over a
    page-at-a-time scan."""
    ncols = len(desc.attributes)
    if upto is None or upto > ncols:
        upto = ncols
    key = (id(desc), upto)
    entry = _scan_decoders.get(key)
    if entry is not None and entry[0] is desc:
        return entry[1]
    _, cols, _, _ = _codec(desc)
    fast = _generate_decoder(desc, cols, None, upto=upto, scan_row=True)
    patterns: dict = {}

    def decode_row(item, tid, reloid):
        infomask2, infomask, hoff = _NATTS_INFOMASK_HOFF(item, 18)
        natts = infomask2 & HEAP_NATTS_MASK
        view = item if item.__class__ is memoryview else memoryview(item)
        if not infomask & HEAP_HASNULL:
            if natts >= upto and fast is not None:
                return fast(view, hoff, tid, reloid)
            pattern = (natts if natts < upto else upto, None)   # dropped columns
        else:
            shown = natts if natts < upto else upto
            pattern = (shown, bytes(view[23:23 + ((shown + 7) >> 3)]))
        by_pattern = _pattern_decoder(desc, cols, patterns, pattern, upto=upto,
                                      scan_row=True)
        if by_pattern is not None:
            return by_pattern(view, hoff, tid, reloid)
        values = deform_tuple(desc, view, upto=upto, _generic=True)
        values.append(tid)
        values.append(reloid)
        return values

    result = (upto, fast, decode_row)
    if len(_scan_decoders) > 4096:
        _scan_decoders.clear()
    _scan_decoders[key] = (desc, result)
    return result


_page_decoders: dict = {}
_PAGE_HEADER_SIZE, _LINE_POINTER_SIZE = 24, 4     # storage/page/page_layout.py's
_LINE_POINTERS = struct.Struct("<I").iter_unpack
# xmin, xmax (skipping t_cid and t_ctid), t_infomask2, t_infomask, t_hoff
_SCAN_HEADER = struct.Struct("<II10xHHB").unpack_from
_HINTED_VISIBLE = HEAP_XMIN_COMMITTED | HEAP_XMAX_INVALID


def scan_page_decoder(desc: TupleDescriptor, upto: int | None = None):
    """rows_of_page(page, count, blockno, reloid, snapshot_xmin, other) -> the scan rows
    (as scan_row_decoder's) of a heap page's first `count` line pointers, in offset
    order, or None when the descriptor has no fast decoder. The common tuple (normal
    line pointer, hint bits saying its inserter committed before snapshot_xmin and no
    deleter, no NULLs, at least `upto` attributes stored) is decoded inline in one loop,
    with no call per tuple; every other normal tuple goes to other(item, tid), which
    returns its row or None (not visible). The caller holds the page's lock."""
    upto, fast, _ = scan_row_decoder(desc, upto)
    if fast is None:
        return None
    key = (id(desc), upto)
    entry = _page_decoders.get(key)
    if entry is not None and entry[0] is desc:
        return entry[1]
    body = fast.source.split("\n")[1:]
    returned = body.pop()
    if not returned.startswith("    return "):
        return None
    body.append("    append(" + returned[len("    return "):] + ")")
    lines = [
        "def rows_of_page(page, count, blockno, reloid, snapshot_xmin, other):",
        "    rows = []",
        "    append = rows.append",
        "    offnum = 0",
        f"    for (word,) in _line_pointers(page[{_PAGE_HEADER_SIZE}:"
        f"{_PAGE_HEADER_SIZE} + count * {_LINE_POINTER_SIZE}]):",
        "        offnum += 1",
        "        if (word >> 15) & 3 != 1:",          # LP_NORMAL only
        "            continue",
        "        lp_off = word & 0x7FFF",
        "        v = page[lp_off:lp_off + (word >> 17)]",
        "        xmin, _, infomask2, infomask, off = _scan_header(v, 0)",
        f"        if infomask & {_HINTED_VISIBLE} != {_HINTED_VISIBLE} or "
        f"xmin >= snapshot_xmin or infomask & {HEAP_HASNULL} or "
        f"infomask2 & {HEAP_NATTS_MASK} < {upto}:",
        "            row = other(v, (blockno, offnum))",
        "            if row is not None:",
        "                append(row)",
        "            continue",
        "        tid = (blockno, offnum)",
    ]
    lines += ["    " + line for line in body]
    lines.append("    return rows")
    source = "\n".join(lines) + "\n"
    env = dict(fast.__globals__)
    env.update(_line_pointers=_LINE_POINTERS, _scan_header=_SCAN_HEADER)
    exec(compile(source, f"<heap page decoder {len(desc.attributes)} columns>", "exec"), env)
    rows_of_page = env["rows_of_page"]
    rows_of_page.source = source
    if len(_page_decoders) > 4096:
        _page_decoders.clear()
    _page_decoders[key] = (desc, rows_of_page)
    return rows_of_page


def external_pointers(desc: TupleDescriptor, data) -> list:
    """The external TOAST pointer datum (a RawDatum) of each attribute of a tuple, None
    where the attribute is not external: what UPDATE and DELETE must keep or delete.
    Nothing is fetched or decoded."""
    cols = _columns(desc)
    infomask2, infomask, hoff = _NATTS_INFOMASK_HOFF(data, 18)
    tuple_natts = infomask2 & HEAP_NATTS_MASK
    has_nulls = infomask & HEAP_HASNULL
    view = data if isinstance(data, memoryview) else memoryview(data)
    out: list = [None] * len(cols)
    offset = hoff
    for i, col in enumerate(cols):
        if i >= tuple_natts:
            break
        if has_nulls and not view[23 + (i >> 3)] & (1 << (i & 7)):
            continue
        typlen = col.typlen
        if typlen > 0:
            offset = _align(offset - hoff, col.align) + hoff + typlen
        elif typlen == -1:
            first = view[offset]
            if first == 0:
                offset = _align(offset - hoff, col.align) + hoff
                first = view[offset]
            if first == 1:
                out[i] = toast_format.RawDatum(
                    view[offset:offset + toast_format.TOAST_POINTER_SIZE])
                offset += toast_format.TOAST_POINTER_SIZE
            elif first & 1:
                offset += first >> 1
            else:
                offset += _U32.unpack_from(view, offset)[0] >> 2
        else:
            while view[offset] != 0:
                offset += 1
            offset += 1
    return out
