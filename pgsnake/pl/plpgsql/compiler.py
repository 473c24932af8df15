"""Compiling a PL/pgSQL body: PostgreSQL's own PL/pgSQL grammar (pglast's
parse_plpgsql_json, libpg_query's copy of pl_gram.y) gives the statement tree and the
datums (variables, records, rows); this module resolves their types, works out which
block declares which variable, and wraps every embedded SQL expression or statement
in an Expr that knows the names visible where it stands.

libpg_query's JSON drops three things the interpreter needs, recovered here:
  * the namespace each expression was parsed in. Datums are numbered in the order the
    grammar creates them: the function's parameters, `found`, then for each block its
    DECLAREd variables before anything its body creates (an integer FOR's loop
    variable, a CASE's hidden variable, the row of an INTO / FOR target list, an
    exception section's sqlstate and sqlerrm). Walking the tree in source order with a
    cursor over the datums gives every block its declarations (a declaration comes
    before the block's BEGIN line, or on it).
  * the variable of `RETURN x` / `RETURN NEXT x` (PostgreSQL keeps it as retvarno, the
    JSON omits it): the body is rewritten to `RETURN (x)` before parsing, using the SQL
    scanner, so strings and comments are never touched and line numbers do not move.
  * type modifiers of declared variables (numeric(10,2) arrives as numeric): variables
    keep the base type (README: where we differ).

Entry points: compile_function(row) -> PlFunction, compile_inline(body) -> PlFunction,
validate(definition) (CREATE FUNCTION's syntax check), Expr, Datum kinds VAR/REC/ROW.

PostgreSQL: pl/plpgsql/src/pl_comp.c (do_compile, plpgsql_build_variable,
plpgsql_parse_word), pl_gram.y, pl_funcs.c (plpgsql_ns_*).
"""
from __future__ import annotations

import dataclasses
import json
import re

import pglast.parser as _pglast

from pgsnake.catalog import function_creation
from pgsnake.datatypes import registry
from pgsnake.utils import notices, settings
from pgsnake.utils.errors import PgError

VAR, REC, ROW = "var", "rec", "row"
RECORD = 2249


@dataclasses.dataclass
class Datum:
    kind: str                      # VAR, REC or ROW
    name: str
    type_oid: int = 0              # VAR: its type
    is_const: bool = False
    not_null: bool = False
    default: "Expr | None" = None
    fields: tuple = ()             # ROW: the dnos of its fields
    field_names: tuple = ()
    lineno: int = 0
    # t%ROWTYPE or a composite type's name: its columns, (name, type) each; the variable
    # starts as a NULL row of that shape (type_oid: the composite type, when named)
    row_columns: tuple | None = None
    # a bound cursor (DECLARE c CURSOR (args) FOR query): its query (an Expr once the
    # scopes are known), the ROW datum of its arguments, their names -> dnos, options
    cursor_query: "Expr | dict | None" = None
    cursor_args_dno: int | None = None
    cursor_arg_names: dict | None = None
    cursor_options: int = 0
    typmod: int = -1               # VAR: its declared type modifier (numeric(4,2), varchar(3))


@dataclasses.dataclass
class Scope:
    """Names visible at one point: name -> dno, and block labels -> their names."""
    names: dict
    labels: dict

    def child(self, names: dict, label: str | None = None) -> "Scope":
        merged = dict(self.names)
        merged.update(names)
        labels = dict(self.labels)
        if label:
            labels[label] = dict(names)
        return Scope(merged, labels)


class Expr:
    """One SQL expression or statement of the body, with the scope it was written in.
    `text` is what runs: an expression becomes `SELECT expr`; an assignment's target
    is cut off. The interpreter keeps its prepared plan here (expressions.py)."""

    __slots__ = ("text", "source", "scope", "kind", "plan", "simple", "param_dnos",
                 "record_shapes", "target_names", "fast", "subscript_exprs")

    def __init__(self, node: dict, scope: Scope) -> None:
        body = node["PLpgSQL_expr"]
        query = body["query"]
        mode = body.get("parseMode", 0)
        self.source = query
        self.scope = scope
        self.kind = "statement" if mode == 0 else "expression"
        self.target_names = None
        if mode in (3, 4, 5):        # RAW_PARSE_PLPGSQL_ASSIGN1..3: "target := expr"
            target, value = _split_assignment(query)
            self.target_names = target
            self.text = "SELECT " + value
            self.kind = "assignment"
        elif mode == 0:
            self.text = query
        else:
            self.text = "SELECT " + query
        self.plan = None
        self.simple = None
        self.param_dnos = None
        self.record_shapes = None
        self.fast = None                 # expressions.py's direct evaluation, if any
        self.subscript_exprs = None      # `a[i] := v`: the subscripts (subscript_assignment)


def _split_assignment(query: str) -> tuple[str, str]:
    data = query.encode("utf-8")
    depth = 0
    for token in _pglast.scan(query):
        if token.name in ("ASCII_40", "ASCII_91"):
            depth += 1
        elif token.name in ("ASCII_41", "ASCII_93"):
            depth -= 1
        elif depth == 0 and token.name in ("COLON_EQUALS", "ASCII_61"):
            return (data[:token.start].decode("utf-8").strip(),
                    data[token.end + 1:].decode("utf-8").strip())
    raise PgError("42601", f'syntax error at or near "{query}"')


