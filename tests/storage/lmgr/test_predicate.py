# SSI's conflict tracking, played out in one process: several simulated serializable
# sessions share one real shared-memory segment, each with its own backend state
# (predicate.switch_backend_state), and a tiny fake transaction system hands out xids and
# snapshots. The tests drive reads (SIREAD locks, conflict-out checks), writes
# (conflict-in checks), commits and aborts in chosen orders and check which transaction
# fails, when, and with which reason code; the read-only optimisations; granularity
# promotion; summarisation of old committed transactions; two-phase commit's state
# record; and that the shared structures are empty again when everyone has finished.
from __future__ import annotations

import contextlib
import os
import types

import pytest

from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lock, lwlock, predicate, predicate_locks, predicate_twophase
from pgsnake.storage.lmgr import predicate_table as pt
from pgsnake.storage.lmgr.predicate_table import SxactFlag as F, TargetTag
from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import PgError

DB = 5


def relation(oid: int, persistence: str = "p"):
    return types.SimpleNamespace(oid=oid, persistence=persistence,
                                 locator=RelFileLocator(1663, DB, oid))


X, Y, Z = relation(16400), relation(16401), relation(16402)


class World:
    """The fake transaction system: xids in assignment order, and who is running."""

    def __init__(self) -> None:
        self.next_xid = 1000
        self.running: set[int] = set()
        self.sessions: list[Session] = []

    def snapshot(self):
        xmin = min(self.running | {self.next_xid})
        return xmin, self.next_xid, frozenset(self.running)

    def session(self) -> "Session":
        s = Session(self, len(self.sessions))
        self.sessions.append(s)
        return s


class Session:
    """One simulated backend running serializable transactions."""

    def __init__(self, world: World, number: int) -> None:
        self.world = world
        self.pid = 50000 + number
        self.proc = proc_array.claim_slot(self.pid, f"session {number}")
        self.state = predicate.BackendState()
        self.xid = 0
        self.subxids: list[int] = []

    @contextlib.contextmanager
    def acting(self):
        previous = predicate.switch_backend_state(self.state)
        saved = process_state.proc_number, process_state.pid
        process_state.proc_number, process_state.pid = self.proc, self.pid
        try:
            yield
        finally:
            predicate.switch_backend_state(previous)
            process_state.proc_number, process_state.pid = saved

    @property
    def tracking(self) -> bool:
        return self.state.sxact != pt.NONE

    @property
    def sxact(self) -> pt.Sxact:
        return pt.Sxact(self.state.sxact)

    def begin(self, read_only: bool = False) -> "Session":
        with self.acting():
            predicate.serializable_snapshot(self.world.snapshot, read_only=read_only,
                                            deferrable=False)
        return self

    def _assign_xid(self) -> None:
        if not self.xid:
            self.xid = self.world.next_xid
            self.world.next_xid += 1
            self.world.running.add(self.xid)
            predicate.register_xid(self.xid)

    def subtransaction_write(self) -> int:
        """Write in a subtransaction: a subxid of our own, registered too."""
        with self.acting():
            self._assign_xid()
            subxid = self.world.next_xid
            self.world.next_xid += 1
            self.world.running.add(subxid)
            self.subxids.append(subxid)
            predicate.register_xid(subxid)
        return subxid

    def read(self, rel) -> None:
        """A sequential scan: a relation SIREAD lock."""
        with self.acting():
            predicate.lock_relation(rel)

    def read_tuple(self, rel, tid, xmin_is_ours=False) -> None:
        with self.acting():
            predicate.lock_tid(rel, tid, xmin_is_ours)

    def saw_write_of(self, rel, other: "Session | int") -> None:
        """We read a tuple `other` wrote (and our snapshot does not show that write)."""
        xid = other if isinstance(other, int) else other.xid
        with self.acting():
            if predicate.check_conflict_out_needed(rel):
                predicate.check_for_conflict_out(rel, xid)

    def write(self, rel, tid=None, in_subtransaction=False) -> None:
        with self.acting():
            self._assign_xid()
            predicate.check_for_conflict_in(rel, tid, tid[0] if tid else None,
                                            in_subtransaction=in_subtransaction)

    def drop(self, rel) -> None:
        with self.acting():
            self._assign_xid()
            predicate.check_table_for_conflict_in(rel)

    def commit(self) -> None:
        with self.acting():
            try:
                predicate.pre_commit_check()
            except PgError:
                self._end(False)
                raise
            self._end(True)

    def rollback(self) -> None:
        with self.acting():
            self._end(False)

    def _end(self, committed: bool) -> None:
        self.world.running -= {self.xid, *self.subxids}
        predicate.release_predicate_locks(committed, self.world.next_xid)
        self.xid = 0
        self.subxids = []


