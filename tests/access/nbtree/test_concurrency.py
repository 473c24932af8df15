# Proves Lehman and Yao at work across processes sharing one buffer pool: forked
# inserters split pages while forked scanners read the index forwards and backwards, and
# no scan ever misses an entry that existed before it started, returns one twice, or
# returns entries out of order; afterwards the index holds exactly what was inserted and
# amcheck finds it intact. Uniqueness across processes, with real transactions and heap
# tuples: an inserter that meets an equal key of a transaction still running waits for it
# (23505 if it commits, success if it aborts), and with many processes inserting
# overlapping keys each key ends up committed exactly once, every loser getting 23505.
from __future__ import annotations

import os
import pickle
import random
import select
import time

import pytest

from nbtree_support import make_index, make_table, scan_all
from pgsnake.access.heap import heap_lock, heapam, visibility
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import search, verify
from pgsnake.access.nbtree.scan import BACKWARD, FORWARD
from pgsnake.access.transam import xact
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lock, lock_functions, lwlock
from pgsnake.utils import interrupts, process_state
from pgsnake.utils.errors import PgError

INDEX = make_index("accounts_pkey", (("id", 23),), unique=True, oid=16500, heap_oid=16490)
PLAIN = make_index("plain", (("k", 23),), oid=16501)
TABLE = make_table("accounts", (("id", 23),), oid=16490)


