"""Index tuples: PostgreSQL's IndexTupleData, and the B-tree's pivot-tuple conventions.

An index tuple is an 8-byte header, an optional null bitmap, then the attribute values
laid out exactly as in a heap tuple (aligned by typalign from a MAXALIGNed data start;
varlena values of at most 126 bytes get a 1-byte header):

    offset 0  t_tid     bi_hi u16, bi_lo u16, ip_posid u16 (an ItemPointer)
           6  t_info    u16: size (low 13 bits, always MAXALIGNed), 0x2000
                        INDEX_ALT_TID_MASK (the B-tree's "t_tid is not a heap TID"),
                        0x4000 has varwidth values, 0x8000 has NULLs
           8  [null bitmap, 4 bytes (INDEX_MAX_KEYS bits), bit set = NOT null]
       8|16  values

In a leaf ("non-pivot") tuple t_tid is the heap TID the entry points at. A pivot tuple
(a high key, or a downlink in an internal page) sets INDEX_ALT_TID_MASK and keeps in
t_tid's offset field the number of key columns it still has (low 12 bits) plus
BT_PIVOT_HEAP_TID_ATTR (0x1000) when a heap TID follows as a last, MAXALIGNed column;
its block field is the downlink (internal pages) or, in a leaf high key, whatever the
tuple it was made from had there. Suffix truncation (suffix_truncation.py) drops the
key columns a pivot does not need; a dropped column means "minus infinity".

A posting-list tuple (deduplication, dedup.py) is a leaf tuple standing for several
equal index entries: it also sets INDEX_ALT_TID_MASK, and its t_tid says where its
sorted, distinct heap TIDs are: the offset field holds their count plus BT_IS_POSTING
(0x2000), the block field the MAXALIGNed offset of the array inside the tuple, which
follows the key values:

    header(t_tid = (posting offset, n | 0x2000), t_info) | keys | pad | tid 1 .. tid n | pad

Its heap TID key (heap_tid) is the first TID; it covers the keyspace up to the last
(max_heap_tid). A posting list always has at least two TIDs.

Entry points: TupleCodec (per index descriptor: form, deform, datum images),
codec_for, the header helpers (tuple_size, heap_tid, downlink, with_downlink,
natts, is_pivot, set_pivot_natts, minus_infinity_tuple), and the posting-list helpers
(is_posting, posting_offset, posting_tids, max_heap_tid, form_posting, swap_posting).

PostgreSQL: access/common/indextuple.c (index_form_tuple, index_deform_tuple,
index_truncate_tuple), include/access/itup.h, include/access/nbtree.h (BTreeTupleIsPivot,
BTreeTupleGetNAtts, BTreeTupleSetNAtts, BTreeTupleGetHeapTID, BTreeTupleGetMaxHeapTID,
BTreeTupleSetPosting, BTreeTupleGetDownLink), access/nbtree/nbtdedup.c
(_bt_form_posting, _bt_swap_posting).
"""
from __future__ import annotations

import struct

from pgsnake.access.common import toast_format
from pgsnake.access.common.tuple_descriptor import TupleDescriptor
from pgsnake.datatypes import registry
from pgsnake.utils import settings
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INTERNAL_ERROR, PgError

INDEX_SIZE_MASK = 0x1FFF
INDEX_ALT_TID_MASK = 0x2000     # INDEX_AM_RESERVED_BIT, the B-tree's
INDEX_VAR_MASK = 0x4000
INDEX_NULL_MASK = 0x8000
INDEX_MAX_KEYS = 32
HEADER_SIZE = 8                 # sizeof(IndexTupleData)
BITMAP_SIZE = 4                 # sizeof(IndexAttributeBitMapData)

BT_OFFSET_MASK = 0x0FFF
BT_STATUS_OFFSET_MASK = 0xF000
BT_PIVOT_HEAP_TID_ATTR = 0x1000
BT_IS_POSTING = 0x2000

VARATT_SHORT_MAX = 0x7F
# index_form_tuple tries to compress a varlena value larger than this (header included)
# in line when its column's attstorage is extended or main: MaxHeapTupleSize / 16.
TOAST_INDEX_TARGET = 510

