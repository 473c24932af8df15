"""Two-phase commit: PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED, and the
shared table of prepared transactions behind pg_prepared_xacts.

A prepared transaction has left the backend that ran it: its xid, its locks and its
pending work wait, durably, for a COMMIT PREPARED or ROLLBACK PREPARED from any session
of the same database, possibly after a crash. It lives in three places:

    the table     one shared entry per prepared transaction (max_prepared_transactions
                  of them, under TwoPhaseStateLock): gid, xid, owner, database, time,
                  where its state is (WAL position, or a pg_twophase file), and who is
                  working on it now (PostgreSQL's locking_backend)
    a dummy proc  entry i owns proc-array slot and lock-table proc slot_count() + i: the
                  xid and subxids stay "running" there, and the locks stay granted there
    its state     twophase_records.PreparedState: written in the XLOG_XACT_PREPARE
                  record; copied to pg_twophase/<XID> by a checkpoint whose redo point
                  passes that record, since WAL before it may then be removed

An entry's life (PostgreSQL's GlobalTransactionData):
1. RESERVED: PREPARE checked the gid and took a free entry, locked by the preparer.
2. The XLOG_XACT_PREPARE record is written and flushed: from here on the transaction is
   prepared, whatever happens (any failure is a PANIC; crash recovery finishes the job).
3. PREPARED: the dummy proc holds the xid; the preparer clears its own slot, hands its
   transaction-level locks to the dummy proc and unlocks the entry.
4. COMMIT/ROLLBACK PREPARED locks the entry, writes XLOG_XACT_COMMIT_PREPARED /
   ABORT_PREPARED (always flushed), sets pg_xact, clears the dummy's proc-array slot,
   removes the files the transaction dropped (or created, at rollback), broadcasts its
   catalog invalidation, releases the dummy's locks (waking waiters), frees the entry and
   deletes its pg_twophase file.
At startup, recovery (twophase_recovery.py) rebuilds the table from pg_twophase files and
the WAL it replays, then gives every prepared transaction its dummy proc and its locks
back before the first connection is accepted.

Resource managers (PostgreSQL's twophase_rmgr): what other subsystems keep for a prepared
transaction goes into its state as records, and they get called at each step; see
`register_resource_manager`. The lock manager is RM_LOCK, here. Serializable (SSI)
transactions plug in as RM_PREDICATELOCK: PostgreSQL checks for a serialization failure
before preparing (PreCommit_CheckForSerializationFailure), which is the `pre_prepare`
hook, and hands the SIREAD state over, finishes and recovers it through the others.

Rules
1. The gid check, the entry's reservation and every record are done before the WAL
   record, so any error there aborts the transaction normally (and frees the entry).
2. The WAL record is inserted, and the entry's WAL position set, under TwoPhaseStateLock,
   which a checkpoint takes before it looks for states to copy into files: a record
   before the checkpoint's redo point always has its entry's position set by then.
3. A prepared xid is in the dummy's proc-array slot before the preparer's slot lets go
   of it, and leaves it only after pg_xact has the outcome (proc_array.py rule 5).
4. The dummy's locks are released last, after pg_xact, the proc array, the removed files
   and the invalidation, so that whoever they wake sees the outcome (lmgr README rule 8).
5. Only the backend that locked an entry (locking_proc) may change or free it; a
   backend's transaction abort unlocks what it had locked, and frees a RESERVED entry.

Entry points: prepare_transaction, post_prepare, finish_prepared, pg_prepared_xact,
register_resource_manager, register_finish_callback, prepared_xids; the recovery and
checkpoint side is in twophase_recovery.py.

PostgreSQL: access/transam/twophase.c (MarkAsPreparing, MarkAsPrepared, LockGXact,
StartPrepare, EndPrepare, FinishPreparedTransaction, RecordTransactionCommitPrepared,
RecordTransactionAbortPrepared, AtAbort_Twophase, PostPrepare_Twophase,
pg_prepared_xact), access/transam/twophase_rmgr.c.
"""
from __future__ import annotations

import dataclasses
import datetime
import struct
from typing import Callable, Iterator

from pgsnake.access.transam import commit_log, pending_deletes, transaction_ids
from pgsnake.access.transam import twophase_records as tr
from pgsnake.access.transam import xact_records
from pgsnake.access.transam.wal import wal
from pgsnake.datatypes import functions
from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lock as heavyweight_locks
from pgsnake.storage.lmgr import lwlock, predicate, predicate_twophase
from pgsnake.storage.lmgr.lock_tag import PACKED as TAG, LockTag
from pgsnake.utils import process_state, settings
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import PgError

