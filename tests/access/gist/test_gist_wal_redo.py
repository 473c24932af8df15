# Proves the GiST index's own WAL records (wal_records.py) with the real WAL, buffer
# manager and recovery: after inserts that split leaves, internal pages and the root
# (a three-level tree) and a VACUUM that deletes leaf tuples, a crash that loses every
# shared buffer and the replay of the WAL rebuild every page byte for byte (LSNs and the
# NSNs of split pages included), with or without a checkpoint in the middle; the
# records carry PostgreSQL's names and PostgreSQL 15's pg_waldump reads and describes
# them as pgsnake's waldump does; the same work logged as page images takes several
# times the WAL. The shared shape is tests/index_wal_support.py's RedoCase.
from __future__ import annotations

import decimal

import pytest

from index_wal_support import (RedoCase, page_images, redo_rebuilds_pages,
                               wal_bytes_own_and_images, waldump_lines)
from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                     TupleDescriptor)
from pgsnake.access.gist import access_method as gist
from pgsnake.access.gist import page_format as pf
from pgsnake.access.gist import wal_records
from pgsnake.access.transam.wal import wal
from pgsnake.catalog import range_types  # noqa: F401  (registers the built-in range types)
from pgsnake.datatypes import registry
from pgsnake.storage.smgr.relation_path import RelFileLocator

NUMRANGE = 3906


def _index(oid: int = 16500):
    info = registry.get_type(NUMRANGE)
    description = IndexDescription(heap_oid=16384, key_count=1, access_method=783,
                                   opclass_names=("range_ops",), column_texts=("r",))
    index = Relation(oid, f"gist_{oid}", 2200, "i", RelFileLocator(1663, 5, oid),
                     TupleDescriptor((Attribute(1, "r", NUMRANGE, typlen=info.typlen,
                                                typbyval=info.typbyval,
                                                typalign=info.typalign),)),
                     index=description)
    gist.create_storage(index)
    gist.build(index, None, [])
    return index


def _numrange(low, high):
    from pgsnake.datatypes import range_functions
    kind = range_functions.kind_of(NUMRANGE)[1]
    wide = "7" * 400                   # wide keys: a small fan-out, so few rows suffice
    return kind.make(decimal.Decimal(f"{wide}{low:06d}"), decimal.Decimal(f"{wide}{high:06d}"),
                     True, False)


def _workload(index, mid_checkpoint=None) -> dict:
    rows = {}
    for i in range(600):
        low = (i * 7919) % 5000
        tid = (i // 100, i % 100 + 1)
        rows[tid] = _numrange(low, low + 1 + i % 13)
        gist.insert(index, [rows[tid]], tid)
        if i == 300 and mid_checkpoint:
            mid_checkpoint()
    dead = {tid for n, tid in enumerate(rows) if n % 4 == 0}
    gist.bulk_delete(index, lambda tid: tid in dead)
    for tid in dead:
        del rows[tid]
    return rows


def _levels(index) -> int:
    depth, blkno = 1, pf.ROOT_BLKNO
    while not pf.read_opaque(page := gist.read_page(index, blkno)).is_leaf:
        blkno = pf.downlink(pf.page_tuples(page)[0])
        depth += 1
    return depth


CASE = RedoCase(_index, _workload, wal.RmgrId.GIST, wal_records.identify, "Gist")


@pytest.mark.parametrize("with_checkpoint", [False, True])
def test_redo_rebuilds_every_page_byte_for_byte(wal_cluster, monkeypatch, with_checkpoint):
    index, rows, names, start = redo_rebuilds_pages(CASE, monkeypatch, with_checkpoint)
    assert set(names) == {"PAGE_UPDATE", "PAGE_SPLIT"}
    assert _levels(index) == 3
    assert any(pf.read_opaque(p).nsn > start for p in page_images(index))  # splits' NSNs
    query = _numrange(0, 5000)
    found, _recheck = gist.bitmap_scan(index, [(0, 3, query)])       # && everything
    assert {tuple(t) for t in found} == set(rows)


def test_wal_volume_is_lower_than_with_page_images(wal_cluster, monkeypatch):
    own_records, page_images_bytes = wal_bytes_own_and_images(CASE, monkeypatch)
    assert own_records * 2 < page_images_bytes, (own_records, page_images_bytes)


def test_postgresql_waldump_describes_gist_records(wal_cluster):
    ours, theirs = waldump_lines(CASE)
    assert len(ours) > 600
    assert theirs == ours
