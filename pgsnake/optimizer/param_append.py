"""Parameterised Appends: the inner side of a Nested Loop that is a partitioned table or
an inheritance tree, scanned per outer row through each child's index (`Append ->
Index Scan using p1_a_idx on p1 t_1 (Index Cond: (a = o.x))`), as PostgreSQL's
appendrel gets a parameterised path from its children's parameterised paths.

Entry point:
    append_paths(planner, rtindex, base_append, scan_quals, candidates) -> [ParamScan]
        for a table whose plan is an Append of its children's scans (inheritance.py);
        param_paths.inner_index_paths hands such a table over to it
    partition_paths(planner, rtindex, child_scan, scan_quals, candidates) -> [ParamScan]
        one partition's (a partitionwise join's pair, partitionwise_join.py)

Rules (add_paths_to_append_rel's parameterised part, get_cheapest_parameterized_child_path):
1. Every child is laid out as the parent (no column map); no run-time pruning on the
   Append.
2. Each child's parameterised index paths are built as a table's (param_paths.py), with
   the child's own size, indexes and statistics standing in for the parent's while
   they are built; for each set of required outer relations every child offers, each
   child's cheapest total path under it joins an Append.
3. The Append costs as cost_append does (the first child's start-up, the children's
   totals, half a cpu_tuple_cost per row); its rows are the children's.

A child without a parameterised index path under a required set the others offer is
read by its Seq Scan with the join clauses as its filter (reparameterize_path), re-run
per outer row. Not done: UNION ALL append relations; Merge Append; a child whose plain
scan is not a Seq Scan without such a path (no parameterised Append then).

PostgreSQL: optimizer/path/allpaths.c (add_paths_to_append_rel,
get_cheapest_parameterized_child_path), optimizer/path/costsize.c (cost_append).
"""
from __future__ import annotations

import copy

from pgsnake.optimizer import cost, index_paths, inheritance, param_paths
from pgsnake.optimizer.plan_nodes import Append, SeqScan


def append_paths(planner, rtindex: int, base_append, scan_quals, candidates) -> list:
    children = list(base_append.subplans)
    if not children or getattr(base_append, "run_time_pruning", None):
        return []
    for child in children:
        if not child.__dict__.get("inherited_child") or getattr(child, "column_map", None) \
                is not None or getattr(child, "relation", None) is None \
                or child.__dict__.get("child_size") is None:
            return []
    rte = planner.query.range_table[rtindex - 1]
    saved = _saved(planner, rtindex)
    try:
        contexts = [_child_context(planner, rtindex, rte, child) for child in children]
        per_child = []
        for child, context in zip(children, contexts):
            _stand_in(planner, rtindex, context)
            per_child.append(param_paths.child_index_paths(
                planner, rtindex, child, scan_quals, context[1], candidates)
                if context[1] else [])
        required_sets = []
        for found in per_child:
            for path in found:
                if path.required not in required_sets:
                    required_sets.append(path.required)
        out = []
        for required in required_sets:
            chosen = []
            for child, context, found in zip(children, contexts, per_child):
                fitting = [p for p in found if p.required == required]
                if fitting:
                    chosen.append(min(fitting, key=lambda p: p.plan.total_cost))
                    continue
                _stand_in(planner, rtindex, context)
                seq = _reparameterised_seq_scan(planner, rtindex, child, context, scan_quals,
                                                candidates, required)
                if seq is None:
                    break
                chosen.append(seq)
            else:
                out.append(_append_of(base_append, rtindex, required, chosen))
    finally:
        _put_back(planner, rtindex, saved)
    return out


def partition_paths(planner, rtindex: int, child, scan_quals, candidates) -> list:
    """One partition's parameterised index paths, built as append_paths builds each
    child's (rule 2): the inner side of one pair of a partitionwise join
    (partitionwise_join.py; param_paths.inner_index_paths hands such a scan over)."""
    if getattr(child, "column_map", None) is not None:
        return []
    rte = planner.query.range_table[rtindex - 1]
    saved = _saved(planner, rtindex)
    try:
        context = _child_context(planner, rtindex, rte, child)
        if not context[1]:
            return []
        _stand_in(planner, rtindex, context)
        return param_paths.child_index_paths(planner, rtindex, child, scan_quals,
                                             context[1], candidates)
    finally:
        _put_back(planner, rtindex, saved)


def _saved(planner, rtindex):
    """The table's own size, unique columns and statistics, for _put_back."""
    return (planner.table_sizes.get(rtindex), planner.unique_columns.get(rtindex),
            planner.stats)


def _put_back(planner, rtindex, saved) -> None:
    _restore(planner.table_sizes, rtindex, saved[0])
    _restore(planner.unique_columns, rtindex, saved[1])
    planner.stats = saved[2]


def _child_context(planner, rtindex, rte, child):
    """(size, indexes, unique columns, statistics) of a child table."""
    pages, tuples = child.child_size
    indexes = index_paths.table_indexes(child.relation, tuples)
    unique = index_paths.unique_columns(indexes)
    stats = inheritance.child_statistics(planner, rtindex, rte, child.relation, tuples,
                                         unique, indexes)
    return (pages, tuples), indexes, unique, stats


def _stand_in(planner, rtindex, context) -> None:
    """The child's size, unique columns and statistics in the table's place."""
    planner.table_sizes[rtindex], planner.unique_columns[rtindex] = context[0], context[2]
    planner.stats = context[3]


def _reparameterised_seq_scan(planner, rtindex, child, context, scan_quals, candidates,
                              required):
    """A child without a parameterised index path: its Seq Scan filtering by the join
    clauses too (reparameterize_path's Seq Scan), re-read per outer row."""
    if not isinstance(child, SeqScan):
        return None
    moved = [q for q in candidates if param_paths.outer_relids(q, rtindex) <= required]
    if not moved:
        return None
    used: dict = {}
    param_quals = [param_paths.parameterise(planner, q, rtindex, used) for q in moved]
    all_quals = list(scan_quals) + param_quals
    (pages, tuples), _, unique, stats = context
    scan = copy.copy(child)
    scan.qual = cost.order_by_cost(all_quals)
    scan.startup_cost, scan.total_cost = cost.cost_seqscan(pages, tuples, all_quals)
    scan.plan_rows = cost.clamp_rows(tuples * index_paths.restriction_selectivity(
        all_quals, rtindex, unique, tuples, stats))
    scan.parameterised = True
    return param_paths.ParamScan(scan, rtindex, required, sorted(used.items()), False, None)


def _append_of(base_append, rtindex, required, chosen):
    plans = [p.plan for p in chosen]
    node = Append(subplans=plans)
    rows = sum(p.plan_rows for p in plans)
    node.startup_cost = plans[0].startup_cost
    node.total_cost = sum(p.total_cost for p in plans) + cost.CPU_TUPLE_COST * 0.5 * rows
    node.plan_rows = cost.clamp_rows(rows)
    node.plan_width = base_append.plan_width
    node.output_keys = base_append.output_keys
    node.parameterised = True
    nest_params = {}
    for p in chosen:
        nest_params.update(dict(p.nest_params))
    return param_paths.ParamScan(node, rtindex, required, sorted(nest_params.items()),
                                 all(p.indexed_all for p in chosen), chosen[0].cache_keys)


def _restore(mapping: dict, key, value) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


__all__ = ["append_paths", "partition_paths"]
