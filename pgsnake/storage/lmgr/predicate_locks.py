"""SIREAD locks: taking them at relation, page or tuple granularity, promoting many fine
locks into one coarse one, and giving them up.

A SIREAD lock never blocks anyone. It is a note in shared memory: "transaction T read
this relation / page / tuple". A writer looks for such notes on what it writes (the
tuple, its page, its relation) to discover that a concurrent reader would have seen
something else had it run later: an rw-conflict (predicate.py decides what that means).

Granularity. Each backend keeps a private table (`LocalLocks`) of the targets it holds
and, for every coarser target, how many finer locks it holds below it. A lock request
that a coarser lock already covers is ignored. When a page gathers more than
`max_pred_locks_per_page` tuple locks, or a relation more than its limit of page and
tuple locks (`max_pred_locks_per_relation`; negative: max_pred_locks_per_transaction
divided by its absolute value, minus one), the coarser lock is taken instead and the
finer ones are dropped. A coarser lock only ever replaces finer ones *after* it exists,
so a writer checking tuple, then page, then relation never misses all of them.

Entry points:
    LocalLocks                          LocalPredicateLockHash
    acquire(local, sxact, tag)          PredicateLockAcquire
    forget_own_tuple_lock(local, sxact, tag)
                                        a write of the tuple replaced our SIREAD lock on it
    holders(tag)                        the Locks on one target (a writer's check)
    relation_holders(database, relation)
                                        the Locks on any target of a relation (DROP TABLE)
    release_locks_of(sxact, summarize)  drop a transaction's locks, or move them to the
                                        dummy old_committed transaction
    clear_summarised_locks(through)     drop old_committed's locks from commits <= through
    status()                            (tag, Sxact) of every lock, for pg_locks

Locking: acquire and forget take PredicateLockManagerLock themselves; the others expect
the caller to hold it (predicate_table.py rule 1), as documented on each.

PostgreSQL: storage/lmgr/predicate.c (PredicateLockAcquire, PredicateLockExists,
CoarserLockCovers, CheckAndPromotePredicateLockRequest, MaxPredicateChildLocks,
DeleteChildTargetLocks, DecrementParentLocks, CreatePredicateLock,
ReleaseOneSerializableXact, ClearOldPredicateLocks, GetPredicateLockStatusData).
"""
from __future__ import annotations

from pgsnake.storage.lmgr import lwlock
from pgsnake.storage.lmgr import predicate_table as pt
from pgsnake.storage.lmgr.predicate_table import Lock, Sxact, TargetTag
from pgsnake.utils import settings


def manager_lock() -> lwlock.LWLock:
    return lwlock.named("PredicateLockManagerLock")


