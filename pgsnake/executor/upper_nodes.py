"""Nodes above the joins: Aggregate (plain / hashed), Sort, Unique, Limit.

An Aggregate's output row is its group key values followed by one value per aggregate,
in the order of Aggregate.aggregates; its `qual` (HAVING) is tested on that row. Sort
uses utils/tuplesort.py: in memory within work_mem, else an external merge sort through
temporary files in base/pgsql_tmp (EXPLAIN ANALYZE: "Sort Method: quicksort  Memory:
NkB" / "external merge  Disk: NkB"); its files go when the node ends.

Aggregate and Sort read their whole input before returning their first batch, checking
for interrupts once per input batch (and Sort around its sorting passes). A Sort whose
input uses no changed parameter replays its sorted rows on a re-scan.

PostgreSQL: executor/nodeAgg.c, nodeSort.c (tuplesort.c), nodeUnique.c, nodeLimit.c.
"""
from __future__ import annotations

import dataclasses
from operator import itemgetter

from pgsnake.executor import aggregate_advance
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.executor.plan_state import PlanState, batches_of, in_batches, node_state
from pgsnake.executor.hash_keys import hashable_key, key_functions, key_tuple_function
from pgsnake.optimizer.plan_nodes import Aggregate, Limit, Sort, Unique
from pgsnake.optimizer.planner import key_of
from pgsnake.utils import settings
from pgsnake.utils.errors import PgError
from pgsnake.utils.interrupts import check_for_interrupts
from pgsnake.utils.temp_files import PartitionFiles
from pgsnake.utils.tuplesort import Tuplesort, pg_tuple_bytes

INVALID_ROW_COUNT_IN_LIMIT_CLAUSE = "2201W"
INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE = "2201X"


def _column_of(expr, layout) -> int | None:
    """The input row position `expr` is read from (compile_expression's first case)."""
    try:
        return layout.get(key_of(expr))
    except TypeError:
        return None


class _AggregateCall:
    """One aggregate's evaluation: its compiled arguments and FILTER (kept with the plan).
    Per-group state lives in slots: [transition value, seen set for DISTINCT]."""

    def __init__(self, aggref, layout) -> None:
        self.aggregate = aggref.aggregate
        self.star = aggref.star
        self.distinct = aggref.distinct
        self.args = [compile_expression(a, layout) for a in aggref.args]
        # the input column each argument is, when it is one (aggregate_advance.py)
        self.arg_columns = [_column_of(a, layout) for a in aggref.args]
        self.filter = compile_qual([aggref.agg_filter] if aggref.agg_filter is not None else [],
                                   layout)

    def initial(self):
        return [self.aggregate.init(), set() if self.distinct else None]

    def advance(self, slot, row, ex) -> None:
        if self.filter is not None and not self.filter(row, ex):
            return
        if self.star:
            slot[0] = self.aggregate.transition(slot[0], True)
            return
        values = [f(row, ex) for f in self.args]
        if values[0] is None and getattr(self.aggregate, "strict", True):
            return          # NULL inputs are skipped (string_agg's delimiter may be NULL;
                            # json_agg is not strict and takes NULLs)
        if self.distinct:
            seen = hashable_key(values)     # arrays are lists: looked up as tuples
            if seen in slot[1]:
                return
            slot[1].add(seen)
        slot[0] = self.aggregate.transition(slot[0], *values)

    def finish(self, slot):
        return self.aggregate.final(slot[0])


SPILL_PARTITIONS = 4


def _group_bytes(key, slots) -> int:
    """A group's memory as PostgreSQL would count it: its key as a tuple, a hash entry,
    and a transition value per aggregate."""
    return pg_tuple_bytes(key, overhead=16 + 8) + 16 * len(slots)


def _unknown_groups(batches, advance_known, groups: dict, ex, group_key):
    """(row, group key) of the rows of `batches`, in order, that advance_known leaves
    to the caller (their group is not in `groups` yet, or their key is an array); the
    caller handles each before the rest of its batch goes on. Interrupts are checked
    once per batch."""
    for batch in batches:
        index, end = 0, len(batch)
        while index < end:
            index, key = advance_known(groups, batch, index, ex, group_key)
            if index < end:
                yield batch[index], key
                index += 1
        check_for_interrupts()


