"""EXPLAIN [ANALYZE] [(option, ...)]: the plan tree in PostgreSQL's formats.

Entry points:
    prepare_explain(raw, param_types) -> ExplainStatement     (plans the inner statement)
    prepare_explain_execute(raw, prepared, values)            EXPLAIN EXECUTE (from tcop)
    (importing this module registers EXPLAIN with executor.portal_query.register_utility)
    ExplainStatement.execute(params) -> QueryResult           column "QUERY PLAN": one row
                                                              per line (TEXT) or one
                                                              document (JSON, YAML, XML)
    explain_plan(plan, out, range_table_size, ...)            describe a plan through an
                                                              explain_format emitter
    explain_text(plan, range_table_size, costs=True) -> list[str]

Options: ANALYZE, VERBOSE, COSTS, SETTINGS, BUFFERS, WAL, TIMING, SUMMARY, FORMAT, checked
as ExplainQuery does (TIMING and WAL need ANALYZE). One walk of the plan (_explain_node)
says everything through the emitter; TEXT-only layout (the node line, indentation,
combined detail lines) is decided here, the structured formats' extra node properties
in explain_structured.py, VERBOSE's "Output" in explain_output.py.

Layout rules, as PostgreSQL prints them: the root node on the first line; each child
line starts with '->' two columns past its parent's indentation plus four; a node's
properties ("Filter: ...", "Hash Cond: ...", "Merge Cond: ...") are indented six columns
past the node's arrow column. Scan quals print unqualified column names; other expressions are
qualified ("t.a") whenever the statement has more than one range-table entry.

PostgreSQL: commands/explain.c (ExplainQuery, ExplainOnePlan, ExplainNode,
show_scan_qual, show_upper_qual, show_sort_keys, show_agg_keys, ExplainPrintTriggers,
show_buffer_usage, show_wal_usage).
"""
from __future__ import annotations

import contextlib

import time

from pgsnake.access.transam import xact
from pgsnake.commands import (explain_format, explain_names, explain_output,
                               explain_settings, explain_structured, explain_targets,
                               explain_verbose)
from pgsnake.executor import backward_scan, portal_query, triggers
from pgsnake.executor.executor import execute_plan
from pgsnake.executor.expression_eval import ExecutorState
from pgsnake.executor.modify_table import run_modify_table
from pgsnake.optimizer.plan_nodes import (
    Aggregate, BitmapHeapScan, BitmapIndexScan, HashJoin, IndexScan, MergeJoin, ModifyTable,
    NestedLoop, Result, SampleScan, SeqScan, Sort, SubqueryScan, TidRangeScan, TidScan,
    ValuesScan, FunctionScan)
from pgsnake.optimizer import lateral_paths, subselect
from pgsnake.optimizer.set_operation_nodes import CteScan, WorkTableScan
from pgsnake.optimizer import parallel_paths
from pgsnake.optimizer.planner import plan_query
from pgsnake.parser.analyze import analyze
from pgsnake.parser.expression_nodes import (BoolExpr, CoerceExpr, ColumnReference,
                                             PlaceHolderVar, Var)
from pgsnake.parser.expression_text import (expression_text, key_text, param_names,
                                           param_names_current, var_names)
from pgsnake.parser.range_table_size import range_table_size
from pgsnake.parser.raw_parser import RawStatement
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError,
                                   SYNTAX_ERROR)

_SCAN_NODES = (SeqScan, ValuesScan, FunctionScan, IndexScan, BitmapHeapScan, CteScan,
               WorkTableScan, TidScan, TidRangeScan)


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


# The result column's type per format (ExplainResultDesc): json for JSON, else text
# (PostgreSQL's is xml for XML; pgsnake has no xml type yet).
_RESULT_TYPES = {"json": 114}


CURSOR_OPT_SCROLL = 0x0002        # DeclareCursorStmt.options (parsenodes.h)


