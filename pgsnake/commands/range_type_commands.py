"""CREATE TYPE ... AS RANGE (SUBTYPE = ..., MULTIRANGE_TYPE_NAME = ...).

A range type is a pg_type row (typtype 'r', category 'R'), its multirange type (typtype
'm', named by replacing "range" in the name with "multirange", else appending
"_multirange"), an array type for each, a pg_range row, and the constructor functions
PostgreSQL creates with it: t(subtype, subtype), t(subtype, subtype, text),
t_multi(), t_multi(t), t_multi(VARIADIC t[]) (internal functions; pl/function_manager.py
runs them through datatypes/range_functions.call_internal). Everything made here depends
on the range type ('i'), so DROP TYPE takes it along.

Entry point: execute_create_range(node).

PostgreSQL: commands/typecmds.c (DefineRange, makeRangeConstructors,
makeMultirangeConstructors), catalog/pg_range.c (RangeCreate).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, function_creation
from pgsnake.catalog import definitions as d
from pgsnake.commands import type_commands, utility_statement
from pgsnake.commands.table_commands import resolve_type_name
from pgsnake.datatypes import registry
from pgsnake.utils.errors import (DATATYPE_MISMATCH, INVALID_OBJECT_DEFINITION, SYNTAX_ERROR,
                                  UNDEFINED_FUNCTION, PgError)

TEXT, FLOAT8, PG_OPCLASS = 25, 701, 2616
_PARAMETERS = ("subtype", "subtype_opclass", "collation", "canonical", "subtype_diff",
               "multirange_type_name")


def _multirange_name(name: str) -> str:
    """makeMultirangeTypeName: 'range' becomes 'multirange', else '_multirange' added."""
    at = name.find("range")
    if at >= 0:
        return name[:at] + "multirange" + name[at + len("range"):]
    return name + "_multirange"


def _new_oid() -> int:
    from pgsnake.access.transam import transaction_ids
    return transaction_ids.get_new_oid()


def _constructor(name: str, namespace: int, arg_types: list[int], result: int, source: str,
                 strict: bool, owner_type: int, variadic: int = 0) -> int:
    oid = _new_oid()
    definition = function_creation.FunctionDefinition(
        name=name, namespace_oid=namespace, language="internal", arg_types=arg_types,
        arg_modes=["v" if variadic and i == len(arg_types) - 1 else "i"
                   for i in range(len(arg_types))],
        arg_names=[""] * len(arg_types), arg_defaults=[None] * len(arg_types),
        result_type=result, returns_set=False, volatility="i", strict=strict,
        cost=1.0, source=source, variadic_type=variadic, parallel="s")
    catalog_writes.insert_row("pg_proc", function_creation.pg_proc_values(oid, definition))
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=function_creation.PG_PROC, objid=oid, objsubid=0,
        refclassid=d.PG_TYPE_OID, refobjid=owner_type, refobjsubid=0, deptype="i"))
    return oid


def execute_create_range(node: dict) -> str:
    namespace, name = type_commands.type_target(
        [n["String"]["sval"] for n in node["typeName"]])
    type_commands.check_new_type_name(namespace, name)
    params: dict[str, dict] = {}
    for wrapped in node.get("params", []):
        element = wrapped["DefElem"]
        key = element["defname"].lower()
        if key not in _PARAMETERS:
            raise PgError(SYNTAX_ERROR, f'type attribute "{element["defname"]}" not recognized')
        if key in params:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options")
        params[key] = element.get("arg")
    if "subtype" not in params:
        raise PgError(SYNTAX_ERROR, 'type attribute "subtype" is required')
    subtype, _typmod = resolve_type_name(params["subtype"]["TypeName"])
    sub_row = cc.get_type_row(subtype)
    if sub_row is None or sub_row.typtype == "p":
        raise PgError(DATATYPE_MISMATCH,
                      f"range subtype cannot be {registry.format_type(subtype)}")
    opclass = _subtype_operator_class(params.get("subtype_opclass"), subtype)
    subtype_diff = _subtype_diff_function(params.get("subtype_diff"), subtype)
    multi_name = _multirange_name(name)
    if params.get("multirange_type_name") is not None:
        names = [n["String"]["sval"] for n in params["multirange_type_name"]["TypeName"]["names"]]
        multi_namespace, multi_name = type_commands.type_target(names)
    else:
        multi_namespace = namespace
    type_commands.check_new_type_name(multi_namespace, multi_name)
    align = "d" if sub_row.typalign == "d" else "i"
    range_array, range_oid = _new_oid(), _new_oid()
    multi_oid, multi_array = _new_oid(), _new_oid()
    common = dict(typtype="r", category="R", typlen=-1, typbyval=False, typalign=align,
                  typstorage="x")
    type_commands.insert_type_rows(
        oid=range_oid, array_oid=range_array, name=name, namespace=namespace,
        io=("range_in", "range_out", "range_recv", "range_send"), **common)
    common["typtype"] = "m"
    type_commands.insert_type_rows(
        oid=multi_oid, array_oid=multi_array, name=multi_name, namespace=multi_namespace,
        io=("multirange_in", "multirange_out", "multirange_recv", "multirange_send"),
        **common)
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=d.PG_TYPE_OID, objid=multi_oid, objsubid=0,
        refclassid=d.PG_TYPE_OID, refobjid=range_oid, refobjsubid=0, deptype="i"))
    catalog_writes.insert_row("pg_range", d.row_values(
        "pg_range", rngtypid=range_oid, rngsubtype=subtype, rngmultitypid=multi_oid,
        rngcollation=sub_row.typcollation, rngsubopc=opclass, rngcanonical=0,
        rngsubdiff=subtype_diff))
    _record_range_dependencies(range_oid, subtype, opclass, subtype_diff)
    _constructor(name, namespace, [subtype, subtype], range_oid, "range_constructor2",
                 False, range_oid)
    _constructor(name, namespace, [subtype, subtype, TEXT], range_oid, "range_constructor3",
                 False, range_oid)
    _constructor(multi_name, multi_namespace, [], multi_oid, "multirange_constructor0",
                 True, range_oid)
    single = _constructor(multi_name, multi_namespace, [range_oid], multi_oid,
                          "multirange_constructor1", True, range_oid)
    # range -> multirange: an explicit cast through that constructor, part of the types
    from pgsnake.catalog import cast_creation
    cast_creation.create_cast(range_oid, multi_oid, single, "e", "f", dependency.INTERNAL)
    _constructor(multi_name, multi_namespace, [range_array], multi_oid,
                 "multirange_constructor2", True, range_oid, variadic=range_oid)
    type_commands.done()
    return "CREATE TYPE"


def _subtype_operator_class(node: dict | None, subtype: int) -> int:
    """SUBTYPE_OPCLASS, or the subtype's default B-tree class, which orders the bounds."""
    from pgsnake.catalog import index_creation
    if node is not None:
        return index_creation.named_operator_class(_names(node), subtype)
    try:
        return index_creation.default_operator_class(subtype, registry.format_type(subtype))
    except PgError as error:
        error.hint = ("You must specify an operator class for the range type or define a "
                      "default operator class for the subtype.")
        raise


