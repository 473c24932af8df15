"""Create and drop sequences: their catalog rows and their one-page file.

create_sequence inserts pg_class (relkind 'S', no row type, no access method),
pg_attribute (last_value, log_cnt, is_called and the system columns), pg_sequence (the
options), pg_depend (the sequence lives in its schema; a serial column's sequence is
owned by the column, 'a', so it goes when the table or the column does), then writes the
page (access/sequence/sequence_page.py). drop_sequence deletes the rows now and the file
at commit.

pg_depend holds only these rows in pgsnake so far (PostgreSQL records every
dependency); DROP TABLE follows the 'a' rows to the table's owned sequences.

Entry points: SequenceDefinition, create_sequence(...) -> oid, drop_sequence(oid),
set_owner(sequence_oid, table_oid, attnum), owned_sequences(table_oid, attnum=None).

PostgreSQL: commands/sequence.c (DefineSequence, init_params, process_owned_by),
catalog/heap.c (heap_create_with_catalog), catalog/pg_depend.c (recordDependencyOn).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_rows, catalog_writes, comments, invalidation, relation_locks
from pgsnake.catalog import dependency
from pgsnake.catalog import definitions as d
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import process_state
from pgsnake.utils.errors import DUPLICATE_TABLE, PgError

INT8, BOOL = 20, 16
_COLUMNS = (("last_value", INT8), ("log_cnt", INT8), ("is_called", BOOL))
PG_CLASS = 1259
PG_NAMESPACE = 2615


@dataclasses.dataclass(frozen=True, slots=True)
class SequenceDefinition:
    """pg_sequence's columns (checked by the caller)."""
    type_oid: int
    start: int
    increment: int
    max_value: int
    min_value: int
    cache: int
    cycle: bool


def create_sequence(name: str, namespace_oid: int, definition: SequenceDefinition,
                    persistence: str = "p") -> int:
    """The sequence's rows and file; `persistence` 'u' makes it unlogged (with an init
    fork holding its starting state), 'p' permanent or, in this backend's temporary
    schema, temporary."""
    from pgsnake.access.sequence import sequence_page
    from pgsnake.access.transam import pending_deletes, transaction_ids, xact
    from pgsnake.catalog.heap_creation import ColumnSpec, column_row_spec
    if cc.relation_oid_in(namespace_oid, name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{name}" already exists')
    oid = transaction_ids.get_new_oid()
    relation_locks.lock_relation_oid(oid, lock_modes.ACCESS_EXCLUSIVE)
    from pgsnake.catalog import object_permissions
    object_permissions.check_namespace_create(namespace_oid)
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    class_values = catalog_rows.pg_class_row(oid=oid, name=name, namespace_oid=namespace_oid,
                                             rowtype_oid=0, natts=len(_COLUMNS), owner=owner,
                                             relkind="S", frozen_xid=0,
                                             persistence=persistence)
    class_values[d.catalog("pg_class").attnum("relminmxid") - 1] = 0
    catalog_writes.insert_row("pg_class", class_values)
    for attnum, (column, type_oid) in enumerate(_COLUMNS, start=1):
        catalog_writes.insert_row("pg_attribute", catalog_rows.pg_attribute_row(
            oid, column_row_spec(attnum, ColumnSpec(column, type_oid, not_null=True))))
    for row in catalog_rows.system_attribute_rows(oid):
        catalog_writes.insert_row("pg_attribute", row)
    catalog_writes.insert_row("pg_sequence", d.row_values(
        "pg_sequence", seqrelid=oid, seqtypid=definition.type_oid, seqstart=definition.start,
        seqincrement=definition.increment, seqmax=definition.max_value,
        seqmin=definition.min_value, seqcache=definition.cache, seqcycle=definition.cycle))
    dependency.record(dependency.relation(oid),
                      dependency.ObjectAddress(PG_NAMESPACE, namespace_oid), dependency.NORMAL)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    relation = cc.get_relation(oid)
    sequence_page.create(relation, definition.start)
    pending_deletes.schedule(relation.locator, at_commit=False)
    from pgsnake.catalog import default_privileges
    default_privileges.apply_to_new_object("S", oid)     # ALTER DEFAULT PRIVILEGES
    return oid


def set_owner(sequence_oid: int, table_oid: int | None, attnum: int = 0,
              deptype: str = "a") -> None:
    """OWNED BY table.column (None: OWNED BY NONE); deptype 'i' for an identity
    column's sequence, which is part of the column."""
    from pgsnake.access.transam import xact
    catalog_writes.delete_rows("pg_depend", lambda r: r.objid == sequence_oid
                               and r.classid == PG_CLASS and r.deptype in ("a", "i"),
                               key=("objid", sequence_oid))
    if table_oid is not None:
        dependency.record(dependency.relation(sequence_oid),
                          dependency.column(table_oid, attnum), deptype)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def owned_sequences(table_oid: int, attnum: int | None = None) -> list[int]:
    """Sequences owned by the table (or by one of its columns)."""
    return [r.objid for r in cc.scan_catalog("pg_depend")
            if r.classid == PG_CLASS and r.refclassid == PG_CLASS and r.deptype in ("a", "i")
            and r.refobjid == table_oid and (attnum is None or r.refobjsubid == attnum)
            and cc.sequence_row(r.objid) is not None]


def drop_sequence(oid: int) -> None:
    """Delete the sequence's rows now and its file at commit."""
    from pgsnake.access.transam import pending_deletes, xact
    relation = cc.get_relation(oid)
    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == PG_CLASS and r.objid == oid,
                               key=("objid", oid))
    catalog_writes.delete_rows("pg_sequence", lambda r: r.seqrelid == oid, key=("seqrelid", oid))
    catalog_writes.delete_rows("pg_attribute", lambda r: r.attrelid == oid, key=("attrelid", oid))
    comments.delete_comments(oid, d.PG_CLASS_OID)
    catalog_writes.delete_rows("pg_class", lambda r: r.oid == oid, key=("oid", oid))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    pending_deletes.schedule(relation.locator, at_commit=True)
