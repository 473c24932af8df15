"""Sorting rows within work_mem: in memory when they fit, else an external merge sort
through temporary files.

Entry points:
    sort_rows(rows, keys) -> list     an in-memory sort (stable)
    sort_in_memory(rows, keys) -> list  the Sort node's in-memory sort: ties in the
                                      order PostgreSQL's (unstable) qsort leaves them
    Tuplesort(keys, work_mem_kb, bound=None)  add(rows) as they come, then sorted() -> iterator of
                                      rows; method / space_type / space_kb for EXPLAIN
                                      ANALYZE; close() removes any temporary files

`keys` are objects with `index` (column), `descending` and `nulls_first` (the
planner's SortKey). Rows are compared by Python's ordering of the values (the C
collation for text), except that a float or numeric NaN sorts above every number, as
in PostgreSQL. The in-memory sort sorts once per key, least significant first,
relying on stability: each key keeps its own direction and NULL placement without a
comparison function.

The external sort: rows are collected until their estimated size passes work_mem;
that run is sorted and written to a temporary file (utils/temp_files.py), and so on;
at the end the runs are merged (heapq.merge, stable, so equal rows keep their input
order as in the in-memory sort). Memory is estimated from a sample of each run's rows
as PostgreSQL would use it (pg_tuple_bytes), so only a few rows are measured.

PostgreSQL: utils/sort/tuplesort.c (tuplesort_puttupleslot, dumptuples, mergeruns,
tuplesort_get_stats).
"""
from __future__ import annotations

import heapq
from decimal import Decimal
from operator import itemgetter

from pgsnake.utils.interrupts import check_for_interrupts
from pgsnake.utils.temp_files import TempFile

SAMPLE_ROWS = 64
RUN_BATCH = 1000


def _is_number(value) -> bool:
    return isinstance(value, (float, Decimal))


def _flatten(value: list, out: list) -> list:
    for item in value:
        if isinstance(item, list):
            _flatten(item, out)
        else:
            out.append(item)
    return out


def _shape(value) -> list[int]:
    dims = []
    while isinstance(value, list):
        dims.append(len(value))
        value = value[0] if value else None
    return dims


def array_cmp(a: list, b: list) -> int:
    """array_cmp: the elements in storage order (a NULL element above any other), then
    the number of elements, the number of dimensions and the dimensions' lengths."""
    x, y = _flatten(a, []), _flatten(b, [])
    for left, right in zip(x, y):
        if left is None or right is None:
            if left is None and right is None:
                continue
            return 1 if left is None else -1
        if isinstance(left, list) or isinstance(right, list):
            continue
        if left < right:
            return -1
        if right < left:
            return 1
    if len(x) != len(y):
        return -1 if len(x) < len(y) else 1
    dims_a, dims_b = _shape(a), _shape(b)
    if len(dims_a) != len(dims_b):
        return -1 if len(dims_a) < len(dims_b) else 1
    if dims_a != dims_b:
        return -1 if dims_a < dims_b else 1
    bounds_a, bounds_b = _lower_bounds(a, len(dims_a)), _lower_bounds(b, len(dims_b))
    return (bounds_a > bounds_b) - (bounds_a < bounds_b)


def _lower_bounds(value, ndims: int) -> tuple:
    """The lower bounds an array value carries (datatypes/array_values.py keeps them
    as attributes of the list; 1 when absent)."""
    bounds = getattr(value, "lower_bounds", None)
    if bounds and len(bounds) == ndims:
        return tuple(bounds)
    first = getattr(value, "lower_bound", 1)
    return ((first,) + (1,) * (ndims - 1)) if ndims else ()


class _ArrayKey:
    """An array value ordered as array_cmp orders it (Python's list ordering cannot
    compare a nested list with a number, nor a NULL element)."""
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __lt__(self, other) -> bool:
        return array_cmp(self.value, other.value) < 0

    def __eq__(self, other) -> bool:
        return array_cmp(self.value, other.value) == 0


def sort_rows(rows: list, keys) -> list:
    for key in reversed(keys):
        getter = itemgetter(key.index)
        if any(isinstance(r[key.index], list) for r in rows):
            getter = (lambda index: lambda r: _ArrayKey(r[index]))(key.index)
        nulls = [r for r in rows if r[key.index] is None]
        values = [r for r in rows if r[key.index] is not None]
        nans = []
        if values and _is_number(values[0][key.index]):
            # NaN sorts above every number in PostgreSQL (float8_cmp, cmp_numerics);
            # Python's ordering cannot place it (float) or refuses it (Decimal).
            nans = [r for r in values if r[key.index] != r[key.index]]
            if nans:
                values = [r for r in values if r[key.index] == r[key.index]]
        values.sort(key=getter, reverse=key.descending)
        if nans:
            values = nans + values if key.descending else values + nans
        rows = nulls + values if key.nulls_first else values + nulls
        check_for_interrupts()
    return rows


PG_QSORT_MAX_ROWS = 10000      # above: Python's stable sort only (pg_qsort is slow)


