"""pg_freespacemap: what the free space map records for each page of a relation, as
PostgreSQL 15's extension (version 1.2).

    pg_freespace(regclass, blkno bigint) -> smallint   bytes recorded for one page
    pg_freespace(rel regclass) -> setof (blkno bigint, avail smallint)   every page

The value is the map's category times 32 (GetRecordedFreeSpace), 0 for a page the map
has no entry for; it is only a hint VACUUM and inserters keep up to date, so it may lag
the page itself (that is what the extension shows a learner). The set form covers the
relation's blocks as PostgreSQL's SQL-language definition does (pg_relation_size /
block size), so a relation without storage gives no rows. Any relation may be asked,
an index too (its map is all zeros).

Locks: AccessShareLock. Privileges: the install script revokes EXECUTE from PUBLIC and
grants it to pg_stat_scan_tables (extensions.py).

PostgreSQL: contrib/pg_freespacemap/pg_freespacemap.c (pg_freespace),
pg_freespacemap--1.1.sql (the set-returning SQL function).
"""
from __future__ import annotations

from pgsnake.contrib import extensions
from pgsnake.contrib.relation_args import check_block_number, open_relation
from pgsnake.datatypes import functions
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.free_space_map import free_space_map
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber

EXTENSION = "pg_freespacemap"
_REGCLASS, _INT8, _INT2, _RECORD = 2205, 20, 21, 2249
_NO_STORAGE = "vcfpI"


def free_space(oid: int, blkno: int) -> int:
    rel = open_relation(oid, lock_modes.ACCESS_SHARE)
    check_block_number(blkno)
    if rel.relkind in _NO_STORAGE:
        return 0
    return free_space_map.recorded_free_space(rel, blkno)


def free_space_rel(oid):
    if oid is None:                 # a SQL-language function in PostgreSQL: not strict
        return []
    rel = open_relation(oid, lock_modes.ACCESS_SHARE)
    if rel.relkind in _NO_STORAGE or not smgr.exists(rel.locator, ForkNumber.MAIN):
        return []
    return [(blkno, free_space_map.recorded_free_space(rel, blkno))
            for blkno in range(bufmgr.nblocks(rel.locator, ForkNumber.MAIN))]


functions.register("pg_freespace", (_REGCLASS, _INT8), _INT2, free_space,
                   oid=extensions.next_function_oid(), volatility="v", extension=EXTENSION)
functions.register("pg_freespace", (_REGCLASS,), _RECORD, free_space_rel,
                   oid=extensions.next_function_oid(), volatility="v", returns_set=True,
                   strict=False, out_columns=(("blkno", _INT8), ("avail", _INT2)), rows=1000.0,
                   extension=EXTENSION)
extensions.set_arguments("pg_freespace", (_REGCLASS,), ("rel",))
