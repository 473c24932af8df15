"""Parse analysis of a CHECK constraint's expression: a boolean over one table's columns.

The table is the only range-table entry (rtindex 1), so the expression's Vars are
(1, attnum). Aggregates, window functions and subqueries are refused as PostgreSQL
refuses them ("... are not allowed in check constraints"); a non-boolean expression
is 42804 "argument of CHECK must be type boolean".

Entry points: analyze_check(relation, node, source=None) -> expression;
table_parse_state(relation, source, kind): the parse state of every expression over
one table's columns (CHECK, index expressions and predicates, generated columns).

PostgreSQL: catalog/heap.c (cookConstraint), parser/parse_expr.c (EXPR_KIND_CHECK_CONSTRAINT).
"""
from __future__ import annotations

from pgsnake.parser.analyze import transform_where
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE


def table_parse_state(relation, source, kind: str) -> ParseState:
    """A parse state whose only FROM item is `relation` (rtindex 1), analysing an
    expression of `kind` (the wording of "... are not allowed in <kind>")."""
    pstate = ParseState(source)
    _rtindex, item = pstate.add_relation(
        {"relname": relation.name, "schemaname": relation.namespace_name}, ACCESS_SHARE)
    pstate.namespace.append(item)
    pstate.expression_kind = kind
    return pstate


def analyze_check(relation, node: dict, source=None):
    return transform_where(table_parse_state(relation, source, "check constraints"), node,
                           "CHECK")
