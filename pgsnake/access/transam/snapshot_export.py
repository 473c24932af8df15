"""Exported snapshots: pg_export_snapshot() and SET TRANSACTION SNAPSHOT, so that several
sessions read the database in the same state (pg_dump --jobs does this).

pg_export_snapshot writes the transaction's snapshot to pg_snapshots/<id> in PostgreSQL
15's text format (vxid, pid, dbid, iso, ro, xmin, xmax, xcnt / xip, sof, sxcnt / sxp, rec)
and returns the id, "%08X-%08X-%d": backend id, local transaction id, the number of
snapshots this transaction exported. The transaction's own xid and live subxids are added
to the running ones, since it is still running when another transaction imports them
(pgsnake's snapshots list subxids in xip: they are written there, sof as the snapshot's
suboverflowed). The files go when the exporting transaction ends (commit, abort; PREPARE
is refused), and the exporting transaction keeps its xmin published meanwhile (xact.py
keeps the oldest until the end), so VACUUM keeps what the snapshot sees.

SET TRANSACTION SNAPSHOT '<id>' (the first statement of a REPEATABLE READ or SERIALIZABLE
transaction) reads the file back with ImportSnapshot's checks and errors and makes it the
transaction's snapshot, after checking, under ProcArrayLock, that the exporting
transaction (its virtual xid) is still running, and publishing the imported xmin.

Entry points: export_snapshot() (SQL pg_export_snapshot), import_snapshot(id) (tcop's
SET TRANSACTION SNAPSHOT), remove_all_files() (postmaster start), register_sql_functions().

PostgreSQL: utils/time/snapmgr.c (ExportSnapshot, ImportSnapshot, parseXidFromText ...,
DeleteAllExportedSnapshotFiles), storage/ipc/procarray.c (ProcArrayInstallImportedXmin).
"""
from __future__ import annotations

import os

from pgsnake.access.transam import xact
from pgsnake.storage.ipc import proc_array
from pgsnake.storage.lmgr import lock as heavyweight_locks
from pgsnake.storage.lmgr import lock_table, lwlock
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError, file_access_error

SNAPSHOT_DIRECTORY = "pg_snapshots"
FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE = "0A000", "22023"
ACTIVE_SQL_TRANSACTION, INVALID_TEXT_REPRESENTATION = "25001", "22P02"
OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
_ISOLATION_NUMBERS = {"read uncommitted": 0, "read committed": 1, "repeatable read": 2,
                      "serializable": 3}
_ID_CHARACTERS = frozenset("ABCDEF0123456789-")

# The files this transaction exported (removed at its end).
_exported: list[str] = []


def _on_transaction_event(event: str) -> None:
    if event == "pre_prepare" and _exported:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "cannot PREPARE a transaction that has exported snapshots")
    if event in ("commit", "abort", "prepare"):
        remove_exported()


def remove_exported() -> None:
    for path in _exported:
        try:
            os.unlink(path)
        except OSError:
            pass
    _exported.clear()


def remove_all_files() -> None:
    """At server start, exported snapshots of a previous run mean nothing."""
    try:
        names = os.listdir(SNAPSHOT_DIRECTORY)
    except OSError:
        return
    for name in names:
        try:
            os.unlink(os.path.join(SNAPSHOT_DIRECTORY, name))
        except OSError:
            pass


def export_snapshot() -> str:
    if xact.in_subtransaction():
        raise PgError(ACTIVE_SQL_TRANSACTION, "cannot export a snapshot from a subtransaction")
    snapshot = xact.get_transaction_snapshot()
    backend_id, local_xid = heavyweight_locks.current_virtual_xid_parts()
    identifier = f"{backend_id:08X}-{local_xid:08X}-{len(_exported) + 1}"
    own = [xact.top_xid_if_any()] if xact.top_xid_if_any() else []
    running = sorted(set(snapshot.xip) | set(own) | set(snapshot.curxids))
    lines = [f"vxid:{backend_id}/{local_xid}", f"pid:{os.getpid()}",
             f"dbid:{process_state.database_oid}",
             f"iso:{_ISOLATION_NUMBERS[xact.isolation_level()]}",
             f"ro:{int(xact.is_read_only())}", f"xmin:{snapshot.xmin}",
             f"xmax:{snapshot.xmax}", f"xcnt:{len(running)}"]
    lines += [f"xip:{xid}" for xid in running]
    if snapshot.suboverflowed:
        lines.append("sof:1")
    else:
        lines += ["sof:0", "sxcnt:0"]
    lines.append("rec:0")
    path = os.path.join(SNAPSHOT_DIRECTORY, identifier)
    temporary = path + ".tmp"
    try:
        with open(temporary, "w", encoding="ascii") as f:
            f.write("\n".join(lines) + "\n")
        os.rename(temporary, path)
    except OSError as e:
        raise file_access_error(e, f'could not write to file "{temporary}"') from None
    _exported.append(path)
    return identifier


