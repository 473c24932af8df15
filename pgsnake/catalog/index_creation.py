"""Create and drop indexes: their catalog rows, their storage, and the build.

create_index inserts, in this order: pg_class (relkind 'i', relam btree or gin), pg_attribute
(one row per index column, no system columns), pg_index, and for a PRIMARY KEY or
UNIQUE constraint a pg_constraint row naming the index (conindid); it creates the index's file, fills it
from the table, and records in pg_class the table's relhasindex and the sizes the build
saw (relpages, reltuples of both), which the planner's estimates start from. OIDs:
the index first, then its constraint, as in PostgreSQL 15 (t_pkey 16389, its constraint
16390). drop_index deletes those rows at once and the file at commit, like drop_table.

Each key column is ordered by its type's default B-tree operator class (pg_opclass
opcdefault), found for the type itself, for a type binary-coercible to it (varchar uses
text_ops), or for the type's category (anyarray, anyenum, record).

Entry points: IndexColumn, create_index(...) -> oid, drop_index(oid),
drop_table_indexes(heap_oid), choose_index_name(...).

PostgreSQL: catalog/index.c (index_create, index_build, index_drop,
index_check_primary_key), catalog/pg_constraint.c (CreateConstraintEntry),
commands/indexcmds.c (ChooseRelationName, ChooseIndexColumnNames, GetDefaultOpClass),
and catalog/object_names.py for the names of unnamed indexes.
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_rows, catalog_writes, comments, dependency, invalidation,
                             object_names, relation_locks, statistic_rows)
from pgsnake.catalog import definitions as d
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import process_state
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import (DUPLICATE_OBJECT, DUPLICATE_TABLE, INSUFFICIENT_PRIVILEGE,
                                  UNDEFINED_OBJECT, PgError)

_ANYARRAY, _ANYENUM, _RECORD = 2277, 3500, 2249
_ANYRANGE, _ANYMULTIRANGE = 3831, 4537


@dataclasses.dataclass(frozen=True, slots=True)
class IndexColumn:
    """One column of a new index: a table column (attnum > 0), stored with that column's
    type, or an expression (attnum 0), stored with the expression's type; `options` are
    pg_index.indoption bits (DESC, NULLS FIRST)."""
    attnum: int
    name: str
    type_oid: int
    typmod: int = -1
    collation: int = 0
    options: int = 0
    opclass: int = 0          # pg_opclass oid named in SQL; 0: the type's default
    opclass_options: list | None = None     # attoptions texts (catalog/opclass_options)


# ---------------------------------------------------------------------------------------
# Names


def choose_index_name(table_name: str, column_names: list[str], namespace_oid: int,
                      label: str, taken: set[str] = frozenset()) -> str:
    """The name PostgreSQL gives an unnamed index (or its PRIMARY KEY / UNIQUE
    constraint): table_columns_label, label 'pkey' leaving the columns out."""
    columns = "" if label == "pkey" else "_".join(column_names)
    return object_names.choose_relation_name(table_name, columns, label, namespace_oid, taken,
                                             is_constraint=label in ("pkey", "key", "excl"))


# ---------------------------------------------------------------------------------------
# Operator classes


def default_operator_class(type_oid: int, type_display: str,
                           method: int = d.BTREE_ACCESS_METHOD) -> int:
    """The default operator class of access method `method` (B-tree unless told) for
    a column type (GetDefaultOpClass); 42704 if there is none."""
    defaults = {r.opcintype: r.oid
                for r in cc.scan_catalog("pg_opclass", key=("opcmethod", method))
                if r.opcdefault}
    if type_oid in defaults:
        return defaults[type_oid]
    type_row = cc.get_type_row(type_oid)
    if type_row is not None and method != d.BTREE_ACCESS_METHOD:
        if type_row.typtype == "d":
            return default_operator_class(type_row.typbasetype, type_display, method)
        if type_row.typcategory == "A" and type_row.typelem and _ANYARRAY in defaults:
            return defaults[_ANYARRAY]
        polymorphic = {"r": _ANYRANGE, "m": _ANYMULTIRANGE,
                       "e": _ANYENUM}.get(type_row.typtype)
        if polymorphic in defaults:   # GiST's range_ops / multirange_ops, btree_gin's enum_ops
            return defaults[polymorphic]
    elif type_row is not None:
        if type_row.typtype == "d":          # a domain: its base type's (domains over enums)
            return default_operator_class(type_row.typbasetype, type_display)
        if type_row.typtype in ("r", "m"):   # range_ops / multirange_ops
            return defaults[_ANYRANGE if type_row.typtype == "r" else _ANYMULTIRANGE]
        if type_row.typcategory == "A" and type_row.typelem:
            return defaults[_ANYARRAY]
        if type_row.typtype == "e":
            return defaults[_ANYENUM]
        if type_row.typtype == "c":
            return defaults[_RECORD]
    for cast in cc.scan_catalog("pg_cast"):
        if cast.castsource == type_oid and cast.castmethod == "b" \
                and cast.casttarget in defaults:
            return defaults[cast.casttarget]
    if method != d.BTREE_ACCESS_METHOD:
        method_name = next((r.amname for r in cc.scan_catalog("pg_am") if r.oid == method), "")
        raise PgError(UNDEFINED_OBJECT,
                      f'data type {type_display} has no default operator class for access '
                      f'method "{method_name}"',
                      hint="You must specify an operator class for the index or define a "
                           "default operator class for the data type.")
    method_name = next((r.amname for r in cc.scan_catalog("pg_am") if r.oid == method),
                       "btree")
    raise PgError(UNDEFINED_OBJECT,
                  f'data type {type_display} has no default operator class for access '
                  f'method "{method_name}"',
                  hint="You must specify an operator class for the index or define a "
                       "default operator class for the data type.")


def named_operator_class(names: list[str], type_oid: int,
                         method: int = d.BTREE_ACCESS_METHOD) -> int:
    """The B-tree operator class an index column names (`text_pattern_ops`, or schema-
    qualified), found through search_path; it must take the column's type, directly or
    through a binary-coercible cast (varchar for a text class). ResolveOpClass."""
    from pgsnake.catalog.sql_functions import format_type
    rows = [r for r in cc.scan_catalog("pg_opclass")
            if r.opcname == names[-1] and r.opcmethod == method]
    if len(names) > 1:
        schema = cc.get_namespace_oid(names[0])
        if schema is None:
            raise PgError("3F000", f'schema "{names[0]}" does not exist')
        rows = [r for r in rows if r.opcnamespace == schema]
    else:
        path = cc.search_path_namespaces()
        rows = sorted((r for r in rows if r.opcnamespace in path),
                      key=lambda r: path.index(r.opcnamespace))
    if not rows:
        method_name = next((r.amname for r in cc.scan_catalog("pg_am") if r.oid == method),
                           "btree")
        raise PgError(UNDEFINED_OBJECT, f'operator class "{".".join(names)}" does not exist '
                                        f'for access method "{method_name}"')
    opclass = rows[0]
    accepted = opclass.opcintype == type_oid or any(
        c.castsource == type_oid and c.casttarget == opclass.opcintype and c.castmethod == "b"
        for c in cc.scan_catalog("pg_cast"))
    if not accepted and opclass.opcintype in (_ANYARRAY, _ANYENUM, _RECORD):
        type_row = cc.get_type_row(type_oid)
        kind = {_ANYARRAY: "A", _ANYENUM: "e", _RECORD: "c"}[opclass.opcintype]
        accepted = type_row is not None and (type_row.typcategory == kind == "A"
                                             or type_row.typtype == kind)
    if not accepted:
        raise PgError("42804", f'operator class "{opclass.opcname}" does not accept data '
                               f'type {format_type(type_oid, None)}')
    return opclass.oid


# ---------------------------------------------------------------------------------------
# Catalog rows


def _update_stats(heap_oid: int, index, heap_tuples: int, index_tuples: int) -> None:
    """After a build: relhasindex, and relpages / reltuples of the table and the index
    from what the build saw (index_update_stats). A table that was never vacuumed and
    is still empty keeps reltuples -1, so the planner does not take "empty" as a fact."""
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    from pgsnake.storage.smgr.relation_path import ForkNumber
    heap = cc.get_relation(heap_oid)
    heap_row = cc.class_row(heap_oid)
    reltuples = float(heap_tuples)
    if heap_tuples == 0 and heap_row.reltuples < 0:
        reltuples = -1.0
    catalog_writes.update_rows("pg_class", lambda r: r.oid == heap_oid,
                               key=("oid", heap_oid), relhasindex=True, reltuples=reltuples,
                      relpages=bufmgr.nblocks(heap.locator, ForkNumber.MAIN))
    catalog_writes.update_rows("pg_class", lambda r: r.oid == index.oid,
                               key=("oid", index.oid), reltuples=float(index_tuples),
                      relpages=bufmgr.nblocks(index.locator, ForkNumber.MAIN))


def create_index(*, name: str, namespace_oid: int, heap_oid: int,
                 columns: list[IndexColumn], include_count: int = 0, unique: bool = False,
                 primary: bool = False, nulls_not_distinct: bool = False,
                 constraint_type: str | None = None, deferrable: bool = False,
                 initially_deferred: bool = False, fillfactor: int | None = None,
                 deduplicate_items: str | None = None, system_schema: bool = False,
                 expressions: str | None = None, predicate: str | None = None,
                 entry_function=None, access_method: int = d.BTREE_ACCESS_METHOD,
                 extra_reloptions: list[str] | None = None,
                 exclusion_operators: list[list[str]] | None = None,
                 index_oid: int | None = None) -> int:
    """Create a B-tree index on table `heap_oid` and build it; returns the index oid.
    The last `include_count` columns are INCLUDE columns (not keys). `constraint_type`
    'p' or 'u' also records the constraint in pg_constraint. The caller holds the
    table's lock (ShareLock for CREATE INDEX) and has chosen the name. `system_schema`:
    the index of a TOAST table, which goes in pg_toast (toast_creation.py).
    An expression column has attnum 0; `expressions` and `predicate` are the
    pg_index.indexprs / indpred texts (index_expressions.py); `entry_function(index)`
    gives the function that forms a table row's entry (None for a row a partial index
    leaves out), or None for a plain index (the caller compiles it: evaluating
    expressions is above this layer). `exclusion_operators` (operator names per key
    column) makes it an EXCLUDE constraint's index: pg_index.indisexclusion and a
    pg_constraint row of contype 'x' with conexclop (catalog/exclusion_operators.py);
    the caller checks the existing rows."""
    from pgsnake.access.transam import pending_deletes, transaction_ids, xact

    if cc.relation_oid_in(namespace_oid, name) is not None:
        raise PgError(DUPLICATE_TABLE, f'relation "{name}" already exists')
    if (constraint_type or exclusion_operators is not None) and any(
            r.conrelid == heap_oid and not r.contypid
            for r in cc.scan_catalog("pg_constraint", key=("conname", name))):
        raise PgError(DUPLICATE_OBJECT, f'constraint "{name}" for relation '
                      f'"{cc.class_row(heap_oid).relname}" already exists')
    if namespace_oid in (d.PG_CATALOG_NAMESPACE, d.PG_TOAST_NAMESPACE) \
            and not process_state.is_bootstrap and not system_schema:
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to create '
                      f'"{cc.namespace_name(namespace_oid)}.{name}"',
                      detail="System catalog modifications are currently disallowed.")
    key_count = len(columns) - include_count
    operator_classes = []
    for column in columns[:key_count]:
        from pgsnake.catalog.sql_functions import format_type
        shown = format_type(column.type_oid, None)
        operator_classes.append(column.opclass
                                or default_operator_class(column.type_oid, shown,
                                                          access_method))
    exclusion_oids = None
    if exclusion_operators is not None:
        from pgsnake.catalog import exclusion_operators as exclusion
        exclusion_oids = exclusion.operator_oids(
            exclusion_operators, [c.type_oid for c in columns[:key_count]], operator_classes)
    if access_method == 3580:                       # BRIN: opckeytype as it is
        from pgsnake.catalog import brin_index_catalog
        columns = brin_index_catalog.stored_columns(columns, operator_classes)
    elif access_method != d.BTREE_ACCESS_METHOD:    # GIN stores its keys' type
        from pgsnake.catalog import gin_index_catalog
        columns = gin_index_catalog.stored_columns(columns, operator_classes)

    heap_class = cc.class_row(heap_oid)
    owner = heap_class.relowner
    index_oid = index_oid or transaction_ids.get_new_oid()     # (fixed: a catalog's TOAST)
    relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    for opclass in sorted(set(operator_classes)):
        if opclass >= d.FIRST_NORMAL_OBJECT_ID:     # an extension's class (built-ins are pinned)
            dependency.record(dependency.relation(index_oid),
                              dependency.ObjectAddress(2616, opclass), dependency.NORMAL)
    reloptions = ([] if fillfactor is None else [f"fillfactor={fillfactor}"]) + \
        ([] if deduplicate_items is None else [f"deduplicate_items={deduplicate_items}"])
    reloptions = (reloptions + list(extra_reloptions or ())) or None
    class_values = catalog_rows.pg_class_row(
        oid=index_oid, name=name, namespace_oid=namespace_oid, rowtype_oid=0,
        natts=len(columns), owner=owner, relkind="i")
    class_def = d.catalog("pg_class")
    class_values[class_def.attnum("relam") - 1] = access_method
    class_values[class_def.attnum("reloptions") - 1] = reloptions
    class_values[class_def.attnum("relpersistence") - 1] = heap_class.relpersistence
    catalog_writes.insert_row("pg_class", class_values)
    # A table column stored as its own type keeps the column's attstorage and
    # attcompression (index_form_tuple compresses by them); expressions and opckeytype
    # columns take the type's storage and the default method (ConstructTupleDescriptor).
    heap_attributes = {a.attnum: a for a in cc.attribute_rows(heap_oid)}
    for attnum, column in enumerate(columns, start=1):
        type_row = cc.get_type_row(column.type_oid)
        storage, compression = type_row.typstorage, ""
        heap_attribute = heap_attributes.get(column.attnum) if column.attnum > 0 else None
        if heap_attribute is not None and heap_attribute.atttypid == column.type_oid:
            storage = heap_attribute.attstorage
            compression = heap_attribute.attcompression or ""
        attribute_row = catalog_rows.pg_attribute_row(index_oid, catalog_rows.ColumnRowSpec(
            attnum=attnum, name=column.name, type_oid=column.type_oid, typmod=column.typmod,
            typlen=type_row.typlen, typbyval=type_row.typbyval, typalign=type_row.typalign,
            typstorage=storage, collation=column.collation, not_null=False,
            ndims=1 if type_row.typcategory == "A" and type_row.typelem else 0,
            compression=compression))
        if column.opclass_options:
            attribute_row[d.catalog("pg_attribute").attnum("attoptions") - 1] = \
                list(column.opclass_options)
        catalog_writes.insert_row("pg_attribute", attribute_row)
    catalog_writes.insert_row("pg_index", d.row_values(
        "pg_index", indexrelid=index_oid, indrelid=heap_oid, indnatts=len(columns),
        indnkeyatts=key_count, indisunique=unique, indnullsnotdistinct=nulls_not_distinct,
        indisprimary=primary, indisexclusion=exclusion_oids is not None,
        indimmediate=not deferrable,
        indisclustered=False, indisvalid=True, indcheckxmin=False, indisready=True,
        indislive=True, indisreplident=False, indkey=[c.attnum for c in columns],
        indcollation=[c.collation for c in columns[:key_count]],
        indclass=operator_classes, indoption=[c.options for c in columns[:key_count]],
        indexprs=expressions, indpred=predicate))
    constraint_oid = None
    if constraint_type is not None:
        constraint_oid = transaction_ids.get_new_oid()
        catalog_writes.insert_row("pg_constraint", d.row_values(
            "pg_constraint", oid=constraint_oid, conname=name,
            connamespace=namespace_oid, contype=constraint_type, condeferrable=deferrable,
            condeferred=initially_deferred, convalidated=True, conrelid=heap_oid,
            contypid=0, conindid=index_oid, conparentid=0, confrelid=0, confupdtype=" ",
            confdeltype=" ", confmatchtype=" ", conislocal=True, coninhcount=0,
            connoinherit=True, conkey=[c.attnum for c in columns[:key_count]],
            confkey=None, conpfeqop=None, conppeqop=None, conffeqop=None,
            confdelsetcols=None, conexclop=exclusion_oids, conbin=None))
    record_index_dependencies(index_oid, heap_oid, constraint_oid,
                               [c.attnum for c in columns], expressions, predicate)
    if constraint_oid is not None and deferrable:
        from pgsnake.catalog import trigger_catalog
        trigger_catalog.add_unique_recheck_trigger(constraint_oid, heap_oid, index_oid,
                                                   primary, initially_deferred)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    index = cc.get_relation(index_oid)
    heap = cc.get_relation(heap_oid)
    from pgsnake.access import index_am
    index_am.create_storage(index)
    pending_deletes.schedule(index.locator, at_commit=False)
    heap_tuples, index_tuples = build_index(
        index, heap, [c.attnum for c in columns],
        entry_function(index) if entry_function is not None else None)
    _update_stats(heap_oid, index, heap_tuples, index_tuples)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return index_oid


def build_index(index, heap, attnums: list[int], form_entry=None) -> tuple[int, int]:
    """Fill the empty index from every tuple of its table (the B-tree build);
    returns (heap tuples seen, index entries made). Entries are the columns `attnums`,
    or form_entry(row values) for an index with expressions or a predicate (None: the
    row is not indexed)."""
    from pgsnake.access.heap import heapam
    positions = [attnum - 1 for attnum in attnums]
    heap_tuples = 0

    def entries():
        nonlocal heap_tuples
        for tid, values, is_live in heapam.heap_scan_for_index_build(heap):
            heap_tuples += 1
            if form_entry is None:
                yield tid, [values[p] for p in positions], is_live
                continue
            entry = form_entry(values)
            if entry is not None:
                yield tid, entry, is_live
    from pgsnake.access import index_am
    heap_row = cc.class_row(heap.oid)
    heap_stats = (heap_row.relpages, heap_row.reltuples) if heap_row is not None else None
    index_tuples = index_am.build(index, heap, entries(),  # counts heap_tuples as it goes
                                  heap_stats=heap_stats)
    return heap_tuples, index_tuples


def record_index_dependencies(index_oid: int, heap_oid: int, constraint_oid: int | None,
                               attnums: list[int], expressions: str | None = None,
                               predicate: str | None = None) -> None:
    """pg_depend as index_create leaves it: an index that implements a PRIMARY KEY or
    UNIQUE constraint is part of it ('i') and the constraint goes with its columns;
    a plain index goes with its columns ('a'), also those its expressions and predicate
    read, and needs what else they name (a function: 'n')."""
    index = dependency.relation(index_oid)
    columns = [dependency.column(heap_oid, attnum) for attnum in attnums if attnum > 0]
    if constraint_oid is None:
        named = dependency.index_expression_references(expressions, predicate, heap_oid)
        own = {a for a in named if (a.classid, a.objid) == (d.PG_CLASS_OID, heap_oid)}
        if not columns:             # expressions only: it goes with the whole table too
            own.add(dependency.relation(heap_oid))
        dependency.record_all(index, set(columns) | own, dependency.AUTO)
        dependency.record_all(index, named - own, dependency.NORMAL)
        return
    constraint = dependency.ObjectAddress(d.PG_CONSTRAINT_OID, constraint_oid)
    dependency.record(index, constraint, dependency.INTERNAL)
    dependency.record_all(constraint, columns, dependency.AUTO)


def drop_index(index_oid: int) -> None:
    """Delete the index's catalog rows (and its constraint's) now, its file at commit.
    The caller holds AccessExclusiveLock on the table and the index. The table keeps
    relhasindex (PostgreSQL clears it only in VACUUM)."""
    from pgsnake.access.transam import pending_deletes, xact
    index = cc.get_relation(index_oid)
    for constraint in cc.scan_catalog("pg_constraint", key=("conindid", index_oid)):
        if constraint.conindid == index_oid:
            if constraint.condeferrable:          # its recheck trigger
                from pgsnake.catalog import trigger_catalog
                trigger_catalog.drop_constraint_triggers(constraint.oid)
            comments.delete_comments(constraint.oid, d.PG_CONSTRAINT_OID)
            dependency.delete_dependencies(d.PG_CONSTRAINT_OID, constraint.oid)
    catalog_writes.delete_rows("pg_constraint", lambda r: r.conindid == index_oid,
                               key=("conindid", index_oid))
    dependency.delete_dependencies(d.PG_CLASS_OID, index_oid)
    catalog_writes.delete_rows("pg_index", lambda r: r.indexrelid == index_oid,
                               key=("indexrelid", index_oid))
    catalog_writes.delete_rows("pg_attribute", lambda r: r.attrelid == index_oid,
                               key=("attrelid", index_oid))
    comments.delete_comments(index_oid, d.PG_CLASS_OID)
    statistic_rows.delete_statistics(index_oid)     # an expression index's (ANALYZE)
    catalog_writes.delete_rows("pg_class", lambda r: r.oid == index_oid, key=("oid", index_oid))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    pending_deletes.schedule(index.locator, at_commit=True)
    pgstat.drop_relation_at_commit(index)


def drop_table_indexes(heap_oid: int) -> None:
    """DROP TABLE's part: every index of the table goes with it (PostgreSQL follows
    pg_depend; pgsnake has no pg_depend yet and asks pg_index)."""
    for index_oid in cc.index_oids_of(heap_oid):
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
        drop_index(index_oid)
