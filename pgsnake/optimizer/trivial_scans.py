"""Removing trivial Subquery Scans from a finished plan, as PostgreSQL's setrefs.c does:
a Subquery Scan with no qual and no projection of its own, whose parent needs every
column of the subquery, passes rows through unchanged, so its subquery's plan takes its
place. EXPLAIN then shows the subquery's nodes directly under the parent, and columns
of the scan print as the subquery's output expressions ("pu.a", "(count(*))").

Entry point:
    remove_trivial_subquery_scans(top, planner) -> top     after a level is planned

Invariants:
1. Costs are not changed: the parent's costs still include the removed scan's, as in
   PostgreSQL (setrefs runs after costing).
2. The promoted subquery plan's output_keys become the scan's (('var', rtindex, i)),
   so the parent's compiled expressions find the same columns; the plan's own
   expressions are evaluated over its input_keys and are unaffected.
3. The promoted node carries `shown_for = (rtindex, [output exprs])`;
   commands/explain_names.py makes the parent level's references to `rtindex` print as
   those expressions.

PostgreSQL: optimizer/plan/setrefs.c (set_subqueryscan_references,
trivial_subqueryscan).
"""
from __future__ import annotations

import dataclasses

from pgsnake.optimizer.plan_nodes import Plan, SubqueryScan
from pgsnake.parser.expression_nodes import Var


def _is_trivial(scan, planner) -> bool:
    rtindex = scan.rtindex
    sub = scan.subplan
    if rtindex <= 0 or scan.qual or scan.target_list is not None or sub is None:
        return False
    if rtindex in planner.whole_rows or rtindex in planner.copied_columns:
        return False
    # A LATERAL item's scan sets the outer values for its subquery (lateral_params; its
    # EXPLAIN shape is lateral_paths.shows_subquery_only's); UPDATE ... FROM and MERGE
    # copy their FROM items' whole rows for EvalPlanQual, so theirs are never trivial.
    if getattr(scan, "lateral_params", None) or planner.query.command_type != "SELECT":
        return False
    rte = planner.query.range_table[rtindex - 1]
    if rte.kind != "subquery" or rte.subquery is None:
        return False
    q = rte.subquery
    if q.set_operation is not None and q.set_operation[0].op in ("intersect", "except"):
        return False        # its SetOp's output carries the flag column as well
    visible = [t.expr for t in q.output_columns()]
    if len(visible) != len(q.target_list) or any(g not in visible for g in q.group_by):
        return False        # PostgreSQL's subquery plan carries resjunk columns then
    count = len(sub.output_keys)
    exprs = _output_exprs(sub)
    if count != len(rte.column_names) or exprs is None or len(exprs) < count:
        return False
    needed = planner.needed.get(rtindex, set())
    return set(range(1, count + 1)) <= needed


def _output_exprs(plan):
    """The target list that made `plan`'s output: its own, or that of the node under
    a Sort / Limit / Unique that passes it on."""
    while plan is not None and plan.target_list is None:
        plan = getattr(plan, "child", None)
    return None if plan is None else plan.target_list


def _promote(scan):
    sub = scan.subplan
    sub.output_keys = list(scan.output_keys)
    sub.shown_for = (scan.rtindex, list(_output_exprs(sub))[:len(scan.output_keys)])
    return sub


def remove_trivial_subquery_scans(top, planner):
    def visit(node):
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if isinstance(value, SubqueryScan) and _is_trivial(value, planner):
                setattr(node, field.name, _promote(value))
            elif isinstance(value, list) and value and isinstance(value[0], Plan):
                for i, child in enumerate(value):
                    if isinstance(child, SubqueryScan) and _is_trivial(child, planner):
                        value[i] = _promote(child)
        for child in node.children():
            if child is not None and "query_level" not in child.__dict__:
                visit(child)

    if planner.parent is None and _is_trivial_top(top, planner):
        # The statement's top: its projection only passes the subquery's columns on.
        # (Not for a nested level: its parent has costed this scan.)
        sub = top.subplan
        sub.output_keys = list(top.output_keys)
        return sub
    visit(top)
    return top


def _is_trivial_top(top, planner) -> bool:
    if not isinstance(top, SubqueryScan) or top.qual or top.init_plans or top.rtindex <= 0:
        return False
    sub = top.subplan
    tlist = top.target_list
    if sub is None or tlist is None or len(tlist) != len(sub.output_keys):
        return False
    if not all(isinstance(e, Var) and e.levels_up == 0 and e.rtindex == top.rtindex
               and e.attnum == i + 1 for i, e in enumerate(tlist)):
        return False
    probe = dataclasses.replace(top, target_list=None)
    return _is_trivial(probe, planner)
