"""VACUUM [ ( option [, ...] ) ] [ table [, ...] ]: lazy vacuum of tables and their indexes.

For each table (every table, materialised view and catalog of the database when none is
named), under SHARE UPDATE EXCLUSIVE (writers and readers go on; another VACUUM or DDL
waits):
  1. the removal horizon is taken (pruning.removal_horizon: the oldest xid or snapshot
     xmin of a process that can read the table, lazy VACUUMs' snapshots ours included
     left out: proc_array rule 10);
  2. heap pass 1 prunes every page and collects LP_DEAD TIDs (access/heap/vacuum_lazy.py);
  3. every B-tree index drops its entries for those TIDs (access/nbtree/bulk_delete.py),
     unless INDEX_CLEANUP is off, or it is AUTO and few pages have dead items (PG 15's
     bypass: fewer than 2% of the pages);
  4. heap pass 2 makes those TIDs' line pointers LP_UNUSED, reusable by later inserts.
With VERBOSE, INFO messages in PostgreSQL 15's shape report what each table saw.

Options: VERBOSE, FREEZE, ANALYZE (then commands/analyze.py analyzes the tables),
DISABLE_PAGE_SKIPPING (accepted: every page is scanned anyway), INDEX_CLEANUP
(auto/on/off), SKIP_LOCKED, PROCESS_TOAST, TRUNCATE (accepted), PARALLEL (accepted);
FULL rewrites each table into a new file under ACCESS EXCLUSIVE (commands/cluster.py;
a system catalog gets the lazy vacuum instead). Boolean options take PostgreSQL's boolean spellings. VACUUM must not run
inside a transaction block (25001); a bare ANALYZE statement goes to commands/analyze.py.

Entry point: execute_vacuum(node) (registered for VacuumStmt).

PostgreSQL: commands/vacuum.c (ExecVacuum, vacuum, expand_vacuum_rel, vacuum_rel,
vacuum_set_xid_limits), access/heap/vacuumlazy.c (heap_vacuum_rel, lazy_vacuum,
lazy_vacuum_all_indexes, the VERBOSE report).
"""
from __future__ import annotations

import resource
import time

from pgsnake.access.heap import freeze, heap_truncate, heapam, pruning, vacuum_cost, vacuum_lazy
from pgsnake.access import index_am
from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation, relation_locks, temp_namespace, toast_creation
from pgsnake.commands import cluster, utility_statement
from pgsnake.commands.def_elem import argument_text
from pgsnake.commands.vacuum_targets import lock_named_relation
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.ipc import backend_progress, proc_array
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices, process_state, setting_values, settings
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, PgError

MAIN_FORK = ForkNumber.MAIN
BYPASS_THRESHOLD_PAGES = 0.02       # PG 15: skip index vacuuming below 2% of the pages
_BOOLEAN_TRUE = {"true", "on", "yes", "1", "t", "y"}
_BOOLEAN_FALSE = {"false", "off", "no", "0", "f", "n"}
_ACCEPTED = {"verbose", "freeze", "analyze", "disable_page_skipping", "skip_locked",
             "process_toast", "truncate", "index_cleanup", "full", "parallel"}


class VacuumOptions:
    def __init__(self) -> None:
        self.verbose = False
        self.freeze = False
        self.analyze = False
        self.skip_locked = False
        self.disable_page_skipping = False
        # None: not given, the table's vacuum_truncate / vacuum_index_cleanup
        # reloption decides (default true / auto), as vacuum_rel does
        self.truncate: bool | None = None
        self.index_cleanup: str | None = None
        self.process_toast = True
        self.full = False



def _boolean(name: str, element: dict) -> bool:
    text = argument_text(element)
    if text is None:
        return True
    lowered = text.lower()
    if lowered in _BOOLEAN_TRUE:
        return True
    if lowered in _BOOLEAN_FALSE:
        return False
    raise PgError(SYNTAX_ERROR, f"{name} requires a Boolean value")


