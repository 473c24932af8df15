"""Suffix truncation: the smallest pivot tuple that separates two leaf tuples.

When a leaf page splits between `lastleft` (the last tuple staying left) and
`firstright` (the first tuple moving right), the left page's new high key, which also
becomes the right page's downlink in the parent, only has to be > lastleft and
<= firstright. So it keeps firstright's key columns up to the first one that differs
from lastleft, and drops the rest: a dropped column is "minus infinity" to _bt_compare,
which makes the pivot <= firstright. INCLUDE columns are always dropped.

If every key column is equal, the heap TID is what tells the two tuples apart: the pivot
keeps all key columns plus a heap TID column holding lastleft's TID (README rule B5).
Then lastleft compares equal to the pivot and stays left (an item <= the high key
belongs on the page) while firstright, whose TID is larger, compares greater.

Truncation only ever happens at the leaf level: internal pivots are copied up unchanged,
so separator keys are identical on every level ("an unbroken seam").

Entry points: truncate (_bt_truncate).

PostgreSQL: access/nbtree/nbtutils.c (_bt_truncate, _bt_keep_natts).
"""
from __future__ import annotations

from pgsnake.access.nbtree import index_tuple as it
from pgsnake.access.nbtree.key_comparison import IndexKeys, keep_natts


def truncate(keys: IndexKeys, lastleft, firstright) -> bytes:
    """The new high key for a leaf split between `lastleft` and `firstright` (both leaf
    tuples): a pivot tuple whose t_tid block is firstright's heap block."""
    keep = keep_natts(keys, lastleft, firstright)
    pivot = bytearray(keys.codec.form_truncated(firstright, min(keep, keys.nkeyatts)))
    if keep <= keys.nkeyatts:
        it.set_pivot_natts(pivot, keep, False)
        return bytes(pivot)
    # No key column separates them: keep them all and append lastleft's heap TID.
    with_tid = bytearray(it.with_heap_tid(pivot, it.heap_tid(lastleft)))
    it.set_pivot_natts(with_tid, keys.nkeyatts, True)
    return bytes(with_tid)
