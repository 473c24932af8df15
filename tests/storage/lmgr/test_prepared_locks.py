# A prepared transaction's locks in the lock manager: PREPARE hands this backend's
# transaction-level locks to a dummy proc in one step, still granted, so a process
# waiting for one goes on waiting; session locks stay; an object locked at both levels
# is refused; pg_locks shows the moved locks with no pid under the preparing backend's
# virtual transaction, pg_blocking_pids shows the prepared transaction as pid 0; startup
# re-takes a recovered transaction's locks; and releasing the dummy's locks wakes the
# waiter at once.
import os
import time

import pytest

from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lock, lock_functions, lock_modes as m, lock_table, lock_tag, lwlock
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import PgError
from test_lock_manager import Worker, _Call, _Take, release_everything

REL = lock_tag.relation(5, 16384)
ADVISORY = lock_tag.advisory_int8(5, 42)


@pytest.fixture
def table():
    for name, value in (("max_connections", "6"), ("deadlock_timeout", "100"),
                        ("lock_timeout", "0"), ("max_prepared_transactions", "2")):
        settings.set_value(name, value, source="command line", check_context=False)
    shared_memory.create_segment()
    lock.forget_after_fork()
    process_state.proc_number = proc_array.claim_slot(os.getpid(), "test")
    yield proc_array.slot_count()            # the first dummy proc
    lock.forget_after_fork()
    process_state.proc_number = -1
    settings.set_value("max_prepared_transactions", "0", source="command line",
                       check_context=False)


def holders(tag):
    with lwlock.named("LockManagerLock").shared():
        entry = lock_table.find_lock(tag)
        return [] if entry is None else [(p, m.modes_in(mask)) for _, p, mask in lock_table.holders(entry)]


def test_transfer_keeps_locks_granted_and_release_wakes_the_waiter(table):
    dummy = table
    me = process_state.proc_number
    lock.acquire(REL, m.ROW_EXCLUSIVE)
    lock.acquire(REL, m.SHARE)
    lock.acquire(ADVISORY, m.EXCLUSIVE, session=True)
    w = Worker()
    try:
        w.send(_Take(REL, m.ACCESS_EXCLUSIVE))
        time.sleep(0.3)
        assert w.is_waiting()
        assert lock.locks_to_prepare() == sorted([(REL, m.ROW_EXCLUSIVE), (REL, m.SHARE)])
        lock.transfer_to_prepared(dummy, me + 1, 77)
        # (the waiter's PROCLOCK holds nothing yet)
        assert [h for h in holders(REL) if h[1]] == [(dummy, [m.ROW_EXCLUSIVE, m.SHARE])]
        assert holders(ADVISORY) == [(me, [m.EXCLUSIVE])]
        assert [tag for tag, _, _ in lock.held_locks()] == [ADVISORY]
        time.sleep(0.2)
        assert w.is_waiting()                     # still waiting, now for the dummy
        rows = [r for r in lock_functions.pg_lock_status() if r[0] == "relation"]
        assert sorted((r[10], r[11], r[12], r[13]) for r in rows if r[11] is None) == [
            (f"{me + 1}/77", None, "RowExclusiveLock", True),
            (f"{me + 1}/77", None, "ShareLock", True)]
        assert [(r[11], r[12], r[13]) for r in rows if r[11] is not None] == [
            (w.pid, "AccessExclusiveLock", False)]
        waiter_pid = w.pid
        assert lock_functions.blocking_pids(waiter_pid) == [0]
        started = time.monotonic()
        lock.release_prepared(dummy)
        assert w.result() == ("ok", True)
        assert time.monotonic() - started < 1.0   # woken by its latch, not a poll
        assert w.run(_Call(release_everything)) == ("ok", True)
        with lwlock.named("LockManagerLock").shared():
            assert lock_table.prepared_virtual_xid(dummy) is None
        lock.release_all(include_session=True)
        assert holders(REL) == [] and holders(ADVISORY) == []
    finally:
        w.close()


def test_session_and_transaction_lock_on_one_object_is_refused(table):
    lock.acquire(REL, m.ACCESS_SHARE, session=True)
    lock.acquire(REL, m.ROW_EXCLUSIVE)
    with pytest.raises(PgError) as e:
        lock.locks_to_prepare()
    assert (e.value.sqlstate, e.value.message) == (
        "0A000", "cannot PREPARE while holding both session-level and transaction-level "
                 "locks on the same object")
    lock.release_all(include_session=True)


def test_recovery_retakes_locks_for_dummy_procs(table):
    first, second = table, table + 1
    lock.acquire_for_prepared(first, REL, m.ROW_EXCLUSIVE, -1, 700)
    lock.acquire_for_prepared(first, lock_tag.transaction(700), m.EXCLUSIVE, -1, 700)
    lock.acquire_for_prepared(second, REL, m.ROW_EXCLUSIVE, -1, 701)   # compatible
    assert holders(REL) == [(second, [m.ROW_EXCLUSIVE]), (first, [m.ROW_EXCLUSIVE])]
    with pytest.raises(PgError) as e:
        lock.acquire_for_prepared(second, REL, m.ACCESS_EXCLUSIVE, -1, 701)
    assert "conflicts with a lock of another prepared transaction" in e.value.message
    rows = [r for r in lock_functions.pg_lock_status() if r[0] == "transactionid"]
    assert [(r[6], r[10], r[11]) for r in rows] == [(700, "-1/700", None)]
    # A backend asking for a conflicting lock now waits for the prepared transaction.
    assert not lock.acquire(REL, m.SHARE, dont_wait=True)
    lock.release_prepared(first)
    lock.release_prepared(second)
    assert lock.acquire(REL, m.SHARE, dont_wait=True)
    lock.release_all()
    with lwlock.named("LockManagerLock").shared():
        assert lock_table.all_locks() == []
