"""What EXPLAIN's JSON, YAML and XML formats say about a node that TEXT folds into lines.

Entry points (called by the plan walker in commands/explain.py):
    header(plan, out, names, relationship, plan_name, verbose)
        "Node Type", "Strategy", "Partial Mode", "Operation", "Parent Relationship",
        "Subplan Name", "Parallel Aware", "Async Capable", then the node's target:
        "Scan Direction" / "Index Name" / "Relation Name" / "Function Name" /
        "CTE Name" / "Schema" (VERBOSE) / "Alias", a join's "Join Type", a SetOp's
        "Command" -- the parts TEXT writes into the node's first line.
    actuals(out, counters, timing)   "Actual Startup Time" ... "Actual Loops" (ANALYZE;
                                     zeros for a node never executed)
    analyze_details(out, counters)   the executor's detail figures (sort, hash, hash
                                     aggregate, memoize, MERGE) as TEXT's combined lines
                                     or as separate properties
    child_relationship(plan, index) -> "Outer" / "Inner" / "Member" / "Subquery"

PostgreSQL: commands/explain.c (ExplainNode's node-type switch, ExplainScanTarget,
ExplainModifyTarget, ExplainTargetRel, ExplainIndexScanDetails, show_sort_info,
show_hash_info, show_hashagg_info, show_memoize_info, show_modifytable_info).
"""
from __future__ import annotations

import re

from pgsnake.commands import explain_names, explain_verbose
from pgsnake.optimizer.plan_nodes import (
    Aggregate, Append, BitmapAnd, BitmapHeapScan, BitmapIndexScan, BitmapOr, FunctionScan,
    HashJoin, IndexScan, MergeJoin, ModifyTable, NestedLoop, SeqScan, SubqueryScan,
    TidRangeScan, TidScan, ValuesScan)
from pgsnake.optimizer.set_operation_nodes import CteScan, SetOp, WorkTableScan

_JOIN_TYPES = {"inner": "Inner", "cross": "Inner", "left": "Left", "right": "Right",
               "full": "Full", "semi": "Semi", "anti": "Anti"}

_AGGREGATE_STRATEGIES = {"plain": "Plain", "sorted": "Sorted", "hashed": "Hashed",
                         "mixed": "Mixed"}

# Node types whose JSON name differs from the first words of their TEXT label.
_SET_OP_COMMANDS = re.compile(r"^(?:Hash)?SetOp (.*)$")


def _node_type(plan, label: str) -> str:
    if isinstance(plan, IndexScan):
        return "Index Only Scan" if plan.index_only else "Index Scan"
    if isinstance(plan, HashJoin):
        return "Hash Join"
    if isinstance(plan, MergeJoin):
        return "Merge Join"
    if isinstance(plan, NestedLoop):
        return "Nested Loop"
    if isinstance(plan, ModifyTable):
        return "ModifyTable"
    if isinstance(plan, SetOp):
        return "SetOp"
    if type(plan).__name__ in ("Aggregate", "GroupingSetsAggregate"):
        return "Aggregate"
    if getattr(plan, "parallel_aware", False):
        label = label[len("Parallel "):]          # Parallel Aware says it instead
    for marker in (" on ", " using "):
        if marker in label:
            label = label[:label.index(marker)]
    return label


def header(plan, out, names: dict, relationship, plan_name, verbose: bool) -> None:
    label = plan.explain_name()
    partial_mode = getattr(plan, "partial_mode", None)     # optimizer/parallel_paths.py
    out.property_text("Node Type", "Aggregate" if partial_mode else _node_type(plan, label))
    strategy = getattr(plan, "strategy", None)
    if type(plan).__name__ in ("Aggregate", "GroupingSetsAggregate"):
        out.property_text("Strategy", _AGGREGATE_STRATEGIES.get(strategy, strategy))
        out.property_text("Partial Mode", "Simple")
    elif partial_mode:
        out.property_text("Strategy", _AGGREGATE_STRATEGIES.get(strategy, "Plain"))
        out.property_text("Partial Mode", partial_mode)
    elif isinstance(plan, SetOp):
        out.property_text("Strategy", "Hashed" if strategy == "hashed" else "Sorted")
    if isinstance(plan, ModifyTable):
        out.property_text("Operation", plan.operation.capitalize())
    if relationship:
        out.property_text("Parent Relationship", relationship)
    if plan_name:
        out.property_text("Subplan Name", plan_name)
    out.property_bool("Parallel Aware", bool(getattr(plan, "parallel_aware", False)))
    out.property_bool("Async Capable", False)
    _target(plan, out, names, verbose)


