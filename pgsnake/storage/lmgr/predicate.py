"""Serializable snapshot isolation (SSI): what makes SERIALIZABLE serializable.

A SERIALIZABLE transaction runs on one snapshot, like REPEATABLE READ, and in addition
this module watches the read/write dependencies between concurrent serializable
transactions and aborts one of them (40001) before a cycle that no serial order could
explain can commit. README.md ("Serializable snapshot isolation") explains the theory;
here is how the pieces are wired:

    reads   heap scans take a relation SIREAD lock, fetches by TID a tuple lock
            (lock_relation, lock_tid); a tuple whose writer is a concurrent
            serializable transaction we cannot see gives an rw-conflict out
            (check_for_conflict_out, per page check_conflict_out_needed)
    writes  insert / update / delete look for others' SIREAD locks on the tuple, its
            page and its relation: each is an rw-conflict in (check_for_conflict_in,
            check_table_for_conflict_in for DROP TABLE)
    edges   each new edge reader -> writer is tested for a dangerous structure
            (_check_new_edge); the pivot or the writer is doomed, or we fail at once
    commit  pre_commit_check: the last chance to fail (doomed, or we are the first of
            a dangerous structure's three to commit and the pivot must go)
    end     release_predicate_locks: commit keeps the locks and edges that overlapping
            transactions still need; abort drops everything
    snapshot
            serializable_snapshot registers the transaction under the same lock as the
            snapshot is taken; READ ONLY transactions may opt out at once, and READ ONLY
            DEFERRABLE ones wait (on their latch) for a snapshot that is safe

Only transactions of this backend that are SERIALIZABLE ever reach the shared
structures: `tracking` is False otherwise, and every hook in the heap tests that one
boolean first.

Entry points (PostgreSQL's names in brackets):
    tracking                                      MySerializableXact != Invalid
    serializable_snapshot(take, read_only=, deferrable=, own_xids=)
                                                  [GetSerializableTransactionSnapshot]
    register_xid(xid)                             [RegisterPredicateLockingXid]
    lock_relation(rel), lock_tid(rel, tid, xmin_is_ours)
                                                  [PredicateLockRelation, PredicateLockTID]
    check_conflict_out_needed(rel)                [CheckForSerializableConflictOutNeeded]
    check_for_conflict_out(rel, xid)              [CheckForSerializableConflictOut]
    check_for_conflict_in(rel, tid, block, in_subtransaction=)
                                                  [CheckForSerializableConflictIn]
    check_table_for_conflict_in(rel)              [CheckTableForSerializableConflictIn]
    pre_commit_check()                            [PreCommit_CheckForSerializationFailure]
    release_predicate_locks(is_commit, next_xid)  [ReleasePredicateLocks]
    (two-phase commit: predicate_twophase.py)
    lock_status(), safe_snapshot_blocking_pids(pid)
                                                  [GetPredicateLockStatusData,
                                                   GetSafeSnapshotBlockingPids]

Callers pass in what lives in higher layers (the snapshot function, the next xid),
since this layer may not import access.transam.

PostgreSQL: storage/lmgr/predicate.c (the functions named above, and
OnConflict_CheckForSerializationFailure, FlagRWConflict, CheckTargetForConflictsIn,
GetSafeSnapshot, SummarizeOldestCommittedSxact, ReleaseOneSerializableXact,
ClearOldPredicateLocks, SetNewSxactGlobalXmin, XidIsConcurrent),
access/heap/heapam.c (HeapCheckForSerializableConflictOut).
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from pgsnake.storage.ipc import latch
from pgsnake.storage.lmgr import lock_table, lwlock, predicate_locks
from pgsnake.storage.lmgr import predicate_table as pt
from pgsnake.storage.lmgr.predicate_table import (
    FIRST_NORMAL_SEQ_NO, INVALID_SEQ_NO, NONE, POSSIBLY_UNSAFE, RW_CONFLICT, Conflict, Sxact,
    SxactFlag as F, TargetTag)
from pgsnake.utils import interrupts, process_state
from pgsnake.utils.errors import SERIALIZATION_FAILURE, PgError

# Relations below this OID (the system catalogs) and temporary tables take no part in
# SSI (PredicateLockingNeededForRelation; PostgreSQL's FirstUnpinnedObjectId).
FIRST_UNPINNED_OBJECT_ID = 12000

Snapshot3 = tuple        # (xmin, xmax, xip, ...): what xact's take_snapshot returns


class BackendState:
    """What PostgreSQL keeps in backend-local variables for the current transaction."""
    __slots__ = ("sxact", "did_write", "locks", "xmin", "xmax", "xip", "settled_writers")

    def __init__(self) -> None:
        self.sxact = NONE                       # MySerializableXact
        self.did_write = False                  # MyXactDidWrite
        self.locks = predicate_locks.LocalLocks()   # LocalPredicateLockHash
        self.xmin = 0                           # our snapshot, for XidIsConcurrent
        self.xmax = 0
        self.xip: frozenset = frozenset()
        self.settled_writers: set[int] = set()  # check_for_conflict_out has nothing to add


_me = BackendState()
tracking = False      # this backend's transaction has an Sxact: the heap hooks' one test


def switch_backend_state(state: BackendState) -> BackendState:
    """Install `state` as this backend's, returning the previous one. Tests use it to play
    several sessions in one process; finish_prepared to act for a prepared transaction."""
    global _me, tracking
    previous = _me
    _me = state
    tracking = state.sxact != NONE
    return previous


def forget_after_fork() -> None:
    switch_backend_state(BackendState())


def is_ready() -> bool:
    return pt.is_ready()


def xact_lock() -> lwlock.LWLock:
    return lwlock.named("SerializableXactHashLock")


@contextmanager
def both_exclusive() -> Iterator[None]:
    """PredicateLockManagerLock then SerializableXactHashLock, both exclusive (the order
    of NAMED_LOCKS), for whatever moves locks and transactions together."""
    with predicate_locks.manager_lock().exclusive():
        with xact_lock().exclusive():
            yield


def _failure(reason: str) -> PgError:
    """40001, worded as PostgreSQL words it; `reason` is the "Reason code" DETAIL."""
    return PgError(SERIALIZATION_FAILURE,
                   "could not serialize access due to read/write dependencies among "
                   "transactions",
                   detail=f"Reason code: {reason}.",
                   hint="The transaction might succeed if retried.")


def my_sxact() -> Sxact:
    """This backend's Sxact (valid only while `tracking`)."""
    return Sxact(_me.sxact)