@dataclasses.dataclass
class PlFunction:
    name: str                      # as CONTEXT lines name it: f(integer) / inline_code_block
    datums: list
    action: dict                   # the outermost block
    arg_dnos: list                 # every parameter's datum, in declaration order
    input_dnos: list               # the ones a call passes values for
    output_dnos: list              # OUT / INOUT / TABLE parameters
    found_dno: int
    result_type: int
    returns_set: bool
    is_procedure: bool
    out_row_dno: int | None = None
    result_columns: list | None = None    # (name, type) when the result is a row
    # a table's row type the function returns: its columns are read at each call
    # (Frame.result_columns), as ALTER TABLE may have changed them since compilation
    result_row_type: int = 0
    # how a name that is both a variable and a column is taken: "error" (42702),
    # "use_variable" or "use_column" (#variable_conflict, plpgsql.variable_conflict)
    variable_conflict: str = "error"
    # plpgsql.extra_warnings / extra_errors as the function was compiled: the names of
    # the checks (too_many_rows, strict_multi_assignment) each level asks for
    extra_warnings: frozenset = frozenset()
    extra_errors: frozenset = frozenset()
    # a stable or immutable function's statements only read (spi.SpiStatement.read_only)
    read_only: bool = False


# ---------------------------------------------------------------------------------------
# Parsing

_KEYWORD_KINDS = ("UNRESERVED_KEYWORD", "COL_NAME_KEYWORD", "TYPE_FUNC_NAME_KEYWORD")


def _parenthesize_return_variables(body: str) -> str:
    """RETURN x; / RETURN NEXT x; / RETURN $1; -> RETURN (x); so the expression survives
    the JSON."""
    data = body.encode("utf-8")
    try:
        tokens = [t for t in _pglast.scan(body) if t.name not in ("SQL_COMMENT", "C_COMMENT")]
    except Exception:
        return body
    edits = []
    for i, token in enumerate(tokens):
        if token.name != "RETURN":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].name == "NEXT":
            j += 1
        word_token = tokens[j].name in ("IDENT", "PARAM") or \
            tokens[j].kind in _KEYWORD_KINDS if j < len(tokens) else False
        if word_token and j + 1 < len(tokens) and tokens[j + 1].name == "ASCII_59":
            word = data[tokens[j].start:tokens[j].end + 1].decode("utf-8")
            if word.lower() not in ("next", "query"):
                edits.append((tokens[j].start, tokens[j].end + 1))
    for start, end in reversed(edits):
        data = data[:start] + b"(" + data[start:end] + b")" + data[end:]
    return data.decode("utf-8")


def _dollar_quote(body: str) -> str:
    tag = "pgsnake_body"
    while f"${tag}$" in body:
        tag += "_"
    return f"${tag}${body}${tag}$"


def _parse(statement: str):
    try:
        tree = json.loads(_pglast.parse_plpgsql_json(statement))[0]["PLpgSQL_function"]
    except _pglast.ParseError as exc:
        message = exc.args[0] if exc.args else "syntax error"
        sqlstate, hint = _GRAMMAR_ERRORS.get(message, ("42601", None))
        raise PgError(sqlstate, message, hint=hint) from None
    _refuse_newer_syntax(tree)
    return tree


# the grammar's errors that are not syntax errors (libpg_query reports only the message)
_GRAMMAR_ERRORS = {
    "RETURN cannot have a parameter in function returning void": ("42804", None),
    "RETURN cannot have a parameter in function with OUT parameters": ("42804", None),
    "RETURN NEXT cannot have a parameter in function with OUT parameters": ("42804", None),
    "RETURN cannot have a parameter in function returning set":
        ("42804", "Use RETURN NEXT or RETURN QUERY."),
}


# GET DIAGNOSTICS items the grammar (libpg_query's, of a later release) knows that
# PostgreSQL 15's does not
_NEWER_DIAGNOSTICS = {"PG_ROUTINE_OID": "pg_routine_oid"}


def _refuse_newer_syntax(node) -> None:
    if isinstance(node, dict):
        item = node.get("PLpgSQL_diag_item")
        if item is not None and item.get("kind") in _NEWER_DIAGNOSTICS:
            word = _NEWER_DIAGNOSTICS[item["kind"]]
            raise PgError("42601", f'unrecognized GET DIAGNOSTICS item at or near "{word}"')
        for value in node.values():
            _refuse_newer_syntax(value)
    elif isinstance(node, list):
        for value in node:
            _refuse_newer_syntax(value)


# VARIADIC is declared as IN: libpg_query's grammar has no catalog to see that the type
# is an array ("VARIADIC parameter must be an array"); inside the body they are the same.
_ARG_MODES = {"i": "IN", "o": "OUT", "b": "INOUT", "v": "IN"}


def _declaration(name: str, arg_types, arg_modes, arg_names, result_type, returns_set,
                 is_procedure, body: str) -> str:
    params = []
    table_columns = []
    for index, (type_oid, mode) in enumerate(zip(arg_types, arg_modes)):
        arg_name = arg_names[index] if index < len(arg_names) else ""
        type_text = _parser_type_text(type_oid)
        if mode == "t":
            table_columns.append(f'"{arg_name}" {type_text}')
            continue
        params.append(f'{_ARG_MODES[mode]} {(chr(34) + arg_name + chr(34)) if arg_name else ""} {type_text}')
    if is_procedure:
        head = f'CREATE PROCEDURE "{name}"({", ".join(params)})'
    elif table_columns:
        head = f'CREATE FUNCTION "{name}"({", ".join(params)}) RETURNS TABLE({", ".join(table_columns)})'
    else:
        # pseudo-types pgsnake's type table does not name
        result = {2279: "trigger", 3838: "event_trigger"}.get(result_type) or \
            _parser_type_text(result_type)
        head = f'CREATE FUNCTION "{name}"({", ".join(params)}) RETURNS {"SETOF " if returns_set else ""}{result}'
    body = stand_in_declared_types(body)[0]
    return f"{head} AS {_dollar_quote(_parenthesize_return_variables(body))} LANGUAGE plpgsql"


