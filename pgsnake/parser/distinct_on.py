"""SELECT DISTINCT ON (expressions): which rows of each group survive.

Entry point:
    transform_distinct_on(pstate, query, items, transform_sort_item) -> list[SortClause]
        called after ORDER BY; returns the DISTINCT ON keys in the order the rows must
        be sorted for them, each with its ORDER BY direction where ORDER BY names it

The expressions are matched to target-list entries as ORDER BY items are (an output
column name or number first, else an input expression, added as a resjunk entry). With
ORDER BY, the DISTINCT ON expressions must be its leading items, in any order among
themselves: an ORDER BY item that is not a DISTINCT ON expression may only follow all
of them (42P10 "SELECT DISTINCT ON expressions must match initial ORDER BY
expressions", pointing at the DISTINCT ON expression that comes too late). DISTINCT ON
expressions that ORDER BY does not name come after those it does, ascending.

The planner sorts by these keys and then by the rest of ORDER BY, and keeps the first
row of each group with a Unique node (optimizer/distinct_on.py).

PostgreSQL: parser/parse_clause.c (transformDistinctOnClause).
"""
from __future__ import annotations

from pgsnake.parser.query import SortClause
from pgsnake.parser.set_operations import raw_location
from pgsnake.utils.errors import INVALID_COLUMN_REFERENCE, PgError


def transform_distinct_on(pstate, query, items, transform_sort_item) -> list[SortClause]:
    wanted = []                          # (target index, location) per DISTINCT ON item
    for item in items:
        try:
            clause = transform_sort_item(pstate, query, {"node": item})
        except PgError as error:
            _equality_first(error)
            raise
        wanted.append((clause.target_index, raw_location(item)))
    indexes = [index for index, _ in wanted]
    result: list[SortClause] = []
    skipped = False
    for clause in query.sort_clause:
        if clause.target_index in indexes:
            if skipped:
                location = wanted[indexes.index(clause.target_index)][1]
                _mismatch(pstate, location)
            if all(r.target_index != clause.target_index for r in result):
                result.append(clause)
        else:
            skipped = True
    for index, location in wanted:
        if any(r.target_index == index for r in result):
            continue
        if skipped:
            _mismatch(pstate, location)
        result.append(SortClause(index))
    return result


def _equality_first(error: PgError) -> None:
    """PostgreSQL looks for the key's equality operator before its ordering one: a type
    with neither (json, point) is reported as lacking equality."""
    prefix = "could not identify an ordering operator for type "
    message = error.message
    if error.sqlstate == "42883" and message.startswith(prefix):
        from pgsnake.datatypes import registry
        from pgsnake.parser import operator_classes
        info = registry.lookup_type_name(message[len(prefix):])
        if info is not None:
            operator_classes.require_equality(info.oid, error.position)


def _mismatch(pstate, location) -> None:
    raise PgError(INVALID_COLUMN_REFERENCE,
                  "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                  position=pstate.position(location))
