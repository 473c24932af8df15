# Proves the hash index's own WAL records (wal_records.py) with the real WAL, buffer
# manager and recovery: after inserts that split buckets (with and without overflow
# chains), add and reuse overflow pages, and a VACUUM that deletes, squeezes chains and
# frees overflow pages, a crash that loses every shared buffer and the replay of the WAL
# rebuild every index page byte for byte (LSNs included), with or without a checkpoint
# in the middle (full-page images on the first change after it); the records carry
# PostgreSQL's names, and PostgreSQL 15's pg_waldump reads and describes them as
# pgsnake's waldump does; the same work logged as full-page images (the old way) takes
# several times the WAL.
from __future__ import annotations

import os
import re
import subprocess

import pytest

from index_wal_support import crash_and_recover, page_images
from pgsnake.access.common.index_page_set import PageSet as CommonPageSet
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.hash import access_method as am
from pgsnake.access.hash import wal_records
from pgsnake.access.transam import checkpoint
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator

PG_WALDUMP = "/usr/lib/postgresql/15/bin/pg_waldump"
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


def _hash_record_names(start: int) -> list[str]:
    wal.flush(wal.insert_lsn())
    return [wal_records.identify(rec.info) for rec in wal.read_records(start)
            if rec.rmid == wal.RmgrId.HASH]


def _check_answers(index, rows: _Rows) -> None:
    for value in (0, 7, 1499, 1500, 2399, REPEATED):
        expected = sorted(tid for tid, v in rows.values.items() if v == value)
        assert sorted(am.scan(index, value)) == expected, value


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch, with_checkpoint):
    index = _new_index()
    start = wal.insert_lsn()
    rows = _workload(index, checkpoint.create_checkpoint if with_checkpoint else None)
    names = set(_hash_record_names(start))
    assert names >= {"INSERT", "ADD_OVFL_PAGE", "SPLIT_ALLOCATE_PAGE", "SPLIT_PAGE",
                     "SPLIT_COMPLETE", "DELETE", "SPLIT_CLEANUP", "SQUEEZE_PAGE",
                     "UPDATE_META_PAGE"}, names
    before = page_images(index)
    assert am.read_meta(index).nmaps >= 1 and len(before) > 10
    crash_and_recover(monkeypatch)
    after = page_images(index)
    assert len(after) == len(before)
    for blkno, (old, new) in enumerate(zip(before, after)):
        assert old == new, f"block {blkno} differs after redo"
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
    index = _new_index(16500)
    start = wal.insert_lsn()
    _workload(index)
    own_records = wal.insert_lsn() - start
    # The old way: no step is described, so every changed page goes out as an image.
    monkeypatch.setattr(CommonPageSet, "log_step", lambda self, *args: None)
    index = _new_index(16600)
    start = wal.insert_lsn()
    _workload(index)
    page_images_bytes = wal.insert_lsn() - start
    assert own_records * 4 < page_images_bytes, (own_records, page_images_bytes)


def test_postgresql_waldump_describes_hash_records(wal_cluster):
    if not os.access(PG_WALDUMP, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    index = _new_index()
    start = wal.insert_lsn()
    _workload(index)
    wal.flush(wal.insert_lsn())
    ours = _hash_lines("\n".join(waldump.dump(start)))
    theirs = _hash_lines(subprocess.run(
        [PG_WALDUMP, "-p", "pg_wal", "-s", wal.format_lsn(start), "-r", "Hash"],
        capture_output=True, text=True, timeout=120).stdout)
    assert len(ours) > 3000
    assert theirs == ours


def _hash_lines(text: str) -> list[str]:
    # Compared without lengths: pgsnake keeps the hole of full-page images.
    return [re.sub(r"len \(rec/tot\):\s+\d+/\s*\d+, ", "", line)
            for line in text.splitlines() if line.startswith("rmgr: Hash")]
