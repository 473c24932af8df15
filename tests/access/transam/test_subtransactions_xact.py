# Proves the subtransaction machinery inside one process: parents get xids before
# children, "is this xid mine" covers the top xid and every level not rolled back
# (released children included), other backends' snapshots and xid_is_running see
# running subxids, ROLLBACK TO marks a level's xids aborted and drops them from the
# proc array, COMMIT marks every live subxid committed, and the commit/abort records list
# the subxids so that crash recovery (with pg_xact lost) restores the same outcomes.
import shutil

import pytest

from pgsnake.access.transam import commit_log, recovery, xact, xact_records
from pgsnake.access.transam.wal import segment_files, wal
from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError


def statement(body=None):
    """What tcop does around one statement."""
    xact.start_transaction_command()
    try:
        result = body() if body else None
    except Exception:
        xact.abort_current_transaction()
        raise
    xact.commit_transaction_command()
    return result


def others_snapshot():
    return proc_array.get_snapshot(lambda: __import__(
        "pgsnake.access.transam.transaction_ids", fromlist=["x"]).read_next_xid(), -1)


def test_xids_parent_first_and_mine(backend):
    statement(xact.begin_transaction_block)
    statement(lambda: xact.define_savepoint("a"))
    statement(lambda: xact.define_savepoint("b"))
    inner = statement(xact.get_current_xid)
    top = xact.get_top_xid_if_any()
    assert top and inner == top + 2                 # top, then a, then b
    a_xid = inner - 1
    assert all(xact.is_current_xid(x) for x in (top, a_xid, inner))
    assert proc_array.xid_is_running(a_xid) and proc_array.xid_is_running(inner)
    xmin, xmax, xip = others_snapshot()
    assert {top, a_xid, inner} <= xip and xmin == top
    snap = statement(xact.get_transaction_snapshot)
    assert snap.curxid == inner and snap.curxids == {top, a_xid, inner}
    assert not {top, a_xid, inner} & snap.xip      # own xids are never "running" to us
    statement(lambda: xact.release_savepoint("b"))
    assert xact.subtransaction_depth() == 1 and xact.is_current_xid(inner)
    statement(lambda: xact.rollback_to_savepoint("a"))
    assert xact.subtransaction_depth() == 1         # a is defined again
    assert not xact.is_current_xid(a_xid) and not xact.is_current_xid(inner)
    assert commit_log.xid_status(a_xid) == commit_log.xid_status(inner) == "aborted"
    assert not proc_array.xid_is_running(inner) and proc_array.xid_is_running(top)
    again = statement(xact.get_current_xid)
    assert again > inner and xact.is_current_xid(again)
    statement(xact.end_transaction_block)
    assert commit_log.xid_status(top) == commit_log.xid_status(again) == "committed"
    assert commit_log.xid_status(a_xid) == "aborted"
    assert not proc_array.xid_is_running(again) and proc_array.subxid_count(backend) == 0


def test_block_errors(backend):
    with pytest.raises(PgError) as e:
        statement(lambda: xact.define_savepoint("a"))
    assert (e.value.sqlstate, str(e.value.message)) == (
        "25P01", "SAVEPOINT can only be used in transaction blocks")
    statement(xact.begin_transaction_block)
    with pytest.raises(PgError) as e:
        statement(lambda: xact.release_savepoint("zz"))
    assert e.value.sqlstate == "3B001" and xact.transaction_status() == "E"
    statement(xact.user_abort_transaction_block)
    assert xact.transaction_status() == "I"


def test_error_aborts_only_the_innermost_level(backend):
    statement(xact.begin_transaction_block)
    top = statement(xact.get_current_xid)
    statement(lambda: xact.define_savepoint("a"))
    sub = statement(xact.get_current_xid)

    def boom():
        raise PgError("22012", "division by zero")
    with pytest.raises(PgError):
        statement(boom)
    assert xact.transaction_status() == "E"
    assert commit_log.xid_status(sub) == "aborted" and not proc_array.xid_is_running(sub)
    assert proc_array.xid_is_running(top)
    statement(lambda: xact.rollback_to_savepoint("a"))
    assert xact.transaction_status() == "T"
    statement(xact.end_transaction_block)
    assert commit_log.xid_status(top) == "committed"


def test_rollback_of_failed_subtransaction_block_aborts_top(backend):
    statement(xact.begin_transaction_block)
    statement(lambda: xact.define_savepoint("a"))
    sub = statement(xact.get_current_xid)
    top = xact.get_top_xid_if_any()
    statement(lambda: xact.define_savepoint("b"))
    with pytest.raises(PgError):
        statement(lambda: xact.release_savepoint("nope"))
    statement(xact.end_transaction_block)           # COMMIT of a failed block
    assert xact.transaction_status() == "I"
    assert commit_log.xid_status(top) == commit_log.xid_status(sub) == "aborted"
    assert not proc_array.xid_is_running(top) and proc_array.subxid_count(backend) == 0


