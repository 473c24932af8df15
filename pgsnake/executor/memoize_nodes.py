"""Memoize: the rows of a parameterised inner side kept per cache key, so a Nested Loop
whose outer rows repeat a key re-scans its inner side only on a miss.

On each re-scan the node evaluates its cache keys (expressions over the PARAM_EXEC slots
the Nested Loop just set). A hit replays the stored rows; a miss re-scans the child with
the parameters changed since the last child scan and stores what it returns. The cache
is bounded by work_mem x hash_mem_multiplier, memory counted as PostgreSQL's cache does
(an entry's key and header, each row as a MinimalTuple plus its list cell): storing past
the limit evicts the least recently used entries; an entry that alone does not fit is
dropped ("Overflows") and its key is scanned again next time. Keys compare as Python
values (equal NULLs are one key; float NaNs one key and arrays as tuples through
hash_keys.hashable_key, as the types' hash equality has them), which is PostgreSQL's logical mode for the built-in
types; binary mode compares the same way here.

EXPLAIN ANALYZE: "Hits: n  Misses: n  Evictions: n  Overflows: n  Memory Usage: nkB"
(the peak), set on the node's counters as `stats_line`.

PostgreSQL: executor/nodeMemoize.c (ExecMemoize, cache_lookup, cache_reduce_memory,
cache_store_tuple, ExecEstimateCacheEntryOverheadBytes).
"""
from __future__ import annotations

import collections
import math

from pgsnake.executor import hash_keys
from pgsnake.executor.expression_eval import compile_expression
from pgsnake.executor.plan_state import BATCH_ROWS, PlanState, batches_of, node_state
from pgsnake.optimizer.memoize_paths import (ENTRY_OVERHEAD_BYTES, TUPLE_OVERHEAD_BYTES,
                                             Memoize)
from pgsnake.utils import settings
from pgsnake.utils.tuplesort import pg_tuple_bytes


@node_state(Memoize)
class MemoizeState(PlanState):
    def compile_node(self, plan):
        return [compile_expression(k, {}) for k in plan.cache_keys]

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)
        self.cache: collections.OrderedDict = collections.OrderedDict()  # key -> (rows, bytes)
        self.memory = 0
        self.peak = 0
        self.limit = settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier")
        self.hits = self.misses = self.evictions = self.overflows = 0
        self.changed: set = set()           # parameters changed since the child's last scan
        self.child_scanned = False

    def restart(self, changed) -> None:
        self._close_batches()
        self.changed |= set(changed)

    def batches(self):
        ex = self.estate
        values = tuple(fn(None, ex) for fn in self.code)
        key = hash_keys.hashable_key(values)     # NaNs one key, arrays as tuples
        entry = self.cache.get(key)
        if entry is not None:
            self.hits += 1
            self.cache.move_to_end(key)
            rows = entry[0]
            self._note_stats()
            for start in range(0, len(rows), BATCH_ROWS):
                yield rows[start:start + BATCH_ROWS]
            return
        self.misses += 1
        if self.child_scanned:
            self.child.rescan(frozenset(self.changed))
        self.child_scanned = True
        self.changed = set()
        stored: list | None = []
        size = ENTRY_OVERHEAD_BYTES + sum(pg_tuple_bytes([k], overhead=0) for k in values)
        for batch in batches_of(self.child):
            if stored is not None:
                stored.extend(batch)
                size += sum(pg_tuple_bytes(r, overhead=TUPLE_OVERHEAD_BYTES) for r in batch)
                if size > self.limit:
                    stored = None            # this entry alone does not fit
                    self.overflows += 1
            yield batch
        if stored is not None:
            self._store(key, stored, size)
        self._note_stats()

    def _store(self, key, rows, size) -> None:
        while self.cache and self.memory + size > self.limit:
            _, (_, freed) = self.cache.popitem(last=False)
            self.memory -= freed
            self.evictions += 1
        self.cache[key] = (rows, size)
        self.memory += size
        self.peak = max(self.peak, self.memory)

    def _note_stats(self) -> None:
        if self.counters is not None:
            self.counters.stats_line = (
                f"Hits: {self.hits}  Misses: {self.misses}  Evictions: {self.evictions}  "
                f"Overflows: {self.overflows}  Memory Usage: {math.ceil(self.peak / 1024)}kB")

    def release(self) -> None:
        self.cache.clear()
