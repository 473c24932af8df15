"""This backend's temporary schemas: pg_temp_N and pg_toast_temp_N.

A backend that first creates a temporary object makes (or takes over) the schemas
pg_temp_N and pg_toast_temp_N, N being its backend id (proc number + 1, PostgreSQL's
MyBackendId). From then on pg_temp_N is searched first for relations and types (before
pg_catalog, unless search_path names pg_temp elsewhere), never for functions and
operators; "pg_temp" in search_path or in a qualified name means it.

Rules
1. The schemas are made once per backend, in the transaction that first needs them; if
   that transaction (or the savepoint it was made in) rolls back they are forgotten
   (AtEOXact_Namespace, AtEOSubXact_Namespace), so the next temporary object makes them
   again.
2. The schemas outlive the backend (they are reused by the next backend with the same
   id); their contents do not. A stale pg_temp_N left by a crashed backend is emptied
   when a new backend takes it over, before anything is created in it: commands'
   temp_relations registers the code that empties it (`register_remover`).
3. A relation is temporary (relpersistence 't') exactly when its schema is a temporary
   one: `persistence_for(namespace)` is what every pg_class row creation consults, and
   a temporary table's TOAST table goes into pg_toast_temp_N (`toast_namespace_for`).
4. Creating the schemas needs the TEMPORARY privilege on the database (42501), and is
   refused during recovery (25006).

Entry points: backend_id, my_temp_namespace, my_temp_toast_namespace, init_temp_namespace,
creation_namespace_for, persistence_for, toast_namespace_for, is_my_temp_namespace,
is_temp_namespace, is_other_temp_namespace, is_temp_namespace_name,
backend_of_namespace_name, refuse_other_session, forget_temp_namespace, register_remover,
register_functions (pg_my_temp_schema, pg_is_other_temp_schema).

PostgreSQL: catalog/namespace.c (InitTempTableNamespace, RemoveTempRelations,
isTempNamespace, isOtherTempNamespace, GetTempNamespaceBackendId, LookupExplicitNamespace,
LookupCreationNamespace, RangeVarAdjustRelationPersistence, recomputeNamespacePath,
AtEOXact_Namespace, pg_my_temp_schema, pg_is_other_temp_schema).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_unique, catalog_writes, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.utils import process_state
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

INVALID_TABLE_DEFINITION = "42P16"
INSUFFICIENT_PRIVILEGE = "42501"
READ_ONLY_SQL_TRANSACTION = "25006"

_my_namespace: int | None = None
_my_toast_namespace: int | None = None
_created_at_depth: int | None = None   # rule 1: savepoint depth it was made at, this transaction
_remover = None                        # rule 2: commands' temp_relations.remove_contents
_registered = False


def backend_id() -> int:
    """MyBackendId: the N of pg_temp_N and of t<N>_<relfilenode> files."""
    return process_state.proc_number + 1


def register_remover(fn) -> None:
    """fn(namespace_oid) drops every object in a temporary schema (rule 2)."""
    global _remover
    _remover = fn


def my_temp_namespace() -> int | None:
    return _my_namespace


def my_temp_toast_namespace() -> int | None:
    return _my_toast_namespace


def backend_of_namespace_name(name: str | None) -> int:
    """N for pg_temp_N or pg_toast_temp_N, else -1 (GetTempNamespaceBackendId)."""
    if not name:
        return -1
    for prefix in ("pg_temp_", "pg_toast_temp_"):
        if name.startswith(prefix) and name[len(prefix):].isdigit():
            return int(name[len(prefix):])
    return -1


def is_temp_namespace_name(name: str | None) -> bool:
    return backend_of_namespace_name(name) >= 0


def is_temp_namespace(oid: int) -> bool:
    """Is `oid` any backend's temporary (or temporary TOAST) schema?"""
    return is_temp_namespace_name(cc.namespace_name(oid))


def is_other_temp_namespace(oid: int) -> bool:
    """Another backend's temporary schema (isOtherTempNamespace)."""
    return not is_my_temp_namespace(oid) and is_temp_namespace(oid)


def is_my_temp_namespace(oid: int) -> bool:
    """Is `oid` this backend's pg_temp_N or pg_toast_temp_N?"""
    return _my_namespace is not None and oid in (_my_namespace, _my_toast_namespace)


def refuse_other_session(namespace_oid: int, message: str) -> None:
    """0A000 `message` for a relation in another backend's temporary schema (the DDL
    checks PostgreSQL makes with RELATION_IS_OTHER_TEMP)."""
    if is_other_temp_namespace(namespace_oid):
        raise PgError(FEATURE_NOT_SUPPORTED, message)


def persistence_for(namespace_oid: int) -> str:
    """Rule 3: 't' for a relation in this backend's temporary schemas, else 'p'."""
    if is_my_temp_namespace(namespace_oid):
        from pgsnake.storage.buffer import local_buffers
        local_buffers.note_access()
        return "t"
    return "p"


def toast_namespace_for(namespace_oid: int) -> int:
    """Where a table in `namespace_oid` keeps its TOAST table."""
    if _my_namespace is not None and namespace_oid == _my_namespace:
        return _my_toast_namespace
    return d.PG_TOAST_NAMESPACE


