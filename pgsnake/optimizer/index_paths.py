"""Index paths for a table scan: which of the table's B-tree indexes can answer which
WHERE clauses, and what an Index Scan, an Index Only Scan and a Bitmap Heap Scan over
each would cost, by PostgreSQL 15's formulas.

A clause is usable by an index column ("an index clause") when it is
`column op operand` or `operand op column`, op is one of the column's operator family's
B-tree operators (pg_amop strategies 1-5: < <= = >= >), and the operand is a
pseudo-constant (no column of this table, nothing volatile): it is evaluated once when
the scan starts and becomes a scan key. `column IS [NOT] NULL` is usable too. Written
the other way round (`5 = b`), the clause is commuted (pg_operator.oprcom).
`column = ANY (array)` / `column IN (list)` is an index clause of strategy "= ANY"
(array_index_quals.py: one primitive scan per element, costed per scan), and a LIKE /
regex with a fixed prefix yields lossy range clauses (like_prefix.py: `lossy` ones are
the Index Cond but the pattern stays in the Filter and is not a Recheck Cond).

Costs (never-analyzed defaults for selectivity, as cost.py):
  * btcostestimate: the leading columns with `=` clauses, plus the first column
    without one, bound the index range ("bound quals"); a unique index with `=` on
    every key column reads one tuple; otherwise bound-qual selectivity x table tuples.
  * genericcostestimate: leaf pages pro rata (ceil(tuples x index pages / index
    tuples)), random_page_cost each, plus cpu_index_tuple_cost and cpu_operator_cost
    per qual for each index tuple; btcostestimate adds the descent: log2(tuples)
    comparisons and 50 x cpu_operator_cost per level touched (height + 1).
  * cost_index: heap pages by the Mackert-Lohman formula (index_pages_fetched) at
    random_page_cost (no correlation statistics: the uncorrelated case), then
    cpu_tuple_cost plus the filter per fetched tuple.
  * cost_bitmap_heap_scan: the index's cost plus 0.1 x cpu_operator_cost per row,
    heap pages 2Tt/(2T+t) at a cost per page between random and sequential by
    sqrt(pages/T), and every clause rechecked per tuple.

Entry points: cheapest_scan (what the planner calls for a table scan), TableIndex,
table_indexes(relation, rel_tuples), unique_columns, restriction_selectivity,
match_index_clauses, IndexClause.

PostgreSQL: optimizer/path/indxpath.c (match_clause_to_indexcol, check_index_only),
optimizer/util/plancat.c (get_relation_info), utils/adt/selfuncs.c (btcostestimate,
genericcostestimate, var_eq_const's unique-column case), optimizer/path/costsize.c
(cost_index, index_pages_fetched, cost_bitmap_heap_scan, compute_bitmap_pages).
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any

from pgsnake.catalog import catalog_cache
from pgsnake.optimizer import (array_index_quals, cost, index_expression_paths,
                               join_group_statistics, like_prefix, tid_paths)
from pgsnake.optimizer.plan_nodes import BitmapHeapScan, BitmapIndexScan, IndexScan
from pgsnake.parser.expression_nodes import (SELF_ITEM_POINTER_ATTNUM, CoerceExpr, NullTest,
                                             OpExpr, ScalarArrayOpExpr, Var, walk)
from pgsnake.parser.current_of import CurrentOfExpr
from pgsnake.parser.operator_classes import is_binary_coercible
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import settings

STRATEGY_NAMES = {1: "<", 2: "<=", 3: "=", 4: ">=", 5: ">"}
CPU_INDEX_TUPLE_COST = 0.005
RANDOM_PAGE_COST = 4.0
PAGE_CPU_MULTIPLIER = 50.0          # DEFAULT_PAGE_CPU_MULTIPLIER: per B-tree level touched


@dataclasses.dataclass(frozen=True, slots=True)
class IndexClause:
    """One usable clause of an index: `index column <strategy> operand` (commuted if it
    was written the other way round). `clause` is the WHERE conjunct it answers."""
    column: int                 # 1-based index column
    strategy: str               # '<' '<=' '=' '>=' '>', 'IS NULL' / 'IS NOT NULL', '= ANY'
    operand: Any                # the pseudo-constant expression (None for IS [NOT] NULL)
    arg_type: int | None        # the operand's type when it is not the column's own
    clause: Any                 # the original conjunct
    shown: Any                  # the clause as EXPLAIN prints it (column on the left)
    lossy: bool = False         # derived from `clause` (a LIKE prefix): not rechecked


@dataclasses.dataclass(slots=True)
class TableIndex:
    """What the planner knows about one index of the scanned table (IndexOptInfo)."""
    relation: Any               # the index's Relation
    heap_attnums: tuple[int, ...]
    key_count: int
    unique: bool
    families: tuple[int, ...]   # operator family per key column
    pages: int                  # blocks now
    tuples: float               # the table's tuple estimate (not partial: same as table)
    tree_height: int
    expressions: tuple = ()     # per expression column (indkey 0), over rtindex 1
    predicate: Any = None       # a partial index's, over rtindex 1
    table_tuples: float | None = None   # a partial index's table (`tuples` is its own)
    immediate: bool = True      # indimmediate: a DEFERRABLE constraint's proves nothing

    @property
    def name(self) -> str:
        return self.relation.name


def table_indexes(relation, rel_tuples: float) -> list[TableIndex]:
    """The usable (valid) B-tree indexes of `relation`, in OID order."""
    from pgsnake.access.nbtree import search
    out = []
    for index_oid in catalog_cache.index_oids_of(relation.oid):
        row = catalog_cache.index_row(index_oid)
        if row is None or not row.indisvalid:
            continue
        index = catalog_cache.get_relation(index_oid)
        if index.index.access_method != 403:    # GIN, hash: gin_paths.py, hash_paths.py
            continue
        families = tuple(catalog_cache.operator_class_family(c) for c in row.indclass or ())
        families = _usable_families(index_oid, row, families)
        pages = bufmgr.nblocks(index.locator, ForkNumber.MAIN)
        height = search.root_height(index) if pages > 1 else 0
        expressions, predicate = index_expression_paths.index_extras(index_oid, relation.oid)
        # A partial unique index proves nothing unique about the whole table.
        out.append(TableIndex(relation=index, heap_attnums=tuple(row.indkey or ()),
                              key_count=row.indnkeyatts,
                              unique=row.indisunique and row.indpred is None,
                              families=families, pages=pages,
                              tuples=rel_tuples if predicate is None else
                              index_expression_paths.partial_index_tuples(
                                  index, pages, rel_tuples),
                              tree_height=height, expressions=expressions,
                              predicate=predicate,
                              table_tuples=None if predicate is None else rel_tuples,
                              immediate=row.indimmediate))
    return out


def _usable_families(index_oid: int, row, families: tuple) -> tuple:
    """A key column with a COLLATE of its own answers no clause or ordering (family 0):
    PostgreSQL uses it only for comparisons in that collation, and pgsnake's analyser
    keeps no collation on a clause, so none is known to be in it."""
    if not any(row.indcollation or ()):
        return families
    from pgsnake.catalog import object_definitions
    return tuple(0 if i < len(row.indcollation) and row.indcollation[i] and
                 row.indcollation[i] != object_definitions.natural_collation(index_oid, row, i)
                 else family for i, family in enumerate(families))


def unique_columns(indexes: list[TableIndex]) -> set[int]:
    """Table columns that are the whole key of a unique index (var_eq_const's isunique:
    `column = constant` then selects one row)."""
    return {ix.heap_attnums[0] for ix in indexes if ix.unique and ix.key_count == 1} \
        | index_expression_paths.unique_expressions(indexes)


# ---------------------------------------------------------------------------------------
# Clauses


def _column_var(expr, rtindex: int):
    """The table's column `expr` is, also seen through a binary-coercible cast (a
    varchar column compared as text: RelabelType, which matching looks through)."""
    while isinstance(expr, CoerceExpr) and isinstance(expr.arg, (Var, CoerceExpr)) \
            and expr.typmod < 0 and is_binary_coercible(expr.arg.type_oid, expr.type_oid):
        expr = expr.arg
    return expr if isinstance(expr, Var) and expr.rtindex == rtindex else None


def _match(index: TableIndex, rtindex: int, clause) -> IndexClause | None:
    if index.expressions:
        matched = index_expression_paths.match_expression_clause(index, rtindex, clause)
        if matched is not None:
            return matched
    if isinstance(clause, NullTest):
        var = _column_var(clause.arg, rtindex)
        if var is None:
            return None
        for position, attnum in enumerate(index.heap_attnums[:index.key_count], start=1):
            if attnum == var.attnum:
                return IndexClause(position, "IS NULL" if clause.is_null else "IS NOT NULL",
                                   None, None, clause, clause)
        return None
    if isinstance(clause, ScalarArrayOpExpr):
        return array_index_quals.match_array_clause(index, rtindex, clause, _column_var)
    if not isinstance(clause, OpExpr) or len(clause.args) != 2:
        return None
    left, right = clause.args
    var, operand, operator_oid, commuted = _column_var(left, rtindex), right, \
        clause.operator_oid, False
    if var is None:
        var, operand = _column_var(right, rtindex), left
        if var is None:
            return None
        operator_oid = catalog_cache.operator_commutator(clause.operator_oid)
        commuted = True
    if not cost.is_pseudo_constant(operand) or not operator_oid:
        return None
    for position, attnum in enumerate(index.heap_attnums[:index.key_count], start=1):
        if attnum != var.attnum or not _collation_matches(index, position, clause):
            continue
        found = catalog_cache.btree_strategy(index.families[position - 1], operator_oid)
        if found is None:
            continue
        strategy, left_type, right_type = found
        shown = clause
        if commuted:
            shown = dataclasses.replace(clause, args=(var, operand),
                                        operator_name=_commuted_name(clause.operator_name))
        elif clause.args[0] is not var:        # shown on the bare column, as PostgreSQL
            shown = dataclasses.replace(clause, args=(var, operand))
        return IndexClause(position, STRATEGY_NAMES[strategy], operand,
                           right_type if right_type != left_type else None, clause, shown)
    return None


def _collation_matches(index: TableIndex, position: int, clause) -> bool:
    """IndexCollMatchesExprColl: a comparison under an explicit COLLATE uses only an
    index column of that collation."""
    wanted = getattr(clause, "input_collation", 0)
    if not wanted:
        return True
    row = catalog_cache.index_row(index.relation.oid)
    collations = tuple(row.indcollation or ()) if row is not None else ()
    if not wanted or position > len(collations) or not collations[position - 1]:
        return True
    return collations[position - 1] == wanted


def _rint(value: float) -> float:
    """C's rint: round half to even, as Python's round."""
    return float(round(value))


def _commuted_name(name: str) -> str:
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(name, name)


def match_index_clauses(index: TableIndex, rtindex: int, quals) -> list[IndexClause]:
    """The quals this index can use, ordered by index column (stable within one)."""
    matched = []
    for qual in quals:
        derived = like_prefix.match_pattern_clause(index, rtindex, qual, _column_var)
        if derived:
            matched.extend(derived)
            continue
        found = _match(index, rtindex, qual)
        if found is not None:
            matched.append(found)
    return sorted(matched, key=lambda m: m.column)


def _bound_clauses(index: TableIndex, clauses: list[IndexClause]) -> tuple[list, bool]:
    """btcostestimate's indexBoundQuals: clauses of the leading columns that have `=`,
    and of the first column without one; and whether `=` (not IS NULL) covers every
    key column (a unique index then reads one tuple)."""
    bound = []
    column = 1
    equal_here = False
    null_test = False
    array_test = False
    for clause in clauses:
        if clause.column != column:
            if not equal_here:
                break
            equal_here = False
            column += 1
            if clause.column != column:
                break
        if clause.strategy == "IS NULL":
            null_test = True
            equal_here = True
        elif clause.strategy == "=":
            equal_here = True
        elif clause.strategy == array_index_quals.ARRAY_STRATEGY:
            array_test = True
            equal_here = True
        bound.append(clause)
    all_equal = equal_here and column == index.key_count and not null_test \
        and not array_test
    return bound, all_equal


def restriction_selectivity(quals, rtindex: int, unique: set[int], tuples: float,
                            stats=None, pages: float | None = None) -> float:
    """Selectivity of a scan's restriction clauses: cost.py's defaults, except that
    `unique column = pseudo-constant` selects one row of `tuples` (ctid is unique);
    `stats` (a selectivity_stats.StatisticsLookup) for columns with pg_statistic rows;
    with the table's `pages`, `ctid < constant` and the like estimate the fraction of
    the table before the constant (tid_paths.ctid_inequality_selectivity)."""
    unique = unique | {SELF_ITEM_POINTER_ATTNUM}

    def single(qual):
        if pages is not None:
            ctid = tid_paths.ctid_inequality_selectivity(qual, rtindex, pages, tuples)
            if ctid is not None:
                return ctid
        return _clause_selectivity(qual, rtindex, unique, tuples, stats, single)

    selectivity = 1.0
    if stats is not None:               # correlated columns' clauses: CREATE STATISTICS
        from pgsnake.optimizer import extended_statistics
        selectivity, quals = extended_statistics.clauselist_selectivity(
            quals, rtindex, stats, lambda clauses: cost.quals_selectivity(clauses, single,
                                                                          stats))
    return selectivity * cost.quals_selectivity(quals, single, stats)


def _clause_selectivity(qual, rtindex, unique, tuples, stats=None, single=None) -> float:
    if isinstance(qual, CurrentOfExpr):     # at most one row of its table
        return 1.0 / tuples if tuples > 0 else 0.0
    array_selectivity = array_index_quals.unique_array_selectivity(qual, rtindex, unique, tuples)
    if array_selectivity is not None:
        return array_selectivity
    if isinstance(qual, OpExpr) and qual.operator_name == "=" and len(qual.args) == 2 \
            and tuples >= 1.0:
        for var, other in (qual.args, qual.args[::-1]):
            if isinstance(var, Var) and var.rtindex == rtindex and var.attnum in unique \
                    and cost.is_pseudo_constant(other):
                return 1.0 / tuples
    if isinstance(qual, OpExpr) and qual.operator_name == "<>" and len(qual.args) == 2 \
            and tuples >= 1.0:
        # neqsel: 1 - eqsel; ctid (never NULL, one row per value) in any table
        for var, other in (qual.args, qual.args[::-1]):
            if isinstance(var, Var) and var.rtindex == rtindex \
                    and var.attnum == SELF_ITEM_POINTER_ATTNUM and cost.is_pseudo_constant(other):
                return 1.0 - 1.0 / tuples
    if isinstance(qual, OpExpr) and qual.operator_name == "=" and len(qual.args) == 2 \
            and tuples >= 1.0:
        if index_expression_paths.is_unique_expression_equality(qual, rtindex, unique):
            return 1.0 / tuples
    return cost.clause_selectivity(qual, stats, single)


# ---------------------------------------------------------------------------------------
# Costs


def index_pages_fetched(tuples_fetched: float, pages: int, index_pages: float,
                        total_table_pages: float) -> float:
    """Mackert and Lohman's estimate of distinct pages read when fetching
    `tuples_fetched` tuples at random from `pages` pages with an LRU cache of
    effective_cache_size shared pro rata among the query's tables and this index."""
    table_pages = pages if pages > 1 else 1.0
    total_pages = max(total_table_pages + index_pages, 1.0)
    cache = settings.get("effective_cache_size") * table_pages / total_pages
    cache = max(math.ceil(cache), 1.0)
    if table_pages <= cache:
        fetched = (2.0 * table_pages * tuples_fetched) / (2.0 * table_pages + tuples_fetched)
        if fetched >= table_pages:
            fetched = table_pages
        else:
            fetched = math.ceil(fetched)
    else:
        limit = (2.0 * table_pages * cache) / (2.0 * table_pages - cache)
        if tuples_fetched <= limit:
            fetched = (2.0 * table_pages * tuples_fetched) / (2.0 * table_pages + tuples_fetched)
        else:
            fetched = cache + (tuples_fetched - limit) * (table_pages - cache) / table_pages
        fetched = math.ceil(fetched)
    return fetched


