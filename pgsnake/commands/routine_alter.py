"""ALTER FUNCTION / PROCEDURE / ROUTINE / AGGREGATE ... RENAME TO and ... SET SCHEMA.

The routine is found as LookupFuncWithArgs finds it (grant_commands.lookup_function,
with its kind checks: "is not an aggregate", "is a procedure"), its owner checked, and
the new name or schema refused when a routine of the same name and argument types is
there already (IsThereFunctionInNamespace: 42723 'function f(integer) already exists in
schema "s"'). SET SCHEMA into the schema the routine is in does nothing, as in
PostgreSQL; into or out of a temporary schema it is refused. The pg_depend row on the
schema follows the routine.

Entry points: is_routine_kind(kind), rename_routine(node), set_routine_schema(node).

PostgreSQL: commands/alter.c (AlterObjectRename_internal, AlterObjectNamespace_internal),
commands/functioncmds.c (IsThereFunctionInNamespace).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, lookup_functions, object_permissions
from pgsnake.catalog import definitions as d
from pgsnake.datatypes import registry
from pgsnake.utils.errors import PgError

PG_PROC = 1255
_KINDS = {"OBJECT_FUNCTION": "ALTER FUNCTION", "OBJECT_PROCEDURE": "ALTER PROCEDURE",
          "OBJECT_ROUTINE": "ALTER ROUTINE", "OBJECT_AGGREGATE": "ALTER AGGREGATE"}


def is_routine_kind(kind: str | None) -> bool:
    return kind in _KINDS


def _routine(node: dict, kind: str):
    from pgsnake.commands import grant_commands
    oid = grant_commands.lookup_function(node["object"]["ObjectWithArgs"], kind)
    object_permissions.check_function_owner(oid)     # AlterObjectRename_internal: its name
    return lookup_functions.proc_row(oid)


def _refuse_duplicate(row, name: str, namespace: int) -> None:
    for other in lookup_functions.procs_named(name):
        if other.oid != row.oid and other.pronamespace == namespace and \
                list(other.proargtypes) == list(row.proargtypes):
            shown = ", ".join(registry.format_type(t) for t in row.proargtypes)
            raise PgError("42723", f'function {name}({shown}) already exists in schema '
                                   f'"{cc.namespace_name(namespace)}"')


def _changed() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def rename_routine(node: dict) -> str:
    kind = node["renameType"]
    row = _routine(node, kind)
    new_name = node["newname"]
    _refuse_duplicate(row, new_name, row.pronamespace)
    object_permissions.check_namespace_create(row.pronamespace)
    catalog_writes.update_rows("pg_proc", lambda r: r.oid == row.oid, proname=new_name)
    _changed()
    return _KINDS[kind]


def set_routine_schema(node: dict) -> str:
    kind = node["objectType"]
    schema = node["newschema"]
    from pgsnake.catalog import temp_namespace
    namespace = None
    if not (schema == "pg_temp" or temp_namespace.is_temp_namespace_name(schema)):
        namespace = cc.get_namespace_oid(schema)
        if namespace is None:
            raise PgError("3F000", f'schema "{schema}" does not exist')
        object_permissions.check_namespace_create(namespace)    # LookupCreationNamespace
    row = _routine(node, kind)
    if namespace is None or temp_namespace.is_temp_namespace(row.pronamespace):
        raise PgError("0A000", "cannot move objects into or out of temporary schemas")
    if namespace == row.pronamespace:
        return _KINDS[kind]
    _refuse_duplicate(row, row.proname, namespace)
    catalog_writes.update_rows("pg_proc", lambda r: r.oid == row.oid, pronamespace=namespace)
    catalog_writes.update_rows("pg_depend", lambda r: r.classid == PG_PROC and r.objid == row.oid
                               and r.refclassid == d.PG_NAMESPACE_OID, refobjid=namespace)
    _changed()
    return _KINDS[kind]
