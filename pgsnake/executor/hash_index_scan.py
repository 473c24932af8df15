"""Scans through a hash index: the TIDs whose entries carry the operand's hash code,
for an Index Scan (in index order) or a Bitmap Index Scan; the rows must be rechecked
against the clause, since different values may share a hash code (PostgreSQL's hash
scans set xs_recheck and return lossy bitmap entries the same way).

Entry points: hash_index_batches(plan, operands, estate) -> batches of ScanItems
(IndexScanState), hash_bitmap_batches(state) (BitmapIndexScanState; sets
state.recheck_needed), index_recheck(plan) -> compiled index clauses.

PostgreSQL: access/hash/hash.c (hashgettuple, hashgetbitmap), executor/nodeIndexscan.c
(IndexNext's recheck), nodeBitmapIndexscan.c.
"""
from __future__ import annotations

from pgsnake.access.hash import access_method as hash_am
from pgsnake.access.nbtree.scan import ScanItem
from pgsnake.executor.expression_eval import compile_qual, layout_of
from pgsnake.executor.plan_state import BATCH_ROWS
from pgsnake.utils.activity import pgstat


def _tids(plan, operands, estate) -> list:
    clause = plan.index_clauses[0]
    value = operands[0](None, estate)
    tids = hash_am.scan(plan.index, value, clause.arg_type)
    stats = pgstat.count_scan(plan.index)
    stats.tuples_returned += len(tids)
    return tids


def hash_index_batches(plan, operands, estate):
    tids = _tids(plan, operands, estate)
    for start in range(0, len(tids), BATCH_ROWS):
        yield [ScanItem(tid) for tid in tids[start:start + BATCH_ROWS]]


def hash_bitmap_batches(state):
    state.recheck_needed = True
    tids = sorted(set(_tids(state.plan, state.code, state.estate)))
    for start in range(0, len(tids), BATCH_ROWS):
        yield [[tid] for tid in tids[start:start + BATCH_ROWS]]


def index_recheck(plan):
    """The index clauses compiled over the scan's rows (IndexScan's indexqualorig)."""
    return compile_qual([c.clause for c in plan.index_clauses], layout_of(plan.row_keys()))
