"""The backend: one process per client connection, running its messages to completion.

    backend_main()   start-up (tcop/backend_startup.py), then the message loop:
                     read a message, dispatch it, report errors, send ReadyForQuery

Error recovery is the one place where a PgError becomes an ErrorResponse (style.md §13):
    ERROR  release LWLocks and buffer pins, abort the transaction (or mark the
           transaction block failed), and go on; in the extended protocol, skip messages
           until the next Sync
    FATAL  send it and exit with code 1 (a normal backend exit for the postmaster)
    PANIC  send it, then exit with code 2: the postmaster crash-restarts the cluster
A Python exception that is not a PgError is a bug; it is reported as XX000 and handled as
an ERROR, after the same cleanup, so one bad statement never takes the session down.
Before the session starts (start-up packet, authentication) every failure, a bug
included, is FATAL for this connection alone: never a crash of the cluster.

The backend never blocks in the kernel on its socket: its waits for the client sleep on
its latch (tcop/client_wait.py), so it also wakes when the postmaster dies and exits.

PostgreSQL: tcop/postgres.c (PostgresMain, exec_simple_query, exec_parse_message,
exec_bind_message, exec_execute_message, exec_describe_*_message).
"""
from __future__ import annotations

import os
import socket
import time
import traceback

from pgsnake.catalog import definitions, relation_locks, warm_caches
from pgsnake.utils import process_title
from pgsnake.protocol import messages as m
from pgsnake.storage.ipc import backend_status
from pgsnake.storage.lmgr import lock_modes
from pgsnake.tcop import (backend_startup, client_wait, copy_protocol, extended_query, fastpath,
                          session_views, simple_query, statement_log)
from pgsnake.tcop.session import Session
from pgsnake.utils import elog, errors, interrupts, process_state, settings, timeouts
from pgsnake.utils.errors import FatalError, PgError


def backend_main(sock: socket.socket, conn_type: str, pm_state: str, cancel_key: int,
                 known_cancel_keys: dict[int, int]) -> int:
    """Run one connection; returns the exit code (0 or 1: both normal for the postmaster).

    Whatever goes wrong before the session starts ends this connection alone (FATAL, or
    silence where PostgreSQL is silent), never the cluster: an unexpected exception is
    logged, reported as FATAL XX000, and what it held (LWLocks, buffer pins, the
    transaction, the proc slot) is released first."""
    from pgsnake.protocol.connection import Connection

    interrupts.install_backend_handlers()
    client_wait.wake_latch_on_signals()
    process_state.client_address, process_state.client_port = _peer(sock, conn_type)
    if conn_type != "local":
        try:
            process_state.server_address, process_state.server_port = sock.getsockname()[:2]
        except OSError:
            pass
    client = "[local]" if conn_type == "local" else f"{process_state.client_address}({process_state.client_port})"
    process_title.set_title(f"{client} authentication")
    sock.settimeout(None)
    conn = Connection(sock)
    waiter = conn.wait_hook = client_wait.ClientWait(conn)
    session = Session(conn)
    session_views.attach(session)
    copy_protocol.install(session)
    statement_log.log_connection_received()
    try:
        try:
            if not _start_session(session, waiter, conn_type, client, pm_state, cancel_key,
                                  known_cancel_keys):
                return 0
        except (client_wait.EndConnection, interrupts.TerminateWhileIdle):
            _clean_up(session)
            return 1
        except PgError as e:
            _clean_up(session)
            return _report_startup_failure(conn, e)
        except (EOFError, ConnectionError, OSError):
            _clean_up(session)
            return 0
        except Exception as e:   # a bug: it ends this connection, never the cluster
            _log_internal_error(e)
            _clean_up(session)
            return _report_startup_failure(conn, FatalError(errors.INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE))
        interrupts.set_connection_check(lambda: client_wait.client_is_connected(conn))
        session_started = time.time()
        try:
            return message_loop(session)
        finally:
            statement_log.log_disconnection(session_started)
    finally:
        from pgsnake.commands import temp_relations
        temp_relations.remove_at_backend_exit()     # before the proc slot goes
        from pgsnake.utils.activity import pgstat
        pgstat.report_disconnect()          # pg_stat_database's session counts and times
        session.release_proc_slot()


