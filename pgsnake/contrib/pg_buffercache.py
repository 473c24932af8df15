"""pg_buffercache: one row per shared buffer, read from the buffer descriptors, as
PostgreSQL 15's extension (version 1.3).

    pg_buffercache_pages() -> setof record   (no OUT columns: callers give a column
        definition list, as the pg_buffercache view does)
    view pg_buffercache (bufferid integer, relfilenode oid, reltablespace oid,
        reldatabase oid, relforknumber smallint, relblocknumber bigint, isdirty boolean,
        usagecount smallint, pinning_backends integer)

Each descriptor's tag and state word are read under its buffer header lock, one buffer
at a time (PostgreSQL 15 takes no partition locks either), so every row is consistent
in itself while the set is a moving picture of a pool others keep using. A buffer whose
tag or contents are not valid (never used, or being loaded) has only its bufferid, the
rest NULL. bufferid counts from 1 (PostgreSQL's Buffer numbers); pinning_backends is the
number of processes pinning it (the shared refcount). This backend's local buffers
(temporary tables) are not shown, as in PostgreSQL.

Privileges: the install script (extensions.py) revokes EXECUTE and SELECT from PUBLIC
and grants them to pg_monitor.

PostgreSQL: contrib/pg_buffercache/pg_buffercache_pages.c (pg_buffercache_pages),
pg_buffercache--1.2.sql and its updates.
"""
from __future__ import annotations

from pgsnake.contrib import extensions
from pgsnake.datatypes import functions
from pgsnake.storage.buffer import buffer_descriptors as bd

EXTENSION = "pg_buffercache"
_RECORD = 2249


def _descriptor(buf: int) -> tuple:
    """(tag, state) of one buffer, read under its header lock."""
    state = bd.lock_header(buf)
    try:
        tag = bd.read_tag(buf)
    finally:
        bd.unlock_header(buf, state)
    return tag, state


def pg_buffercache_pages():
    rows = []
    for buf in range(bd.pool.nbuffers):
        tag, state = _descriptor(buf)
        if not (state & bd.TAG_VALID and state & bd.VALID):
            rows.append((buf + 1,) + (None,) * 8)
            continue
        spcoid, dboid, relfilenode, fork, blockno = tag
        rows.append((buf + 1, relfilenode, spcoid, dboid, fork, blockno,
                     bool(state & bd.DIRTY),
                     (state & bd.USAGE_MASK) >> bd.USAGE_SHIFT,
                     state & bd.REFCOUNT_MASK))
    return rows


functions.register("pg_buffercache_pages", (), _RECORD, pg_buffercache_pages,
                   oid=extensions.next_function_oid(), volatility="v", returns_set=True,
                   strict=False, rows=1000.0, extension=EXTENSION)