class ExplainStatement:
    command_kind = "EXPLAIN"

    def __init__(self, raw, param_types, prepared=None, values=None) -> None:
        from pgsnake.executor.portal_query import ResultColumn
        body = raw.node["ExplainStmt"]
        self.options = {"analyze": False, "costs": True, "verbose": False, "timing": None,
                        "summary": None, "buffers": False, "wal": False, "settings": False}
        self.format = "text"
        for option in body.get("options", ()):
            defelem = option["DefElem"]
            name = defelem["defname"].lower()
            if name == "format":
                value = _option_word(defelem)
                if value not in explain_format.FORMATS:
                    raise PgError(INVALID_PARAMETER_VALUE, "unrecognized value for EXPLAIN "
                                  f'option "format": "{value}"')
                self.format = value
                continue
            if name not in self.options:
                raise PgError(SYNTAX_ERROR, f'unrecognized EXPLAIN option "{name}"')
            self.options[name] = _option_value(defelem)
        for name in ("timing", "wal"):
            if self.options[name] and not self.options["analyze"]:
                raise PgError(INVALID_PARAMETER_VALUE,
                              f"EXPLAIN option {name.upper()} requires ANALYZE")
        if self.options["timing"] is None:
            self.options["timing"] = self.options["analyze"]
        if self.options["summary"] is None:
            self.options["summary"] = self.options["analyze"]
        self.columns = [ResultColumn("QUERY PLAN", _RESULT_TYPES.get(self.format, 25),
                                     -1, 0, 0, -1)]
        self.into = None            # CREATE TABLE AS / SELECT INTO: (into clause, query node)
        self.values = values        # EXPLAIN EXECUTE: the prepared statement's arguments
        inner_node, self.into = explain_targets.inner_statement(body["query"])
        kind = next(iter(inner_node))
        started = time.perf_counter()
        usage = bufmgr.buffer_usage()
        if kind == "ExecuteStmt":
            if prepared is None:
                raise PgError(FEATURE_NOT_SUPPORTED, "EXPLAIN EXECUTE is run by the traffic cop")
            self.query, self.plan = explain_targets.plan_prepared(prepared, values)
            self.param_types = list(param_types)
        else:
            if kind not in ("SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt",
                            "MergeStmt"):
                raise PgError(FEATURE_NOT_SUPPORTED, f"EXPLAIN of {kind} is not supported yet")
            inner = RawStatement(inner_node, raw.text, raw.location, kind, raw.source)
            self.query, self.param_types = analyze(inner, param_types)
            # a cursor's query is planned serial (parallel_paths.serial_planning)
            cursor = next(iter(body["query"])) == "DeclareCursorStmt"
            with parallel_paths.serial_planning(cursor):
                self.plan = plan_query(self.query)
            if cursor and body["query"]["DeclareCursorStmt"].get("options", 0) & \
                    CURSOR_OPT_SCROLL and not backward_scan.supports_backward_scan(self.plan):
                # a SCROLL cursor's plan that cannot run backward keeps its rows
                self.plan = subselect.materialize_finished_plan(self.plan)
        self.planning_ms = (time.perf_counter() - started) * 1000.0
        self.planning_buffers = tuple(a - b for a, b in zip(bufmgr.buffer_usage(), usage))
        self.raw = raw

    def execute(self, params):
        from pgsnake.executor.portal_query import QueryResult
        from pgsnake.executor import permission_checks    # ExecutorStart checks, even without ANALYZE
        permission_checks.check_permissions(self.query.required_permissions)
        options = self.options
        analyze_mode = options["analyze"]
        instrumentation = {}
        elapsed = None
        if self.values is not None:
            params = self.values
        if analyze_mode:
            sink = explain_targets.new_table_sink(self.into, self.raw) \
                if self.into is not None else None
            state = ExecutorState(params, xact.get_transaction_snapshot())
            state.instrumentation = instrumentation
            started = time.perf_counter()
            if isinstance(self.plan, ModifyTable):
                run_modify_table(self.plan, state)
            else:
                for row in execute_plan(self.plan, state):
                    if sink is not None:
                        sink(row)
            elapsed = (time.perf_counter() - started) * 1000.0
        out = explain_format.make_output(self.format)
        out.open_group("Query", None, True)
        from pgsnake.executor import run_time_pruning    # $n values prune at start-up
        with run_time_pruning.explaining(params):
            explain_plan(self.plan, out, range_table_size(self.query), costs=options["costs"],
                         instrumentation=instrumentation if analyze_mode else None,
                         timing=options["timing"], verbose=options["verbose"],
                         buffers=options["buffers"], wal=options["wal"])
        if out.is_text:
            out.indent = ""
        if options["buffers"]:
            _show_planning_buffers(out, self.planning_buffers)
        if options["settings"]:
            explain_settings.show(out)
        if options["summary"]:
            out.property_float("Planning Time", "ms", self.planning_ms, 3)
        if analyze_mode:
            _show_triggers(out, instrumentation, options["timing"])
        if options["summary"] and analyze_mode:
            out.property_float("Execution Time", "ms", elapsed, 3)
        out.close_group("Query", None, True)
        rows = [[row] for row in out.result_rows()]
        return QueryResult(self.columns, rows, "EXPLAIN")


