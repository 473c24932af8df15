"""Window functions in parse analysis: OVER clauses, the WINDOW clause, frame clauses.

Entry points:
    begin_windows(pstate, select_body)      before the target list: remember the WINDOW
                                            clause's named definitions (they get the
                                            first window numbers, in order)
    transform_window_call(pstate, body, name, args, position)
                                            a FuncCall with OVER -> WindowFunc
    transform_window_definitions(pstate, query)
                                            after ORDER BY: every window definition the
                                            query used or named -> Query.window_clauses
    check_window_placement(pstate, query)   window functions in HAVING are 42P20
                                            (locking_clause refuses FOR UPDATE with them)
    refuse_windows_in_aggregate(pstate, args)
                                            an aggregate's arguments may not hold one
    WindowFunc, WindowClause, WindowSortKey the nodes; FRAME_* the frame option bits

A call's window is numbered (`winref`, from 1) as PostgreSQL numbers it: the WINDOW
clause's definitions first, in order; then each inline OVER (...) that does not repeat an
earlier definition with the same text (`OVER (ORDER BY a)` twice is one window; compared
as raw trees, positions ignored). `OVER w` is that named window itself; `OVER (w ...)`
is a new window that copies w's PARTITION BY and ORDER BY.

Invariants:
1. Window functions are allowed only in the SELECT list and ORDER BY of a SELECT; not
   in their own arguments, an aggregate's arguments or a window definition.
2. A WindowClause's expressions are analyzed like the SELECT list's (aggregates of the
   query level are allowed, e.g. ORDER BY sum(x) in a grouped query) and are also
   target-list entries (resjunk unless selected), so in a grouped query the ungrouped-
   column check sees them, as PostgreSQL's findTargetlistEntrySQL99 arranges.
3. Frame offsets must not refer to columns; ROWS / GROUPS offsets are bigint; a RANGE
   offset needs exactly one ORDER BY column of a type with in_range support (numeric or
   date/time), and its `+`/`-`/comparison operators are resolved here, once.

PostgreSQL: parser/parse_agg.c (transformWindowFuncCall), parser/parse_clause.c
(transformWindowDefinitions, transformFrameOffset), parser/parse_func.c (the OVER
checks of ParseFuncOrColumn), include/nodes/parsenodes.h (FRAMEOPTION_*).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from pgsnake.datatypes import aggregates, functions, registry, window_functions
from pgsnake.parser import operator_classes
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error, coerce_to_boolean
from pgsnake.parser.expression_nodes import Const, Var, walk
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError

WINDOWING_ERROR = "42P20"
WRONG_OBJECT_TYPE = "42809"
GROUPING_ERROR = "42803"
UNDEFINED_OBJECT = "42704"
INVALID_COLUMN_REFERENCE = "42P10"
DATATYPE_MISMATCH = "42804"

# Frame option bits, as PostgreSQL's parsenodes.h (pglast hands them over unchanged).
FRAME_NONDEFAULT = 0x00001
FRAME_RANGE = 0x00002
FRAME_ROWS = 0x00004
FRAME_GROUPS = 0x00008
FRAME_BETWEEN = 0x00010
FRAME_START_UNBOUNDED_PRECEDING = 0x00020
FRAME_END_UNBOUNDED_PRECEDING = 0x00040
FRAME_START_UNBOUNDED_FOLLOWING = 0x00080
FRAME_END_UNBOUNDED_FOLLOWING = 0x00100
FRAME_START_CURRENT_ROW = 0x00200
FRAME_END_CURRENT_ROW = 0x00400
FRAME_START_OFFSET_PRECEDING = 0x00800
FRAME_END_OFFSET_PRECEDING = 0x01000
FRAME_START_OFFSET_FOLLOWING = 0x02000
FRAME_END_OFFSET_FOLLOWING = 0x04000
FRAME_EXCLUDE_CURRENT_ROW = 0x08000
FRAME_EXCLUDE_GROUP = 0x10000
FRAME_EXCLUDE_TIES = 0x20000
FRAME_START_OFFSET = FRAME_START_OFFSET_PRECEDING | FRAME_START_OFFSET_FOLLOWING
FRAME_END_OFFSET = FRAME_END_OFFSET_PRECEDING | FRAME_END_OFFSET_FOLLOWING
FRAME_EXCLUSION = FRAME_EXCLUDE_CURRENT_ROW | FRAME_EXCLUDE_GROUP | FRAME_EXCLUDE_TIES
FRAME_DEFAULTS = FRAME_RANGE | FRAME_START_UNBOUNDED_PRECEDING | FRAME_END_CURRENT_ROW

INT8_OID = 20
INTERVAL_OID = 1186
_NUMERIC_TYPES = {21, 23, 20, 700, 701, 1700}
_DATETIME_TYPES = {1082, 1083, 1114, 1184, 1186, 1266}     # date, time, timestamp(tz), interval, timetz

_node = dataclasses.dataclass(frozen=True, slots=True)


@_node
class WindowFunc:
    """A window function call, or an aggregate used with OVER (PostgreSQL's WindowFunc).
    `function` is the datatypes WindowFunction, `aggregate` the datatypes Aggregate (one
    of the two is set). The WindowAgg of window `winref` computes it; nodes above find
    its value in their input row (the node itself is its layout key)."""
    function_name: str
    function_oid: int
    args: tuple
    type_oid: int
    winref: int
    agg_filter: Any = None
    star: bool = False
    function: Any = dataclasses.field(default=None, compare=False)
    aggregate: Any = dataclasses.field(default=None, compare=False)
    location: int = dataclasses.field(default=-1, compare=False)

    @property
    def is_aggregate(self) -> bool:
        return self.aggregate is not None


@dataclasses.dataclass(frozen=True)
class WindowSortKey:
    expr: Any
    descending: bool = False
    nulls_first: bool = False


@dataclasses.dataclass(frozen=True)
class RangeSupport:
    """What RANGE offset PRECEDING / FOLLOWING needs (PostgreSQL's in_range functions):
    add(value, offset) and subtract(value, offset) give the bound; at_least(value, bound)
    and at_most(value, bound) compare a row's value with it."""
    add: Callable = dataclasses.field(compare=False)
    subtract: Callable = dataclasses.field(compare=False)
    at_least: Callable = dataclasses.field(compare=False)
    at_most: Callable = dataclasses.field(compare=False)


@dataclasses.dataclass
class WindowClause:
    """One window of a query level (PostgreSQL's WindowClause). `winref` numbers it from
    1; `name` is its WINDOW clause name, if any."""
    winref: int
    name: str | None
    partition_by: list
    order_by: list                      # WindowSortKey
    frame_options: int = FRAME_DEFAULTS
    start_offset: Any = None            # expression (ROWS / GROUPS: bigint)
    end_offset: Any = None
    range_support: RangeSupport | None = None
    # What the definition was written as, for printing it back (ruleutils.c): the window
    # it copies (`(w ORDER BY a)`), and whether its ORDER BY came from that window.
    refname: str | None = None
    copied_order: bool = False

    def converted(self, convert) -> "WindowClause":
        """A copy with every expression passed through `convert` (the planner's
        SubLink / outer-reference conversion)."""
        return dataclasses.replace(
            self, partition_by=[convert(e) for e in self.partition_by],
            order_by=[dataclasses.replace(k, expr=convert(k.expr)) for k in self.order_by],
            start_offset=convert(self.start_offset), end_offset=convert(self.end_offset))

    def sort_keys(self) -> list[WindowSortKey]:
        """What the input must be sorted by: PARTITION BY (ascending) then the ORDER BY
        keys not already among them (PostgreSQL drops those from the pathkeys)."""
        keys = [WindowSortKey(e) for e in self.partition_by]
        seen = {e for e in self.partition_by}
        for key in self.order_by:
            if key.expr not in seen:
                keys.append(key)
                seen.add(key.expr)
        return keys


class _WindowState:
    """A query level's window definitions while it is analyzed: raw WindowDef trees,
    index + 1 = winref."""

    def __init__(self) -> None:
        self.defs: list[dict] = []


def _state(pstate) -> _WindowState:
    state = getattr(pstate, "window_state", None)
    if state is None:
        state = pstate.window_state = _WindowState()
    return state


def _without_locations(value):
    if isinstance(value, dict):
        return {k: _without_locations(v) for k, v in value.items() if k != "location"}
    if isinstance(value, list):
        return [_without_locations(v) for v in value]
    return value


def begin_windows(pstate, body: dict) -> None:
    state = _state(pstate)
    state.defs = [d["WindowDef"] for d in body.get("windowClause", ())]


def has_window_functions(expr) -> bool:
    return any(isinstance(n, WindowFunc) for n in walk(expr))


def _first_window_function(expr):
    return next((n for n in walk(expr) if isinstance(n, WindowFunc)), None)


# -- calls ---------------------------------------------------------------------------------

def transform_window_call(pstate, body: dict, name: str, args: list, position):
    """A FuncCall with OVER: a window function or an aggregate over a window."""
    from pgsnake.parser.transform_expression import _input_type, transform_expression
    if getattr(pstate, "in_window_definition", False):
        raise PgError(WINDOWING_ERROR, "window functions are not allowed in window definitions",
                      position=position)
    kind = "VALUES" if getattr(pstate, "values_row", False) else pstate.expression_kind
    if kind != "SELECT":
        raise PgError(WINDOWING_ERROR, f"window functions are not allowed in {kind}",
                      position=position)
    if body.get("agg_within_group"):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"OVER is not supported for ordered-set aggregate {name}", position=position)
    star = bool(body.get("agg_star"))
    arg_types = [_input_type(a) for a in args]
    aggregate = None
    function = window_functions.resolve_window_function(name, len(args)) if not star else None
    if function is None:
        try:
            aggregate = aggregates.resolve_aggregate(name, arg_types, star)
        except PgError as err:
            if err.sqlstate == "42725":
                if err.position is None:
                    err.position = position
                raise
            aggregate = None
    if aggregate is not None and not star and not args:
        names = [n["String"]["sval"] for n in body["funcname"]]
        raise PgError(WRONG_OBJECT_TYPE, f"{'.'.join(names)}(*) must be used to call a "
                      "parameterless aggregate function", position=position)
    if function is None and aggregate is None:
        from pgsnake.parser import aggregate_order
        aggregate_order.refuse_missing_within_group(pstate, name, None, arg_types, position)
        try:
            functions.resolve_function(name, arg_types)
        except PgError as err:
            if err.position is None:
                err.position = position
            raise err from None
        raise PgError(WRONG_OBJECT_TYPE, f"OVER specified, but {name} is not a window function "
                                         "nor an aggregate function", position=position)
    if body.get("agg_distinct"):
        raise PgError(FEATURE_NOT_SUPPORTED, "DISTINCT is not implemented for window functions",
                      position=position)
    if body.get("agg_order"):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "aggregate ORDER BY is not implemented for window functions",
                      position=position)
    if body.get("agg_filter") is not None and aggregate is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "FILTER is not implemented for non-aggregate window functions",
                      position=position)
    for arg in args:
        nested = _first_window_function(arg)
        if nested is not None:
            raise PgError(WINDOWING_ERROR, "window function calls cannot be nested",
                          position=pstate.position(nested.location))
    agg_filter = None
    if aggregate is not None:
        coerced = tuple(coerce_or_error(pstate, a, t, -1, "implicit", position)
                        for a, t in zip(args, aggregate.arg_types))
        coerced += tuple(args[len(aggregate.arg_types):])
        result_type, oid = aggregate.result_type, aggregate.oid
        if body.get("agg_filter") is not None:
            outer_kind, pstate.expression_kind = pstate.expression_kind, "FILTER"
            try:
                agg_filter = transform_expression(pstate, body["agg_filter"])
            finally:
                pstate.expression_kind = outer_kind
            agg_filter = coerce_to_boolean(pstate, agg_filter, "FILTER", position)
    else:
        coerced, result_type = _bind_window_arguments(pstate, function, args, position)
        oid = function.oid
    winref = _window_reference(pstate, body["over"])
    return WindowFunc(name, oid, coerced, result_type, winref, agg_filter, star,
                      function, aggregate, body.get("location", -1))