def _alias(plan, names: dict) -> str:
    level = plan.__dict__.get("query_level")
    name = names.get((id(level), explain_names.scanned_rtindex(plan))) \
        if level is not None else None
    if plan.__dict__.get("inherited_child") or not isinstance(name, str):
        return getattr(plan, "alias", "")
    return name


def _relation_target(plan, out, names, verbose, alias=None) -> None:
    out.property_text("Relation Name", plan.relation.name)
    if verbose:
        out.property_text("Schema", explain_verbose.relation_schema(plan.relation))
    out.property_text("Alias", alias if alias is not None else _alias(plan, names))


def _target(plan, out, names, verbose) -> None:
    if isinstance(plan, IndexScan):
        out.property_text("Scan Direction", "Backward" if plan.backward else "Forward")
        out.property_text("Index Name", plan.index.name)
        _relation_target(plan, out, names, verbose)
    elif isinstance(plan, BitmapIndexScan):
        out.property_text("Index Name", plan.index.name)
    elif isinstance(plan, (SeqScan, BitmapHeapScan, TidScan, TidRangeScan)) \
            and plan.relation is not None:
        _relation_target(plan, out, names, verbose)
    elif isinstance(plan, ModifyTable) and plan.relation is not None:
        _relation_target(plan, out, names, verbose,
                         getattr(plan, "target_alias", plan.relation.name))
    elif isinstance(plan, FunctionScan):
        call = explain_verbose.single_call(plan)
        name = plan.function.function_name
        if getattr(plan.function, "namespace_names", None) is not None:
            out.property_text("Table Function Name", "xmltable")
        elif call is not None and name is not None:
            out.property_text("Function Name", name)
            if verbose:
                out.property_text("Schema", explain_verbose.function_schema(call.function_oid))
        out.property_text("Alias", _alias(plan, names))
    elif isinstance(plan, CteScan):
        out.property_text("CTE Name", plan.cte_plan.name)
        out.property_text("Alias", _alias(plan, names))
    elif isinstance(plan, WorkTableScan):
        out.property_text("CTE Name", plan.cte_name)
        out.property_text("Alias", _alias(plan, names))
    elif isinstance(plan, (ValuesScan, SubqueryScan)):
        out.property_text("Alias", _alias(plan, names).strip('"'))
    elif isinstance(plan, (HashJoin, MergeJoin, NestedLoop)):
        out.property_text("Join Type", _JOIN_TYPES.get(plan.join_type, plan.join_type))
    elif isinstance(plan, SetOp):
        match = _SET_OP_COMMANDS.match(plan.explain_name())
        if match:
            out.property_text("Command", match.group(1))


def node_properties(plan, out, costs: bool) -> None:
    """Properties only the structured formats print among the node's own properties."""
    if type(plan).__name__ in ("Aggregate", "GroupingSetsAggregate") and costs \
            and getattr(plan, "strategy", None) in ("hashed", "mixed"):
        # (TEXT says it only when the planner expected to spill.)
        out.property_int("Planned Partitions", None, getattr(plan, "planned_partitions", 0))
    if isinstance(plan, Append) or type(plan).__name__ == "MergeAppend":
        # (TEXT says it only when run-time pruning removed any.)
        out.property_int("Subplans Removed", None, getattr(plan, "subplans_removed", 0))
    if type(plan).__name__ == "Gather":
        out.property_bool("Single Copy", False)     # (TEXT says it only when true)


def actuals(out, counters, timing: bool) -> None:
    loops = counters.loops if counters is not None else 0
    if loops:
        startup, total = counters.startup_ms / loops, counters.total_ms / loops
        rows = counters.rows / loops
    else:
        startup = total = rows = 0.0
    if timing:
        out.property_float("Actual Startup Time", "ms", startup, 3)
        out.property_float("Actual Total Time", "ms", total, 3)
    out.property_float("Actual Rows", None, rows, 0)
    out.property_float("Actual Loops", None, loops, 0)


_MEMOIZE_FIGURES = re.compile(r"Hits: (\d+)  Misses: (\d+)  Evictions: (\d+)  "
                              r"Overflows: (\d+)  Memory Usage: (\d+)kB")
_MERGE_TUPLES = re.compile(r"(inserted|updated|deleted|skipped)=(\d+)")


