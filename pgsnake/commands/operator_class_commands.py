"""CREATE OPERATOR FAMILY, CREATE OPERATOR CLASS, ALTER OPERATOR FAMILY ... ADD / DROP,
and ALTER OPERATOR CLASS / FAMILY ... RENAME TO / OWNER TO / SET SCHEMA.

A statement's items become members (operators to pg_amop, support functions to
pg_amproc) after PostgreSQL's checks, in its order: the strategy or support number
against the access method's amstrategies / amsupport, the operator (binary; returning
boolean unless FOR ORDER BY, which only GiST and SP-GiST allow) or function (the
btree / hash support functions' signatures; the options function's), the member's
left / right types (from the operator or function, else the class's input type), no
number twice for the same types, and with ADD none that the family has already. Then
the access method decides which members are hard (internal to their class, so they go
with it) and which soft (auto members of the family): `_adjust_members`, after
btadjustmembers, hashadjustmembers, gistadjustmembers, ginadjustmembers and
spgadjustmembers (BRIN keeps the default: hard with CREATE OPERATOR CLASS, soft with
ALTER OPERATOR FAMILY ... ADD). The rows and their pg_depend rows are written by
catalog/operator_class_creation.py; DROP OPERATOR CLASS / FAMILY is
drop_other_objects.py's, ALTER ... DROP removes the members through dependent_objects.

These commands need a superuser, as in PostgreSQL (they cannot be validated).

Entry points: execute_create_family, execute_create_class, execute_alter_family
(registered utility statements), rename, alter_owner, set_schema (called by the
generic ALTER dispatchers).

PostgreSQL: commands/opclasscmds.c (DefineOpClass, DefineOpFamily, AlterOpFamilyAdd /
Drop, processTypesSpec, assignOperTypes, assignProcTypes, addFamilyMember,
storeOperators, storeProcedures, dropOperators, dropProcedures), the access methods'
amadjustmembers, commands/alter.c (AlterObjectRename_internal,
AlterObjectNamespace_internal, AlterObjectOwner_internal), commands/amcmds.c
(get_am_type_oid).
"""
from __future__ import annotations

import dataclasses

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, dependency, object_permissions
from pgsnake.catalog import operator_class_creation as opclasses
from pgsnake.commands import drop_other_objects, utility_statement
from pgsnake.datatypes import registry
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

INVALID_OBJECT_DEFINITION, DUPLICATE_OBJECT, UNDEFINED_OBJECT = "42P17", "42710", "42704"
SYNTAX_ERROR = "42601"
BTREE, HASH, GIST, GIN, SPGIST, BRIN = 403, 405, 783, 2742, 4000, 3580
BOOL, INT4, INT8, INTERNAL, VOID = 16, 23, 20, 2281, 2278
SHRT_MAX = 32767
OPERATOR_ITEM, FUNCTION_ITEM, STORAGE_ITEM = 1, 2, 3


@dataclasses.dataclass(frozen=True)
class _Method:
    """What an index access method's IndexAmRoutine tells these commands."""
    strategies: int            # amstrategies (0: any number up to SHRT_MAX)
    support: int               # amsupport
    options_proc: int          # amoptsprocnum
    order_by_operators: bool   # amcanorderbyop
    storage: bool              # amstorage (the stored type may differ from the input)
    required_procs: frozenset[int] | None = None   # amadjustmembers' hard functions
    soft_operators: bool = False                   # its operators are always soft


_METHODS = {
    BTREE: _Method(5, 5, 5, False, False),
    HASH: _Method(1, 3, 3, False, False),
    GIST: _Method(0, 11, 10, True, True, frozenset({1, 2, 5, 6, 7}), True),
    GIN: _Method(0, 7, 7, False, True, frozenset({2, 3}), True),
    SPGIST: _Method(0, 7, 7, True, True, frozenset({1, 2, 3, 4, 5}), True),
    BRIN: _Method(0, 15, 5, False, True),
}


@dataclasses.dataclass
class _Member:
    """OpFamilyMember: one operator or support function of a statement."""
    is_function: bool
    number: int
    object: int = 0
    left: int = 0
    right: int = 0
    sort_family: int = 0
    hard: bool = True          # internal to what it belongs to (else auto)
    opclass: int = 0           # the class it belongs to (0: the family)


