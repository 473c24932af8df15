"""Bitmap scans through GIN indexes, and PostgreSQL 15's gincostestimate.

GIN has no ordered scan (amgettuple): a usable index gives only the Bitmap Heap Scan
over a Bitmap Index Scan, its clauses the heap scan's Recheck Cond. A clause is usable
when it is `column op operand` (or `operand op column`, through the operator's
commutator) with op in the index column's operator family (pg_amop), the operand a
pseudo-constant; its strategy number goes to the executor with it.

Cost (gincostestimate): the metapage's statistics (entry pages, data pages, keys),
scaled to the index's current size; each clause's query is run through the operator
class's extractQuery when its operand is a constant, to count the entries searched
(one for a non-constant operand; all of them for a search that must scan everything).
Entry pages read: searches x entry_pages^0.15 (rounded); data pages read: the
entries' share of the data pages, at least selectivity x tuples / (8192 / 3). Both
count at random_page_cost; every tuple in the posting lists costs cpu_index_tuple_cost
plus cpu_operator_cost per clause.

Entry point: cheaper_gin_scan(best, best_filter, relation, rtindex, quals, pages,
tuples, rows, alias, unique, stats) -> (plan, filter quals), called by
index_paths.cheapest_scan; match_expression_clause (also brin_paths'). An expression
column answers `expression op operand` as a column does; a partial index is used when
the quals imply its predicate (its other parts join the Recheck Cond and the
selectivity, the quals it implies leave the filter).

gin_indexes(relation, tuples) and index_bitmap(...) give bitmap_paths its GIN candidates
for BitmapAnd / BitmapOr trees (a GIN clause ANDed or ORed with a B-tree's, a hash's or
another GIN clause), costed by the same gincostestimate. Not done: parameterised GIN
scans.

PostgreSQL: utils/adt/selfuncs.c (gincostestimate, gincost_opexpr, gincost_pattern),
optimizer/path/indxpath.c (match_clause_to_indexcol for non-B-tree families).
"""
from __future__ import annotations

import dataclasses
import math

from pgsnake.catalog import catalog_cache
from pgsnake.optimizer import am_scan_paths, cost
from pgsnake.optimizer.plan_nodes import BitmapIndexScan
from pgsnake.parser.expression_nodes import Const, OpExpr
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber

GIN = 2742
GIST = 783


def has_gin_index(relation) -> bool:
    """Whether the table has a GIN (or GiST, gist_paths.py, or BRIN, brin_paths.py)
    index: the planner then looks for index paths even without a B-tree."""
    return am_scan_paths.has_index_of(relation, (GIN, GIST, 3580))


@dataclasses.dataclass
class _GinIndex:
    """A usable GIN index: its first key column (attnum 0: the expression) and family,
    a partial index's predicate (both over rtindex 1), and a multicolumn index's other
    columns (plain columns only)."""
    relation: object
    attnum: int
    family: int
    expression: object = None
    predicate: object = None
    # A multicolumn index's other columns: (index column, table attnum, family).
    more_columns: tuple = ()


def _gin_indexes(relation):
    from pgsnake.access.gin import opclass_support
    from pgsnake.optimizer import index_expression_paths
    for index_oid in catalog_cache.index_oids_of(relation.oid):
        row = catalog_cache.index_row(index_oid)
        if row is None or not row.indisvalid or not row.indkey:
            continue
        if len(row.indkey) > 1 and 0 in row.indkey:
            continue                    # multicolumn with expressions: not matched here
        index = catalog_cache.get_relation(index_oid)
        if index.index is None or index.index.access_method != GIN \
                or not all(opclass_support.supported(n) for n in index.index.opclass_names):
            continue
        expressions, predicate = index_expression_paths.index_extras(index_oid, relation.oid)
        if (row.indexprs is not None and not expressions) \
                or (row.indpred is not None and predicate is None):
            continue                    # its texts no longer analyse: not usable
        more = tuple((column, attnum, catalog_cache.operator_class_family(opclass))
                     for column, (attnum, opclass)
                     in enumerate(zip(row.indkey[1:], row.indclass[1:]), start=2))
        yield _GinIndex(index, row.indkey[0],
                        catalog_cache.operator_class_family(row.indclass[0]),
                        expressions[0] if expressions else None, predicate, more)


