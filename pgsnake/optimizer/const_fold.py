"""Constant folding at plan time (PostgreSQL's eval_const_expressions and the constant
part of canonicalize_qual).

Entry points:
    eval_const_expressions(expr) -> expr   an expression with its constant parts folded
    fold_qual(qual, keep_true=False) -> expr | None   a WHERE / ON / HAVING qual folded,
                                           NULL taken as false (canonicalize_qual); None
                                           when nothing is left of it (unless keep_true)
    is_constant_false(qual) -> bool        a qual no row can pass (false or NULL)
    convert_from_call(call, convert) -> call   a function call in FROM with `convert`
                                           (which folds) applied to its arguments only:
                                           the scan calls a function, never a constant
    dummy_result(plan) -> Result           what a FROM clause with such a qual plans to
                                           (and the nullable side of a LEFT JOIN ... ON
                                           false, join_search.py)
    contains_volatile(expr) -> bool        a volatile function anywhere in it

What is folded, as PostgreSQL does it:
- A function or operator call whose arguments are all constants is computed now when it
  is immutable (pg_proc.provolatile 'i'; an operator through its pg_operator.oprcode);
  a strict one with a NULL constant argument is NULL whatever its volatility. A call
  that raises (1/0) raises now, at plan time, as PostgreSQL's planner does.
- AND / OR drop true / false arguments and become false / true on one, flatten nested
  ones, keep one NULL; NOT of a constant is computed, NOT NOT x is x, NOT of a
  comparison is its negator (NOT (a > 2) is a <= 2), NOT of AND / OR is pushed down by
  De Morgan's laws, NOT of IS [NOT] NULL / IS [NOT] TRUE ... flips the test.
- bool = true is the boolean itself (simplify_boolean_equality).
- CASE drops the WHEN arms whose condition is false or NULL, ends at one that is true
  (that arm's result is the default), and is its default when no arm is left. The
  results of dropped arms are never folded, so a 1/0 there raises nothing; a 1/0 in an
  arm that stays raises now.
- COALESCE drops NULL constants and ends at the first non-NULL constant; NULLIF,
  GREATEST, LEAST, ARRAY[...] and x IN (...) / op ANY / ALL of constants are
  constants. NOT (x = ANY (...)) is x <> ALL (...).
- IS [NOT] NULL and IS [NOT] TRUE / FALSE / UNKNOWN of a constant are computed.
- A cast of a constant between the plain scalar types is computed (the analyser already
  folds casts of literals; this handles constants made by folding, (1 + 1)::text).
Everything else is left as it is, its sub-expressions folded (never inside a subquery
or an aggregate's arguments).

PostgreSQL: optimizer/util/clauses.c (eval_const_expressions_mutator, simplify_function,
evaluate_function, simplify_and_arguments, simplify_or_arguments,
simplify_boolean_equality), optimizer/prep/prepqual.c (negate_clause, canonicalize_qual,
find_duplicate_ors).
"""
from __future__ import annotations

import dataclasses
import functools

from pgsnake.parser.expression_nodes import (
    ArrayExpr, BooleanTest, BoolExpr, CaseExpr, CoalesceExpr, CoerceExpr, CollateExpr, Const,
    PlaceHolderVar,
    FuncExpr, MinMaxExpr, NullIfExpr, NullTest, OpExpr, RowCompareExpr, RowExpr,
    ScalarArrayOpExpr, SubscriptAssign, SubscriptExpr, walk)
from pgsnake.utils.errors import PgError

BOOL = 16
RECORD = 2249
_BOOLEQ, _BOOLNE = 91, 85

# Types whose casts among each other are immutable (their I/O functions are): a cast of
# a folded constant between them is computed at plan time.
_PLAIN_TYPES = frozenset((16, 18, 19, 20, 21, 23, 25, 26, 700, 701, 1042, 1043, 1700))

