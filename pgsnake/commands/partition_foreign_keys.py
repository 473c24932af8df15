"""FOREIGN KEY constraints and partitioned tables: the constraint cloned down both trees,
as pg_constraint shows it on PostgreSQL.

A foreign key whose referenced table is partitioned gets, for every partition of it
(depth first, each level's partitions in pg_inherits order), a clone referencing that
partition: same referencing table and columns, the partition's index attached to the
referenced unique index (conindid), conparentid the constraint one level up, named as
a new constraint of the referencing table would be (t_x_fkey1, t_x_fkey2, ...), with
the action triggers (ON DELETE / ON UPDATE) on the partition. Deleting or updating a
row of a partition therefore runs the clone's action and reports its name.

A foreign key on a partitioned table gets, on every partition, a clone of the same
name referencing the same table, with the check triggers (AFTER INSERT / UPDATE) on
the partition; an insert into a partition checks through it and reports the
partition's name. A partition created or attached later gets both kinds of clone
(its rows checked when it is attached).

Clones have conislocal false, coninhcount 1, connoinherit false (the top constraint of
a partitioned referencing table has connoinherit false too); dropping a constraint drops
its clones.

Entry points (hooks in commands/foreign_keys.py and commands/partition_commands.py):
    after_add(constraint_oid)                  clones of a new constraint
    after_new_partition(parent_oid, child_oid, attached)
    drop_clones(constraint_oid)                before the constraint itself is dropped
    before_detach(parent_oid, child_oid), after_detach(parent_oid, child_oid)
    validate_partitions(...)                   ALTER TABLE ADD on a partitioned table

DETACH PARTITION: of a referenced partition, refused while a referencing row holds a
key of its rows, then the clones referencing it are dropped (before_detach); of a
referencing partition, the clones of the parent's foreign keys become the partition's
own constraints, with action triggers on the referenced table (after_detach).
A clone cannot be dropped by itself (42P16 "cannot drop inherited constraint").

Where we differ: an equivalent foreign key the partition already has is not adopted
(PostgreSQL attaches it instead of making a clone).

PostgreSQL: commands/tablecmds.c (addFkRecurseReferenced, addFkRecurseReferencing,
CloneForeignKeyConstraints, CloneFkReferenced, CloneFkReferencing),
utils/adt/ri_triggers.c (the queries leave out ONLY for a partitioned table:
executor/foreign_keys.py, executor/referential_locks.py).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import (catalog_writes, dependency, invalidation, object_names,
                             trigger_catalog)
from pgsnake.catalog import definitions as d
from pgsnake.catalog import partition_bounds as pb


def _constraint_row(oid: int):
    return next((r for r in cc.scan_catalog("pg_constraint") if r.oid == oid), None)


def _attached_index(partition_oid: int, parent_index: int) -> int:
    """The partition's index attached to `parent_index` (0 when it has none)."""
    for oid in cc.index_oids_of(partition_oid):
        if parent_index in pb.parents(oid):
            return oid
    return 0


def _mapped_attnums(attnums, from_oid: int, to_oid: int) -> list:
    """Column numbers of one table as the same columns (by name) of another: a partition
    may number its columns otherwise than its parent (dropped columns, another order)."""
    if from_oid == to_oid:
        return list(attnums)
    names = {a.attnum: a.name for a in cc.get_relation(from_oid).attributes}
    to_attnums = {a.name: a.attnum for a in cc.get_relation(to_oid).attributes
                  if not a.is_dropped}
    return [to_attnums[names[n]] for n in attnums]


