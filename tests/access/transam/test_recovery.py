# Proves crash recovery: after a "crash" (shared memory dropped and re-created, commit log
# bits lost) startup_recovery replays every record from the last checkpoint's redo point
# through the rmgr table, restores commit-log state and next xid/OID, ends cleanly at a
# torn tail (which it zeroes), writes an end-of-recovery checkpoint and opens for new WAL;
# checkpoints move the redo point and remove old segments.
import os
import shutil

import pytest

from pgsnake.access.transam import checkpoint, commit_log, recovery, transaction_ids, xact
from pgsnake.access.transam.wal import control_file, lsn, segment_files, wal
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils import process_state

from conftest import SEGMENT_SIZE

TEST_RMGR = wal.RmgrId.GENERIC
replayed: list[bytes] = []


@pytest.fixture(autouse=True)
def test_rmgr():
    replayed.clear()
    wal.register_rmgr(TEST_RMGR, "Generic", lambda rec: replayed.append(rec.main_data),
                      lambda rec: rec.main_data.decode())
    yield


def crash(lose_commit_log=False):
    """Every process dies: shared memory is rebuilt, per-process caches are gone."""
    lwlock.release_all()
    segment_files.close_all()
    commit_log.forget_cache()
    xact.reset_for_tests()
    if lose_commit_log:
        shutil.rmtree("pg_xact", ignore_errors=True)
    shared_memory.create_segment()


def commit_one(payload: bytes) -> int:
    xact.start_transaction_command()
    xid = xact.get_current_xid()
    wal.insert_record(TEST_RMGR, 0, payload, xid=xid)
    xact.commit_transaction_command()
    return xid


def test_clean_shutdown_needs_no_replay(cluster):
    wal.flush(wal.insert_record(TEST_RMGR, 0, b"before"))
    recovery.shutdown_checkpoint()
    assert control_file.read().state == control_file.DBState.SHUTDOWNED
    crash()
    cf = recovery.startup_recovery()
    assert replayed == [] and cf.state == control_file.DBState.IN_PRODUCTION
    assert recovery.statistics["records_replayed"] == 1          # the checkpoint record itself
    end = wal.insert_record(TEST_RMGR, 0, b"after")
    wal.flush(end)
    assert [r.main_data for r in wal.read_records(cf.redo_lsn)][-1] == b"after"


