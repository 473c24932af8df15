# Proves two-phase commit inside one process, through xact and twophase as tcop drives
# them: PREPARE hands the xid (and subxids) to a dummy proc-array slot and the
# transaction's locks to the dummy lock-table proc, and ends the backend's transaction;
# COMMIT/ROLLBACK PREPARED writes its record, settles pg_xact, removes the right files and
# releases the locks; every refusal has PostgreSQL's SQLSTATE and text and leaves nothing
# behind; and a prepared transaction survives a crash, recovered from WAL or from the
# pg_twophase file a checkpoint wrote, with stale or corrupt files handled at startup.
import os
import shutil

import pytest

from pgsnake.access.transam import (checkpoint, commit_log, pending_deletes, recovery,
                                    twophase, twophase_recovery, twophase_records as tr, xact,
                                    xact_records)
from pgsnake.access.transam.wal import segment_files, wal
from pgsnake.storage.ipc import proc_array, shared_memory
from pgsnake.storage.lmgr import lock, lock_modes, lock_table, lock_tag, lwlock
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import RelFileLocator
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import PgError

REL = lock_tag.relation(5, 16384)
MAX_PREPARED = 3


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


def _become_backend(monkeypatch):
    slot = proc_array.claim_slot(4242, "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    lock.forget_after_fork()
    return slot


@pytest.fixture
def backend2pc(data_directory, monkeypatch):
    """A cluster with max_prepared_transactions = 3, this process its backend in
    database 5 as the bootstrap superuser (oid 10)."""
    settings.set_value("max_prepared_transactions", str(MAX_PREPARED), source="default",
                       check_context=False)
    shared_memory.create_segment()
    recovery.bootstrap_wal(recovery.new_system_identifier())
    recovery.startup_recovery()
    monkeypatch.setattr(process_state, "database_oid", 5)
    monkeypatch.setattr(process_state, "user_oid", 10)
    monkeypatch.setattr(process_state, "is_superuser", True)
    monkeypatch.setattr(pending_deletes, "_pending", [])
    slot = _become_backend(monkeypatch)
    yield slot
    lock.forget_after_fork()
    settings.set_value("max_prepared_transactions", "0", source="default", check_context=False)


def crash_and_recover(monkeypatch):
    """Lose every process and shared memory (pg_xact and WAL stay), then start again."""
    lwlock.release_all()
    segment_files.close_all()
    commit_log.forget_cache()
    xact.reset_for_tests()
    pending_deletes._pending.clear()
    shared_memory.create_segment()
    monkeypatch.setattr(process_state, "proc_number", -1)
    recovery.startup_recovery()
    return _become_backend(monkeypatch)


def prepare(gid, body=None):
    statement(xact.begin_transaction_block)
    xid = statement(xact.get_current_xid)
    if body:
        statement(body)
    answer = []
    statement(lambda: answer.append(xact.prepare_transaction_block(gid)))
    assert answer == [True] and xact.transaction_status() == "I"
    return xid


def holders_of(tag):
    with lwlock.named("LockManagerLock").shared():
        entry = lock_table.find_lock(tag)
        if entry is None:
            return []
        return [(proc, lock_modes.modes_in(mask)) for _, proc, mask in lock_table.holders(entry)]


def error_of(fn):
    with pytest.raises(PgError) as e:
        fn()
    return e.value.sqlstate, e.value.message, e.value.hint


def test_prepare_hands_over_and_commit_prepared_finishes(backend2pc):
    me = backend2pc
    start = wal.insert_lsn()
    statement(xact.begin_transaction_block)
    xid = statement(xact.get_current_xid)
    statement(lambda: lock.acquire(REL, lock_modes.ROW_EXCLUSIVE))
    statement(lambda: xact.define_savepoint("s"))
    sub = statement(xact.get_current_xid)
    statement(lambda: lock.acquire(lock_tag.advisory_int8(5, 7), lock_modes.EXCLUSIVE, session=True))
    answer = []
    statement(lambda: answer.append(xact.prepare_transaction_block("g1")))
    assert answer == [True] and xact.transaction_status() == "I"

    (entry,) = twophase.entries()
    dummy = proc_array.slot_count() + entry.index
    assert (entry.state, entry.gid, entry.xid, entry.locking_proc) == (
        twophase.PREPARED, "g1", xid, twophase.NOBODY)
    assert proc_array.xid_is_running(xid) and proc_array.xid_is_running(sub)
    assert [s.xid for s in proc_array.slots() if s.number == me] == [0]
    assert commit_log.xid_status(xid) == commit_log.xid_status(sub) == "in_progress"
    rows = twophase.pg_prepared_xact()
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [(xid, "g1", 10, 5)]
    # The transaction's locks moved; the session's advisory lock stayed.
    assert holders_of(REL) == [(dummy, [lock_modes.ROW_EXCLUSIVE])]
    assert holders_of(lock_tag.transaction(xid)) == [(dummy, [lock_modes.EXCLUSIVE])]
    # The subtransaction ended with the PREPARE: its xid lock went (waiters go on to the
    # top xid), as PostgreSQL releases it at subcommit.
    assert holders_of(lock_tag.transaction(sub)) == []
    assert [t for t, _, _ in lock.held_locks()] == [lock_tag.advisory_int8(5, 7)]
    with lwlock.named("LockManagerLock").shared():
        assert lock_table.prepared_virtual_xid(dummy) == (me + 1, lock.current_virtual_xid_parts()[1])

    (rec,) = [r for r in wal.read_records(start) if r.rmid == wal.RmgrId.XACT]
    assert (rec.info, rec.xid) == (xact_records.XLOG_XACT_PREPARE, xid)
    state = tr.parse_state(rec.main_data)
    assert (state.gid, state.xid, state.subxids, state.database, state.owner) == (
        "g1", xid, (sub,), 5, 10)
    locked = sorted((tr.unpack_lock_record(data)) for rmid, _, data in state.records
                    if rmid == tr.RM_LOCK)
    assert locked == sorted([(REL.pack(), lock_modes.ROW_EXCLUSIVE),
                             (lock_tag.transaction(xid).pack(), lock_modes.EXCLUSIVE)])

    finish_start = wal.insert_lsn()
    statement(lambda: twophase.finish_prepared("g1", True))
    assert commit_log.xid_status(xid) == commit_log.xid_status(sub) == "committed"
    assert not proc_array.xid_is_running(xid) and not proc_array.xid_is_running(sub)
    assert holders_of(REL) == [] and twophase.entries() == []
    (done,) = [r for r in wal.read_records(finish_start) if r.rmid == wal.RmgrId.XACT]
    assert done.info & xact_records.XLOG_XACT_OPMASK == xact_records.XLOG_XACT_COMMIT_PREPARED
    assert done.xid == 0 and xact_records.settled_xids(done) == [xid, sub]
    assert xact_records.describe(done).startswith(f"{xid}: ") and f"subxacts: {sub}" in \
        xact_records.describe(done)
    lock.release_all(include_session=True)


def test_prepare_refusals_leave_nothing_behind(backend2pc):
    statement(xact.begin_transaction_block)
    xid = statement(xact.get_current_xid)
    long_gid = "x" * tr.GIDSIZE
    assert error_of(lambda: statement(lambda: (xact.prepare_transaction_block(long_gid)))) == (
        "22023", f'transaction identifier "{long_gid}" is too long', None)
    assert xact.transaction_status() == "I" and commit_log.xid_status(xid) == "aborted"
    assert twophase.entries() == []

    prepare("taken")
    statement(xact.begin_transaction_block)
    assert error_of(lambda: statement(lambda: xact.prepare_transaction_block("taken"))) == (
        "42710", 'transaction identifier "taken" is already in use', None)

    # An object locked by both the session and the transaction cannot be prepared; the
    # reserved entry is freed again.
    statement(xact.begin_transaction_block)
    statement(lambda: lock.acquire(REL, lock_modes.SHARE, session=True))
    statement(lambda: lock.acquire(REL, lock_modes.ROW_SHARE))
    assert error_of(lambda: statement(lambda: xact.prepare_transaction_block("mixed"))) == (
        "0A000", "cannot PREPARE while holding both session-level and transaction-level "
                 "locks on the same object", None)
    assert [e.gid for e in twophase.entries()] == ["taken"]
    lock.release_all(include_session=True)

    prepare("two")
    prepare("three")
    statement(xact.begin_transaction_block)
    assert error_of(lambda: statement(lambda: xact.prepare_transaction_block("four"))) == (
        "53200", "maximum number of prepared transactions reached",
        f"Increase max_prepared_transactions (currently {MAX_PREPARED}).")

    settings.set_value("max_prepared_transactions", "0", source="default", check_context=False)
    statement(xact.begin_transaction_block)
    assert error_of(lambda: statement(lambda: xact.prepare_transaction_block("off"))) == (
        "55000", "prepared transactions are disabled",
        "Set max_prepared_transactions to a nonzero value.")

    # In a failed block PREPARE rolls back; outside a block it warns.
    statement(xact.begin_transaction_block)
    with pytest.raises(PgError):
        statement(lambda: (_ for _ in ()).throw(PgError("22012", "division by zero")))
    assert statement(lambda: xact.prepare_transaction_block("failed")) is False
    assert xact.transaction_status() == "I"
    assert statement(lambda: xact.prepare_transaction_block("none")) is False
    assert [(n.sqlstate, n.message) for n in xact.pending_notices()] == [
        ("25P01", "there is no transaction in progress")]


def test_finish_refusals(backend2pc, monkeypatch):
    prepare("g")
    assert error_of(lambda: twophase.finish_prepared("nope", True)) == (
        "42704", 'prepared transaction with identifier "nope" does not exist', None)
    monkeypatch.setattr(process_state, "user_oid", 99)
    monkeypatch.setattr(process_state, "is_superuser", False)
    assert error_of(lambda: statement(lambda: twophase.finish_prepared("g", True))) == (
        "42501", "permission denied to finish prepared transaction",
        "Must be superuser or the user that prepared the transaction.")
    monkeypatch.setattr(process_state, "is_superuser", True)
    monkeypatch.setattr(process_state, "database_oid", 1)
    assert error_of(lambda: statement(lambda: twophase.finish_prepared("g", False))) == (
        "0A000", "prepared transaction belongs to another database",
        "Connect to the database where the transaction was prepared to finish it.")
    monkeypatch.setattr(process_state, "database_oid", 5)
    # Another backend is finishing it right now (PostgreSQL's locking_backend).
    (entry,) = twophase.entries()
    with lwlock.named("TwoPhaseStateLock").exclusive():
        entry.locking_proc = process_state.proc_number + 1
        twophase._put(entry)
    assert error_of(lambda: statement(lambda: twophase.finish_prepared("g", True))) == (
        "55000", 'prepared transaction with identifier "g" is busy', None)
    with lwlock.named("TwoPhaseStateLock").exclusive():
        entry.locking_proc = twophase.NOBODY
        twophase._put(entry)
    # A failed attempt leaves the entry unlocked for the next one.
    statement(lambda: twophase.finish_prepared("g", False))
    assert twophase.entries() == []


def test_pending_file_removal_waits_for_the_outcome(backend2pc):
    created = RelFileLocator(1663, 5, 40001)      # CREATE TABLE in the transaction
    dropped = RelFileLocator(1663, 5, 40002)      # DROP TABLE in the transaction
    paths = {loc: f"base/5/{loc.relfilenode}" for loc in (created, dropped)}

    def ddl():
        smgr.create(created, 0)
        pending_deletes.schedule(created, at_commit=False)
        pending_deletes.schedule(dropped, at_commit=True)

    os.makedirs("base/5", exist_ok=True)
    for outcome in (True, False):
        smgr.create(dropped, 0)
        prepare(f"ddl-{outcome}", ddl)
        assert os.path.exists(paths[created]) and os.path.exists(paths[dropped])
        statement(lambda: twophase.finish_prepared(f"ddl-{outcome}", outcome))
        if outcome:      # COMMIT PREPARED: the dropped table's file goes, the new one stays
            assert os.path.exists(paths[created]) and not os.path.exists(paths[dropped])
            smgr.unlink(created)
        else:            # ROLLBACK PREPARED: the created table's file goes
            assert not os.path.exists(paths[created]) and os.path.exists(paths[dropped])
            smgr.unlink(dropped)


def test_recovery_from_wal_then_from_the_checkpoint_file(backend2pc, monkeypatch):
    xid = prepare("survivor", lambda: lock.acquire(REL, lock_modes.SHARE))
    path = twophase_recovery.state_file_path(xid)
    assert not os.path.exists(path)

    # The PREPARE record is replayed; the end-of-recovery checkpoint then copies the
    # state into pg_twophase, since its redo point is past the record.
    crash_and_recover(monkeypatch)
    (entry,) = twophase.entries()
    dummy = proc_array.slot_count() + entry.index
    assert (entry.state, entry.gid, entry.xid, entry.ondisk) == (twophase.PREPARED, "survivor", xid, True)
    assert os.path.exists(path)
    assert proc_array.xid_is_running(xid) and commit_log.xid_status(xid) == "in_progress"
    assert holders_of(REL) == [(dummy, [lock_modes.SHARE])]
    assert holders_of(lock_tag.transaction(xid)) == [(dummy, [lock_modes.EXCLUSIVE])]
    with lwlock.named("LockManagerLock").shared():
        assert lock_table.prepared_virtual_xid(dummy) == (-1, xid)

    # A checkpoint while running writes the file of a transaction prepared before it.
    other = prepare("other")
    assert not os.path.exists(twophase_recovery.state_file_path(other))
    checkpoint.create_checkpoint()
    assert os.path.exists(twophase_recovery.state_file_path(other))
    assert all(e.ondisk for e in twophase.entries())

    crash_and_recover(monkeypatch)          # both come back from their files
    assert sorted((e.gid, e.xid, e.ondisk) for e in twophase.entries()) == [
        ("other", other, True), ("survivor", xid, True)]
    survivor = next(e for e in twophase.entries() if e.gid == "survivor")
    assert holders_of(REL) == [(proc_array.slot_count() + survivor.index, [lock_modes.SHARE])]

    statement(lambda: twophase.finish_prepared("survivor", True))
    statement(lambda: twophase.finish_prepared("other", False))
    assert not os.path.exists(path) and commit_log.xid_status(xid) == "committed"
    assert not os.listdir(twophase_recovery.DIRECTORY)
    crash_and_recover(monkeypatch)          # the outcomes are replayed: nothing is left
    assert twophase.entries() == [] and commit_log.xid_status(xid) == "committed"
    assert commit_log.xid_status(other) == "aborted" and holders_of(REL) == []


def test_commit_prepared_replayed_after_a_crash_losing_pg_xact(backend2pc, monkeypatch):
    committed = prepare("c")
    rolled_back = prepare("r")
    statement(lambda: twophase.finish_prepared("c", True))
    statement(lambda: twophase.finish_prepared("r", False))
    shutil.rmtree("pg_xact")
    crash_and_recover(monkeypatch)
    assert commit_log.xid_status(committed) == "committed"
    assert commit_log.xid_status(rolled_back) == "aborted"
    assert twophase.entries() == []


def test_startup_removes_stale_and_future_files_and_refuses_corrupt_ones(backend2pc, monkeypatch):
    finished = prepare("finished")
    checkpoint.create_checkpoint()
    kept = twophase_recovery.read_state_file(finished)
    statement(lambda: twophase.finish_prepared("finished", True))
    # A file left behind for a finished xid, and one for an xid not yet assigned.
    state_bytes = tr.pack_state(kept)
    twophase_recovery.write_state_file(finished, state_bytes)
    future = finished + 1000
    twophase_recovery.write_state_file(future, tr.pack_state(
        tr.PreparedState(future, 5, 0, 10, "future")))
    crash_and_recover(monkeypatch)
    assert not os.listdir(twophase_recovery.DIRECTORY) and twophase.entries() == []

    live = prepare("live")
    checkpoint.create_checkpoint()
    path = twophase_recovery.state_file_path(live)
    with open(path, "r+b") as f:
        f.seek(90)
        f.write(b"\xff")
    with pytest.raises(PgError) as e:
        crash_and_recover(monkeypatch)
    assert e.value.sqlstate == "XX001" and "CRC" in e.value.message
