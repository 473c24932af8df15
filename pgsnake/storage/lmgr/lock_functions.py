"""SQL functions over the lock manager: pg_lock_status (the pg_locks view), who blocks
whom, and advisory locks.

    pg_lock_status()                          one row per held or awaited lock mode,
                                              then one per SIREAD lock
    pg_blocking_pids(pid) -> int[]            the pids `pid` waits for
    pg_safe_snapshot_blocking_pids(pid) -> int[]
                                              the pids a READ ONLY DEFERRABLE `pid`
                                              waits for to get a safe snapshot
    pg_isolation_test_session_is_blocked(pid, pids[]) -> bool
                                              is `pid` waiting for one of `pids`, or for
                                              a safe snapshot (PostgreSQL's isolation
                                              tester asks this)
    pg_advisory_lock / _shared / _xact_ / pg_try_ / pg_advisory_unlock / _unlock_all

pg_lock_status reads the whole lock table under LockManagerLock (shared) and the proc
array, so the rows are one consistent picture. Every backend with a transaction also
shows its virtual transaction id as an ExclusiveLock with fastpath = true, as PostgreSQL
shows its fast-path VXID locks. A prepared transaction's locks belong to its dummy proc:
no pid, the virtual transaction of the backend that prepared it. SIREAD
locks (predicate.py) follow, mode "SIReadLock", always granted: their holder may have
committed (its virtual transaction id and pid are the ones it had) or, once summarised,
be the dummy "-1/0" with no pid.

Advisory locks use the USER lock method: session-level ones (pg_advisory_lock) outlive
transactions until pg_advisory_unlock or the end of the session; transaction-level ones
(pg_advisory_xact_lock) end with the transaction and cannot be unlocked by hand.
Exclusive advisory locks are ExclusiveLock, shared ones ShareLock.

Registered with the datatypes function registry by catalog/sql_functions.register_all()
(this layer may not be imported by datatypes).

PostgreSQL: utils/adt/lockfuncs.c, storage/lmgr/lock.c (GetLockStatusData,
GetBlockerStatusData), storage/lmgr/predicate.c (GetSafeSnapshotBlockingPids).
"""
from __future__ import annotations

import datetime as dt

from pgsnake.datatypes import functions
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import deadlock, fast_path, lock, lock_modes, lock_table as lt, lock_tag
from pgsnake.storage.lmgr import predicate
from pgsnake.storage.lmgr.lock_tag import signed16
from pgsnake.utils import process_state

TEXT, OID, INT4, INT2, XID, BOOL, TIMESTAMPTZ, INT8, INT4_ARRAY, VOID, RECORD = (
    25, 26, 23, 21, 28, 16, 1184, 20, 1007, 2278, 2249)

VOID_VALUE = ""      # a void function's result is not NULL: it prints as an empty string

# pg_lock_status's OUT parameters (pg_proc.proargnames / proallargtypes of OID 1371).
LOCK_STATUS_COLUMNS = (
    ("locktype", TEXT), ("database", OID), ("relation", OID), ("page", INT4),
    ("tuple", INT2), ("virtualxid", TEXT), ("transactionid", XID), ("classid", OID),
    ("objid", OID), ("objsubid", INT2), ("virtualtransaction", TEXT), ("pid", INT4),
    ("mode", TEXT), ("granted", BOOL), ("fastpath", BOOL), ("waitstart", TIMESTAMPTZ))


def _tag_columns(tag: lock_tag.LockTag) -> list:
    """database .. objsubid, filled as pg_locks fills them for each lock type."""
    f1, f2, f3, f4, kind, _ = tag
    row = [None] * 9
    if kind in (lock_tag.RELATION, lock_tag.EXTEND):
        row[0:2] = [f1, f2]
    elif kind == lock_tag.PAGE:
        row[0:3] = [f1, f2, f3]
    elif kind == lock_tag.TUPLE:
        row[0:4] = [f1, f2, f3, f4]
    elif kind == lock_tag.TRANSACTION:
        row[5] = f1
    elif kind == lock_tag.VIRTUAL_TRANSACTION:
        row[4] = f"{f1}/{f2}"
    elif kind == lock_tag.FROZEN_IDS:
        row[0] = f1
    else:     # object, userlock, advisory, speculative token
        row[0] = f1
        row[6:9] = [f2, f3, signed16(f4)]
    return row


