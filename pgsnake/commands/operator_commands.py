"""CREATE OPERATOR.

The definition list is read as DefineOperator reads it (LEFTARG, RIGHTARG, FUNCTION or
PROCEDURE, COMMUTATOR, NEGATOR, RESTRICT, JOIN, HASHES, MERGES and the old SORT1 / SORT2
/ LTCMP / GTCMP, which mean MERGES; an unknown attribute is a WARNING), then checked in
OperatorCreate's order with its messages: a function and a right argument are required
(postfix operators are gone in PostgreSQL 14), only binary operators may have a
commutator, join estimator, MERGES or HASHES, only boolean ones a negator, estimators,
MERGES or HASHES, the operator must not exist already (a shell of the same name and
types is filled in), an operator cannot be its own negator. A COMMUTATOR or NEGATOR
that does not exist yet is made as a shell (catalog/operator_creation.py), and existing
ones are linked back. pl/user_operators.py makes the parser find the new operator.

Where we differ: the estimators and MERGES / HASHES are recorded only (pgsnake's
planner estimates user operators with its defaults and never hashes or merge-joins
them).

ALTER OPERATOR ... SET SCHEMA / SET (RESTRICT, JOIN), and (in owner_commands /
comment_commands) OWNER TO and COMMENT ON OPERATOR, find the operator through
lookup_operator (drop_other_objects' LookupOperWithArgs).

Entry points: execute_create_operator(node, raw) (DefineStmt's OBJECT_OPERATOR, through
define_statement.py), execute_alter_operator (AlterOperatorStmt),
set_operator_schema (from type_commands' SET SCHEMA dispatch),
lookup_operator(object_with_args) -> oid.

PostgreSQL: commands/operatorcmds.c (DefineOperator, ValidateRestrictionEstimator,
ValidateJoinEstimator), catalog/pg_operator.c (OperatorCreate, get_other_operator).
"""
from __future__ import annotations

from pgsnake.utils import def_elem
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import lookup_functions, object_permissions, operator_creation
from pgsnake.catalog.operator_creation import OperatorDefinition
from pgsnake.commands import define_statement, utility_statement
from pgsnake.commands.table_commands import resolve_type_name
from pgsnake.datatypes import registry
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

INVALID_FUNCTION_DEFINITION = "42P13"
UNDEFINED_FUNCTION = "42883"
BOOL, FLOAT8, INTERNAL, OID, INT2, INT4 = 16, 701, 2281, 26, 21, 23
_KNOWN = {"leftarg", "rightarg", "procedure", "function", "commutator", "negator",
          "restrict", "join", "hashes", "merges", "sort1", "sort2", "ltcmp", "gtcmp"}


def _strings(items) -> list[str]:
    return [i["String"]["sval"] for i in items]


def _names(arg, attribute: str = "function") -> list[str]:
    return def_elem.qualified_name(arg, attribute)


def _flag(name: str, arg) -> bool:
    if arg is None:
        return True
    if "Boolean" in arg:
        return bool(arg["Boolean"].get("boolval"))
    if "Integer" in arg and arg["Integer"].get("ival", 0) in (0, 1):
        return bool(arg["Integer"].get("ival", 0))
    text = _names(arg)[-1].lower() if "Integer" not in arg else ""
    if text in ("true", "on"):
        return True
    if text in ("false", "off"):
        return False
    raise PgError("42601", f"{name} requires a Boolean value")


def _signature(names: list[str], types: list[int]) -> str:
    return f"{'.'.join(names)}({', '.join(registry.format_type(t) for t in types)})"


def _function(names: list[str], arg_types: list[int]):
    """LookupFuncName: the function named `names` taking exactly `arg_types`."""
    if len(names) > 1 and cc.get_namespace_oid(names[-2]) is None:
        raise PgError("3F000", f'schema "{names[-2]}" does not exist')
    oid = lookup_functions.function_with_args(names, arg_types)
    if oid is None:
        raise PgError(UNDEFINED_FUNCTION, f"function {_signature(names, arg_types)} does not exist")
    return lookup_functions.proc_row(oid)


