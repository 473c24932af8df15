# Proves the buffer manager's data-checksum rules (storage/buffer/README.md rule 10):
# with data_checksums on, every page written carries PostgreSQL's checksum (set on a copy,
# the shared page untouched) and every page read is verified: a mismatch is a WARNING with
# the calculated and stored values, then XX001 "invalid page in block B of relation ...",
# leaving no pin and no valid buffer behind; ignore_checksum_failure uses the page after
# the WARNING (but not one whose header is damaged); zero_damaged_pages zeroes it; an
# all-zero page is valid; with checksums off nothing is compared. The first hint-bit
# change after a checkpoint logs an XLOG_FPI_FOR_HINT image (checksums or wal_log_hints),
# later ones and the no-checksum path log nothing, recovery never logs; and redo of an
# image record rebuilds a torn page without reading it.
import struct

import pytest

from pgsnake.access.transam.wal import wal, xlog_records
from pgsnake.access.transam.wal.record import DecodedBlock, DecodedRecord
from pgsnake.storage.buffer import buffer_descriptors as bd
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.page.checksum import page_checksum
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils import notices, settings
from pgsnake.utils.errors import PgError

LOC = RelFileLocator(1663, 5, 16384)
MAIN = ForkNumber.MAIN
PATH = "base/5/16384"
BLCKSZ = 8192


def set_setting(name: str, value: str) -> None:
    settings.set_value(name, value, source="default", check_context=False)


@pytest.fixture
def checksums_on():
    set_setting("data_checksums", "on")
    notices.drain()
    yield
    notices.drain()


def make_relation(nblocks: int) -> None:
    smgr.create(LOC, MAIN)
    for b in range(nblocks):
        buf, blockno = bufmgr.extend_relation(LOC, MAIN)
        page = bufmgr.page(buf)
        pl.init_page(page)
        pl.add_item(page, b"block %05d" % b)
        bufmgr.mark_dirty(buf)
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def written_to_disk() -> None:
    """Flush every page and forget the buffers, so the next read comes from the file."""
    bufmgr.flush_all_buffers()
    bufmgr.drop_relation_buffers(LOC)


def file_page(blockno: int) -> bytes:
    with open(PATH, "rb") as fh:
        fh.seek(blockno * BLCKSZ)
        return fh.read(BLCKSZ)


