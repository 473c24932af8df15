"""GRANT and REVOKE on objects: tables, views and sequences (and their columns), ALL
TABLES / SEQUENCES / FUNCTIONS / PROCEDURES / ROUTINES IN SCHEMA, functions, procedures,
schemas, databases, types, domains, languages and tablespaces.

Each object's ACL column (relacl, attacl, nspacl, proacl, datacl, typacl, lanacl,
spcacl) starts NULL, meaning the default ACL; the first GRANT or REVOKE writes the
default out and changes it (catalog/acl.py: acl_update). As in PostgreSQL:
- the grant is made as the best grantor: the owner when the current user has the
  owner's privileges, else the role (the current user or one it inherits from) holding
  the most of the wanted privileges WITH GRANT OPTION (select_best_grantor);
- a user holding none of the object's privileges gets "permission denied for <kind>
  <name>"; one holding some but without the grant options gets a WARNING "no privileges
  were granted" (restrict_and_check_grant);
- revoking table-level privileges also revokes them from every column.

Entry points: registered statement GrantStmt; execute_grant(node) for ALTER DEFAULT
PRIVILEGES (default_privileges.py) and tests.

PostgreSQL: catalog/aclchk.c (ExecuteGrantStmt, ExecGrant_Relation, ExecGrant_Attribute,
ExecGrant_Database, ExecGrant_Function, ExecGrant_Language, ExecGrant_Namespace,
ExecGrant_Type, select_best_grantor, restrict_and_check_grant, merge_acl_with_grant,
objectsInSchemaToOids, string_to_privilege).
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from pgsnake.catalog import acl, catalog_writes, relation_locks
from pgsnake.catalog import catalog_cache as cc
from pgsnake.commands import role_commands, utility_statement
from pgsnake.datatypes import aclitem as ai
from pgsnake.datatypes.aclitem import AclItem
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils import notices
from pgsnake.utils.errors import PgError

INVALID_GRANT_OPERATION = "0LP01"
WRONG_OBJECT_TYPE = "42809"

_PRIVILEGES = {"select": ai.SELECT, "insert": ai.INSERT, "update": ai.UPDATE,
               "delete": ai.DELETE, "truncate": ai.TRUNCATE, "references": ai.REFERENCES,
               "trigger": ai.TRIGGER, "execute": ai.EXECUTE, "usage": ai.USAGE,
               "create": ai.CREATE, "temporary": ai.CREATE_TEMP, "temp": ai.CREATE_TEMP,
               "connect": ai.CONNECT, "set": ai.SET, "alter system": ai.ALTER_SYSTEM,
               "rule": 0}

# objtype -> (acl kind of what may be granted, noun for "invalid privilege type X for ...")
_STATEMENT_KINDS = {
    "OBJECT_TABLE": ("relation", "relation"), "OBJECT_SEQUENCE": ("sequence", "sequence"),
    "OBJECT_DATABASE": ("database", "database"), "OBJECT_FUNCTION": ("function", "function"),
    "OBJECT_PROCEDURE": ("function", "procedure"), "OBJECT_ROUTINE": ("function", "routine"),
    "OBJECT_SCHEMA": ("schema", "schema"), "OBJECT_TYPE": ("type", "type"),
    "OBJECT_DOMAIN": ("type", "domain"), "OBJECT_LANGUAGE": ("language", "language"),
    "OBJECT_TABLESPACE": ("tablespace", "tablespace"),
    "OBJECT_LARGEOBJECT": ("large object", "large object"),
}
RELKIND_OBJECT_NOUN = {"r": "table", "p": "table", "v": "view", "m": "materialized view",
                       "S": "sequence", "f": "foreign table", "i": "index", "c": "type"}


def _privilege_name(bit: int) -> str:
    return ai.PRIVILEGE_NAMES[bit] if bit != ai.CREATE_TEMP else "TEMPORARY"


def _first_bit(mask: int) -> int:
    return mask & -mask


@dataclasses.dataclass
class Target:
    """One object to grant on: where its ACL lives and how to write it back."""
    oid: int
    name: str               # for messages: relname, nspname, proname, ...
    noun: str               # "table", "view", "sequence", "schema", "function", ...
    kind: str               # acl kind for the default ACL (acl.ALL_RIGHTS keys)
    owner: int
    acl: list | None
    write: Callable[[list], None]


def _string(node) -> str:
    return node["String"]["sval"]


# ---- privileges of the statement ----------------------------------------------------------

def _statement_privileges(node: dict, kind: str, noun: str):
    """(mask, all_privileges, column privileges [(names, mask)])."""
    allowed = acl.all_rights(kind)
    if kind == "relation":
        allowed |= acl.all_rights("sequence")
    items = node.get("privileges")
    if not items:
        return allowed, True, []
    mask, columns = 0, []
    for item in items:
        priv = item["AccessPriv"]
        name = priv.get("priv_name")
        if name is None:             # ALL (cols)
            bit = acl.all_rights("column")
        else:
            if name not in _PRIVILEGES:
                raise PgError("42601", f'unrecognized privilege type "{name}"')
            bit = _PRIVILEGES[name]
        if priv.get("cols"):
            if kind != "relation":
                raise PgError(INVALID_GRANT_OPERATION,
                              "column privileges are only valid for relations")
            columns.append(([_string(c) for c in priv["cols"]], bit))
            continue
        if bit & ~allowed:
            raise PgError(INVALID_GRANT_OPERATION,
                          f"invalid privilege type {_privilege_name(_first_bit(bit & ~allowed))}"
                          f" for {noun}")
        mask |= bit
    return mask, False, columns


# ---- targets ---------------------------------------------------------------------------------

def _relation_target(oid: int) -> Target:
    row = cc.class_row(oid)
    kind = "sequence" if row.relkind == "S" else "relation"

    def write(new_acl):
        catalog_writes.update_rows("pg_class", lambda r: r.oid == oid, relacl=new_acl)
    return Target(oid, row.relname, RELKIND_OBJECT_NOUN.get(row.relkind, "table"), kind,
                  row.relowner, row.relacl, write)


def _open_relation(range_var: dict) -> int:
    schema, name = range_var.get("schemaname"), range_var["relname"]
    oid = relation_locks.open_relation_oid(name, schema, lock_modes.ROW_EXCLUSIVE)
    if oid is None:
        shown = f"{schema}.{name}" if schema else name
        raise PgError("42P01", f'relation "{shown}" does not exist')
    return oid


def _schema_oid(name: str) -> int:
    oid = cc.get_namespace_oid(name)
    if oid is None:
        raise PgError("3F000", f'schema "{name}" does not exist')
    return oid


def _schema_target(oid: int) -> Target:
    row = next(r for r in cc.scan_catalog("pg_namespace") if r.oid == oid)

    def write(new_acl):
        catalog_writes.update_rows("pg_namespace", lambda r: r.oid == oid, nspacl=new_acl)
    return Target(oid, row.nspname, "schema", "schema", row.nspowner, row.nspacl, write)


def _database_target(name: str) -> Target:
    row = next((r for r in cc.scan_catalog("pg_database") if r.datname == name), None)
    if row is None:
        raise PgError("3D000", f'database "{name}" does not exist')

    def write(new_acl):
        catalog_writes.update_rows("pg_database", lambda r: r.oid == row.oid, datacl=new_acl)
    return Target(row.oid, row.datname, "database", "database", row.datdba, row.datacl, write)


def _function_target(oid: int) -> Target:
    from pgsnake.catalog.lookup_functions import proc_row
    row = proc_row(oid)

    def write(new_acl):
        catalog_writes.update_rows("pg_proc", lambda r: r.oid == oid, proacl=new_acl)
    noun = "procedure" if row.prokind == "p" else "function"
    return Target(oid, row.proname, noun, "function", row.proowner, row.proacl, write)


def written_name(spec: dict) -> str:
    """An ObjectWithArgs' name as the statement wrote it ("s.f" or "f"): what
    PostgreSQL's ownership errors name (NameListToString)."""
    return ".".join(_string(n) for n in spec["objname"])


