"""Columns of other tables that store a table's row type: a change to the table that
would need its stored rows recomputed (a column added with a non-NULL default, a
column's type changed) cannot reach values kept inside those columns, so PostgreSQL
refuses it (0A000 "cannot alter table "t" because column "u.c" uses its row type").

The row type counts directly, through its array type, through a domain over either,
and through a composite type (CREATE TYPE ... AS) with a column of it, whose own users
are then the ones named.

Entry point: refuse_if_row_type_used(relation).

PostgreSQL: commands/tablecmds.c (find_composite_type_dependencies).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

_STORING_RELKINDS = ("r", "m", "p", "t")


def refuse_if_row_type_used(relation) -> None:
    row = cc.class_row(relation.oid)
    if row is None or not row.reltype:
        return
    user = _first_user(row.reltype, set())
    if user is not None:
        table, column = user
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f'cannot alter table "{relation.name}" because column '
                      f'"{table}.{column}" uses its row type')


def _types_over(type_oid: int) -> list[int]:
    """The type, its array type, and the domains over either (recursively)."""
    found, pending = [], [type_oid]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.append(current)
        row = cc.get_type_row(current)
        if row is not None and row.typarray:
            pending.append(row.typarray)
        pending.extend(t.oid for t in cc.scan_catalog("pg_type")
                       if t.typtype == "d" and t.typbasetype == current)
    return found


def _first_user(type_oid: int, seen: set) -> tuple[str, str] | None:
    wanted = set(_types_over(type_oid))
    for attribute in cc.scan_catalog("pg_attribute"):
        if attribute.atttypid not in wanted or attribute.attnum <= 0 \
                or attribute.attisdropped:
            continue
        owner = cc.class_row(attribute.attrelid)
        if owner is None:
            continue
        if owner.relkind in _STORING_RELKINDS:
            return owner.relname, attribute.attname
        if owner.relkind == "c" and owner.reltype not in seen:
            seen.add(owner.reltype)
            found = _first_user(owner.reltype, seen)
            if found is not None:
                return found
    return None