def reason(excinfo) -> str:
    assert excinfo.value.sqlstate == "40001"
    assert excinfo.value.message == ("could not serialize access due to read/write "
                                     "dependencies among transactions")
    assert excinfo.value.hint == "The transaction might succeed if retried."
    return excinfo.value.detail


@pytest.fixture
def world():
    for name, value in (("max_connections", "4"), ("max_prepared_transactions", "2"),
                        ("max_pred_locks_per_transaction", "64"),
                        ("max_pred_locks_per_page", "2"), ("max_pred_locks_per_relation", "-2")):
        settings.set_value(name, value, source="command line", check_context=False)
    shared_memory.create_segment()
    lock.forget_after_fork()
    predicate.forget_after_fork()
    saved = process_state.proc_number, process_state.pid
    w = World()
    yield w
    process_state.proc_number, process_state.pid = saved
    predicate.forget_after_fork()
    assert lwlock.held_count() == 0


def sxacts_in_use() -> int:
    with lwlock.named("SerializableXactHashLock").shared():
        return pt.header().sxacts_in_use


def assert_structures_empty() -> None:
    """Nothing leaked: every record is back on its free list."""
    header = pt.header()
    cap = pt.capacity()
    assert header.sxacts_in_use == 0 and header.writable_count == 0
    assert header.locks_in_use == 0 and header.targets_in_use == 0
    assert header.global_xmin == 0 and header.finished_head == pt.NONE

    def free_count(head, table, link):
        n = 0
        while head != pt.NONE:
            n += 1
            head = getattr(table(head), link)
        return n
    assert free_count(header.free_conflict, pt.Conflict, "out_next") == cap["conflicts"]
    assert free_count(header.free_xid, pt.XidEntry, "hash_next") == cap["xids"]
    assert free_count(header.free_lock, pt.Lock, "xact_next") == cap["locks"]
    assert free_count(header.free_target, pt.Target, "hash_next") == cap["targets"]
    # Every Sxact but the summary's dummy is free.
    assert free_count(header.free_sxact, pt.Sxact, "next") == cap["sxacts"] - 1


def siread_locks() -> list[tuple]:
    return sorted((tag.kind, tag.relation, tag.page if tag.kind != "relation" else None,
                   tag.offset or None, vxid)
                  for tag, vxid, _ in predicate.lock_status())


# ---- the dangerous structure -----------------------------------------------------------------

def test_write_skew_dooms_the_pivot_when_the_first_commits(world):
    # The on-call doctors: both read the table, each takes one doctor off call.
    t1, t2 = world.session().begin(), world.session().begin()
    t1.read(X)
    t2.read(X)
    t1.write(X, (0, 1))           # t2 read what t1 writes: t2 -> t1
    t2.write(X, (0, 2))           # t1 read what t2 writes: t1 -> t2
    assert not t2.sxact.flags & F.DOOMED     # nobody has committed: no decision yet
    t1.commit()                   # t1 is Tout and commits first: t2, the pivot, must go
    assert t2.sxact.flags & F.DOOMED
    with pytest.raises(PgError) as e:
        t2.commit()
    assert reason(e) == "Reason code: Canceled on identification as a pivot, during commit attempt."
    assert_structures_empty()


def test_a_doomed_transaction_fails_at_its_next_read_or_write(world):
    for action, expected in ((lambda s: s.saw_write_of(Y, 1), "during conflict out checking"),
                             (lambda s: s.write(Y), "during conflict in checking")):
        t1, t2 = world.session().begin(), world.session().begin()
        t1.read(X)
        t2.read(X)
        t1.write(X, (0, 1))
        t2.write(X, (0, 2))
        t1.commit()
        with pytest.raises(PgError) as e:
            action(t2)
        assert reason(e) == f"Reason code: Canceled on identification as a pivot, {expected}."
        t2.rollback()
    assert_structures_empty()


def test_the_writer_fails_at_once_when_it_becomes_a_pivot_whose_out_side_committed(world):
    r, w, x = world.session().begin(), world.session().begin(), world.session().begin()
    r.read(X)
    w.read(Y)
    x.write(Y, (0, 1))            # w -> x
    x.commit()                    # Tout committed first
    with pytest.raises(PgError) as e:
        w.write(X, (0, 1))        # r -> w would make w a pivot: w fails itself
    assert reason(e) == "Reason code: Canceled on identification as a pivot, during write."
    w.rollback()
    r.commit()
    assert_structures_empty()


