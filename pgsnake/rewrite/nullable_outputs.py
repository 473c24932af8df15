"""Which outputs of a subquery on the nullable side of an outer join may be merged into
the outer query as plain expressions, without a PlaceHolderVar.

Entry point:
    goes_null_with_its_row(expr) -> bool
        True when `expr` (a select-list expression of the subquery, its own columns at
        levels_up 0) is certainly NULL whenever the outer join NULL-extends the
        subquery's row: a plain column of its own, or an expression that reads at least
        one of its own columns and has no construct that can turn NULL inputs into a
        non-NULL value (only strict operators / functions, casts, collations, NOT,
        subscripts, field selections).

Such an output computed above the join from the NULL-extended columns gives NULL, exactly
what the subquery would have output, so view_pullup may substitute it (PostgreSQL's
pullup_replace_vars_callback does the same: a Var of the subquery, or an expression over
its Vars with no non-strict construct, needs no PlaceHolderVar). Anything else (COALESCE,
CASE, IS NULL, a constant, a lateral reference alone, a sublink, a non-strict function)
keeps the subquery a Subquery Scan, whose row the join NULL-extends.

The other outputs are wrapped (`wrap_for_outer_join`) in a PlaceHolderVar whose
`null_marker` holds the ctids of the tables PostgreSQL would evaluate it at (its
ph_eval_at, `eval_at`): a row of the subquery has at least one of them non-NULL (inner
joins keep all, the widening over an outer join adds its preserved side), and a
NULL-extended row has none, so the PlaceHolderVar reads NULL exactly where
PostgreSQL's, evaluated at that level and carried up, goes NULL above the outer join.
EXPLAIN (commands/explain_output.py) shows it computed there. Only for subqueries whose FROM items are
all tables (`row_markers`); others stay Subquery Scans.

PostgreSQL: optimizer/prep/prepjointree.c (pullup_replace_vars_callback),
optimizer/util/clauses.c (contain_nonstrict_functions), optimizer/util/placeholder.c.
"""
from __future__ import annotations

from pgsnake.parser.composite_expressions import FieldSelect
from pgsnake.parser.expression_nodes import (
    BoolExpr,
    CoerceExpr,
    CollateExpr,
    Const,
    FuncExpr,
    OpExpr,
    Param,
    PlaceHolderVar,
    ScalarArrayOpExpr,
    SubscriptExpr,
    Var,
    walk,
)


def goes_null_with_its_row(expr) -> bool:
    if isinstance(expr, Var):
        return expr.levels_up == 0
    if isinstance(expr, PlaceHolderVar) and expr.null_marker:
        return True         # (a nested pull-up's: never wrapped again)
    return _strict(expr) and _reads_own_column(expr)


def _reads_own_column(expr) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Var):
            if node.levels_up == 0:
                return True
            continue
        stack.extend(_children(node))
    return False


def _strict(expr) -> bool:
    """No part of `expr` can make a non-NULL value out of a NULL input
    (the negation of contain_nonstrict_functions, on the node kinds known strict)."""
    if isinstance(expr, (Var, Const, Param)):
        return True
    if isinstance(expr, (OpExpr, FuncExpr)):
        if not expr.strict or getattr(expr, "returns_set", False):
            return False
    elif isinstance(expr, BoolExpr):
        if expr.op != "not":
            return False
    elif isinstance(expr, ScalarArrayOpExpr):
        pass
    elif not isinstance(expr, (CoerceExpr, CollateExpr, SubscriptExpr, FieldSelect)):
        return False
    return all(_strict(child) for child in _children(expr))


def _children(node) -> list:
    if isinstance(node, (OpExpr, FuncExpr, BoolExpr)):
        return list(node.args)
    if isinstance(node, (CoerceExpr, CollateExpr, FieldSelect)):
        return [node.arg]
    if isinstance(node, ScalarArrayOpExpr):
        # (comparison operators are strict: a NULL left argument gives NULL)
        return [node.arg, *node.items] + ([node.array] if node.array is not None else [])
    if isinstance(node, SubscriptExpr):
        return [node.arg, *node.upper, *(x for x in node.lower if x is not None)]
    return []


