"""SetOp: INTERSECT / EXCEPT [ALL] over flagged input rows.

The input (an Append, sorted or not) carries after the result columns a flag column:
0 for a row of the left query, 1 for the right. Rows are counted per distinct result
row (NULLs equal, as for DISTINCT) on each side, then each group is returned

    INTERSECT       once if both sides have it
    INTERSECT ALL   min(left, right) times
    EXCEPT          once if only the left side has it
    EXCEPT ALL      max(left - right, 0) times

in the order groups were first met: hash order for HashSetOp, the sort order for a
sorted SetOp (its input arrives sorted, so first-met order is sorted order). The whole
input is read before the first row is returned, for both strategies.

PostgreSQL: executor/nodeSetOp.c.
"""
from __future__ import annotations

from pgsnake.executor import hash_keys
from pgsnake.executor.plan_state import BATCH_ROWS, PlanState, in_batches, node_state, rows_of
from pgsnake.optimizer.set_operation_nodes import SetOp
from pgsnake.utils.interrupts import check_for_interrupts


hashable_key = hash_keys.hashable_key          # (kept here for its callers)


def _copies(op: str, all_rows: bool, left: int, right: int) -> int:
    if op == "intersect":
        if all_rows:
            return min(left, right)
        return 1 if left and right else 0
    if all_rows:
        return max(left - right, 0)
    return 1 if left and not right else 0


@node_state(SetOp)
class SetOpState(PlanState):
    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        plan = self.plan
        columns = plan.num_columns
        groups: dict = {}          # result row -> [first row, left count, right count]
        for count, row in enumerate(rows_of(self.child), 1):
            key = hashable_key(row[:columns])
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = [row, 0, 0]
            entry[1 if row[columns] == 0 else 2] += 1
            if count % BATCH_ROWS == 0:
                check_for_interrupts()
        yield from in_batches(row for row, left, right in groups.values()
                              for _ in range(_copies(plan.op, plan.all, left, right)))
