"""pg_get_expr and pg_get_constraintdef: expressions stored in the catalogs, printed.

pgsnake stores an expression (pg_attrdef.adbin, pg_constraint.conbin, pg_index.indexprs)
as SQL text, the deparse of the analysed expression (not PostgreSQL's node tree: see the
catalog README). Printing it re-analyses that text with the one relation it belongs to
in scope and deparses the result (rewrite/view_deparse.expression_sql), so that
pg_get_expr(..., pretty => true) drops the parentheses precedence does not need, as
psql's \\d shows defaults and CHECK constraints, and the column names are today's after
a RENAME COLUMN. If the text no longer analyses (an object it names is gone), the
stored text is printed as it is.

Entry points: expression_text(stored, relation_oid, pretty), constraint_text(oid,
pretty), domain_check_text(stored, domain_oid, pretty) (a domain's CHECK over VALUE),
stored_text(expr, relation_oid) (the text to store), analysed(stored, relation_oid),
register_all() (from rewrite/sql_functions.py).

PostgreSQL: utils/adt/ruleutils.c (pg_get_expr_worker, pg_get_constraintdef_worker).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

TEXT, OID, BOOL = 25, 26, 16


def stored_text(expr, relation_oid: int = 0) -> str:
    """What the catalogs store for an analysed expression over `relation_oid`'s columns:
    its deparse, with dates and intervals in styles any session reads back alike, and
    every object outside pg_catalog schema-qualified (deparsed with an empty search_path),
    so that it analyses again under any search_path: pg_dump reads defaults with
    search_path = '' (a serial column's nextval('s'::regclass) must still find s)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.datatypes.datetime_styles import portable_output
    from pgsnake.rewrite.view_deparse import expression_sql
    with portable_output(), cc.search_path_as("pg_catalog"):
        return expression_sql(expr, False, relation_oid)


def analysed(stored: str, relation_oid: int):
    """The stored text analysed again, the relation's columns in scope (through the
    search path stored with it, if any: a row-level security policy's)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog.view_creation import split_search_path
    search_path, stored = split_search_path(stored)
    with cc.search_path_as(search_path):
        return _analysed(stored, relation_oid)


def _analysed(stored: str, relation_oid: int):
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.parser import raw_parser
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.parser.transform_expression import transform_expression
    from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE
    raw = raw_parser.parse_sql(f"SELECT {stored}")[0]
    node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    pstate = ParseState(None)
    if relation_oid:
        relation = cc.get_relation(relation_oid)
        _rtindex, item = pstate.add_relation(
            {"relname": relation.name, "schemaname": relation.namespace_name}, ACCESS_SHARE)
        pstate.namespace.append(item)
    return transform_expression(pstate, node)


def expression_text(stored: str | None, relation_oid: int = 0, pretty: bool = False):
    """pg_get_expr(expr, relation[, pretty])."""
    from pgsnake.rewrite.view_deparse import expression_sql
    if stored is None:
        return None
    if stored.startswith("FOR VALUES") or stored == "DEFAULT":
        return stored          # pg_class.relpartbound (catalog/partition_bounds.py rule 1)
    try:
        return expression_sql(analysed(stored, relation_oid), pretty, relation_oid)
    except PgError:
        return stored


def constraint_text(constraint_oid: int, pretty: bool = False):
    """pg_get_constraintdef(oid[, pretty])."""
    from pgsnake.catalog import object_definitions

    def check_text(row):
        if row.contypid:                  # a domain's CHECK, over VALUE
            return domain_check_text(row.conbin, row.contypid, pretty)
        return expression_text(row.conbin, row.conrelid, pretty)
    return object_definitions.constraint_definition(constraint_oid, check_text, pretty)


def domain_check_text(stored: str, domain_oid: int, pretty: bool = False) -> str:
    """A domain CHECK constraint's expression (VALUE of the domain's base type)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.parser import domain_coercion
    from pgsnake.rewrite.view_deparse import expression_sql
    domain = cc.get_type_row(domain_oid)
    if domain is None:
        return stored
    try:
        expr = domain_coercion.analyze_stored_check(stored, domain.typbasetype,
                                                    domain.typtypmod)
        return domain_coercion.show_value_placeholder(expression_sql(expr, pretty))
    except PgError:
        return stored


def register_all() -> None:
    from pgsnake.datatypes import functions
    from pgsnake.rewrite import index_expression_text
    index_expression_text.install()
    # pg_node_tree columns are stored as text (definitions._STORAGE_STAND_INS).
    functions.register("pg_get_expr", [TEXT, OID], TEXT, expression_text, oid=1716,
                       volatility="s")
    functions.register("pg_get_expr", [TEXT, OID, BOOL], TEXT, expression_text, oid=2509,
                       volatility="s")
    functions.register("pg_get_constraintdef", [OID], TEXT, constraint_text, oid=1387,
                       volatility="s")
    functions.register("pg_get_constraintdef", [OID, BOOL], TEXT, constraint_text,
                       oid=2508, volatility="s")