@dataclasses.dataclass(frozen=True)
class GinBitmapIndex:
    """A GIN index as one of bitmap_paths' BitmapAnd / BitmapOr candidates."""
    index: _GinIndex
    tuples: float


def gin_indexes(relation, tuples: float) -> list[GinBitmapIndex]:
    return [GinBitmapIndex(index, tuples) for index in _gin_indexes(relation)]


def index_bitmap(entry: GinBitmapIndex, rtindex: int, relation, quals, clause_quals,
                 unique, stats):
    """(Bitmap Index Scan, selectivity, its Recheck Cond parts, clauses used) of a GIN
    index on every one of `clause_quals` it answers, or None; a partial index only when
    `quals` (the scan's whole restriction, or an OR arm's context) imply its predicate.
    The Bitmap Index Scan's cost and selectivity are gincostestimate's, as
    cheaper_gin_scan's lone scan has them (create_index_path)."""
    from pgsnake.optimizer import index_expression_paths, index_paths
    index = entry.index
    if not index_expression_paths.predicate_usable(index, rtindex, quals):
        return None
    clauses = [m for m in (_match(rtindex, index, q) for q in clause_quals) if m is not None]
    if not clauses:
        return None
    used = [c.clause for c in clauses]
    selectivity = index_paths.restriction_selectivity(
        used + index_expression_paths.predicate_quals(index, rtindex, used), rtindex,
        unique, entry.tuples, stats)
    estimate = gin_cost(index.relation, clauses, selectivity, entry.tuples)
    node = BitmapIndexScan(rtindex=rtindex, relation=relation, index=index.relation,
                           index_clauses=clauses)
    node.total_cost = estimate.total
    node.plan_rows = cost.clamp_rows(selectivity * entry.tuples)
    return (node, selectivity, index_expression_paths.bitmap_recheck(used, index, rtindex),
            used)


def _match(rtindex: int, index: _GinIndex, qual):
    from pgsnake.optimizer import index_expression_paths

    def strategy_of(operator_oid):
        return am_scan_paths.operator_strategy(GIN, index.family, operator_oid)
    if index.attnum == 0:
        return match_expression_clause(
            rtindex, 1, index_expression_paths.at_rtindex(index.expression, rtindex), qual,
            strategy_of)
    matched = match_operator_clause(rtindex, 1, index.attnum, qual, strategy_of)
    for column, attnum, family in index.more_columns:
        if matched is not None:
            break
        matched = match_operator_clause(
            rtindex, column, attnum, qual,
            lambda operator_oid, _f=family: am_scan_paths.operator_strategy(GIN, _f,
                                                                           operator_oid))
    return matched


def match_expression_clause(rtindex: int, column: int, expr, qual, strategy_of):
    """`expression op operand` (or commuted) for an expression index column, as
    match_operator_clause for a column (match_index_to_operand's expression case)."""
    from pgsnake.optimizer.predicate_implication import same_expression
    if not isinstance(qual, OpExpr) or len(qual.args) != 2:
        return None
    left, right = qual.args
    if same_expression(left, expr):
        operand, operator_oid, commuted = right, qual.operator_oid, False
    elif same_expression(right, expr):
        operand, commuted = left, True
        operator_oid = catalog_cache.operator_commutator(qual.operator_oid)
    else:
        return None
    return _index_clause(column, qual, expr, operand, operator_oid, commuted, strategy_of)


