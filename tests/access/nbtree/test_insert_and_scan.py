# Proves that the B-tree keeps every entry in PostgreSQL's order through thousands of
# inserts and page splits (leaf, internal and root splits, in a 16-buffer pool that
# evicts pages constantly): a full scan, forwards and backwards, returns exactly the
# entries of a sorted-list model; scans with =, <, <=, >, >= keys (alone and combined,
# on one or several columns, with IS NULL / IS NOT NULL, DESC and NULLS FIRST columns,
# cross-type arguments) return what the model's filter returns, in order; contradictory
# or NULL-argument keys return nothing; rescan restarts; index-only scans return the
# column values; amcheck finds every index built this way intact.
from __future__ import annotations

import datetime
import random

import pytest

from nbtree_support import make_index, model_order, scan_all
from pgsnake.access.common.tuple_descriptor import INDOPTION_DESC, INDOPTION_NULLS_FIRST
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import meta_page, verify
from pgsnake.access.nbtree.scan import BACKWARD, FORWARD
from pgsnake.access.nbtree.scan_keys import ScanKey

OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "=": lambda a, b: a == b,
       ">=": lambda a, b: a >= b, ">": lambda a, b: a > b}


def new_index(**kwargs):
    rel = make_index(**kwargs)
    am.create_storage(rel)
    am.build(rel, None, [])
    return rel


def insert_all(rel, entries):
    for values, tid in entries:
        am.insert(rel, values, tid)


def tids(items):
    return [item.heap_tid for item in items]


