"""Expression and partial indexes in the planner: which clauses an expression column
answers, and whether a partial index may be used at all.

An index's expressions and predicate are analysed from pg_index's text once per
backend (cached by the texts and the table's columns) with the table as rtindex 1, and
renumbered to the scanned table's rtindex when matched:

  * an expression column answers `expression op operand` / `operand op expression` as
    a plain column answers `column op operand` (index_paths._match): op must be in the
    column's B-tree operator family, the operand a pseudo-constant; and
    `expression IS [NOT] NULL`;
  * a partial index is usable only when the scan's restriction clauses imply its
    predicate (predicate_implication.py); the clauses the predicate itself implies need
    no checking by the scan (dropped from its filter), except on the target of
    UPDATE / DELETE, as PostgreSQL keeps them there.

Entry points: index_extras(index_oid, heap_oid) -> (expressions, predicate),
match_expression_clause(index, rtindex, clause) -> IndexClause | None,
predicate_usable(index, rtindex, quals), drop_implied(filters, index, rtindex,
result_relation), bitmap_recheck(used, index, rtindex), unique_expressions(indexes),
is_unique_expression_equality(qual, rtindex, unique), predicate_quals(index, rtindex,
index_quals), partial_index_tuples(index relation, pages, table tuples), examine_expression(lookup,
expr) (selectivity_stats.StatisticsLookup.examine for expressions).

PostgreSQL: optimizer/path/indxpath.c (match_index_to_operand, check_index_predicates),
optimizer/plan/createplan.c (create_indexscan_plan's predicate-implied quals),
optimizer/util/plancat.c (get_relation_info: indexprs, indpred).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache, invalidation
from pgsnake.optimizer import cost, predicate_implication
from pgsnake.optimizer.predicate_implication import same_expression
from pgsnake.parser.expression_nodes import NullTest, OpExpr, Var
from pgsnake.utils.errors import PgError

_cache: dict = {}


def index_extras(index_oid: int, heap_oid: int):
    """(expression per expression column, predicate or None), both over rtindex 1;
    ((), None) for a plain index or one whose text no longer analyses."""
    row = catalog_cache.index_row(index_oid)
    if row is None or (row.indexprs is None and row.indpred is None):
        return (), None
    heap = catalog_cache.get_relation(heap_oid)
    key = (index_oid, row.indexprs, row.indpred,
           tuple((a.attnum, a.name, a.type_oid) for a in heap.attributes))
    found = _cache.get(key)
    if found is None:
        from pgsnake.rewrite import index_expression_text as texts
        try:
            expressions = tuple(texts.analysed_list(row.indexprs, heap_oid)) \
                if row.indexprs is not None else ()
            predicate = texts.analysed_predicate(row.indpred, heap_oid) \
                if row.indpred is not None else None
        except PgError:
            expressions, predicate = (), None
        # Folded as the queries they must match are (RelationGetIndexExpressions /
        # RelationGetIndexPredicate run eval_const_expressions): ARRAY[1, 2] stays an
        # ArrayExpr in analysis and is '{1,2}' in a planned query.
        from pgsnake.optimizer.const_fold import eval_const_expressions
        try:
            expressions = tuple(eval_const_expressions(e) for e in expressions)
            predicate = eval_const_expressions(predicate) if predicate is not None else None
        except PgError:
            pass
        found = _cache[key] = (expressions, predicate)
    return found


def at_rtindex(expr, rtindex: int):
    """`expr` (over rtindex 1) with its Vars renumbered to `rtindex`."""
    if expr is None or rtindex == 1:
        return expr
    from pgsnake.rewrite import tree_mapping
    return tree_mapping.map_expression(
        expr, lambda var, depth: dataclasses.replace(var, rtindex=rtindex)
        if var.levels_up == depth else None)


def _expression_columns(index, rtindex: int):
    """(1-based index column, expression at rtindex) per expression key column."""
    expressions = iter(index.expressions)
    out = []
    for position, attnum in enumerate(index.heap_attnums, start=1):
        if attnum == 0:
            expr = next(expressions, None)
            if position <= index.key_count and expr is not None:
                out.append((position, at_rtindex(expr, rtindex)))
    return out


def _mentions_only(expr, rtindex: int) -> bool:
    from pgsnake.parser.expression_nodes import walk
    return all(n.rtindex == rtindex for n in walk(expr) if isinstance(n, Var))


def match_expression_clause(index, rtindex: int, clause):
    """The IndexClause an expression column of `index` makes of `clause`, or None."""
    from pgsnake.optimizer.index_paths import STRATEGY_NAMES, IndexClause, _commuted_name
    columns = _expression_columns(index, rtindex)
    if not columns:
        return None
    if isinstance(clause, NullTest):
        for position, expr in columns:
            if same_expression(clause.arg, expr):
                return IndexClause(position, "IS NULL" if clause.is_null else "IS NOT NULL",
                                   None, None, clause, clause)
        return None
    if not isinstance(clause, OpExpr) or len(clause.args) != 2:
        return None
    left, right = clause.args
    for position, expr in columns:
        if same_expression(left, expr):
            operand, operator_oid, commuted = right, clause.operator_oid, False
        elif same_expression(right, expr):
            operand, commuted = left, True
            operator_oid = catalog_cache.operator_commutator(clause.operator_oid)
        else:
            continue
        if not operator_oid or not cost.is_pseudo_constant(operand):
            continue
        found = catalog_cache.btree_strategy(index.families[position - 1], operator_oid)
        if found is None:
            continue
        strategy, left_type, right_type = found
        shown = clause
        if commuted:
            shown = dataclasses.replace(clause, args=(right, left),
                                        operator_name=_commuted_name(clause.operator_name))
        return IndexClause(position, STRATEGY_NAMES[strategy], operand,
                           right_type if right_type != left_type else None, clause, shown)
    return None


def predicate_usable(index, rtindex: int, quals) -> bool:
    """A plain index always; a partial one when `quals` imply its predicate."""
    if index.predicate is None:
        return True
    return predicate_implication.implied_by(at_rtindex(index.predicate, rtindex), quals)


def drop_implied(filters, index, rtindex: int, result_relation: bool) -> list:
    """The filter clauses a partial index's predicate does not already guarantee."""
    if index.predicate is None or result_relation:
        return filters
    predicate = at_rtindex(index.predicate, rtindex)
    return [q for q in filters
            if cost.is_pseudo_constant(q)
            or not predicate_implication.implied_by(q, [predicate])]


