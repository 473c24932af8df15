"""ProjectSet: set-returning functions in the select list (optimizer/set_projection.py).

For each child row, every SRF of the node is called; their results are read in
lockstep, one output row per step, until all are exhausted: a shorter result gives NULL
in the steps after its end, and a row whose SRFs all return nothing (a strict SRF called
with a NULL, an empty array's unnest) produces no output. An output row is the child row
followed by the SRFs' values; the node's target list then projects it. A function that
returns a record yields composite values here (PostgreSQL prints them as "(a,1)").

PostgreSQL: executor/nodeProjectSet.c, executor/execSRF.c (ExecMakeFunctionResultSet).
"""
from __future__ import annotations

from pgsnake.datatypes import functions
from pgsnake.datatypes.registry import Record
from pgsnake.executor.expression_eval import compile_expression, layout_of
from pgsnake.executor.plan_state import PlanState, batches_of, node_state
from pgsnake.optimizer.plan_nodes import ProjectSet

_EXHAUSTED = object()
RECORD_OID = 2249


def _as_value(srf, item):
    """A record-returning function's row as a composite value, typed by its OUT columns."""
    if srf.type_oid == RECORD_OID and not isinstance(item, Record):
        columns = functions.out_columns_of(srf.function_oid, srf.function_name, srf.fn)
        return Record(tuple(t for _name, t in columns), tuple(item))
    return item


@node_state(ProjectSet)
class ProjectSetState(PlanState):
    def compile_node(self, plan):
        layout = layout_of(plan.child.output_keys)
        return [compile_expression(srf, layout) for srf in plan.srfs]

    def setup(self) -> None:
        self.child = self.child_state(self.plan.child)

    def batches(self):
        yield from self.filtered_batches(self._rows())

    def _rows(self):
        calls = self.code
        srfs = self.plan.srfs
        ex = self.estate
        for batch in batches_of(self.child):
            for row in batch:
                iterators = []
                for call in calls:
                    produced = call(row, ex)
                    iterators.append(iter(()) if produced is None else iter(produced))
                while True:
                    values = [next(it, _EXHAUSTED) for it in iterators]
                    if all(v is _EXHAUSTED for v in values):
                        break
                    yield row + [None if v is _EXHAUSTED else _as_value(srf, v)
                                 for srf, v in zip(srfs, values)]