def _strings(items) -> list[str]:
    return [item["String"]["sval"] for item in items or ()]


def _index_method(name: str) -> tuple[int, _Method]:
    """get_index_am_oid: the index access method `name`."""
    row = next((r for r in cc.scan_catalog("pg_am") if r.amname == name), None)
    if row is None:
        raise PgError(UNDEFINED_OBJECT, f'access method "{name}" does not exist')
    if row.amtype != "i" or row.oid not in _METHODS:
        raise PgError("55000", f'access method "{name}" is not of type INDEX')
    return row.oid, _METHODS[row.oid]


def _require_superuser(what: str) -> None:
    if not process_state.is_superuser:
        raise PgError("42501", f"must be superuser to {what}")


def _family(method: int, method_name: str, names: list[str]) -> int:
    try:
        return drop_other_objects.operator_class_address(
            "OBJECT_OPFAMILY", method, method_name, names).objid
    except drop_other_objects.Missing as missing:
        raise PgError(missing.sqlstate, missing.error) from None


def _family_named(method: int, name: str, namespace: int):
    return next((r for r in cc.scan_catalog("pg_opfamily") if r.opfmethod == method
                 and r.opfname == name and r.opfnamespace == namespace), None)


def _create_family(method: int, method_name: str, name: str, namespace: int) -> int:
    """CreateOpFamily: the pg_opfamily row, unless the name is taken."""
    if _family_named(method, name, namespace) is not None:
        raise PgError(DUPLICATE_OBJECT, f'operator family "{name}" for access method '
                                        f'"{method_name}" already exists')
    oid = opclasses.create_family(name, method, namespace)
    dependency.record_on_current_extension(
        dependency.ObjectAddress(opclasses.PG_OPFAMILY, oid))
    opclasses.changed()
    return oid


def execute_create_family(node: dict, raw) -> str:
    """DefineOpFamily."""
    names = _strings(node["opfamilyname"])
    namespace = object_permissions.creation_namespace_checked(names)
    method, _ = _index_method(node["amname"])
    _require_superuser("create an operator family")
    _create_family(method, node["amname"], names[-1], namespace)
    return "CREATE OPERATOR FAMILY"


# ---- members ------------------------------------------------------------------------------

def _check_number(item: dict, method: _Method) -> int:
    number = item.get("number", 0)
    if item["itemtype"] == OPERATOR_ITEM:
        limit, word = method.strategies or SHRT_MAX, "operator"
    else:
        limit, word = method.support, "function"
    if number <= 0 or number > limit:
        raise PgError(INVALID_OBJECT_DEFINITION,
                      f"invalid {word} number {number}, must be between 1 and {limit}")
    return number


def _types_spec(args) -> tuple[int, int]:
    """processTypesSpec: (left, right) from one or two type names."""
    left = drop_other_objects.type_oid(args[0])
    right = drop_other_objects.type_oid(args[1]) if len(args) > 1 else left
    if len(args) > 2:
        raise PgError(SYNTAX_ERROR, "one or two argument types must be specified")
    return left, right


def _operator_member(item: dict, method_oid: int, method: _Method, input_type: int,
                     altering: bool) -> _Member:
    """An OPERATOR item: looked up (by its argument types, or in CREATE OPERATOR CLASS
    on the input type both sides), checked (assignOperTypes)."""
    from pgsnake.catalog import lookup_functions
    number = _check_number(item, method)
    spec = item["name"]
    if spec.get("objargs"):
        operator = _lookup_operator(spec)
    elif altering:
        raise PgError(SYNTAX_ERROR,
                      "operator argument types must be specified in ALTER OPERATOR FAMILY")
    else:
        try:
            operator = drop_other_objects.operator_by_types(
                _strings(spec["objname"]), input_type, input_type).objid
        except drop_other_objects.Missing as missing:
            raise PgError(missing.sqlstate, missing.error) from None
    sort_family = _family(BTREE, "btree", _strings(item["order_family"])) \
        if item.get("order_family") else 0
    row = lookup_functions.operator_row(operator)
    if row.oprkind != "b":
        raise PgError(INVALID_OBJECT_DEFINITION, "index operators must be binary")
    if sort_family:
        if not method.order_by_operators:
            raise PgError(INVALID_OBJECT_DEFINITION,
                          f'access method "{_method_name(method_oid)}" does not support '
                          f'ordering operators')
    elif row.oprresult != BOOL:
        raise PgError(INVALID_OBJECT_DEFINITION, "index search operators must return boolean")
    return _Member(False, number, operator, row.oprleft, row.oprright, sort_family)


