"""Uniqueness: does an equal key already exist that a transaction could see?

An inserter into a unique index descends with its key but without a heap TID, so it
lands on the first leaf page an equal key could be on, and holds that page's exclusive
lock from this check until its own tuple is in (README rule B7). Every other inserter
of an equal key needs the same lock to check, so two of them never both miss each other.

The index alone cannot say whether an equal entry still counts: the heap decides. For
each equal entry the caller's `check_callback(heap_tid)` answers as SnapshotDirty would
(HeapTupleSatisfiesDirty, through the whole HOT chain):

    ("live", 0)           the row exists for a new snapshot (committed, or written by
                          the caller's own transaction): a duplicate
    ("dead", 0)           no row there counts (deleted and committed, aborted, pruned)
    ("in_progress", xid)  a transaction still running inserted or deleted it: whether it
                          is a duplicate depends on how that transaction ends

For an in-progress one we must wait: the caller (insert.py) releases every buffer lock,
sleeps on the transaction's xid lock (transaction_ids.wait_for_xid), and starts over
with a new descent. A live duplicate raises 23505, unless the row being inserted is
itself already dead by then (PostgreSQL's CREATE INDEX CONCURRENTLY case: the callback
is asked about our own TID too). NULLs are never equal (unless the index is NULLS NOT
DISTINCT), so a key with a NULL skips the check altogether (insert.py).

The error: ERROR 23505 'duplicate key value violates unique constraint "<index>"' with
DETAIL 'Key (<columns>)=(<values>) already exists.', values printed by each type's
output function, "null" for NULL; schema, table and constraint fields as
errtableconstraint sets them.

Entry points: UniqueCheck, check_unique, key_description.

PostgreSQL: access/nbtree/nbtinsert.c (_bt_check_unique, _bt_doinsert's wait loop),
access/index/genam.c (BuildIndexValueDescription), utils/adt/ruleutils.c
(pg_get_indexdef_columns).
"""
from __future__ import annotations

import enum
from typing import Callable

from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.nbtree import buffers, index_tuple as it
from pgsnake.access.nbtree import page_format as pf
from pgsnake.access.nbtree.key_comparison import IndexKeys, compare
from pgsnake.access.nbtree.search import InsertState, binary_search_insert
from pgsnake.datatypes import registry
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.utils.errors import INTERNAL_ERROR, UNIQUE_VIOLATION, PgError
from pgsnake.utils.setting_values import quote_identifier

HeapTupleCheck = Callable[[tuple[int, int]], tuple[str, int]]


class UniqueCheck(enum.Enum):
    """IndexUniqueCheck: what an insert must check."""
    NO = "no"              # not a unique index
    YES = "yes"            # raise 23505 on a duplicate, wait for running inserters
    PARTIAL = "partial"    # deferrable constraint: insert anyway, return False if a
                           # duplicate may exist, never wait
    EXISTING = "existing"  # deferred recheck of a row already in the index: check only