def _start_session(session: Session, waiter, conn_type: str, client: str, pm_state: str,
                   cancel_key: int, known_cancel_keys: dict[int, int]) -> bool:
    """From the startup packet to the first ReadyForQuery's prerequisites, in
    PostgreSQL's order (tcop/backend_startup.py). False: a cancel request, handled."""
    conn = session.conn
    timeout = settings.get("authentication_timeout")
    waiter.phase, waiter.deadline = client_wait.STARTUP_PACKET, time.monotonic() + timeout
    startup = backend_startup.read_startup(conn, known_cancel_keys)
    if startup is None:
        return False
    if pm_state != "run":
        raise FatalError(errors.CANNOT_CONNECT_NOW, backend_startup.PM_REFUSAL.get(pm_state, "the database system is not accepting connections"))
    params = startup.params
    user = startup.user
    database = startup.database
    if startup.needs_negotiation:
        conn.send(m.negotiate_protocol_version(0, list(startup.unrecognized_options)))
    if params.get("replication") not in (None, "false", "0", "off", "no"):
        raise FatalError(errors.FEATURE_NOT_SUPPORTED, "replication connections are not supported yet")
    session.claim_proc_slot()
    # A fresh period for the exchange itself, as PostgreSQL's PerformAuthentication.
    waiter.phase, waiter.deadline = client_wait.AUTHENTICATION, time.monotonic() + timeout
    session.start_transaction()
    try:
        role = backend_startup.authenticate_client(conn, conn_type, user, database)
        process_state.user_oid = getattr(role, "oid", 10)
        process_state.user_name = user
        process_state.is_superuser = bool(getattr(role, "rolsuper", True))
        backend_startup.check_reserved_slots(process_state.is_superuser)
        db = backend_startup.choose_database(database)
        # A writer's lock on the database, then ourselves in the proc array, then the
        # row again (InitPostgres): a DROP DATABASE holding its lock makes us wait until
        # it ends, and one starting after we let go of the lock counts us.
        relation_locks.lock_shared_object(definitions.PG_DATABASE_OID, db.oid,
                                          lock_modes.ROW_EXCLUSIVE)
        session.publish_identity(db.oid, process_state.user_oid)
        db = backend_startup.check_chosen_database(database, db.oid)
    finally:
        session.finish_transaction()
    waiter.phase, waiter.deadline = client_wait.SESSION, None
    waiter.on_idle_wake = session.deliver_notifications_while_idle
    process_state.database_oid = db.oid
    # The postmaster's catalog caches of this database, caught up (postmaster rule 15).
    warm_caches.install(db.oid, is_template=bool(getattr(db, "datistemplate", False)))
    process_state.database_name = database
    session.set_identity(user, database, client)
    settings.set_value("session_authorization", user, source="default", check_context=False)
    # The database's locale (CheckMyDatabase): SHOW lc_collate / lc_ctype, and the
    # default collation's case mapping (datatypes/functions.py).
    settings.set_value("lc_collate", db.datcollate, source="default", check_context=False)
    settings.set_value("lc_ctype", db.datctype, source="default", check_context=False)
    settings.set_value("is_superuser", "on" if process_state.is_superuser else "off",
                       source="default", check_context=False)
    backend_startup.apply_startup_options(params)
    local = conn_type == "local"
    from pgsnake.utils.activity import pgstat
    pgstat.report_connect()
    backend_status.report_session_start(settings.get("application_name"),
                                        "" if local else process_state.client_address,
                                        -1 if local else process_state.client_port)
    session.reported = backend_startup.send_startup_reports(conn, os.getpid(), cancel_key)
    if settings.get("log_connections"):
        application = settings.get("application_name")
        elog.log(f"connection authorized: user={user} database={database}"
                 + (f" application_name={application}" if application else ""))
    return True


def _clean_up(session: Session) -> None:
    """Release what a failed start-up may hold (session rule 2); never raises."""
    try:
        session.abort_after_error(quiet=True)
    except Exception as e:
        elog.log(f"cleanup after a failed connection start-up failed: {e}", "WARNING")


def _peer(sock: socket.socket, conn_type: str) -> tuple[str, int]:
    if conn_type == "local":
        return "[local]", 0
    try:
        host, port = sock.getpeername()[:2]
        return host, port
    except OSError:
        return "", 0


def _report_startup_failure(conn, err: PgError) -> int:
    if err.severity == "ERROR":
        err.severity = "FATAL"
    try:
        if getattr(err, "use_legacy_format", False):
            conn.send(m.legacy_error_response(err.severity, err.message))
        elif getattr(err, "report_to_client", True):
            conn.send(m.error_response(err.fields()))
        conn.flush()
    except (OSError, PgError, client_wait.EndConnection):
        pass     # the client went away, or stopped reading until we gave up waiting
    if err.sqlstate not in (errors.CANNOT_CONNECT_NOW,):
        elog.log_error(err)
    return 1


