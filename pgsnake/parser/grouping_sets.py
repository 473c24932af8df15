"""GROUP BY GROUPING SETS / ROLLUP / CUBE, and the grouping() function.

Entry points:
    has_grouping_sets(group_clause) -> bool
    transform_group_clause(pstate, query, group_clause, transform_item)
        -> (group_by, grouping_sets): group_by lists every distinct grouped expression;
           grouping_sets lists the sets as tuples of indexes into group_by, in the order
           the planner computes them (largest first, then as written)
    transform_grouping_func(pstate, body) -> GroupingFunc
    check_grouping_funcs(pstate, query)    every grouping() argument must be a GROUP BY
                                           expression (42803)
    GroupingFunc                           the node: bit i (from the left) of its int4
                                           value is 1 when argument i is not grouped
                                           in the current grouping set

Expansion, as PostgreSQL's: a plain expression is the one set [e]; ROLLUP (x1..xn) is
[x1..xn], [x1..xn-1], ..., []; CUBE (x1..xn) every subset; GROUPING SETS (...) the sets of
its items one after another; () the empty set; a parenthesised list (a, b) in one of them
is one element. The GROUP BY list is the cartesian product of its items' sets, each
combination concatenated (an expression repeated within a set counts once).

A query with grouping sets keeps them in Query.grouping_sets; a plain GROUP BY leaves it
None. Query.grouping_shape keeps the clause as written (for pg_get_viewdef) and
Query.group_distinct its DISTINCT. Outside grouping sets, grouping() is always 0.

PostgreSQL: parser/parse_clause.c (transformGroupClause, flatten_grouping_sets),
parser/parse_agg.c (transformGroupingFunc, expand_grouping_sets, check_agglevels_and_
constraints), executor/execExprInterp.c (ExecEvalGroupingFunc).
"""
from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from pgsnake.parser.expression_nodes import walk
from pgsnake.utils.errors import PgError

GROUPING_ERROR = "42803"
INT4_OID = 23

_node = dataclasses.dataclass(frozen=True, slots=True)


@_node
class GroupingFunc:
    args: tuple
    type_oid: int = INT4_OID
    location: int = dataclasses.field(default=-1, compare=False)
    # grouping() of an enclosing query's columns, in a subquery: that query's
    # (parser/outer_aggregates.py), passed in as a PARAM_EXEC like an outer aggregate
    levels_up: int = 0


def has_grouping_sets(group_clause) -> bool:
    return any("GroupingSet" in item for item in group_clause or ())


def _element(node, transform_item) -> list:
    """One element of a ROLLUP / CUBE / GROUPING SETS list: an expression, or a
    parenthesised list of them (a RowExpr in the raw tree)."""
    if "RowExpr" in node and not node["RowExpr"].get("colnames"):
        return [transform_item(n) for n in node["RowExpr"].get("args", ())]
    return [transform_item(node)]


def _sets_of(node, transform_item) -> list[list]:
    if "GroupingSet" not in node:
        return [_element(node, transform_item)]
    body = node["GroupingSet"]
    kind = body["kind"]
    content = body.get("content", ())
    if kind == "GROUPING_SET_EMPTY":
        return [[]]
    if kind == "GROUPING_SET_SIMPLE":
        return [[e for item in content for e in _element(item, transform_item)]]
    if kind == "GROUPING_SET_ROLLUP":
        elements = [_element(item, transform_item) for item in content]
        return [[e for part in elements[:n] for e in part]
                for n in range(len(elements), -1, -1)]
    if kind == "GROUPING_SET_CUBE":
        elements = [_element(item, transform_item) for item in content]
        out = []
        for size in range(len(elements), -1, -1):
            for chosen in itertools.combinations(range(len(elements)), size):
                out.append([e for i in chosen for e in elements[i]])
        return out
    # GROUPING_SET_SETS: each item contributes its own sets.
    out = []
    for item in content:
        out.extend(_sets_of(item, transform_item))
    return out


