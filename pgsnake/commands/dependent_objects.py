"""DROP's dependency search, read from pg_depend: what else must go, or stop the drop.

Before objects are dropped, every object that depends on one of them (a pg_depend row
naming it, or one of its columns, as the referenced object) is found, and so on
recursively, the way PostgreSQL's findDependentObjects walks:
  - the direct dependents of an object are visited in descending OID order (newest
    first), each depth first, and an object joins the list only after everything that
    depends on it (so the list is a valid deletion order, front to back);
  - reaching an object that is an internal part ('i') of another (a view's rewrite rule,
    a table's row type) visits the owner instead, unless we came from the owner;
  - an object reached again only gains the new way it was reached (normal, auto,
    internal, partition), which decides whether it is reported.
Then, as reportDependentObjects does, the list is read back to front: every object that
is neither a target nor reached through an automatic / internal / partition dependency
is a "normal" dependent. Without CASCADE they stop the drop with 2BP01 "cannot drop X
because other objects depend on it" and one DETAIL line "Y depends on Z" each (Z being
the object Y was first reached from); with CASCADE a NOTICE "drop cascades to ..." lists
them and everything found is dropped, front to back.

Object kinds that can be dropped here: relations (tables, views, materialized views,
indexes, sequences), columns, column defaults, constraints, triggers, policies,
functions, types and domains, schemas, extensions, event triggers. An object of another
kind refuses with 0A000 rather than leave a dangling reference. A pinned target (made
by initdb's bootstrap) is refused with 2BP01 "... required by the database system".
The list found is handed to event_trigger_firing.note_dropped before anything goes
(sql_drop event triggers).

Entry points: drop_dependents(targets, cascade, description) (commands, before they drop
`targets` themselves); perform_deletion(targets, cascade, description) (find, report and
drop everything, the targets too); dependents_report(targets) (the 2BP01 DETAIL lines,
for ALTER commands that refuse rather than cascade).

PostgreSQL: catalog/dependency.c (performDeletion, performMultipleDeletions,
findDependentObjects, reportDependentObjects, deleteOneObject).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import object_descriptions
from pgsnake.catalog.dependency import AUTO, INTERNAL, NORMAL, PG_ATTRDEF_OID, ObjectAddress
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import (DEPENDENT_OBJECTS_STILL_EXIST, FEATURE_NOT_SUPPORTED,
                                  INSUFFICIENT_PRIVILEGE, PgError)

PG_TRIGGER_OID, PG_REWRITE_OID, PG_POLICY_OID, PG_PROC_OID = 2620, 2618, 3256, 1255
PG_STATISTIC_EXT_OID = 3381
PG_EVENT_TRIGGER_OID, PG_EXTENSION_OID = 3466, 3079
ORIGINAL, PARTITION, SUBOBJECT = "original", "partition", "subobject"
_FLAG_OF_DEPTYPE = {NORMAL: NORMAL, AUTO: AUTO, INTERNAL: INTERNAL, "P": PARTITION,
                    "S": PARTITION, "e": INTERNAL, "x": AUTO}
# The detail PostgreSQL sends the client is cut after this many lines (the server log
# gets the whole list, which pgsnake does not write).
MAX_REPORTED_DEPS = 100


@dataclasses.dataclass(slots=True)
class Found:
    address: ObjectAddress
    flags: set[str]
    dependee: ObjectAddress | None      # what it was first reached from


class _Search:
    """findDependentObjects over the cached pg_depend groups (catalog_cache)."""

    def __init__(self) -> None:
        self.found: list[Found] = []
        self.by_key: dict[tuple[int, int, int], Found] = {}
        self.columns: dict[tuple[int, int], list[Found]] = {}

    def present(self, address: ObjectAddress, flags: set[str]) -> bool:
        """Already in the list (a column counts as present when its whole relation is):
        remember the new way it was reached."""
        item = self.by_key.get((address.classid, address.objid, address.subid))
        if item is None and address.subid:
            item = self.by_key.get((address.classid, address.objid, 0))
        if item is None:
            return False
        item.flags |= flags
        return True

    def visit(self, address: ObjectAddress, flags: set[str], dependee: ObjectAddress | None,
              stack: list[ObjectAddress]) -> None:
        if self.present(address, flags):
            return
        for on_stack in stack:
            if (on_stack.classid, on_stack.objid) == (address.classid, address.objid) and \
                    on_stack.subid in (0, address.subid):
                return
        # An internal part stands for its owner, unless we came from the owner.
        for row in cc.depend_rows_of(address.classid, address.objid):
            if row.deptype not in (INTERNAL, "e") or (address.subid and
                                                       row.objsubid != address.subid):
                continue
            owner = ObjectAddress(row.refclassid, row.refobjid, row.refobjsubid)
            if any((s.classid, s.objid) == (owner.classid, owner.objid)
                   and s.subid in (0, owner.subid) for s in stack):
                continue        # (a generated column's expression: owner is a sibling column)
            if self.present(owner, set()):
                continue
            if ORIGINAL in flags:
                raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop {describe(address)} because {describe(owner)} "
                              f"requires it", hint=f"You can drop {describe(owner)} instead.")
            self.visit(owner, flags, dependee, stack)
            return
        stack.append(address)
        dependents: dict[ObjectAddress, set[str]] = {}
        for row in cc.depend_rows_referencing(address.classid, address.objid):
            if address.subid and row.refobjsubid != address.subid:
                continue
            dependent = ObjectAddress(row.classid, row.objid, row.objsubid)
            if dependent == address:
                continue
            dependents.setdefault(dependent, set()).add(_FLAG_OF_DEPTYPE.get(row.deptype,
                                                                             NORMAL))
        for dependent in sorted(dependents, key=lambda a: (-a.objid, a.classid,
                                                           a.subid & 0xFFFFFFFF)):
            self.visit(dependent, dependents[dependent], address, stack)
        stack.pop()
        item = Found(address, set(flags), dependee)
        self.found.append(item)
        self.by_key[(address.classid, address.objid, address.subid)] = item
        if address.subid:
            self.columns.setdefault((address.classid, address.objid), []).append(item)
        else:       # its columns found before go with it, unreported
            for column_item in self.columns.get((address.classid, address.objid), ()):
                column_item.flags.add(SUBOBJECT)


def find_dependents(targets: list[ObjectAddress]) -> list[Found]:
    """Every object that goes with `targets`, the targets included, in deletion order.
    A pinned target (made by initdb's bootstrap) is refused with 2BP01."""
    from pgsnake.catalog.dependency import is_pinned
    for target in targets:
        if target.classid == d.PG_CLASS_OID and not target.subid and d.is_catalog(target.objid):
            # (RemoveRelations refuses a system catalog before looking at dependencies)
            raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied: '
                          f'"{d.catalog_by_oid(target.objid).name}" is a system catalog')
        if is_pinned(target):
            raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                          f"cannot drop {describe(target)} because it is required by the "
                          f"database system")
    search = _Search()
    for target in targets:
        search.visit(target, {ORIGINAL}, None, [])
    return search.found


