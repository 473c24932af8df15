# Proves GiST insertion and splitting on a tree of three levels: every leaf tuple is
# reachable, every downlink's key covers all the keys below it, pages are GiST pages
# (special space, page id, F_LEAF only on leaves, right links and NSNs of split pages),
# every change is WAL-logged as a GiST record, and searches answer exactly as a brute-force check of the
# operators. Wide numeric ranges make the fan-out small, so a few hundred rows suffice.
from __future__ import annotations

import decimal

from pgsnake.access.common.tuple_descriptor import (Attribute, IndexDescription, Relation,
                                                    TupleDescriptor)
from pgsnake.access.gist import access_method as gist
from pgsnake.access.gist import page_format as pf
from pgsnake.access.gist import tree
from pgsnake.catalog import range_types  # noqa: F401  (registers the built-in range types)
from pgsnake.datatypes import ranges, registry
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator


NUMRANGE = 3906


def attribute(attnum: int, name: str, type_oid: int) -> Attribute:
    info = registry.get_type(type_oid)
    return Attribute(attnum, name, type_oid, typlen=info.typlen, typbyval=info.typbyval,
                     typalign=info.typalign)


def _index(opclass="range_ops", type_oid=NUMRANGE, oid=16500):
    description = IndexDescription(heap_oid=16384, key_count=1, access_method=783,
                                   opclass_names=(opclass,), column_texts=("r",))
    return Relation(oid, "gist_idx", 2200, "i", RelFileLocator(1663, 5, oid),
                    TupleDescriptor((attribute(1, "r", type_oid),)), index=description)


def _numrange(low, high):
    from pgsnake.datatypes import range_functions
    kind = range_functions.kind_of(NUMRANGE)[1]
    wide = "7" * 400                   # exact: Decimal arithmetic would round to 28 digits
    return kind.make(decimal.Decimal(f"{wide}{low:06d}"), decimal.Decimal(f"{wide}{high:06d}"),
                     True, False)


def _walk(index):
    """{blkno: page} of every page reachable from the root, and the level of each."""
    pages, levels = {}, {}
    stack = [(pf.ROOT_BLKNO, 0)]
    while stack:
        blkno, level = stack.pop()
        page = gist.read_page(index, blkno)
        pages[blkno], levels[blkno] = page, level
        if not pf.read_opaque(page).is_leaf:
            stack.extend((pf.downlink(d), level + 1) for d in pf.page_tuples(page))
    return pages, levels


def test_three_level_tree_keeps_its_invariants(gist_pool):
    index = _index()
    gist.create_storage(index)
    rows = {}
    for i in range(700):
        low = (i * 7919) % 5000            # scattered, so splits happen everywhere
        rows[(i // 100, i % 100 + 1)] = _numrange(low, low + 1 + i % 13)
    gist.build(index, None, [(tid, [value], True) for tid, value in list(rows.items())[:300]])
    for tid, value in list(rows.items())[300:]:
        gist.insert(index, [value], tid)

    pages, levels = _walk(index)
    assert max(levels.values()) == 2, "expected a root, an internal level and leaves"
    assert len(pages) == bufmgr.nblocks(index.locator, ForkNumber.MAIN)
    keys = tree.keys_for(index)
    found = set()
    for blkno, page in pages.items():
        opaque = pf.read_opaque(page)
        assert opaque.page_id == pf.GIST_PAGE_ID and pl.header(page).special == pf.SPECIAL_OFFSET
        assert opaque.is_leaf == (levels[blkno] == 2)
        assert not opaque.follow_right
        if opaque.is_leaf:
            found.update(pf.tid_of(d) for d in pf.page_tuples(page))
            continue
        for data in pf.page_tuples(page):
            child = pages[pf.downlink(data)]
            bound = keys.keys_of(data)[0]
            for below in pf.page_tuples(child):
                assert ranges.contains(bound, keys.keys_of(below)[0])
    assert found == set(rows)
    # Splits chained the halves by right links and stamped the split page's NSN.
    assert any(pf.read_opaque(p).rightlink != pf.INVALID_BLOCK for p in pages.values())
    assert any(pf.read_opaque(p).nsn > 0 for p in pages.values())
    # Inserts after the build were logged as GiST records (rmgr 14): PAGE_UPDATE for each
    # placed tuple and widened downlink, PAGE_SPLIT for each split; none as page images.
    gist_records = [r for r in gist_pool.records if r.rmid == 14]
    kinds = {r.info for r in gist_records}
    assert kinds == {0x00, 0x30} and len(gist_records) > 400, kinds
    assert not [r for r in gist_pool.records if r.rmid == 0 and r.lsn > gist_records[0].lsn]

    for low, high, strategy in ((100, 140, 3), (4990, 5100, 3), (0, 5000, 8), (2000, 2001, 7)):
        query = _numrange(low, high)
        got, recheck = gist.bitmap_scan(index, [(0, strategy, query)])
        test = {3: ranges.overlaps, 8: lambda a, b: ranges.contains(b, a),
                7: ranges.contains}[strategy]
        assert got == {t for t, v in rows.items() if test(v, query)}
        assert recheck is False


def test_vacuum_removes_dead_entries_and_scans_skip_them(gist_pool):
    index = _index(oid=16501)
    gist.create_storage(index)
    rows = {(i // 50, i % 50 + 1): _numrange(i, i + 3) for i in range(400)}
    for tid, value in rows.items():
        gist.insert(index, [value], tid)
    dead = {t for t in rows if (t[0] + t[1]) % 3 == 0}
    result = gist.bulk_delete(index, dead.__contains__)
    assert result.tuples_removed == len(dead)
    assert result.num_index_tuples == len(rows) - len(dead)
    got, _ = gist.bitmap_scan(index, [(0, 3, _numrange(0, 1000))])
    assert got == set(rows) - dead
    pages, _levels = _walk(index)
    assert any(pf.read_opaque(p).flags & pf.F_TUPLES_DELETED for p in pages.values())
