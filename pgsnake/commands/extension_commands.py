"""CREATE EXTENSION and DROP EXTENSION for the extensions pgsnake implements
(contrib/extensions.py lists them).

CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE] writes a
pg_extension row (the schema defaults to the current schema, the version to the
control file's default_version; the control file's comment becomes its comment; it
depends on its schema) and the member objects with their 'e' pg_depend rows
(contrib/extension_members.py), through which the extension's functions resolve. A
trusted extension created by a role that is not a superuser (but has CREATE on the
database) gets its members made as the bootstrap superuser, who owns them; the
pg_extension row is the caller's.
DROP EXTENSION [IF EXISTS] name [, ...] [CASCADE | RESTRICT] drops them through
pg_depend (dependent_objects: members go with it, other dependents refuse or cascade);
every name is checked before anything goes. ALTER EXTENSION name ADD / DROP object
changes membership (any kind COMMENT ON finds). Errors are PostgreSQL's: 0A000 for an extension that is
not available, 42710 for one already created, 42704 for DROP of a missing one, 22023
for a version with no installation script, 3F000 for a missing schema, 55000 for a
membership that is (not) there.

Entry points: execute_create_extension(node), execute_drop_extension(node),
execute_alter_extension_contents(node), remove_extension_row(oid) (dependent_objects).

PostgreSQL: commands/extension.c (CreateExtension, CreateExtensionInternal,
InsertExtensionTuple, RemoveExtensionById, ExecAlterExtensionContentsStmt),
commands/dropcmds.c.
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.catalog import sql_functions
from pgsnake.catalog import dependency
from pgsnake.commands import utility_statement
from pgsnake.contrib import extension_members, extensions
from pgsnake.executor import portal_query
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  INVALID_SCHEMA_NAME, UNDEFINED_OBJECT, PgError)

DUPLICATE_OBJECT = "42710"
PG_PROC, PG_EXTENSION = 1255, 3079
_CONTROL_DIRECTORY = "/usr/share/postgresql/15/extension"


def _option(node: dict, name: str):
    for option in node.get("options", ()):
        element = option["DefElem"]
        if element["defname"] == name:
            arg = element.get("arg", {})
            if "String" in arg:
                return arg["String"]["sval"]
            return True
    return None


def execute_create_extension(node: dict) -> str:
    name = node["extname"]
    if extensions.installed_row(name) is not None:
        if node.get("if_not_exists"):
            notices.emit(DUPLICATE_OBJECT, f'extension "{name}" already exists, skipping')
            return "CREATE EXTENSION"
        raise PgError(DUPLICATE_OBJECT, f'extension "{name}" already exists')
    extension = extensions.lookup(name)
    if extension is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f'extension "{name}" is not available',
                      detail=f'Could not open extension control file '
                             f'"{_CONTROL_DIRECTORY}/{name}.control": No such file or directory.',
                      hint="The extension must first be installed on the system where "
                           "PostgreSQL is running.")
    _check_may_create(name, extension)
    version = _option(node, "new_version") or extension.default_version
    if version != extension.default_version:
        raise PgError(INVALID_PARAMETER_VALUE, f'extension "{name}" has no installation '
                      f'script nor update path for version "{version}"')
    schema = _option(node, "schema")
    if schema is not None:
        namespace = cc.get_namespace_oid(schema)
        if namespace is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    else:
        current = sql_functions.current_schema()
        if current is None:
            raise PgError(INVALID_SCHEMA_NAME, "no schema has been selected to create in")
        namespace = cc.get_namespace_oid(current)
    extension_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_extension", d.row_values(
        "pg_extension", oid=extension_oid, extname=name,
        extowner=process_state.user_oid or d.BOOTSTRAP_SUPERUSER, extnamespace=namespace,
        extrelocatable=extension.relocatable, extversion=version, extconfig=None,
        extcondition=None))
    dependency.record(dependency.ObjectAddress(PG_EXTENSION, extension_oid),
                      dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace),
                      dependency.NORMAL)
    if extension.comment:                   # the control file's comment
        from pgsnake.catalog import comments
        comments.set_comment(extension_oid, PG_EXTENSION, 0, extension.comment)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    from pgsnake.catalog import acl, session_roles
    if acl.is_superuser(process_state.user_oid or d.BOOTSTRAP_SUPERUSER):
        extension_members.create_members(extension_oid, name, namespace)
    else:
        # A trusted extension created by a role that is not a superuser: its script runs
        # as the bootstrap superuser, who owns the members (execute_extension_script's
        # switch_to_superuser); the extension itself stays the caller's.
        with session_roles.as_user(d.BOOTSTRAP_SUPERUSER):
            extension_members.create_members(extension_oid, name, namespace)
    return "CREATE EXTENSION"


def _check_may_create(name: str, extension) -> None:
    """execute_extension_script's check: a superuser, or for a trusted extension a role
    with CREATE on the current database (42501 with PostgreSQL's HINT otherwise)."""
    from pgsnake.catalog import acl, object_permissions
    if acl.is_superuser(process_state.user_oid or d.BOOTSTRAP_SUPERUSER):
        return
    message = f'permission denied to create extension "{name}"'
    if not extension.trusted:
        raise PgError("42501", message, hint="Must be superuser to create this extension.")
    try:
        object_permissions.check_database_create()
    except PgError:
        raise PgError("42501", message, hint="Must have CREATE privilege on current database "
                                             "to create this extension.") from None


def execute_drop_extension(node: dict) -> str:
    doomed = []
    for obj in node.get("objects", ()):
        name = obj["String"]["sval"]
        row = extensions.installed_row(name)
        if row is None:
            if node.get("missing_ok"):
                notices.emit("00000", f'extension "{name}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_OBJECT, f'extension "{name}" does not exist')
        doomed.append(dependency.ObjectAddress(PG_EXTENSION, row.oid))
    if doomed:
        # The members go with it through their 'e' rows (dependent_objects).
        from pgsnake.commands import dependent_objects
        dependent_objects.perform_deletion(doomed, node.get("behavior") == "DROP_CASCADE")
    return "DROP EXTENSION"


def remove_extension_row(oid: int) -> None:
    """RemoveExtensionById: the row, its pg_depend rows and comments."""
    from pgsnake.catalog import comments
    catalog_writes.delete_rows("pg_extension", lambda r: r.oid == oid)
    dependency.delete_dependencies(PG_EXTENSION, oid)
    comments.delete_comments(oid, PG_EXTENSION)
    extension_members.forget_initial_privileges()
    invalidation.note_catalog_change()
    xact.command_counter_increment()


_FUNCTION_KINDS = ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE")


def execute_alter_extension_contents(node: dict, raw=None) -> str:
    """ALTER EXTENSION name ADD | DROP object: any object COMMENT ON can name (functions,
    procedures, aggregates, operators, casts, types, domains, tables, views, sequences,
    materialized views, schemas, ...), found as get_object_address finds it."""
    name = node["extname"]
    row = extensions.installed_row(name)
    if row is None:
        raise PgError(UNDEFINED_OBJECT, f'extension "{name}" does not exist')
    objtype = node["objtype"]
    from pgsnake.catalog import object_descriptions
    if objtype in _FUNCTION_KINDS:
        from pgsnake.commands import grant_commands
        classid = PG_PROC
        objid = grant_commands.lookup_function(node["object"]["ObjectWithArgs"], objtype)
    else:
        from pgsnake.commands import comment_commands
        objid, classid, _subid = comment_commands.object_address(objtype, node["object"])
    described = object_descriptions.describe_object(classid, objid)
    current = extension_members.member_extension(classid, objid)
    if node.get("action", 1) == 1:
        if current is not None:
            other = next((r.extname for r in cc.scan_catalog("pg_extension")
                          if r.oid == current), "?")
            raise PgError("55000", f"{described} is already a member of extension "
                          f'"{other}"')
        if classid == d.PG_NAMESPACE_OID and objid == row.extnamespace:
            raise PgError("55000",
                          f'cannot add schema "{cc.namespace_name(objid)}" to extension '
                          f'"{name}" because the schema contains the extension')
        extension_members.add_member(row.oid, classid, objid)
    else:
        if current != row.oid:
            raise PgError("55000", f'{described} is not a member of extension "{name}"')
        extension_members.drop_member(row.oid, classid, objid)
        if classid == d.PG_CLASS_OID:
            extension_members.forget_config_table(row.oid, objid)
    return "ALTER EXTENSION"


class CreateExtensionStatement:
    param_types: list = []
    columns = None
    command_kind = "CREATE EXTENSION"

    def __init__(self, raw, param_types) -> None:
        self.raw = raw

    def execute(self, params):
        xact.prevent_command_if_read_only(self.command_kind)
        tag = execute_create_extension(self.raw.node["CreateExtensionStmt"])
        return portal_query.QueryResult(None, [], tag)


portal_query.register_utility("CreateExtensionStmt", CreateExtensionStatement)
utility_statement.register("AlterExtensionContentsStmt", "ALTER EXTENSION",
                           execute_alter_extension_contents)