def _participates(rel) -> bool:
    """PredicateLockingNeededForRelation: not a system catalog, not a temporary table."""
    return rel.oid >= FIRST_UNPINNED_OBJECT_ID and rel.persistence != "t"


def _relation_tag(rel) -> TargetTag:
    return TargetTag(rel.locator.dboid, rel.oid)


# ---- starting: the serializable snapshot ---------------------------------------------------

def serializable_snapshot(take_snapshot: Callable[[], Snapshot3], *, read_only: bool,
                          deferrable: bool, own_xids: list[int] = ()) -> Snapshot3:
    """Take the transaction's snapshot with `take_snapshot()` and register the
    transaction (GetSerializableTransactionSnapshot). `own_xids` are xids the
    transaction already has (top-level first). READ ONLY DEFERRABLE waits here until
    it can take a safe snapshot."""
    assert not tracking, "a transaction takes its serializable snapshot once"
    if read_only and deferrable:
        return _safe_snapshot(take_snapshot)
    return _register(take_snapshot, read_only, list(own_xids))


def _register(take_snapshot, read_only: bool, own_xids: list[int]) -> Snapshot3:
    """GetSerializableTransactionSnapshotInt. The snapshot is taken under
    SerializableXactHashLock, so that which transactions had committed before it
    (last_commit_before_snapshot) and which writable ones overlap it agree with what it
    sees."""
    global tracking
    hash_lock = xact_lock()
    while True:
        hash_lock.acquire(lwlock.EXCLUSIVE)
        sxact = pt.new_sxact()
        if sxact is not None:
            break
        hash_lock.release()
        # Every Sxact in use: push the oldest committed one out. There is one: at most
        # one per proc (and per prepared transaction) is not committed, and there are
        # ten per proc. (Or someone else freed one meanwhile: then just retry.)
        _summarize_oldest_committed()
    try:
        try:
            snapshot = take_snapshot()
            header = pt.header()
            if read_only and header.writable_count == 0:
                # No writable serializable transaction runs: one that starts later
                # cannot have a conflict out to one that committed before us, so we can
                # never be part of a dangerous structure. Opt out.
                pt.free_sxact(sxact)
                return snapshot
            xmin = snapshot[0]
            sxact.vxid_backend = process_state.proc_number + 1
            sxact.vxid_local = lock_table.virtual_xid(process_state.proc_number)
            sxact.pid = process_state.pid
            sxact.proc = process_state.proc_number
            sxact.xmin = xmin
            sxact.last_commit_before_snapshot = header.last_commit_seq_no
            sxact.prepare_seq_no = sxact.commit_seq_no = INVALID_SEQ_NO
            if read_only:
                # Every writable transaction running now might still make us unsafe.
                sxact.flags = F.READ_ONLY
                for other in pt.active_sxacts():
                    if other != sxact and not other.flags & (F.COMMITTED | F.DOOMED
                                                             | F.READ_ONLY):
                        pt.add_conflict(POSSIBLY_UNSAFE, other, sxact)
                if sxact.unsafe_head == NONE:
                    pt.free_sxact(sxact)    # every writable one is doomed: opt out too
                    return snapshot
            for xid in own_xids:
                pt.add_xid(xid, sxact)
            sxact.top_xid = own_xids[0] if own_xids else 0
        except BaseException:
            if sxact.flags & F.READ_ONLY:
                for conflict in pt.possibly_unsafe(sxact):
                    pt.release_conflict(conflict)
            pt.remove_xids(sxact)
            pt.free_sxact(sxact)
            raise
        if not read_only:
            header.writable_count += 1
        if not header.global_xmin:
            header.global_xmin, header.global_xmin_count = xmin, 1
            pt.summary_set_tail(xmin)
        elif header.global_xmin == xmin:
            header.global_xmin_count += 1
    finally:
        hash_lock.release()
    _me.sxact = sxact.index
    _me.did_write = False
    _me.locks = predicate_locks.LocalLocks()
    _me.settled_writers = set()
    _me.xmin, _me.xmax, _me.xip = snapshot[:3]      # top-level xids are always in xip
    tracking = True
    return snapshot