def describe(address: ObjectAddress) -> str:
    return object_descriptions.describe_object(address.classid, address.objid,
                                               address.subid) or "?"


def _reported(found: list[Found]) -> list[Found]:
    """The normal dependents, in the order PostgreSQL lists them (back to front)."""
    return [item for item in reversed(found)
            if not item.flags & {ORIGINAL, AUTO, INTERNAL, PARTITION, SUBOBJECT}]


def dependents_report(targets: list[ObjectAddress]) -> list[str]:
    """The "X depends on Y" lines a drop of `targets` without CASCADE would refuse with."""
    return [f"{describe(item.address)} depends on {describe(item.dependee)}"
            for item in _reported(find_dependents(targets))]


def _refuse_or_announce(found: list[Found], cascade: bool, description: str | None) -> None:
    normal = _reported(found)
    if not normal:
        return
    if not cascade:
        lines = [f"{describe(item.address)} depends on {describe(item.dependee)}"
                 for item in normal]
        if len(lines) > MAX_REPORTED_DEPS:
            more = len(lines) - MAX_REPORTED_DEPS
            lines = lines[:MAX_REPORTED_DEPS] + [
                f"and {more} other objects (see server log for list)"]
        raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                      f"cannot drop {description} because other objects depend on it"
                      if description is not None else
                      "cannot drop desired object(s) because other objects depend on them",
                      detail="\n".join(lines),
                      hint="Use DROP ... CASCADE to drop the dependent objects too.")
    lines = [f"drop cascades to {describe(item.address)}" for item in normal]
    if len(lines) == 1:
        notices.emit("00000", lines[0])
    else:
        if len(lines) > MAX_REPORTED_DEPS:
            more = len(lines) - MAX_REPORTED_DEPS
            lines = lines[:MAX_REPORTED_DEPS] + [
                f"and {more} other objects (see server log for list)"]
        notices.emit("00000", f"drop cascades to {len(normal)} other objects",
                     detail="\n".join(lines))


