"""CREATE [OR REPLACE] FUNCTION / PROCEDURE, DROP FUNCTION / PROCEDURE / ROUTINE, DO and
CALL.

CREATE resolves the argument and result types, works out the result as PostgreSQL's
interpret_function_parameter_list does (one OUT parameter: its type; several: record;
RETURNS TABLE: SETOF the column, or SETOF record; a procedure: void, or record with
INOUT / OUT parameters), checks a PL/pgSQL body by compiling it (syntax errors at CREATE,
as plpgsql_validator does), and writes the pg_proc row through
catalog/function_creation.py. A LANGUAGE sql function may have an SQL-standard body:
`RETURN expr` is kept as `SELECT expr`, `BEGIN ATOMIC ... END` as its statements. SET
clauses become pg_proc.proconfig (utils/setting_arrays.updated) and are in force while
the body is checked (unless check_function_bodies is off). A procedure's OUT parameters
are not part of its signature (proargtypes): DROP finds it by its input types or, for
PROCEDURE / ROUTINE written without parameter modes, by all of them
(catalog/lookup_functions.with_out_arguments).

DROP finds each function by name and argument types (or by name alone when it is
unique); DO runs an anonymous PL/pgSQL block; CALL runs a procedure and, when it has
INOUT / OUT parameters, returns them as one row.

Entry points: execute_create_function(node, raw), execute_drop_function(node) (from
table_commands' DROP routing), execute_do(node), CallStatement.

PostgreSQL: commands/functioncmds.c (CreateFunction, interpret_function_parameter_list,
compute_function_attributes, ExecuteDoStmt, ExecuteCallStmt, RemoveFunctionById),
parser/parse_func.c (LookupFuncWithArgs).
"""
from __future__ import annotations

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import function_creation
from pgsnake.catalog.function_creation import FunctionDefinition
from pgsnake.commands import utility_statement
from pgsnake.commands.table_commands import deparse_expression, resolve_type_name
from pgsnake.datatypes import registry
from pgsnake.executor import portal_query
from pgsnake.pl import function_manager
from pgsnake.utils import notices, setting_arrays
from pgsnake.utils.errors import PgError

RECORD = 2249
VOID = 2278
TRIGGER = 2279
RECORD, VOID, INTERNAL = 2249, 2278, 2281


def _check_sql_pseudo_types(result_type: int, input_types: list[int]) -> None:
    """fmgr_sql_validator: a SQL function returns no pseudo-type but record, void or a
    polymorphic one, and takes none but polymorphic ones (record, "any", internal,
    cstring ... are refused)."""
    from pgsnake.datatypes import polymorphic_binding

    def pseudo(oid: int) -> bool:
        row = cc.get_type_row(oid)
        return row is not None and row.typtype == "p" and \
            not polymorphic_binding.is_polymorphic(oid)
    if result_type not in (RECORD, VOID) and pseudo(result_type):
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      f"SQL functions cannot return type {registry.format_type(result_type)}")
    for oid in input_types:
        if pseudo(oid):
            raise PgError(INVALID_FUNCTION_DEFINITION, "SQL functions cannot have arguments "
                          f"of type {registry.format_type(oid)}")
INVALID_FUNCTION_DEFINITION = "42P13"
DUPLICATE_FUNCTION = "42723"
UNDEFINED_FUNCTION = "42883"
AMBIGUOUS_FUNCTION = "42725"
WRONG_OBJECT_TYPE = "42809"

# anyelement, anyarray, anynonarray, anyenum, anyrange, anycompatible & co, any
_MODES = {"FUNC_PARAM_DEFAULT": "i", "FUNC_PARAM_IN": "i", "FUNC_PARAM_OUT": "o",
          "FUNC_PARAM_INOUT": "b", "FUNC_PARAM_VARIADIC": "v", "FUNC_PARAM_TABLE": "t"}


def _strings(items) -> list[str]:
    return [i["String"]["sval"] for i in items]


def _qualified_name(names: list[str]) -> tuple[str, int | None, str | None]:
    """(name, namespace oid or None, schema name or None)."""
    if len(names) > 3:
        raise PgError("42601", f"improper qualified name (too many dotted names): {'.'.join(names)}")
    if len(names) >= 2:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
        return names[-1], namespace, names[-2]
    return names[-1], None, None


