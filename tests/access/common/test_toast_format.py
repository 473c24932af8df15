# Proves TOAST's datum formats in heap tuples: the 18-byte external pointer packs and
# parses as varatt_external (rawsize, extsize with the method bits only when compressed,
# valueid, toastrelid); an inline-compressed datum has a 4-byte header with low bits 10
# and va_tcinfo; form_tuple stores the toaster's RawDatums (pointers unaligned, with
# HEAP_HASEXTERNAL) and deform_tuple decodes compressed values in either decoder, and
# reads an external one through the registered fetcher, remembering how each was stored.
import struct

import pytest

from pgsnake.access.common import heap_tuple as ht
from pgsnake.access.common import toast_format as tf
from pgsnake.access.common.tuple_descriptor import Attribute, TupleDescriptor


def _desc(with_nullable_int=False):
    atts = [Attribute(1, "i", 23, typlen=4, typbyval=True, typalign="i"),
            Attribute(2, "t", 25, typlen=-1, typalign="i", storage="x")]
    if with_nullable_int:
        atts.append(Attribute(3, "n", 23, typlen=4, typbyval=True, typalign="i"))
    return TupleDescriptor(tuple(atts))


def test_external_pointer_layout():
    plain = tf.ExternalPointer(6004, 6000, None, 16400, 16387)
    datum = plain.datum()
    assert len(datum) == tf.TOAST_POINTER_SIZE and datum[:2] == b"\x01\x12"
    assert struct.unpack("<iIII", datum[2:]) == (6004, 6000, 16400, 16387)
    assert tf.ExternalPointer.parse(datum) == plain and not plain.is_compressed
    compressed = tf.ExternalPointer(100004, 3000, tf.METHOD_LZ4, 16401, 16387)
    raw = compressed.datum()
    assert struct.unpack_from("<I", raw, 6)[0] == 3000 | (1 << 30)
    assert tf.ExternalPointer.parse(raw) == compressed and compressed.is_compressed


def test_compressed_datum_layout_and_threshold():
    payload = b"abcdefgh" * 500
    datum = tf.compress_payload(payload, tf.METHOD_PGLZ)
    header, tcinfo = struct.unpack_from("<II", datum)
    assert header & 3 == 2 and header >> 2 == len(datum)
    assert tcinfo == len(payload) and tf.inline_method(datum) == tf.METHOD_PGLZ
    assert tf.decompress_inline(datum) == payload
    assert tf.compress_payload(bytes(range(200)), tf.METHOD_PGLZ) is None   # incompressible
    assert tf.compress_payload(b"x" * 20, tf.METHOD_PGLZ) is None          # too short


@pytest.mark.skipif(not tf.lz4_available(), reason="no liblz4 on this machine")
def test_lz4_round_trip():
    payload = b"lz4 " * 3000
    datum = tf.compress_payload(payload, tf.METHOD_LZ4)
    assert tf.inline_method(datum) == tf.METHOD_LZ4
    assert tf.decompress_inline(datum) == payload


@pytest.mark.parametrize("with_null", [False, True])
def test_compressed_value_in_a_tuple(with_null):
    d = _desc(with_nullable_int=with_null)
    text = "compress me " * 400
    datum = tf.compress_payload(text.encode(), tf.METHOD_PGLZ)
    values = [7, tf.RawDatum(datum)] + ([None] if with_null else [])
    data = ht.form_tuple(d, values)
    hoff = data[22]
    assert data[hoff + 4:hoff + 4 + len(datum)] == datum          # aligned 4-byte header
    decoded = ht.deform_tuple(d, data)
    assert decoded[:2] == [7, text]
    form = tf.stored_form_of(decoded[1])
    assert form == tf.StoredForm(None, len(datum), tf.METHOD_PGLZ)


def test_external_value_in_a_tuple():
    d = _desc()
    text = "out of line " * 1000
    pointer = tf.ExternalPointer(len(text) + 4, len(text), None, 20000, 16387)
    data = ht.form_tuple(d, [1, pointer.datum()])
    infomask = struct.unpack_from("<H", data, 20)[0]
    assert infomask & ht.HEAP_HASEXTERNAL
    assert data[data[22] + 4:] == pointer.datum()                 # unaligned, 18 bytes
    assert ht.external_pointers(d, data) == [None, pointer.datum()]
    fetched = []
    previous = ht._external_fetcher
    ht.set_external_fetcher(lambda p: fetched.append(p) or text.encode())
    try:
        decoded = ht.deform_tuple(d, data)
    finally:
        ht.set_external_fetcher(previous)
    assert decoded == [1, text] and fetched == [pointer]
    assert tf.external_pointer_of(decoded[1]) == pointer.datum()
    assert tf.stored_form_of(decoded[1]).size == len(text)


def test_plain_raw_datum_becomes_short_when_it_fits():
    d = _desc()
    data = ht.form_tuple(d, [1, tf.RawDatum(struct.pack("<I", (4 + 3) << 2) + b"abc")])
    assert data[data[22] + 4:] == bytes([(3 + 1) << 1 | 1]) + b"abc"
    assert ht.deform_tuple(d, data) == [1, "abc"]


def test_remembered_values_are_kept_while_used_and_forgotten_after(monkeypatch):
    monkeypatch.setattr(tf, "_remembered", {})
    monkeypatch.setattr(tf, "_remembered_bytes", 0)
    monkeypatch.setattr(tf, "_REMEMBERED_SWEEP_BYTES", 1000)
    kept = "kept" * 200                      # 800 bytes, still referenced here
    tf.remember_stored(kept, tf.StoredForm(None, 10, 0), len(kept))
    tf.remember_stored("".join(["dropped"] * 100), tf.StoredForm(None, 11, 0), 700)  # garbage
    later = "later" * 200
    tf.remember_stored(later, tf.StoredForm(None, 12, 0), len(later))     # sweeps
    assert tf.stored_form_of(kept).size == 10 and tf.stored_form_of(later).size == 12
    assert len(tf._remembered) == 2
