"""pg_relation_is_updatable / pg_column_is_updatable: which of INSERT, UPDATE and DELETE
a relation (or one of its columns) accepts, as information_schema's tables, views and
columns views report it.

A table accepts all three; a view accepts what its unconditional DO INSTEAD rules, its
automatic updatability (rewrite/updatable_views.py) or, with include_triggers, its
INSTEAD OF triggers allow: automatically DELETE when it is automatically updatable at
all, INSERT and UPDATE when some column (of those asked about) is a plain column of its
base relation, each only as far as the base relation accepts it for the base columns
under them (a view over a non-updatable view is not updatable). pgsnake has no foreign
tables, so they are not looked at.

Entry point: register_all() (from rewrite/sql_functions.py).

PostgreSQL: rewrite/rewriteHandler.c (relation_is_updatable), utils/adt/misc.c
(pg_relation_is_updatable, pg_column_is_updatable).
"""
from __future__ import annotations

from pgsnake.utils.errors import PgError

UPDATE, INSERT, DELETE = 1 << 2, 1 << 3, 1 << 4     # 1 << CMD_UPDATE, CMD_INSERT, CMD_DELETE
ALL_EVENTS = UPDATE | INSERT | DELETE
REGCLASS, INT2, INT4, BOOL = 2205, 21, 23, 16


def _view_auto_events(oid: int, outer: tuple, include_triggers: bool,
                      columns: set[int] | None) -> int:
    """The events a view accepts automatically: DELETE when its query is automatically
    updatable, INSERT and UPDATE too when one of `columns` (all when None) is a plain
    column of its base relation; limited by what that relation accepts for the base
    columns under them when it is not a table (a view over a view)."""
    from pgsnake.rewrite import updatable_views, view_expansion
    try:
        query = view_expansion.analyze_view(oid)
    except PgError:
        return 0
    if updatable_views.not_updatable_reason(query) is not None:
        return 0
    base_rtindex = query.from_list[0].rtindex
    visible = [t for t in query.target_list if not t.resjunk]
    updatable = {attnum: t.expr.attnum for attnum, t in enumerate(visible, start=1)
                 if updatable_views._is_updatable_column(t.expr, base_rtindex)
                 and (columns is None or attnum in columns)}
    events = ALL_EVENTS if updatable else DELETE
    base = query.range_table[base_rtindex - 1].relation
    if base.relkind not in ("r", "p"):
        events &= _events(base.oid, outer + (oid,), include_triggers,
                          set(updatable.values()))
    return events


def _unconditional_instead_events(oid: int) -> int:
    """The events with an unconditional DO INSTEAD rule (not the view's _RETURN)."""
    from pgsnake.catalog import catalog_cache as cc
    bits = {"2": UPDATE, "3": INSERT, "4": DELETE}
    return sum({bits[r.ev_type] for r in cc.scan_catalog("pg_rewrite")
                if r.ev_class == oid and r.ev_type in bits and r.is_instead
                and (not r.ev_qual or r.ev_qual == "<>")})


def _trigger_events(relation) -> int:
    from pgsnake.rewrite import instead_of_views
    return sum(bit for bit, command in ((INSERT, "INSERT"), (UPDATE, "UPDATE"),
                                        (DELETE, "DELETE"))
               if instead_of_views.has_instead_trigger(relation, command))


def _events(oid: int, outer: tuple, include_triggers: bool, columns: set[int] | None) -> int:
    """Which events the relation accepts (for `columns`, attnums of it, when not None):
    all for a table; for a view, those its unconditional DO INSTEAD rules, INSTEAD OF
    triggers (with include_triggers) and automatic updatability give. A view met again
    on the way down (`outer`) accepts none."""
    from pgsnake.catalog import catalog_cache as cc
    row = cc.class_row(oid)
    if row is None or oid in outer:
        return 0
    if row.relkind in ("r", "p"):
        return ALL_EVENTS
    events = _unconditional_instead_events(oid) if row.relhasrules else 0
    if include_triggers and events != ALL_EVENTS:
        events |= _trigger_events(cc.get_relation(oid))
    if events != ALL_EVENTS and row.relkind == "v":
        events |= _view_auto_events(oid, outer, include_triggers, columns)
    return events


def relation_is_updatable(oid: int, include_triggers: bool) -> int:
    return _events(oid, (), include_triggers, None)


def column_is_updatable(oid: int, attnum: int, include_triggers: bool) -> bool:
    if attnum <= 0:
        return False
    return _events(oid, (), include_triggers, {attnum}) & (INSERT | UPDATE) \
        == INSERT | UPDATE


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_relation_is_updatable", [REGCLASS, BOOL], INT4,
                       relation_is_updatable, oid=3842, volatility="s")
    functions.register("pg_column_is_updatable", [REGCLASS, INT2, BOOL], BOOL,
                       column_is_updatable, oid=3843, volatility="s")
