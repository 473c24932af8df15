"""CREATE DATABASE and DROP DATABASE.

Neither may run inside a transaction block. CREATE DATABASE copies a template
(template1 unless TEMPLATE names another) with PostgreSQL's FILE_COPY strategy
(access/transam/database_files.py): checkpoint, copy, WAL record, pg_database row,
checkpoint; if anything fails after the copy, the new directory is removed. The
template must have no other sessions. DROP DATABASE refuses the current database, a
template, and a database with other sessions or prepared transactions (55006), then
deletes the row and removes the directory. DROP DATABASE ... WITH (FORCE) first sends
SIGTERM to the other sessions on the database (TerminateOtherDBBackends: not when a
prepared transaction uses it, and only to sessions the user may signal), then waits for
them to leave as a plain DROP does.

Supported options: TEMPLATE, OWNER, ENCODING (UTF8 only), LOCALE / LC_COLLATE /
LC_CTYPE / LOCALE_PROVIDER libc (checked as PostgreSQL checks them against the
template: database_locale.py), CONNECTION LIMIT, IS_TEMPLATE, ALLOW_CONNECTIONS, STRATEGY (both spellings
copy files), TABLESPACE pg_default.

Entry points: execute_create_database(node), execute_drop_database(node).

PostgreSQL: commands/dbcommands.c (createdb, dropdb), storage/ipc/procarray.c
(CountOtherDBBackends, TerminateOtherDBBackends).
"""
from __future__ import annotations

import os
import signal

from pgsnake.access.transam import xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import catalog_writes, collation_creation, invalidation
from pgsnake.catalog import definitions as d
from pgsnake.commands import utility_statement
from pgsnake.commands.def_elem import argument_text
from pgsnake.utils import notices, process_state
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INSUFFICIENT_PRIVILEGE,
                                  INVALID_PARAMETER_VALUE, UNDEFINED_OBJECT,
                                  WRONG_OBJECT_TYPE, PgError)

DUPLICATE_DATABASE = "42P04"
UNDEFINED_DATABASE = "3D000"
OBJECT_IN_USE = "55006"
PG_SIGNAL_BACKEND = 4200                # the predefined role's OID


def _other_backends(database_oid: int) -> list:
    """The proc-array slots of the other sessions and autovacuum workers on the database."""
    from pgsnake.storage.ipc import proc_array
    return [slot for slot in proc_array.slots()
            if slot.database_oid == database_oid and slot.pid and slot.pid != os.getpid()
            and slot.kind in ("client backend", "autovacuum worker")]


def _prepared_transactions(database_oid: int) -> int:
    """How many prepared transactions belong to the database (they count as users of
    it, as their dummy procs do in PostgreSQL's proc array)."""
    from pgsnake.access.transam import twophase
    return sum(1 for entry in twophase.entries() if entry.database == database_oid)


