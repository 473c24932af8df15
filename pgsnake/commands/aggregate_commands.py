"""CREATE [OR REPLACE] AGGREGATE, in the new syntax (`name(args) (SFUNC = ..., STYPE =
...)`) and the old one (`name (BASETYPE = ..., SFUNC = ..., ...)`).

The definition list is read as PostgreSQL's DefineAggregate reads it (names compared
exactly, so a quoted "Sfunc" is unknown; SFUNC1 / STYPE1 / INITCOND1 are the old
spellings; an unknown attribute is a WARNING), checked in its order with its messages,
and the support functions are found as lookup_agg_function finds them: by name and
exact argument types (the transition type, then the aggregate's inputs), or by a
candidate whose arguments the given types are binary-coercible to. The rows are written by
catalog/aggregate_creation.py; pl/user_aggregates.py runs the aggregate.

A VARIADIC array argument makes a variadic aggregate (provariadic, proargmodes 'v'):
its calls spread their trailing arguments into the array the support functions get
(pl/user_aggregates.py).

Ordered-set aggregates (`name(direct args ORDER BY aggregated args)`, aggkind 'o', or
'h' with HYPOTHETICAL) pass only the aggregated arguments to the transition function and
the direct ones (all with FINALFUNC_EXTRA) to the final function; their final functions
may modify the state by default (FINALFUNC_MODIFY = READ_WRITE). They run in
pl/user_ordered_set_aggregates.py.

A polymorphic state or result type needs a polymorphic input ("cannot determine
transition / result data type"); a support function's polymorphic result is bound to
the types it is called with (enforce_generic_type_consistency).

Where we differ: LANGUAGE internal support functions cannot be created (only
PostgreSQL's built-in ones are used); SERIALFUNC / DESERIALFUNC /
COMBINEFUNC are recorded but never run (no parallel aggregation); the moving-aggregate
functions run in window frames whose start moves (executor/window_agg.py).

Entry point: execute_create_aggregate(node, raw) (registered for DefineStmt's
OBJECT_AGGREGATE through define_statement.py).

PostgreSQL: commands/aggregatecmds.c (DefineAggregate), catalog/pg_aggregate.c
(AggregateCreate, lookup_agg_function).
"""
from __future__ import annotations

from pgsnake.utils import def_elem
from pgsnake.catalog import aggregate_creation, function_creation, lookup_functions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog.aggregate_creation import AggregateDefinition
from pgsnake.catalog.function_creation import FunctionDefinition
from pgsnake.commands import define_statement
from pgsnake.commands.table_commands import resolve_type_name
from pgsnake.datatypes import polymorphic_binding, registry
from pgsnake.datatypes.catalog_facts import CASTS
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

INVALID_FUNCTION_DEFINITION = "42P13"
DATATYPE_MISMATCH = "42804"
UNDEFINED_FUNCTION = "42883"
INTERNAL = 2281
ANY, ANYARRAY, ANYCOMPATIBLEARRAY = 2276, 2277, 5078
ANYELEMENT, ANYNONARRAY, ANYENUM = 2283, 2776, 3500
_POLYMORPHIC = {2283, 2277, 2776, 3500, 3831, 4537, 5077, 5078, 5079, 5080, 4538, 2276}
_MODIFY = {"read_only": "r", "shareable": "s", "read_write": "w"}
_PARALLEL = {"safe": "s", "restricted": "r", "unsafe": "u"}


def _strings(items) -> list[str]:
    return [i["String"]["sval"] for i in items]


def _qualified(arg, attribute: str = "an aggregate attribute") -> list[str]:
    return def_elem.qualified_name(arg, attribute)


def _text(name: str, arg) -> str:
    """defGetString."""
    if arg is None:
        raise PgError("42601", f"{name} requires a parameter")
    if "String" in arg:
        return arg["String"]["sval"]
    if "Integer" in arg:
        return str(arg["Integer"].get("ival", 0))
    if "Float" in arg:
        return arg["Float"]["fval"]
    if "TypeName" in arg:
        return ".".join(_strings(arg["TypeName"]["names"]))
    if "List" in arg:
        return ".".join(_strings(arg["List"]["items"]))
    raise PgError("42601", f"{name} requires a parameter")


