"""GroupingSetsAggregate: aggregate one input into several grouping sets at once.

One pass over the input feeds one hash table per non-empty grouping set and one group
per empty set (which exists even when the input is empty, as a plain aggregate's does).
A sorted GroupAggregate (plan.rollups) is computed the same way and hands its groups
out in the order PostgreSQL's rollups emit them (_rollup_order).
Each output row holds every grouped expression, NULL where its set does not group it,
then the aggregates, then the grouping() values of its set, then the representative
columns of the group's first input row; HAVING (`qual`) filters them.
The hash tables stay in memory (no spilling past work_mem, unlike HashAggregate).

Outside this node grouping() is always 0: a builder registered with expression_eval
answers that when no grouping set computed it.

PostgreSQL: executor/nodeAgg.c (agg_fill_hash_table with several hash tables,
prepare_projection_slot's grouped-column nulling, ExecEvalGroupingFunc).
"""
from __future__ import annotations

import itertools

from pgsnake.executor.expression_eval import compile_expression, layout_of, register_builder
from pgsnake.executor.plan_state import PlanState, batches_of, node_state
from pgsnake.executor.set_op_nodes import hashable_key
from pgsnake.executor.upper_nodes import _AggregateCall, _group_bytes
from pgsnake.optimizer.grouping_set_planning import GroupingSetsAggregate
from pgsnake.parser.grouping_sets import GroupingFunc, grouping_value
from pgsnake.utils.interrupts import check_for_interrupts


def _grouping_outside_sets(expr, layout):
    return lambda row, ex: 0


register_builder(GroupingFunc, _grouping_outside_sets)


@node_state(GroupingSetsAggregate)
class GroupingSetsAggregateState(PlanState):

    def compile_node(self, plan):
        layout = layout_of(plan.child.output_keys)
        group_fns = [compile_expression(g, layout) for g in plan.group_exprs]
        calls = [_AggregateCall(a, layout) for a in plan.aggregates]
        grouping = []
        for indexes in plan.grouping_sets:
            grouped = {plan.group_exprs[i] for i in indexes}
            grouping.append([grouping_value(f, grouped) for f in plan.grouping_funcs])
        rep_fns = [compile_expression(v, layout) for v in plan.representative]
        return group_fns, calls, grouping, rep_fns

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        group_fns, calls, grouping, rep_fns = self.code
        ex = self.estate
        sets = self.plan.grouping_sets
        tables: list[dict] = [{} for _ in sets]
        # a key holding arrays (lists) is looked up by its hashable form; its values are
        # kept here to be output as they were
        originals: dict = {}
        # (set number, key) -> the representative columns of the group's first row
        firsts: dict = {}
        for batch in batches_of(self.child):
            for row in batch:
                values = [f(row, ex) for f in group_fns]
                for n, (indexes, table) in enumerate(zip(sets, tables)):
                    key = tuple([values[i] for i in indexes])
                    lookup = hashable_key(key)
                    slots = table.get(lookup)
                    if slots is None:
                        slots = table[lookup] = [c.initial() for c in calls]
                        if lookup != key:
                            originals[lookup] = key
                        if rep_fns:
                            firsts[n, lookup] = [f(row, ex) for f in rep_fns]
                    for call, slot in zip(calls, slots):
                        call.advance(slot, row, ex)
            check_for_interrupts()
        if self.counters is not None and any(sets):
            # EXPLAIN ANALYZE's "Batches: 1  Memory Usage: NkB" over the hash tables.
            memory = sum(_group_bytes(key, slots) for indexes, table in zip(sets, tables)
                         if indexes for key, slots in table.items())
            self.counters.hash_agg_stats = (1, max(1, (memory + 1023) // 1024), 0)
        width = len(group_fns)

        def result_rows():
            # The empty sets' groups come first, as PostgreSQL's MixedAggregate returns
            # its sorted phase before reading out the hash tables.
            order = sorted(range(len(sets)), key=lambda n: bool(sets[n]))
            no_row = [None] * len(rep_fns)
            for n in order:
                if not sets[n] and not tables[n]:
                    tables[n][()] = [c.initial() for c in calls]  # the empty set of no rows
            if self.plan.rollups is not None:
                # the sorted rollups first, then the hashed sets (MixedAggregate)
                hashed = self.plan.hashed_count
                groups = itertools.chain(
                    _rollup_order(self.plan.rollups, sets, tables, originals, hashed),
                    ((n, key) for n in range(hashed) for key in tables[n]))
            else:
                groups = ((n, key) for n in order for key in tables[n])
            for n, key in groups:
                indexes, table, grouping_values = sets[n], tables[n], grouping[n]
                slots = table[key]
                row = [None] * width
                for i, value in zip(indexes, originals.get(key, key)):
                    row[i] = value
                row += [c.finish(s) for c, s in zip(calls, slots)]
                row += grouping_values
                if rep_fns:
                    row += firsts.get((n, key), no_row)
                yield row
        yield from self.filtered_batches(result_rows())


def _rollup_order(rollups, sets, tables, originals, first: int = 0):
    """(set number, key) of every group in a sorted GroupAggregate's output order:
    rollup by rollup, its groups in its sort order (ascending, NULLs last), a group of
    a shorter set right after the longer sets' groups it covers, as the rollup emits
    each group when the sorted input leaves it."""
    import functools
    position = first
    for rollup in rollups:
        members = list(range(position, position + len(rollup.sets)))
        position += len(rollup.sets)
        entries = []
        for n in members:
            where = {column: i for i, column in enumerate(sets[n])}
            for key in tables[n]:
                values = originals.get(key, key)
                entries.append((n, key, [values[where[c]] if c in where else _ABSENT
                                         for c in rollup.keys]))
        compare = functools.partial(_compare_groups, rollup.directions)
        entries.sort(key=functools.cmp_to_key(compare))
        for n, key, _ in entries:
            yield n, key


_ABSENT = object()          # a column the group's set does not group: after every value


def _compare_groups(directions, a, b) -> int:
    for x, y, (descending, nulls_first) in zip(a[2], b[2], directions):
        if x is y:
            continue
        if x is _ABSENT or y is _ABSENT:
            return 1 if x is _ABSENT else -1
        if x is None or y is None:
            if x is None and y is None:
                continue
            return (1 if x is None else -1) * (-1 if nulls_first else 1)
        sign = -1 if descending else 1
        if x != x or y != y:            # NaN sorts above every number
            if x != x and y != y:
                continue
            return (1 if x != x else -1) * sign
        if x < y:
            return -sign
        if y < x:
            return sign
    return 0