def _safe_snapshot(take_snapshot) -> Snapshot3:
    """GetSafeSnapshot: a READ ONLY DEFERRABLE transaction takes a snapshot, then sleeps
    until every writable serializable transaction that overlaps it has finished. If
    none of them committed with a conflict out to a transaction that committed before
    our snapshot, the snapshot is safe and we drop out of SSI; otherwise we try again
    with a new snapshot."""
    while True:
        snapshot = _register(take_snapshot, True, [])
        if not tracking:
            return snapshot              # nothing writable overlaps: safe at once
        me = my_sxact()
        hash_lock = xact_lock()
        with hash_lock.exclusive():
            me.flags |= F.DEFERRABLE_WAITING
        try:
            while True:
                latch.reset_my_latch()
                with hash_lock.shared():
                    decided = me.unsafe_head == NONE or me.flags & F.RO_UNSAFE
                if decided:
                    break
                interrupts.check_for_interrupts()
                latch.wait(None)
        finally:
            with hash_lock.exclusive():
                me.flags &= ~F.DEFERRABLE_WAITING
                unsafe = bool(me.flags & F.RO_UNSAFE)
        if not unsafe:
            break
        _release(is_commit=False, read_only_safe=False, next_xid=0)
    _release(is_commit=False, read_only_safe=True, next_xid=0)
    return snapshot


def register_xid(xid: int) -> None:
    """Our transaction was given `xid` (top-level first, then subtransactions): record
    it, so a reader that finds it on a tuple finds us (RegisterPredicateLockingXid)."""
    if not tracking:
        return
    me = my_sxact()
    with xact_lock().exclusive():
        if not me.top_xid:
            me.top_xid = xid
        pt.add_xid(xid, me)


# ---- reads ------------------------------------------------------------------------------------

def _needed_for_read(rel) -> bool:
    """SerializationNeededForRead. If we were found read-only safe since the last call,
    drop out of SSI now."""
    if not tracking:
        return False
    if my_sxact().flags & F.RO_SAFE:
        _release(is_commit=False, read_only_safe=True, next_xid=0)
        return False
    return _participates(rel)


def lock_relation(rel) -> None:
    """A sequential scan reads every row, and would read any row inserted later: lock the
    whole relation (PredicateLockRelation)."""
    if _needed_for_read(rel):
        predicate_locks.acquire(_me.locks, my_sxact(), _relation_tag(rel))


def lock_tid(rel, tid: tuple[int, int], xmin_is_ours: bool) -> None:
    """We read the tuple at `tid` (PredicateLockTID). A tuple we wrote ourselves needs no
    lock: our write already makes a later writer of it wait or fail."""
    if not _needed_for_read(rel) or xmin_is_ours:
        return
    if _me.locks.holds(_relation_tag(rel)):
        return
    predicate_locks.acquire(_me.locks, my_sxact(),
                            TargetTag(rel.locator.dboid, rel.oid, tid[0], tid[1]))


