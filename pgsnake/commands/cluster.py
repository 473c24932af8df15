"""CLUSTER, VACUUM FULL and ALTER TABLE ... CLUSTER ON / SET WITHOUT CLUSTER.

Both commands copy a table's live rows into a new relfilenode and rebuild its indexes
(table_rewrite.rewrite_table), under AccessExclusiveLock: readers and writers wait for
the commit and then read the new file. VACUUM FULL keeps the physical order; CLUSTER
sorts the rows by an index's key (a sequential scan and sort, by the index's own
comparison, ties in physical order) and remembers that index in pg_index.indisclustered,
which a later bare `CLUSTER table` and `CLUSTER` (every table that has one, owned by the
user) use. Each copied version keeps its xmin (frozen when older than every snapshot,
and relfrozenxid moves up to that cutoff), and versions an older snapshot may still
read are copied too, with their update chains, so both commands are MVCC-safe. While a table is copied,
pg_stat_progress_cluster shows it (command, phase, cluster_index_relid, tuples scanned
and written, blocks, indexes rebuilt).

Supported: CLUSTER [VERBOSE] [table [USING index]], CLUSTER (VERBOSE) ..., VACUUM FULL
[VERBOSE] [table, ...] (called from commands/vacuum.py), ALTER TABLE ... CLUSTER ON index
/ SET WITHOUT CLUSTER (called from commands/alter_table.py). VERBOSE reports in
PostgreSQL 15's words. CLUSTER without a table and VACUUM must not run in a transaction
block (25001); CLUSTER table may.

Entry points: execute_cluster(node) (registered for ClusterStmt), vacuum_full(oid,
verbose), cluster_on(relation, index_name), set_without_cluster(relation).

PostgreSQL: commands/cluster.c (cluster, cluster_rel, check_index_is_clusterable,
mark_index_clustered, copy_table_data, get_tables_to_cluster), commands/tablecmds.c
(ATExecClusterOn, ATExecDropCluster). System catalogs are rewritten by
commands/catalog_rewrite.py (mapped ones through the relation map); CLUSTER of a
shared catalog is 0A000 as in PostgreSQL. Where we differ: the rows are sorted
rather than read through an index scan when that would be cheaper.
"""
from __future__ import annotations

import resource
import time

from pgsnake.access.heap import pruning
from pgsnake.access.nbtree import build as btree_build
from pgsnake.access.nbtree.key_comparison import index_keys
from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, invalidation, relation_locks
from pgsnake.catalog import definitions as d
from pgsnake.commands import catalog_rewrite, table_rewrite, utility_statement
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.ipc import backend_progress
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils import notices
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, UNDEFINED_OBJECT,
                                  UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError)

# pg_stat_progress_cluster's parameters (PROGRESS_CLUSTER_*, 0-based here)
_COMMAND, _PHASE, _INDEX, _SCANNED, _WRITTEN, _BLKS_TOTAL, _BLKS_SCANNED, _REBUILT = range(8)
_CMD_CLUSTER, _CMD_VACUUM_FULL = 1, 2
_SEQ_SCAN, _SORTING, _WRITING, _SWAPPING, _REBUILDING, _CLEANUP = 1, 3, 4, 5, 6, 7


def _qualified(relation) -> str:
    return f'"{relation.namespace_name}.{relation.name}"'


class _Counts:
    def __init__(self) -> None:
        self.pages = self.scanned = self.removed = self.recently_dead = 0


def _scan(relation, counts: _Counts, oldest_xmin: int):
    """The versions to copy with their old TIDs, counting what was scanned, left behind
    and kept only for older snapshots."""
    # The total before the phase, so that no reader sees the scan under way with a
    # total of 0 (PostgreSQL sets both at once, pgstat_progress_update_multi_param).
    counts.pages = bufmgr.nblocks(relation.locator, ForkNumber.MAIN)
    backend_progress.update_param(_BLKS_TOTAL, counts.pages)
    backend_progress.update_param(_PHASE, _SEQ_SCAN)
    found = []
    for tid, row in table_rewrite.surviving_rows_with_tids(relation, oldest_xmin, counts):
        found.append((tid, row))
        backend_progress.update_param(_SCANNED, counts.scanned)
    backend_progress.update_param(_BLKS_SCANNED, counts.pages)
    return found