def _clone(row, *, conname: str, conrelid: int, confrelid: int, conindid: int) -> int:
    """A clone of `row` on `conrelid` referencing `confrelid` (one of them a partition of
    `row`'s table), its column numbers those of its own tables."""
    from pgsnake.access.transam import transaction_ids
    oid = transaction_ids.get_new_oid()
    conkey = _mapped_attnums(row.conkey, row.conrelid, conrelid)
    confkey = _mapped_attnums(row.confkey, row.confrelid, confrelid)
    catalog_writes.insert_row("pg_constraint", d.row_values(
        "pg_constraint", oid=oid, conname=conname, connamespace=row.connamespace,
        contype="f", condeferrable=row.condeferrable, condeferred=row.condeferred,
        convalidated=row.convalidated, conrelid=conrelid, contypid=0, conindid=conindid,
        conparentid=row.oid, confrelid=confrelid, confupdtype=row.confupdtype,
        confdeltype=row.confdeltype, confmatchtype=row.confmatchtype, conislocal=False,
        coninhcount=1, connoinherit=False, conkey=conkey,
        confkey=confkey, conpfeqop=list(row.conpfeqop),
        conppeqop=list(row.conppeqop), conffeqop=list(row.conffeqop),
        confdelsetcols=_mapped_attnums(row.confdelsetcols, row.conrelid, conrelid)
        if row.confdelsetcols else None, conexclop=None, conbin=None))
    address = dependency.ObjectAddress(d.PG_CONSTRAINT_OID, oid)
    # As ConstraintSetParentConstraint: a partition dependency on the constraint it was
    # cloned from (DEPENDENCY_PARTITION_PRI).
    dependency.record(address, dependency.ObjectAddress(d.PG_CONSTRAINT_OID, row.oid), "P")
    dependency.record_all(address, [dependency.column(conrelid, n) for n in conkey],
                          dependency.AUTO)
    dependency.record_all(address, [dependency.column(confrelid, n) for n in confkey],
                          dependency.NORMAL)
    if conindid:
        dependency.record(address, dependency.relation(conindid), dependency.NORMAL)
    return oid


def _triggers(oid: int, row, conrelid: int, confrelid: int, conindid: int, sides: str):
    """The clone `oid`'s triggers, each a child (tgparentid) of the same trigger of the
    constraint `row` it was cloned from (createForeignKeyActionTriggers /
    createForeignKeyCheckTriggers given the parent's triggers), so ENABLE / DISABLE
    TRIGGER on the partitioned table reaches them."""
    trigger_catalog.add_foreign_key_triggers(
        oid, conrelid, confrelid, conindid, row.confdeltype, row.confupdtype,
        row.condeferrable, row.condeferred, sides=sides)
    _done()                                   # (the new rows visible to the scan)
    parents = {(r.tgfoid, r.tgtype): r.oid for r in cc.scan_catalog("pg_trigger")
               if r.tgconstraint == row.oid}
    for trigger in list(cc.scan_catalog("pg_trigger")):
        if trigger.tgconstraint == oid and (trigger.tgfoid, trigger.tgtype) in parents:
            trigger_catalog.update_trigger(trigger.oid,
                                           tgparentid=parents[trigger.tgfoid, trigger.tgtype])


def _done() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def _clone_referenced(row, partition_oid: int) -> None:
    """The clone of `row` (a constraint referencing the partition's parent) referencing
    `partition_oid`, then its own partitions'."""
    index = _attached_index(partition_oid, row.conindid)
    referencing = cc.class_row(row.conrelid)
    names = {a.attnum: a.name for a in cc.get_relation(row.conrelid).attributes}
    columns = "_".join(names[n] for n in row.conkey)
    name = object_names.choose_constraint_name(referencing.relname, columns, "fkey",
                                               row.connamespace)
    oid = _clone(row, conname=name, conrelid=row.conrelid, confrelid=partition_oid,
                 conindid=index)
    _triggers(oid, row, row.conrelid, partition_oid, index, "a")
    _done()
    clone = _constraint_row(oid)
    for child in pb.children(partition_oid):
        _clone_referenced(clone, child)


