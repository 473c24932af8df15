# Index tuples with compressed keys (index_form_tuple's TOAST_INDEX_TARGET): a
# compressible varlena key over 510 bytes is stored as an inline-compressed datum by its
# column's method, read back (deform, datum images) decompressed, and kept compressed as
# it is by suffix truncation; small, incompressible and attstorage-plain keys are stored
# plain; a value the heap stored compressed stays compressed whatever its size. The
# byte-for-byte comparison with PostgreSQL's pages is tests/regress/sql/
# btree_compressed_keys.sql.
from __future__ import annotations

import dataclasses
import struct

from nbtree_support import make_index
from pgsnake.access.common import toast_format
from pgsnake.access.common.tuple_descriptor import TupleDescriptor
from pgsnake.access.nbtree import index_tuple as it


def _codec(storage: str = "x", compression: str = "", columns=(("a", 25),)):
    index = make_index(columns=columns)
    atts = tuple(dataclasses.replace(a, storage=storage, compression=compression)
                 for a in index.descriptor.attributes)
    return it.TupleCodec(TupleDescriptor(atts))


def _first_word(item: bytes) -> int:
    return struct.unpack_from("<I", item, it.HEADER_SIZE)[0]


def test_large_compressible_key_is_stored_compressed_and_read_back():
    codec = _codec()
    value = "x" * 3000
    item = codec.form([value], (3, 7))
    word = _first_word(item)
    assert word & 3 == 2                          # 4-byte header, compressed in line
    datum = item[it.HEADER_SIZE:it.HEADER_SIZE + (word >> 2)]
    assert toast_format.inline_method(datum) == toast_format.METHOD_PGLZ
    assert len(item) < 100
    assert codec.deform(item) == [value]
    assert bytes(codec.images(item, 1)[0]) == value.encode()
    assert it.raw_tid(item) == (3, 7)


def test_small_incompressible_and_plain_keys_stay_plain():
    codec = _codec()
    small = "y" * 505                             # 505 + 4 <= 510: not tried
    assert _first_word(codec.form([small])) & 3 == 0
    noise = "".join(f"{(i * 7919) % 65521:05x}" for i in range(700))
    assert _first_word(codec.form([noise])) & 3 == 0
    plain = _codec(storage="p")
    assert _first_word(plain.form(["x" * 3000])) & 3 == 0


def test_column_method_lz4_when_available():
    if not toast_format.lz4_available():
        return
    codec = _codec(compression="l")
    item = codec.form(["y" * 3000])
    datum = item[it.HEADER_SIZE:]
    assert toast_format.inline_method(datum) == toast_format.METHOD_LZ4
    assert codec.deform(item) == ["y" * 3000]


def test_truncation_keeps_the_compressed_datum():
    codec = _codec(columns=(("a", 25), ("b", 23)))
    item = codec.form(["z" * 2000, 5], (1, 1))
    pivot = codec.form_truncated(item, 1)
    size = _first_word(item) >> 2
    assert pivot[it.HEADER_SIZE:it.HEADER_SIZE + size] == item[it.HEADER_SIZE:it.HEADER_SIZE + size]
    assert codec.deform(pivot, 1) == ["z" * 2000]


def test_value_compressed_in_the_heap_stays_compressed():
    codec = _codec(storage="p")
    value = "q" * 300                             # under the target, plain storage
    payload = value.encode()
    heap_datum = toast_format.compress_payload(payload, toast_format.METHOD_PGLZ)
    toast_format.remember_stored(value, toast_format.StoredForm(
        None, len(heap_datum), toast_format.METHOD_PGLZ), len(payload))
    item = codec.form([value])
    assert item[it.HEADER_SIZE:it.HEADER_SIZE + len(heap_datum)] == heap_datum
    assert codec.deform(item) == [value]