def _message_name(targets: list[ObjectAddress], description: str | None) -> str | None:
    """What the 2BP01 message names: one target (performDeletion), or None for "desired
    object(s)" (performMultipleDeletions: several targets, or a column drop)."""
    if len(targets) != 1:
        return None
    return description if description is not None else describe(targets[0])


def drop_dependents(targets: list[ObjectAddress], cascade: bool,
                    description: str | None = None, *, several: bool = False,
                    quiet: bool = False) -> None:
    """Before `targets` are dropped by the caller: drop what depends on them, or refuse
    (2BP01). `description` names a single target as the error message does ("function
    f(integer)"); `several` words the message as for several targets, as ALTER TABLE ...
    DROP COLUMN does; `quiet` drops without a notice (PERFORM_DELETION_QUIETLY, for
    temporary objects at session end)."""
    found = find_dependents(targets)
    if not quiet:
        _refuse_or_announce(found, cascade, None if several else _message_name(targets,
                                                                                description))
    _note_dropped(found)
    doomed = {(item.address.classid, item.address.objid, item.address.subid)
              for item in found}
    for item in found:
        if ORIGINAL not in item.flags and not _goes_with_another(item.address, doomed):
            _drop(item.address)


def drop_column_dependents(relation_oid: int, attnum: int, cascade: bool) -> None:
    """ALTER TABLE ... DROP COLUMN: what depends on the column, or on the same column of
    the inheritance children that lose it with the parent, goes first (CASCADE) or stops
    the drop (2BP01). The caller drops the columns."""
    from pgsnake.catalog.dependency import column
    targets = _inherited_columns(relation_oid, attnum) + [column(relation_oid, attnum)]
    drop_dependents(targets, cascade, several=len(targets) > 1)


def _inherited_columns(relation_oid: int, attnum: int) -> list[ObjectAddress]:
    """The children's columns that a DROP COLUMN of the parent's drops too (inherited
    once and not defined locally), depth first, the deepest first."""
    from pgsnake.catalog.dependency import column
    name = next((a.attname for a in cc.attribute_rows(relation_oid) if a.attnum == attnum),
                None)
    found: list[ObjectAddress] = []
    children = sorted(r.inhrelid for r in cc.scan_catalog("pg_inherits")
                      if r.inhparent == relation_oid)
    for child in children:
        attribute = next((a for a in cc.attribute_rows(child)
                          if a.attname == name and not a.attisdropped), None)
        if attribute is not None and attribute.attinhcount == 1 and not attribute.attislocal:
            found += _inherited_columns(child, attribute.attnum)
            found.append(column(child, attribute.attnum))
    return found