_HEADER = struct.Struct("<HHHH")      # bi_hi, bi_lo, ip_posid, t_info
_TID = struct.Struct("<HHH")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8}

ItemPointer = tuple[int, int]


def maxalign(n: int) -> int:
    return (n + 7) & ~7


# ---- header ---------------------------------------------------------------------------

def t_info(data) -> int:
    return _U16.unpack_from(data, 6)[0]


def tuple_size(data) -> int:
    return _U16.unpack_from(data, 6)[0] & INDEX_SIZE_MASK


def raw_tid(data) -> ItemPointer:
    """t_tid as stored: (block, offset), whatever the tuple kind."""
    hi, lo, pos = _TID.unpack_from(data, 0)
    return (hi << 16) | lo, pos


def has_nulls(data) -> bool:
    return bool(t_info(data) & INDEX_NULL_MASK)


def has_varwidths(data) -> bool:
    return bool(t_info(data) & INDEX_VAR_MASK)


def data_offset(info: int) -> int:
    """IndexInfoFindDataOffset: 8, or 16 with a null bitmap."""
    return maxalign(HEADER_SIZE + BITMAP_SIZE) if info & INDEX_NULL_MASK else HEADER_SIZE


def is_pivot(data) -> bool:
    hi_lo_pos_info = _HEADER.unpack_from(data, 0)
    return bool(hi_lo_pos_info[3] & INDEX_ALT_TID_MASK) and not hi_lo_pos_info[2] & BT_IS_POSTING


def is_posting(data) -> bool:
    _hi, _lo, pos, info = _HEADER.unpack_from(data, 0)
    return bool(info & INDEX_ALT_TID_MASK) and bool(pos & BT_IS_POSTING)


def natts(data, index_natts: int) -> int:
    """Columns present (BTreeTupleGetNAtts): a pivot says; others have them all."""
    _hi, _lo, pos, info = _HEADER.unpack_from(data, 0)
    if info & INDEX_ALT_TID_MASK and not pos & BT_IS_POSTING:
        return pos & BT_OFFSET_MASK
    return index_natts


def heap_tid(data) -> ItemPointer | None:
    """The heap TID key column (BTreeTupleGetHeapTID): t_tid of a leaf tuple, the
    trailing TID of a pivot that kept one, None for a pivot that truncated it."""
    hi, lo, pos, info = _HEADER.unpack_from(data, 0)
    if info & INDEX_ALT_TID_MASK:
        if pos & BT_IS_POSTING:
            offset = (hi << 16) | lo
            hi, lo, pos = _TID.unpack_from(data, offset)
            return (hi << 16) | lo, pos
        if pos & BT_PIVOT_HEAP_TID_ATTR:
            hi, lo, pos = _TID.unpack_from(data, (info & INDEX_SIZE_MASK) - 6)
            return (hi << 16) | lo, pos
        return None
    return (hi << 16) | lo, pos


def posting_offset(data) -> int:
    """Where a posting tuple's TID array starts (BTreeTupleGetPostingOffset): the size
    of its key part."""
    hi, lo = struct.unpack_from("<HH", data, 0)
    return (hi << 16) | lo


def n_posting(data) -> int:
    return _U16.unpack_from(data, 4)[0] & BT_OFFSET_MASK


def posting_tids(data) -> list[ItemPointer]:
    """The heap TIDs of a posting-list tuple, in ascending order."""
    hi, lo, pos, _info = _HEADER.unpack_from(data, 0)
    start = (hi << 16) | lo
    out = []
    for i in range(pos & BT_OFFSET_MASK):
        b_hi, b_lo, b_pos = _TID.unpack_from(data, start + 6 * i)
        out.append(((b_hi << 16) | b_lo, b_pos))
    return out


def leaf_tids(data) -> list[ItemPointer]:
    """Every heap TID a leaf tuple stands for: its posting list, or its t_tid."""
    return posting_tids(data) if is_posting(data) else [raw_tid(data)]


