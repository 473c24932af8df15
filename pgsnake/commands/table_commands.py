"""CREATE TABLE and DROP TABLE: turn the parsed statement (pglast's JSON node tree) into
calls to catalog/heap_creation.py.

CREATE TABLE resolves each column's type name (with PostgreSQL's aliases and type
modifiers), collects NOT NULL / NULL / DEFAULT, and stores a default as SQL text
(deparsed from the parse tree). Supported column and table constraints:
    NOT NULL, NULL, DEFAULT        as PostgreSQL
    PRIMARY KEY, UNIQUE            a unique B-tree index each (commands/index_commands.py);
                                   PRIMARY KEY also makes its columns NOT NULL
    CHECK, REFERENCES, EXCLUDE,    0A000 feature_not_supported
    GENERATED, IDENTITY
DROP TABLE [IF EXISTS] a, b: every name is resolved first, so a missing one drops none;
a table's indexes go with it. DROP INDEX is index_commands.execute_drop_index.

Entry points: execute_create_table(node) -> 'CREATE TABLE', execute_drop(node) ->
'DROP TABLE', deparse_expression(node) -> str.

PostgreSQL: commands/tablecmds.c (DefineRelation, RemoveRelations),
parser/parse_utilcmd.c (transformCreateStmt, transformColumnDefinition),
parser/parse_type.c (typenameTypeIdAndMod), utils/adt/ruleutils.c (the idea of
deparsing an expression back to SQL).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.transam import xact
from pgsnake.catalog import object_permissions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import heap_creation, relation_locks
from pgsnake.catalog.heap_creation import ColumnSpec
from pgsnake.catalog import sequence_creation
from pgsnake.commands import (check_constraints, foreign_keys, generated_columns,
                              index_commands, sequence_commands)
from pgsnake.executor import portal_query
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_SCHEMA_NAME,
                                  INVALID_TABLE_DEFINITION, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

# ---------------------------------------------------------------------------------------
# Deparsing a default expression back to SQL text (pglast's printer works on its AST
# classes, so the JSON dicts are rebuilt into those first).


def _is_wrapped(value: dict) -> bool:
    """JSON node fields typed Node* are wrapped as {"TypeName": {...}}; fields with a
    concrete struct type (TypeName*) hold the struct's fields directly."""
    from pglast import ast
    if len(value) != 1:
        return False
    key, inner = next(iter(value.items()))
    return isinstance(inner, dict) and isinstance(getattr(ast, key, None), type)


_CONST_DEFAULTS = {"ival": 0, "fval": "0", "sval": "", "boolval": False, "bsval": ""}


def _build(kind: str, fields: dict):
    from pglast import ast
    if kind == "A_Const":
        if fields.get("isnull"):
            return ast.A_Const(isnull=True)
        for key, value_class in (("ival", ast.Integer), ("fval", ast.Float),
                                 ("sval", ast.String), ("boolval", ast.Boolean),
                                 ("bsval", ast.BitString)):
            if key in fields:
                # libpg_query's JSON omits zero / empty / false values.
                inner = fields[key] or {key: _CONST_DEFAULTS[key]}
                return ast.A_Const(isnull=False, val=value_class(**inner))
    if kind == "List":
        return _node(fields.get("items", []))
    node_class = getattr(ast, kind)
    slots = node_class.__slots__
    built = {}
    for name, value in fields.items():
        if isinstance(value, dict):
            if _is_wrapped(value):
                built[name] = _node(value)
            else:
                c_type = slots[name].c_type if name in slots else ""
                built[name] = _build(c_type.rstrip("*"), value)
        elif isinstance(value, list):
            built[name] = tuple(_node(v) if isinstance(v, dict) else v for v in value)
        else:
            built[name] = value
    return node_class(**built)


def _node(wrapped):
    if isinstance(wrapped, list):
        return tuple(_node(x) for x in wrapped)
    (kind, fields), = wrapped.items()
    return _build(kind, fields)


def deparse_expression(node: dict) -> str:
    """SQL text for an expression node (pglast JSON form)."""
    from pglast import stream
    return stream.RawStream()(_node(node))