def _show_planning_buffers(out, usage) -> None:
    """BUFFERS: the buffers planning used, as "Planning:" (TEXT, when any) or a
    "Planning" group."""
    if out.is_text:
        if any(usage):
            out.text_line("Planning:")
            out.indent = "  "
            explain_structured.buffer_usage(out, usage)
            out.indent = ""
        return
    out.open_group("Planning", "Planning", True)
    explain_structured.buffer_usage(out, usage)
    out.close_group("Planning", "Planning", True)


def _show_triggers(out, instrumentation, timing) -> None:
    """ANALYZE's trigger lines (TEXT) or "Triggers" list of groups (ExplainPrintTriggers)."""
    if out.is_text:
        out.lines.extend(triggers.explain_lines(instrumentation, timing))
        return
    out.open_group("Triggers", "Triggers", False)
    from pgsnake.catalog import catalog_cache
    counters = instrumentation.get("triggers") or {}
    for trigger, calls, ms in sorted(counters.values(), key=lambda e: e[0].tgname.encode()):
        out.open_group("Trigger", None, True)
        out.property_text("Trigger Name", trigger.tgname)
        if trigger.tgconstraint:
            conname = next((c.conname for c in catalog_cache.scan_catalog("pg_constraint")
                            if c.oid == trigger.tgconstraint), None)
            if conname is not None:
                out.property_text("Constraint Name", conname)
        relation = catalog_cache.class_row(trigger.tgrelid)
        out.property_text("Relation", relation.relname if relation is not None else "")
        if timing:
            out.property_float("Time", "ms", ms, 3)
        out.property_float("Calls", None, calls, 0)
        out.close_group("Trigger", None, True)
    out.close_group("Triggers", "Triggers", False)


def _option_word(defelem: dict) -> str:
    """A word-valued option's value (FORMAT JSON), lower-cased (defGetString)."""
    arg = defelem.get("arg")
    if arg is None:
        raise PgError(SYNTAX_ERROR, f'{defelem["defname"]} requires a parameter')
    (tag, body), = arg.items()
    if tag == "A_Const":
        return _option_word({"defname": defelem["defname"],
                             "arg": {k: v for k, v in body.items() if k != "location"}})
    return str(body.get("sval", "")).lower()


def prepare_explain(raw, param_types) -> ExplainStatement:
    return ExplainStatement(raw, param_types)


def prepare_explain_execute(raw, prepared, values) -> ExplainStatement:
    """EXPLAIN [options] EXECUTE name(args): `prepared` is the session's prepared
    statement, `values` its arguments (tcop/session_commands.py finds both)."""
    return ExplainStatement(raw, [], prepared, values)


# -- text format -----------------------------------------------------------------------------------