def _lookup_operator(spec: dict) -> int:
    from pgsnake.commands import operator_commands
    return operator_commands.lookup_operator(spec)


def _method_name(method_oid: int) -> str:
    return next(r.amname for r in cc.scan_catalog("pg_am") if r.oid == method_oid)


def _function_member(item: dict, method_oid: int, method: _Method,
                     input_type: int) -> _Member:
    """A FUNCTION item: looked up, its types given or taken from its signature, checked
    (assignProcTypes)."""
    from pgsnake.catalog import lookup_functions
    from pgsnake.commands import grant_commands
    number = _check_number(item, method)
    function = grant_commands.lookup_function(item["name"])
    member = _Member(True, number, function)
    if item.get("class_args"):
        member.left, member.right = _types_spec(item["class_args"])
    row = lookup_functions.proc_row(function)
    args = list(row.proargtypes)

    def refuse(message: str, hint: str | None = None):
        raise PgError(INVALID_OBJECT_DEFINITION, message, hint=hint)
    if number == method.options_proc:
        if input_type:
            if (member.left and member.left != input_type) or \
                    (member.right and member.right != input_type):
                refuse("associated data types for operator class options parsing "
                       "functions must match opclass input type")
        elif member.left != member.right:
            refuse("left and right associated data types for operator class options "
                   "parsing functions must match")
        if row.prorettype != VOID or args != [INTERNAL]:
            refuse("invalid operator class options parsing function",
                   "Valid signature of operator class options parsing function is "
                   "(internal) RETURNS void.")
    elif method_oid in (BTREE, HASH):
        _check_signature(method_oid, member, row, args, refuse)
    member.left = member.left or input_type
    member.right = member.right or input_type
    if not member.left or not member.right:
        refuse("associated data types must be specified for index support function")
    return member


# (method, support number) -> (argument count or the exact argument types, the message
# when they differ, the result type, the message when it differs, which arguments give
# the member's left and right types when the statement does not: assignProcTypes)
_SIGNATURES = {
    (BTREE, 1): (2, "btree comparison functions must have two arguments",
                 INT4, "btree comparison functions must return integer", (0, 1)),
    (BTREE, 2): ([INTERNAL], 'btree sort support functions must accept type "internal"',
                 VOID, "btree sort support functions must return void", None),
    (BTREE, 3): (5, "btree in_range functions must have five arguments",
                 BOOL, "btree in_range functions must return boolean", (0, 2)),
    (BTREE, 4): (1, "btree equal image functions must have one argument",
                 BOOL, "btree equal image functions must return boolean", None),
    (HASH, 1): (1, "hash function 1 must have one argument",
                INT4, "hash function 1 must return integer", (0, 0)),
    (HASH, 2): (2, "hash function 2 must have two arguments",
                INT8, "hash function 2 must return bigint", (0, 0)),
}


def _check_signature(method_oid: int, member: _Member, row, args: list[int],
                     refuse) -> None:
    """The btree and hash support functions' signatures (assignProcTypes)."""
    spec = _SIGNATURES.get((method_oid, member.number))
    if spec is not None:
        arguments, arguments_message, result, result_message, _ = spec
        if (args != arguments) if isinstance(arguments, list) else len(args) != arguments:
            refuse(arguments_message)
        if row.prorettype != result:
            refuse(result_message)
    if method_oid == BTREE and member.number == 4 and member.left != member.right:
        refuse("btree equal image functions must not be cross-type")
    sides = spec[4] if spec is not None else ((0, 0) if method_oid == HASH else None)
    if sides is not None and args:
        member.left = member.left or args[sides[0]]
        member.right = member.right or args[sides[1]]


def _add_member(members: list[_Member], member: _Member) -> None:
    """addFamilyMember: a number may appear once per (left, right) types."""
    for old in members:
        if old.number == member.number and old.left == member.left and \
                old.right == member.right:
            word = "function" if member.is_function else "operator"
            raise PgError(INVALID_OBJECT_DEFINITION,
                          f"{word} number {member.number} for "
                          f"({registry.format_type(member.left)},"
                          f"{registry.format_type(member.right)}) appears more than once")
    members.append(member)


