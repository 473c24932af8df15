"""WITH queries at run time: CTE Scan, Recursive Union, WorkTable Scan.

CTE Scan: a WITH query that is not inlined runs once per execution, however many CTE
Scans read it. Its rows go to a store shared by those scans (`CteStore`, kept in
ExecutorState.subplan_nodes under ('cte', id) and ended with the execution); a scan
that reaches the end of what is stored pulls the next batch from the WITH query's
plan. So the query runs only as far as its readers read: `WITH RECURSIVE t AS (... no
end ...) SELECT * FROM t LIMIT 5` stops, as in PostgreSQL. A CTE Scan re-scanned with a
parameter its WITH query reads changed (a WITH inside a correlated subquery) computes
the store again; so does one whose WITH query reads a recursive term's work table, on each
iteration (plan_exec_params counts a WorkTable Scan's slot).

Recursive Union: returns the non-recursive term's rows and keeps them as the work
table; then, while the work table is not empty, re-scans the recursive term with the
work table in its PARAM_EXEC slot (so cached parts that read it are recomputed, as
PostgreSQL's wtParam does) and makes its rows the next work table. UNION (not ALL)
drops every row already returned (a hash set of the rows, NULLs equal).

WorkTable Scan: the rows of the work table in its slot.

A data-modifying WITH query (INSERT / UPDATE / DELETE ... RETURNING) runs to completion
before its statement starts (`run_modifying_ctes`, called by executor.py and
modify_table.py), whether or not anything reads it; its RETURNING rows are what its CTE
Scans read, kept for the whole execution (ExecutorState.modified_ctes, which
ExecutorState.end() leaves alone: a ModifyTable reading its source plan ends the state
trees of subqueries, and a WITH query that ran must not run again).

PostgreSQL: executor/nodeCtescan.c, nodeRecursiveunion.c, nodeWorktablescan.c.
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.executor.plan_state import (
    BATCH_ROWS, PlanState, batches_of, init_node, node_state, plan_exec_params)
from pgsnake.executor.scan_nodes import ScanState
from pgsnake.executor.set_op_nodes import hashable_key
from pgsnake.optimizer.set_operation_nodes import CteScan, RecursiveUnion, WorkTableScan


class CteStore:
    """The rows a WITH query has produced so far in this execution."""

    def __init__(self, plan, estate) -> None:
        self.source = init_node(plan, estate)
        self.rows: list = []
        self.done = False

    def fill_past(self, position: int) -> None:
        """Read from the WITH query until there is a row at `position` or it ended."""
        while not self.done and len(self.rows) <= position:
            batch = self.source.next_batch()
            if batch is None:
                self.done = True
            else:
                self.rows.extend(batch)

    def reset(self, changed) -> None:
        self.source.rescan(changed)
        self.rows = []
        self.done = False

    def end(self) -> None:
        self.source.end()


class ModifiedRows:
    """What a data-modifying WITH query returned: all of it, computed at once."""

    def __init__(self, rows: list) -> None:
        self.rows = rows
        self.done = True

    def fill_past(self, position: int) -> None:
        pass

    def reset(self, changed) -> None:
        pass

    def end(self) -> None:
        pass


def cte_store(cte_plan, estate):
    if cte_plan.modifies:
        store = estate.modified_ctes.get(cte_plan.cte_id)
        return store if store is not None else _run_modifying(cte_plan, estate)
    key = ("cte", cte_plan.cte_id)
    store = estate.subplan_nodes.get(key)
    if store is None:
        store = estate.subplan_nodes[key] = CteStore(cte_plan.plan, estate)
    return store


def run_modifying_ctes(plan, estate) -> None:
    """Run the data-modifying WITH queries of the statement whose top node is `plan`,
    each to completion, before the statement itself (PostgreSQL runs a statement with
    one to completion at its first fetch, PORTAL_ONE_MOD_WITH). They work under the
    statement's snapshot, so it does not see what they change; the command counter is
    advanced after each, so later statements do."""
    for init_plan in plan.init_plans:
        if getattr(init_plan, "modifies", False) and \
                init_plan.cte_id not in estate.modified_ctes:
            # A READ ONLY transaction refuses the statement, named by its own command.
            xact.prevent_command_if_read_only(getattr(plan, "operation", "SELECT"))
            _run_modifying(init_plan, estate)


def _run_modifying(cte_plan, estate) -> ModifiedRows:
    from pgsnake.executor.modify_table import run_modify_table
    _, rows = run_modify_table(cte_plan.plan, estate, end_state=False)
    store = estate.modified_ctes[cte_plan.cte_id] = ModifiedRows(rows)
    return store


@node_state(CteScan)
class CteScanState(ScanState):
    def extra_params(self) -> set:
        return set(plan_exec_params(self.plan.cte_plan.plan))

    def scan_batches(self):
        store = cte_store(self.plan.cte_plan, self.estate)
        position = 0
        while True:
            store.fill_past(position)
            if position >= len(store.rows):
                return
            chunk = store.rows[position:position + BATCH_ROWS]
            position += len(chunk)
            rows = self.filtered(chunk)
            if rows:
                yield rows

    def restart(self, changed) -> None:
        self._close_batches()
        if changed & plan_exec_params(self.plan.cte_plan.plan):
            cte_store(self.plan.cte_plan, self.estate).reset(changed)


@node_state(RecursiveUnion)
class RecursiveUnionState(PlanState):
    def setup(self) -> None:
        self.non_recursive = self.child_state(self.plan.non_recursive)
        self.recursive = self.child_state(self.plan.recursive)

    def batches(self):
        plan = self.plan
        slots = self.estate.exec_params
        columns = plan.num_columns
        seen = set() if plan.distinct else None

        def new_rows(batch):
            if seen is None:
                return batch
            out = []
            for row in batch:
                key = hashable_key(row[:columns])
                if key not in seen:
                    seen.add(key)
                    out.append(row)
            return out

        work: list = []
        for batch in batches_of(self.non_recursive):
            rows = new_rows(batch)
            if rows:
                work.extend(rows)
                yield rows
        while work:
            slots[plan.work_param] = work
            work = []
            self.recursive.rescan({plan.work_param})
            for batch in batches_of(self.recursive):
                rows = new_rows(batch)
                if rows:
                    work.extend(rows)
                    yield rows
        slots.pop(plan.work_param, None)


@node_state(WorkTableScan)
class WorkTableScanState(ScanState):
    def extra_params(self) -> set:
        return {self.plan.work_param}

    def scan_batches(self):
        rows = self.estate.exec_params.get(self.plan.work_param, [])
        for start in range(0, len(rows), BATCH_ROWS):
            chunk = self.filtered(rows[start:start + BATCH_ROWS])
            if chunk:
                yield chunk
