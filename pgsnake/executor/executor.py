"""Running a plan tree: each plan node becomes a Python generator of rows.

Entry points:
    execute_plan(plan, state) -> Iterator[list]   rows of the node's output layout
    run_query(plan, state) -> list[list]          all rows

Every node runs the same way: its node-specific runner yields rows in the node's input
layout, already filtered by its `qual` where the node kind filters before projection;
then, if the node has a target_list, each row is projected. This mirrors PostgreSQL's
ExecScan/ExecProject split (a demand-pull tree of iterators), with closures standing in for
compiled expression programs (design.md §3: generated code can replace them later without
changing plans).

PostgreSQL: executor/execMain.c (ExecutorStart/Run), executor/execProcnode.c
(ExecInitNode, ExecProcNode), executor/execScan.c (ExecScan).
"""
from __future__ import annotations

import time

from pgsnake.executor.expression_eval import compile_expression, layout_of

_RUNNERS: dict = {}


def runner(plan_class):
    """Register the function that runs one plan node kind."""
    def register(fn):
        _RUNNERS[plan_class] = fn
        return fn
    return register


def execute_plan(plan, state):
    rows = _RUNNERS[type(plan)](plan, state)
    if plan.target_list is not None:
        layout = layout_of(plan.row_keys())
        fns = [compile_expression(e, layout, state) for e in plan.target_list]
        rows = _project(rows, fns)
    if state.instrumentation is not None:
        rows = _counted(rows, state.instrumentation.setdefault(id(plan), NodeCounters()))
    return rows


class NodeCounters:
    """EXPLAIN ANALYZE's per-node counters (PostgreSQL's Instrumentation)."""

    def __init__(self) -> None:
        self.loops = 0
        self.rows = 0
        self.first_row_ms: float | None = None
        self.total_ms = 0.0


def _counted(rows, counters: NodeCounters):
    counters.loops += 1
    started = time.perf_counter()
    for row in rows:
        counters.rows += 1
        if counters.first_row_ms is None:
            counters.first_row_ms = (time.perf_counter() - started) * 1000.0
        yield row
    counters.total_ms += (time.perf_counter() - started) * 1000.0


def _project(rows, fns):
    for row in rows:
        yield [f(row) for f in fns]


def run_query(plan, state) -> list:
    return list(execute_plan(plan, state))


# Importing the node modules registers their runners.
from pgsnake.executor import (index_scan_nodes, join_nodes, lock_rows,  # noqa: E402,F401
                              scan_nodes, upper_nodes)