def max_heap_tid(data) -> ItemPointer | None:
    """The last heap TID of a posting tuple, else the heap TID (BTreeTupleGetMaxHeapTID)."""
    hi, lo, pos, info = _HEADER.unpack_from(data, 0)
    if info & INDEX_ALT_TID_MASK and pos & BT_IS_POSTING:
        start = (hi << 16) | lo
        b_hi, b_lo, b_pos = _TID.unpack_from(data, start + 6 * ((pos & BT_OFFSET_MASK) - 1))
        return (b_hi << 16) | b_lo, b_pos
    return heap_tid(data)


def key_size(data) -> int:
    """The size of a leaf tuple without its posting list (what a posting list built
    from it starts with)."""
    return posting_offset(data) if is_posting(data) else tuple_size(data)


def form_posting(base, tids: list[ItemPointer]) -> bytes:
    """_bt_form_posting: `base`'s key part with the sorted, distinct `tids`: a posting
    tuple when there are several, a plain leaf tuple for one. The TID array starts
    MAXALIGNed right after the key part (already MAXALIGNed), the whole tuple is
    MAXALIGNed and zero-padded."""
    keysize = key_size(base)
    count = len(tids)
    size = maxalign(keysize + 6 * count) if count > 1 else keysize
    out = bytearray(size)
    out[:keysize] = bytes(base[:keysize])
    info = (_U16.unpack_from(out, 6)[0] & ~INDEX_SIZE_MASK) | size
    if count > 1:
        info |= INDEX_ALT_TID_MASK
        _TID.pack_into(out, 0, keysize >> 16, keysize & 0xFFFF, count | BT_IS_POSTING)
        for i, (block, offset) in enumerate(tids):
            _TID.pack_into(out, keysize + 6 * i, block >> 16, block & 0xFFFF, offset)
    else:
        info &= ~INDEX_ALT_TID_MASK
        block, offset = tids[0]
        _TID.pack_into(out, 0, block >> 16, block & 0xFFFF, offset)
    _U16.pack_into(out, 6, info)
    return bytes(out)


def swap_posting(newitem, oposting, postingoff: int) -> tuple[bytes, bytes]:
    """_bt_swap_posting: a posting list split. The new item's heap TID belongs inside
    `oposting`'s range, at position `postingoff`: returns (new posting list, new item)
    where the posting list (same size) has the new TID in its place and loses its last
    TID, which the returned copy of the new item carries instead. So the posting list
    stays where it is and the new item goes right after it."""
    tids = posting_tids(oposting)
    if not 0 < postingoff < len(tids):
        raise PgError(INTERNAL_ERROR, f"posting list tuple with {len(tids)} items cannot be split "
                               f"at offset {postingoff}")
    new_tid = raw_tid(newitem)
    last = tids[-1]
    tids = tids[:postingoff] + [new_tid] + tids[postingoff:-1]
    nposting = bytearray(oposting[:tuple_size(oposting)])
    start = posting_offset(oposting)
    for i, (block, offset) in enumerate(tids):
        _TID.pack_into(nposting, start + 6 * i, block >> 16, block & 0xFFFF, offset)
    item = bytearray(newitem)
    _TID.pack_into(item, 0, last[0] >> 16, last[0] & 0xFFFF, last[1])
    return bytes(nposting), bytes(item)


def downlink(data) -> int:
    hi, lo = struct.unpack_from("<HH", data, 0)
    return (hi << 16) | lo


def with_downlink(data, blkno: int) -> bytes:
    """A copy of a pivot tuple pointing at `blkno` (BTreeTupleSetDownLink)."""
    out = bytearray(data)
    struct.pack_into("<HH", out, 0, blkno >> 16, blkno & 0xFFFF)
    return bytes(out)


def set_pivot_natts(buf: bytearray, keep: int, with_heap_tid: bool) -> None:
    """Mark `buf` as a pivot with `keep` key columns (BTreeTupleSetNAtts)."""
    info = _U16.unpack_from(buf, 6)[0] | INDEX_ALT_TID_MASK
    _U16.pack_into(buf, 6, info)
    _U16.pack_into(buf, 4, keep | (BT_PIVOT_HEAP_TID_ATTR if with_heap_tid else 0))


