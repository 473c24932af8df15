"""Run-time partition pruning, the planner's half: which of an Append's quals can prune
its partitions once the executor knows a value the planner did not.

A qual comparing a partition key column of the scanned table (=, <, <=, >, >=, either
side) with an expression that reads no column, calls no volatile function and is not a
constant qualifies. By what its other side needs it is pruned
  at executor start-up ("init"): external parameters ($1 of a prepared statement) and
      stable functions (now()); EXPLAIN then shows "Subplans Removed: N" and leaves the
      removed subplans out;
  when the Append first runs ("exec"): an InitPlan's result or another PARAM_EXEC
      value; the subplans pruned then are never started (EXPLAIN ANALYZE: "(never
      executed)").
The executor's half (executor/run_time_pruning.py) evaluates those expressions,
replaces them by constants and asks plan-time pruning (inheritance.leaf_oids) again.

Entry point: plan_run_time_pruning(rtindex, rte, quals) -> RunTimePruning | None,
kept on the Append as `run_time_pruning`.

Where we differ from PostgreSQL: a nested loop's outer values do not reach an Append
on its inner side (no parameterised Append paths), so pruning per outer row does not
happen; a sub-partitioned tree prunes with each level's key as plan-time pruning does.

PostgreSQL: partitioning/partprune.c (make_partition_pruneinfo, gen_partprune_steps
with PARTTARGET_INITIAL / PARTTARGET_EXEC), executor/execPartition.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import partition_bounds as pb
from pgsnake.optimizer import const_fold
from pgsnake.parser.expression_nodes import (Const, OpExpr, Param, SubLink, SubPlan, Var,
                                             walk)

_COMPARISONS = ("=", "<", "<=", ">", ">=")


@dataclasses.dataclass
class RunTimePruning:
    rtindex: int
    relation: object       # the partitioned table scanned
    quals: list            # the scan's quals (the run-time ones among them)
    init_exprs: list       # expressions evaluated at executor start-up
    exec_exprs: list       # expressions evaluated when the Append first runs


def _phase(expr) -> str | None:
    """'init', 'exec' or None (not a run-time value)."""
    if isinstance(expr, Const):
        return None
    nodes = list(walk(expr))
    if any(isinstance(n, (Var, SubLink)) for n in nodes) or const_fold.contains_volatile(expr):
        return None
    if any(isinstance(n, SubPlan) or (isinstance(n, Param) and n.kind == "exec")
           for n in nodes):
        return "exec"
    return "init"


def _key_attnums(oid: int) -> set:
    """The key columns of the partitioned table and of its partitioned partitions (not
    those with a user-defined operator class: partition_pruning.py)."""
    out = set()
    for relid in [oid] + pb.all_descendants(oid):
        key = pb.partition_key(relid)
        if key is not None:
            user = key.user_classes or (False,) * len(key.attnums)
            out.update(a for a, by_user in zip(key.attnums, user) if a and not by_user)
    return out


def plan_run_time_pruning(rtindex: int, rte, quals: list) -> RunTimePruning | None:
    relation = rte.relation
    if relation is None or relation.relkind != "p":
        return None
    attnums = _key_attnums(relation.oid)
    init_exprs, exec_exprs = [], []
    for qual in quals:
        if not isinstance(qual, OpExpr) or qual.operator_name not in _COMPARISONS \
                or len(qual.args) != 2:
            continue
        for column, other in (qual.args, qual.args[::-1]):
            if isinstance(column, Var) and column.rtindex == rtindex \
                    and not column.levels_up and column.attnum in attnums:
                phase = _phase(other)
                if phase == "init":
                    init_exprs.append(other)
                elif phase == "exec":
                    exec_exprs.append(other)
                break
    if not init_exprs and not exec_exprs:
        return None
    return RunTimePruning(rtindex, relation, list(quals), init_exprs, exec_exprs)
