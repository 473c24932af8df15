# Proves row locks on the heap (heap_lock.py, heap_xmax.py) on a real buffer pool with
# real multixacts (fake WAL, fake transaction system): each lock strength leaves exactly
# PostgreSQL's xmax and infomask bits (the values pageinspect shows on PostgreSQL 15 for
# the same statements), logs XLOG_HEAP_LOCK whose redo rebuilds the same header, a
# second locker turns the xmax into a multixact of both, NOWAIT and SKIP LOCKED give up
# on a conflicting holder, a lock never hides the row, an UPDATE keeps a key-share
# locker on both versions, a DELETE waits for a FOR SHARE locker, and following an
# update chain (READ COMMITTED) locks the newest version.
import os

import pytest

from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.access.common.tuple_descriptor import Attribute, Relation, TupleDescriptor
from pgsnake.access.heap import heap_wal, heapam, heap_xmax
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.transam import multixact
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.errors import PgError

DESC = TupleDescriptor((Attribute(1, "id", 23, typlen=4, typbyval=True, typalign="i"),
                        Attribute(2, "v", 23, typlen=4, typbyval=True, typalign="i")))

# t_infomask / t_infomask2 of a locked, committed-inserted row (xmin hint 0x0100 set),
# as PostgreSQL 15's heap_page_items reports them after each SELECT ... FOR <strength>.
EXPECTED_BITS = {
    LockTupleMode.KEY_SHARE: (0x0100 | 0x0080 | 0x0010, 0),             # KEYSHR|LOCK_ONLY
    LockTupleMode.SHARE: (0x0100 | 0x0080 | 0x0050, 0),                 # SHR_LOCK|LOCK_ONLY
    LockTupleMode.NO_KEY_EXCLUSIVE: (0x0100 | 0x0080 | 0x0040, 0),      # EXCL|LOCK_ONLY
    LockTupleMode.EXCLUSIVE: (0x0100 | 0x0080 | 0x0040, 0x2000),        # + KEYS_UPDATED
}
XMAX_BITS_MASK = 0x0100 | 0x0080 | 0x0040 | 0x0010 | 0x1000 | 0x0800 | 0x0400


@pytest.fixture
def table(buffer_pool, transactions, monkeypatch):
    from pgsnake.access.transam import smgr_records
    monkeypatch.setattr(smgr_records, "log_create",
                        lambda loc, fork=0: buffer_pool.insert_record(2, 0x10, b"create", []))
    for directory in ("pg_multixact/offsets", "pg_multixact/members"):
        os.makedirs(directory, exist_ok=True)
    multixact.forget_cache()
    rel = Relation(16384, "t", 2200, "r", RelFileLocator(1663, 5, 16384), DESC)
    heapam.heap_create_storage(rel)
    yield rel
    multixact.forget_cache()


def committed_rows(rel, tx, rows):
    tx.current_xid = 90
    tx.running.add(90)
    tids = [heapam.heap_insert(rel, list(r)) for r in rows]
    tx.status[90] = "committed"
    tx.running.discard(90)
    return tids


def header_of(rel, tid):
    buf = bufmgr.read_buffer(rel.locator, ForkNumber.MAIN, tid[0])
    try:
        item = bytes(pl.get_item(bufmgr.page(buf), tid[1]))
    finally:
        bufmgr.release_buffer(buf)
    return HeapTupleHeader(bytearray(item))


def as_xid(tx, xid):
    tx.current_xid = xid
    tx.running.add(xid)


@pytest.mark.parametrize("mode", list(LockTupleMode), ids=[m.name for m in LockTupleMode])
def test_each_strength_stamps_postgresql_bits_and_logs_a_lock_record(table, transactions,
                                                                      buffer_pool, mode):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    result = heapam.heap_lock_tuple(table, tid, mode)     # also sets the xmin hint
    assert (result.status, result.tid) == ("ok", tid)
    header = header_of(table, tid)
    infomask, infomask2 = EXPECTED_BITS[mode]
    assert header.xmax == 100
    assert header.infomask & XMAX_BITS_MASK == infomask
    assert header.infomask2 & 0x2000 == infomask2
    assert header.ctid == tid
    lock_records = [r for r in buffer_pool.records if r.rmid == 10 and r.info == 0x60]
    assert len(lock_records) == 1
    xmax, offnum, infobits, flags = heap_wal.LOCK.unpack(lock_records[0].main_data)
    assert (xmax, offnum, flags) == (100, tid[1], 0)
    assert heap_wal.bits_from_infobits(infobits) == (infomask & ~0x0100, infomask2)
    # A lock does not delete: every snapshot still sees the row.
    assert heapam.heap_fetch(table, tid, transactions.snapshot()) == [1, 10]


