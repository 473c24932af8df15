"""EXPLAIN [ANALYZE] [(COSTS off, ...)]: the plan tree as PostgreSQL's text format.

Entry points:
    prepare_explain(raw, param_types) -> ExplainStatement     (plans the inner statement)
    (importing this module registers EXPLAIN with executor.portal_query.register_utility)
    ExplainStatement.execute(params) -> QueryResult           one text column "QUERY PLAN"
    explain_text(plan, range_table_size, costs=True) -> list[str]

Layout rules, as PostgreSQL prints them: the root node on the first line; each child
line starts with '->' two columns past its parent's indentation plus four; a node's
properties ("Filter: ...", "Hash Cond: ...", "Merge Cond: ...") are indented six columns
past the node's arrow column. Scan quals print unqualified column names; other expressions are
qualified ("t.a") whenever the statement has more than one range-table entry.

PostgreSQL: commands/explain.c (ExplainOnePlan, ExplainNode, show_scan_qual,
show_upper_qual, show_sort_keys, show_agg_keys).
"""
from __future__ import annotations

import contextlib

import time

from pgsnake.access.transam import xact
from pgsnake.commands import explain_names, explain_verbose
from pgsnake.executor import portal_query, triggers
from pgsnake.executor.executor import execute_plan
from pgsnake.executor.expression_eval import ExecutorState
from pgsnake.executor.modify_table import run_modify_table
from pgsnake.optimizer.plan_nodes import (
    Aggregate, BitmapHeapScan, BitmapIndexScan, HashJoin, IndexScan, MergeJoin, ModifyTable,
    NestedLoop, Result, SeqScan, Sort, SubqueryScan, ValuesScan, FunctionScan)
from pgsnake.optimizer import lateral_paths, subselect
from pgsnake.optimizer.set_operation_nodes import CteScan, WorkTableScan
from pgsnake.optimizer.planner import plan_query
from pgsnake.parser.analyze import analyze
from pgsnake.parser.expression_nodes import (BoolExpr, CaseExpr, ColumnReference, SubLink, Var,
                                             children)
from pgsnake.parser.expression_text import expression_text, var_names
from pgsnake.parser.raw_parser import RawStatement
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError, SYNTAX_ERROR

_SCAN_NODES = (SeqScan, ValuesScan, FunctionScan, IndexScan, BitmapHeapScan, CteScan,
               WorkTableScan)


def _option_value(defelem: dict) -> bool:
    arg = defelem.get("arg")
    if arg is None:
        return True
    (tag, body), = arg.items()
    if tag == "String":
        return body["sval"].lower() in ("true", "on", "1", "yes")
    if tag == "Boolean":
        return bool(body.get("boolval"))
    if tag == "Integer":
        return bool(body.get("ival"))
    if tag == "A_Const":
        return _option_value({"arg": {k: v for k, v in body.items() if k != "location"}})
    return True


