"""Fast-path relation locks (storage/lmgr/fast_path.py): weak relation locks of this
database live in the backend's slots, strong requests move them into the shared table
first and wait for them, pg_locks shows them with fastpath = true; PREPARE moves them into the shared table, and a
prepared transaction's strong lock keeps the counter raised until COMMIT PREPARED."""
from __future__ import annotations

import os
import time

import pytest

from pgsnake.storage.lmgr import fast_path, lock, lock_functions, lock_modes as m
from pgsnake.storage.lmgr import lock_table, lock_tag, lwlock
from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.utils import process_state, settings

from tests.storage.lmgr.test_lock_manager import (  # noqa: F401 (the table fixture)
    Worker, _Call, _Take, release_everything, table)

DB = 5
REL = lock_tag.relation(DB, 16384)
OTHER_DB_REL = lock_tag.relation(DB + 1, 16384)


@pytest.fixture
def fast_table(table):
    process_state.database_oid = DB
    yield
    process_state.database_oid = 0


def _shared_locks():
    with lwlock.named("LockManagerLock").shared():
        return [(entry.tag, [(proc, mask) for _, proc, mask in lock_table.holders(entry)])
                for entry in lock_table.all_locks()]


def _mine():
    return fast_path.entries(process_state.proc_number)


def test_weak_locks_of_this_database_take_a_slot_not_the_shared_table(fast_table):
    assert lock.acquire(REL, m.ACCESS_SHARE)
    assert lock.acquire(REL, m.ROW_EXCLUSIVE)
    assert _mine() == [(DB, 16384, m.ACCESS_SHARE), (DB, 16384, m.ROW_EXCLUSIVE)]
    assert _shared_locks() == []
    # another database's relation, a non-weak mode: the shared table
    assert lock.acquire(OTHER_DB_REL, m.ACCESS_SHARE)
    assert lock.acquire(REL, m.SHARE_UPDATE_EXCLUSIVE)
    assert {tag for tag, _ in _shared_locks()} == {OTHER_DB_REL, REL}
    lock.release_all()
    assert _mine() == [] and _shared_locks() == []


def test_a_full_set_of_slots_sends_further_weak_locks_to_the_shared_table(fast_table):
    tags = [lock_tag.relation(DB, 20000 + i) for i in range(fast_path.SLOTS + 2)]
    for tag in tags:
        lock.acquire(tag, m.ACCESS_SHARE)
    assert len(_mine()) == fast_path.SLOTS
    assert {tag for tag, _ in _shared_locks()} == set(tags[fast_path.SLOTS:])
    lock.release(tags[0], m.ACCESS_SHARE)           # a slot is free again
    lock.acquire(lock_tag.relation(DB, 30000), m.ACCESS_SHARE)
    assert (DB, 30000, m.ACCESS_SHARE) in _mine()
    lock.release_all()
    assert _mine() == [] and _shared_locks() == []


def test_a_strong_request_moves_the_weak_holders_slot_and_waits_for_it(fast_table):
    me = process_state.proc_number
    assert lock.acquire(REL, m.ACCESS_SHARE)
    assert _mine() == [(DB, 16384, m.ACCESS_SHARE)]
    w = Worker()
    try:
        w.send(_Take(REL, m.ACCESS_EXCLUSIVE))
        time.sleep(0.3)
        assert w.is_waiting()
        # our slot entry is now a granted lock of ours in the shared table
        assert _mine() == []
        ((tag, holders),) = _shared_locks()
        assert tag == REL and (me, 1 << m.ACCESS_SHARE) in holders
        # a new weak request of ours sees the raised counter (and, holding a lock the
        # waiter wants, goes in front of it rather than behind)
        assert lock.acquire(REL, m.ROW_SHARE)
        assert _mine() == []
        lock.release_all()                           # from the shared table: no slot left
        assert w.result() == ("ok", True)
        assert w.run(_Call(release_everything)) == ("ok", True)
        assert _shared_locks() == []
        # the strong lock is gone: weak locks take slots again
        assert lock.acquire(REL, m.ACCESS_SHARE)
        assert _mine() == [(DB, 16384, m.ACCESS_SHARE)]
        lock.release_all()
    finally:
        w.close()