def _type_of(type_name: dict) -> int:
    plain = {k: v for k, v in type_name.items() if k != "setof"}
    oid, _typmod = resolve_type_name(plain)
    return oid


_UNSUPPORTED_OPTIONS = {"window": "WINDOW", "support": "SUPPORT", "transform": "TRANSFORM"}


# what a procedure may not say (compute_function_attributes / compute_common_attribute)
_FUNCTION_ONLY_OPTIONS = ("window", "volatility", "strict", "leakproof", "cost", "rows",
                          "support", "parallel")


def _options(node: dict, raw=None) -> dict:
    """The options by name; "set" is the list of SET clauses' VariableSetStmt bodies
    (a function may have many)."""
    out: dict = {}
    for option in node.get("options", ()):
        element = option["DefElem"]
        name = element["defname"]
        if name == "set":
            out.setdefault("set", []).append(element["arg"]["VariableSetStmt"])
            continue
        if node.get("is_procedure") and name in _FUNCTION_ONLY_OPTIONS:
            raise PgError(INVALID_FUNCTION_DEFINITION, "invalid attribute in procedure "
                          "definition", position=raw.source.position(element.get("location"))
                          if raw is not None and raw.source is not None else None)
        if name in _UNSUPPORTED_OPTIONS:
            raise PgError("0A000", f"{_UNSUPPORTED_OPTIONS[name]} in CREATE FUNCTION is not supported yet")
        if name in out:
            raise PgError("42601", "conflicting or redundant options")
        arg = element.get("arg")
        if arg is None:
            value = True
        elif "Boolean" in arg:
            value = bool(arg["Boolean"].get("boolval"))
        elif "String" in arg:
            value = arg["String"]["sval"]
        elif "List" in arg:
            value = _strings(arg["List"]["items"])
        elif "Integer" in arg:
            value = arg["Integer"]["ival"]
        elif "Float" in arg:
            value = float(arg["Float"]["fval"])
        else:
            value = arg
        out[name] = value
    return out


def _type_display(oid: int) -> str:
    """format_type_be: no typmod, so bpchar is "character"."""
    from pgsnake.catalog.sql_functions import format_type
    return format_type(oid, None)


def _signature(name: str, types: list[int]) -> str:
    return f"{name}({', '.join(_type_display(t) for t in types)})"


