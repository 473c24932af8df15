"""REINDEX INDEX / TABLE / SCHEMA / DATABASE / SYSTEM, with (VERBOSE), (TABLESPACE) and
CONCURRENTLY.

Each rebuilt index gets a new relfilenode: the new file is created (WAL-logged) and
filled from the table by the index's access method (index_am.build, so B-tree, GIN and
whatever else it dispatches), pg_class.relfilenode (for a mapped catalog index the
relation map, catalog/relation_map.py, written at commit), relpages and reltuples change, the
old file is listed for removal in the commit record and the new one in the abort
record. A crash before commit leaves the old file in use; after it, redo rebuilds the
new one from its page images. An invalid index (indisvalid false) is valid again
afterwards.

Locks (PostgreSQL's): plain REINDEX holds ShareLock on the table (readers go on,
writers wait) and AccessExclusiveLock on each index for the whole rebuild.
CONCURRENTLY builds the new file under ShareUpdateExclusiveLock on the index, so
scans through the old file go on during the build, then takes AccessExclusiveLock on
the index only for the swap (waiting for the readers of the old file, as PostgreSQL's
"waiting for readers before dropping" phase does). Writers wait on the table's
ShareLock during the build, as pgsnake's CREATE INDEX CONCURRENTLY does (see "where we
differ").

Refusals match PostgreSQL 15: CONCURRENTLY, SCHEMA, DATABASE, SYSTEM and partitioned
tables / indexes outside a transaction block only (25001); system catalogs not
concurrently (0A000, a WARNING and skip for SCHEMA / DATABASE); only the current
database (0A000); ownership (42501); unknown options (42601); tablespaces that do not
exist (42704) or pg_global (22023).

Entry point: execute_reindex(node) (registered for ReindexStmt).

PostgreSQL: commands/indexcmds.c (ExecReindex, ReindexIndex, ReindexTable,
ReindexMultipleTables, ReindexPartitions, ReindexRelationConcurrently),
catalog/index.c (reindex_index, reindex_relation, index_concurrently_build,
index_concurrently_swap).

Where we differ: CONCURRENTLY keeps the index's OID and pg_class row and swaps only
its relfilenode (PostgreSQL builds a second index "<name>_ccnew" with a new OID and
swaps names), and writers wait during the build (it holds ShareLock on the table
until commit, so a transaction that read through the index and then writes to the
table deadlocks with it, where PostgreSQL's waits only for the reader); SCHEMA /
DATABASE / SYSTEM run in one transaction (PostgreSQL commits after each table);
(TABLESPACE name) accepts only the default tablespace (another existing one is 0A000:
indexes are not moved).
"""
from __future__ import annotations

import dataclasses
import resource
import time

from pgsnake.access.transam import pending_deletes, transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, index_creation, invalidation, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.commands import utility_statement
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.ipc import backend_progress
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INSUFFICIENT_PRIVILEGE,
                                  INVALID_PARAMETER_VALUE, INVALID_SCHEMA_NAME,
                                  SYNTAX_ERROR, UNDEFINED_OBJECT, UNDEFINED_TABLE,
                                  WRONG_OBJECT_TYPE, PgError)

# pg_stat_progress_create_index (PROGRESS_CREATEIDX_*, 0-based): command, index, phase
_COMMAND, _INDEX_RELID, _PHASE = 0, 6, 9
_CMD_REINDEX, _CMD_REINDEX_CONCURRENTLY = 3, 4
_PHASE_BUILD, _PHASE_WAIT_READERS_DROP = 2, 9
_GLOBAL_TABLESPACE = "pg_global"


@dataclasses.dataclass
class _Options:
    verbose: bool = False
    concurrently: bool = False


def _boolean(element: dict) -> bool:
    arg = element.get("arg")
    if arg is None:
        return True
    (kind, body), = arg.items()
    if kind == "Boolean":
        return bool(body.get("boolval"))
    text = str(body.get("sval") if kind == "String" else body.get("ival", "")).lower()
    if text in ("true", "on", "yes", "1", "t", "y"):
        return True
    if text in ("false", "off", "no", "0", "f", "n"):
        return False
    raise PgError(SYNTAX_ERROR, f"{element['defname']} requires a Boolean value")


