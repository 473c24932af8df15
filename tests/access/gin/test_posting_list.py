# GIN's posting list encoding (access/gin/posting_list.py): round trips through the
# varbyte encoding at every byte-length boundary, the max-size cut, segment splitting,
# the "removing a TID never makes the list longer" property VACUUM relies on, and
# merging. The byte layout itself is compared with PostgreSQL's pages in
# test_gin_oracle_pages.py.
from __future__ import annotations

import random

import pytest

from pgsnake.access.gin import posting_list as plist


def _tids_with_gaps(gaps):
    value = plist.encode_tid((0, 1))
    out = [plist.decode_tid(value)]
    for gap in gaps:
        value += gap
        out.append(plist.decode_tid(value))
    return out


@pytest.mark.parametrize("bits", [1, 7, 8, 14, 15, 21, 22, 28, 29, 35, 36])
def test_round_trip_at_varbyte_boundaries(bits):
    gaps = [(1 << bits) - 1, 1 << bits, 1, (1 << bits) + 1]
    tids = _tids_with_gaps(gaps)
    segment, count = plist.compress(tids, 8192)
    assert count == len(tids)
    assert plist.decode_segments(segment) == tids
    # one byte per 7 bits of each delta, a header of 8 bytes, padded to even
    body = sum(max(1, -(-g.bit_length() // 7)) for g in gaps)
    assert len(segment) == plist.HEADER_SIZE + body + (body & 1)


def test_widest_tids_round_trip():
    tids = [(0, 1), (0xFFFFFFFE, 2047), (0xFFFFFFFF, 2047)]
    segment, count = plist.compress(tids, 100)
    assert count == 3
    assert plist.decode_segments(segment) == tids


def test_compress_stops_at_max_size_and_splits_into_segments():
    rng = random.Random(7)
    tids = sorted({(rng.randrange(0, 5000), rng.randrange(1, 200)) for _ in range(3000)})
    segment, count = plist.compress(tids, 384)
    assert len(segment) <= 384 and 1 < count < len(tids)
    assert plist.decode_segments(segment) == tids[:count]
    segments = plist.split_segments(tids, 384)
    assert all(len(s) <= 384 for s in segments)
    assert plist.decode_segments(b"".join(segments)) == tids
    offset = 0
    for s in segments:
        assert plist.segment_size(b"".join(segments), offset) == len(s)
        offset += len(s)


def test_removing_tids_never_grows_the_list():
    rng = random.Random(11)
    for _ in range(50):
        tids = sorted({(rng.randrange(0, 1 << rng.choice((3, 12, 20, 31))),
                        rng.randrange(1, 2048)) for _ in range(rng.randrange(2, 80))})
        full, _count = plist.compress(tids, 8192)
        kept = [t for t in tids if rng.random() < 0.6] or tids[:1]
        smaller, _count = plist.compress(kept, 8192)
        assert len(smaller) <= len(full)


def test_unsorted_input_is_refused():
    with pytest.raises(ValueError):
        plist.compress([(1, 2), (1, 1)], 100)


def test_merge():
    a = [(0, 1), (0, 3), (2, 1)]
    b = [(0, 2), (0, 3), (3, 1)]
    assert plist.merge(a, b) == sorted(set(a) | set(b))
    assert plist.merge(a, [(5, 1)]) == a + [(5, 1)]
    assert plist.merge([(5, 1)], a) == a + [(5, 1)]
    assert plist.merge([], b) == b