def sort_in_memory(rows: list, keys) -> list:
    """The in-memory sort ("quicksort"): rows equal on every key come out in the order
    PostgreSQL's qsort leaves them in (it is not stable), so that tied rows are listed
    as PostgreSQL lists them. Python's stable sort runs first; only when it leaves
    tied rows that differ does pg_qsort (utils/pg_qsort.py, the same comparisons as
    tuplesort's) sort the input again, up to PG_QSORT_MAX_ROWS rows."""
    ordered = sort_rows(rows, keys)
    if len(rows) < 2 or len(rows) > PG_QSORT_MAX_ROWS or not _has_distinct_ties(ordered, keys):
        return ordered
    from pgsnake.utils.pg_qsort import pg_qsort
    items = list(rows)
    pg_qsort(items, _comparator(keys))
    check_for_interrupts()
    return items


def _has_distinct_ties(ordered: list, keys) -> bool:
    indexes = [k.index for k in keys]
    previous = ordered[0]
    for row in ordered[1:]:
        if row != previous and all(row[i] == previous[i] or (row[i] is None and
                                   previous[i] is None) for i in indexes):
            return True
        previous = row
    return False


def _comparator(keys):
    """compare(a, b) -> -1 / 0 / 1 in the order sort_rows gives (NULLs per key, NaN
    above every number, descending keys reversed), as tuplesort's comparetup."""
    parts = [(k.index, k.descending, k.nulls_first) for k in keys]

    def compare(a, b) -> int:
        for index, descending, nulls_first in parts:
            x, y = a[index], b[index]
            if x is None or y is None:
                if x is None and y is None:
                    continue
                if x is None:
                    return -1 if nulls_first else 1
                return 1 if nulls_first else -1
            if isinstance(x, list) and isinstance(y, list):
                result = array_cmp(x, y)
                if result == 0:
                    continue
                return -result if descending else result
            x_nan, y_nan = x != x, y != y
            if x_nan or y_nan:
                if x_nan and y_nan:
                    continue
                result = 1 if x_nan else -1
            elif x < y:
                result = -1
            elif y < x:
                result = 1
            else:
                continue
            return -result if descending else result
        return 0
    return compare


class _BoundedHeap:
    """tuplesort.c's bounded heap ("top-N heapsort"), step for step, so that rows tied
    on the sort keys are kept and listed as PostgreSQL keeps and lists them: a heap
    whose top is the worst row kept (the comparison reversed); a new row no better than
    the top is dropped, a better one replaces the top and sifts down; at the end the
    heap is emptied from the top into the array's tail (sort_bounded_heap)."""

    def __init__(self, bound: int, keys) -> None:
        forward = _comparator(keys)
        self.compare = lambda a, b: -forward(a, b)
        self.bound = bound
        self.items: list = []
        self.first_key = (keys[0].index, keys[0].descending) if keys else None

    def add_all(self, rows) -> None:
        items, compare, bound = self.items, self.compare, self.bound
        if self.first_key is None:
            first = descending = None
        else:
            first, descending = self.first_key
        for row in rows:
            if len(items) < bound:
                self._insert(row)
                continue
            top = items[0]
            if first is not None:
                # Most rows of a big input sort strictly after the worst row kept on
                # the first key alone: dropped without the full comparison (a NULL,
                # a NaN or a tie on that key goes on to it, as before).
                x, y = row[first], top[first]
                if x is not None and y is not None and x == x and y == y and \
                        (x < y if descending else y < x):
                    continue
            if compare(row, top) > 0:
                self._replace_top(row, len(items))

    def _insert(self, row) -> None:              # tuplesort_heap_insert
        items, compare = self.items, self.compare
        items.append(row)
        j = len(items) - 1
        while j > 0:
            i = (j - 1) >> 1
            if compare(row, items[i]) >= 0:
                break
            items[j] = items[i]
            j = i
        items[j] = row

    def _replace_top(self, row, n: int) -> None:  # tuplesort_heap_replace_top
        items, compare = self.items, self.compare
        i = 0
        while True:
            j = 2 * i + 1
            if j >= n:
                break
            if j + 1 < n and compare(items[j], items[j + 1]) > 0:
                j += 1
            if compare(row, items[j]) <= 0:
                break
            items[i] = items[j]
            i = j
        items[i] = row

    def sorted_rows(self) -> list:               # sort_bounded_heap
        items = self.items
        count = len(items)
        while count > 1:
            top = items[0]
            count -= 1
            self._replace_top(items[count], count)   # tuplesort_heap_delete_top
            items[count] = top
        return items


class _Descending:
    """A value that sorts in reverse (for merging descending keys)."""
    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __lt__(self, other) -> bool:
        return other.value < self.value

    def __eq__(self, other) -> bool:
        return self.value == other.value


