# Proves the transaction state machine behaves as PostgreSQL's for the client-visible
# sequences (ReadyForQuery status, warnings, aborted blocks), that every table row is
# reachable, and that commit/abort do the durable work in order: WAL commit record
# flushed, commit log set, proc-array xid cleared, callbacks run; read-only transactions
# and bootstrap mode write no WAL.
import pytest

from pgsnake.access.transam import commit_log, transaction_ids, xact, xact_records
from pgsnake.access.transam.wal import wal
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import PgError


def run_statement(body=None):
    """What tcop does around one statement."""
    xact.start_transaction_command()
    try:
        if body:
            body()
    except Exception:
        xact.abort_current_transaction()
        raise
    xact.commit_transaction_command()


def fail():
    raise PgError("22012", "division by zero")


def test_begin_commit_statuses(backend):
    assert xact.transaction_status() == "I"
    run_statement(xact.begin_transaction_block)
    assert xact.transaction_status() == "T" and xact.in_transaction_block()
    run_statement(lambda: xact.get_current_xid())
    assert xact.transaction_status() == "T"
    committed = []
    run_statement(lambda: committed.append(xact.end_transaction_block()))
    assert committed == [True] and xact.transaction_status() == "I"
    assert xact.pending_notices() == []


def test_error_in_block_then_rollback(backend):
    run_statement(xact.begin_transaction_block)
    with pytest.raises(PgError):
        run_statement(fail)
    assert xact.transaction_status() == "E" and xact.is_aborted_block()
    xact.start_transaction_command()
    assert xact.is_aborted_block()               # tcop now rejects statements with 25P02
    xact.user_abort_transaction_block()
    xact.commit_transaction_command()
    assert xact.transaction_status() == "I" and not xact.is_aborted_block()


def test_commit_of_failed_block_rolls_back(backend):
    run_statement(xact.begin_transaction_block)
    with pytest.raises(PgError):
        run_statement(fail)
    result = []
    run_statement(lambda: result.append(xact.end_transaction_block()))
    assert result == [False] and xact.transaction_status() == "I"


def test_warnings_like_postgresql(backend):
    run_statement(xact.end_transaction_block)
    run_statement(xact.user_abort_transaction_block)
    run_statement(xact.begin_transaction_block)
    run_statement(xact.begin_transaction_block)
    notices = xact.pending_notices()
    assert [(n.severity, n.sqlstate, n.message) for n in notices] == [
        ("WARNING", "25P01", "there is no transaction in progress"),
        ("WARNING", "25P01", "there is no transaction in progress"),
        ("WARNING", "25001", "there is already a transaction in progress"),
    ]
    assert xact.transaction_status() == "T"


def test_error_in_single_statement_returns_to_idle(backend):
    with pytest.raises(PgError):
        run_statement(fail)
    assert xact.transaction_status() == "I"


def test_every_transition_row_is_consistent():
    states = set(xact.BlockState)
    for (event, state), (actions, next_state, warning) in xact.TRANSITIONS.items():
        assert state in states and next_state in states
        assert all(a in xact._ACTIONS for a in actions)
        assert event in ("start_command", "commit_command", "abort_current", "begin_block",
                         "end_block", "user_abort", "prepare_block")
    # Every block state can be left by abort_current (the error path always works).
    assert {s for (e, s) in xact.TRANSITIONS if e == "abort_current"} == states


