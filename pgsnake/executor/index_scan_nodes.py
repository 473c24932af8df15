"""Index Scan, Index Only Scan and Bitmap Heap Scan: table rows found through a B-tree.

Every scan evaluates its index clauses' operands (constants, parameters, stable
functions) into B-tree scan keys when it starts, and again on each rescan (a
parameterised scan inside a Nested Loop gets new keys per outer row: PARAM_EXEC values
in the operands). An `= ANY (array)` clause's array is evaluated into its elements,
and the B-tree runs one scan per distinct element (access/nbtree/array_keys.py). Then:

  * Index Scan fetches each TID the index returns and keeps the heap tuple if the
    statement's snapshot sees it. pgsnake indexes every row version (no HOT yet), so a
    visible version always has its own entry and the index clauses need no recheck.
    A batch is one leaf page's visible matches.
  * Index Only Scan returns the index tuple's columns. With no visibility map yet it
    still asks the heap whether the version is visible (every fetch is a "heap fetch").
  * Bitmap Heap Scan collects the TIDs first (its Bitmap Index Scan child), sorts them
    by block and offset, and reads each table page once, in physical order.
    A GIN index's Bitmap Index Scan is gin_bitmap_scan.py's; when GIN says its answer
    is lossy, the heap scan re-evaluates the Recheck Cond on each row. A hash index's
    scans are hash_index_scan.py's; their answers are always lossy (rechecked).

Under SERIALIZABLE the scan predicate-locks the whole table, as a sequential scan does:
pgsnake has no index-page predicate locks yet, and a table lock covers every phantom.
During an EvalPlanQual re-check the scan returns its substitute row if it passes the
index clauses and the filter (IndexRecheck).

PostgreSQL: executor/nodeIndexscan.c, nodeIndexonlyscan.c, nodeBitmapHeapscan.c,
nodeBitmapIndexscan.c, access/index/indexam.c (index_getnext_tid, index_fetch_heap).
"""
from __future__ import annotations

from pgsnake.access import index_am
from pgsnake.access.heap import heapam
from pgsnake.access.nbtree import access_method as btree
from pgsnake.access.nbtree.array_keys import EQ_ANY
from pgsnake.access.nbtree.scan_keys import ScanKey
from pgsnake.datatypes import array_values
from pgsnake.executor import column_pruning, eval_plan_qual
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.executor.index_only_rows import index_only_rows
from pgsnake.executor.plan_state import BATCH_ROWS, PlanState, node_state
from pgsnake.optimizer.plan_nodes import BitmapHeapScan, BitmapIndexScan, IndexScan
from pgsnake.storage.lmgr import predicate
from pgsnake.utils.activity import pgstat


def _operands(plan) -> list:
    """Per index clause, its compiled operand (None for IS [NOT] NULL)."""
    return [None if c.operand is None else compile_expression(c.operand, {})
            for c in plan.index_clauses]


def _table_scan_code(plan):
    """(operands, EvalPlanQual recheck: the index clauses plus the filter). A Bitmap
    Heap Scan's operands are its Bitmap Index Scan child's."""
    clauses = getattr(plan, "index_clauses", ())
    operands = _operands(plan) if clauses else []
    recheck_exprs = getattr(plan, "recheck_quals", None) or [c.clause for c in clauses]
    recheck = compile_qual(list(recheck_exprs) + list(plan.qual), layout_of(plan.row_keys()))
    return operands, recheck


def _scan_keys(plan, operands, estate) -> list[ScanKey]:
    keys = []
    for c, f in zip(plan.index_clauses, operands):
        argument = None if f is None else f(None, estate)
        if c.strategy == EQ_ANY and argument is not None:
            argument = list(array_values.elements(argument))   # one scan per element
        keys.append(ScanKey(c.column, c.strategy, argument, c.arg_type))
    return keys