@dataclasses.dataclass(slots=True)
class IndexCost:
    """btcostestimate's answer."""
    startup: float
    total: float
    selectivity: float          # fraction of the table's rows the index clauses pass
    correlation: float = 0.0    # of the table's order with the index's (from ANALYZE)
    index_pages: float = 0.0    # leaf pages read (numIndexPages: parallel worker count)


def estimate_index(index: TableIndex, clauses: list[IndexClause], rtindex: int,
                   unique: set[int], stats=None, *, loop_count: float = 1.0,
                   total_table_pages: float = 0.0) -> IndexCost:
    """btcostestimate + genericcostestimate for one scan. A partial index's predicate
    counts in the selectivity (add_predicate_to_index_quals), and its own tuple count
    in the pages read and the descent. `loop_count` > 1 (an inner side re-scanned per
    outer row, param_paths.py) shares the index pages read among the scans through the
    cache (index_pages_fetched over all of them)."""
    tuples = index.table_tuples if index.table_tuples is not None else index.tuples
    bound, all_equal = _bound_clauses(index, clauses)
    scans = array_index_quals.scan_count(clauses)       # primitive scans (array clauses)
    predicate = index_expression_paths.predicate_quals(index, rtindex,
                                                       [c.clause for c in clauses])
    index_quals = [c.clause for c in clauses] + predicate
    selectivity = restriction_selectivity(index_quals, rtindex, unique, tuples, stats)
    if index.unique and all_equal:
        index_tuples = 1.0
    else:
        index_tuples = _rint(restriction_selectivity([c.clause for c in bound] + predicate,
                                                     rtindex, unique, tuples, stats) * tuples
                             / array_index_quals.bound_scan_count(bound))
    if index_tuples <= 0.0:
        index_tuples = _rint(selectivity * tuples / scans)
    index_tuples = min(index_tuples, index.tuples)
    index_tuples = max(index_tuples, 1.0)
    if index.pages > 1 and index.tuples > 1:
        index_pages = math.ceil(index_tuples * index.pages / index.tuples)
    else:
        index_pages = 1.0
    if loop_count > 1 or scans > 1:
        total = index_pages_fetched(index_pages * scans * loop_count, index.pages, index.pages,
                                    total_table_pages) * RANDOM_PAGE_COST / loop_count
    else:
        total = index_pages * RANDOM_PAGE_COST
    operand_cost = sum(cost.qual_cost_per_row([c.operand]) for c in clauses
                       if c.operand is not None)
    total += operand_cost
    total += index_tuples * scans * (CPU_INDEX_TUPLE_COST
                                     + cost.CPU_OPERATOR_COST * len(clauses))
    startup = operand_cost
    if index.tuples > 1:
        descent = math.ceil(math.log(index.tuples) / math.log(2.0)) * cost.CPU_OPERATOR_COST
        startup += descent
        total += descent * scans
    descent = (index.tree_height + 1) * PAGE_CPU_MULTIPLIER * cost.CPU_OPERATOR_COST
    total += descent * (scans - 1)          # each further scan descends again
    correlation = join_group_statistics.index_correlation(stats, rtindex, index) \
        if stats is not None else 0.0
    return IndexCost(startup + descent, total + descent, selectivity, correlation,
                     index_pages)


