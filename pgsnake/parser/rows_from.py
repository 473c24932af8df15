"""ROWS FROM (f(...), g(...)), column definition lists, and multi-argument unnest in FROM.

A FROM item that calls several functions side by side (ROWS FROM), calls unnest with more
than one array (which PostgreSQL rewrites into ROWS FROM of one-argument unnest calls), or
gives a column definition list for a function returning "record" becomes a function range
table entry whose `function` is a RowsFromCall: the calls, and how many columns each gives.
The scan (executor/rows_from_scan.py) runs every call and sets their rows side by side,
padding the shorter ones with NULLs; WITH ORDINALITY numbers the combined rows.

Entry points:
    needs_rows_from(body) -> bool      a RangeFunction the plain one-call path cannot take
    call_out_columns(expr) -> tuple    (name, type oid) of each column a call in FROM gives,
                                       () for one value
    check_plain_call(pstate, call, expr, out_columns)   the plain path's 42601 for a
                                       "record" function without a column definition list
    transform_rows_from(pstate, body, transform_call) -> (rtindex, NamespaceItem)
                                       analyse it and add its range table entry
    RowsFromCall                       the expression kept in RangeTableEntry.function

Invariants: RowsFromCall.items are the analysed calls in order and column_counts[i] is
how many columns items[i] contributes; record_columns[i] is the column definition list
of a call that has one, ((name, type oid, typmod), ...), checked against the rows it
returns, else (). A
single plain call never becomes a RowsFromCall (the FuncExpr path in analyze.py keeps it).

Column names follow addRangeTableEntryForFunction: a call returning one value is named for
its function (for the table alias when it is the only call and there is an alias); a
record's columns come from its OUT parameters or its column definition list; then
"ordinality"; then the alias's column names replace them in order.

PostgreSQL: parser/parse_clause.c (transformRangeFunction), parser/parse_relation.c
(addRangeTableEntryForFunction, chooseScalarFunctionAlias).
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pgsnake.parser.expression_nodes import FuncExpr
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, PgError, SYNTAX_ERROR

RECORD = 2249
INT8 = 20


@dataclasses.dataclass(frozen=True, slots=True)
class RowsFromCall:
    """The calls of one ROWS FROM item (RangeTblEntry.functions). Walkers see the calls
    through `items` (an expression child field)."""
    items: tuple
    column_counts: tuple
    record_columns: tuple
    type_oid: int = RECORD

    @property
    def function_name(self) -> str | None:
        """The function's name when this is one function call (EXPLAIN names the scan
        after it); None for several calls."""
        if len(self.items) == 1 and isinstance(self.items[0], FuncExpr):
            return self.items[0].function_name
        return None


def call_out_columns(expr) -> tuple:
    """(name, type oid) of each column a function call in FROM gives: its OUT parameters,
    else, when its (resolved) result type is composite, that type's columns -- a
    polymorphic built-in bound to a composite (unnest of a row-type array) expands as a
    user function returning the type does; () for a call giving one value."""
    from pgsnake.datatypes import functions as function_registry
    from pgsnake.parser.composite_expressions import composite_columns
    if not isinstance(expr, FuncExpr):
        return ()
    out = function_registry.out_columns_of(expr.function_oid, expr.function_name, expr.fn)
    if out:
        return out
    columns = composite_columns(expr.type_oid) if expr.type_oid != RECORD else None
    return tuple((name, type_oid) for name, type_oid, _typmod in columns or ())


def _is_multi_argument_unnest(body: dict) -> bool:
    functions = body.get("functions", ())
    if body.get("is_rowsfrom") or len(functions) != 1:
        return False
    return _multi_argument_unnest(functions[0]["List"]["items"][0]) is not None


def _multi_argument_unnest(call: dict) -> dict | None:
    """The FuncCall of `unnest(a, b, ...)` (an unqualified call with several arguments,
    which FROM spreads into one unnest per array), else None."""
    fc = call.get("FuncCall")
    if fc is None:
        return None
    names = [n["String"]["sval"] for n in fc.get("funcname", ())]
    if names == ["unnest"] and len(fc.get("args", ())) > 1 and not (
            fc.get("agg_order") or fc.get("agg_filter") or fc.get("over") or fc.get("agg_star")
            or fc.get("agg_distinct") or fc.get("func_variadic")):
        return fc
    return None


def _split_unnest(fc: dict) -> list[dict]:
    return [{"FuncCall": {"funcname": [{"String": {"sval": "pg_catalog"}},
                                       {"String": {"sval": "unnest"}}],
                          "args": [arg], "funcformat": "COERCE_EXPLICIT_CALL",
                          "location": fc.get("location", -1)}}
            for arg in fc["args"]]


def _refuse_unnest_definition_list(pstate, coldeflist: list) -> None:
    raise PgError(SYNTAX_ERROR, "UNNEST() with multiple arguments cannot have a "
                  "column definition list",
                  hint="Use separate UNNEST() calls inside ROWS FROM(), and attach "
                       "a column definition list to each one.",
                  position=_position(pstate, coldeflist))


def needs_rows_from(body: dict) -> bool:
    functions = body.get("functions", ())
    if body.get("is_rowsfrom") or len(functions) != 1 or body.get("coldeflist"):
        return True
    items = functions[0]["List"]["items"]
    return bool(len(items) > 1 and items[1]) or _is_multi_argument_unnest(body)


def _calls(pstate, body: dict) -> list[tuple[dict, list]]:
    """(raw call, its column definition list) for each function, after the rewrites of
    transformRangeFunction: multi-argument unnest split up, a top-level column
    definition list given to the one function."""
    coldeflist = body.get("coldeflist") or []
    if _is_multi_argument_unnest(body):
        if coldeflist:
            _refuse_unnest_definition_list(pstate, coldeflist)
        fc = body["functions"][0]["List"]["items"][0]["FuncCall"]
        return [(call, []) for call in _split_unnest(fc)]
    calls = []
    for function in body["functions"]:
        items = function["List"]["items"] + [{}]
        coldefs = list((items[1] or {}).get("List", {}).get("items", ()))
        fc = _multi_argument_unnest(items[0])
        if fc is None or coldefs:      # (with a definition list it stays one call)
            calls.append((items[0], coldefs))
        else:
            calls += [(call, []) for call in _split_unnest(fc)]
    if coldeflist:
        if len(calls) != 1:
            raise PgError(SYNTAX_ERROR, "ROWS FROM() with multiple functions cannot have a "
                          "column definition list",
                          hint="Put a separate column definition list for each function "
                               "inside ROWS FROM().",
                          position=_position(pstate, coldeflist))
        calls[0] = (calls[0][0], list(coldeflist))
    return calls


def _position(pstate, coldeflist: list):
    return pstate.position(coldeflist[0]["ColumnDef"].get("location"))


def _figure_name(call: dict) -> str:
    from pgsnake.parser.transform_expression import figure_column_name
    return figure_column_name(call)


def _columns_of_call(pstate, call: dict, expr, coldefs: list, alias_name, nfuncs: int,
                     funcname: str) -> tuple[list, list, list, int]:
    """(names, types, typmods, declared record column types) of one call's columns."""
    from pgsnake.parser.transform_expression import resolve_type_name
    out_columns = call_out_columns(expr)
    if out_columns:
        if coldefs:
            what = "with OUT parameters" if expr.type_oid == RECORD else \
                "returning a named composite type"
            raise PgError(SYNTAX_ERROR, f"a column definition list is redundant for a "
                          f"function {what}", position=_position(pstate, coldefs))
        return [n for n, _ in out_columns], [t for _, t in out_columns], \
            [-1] * len(out_columns), ()
    if expr.type_oid == RECORD:
        if not coldefs:
            raise PgError(SYNTAX_ERROR, 'a column definition list is required for functions '
                          'returning "record"', position=pstate.position(_location(call)))
        names, types, typmods = [], [], []
        for coldef in coldefs:
            column = coldef["ColumnDef"]
            if column.get("collClause"):
                raise PgError(FEATURE_NOT_SUPPORTED, "COLLATE in a column definition list "
                              "is not supported yet")
            type_oid, typmod = resolve_type_name(pstate, column["typeName"])
            names.append(column["colname"])
            types.append(type_oid)
            typmods.append(typmod)
        return names, types, typmods, tuple(zip(names, types, typmods))
    if coldefs:
        raise PgError(SYNTAX_ERROR, 'a column definition list is only allowed for functions '
                      'returning "record"', position=_position(pstate, coldefs))
    # chooseScalarFunctionAlias (a single named OUT parameter gives its name: such a
    # function has out_columns above in pgsnake, so it does not reach here).
    name = alias_name if nfuncs == 1 and alias_name is not None else funcname
    return [name], [expr.type_oid], [getattr(expr, "typmod", -1)], ()