TWOPHASE_DIRECTORY = "pg_twophase"

INVALID_PARAMETER_VALUE = "22023"
OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
DUPLICATE_OBJECT = "42710"
OUT_OF_MEMORY = "53200"
UNDEFINED_OBJECT = "42704"
INSUFFICIENT_PRIVILEGE = "42501"
FEATURE_NOT_SUPPORTED = "0A000"
INTERNAL_ERROR = "XX000"

FREE, RESERVED, PREPARED = 0, 1, 2
NOBODY = -1

# One entry: state, ondisk, inredo, pad, locking_proc, xid, owner, database, pad,
# prepared_at, prepare_start_lsn, prepare_end_lsn, gid length, gid bytes.
_ENTRY = struct.Struct(f"<BBBxiIII4xqQQH{tr.GIDSIZE}s")
_ENTRY_SIZE = 256

_region: shared_memory.Region | None = None
_capacity = 0
_my_locked: int | None = None            # the entry this backend has locked (MyLockedGxact)
_abort_callback_registered = False


@dataclasses.dataclass(slots=True)
class Entry:
    """One table entry, read out of shared memory (write it back with `_put`)."""
    index: int
    state: int
    ondisk: bool
    inredo: bool
    locking_proc: int
    xid: int
    owner: int
    database: int
    prepared_at: int
    prepare_start_lsn: int
    prepare_end_lsn: int
    gid: str

    @property
    def dummy_proc(self) -> int:
        return proc_array.slot_count() + self.index


def _init(region: shared_memory.Region) -> None:
    global _region, _capacity, _my_locked
    region.view[:] = bytes(region.size)
    _region = region
    _capacity = settings.get("max_prepared_transactions")
    _my_locked = None


shared_memory.request_region(
    "TwoPhaseState", lambda: max(1, settings.get("max_prepared_transactions")) * _ENTRY_SIZE, _init)


def _state_lock() -> lwlock.LWLock:
    return lwlock.named("TwoPhaseStateLock")


def _get(index: int) -> Entry:
    (state, ondisk, inredo, locking, xid, owner, database, prepared_at, start, end, gid_len,
     gid) = _ENTRY.unpack_from(_region.view, index * _ENTRY_SIZE)
    return Entry(index, state, bool(ondisk), bool(inredo), locking, xid, owner, database,
                 prepared_at, start, end, gid[:gid_len].decode("utf-8"))


def _put(entry: Entry) -> None:
    gid = entry.gid.encode("utf-8")
    _ENTRY.pack_into(_region.view, entry.index * _ENTRY_SIZE, entry.state, int(entry.ondisk),
                     int(entry.inredo), entry.locking_proc, entry.xid, entry.owner,
                     entry.database, entry.prepared_at, entry.prepare_start_lsn,
                     entry.prepare_end_lsn, len(gid), gid)


def _free(index: int) -> None:
    _region.view[index * _ENTRY_SIZE:(index + 1) * _ENTRY_SIZE] = bytes(_ENTRY_SIZE)


def _entries() -> Iterator[Entry]:
    """Entries in use. TwoPhaseStateLock must be held."""
    for index in range(_capacity):
        entry = _get(index)
        if entry.state != FREE:
            yield entry


# ---- resource managers and hooks -----------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class ResourceManager:
    """Callbacks of one subsystem (PostgreSQL's twophase_rmgr tables). Each is optional.

    pre_prepare()                    before anything is reserved; may raise (SSI's check)
    prepare(xid) -> [(info, data)]   records to keep in the state (AtPrepare_*); may raise
    post_prepare(xid, dummy_proc)    after the WAL record: hand the state over; must not fail
    recover(xid, dummy_proc, records)          startup: rebuild it from the records
    post_commit(xid, dummy_proc, records)      COMMIT PREPARED
    post_abort(xid, dummy_proc, records)       ROLLBACK PREPARED
    """
    rmid: int
    name: str
    pre_prepare: Callable[[], None] | None = None
    prepare: Callable[[int], list] | None = None
    post_prepare: Callable[[int, int], None] | None = None
    recover: Callable[[int, int, list], None] | None = None
    post_commit: Callable[[int, int, list], None] | None = None
    post_abort: Callable[[int, int, list], None] | None = None


_resource_managers: dict[int, ResourceManager] = {}
_finish_callbacks: list[Callable[[bool, "tr.PreparedState"], None]] = []


def register_resource_manager(rm: ResourceManager) -> None:
    """RM_MULTIXACT and RM_PREDICATELOCK are for the row-lock and SSI code to register."""
    _resource_managers[rm.rmid] = rm