# libpg_query's PL/pgSQL parser has no catalog: a type name it does not know is a
# record to it (and an array of one is refused as "_record"). An enum, domain, range,
# ... (not a composite, which is a record indeed) is declared to it as a stand-in
# built-in type; the argument's datum gets its real type back (_real_argument_types).
_STAND_IN, _STAND_IN_ARRAY = "int4", "int4[]"
_FIRST_USER_OID = 16384


def _needs_stand_in(type_oid: int) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    if type_oid < _FIRST_USER_OID:
        return False
    row = cc.get_type_row(type_oid)
    return row is not None and row.typtype not in ("c", "p")


def _is_composite(type_oid: int) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    row = cc.get_type_row(type_oid)
    return row is not None and row.typtype == "c"


def _parser_type_text(type_oid: int) -> str:
    from pgsnake.catalog import catalog_cache as cc
    if _needs_stand_in(type_oid):
        return _STAND_IN
    row = cc.get_type_row(type_oid) if type_oid >= _FIRST_USER_OID else None
    if row is not None and row.typelem and row.typcategory == "A" and \
            (_needs_stand_in(row.typelem) or _is_composite(row.typelem)):
        return _STAND_IN_ARRAY
    return registry.format_type(type_oid)


_DECLARATION_END = ("COLON_EQUALS", "ASCII_61", "DEFAULT", "NOT", "COLLATE", "ASCII_59")


def _declared_user_type(text: str) -> int | None:
    """The oid of a DECLARE's type text when it needs a stand-in, else None."""
    from pgsnake.catalog import catalog_cache as cc
    name = text.strip()
    dims = 0
    while name.endswith("]") and "[" in name:
        name = name[:name.rindex("[")].rstrip()
        dims += 1
    name = name.split(".")[-1].strip().strip('"') if '"' not in name.split(".")[-1][1:-1] \
        else name
    from pgsnake.utils import process_state
    if registry.lookup_type_name(name.lower()) is not None or not process_state.database_oid:
        return None                 # a built-in type (or no catalog: unit tests)
    row = cc.lookup_type_row(name.lower() if not text.strip().startswith('"') else name)
    # (an array of a composite needs one too: the grammar refuses arrays of records)
    if row is None or not (_needs_stand_in(row.oid) or (dims and row.typtype == "c")):
        return None
    if dims:
        return row.typarray or None
    return row.oid


def stand_in_declared_types(body: str) -> tuple[str, dict, dict]:
    """The body with each DECLAREd variable of an enum / domain / ... type (or an array
    of one) declared as the stand-in type instead, (name, line) -> the real type
    oid for those variables (_real_declared_types), and (name, line) -> the declared
    type's text for every variable (its modifiers, which the grammar's tree drops:
    _declared_typmods)."""
    data = body.encode("utf-8")
    try:
        tokens = [t for t in _pglast.scan(body) if t.name not in ("SQL_COMMENT", "C_COMMENT")]
    except Exception:
        return body, {}, {}
    edits, found, texts = [], {}, {}
    in_declare = False
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.name == "DECLARE":
            in_declare = True
        elif token.name == "BEGIN_P":
            in_declare = False
        elif in_declare and token.name == "IDENT" and i + 1 < len(tokens):
            name = data[token.start:token.end + 1].decode("utf-8")
            j = i + 1
            if tokens[j].name == "IDENT" and \
                    data[tokens[j].start:tokens[j].end + 1].decode().lower() == "constant":
                j += 1
            k, depth = j, 0
            while k < len(tokens) and not (depth == 0 and tokens[k].name in _DECLARATION_END):
                depth += tokens[k].name in ("ASCII_40", "ASCII_91")
                depth -= tokens[k].name in ("ASCII_41", "ASCII_93")
                k += 1
            if k > j and k < len(tokens):
                text = data[tokens[j].start:tokens[k - 1].end + 1].decode("utf-8")
                first = text.split()[0].lower() if text.split() else ""
                type_oid = None if first in ("alias", "cursor", "no", "scroll") \
                    else _declared_user_type(text)
                line = data[:token.start].count(b"\n") + 1
                texts[(name.lower(), line)] = text
                if type_oid is not None:
                    found[(name.lower(), line)] = type_oid
                    edits.append((tokens[j].start, tokens[k - 1].end + 1,
                                  _STAND_IN_ARRAY if text.rstrip().endswith("]") else _STAND_IN))
            while k < len(tokens) and tokens[k].name != "ASCII_59":
                k += 1
            i = k
        i += 1
    for start, end, replacement in reversed(edits):
        data = data[:start] + replacement.encode() + data[end:]
    return data.decode("utf-8"), found, texts


