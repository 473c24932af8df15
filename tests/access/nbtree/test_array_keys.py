# Proves the B-tree's array scan keys (`column = ANY (array)`): one scan per distinct
# non-NULL element, the elements taken in index order (ascending, DESC, backward), so the
# entries come back exactly as the sorted-list model orders the matching ones, each once;
# NULL and duplicate elements, an empty or NULL array, two array keys (combinations with
# the first column varying slowest), array keys combined with ordinary keys, cross-type
# elements, and index-only values; rescan with new arrays.
from __future__ import annotations

import random

from nbtree_support import make_index, model_order, scan_all
from pgsnake.access.common.tuple_descriptor import INDOPTION_DESC, INDOPTION_NULLS_FIRST
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree.array_keys import EQ_ANY
from pgsnake.access.nbtree.scan import BACKWARD
from pgsnake.access.nbtree.scan_keys import ScanKey


def _filled(rng, columns=(("a", 23),), options=(), count=3000, distinct=300, oid=16400):
    rel = make_index(columns=columns, options=options, oid=oid)
    am.create_storage(rel)
    am.build(rel, None, [])
    entries = []
    for i in range(count):
        values = [rng.randrange(distinct) if rng.random() > 0.02 else None
                  for _ in columns]
        entries.append((values, (i // 40 + 1, i % 40 + 1)))
        am.insert(rel, values, entries[-1][1])
    return rel, entries


def _expected(entries, options, keep, backward=False):
    ordered = [tid for values, tid in model_order(entries, options) if keep(values)]
    return ordered[::-1] if backward else ordered


def _tids(scan):
    return [item.heap_tid for item in scan_all(scan)]


def test_one_array_key_in_index_order_each_entry_once(btree_pool):
    rng = random.Random(5)
    for oid, options in ((16400, ()), (16401, (INDOPTION_DESC | INDOPTION_NULLS_FIRST,))):
        rel, entries = _filled(rng, options=options, oid=oid)
        elements = [17, 3, None, 250, 3, 299, 1000]
        wanted = {e for e in elements if e is not None}
        for direction, backward in ((1, False), (BACKWARD, True)):
            got = _tids(am.begin_scan(rel, [ScanKey(1, EQ_ANY, elements)], direction))
            assert got == _expected(entries, options, lambda v: v[0] in wanted, backward)
            assert got                                     # the elements do match rows


def test_empty_null_and_all_null_arrays_match_nothing(btree_pool):
    rel, _entries = _filled(random.Random(6), count=500)
    for argument in ([], None, [None, None]):
        assert _tids(am.begin_scan(rel, [ScanKey(1, EQ_ANY, argument)])) == []


def test_two_array_keys_and_an_ordinary_key(btree_pool):
    rng = random.Random(7)
    rel, entries = _filled(rng, columns=(("a", 23), ("b", 23)), distinct=12)
    keys = [ScanKey(1, EQ_ANY, [9, 2, 5]), ScanKey(2, EQ_ANY, [11, 0, 4, 4]),
            ScanKey(2, ">", 0)]
    got = _tids(am.begin_scan(rel, keys))
    assert got == _expected(entries, (), lambda v: v[0] in (2, 5, 9) and v[1] in (4, 11))
    backward = _tids(am.begin_scan(rel, keys, BACKWARD))
    assert backward == got[::-1]


def test_cross_type_elements_and_index_only_values(btree_pool):
    rel, entries = _filled(random.Random(8), count=800, distinct=20)
    scan = am.begin_scan(rel, [ScanKey(1, EQ_ANY, [7, 2**40, 1], 20)], want_values=True)
    items = scan_all(scan)
    expected = [(values, tid) for values, tid in model_order(entries)
                if values[0] in (1, 7)]
    assert [(i.values, i.heap_tid) for i in items] == expected
    assert {values[0] for values, _tid in expected} == {1, 7}


def test_rescan_with_new_array(btree_pool):
    rel, entries = _filled(random.Random(9), count=800)
    scan = am.begin_scan(rel, [ScanKey(1, EQ_ANY, [1])])
    first = _tids(scan)
    scan.rescan([ScanKey(1, EQ_ANY, [4, 2])])
    assert first == _expected(entries, (), lambda v: v[0] == 1)
    assert _tids(scan) == _expected(entries, (), lambda v: v[0] in (2, 4))
