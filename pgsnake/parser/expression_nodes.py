"""Analyzed expression nodes: what parse analysis produces and the executor evaluates.

Every node is a frozen (hashable) dataclass with a `type_oid`, so that the planner can use
expressions as dictionary keys (GROUP BY matching, target-list lookups). Child lists are
tuples for the same reason. Functions and operators are already resolved: each node holds
the Python callable that implements it (datatypes' Operator.fn / Function.fn / cast fn).

Entry points: the node classes below, and `expression_type(node)`.

PostgreSQL: include/nodes/primnodes.h (Var, Const, Param, OpExpr, FuncExpr, Aggref, ...).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

_node = dataclasses.dataclass(frozen=True, slots=True)

# System column attribute numbers, as in PostgreSQL's sysattr.h.
SELF_ITEM_POINTER_ATTNUM = -1        # ctid
MIN_TRANSACTION_ID_ATTNUM = -2       # xmin
MIN_COMMAND_ID_ATTNUM = -3           # cmin
MAX_TRANSACTION_ID_ATTNUM = -4       # xmax
MAX_COMMAND_ID_ATTNUM = -5           # cmax
# The system columns a scan reads from the tuple header, when a query asks for them.
HEADER_SYSTEM_ATTNUMS = (MIN_TRANSACTION_ID_ATTNUM, MIN_COMMAND_ID_ATTNUM,
                         MAX_TRANSACTION_ID_ATTNUM, MAX_COMMAND_ID_ATTNUM)
TABLE_OID_ATTNUM = -6                # tableoid


@_node
class Var:
    """A column of range-table entry `rtindex` (1-based); attnum < 0 for system columns.
    levels_up > 0: a column of an enclosing query (a correlated subquery's outer
    reference), `levels_up` query levels out; the planner turns it into a PARAM_EXEC."""
    rtindex: int
    attnum: int
    type_oid: int
    typmod: int = -1
    column_name: str = dataclasses.field(default="", compare=False)
    relation_alias: str = dataclasses.field(default="", compare=False)
    location: int = dataclasses.field(default=-1, compare=False)   # byte offset in the source
    levels_up: int = 0


@_node
class Const:
    type_oid: int
    value: Any
    typmod: int = -1
    location: int = dataclasses.field(default=-1, compare=False)

    @property
    def is_null(self) -> bool:
        return self.value is None

    def __hash__(self):
        # Array values are lists: hash them as tuples, so that expressions holding an
        # array constant can be dictionary keys like any other.
        return hash((self.type_oid, _hashable(self.value), self.typmod))


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    try:
        hash(value)
    except TypeError:            # another mutable value (a json document): by its text
        return repr(value)
    return value


@_node
class Param:
    """A parameter. kind 'extern': $n of the extended protocol, `number` 1-based.
    kind 'exec' (PostgreSQL's PARAM_EXEC): a slot of the executor state that a plan node
    sets for the plans below or beside it (a Nested Loop's outer values for its
    parameterised inner side, a SubPlan's outer references, an InitPlan's result);
    `number` is the slot, from 0, as EXPLAIN prints it ($0)."""
    number: int
    type_oid: int
    typmod: int = -1
    kind: str = "extern"
    # An outer reference's column (EXPLAIN shows it rather than the slot, as PostgreSQL).
    shown_as: Any = dataclasses.field(default=None, compare=False)


@_node
class OpExpr:
    operator_name: str
    operator_oid: int
    fn: Callable = dataclasses.field(compare=False)
    args: tuple
    type_oid: int
    strict: bool = True
    # An explicit (COLLATE) collation its inputs compare under (inputcollid; 0 when
    # none or implicit): an index of another collation cannot serve it.
    input_collation: int = dataclasses.field(default=0, compare=False)


@_node
class FuncExpr:
    function_name: str
    function_oid: int
    fn: Callable = dataclasses.field(compare=False)
    args: tuple
    type_oid: int
    strict: bool = True
    volatility: str = "i"
    returns_set: bool = False
    # Written in SQL's own syntax (EXTRACT(x FROM y), TRIM(...), POSITION(a IN b), ...;
    # PostgreSQL's COERCE_SQL_SYNTAX), so it is printed back that way.
    sql_syntax: bool = dataclasses.field(default=False, compare=False)
    # Called as f(..., VARIADIC array) (PostgreSQL's funcvariadic): printed back that way.
    variadic: bool = dataclasses.field(default=False, compare=False)
    # A built-in call completed from pg_proc (builtin_call_arguments): the arguments as
    # written, ((index into args, name or None), ...) in call order; views print these.
    written_args: tuple | None = dataclasses.field(default=None, compare=False)
    # A user VARIADIC function called spread out, f(a, 1, 2): args from this index on are
    # the array's elements, printed as VARIADIC ARRAY[1, 2] (PostgreSQL builds that
    # ArrayExpr at analysis); -1: not such a call.
    variadic_spread: int = dataclasses.field(default=-1, compare=False)


@_node
class CoerceExpr:
    """A type coercion (RelabelType / CoerceViaIO / a cast function, plus the typmod
    length coercion). fn(value, typmod) -> value; NULL in gives NULL out."""
    arg: Any
    fn: Callable = dataclasses.field(compare=False)
    type_oid: int
    typmod: int = -1
    explicit: bool = False


@_node
class CollateExpr:
    """expr COLLATE name: the value unchanged, with an explicit collation (parser/
    collations.py derives and checks collations from it); views print it back. The
    planner drops it where it changes nothing (const_fold); one that re-collates stays,
    so no index of the argument's own collation is used for it."""
    arg: Any
    collation_oid: int
    collation_name: str = dataclasses.field(compare=False)   # as printed: "C", pg_catalog."default"
    type_oid: int = 25
    location: int = dataclasses.field(default=-1, compare=False)   # 1-based, of COLLATE
    # the collation the argument has by itself (0: none or not derived)
    arg_collation: int = dataclasses.field(default=0, compare=False)


@_node
class Aggref:
    """An aggregate call. The planner numbers aggregates of one query level by position
    in Query.aggregates; executor Agg nodes output them after the group keys."""
    aggregate_name: str
    aggregate: Any = dataclasses.field(compare=False)   # datatypes Aggregate
    args: tuple
    type_oid: int
    star: bool = False
    distinct: bool = False
    agg_filter: Any = None      # FILTER (WHERE ...): rows failing it are not aggregated
    # ORDER BY inside the call or WITHIN GROUP (parser/aggregate_order.py): one
    # (descending, nulls_first) per sort key; the keys are the last len(order_by) `args`.
    order_by: tuple = ()
    within_group: bool = False  # an ordered-set aggregate: args are direct args, then keys
    # An aggregate of an enclosing query (PostgreSQL's agglevelsup): its arguments use
    # only columns of that level, which aggregates it; the planner passes its value in
    # as a PARAM_EXEC, as it does an outer column (optimizer/subselect.py).
    levels_up: int = 0
    location: int = dataclasses.field(default=-1, compare=False)   # the call, in the source


@_node
class BoolExpr:
    op: str              # 'and' | 'or' | 'not'
    args: tuple
    type_oid: int = 16


@_node
class NullTest:
    arg: Any
    is_null: bool        # IS NULL (True) or IS NOT NULL (False)
    type_oid: int = 16


@_node
class BooleanTest:
    arg: Any
    test: str            # 'IS_TRUE', 'IS_NOT_TRUE', 'IS_FALSE', 'IS_NOT_FALSE', 'IS_UNKNOWN', 'IS_NOT_UNKNOWN'
    type_oid: int = 16


@_node
class CaseExpr:
    """Searched CASE; a simple CASE is analyzed into conditions `arg = value`."""
    whens: tuple         # ((condition, result), ...)
    default: Any
    type_oid: int
    # Written as a simple `CASE arg WHEN value ...` (each condition is `arg = value`, the
    # arg itself kept nowhere else), so it is printed back that way.
    simple: bool = dataclasses.field(default=False, compare=False)


@_node
class CoalesceExpr:
    args: tuple
    type_oid: int
    # A FULL JOIN's merged USING column (parser/full_join.py): its name, else "".
    column_name: str = dataclasses.field(default="", compare=False)


@_node
class MinMaxExpr:
    op: str              # 'greatest' | 'least'
    args: tuple
    type_oid: int
    compare: Callable = dataclasses.field(compare=False)    # the type's '<' operator fn


@_node
class NullIfExpr:
    args: tuple          # (a, b): NULL if a = b else a
    equal: Callable = dataclasses.field(compare=False)
    type_oid: int


@_node
class ScalarArrayOpExpr:
    """`x IN (a, b, ...)`, `x op ANY (array)` (use_or) / `x NOT IN (...)`, `x op ALL
    (array)`. The right side is either `items`, one expression per element (an IN list,
    or a constant array's elements), or `array`, an expression yielding an array value
    (a column, a parameter, ARRAY[...] of non-constants)."""
    operator_name: str
    fn: Callable = dataclasses.field(compare=False)
    arg: Any
    items: tuple
    use_or: bool
    element_type: int
    type_oid: int = 16
    array: Any = None
    # the operator's function is strict: a NULL on either side makes that comparison
    # NULL without a call (a non-strict one is called with the NULL)
    strict: bool = True


@_node
class ArrayExpr:
    """ARRAY[e1, e2, ...] of elements of `element_type` (one of constants is folded
    into a Const by the planner, optimizer/const_fold.py). multidims: the elements are arrays
    themselves, one dimension down (ARRAY[[1, 2], [3, 4]], ARRAY[a, b] of int4[] a, b)."""
    elements: tuple
    element_type: int
    type_oid: int
    multidims: bool = False


@_node
class SubscriptExpr:
    """array[i][j] (fetch one element) or array[lo:hi] (a slice; any plain index in a
    slice means 1:i). `upper` holds one expression per subscript, `lower` one per
    subscript (None where there is no lower bound: a plain index, or [:hi]); an
    omitted upper bound ([lo:]) is None in `upper`. PostgreSQL's SubscriptingRef."""
    arg: Any
    upper: tuple
    lower: tuple
    is_slice: bool
    type_oid: int
    first_index: int = 1       # 0 for int2vector / oidvector, whose subscripts start at 0


@_node
class SubscriptAssign:
    """array[i] := value, array[lo:hi] := array: `args` is (the array, the new element or
    slice); the result is the array with that element or slice replaced, made longer
    where PostgreSQL makes it so (UPDATE ... SET a[i] = v, INSERT INTO t (a[i])).
    `upper` / `lower` as SubscriptExpr's; `type_oid` is the array type. PostgreSQL's
    SubscriptingRef with refassgnexpr."""
    args: tuple
    upper: tuple
    lower: tuple
    is_slice: bool
    type_oid: int


@_node
class RowExpr:
    """ROW(a, b, ...) or (a, b, ...): a composite value of type record."""
    args: tuple
    type_oid: int = 2249
    # A whole-row reference to a table on the nullable side of an outer join: its
    # ctid, NULL exactly when the join NULL-extended the row, which makes the whole
    # row NULL (as PostgreSQL's whole-row Var is), not a row of NULLs.
    null_marker: Any = None
    # a FROM item's whole row as an anonymous record: its columns' names (row_to_json)
    field_names: tuple = dataclasses.field(default=(), compare=False)
    location: int = dataclasses.field(default=-1, compare=False)   # ROW or "(" in the text


@_node
class RowCompareExpr:
    """(a, b) < (c, d) and the other orderings: the first pair that is not equal
    decides, compared with that pair's operator; a NULL in a deciding pair gives NULL
    (PostgreSQL's RowCompareExpr). `fns` are the pairs' operators, `eqs` their equality
    operators, used to find the first unequal pair."""
    operator_name: str
    fns: tuple = dataclasses.field(compare=False)
    eqs: tuple = dataclasses.field(compare=False)
    largs: tuple
    rargs: tuple
    type_oid: int = 16


@_node
class SQLValueFunction:
    name: str            # 'current_date', 'current_timestamp', 'localtimestamp', 'current_user', ...
    type_oid: int
    typmod: int = -1


@_node
class SubLink:
    """A subquery in an expression, as analyzed (PostgreSQL's SubLink). kind: 'exists',
    'expr' (a scalar subquery), 'array' (ARRAY(SELECT ...)), 'any' (IN, op ANY),
    'all' (op ALL) or 'rowcompare' ((a, b) = (SELECT x, y): one row at most). For
    'any'/'all'/'rowcompare', `arg` is the comparison of the left operand with
    Param(i, kind='sublink'), which stands for the subquery's column i (a row
    comparison: AND / OR of the columns' comparisons, or a RowCompareExpr). `link_id` tells apart subqueries that look
    alike. The planner (optimizer/subselect.py) turns every SubLink into a SubPlan."""
    kind: str
    link_id: int
    subquery: Any = dataclasses.field(compare=False)
    arg: Any
    type_oid: int
    typmod: int = -1
    # ARRAY(SELECT an array column): the rows' arrays stacked as one more dimension
    array_of_arrays: bool = False


@_node
class SubPlan:
    """A planned subquery in an expression (PostgreSQL's SubPlan), evaluated by
    executor/subplan.py. kind as SubLink's. Before each evaluation the PARAM_EXEC slots
    `par_params` are set from `args` (the outer row's values it is correlated with).
    For 'any'/'all', `arg` compares the outer operand with Param(`test_slot`), which
    holds each subquery row's value in turn. `init_plan`: not correlated with the
    query level it is in, run once and its value kept (EXPLAIN: "InitPlan n (returns $k)", the
    expression shows $k = `result_slot`). `hashed`: an uncorrelated IN whose values
    are hashed once ("hashed SubPlan n")."""
    kind: str
    plan_id: int
    plan: Any = dataclasses.field(compare=False)
    args: tuple
    par_params: tuple
    arg: Any
    test_slot: int
    type_oid: int
    typmod: int = -1
    init_plan: bool = False
    result_slot: int = -1
    hashed: bool = False
    # Result slots of InitPlans inside this subquery that depend on an enclosing query's
    # values: forgotten before each evaluation, so they are computed again.
    reset_slots: tuple = ()
    # A row comparison ((a, b) IN (SELECT x, y), kind 'rowcompare' too): the slots that
    # hold each subquery row's columns 1, 2, ... (column 0 is in test_slot).
    more_test_slots: tuple = ()
    array_of_arrays: bool = False       # as SubLink's
    # NULL (unknown) answers are false: the hashed IN form of an EXISTS
    # (optimizer/alternative_subplans.py), PostgreSQL's unknownEqFalse.
    unknown_eq_false: bool = False


@_node
class AlternativeSubPlan:
    """Two plans for one correlated EXISTS (optimizer/alternative_subplans.py): the
    plain SubPlan, run again for every outer row, and a hashed SubPlan over the
    equivalent IN, built once. The planner keeps both until the level's plan is
    finished, then puts the one cheaper for the rows that evaluate it in its place,
    so no executor or EXPLAIN sees this node. Costed as its first alternative."""
    alternatives: tuple
    type_oid: int = 16


@_node
class PlaceHolderVar:
    """A pulled-up subquery's output expression kept apart from what surrounds it
    (PostgreSQL's PlaceHolderVar; made by rewrite/view_pullup.py when the outer query
    has grouping sets, or when the subquery sits on the nullable side of an outer join
    and the output would not go NULL with its row: COALESCE, CASE, a constant): it
    matches a GROUP BY item by equality, so a grouping set without it sees NULL, and
    constant folding never merges it into its context. Its value is its `arg`'s, except
    that with a `null_marker` (the ctid Vars of the subquery's tables, which
    optimizer/placeholders.py describes) it is NULL when every marker is NULL: the
    outer join above NULL-extended the subquery's row."""
    arg: Any
    type_oid: int
    typmod: int = -1
    null_marker: tuple = ()


@_node
class ColumnReference:
    """A column of the child plan's output, by 0-based index (planner-made; PostgreSQL's
    OUTER_VAR/INNER_VAR after setrefs). `shown_as` is the expression for EXPLAIN."""
    index: int
    type_oid: int
    shown_as: Any = dataclasses.field(default=None, compare=False)
    # EXPLAIN prints shown_as in parentheses (a child's computed column, ruleutils.c)
    in_parens: bool = dataclasses.field(default=False, compare=False)


# The fields of expression nodes that hold sub-expressions (or tuples of them, where a
# None entry stands for an omitted part, as in array[lo:]).
CHILD_FIELDS = ("args", "arg", "items", "default", "agg_filter", "array", "elements",
                "upper", "lower", "largs", "rargs", "null_marker", "alternatives")


# Per node class: which of CHILD_FIELDS it has (None: not a dataclass, asked per node).
_CLASS_CHILD_FIELDS: dict = {}


def _child_fields(cls):
    names = _CLASS_CHILD_FIELDS.get(cls, False)
    if names is False:
        fields = getattr(cls, "__dataclass_fields__", None)
        names = None if fields is None else tuple(n for n in CHILD_FIELDS if n in fields)
        _CLASS_CHILD_FIELDS[cls] = names
    return names


def _child_list(node) -> list:
    """children(node) as a list."""
    cls = node.__class__
    if cls is CaseExpr:
        out = []
        for cond, result in node.whens:
            out.append(cond)
            out.append(result)
        out.append(node.default)
        return out
    names = _child_fields(cls)
    out = []
    if names is None:
        values = [getattr(node, name, None) for name in CHILD_FIELDS]
    else:
        values = [getattr(node, name) for name in names]
    for value in values:
        if value is None:
            continue
        if value.__class__ is tuple or isinstance(value, tuple):
            out.extend(item for item in value if item is not None)
        else:
            out.append(value)
    return out


def children(node):
    """The direct sub-expressions of a node (for walkers)."""
    return iter(_child_list(node))


def walk(node):
    """Pre-order traversal of an expression tree (every node, then its children's
    subtrees in order); callers test isinstance themselves. Iterative: no generator per
    node."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        below = _child_list(node)
        if below:
            below.reverse()
            stack.extend(below)


def conjuncts(expr) -> list:
    """The AND-ed parts of an expression, nested ANDs flattened ([] for no expression)."""
    if expr is None:
        return []
    if isinstance(expr, BoolExpr) and expr.op == "and":
        out = []
        for arg in expr.args:
            out.extend(conjuncts(arg))
        return out
    return [expr]


def contains(node, cls) -> bool:
    return any(isinstance(n, cls) for n in walk(node))


def expression_type(node) -> int:
    return node.type_oid


def expression_typmod(node) -> int:
    return getattr(node, "typmod", -1)