def _copy(oid: int, index_oid: int, command: int, verbose: bool) -> None:
    """cluster_rel: rewrite the locked table, sorted by `index_oid` when it is not 0."""
    relation = cc.get_relation(oid)
    started = time.monotonic()
    cpu_started = resource.getrusage(resource.RUSAGE_SELF)
    counts = _Counts()
    backend_progress.start_command("CLUSTER", oid)
    try:
        backend_progress.update_param(_COMMAND, command)
        if index_oid:
            backend_progress.update_param(_INDEX, index_oid)
        if verbose:
            if index_oid and cc.class_row(index_oid).relam == _GIST:
                notices.emit("00000", f'clustering {_qualified(relation)} using index scan on '
                                      f'"{cc.class_row(index_oid).relname}"', severity="INFO")
            elif index_oid:
                notices.emit("00000", f'clustering {_qualified(relation)} using sequential '
                                      f'scan and sort', severity="INFO")
            else:
                notices.emit("00000", f'vacuuming {_qualified(relation)}', severity="INFO")

        # copy_table_data's cutoffs: versions whose deleter committed before the oldest
        # snapshot are left behind; everything older than it is frozen (freeze_min_age 0).
        oldest_xmin = pruning.removal_horizon(relation)

        def rows(old):
            found = _scan(old, counts, oldest_xmin)
            if index_oid:
                backend_progress.update_param(_PHASE, _SORTING)
                found = _sorted(found, cc.get_relation(index_oid))
            backend_progress.update_param(_PHASE, _WRITING)
            return [row for _tid, row in found]
        # a catalog's new files are built before any is named (catalog_rewrite.py)
        rewrite = catalog_rewrite.rewrite_catalog if d.is_catalog(oid) \
            else table_rewrite.rewrite_table
        tuples, pages = rewrite(oid, rows, on_index_rebuilt=_index_rebuilt,
                                freeze_cutoff=oldest_xmin)
        backend_progress.update_param(_WRITTEN, tuples)
        backend_progress.update_param(_PHASE, _CLEANUP)
        table_rewrite.set_table_stats(oid, tuples - counts.recently_dead, pages)
        _advance_frozen_xid(oid, oldest_xmin)
    finally:
        backend_progress.end_command()
    if verbose:
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        notices.emit("00000", f'{_qualified(relation)}: found {counts.removed} removable, '
                              f'{counts.scanned - counts.removed} nonremovable row versions in '
                              f'{counts.pages} pages', severity="INFO",
                     detail=f"{counts.recently_dead} dead row versions cannot be removed yet.\n"
                            f"CPU: user: {cpu.ru_utime - cpu_started.ru_utime:.2f} s, "
                            f"system: {cpu.ru_stime - cpu_started.ru_stime:.2f} s, "
                            f"elapsed: {time.monotonic() - started:.2f} s.")


def _advance_frozen_xid(oid: int, cutoff: int) -> None:
    """Every copied xid older than the cutoff was frozen, so relfrozenxid moves up to
    it (never back: an older table value stays if it is newer)."""
    if cutoff > cc.class_row(oid).relfrozenxid:
        catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, relfrozenxid=cutoff)
        invalidation.note_catalog_change()
        xact.command_counter_increment()


def _index_rebuilt(count: int) -> None:
    backend_progress.update_param(_PHASE, _REBUILDING)
    backend_progress.update_param(_REBUILT, count)


_GIST = 783


def _sorted(found: list, index) -> list:
    """The rows in the index's order (its key columns, DESC / NULLS FIRST included);
    equal keys keep their physical order, as the index's heap-TID tiebreak would. A GiST
    index has no key order: its rows come in the order a full scan of the tree reaches
    them (PostgreSQL clusters by an index scan then), rows of HOT chains the index does
    not name directly last, in physical order."""
    if index.index is not None and index.index.access_method == _GIST:
        from pgsnake.access.gist import access_method as gist
        order = {tid: i for i, (tid, _recheck) in enumerate(gist.ordered_scan(index, []))}
        return sorted(found, key=lambda item: order.get(tuple(item[0]), len(order)))
    sort_key = btree_build.sort_key_function(index_keys(index))
    positions = [attnum - 1 for attnum in cc.index_row(index.oid).indkey]
    return sorted(found, key=lambda item: sort_key([item[1][0][p] for p in positions],
                                                   item[0]))


def vacuum_full(oid: int, verbose: bool) -> bool:
    """VACUUM FULL of one table the caller locked AccessExclusive; False (nothing
    done) for a TOAST table, which gets the lazy vacuum."""
    if cc.class_row(oid).relkind not in ("r", "m"):
        return False
    _copy(oid, 0, _CMD_VACUUM_FULL, verbose)
    return True


# ---------------------------------------------------------------------------------------
# CLUSTER


def _index_of(relation, index_name: str) -> int:
    index_oid = cc.relation_oid_in(relation.namespace_oid, index_name)
    if index_oid is None:
        raise PgError(UNDEFINED_OBJECT, f'index "{index_name}" for table "{relation.name}" '
                                        f'does not exist')
    return index_oid


def _check_clusterable(relation, index_oid: int) -> None:
    """check_index_is_clusterable."""
    row = cc.index_row(index_oid)
    name = cc.class_row(index_oid).relname
    if row is None or row.indrelid != relation.oid:
        raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not an index for table '
                                         f'"{relation.name}"')
    if cc.class_row(index_oid).relam not in (403, _GIST):   # GIN: amclusterable is false
        raise PgError(FEATURE_NOT_SUPPORTED, f'cannot cluster on index "{name}" because '
                                             f'access method does not support clustering')
    if getattr(row, "indpred", None) is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, f'cannot cluster on partial index "{name}"')
    if not row.indisvalid:
        raise PgError(FEATURE_NOT_SUPPORTED, f'cannot cluster on invalid index "{name}"')