def _index_batches(plan, operands, estate, *, backward=False, index_only=False,
                   shared=None):
    """The index's matches, one leaf page (a list of ScanItems) at a time. `shared`:
    (atomics, offset) of a parallel scan's shared position (a forward B-tree scan):
    this process's share of the pages."""
    if index_am.is_hash(plan.index):
        from pgsnake.executor.hash_index_scan import hash_index_batches
        yield from hash_index_batches(plan, operands, estate)
        return
    if shared is not None:
        scan = btree.begin_parallel_scan(plan.index, _scan_keys(plan, operands, estate),
                                         *shared, want_values=index_only)
    else:
        scan = btree.begin_scan(plan.index, _scan_keys(plan, operands, estate),
                                btree.BACKWARD if backward else btree.FORWARD,
                                want_values=index_only)
    stats = pgstat.count_scan(plan.index)     # idx_scan; idx_tup_read per leaf page
    try:
        while True:
            batch = scan.next_batch()
            if batch is None:
                return
            stats.tuples_returned += len(batch)
            yield batch
    finally:
        scan.end()


def _heap_rows(relation, tids, snapshot, system_columns=(), upto=None) -> list:
    """Visible versions at `tids`, as scan rows (columns, ctid, tableoid, then the
    requested header system columns); columns past `upto` None, not decoded
    (column_pruning.py)."""
    reloid = relation.oid
    natts = len(relation.attributes)
    rows = []
    # HOT chains; a run of TIDs on one page shares one pin and lock of it
    for found in heapam.heap_hot_fetch_many(relation, tids, snapshot, system_columns, upto):
        if found is not None:
            tid, values = found
            if system_columns:
                values = values[:natts] + [tid, reloid] + values[natts:]
            else:
                values.append(tid)
                values.append(reloid)
            rows.append(values)
    return rows


def btree_lookup_code(plan):
    """The compiled operands of a plain B-tree Index Scan (`btree_lookup`'s `operands`),
    or None when the scan is of another kind: a filter, an index-only, backward,
    ordered or non-B-tree scan, or system columns."""
    if plan.qual or plan.index_only or plan.backward or plan.order_by or \
            plan.system_columns or index_am.is_hash(plan.index) or \
            index_am.is_gist(plan.index) or index_am.is_gin(plan.index) or \
            index_am.is_brin(plan.index):
        return None
    return _operands(plan)


def btree_lookup(plan, operands, estate) -> list:
    """Every row a plain B-tree Index Scan returns (no PlanState: a caller that runs one
    lookup per event, executor/referential_locks.py), with only its ctid and tableoid
    decoded (the columns None); the same statistics counts as IndexScanState."""
    if predicate.tracking:
        predicate.lock_relation(plan.relation)
    rows = []
    for batch in _index_batches(plan, operands, estate):
        found = _heap_rows(plan.relation, [item.heap_tid for item in batch],
                           estate.snapshot, (), 0)
        if found:
            pgstat.table_status(plan.index).tuples_fetched += len(found)
            rows += found
    return rows


class _TableScanState(PlanState):
    """What these scans share: EvalPlanQual's substitute row, the table-level predicate
    lock, the filter."""

    def compile_node(self, plan):
        return _table_scan_code(plan)

    def batches(self):
        operands, recheck = self.code
        substitutes = eval_plan_qual.substitute_rows(self.plan, self.estate)
        if substitutes is not None:
            ex = self.estate
            rows = [r for r in substitutes if recheck is None or recheck(r, ex)]
            if rows:
                yield rows
            return
        if predicate.tracking:
            predicate.lock_relation(self.plan.relation)
        for rows in self.scan_batches(operands):
            rows = self.filtered(rows)
            if rows:
                yield rows


