"""Full partitionwise aggregation: with enable_partitionwise_aggregate on, a GROUP BY that
includes every partition key column of the one partitioned table in FROM groups each
partition on its own (no group spans two partitions), so the grouping goes below the
Append: `Append -> HashAggregate (Group Key: t.a) -> Seq Scan on t_p1 t, ...`, taken when
it costs less than grouping the Append's rows.

Entry point:
    consider(planner, from_plan, aggregate) -> plan
        `aggregate` (the level's grouping over `from_plan`) or, where the rules hold and
        it is cheaper, an Append of one grouping per partition scan

Rules (create_partitionwise_grouping_paths with PARTITIONWISE_AGGREGATE_FULL,
group_by_has_partkey):
1. FROM is one partitioned table (not ONLY) whose partitions are all leaves (no
   sub-partitioned partition), planned as an Append without run-time pruning;
   no grouping sets; every partition key column is a plain GROUP BY column.
2. Each partition's grouping is the level's (same keys, aggregates, HAVING), planned
   over that partition's scan as the level's is (hashed or sorted by cost); the Append
   over them costs as cost_append does (first start-up, total of totals, half a
   cpu_tuple_cost per row), and is taken when cheaper than `aggregate` (plus the Sort
   that ORDER BY then needs when `aggregate` delivers its order).
3. EXPLAIN names the partitions as PostgreSQL's unique names do when the parent is not
   shown: the first partition with the table's alias, then <alias>_1, <alias>_2, ...;
   each grouping's keys, aggregates and filter name its own partition.

Each partition's group count comes from its own statistics (child_statistics); a
partition laid out unlike its parent uses the parent's estimate.
Not done: partial partitionwise aggregation (GROUP BY without the partition key:
Finalize over an Append of Partial Aggregates), and partitionwise joins.

PostgreSQL: optimizer/plan/planner.c (create_partitionwise_grouping_paths,
group_by_has_partkey), optimizer/util/pathnode.c (create_append_path),
optimizer/path/costsize.c (cost_append).
"""
from __future__ import annotations

from pgsnake.optimizer import cost
from pgsnake.optimizer.plan_nodes import Append
from pgsnake.parser.expression_nodes import Var
from pgsnake.utils import settings


def consider(planner, from_plan, aggregate):
    if not settings.get("enable_partitionwise_aggregate"):
        return aggregate
    rtindex = _partitioned_item(planner, from_plan)
    if rtindex is None:
        return aggregate
    saved_presorted = planner.presorted
    saved_keys = getattr(planner, "presorted_keys", 0)
    saved_paths = getattr(planner, "from_paths", None)
    saved_stats = planner.stats
    rte = planner.query.range_table[rtindex - 1]
    groupings = []
    try:
        planner.from_paths = []
        for number, scan in enumerate(from_plan.subplans):
            _rename(scan, rtindex, rte.alias if number == 0 else f"{rte.alias}_{number}")
            planner.presorted = False
            planner.stats = _partition_statistics(planner, rtindex, rte, scan, saved_stats)
            grouping = planner._make_aggregate(scan)
            grouping.var_names_override = {rtindex: scan.alias}
            groupings.append(grouping)
    finally:
        planner.stats = saved_stats
        planner.from_paths = saved_paths
        planner.presorted, planner.presorted_keys = saved_presorted, saved_keys
    node = Append(subplans=groupings)
    rows = sum(g.plan_rows for g in groupings)
    node.startup_cost = groupings[0].startup_cost
    node.total_cost = sum(g.total_cost for g in groupings) + cost.CPU_TUPLE_COST * 0.5 * rows
    node.plan_rows = rows
    node.plan_width = aggregate.plan_width
    node.output_keys = aggregate.output_keys
    regular = aggregate.total_cost
    if saved_presorted:
        # the regular grouping delivers ORDER BY's order; this Append would need a Sort
        node_total = cost.cost_sort(node.startup_cost, node.total_cost, rows,
                                    node.plan_width)[1]
    else:
        node_total = node.total_cost
    if node_total >= regular:
        for number, scan in enumerate(from_plan.subplans, start=1):
            _rename(scan, rtindex, f"{rte.alias}_{number}")
        return aggregate
    planner.presorted = False
    planner.presorted_keys = 0
    return node


def _partition_statistics(planner, rtindex: int, rte, scan, fallback):
    """The partition's own statistics for its group count (PostgreSQL's child RTE),
    when it is laid out as its parent."""
    from pgsnake.optimizer import index_paths, inheritance
    child = getattr(scan, "relation", None)
    size = scan.__dict__.get("child_size")
    if child is None or size is None or getattr(scan, "column_map", None) is not None:
        return fallback
    indexes = index_paths.table_indexes(child, size[1])
    return inheritance.child_statistics(planner, rtindex, rte, child, size[1],
                                        index_paths.unique_columns(indexes), indexes)


def _rename(scan, rtindex: int, alias: str) -> None:
    scan.alias = alias
    if scan.__dict__.get("var_names_override") is not None:
        scan.var_names_override = {rtindex: alias}


def _partitioned_item(planner, from_plan):
    """The rtindex of the level's one FROM item when rule 1 holds, else None."""
    from pgsnake.catalog import catalog_cache
    from pgsnake.catalog import partition_bounds as pb
    query = planner.query
    if not query.group_by or query.grouping_sets is not None or len(query.from_list) != 1 \
            or not query.from_list[0].rtindex or not isinstance(from_plan, Append) \
            or getattr(from_plan, "run_time_pruning", None) or len(from_plan.subplans) < 2:
        return None
    rtindex = query.from_list[0].rtindex
    rte = query.range_table[rtindex - 1]
    if rte.kind != "relation" or rte.relation is None or rte.relation.relkind != "p" \
            or not getattr(rte, "inh", False):
        return None
    if any(getattr(s, "rtindex", None) != rtindex or not s.__dict__.get("inherited_child")
           for s in from_plan.subplans):
        return None
    if any(catalog_cache.class_row(c).relkind == "p" for c in pb.children(rte.relation.oid)):
        return None
    key = pb.partition_key(rte.relation.oid)
    if key is None or any(attnum == 0 for attnum in key.attnums):
        return None                   # an expression key
    grouped = {g.attnum for g in query.group_by
               if isinstance(g, Var) and g.rtindex == rtindex and not g.levels_up}
    if not set(key.attnums) <= grouped:
        return None
    return rtindex


__all__ = ["consider"]
