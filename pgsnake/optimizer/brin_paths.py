"""Bitmap scans through BRIN indexes, and PostgreSQL 15's brincostestimate.

A usable BRIN index gives only a Bitmap Heap Scan over a Bitmap Index Scan (no
amgettuple), its clauses the heap scan's Recheck Cond: the bitmap is lossy, every row of
a matching range is rechecked. An expression column answers `expression op operand`
as a column does (the same expression, index_expression_paths' analysis); a partial
index is used only when the quals imply its predicate, whose parts the index clauses
do not imply join the Recheck Cond, and the quals the predicate implies leave the
filter (as for B-trees; a partial BRIN index is not offered to BitmapAnd / BitmapOr). A clause is usable when it is `column op operand` (or
commuted) for a key column with op in that column's operator family (pg_amop search
operators: < <= = >= > for minmax, the R-tree strategies for inclusion), the operand a
pseudo-constant; the operand's type is kept for cross-type keys (int4 column, int8
constant). `column IS [NOT] NULL` is an index clause too (amsearchnulls).

Cost (brincostestimate): the index has ceil(table pages / pagesPerRange) ranges; the
clauses' selectivity picks ceil(ranges x selectivity) of them if the table were in
order, divided by the largest |correlation| (pg_statistic) of the clauses' columns (all
of them when there is none): the index selectivity is that share of the ranges. Start-up
is reading the revmap sequentially (counted as lastRevmapPage - 1 pages, as
brinGetStats does) plus the operands' cost; total adds the other pages at
random_page_cost and 0.1 x cpu_operator_cost per page of the chosen ranges.

Entry points: cheaper_brin_scan(best, best_filter, relation, rtindex, quals, pages,
tuples, rows, alias, unique, stats) -> (plan, filter quals), called by
index_paths.cheapest_scan; brin_cost; brin_indexes / index_bitmap (BitmapAnd and
BitmapOr candidates for bitmap_paths).

PostgreSQL: utils/adt/selfuncs.c (brincostestimate), access/brin/brin.c
(brinGetStats), optimizer/path/indxpath.c (match_clause_to_indexcol).
"""
from __future__ import annotations

import dataclasses
import math

from pgsnake.catalog import catalog_cache
from pgsnake.optimizer import am_scan_paths, cost, gin_paths, index_expression_paths
from pgsnake.optimizer.predicate_implication import same_expression
from pgsnake.optimizer.plan_nodes import BitmapIndexScan
from pgsnake.parser.expression_nodes import (CoerceExpr, NullTest, OpExpr, Var,
                                             expression_type)
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber

BRIN = 3580


def _brin_indexes(relation):
    """(index, key attnums (0: an expression), families, expressions, predicate) of
    every valid BRIN index of `relation` whose operator classes are implemented."""
    from pgsnake.access.brin import opclasses
    for index_oid in catalog_cache.index_oids_of(relation.oid):
        row = catalog_cache.index_row(index_oid)
        if row is None or not row.indisvalid:
            continue
        index = catalog_cache.get_relation(index_oid)
        if index.index is None or index.index.access_method != BRIN \
                or not all(opclasses.supported(n) for n in index.index.opclass_names):
            continue
        expressions, predicate = index_expression_paths.index_extras(index_oid, relation.oid)
        if (row.indexprs is not None and not expressions) \
                or (row.indpred is not None and predicate is None):
            continue                    # its texts no longer analyse: not usable
        families = [catalog_cache.operator_class_family(c) for c in row.indclass]
        yield (index, list(row.indkey[:row.indnkeyatts]), families, expressions,
               predicate)


def _match_expression(rtindex: int, column: int, expr, family: int, qual):
    """`expression op operand` (or commuted) or `expression IS [NOT] NULL` for an
    expression key column, as _match does for a column (match_index_to_operand)."""
    from pgsnake.optimizer.index_paths import IndexClause
    if isinstance(qual, NullTest):
        if same_expression(qual.arg, expr):
            return IndexClause(column, "IS NULL" if qual.is_null else "IS NOT NULL",
                               None, None, qual, qual)
        return None
    found = gin_paths.match_expression_clause(
        rtindex, column, expr, qual,
        lambda operator_oid: am_scan_paths.operator_strategy(BRIN, family, operator_oid, "s"))
    if found is None:
        return None
    return dataclasses.replace(found, arg_type=expression_type(found.operand))