def _options(node: dict, source_position) -> VacuumOptions:
    options = VacuumOptions()
    for wrapped in node.get("options", []):
        element = wrapped["DefElem"]
        name = element["defname"]
        if name not in _ACCEPTED:
            raise PgError(SYNTAX_ERROR, f'unrecognized VACUUM option "{name}"',
                          position=source_position(element.get("location")))
        if name == "index_cleanup":
            text = (argument_text(element) or "on").lower()
            if text == "auto":
                options.index_cleanup = "auto"
            else:
                options.index_cleanup = "on" if _boolean("index_cleanup", element) else "off"
        elif name == "parallel":
            continue
        elif name == "full":
            options.full = _boolean(name, element)
        elif name in ("verbose", "freeze", "analyze", "skip_locked", "disable_page_skipping",
                      "truncate", "process_toast"):
            setattr(options, name, _boolean(name, element))
        else:
            _boolean(name, element)
    return options


def _targets(node: dict, options: VacuumOptions) -> list[int]:
    """The OIDs to vacuum, each locked SHARE UPDATE EXCLUSIVE (named ones in order;
    ACCESS EXCLUSIVE for FULL)."""
    mode = lock_modes.ACCESS_EXCLUSIVE if options.full else lock_modes.SHARE_UPDATE_EXCLUSIVE
    oids: list[int] = []
    rels = node.get("rels")
    if not rels:
        # Every table of the database; one that disappeared meanwhile is skipped.
        for row in cc.scan_catalog("pg_class"):
            if row.relkind not in ("r", "m", "t") or (
                    row.relpersistence == "t"
                    and not temp_namespace.is_my_temp_namespace(row.relnamespace)):
                continue            # (other sessions' temporary tables are theirs)
            if options.skip_locked:
                if not relation_locks.conditional_lock_relation_oid(row.oid, mode):
                    continue
            else:
                relation_locks.lock_relation_oid(row.oid, mode)
            if cc.class_row(row.oid) is not None:
                oids.append(row.oid)
        return oids
    for wrapped in rels:
        range_var = wrapped["VacuumRelation"]["relation"]
        oid = lock_named_relation(range_var, mode, options.skip_locked, "vacuum")
        if oid is None:
            continue
        row = cc.class_row(oid)
        if row.relkind == "p":          # a partitioned table: its partitions
            from pgsnake.catalog import partition_bounds
            for child in partition_bounds.all_descendants(oid):
                if cc.class_row(child).relkind != "p" and child not in oids:
                    oids.append(child)
            continue
        if row.relkind not in ("r", "m", "t"):
            notices.emit("01000", f'skipping "{range_var["relname"]}" --- cannot vacuum '
                                  'non-tables or special system tables', severity="WARNING")
            continue
        if row.relpersistence == "t" and temp_namespace.is_temp_namespace(row.relnamespace) \
                and not temp_namespace.is_my_temp_namespace(row.relnamespace):
            continue            # another session's temporary table: silently skipped
        if oid not in oids:
            oids.append(oid)
    return oids


def _percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.2f}" if whole else "100.00"


def _report(relation, counts, oldest_xmin: int, now_xid: int, index_vacuuming: bool,
            index_scans: int, index_results, started: float, cpu_started,
            old_frozenxid) -> None:
    schema = cc.namespace_name(cc.class_row(relation.oid).relnamespace)
    qualified = f"{process_state.database_name}.{schema}.{relation.name}"
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    lines = [
        f'finished vacuuming "{qualified}": index scans: {index_scans}',
        f"pages: {counts.removed_pages} removed, {counts.rel_pages} remain, "
        f"{counts.scanned_pages} scanned ({_percent(counts.scanned_pages, counts.scanned_pages)}"
        "% of total)",
        f"tuples: {counts.tuples_deleted} removed, {counts.live_tuples} remain, "
        f"{counts.recently_dead_tuples} are dead but not yet removable",
        f"removable cutoff: {oldest_xmin}, which was {max(now_xid - oldest_xmin, 0)} "
        "XIDs old when operation ended",
    ]
    if old_frozenxid is not None:
        new_frozenxid = counts.oldest_unfrozen[0]
        lines.append(f"new relfrozenxid: {new_frozenxid}, which is "
                     f"{new_frozenxid - old_frozenxid} XIDs ahead of previous value")
    pages_text = (f"{counts.lpdead_item_pages} pages from table "
                  f"({_percent(counts.lpdead_item_pages, counts.scanned_pages)}% of total) had "
                  f"{counts.lpdead_items} dead item identifiers removed")
    if index_vacuuming:
        lines.append(f"index scan {'needed' if index_scans else 'not needed'}: {pages_text}")
    else:
        lines.append(f"index scan bypassed: {counts.lpdead_item_pages} pages from table "
                     f"({_percent(counts.lpdead_item_pages, counts.scanned_pages)}% of total) "
                     f"have {counts.lpdead_items} dead item identifiers")
    for index, result in index_results:
        lines.append(f'index "{index.name}": pages: {result.num_pages} in total, '
                     f"{result.pages_newly_deleted} newly deleted, {result.pages_deleted} "
                     f"currently deleted, {result.pages_free} reusable")
    lines.append(f"system usage: CPU: user: {cpu.ru_utime - cpu_started.ru_utime:.2f} s, "
                 f"system: {cpu.ru_stime - cpu_started.ru_stime:.2f} s, "
                 f"elapsed: {time.monotonic() - started:.2f} s")
    notices.emit("00000", "\n".join(lines), severity="INFO")


