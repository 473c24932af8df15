"""Analyzed expressions back to SQL text, as EXPLAIN prints them.

Entry points: expression_text(expr, use_prefix) -> str; var_names(names) (EXPLAIN's
unique range-table names for qualified columns, while a plan node is printed);
param_names(by_slot) (the names a Nested Loop's parameters print their outer columns
with below it: a partitionwise join's pair names its partitions)

PostgreSQL's conventions: every operator application is parenthesised, `(a > 1)`;
constants that are not plain integers or plain decimals carry a cast, `'x'::text`,
`'-1'::integer`, `'2'::numeric`; implicit coercions show as `(e)::text`; IN lists as
`(a = ANY ('{1,2}'::integer[]))`. Column references are qualified (`t.a`) when
use_prefix is set.

PostgreSQL: utils/adt/ruleutils.c (deparse_expression, get_rule_expr, get_const_expr).
"""
from __future__ import annotations

import contextlib
import contextvars
import re

from pgsnake.datatypes import registry
from pgsnake.utils.errors import PgError
from pgsnake.parser.expression_nodes import (
    Aggref, ArrayExpr, BooleanTest, BoolExpr, CaseExpr, CoalesceExpr, CoerceExpr,
    ColumnReference, Const, FuncExpr, MinMaxExpr, NullIfExpr, NullTest, OpExpr, Param,
    PlaceHolderVar,
    RowCompareExpr, RowExpr, ScalarArrayOpExpr, SQLValueFunction, SubPlan, SubscriptAssign,
    SubscriptExpr, Var)

_PLAIN_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def _quote_identifier(name: str) -> str:
    from pgsnake.utils.setting_values import quote_identifier
    return quote_identifier(name)         # keywords quoted too ("xmltable".x)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def const_text(expr: Const) -> str:
    type_name = registry.format_type(expr.type_oid, expr.typmod)
    if expr.value is None:
        return f"NULL::{type_name}"
    if expr.type_oid == 16:
        return "true" if expr.value else "false"
    text = registry.get_type(expr.type_oid).output(expr.value)
    if expr.type_oid == 23 and _PLAIN_NUMBER.match(text):
        return text
    if expr.type_oid == 1700 and _PLAIN_NUMBER.match(text) and "." in text:
        # a float-looking numeric reads back as numeric, but not its typmod
        return text if expr.typmod < 0 else f"{text}::{type_name}"
    return f"{_literal(text)}::{type_name}"


def expression_text(expr, use_prefix: bool = False) -> str:
    return _Deparser(use_prefix).text(expr)


def key_text(expr, use_prefix: bool = False) -> str:
    """A grouping or sort key as the node computing it prints it: a PlaceHolderVar as
    its expression (a grouping-sets one, computed by the grouping's input); one of a
    subquery pulled up from an outer join's nullable side was computed below the join,
    so it prints as a reference to it, in parentheses."""
    if isinstance(expr, PlaceHolderVar) and not expr.null_marker:
        expr = expr.arg
    return expression_text(expr, use_prefix)


# EXPLAIN's unique names (commands/explain_names.py) for the Vars of the plan node being
# printed: rtindex -> name; None outside EXPLAIN.
_VAR_NAMES: contextvars.ContextVar = contextvars.ContextVar("var_names", default=None)


# The names a Nested Loop's parameters print their outer columns with, by slot: a
# partitionwise join's pair names its partitions (optimizer/partitionwise_join.py), so
# `Index Cond: (a = t2_1.b)`; other outer references print their column's own alias.
_PARAM_NAMES: contextvars.ContextVar = contextvars.ContextVar("param_names", default=None)


def param_names_current():
    return _PARAM_NAMES.get()


@contextlib.contextmanager
def param_names(names: dict):
    token = _PARAM_NAMES.set(names)
    try:
        yield
    finally:
        _PARAM_NAMES.reset(token)


