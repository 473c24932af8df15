"""The server-file functions: pg_ls_dir, pg_read_file, pg_read_binary_file, pg_stat_file,
pg_ls_waldir / pg_ls_logdir / pg_ls_tmpdir / pg_ls_archive_statusdir, pg_current_logfile,
pg_rotate_logfile, pg_tablespace_databases.

Privileges, as PostgreSQL 15's: EXECUTE on each is revoked from PUBLIC at initdb
(catalog/initial_privileges.py; pg_ls_waldir / _logdir / _tmpdir / _archive_statusdir
granted to pg_monitor), checked by the executor like any function's. A role with the
privileges of pg_read_server_files (a superuser has them) may then name any file; any
other role only a relative path in or below the data directory (the server's working
directory) or an absolute one inside the data directory or log_directory: otherwise
42501 "absolute path not allowed" / "path must be in or below the current directory".
File errors carry errcode_for_file_access's SQLSTATE (58P01 no such file, 42809 a
directory read as a file, ...); missing_ok turns a missing file into NULL / no rows.

pg_ls_dir lists in the directory's own (readdir) order; the pg_ls_*dir functions list
regular files only, without names starting with a dot. pgsnake has no logging collector:
pg_current_logfile reads current_logfiles if something wrote it (NULL otherwise), and
pg_rotate_logfile warns and returns false, as PostgreSQL does with the collector off.

Entry point: register_all(), run when the module is imported (commands/__init__.py).

PostgreSQL: utils/adt/genfile.c (convert_and_check_filename, read_binary_file,
pg_stat_file, pg_ls_dir, pg_ls_dir_files), utils/adt/misc.c (pg_tablespace_databases,
pg_current_logfile), postmaster/syslogger.c (pg_rotate_logfile).
"""
from __future__ import annotations

import datetime as dt
import os
import stat

from pgsnake.utils import notices, process_state, settings
from pgsnake.utils.errors import (INSUFFICIENT_PRIVILEGE, INVALID_PARAMETER_VALUE, PgError,
                                  file_access_error)

PG_READ_SERVER_FILES = 4569
TABLESPACE_VERSION_DIRECTORY = "PG_15_202209061"
_LOG_FORMATS = ("stderr", "csvlog", "jsonlog")


