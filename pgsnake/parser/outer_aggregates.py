"""Aggregates of an enclosing query level, written inside a subquery.

`SELECT (SELECT max(t.a) FROM u) FROM t`: an aggregate whose arguments use only columns
of enclosing queries belongs to the innermost of those levels (PostgreSQL's agglevelsup):
that level aggregates it (it becomes a grouped query with one group when it has no GROUP
BY), and the subquery sees its value as a constant, passed in as a PARAM_EXEC like an
outer column (optimizer/subselect.py `outer_param`).

Entry points:
    level_state(pstate, args, body) -> ParseState   the ParseState of the level an
                                      aggregate call with these arguments belongs to
                                      (its clause decides whether aggregates are allowed)
    aggregate_level(aggref) -> int    its levels_up: the smallest level of the columns its
                                      arguments, ORDER BY keys and FILTER use (0 without any)
    register_outer_aggregate(pstate, aggref, levels_up, position) -> Aggref
                                      records the aggregate (its columns re-leveled to that
                                      query) in the owning level's aggregates; returns the
                                      Aggref with `levels_up` set, as the subquery keeps it
    grouping_level(func), register_outer_grouping(pstate, func, levels_up)
                                      the same for grouping() (GroupingFunc.levels_up)
    nested_aggregate(exprs)           an aggregate of the same level inside the arguments

PostgreSQL: parser/parse_agg.c (check_agg_arguments' min_varlevel, check_agglevels_and_
constraints); optimizer/util/paramassign.c (replace_outer_agg).
"""
from __future__ import annotations

import copy
import dataclasses

from pgsnake.parser.expression_nodes import SubLink, Var, walk


def _column_levels(exprs) -> list[int]:
    """The query levels (relative to the aggregate's own) of the columns `exprs` use,
    looking into their subqueries (a Var `depth` levels down pointing further out)."""
    from pgsnake.rewrite import tree_mapping
    levels: list[int] = []

    def note(var, depth):
        if var.levels_up >= depth:
            levels.append(var.levels_up - depth)
        return None
    for expr in exprs:
        if expr is not None:
            tree_mapping.map_expression(expr, note)
    return levels


def aggregate_level(aggref) -> int:
    levels = _column_levels(list(aggref.args) + [aggref.agg_filter])
    return min(levels) if levels else 0


def level_state(pstate, args, body):
    """The ParseState of the query the aggregate call belongs to, judged by its
    (transformed) arguments: its clause decides "aggregate functions are not allowed in
    ..."."""
    levels = _column_levels(args)
    state = pstate
    for _ in range(min(levels) if levels else 0):
        if state.parent is None:
            break
        state = state.parent
    return state


def register_outer_aggregate(pstate, aggref, levels_up: int, position):
    state = pstate
    for _ in range(levels_up):
        state = state.parent
    from pgsnake.rewrite import tree_mapping
    if any(isinstance(n, SubLink) for a in list(aggref.args) + [aggref.agg_filter]
           if a is not None for n in walk(a)):
        # re-leveling maps a subquery in the arguments in place: the owning level gets
        # its own copy, the subquery keeps the call as written
        owned = copy.deepcopy(aggref)
    else:
        owned = aggref

    def relevel(var: Var, depth):
        if var.levels_up >= depth + levels_up:
            return dataclasses.replace(var, levels_up=var.levels_up - levels_up)
        return None
    base = tree_mapping.map_expression(owned, relevel)
    if base not in state.aggregates:
        state.aggregates.append(base)
    return dataclasses.replace(aggref, levels_up=levels_up)


def grouping_level(func) -> int:
    """grouping()'s level: that of its arguments' columns (0 without any)."""
    levels = _column_levels(func.args)
    return min(levels) if levels else 0


def register_outer_grouping(pstate, func, levels_up: int):
    """grouping() of an enclosing query's columns: checked against that query's GROUP BY
    there (its grouping_funcs), kept here with `levels_up`."""
    state = pstate
    for _ in range(levels_up):
        state = state.parent
    from pgsnake.rewrite import tree_mapping

    def relevel(var: Var, depth):
        if var.levels_up >= depth + levels_up:
            return dataclasses.replace(var, levels_up=var.levels_up - levels_up)
        return None
    base = tree_mapping.map_expression(func, relevel)
    state.grouping_funcs = getattr(state, "grouping_funcs", []) + [base]
    return dataclasses.replace(func, levels_up=levels_up)


def nested_aggregate(exprs, context=()):
    """Whether an aggregate's arguments hold an aggregate of the level the outer one
    belongs to (that of the columns of `exprs` and its other arguments `context`): the
    first such Aggref, or None: "aggregate function calls cannot be nested". An
    aggregate of an enclosing level inside (max(x + sum(outer.a))) is a value there."""
    from pgsnake.parser.expression_nodes import Aggref
    exprs = [e for e in exprs if e is not None]
    levels = _column_levels(exprs + [e for e in context if e is not None])
    level = min(levels) if levels else 0
    return next((n for e in exprs for n in walk(e)
                 if isinstance(n, Aggref) and n.levels_up == level), None)
