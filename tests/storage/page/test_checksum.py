# Proves pgsnake's data page checksum is PostgreSQL's, bit for bit: every page of a real
# PostgreSQL 15 cluster made with initdb -k carries in pd_checksum exactly what
# page_checksum() computes for it; PostgreSQL's own pageinspect page_checksum() agrees
# with ours on arbitrary page contents and block numbers (so the block-number mixing and
# the 16-bit reduction are PostgreSQL's too); the stored pd_checksum never takes part;
# and check_on_read / checksummed_copy apply PostgreSQL's rules for which pages pass.
from __future__ import annotations

import os
import random
import struct

import pytest

from harness import servers

from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.page.checksum import BLCKSZ, page_checksum

# Files in a data directory that are not relation files.
_NOT_RELATIONS = {"pg_control", "pg_filenode.map", "PG_VERSION", "pg_internal.init"}


def _random_page(rng: random.Random) -> bytearray:
    page = bytearray(rng.randbytes(BLCKSZ))
    if struct.unpack_from("<H", page, 14)[0] == 0:
        struct.pack_into("<H", page, 14, 1)      # pd_upper != 0: not a "new" page
    return page


@pytest.fixture(scope="module")
def oracle_checksums(postgres_binaries):
    """A PostgreSQL 15 cluster made with initdb -k, a table with varied rows, and the
    checksums PostgreSQL's pageinspect computes for random pages. Yields the stopped
    cluster's data directory and the (page, blkno, PostgreSQL's checksum) triples."""
    server = servers.OracleServer(postgres_binaries, settings={"autovacuum": "off"})
    try:
        server.initdb("-k")
        server.start()
        rng = random.Random(20240611)
        samples = [(_random_page(rng), rng.randrange(0, 2**31)) for _ in range(40)]
        samples += [(bytearray(b"\xff" * BLCKSZ), 0), (_random_page(rng), 0),
                    (_random_page(rng), 1), (_random_page(rng), 2**31 - 1)]
        with server.connect() as conn:
            conn.execute("CREATE EXTENSION pageinspect")
            conn.execute("CREATE TABLE checksum_rows (id int, label text, amount numeric)")
            conn.execute("INSERT INTO checksum_rows SELECT g, repeat(chr(65 + g % 26), g % 300), "
                         "g * 1.5 FROM generate_series(1, 3000) g")
            conn.execute("DELETE FROM checksum_rows WHERE id % 5 = 0")
            conn.execute("CHECKPOINT")
            rows = conn.execute(
                "SELECT page_checksum(p, b) FROM unnest(%s::bytea[], %s::int4[]) "
                "WITH ORDINALITY AS x(p, b, n) ORDER BY n",
                ([bytes(page) for page, _ in samples], [blkno for _, blkno in samples])).fetchall()
        server.stop()
        oracle_values = [value & 0xFFFF for (value,) in rows]     # smallint on the SQL side
        yield server.datadir, [(page, blkno, value) for (page, blkno), value
                               in zip(samples, oracle_values)]
    finally:
        server.cleanup()


def _relation_pages(datadir: str):
    for top in ("base", "global"):
        for directory, _dirs, files in os.walk(os.path.join(datadir, top)):
            for name in files:
                if name in _NOT_RELATIONS:
                    continue
                path = os.path.join(directory, name)
                with open(path, "rb") as fh:
                    data = fh.read()
                for blkno in range(len(data) // BLCKSZ):
                    yield path, blkno, data[blkno * BLCKSZ:(blkno + 1) * BLCKSZ]


def test_every_page_postgresql_wrote_carries_our_checksum(oracle_checksums):
    datadir, _ = oracle_checksums
    checked = 0
    for path, blkno, page in _relation_pages(datadir):
        if pl.is_new(page):
            continue
        stored = struct.unpack_from("<H", page, 8)[0]
        assert page_checksum(page, blkno) == stored, f"{path} block {blkno}"
        checked += 1
    assert checked > 300, "the oracle cluster should have hundreds of pages"


def test_postgresql_page_checksum_function_agrees_on_arbitrary_pages(oracle_checksums):
    _, samples = oracle_checksums
    assert len(samples) == 44
    for page, blkno, expected in samples:
        assert page_checksum(page, blkno) == expected, f"blkno {blkno}"
        assert page_checksum(memoryview(page), blkno) == expected
        assert page_checksum(bytes(page), blkno) == expected


def test_the_stored_checksum_does_not_take_part():
    page = _random_page(random.Random(7))
    before = page_checksum(page, 3)
    struct.pack_into("<H", page, 8, 0xBEEF)
    assert page_checksum(page, 3) == before
    page[4000] ^= 1
    assert page_checksum(page, 3) != before


def test_block_number_changes_the_checksum_and_zero_is_never_produced():
    page = _random_page(random.Random(11))
    values = {page_checksum(page, blkno) for blkno in range(2000)}
    assert len(values) > 1900                     # a page moved elsewhere fails
    assert all(1 <= value <= 0xFFFF for value in values)


def _valid_page(blkno: int) -> bytearray:
    page = bytearray(BLCKSZ)
    pl.init_page(page)
    pl.add_item(page, b"x" * 40)
    return pl.checksummed_copy(page, blkno)


def test_checksummed_copy_stamps_a_copy_and_leaves_new_pages_alone():
    page = bytearray(BLCKSZ)
    pl.init_page(page)
    pl.add_item(page, b"row" * 10)
    copy = pl.checksummed_copy(page, 9)
    assert struct.unpack_from("<H", page, 8)[0] == 0        # the original is unchanged
    assert struct.unpack_from("<H", copy, 8)[0] == page_checksum(page, 9)
    assert pl.checksummed_copy(bytes(BLCKSZ), 9) == bytes(BLCKSZ)


def test_check_on_read_accepts_what_postgresql_accepts():
    good = _valid_page(4)
    assert pl.check_on_read(good, 4, checksums=True).usable
    assert pl.check_on_read(bytes(BLCKSZ), 4, checksums=True).usable     # all zeros
    # The wrong block number: the checksum fails, the header is still sane.
    moved = pl.check_on_read(good, 5, checksums=True)
    assert not moved.usable and moved.header_sane
    assert moved.checksum_failure == (page_checksum(good, 5), page_checksum(good, 4))
    assert pl.check_on_read(good, 5, checksums=False).usable       # nothing to compare
    # A damaged header fails with or without checksums.
    insane = bytearray(good)
    struct.pack_into("<H", insane, 12, 9000)                       # pd_lower > pd_upper
    for checksums in (False, True):
        result = pl.check_on_read(insane, 4, checksums=checksums)
        assert not result.usable and not result.header_sane
    unknown_flag = bytearray(good)
    struct.pack_into("<H", unknown_flag, 10, 0x0008)
    assert not pl.check_on_read(unknown_flag, 4, checksums=False).usable
    # pd_upper == 0 but not all zeros: "new" yet damaged.
    half_new = bytearray(BLCKSZ)
    half_new[100] = 1
    assert not pl.check_on_read(half_new, 4, checksums=False).usable
