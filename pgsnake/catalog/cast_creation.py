"""User-defined casts in pg_cast: creating and removing their rows, and finding them.

CREATE CAST writes one pg_cast row as CastCreate does (castfunc 0 for WITHOUT FUNCTION
and WITH INOUT; castmethod 'f', 'b' or 'i'; castcontext 'e', 'a' or 'i') and pg_depend
rows on the source and target types and the function ('n'; built-in objects are
pinned and get none).

The user casts (OIDs from FirstNormalObjectId up) are cached per backend by (source,
target) and dropped with the other caches.

Entry points: create_cast(source, target, function, context, method) -> oid,
delete_cast(oid), user_cast(source, target) -> row or None.

PostgreSQL: catalog/pg_cast.c (CastCreate), commands/functioncmds.c (DropCastById).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_writes, dependency, invalidation
from pgsnake.catalog import definitions as d

PG_CAST, PG_PROC = 2605, 1255


def _changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def create_cast(source: int, target: int, function: int, context: str, method: str,
                deptype: str = dependency.NORMAL) -> int:
    """`deptype` INTERNAL: a cast that is part of its types (a range type's cast to its
    multirange type, made and dropped with it)."""
    from pgsnake.access.transam import transaction_ids
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_cast", d.row_values(
        "pg_cast", oid=oid, castsource=source, casttarget=target, castfunc=function,
        castcontext=context, castmethod=method))
    this = dependency.ObjectAddress(PG_CAST, oid)
    for type_oid in dict.fromkeys((source, target)):
        dependency.record(this, dependency.ObjectAddress(d.PG_TYPE_OID, type_oid), deptype)
    if function:
        dependency.record(this, dependency.ObjectAddress(PG_PROC, function), deptype)
    if deptype == dependency.NORMAL:          # made by an extension's script: a member
        dependency.record_on_current_extension(this)
    _changed()
    return oid


def delete_cast(oid: int) -> None:
    catalog_writes.delete_rows("pg_cast", lambda row: row.oid == oid)
    dependency.delete_dependencies(PG_CAST, oid)
    _changed()


_by_types: dict[tuple[int, int], object] = {}
_loaded: list[bool] = []


def _reset() -> None:
    _by_types.clear()
    _loaded.clear()


invalidation.add_cache_reset(_reset)


def _user_tuple(item) -> bool:
    hoff = item[22]
    return int.from_bytes(item[hoff:hoff + 4], "little") >= d.FIRST_NORMAL_OBJECT_ID


def user_cast(source: int, target: int):
    """The user pg_cast row from `source` to `target`, or None."""
    if not _loaded:
        from pgsnake.access.heap import heapam
        from pgsnake.access.transam import xact
        from pgsnake.catalog import catalog_locks
        row_class = d.row_class("pg_cast")
        with catalog_locks.reading(d.catalog("pg_cast").oid):
            rel = d.catalog_relation("pg_cast")
            for rows in heapam.heap_scan_pages(rel, xact.get_catalog_snapshot(),
                                               prefilter=_user_tuple):
                for _tid, values in rows:
                    row = row_class(*values)
                    _by_types[(row.castsource, row.casttarget)] = row
        _loaded.append(True)
    return _by_types.get((source, target))
