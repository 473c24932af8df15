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

PostgreSQL: optimizer/prep/prepjointree.c (pullup_replace_vars_callback),
optimizer/util/clauses.c (contain_nonstrict_functions).
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
    ScalarArrayOpExpr,
    SubscriptExpr,
    Var,
)


def goes_null_with_its_row(expr) -> bool:
    if isinstance(expr, Var):
        return expr.levels_up == 0
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


__all__ = ["goes_null_with_its_row"]