def test_random_inserts_keep_model_order_through_many_splits(small_pool):
    rel = new_index()
    rng = random.Random(11)
    entries = [([rng.randrange(2000)], (i // 50, i % 50 + 1)) for i in range(6000)]
    insert_all(rel, entries)
    expected = [tid for _values, tid in model_order(entries)]
    assert tids(scan_all(am.begin_scan(rel, []))) == expected
    assert tids(scan_all(am.begin_scan(rel, [], BACKWARD))) == expected[::-1]
    height = verify_and_height(rel)
    assert height >= 1                   # the root split at least once


def verify_and_height(rel):
    verify.bt_index_check(rel)
    verify.bt_index_check(rel, parent_check=True)
    from pgsnake.access.nbtree import search
    return search.read_metadata(rel).level


@pytest.mark.parametrize("order", ["ascending", "descending", "duplicates"])
def test_insert_patterns(btree_pool, order):
    rel = new_index(columns=(("s", 25),))
    keys = {"ascending": [f"k{i:06d}" for i in range(3000)],
            "descending": [f"k{i:06d}" for i in range(3000, 0, -1)],
            "duplicates": ["same"] * 3000}[order]
    entries = [([k], (i // 40, i % 40 + 1)) for i, k in enumerate(keys)]
    insert_all(rel, entries)
    assert tids(scan_all(am.begin_scan(rel, []))) == [t for _v, t in model_order(entries)]
    verify_and_height(rel)


def test_empty_index_scans_return_nothing(btree_pool):
    rel = new_index()
    assert scan_all(am.begin_scan(rel, [])) == []
    assert scan_all(am.begin_scan(rel, [ScanKey(1, "=", 3)], BACKWARD)) == []
    meta = meta_page.MetaData()
    from pgsnake.access.nbtree import search
    assert search.read_metadata(rel).root == meta.root == 0
    verify.bt_index_check(rel)


def test_single_column_scan_keys_match_the_model(btree_pool):
    rel = new_index()
    rng = random.Random(3)
    entries = [([rng.randrange(500)], (i // 100, i % 100 + 1)) for i in range(4000)]
    insert_all(rel, entries)
    ordered = model_order(entries)
    for _ in range(60):
        keys = [ScanKey(1, op, rng.randrange(-10, 510)) for op in
                rng.sample(list(OPS), rng.randrange(1, 3))]
        want = [t for (v,), t in ordered if all(OPS[k.strategy](v, k.argument) for k in keys)]
        assert tids(scan_all(am.begin_scan(rel, keys))) == want, keys
        assert tids(scan_all(am.begin_scan(rel, keys, BACKWARD))) == want[::-1], keys


def test_multicolumn_keys_with_nulls_desc_and_nulls_first(btree_pool):
    options = (INDOPTION_DESC | INDOPTION_NULLS_FIRST, 0, INDOPTION_NULLS_FIRST)
    rel = new_index(columns=(("a", 23), ("b", 25), ("c", 20)), options=options)
    rng = random.Random(5)

    def maybe(v):
        return None if rng.random() < 0.15 else v

    entries = [([maybe(rng.randrange(8)), maybe(f"x{rng.randrange(20)}"),
                 maybe(rng.randrange(100))], (i // 60, i % 60 + 1)) for i in range(3000)]
    insert_all(rel, entries)
    ordered = model_order(entries, options)
    assert tids(scan_all(am.begin_scan(rel, []))) == [t for _v, t in ordered]
    assert tids(scan_all(am.begin_scan(rel, [], BACKWARD))) == [t for _v, t in ordered][::-1]
    verify_and_height(rel)

    def matches(values, keys):
        for k in keys:
            v = values[k.attno - 1]
            if k.strategy == "IS NULL":
                ok = v is None
            elif k.strategy == "IS NOT NULL":
                ok = v is not None
            else:
                ok = v is not None and OPS[k.strategy](v, k.argument)
            if not ok:
                return False
        return True

    samples = [
        [ScanKey(1, "=", 3)],
        [ScanKey(1, "=", 3), ScanKey(2, "=", "x4")],
        [ScanKey(1, "=", 3), ScanKey(2, ">=", "x15"), ScanKey(3, "<", 40)],
        [ScanKey(1, ">", 5)],
        [ScanKey(1, "<=", 2), ScanKey(1, ">", 0)],
        [ScanKey(1, "IS NULL")],
        [ScanKey(1, "IS NOT NULL")],
        [ScanKey(1, "IS NULL"), ScanKey(2, "IS NOT NULL")],
        [ScanKey(1, "=", 6), ScanKey(2, "IS NULL")],
        [ScanKey(1, "=", 6), ScanKey(2, "=", "x3"), ScanKey(3, "IS NULL")],
        [ScanKey(2, "<", "x12")],
        [ScanKey(3, ">=", 90)],
        [ScanKey(1, ">", 2), ScanKey(3, "=", 7)],
    ]
    for keys in samples:
        want = [t for v, t in ordered if matches(v, keys)]
        assert tids(scan_all(am.begin_scan(rel, keys))) == want, keys
        assert tids(scan_all(am.begin_scan(rel, keys, BACKWARD))) == want[::-1], keys


def test_contradictions_and_null_arguments_return_nothing(btree_pool):
    rel = new_index()
    insert_all(rel, [([i], (0, i + 1)) for i in range(100)])
    for keys in ([ScanKey(1, "=", 3), ScanKey(1, "=", 4)],
                 [ScanKey(1, ">", 50), ScanKey(1, "<", 10)],
                 [ScanKey(1, "=", 60), ScanKey(1, "<", 10)],
                 [ScanKey(1, "=", None)],
                 [ScanKey(1, "IS NULL"), ScanKey(1, ">", 3)]):
        assert scan_all(am.begin_scan(rel, keys)) == [], keys
    # Redundant bounds keep the tightest.
    got = tids(scan_all(am.begin_scan(rel, [ScanKey(1, ">", 10), ScanKey(1, ">=", 20),
                                            ScanKey(1, "<", 30), ScanKey(1, "<=", 90)])))
    assert got == [(0, i + 1) for i in range(20, 30)]


def test_cross_type_arguments(btree_pool):
    rel = new_index(columns=(("a", 23), ("d", 1082)))
    base = datetime.date(2024, 1, 1)
    entries = [([i % 10, base + datetime.timedelta(days=i)], (0, i + 1)) for i in range(200)]
    insert_all(rel, entries)
    got = scan_all(am.begin_scan(rel, [ScanKey(1, "=", 3, arg_type=20)]))      # int8
    assert tids(got) == [t for v, t in model_order(entries) if v[0] == 3]
    noon = datetime.datetime(2024, 3, 1, 12, 0)
    keys = [ScanKey(1, "=", 4), ScanKey(2, ">", noon, arg_type=1114)]            # timestamp
    want = [t for v, t in model_order(entries)
            if v[0] == 4 and datetime.datetime.combine(v[1], datetime.time()) > noon]
    assert tids(scan_all(am.begin_scan(rel, keys))) == want and want


def test_index_only_values_and_rescan(btree_pool):
    rel = new_index(columns=(("a", 23),), include=(("note", 25),))
    insert_all(rel, [([i % 7, f"n{i}"], (1, i + 1)) for i in range(50)])
    scan = am.begin_scan(rel, [ScanKey(1, "=", 2)], want_values=True)
    first = scan_all(scan)
    assert [item.values for item in first] == [[2, f"n{i}"] for i in range(50) if i % 7 == 2]
    scan.rescan([ScanKey(1, "=", 5)], BACKWARD)
    again = scan_all(scan)
    assert [item.values[1] for item in again] == [f"n{i}" for i in range(49, -1, -1)
                                                  if i % 7 == 5]
    scan.rescan()
    assert [item.values[1] for item in scan_all(scan)] == [item.values[1] for item in again]
    scan.end()
    assert scan.next_batch() is None


def test_build_and_insert_agree(btree_pool):
    rng = random.Random(8)
    entries = [([rng.randrange(300), f"v{rng.randrange(50)}"], (i // 30, i % 30 + 1))
               for i in range(2500)]
    built = make_index("built", (("a", 23), ("b", 25)), oid=16401)
    am.create_storage(built)
    assert am.build(built, None, [(tid, values) for values, tid in reversed(entries)]) == 2500
    grown = new_index(name="grown", columns=(("a", 23), ("b", 25)), oid=16402)
    insert_all(grown, entries)
    assert (tids(scan_all(am.begin_scan(built, [])))
            == tids(scan_all(am.begin_scan(grown, [])))
            == [t for _v, t in model_order(entries)])
    verify_and_height(built)
    # More inserts into the built index split its pages like any other.
    more = [([rng.randrange(300), "z"], (500 + i // 30, i % 30 + 1)) for i in range(1500)]
    insert_all(built, more)
    assert tids(scan_all(am.begin_scan(built, []))) == [t for _v, t in
                                                         model_order(entries + more)]
    verify_and_height(built)


def test_not_an_index_is_refused(btree_pool):
    from nbtree_support import make_table
    from pgsnake.utils.errors import PgError
    with pytest.raises(PgError) as info:
        am.begin_scan(make_table(), [])
    assert info.value.sqlstate == "42809"


def test_oversized_entry_is_refused(btree_pool):
    # A third of a page at most (BTMaxItemSize); PostgreSQL would first try to compress
    # a value over 512 bytes, pgsnake has no compression: random text does not compress,
    # and test_oracle_pages.py compares this error with PostgreSQL's.
    from pgsnake.utils.errors import PgError
    rng = random.Random(1)
    rel = new_index(columns=(("s", 25),))
    with pytest.raises(PgError) as info:
        am.insert(rel, ["".join(chr(rng.randrange(33, 127)) for _ in range(3000))], (3, 7))
    e = info.value
    assert (e.sqlstate, e.message) == (
        "54000", 'index row size 3016 exceeds btree version 4 maximum 2704 for index "idx"')
    assert e.detail.startswith("Index row references tuple (3,7) in relation")
    assert scan_all(am.begin_scan(rel, [])) == []
    assert scan_all(am.begin_scan(rel, [], FORWARD)) == []
