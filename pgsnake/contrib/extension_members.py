"""An extension's member objects as catalog rows: what CREATE EXTENSION makes, and the
pg_depend rows (deptype 'e') that tie them to their pg_extension row.

CREATE EXTENSION gives each function the extension's module registers (datatypes
function registry, `extension=` name) a pg_proc row in the extension's schema: language
C, prosrc the function's name, probin '$libdir/<extension>', its argument and result
types, OUT columns for a record result, strictness, volatility and set-ness. The row
depends on the schema (normal) and on the extension ('e'). A call finds the row like
any other function and runs the registry's Python body of that name and argument types
(pl/function_manager.py, language C). So DROP EXTENSION drops the members through
pg_depend, DROP FUNCTION of a member refuses (2BP01 "... because extension x requires
it"), psql's \\dx+ lists them, and pg_dump leaves them out (they come back with CREATE
EXTENSION).

The rows' proacl is what the install script's REVOKE / GRANT leave (the extension's
execute_grants); the rest of the script (pg_buffercache's view) runs through SPI inside
dependency.current_extension, so every object it creates (views, tables, sequences,
functions, aggregates, operators, types, casts) becomes a member, as PostgreSQL's
recordDependencyOnCurrentExtension makes it; every member's ACL then goes to pg_init_privs ('e'), and
forget_initial_privileges drops those rows with the objects (DeleteInitPrivs).

ALTER EXTENSION name ADD / DROP FUNCTION f(args) adds or removes a function's 'e' row
with PostgreSQL's checks: 55000 "function f(integer) is already a member of extension
x" / "... is not a member of extension \"x\"".

pg_extension_config_dump(table, condition), callable from an install script only,
records a member table whose rows pg_dump dumps (extconfig / extcondition);
forget_config_table takes it out again when the table leaves the extension.

Entry points: create_members(extension_oid, extension_name, namespace_oid),
member_extension(classid, objid) -> extension oid | None, add_member / drop_member,
pg_extension_config_dump, forget_config_table.

PostgreSQL: commands/extension.c (execute_extension_script's effect,
ExecAlterExtensionContentsStmt, recordDependencyOnCurrentExtension),
catalog/pg_depend.c (getExtensionOfObject).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, function_creation, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.datatypes import functions
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError

PG_PROC, PG_EXTENSION = 1255, 3079
RECORD = 2249
EXTENSION = "e"


def _definition(function: functions.Function, namespace_oid: int):
    from pgsnake.contrib import extension_types, extensions
    arg_types = [extension_types.fresh(t) for t in function.arg_types]
    modes, names = ["i"] * len(arg_types), [""] * len(arg_types)
    defaults = [None] * len(arg_types)
    declared = extensions.ARGUMENTS.get((function.name, function.arg_types))
    if declared is not None:
        names, defaults = list(declared[0]), list(declared[1])
    result_type = extension_types.fresh(function.result_type)
    if function.out_columns:
        # One OUT column: the function returns that column's type (pg_check_frozen's tid).
        result_type = RECORD if len(function.out_columns) > 1 else function.out_columns[0][1]
        for name, type_oid in function.out_columns:
            arg_types.append(type_oid)
            modes.append("o")
            names.append(name)
    return function_creation.FunctionDefinition(
        name=function.name, namespace_oid=namespace_oid, language="c",
        arg_types=arg_types, arg_modes=modes, arg_names=names,
        arg_defaults=defaults + [None] * (len(arg_types) - len(defaults)),
        result_type=result_type,
        returns_set=function.returns_set, volatility=function.volatility,
        parallel=_parallel(function),
        strict=function.strict, cost=1.0, rows=function.rows if function.returns_set else 0.0,
        source=function.name)


def _parallel(function: functions.Function) -> str:
    from pgsnake.contrib import extensions
    spec = extensions.lookup(function.extension or "")
    if spec is None or function.name in spec.parallel_unsafe:
        return "u"
    return spec.parallel


def create_members(extension_oid: int, extension_name: str, namespace_oid: int) -> None:
    """The pg_proc rows of the extension's functions, with their pg_depend rows."""
    from pgsnake.access.transam import transaction_ids, xact
    from pgsnake.contrib import extension_types, extensions
    extension = dependency.ObjectAddress(PG_EXTENSION, extension_oid)
    spec = extensions.lookup(extension_name)
    grants = spec.execute_grants if spec is not None else {}
    extension_types.reserve(extension_name)       # the base types' OIDs (shell types)
    for function in functions.extension_functions(extension_name):
        oid = transaction_ids.get_new_oid()
        values = function_creation.pg_proc_values(oid, _definition(function, namespace_oid))
        values[d.catalog("pg_proc").attnum("probin") - 1] = f"$libdir/{extension_name}"
        if function.name in grants or "*" in grants:
            role = grants.get(function.name, grants.get("*"))
            values[d.catalog("pg_proc").attnum("proacl") - 1] = _execute_acl(
                values[d.catalog("pg_proc").attnum("proowner") - 1], role)
        catalog_writes.insert_row("pg_proc", values)
        member = dependency.ObjectAddress(PG_PROC, oid)
        dependency.record(member, dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace_oid),
                          dependency.NORMAL)
        dependency.record(member, extension, EXTENSION)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    extension_types.create_types(extension_oid, extension_name, namespace_oid)
    _run_script(extension_oid, extension_name, namespace_oid)
    if extension_types.types_of(extension_name):
        extension_types.create_operator_classes(extension_oid, extension_name, namespace_oid)


