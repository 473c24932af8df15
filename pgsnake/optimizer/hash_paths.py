"""Index Scans and Bitmap Index Scans through hash indexes, and PostgreSQL 15's
hashcostestimate.

A hash index answers only `column = operand` (strategy 1 of its operator family,
pg_amop, e.g. int4 = int8 through integer_ops), written either way round, with a
pseudo-constant operand. It has no order (no ordered or index-only scans) and its
answer is lossy (rows whose values share a hash code), so the executor rechecks the
clause on each row; EXPLAIN shows the clause as the Index Cond (and the Bitmap Heap
Scan's Recheck Cond), as PostgreSQL does.

Cost (hashcostestimate is genericcostestimate, no descent): index tuples = selectivity
x table tuples (at least 1); pages read pro rata, each at random_page_cost; per index
tuple cpu_index_tuple_cost plus cpu_operator_cost per clause; the operand's cost at
startup. Then cost_index / cost_bitmap_heap_scan as for a B-tree.

Entry points: has_hash_index(relation), cheaper_hash_scan(best, best_filter, relation,
rtindex, quals, pages, tuples, rows, alias, unique, stats, total_table_pages) -> (plan,
filter quals), called by index_paths.cheapest_scan; hash_indexes(relation, tuples) and
index_bitmap(...): the BitmapAnd / BitmapOr candidates bitmap_paths combines. Not done:
hash indexes on expressions or with predicates in the planner, parameterised (nested
loop) hash scans, `= ANY (array)` clauses.

PostgreSQL: utils/adt/selfuncs.c (hashcostestimate, genericcostestimate),
optimizer/path/indxpath.c (match_clause_to_indexcol).
"""
from __future__ import annotations

import dataclasses
import math

from pgsnake.catalog import catalog_cache
from pgsnake.optimizer import am_scan_paths, cost
from pgsnake.optimizer.plan_nodes import BitmapIndexScan
from pgsnake.parser.expression_nodes import OpExpr, expression_type
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber

HASH = 405
_EQUAL_STRATEGY = 1


def _is_equality(family: int, operator_oid: int) -> bool:
    return am_scan_paths.operator_strategy(HASH, family, operator_oid) == _EQUAL_STRATEGY


def _hash_indexes(relation):
    for index, row in am_scan_paths.plain_indexes(relation, HASH):
        yield index, row.indkey[0], catalog_cache.operator_class_family(row.indclass[0])


@dataclasses.dataclass(frozen=True)
class HashIndex:
    """A hash index as bitmap_paths' BitmapAnd / BitmapOr candidates."""
    relation: object
    attnum: int
    family: int
    tuples: float


def hash_indexes(relation, tuples: float) -> list[HashIndex]:
    return [HashIndex(index, attnum, family, tuples)
            for index, attnum, family in _hash_indexes(relation)]


def index_bitmap(index: HashIndex, rtindex: int, relation, quals, unique, stats):
    """(Bitmap Index Scan, selectivity, clauses used) of `index` on the first of `quals`
    it answers, or None."""
    from pgsnake.optimizer import index_paths
    clauses = [m for m in (_match(rtindex, index.attnum, index.family, q) for q in quals)
               if m is not None][:1]
    if not clauses:
        return None
    used = [c.clause for c in clauses]
    selectivity = index_paths.restriction_selectivity(used, rtindex, unique, index.tuples,
                                                      stats)
    estimate, _pages = hash_cost(index.relation, clauses, selectivity, index.tuples)
    node = BitmapIndexScan(rtindex=rtindex, relation=relation, index=index.relation,
                           index_clauses=clauses)
    node.total_cost = estimate.total
    node.plan_rows = cost.clamp_rows(selectivity * index.tuples)
    return node, selectivity, used


def has_hash_index(relation) -> bool:
    """Whether the table has a hash index (the planner then looks for index paths even
    without a B-tree)."""
    return next(_hash_indexes(relation), None) is not None


def _match(rtindex: int, attnum: int, family: int, qual):
    from pgsnake.optimizer.index_paths import IndexClause, _column_var
    if not isinstance(qual, OpExpr) or len(qual.args) != 2:
        return None
    left, right = qual.args
    var, operand, operator_oid = _column_var(left, rtindex), right, qual.operator_oid
    commuted = False
    if var is None or var.attnum != attnum:
        var, operand = _column_var(right, rtindex), left
        if var is None or var.attnum != attnum:
            return None
        operator_oid = catalog_cache.operator_commutator(qual.operator_oid)
        commuted = True
    if not operator_oid or not cost.is_pseudo_constant(operand) \
            or not _is_equality(family, operator_oid):
        return None
    shown = qual
    if commuted or qual.args[0] is not var:
        shown = dataclasses.replace(qual, args=(var, operand))
    return IndexClause(1, "=", operand, expression_type(operand), qual, shown)


def hash_cost(index, clauses, selectivity: float, tuples: float):
    """hashcostestimate (genericcostestimate) -> IndexCost."""
    from pgsnake.optimizer.index_paths import (CPU_INDEX_TUPLE_COST, RANDOM_PAGE_COST,
                                               IndexCost)
    pages = bufmgr.nblocks(index.locator, ForkNumber.MAIN)
    index_tuples = max(min(float(round(selectivity * tuples)), tuples), 1.0)
    if pages > 1 and tuples > 1:
        index_pages = math.ceil(index_tuples * pages / tuples)
    else:
        index_pages = 1.0
    operand_cost = sum(cost.qual_cost_per_row([c.operand]) for c in clauses)
    total = index_pages * RANDOM_PAGE_COST + operand_cost
    total += index_tuples * (CPU_INDEX_TUPLE_COST + cost.CPU_OPERATOR_COST * len(clauses))
    return IndexCost(operand_cost, total, selectivity), pages


def cheaper_hash_scan(best, best_filter, relation, rtindex: int, quals, pages: int,
                      tuples: float, rows: float, alias: str, unique, stats,
                      total_table_pages: float):
    from pgsnake.optimizer import index_paths
    for index, attnum, family in _hash_indexes(relation):
        clauses = [m for m in (_match(rtindex, attnum, family, q) for q in quals)
                   if m is not None][:1]
        if not clauses:
            continue
        selectivity = index_paths.restriction_selectivity(
            [c.clause for c in clauses], rtindex, unique, tuples, stats)
        estimate, index_pages = hash_cost(index, clauses, selectivity, tuples)
        best, best_filter = am_scan_paths.keep_cheaper_scans(
            best, best_filter, relation=relation, rtindex=rtindex, index=index,
            clauses=clauses, estimate=estimate, quals=quals, pages=pages, tuples=tuples,
            rows=rows, alias=alias, index_pages=index_pages,
            total_table_pages=total_table_pages)
    return best, best_filter
