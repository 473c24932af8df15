"""Temporary files for work that does not fit in work_mem (sorts that spill).

Entry points:
    TempFile()                     a new file base/pgsql_tmp/pgsql_tmp<pid>.<n> in the
                                   data directory, open for writing
    TempFile.write_batch(rows)     append a list of rows
    TempFile.batches()             read the lists back, in order (after writing ends)
    TempFile.write_batch(rows) -> offset, TempFile.batch_at(offset)
                                   random access to one batch (a window partition's
                                   spilled rows)
    TempFile.close()               close and remove the file (idempotent)
    TempFile.size                  bytes written
    close_all()                    remove every temporary file this process still has
                                   (transaction abort, backend exit)
    PartitionFiles()               rows set aside by partition number (a hash join's
                                   later batches, a hash aggregate's spilled input):
                                   add(n, row), rows(n), size(), close()
    fileset_directory(name)        a shared fileset's directory (base/pgsql_tmp/
                                   pgsql_tmp<name>.sharedfileset): files one process
                                   writes and others read (Parallel Hash's inner rows)
    TempFile(path).keep()          a fileset member: written, then left for its readers
    read_batches(path)             a fileset member's batches, from any process
    remove_fileset(name)           the fileset's directory and files (its maker, once
                                   every process using it is gone)

Rows are pickled a batch at a time: the values are the executor's Python values, which
only this process reads back. Names follow PostgreSQL's, so `ls base/pgsql_tmp` shows
whose files they are; nothing outlives the process that made them.

PostgreSQL: storage/file/fd.c (OpenTemporaryFile, PG_TEMP_FILE_PREFIX),
storage/file/buffile.c.
"""
from __future__ import annotations

import itertools
import os
import pickle

from pgsnake.utils import process_state

TEMP_DIRECTORY = os.path.join("base", "pgsql_tmp")
TEMP_FILE_PREFIX = "pgsql_tmp"

_counter = itertools.count()
_open: dict[int, "TempFile"] = {}
# Called with a file's size when it is removed: the cumulative statistics count temp_files
# and temp_bytes (utils/activity/pgstat.py registers itself; this layer cannot import it).
removal_hooks: list = []


class TempFile:
    def __init__(self, path: str | None = None) -> None:
        if path is None:
            directory = os.path.join(process_state.data_directory, TEMP_DIRECTORY)
            os.makedirs(directory, exist_ok=True)
            path = os.path.join(directory, f"{TEMP_FILE_PREFIX}{os.getpid()}.{next(_counter)}")
        self.path = path
        self._file = open(self.path, "w+b")
        self.size = 0
        _open[id(self)] = self

    def write_batch(self, rows: list) -> int:
        """Append `rows`; returns where the batch starts (for batch_at)."""
        data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self.size
        self._file.seek(offset)
        self._file.write(data)
        self.size += len(data)
        return offset

    def batch_at(self, offset: int) -> list:
        """The batch write_batch stored at `offset`."""
        self._file.flush()
        self._file.seek(offset)
        return pickle.load(self._file)

    def batches(self):
        """The batches written, in order; the file is read from its start."""
        self._file.flush()
        self._file.seek(0)
        while True:
            try:
                yield pickle.load(self._file)
            except EOFError:
                return

    def close(self) -> None:
        if _open.pop(id(self), None) is None:
            return
        for hook in removal_hooks:
            hook(self.size)
        _log_removal(self.path, self.size)
        try:
            self._file.close()
        finally:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass


    def keep(self) -> None:
        """Stop writing and leave the file for other processes to read (a shared
        fileset's member: remove_fileset removes it)."""
        if _open.pop(id(self), None) is not None:
            self._file.close()


def fileset_directory(name: str) -> str:
    """A shared fileset's directory, made on first use (PostgreSQL's SharedFileSet: its
    maker's name in it, so `ls base/pgsql_tmp` shows whose it is)."""
    directory = os.path.join(process_state.data_directory, TEMP_DIRECTORY,
                             f"{TEMP_FILE_PREFIX}{name}.sharedfileset")
    os.makedirs(directory, exist_ok=True)
    return directory


def read_batches(path: str):
    """The batches a fileset member holds (none when it was never written)."""
    try:
        file = open(path, "rb")
    except FileNotFoundError:
        return
    with file:
        while True:
            try:
                yield pickle.load(file)
            except EOFError:
                return


def remove_fileset(name: str) -> None:
    """Remove a shared fileset (every member, then the directory), logging each file as
    log_temp_files asks and counting it for the statistics, as a TempFile's close."""
    directory = os.path.join(process_state.data_directory, TEMP_DIRECTORY,
                             f"{TEMP_FILE_PREFIX}{name}.sharedfileset")
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return
    for member in names:
        path = os.path.join(directory, member)
        try:
            size = os.path.getsize(path)
            os.unlink(path)
        except FileNotFoundError:
            continue
        for hook in removal_hooks:
            hook(size)
        _log_removal(path, size)
    try:
        os.rmdir(directory)
    except OSError:
        pass


def _log_removal(path: str, size: int) -> None:
    """log_temp_files (kB; -1 off, 0 every file): the file's name and size as it goes."""
    from pgsnake.utils import elog, settings
    limit = settings.get("log_temp_files")
    if limit >= 0 and size >= limit * 1024:
        relative = os.path.relpath(path, process_state.data_directory)
        elog.log(f'temporary file: path "{relative}", size {size}')


def close_all() -> None:
    for temp in list(_open.values()):
        temp.close()


class PartitionFiles:
    """Rows set aside by partition number: one temporary file per partition, written a
    few hundred rows at a time."""
    FLUSH_ROWS = 500

    def __init__(self) -> None:
        self.files: dict = {}
        self.pending: dict = {}

    def add(self, number: int, row) -> None:
        rows = self.pending.setdefault(number, [])
        rows.append(row)
        if len(rows) >= self.FLUSH_ROWS:
            self._flush(number)

    def _flush(self, number: int) -> None:
        rows = self.pending.pop(number, None)
        if rows:
            temp = self.files.get(number)
            if temp is None:
                temp = self.files[number] = TempFile()
            temp.write_batch(rows)

    def rows(self, number: int):
        """The rows of one partition (once all of them are written)."""
        self._flush(number)
        temp = self.files.get(number)
        if temp is not None:
            for batch in temp.batches():
                yield from batch

    def numbers(self) -> list:
        return sorted(set(self.files) | set(self.pending))

    def size(self) -> int:
        return sum(temp.size for temp in self.files.values())

    def close(self) -> None:
        files, self.files, self.pending = self.files, {}, {}
        for temp in files.values():
            temp.close()
