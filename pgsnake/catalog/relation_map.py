"""The relation mapper: pg_filenode.map, the files that say which relfilenode the mapped
catalogs use.

A mapped relation's pg_class.relfilenode is 0: finding its file must not need its own
pg_class row (pg_class and its indexes), and a shared catalog's pg_class row is one per
database, so no single row could be updated. The mapped relations are PostgreSQL 15's:
the shared catalogs and their indexes (global/pg_filenode.map), and pg_class,
pg_attribute, pg_proc, pg_type and their indexes (base/<db>/pg_filenode.map).

File format (PostgreSQL 15's RelMapFile, 512 bytes, little-endian): int32 magic
0x592717, int32 number of mappings, 62 (oid, relfilenode) uint32 pairs (unused ones
zero), CRC-32C of everything before it, 4 bytes of padding. A file with a bad magic,
count or CRC is refused (XX000 "relation mapping file ... contains invalid data" /
"... incorrect checksum"), as load_relmap_file does.

Entry points:
    MAPPED_SHARED, MAPPED_LOCAL       the mapped relations' OIDs (compiled in)
    is_mapped(oid)                    is the relation's file found through a map?
    filenode(oid, shared, database)   its current relfilenode (this transaction's own
                                      pending change first)
    relation_for_filenode(filenode, shared)   the mapped relation using that file
    update(oid, shared, filenode)     a new file for a mapped relation, made durable at
                                      this transaction's commit
    write_initial_maps(...)           initdb: both files, every relation on its OID

Invariants:
1. A change (REINDEX of a mapped index) is pending in the changing backend until its
   transaction commits (not allowed in a subtransaction, nor in a transaction that is
   then PREPAREd: PostgreSQL's refusals); the backend itself sees it at once. A change
   gives the transaction an xid, so that it ends with a commit record. Just before
   that record, after the pre-commit callbacks and after wal_level = minimal's syncs
   of new files (xact.register_last_pre_commit; AtEOXact_RelationMap "as late as
   possible"), the whole new map is WAL-logged (XLOG_RELMAP_UPDATE, RmgrId.RELMAP, the
   file image as its data), the record flushed (and with it the new file's WAL), then
   the file replaced durably (written to a temporary file, fsynced, renamed, directory
   fsynced), all while the checkpoint is held off (DELAY_CHKPT_START): a checkpoint
   whose redo point lies past the record never finds the file older than the record.
   Redo writes the record's image.
2. The map is written before the commit record, as PostgreSQL does: if the transaction
   then fails, the map names the new file, which holds the same data as the old one
   (a rebuilt index, a rewritten heap), and the old file is deleted only by the commit
   (pending_deletes), so nothing is lost either way.
3. Other backends learn of a change by the invalidation message (pg_class, oid) the
   change records: any message naming a mapped relation's pg_class row, or a reset,
   drops this process's copy of the maps, which are read again on next use. A forked
   process never uses its parent's copy (forgotten in the child after fork).
4. Only this module writes pg_filenode.map after initdb.

PostgreSQL: utils/cache/relmapper.c (RelationMapOidToFilenumber,
RelationMapFilenumberToOid, RelationMapUpdateMap, AtEOXact_RelationMap,
write_relmap_file, relmap_redo), access/rmgrdesc/relmapdesc.c.

Where we differ: the map file is replaced by a rename (PostgreSQL 15 overwrites its
512 bytes in place, trusting the write to be atomic; 16 renames as we do); no
"immediate" (non-transactional) updates (VACUUM FULL / CLUSTER of a mapped catalog and
REINDEX of its indexes go through `update`, commands/catalog_rewrite.py); pgsnake has no TOAST tables on
catalogs, so the maps hold no pg_toast_* entries.
"""
from __future__ import annotations

import os
import struct

import crc32c