def _options(node: dict) -> _Options:
    options = _Options()
    for wrapped in node.get("params") or []:
        element = wrapped["DefElem"]
        name = element["defname"]
        if name == "verbose":
            options.verbose = _boolean(element)
        elif name == "concurrently":
            options.concurrently = _boolean(element)
        elif name == "tablespace":
            _check_tablespace(element["arg"]["String"]["sval"])
        else:
            raise PgError(SYNTAX_ERROR, f'unrecognized REINDEX option "{name}"',
                          position=None if element.get("location") is None
                          else element["location"] + 1)
    return options


def _check_tablespace(name: str) -> None:
    """(TABLESPACE name): the default tablespace is where pgsnake's indexes live already;
    pg_global only takes shared relations; any other must exist (and is not supported)."""
    if name == _GLOBAL_TABLESPACE:
        raise PgError(INVALID_PARAMETER_VALUE,
                      "only shared relations can be placed in pg_global tablespace")
    if name == "pg_default":
        return
    if not any(r.spcname == name for r in cc.scan_catalog("pg_tablespace")):
        raise PgError(UNDEFINED_OBJECT, f'tablespace "{name}" does not exist')
    raise PgError(FEATURE_NOT_SUPPORTED, "REINDEX (TABLESPACE) is not supported yet")


# ---------------------------------------------------------------------------------------
# Rebuilding one index


def _new_locator(index):
    return index.locator._replace(relfilenode=transaction_ids.get_new_oid())


def rebuild(index_oid: int, concurrently: bool = False) -> int:
    """reindex_index: fill a new relfilenode of the index from its table and switch
    pg_class to it; returns the number of index entries. The caller holds ShareLock
    (ShareUpdateExclusiveLock when concurrently) on the table."""
    from pgsnake.access import index_am
    from pgsnake.executor.index_entries import entry_function
    relation_locks.lock_relation_oid(
        index_oid, lock_modes.SHARE_UPDATE_EXCLUSIVE if concurrently
        else lock_modes.ACCESS_EXCLUSIVE)
    old = cc.get_relation(index_oid)
    heap = cc.get_relation(old.index.heap_oid)
    backend_progress.update_param(_INDEX_RELID, index_oid)
    backend_progress.update_param(_PHASE, _PHASE_BUILD)
    new = dataclasses.replace(old, locator=_new_locator(old))
    index_am.create_storage(new)
    pending_deletes.schedule(new.locator, at_commit=False)
    heap_tuples, index_tuples = index_creation.build_index(
        new, heap, list(cc.index_row(index_oid).indkey), entry_function(new))
    if concurrently:
        # The swap: scans that opened the old file finish first (they hold
        # AccessShareLock on the index until their transaction ends).
        backend_progress.update_param(_PHASE, _PHASE_WAIT_READERS_DROP)
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_EXCLUSIVE)
    pending_deletes.schedule(old.locator, at_commit=True)
    from pgsnake.catalog import relation_map
    new_file: dict = {"relfilenode": new.locator.relfilenode}
    if relation_map.is_mapped(index_oid):
        # The map names the new file (written at commit); pg_class.relfilenode stays 0.
        # Before any catalog write: their index entries must go to the new file.
        relation_map.update(index_oid, old.is_shared, new.locator.relfilenode)
        new_file = {}
    catalog_writes.update_rows(
        "pg_class", lambda r: r.oid == index_oid, **new_file,
        reltuples=float(index_tuples), relpages=bufmgr.nblocks(new.locator, ForkNumber.MAIN))
    # index_update_stats for the table too; an empty never-vacuumed one stays "unknown".
    reltuples = float(heap_tuples)
    if heap_tuples == 0 and cc.class_row(heap.oid).reltuples < 0:
        reltuples = -1.0
    catalog_writes.update_rows(
        "pg_class", lambda r: r.oid == heap.oid, reltuples=reltuples,
        relpages=bufmgr.nblocks(heap.locator, ForkNumber.MAIN))
    # An index left invalid by a failed CREATE INDEX CONCURRENTLY is valid again.
    catalog_writes.update_rows("pg_index", lambda r: r.indexrelid == index_oid,
                               indisvalid=True, indisready=True, indislive=True)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    return index_tuples


