"""Transactions and transaction blocks: PostgreSQL's two-level state machine.

The *transaction state* says whether a transaction is running at all (DEFAULT, INPROGRESS,
COMMIT, ABORT). The *block state* says what the client has asked for with BEGIN, COMMIT
and ROLLBACK, and is what ReadyForQuery reports. tcop drives it with three calls around
every statement, plus the three transaction-control commands:

    start_transaction_command()       before a statement
    commit_transaction_command()      after it succeeded
    abort_current_transaction()       after it failed
    begin_transaction_block()  end_transaction_block()  user_abort_transaction_block()

Every (event, block state) pair is one row of TRANSITIONS below: the action to run and the
next block state. A pair missing from the table is a bug in the caller (internal error).

Commit (`_commit_transaction`), in this order, each step for a reason:
1. 'pre_commit' callbacks, then (wal_level = minimal) the files this transaction
   created are made durable (pending_syncs.py), then the `register_last_pre_commit`
   hooks (the relation map's write), then SSI's pre-commit check for a
   SERIALIZABLE transaction (storage/lmgr/predicate.py); any may still fail and turn
   the commit into an abort;
2. if an xid was assigned: write XLOG_XACT_COMMIT and flush it (unless
   synchronous_commit = off): from here on the transaction is committed;
3. set the commit-log bits (only after the record is durable: commit_log.py invariant 2);
4. clear our xid from the proc array (after step 3: proc_array.py invariant 2);
5. 'commit' callbacks (the catalog layer writes its invalidation messages here when
   the transaction changed catalogs, before the locks go);
6. heavyweight locks released, then SSI's (which it keeps while overlapping
   serializable transactions run: its commit must be out of the proc array first).
A read-only transaction (no xid) writes nothing at all.

Subtransactions (savepoints). Inside a block, SAVEPOINT pushes a level onto
`_current.subxacts`: its name, a lazily assigned xid (parents first, so a child's xid is
always greater than its parent's), and the xids of released children merged into it.
Heap writes stamp the innermost level's xid; command ids stay one counter for the whole
transaction. The set `_current.mine` (TransactionIdIsCurrentTransactionId) is the top
xid plus every xid of a level not rolled back, released children included.
  SAVEPOINT     push a level                                   (define_savepoint)
  RELEASE       pop levels down to the named one, merging their xids into the parent
  ROLLBACK TO   abort levels down to the named one (ABORT record, pg_xact aborted,
                out of the proc array, in that order), then push it again, fresh
  an error      aborts only the innermost level; the block is failed until
                ROLLBACK TO (or ROLLBACK / COMMIT, which abort everything)
  COMMIT        the commit record lists every live subxid; pg_xact marks them and the
                top xid committed before the proc-array slot is cleared
Unlike PostgreSQL, savepoint commands take effect at once rather than at the end of the
statement (there are no SUB* block states); clients cannot tell the difference.

Entry points: the contract's functions below, plus `pending_notices()`,
`define_savepoint(name)`, `release_savepoint(name)`, `rollback_to_savepoint(name)`,
`is_current_xid(xid)`, `subtransaction_depth()`, and for PL/pgSQL's exception blocks
`begin_internal_subtransaction()`, `release_current_subtransaction(depth)`,
`rollback_current_subtransaction(depth)`.

PostgreSQL: access/transam/xact.c (StartTransactionCommand, CommitTransactionCommand,
AbortCurrentTransaction, BeginTransactionBlock, EndTransactionBlock,
UserAbortTransactionBlock, CommitTransaction, AbortTransaction, RecordTransactionCommit,
DefineSavepoint, ReleaseSavepoint, RollbackToSavepoint, AbortSubTransaction,
TransactionIdIsCurrentTransactionId).
"""
from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Callable

from pgsnake.access.transam import (checkpoint, commit_log, commit_timestamps, pending_deletes,
                                    pending_syncs, transaction_ids, xact_records)
from pgsnake.access.transam.snapshot import Snapshot
from pgsnake.access.transam.wal import wal
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lock as heavyweight_locks
from pgsnake.storage.lmgr import lock_modes, lock_tag, lwlock, predicate
from pgsnake.utils import log_line_prefix, process_state, settings
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import PanicError, PgError

ACTIVE_SQL_TRANSACTION = "25001"
NO_ACTIVE_SQL_TRANSACTION = "25P01"
IN_FAILED_SQL_TRANSACTION = "25P02"
INVALID_SAVEPOINT_SPECIFICATION = "3B001"
READ_ONLY_SQL_TRANSACTION = "25006"


class TransState(Enum):
    DEFAULT = "TRANS_DEFAULT"        # idle
    START = "TRANS_START"
    INPROGRESS = "TRANS_INPROGRESS"
    COMMIT = "TRANS_COMMIT"
    ABORT = "TRANS_ABORT"
    PREPARE = "TRANS_PREPARE"


class BlockState(Enum):
    DEFAULT = "TBLOCK_DEFAULT"              # idle, no transaction
    STARTED = "TBLOCK_STARTED"              # running a single-statement transaction
    BEGIN = "TBLOCK_BEGIN"                  # BEGIN seen, not yet acknowledged
    INPROGRESS = "TBLOCK_INPROGRESS"        # inside BEGIN ... COMMIT
    END = "TBLOCK_END"                      # COMMIT seen inside a block
    ABORT = "TBLOCK_ABORT"                  # failed inside a block, waiting for ROLLBACK
    ABORT_END = "TBLOCK_ABORT_END"          # ROLLBACK/COMMIT seen in a failed block
    ABORT_PENDING = "TBLOCK_ABORT_PENDING"  # ROLLBACK seen in a live block
    PREPARE = "TBLOCK_PREPARE"              # PREPARE TRANSACTION seen in a live block


