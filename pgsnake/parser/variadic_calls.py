"""Calls written with an explicit VARIADIC array argument: f(a, VARIADIC ARRAY[...]).

Entry point:
    transform_variadic_call(pstate, name, qualifiers, args, arg_exprs, position) -> FuncExpr

With VARIADIC the last argument is the variadic parameter's whole array, so the call
resolves against the functions' unexpanded signatures (pronargs arguments, the last of
the declared array type): a VARIADIC int[] function takes the array as it is, and so
does a function that is not variadic at all (PostgreSQL forgets the decoration then).
A VARIADIC "any" built-in (concat, concat_ws, format, json[b]_build_object/array,
num_nulls, num_nonnulls) insists on an array (42804 "VARIADIC argument must be an
array") and receives its elements as separate arguments of the element type: a NULL
array makes the call NULL (format: no variadic arguments), an empty one no arguments.

PostgreSQL: parser/parse_func.c (ParseFuncOrColumn's func_variadic handling, with
FuncnameGetCandidates' expand_variadic = false), utils/fmgr/funcapi.c
(extract_variadic_args, which flattens a multi-dimensional array in storage order).
"""
from __future__ import annotations

from pgsnake.datatypes import functions
from pgsnake.datatypes.array_values import elements
from pgsnake.datatypes.type_coercion import array_element
from pgsnake.parser import unsupported_builtins
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.parser.expression_nodes import FuncExpr
from pgsnake.utils.errors import DATATYPE_MISMATCH, PgError, UNDEFINED_FUNCTION

ANY_OID = 2276
FIRST_NORMAL_OBJECT_ID = 16384
PG_CATALOG_NAMESPACE = 11


def _variadic_rows(name: str):
    """The pg_catalog VARIADIC functions of that name, as (oid, declared argument types,
    variadic element type, result type, strict, volatility)."""
    from pgsnake.catalog.generated import pg_proc_rows
    column = {c: i for i, c in enumerate(pg_proc_rows.COLUMNS)}
    return [(row[column["oid"]], tuple(row[column["proargtypes"]] or ()),
             row[column["provariadic"]], row[column["prorettype"]],
             row[column["proisstrict"]], row[column["provolatile"]])
            for row in pg_proc_rows.ROWS
            if row[column["proname"]] == name and row[column["provariadic"]] and
            row[column["pronamespace"]] == PG_CATALOG_NAMESPACE and row[column["prokind"]] == "f"]


def transform_variadic_call(pstate, name: str, qualifiers: dict, args: list, raw_args,
                            position):
    arg_types = [UNKNOWN_OID if a.type_oid == 0 else a.type_oid for a in args]
    rows = []
    if "exact_name" not in qualifiers and qualifiers.get("schema") in (None, "pg_catalog") \
            and not qualifiers.get("arg_names"):
        rows = _variadic_rows(name)
    row = next((r for r in rows if len(r[1]) == len(args)), None)
    if row is None:
        if any(r[2] == ANY_OID for r in rows):
            # concat('a', VARIADIC ARRAY[1]): no built-in unexpanded signature takes two
            # arguments; a user's function of that name still may
            try:
                call = _unexpanded_call(pstate, name, qualifiers, args, arg_types, position,
                                        builtin_fallback=False)
            except PgError as err:
                if err.sqlstate != UNDEFINED_FUNCTION:
                    raise
            else:
                if getattr(call, "function_oid", 0) >= FIRST_NORMAL_OBJECT_ID:
                    return call
            raise PgError(UNDEFINED_FUNCTION, f"function {_describe(name, arg_types)} does not exist",
                          hint="No function matches the given name and argument types. "
                               "You might need to add explicit type casts.", position=position)
        return _unexpanded_call(pstate, name, qualifiers, args, arg_types, position)
    oid, declared, element_type, result_type, strict, volatility = row
    if element_type == ANY_OID:
        element = array_element(arg_types[-1]) if arg_types[-1] != UNKNOWN_OID else 0
        if not element:
            raise PgError(DATATYPE_MISMATCH, "VARIADIC argument must be an array",
                          position=_arg_position(pstate, raw_args[-1]))
        strict = False          # the call's own NULL rules (VariadicArrayCall)
    else:
        # The built-in VARIADIC text[] / anyrange functions (json_extract_path,
        # int4multirange) are registered spread out: that form runs on the elements.
        element = element_type
    fixed = tuple(coerce_or_error(pstate, a, t, -1, "implicit", position)
                  for a, t in zip(args[:-1], declared[:-1]))
    last = args[-1] if element_type == ANY_OID else \
        coerce_or_error(pstate, args[-1], declared[-1], -1, "implicit", position)
    call = VariadicArrayCall(name, tuple(declared[:-1]), element)
    return FuncExpr(name, oid, call, fixed + (last,), result_type, strict, volatility,
                    variadic=True)