def test_lock_redo_rebuilds_the_header(table, transactions, buffer_pool):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.SHARE)
    live = header_of(table, tid)
    insert_record, lock_record = [r for r in buffer_pool.records if r.rmid == 10]
    # Replay both records onto an empty copy of the relation.
    replica = Relation(16385, "r", 2200, "r", RelFileLocator(1663, 5, 16385), DESC)
    heapam.heap_create_storage(replica)
    for record in (insert_record, lock_record):
        decoded = record.decoded()
        for block in decoded.blocks.values():
            block.locator = replica.locator
        heap_wal.redo(decoded)
        heap_wal.redo(decoded)              # redo is idempotent
    redone = header_of(replica, tid)
    assert (redone.xmax, redone.infomask2 & 0x2000, redone.ctid) == (100, 0, tid)
    assert redone.infomask & 0x10F0 == live.infomask & 0x10F0
    assert redone.cid == 0


def test_own_lock_is_strengthened_not_duplicated(table, transactions):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.KEY_SHARE)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.SHARE)
    header = header_of(table, tid)
    assert header.xmax == 100 and header.infomask & 0x00D0 == 0x00D0      # SHR|LOCK_ONLY
    heapam.heap_lock_tuple(table, tid, LockTupleMode.EXCLUSIVE)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.KEY_SHARE)            # already held
    header = header_of(table, tid)
    assert header.xmax == 100 and header.infomask2 & 0x2000
    assert header.infomask & 0x00D0 == 0x00C0                             # EXCL|LOCK_ONLY


def test_second_locker_makes_a_multixact(table, transactions):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.SHARE)
    as_xid(transactions, 101)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.KEY_SHARE)
    header = header_of(table, tid)
    assert header.infomask & 0x1000                                       # IS_MULTI
    assert header.infomask & 0x00D0 == 0x00D0                             # SHR|LOCK_ONLY
    members = multixact.members(header.xmax)
    assert [(m.xid, multixact.status_name(m.status)) for m in members] == \
        [(100, "sh"), (101, "keysh")]
    # A third locker expands it into a new multixact; finished members drop out.
    transactions.running.discard(100)
    transactions.status[100] = "committed"
    as_xid(transactions, 102)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.SHARE)
    header = header_of(table, tid)
    assert [(m.xid, m.status) for m in multixact.members(header.xmax)] == \
        [(101, multixact.MultiXactStatus.FOR_KEY_SHARE), (102, multixact.MultiXactStatus.FOR_SHARE)]


def test_nowait_and_skip_locked_give_up_on_a_conflicting_holder(table, transactions):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.EXCLUSIVE)
    as_xid(transactions, 101)
    with pytest.raises(PgError) as info:
        heapam.heap_lock_tuple(table, tid, LockTupleMode.SHARE, heapam.WAIT_ERROR)
    assert (info.value.sqlstate, info.value.message) == \
        ("55P03", 'could not obtain lock on row in relation "t"')
    result = heapam.heap_lock_tuple(table, tid, LockTupleMode.KEY_SHARE, heapam.WAIT_SKIP)
    assert result.status == "would_block"
    assert header_of(table, tid).xmax == 100          # nothing changed


def test_key_share_lock_survives_an_update_on_both_versions(table, transactions):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.KEY_SHARE)
    as_xid(transactions, 101)
    result = heapam.heap_update(table, tid, [1, 11], transactions.snapshot())
    assert result.status == "ok"
    old, new = header_of(table, tid), header_of(table, result.new_tid)
    assert old.infomask & 0x1000 and not old.infomask & 0x0080           # multi, an update
    assert [(m.xid, multixact.status_name(m.status)) for m in multixact.members(old.xmax)] == \
        [(100, "keysh"), (101, "nokeyupd")]
    assert heap_xmax.update_xid(old) == 101
    assert (new.xmax, new.infomask & 0x1090) == (100, 0x0090)             # KEYSHR|LOCK_ONLY
    assert old.ctid == result.new_tid


def test_delete_waits_for_a_share_locker_then_deletes(table, transactions):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    heapam.heap_lock_tuple(table, tid, LockTupleMode.SHARE)
    as_xid(transactions, 101)
    waited = []

    def locker_commits(xid):
        waited.append(xid)
        transactions.running.discard(100)
        transactions.status[100] = "committed"
    transactions.on_wait = locker_commits
    assert heapam.heap_delete(table, tid, transactions.snapshot()).status == "ok"
    assert waited == [100]
    header = header_of(table, tid)
    assert header.xmax == 101 and header.infomask2 & 0x2000 and not header.infomask & 0x0080


def test_lock_latest_version_follows_a_committed_update(table, transactions):
    (tid,) = committed_rows(table, transactions, [(1, 10)])
    as_xid(transactions, 100)
    new_tid = heapam.heap_update(table, tid, [1, 20], transactions.snapshot()).new_tid
    transactions.running.discard(100)
    transactions.status[100] = "committed"
    as_xid(transactions, 101)
    # REPEATABLE READ style: report the update.
    assert heapam.lock_latest_version(table, tid, LockTupleMode.EXCLUSIVE,
                                      find_last_version=False).status == "updated"
    result = heapam.lock_latest_version(table, tid, LockTupleMode.EXCLUSIVE,
                                        find_last_version=True)
    assert (result.status, result.tid, result.traversed) == ("ok", new_tid, True)
    assert header_of(table, new_tid).xmax == 101
