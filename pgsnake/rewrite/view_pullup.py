"""Pulling a simple view's query up into the query that reads it, so that the view
vanishes from the plan as it does in PostgreSQL ("Seq Scan on t", not "Subquery Scan on v").

Entry point: pull_up_view(query, rtindex) -> bool   (False: left as a subquery)

PostgreSQL's planner does this for every simple FROM subquery (prepjointree.c); pgsnake
does it here, right after view expansion, for views only: a plain FROM subquery is still
planned as a Subquery Scan (parser README). The conditions are is_simple_subquery's: the
view's query is one SELECT with a FROM clause and no aggregates, GROUP BY, HAVING,
DISTINCT, window functions, ORDER BY, LIMIT/OFFSET, WITH, set operations, row locks of its own, set-returning or
volatile functions in its output (also inside a sublink there); the outer query is a SELECT; the view is not
WITH (security_barrier). prep_join_tree also merges LATERAL subqueries this way (their
references to the outer query become plain columns of it). FOR UPDATE/SHARE of the
view (pushed into it by view_expansion.py) becomes row marks on the view's tables.
Where PostgreSQL needs PlaceHolderVars (a view on the nullable side of an outer join
with an output that does not go NULL with its row: nullable_outputs.py), those outputs
are substituted wrapped in a PlaceHolderVar that goes NULL with the row's tables
(nullable_outputs.wrap_for_outer_join; when a FROM item of the view is not a table, the
view stays a subquery); its plain columns and strict expressions over them are
substituted as they are. When the outer query has grouping sets, outputs that are not plain columns are
substituted wrapped in a PlaceHolderVar (expression_nodes.py), as pull_up_simple_subquery's wrap_non_vars does.

How: the view's range-table entries join the outer range table (its first one in the
view's own slot, so no outer index moves; the others at the end), the outer query's
references to view column i become the view's i-th output expression, the view's FROM
item takes the view's place in the join tree (or, at the top level, its FROM items join
the outer FROM list), and its WHERE goes to the outer WHERE, first, or into the ON
condition of the outer join whose nullable side it is on.

PostgreSQL: optimizer/prep/prepjointree.c (pull_up_subqueries, is_simple_subquery,
pull_up_simple_subquery), rewrite/rewriteManip.c (OffsetVarNodes, ReplaceVarsFromTargetList).
"""
from __future__ import annotations

import dataclasses

from pgsnake.parser.expression_nodes import BoolExpr, FuncExpr, PlaceHolderVar, SubLink, Var, walk
from pgsnake.rewrite import nullable_outputs, tree_mapping


def _is_simple(subquery) -> bool:
    q = subquery
    if q.command_type != "SELECT" or q.set_operation is not None or not q.from_list:
        return False
    if q.has_aggregates or q.has_window_functions or q.group_by or q.having is not None \
            or q.distinct \
            or q.sort_clause or q.limit_count is not None or q.limit_offset is not None \
            or q.has_for_update or any(not m.pushed_down for m in q.row_marks) \
            or q.cte_list:          # its CTE references would lose their WITH
        return False
    for tle in q.target_list:
        for node in walk(tle.expr):
            if isinstance(node, FuncExpr) and (node.returns_set or node.volatility == "v"):
                return False
            if isinstance(node, SubLink) and _query_is_volatile(node.subquery):
                return False        # (SELECT random()): contain_volatile_functions looks inside
    return True


def _query_is_volatile(query, depth: int = 0) -> bool:
    """A volatile function in a sublink's query (its select list, WHERE, HAVING, and
    sublinks inside those)."""
    if query is None or depth > 20:
        return False
    exprs = [t.expr for t in query.target_list] + [query.where, query.having]
    for expr in exprs:
        for node in walk(expr) if expr is not None else ():
            if isinstance(node, FuncExpr) and node.volatility == "v":
                return True
            if isinstance(node, SubLink) and _query_is_volatile(node.subquery, depth + 1):
                return True
    return False


def _find(nodes, rtindex: int, nullable: bool = False):
    """(container, key, nullable) for the join-tree leaf of `rtindex`: container is
    the FROM list (key an index) or a JoinTreeNode (key 'left' / 'right')."""
    for i, node in enumerate(nodes):
        found = _find_in(node, rtindex, nodes, i, nullable)
        if found is not None:
            return found
    return None


def _find_in(node, rtindex, container, key, nullable):
    if node is None:
        return None
    if node.rtindex:
        return (container, key, nullable) if node.rtindex == rtindex else None
    left_nullable = nullable or node.join_type in ("right", "full")
    right_nullable = nullable or node.join_type in ("left", "full")
    return (_find_in(node.left, rtindex, node, "left", left_nullable)
            or _find_in(node.right, rtindex, node, "right", right_nullable))


def _and(first, second):
    if first is None:
        return second
    if second is None:
        return first
    return BoolExpr("and", (first, second))


