"""Bitmap scans through GiST indexes, and PostgreSQL 15's gistcostestimate.

A usable index gives an Index Scan (rows in the tree's order, never sorted: no
pathkeys) and a Bitmap Heap Scan over a Bitmap Index Scan (its clauses the heap scan's
Recheck Cond), costed as PostgreSQL costs them; the cheaper one is kept. A clause
is usable when it is `column op operand` (or `operand op column`, through the
operator's commutator) for any key column of the index, with op in that column's
operator family (pg_amop, the operator's own strategy number: point <@ box is 28,
point <@ polygon 48) and the operand a pseudo-constant.

Cost (gistcostestimate): genericcostestimate (index pages pro rata of the selected
tuples at random_page_cost, cpu_index_tuple_cost + cpu_operator_cost per clause per
tuple), plus ceil(log(tuples)) x cpu_operator_cost and 50 x cpu_operator_cost per level
for the descent, the height taken as log100(index pages) (a fan-out of 100).

Entry point: cheaper_gist_scan(best, best_filter, relation, rtindex, quals, pages,
tuples, rows, alias, unique, stats, total_table_pages) -> (plan, filter quals), called
by index_paths.cheapest_scan; has_gist_index(relation). KNN ordering (ORDER BY column
<-> constant) is gist_knn_paths.py's. The Index Scan is an Index Only Scan when every
column the query needs of the table is an index column whose operator class returns
the value (GiST's fetch: btree_gist's exact classes, point_ops; `index_only_possible`).

PostgreSQL: utils/adt/selfuncs.c (gistcostestimate, genericcostestimate),
optimizer/path/indxpath.c (match_clause_to_indexcol).
"""
from __future__ import annotations

import math

from pgsnake.catalog import catalog_cache
from pgsnake.optimizer import am_scan_paths, cost, gin_paths
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber

GIST = 783


def has_gist_index(relation) -> bool:
    return am_scan_paths.has_index_of(relation, (GIST,))


def _gist_indexes(relation):
    """The table's usable GiST indexes, newest (highest OID) first: PostgreSQL's
    get_relation_info builds its index list with lcons, so of two equally cheap paths
    the later index's, offered first, is kept."""
    from pgsnake.access.gist import opclasses
    for index, row in reversed(list(am_scan_paths.plain_indexes(relation, GIST))):
        if not all(opclasses.supported(n) for n in index.index.opclass_names):
            continue
        families = [catalog_cache.operator_class_family(c) for c in row.indclass]
        yield index, list(row.indkey[:row.indnkeyatts]), families


def _match(rtindex: int, column: int, attnum: int, family: int, qual):
    return gin_paths.match_operator_clause(
        rtindex, column, attnum, qual,
        lambda operator_oid: am_scan_paths.operator_strategy(GIST, family, operator_oid, "s"))


def gist_cost(index, clauses, selectivity: float, tuples: float):
    """gistcostestimate (genericcostestimate + the descent) -> IndexCost."""
    from pgsnake.optimizer.index_paths import (CPU_INDEX_TUPLE_COST, PAGE_CPU_MULTIPLIER,
                                               RANDOM_PAGE_COST, IndexCost)
    num_pages = bufmgr.nblocks(index.locator, ForkNumber.MAIN)
    index_tuples_total = max(float(catalog_cache.class_row(index.oid).reltuples), 0.0)
    if index_tuples_total <= 0:
        index_tuples_total = tuples
    index_tuples = max(round(selectivity * index_tuples_total), 1.0)
    if num_pages > 1 and index_tuples_total > 1:
        pages = math.ceil(index_tuples * num_pages / index_tuples_total)
    else:
        pages = 1.0
    total = pages * RANDOM_PAGE_COST
    operand_cost = sum(cost.qual_cost_per_row([c.operand]) for c in clauses)
    total += operand_cost
    total += index_tuples * (CPU_INDEX_TUPLE_COST + cost.CPU_OPERATOR_COST * len(clauses))
    startup = operand_cost
    if index_tuples_total > 1:
        descent = math.ceil(math.log(index_tuples_total)) * cost.CPU_OPERATOR_COST
        startup += descent
        total += descent
    height = int(math.log(num_pages) / math.log(100.0)) if num_pages > 1 else 0
    descent = (height + 1) * PAGE_CPU_MULTIPLIER * cost.CPU_OPERATOR_COST
    return IndexCost(startup + descent, total + descent, selectivity)


def index_only_possible(index, attnums, rtindex: int, columns_needed, quals) -> bool:
    """check_index_only for a GiST index: the columns needed (and those the quals read)
    are all index columns whose classes can fetch, and enable_indexonlyscan is on."""
    from pgsnake.access.gist import access_method as gist
    from pgsnake.parser.expression_nodes import Var, walk
    from pgsnake.utils import settings
    if columns_needed is None or not settings.get("enable_indexonlyscan"):
        return False
    wanted = set(columns_needed)
    for qual in quals:
        wanted.update(n.attnum for n in walk(qual)
                      if isinstance(n, Var) and n.rtindex == rtindex and not n.levels_up)
    if not all(a > 0 and a in attnums for a in wanted):
        return False
    return gist.can_fetch(index, {attnums.index(a) for a in wanted})


def cheaper_gist_scan(best, best_filter, relation, rtindex: int, quals, pages: int,
                      tuples: float, rows: float, alias: str, unique, stats,
                      total_table_pages: float = 0.0, columns_needed=None):
    from pgsnake.optimizer import index_paths
    for index, attnums, families in _gist_indexes(relation):
        clauses = []
        for column, (attnum, family) in enumerate(zip(attnums, families), start=1):
            clauses += [m for m in (_match(rtindex, column, attnum, family, q) for q in quals)
                        if m is not None]
        if not clauses:
            continue
        selectivity = index_paths.restriction_selectivity(
            [c.clause for c in clauses], rtindex, unique, tuples, stats)
        best, best_filter = am_scan_paths.keep_cheaper_scans(
            best, best_filter, relation=relation, rtindex=rtindex, index=index,
            clauses=clauses, estimate=gist_cost(index, clauses, selectivity, tuples),
            quals=quals, pages=pages, tuples=tuples, rows=rows, alias=alias,
            index_pages=bufmgr.nblocks(index.locator, ForkNumber.MAIN),
            total_table_pages=total_table_pages or pages,
            index_only=index_only_possible(index, list(attnums), rtindex, columns_needed,
                                           quals))
    return best, best_filter
