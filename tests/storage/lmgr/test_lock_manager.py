# The heavyweight lock manager across real processes: conflicting requests wait (asleep on
# their latch) and are granted when the holder releases; waiters queue fairly; dont_wait
# reports unavailability; a deadlock is detected after deadlock_timeout with PostgreSQL's
# 40P01 report; lock_timeout gives 55P03; locks belong to (sub)transaction owners and the
# session; and the shared table is empty again when everyone is done.
import os
import pickle
import time

import pytest

from pgsnake.storage.ipc import latch, proc_array, shared_memory
from pgsnake.storage.lmgr import lock, lock_modes as m, lock_table, lock_tag, lwlock
from pgsnake.utils import interrupts, process_state, settings, timeouts
from pgsnake.utils.errors import PgError

REL = lock_tag.relation(5, 16384)
REL2 = lock_tag.relation(5, 16385)


@pytest.fixture
def table():
    for name, value in (("max_connections", "6"), ("deadlock_timeout", "100"),
                        ("lock_timeout", "0"), ("max_prepared_transactions", "0")):
        settings.set_value(name, value, source="command line", check_context=False)
    shared_memory.create_segment()
    lock.forget_after_fork()
    process_state.proc_number = proc_array.claim_slot(os.getpid(), "test")
    yield
    lock.forget_after_fork()
    process_state.proc_number = -1


class Worker:
    """A forked process with its own proc slot that runs the steps it is sent."""

    parent_fds: set = set()       # other workers' pipe ends, closed in each new child

    def __init__(self):
        self.to_r, self.to_w = os.pipe()
        self.from_r, self.from_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            for fd in Worker.parent_fds:
                os.close(fd)
            self._serve()
        os.close(self.to_r)
        os.close(self.from_w)
        Worker.parent_fds.update((self.to_w, self.from_r))

    def _serve(self):
        code = 0
        try:
            os.close(self.to_w)
            os.close(self.from_r)
            lwlock.forget_held_after_fork()
            lock.forget_after_fork()
            interrupts.install_backend_handlers()
            process_state.proc_number = proc_array.claim_slot(os.getpid(), "worker")
            reader = os.fdopen(self.to_r, "rb")
            while True:
                try:
                    fn = pickle.load(reader)
                except EOFError:
                    break
                try:
                    result = ("ok", fn())
                except PgError as e:
                    result = ("error", (e.sqlstate, e.message, e.detail))
                os.write(self.from_w, pickle.dumps(result))
        except BaseException:
            code = 1
        finally:
            os._exit(code)

    def send(self, fn):
        os.write(self.to_w, pickle.dumps(fn))

    def result(self, timeout=10.0):
        deadline = time.monotonic() + timeout
        import select
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.from_r], [], [], 0.05)
            if ready:
                return pickle.loads(os.read(self.from_r, 65536))
        raise TimeoutError("worker did not answer")

    def is_waiting(self):
        import select
        return not select.select([self.from_r], [], [], 0)[0]

    def run(self, fn, timeout=10.0):
        self.send(fn)
        return self.result(timeout)

    def close(self):
        os.close(self.to_w)
        os.close(self.from_r)
        Worker.parent_fds -= {self.to_w, self.from_r}
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.01)
        os.kill(self.pid, 9)                # a worker still blocked after a failed check
        os.waitpid(self.pid, 0)


# Steps are module-level functions so they pickle by name.
def take(tag, mode):
    return lock.acquire(tag, mode)


def try_take(tag, mode):
    return lock.acquire(tag, mode, dont_wait=True)


def release_everything():
    lock.release_all(include_session=True)
    return True


def take_with_lock_timeout(tag, mode):
    settings.set_value("lock_timeout", "100", source="session")
    try:
        return lock.acquire(tag, mode)
    finally:
        settings.set_value("lock_timeout", "0", source="session")


def _free_table():
    with lwlock.named("LockManagerLock").shared():
        return lock_table.all_locks()


