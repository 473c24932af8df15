# Proves the storage manager's file rules: create/extend/read/write of 8 kB blocks under the
# data directory, size from the files (nblocks), PostgreSQL's XX001 message for a read past
# the end, segment files (.1, .2) when a fork outgrows RELSEG_SIZE, unlink of every fork and
# segment, and the pending-sync bookkeeping for checkpoints.
import os

import pytest

from pgsnake.storage.smgr import segment_files
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.errors import PgError

LOC = RelFileLocator(1663, 5, 16384)


@pytest.fixture
def datadir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.makedirs("base/5")
    yield tmp_path
    smgr.close_all()


def block(fill: int) -> bytes:
    return bytes([fill]) * 8192


def test_create_extend_read_write(datadir):
    assert not smgr.exists(LOC, ForkNumber.MAIN)
    smgr.create(LOC, ForkNumber.MAIN)
    assert smgr.exists(LOC, ForkNumber.MAIN)
    assert os.path.getsize("base/5/16384") == 0
    assert smgr.nblocks(LOC, ForkNumber.MAIN) == 0
    smgr.extend(LOC, ForkNumber.MAIN, 0, block(1))
    smgr.extend(LOC, ForkNumber.MAIN, 1, block(2))
    assert smgr.nblocks(LOC, ForkNumber.MAIN) == 2
    assert os.path.getsize("base/5/16384") == 16384
    smgr.write(LOC, ForkNumber.MAIN, 0, block(7))
    into = memoryview(bytearray(8192))
    smgr.read(LOC, ForkNumber.MAIN, 0, into)
    assert bytes(into) == block(7)
    smgr.read(LOC, ForkNumber.MAIN, 1, into)
    assert bytes(into) == block(2)


def test_read_beyond_end_is_xx001(datadir):
    smgr.create(LOC, ForkNumber.MAIN)
    smgr.extend(LOC, ForkNumber.MAIN, 0, block(1))
    with pytest.raises(PgError) as err:
        smgr.read(LOC, ForkNumber.MAIN, 1, memoryview(bytearray(8192)))
    assert err.value.sqlstate == "XX001"
    assert err.value.message == 'could not read block 1 in file "base/5/16384": read only 0 of 8192 bytes'


def test_segments_and_unlink(datadir, monkeypatch):
    monkeypatch.setattr(segment_files, "RELSEG_SIZE", 2)
    smgr.create(LOC, ForkNumber.MAIN)
    for b in range(5):
        smgr.extend(LOC, ForkNumber.MAIN, b, block(b))
    assert sorted(os.listdir("base/5")) == ["16384", "16384.1", "16384.2"]
    assert os.path.getsize("base/5/16384.2") == 8192
    assert smgr.nblocks(LOC, ForkNumber.MAIN) == 5
    into = memoryview(bytearray(8192))
    smgr.read(LOC, ForkNumber.MAIN, 3, into)
    assert bytes(into) == block(3)
    smgr.create(LOC, ForkNumber.FSM)
    smgr.unlink(LOC)
    assert os.listdir("base/5") == []
    # A missing relation file is an error, never an empty table.
    with pytest.raises(PgError) as missing:
        smgr.nblocks(LOC, ForkNumber.MAIN)
    assert missing.value.sqlstate == "58P01"


def test_pending_sync_and_sync_all(datadir):
    os.makedirs("global")
    smgr.create(LOC, ForkNumber.MAIN)
    smgr.extend(LOC, ForkNumber.MAIN, 0, block(1))
    assert smgr.sync_all_pending() == 1
    assert smgr.sync_all_pending() == 0
    other = RelFileLocator(1664, 0, 1262)
    smgr.create(other, ForkNumber.MAIN)
    assert os.path.exists("global/1262")
    # A checkpoint syncs what was registered since the last one, not every file.
    assert smgr.sync_all_relation_files() == 1
    assert smgr.sync_all_relation_files() == 0
    smgr.write(LOC, ForkNumber.MAIN, 0, block(2))
    smgr.extend(other, ForkNumber.MAIN, 0, block(3))
    assert smgr.sync_all_relation_files() == 2
    # A temporary relation's files are never registered.
    temporary = RelFileLocator(1663, 5, 16500, backend=3)
    smgr.create(temporary, ForkNumber.MAIN)
    smgr.extend(temporary, ForkNumber.MAIN, 0, block(4))
    assert smgr.sync_all_relation_files() == 0


def test_create_is_idempotent_and_makes_directory(datadir):
    loc = RelFileLocator(1663, 77, 16400)
    smgr.create(loc, ForkNumber.MAIN)
    smgr.create(loc, ForkNumber.MAIN)
    assert os.path.exists("base/77/16400")


def test_relation_fsyncs_are_counted_for_pg_stat_io(datadir, monkeypatch):
    """A checkpoint's fsync of each registered file counts one "fsyncs" (io_counters'
    relation/normal), and so does a writer's own fsync when the request queue is full
    (register_dirty_segment's fallback); a directory's fsync does not."""
    from pgsnake.storage.smgr import sync_requests
    from pgsnake.utils import io_counters
    os.makedirs("global")
    io_counters.forget()
    smgr.create(LOC, ForkNumber.MAIN)
    smgr.extend(LOC, ForkNumber.MAIN, 0, block(1))
    assert smgr.sync_all_relation_files() == 1
    assert io_counters.counts[io_counters.RELATION_FSYNC] == 1
    # Under a postmaster with the queue full, the writer fsyncs the file itself.
    monkeypatch.setattr(sync_requests, "uses_queue", lambda: True)
    monkeypatch.setattr(sync_requests, "forward", lambda entry: False)
    smgr.write(LOC, ForkNumber.MAIN, 0, block(2))
    assert io_counters.counts[io_counters.RELATION_FSYNC] == 2
    taken = io_counters.take()
    assert taken is not None and taken[0][io_counters.RELATION_FSYNC] == 2
    assert io_counters.counts[io_counters.RELATION_FSYNC] == 0 and io_counters.take() is None
