"""ModifyTable: INSERT, UPDATE and DELETE of heap rows, RETURNING, NOT NULL checks,
triggers (a foreign key's RI triggers among them: executor/triggers.py), and READ
COMMITTED's re-check of rows that a concurrent transaction updated.

Each statement opens a level of the AFTER trigger queue and fires it when its rows are
done (after_trigger_queue.py). BEFORE statement triggers fire first, even when no row
qualifies; BEFORE ROW triggers before a row's constraint checks (and may change or
skip it); AFTER ROW events are queued for each changed row; INSERT ... ON CONFLICT DO
UPDATE also fires the UPDATE triggers. A view target has an INSTEAD OF trigger (the
rewriter kept the view): the trigger stores, changes or deletes the row
(triggers.run_view_update_or_delete for UPDATE / DELETE).

Entry point: run_modify_table(plan, state, source_rows=None, row_filter=None)
    -> (row count, RETURNING rows)
    source_rows: an INSERT's source rows from elsewhere than plan.child (COPY FROM feeds
    its parsed rows this way, in the layout of the child's output)
    row_filter: row_filter(new column values) -> bool, before any constraint check; a
    row it refuses is skipped (COPY FROM ... WHERE, which sees defaults filled in)

When heap_update/heap_delete reports 'updated' (another transaction committed a new
version of the row after our snapshot was taken), we do what PostgreSQL does under READ
COMMITTED: lock the newest version of the row (following its update chain, waiting for
a running updater), re-run the statement's scan on that version alone (EvalPlanQual,
eval_plan_qual.py), and if it still qualifies recompute the new values from it and try
again; our own lock then lets the change through. A row that was deleted meanwhile is
skipped. REPEATABLE READ and SERIALIZABLE raise 40001 instead.

PostgreSQL: executor/nodeModifyTable.c (ExecInsert, ExecUpdate, ExecDelete),
executor/execMain.c (EvalPlanQual, ExecConstraints).
"""
from __future__ import annotations

import dataclasses
import time

from pgsnake.access.heap import heapam
from pgsnake.access.heap.heap_xmax import LockTupleMode
from pgsnake.access.transam import xact
from pgsnake.executor import (after_trigger_queue, cte_nodes, eval_plan_qual, joined_modify,
                               merge_nodes, multi_insert, partition_routing, stored_generated)
from pgsnake.executor.constraint_checks import TableChecks, failing_row
from pgsnake.executor.index_maintenance import TableIndexes
from pgsnake.executor.executor import execute_plan
from pgsnake.executor.expression_eval import compile_expression, key_of, layout_of
from pgsnake.executor.plan_state import NodeCounters, compiled_for
from pgsnake.executor import resource_usage
from pgsnake.executor.triggers import TableTriggers, run_view_update_or_delete
from pgsnake.parser.expression_nodes import SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM
from pgsnake.utils.errors import NOT_NULL_VIOLATION, SERIALIZATION_FAILURE, PgError

TRIGGERED_DATA_CHANGE_VIOLATION = "27000"
MAX_RECHECKS = 1000      # a row updated this many times under us means something is wrong


def _relation_keys(plan) -> list:
    """An inserted row as RETURNING reads it: its columns, ctid, tableoid, then the
    header's xmin, cmin, xmax, cmax (new_row_header)."""
    natts = len(plan.relation.attributes)
    return ([("var", plan.rtindex, i + 1) for i in range(natts)]
            + [("var", plan.rtindex, attnum) for attnum in
               (SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM) + joined_modify.HEADER_ATTNUMS])


def check_not_null(relation, values) -> None:
    if None not in values:
        return
    for attribute, value in zip(relation.attributes, values):
        if value is None and attribute.not_null and not attribute.is_dropped:
            raise PgError(NOT_NULL_VIOLATION,
                          f'null value in column "{attribute.name}" of relation '
                          f'"{relation.name}" violates not-null constraint',
                          detail=failing_row(relation, values),
                          schema=relation.namespace_name, table=relation.name,
                          column=attribute.name)


