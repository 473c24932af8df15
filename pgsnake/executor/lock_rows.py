"""LockRows: SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE.

For each row its child produces, lock the row of every table the locking clauses name
(its ctid is a junk column of the row), then pass the row on. What can happen to one
lock, and what LockRows does about it:

    locked                         go on
    locked, but a newer version    READ COMMITTED: the row was updated and committed
      (traversed)                  after our snapshot; the newest version is now locked:
                                   re-check the query on it (EvalPlanQual) and return
                                   the re-checked row, or nothing if it no longer qualifies
    deleted                        READ COMMITTED: skip the row; REPEATABLE READ and
                                   SERIALIZABLE: 40001 "could not serialize access due to
                                   concurrent update"
    updated                        (REPEATABLE READ / SERIALIZABLE only) 40001 as above
    would block (SKIP LOCKED)      skip the row
    changed by this very command   skip the row
NOWAIT raises 55P03 'could not obtain lock on row in relation "t"' from the heap.

LockRows sits below Limit, so only the rows LIMIT lets through are locked (a queue of
jobs taken with ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED locks one job).

Entry point: LockRowsState (the PlanState for plan_nodes.LockRows).

PostgreSQL: executor/nodeLockRows.c (ExecLockRows), access/heap/heapam_handler.c
(heapam_tuple_lock's flags).
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.transam import xact
from pgsnake.executor import eval_plan_qual
from pgsnake.executor.plan_state import PlanState, batches_of, node_state
from pgsnake.optimizer.plan_nodes import LockRows
from pgsnake.parser.query import LockStrength, LockWaitPolicy
from pgsnake.utils.errors import INTERNAL_ERROR, SERIALIZATION_FAILURE, PgError

TUPLE_LOCK_MODE = {
    LockStrength.KEY_SHARE: LockTupleMode.KEY_SHARE,
    LockStrength.SHARE: LockTupleMode.SHARE,
    LockStrength.NO_KEY_UPDATE: LockTupleMode.NO_KEY_EXCLUSIVE,
    LockStrength.UPDATE: LockTupleMode.EXCLUSIVE,
}
WAIT_POLICY = {
    LockWaitPolicy.BLOCK: heapam.WAIT_BLOCK,
    LockWaitPolicy.SKIP: heapam.WAIT_SKIP,
    LockWaitPolicy.ERROR: heapam.WAIT_ERROR,
}


def _serialization_failure() -> PgError:
    return PgError(SERIALIZATION_FAILURE, "could not serialize access due to concurrent update")


def mark_relation(mark, row):
    """The table a marked row is in: a parent with children carries the row's tableoid
    as a second junk column."""
    if len(mark.junk) > 1 and mark.kind != "copy":
        oid = row[mark.junk[1]]
        if oid is not None and oid != mark.relation.oid:
            from pgsnake.catalog import catalog_cache
            return catalog_cache.get_relation(oid)
    return mark.relation


def lock_one_row(mark, tid, transaction_snapshot: bool, relation=None, cid=None):
    """Lock one table's row; the LockResult, or None if the row is to be skipped. `cid`:
    the command the scan runs as (es_output_cid; a cursor's, from when it was declared)."""
    result = heapam.lock_latest_version(
        relation or mark.relation, tid, TUPLE_LOCK_MODE[LockStrength(mark.strength)],
        WAIT_POLICY[LockWaitPolicy(mark.wait_policy)],
        find_last_version=not transaction_snapshot, cid=cid)
    status = result.status
    if status == "ok":
        return result
    if status in ("would_block", "self_modified"):
        return None
    if status in ("updated", "deleted"):
        if transaction_snapshot:
            raise _serialization_failure()
        if status == "deleted":
            return None
        raise PgError(INTERNAL_ERROR, f"unexpected table_tuple_lock status: {status}")
    raise PgError(INTERNAL_ERROR, "attempted to lock invisible tuple")


@node_state(LockRows)
class LockRowsState(PlanState):
    """Returns one row per batch: a Limit above stops asking once it has its rows, so
    only the rows it lets through are locked (PostgreSQL locks a row per call too)."""

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def _command_id(self):
        """es_output_cid: the statement's own, else its snapshot's command (a cursor
        keeps the one current when it was declared)."""
        estate = self.estate
        if estate.output_cid is not None:
            return estate.output_cid
        snapshot = estate.snapshot
        return snapshot.curcid if snapshot is not None else None

    def batches(self):
        marks = self.plan.row_marks
        locking = [m for m in marks if m.kind == "lock"]
        transaction_snapshot = xact.uses_transaction_snapshot()
        for batch in batches_of(self.child):
            for row in batch:
                locked = {}
                traversed = False
                for mark in locking:
                    tid = row[mark.junk[0]]
                    if tid is None:
                        continue
                    result = lock_one_row(mark, tid, transaction_snapshot,
                                          mark_relation(mark, row), self._command_id())
                    if result is None:
                        break
                    locked[mark.rtindex] = result.tid
                    traversed = traversed or result.traversed
                else:
                    if traversed:
                        row = eval_plan_qual.recheck(self.plan.child, self.estate,
                                                     _substitutes(marks, row, locked))
                        if row is None:
                            continue        # the newest version no longer qualifies
                    yield [row]


def _substitutes(marks, row, locked: dict) -> dict:
    """Each FROM item's row for the re-check: the locked versions of the locked tables,
    the same versions as before of the other tables, copies of everything else."""
    out = {}
    for mark in marks:
        if mark.kind == "copy":
            values = [row[i] for i in mark.junk]
            out[mark.rtindex] = None if all(v is None for v in values) else values
            continue
        tid = locked.get(mark.rtindex, row[mark.junk[0]])
        out[mark.rtindex] = None if tid is None else \
            eval_plan_qual.relation_row(mark_relation(mark, row), tid)
    return out
