"""Enforcing FOREIGN KEY constraints: what PostgreSQL's RI trigger functions do.

Each foreign key has four internal triggers (catalog/trigger_catalog.py). ModifyTable
queues their AFTER ROW events like any trigger's (executor/triggers.py; an UPDATE's
only when it changes the key: event_required); when the statement ends, or at commit
for a deferred constraint (after_trigger_queue.py), each event is handled with an
ordinary statement run inside the command, as ri_triggers.c runs SPI queries:
  * a new or changed referencing row: its referenced row must exist, and is locked FOR
    KEY SHARE until the transaction ends (referential_locks.py). A key with a NULL is
    not checked (MATCH SIMPLE); under MATCH FULL it must be all NULLs or none.
  * a deleted referenced row, or one whose key changed: by the constraint's action,
    NO ACTION (unless another row now has the old key) and RESTRICT refuse when a
    referencing row exists; CASCADE deletes the referencing rows or gives them the new
    key; SET NULL and SET DEFAULT update their key columns. Those statements fire the
    referencing table's own constraints in turn.
Errors are 23503 with PostgreSQL's messages and DETAIL lines.

Entry points: run_ri_trigger(trigger row, relation, operation, old, new),
event_required(trigger row, relation, operation, old, new), key_text(attributes, values).

PostgreSQL: utils/adt/ri_triggers.c (RI_FKey_check, RI_FKey_noaction_del/upd,
RI_FKey_restrict_*, RI_FKey_cascade_*, RI_FKey_setnull_*, RI_FKey_setdefault_*,
ri_Check_Pk_Match, ri_ReportViolation, RI_FKey_pk_upd_check_required,
RI_FKey_fk_upd_check_required).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache
from pgsnake.executor import spi
from pgsnake.datatypes import registry
from pgsnake.rewrite import row_security
from pgsnake.utils.errors import FOREIGN_KEY_VIOLATION, PgError

def key_text(attributes, values) -> str:
    """'(a, b)=(1, x)' as the DETAIL lines print a key."""
    names = ", ".join(a.name for a in attributes)
    shown = ", ".join("null" if v is None else registry.get_type(a.type_oid).output(v)
                      for a, v in zip(attributes, values))
    return f"({names})=({shown})"


def _only(relation) -> str:
    """ri_triggers.c reads a partitioned table whole, any other table ONLY."""
    return "" if relation.relkind == "p" else "ONLY "


def _attributes(relation, attnums):
    by_attnum = {a.attnum: a for a in relation.attributes}
    return [by_attnum[n] for n in attnums]


def _condition(attributes, first_param: int = 1) -> str:
    quote = catalog_cache.quote_identifier
    return " AND ".join(f"{quote(a.name)} = ${i}"
                        for i, a in enumerate(attributes, first_param))


def _constraint(trigger, relation):
    """The pg_constraint row of an RI trigger on `relation`."""
    oid = trigger.tgconstraint
    for fk in catalog_cache.foreign_keys_of(relation.oid):
        if fk.oid == oid:
            return fk
    for fk in catalog_cache.foreign_keys_referencing(relation.oid):
        if fk.oid == oid:
            return fk
    return None


def _function_name(trigger) -> str:
    from pgsnake.catalog.lookup_functions import proc_row
    row = proc_row(trigger.tgfoid)
    return row.proname if row is not None else ""


def event_required(trigger, relation, operation: str, old, new, old_tid=None) -> bool:
    """Whether an RI trigger's event must be queued for this row change: an UPDATE
    matters only when it changes the constraint's key, on either side
    (RI_FKey_pk_upd_check_required, RI_FKey_fk_upd_check_required). On the referencing
    side, a row this transaction inserted is checked whatever changed: its INSERT's
    check skips a row that is gone by the time it fires (a deferred constraint), so
    the new version must be checked (`old_tid`: the updated version's place)."""
    if operation != "UPDATE":
        return True
    fk = _constraint(trigger, relation)
    if fk is None:
        return False
    if fk.conrelid == relation.oid and _function_name(trigger).startswith("RI_FKey_check"):
        new_key = [new[a - 1] for a in fk.conkey]
        nulls = sum(v is None for v in new_key)
        if nulls:                   # all NULL, or MATCH SIMPLE with a NULL: nothing to check
            return fk.confmatchtype == "f" and nulls != len(new_key)
        if old_tid is not None and _inserted_by_this_transaction(relation, old_tid):
            return True
        return [old[a - 1] for a in fk.conkey] != new_key
    return [old[a - 1] for a in fk.confkey] != [new[a - 1] for a in fk.confkey]


def _inserted_by_this_transaction(relation, tid) -> bool:
    from pgsnake.access.heap.heap_lock import TuplePage
    from pgsnake.access.transam import xact
    from pgsnake.storage.buffer import buffer_manager
    tuple_page = TuplePage.open(relation, tid, buffer_manager.SHARE)
    if tuple_page is None:
        return False
    try:
        xmin = tuple_page.header.xmin
    finally:
        tuple_page.close()
    return xact.is_current_xid(xmin)


def run_ri_trigger(trigger, relation, operation: str, old, new) -> None:
    """One RI trigger event: check a referencing row's key, or apply the constraint's
    action to the rows referencing a deleted or changed referenced row."""
    fk = _constraint(trigger, relation)
    if fk is None:
        return                                  # dropped since the event was queued
    name = _function_name(trigger)
    # RI queries see every row: PostgreSQL runs them as the table's owner with
    # SECURITY_NOFORCE_RLS, so row-level security policies never apply.
    with row_security.bypassed():
        if name.startswith("RI_FKey_check"):
            _check(relation, fk, new)
        else:
            _parent_changed(relation, fk, old, new, name.endswith("_del"))


def _check(child, fk, new: list) -> None:
    key = [new[a - 1] for a in fk.conkey]
    nulls = sum(v is None for v in key)
    if nulls:
        if fk.confmatchtype == "f" and nulls != len(key):
            raise PgError(FOREIGN_KEY_VIOLATION, f'insert or update on table '
                          f'"{child.name}" violates foreign key constraint "{fk.conname}"',
                          detail="MATCH FULL does not allow mixing of null and nonnull "
                                 "key values.",
                          schema=child.namespace_name, table=child.name,
                          constraint=fk.conname)
        return
    from pgsnake.executor import referential_locks     # (it imports portal_query)
    if not referential_locks.lock_referenced_row(fk.confrelid, fk.confkey, key):
        parent = catalog_cache.get_relation(fk.confrelid)
        raise PgError(FOREIGN_KEY_VIOLATION, f'insert or update on table "{child.name}" '
                      f'violates foreign key constraint "{fk.conname}"',
                      detail=f'Key {key_text(_attributes(child, fk.conkey), key)} is not '
                             f'present in table "{parent.name}".',
                      schema=child.namespace_name, table=child.name, constraint=fk.conname)


def _parent_changed(parent, fk, old: list, new: list | None, is_delete: bool) -> None:
    child = catalog_cache.get_relation(fk.conrelid)
    child_attributes = _attributes(child, fk.conkey)
    old_key = [old[a - 1] for a in fk.confkey]
    if any(v is None for v in old_key):
        return
    types = [a.type_oid for a in child_attributes]
    action = fk.confdeltype if is_delete else fk.confupdtype
    where = _condition(child_attributes)
    quote = catalog_cache.quote_identifier
    if action in ("a", "r"):
        _refuse_still_referenced(parent, child, fk, old_key, action == "a")
    elif action == "c" and is_delete:
        spi.execute(f"DELETE FROM {_only(child)}{spi.qualified_name(child)} WHERE {where}",
                    types, old_key, keep=(fk.oid, "del"))
    elif action == "c":
        new_key = [new[a - 1] for a in fk.confkey]
        n = len(child_attributes)
        sets = ", ".join(f"{quote(a.name)} = ${i}" for i, a in enumerate(child_attributes, 1))
        spi.execute(f"UPDATE {_only(child)}{spi.qualified_name(child)} SET {sets} "
                    f"WHERE {_condition(child_attributes, n + 1)}", types + types,
                    new_key + old_key, keep=(fk.oid, "upd"))
    else:
        value = "NULL" if action == "n" else "DEFAULT"
        # ON DELETE SET NULL (b): only the columns listed (confdelsetcols)
        listed = set(fk.confdelsetcols or ()) if is_delete else set()
        sets = ", ".join(f"{quote(a.name)} = {value}" for a in child_attributes
                         if not listed or a.attnum in listed)
        spi.execute(f"UPDATE {_only(child)}{spi.qualified_name(child)} SET {sets} WHERE {where}",
                    types, old_key, keep=(fk.oid, action))
        if action == "d":
            # a row whose default is the old key kept it (its update changed nothing, so
            # no check of its own ran): still referenced unless another row has the key
            _refuse_still_referenced(parent, child, fk, old_key, True)


def _refuse_still_referenced(parent, child, fk, old_key: list, no_action: bool) -> None:
    """RESTRICT / NO ACTION: 23503 when a referencing row has the old key (NO ACTION:
    unless another referenced row has it now)."""
    parent_attributes = _attributes(parent, fk.confkey)
    child_attributes = _attributes(child, fk.conkey)
    types = [a.type_oid for a in child_attributes]
    where = _condition(child_attributes)
    if no_action and spi.execute(
            f"SELECT 1 FROM {_only(parent)}{spi.qualified_name(parent)} x "
            f"WHERE {_condition(parent_attributes)} FOR KEY SHARE OF x",
            [a.type_oid for a in parent_attributes], old_key,
            keep=(fk.oid, "pk")).rows:
        return                       # another row has the key now (NO ACTION)
    if spi.execute(f"SELECT 1 FROM {_only(child)}{spi.qualified_name(child)} x WHERE {where} "
                   f"FOR KEY SHARE OF x", types, old_key, keep=(fk.oid, "fk")).rows:
        raise PgError(FOREIGN_KEY_VIOLATION, f'update or delete on table '
                      f'"{parent.name}" violates foreign key constraint '
                      f'"{fk.conname}" on table "{child.name}"',
                      detail=f'Key {key_text(parent_attributes, old_key)} is still '
                             f'referenced from table "{child.name}".',
                      schema=child.namespace_name, table=child.name,
                      constraint=fk.conname)
