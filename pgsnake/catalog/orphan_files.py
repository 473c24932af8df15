"""After crash recovery: remove the relation files and database directories that no
committed catalog row names (the leftovers of transactions the crash cut short).

A transaction that creates storage (CREATE TABLE / INDEX / DATABASE, a table rewrite by
ALTER TABLE, TRUNCATE, VACUUM FULL, CLUSTER, REINDEX) makes the file first and commits
the catalog row naming it later. If the server dies in between, replay leaves the file
(its creation was WAL-logged, or happened before the redo point), and no abort record
ever comes to remove it. PostgreSQL 15 leaves such files for ever; pgsnake removes them
at the end of crash recovery, before the first connection, so a crash in the middle of
DDL leaves no orphan files.

What is kept (conservatively: when in doubt, a file stays):
- a database directory base/<oid> whose pg_database row is live; if the row marks the
  database invalid (a DROP DATABASE cut short), nothing in it is looked at;
- in a live database, every file whose relfilenode a live pg_class row names, or the
  database's relation map (pg_filenode.map) names; files that are not relation files
  (PG_VERSION, the map, pg_internal.init, temporary relations' t<backend>_<n>) are not
  looked at; global/ is left alone (only mapped shared catalogs live there).
A row is live when its inserting transaction committed (or is frozen), and its deleting
one, if any, did not commit (a lock-only or multixact xmax counts as not deleting). With
prepared transactions present, rows of in-progress transactions count as live too:
they may belong to a prepared transaction's subtransaction.

Runs in the startup process after startup_recovery's end-of-recovery checkpoint, so the
files are as replay left them; it drops the buffers of what it removes before unlinking.

Entry point: remove_orphans() -> list of removed paths (each also logged).
"""
from __future__ import annotations

import os
import re
import struct

from pgsnake.access.common import heap_tuple as ht
from pgsnake.access.transam import commit_log, twophase
from pgsnake.catalog import definitions, relation_map
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils import elog

PG_DATABASE = 1262
PG_CLASS = 1259
DEFAULT_TABLESPACE = 1663
_RELATION_FILE = re.compile(r"^(\d+)(?:_(?:fsm|vm|init))?(?:\.\d+)?$")
_U32 = struct.Struct("<I")


def remove_orphans() -> list[str]:
    relation_map.forget_maps()
    keep_in_progress = bool(twophase.prepared_xids())
    databases = _live_databases(keep_in_progress)
    removed: list[str] = []
    for name in sorted(os.listdir("base")):
        if not name.isdigit():
            continue                        # pgsql_tmp and the like
        database = int(name)
        if database in databases:
            if databases[database]:         # invalid: DROP DATABASE will remove it all
                removed += _remove_orphan_files(database, keep_in_progress)
        else:
            removed.append(_remove_database_directory(database))
    return removed


def _live_databases(keep_in_progress: bool) -> dict[int, bool]:
    """oid -> valid, for each live pg_database row. An invalid database (a DROP
    DATABASE cut short, datconnlimit -2) may have lost any of its files, its pg_class
    among them: its directory is left as it is."""
    definition = definitions.catalog_by_oid(PG_DATABASE)
    descriptor = definitions.catalog_descriptor(definition)
    column = definition.column_names().index("datconnlimit")
    databases = {}
    for data in _live_tuples(_pg_database(), keep_in_progress):
        limit = ht.deform_tuple(descriptor, data, detoast=False, upto=column + 1)[column]
        databases[_oid_of(data)] = limit != definitions.DATCONNLIMIT_INVALID_DB
    return databases


def _pg_database() -> RelFileLocator:
    return definitions.catalog_locator(definitions.catalog_by_oid(PG_DATABASE))


def _oid_of(data) -> int:
    """Column 1 of pg_database and pg_class is the oid: the first 4 bytes of the data."""
    return _U32.unpack_from(data, data[22])[0]


def _live_tuples(locator: RelFileLocator, keep_in_progress: bool):
    """The data (header included) of each live tuple of a heap, read through shared
    buffers (replay's pages, not necessarily on disk yet)."""
    for blockno in range(bufmgr.nblocks(locator, ForkNumber.MAIN)):
        buf = bufmgr.read_buffer(locator, ForkNumber.MAIN, blockno)
        try:
            bufmgr.lock_buffer(buf, "share")
            try:
                page = bufmgr.page(buf)
                for offnum, (_off, flags, length) in enumerate(page_layout.item_ids(page)):
                    if flags != page_layout.LP_NORMAL or not length:
                        continue
                    data = bytes(page_layout.get_item(page, offnum))
                    if _is_live(ht.HeapTupleHeader(data), keep_in_progress):
                        yield data
            finally:
                bufmgr.unlock_buffer(buf)
        finally:
            bufmgr.release_buffer(buf)


def _committed(xid: int, keep_in_progress: bool) -> bool:
    status = commit_log.xid_status(xid)
    return status == commit_log.COMMITTED or (
        keep_in_progress and status == commit_log.IN_PROGRESS)


def _is_live(header: ht.HeapTupleHeader, keep_in_progress: bool) -> bool:
    mask = header.infomask
    if mask & ht.HEAP_XMIN_FROZEN == ht.HEAP_XMIN_INVALID:
        return False                                    # inserter aborted (hint)
    if not mask & ht.HEAP_XMIN_COMMITTED and header.xmin >= commit_log.FIRST_NORMAL_XID \
            and not _committed(header.xmin, keep_in_progress):
        return False
    if mask & (ht.HEAP_XMAX_INVALID | ht.HEAP_XMAX_LOCK_ONLY | ht.HEAP_XMAX_IS_MULTI) \
            or header.xmax == 0:
        return True
    if mask & ht.HEAP_XMAX_COMMITTED:
        return False
    return not (header.xmax >= commit_log.FIRST_NORMAL_XID
                and commit_log.xid_status(header.xmax) == commit_log.COMMITTED)


def _remove_orphan_files(database: int, keep_in_progress: bool) -> list[str]:
    definition = definitions.catalog_by_oid(PG_CLASS)
    pg_class = definitions.catalog_locator(definition, database)
    descriptor = definitions.catalog_descriptor(definition)
    column = definition.column_names().index("relfilenode")
    named = {ht.deform_tuple(descriptor, data, detoast=False, upto=column + 1)[column]
             for data in _live_tuples(pg_class, keep_in_progress)}
    named.update(relation_map.mapped_filenodes(False, database))
    directory = f"base/{database}"
    orphans = set()
    for name in os.listdir(directory):
        match = _RELATION_FILE.match(name)
        if match and int(match.group(1)) not in named:
            orphans.add(int(match.group(1)))
    removed = []
    for filenode in sorted(orphans):
        locator = RelFileLocator(DEFAULT_TABLESPACE, database, filenode)
        bufmgr.drop_relation_buffers(locator)
        smgr.unlink(locator)
        path = f"{directory}/{filenode}"
        elog.log(f'removed orphaned relation file "{path}" (and its forks): no committed '
                 f"catalog row names it")
        removed.append(path)
    return removed


def _remove_database_directory(database: int) -> str:
    from pgsnake.access.transam import database_files
    bufmgr.drop_database_buffers(database)
    smgr.close_all()
    database_files.remove_directory(database)
    path = f"base/{database}"
    elog.log(f'removed orphaned database directory "{path}": no committed pg_database row '
             f"names it")
    return path
