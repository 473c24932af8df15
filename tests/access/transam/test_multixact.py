# Proves pg_multixact over the real WAL and SLRU buffers: members are stored in
# PostgreSQL's byte layout (offsets: u32 per multixact; members: 20-byte groups of four
# status bytes and four xids, 1636 per page; the first multixact at member offset 1),
# allocation crosses offsets and members pages by zeroing (and WAL-logging) each new
# page first, ids and offsets only grow, everything survives a crash through redo of
# CREATE_ID and zero-page records, checkpoints record the next id and offset in
# pg_control, and start-up trims whatever a crash left after them on the current pages.
import os
import struct

import pytest

from pgsnake.access.transam import checkpoint, multixact, recovery, xact
from pgsnake.access.transam.multixact import MultiXactMember, MultiXactStatus
from pgsnake.access.transam.wal import control_file, segment_files, wal
from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils.errors import PgError

S = MultiXactStatus


def crash():
    """Every process dies without writing anything: shared memory, and with it the SLRU
    buffers and counters, is rebuilt; recovery must bring the multixacts back."""
    lwlock.release_all()
    segment_files.close_all()
    multixact.forget_cache()
    xact.reset_for_tests()
    shared_memory.create_segment()


def multixact_records(start_lsn):
    wal.flush(wal.insert_lsn())
    return [(r.info, r.main_data) for r in wal.read_records(start_lsn)
            if r.rmid == wal.RmgrId.MULTIXACT]


@pytest.fixture
def fresh(cluster):
    multixact.forget_cache()
    yield
    multixact.forget_cache()


def test_members_are_stored_in_postgresql_layout(fresh):
    start = wal.insert_lsn()
    multi = multixact.create(1000, S.FOR_SHARE, 1001, S.FOR_KEY_SHARE)
    assert multi == 1 and multixact.next_ids() == (2, 3)   # slot 0 is never used
    assert multixact.members(multi) == (MultiXactMember(1000, S.FOR_SHARE),
                                        MultiXactMember(1001, S.FOR_KEY_SHARE))
    offsets = multixact.OFFSETS_LOG.read_bytes(0, 0, 12)
    assert struct.unpack("<III", offsets) == (0, 1, 0)      # multixact 1 starts at offset 1
    group = multixact.MEMBERS_LOG.read_bytes(0, 0, 20)
    flags, xids = group[:4], struct.unpack("<4I", group[4:])
    assert flags == bytes([0, S.FOR_SHARE, S.FOR_KEY_SHARE, 0])
    assert xids == (0, 1000, 1001, 0)
    records = multixact_records(start)
    assert [info for info, _ in records] == [multixact.XLOG_MULTIXACT_ZERO_OFF_PAGE,
                                             multixact.XLOG_MULTIXACT_ZERO_MEM_PAGE,
                                             multixact.XLOG_MULTIXACT_CREATE_ID]
    assert records[-1][1] == struct.pack("<IIi", 1, 1, 2) + struct.pack("<IIII", 1000, 1, 1001, 0)


def test_update_member_and_running_members(fresh, backend):
    xact.start_transaction_command()
    mine = xact.get_current_xid()
    multi = multixact.create(999, S.FOR_KEY_SHARE, mine, S.NO_KEY_UPDATE)
    assert multixact.update_xid(multi) == mine
    assert multixact.is_running(multi, lock_only=False)      # this transaction is a member
    xact.commit_transaction_command()
    assert not multixact.is_running(multi, lock_only=False)
    with pytest.raises(PgError, match="more than one updating member"):
        multixact.create(5, S.UPDATE, 6, S.NO_KEY_UPDATE)
    with pytest.raises(PgError) as info:
        multixact.members(multi + 1)
    assert info.value.message == \
        f"MultiXactId {multi + 1} has not been created yet -- apparent wraparound"
    with pytest.raises(PgError) as info:
        multixact.pg_get_multixact_members(0)
    assert (info.value.sqlstate, info.value.message) == ("22023", "invalid MultiXactId: 0")
    assert multixact.pg_get_multixact_members(multi) == [(999, "keysh"), (mine, "nokeyupd")]