def _match(rtindex: int, column: int, attnum: int, family: int, qual):
    if isinstance(qual, NullTest):          # amsearchnulls: IS [NOT] NULL
        from pgsnake.optimizer.index_paths import IndexClause
        arg = qual.arg
        if isinstance(arg, Var) and arg.rtindex == rtindex and arg.attnum == attnum:
            return IndexClause(column, "IS NULL" if qual.is_null else "IS NOT NULL",
                               None, None, qual, qual)
        return None
    # A column seen through a binary-coercible cast (a domain's base type, varchar as
    # text) is the column, as B-tree matching has it (index_paths._column_var).
    stripped = qual
    if isinstance(qual, OpExpr) and len(qual.args) == 2:
        args = tuple(_column_of(a, rtindex) or a for a in qual.args)
        if any(a is not b for a, b in zip(args, qual.args)):
            stripped = dataclasses.replace(qual, args=args)
    found = gin_paths.match_operator_clause(
        rtindex, column, attnum, stripped,
        lambda operator_oid: am_scan_paths.operator_strategy(BRIN, family, operator_oid, "s"))
    if found is None:
        return None
    if stripped is not qual:
        found = dataclasses.replace(found, clause=qual,
                                    shown=qual if found.shown is stripped else found.shown)
    # The operand's own type (not the operator's: anyrange, anyelement for ranges)
    return dataclasses.replace(found, arg_type=expression_type(found.operand))


def _column_of(expr, rtindex: int):
    """The column `expr` is: itself, or seen through a binary-coercible cast or a
    domain column's cast to its base type."""
    from pgsnake.optimizer.index_paths import _column_var
    found = _column_var(expr, rtindex)
    if found is None and isinstance(expr, CoerceExpr) and isinstance(expr.arg, Var) \
            and expr.arg.rtindex == rtindex and expr.typmod < 0:
        row = catalog_cache.get_type_row(expr.arg.type_oid)
        if row is not None and row.typtype == "d" and row.typbasetype == expr.type_oid:
            found = expr.arg
    return found


def _metapage(index):
    from pgsnake.access.brin import page_format, pages
    return page_format.read_metapage(pages.read_page(index, page_format.META_BLKNO))


def _correlation(relation, attnums) -> float:
    from pgsnake.catalog import statistic_rows
    from pgsnake.catalog.statistic_rows import STATISTIC_KIND_CORRELATION, find_slot
    best = 0.0
    for attnum in attnums:
        if attnum <= 0:
            continue
        stats = statistic_rows.column_statistics(relation.oid, attnum)
        slot = find_slot(stats, STATISTIC_KIND_CORRELATION) if stats is not None else None
        if slot is not None and slot.numbers:
            best = max(best, abs(slot.numbers[0]))
    return best


def brin_cost(index, clauses, qual_selectivity: float, table_pages: int,
              correlation: float, loop_count: float = 1.0):
    """brincostestimate -> IndexCost."""
    from pgsnake.optimizer.index_paths import RANDOM_PAGE_COST, IndexCost
    meta = _metapage(index)
    num_pages = bufmgr.nblocks(index.locator, ForkNumber.MAIN)
    index_ranges = max(math.ceil(table_pages / meta.pages_per_range), 1.0)
    minimal_ranges = math.ceil(index_ranges * qual_selectivity)
    if correlation < 1.0e-10:
        estimated_ranges = index_ranges
    else:
        estimated_ranges = min(minimal_ranges / correlation, index_ranges)
    selectivity = min(max(estimated_ranges / index_ranges, 0.0), 1.0)
    operand_cost = sum(cost.qual_cost_per_row([c.operand]) for c in clauses
                       if c.operand is not None)
    # brinGetStats counts the revmap pages as lastRevmapPage - 1 (one fewer than there
    # are: the first revmap page is block 1), and so does the cost here.
    revmap_pages = meta.last_revmap_page - 1
    startup = cost.SEQ_PAGE_COST * revmap_pages * loop_count + operand_cost
    total = startup + RANDOM_PAGE_COST * (num_pages - revmap_pages) * loop_count
    total += 0.1 * cost.CPU_OPERATOR_COST * estimated_ranges * meta.pages_per_range
    return IndexCost(startup, total, selectivity, correlation)


