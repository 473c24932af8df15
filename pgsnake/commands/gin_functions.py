"""GIN's control function.

    gin_clean_pending_list(index regclass) -> int8    move the pending list into the
                                                      entry tree; the number of list
                                                      pages deleted

It opens the index in RowExclusiveLock (the table is not locked), refuses during
recovery, anything but a GIN index, and a role that does not own the index, as
PostgreSQL's does; an invalid index is left alone (0). It waits for a cleanup another
backend is running (access/gin/pending_list.py).

Entry points: registration at import (commands/__init__.py imports it).

PostgreSQL: access/gin/ginfast.c (gin_clean_pending_list).
"""
from __future__ import annotations

from pgsnake.access.gin import access_method as gin
from pgsnake.access.transam.wal import wal
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import object_permissions, relation_locks
from pgsnake.datatypes import functions
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError

_REGCLASS, _INT8 = 2205, 20


def gin_clean_pending_list(index_oid: int) -> int:
    if wal.in_recovery():
        raise PgError("55000", "recovery is in progress",
                      hint="GIN pending list cannot be cleaned up during recovery.")
    if cc.class_row(index_oid) is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {index_oid}")
    relation_locks.lock_relation_oid(index_oid, lock_modes.ROW_EXCLUSIVE)
    index = cc.get_relation(index_oid)
    if index.relkind not in ("i", "I"):
        raise PgError(WRONG_OBJECT_TYPE, f'"{index.name}" is not an index')
    if index.relkind != "i" or index.index is None \
            or index.index.access_method != gin.GIN_ACCESS_METHOD:
        raise PgError(WRONG_OBJECT_TYPE, f'"{index.name}" is not a GIN index')
    object_permissions.check_relation_owner(index_oid)
    if not cc.index_row(index_oid).indisvalid:
        return 0
    return gin.clean_pending_list(index)


functions.register("gin_clean_pending_list", (_REGCLASS,), _INT8, gin_clean_pending_list,
                   oid=3789)
