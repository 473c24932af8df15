"""Who the session is: the session user, the current user, SET ROLE and SET SESSION
AUTHORIZATION, and SECURITY DEFINER functions running as their owner.

process_state.user_oid / user_name / is_superuser are the *current* user, the one every
privilege check and every new object's owner uses (PostgreSQL's GetUserId());
process_state.session_user_oid / session_user_name are the session user
(GetSessionUserId()). The settings `role` and `session_authorization` carry SET ROLE and
SET SESSION AUTHORIZATION; their hooks, installed here on the settings module (which
sits below the catalogs and cannot look roles up), check the role and switch the
identity. Because settings are transactional, ROLLBACK undoes a SET ROLE through the
same assign hook. `is_superuser` (a reported setting) follows the current user.

Rules
1. SET ROLE needs membership of the session user in the role (superusers may become
   anyone); SET SESSION AUTHORIZATION needs the *authenticated* user to be a superuser
   (or the target to be that user itself).
2. A SECURITY DEFINER function runs with the current user switched to its owner for the
   length of the call (as_user()); SET ROLE and session_user are untouched.

Entry points: install() (from privilege_functions.register_all), as_user(oid) context
manager, current_user_name(), session_user_name().

PostgreSQL: commands/variable.c (check_role, assign_role, check_session_authorization,
assign_session_authorization), utils/init/miscinit.c (GetUserId, SetSessionAuthorization,
SetCurrentRoleId, SetUserIdAndSecContext), utils/fmgr/fmgr.c (fmgr_security_definer).
"""
from __future__ import annotations

import contextlib

from pgsnake.catalog import acl
from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils import process_state
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

INSUFFICIENT_PRIVILEGE = "42501"

# The role authenticated at connection (SET SESSION AUTHORIZATION's permission test).
_authenticated: tuple[int, bool] | None = None
_role_active = False           # SET ROLE in effect (not "none")
_definer_depth = 0             # SECURITY DEFINER calls (as_user) in progress


def _refuse_in_definer(name: str) -> None:
    if _definer_depth:
        raise PgError(INSUFFICIENT_PRIVILEGE, f'cannot set parameter "{name}" within '
                                              f'security-definer function')


def current_user_name() -> str:
    return process_state.user_name


def session_user_name() -> str:
    return process_state.session_user_name or process_state.user_name


def _become(oid: int, name: str) -> None:
    from pgsnake.utils import settings
    process_state.user_oid = oid
    process_state.user_name = name
    process_state.is_superuser = acl.is_superuser(oid)
    settings.set_value("is_superuser", "on" if process_state.is_superuser else "off",
                       source="default", check_context=False)


def _lookup(name: str):
    row = cc.lookup_role(name)
    if row is None:
        raise PgError(INVALID_PARAMETER_VALUE, f'role "{name}" does not exist')
    return row


# ---- SET ROLE -------------------------------------------------------------------------------

def _check_role(text: str) -> str:
    _refuse_in_definer("role")
    if text == "none":
        return "none"
    row = _lookup(text)
    session_oid = process_state.session_user_oid or process_state.user_oid
    if not acl.is_member_of_role(session_oid, row.oid):
        raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to set role "{text}"')
    return row.rolname


def _assign_role(value: str) -> None:
    global _role_active
    if value == "none":
        _role_active = False
        _become(process_state.session_user_oid or process_state.user_oid,
                session_user_name())
        return
    row = cc.lookup_role(value)
    if row is None:        # dropped meanwhile: behave as PostgreSQL's "none"
        _role_active = False
        return
    _role_active = True
    _become(row.oid, row.rolname)


# ---- SET SESSION AUTHORIZATION --------------------------------------------------------------

def _check_session_authorization(text: str) -> str:
    _refuse_in_definer("session_authorization")
    row = _lookup(text)
    if _authenticated is not None:
        user, superuser = _authenticated
        if row.oid != user and not superuser:
            raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to set session "
                                                  "authorization")
    return row.rolname


def _assign_session_authorization(value: str) -> None:
    global _authenticated, _role_active
    row = cc.lookup_role(value)
    if row is None:
        return
    if _authenticated is None:
        _authenticated = (row.oid, bool(row.rolsuper))
    process_state.session_user_oid = row.oid
    process_state.session_user_name = row.rolname
    _role_active = False
    _become(row.oid, row.rolname)


def _show_role(value: str) -> str:
    return value if _role_active else "none"


