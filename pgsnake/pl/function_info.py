"""SQL functions that describe user-defined functions, for psql's \\df and clients:
pg_get_function_arguments, pg_get_function_identity_arguments and
pg_get_function_result (pg_function_is_visible is catalog/lookup_functions.py's), and
pg_get_functiondef (psql's \\sf, \\ef), the CREATE OR REPLACE text from the pg_proc row.

They read pg_proc (user functions through catalog/function_creation.py's cache, built-in
ones through lookup_functions.proc_row); a built-in's argument defaults are not in
pgsnake's pg_proc rows (proargdefaults is a pg_node_tree), so they do not print.
An argument default is printed as ruleutils prints a constant (`2`, `'x'::text`,
`'5'::bigint`); any other default expression as it was written.

Entry point: register() (at import of the pl package).

PostgreSQL: utils/adt/ruleutils.c (pg_get_function_arguments, print_function_arguments,
pg_get_function_result, print_function_rettype, get_const_expr).
"""
from __future__ import annotations


from pgsnake.catalog import function_creation
from pgsnake.datatypes import functions as function_registry
from pgsnake.datatypes import registry
from pgsnake.utils import process_state, setting_values

OID, TEXT, BOOL = 26, 25, 16   # (PG 15's identity arguments list OUT ones too)
RECORD = 2249
_MODE_WORDS = {"i": "", "o": "OUT ", "b": "INOUT ", "v": "VARIADIC "}
WRONG_OBJECT_TYPE = "42809"
_PSEUDO_NAMES = {2279: "trigger", 2278: "void", 2249: "record", 3838: "event_trigger"}


def _type_name(type_oid: int) -> str:
    return _PSEUDO_NAMES.get(type_oid) or registry.format_type(type_oid)


def _row(oid: int):
    """The function's pg_proc row (a built-in's from the generated rows); None outside
    a database, where only the function registry is at hand."""
    from pgsnake.catalog import lookup_functions
    if not process_state.database_oid:
        return None
    if oid < 16384:
        return lookup_functions.proc_row(oid)
    return function_creation.function_row(oid)


