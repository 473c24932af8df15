"""TOAST's varlena formats: inline-compressed values and external TOAST pointers, the
size limits that decide when a tuple is toasted, and compression by method.

Varlena headers as PostgreSQL stores them (little endian; the low bits of the first byte
say which kind):

  xxxxxx00  4-byte header, plain: total length << 2
  xxxxxx10  4-byte header, compressed inline: total length << 2 | 2, then va_tcinfo
            (u32: raw payload size | compression method << 30), then the compressed bytes
  xxxxxxx1  1-byte header, plain: total length << 1 | 1 (at most 127 bytes)
  00000001  1-byte header of an external value: then a tag byte (18 = VARTAG_ONDISK) and
            varatt_external, unaligned: va_rawsize i32 (raw size + 4), va_extinfo u32
            (stored size | compression method << 30), va_valueid u32 (chunk_id in the
            TOAST table), va_toastrelid u32. 18 bytes in all.

A value the toaster changed travels to `form_tuple` as a RawDatum: the whole datum,
header included, stored as it is (an external pointer unaligned, as a short varlena).

Compression methods: pglz (0, always there) and lz4 (1, through the system's liblz4 when
it can be loaded; otherwise using it is refused as PostgreSQL built without lz4 does).

Entry points: RawDatum, ExternalPointer, compress_payload, decompress_inline,
decompress_external, method_name, method_id, lz4_available, StoredForm /
remember_stored / stored_form_of / external_pointer_of (how a decoded value was stored:
UPDATE keeps the pointer of a value it did not change, pg_column_size reports it), the
TOAST_* constants.

PostgreSQL: include/varatt.h (postgres.h in 15), include/access/toast_compression.h,
access/common/toast_compression.c, access/common/toast_internals.c
(toast_compress_datum), include/access/heaptoast.h.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import struct
import sys

from pgsnake.access.common import pglz
from pgsnake.utils.errors import (DATA_CORRUPTED, FEATURE_NOT_SUPPORTED, INTERNAL_ERROR,
                                  PgError)

BLOCK_SIZE = 8192
TOAST_TUPLE_THRESHOLD = 2032        # tuples above this are toasted (4 per page)
TOAST_TUPLE_TARGET = 2032           # ... until they fit in this
TOAST_TUPLE_TARGET_MAIN = 8160      # MaximumBytesPerTuple(1): the limit for MAIN columns
TOAST_MAX_CHUNK_SIZE = 1996         # chunk_data bytes per TOAST row
TOAST_POINTER_SIZE = 18             # VARHDRSZ_EXTERNAL + sizeof(varatt_external)
VARTAG_ONDISK = 18
VARHDRSZ = 4
VARHDRSZ_COMPRESSED = 8
VARATT_SHORT_MAX = 0x7F             # the longest datum a 1-byte header can describe
MAX_VARLENA_SIZE = 0x3FFFFFFF       # 1 GB - 1: the largest varlena

METHOD_PGLZ = 0
METHOD_LZ4 = 1
_METHOD_CHARS = {"p": METHOD_PGLZ, "l": METHOD_LZ4}
_METHOD_NAMES = {METHOD_PGLZ: "pglz", METHOD_LZ4: "lz4"}

_U32 = struct.Struct("<I")
_EXTERNAL = struct.Struct("<iIII")


class RawDatum(bytes):
    """A whole varlena datum, header included, that form_tuple stores unchanged."""
    __slots__ = ()


@dataclasses.dataclass(frozen=True, slots=True)
class ExternalPointer:
    """varatt_external: where a value lives in a TOAST table."""
    rawsize: int            # va_rawsize: the raw payload size + VARHDRSZ
    extsize: int            # stored bytes in the chunks (compressed: with va_tcinfo)
    method: int | None      # compression method of the stored bytes, None if plain
    valueid: int            # chunk_id
    toastrelid: int

    @property
    def is_compressed(self) -> bool:
        return self.extsize < self.rawsize - VARHDRSZ

    def datum(self) -> RawDatum:
        extinfo = self.extsize | ((self.method or 0) << 30 if self.is_compressed else 0)
        return RawDatum(bytes((1, VARTAG_ONDISK)) + _EXTERNAL.pack(
            self.rawsize, extinfo, self.valueid, self.toastrelid))

    @staticmethod
    def parse(data, offset: int = 0) -> "ExternalPointer":
        """The pointer of the external datum at `offset` (its 0x01 header byte)."""
        tag = data[offset + 1]
        if tag != VARTAG_ONDISK:
            raise PgError(DATA_CORRUPTED, f"unrecognized vartag {tag} in TOAST pointer")
        rawsize, extinfo, valueid, toastrelid = _EXTERNAL.unpack_from(data, offset + 2)
        extsize = extinfo & MAX_VARLENA_SIZE
        compressed = extsize < rawsize - VARHDRSZ
        return ExternalPointer(rawsize, extsize, extinfo >> 30 if compressed else None,
                               valueid, toastrelid)


# ---- compression methods ------------------------------------------------------------------

_lz4 = None
_lz4_loaded = False


def _lz4_library():
    global _lz4, _lz4_loaded
    if not _lz4_loaded:
        _lz4_loaded = True
        name = ctypes.util.find_library("lz4")
        try:
            lib = ctypes.CDLL(name or "liblz4.so.1")
            lib.LZ4_compressBound.argtypes = [ctypes.c_int]
            lib.LZ4_compressBound.restype = ctypes.c_int
            for fn in (lib.LZ4_compress_default, lib.LZ4_decompress_safe):
                fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
                fn.restype = ctypes.c_int
            _lz4 = lib
        except (OSError, AttributeError):
            _lz4 = None
    return _lz4


def lz4_available() -> bool:
    return _lz4_library() is not None


def method_id(name_or_char: str) -> int:
    """The method of 'pglz' / 'lz4' or of an attcompression char ('p' / 'l')."""
    if name_or_char in _METHOD_CHARS:
        method = _METHOD_CHARS[name_or_char]
    elif name_or_char == "pglz":
        method = METHOD_PGLZ
    elif name_or_char == "lz4":
        method = METHOD_LZ4
    else:
        raise PgError(INTERNAL_ERROR, f"invalid compression method {name_or_char!r}")
    if method == METHOD_LZ4 and not lz4_available():
        raise PgError(FEATURE_NOT_SUPPORTED, "compression method lz4 not supported",
                      detail="This functionality requires the server to be built with "
                             "lz4 support.")
    return method


def method_name(method: int) -> str:
    return _METHOD_NAMES.get(method, "???")


def _lz4_compress(payload: bytes) -> bytes | None:
    lib = _lz4_library()
    bound = lib.LZ4_compressBound(len(payload))
    out = ctypes.create_string_buffer(bound)
    size = lib.LZ4_compress_default(payload, out, len(payload), bound)
    if size <= 0:
        raise PgError(INTERNAL_ERROR, "lz4 compression failed")
    if size > len(payload):
        return None
    return out.raw[:size]


def _lz4_decompress(data: bytes, rawsize: int) -> bytes:
    lib = _lz4_library()
    if lib is None:
        method_id("lz4")       # raises: not supported
    out = ctypes.create_string_buffer(max(rawsize, 1))
    size = lib.LZ4_decompress_safe(data, out, len(data), rawsize)
    if size < 0:
        raise PgError(DATA_CORRUPTED, "compressed lz4 data is corrupt")
    return out.raw[:size]


def compress_payload(payload: bytes, method: int) -> RawDatum | None:
    """toast_compress_datum: the inline-compressed datum of `payload` (a value's bytes
    without header), or None when it does not compress by more than 2 bytes."""
    size = len(payload)
    if method == METHOD_LZ4:
        compressed = _lz4_compress(payload)
    else:
        compressed = pglz.compress(payload)
    if compressed is None:
        return None
    total = len(compressed) + VARHDRSZ_COMPRESSED
    if total >= size - 2:
        return None
    return RawDatum(_U32.pack(total << 2 | 2) + _U32.pack(size | method << 30) + compressed)


def _decompress(method: int, data, rawsize: int) -> bytes:
    if method == METHOD_PGLZ:
        return pglz.decompress(data, rawsize)
    if method == METHOD_LZ4:
        out = _lz4_decompress(bytes(data), rawsize)
        if len(out) != rawsize:
            raise PgError(DATA_CORRUPTED, "compressed lz4 data is corrupt")
        return out
    raise PgError(DATA_CORRUPTED, f"invalid compression method id {method}")


def decompress_inline(datum) -> bytes:
    """The payload of an inline-compressed datum (from its 4-byte header on)."""
    tcinfo = _U32.unpack_from(datum, 4)[0]
    return _decompress(tcinfo >> 30, datum[8:], tcinfo & MAX_VARLENA_SIZE)


def inline_method(datum) -> int:
    return _U32.unpack_from(datum, 4)[0] >> 30


def decompress_external(pointer: ExternalPointer, stored: bytes) -> bytes:
    """The payload of an external value from its chunks' bytes (compressed ones start
    with va_tcinfo, as the inline form after its header)."""
    if not pointer.is_compressed:
        return stored
    tcinfo = _U32.unpack_from(stored, 0)[0]
    return _decompress(tcinfo >> 30, memoryview(stored)[4:], tcinfo & MAX_VARLENA_SIZE)


# ---- values read from toasted datums --------------------------------------------------------
# deform_tuple hands out Python values, not datums. To let an UPDATE that leaves a
# toasted column alone keep its pointer (instead of storing the value again), and to let
# pg_column_size / pg_column_compression describe a value as it is stored, each value
# decoded from a compressed or external datum is remembered with that datum's facts; the
# toaster and those functions ask by identity. The entries hold their values, so an id
# cannot be reused while remembered. Once more than 4096 values or 64 MB are held,
# values nobody else refers to any more are forgotten (keeping the others costs no
# memory: they are alive anyway); beyond 65536 entries the oldest go regardless.

_REMEMBERED_SWEEP = 4096
_REMEMBERED_SWEEP_BYTES = 64 << 20
_REMEMBERED_MAX = 65536


@dataclasses.dataclass(frozen=True, slots=True)
class StoredForm:
    pointer: RawDatum | None      # the external pointer datum, None if inline
    size: int                     # pg_column_size: the stored bytes
    method: int | None            # compression method, None if not compressed


_remembered: dict[int, tuple[object, StoredForm, int]] = {}
_remembered_bytes = 0


def remember_stored(value, form: StoredForm, raw_size: int) -> None:
    """Remember how `value` (raw_size bytes decoded) was stored."""
    global _remembered_bytes
    key = id(value)
    old = _remembered.pop(key, None)
    if old is not None:
        _remembered_bytes -= old[2]
    if len(_remembered) >= _REMEMBERED_SWEEP or \
            _remembered_bytes + raw_size > _REMEMBERED_SWEEP_BYTES:
        _forget_unreferenced()
    while len(_remembered) >= _REMEMBERED_MAX:
        _remembered_bytes -= _remembered.pop(next(iter(_remembered)))[2]
    _remembered[key] = (value, form, raw_size)
    _remembered_bytes += raw_size


def _forget_unreferenced() -> None:
    """Drop the entries whose value only this table still refers to (a reference
    count of 2: the entry's and getrefcount's argument)."""
    global _remembered_bytes
    for key, entry in list(_remembered.items()):
        if sys.getrefcount(entry[0]) <= 2:
            del _remembered[key]
            _remembered_bytes -= entry[2]


def stored_form_of(value) -> StoredForm | None:
    entry = _remembered.get(id(value))
    if entry is not None and entry[0] is value:
        return entry[1]
    return None


def external_pointer_of(value) -> RawDatum | None:
    form = stored_form_of(value)
    return None if form is None else form.pointer
