"""The proc array: one shared slot per server process, and snapshots built from it.

Each slot holds (pid, kind, database oid, user oid, xid, xmin, state, backend start),
a cache of up to SUBXID_CACHE_SIZE subtransaction xids (PostgreSQL's XidCache) with its
"overflowed" flag, and a delay-checkpoint counter.
After the processes' slots come one slot per possible prepared transaction
(max_prepared_transactions), PostgreSQL's dummy PGPROCs: slot `slot_count() + i` belongs to
prepared-transaction entry i (access/transam/twophase.py) and to the lock table's proc of
the same number. It has no pid, so `slots()` and `claim_slot` never see it, but its xid
and subxids count as running for snapshots and `xid_is_running` until COMMIT PREPARED or
ROLLBACK PREPARED clears it.
A process claims a slot at start (`claim_slot`) and releases it at exit. Transaction code
publishes the current xid in the slot when it assigns one, each subtransaction xid in the
cache when it assigns one (`add_subxid`; when the cache is full the slot is marked
overflowed instead and the xid is found through pg_subtrans), removes rolled-back
subxids (`remove_subxids`), and clears xid, cache and flag together at commit/abort.

Entry points: `claim_slot(pid, kind, among)`, `backend_slots()`, `auxiliary_slot(kind)`,
`free_slots(among)`, `release_slot(n)`, `slots()`, `set_xid`, `clear_xid`, `add_subxid`,
`remove_subxids`, `subxid_count`, `is_overflowed`, `set_xmin`, `set_identity`,
`set_state`, `get_snapshot`, `get_snapshot_data`, `xid_is_running`,
`register_overflowed_xid_check`, `oldest_xmin`, `removal_horizon`, `set_status_flags`, `delay_checkpoint_start`,
`delay_checkpoint_end`, `checkpoint_delayers`, `still_delaying`, `add_prepared_xact`.

Invariants (who writes what)
1. A slot's xid is set by its owner while holding XidGenLock, *before* next_xid is
   advanced past it, so any snapshot whose xmax (= next_xid) covers the xid finds it here.
2. A slot's xid is cleared by its owner under ProcArrayLock EXCLUSIVE, *after* the commit
   log records the outcome; snapshots are built under ProcArrayLock SHARED. So a snapshot
   never sees an xid as neither running nor finished in the commit log.
3. pid == 0 means the slot is free; claim/release happen under ProcArrayLock exclusive.
4. Subxids follow rules 1 and 2: added by the owner under XidGenLock before next_xid
   passes them (entry first, then the count), removed (rolled back) or cleared (top end)
   under ProcArrayLock exclusive after the commit log has their outcome. Readers that
   must not miss a running subxid (snapshots, xid_is_running) scan under ProcArrayLock
   shared. A slot's subxids are always greater than its xid (the parent's xid is
   assigned first), so they never lower a snapshot's xmin below the slot's xid.
5. Overflow: a subxid that does not fit in the cache is not listed; the owner sets the
   slot's overflowed flag instead, under XidGenLock, after pg_subtrans has the xid's
   parent and before next_xid passes it (transaction_ids.get_new_xid). The flag stays
   set, whatever is removed from the cache, until clear_xid at the transaction's end.
   A snapshot that sees another running slot overflowed is "suboverflowed": its xip
   cannot list every running subxid, so readers map an xid to its topmost parent
   through pg_subtrans before looking in xip (snapshot.xid_in_snapshot), and
   `xid_is_running` does the same through a check the pg_subtrans layer registers.
6. Delay checkpoint (PostgreSQL's DELAY_CHKPT_START): a committing owner makes its
   counter odd before inserting the commit record and even again once pg_xact has the
   outcome (a backend logging a hint bit's page image does the same around the image
   and the buffer's dirty bit: storage/buffer rule 10). A checkpoint that picked its
   redo point waits for every counter that was odd then to move, so a commit record
   before the redo point never has its pg_xact bits still missing from the pages the
   checkpoint writes.
7. The first max_connections slots are the client backends' (PostgreSQL's freeProcs list):
   a backend that finds none free gets 53300 "sorry, too many clients already", so
   max_connections is held exactly. The AUXILIARY_SLOTS after them belong to the
   auxiliary processes, one fixed slot per kind (`auxiliary_slot`), so that others can
   find and wake them (latch.set_latch(auxiliary_slot("checkpointer"))). Auxiliary
   processes run no transactions, so their slots never hold an xid or xmin and change
   no snapshot or horizon; the exception is the catalog warmer
   (postmaster/catalog_warmer.py), a reader whose slot holds an xmin while it reads
   catalogs, as an autovacuum worker's does.
8. A prepared transaction's slot gets its xid and subxids (`add_prepared_xact`, under
   ProcArrayLock exclusive) while they are still in the preparing backend's slot, which
   is cleared only afterwards; so no snapshot misses them. The backend that finishes
   the prepared transaction clears the slot (`clear_xid`) after the commit log has the
   outcome, as rule 2 asks of an owner.

9. Completions: a counter after the slots (PostgreSQL's xactCompletionCount) goes up
   in every ProcArrayLock exclusive section that can end an xid's "running" state
   (clear_xid, remove_subxids, release_slot, add_prepared_xact). While it has not
   moved, no xid a snapshot saw running has finished, so get_snapshot_data hands the
   same snapshot data out again (GetSnapshotDataReuse): xids assigned since are past
   its xmax, so it treats them as running, which they are.
10. Removal horizons (`removal_horizon`): a dead row version may go once no process
   that can read its relation may still see it. A user table is read only by processes
   of its database; a system catalog also by processes of no database (the catalog
   warmer, backends still connecting); a shared catalog by everyone. A lazy VACUUM sets
   PROC_IN_VACUUM in its slot while it scans: it reads no rows through its snapshot, so
   its xmin holds back no one (not even another VACUUM); its xid still counts. A process's database in its
   slot is set before it reads any table of that database.

PostgreSQL: storage/ipc/procarray.c (ProcArrayAdd, ProcArrayRemove,
ProcArrayEndTransaction, GetSnapshotData, TransactionIdIsInProgress), storage/lmgr/proc.c
(InitProcess).
"""
from __future__ import annotations

