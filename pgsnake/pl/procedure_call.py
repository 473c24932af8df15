"""CALL proc(args): resolving the procedure and running it.

The arguments are analysed as the target list of a SELECT (so they may use
parameters, casts, function calls), the procedure is chosen among the pg_proc rows of
kind 'p' with the same overload rules as functions (named arguments and defaults too),
and each value is converted to its parameter's type. A procedure with INOUT or OUT
parameters returns them as one row, named as the parameters.

Entry points: prepare_call(raw, param_types) -> PreparedCall, PreparedCall.run(params)
-> row | None, PreparedCall.columns.

PostgreSQL: commands/functioncmds.c (ExecuteCallStmt), parser/parse_utilcmd.c /
analyze.c (transformCallStmt).
"""
from __future__ import annotations

from pgsnake.catalog import function_creation
from pgsnake.datatypes.type_coercion import AmbiguousCandidates, select_candidate
from pgsnake.executor import portal_query
from pgsnake.parser.raw_parser import RawStatement
from pgsnake.pl import function_manager, values
from pgsnake.utils.errors import PgError

UNKNOWN = 705


class PreparedCall:
    def __init__(self, name: str, shape, arguments, columns, out_arguments=frozenset(),
                 targets=()) -> None:
        self.name = name
        self.shape = shape                  # function_manager.CallShape / VariadicShape
        self.arguments = arguments          # a prepared SELECT of the argument values
        self.columns = columns
        self.out_arguments = out_arguments  # the CALL's arguments for OUT parameters
        self.targets = targets              # output_targets()

    def output_targets(self) -> list:
        """For each INOUT / OUT value the CALL returns, in order: the $n the argument
        written for that parameter is (a PL/pgSQL variable), or None, and the parameter
        as PostgreSQL's error names it (make_callstmt_target)."""
        return list(self.targets)

    def run(self, params: list):
        if function_creation.function_row(self.shape.oid) is None:
            raise PgError("42883", f"procedure {self.name} does not exist")
        from pgsnake.catalog import object_permissions      # ExecuteCallStmt's ACL check
        object_permissions.check_function_execute(self.shape.oid)
        row = function_manager.called_row(self.shape.oid, self.shape.binding)
        view = function_creation.call_view(row)          # the arguments CALL wrote
        row = function_creation.input_view(row)
        given = self.arguments.execute(params) if self.arguments is not None else None
        supplied = list(given.rows[0]) if given is not None else []
        types = [c.type_oid for c in given.columns] if given is not None else []
        for index in sorted(self.out_arguments):     # never evaluated (transformCallStmt)
            supplied.insert(index, None)
            types.insert(index, UNKNOWN)
        declared = self.shape.declared_types(view, len(supplied))
        converted = [values.coerce(v, s if s != UNKNOWN else 705, t)
                     for v, s, t in zip(supplied, types, declared)]
        arranged = function_creation.call_inputs(row, self.shape.arrange(view, converted))
        result = function_manager.call_function(row, arranged,
                                                atomic=not _may_end_transactions())
        if not self.columns:
            return None
        return list(result) if isinstance(result, (tuple, list)) else [result]


def _names(items) -> list[str]:
    return [i["String"]["sval"] for i in items]