def _cost_text(plan) -> str:
    return (f"  (cost={plan.startup_cost:.2f}..{plan.total_cost:.2f} "
            f"rows={plan.plan_rows:.0f} width={plan.plan_width})")


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
    """The plan in TEXT format, one line per list item."""
    out = explain_format.make_output("text")
    explain_plan(plan, out, range_table_size, costs, instrumentation, timing, verbose)
    return out.result_rows()


def explain_plan(plan, out, range_table_size: int, costs: bool = True, instrumentation=None,
                 timing: bool = True, verbose: bool = False, buffers: bool = False,
                 wal: bool = False) -> None:
    """Describe `plan` through `out` (commands/explain_format.py), in any format."""
    # (A partition's or inheritance child's scan is a range-table entry of its own in
    # PostgreSQL: optimizer/inheritance.py.)
    output_prefix = range_table_size > 1 or _reads_children(plan) or \
        explain_output.reads_beside_target(plan)
    walk = _Walk(out, output_prefix or verbose, costs, instrumentation, timing, buffers,
                 wal and instrumentation is not None)
    walk.output_prefix = output_prefix
    with explain_names.naming(plan), explain_verbose.verbose(verbose):
        _note_removed_subquery_scans(plan, None, explain_names.current())
        _explain_node(plan, 0, walk)


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
        for subplan in plan.init_plans:
            _note_removed_subquery_scans(subplan.plan, None, names)
        return
    for child in plan.children():
        _note_removed_subquery_scans(child, plan, names)
    for subplan in list(plan.init_plans) + _own_subplans(plan):
        _note_removed_subquery_scans(subplan.plan, None, names)


class _Walk:
    """What stays the same through one plan walk: the emitter and the EXPLAIN options."""

    def __init__(self, out, use_prefix, costs, instrumentation, timing,
                 buffers=False, wal=False) -> None:
        self.out = out
        self.use_prefix = use_prefix
        self.costs = costs
        self.instrumentation = instrumentation
        self.timing = timing
        self.buffers = buffers
        self.wal = wal
        self.output_prefix = use_prefix
        self.outputs: dict = {}         # VERBOSE: id(plan) -> its "Output" entries


