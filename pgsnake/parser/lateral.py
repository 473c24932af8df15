"""LATERAL: which FROM items a FROM item may refer to, and the errors when it may not.

Entry points:
    transform_lateral_subquery(pstate, body, transform_select) -> Query
                                     a LATERAL (SELECT ...) in FROM: it sees the FROM items
                                     to its left (its references to them are Vars with
                                     levels_up 1, planned as nested-loop parameters)
    function_scope(pstate)           context manager: a function in FROM, implicitly
                                     LATERAL, sees the items to its left while analysed
    begin_from_item(pstate) / end_from_item(pstate, start)
                                     around each top-level FROM-list item: the items
                                     already analysed are visible to LATERAL items only
    finish_from_clause(pstate)       after the FROM list: every item visible to all
    join_right_side(pstate, left_items, join_type) / end_join_right_side(left_items)
                                     around a JOIN's right input: the left input is
                                     visible to LATERAL items on the right only for INNER
                                     and LEFT joins (42P10 otherwise)
    lateral_relids_of_query(query) -> frozenset   rtindexes of the parent level a
                                     LATERAL subquery refers to (RangeTableEntry.lateral_relids)
    lateral_relids_of_expression(expr) -> frozenset   the same for a function's arguments
    raise_missing_item(pstate, name, location)   a qualified column whose table is not
                                     visible here: 42P01 "invalid reference to FROM-clause
                                     entry" with PostgreSQL's hint when some range table
                                     in scope has it, else "missing FROM-clause entry"
    raise_join_type_forbids(pstate, item, location)   the 42P10 of a LATERAL reference
                                     across a RIGHT / FULL join

Rules (PostgreSQL's p_lateral_only / p_lateral_ok / p_lateral_active): while a FROM list
is analysed, the items already done are "lateral only": only a LATERAL subquery or a
function in FROM (always implicitly lateral) sees them. On the right of a JOIN the left
input is lateral only as well, and a reference to it from a LATERAL item is refused when
the join is RIGHT or FULL (the left row would not exist for NULL-extended rows). After
the whole FROM list every item is plainly visible (WHERE, the select list).

PostgreSQL: parser/parse_clause.c (transformFromClause, transformFromClauseItem,
setNamespaceLateralState), parser/parse_relation.c (check_lateral_ref_ok,
errorMissingRTE, searchRangeTableForRel).
"""
from __future__ import annotations

import contextlib

from pgsnake.utils.errors import INVALID_COLUMN_REFERENCE, PgError, UNDEFINED_TABLE


def transform_lateral_subquery(pstate, child, body: dict, transform_select):
    """Analyse the subquery of a LATERAL (SELECT ...) with its parent's lateral-only
    items visible (`child` is its ParseState, made by the caller)."""
    child.sees_parent = True
    saved = pstate.lateral_active
    pstate.lateral_active = True
    try:
        return transform_select(child, body["subquery"]["SelectStmt"])
    finally:
        pstate.lateral_active = saved


@contextlib.contextmanager
def function_scope(pstate):
    saved = pstate.lateral_active
    pstate.lateral_active = True
    try:
        yield
    finally:
        pstate.lateral_active = saved


def begin_from_item(pstate) -> int:
    return len(pstate.namespace)


def end_from_item(pstate, start: int) -> None:
    for item in pstate.namespace[start:]:
        item.lateral_only, item.lateral_ok = True, True


def finish_from_clause(pstate) -> None:
    for item in pstate.namespace:
        item.lateral_only, item.lateral_ok = False, True


def join_right_side(left_items, join_type: str) -> None:
    ok = join_type in ("inner", "left")
    for item in left_items:
        item.lateral_only, item.lateral_ok = True, ok


def end_join_right_side(left_items) -> None:
    for item in left_items:
        item.lateral_only, item.lateral_ok = False, True


def lateral_relids_of_query(query) -> frozenset:
    """rtindexes of the enclosing level that `query` (a LATERAL subquery) refers to, at
    any depth (a Var `depth` levels down refers to the parent with levels_up depth + 1)."""
    from pgsnake.rewrite import tree_mapping
    found: set = set()

    def note(var, depth):
        if var.levels_up == depth + 1:
            found.add(var.rtindex)
        return None
    tree_mapping.map_query(query, note)
    return frozenset(found)


def lateral_relids_of_expression(expr) -> frozenset:
    """rtindexes of this level's FROM items a function's arguments use (also from
    inside a subquery among them)."""
    from pgsnake.rewrite import tree_mapping
    found: set = set()

    def note(var, depth):
        if var.levels_up == depth:
            found.add(var.rtindex)
        return None
    tree_mapping.map_expression(expr, note)
    return frozenset(found)


def raise_join_type_forbids(pstate, item, location) -> None:
    """check_lateral_ref_ok: a LATERAL reference across a RIGHT / FULL join, or to the
    target of UPDATE / DELETE from its FROM / USING list."""
    message = f'invalid reference to FROM-clause entry for table "{item.alias}"'
    if getattr(pstate, "modify_target_item", None) is item:
        raise PgError(INVALID_COLUMN_REFERENCE, message,
                      hint=f'There is an entry for table "{item.alias}", but it cannot be '
                           f'referenced from this part of the query.',
                      position=pstate.position(location))
    raise PgError(INVALID_COLUMN_REFERENCE, message,
                  detail="The combining JOIN type must be INNER or LEFT for a LATERAL "
                         "reference.",
                  position=pstate.position(location))


def raise_missing_item(pstate, name: str, location) -> None:
    """errorMissingRTE: the range tables of this level and every enclosing one are
    searched for an entry named `name` (by alias, or a table by its own name)."""
    position = pstate.position(location)
    state = pstate
    while state is not None:
        for rte in state.range_table:
            by_table = rte.kind == "relation" and rte.relation is not None \
                and rte.relation.name == name
            if by_table or rte.alias == name:
                if by_table and rte.alias != name and _visible_alias(pstate, rte):
                    hint = f'Perhaps you meant to reference the table alias "{rte.alias}".'
                else:
                    hint = (f'There is an entry for table "{rte.alias}", but it cannot be '
                            f'referenced from this part of the query.')
                raise PgError(UNDEFINED_TABLE,
                              f'invalid reference to FROM-clause entry for table "{name}"',
                              hint=hint, position=position)
        if name in getattr(state, "join_aliases", ()):     # a JOIN's alias (join_alias.py)
            raise PgError(UNDEFINED_TABLE,
                          f'invalid reference to FROM-clause entry for table "{name}"',
                          hint=f'There is an entry for table "{name}", but it cannot be '
                               f'referenced from this part of the query.',
                          position=position)
        state = state.parent
    raise PgError(UNDEFINED_TABLE, f'missing FROM-clause entry for table "{name}"',
                  position=position)


def _visible_alias(pstate, rte) -> bool:
    """The entry's alias can be used from here (refnameNamespaceItem finds it)."""
    state = pstate
    while state is not None:
        for item in state.namespace:
            if item.visible and item.rtindex and item.alias == rte.alias and \
                    state.range_table[item.rtindex - 1] is rte:
                return True
        state = state.parent
    return False
