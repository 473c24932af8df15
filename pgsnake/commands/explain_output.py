"""EXPLAIN (VERBOSE)'s "Output:" property: each node's target list as PostgreSQL's plan
would have it.

Entry points:
    output_lists(top) -> {id(plan): [(expression, passed)]}   for every node whose list
                          is known; `passed`: the node hands on its input's column
    output_text(entries, use_prefix) -> list[str]

pgsnake projects where its executor finds it convenient (the top node of a query level
computes the select list); PostgreSQL places each target list by its planner's rules,
and VERBOSE shows those. So the lists are derived here, top-down per query level:
  * the level's final target list (the top node's projection, junk columns included)
    sits on the first node below the top that can project: Limit, Sort, Unique,
    LockRows, Materialize, Hash and Memoize only hand on their input's columns;
  * a scan asked for plain columns, whose parent accepts any layout, returns the
    table's every column ("physical target list"); a parent that asks for a small
    one (Sort, Materialize, Hash, and every node the list must match exactly) gets only
    the columns needed above;
  * a join returns what is needed above it; its inputs what the join and everything
    above need from them, in the order the columns first appear in the final target
    list and then in the join conditions, an input that is itself a join grouping them
    by table in range-table order (its relation's target list is built from its
    inputs' one after the other);
  * an aggregate's input is its group expressions and the columns its aggregates and
    other outputs read; its input may use the physical target list;
  * an UPDATE's input is the new values of the assigned columns, then ctid; a DELETE's
    is ctid;
  * a WindowAgg's input is its window's PARTITION BY / ORDER BY expressions, then the
    columns the rest reads, as a small list; a ProjectSet's input the columns it reads.
  * a SetOp (and the Sort of a sorted one) hands on its first input's columns and flag;
    an Append prints no list, and the node above it shows its first member's columns;
    a Subquery Scan lists columns like any scan; a subquery whose scan was removed
    (`shown_for`) and the nodes under a Subquery Scan are their own level, listed when
    EXPLAIN reaches them, and their rtindexes are not the parent level's.
A pulled-up subquery's PlaceHolderVar is a column of its own: the scan or join whose
tables are its eval_at computes it (printed bare), the nodes above hand it on
(in parentheses). A column handed on prints as a column; an expression handed on prints in parentheses of
its own ("(count(*))"), as ruleutils prints a reference to an input's expression; a
constant its input computed stays a bare constant above a Limit / Sort
(set_dummy_tlist_references).
Node kinds the rules above do not cover get no list (their "Output:" is not printed).

PostgreSQL: optimizer/plan/createplan.c (use_physical_tlist, CP_EXACT_TLIST,
CP_SMALL_TLIST, CP_LABEL_TLIST), optimizer/util/relnode.c (build_joinrel_tlist),
optimizer/plan/initsplan.c (build_base_rel_tlists), optimizer/plan/planner.c
(make_group_input_target), commands/explain.c (show_plan_tlist).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer.plan_nodes import (
    Aggregate, BitmapHeapScan, FunctionScan, Hash, HashJoin, IndexScan, Limit, LockRows,
    Materialize, MergeJoin, ModifyTable, NestedLoop, Result, SeqScan, Sort, TidRangeScan,
    TidScan, Unique, ValuesScan)
from pgsnake.optimizer.plan_nodes import Append, SubqueryScan
from pgsnake.optimizer.set_operation_nodes import CteScan, SetOp, WorkTableScan
from pgsnake.parser.expression_nodes import (ColumnReference, Const, PlaceHolderVar, Var,
                                             children, walk)
from pgsnake.parser.expression_text import expression_text

_EXACT, _SMALL = 1, 2

_PASS_ON = (Limit, Sort, Unique, LockRows, Materialize, Hash)
_SMALL_INPUT = (Sort, Materialize, Hash)
_JOINS = (HashJoin, MergeJoin, NestedLoop)
_TABLE_SCANS = (SeqScan, IndexScan, BitmapHeapScan, TidScan, TidRangeScan)


def _is_pass_on(plan) -> bool:
    return isinstance(plan, _PASS_ON) or type(plan).__name__ in (
        "Memoize", "IncrementalSort", "Gather", "GatherMerge")


def _small_input(plan) -> bool:
    return isinstance(plan, _SMALL_INPUT) or type(plan).__name__ == "IncrementalSort"


def _resolved(expr):
    """`expr` with the planner's references to an input's column (ColumnReference)
    replaced by the expressions they show."""
    from pgsnake.optimizer.subselect import _rebuild

    def through(e):
        if isinstance(e, ColumnReference):
            shown = e.shown_as
            return _resolved(shown) if shown is not None else e
        return None
    return _rebuild(expr, through)


def _vars(value, into_placeholders: bool = False) -> list:
    """The columns of this query level `value` (an expression or a list) reads, in
    order of first appearance; a pulled-up subquery's PlaceHolderVar counts as one
    column of its own (computed at its evaluation level, `_eval_at`), unless
    `into_placeholders`: then the columns it reads are listed instead."""
    found = []
    for expr in (value if isinstance(value, (list, tuple)) else [value]):
        if expr is None or not hasattr(expr, "type_oid"):
            continue
        stack = [_resolved(expr)]
        while stack:
            node = stack.pop()
            if _is_placeholder(node) and not into_placeholders:
                if node not in found:
                    found.append(node)
                continue
            if isinstance(node, Var) and node.levels_up == 0 and node not in found:
                found.append(node)
            below = list(children(node))
            if _is_placeholder(node):
                below = [node.arg]
            stack.extend(reversed(below))
    return found


def _is_placeholder(expr) -> bool:
    """A PlaceHolderVar of a subquery pulled up from an outer join's nullable side."""
    return isinstance(expr, PlaceHolderVar) and bool(expr.null_marker)


