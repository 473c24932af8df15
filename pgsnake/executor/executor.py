"""Running a plan tree: ExecutorStart / Run / End over the PlanState tree.

Entry points:
    start_plan(plan, estate) -> PlanState      build the state tree (ExecutorStart)
    execute_plan(plan, estate) -> Iterator[list]  every row of the plan's output layout;
                                               the state tree is ended when the iterator
                                               is exhausted or closed
    run_query(plan, estate) -> list[list]      all rows

Every node kind is a PlanState class (plan_state.py) registered for its plan class by
the node modules imported below: scan_nodes (Seq Scan, Values Scan, Function Scan,
Subquery Scan, Result, Append), join_nodes (Nested Loop, Materialize, Hash Join, Hash,
Merge Join), upper_nodes (Aggregate, Sort, Unique, Limit) and lock_rows (LockRows);
subplan teaches expressions to run SubPlans.
Portals (portal_query.Execution) pull batches from the top node themselves.

PostgreSQL: executor/execMain.c (ExecutorStart/Run/End), executor/execProcnode.c.
"""
from __future__ import annotations

from pgsnake.executor.plan_state import NodeCounters, init_node, rows_of  # noqa: F401


def start_plan(plan, estate):
    return init_node(plan, estate)


def execute_plan(plan, estate):
    node = init_node(plan, estate)
    try:
        yield from rows_of(node)
    finally:
        node.end()
        estate.end()


def run_query(plan, estate) -> list:
    return list(execute_plan(plan, estate))


# Importing the node modules registers their state classes.
from pgsnake.executor import (index_scan_nodes, join_nodes, lock_rows,  # noqa: E402,F401
                              project_set, scan_nodes, subplan, upper_nodes)
