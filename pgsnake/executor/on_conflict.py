"""INSERT ... ON CONFLICT DO NOTHING / DO UPDATE: insert a row unless an arbiter unique
index already holds its key, then do nothing or update the existing row instead.

For each proposed row (PostgreSQL's ExecInsert with speculative insertion):
  1. Look in every arbiter index for a live row with the same key (SnapshotDirty: a row
     that a running transaction inserted or deleted is waited for, then we look again).
     A key with a NULL never conflicts (unless the index is NULLS NOT DISTINCT).
  2. Conflict: DO NOTHING skips the row; DO UPDATE locks the existing row (waiting for
     a running updater; if it was updated or deleted meanwhile, start again), evaluates
     the WHERE over the existing row and EXCLUDED, and updates it.
  3. No conflict: insert the heap tuple and its index entries, the arbiters only
     reporting a possible duplicate (UniqueCheck.PARTIAL). If one does, another
     transaction inserted the key in between: our tuple is deleted at once ("super
     delete": inserted and deleted by one transaction, it is dead to everyone), and only
     then do we wait for the other, and start again. Deleting before waiting means two
     such inserters never wait for each other.
Under REPEATABLE READ and SERIALIZABLE a conflicting row the snapshot cannot see is a
serialization failure (40001), as in PostgreSQL; updating the same row twice in one
command is 21000.

Entry point: ConflictHandler(plan, estate, indexes, checks).insert(values) ->
('inserted', values, tid, None) | ('updated', new values, tid, old values) |
('skipped', None, None, None).

PostgreSQL: executor/nodeModifyTable.c (ExecInsert, ExecOnConflictUpdate,
ExecCheckTupleVisible), executor/execIndexing.c (ExecCheckIndexConstraints,
check_exclusion_or_unique_constraint), access/heap/heapam.c (heap_abort_speculative).
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.nbtree import access_method as btree
from pgsnake.access.nbtree.scan_keys import ScanKey
from pgsnake.access.transam import transaction_ids, xact
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.executor.plan_state import compiled_for
from pgsnake.parser.expression_nodes import (MIN_TRANSACTION_ID_ATTNUM,
                                             SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM)
from pgsnake.utils.errors import CARDINALITY_VIOLATION, SERIALIZATION_FAILURE, PgError

MAX_RETRIES = 1000


def _code(plan):
    """SET and WHERE compiled over (existing row, ctid, tableoid, EXCLUDED row)."""
    spec = plan.on_conflict
    natts = len((getattr(plan, "layout_relation", None) or plan.relation).attributes)
    keys = [("var", plan.rtindex, i + 1) for i in range(natts)]
    keys += [("var", plan.rtindex, SELF_ITEM_POINTER_ATTNUM), ("var", plan.rtindex, TABLE_OID_ATTNUM)]
    keys += [("var", spec.excluded_rtindex, i + 1) for i in range(natts)]
    layout = layout_of(keys)
    assignments = {attnum: compile_expression(e, layout) for attnum, e in spec.assignments.items()}
    where = compile_qual([spec.where], layout) if spec.where is not None else None
    return assignments, where


class ConflictHandler:
    def __init__(self, plan, estate, indexes, checks, check_not_null) -> None:
        self.plan = plan
        self.estate = estate
        self.relation = plan.relation
        self.spec = plan.on_conflict
        self.indexes = indexes
        self.checks = checks
        from pgsnake.executor import stored_generated
        self.generated = stored_generated.for_relation(self.relation, estate)
        if checks is not None:          # the insertion's row-security checks only
            checks.policy_kind = "insert"
        self.check_not_null = check_not_null
        self.arbiters = frozenset(self.spec.arbiters)
        self.touched: set = set()        # row versions this command wrote
        # before_update(old, new) -> new | None: the UPDATE's BEFORE ROW triggers
        # (executor/triggers.py), set by ModifyTable when the table has some.
        self.before_update = None
        # check_new_row(new values): a partition's bound the updated row must still
        # satisfy (partition_on_conflict.py), or None.
        self.check_new_row = None
        # A partition laid out unlike its root: for each root column, its position in
        # this table's row (partition_on_conflict.py); SET / WHERE see the root's layout.
        self.column_map = getattr(plan, "column_map", None)
        # Kept on the ON CONFLICT spec: the plan node's own slot holds ModifyTable's code.
        self.assignments, self.where = compiled_for(self.spec, lambda _spec: _code(plan)) \
            if self.spec.action == "update" else ({}, None)

    # -- finding a conflict --------------------------------------------------------------

    def _conflict(self, values, own_tid=None):
        """(TID of a live row with an arbiter key equal to `values`'), or None; waits for
        transactions still inserting or deleting such a row and looks again."""
        while True:
            wait_for = 0
            for index_oid in self.spec.arbiters:
                index, _positions = self.indexes.arbiter(index_oid)
                if index_oid in self.indexes.deferred:
                    from pgsnake.executor.unique_recheck import ON_CONFLICT_REFUSAL
                    raise PgError("55000", ON_CONFLICT_REFUSAL,
                                  schema=self.relation.namespace_name,
                                  table=self.relation.name, constraint=index.name)
                description = index.index
                entry = self.indexes.entry(index_oid, values)
                if entry is None:         # a partial arbiter that leaves the row out
                    continue
                exclusion = self.indexes.exclusions.get(index_oid)
                if exclusion is not None:   # DO NOTHING's EXCLUDE arbiter (it waits itself)
                    found = exclusion.find_conflicting_row(entry, own_tid or (0, 0))
                    if found is not None:
                        return found[0]
                    continue
                key = entry[:description.key_count]
                if any(v is None for v in key) and not description.nulls_not_distinct:
                    continue
                scan_keys = [ScanKey(i + 1, "IS NULL" if v is None else "=", v)
                             for i, v in enumerate(key)]
                scan = btree.begin_scan(index, scan_keys)
                try:
                    while wait_for == 0 and (batch := scan.next_batch()) is not None:
                        for item in batch:
                            if item.heap_tid == own_tid:
                                continue
                            state, xid, member = heapam.heap_unique_check_member(
                                self.relation, item.heap_tid)
                            if state == "live":
                                return member      # (a HOT chain's live version)
                            if state == "in_progress":
                                wait_for = xid
                                break
                finally:
                    scan.end()
                if wait_for:
                    break
            if not wait_for:
                return None
            transaction_ids.wait_for_xid(wait_for)

    def _check_visible(self, tid) -> None:
        """REPEATABLE READ / SERIALIZABLE: acting on a row our snapshot cannot see would
        break the snapshot's promise (ExecCheckTupleVisible)."""
        if not xact.uses_transaction_snapshot():
            return
        if heapam.heap_fetch(self.relation, tid, self.estate.snapshot) is None:
            # a row this transaction inserted (this very command, say) is no
            # concurrent update, visible or not
            xmin, = heapam.heap_system_columns(self.relation, tid,
                                                  (MIN_TRANSACTION_ID_ATTNUM,))
            if xmin is not None and heapam.is_own_xid(xmin):
                return
            raise PgError(SERIALIZATION_FAILURE,
                          "could not serialize access due to concurrent update")

    # -- the three outcomes --------------------------------------------------------------

    def insert(self, values):
        for _ in range(MAX_RETRIES):
            conflict = self._conflict(values)
            if conflict is not None:
                if self.spec.action == "nothing":
                    self._check_visible(conflict)
                    return "skipped", None, None, None
                outcome = self._update(conflict, values)
                if outcome is not None:
                    return outcome
                continue                     # the row changed under us: start again
            tid = heapam.heap_insert(self.relation, values, self.estate.output_cid)
            if self.indexes.insert(values, tid, self.arbiters):
                self.touched.add(tid)
                return "inserted", values, tid, None
            # Someone inserted the same key meanwhile: take ours back before waiting.
            heapam.heap_delete(self.relation, tid, self.estate.snapshot, abort_speculative=True)
            self._conflict(values, own_tid=tid)      # waits for a still-running inserter
        raise PgError("XX000", "ON CONFLICT retried too often")

    def _as_root(self, values) -> list:
        if self.column_map is None:
            return list(values)
        return [None if i is None else values[i] for i in self.column_map]

    def _as_leaf(self, values, current) -> list:
        out = list(current)
        for root_index, leaf_index in enumerate(self.column_map):
            if leaf_index is not None:
                out[leaf_index] = values[root_index]
        return out

    def _update(self, tid, proposed):
        if tid in self.touched:
            raise PgError(CARDINALITY_VIOLATION,
                          "ON CONFLICT DO UPDATE command cannot affect row a second time",
                          hint="Ensure that no rows proposed for insertion within the same "
                               "command have duplicate constrained values.")
        locked = heapam.heap_lock_tuple(self.relation, tid, LockTupleMode.EXCLUSIVE,
                                        heapam.WAIT_BLOCK, follow_updates=False)
        if locked.status in ("updated", "deleted"):
            if xact.uses_transaction_snapshot():
                raise PgError(SERIALIZATION_FAILURE,
                              "could not serialize access due to concurrent update")
            return None
        if locked.status == "self_modified":
            raise PgError(CARDINALITY_VIOLATION,
                          "ON CONFLICT DO UPDATE command cannot affect row a second time",
                          hint="Ensure that no rows proposed for insertion within the same "
                               "command have duplicate constrained values.")
        self._check_visible(tid)
        existing = heapam.heap_fetch_version(self.relation, tid)
        if existing is None:
            return None
        shown, proposed_shown = self._as_root(existing), self._as_root(proposed)
        row = shown + [tid, self.relation.oid] + proposed_shown
        ex = self.estate
        if self.where is not None and not self.where(row, ex):
            return "skipped", None, None, None
        if self.checks:        # the row to change must pass UPDATE's USING policies
            self.checks.check_policies(list(existing), "conflict")
        new_values = list(shown)
        for attnum, fn in self.assignments.items():
            new_values[attnum - 1] = fn(row, ex)
        if self.column_map is not None:
            new_values = self._as_leaf(new_values, existing)
        if self.generated is not None:
            self.generated.clear(new_values)
        if self.before_update is not None:        # BEFORE UPDATE ROW triggers
            new_values = self.before_update(list(existing), new_values)
            if new_values is None:
                return "skipped", None, None, None
        if self.generated is not None:
            new_values = list(new_values)
            self.generated.compute(new_values)
        if self.check_new_row is not None:
            self.check_new_row(new_values)
        self.check_not_null(self.relation, new_values)
        if self.checks:
            self.checks.check(new_values, "update")
        result = heapam.heap_update(self.relation, tid, new_values, ex.snapshot,
                                    indexed_positions=self.indexes.indexed_positions,
                                    key_positions=self.indexes.key_positions,
                                    cid=ex.output_cid)
        if result.status != "ok":
            return None
        if not result.hot:
            self.indexes.insert(new_values, result.new_tid)
        self.touched.add(result.new_tid)
        return "updated", new_values, result.new_tid, existing