def _describe(name: str, arg_types) -> str:
    from pgsnake.datatypes import registry
    return f"{name}({', '.join(registry.format_type(t) for t in arg_types)})"


def _unexpanded_call(pstate, name, qualifiers, args, arg_types, position,
                     builtin_fallback: bool = True):
    from pgsnake.parser.transform_expression import build_function_call
    try:
        function = functions.resolve_function(name, arg_types, variadic_array=True,
                                              **qualifiers)
    except PgError as err:
        if builtin_fallback and err.sqlstate == UNDEFINED_FUNCTION and \
                "exact_name" not in qualifiers and \
                unsupported_builtins.postgres_has_function(name, arg_types, expand_variadic=False):
            err = unsupported_builtins.not_supported_function(name, arg_types)
        if err.position is None:
            err.position = position
        raise err from None
    return build_function_call(pstate, name, function, args, position,
                               variadic=_declared_variadic(function.oid))


def _declared_variadic(oid: int) -> bool:
    """Whether the function chosen is VARIADIC (PostgreSQL forgets the call's VARIADIC
    decoration otherwise, so it does not print)."""
    if oid >= 16384:
        from pgsnake.catalog import lookup_functions
        row = lookup_functions.proc_row(oid)
        return bool(row is not None and row.provariadic)
    from pgsnake.catalog.generated import pg_proc_rows
    column = {c: i for i, c in enumerate(pg_proc_rows.COLUMNS)}
    return any(row[column["oid"]] == oid and row[column["provariadic"]]
               for row in pg_proc_rows.ROWS)


def _arg_position(pstate, raw) -> int | None:
    """exprLocation of the raw argument: a cast's is its operand's."""
    (tag, body), = raw.items()
    while tag == "TypeCast" and body.get("arg") is not None:
        (tag, inner), = body["arg"].items()
        if inner.get("location", -1) < 0:
            break
        body = inner
    return pstate.position(body.get("location"))


class VariadicArrayCall:
    """Runs a VARIADIC "any" built-in on an array's elements: the function bound to
    (fixed types..., element type * n) is looked up per element count, as the
    ordinary spread-out call would bind it."""
    __slots__ = ("name", "fixed_types", "element", "_bound")

    def __init__(self, name: str, fixed_types: tuple, element: int) -> None:
        self.name, self.fixed_types, self.element = name, fixed_types, element
        self._bound: dict[int, object] = {}

    def __call__(self, *values):
        fixed, array = values[:-1], values[-1]
        if array is None:
            if self.name != "format":     # strict, or NULL by the function's own rule
                return None
            items = []
        else:
            items = list(elements(array))
        return self._function(len(items))(*fixed, *items)

    def _function(self, count: int):
        bound = self._bound.get(count)
        if bound is None:
            # An empty array binds as one element and passes none (the functions'
            # own code takes any count; their resolvers refuse a call of none).
            types = list(self.fixed_types) + [self.element] * max(count, 1)
            function = functions.resolve_function(self.name, types)
            bound = function.fn
            if getattr(function, "variadic", False):
                from pgsnake.parser.transform_expression import variadic_any_call
                bound = variadic_any_call(bound, len(self.fixed_types),
                                          (self.element,) * count)
            self._bound[count] = bound
        return bound

    def __eq__(self, other):
        return isinstance(other, VariadicArrayCall) and \
            (self.name, self.fixed_types, self.element) == \
            (other.name, other.fixed_types, other.element)

    def __hash__(self):
        return hash((self.name, self.fixed_types, self.element))