def _eval_at(item) -> frozenset:
    """The range-table entries whose join computes a column item (a PlaceHolderVar:
    its marker tables, rewrite/nullable_outputs.eval_at)."""
    if _is_placeholder(item):
        return frozenset(m.rtindex for m in item.null_marker)
    return frozenset((item.rtindex,))


def _relids(plan) -> set:
    """The range-table entries of this query level a subtree scans: a subquery's own
    nodes (below a Subquery Scan, or promoted in place of a removed one, `shown_for`)
    belong to another level, whose rtindexes mean other relations."""
    out, stack = set(), [plan]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        shown_for = node.__dict__.get("shown_for")
        if shown_for is not None:
            out.add(shown_for[0])
            continue
        rtindex = getattr(node, "rtindex", 0)
        if rtindex and not isinstance(node, ModifyTable):
            out.add(rtindex)
        if not isinstance(node, (ModifyTable, SubqueryScan)):
            stack.extend(node.children())
    return out


def _join_exprs(plan) -> list:
    exprs = list(plan.qual) + list(getattr(plan, "join_qual", []))
    for clause in getattr(plan, "hash_clauses", []) + getattr(plan, "merge_clauses", []):
        exprs.extend(clause[:2])
    exprs.extend(expr for _, expr in getattr(plan, "nest_params", []))
    return exprs


class _Level:
    """The rules' state for one query level: the order columns first appear in."""

    def __init__(self, final: list, top) -> None:
        self.order: list = []
        for expr in final:
            self._note(expr)
        stack = [top]
        while stack:
            node = stack.pop(0)
            if node is None:
                continue
            if isinstance(node, _JOINS):
                for expr in _join_exprs(node):
                    self._note(expr)
            stack.extend(node.children())
        for expr in final:      # the columns the PlaceHolderVars' expressions read
            for var in _vars(expr, into_placeholders=True):
                if var not in self.order:
                    self.order.append(var)

    def _note(self, expr) -> None:
        for var in _vars(expr):
            if var not in self.order and not _is_placeholder(var):
                self.order.append(var)

    def sort(self, columns: list) -> list:
        known = [v for v in self.order if v in columns]
        return known + [v for v in columns if v not in known]


