"""Index Scan, Index Only Scan and Bitmap Heap Scan: table rows found through a B-tree.

Every scan first evaluates its index clauses' operands (constants, parameters, stable
functions) into B-tree scan keys, once per execution (ExecIndexBuildScanKeys). Then:

  * Index Scan fetches each TID the index returns and keeps the heap tuple if the
    statement's snapshot sees it. pgsnake indexes every row version (no HOT yet), so a
    visible version always has its own entry and the index clauses need no recheck.
  * Index Only Scan returns the index tuple's columns. With no visibility map yet it
    still asks the heap whether the version is visible (every fetch is a "heap fetch").
  * Bitmap Heap Scan collects the TIDs first, sorts them by block and offset, and reads
    each table page once, in physical order.

Under SERIALIZABLE the scan predicate-locks the whole table, as a sequential scan does:
pgsnake has no index-page predicate locks yet, and a table lock covers every phantom.
During an EvalPlanQual re-check the scan returns its substitute row if it passes the
index clauses and the filter (IndexRecheck).

PostgreSQL: executor/nodeIndexscan.c, nodeIndexonlyscan.c, nodeBitmapHeapscan.c,
nodeBitmapIndexscan.c, access/index/indexam.c (index_getnext_tid, index_fetch_heap).
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.access.nbtree import access_method as btree
from pgsnake.access.nbtree.scan_keys import ScanKey
from pgsnake.executor import eval_plan_qual
from pgsnake.executor.executor import execute_plan, runner
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.optimizer.plan_nodes import BitmapHeapScan, BitmapIndexScan, IndexScan
from pgsnake.storage.lmgr import predicate
from pgsnake.utils.interrupts import check_for_interrupts


def _scan_keys(index_clauses, state) -> list[ScanKey]:
    keys = []
    for clause in index_clauses:
        argument = None
        if clause.operand is not None:
            argument = compile_expression(clause.operand, {}, state)(None)
        keys.append(ScanKey(clause.column, clause.strategy, argument, clause.arg_type))
    return keys


def _filter(plan, state, extra=()):
    return compile_qual(list(extra) + list(plan.qual), layout_of(plan.row_keys()), state)


def _epq_rows(plan, state, recheck):
    """EvalPlanQual mode: the substitute row, if it passes the index clauses too."""
    substitutes = eval_plan_qual.substitute_rows(plan, state)
    if substitutes is None:
        return None
    qual = _filter(plan, state, recheck)
    return iter([row for row in substitutes if qual is None or qual(row)])


def _heap_rows(relation, tids, state):
    """Visible versions at `tids`, as scan rows (columns, ctid, tableoid)."""
    reloid = relation.oid
    for tid in tids:
        values = heapam.heap_fetch(relation, tid, state.snapshot)
        if values is not None:
            values.append(tid)
            values.append(reloid)
            yield values


def _index_items(plan, state, *, backward=False, index_only=False):
    """The index's matches, page by page (each a list of ScanItems)."""
    scan = btree.begin_scan(plan.index, _scan_keys(plan.index_clauses, state),
                            btree.BACKWARD if backward else btree.FORWARD,
                            want_values=index_only)
    try:
        while True:
            check_for_interrupts()
            batch = scan.next_batch()
            if batch is None:
                return
            yield batch
    finally:
        scan.end()


@runner(IndexScan)
def run_index_scan(plan, state):
    substitutes = _epq_rows(plan, state, [c.clause for c in plan.index_clauses])
    if substitutes is not None:
        return substitutes
    relation = plan.relation
    if predicate.tracking:
        predicate.lock_relation(relation)
    qual = _filter(plan, state)

    def scan():
        if plan.index_only:
            yield from _index_only_rows(plan, state)
            return
        for batch in _index_items(plan, state, backward=plan.backward):
            yield from _heap_rows(relation, [item.heap_tid for item in batch], state)
    rows = scan()
    return rows if qual is None else (row for row in rows if qual(row))


def _index_only_rows(plan, state):
    relation = plan.relation
    natts = len(relation.attributes)
    positions = [attnum - 1 for attnum in plan.index.index.heap_attnums]
    reloid = relation.oid
    for batch in _index_items(plan, state, backward=plan.backward, index_only=True):
        for item in batch:
            # No visibility map: the heap says whether this version is visible.
            if heapam.heap_fetch(relation, item.heap_tid, state.snapshot) is None:
                continue
            row = [None] * natts
            for position, value in zip(positions, item.values):
                row[position] = value
            row.append(item.heap_tid)
            row.append(reloid)
            yield row


@runner(BitmapIndexScan)
def run_bitmap_index_scan(plan, state):
    """The TIDs the index finds, one per row, for the Bitmap Heap Scan above."""
    for batch in _index_items(plan, state):
        for item in batch:
            yield [item.heap_tid]


@runner(BitmapHeapScan)
def run_bitmap_heap_scan(plan, state):
    substitutes = _epq_rows(plan, state, plan.recheck_quals)
    if substitutes is not None:
        return substitutes
    relation = plan.relation
    if predicate.tracking:
        predicate.lock_relation(relation)
    qual = _filter(plan, state)

    def scan():
        # The bitmap: every matching TID, then the table in physical order.
        tids = {row[0] for row in execute_plan(plan.child, state)}
        yield from _heap_rows(relation, sorted(tids), state)
    rows = scan()
    return rows if qual is None else (row for row in rows if qual(row))
