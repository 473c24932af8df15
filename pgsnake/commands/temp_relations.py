"""Removing temporary objects: at backend exit, by DISCARD TEMP / DISCARD ALL, and from a
stale pg_temp_N that a new backend takes over after a crash.

Rules
1. Everything in the schema goes, with what depends on it elsewhere (pg_depend:
   commands/dependent_objects.py), quietly: no "drop cascades to" notices, as PostgreSQL's
   RemoveTempRelations (PERFORM_DELETION_QUIETLY). The schemas themselves stay, to be
   reused by the next backend with the same id (catalog/temp_namespace rule 2).
2. At backend exit the removal runs in a transaction of its own, after the client's
   open transaction (if any) was rolled back; a failure is logged, never raised, so a
   backend always exits (PostgreSQL's RemoveTempRelationsCallback).

Entry points: remove_contents(namespace_oid), remove_my_temp_objects() (DISCARD TEMP),
remove_at_backend_exit(); also the checks other commands make about temporary relations:
view_relation (a view reading a temporary relation is temporary), refuse_in_materialized_view,
check_foreign_key_persistence; and PREPARE TRANSACTION's refusal after touching one.

PostgreSQL: catalog/namespace.c (RemoveTempRelations, RemoveTempRelationsCallback,
ResetTempTableNamespace), commands/discard.c (DISCARD TEMP), commands/view.c (DefineView's
temporary view), commands/createas.c / matview.c (no temporary relation in a matview),
commands/tablecmds.c (ATAddForeignKeyConstraint's persistence checks),
access/transam/xact.c (PrepareTransaction's XACT_FLAGS_ACCESSEDTEMPNAMESPACE check).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import heap_creation, invalidation, temp_namespace
from pgsnake.utils import elog, notices
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INVALID_TABLE_DEFINITION, PgError


def remove_contents(namespace_oid: int) -> None:
    """Rule 1: drop every object in `namespace_oid`."""
    from pgsnake.catalog import definitions as d
    from pgsnake.catalog.dependency import ObjectAddress
    from pgsnake.commands import dependent_objects, on_commit_actions
    members = [r.oid for r in cc.scan_catalog("pg_class") if r.relnamespace == namespace_oid]
    dependent_objects.drop_dependents([ObjectAddress(d.PG_NAMESPACE_OID, namespace_oid)],
                                      cascade=True, quiet=True)
    for oid in members:
        on_commit_actions.forget(oid)
    # Anything left (a TOAST table whose table was dropped elsewhere): its catalog rows.
    leftovers = [r.oid for r in cc.scan_catalog("pg_class") if r.relnamespace == namespace_oid]
    for oid in leftovers:
        heap_creation.drop_table(oid)
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def remove_my_temp_objects() -> None:
    """DISCARD TEMP: drop this backend's temporary objects; the schemas stay ours."""
    namespace = temp_namespace.my_temp_namespace()
    if namespace is None:
        return
    remove_contents(namespace)
    toast = temp_namespace.my_temp_toast_namespace()
    if toast is not None:
        remove_contents(toast)


def remove_at_backend_exit() -> None:
    """Rule 2: the backend is ending; its temporary objects go with it."""
    if temp_namespace.my_temp_namespace() is None:
        return
    # The backend is exiting: a gone client or a pending terminate request must not
    # interrupt the clean-up (proc_exit holds interrupts in PostgreSQL).
    from pgsnake.utils import interrupts
    interrupts.set_connection_check(None)
    interrupts.terminate_pending = interrupts.cancel_pending = False
    try:
        if xact.transaction_state().name != "DEFAULT":
            xact.abort_current_transaction()
        if temp_namespace.my_temp_namespace() is None:     # made by the rolled-back one
            return
        xact.start_transaction_command()
        try:
            remove_my_temp_objects()
        except BaseException:
            xact.abort_current_transaction()
            raise
        xact.commit_transaction_command()
    except Exception as e:        # never let exit-time cleanup turn into a crash
        elog.log(f"could not remove temporary objects at backend exit: {e}", "WARNING")


def uses_temp_relation(references) -> bool:
    """Does a query reading `references` ((relation oid, attnum) pairs) read a temporary
    table or view (isQueryUsingTempRelation)?"""
    for oid in {oid for oid, _attnum in references}:
        row = cc.class_row(oid)
        if row is not None and row.relpersistence == "t":
            return True
    return False


def view_relation(relation: dict, references) -> dict:
    """CREATE VIEW's RangeVar, made temporary (with PostgreSQL's NOTICE) when the view
    reads a temporary relation: it could not outlive it."""
    if relation.get("relpersistence", "p") == "p" and uses_temp_relation(references):
        name = relation["relname"]
        notices.emit("00000", f'view "{name}" will be a temporary view')
        return {**relation, "relpersistence": "t"}
    return relation


def refuse_in_materialized_view(references) -> None:
    if uses_temp_relation(references):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "materialized views must not use temporary tables or views")


def _transaction_callback(event: str) -> None:
    from pgsnake.storage.buffer import local_buffers
    if event == "pre_prepare" and local_buffers.accessed_in_transaction:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot PREPARE a transaction that has "
                      "operated on temporary objects")
    if event in ("commit", "abort", "prepare"):
        local_buffers.accessed_in_transaction = False


def check_foreign_key_persistence(table, referenced) -> None:
    """A foreign key joins tables of one lifetime: permanent to permanent, temporary to
    temporary of this session (ATAddForeignKeyConstraint's checks, 42P16)."""
    if table.persistence == "p" and referenced.persistence != "p":
        raise PgError(INVALID_TABLE_DEFINITION,
                      "constraints on permanent tables may reference only permanent tables")
    if table.persistence == "t":
        if referenced.persistence != "t":
            raise PgError(INVALID_TABLE_DEFINITION, "constraints on temporary tables may "
                          "reference only temporary tables")
        mine = (temp_namespace.my_temp_namespace(), temp_namespace.my_temp_toast_namespace())
        if table.namespace_oid not in mine or referenced.namespace_oid not in mine:
            raise PgError(INVALID_TABLE_DEFINITION, "constraints on temporary tables must "
                          "involve temporary tables of this session")


temp_namespace.register_remover(remove_contents)
xact.register_callback(_transaction_callback)