def prepare_call(raw, param_types: list[int]) -> PreparedCall:
    call = raw.node["CallStmt"]["funccall"]
    names = _names(call["funcname"])
    name = names[-1]
    schema = names[-2] if len(names) > 1 else None
    raw_args = call.get("args", ())
    arg_names = [a["NamedArgExpr"].get("name") if "NamedArgExpr" in a else None for a in raw_args]
    plain = [a["NamedArgExpr"]["arg"] if "NamedArgExpr" in a else a for a in raw_args]
    arguments, arg_types, select = None, [], None
    if plain:
        select = RawStatement(
            {"SelectStmt": {"targetList": [{"ResTarget": {"val": a}} for a in plain],
                            "limitOption": "LIMIT_OPTION_DEFAULT", "op": "SETOP_NONE"}},
            raw.text, raw.location, "SelectStmt", raw.source)
        # Analysed only, for the types: planning folds constants, and an error there
        # (CALL p(1/0)) must not come before the procedure is found.
        from pgsnake.parser.analyze import analyze
        from pgsnake.parser.expression_nodes import expression_type
        query, _types = analyze(select, list(param_types))
        # A string literal or NULL is of unknown type for resolution (the SELECT list
        # would make it text).
        analysed = [expression_type(t.expr) for t in query.target_list if not t.resjunk]
        arg_types = [UNKNOWN if _is_untyped_literal(a) or not t else t
                     for a, t in zip(plain, analysed)]
    candidates = function_manager.bind_polymorphic(function_manager.procedure_candidates(
        name, schema, len(plain), arg_names if any(arg_names) else None,
        bool(call.get("func_variadic"))), arg_types)
    chosen = None
    for candidate in candidates:
        if list(candidate.arg_types) == arg_types:
            chosen = candidate
            break
    if chosen is None:
        chosen = select_candidate(candidates, arg_types)
    shown = "{}({})".format(".".join(names), ", ".join(
        (f"{n} => " if n else "") + _type_name(t) for n, t in zip(arg_names, arg_types)))
    if isinstance(chosen, AmbiguousCandidates) or getattr(chosen, "ambiguous", False):
        raise PgError("42725", f"procedure {shown} is not unique",
                      hint="Could not choose a best candidate procedure. "
                           "You might need to add explicit type casts.",
                      position=raw.source.position(call.get("location")) if raw.source else None)
    if chosen is None:
        if _is_plain_function(name, schema, arg_types, arg_names):
            raise PgError("42809", f"{shown} is not a procedure",
                          hint="To call a function, use SELECT.",
                          position=raw.source.position(call.get("location")) if raw.source else None)
        raise PgError("42883", f"procedure {shown} does not exist",
                      hint="No procedure matches the given name and argument types. "
                           "You might need to add explicit type casts.",
                      position=raw.source.position(call.get("location")) if raw.source else None)
    row = function_manager.called_row(chosen.oid, getattr(chosen.fn, "binding", None))
    out_arguments = _out_arguments(chosen.fn, row, len(plain))
    evaluated = [a for i, a in enumerate(plain) if i not in out_arguments]
    if evaluated:
        select = RawStatement(
            {"SelectStmt": {"targetList": [{"ResTarget": {"val": a}} for a in evaluated],
                            "limitOption": "LIMIT_OPTION_DEFAULT", "op": "SETOP_NONE"}},
            raw.text, raw.location, "SelectStmt", raw.source)
        arguments = portal_query.prepare_statement(select, param_types)
    columns = [portal_query.ResultColumn(n, t)
               for n, t in function_creation.output_columns(row)]
    targets = _output_targets(chosen.fn, row, [_param_number(t.expr) for t in
                                              query.target_list if not t.resjunk]
                              if plain else [])
    return PreparedCall(name, chosen.fn, arguments, columns, out_arguments, targets)


def _param_number(expr) -> int | None:
    from pgsnake.parser.expression_nodes import Param
    return expr.number if isinstance(expr, Param) else None


def _output_targets(shape, row, params: list) -> tuple:
    modes = row.proargmodes
    if modes is None:
        return ()
    positions = list(getattr(shape, "positions", None) or range(len(params)))
    names = row.proargnames or []
    out = []
    for position, mode in enumerate(modes):
        if mode not in ("o", "b"):
            continue
        index = positions.index(position) if position in positions else None
        name = names[position] if position < len(names) and names[position] else None
        out.append((params[index] if index is not None and index < len(params) else None,
                    f'"{name}"' if name else str(position + 1)))
    return tuple(out)


def _out_arguments(shape, row, nargs: int) -> frozenset:
    """Which of the CALL's arguments go to OUT parameters (by their declared position
    in call_view's list, which is the parameter list: a procedure has no TABLE ones)."""
    modes = row.proargmodes
    if row.prokind != "p" or modes is None or "o" not in modes:
        return frozenset()
    positions = getattr(shape, "positions", None)
    if positions is None:            # VARIADIC (last): the spread arguments all go to it
        positions = [min(i, len(modes) - 1) for i in range(nargs)]
    return frozenset(i for i, p in enumerate(positions) if i < nargs and modes[p] == "o")


def _is_plain_function(name, schema, arg_types, arg_names) -> bool:
    """Whether the same call names a function or aggregate (not a procedure): CALL of
    it is 42809 "f(types) is not a procedure"."""
    if function_manager.function_candidates(name, schema, len(arg_types),
                                            arg_names if any(arg_names) else None):
        return True
    if schema not in (None, "pg_catalog") or any(arg_names):
        return False
    from pgsnake.datatypes import aggregates, functions as builtin_functions
    for resolve in (builtin_functions.resolve_function, aggregates.resolve_aggregate):
        try:
            found = resolve(name, list(arg_types))
            row = function_creation.function_row(getattr(found, "oid", 0) or 0)
            return row is None or row.prokind != "p"     # (the user lookup sees procedures)
        except PgError as err:
            if err.sqlstate == "0A000":
                return True      # a built-in pgsnake refuses to run: it exists
    return False


def _type_name(type_oid: int) -> str:
    from pgsnake.datatypes import registry
    return "unknown" if type_oid == UNKNOWN else registry.format_type(type_oid)


def _may_end_transactions() -> bool:
    """A CALL outside a transaction block, from the top level or from procedures that
    may themselves end transactions (ExecuteCallStmt's `atomic` argument)."""
    from pgsnake.access.transam import xact
    from pgsnake.pl import error_context
    if xact.in_transaction_block():
        return False
    return not error_context.in_call() or error_context.non_atomic()


def _is_untyped_literal(node: dict) -> bool:
    const = node.get("A_Const")
    return const is not None and (bool(const.get("isnull")) or "sval" in const)
