# Proves the B-tree's durability with the real WAL, buffer manager and recovery: after
# thousands of inserts (leaf and internal splits, new roots) and a crash that loses every
# shared buffer, replaying the WAL from the data files rebuilds every index page byte for
# byte (LSNs included); a bulk build is replayed from its XLOG FPI records; a page torn
# on disk after a checkpoint is repaired by the full-page image of its first change; a
# split whose parent insert never happened (error, or crash in between) leaves
# BTP_INCOMPLETE_SPLIT, which the next insert passing by completes; an error after a
# change's WAL record becomes a PANIC; and PostgreSQL 15's own pg_waldump reads the
# B-tree records and describes them as pgsnake's waldump does.
from __future__ import annotations

import os
import random
import re
import subprocess

import pytest

import index_wal_support
from nbtree_support import make_index, page_images, scan_all
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import insert as insert_module
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import search, verify, wal_records
from pgsnake.access.transam import checkpoint
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lwlock
from pgsnake.storage.smgr.relation_path import relation_path
from pgsnake.utils.errors import PanicError, PgError

PG_WALDUMP = "/usr/lib/postgresql/15/bin/pg_waldump"


def crash_and_recover(monkeypatch):
    """Lose shared memory and replay WAL (tests/index_wal_support.py); the B-tree root
    cache of this process goes too."""
    search.forget_cached_roots()
    index_wal_support.crash_and_recover(monkeypatch)


def new_index(**kwargs):
    rel = make_index(**kwargs)
    am.create_storage(rel)
    am.build(rel, None, [])
    return rel