# ---------------------------------------------------------------------------------------
# Names and types


def _strings(names: list[dict]) -> list[str]:
    return [n["String"]["sval"] for n in names]


def _type_display_name(names: list[str], array: bool) -> str:
    shown = ".".join(n for n in names if n != "pg_catalog") if names[0] == "pg_catalog" \
        else ".".join(names)
    return shown + ("[]" if array else "")


def resolve_type_name(type_name: dict) -> tuple[int, int]:
    """TypeName node -> (type oid, typmod). 42704 if the type does not exist."""
    from pgsnake.datatypes import registry
    names = _strings(type_name["names"])
    is_array = bool(type_name.get("arrayBounds"))
    if type_name.get("setof"):
        raise PgError(FEATURE_NOT_SUPPORTED, "this kind of type name is not supported")
    if type_name.get("pct_type"):
        return _column_type_reference(names, is_array)
    schema, name = (names[-2], names[-1]) if len(names) >= 2 else (None, names[0])
    row = None
    if schema is not None:
        nsp = cc.get_namespace_oid(schema)
        if nsp is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
        row = cc.lookup_type_row(name, nsp)
    else:
        row = cc.lookup_type_row(name)
    type_oid = row.oid if row is not None else None
    if type_oid is None and schema in (None, "pg_catalog"):
        info = registry.lookup_type_name(name)    # SQL spellings: 'integer', 'int', ...
        type_oid = None if info is None else info.oid
    if type_oid is None:
        raise PgError(UNDEFINED_OBJECT,
                      f'type "{_type_display_name(names, is_array)}" does not exist')
    typmod = -1
    modifiers = type_name.get("typmods")
    if modifiers:
        values = []
        for m in modifiers:
            const = m.get("A_Const", {})
            if "ival" not in const:
                raise PgError("42601", "type modifiers must be simple constants or identifiers")
            values.append(const["ival"].get("ival", 0))
        typmod = registry.typmod_from_modifiers(type_oid, values)
    if is_array:
        element = cc.get_type_row(type_oid)
        array_oid = element.typarray if element is not None else 0
        if not array_oid:
            try:
                array_oid = registry.get_type(type_oid).array_oid
            except PgError:
                array_oid = 0
        if not array_oid:
            raise PgError(UNDEFINED_OBJECT,
                          f'could not find array type for data type {_type_display_name(names, False)}')
        type_oid = array_oid
    return type_oid, typmod


def _column_type_reference(names: list[str], is_array: bool) -> tuple[int, int]:
    """`table.column%TYPE` ([schema.]table.column): the column's type, with
    PostgreSQL's notice that the reference was converted (LookupTypeNameExtended)."""
    from pgsnake.datatypes import registry
    written = ".".join(names)
    if len(names) < 2:
        raise PgError("42601", f"improper %TYPE reference (too few dotted names): {written}")
    if len(names) > 4:
        raise PgError("42601", f"improper %TYPE reference (too many dotted names): {written}")
    relname, field = names[-2], names[-1]
    schema = names[-3] if len(names) >= 3 else None
    oid = cc.lookup_relation_oid(relname, schema, schema_must_exist=True)
    relation = cc.get_relation(oid) if oid is not None else None
    if relation is None:
        shown = f"{schema}.{relname}" if schema is not None else relname
        raise PgError("42P01", f'relation "{shown}" does not exist')
    attribute = next((a for a in relation.attributes
                      if a.name == field and not a.is_dropped), None)
    if attribute is None:
        raise PgError("42703", f'column "{field}" of relation "{relname}" does not exist')
    type_oid = attribute.type_oid
    if is_array:
        element = cc.get_type_row(type_oid)
        type_oid = element.typarray if element is not None and element.typarray else \
            registry.get_type(type_oid).array_oid
    notices.emit("00000", f"type reference {written}%TYPE{'[]' if is_array else ''} "
                          f"converted to {registry.format_type(type_oid)}")
    return type_oid, -1


# ---------------------------------------------------------------------------------------
# CREATE TABLE


def _unsupported(what: str) -> PgError:
    return PgError(FEATURE_NOT_SUPPORTED, f"{what} is not supported yet")