def lookup_function(spec: dict, objtype: str = "OBJECT_FUNCTION") -> int:
    """LookupFuncWithArgs for an ObjectWithArgs node."""
    from pgsnake.catalog.lookup_functions import function_with_args, proc_row
    from pgsnake.catalog.sql_functions import regtype_input
    from pgsnake.datatypes import registry
    names = [_string(n) for n in spec["objname"]]
    noun = {"OBJECT_PROCEDURE": "procedure", "OBJECT_ROUTINE": "routine",
            "OBJECT_AGGREGATE": "aggregate"}.get(objtype, "function")
    if spec.get("args_unspecified"):
        schema = names[-2] if len(names) > 1 else None
        if schema is not None:
            from pgsnake.catalog import object_permissions
            object_permissions.check_explicit_schema(schema)
        from pgsnake.catalog import lookup_functions
        found = [r.oid for r in lookup_functions.routines_named_alone(
            lookup_functions.routines_named(names), objtype)]
        if not found:
            raise PgError("42883", f"could not find a {noun} named \"{'.'.join(names)}\"")
        if len(found) > 1:
            raise PgError("42725", f"{noun} name \"{'.'.join(names)}\" is not unique",
                          hint=f"Specify the argument list to select the {noun} "
                               f"unambiguously.")
        oid = found[0]
    else:
        arg_types = []
        for type_name in spec.get("objargs") or ():
            parts = [_string(n) for n in type_name["TypeName"]["names"]]
            type_oid = regtype_input(".".join(parts))
            if type_name["TypeName"].get("arrayBounds"):
                type_oid = registry.get_type(type_oid).array_oid
            arg_types.append(type_oid)
        from pgsnake.catalog import lookup_functions
        oid = lookup_functions.with_out_arguments(
            function_with_args(names, arg_types), lookup_functions.routines_named(names),
            objtype, spec, arg_types, ".".join(names))
        if oid is None:
            shown = ", ".join(registry.format_type(t) for t in arg_types)
            if objtype == "OBJECT_AGGREGATE" and not arg_types:
                shown = "*"
            raise PgError("42883", f"{noun} {'.'.join(names)}({shown}) does not exist")
    row = proc_row(oid)
    if objtype == "OBJECT_AGGREGATE" and row.prokind != "a":
        shown = ", ".join(registry.format_type(t) for t in row.proargtypes)
        raise PgError(WRONG_OBJECT_TYPE, f"function {'.'.join(names)}({shown}) is not an aggregate")
    if objtype == "OBJECT_PROCEDURE" and row.prokind != "p":
        from pgsnake.catalog.lookup_functions import regprocedure_output
        raise PgError(WRONG_OBJECT_TYPE, f"{regprocedure_output(oid)} is not a procedure")
    if objtype == "OBJECT_FUNCTION" and row.prokind == "p":
        from pgsnake.catalog.lookup_functions import regprocedure_output
        raise PgError(WRONG_OBJECT_TYPE, f"{regprocedure_output(oid)} is not a function")
    return oid


