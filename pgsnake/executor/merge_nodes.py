"""MERGE in ModifyTable: each joined row of source and target runs the first WHEN clause
whose kind and condition fit it.

Entry point: run_merge(plan, state) -> (rows inserted + updated + deleted, [])

The child plan joins source to target (`source LEFT JOIN target` when there are WHEN
NOT MATCHED clauses); a row whose target ctid is NULL found no target row. For a
matched row the WHEN MATCHED clauses are tried in order (UPDATE SET, DELETE, DO
NOTHING), for an unmatched one the WHEN NOT MATCHED clauses (INSERT, DO NOTHING); no
fitting clause means nothing happens. Changed rows are checked like UPDATE's and
INSERT's (NOT NULL, CHECK, unique indexes, foreign keys, row-level security WITH
CHECK); a matched row is checked against the row-level security USING quals of the
UPDATE or DELETE about to change it (rewrite/row_security.py) first.

A target row that this MERGE already updated or deleted, met again through another
source row, is 21000 "MERGE command cannot affect row a second time" (the heap reports
it changed by this command); DO NOTHING is no change and never fails that way.

Concurrency (READ COMMITTED), as PostgreSQL 15: a target row changed by a committed
concurrent transaction is locked in its newest version and the join re-checked against
it with the same source row (EvalPlanQual): if it still matches, the WHEN MATCHED
clauses are tried again from the first on the new row; if it no longer matches, or was
deleted, the source row is treated as NOT MATCHED. REPEATABLE READ and SERIALIZABLE
raise 40001.

PostgreSQL: executor/nodeModifyTable.c (ExecMerge, ExecMergeMatched,
ExecMergeNotMatched, ExecInitMerge).
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.transam import xact
from pgsnake.executor import eval_plan_qual, joined_modify, partition_routing
from pgsnake.executor.constraint_checks import TableChecks
from pgsnake.executor.executor import execute_plan
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.executor.triggers import TableTriggers
from pgsnake.executor.index_maintenance import TableIndexes
from pgsnake.executor.plan_state import NodeCounters
from pgsnake.parser.expression_nodes import SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM
from pgsnake.utils.errors import PgError, SERIALIZATION_FAILURE

CARDINALITY_VIOLATION = "21000"
MAX_RECHECKS = 1000


class _Action:
    """One WHEN clause compiled against the joined row's layout."""

    def __init__(self, action, layout) -> None:
        self.matched = action.matched
        self.command = action.command
        self.qual = compile_qual([action.qual], layout) if action.qual is not None else None
        self.assignments = {attnum: compile_expression(e, layout)
                            for attnum, e in action.assignments.items()}
        self.values = [compile_expression(e, layout) for e in action.values]

    def fits(self, row, state) -> bool:
        return self.qual is None or self.qual(row, state)


def _compiled(plan):
    found = plan.__dict__.get("_merge_actions_code")
    if found is None:
        layout = layout_of(plan.scan_keys)
        found = [_Action(a, layout) for a in plan.merge_actions]
        setattr(plan, "_merge_actions_code", found)
    return found


def run_merge(plan, state) -> tuple[int, list]:
    from pgsnake.executor.modify_table import check_not_null
    merge = _Merge(plan, state, check_not_null)
    for triggers in merge.triggers.values():
        triggers.before_statement()
    # Collect the joined rows first: the join must not see the versions we create.
    rows = list(execute_plan(plan.child, state))
    for row in rows:
        merge.row(row)
    for triggers in merge.triggers.values():
        triggers.after_statement()
    if state.instrumentation is not None:
        counters = state.instrumentation.setdefault(id(plan), NodeCounters())
        counters.merge_stats = merge.explain_line(len(rows))
    return merge.count, []