def declared_aliases(body: str) -> list[list]:
    """`name ALIAS FOR target;` declarations ([name, target, line, claimed]): the
    grammar makes no datum for them (only a namespace entry), so the scope builder adds
    them to the block whose DECLARE section holds them."""
    data = body.encode("utf-8")
    try:
        tokens = [t for t in _pglast.scan(body) if t.name not in ("SQL_COMMENT", "C_COMMENT")]
    except Exception:
        return []
    found = []
    for i in range(len(tokens) - 3):
        words = [data[t.start:t.end + 1].decode("utf-8") for t in tokens[i:i + 4]]
        if words[1].lower() == "alias" and words[2].lower() == "for" and \
                tokens[i].name == "IDENT":
            target = words[3]
            if tokens[i + 3].name == "PARAM":
                target = "$" + target.lstrip("$")
            line = data[:tokens[i].start].count(b"\n") + 1
            found.append([words[0].lower() if not words[0].startswith('"')
                          else words[0].strip('"'), target.strip('"').lower()
                          if not target.startswith('"') else target.strip('"'), line, False])
    return found


def _real_declared_types(datums: list, declared: dict) -> None:
    for index, datum in enumerate(datums):
        type_oid = declared.get((datum.name.lower(), datum.lineno))
        if type_oid is not None and datum.kind == VAR:
            datums[index] = dataclasses.replace(datum, type_oid=type_oid)


def _declared_typmods(datums: list, texts: dict) -> None:
    """Each DECLAREd variable's type modifier, from its declaration's text."""
    for index, datum in enumerate(datums):
        text = texts.get((datum.name.lower(), datum.lineno))
        if text is not None and datum.kind == VAR and not datum.cursor_query:
            typmod = _declared_typmod(text, datum.type_oid)
            if typmod >= 0:
                datums[index] = dataclasses.replace(datum, typmod=typmod)


def _declared_row_types(datums: list, texts: dict) -> None:
    """A variable DECLAREd with a composite type (`r ct;`, `r tbl;`) is a plain record to
    the grammar: it gets the type's columns, so it starts as a NULL row of that shape
    whose fields read as NULL and can be assigned one by one (PostgreSQL's expanded
    record of a named row type)."""
    for index, datum in enumerate(datums):
        text = texts.get((datum.name.lower(), datum.lineno))
        if text is None or datum.kind != REC or datum.row_columns is not None:
            continue
        found = _composite_type(text)
        if found is not None:
            datums[index] = dataclasses.replace(datum, type_oid=found[0], row_columns=found[1])


def _composite_type(text: str):
    """(type oid, ((column, type), ...)) of a composite type's name, or None."""
    from pgsnake.catalog import catalog_cache as cc
    names = [part[1:-1] if part.startswith('"') else part.lower()
             for part in (piece.strip() for piece in text.split("."))]
    if not all(names) or len(names) > 2 or "[" in text or "%" in text:
        return None
    namespace = None
    if len(names) == 2:
        namespace = cc.get_namespace_oid(names[0])
        if namespace is None:
            return None
    row = cc.lookup_type_row(names[-1], namespace)
    return None if row is None else _composite_columns(row.oid)


def _composite_columns(type_oid: int):
    """(type oid, ((column, type), ...)) of a composite type, or None for another type."""
    from pgsnake.catalog import catalog_cache as cc
    row = cc.get_type_row(type_oid)
    if row is None or row.typtype != "c" or not row.typrelid:
        return None
    relation = cc.get_relation(row.typrelid)
    return row.oid, tuple((a.name, a.type_oid) for a in relation.attributes
                          if a.attnum > 0 and not a.is_dropped)


def _real_argument_types(datums: list, arg_types) -> None:
    """The parameters declared with a stand-in type (_parser_type_text) as variables
    of their own types; those of a composite type (records to the grammar) know its
    columns (_declared_row_types)."""
    for index, type_oid in enumerate(arg_types or ()):
        if index < len(datums) and datums[index].kind == REC and \
                datums[index].row_columns is None and type_oid >= _FIRST_USER_OID:
            found = _composite_columns(type_oid)
            if found is not None:
                datums[index] = dataclasses.replace(datums[index], type_oid=found[0],
                                                    row_columns=found[1])
            continue
        if index < len(datums) and type_oid >= _FIRST_USER_OID and \
                _parser_type_text(type_oid) in (_STAND_IN, _STAND_IN_ARRAY):
            datum = datums[index]
            datums[index] = Datum(VAR, datum.name, type_oid, lineno=datum.lineno)


def validate(definition, body_position: int | None = None) -> None:
    """CREATE FUNCTION's check of a PL/pgSQL body (plpgsql_validator): it must parse.
    Under plpgsql.extra_warnings / extra_errors shadowed_variables the declarations
    are also walked, for that check's WARNING or ERROR (PostgreSQL's validator compiles
    the function whole; other errors of that walk are left to the first call)."""
    modes = definition.arg_modes
    tree = _parse(_declaration(definition.name, definition.arg_types, modes,
                               definition.arg_names, definition.result_type,
                               definition.returns_set, definition.kind == "p",
                               definition.source))
    if "shadowed_variables" in _extra_checks("plpgsql.extra_warnings") | \
            _extra_checks("plpgsql.extra_errors"):
        try:
            _build(tree, definition.name, list(modes or ()), definition.result_type,
                   definition.returns_set, definition.kind == "p", definition.arg_types,
                   definition.source)
        except PgError as err:
            if err.sqlstate == "42712":
                offset = getattr(err, "body_offset", None)
                if offset is not None and body_position is not None:
                    err.position = body_position + offset + 1
                raise
        # the first call in this backend uses what the validator compiled in
        # PostgreSQL: its warnings are not given again
        _validated.add((definition.name, definition.source))


_validated: set = set()         # (name, body) of the functions CREATE checked here


