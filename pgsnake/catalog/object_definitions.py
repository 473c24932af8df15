"""The SQL that would create an object, rebuilt from the catalogs: pg_get_indexdef and
pg_get_constraintdef, which psql's \\d, pg_dump and the pg_indexes view print.

An index definition is `CREATE [UNIQUE] INDEX name ON schema.table USING btree (key
columns) [INCLUDE (columns)] [NULLS NOT DISTINCT] [WITH (options)]`, each key column
followed by DESC and the NULLS order when they differ from the defaults (ASC NULLS
LAST, DESC NULLS FIRST). A PRIMARY KEY or UNIQUE constraint is `PRIMARY KEY (columns)`
/ `UNIQUE [NULLS NOT DISTINCT] (columns)` with INCLUDE and DEFERRABLE parts (the
index's WITH options are not part of it: pg_dump prints them from the index).
Names are quoted only when they need it; the table is always schema-qualified.

Entry points: index_definition(oid, column=0) -> text | None,
constraint_definition(oid) -> text | None, register_all(). pg_get_expr and
pg_get_constraintdef, which re-analyse stored expressions, are registered by
rewrite/stored_expressions.py.

PostgreSQL: utils/adt/ruleutils.c (pg_get_indexdef_worker, pg_get_constraintdef_worker,
flatten_reloptions).
"""
from __future__ import annotations

from pgsnake.access.common.tuple_descriptor import INDOPTION_DESC, INDOPTION_NULLS_FIRST
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import index_expressions

TEXT, OID, INT4, BOOL = 25, 26, 23, 16


def _column_names(heap_oid: int, attnums) -> list[str]:
    relation = cc.get_relation(heap_oid)
    by_attnum = {a.attnum: a.name for a in relation.attributes}
    return [cc.quote_identifier(by_attnum.get(attnum, "?")) for attnum in attnums]


def _key_column_text(name: str, option: int) -> str:
    text = name
    if option & INDOPTION_DESC:
        text += " DESC"
        if not option & INDOPTION_NULLS_FIRST:
            text += " NULLS LAST"
    elif option & INDOPTION_NULLS_FIRST:
        text += " NULLS FIRST"
    return text


def _operator_class_text(opclass: int, heap_oid: int, attnum: int) -> str:
    """' text_pattern_ops' when the key column's operator class is not its type's
    default (qualified when not visible), else ''."""
    row = next(iter(cc.scan_catalog("pg_opclass", key=("oid", opclass))), None)
    if row is None or row.opcdefault:
        return ""
    from pgsnake.catalog import lookup_functions
    name = cc.quote_identifier(row.opcname)
    if not lookup_functions.object_is_visible("pg_opclass", opclass):
        name = f"{cc.quote_identifier(cc.namespace_name(row.opcnamespace))}.{name}"
    return " " + name


def natural_collation(index_oid: int, index, position: int) -> int:
    """The collation key column `position` (0-based) has without a COLLATE clause: the
    table column's attcollation, or the expression's type's collation."""
    attnum = (index.indkey or ())[position]
    if attnum > 0:
        row = next((r for r in cc.attribute_rows(index.indrelid) if r.attnum == attnum), None)
        return row.attcollation if row is not None else 0
    attributes = [a for a in cc.get_relation(index_oid).attributes if a.attnum > 0]
    type_row = cc.get_type_row(attributes[position].type_oid) \
        if position < len(attributes) else None
    return type_row.typcollation if type_row is not None else 0


def collation_text(index_oid: int, index, position: int) -> str:
    """' COLLATE "C"' when the key column's collation is not its natural one."""
    collations = list(index.indcollation or ())
    collation = collations[position] if position < len(collations) else 0
    if not collation or collation == natural_collation(index_oid, index, position):
        return ""
    row = next((r for r in cc.scan_catalog("pg_collation") if r.oid == collation), None)
    if row is None:
        return ""
    name = cc.quote_identifier(row.collname)
    namespace = cc.namespace_name(row.collnamespace)
    if namespace != "pg_catalog":
        name = f"{cc.quote_identifier(namespace)}.{name}"
    return " COLLATE " + name


def _options_text(class_row) -> str:
    options = getattr(class_row, "reloptions", None) or ()
    if not options:
        return ""
    parts = []
    for option in options:
        name, _, value = option.partition("=")
        # flatten_reloptions: quoted unless it reads as an identifier needing no quotes
        shown = value if value and cc.quote_identifier(value) == value \
            else "'" + value.replace("'", "''") + "'"
        parts.append(f"{name}={shown}")
    return f" WITH ({', '.join(parts)})"


