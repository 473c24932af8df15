"""MVCC snapshots: which transactions count as finished for a reader.

A snapshot (xmin, xmax, xip) says: every xid < xmin had finished when it was taken; every
xid >= xmax had not started; between them, exactly the xids in `xip` were still running.
`curxid`/`curcid` identify the taker's own transaction and command, whose changes follow
the command-id rule rather than the snapshot (own xid is never in `xip`, as in PostgreSQL). `curxids` holds the taker's
other current xids at snapshot time: the subtransaction xids that have not been rolled
back (TransactionIdIsCurrentTransactionId); `is_current_xid` asks both.

`suboverflowed`: some other transaction running at snapshot time had more live
subtransactions than its proc-array slot can list (proc_array.py invariant 5), so `xip`
holds every running top-level xid but not every running subxid. `xid_in_snapshot` then
maps an xid to its topmost parent through pg_subtrans before looking in `xip`; only xids
in [xmin, xmax) are mapped, and pg_subtrans keeps those (subtrans.py invariant 3).

Entry points: `Snapshot`, `xid_in_snapshot(xid, snapshot)`, `is_current_xid(xid, snapshot)`.

PostgreSQL: include/utils/snapshot.h (SnapshotData), utils/time/snapmgr.c
(XidInMVCCSnapshot).
"""
from __future__ import annotations

import dataclasses

from pgsnake.access.transam import subtrans


@dataclasses.dataclass(frozen=True, slots=True)
class Snapshot:
    xmin: int
    xmax: int
    xip: frozenset
    curxid: int = 0
    curcid: int = 0
    curxids: frozenset = frozenset()
    suboverflowed: bool = False


def is_current_xid(xid: int, snapshot) -> bool:
    """Was `xid` the taker's own (top or live subtransaction) xid when it was taken?"""
    if not xid:
        return False
    return xid == snapshot.curxid or xid in getattr(snapshot, "curxids", ())


def xid_in_snapshot(xid: int, snapshot) -> bool:
    """True if `xid` must be treated as still in progress by this snapshot (its effects
    are invisible even if it has committed since)."""
    if xid < snapshot.xmin:
        return False
    if xid >= snapshot.xmax:
        return True
    if xid in snapshot.xip:
        return True
    if getattr(snapshot, "suboverflowed", False):
        # xip lacks some running subxids: ask whether xid's top-level transaction was
        # running. A top below xmin had finished (the walk stops there).
        top = subtrans.topmost(xid, snapshot.xmin)
        return top != xid and top >= snapshot.xmin and top in snapshot.xip
    return False
