"""Catalog caches built before fork: a new backend's first query reads no catalog.

A backend's first statement on a table fills catalog_cache.py's per-database caches by
decoding pg_class, pg_attribute, pg_type, pg_namespace, pg_index and the B-tree operator
catalogs in full: most of a short-lived connection's time (pgbench -C, pool-less
applications). PostgreSQL keeps such a cache on disk (the relcache init file,
pg_internal.init) and every new backend reads it. pgsnake keeps it in the postmaster's
memory instead, where a fork hands it to every child for nothing:

 1. the catalog warmer (postmaster/catalog_warmer.py), a short-lived child of the
    postmaster, reads the ring position P of the invalidation queue
    (invalidation.shared_counter), and only then reads the rows of WARM_CATALOGS of
    each database it warms (`read_database_rows`), as plain tuples: those without
    caches yet, or whose caches are more than REFRESH_AFTER_MESSAGES behind
    (`needs_reading`); the postmaster keeps the others;
 2. the postmaster builds the caches from those rows (`build`: the same loaders a
    backend runs, fed with the rows instead of scans) and keeps them with P and the
    shared-memory generation they belong to (each database's with its own P); it never
    reads shared memory for that;
 3. a backend, once it knows its database (tcop/backend_main.py), takes that
    database's caches (`install`) and catches up from P: it applies every invalidation
    message written since, exactly as it would apply messages written while it ran
    (invalidation.accept_from). Too many messages since (the ring lapped) drop every
    cache, and the backend reads the catalogs itself as before. A backend whose
    database has no caches, or whose caches are more than STALE_AFTER_MESSAGES behind,
    asks the postmaster for a new warmer (pmsignal WARM_CATALOG_CACHES).

The invariant: a warm cache never hands a backend a catalog row that is stale. A row
changed by a transaction T after the warmer read it has its invalidation message at a
ring position >= P: T wrote its messages after leaving the proc array (xact's 'commit'
callbacks run after clear_xid, as PostgreSQL's AtEOXact_Inval after
ProcArrayEndTransaction); if T had written them before P was read, T was out of the
proc array before every snapshot the warmer took, so the warmer read T's rows. Messages
before P that the backend applies anyway only drop fresh entries (re-read once). A
crash-restart re-creates the ring (positions start at 0 again), so the postmaster drops
the caches at once (`forget`) and a new warmer runs after recovery; `install` also
refuses caches of another shared-memory generation. Shared catalogs (pg_authid,
pg_database) are never warm: a backend reads them itself, after fork, before it has
chosen a database; so are the per-session and rarely used caches (defaults,
constraints, pg_depend, sequences).

Entry points:
    read_database_rows()             the warmer, connected to a database
    needs_reading(database_oid, counter)   the warmer: which databases to read
    build(position, generation, rows_by_database, keep)   the postmaster
    forget()                         the postmaster, at a crash-restart
    install(database_oid) -> bool    a backend, after choosing its database
    warm_databases(), position(database_oid)   what the postmaster holds

PostgreSQL: utils/cache/relcache.c (RelationCacheInitFilePhase2/3, load_relcache_init_file,
write_relcache_init_file, RelationCacheInitFilePreInvalidate), storage/ipc/sinvaladt.c.
"""
from __future__ import annotations

import pickle

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.catalog import invalidation
from pgsnake.utils import process_state

# What a backend's first statements load in full (catalog_cache's per-database caches).
WARM_CATALOGS = ("pg_namespace", "pg_class", "pg_attribute", "pg_type", "pg_index",
                 *cc.OPERATOR_CLASS_CATALOGS)

# catalog_cache globals a warm state sets; every other per-database cache starts empty.
_STATE_NAMES = ("_namespaces", "_namespace_names", "_classes", "_class_names", "_attributes",
                "_types", "_type_names", "_indexes", "_heap_indexes", "_operator_classes")

# A backend that must replay more messages than this asks for newer caches; a warmer
# reads again a database whose caches are more than REFRESH_AFTER_MESSAGES behind (the
# others it leaves as they are: the postmaster keeps them).
STALE_AFTER_MESSAGES = 1024
REFRESH_AFTER_MESSAGES = 256

# Other caches of the catalog package that every backend fills at its first statements
# (user functions, user operators): name -> (read, build, install). read() runs in the
# warmer, in a database, and returns plain (picklable) data; build(data) runs in the
# postmaster and returns the state; install(state) runs in the backend. Each cache must
# be dropped by invalidation messages (invalidation.add_cache_reset or a handler), which
# is what makes the catch-up of `install` enough.
_extra_caches: dict[str, tuple] = {}