def test_allocation_crosses_pages_and_survives_a_crash(fresh):
    # Start just before the end of the first offsets page and of the first members page.
    multixact.set_next_ids(2045, multixact.MEMBERS_PER_PAGE - 3)
    start = wal.insert_lsn()
    made = {}
    for i in range(6):
        members = [MultiXactMember(5000 + 10 * i + k, S(k % 4)) for k in range(3)]
        made[multixact.create_from_members(members)] = tuple(members)
    assert sorted(made) == list(range(2045, 2051))
    zeroed = [(info, struct.unpack("<i", data)[0]) for info, data in multixact_records(start)
              if info != multixact.XLOG_MULTIXACT_CREATE_ID]
    assert zeroed == [(multixact.XLOG_MULTIXACT_ZERO_MEM_PAGE, 1),
                      (multixact.XLOG_MULTIXACT_ZERO_OFF_PAGE, 1)]
    wal.flush(wal.insert_lsn())
    crash()
    recovery.startup_recovery()
    assert multixact.next_ids() == (2051, multixact.MEMBERS_PER_PAGE - 3 + 18)
    for multi, members in made.items():
        assert multixact.members(multi) == members
    assert multixact.create(7000, S.FOR_SHARE, 7001, S.FOR_SHARE) == 2051


def test_checkpoint_records_next_ids_and_startup_trims_leftovers(fresh):
    multixact.create(10, S.FOR_SHARE, 11, S.FOR_SHARE)
    multixact.create(12, S.FOR_UPDATE, 13, S.FOR_KEY_SHARE)
    checkpoint.create_checkpoint()
    cf = control_file.read()
    assert (cf.next_multi, cf.next_multi_offset) == (3, 5)
    # A crash after pages were written for multixacts whose WAL never became durable:
    # garbage after next_multi / next_offset on the current pages.
    with open("pg_multixact/offsets/0000", "r+b") as f:
        f.seek(3 * 4)
        f.write(struct.pack("<I", 77))
    with open("pg_multixact/members/0000", "r+b") as f:
        f.seek(20 + 1)                                      # offset 5: group 1, member 1
        f.write(bytes([3]))
        f.seek(20 + 4 + 4)
        f.write(struct.pack("<I", 4242))
    crash()
    recovery.startup_recovery()
    assert multixact.next_ids() == (3, 5)
    assert multixact.OFFSETS_LOG.read_bytes(0, 12, 4) == bytes(4)
    assert multixact.MEMBERS_LOG.read_bytes(0, 21, 1) == b"\x00"
    assert multixact.MEMBERS_LOG.read_bytes(0, 28, 4) == bytes(4)
    assert multixact.members(2) == (MultiXactMember(12, S.FOR_UPDATE),
                                    MultiXactMember(13, S.FOR_KEY_SHARE))
    assert multixact.create(14, S.FOR_SHARE, 15, S.FOR_SHARE) == 3
    assert multixact.members(3) == (MultiXactMember(14, S.FOR_SHARE),
                                    MultiXactMember(15, S.FOR_SHARE))


def test_a_transaction_reuses_its_multixact_for_the_same_members(fresh, backend):
    xact.start_transaction_command()
    mine = xact.get_current_xid()
    first = multixact.create(50, S.FOR_SHARE, mine, S.FOR_SHARE)
    assert multixact.create(mine, S.FOR_SHARE, 50, S.FOR_SHARE) == first
    assert multixact.expand(first, mine, S.FOR_SHARE) == first
    xact.commit_transaction_command()
    xact.start_transaction_command()
    assert multixact.create(50, S.FOR_SHARE, mine, S.FOR_SHARE) != first
    xact.commit_transaction_command()
    assert os.path.exists("pg_multixact/offsets") and os.path.exists("pg_multixact/members")