def _procs() -> dict[int, tuple[int, str]]:
    """proc number -> (pid, 'backendid/lxid') for every proc with a slot."""
    out = {}
    for slot in proc_array.slots():
        lxid = lt.virtual_xid(slot.number)
        out[slot.number] = (slot.pid, f"{slot.number + 1}/{lxid}" if lxid else None)
    return out


def _prepared_procs() -> dict[int, tuple[None, str]]:
    """The dummy procs of prepared transactions (proc numbers after the proc array's
    slots): no pid, and the virtual transaction of the transaction that prepared them
    ('-1/xid' once recovered after a restart), as PostgreSQL shows them."""
    out = {}
    for proc in range(proc_array.slot_count(), lt.capacity()[2]):
        vxid = lt.prepared_virtual_xid(proc)
        if vxid is not None:
            out[proc] = (None, f"{vxid[0]}/{vxid[1]}")
    return out


def pg_lock_status():
    rows = []
    # Each backend's fast-path locks, read under its own LWLock before LockManagerLock
    # (fast_path.py rule 5), listed before its virtual xid, as GetLockStatusData does.
    fast = {proc: fast_path.entries(proc) for proc in _procs()}
    with lt.lwlock_for_readers().shared():
        procs = _procs()
        for proc, (pid, vxid) in procs.items():
            for database, relation, mode in fast.get(proc, ()):
                rows.append(["relation", database, relation, None, None, None, None, None,
                             None, None, vxid, pid, lock_modes.MODE_NAMES[mode], True, True,
                             None])
            if vxid is not None:
                rows.append(["virtualxid", None, None, None, None, vxid, None, None, None,
                             None, vxid, pid, "ExclusiveLock", True, True, None])
        procs.update(_prepared_procs())
        for entry in lt.all_locks():
            head = [entry.tag.type_name] + _tag_columns(entry.tag)
            for _, proc, mask in lt.holders(entry):
                pid, vxid = procs.get(proc, (None, None))
                for mode in lock_modes.modes_in(mask):
                    rows.append(head + [vxid, pid, lock_modes.MODE_NAMES[mode], True, False,
                                        None])
            for proc, mode in lt.wait_queue(entry):
                pid, vxid = procs.get(proc, (None, None))
                started = lt.proc_wait(proc)[4]
                rows.append(head + [vxid, pid, lock_modes.MODE_NAMES[mode], False, False,
                                    dt.datetime.fromtimestamp(started, dt.timezone.utc)])
    rows.extend(_siread_row(tag, vxid, pid) for tag, vxid, pid in predicate.lock_status())
    return rows


def _siread_row(tag, vxid: str, pid: int | None) -> list:
    """A SIREAD lock as pg_locks shows it: page only for page and tuple locks, tuple only
    for tuple locks."""
    kind = tag.kind
    page = tag.page if kind != "relation" else None
    offset = tag.offset if kind == "tuple" else None
    return [kind, tag.database, tag.relation, page, offset, None, None, None, None, None,
            vxid, pid, "SIReadLock", True, False, None]


def _proc_of_pid(pid: int) -> int | None:
    for slot in proc_array.slots():
        if slot.pid == pid:
            return slot.number
    return None


def blocking_pids(pid: int) -> list[int]:
    """The pids whose held or awaited locks keep `pid` waiting (GetBlockerStatusData).
    A prepared transaction blocks as pid 0, as PostgreSQL documents."""
    proc = _proc_of_pid(pid)
    if proc is None:
        return []
    pids = {slot.number: slot.pid for slot in proc_array.slots()}
    first_dummy = proc_array.slot_count()
    with lt.lwlock_for_readers().shared():
        return [pids[p] if p < first_dummy else 0 for p in deadlock.blockers(proc)
                if p in pids or p >= first_dummy]


