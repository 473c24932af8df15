"""Calling user-defined functions: finding them for the parser, and running them by
their language (PostgreSQL's fmgr for SQL and PL/pgSQL functions).

The function registry (datatypes/functions.py) asks `candidates(name, schema, nargs,
arg_names)` for the user functions that could take a call: pg_proc rows of that name
in the given schema or on the search path (a schema earlier in the path hides a
function of the same signature later in it), each shaped to the call. A function with
defaults can be called with fewer arguments, and named arguments (`f(b => 1)`) may come
in any order after the positional ones, so a candidate's argument types are in the
call's order and its `fn` (a CallShape) puts the values into the declared order and
fills the defaults before calling (PostgreSQL's func_get_detail with
expand_defaults / argument reordering).

A call runs the function's current definition: the compiled form is cached per backend,
keyed by the pg_proc row's contents, so CREATE OR REPLACE takes effect even in plans
made earlier.

Entry points: install() (at import), call_function(row, args) -> value, rows or None,
compiled(row, language_compiler), procedure_candidates(name, schema, nargs, arg_names).

PostgreSQL: parser/parse_func.c (func_get_detail, FuncnameGetCandidates with
expand_variadic/expand_defaults), utils/fmgr/fmgr.c, executor/functions.c.
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import function_creation
from pgsnake.datatypes import functions as function_registry
from pgsnake.datatypes import polymorphic_binding
from pgsnake.datatypes.type_coercion import select_candidate
from pgsnake.utils import process_state, setting_arrays
from pgsnake.utils.activity import pgstat
from pgsnake.utils.errors import PgError, UNDEFINED_FUNCTION

RECORD = 2249
VOID = 2278
TRIGGER, EVENT_TRIGGER = 2279, 3838


class RowResult(tuple):
    """A function's row result (OUT parameters, RETURNS TABLE, a table's row type): a
    tuple, which a function scan in FROM spreads into columns, that also carries
    registry.Record's `type_oids` and `values`, so a call in a select list prints as
    (1,abc)."""

    def __new__(cls, values, type_oids, names=()):
        row = super().__new__(cls, values)
        row.type_oids = tuple(type_oids)
        row.names = tuple(names)        # a record variable's field names (hstore(new))
        return row

    @property
    def values(self) -> tuple:
        return tuple(self)


def _as_rows(row, result):
    """Wrap a row-returning function's rows as RowResults."""
    columns = result_columns(row)
    if not columns or result is None:
        return result           # one value, or an anonymous record typed by its rows
    types = [t for _, t in columns]
    if row.proretset:
        return [RowResult(r, types) if isinstance(r, (tuple, list)) else r for r in result]
    return RowResult(result, types) if isinstance(result, (tuple, list)) else result


@dataclasses.dataclass(frozen=True)
class CallShape:
    """How a call's argument values map onto the function's declared inputs: call value
    i goes to input `positions[i]`; inputs no value reaches take their defaults.
    `binding`: a polymorphic function's types bound to this call (bound_row)."""
    oid: int
    positions: tuple[int, ...]
    ninputs: int
    binding: tuple | None = None
    out_columns: tuple | None = None     # bound OUT columns (datatypes/functions.out_columns_of)

    def __call__(self, *values):
        row = called_row(self.oid, self.binding)
        return _as_rows(row, call_function(row, self.arrange(row, values)))

    def declared_types(self, row, nvalues: int) -> list[int]:
        """The parameter type each of the call's values goes to."""
        return [row.proargtypes[p] for p in self.positions[:nvalues]]

    def arrange(self, row, values) -> list:
        full = [_MISSING] * self.ninputs
        for value, position in zip(values, self.positions):
            full[position] = value
        if _MISSING in full:
            defaults = default_values(row)
            first_default = self.ninputs - len(defaults)
            for i in range(self.ninputs):
                if full[i] is _MISSING:
                    full[i] = defaults[i - first_default]
        return full


_MISSING = object()


def called_row(oid: int, binding):
    row = function_creation.function_row(oid)
    if row is None:
        raise PgError("42883", f"cache lookup failed for function {oid}")
    return row if binding is None else row._replace(**dict(binding))


def _is_polymorphic(row) -> bool:
    return any(polymorphic_binding.is_polymorphic(t) for t in
               list(row.proallargtypes or row.proargtypes) + [row.prorettype])