import dataclasses
import os
import struct
import time

from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import FatalError, PgError

AUXILIARY_SLOTS = 24        # startup, checkpointer, bgwriter, walwriter, autovacuum, parallel workers, ...
# Rule 5: the fixed order of the auxiliary processes' slots after the backends' ones.
AUXILIARY_KINDS = ("startup", "checkpointer", "background writer", "walwriter",
                   "autovacuum launcher", "catalog warmer")
_TEXT = 32
# pid i32, database u32, user u32, pad, xid u64, xmin u64, start f64, kind 32s, state 32s
_SLOT = struct.Struct(f"<iII4xQQd{_TEXT}s{_TEXT}s")
SUBXID_CACHE_SIZE = 64      # PGPROC_MAX_CACHED_SUBXIDS
_NSUBXIDS_OFFSET = 104      # u64 count
_SUBXIDS_OFFSET = 112       # u64 x SUBXID_CACHE_SIZE
_OVERFLOWED_OFFSET = _SUBXIDS_OFFSET + 8 * SUBXID_CACHE_SIZE    # u64: 1 = overflowed
_DELAY_CHECKPOINT_OFFSET = _OVERFLOWED_OFFSET + 8              # u64: odd while committing
_STATUS_FLAGS_OFFSET = _DELAY_CHECKPOINT_OFFSET + 8            # u64: PROC_* status flags
SLOT_SIZE = _STATUS_FLAGS_OFFSET + 8 + 8                        # 656, a multiple of 8
# Status flags (PostgreSQL's PGPROC statusFlags), rule 10.
PROC_IN_VACUUM = 0x02
_XID_OFFSET = 16
_XMIN_OFFSET = 24
_KIND_OFFSET = 40
_STATE_OFFSET = 40 + _TEXT

_region: shared_memory.Region | None = None
_count = 0                # every slot, prepared transactions' included
_process_slots = 0        # slots processes can claim: slot_count() when the segment was made
_generation = -1          # shared_memory.generation our views belong to