def _merge_key(keys):
    """A key function giving the same order as sort_rows, for heapq.merge."""
    parts = [(k.index, k.descending, k.nulls_first) for k in keys]

    def key(row):
        out = []
        for index, descending, nulls_first in parts:
            value = row[index]
            if value is None:
                out.append(0 if nulls_first else 2)
                out.append(None)
            elif value != value:              # NaN: above every number
                out.append(0.5 if descending else 1.5)
                out.append(None)
            elif descending:
                out.append(1)
                # a number sorts in reverse as its negation, with no wrapper object
                # whose Python comparison methods every heap step would call
                cls = value.__class__
                out.append(-value if cls is int or cls is float else _Descending(value))
            else:
                out.append(1)
                out.append(value)
        return out
    return key


def _value_bytes(value) -> int:
    """A value's size in a PostgreSQL tuple: int4 unless it does not fit, a short
    varlena's 1-byte header, an ItemPointer's 6 bytes."""
    if value is None:
        return 0
    if isinstance(value, str):
        size = len(value) if value.isascii() else len(value.encode("utf-8"))
        return size + (1 if size < 127 else 4)
    if isinstance(value, (bytes, bytearray)):
        return len(value) + (1 if len(value) < 127 else 4)
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return 4 if -2**31 <= value < 2**31 else 8
    if isinstance(value, float):
        return 8
    if isinstance(value, tuple):
        return 6
    return 16


def pg_tuple_bytes(row, overhead: int = 24) -> int:
    """What PostgreSQL would spend on this row in memory: a MinimalTuple (16-byte header
    plus the values as stored, MAXALIGNed; PostgreSQL 15 keeps sort tuples in a
    generation context, without power-of-two rounding) plus `overhead` (a SortTuple's
    24 bytes; a hash table entry's). Sizes are judged against work_mem this way, not by
    the Python objects' size (several times larger), so pgsnake spills about when
    PostgreSQL would and EXPLAIN ANALYZE's memory figures are comparable."""
    size = 16 + sum(_value_bytes(v) for v in row)
    return (size + 7) // 8 * 8 + overhead


def _row_bytes(row) -> int:
    return pg_tuple_bytes(row)


class Tuplesort:
    """`bound`: only the first `bound` rows will be read (a LIMIT above): once more than
    twice that many are held, only the best `bound` are kept, and the sort never spills
    (PostgreSQL's bounded heap sort, "top-N heapsort")."""

    def __init__(self, keys, work_mem_kb: int, bound: int | None = None) -> None:
        self.keys = keys
        self.limit = work_mem_kb * 1024
        self.bound = bound
        self._bounded = False
        self._heap = None
        self.rows: list = []
        self.runs: list[TempFile] = []
        self._row_size = None          # estimated bytes per row of the current run
        self._sorted = False
        self.method = "quicksort"
        self.space_type = "Memory"
        self.space_kb = 0

    def add(self, rows: list) -> None:
        self.rows.extend(rows)
        if self.bound is not None and not self.runs and len(self.rows) > 2 * self.bound:
            # More than twice the bound: PostgreSQL's bounded heap (make_bounded_heap)
            # keeps the best `bound` rows from here on, the rows added later too.
            if self._heap is None:
                self._heap = _BoundedHeap(self.bound, self.keys)
            self._heap.add_all(self.rows)
            self.rows = []
            self._bounded = True
            check_for_interrupts()
            return
        if self._row_size is None and len(self.rows) >= SAMPLE_ROWS:
            sample = self.rows[:SAMPLE_ROWS]
            self._row_size = sum(_row_bytes(r) for r in sample) / len(sample)
        if self._row_size is not None and len(self.rows) * self._row_size > self.limit:
            self._dump_run()

    def _dump_run(self) -> None:
        """Sort what is in memory and write it out as one run (dumptuples)."""
        rows = sort_rows(self.rows, self.keys)
        self.rows = []
        self._row_size = None
        run = TempFile()
        self.runs.append(run)
        for start in range(0, len(rows), RUN_BATCH):
            run.write_batch(rows[start:start + RUN_BATCH])
        check_for_interrupts()

    def sorted(self):
        """All rows, in order (again from the start if called again: a rewind). In
        memory: quicksort; with runs: external merge."""
        if not self.runs:
            if self._bounded and not self._sorted:
                self._heap.add_all(self.rows)
                self.rows = self._heap.sorted_rows()
                self.method = "top-N heapsort"
            if not self._sorted:
                if self.rows:
                    size = self._row_size or (
                        sum(_row_bytes(r) for r in self.rows[:SAMPLE_ROWS])
                        / min(len(self.rows), SAMPLE_ROWS))
                    self.space_kb = max(1, int(len(self.rows) * size + 1023) // 1024)
                if not self._bounded:
                    self.rows = sort_in_memory(self.rows, self.keys)
                self._sorted = True
            return iter(self.rows)
        if self.rows:
            self._dump_run()
        self.method = "external merge"
        self.space_type = "Disk"
        self.space_kb = max(1, (sum(run.size for run in self.runs) + 1023) // 1024)
        return heapq.merge(*(self._run_rows(run) for run in self.runs), key=_merge_key(self.keys))

    @staticmethod
    def _run_rows(run: TempFile):
        for batch in run.batches():
            yield from batch

    def close(self) -> None:
        runs, self.runs = self.runs, []
        for run in runs:
            run.close()
        self.rows = []