def all_visible_fraction(relation, pages: int) -> float:
    """The share of the table's pages the visibility map marks all-visible, as pg_class
    says (relallvisible over the current page count, at most 1: plancat.c's allvisfrac).
    An Index Only Scan visits the heap only for the others."""
    row = catalog_cache.class_row(relation.oid)
    visible = row.relallvisible if row is not None else 0
    if pages <= 0 or visible <= 0:
        return 0.0
    return 1.0 if visible >= pages else visible / pages


def cost_index_scan(index_cost: IndexCost, filter_quals, table_pages: int, table_tuples: float,
                    index_pages: int, total_table_pages: float,
                    loop_count: float = 1.0, all_visible: float = 0.0,
                    parallel_divisor: float = 1.0) -> tuple[float, float]:
    """cost_index for a plain or index-only scan; for an index-only one `all_visible` is
    the table's all-visible fraction (all_visible_fraction), whose pages it does not
    fetch. enable_indexscan = off disables both. `loop_count` > 1: the heap pages of all
    the scans through the cache, pro rata. A parallel scan's per-tuple CPU cost is
    shared by its processes (`parallel_divisor`); its I/O and index costs are not."""
    startup = cost.disable_cost("enable_indexscan") + index_cost.startup
    run = index_cost.total - index_cost.startup
    tuples_fetched = cost.clamp_rows(index_cost.selectivity * table_tuples)
    ordered_pages = math.ceil(index_cost.selectivity * table_pages)

    def heap_share(pages: float) -> float:
        return math.ceil(pages * (1.0 - all_visible)) if all_visible else pages
    if loop_count > 1:
        max_io = heap_share(index_pages_fetched(tuples_fetched * loop_count, table_pages,
                                                index_pages, total_table_pages)) \
            * RANDOM_PAGE_COST / loop_count
        min_io = heap_share(index_pages_fetched(ordered_pages * loop_count, table_pages,
                                                index_pages, total_table_pages)) \
            * RANDOM_PAGE_COST / loop_count
    else:
        pages_fetched = heap_share(index_pages_fetched(tuples_fetched, table_pages,
                                                       index_pages, total_table_pages))
        # Between the uncorrelated case (Mackert and Lohman's page count, each a random
        # read) and the perfectly correlated one (the selected fraction of the table
        # read in order), by the square of the index correlation.
        max_io = pages_fetched * RANDOM_PAGE_COST
        ordered_pages = heap_share(ordered_pages)
        min_io = RANDOM_PAGE_COST + (ordered_pages - 1) * cost.SEQ_PAGE_COST \
            if ordered_pages > 0 else 0.0
    run += max_io + index_cost.correlation ** 2 * (min_io - max_io)
    run += (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(filter_quals)) * tuples_fetched \
        / parallel_divisor
    return startup, startup + run