def analyze_details(out, counters) -> None:
    if counters is None:
        return
    launched = getattr(counters, "workers_launched", None)     # executor/gather_nodes.py
    if launched is not None:
        out.property_int("Workers Launched", None, launched)
    merge_stats = getattr(counters, "merge_stats", None)      # executor/merge_nodes.py
    if merge_stats:
        if out.is_text:
            out.text_line(merge_stats)
        else:
            found = dict(_MERGE_TUPLES.findall(merge_stats))
            for name in ("inserted", "updated", "deleted", "skipped"):
                out.property_float(f"Tuples {name.capitalize()}", None,
                                   int(found.get(name, 0)), 0)
    stats_line = getattr(counters, "stats_line", None)        # executor/memoize_nodes.py
    if stats_line:
        match = _MEMOIZE_FIGURES.match(stats_line)
        if out.is_text:
            out.text_line(stats_line)
        elif match is not None:
            for label, value in zip(("Cache Hits", "Cache Misses", "Cache Evictions",
                                     "Cache Overflows"), match.groups()):
                out.property_int(label, None, int(value))
            out.property_int("Peak Memory Usage", "kB", int(match.group(5)))
    sort_stats = getattr(counters, "sort_stats", None)
    if sort_stats is not None:
        method, space_type, space_kb = sort_stats
        if out.is_text:
            out.text_line(f"Sort Method: {method}  {space_type}: {space_kb}kB")
        else:
            out.property_text("Sort Method", method)
            out.property_int("Sort Space Used", "kB", space_kb)
            out.property_text("Sort Space Type", space_type)
    agg_stats = getattr(counters, "hash_agg_stats", None)
    if agg_stats is not None:
        batches, memory_kb, disk_kb = agg_stats
        if out.is_text:
            text = f"Batches: {batches}  Memory Usage: {memory_kb}kB"
            out.text_line(text + (f"  Disk Usage: {disk_kb}kB" if batches > 1 else ""))
        else:
            out.property_int("HashAgg Batches", None, batches)
            out.property_int("Peak Memory Usage", "kB", memory_kb)
            out.property_int("Disk Usage", "kB", disk_kb)
    hash_stats = getattr(counters, "hash_stats", None)
    if hash_stats is not None:
        buckets, batches, memory_kb, original_buckets, original_batches = hash_stats
        if out.is_text:
            if (buckets, batches) == (original_buckets, original_batches):
                out.text_line(f"Buckets: {buckets}  Batches: {batches}  "
                              f"Memory Usage: {memory_kb}kB")
            else:
                out.text_line(f"Buckets: {buckets} (originally {original_buckets})  "
                              f"Batches: {batches} (originally {original_batches})  "
                              f"Memory Usage: {memory_kb}kB")
        else:
            out.property_int("Hash Buckets", None, buckets)
            out.property_int("Original Hash Buckets", None, original_buckets)
            out.property_int("Hash Batches", None, batches)
            out.property_int("Original Hash Batches", None, original_batches)
            out.property_int("Peak Memory Usage", "kB", memory_kb)


def child_relationship(plan, index: int) -> str:
    if isinstance(plan, SubqueryScan):
        return "Subquery"
    if isinstance(plan, (Append, BitmapAnd, BitmapOr)) or type(plan).__name__ == "MergeAppend":
        return "Member"
    return "Outer" if index == 0 else "Inner"


_BUFFER_LABELS = ("Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks",
                  "Shared Written Blocks", "Local Hit Blocks", "Local Read Blocks",
                  "Local Dirtied Blocks", "Local Written Blocks", "Temp Read Blocks",
                  "Temp Written Blocks")


def buffer_usage(out, usage) -> None:
    """BUFFERS: "Buffers: shared hit=N read=N dirtied=N written=N" (TEXT, the non-zero
    counts, nothing when all are zero) or the ten "... Blocks" counts (show_buffer_usage;
    pgsnake counts shared buffers only: local and temporary ones print as zero)."""
    hits, reads, dirtied, written = usage
    if not out.is_text:
        for label, value in zip(_BUFFER_LABELS, (hits, reads, dirtied, written) + (0,) * 6):
            out.property_int(label, None, value)
        return
    parts = [f"{name}={value}" for name, value in
             (("hit", hits), ("read", reads), ("dirtied", dirtied), ("written", written))
             if value > 0]
    if parts:
        out.text_line("Buffers: shared " + " ".join(parts))


def wal_usage(out, usage) -> None:
    """WAL: "WAL: records=N fpi=N bytes=N" (TEXT, the non-zero counts, nothing when all
    are zero) or "WAL Records", "WAL FPI", "WAL Bytes" (show_wal_usage)."""
    records, fpi, size = usage
    if not out.is_text:
        out.property_int("WAL Records", None, records)
        out.property_int("WAL FPI", None, fpi)
        out.property_int("WAL Bytes", None, size)
        return
    parts = [f"{name}={value}" for name, value in
             (("records", records), ("fpi", fpi), ("bytes", size)) if value > 0]
    if parts:
        out.text_line("WAL: " + " ".join(parts))
