"""pg_stat_get_activity: one row per server process, from the proc array (who: pid,
database, role, transaction ids, kind) and the backend status entries (what: state,
query, times, application_name, client), for the pg_stat_activity view.

A client backend's state, query and times are shown to superusers and to sessions of
the same role; for anyone else those columns are NULL and the query reads
"<insufficient privilege>", as in PostgreSQL. Auxiliary processes (checkpointer,
background writer, walwriter, autovacuum launcher) have a row with their backend_type
and no state; the catalog warmer (postmaster/catalog_warmer.py) has none. pgsnake has no wait-event reporting yet: wait_event_type / wait_event are
NULL; nor SSL or GSSAPI (false / NULL). A parallel worker (backend_type "parallel
worker") shows its leader's pid in leader_pid (storage/ipc/bgworker_slots.py) and its
leader's statement.

pg_stat_get_backend_idset() and pg_stat_get_backend_pid / dbid / userid / activity /
wait_event(_type) / activity_start / xact_start / start / client_addr / client_port
(backend id) number the same rows 1, 2, ... and answer one column each, with the same
visibility rules ("<backend information not available>" as the activity and wait event
of a number with no backend). PostgreSQL numbers a snapshot taken once per transaction; pgsnake reads
the proc array at each call, so a backend starting or ending between two calls in one
transaction can renumber the others.

Entry point: register_all() (catalog/sql_functions.py calls it).

PostgreSQL: utils/adt/pgstatfuncs.c (pg_stat_get_activity, pg_stat_get_backend_idset,
pg_stat_get_backend_*), catalog/system_views.sql (pg_stat_activity).
"""
from __future__ import annotations

import datetime as dt

from pgsnake.storage.ipc import backend_status, bgworker_slots, proc_array
from pgsnake.utils import process_state

OID, INT4, INT8, TEXT, BOOL, XID, INET, TZ, NUMERIC, RECORD = (
    26, 23, 20, 25, 16, 28, 869, 1184, 1700, 2249)

ACTIVITY_COLUMNS = (
    ("datid", OID), ("pid", INT4), ("usesysid", OID), ("application_name", TEXT),
    ("state", TEXT), ("query", TEXT), ("wait_event_type", TEXT), ("wait_event", TEXT),
    ("xact_start", TZ), ("query_start", TZ), ("backend_start", TZ), ("state_change", TZ),
    ("client_addr", INET), ("client_hostname", TEXT), ("client_port", INT4),
    ("backend_xid", XID), ("backend_xmin", XID), ("backend_type", TEXT), ("ssl", BOOL),
    ("sslversion", TEXT), ("sslcipher", TEXT), ("sslbits", INT4), ("ssl_client_dn", TEXT),
    ("ssl_client_serial", NUMERIC), ("ssl_issuer_dn", TEXT), ("gss_auth", BOOL),
    ("gss_princ", TEXT), ("gss_enc", BOOL), ("leader_pid", INT4), ("query_id", INT8))


def _time(epoch: float | None):
    return None if not epoch else dt.datetime.fromtimestamp(epoch, dt.timezone.utc)


def inet_value(text: str):
    """An address as an inet value; NULL for none (a Unix-domain socket)."""
    if not text:
        return None
    from pgsnake.datatypes import registry
    return registry.get_type(INET).input(text)


def _row(slot) -> tuple:
    is_client = slot.kind in ("client backend", "autovacuum worker", "parallel worker")
    entry = backend_status.read(slot.number) if is_client else None
    visible = process_state.is_superuser or slot.user_oid == process_state.user_oid
    backend_start = _time(slot.backend_start) if slot.backend_start else None
    common = dict(pid=slot.pid, backend_type=slot.kind, backend_start=backend_start,
                  backend_xid=slot.xid or None, backend_xmin=slot.xmin or None,
                  ssl=False, gss_auth=False, gss_enc=False)
    if is_client:
        common.update(datid=slot.database_oid or None, usesysid=slot.user_oid or None)
    if slot.kind == "parallel worker":
        common.update(leader_pid=bgworker_slots.leader_of(slot.pid))
    if entry is not None:
        common.update(application_name=entry.application_name,
                      backend_start=_time(entry.backend_start) or backend_start)
        if visible:
            common.update(state=entry.state, query=entry.query,
                          xact_start=_time(entry.xact_start),
                          query_start=_time(entry.query_start),
                          state_change=_time(entry.state_change),
                          client_addr=inet_value(entry.client_addr),
                          client_port=entry.client_port)
        else:
            common.update(query="<insufficient privilege>")
    return tuple(common.get(name) for name, _type in ACTIVITY_COLUMNS)


def pg_stat_get_activity(pid: int | None):
    for slot in proc_array.slots():
        if slot.kind in ("bootstrap", "prepared", "catalog warmer"):
            continue          # the catalog warmer: a pgsnake process PostgreSQL does not have
        if pid is not None and slot.pid != pid:
            continue
        yield _row(slot)


# pg_stat_get_backend_*(backend id): the backends numbered 1, 2, ... in the order
# pg_stat_get_activity lists them (PostgreSQL numbers the entries of its local snapshot of
# the status array so); each function answers one column of that backend's row.
_BY_BACKEND_ID = (
    ("pg_stat_get_backend_pid", 1937, "pid", INT4),
    ("pg_stat_get_backend_dbid", 1938, "datid", OID),
    ("pg_stat_get_backend_userid", 1939, "usesysid", OID),
    ("pg_stat_get_backend_activity", 1940, "query", TEXT),
    ("pg_stat_get_backend_wait_event_type", 2788, "wait_event_type", TEXT),
    ("pg_stat_get_backend_wait_event", 2853, "wait_event", TEXT),
    ("pg_stat_get_backend_activity_start", 2094, "query_start", TZ),
    ("pg_stat_get_backend_xact_start", 2857, "xact_start", TZ),
    ("pg_stat_get_backend_start", 1391, "backend_start", TZ),
    ("pg_stat_get_backend_client_addr", 1392, "client_addr", INET),
    ("pg_stat_get_backend_client_port", 1393, "client_port", INT4),
)
_COLUMN_INDEX = {name: i for i, (name, _type) in enumerate(ACTIVITY_COLUMNS)}
_TEXT_COLUMNS = ("query", "wait_event_type", "wait_event")


def backend_idset():
    """pg_stat_get_backend_idset(): 1 .. the number of backends with a status entry."""
    yield from range(1, sum(1 for _ in pg_stat_get_activity(None)) + 1)


def _backend_column(column: str):
    index = _COLUMN_INDEX[column]

    def value(backend_id: int):
        if backend_id < 1:
            row = None
        else:
            row = next((r for i, r in enumerate(pg_stat_get_activity(None), start=1)
                        if i == backend_id), None)
        if row is None:
            return "<backend information not available>" if column in _TEXT_COLUMNS else None
        return row[index]
    return value


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_stat_get_backend_idset", [], INT4, backend_idset, oid=1936,
                       volatility="s", returns_set=True, rows=100)
    for name, oid, column, result in _BY_BACKEND_ID:
        functions.register(name, [INT4], result, _backend_column(column), oid=oid,
                           volatility="s")
    functions.register("pg_stat_get_activity", [INT4], RECORD, pg_stat_get_activity, oid=2022,
                       strict=False, volatility="s", returns_set=True,
                       out_columns=ACTIVITY_COLUMNS, rows=100)