def execute_create_function(node: dict, raw) -> str:
    is_procedure = bool(node.get("is_procedure"))
    what = "procedure" if is_procedure else "function"
    if _strings(node["funcname"])[:-1] == ["pg_temp"]:
        from pgsnake.catalog import temp_namespace    # LookupCreationNamespace makes it
        temp_namespace.init_temp_namespace()
    name, namespace, _schema = _qualified_name(_strings(node["funcname"]))
    if namespace is None:
        namespace = cc.creation_namespace()
    from pgsnake.catalog import object_permissions     # CreateFunction checks it first
    object_permissions.check_namespace_create(namespace)
    options = _options(node, raw)
    config = setting_arrays.updated(None, options.get("set", ()))
    language = str(options.get("language", "sql" if node.get("sql_body") else "")).lower()
    if not language:
        raise PgError("42P13", "no language specified")
    if language not in ("sql", "plpgsql", "internal"):
        if language == "c":
            raise PgError("0A000", f"LANGUAGE {language} functions cannot be created in pgsnake")
        raise PgError("42704", f'language "{language}" does not exist')
    if language == "internal":                  # an untrusted language: superusers only
        from pgsnake.commands import role_commands
        if not role_commands.is_superuser():
            raise PgError("42501", "permission denied for language internal")
    if options.get("leakproof"):
        from pgsnake.commands import role_commands
        if not role_commands.is_superuser():
            raise PgError("42501", "only superuser can define a leakproof function")
    types, modes, names, defaults = [], [], [], []
    for parameter in node.get("parameters", ()):
        p = parameter["FunctionParameter"]
        mode = _MODES[p.get("mode", "FUNC_PARAM_DEFAULT")]
        types.append(_type_of(p["argType"]))
        _check_shell(types[-1], language, "argument", is_procedure)
        modes.append(mode)
        names.append(p.get("name", ""))
        defexpr = p.get("defexpr")
        if defexpr is not None and mode in ("o", "t"):
            raise PgError(INVALID_FUNCTION_DEFINITION, "only input parameters can have default values")
        defaults.append(deparse_expression(defexpr) if defexpr is not None else None)
    _check_parameters(types, modes, names, defaults, is_procedure)
    made_shell = node.get("returnType") is not None and language == "internal" and \
        _shell_for_missing_type(node["returnType"])     # compute_return_type
    from pgsnake.datatypes import polymorphic_binding
    return_node = node.get("returnType")
    # (once: a %TYPE return type's notice is given once)
    declared_result = _type_of(return_node) if return_node else None
    polymorphic_binding.check_result(
        [t for t, m in zip(types, modes) if m in ("i", "b", "v")],
        [t for t, m in zip(types, modes) if m in ("o", "b", "t")], declared_result)
    returns_set = False
    outputs = [t for t, m in zip(types, modes) if m in ("o", "b", "t")]
    if is_procedure:
        result_type = RECORD if outputs else VOID
    elif "t" in modes:
        returns_set = True
        result_type = outputs[0] if len(outputs) == 1 else RECORD
    else:
        declared = None
        if return_node is not None:
            declared = declared_result
            returns_set = bool(return_node.get("setof"))
        implied = None if not outputs else outputs[0] if len(outputs) == 1 else RECORD
        if declared is None and implied is None:
            raise PgError(INVALID_FUNCTION_DEFINITION, "function result type must be specified")
        if declared is not None and implied is not None and declared != implied:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          f"function result type must be {_type_display(implied)} "
                          f"because of OUT parameters")
        result_type = declared if declared is not None else implied
        if declared is not None and not made_shell:
            _check_shell(declared, language, "return", is_procedure)
    if result_type == INTERNAL and INTERNAL not in types:       # ProcedureCreate's check
        raise PgError(INVALID_FUNCTION_DEFINITION, 'unsafe use of pseudo-type "internal"',
                      detail="A result of type internal requires at least one input of "
                             "type internal.")
    if language == "sql":
        _check_sql_pseudo_types(result_type, [t for t, m in zip(types, modes)
                                              if m in ("i", "b", "v")])
    if node.get("sql_body") is not None and any(
            polymorphic_binding.is_polymorphic(t)
            for t, m in zip(types, modes) if m in ("i", "b", "v")):     # interpret_AS_clause
        raise PgError(INVALID_FUNCTION_DEFINITION, "SQL function with unquoted function body "
                                                   "cannot have polymorphic arguments")
    source, sql_body = _body(node, options, raw, language, what)
    if language == "internal":
        _check_internal_source(source)
    volatility = {"immutable": "i", "stable": "s", "volatile": "v"}[options.get("volatility", "volatile")]
    definition = FunctionDefinition(
        name=name, namespace_oid=namespace, language=language, arg_types=types,
        arg_modes=modes, arg_names=names, arg_defaults=defaults, result_type=result_type,
        returns_set=returns_set, kind="p" if is_procedure else "f", volatility=volatility,
        strict=bool(options.get("strict", False)),
        security_definer=bool(options.get("security", False)),
        leakproof=bool(options.get("leakproof", False)),
        parallel={"safe": "s", "restricted": "r", "unsafe": "u"}[options.get("parallel", "unsafe")],
        cost=float(options.get("cost", 100)),
        rows=float(options.get("rows", 1000)) if returns_set else 0.0,
        source=source, sql_body=sql_body,
        variadic_type=_variadic_type(types, modes), config=config)
    # check_function_bodies = off (pg_dump's scripts set it: a body may name objects
    # made later in the script) skips the validators; a BEGIN ATOMIC body is analysed
    # regardless, being part of the statement.
    from pgsnake.utils import settings
    check_bodies = bool(settings.get("check_function_bodies"))
    # ProcedureCreate validates under the SET clauses, unless check_function_bodies is
    # off (a clause may name an object a dump creates later)
    references = set()
    with setting_arrays.applied(config if check_bodies else None):
        if language == "plpgsql":
            if check_bodies:
                from pgsnake.pl.plpgsql import compiler
                compiler.validate(definition, _body_position(node, raw))
        elif language == "sql" and (check_bodies or node.get("sql_body") is not None):
            from pgsnake.pl import sql_function
            row = function_creation.ProcRow(*function_creation.pg_proc_values(0, definition))
            sql_function.validate(row, _body_position(node, raw)
                                  if node.get("sql_body") is None else None)
        if any(x is not None for x in defaults) or node.get("sql_body") is not None:
            # (after the body's own checks, whose errors come first)
            from pgsnake.commands import routine_dependencies
            references = routine_dependencies.references(
                function_creation.ProcRow(*function_creation.pg_proc_values(0, definition)),
                node.get("sql_body") is not None)
    input_types = [t for t, m in zip(types, modes) if m in ("i", "b", "v")]
    existing = [r for r in function_creation.functions_named(name)
                if r.pronamespace == namespace and list(r.proargtypes) == input_types]
    replace_oid = None
    if existing:
        old = existing[0]
        if not node.get("replace"):      # (ProcedureCreate says "function" for both)
            raise PgError(DUPLICATE_FUNCTION, f'function "{name}" already exists with same '
                                              f'argument types')
        if old.prokind != definition.kind:
            raise PgError(WRONG_OBJECT_TYPE, "cannot change routine kind",
                          detail=f'"{name}" is a {"procedure" if old.prokind == "p" else "function"}.')
        if old.prorettype != result_type or old.proretset != returns_set:
            raise PgError(INVALID_FUNCTION_DEFINITION, "cannot change return type of existing function",
                          hint=f"Use DROP {what.upper()} {function_manager.describe(old)} first.")
        _check_replaced_inputs(old, names, modes, defaults, what)
        replace_oid = old.oid
    function_creation.create_function(definition, replace_oid, references)
    return "CREATE PROCEDURE" if is_procedure else "CREATE FUNCTION"


