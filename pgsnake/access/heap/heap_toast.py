"""The heap's TOAST: shrink a tuple that is too big by compressing its largest values
and moving them out of line into the table's TOAST table, fetch them back, and delete
them with the row.

When (heapam's hook): a tuple of a table or materialized view longer than
TOAST_TUPLE_THRESHOLD (2032 bytes), or an UPDATE of a row that has external values.
TOAST tables themselves are never toasted.

How (heap_toast_insert_or_update), with a target of toast_tuple_target (2032) minus the
header; each round takes the biggest qualifying value (more than 24 bytes) until the
tuple's data fits or nothing qualifies:
  1. storage 'x' values are compressed (a value compressing by less than 2 bytes is
     marked incompressible); 'e' values are only marked; a value still bigger than the
     target by itself goes out of line at once, when there is a TOAST table;
  2. 'x' and 'e' values still inline go out of line;
  3. 'm' values are compressed;
  4. with the target raised to 8160 - header, 'm' values go out of line.
'p' values and fixed-length columns are never touched.

Out of line (toast_save_datum): the stored bytes (the compressed datum without its
4-byte header, or the plain payload) are cut into chunks of 1996 bytes, each a row
(chunk_id, chunk_seq, chunk_data) of the TOAST table with an entry in its unique index
on (chunk_id, chunk_seq); chunk_id is a new OID unused in that index. The tuple keeps an
18-byte pointer (toast_format.ExternalPointer). Chunk rows are ordinary heap inserts and
B-tree inserts, so WAL and recovery need nothing more.

UPDATE keeps the pointer of a value it did not change: deform_tuple remembers which
value object came from which pointer (toast_format.remember_stored), and a new value
that *is* that object, in the column whose old pointer it was, keeps the pointer. Other
old pointers are deleted once the update has succeeded; DELETE deletes all of them.
Deleting a value deletes its chunk rows (ordinary MVCC deletes by our transaction), so
snapshots that still see the old row still find its chunks, and VACUUM of the TOAST
table removes them later.

Fetching (heap_fetch_toast_slice) scans the index for chunk_id and takes every chunk
row whose inserter is not known invalid, ignoring xmax (SnapshotToast): a chunk is
only ever reached through a tuple the reader's own snapshot already decided to see.

Entry points: toast_tuple_values(rel, values, old_pointers) -> ToastResult,
fetch_stored(pointer), delete_values(pointers), old_external_pointers(rel, tid),
values_for_hot_check(rel, data, new_values),
set_toast_relation_resolver (the catalog layer opens TOAST tables for us).

PostgreSQL: access/heap/heaptoast.c (heap_toast_insert_or_update, heap_toast_delete,
heap_fetch_toast_slice), access/table/toast_helper.c (toast_tuple_init,
toast_tuple_find_biggest_attribute, toast_tuple_try_compression,
toast_tuple_externalize), access/common/toast_internals.c (toast_save_datum,
toast_delete_datum), access/common/detoast.c, access/heap/heapam_visibility.c
(HeapTupleSatisfiesToast).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.common import toast_format as tf
from pgsnake.access.common.heap_tuple import (HEAP_XMIN_COMMITTED, HEAP_XMIN_INVALID,
                                              SIZEOF_HEAP_TUPLE_HEADER, deform_tuple,
                                              external_pointers, set_external_fetcher)
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.datatypes import registry
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.utils import process_state, settings
from pgsnake.utils.errors import DATA_CORRUPTED, INTERNAL_ERROR, PgError

TOASTABLE_RELKINDS = ("r", "m")
_IGNORE = 1
_INCOMPRESSIBLE = 2
_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8}
_U32 = struct.Struct("<I")

# toast_oid -> (TOAST table Relation, its index Relation); set by the catalog layer.
_resolver = None


def set_toast_relation_resolver(resolve) -> None:
    global _resolver
    _resolver = resolve


def _toast_relations(toast_oid: int) -> tuple[Relation, Relation]:
    if _resolver is None:
        raise PgError(INTERNAL_ERROR, "TOAST tables cannot be opened here")
    return _resolver(toast_oid)


@dataclasses.dataclass(slots=True)
class ToastResult:
    values: list               # the values to form the tuple from (RawDatums where toasted)
    delete_after: list         # old pointers to delete once the UPDATE succeeded
    created: list              # pointers this call stored (to undo if the UPDATE fails)


def _align(offset: int, alignment: int) -> int:
    return (offset + alignment - 1) & ~(alignment - 1)


def _plain_datum(payload: bytes) -> tf.RawDatum:
    return tf.RawDatum(_U32.pack((len(payload) + 4) << 2) + payload)


def toast_tuple_values(rel: Relation, values: list, old_pointers: list | None) -> ToastResult:
    """heap_toast_insert_or_update on Python values: what to store instead."""
    attrs = rel.descriptor.attributes
    natts = len(attrs)
    values = list(values) + [None] * (natts - len(values))
    datums: list = [None] * natts        # encoded varlena datums (RawDatum), per column
    sizes = [0] * natts
    flags = [0] * natts
    delete_after: list = []
    created: list = []
    has_nulls = False
    for i, att in enumerate(attrs):
        value = values[i]
        if old_pointers is not None and old_pointers[i] is not None:
            old = old_pointers[i]
            if value is not None and tf.external_pointer_of(value) == old:
                datums[i] = old           # unchanged by this UPDATE: keep the pointer
                sizes[i] = tf.TOAST_POINTER_SIZE
                flags[i] = _IGNORE
                continue
            delete_after.append(old)
        if value is None or att.is_dropped:
            flags[i] = _IGNORE
            has_nulls = True
            continue
        if att.typlen != -1:
            flags[i] = _IGNORE
            if att.typlen == -2:
                sizes[i] = len(registry.get_type(att.type_oid).pack(value)) + 1
            continue
        datum = value if type(value) is tf.RawDatum else \
            _plain_datum(registry.get_type(att.type_oid).pack(value))
        datums[i] = datum
        sizes[i] = len(datum)
        if att.storage == "p":
            flags[i] = _IGNORE

    def data_size() -> int:
        offset = 0
        for i, att in enumerate(attrs):
            if values[i] is None or att.is_dropped:
                continue
            align = _ALIGN.get(att.typalign, 1)
            if att.typlen > 0:
                offset = _align(offset, align) + att.typlen
                continue
            if att.typlen == -2:
                offset += sizes[i]
                continue
            datum = datums[i]
            if datum[0] == 1:                      # external pointer
                offset += len(datum)
            elif datum[0] & 3 == 0 and len(datum) - 3 <= 127:   # becomes a short varlena
                offset += len(datum) - 3
            else:
                offset = _align(offset, align) + len(datum)
        return offset

    def biggest(for_compression: bool, check_main: bool) -> int:
        skip = _IGNORE | (_INCOMPRESSIBLE if for_compression else 0)
        best, best_size = -1, 24                 # MAXALIGN(TOAST_POINTER_SIZE)
        for i, att in enumerate(attrs):
            if flags[i] & skip:
                continue
            datum = datums[i]
            if datum[0] == 1 or (for_compression and datum[0] & 3 == 2):
                continue
            if check_main:
                if att.storage != "m":
                    continue
            elif att.storage not in ("x", "e"):
                continue
            if sizes[i] > best_size:
                best, best_size = i, sizes[i]
        return best

    def try_compression(i: int) -> None:
        att = attrs[i]
        method = tf.method_id(att.compression or settings.get("default_toast_compression"))
        compressed = tf.compress_payload(bytes(datums[i][4:]), method)
        if compressed is None:
            flags[i] |= _INCOMPRESSIBLE
        else:
            datums[i] = compressed
            sizes[i] = len(compressed)

    def externalize(i: int) -> None:
        flags[i] |= _IGNORE
        datums[i] = save_datum(rel, datums[i])
        created.append(datums[i])
        sizes[i] = len(datums[i])

    hoff = SIZEOF_HEAP_TUPLE_HEADER + ((natts + 7) // 8 if has_nulls else 0)
    hoff = _align(hoff, 8)
    has_toast = rel.toast_oid != 0
    max_data = rel.toast_tuple_target - hoff
    while data_size() > max_data:
        i = biggest(True, False)
        if i < 0:
            break
        if attrs[i].storage == "x":
            try_compression(i)
        else:
            flags[i] |= _INCOMPRESSIBLE
        if sizes[i] > max_data and has_toast:
            externalize(i)
    while has_toast and data_size() > max_data:
        i = biggest(False, False)
        if i < 0:
            break
        externalize(i)
    while data_size() > max_data:
        i = biggest(True, True)
        if i < 0:
            break
        try_compression(i)
    max_data = tf.TOAST_TUPLE_TARGET_MAIN - hoff
    while has_toast and data_size() > max_data:
        i = biggest(False, True)
        if i < 0:
            break
        externalize(i)

    # Varlena values go in as their datums (form_tuple stores a plain one as it would
    # have packed it); the others as they came.
    out = [datums[i] if datums[i] is not None else values[i] for i in range(natts)]
    return ToastResult(out, delete_after, created)


# ---- the TOAST table ---------------------------------------------------------------------

def _new_value_id(index_rel: Relation) -> int:
    """GetNewOidWithIndex: a new OID that no chunk in the index uses, live or dead."""
    from pgsnake.access.nbtree import access_method as btree
    from pgsnake.access.nbtree.scan_keys import ScanKey
    from pgsnake.access.transam import transaction_ids
    while True:
        oid = _bootstrap_value_id() if process_state.is_bootstrap \
            else transaction_ids.get_new_oid()
        scan = btree.begin_scan(index_rel, [ScanKey(1, "=", oid)])
        try:
            taken = scan.next_batch() is not None
        finally:
            scan.end()
        if not taken:
            return oid


# initdb (standalone mode) takes OIDs below FirstNormalObjectId, as PostgreSQL's
# GetNewObjectId does outside a postmaster: initdb's ANALYZE toasts pg_statistic rows,
# and a fresh cluster's OID counter must still start at 16384.
_FIRST_UNPINNED_OBJECT_ID = 12000
_bootstrap_next = [_FIRST_UNPINNED_OBJECT_ID]


def _bootstrap_value_id() -> int:
    oid = _bootstrap_next[0]
    _bootstrap_next[0] += 1
    return oid


def save_datum(rel: Relation, datum: tf.RawDatum) -> tf.RawDatum:
    """toast_save_datum: store `datum` (plain or compressed, 4-byte header) in rel's
    TOAST table; returns the external pointer datum."""
    from pgsnake.access.heap import heapam
    from pgsnake.access.nbtree import access_method as btree
    toast_rel, index_rel = _toast_relations(rel.toast_oid)
    stored = bytes(datum[4:])
    if datum[0] & 3 == 2:
        tcinfo = _U32.unpack_from(datum, 4)[0]
        rawsize = (tcinfo & tf.MAX_VARLENA_SIZE) + tf.VARHDRSZ
        method = tcinfo >> 30
    else:
        rawsize = len(datum)
        method = None
    value_id = _new_value_id(index_rel)
    for seq, start in enumerate(range(0, len(stored), tf.TOAST_MAX_CHUNK_SIZE)):
        chunk = stored[start:start + tf.TOAST_MAX_CHUNK_SIZE]
        tid = heapam.heap_insert(toast_rel, [value_id, seq, chunk])
        btree.insert(index_rel, [value_id, seq], tid, heap_rel=toast_rel)
    return tf.ExternalPointer(rawsize, len(stored), method, value_id,
                              rel.toast_oid).datum()


def _chunk_tids(toast_rel: Relation, index_rel: Relation, value_id: int) -> list:
    from pgsnake.access.nbtree import access_method as btree
    from pgsnake.access.nbtree.scan_keys import ScanKey
    scan = btree.begin_scan(index_rel, [ScanKey(1, "=", value_id)])
    tids = []
    try:
        while (batch := scan.next_batch()) is not None:
            tids.extend(item.heap_tid for item in batch)
    finally:
        scan.end()
    return tids


def _toast_visible(header) -> bool:
    """HeapTupleSatisfiesToast: everything but an inserter known invalid."""
    mask = header.infomask
    if not mask & HEAP_XMIN_COMMITTED and (mask & HEAP_XMIN_INVALID or header.xmin == 0):
        return False
    return True


def fetch_stored(pointer: tf.ExternalPointer) -> bytes:
    """The stored bytes of an external value, from its chunks in order, checked."""
    from pgsnake.access.heap.heap_lock import TuplePage
    toast_rel, index_rel = _toast_relations(pointer.toastrelid)
    chunks: dict[int, bytes] = {}
    for tid in _chunk_tids(toast_rel, index_rel, pointer.valueid):
        page = TuplePage.open(toast_rel, tid, bufmgr.SHARE)
        if page is None:
            continue
        try:
            if not _toast_visible(page.header):
                continue
            chunk_id, seq, data = deform_tuple(toast_rel.descriptor, page.item)
        finally:
            page.close()
        if chunk_id == pointer.valueid:
            chunks[seq] = data
    size = pointer.extsize
    total_chunks = (size - 1) // tf.TOAST_MAX_CHUNK_SIZE + 1 if size else 0
    name = toast_rel.name
    parts = []
    for seq in range(total_chunks):
        data = chunks.get(seq)
        if data is None:
            raise PgError(DATA_CORRUPTED, f"missing chunk number {seq} for toast value "
                                          f"{pointer.valueid} in {name}")
        expected = tf.TOAST_MAX_CHUNK_SIZE if seq < total_chunks - 1 else \
            size - seq * tf.TOAST_MAX_CHUNK_SIZE
        if len(data) != expected:
            raise PgError(DATA_CORRUPTED, f"unexpected chunk size {len(data)} (expected "
                                          f"{expected}) in chunk {seq} of {total_chunks} "
                                          f"for toast value {pointer.valueid} in {name}")
        parts.append(bytes(data))
    extra = [seq for seq in chunks if seq >= total_chunks]
    if extra:
        raise PgError(DATA_CORRUPTED, f"unexpected chunk number {min(extra)} (out of range "
                                      f"0..{total_chunks - 1}) for toast value "
                                      f"{pointer.valueid} in {name}")
    return b"".join(parts)


def delete_values(pointers) -> None:
    """toast_delete_datum for each pointer datum: delete its chunk rows (MVCC)."""
    from pgsnake.access.heap import heapam
    for datum in pointers:
        pointer = tf.ExternalPointer.parse(datum)
        toast_rel, index_rel = _toast_relations(pointer.toastrelid)
        for tid in _chunk_tids(toast_rel, index_rel, pointer.valueid):
            result = heapam.heap_delete(toast_rel, tid, None)
            if result.status not in ("ok", "self_modified", "deleted"):
                raise PgError(INTERNAL_ERROR, "tuple concurrently updated")


def values_for_hot_check(rel: Relation, data, new_values: list) -> list:
    """The old version's values for hot.is_hot_update, without fetching external ones:
    an external value is the new value itself when that was decoded from the same
    pointer (the column is unchanged, as PostgreSQL finds the same datum), else its
    pointer, which equals no value."""
    old = deform_tuple(rel.descriptor, data, detoast=False)
    for i, value in enumerate(old):
        if type(value) is tf.RawDatum and i < len(new_values) and \
                tf.external_pointer_of(new_values[i]) == value:
            old[i] = new_values[i]
    return old


def old_external_pointers(rel: Relation, tid) -> list | None:
    """The external pointers of the tuple at `tid` (None if it has none)."""
    from pgsnake.access.common.heap_tuple import HEAP_HASEXTERNAL
    from pgsnake.access.heap.heap_lock import TuplePage
    page = TuplePage.open(rel, tid, bufmgr.SHARE)
    if page is None:
        return None
    try:
        if not page.header.infomask & HEAP_HASEXTERNAL:
            return None
        return external_pointers(rel.descriptor, page.item)
    finally:
        page.close()


set_external_fetcher(fetch_stored)
