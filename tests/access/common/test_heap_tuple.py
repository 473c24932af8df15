# Proves that heap_tuple builds PostgreSQL's on-disk tuple format: the 23-byte header and
# t_hoff, the null bitmap, typalign padding, 1-byte (short) and 4-byte varlena headers,
# and that deform_tuple reads back exactly what form_tuple wrote (including tuples with
# fewer attributes than the descriptor), and that an oversized row fails with 54000.
import struct

import pytest

from pgsnake.access.common import heap_tuple as ht
from pgsnake.access.common.tuple_descriptor import Attribute, TupleDescriptor
from pgsnake.utils.errors import PgError


def att(n, name, oid, typlen, typbyval, typalign):
    return Attribute(n, name, oid, typlen=typlen, typbyval=typbyval, typalign=typalign)


INT4 = lambda n, name="i": att(n, name, 23, 4, True, "i")      # noqa: E731
INT8 = lambda n, name="b": att(n, name, 20, 8, True, "d")      # noqa: E731
TEXT = lambda n, name="t": att(n, name, 25, -1, False, "i")    # noqa: E731
BOOL = lambda n, name="f": att(n, name, 16, 1, True, "c")      # noqa: E731
INT2 = lambda n, name="s": att(n, name, 21, 2, True, "s")      # noqa: E731


def desc(*atts):
    return TupleDescriptor(tuple(atts))


def test_int4_text_bytes_match_postgresql():
    d = desc(INT4(1), TEXT(2))
    data = ht.form_tuple(d, [1, "abc"])
    # As pageinspect shows for (1, 'abc'): t_hoff 24, t_data \x0100000009616263
    assert data[22] == 24
    assert data[24:] == bytes.fromhex("0100000009616263")
    infomask2, infomask = struct.unpack_from("<HH", data, 18)
    assert infomask2 == 2 and infomask == ht.HEAP_HASVARWIDTH
    assert ht.deform_tuple(d, data) == [1, "abc"]


def test_nulls_bitmap_and_hoff():
    d = desc(INT4(1), TEXT(2), INT4(3))
    data = ht.form_tuple(d, [None, "x", 7])
    assert struct.unpack_from("<H", data, 20)[0] & ht.HEAP_HASNULL
    assert data[23] == 0b110               # bit set = not null
    assert data[22] == 24                  # 23 + 1 bitmap byte, MAXALIGNed
    assert ht.deform_tuple(d, data) == [None, "x", 7]
    nine = desc(*[INT4(i + 1, f"c{i}") for i in range(9)])
    data = ht.form_tuple(nine, [None] + list(range(8)))
    assert data[22] == 32                  # 23 + 2 bitmap bytes -> 32
    assert ht.deform_tuple(nine, data) == [None] + list(range(8))


def test_alignment_padding():
    d = desc(BOOL(1), INT8(2), INT2(3), INT4(4))
    data = ht.form_tuple(d, [True, 2**40, 5, 6])
    body = data[24:]
    assert body[0] == 1 and body[1:8] == bytes(7)            # int8 aligned to 8
    assert struct.unpack_from("<q", body, 8)[0] == 2**40
    assert struct.unpack_from("<h", body, 16)[0] == 5
    assert body[18:20] == bytes(2)                            # int4 aligned to 4
    assert struct.unpack_from("<i", body, 20)[0] == 6
    assert ht.deform_tuple(d, data) == [True, 2**40, 5, 6]


def test_short_and_long_varlena_headers():
    d = desc(BOOL(1), TEXT(2))
    short = "s" * 126                       # 127 bytes with the 1-byte header
    data = ht.form_tuple(d, [True, short])
    assert data[25] == (127 << 1) | 1       # no padding before a short varlena
    assert ht.deform_tuple(d, data) == [True, short]
    long = "L" * 127                        # 128 bytes: needs the 4-byte header, aligned
    data = ht.form_tuple(d, [True, long])
    assert data[25:28] == bytes(3)
    assert struct.unpack_from("<I", data, 28)[0] == (127 + 4) << 2
    assert ht.deform_tuple(d, data) == [True, long]
    for text in ("", "a" * 60, "é" * 500):
        assert ht.deform_tuple(d, ht.form_tuple(d, [False, text])) == [False, text]


