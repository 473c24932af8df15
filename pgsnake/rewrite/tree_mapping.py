"""Walking and rewriting analysed query trees: every Var of a query, at any subquery depth.

Expression nodes are frozen (parser/expression_nodes.py), so a changed expression is
rebuilt bottom-up; Query, RangeTableEntry, TargetEntry and JoinTreeNode are mutable and
are changed in place. A nested Query (a FROM subquery, a SubLink's subquery, an INSERT's
source, a UNION branch) is one level deeper: its Vars with levels_up == depth refer to the
query the walk started at.

Entry points:
    map_query(query, fn, depth=0)        fn(var, depth) -> replacement or None, in place
    map_expression(expr, fn, depth=0) -> expr
    increment_levels_up(expr, by) -> expr     (PostgreSQL's IncrementVarSublevelsUp)
    nested_queries(query) -> the Query objects directly inside `query`
    copy_tree(tree) -> a deep copy that shares what cannot change in place

PostgreSQL: rewrite/rewriteManip.c (ChangeVarNodes, IncrementVarSublevelsUp,
ReplaceVarsFromTargetList), nodes/nodeFuncs.c (query_tree_mutator).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.parser.expression_nodes import ColumnReference, Var
from pgsnake.parser.query import Query

# Fields that hold catalog objects or callables, never expressions; and the references
# back to a WITH query: a CTE reference's `cte` (RangeTableEntry kind 'cte') and a
# recursive query's SetOperation.recursive_cte. The WITH query belongs to the query whose
# cte_list holds it and is walked there, at its own depth (as range_table_walker skips
# RTE_CTE); walking it again from a reference inside it would loop forever.
_OPAQUE_FIELDS = frozenset(("relation", "fn", "aggregate", "compare", "equal", "index",
                            "cte", "recursive_cte"))


def _is_tree_node(value) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type) \
        and type(value).__module__.startswith("pgsnake.parser.")


def map_expression(expr, fn, depth: int = 0):
    """`expr` with every Var replaced where fn(var, depth_of_var) returns a node."""
    return _map(expr, fn, depth)


# The Query objects one walk has mapped already: a set operation's leaf queries are
# reachable twice (Query.set_operation holds the tree and the list of its leaves), and
# mapping in place twice would apply fn twice.
_mapped = None


def map_query(query: Query, fn, depth: int = 0) -> None:
    """Apply fn to every Var of `query` and everything nested in it (in place)."""
    global _mapped
    outermost = _mapped is None
    if outermost:
        _mapped = set()
    try:
        if id(query) in _mapped:
            return
        _mapped.add(id(query))
        for field in dataclasses.fields(query):
            if field.name in _OPAQUE_FIELDS:
                continue
            value = getattr(query, field.name)
            new = _map(value, fn, depth)
            if new is not value:
                setattr(query, field.name, new)
    finally:
        if outermost:
            _mapped = None


def _map(value, fn, depth):
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    if isinstance(value, Var):
        replacement = fn(value, depth)
        return value if replacement is None else replacement
    if isinstance(value, Query):
        map_query(value, fn, depth + 1)
        return value
    if isinstance(value, ColumnReference):
        # an output column of the child query (an INSERT's source, a set operation's
        # leaves): its shown_as is an expression of that query, whose Vars are not this
        # query's (a multi-row VALUES column is a Var of the VALUES list's own rtindex)
        return value
    if isinstance(value, list):
        items = [_map(v, fn, depth) for v in value]
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, tuple):
        items = tuple(_map(v, fn, depth) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, dict):
        items = {k: _map(v, fn, depth) for k, v in value.items()}
        return value if all(items[k] is value[k] for k in value) else items
    if not _is_tree_node(value):
        return value
    params = type(value).__dataclass_params__
    changes = {}
    for field in dataclasses.fields(value):
        if field.name in _OPAQUE_FIELDS:
            continue
        old = getattr(value, field.name)
        new = _map(old, fn, depth)
        if new is not old:
            changes[field.name] = new
    if not changes:
        return value
    if params.frozen:
        return dataclasses.replace(value, **changes)
    for name, new in changes.items():
        setattr(value, name, new)
    return value


def increment_levels_up(expr, by: int):
    """Vars of `expr` that point outside it (at or above its own level) moved `by`
    levels further out: `expr` is being placed `by` query levels deeper."""
    if by == 0:
        return expr

    def bump(var, depth):
        if var.levels_up >= depth:
            return dataclasses.replace(var, levels_up=var.levels_up + by)
        return None
    return map_expression(expr, bump)


def nested_queries(query: Query) -> list[Query]:
    """The Query objects directly below `query` (not below those)."""
    found: list[Query] = []

    def visit(value):
        if value is None or isinstance(value, (str, int, float, bool, bytes)):
            return
        if isinstance(value, Query):
            found.append(value)
            return
        if isinstance(value, (list, tuple)):
            for v in value:
                visit(v)
            return
        if isinstance(value, dict):
            for v in value.values():
                visit(v)
            return
        if _is_tree_node(value):
            for field in dataclasses.fields(value):
                if field.name not in _OPAQUE_FIELDS:
                    visit(getattr(value, field.name))

    for field in dataclasses.fields(query):
        if field.name not in _OPAQUE_FIELDS:
            visit(getattr(query, field.name))
    return found


def copy_tree(tree):
    """A deep copy of a query or expression tree, sharing catalog objects and functions
    (the fields this module never walks into), WITH queries' definitions, and every subtree made only of frozen nodes
    (expression nodes are frozen: nothing can change them in place, so the copy and the
    original may hold the same ones; a frozen node above a mutable one, such as a
    SubLink's Query, is copied)."""
    memo: dict = {}
    immutable: dict[int, bool] = {}

    def share(value) -> bool:
        """Walk `value`, recording what the copy may share; True if nothing in it can
        change in place."""
        if value is None or isinstance(value, (str, int, float, bool, bytes)):
            return True
        known = immutable.get(id(value))
        if known is not None:
            return known
        immutable[id(value)] = False          # (a cycle back here counts as mutable)
        if isinstance(value, (list, dict)):
            for v in (value.values() if isinstance(value, dict) else value):
                share(v)
            return False
        if isinstance(value, tuple):
            result = all([share(v) for v in value])
        elif dataclasses.is_dataclass(value) and not isinstance(value, type) \
                and type(value).__module__.startswith("pgsnake.parser."):
            result = type(value).__dataclass_params__.frozen
            for field in dataclasses.fields(value):
                v = getattr(value, field.name)
                if field.name in _OPAQUE_FIELDS or field.name == "cte" \
                        or callable(v) and not dataclasses.is_dataclass(v):
                    if v is not None:
                        memo[id(v)] = v
                elif not share(v):
                    result = False
        else:
            result = True
        if result:
            memo[id(value)] = value
        immutable[id(value)] = result
        return result

    share(tree)
    return copy.deepcopy(tree, memo)