@node_state(Aggregate)
class AggregateState(PlanState):
    """Plain: one group. Sorted (GroupAggregate): the input arrives ordered by the group
    keys, so a group is finished when the key changes and memory holds one group.
    Hashed (HashAggregate): groups in a hash table up to work_mem x
    hash_mem_multiplier; then input rows of groups not yet in the table are written to
    partition files by the key's hash while the known groups go on aggregating, and each
    partition is aggregated afterwards the same way (PostgreSQL 13's hash aggregate
    spilling)."""

    def compile_node(self, plan):
        child_layout = layout_of(plan.child.output_keys)
        calls = [_AggregateCall(a, child_layout) for a in plan.aggregates]
        group_fns = key_functions(plan.group_exprs, child_layout)
        group_key = key_tuple_function(plan.group_exprs, child_layout, group_fns)
        return (group_fns, calls,
                [compile_expression(d, child_layout) for d in plan.dependent_exprs],
                aggregate_advance.compile_advance(calls, getattr(group_key, "positions", None)),
                group_key)

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)
        self.spills: list = []

    def batches(self):
        if self.plan.strategy != "hashed":       # plain: the one group of no keys
            rows = self._sorted_groups()
        else:
            rows = self._hashed_groups()
        yield from self.filtered_batches(rows)

    def _finish(self, key, slots, dependent=()) -> list:
        return list(key) + list(dependent) + [c.finish(s) for c, s in zip(self.code[1], slots)]

    def _sorted_groups(self):
        group_fns, calls, dependent_fns, (advance, advance_batch, _), group_key = self.code
        ex = self.estate
        if not group_fns and not dependent_fns:     # one group: whole batches at once
            slots = [c.initial() for c in calls]
            for batch in batches_of(self.child):
                advance_batch(slots, batch, ex)
            yield self._finish((), slots)
            return
        key = slots = dependent = None
        for batch in batches_of(self.child):
            for row in batch:
                row_key = group_key(row, ex)
                if slots is None or row_key != key:
                    if slots is not None:
                        yield self._finish(key, slots, dependent)
                    key, slots = row_key, [c.initial() for c in calls]
                    dependent = [f(row, ex) for f in dependent_fns]
                advance(slots, row, ex)
        if slots is not None:
            yield self._finish(key, slots, dependent)
        elif not self.plan.group_exprs:
            yield self._finish((), [c.initial() for c in calls])

    def _hashed_groups(self):
        group_fns, calls, dependent_fns, _, _ = self.code
        limit = settings.get("work_mem") * 1024.0 * settings.get("hash_mem_multiplier")
        batches = 1
        memory = disk = 0
        # (rows to aggregate, depth): the input first, then each spilled partition.
        pending = [(batches_of(self.child), 0)]
        while pending:
            input_batches, depth = pending.pop(0)
            groups, spill, used, originals, dependents = self._aggregate(
                input_batches, group_fns, calls, dependent_fns, limit, depth)
            memory = max(memory, used)
            if not groups and not self.plan.group_exprs and depth == 0:
                groups[()] = [c.initial() for c in calls]     # plain aggregate of no rows
            for key, slots in groups.items():
                yield self._finish(originals.get(key, key), slots, dependents.get(key, ()))
            if spill is not None:
                self.spills.append(spill)
                disk += spill.size()
                for number in spill.numbers():
                    batches += 1
                    pending.append((in_batches(spill.rows(number)), depth + 1))
        if self.counters is not None:
            self.counters.hash_agg_stats = (batches, max(1, int(memory + 1023) // 1024),
                                            (disk + 1023) // 1024)

    def _aggregate(self, batches, group_fns, calls, dependent_fns, limit: float,
                   depth: int):
        """One pass over `batches` (lists of rows): (groups, the partitions of rows
        whose groups did not fit or None, estimated bytes used, the array keys' values,
        the groups' dependent columns). Rows of groups already in the table go through
        the compiled advance_known a batch at a time; this loop sees the others."""
        ex = self.estate
        (advance, _, advance_known), group_key = self.code[3], self.code[4]
        groups: dict = {}
        originals: dict = {}     # hashable key -> the group's values, for array keys
        dependents: dict = {}    # key -> dependent_exprs of the group's first row
        spill = None
        group_size = None
        for row, key in _unknown_groups(batches, advance_known, groups, ex, group_key):
            try:
                slots = groups.get(key)
            except TypeError:            # an array (list) among the keys
                values, key = key, hashable_key(key)
                originals.setdefault(key, values)
                slots = groups.get(key)
            if slots is None:
                if spill is not None:
                    spill.add(hash((depth, key)) % SPILL_PARTITIONS, row)
                    continue
                slots = groups[key] = [c.initial() for c in calls]
                if dependent_fns:
                    dependents[key] = [f(row, ex) for f in dependent_fns]
                if group_size is None and len(groups) >= 64:
                    sample = list(groups.items())[:64]
                    group_size = sum(_group_bytes(k, s) for k, s in sample) / len(sample)
                if group_size is not None and len(groups) * group_size > limit \
                        and depth < 8:
                    spill = PartitionFiles()
            advance(slots, row, ex)
        used = len(groups) * (group_size or 0)
        return groups, spill, used, originals, dependents

    def restart(self, changed) -> None:
        self._close_batches()
        self.release()
        self.child.rescan(changed)

    def release(self) -> None:
        spills, self.spills = self.spills, []
        for spill in spills:
            spill.close()


def _ordered_by(key, layout):
    """(row, estate) -> the key's value wrapped to order by its family's support
    function (executor/support_order.py)."""
    from pgsnake.executor import support_order
    wrap = support_order.ordering_key(key.order_proc)
    if key.expr is not None:
        value = compile_expression(key.expr, layout)
        return lambda row, ex: wrap(value(row, ex))
    index = key.index
    return lambda row, ex: wrap(row[index])


@node_state(Sort)
class SortState(PlanState):
    """Reads its whole input into a Tuplesort (in memory within work_mem, else an
    external merge through temporary files), then hands the rows out in order. A
    re-scan whose input uses no changed parameter reads the sorted rows again."""

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)
        self.sort = None
        self.bound = None
        # Keys that are expressions (SortKey.expr): each row is sorted with their
        # values appended after its columns, which are cut off again on the way out.
        self.key_fns = []
        self.sort_keys = self.plan.keys
        if any(k.expr is not None or k.order_proc for k in self.plan.keys):
            width = len(self.plan.child.output_keys)
            layout = layout_of(self.plan.child.output_keys)
            self.width, self.sort_keys = width, []
            for key in self.plan.keys:
                if key.order_proc:      # a user-defined family's order (support_order.py)
                    self.key_fns.append(_ordered_by(key, layout))
                    key = dataclasses.replace(key, index=width + len(self.key_fns) - 1)
                elif key.expr is not None:
                    self.key_fns.append(compile_expression(key.expr, layout))
                    key = dataclasses.replace(key, index=width + len(self.key_fns) - 1)
                self.sort_keys.append(key)

    def set_bound(self, bound: int | None) -> None:
        """A Limit directly above says only `bound` rows will be read (ExecSetTupleBound).
        A sort made for another bound is made again."""
        if bound != self.bound:
            if self.sort is not None:
                self._close_batches()
                self.release()
                self.child.rescan(frozenset())
            self.bound = bound

    def batches(self):
        key_fns, ex = self.key_fns, self.estate
        if self.sort is None:
            self.sort = Tuplesort(self.sort_keys, settings.get("work_mem"), self.bound)
            for batch in batches_of(self.child):
                if key_fns:
                    batch = [row + type(row)(f(row, ex) for f in key_fns) for row in batch]
                self.sort.add(batch)
        rows = self.sort.sorted()
        if key_fns:
            width = self.width
            rows = [row[:width] for row in rows]
        if self.counters is not None:
            self.counters.sort_stats = (self.sort.method, self.sort.space_type,
                                        self.sort.space_kb)
        yield from in_batches(rows)

    def restart(self, changed) -> None:
        self._close_batches()
        if self.sort is None or self.child.params_used & changed:
            self.release()
            self.child.rescan(changed)

    def release(self) -> None:
        if self.sort is not None:
            self.sort.close()
            self.sort = None


@node_state(Unique)
class UniqueState(PlanState):
    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        indexes = self.plan.key_indexes
        getter = itemgetter(*indexes) if indexes else (lambda r: ())
        previous = object()
        for batch in batches_of(self.child):
            out = []
            for row in batch:
                key = getter(row)
                if key != previous:
                    previous = key
                    out.append(row)
            if out:
                yield out


def _limit_value(fn, ex, sqlstate, what):
    if fn is None:
        return None
    value = fn(None, ex)
    if value is not None and value < 0:
        raise PgError(sqlstate, f"{what} must not be negative")
    return value


def _with_ties(batch, count: int, batches, key):
    """The first `count` rows of `batch`, then every following row (of this batch and
    the next ones) whose ORDER BY columns equal the last of those (WITH TIES)."""
    tied = key(batch[count - 1])
    end = count
    while end < len(batch) and key(batch[end]) == tied:
        end += 1
    yield batch[:end]
    if end < len(batch):
        return
    for more in batches:
        end = 0
        while end < len(more) and key(more[end]) == tied:
            end += 1
        if end:
            yield more[:end]
        if end < len(more):
            return


@node_state(Limit)
class LimitState(PlanState):
    """LIMIT and OFFSET are evaluated at the start of each scan (they may use
    parameters); once the count is reached no more input is read."""

    def compile_node(self, plan):
        return tuple(None if e is None else compile_expression(e, {})
                     for e in (plan.limit_count, plan.limit_offset))

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        count_fn, offset_fn = self.code
        ex = self.estate
        count = _limit_value(count_fn, ex, INVALID_ROW_COUNT_IN_LIMIT_CLAUSE, "LIMIT")
        offset = _limit_value(offset_fn, ex, INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                              "OFFSET") or 0
        ties = self.plan.ties_keys      # a NULL count at run time means no limit, as in PG
        sort = self.child
        if type(sort).__name__ == "ResultState" and not sort.plan.qual \
                and isinstance(getattr(sort, "child", None), SortState):
            sort = sort.child        # columns computed after the sort (ExecSetTupleBound)
        if isinstance(sort, SortState):
            # WITH TIES may need rows past the count: the sort must not drop them.
            bounded = count is not None and ties is None
            sort.set_bound(count + offset if bounded else None)
        if count == 0:
            return
        skipped = 0
        produced = 0
        batches = batches_of(self.child)
        for batch in batches:
            if skipped < offset:
                take = min(offset - skipped, len(batch))
                skipped += take
                batch = batch[take:]
                if not batch:
                    continue
            if count is not None and produced + len(batch) >= count:
                last = count - produced
                if ties is None:
                    yield batch[:last]
                    return
                yield from _with_ties(batch, last, batches, itemgetter(*ties))
                return
            produced += len(batch)
            yield batch
