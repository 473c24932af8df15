"""Typed tables: CREATE TABLE name OF composite_type [(column WITH OPTIONS ..., table
constraints)], ALTER TABLE ... OF type / NOT OF, and what a typed table refuses.

A typed table takes its columns from a stand-alone composite type (CREATE TYPE ... AS),
in the type's order; `column WITH OPTIONS` adds constraints, a default or a collation to
one of them. pg_class.reloftype holds the type and the table depends on it normally
(pg_depend), so DROP TYPE is 2BP01 unless CASCADE, which drops the table. A typed
table's columns follow the type: ALTER TABLE may not add, drop, rename or retype them
(42809), ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE is refused while typed tables use
the type, unless CASCADE (type_commands asks typed_tables_of). ALTER TABLE ... OF checks
that the table's columns are the type's (names, types, order; no extra ones).

Entry points: expand_of_type(node) (CREATE TABLE, before the columns are read),
after_create(oid, type_oid), alter_subcommand(relation, cmd), refuse_column_change(
relation, what), typed_tables_of(type_oid).

PostgreSQL: parser/parse_utilcmd.c (transformOfType), commands/tablecmds.c
(MergeAttributes' typed-table case, ATExecAddOf, ATExecDropOf, check_of_type,
find_typed_table_dependencies).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, invalidation
from pgsnake.utils.errors import PgError

WRONG_OBJECT_TYPE, DUPLICATE_COLUMN, UNDEFINED_COLUMN = "42809", "42701", "42703"
DATATYPE_MISMATCH, FEATURE_NOT_SUPPORTED = "42804", "0A000"


def _type_name(type_oid: int) -> str:
    from pgsnake.datatypes import registry
    return registry.format_type(type_oid)


def _composite_columns(type_oid: int) -> list:
    """The attributes of a stand-alone composite type; 42809 for any other type."""
    row = cc.get_type_row(type_oid)
    relation = cc.class_row(row.typrelid) if row is not None and row.typrelid else None
    if row is None or row.typtype != "c" or relation is None or relation.relkind != "c":
        raise PgError(WRONG_OBJECT_TYPE, f"type {_type_name(type_oid)} is not a composite "
                                         f"type")
    return [a for a in cc.get_relation(row.typrelid).attributes
            if a.attnum > 0 and not a.is_dropped]


def _type_name_node(attribute) -> dict:
    """A TypeName node (pglast JSON) naming the attribute's type with its typmod."""
    from pgsnake.datatypes import registry
    from pgsnake.parser.raw_parser import parse_sql
    text = registry.format_type(attribute.type_oid, attribute.typmod)
    statement = parse_sql(f"CREATE TABLE x (c {text})")[0]
    return statement.node["CreateStmt"]["tableElts"][0]["ColumnDef"]["typeName"]


def _resolve(type_name: dict) -> int:
    from pgsnake.commands.table_commands import resolve_type_name
    return resolve_type_name(type_name)[0]


def expand_of_type(node: dict) -> int | None:
    """CREATE TABLE ... OF type: the type's columns written into the statement (with
    the WITH OPTIONS of each); returns the type's OID, or None without OF."""
    of_type = node.get("ofTypename")
    if not of_type:
        return None
    type_oid = _resolve(of_type)
    attributes = _composite_columns(type_oid)
    by_name = {a.name: a for a in attributes}
    options: dict[str, dict] = {}
    others = []
    for wrapped in node.get("tableElts") or []:
        column = wrapped.get("ColumnDef")
        if column is None:
            others.append(wrapped)
            continue
        name = column["colname"]
        for wrapped_constraint in column.get("constraints") or ():  # transformColumnDefinition
            kind = wrapped_constraint.get("Constraint", {}).get("contype")
            if kind in ("CONSTR_GENERATED", "CONSTR_IDENTITY"):
                raise PgError(FEATURE_NOT_SUPPORTED, f'{"generated" if kind == "CONSTR_GENERATED" else "identity"} '
                                                     f'columns are not supported on typed tables')
        if column.get("typeName") is not None:
            raise PgError("42601", "syntax error: a typed table's column takes no type")
        if name not in by_name:
            raise PgError(UNDEFINED_COLUMN, f'column "{name}" does not exist')
        if name in options:
            raise PgError(DUPLICATE_COLUMN, f'column "{name}" specified more than once')
        options[name] = column
    columns = []
    for attribute in attributes:
        column = dict(options.get(attribute.name, {}))
        column.update(colname=attribute.name, typeName=_type_name_node(attribute),
                      is_local=True)
        columns.append({"ColumnDef": column})
    node["tableElts"] = columns + others
    node.pop("ofTypename")
    return type_oid