def patch_file(offset: int, data: bytes) -> None:
    with open(PATH, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def flip_byte(blockno: int, offset_in_page: int) -> None:
    old = file_page(blockno)[offset_in_page]
    patch_file(blockno * BLCKSZ + offset_in_page, bytes([old ^ 0x5A]))


def read_label(blockno: int) -> bytes:
    buf = bufmgr.read_buffer(LOC, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    label = bytes(pl.get_item(bufmgr.page(buf), 1))
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    return label


def stored_checksum(page) -> int:
    return struct.unpack_from("<H", page, 8)[0]


def test_pages_written_with_checksums_on_carry_postgresqls_checksum(buffer_pool, checksums_on):
    make_relation(3)
    bufmgr.flush_all_buffers()
    for blockno in range(3):
        page = file_page(blockno)
        assert stored_checksum(page) == page_checksum(page, blockno) != 0
    # Stamped on a copy: the shared page keeps what the page code put there.
    buf = bufmgr.read_buffer(LOC, MAIN, 1)
    assert stored_checksum(bufmgr.page(buf)) == 0
    bufmgr.release_buffer(buf)


def test_pages_written_with_checksums_off_carry_none(buffer_pool):
    set_setting("data_checksums", "off")
    make_relation(2)
    bufmgr.flush_all_buffers()
    assert [stored_checksum(file_page(b)) for b in range(2)] == [0, 0]


def test_a_corrupted_page_warns_then_fails_with_xx001(buffer_pool, checksums_on):
    make_relation(3)
    written_to_disk()
    flip_byte(1, 4000)                       # free space: the row itself is intact
    damaged = file_page(1)
    for _attempt in range(2):                # nothing is cached: the second read checks again
        with pytest.raises(PgError) as failure:
            read_label(1)
        assert failure.value.sqlstate == "XX001"
        assert failure.value.message == f"invalid page in block 1 of relation {PATH}"
        (warning,) = notices.drain()
        assert (warning.severity, warning.sqlstate) == ("WARNING", "XX001")
        assert warning.message == (f"page verification failed, calculated checksum "
                                   f"{page_checksum(damaged, 1)} but expected "
                                   f"{stored_checksum(damaged)}")
        assert bufmgr.pinned_buffers() == {}
    assert read_label(0) == b"block 00000" and read_label(2) == b"block 00002"
    assert notices.drain() == []


def test_a_page_written_at_the_wrong_block_fails(buffer_pool, checksums_on):
    make_relation(2)
    written_to_disk()
    patch_file(0, file_page(1))              # block 1's bytes, valid in themselves, at block 0
    with pytest.raises(PgError, match="invalid page in block 0 of relation"):
        read_label(0)


def test_ignore_checksum_failure_uses_the_page_after_the_warning(buffer_pool, checksums_on):
    make_relation(2)
    written_to_disk()
    flip_byte(1, 4000)
    set_setting("ignore_checksum_failure", "on")
    assert read_label(1) == b"block 00001"
    (warning,) = notices.drain()
    assert warning.severity == "WARNING" and "page verification failed" in warning.message
    assert read_label(1) == b"block 00001"   # now in the pool: not checked again
    assert notices.drain() == []


def test_ignore_checksum_failure_does_not_admit_a_damaged_header(buffer_pool, checksums_on):
    make_relation(2)
    written_to_disk()
    patch_file(BLCKSZ + 12, struct.pack("<H", 9000))   # pd_lower beyond pd_upper
    set_setting("ignore_checksum_failure", "on")
    with pytest.raises(PgError, match="invalid page in block 1 of relation base/5/16384"):
        read_label(1)
    assert [w.message.split(",")[0] for w in notices.drain()] == ["page verification failed"]


def test_zero_damaged_pages_zeroes_the_page(buffer_pool, checksums_on):
    make_relation(2)
    written_to_disk()
    flip_byte(1, 4000)
    set_setting("zero_damaged_pages", "on")
    buf = bufmgr.read_buffer(LOC, MAIN, 1)
    assert bytes(bufmgr.page(buf)) == bytes(BLCKSZ)
    bufmgr.release_buffer(buf)
    messages = [w.message for w in notices.drain()]
    assert messages[1:] == [f"invalid page in block 1 of relation {PATH}; zeroing out page"]


def test_an_all_zero_page_is_valid(buffer_pool, checksums_on):
    make_relation(1)
    buf, blockno = bufmgr.extend_relation(LOC, MAIN)   # on disk: a zero page, never written
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    bufmgr.drop_relation_buffers(LOC)
    buf = bufmgr.read_buffer(LOC, MAIN, blockno)
    assert pl.is_new(bufmgr.page(buf))
    bufmgr.release_buffer(buf)
    assert notices.drain() == []


def test_without_checksums_a_changed_byte_is_not_noticed(buffer_pool):
    set_setting("data_checksums", "off")
    make_relation(2)
    written_to_disk()
    flip_byte(1, 4000)
    assert read_label(1) == b"block 00001"
    assert notices.drain() == []


# ---- hint bits ---------------------------------------------------------------------------

def hinted_buffer(blockno: int) -> int:
    """The block's buffer, pinned and SHARE-locked, as a scan that sets hints has it."""
    buf = bufmgr.read_buffer(LOC, MAIN, blockno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    return buf


def release(buf: int) -> None:
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)


def is_dirty(buf: int) -> bool:
    return bool(bd.load_state(buf) & bd.DIRTY)


@pytest.fixture
def after_a_checkpoint(monkeypatch):
    """Clean pages on disk whose LSN (0) is before the redo pointer; the fake WAL's
    records (from 0x1000000 on) are after it."""
    monkeypatch.setattr(wal, "redo_pointer", lambda: 0x800000)
    monkeypatch.setattr(wal, "in_recovery", lambda: False)


def test_first_hint_after_a_checkpoint_logs_a_page_image(buffer_pool, checksums_on,
                                                         after_a_checkpoint):
    make_relation(2)
    written_to_disk()
    buf = hinted_buffer(1)
    image_before = bytes(bufmgr.page(buf))
    bufmgr.mark_dirty_hint(buf)
    (record,) = buffer_pool.records
    assert (record.rmid, record.info, record.main_data) == (int(wal.RmgrId.XLOG),
                                                             xlog_records.XLOG_FPI_FOR_HINT, b"")
    (block,) = record.blocks
    assert block[:4] == (0, LOC, MAIN, 1) and block[4] == image_before
    assert pl.get_lsn(bufmgr.page(buf)) == record.end_lsn and is_dirty(buf)
    bufmgr.mark_dirty_hint(buf)              # already dirty: nothing more to log
    assert len(buffer_pool.records) == 1
    release(buf)
    # Written, clean again, but its LSN is now after the redo pointer: no image needed.
    bufmgr.flush_all_buffers()
    buf = hinted_buffer(1)
    assert not is_dirty(buf)
    bufmgr.mark_dirty_hint(buf)
    assert len(buffer_pool.records) == 1 and is_dirty(buf)
    release(buf)


def test_without_checksums_hints_log_nothing(buffer_pool, after_a_checkpoint):
    set_setting("data_checksums", "off")
    make_relation(1)
    written_to_disk()
    buf = hinted_buffer(0)
    bufmgr.mark_dirty_hint(buf)
    assert buffer_pool.records == [] and is_dirty(buf)
    assert pl.get_lsn(bufmgr.page(buf)) == 0
    release(buf)


def test_wal_log_hints_logs_images_without_checksums(buffer_pool, after_a_checkpoint):
    set_setting("data_checksums", "off")
    set_setting("wal_log_hints", "on")
    make_relation(1)
    written_to_disk()
    buf = hinted_buffer(0)
    bufmgr.mark_dirty_hint(buf)
    assert [r.info for r in buffer_pool.records] == [xlog_records.XLOG_FPI_FOR_HINT]
    release(buf)


def test_during_recovery_a_hint_neither_logs_nor_dirties(buffer_pool, checksums_on, monkeypatch):
    monkeypatch.setattr(wal, "redo_pointer", lambda: 0x800000)
    monkeypatch.setattr(wal, "in_recovery", lambda: True)
    make_relation(1)
    written_to_disk()
    buf = hinted_buffer(0)
    bufmgr.mark_dirty_hint(buf)
    assert buffer_pool.records == [] and not is_dirty(buf)
    release(buf)


def image_record(info: int, image: bytes | None, blockno: int = 1) -> DecodedRecord:
    block = DecodedBlock(0, LOC, MAIN, blockno, image, b"", False)
    return DecodedRecord(0x6000000, 0x6002000, 0, int(wal.RmgrId.XLOG), info, b"", {0: block}, 0)


def test_redo_of_a_hint_image_repairs_a_torn_page_without_reading_it(buffer_pool, checksums_on):
    make_relation(2)
    written_to_disk()
    good = file_page(1)
    # A torn write: the first half of the page is old, the second half new.
    patch_file(BLCKSZ + BLCKSZ // 2, bytes(range(256)) * 16)
    with pytest.raises(PgError, match="invalid page in block 1"):
        read_label(1)
    notices.drain()
    xlog_records.redo(image_record(xlog_records.XLOG_FPI_FOR_HINT, good))
    assert notices.drain() == []
    assert read_label(1) == b"block 00001"
    buf = bufmgr.read_buffer(LOC, MAIN, 1)
    assert pl.get_lsn(bufmgr.page(buf)) == 0x6002000
    bufmgr.release_buffer(buf)
    bufmgr.flush_all_buffers()
    repaired = file_page(1)
    assert stored_checksum(repaired) == page_checksum(repaired, 1)


def test_image_records_without_an_image(buffer_pool, checksums_on):
    make_relation(2)
    written_to_disk()
    # An FPI_FOR_HINT logged while full_page_writes was off: nothing to restore.
    xlog_records.redo(image_record(xlog_records.XLOG_FPI_FOR_HINT, None))
    assert bufmgr.pinned_buffers() == {}
    with pytest.raises(PgError, match="XLOG_FPI record did not contain a full-page image"):
        xlog_records.redo(image_record(xlog_records.XLOG_FPI, None))