def _type_oid(typname: str) -> int:
    info = registry.lookup_type_name(typname)
    if info is not None:
        return info.oid
    from pgsnake.catalog import catalog_cache as cc
    row = cc.lookup_type_row(typname)
    if row is not None:
        return row.oid
    raise PgError("42704", f'type "{typname}" does not exist')


_TYPE_MODIFIERS = re.compile(r"\(\s*([-+]?\d+(?:\s*,\s*[-+]?\d+)*)\s*\)")


def _declared_typmod(typname: str, type_oid: int) -> int:
    """The typmod a declared type's integer modifiers give ("numeric(4,2)[1]",
    "varchar(3)", "timestamp(0) with time zone"); -1 without any. An array's typmod is
    its element's (PostgreSQL keeps one typmod for both)."""
    match = _TYPE_MODIFIERS.search(typname)
    if match is None:
        return -1
    mods = [int(m) for m in match.group(1).split(",")]
    from pgsnake.datatypes import type_coercion, user_type_facts
    base = user_type_facts.base_type(type_oid)
    element = type_coercion.array_element(base) or base
    return registry.typmod_from_modifiers(element, mods)


def _split_name(text: str) -> list[str]:
    return [part.strip().strip('"') for part in text.split(".")]


def _table_columns(names: list[str]) -> tuple:
    from pgsnake.catalog import catalog_cache as cc
    relation = cc.lookup_relation(names[-1], names[-2] if len(names) > 1 else None)
    if relation is None:
        raise PgError("42P01", f'relation "{".".join(names)}" does not exist')
    return tuple((a.name, a.type_oid) for a in relation.attributes
                 if a.attnum > 0 and not a.is_dropped)


def _datum(node: dict, earlier: list) -> Datum:
    (kind, body), = node.items()
    if kind == "PLpgSQL_var":
        typname = body["datatype"]["PLpgSQL_type"]["typname"]
        lineno = body.get("lineno", 0)
        if typname.lower().endswith("%rowtype"):         # a table's row type
            columns = _table_columns(_split_name(typname[:-8]))
            return Datum(REC, body["refname"], RECORD, lineno=lineno, row_columns=columns)
        if typname.lower().endswith("%type"):            # var%TYPE or table.column%TYPE
            type_oid = _referenced_type(_split_name(typname[:-5]), earlier)
        else:
            type_oid = _type_oid(typname)
        datum = Datum(VAR, body["refname"], type_oid, bool(body.get("isconst")),
                      bool(body.get("notnull")), lineno=lineno)
        if "cursor_explicit_expr" in body:
            argrow = body.get("cursor_explicit_argrow", -1)
            datum.cursor_query = body["cursor_explicit_expr"]
            datum.cursor_args_dno = argrow if argrow >= 0 else None
            datum.cursor_options = body.get("cursor_options", 0)
        return datum
    if kind == "PLpgSQL_rec":
        return Datum(REC, body["refname"], RECORD, lineno=body.get("lineno", 0))
    if kind == "PLpgSQL_recfield":
        # r.f met in the body: resolved by name at run time (expressions.py); as the
        # target of an assignment (NEW.f := ...) through its record (fields[0]).
        return Datum("recfield", body.get("fieldname", ""),
                     fields=(body.get("recparentno", 0),))
    if kind == "PLpgSQL_row":
        fields = body.get("fields", ())
        return Datum(ROW, body["refname"], RECORD, fields=tuple(f.get("varno", 0) for f in fields),
                     field_names=tuple(f["name"] for f in fields), lineno=body.get("lineno", 0))
    raise PgError("0A000", f"PL/pgSQL {kind.removeprefix('PLpgSQL_')} variables are not supported")


def _referenced_type(names: list[str], earlier: list) -> int:
    if len(names) == 1:
        for datum in reversed(earlier):
            if datum.name == names[0] and datum.kind == VAR:
                return datum.type_oid
        raise PgError("42704", f'type "{names[0]}%TYPE" does not exist')
    columns = dict(_table_columns(names[:-1]))
    if names[-1] not in columns:
        raise PgError("42703", f'column "{names[-1]}" of relation "{names[-2]}" does not exist')
    return columns[names[-1]]


# ---------------------------------------------------------------------------------------
# Scopes: which block declares which datum

_BODY_MADE = re.compile(r"^(\(unnamed row\)|__Case__Variable_\d+__)$")


