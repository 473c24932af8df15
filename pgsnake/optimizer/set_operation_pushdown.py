"""Quals on a FROM subquery that is a UNION / INTERSECT (not a simple UNION ALL, which
append_rel.py flattens) pushed into every one of its SELECTs, as PostgreSQL's
set_subquery_pathlist does: `SELECT * FROM (SELECT a FROM t UNION SELECT b FROM u) s
WHERE a = 5` scans t and u with `= 5` (index scans) below the duplicate removal, and
the Subquery Scan above, left without quals, is removed as trivial.

Entry point:
    push_quals_into_set_operation(sub, rtindex, quals) -> (subquery to plan, quals left)

Rules (subquery_is_pushdown_safe / recurse_pushdown_safe, compare_tlist_datatypes,
qual_is_pushdown_safe):
1. The set operation has no ORDER BY, LIMIT / OFFSET, row locks or WITH of its own, is
   not a recursive WITH's body, and no node of its tree is an EXCEPT (pushing a qual
   into EXCEPT's right side would change which rows it removes: PostgreSQL refuses
   every EXCEPT).
2. Every leaf SELECT is itself pushdown-safe (append_rel's rule: no LIMIT, DISTINCT
   ON, window functions, grouping sets, ORDER BY, row locks, WITH, nested set
   operation, set-returning or volatile output).
3. A qual goes down only if every column it reads reaches the result unconverted at
   every node of the tree (a column one side converts, int4 UNION int8, keeps the quals
   on it above), no leaf computes that column with a volatile or set-returning
   function, and it holds no SubPlan or volatile call; it then goes into every leaf
   (append_rel.push_quals_into_subquery: WHERE, or HAVING over an aggregate). Quals
   that do not qualify stay on the Subquery Scan.

PostgreSQL: optimizer/path/allpaths.c (set_subquery_pathlist, subquery_is_pushdown_safe,
recurse_pushdown_safe, compare_tlist_datatypes, subquery_push_qual,
recurse_push_qual).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.parser.expression_nodes import ColumnReference, FuncExpr, SubPlan, Var, walk
from pgsnake.parser.set_operations import SetOperationLeaf


def push_quals_into_set_operation(sub, rtindex: int, quals: list):
    from pgsnake.optimizer import append_rel
    tree, _ = sub.set_operation
    if not quals or getattr(tree, "recursive_cte", None) is not None \
            or sub.sort_clause or sub.limit_count is not None \
            or sub.limit_offset is not None or sub.row_marks or sub.cte_list:
        return sub, quals
    leaves = _leaves(tree)
    if _has_except(tree) or not all(append_rel._pushdown_safe(leaf.query) for leaf in leaves):
        return sub, quals
    unconverted = _unconverted_columns(tree, len(sub.target_list))
    pushed, kept = [], []
    for qual in quals:
        if _qual_safe(qual, rtindex, unconverted, leaves):
            pushed.append(qual)
        else:
            kept.append(qual)
    if not pushed:
        return sub, quals
    new_leaves = {}
    for leaf in leaves:
        query, left = append_rel.push_quals_into_subquery(leaf.query, rtindex, pushed)
        if left:                      # (rule 2 makes every leaf take them all)
            return sub, quals
        new_leaves[id(leaf)] = dataclasses.replace(leaf, query=query)
    new_tree = _rebuild(tree, new_leaves)
    q = copy.copy(sub)
    q.set_operation = (new_tree, [leaf.query for leaf in _leaves(new_tree)])
    return q, kept


def _leaves(tree) -> list:
    if isinstance(tree, SetOperationLeaf):
        return [tree]
    return _leaves(tree.left) + _leaves(tree.right)


def _has_except(tree) -> bool:
    if isinstance(tree, SetOperationLeaf):
        return False
    return tree.op == "except" or _has_except(tree.left) or _has_except(tree.right)


def _unconverted_columns(tree, count: int) -> set:
    """Result columns (1-based) that no node of the tree converts."""
    if isinstance(tree, SetOperationLeaf):
        return set(range(1, count + 1))
    out = _unconverted_columns(tree.left, count) & _unconverted_columns(tree.right, count)
    for exprs in (tree.left_exprs, tree.right_exprs):
        for i, expr in enumerate(exprs):
            if not isinstance(expr, (Var, ColumnReference)):
                out.discard(i + 1)
    return out


def _qual_safe(qual, rtindex: int, unconverted: set, leaves: list) -> bool:
    for node in walk(qual):
        if isinstance(node, SubPlan) or isinstance(node, FuncExpr) and node.volatility == "v":
            return False
        if isinstance(node, Var) and node.levels_up == 0:
            if node.rtindex != rtindex or node.attnum not in unconverted:
                return False
            for leaf in leaves:
                outputs = leaf.query.output_columns()
                if node.attnum > len(outputs):
                    return False
                for inner in walk(outputs[node.attnum - 1].expr):
                    if isinstance(inner, FuncExpr) and (inner.returns_set
                                                        or inner.volatility == "v"):
                        return False
    return True


def _rebuild(tree, new_leaves: dict):
    if isinstance(tree, SetOperationLeaf):
        return new_leaves[id(tree)]
    return dataclasses.replace(tree, left=_rebuild(tree.left, new_leaves),
                               right=_rebuild(tree.right, new_leaves))


__all__ = ["push_quals_into_set_operation"]
