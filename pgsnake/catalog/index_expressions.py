"""The expression columns and the predicate of an index, as the catalog layer sees them.

pg_index.indexprs holds an expression index's expressions and pg_index.indpred a partial
index's predicate. pgsnake stores expressions as SQL text (rewrite/stored_expressions.py);
indexprs is the deparse of each expression column, in index-column order, joined by
", " (so that `SELECT <indexprs>` parses back into one target per expression), and
indpred is the predicate's deparse. Each 0 in indkey takes the next expression.

Printing them (pg_get_indexdef, the "Key (...)" of a unique violation) needs parse
analysis, which lives above this layer: rewrite/index_expression_text.py registers the
printers here (register_printers), as catalog-aware SQL functions are registered.

Entry points: register_printers(columns, predicate), expression_column_texts(index_row,
pretty) -> list | None, predicate_text(index_row, pretty) -> text | None,
is_partial(index_row), has_expressions(index_row).

PostgreSQL: utils/cache/relcache.c (RelationGetIndexExpressions,
RelationGetIndexPredicate), utils/adt/ruleutils.c (pg_get_indexdef_worker).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

# columns(stored indexprs, heap oid, pretty) -> one text per expression, as an index
# column of pg_get_indexdef prints it; predicate(stored indpred, heap oid, pretty) -> text.
_printers: dict = {}


def register_printers(columns, predicate) -> None:
    _printers["columns"] = columns
    _printers["predicate"] = predicate


def has_expressions(index_row) -> bool:
    return index_row is not None and index_row.indexprs is not None


def is_partial(index_row) -> bool:
    return index_row is not None and index_row.indpred is not None


def expression_column_texts(index_row, pretty: bool) -> list[str] | None:
    """The index's expression columns as pg_get_indexdef prints them (a bare function
    call as it is, anything else in parentheses); None if it has none. When the text no
    longer analyses, the stored texts themselves."""
    if not has_expressions(index_row):
        return None
    printer = _printers.get("columns")
    if printer is not None:
        try:
            return printer(index_row.indexprs, index_row.indrelid, pretty)
        except PgError:
            pass
    return [f"({index_row.indexprs})"]


def predicate_text(index_row, pretty: bool) -> str | None:
    """The partial index's WHERE, as pg_get_indexdef prints it; None if not partial."""
    if not is_partial(index_row):
        return None
    printer = _printers.get("predicate")
    if printer is not None:
        try:
            return printer(index_row.indpred, index_row.indrelid, pretty)
        except PgError:
            pass
    return index_row.indpred