def transform_group_clause(pstate, query, group_clause, transform_item,
                           distinct: bool = False):
    """`transform_item(node)` analyzes one GROUP BY expression (ordinals and output names
    as a plain GROUP BY item). GROUP BY DISTINCT keeps one of the grouping sets that hold
    the same expressions (expand_grouping_sets' groupDistinct)."""
    analysed: dict[int, Any] = {}

    def transform_once(node):        # (the written form is rebuilt from the same results)
        if id(node) not in analysed:
            analysed[id(node)] = transform_item(node)
        return analysed[id(node)]
    per_item = [_sets_of(node, transform_once) for node in group_clause]
    group_by: list = []
    sets: list[tuple] = []
    for combination in itertools.product(*per_item):
        indexes: list[int] = []
        for part in combination:
            for expr in part:
                if expr not in group_by:
                    group_by.append(expr)
                index = group_by.index(expr)
                if index not in indexes:
                    indexes.append(index)
        sets.append(tuple(indexes))
    if distinct:
        seen: set = set()
        sets = [g for g in sets if not (frozenset(g) in seen or seen.add(frozenset(g)))]
    sets.sort(key=len, reverse=True)          # stable: equal sizes keep their order
    query.grouping_shape = [_shape_of(node, transform_once, group_by) for node in group_clause]
    query.group_distinct = distinct
    return group_by, sets


def _shape_of(node, transform_item, group_by: list):
    """The GROUP BY item as written, over indexes into group_by (pg_get_viewdef prints
    it back): ("expr", i), ("row", [i...]), ("empty",), ("simple", [i...]),
    ("rollup" | "cube" | "sets", [shapes])."""
    def element(item):
        if "RowExpr" in item and not item["RowExpr"].get("colnames"):
            return ("row", [group_by.index(transform_item(n))
                            for n in item["RowExpr"].get("args", ())])
        return ("expr", group_by.index(transform_item(item)))
    if "GroupingSet" not in node:
        return element(node)
    body = node["GroupingSet"]
    kind = body["kind"]
    content = body.get("content", ())
    if kind == "GROUPING_SET_EMPTY":
        return ("empty",)
    if kind == "GROUPING_SET_SIMPLE":
        return ("simple", [i for item in content
                           for i in (lambda e: e[1] if e[0] == "row" else [e[1]])(element(item))])
    if kind in ("GROUPING_SET_ROLLUP", "GROUPING_SET_CUBE"):
        return (kind.removeprefix("GROUPING_SET_").lower(), [element(item) for item in content])
    return ("sets", [_shape_of(item, transform_item, group_by) for item in content])


def transform_grouping_func(pstate, body) -> GroupingFunc:
    from pgsnake.parser.transform_expression import transform_expression
    from pgsnake.parser import outer_aggregates
    position = pstate.position(body.get("location"))
    args = tuple(transform_expression(pstate, a) for a in body.get("args", ()))
    level_state = outer_aggregates.level_state(pstate, args, body)
    if level_state.expression_kind != "SELECT":
        raise PgError(GROUPING_ERROR,
                      f"grouping operations are not allowed in {level_state.expression_kind}",
                      position=position)
    if len(args) > 31:
        raise PgError("54023", "GROUPING must have fewer than 32 arguments", position=position)
    found = GroupingFunc(args, location=body.get("location", -1))
    levels_up = outer_aggregates.grouping_level(found)
    if levels_up:
        return outer_aggregates.register_outer_grouping(pstate, found, levels_up)
    pstate.grouping_funcs = getattr(pstate, "grouping_funcs", []) + [found]
    return found


def refuse_grouping_in_aggregate(pstate, args) -> None:
    """grouping() counts as an aggregate: not inside an aggregate's arguments."""
    for arg in args:
        for node in walk(arg):
            if isinstance(node, GroupingFunc):
                raise PgError(GROUPING_ERROR, "aggregate function calls cannot be nested",
                              position=pstate.position(node.location))


def check_grouping_funcs(pstate, query) -> None:
    funcs = getattr(pstate, "grouping_funcs", ())
    if not funcs:
        return
    groups = set(query.group_by)
    for func in funcs:
        for arg in func.args:
            if arg not in groups:
                location = getattr(arg, "location", -1)
                raise PgError(GROUPING_ERROR, "arguments to GROUPING must be grouping "
                                              "expressions of the associated query level",
                              position=pstate.position(location if location not in (None, -1)
                                                       else func.location))


def grouping_value(func: GroupingFunc, grouped: set) -> int:
    """The value of grouping(args) when the expressions in `grouped` are grouped."""
    value = 0
    for arg in func.args:
        value = (value << 1) | (0 if arg in grouped else 1)
    return value


def grouping_funcs_in(exprs) -> list:
    out: list[Any] = []
    for expr in exprs:
        if expr is None:
            continue
        for node in walk(expr):
            if isinstance(node, GroupingFunc) and node not in out:
                out.append(node)
    return out


__all__ = ["GroupingFunc", "has_grouping_sets", "transform_group_clause",
           "transform_grouping_func", "check_grouping_funcs", "grouping_value",
           "grouping_funcs_in"]
