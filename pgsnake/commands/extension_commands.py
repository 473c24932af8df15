"""CREATE EXTENSION and DROP EXTENSION for the extensions pgsnake implements
(contrib/extensions.py lists them).

CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE] writes a
pg_extension row (the schema defaults to the current schema, the version to the
control file's default_version); from then on the extension's functions resolve in this
database. DROP EXTENSION [IF EXISTS] name [, ...] [CASCADE] deletes the rows (every
name is checked before any row goes). Errors are PostgreSQL's: 0A000 for an extension
that is not available, 42710 for one already created, 42704 for DROP of a missing one,
22023 for a version with no installation script, 3F000 for a missing schema.

Entry points: execute_create_extension(node), execute_drop_extension(node).

PostgreSQL: commands/extension.c (CreateExtension, CreateExtensionInternal,
InsertExtensionTuple, RemoveExtensionById), commands/dropcmds.c.
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.catalog import sql_functions
from pgsnake.contrib import extensions
from pgsnake.executor import portal_query
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE,
                                  INVALID_SCHEMA_NAME, UNDEFINED_OBJECT, PgError)

DUPLICATE_OBJECT = "42710"
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
    catalog_writes.insert_row("pg_extension", d.row_values(
        "pg_extension", oid=transaction_ids.get_new_oid(), extname=name,
        extowner=process_state.user_oid or d.BOOTSTRAP_SUPERUSER, extnamespace=namespace,
        extrelocatable=extension.relocatable, extversion=version, extconfig=None,
        extcondition=None))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return "CREATE EXTENSION"


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
        doomed.append(row.oid)
    if doomed:
        catalog_writes.delete_rows("pg_extension", lambda r: r.oid in doomed)
        invalidation.note_catalog_change()
        xact.command_counter_increment()
    return "DROP EXTENSION"


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