class _Merge:
    def __init__(self, plan, state, check_not_null) -> None:
        self.plan = plan
        self.state = state
        self.relation = plan.relation
        self.check_not_null = check_not_null
        actions = _compiled(plan)
        self.matched_actions = [a for a in actions if a.matched]
        self.not_matched_actions = [a for a in actions if not a.matched]
        self.tid_index = layout_of(plan.scan_keys)[
            ("var", plan.rtindex, SELF_ITEM_POINTER_ATTNUM)]
        self.indexes = TableIndexes(self.relation)
        self.checks = TableChecks(self.relation, state, plan.check_options)
        from pgsnake.executor import stored_generated
        self.generated = stored_generated.for_relation(self.relation, state)
        # each kind of action fires its own triggers (a foreign key's RI ones too), the
        # statement-level ones once for the MERGE, as PostgreSQL's ExecMergeMatched /
        # ExecMergeNotMatched do
        updated = sorted({attnum for a in actions if a.command == "UPDATE"
                          for attnum in a.assignments})
        self.triggers = {operation: TableTriggers(self.relation, operation, state,
                                                  updated if operation == "UPDATE" else None)
                         for operation in ("INSERT", "UPDATE", "DELETE")
                         if any(a.command == operation for a in actions)}
        # a partitioned target (or an inheritance parent): each matched row acts on the
        # table it came from (its tableoid), each inserted row goes to its partition
        self.routers = {operation: partition_routing.router_for(
                            self.relation, state, operation, plan.check_options,
                            updated if operation == "UPDATE" else None)
                        for operation in self.triggers}
        self.tableoid_index = layout_of(plan.scan_keys).get(
            ("var", plan.rtindex, TABLE_OID_ATTNUM))
        self.count = 0
        self.done = {"inserted": 0, "updated": 0, "deleted": 0}

    def explain_line(self, source_rows: int) -> str | None:
        """EXPLAIN ANALYZE's "Tuples: inserted=1 updated=2 skipped=3" (show_modifytable_info):
        what happened to the joined rows, nothing when there were none."""
        if not source_rows:
            return None
        parts = [f"{name}={n}" for name, n in self.done.items() if n]
        skipped = source_rows - sum(self.done.values())
        if skipped:
            parts.append(f"skipped={skipped}")
        return "Tuples: " + " ".join(parts) if parts else "Tuples:"

    def row(self, row) -> None:
        if row[self.tid_index] is not None and self._matched(row):
            return
        self._not_matched(row)

    # -- WHEN NOT MATCHED ------------------------------------------------------------------

    def _not_matched(self, row) -> None:
        state = self.state
        for action in self.not_matched_actions:
            if not action.fits(row, state):
                continue
            if action.command == "INSERT":
                values = [f(row, state) for f in action.values]
                relation, triggers, checks, indexes, generated = \
                    self.relation, self.triggers["INSERT"], self.checks, self.indexes, \
                    self.generated
                router = self.routers.get("INSERT")
                if router is not None:   # the row's partition, in its own layout
                    from pgsnake.executor.modify_table import leaf_generated
                    leaf = router.leaf_for(values)
                    relation, triggers = leaf.relation, leaf.triggers
                    checks, indexes = leaf.checks, leaf.indexes
                    if leaf.column_map is not None:
                        values = leaf.to_child(values)
                        if generated is not None:
                            generated = leaf_generated(leaf, state)
                if triggers.before_row_triggers:
                    values = triggers.before_row(None, values)
                    if values is None:
                        return            # a BEFORE ROW trigger returned NULL
                if generated is not None:
                    values = list(values)
                    generated.compute(values)
                self.check_not_null(relation, values)
                if checks:
                    checks.check(values, "insert")
                tid = heapam.heap_insert(relation, values, state.output_cid)
                if indexes:
                    indexes.insert(values, tid)
                if triggers.wants_after_rows:
                    triggers.after_row(None, values, tid)
                self.count += 1
                self.done["inserted"] += 1
            return

    # -- WHEN MATCHED ----------------------------------------------------------------------

    def _matched(self, row) -> bool:
        """Run the first fitting WHEN MATCHED clause; False when the target row turned
        out not to match any more (the caller tries WHEN NOT MATCHED)."""
        plan, state = self.plan, self.state
        tid = row[self.tid_index]
        for _ in range(MAX_RECHECKS):
            action = next((a for a in self.matched_actions if a.fits(row, state)), None)
            if action is None or action.command == "NOTHING":
                return True
            old_values = joined_modify.target_values(plan, row)
            if self.checks:
                # the row-level security USING quals of the action's command, on the
                # row it would change (after the WHEN condition, as ExecMergeMatched)
                self.checks.check_policies(list(old_values), "merge_" + action.command.lower())
            relation, indexes, checks = self.relation, self.indexes, self.checks
            triggers, child = self.triggers[action.command], None
            router = self.routers.get(action.command)
            if router is not None and self.tableoid_index is not None:
                # the table the row came from: its indexes, constraints, row triggers
                child = router.target_for(row[self.tableoid_index])
                relation, indexes, checks = child.relation, child.indexes, child.checks
                if child.relation.oid != self.relation.oid:
                    triggers = child.triggers
            if child is not None and child.column_map is not None:
                result, new_values, old_values = self._act_on_mapped_child(action, row,
                                                                           child, tid)
                if result is None:
                    return True           # a BEFORE ROW trigger returned NULL
            elif action.command == "UPDATE":
                new_values = list(old_values)
                for attnum, fn in action.assignments.items():
                    new_values[attnum - 1] = fn(row, state)
                if self.generated is not None:
                    self.generated.clear(new_values)
                if triggers.before_row_triggers:
                    new_values = triggers.before_row(list(old_values), new_values)
                    if new_values is None:
                        return True       # a BEFORE ROW trigger returned NULL
                if self.generated is not None:
                    new_values = list(new_values)
                    self.generated.compute(new_values)
                self.check_not_null(relation, new_values)
                if child is not None and self.relation.relkind == "p" \
                        and router.leaf_oid(new_values) != relation.oid:
                    # the new row belongs to another partition: moved there
                    from pgsnake.executor.modify_table import move_row
                    result, _moved = move_row(router, relation, tid, new_values,
                                              state.snapshot, state.output_cid,
                                              self.generated)
                    if result is None:
                        return True       # a BEFORE DELETE trigger kept the row
                    indexes = None        # (the insert maintained the new partition's)
                else:
                    if checks:
                        checks.check(new_values, "update")
                    result = heapam.heap_update(relation, tid, new_values, state.snapshot,
                                                indexed_positions=indexes.indexed_positions,
                                                key_positions=indexes.key_positions,
                                                cid=state.output_cid)
            else:
                if triggers.before_row_triggers and \
                        triggers.before_row(list(old_values), None) is None:
                    return True           # a BEFORE ROW trigger returned NULL
                result = heapam.heap_delete(relation, tid, state.snapshot,
                                            cid=state.output_cid)
            if result.status == "ok":
                if action.command == "UPDATE":
                    if indexes and not result.hot:
                        indexes.insert(new_values, result.new_tid)
                    if triggers.wants_after_rows:
                        triggers.after_row(list(old_values), new_values, result.new_tid,
                                           tid)
                elif triggers.wants_after_rows:
                    triggers.after_row(list(old_values), None)
                self.count += 1
                self.done["updated" if action.command == "UPDATE" else "deleted"] += 1
                return True
            if result.status == "self_modified":
                raise PgError(CARDINALITY_VIOLATION,
                              "MERGE command cannot affect row a second time",
                              hint="Ensure that not more than one source row matches any one "
                                   "target row.")
            if xact.uses_transaction_snapshot():
                raise PgError(SERIALIZATION_FAILURE,
                              f"could not serialize access due to concurrent "
                              f"{'update' if result.status == 'updated' else 'delete'}")
            if result.status != "updated":
                return False                  # deleted meanwhile: NOT MATCHED now
            lock_mode = LockTupleMode.NO_KEY_EXCLUSIVE if action.command == "UPDATE" \
                else LockTupleMode.EXCLUSIVE
            locked = heapam.lock_latest_version(relation, tid, lock_mode, heapam.WAIT_BLOCK,
                                                find_last_version=True, follow_updates=False)
            if locked.status == "self_modified":
                raise PgError(CARDINALITY_VIOLATION,
                              "MERGE command cannot affect row a second time",
                              hint="Ensure that not more than one source row matches any one "
                                   "target row.")
            if locked.status != "ok":
                return False
            substitute = eval_plan_qual.relation_row(relation, locked.tid)
            if child is not None and child.column_map is not None and substitute is not None:
                natts = len(relation.attributes)
                substitute = child.to_parent(substitute[:natts]) + substitute[natts:]
            rechecked = eval_plan_qual.recheck(plan.child, state,
                                               joined_modify.substitutes(plan, row, substitute))
            if rechecked is None or rechecked[self.tid_index] is None:
                return False                  # the join no longer matches
            row, tid = rechecked, locked.tid
        return True

    def _act_on_mapped_child(self, action, row, child, tid):
        """UPDATE / DELETE of a row of a child whose columns are not laid out as the
        target's (an inheritance child with columns of its own, a partition attached
        with another column order): its triggers, constraints and storage see its own
        layout. Returns (heap result or None when a BEFORE ROW trigger skipped it, the
        new row and the old one in the child's layout)."""
        state, relation = self.state, child.relation
        current = eval_plan_qual.relation_row(relation, tid)[:len(relation.attributes)]
        if action.command == "DELETE":
            if child.triggers.before_row_triggers and \
                    child.triggers.before_row(list(current), None) is None:
                return None, None, current
            return heapam.heap_delete(relation, tid, state.snapshot,
                                      cid=state.output_cid), None, current
        new_values = joined_modify.target_values(self.plan, row)
        for attnum, fn in action.assignments.items():
            new_values[attnum - 1] = fn(row, state)
        stored = child.to_child(new_values, current)
        if child.triggers.before_row_triggers:
            stored = child.triggers.before_row(list(current), stored)
            if stored is None:
                return None, None, current
        self.check_not_null(relation, stored)
        if child.checks:
            child.checks.check(stored, "update")
        result = heapam.heap_update(relation, tid, stored, state.snapshot,
                                    indexed_positions=child.indexes.indexed_positions,
                                    key_positions=child.indexes.key_positions,
                                    cid=state.output_cid)
        return result, stored, current
