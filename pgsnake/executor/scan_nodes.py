"""Leaf and pass-through nodes: Seq Scan, Values Scan, Function Scan, Subquery Scan,
Result, Append.

A Seq Scan row is the relation's columns in attnum order followed by ctid and tableoid,
the layout optimizer.planner gives SeqScan.output_keys. During an EvalPlanQual re-check
every scan returns just its substitute row (eval_plan_qual.py).

PostgreSQL: executor/nodeSeqscan.c, nodeValuesscan.c, nodeFunctionscan.c,
nodeSubqueryscan.c, nodeResult.c, nodeAppend.c.
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.executor import eval_plan_qual
from pgsnake.executor.executor import execute_plan, runner
from pgsnake.executor.expression_eval import compile_expression, compile_qual, layout_of
from pgsnake.optimizer.plan_nodes import (Append, FunctionScan, Result, SeqScan, SubqueryScan,
                                          ValuesScan)


def _filtered(rows, plan, state):
    qual = compile_qual(plan.qual, layout_of(plan.row_keys()), state)
    if qual is None:
        return rows
    return (row for row in rows if qual(row))


@runner(SeqScan)
def run_seq_scan(plan, state):
    substitutes = eval_plan_qual.substitute_rows(plan, state)
    if substitutes is not None:
        return _filtered(iter(substitutes), plan, state)
    relation = plan.relation
    reloid = relation.oid

    def scan():
        for tid, values in heapam.heap_scan(relation, state.snapshot):
            values.append(tid)
            values.append(reloid)
            yield values
    return _filtered(scan(), plan, state)


@runner(ValuesScan)
def run_values_scan(plan, state):
    substitutes = eval_plan_qual.substitute_rows(plan, state)
    if substitutes is not None:
        return _filtered(iter(substitutes), plan, state)
    rows = [[compile_expression(e, {}, state) for e in row] for row in plan.values_lists]

    def scan():
        for fns in rows:
            yield [f(None) for f in fns]
    return _filtered(scan(), plan, state)


@runner(FunctionScan)
def run_function_scan(plan, state):
    """Call the function once; a set-returning function yields its rows (tuples or
    lists, or single values when it returns a base type), any other function is one
    row. NULL arguments to a strict function give no rows at all."""
    substitutes = eval_plan_qual.substitute_rows(plan, state)
    if substitutes is not None:
        return _filtered(iter(substitutes), plan, state)
    call = compile_expression(plan.function, {}, state)
    function = plan.function
    ordinality = plan.with_ordinality

    def scan():
        if function.returns_set:
            args = [compile_expression(a, {}, state)(None) for a in function.args]
            if function.strict and any(a is None for a in args):
                return
            produced = function.fn(*args)
        else:
            produced = [call(None)]
        record = function.type_oid == 2249       # RECORD: a row per item
        for number, item in enumerate(produced, 1):
            row = list(item) if record else [item]
            if ordinality:
                row.append(number)
            yield row
    return _filtered(scan(), plan, state)


@runner(SubqueryScan)
def run_subquery_scan(plan, state):
    substitutes = eval_plan_qual.substitute_rows(plan, state)
    if substitutes is not None:
        return _filtered(iter(substitutes), plan, state)
    return _filtered(execute_plan(plan.subplan, state), plan, state)


@runner(Result)
def run_result(plan, state):
    if plan.child is not None:
        return _filtered(execute_plan(plan.child, state), plan, state)
    return _filtered(iter([[]]), plan, state)


@runner(Append)
def run_append(plan, state):
    def chain():
        for subplan in plan.subplans:
            yield from execute_plan(subplan, state)
    return chain()
