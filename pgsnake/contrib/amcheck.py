"""amcheck: B-tree verification from SQL, as PostgreSQL 15's amcheck.

    bt_index_check(index regclass [, heapallindexed bool]) -> void
    bt_index_parent_check(index regclass [, heapallindexed bool [, rootdescend bool]]) -> void
    verify_heapam(relation regclass, ...) -> setof record   (verify_heapam.py)

The checks are access/nbtree/verify.py's (XX002 index_corrupted with amcheck's
messages). bt_index_check takes AccessShareLock on the table and the index, so it runs
alongside writers; bt_index_parent_check takes ShareLock, which keeps writers out, and
adds the parent/child checks. With heapallindexed, every live heap tuple must have an
index entry (XX001 otherwise).

PostgreSQL: contrib/amcheck/verify_nbtree.c (bt_index_check_internal).
"""
from __future__ import annotations

from pgsnake.access.heap import heapam
from pgsnake.access.nbtree import verify
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks
from pgsnake.contrib import extensions, verify_heapam
from pgsnake.datatypes import functions
from pgsnake.storage.lmgr import lock_modes
from pgsnake.utils.errors import UNDEFINED_TABLE, WRONG_OBJECT_TYPE, PgError

EXTENSION = "amcheck"
_REGCLASS, _BOOL, _VOID = 2205, 16, 2278


def _check(index_oid: int, heapallindexed: bool, parent_check: bool) -> None:
    row = cc.class_row(index_oid)
    if row is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {index_oid}")
    mode = lock_modes.SHARE if parent_check else lock_modes.ACCESS_SHARE
    index = cc.get_relation(index_oid)
    if index.relkind != "i" or index.index is None:
        raise PgError(WRONG_OBJECT_TYPE, f'"{index.name}" is not an index')
    if index.index.access_method != 403:
        raise PgError("0A000", "only B-Tree indexes are supported as targets for verification",
                      detail=f'Relation "{index.name}" is not a B-Tree index.')
    heap_oid = index.index.heap_oid
    relation_locks.lock_relation_oid(heap_oid, mode)
    relation_locks.lock_relation_oid(index_oid, mode)
    heap = cc.get_relation(heap_oid)
    heap_tuples = None
    if heapallindexed:
        # The entry each live row should have (an expression index's values, none for
        # a row a partial index leaves out).
        from pgsnake.executor.index_entries import IndexEntryForm
        form = IndexEntryForm(index)
        heap_tuples = [(tid, entry) for tid, entry in
                       ((tid, form.entry(values))
                        for tid, values, is_live in heapam.heap_scan_for_index_build(heap)
                        if is_live)
                       if entry is not None]
    verify.bt_index_check(index, heap_rel=heap, heap_tuples=heap_tuples,
                          parent_check=parent_check)


# The functions return void: a value that is not NULL (None would be a NULL result).
_VOID_RESULT = ""


def bt_index_check(index_oid: int, heapallindexed: bool = False) -> str:
    _check(index_oid, heapallindexed, False)
    return _VOID_RESULT


def bt_index_parent_check(index_oid: int, heapallindexed: bool = False,
                          rootdescend: bool = False) -> str:
    _check(index_oid, heapallindexed, True)
    return _VOID_RESULT


for _args in ((_REGCLASS,), (_REGCLASS, _BOOL)):
    functions.register("bt_index_check", _args, _VOID, bt_index_check,
                       oid=extensions.next_function_oid(), extension=EXTENSION)
for _args in ((_REGCLASS,), (_REGCLASS, _BOOL), (_REGCLASS, _BOOL, _BOOL)):
    functions.register("bt_index_parent_check", _args, _VOID, bt_index_parent_check,
                       oid=extensions.next_function_oid(), extension=EXTENSION)

_VERIFY_HEAPAM_ARGS = (_REGCLASS, _BOOL, _BOOL, 25, 20, 20)
functions.register("verify_heapam", _VERIFY_HEAPAM_ARGS, 2249, verify_heapam.verify_heapam,
                   oid=extensions.next_function_oid(), returns_set=True, strict=False,
                   out_columns=(("blkno", 20), ("offnum", 23), ("attnum", 23), ("msg", 25)),
                   rows=1000.0, extension=EXTENSION)
extensions.set_arguments(
    "verify_heapam", _VERIFY_HEAPAM_ARGS,
    ("relation", "on_error_stop", "check_toast", "skip", "startblock", "endblock"),
    (None, "false", "false", "'none'::text", "NULL::bigint", "NULL::bigint"))
