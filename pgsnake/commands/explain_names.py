"""EXPLAIN's names for range-table entries: unique across the whole statement.

Entry points:
    naming(top)                         context: the names current() returns while
                                        EXPLAIN prints `top`
    unique_range_table_names(top) -> {(id(QueryLevel), rtindex): name}
    node_label(plan, names) -> str      the node's EXPLAIN label under its unique name
    names_for(plan, names) -> {rtindex: name}   for expression_text.var_names

PostgreSQL names the entries of its flattened range table (every query level's entries
in one list) and makes each name unique by appending _1, _2, ... to a repeat, so a table
read twice shows as "t1" and "t1 t1_1", a WITH RECURSIVE query's self-reference as
"WorkTable Scan on t t_1". Only entries the plan scans get a name. The flattened order:
the top level's entries, then each subquery level's when the plan walk (children in
order) first reaches it, then the subqueries in expressions and the WITH queries in
plan-id order, each walked the same way (setrefs.c runs over the main plan, then over
glob->subplans).

PostgreSQL: utils/adt/ruleutils.c (select_rtable_names_for_explain, set_rtable_names),
optimizer/plan/setrefs.c (add_rtes_to_flat_rtable), commands/explain.c
(ExplainPreScanNode).
"""
from __future__ import annotations

import contextlib
import contextvars
import copy

from pgsnake.optimizer import subselect
from pgsnake.optimizer.plan_nodes import ModifyTable


_CURRENT: contextvars.ContextVar = contextvars.ContextVar("explain_names", default={})


@contextlib.contextmanager
def naming(top):
    """The unique names of `top`'s plan, current while EXPLAIN prints it."""
    token = _CURRENT.set(unique_range_table_names(top))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> dict:
    return _CURRENT.get()


def _expressions(plan) -> list:
    return [plan.qual, plan.target_list or [], getattr(plan, "join_qual", []),
            [c for clause in getattr(plan, "hash_clauses", []) for c in clause[:2]],
            [c for clause in getattr(plan, "merge_clauses", []) for c in clause[:2]],
            getattr(plan, "group_exprs", []), getattr(plan, "aggregates", []),
            getattr(plan, "assignments", {}), getattr(plan, "returning", []),
            [a.expressions() for a in getattr(plan, "merge_actions", ())],
            getattr(plan, "function", None),
            [check[1] for check in getattr(plan, "check_options", ())]]


def _scanned(plan) -> int:
    """The range-table index the node reads (a scan) or changes (ModifyTable), or 0."""
    if hasattr(plan, "alias") or isinstance(plan, ModifyTable):
        return getattr(plan, "rtindex", 0)
    return 0


scanned_rtindex = _scanned


def _subplans_of(plan) -> list:
    found = list(plan.init_plans)
    found += [s for s in subselect.subplans_in(_expressions(plan)) if not s.init_plan]
    return found


def unique_range_table_names(top) -> dict:
    every_subplan: dict = {}            # plan id -> plan, nested ones included
    stack = [top]
    while stack:
        plan = stack.pop()
        if plan is None:
            continue
        for sub in _subplans_of(plan):
            if sub.plan_id not in every_subplan:
                every_subplan[sub.plan_id] = sub.plan
                stack.append(sub.plan)
        stack.extend(plan.children())

    levels: list = []
    seen: set = set()
    used: set = set()

    through: list = []          # (parent level, rtindex, exprs, level) of removed scans

    def visit(plan, parent_level=None) -> None:
        if plan is None:
            return
        level = plan.__dict__.get("query_level")
        if level is not None:
            if id(level) not in seen:
                seen.add(id(level))
                levels.append(level)
            rtindex = _scanned(plan)
            if rtindex > 0:
                used.add((id(level), rtindex))
        shown_for = plan.__dict__.get("shown_for")
        if shown_for is not None and parent_level is not None:
            through.append((parent_level, shown_for[0], shown_for[1], level))
        for child in plan.children():
            visit(child, level)

    visit(top)
    for plan_id in sorted(every_subplan):
        visit(every_subplan[plan_id])

    names: dict = {}
    taken: set = set()
    for level in levels:
        for rtindex, rte in enumerate(level.range_table, start=1):
            if (id(level), rtindex) not in used:
                continue
            name = base = rte.alias
            number = 0
            while name in taken:
                number += 1
                name = f"{base}_{number}"
            taken.add(name)
            names[(id(level), rtindex)] = name
    for parent_level, rtindex, exprs, level in through:
        names[(id(parent_level), rtindex)] = ShownThrough(exprs, id(level), names)
    return names


class ShownThrough:
    """A range-table entry whose Subquery Scan was removed (optimizer/trivial_scans.py):
    its columns print as the subquery's output expressions, under the subquery level's
    names, in parentheses unless plain columns (ruleutils get_variable)."""

    def __init__(self, exprs: list, level_id: int, names: dict) -> None:
        self.exprs = exprs
        self.level_id = level_id
        self.names = names

    def column_text(self, attnum: int, render) -> str:
        from pgsnake.parser.expression_nodes import ColumnReference, Param, Var
        expr = self.exprs[attnum - 1]
        inner = {rtindex: name for (level_id, rtindex), name in self.names.items()
                 if level_id == self.level_id}
        text = render(expr, inner)
        # (A set operation's column shows as its first input's, parenthesised already.)
        return text if isinstance(expr, (Var, Param, ColumnReference)) else f"({text})"


def node_label(plan, names: dict) -> str:
    if plan.__dict__.get("inherited_child"):
        # A partition's or inheritance child's scan is named <alias>_<n> by the planner
        # (optimizer/inheritance.py rule 3).
        return plan.explain_name()
    level = plan.__dict__.get("query_level")
    name = names.get((id(level), _scanned(plan))) if level is not None else None
    if isinstance(plan, ModifyTable) and isinstance(name, str) and \
            name != getattr(plan, "target_alias", name):
        # a target named after an earlier entry of the same name (a view's INSTEAD OF
        # trigger target after the view read as its source)
        shown = copy.copy(plan)
        shown.target_alias = name
        return shown.explain_name()
    if name is None or not hasattr(plan, "alias") or name == plan.alias:
        return plan.explain_name()
    shown = copy.copy(plan)
    shown.alias = name
    return shown.explain_name()


def names_for(plan, names: dict) -> dict:
    """rtindex -> unique name for the Vars of the node's own query level."""
    level = plan.__dict__.get("query_level")
    if level is None:
        return {}
    key = id(level)
    out = {rtindex: name for (level_id, rtindex), name in names.items() if level_id == key}
    # a grouping of one partition names that partition (optimizer/partitionwise_aggregate)
    out.update(plan.__dict__.get("var_names_override") or {})
    return out