def check_plain_call(pstate, call: dict, expr, out_columns) -> None:
    """A plain call in FROM of a function returning "record" without OUT parameters
    needs a column definition list (which would have sent it here)."""
    if expr.type_oid == RECORD and not out_columns:
        raise PgError(SYNTAX_ERROR, 'a column definition list is required for functions '
                      'returning "record"', position=pstate.position(_location(call)))


def _location(call: dict):
    (node,) = call.values()
    return node.get("location") if isinstance(node, dict) else None


def transform_rows_from(pstate, body: dict, transform_call):
    """Analyse a ROWS FROM item (or a multi-argument unnest, or a call with a column
    definition list) and add its function range table entry. `transform_call(pstate,
    raw_call)` analyses one call as a function in FROM (lateral scope included)."""
    from pgsnake.parser import lateral
    from pgsnake.parser.query import RangeTableEntry
    from pgsnake.parser.relation_resolution import _check_alias_count
    calls = _calls(pstate, body)
    alias_node = body.get("alias")
    alias_name = alias_node.get("aliasname") if alias_node else None
    funcnames = [_figure_name(call) for call, _ in calls]
    exprs, counts, records = [], [], []
    names, types, typmods = [], [], []
    for (call, coldefs), funcname in zip(calls, funcnames):
        if "FuncCall" not in call:
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "only a plain function call is supported in FROM for now")
        expr = transform_call(pstate, call)
        if not isinstance(expr, FuncExpr):
            raise PgError(FEATURE_NOT_SUPPORTED,
                          "only a plain function call is supported in FROM for now")
        n, t, m, declared = _columns_of_call(pstate, call, expr, coldefs, alias_name,
                                             len(calls), funcname)
        exprs.append(expr)
        counts.append(len(n))
        records.append(declared)
        names += n
        types += t
        typmods += m
    ordinality = bool(body.get("ordinality"))
    if ordinality:
        names.append("ordinality")
        types.append(INT8)
        typmods.append(-1)
    alias = alias_name if alias_name is not None else funcnames[0]
    column_aliases = [c["String"]["sval"] for c in (alias_node or {}).get("colnames", ())]
    _check_alias_count(alias, len(names), column_aliases)
    for i, colalias in enumerate(column_aliases):
        names[i] = colalias
    function = RowsFromCall(tuple(exprs), tuple(counts), tuple(records))
    rte = RangeTableEntry("function", alias, names, types, typmods,
                          explicit_alias=alias_node is not None, function=function,
                          with_ordinality=ordinality)
    rtindex, ns_item = pstate._add(rte)
    rte.lateral_relids = lateral.lateral_relids_of_expression(function)
    return rtindex, ns_item


def rows_estimate(function: Any, estimate_one) -> float:
    """A ROWS FROM scan returns as many rows as its longest call (cost_functionscan's
    tuples: the largest of the calls' estimates)."""
    return max(estimate_one(item) for item in function.items)