def _bind_window_arguments(pstate, function, args, position):
    """Coerce to the declared types; anyelement / anycompatible take the arguments' type
    (an unknown literal becomes text)."""
    from pgsnake.parser.transform_expression import resolve_common_type
    poly = [a for a, t in zip(args, function.arg_types)
            if t in (window_functions.ANYELEMENT, window_functions.ANYCOMPATIBLE)]
    bound = None
    if poly:
        if len(poly) == 1 and poly[0].type_oid in (0, UNKNOWN_OID):
            raise PgError(DATATYPE_MISMATCH, "could not determine polymorphic type because "
                                             "input has type unknown")
        bound = resolve_common_type(pstate, poly, function.name)
    out = []
    for arg, declared in zip(args, function.arg_types):
        target = bound if declared in (window_functions.ANYELEMENT,
                                       window_functions.ANYCOMPATIBLE) else declared
        out.append(coerce_or_error(pstate, arg, target, -1, "implicit", position))
    result = function.result_type
    if result in (window_functions.ANYELEMENT, window_functions.ANYCOMPATIBLE):
        result = bound
    return tuple(out), result


def _window_reference(pstate, over: dict) -> int:
    state = _state(pstate)
    if over.get("name"):
        for winref, definition in enumerate(state.defs, start=1):
            if definition.get("name") == over["name"]:
                return winref
        raise PgError(UNDEFINED_OBJECT, f'window "{over["name"]}" does not exist',
                      position=pstate.position(over.get("location")))
    wanted = _without_locations(over)
    for winref, definition in enumerate(state.defs, start=1):
        if definition.get("refname") != over.get("refname"):
            continue
        candidate = _without_locations(definition)
        if all(candidate.get(k) == wanted.get(k) for k in
               ("partitionClause", "orderClause", "frameOptions", "startOffset", "endOffset")):
            return winref
    state.defs.append(over)
    return len(state.defs)