def _boolean(name: str, arg) -> bool:
    """defGetBoolean."""
    if arg is None:
        return True
    if "Integer" in arg:
        value = arg["Integer"].get("ival", 0)
        if value in (0, 1):
            return bool(value)
    elif "Boolean" in arg:
        return bool(arg["Boolean"].get("boolval"))
    else:
        text = _text(name, arg).lower()
        if text in ("true", "on"):
            return True
        if text in ("false", "off"):
            return False
    raise PgError("42601", f"{name} requires a Boolean value")


def _integer(name: str, arg) -> int:
    if arg is None or "Integer" not in arg:
        raise PgError("42601", f"{name} requires an integer value")
    return arg["Integer"].get("ival", 0)


def _type(arg) -> int:
    if "TypeName" in arg:
        return resolve_type_name(arg["TypeName"])[0]
    names = _qualified(arg)
    return resolve_type_name({"names": [{"String": {"sval": n}} for n in names]})[0]


def _type_text(oid: int) -> str:
    return registry.format_type(oid)


def _signature(names: list[str], types: list[int]) -> str:
    return f"{'.'.join(names)}({', '.join(_type_text(t) for t in types)})"


def _binary_coercible(source: int, target: int) -> bool:
    """IsBinaryCoercible, for what aggregates need: the same type, a polymorphic or
    "any" target, a domain's base type, or a binary pg_cast ('b')."""
    if source == target or target in _POLYMORPHIC:
        return True
    if source >= 16384:
        row = cc.get_type_row(source)
        if row is not None and row.typtype == "d":
            return _binary_coercible(row.typbasetype, target)
    return any(s == source and t == target and method == "b"
               for s, t, _context, method, _func in CASTS)


def _lookup_function(names: list[str], arg_types: list[int]):
    """lookup_agg_function: the pg_proc row of a plain function `names` taking
    `arg_types`; 42883 if none, 42804 if it needs a run-time coercion."""
    namespace = None
    if len(names) > 1:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
    rows = [r for r in lookup_functions._procs_named(names[-1], namespace)
            if r.prokind == "f" and r.pronargs == len(arg_types)]
    row = next((r for r in rows if list(r.proargtypes) == arg_types), None)
    if row is None:     # func_get_detail's candidates: ours need no run-time coercion
        fits = [r for r in rows if all(_binary_coercible(a, t) or a == registry.UNKNOWN
                                       for a, t in zip(arg_types, r.proargtypes))
                and _element_family_consistent(list(r.proargtypes), arg_types)]
        fewest_polymorphic = sorted(fits, key=lambda r: sum(t in _POLYMORPHIC
                                                           for t in r.proargtypes))
        row = fewest_polymorphic[0] if fewest_polymorphic else None
    if row is None:
        raise PgError(UNDEFINED_FUNCTION, f"function {_signature(names, arg_types)} does not exist")
    if row.proretset:
        raise PgError(DATATYPE_MISMATCH, f"function {_signature(names, arg_types)} returns a set")
    for given, declared in zip(arg_types, row.proargtypes):
        if not _binary_coercible(given, declared):
            raise PgError(DATATYPE_MISMATCH, f"function {_signature(names, list(row.proargtypes))} "
                                             "requires run-time type coercion")
    from pgsnake.catalog import object_permissions
    object_permissions.check_function_execute(row.oid)
    return row


def _element_family_consistent(declared: list[int], actual: list[int]) -> bool:
    """check_generic_type_consistency for the anyelement family, where the actual
    types may be polymorphic themselves (an aggregate's declared inputs): every
    anyelement / anynonarray / anyenum argument has one type, every anyarray argument
    one array type whose element is that type (anyarray's element being anyelement)."""
    element = array = None
    for d, a in zip(declared, actual):
        if a == registry.UNKNOWN:
            continue
        if d in (ANYELEMENT, ANYNONARRAY, ANYENUM):
            if element is not None and a != element:
                return False
            element = a
        elif d == ANYARRAY:
            if array is not None and a != array:
                return False
            array = a
    if array is None or element is None:
        return True
    if array == ANYARRAY:
        return element == ANYELEMENT
    return registry.get_type(array).element_oid == element


