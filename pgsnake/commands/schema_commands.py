"""CREATE SCHEMA and DROP SCHEMA.

A schema is a pg_namespace row. CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION
role] (the name defaults to the role's); names starting with pg_ are reserved. DROP
SCHEMA refuses a schema that still holds tables or sequences unless CASCADE is given,
which drops them first (tables take their indexes and owned sequences with them).

The schema is locked (AccessExclusive on the pg_namespace object) while it is dropped,
and CREATE TABLE takes AccessShare on it, so a table cannot appear in a schema being
dropped.

Entry points: execute_create_schema(node), execute_drop_schema(node).

PostgreSQL: commands/schemacmds.c (CreateSchemaCommand), catalog/namespace.c,
catalog/dependency.c (performMultipleDeletions, reportDependentObjects).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_unique, catalog_writes, comments, heap_creation, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.catalog import relation_locks, sequence_creation
from pgsnake.commands import utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (DEPENDENT_OBJECTS_STILL_EXIST, FEATURE_NOT_SUPPORTED,
                                  INVALID_SCHEMA_NAME, UNDEFINED_OBJECT, PgError)

DUPLICATE_SCHEMA = "42P06"
RESERVED_NAME = "42939"
_KIND_NAMES = {"r": "table", "S": "sequence", "v": "view", "m": "materialized view",
               "p": "table"}


def execute_create_schema(node: dict) -> str:
    if node.get("schemaElts"):
        raise PgError(FEATURE_NOT_SUPPORTED, "CREATE SCHEMA with schema elements is not "
                      "supported yet")
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    role_name = process_state.user_name
    role = node.get("authrole")
    if role is not None:
        if role.get("roletype", "ROLESPEC_CSTRING") == "ROLESPEC_CSTRING":
            role_name = role.get("rolename", "")
        row = cc.lookup_role(role_name)
        if row is None:
            raise PgError(UNDEFINED_OBJECT, f'role "{role_name}" does not exist')
        owner = row.oid
    from pgsnake.catalog import object_permissions
    object_permissions.check_database_create()
    from pgsnake.catalog import acl
    if not process_state.is_superuser and not acl.is_member_of_role(
            process_state.user_oid, owner):
        raise PgError("42501", f'must be member of role "{role_name}"')
    name = node.get("schemaname") or role_name
    if name.startswith("pg_"):
        raise PgError(RESERVED_NAME, f'unacceptable schema name "{name}"',
                      detail='The prefix "pg_" is reserved for system schemas.')
    if cc.get_namespace_oid(name) is not None:
        if node.get("if_not_exists"):
            notices.emit(DUPLICATE_SCHEMA, f'schema "{name}" already exists, skipping')
            return "CREATE SCHEMA"
        raise PgError(DUPLICATE_SCHEMA, f'schema "{name}" already exists')
    from pgsnake.access.transam import transaction_ids
    catalog_unique.check_unique("pg_namespace", "pg_namespace_nspname_index", ("nspname",),
                                (name,))
    namespace_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_namespace", d.row_values(
        "pg_namespace", oid=namespace_oid, nspname=name, nspowner=owner, nspacl=None))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    from pgsnake.catalog import default_privileges
    default_privileges.apply_to_new_object("n", namespace_oid)     # ALTER DEFAULT PRIVILEGES
    return "CREATE SCHEMA"


def _members(namespace_oid: int) -> list:
    """The tables, views and free-standing sequences in the schema, in creation order (indexes,
    row types and owned sequences go with their tables)."""
    owned = set()
    rows = sorted((r for r in cc.scan_catalog("pg_class") if r.relnamespace == namespace_oid),
                  key=lambda r: r.oid)
    for row in rows:
        if row.relkind == "r":
            owned.update(sequence_creation.owned_sequences(row.oid))
    return [r for r in rows if r.relkind in ("r", "S", "v", "m") and r.oid not in owned]


def execute_drop_schema(node: dict) -> str:
    cascade = node.get("behavior") == "DROP_CASCADE"
    doomed: list[tuple[int, str]] = []
    for obj in node.get("objects", []):
        name = obj["String"]["sval"]
        # "pg_temp" is an alias only where objects are looked up, not a schema's name.
        oid = cc.get_namespace_oid(name) if name != "pg_temp" else None
        if oid is None:
            if node.get("missing_ok"):
                notices.emit("00000", f'schema "{name}" does not exist, skipping')
                continue
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{name}" does not exist')
        if oid in (d.PG_CATALOG_NAMESPACE, d.PG_TOAST_NAMESPACE):
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop schema {name} because it is required by the "
                          f"database system")
        relation_locks.lock_database_object(d.PG_NAMESPACE_OID, oid, lock_modes.ACCESS_EXCLUSIVE)
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_owner(oid)
        doomed.append((oid, name))
    for oid, name in doomed:
        members = _members(oid)
        visible = oid in cc.search_path_namespaces()
        described = [f"{_KIND_NAMES.get(r.relkind, 'relation')} "
                     f"{'' if visible else name + '.'}{r.relname}" for r in members]
        from pgsnake.commands import function_commands     # the schema's functions too
        routines = function_commands.routines_in_schema(oid, name, visible)
        from pgsnake.commands import type_commands         # and its types and domains
        types = type_commands.types_in_schema(oid, name, visible)
        routines = [r for r in routines if not type_commands.is_part_of_a_type(r[1])]
        # Listed in creation (OID) order, as PostgreSQL's dependency scan finds them.
        described = [text for _oid, text in sorted(
            [(r.oid, text) for r, text in zip(members, described)]
            + [(routine_oid, text) for text, routine_oid in routines]
            + [(type_row.oid, text) for text, type_row in types])]
        if (members or routines or types) and not cascade:
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop schema {name} because other objects depend on it",
                          detail="\n".join(f"{text} depends on schema {name}"
                                           for text in described),
                          hint="Use DROP ... CASCADE to drop the dependent objects too.")
        if len(described) == 1:
            notices.emit("00000", f"drop cascades to {described[0]}")
        elif described:
            notices.emit("00000", f"drop cascades to {len(described)} other objects",
                         detail="\n".join(f"drop cascades to {text}" for text in described))
        from pgsnake.catalog import view_creation
        for row in members:
            relation_locks.lock_relation_oid(row.oid, lock_modes.ACCESS_EXCLUSIVE)
        # Views first (they read the tables); then views elsewhere that read these.
        for row in sorted(members, key=lambda r: r.relkind not in ("v", "m")):
            if row.relkind in ("v", "m"):
                view_creation.drop_view(row.oid)
        from pgsnake.commands import view_commands
        view_commands.drop_dependent_views([r.oid for r in members
                                            if r.relkind not in ("v", "m")], cascade=True)
        for row in members:
            if row.relkind == "S":
                sequence_creation.drop_sequence(row.oid)
            elif row.relkind not in ("v", "m"):
                heap_creation.drop_table(row.oid)
        for _text, function_oid in routines:
            function_commands.drop_routine(function_oid)
        type_commands.drop_types_of_schema([type_row for _text, type_row in types])
        comments.delete_comments(oid, d.PG_NAMESPACE_OID)
        catalog_writes.delete_rows("pg_namespace", lambda r, oid=oid: r.oid == oid)
        invalidation.note_catalog_change()
        xact.command_counter_increment()
    return "DROP SCHEMA"


utility_statement.register("CreateSchemaStmt", "CREATE SCHEMA",
                           lambda node, raw: execute_create_schema(node))