class _ScopeBuilder:
    def __init__(self, raw_datums: list, datums: list, cursor: int) -> None:
        self.raw = raw_datums
        self.datums = datums
        self.cursor = cursor
        self.aliases: list = []            # declared_aliases(), claimed by blocks
        # plpgsql.extra_errors / extra_warnings shadowed_variables: "ERROR" / "WARNING"
        self.shadow_check: str | None = None
        self.source = ""                   # the body (for the check's error position)
        self.cursor_args = set()           # bound cursors' argument datums
        for datum in datums:
            if datum.cursor_args_dno is not None:
                self.cursor_args.add(datum.cursor_args_dno)
                self.cursor_args.update(datums[datum.cursor_args_dno].fields)

    def _skip_fields(self) -> None:
        # the grammar makes a recfield datum wherever the body names r.f: never a
        # declaration or a target, so the walk steps over them
        while self.cursor < len(self.datums) and self.datums[self.cursor].kind == "recfield":
            self.cursor += 1

    def take(self) -> int:
        self._skip_fields()
        dno = self.cursor
        self.cursor += 1
        return dno

    def _cursor_arguments(self) -> dict:
        """A bound cursor's argument variables and their row, which the grammar makes
        just before the cursor's own variable: taken, but visible only to the
        cursor's query (their names -> dnos)."""
        names = {}
        while self.cursor < len(self.datums) and self.cursor in self.cursor_args:
            datum = self.datums[self.cursor]
            dno = self.take()
            if datum.kind == VAR:
                names[datum.name] = dno
        return names

    def _check_shadowing(self, name: str, scope: Scope, declared: dict,
                         lineno: int) -> None:
        """A declaration hiding a name already visible (pl_gram.y's decl_varname
        check under shadowed_variables): 42712 as a WARNING or an ERROR. The error
        knows where the name stands in the body (`body_offset`, for CREATE's
        position): its first whole-word occurrence on the declaration's line."""
        if self.shadow_check is None or (name not in scope.names and name not in declared):
            return
        message = f'variable "{name}" shadows a previously defined variable'
        if self.shadow_check == "WARNING":
            notices.emit("42712", message, severity="WARNING")
            return
        err = PgError("42712", message)
        lines = self.source.split("\n")
        if 1 <= lineno <= len(lines):
            found = re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", lines[lineno - 1],
                              re.IGNORECASE)
            if found is not None:
                err.body_offset = sum(len(line) + 1 for line in lines[:lineno - 1]) + \
                    found.start()
        raise err

    def block(self, node: dict, scope: Scope) -> None:
        lineno = node.get("lineno")
        declared = {}
        fori_vars = _fori_variables(node)
        while lineno is not None and self.cursor < len(self.datums):
            self._skip_fields()
            if self.cursor >= len(self.datums):
                break
            if self.cursor in self.cursor_args and self.datums[self.cursor].lineno <= lineno:
                arg_names = self._cursor_arguments()
                for name, arg_dno in arg_names.items():
                    self._check_shadowing(name, scope, declared,
                                          self.datums[arg_dno].lineno)
                self._skip_fields()
                if self.cursor < len(self.datums):
                    self.datums[self.cursor].cursor_arg_names = arg_names
                continue
            datum = self.datums[self.cursor]
            raw = self.raw[self.cursor]
            if _BODY_MADE.match(datum.name) or datum.lineno > lineno:
                break
            if datum.lineno == lineno and (datum.name, datum.lineno) in fori_vars:
                break
            if datum.name == "sqlstate" and datum.is_const and "default_val" not in \
                    next(iter(raw.values())):
                break       # an exception section's (this block's or a nested one's)
            self._check_shadowing(datum.name, scope, declared, datum.lineno)
            declared[datum.name] = self.take()
        node["_declared"] = list(declared.values())
        # a variable's default sees the enclosing names and the variables declared
        # before it, not itself or later ones (pl_gram.y adds each to the namespace
        # after reading its default)
        earlier: dict = {}
        defaults_scopes = {}
        for name, dno in declared.items():
            defaults_scopes[dno] = scope.child(dict(earlier), node.get("label"))
            earlier[name] = dno
        node["_default_scopes"] = defaults_scopes
        for alias in self.aliases:
            if not alias[3] and lineno is not None and alias[2] <= lineno:
                alias[3] = True
                visible = dict(scope.names)
                visible.update(declared)
                if alias[1] in visible:
                    declared[alias[0]] = visible[alias[1]]
        inner = scope.child(declared, node.get("label"))
        node["_scope"] = inner
        self.statements(node.get("body", ()), inner)
        exceptions = node.get("exceptions")
        if exceptions:
            handler_names = {}
            for name in ("sqlstate", "sqlerrm"):
                self._skip_fields()
                if self.cursor < len(self.datums) and self.datums[self.cursor].name == name:
                    handler_names[name] = self.take()
            handler_scope = inner.child(handler_names)
            node["_handler_dnos"] = handler_names
            for handler in exceptions["PLpgSQL_exception_block"].get("exc_list", ()):
                self.statements(handler["PLpgSQL_exception"].get("action", ()), handler_scope)

    def statements(self, statements, scope: Scope) -> None:
        for statement in statements:
            (kind, body), = statement.items()
            body["_scope"] = scope
            method = getattr(self, kind.removeprefix("PLpgSQL_stmt_"), None)
            if method is not None:
                method(body, scope)

    def _target(self, body: dict) -> None:
        target = body.get("target") or body.get("var")
        if target and "PLpgSQL_row" in target:
            body["_target_dno"] = self.take()
        elif target and "PLpgSQL_rec" in target:
            body["_target_dno"] = target["PLpgSQL_rec"].get("dno", 0)

    def if_(self, body, scope):
        self.statements(body.get("then_body", ()), scope)
        for elsif in body.get("elsif_list", ()):
            self.statements(elsif["PLpgSQL_if_elsif"].get("stmts", ()), scope)
        self.statements(body.get("else_body", ()), scope)

    def case(self, body, scope):
        when_scope = scope
        if "t_expr" in body:
            dno = self.take()
            when_scope = scope.child({self.datums[dno].name: dno})
        for when in body.get("case_when_list", ()):
            when["PLpgSQL_case_when"]["_scope"] = when_scope
            self.statements(when["PLpgSQL_case_when"].get("stmts", ()), scope)
        self.statements(body.get("else_stmts", ()), scope)

    def loop(self, body, scope):
        self.statements(body.get("body", ()), scope.child({}, body.get("label")))

    while_ = loop
    foreach_a = loop

    def fori(self, body, scope):
        dno = self.take()
        body["_var_dno"] = dno
        self.statements(body.get("body", ()), scope.child({body["var"]["PLpgSQL_var"]["refname"]: dno},
                                                          body.get("label")))

    def fors(self, body, scope):
        self._target(body)
        self.statements(body.get("body", ()), scope.child({}, body.get("label")))

    dynfors = fors

    def forc(self, body, scope):
        # the loop's record is made by the FOR itself, visible only inside the loop
        self._skip_fields()
        dno = body["var"]["PLpgSQL_rec"].get("dno", self.cursor)
        if dno == self.cursor:
            self.take()
        body["_target_dno"] = dno
        self.statements(body.get("body", ()), scope.child({self.datums[dno].name: dno},
                                                          body.get("label")))

    def fetch(self, body, scope):
        if body.get("target"):
            self._target(body)

    def execsql(self, body, scope):
        if body.get("into"):
            self._target(body)

    dynexecute = execsql