def output_lists(top) -> dict:
    lists: dict = {}
    final = _final_target(top)
    if final is None:
        return lists
    final = [_resolved(e) for e in final]
    level = _Level(final, top)
    _visit(top, _EXACT, final, lists, level, top=True)
    return lists


def _final_target(top):
    node = top
    while node is not None:
        if isinstance(node, ModifyTable):
            return list(node.returning)
        if node.target_list is not None:
            return list(node.target_list)
        if isinstance(node, Aggregate):          # DISTINCT: the group keys, unprojected
            return [_resolved(g) for g in node.group_exprs] + list(node.aggregates)
        if not _is_pass_on(node):
            return None
        node = node.children()[0]
    return None


def _visit(plan, flags, target, lists, level, top=False) -> list | None:
    if plan is None:
        return None
    if not top and plan.__dict__.get("shown_for") is not None:
        # a removed Subquery Scan's subquery: the parent's columns of it print through
        # it (explain_names.ShownThrough); its own nodes are their level's, listed
        # when EXPLAIN reaches them
        return [(e, True) for e in target]
    if isinstance(plan, ModifyTable):
        lists[id(plan)] = [(e, False) for e in plan.returning]
        child_target = _modify_input(plan)
        if child_target is not None:
            _visit(plan.child, _EXACT, child_target, lists, level)
        return lists[id(plan)]
    if _is_pass_on(plan):
        child = plan.children()[0]
        child_flags = flags | _SMALL if _small_input(plan) else flags
        if isinstance(plan, Sort):
            # a sort key that is an expression (a FULL join's merge key) is computed by
            # the input, after the columns (make_sort_from_pathkeys adds it to the tlist)
            target = list(target) + [k.expr for k in plan.keys
                                     if getattr(k, "expr", None) is not None
                                     and k.expr not in target]
        below = _visit(child, child_flags, target, lists, level)
        if below is None:
            return None
        # set_dummy_tlist_references: a constant stays a constant, not a reference
        lists[id(plan)] = [(e, passed or not isinstance(e, Const)) for e, passed in below]
        return lists[id(plan)]
    if isinstance(plan, Append) and plan.subplans \
            and (all(s.__dict__.get("inherited_child") for s in plan.subplans)
                 or plan.__dict__.get("partitionwise")):
        # the partitions / inheritance children of one table (or the joins of a
        # partitionwise join): each scans the columns the nodes above need, named
        # after itself; the Append prints no list
        results = [_visit(child, flags, target, lists, level) for child in plan.subplans]
        return results[0]
    if isinstance(plan, Append) and getattr(plan, "set_operation", True):
        # PostgreSQL prints no list for an Append; the nodes above it show its first
        # member's columns (a set operation's inputs are their own query levels)
        first = plan.subplans[0] if plan.subplans else None
        if first is None or first.target_list is None:
            return None
        return [(_resolved(e), True) for e in first.target_list]
    if isinstance(plan, SetOp):
        # INTERSECT / EXCEPT hand on their first input's columns, the flag included
        # (the SetOp's target list is its input's, built by generate_setop_tlist)
        first = _first_set_input(plan)
        if first is None or first.target_list is None:
            return None
        lists[id(plan)] = [(_resolved(e), True) for e in first.target_list]
        node = plan.child
        while node is not None and _is_pass_on(node):     # the Sort of a sorted SetOp
            lists[id(node)] = lists[id(plan)]
            node = node.children()[0]
        return lists[id(plan)]
    if isinstance(plan, _TABLE_SCANS + (FunctionScan, ValuesScan, CteScan, WorkTableScan,
                                        SubqueryScan)):
        entries = _scan_output(plan, flags, target)
        lists[id(plan)] = entries
        return entries
    if isinstance(plan, _JOINS):
        needed = level.sort(_vars(target) + [v for v in _vars(_join_exprs(plan))
                                             if v not in _vars(target)])
        # A PlaceHolderVar neither input holds is computed here (its eval_at level)
        # from the columns it reads (add_placeholders_to_joinrel).
        inputs = [_relids(child) for child in plan.children()]
        computed = [v for v in needed if _is_placeholder(v)
                    and not any(_eval_at(v) <= inside for inside in inputs)]
        if computed:
            needed = [v for v in needed if v not in computed]
            needed = level.sort(needed + [v for v in _vars([c.arg for c in computed])
                                          if v not in needed])
        lists[id(plan)] = [(e, None if e in computed else False) for e in target]
        for child, inside in zip(plan.children(), inputs):
            child_target = [v for v in needed if _eval_at(v) <= inside]
            if isinstance(child, _JOINS) or _is_pass_on(child) and len(inside) > 1:
                # A join relation's target list is its first input relation's columns,
                # then its second's (build_joinrel_tlist), which the join search builds
                # in FROM order: columns grouped by table; its PlaceHolderVars after them.
                child_target.sort(key=lambda v: (_is_placeholder(v), min(_eval_at(v))))
            _visit(child, 0, child_target, lists, level)
        return lists[id(plan)]
    if isinstance(plan, Aggregate):
        groups = [_resolved(g) for g in plan.group_exprs]
        lists[id(plan)] = [(e, not isinstance(e, Var) and e in groups) for e in target]
        child_target = []
        for expr in target + list(plan.qual):
            for item in ([expr] if expr in groups else _vars(expr)):
                if item not in child_target:
                    child_target.append(item)
        child_target += [g for g in groups if g not in child_target]
        _visit(plan.child, 0, child_target, lists, level)
        return lists[id(plan)]
    if type(plan).__name__ == "WindowAgg":
        # Input: the window's PARTITION BY / ORDER BY expressions, then the columns the
        # rest reads; a small list (make_window_input_target, CP_SMALL_TLIST).
        lists[id(plan)] = [(e, False) for e in target]
        clause = plan.clause
        keys = [_resolved(e) for e in list(getattr(clause, "partition_by", ())) + [
            getattr(k, "expr", k) for k in getattr(clause, "order_by", ())]]
        child_target = [k for k in keys if hasattr(k, "type_oid")]
        child_target += [v for v in _vars(target) if v not in child_target]
        _visit(plan.child, _SMALL, child_target, lists, level)
        return lists[id(plan)]
    if type(plan).__name__ == "ProjectSet":
        lists[id(plan)] = [(e, False) for e in target]
        _visit(plan.child, 0, _vars(target), lists, level)
        return lists[id(plan)]
    if isinstance(plan, Result) and plan.__dict__.get("after_sort"):
        # select-list columns computed above the Sort (optimizer/sort_input_target.py):
        # its input's columns pass through, in parentheses when computed below
        below = plan.child.target_list if plan.child.target_list is not None \
            else _final_target(plan.child)
        below = [_resolved(e) for e in below or ()]
        entries = []
        for expr, shown in zip(plan.target_list, target):
            if isinstance(expr, ColumnReference):      # a column of the input
                entries.append((shown, not isinstance(shown, (Var, Const))))
            else:       # computed here over the input's columns ("(sum(a))" inside)
                entries.append((expr, False))
        lists[id(plan)] = entries
        _visit(plan.child, _EXACT, below, lists, level)
        return lists[id(plan)]
    if isinstance(plan, Result) and plan.child is None:
        lists[id(plan)] = [(e, False) for e in target]
        return lists[id(plan)]
    return None