def refuse_windows_in_aggregate(pstate, args) -> None:
    for arg in args:
        found = _first_window_function(arg)
        if found is not None:
            raise PgError(GROUPING_ERROR,
                          "aggregate function calls cannot contain window function calls",
                          position=pstate.position(found.location))


def refuse_window_call_without_over(pstate, name: str, nargs: int, position) -> None:
    """A window function called as a plain function (PostgreSQL: 42809)."""
    if window_functions.resolve_window_function(name, nargs) is not None:
        raise PgError(WRONG_OBJECT_TYPE, f"window function {name} requires an OVER clause",
                      position=position)


# -- definitions ---------------------------------------------------------------------------

def transform_window_definitions(pstate, query) -> None:
    """Every window definition of this level -> query.window_clauses (winref order)."""
    query.has_window_functions = bool(used_winrefs(query))
    state = getattr(pstate, "window_state", None)
    if state is None or not state.defs:
        return
    clauses: list[WindowClause] = []
    pstate.in_window_definition = True
    try:
        for winref, definition in enumerate(state.defs, start=1):
            clauses.append(_transform_definition(pstate, definition, winref, clauses))
    finally:
        pstate.in_window_definition = False
    query.window_clauses = clauses
    # Like PostgreSQL (findTargetlistEntrySQL99), each PARTITION BY / ORDER BY expression
    # is a target-list entry, resjunk unless the SELECT list has it: the grouped-column
    # check and the planner see them there, and EXPLAIN's widths count them.
    from pgsnake.parser.query import TargetEntry
    for clause in clauses:
        for expr in list(clause.partition_by) + [k.expr for k in clause.order_by]:
            if not any(t.expr == expr for t in query.target_list):
                query.target_list.append(TargetEntry(expr, "?column?", resjunk=True))


