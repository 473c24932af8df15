# heap_multi_insert (access/heap/heap_multi_insert.py): a batch lands on exactly the pages
# and offsets the same rows get from heap_insert one by one (the page bytes are the same
# but for the LSN), one XLOG_HEAP2_MULTI_INSERT record per page (+INIT for fresh pages,
# LAST_IN_MULTI on the last), and redo from those records rebuilds identical pages,
# twice (idempotent).
from pgsnake.access.heap import heap_multi_insert, heap_wal, heapam
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr

from access.heap.test_heapam import _page_images, relation

ROWS = [[i, "v" * (i % 97) if i % 11 else None] for i in range(700)]


def _without_lsns(images: bytes) -> bytes:
    data = bytearray(images)
    for start in range(0, len(data), 8192):
        pl.set_lsn(memoryview(data)[start:start + 8192], 0)
    return bytes(data)


def _storage(rel, buffer_pool, monkeypatch):
    from pgsnake.access.transam import smgr_records
    monkeypatch.setattr(smgr_records, "log_create", lambda loc, fork=0: buffer_pool.insert_record(
        2, 0x10, b"create", []))
    heapam.heap_create_storage(rel)


def test_batch_pages_equal_single_inserts_and_redo(buffer_pool, transactions, monkeypatch):
    single, batch = relation(16384), relation(16385)
    _storage(single, buffer_pool, monkeypatch)
    _storage(batch, buffer_pool, monkeypatch)
    single_tids = [heapam.heap_insert(single, row) for row in ROWS]
    first = len(buffer_pool.records)
    tids = heap_multi_insert.heap_multi_insert(batch, ROWS[:300])
    tids += heap_multi_insert.heap_multi_insert(batch, ROWS[300:])
    assert tids == single_tids
    assert _without_lsns(_page_images(batch)) == _without_lsns(_page_images(single))

    records = [r for r in buffer_pool.records[first:] if r.rmid == wal.RmgrId.HEAP2]
    assert not [r for r in buffer_pool.records[first:] if r.rmid == wal.RmgrId.HEAP]
    pages = len({blockno for blockno, _ in tids})
    inits = [r for r in records if r.info & heap_wal.XLOG_HEAP_INIT_PAGE]
    assert len(inits) == pages and len(records) == pages + 1     # one page shared by both
    texts = [heap_multi_insert.describe(r.decoded()) for r in records]
    assert texts[0].startswith("MULTI_INSERT+INIT ") and texts[0].endswith("flags 0x00")
    assert texts[-1].endswith("flags 0x02")                  # the batch's last: LAST_IN_MULTI
    assert sum(int(t.split()[1]) for t in texts) == len(ROWS)

    original = _page_images(batch)
    bufmgr.drop_relation_buffers(batch.locator)
    smgr.unlink(batch.locator)
    for _ in range(2):
        for record in records:
            heap_wal.redo_heap2(record.decoded())
        assert _page_images(batch) == original
