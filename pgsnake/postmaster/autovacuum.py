"""Autovacuum: the launcher, which decides when a database is due, and the workers,
which vacuum (and analyze) the tables of one database that need it.

    launcher   every autovacuum_naptime / (number of databases) seconds it takes the next
               database in turn and, if fewer than autovacuum_max_workers workers run,
               leaves its oid in shared memory and asks the postmaster for a worker
               (pmsignal START_AUTOVAC_WORKER); then it sleeps on its latch
    worker     forked by the postmaster; takes the database oid, connects to it, lists
               the tables over their thresholds (below), and for each takes SHARE UPDATE
               EXCLUSIVE without waiting (a busy table is skipped), shows
               "autovacuum: VACUUM schema.table" in pg_stat_activity, and runs VACUUM
               (commands/vacuum.py, with the autovacuum cost delay) and ANALYZE, each
               table in a transaction of its own; then the work items backends queued
               for its database (autovacuum_work_items.py: BRIN autosummarize); then it
               exits 0

A table needs VACUUM when (PostgreSQL's relation_needs_vacanalyze)
    n_dead_tup > autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples
or  n_ins_since_vacuum > autovacuum_vacuum_insert_threshold
                         + autovacuum_vacuum_insert_scale_factor * reltuples  (threshold -1: off)
or  age(relfrozenxid) > autovacuum_freeze_max_age (anti-wraparound: even with autovacuum
    disabled for the table, or autovacuum = off),
and ANALYZE when n_mod_since_analyze > autovacuum_analyze_threshold
    + autovacuum_analyze_scale_factor * reltuples (never for toast tables or pg_statistic).
reltuples below 0 (never vacuumed) counts as 0. The table's reloptions (autovacuum_enabled,
autovacuum_vacuum_threshold, ..._scale_factor, ..._insert_*, autovacuum_analyze_*,
autovacuum_freeze_max_age) override the settings.

Rules
1. The launcher never vacuums and never connects to a database: it reads pg_database
   (a shared catalog) only, so it can never hold a table lock a user waits for.
2. A worker exits when its work is done, on SIGTERM (FATAL 57P01 "terminating
   autovacuum process due to administrator command", exit 1: a normal exit), or at once
   on SIGQUIT; any other death is a crash like any child's (postmaster rule 2).
3. An ERROR on one table is logged with the CONTEXT "automatic vacuum of table ..." and
   the worker goes on with the next table. A user whose lock request waits for a worker
   longer than deadlock_timeout cancels it (storage/lmgr/lock.py): the worker logs
   "canceling autovacuum task" and goes on; an anti-wraparound vacuum is not cancelled.
4. With autovacuum = off (or track_counts = off) the launcher starts no worker.
5. The launcher runs only while autovacuum is active, as PostgreSQL's: the postmaster
   does not start it with autovacuum = off (or track_counts = off), starts it when a
   reload turns autovacuum on, and a launcher whose reload turns it off exits 0 and is
   not restarted.

Where we differ from PostgreSQL: the launcher visits databases in turn rather than by
the time their last worker started, and never visits a database that refuses
connections (template0: PostgreSQL's launcher does, to prevent wraparound); autovacuum =
off does not start workers for anti-wraparound vacuums; at most 11 workers (the free
auxiliary proc slots) whatever autovacuum_max_workers says; ANALYZE runs as the SQL statement "ANALYZE schema.table" in its own transaction,
and a server that refuses ANALYZE (0A000) skips it quietly.

PostgreSQL: postmaster/autovacuum.c (AutoVacLauncherMain, do_start_worker,
AutoVacWorkerMain, do_autovacuum, relation_needs_vacanalyze, autovacuum_do_vac_analyze).
"""
from __future__ import annotations

import time

from pgsnake.postmaster import autovacuum_work_items
from pgsnake.storage.ipc import pmsignal, shared_memory
from pgsnake.utils import elog, process_state, process_title, settings

BOOTSTRAP_SUPERUSER = 10
_STARTING_DB = 0          # u32: the database the launcher asked a worker for (0: none)

_region: shared_memory.Region | None = None


def _init(region: shared_memory.Region) -> None:
    global _region
    region.view[:] = bytes(region.size)
    _region = region


shared_memory.request_region("AutoVacuum", lambda: 8, _init)


def is_active() -> bool:
    """AutoVacuumingActive: rule 4."""
    return settings.get("autovacuum") and settings.get("track_counts")


def worker_slots() -> range:
    """The proc-array slots autovacuum workers use: the auxiliary slots no auxiliary
    process kind owns (at most autovacuum_max_workers of them are used)."""
    from pgsnake.storage.ipc import proc_array
    first = settings.get("max_connections") + len(proc_array.AUXILIARY_KINDS)
    last = settings.get("max_connections") + proc_array.AUXILIARY_SLOTS
    return range(first, min(last, first + settings.get("autovacuum_max_workers")))


