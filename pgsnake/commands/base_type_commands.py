"""CREATE TYPE name (a shell type) and CREATE TYPE name (INPUT = ..., OUTPUT = ..., ...)
(a base type filling in its shell).

A shell is a pg_type row (typtype 'p', category 'P', typisdefined false, shell_in /
shell_out) that functions may name before the type exists: the I/O functions are made
next (LANGUAGE internal ones naming a built-in type's routines, commands/
function_commands.py), then the full CREATE TYPE replaces the shell's row (same OID) by
the base type's and adds its array type '_name'. Its options are DefineType's: LIKE
(length, by-value, alignment and storage of another type, overridden by the explicit
ones), INTERNALLENGTH (bytes or VARIABLE), INPUT, OUTPUT, RECEIVE, SEND, TYPMOD_IN,
TYPMOD_OUT, ANALYZE, SUBSCRIPT, ALIGNMENT, STORAGE, CATEGORY, PREFERRED, DELIMITER,
ELEMENT, DEFAULT, PASSEDBYVALUE, COLLATABLE; an option name matches only in lower case
(others draw a WARNING and are ignored). The type depends on its schema and on each of
its functions (normal), its array type on it (internal).

The values of such a type are those of the built-in type whose input function its
INPUT function runs (catalog/user_types.py builds its TypeInfo so).

Entry point: execute_define_type(node, raw) (DefineStmt OBJECT_TYPE).

Where we differ from PostgreSQL: a base type's ANALYZE and SUBSCRIPT functions are
stored but never run (ANALYZE treats its columns as the built-in type's; subscripting
it is refused).

PostgreSQL: commands/typecmds.c (DefineType, findTypeInputFunction,
findTypeOutputFunction, findTypeTypmodinFunction, findTypeTypmodoutFunction),
catalog/pg_type.c (TypeShellMake, TypeCreate, GenerateTypeDependencies).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, lookup_functions
from pgsnake.catalog import definitions as d
from pgsnake.commands import def_elem, define_statement, type_commands
from pgsnake.datatypes import registry
from pgsnake.utils import notices
from pgsnake.utils.errors import DUPLICATE_OBJECT, INVALID_PARAMETER_VALUE, PgError

INVALID_OBJECT_DEFINITION = "42P17"
UNDEFINED_FUNCTION = "42883"
SYNTAX_ERROR = "42601"
CSTRING, OID, INT4, CSTRING_ARRAY, BYTEA, BOOL, INTERNAL = 2275, 26, 23, 1263, 17, 16, 2281
PG_PROC = 1255
SUPPORT_OPTIONS = {"receive": "typreceive", "send": "typsend", "typmod_in": "typmodin",
                   "typmod_out": "typmodout", "analyze": "typanalyze",
                   "subscript": "typsubscript"}
DEFAULT_COLLATION = 100
_RAW_ARRAY_SUBSCRIPT_HANDLER = 6180
_OPTIONS = ("like", "internallength", "input", "output", "receive", "send", "typmod_in",
            "typmod_out", "analyze", "subscript", "alignment", "storage", "category",
            "preferred", "delimiter", "element", "default", "passedbyvalue", "collatable")
_ALIGNMENTS = {"double": "d", "float8": "d", "pg_catalog.float8": "d", "int4": "i",
               "pg_catalog.int4": "i", "int2": "s", "pg_catalog.int2": "s", "char": "c",
               "pg_catalog.bpchar": "c"}
_STORAGES = {"plain": "p", "external": "e", "extended": "x", "main": "m"}


def make_shell(namespace: int, name: str) -> int:
    """TypeShellMake: the shell's pg_type row; its OID."""
    oid = type_commands._new_oid()
    type_commands.insert_type_rows(
        oid=oid, array_oid=0, name=name, namespace=namespace, typtype="p", category="P",
        typlen=4, typbyval=True, typalign="i", typstorage="p",
        io=("shell_in", "shell_out", 0, 0), defined=False)
    return oid


def _names(element: dict) -> list[str]:
    arg = element.get("arg")
    if arg is None:
        raise PgError(SYNTAX_ERROR, f'{element["defname"]} requires a parameter')
    if "TypeName" in arg:
        return [n["String"]["sval"] for n in arg["TypeName"]["names"]]
    if "List" in arg:
        return [n["String"]["sval"] for n in arg["List"]["items"]]
    return [def_elem.def_get_string(element)]


def _boolean(element: dict) -> bool:
    """defGetBoolean: no value is true; true / false / on / off / 1 / 0."""
    if element.get("arg") is None:
        return True
    text = def_elem.def_get_string(element).lower()
    if text in ("true", "on", "1"):
        return True
    if text in ("false", "off", "0"):
        return False
    raise PgError(SYNTAX_ERROR, f'{element["defname"]} requires a Boolean value')


