# Proves the hash index's own WAL records (wal_records.py) with the real WAL, buffer
# manager and recovery: after inserts that split buckets (with and without overflow
# chains), add and reuse overflow pages, and a VACUUM that deletes, squeezes chains and
# frees overflow pages, a crash that loses every shared buffer and the replay of the WAL
# rebuild every index page byte for byte (LSNs included), with or without a checkpoint
# in the middle (full-page images on the first change after it); the records carry
# PostgreSQL's names, and PostgreSQL 15's pg_waldump reads and describes them as
# pgsnake's waldump does; the same work logged as full-page images (the old way) takes
# several times the WAL. The shared shape is tests/index_wal_support.py's RedoCase.
from __future__ import annotations

import pytest

from index_wal_support import (RedoCase, page_images, redo_rebuilds_pages,
                               wal_bytes_own_and_images, waldump_lines)
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.hash import access_method as am
from pgsnake.access.hash import wal_records
from pgsnake.access.transam.wal import wal
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator

REPEATED = 42


def _new_index(oid: int = 16500):
    columns = TupleDescriptor((Attribute(1, "a", 23, typlen=4, typbyval=True, typalign="i"),))
    heap = Relation(oid - 1, f"t_{oid}", 2200, "r", RelFileLocator(1663, 5, oid - 1), columns)
    smgr.create(heap.locator, ForkNumber.MAIN)
    description = IndexDescription(heap_oid=heap.oid, key_count=1, fillfactor=75,
                                   access_method=am.HASH_ACCESS_METHOD)
    index = Relation(oid, f"hash_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     columns, index=description)
    am.create_storage(index)
    am.build(index, heap, [], heap_stats=(0, 0.0))
    return index


class _Rows:
    """Inserts with distinct heap TIDs; remembers which TID holds which value."""

    def __init__(self, index):
        self.index, self.values, self.next = index, {}, 0

    def insert(self, value):
        tid = (self.next // 200, self.next % 200 + 1)
        self.next += 1
        am.insert(self.index, [value], tid)
        self.values[tid] = value


def _workload(index, mid_checkpoint=None) -> _Rows:
    rows = _Rows(index)
    for key in range(1500):                    # bucket splits, new split points
        rows.insert(key)
    for _ in range(1000):                      # one bucket's chain of overflow pages
        rows.insert(REPEATED)
    if mid_checkpoint:
        mid_checkpoint()
    dead = {tid for n, tid in enumerate(rows.values)
            if (rows.values[tid] == REPEATED and n % 10) or n % 3 == 0}
    am.bulk_delete(index, lambda tid: tid in dead)     # DELETE, squeeze, UPDATE_META_PAGE
    for tid in dead:
        del rows.values[tid]
    for _ in range(500):                       # reuses the freed overflow pages
        rows.insert(REPEATED)
    for key in range(1500, 2400):              # splits buckets that have chains
        rows.insert(key)
    return rows


def _check_answers(index, rows: _Rows) -> None:
    for value in (0, 7, 1499, 1500, 2399, REPEATED):
        expected = sorted(tid for tid, v in rows.values.items() if v == value)
        assert sorted(am.scan(index, value)) == expected, value


CASE = RedoCase(_new_index, _workload, wal.RmgrId.HASH, wal_records.identify, "Hash")


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch, with_checkpoint):
    index, rows, names, start = redo_rebuilds_pages(CASE, monkeypatch, with_checkpoint)
    assert set(names) >= {"INSERT", "ADD_OVFL_PAGE", "SPLIT_ALLOCATE_PAGE", "SPLIT_PAGE",
                          "SPLIT_COMPLETE", "DELETE", "SPLIT_CLEANUP", "SQUEEZE_PAGE",
                          "UPDATE_META_PAGE"}, names
    assert am.read_meta(index).nmaps >= 1 and len(page_images(index)) > 10
    _check_answers(index, rows)


def test_changes_are_logged_only_as_hash_records(wal_cluster):
    """Apart from the build's images and the log_newpage of a new split point's last
    block (as PostgreSQL's _hash_alloc_buckets), no change falls back to an image."""
    index = _new_index()
    start = wal.insert_lsn()
    _workload(index)
    wal.flush(wal.insert_lsn())
    fpi_blocks = [rec.blocks[0].blockno for rec in wal.read_records(start)
                  if rec.rmid == wal.RmgrId.XLOG and rec.info & 0xF0 == 0xB0]
    meta = am.read_meta(index)
    assert len(fpi_blocks) == meta.ovflpoint - 1, fpi_blocks   # one per new split point


def test_wal_volume_is_lower_than_with_page_images(wal_cluster, monkeypatch):
    own_records, page_images_bytes = wal_bytes_own_and_images(CASE, monkeypatch)
    assert own_records * 4 < page_images_bytes, (own_records, page_images_bytes)


def test_postgresql_waldump_describes_hash_records(wal_cluster):
    ours, theirs = waldump_lines(CASE)
    assert len(ours) > 3000
    assert theirs == ours
