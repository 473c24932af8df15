"""Quals and projections compiled into one generated loop over a whole batch.

The closures of expression_eval.py cost a Python call per expression node per row
(`WHERE y > 500` is a qual closure calling a column-constant closure calling the
operator). For the common shapes, comparisons and arithmetic of columns, constants and
$n parameters, AND / OR / NOT, IS [NOT] NULL and IN lists of constants, this module
writes the whole condition or target list as one Python expression inside a list
comprehension over the batch and compiles it once per plan node:

    [r for r in rows if ((a := r[3]) is not None and a > k0) is True]

What may be generated is limited to what cannot have side effects: built-in operators
and functions (oid below 16384, the first one a user can create), not volatile, strict
(NULL in gives NULL out, which the generated code tests before the call). Anything else
(a SubPlan, CASE, a user function, ...) leaves the node on the closures.

Errors: a batch is evaluated ahead of its consumer, but an error must surface at its
row (PlanState.rows_before_error). When the generated loop raises, the caller runs the
same batch again through the per-row closures, which stop at the failing row exactly as
before: since nothing generated has side effects, evaluating the rows before it twice
changes nothing but time, and it only happens on the way to an error.

Entry points (kept on the plan node by plan_state.compiled_for's callers):
    compile_batch_qual(exprs, layout) -> fn(rows, estate) -> list | None
    compile_batch_projection(exprs, layout) -> fn(rows, estate) -> list | None
None means the expressions are not of the supported shapes.

PostgreSQL: executor/execExprInterp.c (the fast paths of ExecInterpExpr: EEOP_*_FETCHSOME,
the inlined strict-function steps) and the JIT expression compiler, llvmjit_expr.c, whose
role this generated code plays.
"""
from __future__ import annotations

import operator

from pgsnake.optimizer.planner import key_of
from pgsnake.optimizer import hashed_saop
from pgsnake.parser.expression_nodes import (BoolExpr, Const, FuncExpr, NullTest, OpExpr,
                                             Param, ScalarArrayOpExpr)

FIRST_USER_OID = 16384     # FirstNormalObjectId: anything below is built in
RECORD_OID = 2249

# Operator functions that are Python's own comparisons: written inline.
_INLINE = {operator.lt: "<", operator.le: "<=", operator.gt: ">", operator.ge: ">=",
           operator.eq: "==", operator.ne: "!="}


class _Unsupported(Exception):
    """An expression shape this module does not generate."""