def test_commit_writes_flushes_and_publishes(backend):
    start = wal.insert_lsn()
    events = []
    xact.register_callback(lambda e: events.append((e, xact.catalog_changed())))
    try:
        xact.start_transaction_command()
        xid = xact.get_current_xid()
        assert xact.get_current_xid() == xid == xact.get_current_xid_if_any()
        assert transaction_ids.xid_is_running(xid)
        xact.mark_catalog_changed()
        xact.commit_transaction_command()
    finally:
        xact._callbacks.clear()
    assert events == [("pre_commit", True), ("commit", True)]
    assert commit_log.xid_status(xid) == "committed"
    assert not transaction_ids.xid_is_running(xid)
    recs = list(wal.read_records(start))
    # The cluster's first xid starts pg_xact page 0: it is zeroed, logged first.
    assert [(r.rmid, r.info, r.xid) for r in recs] == [
        (wal.RmgrId.CLOG, 0x00, 0),
        (wal.RmgrId.XACT, xact_records.XLOG_XACT_COMMIT | xact_records.XLOG_XACT_HAS_INFO, xid)]
    recs = recs[1:]
    # the catalog change travels as PostgreSQL's "reset all relcache entries" message
    assert xact_records.parse(recs[0].info, recs[0].main_data).catalog_changed
    assert "inval msgs: relcache 0" in xact_records.describe(recs[0])
    assert wal.flushed_lsn() >= recs[0].end_lsn


def test_abort_writes_abort_record(backend):
    start = wal.insert_lsn()
    xact.start_transaction_command()
    xid = xact.get_current_xid()
    xact.abort_current_transaction()
    assert commit_log.xid_status(xid) == "aborted"
    assert not transaction_ids.xid_is_running(xid)
    assert wal.flushed_lsn() < wal.insert_lsn()    # an abort record is not flushed
    wal.flush(wal.insert_lsn())
    assert [(r.rmid, r.info) for r in wal.read_records(start)
            if r.rmid != wal.RmgrId.CLOG] == [(wal.RmgrId.XACT, 0x20)]


def test_read_only_transaction_writes_nothing(backend):
    start = wal.insert_lsn()
    run_statement(lambda: xact.get_transaction_snapshot())
    assert wal.insert_lsn() == start and xact.get_current_xid_if_any() == 0


def test_synchronous_commit_off_does_not_flush(backend):
    settings.set_value("synchronous_commit", "off")
    try:
        before = wal.flushed_lsn()
        run_statement(lambda: xact.get_current_xid())
        assert wal.flushed_lsn() == before < wal.insert_lsn()
    finally:
        settings.set_value("synchronous_commit", "on")


def test_bootstrap_mode_uses_xid_1_and_no_wal(backend, monkeypatch):
    monkeypatch.setattr(process_state, "is_bootstrap", True)
    start = wal.insert_lsn()
    run_statement(lambda: xact.get_current_xid())
    xact.start_transaction_command()
    assert xact.get_current_xid() == 1
    xact.commit_transaction_command()
    assert wal.insert_lsn() == start


def test_command_ids_and_snapshot(backend):
    run_statement(xact.begin_transaction_block)
    xact.start_transaction_command()
    xid = xact.get_current_xid()
    snap = xact.get_transaction_snapshot()
    assert snap.curxid == xid and snap.curcid == 0 and xid not in snap.xip and snap.xmax == xid + 1
    xact.commit_transaction_command()              # nothing used command 0: it stays
    xact.start_transaction_command()
    assert xact.current_command_id() == 0
    xact.current_command_id(used=True)             # as a write stamps it on a tuple
    xact.commit_transaction_command()              # CommandCounterIncrement inside a block
    xact.start_transaction_command()
    assert xact.current_command_id() == 1
    assert xact.get_transaction_snapshot().curcid == 1
    xact.end_transaction_block()
    xact.commit_transaction_command()
    assert xact.current_command_id() == 0


def test_waldump_lines_name_the_records(backend):
    from pgsnake.access.transam.wal import waldump
    from pgsnake.access.transam.wal.control_file import read
    run_statement(lambda: xact.get_current_xid())
    lines = list(waldump.dump(read().redo_lsn))
    assert lines[0].startswith("rmgr: XLOG        len (rec/tot):")
    assert "desc: CHECKPOINT_SHUTDOWN redo 0/100028;" in lines[0]
    assert lines[-1].startswith("rmgr: Transaction") and "desc: COMMIT 20" in lines[-1]
    assert "tx:          3," in lines[-1]
