"""Database object size functions: pg_relation_size, pg_table_size, pg_indexes_size,
pg_total_relation_size, pg_database_size, pg_relation_filenode, pg_filenode_relation and
pg_size_pretty.

A relation's size is its files' length (blocks x 8 kB per fork, as smgr sees them);
a table's size counts its main fork and its free space and visibility map forks (and
its TOAST table when it has one); the total adds its indexes. A relation that does not
exist gives NULL, as in PostgreSQL.

Entry point: register_all().

PostgreSQL: utils/adt/dbsize.c.
"""
from __future__ import annotations

import os

from pgsnake.catalog import catalog_cache as cc
from pgsnake.utils.errors import INVALID_PARAMETER_VALUE, PgError

INT8, TEXT, OID, NUMERIC, REGCLASS, NAME = 20, 25, 26, 1700, 2205, 19
UNDEFINED_DATABASE = "3D000"
BLOCK_SIZE = 8192
_FORKS = {"main": 0, "fsm": 1, "vm": 2, "init": 3}
_UNITS = ("kB", "MB", "GB", "TB", "PB")


def _fork_bytes(oid: int, fork: int) -> int:
    from pgsnake.storage.smgr import storage_manager as smgr
    relation = cc.get_relation(oid)
    if not smgr.exists(relation.locator, fork):
        return 0
    return smgr.nblocks(relation.locator, fork) * BLOCK_SIZE


def relation_size(oid: int, fork: str = "main") -> int | None:
    if fork not in _FORKS:
        raise PgError(INVALID_PARAMETER_VALUE, "invalid fork name",
                      hint='Valid fork names are "main", "fsm", "vm", and "init".')
    if cc.class_row(oid) is None:
        return None
    return _fork_bytes(oid, _FORKS[fork])


def _all_forks(oid: int) -> int:
    return sum(_fork_bytes(oid, fork) for fork in (0, 1, 2, 3))


def table_size(oid: int) -> int | None:
    """Every fork of the relation, plus its TOAST table's and that table's index's
    (calculate_table_size)."""
    row = cc.class_row(oid)
    if row is None:
        return None
    size = _all_forks(oid)
    if row.reltoastrelid and cc.class_row(row.reltoastrelid) is not None:
        size += _all_forks(row.reltoastrelid)
        size += sum(_all_forks(index_oid) for index_oid in cc.index_oids_of(row.reltoastrelid))
    return size


def indexes_size(oid: int) -> int | None:
    if cc.class_row(oid) is None:
        return None
    return sum(_all_forks(index_oid) for index_oid in cc.index_oids_of(oid))


def total_relation_size(oid: int) -> int | None:
    if cc.class_row(oid) is None:
        return None
    return table_size(oid) + indexes_size(oid)


def _directory_bytes(path: str) -> int:
    """The files under `path` (missing files, removed meanwhile, count nothing)."""
    total = 0
    for directory, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.stat(os.path.join(directory, name)).st_size
            except FileNotFoundError:
                pass
    return total


def database_size(database) -> int | None:
    """pg_database_size(name | oid): its directory under base/ (pgsnake has only the
    default tablespace). A name that is no database is 3D000; an oid gives NULL."""
    if isinstance(database, str):
        row = cc.lookup_database(database)
        if row is None:
            raise PgError(UNDEFINED_DATABASE, f'database "{database}" does not exist')
        oid = row.oid
    else:
        oid = database
        if not any(r.oid == oid for r in cc.scan_catalog("pg_database")):
            return None
    return _directory_bytes(f"base/{oid}")


def tablespace_location(oid: int) -> str | None:
    """pg_tablespace_location: '' for the built-in tablespaces (inside the data
    directory), else where pg_tblspc/<oid> points; NULL for no such link."""
    if oid in (0, 1663, 1664):
        return ""
    try:
        return os.readlink(f"pg_tblspc/{oid}")
    except OSError:
        return None


# RELKIND_HAS_STORAGE: the relation kinds with files (a partitioned table or index
# keeps an empty file in pgsnake, none in PostgreSQL: NULL as there).
STORAGE_RELKINDS = ("r", "i", "S", "t", "m")