# the grammar's statement names that are Python keywords
setattr(_ScopeBuilder, "if", _ScopeBuilder.if_)
setattr(_ScopeBuilder, "while", _ScopeBuilder.while_)


def _fori_variables(block: dict) -> set:
    out = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "PLpgSQL_stmt_fori":
                    var = item["var"]["PLpgSQL_var"]
                    out.add((var["refname"], var.get("lineno", 0)))
                if key != "PLpgSQL_stmt_block" or value is block:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(block.get("body", []))
    return out


def _wrap_expressions(value, scope: Scope | None = None):
    """Replace every PLpgSQL_expr dict with an Expr bound to the scope of the statement
    (or block) that holds it."""
    if isinstance(value, dict):
        scope = value.get("_scope", scope)
        for key, item in list(value.items()):
            if key.startswith("_"):
                continue
            if isinstance(item, dict) and "PLpgSQL_expr" in item:
                value[key] = Expr(item, scope)
            else:
                _wrap_expressions(item, scope)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict) and "PLpgSQL_expr" in item:
                value[index] = Expr(item, scope)
            else:
                _wrap_expressions(item, scope)


def _build(tree: dict, name: str, arg_modes: list, result_type: int, returns_set: bool,
           is_procedure: bool, arg_types=(), source: str = "",
           bound_types: dict | None = None, shadow_warnings: bool = True) -> PlFunction:
    raw_datums = tree["datums"]
    datums: list = []
    for raw in raw_datums:
        datum = _datum(raw, datums)
        if bound_types and len(datums) in bound_types and datum.kind == VAR and \
                (len(datums) < len(arg_modes) or datum.name == "$0"):
            # a polymorphic parameter (or $0) takes the call's type before any later
            # var%TYPE reads it
            datum = dataclasses.replace(datum, type_oid=bound_types[len(datums)])
        datums.append(datum)
    _real_argument_types(datums, arg_types)
    if source:
        _body, stand_ins, type_texts = stand_in_declared_types(source)
        _real_declared_types(datums, stand_ins)
        _declared_typmods(datums, type_texts)
        _declared_row_types(datums, type_texts)
    found_dno = next(i for i, d in enumerate(datums) if d.name == "found")
    nargs = len(arg_modes)
    arg_dnos = list(range(nargs))
    # a procedure's OUT parameters receive nothing (CALL keeps their arguments apart)
    inputs = [i for i, m in enumerate(arg_modes) if m in ("i", "b", "v")]
    outputs = [i for i, m in enumerate(arg_modes) if m in ("o", "b", "t")]
    out_row = next((i for i in range(nargs, found_dno) if datums[i].kind == ROW), None)
    # Function scope: parameters by name and as $n, and found.
    names = {}
    for i in arg_dnos:
        names[f"${i + 1}"] = i
        if datums[i].name and not datums[i].name.startswith("$"):
            names[datums[i].name] = i
    # A trigger function's NEW, OLD and TG_* come between the parameters and found.
    for i in range(nargs, found_dno):
        if datums[i].kind != ROW:
            names[datums[i].name] = i
    names["found"] = found_dno
    # the function's name labels the outermost namespace: f.param names a parameter
    # even where a block declares a variable of the same name
    label = name.split("(", 1)[0]
    scope = Scope(names, {label: {n: d for n, d in names.items() if not n.startswith("$")
                                  and d in arg_dnos}})
    builder = _ScopeBuilder(raw_datums, datums, found_dno + 1)
    builder.aliases = declared_aliases(source) if source else []
    builder.source = source
    extra_warnings = _extra_checks("plpgsql.extra_warnings")
    extra_errors = _extra_checks("plpgsql.extra_errors")
    if name == "inline_code_block":
        pass                  # a DO block is compiled without this check (as in PostgreSQL)
    elif "shadowed_variables" in extra_errors:
        builder.shadow_check = "ERROR"
    elif "shadowed_variables" in extra_warnings and shadow_warnings:
        builder.shadow_check = "WARNING"
    action = tree["action"]["PLpgSQL_stmt_block"]
    builder.block(action, scope)
    _wrap_expressions(action)
    for raw, datum in zip(raw_datums, datums):
        default = next(iter(raw.values())).get("default_val")
        if default is not None:
            # A default sees the names of its own block; the block's scope is close
            # enough (PostgreSQL also lets a default see earlier declarations).
            datum.default = default
    _wrap_defaults(action, datums)
    function = PlFunction(name, datums, action, arg_dnos, inputs, outputs, found_dno,
                          result_type, returns_set, is_procedure, out_row)
    function.variable_conflict = _variable_conflict(source)
    function.extra_warnings = extra_warnings
    function.extra_errors = extra_errors
    return function