def test_a_weak_request_waits_in_the_shared_table_while_a_strong_lock_is_held(fast_table):
    assert lock.acquire(REL, m.ACCESS_EXCLUSIVE)
    w = Worker()
    try:
        w.send(_Take(REL, m.ACCESS_SHARE))
        time.sleep(0.3)
        assert w.is_waiting()
        with lwlock.named("LockManagerLock").shared():
            (entry,) = lock_table.all_locks()
            assert entry.wait_mask == 1 << m.ACCESS_SHARE
        lock.release_all()
        assert w.result() == ("ok", True)
        assert w.run(_Call(release_everything)) == ("ok", True)
        assert _shared_locks() == []
    finally:
        w.close()


def test_a_failed_strong_request_lowers_the_counter(fast_table):
    w = Worker()
    try:
        assert w.run(_Take(REL, m.ACCESS_SHARE)) == ("ok", True)
        assert not lock.acquire(REL, m.ACCESS_EXCLUSIVE, dont_wait=True)
        assert w.run(_Call(release_everything)) == ("ok", True)
        assert _shared_locks() == []
        assert lock.acquire(REL, m.ACCESS_SHARE)      # counter back at 0: a slot
        assert _mine() == [(DB, 16384, m.ACCESS_SHARE)]
        lock.release_all()
    finally:
        w.close()


def test_pg_locks_shows_slot_entries_with_fastpath_true(fast_table):
    lock.begin_virtual_transaction()
    lock.acquire(REL, m.ACCESS_SHARE)
    lock.acquire(lock_tag.relation(DB, 16385), m.ACCESS_EXCLUSIVE)
    rows = [row for row in lock_functions.pg_lock_status() if row[0] == "relation"]
    shown = {(row[2], row[12], row[14]) for row in rows}
    assert shown == {(16384, "AccessShareLock", True),
                     (16385, "AccessExclusiveLock", False)}
    lock.release_all()
    lock.end_virtual_transaction()


@pytest.fixture
def prepared_table():
    for name, value in (("max_connections", "6"), ("deadlock_timeout", "100"),
                        ("lock_timeout", "0"), ("max_prepared_transactions", "2")):
        settings.set_value(name, value, source="command line", check_context=False)
    shared_memory.create_segment()
    lock.forget_after_fork()
    process_state.proc_number = proc_array.claim_slot(os.getpid(), "test")
    process_state.database_oid = DB
    yield proc_array.slot_count()            # the first dummy proc
    lock.forget_after_fork()
    process_state.proc_number = -1
    process_state.database_oid = 0
    settings.set_value("max_prepared_transactions", "0", source="command line",
                       check_context=False)


def test_prepare_moves_slot_entries_and_a_prepared_strong_lock_keeps_the_counter(
        prepared_table):
    dummy = prepared_table
    me = process_state.proc_number
    other = lock_tag.relation(DB, 16390)
    assert lock.acquire(REL, m.ACCESS_SHARE)
    assert lock.acquire(other, m.ACCESS_EXCLUSIVE)
    assert _mine() == [(DB, 16384, m.ACCESS_SHARE)]
    lock.transfer_to_prepared(dummy, me + 1, 7)
    assert _mine() == [] and lock.held_locks() == []
    held = {tag: [(proc, mask) for proc, mask in holders] for tag, holders in _shared_locks()}
    assert held == {REL: [(dummy, 1 << m.ACCESS_SHARE)],
                    other: [(dummy, 1 << m.ACCESS_EXCLUSIVE)]}
    # the prepared transaction's strong lock keeps new weak locks out of the slots
    w = Worker()
    try:
        w.send(_Take(other, m.ACCESS_SHARE))
        time.sleep(0.3)
        assert w.is_waiting()
        lock.release_prepared(dummy)           # COMMIT PREPARED
        assert w.result() == ("ok", True)
        assert w.run(_Call(release_everything)) == ("ok", True)
    finally:
        w.close()
    assert _shared_locks() == []
    assert lock.acquire(other, m.ACCESS_SHARE)     # counter back at 0
    assert _mine() == [(DB, 16390, m.ACCESS_SHARE)]
    lock.release_all()