def default_text(node: dict, type_oid: int, typmod: int, column_name: str,
                 position=None) -> str | None:
    """What pg_attrdef.adbin stores for DEFAULT `node`: the analysed expression as text
    (parser/default_expressions.py), None for DEFAULT NULL (no pg_attrdef row, as in
    PostgreSQL), except on a domain column, where NULL overrides the domain's default.
    `position` maps a node location to a statement position."""
    from pgsnake.parser.default_expressions import analyze_default
    from pgsnake.rewrite.stored_expressions import stored_text
    if "A_Const" in node and node["A_Const"].get("isnull"):
        type_row = cc.get_type_row(type_oid)
        if type_row is None or type_row.typtype != "d":
            return None
    source = None if position is None else _PositionSource(position)
    return stored_text(analyze_default(node, source, type_oid, typmod, column_name))


class _PositionSource:
    """The part of a statement's source the parser's errors use: location -> position."""
    def __init__(self, position) -> None:
        self.position = position


def _table_persistence(serial) -> str:
    """The table's persistence as its serial / identity sequences take it: 'u' for an
    unlogged table, else 'p' (a temporary schema makes them temporary)."""
    return serial[6] if len(serial) > 6 else "p"


def _column_spec(column: dict, primary_key_columns: set[str],
                 index_specs: list, serial=None, position=None) -> ColumnSpec:
    name = column["colname"]
    serial_type = sequence_commands.serial_type(column["typeName"])
    if serial_type is not None:
        if serial is None:
            raise _unsupported("a serial column here")
        type_oid, typmod = serial_type, -1
    else:
        type_oid, typmod = resolve_type_name(column["typeName"])
    row = cc.get_type_row(type_oid)
    if row is not None and row.typtype == "p":
        raise PgError(INVALID_TABLE_DEFINITION, f'column "{name}" has pseudo-type {row.typname}')
    not_null = name in primary_key_columns
    default_sql = None
    default_location = None
    identity = None                   # the CONSTR_IDENTITY node
    generation = None                 # the CONSTR_GENERATED node
    saw_nullable = declared_not_null = False      # a NULL / NOT NULL clause, and which
    last_location = None
    for wrapped in foreign_keys.apply_constraint_attributes(column.get("constraints", [])):
        constraint = wrapped["Constraint"]
        kind = constraint["contype"]
        last_location = constraint.get("location")
        if kind in ("CONSTR_NOTNULL", "CONSTR_NULL"):
            if saw_nullable and declared_not_null != (kind == "CONSTR_NOTNULL"):
                raise _conflicting_nullability(name, last_location)
            saw_nullable, declared_not_null = True, kind == "CONSTR_NOTNULL"
            not_null = not_null or declared_not_null
        elif kind == "CONSTR_DEFAULT":
            if serial_type is not None:
                raise PgError("42601", f'multiple default values specified for column '
                                       f'"{name}" of table "{{table}}"')
            if default_sql is not None:
                raise PgError("42601", f'multiple default values specified for column '
                                       f'"{name}" of table "{{table}}"')
            if generation is not None:
                raise generated_columns.clause_error("default", name,
                                                     constraint.get("location"))
            default_location = constraint.get("location")
            default_sql = default_text(constraint["raw_expr"], type_oid, typmod, name,
                                       position)
        elif kind in ("CONSTR_PRIMARY", "CONSTR_UNIQUE"):
            not_null = not_null or kind == "CONSTR_PRIMARY"
            index_specs.append(index_commands.index_spec_for_constraint(constraint, name))
        elif kind == "CONSTR_CHECK":
            if serial is None:
                raise _unsupported("a CHECK constraint here")
            serial[3].append((constraint, name))
        elif kind == "CONSTR_FOREIGN":
            if serial is None or len(serial) < 5:
                raise _unsupported("a FOREIGN KEY constraint here")
            serial[4].append((constraint, name))
        elif kind == "CONSTR_IDENTITY":
            if identity is not None:
                error = PgError("42601", f'multiple identity specifications for column '
                                         f'"{name}" of table "{{table}}"')
                error.node_location = constraint.get("location")
                raise error
            if generation is not None:
                raise generated_columns.clause_error("identity", name,
                                                     constraint.get("location"))
            identity = constraint
        elif kind == "CONSTR_GENERATED":
            if generation is not None:
                raise generated_columns.clause_error("generated", name,
                                                     constraint.get("location"))
            if identity is not None:
                raise generated_columns.clause_error("identity", name,
                                                     constraint.get("location"))
            if default_location is not None:
                raise generated_columns.clause_error("default", name,
                                                     constraint.get("location"))
            if serial is None or len(serial) < 6:
                raise _unsupported("a generated column here")
            generation = constraint
        else:
            raise _unsupported(f"constraint {kind}")
    collation = None
    if column.get("collClause"):
        clause = column["collClause"]
        from pgsnake.parser.transform_expression import lookup_collation
        try:
            collation = lookup_collation(
                [n["String"]["sval"] for n in clause["collname"]], type_oid)
        except PgError as error:
            error.node_location = clause.get("location")
            raise
    if serial_type is not None:
        # The sequence comes first (its OID before the table's), owned by the column
        # once the table exists (serial.owners).
        table_name, namespace_oid, owners = serial[:3]
        sequence_oid, default_sql = sequence_commands.create_serial_sequence(
            table_name, name, namespace_oid, serial_type, _table_persistence(serial))
        owners.append((sequence_oid, name, "a"))
        not_null = True
    identity_kind = ""
    if identity is not None and saw_nullable and not declared_not_null:
        raise _conflicting_nullability(name, last_location)
    if identity is not None:
        if default_sql is not None:
            error = PgError("42601", f'both default and identity specified for column '
                                     f'"{name}" of table "{{table}}"')
            if serial_type is None:           # (a serial's default has no place in the text)
                error.node_location = identity.get("location")
            raise error
        if serial is None:
            raise _unsupported("an identity column here")
        table_name, namespace_oid, owners = serial[:3]
        sequence_oid = sequence_commands.create_identity_sequence(
            table_name, name, namespace_oid, type_oid, identity.get("options"),
            _table_persistence(serial))
        owners.append((sequence_oid, name, "i"))
        identity_kind = identity["generated_when"]
        not_null = True
    generated = ""
    if generation is not None:
        serial[5].append((generation, name))
        generated = "s"
    from pgsnake.commands import column_storage         # COMPRESSION clause
    return ColumnSpec(name, type_oid, typmod, not_null, default_sql, identity_kind,
                      column_storage.compression_char(type_oid, column.get("compression")),
                      collation, generated)


