"""Whole-row references to FROM items an outer join may NULL-extend, for the items that
have no column of their own to tell a NULL-extended row from a row of NULLs.

A table's whole row uses its ctid, a plain FROM subquery a junk "row present" column
added to it (composite_expressions.py). A DISTINCT / DISTINCT ON or set-operation
subquery, a function in FROM, VALUES and a CTE reference have neither; here such an
item is made a plain subquery over itself first (`SELECT * FROM item`, the item's
range-table entry moved one level down), which then gets the junk column. Its columns
stay at the same positions, so Vars already made for them stay valid.

Only at the top query level (no enclosing level whose references would have to move
one level further out); elsewhere the whole row stays a row of NULLs when NULL-extended
(parser/README.md). A LATERAL function or VALUES item's references to the FROM items to
its left move one level out with it (outer references of the new subquery, which is
LATERAL in its place); a LATERAL DISTINCT / set-operation subquery is left as it is.

Entry point: wrap_for_whole_row(pstate, rtindex) -> the new entry, or None when the item
is left as it is.

PostgreSQL: the planner's PlaceHolderVar for a whole-row Var below an outer join
(optimizer/util/placeholder.c) gives the same answer.
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.expression_nodes import Var
from pgsnake.parser.query import JoinTreeNode, Query, RangeTableEntry, TargetEntry


def _needs_wrapping(rte) -> bool:
    if rte.lateral_relids and rte.kind not in ("function", "values"):
        # a LATERAL set-operation / DISTINCT subquery: a subquery inside a LATERAL one
        # on the nullable side is not planned right yet (pulled up too early)
        return False
    if rte.kind in ("function", "values"):
        return True
    if rte.kind == "cte":
        return not rte.self_reference
    if rte.kind == "subquery" and rte.subquery is not None:
        sub = rte.subquery
        return sub.set_operation is not None or bool(sub.distinct) or bool(sub.distinct_on)
    return False


def wrap_for_whole_row(pstate, rtindex: int):
    if pstate.parent is not None:
        return None
    rte = pstate.range_table[rtindex - 1]
    if not _needs_wrapping(rte):
        return None
    inner_rte = rte
    if rte.kind == "cte":
        inner_rte = dataclasses.replace(rte, cte_levels_up=rte.cte_levels_up + 1)
    if rte.lateral_relids:
        # its references to the FROM items to its left become references one level out
        from pgsnake.rewrite.tree_mapping import increment_levels_up
        inner_rte = increment_levels_up(dataclasses.replace(rte, lateral_relids=frozenset()), 1)
    targets = [TargetEntry(Var(1, attnum, type_oid, typmod, name, rte.alias), name)
               for attnum, (name, type_oid, typmod) in enumerate(
                   zip(rte.column_names, rte.column_types, rte.column_typmods), start=1)]
    inner = Query("SELECT", range_table=[inner_rte], from_list=[JoinTreeNode(rtindex=1)],
                  target_list=targets)
    wrapped = RangeTableEntry("subquery", rte.alias, list(rte.column_names),
                              list(rte.column_types), list(rte.column_typmods),
                              subquery=inner, explicit_alias=rte.explicit_alias,
                              lateral_relids=rte.lateral_relids)
    pstate.range_table[rtindex - 1] = wrapped
    return wrapped
