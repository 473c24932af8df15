# Proves the heap access method end to end on a real buffer pool (fake WAL and fake
# transaction system): inserts are found by scans and fetches, each change is WAL-logged
# with PostgreSQL's rmgr/info codes and the page LSN is set, updates chain old -> new via
# t_ctid (on the same page or another one), deletes hide rows from later snapshots, the
# READ COMMITTED wait on a concurrent updater returns 'updated'/'deleted' or proceeds after
# an abort, unlogged relations write no WAL, and replaying the logged records onto empty
# storage rebuilds identical pages (twice: redo is idempotent).
import os
import random

import pytest

from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.access.common.tuple_descriptor import Attribute, Relation, TupleDescriptor
from pgsnake.access.heap import heap_wal, heapam
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.errors import PgError

DESC = TupleDescriptor((
    Attribute(1, "id", 23, typlen=4, typbyval=True, typalign="i"),
    Attribute(2, "note", 25, typlen=-1, typbyval=False, typalign="i"),
))


def relation(relfilenode=16384, persistence="p"):
    return Relation(relfilenode, "t", 2200, "r", RelFileLocator(1663, 5, relfilenode), DESC,
                    persistence=persistence)


@pytest.fixture
def table(buffer_pool, transactions, monkeypatch):
    from pgsnake.access.transam import smgr_records
    monkeypatch.setattr(smgr_records, "log_create", lambda loc, fork=0: buffer_pool.insert_record(
        2, 0x10, b"create", []))
    rel = relation()
    heapam.heap_create_storage(rel)
    return rel


def rows(rel, snapshot):
    return sorted(values for _, values in heapam.heap_scan(rel, snapshot))


def commit(tx, xid):
    tx.status[xid] = "committed"
    tx.running.discard(xid)


def test_insert_scan_fetch_and_wal(table, transactions, buffer_pool):
    tx = transactions
    tx.running.add(100)
    t1 = heapam.heap_insert(table, [1, "one"])
    t2 = heapam.heap_insert(table, [2, None])
    assert (t1, t2) == ((0, 1), (0, 2))
    # own inserts are visible only to later commands
    assert rows(table, tx.snapshot(curcid=0)) == []
    assert rows(table, tx.snapshot(curcid=1)) == [[1, "one"], [2, None]]
    heap_records = [r for r in buffer_pool.records if r.rmid == 10]
    assert [r.info for r in heap_records] == [0x80, 0x00]     # INSERT+INIT, INSERT
    assert heap_records[0].blocks[0][6] is True                # will_init
    buf = bufmgr.read_buffer(table.locator, ForkNumber.MAIN, 0)
    assert pl.get_lsn(bufmgr.page(buf)) == heap_records[-1].end_lsn
    header = HeapTupleHeader(pl.get_item(bufmgr.page(buf), 1))
    assert (header.xmin, header.xmax, header.ctid) == (100, 0, (0, 1))
    assert header.infomask & 0x0800                             # XMAX_INVALID
    bufmgr.release_buffer(buf)
    # another transaction sees nothing until 100 commits
    tx.current_xid = 101
    assert rows(table, tx.snapshot()) == []
    commit(tx, 100)
    assert rows(table, tx.snapshot()) == [[1, "one"], [2, None]]
    assert heapam.heap_fetch(table, t1, tx.snapshot()) == [1, "one"]
    assert heapam.heap_fetch(table, (0, 9), tx.snapshot()) is None
    assert heapam.heap_fetch(table, (7, 1), tx.snapshot()) is None


def test_aborted_inserts_are_invisible_and_get_hint_bits(table, transactions):
    tx = transactions
    tid = heapam.heap_insert(table, [1, "x"])
    tx.status[100] = "aborted"
    tx.current_xid = 101
    assert rows(table, tx.snapshot()) == []
    buf = bufmgr.read_buffer(table.locator, ForkNumber.MAIN, tid[0])
    assert HeapTupleHeader(pl.get_item(bufmgr.page(buf), tid[1])).infomask & 0x0200
    bufmgr.release_buffer(buf)


def test_update_chains_versions_and_snapshots_choose(table, transactions, buffer_pool):
    tx = transactions
    tid = heapam.heap_insert(table, [1, "old"])
    commit(tx, 100)
    tx.current_xid, tx.command_id = 101, 0
    tx.running.add(101)
    before = tx.snapshot()
    result = heapam.heap_update(table, tid, [1, "new"], before)
    assert result.status == "ok" and result.new_tid == (0, 2)
    assert [r.info for r in buffer_pool.records if r.rmid == 10][-1] == 0x20
    tx.current_xid = 102                   # an observer while 101 is running
    assert rows(table, tx.snapshot()) == [[1, "old"]]
    commit(tx, 101)
    after = tx.snapshot()
    assert rows(table, after) == [[1, "new"]]
    assert heapam.heap_get_latest_tid(table, tid, after) == (0, 2)
    # a snapshot taken while 101 ran still sees the old version
    old_snapshot = type(after)(101, after.xmax, frozenset({101}), 102, 0)
    assert rows(table, old_snapshot) == [[1, "old"]]