def minus_infinity_tuple(downlink_blkno: int) -> bytes:
    """The first data item of an internal page: no key columns, so less than every key;
    only its downlink matters."""
    return _HEADER.pack(downlink_blkno >> 16, downlink_blkno & 0xFFFF, 0,
                        HEADER_SIZE | INDEX_ALT_TID_MASK)


def as_minus_infinity(data) -> bytes:
    """`data` truncated to a minus-infinity item, keeping its downlink (_bt_pgaddtup's
    and _bt_sortaddtup's "new first data item" of an internal page)."""
    return minus_infinity_tuple(downlink(data))


def with_heap_tid(data, tid: ItemPointer) -> bytes:
    """A pivot copy of `data` (all key columns) plus a trailing heap TID column."""
    size = maxalign(tuple_size(data))
    new_size = size + 8
    out = bytearray(new_size)
    out[:size] = bytes(data[:size])
    info = (_U16.unpack_from(out, 6)[0] & ~INDEX_SIZE_MASK) | new_size
    _U16.pack_into(out, 6, info)
    _TID.pack_into(out, new_size - 6, tid[0] >> 16, tid[0] & 0xFFFF, tid[1])
    return bytes(out)


# ---- values ---------------------------------------------------------------------------

class _Column:
    __slots__ = ("typlen", "align", "pack", "unpack", "type_oid", "compressible",
                 "compression")

    def __init__(self, typlen, align, pack, unpack, type_oid, compressible=False,
                 compression="") -> None:
        self.typlen = typlen
        self.align = align
        self.pack = pack
        self.unpack = unpack
        self.type_oid = type_oid
        self.compressible = compressible      # attstorage 'x' or 'm'
        self.compression = compression        # attcompression: 'p', 'l', '' the default


def _cstring_pack(value: str) -> bytes:
    return value.encode("utf-8")


def _cstring_unpack(data) -> str:
    return bytes(data).decode("utf-8")