# ---- importing ----------------------------------------------------------------------------

def _invalid_data(path: str) -> PgError:
    return PgError(INVALID_TEXT_REPRESENTATION, f'invalid snapshot data in file "{path}"')


def _parse(text: str, path: str) -> dict:
    lines = text.split("\n")
    position = 0
    fields: dict = {}

    def take(name: str) -> str:
        nonlocal position
        if position >= len(lines) or not lines[position].startswith(name + ":"):
            raise _invalid_data(path)
        value = lines[position][len(name) + 1:]
        position += 1
        return value

    def number(name: str) -> int:
        try:
            return int(take(name))
        except ValueError:
            raise _invalid_data(path) from None

    vxid = take("vxid")
    try:
        backend_text, local_text = vxid.split("/")
        fields["vxid"] = (int(backend_text), int(local_text))
    except ValueError:
        raise _invalid_data(path) from None
    for name in ("pid", "dbid", "iso", "ro", "xmin", "xmax"):
        fields[name] = number(name)
    count = number("xcnt")
    if count < 0:
        raise _invalid_data(path)
    fields["xip"] = [number("xip") for _ in range(count)]
    fields["sof"] = number("sof")
    fields["sxp"] = []
    if not fields["sof"]:
        subcount = number("sxcnt")
        if subcount < 0:
            raise _invalid_data(path)
        fields["sxp"] = [number("sxp") for _ in range(subcount)]
    fields["rec"] = number("rec")
    return fields


def _install_xmin(xmin: int, backend_id: int, local_xid: int, pid: int) -> None:
    """ProcArrayInstallImportedXmin: publish `xmin` only while the exporting virtual
    transaction still runs (so its own xmin still holds everything back)."""
    lock = lwlock.named("ProcArrayLock")
    lock.acquire(lwlock.EXCLUSIVE)
    try:
        source = backend_id - 1
        alive = 0 <= source < proc_array.slot_count() and \
            lock_table.virtual_xid(source) == local_xid and local_xid != 0
        if not alive:
            raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                          "could not import the requested snapshot",
                          detail=f"The source process with PID {pid} is not running anymore.")
        xact.publish_imported_xmin(xmin)
    finally:
        lock.release()


def import_snapshot(identifier: str) -> None:
    if xact.snapshot_taken() or xact.top_xid_if_any():
        raise PgError(ACTIVE_SQL_TRANSACTION,
                      "SET TRANSACTION SNAPSHOT must be called before any query")
    if not xact.uses_transaction_snapshot():
        raise PgError(FEATURE_NOT_SUPPORTED, "a snapshot-importing transaction must have "
                      "isolation level SERIALIZABLE or REPEATABLE READ")
    if not set(identifier) <= _ID_CHARACTERS:
        raise PgError(INVALID_PARAMETER_VALUE, f'invalid snapshot identifier: "{identifier}"')
    path = os.path.join(SNAPSHOT_DIRECTORY, identifier)
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        raise PgError(INVALID_PARAMETER_VALUE,
                      f'invalid snapshot identifier: "{identifier}"') from None
    except IsADirectoryError as e:
        raise file_access_error(e, f'could not read file "{path}"') from None
    except OSError as e:
        raise file_access_error(e, f'could not open file "{path}" for reading') from None
    fields = _parse(text, path)
    backend_id, local_xid = fields["vxid"]
    if backend_id <= 0 or local_xid == 0 or fields["dbid"] == 0 or \
            fields["xmin"] < 3 or fields["xmax"] < 3:
        raise _invalid_data(path)
    if xact.is_serializable():
        if fields["iso"] != _ISOLATION_NUMBERS["serializable"]:
            raise PgError(FEATURE_NOT_SUPPORTED, "a serializable transaction cannot import "
                          "a snapshot from a non-serializable transaction")
        if fields["ro"] and not xact.is_read_only():
            raise PgError(FEATURE_NOT_SUPPORTED, "a non-read-only serializable transaction "
                          "cannot import a snapshot from a read-only transaction")
    if fields["dbid"] != process_state.database_oid:
        raise PgError(FEATURE_NOT_SUPPORTED, "cannot import a snapshot from a different database")
    _install_xmin(fields["xmin"], backend_id, local_xid, fields["pid"])
    xact.install_imported_snapshot(fields["xmin"], fields["xmax"],
                                   frozenset(fields["xip"]) | frozenset(fields["sxp"]),
                                   bool(fields["sof"]))


def register_sql_functions() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_export_snapshot", [], 25, export_snapshot, oid=3809)
    xact.register_callback(_on_transaction_event)