class ExplainStatement:
    command_kind = "EXPLAIN"

    def __init__(self, raw, param_types) -> None:
        from pgsnake.executor.portal_query import ResultColumn
        self.columns = [ResultColumn("QUERY PLAN", 25, -1, 0, 0, -1)]
        body = raw.node["ExplainStmt"]
        self.options = {"analyze": False, "costs": True, "verbose": False, "timing": True,
                        "summary": None, "buffers": False}
        for option in body.get("options", ()):
            defelem = option["DefElem"]
            name = defelem["defname"].lower()
            if name not in self.options and name not in ("format", "settings", "wal"):
                raise PgError(SYNTAX_ERROR, f'unrecognized EXPLAIN option "{name}"')
            if name == "format":
                value = defelem["arg"]["String"]["sval"].lower()
                if value != "text":
                    raise PgError(FEATURE_NOT_SUPPORTED, f"EXPLAIN FORMAT {value.upper()} is not supported yet")
                continue
            self.options[name] = _option_value(defelem)
        inner_node = body["query"]
        kind = next(iter(inner_node))
        if kind not in ("SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"):
            raise PgError(FEATURE_NOT_SUPPORTED, f"EXPLAIN of {kind} is not supported yet")
        inner = RawStatement(inner_node, raw.text, raw.location, kind, raw.source)
        self.query, self.param_types = analyze(inner, param_types)
        self.plan = plan_query(self.query)

    def execute(self, params):
        from pgsnake.executor.portal_query import QueryResult, ResultColumn
        from pgsnake.executor import permission_checks    # ExecutorStart checks, even without ANALYZE
        permission_checks.check_permissions(self.query.required_permissions)
        analyze_mode = self.options["analyze"]
        instrumentation = {}
        elapsed = None
        if analyze_mode:
            state = ExecutorState(params, xact.get_transaction_snapshot())
            state.instrumentation = instrumentation
            started = time.perf_counter()
            if isinstance(self.plan, ModifyTable):
                run_modify_table(self.plan, state)
            else:
                for _ in execute_plan(self.plan, state):
                    pass
            elapsed = (time.perf_counter() - started) * 1000.0
        from pgsnake.executor import run_time_pruning    # $n values prune at start-up
        with run_time_pruning.explaining(params):
            lines = explain_text(self.plan, range_table_size(self.query),
                                 costs=self.options["costs"], instrumentation=instrumentation
                                 if analyze_mode else None,
                                 timing=self.options["timing"],
                                 verbose=self.options["verbose"])
        trigger_lines = triggers.explain_lines(instrumentation, self.options["timing"]) \
            if analyze_mode else []
        if analyze_mode and self.options["summary"] is not False:
            lines.append("Planning Time: 0.010 ms")
            lines.extend(trigger_lines)
            lines.append(f"Execution Time: {elapsed:.3f} ms")
        else:
            lines.extend(trigger_lines)
        rows = [[line] for line in lines]
        return QueryResult([ResultColumn("QUERY PLAN", 25, -1, 0, 0, -1)], rows, "EXPLAIN")


def prepare_explain(raw, param_types) -> ExplainStatement:
    return ExplainStatement(raw, param_types)


# -- text format -----------------------------------------------------------------------------------

def _cost_text(plan) -> str:
    return (f"  (cost={plan.startup_cost:.2f}..{plan.total_cost:.2f} "
            f"rows={plan.plan_rows:.0f} width={plan.plan_width})")


def range_table_size(query) -> int:
    """The size of PostgreSQL's flattened range table for `query`: its own entries plus
    those of every subquery, in FROM, in a UNION or in an expression (EXPLAIN qualifies
    column names when there is more than one)."""
    size = len(query.range_table)
    if query.set_operation is not None:
        size += len(query.set_operation[1])         # the "*SELECT* n" entries
    elif not query.range_table and query.command_type == "SELECT":
        size = 1                                    # PostgreSQL's RTE_RESULT for no FROM
    for rte in query.range_table:
        if rte.subquery is not None:
            size += range_table_size(rte.subquery)
    if query.set_operation is not None:
        size += sum(range_table_size(branch) for branch in query.set_operation[1])
    size += sum(range_table_size(cte.query) for cte in query.cte_list)
    exprs = [t.expr for t in query.target_list + query.returning] + [
        query.where, query.having, list(query.update_assignments.values())]
    stack = [n for n in query.from_list]
    while stack:
        node = stack.pop()
        if node is not None:
            exprs.append(node.quals)
            stack += [node.left, node.right]
    for sublink in _sublinks_in(exprs):
        size += range_table_size(sublink.subquery)
    return size


def _sublinks_in(value) -> list:
    found, stack = [], [value]
    while stack:
        v = stack.pop()
        if isinstance(v, SubLink):
            found.append(v)
            stack.append(v.arg)
        elif isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, CaseExpr):
            stack.extend(x for pair in v.whens for x in pair)
            stack.append(v.default)
        elif v is not None and hasattr(v, "type_oid"):
            stack.extend(children(v))
    return found


def _reads_children(plan) -> bool:
    stack = [plan]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.__dict__.get("inherited_child"):
            return True
        stack.extend(node.children())
        stack.extend(s.plan for s in node.init_plans)
    return False


def explain_text(plan, range_table_size: int, costs: bool = True, instrumentation=None,
                 timing: bool = True, verbose: bool = False) -> list[str]:
    lines: list[str] = []
    # (A partition's or inheritance child's scan is a range-table entry of its own in
    # PostgreSQL: optimizer/inheritance.py.)
    use_prefix = range_table_size > 1 or _reads_children(plan) or verbose
    with explain_names.naming(plan), explain_verbose.verbose(verbose):
        _note_removed_subquery_scans(plan, None, explain_names.current())
        _explain_node(plan, 0, lines, use_prefix, costs, instrumentation, timing)
    return lines