def _check_shell(type_oid: int, language: str, what: str, is_procedure: bool) -> None:
    """A shell type (CREATE TYPE name;) may be named by the functions of a base type's
    I/O, not by SQL ones (interpret_function_parameter_list, compute_return_type)."""
    row = cc.get_type_row(type_oid)
    if row is None or row.typisdefined:
        return
    name = registry.format_type(type_oid)
    if language == "sql":
        verb = "accept" if what == "argument" else "return"
        raise PgError(INVALID_FUNCTION_DEFINITION, f"SQL function cannot {verb} shell type {name}")
    if not is_procedure:
        notices.emit("42809", f"{what} type {name} is only a shell")


def _shell_for_missing_type(type_name: dict) -> bool:
    """A LANGUAGE internal / C function may return a type not defined yet: a shell is
    made for it (compute_return_type). Whether one was made."""
    from pgsnake.commands import base_type_commands, type_commands
    try:
        _type_of(type_name)
        return False
    except PgError as error:
        if error.sqlstate != "42704" or type_name.get("typmods") or type_name.get("arrayBounds"):
            raise
    names = [n["String"]["sval"] for n in type_name["names"]]
    namespace, name = type_commands.type_target(names)
    notices.emit("42809", f'type "{".".join(names)}" is not yet defined',
                 detail="Creating a shell type definition.")
    base_type_commands.make_shell(namespace, name)
    type_commands.done()
    return True


def _check_internal_source(source: str) -> None:
    """fmgr_internal_validator: the body names a built-in function (always checked)."""
    from pgsnake.catalog.generated import pg_proc_rows
    column = pg_proc_rows.COLUMNS.index("prosrc")
    if not any(row[column] == source for row in pg_proc_rows.ROWS):
        raise PgError("42883", f'there is no built-in function named "{source}"')