_FLIPPED_TESTS = {"IS_TRUE": "IS_NOT_TRUE", "IS_NOT_TRUE": "IS_TRUE", "IS_FALSE": "IS_NOT_FALSE",
                  "IS_NOT_FALSE": "IS_FALSE", "IS_UNKNOWN": "IS_NOT_UNKNOWN",
                  "IS_NOT_UNKNOWN": "IS_UNKNOWN"}
_BOOLEAN_TESTS = {
    "IS_TRUE": lambda v: v is True, "IS_NOT_TRUE": lambda v: v is not True,
    "IS_FALSE": lambda v: v is False, "IS_NOT_FALSE": lambda v: v is not False,
    "IS_UNKNOWN": lambda v: v is None, "IS_NOT_UNKNOWN": lambda v: v is not None,
}


# -- catalog facts: operator volatility and negators ----------------------------------------

@functools.lru_cache(maxsize=1)
def _operator_facts() -> tuple[dict, dict]:
    """({operator oid: provolatile of its function}, {operator oid: negator oid})."""
    from pgsnake.catalog.generated import pg_operator_rows, pg_proc_rows
    proc_columns = pg_proc_rows.COLUMNS
    oid_at, volatile_at = proc_columns.index("oid"), proc_columns.index("provolatile")
    volatility = {row[oid_at]: row[volatile_at] for row in pg_proc_rows.ROWS}
    columns = pg_operator_rows.COLUMNS
    at = {name: columns.index(name) for name in ("oid", "oprcode", "oprnegate")}
    op_volatility, negators = {}, {}
    for row in pg_operator_rows.ROWS:
        op_volatility[row[at["oid"]]] = volatility.get(row[at["oprcode"]], "v")
        if row[at["oprnegate"]]:
            negators[row[at["oid"]]] = row[at["oprnegate"]]
    return op_volatility, negators


@functools.lru_cache(maxsize=1)
def _operator_rows() -> dict:
    from pgsnake.catalog.generated import pg_operator_rows
    columns = pg_operator_rows.COLUMNS
    at = {name: columns.index(name) for name in ("oid", "oprname", "oprleft", "oprright")}
    return {row[at["oid"]]: (row[at["oprname"]], row[at["oprleft"]], row[at["oprright"]])
            for row in pg_operator_rows.ROWS}


def _operator_volatility(expr: OpExpr) -> str:
    built_in = _operator_facts()[0].get(expr.operator_oid)
    if built_in is not None:
        return built_in
    return _user_operator_volatility(expr.operator_oid)


def _user_operator_volatility(operator_oid: int) -> str:
    """provolatile of a CREATE OPERATOR's function (its catalog rows), "v" when unknown."""
    if not operator_oid:
        return "v"
    from pgsnake.catalog import catalog_cache as cc
    operator = next(iter(cc.scan_catalog("pg_operator", key=("oid", operator_oid))), None)
    if operator is None or not operator.oprcode:
        return "v"
    function = next(iter(cc.scan_catalog("pg_proc", key=("oid", operator.oprcode))), None)
    return function.provolatile if function is not None else "v"


def contains_volatile(expr) -> bool:
    """contain_volatile_functions: a volatile function or operator anywhere in expr."""
    for node in walk(expr):
        if isinstance(node, FuncExpr) and node.volatility == "v":
            return True
        if isinstance(node, OpExpr) and _operator_volatility(node) == "v":
            return True
    return False


# -- the mutator ------------------------------------------------------------------------------

def eval_const_expressions(expr):
    if expr is None:
        return None
    handler = _HANDLERS.get(type(expr))
    if handler is None:
        return expr
    try:
        return handler(expr)
    except RecursionError:
        # Nested deeper than folding's own recursion can follow (each level costs it
        # more frames than evaluation does): left as written, as folding only saves work.
        return expr


def _fold_args(args: tuple) -> tuple:
    folded = tuple(eval_const_expressions(a) for a in args)
    return args if all(a is b for a, b in zip(folded, args)) else folded


def _null(expr) -> Const:
    return Const(expr.type_oid, None, getattr(expr, "typmod", -1))


