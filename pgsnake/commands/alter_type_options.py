"""ALTER TYPE name SET (option = value, ...): a base type's STORAGE, RECEIVE, SEND,
TYPMOD_IN, TYPMOD_OUT, ANALYZE and SUBSCRIPT (a function name, or NONE for none).

The checks are AlterType's: the name must be a base type (a shell is 42704 "is only a
shell", anything else 42809), STORAGE may move between the non-PLAIN strategies or away
from PLAIN but not back to PLAIN (42P17), and a fixed-size type stays PLAIN; each
function is found and checked as CREATE TYPE finds it (base_type_commands.
support_function). The change reaches the type's array type (TYPMOD_IN / TYPMOD_OUT)
and the domains over it (STORAGE, SEND, ANALYZE), as AlterTypeRecurse propagates it;
the type's pg_depend rows on its functions are rewritten.

Entry point: execute_alter_type(node, raw) (AlterTypeStmt).

PostgreSQL: commands/typecmds.c (AlterType, AlterTypeRecurse).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_writes, dependency
from pgsnake.catalog import definitions as d
from pgsnake.commands import base_type_commands as btc
from pgsnake.commands import def_elem, type_commands, utility_statement
from pgsnake.datatypes import registry
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

_STORAGES = {"plain": "p", "external": "e", "extended": "x", "main": "m"}
_ARRAY_COLUMNS = ("typmodin", "typmodout")
_DOMAIN_COLUMNS = ("typstorage", "typsend", "typanalyze")


def execute_alter_type(node: dict, raw) -> str:
    names = [n["String"]["sval"] for n in node["typeName"]]
    row = type_commands.find_type(names)
    if row.typtype == "p" and not row.typisdefined:
        raise PgError("42704", f'type "{".".join(names)}" is only a shell')
    if row.typtype != "b":
        raise PgError("42809", f"{registry.format_type(row.oid)} is not a base type")
    from pgsnake.catalog import object_permissions
    object_permissions.check_owner_of(row.typowner, "type", registry.format_type(row.oid))
    changes: dict = {}
    for item in node.get("options", ()):
        element = item["DefElem"]
        option = element["defname"]
        if option == "storage":
            changes["typstorage"] = _storage(element, row)
        elif option in btc.SUPPORT_OPTIONS:
            changes[btc.SUPPORT_OPTIONS[option]] = 0 if element.get("arg") is None else \
                btc.support_function(option, btc._names(element), row.oid)
        else:
            raise PgError("42601", f'type attribute "{option}" not recognized')
    if changes:
        catalog_writes.update_rows("pg_type", lambda r: r.oid == row.oid, **changes)
        _rewrite_function_dependencies(row, changes)
        array = {k: v for k, v in changes.items() if k in _ARRAY_COLUMNS}
        if array and row.typarray:
            catalog_writes.update_rows("pg_type", lambda r: r.oid == row.typarray, **array)
        domain = {k: v for k, v in changes.items() if k in _DOMAIN_COLUMNS}
        if domain:
            catalog_writes.update_rows(
                "pg_type", lambda r: r.typtype == "d" and r.typbasetype == row.oid, **domain)
    type_commands.done()
    return "ALTER TYPE"


def _storage(element: dict, row) -> str:
    text = def_elem.def_get_string(element).lower()
    if text not in _STORAGES:
        raise PgError(INVALID_PARAMETER_VALUE, f'storage "{text}" not recognized')
    storage = _STORAGES[text]
    if storage != "p" and row.typlen != -1:
        raise PgError(INVALID_PARAMETER_VALUE, "fixed-size types must have storage PLAIN")
    if storage == "p" and row.typstorage != "p":
        raise PgError(btc.INVALID_OBJECT_DEFINITION, "cannot change type's storage to PLAIN")
    return storage


def _rewrite_function_dependencies(old, changes: dict) -> None:
    """The type's normal dependencies on the functions replaced go; the new ones come."""
    type_oid = old.oid
    replaced = {getattr(old, column) for column in changes if column != "typstorage"}
    catalog_writes.delete_rows(
        "pg_depend", lambda r: r.classid == d.PG_TYPE_OID and r.objid == type_oid
        and r.refclassid == btc.PG_PROC and r.refobjid in replaced)
    new_type = dependency.ObjectAddress(d.PG_TYPE_OID, type_oid)
    for column, function in changes.items():
        if column != "typstorage" and function:
            dependency.record(new_type, dependency.ObjectAddress(btc.PG_PROC, function),
                              dependency.NORMAL)


utility_statement.register("AlterTypeStmt", "ALTER TYPE", execute_alter_type)