def _refuse_column_storage_clause(node: dict, source) -> None:
    """A column's STORAGE clause in CREATE TABLE is PostgreSQL 16's; our raw parser's
    newer grammar takes it, PostgreSQL 15's stops at the word STORAGE (42601)."""
    import re
    for wrapped in node.get("tableElts") or ():
        column = wrapped.get("ColumnDef")
        if column is None or not column.get("storage_name"):
            continue
        text = source.text if source is not None else ""
        start = source.char_offset(column.get("location", 0)) if source is not None else 0
        found = re.compile(r"\b(storage)\b", re.IGNORECASE).search(text, start)
        if found is None:
            raise PgError("42601", "syntax error")
        raise PgError("42601", f'syntax error at or near "{found.group(1)}"',
                      position=found.start(1) + 1)


def _conflicting_nullability(name: str, location) -> PgError:
    """NULL and NOT NULL on one column, or NULL on an identity column (42601, at the
    column's last constraint, as transformColumnDefinition reports it)."""
    error = PgError("42601", f'conflicting NULL/NOT NULL declarations for column "{name}" '
                             f'of table "{{table}}"')
    error.node_location = location
    return error


def column_spec(column: dict, primary_key_columns: set[str], index_specs: list,
                table_name: str, serial=None, position=None) -> ColumnSpec:
    """The ColumnSpec of a ColumnDef node (CREATE TABLE, ALTER TABLE ADD COLUMN); its
    PRIMARY KEY / UNIQUE constraints are appended to `index_specs`. `serial` is
    (table name, namespace oid, owners list) where serial columns are allowed: their
    sequences are created now and (sequence oid, column name, pg_depend deptype)
    appended to owners (the caller records them once the table exists)."""
    try:
        return _column_spec(column, primary_key_columns, index_specs, serial, position)
    except PgError as error:
        location = getattr(error, "node_location", None)
        if location is not None and position is not None:
            error.position = position(location)
        error.message = error.message.replace("{table}", table_name)
        error.args = (error.message,)
        raise