def test_missing_trailing_attributes_read_as_null():
    old = desc(INT4(1))
    new = desc(INT4(1), TEXT(2))
    assert ht.deform_tuple(new, ht.form_tuple(old, [5])) == [5, None]


def test_header_view_reads_and_writes_fields():
    data = bytearray(ht.form_tuple(desc(INT4(1)), [1]))
    h = ht.HeapTupleHeader(data)
    h.xmin, h.xmax, h.cid, h.ctid = 735, 736, 2, (70000, 3)
    assert (h.xmin, h.xmax, h.cid, h.ctid, h.natts, h.hoff) == (735, 736, 2, (70000, 3), 1, 24)
    assert struct.unpack_from("<HHH", data, 12) == (1, 70000 - 65536, 3)
    h.set_hint(ht.HEAP_XMIN_COMMITTED)
    assert h.hints_set and h.infomask & ht.HEAP_XMIN_COMMITTED


def test_row_too_big():
    with pytest.raises(PgError) as err:
        ht.tuple_size_check(9000)
    assert err.value.sqlstate == "54000"
    assert err.value.message == "row is too big: size 9000, maximum size 8160"
    ht.tuple_size_check(8160)


def test_generated_decoder_and_generic_loop_agree_on_random_rows():
    # Tuples without NULLs go through the compiled per-descriptor decoder, tuples with
    # NULLs through the generic loop; both must return what form_tuple was given.
    import random
    rng = random.Random(5)
    makers = [(BOOL, lambda: rng.random() < 0.5), (INT2, lambda: rng.randrange(-300, 300)),
              (INT4, lambda: rng.randrange(-2**31, 2**31)), (INT8, lambda: rng.randrange(-2**63, 2**63)),
              (TEXT, lambda: "x" * rng.choice([0, 1, 5, 126, 127, 300]))]
    for _ in range(200):
        chosen = [rng.choice(makers) for _ in range(rng.randrange(1, 8))]
        d = desc(*[m(i + 1, f"c{i}") for i, (m, _) in enumerate(chosen)])
        values = [gen() for _, gen in chosen]
        assert ht.deform_tuple(d, ht.form_tuple(d, values)) == values
        with_null = list(values)
        with_null[rng.randrange(len(values))] = None
        assert ht.deform_tuple(d, ht.form_tuple(d, with_null)) == with_null
    assert "def decode" in ht._codec(d)[2].source


def test_null_pattern_decoders_agree_with_the_generic_loop(monkeypatch):
    # Tuples with NULLs, with fewer attributes than the descriptor (ALTER TABLE ADD
    # COLUMN later) or with dropped columns still stored get a decoder compiled per NULL
    # pattern once the pattern is common; it must return what the generic loop returns.
    import dataclasses
    import random
    rng = random.Random(11)
    monkeypatch.setattr(ht, "PATTERN_COMPILE_AFTER", 1)
    makers = [(BOOL, lambda: rng.random() < 0.5), (INT2, lambda: rng.randrange(-300, 300)),
              (INT4, lambda: rng.randrange(-2**31, 2**31)), (INT8, lambda: rng.randrange(-2**63, 2**63)),
              (TEXT, lambda: "y" * rng.choice([0, 1, 5, 126, 127, 300, 3000]))]
    compiled = 0
    for _ in range(300):
        chosen = [rng.choice(makers) for _ in range(rng.randrange(1, 10))]
        full = desc(*[m(i + 1, f"c{i}") for i, (m, _) in enumerate(chosen)])
        values = [gen() if rng.random() < 0.7 else None for _, gen in chosen]
        stored_natts = rng.randrange(1, len(chosen) + 1)
        data = ht.form_tuple(desc(*full.attributes[:stored_natts]), values[:stored_natts])
        # Drop some columns after the tuple was written: their bytes stay in it.
        dropped = {i for i in range(len(chosen)) if rng.random() < 0.2}
        d = desc(*[dataclasses.replace(a, is_dropped=True) if i in dropped else a
                   for i, a in enumerate(full.attributes)])
        expected = [None if i in dropped or i >= stored_natts else v
                    for i, v in enumerate(values)]
        for _repeat in range(3):          # first sighting: generic loop; then compiled
            assert ht.deform_tuple(d, data) == expected
        compiled += sum(callable(v) for v in ht._codec(d)[3].values())
    assert compiled > 200


