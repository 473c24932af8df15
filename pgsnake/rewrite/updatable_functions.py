"""pg_relation_is_updatable / pg_column_is_updatable: which of INSERT, UPDATE and DELETE
a relation (or one of its columns) accepts, as information_schema's tables, views and
columns views report it.

A table accepts all three; a view accepts what its automatic updatability (rewrite/
updatable_views.py) or, with include_triggers, its INSTEAD OF triggers allow: DELETE
when it is automatically updatable at all, INSERT and UPDATE when some column is a
plain column of its base relation. pgsnake has no rules other than "_RETURN" and no
foreign tables, so neither is looked at.

Entry point: register_all() (from rewrite/sql_functions.py).

PostgreSQL: rewrite/rewriteHandler.c (relation_is_updatable), utils/adt/misc.c
(pg_relation_is_updatable, pg_column_is_updatable).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

UPDATE, INSERT, DELETE = 1 << 2, 1 << 3, 1 << 4     # 1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE
ALL_EVENTS = UPDATE | INSERT | DELETE
REGCLASS, INT2, INT4, BOOL = 2205, 21, 23, 16


def _view_events(oid: int) -> tuple[int, set[int]]:
    """(the events a view accepts automatically, the attnums of its updatable columns)."""
    from pgsnake.rewrite import updatable_views, view_expansion
    try:
        query = view_expansion.analyze_view(oid)
    except PgError:
        return 0, set()
    if updatable_views.not_updatable_reason(query) is not None:
        return 0, set()
    base = query.from_list[0].rtindex
    columns = {attnum for attnum, t in enumerate(
        (t for t in query.target_list if not t.resjunk), start=1)
        if updatable_views._is_updatable_column(t.expr, base)}
    return (DELETE | (INSERT | UPDATE if columns else 0)), columns


def _trigger_events(relation) -> int:
    from pgsnake.rewrite import instead_of_views
    return sum(bit for bit, command in ((INSERT, "INSERT"), (UPDATE, "UPDATE"),
                                        (DELETE, "DELETE"))
               if instead_of_views.has_instead_trigger(relation, command))


def relation_is_updatable(oid: int, include_triggers: bool) -> int:
    from pgsnake.catalog import catalog_cache as cc
    row = cc.class_row(oid)
    if row is None:
        return 0
    if row.relkind in ("r", "p"):
        return ALL_EVENTS
    if row.relkind != "v":
        return 0
    events = _trigger_events(cc.get_relation(oid)) if include_triggers else 0
    return events | _view_events(oid)[0]


def column_is_updatable(oid: int, attnum: int, include_triggers: bool) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    row = cc.class_row(oid)
    if row is None or attnum <= 0:
        return False
    if row.relkind in ("r", "p"):
        return True
    if row.relkind != "v":
        return False
    if include_triggers and _trigger_events(cc.get_relation(oid)) & (INSERT | UPDATE) \
            == INSERT | UPDATE:
        return True
    return attnum in _view_events(oid)[1]


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_relation_is_updatable", [REGCLASS, BOOL], INT4,
                       relation_is_updatable, oid=3842, volatility="s")
    functions.register("pg_column_is_updatable", [REGCLASS, INT2, BOOL], BOOL,
                       column_is_updatable, oid=3843, volatility="s")
