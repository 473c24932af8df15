# Proves WAL written through the shared buffer ring reads back exactly: records that cross
# page and segment boundaries (with contrecord page headers), a ring much smaller than the
# WAL written, full-page images exactly when the page LSN <= redo pointer, and that the
# reader stops cleanly at a torn or zeroed tail.
import os
import struct

from pgsnake.access.transam.wal import lsn, page_header, reader, wal
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils import settings

from conftest import SEGMENT_SIZE

NOOP = 0x20
REL = RelFileLocator(1663, 5, 16384)


def _write(count, size_of):
    ends = []
    for i in range(count):
        ends.append(wal.insert_record(wal.RmgrId.XLOG, NOOP, bytes([i % 251]) * size_of(i)))
    wal.flush(ends[-1])
    return ends


def test_first_checkpoint_is_where_postgresql_puts_it(cluster):
    recs = list(wal.read_records(SEGMENT_SIZE))
    assert len(recs) == 1
    assert recs[0].lsn == SEGMENT_SIZE + page_header.LONG_HEADER_SIZE   # 0/100028 for 1 MB segments
    assert os.listdir("pg_wal") == ["000000010000000000000001"]
    assert os.path.getsize("pg_wal/000000010000000000000001") == SEGMENT_SIZE


def test_records_cross_pages_and_segments(cluster):
    start = wal.insert_lsn()
    ends = _write(400, lambda i: (i * 997) % 12000)       # many span 2-3 pages
    assert wal.insert_lsn() > 2 * SEGMENT_SIZE             # crossed into segment 2 and 3
    recs = list(wal.read_records(start))
    assert [r.end_lsn for r in recs] == ends
    for i, r in enumerate(recs):
        assert r.main_data == bytes([i % 251]) * ((i * 997) % 12000)
        assert r.lsn % 8 == 0
    # xl_prev links form a chain.
    assert all(b.prev_lsn == a.lsn for a, b in zip(recs, recs[1:]))
    # Each segment's first page has a long header with our system identifier.
    with open("pg_wal/000000010000000000000002", "rb") as fh:
        header = page_header.decode_page_header(fh.read(64))
    assert header.is_long and header.system_identifier == xc.load("system_identifier")
    assert header.page_address == 2 * SEGMENT_SIZE


def test_a_page_in_the_middle_of_a_record_says_contrecord(cluster):
    start = wal.insert_lsn()
    end = wal.insert_record(wal.RmgrId.XLOG, NOOP, b"q" * 20000)
    wal.flush(end)
    next_page = lsn.page_start(start) + lsn.WAL_PAGE_SIZE
    with open(lsn.segment_path(1, lsn.segment_number(next_page)), "rb") as fh:
        fh.seek(lsn.segment_offset(next_page))
        header = page_header.decode_page_header(fh.read(24))
    assert header.info & page_header.XLP_FIRST_IS_CONTRECORD
    assert header.remaining_length > 0


def test_ring_smaller_than_the_wal(cluster):
    assert settings.get("wal_buffers") == 8                 # 64 kB of buffers
    start = wal.insert_lsn()
    ends = _write(100, lambda i: 6000)                      # ~600 kB without flushing between
    recs = list(wal.read_records(start))
    assert len(recs) == 100 and recs[-1].end_lsn == ends[-1]


def test_full_page_image_only_for_first_change_after_redo_pointer(cluster):
    page = bytearray(8192)
    redo = wal.redo_pointer()
    struct.pack_into("<II", page, 0, redo >> 32, redo & 0xFFFFFFFF)       # page LSN == redo
    block = wal.BlockRef(0, REL, 0, 3, memoryview(page), b"change")
    first = wal.insert_record(wal.RmgrId.HEAP, 0x00, b"m", [block], xid=5)
    struct.pack_into("<II", page, 0, first >> 32, first & 0xFFFFFFFF)     # caller sets page LSN
    second = wal.insert_record(wal.RmgrId.HEAP, 0x00, b"m", [block], xid=5)
    init = wal.insert_record(wal.RmgrId.HEAP, 0x00, b"m",
                             [wal.BlockRef(0, REL, 0, 4, memoryview(bytearray(8192)), b"", True)])
    settings.set_value("full_page_writes", "off", source="default", check_context=False)
    no_fpw = wal.insert_record(wal.RmgrId.HEAP, 0x00, b"m",
                               [wal.BlockRef(0, REL, 0, 5, memoryview(bytearray(8192)))])
    settings.set_value("full_page_writes", "on", source="default", check_context=False)
    wal.flush(no_fpw)
    recs = {r.end_lsn: r for r in wal.read_records(SEGMENT_SIZE)}
    assert recs[first].blocks[0].image is not None and recs[first].blocks[0].data == b"change"
    assert recs[second].blocks[0].image is None
    assert recs[init].blocks[0].image is None and recs[init].blocks[0].will_init
    assert recs[no_fpw].blocks[0].image is None


def test_reader_stops_at_a_torn_record(cluster):
    start = wal.insert_lsn()
    ends = _write(20, lambda i: 3000)
    recs = list(wal.read_records(start))
    last = recs[-1]
    # Tear the last record: flip a byte in its middle, as a partial write would leave.
    position = last.lsn + 1500
    with open(lsn.segment_path(1, lsn.segment_number(position)), "r+b") as fh:
        fh.seek(lsn.segment_offset(position))
        byte = fh.read(1)
        fh.seek(lsn.segment_offset(position))
        fh.write(bytes([byte[0] ^ 0xFF]))
    r = reader.WalReader(start)
    got = list(r)
    assert len(got) == 19 and r.end_of_wal == ends[-2]
    assert "checksum" in r.end_reason


def test_reader_stops_at_zeroes(cluster):
    start = wal.insert_lsn()
    _write(5, lambda i: 100)
    r = reader.WalReader(start)
    assert len(list(r)) == 5
    assert r.end_of_wal == wal.insert_lsn()
    assert "invalid record length" in r.end_reason


def test_flush_is_a_no_op_when_already_durable(cluster):
    from pgsnake.access.transam.wal import flush
    end = wal.insert_record(wal.RmgrId.XLOG, NOOP, b"x")
    wal.flush(end)
    before = dict(flush.statistics)
    wal.flush(end)
    wal.flush(end - 8)
    assert flush.statistics == before
    assert wal.flushed_lsn() >= end
