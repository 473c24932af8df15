"""UPDATE and DELETE on a view with an INSTEAD OF trigger: the view stays the target,
and a second copy of it, expanded like any view read, supplies the rows.

As PostgreSQL's rewriter does for such a view (ApplyRetrieveRule on the result
relation), the query gets a new range-table entry for the view, which the ordinary
view expansion turns into a subquery; every reference to the target's columns in the
statement (WHERE, SET expressions, FROM items) is pointed at that entry, whose rows are
the OLD rows the trigger receives. RETURNING keeps referring to the target: it is
computed from the row the trigger returns. The target entry records where its rows come
from (`instead_of_source`), which the planner copies to ModifyTable.

An INSERT needs none of this: its rows come from its source (view_expansion.py leaves
a view with an INSTEAD OF INSERT trigger as the target).

Entry points: has_instead_trigger(view, command), redirect_view_target(query).

PostgreSQL: rewrite/rewriteHandler.c (ApplyRetrieveRule's result-relation case,
view_has_instead_trigger).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import trigger_catalog as tc
from pgsnake.parser.query import RangeTableEntry
from pgsnake.rewrite import tree_mapping
from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE

_EVENTS = {"INSERT": tc.TYPE_INSERT, "UPDATE": tc.TYPE_UPDATE, "DELETE": tc.TYPE_DELETE}


def has_instead_trigger(view, command: str) -> bool:
    bit = _EVENTS.get(command, 0)
    return any(r.tgtype & tc.TYPE_INSTEAD and r.tgtype & bit and r.tgenabled != "D"
               for r in tc.triggers_of(view.oid))


def _retarget(items: list, old: int, new: int) -> list:
    out = []
    for item in items:
        if item.rtindex == old:
            item = dataclasses.replace(item, rtindex=new)
        elif item.rtindex == 0 and item.left is not None:
            item = dataclasses.replace(item, left=_retarget([item.left], old, new)[0],
                                       right=_retarget([item.right], old, new)[0])
        out.append(item)
    return out


def redirect_view_target(query) -> None:
    target_index = query.result_relation
    target = query.range_table[target_index - 1]
    source = RangeTableEntry("relation", target.alias, list(target.column_names),
                             list(target.column_types), list(target.column_typmods),
                             relation=target.relation, lock_mode=ACCESS_SHARE)
    query.range_table.append(source)
    source_index = len(query.range_table)
    returning = query.returning

    def move(var, depth):
        if var.rtindex == target_index and var.levels_up == depth:
            return dataclasses.replace(var, rtindex=source_index)
        return None
    query.returning = []
    tree_mapping.map_query(query, move)
    query.returning = returning
    query.from_list = _retarget(list(query.from_list), target_index, source_index)
    target.instead_of_source = source_index