def creation_namespace_for(schema: str | None, persistence: str,
                           position: int | None = None) -> int | None:
    """The schema a new relation goes into when it is temporary or named pg_temp
    (RangeVarGetCreationNamespace + RangeVarAdjustRelationPersistence); None when
    neither applies and the ordinary rules decide."""
    if schema == "pg_temp":
        return init_temp_namespace()
    if is_temp_namespace_name(schema):
        oid = cc.get_namespace_oid(schema)
        if oid is not None and not is_my_temp_namespace(oid):
            raise PgError(INVALID_TABLE_DEFINITION, "cannot create relations in temporary "
                          "schemas of other sessions", position=position)
        if oid is not None:
            return oid                 # this backend's, named: the relation is temporary
    if persistence != "t":
        return None
    if schema is not None:
        oid = cc.get_namespace_oid(schema)
        if oid is None or oid != _my_namespace:
            raise PgError(INVALID_TABLE_DEFINITION,
                          "cannot create temporary relation in non-temporary schema",
                          position=position)
        return oid
    return init_temp_namespace()


def init_temp_namespace() -> int:
    """This backend's pg_temp_N, made (or taken over and emptied) on first use."""
    global _my_namespace, _my_toast_namespace, _created_at_depth
    if _my_namespace is not None:
        return _my_namespace
    from pgsnake.access.transam import xact
    _check_may_create()
    name = f"pg_temp_{backend_id()}"
    toast_name = f"pg_toast_temp_{backend_id()}"
    namespace = cc.get_namespace_oid(name)
    toast = cc.get_namespace_oid(toast_name)
    if namespace is None:
        namespace = _create_namespace(name)
    elif _remover is not None:                  # rule 2: a stale one from a crash
        _remover(namespace)
    if toast is None:
        toast = _create_namespace(toast_name)
    elif _remover is not None:
        _remover(toast)
    _my_namespace, _my_toast_namespace = namespace, toast
    _created_at_depth = xact.subtransaction_depth()
    _ensure_callback()
    invalidation.reset_local_caches()         # search_path now starts with pg_temp_N
    return namespace


def _check_may_create() -> None:
    from pgsnake.access.transam.wal import wal
    from pgsnake.catalog import acl
    from pgsnake.datatypes import aclitem
    if wal.in_recovery():
        raise PgError(READ_ONLY_SQL_TRANSACTION,
                      "cannot create temporary tables during recovery")
    if process_state.is_superuser or process_state.is_bootstrap:
        return
    row = next((r for r in cc.scan_catalog("pg_database")
                if r.oid == process_state.database_oid), None)
    if row is None:
        return
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    if not acl.acl_mask(acl.acl_or_default(row.datacl, "database", row.datdba), user,
                        row.datdba, aclitem.CREATE_TEMP):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to create temporary "
                      f'tables in database "{row.datname}"')


def _create_namespace(name: str) -> int:
    from pgsnake.access.transam import transaction_ids, xact
    catalog_unique.check_unique("pg_namespace", "pg_namespace_nspname_index", ("nspname",),
                                (name,))
    oid = transaction_ids.get_new_oid()
    # Owned by the bootstrap superuser, as PostgreSQL's: the schema outlives the role.
    catalog_writes.insert_row("pg_namespace", d.row_values(
        "pg_namespace", oid=oid, nspname=name, nspowner=d.BOOTSTRAP_SUPERUSER, nspacl=None))
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return oid


def forget_temp_namespace() -> None:
    """Rule 1: the transaction (or savepoint) that made the schemas rolled back."""
    global _my_namespace, _my_toast_namespace, _created_at_depth
    _my_namespace = _my_toast_namespace = None
    _created_at_depth = None
    invalidation.reset_local_caches()


def _ensure_callback() -> None:
    global _registered
    if _registered:
        return
    from pgsnake.access.transam import xact
    xact.register_callback(_transaction_callback)
    xact.register_subxact_callback(_subtransaction_callback)
    _registered = True


def _transaction_callback(event: str) -> None:
    global _created_at_depth
    if event == "abort" and _created_at_depth is not None:
        forget_temp_namespace()
    elif event in ("commit", "prepare"):
        _created_at_depth = None


def _subtransaction_callback(event: str, depth: int) -> None:
    """AtEOSubXact_Namespace: a rolled-back savepoint that made the schemas takes them
    along; a released one hands them to its parent."""
    global _created_at_depth
    if _created_at_depth is None or _created_at_depth < depth:
        return
    if event == "abort":
        forget_temp_namespace()
    elif event == "release":
        _created_at_depth = depth - 1


# ---- SQL functions ----------------------------------------------------------------------

def pg_my_temp_schema() -> int:
    return _my_namespace or 0


def pg_is_other_temp_schema(oid: int) -> bool:
    return is_other_temp_namespace(oid)


def register_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_my_temp_schema", [], 26, pg_my_temp_schema, oid=2854,
                       volatility="s")
    functions.register("pg_is_other_temp_schema", [26], 16, pg_is_other_temp_schema,
                       oid=2855, volatility="s")