def _explain_node(plan, depth, walk, parent=None, relationship=None, plan_name=None) -> None:
    carried = []        # InitPlans of a left-out Subquery Scan show on what replaces it
    while isinstance(plan, SubqueryScan) and lateral_paths.shows_subquery_only(plan, parent) \
            or plan.__dict__.get("single_child"):
        # (an Append of one child: PostgreSQL's setrefs leaves it out, optimizer/append_rel.py)
        carried.extend(plan.init_plans)
        plan = plan.children()[0]
    init_plans = carried + list(plan.init_plans)
    out = walk.out
    names = explain_names.current()
    counters = walk.instrumentation.get(id(plan)) if walk.instrumentation is not None else None
    if out.is_text:
        _text_header(plan, depth, walk, names, counters)
    else:
        out.open_group("Plan", None if relationship else "Plan", True)
        explain_structured.header(plan, out, names, relationship, plan_name,
                                  explain_verbose.active())
        if walk.costs:
            out.property_float("Startup Cost", None, plan.startup_cost, 2)
            out.property_float("Total Cost", None, plan.total_cost, 2)
            out.property_float("Plan Rows", None, plan.plan_rows, 0)
            out.property_int("Plan Width", None, plan.plan_width)
        if walk.instrumentation is not None:
            explain_structured.actuals(out, counters, walk.timing)
    for target in getattr(plan, "explain_targets", ()):     # optimizer/inheritance.py
        if out.is_text:
            out.text_line(target)
    with var_names(explain_names.names_for(plan, names)):
        if explain_verbose.active():
            _show_output(plan, walk)
        properties = _properties(plan, walk.use_prefix, not out.is_text)
    for label, value in properties:
        if isinstance(value, bool):
            out.property_bool(label, value)
        elif isinstance(value, list):
            out.property_list(label, value)
        elif isinstance(value, int):            # (Gather's Workers Planned)
            out.property_int(label, None, value)
        else:
            out.property_text(label, value)
        if walk.instrumentation is not None:
            if label == "Index Cond" and not (isinstance(plan, IndexScan)
                                              and not plan.index_only):
                continue        # (only a plain Index Scan counts rechecks)
            _removed_count(out, label, counters)
    children, renumbered = plan.children(), None
    if plan.__dict__.get("run_time_pruning") is not None:
        # Partitions pruned at start-up are not shown (executor/run_time_pruning.py).
        from pgsnake.executor import run_time_pruning
        children, removed = run_time_pruning.explain_subplans(plan)
        if removed:
            out.property_int("Subplans Removed", None, removed)
            renumbered = run_time_pruning.renumbered_aliases(children)
    if not out.is_text:
        explain_structured.node_properties(plan, out, walk.costs)
    if walk.instrumentation is not None:
        _scan_details(out, plan, counters)
        explain_structured.analyze_details(out, counters)
    usage = counters.usage if counters is not None else (0,) * 7
    if walk.buffers:        # (all zero without ANALYZE: only the structured formats say so)
        explain_structured.buffer_usage(out, usage[:4])
    if walk.wal:
        explain_structured.wal_usage(out, usage[4:])
    if walk.instrumentation is not None and out.is_text and explain_verbose.active():
        _worker_lines(out, walk, walk.instrumentation.get(("workers", id(plan))))
    subplans = _own_subplans(plan)
    has_children = bool(init_plans or children or subplans)
    if has_children and not out.is_text:
        out.open_group("Plans", "Plans", False)
    for subplan in init_plans:
        label = getattr(subplan, "explain_label", None)     # "CTE name" (cte_planning.py)
        _explain_subplan(label or f"InitPlan {subplan.plan_id} (returns ${subplan.result_slot})",
                         "InitPlan", subplan, depth, walk)
    with renumbered or contextlib.nullcontext(), _nest_param_names(plan):
        for index, child in enumerate(children):
            _explain_node(child, depth + 1, walk, plan,
                          explain_structured.child_relationship(plan, index))
    for subplan in subplans:
        _explain_subplan(f"SubPlan {subplan.plan_id}", "SubPlan", subplan, depth, walk)
    if not out.is_text:
        if has_children:
            out.close_group("Plans", "Plans", False)
        out.close_group("Plan", None if relationship else "Plan", True)


def _nest_param_names(plan):
    """A Nested Loop of a partitionwise join's pair: its parameters' outer columns print
    under the pair's partition names below it (expression_text.param_names)."""
    override = plan.__dict__.get("var_names_override")
    nest_params = getattr(plan, "nest_params", None)
    if not override or not nest_params:
        return contextlib.nullcontext()
    by_slot = dict(param_names_current() or {})
    by_slot.update({slot: override for slot, _ in nest_params})
    return param_names(by_slot)


def _worker_lines(out, walk, workers) -> None:
    """ANALYZE VERBOSE: each parallel worker's own figures for a node it ran, "Worker N:
    actual ..." (a worker that never started the node is left out), after the node's
    other lines (PostgreSQL's ExplainFlushWorkersState)."""
    for number in sorted(workers or {}):
        counted = workers[number]
        loops = counted.get("loops", 0)
        if loops <= 0:
            continue
        rows = counted.get("rows", 0) / loops
        if walk.timing:
            out.text_line(f"Worker {number}:  actual time="
                          f"{counted.get('startup_ms', 0.0) / loops:.3f}.."
                          f"{counted.get('total_ms', 0.0) / loops:.3f} "
                          f"rows={rows:.0f} loops={loops}")
        else:
            out.text_line(f"Worker {number}:  actual rows={rows:.0f} loops={loops}")


