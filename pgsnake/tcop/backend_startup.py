"""Connection start-up: the startup packet, authentication, and choosing the database.

Order, as in PostgreSQL:
 1. Read the startup packet. SSLRequest and GSSENCRequest are answered 'N' (no
    encryption yet) and the client sends its StartupMessage next. A CancelRequest is
    handled here and the connection closes.
 2. Refuse if the postmaster is not accepting connections (57P03).
 3. Claim a client backend's proc-array slot: 53300 "sorry, too many clients already"
    when all max_connections are taken.
 4. Look up the role in pg_authid (a shared catalog, readable before a database is
    chosen), find the pg_hba.conf line, authenticate.
 5. A role that is not a superuser needs more than superuser_reserved_connections
    free slots left (53300 "remaining connection slots are reserved for
    non-replication superuser connections").
 6. Look up the database in pg_database (3D000 if missing, 55000 if it refuses
    connections); then take the postmaster's catalog caches of that database, if it
    has them, caught up with the invalidation ring (catalog/warm_caches.py,
    backend_main).
 7. Apply the startup parameters: `options` (the backend's command-line switches,
    tcop/startup_options.py), then client_encoding, DateStyle and the rest; then send
    ParameterStatus for every reported setting, BackendKeyData and the first
    ReadyForQuery.
authentication_timeout bounds step 1 and, afresh, steps 4-6 (tcop/client_wait.py).

PostgreSQL: tcop/backend_startup.c (ProcessStartupPacket), utils/init/postinit.c
(InitPostgres), libpq/auth.c (ClientAuthentication).
"""
from __future__ import annotations

import os
import signal

from pgsnake.protocol import messages as m
from pgsnake.utils import errors, process_state, settings
from pgsnake.utils.errors import FatalError, PgError

# ParameterStatus values sent at start-up, in PostgreSQL 15's order.
REPORTED_SETTINGS = ("application_name", "client_encoding", "datestyle", "default_transaction_read_only",
                     "in_hot_standby", "integer_datetimes", "intervalstyle", "is_superuser",
                     "server_encoding", "server_version", "session_authorization",
                     "standard_conforming_strings", "timezone")

# pg_hba.conf as the postmaster parsed it before forking us (postmaster/subsystems.py
# load_hba_file); None outside a postmaster (then the file is read per connection).
hba_rules = None

PM_REFUSAL = {
    "startup": "the database system is starting up",
    "crash": "the database system is in recovery mode",
    "stop_backends": "the database system is shutting down",
    "shutdown": "the database system is shutting down",
}


def read_startup(conn, known_cancel_keys: dict[int, int]):
    """Steps 1: returns the StartupMessage, or None after handling a cancel request."""
    from pgsnake.protocol import startup_packet as sp
    for _ in range(3):   # SSLRequest and GSSENCRequest may each precede the real packet
        packet = conn.read_startup_packet()
        if isinstance(packet, (sp.SSLRequest, sp.GSSENCRequest)):
            conn.send(b"N")
            conn.flush()
            continue
        if isinstance(packet, sp.CancelRequest):
            handle_cancel(packet, known_cancel_keys)
            return None
        return packet
    raise FatalError(errors.PROTOCOL_VIOLATION, "incomplete startup packet")


def handle_cancel(packet, known_cancel_keys: dict[int, int]) -> None:
    """Send SIGINT to the backend named by the cancel request, if the key matches.
    The keys are the postmaster's, inherited at fork: a backend that started later
    than this one cannot be cancelled through it, which only loses a race PostgreSQL
    also loses (cancel is best-effort)."""
    if known_cancel_keys.get(packet.pid) == packet.secret:
        try:
            os.kill(packet.pid, signal.SIGINT)
        except ProcessLookupError:
            pass


def apply_startup_options(params: dict[str, str]) -> None:
    """Step 7: `options` (the backend's command-line switches, tcop/startup_options.py),
    then every other parameter that names a setting, as PostgreSQL's
    process_startup_options. Runs after authentication: whether the role is a superuser
    decides which settings it may set."""
    from pgsnake.catalog import session_roles
    from pgsnake.tcop import startup_options
    session_roles.apply_role_settings(process_state.database_oid, process_state.user_oid)
    startup_options.apply_options(params.get("options", ""), _set_startup_setting,
                                  _set_switch_setting)
    for name, value in params.items():
        if name in ("user", "database", "options", "replication"):
            continue
        _set_startup_setting(name, value)


def _set_switch_setting(name: str, value: str) -> None:
    """A setting a switch such as -F or -O implies; one pgsnake does not have yet is
    skipped, so the switch is accepted as PostgreSQL accepts it."""
    if settings.is_defined(name):
        _set_startup_setting(name, value)