def register_finish_callback(fn: Callable[[bool, "tr.PreparedState"], None]) -> None:
    """fn(committed, state) runs in the backend that finishes a prepared transaction,
    before its locks are released (the catalog layer broadcasts invalidations here)."""
    _finish_callbacks.append(fn)


def _records_of(state: tr.PreparedState, rmid: int) -> list[tuple[int, bytes]]:
    return [(info, data) for r, info, data in state.records if r == rmid]


# The lock manager's part (lock_twophase_*).

def _locks_prepare(xid: int) -> list[tuple[int, bytes]]:
    return [(0, tr.pack_lock_record(tag.pack(), mode))
            for tag, mode in heavyweight_locks.locks_to_prepare()]


def _locks_post_prepare(xid: int, dummy: int) -> None:
    backend_id, local_xid = heavyweight_locks.current_virtual_xid_parts()
    heavyweight_locks.transfer_to_prepared(dummy, backend_id, local_xid)


def _locks_recover(xid: int, dummy: int, records: list) -> None:
    for _info, data in records:
        tag_bytes, mode = tr.unpack_lock_record(data)
        # Recovered prepared transactions show -1/xid as their virtual transaction.
        heavyweight_locks.acquire_for_prepared(dummy, LockTag(*TAG.unpack(tag_bytes)), mode,
                                               -1, xid)


def _locks_finish(xid: int, dummy: int, records: list) -> None:
    heavyweight_locks.release_prepared(dummy)


register_resource_manager(ResourceManager(
    tr.RM_LOCK, "lock", prepare=_locks_prepare, post_prepare=_locks_post_prepare,
    recover=_locks_recover, post_commit=_locks_finish, post_abort=_locks_finish))


# SSI's part (predicatelock_twophase_*): the serialization check before PREPARE, the
# transaction's conflict summary kept with it, and its release when it is finished
# (after it has left the proc array, which finish_prepared guarantees).

def _predicate_prepare(xid: int) -> list[tuple[int, bytes]]:
    record = predicate_twophase.prepare_record()
    return [] if record is None else [(0, record)]


def _predicate_recover(xid: int, dummy: int, records: list) -> None:
    for _info, data in records:
        predicate_twophase.recover_prepared(xid, data)


def _predicate_finish(committed: bool):
    def finish(xid: int, dummy: int, records: list) -> None:
        predicate_twophase.finish_prepared(xid, committed, transaction_ids.read_next_xid())
    return finish


register_resource_manager(ResourceManager(
    tr.RM_PREDICATELOCK, "predicate lock", pre_prepare=predicate.pre_commit_check,
    prepare=_predicate_prepare, post_prepare=lambda xid, dummy: predicate_twophase.post_prepare(),
    recover=_predicate_recover, post_commit=_predicate_finish(True),
    post_abort=_predicate_finish(False)))


# ---- PREPARE TRANSACTION -----------------------------------------------------------------

def _check_gid(gid: str) -> None:
    if len(gid.encode("utf-8")) >= tr.GIDSIZE:
        raise PgError(INVALID_PARAMETER_VALUE, f'transaction identifier "{gid}" is too long')
    if settings.get("max_prepared_transactions") == 0:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, "prepared transactions are disabled",
                      hint="Set max_prepared_transactions to a nonzero value.")


def _too_many() -> PgError:
    return PgError(OUT_OF_MEMORY, "maximum number of prepared transactions reached",
                   hint="Increase max_prepared_transactions (currently "
                        f"{settings.get('max_prepared_transactions')}).")


def _reserve(gid: str, xid: int, prepared_at: int, owner: int, database: int, *,
             locking_proc: int, inredo: bool = False, ondisk: bool = False) -> int:
    """MarkAsPreparing: a free entry for `gid`, RESERVED (42710 if the gid is taken,
    53200 if the table is full). Redo adds entries without the gid check, as
    PostgreSQL's PrepareRedoAdd. TwoPhaseStateLock must be held exclusively."""
    free = None
    for index in range(_capacity):
        entry = _get(index)
        if entry.state == FREE:
            if free is None:
                free = index
        elif entry.gid == gid and not inredo:
            raise PgError(DUPLICATE_OBJECT, f'transaction identifier "{gid}" is already in use')
    if free is None:
        raise _too_many()
    _put(Entry(free, RESERVED, ondisk, inredo, locking_proc, xid, owner, database,
               prepared_at, 0, 0, gid))
    return free


def _release_reservation(index: int) -> None:
    global _my_locked
    with _state_lock().exclusive():
        if _get(index).state == RESERVED:
            _free(index)
    _my_locked = None