def perform_deletion(targets: list[ObjectAddress], cascade: bool,
                     description: str | None = None, *, several: bool = False,
                     quiet: bool = False) -> None:
    """Drop `targets` and what depends on them (CASCADE), or refuse (2BP01); `quiet`
    as for drop_dependents (ON COMMIT DROP)."""
    found = find_dependents(targets)
    if not quiet:
        _refuse_or_announce(found, cascade, None if several else _message_name(targets,
                                                                                description))
    _note_dropped(found)
    doomed = {(item.address.classid, item.address.objid, item.address.subid)
              for item in found}
    for item in found:
        if not _goes_with_another(item.address, doomed):
            _drop(item.address)


def _note_dropped(found: list[Found]) -> None:
    """Tell event triggers what goes (pg_event_trigger_dropped_objects)."""
    from pgsnake.commands import event_trigger_firing
    event_trigger_firing.note_dropped(found)


def _goes_with_another(address: ObjectAddress, doomed: set) -> bool:
    """Is `address` removed by the drop of another doomed object (a column with its
    relation, a row type or rewrite rule with its relation, an array type with its
    element type)? Those are left to that drop."""
    if address.subid and (address.classid, address.objid, 0) in doomed:
        return True
    if address.classid in (2602, 2603):
        return False        # an operator class's pg_amop / pg_amproc rows are their own
    if address.classid == d.PG_CLASS_OID and address.subid == 0:
        row = cc.class_row(address.objid)
        if row is not None and row.relkind == "S":
            return False                 # an identity sequence: dropped on its own
    for row in cc.depend_rows_of(address.classid, address.objid):
        if row.deptype == INTERNAL and row.objsubid == address.subid and \
                ((row.refclassid, row.refobjid, 0) in doomed
                 or (row.refclassid, row.refobjid, row.refobjsubid) in doomed):
            return True
    return False


# -- deleting one object (deleteOneObject) ---------------------------------------------------