def match_operator_clause(rtindex: int, column: int, attnum: int, qual, strategy_of):
    """`column var op operand` (or commuted), operand pseudo-constant, as an IndexClause
    of index column `column` when strategy_of(operator) gives the operator's strategy
    number in the index's operator family; None otherwise. A commuted clause is shown
    with the column first (GIN's and GiST's match_clause_to_indexcol)."""
    if not isinstance(qual, OpExpr) or len(qual.args) != 2:
        return None
    from pgsnake.optimizer.index_paths import _column_var

    def is_column(expr) -> bool:     # also through a binary relabeling (varchar as text)
        column_var = _column_var(expr, rtindex)
        return column_var is not None and column_var.attnum == attnum
    left, right = qual.args
    operator_oid, var, operand, commuted = qual.operator_oid, left, right, False
    if not is_column(var):
        var, operand = right, left
        if not is_column(var):
            return None
        operator_oid = catalog_cache.operator_commutator(qual.operator_oid)
        commuted = True
    return _index_clause(column, qual, var, operand, operator_oid, commuted, strategy_of)


def _index_clause(column: int, qual, key, operand, operator_oid: int, commuted: bool,
                  strategy_of):
    """The IndexClause of `key operator operand` (`operator_oid` already commuted when the
    key was on the right), or None when the operand varies or the operator is not in
    the index's family; a commuted clause is shown with the key first."""
    from pgsnake.optimizer.index_paths import IndexClause
    if not operator_oid or not cost.is_pseudo_constant(operand):
        return None
    strategy = strategy_of(operator_oid)
    if strategy is None:
        return None
    shown = qual
    if commuted:
        name = next((r.oprname for r in catalog_cache.scan_catalog(
            "pg_operator", key=("oid", operator_oid))), qual.operator_name)
        shown = dataclasses.replace(qual, args=(key, operand), operator_oid=operator_oid,
                                    operator_name=name)
    return IndexClause(column, strategy, operand, None, qual, shown)


def _entry_counts(index, clauses) -> tuple[float, float, float, bool, bool]:
    """(search entries, exact entries, partial-match entries (100 for each key,
    gincost_pattern's guess), match possible, needs a full scan)."""
    from pgsnake.access.gin import opclass_support
    search = exact = partial_entries = 0.0
    normal = full = False
    for c in clauses:
        if not isinstance(c.operand, Const):
            search += 1
            exact += 1
            normal = True
            continue
        if c.operand.value is None:
            return 0, 0, 0, False, False
        opclass = opclass_support.lookup(index.index.opclass_names[c.column - 1])
        try:
            query = opclass.extract_query(c.operand.value, c.strategy)
        except Exception:       # an operand the class cannot read: count it as one entry
            search += 1
            exact += 1
            normal = True
            continue
        n = len(query.keys) if query.n_entries is None else query.n_entries
        if n == 0 and query.search_mode == opclass_support.SEARCH_DEFAULT:
            return 0, 0, 0, False, False
        partial = sum(1 for flag in (query.partial or ()) if flag)
        search += n
        exact += n - partial
        partial_entries += 100.0 * partial
        if query.search_mode == opclass_support.SEARCH_DEFAULT:
            normal = True
        elif query.search_mode == opclass_support.SEARCH_INCLUDE_EMPTY:
            normal = True
            search += 1
            exact += 1
        else:
            full = True
    return search, exact, partial_entries, True, full and not normal