def random_heap_pages(index_cost: IndexCost, table_pages: int, table_tuples: float,
                      index_pages: int, total_table_pages: float) -> float:
    """The heap pages one plain index scan reads at random (cost_index's
    rand_heap_pages: Mackert and Lohman's count)."""
    tuples_fetched = cost.clamp_rows(index_cost.selectivity * table_tuples)
    return index_pages_fetched(tuples_fetched, table_pages, index_pages, total_table_pages)


def bitmap_heap_pages(selectivity: float, table_pages: int, table_tuples: float,
                      loop_count: float = 1.0, index_pages: float = 0.0,
                      total_table_pages: float = 0.0) -> float:
    """The table pages a Bitmap Heap Scan reads (compute_bitmap_pages: 2Tt/(2T+t), or
    Mackert and Lohman's count over all the scans when re-scanned)."""
    tuples_fetched = cost.clamp_rows(selectivity * table_tuples)
    table = table_pages if table_pages > 1 else 1.0
    if loop_count > 1:
        pages_fetched = index_pages_fetched(tuples_fetched * loop_count, table_pages,
                                            index_pages, total_table_pages) / loop_count
    else:
        pages_fetched = (2.0 * table * tuples_fetched) / (2.0 * table + tuples_fetched)
    return table if pages_fetched >= table else math.ceil(pages_fetched)


