"""TOAST tables: created with a table that may need one, or later by ALTER TABLE ADD
COLUMN; dropped and truncated with their table. Also opens them for the heap's toaster
(the resolver access/heap/heap_toast.py calls, since access/ cannot read catalogs).

A TOAST table is pg_toast.pg_toast_<table oid> (relkind 't', no row type, so reltype 0
and no pg_type row, as PostgreSQL 15), with columns chunk_id oid, chunk_seq int4 and
chunk_data bytea (all storage plain), and a unique B-tree index
pg_toast.pg_toast_<table oid>_index on (chunk_id, chunk_seq), marked primary; the
table's pg_class.reltoastrelid names it, and a pg_depend row ('i') ties it to the
table. OIDs: the TOAST table's, then its index's,
right after the table's own, as in PostgreSQL. Its owner and persistence are the
table's.

A table needs one (needs_toast_table) when some varlena column has a storage other than
plain and the row's largest possible size exceeds TOAST_TUPLE_THRESHOLD (unbounded for
text, bytea, ...; varchar(n) and char(n) are bounded by n * 4 + 4 in UTF8).

Catalogs: pg_statistic has one too (pg_toast_2619, OIDs 2840 / 2841 as in PostgreSQL),
made by initdb (create_catalog_toast_tables); its catalog Relation names it
(definitions.CATALOG_TOAST_TABLES), so long statistics rows are stored out of line.

Entry points: needs_toast_table(oid), create_toast_table_if_needed(oid),
create_catalog_toast_tables(),
drop_toast_table(oid), truncate_toast_table(oid), toast_table_of(oid),
register_resolver().

PostgreSQL: catalog/toasting.c (create_toast_table, needs_toast_table),
access/common/heaptuple.c (type_maximum_size via format_type.c).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_rows, catalog_writes, invalidation, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.storage.lmgr import lock_modes

TOAST_TUPLE_THRESHOLD = 2032
_BPCHAR, _VARCHAR, _BIT, _VARBIT = 1042, 1043, 1560, 1562
_MAX_ENCODING_LENGTH = 4          # UTF8
_OID, _INT4, _BYTEA = 26, 23, 17


def _align(offset: int, alignment: int) -> int:
    return (offset + alignment - 1) & ~(alignment - 1)


def _type_maximum_size(type_oid: int, typmod: int) -> int:
    """type_maximum_size: the largest datum of a length-limited varlena type, -1 if none."""
    if typmod < 0:
        return -1
    if type_oid in (_BPCHAR, _VARCHAR):
        return (typmod - 4) * _MAX_ENCODING_LENGTH + 4
    if type_oid in (_BIT, _VARBIT):
        return (typmod + 7) // 8 + 8
    return -1


def needs_toast_table(oid: int) -> bool:
    row = cc.class_row(oid)
    if row is None or row.relkind not in ("r", "m"):
        return False
    attributes = [a for a in cc.get_relation(oid).attributes if not a.is_dropped]
    data_length = 0
    unknown = False
    toastable = False
    aligns = {"c": 1, "s": 2, "i": 4, "d": 8}
    for att in attributes:
        data_length = _align(data_length, aligns.get(att.typalign, 1))
        if att.typlen > 0:
            data_length += att.typlen
            continue
        maximum = _type_maximum_size(att.type_oid, att.typmod)
        if maximum < 0:
            unknown = True
        else:
            data_length += maximum
        if att.storage != "p":
            toastable = True
    if not toastable:
        return False
    if unknown:
        return True
    natts = len(cc.get_relation(oid).attributes)
    tuple_length = _align(23 + (natts + 7) // 8, 8) + _align(data_length, 8)
    return tuple_length > TOAST_TUPLE_THRESHOLD


def toast_table_of(oid: int) -> int:
    row = cc.class_row(oid)
    return row.reltoastrelid if row is not None else 0


def create_toast_table_if_needed(oid: int) -> int:
    """Give table `oid` its TOAST table if it needs one and has none; returns its oid
    (0 if none). The caller holds the table's lock."""
    existing = toast_table_of(oid)
    if existing or not needs_toast_table(oid):
        return existing
    return _create_toast_table(oid)


def create_catalog_toast_tables() -> None:
    """initdb's TOAST tables of catalogs (d.CATALOG_TOAST_TABLES), at PostgreSQL's OIDs,
    in template1 before it is copied."""
    for catalog_oid, (toast_oid, index_oid) in d.CATALOG_TOAST_TABLES.items():
        _create_toast_table(catalog_oid, toast_oid, index_oid)