from pgsnake.catalog import catalog_indexes
from pgsnake.catalog import definitions as d
from pgsnake.storage.file import file_io
from pgsnake.utils import process_state
from pgsnake.utils.errors import FEATURE_NOT_SUPPORTED, INTERNAL_ERROR, PgError

FILE_NAME = "pg_filenode.map"
MAGIC = 0x592717                     # RELMAPPER_FILEMAGIC
MAX_MAPPINGS = 62
FILE_SIZE = 512
_HEADER = struct.Struct("<ii")
_PAIR = struct.Struct("<II")
_CRC_OFFSET = _HEADER.size + MAX_MAPPINGS * _PAIR.size          # 504
XLOG_RELMAP_UPDATE = 0x00
_UPDATE = struct.Struct("<IIi")      # xl_relmap_update: dbid, tsid, nbytes

# The catalogs PostgreSQL maps in each database (RelationBuildLocalRelation's
# "mapped_relation": nailed catalogs and their indexes), besides the shared ones.
_LOCAL_CATALOGS = (d.PG_CLASS_OID, 1249, 1255, 1247)   # pg_class, pg_attribute, pg_proc, pg_type
MAPPED_SHARED: frozenset[int] = frozenset(
    [definition.oid for definition in d.CATALOGS.values() if definition.is_shared]
    + [oid for oid, index in catalog_indexes.INDEXES.items() if index.is_shared])
MAPPED_LOCAL: frozenset[int] = frozenset(
    list(_LOCAL_CATALOGS)
    + [oid for oid, index in catalog_indexes.INDEXES.items()
       if not index.is_shared and d.CATALOGS[index.catalog].oid in _LOCAL_CATALOGS])


def is_mapped(oid: int) -> bool:
    return oid in MAPPED_SHARED or oid in MAPPED_LOCAL


# ---- the file format --------------------------------------------------------------------

def encode(mappings: dict[int, int]) -> bytes:
    """A map file's 512 bytes for `mappings` (oid -> relfilenode), in insertion order."""
    if len(mappings) > MAX_MAPPINGS:
        raise PgError(INTERNAL_ERROR, "ran out of space in relation map")
    image = bytearray(FILE_SIZE)
    _HEADER.pack_into(image, 0, MAGIC, len(mappings))
    for position, (oid, filenode) in enumerate(mappings.items()):
        _PAIR.pack_into(image, _HEADER.size + position * _PAIR.size, oid, filenode)
    struct.pack_into("<I", image, _CRC_OFFSET, crc32c.crc32c(bytes(image[:_CRC_OFFSET])))
    return bytes(image)


def decode(image: bytes, path: str) -> dict[int, int]:
    """The mappings of a map file's bytes; XX000 for a damaged file."""
    if len(image) != FILE_SIZE:
        raise PgError(INTERNAL_ERROR, f'could not read file "{path}": read {len(image)} '
                                      f'of {FILE_SIZE}')
    magic, count = _HEADER.unpack_from(image, 0)
    if magic != MAGIC or not 0 <= count <= MAX_MAPPINGS:
        raise PgError(INTERNAL_ERROR,
                      f'relation mapping file "{path}" contains invalid data')
    (stored,) = struct.unpack_from("<I", image, _CRC_OFFSET)
    if crc32c.crc32c(image[:_CRC_OFFSET]) != stored:
        raise PgError(INTERNAL_ERROR,
                      f'relation mapping file "{path}" contains incorrect checksum')
    return dict(_PAIR.unpack_from(image, _HEADER.size + i * _PAIR.size)
                for i in range(count))


def _directory(shared: bool, database_oid: int) -> str:
    return "global" if shared else f"base/{database_oid}"


def _read_file(directory: str) -> dict[int, int] | None:
    path = os.path.join(directory, FILE_NAME)
    try:
        with open(path, "rb") as f:
            image = f.read()
    except FileNotFoundError:
        return None              # initdb, before the maps are written: files on OIDs
    return decode(image, path)