def _first_set_input(plan):
    """The node that feeds a SetOp its first input's rows: below a Sort, the Append's
    first member."""
    node = plan.child
    while node is not None and _is_pass_on(node):
        node = node.children()[0]
    if isinstance(node, Append) and node.subplans:
        return node.subplans[0]
    return None


def _scan_output(plan, flags, target) -> list:
    if any(_is_placeholder(e) for e in target):
        # a pulled-up subquery's PlaceHolderVar computed by this scan (its eval_at)
        if not isinstance(plan, _TABLE_SCANS):
            target = _renamed(plan, target)
        return [(e, None if _is_placeholder(e) else False) for e in target]
    if any(not isinstance(e, Var) for e in target) or flags & (_EXACT | _SMALL) \
            or plan.__dict__.get("inherited_child") \
            or any(v.attnum <= 0 for v in target):
        if not isinstance(plan, _TABLE_SCANS):
            target = _renamed(plan, target)
        return [(e, False) for e in target]
    physical = _physical_columns(plan)
    if physical is None:
        return [(e, False) for e in target]
    return [(v, False) for v in physical]


def _physical_columns(plan) -> list | None:
    level = plan.__dict__.get("query_level")
    if level is None or not 0 < plan.rtindex <= len(level.range_table):
        return None
    rte = level.range_table[plan.rtindex - 1]
    types = list(getattr(rte, "column_types", ()) or ())
    names = list(rte.column_names)
    if isinstance(plan, _TABLE_SCANS):
        relation = plan.relation
        columns = [a for a in relation.attributes if a.attnum > 0]
        return [Var(plan.rtindex, a.attnum, a.type_oid, a.typmod, a.name, rte.alias)
                for a in columns if not getattr(a, "is_dropped", False)]
    if len(types) != len(names):
        return None
    return [Var(plan.rtindex, i + 1, types[i], -1, name, rte.alias)
            for i, name in enumerate(_unique_names(names))]