@dataclasses.dataclass(frozen=True, slots=True)
class Prepared:
    """What `prepare_transaction` hands to `post_prepare`."""
    index: int
    xid: int
    dummy_proc: int


def prepare_transaction(gid: str, xid: int, subxids, catalog_changed: bool) -> Prepared:
    """PREPARE TRANSACTION, up to and including the durable WAL record and the dummy
    proc holding the xid (steps 1-3 of the module docstring, rule 1). Errors before the
    record leave nothing behind; after it, they are PANICs. The caller then clears its
    own proc-array slot and calls `post_prepare`."""
    global _my_locked
    _check_gid(gid)
    _ensure_abort_callback()
    # Serializable transactions: SSI's check for a serialization failure before
    # preparing (PreCommit_CheckForSerializationFailure) is RM_PREDICATELOCK's pre_prepare.
    for rm in _resource_managers.values():
        if rm.pre_prepare is not None:
            rm.pre_prepare()
    prepared_at = xact_records.timestamp_now()
    with _state_lock().exclusive():
        index = _reserve(gid, xid, prepared_at, process_state.user_oid,
                         process_state.database_oid, locking_proc=process_state.proc_number)
    _my_locked = index
    try:
        records = []
        for rmid, rm in sorted(_resource_managers.items()):
            if rm.prepare is not None:
                records += [(rmid, info, data) for info, data in rm.prepare(xid)]
        commit_rels, abort_rels = pending_deletes.files_for_prepare()
        state = tr.PreparedState(xid, process_state.database_oid, prepared_at,
                                 process_state.user_oid, gid, tuple(subxids), commit_rels,
                                 abort_rels, catalog_changed, tuple(records))
        data = tr.pack_state(state)
    except BaseException:
        _release_reservation(index)
        raise
    with critical_section("PREPARE TRANSACTION"):
        with _state_lock().exclusive():                             # rule 2
            start, end = wal.insert_record_returning_start(
                wal.RmgrId.XACT, xact_records.XLOG_XACT_PREPARE, data, xid=xid)
            entry = _get(index)
            entry.prepare_start_lsn, entry.prepare_end_lsn = start, end
            _put(entry)
        wal.flush(end)
        dummy = proc_array.slot_count() + index
        proc_array.add_prepared_xact(dummy, xid, subxids, state.database, state.owner)   # rule 3
        with _state_lock().exclusive():
            entry = _get(index)
            entry.state = PREPARED
            _put(entry)
    return Prepared(index, xid, dummy)


def post_prepare(prepared: Prepared) -> None:
    """After the preparer's own slot has let go of the xid: the resource managers hand
    their state to the dummy proc (the locks move), then the entry is unlocked
    (PostPrepare_Locks, PostPrepare_Twophase). Must not fail: run it inside
    `critical_section`."""
    global _my_locked
    for rmid, rm in sorted(_resource_managers.items()):
        if rm.post_prepare is not None:
            rm.post_prepare(prepared.xid, prepared.dummy_proc)
    with _state_lock().exclusive():
        entry = _get(prepared.index)
        entry.locking_proc = NOBODY
        _put(entry)
    _my_locked = None


# ---- COMMIT PREPARED / ROLLBACK PREPARED --------------------------------------------------

def _lock_entry(gid: str) -> Entry:
    """LockGXact: find the prepared transaction `gid` and lock it for this backend."""
    global _my_locked
    _ensure_abort_callback()
    with _state_lock().exclusive():
        for entry in _entries():
            if entry.state != PREPARED or entry.gid != gid:
                continue
            if entry.locking_proc != NOBODY:
                raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                              f'prepared transaction with identifier "{gid}" is busy')
            if entry.owner != process_state.user_oid and not process_state.is_superuser:
                raise PgError(INSUFFICIENT_PRIVILEGE,
                              "permission denied to finish prepared transaction",
                              hint="Must be superuser or the user that prepared the transaction.")
            if entry.database != process_state.database_oid:
                raise PgError(FEATURE_NOT_SUPPORTED,
                              "prepared transaction belongs to another database",
                              hint="Connect to the database where the transaction was "
                                   "prepared to finish it.")
            entry.locking_proc = process_state.proc_number
            _put(entry)
            _my_locked = entry.index
            return entry
    raise PgError(UNDEFINED_OBJECT, f'prepared transaction with identifier "{gid}" does not exist')


def read_state(entry: Entry) -> tr.PreparedState:
    """The entry's state, from its pg_twophase file or its WAL record. Holds
    TwoPhaseStateLock shared so that a checkpoint cannot move it meanwhile."""
    from pgsnake.access.transam import twophase_recovery
    with _state_lock().shared():
        current = _get(entry.index)
        if current.ondisk:
            return twophase_recovery.read_state_file(current.xid)
        return twophase_recovery.read_state_from_wal(current.prepare_start_lsn, current.xid)


