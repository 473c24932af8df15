"""A FROM subquery that is a simple UNION ALL planned as an append relation: an Append of
its branches' own plans, with the quals on the subquery pushed into every branch, where
PostgreSQL's pull_up_simple_union_all makes the branches children of the parent's
relation (no Subquery Scan above the Append).

Entry points:
    can_flatten(subquery) -> bool            the subquery qualifies (prep_join_tree.py
                                             and the planner ask the same question)
    plan_union_all_scan(planner, rtindex, rte, quals) -> (plan, rows, width, keys) | None
                                             the planner's scan of that FROM item
    first_branch_outputs(subquery) -> [expr] what EXPLAIN shows for its columns
    push_quals_into_subquery(subquery, rtindex, quals) -> (subquery, quals left)
                                             for a FROM subquery that stays one

Rules:
1. UNION ALL all the way down with no column conversions (set_operations.py's
   flatten_simple_union_all test); no ORDER BY, LIMIT, WITH, row locks on the union.
2. Every branch must take the quals: a SELECT without DISTINCT ON, windows, grouping
   sets, ORDER BY / LIMIT, set-returning functions or volatile functions in its output
   (subquery_is_pushdown_safe, qual_is_pushdown_safe); otherwise the subquery is
   scanned as before.
3. A qual on column i becomes the same qual on branch output i, AND-ed to the branch's
   WHERE (its HAVING when it uses an aggregate of a grouped branch); quals holding a
   SubPlan stay above (on a Subquery Scan: the whole item is then planned as before).
4. The Append costs as the set-operation Append does: the first branch's start-up cost,
   the branches' total costs, half a cpu_tuple_cost per row; a branch that could not be
   merged into the parent in PostgreSQL (a join or WHERE of its own) is charged a
   Subquery Scan's cpu_tuple_cost per row, and shows as Subquery Scan on "*SELECT* n"
   when no qual was pushed into it and the parent needs only some of its columns (else
   PostgreSQL's setrefs removes the scan as trivial).
5. Column references to the item print as the first branch's columns ("pt.a"), as
   PostgreSQL resolves an append relation's columns through its first child.
6. A LATERAL one is left to lateral_paths.py (its branches' references to earlier
   FROM items become parameters there; the Subquery Scan above it is trivial).

PostgreSQL: optimizer/prep/prepjointree.c (pull_up_simple_union_all, is_simple_union_all),
optimizer/path/allpaths.c (set_append_rel_size, subquery_is_pushdown_safe),
optimizer/util/appendinfo.c (adjust_appendrel_attrs).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.optimizer import const_fold, cost, subquery_outputs
from pgsnake.optimizer.plan_nodes import Append, Result, SubqueryScan
from pgsnake.parser.expression_nodes import Aggref, BoolExpr, Const, FuncExpr, SubPlan, Var, walk
from pgsnake.parser.set_operations import SetOperationLeaf
from pgsnake.parser.window_clause import WindowFunc


def _leaves(tree) -> list:
    if isinstance(tree, SetOperationLeaf):
        return [tree]
    return _leaves(tree.left) + _leaves(tree.right)


def _pushdown_safe(q) -> bool:
    if q.set_operation is not None or q.distinct_on or q.has_window_functions \
            or q.sort_clause or q.limit_count is not None or q.limit_offset is not None \
            or q.row_marks or q.grouping_sets is not None or q.cte_list:
        return False
    for t in q.target_list:
        for node in walk(t.expr):
            if isinstance(node, FuncExpr) and (node.returns_set or node.volatility == "v"):
                return False
    return True


def can_flatten(sub) -> bool:
    from pgsnake.optimizer.set_operations import _is_simple_union_all
    if sub is None or sub.set_operation is None:
        return False
    tree, _ = sub.set_operation
    if getattr(tree, "recursive_cte", None) is not None or not _is_simple_union_all(tree):
        return False
    if sub.sort_clause or sub.limit_count is not None or sub.limit_offset is not None \
            or sub.row_marks or sub.cte_list:
        return False
    return all(_pushdown_safe(leaf.query) for leaf in _leaves(tree))


def first_branch_outputs(sub) -> list:
    tree, _ = sub.set_operation
    return [t.expr for t in _leaves(tree)[0].query.output_columns()]


def _translate(qual, rtindex: int, outputs: list):
    from pgsnake.optimizer.subselect import _rebuild

    def replace(e):
        if isinstance(e, Var) and e.rtindex == rtindex and e.levels_up == 0:
            return outputs[e.attnum - 1]
        return None
    return _rebuild(qual, replace)


def _has_aggregate(expr) -> bool:
    return any(isinstance(n, Aggref) for n in walk(expr))


def _and(quals):
    quals = [q for q in quals if q is not None]
    if not quals:
        return None
    return quals[0] if len(quals) == 1 else BoolExpr("and", tuple(quals))


def _merged_in_postgresql(q) -> bool:
    """A branch PostgreSQL pulls up into the append relation (is_safe_append_member):
    at most one FROM item, not a join, and no WHERE."""
    if q.has_aggregates or q.group_by or q.having is not None or q.distinct:
        return False
    return q.where is None and (not q.from_list or (len(q.from_list) == 1
                                                    and q.from_list[0].rtindex != 0))


def plan_union_all_scan(planner, rtindex: int, rte, quals):
    from pgsnake.optimizer.planner import expression_width, plan_query
    sub = rte.subquery
    if not can_flatten(sub) or any(isinstance(n, SubPlan) for q in quals for n in walk(q)):
        return None
    if rte.lateral_relids:
        # Its branches refer to earlier FROM items: lateral_paths.py plans it with
        # those columns as parameters.
        return None
    tree, _ = sub.set_operation
    plans, startup, total, rows = [], None, 0.0, 0.0
    unused = subquery_outputs.unused_columns(planner, rtindex, rte)
    sizes = []          # (rows, width) of each child, for the append relation's width
    for leaf in _leaves(tree):
        q = leaf.query
        merged = _merged_in_postgresql(q)
        if quals:
            outputs = [t.expr for t in q.output_columns()]
            pushed = [_translate(qual, rtindex, outputs) for qual in quals]
            q = copy.copy(q)
            grouped = q.has_aggregates or q.group_by or q.having is not None
            # Into a grouped branch: a qual over an aggregate filters groups (HAVING),
            # one over group columns only the rows (WHERE), as subquery_push_qual and
            # then subquery_planner's HAVING-to-WHERE move place them.
            having = [p for p in pushed if grouped and _has_aggregate(p)]
            where = [p for p in pushed if not (grouped and _has_aggregate(p))]
            q.where = _and([q.where] + where)
            if having:
                q.having = _and([q.having] + having)
        # (after the quals, which read the branch's own output expressions)
        q, dropped = subquery_outputs.without_unused_outputs(q, unused)
        plan = plan_query(q, parent=planner)
        if quals and _is_dummy(plan):
            continue        # the pushed quals fold to false: no child (set_append_rel_size)
        if startup is None:
            startup = plan.startup_cost
        total += plan.total_cost
        if merged:
            # PostgreSQL's pulled-up branch outputs only the columns needed above.
            plan.plan_width -= dropped
        elif unused:
            # PostgreSQL keeps such a branch as a subquery; its scan stays in the plan
            # when it projects fewer columns than the branch has (no trivial scan).
            plan = _branch_scan(plan, leaf.name, plan.plan_width - dropped)
        if not merged:
            total += cost.CPU_TUPLE_COST * plan.plan_rows
        plans.append(plan)
        sizes.append((plan.plan_rows, plan.plan_width))
        rows += plan.plan_rows
    width = sum(expression_width(e) for i, e in enumerate(first_branch_outputs(sub), start=1)
                if i not in unused)
    if rows > 0:
        # set_append_rel_size: the children's widths averaged over their rows
        width = int(round(sum(r * w for r, w in sizes) / rows))
    keys = [("var", rtindex, i + 1) for i in range(len(rte.column_names))]
    if len(plans) == 1:
        # One child left: PostgreSQL's Append of one path takes its costs, and setrefs
        # removes it; EXPLAIN shows the child in its place (`single_child`).
        node = Append(subplans=plans)
        node.single_child = True
        node.startup_cost, node.total_cost = plans[0].startup_cost, plans[0].total_cost
        return node, rows, width, keys
    if not plans:
        node = Result(qual=[Const(const_fold.BOOL, False)])        # every branch empty: a dummy rel
        node.startup_cost = node.total_cost = 0.0
        node.plan_rows, node.plan_width = 0.0, width
        node.output_keys = keys
        return node, 0.0, width, keys
    node = Append(subplans=plans)
    node.startup_cost = startup
    node.total_cost = total + cost.CPU_TUPLE_COST * 0.5 * rows
    return node, rows, width, keys


def _is_dummy(plan) -> bool:
    """A branch plan no row can come out of: the dummy Result of a FROM clause whose
    quals folded to false, perhaps under its level's projecting Result."""
    while isinstance(plan, Result):
        if plan.child is None:
            return any(const_fold.is_constant_false(q) for q in plan.qual)
        plan = plan.child
    return False