def check_conflict_out_needed(rel) -> bool:
    """Before reading a page: will its tuples need check_for_conflict_out? Fails at once
    if another transaction has chosen us to die (CheckForSerializableConflictOutNeeded)."""
    if not _needed_for_read(rel):
        return False
    if my_sxact().flags & F.DOOMED:
        raise _failure("Canceled on identification as a pivot, during conflict out checking")
    return True


def _is_concurrent(xid: int) -> bool:
    """Was top-level `xid` running, or not yet started, when our snapshot was taken?
    (XidIsConcurrent)"""
    if xid < _me.xmin:
        return False
    return xid >= _me.xmax or xid in _me.xip


def check_for_conflict_out(rel, xid: int) -> None:
    """We read a tuple that `xid` wrote and our snapshot does not show us that write (it
    inserted a version we cannot see, or deleted / replaced one we still see): if
    `xid` is a concurrent serializable transaction, we have an rw-conflict out to it
    (CheckForSerializableConflictOut). `xid` 0 means there is nothing to check.
    A writer whose answer cannot change any more is remembered for the rest of the
    transaction, since a scan meets the same writer on every row it changed."""
    if not xid or xid < _me.xmin or xid in _me.settled_writers or not _needed_for_read(rel):
        return
    me = my_sxact()
    if me.flags & F.DOOMED:
        raise _failure("Canceled on identification as a pivot, during conflict out checking")
    with xact_lock().exclusive():
        writer = pt.find_xid(xid)
        if writer is None:
            settled = not _check_summarised_writer(me, xid)   # not serializable: never will be
        else:
            settled = _check_writer(me, writer)
    if settled:
        _me.settled_writers.add(xid)


def _check_writer(me: Sxact, writer: Sxact) -> bool:
    """The rest of CheckForSerializableConflictOut, for a writer that is an Sxact. True
    if asking again could not change anything: the writer is us, doomed or not
    concurrent, or we are read-write and the edge now exists (a read-write reader's
    edges last until it ends; a read-only reader's may be dropped when the writer
    commits, and PostgreSQL would check afresh). Caller holds SerializableXactHashLock."""
    if writer == me or writer.flags & F.DOOMED:
        return True
    if writer.flags & F.SUMMARY_CONFLICT_OUT:
        # It has a conflict out to a summarised transaction, which committed first; we
        # cannot tell whether before our snapshot, so something must give.
        if not writer.flags & F.PREPARED:
            writer.flags |= F.DOOMED
            return True
        raise _failure("Canceled on conflict out to old pivot")
    read_only = bool(me.flags & F.READ_ONLY)
    if (read_only and writer.flags & F.COMMITTED
            and (not writer.flags & F.CONFLICT_OUT
                 or me.last_commit_before_snapshot < writer.earliest_out_conflict_commit)):
        return False  # we appear to run before it, and so before whatever it read
    if not _is_concurrent(writer.top_xid):
        return True   # its write was already in our snapshot
    if not pt.conflict_exists(me, writer):
        _flag_rw_conflict(me, writer)
    return not read_only


def _check_summarised_writer(me: Sxact, xid: int) -> bool:
    """The writer is no longer a full Sxact: it may have been summarised (pg_serial).
    True if it was. Caller holds SerializableXactHashLock exclusively."""
    seq_no = pt.summary_get(xid)
    if not seq_no:
        return False           # not serializable, or too old to matter
    if seq_no != INVALID_SEQ_NO and (not me.flags & F.READ_ONLY
                                     or seq_no <= me.last_commit_before_snapshot):
        raise _failure(f"Canceled on conflict out to old pivot {xid}")
    if me.flags & F.SUMMARY_CONFLICT_IN or me.in_head != NONE:
        raise _failure("Canceled on identification as a pivot, with conflict out to old "
                       f"committed transaction {xid}")
    me.flags |= F.SUMMARY_CONFLICT_OUT
    return True


# ---- writes -------------------------------------------------------------------------------------