def gin_cost(index, clauses, selectivity: float, tuples: float):
    """gincostestimate (PostgreSQL 15) -> IndexCost."""
    from pgsnake.access.gin import access_method as gin
    from pgsnake.optimizer.index_paths import IndexCost
    num_pages = bufmgr.nblocks(index.locator, ForkNumber.MAIN)
    meta = gin.read_stats(index)
    pending = float(meta.n_pending_pages) if meta.n_pending_pages < num_pages else 0.0
    if num_pages > 0 and num_pages / 4 < meta.n_total_pages <= num_pages \
            and meta.n_entry_pages > 0 and meta.n_entries > 0:
        # The metapage's counts (as of the build or the last VACUUM), scaled by the
        # index's growth since.
        scale = num_pages / meta.n_total_pages
        entry_pages = math.ceil(meta.n_entry_pages * scale)
        data_pages = math.ceil(meta.n_data_pages * scale)
        entries = math.ceil(meta.n_entries * scale)
        entry_pages = min(entry_pages, num_pages - pending)
        data_pages = min(data_pages, num_pages - pending - entry_pages)
    else:
        # No counts to trust (an index built empty, or grown over 4x since): at least
        # 10 pages, 90% of them entry pages of 100 entries each, the rest data pages.
        num_pages = max(num_pages, 10)
        entry_pages = math.floor((num_pages - pending) * 0.90)
        data_pages = num_pages - pending - entry_pages
        entries = math.floor(entry_pages * 100)
    entries = max(float(entries), 1.0)
    search, exact, partial, possible, full_scan = _entry_counts(index, clauses)
    if not possible:
        return IndexCost(0.0, 0.0, 0.0)
    if full_scan or not clauses:
        exact = search = entries
        partial = 0.0
    from pgsnake.optimizer.index_paths import CPU_INDEX_TUPLE_COST, RANDOM_PAGE_COST
    random_page_cost = RANDOM_PAGE_COST
    entry_fetched = pending
    entry_fetched += math.ceil(search * float(round(entry_pages ** 0.15)))
    # Partial-match entries walk a share of the entry leaves and read their data
    # pages before the scan proper (a startup cost).
    partial_scale = min(partial / entries, 1.0)
    entry_fetched += math.ceil(entry_pages * partial_scale)
    data_fetched = math.ceil(data_pages * partial_scale)
    startup = (entry_fetched + data_fetched) * random_page_cost
    data_fetched = math.ceil(data_pages * exact / entries)
    by_selectivity = math.ceil(selectivity * (tuples / (8192 / 3)))
    data_fetched = max(data_fetched, by_selectivity)
    total = startup + data_fetched * random_page_cost
    operand_cost = sum(cost.qual_cost_per_row([c.operand]) for c in clauses)
    startup += operand_cost
    total += operand_cost
    total += tuples * selectivity * (CPU_INDEX_TUPLE_COST
                                     + cost.CPU_OPERATOR_COST * len(clauses))
    return IndexCost(startup, total, selectivity)


def cheaper_gin_scan(best, best_filter, relation, rtindex: int, quals, pages: int,
                     tuples: float, rows: float, alias: str, unique, stats):
    from pgsnake.optimizer import index_expression_paths, index_paths
    for index in _gin_indexes(relation):
        # A partial index only when the quals imply its predicate (as brin_paths).
        if not index_expression_paths.predicate_usable(index, rtindex, quals):
            continue
        clauses = [m for m in (_match(rtindex, index, q) for q in quals) if m is not None]
        if not clauses:
            continue
        clauses.sort(key=lambda c: c.column)       # in index column order, as PostgreSQL
        used = [c.clause for c in clauses]
        # gincostestimate's selectivity covers the predicate's other parts too
        # (add_predicate_to_index_quals).
        selectivity = index_paths.restriction_selectivity(
            used + index_expression_paths.predicate_quals(index, rtindex, used), rtindex,
            unique, tuples, stats)
        before = best
        best, best_filter = am_scan_paths.keep_cheaper_scans(
            best, best_filter, relation=relation, rtindex=rtindex, index=index.relation,
            clauses=clauses, estimate=gin_cost(index.relation, clauses, selectivity, tuples),
            quals=quals, pages=pages, tuples=tuples, rows=rows, alias=alias)
        if best is not before and index.predicate is not None:
            best.recheck_quals = index_expression_paths.bitmap_recheck(
                best.recheck_quals, index, rtindex)
            best_filter = index_expression_paths.drop_implied(best_filter, index, rtindex,
                                                              False)
    return best, best_filter