def bound_row(row, binding):
    """The pg_proc row of a polymorphic function as one call sees it: every polymorphic
    type replaced by the call's (its body is compiled, and cached, per such row, as
    PostgreSQL's function cache is keyed by the actual argument types)."""
    resolve = binding.resolve
    changes = {"proargtypes": [resolve(t) for t in row.proargtypes],
               "prorettype": resolve(row.prorettype)}
    if row.proallargtypes is not None:
        changes["proallargtypes"] = [resolve(t) for t in row.proallargtypes]
    if row.provariadic:
        changes["provariadic"] = resolve(row.provariadic)
    return row._replace(**changes), tuple(changes.items())


def _visible_rows(name: str, schema: str | None) -> list:
    if not process_state.database_oid:
        return []          # no database chosen (unit tests of the layers below): built-ins only
    rows = function_creation.functions_named(name)
    if not rows:
        return []
    if schema is not None:
        namespace = cc.get_namespace_oid(schema)
        if namespace is None:
            raise PgError("3F000", f'schema "{schema}" does not exist')
        return [r for r in rows if r.pronamespace == namespace]
    path = cc.function_search_path()       # never the temporary schema, implicitly
    rows = sorted((r for r in rows if r.pronamespace in path),
                  key=lambda r: path.index(r.pronamespace))
    seen, out = set(), []
    for row in rows:      # a schema earlier in the path hides the same signature later
        key = tuple(row.proargtypes)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


visible_rows = _visible_rows       # pl/user_aggregates.py finds aggregates the same way


def _shape(row, nargs: int, arg_names: list | None) -> tuple[int, ...] | None:
    """The declared input position of each call argument, or None if the call cannot
    reach this function."""
    ninputs = row.pronargs
    ndefaults = row.pronargdefaults
    if nargs > ninputs:
        return None
    names = arg_names or [None] * nargs
    positional = 0
    while positional < nargs and names[positional] is None:
        positional += 1
    if any(n is None for n in names[positional:]):
        return None          # a positional argument after a named one (the parser refuses it)
    positions = list(range(positional))
    declared = function_creation.call_arg_names(row)
    for name in names[positional:]:
        if name not in declared:
            return None
        index = declared.index(name)
        if index in positions:
            return None
        positions.append(index)
    covered = set(positions)
    if any(i not in covered for i in range(ninputs - ndefaults)):
        return None
    return tuple(positions)


def composite_columns(type_oid: int) -> list[tuple[str, int]] | None:
    """(name, type) of a table's row type's columns, or None for any other type."""
    type_row = cc.get_type_row(type_oid)
    if type_row is None or not type_row.typrelid:
        return None
    relation = cc.get_relation(type_row.typrelid)
    return [(a.name, a.type_oid) for a in relation.descriptor.attributes
            if a.attnum > 0 and not a.is_dropped]


def result_columns(row) -> list[tuple[str, int]] | None:
    """The columns of a function's result row when it returns one (OUT parameters,
    RETURNS TABLE, a table's row type); None when it returns a single value."""
    if row.prorettype == RECORD:
        return function_creation.output_columns(row)
    return composite_columns(row.prorettype)


def function_object(row, positions: tuple[int, ...] | None = None,
                    binding: tuple | None = None) -> function_registry.Function:
    """The registry's view of a pg_proc row, shaped to a call. A function returning a
    table's row type is presented as returning a record with that table's columns."""
    if positions is None:
        positions = tuple(range(row.pronargs))
    arg_types = tuple(row.proargtypes[i] for i in positions)
    columns = result_columns(row)
    out_columns = tuple(columns) if columns else ()
    result_type = RECORD if row.prorettype == RECORD else row.prorettype
    if result_type in (TRIGGER, EVENT_TRIGGER):
        # pgsnake's type table has no trigger pseudo-types; the call fails when it runs
        # ("trigger functions can only be called as triggers"), as in PostgreSQL.
        result_type = VOID
    return function_registry.Function(
        row.oid, row.proname, arg_types, result_type,
        CallShape(row.oid, positions, row.pronargs, binding), row.proisstrict, row.provolatile,
        False, row.proretset, out_columns, row.prorows)