def _write_file(directory: str, image: bytes) -> None:
    """Replace `directory`/pg_filenode.map durably: temporary file, fsync, rename,
    directory fsync (a crash leaves the old map or the new one, never a torn one)."""
    path = os.path.join(directory, FILE_NAME)
    temporary = path + ".tmp"
    fd = file_io.open_file(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        file_io.pwrite(fd, image, 0)
        file_io.fsync(fd)
    finally:
        file_io.close_file(fd)
    file_io.rename(temporary, path)
    file_io.fsync_directory(directory)


# ---- this process's maps ----------------------------------------------------------------

_shared_map: dict[int, int] | None = None
_local_maps: dict[int, dict[int, int] | None] = {}
_pending_shared: dict[int, int] = {}            # this transaction's changes
_pending_local: dict[int, int] = {}
_callback_registered = False


def forget_maps() -> None:
    """Drop this process's copy of the maps (read again on next use)."""
    global _shared_map
    _shared_map = None
    _local_maps.clear()


def _map(shared: bool, database_oid: int) -> dict[int, int] | None:
    global _shared_map
    if shared:
        if _shared_map is None:
            _shared_map = _read_file("global")
        return _shared_map
    if database_oid not in _local_maps or _local_maps[database_oid] is None:
        _local_maps[database_oid] = _read_file(_directory(False, database_oid))
    return _local_maps[database_oid]


def filenode(oid: int, shared: bool, database_oid: int | None = None) -> int:
    """The relfilenode of mapped relation `oid` (RelationMapOidToFilenumber): this
    transaction's pending change, else the map; its OID before initdb wrote the maps."""
    if database_oid is None:
        database_oid = process_state.database_oid
    pending = _pending_shared if shared else (
        _pending_local if database_oid == process_state.database_oid else {})
    if oid in pending:
        return pending[oid]
    mapping = _map(shared, database_oid)
    if mapping is None:
        return oid
    return mapping.get(oid, oid)


def mapped_filenodes(shared: bool, database_oid: int) -> set[int]:
    """Every relfilenode the map file names (read from disk: the startup process's
    orphan sweep); empty if there is no map."""
    mapping = _read_file(_directory(shared, database_oid))
    return set(mapping.values()) if mapping else set()


def relation_for_filenode(file_number: int, shared: bool) -> int | None:
    """The mapped relation whose file is `file_number` (RelationMapFilenumberToOid)."""
    pending = _pending_shared if shared else _pending_local
    for oid, node in pending.items():
        if node == file_number:
            return oid
    mapping = _map(shared, process_state.database_oid)
    if mapping is None:
        candidates = MAPPED_SHARED if shared else MAPPED_LOCAL
        return file_number if file_number in candidates else None
    for oid, node in mapping.items():
        if node == file_number and oid not in pending:
            return oid
    return None


def update(oid: int, shared: bool, new_filenode: int) -> None:
    """Give mapped relation `oid` a new file (RelationMapUpdateMap): seen by this
    backend at once, written with the map at commit (rule 1), forgotten at abort."""
    global _callback_registered
    from pgsnake.access.transam import xact
    if not is_mapped(oid):
        raise PgError(INTERNAL_ERROR, f"attempt to apply a mapping to unmapped relation {oid}")
    if xact.in_subtransaction():
        # A savepoint's rollback would have to undo it: refused, as PostgreSQL does.
        raise PgError(INTERNAL_ERROR, "cannot change relation mapping within subtransaction")
    if not _callback_registered:
        xact.register_callback(_transaction_callback)
        xact.register_last_pre_commit(_write_pending)
        _callback_registered = True
    # The change needs a commit record (it lists the old file for removal, and its
    # flush covers the new file's WAL): an xid, as pg_class's update gives PostgreSQL's.
    xact.get_current_xid()
    (_pending_shared if shared else _pending_local)[oid] = new_filenode
    from pgsnake.catalog import invalidation
    invalidation.record_change(d.PG_CLASS_OID, oid)       # rule 3


def _transaction_callback(event: str) -> None:
    if event == "pre_prepare" and (_pending_shared or _pending_local):
        raise PgError(FEATURE_NOT_SUPPORTED,
                      "cannot PREPARE a transaction that modified relation mapping")
    elif event in ("abort", "prepare"):
        _pending_shared.clear()
        _pending_local.clear()


def _write_pending() -> None:
    """AtEOXact_RelationMap at commit (rule 1): each changed map logged, flushed,
    written."""
    global _shared_map
    for shared, pending in ((True, _pending_shared), (False, _pending_local)):
        if not pending:
            continue
        database_oid = 0 if shared else process_state.database_oid
        mapping = dict(_map(shared, database_oid) or {})
        mapping.update(pending)
        _write_map(shared, database_oid, mapping)
        if shared:
            _shared_map = mapping
        else:
            _local_maps[database_oid] = mapping
        pending.clear()


def _write_map(shared: bool, database_oid: int, mapping: dict[int, int]) -> None:
    from pgsnake.access.transam import checkpoint, xact
    from pgsnake.access.transam.wal import wal
    from pgsnake.utils.critical_section import critical_section
    image = encode(mapping)
    tablespace = d.GLOBAL_TABLESPACE_OID if shared else d.DEFAULT_TABLESPACE_OID
    checkpoint.delay_start()                   # rule 1: no checkpoint in between
    try:
        end = wal.insert_record(wal.RmgrId.RELMAP, XLOG_RELMAP_UPDATE,
                                _UPDATE.pack(database_oid, tablespace, len(image)) + image,
                                xid=xact.get_current_xid_if_any())
        with critical_section("relation map update"):
            wal.flush(end)
            _write_file(_directory(shared, database_oid), image)
    finally:
        checkpoint.delay_end()


def write_initial_maps(database_oid: int) -> None:
    """initdb: global/ and base/<database_oid>/ maps with every mapped relation on its
    own OID (the files bootstrap created)."""
    _write_file("global", encode({oid: oid for oid in sorted(MAPPED_SHARED)}))
    _write_file(_directory(False, database_oid),
                encode({oid: oid for oid in sorted(MAPPED_LOCAL)}))
    forget_maps()


# ---- redo and description -----------------------------------------------------------------

def redo(record) -> None:
    """relmap_redo: write the record's map image (the directory exists: the database's
    creation was replayed before)."""
    database_oid, tablespace, size = _UPDATE.unpack_from(record.main_data, 0)
    image = bytes(record.main_data[_UPDATE.size:_UPDATE.size + size])
    shared = tablespace == d.GLOBAL_TABLESPACE_OID
    decode(image, FILE_NAME)               # a damaged image is refused, not written
    _write_file(_directory(shared, database_oid), image)
    forget_maps()


def describe(record) -> str:
    database_oid, tablespace, size = _UPDATE.unpack_from(record.main_data, 0)
    return f"database {database_oid} tablespace {tablespace} size {size}"


def identify(info: int) -> str:
    return "UPDATE" if info & 0xF0 == XLOG_RELMAP_UPDATE else ""


def _register() -> None:
    from pgsnake.access.transam.wal import wal, waldump
    wal.register_rmgr(wal.RmgrId.RELMAP, "RelMap", redo, describe)
    waldump.register_identify(wal.RmgrId.RELMAP, identify)


def _on_invalidation(messages: list) -> None:
    for catalog, key in messages:
        if (catalog, key) == (0, 0) or (catalog == d.PG_CLASS_OID and is_mapped(key)):
            forget_maps()
            return


def _register_invalidation() -> None:
    from pgsnake.catalog import invalidation
    invalidation.add_invalidation_handler(_on_invalidation)


_register()
_register_invalidation()
os.register_at_fork(after_in_child=forget_maps)      # rule 3: never the parent's copy