def _members(items, method_oid: int, method: _Method, input_type: int, altering: bool):
    """The statement's operators and functions, and its STORAGE type (0 if none)."""
    operators: list[_Member] = []
    functions: list[_Member] = []
    storage = 0
    for entry in items or ():
        item = entry["CreateOpClassItem"]
        if item["itemtype"] == OPERATOR_ITEM:
            _add_member(operators, _operator_member(item, method_oid, method, input_type,
                                                    altering))
        elif item["itemtype"] == FUNCTION_ITEM:
            _add_member(functions, _function_member(item, method_oid, method, input_type))
        elif altering:
            raise PgError(SYNTAX_ERROR, "STORAGE cannot be specified in ALTER OPERATOR FAMILY")
        else:
            if storage:
                raise PgError(INVALID_OBJECT_DEFINITION, "storage type specified more than once")
            storage = drop_other_objects.type_oid(item["storedtype"])
    return operators, functions, storage


def _class_for_type(family: int, type_oid: int) -> int:
    """opclass_for_family_datatype: the family's class for `type_oid`, 0 if none."""
    return next((r.oid for r in cc.scan_catalog("pg_opclass")
                 if r.opcfamily == family and r.opcintype == type_oid), 0)


def _adjust_members(method_oid: int, method: _Method, family: int, opclass: int,
                    members: list[_Member]) -> None:
    """amadjustmembers: which members are hard (go with their class) and which soft."""
    if method_oid in (BTREE, HASH):
        required = 1
        input_type = cc.scan_catalog("pg_opclass", key=("oid", opclass))[0].opcintype \
            if opclass else 0
        for member in members:
            if (member.is_function and member.number != required) or \
                    member.left != member.right:
                member.hard, member.opclass = False, 0
                continue
            if member.left != input_type:
                input_type = member.left
                opclass = _class_for_type(family, input_type)
            member.hard, member.opclass = bool(opclass), opclass
        return
    if method.required_procs is None:
        return
    for member in members:
        if member.is_function and member.number in method.required_procs:
            member.hard = True
        elif member.is_function or method.soft_operators:
            member.hard, member.opclass = False, 0


def _store(method_oid: int, family: int, family_shown: str,
           operators: list[_Member], functions: list[_Member], adding: bool) -> None:
    """storeOperators / storeProcedures (with ADD, a member the family has is 42710)."""
    for member in operators:
        if adding and _amop(family, member) is not None:
            raise PgError(DUPLICATE_OBJECT, f"operator {_member_text(member)} already "
                                            f'exists in operator family "{family_shown}"')
        opclasses.add_operator(family, method_oid, member.number, member.object,
                               member.left, member.right, "o" if member.sort_family else "s",
                               member.sort_family, member.opclass, member.hard)
    for member in functions:
        if adding and _amproc(family, member) is not None:
            raise PgError(DUPLICATE_OBJECT, f"function {_member_text(member)} already "
                                            f'exists in operator family "{family_shown}"')
        opclasses.add_function(family, member.number, member.object, member.left,
                               member.right, member.opclass, member.hard)
    opclasses.changed()


def _member_text(member: _Member) -> str:
    return (f"{member.number}({registry.format_type(member.left)},"
            f"{registry.format_type(member.right)})")


def _amop(family: int, member: _Member):
    return next((r for r in cc.scan_catalog("pg_amop") if r.amopfamily == family
                 and r.amoplefttype == member.left and r.amoprighttype == member.right
                 and r.amopstrategy == member.number), None)


def _amproc(family: int, member: _Member):
    return next((r for r in cc.scan_catalog("pg_amproc") if r.amprocfamily == family
                 and r.amproclefttype == member.left and r.amprocrighttype == member.right
                 and r.amprocnum == member.number), None)


# ---- CREATE OPERATOR CLASS ----------------------------------------------------------------