def _evaluate(expr, fn, args: tuple, strict: bool):
    """The constant value of a call over constant arguments (evaluate_function)."""
    values = [a.value for a in args]
    if strict and any(v is None for v in values):
        return _null(expr)
    if not callable(fn):
        return None
    try:
        value = fn(*values)
    except PgError:
        raise                       # PostgreSQL raises it at plan time too (1/0)
    except Exception:               # not computable here: the executor will say why
        return None
    return Const(expr.type_oid, value, getattr(expr, "typmod", -1))


def _simplify_call(expr, volatility: str):
    """A FuncExpr / OpExpr with folded args: a constant when it can be computed now."""
    args = expr.args
    if getattr(expr, "returns_set", False) or expr.type_oid == RECORD:
        return expr
    if expr.strict and any(isinstance(a, Const) and a.value is None for a in args):
        return _null(expr)
    if volatility != "i" or not all(isinstance(a, Const) for a in args):
        return expr
    folded = _evaluate(expr, expr.fn, args, expr.strict)
    return expr if folded is None else folded


def _func_expr(expr: FuncExpr):
    args = _fold_args(expr.args)
    if args is not expr.args:
        expr = dataclasses.replace(expr, args=args)
    return _simplify_call(expr, expr.volatility)


def _op_expr(expr: OpExpr):
    args = _fold_args(expr.args)
    if args is not expr.args:
        expr = dataclasses.replace(expr, args=args)
    if expr.operator_oid in (_BOOLEQ, _BOOLNE) and len(args) == 2:
        simpler = _boolean_equality(expr)
        if simpler is not None:
            return simpler
    return _simplify_call(expr, _operator_volatility(expr))


def _boolean_equality(expr: OpExpr):
    """x = true is x, x = false is NOT x (x <> true likewise), for a non-NULL constant."""
    left, right = expr.args
    for const, other in ((left, right), (right, left)):
        if isinstance(const, Const) and const.value is not None \
                and not isinstance(other, Const):
            wanted = const.value if expr.operator_oid == _BOOLEQ else not const.value
            return other if wanted else negate(other)
    return None


def _bool_expr(expr: BoolExpr):
    if expr.op == "not":
        return negate(eval_const_expressions(expr.args[0]))
    deciding = expr.op == "or"            # the constant that decides the whole: true for OR
    kept, have_null = [], False
    # One argument at a time, nested ANDs (ORs) spliced in: once a deciding constant
    # is met the rest is never folded (WHERE false AND 1/0 = 1 raises nothing, as in
    # simplify_and_arguments; 1/0 = 1 AND false does raise).
    unprocessed = list(expr.args)
    while unprocessed:
        arg = unprocessed.pop(0)
        if isinstance(arg, BoolExpr) and arg.op == expr.op:
            unprocessed[0:0] = list(arg.args)
            continue
        arg = eval_const_expressions(arg)
        if isinstance(arg, BoolExpr) and arg.op == expr.op:
            unprocessed[0:0] = list(arg.args)
            continue
        if isinstance(arg, Const):
            if arg.value is None:
                have_null = True
                continue
            if bool(arg.value) is deciding:
                return Const(BOOL, deciding)
            continue
        kept.append(arg)
    if have_null:
        kept.append(Const(BOOL, None))
    if not kept:
        return Const(BOOL, not deciding)
    if len(kept) == 1:
        return kept[0]
    return BoolExpr(expr.op, tuple(kept))


