"""DROP's dependency check, read from pg_depend: what else must go, or stop the drop.

Before objects are dropped, every object that depends on one of them (a pg_depend row
naming it, or one of its columns, as the referenced object) is found, and so on
recursively for what depends on those:
  - an automatic dependent ('a') goes silently with what it depends on;
  - a normal dependent ('n') stops the drop with 2BP01 "cannot drop X because other
    objects depend on it", one DETAIL line per dependent, unless the command says
    CASCADE, which drops them too after a NOTICE "drop cascades to ...";
  - an internal dependent ('i', a view's rewrite rule) stands for the object it is
    part of: that object is what is reported and dropped.
Dependents are reported in the order they were created (their OIDs), which is the order
PostgreSQL's findDependentObjects meets them in its pg_depend index while no space in
the catalog has been reused.

The kinds of dependents that can be dropped here are column defaults, constraints,
indexes, triggers and views; a dependent of another kind refuses the CASCADE
with 0A000 rather than leave a dangling reference. The per-kind DROP commands (tables,
types, schemas) still find their own dependents; they move here one by one.

Entry point: drop_dependents(targets, cascade, description) (commands, before they drop
`targets`).

PostgreSQL: catalog/dependency.c (performDeletion, findDependentObjects,
reportDependentObjects).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import object_descriptions
from pgsnake.catalog.dependency import AUTO, INTERNAL, PG_ATTRDEF_OID, ObjectAddress
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import DEPENDENT_OBJECTS_STILL_EXIST, FEATURE_NOT_SUPPORTED, PgError

PG_TRIGGER_OID, PG_REWRITE_OID = 2620, 2618


def _owner(address: ObjectAddress, rows) -> ObjectAddress:
    """The object `address` is an internal part of (a rule's view), else itself."""
    for r in rows:
        if (r.classid, r.objid) == (address.classid, address.objid) and r.deptype == INTERNAL:
            return _owner(ObjectAddress(r.refclassid, r.refobjid), rows)
    return address


def _dependents(targets: list[ObjectAddress]) -> list[tuple[ObjectAddress, str, ObjectAddress]]:
    """(dependent, deptype, what it depends on) for everything that depends on the
    targets, directly or through other dependents, each once, in pg_depend order."""
    rows = sorted(cc.scan_catalog("pg_depend"), key=lambda r: r.objid)   # creation order
    doomed = {(t.classid, t.objid) for t in targets}
    found: list[tuple[ObjectAddress, str, ObjectAddress]] = []
    frontier = list(targets)
    while frontier:
        referenced = {(t.classid, t.objid): t for t in frontier}
        frontier = []
        for r in rows:
            target = referenced.get((r.refclassid, r.refobjid))
            if target is None or r.deptype == INTERNAL:
                continue
            if target.subid and r.refobjsubid != target.subid:
                continue
            dependent = _owner(ObjectAddress(r.classid, r.objid), rows)
            if (dependent.classid, dependent.objid) in doomed:
                continue
            doomed.add((dependent.classid, dependent.objid))
            found.append((dependent, r.deptype, target))
            frontier.append(dependent)
    return found


def _describe(address: ObjectAddress) -> str:
    return object_descriptions.describe_object(address.classid, address.objid,
                                               address.subid) or "?"


def drop_dependents(targets: list[ObjectAddress], cascade: bool, description: str) -> None:
    """Before `targets` are dropped: drop what depends on them, or refuse (2BP01).
    `description` names the first target as the error message does ("function f(integer)")."""
    found = _dependents(targets)
    normal = [(dep, target) for dep, deptype, target in found if deptype != AUTO]
    if normal and not cascade:
        raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                      f"cannot drop {description} because other objects depend on it"
                      if len(targets) == 1 else
                      "cannot drop desired object(s) because other objects depend on them",
                      detail="\n".join(f"{_describe(dep)} depends on {_describe(target)}"
                                       for dep, target in normal),
                      hint="Use DROP ... CASCADE to drop the dependent objects too.")
    if normal:
        lines = [f"drop cascades to {_describe(dep)}" for dep, _ in normal]
        if len(lines) == 1:
            notices.emit("00000", lines[0])
        else:
            notices.emit("00000", f"drop cascades to {len(lines)} other objects",
                         detail="\n".join(lines))
    for dependent, _, _ in reversed(found):         # the last found depends on the others
        _drop(dependent)


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
        if row is not None and row.contype in ("p", "u") and row.conindid:
            _drop_index(row.conindid)
            return
        if row is not None and row.contype in ("c", "f"):
            relation_locks.lock_relation_oid(row.conrelid, lock_modes.ACCESS_EXCLUSIVE)
            from pgsnake.commands import check_constraints, foreign_keys
            (check_constraints.drop_check if row.contype == "c"
             else foreign_keys.drop_foreign_key)(row)
            return
    elif address.classid == PG_TRIGGER_OID:
        row = trigger_catalog.trigger_row(address.objid)
        trigger_catalog.delete_trigger(address.objid)
        if row is not None and row.tgconstraint:     # CREATE CONSTRAINT TRIGGER's own
            from pgsnake.commands.trigger_commands import drop_trigger_constraint
            drop_trigger_constraint(row.tgconstraint)
        return
    elif address.classid == d.PG_CLASS_OID and address.subid == 0:
        row = cc.class_row(address.objid)
        if row is not None and row.relkind == "i":
            _drop_index(address.objid)
            return
        if row is not None and row.relkind in ("v", "m"):
            from pgsnake.catalog import view_creation
            relation_locks.lock_relation_oid(address.objid, lock_modes.ACCESS_EXCLUSIVE)
            view_creation.drop_view(address.objid)
            return
    raise PgError(FEATURE_NOT_SUPPORTED,
                  f"cannot drop {_describe(address)} with CASCADE yet")


def _drop_index(index_oid: int) -> None:
    from pgsnake.catalog import index_creation, relation_locks
    heap_oid = cc.index_row(index_oid).indrelid
    relation_locks.lock_relation_oid(heap_oid, lock_modes.ACCESS_EXCLUSIVE)
    relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    index_creation.drop_index(index_oid)
