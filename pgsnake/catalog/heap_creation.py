"""Create and drop heap tables: their catalog rows and their storage.

create_table inserts, in this order: pg_type (the row type's array type, then the row
type), pg_class, pg_attribute (user columns, then the six system columns), pg_attrdef
(one row per default), then creates the relation's file. drop_table deletes those rows
and unlinks the file only when the transaction commits, so a rollback leaves the table
intact (its rows come back to life because our deletes are never committed).

OIDs: the relation's oid comes first, then the array type's, then the row type's, as in
PostgreSQL 15 (t = 16388, _t = 16389, row type t = 16390 in a fresh cluster); the
relation's relfilenode equals its oid.

Entry points: ColumnSpec, create_table(name, namespace_oid, columns) -> oid,
drop_table(oid), refuse_system_column_name(name).

PostgreSQL: catalog/heap.c (heap_create_with_catalog, heap_drop_with_catalog,
StoreAttrDefault, CheckAttributeNamesTypes), catalog/storage.c (RelationDropStorage,
smgrDoPendingDeletes).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_unique, catalog_writes, index_creation, relation_locks,
                             sequence_creation, toast_creation)
from pgsnake.catalog import array_type_names, catalog_rows, comments, dependency
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.catalog import statistic_rows, trigger_catalog
from pgsnake.storage.lmgr import lock_modes, predicate
from pgsnake.utils import process_state
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import (DUPLICATE_COLUMN, DUPLICATE_OBJECT, DUPLICATE_TABLE,
                                  INSUFFICIENT_PRIVILEGE, PROGRAM_LIMIT_EXCEEDED,
                                  UNDEFINED_OBJECT, PgError)

MAX_HEAP_ATTRIBUTES = 1600     # MaxHeapAttributeNumber
PG_COLLATION_OID = 3456


@dataclasses.dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column of a new table (docs/contracts.md, L5)."""
    name: str
    type_oid: int
    typmod: int = -1
    not_null: bool = False
    default_sql: str | None = None
    identity: str = ""                 # 'a' / 'd' for GENERATED ... AS IDENTITY
    compression: str = ""              # attcompression: 'p' pglz, 'l' lz4, '' default
    collation: int | None = None       # COLLATE clause; None: the type's collation
    generated: str = ""                # 's': GENERATED ALWAYS AS (...) STORED; its
    # expression is stored later (commands/generated_columns.py), over the new table


def _check_columns(columns: list[ColumnSpec]) -> None:
    if len(columns) > MAX_HEAP_ATTRIBUTES:
        raise PgError(PROGRAM_LIMIT_EXCEEDED,
                      f"tables can have at most {MAX_HEAP_ATTRIBUTES} columns")
    seen = set()
    for c in columns:
        if c.name in seen:
            raise PgError(DUPLICATE_COLUMN, f'column "{c.name}" specified more than once')
        refuse_system_column_name(c.name)
        seen.add(c.name)


def refuse_system_column_name(name: str) -> None:
    """42701 for a user column named like a system column (ctid, xmin, ...): CREATE
    TABLE, ALTER TABLE ADD COLUMN and RENAME COLUMN (CheckAttributeNamesTypes,
    check_for_column_name_collision)."""
    if any(name == system_name for system_name, *_ in d.SYSTEM_COLUMNS):
        raise PgError(DUPLICATE_COLUMN,
                      f'column name "{name}" conflicts with a system column name')


def column_row_spec(attnum: int, c: ColumnSpec) -> catalog_rows.ColumnRowSpec:
    """What pg_attribute records for column `c` at `attnum`: its type's storage facts."""
    type_row = cc.get_type_row(c.type_oid)
    if type_row is None:
        raise PgError(UNDEFINED_OBJECT, f"type with OID {c.type_oid} does not exist")
    return catalog_rows.ColumnRowSpec(
        attnum=attnum, name=c.name, type_oid=c.type_oid, typmod=c.typmod,
        typlen=type_row.typlen, typbyval=type_row.typbyval, typalign=type_row.typalign,
        typstorage=type_row.typstorage,
        collation=type_row.typcollation if c.collation is None else c.collation,
        not_null=c.not_null, has_default=c.default_sql is not None or bool(c.generated),
        ndims=1 if type_row.typcategory == "A" and type_row.typelem else 0,
        identity=c.identity, compression=c.compression, generated=c.generated)