def cost_bitmap_scan(index_cost: IndexCost, rows: float, all_quals, table_pages: int,
                     table_tuples: float, loop_count: float = 1.0, index_pages: float = 0.0,
                     total_table_pages: float = 0.0,
                     parallel_divisor: float = 1.0) -> tuple[float, float, float]:
    """(Bitmap Index Scan total cost, Bitmap Heap Scan startup, total). Building the
    bitmap costs 0.1 x cpu_operator_cost per row on top of the index scan (charged to
    the heap scan: the Bitmap Index Scan node shows the index's own cost). A parallel
    scan's per-tuple CPU cost is shared by its processes (`parallel_divisor`)."""
    index_total = index_cost.total + 0.1 * cost.CPU_OPERATOR_COST * rows
    tuples_fetched = cost.clamp_rows(index_cost.selectivity * table_tuples)
    table = table_pages if table_pages > 1 else 1.0
    pages_fetched = bitmap_heap_pages(index_cost.selectivity, table_pages, table_tuples,
                                      loop_count, index_pages, total_table_pages)
    if pages_fetched >= 2.0:
        per_page = RANDOM_PAGE_COST - (RANDOM_PAGE_COST - cost.SEQ_PAGE_COST) \
            * math.sqrt(pages_fetched / table)
    else:
        per_page = RANDOM_PAGE_COST
    startup = cost.disable_cost("enable_bitmapscan") + index_total
    run = pages_fetched * per_page
    run += (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(all_quals)) * tuples_fetched \
        / parallel_divisor
    return index_cost.total, startup, startup + run