def negate(expr):
    """NOT expr, simplified (negate_clause)."""
    if isinstance(expr, Const):
        return Const(BOOL, None if expr.value is None else not expr.value)
    if isinstance(expr, BoolExpr):
        if expr.op == "not":
            return expr.args[0]
        other = "or" if expr.op == "and" else "and"
        return BoolExpr(other, tuple(negate(a) for a in expr.args))
    if isinstance(expr, OpExpr):
        negated = _negated_operator(expr)
        if negated is not None:
            return negated
    if isinstance(expr, ScalarArrayOpExpr):
        negated = _negated_array_operator(expr)
        if negated is not None:
            return negated
    if isinstance(expr, NullTest) and expr.arg.type_oid != RECORD:
        return dataclasses.replace(expr, is_null=not expr.is_null)
    if isinstance(expr, BooleanTest):
        return dataclasses.replace(expr, test=_FLIPPED_TESTS[expr.test])
    return BoolExpr("not", (expr,))


def _negated_operator(expr: OpExpr):
    negator = _operator_facts()[1].get(expr.operator_oid)
    row = _operator_rows().get(negator) if negator else None
    if row is None:
        return None
    from pgsnake.datatypes import operators
    name, left, right = row
    try:
        op = operators.resolve_operator(name, left or None, right)
    except PgError:
        return None
    if op.oid != negator:
        return None
    return OpExpr(name, negator, op.fn, expr.args, expr.type_oid, op.strict)


def _case_expr(expr: CaseExpr):
    whens = []
    default = None
    for condition, result in expr.whens:
        condition = eval_const_expressions(condition)
        if isinstance(condition, Const):
            if condition.value is None or condition.value is False:
                continue                      # this arm can never be taken
            default = eval_const_expressions(result)     # always taken: the rest is dead
            break
        whens.append((condition, eval_const_expressions(result)))
    else:
        default = eval_const_expressions(expr.default)
    if not whens:
        return default if default is not None else _null(expr)
    return dataclasses.replace(expr, whens=tuple(whens), default=default)


def _coalesce_expr(expr: CoalesceExpr):
    kept = []
    for arg in expr.args:
        arg = eval_const_expressions(arg)
        if isinstance(arg, Const):
            if arg.value is None:
                continue
            kept.append(arg)
            break
        kept.append(arg)
    if not kept:
        return _null(expr)
    if len(kept) == 1:
        return kept[0]
    return dataclasses.replace(expr, args=tuple(kept))


def _null_test(expr: NullTest):
    arg = eval_const_expressions(expr.arg)
    if isinstance(arg, Const) and arg.type_oid != RECORD:
        return Const(BOOL, (arg.value is None) is expr.is_null)
    return expr if arg is expr.arg else dataclasses.replace(expr, arg=arg)


def _boolean_test(expr: BooleanTest):
    arg = eval_const_expressions(expr.arg)
    if isinstance(arg, Const):
        return Const(BOOL, _BOOLEAN_TESTS[expr.test](arg.value))
    return expr if arg is expr.arg else dataclasses.replace(expr, arg=arg)


def _coerce_expr(expr: CoerceExpr):
    arg = eval_const_expressions(expr.arg)
    if arg is not expr.arg:
        expr = dataclasses.replace(expr, arg=arg)
    if isinstance(arg, Const) and arg.type_oid in _PLAIN_TYPES \
            and expr.type_oid in _PLAIN_TYPES:
        if arg.value is None:
            return _null(expr)
        try:
            value = expr.fn(arg.value, expr.typmod)
        except PgError:
            raise
        except Exception:
            return expr
        return Const(expr.type_oid, value, expr.typmod)
    return expr


def _array_expr(expr: ArrayExpr):
    """ARRAY[...] whose elements all folded to constants is one array constant."""
    expr = _children_only("elements")(expr)
    if not all(isinstance(e, Const) for e in expr.elements):
        return expr
    from pgsnake.datatypes import array_values
    values = [e.value for e in expr.elements]
    return Const(expr.type_oid, array_values.stack(values) if expr.multidims else values)


def _min_max_expr(expr: MinMaxExpr):
    """GREATEST / LEAST of constants (NULLs ignored, as at run time)."""
    expr = _children_only("args")(expr)
    if not all(isinstance(a, Const) for a in expr.args):
        return expr
    best = None
    for value in (a.value for a in expr.args):
        if value is None:
            continue
        if best is None or (expr.compare(best, value) if expr.op == "greatest"
                            else expr.compare(value, best)):
            best = value
    return Const(expr.type_oid, best)


