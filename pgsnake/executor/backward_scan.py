"""Can a plan run backward? PostgreSQL's answer (ExecSupportsBackwardScan), for cursors.

A cursor declared with neither SCROLL nor NO SCROLL is scrollable in PostgreSQL when its
plan can run backward and it locks no rows (PerformCursorOpen); pg_cursors.is_scrollable
shows that, and FETCH BACKWARD / ABSOLUTE / RELATIVE then work on it. The answer is
PostgreSQL's for each node kind: scans of a table, a function, VALUES or a CTE, Sort and
Materialize can; Limit, LockRows and Subquery Scan can when their child can; Append
when every child can; Result when it has a child that can; an Index Scan when its
access method can scan backward (B-tree and hash can, GiST and SP-GiST cannot); every
other node (joins, aggregates, Unique, window functions, set operations, Bitmap Heap
Scan, ProjectSet, ...) cannot. pgsnake's plan for a query is not always PostgreSQL's
plan; the answer follows pgsnake's plan.

How pgsnake scrolls such a cursor without running its plan backward is tcop's concern
(tcop/scroll_cursor.py).

Entry point: supports_backward_scan(plan) -> bool.

PostgreSQL: executor/execAmi.c (ExecSupportsBackwardScan, IndexSupportsBackwardScan),
commands/portalcmds.c (PerformCursorOpen).
"""
from __future__ import annotations

from pgsnake.optimizer import plan_nodes as pn
from pgsnake.optimizer import set_operation_nodes

# Index access methods whose amcanbackward is true: B-tree (403) and hash (405).
_BACKWARD_ACCESS_METHODS = frozenset((403, 405))

_ALWAYS = (pn.SeqScan, pn.TidScan, pn.TidRangeScan, pn.FunctionScan, pn.ValuesScan,
           set_operation_nodes.CteScan,
           pn.Materialize, pn.Sort)
_PASS_THROUGH = (pn.Limit, pn.LockRows)


def supports_backward_scan(plan) -> bool:
    if plan is None or isinstance(plan, pn.SampleScan):    # tablesample methods: never
        return False
    if isinstance(plan, _ALWAYS):
        return True
    if isinstance(plan, _PASS_THROUGH):
        return supports_backward_scan(plan.child)
    if isinstance(plan, pn.Result):
        return plan.child is not None and supports_backward_scan(plan.child)
    if isinstance(plan, pn.SubqueryScan):
        return supports_backward_scan(plan.subplan)
    if isinstance(plan, pn.Append):
        return all(supports_backward_scan(child) for child in plan.subplans)
    if isinstance(plan, pn.IndexScan):
        description = getattr(plan.index, "index", None)       # the index's IndexDescription
        return getattr(description, "access_method", 403) in _BACKWARD_ACCESS_METHODS
    return False