def test_update_moves_to_another_page_when_full(table, transactions, buffer_pool):
    tx = transactions
    big = "z" * 2000
    tids = [heapam.heap_insert(table, [i, big]) for i in range(4)]
    assert {t[0] for t in tids} == {0}
    commit(tx, 100)
    tx.current_xid = 101
    result = heapam.heap_update(table, tids[0], [0, big + "!"], tx.snapshot())
    assert result.status == "ok" and result.new_tid[0] == 1
    rec = [r for r in buffer_pool.records if r.rmid == 10][-1]
    assert rec.info == 0x20 | 0x80 and sorted(b[0] for b in rec.blocks) == [0, 1]
    commit(tx, 101)
    tx.current_xid = 102
    assert [v[0] for v in rows(table, tx.snapshot())] == [0, 1, 2, 3]
    assert heapam.heap_get_latest_tid(table, tids[0], tx.snapshot()) == result.new_tid


def test_delete_and_self_modified(table, transactions):
    tx = transactions
    tid = heapam.heap_insert(table, [1, "a"])
    tx.command_id = 1
    assert heapam.heap_delete(table, tid, tx.snapshot()).status == "ok"
    # deleted by this command: visible to snapshots of earlier commands only
    assert rows(table, tx.snapshot(curcid=1)) == [[1, "a"]]
    tx.command_id = 2
    assert rows(table, tx.snapshot()) == []
    # combo cid: cmin 0 and cmax 1 both survive in the single t_cid
    assert rows(table, tx.snapshot(curcid=0)) == []
    tx.command_id = 1
    assert heapam.heap_delete(table, tid, tx.snapshot()).status == "self_modified"


def test_concurrent_update_waits_then_reports_updated(table, transactions):
    tx = transactions
    tid = heapam.heap_insert(table, [1, "a"])
    commit(tx, 100)
    tx.current_xid = 101
    tx.running.add(101)
    new = heapam.heap_update(table, tid, [1, "b"], tx.snapshot()).new_tid
    tx.current_xid = 102
    tx.running.add(102)
    waited = []
    tx.on_wait = lambda xid: (waited.append(xid), commit(tx, 101))
    result = heapam.heap_delete(table, tid, tx.snapshot())
    assert waited == [101]
    assert (result.status, result.new_tid) == ("updated", new)


def test_concurrent_delete_then_abort_lets_us_proceed(table, transactions):
    tx = transactions
    tid = heapam.heap_insert(table, [1, "a"])
    commit(tx, 100)
    tx.current_xid = 101
    tx.running.add(101)
    assert heapam.heap_delete(table, tid, tx.snapshot()).status == "ok"
    tx.current_xid = 102

    def abort_101(xid):
        tx.status[101] = "aborted"
        tx.running.discard(101)

    tx.on_wait = abort_101
    assert heapam.heap_update(table, tid, [1, "mine"], tx.snapshot()).status == "ok"
    commit(tx, 102)
    tx.current_xid = 103
    assert rows(table, tx.snapshot()) == [[1, "mine"]]
    # and a committed delete is reported as 'deleted'
    tx.running.add(103)
    tid2 = heapam.heap_get_latest_tid(table, tid, tx.snapshot())
    assert heapam.heap_delete(table, tid2, tx.snapshot()).status == "ok"
    commit(tx, 103)
    tx.current_xid = 104
    assert heapam.heap_delete(table, tid2, tx.snapshot()).status == "deleted"


def test_unlogged_relation_writes_no_wal(buffer_pool, transactions):
    rel = relation(16500, persistence="u")
    heapam.heap_create_storage(rel)
    # the one record: its init fork's creation (XLOG_SMGR_CREATE of fork 3), so that
    # crash recovery finds the fork to reset the table to
    (created,) = buffer_pool.records
    assert (created.rmid, created.info) == (2, 0x10)
    assert created.main_data[-4:] == (3).to_bytes(4, "little")
    heapam.heap_insert(rel, [1, "x"])
    assert buffer_pool.records == [created]


def test_row_too_big_is_rejected(table):
    # Text that pglz cannot shrink (the column may be compressed; there is no TOAST table).
    letters = random.Random(1).choices([chr(c) for c in range(33, 127)], k=12000)
    incompressible = "".join(letters)
    with pytest.raises(PgError) as err:
        heapam.heap_insert(table, [1, incompressible])
    assert err.value.sqlstate == "54000"


def test_drop_storage(table, transactions):
    heapam.heap_insert(table, [1, "x"])
    heapam.heap_drop_storage(table)
    assert not os.path.exists("base/5/16384")
    assert bufmgr.flush_all_buffers() == 0