class Worker:
    """A forked backend (own proc slot) running the steps it is sent, one at a time."""

    parent_fds: set = set()       # the other workers' pipe ends, closed in each new child

    def __init__(self):
        self.to_r, self.to_w = os.pipe()
        self.from_r, self.from_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            self._serve()
        os.close(self.to_r)
        os.close(self.from_w)
        Worker.parent_fds.update((self.to_w, self.from_r))

    def _serve(self):
        code = 0
        try:
            for fd in Worker.parent_fds:
                os.close(fd)
            os.close(self.to_w)
            os.close(self.from_r)
            lwlock.forget_held_after_fork()
            lock.forget_after_fork()
            bufmgr.forget_pins_after_fork()
            process_state.after_fork("backend")
            interrupts.install_backend_handlers()
            # Until it has a slot of its own, the child must not sleep on the latch of
            # the slot it inherited: the parent and its siblings share that one.
            process_state.proc_number = -1
            process_state.proc_number = proc_array.claim_slot(os.getpid(), "backend")
            reader = os.fdopen(self.to_r, "rb")
            while True:
                try:
                    fn, args = pickle.load(reader)
                except EOFError:
                    break
                try:
                    result = ("ok", fn(*args))
                except PgError as e:
                    result = ("error", (e.sqlstate, e.message, e.detail))
                except BaseException:            # a bug: report it, do not hang
                    import traceback
                    result = ("crash", traceback.format_exc())
                if result[0] != "ok":            # what tcop does after an error
                    lwlock.release_all()
                    bufmgr.release_all_pins()
                data = pickle.dumps(result)
                os.write(self.from_w, len(data).to_bytes(4, "little") + data)
        except BaseException:
            code = 1
        finally:
            os._exit(code)

    def send(self, fn, *args):
        os.write(self.to_w, pickle.dumps((fn, args)))

    def result(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        buf = b""
        while time.monotonic() < deadline:
            if select.select([self.from_r], [], [], 0.05)[0]:
                buf += os.read(self.from_r, 1 << 20)
                if len(buf) >= 4 and len(buf) >= 4 + int.from_bytes(buf[:4], "little"):
                    return pickle.loads(buf[4:4 + int.from_bytes(buf[:4], "little")])
        raise TimeoutError("worker did not answer")

    def waits_for(self, other, timeout=30.0):
        """Wait until this worker sleeps on a heavyweight lock `other` holds (its
        transaction id, for a uniqueness wait); False if it answered or never blocked."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([self.from_r], [], [], 0)[0]:
                return False
            if other.pid in lock_functions.blocking_pids(self.pid):
                return True
            time.sleep(0.01)
        return False

    def run(self, fn, *args, timeout=60.0):
        self.send(fn, *args)
        return self.result(timeout)

    def close(self):
        os.close(self.to_w)
        os.close(self.from_r)
        Worker.parent_fds -= {self.to_w, self.from_r}
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.01)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)


@pytest.fixture
def workers(wal_cluster):
    made = []

    def make(n):
        new = [Worker() for _ in range(n)]
        made.extend(new)
        return new
    yield make
    for worker in made:
        worker.close()


# ---- steps run in the workers (module level, so they pickle by name) ----

def insert_keys(keys, tid_base):
    for i, key in enumerate(keys):
        am.insert(PLAIN, [key], (tid_base + i // 100, i % 100 + 1))
    return len(keys)


def scan_repeatedly(base_entries, seconds, direction):
    """Scan the whole index over and over while others insert; check each scan."""
    base = set(base_entries)
    scans = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or scans < 3:
        items = scan_all(am.begin_scan(PLAIN, [], direction, want_values=True))
        got = [(item.values[0], item.heap_tid) for item in items]
        if direction == BACKWARD:
            got.reverse()
        if got != sorted(got):
            return ("out of order", scans)
        if len(set(got)) != len(got):
            return ("duplicate", scans)
        missing = base - set(got)
        if missing:
            return ("missed", sorted(missing)[:5])
        scans += 1
    return ("ok", scans)


_in_progress_answers = [0]


def heap_check(tid):
    """The uniqueness callback over the real heap: SnapshotDirty's answer."""
    tuple_page = heap_lock.TuplePage.open(TABLE, tid, bufmgr.SHARE)
    if tuple_page is None:
        return ("dead", 0)
    try:
        def is_mine(x):
            return x == xact.get_current_xid_if_any() or xact.is_current_xid(x)
        present, inserting, deleting = visibility.tuple_dirty_state(tuple_page.header, is_mine)
    finally:
        tuple_page.close()
    if not present:
        return ("dead", 0)
    if inserting or deleting:
        _in_progress_answers[0] += 1
        return ("in_progress", inserting or deleting)
    return ("live", 0)


def begin_and_insert(key):
    """Start a transaction, insert the row and its index entry; stay open."""
    xact.start_transaction_command()
    try:
        tid = heapam.heap_insert(TABLE, [key])
        am.insert(INDEX, [key], tid, unique=True, check_callback=heap_check, heap_rel=TABLE)
    except PgError:
        xact.abort_current_transaction()
        lwlock.release_all()
        bufmgr.release_all_pins()
        raise
    return tid


def count_entries():
    return len(scan_all(am.begin_scan(INDEX, [])))


def finish(commit):
    if commit:
        xact.commit_transaction_command()
    else:
        xact.abort_current_transaction()
    return commit


def insert_committed(keys, pause):
    """One transaction per key; returns (committed keys, 23505 count, waits)."""
    won, lost = [], 0
    for key in keys:
        try:
            begin_and_insert(key)
        except PgError as e:
            if e.sqlstate != "23505":
                raise
            lost += 1
            continue
        time.sleep(pause)                 # keep the transaction open a moment
        xact.commit_transaction_command()
        won.append(key)
    return won, lost, _in_progress_answers[0]


# ---- the tests ----

def test_scans_never_miss_or_repeat_during_concurrent_splits(wal_cluster, workers):
    am.create_storage(PLAIN)
    am.build(PLAIN, None, [])
    rng = random.Random(1)
    base = [(rng.randrange(10**6), (1000 + i // 100, i % 100 + 1)) for i in range(1500)]
    for key, tid in base:
        am.insert(PLAIN, [key], tid)
    inserters = workers(3)
    scanners = workers(2)
    batches = [[rng.randrange(10**6) for _ in range(1500)] for _ in inserters]
    for n, (worker, keys) in enumerate(zip(inserters, batches)):
        worker.send(insert_keys, keys, 100 * n)
    for worker, direction in zip(scanners, (FORWARD, BACKWARD)):
        worker.send(scan_repeatedly, base, 2.0, direction)
    scanned = [worker.result(120) for worker in scanners]
    assert [w.result(120) for w in inserters] == [("ok", 1500)] * 3
    for status, answer in scanned:
        assert status == "ok", answer
        verdict, detail = answer
        assert verdict == "ok", detail
        assert detail >= 3                        # full scans completed meanwhile
    expected = sorted(base + [(key, (100 * n + i // 100, i % 100 + 1))
                              for n, keys in enumerate(batches) for i, key in enumerate(keys)])
    items = scan_all(am.begin_scan(PLAIN, [], want_values=True))
    assert [(item.values[0], item.heap_tid) for item in items] == expected
    verify.bt_index_check(PLAIN, parent_check=True)


def _create_table_and_index():
    xact.start_transaction_command()
    heapam.heap_create_storage(TABLE)
    am.create_storage(INDEX)
    am.build(INDEX, TABLE, [])
    xact.commit_transaction_command()


def test_inserter_waits_for_the_running_writer_of_an_equal_key(wal_cluster, workers):
    _create_table_and_index()
    alice, bob = workers(2)
    assert alice.run(begin_and_insert, 7)[0] == "ok"
    bob.send(begin_and_insert, 7)
    assert bob.waits_for(alice)                   # on alice's xid ...
    assert alice.run(count_entries, timeout=20) == ("ok", 1)   # ... holding no page lock
    assert alice.run(finish, True) == ("ok", True)
    status, (sqlstate, message, detail) = bob.result()
    assert (status, sqlstate, detail) == ("error", "23505", "Key (id)=(7) already exists.")

    assert alice.run(begin_and_insert, 8)[0] == "ok"
    bob.send(begin_and_insert, 8)
    assert bob.waits_for(alice)
    assert alice.run(finish, False) == ("ok", False)   # alice rolls back: bob goes ahead
    assert bob.result()[0] == "ok"
    assert bob.run(finish, True) == ("ok", True)
    xact.start_transaction_command()
    snapshot = xact.get_transaction_snapshot()
    rows = sorted(values[0] for _tid, values in heapam.heap_scan(TABLE, snapshot))
    xact.commit_transaction_command()
    assert rows == [7, 8]


def test_each_key_is_committed_exactly_once(wal_cluster, workers):
    _create_table_and_index()
    rng = random.Random(2)
    keys = list(range(1000))                      # two and a half leaf pages: splits too
    crowd = workers(4)
    # Two workers race through the same order (so they meet each other's running
    # inserts and wait), one goes the other way, one at random.
    order = rng.sample(keys, len(keys))
    plans = [order, order, order[::-1], rng.sample(keys, len(keys))]
    for worker, plan in zip(crowd, plans):
        worker.send(insert_committed, plan, 0.002)
    results = [worker.result(180) for worker in crowd]
    assert all(status == "ok" for status, _ in results), results
    won = [key for _status, (keys_won, _lost, _waits) in results for key in keys_won]
    lost = sum(lost for _status, (_won, lost, _waits) in results)
    waits = sum(waits for _status, (_won, _lost, waits) in results)
    assert sorted(won) == keys                    # every key committed exactly once
    assert lost == len(keys) * (len(crowd) - 1)   # and every other attempt got 23505
    assert waits > 0                              # some found a running inserter
    xact.start_transaction_command()
    snapshot = xact.get_transaction_snapshot()
    visible = sorted(values[0] for _tid, values in heapam.heap_scan(TABLE, snapshot))
    xact.commit_transaction_command()
    assert visible == keys
    verify.bt_index_check(INDEX, parent_check=True)
    assert search.read_metadata(INDEX).level == 1
