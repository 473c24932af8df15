# Proves the WAL record format round-trips: header fields, block references (same-rel
# compression, fork, will_init, per-block data, full-page images), short and long main
# data; and that the CRC-32C catches any corrupted byte.
from hypothesis import given, settings as hsettings, strategies as st

from pgsnake.access.transam.wal import record
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator

REL = RelFileLocator(1663, 5, 16384)
OTHER = RelFileLocator(1663, 5, 16390)


def test_round_trip_with_blocks_and_image():
    page = bytes(range(256)) * 32
    blocks = [record.BlockRef(0, REL, ForkNumber.MAIN, 7, None, b"tuple", False),
              record.BlockRef(1, REL, ForkNumber.MAIN, 9, None, b"", True),
              record.BlockRef(2, OTHER, ForkNumber.FSM, 1, None, b"x" * 300)]
    raw = record.encode_record(10, 0x30, b"main", blocks, xid=42, prev_lsn=0x1000028,
                               images={1: page})
    assert record.record_crc_ok(raw)
    rec = record.decode_record(raw, lsn=100, end_lsn=200)
    assert (rec.xid, rec.rmid, rec.info, rec.prev_lsn, rec.main_data) == (42, 10, 0x30, 0x1000028, b"main")
    assert rec.blocks[0].data == b"tuple" and rec.blocks[0].blockno == 7 and rec.blocks[0].image is None
    assert rec.blocks[1].image == page and rec.blocks[1].will_init and rec.blocks[1].locator == REL
    assert rec.blocks[2].locator == OTHER and rec.blocks[2].fork == ForkNumber.FSM
    assert rec.blocks[2].data == b"x" * 300


def test_same_rel_flag_saves_the_locator():
    one = record.encode_record(10, 0, b"", [record.BlockRef(0, REL, 0, 1)])
    two = record.encode_record(10, 0, b"", [record.BlockRef(0, REL, 0, 1), record.BlockRef(1, REL, 0, 2)])
    # The second block costs only its 4-byte header and 4-byte block number.
    assert len(two) - len(one) == 8


def test_long_main_data_uses_the_long_form():
    raw = record.encode_record(0, 0, b"z" * 1000)
    assert raw[record.RECORD_HEADER_SIZE] == record.XLR_BLOCK_ID_DATA_LONG
    assert record.decode_record(raw).main_data == b"z" * 1000


def test_crc_detects_every_single_byte_flip():
    raw = bytearray(record.encode_record(1, 0x20, b"commit!", [record.BlockRef(0, REL, 0, 3, None, b"d")], xid=7))
    for i in range(len(raw)):
        if record.CRC_OFFSET <= i < record.RECORD_HEADER_SIZE:
            continue    # the CRC itself
        raw[i] ^= 0x01
        assert not record.record_crc_ok(raw), i
        raw[i] ^= 0x01
    assert record.record_crc_ok(raw)


@hsettings(max_examples=60, deadline=None)
@given(main=st.binary(max_size=600), xid=st.integers(0, 2**32 - 1),
       datas=st.lists(st.binary(max_size=200), max_size=4), rmid=st.integers(0, 21),
       info=st.integers(0, 255))
def test_round_trip_property(main, xid, datas, rmid, info):
    blocks = [record.BlockRef(i, REL if i % 2 else OTHER, 0, i * 3, None, d) for i, d in enumerate(datas)]
    raw = record.encode_record(rmid, info, main, blocks, xid=xid, prev_lsn=12345)
    rec = record.decode_record(raw)
    assert record.record_crc_ok(raw)
    assert rec.main_data == main and rec.xid == xid and rec.rmid == rmid and rec.info == info
    assert [rec.blocks[i].data for i in range(len(datas))] == datas