class LocalLocks:
    """This backend's view of its own SIREAD locks (LOCALPREDICATELOCK): for each target,
    [held, number of finer locks held below it]. A hint, never the truth: a lock it says
    is held may have been promoted away or summarised by another backend, which is fine
    because a coarser lock (or the summary) then covers it."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: dict[TargetTag, list] = {}

    def holds(self, tag: TargetTag) -> bool:
        """PredicateLockExists."""
        entry = self.entries.get(tag)
        return entry is not None and entry[0]

    def covered(self, tag: TargetTag) -> bool:
        """Does a coarser lock of ours cover `tag`? (CoarserLockCovers)"""
        parent = tag.parent()
        while parent is not None:
            if self.holds(parent):
                return True
            parent = parent.parent()
        return False

    def child_count(self, tag: TargetTag) -> int:
        entry = self.entries.get(tag)
        return entry[1] if entry else 0

    def decrement_parents(self, tag: TargetTag) -> None:
        """A finer lock went: its ancestors cover one lock fewer (DecrementParentLocks)."""
        parent = tag.parent()
        while parent is not None:
            entry = self.entries.get(parent)
            if entry is not None:
                entry[1] = max(0, entry[1] - 1)
                if entry[1] == 0 and not entry[0]:
                    del self.entries[parent]
            parent = parent.parent()


def max_child_locks(tag: TargetTag) -> int:
    """How many finer locks `tag` may cover before it is taken instead
    (MaxPredicateChildLocks)."""
    if tag.kind == "page":
        return settings.get("max_pred_locks_per_page")
    per_relation = settings.get("max_pred_locks_per_relation")
    if per_relation < 0:
        return settings.get("max_pred_locks_per_transaction") // -per_relation - 1
    return per_relation


def acquire(local: LocalLocks, sxact: Sxact, tag: TargetTag) -> None:
    """Hold a SIREAD lock on `tag` for `sxact` (ours), unless we already hold it or a
    coarser one; promote to a coarser lock when a limit is passed; a coarser lock
    replaces the finer ones it covers."""
    if local.holds(tag) or local.covered(tag):
        return
    _create(tag, sxact)
    entry = local.entries.setdefault(tag, [True, 0])
    entry[0] = True
    if _count_and_promote(local, sxact, tag):
        return          # the coarser lock taken instead has dropped this one
    if tag.kind != "tuple":
        _delete_child_locks(local, sxact, tag)


def _create(tag: TargetTag, sxact: Sxact) -> None:
    """CreatePredicateLock: the target (if new) and our lock on it."""
    with manager_lock().exclusive():
        target = pt.find_or_create_target(tag)
        if pt.find_lock(target, sxact) is not None:
            return
        try:
            pt.new_lock(target, sxact)
        except BaseException:
            pt.free_target_if_unused(target)
            raise


def _count_and_promote(local: LocalLocks, sxact: Sxact, tag: TargetTag) -> bool:
    """Count the new lock in each ancestor; if one now covers more than its limit, take
    the coarsest such ancestor instead (CheckAndPromotePredicateLockRequest)."""
    promote_to = None
    parent = tag.parent()
    while parent is not None:
        entry = local.entries.setdefault(parent, [False, 0])
        entry[1] += 1
        if entry[1] > max_child_locks(parent):
            promote_to = parent        # keep going: an ancestor may be due as well
        parent = parent.parent()
    if promote_to is None:
        return False
    acquire(local, sxact, promote_to)
    return True


def _delete_child_locks(local: LocalLocks, sxact: Sxact, tag: TargetTag) -> None:
    """Drop our finer locks that `tag` covers now that we hold it (DeleteChildTargetLocks).
    Like PostgreSQL, the local entries of the dropped locks stay: `covered` answers for
    them from now on."""
    dropped = []
    with manager_lock().exclusive():
        for lock in pt.locks_of_sxact(sxact):
            target = pt.Target(lock.target)
            old_tag = pt.target_tag(target)
            if old_tag.is_covered_by(tag):
                pt.free_lock(lock)
                pt.free_target_if_unused(target)
                dropped.append(old_tag)
    for old_tag in dropped:
        local.decrement_parents(old_tag)


def forget_own_tuple_lock(local: LocalLocks, sxact: Sxact, tag: TargetTag) -> None:
    """We are writing a tuple we hold a SIREAD lock on: the write itself will make any
    later writer of it wait for us or fail, which is stronger, so the SIREAD lock can go
    (the removal half of CheckTargetForConflictsIn)."""
    removed = False
    with manager_lock().exclusive():
        target = pt.find_target(tag)
        lock = pt.find_lock(target, sxact) if target is not None else None
        if lock is not None:
            pt.free_lock(lock)
            pt.free_target_if_unused(target)
            removed = True
    if removed:
        local.entries.pop(tag, None)
        local.decrement_parents(tag)


def holders(tag: TargetTag) -> list[Lock]:
    """The locks on `tag`. Caller holds PredicateLockManagerLock (shared is enough)."""
    target = pt.find_target(tag)
    return [] if target is None else pt.locks_of_target(target)


def relation_holders(database: int, relation: int) -> list[Lock]:
    """The locks on `relation` at any granularity. Caller holds PredicateLockManagerLock."""
    return [lock for target in pt.all_targets()
            if target.relation == relation and target.database == database
            for lock in pt.locks_of_target(target)]


def release_locks_of(sxact: Sxact, summarize: bool) -> None:
    """Drop every lock of `sxact`; with `summarize`, hand each target to the dummy
    old_committed transaction instead, stamped with `sxact`'s commit sequence number
    (the later one wins where it already holds the target). Caller holds
    PredicateLockManagerLock and SerializableXactHashLock exclusively."""
    old = pt.old_committed()
    for lock in pt.locks_of_sxact(sxact):
        target = pt.Target(lock.target)
        pt.free_lock(lock)
        if not summarize:
            pt.free_target_if_unused(target)
            continue
        inherited = pt.find_lock(target, old)
        if inherited is None:
            inherited = pt.new_lock(target, old)    # cannot fail: one was just freed
            inherited.commit_seq_no = sxact.commit_seq_no
        elif inherited.commit_seq_no < sxact.commit_seq_no:
            inherited.commit_seq_no = sxact.commit_seq_no


def clear_summarised_locks(through_seq_no: int) -> None:
    """Drop old_committed's locks from transactions that committed at or before
    `through_seq_no`: no writable transaction that could conflict with them is left.
    Caller holds PredicateLockManagerLock exclusively."""
    for lock in pt.locks_of_sxact(pt.old_committed()):
        if lock.commit_seq_no <= through_seq_no:
            target = pt.Target(lock.target)
            pt.free_lock(lock)
            pt.free_target_if_unused(target)


def status() -> list[tuple[TargetTag, Sxact]]:
    """Every SIREAD lock. Caller holds PredicateLockManagerLock (shared is enough)."""
    return [(pt.target_tag(target), Sxact(lock.sxact))
            for target in pt.all_targets() for lock in pt.locks_of_target(target)]
