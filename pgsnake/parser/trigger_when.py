"""Analysing a trigger's WHEN condition: OLD is range-table entry 1 and NEW entry 2,
both the trigger's table; there is no other FROM item, so an unqualified column is
ambiguous (42702), as in PostgreSQL. Subqueries are refused (0A000); aggregates,
window and set-returning functions get the usual 'not allowed in trigger WHEN
conditions' errors.

Entry points: analyze_when(relation, raw expression, source) -> boolean expression;
referenced(expr) -> (attnums of OLD, attnums of NEW).

PostgreSQL: commands/trigger.c (CreateTriggerFiringOn's whenClause part),
parser/parse_expr.c (transformSubLink's EXPR_KIND_TRIGGER_WHEN).
"""
from __future__ import annotations

from pgsnake.parser.analyze import transform_where
from pgsnake.parser.expression_nodes import Var, walk
from pgsnake.parser.relation_resolution import ParseState
from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError


def _find_sublink(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "SubLink":
                return value
            found = _find_sublink(value)
            if found is not None:
                return found
    elif isinstance(node, list):
        for item in node:
            found = _find_sublink(item)
            if found is not None:
                return found
    return None


def analyze_when(relation, node: dict, source=None):
    pstate = ParseState(source)
    sublink = _find_sublink(node)
    if sublink is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in trigger WHEN condition",
                      position=pstate.position(sublink.get("location")))
    for alias in ("old", "new"):
        _rtindex, item = pstate.add_relation(
            {"relname": relation.name, "schemaname": relation.namespace_name,
             "alias": {"aliasname": alias}}, ACCESS_SHARE)
        pstate.namespace.append(item)
    pstate.expression_kind = "trigger WHEN conditions"
    return transform_where(pstate, node, "WHEN")


def referenced(expr) -> tuple[list[int], list[int]]:
    old, new = [], []
    for n in walk(expr):
        if isinstance(n, Var) and n.levels_up == 0:
            target = old if n.rtindex == 1 else new
            if n.attnum not in target:
                target.append(n.attnum)
    return old, new