def _timestamptz(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def _data_directory() -> str:
    return os.path.abspath(process_state.data_directory)


def _is_prefix(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def _check_filename(name: str) -> str:
    """convert_and_check_filename: the path canonicalized ("a/../b" is "b"), or 42501 for
    a role that may not read it."""
    from pgsnake.catalog import acl
    path = os.path.normpath(name) if name else name
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if acl.has_privs_of_role(process_state.user_oid, PG_READ_SERVER_FILES):
        return path
    if os.path.isabs(path):
        log_directory = settings.get("log_directory")
        if not _is_prefix(_data_directory(), path) and not (
                os.path.isabs(log_directory) and _is_prefix(os.path.normpath(log_directory), path)):
            raise PgError(INSUFFICIENT_PRIVILEGE, "absolute path not allowed")
    elif path == ".." or path.startswith("../"):
        raise PgError(INSUFFICIENT_PRIVILEGE, "path must be in or below the current directory")
    return path


# ---- reading files ------------------------------------------------------------------

def _read_bytes(name: str, offset: int, length: int | None,
                missing_ok: bool) -> bytes | None:
    """read_binary_file: `length` bytes from `offset` (from the end when negative), or
    to the end of the file when length is None."""
    name = path = _check_filename(name)
    if length is not None and length < 0:
        raise PgError(INVALID_PARAMETER_VALUE, "requested length cannot be negative")
    try:
        f = open(path, "rb")
    except FileNotFoundError as e:
        if missing_ok:
            return None
        raise file_access_error(e, f'could not open file "{name}" for reading') from None
    except IsADirectoryError as e:
        # C's fopen opens a directory and its fread fails: PostgreSQL's message is the read's
        raise file_access_error(e, f'could not read file "{name}"') from None
    except OSError as e:
        raise file_access_error(e, f'could not open file "{name}" for reading') from None
    with f:
        try:
            if offset >= 0:
                f.seek(offset, os.SEEK_SET)
            else:
                f.seek(offset, os.SEEK_END)
        except OSError as e:
            raise file_access_error(e, f'could not seek in file "{name}"') from None
        try:
            return f.read() if length is None else f.read(length)
        except OSError as e:
            raise file_access_error(e, f'could not read file "{name}"') from None


def _as_text(data: bytes | None) -> str | None:
    """pg_verifymbstr: the bytes must be valid in the database encoding (UTF8)."""
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start:e.start + 2]
        raise PgError("22021", 'invalid byte sequence for encoding "UTF8": '
                      + " ".join(f"0x{b:02x}" for b in bad)) from None
    if "\x00" in text:
        raise PgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00')
    return text


def read_file(name, offset=0, length=None, missing_ok=False):
    return _as_text(_read_bytes(name, offset, length, missing_ok))


def read_binary_file(name, offset=0, length=None, missing_ok=False):
    return _read_bytes(name, offset, length, missing_ok)


def stat_file(name, missing_ok=False):
    name = path = _check_filename(name)
    try:
        info = os.stat(path)
    except FileNotFoundError as e:
        if missing_ok:
            return None
        raise file_access_error(e, f'could not stat file "{name}"') from None
    except OSError as e:
        raise file_access_error(e, f'could not stat file "{name}"') from None
    return (info.st_size, _timestamptz(info.st_atime), _timestamptz(info.st_mtime),
            _timestamptz(info.st_ctime), None, stat.S_ISDIR(info.st_mode))


# ---- listing directories ---------------------------------------------------------------

def ls_dir(name, missing_ok=False, include_dot_dirs=False):
    name = path = _check_filename(name)
    try:
        with os.scandir(path) as entries:
            names = [entry.name for entry in entries]
    except FileNotFoundError as e:
        if missing_ok:
            return []
        raise file_access_error(e, f'could not open directory "{name}"') from None
    except OSError as e:
        raise file_access_error(e, f'could not open directory "{name}"') from None
    return ([".", ".."] if include_dot_dirs else []) + names


def _ls_files(directory: str, missing_ok: bool):
    """pg_ls_dir_files: (name, size, modification) of the regular files not starting
    with a dot."""
    try:
        with os.scandir(directory) as entries:
            found = list(entries)
    except FileNotFoundError as e:
        if missing_ok:
            return []
        raise file_access_error(e, f'could not open directory "{directory}"') from None
    except OSError as e:
        raise file_access_error(e, f'could not open directory "{directory}"') from None
    rows = []
    for entry in found:
        if entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except FileNotFoundError:
            continue                     # removed since we listed it
        except OSError as e:
            raise file_access_error(e, f'could not stat file "{directory}/{entry.name}"') from None
        if not stat.S_ISREG(info.st_mode):
            continue
        rows.append((entry.name, info.st_size, _timestamptz(info.st_mtime)))
    return rows


def ls_waldir():
    return _ls_files("pg_wal", False)


def ls_logdir():
    return _ls_files(settings.get("log_directory"), False)


def ls_archive_statusdir():
    return _ls_files("pg_wal/archive_status", True)


def _tablespace_exists(oid: int) -> bool:
    from pgsnake.catalog import catalog_cache as cc
    return any(row.oid == oid for row in cc.scan_catalog("pg_tablespace"))


def ls_tmpdir(tablespace=1663):
    if not _tablespace_exists(tablespace):
        raise PgError("42704", f"tablespace with OID {tablespace} does not exist")
    if tablespace in (1663, 1664):
        directory = "base/pgsql_tmp"
    else:
        directory = f"pg_tblspc/{tablespace}/{TABLESPACE_VERSION_DIRECTORY}/pgsql_tmp"
    return _ls_files(directory, True)


# ---- logs and tablespaces ------------------------------------------------------------------

def current_logfile(log_format=None):
    if log_format is not None and log_format not in _LOG_FORMATS:
        raise PgError(INVALID_PARAMETER_VALUE, f'log format "{log_format}" is not supported',
                      hint='The supported log formats are "stderr", "csvlog", and "jsonlog".')
    try:
        with open("current_logfiles", encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for line in lines:
        kind, _, path = line.partition(" ")
        if log_format is None or kind == log_format:
            return path
    return None


def rotate_logfile():
    notices.emit("01000", "rotation not possible because log collection not active",
                 severity="WARNING")
    return False


def tablespace_databases(oid):
    if oid == 1664:
        notices.emit("01000", "global tablespace never has databases", severity="WARNING")
        return []
    directory = "base" if oid == 1663 else \
        f"pg_tblspc/{oid}/{TABLESPACE_VERSION_DIRECTORY}"
    try:
        with os.scandir(directory) as entries:
            names = [entry.name for entry in entries]
    except FileNotFoundError:
        if oid != 1663:
            notices.emit("01000", f"{oid} is not a tablespace OID", severity="WARNING")
        return []
    except OSError as e:
        raise file_access_error(e, f'could not open directory "{directory}"') from None
    out = []
    for name in names:
        if not name.isdigit():
            continue
        try:
            if os.listdir(os.path.join(directory, name)) or oid == 1663:
                out.append(int(name))
        except OSError:
            continue
    return out


def register_all() -> None:
    from pgsnake.catalog.system_view_functions import register_from_proc
    for oid, body in (
            (2625, ls_dir), (3297, ls_dir),
            (3826, read_file), (2624, read_file), (3293, read_file),
            (3828, read_binary_file), (3827, read_binary_file), (3295, read_binary_file),
            (2623, stat_file), (3307, stat_file),
            (3354, ls_waldir), (3353, ls_logdir), (5031, ls_archive_statusdir),
            (5029, ls_tmpdir), (5030, ls_tmpdir),
            (3800, current_logfile), (3801, current_logfile),
            (2622, rotate_logfile), (4099, rotate_logfile),
            (2556, tablespace_databases)):
        register_from_proc(oid, body)



register_all()
