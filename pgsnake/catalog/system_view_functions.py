"""The built-in functions that system views read and pgsnake does not implement, registered
so that the views analyse (their pg_get_viewdef prints, \\d describes them) while a call
that would need the missing machinery fails naming the function, never answering wrongly.

Two kinds, each registered from its PostgreSQL 15 pg_proc row (generated/pg_proc_rows.py:
name, argument types, result type or OUT columns, strictness, volatility):
  - EMPTY: set-returning functions over things pgsnake cannot have (WAL senders,
    replication slots, logical-replication workers, replication origins): no rows is the
    true answer;
  - UNSUPPORTED: everything else; a call is 0A000 "function f(...) is not supported by
    pgsnake", the message the analyser gives for a built-in it does not know
    (parser/unsupported_builtins.py).

Entry point: register_all() (catalog/sql_functions.py).

PostgreSQL: the functions named below (utils/adt/*.c, replication/*.c, ...).
"""
from __future__ import annotations

from pgsnake.catalog.generated import pg_proc_rows
from pgsnake.datatypes import functions, registry
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

RECORD = 2249
EMPTY = (
    3099,   # pg_stat_get_wal_senders: no streaming replication
    3781,   # pg_get_replication_slots: no replication slots
    6118,   # pg_stat_get_subscription: no logical-replication workers
    6014,   # pg_show_replication_origin_status: no replication origins
)
UNSUPPORTED = (
    6169,   # pg_stat_get_replication_slot
    6231,   # pg_stat_get_subscription_stats
    6119,   # pg_get_publication_tables
    676,    # pg_indexam_progress_phasename (pg_stat_progress_create_index)
)


def _proc(oid: int) -> dict:
    for row in pg_proc_rows.ROWS:
        if row[0] == oid:
            return dict(zip(pg_proc_rows.COLUMNS, row))
    raise KeyError(oid)


def _out_columns(proc: dict) -> tuple:
    if not proc["proallargtypes"]:
        return ()
    return tuple((name, typid) for name, typid, mode in zip(
        proc["proargnames"], proc["proallargtypes"], proc["proargmodes"]) if mode in "ot")


def register_from_proc(oid: int, body) -> None:
    """Register `body` as built-in function `oid` with its PostgreSQL 15 pg_proc facts
    (also used by the modules that implement the functions the system views read)."""
    proc = _proc(oid)
    functions.register(
        proc["proname"], list(proc["proargtypes"]), proc["prorettype"], body, oid=oid,
        strict=proc["proisstrict"], volatility=proc["provolatile"],
        returns_set=proc["proretset"], out_columns=_out_columns(proc),
        rows=proc["prorows"] or 1000.0)


def _unsupported(oid: int):
    proc = _proc(oid)

    def call(*_args):
        described = ", ".join(registry.format_type(t) for t in proc["proargtypes"])
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"function {proc['proname']}({described}) is not supported by pgsnake",
                      detail="PostgreSQL 15 has this built-in function; pgsnake does not "
                             "implement it yet.")
    return call


def _implemented() -> dict:
    """The functions other modules of lower layers implement: OID -> body."""
    from pgsnake.datatypes import timezone_views, ts_functions, xml_export, xml_schema_export
    from pgsnake.storage.ipc import shmem_allocations
    from pgsnake.utils import config_file_views, memory_contexts
    return {
        2856: timezone_views.timezone_names,         # pg_timezone_names
        2599: timezone_views.timezone_abbrevs,       # pg_timezone_abbrevs
        3400: config_file_views.config,              # pg_config
        3329: config_file_views.file_settings,       # pg_show_all_file_settings
        3401: config_file_views.hba_file_rules,      # pg_hba_file_rules
        6250: config_file_views.ident_file_mappings,  # pg_ident_file_mappings
        5052: shmem_allocations.allocations,         # pg_get_shmem_allocations
        2282: memory_contexts.backend_memory_contexts,  # pg_get_backend_memory_contexts
        3317: lambda: None,                          # pg_stat_get_wal_receiver: none runs
        6248: _recovery_prefetch,                    # pg_stat_get_recovery_prefetch
        3689: ts_functions.ts_stat,                  # ts_stat(query)
        3690: ts_functions.ts_stat,                  # ts_stat(query, weights)
        2923: xml_export.table_to_xml,
        2924: xml_export.query_to_xml,
        2925: xml_export.cursor_to_xml,
        2933: xml_export.schema_to_xml,
        2936: xml_export.database_to_xml,
        2897: xml_export.xmlvalidate,
        2926: xml_schema_export.table_to_xmlschema,
        2927: xml_schema_export.query_to_xmlschema,
        2928: xml_schema_export.cursor_to_xmlschema,
        2929: xml_schema_export.table_to_xml_and_xmlschema,
        2930: xml_schema_export.query_to_xml_and_xmlschema,
        2934: xml_schema_export.schema_to_xmlschema,
        2935: xml_schema_export.schema_to_xml_and_xmlschema,
        2937: xml_schema_export.database_to_xmlschema,
        2938: xml_schema_export.database_to_xml_and_xmlschema,
    }


def _recovery_prefetch():
    """pg_stat_recovery_prefetch's one row: pgsnake's recovery never prefetches, so every
    counter is 0; stats_reset is when the server started (the shared counters' creation)."""
    import datetime as dt
    import os
    from pgsnake.utils import process_state
    try:
        with open(os.path.join(process_state.data_directory, "postmaster.pid")) as f:
            started = dt.datetime.fromtimestamp(float(f.read().split("\n")[2]),
                                                dt.timezone.utc)
    except (OSError, IndexError, ValueError):
        started = None
    yield (started, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def register_all() -> None:
    for oid, body in _implemented().items():
        register_from_proc(oid, body)
    for oid in EMPTY:
        register_from_proc(oid, lambda *_args: [])
    for oid in UNSUPPORTED:
        register_from_proc(oid, _unsupported(oid))
