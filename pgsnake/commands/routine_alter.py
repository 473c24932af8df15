"""ALTER FUNCTION / PROCEDURE / ROUTINE / AGGREGATE ... RENAME TO and ... SET SCHEMA, and
ALTER FUNCTION / PROCEDURE / ROUTINE's attributes (IMMUTABLE / STABLE / VOLATILE, STRICT,
SECURITY DEFINER, LEAKPROOF, PARALLEL, COST, ROWS).

The routine is found as LookupFuncWithArgs finds it (grant_commands.lookup_function,
with its kind checks: "is not an aggregate", "is a procedure"), its owner checked, and
the new name or schema refused when a routine of the same name and argument types is
there already (IsThereFunctionInNamespace: 42723 'function f(integer) already exists in
schema "s"'). SET SCHEMA into the schema the routine is in does nothing, as in
PostgreSQL; into or out of a temporary schema it is refused. The pg_depend row on the
schema follows the routine.

Attributes are checked as AlterFunction / compute_common_attribute check them: each at
most once (42601 at the second), a procedure takes only SECURITY (42P13 "invalid attribute
in procedure definition"), an aggregate none, COST and ROWS positive, ROWS only for a
set-returning function, LEAKPROOF only from a superuser. SET / RESET of configuration
parameters (any number, in order; RESET ALL empties it) update pg_proc.proconfig as
setting_arrays.updated does for CREATE FUNCTION.

Entry points: is_routine_kind(kind), rename_routine(node), set_routine_schema(node),
alter_routine_attributes(node, raw).

PostgreSQL: commands/alter.c (AlterObjectRename_internal, AlterObjectNamespace_internal),
commands/functioncmds.c (IsThereFunctionInNamespace, AlterFunction,
compute_common_attribute).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, lookup_functions, object_permissions
from pgsnake.catalog import definitions as d
from pgsnake.commands import utility_statement
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


_VOLATILITY = {"immutable": "i", "stable": "s", "volatile": "v"}
_PARALLEL = {"safe": "s", "restricted": "r", "unsafe": "u"}
_PROCEDURE_ATTRIBUTES = ("security",)


def alter_routine_attributes(node: dict, raw) -> str:
    """ALTER FUNCTION f(args) IMMUTABLE STRICT ...: the pg_proc columns the actions set."""
    from pgsnake.commands import def_elem
    kind = node.get("objtype", "OBJECT_FUNCTION")
    row = _routine({"object": {"ObjectWithArgs": node["func"]}}, kind)
    if row.prokind == "a":
        raise PgError("42809", f'"{row.proname}" is an aggregate function')
    changes: dict = {}
    seen: set = set()
    set_items: list = []
    position = (lambda e: raw.source.position(e.get("location"))
                if raw is not None and raw.source is not None else None)
    for wrapped in node.get("actions", ()):
        element = wrapped["DefElem"]
        name = element["defname"]
        if name == "set":        # SET / RESET clauses, any number, applied in order
            set_items.append(element["arg"]["VariableSetStmt"])
            continue
        if name in seen:
            raise PgError("42601", "conflicting or redundant options",
                          position=position(element))
        seen.add(name)
        if row.prokind == "p" and name not in _PROCEDURE_ATTRIBUTES:
            raise PgError("42P13", "invalid attribute in procedure definition",
                          position=position(element))
        text = def_elem.argument_text(element)
        if name == "volatility":
            changes["provolatile"] = _VOLATILITY[text.lower()]
        elif name == "strict":
            changes["proisstrict"] = _true(element)
        elif name == "security":
            changes["prosecdef"] = _true(element)
        elif name == "leakproof":
            changes["proleakproof"] = _true(element)
            if changes["proleakproof"]:
                from pgsnake.commands import role_commands
                if not role_commands.is_superuser():
                    raise PgError("42501", "only superuser can define a leakproof function")
        elif name == "parallel":
            if text.lower() not in _PARALLEL:
                raise PgError("22023", 'parameter "parallel" must be SAFE, RESTRICTED, or '
                                       "UNSAFE")
            changes["proparallel"] = _PARALLEL[text.lower()]
        elif name == "cost":
            changes["procost"] = float(text)
            if changes["procost"] <= 0:
                raise PgError("22023", "COST must be positive")
        elif name == "rows":
            changes["prorows"] = float(text)
            if changes["prorows"] <= 0:
                raise PgError("22023", "ROWS must be positive")
            if not row.proretset:
                raise PgError("22023", "ROWS is not applicable when function does not "
                                       "return a set")
        else:
            raise PgError("0A000", f"{name.upper()} in ALTER FUNCTION is not supported yet")
    if set_items:
        from pgsnake.utils import setting_arrays
        changes["proconfig"] = setting_arrays.updated(row.proconfig, set_items)
    if changes:
        catalog_writes.update_rows("pg_proc", lambda r: r.oid == row.oid, **changes)
        _changed()
    return _KINDS[kind]


def _true(element: dict) -> bool:
    arg = element.get("arg")
    return arg is None or bool(arg.get("Boolean", {}).get("boolval", False))


utility_statement.register(
    "AlterFunctionStmt",
    lambda raw: _KINDS[raw.node[raw.kind].get("objtype", "OBJECT_FUNCTION")],
    alter_routine_attributes)