def running_workers() -> int:
    from pgsnake.storage.ipc import proc_array
    return sum(1 for slot in proc_array.slots() if slot.kind == "autovacuum worker")


# ---- the launcher -------------------------------------------------------------------

def _databases() -> list[int]:
    """The oids of the databases that accept connections and are valid (rule 1; a
    half-dropped database is skipped, as get_database_list does)."""
    from pgsnake.catalog import catalog_cache, database_validity
    return sorted(row.oid for row in catalog_cache.scan_catalog("pg_database")
                  if row.datallowconn and not database_validity.is_invalid(row))


def launcher_round(turn: int) -> tuple[int, float]:
    """One decision: maybe ask for a worker for the next database. Returns (next turn,
    seconds until the next decision)."""
    naptime = float(settings.get("autovacuum_naptime"))
    if not is_active():
        return turn, naptime
    databases = _databases()
    if not databases:
        return turn, naptime
    atomics, offset = _region.atomics, _region.offset + _STARTING_DB
    pending = atomics.load_u32(offset)
    if pending and time.monotonic() - _Launcher.requested_at > naptime:
        # A request nobody took within a naptime (the worker died before it read the
        # oid): give it up, as PostgreSQL's launcher does with av_startingWorker.
        atomics.cas_u32(offset, pending, 0)
        pending = 0
    if pending == 0 and running_workers() < len(worker_slots()):
        atomics.store_u32(offset, databases[turn % len(databases)])
        _Launcher.requested_at = time.monotonic()
        pmsignal.send_signal(pmsignal.START_AUTOVAC_WORKER)
        turn += 1
    return turn, naptime / len(databases)


class _Launcher:
    requested_at = 0.0       # when the last worker was asked for (time.monotonic())


def launcher_main(nap, flags, survive_error) -> int:
    """The launcher's loop (auxiliary.py runs it with its nap and error handling)."""
    turn = 0
    delay = 1.0              # the first round soon after start, as PostgreSQL's
    while not flags.stop:
        nap(delay)
        if flags.stop:
            break
        if flags.reload:
            flags.reload = False
            from pgsnake.postmaster import subsystems
            subsystems.reload_config()
            if not is_active():
                break                     # rule 5: turned off, the launcher goes away
        result = []
        if survive_error(lambda: result.append(launcher_round(turn))):
            turn, delay = result[0]
        else:
            delay = float(settings.get("autovacuum_naptime"))
    return 0


# ---- the worker ---------------------------------------------------------------------

def _reloptions(row) -> dict[str, str]:
    options = {}
    for text in getattr(row, "reloptions", None) or ():
        name, _, value = text.partition("=")
        options[name] = value
    return options


def _option(options: dict, name: str, setting: str, convert=float):
    """The reloption when the table has it (checked when it was stored:
    commands/relation_options.py), else the setting."""
    if name in options:
        try:
            return convert(round(float(options[name]))) if convert is int \
                else convert(options[name])
        except ValueError:
            pass
    return settings.get(setting)


def needs_vacuum_analyze(row, counters, next_xid: int) -> tuple[bool, bool, bool]:
    """(vacuum?, analyze?, anti-wraparound?) for a pg_class row and its statistics
    (a counter list, or None when it has none): PostgreSQL's relation_needs_vacanalyze."""
    from pgsnake.utils.activity import pgstat_kinds as k
    options = _reloptions(row)
    enabled = options.get("autovacuum_enabled", "true").lower() not in (
        "false", "off", "no", "0", "f", "n")
    freeze_max_age = min(_option(options, "autovacuum_freeze_max_age",
                                 "autovacuum_freeze_max_age", int),
                         settings.get("autovacuum_freeze_max_age"))
    frozen = row.relfrozenxid
    wraparound = bool(frozen) and frozen >= 3 and next_xid - frozen > freeze_max_age
    if counters is None or not is_active():
        return wraparound, False, wraparound
    reltuples = max(float(row.reltuples), 0.0)
    vac_thresh = (_option(options, "autovacuum_vacuum_threshold",
                          "autovacuum_vacuum_threshold", int)
                  + _option(options, "autovacuum_vacuum_scale_factor",
                            "autovacuum_vacuum_scale_factor") * reltuples)
    ins_base = _option(options, "autovacuum_vacuum_insert_threshold",
                       "autovacuum_vacuum_insert_threshold", int)
    ins_thresh = ins_base + _option(options, "autovacuum_vacuum_insert_scale_factor",
                                    "autovacuum_vacuum_insert_scale_factor") * reltuples
    anl_thresh = (_option(options, "autovacuum_analyze_threshold",
                          "autovacuum_analyze_threshold", int)
                  + _option(options, "autovacuum_analyze_scale_factor",
                            "autovacuum_analyze_scale_factor") * reltuples)
    vacuum = wraparound or (enabled and (
        counters[k.T_DEAD] > vac_thresh
        or (ins_base >= 0 and counters[k.T_INS_SINCE_VACUUM] > ins_thresh)))
    analyze = enabled and counters[k.T_MOD_SINCE_ANALYZE] > anl_thresh \
        and row.relkind != "t" and row.oid != 2619        # pg_statistic
    return vacuum, analyze, wraparound