@dataclasses.dataclass(frozen=True)
class VariadicShape:
    """A call of a VARIADIC function with its trailing arguments spread out: they are
    collected into the array the last parameter receives."""
    oid: int
    fixed: int
    binding: tuple | None = None
    out_columns: tuple | None = None

    def __call__(self, *values):
        row = called_row(self.oid, self.binding)
        return _as_rows(row, call_function(row, self.arrange(row, values)))

    def declared_types(self, row, nvalues: int) -> list[int]:
        return list(row.proargtypes[:self.fixed]) + [row.provariadic] * (nvalues - self.fixed)

    def arrange(self, row, values) -> list:
        return list(values[:self.fixed]) + [list(values[self.fixed:])]


def _variadic_object(row, nargs: int, binding: tuple | None = None):
    fixed = row.pronargs - 1
    if nargs <= fixed:
        return None
    base = function_object(row)
    arg_types = tuple(row.proargtypes[:fixed]) + (row.provariadic,) * (nargs - fixed)
    return dataclasses.replace(base, arg_types=arg_types,
                               fn=VariadicShape(row.oid, fixed, binding))


def bind_polymorphic(functions: list, arg_types: list) -> list:
    """Polymorphic candidates bound to the call's argument types (dropped when they do
    not fit it, as check_generic_type_consistency drops them)."""
    out = []
    for function in functions:
        row = function_creation.function_row(function.oid)
        if row is None or not _is_polymorphic(row):
            out.append(function)
            continue
        row = function_creation.call_view(row)     # a procedure: as CALL's candidates are
        try:
            binding = polymorphic_binding.bind(function.arg_types, arg_types)
        except PgError as err:
            if err.sqlstate != "42804":
                raise
            # a polymorphic family fed by untyped literals only: still a candidate
            # (check_generic_type_consistency passes it); the error is raised only if
            # it is chosen. Its known arguments stand at their actual types.
            out.append(dataclasses.replace(function, declared_types=function.arg_types,
                                           arg_types=tuple(
                a if polymorphic_binding.is_polymorphic(d) and a != polymorphic_binding.UNKNOWN
                else d
                for d, a in zip(function.arg_types, arg_types))))
            continue
        if binding is None:
            continue
        row, changes = bound_row(row, binding)
        if isinstance(function.fn, VariadicShape):
            bound = _variadic_object(row, len(arg_types), changes)
        else:
            bound = function_object(row, function.fn.positions, changes)
        if bound.out_columns:
            bound = dataclasses.replace(bound, fn=dataclasses.replace(
                bound.fn, out_columns=bound.out_columns))
        out.append(dataclasses.replace(bound, declared_types=function.arg_types,
                                       ambiguous=function.ambiguous))
    return out


def _candidates_of_kind(name: str, schema: str | None, nargs: int, arg_names: list | None,
                        kind: str, variadic_array: bool = False, for_call: bool = False) -> list:
    """for_call: procedures as a CALL writes them, with their OUT arguments (call_view)."""
    out = []
    for row in _visible_rows(name, schema):
        if row.prokind != kind:
            continue
        if for_call:
            row = function_creation.call_view(row)
        # spread only with an argument for the VARIADIC parameter; fewer arguments
        # may still reach it through defaults (FuncnameGetCandidates)
        if row.provariadic and not arg_names and not variadic_array and \
                nargs >= row.pronargs:
            variadic = _variadic_object(row, nargs)
            if variadic is not None:
                out.append((row.pronamespace, True, variadic))
            continue
        positions = _shape(row, nargs, arg_names)
        if positions is not None:
            out.append((row.pronamespace, False, function_object(row, positions)))
    return _without_duplicate_shapes(out)


def _without_duplicate_shapes(found: list) -> list:
    """FuncnameGetCandidates' rule for two functions that take the call's arguments as
    the same types once defaults fill in or VARIADIC spreads: the one from a schema
    earlier in the path wins; in one schema the non-variadic one wins, else the pair
    is ambiguous (the one kept is marked, and is 42725 if the call chooses it).
    `found`: (namespace, spread by VARIADIC, Function) in search path order."""
    kept: dict[tuple, int] = {}
    out: list = []
    for namespace, variadic, function in found:
        index = kept.get(function.arg_types)
        if index is None:
            kept[function.arg_types] = len(out)
            out.append((namespace, variadic, function))
            continue
        previous_namespace, previous_variadic, previous = out[index]
        if previous_namespace != namespace:
            continue
        if variadic and not previous_variadic:
            continue
        if previous_variadic and not variadic:
            out[index] = (namespace, variadic, function)
            continue
        out[index] = (namespace, variadic, dataclasses.replace(previous, ambiguous=True))
    return [function for _, _, function in out]