@dataclasses.dataclass(slots=True)
class ProcSlot:
    number: int
    pid: int
    kind: str
    database_oid: int
    user_oid: int
    xid: int
    xmin: int
    state: str
    backend_start: float


def slot_count() -> int:
    """Slots for processes; prepared transactions' slots are numbered after them."""
    return settings.get("max_connections") + AUXILIARY_SLOTS


def _total_slots() -> int:
    return slot_count() + settings.get("max_prepared_transactions")


def _init(region: shared_memory.Region) -> None:
    global _region, _count, _process_slots, _generation
    region.view[:] = bytes(region.size)
    _region = region
    _count = region.size // SLOT_SIZE
    _process_slots = min(slot_count(), _count)
    _generation = shared_memory.generation


shared_memory.request_region("ProcArray", lambda: _total_slots() * SLOT_SIZE + 8, _init)


def _completions_word() -> int:
    """Rule 9: the completion counter, after the last slot."""
    return _region.offset + _count * SLOT_SIZE


def _completed() -> None:
    """Rule 9; the caller holds ProcArrayLock exclusive."""
    word = _completions_word()
    _region.atomics.store_u64(word, _region.atomics.load_u64(word) + 1)


def _word(n: int, field_offset: int) -> int:
    return _region.offset + n * SLOT_SIZE + field_offset


def _text(value: str) -> bytes:
    return value.encode("utf-8")[:_TEXT].ljust(_TEXT, b"\0")


def backend_slots() -> range:
    """Rule 5: the client backends' slots."""
    return range(min(settings.get("max_connections"), _count))


def auxiliary_slot(kind: str) -> int:
    """Rule 5: the one slot of auxiliary process `kind` (an AUXILIARY_KINDS name)."""
    return settings.get("max_connections") + AUXILIARY_KINDS.index(kind)


def claim_slot(pid: int, kind: str, among: range | None = None) -> int:
    """Take a free slot for process `pid`, among the slots `among` (default: any, for
    initdb and tests); sets process_state.proc_number when `pid` is this process.
    FATAL 53300 if every one of them is taken."""
    lock = lwlock.named("ProcArrayLock")
    with lock.exclusive():
        view = _region.view
        for n in (range(_process_slots) if among is None else among):
            base = n * SLOT_SIZE
            if struct.unpack_from("<i", view, base)[0] == 0:
                view[base:base + SLOT_SIZE] = bytes(SLOT_SIZE)
                _SLOT.pack_into(view, base, pid, 0, 0, 0, 0, time.time(), _text(kind), _text("idle"))
                break
        else:
            raise FatalError("53300", "sorry, too many clients already")
    if pid == os.getpid():
        process_state.proc_number = n
    return n


def free_slots(among: range) -> int:
    """How many of the slots `among` are free (PostgreSQL's HaveNFreeProcs)."""
    lock = lwlock.named("ProcArrayLock")
    with lock.shared():
        view = _region.view
        return sum(1 for n in among if struct.unpack_from("<i", view, n * SLOT_SIZE)[0] == 0)


def release_slot(n: int) -> None:
    lock = lwlock.named("ProcArrayLock")
    with lock.exclusive():
        _region.view[n * SLOT_SIZE:(n + 1) * SLOT_SIZE] = bytes(SLOT_SIZE)
        _completed()
    if process_state.proc_number == n:
        process_state.proc_number = -1


def slots() -> list[ProcSlot]:
    """The claimed slots (pg_stat_activity)."""
    out = []
    lock = lwlock.named("ProcArrayLock")
    with lock.shared():
        view = _region.view
        for n in range(_count):
            pid, db, user, xid, xmin, start, kind, state = _SLOT.unpack_from(view, n * SLOT_SIZE)
            if pid:
                out.append(ProcSlot(n, pid, kind.rstrip(b"\0").decode(), db, user, xid, xmin,
                                    state.rstrip(b"\0").decode(), start))
    return out


