"""Two-phase commit and SSI: a prepared serializable transaction keeps its place in the
SSI structures after its backend has moved on, and gets it back after a restart.

The transaction manager's PREPARE TRANSACTION calls, in this order:
    predicate.pre_commit_check()   (like a commit: the last moment it may be chosen to die;
                                    afterwards nobody can choose it)
    prepare_record()               the bytes to keep in the two-phase state file
    post_prepare()                 once prepared: the Sxact is no longer this backend's
COMMIT PREPARED / ROLLBACK PREPARED, after the commit (abort) record and the proc array:
    finish_prepared(xid, is_commit, next_xid)
Startup, for each prepared transaction found in pg_twophase:
    recover_prepared(xid, record)

PostgreSQL: storage/lmgr/predicate.c (AtPrepare_PredicateLocks,
PostPrepare_PredicateLocks, PredicateLockTwoPhaseFinish, predicatelock_twophase_recover).
"""
from __future__ import annotations

import struct

from pgsnake.storage.lmgr import predicate, predicate_locks
from pgsnake.storage.lmgr import predicate_table as pt
from pgsnake.storage.lmgr.predicate_table import (INVALID_SEQ_NO, NONE, RECOVERY_SEQ_NO,
                                                   SxactFlag as F, TargetTag)
from pgsnake.utils.errors import OUT_OF_MEMORY, PgError

_RECORD_HEAD = struct.Struct("<QIII")       # xmin, flags, number of xids, number of locks
_RECORD_XID = struct.Struct("<Q")
_RECORD_LOCK = struct.Struct("<IIII")       # database, relation, page, offset


def prepare_record() -> bytes | None:
    """AtPrepare_PredicateLocks: what must survive a restart of our prepared transaction
    (None: not a serializable transaction with SSI state). Conflicts are not kept: new
    ones can appear after PREPARE anyway, and recovery assumes both kinds."""
    if not predicate.tracking:
        return None
    me = predicate.my_sxact()
    with predicate.xact_lock().shared():
        xids = pt.xids_of(me)
        flags = int(me.flags)
        xmin = me.xmin
    with predicate_locks.manager_lock().shared():
        tags = [pt.target_tag(pt.Target(lock.target)) for lock in pt.locks_of_sxact(me)]
    return (_RECORD_HEAD.pack(xmin, flags, len(xids), len(tags))
            + b"".join(_RECORD_XID.pack(x) for x in xids)
            + b"".join(_RECORD_LOCK.pack(*t) for t in tags))


def post_prepare() -> None:
    """PostPrepare_PredicateLocks: the Sxact now belongs to the prepared transaction, not
    to this backend."""
    if not predicate.tracking:
        return
    me = predicate.my_sxact()
    with predicate.xact_lock().exclusive():
        me.pid = 0
        me.proc = NONE
    predicate.forget_local()


def finish_prepared(xid: int, is_commit: bool, next_xid: int) -> None:
    """PredicateLockTwoPhaseFinish: COMMIT / ROLLBACK PREPARED of the transaction with
    top-level `xid`. Run on behalf of it, so this backend's own state is set aside."""
    with predicate.xact_lock().shared():
        sxact = pt.find_xid(xid)
    if sxact is None:
        return                         # it was not a serializable transaction
    state = predicate.BackendState()
    state.sxact = sxact.index
    state.did_write = True             # conservatively: it may have written
    own = predicate.switch_backend_state(state)
    try:
        predicate.release_predicate_locks(is_commit, next_xid)
    finally:
        predicate.switch_backend_state(own)


def recover_prepared(xid: int, record: bytes) -> None:
    """predicatelock_twophase_recover: rebuild a prepared transaction's Sxact and SIREAD
    locks at startup. Its conflicts are unknown, so it is assumed to have both a
    conflict in and a conflict out (the summary flags)."""
    xmin, flags, n_xids, n_locks = _RECORD_HEAD.unpack_from(record, 0)
    at = _RECORD_HEAD.size
    xids = [_RECORD_XID.unpack_from(record, at + 8 * i)[0] for i in range(n_xids)]
    at += 8 * n_xids
    tags = [TargetTag(*_RECORD_LOCK.unpack_from(record, at + 16 * i)) for i in range(n_locks)]
    with predicate.both_exclusive():
        sxact = pt.new_sxact()
        if sxact is None:
            raise PgError(OUT_OF_MEMORY, "out of shared memory")
        header = pt.header()
        sxact.vxid_backend, sxact.vxid_local = NONE, xid
        sxact.pid, sxact.proc = 0, NONE
        sxact.prepare_seq_no = RECOVERY_SEQ_NO
        sxact.commit_seq_no = INVALID_SEQ_NO
        sxact.last_commit_before_snapshot = RECOVERY_SEQ_NO
        sxact.top_xid, sxact.xmin = xid, xmin
        sxact.flags = (F(flags) & ~(F.DEFERRABLE_WAITING | F.ON_FINISHED_LIST)
                       | F.PREPARED | F.SUMMARY_CONFLICT_IN | F.SUMMARY_CONFLICT_OUT)
        if not sxact.flags & F.READ_ONLY:
            header.writable_count += 1
        for each in xids or [xid]:
            pt.add_xid(each, sxact)
        # Prepared transactions are recovered in any order: the oldest xmin may go back.
        if not header.global_xmin or xmin < header.global_xmin:
            header.global_xmin, header.global_xmin_count = xmin, 1
            pt.summary_set_tail(xmin)
        elif xmin == header.global_xmin:
            header.global_xmin_count += 1
        for tag in tags:
            target = pt.find_or_create_target(tag)
            if pt.find_lock(target, sxact) is None:
                pt.new_lock(target, sxact)