def _return_type(row, arg_types: list[int]) -> int:
    """lookup_agg_function's result type: a polymorphic result bound to the concrete
    types it is called with (enforce_generic_type_consistency); it stays polymorphic
    when those are polymorphic themselves (a polymorphic aggregate)."""
    if row.prorettype not in _POLYMORPHIC or any(t in _POLYMORPHIC for t in arg_types):
        return row.prorettype
    binding = polymorphic_binding.bind(list(row.proargtypes), arg_types)
    return binding.resolve(row.prorettype) if binding is not None else row.prorettype


def _read_definition(node: dict) -> dict:
    """The definition list by PostgreSQL's attribute names (first spellings)."""
    spellings = {"sfunc1": "sfunc", "stype1": "stype", "initcond1": "initcond"}
    known = {"sfunc", "stype", "sspace", "finalfunc", "finalfunc_extra", "finalfunc_modify",
             "combinefunc", "serialfunc", "deserialfunc", "msfunc", "minvfunc", "mstype",
             "msspace", "mfinalfunc", "mfinalfunc_extra", "mfinalfunc_modify", "sortop",
             "hypothetical", "parallel", "initcond", "minitcond", "basetype"}
    out: dict = {}
    for item in node.get("definition", ()):
        element = item["DefElem"]
        name = element["defname"]      # compared exactly: a quoted "Sfunc" is unknown
        name = spellings.get(name, name)
        if name not in known:
            notices.emit("42601", f'aggregate attribute "{element["defname"]}" not recognized',
                         severity="WARNING")
            continue
        out[name] = element.get("arg")
    return out


def _arguments(node: dict, definition: dict) -> tuple[list[int], list[str], int, int]:
    """(argument types, argument names, number of direct arguments, the VARIADIC last
    argument's element type or 0)."""
    if node.get("oldstyle"):
        base = definition.get("basetype")
        if base is None:
            raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate input type must be specified")
        if "String" in base and base["String"]["sval"].lower() == "any" or \
                "TypeName" in base and _strings(base["TypeName"]["names"]) in (["any"], ["ANY"]):
            return [], [], 0, 0
        return [_type(base)], [""], 0, 0
    if definition.get("basetype") is not None:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "basetype is redundant with aggregate input type specification")
    args = node.get("args") or [None, None]
    direct = args[1]["Integer"].get("ival", 0) if args[1] and "Integer" in args[1] else -1
    parameters = args[0]["List"]["items"] if args[0] and "List" in args[0] else []
    types, names, variadic = [], [], 0
    for parameter in parameters:
        p = parameter["FunctionParameter"]
        if p.get("mode") in ("FUNC_PARAM_OUT", "FUNC_PARAM_INOUT", "FUNC_PARAM_TABLE"):
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "aggregates cannot have output arguments")
        if variadic:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "VARIADIC parameter must be the last input parameter")
        type_oid = resolve_type_name(p["argType"])[0]
        if p.get("mode") == "FUNC_PARAM_VARIADIC":
            variadic = _variadic_element(type_oid)
        if p.get("defexpr") is not None:
            raise PgError(INVALID_FUNCTION_DEFINITION, "aggregates cannot have default arguments")
        types.append(type_oid)
        names.append(p.get("name", ""))
    # `direct`: -1 for a plain aggregate, else the number of direct arguments before
    # ORDER BY (all of them for `VARIADIC "any" ORDER BY VARIADIC "any"`, which the
    # grammar folds into one argument, as makeOrderedSetArgs does)
    return types, names, direct, variadic


def _variadic_element(type_oid: int) -> int:
    """interpret_function_parameter_list's VARIADIC rule: an array (its element type),
    or "any"."""
    if type_oid == ANY:
        return ANY
    element = cc.get_type_row(type_oid)
    if type_oid in (ANYARRAY, ANYCOMPATIBLEARRAY):
        return {ANYARRAY: 2283, ANYCOMPATIBLEARRAY: 5077}[type_oid]
    if element is None or not element.typelem or element.typlen != -1 \
            or element.typsubscript == 0:
        raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be an array")
    return element.typelem


def _transition_type(arg, what: str) -> int:
    oid = _type(arg)
    row = cc.get_type_row(oid)
    if row is not None and row.typtype == "p" and oid not in _POLYMORPHIC | {INTERNAL}:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      f"aggregate {what} data type cannot be {_type_text(oid)}")
    return oid


