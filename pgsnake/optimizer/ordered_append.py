"""Ordered appends: ORDER BY over a partitioned table or an inheritance tree served by
the children's index order instead of a Sort above the Append.

Entry points:
    MergeAppend                       the plan node: merges its children's sorted rows
    ordered_appends(planner, rtindex, quals, base_scan) -> [plan]
        extra paths of a base relation whose scan is an Append of its children, or the
        one child scan plan-time pruning left (then: that child's ordered index scan)
        (the hook index_ordering.ordered_scans calls), each with `pathkeys` = the ORDER BY:
          - an Append of the children in bound order (reversed for DESC) when the
            partitions are ordered by the ORDER BY's leading column: a RANGE key, or a
            LIST key whose partitions' values do not interleave, with no default
            partition among the survivors (partitions_are_ordered);
          - a Merge Append otherwise.
        Each child delivers the order from a B-tree index whose leading columns are the
        ORDER BY's (Index Scan, Index Scan Backward for DESC, Index Only Scan when the
        index covers what the query reads), or through a Sort of its own scan.

Costs: Merge Append is cost_merge_append's (the children's start-up plus building a
heap of N streams, 2 * cpu_operator_cost * log2(N) per row and half a cpu_tuple_cost
per row); an ordered Append's start-up is the sum of its children's and its total the
children's totals plus half a cpu_tuple_cost per row (cost_append). The planner keeps
them beside the Sort over the plain Append, and with LIMIT takes the one cheapest for
the rows read (index_ordering.fractional_choice).

Where we differ from PostgreSQL: only ORDER BY of plain columns of the partitioned
table in one direction is served (not merge joins or GROUP BY); a tree with
sub-partitioned partitions gets no ordered path (PostgreSQL nests an Append or Merge
Append per level); no path is offered when no child has a usable index; the ordered
paths use the Append's surviving children as plan-time pruning left them (and its
run-time pruning).

PostgreSQL: optimizer/path/allpaths.c (generate_orderedappend_paths),
optimizer/util/pathnode.c (create_merge_append_path), optimizer/path/costsize.c
(cost_merge_append, cost_append), partitioning/partbounds.c (partitions_are_ordered),
executor/nodeMergeAppend.c.
"""
from __future__ import annotations

import dataclasses
import math

from pgsnake.catalog import catalog_cache
from pgsnake.catalog import partition_bounds as pb
from pgsnake.optimizer import array_index_quals, cost, index_paths, inheritance
from pgsnake.optimizer.plan_nodes import Append, IndexScan, Plan, SeqScan, Sort, SortKey
from pgsnake.utils import settings

APPEND_CPU_COST_MULTIPLIER = 0.5


@dataclasses.dataclass(eq=False)
class MergeAppend(Plan):
    subplans: list = dataclasses.field(default_factory=list)
    keys: list = dataclasses.field(default_factory=list)     # SortKey over a child's row

    def children(self):
        return list(self.subplans)

    def explain_name(self) -> str:
        return "Merge Append"

    def explain_properties(self, text) -> list:
        shown = []
        for key in self.keys:
            value = text(key.shown_as)
            if key.descending:
                value += " DESC" if key.nulls_first else " DESC NULLS LAST"
            elif key.nulls_first:
                value += " NULLS FIRST"
            shown.append(value)
        return [("Sort Key", ", ".join(shown))]


def _order(planner, rtindex: int):
    """(attnums, descending, shown expressions) of an ORDER BY on this relation's plain
    columns in one direction, or None."""
    from pgsnake.optimizer import index_ordering
    wanted = index_ordering.wanted_pathkeys(planner)
    if not wanted:
        return None
    keys = [next(iter(k)) for k in wanted]
    if any(k[-2] != rtindex or k[-1] <= 0 for k in keys):
        return None
    shown = [planner.query.target_list[c.target_index].expr
             for c in planner.query.sort_clause]
    return [k[-1] for k in keys], keys[0][0] == "desc", shown, wanted


def _usable(index) -> bool:
    from pgsnake.optimizer import index_ordering
    row = catalog_cache.index_row(index.relation.oid)
    return not any(row.indoption or ()) and bool(index.families) \
        and all(index_ordering._is_default_family(f) for f in index.families[:1])


def _child_index_scan(planner, rtindex, scan, quals, attnums, descending):
    """The cheapest scan of one child giving rows ordered by `attnums`, or None."""
    if not isinstance(scan, (SeqScan, IndexScan)) or scan.__dict__.get("column_map") \
            or not hasattr(scan, "child_size"):
        return None
    pages, tuples = scan.child_size
    indexes = index_paths.table_indexes(scan.relation, tuples)
    unique = index_paths.unique_columns(indexes)
    rte = planner.query.range_table[rtindex - 1]
    stats = inheritance.child_statistics(planner, rtindex, rte, scan.relation, tuples,
                                         unique, indexes)
    needed = planner.needed.get(rtindex, set())
    best = None
    for index in indexes:
        if index.predicate is not None or index.expressions or not _usable(index) \
                or tuple(index.heap_attnums[:len(attnums)]) != tuple(attnums) \
                or index.key_count < len(attnums):
            continue
        clauses = [c for c in index_paths.match_index_clauses(index, rtindex, quals)
                   if not (c.strategy == array_index_quals.ARRAY_STRATEGY and c.column > 1)]
        used = [c.clause for c in clauses]
        filters = [q for q in quals if not any(q is u for u in used)]
        estimate = index_paths.estimate_index(index, clauses, rtindex, unique, stats)
        node = IndexScan(rtindex=rtindex, relation=scan.relation, index=index.relation,
                         index_clauses=clauses, alias=scan.alias,
                         index_only=index_paths._covers(index, needed, quals),
                         backward=descending)
        node.startup_cost, node.total_cost = index_paths.cost_index_scan(
            estimate, filters, pages, tuples, index.pages, planner._total_table_pages(),
            all_visible=index_paths.all_visible_fraction(scan.relation, pages)
            if node.index_only else 0.0)
        node.qual = cost.order_by_cost(filters)
        node.plan_rows, node.plan_width = scan.plan_rows, scan.plan_width
        node.output_keys = scan.output_keys
        node.system_columns = getattr(scan, "system_columns", ())
        node.inherited_child = True
        if best is None or node.total_cost < best.total_cost:
            best = node
    return best