def _tables_to_process() -> list[tuple]:
    """(oid, schema, name, vacuum?, analyze?, wraparound?) of every table due."""
    from pgsnake.access.transam import transaction_ids
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.utils.activity import pgstat_fetch
    next_xid = transaction_ids.read_next_xid()
    due = []
    for row in cc.scan_catalog("pg_class"):
        if row.relkind not in ("r", "m", "t") or row.relpersistence == "t":
            continue
        vacuum, analyze, wraparound = needs_vacuum_analyze(
            row, pgstat_fetch.fetch_relation(row.oid), next_xid)
        if vacuum or analyze:
            due.append((row.oid, cc.namespace_name(row.relnamespace) or "", row.relname,
                        vacuum, analyze, wraparound))
    return due


def _analyze(session, oid: int, schema: str, name: str) -> None:
    """ANALYZE the table through SQL, in a transaction of its own; a server without
    ANALYZE (0A000) skips it quietly, any other error is the caller's (rule 3). If the
    ANALYZE did not report to the statistics itself, the worker does (live tuples from
    the reltuples it stored), so n_mod_since_analyze starts again and the table is not
    analyzed again at every round."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog.catalog_cache import quote_identifier
    from pgsnake.executor import spi
    from pgsnake.utils.activity import pgstat, pgstat_fetch, pgstat_kinds as k
    from pgsnake.utils.errors import PgError

    def autoanalyze_count() -> int:
        pgstat_fetch.clear_snapshot()
        counters = pgstat_fetch.fetch_relation(oid)
        return counters[k.T_AUTOANALYZE_COUNT] if counters else 0
    before = autoanalyze_count()
    session.start_transaction()
    try:
        spi.execute(f"ANALYZE {quote_identifier(schema)}.{quote_identifier(name)}")
    except PgError as e:
        if e.sqlstate != "0A000":
            raise
        session.abort_after_error(quiet=True)
        return
    session.finish_transaction()
    if autoanalyze_count() != before:
        return
    session.start_transaction()            # (sees the reltuples ANALYZE stored in place)
    row = cc.class_row(oid)
    session.finish_transaction()
    if row is not None:
        counters = pgstat_fetch.fetch_relation(oid)
        pgstat.report_analyze(oid, 0 if row.relisshared else process_state.database_oid,
                              int(max(row.reltuples, 0)), counters[k.T_DEAD] if counters else 0,
                              auto=True)


def _process_table(session, oid: int, schema: str, name: str, vacuum: bool,
                   analyze: bool, wraparound: bool) -> None:
    """One table in a transaction of its own (rules 2, 3)."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import relation_locks
    from pgsnake.commands import vacuum as vacuum_command
    from pgsnake.storage.ipc import backend_status
    from pgsnake.storage.lmgr import lock_modes
    from pgsnake.utils import notices
    from pgsnake.utils.errors import FatalError, PgError
    qualified = f"{process_state.database_name}.{schema}.{name}"
    what = " ".join(w for w, wanted in (("VACUUM", vacuum), ("ANALYZE", analyze)) if wanted)
    suffix = " (to prevent wraparound)" if wraparound else ""
    backend_status.report_activity("active", f"autovacuum: {what} {schema}.{name}{suffix}")
    session.set_activity(f"autovacuum: {what} {schema}.{name}")
    started = time.monotonic()
    log_min = settings.get("log_autovacuum_min_duration")
    try:
        session.start_transaction()
        if not relation_locks.conditional_lock_relation_oid(
                oid, lock_modes.SHARE_UPDATE_EXCLUSIVE):
            session.finish_transaction()     # skipped: someone else holds it
            return
        if cc.class_row(oid) is None:
            session.finish_transaction()     # dropped meanwhile
            return
        if vacuum:
            options = vacuum_command.VacuumOptions()
            options.verbose = log_min >= 0   # the report becomes the log message
            vacuum_command.vacuum_relation(oid, options)
            vacuum_command.update_database_frozenxid()
        session.finish_transaction()
        if analyze:
            _analyze(session, oid, schema, name)
    except FatalError:
        raise
    except PgError as e:
        if e.sqlstate == "57014":        # a user's lock request cancelled us (lock.py)
            e.message = "canceling autovacuum task"
        e.context = f'automatic {"vacuum" if vacuum else "analyze"} of table "{qualified}"'
        elog.log_error(e)
        session.abort_after_error(quiet=True)
    finally:
        report = [n.message for n in notices.drain()
                  if n.message.startswith("finished vacuuming")]
        backend_status.report_activity("idle")
    elapsed_ms = (time.monotonic() - started) * 1000
    if log_min >= 0 and elapsed_ms >= log_min and report:
        body = report[0].replace("finished vacuuming", "automatic vacuum of table", 1)
        body = body.replace("\n", "\n\t")     # continuation lines, as PostgreSQL logs them
        if wraparound:
            body = body.replace("automatic vacuum", "automatic aggressive vacuum to prevent "
                                "wraparound", 1)
        elog.log(body)


