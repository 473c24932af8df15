"""FULL [OUTER] JOIN's merged USING / NATURAL columns.

Entry points:
    merged_column(pstate, name, left, right) -> CoalesceExpr
    merged_item(columns) -> NamespaceItem

A FULL join keeps the unmatched rows of both sides, so a column it merges (USING,
NATURAL) is non-NULL when either side's is: `COALESCE(l.x, r.x)`, both arguments
coerced to the two columns' common type (select_common_type, "JOIN/USING types ... cannot
be matched"). PostgreSQL keeps it as a join alias Var whose expansion is that COALESCE;
pgsnake has no join range-table entries, so the merged column *is* the CoalesceExpr,
carrying its name (`CoalesceExpr.column_name`, which pg_get_viewdef prints as the bare
column name, as ruleutils does for a join alias Var).

An unqualified reference to the merged name finds it through a namespace item of its own
(`NamespaceItem.merged_columns`, rtindex 0, no alias: it cannot be qualified); both
sides' own columns of that name are hidden from unqualified references, as PostgreSQL
makes the join's input items invisible for unqualified column names.

PostgreSQL: parser/parse_clause.c (transformFromClauseItem, buildMergedJoinVar).
"""
from __future__ import annotations

from pgsnake.datatypes.type_coercion import common_type
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.parser.expression_nodes import CoalesceExpr
from pgsnake.parser.relation_resolution import NamespaceItem


def merged_column(pstate, name: str, left, right) -> CoalesceExpr:
    types = [UNKNOWN_OID if e.type_oid == 0 else e.type_oid for e in (left, right)]
    type_oid = common_type(types, "JOIN/USING")
    args = []
    for expr in (left, right):
        if expr.type_oid != type_oid:
            expr = coerce_or_error(pstate, expr, type_oid, -1, "implicit", None)
        args.append(expr)
    return CoalesceExpr(tuple(args), type_oid, column_name=name)


def merged_item(columns: dict) -> NamespaceItem:
    return NamespaceItem(0, None, merged_columns=dict(columns))

