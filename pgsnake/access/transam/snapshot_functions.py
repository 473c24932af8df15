"""SQL functions that show the current transaction's id and snapshot:
pg_current_xact_id(), pg_current_xact_id_if_assigned(), pg_current_snapshot() and their
older txid_* names (int8 / txid_snapshot results); age(xid) and mxid_age(xid), how many
transactions (multixacts) ago an id was made, which monitoring queries ask of
pg_class.relfrozenxid / relminmxid and pg_database.datfrozenxid.

pgsnake has no xid epochs yet, so a 64-bit (full) transaction id is the 32-bit xid.
pg_current_snapshot() is the snapshot a statement would read with now: xmin, xmax and
the other transactions then in progress (the caller's own xid is never among them).

Entry point: register_sql_functions() (called by catalog/sql_functions.py).

PostgreSQL: utils/adt/xid8funcs.c (pg_current_xact_id, pg_current_snapshot),
utils/adt/xid.c (xid_age, mxid_age), access/transam/varsup.c
(GetStableLatestTransactionId).
"""
from __future__ import annotations

from pgsnake.access.transam import multixact, transaction_ids, xact
from pgsnake.datatypes import functions, snapshot_types

INT4, INT8, XID, XID8, TXID_SNAPSHOT, PG_SNAPSHOT = 23, 20, 28, 5069, 2970, 5038
INT4_MAX = 2**31 - 1
FIRST_NORMAL_XID = 3


def current_xact_id() -> int:
    xact.get_current_xid()                  # assigns one, as PostgreSQL does
    return xact.get_top_xid_if_any()


def current_xact_id_if_assigned():
    return xact.get_top_xid_if_any() or None


def current_snapshot() -> tuple:
    snapshot = xact.get_transaction_snapshot()
    return snapshot_types.snapshot_from_parts(snapshot.xmin, snapshot.xmax, snapshot.xip)


def _as_int4(difference: int) -> int:
    """The 32-bit modular difference, read as a signed int4 (as PostgreSQL's cast)."""
    difference &= 0xFFFFFFFF
    return difference - 2**32 if difference >= 2**31 else difference


def xid_age(xid: int) -> int:
    """age(xid): from the transaction's own xid if it has one, else from the next xid
    to be assigned; a special (frozen, bootstrap) xid is infinitely old."""
    if xid < FIRST_NORMAL_XID:
        return INT4_MAX
    now = xact.get_top_xid_if_any() or transaction_ids.read_next_xid()
    return _as_int4(now - xid)


def mxid_age(multi: int) -> int:
    """mxid_age(xid): how many multixacts were made since `multi` (0 is invalid)."""
    if not multi:
        return INT4_MAX
    return _as_int4(multixact.next_ids()[0] - multi)


def xid_of_xid8(value: int) -> int:
    """xid(xid8): the transaction id without its epoch."""
    return value & 0xFFFFFFFF


def register_sql_functions() -> None:
    functions.register("age", [XID], INT4, xid_age, oid=1181, volatility="s")
    functions.register("mxid_age", [XID], INT4, mxid_age, oid=3939, volatility="s")
    # xid(xid8), also the explicit cast xid8::xid (datatypes/casts.py): the low 32 bits
    functions.register("xid", [XID8], XID, xid_of_xid8, oid=5071)
    for oid, name, result, fn in (
            (5059, "pg_current_xact_id", XID8, current_xact_id),
            (2943, "txid_current", INT8, current_xact_id),
            (5060, "pg_current_xact_id_if_assigned", XID8, current_xact_id_if_assigned),
            (3348, "txid_current_if_assigned", INT8, current_xact_id_if_assigned),
            (5061, "pg_current_snapshot", PG_SNAPSHOT, current_snapshot),
            (2944, "txid_current_snapshot", TXID_SNAPSHOT, current_snapshot)):
        functions.register(name, [], result, fn, oid=oid, volatility="s")