def test_conflict_table_is_symmetric_and_matches_the_documented_modes():
    for a in range(1, 9):
        for b in range(1, 9):
            assert m.conflicts(a, b) == m.conflicts(b, a)
    assert not m.conflicts(m.ACCESS_SHARE, m.ROW_EXCLUSIVE)
    assert m.conflicts(m.ACCESS_SHARE, m.ACCESS_EXCLUSIVE)
    assert not m.conflicts(m.ROW_EXCLUSIVE, m.ROW_EXCLUSIVE)
    assert m.conflicts(m.SHARE, m.ROW_EXCLUSIVE)
    assert not m.conflicts(m.SHARE, m.SHARE)
    assert m.conflicts(m.SHARE_UPDATE_EXCLUSIVE, m.SHARE_UPDATE_EXCLUSIVE)


def test_acquire_is_counted_locally_and_released_at_transaction_end(table):
    assert lock.acquire(REL, m.ACCESS_SHARE)
    assert lock.acquire(REL, m.ACCESS_SHARE)        # second time: local only
    locks = _free_table()
    assert len(locks) == 1 and locks[0].granted[m.ACCESS_SHARE] == 1
    lock.release_all()
    assert _free_table() == []


def test_a_conflicting_request_waits_until_the_holder_releases(table):
    lock.acquire(REL, m.ACCESS_EXCLUSIVE)
    w = Worker()
    try:
        w.send(_Take(REL, m.ACCESS_SHARE))
        time.sleep(0.3)
        assert w.is_waiting()
        with lwlock.named("LockManagerLock").shared():
            (entry,) = lock_table.all_locks()
            assert entry.wait_mask == 1 << m.ACCESS_SHARE
        started = time.monotonic()
        lock.release_all()
        assert w.result() == ("ok", True)
        assert time.monotonic() - started < 1.0     # woken by the latch, not a poll
        assert w.run(_Call(release_everything)) == ("ok", True)
        assert _free_table() == []
    finally:
        w.close()


class _Take:
    def __init__(self, tag, mode, how=take):
        self.tag, self.mode, self.how = tag, mode, how

    def __call__(self):
        return self.how(self.tag, self.mode)


class _Call:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self):
        return self.fn()


def test_dont_wait_reports_unavailable_and_leaves_no_trace(table):
    lock.acquire(REL, m.SHARE)
    w = Worker()
    try:
        assert w.run(_Take(REL, m.ROW_EXCLUSIVE, try_take)) == ("ok", False)
        assert w.run(_Take(REL, m.SHARE, try_take)) == ("ok", True)
        locks = _free_table()
        assert len(locks) == 1 and locks[0].n_requested == 2 and locks[0].wait_mask == 0
    finally:
        w.close()
    lock.release_all()


def test_waiters_are_served_in_order(table):
    # We hold SHARE; A queues for EXCLUSIVE; B's SHARE request would fit with what is
    # granted, but must not overtake A (else A could starve).
    lock.acquire(REL, m.SHARE)
    a, b = Worker(), Worker()
    try:
        a.send(_Take(REL, m.EXCLUSIVE))
        time.sleep(0.2)
        b.send(_Take(REL, m.SHARE))
        time.sleep(0.2)
        assert a.is_waiting() and b.is_waiting()
        lock.release_all()
        assert a.result() == ("ok", True)
        time.sleep(0.2)
        assert b.is_waiting()
        assert a.run(_Call(release_everything)) == ("ok", True)
        assert b.result() == ("ok", True)
        assert b.run(_Call(release_everything)) == ("ok", True)
    finally:
        a.close()
        b.close()
    assert _free_table() == []