@contextlib.contextmanager
def var_names(names: dict):
    token = _VAR_NAMES.set(names)
    try:
        yield
    finally:
        _VAR_NAMES.reset(token)


class _Deparser:
    def __init__(self, use_prefix: bool) -> None:
        self.use_prefix = use_prefix

    def text(self, expr) -> str:
        # a node class without its own method prints as its base class (DomainCoercion
        # as the CoerceExpr it extends)
        method = next((m for m in (getattr(self, "_" + cls.__name__, None)
                                   for cls in type(expr).__mro__) if m is not None), None)
        if method is None:
            return f"<{type(expr).__name__}>"
        return method(expr)

    def _CurrentOfExpr(self, e) -> str:
        """ruleutils: the cursor's name, or the parameter that holds it."""
        if e.cursor_name is not None:
            return f"CURRENT OF {_quote_identifier(e.cursor_name)}"
        return f"CURRENT OF ${e.args[2].number}"

    def _Var(self, e: Var) -> str:
        names = _VAR_NAMES.get()
        replaced = names.get(("replace", e.rtindex)) if names else None
        if replaced is not None and 0 < e.attnum <= len(replaced[0]):
            # A column of a Subquery Scan EXPLAIN left out: the subquery's expression.
            exprs, inner_names = replaced
            token = _VAR_NAMES.set(inner_names)
            try:
                return self.text(exprs[e.attnum - 1])
            finally:
                _VAR_NAMES.reset(token)
        name = _quote_identifier(e.column_name)
        if not self.use_prefix:
            return name
        alias = names.get(e.rtindex, e.relation_alias) if names else e.relation_alias
        if not isinstance(alias, str):      # a removed Subquery Scan's column
            return alias.column_text(e.attnum, self._text_under)
        return f"{_quote_identifier(alias)}.{name}"

    def _FieldSelect(self, e) -> str:
        return f"({self.text(e.arg)}).{_quote_identifier(e.field_name)}"

    def _text_under(self, expr, names: dict) -> str:
        token = _VAR_NAMES.set(names)
        try:
            return self.text(expr)
        finally:
            _VAR_NAMES.reset(token)

    def _ColumnReference(self, e: ColumnReference) -> str:
        if e.shown_as is None:
            return f"${e.index}"
        text = self.text(e.shown_as)
        return f"({text})" if e.in_parens else text

    def _Const(self, e: Const) -> str:
        return const_text(e)

    def _Param(self, e: Param) -> str:
        if e.shown_as is not None:            # an outer reference: its column, qualified
            by_slot = _PARAM_NAMES.get() if e.kind == "exec" else None
            # (of another level: not this node's names)
            token = _VAR_NAMES.set(by_slot.get(e.number) if by_slot else None)
            try:
                return _Deparser(True).text(e.shown_as)
            finally:
                _VAR_NAMES.reset(token)
        return f"${e.number}"

    def _SubPlan(self, e: SubPlan) -> str:
        if e.init_plan:
            return f"${e.result_slot}"
        return f"({'hashed ' if e.hashed else ''}SubPlan {e.plan_id})"

    def _OpExpr(self, e: OpExpr) -> str:
        if len(e.args) == 1:
            return f"({e.operator_name} {self.text(e.args[0])})"
        return f"({self.text(e.args[0])} {e.operator_name} {self.text(e.args[1])})"

    def _PlaceHolderVar(self, e) -> str:
        # Computed below the node that reads it (a grouping key): PostgreSQL prints such
        # a reference to its input's expression in parentheses (get_variable).
        return f"({self.text(e.arg)})"

    def _FuncExpr(self, e: FuncExpr) -> str:
        if e.function_name in ("is distinct from", "is not distinct from"):
            op = "IS DISTINCT FROM" if e.function_name == "is distinct from" else "IS NOT DISTINCT FROM"
            return f"({self.text(e.args[0])} {op} {self.text(e.args[1])})"
        if e.variadic_spread >= 0:
            # the spread-out elements as the array PostgreSQL builds (folded to a
            # constant when they all are)
            items = e.args[e.variadic_spread:]
            args = [self.text(a) for a in e.args[:e.variadic_spread]]
            if items and all(isinstance(a, Const) for a in items):
                try:
                    array_oid = registry.get_type(items[0].type_oid).array_oid
                except PgError:          # a type the registry does not hold
                    array_oid = 0
                if array_oid:
                    args.append("VARIADIC " + const_text(
                        Const(array_oid, [a.value for a in items])))
                    return f"{e.function_name}({', '.join(args)})"
            args.append("VARIADIC ARRAY[" + ", ".join(self.text(a) for a in items) + "]")
            return f"{e.function_name}({', '.join(args)})"
        args = [self.text(a) for a in e.args]
        if e.variadic and args:
            args[-1] = "VARIADIC " + args[-1]
        return f"{e.function_name}({', '.join(args)})"

    def _CollateExpr(self, e) -> str:
        # (the planner drops COLLATE, as PostgreSQL's makes it a RelabelType that prints
        # as its argument; an expression EXPLAIN meets unplanned prints the same)
        return self.text(e.arg)

    def _CoerceExpr(self, e: CoerceExpr) -> str:
        inner = self.text(e.arg)
        if not isinstance(e.arg, (Var, Const, Param, ColumnReference, FuncExpr, Aggref)) \
                and not (isinstance(e.arg, PlaceHolderVar) and e.arg.null_marker):
            pass
        else:       # (a pulled-up PlaceHolderVar is a reference: "((123))::bigint")
            inner = f"({inner})"
        return f"{inner}::{registry.format_type(e.type_oid, e.typmod)}"

    def _Aggref(self, e: Aggref) -> str:
        where = f" FILTER (WHERE {self.text(e.agg_filter)})" if e.agg_filter is not None else ""
        if e.star:
            return f"{e.aggregate_name}(*){where}"
        distinct = "DISTINCT " if e.distinct else ""
        args = list(e.args)
        order = ""
        if e.order_by:
            keys = args[len(args) - len(e.order_by):]
            del args[len(args) - len(e.order_by):]
            order = "ORDER BY " + ", ".join(self._sort_key(k, f) for k, f in zip(keys, e.order_by))
        arguments = ", ".join(self.text(a) for a in args)
        if e.within_group:
            return f"{e.aggregate_name}({arguments}) WITHIN GROUP ({order}){where}"
        if order:
            order = (" " if arguments else "") + order
        return f"{e.aggregate_name}({distinct}{arguments}{order}){where}"

    def _sort_key(self, expr, flags) -> str:
        descending, nulls_first = flags
        text = self.text(expr)
        if descending:
            text += " DESC" + ("" if nulls_first else " NULLS LAST")
        elif nulls_first:
            text += " NULLS FIRST"
        return text

    def _GroupingFunc(self, e) -> str:
        return f"GROUPING({', '.join(self.text(a) for a in e.args)})"

    def _WindowFunc(self, e) -> str:
        # PostgreSQL 15 prints the window as "(?)" (ruleutils.c has no window names here).
        where = f" FILTER (WHERE {self.text(e.agg_filter)})" if e.agg_filter is not None else ""
        args = "*" if e.star else ", ".join(self.text(a) for a in e.args)
        return f"{e.function_name}({args}){where} OVER (?)"

    def _BoolExpr(self, e: BoolExpr) -> str:
        if e.op == "not":
            return f"(NOT {self.text(e.args[0])})"
        joiner = " AND " if e.op == "and" else " OR "
        return "(" + joiner.join(self.text(a) for a in e.args) + ")"

    def _NullTest(self, e: NullTest) -> str:
        return f"({self.text(e.arg)} IS {'NULL' if e.is_null else 'NOT NULL'})"

    def _BooleanTest(self, e: BooleanTest) -> str:
        return f"({self.text(e.arg)} {e.test.replace('_', ' ')})"

    def _CaseExpr(self, e: CaseExpr) -> str:
        parts = ["CASE"]
        for cond, result in e.whens:
            parts.append(f"WHEN {self.text(cond)} THEN {self.text(result)}")
        parts.append(f"ELSE {self.text(e.default)}")
        parts.append("END")
        return " ".join(parts)

    def _CoalesceExpr(self, e: CoalesceExpr) -> str:
        if e.column_name and len(e.args) == 1:
            return self.text(e.args[0])     # a USING column coerced (full_join.py)
        return f"COALESCE({', '.join(self.text(a) for a in e.args)})"

    def _MinMaxExpr(self, e: MinMaxExpr) -> str:
        return f"{e.op.upper()}({', '.join(self.text(a) for a in e.args)})"

    def _NullIfExpr(self, e: NullIfExpr) -> str:
        return f"NULLIF({self.text(e.args[0])}, {self.text(e.args[1])})"

    def _RowExpr(self, e: RowExpr) -> str:
        return "ROW(" + ", ".join(self.text(a) for a in e.args) + ")"

    def _RowCompareExpr(self, e: RowCompareExpr) -> str:
        left = "ROW(" + ", ".join(self.text(a) for a in e.largs) + ")"
        right = "ROW(" + ", ".join(self.text(a) for a in e.rargs) + ")"
        return f"({left} {e.operator_name} {right})"

    def _ArrayExpr(self, e: ArrayExpr) -> str:
        return "ARRAY[" + ", ".join(self.text(x) for x in e.elements) + "]"

    def _SubscriptExpr(self, e: SubscriptExpr) -> str:
        inner = self.text(e.arg)
        if not isinstance(e.arg, (Var, Param, ColumnReference)):
            inner = f"({inner})"
        parts = []
        for low, high in zip(e.lower, e.upper):
            high_text = "" if high is None else self.text(high)
            if e.is_slice:
                low_text = "" if low is None else self.text(low)
                parts.append(f"[{low_text}:{high_text}]")
            else:
                parts.append(f"[{high_text}]")
        return inner + "".join(parts)

    def _SubscriptAssign(self, e: SubscriptAssign) -> str:
        """a[5] := 9; an assignment to an assignment's result in parentheses:
        (a[5] := 9)[1:2] := '{1,2}'::integer[] (get_rule_expr's SubscriptingRef)."""
        array, value = e.args
        inner = self.text(array)
        if isinstance(array, SubscriptAssign):
            inner = f"({inner})"
        parts = []
        for low, high in zip(e.lower, e.upper):
            high_text = "" if high is None else self.text(high)
            low_text = "" if low is None else self.text(low)
            parts.append(f"[{low_text}:{high_text}]" if e.is_slice else f"[{high_text}]")
        return f"{inner}{''.join(parts)} := {self.text(value)}"

    def _ScalarArrayOpExpr(self, e: ScalarArrayOpExpr) -> str:
        quantifier = "ANY" if e.use_or else "ALL"
        if e.array is not None:
            return f"({self.text(e.arg)} {e.operator_name} {quantifier} ({self.text(e.array)}))"
        if all(isinstance(i, Const) for i in e.items):
            info = registry.get_type(e.element_type)
            elements = []
            for item in e.items:
                if item.value is None:
                    elements.append("NULL")
                else:
                    out = info.output(item.value)
                    if re.search(r'[\s{},"\\]', out) or out == "" or out.upper() == "NULL":
                        out = '"' + out.replace("\\", "\\\\").replace('"', '\\"') + '"'
                    elements.append(out)
            array = _literal("{" + ",".join(elements) + "}") + \
                f"::{registry.format_type(e.element_type, -1)}[]"
        else:
            array = "ARRAY[" + ", ".join(self.text(i) for i in e.items) + "]"
        return f"({self.text(e.arg)} {e.operator_name} {quantifier} ({array}))"

    def _SQLValueFunction(self, e: SQLValueFunction) -> str:
        return e.name.upper()
