"""CREATE CAST (source AS target) WITH FUNCTION f(...) | WITHOUT FUNCTION | WITH INOUT
[AS ASSIGNMENT | AS IMPLICIT].

CreateCast's checks, in its order and with its messages: neither type a pseudo-type,
the user owns one of them, a WARNING when either is a domain (its casts are never
used), the function's shape (one to three arguments, the first binary-coercible from
the source, then integer and boolean; a result binary-coercible to the target; a plain
function not returning a set), WITHOUT FUNCTION only for superusers and physically
compatible types, the same type only with a length-coercion function, and no cast
already there. The row is written by catalog/cast_creation.py; pl/user_casts.py makes
the coercion code use it (CAST / ::, assignments in context 'a', implicit coercions of
operator and function arguments in context 'i').

Entry point: execute_create_cast(node, raw).

PostgreSQL: commands/functioncmds.c (CreateCast), catalog/pg_cast.c (CastCreate).
"""
from __future__ import annotations

from pgsnake.catalog import cast_creation, lookup_functions, object_permissions
from pgsnake.catalog import catalog_cache as cc
from pgsnake.commands import utility_statement
from pgsnake.commands.table_commands import resolve_type_name
from pgsnake.datatypes import registry
from pgsnake.datatypes.catalog_facts import CASTS
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import PgError

INVALID_OBJECT_DEFINITION = "42P17"
WRONG_OBJECT_TYPE = "42809"
INT4, BOOL = 23, 16
_CONTEXTS = {"COERCION_IMPLICIT": "i", "COERCION_ASSIGNMENT": "a", "COERCION_EXPLICIT": "e"}


def _binary_coercible(source: int, target: int) -> bool:
    """IsBinaryCoercible: the same type, a domain's base type, or a binary pg_cast."""
    if source == target:
        return True
    row = cc.get_type_row(source) if source >= 16384 else None
    if row is not None and row.typtype == "d":
        return _binary_coercible(row.typbasetype, target)
    if any(s == source and t == target and method == "b" for s, t, _c, method, _f in CASTS):
        return True
    user = cast_creation.user_cast(source, target)
    return user is not None and user.castmethod == "b"


def _type_row(oid: int):
    row = cc.get_type_row(oid)
    if row is None:
        raise PgError("XX000", f"cache lookup failed for type {oid}")
    return row


def _owns(type_row) -> bool:
    from pgsnake.catalog import acl
    return process_state.is_superuser or \
        acl.has_privs_of_role(process_state.user_oid, type_row.typowner)


def _function(node: dict, source: int, target: int):
    from pgsnake.commands import grant_commands
    oid = grant_commands.lookup_function(node["func"], "OBJECT_FUNCTION")
    row = lookup_functions.proc_row(oid)
    nargs = row.pronargs
    if nargs < 1 or nargs > 3:
        raise PgError(INVALID_OBJECT_DEFINITION, "cast function must take one to three arguments")
    if not _binary_coercible(source, row.proargtypes[0]):
        raise PgError(INVALID_OBJECT_DEFINITION, "argument of cast function must match or be "
                                                 "binary-coercible from source data type")
    if nargs > 1 and row.proargtypes[1] != INT4:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "second argument of cast function must be type integer")
    if nargs > 2 and row.proargtypes[2] != BOOL:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "third argument of cast function must be type boolean")
    if not _binary_coercible(row.prorettype, target):
        raise PgError(INVALID_OBJECT_DEFINITION, "return data type of cast function must "
                                                 "match or be binary-coercible to target "
                                                 "data type")
    if row.prokind != "f":
        raise PgError(INVALID_OBJECT_DEFINITION, "cast function must be a normal function")
    if row.proretset:
        raise PgError(INVALID_OBJECT_DEFINITION, "cast function must not return a set")
    return row


def _check_binary(source_row, target_row) -> None:
    """WITHOUT FUNCTION: superuser only, physically compatible plain types."""
    if not process_state.is_superuser:
        raise PgError("42501", "must be superuser to create a cast WITHOUT FUNCTION")
    if (source_row.typlen, source_row.typbyval, source_row.typalign) != \
            (target_row.typlen, target_row.typbyval, target_row.typalign):
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "source and target data types are not physically compatible")
    for row in (source_row, target_row):
        if row.typtype == "c":
            raise PgError(INVALID_OBJECT_DEFINITION,
                          "composite data types are not binary-compatible")
        if row.typtype == "e":
            raise PgError(INVALID_OBJECT_DEFINITION, "enum data types are not binary-compatible")
        if row.typcategory == "A" and row.typelem:
            raise PgError(INVALID_OBJECT_DEFINITION, "array data types are not binary-compatible")
    if source_row.typtype == "d" or target_row.typtype == "d":
        raise PgError(INVALID_OBJECT_DEFINITION, "domain data types must not be marked "
                                                 "binary-compatible")


def execute_create_cast(node: dict, raw) -> str:
    source = resolve_type_name(node["sourcetype"])[0]
    target = resolve_type_name(node["targettype"])[0]
    source_row, target_row = _type_row(source), _type_row(target)
    if source_row.typtype == "p":
        raise PgError(WRONG_OBJECT_TYPE,
                      f"source data type {registry.format_type(source)} is a pseudo-type")
    if target_row.typtype == "p":
        raise PgError(WRONG_OBJECT_TYPE,
                      f"target data type {registry.format_type(target)} is a pseudo-type")
    if not _owns(source_row) and not _owns(target_row):
        raise PgError("42501", f"must be owner of type {registry.format_type(source)} or type "
                               f"{registry.format_type(target)}")
    if source_row.typtype == "d":
        notices.emit(WRONG_OBJECT_TYPE, "cast will be ignored because the source data type "
                                        "is a domain", severity="WARNING")
    elif target_row.typtype == "d":
        notices.emit(WRONG_OBJECT_TYPE, "cast will be ignored because the target data type "
                                        "is a domain", severity="WARNING")
    function, nargs = 0, 0
    if node.get("func") is not None:
        row = _function(node, source, target)
        object_permissions.check_function_execute(row.oid)
        function, nargs, method = row.oid, row.pronargs, "f"
    elif node.get("inout"):
        method = "i"
    else:
        _check_binary(source_row, target_row)
        method = "b"
    if source == target and nargs < 2:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      "source data type and target data type are the same")
    context = _CONTEXTS[node.get("context", "COERCION_EXPLICIT")]
    exists = any(s == source and t == target for s, t, *_rest in CASTS) or \
        cast_creation.user_cast(source, target) is not None or \
        any(r.castsource == source and r.casttarget == target
            for r in cc.scan_catalog("pg_cast"))
    if exists:
        raise PgError("42710", f"cast from type {registry.format_type(source)} to type "
                               f"{registry.format_type(target)} already exists")
    cast_creation.create_cast(source, target, function, context, method)
    return "CREATE CAST"


utility_statement.register("CreateCastStmt", "CREATE CAST", execute_create_cast)
