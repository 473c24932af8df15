"""ORDER BY col <-> value [LIMIT n] through a GiST index: an Index Scan with "Order By"
that returns rows nearest first, so no Sort is needed (PostgreSQL's KNN scans).

Entry point: knn_scan(planner, cheapest, limit_tuples, width) -> IndexScan | None,
called by ordered_paths.sorted_from_plan when ORDER BY is not plain columns.

Offered when the query reads one table (its cheapest plan is a scan of it) and every
ORDER BY item is an ascending `column op value` with the value a pseudo-constant and
op an ordering operator (pg_amop purpose 'o') of the column's GiST operator family
whose Python class computes that distance (access/gist/opclasses `order_strategies`:
btree_gist's <->, pg_trgm's <->, point <-> point, box / circle / polygon <-> point;
the last two lossy, reordered by the executor). The WHERE clauses the index can answer become its
Index Cond, the others its Filter. It is kept when it costs less than sorting the
cheapest plan: for the rows a constant LIMIT reads (get_cheapest_fractional_path's
comparison), else in total; costs are gistcostestimate's for a scan of the whole index.

An outer row's value (a LATERAL subquery's `ORDER BY col <-> outer.col LIMIT n`) is a
pseudo-constant here: the subquery's scan is re-run for each outer row, as PostgreSQL's
parameterised inner Index Scan is.

A value on the left (`value <-> column`) is matched through the operator's commutator
and shown commuted in "Order By", as PostgreSQL does.

Where we differ from PostgreSQL: no KNN path inside a join of several tables (the
cheapest plan must be a scan of one table); the fuzzy cost comparison of add_path
is a plain one.

PostgreSQL: optimizer/path/indxpath.c (match_pathkeys_to_index,
match_clause_to_ordering_op), optimizer/plan/createplan.c (the ORDER BY operators of an
Index Scan), utils/adt/selfuncs.c (gistcostestimate).
"""
from __future__ import annotations

from pgsnake.optimizer import am_scan_paths, cost, gin_paths, gist_paths
from pgsnake.optimizer.plan_nodes import BitmapHeapScan, IndexScan, SampleScan, SeqScan
from pgsnake.parser.expression_nodes import OpExpr, Var
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import settings

GIST = 783


def _order_expressions(planner):
    """The ORDER BY expressions when every one is an ascending `column op value` of one
    table (value a pseudo-constant), else None."""
    query = planner.query
    if not query.sort_clause:
        return None
    out = []
    for clause in query.sort_clause:
        if clause.descending or clause.nulls_first:
            return None
        expr = query.target_list[clause.target_index].expr
        column = _order_column(expr)
        if column is None:
            return None
        if out and column.rtindex != _order_column(out[0]).rtindex:
            return None
        out.append(expr)
    return out


def _order_column(expr):
    """The column of `column op value` or `value op column` (value a pseudo-constant:
    the latter is matched through op's commutator, as match_clause_to_ordering_op
    does), else None."""
    if not isinstance(expr, OpExpr) or len(expr.args) != 2:
        return None
    for column, operand in (expr.args, expr.args[::-1]):
        if isinstance(column, Var) and not column.levels_up \
                and cost.is_pseudo_constant(operand):
            return column
    return None


def _scan_quals(plan) -> list | None:
    """The restriction clauses of a scan of one table (its Index Cond / Recheck Cond
    and its Filter), or None for any other plan."""
    if isinstance(plan, SampleScan):
        return None                     # TABLESAMPLE: the Sample Scan is the only path
    if isinstance(plan, SeqScan):
        return list(plan.qual)
    if isinstance(plan, IndexScan):
        return [c.clause for c in plan.index_clauses] + list(plan.qual)
    if isinstance(plan, BitmapHeapScan):
        return list(plan.recheck_quals) + list(plan.qual)
    return None