def finish_prepared(gid: str, commit: bool) -> None:
    """COMMIT PREPARED (commit=True) or ROLLBACK PREPARED 'gid' (step 4 of the module
    docstring). The caller has checked that no transaction block is open (25001)."""
    global _my_locked
    entry = _lock_entry(gid)
    state = read_state(entry)
    if state.xid != entry.xid:
        raise PgError(INTERNAL_ERROR, f"two-phase state of transaction {entry.xid} names "
                                      f"transaction {state.xid}")
    dummy = entry.dummy_proc
    rels = state.commit_rels if commit else state.abort_rels
    with critical_section("COMMIT PREPARED" if commit else "ROLLBACK PREPARED"):
        commit_time = xact_records.timestamp_now()
        has_info, data = xact_records.pack(
            commit_time, subxids=state.subxids, rels=rels,
            catalog_changed=commit and state.catalog_changed, database_oid=state.database,
            twophase_xid=state.xid)
        info = (xact_records.XLOG_XACT_COMMIT_PREPARED if commit
                else xact_records.XLOG_XACT_ABORT_PREPARED) | has_info
        end = wal.insert_record(wal.RmgrId.XACT, info, data)
        # Always flushed, whatever synchronous_commit says: an asynchronous outcome of a
        # prepared transaction would defeat the point of preparing it.
        wal.flush(end)
        status = commit_log.COMMITTED if commit else commit_log.ABORTED
        if commit:
            from pgsnake.access.transam import commit_timestamps
            commit_timestamps.set_commit_ts(state.xid, state.subxids, commit_time)
        for xid in (*state.subxids, state.xid):
            commit_log.set_status(xid, status)
        proc_array.clear_xid(dummy)                                     # rule 3
    pending_deletes.remove_files_quietly(rels)
    for fn in list(_finish_callbacks):
        fn(commit, state)
    for rmid, rm in sorted(_resource_managers.items()):
        hook = rm.post_commit if commit else rm.post_abort
        if hook is not None:
            hook(state.xid, dummy, _records_of(state, rmid))           # rule 4
    with _state_lock().exclusive():
        ondisk = _get(entry.index).ondisk
        _free(entry.index)
    _my_locked = None
    if ondisk:
        from pgsnake.access.transam import twophase_recovery
        twophase_recovery.remove_state_file(state.xid)


def _ensure_abort_callback() -> None:
    global _abort_callback_registered
    if not _abort_callback_registered:
        from pgsnake.access.transam import xact
        xact.register_callback(_at_transaction_end)
        _abort_callback_registered = True


def _at_transaction_end(event: str) -> None:
    """AtAbort_Twophase (rule 5): an entry this backend still has locked when its
    transaction ends is unlocked; one it had only reserved is freed."""
    global _my_locked
    if _my_locked is None or event not in ("commit", "abort"):
        return
    index, _my_locked = _my_locked, None
    with _state_lock().exclusive():
        entry = _get(index)
        if entry.locking_proc != process_state.proc_number:
            return
        if entry.state == RESERVED:
            _free(index)
        else:
            entry.locking_proc = NOBODY
            _put(entry)


# ---- what others read --------------------------------------------------------------------

def prepared_xids() -> list[int]:
    """The xids of every prepared transaction (for tests and recovery)."""
    with _state_lock().shared():
        return [e.xid for e in _entries() if e.state == PREPARED]


def entries() -> list[Entry]:
    """A copy of every entry in use."""
    with _state_lock().shared():
        return list(_entries())


_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)

# pg_prepared_xact's OUT parameters (pg_proc OID 1065).
PREPARED_XACT_COLUMNS = (("transaction", 28), ("gid", 25), ("prepared", 1184),
                         ("ownerid", 26), ("dbid", 26))


def pg_prepared_xact():
    """One row per prepared transaction: (transaction, gid, prepared, ownerid, dbid).
    Entries still being prepared are left out, as PostgreSQL does."""
    if _region is None:
        return []
    return [(e.xid, e.gid, _EPOCH + datetime.timedelta(microseconds=e.prepared_at), e.owner,
             e.database) for e in entries() if e.state == PREPARED]


def register_sql_functions() -> None:
    functions.register("pg_prepared_xact", [], 2249, pg_prepared_xact, oid=1065,
                       returns_set=True, out_columns=PREPARED_XACT_COLUMNS, rows=1000)
