"""Whether a plan can be run backward: decides if a cursor declared with neither SCROLL
nor NO SCROLL may FETCH BACKWARD / PRIOR / ABSOLUTE / RELATIVE.

Entry point: supports_backward_scan(plan) -> bool.

PostgreSQL lets such a cursor move backward exactly when ExecSupportsBackwardScan says
its plan tree can; pgsnake answers the same question from the same node list, so the
same cursors are refused ("cursor can only scan forward"). The rows themselves then come
from tcop/scroll_cursor.py, which keeps the rows read so far instead of running the
nodes backward; the set of cursors allowed is what users see.

Invariant: a node not named here cannot run backward (joins, aggregation, Unique,
SetOp, WindowAgg, ProjectSet, Merge Append, Bitmap Heap Scan, ...), as in PostgreSQL.

PostgreSQL: executor/execAmi.c (ExecSupportsBackwardScan, IndexSupportsBackwardScan).
"""
from __future__ import annotations

from pgsnake.optimizer import plan_nodes as p
from pgsnake.optimizer.set_operation_nodes import CteScan

# Index access methods whose scans can step backward (pg_am's amcanbackward).
_BACKWARD_INDEX_AMS = frozenset({403, 405})       # btree, hash

_ALWAYS = (p.SeqScan, p.FunctionScan, p.ValuesScan, CteScan, p.Materialize, p.Sort)


def supports_backward_scan(plan) -> bool:
    if plan is None:
        return False
    if isinstance(plan, _ALWAYS):
        return True
    if isinstance(plan, p.Result):
        return supports_backward_scan(plan.child)
    if isinstance(plan, p.Append):
        return all(supports_backward_scan(child) for child in plan.subplans)
    if isinstance(plan, p.IndexScan):
        description = getattr(plan.index, "index", None)
        return getattr(description, "access_method", 403) in _BACKWARD_INDEX_AMS
    if isinstance(plan, p.SubqueryScan):
        return supports_backward_scan(plan.subplan)
    if isinstance(plan, (p.Limit, p.LockRows)):
        return supports_backward_scan(plan.child)
    return False