def _sorted_child(scan, keys, width: int):
    node = Sort(child=scan, keys=keys)
    node.startup_cost, node.total_cost = cost.cost_sort(scan.startup_cost, scan.total_cost,
                                                        scan.plan_rows, width)
    node.plan_rows, node.plan_width = scan.plan_rows, scan.plan_width
    node.output_keys = scan.output_keys
    return node


def _list_ordered(descriptor) -> bool:
    """No partition's values interleave with another's; NULLs (sorting last) only in the
    partition holding the greatest values, or alone."""
    runs = []
    for sort_key in sorted(descriptor.list_values):
        oid = descriptor.list_values[sort_key]
        if not runs or runs[-1] != oid:
            if oid in runs:
                return False
            runs.append(oid)
    null_partition = descriptor.null_partition
    return not null_partition or null_partition not in runs or runs[-1] == null_partition


def _partitions_ordered(relation, children: list, lead_attnum: int) -> bool:
    if relation.relkind != "p":
        return False
    key = pb.partition_key(relation.oid)
    if key is None or key.attnums[0] != lead_attnum or key.strategy == "h":
        return False
    descriptor = pb.partition_descriptor(relation.oid)
    if descriptor.default and descriptor.default in {c.relation.oid for c in children}:
        return False
    return key.strategy == "r" or _list_ordered(descriptor)


def ordered_appends(planner, rtindex: int, quals, base_scan) -> list:
    if not settings.get("enable_indexscan"):
        return []
    rte = planner.query.range_table[rtindex - 1]
    if rte.kind != "relation" or rte.relation is None:
        return []
    order = _order(planner, rtindex)
    if order is None:
        return []
    attnums, descending, shown, wanted = order
    if not isinstance(base_scan, Append):          # the one child pruning left
        scan = _child_index_scan(planner, rtindex, base_scan, quals, attnums, descending)
        if scan is None:
            return []
        scan.pathkeys = wanted
        return [scan]
    if any(catalog_cache.class_row(s.relation.oid).relkind == "p"
           for s in base_scan.subplans if hasattr(s, "relation")) \
            or any(pb.parents(s.relation.oid) and
                   pb.parents(s.relation.oid)[0] != rte.relation.oid
                   for s in base_scan.subplans if hasattr(s, "relation")):
        return []               # sub-partitioned: PostgreSQL nests a node per level
    keys = [SortKey(index=a - 1, descending=descending, nulls_first=descending,
                    shown_as=expr) for a, expr in zip(attnums, shown)]
    width = base_scan.plan_width or max((s.plan_width for s in base_scan.subplans), default=0)
    children, any_index = [], False
    for scan in base_scan.subplans:
        ordered = _child_index_scan(planner, rtindex, scan, quals, attnums, descending)
        if ordered is not None:
            any_index = True
            children.append(ordered)
        else:
            children.append(_sorted_child(scan, keys, width))
    if not any_index:
        return []
    rows = sum(c.plan_rows for c in children)
    if _partitions_ordered(rte.relation, base_scan.subplans, attnums[0]):
        node = Append(subplans=children[::-1] if descending else children)
        # Ordered: the children's start-up costs summed, so that a LIMIT reaching into
        # later children is not thought cheap (cost_append).
        node.startup_cost = sum(c.startup_cost for c in children)
        node.total_cost = sum(c.total_cost for c in children) \
            + cost.CPU_TUPLE_COST * APPEND_CPU_COST_MULTIPLIER * rows
    else:
        node = MergeAppend(subplans=children, keys=keys)
        streams = max(len(children), 2)
        comparison = 2.0 * cost.CPU_OPERATOR_COST
        log_n = math.log2(streams)
        node.startup_cost = sum(c.startup_cost for c in children) \
            + comparison * streams * log_n
        node.total_cost = node.startup_cost \
            + sum(c.total_cost - c.startup_cost for c in children) \
            + rows * comparison * log_n \
            + cost.CPU_TUPLE_COST * APPEND_CPU_COST_MULTIPLIER * rows
    node.plan_rows, node.plan_width = base_scan.plan_rows, base_scan.plan_width
    node.output_keys = base_scan.output_keys
    node.pathkeys = wanted
    # The plain Append's run-time pruning holds for these children too.
    node.run_time_pruning = base_scan.__dict__.get("run_time_pruning")
    return [node]