def test_crash_recovery_replays_commits(cluster, monkeypatch):
    slot = proc_array.claim_slot(os.getpid(), "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    xids = [commit_one(f"row {i}".encode()) for i in range(50)]
    xact.start_transaction_command()
    loser = xact.get_current_xid()                         # in progress at the crash
    wal.flush(wal.insert_record(TEST_RMGR, 0, b"uncommitted", xid=loser))
    crash(lose_commit_log=True)
    monkeypatch.setattr(process_state, "proc_number", -1)
    assert control_file.read().state == control_file.DBState.IN_PRODUCTION   # i.e. not shut down
    cf = recovery.startup_recovery()
    assert replayed == [f"row {i}".encode() for i in range(50)] + [b"uncommitted"]
    assert all(commit_log.xid_status(x) == "committed" for x in xids)
    assert commit_log.xid_status(loser) == "in_progress"      # never committed: invisible
    assert transaction_ids.read_next_xid() == loser + 1
    assert cf.state == control_file.DBState.IN_PRODUCTION
    assert cf.checkpoint_lsn > xids[0]                         # end-of-recovery checkpoint
    assert wal.read_record_at(cf.checkpoint_lsn).info == 0x00  # written as a shutdown checkpoint


def test_torn_tail_ends_recovery_and_is_zeroed(cluster):
    ends = [wal.insert_record(TEST_RMGR, 0, bytes([65 + i]) * 700) for i in range(10)]
    wal.flush(ends[-1])
    end_of_wal = ends[-1]
    # A record that was being written when the power failed: a plausible header, garbage body.
    with open(lsn.segment_path(1, lsn.segment_number(end_of_wal)), "r+b") as fh:
        fh.seek(lsn.segment_offset(end_of_wal))
        fh.write((5000).to_bytes(4, "little") + os.urandom(3000))
    crash()
    recovery.startup_recovery()
    assert len(replayed) == 10
    assert recovery.statistics["redo_end"] == end_of_wal
    assert recovery.statistics["end_reason"]              # e.g. bad prev-link or checksum
    # The end-of-recovery checkpoint went at the old end; after it there are only zeroes.
    position = wal.insert_lsn()
    assert end_of_wal < position < end_of_wal + 200
    with open(lsn.segment_path(1, lsn.segment_number(position)), "rb") as fh:
        fh.seek(lsn.segment_offset(position))
        assert fh.read(end_of_wal + 3004 - position) == bytes(end_of_wal + 3004 - position)
    after = wal.insert_record(TEST_RMGR, 0, b"new life")
    wal.flush(after)
    datas = [r.main_data for r in wal.read_records(control_file.read().redo_lsn)]
    assert datas[-1] == b"new life"
    crash()
    replayed.clear()
    recovery.startup_recovery()
    assert replayed == [b"new life"]


def test_checkpoint_moves_redo_and_removes_old_segments(cluster):
    for i in range(300):
        wal.insert_record(TEST_RMGR, 0, b"x" * 8000)
    wal.flush(wal.insert_lsn())
    assert len(segment_files.existing_segments()) >= 3
    cp = checkpoint.create_checkpoint()
    cf = control_file.read()
    assert cf.checkpoint_lsn == cp and cf.redo_lsn <= cp and cf.redo_lsn == wal.redo_pointer()
    assert cf.state == control_file.DBState.IN_PRODUCTION
    assert [s[2] for s in segment_files.existing_segments()] == [lsn.segment_number(cf.redo_lsn)]
    wal.flush(wal.insert_record(TEST_RMGR, 0, b"after checkpoint"))
    crash()
    recovery.startup_recovery()
    assert replayed == [b"after checkpoint"]


def test_oids_survive_a_crash(cluster):
    first = [transaction_ids.get_new_oid() for _ in range(3)]
    assert first == [16384, 16385, 16386]
    wal.flush(wal.insert_lsn())
    crash()
    recovery.startup_recovery()
    # The NEXTOID record promised 16384 + 8192: nothing below it is handed out again.
    assert transaction_ids.get_new_oid() >= 16384 + 8192


def test_missing_checkpoint_record_is_a_panic(cluster):
    cf = control_file.read()
    cf.checkpoint_lsn += 8
    control_file.write(cf)
    crash()
    with pytest.raises(Exception, match="could not locate a valid checkpoint record"):
        recovery.startup_recovery()


def test_checkpoint_request_served_by_a_checkpointer(cluster, monkeypatch):
    from forking import run_in_children
    monkeypatch.setattr(process_state, "is_under_postmaster", True)
    before = control_file.read().checkpoint_lsn
    wal.flush(wal.insert_record(TEST_RMGR, 0, b"something"))
    pid = os.fork()
    if pid == 0:                       # the "checkpointer"
        lwlock.forget_held_after_fork()
        import time
        deadline = time.time() + 10
        while time.time() < deadline:
            if checkpoint.pending_request():
                checkpoint.run_requested_checkpoint()
                os._exit(0)
            time.sleep(0.005)
        os._exit(1)
    checkpoint.request_checkpoint(wait=True)
    _, status = os.waitpid(pid, 0)
    assert status == 0
    assert control_file.read().checkpoint_lsn > before


@pytest.mark.parametrize("page_written", [True, False])
def test_lost_async_commit_is_not_half_visible(cluster, monkeypatch, page_written):
    from pgsnake.utils import settings
    slot = proc_array.claim_slot(os.getpid(), "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    # An earlier transaction starts pg_xact's page; the checkpoint puts its zeroing
    # before the redo point, so replay does not zero the page again.
    commit_one(b"earlier")
    checkpoint.create_checkpoint()
    replayed.clear()
    settings.set_value("synchronous_commit", "off")
    try:
        xact.start_transaction_command()
        xid = xact.get_current_xid()
        wal.flush(wal.insert_record(TEST_RMGR, 0, b"first half", xid=xid))   # reached disk
        wal.insert_record(TEST_RMGR, 0, b"second half", xid=xid)             # lost
        xact.commit_transaction_command()
    finally:
        settings.set_value("synchronous_commit", "on")
    assert commit_log.xid_status(xid) == "committed"       # set at once, in the buffer
    if page_written:
        # The pg_xact page reaches disk before the commit record does (an eviction or
        # a checkpoint's write could do it): recovery must take the commit back.
        commit_log.XACT_LOG.write_all()
    crash()                                                  # the WAL tail is lost
    recovery.startup_recovery()
    assert replayed == [b"first half"]
    # Either way it is not committed: aborted if the bits had reached disk, else never
    # finished (and not running, so invisible like an aborted one).
    assert commit_log.xid_status(xid) == ("aborted" if page_written else "in_progress")


@pytest.mark.parametrize("outcome", ["commit", "abort"])
def test_files_a_transaction_removes_are_in_its_record_and_redone(cluster, monkeypatch,
                                                                    outcome):
    # DROP TABLE removes files after its commit record is written; CREATE TABLE's are
    # removed after the abort record. A crash between the record and the unlink must not
    # leave an orphan: the record lists the files and redo removes them.
    from pgsnake.access.transam import pending_deletes, smgr_records, xact_records
    from pgsnake.storage.smgr import storage_manager as smgr
    from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
    slot = proc_array.claim_slot(os.getpid(), "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    doomed = RelFileLocator(1663, 5, 424242)
    os.makedirs("base/5", exist_ok=True)
    xact.start_transaction_command()
    xact.get_current_xid()
    smgr.create(doomed, ForkNumber.MAIN)
    smgr_records.log_create(doomed, ForkNumber.MAIN)
    assert os.path.exists("base/5/424242"), os.listdir("base/5")
    pending_deletes.schedule(doomed, at_commit=(outcome == "commit"))
    crashed_before_unlink = []
    real = pending_deletes.remove_files, pending_deletes.remove_files_quietly
    monkeypatch.setattr(pending_deletes, "remove_files", crashed_before_unlink.extend)
    monkeypatch.setattr(pending_deletes, "remove_files_quietly", crashed_before_unlink.extend)
    if outcome == "commit":
        xact.commit_transaction_command()
    else:
        xact.abort_current_transaction()
    wal.flush(wal.insert_lsn())
    assert crashed_before_unlink == [doomed] and os.path.exists("base/5/424242")
    monkeypatch.setattr(pending_deletes, "remove_files", real[0])          # redo's turn
    monkeypatch.setattr(pending_deletes, "remove_files_quietly", real[1])
    record = [r for r in wal.read_records(control_file.read().redo_lsn)
              if r.rmid == wal.RmgrId.XACT][-1]
    assert xact_records.parse(record.info, record.main_data).rels == (doomed,)
    assert "rels: base/5/424242" in xact_records.describe(record)
    crash()
    recovery.startup_recovery()
    assert not os.path.exists("base/5/424242")