def _type_target(names: list[str], objtype: str) -> Target:
    from pgsnake.catalog.sql_functions import regtype_input
    oid = regtype_input(".".join(names))
    row = cc.get_type_row(oid)
    if objtype == "OBJECT_DOMAIN" and row.typtype != "d":
        raise PgError(WRONG_OBJECT_TYPE, f'"{".".join(names)}" is not a domain')
    if row.typcategory == "A" and row.typelem:
        raise PgError(INVALID_GRANT_OPERATION, "cannot set privileges of array types",
                      hint="Set the privileges of the element type instead.")
    if objtype == "OBJECT_TYPE" and row.typtype == "d":
        pass   # PostgreSQL accepts GRANT ON TYPE for a domain

    def write(new_acl):
        catalog_writes.update_rows("pg_type", lambda r: r.oid == oid, typacl=new_acl)
    noun = "domain" if row.typtype == "d" else "type"
    return Target(oid, row.typname, noun, "type", row.typowner, row.typacl, write)


def _language_target(name: str) -> Target:
    row = next((r for r in cc.scan_catalog("pg_language") if r.lanname == name), None)
    if row is None:
        raise PgError("42704", f'language "{name}" does not exist')
    if not row.lanpltrusted:
        raise PgError(WRONG_OBJECT_TYPE, f'language "{name}" is not trusted',
                      detail="GRANT and REVOKE are not allowed on untrusted languages, "
                             "because only superusers can use untrusted languages.")

    def write(new_acl):
        catalog_writes.update_rows("pg_language", lambda r: r.oid == row.oid, lanacl=new_acl)
    return Target(row.oid, row.lanname, "language", "language", row.lanowner, row.lanacl,
                  write)