def set_identity(n: int, database_oid: int, user_oid: int) -> None:
    struct.pack_into("<II", _region.view, n * SLOT_SIZE + 4, database_oid, user_oid)


def set_state(n: int, state: str) -> None:
    _region.view[n * SLOT_SIZE + _STATE_OFFSET:n * SLOT_SIZE + _STATE_OFFSET + _TEXT] = _text(state)


def set_xid(n: int, xid: int) -> None:
    """Owner only, under XidGenLock (invariant 1)."""
    _region.atomics.store_u64(_word(n, _XID_OFFSET), xid)


def clear_xid(n: int) -> None:
    """Owner only, at commit/abort, after the commit-log update (invariants 2, 4, 5): the
    xid, the subxid cache, its overflowed flag and xmin all go at once."""
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        _region.atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _OVERFLOWED_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _XID_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _XMIN_OFFSET), 0)
        _region.atomics.store_u64(_word(n, _STATUS_FLAGS_OFFSET), 0)
        _completed()
    finally:
        lock.release()


def set_status_flags(n: int, flags: int) -> None:
    """Owner only (rule 10): PROC_IN_VACUUM while a lazy VACUUM scans a table; cleared
    by the owner, or by clear_xid at the transaction's end."""
    _region.atomics.store_u64(_word(n, _STATUS_FLAGS_OFFSET), flags)


def add_prepared_xact(n: int, xid: int, subxids, database_oid: int, user_oid: int) -> None:
    """Publish a prepared transaction's xid and subxids in its slot (`n` >= slot_count(),
    rule 8). Beyond the cache's 64 the slot is marked overflowed (invariant 5): the caller
    makes sure pg_subtrans has every subxid's parent first (after a crash pg_subtrans
    is rebuilt, so recovery sets them again)."""
    if not slot_count() <= n < _count:
        raise PgError("XX000", f"proc-array slot {n} is not a prepared transaction's slot")
    subxids = list(subxids)
    cached = subxids[:SUBXID_CACHE_SIZE]
    atomics = _region.atomics
    lock = lwlock.named("ProcArrayLock")
    with lock.exclusive():
        struct.pack_into("<II", _region.view, n * SLOT_SIZE + 4, database_oid, user_oid)
        for i, subxid in enumerate(cached):
            atomics.store_u64(_word(n, _SUBXIDS_OFFSET + 8 * i), subxid)
        atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), len(cached))
        atomics.store_u64(_word(n, _OVERFLOWED_OFFSET), int(len(subxids) > len(cached)))
        atomics.store_u64(_word(n, _XMIN_OFFSET), 0)
        atomics.store_u64(_word(n, _XID_OFFSET), xid)
        _completed()


def subxid_count(n: int) -> int:
    return _region.atomics.load_u64(_word(n, _NSUBXIDS_OFFSET))


def is_overflowed(n: int) -> bool:
    return bool(_region.atomics.load_u64(_word(n, _OVERFLOWED_OFFSET)))


def add_subxid(n: int, xid: int) -> None:
    """Owner only, under XidGenLock, after pg_subtrans has the xid's parent (invariants
    4, 5). A full cache marks the slot overflowed instead of listing the xid."""
    count = subxid_count(n)
    if count >= SUBXID_CACHE_SIZE:
        _region.atomics.store_u64(_word(n, _OVERFLOWED_OFFSET), 1)
        return
    _region.atomics.store_u64(_word(n, _SUBXIDS_OFFSET + 8 * count), xid)
    _region.atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), count + 1)


def remove_subxids(n: int, xids) -> None:
    """Owner only, after the commit log marks `xids` aborted (invariant 4). xids that
    overflowed were never listed; the overflowed flag stays (invariant 5)."""
    gone = set(xids)
    if not gone:
        return
    atomics = _region.atomics
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        count = atomics.load_u64(_word(n, _NSUBXIDS_OFFSET))
        kept = [x for x in (atomics.load_u64(_word(n, _SUBXIDS_OFFSET + 8 * i))
                            for i in range(count)) if x not in gone]
        for i, x in enumerate(kept):
            atomics.store_u64(_word(n, _SUBXIDS_OFFSET + 8 * i), x)
        atomics.store_u64(_word(n, _NSUBXIDS_OFFSET), len(kept))
        _completed()
    finally:
        lock.release()


