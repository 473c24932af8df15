"""ALTER TABLE / SEQUENCE / VIEW / MATERIALIZED VIEW ... SET SCHEMA.

The relation moves with what belongs to it, as AlterTableNamespace moves them: its row
type and that type's array type, its indexes, its constraints, and the sequences its
columns own (serial and identity); the pg_depend rows on the old schema follow. pgsnake
keeps some references as text where PostgreSQL keeps OIDs, so those are written again:
the defaults calling nextval on a moved sequence, and the views reading the relation
(printed again, schema-qualified, as after a RENAME).

Checks in PostgreSQL's order: a missing relation (NOTICE with IF EXISTS), the object
kind, ownership, a sequence owned by a column (0A000 "cannot move an owned sequence
into another schema"), the schema (3F000), temporary schemas (0A000), CREATE on the
new schema, a clash with a relation or type already there (42P07 / 42710). Moving into
the schema it is in already does nothing.

Entry point: set_relation_schema(node) -> tag.

PostgreSQL: commands/tablecmds.c (AlterTableNamespace, AlterTableNamespaceInternal,
AlterRelationNamespaceInternal, AlterIndexNamespaces, AlterSeqNamespaces),
catalog/pg_constraint.c (AlterConstraintNamespaces), commands/typecmds.c
(AlterTypeNamespaceInternal).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, invalidation, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

KINDS = {"OBJECT_TABLE": ("r", "p"), "OBJECT_SEQUENCE": ("S",), "OBJECT_VIEW": ("v",),
         "OBJECT_MATVIEW": ("m",)}
_TAGS = {"OBJECT_TABLE": "ALTER TABLE", "OBJECT_SEQUENCE": "ALTER SEQUENCE",
         "OBJECT_VIEW": "ALTER VIEW", "OBJECT_MATVIEW": "ALTER MATERIALIZED VIEW"}
_KIND_NAMES = {"OBJECT_TABLE": "a table", "OBJECT_SEQUENCE": "a sequence",
               "OBJECT_VIEW": "a view", "OBJECT_MATVIEW": "a materialized view"}


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def set_relation_schema(node: dict) -> str:
    kind = node["objectType"]
    tag = _TAGS[kind]
    range_var = node["relation"]
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        if node.get("missing_ok"):
            notices.emit("00000", f'relation "{name}" does not exist, skipping')
            return tag
        raise PgError("42P01", f'relation "{shown}" does not exist')
    row = cc.class_row(oid)
    # ALTER TABLE takes any relation kind (RangeVarCallbackForAlterRelation)
    if kind != "OBJECT_TABLE" and row.relkind not in KINDS[kind]:
        raise PgError("42809", f'"{name}" is not {_KIND_NAMES[kind]}')
    from pgsnake.catalog import object_permissions
    object_permissions.check_relation_owner(oid)
    if row.relkind == "S":
        owner = _owning_table(oid)
        if owner is not None:
            raise PgError("0A000", "cannot move an owned sequence into another schema",
                          detail=f'Sequence "{name}" is linked to table '
                                 f'"{cc.class_row(owner).relname}".')
    new_schema = node["newschema"]
    namespace = cc.get_namespace_oid(new_schema)
    if namespace is None:
        raise PgError("3F000", f'schema "{new_schema}" does not exist')
    from pgsnake.catalog import temp_namespace
    if temp_namespace.is_temp_namespace(namespace) or \
            temp_namespace.is_temp_namespace(row.relnamespace):
        raise PgError("0A000", "cannot move objects into or out of temporary schemas")
    if namespace == d.PG_TOAST_NAMESPACE or row.relnamespace == d.PG_TOAST_NAMESPACE:
        raise PgError("0A000", "cannot move objects into or out of TOAST schema")
    object_permissions.check_namespace_create(namespace)
    if namespace == row.relnamespace:
        return tag
    from pgsnake.commands import view_commands
    views = view_commands.views_reading(oid)
    from pgsnake.commands import rule_renames
    rules = rule_renames.texts_after_rename(oid, new_schema, row.relname)
    _move_relation(oid, namespace, new_schema)
    for index_oid in cc.index_oids_of(oid):
        _move_relation(index_oid, namespace, new_schema)
    catalog_writes.update_rows("pg_constraint", lambda r: r.conrelid == oid,
                               key=("conrelid", oid), connamespace=namespace)
    from pgsnake.catalog import sequence_creation
    for sequence_oid in sequence_creation.owned_sequences(oid):
        _move_relation(sequence_oid, namespace, new_schema)
    _done()
    view_commands.store_definitions_again(views)
    rule_renames.store_texts(rules)
    _done()
    return tag


def _owning_table(sequence_oid: int) -> int | None:
    for r in cc.scan_catalog("pg_depend", key=("objid", sequence_oid)):
        if r.objid == sequence_oid and r.classid == d.PG_CLASS_OID \
                and r.refclassid == d.PG_CLASS_OID and r.deptype in ("a", "i"):
            return r.refobjid
    return None


def _move_relation(oid: int, namespace: int, schema_name: str) -> None:
    """One relation (and its row type) into `namespace` (AlterRelationNamespaceInternal)."""
    row = cc.class_row(oid)
    if cc.relation_oid_in(namespace, row.relname) is not None:
        raise PgError("42P07", f'relation "{row.relname}" already exists in schema '
                               f'"{schema_name}"')
    old_namespace = row.relnamespace
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid),
                               relnamespace=namespace)
    _move_namespace_dependency(d.PG_CLASS_OID, oid, old_namespace, namespace)
    if row.reltype:
        type_row = cc.get_type_row(row.reltype)
        if cc.lookup_type_row(type_row.typname, namespace) is not None:
            raise PgError("42710", f'type "{type_row.typname}" already exists in schema '
                                   f'"{schema_name}"')
        types = {row.reltype, type_row.typarray} - {0}
        catalog_writes.update_rows("pg_type", lambda r: r.oid in types, typnamespace=namespace)
    if row.relkind == "S":
        _requalify_defaults(oid, old_namespace, namespace, row.relname)


def _move_namespace_dependency(classid: int, objid: int, old: int, new: int) -> None:
    catalog_writes.update_rows(
        "pg_depend", lambda r: r.classid == classid and r.objid == objid
        and r.refclassid == d.PG_NAMESPACE_OID and r.refobjid == old,
        key=("objid", objid), refobjid=new)


def _requalify_defaults(sequence_oid: int, old_namespace: int, new_namespace: int,
                        name: str) -> None:
    """Defaults keep a sequence as its regclass literal's text (PostgreSQL: its OID)."""
    def literal(namespace: int) -> str:
        text = f"{cc.quote_identifier(cc.namespace_name(namespace))}." \
               f"{cc.quote_identifier(name)}"
        return "'" + text.replace("'", "''") + "'::regclass"
    old, new = literal(old_namespace), literal(new_namespace)
    users = {r.objid for r in cc.scan_catalog("pg_depend", key=("refobjid", sequence_oid))
             if r.refobjid == sequence_oid and r.classid == dependency.PG_ATTRDEF_OID}
    for row in cc.scan_catalog("pg_attrdef"):
        if row.oid in users and old in (row.adbin or ""):
            catalog_writes.update_rows("pg_attrdef", lambda r, o=row.oid: r.oid == o,
                                       key=("oid", row.oid), adbin=row.adbin.replace(old, new))