def check_for_conflict_in(rel, tid: tuple[int, int] | None = None, block: int | None = None,
                          *, in_subtransaction: bool = True) -> None:
    """We are about to write: the tuple at `tid` (update, delete), on page `block`, in
    `rel` (insert: relation only). Every other serializable transaction holding a SIREAD
    lock on any of the three read something we now change: an rw-conflict in
    (CheckForSerializableConflictIn). Finest first, so that a concurrent promotion,
    which adds the coarse lock before dropping the fine ones, is never missed.
    `in_subtransaction` keeps our own SIREAD lock on the tuple (a savepoint rollback
    would undo the write that replaces it)."""
    if not tracking or not _participates(rel):
        return
    me = my_sxact()
    if me.flags & F.DOOMED:
        raise _failure("Canceled on identification as a pivot, during conflict in checking")
    _me.did_write = True
    database = rel.locator.dboid
    if tid is not None:
        _check_target(TargetTag(database, rel.oid, tid[0], tid[1]), in_subtransaction)
    if block is not None:
        _check_target(TargetTag(database, rel.oid, block), in_subtransaction)
    _check_target(TargetTag(database, rel.oid), in_subtransaction)


def _conflicts_in_from(holder: Sxact, me: Sxact) -> bool:
    """Does `holder`'s SIREAD lock mean an rw-conflict holder -> us? Not if it is doomed,
    not if it committed before our snapshot, not if the edge exists."""
    return (not holder.flags & F.DOOMED
            and (not holder.flags & F.COMMITTED or _me.xmin < holder.finished_before)
            and not pt.conflict_exists(holder, me))


def _check_target(tag: TargetTag, in_subtransaction: bool) -> None:
    """CheckTargetForConflictsIn."""
    me = my_sxact()
    ours = False
    with predicate_locks.manager_lock().shared():
        locks = predicate_locks.holders(tag)
        if not locks:
            return
        with xact_lock().exclusive():
            for lock in locks:
                holder = Sxact(lock.sxact)
                if holder == me:
                    ours = tag.kind == "tuple" and not in_subtransaction
                elif _conflicts_in_from(holder, me):
                    _flag_rw_conflict(holder, me)
    if ours:
        predicate_locks.forget_own_tuple_lock(_me.locks, me, tag)


def check_table_for_conflict_in(rel) -> None:
    """The whole table goes (DROP TABLE): every SIREAD lock on it, at any granularity, is
    an rw-conflict into us (CheckTableForSerializableConflictIn). The locks themselves
    stay until their holders are cleaned up, as in PostgreSQL."""
    if not tracking or not _participates(rel):
        return
    if not pt.header().global_xmin:
        return
    _me.did_write = True
    me = my_sxact()
    with predicate_locks.manager_lock().shared():
        locks = predicate_locks.relation_holders(rel.locator.dboid, rel.oid)
        with xact_lock().exclusive():
            for lock in locks:
                holder = Sxact(lock.sxact)
                if holder != me and not pt.conflict_exists(holder, me):
                    _flag_rw_conflict(holder, me)


# ---- the dangerous structure --------------------------------------------------------------------

def _flag_rw_conflict(reader: Sxact, writer: Sxact) -> None:
    """Add the edge reader -> writer, after checking that it completes no dangerous
    structure (FlagRWConflict). Caller holds SerializableXactHashLock exclusively."""
    _check_new_edge(reader, writer)
    old = pt.old_committed()
    if reader == old:
        writer.flags |= F.SUMMARY_CONFLICT_IN
    elif writer == old:
        reader.flags |= F.SUMMARY_CONFLICT_OUT
    else:
        pt.add_conflict(RW_CONFLICT, reader, writer)


def _check_new_edge(reader: Sxact, writer: Sxact) -> None:
    """OnConflict_CheckForSerializationFailure. A new edge reader -> writer may complete

        reader --rw--> writer --rw--> T2          (the writer is the pivot), or
        T0 --rw--> reader --rw--> writer          (the reader is the pivot).

    It is only an anomaly if the transaction at the far end of the out-edge commits
    first, so we act only once that one has at least passed its pre-commit check
    (PREPARED); and not if a read-only T0 / reader took its snapshot before that
    commit (then it simply appears to run first). If it is one: fail now if we are the
    writer, fail the reader (us) if the writer can no longer be failed, else doom the
    writer, which fails at its next check or at its commit."""
    if not (_writer_pivot_with_out_side_first(reader, writer)
            or _reader_pivot_with_writer_first(reader, writer)):
        return
    if writer == my_sxact():
        raise _failure("Canceled on identification as a pivot, during write")
    if writer.flags & F.PREPARED:
        raise _failure(f"Canceled on conflict out to pivot {writer.top_xid}, during read")
    writer.flags |= F.DOOMED