def _transform_definition(pstate, d: dict, winref: int, done: list) -> WindowClause:
    from pgsnake.parser.transform_expression import transform_expression
    location = pstate.position(d.get("location"))
    name = d.get("name")
    if name and any(c.name == name for c in done):
        raise PgError(WINDOWING_ERROR, f'window "{name}" is already defined', position=location)
    base = None
    copied_order = False
    if d.get("refname"):
        base = next((c for c in done if c.name == d["refname"]), None)
        if base is None:
            raise PgError(UNDEFINED_OBJECT, f'window "{d["refname"]}" does not exist',
                          position=location)
    partition = []
    for node in d.get("partitionClause", ()):
        expr = transform_expression(pstate, node)
        operator_classes.require_equality(expr.type_oid, _node_position(pstate, node))
        if expr not in partition:
            partition.append(expr)
    order = []
    for item in d.get("orderClause", ()):
        order.append(_transform_sort_key(pstate, item["SortBy"], transform_expression))
    if base is not None:
        if partition:
            raise PgError(WINDOWING_ERROR, f'cannot override PARTITION BY clause of window '
                                           f'"{d["refname"]}"', position=location)
        partition = list(base.partition_by)
        if base.order_by and order:
            raise PgError(WINDOWING_ERROR, f'cannot override ORDER BY clause of window '
                                           f'"{d["refname"]}"', position=location)
        if not order:
            order = list(base.order_by)
            copied_order = bool(order)
        if base.frame_options != FRAME_DEFAULTS:
            raise PgError(WINDOWING_ERROR, f'cannot copy window "{d["refname"]}" because it '
                                           'has a frame clause', position=location,
                          hint=None if name else "Omit the parentheses in this OVER clause.")
    clause = WindowClause(winref, name, partition, order, d.get("frameOptions", FRAME_DEFAULTS),
                          refname=d.get("refname"), copied_order=copied_order)
    _transform_frame(pstate, d, clause, location, transform_expression)
    return clause


def _node_position(pstate, node):
    body = next(iter(node.values()))
    return pstate.position(body.get("location")) if isinstance(body, dict) else None


def _transform_sort_key(pstate, sort_by: dict, transform_expression) -> WindowSortKey:
    from pgsnake.parser import sort_using
    expr = transform_expression(pstate, sort_by["node"])
    descending, nulls_first = sort_using.sort_direction(
        pstate, sort_by, expr.type_oid,
        lambda: operator_classes.require_ordering(expr.type_oid,
                                                  _node_position(pstate, sort_by["node"])))
    return WindowSortKey(expr, descending, nulls_first)