def creation_namespace(relation: dict) -> int:
    """The schema a CREATE puts a new relation in: the RangeVar's, or search_path's first."""
    if relation.get("catalogname"):
        raise PgError(FEATURE_NOT_SUPPORTED, "cross-database references are not implemented: "
                      f'"{relation["catalogname"]}.{relation.get("schemaname")}.{relation["relname"]}"')
    schema = relation.get("schemaname")
    from pgsnake.catalog import temp_namespace     # TEMP, or pg_temp named
    temp = temp_namespace.creation_namespace_for(schema, relation.get("relpersistence", "p"))
    if temp is not None:
        return temp
    if schema is None:
        return cc.creation_namespace()
    oid = cc.get_namespace_oid(schema)
    if oid is None:
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    return oid


def execute_create_table(node: dict, source=None) -> str:
    """CREATE TABLE (CreateStmt node). Returns the command tag. `source` (the query's
    parser.raw_parser.SourceText) turns node locations into error positions."""
    def position(location):
        return None if source is None else source.position(location)

    relation = node["relation"]
    # UNLOGGED: no WAL for the rows, reset to the init fork after a crash (TEMP is
    # temp_namespace.py's)
    persistence = "u" if relation.get("relpersistence", "p") == "u" else "p"
    from pgsnake.commands import partition_commands     # PARTITION BY / OF, INHERITS
    partition_commands.partition_column_options(node)
    for unsupported_key, what in (("accessMethod", "USING"), ("tablespacename", "TABLESPACE")):
        if node.get(unsupported_key):
            raise _unsupported(what)
    from pgsnake.commands import relation_options
    reloptions = relation_options.table_options(node.get("options"))
    name = relation["relname"]
    try:
        namespace_oid = creation_namespace(relation)
    except PgError as error:
        if error.sqlstate == "42P16" and error.position is None:    # TEMP in a plain schema
            error.position = position(relation.get("location"))
        raise
    object_permissions.check_namespace_create(namespace_oid,
                                              position=position(relation.get("location")))
    if node.get("if_not_exists") and cc.relation_oid_in(namespace_oid, name) is not None:
        # Without IF NOT EXISTS the clash is reported by create_table, after the columns
        # are checked (so a bad type name is reported first, as in PostgreSQL).
        notices.emit("42P07", f'relation "{name}" already exists, skipping')
        return "CREATE TABLE"

    from pgsnake.commands import typed_tables     # OF type: the type's columns
    of_type = typed_tables.expand_of_type(node)
    _refuse_column_storage_clause(node, source)
    from pgsnake.commands import table_like       # LIKE source: its columns, and more after
    elements, like_after_create = table_like.expand(node.get("tableElts", []), source)
    # the storage LIKE ... INCLUDING STORAGE gives columns, which must agree with an
    # inherited column's (partition_commands.inherited_columns)
    node["column_storage"] = {e["ColumnDef"]["colname"]: e["ColumnDef"]["storage"]
                              for e in elements if e.get("ColumnDef", {}).get("storage")}
    primary_key_columns: set[str] = set()
    foreign_keys_to_add: list = []    # (FOREIGN KEY constraint node, column or None)
    checks: list = []                 # (CHECK constraint node, column or None)
    primary_keys = 0
    second_primary_key = None         # its location, for the error position
    table_index_specs = []
    for wrapped in elements:
        if "Constraint" in wrapped:
            constraint = wrapped["Constraint"]
            kind = constraint["contype"]
            if kind == "CONSTR_PRIMARY":
                primary_keys += 1
                if primary_keys == 2:
                    second_primary_key = constraint.get("location")
                primary_key_columns.update(k["String"]["sval"] for k in constraint.get("keys", []))
                table_index_specs.append(index_commands.index_spec_for_constraint(constraint))
            elif kind == "CONSTR_UNIQUE":
                table_index_specs.append(index_commands.index_spec_for_constraint(constraint))
            elif kind == "CONSTR_EXCLUSION":
                from pgsnake.commands import exclusion_constraints
                table_index_specs.append(exclusion_constraints.index_spec(constraint, source))
            elif kind == "CONSTR_CHECK":
                checks.append((constraint, None))
            elif kind == "CONSTR_FOREIGN":
                foreign_keys_to_add.append((constraint, None))
            else:
                raise _unsupported(f"table constraint {kind}")
        elif "ColumnDef" in wrapped:
            for c in wrapped["ColumnDef"].get("constraints", []):
                if c["Constraint"]["contype"] == "CONSTR_PRIMARY":
                    primary_keys += 1
                    if primary_keys == 2:
                        second_primary_key = c["Constraint"].get("location")
    if primary_keys > 1:
        raise PgError(INVALID_TABLE_DEFINITION,
                      f'multiple primary keys for table "{name}" are not allowed',
                      position=position(second_primary_key))

    columns = []
    column_index_specs: list = []
    owners: list[tuple[int, str, str]] = []
    column_checks: list = []
    generated: list = []              # (CONSTR_GENERATED node, column name)
    for wrapped in elements:
        if "ColumnDef" in wrapped:
            columns.append(column_spec(wrapped["ColumnDef"], primary_key_columns,
                                       column_index_specs, name,
                                       (name, namespace_oid, owners, column_checks,
                                        foreign_keys_to_add, generated, persistence),
                                       position))
    columns = partition_commands.inherited_columns(node, columns, name)
    # a PRIMARY KEY makes its inherited columns NOT NULL too
    columns = [dataclasses.replace(c, not_null=True)
               if c.name in primary_key_columns and not c.not_null else c for c in columns]
    known = {c.name for c in columns}
    for key in sorted(primary_key_columns - known):
        raise PgError("42703", f'column "{key}" named in key does not exist')
    heap_oid = heap_creation.create_table(name, namespace_oid, columns, persistence)
    partition_commands.after_create(node, heap_oid, source)
    typed_tables.after_create(heap_oid, of_type)
    if reloptions:
        relation_options.store(heap_oid, reloptions)
    for sequence_oid, column_name, deptype in owners:
        attnum = next(i for i, c in enumerate(columns, start=1) if c.name == column_name)
        sequence_creation.set_owner(sequence_oid, heap_oid, attnum, deptype)
    generated_columns.store_expressions(heap_oid, generated, source)
    table = cc.get_relation(heap_oid)
    for constraint, column_name in column_checks + checks:
        check_constraints.add_check(table, constraint, column_name, source)
    index_commands.create_constraint_indexes(heap_oid, column_index_specs + table_index_specs,
                                             position)
    like_after_create(heap_oid)
    from pgsnake.commands import on_commit_actions
    on_commit_actions.register_for_new_table(heap_oid, node.get("oncommit"), relation)
    # Foreign keys last: one may reference this table's own new key.
    for constraint, column_name in sorted(foreign_keys_to_add, key=lambda c: c[1] is None):
        foreign_keys.add_foreign_key(cc.get_relation(heap_oid), constraint, column_name, source)
    return "CREATE TABLE"


