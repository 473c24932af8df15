"""Assigning transaction ids and OIDs, and asking whether an xid is still running.

Entry points:
    get_new_xid(is_subxact=False, parent_xid=0)
                           next xid, published in this process's proc-array slot (as
                           its xid, or in its subxid cache for a subtransaction, whose
                           parent goes to pg_subtrans first)
    get_new_oid()          next OID (from 16384), WAL-logged ahead in batches of 8192
    read_next_xid()        the shared next-xid counter (a snapshot's xmax)
    xid_is_running(xid)    is some process's slot still holding it
    wait_for_xid(xid)      sleep until it has committed or aborted (on its xid lock)

xids: FirstNormalTransactionId = 3 (1 = bootstrap, 2 = frozen). They are not WAL-logged
one by one: recovery advances next_xid past every xid it sees in a record, and the
checkpoint record carries the counter.

OIDs: like PostgreSQL, a NEXTOID record (rmgr XLOG) is written saying "OIDs up to N may be
in use" each time a batch of 8192 is started, so after a crash recovery never hands out an
OID that was already used, without logging each OID.

Every new xid first gets its pg_xact and pg_subtrans pages zeroed if it is the first xid
on them (ExtendCLOG, ExtendSUBTRANS), under XidGenLock, so no xid is ever handed out on
a page that could still hold bits from before a crash.

PostgreSQL: access/transam/varsup.c (GetNewTransactionId, GetNewObjectId),
access/transam/xlog.c (XLogPutNextOid), storage/lmgr/lmgr.c (XactLockTableWait).
"""
from __future__ import annotations

from pgsnake.access.transam import commit_log, commit_timestamps, subtrans
from pgsnake.access.transam.wal import wal
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.access.transam.wal import xlog_records
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lock as heavyweight_locks
from pgsnake.storage.lmgr import lock_modes, lock_tag, lwlock
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts
from pgsnake.utils import process_state

BOOTSTRAP_XID = 1
FROZEN_XID = 2
FIRST_NORMAL_XID = 3
FIRST_NORMAL_OBJECT_ID = 16384
OID_PREFETCH = 8192              # VAR_OID_PREFETCH
MAX_OID = 0xFFFFFFFF


def read_next_xid() -> int:
    return xc.load("next_xid")


def get_new_xid(is_subxact: bool = False, parent_xid: int = 0) -> int:
    """Assign the next xid and publish it in our proc-array slot before anyone can see
    next_xid move past it (proc_array.py invariants 1 and 4). A subtransaction's xid has
    its parent (`parent_xid`, the enclosing level's xid) stored in pg_subtrans first, then
    goes into the slot's subxid cache, or marks the slot overflowed when the cache is full
    (proc_array.py invariant 5, subtrans.py invariant 1)."""
    if is_subxact and not parent_xid:
        raise PgError("XX000", "a subtransaction xid needs its parent's xid")
    lock = lwlock.named("XidGenLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        xid = xc.load("next_xid")
        if xid < FIRST_NORMAL_XID:
            xid = FIRST_NORMAL_XID
        commit_log.extend(xid)
        commit_timestamps.extend(xid)
        subtrans.extend(xid)
        if is_subxact:
            subtrans.set_parent(xid, parent_xid)
        if process_state.proc_number >= 0:
            if is_subxact:
                proc_array.add_subxid(process_state.proc_number, xid)
            else:
                proc_array.set_xid(process_state.proc_number, xid)
        xc.store("next_xid", xid + 1)
    finally:
        lock.release()
    return xid


def get_new_oid() -> int:
    lock = lwlock.named("OidGenLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        oid = xc.load("next_oid")
        count = xc.load("oid_count")
        if oid < FIRST_NORMAL_OBJECT_ID or oid > MAX_OID:
            # Start, or wraparound: never hand out OIDs in the hand-assigned range.
            oid = FIRST_NORMAL_OBJECT_ID
            count = 0
        if count == 0:
            wal.insert_record(wal.RmgrId.XLOG, xlog_records.XLOG_NEXTOID,
                              xlog_records.pack_next_oid(min(oid + OID_PREFETCH, MAX_OID)))
            count = OID_PREFETCH
        xc.store("next_oid", oid + 1)
        xc.store("oid_count", count - 1)
    finally:
        lock.release()
    return oid


def logged_next_oid() -> int:
    """next_oid plus the prefetched batch: the value a checkpoint must record."""
    lock = lwlock.named("OidGenLock")
    with lock.shared():
        return xc.load("next_oid") + xc.load("oid_count")


def xid_is_running(xid: int) -> bool:
    return proc_array.xid_is_running(xid)


def wait_for_xid(xid: int, context: str | None = None, *, dont_wait: bool = False) -> bool:
    """Wait until `xid` has committed or aborted (XactLockTableWait): every transaction
    holds ExclusiveLock on its own xid until it ends, so asking for ShareLock on it
    sleeps exactly that long, with deadlock detection and lock_timeout. `context` ("while
    updating tuple (0,1) in relation \"t\"") is added to any error raised meanwhile.
    With `dont_wait`, returns False at once instead of waiting (ConditionalXactLockTableWait).

    A subtransaction's xid lock is handed to its parent when it is released, so once we
    get it the xid is over; should it still show as running (its parent's lock is what
    we must wait for), we wait for the parent."""
    try:
        while True:
            tag = lock_tag.transaction(xid)
            if not heavyweight_locks.acquire(tag, lock_modes.SHARE, dont_wait=dont_wait):
                return False
            heavyweight_locks.release(tag, lock_modes.SHARE)
            if not proc_array.xid_is_running(xid):
                return True
            parent = subtrans.parent_of(xid)
            if not parent:
                check_for_interrupts()
                return True
            xid = parent
    except PgError as e:
        if context is not None and e.context is None:
            e.context = context
        raise