# relkinds whose rows have a ctid (tables, partitioned tables' partitions, matviews)
_MARKABLE_RELKINDS = ("r", "p", "m")
_TID_TYPE = 27
_SELF_ITEM_POINTER = -1


def row_markers(subquery) -> dict | None:
    """The ctid Var (levels_up 0, the subquery's own numbering) of each FROM item of
    `subquery` by rtindex, or None when one of them is not a table."""
    markers = {}
    for rtindex in _leaves(subquery.from_list):
        rte = subquery.range_table[rtindex - 1]
        relation = getattr(rte, "relation", None)
        if rte.kind != "relation" or relation is None \
                or getattr(relation, "relkind", "r") not in _MARKABLE_RELKINDS:
            return None
        markers[rtindex] = Var(rtindex, _SELF_ITEM_POINTER, _TID_TYPE, -1, "ctid", rte.alias)
    return markers or None


def eval_at(expr, subquery) -> frozenset:
    """The subquery's FROM items whose join computes `expr` in PostgreSQL's plan
    (ph_eval_at): the items it reads (all of them when it reads none), widened by
    every outer join inside the subquery whose nullable side it reads to that join's
    two sides (update_placeholder_eval_levels; a side is the items its ON clause reads
    there, or the whole side when it reads none, as min_lefthand / min_righthand)."""
    phrels = frozenset(_leaves(subquery.from_list))
    used = frozenset(n.rtindex for n in walk(expr)
                     if isinstance(n, Var) and n.levels_up == 0) & phrels
    result = set(used or phrels)
    joins = []
    stack = list(subquery.from_list)
    while stack:
        node = stack.pop()
        if node is None or node.rtindex:
            continue
        if node.join_type in ("left", "right", "full"):
            left, right = frozenset(_leaves([node.left])), frozenset(_leaves([node.right]))
            if node.join_type == "right":
                left, right = right, left
            on = frozenset(n.rtindex for n in walk(node.quals) if isinstance(n, Var)
                           and n.levels_up == 0) if node.quals is not None else frozenset()
            joins.append((left & on or left, right, node.join_type == "full"))
        stack.extend((node.left, node.right))
    changed = True
    while changed:
        changed = False
        for min_left, min_right, full in joins:
            if (result & min_right or full and result & min_left) \
                    and not (min_left | min_right) <= result:
                result |= min_left | min_right
                changed = True
    return frozenset(result)


def _leaves(nodes) -> list:
    out, stack = [], list(nodes)
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.rtindex:
            out.append(node.rtindex)
        else:
            stack.extend((node.right, node.left))
    return sorted(out)


def reads_outer_level(expr) -> bool:
    """A reference to an enclosing query level (a LATERAL subquery's outer column)."""
    return any(isinstance(node, Var) and node.levels_up > 0 for node in walk(expr))


def wrap_for_outer_join(expr, subquery, markers: dict):
    """`expr` (an output of `subquery`, its own numbering) as the outer query reads it
    when the subquery's row may be NULL-extended: itself when it goes NULL with the
    row, else a PlaceHolderVar over it marked by the ctids of its eval_at items (at
    least one of them is non-NULL in every row of the subquery: the widening to both
    sides of an outer join keeps its preserved side in)."""
    if goes_null_with_its_row(expr):
        return expr
    marker = tuple(markers[r] for r in sorted(eval_at(expr, subquery)))
    return PlaceHolderVar(expr, expr.type_oid, getattr(expr, "typmod", -1),
                          null_marker=marker)


__all__ = ["goes_null_with_its_row", "row_markers", "reads_outer_level",
           "wrap_for_outer_join"]