def _check_replaced_inputs(old, names, modes, defaults, what: str) -> None:
    """ProcedureCreate's rules for CREATE OR REPLACE: a named input parameter keeps its
    name (a name may be added where there was none), and no default is removed, as
    existing calls may rely on either."""
    hint = f"Use DROP {what.upper()} {function_manager.describe(old)} first."
    old_modes = old.proargmodes or ["i"] * len(old.proargnames or ())
    old_names = [n for n, m in zip(old.proargnames or (), old_modes) if m in ("i", "b", "v")]
    new_names = [n for n, m in zip(names, modes) if m in ("i", "b", "v")]
    for j, old_name in enumerate(old_names):
        if old_name and (j >= len(new_names) or new_names[j] != old_name):
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          f'cannot change name of input parameter "{old_name}"', hint=hint)
    if old.pronargdefaults and \
            sum(1 for d in defaults if d is not None) < old.pronargdefaults:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "cannot remove parameter defaults from existing function", hint=hint)


def _check_parameters(types, modes, names, defaults, is_procedure) -> None:
    def is_input(i):
        return modes[i] in ("i", "b", "v") or (is_procedure and modes[i] == "o")

    def is_output(i):
        return modes[i] in ("o", "b", "t")

    seen_variadic = False
    for mode in modes:
        if seen_variadic and mode in ("i", "b", "v"):
            raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be the last "
                                                       "input parameter")
        if seen_variadic and is_procedure and mode == "o":    # a CALL could not tell
            raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be the last "
                                                       "parameter")
        seen_variadic = seen_variadic or mode == "v"

    for j, name in enumerate(names):
        for i in range(j):
            if name and names[i] == name and ((is_input(i) and is_input(j)) or
                                              (is_output(i) and is_output(j))):
                raise PgError(INVALID_FUNCTION_DEFINITION, f'parameter name "{name}" used more than once')
    seen_default = False
    for i, default in enumerate(defaults):
        if not is_input(i):
            continue
        if default is not None:
            seen_default = True
        elif seen_default and modes[i] == "o":    # a CALL would be as ambiguous
            raise PgError(INVALID_FUNCTION_DEFINITION, "procedure OUT parameters cannot "
                          "appear after one with a default value")
        elif seen_default:
            raise PgError(INVALID_FUNCTION_DEFINITION, "input parameters after one with a "
                          "default value must also have defaults")


# anyarray -> anyelement, anycompatiblearray -> anycompatible, "any" -> "any"
_POLYMORPHIC_VARIADIC = {2277: 2283, 5078: 5077, 2276: 2276}


def _variadic_type(types, modes) -> int:
    for type_oid, mode in zip(types, modes):
        if mode == "v":
            # ProcedureCreate's provariadic: the polymorphic arrays' element
            # pseudo-types, "any" itself, else the array's element type
            if type_oid in _POLYMORPHIC_VARIADIC:
                return _POLYMORPHIC_VARIADIC[type_oid]
            info = registry.get_type(type_oid)
            if not info.element_oid:
                raise PgError(INVALID_FUNCTION_DEFINITION, "VARIADIC parameter must be an array")
            return info.element_oid
    return 0


def _body_position(node: dict, raw) -> int | None:
    """0-based character position of the body's first character in the query string
    (after its opening quote or dollar-quote tag), for error positions inside it."""
    for option in node.get("options", ()):
        element = option["DefElem"]
        if element["defname"] == "as" and raw.source is not None:
            start = raw.source.char_offset(element.get("arg_location", -1))
            if start < 0:
                return None
            text = raw.source.text
            if text.startswith("$", start):
                return text.index("$", start + 1) + 1
            return start + (2 if text[start] in "eE" else 1)
    return None


def _body(node: dict, options: dict, raw, language: str, what: str) -> tuple[str, str | None]:
    """(prosrc, prosqlbody)."""
    sql_body = node.get("sql_body")
    if sql_body is not None:
        if "as" in options:
            raise PgError("42P13", "duplicate function body specified")
        if language != "sql":
            raise PgError("42P13", "inline SQL function body only valid for language SQL")
        if "ReturnStmt" in sql_body:
            # marked as the RETURN form: pg_get_functiondef prints it so; run as a SELECT
            return "", "RETURN " + deparse_expression(sql_body["ReturnStmt"]["returnval"])
        # (BEGIN ATOMIC END: one empty item, no statement)
        statements = [s for group in sql_body["List"]["items"]
                      for s in (group["List"]["items"] if "List" in group else [group]) if s]
        return "", ";\n".join(deparse_expression(s) for s in statements)
    body = options.get("as")
    if body is None:
        raise PgError("42P13", "no function body specified")
    if isinstance(body, list):
        if len(body) != 1:
            raise PgError("42P13", f"only one AS item needed for language \"{language}\"")
        body = body[0]
    return body, None


