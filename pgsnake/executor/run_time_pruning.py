"""Run-time partition pruning, the executor's half: which subplans of an Append over a
partitioned table still need to run once the values the planner left open are known
(optimizer/run_time_pruning.py chose the quals).

At start-up the "init" expressions ($1, now()) are evaluated; the subplans of
partitions those values rule out are not even set up, and EXPLAIN reports them as
"Subplans Removed: N" (explain_subplans). When the Append first runs, the "exec"
expressions (InitPlan results) are evaluated and the subplans they rule out are
skipped: never started, they show "(never executed)" under EXPLAIN ANALYZE.

Entry points:
    initial_subplans(plan, estate) -> [subplan]    at executor start-up
    running_subplans(plan, states, estate) -> [state]   each time the Append runs
    explain_subplans(plan) -> (shown subplans, removed count)   for EXPLAIN, with the
        parameter values of explaining(params) (a context manager around the printing)
    renumbered_aliases(shown) -> context manager: the shown partitions' scans named
        <alias>_1, _2, ... while EXPLAIN prints them, as PostgreSQL names only the
        relations its plan still shows

PostgreSQL: executor/execPartition.c (ExecInitPartitionPruning,
ExecFindMatchingSubPlans), executor/nodeAppend.c, commands/explain.c
("Subplans Removed").
"""
from __future__ import annotations

import contextlib
import dataclasses

from pgsnake.executor.expression_eval import compile_expression
from pgsnake.optimizer import inheritance
from pgsnake.parser.expression_nodes import Const, OpExpr, expression_type


def _leaf_oid(plan):
    while plan is not None and getattr(plan, "relation", None) is None:
        plan = getattr(plan, "child", None)
    return None if plan is None else plan.relation.oid


def _surviving_oids(pruning, exprs, estate) -> set:
    values = {}
    for expr in exprs:
        value = compile_expression(expr, {})([], estate)
        if value is None:          # a comparison with NULL holds for no row at all
            return set()
        values[id(expr)] = Const(expression_type(expr), value)
    quals = []
    for qual in pruning.quals:
        if isinstance(qual, OpExpr) and any(id(a) in values for a in qual.args):
            qual = dataclasses.replace(qual, args=tuple(values.get(id(a), a)
                                                        for a in qual.args))
        quals.append(qual)
    return set(inheritance.leaf_oids(pruning.relation, quals, pruning.rtindex))


def initial_subplans(plan, estate) -> list:
    pruning = plan.__dict__.get("run_time_pruning")
    if pruning is None or not pruning.init_exprs:
        return list(plan.subplans)
    kept = _surviving_oids(pruning, pruning.init_exprs, estate)
    return [p for p in plan.subplans if _leaf_oid(p) in kept]


def running_subplans(plan, states: list, estate) -> list:
    pruning = plan.__dict__.get("run_time_pruning")
    if pruning is None or not pruning.exec_exprs:
        return states
    kept = _surviving_oids(pruning, pruning.exec_exprs, estate)
    return [s for s in states if _leaf_oid(s.plan) in kept]


_explained_params: list = []        # the parameter values of the EXPLAIN running


@contextlib.contextmanager
def explaining(params):
    """While EXPLAIN prints a plan: the parameter values start-up pruning sees
    (EXPLAIN EXECUTE's arguments)."""
    _explained_params.append(list(params or []))
    try:
        yield
    finally:
        _explained_params.pop()


def explain_subplans(plan):
    """The subplans EXPLAIN shows under an Append and how many start-up pruning removed
    (None: no start-up pruning)."""
    pruning = plan.__dict__.get("run_time_pruning")
    if pruning is None or not pruning.init_exprs:
        return list(plan.subplans), None
    from pgsnake.executor.expression_eval import ExecutorState
    estate = ExecutorState(_explained_params[-1] if _explained_params else [])
    shown = initial_subplans(plan, estate)
    return shown, len(plan.subplans) - len(shown)


@contextlib.contextmanager
def renumbered_aliases(shown: list):
    scans = []
    for child in shown:
        while child is not None and not child.__dict__.get("inherited_child"):
            child = getattr(child, "child", None)
        if child is not None:
            scans.append(child)
    saved = [scan.alias for scan in scans]
    try:
        for number, scan in enumerate(scans, start=1):
            base = scan.alias.rsplit("_", 1)[0]
            scan.alias = f"{base}_{number}"
        yield
    finally:
        for scan, alias in zip(scans, saved):
            scan.alias = alias
