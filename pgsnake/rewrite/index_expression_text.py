"""Index expressions and predicates: the text pg_index stores, analysed again, printed.

pg_index.indexprs is the ", "-joined deparse of an index's expression columns and
indpred its predicate's deparse (catalog/index_expressions.py). This module makes those
texts from analysed expressions, analyses them back (the table's columns in scope, as
rtindex 1), and prints them as pg_get_indexdef does: an expression column that is a bare
function call (lower(email)) as it is, any other in parentheses ((a + b)); with pretty
printing off the deparse keeps its own parentheses too, so `a + b` is `((a + b))`.

Entry points: stored_list_text(exprs, heap_oid), stored_text(expr, heap_oid),
analysed_list(stored, heap_oid) -> [expr], analysed_predicate(stored, heap_oid),
column_texts(stored, heap_oid, pretty), predicate_text(stored, heap_oid, pretty),
install() (from rewrite/stored_expressions.register_all).

PostgreSQL: utils/adt/ruleutils.c (pg_get_indexdef_worker, looks_like_function),
utils/cache/relcache.c (RelationGetIndexExpressions).
"""
from __future__ import annotations

from pgsnake.parser.expression_nodes import (CoalesceExpr, FuncExpr, MinMaxExpr, NullIfExpr,
                                             SQLValueFunction)
from pgsnake.rewrite import stored_expressions


def stored_text(expr, heap_oid: int) -> str:
    return stored_expressions.stored_text(expr, heap_oid)


def stored_list_text(exprs, heap_oid: int) -> str | None:
    """indexprs for these expression columns (None when there are none)."""
    if not exprs:
        return None
    return ", ".join(stored_text(e, heap_oid) for e in exprs)


def analysed_list(stored: str, heap_oid: int) -> list:
    """The expressions of indexprs, analysed with the table's columns as rtindex 1."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.parser import raw_parser
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.parser.transform_expression import transform_expression
    from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE
    raw = raw_parser.parse_sql(f"SELECT {stored}")[0]
    targets = raw.node["SelectStmt"]["targetList"]
    relation = cc.get_relation(heap_oid)
    pstate = ParseState(None)
    _rtindex, item = pstate.add_relation(
        {"relname": relation.name, "schemaname": relation.namespace_name}, ACCESS_SHARE)
    pstate.namespace.append(item)
    return [transform_expression(pstate, t["ResTarget"]["val"]) for t in targets]


def analysed_predicate(stored: str, heap_oid: int):
    return stored_expressions.analysed(stored, heap_oid)


def looks_like_function(expr) -> bool:
    """Printed without extra parentheses in an index definition (a function-call form)."""
    return isinstance(expr, (FuncExpr, CoalesceExpr, MinMaxExpr, NullIfExpr,
                             SQLValueFunction))


def column_texts(stored: str, heap_oid: int, pretty: bool) -> list[str]:
    from pgsnake.rewrite.view_deparse import expression_sql
    texts = []
    for expr in analysed_list(stored, heap_oid):
        text = expression_sql(expr, pretty, heap_oid)
        texts.append(text if looks_like_function(expr) else f"({text})")
    return texts


def predicate_text(stored: str, heap_oid: int, pretty: bool) -> str:
    from pgsnake.rewrite.view_deparse import expression_sql
    return expression_sql(analysed_predicate(stored, heap_oid), pretty, heap_oid)


def install() -> None:
    from pgsnake.catalog import index_expressions
    index_expressions.register_printers(column_texts, predicate_text)