B = BlockState
W_ALREADY = ("WARNING", ACTIVE_SQL_TRANSACTION, "there is already a transaction in progress")
W_NONE = ("WARNING", NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress")

# (event, block state) -> (actions, next block state, warning or None).
# Actions run in order: start, commit, prepare, abort, cleanup, cci (command counter
# increment).
TRANSITIONS: dict[tuple[str, BlockState], tuple[tuple[str, ...], BlockState, tuple | None]] = {
    ("start_command", B.DEFAULT): (("start",), B.STARTED, None),
    ("start_command", B.INPROGRESS): ((), B.INPROGRESS, None),
    ("start_command", B.ABORT): ((), B.ABORT, None),

    ("commit_command", B.STARTED): (("commit",), B.DEFAULT, None),
    ("commit_command", B.BEGIN): ((), B.INPROGRESS, None),
    ("commit_command", B.INPROGRESS): (("cci",), B.INPROGRESS, None),
    ("commit_command", B.END): (("commit",), B.DEFAULT, None),
    ("commit_command", B.ABORT): ((), B.ABORT, None),
    ("commit_command", B.ABORT_END): (("cleanup",), B.DEFAULT, None),
    ("commit_command", B.ABORT_PENDING): (("abort", "cleanup"), B.DEFAULT, None),
    ("commit_command", B.PREPARE): (("prepare",), B.DEFAULT, None),

    ("abort_current", B.DEFAULT): (("abort_if_running", "cleanup"), B.DEFAULT, None),
    ("abort_current", B.STARTED): (("abort", "cleanup"), B.DEFAULT, None),
    ("abort_current", B.BEGIN): (("abort", "cleanup"), B.DEFAULT, None),
    ("abort_current", B.INPROGRESS): (("abort_innermost",), B.ABORT, None),
    ("abort_current", B.END): (("abort", "cleanup"), B.DEFAULT, None),
    ("abort_current", B.ABORT): ((), B.ABORT, None),
    ("abort_current", B.ABORT_END): (("cleanup",), B.DEFAULT, None),
    ("abort_current", B.ABORT_PENDING): (("abort", "cleanup"), B.DEFAULT, None),
    ("abort_current", B.PREPARE): (("abort", "cleanup"), B.DEFAULT, None),

    ("begin_block", B.STARTED): ((), B.BEGIN, None),
    ("begin_block", B.INPROGRESS): ((), B.INPROGRESS, W_ALREADY),
    ("begin_block", B.ABORT): ((), B.ABORT, W_ALREADY),

    ("end_block", B.INPROGRESS): ((), B.END, None),
    ("end_block", B.ABORT): ((), B.ABORT_END, None),
    ("end_block", B.STARTED): ((), B.STARTED, W_NONE),

    ("user_abort", B.INPROGRESS): ((), B.ABORT_PENDING, None),
    ("user_abort", B.ABORT): ((), B.ABORT_END, None),
    ("user_abort", B.STARTED): ((), B.ABORT_PENDING, W_NONE),

    # PREPARE TRANSACTION is COMMIT with another ending (PrepareTransactionBlock): in a
    # failed block it rolls back, outside a block it warns and does nothing.
    ("prepare_block", B.INPROGRESS): ((), B.PREPARE, None),
    ("prepare_block", B.ABORT): ((), B.ABORT_END, None),
    ("prepare_block", B.STARTED): ((), B.STARTED, W_NONE),
}


class _SubTransaction:
    """One savepoint level (a TransactionStateData below the top)."""
    __slots__ = ("name", "xid", "child_xids", "aborted", "catalog_changed", "lock_owner")

    def __init__(self, name: str) -> None:
        self.name = name
        self.lock_owner = heavyweight_locks.new_owner()   # locks taken inside this level
        self.xid = 0                       # assigned on first write, after the parent's
        self.child_xids: list[int] = []    # xids of RELEASEd children (still ours)
        self.aborted = False               # failed by an error, awaiting ROLLBACK TO
        self.catalog_changed = False

    def all_xids(self) -> list[int]:
        return ([self.xid] if self.xid else []) + self.child_xids


class _TransactionState:
    """This backend's current transaction (PostgreSQL's TopTransactionStateData)."""
    __slots__ = ("state", "block", "xid", "command_id", "command_id_used", "catalog_changed",
                 "snapshot", "in_abort", "subxacts", "child_xids", "mine", "isolation",
                 "read_only", "deferrable", "gid", "chained", "force_sync")

    def __init__(self) -> None:
        self.state = TransState.DEFAULT
        self.block = BlockState.DEFAULT
        self.xid = 0
        self.command_id = 0
        self.command_id_used = False
        self.catalog_changed = False
        self.snapshot: Snapshot | None = None
        self.in_abort = False
        self.subxacts: list[_SubTransaction] = []   # innermost last
        self.child_xids: list[int] = []             # released subxids merged into the top
        self.mine: frozenset = frozenset()          # TransactionIdIsCurrentTransactionId
        # The transaction's characteristics (XactIsoLevel, XactReadOnly, XactDeferrable):
        # from the default_transaction_* settings at start, changed by BEGIN / SET
        # TRANSACTION before the first snapshot.
        self.isolation = "read committed"
        self.read_only = False
        self.deferrable = False
        self.gid = ""                               # PREPARE TRANSACTION's identifier
        # started by COMMIT / ROLLBACK AND CHAIN: its characteristics were restored
        # directly, not SET (so an error does not take them back)
        self.chained = False


_current = _TransactionState()
_callbacks: list[Callable[[str], None]] = []
_subxact_callbacks: list[Callable[[str, int], None]] = []
_notices: list[PgError] = []


# ---- driving the state machine -----------------------------------------------------------

def _transition(event: str) -> None:
    key = (event, _current.block)
    entry = TRANSITIONS.get(key)
    if entry is None:
        raise PgError("XX000", f"{event}: unexpected state {_current.block.value}")
    actions, next_block, warning = entry
    if warning is not None:
        severity, sqlstate, message = warning
        _notices.append(PgError(sqlstate, message, severity=severity))
    for action in actions:
        _ACTIONS[action]()
    _current.block = next_block


def start_transaction_command() -> None:
    _transition("start_command")


# COMMIT / ROLLBACK AND CHAIN: the ended block's characteristics (isolation, read only,
# deferrable), for the block started right after it (SaveTransactionCharacteristics).
_chain: tuple | None = None


def commit_transaction_command() -> None:
    global _chain
    try:
        _commit_transaction_command()
    except BaseException:
        _chain = None
        raise
    chain, _chain = _chain, None
    if chain is not None and _current.block == BlockState.DEFAULT:
        # CommitTransactionCommand's chained start: a new block at once, as the old one
        _start_transaction()
        _current.block = BlockState.INPROGRESS
        _current.chained = True
        _current.isolation, _current.read_only, _current.deferrable = chain
        _publish_characteristics()


def _require_block_for_chain(command: str) -> None:
    global _chain
    if _current.block not in (BlockState.INPROGRESS, BlockState.ABORT):
        raise PgError(NO_ACTIVE_SQL_TRANSACTION,
                      f"{command} AND CHAIN can only be used in transaction blocks")
    if _current.block == BlockState.ABORT and not _current.chained and not _current.subxacts:
        # an error at the top level rolled back BEGIN's / SET TRANSACTION's settings
        # (AtEOXact_GUC): the chained block gets the defaults
        _chain = (settings.get("default_transaction_isolation"),
                  settings.get("default_transaction_read_only"),
                  settings.get("default_transaction_deferrable"))
    else:
        _chain = (_current.isolation, _current.read_only, _current.deferrable)


def _commit_transaction_command() -> None:
    if _current.block in (BlockState.STARTED, BlockState.END, BlockState.PREPARE):
        # Commit may fail in pre_commit callbacks: then the transaction aborts instead.
        # A PANIC (past a PREPARE record) must not write an abort: crash recovery decides.
        try:
            _transition("commit_command")
        except PanicError:
            raise
        except BaseException:
            if _current.state != TransState.DEFAULT:
                _abort_transaction()
                _cleanup_transaction()
            _current.block = BlockState.DEFAULT
            raise
        return
    _transition("commit_command")


def abort_current_transaction() -> None:
    _transition("abort_current")


def begin_transaction_block() -> None:
    _transition("begin_block")


def end_transaction_block(chain: bool = False) -> bool:
    """COMMIT [AND CHAIN]: False if the block had failed, so COMMIT acts as ROLLBACK."""
    if chain:
        _require_block_for_chain("COMMIT")
    was_aborted = _current.block == BlockState.ABORT
    _transition("end_block")
    return not was_aborted


def user_abort_transaction_block(chain: bool = False) -> None:
    if chain:
        _require_block_for_chain("ROLLBACK")
    _transition("user_abort")


def prepare_transaction_block(gid: str) -> bool:
    """PREPARE TRANSACTION 'gid' (PrepareTransactionBlock): True if the transaction will
    be prepared when this command ends; False (reported as ROLLBACK) if the block had
    failed, or if there was no block (with a WARNING)."""
    _transition("prepare_block")
    if _current.block != BlockState.PREPARE:
        return False
    _current.gid = gid
    return True


def pending_notices() -> list[PgError]:
    """WARNINGs raised by transaction-control commands, for tcop to send; clears them."""
    out = list(_notices)
    _notices.clear()
    return out


# ---- queries ---------------------------------------------------------------------------

_STATUS = {B.DEFAULT: "I", B.STARTED: "I", B.BEGIN: "T", B.INPROGRESS: "T", B.END: "T",
           B.ABORT: "E", B.ABORT_END: "E", B.ABORT_PENDING: "E", B.PREPARE: "T"}


def transaction_status() -> str:
    return _STATUS[_current.block]


def is_aborted_block() -> bool:
    return _current.block == BlockState.ABORT


def in_transaction_block() -> bool:
    return _current.block not in (BlockState.DEFAULT, BlockState.STARTED)


def block_state() -> BlockState:
    return _current.block


def transaction_state() -> TransState:
    return _current.state


def get_current_xid() -> int:
    """The innermost (sub)transaction's xid, assigned on first call (first write);
    every enclosing level without one gets its xid first (AssignTransactionId)."""
    if process_state.is_bootstrap:
        return transaction_ids.BOOTSTRAP_XID
    if _current.xid == 0 or (_current.subxacts and _current.subxacts[-1].xid == 0):
        if _current.state != TransState.INPROGRESS:
            raise PgError("XX000", "cannot assign TransactionIds outside a transaction")
        if _current.xid == 0:
            _current.xid = transaction_ids.get_new_xid()
            _lock_own_xid(_current.xid, heavyweight_locks.TOP_OWNER)
            predicate.register_xid(_current.xid)        # SSI: readers must find us by it
        parent = _current.xid
        for level in _current.subxacts:
            if level.xid == 0:
                level.xid = transaction_ids.get_new_xid(is_subxact=True, parent_xid=parent)
                _lock_own_xid(level.xid, level.lock_owner)
                predicate.register_xid(level.xid)
            parent = level.xid
        _refresh_mine()
    return _current.subxacts[-1].xid if _current.subxacts else _current.xid


def _lock_own_xid(xid: int, owner: int) -> None:
    """Hold ExclusiveLock on our own xid until we end, so that whoever must wait for us
    (a writer of a row we changed) sleeps on that lock (XactLockTableInsert). Taken
    after the xid is in the proc array and before anything carries it."""
    if _takes_heavyweight_locks():
        heavyweight_locks.acquire(lock_tag.transaction(xid), lock_modes.EXCLUSIVE, owner=owner)


def _takes_heavyweight_locks() -> bool:
    return process_state.proc_number >= 0 and proc_array.is_initialised()


def get_current_xid_if_any() -> int:
    """The innermost level's xid, 0 if it has none yet (GetCurrentTransactionIdIfAny)."""
    if process_state.is_bootstrap:
        return transaction_ids.BOOTSTRAP_XID
    return _current.subxacts[-1].xid if _current.subxacts else _current.xid


def get_top_xid_if_any() -> int:
    return _current.xid


def is_current_xid(xid: int) -> bool:
    """TransactionIdIsCurrentTransactionId: the top xid, or a subtransaction xid that
    has not been rolled back (released ones included)."""
    return xid != 0 and xid in _current.mine


def subtransaction_depth() -> int:
    return len(_current.subxacts)


def _refresh_mine() -> None:
    mine = set(_current.child_xids)
    if _current.xid:
        mine.add(_current.xid)
    for level in _current.subxacts:
        if not level.aborted:
            mine.update(level.all_xids())
    _current.mine = frozenset(mine)


def _live_subxids() -> list[int]:
    """Every subxid this transaction would commit now, in assignment order."""
    out = list(_current.child_xids)
    for level in _current.subxacts:
        if not level.aborted:
            out.extend(level.all_xids())
    return sorted(out)


def current_command_id(used: bool = False) -> int:
    """The current command id (GetCurrentCommandId). `used`: the caller stamps it on a
    tuple (a write or a row lock), so the next command_counter_increment must move on."""
    if used:
        _current.command_id_used = True
    return _current.command_id


def command_counter_increment() -> None:
    """CommandCounterIncrement: a new command id, but only if the current one was used
    (stamped on a tuple): commands that wrote nothing share their id with the next,
    so cmin/cmax count writing commands, as in PostgreSQL."""
    if not _current.command_id_used:
        return
    _current.command_id += 1
    _current.command_id_used = False
    if _current.command_id >= 0xFFFFFFFF:
        raise PgError("54000", "cannot have more than 2^32-2 commands in a transaction")


def get_transaction_snapshot() -> Snapshot:
    """READ COMMITTED: a fresh snapshot per call (tcop/executor call it once per
    statement). REPEATABLE READ / SERIALIZABLE: the transaction's first snapshot, with
    the current command id."""
    curxid = get_current_xid_if_any()
    mine = _current.mine
    if _current.snapshot is not None and uses_transaction_snapshot():
        return dataclasses.replace(_current.snapshot, curxid=curxid,
                                   curcid=_current.command_id, curxids=mine)
    if process_state.is_bootstrap or not proc_array.is_initialised():
        next_xid = transaction_ids.read_next_xid()
        snap = Snapshot(next_xid, next_xid, frozenset(), curxid, _current.command_id, mine)
    else:
        if is_serializable() and process_state.proc_number >= 0 and predicate.is_ready():
            # SSI registers the transaction as the snapshot is taken, and READ ONLY
            # DEFERRABLE may wait here for a safe one.
            own = ([_current.xid] + _live_subxids()) if _current.xid else []
            xmin, xmax, xip, suboverflowed = predicate.serializable_snapshot(
                _take_snapshot, read_only=_current.read_only,
                deferrable=_current.deferrable, own_xids=own)
        else:
            xmin, xmax, xip, suboverflowed = _take_snapshot()
        snap = Snapshot(xmin, xmax, xip - mine, curxid, _current.command_id, mine,
                        suboverflowed)
    _current.snapshot = snap
    return snap


def _take_snapshot() -> tuple[int, int, frozenset, bool]:
    """(xmin, xmax, xip, suboverflowed) from the proc array; our xmin is published at once."""
    xmin, xmax, xip, suboverflowed = proc_array.get_snapshot_data(
        transaction_ids.read_next_xid, process_state.proc_number)
    if process_state.proc_number >= 0:
        _publish_xmin(xmin)
    return xmin, xmax, xip, suboverflowed


# The xmin this backend published in its proc-array slot for the current transaction.
_published_xmin = 0


def _publish_xmin(xmin: int) -> None:
    """Publish the oldest xmin of the transaction's snapshots: under READ COMMITTED a
    cursor may still read with an older snapshot than the current statement's, and
    VACUUM and pruning must keep what it sees. (PostgreSQL computes the minimum over
    the registered snapshots; pgsnake keeps it until the transaction ends.)"""
    global _published_xmin
    if not _published_xmin or xmin < _published_xmin:
        _published_xmin = xmin
        proc_array.set_xmin(process_state.proc_number, xmin)


def _forget_published_xmin() -> None:
    """The transaction ended: its xid and xmin left the proc array together."""
    global _published_xmin
    _published_xmin = 0


def get_catalog_snapshot() -> Snapshot:
    """A fresh snapshot for reading the system catalogs (GetCatalogSnapshot): catalog
    lookups must see every committed definition even in a REPEATABLE READ transaction,
    and must not fix the transaction's own snapshot before its first statement does."""
    curxid = get_current_xid_if_any()
    mine = _current.mine
    if process_state.is_bootstrap or not proc_array.is_initialised():
        next_xid = transaction_ids.read_next_xid()
        return Snapshot(next_xid, next_xid, frozenset(), curxid, _current.command_id, mine)
    xmin, xmax, xip, suboverflowed = proc_array.get_snapshot_data(
        transaction_ids.read_next_xid, process_state.proc_number)
    if _current.snapshot is None and process_state.proc_number >= 0:
        _publish_xmin(xmin)
    return Snapshot(xmin, xmax, xip - mine, curxid, _current.command_id, mine, suboverflowed)


# ---- transaction characteristics ----------------------------------------------------------

ISOLATION_LEVELS = ("serializable", "repeatable read", "read committed", "read uncommitted")


def isolation_level() -> str:
    """The current transaction's level as SHOW prints it (READ UNCOMMITTED behaves as
    READ COMMITTED, as in PostgreSQL)."""
    return _current.isolation


def uses_transaction_snapshot() -> bool:
    """REPEATABLE READ and SERIALIZABLE use one snapshot for the whole transaction
    (IsolationUsesXactSnapshot)."""
    return _current.isolation in ("repeatable read", "serializable")


def is_serializable() -> bool:
    return _current.isolation == "serializable"


def is_read_only() -> bool:
    return _current.read_only


def is_deferrable() -> bool:
    return _current.deferrable


_in_multi_statement_string = False


def set_multi_statement_string(on: bool) -> None:
    """tcop: the statements now running came in one simple-protocol Query with others,
    which PostgreSQL treats as an implicit transaction block."""
    global _in_multi_statement_string
    _in_multi_statement_string = on


# Is a function (or DO block, or procedure) running the current statement? The PL
# layer installs the probe (pl/error_context.py): a statement a function runs is not
# "top level" (PostgreSQL's isTopLevel, false for statements run through SPI).
_in_function: Callable[[], bool] = lambda: False


def set_function_probe(probe: Callable[[], bool]) -> None:
    global _in_function
    _in_function = probe


def is_top_level() -> bool:
    return not _in_function()


def prevent_in_transaction_block(command: str) -> None:
    """25001 for a command that must run in a transaction of its own
    (PreventInTransactionBlock): not in a BEGIN block, not in a multi-statement string,
    not in a subtransaction, not from a function."""
    if in_transaction_block() or _in_multi_statement_string:
        raise PgError(ACTIVE_SQL_TRANSACTION, f"{command} cannot run inside a transaction block")
    if in_subtransaction():
        raise PgError(ACTIVE_SQL_TRANSACTION, f"{command} cannot run inside a subtransaction")
    if not is_top_level():
        raise PgError(ACTIVE_SQL_TRANSACTION, f"{command} cannot be executed from a function")


def needs_transaction_block() -> bool:
    """CheckTransactionBlock: would a command that only makes sense in a transaction
    block (LOCK TABLE, SET LOCAL, SET CONSTRAINTS) be out of one? Not in a block, a
    subtransaction, or a function."""
    return not in_transaction_block() and not in_subtransaction() and is_top_level()


def prevent_command_if_read_only(command: str) -> None:
    """25006 for a command that writes, in a READ ONLY transaction (PreventCommandIfReadOnly)."""
    if _current.read_only:
        raise PgError(READ_ONLY_SQL_TRANSACTION,
                      f"cannot execute {command} in a read-only transaction")


def in_subtransaction() -> bool:
    return bool(_current.subxacts)


def top_xid_if_any() -> int:
    """The top-level transaction's xid, 0 if none is assigned (GetTopTransactionIdIfAny)."""
    return _current.xid


def publish_imported_xmin(xmin: int) -> None:
    """SET TRANSACTION SNAPSHOT (caller holds ProcArrayLock and checked the exporter still
    runs): our slot's xmin becomes the imported snapshot's."""
    global _published_xmin
    if process_state.proc_number >= 0:
        _published_xmin = xmin
        proc_array.set_xmin(process_state.proc_number, xmin)


def install_imported_snapshot(xmin: int, xmax: int, xip: frozenset,
                              suboverflowed: bool) -> None:
    """SET TRANSACTION SNAPSHOT: the transaction's snapshot is the imported one
    (SetTransactionSnapshot). A SERIALIZABLE transaction registers with SSI on it."""
    mine = _current.mine
    if is_serializable() and process_state.proc_number >= 0 and predicate.is_ready():
        xmin, xmax, xip, suboverflowed = predicate.serializable_snapshot(
            lambda: (xmin, xmax, xip, suboverflowed), read_only=_current.read_only,
            deferrable=False, own_xids=[])
    _current.snapshot = Snapshot(xmin, xmax, frozenset(xip) - mine, 0, _current.command_id,
                                 mine, suboverflowed)


def snapshot_taken() -> bool:
    """Has this transaction taken its first snapshot (FirstSnapshotSet)?"""
    return _current.snapshot is not None


def set_isolation_level(level: str) -> None:
    """BEGIN / SET TRANSACTION ISOLATION LEVEL, SET transaction_isolation (check_XactIsoLevel)."""
    level = level.lower()
    if level not in ISOLATION_LEVELS:
        raise PgError("22023", f'invalid value for parameter "transaction_isolation": "{level}"')
    if level != _current.isolation:
        if _current.snapshot is not None:
            raise PgError(ACTIVE_SQL_TRANSACTION,
                          "SET TRANSACTION ISOLATION LEVEL must be called before any query")
        if _current.subxacts:
            raise PgError(ACTIVE_SQL_TRANSACTION,
                          "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction")
    _current.isolation = level
    _publish_characteristics()


def set_read_only(read_only: bool) -> None:
    """SET TRANSACTION READ ONLY / READ WRITE (check_transaction_read_only)."""
    if not read_only and _current.read_only and _current.state == TransState.INPROGRESS:
        if _current.subxacts:
            raise PgError(ACTIVE_SQL_TRANSACTION,
                          "cannot set transaction read-write mode inside a read-only transaction")
        if _current.snapshot is not None:
            raise PgError(ACTIVE_SQL_TRANSACTION,
                          "transaction read-write mode must be set before any query")
    _current.read_only = read_only
    _publish_characteristics()


def set_deferrable(deferrable: bool) -> None:
    """SET TRANSACTION [NOT] DEFERRABLE (check_transaction_deferrable)."""
    if deferrable != _current.deferrable:
        if _current.subxacts:
            raise PgError(ACTIVE_SQL_TRANSACTION,
                          "SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction")
        if _current.snapshot is not None:
            raise PgError(ACTIVE_SQL_TRANSACTION,
                          "SET TRANSACTION [NOT] DEFERRABLE must be called before any query")
    _current.deferrable = deferrable
    _publish_characteristics()


def _publish_characteristics() -> None:
    """Keep SHOW transaction_isolation / transaction_read_only / transaction_deferrable
    in step with the transaction."""
    settings.show_transaction_characteristic("transaction_isolation", _current.isolation)
    settings.show_transaction_characteristic("transaction_read_only", _current.read_only)
    settings.show_transaction_characteristic("transaction_deferrable", _current.deferrable)


def register_subxact_callback(fn: Callable[[str, int], None]) -> None:
    """fn(event, depth) runs when the savepoint level at `depth` (1 = outermost) ends:
    'abort' (ROLLBACK TO, or an error inside it) or 'release' (merged into its parent).
    Work a level deferred to commit (e.g. unlinking a dropped table's files) must be
    forgotten when that level aborts."""
    _subxact_callbacks.append(fn)


def _run_subxact_callbacks(event: str, depth: int) -> None:
    for fn in list(_subxact_callbacks):
        fn(event, depth)


def register_callback(fn: Callable[[str], None]) -> None:
    """fn(event) runs at 'pre_commit', 'commit' and 'abort' of every transaction, at
    'pre_prepare' before PREPARE TRANSACTION does anything (it may still fail), and at
    'prepare' when PREPARE TRANSACTION has handed it over (after its WAL record: the
    callback must not fail; work deferred to the end now belongs to the prepared
    transaction, so forget it)."""
    _callbacks.append(fn)


def unregister_callback(fn: Callable[[str], None]) -> None:
    _callbacks.remove(fn)


_last_pre_commit: list[Callable[[], None]] = []


def register_last_pre_commit(fn: Callable[[], None]) -> None:
    """fn() runs at every commit after the 'pre_commit' callbacks and after the files
    created under wal_level = minimal were made durable, just before the commit record
    (it may still fail, aborting the transaction): the relation map's write, which must
    never name a file that a crash could leave incomplete."""
    _last_pre_commit.append(fn)


def mark_catalog_changed() -> None:
    _current.catalog_changed = True
    if _current.subxacts:
        _current.subxacts[-1].catalog_changed = True


def force_sync_commit() -> None:
    """This transaction's commit record is flushed whatever synchronous_commit says
    (ForceSyncCommit: DROP DATABASE, whose files are already gone)."""
    _current.force_sync = True


def catalog_changed() -> bool:
    """True while the committing/aborting transaction changed catalogs (for callbacks)."""
    return _current.catalog_changed


# ---- the actions -----------------------------------------------------------------------

def _start_transaction() -> None:
    heavyweight_locks.begin_virtual_transaction()
    _current.state = TransState.START
    _current.isolation = settings.get("default_transaction_isolation")
    _current.read_only = settings.get("default_transaction_read_only")
    _current.deferrable = settings.get("default_transaction_deferrable")
    _current.chained = False
    _publish_characteristics()
    _current.xid = 0
    _current.command_id = 0
    _current.command_id_used = False
    _current.catalog_changed = False
    _current.force_sync = False
    _current.snapshot = None
    _current.state = TransState.INPROGRESS


def _run_callbacks(event: str) -> None:
    for fn in list(_callbacks):
        fn(event)


def _commit_transaction() -> None:
    _run_callbacks("pre_commit")
    pending_syncs.at_commit()         # wal_level = minimal: new files made durable
    for fn in list(_last_pre_commit):
        fn()                          # the relation map, after the syncs (AtEOXact_RelationMap)
    predicate.pre_commit_check()      # SSI: the last moment a serializable one may fail
    _current.state = TransState.COMMIT
    xid = _current.xid
    if xid and not process_state.is_bootstrap:
        subxids = _live_subxids()
        commit_time = xact_records.timestamp_now()
        rels = pending_deletes.files_at_end(commit=True)
        has_info, data = xact_records.pack(
            commit_time, subxids=subxids, rels=rels,
            catalog_changed=_current.catalog_changed, database_oid=process_state.database_oid)
        checkpoint.delay_start()     # until pg_xact has it (checkpoint.py, "Commits")
        end = wal.insert_record(wal.RmgrId.XACT, xact_records.XLOG_XACT_COMMIT | has_info,
                                data, xid=xid)
        # The record is in the WAL buffers: any backend's flush may make it durable, so
        # the transaction is committed whatever happens next. A failure from here on
        # (even of our own flush) must not report an abort: PANIC, and recovery decides.
        with critical_section("COMMIT"):
            # Files to remove at commit, or a forced sync: flushed even with
            # synchronous_commit = off, as RecordTransactionCommit does.
            if settings.get("synchronous_commit") != "off" or rels or _current.force_sync:
                wal.flush(end)
            # Steps 3 and 4 of the docstring: durable, then commit log, then proc array.
            # Subxids first: while the slot still lists them, nobody reads their bits as
            # final, and once it is cleared they and the top xid are all committed.
            commit_timestamps.set_commit_ts(xid, subxids, commit_time)
            for subxid in subxids:
                commit_log.set_status(subxid, commit_log.COMMITTED)
            commit_log.set_status(xid, commit_log.COMMITTED)
            checkpoint.delay_end()
            if process_state.proc_number >= 0:
                proc_array.clear_xid(process_state.proc_number)
    elif process_state.proc_number >= 0 and proc_array.is_initialised():
        proc_array.set_xmin(process_state.proc_number, 0)
    _forget_published_xmin()
    _run_callbacks("commit")
    _release_locks()
    # SSI state outlives the commit for as long as overlapping transactions run.
    predicate.release_predicate_locks(True, transaction_ids.read_next_xid())
    _reset()


def _prepare_transaction() -> None:
    """PREPARE TRANSACTION at the end of its command (PrepareTransaction): the transaction
    becomes a prepared one, held by twophase.py, and this backend's transaction ends with
    neither commit nor abort; the session goes on. Before the PREPARE record an error
    aborts the transaction as usual; from the record on nothing may fail (a PANIC), so the
    rest runs in twophase's critical section. A transaction that never wrote gets an xid
    now: a prepared transaction is known by its xid."""
    from pgsnake.access.transam import twophase
    if process_state.is_bootstrap or process_state.proc_number < 0:
        raise PgError("0A000", "PREPARE TRANSACTION needs a backend with a proc slot")
    _run_callbacks("pre_prepare")     # deferred triggers fire now (AfterTriggerFireDeferred)
    pending_syncs.at_commit()         # wal_level = minimal, as at commit
    xid = _assign_top_xid()
    _current.state = TransState.PREPARE
    # PREPARE ends the savepoints as COMMIT does, and PostgreSQL releases a subcommitted
    # subtransaction's xid lock (CommitSubTransaction): whoever waits for a subxid of the
    # prepared transaction goes on to wait for its top xid (wait_for_xid).
    if _takes_heavyweight_locks():
        for subxid in _live_subxids():
            heavyweight_locks.release(lock_tag.transaction(subxid), lock_modes.EXCLUSIVE)
    # Serializable transactions: the SSI check before preparing is a twophase resource
    # manager hook (pre_prepare), run first inside prepare_transaction.
    prepared = twophase.prepare_transaction(_current.gid, xid, _live_subxids(),
                                            _current.catalog_changed)
    with critical_section("PREPARE TRANSACTION"):
        # The dummy proc holds the xid now (twophase rule 3): our slot lets go of it.
        proc_array.clear_xid(process_state.proc_number)
        _forget_published_xmin()
        _run_callbacks("prepare")
        twophase.post_prepare(prepared)
    _release_locks()       # only the virtual xid is left: the locks went to the dummy
    _reset()


def _assign_top_xid() -> int:
    if _current.xid == 0:
        _current.xid = transaction_ids.get_new_xid()
        _lock_own_xid(_current.xid, heavyweight_locks.TOP_OWNER)
        _refresh_mine()
    return _current.xid


def _abort_transaction() -> None:
    if _current.state == TransState.DEFAULT:
        return
    # Whatever failed may have left LWLocks held; release them before touching WAL.
    lwlock.release_all()
    checkpoint.delay_end()          # a commit that failed half-way must not block checkpoints
    _current.state = TransState.ABORT
    xid = _current.xid
    if xid and not process_state.is_bootstrap:
        subxids = _live_subxids()
        has_info, data = xact_records.pack(
            xact_records.timestamp_now(), subxids=subxids,
            rels=pending_deletes.files_at_end(commit=False))
        # RecordTransactionAbort's critical section: the record, then pg_xact and the
        # proc array; a failure half-way would leave them disagreeing.
        with critical_section("ABORT"):
            wal.insert_record(wal.RmgrId.XACT, xact_records.XLOG_XACT_ABORT | has_info, data,
                              xid=xid)
            for subxid in subxids:
                commit_log.set_status(subxid, commit_log.ABORTED)
            commit_log.set_status(xid, commit_log.ABORTED)
            if process_state.proc_number >= 0:
                proc_array.clear_xid(process_state.proc_number)
    elif process_state.proc_number >= 0 and proc_array.is_initialised():
        proc_array.set_xmin(process_state.proc_number, 0)
    _forget_published_xmin()
    pending_syncs.at_abort()
    _run_callbacks("abort")
    _release_locks()
    predicate.release_predicate_locks(False)


def _release_locks() -> None:
    """Last step of commit and abort: after the commit log and proc array say we are
    done and after the commit callbacks broadcast our catalog invalidations, so that a
    waiter we wake finds both (PostgreSQL's ResourceOwnerRelease after
    ProcArrayEndTransaction and AtEOXact_Inval)."""
    if _takes_heavyweight_locks():
        heavyweight_locks.release_all()
        heavyweight_locks.end_virtual_transaction()


def _abort_if_running() -> None:
    if _current.state != TransState.DEFAULT:
        _abort_transaction()


def _abort_innermost() -> None:
    """An error inside a block: with savepoints, only the innermost level fails
    (AbortSubTransaction); the block waits for ROLLBACK TO. Without, the whole
    transaction aborts."""
    if not _current.subxacts:
        _abort_transaction()
        return
    lwlock.release_all()
    level = _current.subxacts[-1]
    if not level.aborted:
        _abort_subtransaction(level)
    _refresh_mine()


def _abort_subtransaction(level: _SubTransaction) -> None:
    """Roll one level back: its xid and its released children's xids become aborted.
    Order as for a top-level abort: WAL record, pg_xact, then the proc array (so no
    reader sees them neither running nor finished)."""
    level.aborted = True
    depth = _current.subxacts.index(level) + 1 if level in _current.subxacts else 0
    if level.xid and not process_state.is_bootstrap:
        # RecordSubTransactionAbort: the record lists the files this level created,
        # before the callbacks remove them.
        xids = level.all_xids()
        has_info, data = xact_records.pack(
            xact_records.timestamp_now(), subxids=level.child_xids,
            rels=pending_deletes.files_at_end(commit=False, from_depth=depth) if depth else ())
        with critical_section("ABORT"):
            wal.insert_record(wal.RmgrId.XACT, xact_records.XLOG_XACT_ABORT | has_info, data,
                              xid=level.xid)
            for xid in xids:
                commit_log.set_status(xid, commit_log.ABORTED)
            if process_state.proc_number >= 0 and proc_array.is_initialised():
                proc_array.remove_subxids(process_state.proc_number, xids)
    if depth:
        _run_subxact_callbacks("abort", depth)
    _release_level_locks(level)


def _release_level_locks(level: _SubTransaction) -> None:
    if _takes_heavyweight_locks():
        heavyweight_locks.release_owner(level.lock_owner)


def _cleanup_transaction() -> None:
    # A failed block whose failure only aborted a subtransaction still has a live top
    # transaction: ROLLBACK / COMMIT of the block must abort it now.
    if _current.state == TransState.INPROGRESS:
        _abort_transaction()
    _reset()


# ---- savepoints --------------------------------------------------------------------------

def _find_savepoint(name: str) -> int:
    for index in range(len(_current.subxacts) - 1, -1, -1):
        if _current.subxacts[index].name == name:
            return index
    raise PgError(INVALID_SAVEPOINT_SPECIFICATION, f'savepoint "{name}" does not exist')


def _require_block(command: str) -> None:
    if _current.block in (BlockState.DEFAULT, BlockState.STARTED):
        raise PgError(NO_ACTIVE_SQL_TRANSACTION, f"{command} can only be used in transaction blocks")


def define_savepoint(name: str) -> None:
    """SAVEPOINT name (DefineSavepoint)."""
    _require_block("SAVEPOINT")
    if _current.block != BlockState.INPROGRESS:
        raise PgError("XX000", f"DefineSavepoint: unexpected state {_current.block.value}")
    _push_level(name)


def _push_level(name: str) -> None:
    level = _SubTransaction(name)
    _current.subxacts.append(level)
    heavyweight_locks.set_current_owner(level.lock_owner)


def _innermost_lock_owner() -> int:
    return _current.subxacts[-1].lock_owner if _current.subxacts else heavyweight_locks.TOP_OWNER


def release_savepoint(name: str) -> None:
    """RELEASE [SAVEPOINT] name: the named level and every level inside it end, their
    xids staying ours as part of the parent (ReleaseSavepoint)."""
    _require_block("RELEASE SAVEPOINT")
    if _current.block != BlockState.INPROGRESS:
        raise PgError("XX000", f"ReleaseSavepoint: unexpected state {_current.block.value}")
    index = _find_savepoint(name)
    released = _current.subxacts[index:]
    _run_subxact_callbacks("release", index + 1)
    del _current.subxacts[index:]
    parent_owner = _innermost_lock_owner()
    for level in released:
        heavyweight_locks.transfer_owner(level.lock_owner, parent_owner)
    heavyweight_locks.set_current_owner(parent_owner)
    merged = [xid for level in released for xid in level.all_xids()]
    changed = any(level.catalog_changed for level in released)
    if _current.subxacts:
        parent = _current.subxacts[-1]
        parent.child_xids.extend(merged)
        parent.catalog_changed = parent.catalog_changed or changed
    else:
        _current.child_xids.extend(merged)
    _refresh_mine()


def rollback_to_savepoint(name: str) -> bool:
    """ROLLBACK TO [SAVEPOINT] name: abort the named level and every level inside it,
    then start the named level again (it stays defined), leaving a failed block usable
    (RollbackToSavepoint). True if an aborted level had changed catalogs, so the caller
    must drop this backend's catalog caches."""
    _require_block("ROLLBACK TO SAVEPOINT")
    if _current.block not in (BlockState.INPROGRESS, BlockState.ABORT):
        raise PgError("XX000", f"RollbackToSavepoint: unexpected state {_current.block.value}")
    index = _find_savepoint(name)
    if _current.state != TransState.INPROGRESS:
        # The failure aborted the top transaction itself; no level to go back to.
        raise PgError(INVALID_SAVEPOINT_SPECIFICATION, f'savepoint "{name}" does not exist')
    doomed = _current.subxacts[index:]
    changed = any(level.catalog_changed for level in doomed)
    for level in reversed(doomed):
        if not level.aborted:
            _abort_subtransaction(level)
    del _current.subxacts[index:]
    _push_level(name)
    _refresh_mine()
    _current.block = BlockState.INPROGRESS
    return changed


# ---- internal subtransactions (PL/pgSQL exception blocks) --------------------------------
# A level like a savepoint's, but usable in an implicit transaction too and always ended
# by its maker, innermost first (BeginInternalSubTransaction & co in PostgreSQL).

def begin_internal_subtransaction() -> int:
    """Push a level; returns the depth the caller must end (release or roll back)."""
    if _current.state != TransState.INPROGRESS:
        raise PgError("XX000", "BeginInternalSubTransaction: no transaction in progress")
    _push_level("")
    return len(_current.subxacts)


def release_current_subtransaction(depth: int) -> None:
    """ReleaseCurrentSubTransaction: the level's xids and locks go to its parent."""
    if len(_current.subxacts) != depth:
        raise PgError("XX000", f"subtransaction depth {len(_current.subxacts)}, expected {depth}")
    _run_subxact_callbacks("release", depth)
    level = _current.subxacts.pop()
    parent_owner = _innermost_lock_owner()
    heavyweight_locks.transfer_owner(level.lock_owner, parent_owner)
    heavyweight_locks.set_current_owner(parent_owner)
    if _current.subxacts:
        parent = _current.subxacts[-1]
        parent.child_xids.extend(level.all_xids())
        parent.catalog_changed = parent.catalog_changed or level.catalog_changed
    else:
        _current.child_xids.extend(level.all_xids())
    _refresh_mine()


def rollback_current_subtransaction(depth: int) -> bool:
    """RollbackAndReleaseCurrentSubTransaction: abort the level (and any left inside it)
    and pop it. True if it had changed catalogs (the caller drops its caches)."""
    changed = False
    while len(_current.subxacts) >= depth:
        level = _current.subxacts[-1]
        changed = changed or level.catalog_changed
        if not level.aborted:
            _abort_subtransaction(level)
        _current.subxacts.pop()
    heavyweight_locks.set_current_owner(_innermost_lock_owner())
    _refresh_mine()
    return changed


def _reset() -> None:
    heavyweight_locks.set_current_owner(heavyweight_locks.TOP_OWNER)
    _current.state = TransState.DEFAULT
    _current.xid = 0
    _current.command_id = 0
    _current.command_id_used = False
    _current.catalog_changed = False
    _current.snapshot = None
    _current.subxacts = []
    _current.child_xids = []
    _current.mine = frozenset()
    _current.gid = ""


_ACTIONS = {
    "start": _start_transaction,
    "commit": _commit_transaction,
    "prepare": _prepare_transaction,
    "abort": _abort_transaction,
    "abort_innermost": _abort_innermost,
    "abort_if_running": _abort_if_running,
    "cleanup": _cleanup_transaction,
    "cci": command_counter_increment,
}


def reset_for_tests() -> None:
    """Forget all state (a fresh backend)."""
    global _current
    _current = _TransactionState()
    _notices.clear()


def _virtual_xid_text() -> str:
    from pgsnake.storage.lmgr import lock
    backend_id, local_xid = lock.current_virtual_xid_parts()
    return f"{backend_id}/{local_xid}" if process_state.proc_number >= 0 else ""


# log_line_prefix's %x and %v (utils sits below this layer, so we hand them over).
log_line_prefix.register_source("x", lambda: str(top_xid_if_any()))
log_line_prefix.register_source("v", _virtual_xid_text)