def test_no_failure_when_the_out_side_does_not_commit_first(world):
    # t1 -> t2 -> t3, committed in the order t2, t1, t3: the serial order t1, t2, t3
    # explains everything, and SSI lets all three commit.
    t1, t2, t3 = (world.session().begin() for _ in range(3))
    t1.read(X)
    t2.read(Y)
    t2.write(X, (0, 1))          # t1 -> t2
    t3.write(Y, (0, 1))          # t2 -> t3
    t2.commit()
    t1.commit()
    t3.commit()
    assert_structures_empty()


def test_commit_ordering_the_out_side_committing_first_dooms_the_pivot(world):
    t1, t2, t3 = (world.session().begin() for _ in range(3))
    t1.read(X)
    t2.read(Y)
    t2.write(X, (0, 1))          # t1 -> t2
    t3.write(Y, (0, 1))          # t2 -> t3
    t3.commit()                  # Tout first, Tin still running: the pivot t2 goes
    with pytest.raises(PgError) as e:
        t2.commit()
    assert "during commit attempt" in reason(e)
    t1.commit()
    assert_structures_empty()


def test_a_rolled_back_transaction_conflicts_with_nobody(world):
    t1, t2 = world.session().begin(), world.session().begin()
    t1.read(X)
    t2.read(X)
    t1.write(X, (0, 1))
    t1.rollback()
    t2.write(X, (0, 2))          # t1's lock is gone with it
    t2.commit()
    assert_structures_empty()


def test_conflict_out_edges_are_recorded_once_and_only_for_concurrent_writers(world):
    early = world.session().begin()
    early.write(Z)
    committed_before = early.xid          # committed before t1's snapshot below
    early.commit()
    t1, t2 = world.session().begin(), world.session().begin()
    t2.write(Y)
    t1.saw_write_of(Y, t2)
    t1.saw_write_of(Y, t2)
    with lwlock.named("SerializableXactHashLock").shared():
        assert [(c.reader, c.writer) for c in pt.conflicts_out(t1.sxact)] == \
            [(t1.sxact.index, t2.sxact.index)]
    t1.saw_write_of(Y, committed_before)
    with lwlock.named("SerializableXactHashLock").shared():
        assert len(pt.conflicts_out(t1.sxact)) == 1
    t1.commit()
    t2.commit()
    assert_structures_empty()


# ---- read-only transactions ------------------------------------------------------------------

def test_read_only_anomaly_is_caught(world):
    # Fekete's batch/receipt: t2 adds a receipt to the current batch, t3 closes the
    # batch and commits, then the read-only report t1 sees the batch closed but not
    # t2's receipt. t1 -> t2 -> t3 with t3 committed before t1's snapshot.
    t2 = world.session().begin()
    t2.read(X)                   # reads the current batch
    t2.write(Y)                  # inserts a receipt
    t3 = world.session().begin()
    t3.write(X, (0, 1))          # closes the batch: t2 -> t3
    t3.commit()
    t1 = world.session().begin(read_only=True)
    t1.read(X)
    t1.read(Y)
    t1.saw_write_of(Y, t2)       # the receipt t1 cannot see: t1 -> t2
    t1.commit()
    with pytest.raises(PgError) as e:
        t2.commit()
    assert "during commit attempt" in reason(e)
    assert_structures_empty()


def test_read_only_reader_whose_snapshot_precedes_the_out_commit_is_harmless(world):
    # Same shape, but the report took its snapshot before t3 committed: it simply
    # appears to run first, and nothing fails.
    t2 = world.session().begin()
    t2.read(X)
    t2.write(Y)
    t1 = world.session().begin(read_only=True)
    t3 = world.session().begin()
    t3.write(X, (0, 1))
    t3.commit()
    t1.read(Y)
    t1.saw_write_of(Y, t2)
    t1.commit()
    t2.commit()
    assert_structures_empty()


def test_read_only_opts_out_when_no_writable_transaction_runs(world):
    ro = world.session().begin(read_only=True)
    assert not ro.tracking
    ro.read(X)
    assert siread_locks() == []
    reader = world.session().begin()                  # read-write, only reads
    ro2 = world.session().begin(read_only=True)
    assert ro2.tracking                               # a writable one overlaps
    ro2.read(X)
    reader.commit()                                   # committed without writing
    assert ro2.sxact.flags & F.RO_SAFE
    ro2.read(Y)                                       # the next read notices and drops out
    assert not ro2.tracking
    ro2.commit()
    assert_structures_empty()