def _candidates(name: str, schema: str | None, arg_types: list, arg_names: list | None,
                variadic_array: bool = False) -> list:
    """variadic_array: f(..., VARIADIC array) reaches VARIADIC functions unexpanded."""
    functions = bind_polymorphic(
        _candidates_of_kind(name, schema, len(arg_types), arg_names, "f", variadic_array),
        arg_types)
    if not functions:
        procedures = _candidates_of_kind(name, schema, len(arg_types), arg_names, "p")
        if procedures and select_candidate(procedures, arg_types) is not None:
            from pgsnake.datatypes import registry
            shown = ", ".join(registry.format_type(t) for t in arg_types)
            raise PgError("42809", f"{name}({shown}) is a procedure",
                          hint="To call a procedure, use CALL.")
    return functions


def function_candidates(name, schema, nargs, arg_names) -> list:
    return _candidates_of_kind(name, schema, nargs, arg_names, "f")


def procedure_candidates(name, schema, nargs, arg_names, variadic_array: bool = False) -> list:
    """variadic_array: CALL p(..., VARIADIC array) (the array is the last parameter's)."""
    return _candidates_of_kind(name, schema, nargs, arg_names, "p", variadic_array,
                               for_call=True)


def _by_oid(oid: int):
    if not process_state.database_oid or oid < 16384:
        return None
    row = function_creation.function_row(oid)
    return function_object(row) if row is not None else None


def install() -> None:
    function_registry.set_user_function_lookup(_candidates, _by_oid)


# ---------------------------------------------------------------------------------------
# Defaults and compiled forms, cached by the row's contents

_compiled: dict = {}


def _row_key(row) -> tuple:
    return (row.oid, row.prosrc, row.prosqlbody, tuple(row.proargtypes), row.prorettype,
            row.proretset, row.proargdefaults, tuple(row.proargnames or ()),
            tuple(row.proargmodes or ()), row.provolatile)


def compiled(row, compiler, variant=None):
    """`compiler(row)`, kept while the pg_proc row is unchanged. `variant` keeps separate
    compilations of one function: a trigger function per table it fires for, whose
    NEW / OLD and transition tables have that table's row type (PostgreSQL's
    PLpgSQL_func_hashkey.trigOid)."""
    key = (compiler, _row_key(row), variant)
    entry = _compiled.get(key)
    if entry is None:
        if len(_compiled) > 500:
            _compiled.clear()
        entry = _compiled[key] = compiler(row)
    return entry


def _evaluate_defaults(row) -> list:
    from pgsnake.pl import spi
    texts = (row.proargdefaults or "").split("\n") if row.proargdefaults else []
    types = list(row.proargtypes)[row.pronargs - len(texts):]
    values = []
    for text, type_oid in zip(texts, types):
        from pgsnake.datatypes import registry
        statement = spi.SpiStatement.from_text(
            f"SELECT ({text})::{registry.format_type(type_oid)}", [], None)
        values.append(statement.execute([]).rows[0][0])
    return values


def default_values(row) -> list:
    return compiled(row, _evaluate_defaults)


# ---------------------------------------------------------------------------------------
# Calling

def describe(row) -> str:
    """f(integer, text): the function as error context names it (regprocedure); a
    polymorphic function by its declared types, not a call's."""
    from pgsnake.datatypes import registry
    if row.oid:
        row = function_creation.function_row(row.oid) or row
    return f"{row.proname}({','.join(registry.format_type(t) for t in row.proargtypes)})"


# Each level of a recursive PL/pgSQL call costs some 20 Python frames; PostgreSQL's
# default max_stack_depth (2 MB) allows a few thousand levels. Python's default limit
# of 1000 frames would stop recursion after about 50 levels, so calls raise it (once,
# never lowering it). Past the limit, RecursionError is reported as 54001 by tcop.
RECURSION_LIMIT = 20000