def _null_if_expr(expr: NullIfExpr):
    expr = _children_only("args")(expr)
    if not all(isinstance(a, Const) for a in expr.args):
        return expr
    x, y = (a.value for a in expr.args)
    if x is not None and y is not None and expr.equal(x, y):
        return Const(expr.type_oid, None)
    return Const(expr.type_oid, x)


def _negated_array_operator(expr: ScalarArrayOpExpr):
    """NOT (x = ANY (...)) is x <> ALL (...): the negator, ANY and ALL swapped."""
    from pgsnake.datatypes import operators
    try:
        op = operators.resolve_operator(expr.operator_name, expr.arg.type_oid,
                                        expr.element_type)
    except PgError:
        return None
    negator = _operator_facts()[1].get(op.oid)
    row = _operator_rows().get(negator) if negator else None
    if row is None:
        return None
    name, left, right = row
    try:
        negated = operators.resolve_operator(name, left or None, right)
    except PgError:
        return None
    if negated.oid != negator:
        return None
    return dataclasses.replace(expr, operator_name=name, fn=negated.fn, use_or=not expr.use_or)


def _scalar_array_op(expr: ScalarArrayOpExpr):
    """x op ANY / ALL over constants, with an immutable operator, is computed."""
    expr = _children_only("arg", "items", "array")(expr)
    if isinstance(expr.array, Const) and expr.array.value is not None:
        # an array literal ('{1,2}', kept as written for view text): planned as the
        # items its elements are, as an ARRAY[...] of constants is
        from pgsnake.datatypes import array_values
        expr = dataclasses.replace(expr, array=None, items=tuple(
            Const(expr.element_type, v) for v in array_values.elements(expr.array.value)))
    if not isinstance(expr.arg, Const):
        return expr
    if expr.array is not None:
        if not isinstance(expr.array, Const):
            return expr
        if expr.array.value is None:
            return Const(BOOL, None)
        from pgsnake.datatypes import array_values
        values = list(array_values.elements(expr.array.value))
    else:
        if not all(isinstance(i, Const) for i in expr.items):
            return expr
        values = [i.value for i in expr.items]
        if expr.arg.value is None and values:       # (an empty array decides alone)
            return Const(BOOL, None)
    from pgsnake.datatypes import operators
    try:
        op = operators.resolve_operator(expr.operator_name, expr.arg.type_oid,
                                        expr.element_type)
    except PgError:
        return expr
    if _operator_facts()[0].get(op.oid, "v") != "i" or not callable(expr.fn):
        return expr
    x, saw_null = expr.arg.value, False
    for y in values:
        if x is None or y is None:
            saw_null = True
            continue
        if bool(expr.fn(x, y)) is expr.use_or:       # decided: true for ANY, false for ALL
            return Const(BOOL, expr.use_or)
    return Const(BOOL, None if saw_null else not expr.use_or)


def _children_only(*fields):
    """Fold the sub-expressions in `fields` and nothing else."""
    def fold(expr):
        changes = {}
        for name in fields:
            value = getattr(expr, name)
            if isinstance(value, tuple):
                new = tuple(None if v is None else eval_const_expressions(v) for v in value)
                if any(a is not b for a, b in zip(new, value)):
                    changes[name] = new
            elif value is not None:
                new = eval_const_expressions(value)
                if new is not value:
                    changes[name] = new
        return dataclasses.replace(expr, **changes) if changes else expr
    return fold


def _collate_expr(expr: CollateExpr):
    """COLLATE has done its work in the parser. Over a constant, or naming the
    collation the argument has anyway, it goes (PostgreSQL drops it); re-collating a
    column or expression, it stays (PostgreSQL's RelabelType), opaque to index
    matching and ordering: an index orders by its own collation."""
    arg = eval_const_expressions(expr.arg)
    if isinstance(arg, Const) or expr.collation_oid == expr.arg_collation \
            or expr.arg_collation == 0 and expr.collation_oid == 100:
        return arg        # (a comparison's collation is its OpExpr's input_collation)
    return dataclasses.replace(expr, arg=arg) if arg is not expr.arg else expr


