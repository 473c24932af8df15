"""User-defined aggregates at run time: finding them for the parser and running their
support functions as the executor's aggregate nodes ask.

The aggregate registry (datatypes/aggregates.py) asks `candidates(name, schema,
arg_types, star)` for the user aggregates that could take a call: the pg_proc rows of
kind 'a' of that name in the given schema or on the search path, each with its
pg_aggregate row (catalog/aggregate_creation.py), made into an `Aggregate` whose
polymorphic argument, transition and result types are bound to the call's types. The
Aggregate objects are cached per backend (dropped at every catalog invalidation), so
that two calls of the same aggregate in one query are equal, as the planner expects.

An Aggregate runs nodeAgg.c's rules itself (the executor sees it as not strict and
hands it every row):
  - a strict transition function is not called for a row with a NULL input; while the
    state has no value yet (no initial value given), the first row's first input
    becomes the state; once the function has returned NULL the state stays NULL;
  - a non-strict transition function is called for every row, starting from NULL;
  - the final function (if any) gets the state and, with FINALFUNC_EXTRA, one NULL per
    argument; a strict one is not called when any of these is NULL (the result is
    NULL); without one the state is the result.
The support functions are found by OID: a user function runs through
function_manager, a built-in one through the function registry, through the operator
it implements (int4pl is `+`'s code), or for the usual built-in transition functions
the registry lacks (int8inc, int4_sum, int4larger, ...) through `_builtin_support`; a
built-in that pgsnake lacks otherwise raises 0A000 when the aggregate is first used.

An aggregate with MSFUNC / MINVFUNC also carries a MovingAggregate (Aggregate.moving),
which window frames whose start moves use as nodeWindowAgg.c does.

Entry points: install() (called by pl/__init__.py), SupportFunction(oid, call_types),
MovingAggregate.

PostgreSQL: executor/nodeAgg.c (advance_transition_function, finalize_aggregate,
initialize_aggregate), parser/parse_agg.c (resolve_aggregate_transtype).
"""
from __future__ import annotations

from pgsnake.catalog import aggregate_creation, function_creation, invalidation
from pgsnake.catalog import lookup_functions
from pgsnake.datatypes import (aggregates, integers, operators, polymorphic_binding, registry,
                               scalar_facts)
from pgsnake.datatypes import functions as function_registry
from pgsnake.datatypes.catalog_facts import OPERATORS
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

ANY, ANYELEMENT, ANYARRAY, ANYNONARRAY = 2276, 2283, 2277, 2776
ANYCOMPATIBLE, ANYCOMPATIBLEARRAY, ANYCOMPATIBLENONARRAY = 5077, 5078, 5079
_ELEMENT_KINDS = (ANYELEMENT, ANYNONARRAY, ANYCOMPATIBLE, ANYCOMPATIBLENONARRAY)
_ARRAY_KINDS = (ANYARRAY, ANYCOMPATIBLEARRAY)


class _NoValue:
    """The state of an aggregate whose strict transition function has not yet been
    given a row and which has no initial value (nodeAgg's noTransValue)."""

    def __reduce__(self):
        return "NO_VALUE"          # pickled states (spilled hash groups) stay this object

    def __repr__(self) -> str:
        return "NO_VALUE"


NO_VALUE = _NoValue()


def _binding(declared: list[int], actual: list[int]) -> int | None:
    """The element type the polymorphic arguments bind to, or None."""
    for want, got in zip(declared, actual):
        if got == registry.UNKNOWN:
            continue
        if want in _ELEMENT_KINDS:
            return got
        if want in _ARRAY_KINDS:
            try:
                element = registry.get_type(got).element_oid
            except PgError:
                element = 0
            if element:
                return element
    return None


def _bind(type_oid: int, element: int | None) -> int:
    if element is None:
        return type_oid
    if type_oid in _ELEMENT_KINDS:
        return element
    if type_oid in _ARRAY_KINDS:
        return registry.get_type(element).array_oid or type_oid
    return type_oid


