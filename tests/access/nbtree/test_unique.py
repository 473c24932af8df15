# Proves the uniqueness check's decisions, with the caller's heap-tuple callback standing
# in for the heap: a live equal key raises 23505 with PostgreSQL's message, DETAIL and
# constraint fields, and nothing is inserted; dead equal keys do not count; an equal key
# written by a running transaction makes the insert release its locks, wait for that
# transaction, and decide again (inserting if it aborted, raising if it committed); NULL
# keys never conflict unless the index is NULLS NOT DISTINCT; a duplicate that spills
# onto the right sibling page is still found; PARTIAL checks insert and report; EXISTING
# checks re-find the row; a unique build refuses duplicate live keys.
from __future__ import annotations

import pytest

from nbtree_support import make_index, make_table, scan_all
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree import verify
from pgsnake.access.nbtree.unique_check import UniqueCheck
from pgsnake.storage.lmgr import lwlock
from pgsnake.utils.errors import PgError

HEAP = make_table("accounts", (("id", 23), ("owner", 25)))


class Heap:
    """What the callback reports per heap TID ("live" unless told otherwise)."""

    def __init__(self):
        self.state: dict = {}
        self.asked: list = []

    def __call__(self, tid):
        self.asked.append(tid)
        return self.state.get(tid, ("live", 0))


def unique_index(columns=(("id", 23),), **kwargs):
    rel = make_index("accounts_pkey", columns, unique=True, **kwargs)
    am.create_storage(rel)
    am.build(rel, HEAP, [])
    return rel


def insert(rel, values, tid, heap, mode=True):
    return am.insert(rel, values, tid, unique=mode, check_callback=heap, heap_rel=HEAP)


def entries(rel):
    return [item.heap_tid for item in scan_all(am.begin_scan(rel, []))]


def test_live_duplicate_raises_23505_like_postgresql(btree_pool):
    rel = unique_index()
    heap = Heap()
    insert(rel, [5], (0, 1), heap)
    with pytest.raises(PgError) as info:
        insert(rel, [5], (0, 2), heap)
    e = info.value
    assert (e.sqlstate, e.message, e.detail) == (
        "23505", 'duplicate key value violates unique constraint "accounts_pkey"',
        "Key (id)=(5) already exists.")
    assert (e.schema, e.table, e.constraint) == ("public", "accounts", "accounts_pkey")
    assert lwlock.held_count() == 0           # every buffer lock released before raising
    assert entries(rel) == [(0, 1)]


def test_multicolumn_detail_prints_values_with_output_functions(btree_pool):
    rel = unique_index((("id", 23), ("owner", 25)))
    heap = Heap()
    insert(rel, [1, "Ann O'Neil"], (0, 1), heap)
    with pytest.raises(PgError) as info:
        insert(rel, [1, "Ann O'Neil"], (0, 2), heap)
    assert info.value.detail == "Key (id, owner)=(1, Ann O'Neil) already exists."


def test_dead_duplicates_do_not_count(btree_pool):
    rel = unique_index()
    heap = Heap()
    insert(rel, [5], (0, 1), heap)
    heap.state[(0, 1)] = ("dead", 0)
    assert insert(rel, [5], (0, 2), heap) is True
    assert entries(rel) == [(0, 1), (0, 2)]
    assert (0, 1) in heap.asked


def test_running_writer_is_waited_for_then_its_outcome_decides(btree_pool, transactions):
    rel = unique_index()
    heap = Heap()
    insert(rel, [7], (0, 1), heap)
    heap.state[(0, 1)] = ("in_progress", 555)
    transactions.running.add(555)
    waited = []

    def writer_aborts(xid):
        waited.append((xid, lwlock.held_count()))
        transactions.running.discard(xid)
        heap.state[(0, 1)] = ("dead", 0)
    transactions.on_wait = writer_aborts
    assert insert(rel, [7], (0, 2), heap) is True
    assert waited == [(555, 0)]                # no buffer lock held while waiting
    assert transactions.wait_contexts[-1] == (
        'while inserting index tuple (0,2) in relation "accounts_pkey"')
    assert entries(rel) == [(0, 1), (0, 2)]

    heap.state[(0, 2)] = ("in_progress", 556)
    transactions.running.add(556)

    def writer_commits(xid):
        transactions.running.discard(xid)
        heap.state[(0, 2)] = ("live", 0)
    transactions.on_wait = writer_commits
    with pytest.raises(PgError) as info:
        insert(rel, [7], (0, 3), heap)
    assert info.value.sqlstate == "23505"
    assert entries(rel) == [(0, 1), (0, 2)]


