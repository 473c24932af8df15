"""Deferred checks of DEFERRABLE PRIMARY KEY, UNIQUE and EXCLUDE constraints.

A deferrable constraint's index is not immediate (pg_index.indimmediate false): a new
entry goes in without raising (a unique index's insert only reports a possible
duplicate, UniqueCheck.PARTIAL; an exclusion check looks without waiting), and when it
may conflict, the constraint's recheck trigger (catalog/trigger_catalog.py,
add_unique_recheck_trigger) gets an event for the row: at the end of the statement
(INITIALLY IMMEDIATE), or at commit / SET CONSTRAINTS ... IMMEDIATE (INITIALLY
DEFERRED). So `UPDATE t SET id = id + 1` passes through transient duplicates.

When the event fires, a row that is gone by then (deleted or updated again by this
transaction) is skipped; otherwise its entry is checked for real: a unique index looks
for another live row with the key (UniqueCheck.EXISTING, waiting for running
inserters: 23505), an exclusion constraint for a conflicting row (23P01), with the
same messages as an immediate check.

Entry points: queue_recheck(trigger row, heap, index, entry, tid, exclusion check or
None); ON_CONFLICT_REFUSAL (the message for a deferrable arbiter).

PostgreSQL: commands/constraint.c (unique_key_recheck), executor/execIndexing.c
(ExecInsertIndexTuples' UNIQUE_CHECK_PARTIAL and CEOUC_NOWAIT),
commands/trigger.c (AfterTriggerSaveEvent's recheckIndexes test).
"""
from __future__ import annotations

from pgsnake.access import index_am
from pgsnake.access.heap import heapam
from pgsnake.executor import after_trigger_queue

ON_CONFLICT_REFUSAL = ("ON CONFLICT does not support deferrable unique "
                       "constraints/exclusion constraints as arbiters")


def queue_recheck(trigger, heap, index, entry: list, tid, exclusion=None) -> None:
    """Queue the recheck of the entry `entry` that row `tid` put in `index`."""
    entry = list(entry)
    tid = tuple(tid)

    def event():
        state, _xid, member = heapam.heap_unique_check_member(heap, tid)
        if state == "dead":          # gone since (SnapshotSelf): nothing to check
            return
        if exclusion is not None:
            exclusion.check(entry, member)
            return
        from pgsnake.access.nbtree.unique_check import UniqueCheck
        index_am.insert(index, entry, tid, unique=UniqueCheck.EXISTING,
                        check_callback=lambda other: heapam.heap_unique_check_state(
                            heap, other), heap_rel=heap)
    after_trigger_queue.queue(event, True, trigger.tginitdeferred, trigger.tgconstraint)
