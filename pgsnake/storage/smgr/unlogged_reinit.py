"""Unlogged relations after a crash: their contents are thrown away and each is reset to
its init fork.

An unlogged relation's changes are never WAL-logged, so after a crash its main fork
may hold anything (pages written at some checkpoints, not at others); replay cannot
repair it. Instead every unlogged relation has an init fork (<relfilenode>_init, made
and WAL-logged when the relation's storage is created: empty for a table, an empty
index's pages for a B-tree, hash, GiST or GIN index, a sequence's page as made) that
shows what the relation looks like empty. Crash recovery:
1. before replay (CLEANUP), removes every fork file of a relation that has an init
   fork, except the init fork (main, fsm and vm, every segment);
2. after replay (INIT), copies each init fork file over the main fork's name (replay may
   have re-created an init fork from its WAL record) and syncs the copies, so the
   relation starts empty and the copy survives a second crash.
A clean shutdown keeps unlogged contents (the shutdown checkpoint wrote them).

Only relation files are looked at (names of digits with an optional fork suffix and
segment number); temporary relations (t<backend>_...) are never unlogged.

Entry point: reset_unlogged_relations(op) with op CLEANUP or INIT, from the data
directory (the process's working directory).

PostgreSQL: storage/file/reinit.c (ResetUnloggedRelations,
ResetUnloggedRelationsInDbspaceDir), access/transam/xlog.c (its two calls in
StartupXLOG).
"""
from __future__ import annotations

import os
import re

from pgsnake.storage.file import file_io

CLEANUP, INIT = "cleanup", "init"
_RELATION_FILE = re.compile(r"^(\d+)(_fsm|_vm|_init)?(\.\d+)?$")


def _database_directories() -> list[str]:
    """base/<db> and pg_tblspc/<spc>/<version dir>/<db>."""
    found = []
    if os.path.isdir("base"):
        found += [os.path.join("base", d) for d in sorted(os.listdir("base"))]
    if os.path.isdir("pg_tblspc"):
        for space in sorted(os.listdir("pg_tblspc")):
            space_dir = os.path.join("pg_tblspc", space)
            for version in sorted(os.listdir(space_dir)) if os.path.isdir(space_dir) else ():
                version_dir = os.path.join(space_dir, version)
                if os.path.isdir(version_dir):
                    found += [os.path.join(version_dir, d) for d in sorted(os.listdir(version_dir))]
    return [d for d in found if os.path.isdir(d)]


def reset_unlogged_relations(op: str) -> None:
    for directory in _database_directories():
        _reset_directory(directory, op)


def _reset_directory(directory: str, op: str) -> None:
    parsed = [(name, _RELATION_FILE.match(name)) for name in sorted(os.listdir(directory))]
    files = [(name, m.group(1), m.group(2) or "", m.group(3) or "") for name, m in parsed if m]
    unlogged = {node for _name, node, fork, _segment in files if fork == "_init"}
    if not unlogged:
        return
    if op == CLEANUP:
        for name, node, fork, _segment in files:
            if node in unlogged and fork != "_init":
                file_io.unlink(os.path.join(directory, name))
        return
    copied = []
    for name, node, fork, segment in files:
        if fork != "_init":
            continue
        target = os.path.join(directory, f"{node}{segment}")
        with open(os.path.join(directory, name), "rb") as source:
            data = source.read()
        with open(target, "wb") as out:
            out.write(data)
        copied.append(target)
    for path in copied:
        file_io.fsync_path(path)
    file_io.fsync_directory(directory)