def _tablespace_target(name: str) -> Target:
    row = next((r for r in cc.scan_catalog("pg_tablespace") if r.spcname == name), None)
    if row is None:
        raise PgError("42704", f'tablespace "{name}" does not exist')

    def write(new_acl):
        catalog_writes.update_rows("pg_tablespace", lambda r: r.oid == row.oid, spcacl=new_acl)
    return Target(row.oid, row.spcname, "tablespace", "tablespace", row.spcowner, row.spcacl,
                  write)


def _large_object_target(node: dict) -> Target:
    from pgsnake.commands import large_object_functions
    row = large_object_functions.named_metadata(node)

    def write(new_acl):
        catalog_writes.update_rows("pg_largeobject_metadata", lambda r: r.oid == row.oid,
                                   key=("oid", row.oid), lomacl=new_acl)
    return Target(row.oid, str(row.oid), "large object", "large object", row.lomowner,
                  row.lomacl, write)


def _targets(node: dict) -> list[Target]:
    objtype = node["objtype"]
    objects = node.get("objects") or []
    if node.get("targtype") == "ACL_TARGET_ALL_IN_SCHEMA":
        return _all_in_schema(objtype, [_string(o) for o in objects])
    if objtype in ("OBJECT_TABLE", "OBJECT_SEQUENCE"):
        out = []
        for obj in objects:
            oid = _open_relation(obj["RangeVar"])
            row = cc.class_row(oid)
            if objtype == "OBJECT_SEQUENCE" and row.relkind != "S":
                raise PgError(WRONG_OBJECT_TYPE, f'"{row.relname}" is not a sequence')
            if row.relkind in ("i", "I"):
                raise PgError(WRONG_OBJECT_TYPE, f'"{row.relname}" is an index')
            if row.relkind == "c":
                raise PgError(WRONG_OBJECT_TYPE, f'"{row.relname}" is a composite type')
            out.append(_relation_target(oid))
        return out
    if objtype == "OBJECT_SCHEMA":
        return [_schema_target(_schema_oid(_string(o))) for o in objects]
    if objtype == "OBJECT_DATABASE":
        return [_database_target(_string(o)) for o in objects]
    if objtype in ("OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE"):
        return [_function_target(lookup_function(o["ObjectWithArgs"], objtype))
                for o in objects]
    if objtype in ("OBJECT_TYPE", "OBJECT_DOMAIN"):
        return [_type_target([_string(n) for n in o["List"]["items"]], objtype)
                for o in objects]
    if objtype == "OBJECT_LANGUAGE":
        return [_language_target(_string(o)) for o in objects]
    if objtype == "OBJECT_TABLESPACE":
        return [_tablespace_target(_string(o)) for o in objects]
    if objtype == "OBJECT_LARGEOBJECT":
        return [_large_object_target(o) for o in objects]
    kind = objtype.removeprefix("OBJECT_").lower().replace("_", " ")
    raise PgError("0A000", f"GRANT ON {kind.upper()} is not supported yet")


def _all_in_schema(objtype: str, schemas: list[str]) -> list[Target]:
    out = []
    for name in schemas:
        namespace = _schema_oid(name)
        if objtype in ("OBJECT_TABLE", "OBJECT_SEQUENCE"):
            kinds = ("S",) if objtype == "OBJECT_SEQUENCE" else ("r", "v", "m", "f", "p")
            for row in cc.scan_catalog("pg_class"):
                if row.relnamespace == namespace and row.relkind in kinds:
                    relation_locks.lock_relation_oid(row.oid, lock_modes.ROW_EXCLUSIVE)
                    out.append(_relation_target(row.oid))
        else:
            wanted = {"OBJECT_FUNCTION": ("f", "a", "w"), "OBJECT_PROCEDURE": ("p",),
                      "OBJECT_ROUTINE": ("f", "a", "w", "p")}[objtype]
            for row in cc.scan_catalog("pg_proc"):
                if row.pronamespace == namespace and row.prokind in wanted:
                    out.append(_function_target(row.oid))
    return out


# ---- granting ---------------------------------------------------------------------------------

def select_best_grantor(role: int, privileges: int, current_acl: list, owner: int):
    """(grantor, grant options available): the owner if role has its privileges, else
    the role among those whose privileges it has holding the most wanted grant options."""
    if acl.has_privs_of_role(role, owner):
        return owner, privileges
    best, best_options, best_count = role, 0, -1
    for candidate in sorted(acl.roles_with_privileges_of(role), key=lambda r: r != role):
        options = acl.acl_mask(current_acl, candidate, owner,
                               privileges << acl.GOPTION_SHIFT) >> acl.GOPTION_SHIFT
        if options == privileges:
            return candidate, options
        count = bin(options).count("1")
        if count > best_count:
            best, best_options, best_count = candidate, options, count
    return best, best_options