class TupleCodec:
    """Forms and reads index tuples of one index descriptor."""

    __slots__ = ("descriptor", "columns", "natts", "_fixed_offsets")

    def __init__(self, descriptor: TupleDescriptor) -> None:
        self.descriptor = descriptor
        self.columns = []
        for att in descriptor.attributes:
            if att.typlen == -2:        # a cstring key (name_ops stores names so)
                pack, unpack = _cstring_pack, _cstring_unpack
            else:
                info = registry.get_type(att.type_oid)
                pack, unpack = info.pack, info.unpack
            self.columns.append(_Column(att.typlen, _ALIGN.get(att.typalign, 1), pack,
                                        unpack, att.type_oid, att.storage in ("x", "m"),
                                        att.compression))
        self.natts = len(self.columns)
        # Offsets of each column relative to the data start, valid while every earlier
        # column is fixed-length and not NULL: most key columns are int4/int8/oid.
        offsets = []
        offset = 0
        for col in self.columns:
            if col.typlen <= 0:
                break
            offset = (offset + col.align - 1) & ~(col.align - 1)
            offsets.append(offset)
            offset += col.typlen
        self._fixed_offsets = offsets

    def first_fixed_span(self) -> tuple[int, int] | None:
        """(start, end) of the first column's bytes in a tuple without NULLs, from the
        tuple's start, when that column is fixed-length; else None."""
        if not self._fixed_offsets:
            return None
        start = HEADER_SIZE + self._fixed_offsets[0]
        return start, start + self.columns[0].typlen

    # -- forming --
    def form(self, values, tid: ItemPointer = (0, 0), compress: bool = True) -> bytes:
        """index_form_tuple: a leaf tuple of `values` (None = NULL) pointing at `tid`.
        Values beyond len(values) are NULL; fewer columns than the descriptor has may be
        passed as `values` when forming a truncated pivot (form_truncated). `compress`
        False: every value plain (amcheck's normalised form)."""
        return self._form(values, len(self.columns), tid, compress)

    def normalized(self, data) -> bytes:
        """bt_normalize_tuple: the tuple with every compressed value stored plain (the
        same tuple when none is), so equal keys compare equal bitwise whether or not
        index_form_tuple compressed them."""
        info = _U16.unpack_from(data, 6)[0]
        view = data if isinstance(data, memoryview) else memoryview(data)
        if not info & INDEX_VAR_MASK or not any(
                type(raw) is bytes for raw in self.images(view, self.natts, info, True)):
            return bytes(data[:tuple_size(data)])
        return self._form(self.deform(data), self.natts, raw_tid(data), False)

    def _form(self, values, count: int, tid: ItemPointer, compress: bool = True) -> bytes:
        infomask = 0
        bitmap = 0
        parts: list[bytes] = []
        offset = 0
        nvalues = len(values)
        for i in range(count):
            col = self.columns[i]
            value = values[i] if i < nvalues else None
            if value is None:
                infomask |= INDEX_NULL_MASK
                continue
            bitmap |= 1 << i
            typlen = col.typlen
            if typlen > 0:
                datum = col.pack(value)
                if len(datum) != typlen:
                    raise ValueError(f"datum of index column {i + 1} has {len(datum)} bytes, "
                                     f"expected {typlen}")
            elif typlen == -1:
                infomask |= INDEX_VAR_MASK
                if type(value) is toast_format.RawDatum:    # a compressed datum, kept
                    datum = value
                else:
                    payload = col.pack(value)
                    datum = _compressed(col, value, payload) if compress else None
                    if datum is None:
                        if len(payload) + 1 <= VARATT_SHORT_MAX:
                            parts.append(bytes(((len(payload) + 1) << 1 | 1,)))
                            parts.append(payload)
                            offset += len(payload) + 1
                            continue
                        datum = _U32.pack((len(payload) + 4) << 2) + payload
            else:
                infomask |= INDEX_VAR_MASK
                datum = col.pack(value) + b"\x00"
            aligned = (offset + col.align - 1) & ~(col.align - 1)
            if aligned != offset:
                parts.append(bytes(aligned - offset))
            parts.append(datum)
            offset = aligned + len(datum)
        hoff = data_offset(infomask)
        size = maxalign(hoff + offset)
        if size > INDEX_SIZE_MASK:
            raise PgError("54000", f"index row requires {size} bytes, maximum size is "
                                   f"{INDEX_SIZE_MASK}")
        out = bytearray(size)
        _HEADER.pack_into(out, 0, tid[0] >> 16, tid[0] & 0xFFFF, tid[1], size | infomask)
        if infomask & INDEX_NULL_MASK:
            _U32.pack_into(out, HEADER_SIZE, bitmap)
        body = b"".join(parts)
        out[hoff:hoff + len(body)] = body
        return bytes(out)

    def form_truncated(self, data, keep: int) -> bytes:
        """index_truncate_tuple: a copy of `data` with only its first `keep` columns
        (t_tid kept as it was). `keep` == all columns returns a plain copy, without the
        posting list of a posting tuple (_bt_truncate's part)."""
        if keep >= self.natts:
            if is_posting(data):
                out = bytearray(data[:posting_offset(data)])
                info = (_U16.unpack_from(out, 6)[0] & ~INDEX_SIZE_MASK) | len(out)
                _U16.pack_into(out, 6, info)
                return bytes(out)
            return bytes(data[:tuple_size(data)])
        values = self.stored_values(data, keep)
        return self._form(values, keep, raw_tid(data))

    def stored_values(self, data, count: int) -> list:
        """The first `count` values as index_deform_tuple hands them to a new
        index_form_tuple: a compressed varlena as its datum (a RawDatum, stored again
        unchanged), the others decoded."""
        info = _U16.unpack_from(data, 6)[0]
        view = data if isinstance(data, memoryview) else memoryview(data)
        return [None if raw is None else
                toast_format.RawDatum(raw) if type(raw) is bytes else self.columns[i].unpack(raw)
                for i, raw in enumerate(self.images(view, count, info, keep_compressed=True))]

    # -- reading --
    def deform(self, data, count: int | None = None) -> list:
        """The first `count` column values (all by default); None for NULL."""
        if count is None:
            count = self.natts
        info = _U16.unpack_from(data, 6)[0]
        view = data if isinstance(data, memoryview) else memoryview(data)
        if not info & INDEX_NULL_MASK and count <= len(self._fixed_offsets):
            base = HEADER_SIZE
            out = []
            for i in range(count):
                col = self.columns[i]
                start = base + self._fixed_offsets[i]
                out.append(col.unpack(view[start:start + col.typlen]))
            return out
        return [None if raw is None else self.columns[i].unpack(raw)
                for i, raw in enumerate(self.images(view, count, info))]

    def images(self, data, count: int, info: int | None = None,
               keep_compressed: bool = False) -> list:
        """The stored bytes of the first `count` values (without varlena headers), None
        for NULL: what datum_image_eq compares (a compressed value decompressed, as
        datum_image_eq detoasts). `keep_compressed`: a compressed value comes back as
        its whole datum, a bytes object (the others are memoryviews)."""
        if info is None:
            info = _U16.unpack_from(data, 6)[0]
        view = data if isinstance(data, memoryview) else memoryview(data)
        hoff = data_offset(info)
        nulls = _U32.unpack_from(view, HEADER_SIZE)[0] if info & INDEX_NULL_MASK else None
        out: list = []
        offset = hoff
        for i in range(count):
            if nulls is not None and not nulls >> i & 1:
                out.append(None)
                continue
            col = self.columns[i]
            typlen = col.typlen
            if typlen > 0:
                offset = hoff + ((offset - hoff + col.align - 1) & ~(col.align - 1))
                out.append(view[offset:offset + typlen])
                offset += typlen
            elif typlen == -1:
                first = view[offset]
                if first == 0:          # padding before an aligned 4-byte header
                    offset = hoff + ((offset - hoff + col.align - 1) & ~(col.align - 1))
                    first = view[offset]
                if first & 1:
                    if first == 1:
                        raise PgError(FEATURE_NOT_SUPPORTED,
                                      "external TOAST values are not supported")
                    length = first >> 1
                    out.append(view[offset + 1:offset + length])
                else:
                    word = _U32.unpack_from(view, offset)[0]
                    length = word >> 2
                    if word & 3 == 2:           # compressed in line (index_form_tuple's)
                        datum = bytes(view[offset:offset + length])
                        out.append(datum if keep_compressed
                                   else memoryview(toast_format.decompress_inline(datum)))
                    else:
                        out.append(view[offset + 4:offset + length])
                offset += length
            else:
                end = offset
                while view[end] != 0:
                    end += 1
                out.append(view[offset:end])
                offset = end + 1
        return out