def _check_initial_value(type_oid: int, text: str | None) -> None:
    if text is not None and type_oid != INTERNAL and type_oid not in _POLYMORPHIC:
        registry.get_type(type_oid).input(text, -1)


def execute_create_aggregate(node: dict, raw) -> str:
    names = _strings(node["defnames"])
    if len(names) > 3:
        raise PgError("42601", "improper qualified name (too many dotted names): "
                               f"{'.'.join(names)}")
    from pgsnake.catalog import object_permissions     # DefineAggregate checks it first
    namespace = object_permissions.creation_namespace_checked(names)
    name = names[-1]
    definition = _read_definition(node)
    args = node.get("args") or [None, None]
    ordered = not node.get("oldstyle") and bool(args[1]) and "Integer" in args[1] \
        and args[1]["Integer"].get("ival", 0) != -1
    kind = "o" if ordered else "n"
    if "hypothetical" in definition and _boolean("hypothetical", definition["hypothetical"]):
        if kind == "n":
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "only ordered-set aggregates can be hypothetical")
        kind = "h"
    if definition.get("stype") is None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate stype must be specified")
    if definition.get("sfunc") is None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "aggregate sfunc must be specified")
    moving = definition.get("mstype") is not None
    if moving:
        for key in ("msfunc", "minvfunc"):
            if definition.get(key) is None:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              f"aggregate {key} must be specified when mstype is specified")
    else:
        for key in ("msfunc", "minvfunc", "mfinalfunc", "msspace", "minitcond"):
            if key in definition:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              f"aggregate {key} must not be specified without mstype")
    # DefineAggregate: an ordered-set aggregate's final function may scribble on the
    # state unless told otherwise
    modify = {"finalfunc_modify": "r" if kind == "n" else "w",
              "mfinalfunc_modify": "r" if kind == "n" else "w"}
    for key in ("finalfunc_modify", "mfinalfunc_modify"):
        if key in definition:
            word = _text(key, definition[key]).lower()
            if word not in _MODIFY:
                raise PgError(INVALID_FUNCTION_DEFINITION,
                              f'parameter "{key}" must be READ_ONLY, SHAREABLE, or READ_WRITE')
            modify[key] = _MODIFY[word]
    arg_types, arg_names, direct_args, variadic = _arguments(node, definition)
    if kind == "n":
        direct_args = 0
    elif kind == "h" and direct_args < len(arg_types) and \
            arg_types[:direct_args] != arg_types[direct_args:]:
        raise PgError(INVALID_FUNCTION_DEFINITION, "a hypothetical-set aggregate must have "
                      "direct arguments matching its aggregated arguments")
    transtype = _transition_type(definition["stype"], "transition")
    if ("serialfunc" in definition or "deserialfunc" in definition) and transtype != INTERNAL:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "serialization functions may be specified only when the aggregate "
                      "transition data type is internal")
    if ("serialfunc" in definition) != ("deserialfunc" in definition):
        raise PgError(INVALID_FUNCTION_DEFINITION, "must specify both or neither of "
                                                   "serialization and deserialization functions")
    mtranstype = _transition_type(definition["mstype"], "transition") if moving else 0
    initval = _text("initcond", definition["initcond"]) if "initcond" in definition else None
    minitval = _text("minitcond", definition["minitcond"]) if "minitcond" in definition else None
    _check_initial_value(transtype, initval)
    if moving:
        _check_initial_value(mtranstype, minitval)
    parallel = "u"
    if "parallel" in definition:
        word = _text("parallel", definition["parallel"]).lower()
        if word not in _PARALLEL:
            raise PgError("42601", 'parameter "parallel" must be SAFE, RESTRICTED, or UNSAFE')
        parallel = _PARALLEL[word]
    aggregate = AggregateDefinition(
        kind=kind, transtype=transtype, mtranstype=mtranstype, initval=initval, minitval=minitval,
        direct_args=direct_args,
        finalextra=_boolean("finalfunc_extra", definition["finalfunc_extra"])
        if "finalfunc_extra" in definition else False,
        mfinalextra=_boolean("mfinalfunc_extra", definition["mfinalfunc_extra"])
        if "mfinalfunc_extra" in definition else False,
        finalmodify=modify["finalfunc_modify"], mfinalmodify=modify["mfinalfunc_modify"],
        transspace=_integer("sspace", definition["sspace"]) if "sspace" in definition else 0,
        mtransspace=_integer("msspace", definition["msspace"]) if "msspace" in definition else 0)
    result_type = _support_functions(aggregate, definition, arg_types)
    _create(node, name, namespace, arg_types, arg_names, result_type, parallel, aggregate,
            variadic)
    return "CREATE AGGREGATE"