def create_relation_row_type(name: str, namespace_oid: int, owner: int) -> tuple[int, int, int]:
    """A new relation's OID, locked ACCESS EXCLUSIVE, and its row type's, whose pg_type
    rows (the row type and its array) are written: the start of every relation that has
    a row type (table, view, materialised view, stand-alone composite type). Returns
    (relation OID, array type OID, row type OID), taken in that order."""
    from pgsnake.access.transam import transaction_ids
    relation_oid = transaction_ids.get_new_oid()
    # Nobody else can see the new relation before we commit, but the lock is what
    # tells pg_locks (and a concurrent DROP after commit) that it is ours until then.
    relation_locks.lock_relation_oid(relation_oid, lock_modes.ACCESS_EXCLUSIVE)
    array_oid = transaction_ids.get_new_oid()
    rowtype_oid = transaction_ids.get_new_oid()
    for row in catalog_rows.composite_type_rows(
            name=name, namespace_oid=namespace_oid, relation_oid=relation_oid,
            rowtype_oid=rowtype_oid, array_oid=array_oid, owner=owner,
            array_name=array_type_names.array_type_name(name, namespace_oid)):
        catalog_writes.insert_row("pg_type", row)
    return relation_oid, array_oid, rowtype_oid


def create_table(name: str, namespace_oid: int, columns: list[ColumnSpec],
                 persistence: str = "p") -> int:
    """Create a heap table (permanent, or with `persistence` 'u' unlogged; a temporary
    schema makes it temporary); returns its oid. Caller checks IF NOT EXISTS."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import pending_deletes, transaction_ids, xact

    _check_columns(columns)          # PostgreSQL checks columns before the name clash
    if cc.relation_oid_in(namespace_oid, name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{name}" already exists')
    if cc.lookup_type_row(name, namespace_oid) is not None \
            and not array_type_names.move_array_type_name(name, namespace_oid):
        # PostgreSQL reports a clash with an existing type of the same name this way.
        raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists',
                      hint="A relation has an associated type of the same name, so you "
                           "must use a name that doesn't conflict with any existing type.")
    if namespace_oid in (d.PG_CATALOG_NAMESPACE, d.PG_TOAST_NAMESPACE) \
            and not process_state.is_bootstrap:
        # allow_system_table_mods is off: nothing new goes into the system schemas.
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to create '
                      f'"{cc.namespace_name(namespace_oid)}.{name}"',
                      detail="System catalog modifications are currently disallowed.")

    specs = [column_row_spec(attnum, c) for attnum, c in enumerate(columns, start=1)]

    if not process_state.is_bootstrap:
        # The schema must not be dropped under us (AccessShareLock on it, as
        # RangeVarGetAndCheckCreationNamespace takes).
        relation_locks.lock_database_object(d.PG_NAMESPACE_OID, namespace_oid,
                                            lock_modes.ACCESS_SHARE)
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_create(namespace_oid)
        # A concurrent CREATE of the same name: wait for its transaction, then fail as
        # PostgreSQL's unique index on pg_type (checked first) does, or go ahead.
        catalog_unique.check_unique("pg_type", "pg_type_typname_nsp_index",
                                    ("typname", "typnamespace"), (name, namespace_oid))
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    relation_oid, array_oid, rowtype_oid = create_relation_row_type(name, namespace_oid, owner)
    xid = xact.get_current_xid()
    catalog_writes.insert_row("pg_class", catalog_rows.pg_class_row(
        oid=relation_oid, name=name, namespace_oid=namespace_oid, rowtype_oid=rowtype_oid,
        natts=len(columns), owner=owner, frozen_xid=xid, persistence=persistence))
    for spec in specs:
        catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(relation_oid, spec))
    for row in catalog_rows.system_attribute_rows(relation_oid):
        catalog_writes.insert_row("pg_attribute", row)
    defaults = []
    for attnum, c in enumerate(columns, start=1):
        if c.default_sql is not None:
            # Deviation: adbin holds the default as SQL text, not a serialized node tree.
            defaults.append((transaction_ids.get_new_oid(), attnum, c.default_sql))
            catalog_writes.insert_row("pg_attrdef", d.row_values(
                "pg_attrdef", oid=defaults[-1][0], adrelid=relation_oid,
                adnum=attnum, adbin=c.default_sql))

    invalidation.note_catalog_change()
    xact.command_counter_increment()       # later commands see the new rows
    _record_table_dependencies(relation_oid, namespace_oid, rowtype_oid, array_oid,
                               columns, defaults)
    relation = cc.get_relation(relation_oid)
    heapam.heap_create_storage(relation)
    # Rolled back (or its savepoint is): the new file goes, as PostgreSQL's pending
    # deletes do. (After a crash instead, replay re-creates it as an orphan: not yet
    # handled, as abort records do not list relations to drop.)
    pending_deletes.schedule(relation.locator, at_commit=False)
    toast_creation.create_toast_table_if_needed(relation_oid)
    from pgsnake.catalog import default_privileges
    default_privileges.apply_to_new_object("r", relation_oid)     # ALTER DEFAULT PRIVILEGES
    return relation_oid


def _record_table_dependencies(relation_oid: int, namespace_oid: int, rowtype_oid: int,
                               array_oid: int, columns: list[ColumnSpec],
                               defaults: list[tuple[int, int, str]]) -> None:
    """pg_depend as heap_create_with_catalog and StoreAttrDefault leave it: the table
    in its schema, its row type part of it, the array type part of the row type, each
    column on its (non built-in) type, each default on its column and on what it
    names (a serial column's sequence, a function)."""
    table = dependency.relation(relation_oid)
    dependency.record(table, dependency.ObjectAddress(d.PG_NAMESPACE_OID, namespace_oid),
                      dependency.NORMAL)
    rowtype = dependency.ObjectAddress(d.PG_TYPE_OID, rowtype_oid)
    dependency.record(rowtype, table, dependency.INTERNAL)
    dependency.record(dependency.ObjectAddress(d.PG_TYPE_OID, array_oid), rowtype,
                      dependency.INTERNAL)
    for attnum, c in enumerate(columns, start=1):
        dependency.record(dependency.column(relation_oid, attnum),
                          dependency.ObjectAddress(d.PG_TYPE_OID, c.type_oid),
                          dependency.NORMAL)
        record_collation_dependency(relation_oid, attnum, c.collation)
    for default_oid, attnum, text in defaults:
        record_default_dependencies(default_oid, relation_oid, attnum, text)


def record_collation_dependency(relation_oid: int, attnum: int,
                                collation: int | None) -> None:
    """A column with a COLLATE of a collation other than its type's depends on it (the
    built-in ones are pinned and get no row)."""
    if collation:
        dependency.record(dependency.column(relation_oid, attnum),
                          dependency.ObjectAddress(PG_COLLATION_OID, collation),
                          dependency.NORMAL)


def record_default_dependencies(default_oid: int, relation_oid: int, attnum: int,
                                text: str, generated: bool = False) -> None:
    """A pg_attrdef row's dependencies: on its column (auto; internal for a generated
    column's expression, which is part of the column) and on what it names (for a
    generated column, the table's other columns: dropping one of them must drop or
    refuse the generated column)."""
    default = dependency.ObjectAddress(dependency.PG_ATTRDEF_OID, default_oid)
    dependency.record(default, dependency.column(relation_oid, attnum),
                      dependency.INTERNAL if generated else dependency.AUTO)
    dependency.record_expression(default, text, relation_oid)


def drop_table(oid: int) -> None:
    """Delete the table's catalog rows now and its files at commit."""
    from pgsnake.access.transam import pending_deletes, xact

    if d.is_catalog(oid):
        name = d.catalog_by_oid(oid).name
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied: "{name}" is a system catalog')
    relation = cc.get_relation(oid)          # 42P01 if missing
    if xact.is_serializable():
        # SSI: dropping the table deletes every row at once, so each SIREAD lock on it is
        # an rw-conflict into us (heap_drop_with_catalog's
        # CheckTableForSerializableConflictIn). Utility commands run on the
        # transaction's snapshot in PostgreSQL, which is what registers us.
        xact.get_transaction_snapshot()
        predicate.check_table_for_conflict_in(relation)
    class_row = cc.class_row(oid)
    pgstat.drop_relation_at_commit(relation)      # its statistics go when the drop commits
    doomed_types = {class_row.reltype}
    type_row = cc.get_type_row(class_row.reltype)
    if type_row is not None and type_row.typarray:
        doomed_types.add(type_row.typarray)
    for type_oid in sorted(doomed_types):
        # Dependent objects are locked before they are deleted (AcquireDeletionLock).
        relation_locks.lock_database_object(d.PG_TYPE_OID, type_oid, lock_modes.ACCESS_EXCLUSIVE)

    index_creation.drop_table_indexes(oid)
    trigger_catalog.drop_table_triggers(oid)
    from pgsnake.catalog import policy_catalog
    policy_catalog.drop_table_policies(oid)         # its row-level security policies
    for constraint in cc.scan_catalog("pg_constraint", key=("conrelid", oid)):
        if constraint.conrelid == oid:
            comments.delete_comments(constraint.oid, d.PG_CONSTRAINT_OID)
            dependency.delete_dependencies(d.PG_CONSTRAINT_OID, constraint.oid)
    catalog_writes.delete_rows("pg_constraint", lambda r: r.conrelid == oid,
                               key=("conrelid", oid))   # CHECK, FOREIGN KEY
    for sequence_oid in sequence_creation.owned_sequences(oid):
        relation_locks.lock_relation_oid(sequence_oid, lock_modes.ACCESS_EXCLUSIVE)
        sequence_creation.drop_sequence(sequence_oid)
    toast_creation.drop_toast_table(oid)
    for default in cc.scan_catalog("pg_attrdef", key=("adrelid", oid)):
        if default.adrelid == oid:
            dependency.delete_dependencies(dependency.PG_ATTRDEF_OID, default.oid)
    catalog_writes.delete_rows("pg_attrdef", lambda r: r.adrelid == oid, key=("adrelid", oid))
    for type_oid in doomed_types:
        dependency.delete_dependencies(d.PG_TYPE_OID, type_oid)
    dependency.delete_dependencies(d.PG_CLASS_OID, oid)
    statistic_rows.delete_statistics(oid)
    catalog_writes.delete_rows("pg_attribute", lambda r: r.attrelid == oid, key=("attrelid", oid))
    comments.delete_comments(oid, d.PG_CLASS_OID)     # the table's and its columns'
    catalog_writes.delete_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid))
    catalog_writes.delete_rows("pg_type", lambda r: r.oid in doomed_types)

    invalidation.note_catalog_change()
    xact.command_counter_increment()
    # The file goes only once the deletion is committed: a rollback keeps the table.
    pending_deletes.schedule(relation.locator, at_commit=True)


def relation_kind_name(relkind: str) -> str:
    return {"r": "table", "i": "index", "v": "view", "S": "sequence",
            "m": "materialized view", "c": "type", "f": "foreign table",
            "p": "table"}.get(relkind, "relation")


def drop_hint(relkind: str) -> str:
    """DROP <wrong kind>'s HINT: "Use DROP INDEX to remove an index."."""
    kind = "index" if relkind == "I" else relation_kind_name(relkind)
    return f"Use DROP {kind.upper()} to remove {'an' if kind[0] in 'aeiou' else 'a'} {kind}."