def _access_method_name(class_row) -> str:
    relam = getattr(class_row, "relam", 0) or 403
    return next((r.amname for r in cc.scan_catalog("pg_am") if r.oid == relam), "btree")


def index_definition(index_oid: int, column: int = 0, pretty: bool = False) -> str | None:
    """pg_get_indexdef: the whole CREATE INDEX, or (column > 0) one column's text.
    Expression columns and a partial index's WHERE come from index_expressions.py."""
    index = cc.index_row(index_oid)
    class_row = cc.class_row(index_oid)
    if index is None or class_row is None:
        return None
    attnums = list(index.indkey or ())
    names = _column_names(index.indrelid, attnums)
    expressions = iter(index_expressions.expression_column_texts(index, pretty) or ())
    names = [next(expressions, "?") if attnum == 0 else name
             for attnum, name in zip(attnums, names)]
    options = list(index.indoption or ())
    if column > 0:
        return names[column - 1] if column <= len(names) else ""
    classes = list(index.indclass or ())
    from pgsnake.catalog import opclass_options
    attoptions = {r.attnum: r.attoptions for r in cc.attribute_rows(index_oid)}
    keys = [_key_column_text(name + collation_text(index_oid, index, i) + _operator_class_text(
                classes[i] if i < len(classes) else 0, index.indrelid, attnums[i])
                             + opclass_options.definition_text(attoptions.get(i + 1)),
                             options[i] if i < len(options) else 0)
            for i, name in enumerate(names[:index.indnkeyatts])]
    heap = cc.class_row(index.indrelid)
    # Pretty printing names the table as search_path sees it (PRETTYFLAG_SCHEMA).
    table = cc.relation_display_name(index.indrelid) if pretty else \
        f"{cc.quote_identifier(cc.namespace_name(heap.relnamespace))}." \
        f"{cc.quote_identifier(heap.relname)}"
    text = (f"CREATE {'UNIQUE ' if index.indisunique else ''}INDEX "
            f"{cc.quote_identifier(class_row.relname)} ON "
            f"{'ONLY ' if class_row.relkind == 'I' else ''}{table} "   # I: a partitioned index
            f"USING {_access_method_name(class_row)} ({', '.join(keys)})")
    if len(names) > index.indnkeyatts:
        text += f" INCLUDE ({', '.join(names[index.indnkeyatts:])})"
    if index.indnullsnotdistinct:
        text += " NULLS NOT DISTINCT"
    text += _options_text(class_row)
    predicate = index_expressions.predicate_text(index, pretty)
    if predicate is not None:
        text += f" WHERE {predicate}"
    return text


def foreign_key_definition(row) -> str | None:
    """pg_get_constraintdef of a FOREIGN KEY constraint (NULL if one of its tables is
    gone: psql's \\d asks for every foreign key before filtering them, now that tables
    with foreign keys have relhastriggers)."""
    if cc.class_row(row.conrelid) is None or cc.class_row(row.confrelid) is None:
        return None
    child = cc.get_relation(row.conrelid)
    parent = cc.get_relation(row.confrelid)
    by_child = {a.attnum: a.name for a in child.attributes}
    by_parent = {a.attnum: a.name for a in parent.attributes}
    fk = ", ".join(cc.quote_identifier(by_child[n]) for n in row.conkey)
    pk = ", ".join(cc.quote_identifier(by_parent[n]) for n in row.confkey)
    parent_name = cc.relation_display_name(parent.oid) or parent.name
    text = f"FOREIGN KEY ({fk}) REFERENCES {parent_name}({pk})"
    if row.confmatchtype == "f":
        text += " MATCH FULL"
    if row.confupdtype != "a":
        text += f" ON UPDATE {_ACTIONS[row.confupdtype]}"
    if row.confdeltype != "a":
        text += f" ON DELETE {_ACTIONS[row.confdeltype]}"
        if row.confdelsetcols:
            text += " (" + ", ".join(cc.quote_identifier(by_child[n])
                                     for n in row.confdelsetcols) + ")"
    if row.condeferrable:
        text += " DEFERRABLE"
        if row.condeferred:
            text += " INITIALLY DEFERRED"
    return text if row.convalidated else text + " NOT VALID"



