"""Bitmap scans of a BRIN index: the Bitmap Index Scan's lossy bitmap (whole heap pages)
and the Bitmap Heap Scan's reading of those pages.

The scan keys are the index clauses' (index column, strategy number, operand value,
operand type), the operands evaluated as a B-tree scan's are; an IS [NOT] NULL clause
is a null test key. access/brin answers with the heap blocks of every range that may
hold a match. Each block goes into the bitmap as a lossy page, (block, None): the Bitmap
Heap Scan reads every visible tuple of those pages and keeps those passing its Recheck
Cond ("Rows Removed by Index Recheck", "Heap Blocks: lossy=N" in EXPLAIN ANALYZE). As
in PostgreSQL, the Bitmap Index Scan's row count is ten per page (bringetbitmap's
"totalpages * 10").

Entry points: brin_bitmap_batches(state) for BitmapIndexScanState,
lossy_page_rows(state, tids) for BitmapHeapScanState; recheck_code(state) and
rechecked(state, rows, code), the Recheck Cond of any Bitmap Heap Scan whose bitmap
needs one (its removals counted as "Rows Removed by Index Recheck", the Filter
applied after it).

PostgreSQL: access/brin/brin.c (bringetbitmap), executor/nodeBitmapHeapscan.c
(BitmapHeapNext's lossy pages), access/heap/heapam_handler.c
(heapam_scan_bitmap_next_block).
"""
from __future__ import annotations

from pgsnake.access.brin import access_method as brin
from pgsnake.access.heap import heapam
from pgsnake.executor.plan_state import BATCH_ROWS
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.activity import pgstat

ROWS_PER_PAGE = 10             # what bringetbitmap reports per page it adds


def _keys(plan, operands, estate) -> list | None:
    """The scan keys; None when an operand is NULL (a strict operator: no ranges)."""
    keys = []
    for clause, operand in zip(plan.index_clauses, operands):
        if clause.strategy in ("IS NULL", "IS NOT NULL"):
            keys.append(brin.ScanKey(clause.column - 1, "isnull" if clause.strategy
                                     == "IS NULL" else "notnull"))
            continue
        value = operand(None, estate)
        if value is None:
            return None
        keys.append(brin.ScanKey(clause.column - 1, clause.strategy, value, clause.arg_type))
    return keys


def brin_bitmap_batches(state):
    plan, estate = state.plan, state.estate
    state.recheck_needed = True
    keys = _keys(plan, state.code, estate)
    stats = pgstat.count_scan(plan.index)
    if keys is None:
        return
    heap_nblocks = bufmgr.nblocks(plan.relation.locator, ForkNumber.MAIN)
    blocks = brin.bitmap_scan(plan.index, heap_nblocks, keys)
    stats.tuples_returned += len(blocks) * ROWS_PER_PAGE    # index_getbitmap's count
    per_batch = max(BATCH_ROWS // ROWS_PER_PAGE, 1)
    for start in range(0, len(blocks), per_batch):
        yield [[(blkno, None)] for blkno in blocks[start:start + per_batch]
               for _ in range(ROWS_PER_PAGE)]


def recheck_code(state):
    """The Recheck Cond alone (the node's Filter is applied, and counted, after it)."""
    code = getattr(state, "_brin_recheck", None)
    if code is None:
        from pgsnake.executor.expression_eval import compile_qual, layout_of
        plan = state.plan
        quals = list(plan.recheck_quals or [c.clause for c in getattr(plan.child, "index_clauses", ())])
        code = state._brin_recheck = compile_qual(quals, layout_of(plan.row_keys()))
    return code


def lossy_page_rows(state, tids):
    """The rows of a bitmap with lossy pages, in block order: every visible row of a
    lossy page, rechecked; the exact TIDs' rows (of a BitmapAnd / BitmapOr), rechecked
    when some child's answer is lossy."""
    from pgsnake.executor.index_scan_nodes import _heap_rows
    plan = state.plan
    relation, snapshot = plan.relation, state.estate.snapshot
    lossy = sorted({tid[0] for tid in tids if tid[1] is None})
    exact: dict[int, list] = {}
    for tid in sorted(tid for tid in tids if tid[1] is not None and tid[0] not in lossy):
        exact.setdefault(tid[0], []).append(tid)
    if state.counters is not None:
        state.counters.lossy_pages = getattr(state.counters, "lossy_pages", 0) + len(lossy)
        state.counters.exact_pages += len(exact)
    natts = len(relation.attributes)
    reloid = relation.oid
    recheck = recheck_code(state)
    exact_recheck = recheck if getattr(state.index_state, "recheck_needed", False) else None
    run: list[int] = []

    def lossy_rows(blocks):
        for page_rows in heapam.heap_scan_pages(relation, snapshot, plan.system_columns,
                                                blocks=blocks):
            rows = [values[:natts] + [tid, reloid] + values[natts:]
                    for tid, values in page_rows]
            # every visible row of the page is fetched (heapam_scan_bitmap_next_tuple)
            pgstat.table_status(relation).tuples_fetched += len(rows)
            yield rechecked(state, rows, recheck)

    for page in sorted(set(lossy) | set(exact)):
        if page not in exact:
            run.append(page)
            continue
        if run:
            yield from (rows for rows in lossy_rows(run) if rows)
            run = []
        rows = _heap_rows(relation, exact[page], snapshot, plan.system_columns)
        pgstat.table_status(relation).tuples_fetched += len(rows)
        rows = rechecked(state, rows, exact_recheck)
        if rows:
            yield rows
    if run:
        yield from (rows for rows in lossy_rows(run) if rows)


def rechecked(state, rows: list, recheck) -> list:
    if recheck is None:
        return rows
    kept = [r for r in rows if recheck(r, state.estate)]
    if state.counters is not None and len(kept) < len(rows):
        state.counters.recheck_removed = getattr(
            state.counters, "recheck_removed", 0) + len(rows) - len(kept)
    return kept
