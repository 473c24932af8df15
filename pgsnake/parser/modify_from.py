"""UPDATE ... FROM and DELETE ... USING: the other FROM items of a modifying statement.

Entry points:
    transform_extra_from(pstate, items) -> None   analyse the FROM / USING list after the
                                   target table (which stays visible to it, as the target
                                   is in PostgreSQL); the join tree items and their `*`
                                   columns are kept on the ParseState for the two below
    extra_from_list(pstate) -> [JoinTreeNode]     to append to the target's FROM item
    returning_star(pstate) -> [Var]               RETURNING *: the target's columns, then
                                   every FROM item's, as PostgreSQL expands it

The target and the extra items form an ordinary join (the planner joins them like a
SELECT's FROM list). A target row that joins several rows is changed once: the first
joined row wins and later ones find it already changed by this command and are skipped,
as in PostgreSQL (no error, unlike MERGE).

PostgreSQL: parser/analyze.c (transformUpdateStmt, transformDeleteStmt: transformFromClause
of fromClause / usingClause), parser/parse_relation.c (expandNSItemAttrs for RETURNING *).
"""
from __future__ import annotations

from pgsnake.parser import lateral


def transform_extra_from(pstate, target_item, items) -> None:
    """The target is not visible to the FROM items (PostgreSQL: "subqueries in FROM
    cannot access the result relation"), a LATERAL reference to it is 42P10."""
    from pgsnake.parser.analyze import transform_from_item_checked
    trees, stars = [], []
    pstate.modify_target_item = target_item
    target_item.lateral_only, target_item.lateral_ok = True, False
    for item in items or ():
        start = lateral.begin_from_item(pstate)
        tree, item_stars = transform_from_item_checked(pstate, item)
        lateral.end_from_item(pstate, start)
        trees.append(tree)
        stars.extend(item_stars)
    lateral.finish_from_clause(pstate)
    pstate.extra_from = (trees, stars)


def extra_from_list(pstate) -> list:
    return list(getattr(pstate, "extra_from", ([], []))[0])


def returning_star(pstate, target_item) -> list:
    return pstate.item_columns(target_item) + list(getattr(pstate, "extra_from", ([], []))[1])
