"""CREATE SCHEMA and DROP SCHEMA.

A schema is a pg_namespace row. CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION
role] (the name defaults to the role's); names starting with pg_ are reserved. DROP
SCHEMA refuses a schema that still holds objects (their pg_depend rows name it) unless
CASCADE is given, which drops them, and what depends on them elsewhere, first
(commands/dependent_objects.py).

The schema is locked (AccessExclusive on the pg_namespace object) while it is dropped,
and CREATE TABLE takes AccessShare on it, so a table cannot appear in a schema being
dropped.

Entry points: execute_create_schema(node, raw) (its elements: schema_elements.py),
execute_drop_schema(node), remove_namespace_row(oid) (the last step of a schema's drop).

PostgreSQL: commands/schemacmds.c (CreateSchemaCommand), catalog/namespace.c,
catalog/dependency.c (performMultipleDeletions, reportDependentObjects).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_unique, catalog_writes, comments, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.catalog import relation_locks
from pgsnake.commands import utility_statement
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (DEPENDENT_OBJECTS_STILL_EXIST, INVALID_SCHEMA_NAME,
                                  UNDEFINED_OBJECT, PgError)

DUPLICATE_SCHEMA = "42P06"
RESERVED_NAME = "42939"
_KIND_NAMES = {"r": "table", "S": "sequence", "v": "view", "m": "materialized view",
               "p": "table"}


def execute_create_schema(node: dict, raw=None) -> str:
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
    if node.get("schemaElts"):
        from pgsnake.commands import schema_elements
        schema_elements.run_elements(name, node["schemaElts"], raw)
    return "CREATE SCHEMA"


def execute_drop_schema(node: dict) -> str:
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
    if doomed:          # with everything in them, and what depends on that (pg_depend)
        from pgsnake.commands import dependent_objects
        from pgsnake.catalog.dependency import ObjectAddress
        dependent_objects.perform_deletion(
            [ObjectAddress(d.PG_NAMESPACE_OID, oid) for oid, _name in doomed],
            node.get("behavior") == "DROP_CASCADE")
    return "DROP SCHEMA"


def rename_schema(node: dict) -> str:
    """ALTER SCHEMA name RENAME TO new_name (RenameSchema). Views keep their queries as
    text naming tables with their schema: those reading a table of this schema are
    printed again under the new name."""
    old, new = node["subname"], node["newname"]
    oid = cc.get_namespace_oid(old)
    if oid is None:
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{old}" does not exist')
    if cc.get_namespace_oid(new) is not None:
        raise PgError(DUPLICATE_SCHEMA, f'schema "{new}" already exists')
    from pgsnake.catalog import object_permissions
    object_permissions.check_namespace_owner(oid)
    object_permissions.check_database_create()
    if new.startswith("pg_"):
        raise PgError(RESERVED_NAME, f'unacceptable schema name "{new}"',
                      detail='The prefix "pg_" is reserved for system schemas.')
    from pgsnake.commands import view_commands
    views: dict = {}
    for row in cc.scan_catalog("pg_class"):
        if row.relnamespace == oid:
            for view, query in view_commands.views_reading(row.oid):
                views.setdefault(view, query)
    catalog_writes.update_rows("pg_namespace", lambda r: r.oid == oid, nspname=new)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    view_commands.store_definitions_again(list(views.items()))
    return "ALTER SCHEMA"


def remove_namespace_row(oid: int) -> None:
    """The schema's own rows, once what it held is gone (dependent_objects drops it)."""
    comments.delete_comments(oid, d.PG_NAMESPACE_OID)
    # its default privileges (ALTER DEFAULT PRIVILEGES IN SCHEMA) go with it, as their
    # automatic dependency on the schema makes them go in PostgreSQL
    catalog_writes.delete_rows("pg_default_acl", lambda r: r.defaclnamespace == oid)
    catalog_writes.delete_rows("pg_namespace", lambda r: r.oid == oid)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


utility_statement.register("CreateSchemaStmt", "CREATE SCHEMA",
                           lambda node, raw: execute_create_schema(node, raw))