def install() -> None:
    from pgsnake.datatypes import functions
    from pgsnake.utils import settings
    # current_user / session_user written as function calls (pg_catalog.current_user());
    # getpgusername is current_user's old name
    for oid, name, fn in ((745, "current_user", current_user_name),
                          (746, "session_user", session_user_name),
                          (710, "getpgusername", current_user_name)):
        functions.register(name, [], 19, fn, oid=oid, volatility="s")
    role = settings.lookup("role")
    role.normalize, role.assign, role.show_hook = _check_role, _assign_role, _show_role
    session = settings.lookup("session_authorization")
    session.normalize, session.assign = (_check_session_authorization,
                                         _assign_session_authorization)
    role.assign_every_set = session.assign_every_set = True


def _definer_depth_enter() -> None:
    global _definer_depth
    _definer_depth += 1


def _definer_depth_leave() -> None:
    global _definer_depth
    _definer_depth -= 1


@contextlib.contextmanager
def as_user(oid: int):
    """Run the body with the current user switched to `oid` (SECURITY DEFINER, views
    checked as their owner); the previous identity comes back even on error."""
    saved = (process_state.user_oid, process_state.user_name, process_state.is_superuser)
    if oid == saved[0]:
        _definer_depth_enter()
        try:
            yield
        finally:
            _definer_depth_leave()
        return
    global _definer_depth
    process_state.user_oid = oid
    process_state.user_name = cc.role_name(oid) or str(oid)
    process_state.is_superuser = acl.is_superuser(oid)
    _definer_depth += 1
    try:
        yield
    finally:
        _definer_depth -= 1
        process_state.user_oid, process_state.user_name, process_state.is_superuser = saved


# ---- at login --------------------------------------------------------------------------------

def password_for_login(role) -> str | None:
    """The stored secret to authenticate against, or None when the role has none or it
    has expired (rolvaliduntil passed): the exchange then fails as for a wrong password,
    as PostgreSQL's get_role_password makes it."""
    import datetime
    secret = getattr(role, "rolpassword", None)
    valid_until = getattr(role, "rolvaliduntil", None)
    if secret is not None and valid_until is not None:
        if valid_until < datetime.datetime.now(datetime.timezone.utc):
            return None
    return secret


def check_connection_limit(role, my_slot: int) -> None:
    """InitializeSessionUserId's per-role limit: FATAL 53300 when this connection would
    exceed rolconnlimit (superusers are exempt). Approximate, as in PostgreSQL: two
    backends starting at once may both count each other."""
    from pgsnake.storage.ipc import proc_array
    from pgsnake.utils.errors import FatalError
    limit = getattr(role, "rolconnlimit", -1)
    if limit is None or limit < 0 or getattr(role, "rolsuper", False):
        return
    others = sum(1 for slot in proc_array.slots()
                 if slot.kind == "client backend" and slot.user_oid == role.oid
                 and slot.number != my_slot)
    if others + 1 > limit:
        raise FatalError("53300", f'too many connections for role "{role.rolname}"')


def apply_role_settings(database_oid: int, role_oid: int) -> None:
    """process_settings: the session starts with ALTER ROLE / ALTER DATABASE ... SET
    values; the most specific wins (database and role, then role, then database, then
    every role), so they are applied least specific first. A stored value that no
    longer applies is skipped, as PostgreSQL warns and goes on."""
    from pgsnake.utils import settings
    rows = {(r.setdatabase, r.setrole): r.setconfig for r in cc.scan_catalog("pg_db_role_setting")}
    for key, source in (((0, 0), "global"), ((database_oid, 0), "database"),
                        ((0, role_oid), "user"), ((database_oid, role_oid), "database user")):
        for item in rows.get(key) or ():
            name, _, value = item.partition("=")
            try:
                if not settings.is_defined(name) and "." in name:
                    settings.define(settings.Setting(name, "string", "", settings.USERSET))
                setting = settings.lookup(name)
                if setting.context == settings.SUSET and not process_state.is_superuser:
                    continue
                settings.set_value(name, value, source=source, check_context=False)
            except PgError:
                continue


def check_database_login(database) -> None:
    """CheckMyDatabase's checks after datallowconn: CONNECT privilege (FATAL 42501) and
    the database's connection limit (FATAL 53300); superusers are exempt from both."""
    from pgsnake.storage.ipc import proc_array
    from pgsnake.utils.errors import FatalError
    if process_state.is_superuser or not hasattr(database, "datdba"):
        return
    current = acl.acl_or_default(database.datacl, "database", database.datdba)
    if not acl.acl_mask(current, process_state.user_oid, database.datdba,
                        acl.letters_mask("c")):
        raise FatalError("42501", f'permission denied for database "{database.datname}"',
                         detail="User does not have CONNECT privilege.")
    limit = database.datconnlimit
    if limit is not None and limit >= 0:
        others = sum(1 for slot in proc_array.slots()
                     if slot.kind == "client backend" and slot.database_oid == database.oid
                     and slot.number != process_state.proc_number)
        if others + 1 > limit:
            raise FatalError("53300", f'too many connections for database '
                                      f'"{database.datname}"')
