"""CREATE / ALTER / DROP ROLE (and USER, GROUP), ALTER ROLE ... RENAME, GRANT / REVOKE
role membership.

A role is a pg_authid row; membership is a pg_auth_members row (roleid, member, grantor,
admin_option). Passwords are stored as password_encryption says: a SCRAM-SHA-256 secret
(protocol/scram.py) or an md5 hash; a password given already in one of those forms is
stored as it is. The permission rules are PostgreSQL 15's: superusers may do anything;
CREATEROLE roles may create, alter and drop non-superuser roles (but not give SUPERUSER,
REPLICATION or BYPASSRLS); a role may change its own password; granting membership
needs CREATEROLE or ADMIN OPTION on the role.

DROP ROLE refuses a role that still owns objects or holds privileges (2BP01, DETAIL
listing them, as PostgreSQL's checkSharedDependencies does, read from pg_shdepend:
catalog/role_dependencies.py).

Entry points: registered statements CreateRoleStmt, AlterRoleStmt, DropRoleStmt,
GrantRoleStmt, and rename_role(node) for RenameStmt with OBJECT_ROLE (alter_table.py
dispatches RenameStmt). role_from_spec(spec) -> oid for the other commands.

PostgreSQL: commands/user.c (CreateRole, AlterRole, DropRole, RenameRole, GrantRole,
AddRoleMems, DelRoleMems), utils/adt/acl.c (get_rolespec_oid), catalog/pg_shdepend.c
(checkSharedDependencies).
"""
from __future__ import annotations

from pgsnake.access.transam import transaction_ids, xact
from pgsnake.catalog import acl, catalog_unique, catalog_writes, invalidation
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import definitions as d
from pgsnake.commands import utility_statement
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import PgError

INSUFFICIENT_PRIVILEGE = "42501"
DUPLICATE_OBJECT = "42710"
UNDEFINED_OBJECT = "42704"
RESERVED_NAME = "42939"
INVALID_GRANT_OPERATION = "0LP01"
OBJECT_IN_USE = "55006"
DEPENDENT_OBJECTS = "2BP01"
FIRST_NORMAL_OBJECT_ID = 16384


def _denied(message: str) -> PgError:
    return PgError(INSUFFICIENT_PRIVILEGE, message)


def current_user() -> int:
    return process_state.user_oid or d.BOOTSTRAP_SUPERUSER


def session_user() -> int:
    return process_state.session_user_oid or current_user()


def is_superuser() -> bool:
    return acl.is_superuser(current_user())


def have_createrole_privilege() -> bool:
    if is_superuser():
        return True
    row = cc.role_row(current_user())
    return row is not None and bool(row.rolcreaterole)


def _role(name: str):
    row = cc.lookup_role(name)
    if row is None:
        raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')
    return row


def role_from_spec(spec: dict, *, missing_ok: bool = False) -> int | None:
    """get_rolespec_oid: a RoleSpec (name, CURRENT_USER, SESSION_USER, CURRENT_ROLE,
    PUBLIC) to a role OID."""
    kind = spec.get("roletype", "ROLESPEC_CSTRING")
    if kind == "ROLESPEC_CSTRING":
        row = cc.lookup_role(spec.get("rolename", ""))
        if row is None:
            if missing_ok:
                return None
            raise PgError(UNDEFINED_OBJECT, f'role "{spec.get("rolename", "")}" does not exist')
        return row.oid
    if kind in ("ROLESPEC_CURRENT_USER", "ROLESPEC_CURRENT_ROLE"):
        return current_user()
    if kind == "ROLESPEC_SESSION_USER":
        return session_user()
    raise PgError(UNDEFINED_OBJECT, 'role "public" does not exist')


def _spec_name(spec: dict) -> str:
    kind = spec.get("roletype", "ROLESPEC_CSTRING")
    if kind == "ROLESPEC_CSTRING":
        return spec.get("rolename", "")
    if kind == "ROLESPEC_PUBLIC":
        return "public"
    return cc.role_name(role_from_spec(spec)) or ""