def _writer_pivot_with_out_side_first(reader: Sxact, writer: Sxact) -> bool:
    """reader --rw--> writer --rw--> T2, T2 prepared before the others committed (and
    before a read-only reader's snapshot)."""
    if writer.flags & F.SUMMARY_CONFLICT_OUT:
        return True          # T2 was summarised: it committed, early
    if writer.flags & F.COMMITTED and writer.flags & F.CONFLICT_OUT:
        return True          # the writer committed knowing T2 had committed before it
    for conflict in pt.conflicts_out(writer):
        t2 = Sxact(conflict.writer)
        if not t2.flags & F.PREPARED:
            continue
        first = t2.prepare_seq_no
        if reader.flags & F.COMMITTED and first > reader.commit_seq_no:
            continue
        if writer.flags & F.COMMITTED and first > writer.commit_seq_no:
            continue
        if reader.flags & F.READ_ONLY and first > reader.last_commit_before_snapshot:
            continue
        return True
    return False


def _reader_pivot_with_writer_first(reader: Sxact, writer: Sxact) -> bool:
    """T0 --rw--> reader --rw--> writer, the writer prepared before T0 committed (and
    before a read-only T0's snapshot). A read-only reader is never a pivot: it has no
    conflicts in."""
    if not writer.flags & F.PREPARED or reader.flags & F.READ_ONLY:
        return False
    if reader.flags & F.SUMMARY_CONFLICT_IN:
        return True
    first = writer.prepare_seq_no
    for conflict in pt.conflicts_in(reader):
        t0 = Sxact(conflict.reader)
        if t0.flags & F.DOOMED:
            continue
        if t0.flags & F.COMMITTED and t0.commit_seq_no < first:
            continue
        if t0.flags & F.READ_ONLY and t0.last_commit_before_snapshot < first:
            continue
        return True
    return False


def pre_commit_check() -> None:
    """PreCommit_CheckForSerializationFailure: the last moment we may fail (if doomed).
    We may be Tout of Tin --rw--> pivot --rw--> us with the pivot still running and Tin
    running too (or Tin being us, as in write skew): committing first makes the
    structure real, so the pivot is doomed now. Not us, so that work gets done; not
    Tin, whose retry could meet the same pivot again. Then we take a prepare sequence
    number: from now on nobody can choose us to die. Runs once (PREPARE TRANSACTION
    may have run it already)."""
    if not tracking:
        return
    me = my_sxact()
    if me.flags & F.PREPARED:
        return                 # PREPARE TRANSACTION ran it already
    with xact_lock().exclusive():
        if me.flags & F.DOOMED:
            raise _failure("Canceled on identification as a pivot, during commit attempt")
        for near in pt.conflicts_in(me):
            pivot = Sxact(near.reader)
            if pivot.flags & (F.COMMITTED | F.DOOMED):
                continue
            for far in pt.conflicts_in(pivot):
                t_in = Sxact(far.reader)
                if t_in == me or not t_in.flags & (F.COMMITTED | F.READ_ONLY | F.DOOMED):
                    if pivot.flags & F.PREPARED:
                        raise _failure("Canceled on commit attempt with conflict in from "
                                       "prepared pivot")
                    pivot.flags |= F.DOOMED
                    break
        header = pt.header()
        header.last_commit_seq_no += 1
        me.prepare_seq_no = header.last_commit_seq_no
        me.flags |= F.PREPARED


# ---- the end of a transaction -------------------------------------------------------------------

def release_predicate_locks(is_commit: bool, next_xid: int = 0) -> None:
    """ReleasePredicateLocks at commit or abort. `next_xid` (the next xid to be
    assigned) is needed at commit: transactions that take snapshots from then on cannot
    overlap us."""
    assert next_xid or not is_commit or not tracking, "a commit needs the next xid"
    _release(is_commit, False, next_xid)


