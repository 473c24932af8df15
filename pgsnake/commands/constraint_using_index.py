"""ALTER TABLE ... ADD [CONSTRAINT name] {PRIMARY KEY | UNIQUE} USING INDEX index
[DEFERRABLE ...]: an existing unique index becomes the constraint's.

The index is checked as transformIndexConstraint and index_check_primary_key check it,
in their order (with the constraint's position): it exists in the table's schema
(42704), belongs to the table (55000), has no constraint yet (55000), is a valid
(55000), unique, non-partial, expression-free (42809) B-tree index whose columns sort
the default way (42809). It is renamed to the constraint's name (with PostgreSQL's
NOTICE) when one is given, else the constraint takes the index's name; a primary key
makes its columns NOT NULL (23502 if a row has a NULL) and sets indisprimary; a
deferrable constraint makes the index not immediate and gets its recheck trigger. The
index's pg_depend rows become those of a constraint's index.

Entry point: add_constraint_using_index(relation, constraint node, position).

PostgreSQL: parser/parse_utilcmd.c (transformIndexConstraint's USING INDEX part),
commands/tablecmds.c (ATExecAddIndexConstraint), catalog/index.c
(index_check_primary_key, index_constraint_create).
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, invalidation, table_alteration
from pgsnake.catalog import definitions as d
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

_DETAIL = "Cannot create a primary key or unique constraint using such an index."


def add_constraint_using_index(relation, constraint: dict, position) -> None:
    primary = constraint["contype"] == "CONSTR_PRIMARY"
    where = position(constraint.get("location"))
    index_name = constraint["indexname"]
    if primary and any(cc.index_row(o).indisprimary for o in cc.index_oids_of(relation.oid)):
        raise PgError("42P16", f'multiple primary keys for table "{relation.name}" are not '
                               f'allowed')
    index_oid = cc.relation_oid_in(relation.namespace_oid, index_name)
    row = cc.index_row(index_oid) if index_oid is not None else None
    if row is None:
        raise PgError("42704", f'index "{index_name}" does not exist', position=where)
    if row.indrelid != relation.oid:
        raise PgError("55000", f'index "{index_name}" does not belong to table '
                               f'"{relation.name}"', position=where)
    if any(c.conindid == index_oid for c in cc.scan_catalog("pg_constraint")
           if c.contype in ("p", "u", "x")):
        raise PgError("55000", f'index "{index_name}" is already associated with a '
                               f'constraint', position=where)
    if not row.indisvalid:
        raise PgError("55000", f'index "{index_name}" is not valid', position=where)
    if not row.indisunique:
        raise PgError("42809", f'"{index_name}" is not a unique index', detail=_DETAIL,
                      position=where)
    if row.indexprs is not None:
        raise PgError("42809", f'index "{index_name}" contains expressions', detail=_DETAIL,
                      position=where)
    if row.indpred is not None:
        raise PgError("42809", f'"{index_name}" is a partial index', detail=_DETAIL,
                      position=where)
    if cc.class_row(index_oid).relam != 403:
        raise PgError("42809", f'index "{index_name}" is not a btree', detail=_DETAIL,
                      position=where)
    for number, option in enumerate(row.indoption or (), start=1):
        if option:
            raise PgError("42809", f'index "{index_name}" column number {number} does not '
                                   f'have default sorting behavior', detail=_DETAIL,
                          position=where)
    name = constraint.get("conname") or index_name
    if name != index_name:
        notices.emit("00000", f'ALTER TABLE / ADD CONSTRAINT USING INDEX will rename index '
                              f'"{index_name}" to "{name}"')
        table_alteration.rename_relation(index_oid, name)
    keys = list(row.indkey[:row.indnkeyatts])
    if primary:
        from pgsnake.commands.alter_table import _set_not_null
        by_attnum = {a.attnum: a for a in relation.attributes}
        for attnum in keys:
            _set_not_null(relation, by_attnum[attnum])
    deferrable = bool(constraint.get("deferrable"))
    deferred = bool(constraint.get("initdeferred"))
    catalog_writes.update_rows("pg_index", lambda r: r.indexrelid == index_oid,
                               key=("indexrelid", index_oid),
                               indisprimary=primary, indimmediate=not deferrable)
    constraint_oid = transaction_ids.get_new_oid()
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=constraint_oid, conname=name,
        connamespace=relation.namespace_oid, contype="p" if primary else "u",
        condeferrable=deferrable, condeferred=deferred, convalidated=True,
        conrelid=relation.oid, contypid=0, conindid=index_oid, conparentid=0, confrelid=0,
        confupdtype=" ", confdeltype=" ", confmatchtype=" ", conislocal=True, coninhcount=0,
        connoinherit=True, conkey=keys, confkey=None, conpfeqop=None, conppeqop=None,
        conffeqop=None, confdelsetcols=None, conexclop=None, conbin=None))
    # the index now belongs to the constraint ('i'), which goes with the columns
    dependency.delete_dependencies(d.PG_CLASS_OID, index_oid)
    from pgsnake.catalog import index_creation
    index_creation.record_index_dependencies(index_oid, relation.oid, constraint_oid,
                                              list(row.indkey))
    if deferrable:
        from pgsnake.catalog import trigger_catalog
        trigger_catalog.add_unique_recheck_trigger(constraint_oid, relation.oid, index_oid,
                                                   primary, deferred)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