def pull_up_view(query, rtindex: int) -> bool:
    """Merge the view subquery at `rtindex` into `query` where PostgreSQL would."""
    rte = query.range_table[rtindex - 1]
    sub = rte.subquery
    if query.command_type != "SELECT" or rte.security_barrier or not _is_simple(sub):
        return False              # a security_barrier view stays a subquery (is_simple_subquery)
    outer_mark = next((m for m in query.row_marks if m.rtindex == rtindex), None)
    if (outer_mark is None) != (not sub.row_marks):
        return False        # row marks in the view's query come only from an outer clause
    place = _find(query.from_list, rtindex)
    if place is None:
        return False
    container, key, nullable = place
    # (a whole-row reference's row-present marker counts: parser/composite_expressions.py)
    outputs = [t.expr for t in sub.target_list
               if not t.resjunk or t.name == "?row present?"]
    markers = None
    wrapped = [e for e in outputs if not nullable_outputs.goes_null_with_its_row(e)]
    if nullable and wrapped:
        # They need a PlaceHolderVar: one that goes NULL with the row's tables' ctids
        # (nullable_outputs.py); not over other FROM items or outer references.
        markers = nullable_outputs.row_markers(sub)
        if markers is None or any(nullable_outputs.reads_outer_level(e) for e in wrapped):
            return False
        if _read_from_deeper_level(query, rtindex, outputs):
            return False        # (a PlaceHolderVar of an outer level: not made here)
    at_top = isinstance(container, list)
    if len(sub.from_list) > 1 and not at_top:
        return False
    if nullable and sub.where is not None:
        # The view's WHERE goes into the ON condition of the join it sits in: right only
        # if that join filters the view's side (inner, or the view is its nullable side).
        if container.join_type == "full" or (container.join_type, key) in (
                ("left", "left"), ("right", "right")):
            return False

    if markers is not None:
        # (in the view's own numbering: renumbered with the rest of it below)
        for tle in sub.target_list:
            if not tle.resjunk or tle.name == "?row present?":
                tle.expr = nullable_outputs.wrap_for_outer_join(tle.expr, sub, markers)
    # The view's entries: its first in the view's slot, the rest at the end.
    base = len(query.range_table)
    new_index = {1: rtindex}
    for i in range(2, len(sub.range_table) + 1):
        new_index[i] = base + i - 1

    def renumber(var, depth):
        if var.levels_up == depth:
            return dataclasses.replace(var, rtindex=new_index[var.rtindex])
        if var.levels_up > depth:
            # A LATERAL subquery's reference to the outer query (or above): one level
            # nearer once merged (IncrementVarSublevelsUp by -1).
            return dataclasses.replace(var, levels_up=var.levels_up - 1)
        return None
    tree_mapping.map_query(sub, renumber)
    sub_from = [_renumber_tree(node, new_index) for node in sub.from_list]
    # (a whole-row reference's row-present marker counts: parser/composite_expressions.py)
    outputs = [t.expr for t in sub.target_list
               if not t.resjunk or t.name == "?row present?"]

    if query.grouping_sets is not None:
        # Under grouping sets an output that is not a plain column keeps its identity
        # (a PlaceHolderVar), so it matches its GROUP BY item and is NULL in the sets
        # without it (pull_up_simple_subquery's wrap_non_vars).
        outputs = [e if isinstance(e, (Var, PlaceHolderVar)) and getattr(e, "levels_up", 0) == 0
                   else PlaceHolderVar(e, e.type_oid, getattr(e, "typmod", -1))
                   for e in outputs]

    def substitute(var, depth):
        if var.levels_up == depth and var.rtindex == rtindex:
            return tree_mapping.increment_levels_up(outputs[var.attnum - 1], depth)
        return None
    tree_mapping.map_query(query, substitute)

    query.range_table[rtindex - 1] = sub.range_table[0]
    query.range_table.extend(sub.range_table[1:])
    query.pulled_up_entries += sub.pulled_up_entries + 3   # the view's, OLD, NEW
    if outer_mark is not None:
        # FOR UPDATE of the view: its tables' marks become the outer query's.
        query.row_marks.remove(outer_mark)
        for mark in sub.row_marks:
            query.row_marks.append(dataclasses.replace(
                mark, rtindex=new_index[mark.rtindex], pushed_down=outer_mark.pushed_down))
    if at_top:
        container[key:key + 1] = sub_from
        query.where = _and(sub.where, query.where)
    else:
        setattr(container, key, sub_from[0])
        if nullable:
            container.quals = _and(container.quals, sub.where)
        else:
            query.where = _and(sub.where, query.where)
    return True


def _read_from_deeper_level(query, rtindex: int, outputs) -> bool:
    """Whether a sublink or LATERAL subquery of `query` reads an output of the subquery
    at `rtindex` that would need a PlaceHolderVar."""
    found = []

    def note(var, depth):
        if depth > 0 and var.levels_up == depth and var.rtindex == rtindex \
                and 0 < var.attnum <= len(outputs) \
                and not nullable_outputs.goes_null_with_its_row(outputs[var.attnum - 1]):
            found.append(var)
        return None
    tree_mapping.map_query(query, note)
    return bool(found)


def _renumber_tree(node, new_index):
    if node is None:
        return None
    if node.rtindex:
        return dataclasses.replace(node, rtindex=new_index[node.rtindex])
    return dataclasses.replace(node, left=_renumber_tree(node.left, new_index),
                               right=_renumber_tree(node.right, new_index))