def pg_isolation_test_session_is_blocked(pid: int, interesting: list) -> bool:
    """Blocked by one of `interesting` on a heavyweight lock -- or waiting for a safe
    snapshot at all: nothing outside the tester's sessions can hold that up for long, so
    PostgreSQL does not look at whom it waits for."""
    wanted = {p for p in interesting if p is not None}
    if any(p in wanted for p in blocking_pids(pid)):
        return True
    return bool(predicate.safe_snapshot_blocking_pids(pid))


def safe_snapshot_blocking_pids(pid: int) -> list[int]:
    return predicate.safe_snapshot_blocking_pids(pid)


# ---- advisory locks ---------------------------------------------------------------------

def _advisory_tag(*keys) -> lock_tag.LockTag:
    if len(keys) == 1:
        return lock_tag.advisory_int8(process_state.database_oid, keys[0])
    return lock_tag.advisory_int4_pair(process_state.database_oid, keys[0], keys[1])


def _lock(mode: int, session: bool, wait: bool):
    def call(*keys):
        got = lock.acquire(_advisory_tag(*keys), mode, session=session, dont_wait=not wait)
        return VOID_VALUE if wait else got
    return call


def _unlock(mode: int):
    def call(*keys):
        if lock.release(_advisory_tag(*keys), mode, session=True):
            return True
        from pgsnake.utils import notices
        notices.emit("01000", f"you don't own a lock of type {lock_modes.MODE_NAMES[mode]}",
                     severity="WARNING")
        return False
    return call


def pg_advisory_unlock_all() -> str:
    lock.release_session_advisory_locks()
    return VOID_VALUE


# (name, exclusive?, session?, wait?) -> the OIDs of its bigint and (int, int) versions
_ADVISORY = {
    ("pg_advisory_lock", True, True, True): (2880, 2886),
    ("pg_advisory_lock_shared", False, True, True): (2881, 2887),
    ("pg_advisory_xact_lock", True, False, True): (3089, 3093),
    ("pg_advisory_xact_lock_shared", False, False, True): (3090, 3094),
    ("pg_try_advisory_lock", True, True, False): (2882, 2888),
    ("pg_try_advisory_lock_shared", False, True, False): (2883, 2889),
    ("pg_try_advisory_xact_lock", True, False, False): (3091, 3095),
    ("pg_try_advisory_xact_lock_shared", False, False, False): (3092, 3096),
}
_UNLOCK = {("pg_advisory_unlock", True): (2884, 2890),
           ("pg_advisory_unlock_shared", False): (2885, 2891)}


def register_all() -> None:
    functions.register("pg_lock_status", [], RECORD, pg_lock_status, oid=1371,
                       returns_set=True, out_columns=LOCK_STATUS_COLUMNS, rows=1000)
    functions.register("pg_blocking_pids", [INT4], INT4_ARRAY, blocking_pids, oid=2561)
    functions.register("pg_safe_snapshot_blocking_pids", [INT4], INT4_ARRAY,
                       safe_snapshot_blocking_pids, oid=3376)
    functions.register("pg_isolation_test_session_is_blocked", [INT4, INT4_ARRAY], BOOL,
                       pg_isolation_test_session_is_blocked, oid=3378)
    for (name, exclusive, session, wait), (oid8, oid44) in _ADVISORY.items():
        mode = lock_modes.EXCLUSIVE if exclusive else lock_modes.SHARE
        result = VOID if wait else BOOL
        functions.register(name, [INT8], result, _lock(mode, session, wait), oid=oid8)
        functions.register(name, [INT4, INT4], result, _lock(mode, session, wait), oid=oid44)
    for (name, exclusive), (oid8, oid44) in _UNLOCK.items():
        mode = lock_modes.EXCLUSIVE if exclusive else lock_modes.SHARE
        functions.register(name, [INT8], BOOL, _unlock(mode), oid=oid8)
        functions.register(name, [INT4, INT4], BOOL, _unlock(mode), oid=oid44)
    functions.register("pg_advisory_unlock_all", [], VOID, pg_advisory_unlock_all, oid=2892)