def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch):
    rel = new_index(columns=(("a", 23), ("s", 25)))
    rng = random.Random(1)
    for i in range(5000):
        am.insert(rel, [rng.randrange(300), f"s{rng.randrange(10**5)}"], (i // 100, i % 100 + 1))
    before = page_images(rel)
    assert search.read_metadata(rel).level >= 1
    crash_and_recover(monkeypatch)
    assert page_images(rel) == before
    verify.bt_index_check(rel, parent_check=True)
    assert len(scan_all(am.begin_scan(rel, []))) == 5000


def test_bulk_build_is_replayed_from_its_page_images(wal_cluster, monkeypatch):
    rel = make_index(columns=(("s", 25),))
    am.create_storage(rel)
    start = wal.insert_lsn()
    am.build(rel, None, [((i // 50, i % 50 + 1), [f"key {i:05d}"]) for i in range(4000)])
    before = page_images(rel)
    wal.flush(wal.insert_lsn())
    fpis = [r for r in wal.read_records(start) if r.rmid == wal.RmgrId.XLOG]
    assert len(fpis) == len(before)                       # one XLOG FPI per page
    assert all(r.info == 0xB0 and r.blocks[0].image is not None for r in fpis)
    crash_and_recover(monkeypatch)
    assert page_images(rel) == before
    verify.bt_index_check(rel, parent_check=True)


def test_torn_page_after_a_checkpoint_is_repaired(wal_cluster, monkeypatch):
    rel = new_index()
    for i in range(3000):
        am.insert(rel, [i * 2], (i // 100, i % 100 + 1))
    checkpoint.create_checkpoint()
    for i in range(3000):                                 # every leaf changes again
        am.insert(rel, [i * 2 + 1], (100 + i // 100, i % 100 + 1))
    before = page_images(rel)
    bufmgr.flush_all_buffers()
    with open(relation_path(rel.locator), "r+b") as f:   # tear block 2 on disk
        f.seek(2 * 8192 + 4096)
        f.write(os.urandom(4096))
    crash_and_recover(monkeypatch)
    assert page_images(rel) == before
    assert [item.heap_tid for item in scan_all(am.begin_scan(rel, [am.ScanKey(1, "<", 6)]))] \
        == [(0, 1), (100, 1), (0, 2), (100, 2), (0, 3), (100, 3)]


def _split_and_fail_parent_insert(monkeypatch, rel, start_key):
    """Insert ascending keys until a page splits, making the parent insert fail once
    (the failing insert's own tuple is in by then); returns the block whose split was
    left incomplete and the next key to insert."""
    real = insert_module.insert_parent
    failed = []

    def failing(rel_, keys, buf, blkno, *args):
        if not failed:
            failed.append(blkno)
            raise PgError("57014", "canceling statement due to user request")
        return real(rel_, keys, buf, blkno, *args)
    monkeypatch.setattr(insert_module, "insert_parent", failing)
    key = start_key
    with pytest.raises(PgError):
        while True:
            am.insert(rel, [key], (key // 100, key % 100 + 1))
            key += 1
    lwlock.release_all()                      # what tcop does after an error
    bufmgr.release_all_pins()
    monkeypatch.setattr(insert_module, "insert_parent", real)
    return failed[0], key + 1


def _flags(rel, blkno):
    buf = bufmgr.read_buffer(rel.locator, 0, blkno)
    try:
        return pf.Opaque(bufmgr.page(buf)).flags
    finally:
        bufmgr.release_buffer(buf)


@pytest.mark.parametrize("crash", [False, True])
def test_incomplete_split_is_finished_by_the_next_insert(wal_cluster, monkeypatch, crash):
    rel = new_index()
    for key in range(800):                     # two levels
        am.insert(rel, [key], (key // 100, key % 100 + 1))
    blkno, key = _split_and_fail_parent_insert(monkeypatch, rel, 800)
    assert _flags(rel, blkno) & pf.BTP_INCOMPLETE_SPLIT
    if crash:
        crash_and_recover(monkeypatch)
        assert _flags(rel, blkno) & pf.BTP_INCOMPLETE_SPLIT
    verify.bt_index_check(rel)               # still a valid tree: the right link works
    assert len(scan_all(am.begin_scan(rel, []))) == key
    am.insert(rel, [key], (key // 100, key % 100 + 1))
    assert not _flags(rel, blkno) & pf.BTP_INCOMPLETE_SPLIT
    verify.bt_index_check(rel, parent_check=True)
    assert [i.heap_tid for i in scan_all(am.begin_scan(rel, []))] == \
        [(k // 100, k % 100 + 1) for k in range(key + 1)]


def test_incomplete_root_split_gets_its_new_root(wal_cluster, monkeypatch):
    rel = new_index()
    blkno, key = _split_and_fail_parent_insert(monkeypatch, rel, 0)
    assert search.read_metadata(rel).root == blkno          # still the old root
    crash_and_recover(monkeypatch)
    am.insert(rel, [key], (key // 100, key % 100 + 1))
    meta = search.read_metadata(rel)
    assert meta.root != blkno and meta.level == 1
    verify.bt_index_check(rel, parent_check=True)


def test_error_after_the_record_is_a_panic(wal_cluster, monkeypatch):
    rel = new_index()
    am.insert(rel, [1], (0, 1))

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(wal, "insert_record", broken)
    with pytest.raises(PanicError):
        am.insert(rel, [2], (0, 2))
    lwlock.release_all()
    bufmgr.release_all_pins()


def _btree_descriptions(text: str) -> list[str]:
    return [re.sub(r"len \(rec/tot\):\s+\d+/\s*\d+, ", "", line)
            for line in text.splitlines() if line.startswith("rmgr: Btree")]


def test_postgresql_waldump_describes_btree_records(wal_cluster):
    if not os.access(PG_WALDUMP, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    start = wal.insert_lsn()
    rel = new_index()
    for key in range(900):
        am.insert(rel, [key % 450], (key // 100, key % 100 + 1))
    wal.flush(wal.insert_lsn())
    ours = "\n".join(waldump.dump(start))
    kinds = {re.search(r"desc: (\w+)", line).group(1) for line in _btree_descriptions(ours)}
    assert kinds == {"NEWROOT", "INSERT_LEAF", "SPLIT_L", "SPLIT_R", "INSERT_UPPER"} or \
        kinds >= {"NEWROOT", "INSERT_LEAF", "INSERT_UPPER"}
    first = sorted(f for f in os.listdir("pg_wal") if re.fullmatch(r"[0-9A-F]{24}", f))[0]
    theirs = subprocess.run([PG_WALDUMP, "-p", "pg_wal", "-s", wal.format_lsn(start),
                             "-r", "Btree"], capture_output=True, text=True, timeout=60).stdout
    assert first
    # Records are compared without their lengths: pgsnake keeps the "hole" of full-page
    # images and the block data of blocks that have one (README, differences).
    assert _btree_descriptions(theirs) == _btree_descriptions(ours)
    assert len(_btree_descriptions(theirs)) > 900
    assert {wal_records.identify(i << 4) for i in range(15)} >= kinds


def _dedup_workload(rel, rng, count, first_block=0):
    """Inserts of a few keys with heap TIDs in random order: full leaves deduplicate
    (DEDUP), and new TIDs fall inside posting lists (INSERT_POST, and SPLIT records with
    a postingoff when the page splits too)."""
    tids = [(block, offset) for block in range(first_block, first_block + count // 50 + 1)
            for offset in range(1, 51)]
    rng.shuffle(tids)
    for tid in tids[:count]:
        am.insert(rel, [rng.randrange(10)], tid)


@pytest.mark.parametrize("checkpoint_midway", [False, True])
def test_redo_of_deduplication_and_posting_list_splits(wal_cluster, monkeypatch,
                                                       checkpoint_midway):
    rel = new_index(deduplicate_items=True)
    rng = random.Random(7)
    start = wal.insert_lsn()
    _dedup_workload(rel, rng, 3000)
    if checkpoint_midway:     # later changes start with full-page images
        checkpoint.create_checkpoint()
    _dedup_workload(rel, rng, 3000, first_block=100)
    wal.flush(wal.insert_lsn())
    records = [r for r in wal.read_records(start) if r.rmid == wal.RmgrId.BTREE]
    kinds = {r.info & 0xF0 for r in records}
    assert {wal_records.XLOG_BTREE_DEDUP, wal_records.XLOG_BTREE_INSERT_POST} <= kinds
    assert any(r.info & 0xF0 in (wal_records.XLOG_BTREE_SPLIT_L, wal_records.XLOG_BTREE_SPLIT_R)
               and wal_records.SPLIT.unpack_from(r.main_data, 0)[3] for r in records)
    before = page_images(rel)
    crash_and_recover(monkeypatch)
    assert page_images(rel) == before
    verify.bt_index_check(rel, parent_check=True)
    assert len(scan_all(am.begin_scan(rel, []))) == 6000


def test_postgresql_waldump_describes_dedup_records(wal_cluster):
    if not os.access(PG_WALDUMP, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    start = wal.insert_lsn()
    rel = new_index(deduplicate_items=True)
    _dedup_workload(rel, random.Random(8), 2000)
    wal.flush(wal.insert_lsn())
    ours = _btree_descriptions("\n".join(waldump.dump(start)))
    assert any("DEDUP" in line and "nintervals" in line for line in ours)
    assert any("INSERT_POST" in line for line in ours)
    theirs = subprocess.run([PG_WALDUMP, "-p", "pg_wal", "-s", wal.format_lsn(start),
                             "-r", "Btree"], capture_output=True, text=True, timeout=60).stdout
    assert _btree_descriptions(theirs) == ours


def test_redo_rebuilds_pages_of_compressed_keys(wal_cluster, monkeypatch):
    """Keys index_form_tuple compresses (over 510 bytes): inserts, splits with truncated
    pivots and a crash; the replay rebuilds every page and the keys read back."""
    rel = new_index(columns=(("t", 25),))
    rng = random.Random(3)
    keys = []
    for i in range(300):
        key = f"{rng.randrange(40):03d}" * 300 + f"{i:05d}"
        keys.append(key)
        am.insert(rel, [key], (i // 50, i % 50 + 1))
    before = page_images(rel)
    assert search.read_metadata(rel).level >= 1
    crash_and_recover(monkeypatch)
    assert page_images(rel) == before
    verify.bt_index_check(rel, parent_check=True)
    found = scan_all(am.begin_scan(rel, [], want_values=True))
    assert [item.values[0] for item in found] == sorted(keys)