def _slot_subxids(atomics, slot_base: int) -> list[int]:
    count = min(atomics.load_u64(slot_base + _NSUBXIDS_OFFSET), SUBXID_CACHE_SIZE)
    return [atomics.load_u64(slot_base + _SUBXIDS_OFFSET + 8 * i) for i in range(count)]


def set_xmin(n: int, xmin: int) -> None:
    _region.atomics.store_u64(_word(n, _XMIN_OFFSET), xmin)


def get_snapshot(next_xid_loader, my_slot: int = -1) -> tuple[int, int, frozenset]:
    """(xmin, xmax, xip): `get_snapshot_data` without the suboverflowed flag."""
    return get_snapshot_data(next_xid_loader, my_slot)[:3]


def get_snapshot_data(next_xid_loader, my_slot: int = -1) -> tuple[int, int, frozenset, bool]:
    """(xmin, xmax, xip, suboverflowed) under ProcArrayLock shared. `next_xid_loader()`
    returns the current next xid; it is read *before* scanning so that every xid below
    it is either in a slot or already finished (invariant 1). Other slots' cached
    subxids are running too (invariant 4); if any other running slot overflowed, xip is
    incomplete and `suboverflowed` says so (invariant 5). `my_slot`'s own xids are left
    out of xip (and its overflow does not count: the owner knows its own xids) but its
    xid still bounds xmin."""
    global _last_snapshot
    lock = lwlock.named("ProcArrayLock")
    atomics = _region.atomics
    base = _region.offset
    suboverflowed = False
    lock.acquire(lwlock.SHARED)
    try:
        completions = atomics.load_u64(base + _count * SLOT_SIZE)
        key = (completions, my_slot, id(_region), _generation)
        last = _last_snapshot
        if last is not None and last[0] == key:
            return last[1]                   # rule 9: nothing finished since
        xmax = next_xid_loader()
        xmin = xmax
        running = []
        for n in range(_count):
            slot_base = base + n * SLOT_SIZE
            xid = atomics.load_u64(slot_base + _XID_OFFSET)
            if xid and xid < xmax:
                if xid < xmin:
                    xmin = xid
                if n != my_slot:
                    running.append(xid)
                    running.extend(x for x in _slot_subxids(atomics, slot_base) if x < xmax)
                    if atomics.load_u64(slot_base + _OVERFLOWED_OFFSET):
                        suboverflowed = True
        result = (xmin, xmax, frozenset(running), suboverflowed)
        _last_snapshot = (key, result)
    finally:
        lock.release()
    return result


# Rule 9: ((completion count, my_slot, region, generation), the snapshot data) of the
# last snapshot this process built.
_last_snapshot = None


_overflowed_xid_check = None


def register_overflowed_xid_check(fn) -> None:
    """The pg_subtrans layer (access/transam/subtrans.py, a higher layer) registers
    fn(xid, overflowed_tops) -> bool: is `xid` a live subtransaction of one of the
    running top xids `overflowed_tops`, whose slots overflowed (invariant 5)?"""
    global _overflowed_xid_check
    _overflowed_xid_check = fn


def xid_is_running(xid: int) -> bool:
    """Is `xid` some slot's xid or cached subxid, or a live subxid of an overflowed slot?
    (invariant 4: scanned under the shared lock, so a concurrent removal of other subxids
    cannot hide it; invariant 5: an xid not found while some slot that could own it
    overflowed is looked up in pg_subtrans afterwards, as PostgreSQL does)"""
    atomics = _region.atomics
    base = _region.offset
    overflowed_tops = []
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.SHARED)
    try:
        for n in range(_count):
            slot_base = base + n * SLOT_SIZE
            top = atomics.load_u64(slot_base + _XID_OFFSET)
            if top == xid:
                return True
            if top and top < xid:
                if xid in _slot_subxids(atomics, slot_base):
                    return True
                if atomics.load_u64(slot_base + _OVERFLOWED_OFFSET):
                    overflowed_tops.append(top)
    finally:
        lock.release()
    if not overflowed_tops:
        return False
    if _overflowed_xid_check is None:
        raise PgError("XX000", "a proc-array slot overflowed but no pg_subtrans check is registered")
    return _overflowed_xid_check(xid, overflowed_tops)