def _options(definition: list, raw) -> dict:
    found: dict = {}
    for item in definition:
        element = item["DefElem"]
        name = element["defname"]
        if name not in _OPTIONS:
            notices.emit(SYNTAX_ERROR, f'type attribute "{name}" not recognized',
                         severity="WARNING", position=_position(raw, element))
            continue
        if name in found:
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options",
                          position=_position(raw, element))
        found[name] = element
    return found


def _position(raw, element: dict):
    location = element.get("location", -1)
    if location is None or location < 0 or raw is None or raw.source is None:
        return None
    return raw.source.char_offset(location) + 1


def _type_oid(element: dict) -> int:
    from pgsnake.commands.table_commands import resolve_type_name
    return resolve_type_name({"names": [{"String": {"sval": n}} for n in _names(element)]})[0]


def _signature(names: list[str], types: list[int]) -> str:
    return f"{'.'.join(names)}({', '.join(registry.format_type(t) for t in types)})"


def _function(names: list[str], signatures: list[list[int]]):
    """The pg_proc row of the first signature that exists, or 42883 naming the first."""
    for arg_types in signatures:
        oid = lookup_functions.function_with_args(names, arg_types)
        if oid is not None:
            return lookup_functions.proc_row(oid)
    raise PgError(UNDEFINED_FUNCTION, f"function {_signature(names, signatures[0])} "
                                      "does not exist")


def _input_function(names: list[str], type_oid: int, type_name: str):
    row = _function(names, [[CSTRING], [CSTRING, OID, INT4]])
    if row.prorettype != type_oid:
        raise PgError(INVALID_OBJECT_DEFINITION, f"type input function {'.'.join(names)} "
                                                 f"must return type {type_name}")
    return row


def _output_function(names: list[str], type_oid: int):
    row = _function(names, [[type_oid]])
    if row.prorettype != CSTRING:
        raise PgError(INVALID_OBJECT_DEFINITION, f"type output function {'.'.join(names)} "
                                                 "must return type cstring")
    return row


def _returning(row, names: list[str], result: int, what: str):
    if row.prorettype != result:
        raise PgError(INVALID_OBJECT_DEFINITION, f"{what} function {'.'.join(names)} "
                      f"must return type {registry.format_type(result)}")
    return row


def support_function(option: str, names: list[str], type_oid: int) -> int:
    """The OID of a type's RECEIVE / SEND / TYPMOD_IN / TYPMOD_OUT / ANALYZE / SUBSCRIPT
    function as findTypeReceiveFunction & co. find and check it."""
    if option == "receive":
        row = _function(names, [[INTERNAL], [INTERNAL, OID, INT4]])
        return _returning(row, names, type_oid, "type receive").oid
    if option == "send":
        return _returning(_function(names, [[type_oid]]), names, BYTEA, "type send").oid
    if option == "typmod_in":
        return _returning(_function(names, [[CSTRING_ARRAY]]), names, INT4, "typmod_in").oid
    if option == "typmod_out":
        return _returning(_function(names, [[INT4]]), names, CSTRING, "typmod_out").oid
    if option == "analyze":
        return _returning(_function(names, [[INTERNAL]]), names, BOOL,
                          "type analyze").oid
    return _returning(_function(names, [[INTERNAL]]), names, INTERNAL,
                      "type subscripting").oid