def _allow_deep_recursion() -> None:
    import sys
    if sys.getrecursionlimit() < RECURSION_LIMIT:
        sys.setrecursionlimit(RECURSION_LIMIT)


allow_deep_recursion = _allow_deep_recursion      # for trigger_call.py


def call_function(row, args: list, atomic: bool = True):
    """Run a function or procedure; only a CALL may pass atomic=False (procedure_call.py).
    It runs as run_as_routine runs it; with track_functions, the call and its time are
    counted (utils/activity/pgstat.py). A procedure with SET clauses, or SECURITY
    DEFINER, may not end transactions (2D000 at its COMMIT, as in PostgreSQL: the
    settings level and the identity could not outlive the transaction)."""
    atomic = atomic or bool(row.proconfig) or bool(row.prosecdef)
    return run_as_routine(row, lambda: _call_function(row, args, atomic))


def run_as_routine(row, run):
    """fmgr_security_definer: run() as the function's owner when it is SECURITY DEFINER,
    and with its SET clauses (proconfig) applied at a settings level of its own, which
    ends with the call (its settings restored, also on error). Rows a function returns
    lazily are produced before either goes back."""
    if not row.prosecdef and not row.proconfig:
        return run()
    if row.prosecdef:
        from pgsnake.catalog import session_roles
        with session_roles.as_user(row.proowner):
            return _run_with_settings(row, run)
    return _run_with_settings(row, run)


def _run_with_settings(row, run):
    with setting_arrays.applied(row.proconfig):
        return _produced(run())


def _produced(result):
    return list(result) if hasattr(result, "__next__") else result


def _call_function(row, args: list, atomic: bool):
    language = "pl" if row.prolang == function_creation.LANGUAGE_OIDS["plpgsql"] else "other"
    tracked = pgstat.function_call_start(row.oid, language)
    try:
        return _run_function(row, args, atomic)
    finally:
        if tracked is not None:
            pgstat.function_call_end(tracked)


_builtin_sources: dict[str, int] | None = None


def _builtin_by_source(source: str):
    """The built-in function a LANGUAGE internal function's body names (its prosrc:
    CREATE FUNCTION int42_in(cstring) RETURNS int42 AS 'int4in' LANGUAGE internal)."""
    global _builtin_sources
    if _builtin_sources is None:
        from pgsnake.catalog.generated import pg_proc_rows
        column = pg_proc_rows.COLUMNS.index("prosrc")
        _builtin_sources = {}
        for proc in pg_proc_rows.ROWS:
            _builtin_sources.setdefault(proc[column], proc[0])
    from pgsnake.datatypes import functions
    oid = _builtin_sources.get(source)
    found = functions.function_by_oid(oid) if oid is not None else None
    if found is None:
        raise PgError("0A000", f'internal function "{source}" is not supported by pgsnake')
    return found


def _run_function(row, args: list, atomic: bool):
    _allow_deep_recursion()
    if row.prolang == function_creation.LANGUAGE_OIDS["sql"]:
        from pgsnake.pl import sql_function
        return sql_function.call(row, args)
    if row.prolang == function_creation.LANGUAGE_OIDS["plpgsql"]:
        from pgsnake.pl.plpgsql import interpreter
        return interpreter.call(row, args, atomic)
    if row.prolang == function_creation.LANGUAGE_OIDS["c"]:
        # an extension's function (contrib/extension_members.py): the registry holds its
        # Python body under the same name and argument types
        body = function_registry.extension_function(row.prosrc, tuple(row.proargtypes))
        if body is None:
            raise PgError(UNDEFINED_FUNCTION, f'could not find function "{row.prosrc}" in '
                          f'file "{row.probin}"')
        return body.fn(*args)
    if row.prolang == function_creation.LANGUAGE_OIDS["internal"]:
        if row.prosrc.startswith(("range_constructor", "multirange_constructor")):
            # the constructors CREATE TYPE ... AS RANGE makes
            from pgsnake.datatypes import range_functions
            return range_functions.call_internal(row.prosrc, row.prorettype, args)
        return _builtin_by_source(row.prosrc).fn(*args)
    raise PgError(UNDEFINED_FUNCTION, f"language {row.prolang} is not supported")