def surviving_branches(sub, rtindex: int, quals: list) -> list:
    """The leaves of a flattenable UNION ALL item whose outputs do not make one of
    `quals` (restrictions of the item alone) constant false: the children
    set_append_rel_size keeps."""
    tree, _ = sub.set_operation
    kept = []
    for leaf in _leaves(tree):
        outputs = [t.expr for t in leaf.query.output_columns()]
        if not any(const_fold.is_constant_false(
                const_fold.fold_qual(_translate(q, rtindex, outputs))) for q in quals):
            kept.append(leaf)
    return kept


def _branch_scan(plan, name: str, width: int):
    scan = SubqueryScan(rtindex=0, subplan=plan, alias=f'"{name}"')
    scan.startup_cost = plan.startup_cost
    scan.total_cost = plan.total_cost + cost.CPU_TUPLE_COST * plan.plan_rows
    scan.plan_rows, scan.plan_width = plan.plan_rows, width
    scan.output_keys = plan.output_keys
    return scan


def push_quals_into_subquery(sub, rtindex: int, quals: list, barrier: bool = False):
    """(subquery to plan, quals left for the Subquery Scan): the quals that can be
    evaluated inside a subquery that stays one (set_subquery_pathlist's
    subquery_push_qual) are AND-ed to a copy's WHERE, or HAVING when they use an
    aggregate. Into a UNION / INTERSECT through set_operation_pushdown.py. Not into a
    subquery with LIMIT / OFFSET, DISTINCT ON or grouping sets, nor below window functions unless on columns of every window's
    PARTITION BY (other quals on them may be run conditions: window_planning's);
    not a qual with a SubPlan or a volatile call, nor one over a column computed by a
    volatile or set-returning function. Into a security_barrier view (`barrier`) only
    leakproof quals go: a leaky one must not see the rows the view's own quals hide."""
    if quals and sub.set_operation is not None and not barrier:
        from pgsnake.optimizer import set_operation_pushdown
        return set_operation_pushdown.push_quals_into_set_operation(sub, rtindex, quals)
    if not quals or sub.set_operation is not None or sub.limit_count is not None \
            or sub.limit_offset is not None or sub.distinct_on \
            or sub.grouping_sets is not None or sub.row_marks or sub.cte_list:
        return sub, quals
    from pgsnake.rewrite import row_security
    outputs = [t.expr for t in sub.output_columns()]
    pushed, kept = [], []
    for qual in quals:
        if _qual_pushdown_safe(qual, rtindex, outputs) and \
                (not barrier or row_security.is_leakproof(qual)) and \
                (not sub.has_window_functions or _on_partition_columns(qual, sub, outputs)):
            pushed.append(_translate(qual, rtindex, outputs))
        else:
            kept.append(qual)
    if not pushed:
        return sub, quals
    q = copy.copy(sub)
    grouped = q.has_aggregates or q.group_by or q.having is not None
    having = [p for p in pushed if grouped and _has_aggregate(p)]
    q.where = _and([q.where] + [p for p in pushed if not (grouped and _has_aggregate(p))])
    if having:
        q.having = _and([q.having] + having)
    return q, kept