def execute_create_class(node: dict, raw) -> str:
    """DefineOpClass."""
    names = _strings(node["opclassname"])
    namespace = object_permissions.creation_namespace_checked(names)
    name, method_name = names[-1], node["amname"]
    method_oid, method = _index_method(method_name)
    _require_superuser("create an operator class")
    input_type = drop_other_objects.type_oid(node["datatype"])
    if node.get("opfamilyname"):
        family = _family(method_oid, method_name, _strings(node["opfamilyname"]))
    else:
        row = _family_named(method_oid, name, namespace)
        family = row.oid if row is not None else \
            _create_family(method_oid, method_name, name, namespace)
    operators, functions, storage = _members(node.get("items"), method_oid, method,
                                             input_type, altering=False)
    if storage == input_type:
        storage = 0
    elif storage and not method.storage:
        raise PgError(INVALID_OBJECT_DEFINITION, "storage type cannot be different from "
                                                 f'data type for access method "{method_name}"')
    classes = cc.scan_catalog("pg_opclass")
    if any(r.opcmethod == method_oid and r.opcname == name and r.opcnamespace == namespace
           for r in classes):
        raise PgError(DUPLICATE_OBJECT, f'operator class "{name}" for access method '
                                        f'"{method_name}" already exists')
    if node.get("isDefault"):
        current = next((r for r in classes if r.opcmethod == method_oid
                        and r.opcintype == input_type and r.opcdefault), None)
        if current is not None:
            raise PgError(DUPLICATE_OBJECT,
                          f'could not make operator class "{name}" be default for type '
                          f'{drop_other_objects.type_text(node["datatype"])}',
                          detail=f'Operator class "{current.opcname}" already is the default.')
    opclass = opclasses.create_class(name, method_oid, namespace, family, input_type, storage,
                                     bool(node.get("isDefault")))
    opclasses.changed()
    for member in operators + functions:
        member.opclass = opclass
    _adjust_members(method_oid, method, family, opclass, operators + functions)
    shown = ".".join(_strings(node.get("opfamilyname")))
    _store(method_oid, family, shown, operators, functions, adding=False)
    dependency.record_on_current_extension(
        dependency.ObjectAddress(opclasses.PG_OPCLASS, opclass))
    return "CREATE OPERATOR CLASS"


# ---- ALTER OPERATOR FAMILY ... ADD / DROP --------------------------------------------------

def execute_alter_family(node: dict, raw) -> str:
    """AlterOpFamily."""
    method_name = node["amname"]
    method_oid, method = _index_method(method_name)
    names = _strings(node["opfamilyname"])
    family = _family(method_oid, method_name, names)
    _require_superuser("alter an operator family")
    if node.get("isDrop"):
        _drop_members(node.get("items"), method, family, ".".join(names))
        return "ALTER OPERATOR FAMILY"
    operators, functions, _ = _members(node.get("items"), method_oid, method, 0,
                                       altering=True)
    for member in operators + functions:
        member.hard = False
    _adjust_members(method_oid, method, family, 0, operators + functions)
    _store(method_oid, family, ".".join(names), operators, functions, adding=True)
    return "ALTER OPERATOR FAMILY"


def _drop_members(items, method: _Method, family: int, shown: str) -> None:
    """AlterOpFamilyDrop: each member named by number and types, then removed."""
    from pgsnake.commands import dependent_objects
    operators: list[_Member] = []
    functions: list[_Member] = []
    for entry in items or ():
        item = entry["CreateOpClassItem"]
        member = _Member(item["itemtype"] == FUNCTION_ITEM, _check_number(item, method))
        member.left, member.right = _types_spec(item["class_args"])
        _add_member(functions if member.is_function else operators, member)
    targets = []
    for member in operators + functions:
        row = _amproc(family, member) if member.is_function else _amop(family, member)
        word = "function" if member.is_function else "operator"
        if row is None:
            raise PgError(UNDEFINED_OBJECT, f"{word} {_member_text(member)} does not exist "
                                            f'in operator family "{shown}"')
        targets.append(dependency.ObjectAddress(
            opclasses.PG_AMPROC if member.is_function else opclasses.PG_AMOP, row.oid))
    for target in targets:
        dependent_objects.perform_deletion([target], False)


# ---- RENAME / OWNER / SET SCHEMA -----------------------------------------------------------

_WORDS = {"OBJECT_OPCLASS": ("pg_opclass", "opc", "operator class"),
          "OBJECT_OPFAMILY": ("pg_opfamily", "opf", "operator family")}