# ---------------------------------------------------------------------------------------
# What to rebuild


def _shown(range_var: dict) -> str:
    schema = range_var.get("schemaname")
    return f"{schema}.{range_var['relname']}" if schema else range_var["relname"]


def _lookup(range_var: dict) -> int:
    schema = range_var.get("schemaname")
    if schema is not None and cc.get_namespace_oid(schema) is None:
        raise PgError(INVALID_SCHEMA_NAME, f'schema "{schema}" does not exist')
    if schema is not None:
        from pgsnake.catalog import object_permissions
        object_permissions.check_explicit_schema(schema)
    oid = cc.lookup_relation_oid(range_var["relname"], schema)
    if oid is None:
        raise PgError(UNDEFINED_TABLE, f'relation "{_shown(range_var)}" does not exist')
    return oid


def _partitions(oid: int) -> list[int]:
    """Every leaf below a partitioned table or index, depth first."""
    children = sorted(r.inhrelid for r in cc.scan_catalog("pg_inherits") if r.inhparent == oid)
    leaves = []
    for child in children:
        row = cc.class_row(child)
        if row is not None and row.relkind in ("p", "I"):
            leaves.extend(_partitions(child))
        elif row is not None:
            leaves.append(child)
    return leaves


def _qualified_name(oid: int) -> str:
    row = cc.class_row(oid)
    return f"{cc.namespace_name(row.relnamespace)}.{row.relname}"


class _Timer:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.cpu = resource.getrusage(resource.RUSAGE_SELF)

    def detail(self, end: str = "") -> str:
        now = resource.getrusage(resource.RUSAGE_SELF)
        return (f"CPU: user: {now.ru_utime - self.cpu.ru_utime:.2f} s, "
                f"system: {now.ru_stime - self.cpu.ru_stime:.2f} s, "
                f"elapsed: {time.monotonic() - self.started:.2f} s{end}")


def _reindex_indexes(heap_oid: int, index_oids: list[int], options: _Options) -> None:
    """Rebuild indexes of one table, reporting progress and (VERBOSE) each index."""
    concurrently = options.concurrently and cc.class_row(heap_oid).relpersistence != "t"
    backend_progress.start_command("CREATE INDEX", heap_oid)
    try:
        backend_progress.update_param(
            _COMMAND, _CMD_REINDEX_CONCURRENTLY if concurrently else _CMD_REINDEX)
        for index_oid in index_oids:
            timer = _Timer()
            rebuild(index_oid, concurrently)
            if not options.verbose:
                continue
            if concurrently:
                notices.emit("00000", f'index "{_qualified_name(index_oid)}" was reindexed',
                             severity="INFO")
            else:
                notices.emit("00000", f'index "{cc.class_row(index_oid).relname}" was '
                                      f'reindexed', severity="INFO", detail=timer.detail())
    finally:
        backend_progress.end_command()


def _table_indexes(heap_oid: int) -> list[int]:
    """reindex_relation's list: the table's indexes, then its TOAST table's."""
    oids = list(cc.index_oids_of(heap_oid))
    toast = cc.class_row(heap_oid).reltoastrelid
    if toast:
        oids.extend(cc.index_oids_of(toast))
    return oids