def _renamed(plan, target: list) -> list:
    """The scan's own columns in `target` under their unique names (_unique_names)."""
    level = plan.__dict__.get("query_level")
    if level is None or not 0 < plan.rtindex <= len(level.range_table):
        return target         # (a set operation's leaf: a negative rtindex)
    names = _unique_names(list(level.range_table[plan.rtindex - 1].column_names))
    out = []
    for expr in target:
        if isinstance(expr, Var) and expr.rtindex == plan.rtindex \
                and 0 < expr.attnum <= len(names):
            expr = dataclasses.replace(expr, column_name=names[expr.attnum - 1])
        out.append(expr)
    return out


def _unique_names(names: list) -> list:
    """Column names as ruleutils prints them: a repeated name gets _1, _2, ...
    (ROWS FROM (f(), f()) has two columns named f)."""
    out, taken = [], set()
    for name in names:
        shown, number = name, 0
        while shown in taken:
            number += 1
            shown = f"{name}_{number}"
        taken.add(shown)
        out.append(shown)
    return out


def _modify_input(plan) -> list | None:
    ctid = Var(plan.rtindex, -1, 27, -1, "ctid", "")
    if plan.operation == "UPDATE":
        return [plan.assignments[attnum] for attnum in sorted(plan.assignments)] + [ctid]
    if plan.operation == "DELETE":
        return [ctid]
    return None


def reads_beside_target(top) -> bool:
    """Whether an INSERT / UPDATE / DELETE reads a relation besides its target (its
    range table then has more than one entry, and columns print qualified)."""
    if not isinstance(top, ModifyTable):
        return False
    level = top.__dict__.get("query_level")
    stack = list(top.children())
    while stack:
        node = stack.pop()
        if node is None:
            continue
        rtindex = getattr(node, "rtindex", 0)
        if rtindex and (rtindex != top.rtindex or node.__dict__.get("query_level") is not level):
            return True
        stack.extend(node.children())
    return False


def output_text(entries, use_prefix: bool) -> list[str]:
    out = []
    for expr, passed in entries:
        if _is_placeholder(expr):
            # computed by this node (passed None): its expression; else a reference
            # to an input's, which prints in parentheses
            text = expression_text(expr.arg, use_prefix)
            out.append(text if passed is None else f"({text})")
            continue
        text = expression_text(expr, use_prefix)
        if passed and not isinstance(expr, Var):
            text = f"({text})"
        out.append(text)
    return out

