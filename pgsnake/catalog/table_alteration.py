"""Changing an existing table's definition in the catalogs: columns added, dropped,
renamed, NOT NULL and DEFAULT changed; tables, indexes and constraints renamed.

Every function changes catalog rows only (the caller, commands/alter_table.py, holds
AccessExclusiveLock on the table, checks the data, and rewrites rows when needed), then
makes the change visible to the next command (invalidation + command counter).

A dropped column keeps its attnum, length and alignment, so the table's existing tuples
still decode, but it becomes attisdropped with atttypid 0 and the name
"........pg.dropped.N........", as PostgreSQL leaves it; indexes that use the column go
with it (with their constraints).

Entry points: add_column, drop_column, set_not_null, set_default, rename_relation,
rename_column, rename_constraint.

PostgreSQL: commands/tablecmds.c (ATExecAddColumn, ATExecDropColumn, ATExecSetNotNull,
ATExecDropNotNull, ATExecColumnDefault, RenameRelationInternal, renameatt),
catalog/heap.c (RemoveAttributeById, StoreAttrDefault, RemoveAttrDefault),
catalog/pg_constraint.c (RenameConstraintById), catalog/pg_type.c (RenameTypeInternal).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_rows, catalog_writes, comments, index_creation,
                             invalidation, sequence_creation, toast_creation)
from pgsnake.catalog import definitions as d
from pgsnake.catalog import array_type_names, dependency, statistic_rows
from pgsnake.catalog.heap_creation import (ColumnSpec, column_row_spec,
                                         record_collation_dependency,
                                         record_default_dependencies)


def _done() -> None:
    from pgsnake.access.transam import xact
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _attribute_is(heap_oid: int, attnum: int):
    return lambda r: r.attrelid == heap_oid and r.attnum == attnum


def add_column(heap_oid: int, column: ColumnSpec) -> int:
    """A new last column (attnum relnatts + 1); returns its attnum. Existing rows read
    it as NULL until rewritten."""
    attnum = cc.class_row(heap_oid).relnatts + 1
    catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(
        heap_oid, column_row_spec(attnum, column)))
    catalog_writes.update_rows("pg_class", lambda r: r.oid == heap_oid,
                               key=("oid", heap_oid), relnatts=attnum)
    _done()
    dependency.record(dependency.column(heap_oid, attnum),
                      dependency.ObjectAddress(d.PG_TYPE_OID, column.type_oid),
                      dependency.NORMAL)
    record_collation_dependency(heap_oid, attnum, column.collation)
    _store_default(heap_oid, attnum, column.default_sql)
    toast_creation.create_toast_table_if_needed(heap_oid)
    return attnum


def drop_column(heap_oid: int, attnum: int) -> None:
    """Mark the column dropped; indexes (and their constraints) that use it go too."""
    for index_oid in cc.index_oids_of(heap_oid):
        if attnum in (cc.index_row(index_oid).indkey or ()):
            index_creation.drop_index(index_oid)
    for sequence_oid in sequence_creation.owned_sequences(heap_oid, attnum):
        sequence_creation.drop_sequence(sequence_oid)
    _delete_default(heap_oid, attnum)
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == d.PG_CLASS_OID
                               and r.objid == heap_oid and r.objsubid == attnum,
                               key=("objid", heap_oid))
    comments.delete_comments(heap_oid, d.PG_CLASS_OID, attnum)
    statistic_rows.delete_statistics(heap_oid, attnum)
    catalog_writes.update_rows(
        "pg_attribute", _attribute_is(heap_oid, attnum),
        attname=f"........pg.dropped.{attnum}........", atttypid=0, attnotnull=False,
        atthasdef=False, attstattarget=0, attisdropped=True, attidentity="",
        attgenerated="", atthasmissing=False)
    _done()


def record_column_type(heap_oid: int, attnum: int, type_oid: int) -> None:
    """ALTER COLUMN TYPE: the column now depends on its new type (if not built in)."""
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == d.PG_CLASS_OID
                               and r.objid == heap_oid and r.objsubid == attnum
                               and r.refclassid == d.PG_TYPE_OID, key=("objid", heap_oid))
    dependency.record(dependency.column(heap_oid, attnum),
                      dependency.ObjectAddress(d.PG_TYPE_OID, type_oid), dependency.NORMAL)


def set_not_null(heap_oid: int, attnum: int, not_null: bool) -> None:
    catalog_writes.update_rows("pg_attribute", _attribute_is(heap_oid, attnum),
                               attnotnull=not_null)
    _done()


def set_default(heap_oid: int, attnum: int, default_sql: str | None) -> None:
    """Replace the column's default (None: drop it)."""
    _store_default(heap_oid, attnum, default_sql)
    catalog_writes.update_rows("pg_attribute", _attribute_is(heap_oid, attnum),
                               atthasdef=default_sql is not None)
    _done()


def _delete_default(heap_oid: int, attnum: int) -> None:
    for row in cc.scan_catalog("pg_attrdef"):
        if row.adrelid == heap_oid and row.adnum == attnum:
            dependency.delete_dependencies(dependency.PG_ATTRDEF_OID, row.oid)
    catalog_writes.delete_rows("pg_attrdef",
                               lambda r: r.adrelid == heap_oid and r.adnum == attnum,
                               key=("adrelid", heap_oid))


