"""UPDATE / DELETE ... WHERE CURRENT OF cursor: the analysed condition.

`WHERE CURRENT OF c` is the whole WHERE clause of an UPDATE or DELETE (the grammar allows
nothing else). Analysis makes it a CurrentOfExpr over the target table's ctid and
tableoid: true for the one row the cursor `c` is on. The executor finds that row when
the statement runs (executor/current_of.py: the cursor's current row, its FOR UPDATE
ctid or the ctid junk column its DECLARE added) and compares.

Entry points: transform_current_of(pstate, body, rtindex) -> CurrentOfExpr; the node
CurrentOfExpr (args: the target's ctid Var, its tableoid Var).

PostgreSQL: parser/parse_expr.c (transformCurrentOfExpr), primnodes.h (CurrentOfExpr).
Where we differ: the condition is a filter of the target's scan, where PostgreSQL plans
a TID Scan with "TID Cond: CURRENT OF c" (EXPLAIN shows a Seq Scan with a Filter);
PL/pgSQL cursor variables (the cursor_param form) are refused, as pgsnake's PL/pgSQL
has no cursors.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.parser.expression_nodes import SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

BOOL_OID = 16


@dataclasses.dataclass(frozen=True, slots=True)
class CurrentOfExpr:
    """True for the row of the target table the cursor is on. `args` are the target's
    ctid and tableoid Vars (kept under `args` so that expression walkers see them)."""
    cursor_name: str
    args: tuple
    type_oid: int = BOOL_OID
    location: Any = dataclasses.field(default=-1, compare=False)


def transform_current_of(pstate, body: dict, rtindex: int) -> CurrentOfExpr:
    name = body.get("cursor_name")
    if not name:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "WHERE CURRENT OF with a cursor variable is not supported")
    relation = pstate.range_table[rtindex - 1].relation
    if relation is not None and relation.relkind == "v":
        raise PgError(FEATURE_NOT_SUPPORTED, "WHERE CURRENT OF on a view is not implemented")
    return CurrentOfExpr(name, (pstate.make_var(rtindex, SELF_ITEM_POINTER_ATTNUM),
                                pstate.make_var(rtindex, TABLE_OID_ATTNUM)))
