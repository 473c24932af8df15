# Proves the shared B-tree scan of parallel query (access/nbtree/parallel_scan.py):
# several scans sharing one word take turns in any interleaving, and together return
# every match exactly once (no page read by two of them, none skipped), with key bounds
# that end the scan early, on an empty index, and while pages split between their
# reads (entries inserted mid-scan land on pages right of those already handed out).
from __future__ import annotations

import random

from nbtree_support import make_index, model_order
from pgsnake.access.nbtree import access_method as am
from pgsnake.access.nbtree.scan_keys import ScanKey
from pgsnake.storage.ipc.atomics import AtomicWords


def new_index():
    rel = make_index()
    am.create_storage(rel)
    am.build(rel, None, [])
    return rel


def shared_word():
    buffer = bytearray(16)
    return AtomicWords(buffer), 8


def run_interleaved(scans, rng, between=None):
    """Each turn a random scan reads its next batch; `between` runs after each read.
    The TIDs returned, and how many each scan returned."""
    out, live, counts = [], list(scans), {id(scan): 0 for scan in scans}
    while live:
        scan = rng.choice(live)
        batch = scan.next_batch()
        if batch is None:
            live.remove(scan)
            continue
        out.extend(item.heap_tid for item in batch)
        counts[id(scan)] += len(batch)
        if between is not None:
            between()
    return out, list(counts.values())


def test_participants_share_pages_and_return_each_match_once(small_pool):
    rel = new_index()
    rng = random.Random(5)
    entries = [([rng.randrange(3000)], (i // 50, i % 50 + 1)) for i in range(5000)]
    for values, tid in entries:
        am.insert(rel, values, tid)
    for keys, keep in (([], lambda v: True),
                       ([ScanKey(1, ">=", 700), ScanKey(1, "<", 1900)],
                        lambda v: 700 <= v < 1900),
                       ([ScanKey(1, "=", 42)], lambda v: v == 42),
                       ([ScanKey(1, ">", 5000)], lambda v: False)):
        atomics, offset = shared_word()
        scans = [am.begin_parallel_scan(rel, keys, atomics, offset) for _ in range(3)]
        got, counts = run_interleaved(scans, rng)
        expected = [tid for values, tid in model_order(entries) if keep(values[0])]
        assert sorted(got) == sorted(expected)
        assert len(got) == len(set(got))
        if len(expected) > 2000:        # many pages: every participant took some
            assert all(count > 0 for count in counts)


def test_empty_index_ends_every_participant(small_pool):
    rel = new_index()
    atomics, offset = shared_word()
    scans = [am.begin_parallel_scan(rel, [], atomics, offset) for _ in range(2)]
    assert [scan.next_batch() for scan in scans] == [None, None]


def test_splits_during_the_scan_lose_and_repeat_nothing(small_pool):
    rel = new_index()
    entries = [([v], (v // 50 + 1, v % 50 + 1)) for v in range(0, 8000, 2)]
    for values, tid in entries:
        am.insert(rel, values, tid)
    rng = random.Random(9)
    odd = iter(range(1, 8000, 2))

    def insert_some():          # new entries anywhere: pages split left and right
        for _ in range(20):
            v = next(odd, None)
            if v is not None:
                am.insert(rel, [v], (9000 + v // 50, v % 50 + 1))
    atomics, offset = shared_word()
    scans = [am.begin_parallel_scan(rel, [], atomics, offset) for _ in range(3)]
    got, _counts = run_interleaved(scans, rng, insert_some)
    assert len(got) == len(set(got))
    # every entry there before the scan began is found (later ones may or may not be)
    assert {tid for _values, tid in entries} <= set(got)


def test_array_keys_share_each_element_scan_in_turn(small_pool):
    rel = new_index()
    rng = random.Random(3)
    entries = [([rng.randrange(500)], (i // 50, i % 50 + 1)) for i in range(5000)]
    for values, tid in entries:
        am.insert(rel, values, tid)
    wanted = [7, 300, 42, None, 42, 499, 1000]
    for keys, keep in (([ScanKey(1, "= ANY", wanted)], lambda v: v in wanted),
                       ([ScanKey(1, "= ANY", wanted), ScanKey(1, "<", 400)],
                        lambda v: v in wanted and v < 400),
                       ([ScanKey(1, "= ANY", [])], lambda v: False)):
        atomics, offset = shared_word()
        scans = [am.begin_parallel_scan(rel, keys, atomics, offset) for _ in range(3)]
        got, _counts = run_interleaved(scans, rng)
        expected = [tid for values, tid in entries if keep(values[0])]
        assert sorted(got) == sorted(expected)
        assert len(got) == len(set(got))