_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL",
            "d": "SET DEFAULT"}


def constraint_definition(constraint_oid: int, check_text=None,
                          pretty: bool = False) -> str | None:
    """pg_get_constraintdef's text (without pretty-printing: see
    rewrite/stored_expressions.py). `check_text(row)` prints a CHECK constraint's
    expression; by default the stored text."""
    row = next(iter(cc.scan_catalog("pg_constraint", key=("oid", constraint_oid))), None)
    if row is None:
        return None
    if row.contype == "f":
        return foreign_key_definition(row)
    if row.contype == "c":
        text = f"CHECK ({row.conbin if check_text is None else check_text(row)})"
        if row.connoinherit:
            text += " NO INHERIT"
        return text if row.convalidated else text + " NOT VALID"
    index = cc.index_row(row.conindid)
    if row.contype == "x":
        return exclusion_definition(row, index, pretty)
    keys = ", ".join(_column_names(row.conrelid, row.conkey or ()))
    if row.contype == "p":
        text = f"PRIMARY KEY ({keys})"
    else:
        nulls = " NULLS NOT DISTINCT" if index is not None and index.indnullsnotdistinct else ""
        text = f"UNIQUE{nulls} ({keys})"
    if index is not None and len(index.indkey or ()) > index.indnkeyatts:
        included = _column_names(row.conrelid, list(index.indkey)[index.indnkeyatts:])
        text += f" INCLUDE ({', '.join(included)})"
    if row.condeferrable:
        text += " DEFERRABLE"
        if row.condeferred:
            text += " INITIALLY DEFERRED"
    return text


def exclusion_definition(row, index, pretty: bool = False) -> str | None:
    """pg_get_constraintdef of an EXCLUDE constraint: EXCLUDE USING am (column WITH
    op, ...) [INCLUDE (...)] [WHERE ((predicate))] [DEFERRABLE ...]."""
    if index is None:
        return None
    operators = {r.oid: r.oprname for r in cc.scan_catalog("pg_operator")}
    columns = [index_definition(row.conindid, column=i + 1)
               for i in range(index.indnkeyatts)]
    items = ", ".join(f"{column} WITH {operators.get(op, '?')}"
                      for column, op in zip(columns, row.conexclop or ()))
    text = f"EXCLUDE USING {_access_method_name(cc.class_row(row.conindid))} ({items})"
    if len(index.indkey or ()) > index.indnkeyatts:
        included = _column_names(row.conrelid, list(index.indkey)[index.indnkeyatts:])
        text += f" INCLUDE ({', '.join(included)})"
    predicate = index_expressions.predicate_text(index, pretty)
    if predicate is not None:
        text += f" WHERE ({predicate})"
    if row.condeferrable:
        text += " DEFERRABLE"
        if row.condeferred:
            text += " INITIALLY DEFERRED"
    return text


def relation_is_publishable(oid: int):
    """is_publishable_class: a user's permanent table (publications are not there yet,
    but psql's \\d asks which would take part in one)."""
    row = cc.class_row(oid)
    if row is None:
        return None
    return (row.relkind in ("r", "p") and row.relpersistence == "p"
            and oid >= d.FIRST_NORMAL_OBJECT_ID
            and cc.namespace_name(row.relnamespace) not in ("pg_catalog", "information_schema"))


def options_to_table(options: list | None):
    """pg_options_to_table(reloptions): one (option_name, option_value) row per
    'name=value' item (pg_dump and psql read reloptions through it)."""
    for option in options or ():
        if option is None:
            continue
        name, equals, value = option.partition("=")
        yield name, value if equals else None


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_options_to_table", [1009], 2249, options_to_table, oid=2289,
                       returns_set=True, rows=3,
                       out_columns=[("option_name", TEXT), ("option_value", TEXT)])
    # (pg_get_statisticsobjdef and its kin: commands/statistics_commands.py)
    functions.register("pg_relation_is_publishable", [2205], BOOL, relation_is_publishable,
                       oid=6121, volatility="s")
    functions.register("pg_get_indexdef", [OID], TEXT, index_definition, oid=1643,
                       volatility="s")
    functions.register("pg_get_indexdef", [OID, INT4, BOOL], TEXT,
                       lambda oid, column, pretty: index_definition(oid, column, pretty),
                       oid=2507,
                       volatility="s")