def _release(is_commit: bool, read_only_safe: bool, next_xid: int) -> None:
    """ReleasePredicateLocks(isCommit, isReadOnlySafe). A commit stays on the finished
    list, keeping its locks and edges for as long as overlapping transactions run; an
    abort (or a read-only transaction found safe) is released at once."""
    if not tracking:
        return
    me = my_sxact()
    to_wake = []
    with both_exclusive():
        header = pt.header()
        declared_read_only = bool(me.flags & F.READ_ONLY)
        if next_xid:
            me.finished_before = next_xid
        if is_commit:
            me.flags |= F.COMMITTED
            header.last_commit_seq_no += 1
            me.commit_seq_no = header.last_commit_seq_no
            if not _me.did_write:
                me.flags |= F.READ_ONLY       # committed without writing: read-only after all
        else:
            # DOOMED: no longer a reason to fail anyone; ROLLED_BACK: ready to be freed.
            me.flags = (me.flags | F.DOOMED | F.ROLLED_BACK) & ~F.PREPARED
        if not declared_read_only:
            header.writable_count -= 1
            if header.writable_count == 0:
                # No writer left to conflict with what committed so far.
                header.can_partial_clear_through = header.last_commit_seq_no
        else:
            for conflict in pt.possibly_unsafe(me):
                pt.release_conflict(conflict)
        read_only_now = bool(me.flags & F.READ_ONLY)
        if is_commit and not read_only_now and me.flags & F.SUMMARY_CONFLICT_OUT:
            # Conflict out to some summarised transaction: it committed, earlier than
            # anything we can name.
            me.earliest_out_conflict_commit = FIRST_NORMAL_SEQ_NO
            me.flags |= F.CONFLICT_OUT
        for conflict in pt.conflicts_out(me):
            writer = Sxact(conflict.writer)
            if is_commit and not read_only_now and writer.flags & F.COMMITTED:
                if (not me.flags & F.CONFLICT_OUT
                        or writer.prepare_seq_no < me.earliest_out_conflict_commit):
                    me.earliest_out_conflict_commit = writer.prepare_seq_no
                me.flags |= F.CONFLICT_OUT
            if (not is_commit or writer.flags & F.COMMITTED
                    or writer.last_commit_before_snapshot >= header.last_commit_seq_no):
                pt.release_conflict(conflict)
        for conflict in pt.conflicts_in(me):
            reader = Sxact(conflict.reader)
            if not is_commit or reader.flags & (F.COMMITTED | F.READ_ONLY):
                pt.release_conflict(conflict)
        if not declared_read_only:
            to_wake = _settle_read_only_transactions(me, is_commit)
        need_cleanup = False
        if header.global_xmin and me.xmin == header.global_xmin:
            header.global_xmin_count -= 1
            if header.global_xmin_count == 0:
                _set_new_global_xmin()
                need_cleanup = True
        if is_commit:
            pt.push_finished(me)
        else:
            _release_one(me, partial=False, summarize=False)
        if need_cleanup:
            _clear_old_predicate_locks()
    forget_local()
    for proc in to_wake:
        latch.set_latch(proc)


def _settle_read_only_transactions(me: Sxact, is_commit: bool) -> list[int]:
    """A writable transaction ends: each read-only transaction that overlapped it either
    becomes unsafe (we committed a write and had a conflict out to a transaction that
    committed before its snapshot) or loses one reason to worry, and is safe once it
    has none left. Returns the procs of DEFERRABLE waiters to wake."""
    to_wake = []
    while me.unsafe_head != NONE:
        conflict = Conflict(me.unsafe_head)
        read_only = Sxact(conflict.writer)
        if (is_commit and _me.did_write and me.flags & F.CONFLICT_OUT
                and me.earliest_out_conflict_commit <= read_only.last_commit_before_snapshot):
            _flag_unsafe(read_only)            # drops this pairing and all its others
        else:
            pt.release_conflict(conflict)
            if read_only.unsafe_head == NONE:
                read_only.flags |= F.RO_SAFE
        if (read_only.flags & F.DEFERRABLE_WAITING
                and read_only.flags & (F.RO_SAFE | F.RO_UNSAFE) and read_only.proc != NONE):
            to_wake.append(read_only.proc)
    return to_wake


def _flag_unsafe(read_only: Sxact) -> None:
    """FlagSxactUnsafe: its snapshot can no longer be shown safe; stop looking."""
    read_only.flags |= F.RO_UNSAFE
    for conflict in pt.possibly_unsafe(read_only):
        pt.release_conflict(conflict)


def forget_local() -> None:
    """This backend no longer runs a tracked transaction (its Sxact lives on or is gone)."""
    global tracking
    _me.sxact = NONE
    _me.did_write = False
    _me.locks = predicate_locks.LocalLocks()
    _me.settled_writers = set()
    tracking = False