def test_scan_row_decoders_read_the_first_attributes_as_the_generic_loop(monkeypatch):
    # scan_row_decoder(desc, upto): a scan that needs only the first `upto` columns
    # (slot_getsomeattrs) gets them, None for the rest, then tid and reloid; compiled
    # decoders (no NULLs, and per NULL pattern) must agree with the generic loop.
    import dataclasses
    import random
    rng = random.Random(12)
    monkeypatch.setattr(ht, "PATTERN_COMPILE_AFTER", 1)
    makers = [(BOOL, lambda: rng.random() < 0.5), (INT2, lambda: rng.randrange(-300, 300)),
              (INT4, lambda: rng.randrange(-2**31, 2**31)), (INT8, lambda: rng.randrange(-2**63, 2**63)),
              (TEXT, lambda: "y" * rng.choice([0, 1, 5, 126, 127, 300, 3000]))]
    fast_used = 0
    for _ in range(300):
        chosen = [rng.choice(makers) for _ in range(rng.randrange(1, 10))]
        full = desc(*[m(i + 1, f"c{i}") for i, (m, _) in enumerate(chosen)])
        values = [gen() if rng.random() < 0.8 else None for _, gen in chosen]
        stored_natts = rng.randrange(1, len(chosen) + 1)
        data = ht.form_tuple(desc(*full.attributes[:stored_natts]), values[:stored_natts])
        dropped = {i for i in range(len(chosen)) if rng.random() < 0.1}
        d = desc(*[dataclasses.replace(a, is_dropped=True) if i in dropped else a
                   for i, a in enumerate(full.attributes)])
        upto = rng.randrange(0, len(chosen) + 2)
        expected = [None if i in dropped or i >= stored_natts or i >= upto else v
                    for i, v in enumerate(values)] + [(3, 4), 99]
        shown, fast, decode_row = ht.scan_row_decoder(d, upto)
        assert shown == min(upto, len(chosen))
        for _repeat in range(3):          # first sighting: generic loop; then compiled
            assert decode_row(memoryview(data), (3, 4), 99) == expected
            assert ht.deform_tuple(d, data, upto=upto) == expected[:-2]   # index fetches
        if fast is not None and None not in values[:shown] and stored_natts >= shown:
            assert fast(memoryview(data), data[22], (3, 4), 99) == expected
            fast_used += 1
    assert fast_used > 50


def test_a_null_pattern_is_compiled_only_once_it_is_common():
    d = desc(INT4(1), TEXT(2), INT4(3))
    data = ht.form_tuple(d, [None, "x", 7])
    patterns = ht._codec(d)[3]
    for seen in range(1, ht.PATTERN_COMPILE_AFTER):
        assert ht.deform_tuple(d, data) == [None, "x", 7]
        assert list(patterns.values()) == [seen]
    assert ht.deform_tuple(d, data) == [None, "x", 7]
    (decoder,) = patterns.values()
    assert "a0" not in decoder.source and "a2 = " in decoder.source


def _with_header(desc_, values, xmin, cid, infomask):
    """What form_heap_tuple must return: form_tuple's bytes, header fields set."""
    data = bytearray(ht.form_tuple(desc_, values))
    h = ht.HeapTupleHeader(data)
    h.xmin, h.cid = xmin, cid
    h.infomask = h.infomask | infomask
    return bytes(data)