def _target(kind: str, obj: dict):
    """The class or family an ALTER names ([method, schema..., name]), and its row."""
    method_name, *names = _strings(obj["List"]["items"])
    method_oid, _ = _index_method(method_name)
    try:
        address = drop_other_objects.operator_class_address(kind, method_oid, method_name,
                                                            names)
    except drop_other_objects.Missing as missing:
        raise PgError(missing.sqlstate, missing.error) from None
    catalog = _WORDS[kind][0]
    row = cc.scan_catalog(catalog, key=("oid", address.objid))[0]
    return method_name, names, row


def _check_owner(kind: str, names: list[str], row) -> None:
    from pgsnake.catalog import acl
    prefix = _WORDS[kind][1]
    if not process_state.is_superuser and \
            not acl.has_privs_of_role(process_state.user_oid, getattr(row, prefix + "owner")):
        raise PgError("42501", f"must be owner of {_WORDS[kind][2]} {'.'.join(names)}")


def _check_free(kind: str, row, name: str, namespace: int, method_name: str) -> None:
    catalog, prefix, words = _WORDS[kind]
    if any(getattr(r, prefix + "method") == getattr(row, prefix + "method")
           and getattr(r, prefix + "name") == name
           and getattr(r, prefix + "namespace") == namespace for r in cc.scan_catalog(catalog)):
        schema = cc.namespace_name(namespace)
        raise PgError(DUPLICATE_OBJECT, f'{words} "{name}" for access method '
                                        f'"{method_name}" already exists in schema "{schema}"')


def _update(kind: str, row, **changes) -> None:
    catalog = _WORDS[kind][0]
    catalog_writes.update_rows(catalog, lambda r: r.oid == row.oid, key=("oid", row.oid),
                               **changes)
    opclasses.changed()


def _tag(kind: str) -> str:
    return "ALTER " + _WORDS[kind][2].upper()


def rename(node: dict) -> str:
    kind = node["renameType"]
    method_name, names, row = _target(kind, node["object"])
    prefix = _WORDS[kind][1]
    _check_owner(kind, names, row)
    namespace = getattr(row, prefix + "namespace")
    object_permissions.check_namespace_create(namespace)
    _check_free(kind, row, node["newname"], namespace, method_name)
    _update(kind, row, **{prefix + "name": node["newname"]})
    return _tag(kind)


def alter_owner(node: dict, new_owner: int) -> str:
    kind = node["objectType"]
    _, names, row = _target(kind, node["object"])
    prefix = _WORDS[kind][1]
    if getattr(row, prefix + "owner") == new_owner:
        return _tag(kind)
    from pgsnake.commands import owner_commands
    owner_commands.check_owner_change(getattr(row, prefix + "owner"), new_owner,
                                      _WORDS[kind][2], ".".join(names),
                                      getattr(row, prefix + "namespace"))
    _update(kind, row, **{prefix + "owner": new_owner})
    return _tag(kind)


def set_schema(node: dict) -> str:
    from pgsnake.catalog import definitions as d
    from pgsnake.catalog import temp_namespace
    kind = node["objectType"]
    method_name, names, row = _target(kind, node["object"])
    catalog, prefix, _ = _WORDS[kind]
    schema = node["newschema"]
    namespace = cc.get_namespace_oid(schema)
    if namespace is None:
        raise PgError("3F000", f'schema "{schema}" does not exist')
    _check_owner(kind, names, row)
    if namespace == getattr(row, prefix + "namespace"):
        return _tag(kind)
    if schema == "pg_temp" or temp_namespace.is_temp_namespace_name(schema):
        raise PgError("0A000", "cannot move objects into or out of temporary schemas")
    object_permissions.check_namespace_create(namespace)
    _check_free(kind, row, getattr(row, prefix + "name"), namespace, method_name)
    _update(kind, row, **{prefix + "namespace": namespace})
    classid = opclasses.PG_OPCLASS if kind == "OBJECT_OPCLASS" else opclasses.PG_OPFAMILY
    catalog_writes.update_rows("pg_depend", lambda r: r.classid == classid
                               and r.objid == row.oid and r.refclassid == d.PG_NAMESPACE_OID,
                               refobjid=namespace)
    opclasses.changed()
    return _tag(kind)


utility_statement.register("CreateOpFamilyStmt", "CREATE OPERATOR FAMILY",
                           execute_create_family)
utility_statement.register("CreateOpClassStmt", "CREATE OPERATOR CLASS", execute_create_class)
utility_statement.register("AlterOpFamilyStmt", "ALTER OPERATOR FAMILY", execute_alter_family)