def vacuum_relation(oid: int, options: VacuumOptions) -> None:
    """heap_vacuum_rel for one locked table, shown in pg_stat_progress_vacuum while it
    runs and reported to the cumulative statistics when done."""
    backend_progress.start_command("VACUUM", oid)
    delay, limit = settings.get("vacuum_cost_delay"), settings.get("vacuum_cost_limit")
    if process_state.process_kind == "autovacuum worker":
        if settings.get("autovacuum_vacuum_cost_delay") >= 0:
            delay = settings.get("autovacuum_vacuum_cost_delay")
        if settings.get("autovacuum_vacuum_cost_limit") > 0:
            limit = settings.get("autovacuum_vacuum_cost_limit")
    vacuum_cost.begin(delay, limit)
    # Lazy VACUUM reads no rows through its snapshot: other processes' horizons (and its
    # own) leave its xmin out (proc_array rule 10, PostgreSQL's PROC_IN_VACUUM).
    in_slot = process_state.proc_number >= 0
    if in_slot:
        proc_array.set_status_flags(process_state.proc_number, proc_array.PROC_IN_VACUUM)
    try:
        _vacuum_relation(oid, options)
    finally:
        if in_slot:
            proc_array.set_status_flags(process_state.proc_number, 0)
        vacuum_cost.end()
        backend_progress.end_command()


def update_database_frozenxid() -> None:
    """After the tables of a run (an autovacuum worker's too): datfrozenxid moves up."""
    _update_database_frozenxid()


