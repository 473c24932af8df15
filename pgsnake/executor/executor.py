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
Merge Join), upper_nodes (Aggregate, Sort, Unique, Limit), window_agg (WindowAgg),
grouping_sets_agg (GroupingSetsAggregate), incremental_sort (Incremental Sort),
lock_rows (LockRows), project_set (ProjectSet), set_op_nodes (SetOp) and cte_nodes (CTE
Scan, Recursive Union, WorkTable Scan); subplan teaches expressions to run SubPlans. A
statement's data-modifying WITH queries run before its plan starts
(cte_nodes.run_modifying_ctes).
Portals (portal_query.Execution) pull batches from the top node themselves.

PostgreSQL: executor/execMain.c (ExecutorStart/Run/End), executor/execProcnode.c.
"""
from __future__ import annotations

from pgsnake.executor import column_pruning
from pgsnake.executor.plan_state import NodeCounters, init_node, rows_of  # noqa: F401


def start_plan(plan, estate):
    cte_nodes.run_modifying_ctes(plan, estate)
    column_pruning.annotate(plan)       # which columns each table scan decodes
    return init_node(plan, estate)


def execute_plan(plan, estate):
    cte_nodes.run_modifying_ctes(plan, estate)
    node = init_node(plan, estate)
    try:
        yield from rows_of(node)
    finally:
        node.end()
        estate.end()


def run_query(plan, estate) -> list:
    return list(execute_plan(plan, estate))


# Importing the node modules registers their state classes.
from pgsnake.executor import (grouping_sets_agg, incremental_sort, index_scan_nodes,  # noqa: E402,F401
                              join_nodes, lock_rows, project_set, scan_nodes, subplan,
                              upper_nodes, window_agg)
from pgsnake.executor import bitmap_nodes, cte_nodes, set_op_nodes  # noqa: E402,F401
from pgsnake.executor import memoize_nodes  # noqa: E402,F401
from pgsnake.executor import merge_append  # noqa: E402,F401
from pgsnake.executor import sample_scan  # noqa: E402,F401  (Sample Scan: TABLESAMPLE)
from pgsnake.executor import tid_scan_nodes  # noqa: E402,F401  (Tid Scan, Tid Range Scan)
from pgsnake.executor import gather_nodes  # noqa: E402,F401  (Gather, Parallel Seq Scan)
from pgsnake.executor import parallel_aggregate  # noqa: E402,F401  (Partial / Finalize Aggregate)