def _mark_clustered(heap_oid: int, index_oid: int) -> None:
    """mark_index_clustered: this index (or none, for 0) carries indisclustered."""
    changed = False
    for other in cc.index_oids_of(heap_oid):
        wanted = other == index_oid
        if cc.index_row(other).indisclustered != wanted:
            catalog_writes.update_rows("pg_index", lambda r, o=other: r.indexrelid == o,
                                       indisclustered=wanted)
            changed = True
    if changed:
        invalidation.note_catalog_change()
        xact.command_counter_increment()


def _clustered_index(heap_oid: int) -> int:
    for index_oid in cc.index_oids_of(heap_oid):
        if cc.index_row(index_oid).indisclustered:
            return index_oid
    return 0


def cluster_on(relation, index_name: str) -> None:
    """ALTER TABLE ... CLUSTER ON index."""
    index_oid = _index_of(relation, index_name)
    from pgsnake.catalog import relation_locks
    from pgsnake.storage.lmgr import lock_modes
    relation_locks.lock_relation_oid(index_oid, lock_modes.SHARE_UPDATE_EXCLUSIVE)
    _check_clusterable(relation, index_oid)
    _mark_clustered(relation.oid, index_oid)


def set_without_cluster(relation) -> None:
    """ALTER TABLE ... SET WITHOUT CLUSTER."""
    _mark_clustered(relation.oid, 0)


def _verbose(node: dict) -> bool:
    verbose = False
    for wrapped in node.get("params") or []:
        element = wrapped["DefElem"]
        if element["defname"] != "verbose":
            raise PgError(SYNTAX_ERROR, f'unrecognized CLUSTER option "{element["defname"]}"',
                          position=None if element.get("location") is None
                          else element["location"] + 1)
        arg = element.get("arg")
        verbose = True
        if arg is not None:
            (kind, body), = arg.items()
            text = body.get("sval") if kind == "String" else str(body.get("ival", ""))
            if kind == "Boolean":
                text = "true" if body.get("boolval") else "false"
            verbose = str(text).lower() in ("true", "on", "yes", "1", "t", "y")
    return verbose


def _cluster_one(node: dict, verbose: bool) -> None:
    range_var = node["relation"]
    name, schema = range_var["relname"], range_var.get("schemaname")
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.ACCESS_EXCLUSIVE)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError(UNDEFINED_TABLE, f'relation "{shown}" does not exist')
    relation = cc.get_relation(oid)
    if relation.relkind not in ("r", "m"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{name}" is not a table or materialized view')
    from pgsnake.catalog import object_permissions
    object_permissions.check_relation_owner(oid)
    if d.is_shared_catalog(oid):
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot cluster a shared catalog")
    if node.get("indexname"):
        index_oid = _index_of(relation, node["indexname"])
    else:
        index_oid = _clustered_index(oid)
        if not index_oid:
            raise PgError(UNDEFINED_OBJECT, f'there is no previously clustered index for '
                                            f'table "{relation.name}"')
    _check_clusterable(relation, index_oid)
    _mark_clustered(oid, index_oid)
    _copy(oid, index_oid, _CMD_CLUSTER, verbose)


def _cluster_all(verbose: bool) -> None:
    """CLUSTER: every table with a clustered index that the user owns
    (get_tables_to_cluster; PostgreSQL commits after each table, pgsnake runs them all
    in the statement's transaction)."""
    from pgsnake.catalog import acl
    from pgsnake.utils import process_state
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    targets = []
    for row in cc.scan_catalog("pg_index"):
        if row.indisclustered:
            heap_row = cc.class_row(row.indrelid)
            if heap_row is not None and acl.has_privs_of_role(user, heap_row.relowner) \
                    and heap_row.relpersistence != "t":
                targets.append((row.indrelid, row.indexrelid))
    for heap_oid, index_oid in targets:
        relation_locks.lock_relation_oid(heap_oid, lock_modes.ACCESS_EXCLUSIVE)
        # Still there and still clustered on that index after the lock?
        row = cc.index_row(index_oid)
        if row is None or not row.indisclustered or row.indrelid != heap_oid:
            continue
        _copy(heap_oid, index_oid, _CMD_CLUSTER, verbose)


def execute_cluster(node: dict, raw) -> str:
    verbose = _verbose(node)
    if node.get("relation") is None:
        xact.prevent_in_transaction_block("CLUSTER")
        _cluster_all(verbose)
    else:
        _cluster_one(node, verbose)
    return "CLUSTER"


utility_statement.register("ClusterStmt", "CLUSTER", execute_cluster)
