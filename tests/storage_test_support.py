# Shared fixtures for the storage and heap tests: a data directory in tmp_path, a small
# shared buffer pool in a fresh shared-memory segment, a recording fake of the WAL calls
# (insert_record/flush/redo_pointer) and a fake transaction system. Loaded by the
# conftest.py files of tests/storage and tests/access/{heap,common}.
from __future__ import annotations

import dataclasses
import os

import pytest

from pgsnake.access.transam.wal import wal
from pgsnake.access.transam.wal.record import DecodedBlock, DecodedRecord
from pgsnake.storage.ipc import shared_memory
from pgsnake.storage.lmgr import lwlock
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.utils import settings


@dataclasses.dataclass
class LoggedRecord:
    rmid: int
    info: int
    main_data: bytes
    blocks: list          # (block_id, locator, fork, blockno, page copy or None, data, will_init)
    xid: int
    lsn: int
    end_lsn: int

    def decoded(self, with_images: bool = False) -> DecodedRecord:
        blocks = {}
        for block_id, locator, fork, blockno, page, data, will_init in self.blocks:
            image = page if (with_images and page is not None and not will_init) else None
            blocks[block_id] = DecodedBlock(block_id, locator, fork, blockno, image, data,
                                            will_init)
        return DecodedRecord(self.lsn, self.end_lsn, self.xid, self.rmid, self.info,
                             self.main_data, blocks, 0)


class FakeWal:
    """Records every WAL call. LSNs grow by 0x100 per record; nothing is written."""

    def __init__(self) -> None:
        self.records: list[LoggedRecord] = []
        self.flush_calls: list[int] = []
        self.events: list[tuple] = []      # ('flush', lsn) / ('write', tag, page lsn)
        self.next_lsn = 0x1000000
        self.flushed = 0

    def insert_record(self, rmid, info, main_data, blocks=(), xid=0):
        start = self.next_lsn
        self.next_lsn += 0x100
        copies = [(b.block_id, b.locator, b.fork, b.blockno,
                   bytes(b.page) if b.page is not None else None, bytes(b.data), b.will_init)
                  for b in blocks]
        self.records.append(LoggedRecord(int(rmid), info, bytes(main_data), copies, xid,
                                         start, self.next_lsn))
        return self.next_lsn

    def flush(self, lsn):
        self.flush_calls.append(lsn)
        self.events.append(("flush", lsn))
        self.flushed = max(self.flushed, lsn)

    def redo_pointer(self):
        return 0

    def flushed_lsn(self):
        return self.flushed


def make_pool(tmp_path, monkeypatch, nbuffers: int = 16) -> FakeWal:
    monkeypatch.chdir(tmp_path)
    os.makedirs("base/5", exist_ok=True)
    os.makedirs("global", exist_ok=True)
    settings.set_value("shared_buffers", str(nbuffers), source="command line",
                       check_context=False)
    fake = FakeWal()
    monkeypatch.setattr(wal, "insert_record", fake.insert_record)
    monkeypatch.setattr(wal, "flush", fake.flush)
    monkeypatch.setattr(wal, "redo_pointer", fake.redo_pointer)
    monkeypatch.setattr(wal, "flushed_lsn", fake.flushed_lsn)
    real_write = smgr.write

    def recording_write(locator, fork, blockno, data):
        from pgsnake.storage.page import page_layout as pl
        fake.events.append(("write", (locator, int(fork), blockno), pl.get_lsn(data)))
        real_write(locator, fork, blockno, data)

    monkeypatch.setattr(smgr, "write", recording_write)
    lwlock.forget_held_after_fork()
    shared_memory.create_segment()
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    bufmgr.forget_pins_after_fork()
    return fake


def teardown_pool() -> None:
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    lwlock.release_all()
    bufmgr.forget_pins_after_fork()
    smgr.close_all()
    settings.set_value("shared_buffers", "1024", source="command line", check_context=False)


@pytest.fixture
def buffer_pool(tmp_path, monkeypatch):
    """A 16-buffer pool over a data directory in tmp_path; yields the FakeWal."""
    fake = make_pool(tmp_path, monkeypatch, 16)
    yield fake
    teardown_pool()


@pytest.fixture
def tiny_pool(tmp_path, monkeypatch):
    """The smallest pool shared_buffers allows (16), for eviction tests."""
    fake = make_pool(tmp_path, monkeypatch, 16)
    yield fake
    teardown_pool()


class FakeTransactions:
    """Just enough of xact/commit_log/transaction_ids for the heap: the test says which
    xid is current, which xids committed/aborted, and which are still running."""

    def __init__(self) -> None:
        self.current_xid = 100
        self.command_id = 0
        self.status: dict[int, str] = {}
        self.running: set[int] = set()
        self.on_wait = None           # called with the xid heap code waits for

    def get_current_xid(self):
        return self.current_xid

    def current_command_id(self, used=False):
        return self.command_id

    def xid_status(self, xid):
        if xid < 3:
            return "committed"
        return self.status.get(xid, "in_progress")

    def xid_is_running(self, xid):
        return xid in self.running

    def wait_for_xid(self, xid, context=None, *, dont_wait=False):
        self.wait_contexts = getattr(self, "wait_contexts", []) + [context]
        if dont_wait and xid in self.running:
            return False                 # NOWAIT / SKIP LOCKED: would have to wait
        if self.on_wait is not None:
            self.on_wait(xid)
        if xid in self.running:
            raise AssertionError(f"test would wait forever for xid {xid}")
        return True

    def snapshot(self, curcid=None):
        from pgsnake.access.transam.snapshot import Snapshot
        running = frozenset(self.running - {self.current_xid})
        xmax = max([self.current_xid, *self.status, *self.running], default=3) + 1
        xmin = min(running, default=xmax)
        return Snapshot(xmin, xmax, running, self.current_xid,
                        self.command_id if curcid is None else curcid)


@pytest.fixture
def transactions(monkeypatch):
    from pgsnake.access.heap import combo_cid, heapam, visibility
    from pgsnake.access.transam import commit_log, transaction_ids, xact
    fake = FakeTransactions()
    monkeypatch.setattr(xact, "get_current_xid", fake.get_current_xid)
    monkeypatch.setattr(xact, "get_current_xid_if_any", fake.get_current_xid)
    monkeypatch.setattr(xact, "current_command_id", fake.current_command_id)
    monkeypatch.setattr(commit_log, "xid_status", fake.xid_status)
    monkeypatch.setattr(transaction_ids, "xid_is_running", fake.xid_is_running)
    monkeypatch.setattr(transaction_ids, "wait_for_xid", fake.wait_for_xid)
    visibility._final_status.clear()
    combo_cid.reset()
    heapam._target_block.clear()
    yield fake
    visibility._final_status.clear()
    combo_cid.reset()
    heapam._target_block.clear()