def test_read_only_becomes_unsafe_when_a_writer_commits_with_an_earlier_conflict_out(world):
    w = world.session().begin()
    w.read(X)
    early = world.session().begin()
    early.write(X, (0, 1))                  # w -> early
    early.commit()
    ro = world.session().begin(read_only=True)   # after early's commit
    ro.read(Z)                              # nothing w writes: no edge, no failure...
    w.write(Y)
    w.commit()                              # ...but w committed a write with a conflict
    assert ro.sxact.flags & F.RO_UNSAFE     # out to early, which ro's snapshot includes
    assert ro.tracking                      # so ro can never drop out of SSI
    ro.read(Y)
    assert ro.tracking
    ro.commit()
    assert_structures_empty()


# ---- SIREAD locks ------------------------------------------------------------------------------

def test_tuple_locks_promote_to_page_then_relation(world):
    t = world.session().begin()
    t.read_tuple(X, (0, 1))
    t.read_tuple(X, (0, 2))
    assert [k for k, *_ in siread_locks()] == ["tuple", "tuple"]
    t.read_tuple(X, (0, 3))                 # a third on the page: the page instead
    assert [(k, p, o) for k, _, p, o, _ in siread_locks()] == [("page", 0, None)]
    t.read_tuple(X, (0, 4))                 # covered by the page lock
    assert len(siread_locks()) == 1
    # max_pred_locks_per_relation -2: 64 / 2 - 1 = 31 finer locks under one relation.
    assert predicate_locks.max_child_locks(TargetTag(DB, X.oid)) == 31
    for block in range(1, 40):
        t.read_tuple(X, (block, 1))
    assert [k for k, *_ in siread_locks()] == ["relation"]
    t.read_tuple(X, (99, 1))                # the relation lock covers everything
    assert len(siread_locks()) == 1
    t.commit()
    assert_structures_empty()


def test_a_write_replaces_our_own_tuple_lock_except_in_a_subtransaction(world):
    t = world.session().begin()
    t.read_tuple(X, (0, 1))
    t.read_tuple(X, (0, 2))
    t.write(X, (0, 2), in_subtransaction=True)
    assert len(siread_locks()) == 2          # a savepoint rollback could undo the write
    t.write(X, (0, 1))
    assert [(k, p, o) for k, _, p, o, _ in siread_locks()] == [("tuple", 0, 2)]
    t.commit()
    assert_structures_empty()


def test_locks_survive_commit_while_an_overlapping_transaction_runs(world):
    long = world.session().begin()
    long.read(Z)
    t = world.session().begin()
    t.read(X)
    vxid = f"{t.proc + 1}/0"
    t.commit()
    assert ("relation", X.oid, None, None, vxid) in siread_locks()
    long.commit()
    assert siread_locks() == []
    assert_structures_empty()


def test_repeatable_read_and_system_catalogs_take_no_part(world):
    t = world.session()
    t.read(X)                                # no serializable transaction: nothing
    assert siread_locks() == []
    t.begin()
    t.read(relation(1259))                   # pg_class: exempt
    t.read(relation(16500, persistence="t"))  # temporary table: exempt
    assert siread_locks() == []
    t.commit()
    assert_structures_empty()


def test_drop_table_conflicts_with_locks_at_any_granularity_and_keeps_them(world):
    r, d = world.session().begin(), world.session().begin()
    r.read_tuple(X, (3, 1))
    d.read(Y)
    r.write(Y)                                # d -> r
    r.commit()
    with pytest.raises(PgError) as e:
        d.drop(X)                             # r -> d: a cycle, and r committed first
    assert "during write" in reason(e)
    assert ("tuple", X.oid, 3, 1, f"{r.proc + 1}/0") in siread_locks()
    d.rollback()
    assert_structures_empty()


# ---- subtransactions ---------------------------------------------------------------------------

def test_a_write_by_a_subtransaction_is_found_by_its_subxid(world):
    t1, t2 = world.session().begin(), world.session().begin()
    t1.read(X)
    subxid = t2.subtransaction_write()
    with lwlock.named("SerializableXactHashLock").shared():
        assert pt.find_xid(subxid) == t2.sxact
    t1.saw_write_of(X, subxid)                # t1 -> t2, found through the subxid
    with lwlock.named("SerializableXactHashLock").shared():
        assert [c.writer for c in pt.conflicts_out(t1.sxact)] == [t2.sxact.index]
    t1.commit()
    t2.commit()
    assert_structures_empty()