def _check_reserved(name: str) -> None:
    if name.startswith("pg_"):
        raise PgError(RESERVED_NAME, f'role name "{name}" is reserved',
                      detail='Role names starting with "pg_" are reserved.')


# ---- options ------------------------------------------------------------------------------

_BOOLEAN_OPTIONS = {"superuser": "rolsuper", "inherit": "rolinherit",
                    "createrole": "rolcreaterole", "createdb": "rolcreatedb",
                    "canlogin": "rolcanlogin", "isreplication": "rolreplication",
                    "bypassrls": "rolbypassrls"}


def _value(arg):
    if arg is None:
        return None
    for key in ("Boolean", "Integer", "String"):
        if key in arg:
            inner = arg[key]
            return inner.get("boolval", False) if key == "Boolean" else \
                inner.get("ival", 0) if key == "Integer" else inner.get("sval", "")
    if "List" in arg:
        return [item.get("RoleSpec", item) for item in arg["List"].get("items", [])]
    return arg


def _options(node: dict, raw) -> dict:
    seen: dict = {}
    for item in node.get("options") or []:
        option = item["DefElem"]
        name = option["defname"]
        if name in seen:
            raise PgError("42601", "conflicting or redundant options",
                          position=_position(raw, option.get("location", -1)))
        seen[name] = _value(option.get("arg")) if "arg" in option else None
    if "sysid" in seen:
        notices.emit("00000", "SYSID can no longer be specified")
    return seen


def _position(raw, location: int):
    source = getattr(raw, "source", None)
    return source.position(location) if source is not None else None


def _password_secret(role_name: str, password: str | None) -> str | None:
    if password is None:
        return None
    if password == "":
        notices.emit("00000", "empty string is not a valid password, clearing password")
        return None
    from pgsnake.protocol import authentication, scram
    if scram.parse_scram_verifier(password) is not None:
        return password
    if password.startswith("md5") and len(password) == 35 and \
            all(c in "0123456789abcdef" for c in password[3:]):
        return password
    from pgsnake.utils import settings
    if str(settings.get("password_encryption")) == "md5":
        return authentication.make_md5_verifier(password, role_name)
    return scram.make_scram_verifier(password)


def _valid_until(text: str | None):
    if text is None:
        return None
    from pgsnake.datatypes import datetime_types
    return datetime_types.timestamptz_input(text)


def _connection_limit(value) -> int:
    if value < -1:
        raise PgError("22023", f"invalid connection limit: {value}")
    return value


# ---- CREATE ROLE --------------------------------------------------------------------------

def create_role(node: dict, raw) -> str:
    options = _options(node, raw)
    name = node["role"]
    if options.get("superuser"):
        if not is_superuser():
            raise _denied("must be superuser to create superusers")
    elif options.get("isreplication"):
        if not is_superuser():
            raise _denied("must be superuser to create replication users")
    elif options.get("bypassrls"):
        if not is_superuser():
            raise _denied("must be superuser to create bypassrls users")
    elif not have_createrole_privilege():
        raise _denied("permission denied to create role")
    _check_reserved(name)
    if cc.lookup_role(name) is not None:
        raise PgError(DUPLICATE_OBJECT, f'role "{name}" already exists')
    limit = _connection_limit(options.get("connectionlimit", -1))
    catalog_unique.check_unique("pg_authid", "pg_authid_rolname_index", ("rolname",), (name,))
    oid = transaction_ids.get_new_oid()
    flags = {column: bool(options.get(option, False))
             for option, column in _BOOLEAN_OPTIONS.items()}
    flags["rolinherit"] = bool(options.get("inherit", True))
    flags["rolcanlogin"] = bool(options.get("canlogin", node.get("stmt_type") == "ROLESTMT_USER"))
    catalog_writes.insert_row("pg_authid", d.row_values(
        "pg_authid", oid=oid, rolname=name, rolconnlimit=limit,
        rolpassword=_password_secret(name, options.get("password")),
        rolvaliduntil=_valid_until(options.get("validUntil")), **flags))
    _changed()
    grantor = current_user()
    for spec in options.get("addroleto") or []:
        parent = role_from_spec(spec)
        add_role_members(cc.role_name(parent), parent, [(name, oid)], grantor, False)
    if options.get("rolemembers"):
        add_role_members(name, oid, _member_list(options["rolemembers"]), grantor, False)
    if options.get("adminmembers"):
        add_role_members(name, oid, _member_list(options["adminmembers"]), grantor, True)
    return "CREATE ROLE"