def test_nulls_are_distinct_unless_the_index_says_otherwise(btree_pool):
    rel = unique_index((("id", 23), ("owner", 25)))
    heap = Heap()
    for i in range(3):
        insert(rel, [1, None], (0, i + 1), heap)
    assert len(entries(rel)) == 3 and heap.asked == []

    strict = unique_index((("id", 23), ("owner", 25)), nulls_not_distinct=True, oid=16401)
    insert(strict, [1, None], (1, 1), heap)
    with pytest.raises(PgError) as info:
        insert(strict, [1, None], (1, 2), heap)
    assert info.value.detail == "Key (id, owner)=(1, null) already exists."


def test_duplicate_on_the_right_sibling_is_found(btree_pool):
    # Fill several pages with one key whose older entries are dead, so the equal keys
    # run past the first page the descent lands on; the one live entry is on the last.
    rel = unique_index()
    heap = Heap()
    for i in range(1200):
        tid = (i // 100, i % 100 + 1)
        insert(rel, [42], tid, heap)
        heap.state[tid] = ("dead", 0)
    del heap.state[(11, 100)]                   # the newest is live
    from pgsnake.access.nbtree import search
    assert search.root_height(rel) >= 1
    heap.asked.clear()
    with pytest.raises(PgError):
        insert(rel, [42], (20, 1), heap)
    assert (11, 100) in heap.asked and len(heap.asked) >= 1200
    verify.bt_index_check(rel)


def test_partial_and_existing_checks(btree_pool):
    rel = unique_index()
    heap = Heap()
    insert(rel, [3], (0, 1), heap)
    assert insert(rel, [3], (0, 2), heap, UniqueCheck.PARTIAL) is False   # inserted anyway
    assert entries(rel) == [(0, 1), (0, 2)]
    assert insert(rel, [4], (0, 3), heap, UniqueCheck.PARTIAL) is True
    heap.state[(0, 1)] = ("dead", 0)
    assert insert(rel, [3], (0, 2), heap, UniqueCheck.EXISTING) is True   # checks only
    assert entries(rel) == [(0, 1), (0, 2), (0, 3)]
    heap.state[(0, 2)] = ("dead", 0)
    with pytest.raises(PgError) as info:
        insert(rel, [3], (9, 9), heap, UniqueCheck.EXISTING)
    assert info.value.message == 'failed to re-find tuple within index "accounts_pkey"'


def test_the_inserted_row_itself_dead_is_no_conflict(btree_pool):
    # CREATE INDEX CONCURRENTLY's case: the row being indexed died meanwhile.
    rel = unique_index()
    heap = Heap()
    insert(rel, [9], (0, 1), heap)
    heap.state[(0, 2)] = ("dead", 0)
    assert insert(rel, [9], (0, 2), heap) is True


def test_unique_build_refuses_duplicate_live_keys(btree_pool):
    rel = make_index("accounts_pkey", (("id", 23),), unique=True)
    am.create_storage(rel)
    with pytest.raises(PgError) as info:
        am.build(rel, HEAP, [((0, 1), [1]), ((0, 3), [2]), ((0, 2), [1])])
    e = info.value
    assert (e.sqlstate, e.message, e.detail) == (
        "23505", 'could not create unique index "accounts_pkey"', "Key (id)=(1) is duplicated.")
    other = make_index("other", unique=True, oid=16405)
    am.create_storage(other)
    # A not-live (recently dead) duplicate is indexed, not checked; NULLs never clash.
    assert am.build(other, HEAP, [((0, 1), [1]), ((0, 2), [1], False),
                                  ((0, 3), [None]), ((0, 4), [None])]) == 4