def _estimator(names: list[str], signatures: list[list[int]], what: str) -> int:
    """ValidateRestrictionEstimator / ValidateJoinEstimator."""
    row = None
    for arg_types in signatures:
        if len(names) > 1 and cc.get_namespace_oid(names[-2]) is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
        oid = lookup_functions.function_with_args(names, arg_types)
        if oid is not None:
            row = lookup_functions.proc_row(oid)
            break
    if row is None:
        raise PgError(UNDEFINED_FUNCTION,
                      f"function {_signature(names, signatures[0])} does not exist")
    if row.prorettype != FLOAT8:
        raise PgError("42P17", f"{what} estimator function {'.'.join(names)} must return "
                               "type double precision")
    object_permissions.check_function_execute(row.oid)
    return row.oid


def _namespace_of(names: list[str]) -> int:
    if len(names) > 1:
        namespace = cc.get_namespace_oid(names[-2])
        if namespace is None:
            raise PgError("3F000", f'schema "{names[-2]}" does not exist')
        return namespace
    return cc.creation_namespace()


def _type(arg) -> int:
    type_name = arg["TypeName"] if "TypeName" in arg else \
        {"names": [{"String": {"sval": n}} for n in _names(arg)]}
    return resolve_type_name(type_name)[0]


def execute_create_operator(node: dict, raw) -> str:
    names = _strings(node["defnames"])
    namespace = _namespace_of(names)
    object_permissions.check_namespace_create(namespace)    # DefineOperator checks it first
    name = names[-1]
    definition: dict = {}
    procedure_word = "function"
    for item in node.get("definition", ()):
        element = item["DefElem"]
        key = element["defname"]        # compared exactly, as DefineOperator does
        arg = element.get("arg")
        if key in ("leftarg", "rightarg") and arg is not None and \
                arg.get("TypeName", {}).get("setof"):
            raise PgError("42P13", "SETOF type not allowed for operator argument")
        if key not in _KNOWN:
            notices.emit("42601", f'operator attribute "{element["defname"]}" not recognized',
                         severity="WARNING")
            continue
        if key in ("function", "procedure"):
            procedure_word, key = key, "procedure"
        if key in ("sort1", "sort2", "ltcmp", "gtcmp"):
            key, arg = "merges", None
        definition[key] = arg
    if definition.get("procedure") is None:
        raise PgError(INVALID_FUNCTION_DEFINITION, "operator function must be specified")
    left = _type(definition["leftarg"]) if definition.get("leftarg") is not None else 0
    right = _type(definition["rightarg"]) if definition.get("rightarg") is not None else 0
    if not left and not right:
        raise PgError(INVALID_FUNCTION_DEFINITION, "operator argument types must be specified")
    if not right:
        raise PgError(INVALID_FUNCTION_DEFINITION,
                      "operator right argument type must be specified",
                      detail="Postfix operators are not supported.")
    function = _function(_names(definition["procedure"], procedure_word),
                         [t for t in (left, right) if t])
    object_permissions.check_function_execute(function.oid)
    restrict = _estimator(_names(definition["restrict"], "restrict"),
                          [[INTERNAL, OID, INTERNAL, INT4]],
                          "restriction") if definition.get("restrict") is not None else 0
    join = _estimator(_names(definition["join"], "join"),
                      [[INTERNAL, OID, INTERNAL, INT2, INTERNAL], [INTERNAL, OID, INTERNAL, INT2]],
                      "join") if definition.get("join") is not None else 0
    can_merge = _flag("merges", definition["merges"]) if "merges" in definition else False
    can_hash = _flag("hashes", definition["hashes"]) if "hashes" in definition else False
    commutator = _names(definition["commutator"], "commutator") \
        if definition.get("commutator") else None
    negator = _names(definition["negator"], "negator") if definition.get("negator") else None
    _create(OperatorDefinition(name, namespace, left, right, function.prorettype, function.oid,
                               restrict, join, can_merge, can_hash), commutator, negator)
    return "CREATE OPERATOR"