def _page_images(rel):
    """The relation's pages as on disk, with the commit hint bits and the PD_PAGE_FULL
    hint cleared (redo does not reproduce hints; PostgreSQL's wal_consistency_checking
    masks the same bits)."""
    bufmgr.flush_all_buffers()
    with open("base/5/%d" % rel.locator.relfilenode, "rb") as f:
        data = bytearray(f.read())
    for start in range(0, len(data), 8192):
        page = memoryview(data)[start:start + 8192]
        pl.set_flags(page, pl.get_flags(page) & ~pl.PD_PAGE_FULL)
        for offnum in range(1, pl.max_offset(page) + 1):
            header = HeapTupleHeader(pl.get_item(page, offnum))
            header.infomask = header.infomask & ~0x0700
    return bytes(data)


def test_redo_rebuilds_identical_pages_and_is_idempotent(table, transactions, buffer_pool):
    tx = transactions
    tids = [heapam.heap_insert(table, [i, "v" * (i * 300)]) for i in range(12)]
    commit(tx, 100)
    tx.current_xid = 101
    heapam.heap_update(table, tids[0], [0, "w" * 3000], tx.snapshot())
    heapam.heap_update(table, tids[1], [1, "same page"], tx.snapshot())
    heapam.heap_delete(table, tids[2], tx.snapshot())
    original = _page_images(table)      # command id 0 throughout: redo's t_cid is 0 too
    heap_records = [r for r in buffer_pool.records if r.rmid == 10]
    bufmgr.drop_relation_buffers(table.locator)
    smgr.unlink(table.locator)
    for _ in range(2):
        for record in heap_records:
            heap_wal.redo(record.decoded())
        assert _page_images(table) == original
    descriptions = [heap_wal.describe(r.decoded()) for r in heap_records]
    assert descriptions[0] == "INSERT+INIT off 1 flags 0x00"
    assert "UPDATE" in descriptions[-3] and "; new off" in descriptions[-3]
    assert descriptions[-1] == "DELETE off 3 flags 0x00 KEYS_UPDATED "


def test_page_matches_postgresql_pageinspect(table, transactions):
    # Facts from PostgreSQL 15's heap_page_items/page_header after
    #   create table t(id int, note text); insert into t values (1,'abc'),(2,null);
    # lp 1: off 8160 len 32 infomask2 2 infomask 2050 hoff 24 data \x0100000009616263
    # lp 2: off 8128 len 28 infomask 2049 hoff 24 bits 10000000 data \x02000000
    # page: lower 32 upper 8128 special 8192 version 4
    heapam.heap_insert(table, [1, "abc"])
    heapam.heap_insert(table, [2, None])
    buf = bufmgr.read_buffer(table.locator, ForkNumber.MAIN, 0)
    page = bufmgr.page(buf)
    h = pl.header(page)
    assert (h.lower, h.upper, h.special, h.pagesize_version & 0xFF) == (32, 8128, 8192, 4)
    assert pl.item_id(page, 1) == (8160, 1, 32)
    assert pl.item_id(page, 2) == (8128, 1, 28)
    first = HeapTupleHeader(pl.get_item(page, 1))
    second = HeapTupleHeader(pl.get_item(page, 2))
    assert (first.infomask2, first.infomask, first.hoff) == (2, 2050, 24)
    assert (second.infomask2, second.infomask, second.hoff) == (2, 2049, 24)
    assert bytes(pl.get_item(page, 1)[24:]) == bytes.fromhex("0100000009616263")
    assert pl.get_item(page, 2)[23] == 0b00000001 and bytes(pl.get_item(page, 2)[24:]) == b"\x02\x00\x00\x00"
    bufmgr.release_buffer(buf)


@pytest.mark.parametrize("operation", ["insert", "update", "delete"])
def test_a_failure_between_changing_a_page_and_logging_it_is_a_panic(
        table, transactions, buffer_pool, monkeypatch, operation):
    # The page is changed before its WAL record is inserted: if the insert failed with an
    # ordinary ERROR, the changed page could reach disk with no WAL behind it. PostgreSQL
    # runs that stretch in a critical section; so does pgsnake.
    from pgsnake.access.transam.wal import wal
    from pgsnake.utils.errors import PanicError
    tid = heapam.heap_insert(table, [1, "one"])
    commit(transactions, 100)
    transactions.current_xid = 101

    def failing_insert_record(*args, **kwargs):
        raise OSError("WAL buffers unavailable")
    monkeypatch.setattr(wal, "insert_record", failing_insert_record)
    with pytest.raises(PanicError) as raised:
        if operation == "insert":
            heapam.heap_insert(table, [2, "two"])
        elif operation == "update":
            heapam.heap_update(table, tid, [1, "uno"], transactions.snapshot())
        else:
            heapam.heap_delete(table, tid, transactions.snapshot())
    assert raised.value.sqlstate == "XX000"
    assert "OSError" not in raised.value.message and "unavailable" not in raised.value.message
    assert bufmgr.pinned_buffers() == {}         # nothing left pinned or locked