def _compressed(col: _Column, value, payload: bytes) -> bytes | None:
    """index_form_tuple's TOAST_INDEX_HACK: the compressed datum of a value, or None to
    store it plain. A value the heap stores compressed in line reaches PostgreSQL's
    index_form_tuple as that compressed datum and is kept so (CREATE INDEX reads it from
    the heap), whatever the index column's attstorage; compressing it again by the same
    method gives the same bytes. Any other value of a compressible column (attstorage
    'x' or 'm') is compressed when it is larger than TOAST_INDEX_TARGET, by the column's
    method, and kept only if that saves space."""
    form = toast_format.stored_form_of(value)
    if form is not None and form.pointer is None and form.method is not None:
        return toast_format.compress_payload(payload, form.method)
    if not col.compressible or len(payload) + 4 <= TOAST_INDEX_TARGET:
        return None
    method = toast_format.method_id(col.compression
                                    or settings.get("default_toast_compression"))
    return toast_format.compress_payload(payload, method)


_codecs: dict[int, TupleCodec] = {}


def codec_for(descriptor: TupleDescriptor) -> TupleCodec:
    """The codec of a descriptor, cached by identity (the codec keeps it alive)."""
    codec = _codecs.get(id(descriptor))
    if codec is None or codec.descriptor is not descriptor:
        if len(_codecs) > 1024:
            _codecs.clear()
        codec = TupleCodec(descriptor)
        _codecs[id(descriptor)] = codec
    return codec