def bitmap_recheck(used: list, index, rtindex: int) -> list:
    """A Bitmap Heap Scan's Recheck Cond: the index clauses, then the conjuncts of a
    partial index's predicate they do not imply (create_bitmap_subplan)."""
    if index.predicate is None:
        return used
    extra = [part for part in predicate_implication.conjuncts(
                 at_rtindex(index.predicate, rtindex))
             if not predicate_implication.implied_by(part, used)]
    return list(used) + extra


class UniqueExpression:
    """A member of index_paths.unique_columns' set: the expression (over rtindex 1) that
    is the whole key of a unique index (`expression = constant` selects one row, as
    examine_variable's isunique says for an expression an index matches)."""

    __slots__ = ("expression",)

    def __init__(self, expression) -> None:
        self.expression = expression


def unique_expressions(indexes) -> set:
    return {UniqueExpression(ix.expressions[0]) for ix in indexes
            if ix.unique and ix.key_count == 1 and ix.expressions
            and ix.heap_attnums[0] == 0}


def is_unique_expression_equality(qual, rtindex: int, unique) -> bool:
    """`unique expression = pseudo-constant` (either way round)?"""
    markers = [m for m in unique if isinstance(m, UniqueExpression)]
    if not markers or not isinstance(qual, OpExpr) or qual.operator_name != "=" \
            or len(qual.args) != 2:
        return False
    for expr, other in (qual.args, qual.args[::-1]):
        if isinstance(expr, Var) or not cost.is_pseudo_constant(other):
            continue
        if any(same_expression(at_rtindex(m.expression, rtindex), expr) for m in markers):
            return True
    return False


def predicate_quals(index, rtindex: int, index_quals) -> list:
    """The conjuncts of a partial index's predicate its index clauses do not imply,
    which narrow its selectivity (add_predicate_to_index_quals)."""
    if index.predicate is None:
        return []
    return [part for part in predicate_implication.conjuncts(
                at_rtindex(index.predicate, rtindex))
            if not predicate_implication.implied_by(part, index_quals)]


def partial_index_tuples(index_relation, pages: int, table_tuples: float) -> float:
    """A partial index's own tuple estimate: pg_class's density (reltuples per page,
    the metapage discounted) times its pages now, at most the table's
    (get_relation_info / estimate_rel_size for an index)."""
    relpages, reltuples = catalog_cache.relation_statistics(index_relation.oid)
    if pages == 0:
        return 0.0
    current = pages
    if relpages > 0:
        current -= 1
        relpages -= 1
    if reltuples >= 0 and relpages > 0:
        tuples = float(round(reltuples / relpages * current))
    else:
        tuples = max(reltuples, 0.0) if reltuples >= 0 else table_tuples
    return min(tuples, table_tuples)


def examine_expression(lookup, expr):
    """examine_variable for an expression of one table that an expression index of a
    whole-table (not partial) index holds: the statistics ANALYZE gathered for that
    index column (commands/index_statistics.py), as a selectivity_stats.VariableStats;
    None when no such index has statistics."""
    from pgsnake.catalog import statistic_rows
    from pgsnake.optimizer.selectivity_stats import VariableStats
    from pgsnake.parser.expression_nodes import expression_type, walk
    rtindexes = {n.rtindex for n in walk(expr) if isinstance(n, Var)}
    if len(rtindexes) != 1 or any(n.levels_up for n in walk(expr) if isinstance(n, Var)):
        return None
    rtindex = rtindexes.pop()
    if not 0 < rtindex <= len(lookup.range_table) \
            or lookup.range_table[rtindex - 1].kind != "relation":
        return None
    for index in lookup.table_indexes(rtindex):
        if not index.expressions or index.predicate is not None:
            continue
        for position, indexed in _expression_columns(index, rtindex):
            if not same_expression(indexed, expr):
                continue
            stats = statistic_rows.column_statistics(index.relation.oid, position)
            if stats is None:
                continue
            unique = index.unique and index.key_count == 1 and position == 1
            return VariableStats(stats, lookup.base_tuples.get(rtindex, 0.0),
                                 lookup.scan_rows.get(rtindex), expression_type(expr),
                                 unique, lookup.range_table[rtindex - 1].relation,
                                 (index,) if position == 1 else ())
    return None


def _reset_cache() -> None:
    _cache.clear()            # a function the expressions call may have changed


invalidation.add_cache_reset(_reset_cache)