# ---------------------------------------------------------------------------------------
# DROP FUNCTION / PROCEDURE / ROUTINE

def _kind_word(row) -> str:
    return "procedure" if row.prokind == "p" else "function"


def lookup_function(object_with_args: dict, remove_type: str, missing_ok: bool):
    """The pg_proc row an ObjectWithArgs names, or None (missing_ok, after the NOTICE)."""
    names = _strings(object_with_args["objname"])
    name, namespace, schema = None, None, None
    try:
        name, namespace, schema = _qualified_name(names)
    except PgError:
        if missing_ok:
            notices.emit("00000", f'schema "{names[-2]}" does not exist, skipping')
            return None
        raise
    if namespace is not None:          # LookupExplicitNamespace: USAGE on the schema
        from pgsnake.catalog import object_permissions
        object_permissions.check_namespace_usage(namespace)
    word = {"OBJECT_PROCEDURE": "procedure", "OBJECT_ROUTINE": "routine"}.get(remove_type, "function")
    shown_name = ".".join(names)
    rows = function_creation.functions_named(name)
    if namespace is not None:
        rows = [r for r in rows if r.pronamespace == namespace]
    else:
        path = cc.function_search_path()
        rows = sorted((r for r in rows if r.pronamespace in path),
                      key=lambda r: path.index(r.pronamespace))
    if object_with_args.get("args_unspecified"):
        from pgsnake.catalog import lookup_functions
        rows = lookup_functions.routines_named_alone(rows, remove_type)
        if len(rows) > 1:
            raise PgError(AMBIGUOUS_FUNCTION, f'{word} name "{shown_name}" is not unique',
                          hint=f"Specify the argument list to select the {word} unambiguously.")
        if not rows:
            if missing_ok:
                notices.emit("00000", f"{word} {shown_name}() does not exist, skipping")
                return None
            raise PgError(UNDEFINED_FUNCTION, f"could not find a {word} named \"{shown_name}\"")
        return _check_kind(rows[0], remove_type)
    arg_types, modes, written = [], [], []
    for parameter in object_with_args.get("objfuncargs", ()):
        p = parameter["FunctionParameter"]
        mode = _MODES[p.get("mode", "FUNC_PARAM_DEFAULT")]
        modes.append(mode)
        written.append(_written_type(p["argType"]))
        try:
            arg_types.append(_type_of(p["argType"]))
        except PgError:
            if not missing_ok:
                raise
            arg_types.append(0)
    # OUT arguments are not part of the signature; a procedure's may be (see
    # lookup_functions.with_out_arguments)
    inputs = [t for t, m in zip(arg_types, modes) if m != "o"]
    from pgsnake.catalog import lookup_functions
    found = lookup_functions.with_out_arguments(
        next((r.oid for r in rows if list(r.proargtypes) == inputs), None), rows,
        remove_type, object_with_args, arg_types, shown_name)
    matches = [r for r in rows if r.oid == found]
    if not matches:
        shown = f"{shown_name}({', '.join(_type_display(t) for t in inputs)})"
        if missing_ok:
            # The NOTICE names the types as written (TypeNameListToString).
            shown = f"{shown_name}({','.join(w for w, m in zip(written, modes) if m != 'o')})"
            notices.emit("00000", f"{word} {shown} does not exist, skipping")
            return None
        raise PgError(UNDEFINED_FUNCTION, f"{word} {shown} does not exist")
    # (named as written, with the input types: func_signature_string)
    return _check_kind(matches[0], remove_type,
                       f"{shown_name}({', '.join(_type_display(t) for t in inputs)})")


def _written_type(type_name: dict) -> str:
    names = ".".join(_strings(type_name["names"]))
    return names + "[]" * len(type_name.get("arrayBounds", ()))