# ---- summarising old committed transactions ----------------------------------------------------

def test_old_committed_transactions_are_summarised_when_every_slot_is_used(world):
    long = world.session().begin()
    long.read(Z)
    capacity = pt.capacity()["sxacts"]
    session = world.session()
    first = None
    # Fill every Sxact with committed transactions that overlap `long`.
    for _ in range(capacity - 2):
        session.begin()
        session.read(Y)
        session.write(Y)
        first = first or session.xid
        session.commit()
    assert sxacts_in_use() == capacity - 1
    newcomer = world.session().begin()        # no free Sxact: the oldest is summarised
    assert newcomer.tracking
    with lwlock.named("SerializableXactHashLock").shared():
        assert pt.find_xid(first) is None
        assert pt.summary_get(first) == pt.INVALID_SEQ_NO     # summarised: no conflict out
    # Its SIREAD lock now belongs to the dummy transaction, "-1/0" in pg_locks.
    assert ("relation", Y.oid, None, None, "-1/0") in siread_locks()
    newcomer.commit()
    long.commit()
    assert_structures_empty()


def test_reading_a_write_of_a_summarised_pivot_fails(world):
    long = world.session().begin()
    long.read(Z)
    reader = world.session().begin()           # overlaps everything below
    # p commits a write with a conflict out to q, which committed before it.
    p = world.session().begin()
    p.read(X)
    q = world.session().begin()
    q.write(X, (0, 1))                         # p -> q
    q.commit()
    p.write(Y)
    p_xid = p.xid
    p.commit()
    with _xact_locked():
        assert pt.find_xid(p_xid).flags & F.CONFLICT_OUT
    # Fill the table until p is pushed out to the summary.
    filler = world.session()
    while True:
        with _xact_locked():
            if pt.find_xid(p_xid) is None:
                break
        filler.begin()
        filler.write(Z)
        filler.commit()
    with _xact_locked():
        assert pt.summary_get(p_xid) not in (0, pt.INVALID_SEQ_NO)
    with pytest.raises(PgError) as e:
        reader.saw_write_of(Y, p_xid)          # reader -> p, p -> q, q committed first
    assert reason(e) == f"Reason code: Canceled on conflict out to old pivot {p_xid}."
    reader.rollback()
    long.commit()
    assert_structures_empty()


def _xact_locked():
    return lwlock.named("SerializableXactHashLock").shared()


# ---- two-phase commit ---------------------------------------------------------------------------

def test_prepared_transaction_state_survives_prepare_and_finishes_later(world):
    long = world.session().begin()
    long.read(Z)
    t = world.session().begin()
    t.read(X)
    t.write(Y)
    with t.acting():
        predicate.pre_commit_check()
        seq_no = t.sxact.prepare_seq_no
        predicate.pre_commit_check()            # a second call (the commit path) changes nothing
        assert t.sxact.prepare_seq_no == seq_no
        record = predicate_twophase.prepare_record()
        predicate_twophase.post_prepare()
    assert not t.tracking
    xid = t.xid
    with _xact_locked():
        prepared = pt.find_xid(xid)
        assert prepared.flags & F.PREPARED and prepared.pid == 0
    assert ("relation", X.oid, None, None, f"{t.proc + 1}/0") in siread_locks()
    # Another session now commits it (COMMIT PREPARED).
    world.running.discard(xid)
    other = world.session()
    with other.acting():
        predicate_twophase.finish_prepared(xid, True, world.next_xid)
    long.commit()
    assert_structures_empty()
    # After a restart the record rebuilds it, conservatively in conflict both ways.
    with other.acting():
        predicate_twophase.recover_prepared(xid, record)
    with _xact_locked():
        recovered = pt.find_xid(xid)
        assert recovered.flags & (F.PREPARED | F.SUMMARY_CONFLICT_IN | F.SUMMARY_CONFLICT_OUT) \
            == F.PREPARED | F.SUMMARY_CONFLICT_IN | F.SUMMARY_CONFLICT_OUT
    assert ("relation", X.oid, None, None, f"-1/{xid}") in siread_locks()
    with other.acting():
        predicate_twophase.finish_prepared(xid, False, world.next_xid)
    assert_structures_empty()