def _note_removed_subquery_scans(plan, parent, names) -> None:
    """For each Subquery Scan EXPLAIN leaves out, its columns print as the subquery's
    output expressions (as PostgreSQL's setrefs replaces them): the names map of its
    query level gets ("replace", rtindex) -> (expressions, the subquery level's names)."""
    if isinstance(plan, SubqueryScan) and lateral_paths.shows_subquery_only(plan, parent):
        shown = plan.subplan
        while shown is not None and shown.target_list is None:
            shown = getattr(shown, "child", None)
        level = plan.__dict__.get("query_level")
        if shown is not None and level is not None:
            names[(id(level), ("replace", plan.rtindex))] = (
                list(shown.target_list), explain_names.names_for(shown, names))
        _note_removed_subquery_scans(plan.subplan, parent, names)
        return
    for child in plan.children():
        _note_removed_subquery_scans(child, plan, names)
    for subplan in list(plan.init_plans) + _own_subplans(plan):
        _note_removed_subquery_scans(subplan.plan, None, names)


def _explain_node(plan, depth, lines, use_prefix, costs, instrumentation, timing,
                  parent=None) -> None:
    while isinstance(plan, SubqueryScan) and lateral_paths.shows_subquery_only(plan, parent):
        plan = plan.subplan
    if depth == 0:
        prefix = ""
        property_indent = "  "
    else:
        prefix = " " * (6 * (depth - 1) + 2) + "->  "
        property_indent = " " * (6 * depth + 2)
    names = explain_names.current()
    label = explain_names.node_label(plan, names)
    if explain_verbose.active():
        label = explain_verbose.qualified_label(plan, label)
    line = prefix + label
    if costs:
        line += _cost_text(plan)
    if instrumentation is not None:
        counters = instrumentation.get(id(plan))
        if counters is None or counters.loops == 0:
            line += " (never executed)"
        else:
            loops = counters.loops
            rows = counters.rows / loops
            if timing:
                line += (f" (actual time={counters.startup_ms / loops:.3f}.."
                         f"{counters.total_ms / loops:.3f} "
                         f"rows={rows:.0f} loops={counters.loops})")
            else:
                line += f" (actual rows={rows:.0f} loops={counters.loops})"
    lines.append(line)
    for target in getattr(plan, "explain_targets", ()):     # optimizer/inheritance.py
        lines.append(f"{property_indent}{target}")
    with var_names(explain_names.names_for(plan, names)):
        properties = _properties(plan, use_prefix)
    counters = instrumentation.get(id(plan)) if instrumentation is not None else None
    for label, text in properties:
        lines.append(f"{property_indent}{label}: {text}")
        if counters is not None:
            removed = _removed_line(label, counters)
            if removed is not None:
                lines.append(f"{property_indent}{removed}")
    children, renumbered = plan.children(), None
    if plan.__dict__.get("run_time_pruning") is not None:
        # Partitions pruned at start-up are not shown (executor/run_time_pruning.py).
        from pgsnake.executor import run_time_pruning
        children, removed = run_time_pruning.explain_subplans(plan)
        if removed:
            lines.append(f"{property_indent}Subplans Removed: {removed}")
            renumbered = run_time_pruning.renumbered_aliases(children)
    if instrumentation is not None:
        lines.extend(f"{property_indent}{text}" for text in _scan_detail_lines(plan, counters))
    merge_stats = getattr(counters, "merge_stats", None)      # executor/merge_nodes.py
    if merge_stats:
        lines.append(f"{property_indent}{merge_stats}")
    stats_line = getattr(counters, "stats_line", None)        # executor/memoize_nodes.py
    if stats_line:                                            # (one or more lines)
        lines.extend(f"{property_indent}{text}" for text in stats_line.split("\n"))
    sort_stats = getattr(counters, "sort_stats", None)
    if sort_stats is not None:
        method, space_type, space_kb = sort_stats
        lines.append(f"{property_indent}Sort Method: {method}  {space_type}: {space_kb}kB")
    agg_stats = getattr(counters, "hash_agg_stats", None)
    if agg_stats is not None:
        batches, memory_kb, disk_kb = agg_stats
        text = f"Batches: {batches}  Memory Usage: {memory_kb}kB"
        lines.append(f"{property_indent}{text}" + (f"  Disk Usage: {disk_kb}kB" if batches > 1 else ""))
    hash_stats = getattr(counters, "hash_stats", None)
    if hash_stats is not None:
        buckets, batches, memory_kb = hash_stats
        lines.append(f"{property_indent}Buckets: {buckets}  Batches: {batches}  "
                     f"Memory Usage: {memory_kb}kB")
    for subplan in plan.init_plans:
        label = getattr(subplan, "explain_label", None)     # "CTE name" (cte_planning.py)
        _explain_subplan(label or f"InitPlan {subplan.plan_id} (returns ${subplan.result_slot})",
                         subplan, depth, lines, use_prefix, costs, instrumentation, timing)
    with renumbered or contextlib.nullcontext():
        for child in children:
            _explain_node(child, depth + 1, lines, use_prefix, costs, instrumentation,
                          timing, plan)
    for subplan in _own_subplans(plan):
        _explain_subplan(f"SubPlan {subplan.plan_id}", subplan, depth, lines, use_prefix,
                         costs, instrumentation, timing)