def _set_startup_setting(name: str, value: str) -> None:
    lname = name.lower()
    if not settings.is_defined(lname):
        if "." in lname:
            settings.define(settings.Setting(lname, "string", "", settings.USERSET))
        else:
            raise FatalError(errors.UNDEFINED_OBJECT, f'unrecognized configuration parameter "{name}"')
    if lname == "client_encoding":
        from pgsnake.tcop.utility import _normalise_encoding
        try:
            value = _normalise_encoding(value)
        except PgError as e:
            raise FatalError(e.sqlstate, e.message) from None
    setting = settings.DEFINITIONS[lname]
    if setting.context in (settings.INTERNAL, settings.POSTMASTER, settings.SIGHUP):
        raise FatalError("55P02", f'parameter "{lname}" cannot be changed without restarting the server'
                         if setting.context == settings.POSTMASTER else
                         f'parameter "{lname}" cannot be changed now')
    if setting.context == settings.SUSET and not process_state.is_superuser:
        raise FatalError(errors.INSUFFICIENT_PRIVILEGE, f'permission denied to set parameter "{lname}"')
    try:
        settings.set_value(lname, value, source="client", check_context=False)
    except PgError as e:
        raise FatalError(e.sqlstate, e.message, hint=e.hint) from None


def authenticate_client(conn, conn_type: str, user: str, database: str) -> object:
    """Step 4. Returns the role row. Raises FatalError on failure."""
    from pgsnake.catalog import catalog_cache
    from pgsnake.protocol import authentication, hba

    role = catalog_cache.lookup_role(user)
    address = process_state.client_address if conn_type == "host" else None
    hba_file = hba_rules if hba_rules is not None else hba.load_hba(os.path.join(os.getcwd(), "pg_hba.conf"))
    method = hba_file.match(conn_type, database, user, address)
    if method is None:
        raise authentication.no_hba_entry_error(address, user, database)
    if method == "reject":
        raise authentication.hba_reject_error(address, user, database)
    from pgsnake.catalog import session_roles
    password = session_roles.password_for_login(role) if role is not None else None
    if role is None and method != "trust":
        # Run the exchange anyway so a client cannot probe which roles exist.
        authentication.authenticate(conn, method, user, None, address=address, database=database)
    else:
        authentication.authenticate(conn, method, user, password, address=address, database=database)
    if role is None:
        raise FatalError(errors.INVALID_AUTHORIZATION_SPECIFICATION, f'role "{user}" does not exist')
    if not getattr(role, "rolcanlogin", True):
        raise FatalError(errors.INVALID_AUTHORIZATION_SPECIFICATION,
                         f'role "{user}" is not permitted to log in')
    session_roles.check_connection_limit(role, process_state.proc_number)
    return role


def check_reserved_slots(is_superuser: bool) -> None:
    """Step 5 (PostgreSQL's HaveNFreeProcs check in InitPostgres): our own slot is
    already taken, so a non-superuser gets in only while more than the reserved number
    stay free."""
    from pgsnake.storage.ipc import proc_array
    reserved = settings.get("superuser_reserved_connections")
    if is_superuser or reserved <= 0:
        return
    if proc_array.free_slots(proc_array.backend_slots()) < reserved:
        raise FatalError(errors.TOO_MANY_CONNECTIONS, "remaining connection slots are reserved "
                         "for non-replication superuser connections")


def choose_database(database: str):
    """The database's row, if the session may connect to it (InitPostgres's checks, then
    CheckMyDatabase's)."""
    from pgsnake.catalog import catalog_cache
    row = catalog_cache.lookup_database(database)
    if row is None:
        raise FatalError(errors.UNDEFINED_DATABASE, f'database "{database}" does not exist')
    return row


def check_chosen_database(database: str, oid: int):
    """After the caller took RowExclusiveLock on the database and published it in the
    proc array: the row again, since a DROP or RENAME may have committed while it waited
    (from now on a DROP sees this session); then the refusals."""
    from pgsnake.catalog import catalog_cache, database_validity
    row = catalog_cache.lookup_database(database)
    if row is None or row.oid != oid:
        raise FatalError(errors.UNDEFINED_DATABASE, f'database "{database}" does not exist',
                         detail="It seems to have just been dropped or renamed.")
    database_validity.check_connectable(row)
    if not getattr(row, "datallowconn", True):
        raise FatalError("55000", f'database "{database}" is not currently accepting connections')
    from pgsnake.catalog import session_roles
    session_roles.check_database_login(row)
    return row


def send_startup_reports(conn, pid: int, cancel_key: int) -> dict[str, str]:
    from pgsnake.tcop.utility import canonical_name
    reported = {}
    for name in REPORTED_SETTINGS:
        value = settings.show(name)
        reported[name] = value
        conn.send(m.parameter_status(canonical_name(name), value))
    conn.send(m.backend_key_data(pid, cancel_key))
    return reported
