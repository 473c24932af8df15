"""A scan of a table with children: the parent expands to an Append of scans of its
partitions (a partitioned table) or of itself and its inheritance children.

The planner asks plan_inherited_scan for every relation FROM item that is not ONLY
(RangeTableEntry.inh) and whose table is partitioned or has children
(pg_class.relhassubclass). Every child scan keeps the parent's range-table index, so the
query's Vars (and ctid / tableoid) read it unchanged: a child whose columns are laid
out differently (an inheritance child with columns of its own, or in another order) is
scanned with SeqScan.column_map, which rearranges its rows into the parent's layout.

Rules (PostgreSQL's expand_inherited_rtentry, set_append_rel_size, create_append_plan):
1. Partitions are pruned first (optimizer/partition_pruning.py), and sub-partitioned
   ones expanded in place, so one flat Append holds the surviving leaves in bound order
   (the default partition last). An inheritance parent comes first, then its children
   (all levels) by oid.
2. Every child scan gets the item's quals, and an index path where cheaper (children
   laid out as the parent only), estimated from the child's own statistics and column
   widths (child_statistics), as PostgreSQL's child RTEs are; the Append's width is
   still the parent's (pgsnake keeps no inherited statistics for the parent).
3. Child scans are named <alias>_<n> (n from 1, in Append order), as EXPLAIN's unique
   names make them; a single surviving child replaces the Append and keeps the
   parent's alias; no surviving child is a Result with One-Time Filter: false.
4. The Append costs the first child's start-up, the children's total costs plus half a
   cpu_tuple_cost per row (cost_append).
5. An Append over a partitioned table carries `run_time_pruning` when quals compare a
   key column with $n, a stable function or an InitPlan value (run_time_pruning.py).

Entry points: finish_modify(modify_node, child) -> child (UPDATE / DELETE targets),
leaf_oids(relation, quals, rtindex) (pruning again at run time), child_statistics(...),
plan_inherited_scan(planner, rtindex, rte, quals, needed)
    -> (node, rows, width, keys) | None (None: scan the table alone); the quals are
    all applied in the child scans, and planner.table_sizes[rtindex] holds the
    children's total (pages, tuples).

PostgreSQL: optimizer/util/inherit.c (expand_inherited_rtentry,
expand_partitioned_rtentry), optimizer/path/allpaths.c (set_append_rel_size),
optimizer/plan/createplan.c (create_append_plan), optimizer/util/appendinfo.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache
from pgsnake.catalog import partition_bounds as pb
from pgsnake.optimizer import gin_paths, hash_paths
from pgsnake.optimizer import cost, index_paths, partition_pruning, run_time_pruning, tid_paths
from pgsnake.optimizer import sample_scan_paths
from pgsnake.optimizer.plan_nodes import Append, Result, SeqScan, SubqueryScan
from pgsnake.parser.expression_nodes import (SELF_ITEM_POINTER_ATTNUM, TABLE_OID_ATTNUM,
                                             Const)

BOOL = 16


def has_children(rte) -> bool:
    if rte.kind != "relation" or not getattr(rte, "inh", False) or rte.relation is None:
        return False
    if rte.relation.relkind == "p":
        return True
    row = catalog_cache.class_row(rte.relation.oid)
    return row is not None and row.relhassubclass


def _leaves(oid: int, quals: list, rtindex: int, root) -> list:
    """Surviving leaf partitions of partitioned table `oid`, in bound order (rule 1)."""
    descriptor = pb.partition_descriptor(oid)
    relation = catalog_cache.get_relation(oid)
    prunable = _same_layout(root, relation)
    kept = partition_pruning.surviving_partitions(descriptor, quals if prunable else [],
                                                  rtindex)
    out = []
    for child in kept:
        if catalog_cache.class_row(child).relkind == "p":
            out.extend(_leaves(child, quals, rtindex, root))
        else:
            out.append(child)
    return out


def leaf_oids(relation, quals: list, rtindex: int) -> list:
    """The leaf partitions of partitioned `relation` that pruning by `quals` keeps, in
    bound order (run-time pruning asks again with values the planner did not know)."""
    return _leaves(relation.oid, quals, rtindex, relation)


def _same_layout(parent, child) -> bool:
    return _column_map(parent, child) is None


def _column_map(parent, child):
    """For each parent column, the child's position of the same-named column; None
    when the layouts are the same (executor/partition_routing.column_map's twin: the
    optimizer may not import the executor)."""
    if parent.oid == child.oid:
        return None
    positions = {a.name: i for i, a in enumerate(child.attributes) if not a.is_dropped}
    mapping = tuple(None if a.is_dropped else positions.get(a.name)
                    for a in parent.attributes)
    if len(parent.attributes) == len(child.attributes) and \
            mapping == tuple(None if a.is_dropped else i for i, a in enumerate(parent.attributes)):
        return None
    return mapping


def child_oids(rte, quals: list, rtindex: int) -> list:
    relation = rte.relation
    if relation.relkind == "p":
        return _leaves(relation.oid, quals, rtindex, relation)
    return [relation.oid] + sorted(
        c for c in pb.all_descendants(relation.oid)
        if catalog_cache.class_row(c).relkind != "p")


def plan_inherited_scan(planner, rtindex: int, rte, quals: list, needed: set):
    if not has_children(rte):
        return None
    parent = rte.relation
    oids = child_oids(rte, quals, rtindex)
    if parent.relkind != "p" and oids == [parent.oid]:
        return None          # relhassubclass outlived the children: a plain scan
    width = sum(planner._column_width(rte, a) for a in needed if a > 0)
    keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))]
    keys += [("var", rtindex, SELF_ITEM_POINTER_ATTNUM), ("var", rtindex, TABLE_OID_ATTNUM)]
    if not oids:
        node = Result(child=None, qual=[Const(BOOL, False)])
        node.startup_cost = node.total_cost = 0.0
        planner.table_sizes[rtindex] = (0, 0.0)
        return node, 0.0, width, keys
    scans, total_pages, total_tuples = [], 0, 0.0
    for number, oid in enumerate(oids, start=1):
        child = parent if oid == parent.oid else catalog_cache.get_relation(oid)
        numbered = len(oids) > 1 or rtindex == planner.query.result_relation
        alias = f"{rte.alias}_{number}" if numbered else rte.alias
        scan, pages, tuples = _child_scan(planner, rtindex, rte, child, quals, alias, needed)
        scans.append(scan)
        total_pages += pages
        total_tuples += tuples
    planner.table_sizes[rtindex] = (total_pages, total_tuples)
    rows = sum(s.plan_rows for s in scans)
    if rows > 0:
        # the children's widths averaged over their rows, the whole and per column
        # (set_append_rel_size)
        width = int(round(sum(s.plan_rows * s.plan_width for s in scans) / rows))
        for attnum in needed:
            if attnum > 0:
                planner.attr_widths[(rtindex, attnum)] = int(round(
                    sum(s.plan_rows * s.column_widths[attnum] for s in scans) / rows))
    if len(scans) == 1:
        return scans[0], scans[0].plan_rows, width, keys
    node = Append(subplans=scans)
    # Quals whose values are known only when the plan runs ($1, now(), an InitPlan's
    # result) prune again then (run_time_pruning.py; executor/run_time_pruning.py).
    node.run_time_pruning = run_time_pruning.plan_run_time_pruning(rtindex, rte, quals)
    node.startup_cost = scans[0].startup_cost
    rows = sum(s.plan_rows for s in scans)
    node.total_cost = sum(s.total_cost for s in scans) + cost.CPU_TUPLE_COST * 0.5 * rows
    node.plan_rows = rows
    return node, rows, width, keys


def child_statistics(planner, rtindex: int, rte, child, tuples: float, unique: set,
                     indexes: list):
    """A StatisticsLookup that reads `child`'s pg_statistic rows for the parent's
    range-table index (the child scan's Vars keep the parent's)."""
    from pgsnake.optimizer import selectivity_stats
    range_table = list(planner.query.range_table)
    range_table[rtindex - 1] = dataclasses.replace(rte, relation=child)
    return selectivity_stats.StatisticsLookup(
        range_table, {rtindex: tuples}, {}, lambda r: unique if r == rtindex else set(),
        lambda r: indexes if r == rtindex else ())


def _child_scan(planner, rtindex: int, rte, child, quals: list, alias: str, needed: set):
    pages, tuples = cost.table_size(child)
    if rte.tablesample is not None:      # each child sampled (its Sample Scan only)
        node, tuples = sample_scan_paths.sample_scan(rtindex, child, alias, rte.tablesample,
                                                     pages, tuples, quals)
    else:
        node = SeqScan(rtindex=rtindex, relation=child, alias=alias)
        node.startup_cost, node.total_cost = cost.cost_seqscan(pages, tuples, quals)
    node.column_map = column_map = _column_map(rte.relation, child)
    scan_quals = quals
    indexes = index_paths.table_indexes(child, tuples) \
        if node.column_map is None and rte.tablesample is None else []
    unique = index_paths.unique_columns(indexes)
    # The child's own statistics (PostgreSQL's child RTE), for a child laid out as its
    # parent; the default selectivities otherwise.
    stats = child_statistics(planner, rtindex, rte, child, tuples, unique, indexes) \
        if column_map is None else None
    selectivity = index_paths.restriction_selectivity(quals, rtindex, unique, tuples, stats,
                                                      pages)
    if indexes or (column_map is None and (gin_paths.has_gin_index(child)
                                           or hash_paths.has_hash_index(child))):
        node, scan_quals = index_paths.cheapest_scan(
            node, indexes, rtindex, quals, pages, tuples,
            rows=cost.clamp_rows(tuples * selectivity),
            total_table_pages=planner._total_table_pages(),
            columns_needed=None if rtindex == planner.query.result_relation else needed,
            alias=alias, stats=stats)
    if rte.tablesample is None:           # (TABLESAMPLE: its Sample Scan only)
        node, scan_quals = tid_paths.cheaper_tid_scan(
            node, scan_quals, child, rtindex, quals, pages=pages, tuples=tuples,
            rows=cost.clamp_rows(tuples * selectivity), alias=alias,
            selectivity_of=lambda clauses: index_paths.restriction_selectivity(
                clauses, rtindex, unique, tuples, stats, pages))
    node.column_map = column_map
    node.inherited_child = True      # EXPLAIN shows its own alias (commands/explain_names)
    node.var_names_override = {rtindex: alias}      # and names its columns so
    if rte.tablesample is None:          # ordered_append.py costs the child's index scans
        node.child_size = (pages, tuples)
    node.qual = cost.order_by_cost(scan_quals)
    node.plan_rows = cost.clamp_rows(tuples * selectivity)
    # the child's own column widths (ANALYZE's stawidth)
    child_rte = dataclasses.replace(rte, relation=child) if column_map is None else rte
    node.column_widths = {a: planner._column_width(child_rte, a) for a in needed if a > 0}
    node.plan_width = sum(node.column_widths.values())
    node.output_keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))] + \
        [("var", rtindex, SELF_ITEM_POINTER_ATTNUM), ("var", rtindex, TABLE_OID_ATTNUM)]
    return node, pages, tuples


def _changed_children(plan, rtindex: int) -> list:
    """The scans of the target's tables: the plan itself, or the Append of them, also
    under the joins of UPDATE ... FROM / DELETE ... USING (not inside a subquery)."""
    if plan.__dict__.get("inherited_child") and getattr(plan, "rtindex", None) == rtindex:
        return [plan]
    if isinstance(plan, Append):
        scans = [s for s in plan.subplans if s.__dict__.get("inherited_child")
                 and getattr(s, "rtindex", None) == rtindex]
        if scans:
            return scans
    if isinstance(plan, SubqueryScan):
        return []
    for below in plan.children():
        found = _changed_children(below, rtindex) if below is not None else []
        if found:
            return found
    return []


def finish_modify(node, child):
    """UPDATE / DELETE through a parent: the tables changed, listed under the
    ModifyTable as EXPLAIN shows them ("Update on c1 p_2"); an UPDATE of an inheritance
    tree reads its Append through a Result (PostgreSQL projects the children's rows
    there). Returns the child to use."""
    scans = child.subplans if isinstance(child, Append) else [child]
    shown = [s for s in scans if s.__dict__.get("inherited_child")] or \
        _changed_children(child, node.rtindex)
    if shown:
        verb = node.operation.capitalize()
        node.explain_targets = [f"{verb} on {s.relation.name} {s.alias}" for s in shown]
    if node.operation == "UPDATE" and isinstance(child, Append) \
            and node.relation.relkind != "p":
        result = Result(child=child)
        result.startup_cost, result.total_cost = child.startup_cost, child.total_cost
        result.plan_rows, result.plan_width = child.plan_rows, child.plan_width
        result.output_keys = child.output_keys
        return result
    return child