# ---------------------------------------------------------------------------------------
# DROP TABLE


def execute_drop(node: dict) -> str:
    """DROP TABLE [IF EXISTS] name [, ...] (DropStmt node). Returns the command tag."""
    if node.get("removeType") == "OBJECT_INDEX":
        return index_commands.execute_drop_index(node)
    if node.get("removeType") == "OBJECT_SEQUENCE":
        return sequence_commands.drop_sequences(node)
    if node.get("removeType") == "OBJECT_SCHEMA":
        from pgsnake.commands import schema_commands
        return schema_commands.execute_drop_schema(node)
    if node.get("removeType") == "OBJECT_EXTENSION":
        from pgsnake.commands import extension_commands
        return extension_commands.execute_drop_extension(node)
    if node.get("removeType") in ("OBJECT_VIEW", "OBJECT_MATVIEW"):
        from pgsnake.commands import view_commands
        return view_commands.execute_drop_views(node)
    if node.get("removeType") in ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"):
        from pgsnake.commands import function_commands
        return function_commands.execute_drop_function(node)
    if node.get("removeType") in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
        from pgsnake.commands import type_commands
        return type_commands.execute_drop_types(node)
    if node.get("removeType") == "OBJECT_TRIGGER":
        from pgsnake.commands import trigger_commands
        return trigger_commands.execute_drop_triggers(node)
    from pgsnake.commands import drop_other_objects
    if node.get("removeType") in drop_other_objects.KINDS:
        return drop_other_objects.execute_drop(node)
    if node.get("removeType") == "OBJECT_EVENT_TRIGGER":
        from pgsnake.commands import event_trigger_commands
        return event_trigger_commands.execute_drop(node)
    if node.get("removeType") == "OBJECT_POLICY":
        from pgsnake.commands import policy_commands
        return policy_commands.execute_drop_policies(node)
    if node.get("removeType") == "OBJECT_STATISTIC_EXT":
        from pgsnake.commands import statistics_commands
        return statistics_commands.drop_statistics(node)
    if node.get("removeType") != "OBJECT_TABLE":
        kind = node.get("removeType", "").removeprefix("OBJECT_").replace("_", " ")
        raise _unsupported(f"DROP {kind}")
    missing_ok = bool(node.get("missing_ok"))
    to_drop: list[int] = []
    for obj in node.get("objects", []):
        names = _strings(obj["List"]["items"])
        name = names[-1]
        schema = names[-2] if len(names) >= 2 else None
        shown = ".".join(names)
        if len(names) > 3:
            raise PgError("42601", f"improper qualified name (too many dotted names): {shown}")
        if schema is not None and cc.get_namespace_oid(schema) is None:
            if missing_ok:
                notices.emit("00000", f'schema "{schema}" does not exist, skipping')
                continue
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
        # AccessExclusiveLock first: we wait for every reader and writer of the table,
        # and the definition we then check is the committed one (relation_locks rule 1).
        oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
        if oid is None:
            if missing_ok:
                notices.emit("00000", f'table "{shown}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_TABLE, f'table "{shown}" does not exist')
        row = cc.class_row(oid)
        if row.relkind not in ("r", "p"):
            raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a table',
                          hint=heap_creation.drop_hint(row.relkind))
        object_permissions.check_relation_drop(oid)
        if oid not in to_drop:
            to_drop.append(oid)
    if to_drop:       # with what depends on them (pg_depend): partitions, views, FKs, ...
        from pgsnake.catalog.dependency import relation
        from pgsnake.commands import dependent_objects
        dependent_objects.perform_deletion([relation(oid) for oid in to_drop],
                                           node.get("behavior") == "DROP_CASCADE")
    return "DROP TABLE"