def run_modify_table(plan, state, source_rows=None, row_filter=None,
                     end_state: bool = True) -> tuple[int, list]:
    """`end_state` False: a data-modifying WITH query, whose execution goes on.
    `source_rows` / `row_filter`: an INSERT's rows from COPY, and COPY's WHERE."""
    started = time.perf_counter()
    usage = resource_usage.snapshot()       # EXPLAIN (ANALYZE, BUFFERS / WAL)
    # The statement's command id counts as used even if no row changes; every row it
    # writes carries it, whatever a volatile function it calls does (es_output_cid).
    cid = xact.current_command_id(used=True)
    if state.output_cid is None:          # a data-modifying WITH query shares the outer's
        state.output_cid = cid
    # AFTER triggers of this statement fire when it ends (after_trigger_queue.py).
    after_trigger_queue.begin_query()
    finished = False
    try:
        cte_nodes.run_modifying_ctes(plan, state)
        if plan.operation == "INSERT":
            count, out = _run_insert(plan, state, source_rows, row_filter)
        elif plan.operation == "MERGE":
            count, out = merge_nodes.run_merge(plan, state)
        else:
            count, out = _run_update_or_delete(plan, state)
        finished = True
        after_trigger_queue.end_query()
        if state.instrumentation is not None:
            # EXPLAIN ANALYZE: one loop, returning its RETURNING rows (none without).
            counters = state.instrumentation.setdefault(id(plan), NodeCounters())
            elapsed = (time.perf_counter() - started) * 1000.0
            counters.loops += 1
            counters.rows += len(out)
            counters.startup_ms += elapsed
            counters.total_ms += elapsed
            counters.add_usage(usage)
        return count, out
    finally:
        if not finished:
            after_trigger_queue.end_query(fire=False)
        if end_state:
            state.end()
        # Later commands of the transaction must see what this one did.
        xact.command_counter_increment()


def _layout_index(layout, expr):
    try:
        return layout.get(key_of(expr))
    except TypeError:
        return None


def _code(plan):
    """ModifyTable's compiled expressions, kept with the plan (plan_state.compiled_for):
    (new column values for INSERT or assignments by attnum for UPDATE, RETURNING). An
    INSERT whose source rows are already the new rows, column for column, has None for
    its column values: the row is copied as it is, with no call per column."""
    if plan.operation == "INSERT":
        layout = layout_of(plan.child.output_keys)
        natts = len(plan.relation.attributes)
        columns = [compile_expression(plan.assignments[i + 1], layout)
                   for i in range(natts)]
        if len(plan.child.output_keys) == natts and all(
                _layout_index(layout, plan.assignments[i + 1]) == i for i in range(natts)):
            columns = None      # column i is the source row's column i (COPY, VALUES)
        returning_keys = _relation_keys(plan)
    else:
        layout = layout_of(plan.scan_keys)
        columns = {attnum: compile_expression(e, layout)
                   for attnum, e in plan.assignments.items()}
        returning_keys = plan.scan_keys
    returning_layout = layout_of(returning_keys)
    returning = [compile_expression(e, returning_layout) for e in plan.returning] \
        if plan.returning else None
    return columns, returning