def _create_toast_table(oid: int, toast_oid: int | None = None,
                        index_oid: int | None = None) -> int:
    from pgsnake.access.heap import heapam
    from pgsnake.access.transam import pending_deletes, transaction_ids, xact
    from pgsnake.catalog import index_creation
    table = cc.class_row(oid)
    name = f"pg_toast_{oid}"
    from pgsnake.catalog import temp_namespace
    toast_namespace = temp_namespace.toast_namespace_for(table.relnamespace)
    toast_oid = toast_oid or transaction_ids.get_new_oid()
    relation_locks.lock_relation_oid(toast_oid, lock_modes.ACCESS_EXCLUSIVE)
    class_values = catalog_rows.pg_class_row(
        oid=toast_oid, name=name, namespace_oid=toast_namespace, rowtype_oid=0,
        natts=3, owner=table.relowner, relkind="t", persistence=table.relpersistence,
        frozen_xid=xact.get_current_xid())
    class_values[d.catalog("pg_class").attnum("relam") - 1] = d.HEAP_ACCESS_METHOD
    catalog_writes.insert_row("pg_class", class_values)
    for attnum, (column, type_oid) in enumerate(
            (("chunk_id", _OID), ("chunk_seq", _INT4), ("chunk_data", _BYTEA)), start=1):
        type_row = cc.get_type_row(type_oid)
        catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(
            toast_oid, catalog_rows.ColumnRowSpec(
                attnum=attnum, name=column, type_oid=type_oid, typmod=-1,
                typlen=type_row.typlen, typbyval=type_row.typbyval,
                typalign=type_row.typalign, typstorage="p", collation=0, not_null=False)))
    for row in catalog_rows.system_attribute_rows(toast_oid):
        catalog_writes.insert_row("pg_attribute", row)
    # The TOAST table is an internal part of its table (DEPENDENCY_INTERNAL).
    catalog_writes.insert_row("pg_depend", d.row_values(
        "pg_depend", classid=d.PG_CLASS_OID, objid=toast_oid, objsubid=0,
        refclassid=d.PG_CLASS_OID, refobjid=oid, refobjsubid=0, deptype="i"))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    toast = cc.get_relation(toast_oid)
    heapam.heap_create_storage(toast)
    pending_deletes.schedule(toast.locator, at_commit=False)
    index_creation.create_index(
        name=f"{name}_index", namespace_oid=toast_namespace, heap_oid=toast_oid,
        columns=[index_creation.IndexColumn(1, "chunk_id", _OID),
                 index_creation.IndexColumn(2, "chunk_seq", _INT4)],
        unique=True, primary=True, system_schema=True, index_oid=index_oid)
    catalog_writes.update_rows("pg_class", lambda r: r.oid == oid,
                               key=("oid", oid), reltoastrelid=toast_oid)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return toast_oid


def drop_toast_table(oid: int) -> None:
    """DROP TABLE's part: the table's TOAST table and its index go too (rows now,
    files at commit)."""
    from pgsnake.access.transam import pending_deletes, xact
    from pgsnake.catalog import index_creation
    toast_oid = toast_table_of(oid)
    if not toast_oid:
        return
    relation_locks.lock_relation_oid(toast_oid, lock_modes.ACCESS_EXCLUSIVE)
    toast = cc.get_relation(toast_oid)
    index_creation.drop_table_indexes(toast_oid)
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == d.PG_CLASS_OID
                               and r.objid == toast_oid, key=("objid", toast_oid))
    catalog_writes.delete_rows("pg_attribute", lambda r: r.attrelid == toast_oid,
                               key=("attrelid", toast_oid))
    catalog_writes.delete_rows("pg_class", lambda r: r.oid == toast_oid, key=("oid", toast_oid))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    pending_deletes.schedule(toast.locator, at_commit=True)


def truncate_toast_table(oid: int) -> None:
    """TRUNCATE's part: new, empty files for the TOAST table and its index."""
    from pgsnake.catalog import table_alteration
    toast_oid = toast_table_of(oid)
    if not toast_oid:
        return
    relation_locks.lock_relation_oid(toast_oid, lock_modes.ACCESS_EXCLUSIVE)
    table_alteration.set_new_storage(toast_oid)
    for index_oid in cc.index_oids_of(toast_oid):
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
        table_alteration.set_new_storage(index_oid)


def _open_toast_relations(toast_oid: int):
    """heap_toast's resolver: the TOAST table and its index, as Relations."""
    toast = cc.get_relation(toast_oid)
    index_oids = cc.index_oids_of(toast_oid)
    if not index_oids:
        from pgsnake.utils.errors import INTERNAL_ERROR, PgError
        raise PgError(INTERNAL_ERROR, f'no valid index found for toast relation '
                                      f'with Oid {toast_oid}')
    return toast, cc.get_relation(index_oids[0])


def register_resolver() -> None:
    from pgsnake.access.heap import heap_toast
    heap_toast.set_toast_relation_resolver(_open_toast_relations)
