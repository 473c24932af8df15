"""ON CONFLICT (...) [WHERE ...]: which unique indexes an inference specification names,
when it has expressions or a predicate.

A unique index is an arbiter when its plain key columns are exactly the named columns,
its expression columns exactly the named expressions (compared as analysed trees), and,
if it is partial, the specification's WHERE implies its predicate (a partial index is
never inferred without one). Without expressions or WHERE, parser/on_conflict.py's own
column-set test is the same rule.

Entry points: inferred_indexes(pstate, infer, relation, rtindex, attnums, index_rows)
-> [index oid]; its two halves analysed_specification (the expressions and WHERE,
analysed over the target) and matching_indexes (the indexes they name), apart for an
INSERT into a view, whose specification is analysed over the view and matched against
the base table's indexes after the rewriter has made that the target.

PostgreSQL: optimizer/util/plancat.c (infer_arbiter_indexes),
parser/parse_clause.c (resolve_unique_index_expr).
"""
from __future__ import annotations


def inferred_indexes(pstate, infer: dict, relation, rtindex: int, attnums: set,
                     index_rows) -> list[int]:
    expressions, where = analysed_specification(pstate, infer, rtindex)
    return matching_indexes(relation, rtindex, attnums, expressions, where, index_rows)


def analysed_specification(pstate, infer: dict, rtindex: int) -> tuple[list, object]:
    """(the specification's expressions, its WHERE or None), analysed over the target."""
    from pgsnake.parser.analyze import transform_where
    from pgsnake.parser.transform_expression import transform_expression
    # The target is in scope for the specification only (transformOnConflictArbiter).
    target = [item for item in pstate.namespace if item.rtindex == rtindex]
    shown = [item.visible for item in target]
    saved = pstate.expression_kind
    try:
        for item in target:
            item.visible = True
        pstate.expression_kind = "index expressions"
        expressions = [transform_expression(pstate, w["IndexElem"]["expr"])
                       for w in infer.get("indexElems", [])
                       if w["IndexElem"].get("name") is None]
        where = None
        if infer.get("whereClause") is not None:
            pstate.expression_kind = "index predicates"
            where = transform_where(pstate, infer["whereClause"], "WHERE")
    finally:
        pstate.expression_kind = saved
        for item, visible in zip(target, shown):
            item.visible = visible
    return expressions, where


def matching_indexes(relation, rtindex: int, attnums: set, expressions: list, where,
                     index_rows) -> list[int]:
    """The unique indexes of `relation` (its rows `index_rows`) the specification names:
    plain key columns `attnums`, expression keys `expressions` (over `rtindex`), and a
    predicate `where` implies when the index is partial."""
    from pgsnake.optimizer import index_expression_paths, predicate_implication
    from pgsnake.optimizer.predicate_implication import same_expression
    out = []
    for row in index_rows:
        keys = list(row.indkey[:row.indnkeyatts])
        if {a for a in keys if a != 0} != attnums:
            continue
        index_exprs, predicate = index_expression_paths.index_extras(row.indexrelid,
                                                                     relation.oid)
        index_exprs = [index_expression_paths.at_rtindex(e, rtindex)
                       for e in index_exprs[:keys.count(0)]]
        if not all(any(same_expression(e, x) for x in index_exprs) for e in expressions) \
                or not all(any(same_expression(x, e) for e in expressions)
                           for x in index_exprs):
            continue
        if predicate is not None:
            if where is None or not predicate_implication.implied_by(
                    index_expression_paths.at_rtindex(predicate, rtindex), [where]):
                continue
        out.append(row.indexrelid)
    return out
