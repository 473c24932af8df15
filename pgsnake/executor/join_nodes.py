"""Join nodes: Nested Loop (with Materialize), Merge Join, Hash Join (with Hash).

A joined row is the outer row followed by the inner row. For a LEFT join an outer row
without a match is emitted once, padded with NULLs for the inner columns; for a RIGHT
join (Merge and Hash only) each inner row that matched no outer row is emitted at the
end, padded with NULLs for the outer columns. `join_qual` decides whether two rows
match; the node's `qual` then filters joined rows (for an outer join that is after NULL
padding, which is what WHERE on a nullable column needs).

A Semi join emits an outer row once, joined to its first matching inner row, and stops
looking; an Anti join emits an outer row that matches nothing, padded with NULLs (only
the outer columns are used above either). PostgreSQL 15 has no right semi / anti join,
so the outer side is always the one whose rows are kept.

A Nested Loop re-scans its inner side for every outer row. When the plan has
`nest_params` ((slot, outer expression) pairs: a parameterised inner side), it first
sets those PARAM_EXEC slots from the outer row and tells the inner side which slots
changed; a Materialize below re-reads its input only when that input uses one of them.
A Hash Join keeps its hash table across re-scans the same way.

Join nodes return at most BATCH_ROWS rows per batch, and hand out what they have at
the end of each outer batch.

PostgreSQL: executor/nodeNestloop.c, nodeMergejoin.c, nodeHashjoin.c, nodeHash.c,
nodeMaterial.c.
"""
from __future__ import annotations

from operator import itemgetter

from pgsnake.executor import hash_table_size
from pgsnake.executor.hash_keys import (join_key_functions, key_tuple_function,
                                        merge_key_functions)
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.executor.plan_state import (BATCH_ROWS, PlanState, batches_of, deferrable,
                                         node_state, rows_of)
from pgsnake.optimizer.plan_nodes import Hash, HashJoin, Materialize, MergeJoin, NestedLoop
from pgsnake.utils import settings
from pgsnake.utils.interrupts import check_for_interrupts
from pgsnake.utils.temp_files import PartitionFiles
from pgsnake.utils.tuplesort import pg_tuple_bytes


@node_state(Materialize)
class MaterializeState(PlanState):
    """Pass the child's rows on while keeping them; a re-scan replays the kept rows
    unless the child depends on a changed parameter (then it is re-scanned)."""

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)
        self.stored: list = []
        self.complete = False

    def batches(self):
        if self.complete:
            for start in range(0, len(self.stored), BATCH_ROWS):
                yield self.stored[start:start + BATCH_ROWS]
            return
        for batch in batches_of(self.child):
            self.stored.extend(batch)
            yield batch
        self.complete = True

    def restart(self, changed) -> None:
        self._close_batches()
        if not self.complete or self.child.params_used & changed:
            self.stored = []
            self.complete = False
            self.child.rescan(changed)

    def release(self) -> None:
        self.stored = []


@node_state(Hash)
class HashState(PlanState):
    """The inner input of a Hash Join; the join builds its table from these rows."""

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        yield from batches_of(self.child)