def relation_filenode(oid: int) -> int | None:
    """pg_relation_filenode: pg_class.relfilenode, or the relation map's for a mapped
    relation (relfilenode 0); NULL for a relation without storage."""
    row = cc.class_row(oid)
    if row is None or row.relkind not in STORAGE_RELKINDS:
        return None
    if row.relfilenode:
        return row.relfilenode
    from pgsnake.catalog import relation_map
    if not relation_map.is_mapped(oid):
        return None
    return relation_map.filenode(oid, row.relisshared)


def filenode_relation(tablespace: int, filenode: int) -> int | None:
    """pg_filenode_relation (RelidByRelfilenumber): the relation of this database (or a
    shared one) whose file is `filenode` in `tablespace` (0 or 1663: the database's
    default), through pg_class or, for mapped relations, the relation map; NULL when
    none."""
    from pgsnake.catalog import relation_map
    from pgsnake.storage.smgr.relation_path import DEFAULT_TABLESPACE_OID, GLOBAL_TABLESPACE_OID
    if tablespace == DEFAULT_TABLESPACE_OID:
        tablespace = 0
    if not filenode:
        return None
    if tablespace == GLOBAL_TABLESPACE_OID:
        return relation_map.relation_for_filenode(filenode, True)
    for row in cc.scan_catalog("pg_class"):
        if row.relfilenode == filenode and row.reltablespace == tablespace and \
                row.relkind in STORAGE_RELKINDS:
            return row.oid
    if tablespace == 0:
        return relation_map.relation_for_filenode(filenode, False)
    return None


def size_pretty(size) -> str:
    """Bytes below 10 kB; above, the largest unit that keeps the number below 20480,
    rounded half away from zero (half_rounded after keeping one extra bit)."""
    size = int(size)
    if abs(size) < 10 * 1024:
        return f"{size} bytes"
    size = _shift(size, 9)                  # one extra bit for rounding
    for unit in _UNITS:
        if abs(size) < 20 * 1024 - 1 or unit == _UNITS[-1]:
            return f"{_half_rounded(size)} {unit}"
        size = _shift(size, 10)
    raise AssertionError("unreachable")


def _shift(value: int, bits: int) -> int:
    """C's arithmetic shift of a signed 64-bit value."""
    return value >> bits


def _half_rounded(value: int) -> int:
    adjusted = value + (-1 if value < 0 else 1)
    return int(adjusted / 2)            # C integer division truncates toward zero


def register_all() -> None:
    from pgsnake.datatypes import functions
    functions.register("pg_relation_size", [REGCLASS], INT8, relation_size, oid=2325,
                       volatility="v")
    functions.register("pg_relation_size", [REGCLASS, TEXT], INT8, relation_size, oid=2332,
                       volatility="v")
    functions.register("pg_table_size", [REGCLASS], INT8, table_size, oid=2997, volatility="v")
    functions.register("pg_indexes_size", [REGCLASS], INT8, indexes_size, oid=2998,
                       volatility="v")
    functions.register("pg_total_relation_size", [REGCLASS], INT8, total_relation_size,
                       oid=2286, volatility="v")
    functions.register("pg_relation_filenode", [REGCLASS], OID, relation_filenode, oid=2999,
                       volatility="s")
    functions.register("pg_filenode_relation", [OID, OID], REGCLASS, filenode_relation,
                       oid=3454, volatility="s")
    functions.register("pg_database_size", [NAME], INT8, database_size, oid=2168,
                       volatility="v")
    functions.register("pg_database_size", [OID], INT8, database_size, oid=2324,
                       volatility="v")
    functions.register("pg_tablespace_location", [OID], TEXT, tablespace_location,
                       oid=3778, volatility="s")
    functions.register("pg_size_pretty", [INT8], TEXT, size_pretty, oid=2288, volatility="i")
    functions.register("pg_size_pretty", [NUMERIC], TEXT, size_pretty, oid=3166, volatility="i")
