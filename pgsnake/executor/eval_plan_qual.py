"""EvalPlanQual: re-check a query's conditions on the newest version of a row that a
concurrent transaction updated, under READ COMMITTED.

A statement's snapshot may show an old version of a row that another transaction has
since updated and committed. Writers (UPDATE, DELETE) and lockers (SELECT ... FOR UPDATE)
must act on the newest version instead, but only if it still satisfies the statement's
conditions. PostgreSQL's answer, followed here: lock the newest version, then run the
statement's plan once more with every FROM item replaced by exactly one row (the
newly locked version for the table that changed, the same rows as before for everything
else); whatever the plan yields is the re-checked row, nothing means the row no longer
qualifies. Joins, WHERE clauses and the projection are evaluated by the plan itself, so
the re-check is exactly the statement's own logic.

In this mode (`ExecutorState.epq_rows` set) every scan node returns its substitute row
instead of reading its table (`substitute_rows`); nodes above are unchanged.

Entry points: recheck(plan, state, substitutes) -> row | None,
relation_row(relation, tid) -> row | None, substitute_rows(plan, state) -> rows | None.

PostgreSQL: executor/execMain.c (EvalPlanQual, EvalPlanQualBegin, EvalPlanQualNext,
EvalPlanQualFetchRowMark), executor/execScan.c (ExecScanFetch's EPQ branch).
"""
from __future__ import annotations

import copy

from pgsnake.access.heap import heapam


def relation_row(relation, tid) -> list | None:
    """A table's scan row (its columns, ctid, tableoid) for the version at `tid`,
    whatever its visibility: the version that was just locked, or the version the
    statement saw (re-read by ctid). None if there is no tuple there."""
    values = heapam.heap_fetch_version(relation, tid)
    if values is None:
        return None
    values.append(tid)
    values.append(relation.oid)
    return values


def recheck(plan, state, substitutes: dict) -> list | None:
    """Run `plan` once with each FROM item's scan returning only its substitute row
    (`substitutes`: rtindex -> row, or None for no row, e.g. the NULL-extended side of
    an outer join); the first row it yields, or None if the conditions fail. The plan's
    compiled code is shared with the main run; the state tree is built for the check."""
    from pgsnake.executor.plan_state import init_node
    epq_state = copy.copy(state)
    epq_state.epq_rows = substitutes
    epq_state.instrumentation = None        # EXPLAIN ANALYZE counts the real run only
    node = init_node(plan, epq_state)
    try:
        batch = node.next_batch()
    finally:
        node.end()
    return None if batch is None else batch[0]


def substitute_rows(plan, state) -> list | None:
    """For a scan node: in EvalPlanQual mode the rows it must return (its substitute,
    or none), else None (scan normally)."""
    substitutes = getattr(state, "epq_rows", None)
    if substitutes is None:
        return None
    row = substitutes.get(plan.rtindex)
    if row is None:
        return []
    extra = getattr(plan, "system_columns", ())
    if extra:   # the substitute is (columns, ctid, tableoid); add the header columns
        natts = len(plan.relation.attributes)
        row = list(row[:natts + 2]) + heapam.heap_system_columns(plan.relation, row[natts],
                                                                 extra)
    return [list(row)]
