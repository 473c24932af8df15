"""CREATE TYPE ... AS (...): a stand-alone composite type's catalog rows, and removing
them.

A composite type is a relation of relkind 'c' without storage (pg_class, relfilenode 0,
no access method), its columns (pg_attribute, no system columns), its row type
(pg_type typtype 'c', typrelid the relation) and the row type's array type '_name';
pg_depend ties the relation to its schema and the row type to the relation ('i').

Entry points: create_composite_type(name, namespace_oid, columns) -> row type oid,
drop_composite_relation(relation_oid).

PostgreSQL: commands/typecmds.c (DefineCompositeType), catalog/heap.c
(heap_create_with_catalog with RELKIND_COMPOSITE_TYPE), catalog/dependency.c.
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_rows, catalog_unique, catalog_writes, invalidation
from pgsnake.catalog import dependency
from pgsnake.catalog import definitions as d
from pgsnake.catalog import relation_locks
from pgsnake.catalog.heap_creation import ColumnSpec, column_row_spec, create_relation_row_type
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import process_state
from pgsnake.utils.errors import DUPLICATE_OBJECT, DUPLICATE_TABLE, PgError

PG_CLASS = d.PG_CLASS_OID
PG_TYPE = d.PG_TYPE_OID


def create_composite_type(name: str, namespace_oid: int, columns: list[ColumnSpec]) -> int:
    from pgsnake.access.transam import xact
    if cc.lookup_type_row(name, namespace_oid) is not None:
        raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists')
    if cc.relation_oid_in(namespace_oid, name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{name}" already exists')
    relation_locks.lock_database_object(d.PG_NAMESPACE_OID, namespace_oid,
                                        lock_modes.ACCESS_SHARE)
    catalog_unique.check_unique("pg_type", "pg_type_typname_nsp_index",
                                ("typname", "typnamespace"), (name, namespace_oid))
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    relation_oid, array_oid, rowtype_oid = create_relation_row_type(name, namespace_oid, owner)
    class_row = catalog_rows.pg_class_row(
        oid=relation_oid, name=name, namespace_oid=namespace_oid, rowtype_oid=rowtype_oid,
        natts=len(columns), owner=owner, relkind="c", frozen_xid=0)
    definition = d.catalog("pg_class")
    for column, value in (("relfilenode", 0), ("relreplident", "n"), ("relminmxid", 0)):
        class_row[definition.attnum(column) - 1] = value
    catalog_writes.insert_row("pg_class", class_row)
    for attnum, column in enumerate(columns, start=1):
        catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(
            relation_oid, column_row_spec(attnum, column)))
    # A stand-alone composite type owns its relation (the reverse of a table's row
    # type): the relation is an internal part of the type, and the type is what sits
    # in the schema (GenerateTypeDependencies).
    relation = dependency.relation(relation_oid)
    rowtype = dependency.ObjectAddress(PG_TYPE, rowtype_oid)
    dependency.record(rowtype, dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace_oid),
                      dependency.NORMAL)
    dependency.record(relation, rowtype, dependency.INTERNAL)
    dependency.record(dependency.ObjectAddress(PG_TYPE, array_oid), rowtype,
                      dependency.INTERNAL)
    for attnum, column in enumerate(columns, start=1):
        dependency.record(dependency.column(relation_oid, attnum),
                          dependency.ObjectAddress(PG_TYPE, column.type_oid), dependency.NORMAL)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return rowtype_oid


def drop_composite_relation(relation_oid: int) -> None:
    """The relation behind a composite type (its pg_class, pg_attribute and pg_depend
    rows); the caller removes the pg_type rows."""
    from pgsnake.access.transam import xact
    catalog_writes.delete_rows("pg_attribute", lambda r: r.attrelid == relation_oid,
                               key=("attrelid", relation_oid))
    catalog_writes.delete_rows("pg_class", lambda r: r.oid == relation_oid,
                               key=("oid", relation_oid))
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_CLASS
                               and r.objid == relation_oid, key=("objid", relation_oid))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
