"""UPDATE / DELETE ... WHERE CURRENT OF cursor: the analysed condition.

`WHERE CURRENT OF c` is the whole WHERE clause of an UPDATE or DELETE (the grammar allows
nothing else). Analysis makes it a CurrentOfExpr over the target table's ctid and
tableoid: true for the one row the cursor `c` is on. The executor finds that row when
the statement runs (executor/current_of.py: the cursor's current row, its FOR UPDATE
ctid or the ctid junk column its DECLARE added) and compares.

Entry points: transform_current_of(pstate, body, rtindex) -> CurrentOfExpr; the node
CurrentOfExpr (args: the target's ctid Var, its tableoid Var).

PostgreSQL: parser/parse_expr.c (transformCurrentOfExpr), primnodes.h (CurrentOfExpr).
In a function body, a cursor name that is a variable (PL/pgSQL's refcursor) becomes a
third argument, the variable's Param, and cursor_name is None: the cursor is the one
the variable names when the statement runs (PostgreSQL's cursor_param).

Where we differ: the condition is a filter of the target's scan, where PostgreSQL plans
a TID Scan with "TID Cond: CURRENT OF c" (EXPLAIN shows a Seq Scan with a Filter).
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
    ctid and tableoid Vars (kept under `args` so that expression walkers see them), and
    for a cursor variable its Param (cursor_name None)."""
    cursor_name: str | None
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
    args = (pstate.make_var(rtindex, SELF_ITEM_POINTER_ATTNUM),
            pstate.make_var(rtindex, TABLE_OID_ATTNUM))
    param = _cursor_variable(name)
    if param is not None:
        return CurrentOfExpr(None, args + (param,))
    return CurrentOfExpr(name, args)


def _cursor_variable(name: str):
    """A function body's variable of this name (the column-reference hook makes it a
    Param): the cursor's name is then the variable's value when the statement runs
    (transformCurrentOfExpr's cursor_param)."""
    from pgsnake.parser import transform_expression
    from pgsnake.parser.expression_nodes import Param
    hook = transform_expression._column_ref_hook
    if hook is None:
        return None

    def no_column():
        raise PgError("42703", f'column "{name}" does not exist')
    try:
        found = hook([name], no_column, None)
    except PgError as err:
        if err.sqlstate == "42703":
            return None
        raise
    return found if isinstance(found, Param) else None