def _terminate_other_backends(database_oid: int, name: str) -> None:
    """DROP DATABASE ... WITH (FORCE): SIGTERM every other session on the database, after
    checking, for all of them first, that this user may signal them
    (TerminateOtherDBBackends); the caller then waits for them to leave."""
    from pgsnake.catalog import acl
    prepared = _prepared_transactions(database_oid)
    if prepared:
        raise PgError(OBJECT_IN_USE, f'database "{name}" is being used by prepared '
                      f'transactions', detail=_prepared_detail(prepared))
    targets = _other_backends(database_oid)
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    for slot in targets:
        if slot.kind != "client backend":
            continue            # an autovacuum worker runs as the bootstrap superuser
        if not process_state.is_superuser and acl.is_superuser(slot.user_oid):
            raise PgError(INSUFFICIENT_PRIVILEGE,
                          "must be a superuser to terminate superuser process")
        if not (acl.has_privs_of_role(user, slot.user_oid)
                or acl.has_privs_of_role(user, PG_SIGNAL_BACKEND)):
            raise PgError(INSUFFICIENT_PRIVILEGE,
                          "must be a member of the role whose process is being terminated "
                          "or member of pg_signal_backend")
    for slot in targets:
        try:
            os.kill(slot.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass                # gone already


def _other_sessions(database_oid: int) -> int:
    """How many other sessions use the database, after giving them up to 5 seconds to
    leave (CountOtherDBBackends): a client that just disconnected has a backend still
    finishing, and CREATE DATABASE right after must not fail on it."""
    from pgsnake.storage.ipc import latch
    from pgsnake.utils import interrupts
    signalled: set[int] = set()
    for attempt in range(50):
        slots = _other_backends(database_oid)
        for slot in slots:
            # An autovacuum worker gives way: SIGTERM, as CountOtherDBBackends sends.
            if slot.kind == "autovacuum worker" and slot.pid not in signalled:
                signalled.add(slot.pid)
                try:
                    os.kill(slot.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        count = len(slots)
        if count == 0 or attempt == 49:
            return count
        latch.wait(0.1)
        latch.reset_my_latch()
        interrupts.check_for_interrupts()
    return count


def _in_use_detail(count: int) -> str:
    if count == 1:
        return "There is 1 other session using the database."
    return f"There are {count} other sessions using the database."


def _prepared_detail(count: int) -> str:
    if count == 1:
        return "There is 1 prepared transaction using the database."
    return f"There are {count} prepared transactions using the database."


def _check_in_use(database_oid: int, message: str) -> None:
    """55006 when other sessions (after up to 5 s) or prepared transactions use the
    database (CountOtherDBBackends' two counts)."""
    others = _other_sessions(database_oid)
    prepared = _prepared_transactions(database_oid)
    if others and prepared:
        raise PgError(OBJECT_IN_USE, message,
                      detail=f"There are {others} other session(s) and {prepared} prepared "
                             f"transaction(s) using the database.")
    if others or prepared:
        raise PgError(OBJECT_IN_USE, message, detail=_in_use_detail(others) if others
                      else _prepared_detail(prepared))



def _truth(text: str | None) -> bool:
    return (text or "true").lower() in ("true", "on", "1", "yes", "t")


def execute_create_database(node: dict) -> str:
    from pgsnake.access.transam import checkpoint, database_files, transaction_ids
    xact.prevent_in_transaction_block("CREATE DATABASE")
    name = node["dbname"]
    options = {e["DefElem"]["defname"]: argument_text(e["DefElem"])
               for e in node.get("options", [])}
    template_name = options.get("template") or "template1"
    from pgsnake.catalog import database_validity
    from pgsnake.storage.lmgr import lock_modes
    # ShareLock: a DROP of the template waits until the copy is committed (get_db_info).
    template = _locked_database(template_name, lock_modes.SHARE)
    if template is None:
        raise PgError(UNDEFINED_DATABASE, f'template database "{template_name}" does not exist')
    database_validity.check_template(template)
    from pgsnake.commands import database_locale     # LOCALE, LC_*, ENCODING, provider
    collate, ctype = database_locale.choose(options, template, template_name)
    if options.get("tablespace") not in (None, "pg_default"):
        raise PgError(FEATURE_NOT_SUPPORTED, "tablespaces are not supported yet")
    if cc.lookup_database(name) is not None:
        raise PgError(DUPLICATE_DATABASE, f'database "{name}" already exists')
    owner = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    if options.get("owner"):
        role = cc.lookup_role(options["owner"])
        if role is None:
            raise PgError(UNDEFINED_OBJECT, f'role "{options["owner"]}" does not exist')
        owner = role.oid
    connection_limit = int(options.get("connection_limit") or -1)
    if connection_limit < -1:
        raise PgError(INVALID_PARAMETER_VALUE, f"invalid connection limit: {connection_limit}")
    _check_in_use(template.oid, f'source database "{template_name}" is being accessed '
                                f'by other users')
    oid = transaction_ids.get_new_oid()
    checkpoint.request_checkpoint(wait=True)      # the template's pages are on disk
    database_files.copy_database(template.oid, oid)
    try:
        catalog_writes.insert_row("pg_database", d.row_values(
            "pg_database", oid=oid, datname=name, datdba=owner, encoding=template.encoding,
            datlocprovider=template.datlocprovider,
            datistemplate=_truth(options.get("is_template")) if "is_template" in options
            else False,
            datallowconn=_truth(options.get("allow_connections")),
            datconnlimit=connection_limit, datfrozenxid=template.datfrozenxid,
            datminmxid=template.datminmxid, dattablespace=template.dattablespace,
            datcollate=collate, datctype=ctype,
            # the template's, else (template0) the library's version now (createdb)
            datcollversion=template.datcollversion if template.datcollversion is not None
            else collation_creation.actual_version("c", collate)))
        from pgsnake.catalog import shared_dependencies     # the template's roles
        shared_dependencies.copy_database(template.oid, oid)
        invalidation.note_catalog_change()
        xact.command_counter_increment()
        checkpoint.request_checkpoint(wait=True)  # the copy is durable before commit
    except BaseException:
        database_files.remove_database(oid)
        raise
    return "CREATE DATABASE"


def _check_database_owner(row) -> None:
    from pgsnake.catalog import acl
    user = process_state.user_oid or d.BOOTSTRAP_SUPERUSER
    if not process_state.is_superuser and not acl.has_privs_of_role(user, row.datdba):
        raise PgError(INSUFFICIENT_PRIVILEGE, f"must be owner of database {row.datname}")


def _locked_database(name: str, mode: int):
    """The database's row, with `mode` held on the database object (get_db_info): a
    DROP holds AccessExclusiveLock, which new sessions' RowExclusiveLock waits for; the
    lookup is repeated after the lock, as the holder may have dropped or renamed it."""
    from pgsnake.catalog import relation_locks
    row = cc.lookup_database(name)
    while row is not None:
        relation_locks.lock_shared_object(d.PG_DATABASE_OID, row.oid, mode)
        again = cc.lookup_database(name)
        if again is not None and again.oid == row.oid:
            return again
        row = again
    return None


def mark_invalid(database_oid: int) -> None:
    """DROP DATABASE's point of no return: datconnlimit = -2 in place (not MVCC, so it
    stays if the transaction aborts or the server crashes), and the WAL flushed, before
    anything irreversible happens to the files. An invalid database refuses connections
    (backend_startup.choose_database), ALTER DATABASE and use as a template, is skipped
    by autovacuum, and can only be dropped."""
    from pgsnake.access.transam.wal import wal
    from pgsnake.commands import vacuum
    vacuum._inplace_update("pg_database", database_oid,
                           dict(datconnlimit=d.DATCONNLIMIT_INVALID_DB))
    wal.flush(wal.insert_lsn())


def execute_drop_database(node: dict) -> str:
    from pgsnake.access.transam import database_files
    from pgsnake.storage.lmgr import lock_modes
    xact.prevent_in_transaction_block("DROP DATABASE")
    force = any(e["DefElem"]["defname"] == "force" for e in node.get("options", []))
    name = node["dbname"]
    row = _locked_database(name, lock_modes.ACCESS_EXCLUSIVE)
    if row is None:
        if node.get("missing_ok"):
            notices.emit("00000", f'database "{name}" does not exist, skipping')
            return "DROP DATABASE"
        raise PgError(UNDEFINED_DATABASE, f'database "{name}" does not exist')
    _check_database_owner(row)
    if row.datistemplate:
        raise PgError(WRONG_OBJECT_TYPE, "cannot drop a template database")
    if row.oid == process_state.database_oid:
        raise PgError(OBJECT_IN_USE, "cannot drop the currently open database")
    if force:
        _terminate_other_backends(row.oid, name)
    _check_in_use(row.oid, f'database "{name}" is being accessed by other users')
    # Everything that can fail comes before the point of no return (mark_invalid).
    catalog_writes.delete_rows("pg_db_role_setting", lambda r: r.setdatabase == row.oid)
    from pgsnake.catalog import shared_dependencies     # its objects' roles
    shared_dependencies.forget_database(row.oid)
    from pgsnake.utils.activity import pgstat
    pgstat.drop_database(row.oid)
    mark_invalid(row.oid)
    # The row goes transactionally: if this transaction does not commit, the database
    # stays, invalid, and DROP DATABASE can be run again.
    catalog_writes.delete_rows("pg_database", lambda r: r.oid == row.oid)
    invalidation.note_catalog_change()
    xact.command_counter_increment()
    database_files.remove_database(row.oid)
    xact.force_sync_commit()        # the smallest window between the files and the row
    return "DROP DATABASE"


utility_statement.register("CreatedbStmt", "CREATE DATABASE",
                           lambda node, raw: execute_create_database(node))
utility_statement.register("DropdbStmt", "DROP DATABASE",
                           lambda node, raw: execute_drop_database(node))
