"""WindowAgg: compute one window's functions over its sorted input.

The input arrives sorted by the window's PARTITION BY then ORDER BY keys (the planner
puts a Sort below when it is not). The node buffers one partition at a time (never the
whole input; past work_mem in a temporary file, window_partition.py), computes every
window function of the window over it, and returns each input row followed by the
function values, in the order of WindowAgg.functions.

Per partition:
    peer groups    from the ORDER BY keys (window_frames.PeerGroups)
    window funcs   datatypes/window_functions.py, one call per partition
    aggregates     advanced row by row over each row's frame: while the frame start
                   stays put and its end only grows (the default frame, ROWS UNBOUNDED
                   PRECEDING ...) the transition state carries on; otherwise, and with
                   EXCLUDE, the frame is aggregated afresh, except for a user aggregate
                   with an inverse transition function (MINVFUNC), which removes the
                   rows leaving the frame (_moving_aggregate_values)
Arguments are evaluated lazily, at most once per row and argument.

Frame offsets are evaluated once per scan, at its start (they cannot refer to columns);
NULL or negative ROWS/GROUPS offsets are errors then, as in PostgreSQL.

PostgreSQL: executor/nodeWindowAgg.c (ExecWindowAgg, begin_partition, spool_tuples,
eval_windowaggregates, eval_windowfunction), utils/adt/windowfuncs.c.
"""
from __future__ import annotations

from pgsnake.executor import window_frames
from pgsnake.executor.window_partition import PartitionRows
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.executor.plan_state import PlanState, batches_of, node_state
from pgsnake.optimizer.window_planning import WindowAgg
from pgsnake.parser.window_clause import (FRAME_END_OFFSET, FRAME_START_OFFSET,
                                         FRAME_START_UNBOUNDED_PRECEDING)
from pgsnake.utils import settings
from pgsnake.utils.interrupts import check_for_interrupts

_UNSET = object()


def _calls_volatile(expr) -> bool:
    from pgsnake.parser.expression_nodes import FuncExpr, SubLink, walk
    return any((isinstance(n, FuncExpr) and n.volatility == "v") or isinstance(n, SubLink)
               for n in walk(expr))


class _Call:
    """One window function or windowed aggregate of the node, compiled (kept on the plan)."""

    def __init__(self, func, layout) -> None:
        self.function = func.function
        self.aggregate = func.aggregate
        self.star = func.star
        self.args = [compile_expression(a, layout) for a in func.args]
        self.filter = compile_qual([func.agg_filter] if func.agg_filter is not None else [],
                                   layout)
        self.volatile = any(_calls_volatile(e) for e in list(func.args) +
                            ([func.agg_filter] if func.agg_filter is not None else []))


class _Compiled:
    def __init__(self, plan) -> None:
        layout = layout_of(plan.child.output_keys)
        clause = plan.clause
        self.partition = [compile_expression(e, layout) for e in clause.partition_by]
        self.order = [compile_expression(k.expr, layout) for k in clause.order_by]
        self.calls = [_Call(f, layout) for f in plan.functions]
        self.offsets = [None if e is None else compile_expression(e, {})
                        for e in (clause.start_offset, clause.end_offset)]
        output = layout_of(list(plan.child.output_keys) + list(plan.functions))
        self.run_condition = compile_qual(plan.run_condition, output) if plan.is_top else None
        self.window_filter = compile_qual(plan.window_filter, output)


class _Partition:
    """What a window function sees of the partition (datatypes.window_functions.Partition)."""

    def __init__(self, rows, peers, spec, order_values, call, estate) -> None:
        self.rows = rows
        self.size = len(rows)
        self.peers = peers
        self.spec = spec
        self.order_values = order_values
        self.call = call
        self.estate = estate
        self._values = [None] * len(call.args)

    def argument(self, k: int, i: int):
        column = self._values[k]
        if column is None:
            column = self._values[k] = [_UNSET] * self.size
        value = column[i]
        if value is _UNSET:
            value = column[i] = self.call.args[k](self.rows[i], self.estate)
        return value

    def peer_start(self, i: int) -> int:
        return self.peers.start(i)

    def peer_end(self, i: int) -> int:
        return self.peers.end(i)

    def peer_group(self, i: int) -> int:
        return self.peers.group_of[i]

    def frame_rows(self, i: int) -> list[int]:
        return window_frames.frame_rows(self.spec, self.peers, i, self.order_values)