def _vacuum_relation(oid: int, options: VacuumOptions) -> None:
    relation = cc.get_relation(oid)
    started = time.monotonic()
    cpu_started = resource.getrusage(resource.RUSAGE_SELF)
    if options.verbose:
        # Aggressive: FREEZE, DISABLE_PAGE_SKIPPING, or a relfrozenxid older than
        # vacuum_freeze_table_age (every page is scanned here in any case).
        table_age_limit = transaction_ids.read_next_xid() - settings.get("vacuum_freeze_table_age")
        aggressive = options.freeze or options.disable_page_skipping or \
            cc.class_row(oid).relfrozenxid <= table_age_limit
        schema = cc.namespace_name(cc.class_row(oid).relnamespace)
        notices.emit("00000", f'{"aggressively " if aggressive else ""}vacuuming '
                              f'"{process_state.database_name}.{schema}.{relation.name}"',
                     severity="INFO")
    indexes = [cc.get_relation(index_oid) for index_oid in cc.index_oids_of(oid)]
    oldest_xmin = pruning.removal_horizon(relation)
    freeze_limit = freeze.cutoff(oldest_xmin, options.freeze,
                                 settings.get("vacuum_freeze_min_age"))
    one_pass = not indexes
    backend_progress.update_param(0, 1)                  # phase: scanning heap
    backend_progress.update_param(1, bufmgr.nblocks(relation.locator, MAIN_FORK))
    counts, dead_items = vacuum_lazy.scan_heap(relation, oldest_xmin, freeze_limit,
                                               one_pass=one_pass)
    index_scans = 0
    index_results = []
    index_cleanup, truncate = _table_choices(oid, options)
    index_vacuuming = index_cleanup != "off"
    if dead_items:
        if index_cleanup == "auto" and \
                counts.lpdead_item_pages < counts.rel_pages * BYPASS_THRESHOLD_PAGES:
            index_vacuuming = False
        if index_vacuuming:
            dead = {(blockno, offnum) for blockno, offsets in dead_items.items()
                    for offnum in offsets}
            backend_progress.update_param(0, 2)          # vacuuming indexes
            backend_progress.update_param(6, len(dead))
            for index in indexes:
                index_results.append((index, index_am.bulk_delete(index, dead.__contains__)))
            index_scans = 1
            backend_progress.update_param(4, 1)
            backend_progress.update_param(0, 3)          # vacuuming heap
            vacuum_lazy.vacuum_heap_pages(relation, dead_items, oldest_xmin)
    vacuum_lazy.update_free_space_map(relation, counts.rel_pages)
    if index_cleanup != "off":
        index_results = index_am.vacuum_cleanup(
            indexes, index_results, counts.live_tuples + counts.recently_dead_tuples)
    # (btvacuumcleanup without a bulk delete before it finds nothing to do: no page is
    # ever deleted, so the report and the statistics have no index line for it.)
    if truncate and heap_truncate.should_truncate(counts.rel_pages,
                                                          counts.nonempty_pages):
        _truncate_tail(relation, counts, options)
    old_frozenxid = cc.class_row(oid).relfrozenxid
    next_xid = transaction_ids.read_next_xid()       # before our own catalog update
    backend_progress.update_param(0, 6)                  # performing final cleanup
    frozenxid_updated = _update_relation_stats(relation, counts, index_results)
    pgstat.report_vacuum(oid, 0 if relation.is_shared else process_state.database_oid,
                         counts.live_tuples, counts.recently_dead_tuples,
                         auto=process_state.process_kind == "autovacuum worker")
    if options.verbose:
        _report(relation, counts, oldest_xmin, next_xid, index_vacuuming, index_scans,
                index_results, started, cpu_started,
                old_frozenxid if frozenxid_updated else None)


def _table_choices(oid: int, options: VacuumOptions) -> tuple[str, bool]:
    """(INDEX_CLEANUP, TRUNCATE) for one table: the command's when given, else the
    table's vacuum_index_cleanup / vacuum_truncate reloptions, else auto / true."""
    reloptions = cc.class_row(oid).reloptions or ()
    given = dict(option.partition("=")[::2] for option in reloptions)
    index_cleanup = options.index_cleanup
    if index_cleanup is None:
        text = given.get("vacuum_index_cleanup", "auto").lower()
        index_cleanup = text if text == "auto" else \
            ("on" if setting_values.parse_bool(text) else "off")
    truncate = options.truncate
    if truncate is None:
        truncate = setting_values.parse_bool(given.get("vacuum_truncate", "true")) is not False
    return index_cleanup, truncate


def _truncate_tail(relation, counts, options) -> None:
    """lazy_truncate_heap: cut the empty pages off the end, if ACCESS EXCLUSIVE is free
    at once (PostgreSQL retries for up to 5 seconds; pgsnake tries once, since it never
    waits by polling, and leaves the pages to the next VACUUM)."""
    mode = lock_modes.ACCESS_EXCLUSIVE
    if not relation_locks.conditional_lock_relation_oid(relation.oid, mode):
        return
    try:
        new_pages = heap_truncate.empty_tail_start(relation, counts.nonempty_pages)
        if new_pages >= counts.rel_pages:
            return
        heap_truncate.truncate(relation, new_pages)
        if options.verbose:
            notices.emit("00000", f'table "{relation.name}": truncated {counts.rel_pages} '
                                  f'to {new_pages} pages', severity="INFO")
        counts.removed_pages = counts.rel_pages - new_pages
        counts.rel_pages = new_pages
    finally:
        relation_locks.unlock_relation_oid(relation.oid, mode)


def _update_relation_stats(relation, counts, index_results) -> bool:
    """vac_update_relstats: relpages, reltuples (the live tuples: every page was
    scanned), relallvisible and, when it moved forward, relfrozenxid of the table; the
    indexes' relpages and reltuples, all in place. Returns whether relfrozenxid
    moved."""
    row = cc.class_row(relation.oid)
    new_frozenxid = counts.oldest_unfrozen[0]
    changes = dict(relpages=counts.rel_pages, reltuples=float(counts.live_tuples),
                   relallvisible=vacuum_lazy.all_visible_pages(relation, counts.rel_pages))
    frozenxid_updated = new_frozenxid > row.relfrozenxid
    if frozenxid_updated:
        changes["relfrozenxid"] = new_frozenxid
    _inplace_update("pg_class", relation.oid, changes)
    for index, result in index_results:
        _inplace_update("pg_class", index.oid, dict(relpages=result.num_pages,
                                                    reltuples=float(result.num_index_tuples)))
    return frozenxid_updated


