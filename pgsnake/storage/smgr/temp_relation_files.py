"""Removing temporary files left behind by backends that are gone: at postmaster start and,
with remove_temp_files_after_crash (the default), before the restart after a crash.

Two kinds are removed, as PostgreSQL's RemovePgTempFiles does:
  - temporary relation files, named t<backend>_<relfilenode>[_fork][.segment] in every
    database directory (base/<db>/ and each tablespace's), whose backend no longer exists;
  - spill files (sorts, hashes) in base/pgsql_tmp/.
A crashed backend's temporary tables are thereby gone from disk; their catalog rows go
when a new backend takes over the same pg_temp_N (catalog/temp_namespace rule 2).

Runs in the postmaster while no backend exists, so every such file is an orphan.

Entry point: remove_temp_files() -> number of files removed.

PostgreSQL: storage/file/fd.c (RemovePgTempFiles, RemovePgTempRelationFiles,
RemovePgTempRelationFilesInDbspace, looks_like_temp_rel_name).
"""
from __future__ import annotations

import os
import re

from pgsnake.utils import elog

# t<digits>_<digits>, then an optional fork suffix and segment number.
_TEMP_RELATION_NAME = re.compile(r"^t\d+_\d+(_(fsm|vm|init))?(\.\d+)?$")
SPILL_DIRECTORY = os.path.join("base", "pgsql_tmp")


def looks_like_temp_relation_file(name: str) -> bool:
    return _TEMP_RELATION_NAME.match(name) is not None


def _database_directories() -> list[str]:
    found = []
    if os.path.isdir("base"):
        found += [os.path.join("base", d) for d in os.listdir("base") if d.isdigit()]
    tablespaces = "pg_tblspc"
    if os.path.isdir(tablespaces):
        for spc in os.listdir(tablespaces):
            version_dir = os.path.join(tablespaces, spc, "PG_15_202209061")
            if os.path.isdir(version_dir):
                found += [os.path.join(version_dir, d) for d in os.listdir(version_dir)
                          if d.isdigit()]
    return found


def _unlink(path: str) -> int:
    try:
        os.unlink(path)
        return 1
    except FileNotFoundError:
        return 0
    except OSError as e:
        elog.log(f'could not remove file "{path}": {e.strerror}', "LOG")
        return 0


def remove_temp_files() -> int:
    """Remove every orphaned temporary relation file and spill file (cwd: the data
    directory)."""
    removed = 0
    for directory in _database_directories():
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if looks_like_temp_relation_file(name):
                removed += _unlink(os.path.join(directory, name))
    if os.path.isdir(SPILL_DIRECTORY):
        for name in os.listdir(SPILL_DIRECTORY):
            if name.endswith(".sharedfileset"):     # a crashed query's shared fileset
                directory = os.path.join(SPILL_DIRECTORY, name)
                for member in os.listdir(directory):
                    removed += _unlink(os.path.join(directory, member))
                try:
                    os.rmdir(directory)
                except OSError:
                    pass
            elif name.startswith("pgsql_tmp"):
                removed += _unlink(os.path.join(SPILL_DIRECTORY, name))
    return removed
