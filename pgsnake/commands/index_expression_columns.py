"""CREATE INDEX's expression columns and WHERE predicate: analysed, checked, stored.

An index column written as an expression (`lower(email)`, `(a + b)`) is analysed with the
table's columns in scope; it becomes an index column with attnum 0, the expression's
type, and the name FigureIndexColname gives it (a function call's name, else "expr";
CREATE INDEX de-duplicates names: expr, expr1, ...). A WHERE clause makes a partial
index: a boolean over the table's columns. Both must be immutable (42P17 "functions in
index expression / predicate must be marked IMMUTABLE"); aggregates, window functions
and subqueries are refused by the parser's expression kinds.

The texts name the table's columns, so ALTER TABLE keeps them true: RENAME COLUMN stores
them again under the new names (analysed_index_texts before, restore_after_rename
after); DROP COLUMN drops the indexes whose expressions or predicate use the column
through their pg_depend rows (commands/dependent_objects.py).

Entry points: expression_column(heap, node, options, source) -> (IndexColumn, expr),
analyse_predicate(heap, node, source) -> expr, stored_texts(expressions, predicate,
heap_oid) -> (indexprs, indpred), analysed_index_texts(heap_oid),
restore_after_rename(heap_oid, saved).

PostgreSQL: commands/indexcmds.c (ComputeIndexAttrs, CheckMutability, CheckPredicate),
parser/parse_utilcmd.c (transformIndexStmt), parser/parse_target.c (FigureIndexColname).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog.index_creation import IndexColumn
from pgsnake.parser.expression_nodes import expression_type, expression_typmod
from pgsnake.parser.mutable_functions import is_mutable
from pgsnake.utils.errors import PgError

INVALID_OBJECT_DEFINITION = "42P17"


def _pstate(heap, source, kind: str):
    from pgsnake.parser.constraint_expressions import table_parse_state
    return table_parse_state(heap, source, kind)


def is_plain_column(expr) -> bool:
    """An expression that is only a column (`((a))`): indexed as that column."""
    from pgsnake.parser.expression_nodes import Var
    return isinstance(expr, Var) and expr.attnum > 0


def index_column_name(node) -> str:
    """FigureIndexColname: the name an expression column gets."""
    from pgsnake.parser.transform_expression import figure_column_name
    name = figure_column_name(node)
    return "expr" if name == "?column?" else name


def expression_column(heap, node: dict, options: int, source=None):
    """(IndexColumn with attnum 0, the analysed expression) for one expression column."""
    from pgsnake.parser.transform_expression import transform_expression
    expr = transform_expression(_pstate(heap, source, "index expressions"), node)
    # ComputeIndexAttrs strips a top-level COLLATE: it is the column's indcollation
    # (index_commands._collation_name), so "x COLLATE y" and "(x COLLATE y)" are alike
    while type(expr).__name__ == "CollateExpr":
        expr = expr.arg
    if is_mutable(expr):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "functions in index expression must be marked IMMUTABLE")
    type_oid = expression_type(expr)
    type_row = cc.get_type_row(type_oid)
    collation = type_row.typcollation if type_row is not None else 0
    column = IndexColumn(attnum=0, name=index_column_name(node), type_oid=type_oid,
                         typmod=expression_typmod(expr), collation=collation,
                         options=options)
    return column, expr


def analyse_predicate(heap, node: dict, source=None):
    """A partial index's WHERE: boolean, immutable, over the table's columns."""
    from pgsnake.parser.analyze import transform_where
    expr = transform_where(_pstate(heap, source, "index predicates"), node, "WHERE")
    if is_mutable(expr):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "functions in index predicate must be marked IMMUTABLE")
    return expr


def stored_texts(expressions: list, predicate, heap_oid: int):
    """(pg_index.indexprs, pg_index.indpred) texts."""
    from pgsnake.rewrite import index_expression_text as texts
    return (texts.stored_list_text(expressions, heap_oid),
            None if predicate is None else texts.stored_text(predicate, heap_oid))


def _expression_indexes(heap_oid: int) -> list:
    return [row for row in (cc.index_row(oid) for oid in cc.index_oids_of(heap_oid))
            if row is not None and (row.indexprs is not None or row.indpred is not None)]


def analysed_index_texts(heap_oid: int) -> list:
    """[(index oid, expressions, predicate)] analysed now, before a column is renamed."""
    from pgsnake.rewrite import index_expression_text as texts
    saved = []
    for row in _expression_indexes(heap_oid):
        try:
            expressions = texts.analysed_list(row.indexprs, heap_oid) \
                if row.indexprs is not None else []
            predicate = texts.analysed_predicate(row.indpred, heap_oid) \
                if row.indpred is not None else None
        except PgError:
            continue
        saved.append((row.indexrelid, expressions, predicate))
    return saved


def restore_after_rename(heap_oid: int, saved: list) -> None:
    """Store analysed_index_texts' expressions again, printing the new column names."""
    from pgsnake.access.transam import xact
    from pgsnake.catalog import catalog_writes, invalidation
    for index_oid, expressions, predicate in saved:
        indexprs, indpred = stored_texts(expressions, predicate, heap_oid)
        catalog_writes.update_rows("pg_index", lambda r, oid=index_oid: r.indexrelid == oid,
                                   indexprs=indexprs, indpred=indpred)
    if saved:
        invalidation.note_catalog_change()
        xact.command_counter_increment()
