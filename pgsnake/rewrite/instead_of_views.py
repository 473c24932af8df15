"""UPDATE and DELETE on a view with an INSTEAD OF trigger: the view stays the target,
and a second copy of it, expanded like any view read, supplies the rows.

As PostgreSQL's rewriter does for such a view (ApplyRetrieveRule on the result
relation), the view's own range-table entry is turned into a subquery by the ordinary
view expansion, so every reference to its columns in the statement (WHERE, SET
expressions, FROM items) reads the OLD rows the trigger receives; a copy of the entry
appended to the range table becomes the target. RETURNING is pointed at the target: it
is computed from the row the trigger returns. The target entry records where its rows come
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
from pgsnake.rewrite import tree_mapping
from pgsnake.storage.lmgr.lock_modes import ACCESS_SHARE

_EVENTS = {"INSERT": tc.TYPE_INSERT, "UPDATE": tc.TYPE_UPDATE, "DELETE": tc.TYPE_DELETE}


def has_instead_trigger(view, command: str) -> bool:
    bit = _EVENTS.get(command, 0)
    return any(r.tgtype & tc.TYPE_INSTEAD and r.tgtype & bit and r.tgenabled != "D"
               for r in tc.triggers_of(view.oid))


def redirect_view_target(query) -> None:
    """The view's entry becomes the source of the OLD rows (expanded later like any view
    read, so the statement's WHERE, SET expressions and FROM items stay on it) and a copy
    appended at the end of the range table the target, which RETURNING reads; EXPLAIN
    names the two in that order, as PostgreSQL does."""
    source_index = query.result_relation
    source = query.range_table[source_index - 1]
    target = dataclasses.replace(source)
    target.instead_of_source = source_index
    source.lock_mode = ACCESS_SHARE
    query.range_table.append(target)
    target_index = len(query.range_table)

    def move(var, depth):
        if var.rtindex == source_index and var.levels_up == depth:
            return dataclasses.replace(var, rtindex=target_index)
        return None
    query.returning = [dataclasses.replace(t, expr=tree_mapping.map_expression(t.expr, move))
                       for t in query.returning]
    query.result_relation = target_index