def _member_list(specs) -> list[tuple[str, int]]:
    return [(_spec_name(spec), role_from_spec(spec)) for spec in specs]


def _changed() -> None:
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    cc.reset_caches()


# ---- ALTER ROLE ---------------------------------------------------------------------------

def alter_role(node: dict, raw) -> str:
    options = _options(node, raw)
    spec = node["role"]
    if spec.get("roletype") == "ROLESPEC_PUBLIC":
        raise PgError(UNDEFINED_OBJECT, 'role "public" does not exist')
    oid = role_from_spec(spec)
    row = cc.role_row(oid)
    name = row.rolname
    if row.rolsuper or "superuser" in options:
        if not is_superuser():
            raise _denied("must be superuser to alter superuser roles or change superuser "
                          "attribute")
    elif row.rolreplication or "isreplication" in options:
        if not is_superuser():
            raise _denied("must be superuser to alter replication roles or change "
                          "replication attribute")
    elif "bypassrls" in options:
        if not is_superuser():
            raise _denied("must be superuser to change bypassrls attribute")
    elif not have_createrole_privilege():
        only_own_password = (set(options) <= {"password"} and "password" in options
                             and oid == current_user())
        if not only_own_password:
            raise _denied("permission denied")
    if oid == d.BOOTSTRAP_SUPERUSER and options.get("superuser") is False:
        raise _denied("permission denied: bootstrap user must be superuser")
    changes = {}
    for option, column in _BOOLEAN_OPTIONS.items():
        if option in options:
            changes[column] = bool(options[option])
    if "connectionlimit" in options:
        changes["rolconnlimit"] = _connection_limit(options["connectionlimit"])
    if "password" in options:
        changes["rolpassword"] = _password_secret(name, options["password"])
    if "validUntil" in options:
        changes["rolvaliduntil"] = _valid_until(options["validUntil"])
    if changes:
        catalog_writes.update_rows("pg_authid", lambda r: r.oid == oid, **changes)
        _changed()
    members = options.get("rolemembers")
    if members:
        if node.get("action", 1) == 1:
            add_role_members(name, oid, _member_list(members), current_user(), False)
        else:
            delete_role_members(name, oid, _member_list(members), False)
    return "ALTER ROLE"


# ---- RENAME -------------------------------------------------------------------------------

def rename_role(node: dict) -> str:
    old, new = node["subname"], node["newname"]
    row = _role(old)
    if row.oid == session_user():
        raise PgError("0A000", "session user cannot be renamed")
    if row.oid == current_user():
        raise PgError("0A000", "current user cannot be renamed")
    if row.oid < FIRST_NORMAL_OBJECT_ID and row.rolname.startswith("pg_"):
        raise PgError(RESERVED_NAME, f'role name "{old}" is reserved',
                      detail='Role names starting with "pg_" are reserved.')
    _check_reserved(new)
    if cc.lookup_role(new) is not None:
        raise PgError(DUPLICATE_OBJECT, f'role "{new}" already exists')
    if row.rolsuper:
        if not is_superuser():
            raise _denied("must be superuser to rename superusers")
    elif not have_createrole_privilege():
        raise _denied("permission denied to rename role")
    changes = {"rolname": new}
    if row.rolpassword and row.rolpassword.startswith("md5") and len(row.rolpassword) == 35:
        changes["rolpassword"] = None
        notices.emit("00000", "MD5 password cleared because of role rename")
    catalog_writes.update_rows("pg_authid", lambda r: r.oid == row.oid, **changes)
    _changed()
    return "ALTER ROLE"


# ---- DROP ROLE ----------------------------------------------------------------------------