def _show_output(plan, walk) -> None:
    """VERBOSE's "Output" list (commands/explain_output.py); a node met first is the top
    of a query level, whose lists are worked out together."""
    if id(plan) not in walk.outputs:
        walk.outputs.update(explain_output.output_lists(plan))
        walk.outputs.setdefault(id(plan), None)
    entries = walk.outputs[id(plan)]
    if entries:                 # (an empty target list prints nothing)
        walk.out.property_list("Output", explain_output.output_text(entries,
                                                                    walk.output_prefix))


def _text_header(plan, depth, walk, names, counters) -> None:
    """The node's first line in TEXT format: "->  " at its depth, its label, costs and
    actual figures; then the indent of its property lines."""
    if depth == 0:
        prefix = ""
        property_indent = "  "
    else:
        prefix = " " * (6 * (depth - 1) + 2) + "->  "
        property_indent = " " * (6 * depth + 2)
    label = explain_names.node_label(plan, names)
    if explain_verbose.active():
        label = explain_verbose.qualified_label(plan, label)
    line = prefix + label
    if walk.costs:
        line += _cost_text(plan)
    if walk.instrumentation is not None:
        if counters is None or counters.loops == 0:
            line += " (never executed)"
        else:
            loops = counters.loops
            rows = counters.rows / loops
            if walk.timing:
                line += (f" (actual time={counters.startup_ms / loops:.3f}.."
                         f"{counters.total_ms / loops:.3f} "
                         f"rows={rows:.0f} loops={counters.loops})")
            else:
                line += f" (actual rows={rows:.0f} loops={counters.loops})"
    walk.out.lines.append(line)
    walk.out.indent = property_indent


# The count EXPLAIN ANALYZE prints under a qual, by the qual's label (PostgreSQL's
# show_instrumentation_count: nfiltered per loop, a zero count left out in text format).
_REMOVED_COUNTS = {"Filter": ("Rows Removed by Filter", "filter_removed"),
                   "Join Filter": ("Rows Removed by Join Filter", "join_filter_removed"),
                   # (rows a lossy bitmap's Recheck Cond removes: BRIN pages, hash,
                   # GIN and GiST candidates; a btree never needs a recheck)
                   "Recheck Cond": ("Rows Removed by Index Recheck", "recheck_removed"),
                   "Index Cond": ("Rows Removed by Index Recheck", "recheck_removed")}


def _removed_count(out, label: str, counters) -> None:
    shown = _REMOVED_COUNTS.get(label)
    if shown is None:
        return
    text, attribute = shown
    loops = counters.loops if counters is not None else 0
    removed = getattr(counters, attribute, 0) / loops if loops else 0.0
    if removed > 0 or not out.is_text:
        out.property_float(text, None, removed, 0)


def _scan_details(out, plan, counters) -> None:
    """An Index Only Scan's "Heap Fetches" (always, summed over loops) and a Bitmap Heap
    Scan's "Heap Blocks" (when any), after the node's quals as PostgreSQL prints them."""
    if isinstance(plan, IndexScan) and plan.index_only:
        out.property_float("Heap Fetches", None,
                           counters.heap_fetches if counters is not None else 0, 0)
    elif isinstance(plan, BitmapHeapScan):
        exact = counters.exact_pages if counters is not None else 0
        lossy = getattr(counters, "lossy_pages", 0) if counters is not None else 0
        if not out.is_text:
            out.property_int("Exact Heap Blocks", None, exact)
            out.property_int("Lossy Heap Blocks", None, lossy)
        elif exact > 0 or lossy > 0:
            out.text_line("Heap Blocks:" + (f" exact={exact}" if exact else "")
                          + (f" lossy={lossy}" if lossy else ""))