def _drop(address: ObjectAddress) -> None:
    from pgsnake.catalog import relation_locks, table_alteration, trigger_catalog
    if address.classid == PG_ATTRDEF_OID:
        row = next((r for r in cc.scan_catalog("pg_attrdef") if r.oid == address.objid), None)
        if row is not None:
            table_alteration.set_default(row.adrelid, row.adnum, None)
        return
    if address.classid == d.PG_CONSTRAINT_OID:
        row = next((r for r in cc.scan_catalog("pg_constraint") if r.oid == address.objid),
                   None)
        if row is None:
            return
        if row.contype in ("p", "u", "x") and row.conindid and row.conrelid:
            if cc.index_row(row.conindid) is not None:
                _drop_index(row.conindid)
            return
        if row.contype in ("c", "f") and row.conrelid:
            relation_locks.lock_relation_oid(row.conrelid, lock_modes.ACCESS_EXCLUSIVE)
            from pgsnake.commands import check_constraints, foreign_keys
            (check_constraints.drop_check if row.contype == "c"
             else foreign_keys.drop_foreign_key)(row)
            return
        if row.contypid:                   # a domain's CHECK goes with its domain
            return
    elif address.classid == PG_TRIGGER_OID:
        row = trigger_catalog.trigger_row(address.objid)
        if row is None:
            return
        trigger_catalog.delete_trigger(address.objid)
        if row.tgconstraint:     # CREATE CONSTRAINT TRIGGER's own
            from pgsnake.commands.trigger_commands import drop_trigger_constraint
            drop_trigger_constraint(row.tgconstraint)
        return
    elif address.classid == PG_POLICY_OID:
        from pgsnake.catalog import policy_catalog
        if any(r.oid == address.objid for r in cc.scan_catalog("pg_policy")):
            policy_catalog.delete_policy(address.objid)
        return
    elif address.classid == PG_STATISTIC_EXT_OID:
        from pgsnake.catalog import extended_statistics
        extended_statistics.delete_object(address.objid)
        return
    elif address.classid == PG_PROC_OID:
        from pgsnake.catalog import function_creation
        if function_creation.stored_row(address.objid) is not None:
            function_creation.drop_function(address.objid)
        return
    elif address.classid == 2605:            # pg_cast
        from pgsnake.catalog import cast_creation
        cast_creation.delete_cast(address.objid)
        return
    elif address.classid == 3456:            # pg_collation
        from pgsnake.catalog import collation_creation
        collation_creation.delete(address.objid)
        return
    elif address.classid == 2617:            # pg_operator
        from pgsnake.catalog import operator_creation
        operator_creation.delete_operator(address.objid)
        return
    elif address.classid in (2602, 2603, 2616, 2753):   # pg_amop / amproc / opclass / opfamily
        from pgsnake.catalog import operator_class_creation
        operator_class_creation.delete_object(address.classid, address.objid)
        return
    elif address.classid == d.PG_TYPE_OID:
        row = cc.get_type_row(address.objid)
        if row is not None:
            relation_locks.lock_database_object(d.PG_TYPE_OID, row.oid,
                                                lock_modes.ACCESS_EXCLUSIVE)
            from pgsnake.commands import type_commands
            type_commands.remove_type_rows(row)
        return
    elif address.classid == PG_EXTENSION_OID:
        from pgsnake.commands import extension_commands
        extension_commands.remove_extension_row(address.objid)
        return
    elif address.classid == 2613:            # a large object (DROP OWNED)
        from pgsnake.catalog import large_object_storage
        if large_object_storage.exists(address.objid):
            large_object_storage.drop(address.objid)
        return
    elif address.classid == PG_EVENT_TRIGGER_OID:
        from pgsnake.commands import event_trigger_commands
        event_trigger_commands.remove_event_trigger_row(address.objid)
        return
    elif address.classid == d.PG_NAMESPACE_OID:
        from pgsnake.commands import schema_commands
        schema_commands.remove_namespace_row(address.objid)
        return
    elif address.classid == PG_REWRITE_OID:
        row = next((r for r in cc.scan_catalog("pg_rewrite") if r.oid == address.objid), None)
        if row is None or cc.class_row(row.ev_class) is None:
            return
        from pgsnake.commands import rule_commands
        rule_commands.remove_rule_row(address.objid)
        return
    elif address.classid == d.PG_CLASS_OID and address.subid:
        row = cc.class_row(address.objid)
        if row is not None:
            relation_locks.lock_relation_oid(address.objid, lock_modes.ACCESS_EXCLUSIVE)
            table_alteration.drop_column(address.objid, address.subid)
        return
    elif address.classid == d.PG_CLASS_OID:
        row = cc.class_row(address.objid)
        if row is None:
            return
        _drop_relation(row)
        return
    raise PgError(FEATURE_NOT_SUPPORTED,
                  f"cannot drop {describe(address)} with CASCADE yet")


def _drop_relation(row) -> None:
    from pgsnake.catalog import heap_creation, relation_locks, sequence_creation, view_creation
    if row.relkind in ("i", "I"):
        _drop_index(row.oid)
        return
    relation_locks.lock_relation_oid(row.oid, lock_modes.ACCESS_EXCLUSIVE)
    if row.relkind in ("v", "m"):
        view_creation.drop_view(row.oid)
    elif row.relkind == "S":
        sequence_creation.drop_sequence(row.oid)
    elif row.relkind in ("r", "p", "f"):
        from pgsnake.commands import partition_commands
        partition_commands.forget_relation(row.oid)
        heap_creation.drop_table(row.oid)
    elif row.relkind == "c":
        row_type = cc.get_type_row(row.reltype)
        if row_type is not None:
            from pgsnake.commands import type_commands
            type_commands.remove_type_rows(row_type)
    else:
        raise PgError(FEATURE_NOT_SUPPORTED, f"cannot drop relation {row.relname} with "
                      f"CASCADE yet")


def _drop_index(index_oid: int) -> None:
    from pgsnake.catalog import index_creation, relation_locks
    heap_oid = cc.index_row(index_oid).indrelid
    relation_locks.lock_relation_oid(heap_oid, lock_modes.ACCESS_EXCLUSIVE)
    relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    index_creation.drop_index(index_oid)