_EXTRA_CHECKS = frozenset({"shadowed_variables", "too_many_rows", "strict_multi_assignment"})


def _extra_checks(name: str) -> frozenset:
    """The checks a plpgsql.extra_warnings / extra_errors value names ('all', 'none' or
    a list); pgsnake does not define these settings, so a value it cannot read asks
    for none."""
    if not settings.is_defined(name):
        return frozenset()
    words = {w.strip().lower() for w in str(settings.get(name)).split(",")}
    if words == {"all"}:
        return _EXTRA_CHECKS
    return frozenset(words & _EXTRA_CHECKS)


def compile_settings() -> tuple:
    """The settings a compilation reads (a DO block is compiled again when they
    change, as PostgreSQL compiles each DO block afresh)."""
    return tuple(str(settings.get(n)) if settings.is_defined(n) else None
                 for n in ("plpgsql.variable_conflict", "plpgsql.extra_warnings",
                           "plpgsql.extra_errors"))


_CONFLICT_MODES = ("error", "use_variable", "use_column")
_COMPILER_OPTION = re.compile(r"\s*(?:--[^\n]*(?:\n|$)|/\*.*?\*/|#(\w+)[ \t]+(\w+))", re.S)


def _variable_conflict(source: str) -> str:
    """The function's #variable_conflict option (the compiler options stand before the
    body's first block), else plpgsql.variable_conflict as it is when the function is
    compiled (pl_comp.c reads plpgsql_variable_conflict then)."""
    position = 0
    while True:
        match = _COMPILER_OPTION.match(source, position)
        if match is None or match.end() == position:
            break
        position = match.end()
        if match.group(1) and match.group(1).lower() == "variable_conflict":
            mode = match.group(2).lower()
            if mode in _CONFLICT_MODES:
                return mode
    if settings.is_defined("plpgsql.variable_conflict"):
        mode = str(settings.get("plpgsql.variable_conflict")).lower()
        if mode in _CONFLICT_MODES:
            return mode
    return "error"


def _wrap_defaults(block: dict, datums: list) -> None:
    def walk(value):
        if isinstance(value, dict):
            if "_declared" in value:
                for dno in value["_declared"]:
                    default = datums[dno].default
                    if isinstance(default, dict):
                        datums[dno].default = Expr(
                            default, value["_default_scopes"].get(dno, value["_scope"]))
                    query = datums[dno].cursor_query
                    if isinstance(query, dict):
                        datums[dno].cursor_query = Expr(
                            query, value["_scope"].child(datums[dno].cursor_arg_names or {}))
            for key, item in value.items():
                if not key.startswith("_"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(block)


def compile_function(row) -> PlFunction:
    from pgsnake.pl import function_manager
    modes = list(row.proargmodes or ["i"] * row.pronargs)
    types = list(row.proallargtypes or row.proargtypes)
    names = list(row.proargnames or [])
    is_procedure = row.prokind == "p"
    _refuse_pseudo_arguments(row, types, modes)
    # A polymorphic function arrives with its types bound to the call
    # (function_manager.bound_row); it is declared to the grammar with the types as
    # written, so that a polymorphic result gets its $0 variable as in PostgreSQL, and
    # the datums then take the bound types.
    declared = function_creation.function_row(row.oid) if row.oid else None
    declared_types = list(declared.proallargtypes or declared.proargtypes) \
        if declared is not None else types
    declared_result = declared.prorettype if declared is not None else row.prorettype
    if len(declared_types) != len(types):
        declared_types, declared_result = types, row.prorettype
    text = _declaration(row.proname, declared_types, modes, names, declared_result,
                        row.proretset, is_procedure, row.prosrc)
    tree = _parse(text)
    bound_types = None
    if declared_types != types or declared_result != row.prorettype:
        bound_types = {i: t for i, (d, t) in enumerate(zip(declared_types, types)) if d != t}
        bound_types[len(types)] = row.prorettype        # $0 follows the parameters
    function = _build(tree, function_manager.describe(row), modes, row.prorettype,
                      row.proretset, is_procedure, types, row.prosrc, bound_types,
                      shadow_warnings=(row.proname, row.prosrc) not in _validated)
    function.result_columns = function_manager.result_columns(row)
    function.read_only = row.provolatile != "v"
    if row.prorettype != RECORD and function.result_columns is not None:
        function.result_row_type = row.prorettype
    return function


def _refuse_pseudo_arguments(row, types, modes) -> None:
    """An argument whose type the call left polymorphic (anyarray given a column of
    type anyarray itself, pg_statistic.stavalues1) cannot be a PL/pgSQL variable
    (do_compile's pseudotype check)."""
    from pgsnake.datatypes import polymorphic_binding
    for type_oid, mode in zip(types, modes):
        if mode in ("i", "b", "v") and type_oid in polymorphic_binding.POLYMORPHIC:
            raise PgError("0A000", f"PL/pgSQL functions cannot accept type "
                          f"{registry.format_type(type_oid)}",
                          context=f'compilation of PL/pgSQL function "{row.proname}" '
                                  f'near line 1')


def compile_inline(body: str) -> PlFunction:
    stood_in = stand_in_declared_types(body)[0]
    tree = _parse(f"DO {_dollar_quote(_parenthesize_return_variables(stood_in))}")
    return _build(tree, "inline_code_block", [], 2278, False, True, source=body)
