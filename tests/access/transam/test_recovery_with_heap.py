# Proves the whole durability chain with the real heap and buffer manager: rows inserted
# by committed transactions survive a crash that loses every dirty shared buffer (redo of
# SMGR create + heap records rebuilds the table file); rows of an uncommitted transaction
# stay invisible; and after a checkpoint the first change to a page carries a full-page
# image, which repairs a torn (garbage-filled) page on disk during recovery.
import os

import pytest

heapam = pytest.importorskip("pgsnake.access.heap.heapam")

from pgsnake.access.common.tuple_descriptor import Attribute, Relation, TupleDescriptor  # noqa: E402
from pgsnake.access.transam import checkpoint, commit_log, recovery, xact  # noqa: E402
from pgsnake.access.transam.wal import segment_files, wal  # noqa: E402
from pgsnake.storage.buffer import buffer_manager as bufmgr  # noqa: E402
from pgsnake.storage.ipc import proc_array, shared_memory  # noqa: E402
from pgsnake.storage.lmgr import lwlock  # noqa: E402
from pgsnake.storage.smgr import storage_manager as smgr  # noqa: E402
from pgsnake.storage.smgr.relation_path import RelFileLocator, relation_path  # noqa: E402
from pgsnake.utils import process_state  # noqa: E402

DESC = TupleDescriptor((Attribute(1, "id", 23, typlen=4, typbyval=True, typalign="i"),
                        Attribute(2, "note", 25, typlen=-1, typbyval=False, typalign="i")))
REL = Relation(16500, "t", 2200, "r", RelFileLocator(1663, 5, 16500), DESC)


@pytest.fixture
def server(cluster, monkeypatch):
    os.makedirs("base/5", exist_ok=True)
    bufmgr.forget_pins_after_fork()
    slot = proc_array.claim_slot(os.getpid(), "backend")
    monkeypatch.setattr(process_state, "proc_number", slot)
    yield
    lwlock.release_all()
    bufmgr.forget_pins_after_fork()
    smgr.close_all()


def crash(monkeypatch):
    lwlock.release_all()
    bufmgr.forget_pins_after_fork()
    smgr.close_all()
    segment_files.close_all()
    commit_log.forget_cache()
    xact.reset_for_tests()
    shared_memory.create_segment()          # every dirty buffer is gone
    monkeypatch.setattr(process_state, "proc_number", -1)


def rows():
    xact.start_transaction_command()
    try:
        return sorted(values for _tid, values in heapam.heap_scan(REL, xact.get_transaction_snapshot()))
    finally:
        xact.commit_transaction_command()


def insert_committed(values_list):
    xact.start_transaction_command()
    for values in values_list:
        heapam.heap_insert(REL, values)
    xact.commit_transaction_command()


def test_committed_rows_survive_losing_all_buffers(server, monkeypatch):
    xact.start_transaction_command()
    heapam.heap_create_storage(REL)
    xact.commit_transaction_command()
    insert_committed([[i, f"row {i}"] for i in range(300)])
    xact.start_transaction_command()
    heapam.heap_insert(REL, [999, "never committed"])
    wal.flush(wal.insert_lsn())
    crash(monkeypatch)
    os.unlink(relation_path(REL.locator))   # even the file is gone: SMGR redo recreates it
    recovery.startup_recovery()
    assert rows() == [[i, f"row {i}"] for i in range(300)]


def test_full_page_image_repairs_a_torn_page(server, monkeypatch):
    xact.start_transaction_command()
    heapam.heap_create_storage(REL)
    xact.commit_transaction_command()
    insert_committed([[i, "before checkpoint"] for i in range(20)])
    checkpoint.create_checkpoint()           # page 0 is on disk now; redo moves past it
    insert_committed([[100, "after checkpoint"]])   # first change after the checkpoint: FPI
    crash(monkeypatch)
    # The write of page 0 was torn: half of it is garbage on disk.
    with open(relation_path(REL.locator), "r+b") as fh:
        fh.seek(4096)
        fh.write(os.urandom(4096))
    recovery.startup_recovery()
    assert rows() == sorted([[i, "before checkpoint"] for i in range(20)] + [[100, "after checkpoint"]])