def _store_default(heap_oid: int, attnum: int, default_sql: str | None,
                   generated: bool = False) -> None:
    """The column's pg_attrdef row (replacing any) and its dependencies; None drops it."""
    from pgsnake.access.transam import transaction_ids
    _delete_default(heap_oid, attnum)
    if default_sql is None:
        return
    oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_attrdef", d.row_values(
        "pg_attrdef", oid=oid, adrelid=heap_oid, adnum=attnum, adbin=default_sql))
    _done()
    record_default_dependencies(oid, heap_oid, attnum, default_sql, generated)


def store_generation_expression(heap_oid: int, attnum: int,
                                expression_sql: str | None) -> None:
    """A stored generated column's expression (pg_attrdef, the column already marked
    attgenerated 's' and atthasdef); None removes it while the column stays generated
    (ALTER COLUMN TYPE stores it again over the new type)."""
    _store_default(heap_oid, attnum, expression_sql, generated=True)


def drop_generation_expression(heap_oid: int, attnum: int) -> None:
    """ALTER COLUMN ... DROP EXPRESSION: the column keeps its values as plain data."""
    _delete_default(heap_oid, attnum)
    catalog_writes.update_rows("pg_attribute", _attribute_is(heap_oid, attnum),
                               attgenerated="", atthasdef=False)
    _done()


def rename_relation(oid: int, new_name: str) -> None:
    """A table's row type and its array type are renamed with it (an array type that
    holds the new name moves out of the way, array_type_names.py); an index that backs
    a constraint renames the constraint too."""
    row = cc.class_row(oid)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                               key=("oid", oid), relname=new_name)
    if row.reltype:
        array_type_names.rename_type(row.reltype, new_name)
    if row.relkind == "i":
        catalog_writes.update_rows("pg_constraint", lambda r: r.conindid == oid,
                                   key=("conindid", oid),
                                   conname=new_name)
    if row.relkind == "S":
        _rename_in_defaults(oid, row.relnamespace, row.relname, new_name)
    _done()


def _rename_in_defaults(sequence_oid: int, namespace_oid: int, old: str, new: str) -> None:
    """Defaults keep a sequence as the text of its regclass literal (PostgreSQL keeps
    its OID): the defaults that depend on a renamed sequence name it anew."""
    schema = cc.quote_identifier(cc.namespace_name(namespace_oid))

    def literal(name: str) -> str:
        return "'" + f"{schema}.{cc.quote_identifier(name)}".replace("'", "''") + "'::regclass"
    users = {r.objid for r in cc.scan_catalog("pg_depend", key=("refobjid", sequence_oid))
             if r.refobjid == sequence_oid and r.classid == dependency.PG_ATTRDEF_OID}
    for row in cc.scan_catalog("pg_attrdef"):
        if row.oid in users and literal(old) in (row.adbin or ""):
            catalog_writes.update_rows("pg_attrdef", lambda r, o=row.oid: r.oid == o,
                                       key=("oid", row.oid),
                                       adbin=row.adbin.replace(literal(old), literal(new)))


def rename_column(heap_oid: int, attnum: int, new_name: str) -> None:
    catalog_writes.update_rows("pg_attribute", _attribute_is(heap_oid, attnum),
                               attname=new_name)
    _done()


def rename_constraint(constraint_oid: int, new_name: str) -> None:
    """The constraint, and the index behind a PRIMARY KEY, UNIQUE or EXCLUDE one (a
    foreign key's conindid is the referenced table's index: it keeps its name)."""
    index_oid = 0
    for row in cc.scan_catalog("pg_constraint"):
        if row.oid == constraint_oid and row.contype in ("p", "u", "x"):
            index_oid = row.conindid
    catalog_writes.update_rows("pg_constraint", lambda r: r.oid == constraint_oid,
                               key=("oid", constraint_oid),
                               conname=new_name)
    if index_oid:
        catalog_writes.update_rows("pg_class", lambda r: r.oid == index_oid,
                                   key=("oid", index_oid), relname=new_name)
    _done()


def set_new_storage(oid: int) -> None:
    """TRUNCATE's core: the relation gets a new relfilenode with new, empty files; the
    old files are removed when the transaction commits, the new ones if it aborts, so a
    rollback gives the old contents back. An index is rebuilt empty (its metapage), a
    sequence starts again at its START value (TRUNCATE ... RESTART IDENTITY)."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import pending_deletes, transaction_ids
    old = cc.get_relation(oid)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid),
                               relfilenode=transaction_ids.get_new_oid(), relpages=0,
                               reltuples=-1.0, relallvisible=0)
    _done()
    new = cc.get_relation(oid)
    if new.relkind == "S":
        from pgsnake.access.sequence import sequence_page
        sequence_page.create(new, cc.sequence_row(oid).seqstart)   # RESTART IDENTITY
        pending_deletes.schedule(new.locator, at_commit=False)
    elif new.relkind == "i":
        from pgsnake.access import index_am
        index_am.create_storage(new)
        pending_deletes.schedule(new.locator, at_commit=False)
        index_am.build(new, cc.get_relation(new.index.heap_oid), [])
        catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                                   key=("oid", oid), reltuples=0.0, relpages=1)
        _done()
    else:
        heapam.heap_create_storage(new)
        pending_deletes.schedule(new.locator, at_commit=False)
    pending_deletes.schedule(old.locator, at_commit=True)
