# Proves the GIN index's own WAL records (wal_records.py) with the real WAL, buffer
# manager and recovery: after inserts that split entry leaves and the root (INSERT on
# leaves and, with the children it finishes, on the root; SPLIT) and grow a posting
# tree, and a VACUUM (VACUUM_PAGE) and its cleanup (UPDATE_META_PAGE), a crash that
# loses every shared buffer and the replay of the WAL rebuild every page byte for byte,
# with or without a checkpoint in the middle; PostgreSQL 15's pg_waldump reads and
# describes the records as pgsnake's waldump does; the same work logged as page images
# takes several times the WAL.
from __future__ import annotations

import os
import re
import subprocess

import pytest

from index_wal_support import crash_and_recover, page_images
from pgsnake.access.common.index_page_set import PageSet as CommonPageSet
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.gin import access_method as gin
from pgsnake.access.gin import wal_records
from pgsnake.access.transam import checkpoint
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.smgr.relation_path import RelFileLocator

PG_WALDUMP = "/usr/lib/postgresql/15/bin/pg_waldump"
OVERLAP, CONTAINS = 1, 2


def _index(oid: int = 16500):
    description = IndexDescription(heap_oid=16384, key_count=1, access_method=2742,
                                   opclass_names=("array_ops",), column_texts=("a",))
    index = Relation(oid, f"gin_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     TupleDescriptor((Attribute(1, "a", 23, typlen=4, typbyval=True,
                                                typalign="i"),)), index=description)
    gin.create_storage(index)
    gin.build(index, None, [])
    return index


def _workload(index, mid_checkpoint=None) -> dict:
    rows = {}
    for i in range(1200):
        tid = (i // 100, i % 100 + 1)
        rows[tid] = [0, 1000 + i % 50, 5000 + 3 * i, 5001 + 3 * i, 5002 + 3 * i]
        gin.insert(index, [rows[tid]], tid)
        if i == 600 and mid_checkpoint:
            mid_checkpoint()
    dead = {tid for n, tid in enumerate(rows) if n % 3 == 0}
    result = gin.bulk_delete(index, lambda tid: tid in dead)
    gin.vacuum_cleanup(index, len(rows), result)
    for tid in dead:
        del rows[tid]
    return rows


def _names(start: int) -> set:
    wal.flush(wal.insert_lsn())
    return {wal_records.identify(r.info) for r in wal.read_records(start)
            if r.rmid == wal.RmgrId.GIN}


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch, with_checkpoint):
    index = _index()
    start = wal.insert_lsn()
    rows = _workload(index, checkpoint.create_checkpoint if with_checkpoint else None)
    assert _names(start) == {"INSERT", "SPLIT", "VACUUM_PAGE", "UPDATE_META_PAGE"}
    before = page_images(index)
    crash_and_recover(monkeypatch)
    after = page_images(index)
    assert len(after) == len(before)
    for blkno, (old, new) in enumerate(zip(before, after)):
        assert old == new, f"block {blkno} differs after redo"
    for query in ([0], [1007], [5000 + 3 * 601], [9999]):
        found, _recheck = gin.bitmap_scan(index, [(CONTAINS, query)])
        assert {tuple(t) for t in found} == {tid for tid, v in rows.items()
                                             if set(query) <= set(v)}, query


def test_wal_volume_is_lower_than_with_page_images(wal_cluster, monkeypatch):
    index = _index(16500)
    start = wal.insert_lsn()
    _workload(index)
    own_records = wal.insert_lsn() - start
    # The old way: no step is described, so every changed page goes out as an image.
    monkeypatch.setattr(CommonPageSet, "log_step", lambda self, *args, **kw: None)
    index = _index(16600)
    start = wal.insert_lsn()
    _workload(index)
    page_images_bytes = wal.insert_lsn() - start
    assert own_records * 2 < page_images_bytes, (own_records, page_images_bytes)


def test_postgresql_waldump_describes_gin_records(wal_cluster):
    if not os.access(PG_WALDUMP, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    index = _index()
    start = wal.insert_lsn()
    _workload(index)
    wal.flush(wal.insert_lsn())
    ours = _gin_lines("\n".join(waldump.dump(start)))
    theirs = _gin_lines(subprocess.run(
        [PG_WALDUMP, "-p", "pg_wal", "-s", wal.format_lsn(start), "-r", "Gin"],
        capture_output=True, text=True, timeout=120).stdout)
    assert len(ours) > 3000
    assert any("isrootsplit: T" in line for line in ours)      # the root split
    assert any("isrootsplit: F" in line for line in ours)      # leaf splits
    assert any("children: " in line for line in ours)          # their downlinks
    assert theirs == ours


def _gin_lines(text: str) -> list[str]:
    return [re.sub(r"len \(rec/tot\):\s+\d+/\s*\d+, ", "", line)
            for line in text.splitlines() if line.startswith("rmgr: Gin")]