def _transform_frame(pstate, d, clause: WindowClause, location, transform_expression) -> None:
    options = clause.frame_options
    if options & FRAME_RANGE and options & (FRAME_START_OFFSET | FRAME_END_OFFSET):
        if len(clause.order_by) != 1:
            raise PgError(WINDOWING_ERROR, "RANGE with offset PRECEDING/FOLLOWING requires "
                                           "exactly one ORDER BY column", position=location)
    if options & FRAME_GROUPS and not clause.order_by:
        raise PgError(WINDOWING_ERROR, "GROUPS mode requires an ORDER BY clause",
                      position=location)
    mode = "ROWS" if options & FRAME_ROWS else "GROUPS" if options & FRAME_GROUPS else "RANGE"
    offsets = []
    for key in ("startOffset", "endOffset"):
        node = d.get(key)
        if node is None:
            offsets.append(None)
            continue
        expr = transform_expression(pstate, node)
        column = next((n for n in walk(expr) if isinstance(n, Var) and n.levels_up == 0), None)
        if column is not None:
            raise PgError(INVALID_COLUMN_REFERENCE, f"argument of {mode} must not contain "
                                                    "variables",
                          position=pstate.position(column.location))
        if mode == "RANGE":
            expr = _range_offset(pstate, clause, expr, node)
        else:
            expr = coerce_or_error(pstate, expr, INT8_OID, -1, "assignment",
                                   _node_position(pstate, node))
        offsets.append(expr)
    clause.start_offset, clause.end_offset = offsets


def _range_offset(pstate, clause: WindowClause, offset, node):
    """Coerce a RANGE offset to the type in_range takes for the ORDER BY column's type,
    and resolve the operators that compute and compare the bound."""
    from pgsnake.parser.transform_expression import make_operator
    from pgsnake.parser.transform_expression import leftmost_location
    # (the type the ORDER BY column's sort operator class takes: text for varchar)
    column_type = operator_classes.btree_input_type(clause.order_by[0].expr.type_oid)
    position = pstate.position(leftmost_location(node))
    offset_type = offset.type_oid
    if column_type not in _NUMERIC_TYPES | _DATETIME_TYPES:
        raise PgError(FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING is not "
                      f"supported for column type {registry.format_type(column_type)}",
                      position=position)
    if column_type in _DATETIME_TYPES:
        target = INTERVAL_OID
    elif column_type in (21, 23, 20) and offset_type in (21, 23, 20):
        target = offset_type
    elif column_type in (700, 701) and offset_type not in (UNKNOWN_OID, 0):
        target = 701
    else:
        target = column_type if column_type != 21 else 23
    if offset_type not in (UNKNOWN_OID, 0, target):
        from pgsnake.parser.coercion import coerce_to_type
        coerced = coerce_to_type(pstate, offset, target, -1, "implicit", position)
        if coerced is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "RANGE with offset PRECEDING/FOLLOWING is "
                          f"not supported for column type {registry.format_type(column_type)} "
                          f"and offset type {registry.format_type(offset_type)}",
                          position=position,
                          hint="Cast the offset value to an appropriate type.")
        offset = coerced
    else:
        offset = coerce_or_error(pstate, offset, target, -1, "implicit", position)
    value = Const(column_type, None)
    step = Const(offset.type_oid, None)
    add = make_operator(pstate, "+", value, step, None)
    subtract = make_operator(pstate, "-", value, step, None)
    bound = Const(add.type_oid, None)
    at_least = make_operator(pstate, ">=", value, bound, None)
    at_most = make_operator(pstate, "<=", value, bound, None)
    clause.range_support = RangeSupport(add.fn, subtract.fn, at_least.fn, at_most.fn)
    return offset


# -- placement checks ----------------------------------------------------------------------

def check_window_placement(pstate, query) -> None:
    if query.having is not None:
        found = _first_window_function(query.having)
        if found is not None:
            raise PgError(WINDOWING_ERROR, "window functions are not allowed in HAVING",
                          position=pstate.position(found.location))


def used_winrefs(query) -> set:
    found = set()
    for tle in query.target_list:
        for node in walk(tle.expr):
            if isinstance(node, WindowFunc):
                found.add(node.winref)
    return found


__all__ = ["WindowFunc", "WindowClause", "WindowSortKey", "RangeSupport",
           "transform_window_call", "transform_window_definitions", "begin_windows",
           "check_window_placement", "refuse_windows_in_aggregate"]