def register(name: str, read, build, install) -> None:
    _extra_caches[name] = (read, build, install)


# In the postmaster (and so in every child): database oid -> state (with the ring
# position its rows were current at), and the shared-memory generation they belong to.
_states: dict[int, dict] = {}
_generation = -1


def read_database_rows() -> dict[str, list[tuple]]:
    """The warmer: the visible rows of WARM_CATALOGS in the database this process is in
    (process_state.database_oid), as tuples of plain values (picklable)."""
    rows = {}
    for name in WARM_CATALOGS:
        found = cc.scan_attributes_at_load() if name == "pg_attribute" else cc.scan_catalog(name)
        rows[name] = [tuple(r) for r in found]
    rows["extra"] = {}
    for name, (read, _build, _install) in _extra_caches.items():
        data = read()
        try:
            pickle.dumps(data)
        except Exception as e:          # not plain data: that cache is left cold
            from pgsnake.utils import elog
            elog.log(f"catalog warmer: cache {name!r} skipped: {type(e).__name__}: {e}", "LOG")
            continue
        rows["extra"][name] = data
    return rows


def needs_reading(database_oid: int, counter: int) -> bool:
    """The warmer: must it read this database (no caches yet, or too far behind)?"""
    from pgsnake.storage.ipc import shared_memory
    state = _states.get(database_oid)
    return (state is None or _generation != shared_memory.generation
            or counter - state["position"] > REFRESH_AFTER_MESSAGES)


def build(position: int, generation: int, rows_by_database: dict[int, dict],
          keep: list[int]) -> None:
    """The postmaster: make the caches of each database from the warmer's rows (current
    at ring position `position`); of the databases in `keep` it did not read, the caches
    held so far stay. Every other database's caches go. The process's own caches are
    left empty."""
    global _states, _generation
    states = {}
    if generation == _generation:
        states = {oid: _states[oid] for oid in keep
                  if oid in _states and oid not in rows_by_database}
    saved_database = process_state.database_oid
    try:
        for database_oid, rows in rows_by_database.items():
            process_state.database_oid = database_oid
            cc.reset_caches()
            typed = {name: [d.row_class(name)(*values) for values in rows[name]]
                     for name in WARM_CATALOGS}
            cc._load_namespaces(typed["pg_namespace"])
            cc._load_classes(typed["pg_class"])
            cc._load_attributes(typed["pg_attribute"])
            cc._load_types(typed["pg_type"])
            cc._load_indexes(typed["pg_index"])
            cc._load_operator_classes({name: typed[name] for name in cc.OPERATOR_CLASS_CATALOGS})
            states[database_oid] = {name: getattr(cc, name) for name in _STATE_NAMES}
            states[database_oid]["position"] = position
            states[database_oid]["extra"] = {
                name: _extra_caches[name][1](data)
                for name, data in rows.get("extra", {}).items() if name in _extra_caches}
    finally:
        process_state.database_oid = saved_database
        cc.reset_caches()
        cc._cache_database = saved_database
    _states, _generation = states, generation


def forget() -> None:
    """The postmaster, when the ring is re-created (crash-restart): positions no longer
    mean anything."""
    global _states, _generation
    _states = {}
    _generation = -1


def warm_databases() -> list[int]:
    return sorted(_states)


def position(database_oid: int) -> int | None:
    """The ring position the database's caches are current at (None: it has none)."""
    state = _states.get(database_oid)
    return None if state is None else state["position"]


def install(database_oid: int, is_template: bool = False) -> bool:
    """A backend that has chosen its database: take the warm caches of that database
    and catch up with the invalidation ring from where the warmer read (see the
    module's invariant). False (nothing changed) when there are none; then the
    postmaster is asked for a warmer, unless the database is a template (the warmer
    leaves those out)."""
    from pgsnake.storage.ipc import pmsignal, shared_memory
    state = _states.get(database_oid)
    if state is None or _generation != shared_memory.generation:
        if not is_template:
            pmsignal.send_signal(pmsignal.WARM_CATALOG_CACHES)
        return False
    if (invalidation.shared_counter() or 0) - state["position"] > STALE_AFTER_MESSAGES:
        pmsignal.send_signal(pmsignal.WARM_CATALOG_CACHES)     # still used: replayed
    databases, roles = cc._databases, cc._roles      # shared catalogs: kept
    cc.reset_caches()
    cc._databases, cc._roles = databases, roles
    for name in _STATE_NAMES:
        setattr(cc, name, state[name])
    for name, extra in state["extra"].items():
        _extra_caches[name][2](extra)
    cc._cache_database = database_oid
    invalidation.accept_from(state["position"])
    return True
