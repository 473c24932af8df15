# Proves the GIN index's own WAL records (wal_records.py) with the real WAL, buffer
# manager and recovery: after inserts that split entry leaves and the root (INSERT on
# leaves and, with the children it finishes, on the root; SPLIT), grow a posting tree
# past a root split and a leaf split (CREATE_PTREE; INSERT with segment actions on its
# leaves and with a downlink on its root; SPLIT with ISDATA), and a VACUUM
# (VACUUM_PAGE for entry pages, VACUUM_DATA_LEAF_PAGE for posting tree leaves) and its
# cleanup (UPDATE_META_PAGE), a crash that loses every shared buffer and the replay of
# the WAL rebuild every page byte for byte, with or without a checkpoint in the middle;
# no change falls back to a page image; PostgreSQL 15's pg_waldump reads and describes
# the records as pgsnake's waldump does; the same work logged as page images takes
# several times the WAL. The shared shape is tests/index_wal_support.py's RedoCase.
from __future__ import annotations

import pytest

from index_wal_support import (RedoCase, redo_rebuilds_pages, wal_bytes_own_and_images,
                               waldump_lines)
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.gin import access_method as gin
from pgsnake.access.gin import entry_tree, opclass_support
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin.pages import PageSet
from pgsnake.access.gin import wal_records
from pgsnake.access.transam.wal import wal
from pgsnake.storage.smgr.relation_path import RelFileLocator

CONTAINS = 2
FREQUENT = 7                 # the key whose TIDs grow into a posting tree


def _index(oid: int = 16500):
    description = IndexDescription(heap_oid=16384, key_count=1, access_method=2742,
                                   opclass_names=("array_ops",), column_texts=("a",),
                                   gin_fastupdate=False)
    index = Relation(oid, f"gin_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     TupleDescriptor((Attribute(1, "a", 23, typlen=4, typbyval=True,
                                                typalign="i"),)), index=description)
    gin.create_storage(index)
    gin.build(index, None, [])
    return index


def _workload(index, mid_checkpoint=None) -> dict:
    rows = {}
    for i in range(600):                     # entry tree: leaf and root splits
        tid = (i // 100, i % 100 + 1)
        rows[tid] = [0, 1000 + i % 50, 5000 + 3 * i, 5001 + 3 * i, 5002 + 3 * i]
        gin.insert(index, [rows[tid]], tid)
    # One posting tree: TIDs far apart (4-byte deltas) in no order, in sorted batches
    # as the pending list's cleanup hands them over (ginInsertCleanup), so that a few
    # hundred inserts split its root and then a leaf.
    tids = [(100 + (i * 2917) % 4801 * 1100, i % 7 + 1) for i in range(4800)]
    for start in range(0, len(tids), 60):
        batch = sorted(tids[start:start + 60])
        _insert_batch(index, FREQUENT, batch)
        rows.update((tid, [FREQUENT]) for tid in batch)
        if start == 2400 and mid_checkpoint:          # posting tree pages exist by now
            mid_checkpoint()
    dead = {tid for n, tid in enumerate(rows) if n % 3 == 0}
    result = gin.bulk_delete(index, lambda tid: tid in dead)
    gin.vacuum_cleanup(index, len(rows), result)
    for tid in dead:
        del rows[tid]
    return rows


def _insert_batch(index, key: int, tids: list) -> None:
    """Many heap TIDs of one key in one change (ginEntryInsert with a list)."""
    keys = entry_tree.EntryKeys(index, opclass_support.lookup("array_ops"))
    with PageSet(index) as pages:
        pages.page(pf.META_BLKNO)
        entry_tree.insert(pages, keys, pf.CAT_NORM_KEY, key, tids)


CASE = RedoCase(_index, _workload, wal.RmgrId.GIN, wal_records.identify, "Gin")


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch, with_checkpoint):
    index, rows, names, start = redo_rebuilds_pages(CASE, monkeypatch, with_checkpoint)
    assert set(names) == {"INSERT", "SPLIT", "VACUUM_PAGE", "UPDATE_META_PAGE",
                          "CREATE_PTREE", "VACUUM_DATA_LEAF_PAGE"}, set(names)
    fpi = [r for r in wal.read_records(start) if r.rmid == wal.RmgrId.XLOG
           and r.info & 0xF0 == 0xB0 and r.blocks[0].locator == index.locator]
    assert fpi == []                         # every change is described by its record
    for query in ([0], [1007], [5000 + 3 * 301], [9999], [FREQUENT]):
        found, _recheck = gin.bitmap_scan(index, [(CONTAINS, query)])
        assert {tuple(t) for t in found} == {tid for tid, v in rows.items()
                                             if set(query) <= set(v)}, query


def test_wal_volume_is_lower_than_with_page_images(wal_cluster, monkeypatch):
    own_records, page_images_bytes = wal_bytes_own_and_images(CASE, monkeypatch)
    assert own_records * 2 < page_images_bytes, (own_records, page_images_bytes)


def test_postgresql_waldump_describes_gin_records(wal_cluster):
    ours, theirs = waldump_lines(CASE)
    assert len(ours) > 1500
    assert any("isrootsplit: T isdata: F" in line for line in ours)   # entry root split
    assert any("isrootsplit: F isdata: F" in line for line in ours)   # entry leaf splits
    assert any("isrootsplit: T isdata: T" in line for line in ours)   # posting tree's
    assert any("isrootsplit: F isdata: T" in line for line in ours)
    assert any("children: " in line and "isdata: F" in line for line in ours)
    assert any(" pitem: " in line for line in ours)       # a posting tree downlink
    assert any("CREATE_PTREE" in line for line in ours)
    assert any("isdata: T isleaf: T" in line and "(replace)" in line for line in ours)
    assert any("VACUUM_DATA_LEAF_PAGE " in line and "(replace)" in line for line in ours)
    assert theirs == ours