def _clone_referencing(row, partition_oid: int) -> None:
    """The clone of `row` (a partitioned table's constraint) on `partition_oid`, then on
    its own partitions."""
    name = row.conname
    if any(r.conrelid == partition_oid
           for r in cc.scan_catalog("pg_constraint", key=("conname", name))):
        # the partition has a constraint of that name: the clone gets one of its own
        partition = cc.get_relation(partition_oid)
        names = {a.attnum: a.name for a in partition.attributes}
        columns = "_".join(names[n] for n in _mapped_attnums(row.conkey, row.conrelid,
                                                             partition_oid))
        name = object_names.choose_constraint_name(partition.name, columns, "fkey",
                                                   partition.namespace_oid)
    oid = _clone(row, conname=name, conrelid=partition_oid, confrelid=row.confrelid,
                 conindid=row.conindid)
    _triggers(oid, row, partition_oid, row.confrelid, row.conindid, "c")
    _done()
    clone = _constraint_row(oid)
    for child in pb.children(partition_oid):
        _clone_referencing(clone, child)


def after_add(constraint_oid: int) -> None:
    """A new foreign key (not a clone): its clones down either partition tree."""
    row = _constraint_row(constraint_oid)
    if cc.class_row(row.confrelid).relkind == "p":
        for child in pb.children(row.confrelid):
            _clone_referenced(row, child)
    if cc.class_row(row.conrelid).relkind == "p":
        for child in pb.children(row.conrelid):
            _clone_referencing(_constraint_row(constraint_oid), child)


def after_new_partition(parent_oid: int, child_oid: int, attached: bool) -> None:
    """A partition created under, or attached to, `parent_oid`: the parent's foreign
    keys, and those referencing the parent, cloned for it."""
    rows = [r for r in cc.scan_catalog("pg_constraint") if r.contype == "f"]
    # A constraint whose parent constraint is in the same list is reached by cloning
    # that parent (CloneFkReferenced / CloneFkReferencing skip it).
    referencing_parent = [r for r in rows if r.confrelid == parent_oid]
    tops = {r.oid for r in referencing_parent}
    for row in referencing_parent:
        if row.conparentid not in tops:
            _clone_referenced(row, child_oid)
    own = [r for r in rows if r.conrelid == parent_oid]
    tops = {r.oid for r in own}
    for row in own:
        if row.conparentid not in tops:
            if attached:
                _validate(row, child_oid)
            _clone_referencing(row, child_oid)


def _validate(row, child_oid: int) -> None:
    from pgsnake.commands import foreign_keys
    child = cc.get_relation(child_oid)
    referenced = cc.get_relation(row.confrelid)
    # conkey numbers the parent's columns; the table attached may number them otherwise
    parent_names = {a.attnum: a.name for a in cc.get_relation(row.conrelid).attributes}
    by_name = {a.name: a for a in child.attributes if not a.is_dropped}
    referenced_by_attnum = {a.attnum: a for a in referenced.attributes}
    foreign_keys.validate_existing_rows(child, referenced, row.conname,
                           [by_name[parent_names[n]] for n in row.conkey],
                           [referenced_by_attnum[n] for n in row.confkey], row.confmatchtype)


def before_detach(parent_oid: int, child_oid: int) -> None:
    """DETACH PARTITION of a referenced partition: no referencing row may hold a key of
    its rows (23503 "removing partition ... violates foreign key constraint"); then the
    clones referencing it go (RI_PartitionRemove_Check)."""
    from pgsnake.commands import foreign_keys
    rows = [r for r in cc.scan_catalog("pg_constraint") if r.contype == "f"]
    for row in rows:
        parent = _constraint_row(row.conparentid) if row.conparentid else None
        if row.confrelid != child_oid or parent is None or parent.confrelid != parent_oid:
            continue
        _refuse_referenced_keys(row)
        foreign_keys.drop_foreign_key(row)