_HANDLERS = {
    FuncExpr: _func_expr, OpExpr: _op_expr, BoolExpr: _bool_expr, CaseExpr: _case_expr,
    CoalesceExpr: _coalesce_expr, NullTest: _null_test, BooleanTest: _boolean_test,
    CoerceExpr: _coerce_expr,
    ScalarArrayOpExpr: _scalar_array_op,
    ArrayExpr: _array_expr, RowExpr: _children_only("args"),
    MinMaxExpr: _min_max_expr, NullIfExpr: _null_if_expr,
    RowCompareExpr: _children_only("largs", "rargs"),
    SubscriptExpr: _children_only("arg", "upper", "lower"),
    SubscriptAssign: _children_only("args", "upper", "lower"),
    CollateExpr: lambda expr: _collate_expr(expr),
    # folded inside, never merged into its context (a PlaceHolderVar is no constant)
    PlaceHolderVar: _children_only("arg"),
}


# -- quals ------------------------------------------------------------------------------------

def fold_qual(qual, keep_true: bool = False):
    if qual is None:
        return None
    folded = canonicalize_qual(eval_const_expressions(qual))
    if folded is None and keep_true:
        return Const(BOOL, True)
    return folded


def canonicalize_qual(qual):
    """A folded qual where NULL counts as false (a WHERE / ON / HAVING clause): NULL
    arguments of its top AND become false, of a top OR are dropped; None when what is
    left is true."""
    if qual is None:
        return None
    if isinstance(qual, Const):       # a bare NULL stays NULL (it shows so in a Join Filter)
        return None if qual.value is True else qual
    if isinstance(qual, BoolExpr) and qual.op in ("and", "or"):
        is_and = qual.op == "and"
        kept = []
        for arg in qual.args:
            if isinstance(arg, Const):
                if arg.value is None:
                    if is_and:
                        return Const(BOOL, False)
                    continue
            kept.append(arg)
        if not kept:
            return Const(BOOL, False)
        if len(kept) == 1:
            return canonicalize_qual(kept[0])
        if len(kept) != len(qual.args):
            return BoolExpr(qual.op, tuple(kept))
    return qual


def is_constant_false(qual) -> bool:
    return isinstance(qual, Const) and qual.value is not True


def dummy_result(plan):
    """The plan of a FROM clause no row can pass (a constant false / NULL qual): a
    Result with "One-Time Filter: false" and no input, laid out as `plan` would have
    been, in no order (PostgreSQL's dummy relation)."""
    from pgsnake.optimizer.plan_nodes import Result
    node = Result(qual=[Const(BOOL, False)])
    node.startup_cost = node.total_cost = 0.0
    node.plan_rows, node.plan_width = 0.0, plan.plan_width
    node.output_keys = plan.output_keys
    node.dummy = True       # EXPLAIN shows it 0 wide, whatever it would return
    return node


def convert_from_call(call, convert):
    """The FuncExpr of a function in FROM (or each of a ROWS FROM's) with its arguments
    converted; the call itself stays a call even when it could be folded (PostgreSQL
    may fold it to a constant that its scan then evaluates; the scan here runs calls)."""
    if isinstance(call, FuncExpr):
        args = tuple(convert(a) for a in call.args)
        if all(a is b for a, b in zip(args, call.args)):
            return call
        return dataclasses.replace(call, args=args)
    items = getattr(call, "items", None)
    if isinstance(items, tuple) and all(isinstance(i, FuncExpr) for i in items):
        converted = tuple(convert_from_call(i, convert) for i in items)
        if all(a is b for a, b in zip(converted, items)):
            return call
        return dataclasses.replace(call, items=converted)
    return convert(call)