def _operator_code(row, call_types: list[int]):
    """A built-in function that pgsnake implements only as an operator's code."""
    arg_types = list(row.proargtypes)
    for _oid, name, left, right, _result, code in OPERATORS + scalar_facts.OPERATORS:
        if code == row.proname and ([left, right] == arg_types if left else [right] == arg_types):
            try:
                if left:
                    return operators.resolve_operator(name, call_types[0], call_types[1]).fn
                return operators.resolve_operator(name, None, call_types[0]).fn
            except PgError:
                return None
    return None


def _sum_into(result_type: int):
    """int2_sum / int4_sum / int8_sum: not strict, a NULL state takes the first value."""
    from decimal import Decimal

    def step(state, value):
        if value is None:
            return state
        if result_type == registry.NUMERIC:
            value = Decimal(value)
            return value if state is None else state + value
        return value if state is None else integers.check_range(state + value, result_type)
    return step


def _larger_smaller(name: str, type_oid: int):
    """*_larger / *_smaller: on a tie the second argument, as int4larger's `a > b ? a : b`."""
    less = operators.resolve_operator("<", type_oid, type_oid).fn
    if name.endswith("larger"):
        return lambda a, b: a if less(b, a) else b
    return lambda a, b: a if less(a, b) else b


def _builtin_support(row, call_types: list[int]):
    """Built-in transition functions that pgsnake's function registry lacks (they are
    never called directly by pgsnake's own aggregates)."""
    name = row.proname
    if name in ("int8inc", "int8inc_any", "int4inc", "int2inc"):
        width = registry.INT4 if name == "int4inc" else registry.INT8
        return lambda state, *_rest: integers.check_range(state + 1, width)
    if name in ("int2_sum", "int4_sum"):
        return _sum_into(registry.INT8)
    if name == "int8_sum":
        return _sum_into(registry.NUMERIC)
    if name in ("int2_avg_accum", "int4_avg_accum"):       # state: {count, sum} as int8[]
        return lambda state, value: [integers.check_range(state[0] + 1, registry.INT8),
                                     integers.check_range(state[1] + value, registry.INT8)]
    if name == "int8_avg":
        from decimal import Decimal
        from pgsnake.datatypes import numeric
        return lambda state: None if not state[0] else \
            numeric.numeric_div(Decimal(state[1]), Decimal(state[0]))
    if name == "booland_statefunc":
        return lambda a, b: a and b
    if name == "boolor_statefunc":
        return lambda a, b: a or b
    if name.endswith(("larger", "smaller")) and len(call_types) == 2:
        try:
            return _larger_smaller(name, call_types[0])
        except PgError:
            return None
    return None


def _support_callable(oid: int, call_types: list[int]):
    """How to call support function `oid` with arguments of `call_types`."""
    row = lookup_functions.proc_row(oid)
    if row is None:
        raise PgError("XX000", f"cache lookup failed for function {oid}")
    if oid >= 16384:
        from pgsnake.pl import function_manager
        user_row = function_creation.function_row(oid)
        if user_row is None:
            raise PgError("XX000", f"cache lookup failed for function {oid}")
        function = function_manager.function_object(user_row)
        # a polymorphic support function: bound to the types it is called with
        bound = function_manager.bind_polymorphic([function], list(call_types)) \
            if len(call_types) == len(function.arg_types) else [function]
        return (bound[0] if bound else function).fn
    builtin = function_registry.function_by_oid(oid)
    if builtin is not None and builtin.fn is not None:
        return builtin.fn
    by_operator = _operator_code(row, call_types) or _builtin_support(row, call_types)
    if by_operator is not None:
        return by_operator
    try:
        resolved = function_registry.resolve_function(row.proname, list(call_types),
                                                      schema="pg_catalog")
        if resolved.oid in (oid, 0) and resolved.fn is not None:
            return resolved.fn
    except PgError:
        pass
    shown = ", ".join(registry.format_type(t) for t in row.proargtypes)
    raise PgError("0A000", f"function {row.proname}({shown}) is not supported by pgsnake",
                  detail="PostgreSQL 15 has this built-in function; pgsnake does not "
                         "implement it yet.")