def _refuse_referenced_keys(row) -> None:
    from pgsnake.executor import spi
    from pgsnake.executor.foreign_keys import key_text
    from pgsnake.utils.errors import FOREIGN_KEY_VIOLATION, PgError
    quote = cc.quote_identifier
    referencing = cc.get_relation(row.conrelid)
    partition = cc.get_relation(row.confrelid)
    fk_names = {a.attnum: a.name for a in referencing.attributes}
    pk_attributes = {a.attnum: a for a in partition.attributes}
    fk_columns = ", ".join(f"f.{quote(fk_names[n])}" for n in row.conkey)
    pk_columns = ", ".join(quote(pk_attributes[n].name) for n in row.confkey)
    found = spi.execute(f"SELECT {fk_columns} FROM {spi.qualified_name(referencing)} f "
                        f"WHERE ({fk_columns}) IN (SELECT {pk_columns} FROM "
                        f"{spi.qualified_name(partition)}) LIMIT 1")
    if found.rows:
        raise PgError(FOREIGN_KEY_VIOLATION, f'removing partition "{partition.name}" violates '
                      f'foreign key constraint "{row.conname}"',
                      detail=f'Key {key_text([pk_attributes[n] for n in row.confkey], found.rows[0])}'
                             f' is still referenced from table "{referencing.name}".',
                      schema=referencing.namespace_name, table=referencing.name,
                      constraint=row.conname)


def after_detach(parent_oid: int, child_oid: int) -> None:
    """DETACH PARTITION of a referencing partition: the clones of the parent's foreign
    keys become the partition's own (conparentid 0, local), with their action triggers
    on the referenced table and clones down its partitions (DetachPartitionFinalize)."""
    rows = [r for r in cc.scan_catalog("pg_constraint") if r.contype == "f"]
    for row in rows:
        parent = _constraint_row(row.conparentid) if row.conparentid else None
        if row.conrelid != child_oid or parent is None or parent.conrelid != parent_oid:
            continue
        catalog_writes.update_rows("pg_constraint", lambda r, oid=row.oid: r.oid == oid,
                                   key=("oid", row.oid), conparentid=0, conislocal=True,
                                   coninhcount=0)
        catalog_writes.delete_rows(
            "pg_depend", lambda r, oid=row.oid: r.classid == d.PG_CONSTRAINT_OID
            and r.objid == oid and r.deptype in ("P", "S"))
        for trigger in list(cc.scan_catalog("pg_trigger")):     # its check triggers too
            if trigger.tgconstraint == row.oid and trigger.tgrelid == child_oid \
                    and trigger.tgparentid:
                trigger_catalog.update_trigger(trigger.oid, tgparentid=0)
        trigger_catalog.add_foreign_key_triggers(      # its own now: no parent triggers
            row.oid, child_oid, row.confrelid, row.conindid, row.confdeltype,
            row.confupdtype, row.condeferrable, row.condeferred, sides="a")
        _done()
        if cc.class_row(row.confrelid).relkind == "p":
            for child in pb.children(row.confrelid):
                _clone_referenced(_constraint_row(row.oid), child)


def drop_clones(constraint_oid: int) -> None:
    from pgsnake.commands import foreign_keys
    for row in list(cc.scan_catalog("pg_constraint")):
        if row.conparentid == constraint_oid and row.contype == "f":
            foreign_keys.drop_foreign_key(row)


def validate_partitions(relation, referenced, name, fk_names, pk_attributes, match) -> None:
    """ALTER TABLE ADD FOREIGN KEY on a partitioned table: every leaf's rows checked, a
    violation reported under the leaf's name (PostgreSQL validates each partition)."""
    from pgsnake.commands import foreign_keys
    for oid in pb.all_descendants(relation.oid):
        leaf = cc.get_relation(oid)
        if leaf.relkind == "p":
            continue
        by_name = {a.name: a for a in leaf.attributes if not a.is_dropped}
        foreign_keys.validate_existing_rows(leaf, referenced, name, [by_name[n] for n in fk_names],
                               pk_attributes, match)