def _explain_subplan(label, relationship, subplan, depth, walk) -> None:
    """A subquery of this node: its label at the node's property indent, its plan one
    level in (PostgreSQL's ExplainSubPlans)."""
    out = walk.out
    if not out.is_text:
        _explain_node(subplan.plan, depth + 1, walk, None, relationship, label)
        return
    indent = 2 if depth == 0 else 6 * depth + 2
    out.lines.append(" " * indent + label)
    start = len(out.lines)
    _explain_node(subplan.plan, depth + 1, walk)
    # Shift the subquery's lines two columns right of a child's usual place.
    for i in range(start, len(out.lines)):
        out.lines[i] = "  " + out.lines[i]


def _own_subplans(plan) -> list:
    """The correlated / hashed SubPlans in this node's own expressions (InitPlans are
    listed at the top of their query level instead)."""
    exprs = [plan.qual, plan.target_list or [], getattr(plan, "join_qual", []),
             [c for clause in getattr(plan, "hash_clauses", []) for c in clause[:2]],
             [c for clause in getattr(plan, "merge_clauses", []) for c in clause[:2]],
             getattr(plan, "group_exprs", []), getattr(plan, "aggregates", []),
             getattr(plan, "assignments", {}), getattr(plan, "returning", []),
             [a.expressions() for a in getattr(plan, "merge_actions", ())],
             getattr(plan, "function", None), getattr(plan, "values_lists", None)]
    on_conflict = getattr(plan, "on_conflict", None)
    if on_conflict is not None and getattr(on_conflict, "action", None) == "update":
        exprs += [on_conflict.assignments, on_conflict.where]
    # a view's WITH CHECK OPTION or a policy's WITH CHECK with a subquery
    exprs += [check[1] for check in getattr(plan, "check_options", ())]
    seen, out = set(), []
    for subplan in subselect.subplans_in(exprs):
        if not subplan.init_plan and subplan.plan_id not in seen:
            seen.add(subplan.plan_id)
            out.append(subplan)
    # an Agg node's aggregate arguments are set up after its target list and qual
    # (ExecInitAgg), so their SubPlans come last in its list
    in_aggregates = {s.plan_id for s in subselect.subplans_in(getattr(plan, "aggregates", []))}
    return sorted(out, key=lambda s: (s.plan_id in in_aggregates, s.plan_id))


def _qual_text(quals, use_prefix) -> str:
    if len(quals) == 1:
        return expression_text(quals[0], use_prefix)
    return expression_text(BoolExpr("and", tuple(quals)), use_prefix)


def _merge_key_text(expr, use_prefix) -> str:
    """A merge key that is an expression was computed below (by the Sort): PostgreSQL
    prints such a reference in parentheses of its own."""
    text = expression_text(expr, use_prefix)
    return text if isinstance(expr, Var) else f"({text})"


def _sort_key_text(key, use_prefix) -> str:
    shown = key.shown_as
    while isinstance(shown, ColumnReference) and shown.shown_as is not None:
        shown = shown.shown_as
    collate = ""
    if type(shown).__name__ == "CollateExpr":
        # a sort under another collation than its type's (show_sortorder_options)
        if shown.collation_oid != (950 if shown.type_oid == 19 else 100):
            collate = f" COLLATE {shown.collation_name}"
        shown = shown.arg
    if isinstance(shown, PlaceHolderVar):
        shown = shown.arg
    text = expression_text(shown, use_prefix)
    if not isinstance(shown, Var):
        # The Sort reads a computed expression from its input's output, and PostgreSQL
        # prints such a reference in parentheses of its own: ((n + 1)), (count(*)).
        text = f"({text})"
    text += collate
    if getattr(key, "using_operator", ""):
        # (show_sortorder_options: an operator other than the type's default < / >)
        text += f" USING {key.using_operator}"
        if key.descending and not key.nulls_first:
            text += " NULLS LAST"
        elif not key.descending and key.nulls_first:
            text += " NULLS FIRST"
    elif key.descending:
        text += " DESC"
        if not key.nulls_first:
            text += " NULLS LAST"
    elif key.nulls_first:
        text += " NULLS FIRST"
    return text