def _run_insert(plan, state, source_rows=None, row_filter=None):
    relation = plan.relation
    column_fns, returning = compiled_for(plan, _code)
    indexes = TableIndexes(relation)
    checks = TableChecks(relation, state, plan.check_options)
    generated = stored_generated.for_relation(relation, state)
    conflicts = None
    router = partition_routing.router_for(relation, state, "INSERT", plan.check_options)
    own_partition = partition_routing.partition_check(relation, state)
    if plan.on_conflict is not None and router is not None:
        from pgsnake.executor.partition_on_conflict import PartitionConflicts
        conflicts = PartitionConflicts(plan, state, router, check_not_null)
    elif plan.on_conflict is not None:
        from pgsnake.executor.on_conflict import ConflictHandler
        conflicts = ConflictHandler(plan, state, indexes, checks, check_not_null)
    triggers = TableTriggers(relation, "INSERT", state)
    triggers.before_statement()
    # ON CONFLICT DO UPDATE also fires the table's UPDATE triggers (statement level
    # always, AFTER ROW for each row it updates).
    update_triggers = None
    if plan.on_conflict is not None and plan.on_conflict.action == "update":
        update_triggers = TableTriggers(relation, "UPDATE", state,
                                        list(plan.on_conflict.assignments))
        update_triggers.before_statement()
        if update_triggers.before_row_triggers and router is None:
            conflicts.before_update = update_triggers.before_row
    count = 0
    out = []
    header = None
    # Rows that may wait go into the heap a page at a time (multi_insert.py).
    batch = multi_insert.buffer_for(plan, source_rows, row_filter, returning, conflicts,
                                    triggers, state.output_cid)
    if source_rows is None:
        # A volatile function in the rows must see the rows inserted before its own.
        state.one_row_at_a_time = multi_insert.may_call_volatile(plan, False)
        source_rows = execute_plan(plan.child, state)
    for source_row in source_rows:
        values = list(source_row) if column_fns is None \
            else [f(source_row, state) for f in column_fns]
        if row_filter is not None and not row_filter(values):
            continue
        target, row_triggers, target_indexes, target_checks = relation, triggers, indexes, checks
        leaf, row_generated = None, generated
        if router is not None:        # a partitioned table: the row's leaf partition
            if own_partition is not None:
                own_partition(values)     # itself a partition: the row must belong there
            leaf = router.leaf_for(values)
            target, row_triggers = leaf.relation, leaf.triggers
            target_indexes, target_checks = leaf.indexes, leaf.checks
            if leaf.column_map is not None:
                # From here on the row is in the partition's own layout (its triggers,
                # constraints and indexes see it so), as ExecInsert's converted slot.
                values = leaf.to_child(values)
                if batch is not None:
                    batch.flush()
            # the partition's own expressions (PARTITION OF may give it other ones; a
            # tableoid in one is the partition's)
            row_generated = leaf_generated(leaf, state)
        if row_triggers.before_row_triggers:
            if batch is not None:
                batch.flush()             # the trigger sees the rows before its own
            values = row_triggers.before_row(None, values)
            if values is None:
                continue                  # a BEFORE ROW trigger returned NULL
            if leaf is not None and leaf.partition_check is not None:
                leaf.partition_check(values)
        if relation.relkind == "v":
            # A view with an INSTEAD OF trigger (rewrite kept it as the target).
            values = triggers.instead_row(None, values)
            if values is None:
                continue
            if checks:                    # an updatable view's above it (ExecInsert)
                checks.check(values)
            count += 1
            if returning is not None:
                out.append([f(values + [None, relation.oid, 0, 0, 0, 0], state)
                            for f in returning])
            continue
        if row_generated is not None:
            values = list(values)
            row_generated.compute(values)
        check_not_null(target, values)
        if target_checks:
            if leaf is not None and leaf.column_map is not None:
                _check_as_parent(target_checks, values, relation,
                                 leaf.to_parent(values), leaf)
            else:
                target_checks.check(values)
        if own_partition is not None and router is None:
            own_partition(values)
        if conflicts is not None:
            handler = conflicts if router is None else conflicts.for_leaf(leaf)
            outcome, values, tid, old_values = handler.insert(values)
            if outcome == "skipped":
                continue
        elif batch is not None and not row_triggers.before_row_triggers and \
                (leaf is None or leaf.column_map is None):
            batch.add(target, target_indexes, row_triggers, values)
            if row_triggers is not triggers:
                triggers.capture(None, values)    # the parent's transition table
            count += 1
            continue
        else:
            if batch is not None:
                batch.flush()             # rows before this one go first
            tid = heapam.heap_insert(target, values, state.output_cid)
            if target_indexes:
                target_indexes.insert(values, tid)
        # AFTER ROW triggers, a foreign key's checks among them (in name order).
        if conflicts is not None and outcome == "updated":     # DO UPDATE changed a row
            row_update_triggers = update_triggers if router is None \
                else conflicts.update_triggers_for(leaf)
            if row_update_triggers.wants_after_rows:
                row_update_triggers.after_row(old_values, values, tid)
        elif row_triggers.wants_after_rows:
            row_triggers.after_row(None, values, tid)
        if row_triggers is not triggers and not (conflicts is not None and outcome == "updated"):
            triggers.capture(None, leaf.to_parent(values) if leaf is not None else values)
        count += 1
        if returning is not None:
            shown = leaf.to_parent(values) if leaf is not None else values
            if header is None:                # (once: our xid and command id)
                header = joined_modify.inserted_row_header(plan, state)
            row = list(shown) + [tid, target.oid] + header
            out.append([f(row, state) for f in returning])
    if batch is not None:
        batch.flush()
    if update_triggers is not None:
        update_triggers.after_statement()
    triggers.after_statement()
    return count, out