def _execute_acl(owner: int, role: str | None) -> list:
    """REVOKE ALL ... FROM PUBLIC, then GRANT EXECUTE TO role: the owner's EXECUTE and
    the role's, granted by the owner."""
    from pgsnake.catalog import acl
    from pgsnake.datatypes.aclitem import BIT, AclItem
    items = [AclItem(owner, owner, BIT["X"])]
    if role is not None:
        items.append(AclItem(acl.role_oid_or_error(role), owner, BIT["X"]))
    return items


def _run_script(extension_oid: int, extension_name: str, namespace_oid: int) -> None:
    """The rest of the install script (views, privileges on them), run as SQL through
    SPI in the CREATE EXTENSION's transaction; the views it names become members. Then
    every member's ACL goes to pg_init_privs."""
    from pgsnake.contrib import extensions
    from pgsnake.executor import spi
    spec = extensions.lookup(extension_name)
    if spec is None:
        return
    if not spec.script and not spec.execute_grants and spec.after_script is None:
        return
    schema = cc.quote_identifier(cc.namespace_name(namespace_oid))
    with cc.search_path_as(schema), \
            dependency.current_extension(extension_oid):   # as execute_extension_script
        for statement in spec.script:                     # (what it creates: members)
            spi.execute(statement.replace("@extschema@", schema))
    if spec.after_script is not None:       # (records its own members)
        spec.after_script(extension_oid, namespace_oid)
    _record_initial_privileges(extension_oid)


def _record_initial_privileges(extension_oid: int) -> None:
    """recordExtensionInitPriv: the ACL each member has at the end of CREATE EXTENSION
    goes to pg_init_privs (privtype 'e'), so pg_dump dumps only later changes."""
    acls = {PG_PROC: {r.oid: r.proacl for r in cc.scan_catalog("pg_proc")},
            d.PG_CLASS_OID: {r.oid: r.relacl for r in cc.scan_catalog("pg_class")}}
    for row in list(cc.scan_catalog("pg_depend")):
        if (row.deptype != EXTENSION or row.refclassid != PG_EXTENSION
                or row.refobjid != extension_oid or row.classid not in acls):
            continue
        acl = acls[row.classid].get(row.objid)
        if acl is not None:
            catalog_writes.insert_row("pg_init_privs", d.row_values(
                "pg_init_privs", objoid=row.objid, classoid=row.classid, objsubid=0,
                privtype="e", initprivs=acl))
    _changed()


def forget_initial_privileges() -> None:
    """DeleteInitPrivs for members gone with their extension: the 'e' rows of objects
    that no longer exist."""
    live = {PG_PROC: {r.oid for r in cc.scan_catalog("pg_proc")},
            d.PG_CLASS_OID: {r.oid for r in cc.scan_catalog("pg_class")}}
    catalog_writes.delete_rows("pg_init_privs", lambda r: r.privtype == "e"
                               and r.classoid in live and r.objoid not in live[r.classoid])


def member_extension(classid: int, objid: int) -> int | None:
    """getExtensionOfObject: the extension the object is a member of."""
    return next((r.refobjid for r in cc.depend_rows_of(classid, objid)
                 if r.deptype == EXTENSION and r.refclassid == PG_EXTENSION), None)