# The count EXPLAIN ANALYZE prints under a qual, by the qual's label (PostgreSQL's
# show_instrumentation_count: nfiltered per loop, a zero count left out in text format).
_REMOVED_COUNTS = {"Filter": ("Rows Removed by Filter", "filter_removed"),
                   "Join Filter": ("Rows Removed by Join Filter", "join_filter_removed")}


def _removed_line(label: str, counters) -> str | None:
    shown = _REMOVED_COUNTS.get(label)
    if shown is None or counters.loops == 0:
        return None
    text, attribute = shown
    removed = getattr(counters, attribute)
    if removed <= 0:
        return None
    return f"{text}: {removed / counters.loops:.0f}"


def _scan_detail_lines(plan, counters) -> list[str]:
    """An Index Only Scan's "Heap Fetches" (always, summed over loops) and a Bitmap Heap
    Scan's "Heap Blocks" (when any), after the node's quals as PostgreSQL prints them."""
    if isinstance(plan, IndexScan) and plan.index_only:
        return [f"Heap Fetches: {counters.heap_fetches if counters is not None else 0}"]
    if isinstance(plan, BitmapHeapScan) and counters is not None and counters.exact_pages > 0:
        return [f"Heap Blocks: exact={counters.exact_pages}"]
    return []


def _explain_subplan(label, subplan, depth, lines, use_prefix, costs, instrumentation,
                     timing) -> None:
    """A subquery of this node: its label at the node's property indent, its plan one
    level in (PostgreSQL's ExplainSubPlans)."""
    indent = 2 if depth == 0 else 6 * depth + 2
    lines.append(" " * indent + label)
    start = len(lines)
    _explain_node(subplan.plan, depth + 1, lines, use_prefix, costs, instrumentation, timing)
    # Shift the subquery's lines two columns right of a child's usual place.
    for i in range(start, len(lines)):
        lines[i] = "  " + lines[i]


def _own_subplans(plan) -> list:
    """The correlated / hashed SubPlans in this node's own expressions (InitPlans are
    listed at the top of their query level instead)."""
    exprs = [plan.qual, plan.target_list or [], getattr(plan, "join_qual", []),
             [c for clause in getattr(plan, "hash_clauses", []) for c in clause[:2]],
             [c for clause in getattr(plan, "merge_clauses", []) for c in clause[:2]],
             getattr(plan, "group_exprs", []), getattr(plan, "aggregates", []),
             getattr(plan, "assignments", {}), getattr(plan, "returning", []),
             [a.expressions() for a in getattr(plan, "merge_actions", ())],
             getattr(plan, "function", None)]
    seen, out = set(), []
    for subplan in subselect.subplans_in(exprs):
        if not subplan.init_plan and subplan.plan_id not in seen:
            seen.add(subplan.plan_id)
            out.append(subplan)
    return sorted(out, key=lambda s: s.plan_id)