def _support_functions(aggregate: AggregateDefinition, definition: dict,
                       arg_types: list[int]) -> int:
    """Find the support functions (AggregateCreate's checks); the result type."""
    transtype = aggregate.transtype
    # a polymorphic state type must be deducible from the inputs (AggregateCreate)
    for state_type in (transtype, aggregate.mtranstype):
        detail = polymorphic_binding.signature_problem(state_type, arg_types)
        if detail is not None:
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot determine transition data type",
                          detail=detail)
    sfunc_names = _qualified(definition["sfunc"], "sfunc")
    transfn = _lookup_function(sfunc_names, [transtype] + _aggregated(aggregate, arg_types))
    if _return_type(transfn, [transtype] + _aggregated(aggregate, arg_types)) != transtype:
        raise PgError(DATATYPE_MISMATCH, f"return type of transition function "
                      f"{'.'.join(sfunc_names)} is not {_type_text(transtype)}")
    if transfn.proisstrict and aggregate.initval is None and arg_types and \
            not _binary_coercible(arg_types[0], transtype):
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "must not omit initial value when transition function is strict and "
                      "transition type is not compatible with input type")
    aggregate.transfn = transfn.oid
    result_type = transtype
    if "finalfunc" in definition:
        # AggregateCreate: the state, then every argument with FINALFUNC_EXTRA, else
        # the direct ones (an ordered-set aggregate's)
        final_args = [transtype] + (arg_types if aggregate.finalextra
                                    else arg_types[:aggregate.direct_args])
        finalfn = _lookup_function(_qualified(definition["finalfunc"], "finalfunc"), final_args)
        if aggregate.finalextra and finalfn.proisstrict:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "final function with extra arguments must not be declared STRICT")
        aggregate.finalfn = finalfn.oid
        result_type = _return_type(finalfn, final_args)
    if "combinefunc" in definition:
        names = _qualified(definition["combinefunc"], "combinefunc")
        combinefn = _lookup_function(names, [transtype, transtype])
        if combinefn.prorettype != transtype:
            raise PgError(DATATYPE_MISMATCH, f"return type of combine function "
                          f"{'.'.join(names)} is not {_type_text(transtype)}")
        aggregate.combinefn = combinefn.oid
    if "serialfunc" in definition:
        aggregate.serialfn = _lookup_function(_qualified(definition["serialfunc"], "serialfunc"),
                                              [INTERNAL]).oid
    if "deserialfunc" in definition:
        aggregate.deserialfn = _lookup_function(_qualified(definition["deserialfunc"],
                                                           "deserialfunc"),
                                                [registry.BYTEA, INTERNAL]).oid
    detail = polymorphic_binding.signature_problem(result_type, arg_types)
    if detail is not None:
        raise PgError(DATATYPE_MISMATCH, "cannot determine result data type", detail=detail)
    if result_type == INTERNAL and INTERNAL not in arg_types:
        raise PgError(INVALID_FUNCTION_DEFINITION, 'unsafe use of pseudo-type "internal"',
                      detail="A result of type internal requires at least one input of "
                             "type internal.")
    if aggregate.mtranstype:
        mtranstype = aggregate.mtranstype
        strictness = []
        for key, column in (("msfunc", "mtransfn"), ("minvfunc", "minvtransfn")):
            names = _qualified(definition[key], key)
            row = _lookup_function(names, [mtranstype] + _aggregated(aggregate, arg_types))
            if row.prorettype != mtranstype:
                raise PgError(DATATYPE_MISMATCH, f"return type of "
                              f"{'transition' if key == 'msfunc' else 'inverse transition'} "
                              f"function {'.'.join(names)} is not {_type_text(mtranstype)}")
            setattr(aggregate, column, row.oid)
            strictness.append(row.proisstrict)
        if len(set(strictness)) > 1:
            raise PgError(INVALID_FUNCTION_DEFINITION, "strictness of aggregate's forward and "
                                                       "inverse transition functions must match")
        if "mfinalfunc" in definition:
            margs = [mtranstype] + (arg_types if aggregate.mfinalextra
                                    else arg_types[:aggregate.direct_args])
            row = _lookup_function(_qualified(definition["mfinalfunc"], "mfinalfunc"), margs)
            if row.prorettype != result_type:
                raise PgError(INVALID_FUNCTION_DEFINITION, "moving-aggregate implementation "
                              f"returns type {_type_text(row.prorettype)}, but plain "
                              f"implementation returns type {_type_text(result_type)}")
            aggregate.mfinalfn = row.oid
    if "sortop" in definition:
        if len(arg_types) != 1:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "sort operator can only be specified for single-argument aggregates")
        aggregate.sortop = _sort_operator(_qualified(definition["sortop"], "sortop"), arg_types[0])
    return result_type


