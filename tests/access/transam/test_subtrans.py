# Proves pg_subtrans and the overflowed subxid cache: parents are stored as 4-byte
# little-endian entries, 2048 per page, in files named like PostgreSQL's; topmost() walks
# the links up and stops below the bound it is given; a link that points forward is an
# error, not a loop; a new page is zeroed when its first xid is assigned and the pages in
# use are zeroed at start-up (whatever a crash left there is never read); checkpoints
# truncate whole segments below the oldest xmin and never what running transactions
# need. Across processes: while a backend holds more than 64 live subtransactions, another
# backend's snapshot is suboverflowed and still treats every one of them as running,
# xid_is_running finds them, a rolled-back one reads as aborted and not running, and
# after COMMIT everything is visible and the slot is no longer overflowed.
import os

import pytest

from pgsnake.access.transam import (checkpoint, commit_log, recovery, subtrans,
                                    transaction_ids, xact)
from pgsnake.access.transam.wal import xlog_control as xc
from pgsnake.storage.ipc import proc_array
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

from forking import run_in_children


def test_parent_links_layout_and_topmost(cluster):
    subtrans.set_parent(10, 5)
    subtrans.set_parent(11, 10)
    subtrans.set_parent(2048 + 3, 11)
    assert [subtrans.parent_of(x) for x in (5, 10, 11, 12, 2051)] == [0, 5, 10, 0, 11]
    assert subtrans.topmost(2051, 0) == 5
    # The walk stops at the first ancestor below the bound and returns it.
    assert subtrans.topmost(2051, 11) == 10
    assert subtrans.topmost(2051, 12) == 11
    assert subtrans.topmost(12, 0) == 12
    subtrans.flush_at_checkpoint()
    data = open("pg_subtrans/0000", "rb").read()
    assert len(data) == 2 * 8192
    assert data[10 * 4:12 * 4] == (5).to_bytes(4, "little") + (10).to_bytes(4, "little")
    assert data[8192 + 12:8192 + 16] == (11).to_bytes(4, "little")


def test_a_forward_link_is_reported(cluster):
    with subtrans.SUBTRANS_LOG.page_to_change(0) as page:
        page[40:44] = (30).to_bytes(4, "little")       # xid 10 -> 30: impossible
    with pytest.raises(PgError) as info:
        subtrans.topmost(10, 3)
    assert info.value.sqlstate == "XX000"
    assert info.value.message == "pg_subtrans contains invalid entry for xid 10 points to parent xid 30"
    with pytest.raises(PgError):
        subtrans.set_parent(7, 9)


def test_new_pages_and_startup_are_zeroed(cluster):
    # Stale links on disk (a previous life) where page 1 will be used.
    with open("pg_subtrans/0000", "r+b") as f:
        f.seek(8192)
        f.write((4000).to_bytes(4, "little") * 2048)
    xc.store("next_xid", 2048)
    xact.start_transaction_command()
    xid = xact.get_current_xid()
    assert xid == 2048 and subtrans.parent_of(2050) == 0
    xact.commit_transaction_command()       # its record makes recovery move past 2048
    # Start-up after a crash zeroes the page in use even if it was never "new".
    subtrans.flush_at_checkpoint()
    with open("pg_subtrans/0000", "r+b") as f:
        f.seek(8192 + 4 * 100)
        f.write((2000).to_bytes(4, "little"))
    from pgsnake.storage.ipc import shared_memory
    shared_memory.create_segment()
    recovery.startup_recovery()
    assert subtrans.parent_of(2048 + 100) == 0
    assert subtrans.SUBTRANS_LOG.latest_page() == 1


def test_checkpoint_truncates_below_oldest_xmin(cluster, monkeypatch):
    slot = proc_array.claim_slot(os.getpid(), "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    xc.store("next_xid", 5 * 65536 + 7)        # segment 5 of pg_subtrans
    for segment in range(5):
        subtrans.SUBTRANS_LOG.zero_page(segment * 32, write=True)
    subtrans.SUBTRANS_LOG.zero_page(160)        # next_xid's page, as extend() leaves it
    xact.start_transaction_command()
    running = xact.get_current_xid()            # holds the horizon in segment 5
    checkpoint.create_checkpoint()
    assert sorted(os.listdir("pg_subtrans")) == ["0005"]
    assert subtrans.SUBTRANS_LOG.counters()["truncates"] >= 1
    assert subtrans.parent_of(running) == 0
    xact.commit_transaction_command()


# ---- across processes ------------------------------------------------------------------

def _other_backend(slot, question, xids):
    """A second backend (forked, its own slot and transaction state) asks about xids."""
    from pgsnake.access.heap import visibility
    process_state.proc_number = slot
    xact.reset_for_tests()
    commit_log.forget_cache()
    visibility._final_status.clear()
    xact.start_transaction_command()
    try:
        snap = xact.get_transaction_snapshot()
        if question == "snapshot":
            return snap.suboverflowed, [visibility.xid_in_snapshot(x, snap) for x in xids]
        return [transaction_ids.xid_is_running(x) for x in xids]
    finally:
        xact.commit_transaction_command()


def statement(body):
    xact.start_transaction_command()
    try:
        result = body()
    except Exception:
        xact.abort_current_transaction()
        raise
    xact.commit_transaction_command()
    return result


def test_overflowed_transaction_seen_from_another_process(backend):
    other = proc_array.claim_slot(4343, "backend")
    statement(xact.begin_transaction_block)
    top = statement(xact.get_current_xid)
    subxids = []
    for n in range(150):
        statement(lambda: xact.define_savepoint(f"s{n}"))
        subxids.append(statement(xact.get_current_xid))
    statement(lambda: xact.release_savepoint("s100"))     # s100.. merge into s99
    statement(lambda: xact.define_savepoint("late"))
    late = statement(xact.get_current_xid)
    statement(lambda: xact.rollback_to_savepoint("s40"))  # s40..s99 and "late" abort
    kept, gone = subxids[:40], subxids[40:] + [late]
    assert proc_array.is_overflowed(backend)

    suboverflowed, in_snapshot = run_in_children(
        _other_backend, [(other, "snapshot", [top, *subxids, late])])[0]
    assert suboverflowed and all(in_snapshot)     # running (or aborted): invisible alike
    running = run_in_children(_other_backend, [(other, "running", [top, *kept, *gone])])[0]
    assert running == [True] * (1 + len(kept)) + [False] * len(gone)
    assert all(commit_log.xid_status(x) == "aborted" for x in gone)

    statement(xact.end_transaction_block)
    assert not proc_array.is_overflowed(backend)
    suboverflowed, in_snapshot = run_in_children(
        _other_backend, [(other, "snapshot", [top, *kept])])[0]
    assert not suboverflowed and not any(in_snapshot)
    assert run_in_children(_other_backend, [(other, "running", [top, *subxids])])[0] == \
        [False] * (1 + len(subxids))
    assert [commit_log.xid_status(x) for x in (top, *kept)] == ["committed"] * (1 + len(kept))