def message_loop(session: Session) -> int:
    conn = session.conn
    send_ready = True
    while True:
        try:
            if send_ready and not session.skip_until_sync:
                session.send_ready_for_query()
                send_ready = False
            if not conn.has_pending_input():
                # Flush only when we would wait: a pipelined group (Parse/Bind/Execute/
                # Sync) gets all its replies in one write, as in PostgreSQL.
                conn.flush()
            _arm_idle_timeout(session)
            interrupts.idle_wait_begins()
            try:
                msg_type, body = conn.read_message()
            finally:
                interrupts.idle_wait_ends()
                timeouts.disable(timeouts.IDLE_IN_TRANSACTION_SESSION_TIMEOUT)
                timeouts.disable(timeouts.IDLE_SESSION_TIMEOUT)
                interrupts.idle_timeout_pending = None   # a message came first
        except interrupts.TerminateWhileIdle as e:
            _send_fatal(session, e.error)
            return 1
        except (EOFError, ConnectionError, OSError):
            from pgsnake.utils.activity import pgstat
            pgstat.set_disconnect_cause("client_eof")
            session.abort_after_error(quiet=True)
            return 0
        except PgError as e:      # a malformed or over-long message: the stream is lost
            e.severity = "FATAL"
            _send_fatal(session, e)
            return 1

        try:
            interrupts.check_for_interrupts()
            msg = m.decode_frontend(msg_type, body)
            kind = type(msg).__name__
            if kind == "Terminate":
                session.abort_after_error(quiet=True)
                return 0
            if kind == "Query":
                session.skip_until_sync = False
                simple_query.exec_simple_query(session, msg.sql)
                send_ready = True
            elif kind == "Sync":
                session.skip_until_sync = False
                extended_query.exec_sync(session)
                send_ready = True
            elif session.skip_until_sync:
                continue
            elif kind == "FunctionCall":
                fastpath.exec_function_call(session, msg)
                send_ready = True
            elif kind == "Flush":
                conn.flush()
            elif kind in extended_query.HANDLERS:
                extended_query.HANDLERS[kind](session, msg)
            elif kind in ("CopyData", "CopyDone", "CopyFail"):
                continue      # stray COPY traffic outside COPY mode is ignored, as PostgreSQL does
            else:
                raise PgError(errors.PROTOCOL_VIOLATION, f"invalid frontend message type {msg_type[0]}")
        except FatalError as e:
            _send_fatal(session, e)
            return 1
        except (ConnectionError, BrokenPipeError):
            session.abort_after_error(quiet=True)
            return 0
        except Exception as e:
            err = _as_reported_error(e)
            if err.severity == "PANIC":
                _panic(session, err, e)
            try:
                session.report_error(err)
            except FatalError as fatal:   # e.g. the postmaster died while we wrote it
                _send_fatal(session, fatal)
                return 1
            except (ConnectionError, OSError):
                session.abort_after_error(quiet=True)
                return 0
            if getattr(err, "then_fatal", None) is not None:   # e.g. COPY lost the stream
                _send_fatal(session, err.then_fatal)
                return 1
            if msg_type in EXTENDED_QUERY_MESSAGES:
                session.skip_until_sync = True
            else:
                send_ready = True


def _panic(session: Session, err: PgError, cause: BaseException) -> None:
    """Shared memory may contradict WAL now: tell the client, as PostgreSQL does, touch
    nothing shared, and exit abnormally so that the postmaster crash-restarts."""
    elog.log_error(err)
    if cause.__cause__ is not None:
        os.write(2, "".join(traceback.format_exception(cause.__cause__)).encode())
    try:
        session.conn.send(m.error_response(err.fields()))
        session.conn.flush()
    except Exception:
        pass
    panic_exit()


def panic_exit() -> None:
    os._exit(2)


def _arm_idle_timeout(session: Session) -> None:
    """idle_in_transaction_session_timeout runs while we wait for the client inside a
    transaction block (open or failed), idle_session_timeout while we wait outside one."""
    from pgsnake.access.transam import xact
    if xact.transaction_status() in ("T", "E"):
        limit = settings.get("idle_in_transaction_session_timeout")
        if limit > 0:
            timeouts.enable_after(timeouts.IDLE_IN_TRANSACTION_SESSION_TIMEOUT, limit)
    else:
        limit = settings.get("idle_session_timeout")
        if limit > 0:
            timeouts.enable_after(timeouts.IDLE_SESSION_TIMEOUT, limit)


# After an error in one of these, messages are skipped until Sync (tcop/README rule 3).
EXTENDED_QUERY_MESSAGES = (b"P", b"B", b"D", b"E", b"C", b"H")


def _as_reported_error(exc: Exception) -> PgError:
    """The ERROR to report for an exception raised while running a message."""
    if isinstance(exc, PgError):
        return exc
    if isinstance(exc, RecursionError):   # nested deeper than Python's stack allows
        from pgsnake.parser.raw_parser import stack_depth_error
        return stack_depth_error()
    # A bug: report it as XX000, clean up, keep the session.
    _log_internal_error(exc)
    return PgError(errors.INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE)


# What the client sees of a bug: never Python's exception name or text (those go to
# the server log with the traceback).
INTERNAL_ERROR_MESSAGE = "internal error"


def _log_internal_error(exc: BaseException) -> None:
    elog.log(f"internal error: {type(exc).__name__}: {exc}", "LOG")
    try:
        os.write(2, traceback.format_exc().encode())
    except OSError:
        pass


def _send_fatal(session: Session, err: PgError) -> None:
    from pgsnake.utils.activity import pgstat
    pgstat.set_disconnect_cause("killed" if err.sqlstate == errors.ADMIN_SHUTDOWN else "fatal")
    session.abort_after_error(quiet=True)
    if not getattr(err, "report_to_client", True):   # e.g. a bad message length: log only
        elog.log_error(err)
        return
    try:
        session.conn.send(m.error_response(err.fields()))
        session.conn.flush()
    except (OSError, PgError):
        pass     # the client went away, or stopped reading (connection.py rule 6)