class _Writer:
    """Python source for expressions over row `r`, with the values it needs bound to
    names (constants k<n>, functions f<n>, parameters p<n> read once per batch)."""

    def __init__(self, layout: dict) -> None:
        self.layout = layout
        self.names: dict = {}
        self.bound: dict = {}          # id(value) -> name, so one value binds once
        self.prologue: list[str] = []
        self.params: dict = {}
        self.temps = 0

    def bind(self, value, prefix: str) -> str:
        name = self.bound.get(id(value))
        if name is None:
            name = f"{prefix}{len(self.names)}"
            self.names[name] = value
            self.bound[id(value)] = name
        return name

    def temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def column(self, expr) -> int | None:
        try:
            return self.layout.get(key_of(expr))
        except TypeError:
            return None

    # -- values (None is NULL) ---------------------------------------------------------

    def value(self, expr) -> tuple[str, bool]:
        """(source, may_be_null) of expr's value."""
        index = self.column(expr)
        if index is not None:
            return f"r[{index}]", True
        cls = expr.__class__
        if cls is Const:
            if expr.value is None:
                return "None", True
            return self.bind(expr.value, "k"), False
        if cls is Param and expr.kind == "extern":
            name = self.params.get(expr.number)
            if name is None:
                name = self.params[expr.number] = f"p{expr.number}"
                # read once per batch; a missing one raises (and the per-row path
                # reports it)
                self.prologue.append(f"{name} = ex.params[{expr.number - 1}]")
            return name, True
        parts = self._strict_parts(expr)
        if parts is not None:
            tests, call = parts
            if not tests:
                return f"({call})", False
            nulls = " or ".join(f"{t} is None" for t in tests)
            return f"(None if {nulls} else {call})", True
        if cls is ScalarArrayOpExpr:
            return self._in_list(expr)
        if cls is NullTest and _plain_null_test(expr):
            arg, nullable = self.value(expr.arg)
            if not nullable:
                return ("False" if expr.is_null else "True"), False
            return f"({arg} is {'' if expr.is_null else 'not '}None)", False
        raise _Unsupported(cls.__name__)

    def _in_list(self, expr) -> tuple[str, bool]:
        """`x op ANY / ALL (constants)`, IN / NOT IN lists (no NULL among the
        constants): NULL for a NULL x, else the comparisons joined by or / and, or the
        set lookup expression_eval uses where optimizer/hashed_saop.py says so."""
        symbol = _INLINE.get(expr.fn)
        items = expr.items
        if not expr.strict:
            raise _Unsupported("non-strict operator")      # called with NULLs too
        if expr.array is not None or not items or any(
                i.__class__ is not Const or i.value is None for i in items):
            raise _Unsupported("array")
        if symbol is None and not getattr(expr.fn, "__module__", "").startswith(
                "pgsnake.datatypes"):
            raise _Unsupported("operator")     # (no oid to tell a user's operator by)
        source, nullable = self.value(expr.arg)
        if source.startswith("r[") or source.isidentifier():
            x, test = source, source
        else:
            x = self.temp()
            test = f"({x} := {source})"
        hashed = hashed_saop.hashed_values(expr)
        if hashed is not None:
            if any(v is None for v in hashed):
                raise _Unsupported("NULL in the list")
            table = self.bind(frozenset(hashed), "k")
            found = f"{x} in {table}"
            body = f"({found})" if expr.use_or else f"(not {found})"
        elif symbol is not None:
            joiner = " or " if expr.use_or else " and "
            body = "(" + joiner.join(f"{x} {symbol} {self.bind(i.value, 'k')}"
                                     for i in items) + ")"
        else:       # decided by the first true (ANY) / false (ALL) call, as _any_all
            joiner = " or " if expr.use_or else " and "
            fn = self.bind(expr.fn, "f")
            calls = joiner.join(f"{fn}({x}, {self.bind(i.value, 'k')})" for i in items)
            body = f"(True if ({calls}) else False)"
        if not nullable:
            return body, False
        return f"(None if {test} is None else {body})", True

    def _call_parts(self, fn, args) -> tuple[list, str]:
        """What to test for NULL (the nullable arguments, in order, each read once as
        the closures read it: the first NULL one stops the rest) and the call, or the
        comparison written inline."""
        if len(args) > 3:
            raise _Unsupported("arguments")
        operands = []
        tests = []
        for arg in args:
            source, nullable = self.value(arg)
            if nullable:
                if source.startswith("r[") or source == "None" or source.isidentifier():
                    operand = source
                    tests.append(source)
                else:
                    operand = self.temp()
                    tests.append(f"({operand} := {source})")
                operands.append(operand)
            else:
                operands.append(source)
        symbol = _INLINE.get(fn) if len(args) == 2 else None
        if symbol is not None:
            call = f"{operands[0]} {symbol} {operands[1]}"
        else:
            call = f"{self.bind(fn, 'f')}({', '.join(operands)})"
        return tests, call

    def _strict_parts(self, expr):
        """(tests, call) of a supported strict operator / function call, else None."""
        if self.column(expr) is not None:
            return None
        cls = expr.__class__
        if cls is OpExpr and expr.operator_oid < FIRST_USER_OID and expr.strict:
            return self._call_parts(expr.fn, expr.args)
        if cls is FuncExpr and expr.function_oid < FIRST_USER_OID and expr.strict \
                and expr.volatility != "v" and not expr.returns_set \
                and expr.type_oid != RECORD_OID and expr.args:
            return self._call_parts(expr.fn, expr.args)
        return None

    # -- conditions (a qual keeps a row only when TRUE) --------------------------------

    def is_true(self, expr) -> str:
        if self.column(expr) is None and expr.__class__ is BoolExpr:
            parts = expr.args
            if expr.op == "and":
                return "(" + " and ".join(self.is_true(a) for a in parts) + ")"
            if expr.op == "or":
                return "(" + " or ".join(self.is_true(a) for a in parts) + ")"
            return self.is_false(parts[0])
        return self._test(expr, "True")

    def is_false(self, expr) -> str:
        if self.column(expr) is None and expr.__class__ is BoolExpr:
            parts = expr.args
            if expr.op == "and":
                return "(" + " or ".join(self.is_false(a) for a in parts) + ")"
            if expr.op == "or":
                return "(" + " and ".join(self.is_false(a) for a in parts) + ")"
            return self.is_true(parts[0])
        return self._test(expr, "False")

    def _test(self, expr, truth: str) -> str:
        """Whether expr's value is `truth` (a NULL is neither): a strict call's NULL
        tests come first, then the call, so no None is made only to be compared."""
        parts = self._strict_parts(expr)
        if parts is None:
            source, _ = self.value(expr)
            return f"({source} is {truth})"
        tests, call = parts
        checks = [f"{t} is not None" for t in tests]
        return "(" + " and ".join(checks + [f"({call}) is {truth}"]) + ")"

    def function(self, body: str, description: str):
        lines = ["def batch(rows, ex):"]
        lines += [f"    {line}" for line in self.prologue]
        lines.append(f"    return {body}")
        source = "\n".join(lines) + "\n"
        namespace = dict(self.names)
        exec(compile(source, f"<batch {description}>", "exec"), namespace)
        batch = namespace["batch"]
        batch.source = source           # for tests and debugging
        return batch


def _plain_null_test(expr) -> bool:
    """IS [NOT] NULL of a scalar (a row's is field by field: left to the closures)."""
    from pgsnake.datatypes.type_coercion import category
    type_oid = getattr(expr.arg, "type_oid", None)
    return type_oid is not None and type_oid != RECORD_OID and category(type_oid) != "C"


def compile_batch_qual(exprs, layout):
    """fn(rows, estate) -> the rows for which every expression is TRUE, in order; None
    when an expression is not of the supported shapes."""
    if not exprs:
        return None
    writer = _Writer(layout)
    try:
        condition = " and ".join(writer.is_true(e) for e in exprs)
    except _Unsupported:
        return None
    return writer.function(f"[r for r in rows if {condition}]", "qual")


def compile_batch_projection(exprs, layout):
    """fn(rows, estate) -> one new list of values per row; None when an expression is
    not of the supported shapes."""
    if not exprs:
        return None
    writer = _Writer(layout)
    try:
        values = [writer.value(e)[0] for e in exprs]
    except _Unsupported:
        return None
    return writer.function(f"[[{', '.join(values)}] for r in rows]", "projection")