def _restrict_and_check(is_grant: bool, available: int, all_privs: bool, privileges: int,
                        target: Target, current_acl: list, grantor: int,
                        column: str | None = None) -> int:
    """restrict_and_check_grant."""
    if available == 0:
        whole = acl.all_rights("column" if column else target.kind)
        held = whole if acl.is_superuser(grantor) else acl.acl_mask(
            current_acl, grantor, target.owner, whole | (whole << acl.GOPTION_SHIFT),
            how_any=True)
        if held == 0:
            if column:
                raise PgError("42501", f'permission denied for column "{column}" of relation '
                                       f'"{target.name}"')
            raise PgError("42501", f"permission denied for {target.noun} {target.name}")
    result = privileges & available
    what = f'column "{column}" of relation "{target.name}"' if column else f'"{target.name}"'
    if is_grant:
        if result == 0:
            notices.emit("01007", f"no privileges were granted for {what}", severity="WARNING")
        elif not all_privs and result != privileges:
            notices.emit("01007", f"not all privileges were granted for {what}",
                         severity="WARNING")
    else:
        if result == 0:
            notices.emit("01006", f"no privileges could be revoked for {what}",
                         severity="WARNING")
        elif not all_privs and result != privileges:
            notices.emit("01006", f"not all privileges could be revoked for {what}",
                         severity="WARNING")
    return result


def merge_acl_with_grant(current_acl: list, is_grant: bool, grant_option: bool,
                         cascade: bool, grantees: list[int], privileges: int, grantor: int,
                         owner: int) -> list:
    new_acl = list(current_acl)
    for grantee in grantees:
        if is_grant and grant_option and grantee == acl.PUBLIC:
            raise PgError(INVALID_GRANT_OPERATION, "grant options can only be granted to roles")
        if is_grant:
            item = AclItem(grantee, grantor, privileges, privileges if grant_option else 0)
        elif grant_option:
            item = AclItem(grantee, grantor, 0, privileges)
        else:
            item = AclItem(grantee, grantor, privileges, privileges)
        new_acl = acl.acl_update(new_acl, item, is_grant, cascade, owner)
    return new_acl


@dataclasses.dataclass
class GrantRequest:
    is_grant: bool
    grant_option: bool
    cascade: bool
    grantees: list[int]
    privileges: int
    all_privileges: bool
    columns: list


def _grant_on(target: Target, request: GrantRequest) -> None:
    role = role_commands.current_user()
    current_acl = acl.acl_or_default(target.acl, target.kind, target.owner)
    privileges = request.privileges
    if target.kind == "sequence" and request.privileges & ~acl.all_rights("sequence"):
        if not request.all_privileges:
            # A warning, not an error, for compatibility with old GRANT ... ON TABLE seq.
            notices.emit(INVALID_GRANT_OPERATION, f'sequence "{target.name}" only supports '
                                                  f'USAGE, SELECT, and UPDATE privileges',
                         severity="WARNING")
        privileges &= acl.all_rights("sequence")
    elif target.kind == "relation":
        if privileges & ~acl.all_rights("relation"):
            if not request.all_privileges:
                raise PgError(INVALID_GRANT_OPERATION, "invalid privilege type USAGE for table")
            privileges &= acl.all_rights("relation")
    if privileges or not request.columns:
        grantor, available = select_best_grantor(role, privileges, current_acl, target.owner)
        this = _restrict_and_check(request.is_grant, available, request.all_privileges,
                                   privileges, target, current_acl, grantor)
        new_acl = merge_acl_with_grant(current_acl, request.is_grant, request.grant_option,
                                       request.cascade, request.grantees, this, grantor,
                                       target.owner)
        target.write(new_acl)
        _changed()
        if not request.is_grant and target.noun != "sequence" and \
                this & acl.all_rights("column"):
            _revoke_from_all_columns(target, request, this & acl.all_rights("column"),
                                     grantor)
    if request.columns:
        _grant_on_columns(target, request)


def _columns_of(target: Target):
    return [a for a in cc.get_relation(target.oid).attributes if not a.is_dropped]


