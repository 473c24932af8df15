"""JOIN's merged USING / NATURAL columns (FULL joins' COALESCE, other joins' common type).

Entry points:
    coerce_to_common(pstate, left, right) -> (left, right) of the common type
    merged_column(pstate, name, join_type, left, right, left_expr, right_expr)
    add_using_alias(pstate, alias, merged, join_aliased)   JOIN ... USING (...) AS alias
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

Another join's merged column is one side's Var (buildMergedJoinVar's choice) when it has
the common type, else that side coerced, as a one-argument COALESCE carrying the name
(found like a FULL join's; EXPLAIN prints the coercion alone).

PostgreSQL: parser/parse_clause.c (transformFromClauseItem, transformJoinUsingClause,
buildMergedJoinVar).
"""
from __future__ import annotations

from pgsnake.datatypes.type_coercion import common_type
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.parser.expression_nodes import CoalesceExpr
from pgsnake.parser.relation_resolution import NamespaceItem
from pgsnake.utils.errors import PgError

DUPLICATE_ALIAS = "42712"


def coerce_to_common(pstate, left, right) -> tuple:
    """The two USING columns coerced to their common type ("JOIN/USING types ... cannot
    be matched" when there is none)."""
    types = [UNKNOWN_OID if e.type_oid == 0 else e.type_oid for e in (left, right)]
    type_oid = common_type(types, "JOIN/USING")
    return tuple(expr if expr.type_oid == type_oid else
                 coerce_or_error(pstate, expr, type_oid, -1, "implicit", None)
                 for expr in (left, right))


def merged_column(pstate, name: str, join_type: str, left, right, left_expr, right_expr):
    """The join's column `name` (buildMergedJoinVar): an inner join's uncoerced side (the
    left one when both are), a LEFT join's left and a RIGHT join's right side, coerced
    to the common type (then a one-argument COALESCE carrying the name), a FULL join's
    COALESCE of both."""
    type_oid = left_expr.type_oid
    if join_type == "full":
        return CoalesceExpr((left_expr, right_expr), type_oid, column_name=name)
    if join_type in ("inner", "cross"):
        if left_expr is left:
            return left
        if right_expr is right:
            return right
        return CoalesceExpr((left_expr,), type_oid, column_name=name)
    side, coerced = (right, right_expr) if join_type == "right" else (left, left_expr)
    return side if coerced is side else CoalesceExpr((coerced,), type_oid, column_name=name)


def add_using_alias(pstate, alias: dict, merged: list, join_aliased: bool) -> None:
    """JOIN ... USING (...) AS j: `j.col` names a merged column (only qualified: the
    join's input items stay visible). `join_aliased`: the JOIN has an alias of its own
    too, which names it instead (FOR UPDATE OF, errorMissingRTE)."""
    names = {m.column_name for m in merged}
    for item in pstate.namespace:
        if item.visible and item.alias == alias["aliasname"]:
            raise PgError(DUPLICATE_ALIAS,
                          f'table name "{alias["aliasname"]}" specified more than once')
    pstate.namespace.append(NamespaceItem(0, alias["aliasname"], hidden_columns=names,
                                          join_columns=list(merged)))
    if not join_aliased:
        # the JOIN's name as FOR UPDATE OF and errorMissingRTE know it (join_alias.py)
        pstate.join_aliases = getattr(pstate, "join_aliases", ()) + (alias["aliasname"],)


def merged_item(columns: dict) -> NamespaceItem:
    return NamespaceItem(0, None, merged_columns=dict(columns))

