"""The rewriter's SQL-callable functions: pg_get_viewdef and pg_get_ruledef (and
pg_get_expr / pg_get_constraintdef from rewrite/stored_expressions.py).

Registered with the datatypes function registry when the rewrite package is imported
(the parser imports it), as PostgreSQL's fmgr table lists ruleutils.c's functions.

pg_get_viewdef(oid | name [, pretty]) prints the view's query (rewrite/view_deparse.py);
NULL when the relation is not a view or materialized view. pg_get_ruledef prints a
"_RETURN" rule as CREATE RULE ... DO INSTEAD, other rules as rewrite/rule_definitions.py
does.

PostgreSQL: utils/adt/ruleutils.c (pg_get_viewdef*, pg_get_ruledef*, make_ruledef).
"""
from __future__ import annotations

from pgsnake.rewrite import stored_expressions

TEXT, OID, INT4, BOOL = 25, 26, 23, 16


def _viewdef(oid: int, pretty: bool = False):
    from pgsnake.rewrite import view_deparse
    return view_deparse.view_definition_text(oid, pretty)


def _oid_of_name(name: str) -> int:
    """The relation a (possibly qualified) name text names, as regclass input finds it."""
    from pgsnake.datatypes import registry
    return registry.get_type(2205).input(name)     # regclass: 42P01 if missing


def _ruledef(rule_oid: int, pretty: bool = False):
    from pgsnake.catalog import catalog_cache as cc
    rule = next((r for r in cc.scan_catalog("pg_rewrite") if r.oid == rule_oid), None)
    if rule is None:
        return None
    row = cc.class_row(rule.ev_class)
    if row is None:
        return None
    if rule.ev_type != "1":
        from pgsnake.rewrite import rule_definitions
        return rule_definitions.rule_definition(rule, pretty)
    body = _viewdef(rule.ev_class, pretty)
    if body is None:
        return None
    name = cc.relation_display_name(row.oid) if pretty else \
        f"{cc.quote_identifier(cc.namespace_name(row.relnamespace) or '')}." \
        f"{cc.quote_identifier(row.relname)}"
    return f'CREATE RULE "_RETURN" AS\n    ON SELECT TO {name} DO INSTEAD {body}'


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_get_viewdef", [OID], TEXT, _viewdef, oid=1641, volatility="s")
    functions.register("pg_get_viewdef", [OID, BOOL], TEXT, _viewdef, oid=2506, volatility="s")
    functions.register("pg_get_viewdef", [TEXT], TEXT,
                       lambda name: _viewdef(_oid_of_name(name)), oid=1640, volatility="s")
    functions.register("pg_get_viewdef", [TEXT, BOOL], TEXT,
                       lambda name, pretty: _viewdef(_oid_of_name(name), pretty), oid=2505,
                       volatility="s")
    functions.register("pg_get_viewdef", [OID, INT4], TEXT,
                       lambda oid, _wrap: _viewdef(oid, True), oid=3159, volatility="s")
    functions.register("pg_get_ruledef", [OID], TEXT, _ruledef, oid=1573, volatility="s")
    functions.register("pg_get_ruledef", [OID, BOOL], TEXT, _ruledef, oid=2504, volatility="s")
    stored_expressions.register_all()
    from pgsnake.rewrite import expression_dependencies
    expression_dependencies.install()
    from pgsnake.rewrite import updatable_functions
    updatable_functions.register_all()
    from pgsnake.rewrite import row_security
    row_security.register_all()


register_all()