def _reindex_table(heap_oid: int, options: _Options, *, quiet: bool = False) -> bool:
    """One table: its and its TOAST table's indexes. Returns whether any was rebuilt;
    PostgreSQL's NOTICE when there were none (not for tables met by SCHEMA etc.)."""
    row = cc.class_row(heap_oid)
    concurrently = options.concurrently and row.relpersistence != "t"
    relation_locks.lock_relation_oid(
        heap_oid, lock_modes.SHARE_UPDATE_EXCLUSIVE if concurrently else lock_modes.SHARE)
    if concurrently:
        # Writers must not change the table while the new file is built from it: the
        # build runs under ShareLock as pgsnake's CREATE INDEX CONCURRENTLY does.
        relation_locks.lock_relation_oid(heap_oid, lock_modes.SHARE)
    oids = _table_indexes(heap_oid)
    if concurrently:
        usable = []
        for oid in oids:
            if not cc.index_row(oid).indisvalid:
                notices.emit("0A000", f'cannot reindex invalid index '
                                      f'"{_qualified_name(oid)}" concurrently, skipping',
                             severity="WARNING")
            else:
                usable.append(oid)
        oids = usable
    if not oids:
        if not quiet:
            notices.emit("00000", f'table "{row.relname}" has no indexes '
                                  + ("that can be reindexed concurrently" if concurrently
                                     else "to reindex"))
        return False
    timer = _Timer()
    _reindex_indexes(heap_oid, oids, options)
    if options.verbose and concurrently:
        notices.emit("00000", f'table "{_qualified_name(heap_oid)}" was reindexed',
                     severity="INFO", detail=timer.detail("."))
    return True


def _check_owner(oid: int) -> None:
    from pgsnake.catalog import object_permissions
    object_permissions.check_relation_owner(oid)


def _refuse_catalog_concurrently(oid: int, options: _Options) -> None:
    if options.concurrently and (d.is_catalog(oid) or cc.class_row(oid).relnamespace
                                 == d.PG_CATALOG_NAMESPACE):
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot reindex system catalogs concurrently")