def drop_role(node: dict, raw) -> str:
    if not have_createrole_privilege():
        raise _denied("permission denied to drop role")
    for item in node.get("roles") or []:
        spec = item.get("RoleSpec", item)
        if spec.get("roletype", "ROLESPEC_CSTRING") != "ROLESPEC_CSTRING":
            raise PgError("22023", "cannot use special role specifier in DROP ROLE")
        name = spec.get("rolename", "")
        row = cc.lookup_role(name)
        if row is None:
            if node.get("missing_ok"):
                notices.emit("00000", f'role "{name}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_OBJECT, f'role "{name}" does not exist')
        if row.oid == current_user():
            raise PgError(OBJECT_IN_USE, "current user cannot be dropped")
        if row.oid == session_user():
            raise PgError(OBJECT_IN_USE, "session user cannot be dropped")
        if row.oid < FIRST_NORMAL_OBJECT_ID:
            raise PgError(DEPENDENT_OBJECTS, f"cannot drop role {name} because it is "
                                             f"required by the database system")
        if row.rolsuper and not is_superuser():
            raise _denied("must be superuser to drop superusers")
        from pgsnake.catalog import role_dependencies
        role_dependencies.check_droppable(row.oid, name)
        catalog_writes.delete_rows("pg_authid", lambda r: r.oid == row.oid)
        catalog_writes.delete_rows("pg_auth_members",
                                   lambda r: r.roleid == row.oid or r.member == row.oid)
        catalog_writes.delete_rows("pg_db_role_setting", lambda r: r.setrole == row.oid)
        _changed()
    return "DROP ROLE"


# ---- membership ---------------------------------------------------------------------------

def _check_membership_permission(role_name: str, role_oid: int, grantor: int) -> None:
    row = cc.role_row(role_oid)
    if row is not None and row.rolsuper:
        if not is_superuser():
            raise _denied("must be superuser to alter superusers")
    elif not have_createrole_privilege() and not acl.is_admin_of_role(grantor, role_oid):
        raise _denied(f'must have admin option on role "{role_name}"')
    if role_oid == acl.PG_DATABASE_OWNER:     # an elog in PostgreSQL: XX000
        raise PgError("XX000",
                      f'role "{role_name}" cannot have explicit members')


def add_role_members(role_name: str, role_oid: int, members: list[tuple[str, int]],
                     grantor: int, admin: bool) -> None:
    """AddRoleMems."""
    if not members:
        return
    _check_membership_permission(role_name, role_oid, grantor)
    if grantor != current_user() and not is_superuser():
        raise _denied("must be superuser to set grantor")
    for member_name, member in members:
        if member == acl.PG_DATABASE_OWNER:        # (an ereport without a code: XX000)
            raise PgError("XX000", f'role "{member_name}" cannot be a member of any role')
        if acl.is_member_of_role_nosuper(role_oid, member):
            raise PgError(INVALID_GRANT_OPERATION,
                          f'role "{role_name}" is a member of role "{member_name}"')
        existing = [r for r in cc.scan_catalog("pg_auth_members")
                    if r.roleid == role_oid and r.member == member]
        if existing and (not admin or existing[0].admin_option):
            notices.emit("00000", f'role "{member_name}" is already a member of role '
                                  f'"{role_name}"')
            continue
        if existing:
            catalog_writes.update_rows(
                "pg_auth_members", lambda r: r.roleid == role_oid and r.member == member,
                admin_option=True, grantor=grantor)
        else:
            catalog_writes.insert_row("pg_auth_members", d.row_values(
                "pg_auth_members", roleid=role_oid, member=member, grantor=grantor,
                admin_option=admin))
        _changed()


def delete_role_members(role_name: str, role_oid: int, members: list[tuple[str, int]],
                        admin_only: bool) -> None:
    """DelRoleMems."""
    if not members:
        return
    _check_membership_permission(role_name, role_oid, current_user())
    for member_name, member in members:
        existing = [r for r in cc.scan_catalog("pg_auth_members")
                    if r.roleid == role_oid and r.member == member]
        if not existing:
            notices.emit("01000", f'role "{member_name}" is not a member of role '
                                  f'"{role_name}"', severity="WARNING")
            continue
        if admin_only:
            catalog_writes.update_rows(
                "pg_auth_members", lambda r: r.roleid == role_oid and r.member == member,
                admin_option=False)
        else:
            catalog_writes.delete_rows(
                "pg_auth_members", lambda r: r.roleid == role_oid and r.member == member)
        _changed()


def grant_role(node: dict, raw) -> str:
    # GRANT ... WITH ADMIN OPTION gives admin=true; REVOKE ADMIN OPTION FOR gives
    # admin=false, meaning "revoke only the option" (the grammar's encoding).
    admin = False
    is_grant = bool(node.get("is_grant"))
    for item in node.get("opt") or []:
        option = item["DefElem"]
        if option["defname"] == "admin":
            value = _value(option.get("arg")) if "arg" in option else True
            admin = bool(value) if is_grant else True
        else:
            raise PgError("42601", f'unrecognized role option "{option["defname"]}"',
                          position=_position(raw, option.get("location", -1)))
    grantor = current_user()
    if node.get("grantor"):
        grantor = role_from_spec(node["grantor"])
    members = [(_spec_name(spec.get("RoleSpec", spec)),
                role_from_spec(spec.get("RoleSpec", spec)))
               for spec in node.get("grantee_roles") or []]
    for item in node.get("granted_roles") or []:
        priv = item["AccessPriv"]
        if priv.get("cols"):
            raise PgError(INVALID_GRANT_OPERATION,
                          "column names cannot be included in GRANT/REVOKE ROLE")
        role_name = priv.get("priv_name", "")
        role = _role(role_name)
        if is_grant:
            add_role_members(role_name, role.oid, members, grantor, admin)
        else:
            delete_role_members(role_name, role.oid, members, admin)
    return "GRANT ROLE" if is_grant else "REVOKE ROLE"


utility_statement.register("CreateRoleStmt", "CREATE ROLE", create_role)
utility_statement.register("AlterRoleStmt", "ALTER ROLE", alter_role)
utility_statement.register("DropRoleStmt", "DROP ROLE", drop_role)
utility_statement.register("GrantRoleStmt",
                           lambda raw: "GRANT ROLE" if raw.node[raw.kind].get("is_grant")
                           else "REVOKE ROLE", grant_role)


# ---- ALTER ROLE ... SET ------------------------------------------------------------------------

def alter_role_set(node: dict, raw) -> str:
    spec = node.get("role")
    if spec is None:
        role = 0
        if not is_superuser():
            raise _denied("must be superuser to alter settings globally")
    else:
        role = role_from_spec(spec)
        row = cc.role_row(role)
        if row.rolsuper:
            if not is_superuser():
                raise _denied("must be superuser to alter superusers")
        elif not have_createrole_privilege() and role != current_user():
            raise _denied("permission denied")
    database = 0
    if node.get("database"):
        db = cc.lookup_database(node["database"])
        if db is None:
            raise PgError("3D000", f'database "{node["database"]}" does not exist')
        database = db.oid
    store_setting(database, role, node["setstmt"])
    return "ALTER ROLE"


def store_setting(database: int, role: int, setstmt: dict) -> None:
    """The pg_db_role_setting row of (database, role) after SET / RESET / RESET ALL
    (AlterSetting): ALTER ROLE ... [IN DATABASE] SET and ALTER DATABASE ... SET."""
    existing = next((r for r in cc.scan_catalog("pg_db_role_setting")
                     if r.setdatabase == database and r.setrole == role), None)
    from pgsnake.utils import setting_arrays          # GUCArrayAdd / GUCArrayDelete
    config = setting_arrays.updated(list(existing.setconfig or [])
                                    if existing is not None else None, [setstmt]) or []
    if existing is not None:
        if config:
            catalog_writes.update_rows("pg_db_role_setting", lambda r: r.setdatabase == database
                                       and r.setrole == role, setconfig=config)
        else:
            catalog_writes.delete_rows("pg_db_role_setting", lambda r: r.setdatabase == database
                                       and r.setrole == role)
    elif config:
        catalog_writes.insert_row("pg_db_role_setting", d.row_values(
            "pg_db_role_setting", setdatabase=database, setrole=role, setconfig=config))
    _changed()


utility_statement.register("AlterRoleSetStmt", "ALTER ROLE", alter_role_set)