def test_deadlock_is_detected_after_deadlock_timeout(table):
    a, b = Worker(), Worker()
    try:
        assert a.run(_Take(REL, m.ACCESS_EXCLUSIVE)) == ("ok", True)
        assert b.run(_Take(REL2, m.ACCESS_EXCLUSIVE)) == ("ok", True)
        a.send(_Take(REL2, m.ACCESS_EXCLUSIVE))
        time.sleep(0.3)                     # a's own deadlock check found no cycle yet
        b.send(_Take(REL, m.ACCESS_EXCLUSIVE))
        status, (sqlstate, message, detail) = b.result()
        assert (status, sqlstate, message) == ("error", "40P01", "deadlock detected")
        lines = detail.split("\n")
        assert lines[0] == (f"Process {b.pid} waits for AccessExclusiveLock on relation "
                            f"16384 of database 5; blocked by process {a.pid}.")
        assert lines[1] == (f"Process {a.pid} waits for AccessExclusiveLock on relation "
                            f"16385 of database 5; blocked by process {b.pid}.")
        assert b.run(_Call(release_everything)) == ("ok", True)   # the victim aborts
        assert a.result() == ("ok", True)                         # and a goes on
        assert a.run(_Call(release_everything)) == ("ok", True)
    finally:
        a.close()
        b.close()
    assert _free_table() == []


def test_lock_upgrade_deadlock_is_found_without_waiting_for_the_timer(table):
    # Both hold ACCESS SHARE; a waits for ACCESS EXCLUSIVE; when b asks for it too, b
    # would queue behind a, who waits for b: b goes ahead of a (it holds what a wants),
    # conflicts with a's share... a deadlock seen at enqueue time.
    a, b = Worker(), Worker()
    try:
        assert a.run(_Take(REL, m.ACCESS_SHARE)) == ("ok", True)
        assert b.run(_Take(REL, m.ACCESS_SHARE)) == ("ok", True)
        a.send(_Take(REL, m.ACCESS_EXCLUSIVE))
        time.sleep(0.2)
        b.send(_Take(REL, m.ACCESS_EXCLUSIVE))
        assert b.result()[1][0] == "40P01"
        assert b.run(_Call(release_everything)) == ("ok", True)
        assert a.result() == ("ok", True)
        assert a.run(_Call(release_everything)) == ("ok", True)
    finally:
        a.close()
        b.close()
    assert _free_table() == []


def test_lock_timeout_gives_up_with_55P03_and_leaves_the_queue(table):
    lock.acquire(REL, m.ACCESS_EXCLUSIVE)
    w = Worker()
    try:
        started = time.monotonic()
        result = w.run(_Take(REL, m.ACCESS_SHARE, take_with_lock_timeout))
        assert result[0] == "error"
        assert result[1][:2] == ("55P03", "canceling statement due to lock timeout")
        assert time.monotonic() - started < 2.0
        (entry,) = _free_table()
        assert entry.wait_mask == 0 and entry.n_requested == 1
    finally:
        w.close()
    lock.release_all()
    assert _free_table() == []


def test_subtransaction_owners(table):
    lock.acquire(REL, m.ROW_EXCLUSIVE)
    level = lock.new_owner()
    lock.set_current_owner(level)
    lock.acquire(REL2, m.ROW_EXCLUSIVE)
    lock.release_owner(level)               # ROLLBACK TO: REL2 released, REL kept
    assert [e.tag for e in _free_table()] == [REL]
    level = lock.new_owner()
    lock.set_current_owner(level)
    lock.acquire(REL2, m.SHARE)
    lock.transfer_owner(level, lock.TOP_OWNER)   # RELEASE: REL2 now the transaction's
    lock.set_current_owner(lock.TOP_OWNER)
    assert {e.tag for e in _free_table()} == {REL, REL2}
    lock.acquire(REL, m.ACCESS_SHARE, session=True)
    lock.release_all()                      # commit: session lock stays
    assert [(e.tag, e.grant_mask) for e in _free_table()] == [(REL, 1 << m.ACCESS_SHARE)]
    assert lock.release(REL, m.ACCESS_SHARE, session=True)
    assert _free_table() == []