def test_subxid_cache_overflow_marks_the_slot(backend):
    """Past 64 live subxids the slot is marked overflowed instead of failing (54000 until
    pg_subtrans existed); other processes still find every subxid, through pg_subtrans."""
    from pgsnake.access.transam import subtrans, transaction_ids
    from pgsnake.access.transam.snapshot import Snapshot, xid_in_snapshot
    statement(xact.begin_transaction_block)
    top = statement(xact.get_current_xid)
    subxids = []
    for n in range(proc_array.SUBXID_CACHE_SIZE + 10):
        statement(lambda: xact.define_savepoint(f"s{n}"))
        subxids.append(statement(xact.get_current_xid))
    assert proc_array.subxid_count(backend) == proc_array.SUBXID_CACHE_SIZE
    assert proc_array.is_overflowed(backend)
    assert subtrans.parent_of(subxids[0]) == top
    assert all(subtrans.parent_of(c) == p for p, c in zip(subxids, subxids[1:]))
    assert subtrans.topmost(subxids[-1], 0) == top
    xmin, xmax, xip, suboverflowed = proc_array.get_snapshot_data(
        transaction_ids.read_next_xid, -1)                   # another process's view
    assert suboverflowed and top in xip and not xip & set(subxids[64:])
    theirs = Snapshot(xmin, xmax, xip, suboverflowed=suboverflowed)
    assert all(xid_in_snapshot(x, theirs) for x in subxids)
    assert all(proc_array.xid_is_running(x) for x in subxids)
    # Our own snapshot is not suboverflowed: we know our own xids.
    assert not statement(xact.get_transaction_snapshot).suboverflowed

    statement(lambda: xact.rollback_to_savepoint("s70"))    # aborts s70..s73
    gone, alive = subxids[70:], subxids[:70]
    assert all(commit_log.xid_status(x) == "aborted" for x in gone)
    assert not any(proc_array.xid_is_running(x) for x in gone)   # listed nowhere, aborted
    assert all(proc_array.xid_is_running(x) for x in alive)
    assert proc_array.is_overflowed(backend)                     # until the end

    statement(xact.end_transaction_block)
    assert not proc_array.is_overflowed(backend) and proc_array.subxid_count(backend) == 0
    assert all(commit_log.xid_status(x) == "committed" for x in [top, *alive])
    assert all(commit_log.xid_status(x) == "aborted" for x in gone)
    assert not any(proc_array.xid_is_running(x) for x in [top, *subxids])
    assert not proc_array.get_snapshot_data(transaction_ids.read_next_xid, -1)[3]


def test_records_list_subxids_and_recovery_restores_them(backend, monkeypatch):
    start = wal.insert_lsn()
    statement(xact.begin_transaction_block)
    top = statement(xact.get_current_xid)
    statement(lambda: xact.define_savepoint("kept"))
    kept = statement(xact.get_current_xid)
    statement(lambda: xact.release_savepoint("kept"))
    statement(lambda: xact.define_savepoint("lost"))
    lost = statement(xact.get_current_xid)
    statement(lambda: xact.rollback_to_savepoint("lost"))
    statement(lambda: xact.define_savepoint("open"))
    still_open = statement(xact.get_current_xid)
    restarted = still_open - 1       # "lost" again, after ROLLBACK TO: parents go first
    statement(xact.end_transaction_block)
    recs = [r for r in wal.read_records(start) if r.rmid == wal.RmgrId.XACT]
    has_info = xact_records.XLOG_XACT_HAS_INFO
    assert [(r.info, r.xid, list(xact_records.parse(r.info, r.main_data).subxids))
            for r in recs] == [
        (xact_records.XLOG_XACT_ABORT, lost, []),
        (xact_records.XLOG_XACT_COMMIT | has_info, top, [kept, restarted, still_open])]
    assert f"subxacts: {kept} {restarted} {still_open}" in xact_records.describe(recs[-1])
    wal.flush(wal.insert_lsn())
    # Crash, losing pg_xact: redo alone must bring the outcomes back.
    lwlock.release_all()
    segment_files.close_all()
    commit_log.forget_cache()
    xact.reset_for_tests()
    shutil.rmtree("pg_xact", ignore_errors=True)
    shared_memory.create_segment()
    monkeypatch.setattr(process_state, "proc_number", -1)
    recovery.startup_recovery()
    assert [commit_log.xid_status(x) for x in (top, kept, lost, restarted, still_open)] == [
        "committed", "committed", "aborted", "committed", "committed"]