def after_create(relation_oid: int, type_oid: int | None) -> None:
    if type_oid is not None:
        _set_of_type(relation_oid, type_oid)


def _set_of_type(relation_oid: int, type_oid: int) -> None:
    catalog_writes.update_rows("pg_class", lambda r: r.oid == relation_oid,
                               key=("oid", relation_oid), reloftype=type_oid)
    dependency.record(dependency.relation(relation_oid),
                      dependency.ObjectAddress(1247, type_oid), dependency.NORMAL)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _drop_of_type(relation_oid: int, type_oid: int) -> None:
    catalog_writes.update_rows("pg_class", lambda r: r.oid == relation_oid,
                               key=("oid", relation_oid), reloftype=0)
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == 1259 and
                               r.objid == relation_oid and r.objsubid == 0 and
                               r.refclassid == 1247 and r.refobjid == type_oid and
                               r.deptype == "n")
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def typed_tables_of(type_oid: int) -> list[int]:
    return [r.oid for r in cc.scan_catalog("pg_class") if r.reloftype == type_oid]


def refuse_column_change(relation, what: str) -> None:
    """ALTER TABLE on a typed table's columns: `what` is 'add column to', 'drop column
    from', 'alter column type of' or 'rename column of'."""
    row = cc.class_row(relation.oid)
    if row is not None and row.reloftype:
        raise PgError(WRONG_OBJECT_TYPE, f"cannot {what} typed table")


def alter_subcommand(relation, cmd: dict) -> bool:
    """ALTER TABLE ... OF type / NOT OF; False for other subcommands."""
    subtype = cmd["subtype"]
    if subtype == "AT_AddOf":
        _add_of(relation, _resolve(cmd["def"]["TypeName"]))
        return True
    if subtype == "AT_DropOf":
        row = cc.class_row(relation.oid)
        if not row.reloftype:
            raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a typed table')
        _drop_of_type(relation.oid, row.reloftype)
        return True
    return False


def _add_of(relation, type_oid: int) -> None:
    """ATExecAddOf: the table's columns must be the type's, in order."""
    attributes = _composite_columns(type_oid)
    row = cc.class_row(relation.oid)
    if cc.class_row(relation.oid).relkind != "r":
        raise PgError(WRONG_OBJECT_TYPE, f'"{relation.name}" is not a table')
    if any(r.inhrelid == relation.oid for r in cc.scan_catalog("pg_inherits")):
        raise PgError(WRONG_OBJECT_TYPE, "cannot change inheritance of typed table")
    if row.reloftype:
        _drop_of_type(relation.oid, row.reloftype)
    columns = [a for a in cc.get_relation(relation.oid).attributes
               if a.attnum > 0 and not a.is_dropped]
    for i, attribute in enumerate(attributes):
        if i >= len(columns):
            raise PgError(DATATYPE_MISMATCH, f'table is missing column "{attribute.name}"')
        column = columns[i]
        if column.name != attribute.name:
            raise PgError(DATATYPE_MISMATCH, f'table has column "{column.name}" where type '
                                             f'requires "{attribute.name}"')
        if (column.type_oid, column.typmod) != (attribute.type_oid, attribute.typmod):
            raise PgError(DATATYPE_MISMATCH, f'table "{relation.name}" has different type for '
                                             f'column "{column.name}"')
    if len(columns) > len(attributes):
        extra = columns[len(attributes)].name
        raise PgError(DATATYPE_MISMATCH, f'table has extra column "{extra}"')
    _set_of_type(relation.oid, type_oid)