def leaf_generated(leaf, state):
    """The stored generated columns of a partition or child, computed in its own
    layout by its own expressions (cached on the routing target)."""
    found = getattr(leaf, "generated", False)
    if found is False:
        found = stored_generated.for_relation(leaf.relation, state)
        leaf.generated = found
    return found


def _check_as_parent(checks, stored, parent, parent_values, child) -> None:
    """A child's CHECK constraints; a failing row is shown in the parent's layout, as
    ExecConstraints shows it through the root table."""
    try:
        checks.check(stored)
    except PgError as error:
        if child is not None and child.column_map is not None and error.detail:
            error.detail = failing_row(parent, parent_values)
        raise


def move_row(router, source, tid, new_values, snapshot, cid, generated=None):
    """A cross-partition UPDATE: the old row deleted from its partition, the new one
    inserted into the partition it now belongs to, with that partition's INSERT row
    triggers (ExecCrossPartitionUpdate); its generated columns computed again after
    them, as ExecInsert does; the old partition's DELETE row triggers fire around the
    delete. Returns (result, the row inserted or None); (None, None) when a BEFORE DELETE
    trigger returned NULL (the row stays where it is)."""
    delete_triggers = router.delete_triggers(source)
    old_row = None
    if delete_triggers.before_row_triggers or delete_triggers.wants_after_rows:
        old_row = eval_plan_qual.relation_row(source, tid)[:len(source.attributes)]
        if delete_triggers.before_row_triggers and \
                delete_triggers.before_row(old_row, None) is None:
            return None, None
    result = heapam.heap_delete(source, tid, snapshot, cid=cid)
    if result.status != "ok":
        return result, None
    if delete_triggers.wants_after_rows:
        delete_triggers.after_row(old_row, None)
    leaf = router.leaf_for(new_values)
    if leaf.column_map is not None:       # the partition's own layout from here on
        new_values = leaf.to_child(new_values)
        if generated is not None:
            generated = leaf_generated(leaf, router.estate)
    if leaf.triggers.before_row_triggers:
        new_values = leaf.triggers.before_row(None, new_values)
        if new_values is None:            # a BEFORE INSERT trigger returned NULL
            return result, None
        if generated is not None:
            new_values = list(new_values)
            generated.compute(new_values)
    check_not_null(leaf.relation, new_values)
    if leaf.checks:
        _check_as_parent(leaf.checks, new_values, router.root, leaf.to_parent(new_values),
                         leaf)
    new_tid = heapam.heap_insert(leaf.relation, new_values, cid)
    if leaf.indexes:
        leaf.indexes.insert(new_values, new_tid)
    if leaf.triggers.wants_after_rows:
        leaf.triggers.after_row(None, new_values, new_tid)
    return dataclasses.replace(result, new_tid=new_tid), leaf.to_parent(new_values)


def _modified_by_trigger(is_update: bool) -> None:
    action = "updated" if is_update else "deleted"
    raise PgError(TRIGGERED_DATA_CHANGE_VIOLATION,
                  f"tuple to be {action} was already modified by an operation triggered "
                  f"by the current command",
                  hint="Consider using an AFTER trigger instead of a BEFORE trigger to "
                       "propagate changes to other rows.")


