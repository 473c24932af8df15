"""ON COMMIT for temporary tables: PRESERVE ROWS (the default), DELETE ROWS, DROP.

CREATE TEMP TABLE ... ON COMMIT DELETE ROWS empties the table at every commit of a
transaction; ON COMMIT DROP drops it when the creating transaction commits. Both run in
the 'pre_commit' transaction event, inside the committing transaction, so their catalog
and file changes commit with it.

Rules
1. ON COMMIT is refused for a table that is not temporary (42P16 "ON COMMIT can only be
   used on temporary tables"), as PostgreSQL's DefineRelation does.
2. An action is recorded when its table is made; a table that no longer exists at commit
   (dropped, or its creating savepoint rolled back) is skipped and forgotten, and a
   rolled-back creating transaction forgets all it recorded.
3. DELETE ROWS empties only a table that has pages: a new, empty relfilenode for the
   table, its indexes and its TOAST table, as TRUNCATE gives.

Entry points: register_for_new_table(oid, oncommit, relation), forget(oid).

PostgreSQL: commands/tablecmds.c (register_on_commit_action, remove_on_commit_action,
PreCommit_on_commit_actions, AtEOXact_on_commit_actions), catalog/heap.c (heap_truncate).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks, table_alteration, toast_creation
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import PgError

INVALID_TABLE_DEFINITION = "42P16"
DELETE_ROWS, DROP = "ONCOMMIT_DELETE_ROWS", "ONCOMMIT_DROP"

_actions: dict[int, str] = {}          # table oid -> DELETE_ROWS / DROP
_new_in_transaction: set[int] = set()  # rule 2: recorded by the running transaction
_registered = False


def register_for_new_table(oid: int, oncommit: str | None, relation: dict) -> None:
    """CREATE TABLE's ON COMMIT clause for the table just made."""
    if oncommit in (None, "ONCOMMIT_NOOP"):
        return
    if relation.get("relpersistence", "p") != "t":
        raise PgError(INVALID_TABLE_DEFINITION, "ON COMMIT can only be used on temporary tables")
    if oncommit not in (DELETE_ROWS, DROP):
        return                         # PRESERVE ROWS: nothing to do
    _ensure_callback()
    _actions[oid] = oncommit
    _new_in_transaction.add(oid)


def forget(oid: int) -> None:
    _actions.pop(oid, None)
    _new_in_transaction.discard(oid)


def _ensure_callback() -> None:
    global _registered
    if not _registered:
        from pgsnake.access.transam import xact
        xact.register_callback(_transaction_callback)
        _registered = True


def _transaction_callback(event: str) -> None:
    if event == "pre_commit":
        _run_actions()
    elif event in ("commit", "prepare"):
        _new_in_transaction.clear()
    elif event == "abort":
        for oid in _new_in_transaction:
            _actions.pop(oid, None)
        _new_in_transaction.clear()


def _run_actions() -> None:
    if not _actions:
        return
    for oid, action in list(_actions.items()):
        if cc.class_row(oid) is None:                            # rule 2
            forget(oid)
        elif action == DROP:
            _drop(oid)
            forget(oid)
        elif action == DELETE_ROWS:
            _delete_rows(oid)


def _drop(oid: int) -> None:
    from pgsnake.catalog.dependency import relation
    from pgsnake.commands import dependent_objects
    relation_locks.lock_relation_oid(oid, lock_modes.ACCESS_EXCLUSIVE)
    dependent_objects.perform_deletion([relation(oid)], cascade=True, quiet=True)


def _delete_rows(oid: int) -> None:
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    relation = cc.get_relation(oid)
    if bufmgr.nblocks(relation.locator, ForkNumber.MAIN) == 0:       # rule 3
        return
    relation_locks.lock_relation_oid(oid, lock_modes.ACCESS_EXCLUSIVE)
    table_alteration.set_new_storage(oid)
    for index_oid in cc.index_oids_of(oid):
        table_alteration.set_new_storage(index_oid)
    toast_creation.truncate_toast_table(oid)
