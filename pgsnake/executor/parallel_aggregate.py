"""Partial and Finalize Aggregate: aggregation split across the processes of a parallel
query, plain or grouped (Partial / Finalize HashAggregate and GroupAggregate).

Partial Aggregate runs in every participant (each worker and the leader) over the rows
its Parallel Seq Scan returns and hands on one row: the aggregates' transition states,
unfinished (AGGSPLIT_INITIAL_SERIAL). Finalize Aggregate, above the Gather, combines
the states of all participants, one per row it reads, with each aggregate's combine
function, and finishes them (AGGSPLIT_FINAL_DESERIAL): one row, laid out as a plain
Aggregate's, with HAVING as its qual. Grouped, each node keeps a table of groups by the
key's values (NaN keys equal, hash_keys.hashable_key) and emits them in the order they
first appeared: over input sorted on the key (the GroupAggregate strategies, below a
Gather Merge) that is the key's order, so one implementation serves both strategies.

Combine functions (pg_aggregate.aggcombinefn) for the aggregates the planner splits
(optimizer/parallel_paths._state_type): count adds the counts; sum, min and max apply
their transition to the other state (int8pl, float8pl, int4smaller, ...); avg adds the
[count, sum] pairs (int8_avg_combine / float8_combine). A NULL state (no row seen) is
the other one unchanged.

PostgreSQL: executor/nodeAgg.c (combine_aggregates, finalize_partialaggregate).
"""
from __future__ import annotations

from pgsnake.datatypes import datetime_types as dtt
from pgsnake.datatypes import floats, numeric
from pgsnake.executor.plan_state import PlanState, batches_of, node_state
from pgsnake.executor.expression_eval import layout_of
from pgsnake.executor.hash_keys import hashable_key, key_functions
from pgsnake.executor.upper_nodes import _AggregateCall
from pgsnake.optimizer.parallel_paths import FinalizeAggregate, PartialAggregate


@node_state(PartialAggregate)
class PartialAggregateState(PlanState):
    def compile_node(self, plan):
        layout = layout_of(plan.child.output_keys)
        return [_AggregateCall(a, layout) for a in plan.aggregates]

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        calls, ex = self.code, self.estate
        if self.plan.group_exprs:
            yield from self._grouped(calls, ex)
            return
        slots = [call.initial() for call in calls]
        for batch in batches_of(self.child):
            for row in batch:
                for call, slot in zip(calls, slots):
                    call.advance(slot, row, ex)
        rows = self.filtered([[slot[0] for slot in slots]])
        if rows:
            yield rows

    def _grouped(self, calls, ex):
        """Per group (in the order groups first appear: the input's order when it is
        sorted on the key), the key's values then the unfinished states."""
        layout = layout_of(self.plan.child.output_keys)
        key_fns = key_functions(self.plan.group_exprs, layout)
        groups: dict = {}
        for batch in batches_of(self.child):
            for row in batch:
                values = [fn(row, ex) for fn in key_fns]
                key = hashable_key(values)
                entry = groups.get(key)
                if entry is None:
                    entry = groups[key] = (values, [call.initial() for call in calls])
                for call, slot in zip(calls, entry[1]):
                    call.advance(slot, row, ex)
        out = [list(values) + [slot[0] for slot in slots] for values, slots in groups.values()]
        yield from self.filtered_batches(out)


def _combine_function(aggref):
    name = aggref.aggregate_name
    if name == "count":
        return lambda a, b: a + b
    if name == "avg":
        arg = aggref.aggregate.arg_types[0]
        if arg in (700, 701):
            add = lambda x, y: floats.float_add(x, y, False)       # noqa: E731
        elif arg == 1186:
            add = dtt.interval_add
        else:
            add = numeric.numeric_add

        def combine_avg(a, b):
            if a is None or b is None:
                return b if a is None else a
            return [a[0] + b[0], add(a[1], b[1])]
        return combine_avg
    step = aggref.aggregate.transition       # sum / min / max: the transition itself

    def combine(a, b):
        if a is None or b is None:
            return b if a is None else a
        return step(a, b)
    return combine


@node_state(FinalizeAggregate)
class FinalizeAggregateState(PlanState):
    def compile_node(self, plan):
        return [(_combine_function(a), a.aggregate.final, a.aggregate.init)
                for a in plan.aggregates]

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        fns = self.code
        if self.plan.group_exprs:
            yield from self._grouped(fns)
            return
        states = None
        for batch in batches_of(self.child):
            for row in batch:
                if states is None:
                    states = list(row)
                    continue
                states = [combine(a, b) for (combine, _, _), a, b in zip(fns, states, row)]
        if states is None:          # (a Gather always returns a row per participant)
            states = [init() for _, _, init in fns]
        rows = self.filtered([[final(state) for (_, final, _), state in zip(fns, states)]])
        if rows:
            yield rows

    def _grouped(self, fns):
        """Input rows: a group key's values then one participant's states; the states
        of equal keys combined, per group (in the order groups first appear: sorted
        input gives sorted output) the key then the finished values."""
        width = len(self.plan.group_exprs)
        groups: dict = {}
        for batch in batches_of(self.child):
            for row in batch:
                key = hashable_key(row[:width])
                entry = groups.get(key)
                if entry is None:
                    groups[key] = (row[:width], list(row[width:]))
                    continue
                states = entry[1]
                for i, ((combine, _, _), state) in enumerate(zip(fns, row[width:])):
                    states[i] = combine(states[i], state)
        out = [list(values) + [final(state) for (_, final, _), state in zip(fns, states)]
               for values, states in groups.values()]
        yield from self.filtered_batches(out)
