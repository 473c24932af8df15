# Proves the SLRU buffer manager (slru.py) on a test SLRU of 4 buffers: pages live in
# shared buffers until a dirty victim is written back (least recently used first, never
# the latest page), evicted pages are read back with their contents, a checkpoint writes
# every dirty page (segment files of 32 pages named %04X, whole 8 KB pages), truncation
# drops buffers and deletes whole segments before the cutoff, an I/O error is a PgError
# that leaves no slot stuck "in progress", an I/O that died half-way is recovered by the
# next waiter (invariant 4), concurrent processes reading and changing pages through 4
# buffers lose nothing, and the counters match pg_stat_slru's rows.
import os
import random

import pytest

from pgsnake.access.transam import commit_log, slru, subtrans
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError

from forking import run_in_children

TEST_LOG = slru.Slru("TestSLRU", "pg_test_slru", lambda: 4)   # its own embedded lock


def fill(pageno: int, value: int) -> None:
    with TEST_LOG.page_to_change(pageno) as page:
        page[:] = bytes([value]) * slru.PAGE_SIZE


def on_disk(pageno: int) -> bytes | None:
    path = TEST_LOG.segment_path(pageno // 32)
    if not os.path.exists(path):
        return None
    with open(path, "rb") as f:
        f.seek((pageno % 32) * slru.PAGE_SIZE)
        return f.read(slru.PAGE_SIZE)


def pages_in_buffers() -> set[int]:
    return {page for page, status, _, _ in TEST_LOG.buffer_states() if status != "empty"}


def test_eviction_writes_back_and_rereads(data_directory):
    for p in range(4):
        TEST_LOG.zero_page(p)
        fill(p, p + 1)
    assert pages_in_buffers() == {0, 1, 2, 3}
    assert TEST_LOG.counters()["blks_written"] == 0 and on_disk(0) is None
    TEST_LOG.read_bytes(0, 0, 1)            # page 0 recently used: page 1 is the LRU
    TEST_LOG.zero_page(4)                   # needs a victim: page 1, dirty, written first
    assert pages_in_buffers() == {0, 2, 3, 4}
    assert on_disk(1) == bytes([2]) * slru.PAGE_SIZE
    assert TEST_LOG.counters()["blks_written"] == 1
    reads = TEST_LOG.counters()["blks_read"]
    assert TEST_LOG.read_bytes(1, 100, 3) == bytes([2, 2, 2])      # read back in
    assert TEST_LOG.counters()["blks_read"] == reads + 1
    assert 1 in pages_in_buffers()


def test_latest_page_is_never_the_victim(data_directory):
    TEST_LOG.zero_page(50)                  # the latest page, never touched again
    for p in range(10):
        fill(p, p)
    assert 50 in pages_in_buffers()
    assert TEST_LOG.latest_page() == 50


def test_checkpoint_writes_every_dirty_page(data_directory):
    for p in (0, 1, 33):
        TEST_LOG.zero_page(p)
        fill(p, 7)
    flushes = TEST_LOG.counters()["flushes"]
    settings.set_value("fsync", "on", source="default", check_context=False)
    try:
        TEST_LOG.write_all()
    finally:
        settings.set_value("fsync", "off", source="default", check_context=False)
    assert all(not dirty for _, status, dirty, _ in TEST_LOG.buffer_states())
    assert sorted(os.listdir("pg_test_slru")) == ["0000", "0001"]
    assert os.path.getsize("pg_test_slru/0000") == 2 * slru.PAGE_SIZE
    assert on_disk(33) == bytes([7]) * slru.PAGE_SIZE
    assert TEST_LOG.counters()["flushes"] == flushes + 1
    # A clean page is not written again.
    written = TEST_LOG.counters()["blks_written"]
    TEST_LOG.write_all()
    assert TEST_LOG.counters()["blks_written"] == written


def test_truncate_drops_buffers_and_segments(data_directory):
    for p in (0, 31, 32, 64, 70):
        TEST_LOG.zero_page(p)
        fill(p, 1)
    TEST_LOG.write_all()
    fill(32, 9)                             # dirty, and about to be truncated away
    assert sorted(os.listdir("pg_test_slru")) == ["0000", "0001", "0002"]
    TEST_LOG.truncate(70)                   # cutoff rounds down to page 64's segment
    assert sorted(os.listdir("pg_test_slru")) == ["0002"]
    assert pages_in_buffers() <= {64, 70}
    assert TEST_LOG.counters()["truncates"] == 1
    # The latest page's segment is never removed, whatever the cutoff.
    TEST_LOG.truncate(1000)
    assert sorted(os.listdir("pg_test_slru")) == ["0002"]


def test_missing_or_short_file_reads_as_zeroes(data_directory):
    assert TEST_LOG.read_bytes(5, 0, 4) == bytes(4)            # no file at all
    os.makedirs("pg_test_slru", exist_ok=True)
    with open("pg_test_slru/0000", "wb") as f:                  # old pgsnake: short files
        f.write(b"\x01" * (6 * slru.PAGE_SIZE + 10))
    assert TEST_LOG.read_bytes(6, 0, 12) == b"\x01" * 10 + bytes(2)
    assert not TEST_LOG.page_exists(6) and TEST_LOG.page_exists(5)
    assert TEST_LOG.counters()["blks_exists"] == 2


def test_io_error_is_reported_and_leaves_no_stuck_slot(data_directory):
    with open("pg_test_slru", "w") as f:    # the directory is a plain file: ENOTDIR
        f.write("not a directory")
    with pytest.raises(PgError) as info:
        TEST_LOG.read_bytes(3, 0, 1, xid=12345)
    assert info.value.sqlstate == "42809"         # errcode_for_file_access(ENOTDIR)
    assert info.value.message == "could not access status of transaction 12345"
    assert info.value.detail.startswith('Could not open file "pg_test_slru/0000": ')
    assert all(status in ("empty", "valid") for _, status, _, _ in TEST_LOG.buffer_states())
    TEST_LOG.zero_page(3)
    fill(3, 5)
    with pytest.raises(PgError) as info:
        TEST_LOG.write_all()
    assert info.value.detail.startswith('Could not open file "pg_test_slru/0000"')
    assert [(p, d) for p, _, d, _ in TEST_LOG.buffer_states() if p == 3] == [(3, True)]
    os.unlink("pg_test_slru")               # repaired: the page is still there, dirty
    TEST_LOG.write_all()
    assert on_disk(3) == bytes([5]) * slru.PAGE_SIZE


def test_an_io_that_died_is_recovered_by_the_next_waiter(data_directory):
    TEST_LOG.zero_page(2)
    fill(2, 4)
    slot = [p for p, _, _, _ in TEST_LOG.buffer_states()].index(2)
    # As if a process had started writing the page and vanished without cleaning up:
    # the slot says "write in progress" but nobody holds its I/O lock.
    TEST_LOG._status[slot] = slru.WRITE_IN_PROGRESS
    TEST_LOG._dirty[slot] = 0
    TEST_LOG.write_all()                     # waits (rule 4), repairs, then writes
    assert on_disk(2) == bytes([4]) * slru.PAGE_SIZE
    assert TEST_LOG.buffer_states()[slot][1:3] == ("valid", False)


def _reader(seed, pages, rounds):
    rng = random.Random(seed)
    for _ in range(rounds):
        p = rng.randrange(pages)
        data = TEST_LOG.read_bytes(p, 0, slru.PAGE_SIZE)
        if data != bytes([p + 1]) * slru.PAGE_SIZE:
            return f"page {p} read wrong: {data[:8]!r}"
    return "ok"


def _changer(worker, workers, pages, rounds):
    for r in range(rounds):
        for p in range(pages):
            with TEST_LOG.page_to_change(p) as page:
                offset = 4 * (r * workers + worker)
                page[offset:offset + 4] = (r * workers + worker).to_bytes(4, "little")
    return "ok"


def test_concurrent_processes_through_four_buffers(data_directory):
    pages = 12
    for p in range(pages):
        TEST_LOG.zero_page(p)
        fill(p, p + 1)
    TEST_LOG.write_all()
    # Readers only: the same pages read in concurrently into 4 buffers (rule 2: one
    # buffer per page; readers of a page being read in wait for it).
    assert run_in_children(_reader, [(s, pages, 300) for s in range(4)]) == ["ok"] * 4
    # Changers: each writes its own 4-byte cells on every page, through constant
    # eviction; nothing any process wrote is lost.
    workers, rounds = 3, 20
    assert run_in_children(_changer, [(w, workers, pages, rounds)
                                      for w in range(workers)]) == ["ok"] * workers
    counters = TEST_LOG.counters()
    assert counters["blks_read"] > pages and counters["blks_written"] > pages
    for p in range(pages):
        data = TEST_LOG.read_bytes(p, 0, 4 * workers * rounds)
        cells = [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]
        assert cells == list(range(workers * rounds)), p


def test_statistics_rows_are_pg_stat_slru(data_directory):
    slru.reset_statistics()
    commit_log.set_status(10, "committed")
    commit_log.xid_status(11)
    subtrans.extend(2048)                   # first xid of pg_subtrans page 1
    rows = slru.statistics()
    assert [r.name for r in rows] == ["CommitTs", "MultiXactMember", "MultiXactOffset",
                                      "Notify", "Serial", "Subtrans", "Xact", "other"]
    by_name = {r.name: r for r in rows}
    assert by_name["Xact"].blks_read == 1 and by_name["Xact"].blks_hit == 1
    assert by_name["Subtrans"].blks_zeroed == 1
    assert by_name["Notify"].blks_hit == 0 and by_name["Notify"].stats_reset > 0
    slru.reset_statistics("Xact")
    assert {r.name: r.blks_read for r in slru.statistics()}["Xact"] == 0
