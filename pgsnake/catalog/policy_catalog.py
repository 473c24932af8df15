"""pg_policy: storing row-level security policies and reading them per table.

A policy is one pg_policy row: its name (unique per table), the table, the command it
applies to (polcmd: '*' ALL, 'r' SELECT, 'a' INSERT, 'w' UPDATE, 'd' DELETE, the ACL
letters PostgreSQL uses), whether it is permissive (OR-ed with the table's other
permissive policies) or restrictive (AND-ed), the roles it applies to ({0} is PUBLIC),
and its USING and WITH CHECK expressions, stored as SQL text over the table's columns
(pgsnake keeps expressions as text: catalog README, where we differ).

pg_depend: a policy depends automatically ('a') on its table, so DROP TABLE takes it
along (drop_table_policies).

Policies of a table are cached per backend in name order (the order PostgreSQL's
relcache reads them in), dropped with every other catalog cache.

Entry points: policies_of(table oid), policy_row(oid), insert_policy(...),
update_policy(oid, **columns), delete_policy(oid), drop_table_policies(table oid),
set_row_security(table oid, enabled=None, forced=None).

PostgreSQL: catalog/pg_policy.h, commands/policy.c (CreatePolicy's and RemovePolicyById's
catalog parts), utils/cache/relcache.c (RelationBuildRowSecurity).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import definitions as d

PolicyRow = d.row_class("pg_policy")

PG_POLICY = 3256
PG_CLASS = 1259
PUBLIC = 0

# polcmd letters and the command names CREATE POLICY's FOR clause spells
COMMAND_LETTERS = {"all": "*", "select": "r", "insert": "a", "update": "w", "delete": "d"}

_by_table: dict[int, tuple] | None = None


def _reset() -> None:
    global _by_table
    _by_table = None


invalidation.add_cache_reset(_reset, (3256,))           # pg_policy


def policies_of(table_oid: int) -> tuple:
    """The table's pg_policy rows, in name order."""
    global _by_table
    if _by_table is None:
        grouped: dict[int, list] = {}
        for row in cc.scan_catalog("pg_policy"):
            grouped.setdefault(row.polrelid, []).append(row)
        _by_table = {oid: tuple(sorted(rows, key=lambda r: r.polname.encode()))
                     for oid, rows in grouped.items()}
    return _by_table.get(table_oid, ())


def policy_row(oid: int):
    return next((r for r in cc.scan_catalog("pg_policy") if r.oid == oid), None)


def insert_policy(oid: int, table_oid: int, name: str, command: str, permissive: bool,
                  roles: list[int], qual: str | None, with_check: str | None) -> None:
    """Write the pg_policy row and its automatic dependency on the table."""
    catalog_writes.insert_row("pg_policy", d.row_values(
        "pg_policy", oid=oid, polname=name, polrelid=table_oid, polcmd=command,
        polpermissive=permissive, polroles=list(roles), polqual=qual,
        polwithcheck=with_check))
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=PG_POLICY, objid=oid, objsubid=0, refclassid=PG_CLASS,
        refobjid=table_oid, refobjsubid=0, deptype="a"))
    invalidation.note_catalog_change()


def update_policy(oid: int, **columns) -> None:
    catalog_writes.update_rows("pg_policy", lambda r: r.oid == oid, key=("oid", oid), **columns)
    invalidation.note_catalog_change()


def delete_policy(oid: int) -> None:
    from pgsnake.catalog import comments
    comments.delete_comments(oid, PG_POLICY)
    catalog_writes.delete_rows("pg_policy", lambda r: r.oid == oid, key=("oid", oid))
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_POLICY and r.objid == oid,
                               key=("objid", oid))
    invalidation.note_catalog_change()


def drop_table_policies(table_oid: int) -> None:
    """DROP TABLE: its policies go with it (their automatic dependency). Read from the
    catalog, not the cache: a drop must find every row."""
    for row in cc.scan_catalog("pg_policy", key=("polrelid", table_oid)):
        delete_policy(row.oid)


def set_row_security(table_oid: int, *, enabled: bool | None = None,
                     forced: bool | None = None) -> None:
    """ALTER TABLE ... ENABLE / DISABLE / [NO] FORCE ROW LEVEL SECURITY."""
    columns = {}
    if enabled is not None:
        columns["relrowsecurity"] = enabled
    if forced is not None:
        columns["relforcerowsecurity"] = forced
    catalog_writes.update_rows("pg_class", lambda r: r.oid == table_oid,
                               key=("oid", table_oid), **columns)
    invalidation.note_catalog_change()
