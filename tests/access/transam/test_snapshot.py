# Proves snapshot bookkeeping: xmax = next xid, xip = xids running in other slots, xmin =
# the oldest running (own xid included), own xid not in xip; xid_in_snapshot's three
# cases; a committed xid leaves the proc array only after the commit log says committed.
import pytest

from pgsnake.access.transam import commit_log, transaction_ids
from pgsnake.access.transam.snapshot import Snapshot, xid_in_snapshot
from pgsnake.storage.ipc import proc_array
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError


def test_xid_in_snapshot_rules():
    snap = Snapshot(xmin=10, xmax=20, xip=frozenset({12, 15}))
    assert not xid_in_snapshot(9, snap)            # finished before the snapshot
    assert xid_in_snapshot(12, snap)               # running at snapshot time
    assert not xid_in_snapshot(13, snap)           # finished, between xmin and xmax
    assert xid_in_snapshot(20, snap)               # started after


def test_slots_claim_release(cluster):
    a = proc_array.claim_slot(111, "backend")
    b = proc_array.claim_slot(222, "checkpointer")
    proc_array.set_identity(a, 5, 10)
    proc_array.set_state(a, "active")
    listed = {s.pid: s for s in proc_array.slots()}
    assert listed[111].database_oid == 5 and listed[111].state == "active"
    assert listed[222].kind == "checkpointer"
    proc_array.release_slot(a)
    assert [s.pid for s in proc_array.slots()] == [222]


def test_too_many_clients(cluster):
    for i in range(proc_array.slot_count()):
        proc_array.claim_slot(1000 + i, "backend")
    with pytest.raises(PgError, match="sorry, too many clients already") as info:
        proc_array.claim_slot(5, "backend")
    assert info.value.sqlstate == "53300" and info.value.severity == "FATAL"


def test_snapshot_contents(cluster, monkeypatch):
    other = proc_array.claim_slot(999, "backend")
    mine = proc_array.claim_slot(998, "backend")
    monkeypatch.setattr(process_state, "proc_number", other)
    x_other = transaction_ids.get_new_xid()
    monkeypatch.setattr(process_state, "proc_number", mine)
    x_mine = transaction_ids.get_new_xid()
    xmin, xmax, xip = proc_array.get_snapshot(transaction_ids.read_next_xid, mine)
    assert xmax == x_mine + 1 == transaction_ids.read_next_xid()
    assert xip == frozenset({x_other}) and xmin == x_other
    assert transaction_ids.xid_is_running(x_other)
    # Commit protocol for `other`: commit log first, then leave the proc array.
    commit_log.set_status(x_other, "committed")
    proc_array.clear_xid(other)
    xmin, xmax, xip = proc_array.get_snapshot(transaction_ids.read_next_xid, mine)
    assert xip == frozenset() and xmin == x_mine
    assert not transaction_ids.xid_is_running(x_other)
    transaction_ids.wait_for_xid(x_other)          # returns at once


def test_first_xid_is_first_normal(cluster):
    assert transaction_ids.get_new_xid() == 3
    assert transaction_ids.get_new_xid() == 4