def _connect(session, database_oid: int) -> bool:
    """Become a session of the database (InitPostgres for a worker); False if it is gone."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.storage.ipc import backend_status, proc_array
    from pgsnake.catalog import database_validity, definitions, relation_locks
    from pgsnake.storage.lmgr import lock_modes
    # As a backend's start: a writer's lock on the database (a DROP DATABASE holding
    # its lock makes us wait), ourselves in the proc array, then the row.
    session.start_transaction()
    try:
        relation_locks.lock_shared_object(definitions.PG_DATABASE_OID, database_oid,
                                          lock_modes.ROW_EXCLUSIVE)
        proc_array.set_identity(session.proc_slot, database_oid, BOOTSTRAP_SUPERUSER)
        rows = [r for r in cc.scan_catalog("pg_database") if r.oid == database_oid]
    finally:
        session.finish_transaction()
    if not rows or not rows[0].datallowconn or database_validity.is_invalid(rows[0]):
        return False
    process_state.user_oid = BOOTSTRAP_SUPERUSER
    process_state.is_superuser = True
    process_state.database_oid = database_oid
    process_state.database_name = rows[0].datname
    session.set_identity("", rows[0].datname, "")
    backend_status.report_session_start("", "", 0)
    process_title.set_title(f"autovacuum worker {rows[0].datname}")
    return True


def worker_main() -> int:
    """A worker's life (rule 2); returns its exit code."""
    from pgsnake.storage.ipc import backend_status, proc_array
    from pgsnake.tcop.session import Session
    from pgsnake.utils import interrupts
    from pgsnake.utils.activity import pgstat
    from pgsnake.utils.errors import FatalError, PgError
    interrupts.install_backend_handlers()
    process_title.set_title("autovacuum worker")
    database_oid = _region.atomics.exchange_u32(_region.offset + _STARTING_DB, 0)
    if not database_oid:
        return 0
    session = Session(None)
    try:
        session.proc_slot = proc_array.claim_slot(process_state.pid, "autovacuum worker",
                                                  among=worker_slots())
    except FatalError:
        return 0            # every worker slot taken: the launcher asks again later
    process_state.proc_number = session.proc_slot
    backend_status.clear(session.proc_slot)
    try:
        if not _connect(session, database_oid):
            return 0
        session.start_transaction()
        tables = _tables_to_process()
        session.finish_transaction()
        for oid, schema, name, vacuum, analyze, wraparound in tables:
            interrupts.check_for_interrupts()
            _process_table(session, oid, schema, name, vacuum, analyze, wraparound)
        autovacuum_work_items.perform(session)     # BRIN autosummarize requests
        pgstat.flush()
        return 0
    except FatalError as e:
        if e.sqlstate == "57P01":
            e.message = "terminating autovacuum process due to administrator command"
        elog.log_error(e)
        session.abort_after_error(quiet=True)
        return 1
    except PgError as e:
        # An ERROR outside one table's processing (its database dropped under it, a
        # catalog read failing): logged, and the worker ends as after FATAL, as
        # AutoVacWorkerMain's error handler does; it never takes the cluster down.
        elog.log_error(e)
        session.abort_after_error(quiet=True)
        return 1
    finally:
        session.release_proc_slot()


def request_worker_start() -> bool:
    """In the postmaster, on SIGUSR1: did the launcher ask for a worker?"""
    return pmsignal.check_and_clear(pmsignal.START_AUTOVAC_WORKER)


def forget_request() -> None:
    """The postmaster could not start the worker: let the launcher ask again later."""
    if _region is not None:
        _region.atomics.store_u32(_region.offset + _STARTING_DB, 0)

