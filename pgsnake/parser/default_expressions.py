"""Parse analysis of a column's DEFAULT expression (PostgreSQL's cookDefault).

A default is analysed when the column is defined (CREATE TABLE, ALTER TABLE ADD COLUMN,
ALTER COLUMN SET DEFAULT), not first when a row needs it, so a default that can never
work is refused at once with PostgreSQL's errors: no column references (0A000), no
subqueries (0A000), no aggregates, window or set-returning functions, no parameters
(42P02), and the value must coerce to the column type by assignment (42804 'column "a"
is of type integer but default expression is of type text', 22P02 for a literal that
does not parse).

The analysed, coerced expression is what pg_attrdef.adbin stores, deparsed
(rewrite/view_deparse.expression_sql), so pg_get_expr prints what PostgreSQL prints:
'x'::text, '2026-12-05'::date for DEFAULT 'now' (an unknown literal is converted to the
column type at definition time), nextval('s'::regclass).

Entry point: analyze_default(node, source, type_oid, typmod, column_name) -> expression.

PostgreSQL: catalog/heap.c (cookDefault), parser/parse_expr.c (EXPR_KIND_COLUMN_DEFAULT).
"""
from __future__ import annotations

from pgsnake.parser.coercion import coerce_to_type, type_display_name
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.parser.transform_expression import transform_expression
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError

DEFAULT_KIND = "DEFAULT expressions"
UNKNOWN_OID = 705


def analyze_default(node: dict, source, type_oid: int, typmod: int, column_name: str):
    """The default to store. A typed expression is stored as it is: the cast to the
    column type is re-applied (by assignment, with the typmod) each time the default is
    used, as PostgreSQL's stored implicit cast is, and it does not print. An untyped
    literal becomes a constant of the column type now (without the typmod: the length
    check happens when a row is stored, as in PostgreSQL)."""
    pstate = ParseState(source, fixed_params=True)
    pstate.expression_kind = DEFAULT_KIND
    expr = transform_expression(pstate, node)
    coerced = coerce_to_type(pstate, expr, type_oid, -1, "assignment", None)
    if coerced is None:
        raise PgError(DATATYPE_MISMATCH,
                      f'column "{column_name}" is of type {type_display_name(type_oid)} but '
                      f'default expression is of type {type_display_name(expr.type_oid)}',
                      hint="You will need to rewrite or cast the expression.")
    return coerced if expr.type_oid == UNKNOWN_OID else expr
