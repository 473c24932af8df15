"""ALTER DEFAULT PRIVILEGES [FOR ROLE r, ...] [IN SCHEMA s, ...] GRANT / REVOKE ... ON
TABLES | SEQUENCES | FUNCTIONS | ROUTINES | TYPES | SCHEMAS: pg_default_acl rows, which
catalog/default_privileges.py applies to objects created afterwards.

An entry without a schema starts from the built-in default ACL (acldefault) and is removed
again when a change brings it back to that; an entry for a schema starts empty and is
removed when it becomes empty. The grants are recorded as made by the target role.

Entry point: registered statement AlterDefaultPrivilegesStmt.

PostgreSQL: catalog/aclchk.c (ExecAlterDefaultPrivilegesStmt, SetDefaultACLsInSchemas,
SetDefaultACL).
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids
from pgsnake.catalog import acl, catalog_writes
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.commands import grant_commands, role_commands, utility_statement
from pgsnake.utils.errors import PgError

# objtype -> (pg_default_acl.defaclobjtype, acl kind, noun for "invalid privilege type")
_OBJECT_KINDS = {"OBJECT_TABLE": ("r", "relation", "relation"),
                 "OBJECT_SEQUENCE": ("S", "sequence", "sequence"),
                 "OBJECT_FUNCTION": ("f", "function", "function"),
                 "OBJECT_PROCEDURE": ("f", "function", "procedure"),
                 "OBJECT_ROUTINE": ("f", "function", "routine"),
                 "OBJECT_TYPE": ("T", "type", "type"),
                 "OBJECT_SCHEMA": ("n", "schema", "schema")}


def _option_list(node: dict, name: str) -> list:
    for item in node.get("options") or []:
        option = item["DefElem"]
        if option["defname"] == name:
            return option["arg"]["List"]["items"]
    return []


def execute_alter_default_privileges(node: dict, raw) -> str:
    action = node["action"]
    objtype = action["objtype"]
    code, kind, noun = _OBJECT_KINDS[objtype]
    me = role_commands.current_user()
    roles = [role_commands.role_from_spec(item.get("RoleSpec", item))
             for item in _option_list(node, "roles")] or [me]
    schemas = [item["String"]["sval"] for item in _option_list(node, "schemas")]
    if schemas and code == "n":
        raise PgError("0LP01", "cannot use IN SCHEMA clause when using GRANT/REVOKE ON "
                               "SCHEMAS")
    for role in roles:
        if not acl.is_member_of_role(me, role):
            raise PgError("42501", f'must be member of role "{cc.role_name(role)}"')
    namespaces = [grant_commands._schema_oid(name) for name in schemas] or [0]
    grantees = grant_commands.grantee_oids(action)
    privileges, _all, _columns = grant_commands._statement_privileges(
        action, kind, noun)
    if kind == "relation":     # unlike GRANT ON TABLE, sequences' USAGE is not accepted
        extra = privileges & ~acl.all_rights("relation")
        if extra and action.get("privileges"):
            raise PgError("0LP01", f"invalid privilege type "
                                   f"{grant_commands._privilege_name(extra & -extra)} for "
                                   f"relation")
        privileges &= acl.all_rights("relation")
    is_grant = bool(action.get("is_grant"))
    for role in roles:
        for namespace in namespaces:
            _set_default_acl(role, namespace, code, kind, is_grant,
                             bool(action.get("grant_option")),
                             action.get("behavior") == "DROP_CASCADE", grantees, privileges)
    return "ALTER DEFAULT PRIVILEGES"


def _set_default_acl(role: int, namespace: int, code: str, kind: str, is_grant: bool,
                     grant_option: bool, cascade: bool, grantees: list[int],
                     privileges: int) -> None:
    existing = next((r for r in cc.scan_catalog("pg_default_acl")
                     if r.defaclrole == role and r.defaclnamespace == namespace
                     and r.defaclobjtype == code), None)
    builtin = acl.default_acl(kind, role)
    if existing is not None:
        current = list(existing.defaclacl)
    else:
        current = list(builtin) if namespace == 0 else []
    new_acl = grant_commands.merge_acl_with_grant(current, is_grant, grant_option, cascade,
                                                  grantees, privileges, role, role)
    unchanged_default = (sorted(new_acl) == sorted(builtin)) if namespace == 0 \
        else not new_acl

    def matches(r):
        return r.defaclrole == role and r.defaclnamespace == namespace and \
            r.defaclobjtype == code
    if unchanged_default:
        if existing is not None:
            catalog_writes.delete_rows("pg_default_acl", matches)
    elif existing is not None:
        catalog_writes.update_rows("pg_default_acl", matches, defaclacl=new_acl)
    else:
        catalog_writes.insert_row("pg_default_acl", d.row_values(
            "pg_default_acl", oid=transaction_ids.get_new_oid(), defaclrole=role,
            defaclnamespace=namespace, defaclobjtype=code, defaclacl=new_acl))
    grant_commands._changed()


utility_statement.register("AlterDefaultPrivilegesStmt", "ALTER DEFAULT PRIVILEGES",
                           execute_alter_default_privileges)