class _JoinState(PlanState):
    def compile_node(self, plan):
        return compile_qual(plan.join_qual, layout_of(plan.row_keys()))

    def setup(self) -> None:
        plan = self.plan
        self.outer = self.child_state(plan.outer)
        self.inner = self.child_state(plan.inner)
        self.inner_width = len(plan.inner.output_keys)
        self.outer_width = len(plan.outer.output_keys)
        # A FULL join is both: unmatched outer rows padded as they go, unmatched
        # inner rows (per hash batch, or of the whole inner input) at the end.
        self.left = plan.join_type in ("left", "full")
        self.right = plan.join_type in ("right", "full")
        # Semi: an outer row is emitted once, at its first match; anti: only without one.
        self.semi = plan.join_type == "semi"
        self.anti = plan.join_type == "anti"

    def join_outer_batch(self, outer_batch, candidates_of, matched_inner):
        """Join each outer row to its candidate (index, inner row) pairs: rows passing the
        join qual are matches (their indexes noted for a RIGHT join's NULL-padded
        leftovers), and a LEFT join pads an unmatched outer row with NULLs; the node's
        qual filters what is emitted. Yields lists of at most BATCH_ROWS rows. Pairs the
        join qual rejects and rows the qual removes are counted in plain local integers,
        handed to EXPLAIN ANALYZE's counters (if any) before each yield."""
        join_qual, qual, ex = self.code, self.qual, self.estate
        left, pad = self.left or self.anti, [None] * self.inner_width
        first_only = self.semi or self.anti
        out = []
        rejected = removed = 0
        try:
            for outer_row in outer_batch:
                matched = False
                for index, inner_row in candidates_of(outer_row):
                    row = outer_row + inner_row
                    if join_qual is None or join_qual(row, ex):
                        matched = True
                        if matched_inner is not None:
                            matched_inner.add(index)
                        if first_only:
                            if self.semi:
                                if qual is None or qual(row, ex):
                                    out.append(row)
                                else:
                                    removed += 1
                            break
                        if qual is None or qual(row, ex):
                            out.append(row)
                            if len(out) >= BATCH_ROWS:
                                self._count_removed(rejected, removed)
                                rejected = removed = 0
                                yield out
                                out = []
                        else:
                            removed += 1
                    else:
                        rejected += 1
                if left and not matched:
                    row = outer_row + pad
                    if qual is None or qual(row, ex):
                        out.append(row)
                    else:
                        removed += 1
                if len(out) >= BATCH_ROWS:
                    self._count_removed(rejected, removed)
                    rejected = removed = 0
                    yield out
                    out = []
        except Exception as error:
            if not out or not deferrable(error):
                raise
            self.pending_error = error     # after the rows before it (rows_before_error)
        self._count_removed(rejected, removed)
        if out:
            yield out

    def _count_removed(self, rejected: int, removed: int) -> None:
        counters = self.counters
        if counters is not None:
            counters.join_filter_removed += rejected
            counters.filter_removed += removed

    def unmatched_inner(self, inner_rows, matched_inner):
        qual, ex = self.qual, self.estate
        pad = [None] * self.outer_width
        out = []
        removed = 0
        for index, inner_row in enumerate(inner_rows):
            if index not in matched_inner:
                row = pad + inner_row
                if qual is None or qual(row, ex):
                    out.append(row)
                    if len(out) >= BATCH_ROWS:
                        self._count_removed(0, removed)
                        removed = 0
                        yield out
                        out = []
                else:
                    removed += 1
        self._count_removed(0, removed)
        if out:
            yield out


@node_state(NestedLoop)
class NestedLoopState(_JoinState):
    def compile_node(self, plan):
        outer_layout = layout_of(plan.outer.output_keys)
        params = [(slot, compile_expression(e, outer_layout))
                  for slot, e in getattr(plan, "nest_params", ())]
        return compile_qual(plan.join_qual, layout_of(plan.row_keys())), params

    def init(self, plan, estate) -> None:
        super().init(plan, estate)
        self.code, self.nest_params = self.code

    def batches(self):
        inner = self.inner
        ex = self.estate
        nest_params = self.nest_params
        # InitPlans below that use the parameters are recomputed (optimizer/lateral_paths.py)
        resets = getattr(self.plan, "nest_reset_slots", ())
        changed = frozenset(slot for slot, _ in nest_params) | frozenset(resets)
        slots = ex.exec_params

        def candidates(outer_row):
            for slot, fn in nest_params:
                slots[slot] = fn(outer_row, ex)
            for slot in resets:
                slots.pop(slot, None)
            inner.rescan(changed)
            return enumerate(list(rows_of(inner)))

        for outer_batch in batches_of(self.outer):
            yield from self.join_outer_batch(outer_batch, candidates, None)


class _KeyFunctions(list):
    """A join side's compiled key functions, with `tuple_of(row, ex)` making the key
    tuple (hash_keys.key_tuple_function: one itemgetter for plain columns)."""


def _key_fns(plan, clauses, compile_keys=join_key_functions):
    outer_layout = layout_of(plan.outer.output_keys)
    inner_layout = layout_of(plan.inner.output_keys)
    sides = []
    for exprs, layout in (([o for o, _, _ in clauses], outer_layout),
                          ([i for _, i, _ in clauses], inner_layout)):
        fns = _KeyFunctions(compile_keys(exprs, layout))
        fns.tuple_of = key_tuple_function(exprs, layout, fns)
        sides.append(fns)
    return tuple(sides)


def _key(fns, row, ex) -> tuple:
    if fns.__class__ is _KeyFunctions:
        return fns.tuple_of(row, ex)
    return tuple([f(row, ex) for f in fns])


def _row_bytes(row) -> int:
    return pg_tuple_bytes(row, overhead=16 + 8)     # HashJoinTuple header and a bucket


