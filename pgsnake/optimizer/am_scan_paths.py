"""What the planner does alike for every non-B-tree index access method (GIN, GiST, hash):
find a table's usable indexes of one method, map an operator to its strategy in an
operator family, and turn one index's matched clauses into the Index Scan and Bitmap
Heap Scan candidates, keeping the cheapest plan seen so far.

The access-method modules (gin_paths.py, gist_paths.py, hash_paths.py) keep what differs:
which clauses an index column answers, and the method's amcostestimate. This module
never decides matching or cost; it only builds and compares the plans.

Rules
1. An index is a candidate only when it is valid, has no predicate and no expression
   columns (the planner does not yet prove predicates or match expressions for GIN,
   GiST and hash; brin_paths.py does both for BRIN).
2. The IndexScan candidate is offered only for methods with amgettuple (GiST, hash);
   GIN offers bitmaps alone, as in PostgreSQL.

PostgreSQL: optimizer/path/indxpath.c (build_index_paths, match_clause_to_indexcol),
optimizer/util/plancat.c (get_relation_info: which indexes the planner sees).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache, invalidation
from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import BitmapHeapScan, BitmapIndexScan, IndexScan

_strategy_maps: dict[tuple[int, int, str | None], dict[int, int]] = {}
# (dropped when pg_amop changes: CREATE OPERATOR CLASS, ALTER OPERATOR FAMILY)
invalidation.add_cache_reset(_strategy_maps.clear, (2602,))


def operator_strategy(access_method: int, family: int, operator_oid: int,
                      purpose: str | None = None) -> int | None:
    """The strategy number of `operator_oid` in operator family `family` of
    `access_method` (pg_amop), None if the family lacks it. `purpose` 's' keeps search
    operators only (not ordering ones). The map per family is kept until pg_amop
    changes."""
    key = (access_method, family, purpose)
    strategies = _strategy_maps.get(key)
    if strategies is None:
        strategies = {r.amopopr: r.amopstrategy
                      for r in catalog_cache.scan_catalog("pg_amop")
                      if r.amopfamily == family and r.amopmethod == access_method
                      and (purpose is None or r.amoppurpose == purpose)}
        _strategy_maps[key] = strategies
    return strategies.get(operator_oid)


def plain_indexes(relation, access_method: int):
    """(index relation, pg_index row) of every candidate index of `access_method` on
    `relation` (rule 1)."""
    for index_oid in catalog_cache.index_oids_of(relation.oid):
        row = catalog_cache.index_row(index_oid)
        if row is None or not row.indisvalid or row.indpred is not None \
                or row.indexprs is not None:
            continue
        index = catalog_cache.get_relation(index_oid)
        if index.index is not None and index.index.access_method == access_method:
            yield index, row


def has_index_of(relation, access_methods: tuple[int, ...]) -> bool:
    """Whether the table has any index of one of `access_methods` (valid or not): the
    planner then looks for index paths even without a B-tree."""
    for index_oid in catalog_cache.index_oids_of(relation.oid):
        index = catalog_cache.get_relation(index_oid)
        if index.index is not None and index.index.access_method in access_methods:
            return True
    return False


def keep_cheaper_scans(best, best_filter, *, relation, rtindex: int, index, clauses,
                       estimate, quals, pages: int, tuples: float, rows: float, alias: str,
                       index_pages: int | None = None, total_table_pages: float = 0.0,
                       index_only: bool = False):
    """Offer the Index Scan (when `index_pages` is given: rule 2) and the Bitmap Heap Scan
    over a Bitmap Index Scan of `index` answering `clauses` (IndexClause list), costed
    from the method's `estimate` (IndexCost); return the cheapest of those and `best`,
    with the quals left for its filter. `index_only`: the Index Scan is an Index Only
    Scan (the caller checked the index can return every column asked for)."""
    from pgsnake.optimizer import index_paths
    used = [c.clause for c in clauses]
    filters = [q for q in quals if not any(q is u for u in used)]
    if index_pages is not None:
        scan = IndexScan(rtindex=rtindex, relation=relation, index=index,
                         index_clauses=clauses, alias=alias, index_only=index_only)
        scan.startup_cost, scan.total_cost = index_paths.cost_index_scan(
            estimate, filters, pages, tuples, index_pages, total_table_pages,
            all_visible=index_paths.all_visible_fraction(relation, pages)
            if index_only else 0.0)
        if index_paths._cheaper(scan, best):
            best, best_filter = scan, filters
    bitmap_index = BitmapIndexScan(rtindex=rtindex, relation=relation, index=index,
                                   index_clauses=clauses)
    index_total, startup, total = index_paths.cost_bitmap_scan(estimate, rows, quals,
                                                               pages, tuples)
    bitmap_index.total_cost = index_total
    bitmap_index.plan_rows = cost.clamp_rows(estimate.selectivity * tuples)
    heap_scan = BitmapHeapScan(rtindex=rtindex, relation=relation, child=bitmap_index,
                               alias=alias, recheck_quals=list(used))
    heap_scan.startup_cost, heap_scan.total_cost = startup, total
    if index_paths._cheaper(heap_scan, best):
        best, best_filter = heap_scan, filters
    return best, best_filter
