"""SQL functions that show the current transaction's id and snapshot:
pg_current_xact_id(), pg_current_xact_id_if_assigned(), pg_current_snapshot() and their
older txid_* names (int8 / txid_snapshot results).

pgsnake has no xid epochs yet, so a 64-bit (full) transaction id is the 32-bit xid.
pg_current_snapshot() is the snapshot a statement would read with now: xmin, xmax and
the other transactions then in progress (the caller's own xid is never among them).

Entry point: register_sql_functions() (called by catalog/sql_functions.py).

PostgreSQL: utils/adt/xid8funcs.c (pg_current_xact_id, pg_current_snapshot).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.datatypes import functions, snapshot_types

INT8, XID8, TXID_SNAPSHOT, PG_SNAPSHOT = 20, 5069, 2970, 5038


def current_xact_id() -> int:
    xact.get_current_xid()                  # assigns one, as PostgreSQL does
    return xact.get_top_xid_if_any()


def current_xact_id_if_assigned():
    return xact.get_top_xid_if_any() or None


def current_snapshot() -> tuple:
    snapshot = xact.get_transaction_snapshot()
    return snapshot_types.snapshot_from_parts(snapshot.xmin, snapshot.xmax, snapshot.xip)


def register_sql_functions() -> None:
    for oid, name, result, fn in (
            (5059, "pg_current_xact_id", XID8, current_xact_id),
            (2943, "txid_current", INT8, current_xact_id),
            (5060, "pg_current_xact_id_if_assigned", XID8, current_xact_id_if_assigned),
            (3348, "txid_current_if_assigned", INT8, current_xact_id_if_assigned),
            (5061, "pg_current_snapshot", PG_SNAPSHOT, current_snapshot),
            (2944, "txid_current_snapshot", TXID_SNAPSHOT, current_snapshot)):
        functions.register(name, [], result, fn, oid=oid, volatility="s")