def _on_partition_columns(qual, sub, outputs: list) -> bool:
    """Below window functions a qual may only filter whole partitions: every column it
    uses must be in every window's PARTITION BY (check_output_expressions)."""
    for node in walk(qual):
        if isinstance(node, Var) and node.levels_up == 0:
            expr = outputs[node.attnum - 1]
            if any(isinstance(n, WindowFunc) for n in walk(expr)):
                return False
            if not all(expr in clause.partition_by for clause in sub.window_clauses):
                return False
    return True


def _qual_pushdown_safe(qual, rtindex: int, outputs: list) -> bool:
    for node in walk(qual):
        if isinstance(node, SubPlan) or isinstance(node, FuncExpr) and node.volatility == "v":
            return False
        if isinstance(node, Var) and node.levels_up == 0:
            if node.rtindex != rtindex or not 0 < node.attnum <= len(outputs):
                return False
            for inner in walk(outputs[node.attnum - 1]):
                if isinstance(inner, FuncExpr) and (inner.returns_set or inner.volatility == "v"):
                    return False
    return True


def shown_as_first_branch(var, outputs: list):
    """`var` (a column of the flattened item) printed as the first branch's column."""
    shown = outputs[var.attnum - 1]
    if isinstance(shown, Var):
        return dataclasses.replace(var, relation_alias=shown.relation_alias,
                                   column_name=shown.column_name)
    return var
