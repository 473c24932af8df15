"""CREATE TYPE ... AS (...) and ALTER TYPE ... ADD / DROP / RENAME ATTRIBUTE.

The attributes of a stand-alone composite type are the columns of its relation
(relkind 'c'; catalog/composite_type_creation.py). ALTER TYPE changes them as ALTER
TABLE changes a table's columns; values already stored keep reading (datatypes/record.py
stores a place per attnum). ALTER TYPE on a table's row type is refused as PostgreSQL
refuses it ('... is a table'); ALTER ATTRIBUTE ... TYPE is not supported.

Entry points: execute_create_composite(node), execute_alter_composite(node),
execute_rename_attribute(node).

PostgreSQL: commands/typecmds.c (DefineCompositeType), commands/tablecmds.c
(ATExecAddColumn / ATExecDropColumn / renameatt for OBJECT_TYPE,
find_composite_type_dependencies).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import composite_type_creation, table_alteration
from pgsnake.catalog.heap_creation import ColumnSpec
from pgsnake.commands import type_commands, typed_tables, utility_statement
from pgsnake.commands.table_commands import resolve_type_name
from pgsnake.datatypes import registry
from pgsnake.utils import notices
from pgsnake.utils.errors import (DUPLICATE_COLUMN, FEATURE_NOT_SUPPORTED,
                                  INVALID_TABLE_DEFINITION, UNDEFINED_COLUMN,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)


def _columns(coldefs: list[dict]) -> list[ColumnSpec]:
    columns, seen = [], set()
    for wrapped in coldefs:
        coldef = wrapped["ColumnDef"]
        name = coldef["colname"]
        if name in seen:
            raise PgError(DUPLICATE_COLUMN, f'column "{name}" specified more than once')
        seen.add(name)
        type_oid, typmod = resolve_type_name(coldef["typeName"])
        row = cc.get_type_row(type_oid)
        if row is not None and row.typtype == "p":
            raise PgError(INVALID_TABLE_DEFINITION,
                          f'column "{name}" has pseudo-type {registry.format_type(type_oid)}')
        columns.append(ColumnSpec(name, type_oid, typmod))
    return columns


def execute_create_composite(node: dict) -> str:
    typevar = node["typevar"]
    names = ([typevar["schemaname"]] if typevar.get("schemaname") else []) + [typevar["relname"]]
    namespace, name = type_commands.type_target(names)
    composite_type_creation.create_composite_type(name, namespace,
                                                  _columns(node.get("coldeflist") or []))
    return "CREATE TYPE"


def _composite_row(range_var: dict):
    """ALTER TYPE's attribute commands go through ALTER TABLE in PostgreSQL: the name is
    a relation's (42P01 'relation "x" does not exist' for any other type), one that
    must be a composite type's (42809)."""
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = cc.lookup_relation_oid(name, schema, schema_must_exist=True)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    relation = cc.class_row(oid)
    if relation.relkind != "c":
        raise PgError(WRONG_OBJECT_TYPE, f'"{relation.relname}" is not a composite type')
    return cc.get_type_row(relation.reltype), relation


def _attribute(relation_oid: int, name: str):
    return next((a for a in cc.get_relation(relation_oid).attributes
                 if a.name == name and not a.is_dropped), None)


def execute_alter_composite(node: dict) -> str:
    row, relation = _composite_row(node["relation"])
    for wrapped in node.get("cmds", []):
        cmd = wrapped["AlterTableCmd"]
        subtype = cmd["subtype"]
        typed = typed_tables.typed_tables_of(row.oid)
        if typed and cmd.get("behavior") != "DROP_CASCADE":
            raise PgError("2BP01", f'cannot alter type "{registry.format_type(row.oid)}" '
                                   f'because it is the type of a typed table',
                          hint="Use ALTER ... CASCADE to alter the typed tables too.")
        if subtype == "AT_AddColumn":
            (column,) = _columns([cmd["def"]])
            if _attribute(relation.oid, column.name) is not None:
                raise PgError(DUPLICATE_COLUMN, f'column "{column.name}" of relation '
                                                f'"{relation.relname}" already exists')
            table_alteration.add_column(relation.oid, column)
            for table in typed:      # the typed tables' columns follow the type
                table_alteration.add_column(table, column)
        elif subtype == "AT_DropColumn":
            attribute = _attribute(relation.oid, cmd["name"])
            if attribute is None:
                if cmd.get("missing_ok"):
                    notices.emit("00000", f'column "{cmd["name"]}" of relation '
                                          f'"{relation.relname}" does not exist, skipping')
                    continue
                raise PgError(UNDEFINED_COLUMN, f'column "{cmd["name"]}" of relation '
                                                f'"{relation.relname}" does not exist')
            table_alteration.drop_column(relation.oid, attribute.attnum)
            for table in typed:
                column = _attribute(table, cmd["name"])
                if column is not None:
                    table_alteration.drop_column(table, column.attnum)
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, "this form of ALTER TYPE is not supported yet")
    type_commands.done()
    return "ALTER TYPE"


def execute_rename_attribute(node: dict) -> str:
    row, relation = _composite_row(node["relation"])
    attribute = _attribute(relation.oid, node["subname"])
    if attribute is None:
        raise PgError(UNDEFINED_COLUMN, f'column "{node["subname"]}" does not exist')
    if _attribute(relation.oid, node["newname"]) is not None:
        raise PgError(DUPLICATE_COLUMN, f'column "{node["newname"]}" of relation '
                                        f'"{relation.relname}" already exists')
    table_alteration.rename_column(relation.oid, attribute.attnum, node["newname"])
    type_commands.done()
    return "ALTER TYPE"


utility_statement.register("CompositeTypeStmt", "CREATE TYPE",
                           lambda node, raw: execute_create_composite(node))
