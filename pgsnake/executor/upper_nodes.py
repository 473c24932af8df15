"""Nodes above the joins: Aggregate (plain / hashed), Sort, Unique, Limit.

An Aggregate's output row is its group key values followed by one value per aggregate,
in the order of Aggregate.aggregates; its `qual` (HAVING) is tested on that row. Sorting
is stable and done one key at a time from the least significant, which lets each key
have its own direction and NULLS FIRST/LAST placement without a comparison function.

PostgreSQL: executor/nodeAgg.c, nodeSort.c (tuplesort.c), nodeUnique.c, nodeLimit.c.
"""
from __future__ import annotations

from operator import itemgetter

from pgsnake.executor.executor import execute_plan, runner
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.optimizer.plan_nodes import Aggregate, Limit, Sort, Unique
from pgsnake.utils.errors import PgError

INVALID_ROW_COUNT_IN_LIMIT_CLAUSE = "2201W"
INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE = "2201X"


class _AggregateCall:
    """One aggregate's evaluation: its argument closures and (for DISTINCT) seen values."""

    def __init__(self, aggref, layout, state) -> None:
        self.aggregate = aggref.aggregate
        self.star = aggref.star
        self.distinct = aggref.distinct
        self.args = [compile_expression(a, layout, state) for a in aggref.args]
        self.filter = compile_qual([aggref.agg_filter] if aggref.agg_filter is not None else [],
                                   layout, state)

    def initial(self):
        return [self.aggregate.init(), set() if self.distinct else None]

    def advance(self, slot, row) -> None:
        if self.filter is not None and not self.filter(row):
            return
        if self.star:
            slot[0] = self.aggregate.transition(slot[0], True)
            return
        values = [f(row) for f in self.args]
        if values[0] is None and getattr(self.aggregate, "strict", True):
            return          # NULL inputs are skipped (string_agg's delimiter may be NULL;
                            # json_agg is not strict and takes NULLs)
        value = values[0] if len(values) == 1 else tuple(values)
        if self.distinct:
            if value in slot[1]:
                return
            slot[1].add(value)
        slot[0] = self.aggregate.transition(slot[0], *values)

    def finish(self, slot):
        return self.aggregate.final(slot[0])


@runner(Aggregate)
def run_aggregate(plan, state):
    child_layout = layout_of(plan.child.output_keys)
    group_fns = [compile_expression(g, child_layout, state) for g in plan.group_exprs]
    calls = [_AggregateCall(a, child_layout, state) for a in plan.aggregates]
    having = compile_qual(plan.qual, layout_of(plan.row_keys()), state)

    def aggregate():
        groups: dict = {}
        for row in execute_plan(plan.child, state):
            key = tuple(f(row) for f in group_fns)
            slots = groups.get(key)
            if slots is None:
                slots = groups[key] = [c.initial() for c in calls]
            for call, slot in zip(calls, slots):
                call.advance(slot, row)
        if not groups and not plan.group_exprs:
            groups[()] = [c.initial() for c in calls]     # plain aggregate of no rows
        for key, slots in groups.items():
            out = list(key) + [c.finish(s) for c, s in zip(calls, slots)]
            if having is None or having(out):
                yield out
    return aggregate()


def sort_rows(rows: list, keys) -> list:
    for key in reversed(keys):
        getter = itemgetter(key.index)
        nulls = [r for r in rows if r[key.index] is None]
        values = [r for r in rows if r[key.index] is not None]
        values.sort(key=getter, reverse=key.descending)
        rows = nulls + values if key.nulls_first else values + nulls
    return rows


@runner(Sort)
def run_sort(plan, state):
    rows = list(execute_plan(plan.child, state))
    return iter(sort_rows(rows, plan.keys))


@runner(Unique)
def run_unique(plan, state):
    getter = itemgetter(*plan.key_indexes) if plan.key_indexes else (lambda r: ())

    def unique():
        previous = object()
        for row in execute_plan(plan.child, state):
            key = getter(row)
            if key != previous:
                previous = key
                yield row
    return unique()


def _limit_value(expr, state, sqlstate, what):
    if expr is None:
        return None
    value = compile_expression(expr, {}, state)(None)
    if value is not None and value < 0:
        raise PgError(sqlstate, f"{what} must not be negative")
    return value


@runner(Limit)
def run_limit(plan, state):
    count = _limit_value(plan.limit_count, state, INVALID_ROW_COUNT_IN_LIMIT_CLAUSE, "LIMIT")
    offset = _limit_value(plan.limit_offset, state, INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE,
                          "OFFSET") or 0

    def limit():
        if count == 0:
            return
        produced = 0
        skipped = 0
        for row in execute_plan(plan.child, state):
            if skipped < offset:
                skipped += 1
                continue
            yield row
            produced += 1
            if count is not None and produced >= count:
                return
    return limit()