def _reindex_index_statement(range_var: dict, options: _Options) -> None:
    oid = _lookup(range_var)
    row = cc.class_row(oid)
    if row.relkind not in ("i", "I"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{range_var["relname"]}" is not an index')
    _check_owner(oid)
    heap_oid = cc.index_row(oid).indrelid
    if row.relkind == "I":
        _partitioned(oid, "REINDEX INDEX", "index", options)
        return
    _refuse_catalog_concurrently(heap_oid, options)
    concurrently = options.concurrently and row.relpersistence != "t"
    relation_locks.lock_relation_oid(
        heap_oid, lock_modes.SHARE_UPDATE_EXCLUSIVE if concurrently else lock_modes.SHARE)
    if concurrently:
        relation_locks.lock_relation_oid(heap_oid, lock_modes.SHARE)
    _reindex_indexes(heap_oid, [oid], options)


def _partitioned(oid: int, command: str, noun: str, options: _Options) -> None:
    """ReindexPartitions: every leaf partition (table or index) is reindexed; only
    outside a transaction block, as PostgreSQL commits after each."""
    try:
        xact.prevent_in_transaction_block(command)
    except PgError as error:
        error.context = f'while reindexing partitioned {noun} "{_qualified_name(oid)}"'
        raise
    for leaf in _partitions(oid):
        row = cc.class_row(leaf)
        if row.relkind == "i":
            heap_oid = cc.index_row(leaf).indrelid
            relation_locks.lock_relation_oid(heap_oid, lock_modes.SHARE)
            _reindex_indexes(heap_oid, [leaf], options)
        elif row.relkind in ("r", "m"):
            if _reindex_table(leaf, options, quiet=True) and options.verbose \
                    and not options.concurrently:
                notices.emit("00000", f'table "{_qualified_name(leaf)}" was reindexed',
                             severity="INFO")


def _reindex_table_statement(range_var: dict, options: _Options) -> None:
    oid = _lookup(range_var)
    row = cc.class_row(oid)
    if row.relkind not in ("r", "m", "p", "t"):
        raise PgError(WRONG_OBJECT_TYPE,
                      f'"{range_var["relname"]}" is not a table or materialized view')
    _check_owner(oid)
    if row.relkind == "p":
        _partitioned(oid, "REINDEX TABLE", "table", options)
        return
    _refuse_catalog_concurrently(oid, options)
    # pg_class and the shared catalogs have only nailed indexes here, none left to
    # rebuild; PostgreSQL's have some, so no NOTICE.
    _reindex_table(oid, options, quiet=d.is_catalog(oid))


def _reindex_multiple(node: dict, options: _Options) -> None:
    """ReindexMultipleTables: SCHEMA, DATABASE, SYSTEM."""
    kind = node["kind"]
    command = {"REINDEX_OBJECT_SCHEMA": "REINDEX SCHEMA",
               "REINDEX_OBJECT_DATABASE": "REINDEX DATABASE",
               "REINDEX_OBJECT_SYSTEM": "REINDEX SYSTEM"}[kind]
    name = node.get("name")
    if kind == "REINDEX_OBJECT_SYSTEM" and options.concurrently:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot reindex system catalogs concurrently")
    if kind == "REINDEX_OBJECT_SCHEMA":
        namespace_oid = cc.get_namespace_oid(name)
        if namespace_oid is None:
            raise PgError(INVALID_SCHEMA_NAME, f'schema "{name}" does not exist')
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_owner(namespace_oid)
    else:
        if name is not None and name != process_state.database_name:
            raise PgError(FEATURE_NOT_SUPPORTED, "can only reindex the currently open database")
        _check_database_owner()
    if options.concurrently and kind == "REINDEX_OBJECT_SCHEMA" \
            and namespace_oid == d.PG_CATALOG_NAMESPACE:
        notices.emit("0A000", "cannot reindex system catalogs concurrently, skipping all",
                     severity="WARNING")
        return
    xact.prevent_in_transaction_block(command)
    from pgsnake.catalog import acl
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    warned = False
    for row in sorted(cc.scan_catalog("pg_class"), key=lambda r: r.oid):
        if row.relkind not in ("r", "m"):
            continue
        is_catalog = row.relnamespace == d.PG_CATALOG_NAMESPACE
        if kind == "REINDEX_OBJECT_SCHEMA" and row.relnamespace != namespace_oid:
            continue
        if kind == "REINDEX_OBJECT_SYSTEM" and not is_catalog:
            continue
        if row.relpersistence == "t" and not _own_temp(row.relnamespace):
            continue
        if row.relisshared and not acl.has_privs_of_role(user, row.relowner):
            continue
        if is_catalog and options.concurrently:
            if not warned:
                notices.emit("0A000", "cannot reindex system catalogs concurrently, "
                                      "skipping all", severity="WARNING")
                warned = True
            continue
        if _reindex_table(row.oid, options, quiet=True) and options.verbose \
                and not options.concurrently:
            notices.emit("00000", f'table "{_qualified_name(row.oid)}" was reindexed',
                         severity="INFO")


def _own_temp(namespace_oid: int) -> bool:
    from pgsnake.catalog import temp_namespace
    return not temp_namespace.is_other_temp_namespace(namespace_oid)


def _check_database_owner() -> None:
    if process_state.is_superuser:
        return
    from pgsnake.catalog import acl
    row = next((r for r in cc.scan_catalog("pg_database")
                if r.oid == process_state.database_oid), None)
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    if row is not None and not acl.has_privs_of_role(user, row.datdba):
        raise PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of database {row.datname}")


def execute_reindex(node: dict, raw=None) -> str:
    """REINDEX (ReindexStmt node). Returns the command tag."""
    options = _options(node)
    if options.concurrently:
        xact.prevent_in_transaction_block("REINDEX CONCURRENTLY")
    kind = node["kind"]
    if kind == "REINDEX_OBJECT_INDEX":
        _reindex_index_statement(node["relation"], options)
    elif kind == "REINDEX_OBJECT_TABLE":
        _reindex_table_statement(node["relation"], options)
    else:
        _reindex_multiple(node, options)
    return "REINDEX"


utility_statement.register("ReindexStmt", "REINDEX", execute_reindex)