def check_unique(rel: Relation, keys: IndexKeys, state: InsertState, mode: UniqueCheck,
                 callback: HeapTupleCheck, heap_tid: tuple[int, int],
                 heap_rel: Relation | None) -> tuple[int, bool]:
    """(xid to wait for or 0, is_unique). On entry `state.buf` is the first leaf an
    equal key can be on, exclusively locked; on a wait return it is still locked (the
    caller releases it before waiting); on an error it has been released."""
    page = bufmgr.page(state.buf)
    opaque = pf.Opaque(page)
    maxoff = pl.max_offset(page)
    offset = binary_search_insert(keys, state)
    key = state.key
    found = False
    right = [None]        # a right sibling we moved on to, READ-locked (nbuf)
    try:
        while True:
            if offset <= maxoff:
                # Fast path: the first search already showed where the equal keys end.
                if right[0] is None and offset == state.stricthigh:
                    break
                lp_off, lp_flags, lp_len = pl.item_id(page, offset)
                if lp_flags != pl.LP_DEAD:
                    if compare(keys, key, page, offset, True, opaque.first_data_offset) != 0:
                        break
                    item = page[lp_off:lp_off + lp_len]
                    tids = (it.posting_tids(item) if it.is_posting(item)
                            else [it.raw_tid(item)])
                    for htid in tids:
                        if mode is UniqueCheck.EXISTING and htid == heap_tid:
                            found = True
                            continue
                        status, xid = callback(htid)
                        if status == "dead":
                            continue
                        if mode is UniqueCheck.PARTIAL:
                            return 0, False
                        if status == "in_progress":
                            state.bounds_valid = False
                            return xid, False
                        if status != "live":
                            raise ValueError(f"unique check callback answered {status!r}")
                        # A definite conflict, unless our own row is dead by now.
                        if callback(heap_tid)[0] == "dead":
                            return 0, True
                        _raise_duplicate(rel, keys, state, right, heap_rel)
            if offset < maxoff:
                offset += 1
                continue
            # Past the last item: equal keys may continue on the right sibling only if
            # the high key equals our key.
            if opaque.is_rightmost:
                break
            if compare(keys, key, page, pf.P_HIKEY, True, opaque.first_data_offset) != 0:
                break
            while True:
                right[0] = buffers.release_and_get(right[0], opaque.next, buffers.READ, rel)
                page = bufmgr.page(right[0])
                opaque = pf.Opaque(page)
                if not opaque.is_ignored:
                    break
                if opaque.is_rightmost:
                    raise PgError(INTERNAL_ERROR, f'fell off the end of index "{rel.name}"')
            maxoff = pl.max_offset(page)
            offset = opaque.first_data_offset
    finally:
        if right[0] is not None:
            buffers.release(right[0])
    if mode is UniqueCheck.EXISTING and not found:
        raise PgError(INTERNAL_ERROR, f'failed to re-find tuple within index "{rel.name}"',
                      hint="This may be because of a non-immutable index expression.",
                      **_constraint_fields(rel, heap_rel))
    return 0, True


def _raise_duplicate(rel: Relation, keys: IndexKeys, state: InsertState, right: list,
                     heap_rel: Relation | None) -> None:
    # Release the locks before building the message: printing values runs output
    # functions, which must not run with index pages locked.
    if right[0] is not None:
        buffers.release(right[0])
        right[0] = None
    buffers.release(state.buf)
    state.buf = None
    state.bounds_valid = False
    values = keys.codec.deform(state.item, keys.nkeyatts)
    raise PgError(UNIQUE_VIOLATION,
                  f'duplicate key value violates unique constraint "{rel.name}"',
                  detail=f"Key {key_description(keys, values)} already exists.",
                  **_constraint_fields(rel, heap_rel))


def _constraint_fields(rel: Relation, heap_rel: Relation | None) -> dict:
    """errtableconstraint: schema and table of the heap, the index as constraint."""
    if heap_rel is None:
        return {"constraint": rel.name}
    return {"schema": heap_rel.namespace_name, "table": heap_rel.name, "constraint": rel.name}


def key_description(keys: IndexKeys, values: list) -> str:
    """BuildIndexValueDescription: '(a, b)=(1, null)' for the key columns."""
    texts = keys.description.column_texts or tuple(
        quote_identifier(att.name) for att in keys.rel.descriptor.attributes[:keys.nkeyatts])
    shown = []
    for i in range(keys.nkeyatts):
        value = values[i] if i < len(values) else None
        if value is None:
            shown.append("null")
        else:
            shown.append(registry.get_type(_shown_type(keys.columns[i].type_oid)).output(value))
    return f"({', '.join(texts)})=({', '.join(shown)})"


# A catalog index on a name column stores its key as cstring (name_ops' opckeytype);
# cstring's output function prints the characters as they are, as name's does, and
# this package registers no pseudo-type of its own.
_CSTRING = 2275


def _shown_type(type_oid: int) -> int:
    return registry.NAME if type_oid == _CSTRING else type_oid
