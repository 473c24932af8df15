# Proves utils/tuplesort.py: beyond work_mem a sort spills sorted runs to temporary files
# in base/pgsql_tmp and merges them into exactly the order of the in-memory sort
# (several keys, DESC, NULLS FIRST/LAST, stable for equal keys); its files are removed
# when it closes, and temp_files.close_all() removes whatever a failed statement left.
# In memory (and bounded), rows tied on the keys come in PostgreSQL's qsort / bounded
# heap order (tests/regress/sql/sort_tie_order.sql compares that with the oracle), so
# here only the keys' order and the rows kept are checked.
import collections
import dataclasses
import os
import random

from pgsnake.utils import process_state, temp_files
from pgsnake.utils.tuplesort import Tuplesort, sort_rows


@dataclasses.dataclass
class Key:
    index: int
    descending: bool = False
    nulls_first: bool = False


KEYS = [Key(0), Key(1, descending=True, nulls_first=False), Key(2, nulls_first=True)]


def _rows(n):
    rng = random.Random(7)
    pick = lambda values: rng.choice(values + [None])  # noqa: E731
    return [[pick(list(range(5))), pick(["a", "b", "c", "dd"]), pick([1.5, -2.0, 3.25]), i]
            for i in range(n)]


def _keys_of(rows):
    return [tuple(r[k.index] for k in KEYS) for r in rows]


def test_external_merge_gives_the_in_memory_order(tmp_path, monkeypatch):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    rows = _rows(20000)
    sort = Tuplesort(KEYS, work_mem_kb=64)
    for start in range(0, len(rows), 300):
        sort.add(rows[start:start + 300])
    spill_dir = tmp_path / "base" / "pgsql_tmp"
    assert len(os.listdir(spill_dir)) > 2            # several runs were written
    assert list(sort.sorted()) == sort_rows(list(rows), KEYS)
    assert (sort.method, sort.space_type) == ("external merge", "Disk")
    assert list(sort.sorted())[:5] == sort_rows(list(rows), KEYS)[:5]   # a rewind
    sort.close()
    assert os.listdir(spill_dir) == []


def test_small_sorts_stay_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    rows = _rows(500)
    sort = Tuplesort(KEYS, work_mem_kb=4096)
    sort.add(rows)
    got = list(sort.sorted())
    assert _keys_of(got) == _keys_of(sort_rows(list(rows), KEYS))
    assert collections.Counter(map(tuple, got)) == collections.Counter(map(tuple, rows))
    assert (sort.method, sort.space_type) == ("quicksort", "Memory") and sort.space_kb > 0
    assert not (tmp_path / "base" / "pgsql_tmp").exists()


def test_close_all_removes_what_is_left(tmp_path, monkeypatch):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    sort = Tuplesort(KEYS, work_mem_kb=64)
    sort.add(_rows(5000))
    assert os.listdir(tmp_path / "base" / "pgsql_tmp")
    temp_files.close_all()
    assert os.listdir(tmp_path / "base" / "pgsql_tmp") == []


def test_a_bounded_sort_keeps_only_the_best_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(process_state, "data_directory", str(tmp_path))
    rows = _rows(20000)
    sort = Tuplesort(KEYS, work_mem_kb=64, bound=25)
    for start in range(0, len(rows), 300):
        sort.add(rows[start:start + 300])
        assert len(sort.rows) <= 2 * 25 + 300      # never more than the bound allows
    got = list(sort.sorted())
    assert len(got) == 25 and _keys_of(got) == _keys_of(sort_rows(list(rows), KEYS)[:25])
    assert (sort.method, sort.space_type) == ("top-N heapsort", "Memory")
    assert not (tmp_path / "base" / "pgsql_tmp").exists()      # it never spilled


def test_bounded_sort_of_numbers_descending_gives_the_full_sorts_first_rows():
    # The top-N heap's key sorts a descending int / float as its negation: the same
    # order as sort_rows, with NULLs, NaN and -0.0 in their places (tied rows come in
    # PostgreSQL's heap order, not input order: their sort keys are compared).
    rng = random.Random(11)
    floats = [None, float("nan"), -0.0, 0.0, 1.5, -2.25, 7.0]
    ints = [None, 3, -4, 0, 12]
    rows = [[rng.choice(floats), rng.choice(ints), i] for i in range(3000)]
    for keys in ([Key(0, descending=True)], [Key(0, descending=True, nulls_first=True)],
                 [Key(1, descending=True), Key(0, descending=True)],
                 [Key(1), Key(0, descending=True, nulls_first=True)]):
        sort = Tuplesort(keys, work_mem_kb=4096, bound=25)
        for start in range(0, len(rows), 100):
            sort.add(rows[start:start + 100])
        got = list(sort.sorted())[:25]
        expected = sort_rows(list(rows), keys)[:25]
        columns = [key.index for key in keys]
        assert [repr([r[c] for c in columns]) for r in got] == \
            [repr([r[c] for c in columns]) for r in expected]