def _constant_text(text: str, type_oid: int) -> str:
    """A literal default as ruleutils prints the node PostgreSQL stored for it: a number
    keeps its own type (the implicit cast to the parameter's type is not shown), a
    string or NULL became a constant of the parameter's type. Other expressions are
    shown as written."""
    from pgsnake.parser.raw_parser import parse_sql
    try:
        (raw,) = parse_sql(f"SELECT {text}")
        node = raw.node["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    except Exception:
        return text
    const = node.get("A_Const")
    if const is None:
        return text
    if const.get("isnull"):
        return f"NULL::{_type_name(type_oid)}"
    if "ival" in const:
        value = const["ival"].get("ival", 0)
        return str(value) if value >= 0 else f"'{value}'::integer"
    if "fval" in const:
        value = const["fval"].get("fval", "0")
        return value if not value.startswith("-") else f"'{value}'::numeric"
    if "boolval" in const:
        return "true" if const["boolval"].get("boolval") else "false"
    literal = const.get("sval", {}).get("sval", "")
    return "'" + literal.replace("'", "''") + f"'::{_type_name(type_oid)}"


def _arguments(row, with_defaults: bool) -> str:
    modes = list(row.proargmodes or ["i"] * row.pronargs)
    types = list(row.proallargtypes or row.proargtypes)
    names = list(row.proargnames or [])
    defaults = (row.proargdefaults or "").split("\n") if row.proargdefaults else []
    inputs = [i for i, m in enumerate(modes) if m in ("i", "b", "v")]
    first_default = len(inputs) - len(defaults)
    out = []
    for index, (type_oid, mode) in enumerate(zip(types, modes)):
        if mode == "t":
            continue
        name = names[index] if index < len(names) else ""
        # a procedure's IN is spelled out: DROP PROCEDURE's syntax would read it otherwise
        mode_word = "IN " if mode == "i" and row.prokind == "p" else _MODE_WORDS[mode]
        text = f"{mode_word}{_quoted(name) + ' ' if name else ''}{_type_name(type_oid)}"
        if with_defaults and index in inputs and inputs.index(index) >= first_default:
            default = defaults[inputs.index(index) - first_default]
            text += f" DEFAULT {_constant_text(default, type_oid)}"
        out.append(text)
    return _with_order_by(row, out)


def _quoted(name: str) -> str:
    from pgsnake.catalog import catalog_cache as cc
    return cc.quote_identifier(name)


def _with_order_by(row, out: list[str]) -> str:
    """print_function_arguments' ORDER BY for an ordered-set aggregate: after its direct
    arguments (a folded VARIADIC one printed on both sides)."""
    if row.prokind != "a":
        return ", ".join(out)
    from pgsnake.catalog import aggregate_creation
    agg = aggregate_creation.aggregate_row(row.oid)
    if agg is None or agg.aggkind == "n":
        return ", ".join(out)
    direct = agg.aggnumdirectargs
    if direct >= len(out):
        return f"{', '.join(out)} ORDER BY {out[-1]}" if out else ""
    text = f"ORDER BY {', '.join(out[direct:])}"
    return f"{', '.join(out[:direct])} {text}" if direct else text


def pg_get_function_arg_default(oid: int, position: int) -> str | None:
    """The default of argument `position` (from 1, among all arguments) as
    pg_get_function_arguments prints it; NULL for an output argument or one without."""
    from pgsnake.catalog.generated.argument_default_facts import DEFAULTS
    if oid in DEFAULTS:           # a built-in: the texts initdb declared (its inputs only)
        nargs, _names, texts = DEFAULTS[oid]
        first = nargs - len(texts) + 1
        return texts[position - first] if first <= position <= nargs else None
    row = _row(oid)
    if row is None:
        return None
    modes = list(row.proargmodes or ["i"] * row.pronargs)
    if not 1 <= position <= len(modes) or modes[position - 1] not in ("i", "b", "v"):
        return None
    defaults = (row.proargdefaults or "").split("\n") if row.proargdefaults else []
    inputs = [i for i, m in enumerate(modes) if m in ("i", "b", "v")]
    index = inputs.index(position - 1) - (len(inputs) - len(defaults))
    if index < 0:
        return None
    types = list(row.proallargtypes or row.proargtypes)
    return _constant_text(defaults[index], types[position - 1])


def _builtin_arguments(oid: int) -> str | None:
    function = function_registry.function_by_oid(oid)
    if function is None:
        return None
    return ", ".join(_type_name(t) for t in function.arg_types)


def pg_get_function_arguments(oid: int) -> str | None:
    row = _row(oid)
    return _arguments(row, True) if row is not None else _builtin_arguments(oid)


def pg_get_function_identity_arguments(oid: int) -> str | None:
    row = _row(oid)
    return _arguments(row, False) if row is not None else _builtin_arguments(oid)


def pg_get_function_result(oid: int) -> str | None:
    row = _row(oid)
    if row is None:
        function = function_registry.function_by_oid(oid)
        if function is None:
            return None
        prefix = "SETOF " if function.returns_set else ""
        return prefix + _type_name(function.result_type)
    if row.prokind == "p":
        return None
    modes = row.proargmodes or []
    if "t" in modes:
        names = row.proargnames or []
        columns = [f"{_quoted(names[i])} {_type_name(row.proallargtypes[i])}"
                   for i, m in enumerate(modes) if m == "t"]
        return f"TABLE({', '.join(columns)})"
    return ("SETOF " if row.proretset else "") + _type_name(row.prorettype)


def _dollar_quoted(body: str, tag: str) -> str:
    """$function$...$function$, the tag lengthened with x's until the body lacks it."""
    delimiter = f"${tag}"
    while delimiter + "$" in body:
        delimiter += "x"
    delimiter += "$"
    return f"{delimiter}{body}{delimiter}"


def _option_line(row) -> str:
    """The options pg_get_functiondef prints on one line, when any differs from the
    default: WINDOW, volatility, parallel safety, STRICT, SECURITY DEFINER, LEAKPROOF,
    COST (default 1 for internal and C functions, else 100), ROWS (default 1000)."""
    words = []
    if row.prokind == "w":
        words.append("WINDOW")
    words.append({"i": "IMMUTABLE", "s": "STABLE"}.get(row.provolatile, ""))
    words.append({"s": "PARALLEL SAFE", "r": "PARALLEL RESTRICTED"}.get(row.proparallel, ""))
    words += ["STRICT"] * bool(row.proisstrict) + ["SECURITY DEFINER"] * bool(row.prosecdef)
    words += ["LEAKPROOF"] * bool(row.proleakproof)
    default_cost = 1 if row.prolang in (12, 13) else 100
    if row.procost != default_cost:
        words.append(f"COST {setting_values.format_g(row.procost)}")
    if row.prorows and row.prorows != 1000:
        words.append(f"ROWS {setting_values.format_g(row.prorows)}")
    words = [w for w in words if w]
    return (" " + " ".join(words) + "\n") if words else ""


def _setting_lines(row) -> str:
    """One ` SET name TO value` line per SET clause; a list setting that quotes its
    elements (search_path) as a list of literals, any other value as one."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.datatypes import text_format
    from pgsnake.utils import setting_hooks, settings
    lines = []
    for item in row.proconfig or ():
        name, _, value = item.partition("=")
        setting = settings.DEFINITIONS.get(name.lower())
        elements = None
        if setting is not None and "LIST_QUOTE" in setting.flags:
            elements = setting_hooks.split_identifier_list(value, downcase=False)
        shown = (", ".join(text_format.quote_literal(e) for e in elements)
                 if elements is not None else "'" + value.replace("'", "''") + "'")
        lines.append(f" SET {cc.quote_identifier(name)} TO {shown}\n")
    return "".join(lines)


def _language_name(oid: int) -> str:
    from pgsnake.catalog import catalog_cache as cc
    row = next((r for r in cc.scan_catalog("pg_language") if r.oid == oid), None)
    return cc.quote_identifier(row.lanname) if row is not None else str(oid)


def pg_get_function_sqlbody(oid: int) -> str | None:
    """The body of a function written in SQL-standard form (RETURN expr, BEGIN ATOMIC);
    NULL for one with a string body."""
    from pgsnake.catalog import lookup_functions
    row = lookup_functions.proc_row(oid)
    if row is None or row.prosqlbody is None:
        return None
    return _sql_body_text(row)


def _sql_body_text(row) -> str:
    body = row.prosqlbody
    if body.startswith("RETURN "):
        return "RETURN " + _return_expression_text(row)
    statements = "".join(f" {s};\n" for s in body.split(";\n") if s)    # ("": no statement)
    return f"BEGIN ATOMIC\n{statements}END"


def _return_expression_text(row) -> str:
    """RETURN expr's expression analysed again and printed as ruleutils prints the
    stored tree: casts and parentheses explicit, arguments by name."""
    from pgsnake.pl.sql_function import CompiledSqlFunction
    from pgsnake.rewrite import view_deparse
    query = CompiledSqlFunction(row).statements[0].prepared().query
    names = list(row.proargnames or [])
    if row.proargmodes:
        names = [n for n, m in zip(names, row.proargmodes) if m in ("i", "b", "v")]
    return view_deparse.function_return_sql(query.output_columns()[0].expr, names,
                                            row.proname)


def pg_get_functiondef(oid: int) -> str | None:
    """CREATE OR REPLACE FUNCTION / PROCEDURE text that would make the function again."""
    from pgsnake.catalog import catalog_cache as cc
    from pgsnake.catalog import lookup_functions
    from pgsnake.utils.errors import PgError
    row = lookup_functions.proc_row(oid)
    if row is None:
        return None
    if row.prokind == "a":
        raise PgError(WRONG_OBJECT_TYPE, f'"{row.proname}" is an aggregate function')
    is_function = row.prokind != "p"
    name = f"{cc.quote_identifier(cc.namespace_name(row.pronamespace) or '')}." \
           f"{cc.quote_identifier(row.proname)}"
    text = (f"CREATE OR REPLACE {'FUNCTION' if is_function else 'PROCEDURE'} {name}"
            f"({pg_get_function_arguments(oid) or ''})\n")
    if is_function:
        text += f" RETURNS {pg_get_function_result(oid)}\n"
    text += f" LANGUAGE {_language_name(row.prolang)}\n"
    text += _option_line(row) + _setting_lines(row)
    if row.prosqlbody is not None:
        return text + _sql_body_text(row) + "\n"
    text += "AS "
    if row.probin is not None:
        text += "'" + row.probin.replace("'", "''") + "', "
    return text + _dollar_quoted(row.prosrc or "", "function" if is_function else "procedure") + "\n"


def register() -> None:
    for name, oid, result, fn in (
            ("pg_get_function_arguments", 2162, TEXT, pg_get_function_arguments),
            ("pg_get_function_identity_arguments", 2232, TEXT, pg_get_function_identity_arguments),
            ("pg_get_function_result", 2165, TEXT, pg_get_function_result)):
        function_registry.register(name, [OID], result, fn, oid=oid, volatility="s")
    function_registry.register("pg_get_functiondef", [OID], TEXT, pg_get_functiondef,
                               oid=2098, volatility="s")
    function_registry.register("pg_get_function_arg_default", [OID, 23], TEXT,
                               pg_get_function_arg_default, oid=3808, volatility="s")
    function_registry.register("pg_get_function_sqlbody", [OID], TEXT,
                               pg_get_function_sqlbody, oid=6197, volatility="s")