def test_compiled_encoder_writes_the_bytes_form_tuple_writes():
    # form_heap_tuple (the insert path) compiles an encoder per descriptor for rows
    # without NULLs; its bytes must equal form_tuple's, whatever the column mix,
    # alignment and varlena size; rows it does not handle fall back to form_tuple.
    import random
    rng = random.Random(9)
    NUMERIC = lambda n, name="n": att(n, name, 1700, -1, False, "i")    # noqa: E731
    FLOAT8 = lambda n, name="d": att(n, name, 701, 8, True, "d")        # noqa: E731
    BPCHAR = lambda n, name="c": att(n, name, 1042, -1, False, "i")     # noqa: E731
    import decimal
    makers = [(BOOL, lambda: rng.random() < 0.5), (INT2, lambda: rng.randrange(-300, 300)),
              (INT4, lambda: rng.randrange(-2**31, 2**31)),
              (INT8, lambda: rng.randrange(-2**63, 2**63)),
              (FLOAT8, lambda: rng.random() * 1e6),
              (NUMERIC, lambda: decimal.Decimal(rng.randrange(-10**12, 10**12)) / 1000),
              (BPCHAR, lambda: "b" * rng.choice([0, 3, 84, 130])),
              (TEXT, lambda: "x" * rng.choice([0, 1, 5, 126, 127, 300, 3000]))]
    for _ in range(300):
        chosen = [rng.choice(makers) for _ in range(rng.randrange(1, 9))]
        d = desc(*[m(i + 1, f"c{i}") for i, (m, _) in enumerate(chosen)])
        values = [gen() for _, gen in chosen]
        xmin, cid, mask = rng.randrange(3, 2**32), rng.randrange(0, 50), ht.HEAP_XMAX_INVALID
        formed = ht.form_heap_tuple(d, values, xmin, cid, mask)
        assert formed == _with_header(d, values, xmin, cid, mask)
        assert ht.deform_tuple(d, formed) == values
        with_null = list(values)
        with_null[rng.randrange(len(values))] = None
        assert ht.form_heap_tuple(d, with_null, xmin, cid, mask) == \
            _with_header(d, with_null, xmin, cid, mask)
        assert ht.form_heap_tuple(d, values[:-1], xmin, cid, mask) == \
            _with_header(d, values[:-1], xmin, cid, mask)
    assert "def encode" in ht._encoders[id(d)][1].source
    # A value its type cannot pack is refused as form_tuple refuses it.
    d = desc(INT4(1))
    with pytest.raises(struct.error):
        ht.form_heap_tuple(d, [2**40], 5, 0, 0)


def test_a_page_decoder_reads_the_common_tuples_inline_and_hands_on_the_rest():
    # scan_page_decoder: tuples whose hint bits make them visible without a check, with
    # no NULLs and every needed attribute stored, decoded in the loop; every other
    # normal tuple (not hinted, inserted after the snapshot, with NULLs) goes to
    # `other`, in line pointer order; unused / dead line pointers are skipped.
    d = desc(INT4(1), INT2(2), INT8(3), TEXT(4), BOOL(5))
    hinted = ht.HEAP_XMIN_COMMITTED | ht.HEAP_XMAX_INVALID
    tuples = [([1, 2, 3, "a", True], 10, hinted), ([4, 5, 6, "bb", False], 10, 0),
              ([7, None, 9, "c", True], 10, hinted), None,
              ([10, 11, 12, "x" * 200, False], 50, hinted),
              ([13, 14, 15, "d", True], 20, hinted)]
    page = bytearray(8192)
    end = 8192
    for number, entry in enumerate(tuples):
        if entry is None:
            word = 3 << 15                               # LP_DEAD, no storage
        else:
            values, xmin, infomask = entry
            data = _with_header(d, values, xmin, 0, infomask)
            end = (end - len(data)) & ~7
            page[end:end + len(data)] = data
            word = end | (1 << 15) | (len(data) << 17)
        struct.pack_into("<I", page, 24 + 4 * number, word)
    for upto in (1, 3, 5):
        handed = []

        def other(item, tid):
            handed.append(tid)
            return ["other", tid]
        rows_of_page = ht.scan_page_decoder(d, upto)
        rows = rows_of_page(memoryview(page), len(tuples), 7, 99, 30, other)
        decoded = [ht.deform_tuple(d, _with_header(d, v, x, 0, m), upto=upto) + [(7, n + 1), 99]
                   for n, (v, x, m) in ((0, tuples[0]), (5, tuples[5]))]
        assert handed == [(7, 2), (7, 3), (7, 5)]        # a NULL anywhere: handed on
        assert rows[0] == decoded[0] and rows[-1] == decoded[1]
        assert len(rows) == 5 and ["other", (7, 5)] in rows