def _aggregated(aggregate: AggregateDefinition, arg_types: list[int]) -> list[int]:
    """The arguments the transition function takes after the state: an ordered-set
    aggregate's aggregated arguments (its one VARIADIC argument when the direct and
    aggregated ones were folded together), else all of them."""
    if aggregate.kind == "n":
        return arg_types
    if aggregate.direct_args == len(arg_types):
        return arg_types[-1:]
    return arg_types[aggregate.direct_args:]


def _sort_operator(names: list[str], type_oid: int) -> int:
    rows = lookup_functions._operators()["by_name"].get(names[-1], [])
    namespace = cc.get_namespace_oid(names[-2]) if len(names) > 1 else None
    for row in rows:
        if row.oprleft == type_oid and row.oprright == type_oid and \
                (namespace is None or row.oprnamespace == namespace):
            return row.oid
    shown = _type_text(type_oid)
    raise PgError(UNDEFINED_FUNCTION, f"operator does not exist: {shown} "
                                      f"{'.'.join(names)} {shown}")


def _create(node, name, namespace, arg_types, arg_names, result_type, parallel,
            aggregate, variadic_type: int = 0) -> None:
    existing = [r for r in function_creation.functions_named(name)
                if r.pronamespace == namespace and list(r.proargtypes) == arg_types]
    replace_oid = None
    if existing:
        row = existing[0]
        if not node.get("replace"):
            raise PgError("42723", f'function "{name}" already exists with same argument types')
        if row.prokind != "a":
            kind = {"f": "function", "p": "procedure", "w": "window function"}[row.prokind]
            raise PgError("42809", "cannot change routine kind",
                          detail=f'"{name}" is a {kind}.')
        if row.prorettype != result_type:
            shown = ",".join(registry.format_type(t) for t in arg_types)
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot change return type of "
                          "existing function", hint=f"Use DROP AGGREGATE {name}({shown}) first.")
        old = aggregate_creation.aggregate_row(row.oid)
        if old is not None and old.aggkind != aggregate.kind:     # parse analysis differs
            shown = {"n": "an ordinary aggregate function", "o": "an ordered-set aggregate",
                     "h": "a hypothetical-set aggregate"}[old.aggkind]
            raise PgError("42809", "cannot change routine kind",
                          detail=f'"{name}" is {shown}.')
        if old is not None and old.aggnumdirectargs != aggregate.direct_args:
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot change number of direct "
                                                       "arguments of an aggregate function")
        replace_oid = row.oid
    function = FunctionDefinition(
        name=name, namespace_oid=namespace, language="internal", arg_types=arg_types,
        arg_modes=["i"] * (len(arg_types) - 1) + ["v" if variadic_type else "i"]
        if arg_types else [], arg_names=arg_names,
        arg_defaults=[None] * len(arg_types), result_type=result_type, returns_set=False,
        kind="a", volatility="i", strict=False, parallel=parallel, cost=1.0,
        source="aggregate_dummy", variadic_type=variadic_type)
    aggregate_creation.create_aggregate(function, aggregate, replace_oid)


define_statement.register_kind("OBJECT_AGGREGATE", execute_create_aggregate)
