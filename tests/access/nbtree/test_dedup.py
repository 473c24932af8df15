# Proves what deduplication changes for the B-tree's users: scans of a deduplicated
# index return every heap TID of every posting list, in (key, TID) order forward and
# the reverse backward, exactly as the sorted-list model says, after random inserts
# that deduplicate pages and split posting lists and after a deduplicating build; the
# index is far smaller than the same index without deduplication; a unique index whose
# old versions pile up (dead duplicates) is deduplicated only through the bottom-up
# path, and its uniqueness check still sees a live duplicate hidden in a posting list;
# deduplicate_items = off, INCLUDE columns and unique builds never write posting
# lists; amcheck's heapallindexed finds rows inside posting lists, and amcheck catches a
# posting list whose TIDs are out of order.
from __future__ import annotations

import random

import pytest

from nbtree_support import make_index, make_table, model_order, page_images, scan_all
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree import verify
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import PgError


def _new(name="dup", oid=16500, **kwargs):
    rel = make_index(name, oid=oid, **kwargs)
    am.create_storage(rel)
    am.build(rel, None, [])
    return rel


def _leaf_items(rel):
    out = []
    for page in page_images(rel)[1:]:
        opaque = pf.Opaque(page)
        if opaque.is_leaf:
            out.extend(pl.get_item(page, off) for off in
                       range(opaque.first_data_offset, pl.max_offset(page) + 1))
    return out


def _scan(rel, direction=am.FORWARD, keys=()):
    return [(i.values[0], i.heap_tid) for i in
            scan_all(am.begin_scan(rel, list(keys), direction, want_values=True))]


def test_scans_return_every_posting_list_tid_in_order(btree_pool):
    rng = random.Random(1)
    rel = _new(deduplicate_items=True)
    plain = _new("plain", oid=16501)
    tids = [(b, o) for b in range(120) for o in range(1, 51)]
    rng.shuffle(tids)
    entries = []
    for tid in tids:
        key = rng.choice([None, 1, 2, 3, 5, 8, 13]) if rng.random() < 0.9 else rng.randrange(999)
        am.insert(rel, [key], tid)
        am.insert(plain, [key], tid)
        entries.append(((key,), tid))
    model = [(values[0], tid) for values, tid in model_order(entries)]
    assert _scan(rel) == model
    assert _scan(rel, am.BACKWARD) == model[::-1]
    assert _scan(rel, keys=[am.ScanKey(1, "=", 5)]) == [e for e in model if e[0] == 5]
    assert _scan(rel, am.BACKWARD, [am.ScanKey(1, ">=", 3), am.ScanKey(1, "<", 13)]) == \
        [e for e in model[::-1] if e[0] is not None and 3 <= e[0] < 13]
    verify.bt_index_check(rel, parent_check=True)
    assert any(it.is_posting(item) for item in _leaf_items(rel))
    assert len(page_images(rel)) * 2 < len(page_images(plain))     # 11 pages against 28

    built = make_index("built", oid=16502, deduplicate_items=True)
    am.create_storage(built)
    am.build(built, None, [(tid, [values[0]]) for values, tid in entries])
    assert _scan(built) == model and _scan(built, am.BACKWARD) == model[::-1]
    verify.bt_index_check(built, parent_check=True)


def test_no_posting_lists_where_postgresql_writes_none(btree_pool):
    rows = [((i // 50, i % 50 + 1), [i % 3, f"c{i}"]) for i in range(3000)]
    off = make_index("off", (("a", 23), ("c", 25)), oid=16510)              # reloption off
    include = make_index("inc", (("a", 23),), include=(("c", 25),), oid=16511,
                         deduplicate_items=True)                            # INCLUDE column
    for rel in (off, include):
        am.create_storage(rel)
        am.build(rel, None, rows)
        for tid, values in rows:
            am.insert(rel, values, (tid[0] + 100, tid[1]))
        assert not any(it.is_posting(item) for item in _leaf_items(rel))
    unique = make_index("uniq", (("a", 23),), unique=True, oid=16512, deduplicate_items=True)
    am.create_storage(unique)
    am.build(unique, None, [(tid, [values[0]], False) for tid, values in rows])  # dead rows
    assert not any(it.is_posting(item) for item in _leaf_items(unique))


def test_unique_index_deduplicates_dead_versions_and_still_finds_live_ones(btree_pool):
    heap = make_table("accounts", (("id", 23),))
    rel = make_index("accounts_pkey", (("id", 23),), unique=True, oid=16520,
                     deduplicate_items=True)
    am.create_storage(rel)
    am.build(rel, heap, [])
    states = {}

    def callback(tid):
        return states.get(tid, ("live", 0))
    # Distinct keys: full pages split without deduplicating (no duplicates seen).
    for i in range(1000):
        am.insert(rel, [i], (0, i + 1), unique=True, check_callback=callback, heap_rel=heap)
    assert not any(it.is_posting(item) for item in _leaf_items(rel))
    # Key 7 updated again and again (each old version dead): the page holding it fills
    # with its versions and is deduplicated through the bottom-up path.
    last = (0, 8)
    for version in range(600):
        states[last] = ("dead", 0)
        last = (10 + version // 100, version % 100 + 1)
        am.insert(rel, [7], last, unique=True, check_callback=callback, heap_rel=heap)
    assert any(it.is_posting(item) for item in _leaf_items(rel))
    verify.bt_index_check(rel, parent_check=True)
    # The live version is inside a posting list now, and still conflicts.
    assert any(it.is_posting(item) and last in it.posting_tids(item) for item in
               _leaf_items(rel)) or last in [it.raw_tid(i) for i in _leaf_items(rel)]
    with pytest.raises(PgError) as err:
        am.insert(rel, [7], (99, 1), unique=True, check_callback=callback, heap_rel=heap)
    assert err.value.sqlstate == "23505" and err.value.detail == "Key (id)=(7) already exists."
    assert [i.heap_tid for i in scan_all(am.begin_scan(rel, [am.ScanKey(1, "=", 7)]))] == \
        [(0, 8)] + [(10 + v // 100, v % 100 + 1) for v in range(600)]


def test_amcheck_catches_misplaced_posting_list_tids(btree_pool):
    rel = make_index("dup", oid=16530, deduplicate_items=True)
    am.create_storage(rel)
    rows = [((i // 50, i % 50 + 1), [i % 4]) for i in range(2000)]
    am.build(rel, None, rows)
    # heapallindexed: every heap row is found inside some posting list.
    verify.bt_index_check(rel, parent_check=True, heap_tuples=rows)
    with pytest.raises(PgError):
        verify.bt_index_check(rel, heap_tuples=rows + [((99, 1), [2])])
    buf = bufmgr.read_buffer(rel.locator, 0, 1)
    bufmgr.lock_buffer(buf, bufmgr.EXCLUSIVE)
    page = bufmgr.page(buf)
    lp_off, _flags, _len = pl.item_id(page, pf.Opaque(page).first_data_offset)
    start = lp_off + it.posting_offset(page[lp_off:lp_off + 8])
    page[start:start + 6], page[start + 6:start + 12] = \
        bytes(page[start + 6:start + 12]), bytes(page[start:start + 6])    # swap two TIDs
    bufmgr.mark_dirty(buf)
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)
    with pytest.raises(PgError) as err:
        verify.bt_index_check(rel)
    assert err.value.message == 'posting list contains misplaced TID in index "dup"'