def _run_update_or_delete(plan, state):
    relation = plan.relation
    if plan.instead_of_source:          # a view's INSTEAD OF trigger does the work
        return run_view_update_or_delete(plan, state, execute_plan)
    scan_layout = layout_of(plan.scan_keys)
    tid_index = scan_layout[("var", plan.rtindex, SELF_ITEM_POINTER_ATTNUM)]
    assignment_fns, returning = compiled_for(plan, _code)
    target_values = joined_modify.target_values
    is_update = plan.operation == "UPDATE"
    # The row-lock strength that re-locks a concurrently updated row before the change
    # is tried again: an UPDATE's no-key (heap_update itself takes FOR UPDATE strength
    # when it changes a key column), a DELETE's exclusive.
    lock_mode = LockTupleMode.NO_KEY_EXCLUSIVE if is_update else LockTupleMode.EXCLUSIVE
    indexes = TableIndexes(relation) if is_update else None
    checks = TableChecks(relation, state, plan.check_options) if is_update else None
    generated = stored_generated.for_relation(relation, state) if is_update else None
    triggers = TableTriggers(relation, plan.operation, state,
                             list(plan.assignments) if is_update else None)
    triggers.before_statement()
    # BEFORE ROW triggers and volatile functions run commands in the middle of this one:
    # its changes keep the statement's command id (es_output_cid), so that a row one of
    # them changed is seen as such (self_modified) instead of as deleted long ago.
    statement_cid = state.output_cid
    count = 0
    out = []
    # Collect the target rows first: the scan must not see the versions we create.
    targets = list(execute_plan(plan.child, state))
    router = partition_routing.router_for(relation, state, plan.operation, plan.check_options,
                                          list(plan.assignments) if is_update else None)
    tableoid_index = scan_layout.get(("var", plan.rtindex, TABLE_OID_ATTNUM))
    # a partition updated directly: its new rows must still belong there
    own_partition = partition_routing.partition_check(relation, state) \
        if is_update and router is None else None
    # a partitioned table that is itself a partition, updated directly: a new row must
    # still belong to it, whichever of its partitions takes it (the target's own
    # partition check when ExecCrossPartitionUpdate routes the row through it)
    tree_partition = partition_routing.partition_check(relation, state) \
        if is_update and router is not None and relation.relkind == "p" else None
    for row in targets:
        snapshot = state.snapshot
        tid = row[tid_index]
        target, target_indexes, target_checks = relation, indexes, checks
        child, row_triggers = None, triggers
        if router is not None and tableoid_index is not None:
            # Through a parent: the row's own table (partition or inheritance child),
            # whose row triggers fire (a partition's include its parent's clones).
            child = router.target_for(row[tableoid_index])
            target, target_checks = child.relation, child.checks
            target_indexes = child.indexes if is_update else None
            if child.relation.oid != relation.oid:
                row_triggers = child.triggers
        for _ in range(MAX_RECHECKS):
            moved_to = 0
            # (which command last ran before this row's BEFORE ROW triggers: a row found
            # changed by a later one the triggers did not run was changed before they
            # would fire, which PostgreSQL finds locking it for them)
            command_before_triggers = xact.current_command_id() \
                if row_triggers.before_row_triggers else None
            if is_update:
                new_values = target_values(plan, row)
                for attnum, fn in assignment_fns.items():
                    new_values[attnum - 1] = fn(row, state)
                if generated is not None:
                    generated.clear(new_values)
                if row_triggers.before_row_triggers and child is not None \
                        and child.column_map is not None and row_triggers is child.triggers:
                    # the partition's triggers see its own layout
                    current = eval_plan_qual.relation_row(target, tid)[:len(target.attributes)]
                    changed = row_triggers.before_row(current, child.to_child(new_values,
                                                                              current))
                    if changed is None:
                        break             # a BEFORE ROW trigger returned NULL
                    new_values = child.to_parent(changed)
                elif row_triggers.before_row_triggers:
                    new_values = row_triggers.before_row(target_values(plan, row), new_values)
                    if new_values is None:
                        break             # a BEFORE ROW trigger returned NULL
                if generated is not None:
                    new_values = list(new_values)
                    generated.compute(new_values)
                if tree_partition is not None:
                    tree_partition(new_values)
                check_not_null(relation, new_values)
                if child is not None and relation.relkind == "p" \
                        and router.leaf_oid(new_values) != target.oid:
                    # The new row belongs to another partition: moved there.
                    result, moved = move_row(router, target, tid, new_values, snapshot,
                                              statement_cid, generated)
                    if result is None:
                        break             # a BEFORE DELETE trigger kept the row
                    moved_to = router.leaf_oid(new_values)
                    if moved is not None:
                        new_values = moved
                else:
                    stored = new_values
                    if child is not None and child.column_map is not None:
                        current = eval_plan_qual.relation_row(target, tid)
                        stored = child.to_child(new_values, current[:len(target.attributes)])
                    if child is not None and child.relation.oid != relation.oid:
                        # a child's generated columns are its own (only it may have one,
                        # or its own expression): computed in its layout
                        own_generated = leaf_generated(child, state)
                        if own_generated is not None:
                            stored = list(stored)
                            own_generated.compute(stored)
                    if target_checks:
                        _check_as_parent(target_checks, stored, relation, new_values, child)
                    if own_partition is not None:
                        own_partition(stored)
                    result = heapam.heap_update(target, tid, stored, snapshot,
                                                indexed_positions=target_indexes.indexed_positions,
                                                key_positions=target_indexes.key_positions,
                                                cid=statement_cid)
                    if result.status == "ok" and target_indexes and not result.hot:
                        target_indexes.insert(stored, result.new_tid)
            else:
                if row_triggers.before_row_triggers and \
                        row_triggers.before_row(target_values(plan, row), None) is None:
                    break                 # a BEFORE ROW trigger returned NULL
                result = heapam.heap_delete(target, tid, snapshot, cid=statement_cid)
            if result.status == "self_modified" and result.cmax != statement_cid:
                # A command run inside this one (a BEFORE trigger's) changed the row; one
                # changed by this very command (a join matching it twice, or another
                # data-modifying WITH query of the statement) is skipped silently.
                # Changed before the BEFORE ROW triggers would have fired: PostgreSQL
                # finds it locking the row for them (GetTupleForTrigger), whose message
                # says "updated" for a DELETE too.
                _modified_by_trigger(is_update or (
                    command_before_triggers is not None
                    and xact.current_command_id() == command_before_triggers))
            if result.status == "ok":
                if row_triggers.wants_after_rows:      # a foreign key's RI triggers too
                    old_row = target_values(plan, row)
                    new_row = new_values if is_update else None
                    if child is not None and child.column_map is not None and \
                            row_triggers is child.triggers:
                        old_row = child.to_child(old_row)
                        new_row = child.to_child(new_row, old_row) if is_update else None
                    if is_update:
                        row_triggers.after_row(old_row, new_row, result.new_tid, tid,
                                               user_triggers=not moved_to)
                    else:
                        row_triggers.after_row(old_row, None)
                if row_triggers is not triggers:        # the parent's transition tables
                    triggers.capture(target_values(plan, row), new_values if is_update else None)
                count += 1
                if returning is not None:
                    if is_update:
                        returned = joined_modify.updated_row(plan, row, new_values,
                                                             result.new_tid, state)
                        if moved_to:              # now in another partition
                            returned[tableoid_index] = moved_to
                    else:
                        returned = joined_modify.deleted_row(plan, row, state)
                    out.append([f(returned, state) for f in returning])
                break
            if result.status in ("updated", "deleted") and xact.uses_transaction_snapshot():
                # REPEATABLE READ / SERIALIZABLE: the row changed after our snapshot was
                # taken; we may not act on a version we cannot see.
                raise PgError(SERIALIZATION_FAILURE,
                              f"could not serialize access due to concurrent "
                              f"{'update' if result.status == 'updated' else 'delete'}")
            if result.status != "updated":
                break                     # deleted concurrently, or already changed by us
            # EvalPlanQual: lock the newest version, re-check the statement on it.
            locked = heapam.lock_latest_version(target, tid, lock_mode, heapam.WAIT_BLOCK,
                                                find_last_version=True, follow_updates=False)
            if locked.status != "ok":
                break                     # deleted meanwhile, or changed by this command
            substitute = eval_plan_qual.relation_row(target, locked.tid)
            row = eval_plan_qual.recheck(plan.child, state,
                                         joined_modify.substitutes(plan, row, substitute))
            if row is None:
                break                     # the newest version no longer qualifies
            tid = locked.tid
    triggers.after_statement()
    return count, out
