# Proves the commit/checkpoint interlock (PostgreSQL's DELAY_CHKPT_START) that pg_xact in
# shared buffers needs: a checkpoint that chooses its redo point while a commit has
# inserted its record but not yet set its pg_xact bits waits for that commit, so the bits
# are in the pg_xact pages it writes and survive a crash although replay starts after the
# commit record. Without the interlock the same sequence loses the commit (the reason it
# exists). A normal commit leaves nothing delaying checkpoints, also when it fails.
import os
import pickle
import time

import pytest

from pgsnake.utils.errors import PanicError

from pgsnake.access.transam import checkpoint, commit_log, recovery, xact, xact_records
from pgsnake.access.transam.wal import control_file, segment_files, wal
from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state


def _fork_checkpointer(slot):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        lwlock.forget_held_after_fork()
        process_state.after_fork("checkpointer")
        process_state.proc_number = slot
        code = 0
        try:
            checkpoint.create_checkpoint()
        except BaseException:
            code = 1
        with os.fdopen(write_end, "wb") as fh:
            pickle.dump(code, fh)
        os._exit(code)
    os.close(write_end)
    return pid, read_end


def _finish(pid, read_end):
    with os.fdopen(read_end, "rb") as fh:
        code = pickle.load(fh)
    os.waitpid(pid, 0)
    assert code == 0


def _crash_and_recover():
    lwlock.release_all()
    segment_files.close_all()
    commit_log.forget_cache()
    xact.reset_for_tests()
    shared_memory.create_segment()
    process_state.proc_number = -1
    recovery.startup_recovery()


@pytest.mark.parametrize("interlock", [True, False])
def test_checkpoint_waits_for_a_commit_between_record_and_pg_xact(backend, interlock):
    checkpointer_slot = proc_array.claim_slot(4343, "checkpointer")
    xact.start_transaction_command()
    xid = xact.get_current_xid()
    # The first half of a commit: the record is durable, pg_xact does not have it yet.
    if interlock:
        checkpoint.delay_start()
    has_info, data = xact_records.pack(xact_records.timestamp_now())
    wal.flush(wal.insert_record(wal.RmgrId.XACT, xact_records.XLOG_XACT_COMMIT | has_info,
                                data, xid=xid))
    before = control_file.read().checkpoint_lsn
    pid, read_end = _fork_checkpointer(checkpointer_slot)
    if interlock:
        time.sleep(0.5)
        assert os.waitpid(pid, os.WNOHANG) == (0, 0)          # still waiting for us
        assert control_file.read().checkpoint_lsn == before
    else:
        _finish(pid, read_end)                                # done before our pg_xact
    # The second half: pg_xact, then the interlock ends (waking the checkpointer).
    commit_log.set_status(xid, commit_log.COMMITTED)
    if interlock:
        started = time.monotonic()
        checkpoint.delay_end()
        _finish(pid, read_end)
        assert time.monotonic() - started < 5
    assert control_file.read().redo_lsn > before
    _crash_and_recover()                   # replay starts after the commit record
    assert commit_log.xid_status(xid) == ("committed" if interlock else "in_progress")


def test_commits_leave_no_delay_behind(backend, monkeypatch):
    xact.start_transaction_command()
    xact.get_current_xid()
    xact.commit_transaction_command()
    assert proc_array.checkpoint_delayers() == {}
    # A commit that fails after its record (here: the WAL flush) is a PANIC, as in
    # PostgreSQL: the record may reach disk through another backend's flush, so no abort
    # may be written. The cluster restarts, so the delay left behind is never waited for.
    xact.start_transaction_command()
    xact.get_current_xid()

    def failing_flush(lsn):
        raise OSError("flush failed")
    monkeypatch.setattr(wal, "flush", failing_flush)
    with pytest.raises(PanicError):
        xact.commit_transaction_command()
