# Proves the BRIN index's WAL records (access/brin/wal_records.py) with the real WAL,
# buffer manager and recovery: summarising ranges (INSERT+INIT, INSERT with their
# placeholder, SAMEPAGE_UPDATE), a second revmap page whose block first had to be
# evacuated (REVMAP_EXTEND, UPDATE+INIT), inserts widening summaries in place and moving
# grown ones (SAMEPAGE_UPDATE, UPDATE) and desummarising (DESUMMARIZE): a crash that
# loses every shared buffer and the replay of the WAL rebuild every page byte for byte,
# with or without a checkpoint in the middle, and scans answer as before; PostgreSQL
# 15's pg_waldump reads and describes the records as pgsnake's waldump does.
from __future__ import annotations

import os
import re
import subprocess

import pytest

from index_wal_support import crash_and_recover, page_images
from pgsnake.access.brin import access_method as brin
from pgsnake.access.brin import page_format as pf
from pgsnake.access.brin import wal_records
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.transam import checkpoint
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.smgr.relation_path import RelFileLocator

PG_WALDUMP = "/usr/lib/postgresql/15/bin/pg_waldump"
INT4, TEXT = 23, 25
RANGES = 1400                      # more than one revmap page holds (1360)


def _index(monkeypatch, oid: int = 16500):
    monkeypatch.setattr(brin, "_catalog_info",
                        lambda index: brin.CatalogInfo((INT4, TEXT), pages_per_range=1))
    description = IndexDescription(heap_oid=16384, key_count=2, access_method=3580,
                                   heap_attnums=(1, 2),
                                   opclass_names=("int4_minmax_ops", "text_minmax_ops"))
    index = Relation(oid, f"brin_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     TupleDescriptor((Attribute(1, "a", INT4, typlen=4, typbyval=True),
                                      Attribute(2, "t", TEXT, typlen=-1, typalign="i"))),
                     index=description)
    brin.create_storage(index)
    return index


def _rows(first: int, count: int):
    for blkno in range(first, first + count):
        for off in (1, 2):
            yield (blkno, off), [blkno * 10 + off, f"t{blkno:05d}"]


def _workload(index, mid_checkpoint=None) -> None:
    summarized, existing = brin.summarize(index, _rows, RANGES)
    assert (summarized, existing) == (RANGES, 0)
    if mid_checkpoint:
        mid_checkpoint()
    for blkno in (0, 5, 700, 1399):                    # widen in place
        brin.insert(index, [-blkno, None], (blkno, 3))
    brin.insert(index, [1, "z" * 400], (3, 4))         # grows past its page: moves
    brin.desummarize(index, 9)


def _record_names(start) -> set:
    wal.flush(wal.insert_lsn())
    return {wal_records.identify(r.info) for r in wal.read_records(start)
            if r.rmid == wal.RmgrId.BRIN}


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch, with_checkpoint):
    start = wal.insert_lsn()
    index = _index(monkeypatch)
    _workload(index, checkpoint.create_checkpoint if with_checkpoint else None)
    assert _record_names(start) == {"CREATE_INDEX", "INSERT+INIT", "INSERT",
                                    "SAMEPAGE_UPDATE", "REVMAP_EXTEND", "UPDATE",
                                    "UPDATE+INIT", "DESUMMARIZE"}
    before = page_images(index)
    assert pf.read_metapage(before[0]).last_revmap_page == 2     # block 2 was evacuated
    assert pf.page_type(before[2]) == pf.PAGETYPE_REVMAP
    crash_and_recover(monkeypatch)
    after = page_images(index)
    assert len(after) == len(before)
    for blkno, (old, new) in enumerate(zip(before, after)):
        assert old == new, f"block {blkno} differs after redo"
    keys = [brin.ScanKey(0, 1, 0, INT4)]                 # a < 0: the widened ranges
    blocks = brin.bitmap_scan(index, RANGES, keys)
    assert blocks == [5, 9, 700, 1399]                   # 9: no summary, always read
    blocks = brin.bitmap_scan(index, RANGES, [brin.ScanKey(1, 5, "y", TEXT)])
    assert blocks == [3, 9]


def test_postgresql_waldump_describes_brin_records(wal_cluster, monkeypatch):
    if not os.access(PG_WALDUMP, os.X_OK):
        pytest.skip("PostgreSQL 15's pg_waldump is not installed")
    start = wal.insert_lsn()
    index = _index(monkeypatch)
    _workload(index)
    wal.flush(wal.insert_lsn())
    ours = _brin_lines("\n".join(waldump.dump(start)))
    theirs = _brin_lines(subprocess.run(
        [PG_WALDUMP, "-p", "pg_wal", "-s", wal.format_lsn(start), "-r", "BRIN"],
        capture_output=True, text=True, timeout=120).stdout)
    assert len(ours) > 2 * RANGES
    assert theirs == ours


def _brin_lines(text: str) -> list[str]:
    return [re.sub(r"len \(rec/tot\):\s+\d+/\s*\d+, ", "", line)
            for line in text.splitlines() if line.startswith("rmgr: BRIN")]


def test_redo_rebuilds_minmax_multi_summaries(wal_cluster, monkeypatch):
    """A minmax-multi index (values_per_range 8): summaries serialised at the end of
    each range, inserts that deserialise and merge them again; the replay rebuilds
    every page byte for byte and scans answer as before."""
    monkeypatch.setattr(brin, "_catalog_info", lambda index: brin.CatalogInfo(
        (INT4,), pages_per_range=2, column_options=((("values_per_range", "8"),),)))
    description = IndexDescription(heap_oid=16384, key_count=1, access_method=3580,
                                   heap_attnums=(1,), opclass_names=("int4_minmax_multi_ops",))
    index = Relation(16510, "brin_mm", 2200, "i", RelFileLocator(1663, 5, 16510),
                     TupleDescriptor((Attribute(1, "a", INT4, typlen=4, typbyval=True),)),
                     index=description)
    brin.create_storage(index)

    def rows(first: int, count: int):
        for blkno in range(first, first + count):
            for off in range(1, 8):
                yield (blkno, off), [(blkno * 7919 + off * 104729) % 100000]
    brin.summarize(index, rows, 40)
    for value, blkno in ((-5, 0), (250000, 0), (7, 13), (-1, 39)):
        brin.insert(index, [value], (blkno, 9))
    before = page_images(index)
    crash_and_recover(monkeypatch)
    after = page_images(index)
    assert after == before
    blocks = brin.bitmap_scan(index, 40, [brin.ScanKey(0, 1, 0, INT4)])     # a < 0
    assert blocks == [0, 1, 38, 39]