@node_state(HashJoin)
class HashJoinState(_JoinState):
    """The inner side is read into a hash table on the join keys. When it outgrows
    work_mem x hash_mem_multiplier, the join splits into batches by the keys' hash
    (doubling their number as needed, PostgreSQL's ExecHashIncreaseNumBatches): only
    batch 0's inner rows stay in memory, the others go to temporary files, and so do
    the outer rows of those batches as they arrive; each later batch is then joined
    from its two files. A key with a NULL matches nothing (outer and inner rows with one
    stay in batch 0 for the LEFT / RIGHT join NULL padding). A semi / anti join reads a
    key's inner rows newest first, as PostgreSQL's bucket chains hold them, and an
    empty inner side ends a join that keeps no unmatched outer rows at once."""

    abandoned = False      # a Parallel Hash Join whose shared build failed: no rows

    def compile_node(self, plan):
        return compile_qual(plan.join_qual, layout_of(plan.row_keys())), \
            _key_fns(plan, plan.hash_clauses)

    def init(self, plan, estate) -> None:
        super().init(plan, estate)
        self.code, (self.outer_keys, self.inner_keys) = self.code
        self.table = None              # key -> [(index, inner row)] of the current batch
        self.inner_rows: list = []     # the current batch's inner rows (RIGHT join)
        self.nbatch = 1
        self.inner_files = None        # PartitionFiles of inner rows of batches > 0
        self.outer_files = None

    def _limit(self) -> float:
        return settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier")

    def build(self, inner_batches=None) -> None:
        """The hash table of the inner input's rows (`inner_batches`: the inner rows as
        batches from elsewhere, a Parallel Hash's shared build; else the inner node's)."""
        table: dict = {}
        inner_rows = self.inner_rows = []
        keys, ex, right = self.inner_keys, self.estate, self.right
        limit = self._limit()
        row_size = None
        in_memory = 0
        original = self.initial_size()
        self.nbatch = original[1] if original else 1
        if self.nbatch > 1 and self.inner_files is None:
            self.inner_files = PartitionFiles()
            self.outer_files = PartitionFiles()
        grow = True
        for batch in batches_of(self.inner) if inner_batches is None else inner_batches:
            nbatch = self.nbatch
            for inner_row in batch:
                key = _key(keys, inner_row, ex)
                if None in key:
                    if right:
                        inner_rows.append(inner_row)   # matches nothing, padded later
                    continue
                if nbatch > 1:
                    batchno = hash(key) % nbatch
                    if batchno:
                        self.inner_files.add(batchno, inner_row)
                        continue
                table.setdefault(key, []).append((len(inner_rows), inner_row))
                if right:
                    inner_rows.append(inner_row)
                in_memory += 1
            if row_size is None and in_memory >= 64:
                sample = [r for rows in list(table.values())[:64] for _, r in rows][:64]
                row_size = sum(_row_bytes(r) for r in sample) / len(sample)
            while grow and row_size is not None and in_memory * row_size > limit:
                kept = self._increase_batches(table)
                if kept == in_memory:
                    # Nothing moved: batch 0 is one key (or a few); more batches would
                    # not help, so stop trying (PostgreSQL's growEnabled = false).
                    self.nbatch //= 2
                    grow = False
                in_memory = kept
            check_for_interrupts()
        self.table = table
        if self.nbatch > 1 and right:
            self._renumber()
        if self.counters is not None:
            hash_counters = self.estate.instrumentation.get(id(self.plan.inner))
            if hash_counters is not None:
                buckets = 1024
                while buckets < in_memory:
                    buckets *= 2
                if original and (self.nbatch > 1 or buckets < original[0]):
                    buckets = original[0]   # buckets grow only in a single batch
                memory_kb = int(((row_size or 0) * in_memory + 1023) // 1024)
                hash_counters.hash_stats = (buckets, self.nbatch, max(memory_kb, 1)) + \
                    (original or (buckets, self.nbatch))

    def initial_size(self):
        """(buckets, batches) the table starts with, from the planner's estimate of the
        inner rows (hash_table_size.py), or None to start with one batch."""
        inner = self.plan.inner
        useskew = len(self.plan.hash_clauses) == 1 and \
            bool(getattr(self.outer_keys.tuple_of, "positions", None))
        return hash_table_size.choose(inner.plan_rows, inner.plan_width, useskew)

    def _increase_batches(self, table: dict) -> int:
        """Double the batches; move batch 0's rows that now belong elsewhere to files.
        Returns how many rows stay in memory."""
        if self.inner_files is None:
            self.inner_files = PartitionFiles()
            self.outer_files = PartitionFiles()
        self.nbatch *= 2
        nbatch = self.nbatch
        kept = 0
        for key in list(table):
            batchno = hash(key) % nbatch
            if batchno:
                for _, row in table.pop(key):
                    self.inner_files.add(batchno, row)
            else:
                kept += len(table[key])
        return kept

    def _renumber(self) -> None:
        """A RIGHT join's batch 0 after rows moved out: index what stayed (and the
        NULL-keyed rows, which stay unmatched)."""
        null_keyed = [row for row in self.inner_rows
                      if None in _key(self.inner_keys, row, self.estate)]
        rows = []
        for key, entries in self.table.items():
            self.table[key] = [(len(rows) + i, row) for i, (_, row) in enumerate(entries)]
            rows.extend(row for _, row in entries)
        self.inner_rows = rows + null_keyed

    def _load_batch(self, batchno: int) -> None:
        """Batch `batchno`'s inner rows into memory. A row written before the number of
        batches last grew may belong to a later batch now: it moves on to that file
        (PostgreSQL's ExecHashJoinNewBatch does the same)."""
        table: dict = {}
        inner_rows = self.inner_rows = []
        keys, ex, nbatch, files = self.inner_keys, self.estate, self.nbatch, self.inner_files
        for inner_row in list(files.rows(batchno)):
            key = _key(keys, inner_row, ex)
            actual = hash(key) % nbatch
            if actual != batchno:
                files.add(actual, inner_row)
                continue
            table.setdefault(key, []).append((len(inner_rows), inner_row))
            inner_rows.append(inner_row)
        self.table = table
        check_for_interrupts()

    def batches(self):
        keys, ex = self.outer_keys, self.estate
        # A semi / anti join stops at an outer row's first match, so the order it meets
        # the candidates in decides how many the join qual rejects first (EXPLAIN
        # ANALYZE's "Rows Removed by Join Filter"): PostgreSQL's bucket chains hold the
        # newest inner row first, so such a join reads them newest first too.
        newest_first = self.semi or self.anti

        def candidates(outer_row):
            key = _key(keys, outer_row, ex)
            if None in key:
                return ()
            entries = self.table.get(key, ())
            return reversed(entries) if newest_first else entries

        matched_inner = set() if self.right else None
        plain_probe = self._plain_probe()
        for outer_batch in batches_of(self.outer):
            if self.table is None:
                # Build lazily: an empty outer side never scans the inner (except for
                # a RIGHT join, below).
                self.build()
                if self.abandoned:
                    return
                if not self.table and not self.inner_rows and self.nbatch == 1 \
                        and not (self.left or self.anti):
                    # No inner rows: nothing can join, so the outer side is not read
                    # further (PostgreSQL's ExecHashJoin, hash table empty).
                    return
            if self.nbatch > 1:
                outer_batch = self._keep_batch_zero(outer_batch)
            if plain_probe is not None:
                yield from plain_probe(outer_batch)
            else:
                yield from self.join_outer_batch(outer_batch, candidates, matched_inner)
        if self.table is None and self.right:
            self.build()
        if self.right:
            yield from self.unmatched_inner(self.inner_rows, matched_inner)
        for batchno in range(1, self.nbatch):
            self._load_batch(batchno)
            matched_inner = set() if self.right else None
            outer_rows = []
            for outer_row in self.outer_files.rows(batchno):
                outer_rows.append(outer_row)
                if len(outer_rows) >= BATCH_ROWS:
                    yield from self.join_outer_batch(outer_rows, candidates, matched_inner)
                    outer_rows = []
            if outer_rows:
                yield from self.join_outer_batch(outer_rows, candidates, matched_inner)
            if self.right:
                yield from self.unmatched_inner(self.inner_rows, matched_inner)

    def _plain_probe(self):
        """For an inner, left, semi or anti join without a join qual or a qual whose outer
        keys are plain columns: a loop over an outer batch that looks each row's key up
        inline and appends every match (a semi join its first, newest first; a left or
        anti join the unmatched row padded with NULLs), with no call per row (join_outer_batch's answer for that case: nothing can fail or be
        rejected, so only the order of rows matters, and it is the same). None for any
        other join."""
        if self.plan.join_type not in ("inner", "left", "semi", "anti") \
                or self.code is not None or self.qual is not None:
            return None
        positions = getattr(self.outer_keys.tuple_of, "positions", None)
        if not positions:
            return None
        getter = itemgetter(*positions) if len(positions) > 1 else None
        (only,) = positions if getter is None else (None,)
        left, pad = self.left or self.anti, [None] * self.inner_width
        semi, anti = self.semi, self.anti

        def probe(outer_batch):
            get = self.table.get
            out = []
            append = out.append
            for outer_row in outer_batch:
                if getter is None:
                    value = outer_row[only]
                    entries = None if value is None else get((value,))
                else:
                    key = getter(outer_row)
                    entries = None if None in key else get(key)
                if not entries:         # a NULL key matches nothing
                    if left:
                        append(outer_row + pad)
                        if len(out) >= BATCH_ROWS:
                            yield out
                            out = []
                            append = out.append
                    continue
                if semi or anti:
                    if semi:            # its first match, newest first as in candidates
                        append(outer_row + entries[-1][1])
                        if len(out) >= BATCH_ROWS:
                            yield out
                            out = []
                            append = out.append
                    continue
                if len(entries) <= 64:
                    for _, inner_row in entries:
                        append(outer_row + inner_row)
                else:           # many matches: the batch is capped as they come
                    for _, inner_row in entries:
                        append(outer_row + inner_row)
                        if len(out) >= BATCH_ROWS:
                            yield out
                            out = []
                            append = out.append
                if len(out) >= BATCH_ROWS:
                    yield out
                    out = []
                    append = out.append
            if out:
                yield out
        return probe

    def _keep_batch_zero(self, outer_batch: list) -> list:
        """Outer rows of later batches go to their files; batch 0's (and those with a
        NULL key, which match nothing) are joined now."""
        keys, ex, nbatch, files = self.outer_keys, self.estate, self.nbatch, self.outer_files
        mine = []
        for outer_row in outer_batch:
            key = _key(keys, outer_row, ex)
            batchno = 0 if None in key else hash(key) % nbatch
            if batchno:
                files.add(batchno, outer_row)
            else:
                mine.append(outer_row)
        return mine

    def restart(self, changed) -> None:
        self._close_batches()
        self.outer.rescan(changed)
        if self.table is None or self.nbatch > 1 or self.inner.params_used & changed:
            self.release()
            self.inner.rescan(changed)

    def release(self) -> None:
        self.table = None
        self.inner_rows = []
        self.nbatch = 1
        for files in (self.inner_files, self.outer_files):
            if files is not None:
                files.close()
        self.inner_files = self.outer_files = None


@node_state(MergeJoin)
class MergeJoinState(_JoinState):
    """Both inputs are sorted ascending, NULLS LAST, on the merge keys (the planner puts
    Sorts below). The inner input is read once into runs of equal keys; the outer input
    streams, and a cursor over the runs only moves forward, so each outer row meets just
    the run with its key: duplicates on both sides give every pairing, and a key with a
    NULL in it matches nothing."""

    def compile_node(self, plan):
        return compile_qual(plan.join_qual, layout_of(plan.row_keys())), \
            _key_fns(plan, plan.merge_clauses, merge_key_functions)

    def init(self, plan, estate) -> None:
        super().init(plan, estate)
        self.code, (self.outer_keys, self.inner_keys) = self.code
        self.inner_rows = None
        self.runs: list = []          # [(key, [index into inner_rows, ...])] ascending

    def read_inner(self) -> None:
        rows = list(rows_of(self.inner))
        runs = self.runs = []
        keys, ex = self.inner_keys, self.estate
        for index, inner_row in enumerate(rows):
            key = _key(keys, inner_row, ex)
            if None in key:
                continue
            if runs and runs[-1][0] == key:
                runs[-1][1].append(index)
            else:
                runs.append((key, [index]))
        self.inner_rows = rows

    def batches(self):
        matched_inner = set() if self.right else None
        keys, ex = self.outer_keys, self.estate
        position = 0

        def candidates(outer_row):
            nonlocal position
            key = _key(keys, outer_row, ex)
            if None in key:
                return ()
            runs = self.runs
            while position < len(runs) and runs[position][0] < key:
                position += 1
            if position < len(runs) and runs[position][0] == key:
                inner_rows = self.inner_rows
                return [(index, inner_rows[index]) for index in runs[position][1]]
            return ()

        for outer_batch in batches_of(self.outer):
            if self.inner_rows is None:
                self.read_inner()
            yield from self.join_outer_batch(outer_batch, candidates, matched_inner)
        if self.right:
            if self.inner_rows is None:
                self.read_inner()
            yield from self.unmatched_inner(self.inner_rows, matched_inner)

    def restart(self, changed) -> None:
        self._close_batches()
        self.outer.rescan(changed)
        if self.inner_rows is None or self.inner.params_used & changed:
            self.inner_rows = None
            self.runs = []
            self.inner.rescan(changed)

    def release(self) -> None:
        self.inner_rows = None
        self.runs = []