def _inplace_update(catalog_name: str, oid: int, changes: dict) -> None:
    """Overwrite fixed-width columns of one catalog row in place (heap_inplace_update:
    no new version, no xid, as PostgreSQL's vac_update_relstats); every backend's
    caches forget the row when this transaction commits."""
    from pgsnake.catalog import catalog_locks
    definition = d.catalog(catalog_name)
    with catalog_locks.writing(definition.oid):       # vac_update_relstats' RowExclusiveLock
        for tid, row in cc.scan_catalog_with_tids(catalog_name, ("oid", oid)):
            if row.oid != oid:
                continue
            values = list(row)
            for name, value in changes.items():
                values[definition.attnum(name) - 1] = value
            if values != list(row):
                heapam.heap_inplace_update(d.catalog_relation(catalog_name), tid, values)
                invalidation.record_change(definition.oid, oid)
                invalidation.note_catalog_change()
            return


def _update_database_frozenxid() -> None:
    """vac_update_datfrozenxid: the database's datfrozenxid becomes the oldest
    relfrozenxid of its tables (when that moved forward), in place."""
    oldest = min((row.relfrozenxid for row in cc.scan_catalog("pg_class")
                  if row.relkind in ("r", "m", "t") and row.relfrozenxid), default=0)
    database = cc.lookup_database(process_state.database_name)
    if oldest and database is not None and oldest > database.datfrozenxid:
        _inplace_update("pg_database", database.oid, dict(datfrozenxid=oldest))


def execute_vacuum(node: dict, raw) -> str:
    from pgsnake.commands import analyze
    source_position = lambda location: None if location is None else location + 1  # noqa: E731
    if not node.get("is_vacuumcmd"):
        return analyze.execute_analyze(node, source_position)
    options = _options(node, source_position)
    xact.prevent_in_transaction_block("VACUUM")
    if not options.analyze and any(r["VacuumRelation"].get("va_cols")
                                   for r in node.get("rels") or []):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "ANALYZE option must be specified when a column list is provided")
    columns = dict(analyze.analyze_targets(node, options.skip_locked)) if options.analyze else {}
    done: set[int] = set()
    for oid in _targets(node, options):
        if oid in done:
            continue
        if options.full and cluster.vacuum_full(oid, options.verbose):
            done.add(oid)                   # (its TOAST table was rewritten with it)
            if options.analyze:
                analyze.analyze_relation(oid, options.verbose, columns.get(oid),
                                         in_vacuum=True)
            continue
        vacuum_relation(oid, options)
        done.add(oid)
        # A table's TOAST table is vacuumed right after it (PROCESS_TOAST, the default).
        toast_oid = toast_creation.toast_table_of(oid)
        if toast_oid and options.process_toast and toast_oid not in done:
            relation_locks.lock_relation_oid(toast_oid, lock_modes.SHARE_UPDATE_EXCLUSIVE)
            if cc.class_row(toast_oid) is not None:
                vacuum_relation(toast_oid, options)
            done.add(toast_oid)
        if options.analyze and cc.class_row(oid) is not None and \
                cc.class_row(oid).relkind != "t":           # TOAST tables are not analyzed
            analyze.analyze_relation(oid, options.verbose, columns.get(oid), in_vacuum=True)
    _update_database_frozenxid()
    return "VACUUM"


# VACUUM and ANALYZE change no state pg_dump would see: allowed in READ ONLY
# transactions, as PostgreSQL classifies them (ClassifyUtilityCommandAsReadOnly).
utility_statement.register("VacuumStmt", "VACUUM", execute_vacuum, read_only_ok=True)
# A catalog invalidation (VACUUM's own statistics update among them) makes inserters
# ask the free space map again, as PostgreSQL's relcache rebuild resets rd_targblock.
invalidation.add_cache_reset(heapam.forget_target_blocks)