@dataclasses.dataclass
class BrinIndex:
    """A BRIN index as bitmap_paths' BitmapAnd / BitmapOr candidates."""
    relation: object
    attnums: list
    families: list
    table_pages: int
    tuples: float
    expressions: tuple = ()     # per expression column, over rtindex 1
    predicate: object = None    # a partial index's, over rtindex 1


def brin_indexes(relation, table_pages: int, tuples: float) -> list[BrinIndex]:
    return [BrinIndex(index, attnums, families, table_pages, tuples, expressions, predicate)
            for index, attnums, families, expressions, predicate in _brin_indexes(relation)]


def _clauses(index: BrinIndex, rtindex: int, quals) -> list:
    clauses = []
    expressions = iter(index.expressions)
    for column, (attnum, family) in enumerate(zip(index.attnums, index.families), start=1):
        if attnum == 0:
            expr = index_expression_paths.at_rtindex(next(expressions, None), rtindex)
            if expr is None:
                continue
            found = (_match_expression(rtindex, column, expr, family, q) for q in quals)
        else:
            found = (_match(rtindex, column, attnum, family, q) for q in quals)
        clauses += [m for m in found if m is not None]
    return clauses


def _correlation_of(relation, index: BrinIndex, clauses) -> float:
    """The largest |correlation| of the clauses' columns: a table column's statistics,
    an expression column's those ANALYZE keeps under the index (brincostestimate)."""
    from pgsnake.catalog import statistic_rows
    from pgsnake.catalog.statistic_rows import STATISTIC_KIND_CORRELATION, find_slot
    best = _correlation(relation, {index.attnums[c.column - 1] for c in clauses})
    for column in {c.column for c in clauses if index.attnums[c.column - 1] == 0}:
        stats = statistic_rows.column_statistics(index.relation.oid, column)
        slot = find_slot(stats, STATISTIC_KIND_CORRELATION) if stats is not None else None
        if slot is not None and slot.numbers:
            best = max(best, abs(slot.numbers[0]))
    return best


def index_bitmap(index: BrinIndex, rtindex: int, relation, quals, unique, stats):
    """(Bitmap Index Scan, selectivity, clauses used) of `index` on whichever of `quals`
    it answers, or None."""
    from pgsnake.optimizer import index_paths
    tuples = index.tuples
    if index.predicate is not None:
        return None             # (its Recheck Cond would need the predicate's parts)
    clauses = _clauses(index, rtindex, quals)
    if not clauses:
        return None
    used = [c.clause for c in clauses]
    selectivity = index_paths.restriction_selectivity(used, rtindex, unique, tuples, stats)
    correlation = _correlation_of(relation, index, clauses)
    estimate = brin_cost(index.relation, clauses, selectivity, index.table_pages,
                         correlation)
    node = BitmapIndexScan(rtindex=rtindex, relation=relation, index=index.relation,
                           index_clauses=clauses)
    node.total_cost = estimate.total
    node.plan_rows = cost.clamp_rows(estimate.selectivity * tuples)
    return node, estimate.selectivity, used


def cheaper_brin_scan(best, best_filter, relation, rtindex: int, quals, pages: int,
                      tuples: float, rows: float, alias: str, unique, stats):
    from pgsnake.optimizer import index_paths
    for index in brin_indexes(relation, pages, tuples):
        # A partial index only when the quals imply its predicate; the quals the
        # predicate implies need no filter, its other parts go to the Recheck Cond.
        if not index_expression_paths.predicate_usable(index, rtindex, quals):
            continue
        clauses = _clauses(index, rtindex, quals)
        if not clauses:
            continue
        selectivity = index_paths.restriction_selectivity(
            [c.clause for c in clauses], rtindex, unique, tuples, stats)
        correlation = _correlation_of(relation, index, clauses)
        estimate = brin_cost(index.relation, clauses, selectivity, pages, correlation)
        before = best
        best, best_filter = am_scan_paths.keep_cheaper_scans(
            best, best_filter, relation=relation, rtindex=rtindex, index=index.relation,
            clauses=clauses, estimate=estimate, quals=quals, pages=pages, tuples=tuples,
            rows=rows, alias=alias)
        if best is not before and index.predicate is not None:
            best.recheck_quals = index_expression_paths.bitmap_recheck(
                best.recheck_quals, index, rtindex)
            best_filter = index_expression_paths.drop_implied(best_filter, index, rtindex,
                                                              False)
    return best, best_filter
