"""Array scan keys: `column = ANY (array)` answered by one index scan per array element,
the elements taken in index order, so that the matches come back in index order as a
single scan's would.

A scan key with strategy EQ_ANY carries a list of elements as its argument. Before the
scan starts, each array key is preprocessed: NULL elements are dropped (`= NULL` is
never true), the rest are sorted by the element type's ordering (reversed on a DESC
column, so index order) and duplicates are removed (each entry must come back once).
An array left empty, or a NULL array, means nothing matches. Then the scan runs the
ordinary B-tree scan (scan.py) once per combination of elements, with each array key
replaced by a plain `=` key: with several array keys the combinations are taken with
the first array column varying slowest, which is index order; a backward scan takes
them in reverse. The other keys are passed to every one of the scans unchanged.

This is PostgreSQL 15's scheme (one primitive index scan per set of array elements, the
next set chosen by _bt_advance_array_keys after each scan ends), not PostgreSQL 17's
(which may continue a scan across elements on the same leaf page).

Entry points: EQ_ANY, has_array_keys(scan_keys), ArrayKeyScan (next_batch, rescan,
end, as scan.IndexScan).

PostgreSQL: access/nbtree/nbtutils.c (_bt_preprocess_array_keys,
_bt_sort_array_elements, _bt_start_array_keys, _bt_advance_array_keys),
access/nbtree/nbtree.c (btgettuple's loop over array keys).
"""
from __future__ import annotations

import dataclasses
import itertools

from pgsnake.access.nbtree.key_comparison import IndexKeys, sort_key_for
from pgsnake.access.nbtree.scan import BACKWARD, FORWARD, IndexScan, update_keys_and_direction
from pgsnake.access.nbtree.scan_keys import EQ, ScanKey

EQ_ANY = "= ANY"


def has_array_keys(scan_keys) -> bool:
    return any(key.strategy == EQ_ANY for key in scan_keys)


def _sorted_elements(keys: IndexKeys, key: ScanKey) -> list:
    """The key's distinct non-NULL elements in index order (_bt_sort_array_elements)."""
    if key.argument is None:
        return []
    column = keys.columns[key.attno - 1]
    sort_key = sort_key_for(key.arg_type) if key.arg_type is not None else column.key
    distinct: dict = {}
    for element in key.argument:
        if element is not None:
            distinct.setdefault(sort_key(element), element)
    ordered = [distinct[k] for k in sorted(distinct)]
    return ordered[::-1] if column.desc else ordered


def key_sets(keys: IndexKeys, scan_keys, direction: int) -> list:
    """The plain key lists of the primitive scans, in scan order: each combination of
    the array keys' elements as `=` keys, with the other keys."""
    plain = [k for k in scan_keys if k.strategy != EQ_ANY]
    arrays = sorted((k for k in scan_keys if k.strategy == EQ_ANY), key=lambda k: k.attno)
    element_lists = [_sorted_elements(keys, k) for k in arrays]
    combinations = list(itertools.product(*element_lists))
    if direction == BACKWARD:
        combinations.reverse()
    return [plain + [dataclasses.replace(k, strategy=EQ, argument=value)
                     for k, value in zip(arrays, values)]
            for values in combinations]


class ArrayKeyScan:
    """A B-tree scan with array keys: the same interface as scan.IndexScan."""

    def __init__(self, rel, keys: IndexKeys, scan_keys, direction: int = FORWARD, *,
                 want_values: bool = False) -> None:
        self.rel = rel
        self.keys = keys
        self.want_values = want_values
        self.direction = FORWARD
        self.rescan(scan_keys, direction)

    def rescan(self, scan_keys=None, direction: int | None = None) -> None:
        update_keys_and_direction(self, scan_keys, direction)
        self._key_sets = key_sets(self.keys, self.scan_keys, self.direction)
        self._next_set = 0
        self._current: IndexScan | None = None
        self.finished = not self._key_sets

    def end(self) -> None:
        if self._current is not None:
            self._current.end()
        self.finished = True

    def next_batch(self):
        """The next leaf page's matches of the current element set; when that scan
        ends, the next set's scan starts (another descent from the root)."""
        while not self.finished:
            if self._current is None:
                if self._next_set >= len(self._key_sets):
                    self.finished = True
                    return None
                self._current = IndexScan(self.rel, self.keys, self._key_sets[self._next_set],
                                          self.direction, want_values=self.want_values)
                self._next_set += 1
            batch = self._current.next_batch()
            if batch is not None:
                return batch
            self._current = None
        return None