@node_state(IndexScan)
class IndexScanState(_TableScanState):
    def scan_batches(self, operands):
        plan, estate = self.plan, self.estate
        if index_am.is_gist(plan.index):         # its Index Only Scans too
            from pgsnake.executor.gist_bitmap_scan import gist_index_scan_batches
            yield from gist_index_scan_batches(self, operands)
            return
        if plan.index_only:
            yield from self._index_only_batches(operands)
            return
        recheck = None
        if index_am.is_hash(plan.index):         # lossy: values may share a hash code
            from pgsnake.executor.hash_index_scan import index_recheck
            recheck = index_recheck(plan)
        for batch in _index_batches(plan, operands, estate, backward=plan.backward,
                                    shared=self.shared_position()):
            rows = _heap_rows(plan.relation, [item.heap_tid for item in batch], estate.snapshot,
                              plan.system_columns, column_pruning.decode_upto(plan))
            if recheck is not None:
                rows = [r for r in rows if recheck(r, estate)]
            if rows:
                pgstat.table_status(plan.index).tuples_fetched += len(rows)   # idx_tup_fetch
                yield rows

    def shared_position(self):
        """A parallel scan's shared B-tree position (gather_nodes.py); None: serial."""
        return None

    def _index_only_batches(self, operands):
        plan, estate = self.plan, self.estate
        for batch in _index_batches(plan, operands, estate, backward=plan.backward,
                                    index_only=True, shared=self.shared_position()):
            rows = index_only_rows(self, ((item.heap_tid, item.values, False)
                                          for item in batch), {})
            if rows:
                yield rows


@node_state(BitmapIndexScan)
class BitmapIndexScanState(PlanState):
    """The TIDs the index finds, one per row, for the Bitmap Heap Scan above."""

    def compile_node(self, plan):
        return _operands(plan)

    recheck_needed = False          # GIN's answer may need the Recheck Cond

    def batches(self):
        if index_am.is_gin(self.plan.index):
            from pgsnake.executor.gin_bitmap_scan import gin_bitmap_batches
            yield from gin_bitmap_batches(self)
            return
        if index_am.is_hash(self.plan.index):
            from pgsnake.executor.hash_index_scan import hash_bitmap_batches
            yield from hash_bitmap_batches(self)
            return
        if index_am.is_gist(self.plan.index):
            from pgsnake.executor.gist_bitmap_scan import gist_bitmap_batches
            yield from gist_bitmap_batches(self)
            return
        if index_am.is_brin(self.plan.index):
            from pgsnake.executor.brin_bitmap_scan import brin_bitmap_batches
            yield from brin_bitmap_batches(self)
            return
        for batch in _index_batches(self.plan, self.code, self.estate):
            yield [[item.heap_tid] for item in batch]


@node_state(BitmapHeapScan)
class BitmapHeapScanState(_TableScanState):
    def setup(self) -> None:
        self.index_state = self.child_state(self.plan.child)

    def bitmap_tids(self) -> set:
        """The bitmap: every TID the Bitmap Index Scan child finds."""
        tids = set()
        while (batch := self.index_state.next_batch()) is not None:
            tids.update(row[0] for row in batch)
        return tids

    def scan_batches(self, operands):
        # The bitmap, then the table in physical order.
        tids = self.bitmap_tids()
        if any(tid[1] is None for tid in tids):      # whole pages (BRIN): lossy
            from pgsnake.executor.brin_bitmap_scan import lossy_page_rows
            yield from lossy_page_rows(self, tids)
            return
        ordered = sorted(tids)
        if self.counters is not None:
            # Every page of the bitmap is an exact one: pgsnake's bitmap never goes lossy.
            self.counters.exact_pages += len({tid[0] for tid in ordered})
        yield from self.rows_at(ordered)

    def rows_at(self, ordered):
        """The visible rows at the TIDs `ordered` (sorted), a batch at a time, the
        Recheck Cond applied where the bitmap said so."""
        relation, snapshot = self.plan.relation, self.estate.snapshot
        for start in range(0, len(ordered), BATCH_ROWS):
            rows = _heap_rows(relation, ordered[start:start + BATCH_ROWS], snapshot,
                              self.plan.system_columns, column_pruning.decode_upto(self.plan))
            if getattr(self.index_state, "recheck_needed", False):
                # the Recheck Cond alone, its removals counted; the Filter comes after
                from pgsnake.executor.brin_bitmap_scan import recheck_code, rechecked
                rows = rechecked(self, rows, recheck_code(self))
            if rows:
                pgstat.table_status(relation).tuples_fetched += len(rows)
                yield rows