def oldest_xmin(next_xid: int) -> int:
    """The oldest xid any running transaction or snapshot of any process may still need
    (GetOldestTransactionIdConsideredRunning: what pg_subtrans must keep)."""
    atomics = _region.atomics
    base = _region.offset
    horizon = next_xid
    for n in range(_count):
        for off in (_XID_OFFSET, _XMIN_OFFSET):
            value = atomics.load_u64(base + n * SLOT_SIZE + off)
            if value and value < horizon:
                horizon = value
    return horizon


def removal_horizon(next_xid: int, database_oid: int | None, catalog: bool) -> int:
    """Rule 10: the oldest xid whose dead row versions some process may still see, for a
    relation of database `database_oid` (None: a shared catalog, every process counts), a
    system catalog if `catalog` (processes of no database count too: the catalog warmer
    reads every database's catalogs). A lazy VACUUM's snapshot (PROC_IN_VACUUM) counts
    nowhere; its xid, if it has one (VACUUM ANALYZE writes statistics), does.
    PostgreSQL: ComputeXidHorizons (shared / catalog / data horizons)."""
    atomics = _region.atomics
    view = _region.view
    base = _region.offset
    horizon = next_xid
    for n in range(_count):
        slot_base = base + n * SLOT_SIZE
        if database_oid is not None:
            slot_database = struct.unpack_from("<I", view, n * SLOT_SIZE + 4)[0]
            if slot_database != database_oid and (slot_database or not catalog):
                continue
        xid = atomics.load_u64(slot_base + _XID_OFFSET)
        if xid and xid < horizon:
            horizon = xid
        if not atomics.load_u64(slot_base + _STATUS_FLAGS_OFFSET) & PROC_IN_VACUUM:
            xmin = atomics.load_u64(slot_base + _XMIN_OFFSET)
            if xmin and xmin < horizon:
                horizon = xmin
    return horizon


def delay_checkpoint_start(n: int) -> bool:
    """Owner only: a commit record (or a hint bit's page image) is about to be inserted
    (invariant 6). True if this call started the delay, False if it was already on:
    then the caller must leave ending it to whoever started it."""
    word = _word(n, _DELAY_CHECKPOINT_OFFSET)
    value = _region.atomics.load_u64(word)
    if not value & 1:
        _region.atomics.store_u64(word, value + 1)
        return True
    return False


def delay_checkpoint_end(n: int) -> bool:
    """Owner only: pg_xact has the outcome (or the commit failed); idempotent. True if
    the slot was delaying checkpoints until now."""
    word = _word(n, _DELAY_CHECKPOINT_OFFSET)
    value = _region.atomics.load_u64(word)
    if value & 1:
        _region.atomics.store_u64(word, value + 1)
        return True
    return False


def checkpoint_delayers() -> dict[int, int]:
    """Slots in a commit right now: slot -> its (odd) counter (invariant 6)."""
    atomics = _region.atomics
    base = _region.offset
    out = {}
    for n in range(_count):
        value = atomics.load_u64(base + n * SLOT_SIZE + _DELAY_CHECKPOINT_OFFSET)
        if value & 1:
            out[n] = value
    return out


def still_delaying(delayers: dict[int, int]) -> bool:
    """Is any of `delayers` still in the commit it was in? (Its counter has not moved.)"""
    atomics = _region.atomics
    base = _region.offset
    return any(atomics.load_u64(base + n * SLOT_SIZE + _DELAY_CHECKPOINT_OFFSET) == value
               for n, value in delayers.items())


def is_initialised() -> bool:
    """True when the current shared-memory segment holds the proc array (cheap: the
    commit path asks on every transaction)."""
    return _region is not None and _generation == shared_memory.generation