# -- statement routing ------------------------------------------------------------------------
# The executor cannot import this (higher) layer, so CREATE TABLE and DROP register
# themselves with the portal code, which hands them to tcop like any prepared statement.

class TableCommandStatement:
    """CREATE TABLE / DROP, run by commands.table_commands when executed."""

    param_types: list = []
    columns = None

    def __init__(self, raw, param_types) -> None:
        self.raw = raw
        if raw.kind == "CreateStmt":
            self.command_kind = "CREATE TABLE"
        else:
            remove_type = raw.node["DropStmt"].get("removeType", "OBJECT_TABLE")
            self.command_kind = "DROP " + remove_type.removeprefix("OBJECT_").replace("_", " ")
            if remove_type == "OBJECT_STATISTIC_EXT":
                self.command_kind = "DROP STATISTICS"

    def execute(self, params):
        xact.prevent_command_if_read_only(self.command_kind)
        if self.raw.kind == "CreateStmt":
            tag = execute_create_table(self.raw.node["CreateStmt"], self.raw.source)
        else:
            tag = execute_drop(self.raw.node["DropStmt"])
        return portal_query.QueryResult(None, [], tag)


portal_query.register_utility("CreateStmt", TableCommandStatement)
portal_query.register_utility("DropStmt", TableCommandStatement)