def _qual_text(quals, use_prefix) -> str:
    if len(quals) == 1:
        return expression_text(quals[0], use_prefix)
    return expression_text(BoolExpr("and", tuple(quals)), use_prefix)


def _sort_key_text(key, use_prefix) -> str:
    shown = key.shown_as
    while isinstance(shown, ColumnReference) and shown.shown_as is not None:
        shown = shown.shown_as
    text = expression_text(shown, use_prefix)
    if not isinstance(shown, Var):
        # The Sort reads a computed expression from its input's output, and PostgreSQL
        # prints such a reference in parentheses of its own: ((n + 1)), (count(*)).
        text = f"({text})"
    if key.descending:
        text += " DESC"
        if not key.nulls_first:
            text += " NULLS LAST"
    elif key.nulls_first:
        text += " NULLS FIRST"
    return text


def _properties(plan, use_prefix):
    out = []
    # Scan quals and index conditions qualify their columns only under VERBOSE.
    scan_prefix = explain_verbose.active()
    if scan_prefix:
        call = explain_verbose.function_call(plan, lambda e: expression_text(e, True))
        if call is not None:
            out.append(call)
    if isinstance(plan, ModifyTable) and plan.on_conflict is not None:
        spec = plan.on_conflict
        out.append(("Conflict Resolution", spec.action.upper()))
        if spec.explicit_arbiters:
            from pgsnake.catalog import catalog_cache
            out.append(("Conflict Arbiter Indexes",
                        ", ".join(catalog_cache.class_row(oid).relname for oid in spec.arbiters)))
        if spec.where is not None:
            out.append(("Conflict Filter", _qual_text([spec.where], True)))
    if isinstance(plan, (IndexScan, BitmapIndexScan)) and plan.index_clauses:
        # Index clauses print with the indexed column on the left, unqualified.
        out.append(("Index Cond", _qual_text([c.shown for c in plan.index_clauses],
                                             scan_prefix)))
    if isinstance(plan, BitmapHeapScan) and plan.recheck_quals:     # none when all lossy
        out.append(("Recheck Cond", _qual_text(plan.recheck_quals, scan_prefix)))
    if isinstance(plan, Sort):
        out.append(("Sort Key", ", ".join(_sort_key_text(k, use_prefix) for k in plan.keys)))
    extra = getattr(plan, "explain_properties", None)
    if extra is not None:         # a plan node that lists its own (GroupingSetsAggregate)
        out.extend(extra(lambda e: expression_text(e, use_prefix)))
    if isinstance(plan, Aggregate) and plan.group_exprs:
        out.append(("Group Key", ", ".join(expression_text(g, use_prefix) for g in plan.group_exprs)))
    if isinstance(plan, HashJoin):
        texts = [f"({expression_text(o, use_prefix)} {q.operator_name} {expression_text(i, use_prefix)})"
                 for o, i, q in plan.hash_clauses]
        out.append(("Hash Cond", texts[0] if len(texts) == 1 else "(" + " AND ".join(texts) + ")"))
    if isinstance(plan, MergeJoin):
        texts = [f"({expression_text(o, use_prefix)} {q.operator_name} {expression_text(i, use_prefix)})"
                 for o, i, q in plan.merge_clauses]
        out.append(("Merge Cond", texts[0] if len(texts) == 1 else "(" + " AND ".join(texts) + ")"))
    if isinstance(plan, (HashJoin, MergeJoin, NestedLoop)) and plan.join_qual:
        out.append(("Join Filter", _qual_text(plan.join_qual, use_prefix)))
    if plan.qual:
        if isinstance(plan, Result) and (plan.child is None or getattr(plan, "gating", False)):
            out.append(("One-Time Filter", _qual_text(plan.qual, use_prefix)))
        elif isinstance(plan, _SCAN_NODES):
            out.append(("Filter", _qual_text(plan.qual, scan_prefix)))
        elif isinstance(plan, SubqueryScan):
            out.append(("Filter", _qual_text(plan.qual, True)))
        else:
            out.append(("Filter", _qual_text(plan.qual, use_prefix)))
    return out


# The executor cannot import this (higher) layer, so the commands layer registers its
# statements with the portal code.
portal_query.register_utility("ExplainStmt", prepare_explain)
