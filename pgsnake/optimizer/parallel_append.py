"""Partial paths of a table with children (an inheritance parent or a partitioned
table, inheritance.py's Append): a Parallel Append, whose participants spread over its
children, or an Append of the children's partial scans, for a Gather or a partial
aggregation above (parallel_paths.py).

Entry point: `cheapest_partial_append(planner, append)` -> (plan, workers) | None.

Which (add_paths_to_append_rel's partial paths, narrowed):
- every child a plain table (not temporary), the Append without run-time pruning;
- a child's partial path is a Parallel Seq Scan when compute_parallel_worker gives it a
  worker (its pages, or its parallel_workers reloption); its non-partial path is its
  serial scan as planned;
- when every child has a partial path: an Append of them, parallel-aware (a Parallel
  Append) with enable_parallel_append; its workers the most any child has, with
  enable_parallel_append at least fls(children), capped by
  max_parallel_workers_per_gather;
- with enable_parallel_append and a child whose partial path is missing or not cheaper
  than its serial scan: a Parallel Append of the non-partial scans (each run whole by
  one participant) and the partial ones, the workers counted over the partial ones,
  its rows those of the all-partial Append when there is one;
- of the two the cheaper in total cost (add_partial_path, the all-partial one first).

Costs (cost_append): a Parallel Append lists the non-partial children, then the
partial ones, each group by total cost descending (the first of equal ones first); its
start-up is the least of the first `workers` children's; its rows the non-partial
children's rows over its parallel divisor plus the partial ones' rows scaled by their
divisor over its; its total the partial children's totals plus the non-partial ones'
as `workers` participants would share them (append_nonpartial_cost: each next child to
the least loaded, the most loaded counted); an Append of partial children adds up its
children; both add half a cpu_tuple_cost per row.

PostgreSQL: optimizer/path/allpaths.c (add_paths_to_append_rel), pathnode.c
(create_append_path, append_total_cost_compare), costsize.c (cost_append,
append_nonpartial_cost).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer import cost, parallel_paths
from pgsnake.optimizer.parallel_paths import ParallelSeqScan
from pgsnake.optimizer.plan_nodes import Append, SeqScan
from pgsnake.utils import settings


@dataclasses.dataclass(eq=False)
class ParallelAppend(Append):
    """An Append whose participants spread over its children: `first_partial_plan`
    children are run whole, each by one participant; the rest are partial scans any
    number of participants share (executor/gather_nodes.py)."""
    first_partial_plan: int = 0
    parallel_aware = True

    def explain_name(self) -> str:
        return "Parallel Append"


def _partial_child(child):
    """(a Parallel Seq Scan copy of the child's Seq Scan, its workers), or None."""
    relation = child.relation
    if type(child) is not SeqScan or relation.relkind not in ("r", "m") \
            or relation.persistence == "t":
        return None
    pages, tuples = child.child_size
    workers = parallel_paths.compute_parallel_worker(pages, relation.parallel_workers)
    if workers <= 0:
        return None
    divisor = parallel_paths.parallel_divisor(workers)
    partial = ParallelSeqScan.__new__(ParallelSeqScan)
    partial.__dict__.update(child.__dict__)          # (column_map, names, widths too)
    partial.startup_cost = cost.disable_cost("enable_seqscan") + \
        cost.qual_startup_cost(child.qual)
    partial.total_cost = partial.startup_cost + cost.SEQ_PAGE_COST * pages + \
        (cost.CPU_TUPLE_COST + cost.qual_cost_per_row(child.qual)) * tuples / divisor
    partial.plan_rows = cost.clamp_rows(child.plan_rows / divisor)
    partial.parallel_workers = workers
    return partial


def _nonpartial_cost(subplans: list, count: int, workers: int) -> float:
    """append_nonpartial_cost: the first `count` of `subplans` (by cost descending)
    shared out among `workers` participants, each next one to the least loaded."""
    if count == 0:
        return 0.0
    loads = [p.total_cost for p in subplans[:min(count, workers)]]
    least = len(loads) - 1
    for plan in subplans[len(loads):count]:
        loads[least] += plan.total_cost
        least = min(range(len(loads)), key=lambda i: (loads[i], i))
    return max(loads)


def _by_cost(plans: list) -> list:
    return sorted(plans, key=lambda p: -p.total_cost)


def _make_append(template, nonpartial: list, partial: list, workers: int,
                 parallel_aware: bool):
    if parallel_aware:
        subplans = _by_cost(nonpartial) + _by_cost(partial)
        node = ParallelAppend(subplans=subplans, first_partial_plan=len(nonpartial))
        divisor = parallel_paths.parallel_divisor(workers)
        rows, total = 0.0, 0.0
        for i, plan in enumerate(subplans):
            if i == 0:
                node.startup_cost = plan.startup_cost
            elif i < workers:
                node.startup_cost = min(node.startup_cost, plan.startup_cost)
            if i < len(nonpartial):
                rows += plan.plan_rows / divisor
            else:
                rows += plan.plan_rows * (parallel_paths.parallel_divisor(
                    plan.parallel_workers) / divisor)
                total += plan.total_cost
            rows = cost.clamp_rows(rows)
        node.total_cost = total + _nonpartial_cost(subplans, len(nonpartial), workers)
    else:
        node = Append(subplans=list(partial))
        node.startup_cost = partial[0].startup_cost
        rows = sum(p.plan_rows for p in partial)
        node.total_cost = sum(p.total_cost for p in partial)
    node.plan_rows = rows
    node.total_cost += cost.CPU_TUPLE_COST * 0.5 * rows
    node.plan_width, node.output_keys = template.plan_width, template.output_keys
    node.parallel_workers = workers
    return node


def cheapest_partial_append(planner, append):
    """(the cheapest partial path of the table `append` scans, its workers), or None
    (see the module docstring)."""
    children = append.subplans
    if getattr(append, "run_time_pruning", None) is not None or not children or \
            any(getattr(c, "relation", None) is None for c in children):
        return None
    if any(c.relation.relkind not in ("r", "m") or c.relation.persistence == "t"
           for c in children):
        return None
    partials = [_partial_child(c) for c in children]
    limit = int(settings.get("max_parallel_workers_per_gather"))
    parallel_append = bool(settings.get("enable_parallel_append"))
    candidates = []
    if all(p is not None for p in partials):
        workers = max(p.parallel_workers for p in partials)
        if parallel_append:
            workers = min(max(workers, len(children).bit_length()), limit)
        candidates.append(_make_append(append, [], partials, workers, parallel_append))
    if parallel_append:
        nonpartial = [c for c, p in zip(children, partials)
                      if p is None or not p.total_cost < c.total_cost]
        partial = [p for c, p in zip(children, partials)
                   if p is not None and p.total_cost < c.total_cost]
        if nonpartial:
            workers = max([p.parallel_workers for p in partial], default=0)
            workers = min(max(workers, len(children).bit_length()), limit)
            mixed = _make_append(append, nonpartial, partial, workers, True)
            if candidates:
                mixed.plan_rows = candidates[0].plan_rows
            candidates.append(mixed)
    if not candidates:
        return None
    best = min(candidates, key=lambda p: p.total_cost)
    return (best, best.parallel_workers) if best.parallel_workers > 0 else None