def _create(o: OperatorDefinition, commutator: list[str] | None,
            negator: list[str] | None) -> None:
    """OperatorCreate's checks, then the rows."""
    if not o.left:
        for given, message in ((commutator, "only binary operators can have commutators"),
                               (o.join, "only binary operators can have join selectivity"),
                               (o.can_merge, "only binary operators can merge join"),
                               (o.can_hash, "only binary operators can hash")):
            if given:
                raise PgError(INVALID_FUNCTION_DEFINITION, message)
    if o.result != BOOL:
        for given, message in (
                (negator, "only boolean operators can have negators"),
                (o.restrict, "only boolean operators can have restriction selectivity"),
                (o.join, "only boolean operators can have join selectivity"),
                (o.can_merge, "only boolean operators can merge join"),
                (o.can_hash, "only boolean operators can hash")):
            if given:
                raise PgError(INVALID_FUNCTION_DEFINITION, message)
    existing = operator_creation.find_operator(o.name, o.namespace, o.left, o.right)
    if existing is not None and existing.oprcode:
        raise PgError("42723", f"operator {o.name} already exists")
    object_permissions.check_namespace_create(o.namespace)
    if commutator is not None:
        o.commutator = _other(commutator, o.right, o.left, o, True)
        o.self_commutator = not o.commutator
    if negator is not None:
        o.negator = _other(negator, o.left, o.right, o, False)
    operator_creation.create_operator(o, existing.oid if existing is not None else None)


def _other(names: list[str], left: int, right: int, o: OperatorDefinition,
           is_commutator: bool) -> int:
    """get_other_operator: the commutator / negator's OID, 0 for the operator itself (a
    commutator only), a new shell when there is none."""
    namespace = _namespace_of(names)
    row = operator_creation.find_operator(names[-1], namespace, left, right) \
        if len(names) > 1 else _visible_operator(names[-1], left, right)
    if row is not None:
        return row.oid
    if left == o.left and right == o.right and names[-1] == o.name and namespace == o.namespace:
        if not is_commutator:
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "operator cannot be its own negator or sort operator")
        return 0
    object_permissions.check_namespace_create(namespace)
    return operator_creation.make_shell(names[-1], namespace, left, right)


def _visible_operator(name: str, left: int, right: int):
    """OpernameGetOprid for an unqualified name: the first schema of the path that has
    it."""
    rows = [r for r in lookup_functions._operators()["by_name"].get(name, [])
            if r.oprleft == left and r.oprright == right]
    for namespace in cc.function_search_path():
        for row in rows:
            if row.oprnamespace == namespace:
                return row
    return None


# ---------------------------------------------------------------------------------------
# Finding an operator by name and argument types; ALTER OPERATOR

def lookup_operator(object_with_args: dict) -> int:
    """LookupOperWithArgs: the OID of the operator an ObjectWithArgs names (42883)."""
    from pgsnake.commands import drop_other_objects
    try:
        return drop_other_objects.operator_address({"ObjectWithArgs": object_with_args}).objid
    except drop_other_objects.Missing as missing:
        raise PgError(missing.sqlstate, missing.error) from None


def _owned_operator(object_with_args: dict):
    from pgsnake.catalog import acl
    from pgsnake.utils import process_state
    row = lookup_functions.operator_row(lookup_operator(object_with_args))
    if not process_state.is_superuser and \
            not acl.has_privs_of_role(process_state.user_oid, row.oprowner):
        raise PgError("42501", f"must be owner of operator {row.oprname}")
    return row


def _operator_changed() -> None:
    from pgsnake.access.transam import xact
    from pgsnake.catalog import invalidation
    invalidation.note_catalog_change()
    xact.command_counter_increment()


