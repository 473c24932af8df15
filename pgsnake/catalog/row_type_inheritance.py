"""A table's row type as the row type of a table it inherits from: the conversion the
type-coercion code asks for (datatypes/type_coercion.row_conversion) when a child row
meets its ancestor's type (`child::parent`, a function taking the parent's row called
with the child's, PostgreSQL's ConvertRowtypeExpr, an implicit coercion).

Entry point: none; importing the module installs lookup(source type, target type) ->
the index among the source row's live columns of each live column of the target (by
name), when the source type is a table's row type and its table has the target type's
table among its ancestors (pg_inherits, at any depth) or is a typed table of the target
type (typeIsOfTypedTable), else None.

PostgreSQL: parser/parse_coerce.c (coerce_type, typeInheritsFrom, typeIsOfTypedTable), access/common/
tupconvert.c (convert_tuples_by_name).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import partition_bounds
from pgsnake.datatypes import type_coercion


def _table_of(type_oid: int) -> int:
    row = cc.get_type_row(type_oid)
    return row.typrelid if row is not None and row.typtype == "c" else 0


def _inherits_from(child: int, ancestor: int) -> bool:
    seen, queue = set(), [child]
    while queue:
        current = queue.pop()
        for parent in partition_bounds.parents(current):
            if parent == ancestor:
                return True
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return False


def _conversion(source: int, target: int) -> tuple | None:
    child, ancestor = _table_of(source), _table_of(target)
    if not child or not ancestor:
        return None
    typed = cc.class_row(child).reloftype == target      # CREATE TABLE child OF target
    if not typed and not _inherits_from(child, ancestor):
        return None
    live = [a.name for a in cc.get_relation(child).attributes if not a.is_dropped]
    wanted = [a.name for a in cc.get_relation(ancestor).attributes if not a.is_dropped]
    if any(name not in live for name in wanted):
        return None
    return tuple(live.index(name) for name in wanted)


type_coercion.set_row_conversion_lookup(_conversion)