# ---------------------------------------------------------------------------------------
# Choosing


def _covers(index: TableIndex, columns_needed: set[int], quals) -> bool:
    """Can an Index Only Scan answer everything asked of this table (check_index_only)?
    Only ordinary columns can come from an index tuple; enable_indexonlyscan = off
    leaves a plain Index Scan."""
    if not settings.get("enable_indexonlyscan"):
        return False
    wanted = set(columns_needed)
    for qual in quals:
        wanted.update(n.attnum for n in walk(qual) if isinstance(n, Var))
    return all(a > 0 for a in wanted) and wanted <= set(index.heap_attnums)


def _cheaper(candidate, best) -> bool:
    """Does `candidate` replace `best` as PostgreSQL's add_path + set_cheapest would pick
    between the two? A total cost more than 1% lower wins; within 1% the totals are equal
    and a startup cost more than 1% lower wins; otherwise the path found first stays
    (join_paths' compare_path_costs_fuzzily, imported here: join_paths imports this
    module through param_paths)."""
    from pgsnake.optimizer.join_paths import (STD_FUZZ_FACTOR, _BETTER1,
                                              _compare_costs_fuzzily)
    return _compare_costs_fuzzily(candidate, best, STD_FUZZ_FACTOR, False) == _BETTER1


def cheapest_scan(seq_scan, indexes: list[TableIndex], rtindex: int, quals, pages: int,
                  tuples: float, *, rows: float, total_table_pages: float,
                  columns_needed: set[int] | None, alias: str, stats=None):
    """The cheapest of `seq_scan` (costed), an Index [Only] Scan and a Bitmap Heap Scan
    per index with usable clauses; returns (plan, filter quals). `columns_needed` is
    None when the rows must come from the heap (the target of UPDATE/DELETE)."""
    best, best_filter = seq_scan, quals
    unique = unique_columns(indexes)
    relation = seq_scan.relation
    best_bitmap = None
    # Newest index first: get_relation_info builds its index list with lcons, so of two
    # equally cheap paths the later index's, offered first, is kept.
    for index in reversed(indexes):
        if not index_expression_paths.predicate_usable(index, rtindex, quals):
            continue
        clauses = match_index_clauses(index, rtindex, quals)
        # build_index_paths: an index without usable clauses is still a candidate when
        # it is partial (it may scan it all) or can answer the query by itself (a full
        # Index Only Scan, cheaper than the heap once the table is all-visible).
        if not clauses and index.predicate is None and not (
                columns_needed is not None and _covers(index, columns_needed, quals)):
            continue
        used = [c.clause for c in clauses]
        filters = [q for q in quals if not any(q is u for u in used)]
        bitmap_filters = index_expression_paths.drop_implied(filters, index, rtindex, False)
        filters = index_expression_paths.drop_implied(filters, index, rtindex,
                                                      columns_needed is None)
        estimate = estimate_index(index, clauses, rtindex, unique, stats)
        index_only = columns_needed is not None \
            and _covers(index, columns_needed, used + filters)
        scan = IndexScan(rtindex=rtindex, relation=relation, index=index.relation,
                         index_clauses=clauses, alias=alias, index_only=index_only)
        scan.startup_cost, scan.total_cost = cost_index_scan(
            estimate, filters, pages, tuples, index.pages, total_table_pages,
            all_visible=all_visible_fraction(relation, pages) if index_only else 0.0)
        if _cheaper(scan, best):
            best, best_filter = scan, filters
        bitmap_index = BitmapIndexScan(rtindex=rtindex, relation=relation,
                                       index=index.relation, index_clauses=clauses)
        index_total, startup, total = cost_bitmap_scan(estimate, rows, quals, pages, tuples)
        bitmap_index.total_cost = index_total
        bitmap_index.plan_rows = cost.clamp_rows(estimate.selectivity * tuples)
        heap_scan = BitmapHeapScan(
            rtindex=rtindex, relation=relation, child=bitmap_index, alias=alias,
            recheck_quals=index_expression_paths.bitmap_recheck(
                [c.clause for c in clauses if not c.lossy], index, rtindex))
        heap_scan.startup_cost, heap_scan.total_cost = startup, total
        if best_bitmap is None or heap_scan.total_cost < best_bitmap[0].total_cost:
            best_bitmap = heap_scan, bitmap_filters
    # create_index_paths offers one Bitmap Heap Scan after every index's own paths: the
    # bitmap cheapest exactly (choose_bitmap_and's sort), whatever the index order.
    if best_bitmap is not None and _cheaper(best_bitmap[0], best):
        best, best_filter = best_bitmap
    from pgsnake.optimizer import bitmap_paths, gin_paths, hash_paths
    best, best_filter = gin_paths.cheaper_gin_scan(best, best_filter, relation, rtindex, quals,
                                                   pages, tuples, rows, alias, unique, stats)
    best, best_filter = hash_paths.cheaper_hash_scan(best, best_filter, relation, rtindex,
                                                     quals, pages, tuples, rows, alias, unique,
                                                     stats, total_table_pages)
    from pgsnake.optimizer import gist_paths
    best, best_filter = gist_paths.cheaper_gist_scan(best, best_filter, relation, rtindex,
                                                     quals, pages, tuples, rows, alias,
                                                     unique, stats, total_table_pages,
                                                     columns_needed)
    from pgsnake.optimizer import brin_paths
    best, best_filter = brin_paths.cheaper_brin_scan(best, best_filter, relation, rtindex,
                                                     quals, pages, tuples, rows, alias,
                                                     unique, stats)
    return bitmap_paths.with_bitmap_combinations(
        best, best_filter, indexes, rtindex, quals, pages, tuples, rows=rows, unique=unique,
        stats=stats, alias=alias)
