"""CHECK constraints down inheritance and partition trees, for ALTER TABLE.

ADD CONSTRAINT ... CHECK on a table with children adds the constraint to each child
too (conislocal false, coninhcount 1, its rows validated), level by level; a child that
already has a CHECK of that name and the same expression merges it (coninhcount + 1,
a NOTICE), one with another expression is 42710. ONLY (or NO INHERIT) keeps it on the
table, but a partitioned table's constraints must reach its partitions (42P16, and NO
INHERIT is refused there). DROP CONSTRAINT of an inherited CHECK is 42P16 on the child;
on the parent it drops the children's copies that are inherited from it alone and
decrements the count of the others (ONLY makes them local).

ATTACH PARTITION requires the table to have its new parent's CHECK constraints already
(same names and expressions, 42804 otherwise) and counts them as inherited once more.

Entry points: after_add(relation, constraint, recurse, source),
before_drop(relation, row, recurse), attach_checks(parent, child),
merge_with_existing(relation, name, conbin, ...) (a CHECK arriving where one of its name
is: merged, or PostgreSQL's 42710 / 42P17; CREATE TABLE's and ALTER TABLE's own checks
and a parent's copies alike).

PostgreSQL: commands/tablecmds.c (ATAddCheckConstraint, ATExecDropConstraint),
catalog/heap.c (MergeWithExistingConstraint).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes
from pgsnake.catalog import partition_bounds as pb
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

INVALID_TABLE_DEFINITION, DUPLICATE_OBJECT = "42P16", "42710"
INVALID_OBJECT_DEFINITION = "42P17"


def _check_named(relation_oid: int, name: str):
    return next((r for r in cc.check_constraints(relation_oid) if r.conname == name), None)


def same_expression(child, row, parent_row) -> bool:
    from pgsnake.rewrite.stored_expressions import analysed, stored_text
    mine = stored_text(analysed(row.conbin, child.oid), child.oid)
    theirs = stored_text(analysed(parent_row.conbin, child.oid), child.oid)
    return mine == theirs


def merge_with_existing(relation, name: str, conbin: str, *, is_local: bool,
                        allow_merge: bool, no_inherit: bool, initially_valid: bool) -> bool:
    """A CHECK constraint `name` (stored text `conbin`) arriving on `relation` where a
    constraint of that name may exist already (MergeWithExistingConstraint): False when
    none does; True when the existing CHECK of the same expression takes it over (a
    NOTICE; a local definition makes it local, an inherited one counts once more, NO
    INHERIT marks it so). A local definition merges into a purely inherited constraint
    even without `allow_merge`. 42710 for another expression or kind of constraint (or
    no merging), 42P17 for a NO INHERIT one, an inherited one made NO INHERIT, or a
    valid definition over a NOT VALID one."""
    existing = next((r for r in cc.scan_catalog("pg_constraint", key=("conrelid", relation.oid))
                     if r.conname == name), None)
    if existing is None:
        return False
    is_partition = bool(cc.class_row(relation.oid).relispartition)
    if is_local and not existing.conislocal and not is_partition:
        allow_merge = True
    same = existing.contype == "c" and _same_text(relation, existing.conbin, conbin)
    if not same or not allow_merge:
        raise PgError(DUPLICATE_OBJECT, f'constraint "{name}" for relation '
                                        f'"{relation.name}" already exists')
    for refused, text in ((existing.connoinherit, "non-inherited constraint"),
                          (existing.coninhcount > 0 and no_inherit, "inherited constraint"),
                          (initially_valid and not existing.convalidated,
                           "NOT VALID constraint")):
        if refused:
            raise PgError(INVALID_OBJECT_DEFINITION, f'constraint "{name}" conflicts with '
                                                     f'{text} on relation "{relation.name}"')
    notices.emit("00000", f'merging constraint "{name}" with inherited definition')
    if is_partition:        # a partition's constraint is inherited once, never local
        changes = dict(coninhcount=1, conislocal=False)
    elif is_local:
        changes = dict(conislocal=True)
    else:
        changes = dict(coninhcount=existing.coninhcount + 1)
    if no_inherit:
        changes["connoinherit"] = True
    catalog_writes.update_rows("pg_constraint", lambda r: r.oid == existing.oid, **changes)
    _done()
    return True


def _same_text(relation, stored: str, other: str) -> bool:
    from pgsnake.rewrite.stored_expressions import analysed, stored_text
    return stored == other or \
        stored_text(analysed(stored, relation.oid), relation.oid) == other


def after_add(relation, constraint: dict, recurse: bool, source=None) -> None:
    """The CHECK just added to `relation` (ALTER TABLE [ONLY] ... ADD CONSTRAINT)."""
    children = pb.children(relation.oid)
    no_inherit = bool(constraint.get("is_no_inherit"))
    if relation.relkind == "p" and no_inherit:
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot add NO INHERIT constraint to '
                                                f'partitioned table "{relation.name}"')
    if not recurse or no_inherit:
        if relation.relkind == "p" and children and not no_inherit:
            raise PgError(INVALID_TABLE_DEFINITION,
                          "constraint must be added to child tables too")
        return
    name = constraint.get("conname")
    parent_row = None
    if name is None:             # the name the parent's constraint got
        added = sorted(cc.check_constraints(relation.oid), key=lambda r: r.oid)
        parent_row = added[-1] if added else None
        name = parent_row.conname if parent_row is not None else None
    else:
        parent_row = _check_named(relation.oid, name)
    if parent_row is None:
        return
    for child_oid in children:
        _add_to_child(cc.get_relation(child_oid), dict(constraint, conname=name), parent_row,
                      source)


def _add_to_child(child, constraint: dict, parent_row, source) -> None:
    from pgsnake.commands import check_constraints
    from pgsnake.rewrite.stored_expressions import analysed, stored_text
    conbin = stored_text(analysed(parent_row.conbin, child.oid), child.oid)
    if merge_with_existing(child, constraint["conname"], conbin, is_local=False,
                           allow_merge=True, no_inherit=False,
                           initially_valid=not constraint.get("skip_validation")):
        return
    check_constraints.add_check(child, constraint, None, source, validate=True)
    row = _check_named(child.oid, constraint["conname"])
    catalog_writes.update_rows("pg_constraint", lambda r: r.oid == row.oid,
                               conislocal=False, coninhcount=1)
    _done()
    for grandchild in pb.children(child.oid):
        _add_to_child(cc.get_relation(grandchild), constraint, row, source)


def attach_checks(parent, child) -> None:
    """ATTACH PARTITION (MergeConstraintsIntoExisting): each inheritable CHECK of the
    parent must be on the table already."""
    rows = [r for r in cc.check_constraints(parent.oid) if not r.connoinherit]
    for parent_row in rows:
        mine = _check_named(child.oid, parent_row.conname)
        if mine is None:
            raise PgError("42804", f'child table is missing constraint '
                                   f'"{parent_row.conname}"')
        if not same_expression(child, mine, parent_row):
            raise PgError("42804", f'child table "{child.name}" has different definition for '
                                   f'check constraint "{parent_row.conname}"')
    for parent_row in rows:
        mine = _check_named(child.oid, parent_row.conname)
        # a partition's copies are the parent's alone (not local), an inheritance
        # child's stay its own too
        catalog_writes.update_rows("pg_constraint", lambda r, o=mine.oid: r.oid == o,
                                   coninhcount=mine.coninhcount + 1,
                                   conislocal=mine.conislocal and parent.relkind != "p")
    if rows:
        _done()


def before_drop(relation, row, recurse: bool) -> None:
    """DROP CONSTRAINT of the CHECK `row` of `relation`, before it goes."""
    if row.coninhcount > 0:
        raise PgError(INVALID_TABLE_DEFINITION, f'cannot drop inherited constraint '
                                                f'"{row.conname}" of relation '
                                                f'"{relation.name}"')
    if row.connoinherit:
        return
    if not recurse and relation.relkind == "p" and pb.children(relation.oid):
        raise PgError(INVALID_TABLE_DEFINITION, "cannot remove constraint from only the "
                                                "partitioned table when partitions exist",
                      hint="Do not specify the ONLY keyword.")
    _drop_from_children(relation.oid, row.conname, recurse)


def _drop_from_children(relation_oid: int, name: str, recurse: bool) -> None:
    from pgsnake.commands import check_constraints
    for child_oid in pb.children(relation_oid):
        row = _check_named(child_oid, name)
        if row is None:
            continue
        if recurse and row.coninhcount == 1 and not row.conislocal:
            _drop_from_children(child_oid, name, recurse)
            check_constraints.drop_check(row)
        else:
            catalog_writes.update_rows("pg_constraint", lambda r, o=row.oid: r.oid == o,
                                       coninhcount=max(row.coninhcount - 1, 0),
                                       conislocal=row.conislocal or not recurse or
                                       row.coninhcount <= 1)
            _done()


def _done() -> None:
    from pgsnake.access.transam import xact
    from pgsnake.catalog import invalidation
    invalidation.note_catalog_change()
    xact.command_counter_increment()