class SupportFunction:
    """A function called by OID (an aggregate's support function, an operator's code),
    found on its first call; `strict` is its pg_proc.proisstrict. Also used by
    pl/user_operators.py."""

    def __init__(self, oid: int, call_types: list[int]) -> None:
        self.oid = oid
        self.call_types = call_types
        row = lookup_functions.proc_row(oid)
        self.strict = bool(row.proisstrict) if row is not None else True
        self._fn = None

    def __call__(self, *args):
        if self._fn is None:
            self._fn = _support_callable(self.oid, self.call_types)
        return self._fn(*args)


def _call_signature(row, arg_types: list[int], expanded: bool) -> list[int]:
    """The argument types a call of `row` takes: a VARIADIC aggregate called without
    VARIADIC takes its array's element type for each trailing argument."""
    declared = list(row.proargtypes)
    if not expanded:
        return declared
    return declared[:-1] + [row.provariadic] * (len(arg_types) - len(declared) + 1)


def _final_result_type(final_oid: int, transtype: int, fallback: int) -> int:
    final = lookup_functions.proc_row(final_oid)
    if final is None or not final.proargtypes:
        return fallback
    try:
        binding = polymorphic_binding.bind([final.proargtypes[0]], [transtype])
    except PgError:
        return fallback
    return binding.resolve(final.prorettype) if binding is not None else fallback


def _make(row, agg, arg_types: list[int], expanded: bool = False) -> aggregates.Aggregate:
    """The Aggregate for `row` called with `arg_types` (polymorphic types bound).
    `expanded`: a VARIADIC aggregate called with its trailing arguments spread out,
    which are gathered into the array its support functions take (VARIADIC "any"
    hands them on one by one)."""
    declared = list(row.proargtypes)
    signature = _call_signature(row, arg_types, expanded)
    element = _binding(signature, arg_types)
    call_args = tuple(_bind(t, element) if t != ANY else a
                      for t, a in zip(signature, arg_types))
    gathers = expanded and row.provariadic != ANY      # VARIADIC "any": as they are
    bound_args = tuple(_bind(t, element) for t in declared) if gathers else call_args
    transtype = _bind(agg.aggtranstype, element)
    result_type = _bind(row.prorettype, element)
    if element is None and agg.aggfinalfn and polymorphic_binding.is_polymorphic(result_type):
        # polymorphic only through the final function: its result for the state type
        result_type = _final_result_type(agg.aggfinalfn, transtype, result_type)
    nargs = len(signature)
    fixed = len(declared) - 1
    trans = SupportFunction(agg.aggtransfn, [transtype, *bound_args])
    final = SupportFunction(agg.aggfinalfn, [transtype, *bound_args] if agg.aggfinalextra
                     else [transtype]) if agg.aggfinalfn else None
    initval = agg.agginitval
    extra = len(declared) if agg.aggfinalextra else 0

    def init():
        if initval is None:
            return NO_VALUE if trans.strict else None
        return registry.get_type(transtype).input(initval, -1)

    def transition(state, *values):
        values = values[:nargs]           # count(*)-like calls pass one placeholder
        if gathers:
            values = (*values[:fixed], list(values[fixed:]))
        if trans.strict:
            if any(v is None for v in values):
                return state
            if state is NO_VALUE:
                first = values[0]
                return list(first) if isinstance(first, list) else first
            if state is None:
                return None
        elif state is NO_VALUE:
            state = None
        return trans(state, *values)

    def finish(state):
        if state is NO_VALUE:
            state = None
        if final is None:
            return state
        if final.strict and (state is None or extra):
            return None
        return final(state, *([None] * extra))

    moving = MovingAggregate(agg, bound_args, element, fixed if gathers else None) \
        if agg.aggminvtransfn else None
    return aggregates.Aggregate(row.oid, row.proname, call_args, result_type, init,
                                transition, finish, strict=False, moving=moving)