def knn_scan(planner, cheapest, limit_tuples: float | None, width: int):
    if not settings.get("enable_indexscan"):
        return None
    exprs = _order_expressions(planner)
    if exprs is None:
        return None
    quals = _scan_quals(cheapest)
    rtindex = _order_column(exprs[0]).rtindex
    if quals is None or getattr(cheapest, "rtindex", None) != rtindex:
        return None
    relation = cheapest.relation
    best = None
    for index, attnums, families in gist_paths._gist_indexes(relation):
        orderings = [_ordering(index, attnums, families, expr) for expr in exprs]
        if any(o is None for o in orderings):
            continue
        scan = _scan(planner, cheapest, index, attnums, families, quals, orderings, exprs)
        if best is None or scan.total_cost < best.total_cost:
            best = scan
    if best is None:
        return None
    sort_startup, sort_total = cost.cost_sort(cheapest.startup_cost, cheapest.total_cost,
                                              cheapest.plan_rows, width,
                                              limit_tuples=limit_tuples)
    rows = max(cheapest.plan_rows, 1.0)
    fraction = 1.0 if limit_tuples is None else min(limit_tuples / rows, 1.0)
    sorted_cost = sort_startup + fraction * (sort_total - sort_startup)
    knn_cost = best.startup_cost + fraction * (best.total_cost - best.startup_cost)
    return best if knn_cost < sorted_cost else None


def _ordering(index, attnums, families, expr):
    """The IndexClause of `column op value` as an ordering operator (pg_amop purpose
    'o') of an index column whose class computes that distance, or None."""
    from pgsnake.access.gist import opclasses
    var = _order_column(expr)
    names = index.index.opclass_names
    for column, (attnum, family) in enumerate(zip(attnums, families), start=1):
        if attnum != var.attnum:
            continue
        ordering = gin_paths.match_operator_clause(
            var.rtindex, column, attnum, expr,
            lambda operator_oid, _f=family: am_scan_paths.operator_strategy(
                GIST, _f, operator_oid, "o"))
        if ordering is None or var is not ordering.shown.args[0]:
            continue
        opclass = opclasses.lookup(names[column - 1])
        if opclass.distance is not None and ordering.strategy in opclass.order_strategies:
            return ordering
    return None


def _scan(planner, cheapest, index, attnums, families, quals, orderings, exprs):
    from pgsnake.optimizer import index_paths
    rtindex = cheapest.rtindex
    clauses = []
    for column, (attnum, family) in enumerate(zip(attnums, families), start=1):
        clauses += [m for m in (gist_paths._match(rtindex, column, attnum, family, q)
                                for q in quals) if m is not None]
    used = [c.clause for c in clauses]
    filters = [q for q in quals if not any(q is u for u in used)]
    pages, tuples = planner._table_size(rtindex)
    unique = planner.unique_columns.get(rtindex, set())
    selectivity = index_paths.restriction_selectivity(
        used, rtindex, unique, tuples, planner.stats) if used else 1.0
    estimate = gist_paths.gist_cost(index, clauses + orderings, selectivity, tuples)
    needed = None if rtindex == planner.query.result_relation \
        else planner.needed.get(rtindex, set())
    index_only = gist_paths.index_only_possible(index, list(attnums), rtindex, needed,
                                                 list(quals) + list(exprs))
    scan = IndexScan(rtindex=rtindex, relation=cheapest.relation, index=index,
                     index_clauses=clauses, alias=cheapest.alias, order_by=orderings,
                     index_only=index_only)
    scan.startup_cost, scan.total_cost = index_paths.cost_index_scan(
        estimate, filters, pages, tuples,
        bufmgr.nblocks(index.locator, ForkNumber.MAIN), planner._total_table_pages(),
        all_visible=index_paths.all_visible_fraction(cheapest.relation, pages)
        if index_only else 0.0)
    scan.qual = cost.order_by_cost(filters)
    scan.plan_rows = cheapest.plan_rows
    scan.plan_width = cheapest.plan_width
    scan.output_keys = cheapest.output_keys
    scan.system_columns = getattr(cheapest, "system_columns", ())
    return scan