def _check_kind(row, remove_type: str, shown: str | None = None):
    if remove_type == "OBJECT_FUNCTION" and row.prokind == "a":     # RemoveObjects
        raise PgError(WRONG_OBJECT_TYPE, f'"{row.proname}" is an aggregate function',
                      hint="Use DROP AGGREGATE to drop aggregate functions.")
    if remove_type == "OBJECT_FUNCTION" and row.prokind == "p":
        raise PgError(WRONG_OBJECT_TYPE, f"{shown or function_manager.describe(row)} is not a function")
    if remove_type == "OBJECT_PROCEDURE" and row.prokind != "p":
        raise PgError(WRONG_OBJECT_TYPE, f"{shown or function_manager.describe(row)} is not a procedure")
    return row


def execute_drop_function(node: dict) -> str:
    remove_type = node.get("removeType", "OBJECT_FUNCTION")
    missing_ok = bool(node.get("missing_ok"))
    rows = []
    for obj in node.get("objects", ()):
        row = lookup_function(obj["ObjectWithArgs"], remove_type, missing_ok)
        if row is not None and all(r.oid != row.oid for r in rows):
            from pgsnake.catalog import object_permissions
            from pgsnake.commands.grant_commands import written_name
            object_permissions.check_function_owner(row.oid,
                                                    written_name(obj["ObjectWithArgs"]))
            rows.append(row)
    if rows:
        from pgsnake.catalog.dependency import PG_PROC_OID, ObjectAddress
        from pgsnake.commands import dependent_objects
        dependent_objects.drop_dependents(
            [ObjectAddress(PG_PROC_OID, row.oid) for row in rows],
            node.get("behavior") == "DROP_CASCADE",
            f"function {function_manager.describe(rows[0])}")
    for row in rows:
        function_creation.drop_function(row.oid)
    return {"OBJECT_PROCEDURE": "DROP PROCEDURE", "OBJECT_ROUTINE": "DROP ROUTINE"}.get(
        remove_type, "DROP FUNCTION")


def drop_routine(oid: int) -> None:
    function_creation.drop_function(oid)


# ---------------------------------------------------------------------------------------
# DO and CALL

def execute_do(node: dict, raw) -> str:
    language, body = "plpgsql", None
    for arg in node.get("args", ()):
        element = arg["DefElem"]
        if element["defname"] == "as":
            body = element["arg"]["String"]["sval"]
        elif element["defname"] == "language":
            language = element["arg"]["String"]["sval"].lower()
    if body is None:
        raise PgError("42601", "no inline code specified")
    if language != "plpgsql":
        if language == "sql":
            raise PgError("0A000", 'language "sql" does not support inline code execution')
        raise PgError("42704", f'language "{language}" does not exist')
    from pgsnake.pl import error_context
    from pgsnake.pl.plpgsql import interpreter
    atomic = xact.in_transaction_block() or (error_context.in_call() and not error_context.non_atomic())
    xact.get_transaction_snapshot()      # PortalRunUtility takes one for DO
    interpreter.run_inline(body, atomic=atomic)
    return "DO"


class CallStatement:
    """CALL proc(args): resolved and run when executed; INOUT / OUT values come back as
    one row, as PostgreSQL's ExecuteCallStmt sends them."""

    param_types: list = []
    command_kind = "CALL"

    def __init__(self, raw, param_types) -> None:
        self.raw = raw
        self.param_types = list(param_types)
        self._resolve()

    def _resolve(self) -> None:
        from pgsnake.pl import procedure_call
        self.call = procedure_call.prepare_call(self.raw, self.param_types)
        self.columns = self.call.columns

    def execute(self, params):
        row = self.call.run(list(params or []))
        if row is None:
            return portal_query.QueryResult(None, [], "CALL")
        return portal_query.QueryResult(self.columns, [row], "CALL")


utility_statement.register(
    "CreateFunctionStmt",
    lambda raw: "CREATE PROCEDURE" if raw.node["CreateFunctionStmt"].get("is_procedure")
    else "CREATE FUNCTION", execute_create_function)
utility_statement.register("DoStmt", "DO", execute_do, read_only_ok=True)
portal_query.register_utility("CallStmt", CallStatement)
