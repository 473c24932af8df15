"""Whether an analysed expression calls anything that is not immutable: PostgreSQL's
contain_mutable_functions, asked of expressions that are stored and computed again
later (index expressions and predicates, generated columns), which must give the same
answer every time.

A function call counts by its pg_proc.provolatile, an operator by its function's; the
SQLValueFunctions (CURRENT_DATE, CURRENT_USER, ...) are never immutable.

Entry point: is_mutable(expr) -> bool.

PostgreSQL: optimizer/util/clauses.c (contain_mutable_functions).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.parser.expression_nodes import (FuncExpr, OpExpr, SQLValueFunction,
                                             expression_type, walk)


# text || x and x || text (textanycat / anytextcat) are SQL functions, `$1 || $2::text`,
# marked stable; PostgreSQL inlines them before it judges an expression, so what counts
# is the cast of x to text: its type's output function.
_INLINED_CONCATENATION = {"textanycat": 1, "anytextcat": 0}


def _output_volatility(type_oid: int) -> str:
    type_row = cc.get_type_row(type_oid)
    if type_row is None:
        return "i"
    proc = next(iter(cc.scan_catalog("pg_proc", key=("oid", type_row.typoutput))), None)
    return proc.provolatile if proc is not None else "i"


def _operator_volatility(node: OpExpr) -> str:
    row = next(iter(cc.scan_catalog("pg_operator", key=("oid", node.operator_oid))), None)
    if row is None:
        return "i"
    proc = next(iter(cc.scan_catalog("pg_proc", key=("oid", row.oprcode))), None)
    if proc is None:
        return "i"
    other = _INLINED_CONCATENATION.get(proc.proname)
    if other is not None and len(node.args) == 2:
        return _output_volatility(expression_type(node.args[other]))
    return proc.provolatile


def is_mutable(expr) -> bool:
    """Anything in `expr` that is not immutable."""
    for node in walk(expr):
        if isinstance(node, FuncExpr) and node.volatility != "i":
            return True
        if isinstance(node, SQLValueFunction):
            return True
        if isinstance(node, OpExpr) and _operator_volatility(node) != "i":
            return True
    return False