def _sampling(sample, use_prefix, structured) -> list:
    """A Sample Scan's method, arguments and seed (show_tablesample): one "Sampling"
    line in text, three properties in the structured formats."""
    def text(expr):             # deparsed without a top-level implicit cast
        while isinstance(expr, CoerceExpr) and not expr.explicit:
            expr = expr.arg
        return expression_text(expr, use_prefix)
    args = [text(a) for a in sample.args]
    seed = None if sample.repeatable is None else text(sample.repeatable)
    if structured:
        out = [("Sampling Method", sample.method_name), ("Sampling Parameters", args)]
        return out + ([("Repeatable Seed", seed)] if seed is not None else [])
    text = f"{sample.method_name} ({', '.join(args)})"
    return [("Sampling", text + (f" REPEATABLE ({seed})" if seed is not None else ""))]


def _properties(plan, use_prefix, structured=False):
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
                        [catalog_cache.class_row(oid).relname for oid in spec.arbiters]))
        if spec.where is not None:
            out.append(("Conflict Filter", _qual_text([spec.where], True)))
    if isinstance(plan, (HashJoin, MergeJoin, NestedLoop)):
        # (TEXT says it only under VERBOSE, and only when true.)
        inner_unique = bool(plan.__dict__.get("inner_unique"))
        if structured or (scan_prefix and inner_unique):
            out.append(("Inner Unique", inner_unique))
    if isinstance(plan, (IndexScan, BitmapIndexScan)) and plan.index_clauses:
        # Index clauses print with the indexed column on the left, unqualified.
        out.append(("Index Cond", _qual_text([c.shown for c in plan.index_clauses],
                                             scan_prefix)))
    if isinstance(plan, IndexScan) and plan.order_by:          # a GiST KNN scan
        out.append(("Order By", _qual_text([c.shown for c in plan.order_by], scan_prefix)))
    if isinstance(plan, TidScan):           # OR-ed (show_scan_qual of make_orclause)
        out.append(("TID Cond", _qual_text(
            [plan.tid_quals[0] if len(plan.tid_quals) == 1
             else BoolExpr("or", tuple(plan.tid_quals))], scan_prefix)))
    if isinstance(plan, TidRangeScan):
        out.append(("TID Cond", _qual_text(plan.tid_range_quals, scan_prefix)))
    if isinstance(plan, BitmapHeapScan) and plan.recheck_quals:     # none when all lossy
        out.append(("Recheck Cond", _qual_text(plan.recheck_quals, scan_prefix)))
    if isinstance(plan, Sort):
        out.append(("Sort Key", [_sort_key_text(k, use_prefix) for k in plan.keys]))
    extra = getattr(plan, "explain_properties", None)
    if extra is not None:         # a plan node that lists its own (GroupingSetsAggregate)
        out.extend(extra(lambda e: key_text(e, use_prefix)))
    if isinstance(plan, Aggregate) and plan.group_exprs:
        out.append(("Group Key", [key_text(g, use_prefix) for g in plan.group_exprs]))
    if isinstance(plan, HashJoin):
        texts = [f"({expression_text(o, use_prefix)} {q.operator_name} {expression_text(i, use_prefix)})"
                 for o, i, q in plan.hash_clauses]
        out.append(("Hash Cond", texts[0] if len(texts) == 1 else "(" + " AND ".join(texts) + ")"))
    if isinstance(plan, MergeJoin) and plan.merge_clauses:   # (FULL JOIN ON true: none)
        texts = [f"({_merge_key_text(o, use_prefix)} {q.operator_name} {_merge_key_text(i, use_prefix)})"
                 for o, i, q in plan.merge_clauses]
        out.append(("Merge Cond", texts[0] if len(texts) == 1 else "(" + " AND ".join(texts) + ")"))
    if isinstance(plan, (HashJoin, MergeJoin, NestedLoop)) and plan.join_qual:
        out.append(("Join Filter", _qual_text(plan.join_qual, use_prefix)))
    if isinstance(plan, SampleScan):
        out.extend(_sampling(plan.tablesample, use_prefix, structured))
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