def _attribute_acls(target: Target) -> dict[int, list | None]:
    return {r.attnum: r.attacl for r in cc.scan_catalog("pg_attribute")
            if r.attrelid == target.oid and r.attnum > 0}


def _write_column_acl(target: Target, attnum: int, new_acl: list | None) -> None:
    catalog_writes.update_rows("pg_attribute",
                               lambda r: r.attrelid == target.oid and r.attnum == attnum,
                               attacl=new_acl or None)


def _revoke_from_all_columns(target: Target, request: GrantRequest, privileges: int,
                             grantor: int) -> None:
    for attnum, column_acl in _attribute_acls(target).items():
        if not column_acl:
            continue
        new_acl = merge_acl_with_grant(column_acl, False, request.grant_option,
                                       request.cascade, request.grantees, privileges,
                                       grantor, target.owner)
        if new_acl != column_acl:
            _write_column_acl(target, attnum, new_acl)
            _changed()


def _grant_on_columns(target: Target, request: GrantRequest) -> None:
    """ExecGrant_Attribute for each named column."""
    if target.noun == "sequence":
        raise PgError(INVALID_GRANT_OPERATION, f'sequence "{target.name}" only supports '
                                               f'USAGE, SELECT, and UPDATE privileges')
    wanted: dict[int, int] = {}
    names: dict[int, str] = {}
    live = _columns_of(target)
    for column_names, bit in request.columns:
        if bit & ~acl.all_rights("column"):
            raise PgError(INVALID_GRANT_OPERATION, f"invalid privilege type "
                          f"{_privilege_name(_first_bit(bit & ~acl.all_rights('column')))}"
                          f" for column")
        for name in column_names:
            attribute = next((a for a in live if a.name == name), None)
            if attribute is None:
                raise PgError("42703", f'column "{name}" of relation "{target.name}" does '
                                       f'not exist')
            wanted[attribute.attnum] = wanted.get(attribute.attnum, 0) | bit
            names[attribute.attnum] = name
    table_acl = acl.acl_or_default(cc.class_row(target.oid).relacl, target.kind, target.owner)
    role = role_commands.current_user()
    column_acls = _attribute_acls(target)
    for attnum in sorted(wanted):
        column_acl = list(column_acls.get(attnum) or [])
        merged = table_acl + column_acl
        grantor, available = select_best_grantor(role, wanted[attnum], merged, target.owner)
        this = _restrict_and_check(request.is_grant, available, False, wanted[attnum],
                                   target, merged, grantor, column=names[attnum])
        new_acl = merge_acl_with_grant(column_acl, request.is_grant, request.grant_option,
                                       request.cascade, request.grantees, this, grantor,
                                       target.owner)
        if new_acl != column_acl:
            _write_column_acl(target, attnum, new_acl)
            _changed()


def _changed() -> None:
    from pgsnake.access.transam import xact
    from pgsnake.catalog import invalidation
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    cc.reset_caches()


def grantee_oids(node: dict) -> list[int]:
    out = []
    for item in node.get("grantees") or []:
        spec = item.get("RoleSpec", item)
        if spec.get("roletype") == "ROLESPEC_PUBLIC":
            out.append(acl.PUBLIC)
        else:
            out.append(role_commands.role_from_spec(spec))
    return out


def execute_grant(node: dict, raw=None) -> str:
    is_grant = bool(node.get("is_grant"))
    objtype = node["objtype"]
    if objtype not in _STATEMENT_KINDS:
        kind = objtype.removeprefix("OBJECT_").lower().replace("_", " ")
        raise PgError("0A000", f"GRANT ON {kind.upper()} is not supported yet")
    kind, noun = _STATEMENT_KINDS[objtype]
    if node.get("grantor"):
        grantor = role_commands.role_from_spec(node["grantor"])
        if grantor != role_commands.current_user():
            raise PgError("0A000", "grantor must be current user")
    grantees = grantee_oids(node)
    privileges, all_privileges, columns = _statement_privileges(node, kind, noun)
    request = GrantRequest(is_grant, bool(node.get("grant_option")),
                           node.get("behavior") == "DROP_CASCADE", grantees, privileges,
                           all_privileges, columns)
    for target in _targets(node):
        _grant_on(target, request)
    return "GRANT" if is_grant else "REVOKE"


utility_statement.register("GrantStmt",
                           lambda raw: "GRANT" if raw.node[raw.kind].get("is_grant")
                           else "REVOKE", execute_grant)