def _set_new_global_xmin() -> None:
    """SetNewSxactGlobalXmin: the oldest snapshot among running serializable
    transactions, and how many share it. Caller holds SerializableXactHashLock."""
    header = pt.header()
    oldest, count = 0, 0
    old = pt.old_committed()
    for sxact in pt.active_sxacts():
        if sxact.flags & (F.ROLLED_BACK | F.COMMITTED) or sxact == old:
            continue
        if not oldest or sxact.xmin < oldest:
            oldest, count = sxact.xmin, 1
        elif sxact.xmin == oldest:
            count += 1
    header.global_xmin, header.global_xmin_count = oldest, count
    pt.summary_set_tail(oldest)


def _clear_old_predicate_locks() -> None:
    """ClearOldPredicateLocks: release committed transactions no running one overlaps;
    if only read-only ones still overlap a committed transaction, drop its locks and
    conflicts in (read-only transactions cannot be a write's pivot) but keep its record.
    The finished list is in commit order, so stop at the first still needed. Caller
    holds both locks exclusively."""
    header = pt.header()
    for sxact in pt.finished_sxacts():
        if not header.global_xmin or sxact.finished_before <= header.global_xmin:
            pt.remove_finished(sxact)
            _release_one(sxact, partial=False, summarize=False)
        elif (header.have_partial_cleared_through < sxact.commit_seq_no
              <= header.can_partial_clear_through):
            if sxact.flags & F.READ_ONLY:
                pt.remove_finished(sxact)
                _release_one(sxact, partial=False, summarize=False)
            else:
                _release_one(sxact, partial=True, summarize=False)
            header.have_partial_cleared_through = sxact.commit_seq_no
        else:
            break
    predicate_locks.clear_summarised_locks(header.can_partial_clear_through)


def _release_one(sxact: Sxact, *, partial: bool, summarize: bool) -> None:
    """ReleaseOneSerializableXact: drop (or, summarising, hand to old_committed) its SIREAD
    locks and its conflicts in; unless `partial`, also its conflicts out, its xids and
    the record itself. Summarising turns each dropped edge into a summary flag on the
    transaction at the other end. Caller holds both locks exclusively."""
    predicate_locks.release_locks_of(sxact, summarize)
    if not partial:
        for conflict in pt.conflicts_out(sxact):
            if summarize:
                Sxact(conflict.writer).flags |= F.SUMMARY_CONFLICT_IN
            pt.release_conflict(conflict)
    for conflict in pt.conflicts_in(sxact):
        if summarize:
            Sxact(conflict.reader).flags |= F.SUMMARY_CONFLICT_OUT
        pt.release_conflict(conflict)
    if not partial:
        pt.remove_xids(sxact)
        pt.free_sxact(sxact)


def _summarize_oldest_committed() -> None:
    """SummarizeOldestCommittedSxact: free one Sxact by folding the oldest committed one
    into the summary (its locks to old_committed, its earliest conflict-out commit to
    the summary ring by xid). Another backend may have freed one meanwhile: then there
    is nothing to do."""
    with both_exclusive():
        header = pt.header()
        if header.finished_head == NONE:
            return
        sxact = Sxact(header.finished_head)
        pt.remove_finished(sxact)
        if sxact.top_xid and not sxact.flags & F.READ_ONLY:
            seq_no = (sxact.earliest_out_conflict_commit if sxact.flags & F.CONFLICT_OUT
                      else INVALID_SEQ_NO)
            for xid in pt.xids_of(sxact):
                pt.summary_add(xid, seq_no)
        _release_one(sxact, partial=False, summarize=True)


# ---- introspection -----------------------------------------------------------------------

def lock_status() -> list[tuple[TargetTag, str, int | None]]:
    """(target, virtual transaction, pid or None) for every SIREAD lock, as pg_locks shows
    them: the holder may have committed long ago (GetPredicateLockStatusData)."""
    if not pt.is_ready():
        return []
    with predicate_locks.manager_lock().shared():
        with xact_lock().shared():
            return [(tag, f"{sxact.vxid_backend}/{sxact.vxid_local}", sxact.pid or None)
                    for tag, sxact in predicate_locks.status()]


def safe_snapshot_blocking_pids(pid: int) -> list[int]:
    """The pids of the writable transactions a READ ONLY DEFERRABLE transaction in
    process `pid` waits for (GetSafeSnapshotBlockingPids); [] if it does not wait."""
    if not pt.is_ready():
        return []
    with xact_lock().shared():
        for sxact in pt.active_sxacts():
            if sxact.pid == pid and sxact.flags & F.DEFERRABLE_WAITING:
                return [Sxact(c.reader).pid for c in pt.possibly_unsafe(sxact)]
    return []