def execute_define_type(node: dict, raw) -> str:
    names = [n["String"]["sval"] for n in node["defnames"]]
    namespace, name = type_commands.type_target(names)
    from pgsnake.commands import role_commands
    if not role_commands.is_superuser():            # (a shell too)
        raise PgError("42501", "must be superuser to create a base type")
    definition = node.get("definition")
    if definition is None:
        type_commands.check_new_type_name(namespace, name)
        make_shell(namespace, name)
        type_commands.done()
        return "CREATE TYPE"
    shell = cc.lookup_type_row(name, namespace)
    if shell is None:
        raise PgError(DUPLICATE_OBJECT, f'type "{name}" does not exist',
                      hint="Create the type as a shell type, then create its I/O functions, "
                           "then do a full CREATE TYPE.")
    if shell.typisdefined:
        raise PgError(DUPLICATE_OBJECT, f'type "{name}" already exists')
    options = _options(definition, raw)
    attributes = _attributes(options)
    if "input" not in options:
        raise PgError(INVALID_OBJECT_DEFINITION, "type input function must be specified")
    if "output" not in options:
        raise PgError(INVALID_OBJECT_DEFINITION, "type output function must be specified")
    input_row = _input_function(_names(options["input"]), shell.oid, name)
    output_row = _output_function(_names(options["output"]), shell.oid)
    functions = [input_row.oid, output_row.oid]
    support = {}
    for option, column in SUPPORT_OPTIONS.items():
        if option in options:
            support[column] = support_function(option, _names(options[option]), shell.oid)
            functions.append(support[column])
    if "typsubscript" not in support and attributes["element"]:
        if attributes["typlen"] > 0 and not attributes["typbyval"] and \
                cc.get_type_row(attributes["element"]).typlen > 0:
            support["typsubscript"] = _RAW_ARRAY_SUBSCRIPT_HANDLER
        else:
            raise PgError(INVALID_PARAMETER_VALUE, "element type cannot be specified "
                                                   "without a subscripting function")
    _check_by_value(attributes)
    catalog_writes.delete_rows("pg_type", lambda r: r.oid == shell.oid)
    dependency.delete_dependencies(d.PG_TYPE_OID, shell.oid)
    type_commands.insert_type_rows(
        oid=shell.oid, array_oid=type_commands._new_oid(), name=name, namespace=namespace,
        typtype="b", category=attributes["category"], typlen=attributes["typlen"],
        typbyval=attributes["typbyval"], typalign=attributes["typalign"],
        typstorage=attributes["typstorage"],
        io=(input_row.oid, output_row.oid, support.pop("typreceive", 0),
            support.pop("typsend", 0)), default=attributes["default"],
        collation=DEFAULT_COLLATION if attributes["collatable"] else 0,
        extra=dict(support, typispreferred=attributes["preferred"],
                   typdelim=attributes["delimiter"], typelem=attributes["element"]))
    new_type = dependency.ObjectAddress(d.PG_TYPE_OID, shell.oid)
    for function in functions:
        dependency.record(new_type, dependency.ObjectAddress(PG_PROC, function),
                          dependency.NORMAL)
    type_commands.done()
    return "CREATE TYPE"


def _attributes(options: dict) -> dict:
    """The row's storage attributes and flags from LIKE and the explicit options."""
    found = dict(typlen=-1, typbyval=False, typalign="i", typstorage="p", category="U",
                 preferred=False, delimiter=",", element=0, default=None, collatable=False)
    if "like" in options:
        like = cc.get_type_row(_type_oid(options["like"]))
        found.update(typlen=like.typlen, typbyval=like.typbyval, typalign=like.typalign,
                     typstorage=like.typstorage)
    if "internallength" in options:
        text = def_elem.def_get_string(options["internallength"])
        found["typlen"] = -1 if text.lower() == "variable" else int(text)
    if "passedbyvalue" in options:
        found["typbyval"] = _boolean(options["passedbyvalue"])
    if "alignment" in options:
        text = ".".join(_names(options["alignment"])).lower()
        if text not in _ALIGNMENTS:
            raise PgError(INVALID_PARAMETER_VALUE, f'alignment "{text}" not recognized')
        found["typalign"] = _ALIGNMENTS[text]
    if "storage" in options:
        text = ".".join(_names(options["storage"])).lower()
        if text not in _STORAGES:
            raise PgError(INVALID_PARAMETER_VALUE, f'storage "{text}" not recognized')
        found["typstorage"] = _STORAGES[text]
    if "category" in options:
        text = def_elem.def_get_string(options["category"])
        if not text or not 32 <= ord(text[0]) <= 126:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'invalid type category "{text}": must be simple ASCII')
        found["category"] = text[0]
    if "preferred" in options:
        found["preferred"] = _boolean(options["preferred"])
    if "delimiter" in options:
        found["delimiter"] = def_elem.def_get_string(options["delimiter"])[:1]
    if "element" in options:
        found["element"] = _type_oid(options["element"])
    if "default" in options:
        found["default"] = def_elem.def_get_string(options["default"])
    if "collatable" in options:
        found["collatable"] = _boolean(options["collatable"])
    return found


def _check_by_value(found: dict) -> None:
    """A by-value type is 1, 2, 4 or 8 bytes and aligned to its size; a fixed-size type
    is stored plain."""
    length, alignment = found["typlen"], found["typalign"]
    if found["typbyval"]:
        if length not in (1, 2, 4, 8):
            raise PgError(INVALID_OBJECT_DEFINITION,
                          f"internal size {length} is invalid for passed-by-value type")
        expected = {1: "c", 2: "s", 4: "i", 8: "d"}[length]
        if alignment != expected:
            raise PgError(INVALID_OBJECT_DEFINITION, f'alignment "{alignment}" is invalid '
                                                     f"for passed-by-value type of size {length}")
    elif length == -1 and alignment not in ("i", "d"):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f'alignment "{alignment}" is invalid for variable-length type')
    if length != -1 and found["typstorage"] != "p":
        raise PgError(INVALID_OBJECT_DEFINITION, "fixed-size types must have storage PLAIN")


define_statement.register_kind("OBJECT_TYPE", execute_define_type)
