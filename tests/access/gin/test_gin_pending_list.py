# Proves GIN's pending list (access/gin/pending_list.py) with the real WAL, buffer
# manager and recovery: rows inserted with fastupdate on land on GIN_LIST pages (a row
# that fits the tail page appended to it, a row that does not as a sublist of new
# pages), scans find them there and after the list was moved into the entry tree, the
# cleanup started by an insert past gin_pending_list_limit deletes the pages it moved
# and later sublists reuse them through the free space map; a crash that loses every
# shared buffer and the replay of the WAL rebuild every page byte for byte (a deleted
# page only as deleted: PostgreSQL's redo empties it too), with or without a checkpoint
# in the middle; PostgreSQL 15's pg_waldump describes the records as pgsnake's does.
from __future__ import annotations

import pytest

from index_wal_support import crash_and_recover, page_images, record_names, waldump_lines
from index_wal_support import RedoCase
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.gin import access_method as gin
from pgsnake.access.gin import page_format as pf
from pgsnake.access.gin import wal_records
from pgsnake.access.transam.wal import wal
from pgsnake.storage.smgr.relation_path import RelFileLocator

CONTAINS = 2


def _index(oid: int = 16500, limit_kb: int = 64, fastupdate: bool = True):
    description = IndexDescription(heap_oid=16384, key_count=1, access_method=2742,
                                   opclass_names=("array_ops",), column_texts=("a",),
                                   gin_fastupdate=fastupdate,
                                   gin_pending_list_limit=limit_kb)
    index = Relation(oid, f"gin_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     TupleDescriptor((Attribute(1, "a", 23, typlen=4, typbyval=True,
                                                typalign="i"),)), index=description)
    gin.create_storage(index)
    gin.build(index, None, [])
    return index


def _row(i: int) -> list:
    if i % 50 == 7:                      # a row too big for any tail page: a sublist
        return list(range(10000 + i * 1000, 10000 + i * 1000 + 700))
    return [i % 5, 100 + i % 37, 1000 + i]


def _workload(index, mid_checkpoint=None) -> dict:
    rows = {}
    for i in range(600):
        tid = (i // 50, i % 50 + 1)
        rows[tid] = _row(i)
        gin.insert(index, [rows[tid]], tid)
        if i == 300 and mid_checkpoint:
            mid_checkpoint()
    return rows


def _check_answers(index, rows) -> None:
    for query in ([0], [3], [104], [1000 + 599], [10000 + 57 * 1000 + 5], [99999]):
        found, _recheck = gin.bitmap_scan(index, [(CONTAINS, query)])
        assert {tuple(t) for t in found} == {tid for tid, v in rows.items()
                                             if set(query) <= set(v)}, query


def test_rows_on_the_pending_list_are_found_and_moved(wal_cluster):
    index = _index(limit_kb=4096)            # no cleanup by the inserts
    rows = {}
    for i in range(300):
        tid = (i // 50, i % 50 + 1)
        rows[tid] = _row(i)
        gin.insert(index, [rows[tid]], tid)
    meta = gin.read_stats(index)
    assert meta.n_pending_heap_tuples == 300
    assert meta.n_entries == 0 and meta.head != pf.INVALID_BLOCK
    # The big rows each made a sublist; the small ones filled tail pages.
    assert meta.n_pending_pages > 6
    _check_answers(index, rows)
    deleted = gin.clean_pending_list(index)
    assert deleted == meta.n_pending_pages
    after = gin.read_stats(index)
    assert (after.head, after.tail, after.n_pending_pages, after.n_pending_heap_tuples) \
        == (pf.INVALID_BLOCK, pf.INVALID_BLOCK, 0, 0)
    _check_answers(index, rows)
    # A VACUUM's cleanup makes the deleted pages free; new list pages reuse them.
    gin.vacuum_cleanup(index, len(rows))
    total = gin.read_stats(index).n_total_pages
    for i in range(300, 400):
        tid = (i // 50, i % 50 + 1)
        rows[tid] = _row(i)
        gin.insert(index, [rows[tid]], tid)
    assert gin.read_stats(index).n_total_pages == total
    assert gin.read_stats(index).n_pending_heap_tuples == 100
    _check_answers(index, rows)


def test_fastupdate_off_goes_straight_into_the_tree(wal_cluster):
    index = _index(fastupdate=False)
    gin.insert(index, [[1, 2, 3]], (0, 1))
    meta = gin.read_stats(index)
    assert meta.head == pf.INVALID_BLOCK and meta.n_pending_heap_tuples == 0
    assert {tuple(t) for t in gin.bitmap_scan(index, [(CONTAINS, [2])])[0]} == {(0, 1)}


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page(wal_cluster, monkeypatch, with_checkpoint):
    from pgsnake.access.transam import checkpoint
    index = _index()
    start = wal.insert_lsn()
    rows = _workload(index, checkpoint.create_checkpoint if with_checkpoint else None)
    if not with_checkpoint:              # (the checkpoint recycles the first segment)
        names = set(record_names(CASE, start))
        assert {"INSERT_LISTPAGE", "UPDATE_META_PAGE", "DELETE_LISTPAGE"} <= names
    # The cleanups started by inserts record the pages they delete as free at once
    # (fill_fsm): the list reuses them instead of growing the index.
    assert gin.read_stats(index).n_total_pages < 30
    before = page_images(index)
    crash_and_recover(monkeypatch)
    after = page_images(index)
    assert len(after) == len(before)
    deleted = 0
    for blkno, (old, new) in enumerate(zip(before, after)):
        if pf.read_opaque(old).flags == pf.GIN_DELETED:
            deleted += 1
            assert pf.read_opaque(new).flags == pf.GIN_DELETED, blkno
            assert old[:8] == new[:8], blkno                  # the same LSN
            continue
        assert old == new, f"block {blkno} differs after redo"
    assert deleted > 0
    _check_answers(index, rows)


CASE = RedoCase(_index, _workload, wal.RmgrId.GIN, wal_records.identify, "Gin")


def test_postgresql_waldump_describes_pending_list_records(wal_cluster):
    ours, theirs = waldump_lines(CASE)
    assert any("INSERT_LISTPAGE" in line for line in ours)
    assert any("DELETE_LISTPAGE" in line and "ndeleted: " in line for line in ours)
    assert theirs == ours
