"""A database's directory (base/<oid>): copied from a template by CREATE DATABASE,
removed by DROP DATABASE, both WAL-logged and replayed (resource manager 4, "Database").

CREATE DATABASE uses PostgreSQL's FILE_COPY strategy: a checkpoint writes every dirty
buffer (the template's pages included) to disk, the template's directory is copied
file by file and fsynced, an XLOG_DBASE_CREATE_FILE_COPY record is written, and a
second checkpoint follows (the caller's job), so crash recovery never has to replay the
copy unless the crash came between the two; if it does, redo copies the directory again
from the template as it is at that point of replay.

DROP DATABASE (after marking the database invalid, WAL-flushed) forgets the database's
buffers (unwritten), logs XLOG_DBASE_DROP and removes the directory, which redo repeats;
a file that cannot be removed then is a WARNING, not an ERROR.

Every file goes through storage/file/file_io (fault injection, power-loss simulation).

Entry points: copy_database(source_oid, target_oid), remove_database(oid); redo /
describe registered at import.

PostgreSQL: commands/dbcommands.c (createdb's CreateDatabaseUsingFileCopy, dropdb,
remove_dbtablespaces, dbase_redo), include/commands/dbcommands_xlog.h,
storage/file/copydir.c.
"""
from __future__ import annotations

import os
import struct

from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.file import file_io
from pgsnake.storage.smgr import storage_manager as smgr

XLOG_DBASE_CREATE_FILE_COPY = 0x00
XLOG_DBASE_DROP = 0x20
DEFAULT_TABLESPACE = 1663
_CREATE = struct.Struct("<IIII")        # db_id, tablespace_id, src_db_id, src_tablespace_id
_DROP = struct.Struct("<IiI")           # db_id, ntablespaces (1), tablespace_id
_COPY_CHUNK = 1 << 20
_SKIPPED = ("pg_internal.init",)        # relcache init file: rebuilt, never copied


def _directory(database_oid: int) -> str:
    return f"base/{database_oid}"


def _copy_tree(source: str, target: str) -> None:
    """copydir: every regular file of `source` into a fresh `target`, then fsync it all."""
    _remove_tree(target)
    file_io.make_directories(target)
    for name in sorted(os.listdir(source)):
        if name in _SKIPPED or not os.path.isfile(os.path.join(source, name)):
            continue
        src = file_io.open_file(os.path.join(source, name), os.O_RDONLY)
        dst = file_io.open_file(os.path.join(target, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            offset = 0
            while True:
                chunk = file_io.pread(src, _COPY_CHUNK, offset)
                if not chunk:
                    break
                file_io.pwrite(dst, chunk, offset)
                offset += len(chunk)
            file_io.fsync(dst)
        finally:
            file_io.close_file(src)
            file_io.close_file(dst)
    file_io.fsync_directory(target)
    file_io.fsync_directory(os.path.dirname(target))


def _remove_tree(directory: str) -> None:
    if not os.path.isdir(directory):
        return
    for name in os.listdir(directory):
        file_io.unlink(os.path.join(directory, name))
    os.rmdir(directory)
    file_io.fsync_directory(os.path.dirname(directory))


def _warn(message: str) -> None:
    """A WARNING (SQLSTATE 01000): to the client in a backend, to the log in redo."""
    from pgsnake.utils import elog, notices
    if wal.in_recovery():
        elog.log(message, "WARNING", sqlstate="01000")
    else:
        notices.emit("01000", message, severity="WARNING")


def _remove_tree_or_warn(directory: str) -> None:
    """Past the point of no return (the drop is logged; the database is invalid or its
    row gone), a file that cannot be removed is a WARNING, never an ERROR that would
    abort the transaction (rmtree in remove_dbtablespaces and dbase_redo)."""
    if not os.path.isdir(directory):
        return
    complete = True
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        try:
            file_io.unlink(path)
        except FileNotFoundError:
            pass
        except OSError as e:
            complete = False
            _warn(f'could not remove file "{path}": {os.strerror(e.errno)}')
    try:
        os.rmdir(directory)
        file_io.fsync_directory(os.path.dirname(directory))
    except OSError as e:
        if complete:
            _warn(f'could not remove directory "{directory}": {os.strerror(e.errno)}')
        complete = False
    if not complete:
        _warn(f'some useless files may be left behind in old database directory '
                     f'"{directory}"')


def copy_database(source_oid: int, target_oid: int) -> None:
    """Copy the template's directory (the caller has checkpointed) and log it."""
    _copy_tree(_directory(source_oid), _directory(target_oid))
    lsn = wal.insert_record(wal.RmgrId.DBASE, XLOG_DBASE_CREATE_FILE_COPY,
                            _CREATE.pack(target_oid, DEFAULT_TABLESPACE, source_oid,
                                         DEFAULT_TABLESPACE), [])
    wal.flush(lsn)


def remove_database(database_oid: int) -> None:
    """Forget the database's buffers and open files, remove its directory, log it."""
    from pgsnake.storage.buffer import buffer_manager as bufmgr
    bufmgr.drop_database_buffers(database_oid)
    smgr.close_all()
    lsn = wal.insert_record(wal.RmgrId.DBASE, XLOG_DBASE_DROP,
                            _DROP.pack(database_oid, 1, DEFAULT_TABLESPACE), [])
    wal.flush(lsn)
    _remove_tree_or_warn(_directory(database_oid))


def remove_directory(database_oid: int) -> None:
    """Remove a database's directory without logging it: the orphan sweep after crash
    recovery (catalog/orphan_files.py), for a directory no committed row names."""
    _remove_tree(_directory(database_oid))


def redo(record) -> None:
    info = record.info & 0xF0
    if info == XLOG_DBASE_CREATE_FILE_COPY:
        target, _spc, source, _src_spc = _CREATE.unpack_from(record.main_data, 0)
        from pgsnake.storage.buffer import buffer_manager as bufmgr
        bufmgr.flush_all_buffers()          # the template as replayed so far
        _copy_tree(_directory(source), _directory(target))
    elif info == XLOG_DBASE_DROP:
        (target,) = struct.unpack_from("<I", record.main_data, 0)
        from pgsnake.storage.buffer import buffer_manager as bufmgr
        bufmgr.drop_database_buffers(target)
        smgr.close_all()
        _remove_tree_or_warn(_directory(target))
    else:
        raise RuntimeError(f"dbase redo: unknown op code {info:#x}")


def identify(info: int) -> str:
    return {XLOG_DBASE_CREATE_FILE_COPY: "CREATE_FILE_COPY",
            XLOG_DBASE_DROP: "DROP"}.get(info & 0xF0, f"UNKNOWN ({info:#x})")


def describe(record) -> str:
    info = record.info & 0xF0
    if info == XLOG_DBASE_CREATE_FILE_COPY:
        target, spc, source, src_spc = _CREATE.unpack_from(record.main_data, 0)
        return f"copy dir {src_spc}/{source} to {spc}/{target}"
    target, _n, spc = _DROP.unpack_from(record.main_data, 0)
    return f"dir {spc}/{target}"


wal.register_rmgr(wal.RmgrId.DBASE, "Database", redo, describe)
waldump.register_identify(wal.RmgrId.DBASE, identify)