class MovingAggregate:
    """An aggregate's moving-aggregate implementation (MSFUNC, MINVFUNC, MSTYPE,
    MINITCOND, MFINALFUNC), for window frames whose start moves
    (executor/window_agg.py keeps the count of rows in the state and decides when to
    start again). `transition` and `inverse` take the state and one row's arguments:
    with strict functions, a row with a NULL argument is `skips(values)` (neither
    function is called for it); `inverse` returning None means it cannot remove the
    row (the frame is aggregated afresh)."""

    def __init__(self, agg, bound_args: tuple, element, gather_from=None) -> None:
        self.mtranstype = _bind(agg.aggmtranstype, element)
        self.nargs = len(bound_args)
        self.gather_from = gather_from     # a VARIADIC array's first argument, or None
        self.forward = SupportFunction(agg.aggmtransfn, [self.mtranstype, *bound_args])
        self.backward = SupportFunction(agg.aggminvtransfn, [self.mtranstype, *bound_args])
        self.final_function = SupportFunction(
            agg.aggmfinalfn, [self.mtranstype, *bound_args] if agg.aggmfinalextra
            else [self.mtranstype]) if agg.aggmfinalfn else None
        self.initval = agg.aggminitval
        self.extra = self.nargs if agg.aggmfinalextra else 0

    def init(self):
        if self.initval is None:
            return NO_VALUE if self.forward.strict else None
        return registry.get_type(self.mtranstype).input(self.initval, -1)

    def _arguments(self, values) -> tuple:
        if self.gather_from is None:
            return tuple(values[:self.nargs])
        return (*values[:self.gather_from], list(values[self.gather_from:]))

    def skips(self, values) -> bool:
        return self.forward.strict and any(v is None for v in self._arguments(values))

    def transition(self, state, *values):
        values = self._arguments(values)
        if self.forward.strict and state is NO_VALUE:
            first = values[0]
            return list(first) if isinstance(first, list) else first
        if state is NO_VALUE:
            state = None
        result = self.forward(state, *values)
        if result is None:
            raise PgError("22004", "moving-aggregate transition function must not return "
                                   "null")
        return result

    def inverse(self, state, *values):
        if state is None or state is NO_VALUE:
            raise PgError("XX000", "aggregate transition value is NULL before inverse "
                                   "transition")
        return self.backward(state, *self._arguments(values))

    def final(self, state):
        if state is NO_VALUE:
            state = None
        if self.final_function is None:
            return state
        if self.final_function.strict and (state is None or self.extra):
            return None
        return self.final_function(state, *([None] * self.extra))


_made: dict[tuple, aggregates.Aggregate] = {}
invalidation.add_cache_reset(_made.clear)


def _candidates(name: str, schema: str | None, arg_types: list[int], star: bool,
                variadic: bool = False) -> list:
    if not process_state.database_oid:
        return []
    if not function_creation.functions_named(name):
        return []
    from pgsnake.pl import function_manager
    out = []
    for row in function_manager.visible_rows(name, schema):
        if row.prokind != "a":
            continue
        # FuncnameGetCandidates: a VARIADIC aggregate called without VARIADIC takes
        # pronargs or more arguments, spread out (VARIADIC "any": as they are).
        expanded = bool(row.provariadic) and not variadic and not star
        if star:
            if row.pronargs != 0:
                continue
        elif (len(arg_types) < row.pronargs) if expanded \
                else (row.pronargs != len(arg_types)):
            continue
        agg = aggregate_creation.aggregate_row(row.oid)
        if agg is None or agg.aggkind != "n":
            continue
        key = (row.oid, tuple(arg_types), star, expanded)
        made = _made.get(key)
        if made is None:
            made = _made[key] = _make(row, agg, [] if star else list(arg_types), expanded)
        out.append(made)
    return out


def install() -> None:
    aggregates.set_user_aggregate_lookup(_candidates)