def set_operator_schema(node: dict) -> str:
    """ALTER OPERATOR ... SET SCHEMA (AlterObjectNamespace_internal)."""
    from pgsnake.catalog import catalog_writes, temp_namespace
    from pgsnake.catalog import definitions as d
    schema = node["newschema"]
    if schema == "pg_temp" or temp_namespace.is_temp_namespace_name(schema):
        raise PgError("0A000", "cannot move objects into or out of temporary schemas")
    namespace = cc.get_namespace_oid(schema)
    if namespace is None:
        raise PgError("3F000", f'schema "{schema}" does not exist')
    object_permissions.check_namespace_create(namespace)    # LookupCreationNamespace
    row = _owned_operator(node["object"]["ObjectWithArgs"])
    if namespace == row.oprnamespace:
        return "ALTER OPERATOR"
    if operator_creation.find_operator(row.oprname, namespace, row.oprleft, row.oprright):
        left = f"{registry.format_type(row.oprleft)}," if row.oprleft else "NONE,"
        raise PgError("42723", f"operator {row.oprname}({left}"
                               f"{registry.format_type(row.oprright)}) already exists in "
                               f'schema "{schema}"')
    catalog_writes.update_rows("pg_operator", lambda r: r.oid == row.oid, oprnamespace=namespace)
    catalog_writes.update_rows("pg_depend", lambda r: r.classid == operator_creation.PG_OPERATOR
                               and r.objid == row.oid and r.refclassid == d.PG_NAMESPACE_OID,
                               refobjid=namespace)
    _operator_changed()
    return "ALTER OPERATOR"


def execute_alter_operator(node: dict, raw) -> str:
    """ALTER OPERATOR ... SET (RESTRICT = ..., JOIN = ...) (AlterOperator)."""
    from pgsnake.catalog import catalog_writes, dependency
    row = _owned_operator(node["opername"])
    changes = {}
    for item in node.get("options", ()):
        element = item["DefElem"]
        key = element["defname"].lower()
        arg = element.get("arg")
        if key not in ("restrict", "join"):
            raise PgError("42601", f'operator attribute "{element["defname"]}" cannot be changed')
        if arg is None:
            changes[key] = 0          # NONE
        elif key == "restrict":
            changes[key] = _estimator(_names(arg), [[INTERNAL, OID, INTERNAL, INT4]],
                                      "restriction")
        else:
            changes[key] = _estimator(_names(arg), [[INTERNAL, OID, INTERNAL, INT2, INTERNAL],
                                                    [INTERNAL, OID, INTERNAL, INT2]], "join")
    if row.oprresult != BOOL:
        if changes.get("restrict"):
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "only boolean operators can have restriction selectivity")
        if changes.get("join"):
            raise PgError(INVALID_FUNCTION_DEFINITION,
                          "only boolean operators can have join selectivity")
    columns = {"oprrest" if k == "restrict" else "oprjoin": v for k, v in changes.items()}
    if columns:
        catalog_writes.update_rows("pg_operator", lambda r: r.oid == row.oid, **columns)
        this = dependency.ObjectAddress(operator_creation.PG_OPERATOR, row.oid)
        for column, old in (("oprrest", row.oprrest), ("oprjoin", row.oprjoin)):
            if column in columns and old != columns[column]:
                if old:
                    catalog_writes.delete_rows("pg_depend", lambda r: r.classid == this.classid
                                               and r.objid == row.oid and r.refobjid == old
                                               and r.refclassid == operator_creation.PG_PROC)
                if columns[column]:
                    dependency.record(this, dependency.ObjectAddress(
                        operator_creation.PG_PROC, columns[column]), dependency.NORMAL)
        _operator_changed()
    return "ALTER OPERATOR"


define_statement.register_kind("OBJECT_OPERATOR", execute_create_operator)
utility_statement.register("AlterOperatorStmt", "ALTER OPERATOR", execute_alter_operator)
