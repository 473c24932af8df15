"""Built-in function calls with named arguments or with defaulted arguments left out:
make_interval(days => 3), jsonb_path_query(t, p, silent => true), make_interval().

Entry point:
    complete_builtin_call(pstate, name, schema, args, arg_names, position)
        -> FuncExpr, or None when no built-in takes the call that way

pg_proc decides, as for user functions: a call reaches a pg_catalog function when its
positional arguments come first, every named one names an input argument
(proargnames) not already given, and every input left out has a default. The defaults
are the SQL texts PostgreSQL's initdb declared (catalog/generated/
argument_default_facts.py), analysed and coerced to the argument's type. The call then
runs the built-in registered for the full argument list; PostgreSQL functions pgsnake
does not implement are refused by name (0A000), never answered wrongly.

PostgreSQL: parser/parse_func.c (func_get_detail with named and defaulted arguments),
catalog/namespace.c (FuncnameGetCandidates, MatchNamedCall), optimizer/util/clauses.c
(expand_function_arguments: the defaults are added to the call's argument list).
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.datatypes import functions
from pgsnake.datatypes.type_coercion import AmbiguousCandidates, select_candidate
from pgsnake.parser import raw_parser, unsupported_builtins
from pgsnake.parser.coercion import UNKNOWN_OID, coerce_or_error
from pgsnake.utils.errors import AMBIGUOUS_FUNCTION, PgError, UNDEFINED_FUNCTION

PG_CATALOG_NAMESPACE = 11
# Pseudo-types whose actual argument type decides which built-in runs.
_POLYMORPHIC = {2276, 2277, 2283, 2776, 3500, 3831, 4537, 4538, 5077, 5078, 5079, 5080}


class _Candidate(NamedTuple):
    oid: int
    declared: tuple          # every input's type
    positions: tuple         # the declared position of each call argument
    arg_types: tuple         # the declared types at those positions (select_candidate)
    defaults: tuple          # default SQL texts of the last inputs


def _rows(name: str) -> list[tuple]:
    from pgsnake.catalog.generated import argument_default_facts, pg_proc_rows
    column = {c: i for i, c in enumerate(pg_proc_rows.COLUMNS)}
    out = []
    for row in pg_proc_rows.ROWS:
        if row[column["proname"]] != name or row[column["pronamespace"]] != PG_CATALOG_NAMESPACE \
                or row[column["prokind"]] != "f" or row[column["provariadic"]]:
            continue
        declared = tuple(row[column["proargtypes"]] or ())
        _nargs, names, defaults = argument_default_facts.DEFAULTS.get(row[column["oid"]],
                                                                      (0, (), ()))
        if not names:
            names = tuple(row[column["proargnames"]] or ())[:len(declared)]
        out.append((row[column["oid"]], declared, tuple(names), tuple(defaults)))
    return out


def _positions(declared, names, defaults, arg_names) -> tuple | None:
    """MatchNamedCall: the declared position of each argument, or None."""
    nargs = len(arg_names)
    if nargs > len(declared):
        return None
    positional = 0
    while positional < nargs and arg_names[positional] is None:
        positional += 1
    positions = list(range(positional))
    for arg_name in arg_names[positional:]:
        if arg_name is None or arg_name not in names:
            return None
        index = names.index(arg_name)
        if index in positions:
            return None
        positions.append(index)
    first_default = len(declared) - len(defaults)
    if any(i not in positions for i in range(first_default)):
        return None
    return tuple(positions)


def complete_builtin_call(pstate, name: str, schema, args: list, arg_names: list, position):
    if schema not in (None, "pg_catalog"):
        return None
    arg_types = [UNKNOWN_OID if a.type_oid == 0 else a.type_oid for a in args]
    candidates = []
    for oid, declared, names, defaults in _rows(name):
        positions = _positions(declared, names, defaults, arg_names)
        if positions is None:
            continue
        if len(positions) == len(declared) and not any(arg_names):
            continue              # an ordinary call: resolved (or refused) as one already
        candidates.append(_Candidate(oid, declared, positions,
                                     tuple(declared[p] for p in positions), defaults))
    if not candidates:
        return None
    accepted = [c for c in candidates
                if all(unsupported_builtins.accepts(d, g) for d, g in zip(c.arg_types, arg_types))]
    if not accepted:
        return None
    chosen = accepted[0] if len(accepted) == 1 else select_candidate(accepted, arg_types)
    if isinstance(chosen, AmbiguousCandidates):
        raise PgError(AMBIGUOUS_FUNCTION, f"function {_describe(name, arg_types, arg_names)} "
                      "is not unique", hint="Could not choose a best candidate function. "
                      "You might need to add explicit type casts.", position=position)
    if chosen is None:
        return None
    return _call(pstate, name, chosen, args, arg_names, arg_types, position)


def _call(pstate, name, chosen: _Candidate, args, arg_names, arg_types, position):
    from pgsnake.parser.transform_expression import build_function_call
    full: list = [None] * len(chosen.declared)
    for arg, index in zip(args, chosen.positions):
        full[index] = arg
    first_default = len(chosen.declared) - len(chosen.defaults)
    for index, expr in enumerate(full):
        if expr is None:
            full[index] = _default_expression(pstate, chosen.defaults[index - first_default],
                                              chosen.declared[index])
    types = [(UNKNOWN_OID if e.type_oid == 0 else e.type_oid) if d in _POLYMORPHIC else d
             for e, d in zip(full, chosen.declared)]
    try:
        function = functions.resolve_function(name, types)
    except PgError as err:
        if err.sqlstate != UNDEFINED_FUNCTION:
            raise
        raise _positioned(unsupported_builtins.not_supported_function(name, types),
                          position) from None
    written = tuple(zip(chosen.positions, arg_names))
    return build_function_call(pstate, name, function, full, position, written_args=written)


def _positioned(err: PgError, position) -> PgError:
    if err.position is None:
        err.position = position
    return err


def _default_expression(pstate, text: str, type_oid: int):
    from pgsnake.parser.relation_resolution import ParseState
    from pgsnake.parser.transform_expression import transform_expression
    raw = raw_parser.parse_sql(f"SELECT {text}")[0]
    value_node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    child = ParseState(raw.source, parent=pstate)
    child.sees_parent = False
    expr = transform_expression(child, value_node)
    if type_oid in _POLYMORPHIC:
        return expr
    return coerce_or_error(pstate, expr, type_oid, -1, "assignment", None)


def _describe(name: str, arg_types, arg_names) -> str:
    from pgsnake.datatypes import registry
    shown = [(f"{n} => " if n else "") + registry.format_type(t)
             for t, n in zip(arg_types, arg_names)]
    return f"{name}({', '.join(shown)})"