@node_state(WindowAgg)
class WindowAggState(PlanState):

    def compile_node(self, plan):
        return _Compiled(plan)

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def _frame_spec(self) -> window_frames.FrameSpec:
        clause = self.plan.clause
        ex = self.estate
        start_fn, end_fn = self.code.offsets
        options = clause.frame_options
        spec = window_frames.FrameSpec(
            options,
            start_fn(None, ex) if start_fn is not None and options & FRAME_START_OFFSET else None,
            end_fn(None, ex) if end_fn is not None and options & FRAME_END_OFFSET else None,
            bool(clause.order_by and clause.order_by[0].descending),
            clause.range_support)
        window_frames.check_offsets(spec)
        return spec

    def batches(self):
        code = self.code
        ex = self.estate
        spec = self._frame_spec()
        partition_fns = code.partition
        work_mem = settings.get("work_mem")
        rows = self.partition = PartitionRows(work_mem)
        key = None
        try:
            for batch in batches_of(self.child):
                for row in batch:
                    row_key = tuple([f(row, ex) for f in partition_fns]) if partition_fns else ()
                    if len(rows) and row_key != key:
                        yield from self.filtered_batches(self._partition_rows(rows, spec))
                        rows.close()
                        rows = self.partition = PartitionRows(work_mem)
                    key = row_key
                    rows.append(row)
                check_for_interrupts()
            if len(rows):
                yield from self.filtered_batches(self._partition_rows(rows, spec))
        finally:
            rows.close()

    def release(self) -> None:
        partition = getattr(self, "partition", None)
        if partition is not None:
            partition.close()

    def _partition_rows(self, rows, spec):
        """The partition's output rows, one at a time (its input rows may be on disk)."""
        code = self.code
        ex = self.estate
        order_fns = code.order
        if order_fns:
            keys = [tuple([f(row, ex) for f in order_fns]) for row in rows]
        else:
            keys = [()] * len(rows)
        peers = window_frames.PeerGroups(keys)
        order_values = [k[0] for k in keys] if order_fns else None
        columns = []
        for call in code.calls:
            partition = _Partition(rows, peers, spec, order_values, call, ex)
            if call.aggregate is not None:
                columns.append(_aggregate_values(call, partition))
            else:
                columns.append(call.function.evaluate(partition))
        window_filter = code.window_filter
        run_condition = code.run_condition
        counters = self.counters
        for row, values in zip(rows, zip(*columns)):
            result = [*row, *values]
            if window_filter is not None and not window_filter(result, ex):
                if counters is not None:
                    counters.filter_removed += 1      # "Rows Removed by Filter"
                continue
            if run_condition is not None and not run_condition(result, ex):
                return            # monotonic: false for the rest of the partition
            yield result


def _uses_moving_implementation(call: _Call, spec) -> bool:
    """initialize_peragg's choice: an aggregate with an inverse transition function,
    in a frame whose start can move, whose arguments and FILTER call no volatile
    function (restarting or not would then show)."""
    if getattr(call.aggregate, "moving", None) is None or call.star:
        return False
    if spec.options & FRAME_START_UNBOUNDED_PRECEDING:
        return False
    return not call.volatile


def _moving_aggregate_values(call: _Call, p: _Partition) -> list:
    """eval_windowaggregates with a moving aggregate: rows leaving the frame's head are
    removed by the inverse transition function (the last one by starting afresh); when
    it cannot (NULL), or the new frame does not overlap the old one, the frame is
    aggregated again from its head."""
    moving = call.aggregate.moving
    ex = p.estate
    rows = p.rows
    nargs = len(call.args)

    def arguments(j):
        if call.filter is not None and not call.filter(rows[j], ex):
            return None
        values = [p.argument(k, j) for k in range(nargs)]
        return None if moving.skips(values) else values

    out = []
    if p.spec.has_exclusion:               # the frame may have holes: every row afresh
        for i in range(p.size):
            state = moving.init()
            for j in p.frame_rows(i):
                if (values := arguments(j)) is not None:
                    state = moving.transition(state, *values)
            out.append(moving.final(list(state) if isinstance(state, list) else state))
        return out
    state, count = None, 0
    base = upto = 0             # aggregatedbase, aggregatedupto
    current, value = None, None
    for i in range(p.size):
        start, end = window_frames.frame_bounds(p.spec, p.peers, i, p.order_values)
        if current == (start, end):
            out.append(value)
            continue
        restart = i == 0 or upto <= start
        while not restart and base < start:
            values = arguments(base)
            if values is not None:
                if count == 1:
                    state, count = moving.init(), 0
                else:
                    removed = moving.inverse(state, *values)
                    if removed is None:
                        restart = True
                        break
                    state, count = removed, count - 1
            base += 1
        base = start
        if restart:
            state, count, upto = moving.init(), 0, start
        for j in range(upto, end):
            values = arguments(j)
            if values is not None:
                state = moving.transition(state, *values)
                count += 1
        upto = max(upto, end)
        current = (start, end)
        value = moving.final(list(state) if isinstance(state, list) else state)
        out.append(value)
    return out


def _aggregate_values(call: _Call, p: _Partition) -> list:
    aggregate = call.aggregate
    if _uses_moving_implementation(call, p.spec):
        return _moving_aggregate_values(call, p)
    strict = getattr(aggregate, "strict", True)
    ex = p.estate
    rows = p.rows
    nargs = len(call.args)

    def advance(state, j):
        if call.filter is not None and not call.filter(rows[j], ex):
            return state
        if call.star:
            return aggregate.transition(state, True)
        values = [p.argument(k, j) for k in range(nargs)]
        if values[0] is None and strict:
            return state
        return aggregate.transition(state, *values)

    def final(state):
        # A final function may hand out its state (json_agg's list): copy it, since
        # the state goes on growing for the next rows.
        return aggregate.final(list(state) if isinstance(state, list) else state)

    spec = p.spec
    out = []
    if spec.has_exclusion:
        for i in range(p.size):
            state = aggregate.init()
            for j in p.frame_rows(i):
                state = advance(state, j)
            out.append(final(state))
        return out
    state = None
    current = None               # (start, end) the state covers
    value = None
    for i in range(p.size):
        start, end = window_frames.frame_bounds(spec, p.peers, i, p.order_values)
        if current == (start, end):
            out.append(value)
            continue
        if current is not None and start == current[0] and end >= current[1]:
            first = current[1]
        else:
            state = aggregate.init()
            first = start
        for j in range(first, end):
            state = advance(state, j)
        current = (start, end)
        value = final(state)
        out.append(value)
    return out

