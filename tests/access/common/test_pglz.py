# pglz produces PostgreSQL's bytes: values that PostgreSQL 15 compresses inline (a MAIN
# column, so they stay in the tuple) are read back with pageinspect and compared with
# pglz.compress of the same input, byte for byte; values it leaves uncompressed are the
# ones pglz.compress refuses (or that save too little). Decompression round-trips, and
# corrupt input is an error, not a crash.
from __future__ import annotations

import random
import struct

import pytest

from pgsnake.access.common import pglz, toast_format
from pgsnake.utils.errors import PgError


def _inputs() -> list[bytes]:
    rng = random.Random(11)
    words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(150)]
    values = []
    for n in range(24):
        size = rng.randint(2100, 7000)
        kind = n % 4
        if kind == 0:            # text-like, matches at every distance
            value = b" ".join(rng.choice(words) for _ in range(size // 5))[:size]
        elif kind == 1:          # sparse noise: short matches, literals
            value = bytes(rng.randint(0, 255) if rng.random() < 0.3 else 65 for _ in range(size))
        elif kind == 2:          # runs and repeats longer than 273 bytes
            unit = b"x" * rng.randint(1, 50) + bytes(rng.randint(0, 255) for _ in range(9))
            value = unit * (size // len(unit))
        else:                    # bytes >= 128: the hash uses them as signed chars
            value = bytes(rng.randint(128, 140) for _ in range(size))
        values.append(value)
    values.append(bytes(rng.randint(0, 255) for _ in range(3000)))       # incompressible
    return values


def test_compressed_bytes_equal_postgresqls(oracle):
    with oracle.connect(autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        conn.execute("DROP TABLE IF EXISTS pglz_bytes")
        conn.execute("CREATE TABLE pglz_bytes (v bytea)")
        conn.execute("ALTER TABLE pglz_bytes ALTER v SET STORAGE MAIN")
        compressed_by_postgres = 0
        for value in _inputs():
            conn.execute("TRUNCATE pglz_bytes")
            conn.execute("INSERT INTO pglz_bytes VALUES (%s)", (value,))
            raw = bytes(conn.execute("SELECT t_data FROM heap_page_items("
                                     "get_raw_page('pglz_bytes', 0))").fetchone()[0])
            header = struct.unpack_from("<I", raw)[0]
            ours = toast_format.compress_payload(value, toast_format.METHOD_PGLZ)
            if header & 3 == 2:               # compressed inline by PostgreSQL
                compressed_by_postgres += 1
                assert ours == raw[:header >> 2]
                assert pglz.decompress(raw[8:header >> 2], len(value)) == value
            else:
                assert ours is None
        conn.execute("DROP TABLE pglz_bytes")
    assert compressed_by_postgres >= 18


@pytest.mark.parametrize("value", [b"a" * 32, b"abc" * 1000, bytes(range(256)) * 40,
                                   b"".join(str(i).encode() for i in range(20000))])
def test_round_trip(value):
    compressed = pglz.compress(value)
    assert compressed is not None and len(compressed) < len(value)
    assert pglz.decompress(compressed, len(value)) == value
    assert pglz.decompress_prefix(compressed, 10) == value[:10]


def test_refused_inputs():
    assert pglz.compress(b"x" * 31) is None                      # shorter than 32 bytes
    assert pglz.compress(bytes(random.Random(3).randbytes(5000))) is None  # no match early


@pytest.mark.parametrize("corrupt", [b"\x01\x00", b"\x01\xf0\xff", b"\xff", b"\x00abc"])
def test_corrupt_input_is_an_error(corrupt):
    with pytest.raises(PgError) as err:
        pglz.decompress(corrupt, 100)
    assert err.value.sqlstate == "XX001"