def _subtype_diff_function(node: dict | None, subtype: int) -> int:
    """SUBTYPE_DIFF: a function (subtype, subtype) returning double precision (the
    planner's distance between two bounds), 0 when not given."""
    from pgsnake.catalog import lookup_functions
    if node is None:
        return 0
    names = _names(node)
    oid = lookup_functions.function_with_args(names, [subtype, subtype])
    shown = f"{'.'.join(names)}({', '.join([registry.format_type(subtype)] * 2)})"
    if oid is None:
        raise PgError(UNDEFINED_FUNCTION, f"function {shown} does not exist")
    if lookup_functions.proc_row(oid).prorettype != FLOAT8:
        raise PgError(INVALID_OBJECT_DEFINITION, f"range subtype diff function {shown} "
                      "must return type double precision")
    return oid


def _names(node: dict) -> list[str]:
    """The qualified name a DefElem argument gives (a bare word or a dotted name)."""
    if "TypeName" in node:
        return [n["String"]["sval"] for n in node["TypeName"]["names"]]
    if "List" in node:
        return [n["String"]["sval"] for n in node["List"]["items"]]
    return [node["String"]["sval"]]


def _record_range_dependencies(range_oid: int, subtype: int, opclass: int,
                               subtype_diff: int) -> None:
    """RangeCreate's pg_depend rows: on the subtype, its operator class and the diff
    function (all normal; built-in ones are pinned)."""
    from pgsnake.catalog import dependency
    range_type = dependency.ObjectAddress(d.PG_TYPE_OID, range_oid)
    dependency.record(range_type, dependency.ObjectAddress(d.PG_TYPE_OID, subtype),
                      dependency.NORMAL)
    dependency.record(range_type, dependency.ObjectAddress(PG_OPCLASS, opclass),
                      dependency.NORMAL)
    if subtype_diff:
        dependency.record(range_type, dependency.ObjectAddress(
            dependency.PG_PROC_OID, subtype_diff), dependency.NORMAL)


utility_statement.register("CreateRangeStmt", "CREATE TYPE",
                           lambda node, raw: execute_create_range(node))
