"""ORDER BY expr USING op: the direction a sort operator stands for.

Entry point: sort_direction(pstate, sort_by, type_oid, require_ordering) ->
(descending, nulls_first) for one raw SortBy of an ORDER BY (query, set operation,
window or aggregate), with its USING operator if it has one.

The operator is looked up for (type, type) as an operator expression would be
(42883 when there is none); it must be the "<" (ascending) or ">" (descending) member
of a btree operator family (pg_amop strategy 1 or 5), else 42809 "operator = is not a
valid ordering operator". The default NULLS placement follows the direction, as for
ASC / DESC. Sorting itself still orders by the values (utils/tuplesort.py), so a USING
operator of a built-in family means the same as ASC or DESC of the type's default
ordering. An operator of a user-defined family (CREATE OPERATOR CLASS) names that
family's order: `user_family_order` gives its support function 1, which a query's
ORDER BY sorts by (SortClause.order_proc); elsewhere (window, aggregate and set
operation orders) it stays refused.

PostgreSQL: parser/parse_clause.c (addTargetToSortList, SORTBY_USING),
utils/cache/lsyscache.c (get_ordering_op_properties).
"""
from __future__ import annotations

import functools

from pgsnake.utils.errors import PgError

WRONG_OBJECT_TYPE = "42809"
BTREE = 403
FIRST_NORMAL_OBJECT_ID = 16384
BT_LESS, BT_GREATER = 1, 5


@functools.lru_cache(maxsize=None)
def _btree_strategies(operator_oid: int) -> frozenset[int]:
    from pgsnake.catalog.generated import pg_amop_rows
    column = {name: i for i, name in enumerate(pg_amop_rows.COLUMNS)}
    return frozenset(row[column["amopstrategy"]] for row in pg_amop_rows.ROWS
                     if row[column["amopopr"]] == operator_oid
                     and row[column["amopmethod"]] == BTREE)


@functools.lru_cache(maxsize=None)
def _catalog_operator(name: str, type_oid: int) -> int | None:
    from pgsnake.catalog.generated import pg_operator_rows
    column = {name: i for i, name in enumerate(pg_operator_rows.COLUMNS)}
    for row in pg_operator_rows.ROWS:
        if row[column["oprname"]] == name and row[column["oprleft"]] == type_oid \
                and row[column["oprright"]] == type_oid:
            return row[column["oid"]]
    return None


def _user_btree_members(operator_oid: int, type_oid: int) -> list:
    """pg_amop rows of user-made B-tree families with this operator as its "<" or ">"
    member for (type, type)."""
    if operator_oid < FIRST_NORMAL_OBJECT_ID:
        return []
    from pgsnake.catalog import catalog_cache
    return [r for r in catalog_cache.scan_catalog("pg_amop")
            if r.amopopr == operator_oid and r.amopmethod == BTREE
            and r.amopstrategy in (BT_LESS, BT_GREATER) and r.amoppurpose == "s"
            and r.amoplefttype == type_oid and r.amoprighttype == type_oid]


def user_family_order(pstate, sort_by: dict, type_oid: int) -> tuple[int, int]:
    """(support function 1, family) a USING operator of a user-defined B-tree family
    orders by ((0, 0): none, or one in C / internal, i.e. the type's own order)."""
    if not sort_by.get("useOp"):
        return 0, 0
    from pgsnake.catalog import catalog_cache
    from pgsnake.datatypes import operators
    name = sort_by["useOp"][-1]["String"]["sval"]
    try:
        operator_oid = operators.resolve_operator(name, type_oid, type_oid).oid
    except PgError:
        return 0, 0
    for member in _user_btree_members(operator_oid, type_oid):
        proc = next((r.amproc for r in catalog_cache.scan_catalog("pg_amproc")
                     if r.amprocfamily == member.amopfamily and r.amprocnum == 1
                     and r.amproclefttype == type_oid and r.amprocrighttype == type_oid), 0)
        row = next(iter(catalog_cache.scan_catalog("pg_proc", key=("oid", proc))), None) \
            if proc else None
        if row is not None and row.prolang not in (catalog_cache.INTERNAL_LANGUAGE,
                                                   catalog_cache.C_LANGUAGE):
            return proc, member.amopfamily
    return 0, 0


def _using_descending(pstate, sort_by: dict, type_oid: int, user_families: bool) -> bool:
    from pgsnake.datatypes import operators
    name = sort_by["useOp"][-1]["String"]["sval"]
    position = pstate.position(sort_by.get("location"))
    try:
        operator_oid = operators.resolve_operator(name, type_oid, type_oid).oid
    except PgError as err:
        # An operator pgsnake cannot evaluate (~<~) still names a sort order.
        operator_oid = _catalog_operator(name, type_oid)
        if operator_oid is None:
            if err.position is None:
                err.position = position
            raise
    strategies = _btree_strategies(operator_oid)
    if user_families:
        strategies = strategies | {r.amopstrategy
                                   for r in _user_btree_members(operator_oid, type_oid)}
    if BT_LESS in strategies:
        return False
    if BT_GREATER in strategies:
        return True
    raise PgError(WRONG_OBJECT_TYPE, f"operator {name} is not a valid ordering operator",
                  hint='Ordering operators must be "<" or ">" members of btree operator '
                       'families.', position=position)


def sort_direction(pstate, sort_by: dict, type_oid: int, require_ordering,
                   user_families: bool = False) -> tuple[bool, bool]:
    """(descending, nulls_first). `require_ordering()` is called for a plain ASC / DESC
    item (the type must have a default btree operator class). `user_families`: a USING
    operator may belong to a user-defined family (the caller sorts by
    user_family_order)."""
    if sort_by.get("useOp"):
        descending = _using_descending(pstate, sort_by, type_oid, user_families)
    else:
        require_ordering()
        descending = sort_by.get("sortby_dir") == "SORTBY_DESC"
    nulls = sort_by.get("sortby_nulls", "SORTBY_NULLS_DEFAULT")
    nulls_first = descending if nulls == "SORTBY_NULLS_DEFAULT" else nulls == "SORTBY_NULLS_FIRST"
    return descending, nulls_first