def add_member(extension_oid: int, classid: int, objid: int) -> None:
    """ALTER EXTENSION ADD: the 'e' row, and the object's ACL (a table's column ACLs
    too) as its initial privileges (recordExtObjInitPriv)."""
    dependency.record(dependency.ObjectAddress(classid, objid),
                      dependency.ObjectAddress(PG_EXTENSION, extension_oid), EXTENSION)
    for subid, acl in _acls_of(classid, objid):
        catalog_writes.insert_row("pg_init_privs", d.row_values(
            "pg_init_privs", objoid=objid, classoid=classid, objsubid=subid,
            privtype="e", initprivs=acl))
    _changed()


def drop_member(extension_oid: int, classid: int, objid: int) -> None:
    """ALTER EXTENSION DROP: the 'e' row and the object's initial privileges go
    (removeExtObjInitPriv)."""
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == classid
                               and r.objid == objid and r.deptype == EXTENSION
                               and r.refclassid == PG_EXTENSION
                               and r.refobjid == extension_oid)
    catalog_writes.delete_rows("pg_init_privs", lambda r: r.objoid == objid
                               and r.classoid == classid and r.privtype == "e")
    _changed()


_ACL_COLUMNS = {PG_PROC: ("pg_proc", "proacl"), d.PG_CLASS_OID: ("pg_class", "relacl"),
                d.PG_TYPE_OID: ("pg_type", "typacl"),
                d.PG_NAMESPACE_OID: ("pg_namespace", "nspacl")}


def _acls_of(classid: int, objid: int) -> list[tuple[int, list]]:
    """(objsubid, ACL) of the object and, for a relation, of its columns: those set."""
    if classid not in _ACL_COLUMNS:
        return []
    catalog, column = _ACL_COLUMNS[classid]
    rows = cc.scan_catalog(catalog, key=("oid", objid))
    found = [(0, getattr(rows[0], column))] if rows else []
    if classid == d.PG_CLASS_OID:
        found += [(a.attnum, a.attacl) for a in cc.scan_catalog(
            "pg_attribute", key=("attrelid", objid)) if a.attnum > 0 and not a.attisdropped]
    return [(subid, acl) for subid, acl in found if acl is not None]


def pg_extension_config_dump(table_oid: int, condition: str) -> None:
    """pg_extension_config_dump(regclass, text), for install scripts: the table (a member
    of the extension being created) and the WHERE condition pg_dump dumps its rows with
    go to pg_extension.extconfig / extcondition (a table already there gets the new
    condition)."""
    extension_oid = dependency.creating_extension()
    if extension_oid is None:
        raise PgError(FEATURE_NOT_SUPPORTED, "pg_extension_config_dump() can only be called "
                                             "from an SQL script executed by CREATE EXTENSION")
    if member_extension(d.PG_CLASS_OID, table_oid) != extension_oid:
        row = cc.class_row(table_oid)
        shown = row.relname if row is not None else str(table_oid)
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'table "{shown}" is not a member of the extension being created')
    row = next(r for r in cc.scan_catalog("pg_extension", key=("oid", extension_oid)))
    config, conditions = list(row.extconfig or []), list(row.extcondition or [])
    if table_oid in config:
        conditions[config.index(table_oid)] = condition
    else:
        config.append(table_oid)
        conditions.append(condition)
    catalog_writes.update_rows("pg_extension", lambda r: r.oid == extension_oid,
                               extconfig=config, extcondition=conditions)
    _changed()


def forget_config_table(extension_oid: int, table_oid: int) -> None:
    """extension_config_remove: a table leaving the extension (ALTER EXTENSION DROP)
    leaves extconfig / extcondition too."""
    row = next(iter(cc.scan_catalog("pg_extension", key=("oid", extension_oid))), None)
    if row is None or table_oid not in (row.extconfig or []):
        return
    config, conditions = list(row.extconfig), list(row.extcondition or [])
    index = config.index(table_oid)
    del config[index]
    if index < len(conditions):
        del conditions[index]
    catalog_writes.update_rows("pg_extension", lambda r: r.oid == extension_oid,
                               extconfig=config or None, extcondition=conditions or None)
    _changed()


functions.register("pg_extension_config_dump", [2205, 25], 2278, pg_extension_config_dump,
                   oid=3086)


def _changed() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()
