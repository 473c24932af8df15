"""amcheck's verify_heapam: a table's pages checked for corruption, one row per problem,
as PostgreSQL 15 reports them.

    verify_heapam(relation regclass, on_error_stop bool DEFAULT false,
                  check_toast bool DEFAULT false, skip text DEFAULT 'none',
                  startblock bigint DEFAULT NULL, endblock bigint DEFAULT NULL)
        -> setof (blkno bigint, offnum integer, attnum integer, msg text)

For each page in [startblock, endblock] (skipping all-frozen or all-visible ones when
asked), under a share lock:
  - line pointers: a redirect must point inside the line pointer array at a used item;
    a normal one must be MAXALIGNed, at least a tuple header long, and end inside the
    page;
  - the tuple header: t_hoff inside the tuple and equal to what the null bitmap needs,
    no committed multixact xmax;
  - xmin, xmax (and a multixact's update xid, and the old VACUUM FULL xvac) against the
    valid range: not in the future (next xid), not before the cluster's oldest xid or the
    table's relfrozenxid; a multixact not before relminmxid and not in the future; the
    commit log says whether the inserter committed (an uncommitted one's tuple is not
    looked into further, its layout may be from a descriptor we do not know);
  - the attributes, walked as heap_deform_tuple walks them: no more than the table has,
    each inside the tuple, a TOAST pointer with the on-disk tag, a sane raw size and
    compression method, HEAP_HASEXTERNAL set and a TOAST table to point into;
  - with check_toast, each TOAST pointer of a tuple that cannot be pruned meanwhile: its
    chunks found through the TOAST index, numbered 0.. in order, of the right sizes.
The messages, and blkno / offnum / attnum (attnum is the 0-based position PostgreSQL
reports; NULL for a problem not of one attribute), are PostgreSQL 15's. The update-chain
checks PostgreSQL 16 added are not made (15 has none).

on_error_stop ends the scan after the first page with a problem. NULL for any of the
first four arguments is 22023, as are a bad skip option and a block range outside the
table. Locks: AccessShareLock on the table (and its TOAST table and index with
check_toast). Privileges: EXECUTE is revoked from PUBLIC (extensions.py).

PostgreSQL: contrib/amcheck/verify_heapam.c (verify_heapam, check_tuple_header,
check_tuple_visibility, check_tuple_attribute, check_toasted_attribute,
check_toast_tuple, get_xid_status, FullTransactionIdFromXidAndCtx).
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.common import toast_format as tf
from pgsnake.access.common.heap_tuple import HeapTupleHeader
from pgsnake.access.heap import visibility_map
from pgsnake.access.transam import commit_log, multixact, transaction_ids, xact
from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import relation_locks
from pgsnake.contrib.relation_args import open_relation
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.lmgr import lock_modes
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import (FEATURE_NOT_SUPPORTED, INVALID_PARAMETER_VALUE, PgError,
                                  WRONG_OBJECT_TYPE)

FIRST_NORMAL_XID = 3
SIZE_OF_HEAP_TUPLE_HEADER = 23
HEADER_MIN = pl.maxalign(SIZE_OF_HEAP_TUPLE_HEADER)            # 24
VARLENA_SIZE_LIMIT = 0x3FFFFFFF
VARTAG_ONDISK = 18
EXTERNAL_SIZE = 2 + 16                    # varattrib_1b_e header + varatt_external
HEAP_AM = 2

# t_infomask / t_infomask2 bits
HASNULL, HASEXTERNAL = 0x0001, 0x0004
XMAX_KEYSHR_LOCK, XMAX_EXCL_LOCK, XMAX_LOCK_ONLY = 0x0010, 0x0040, 0x0080
XMIN_COMMITTED, XMIN_INVALID = 0x0100, 0x0200
XMAX_COMMITTED, XMAX_INVALID, XMAX_IS_MULTI = 0x0400, 0x0800, 0x1000
MOVED_OFF, MOVED_IN = 0x4000, 0x8000
NATTS_MASK = 0x07FF
_LOCK_MASK = XMAX_EXCL_LOCK | XMAX_KEYSHR_LOCK

# get_xid_status's answers
INVALID, IN_FUTURE, PRECEDES_CLUSTERMIN, PRECEDES_RELMIN, BOUNDS_OK = range(5)
COMMITTED, IS_CURRENT, IN_PROGRESS, ABORTED = "committed", "current", "in progress", "aborted"
_ALIGN = {"c": 1, "s": 2, "i": 4, "d": 8}
_SKIP = {"all-visible": visibility_map.ALL_VISIBLE, "all-frozen": visibility_map.ALL_FROZEN,
         "none": 0}


def _param_error(message: str, hint: str | None = None) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, message, hint=hint)


@dataclasses.dataclass
class _Context:
    rel: object
    relfrozenxid: int
    relminmxid: int
    toast: tuple | None                  # (toast relation, its index) with check_toast
    next_fxid: int = 0
    oldest_fxid: int = 0
    relfrozen_fxid: int = 0
    oldest_mxact: int = 1
    next_mxact: int = 1
    safe_xmin: int = 0
    blkno: int = 0
    offnum: int = 0
    attnum: int = -1
    rows: list = dataclasses.field(default_factory=list)
    corrupt: bool = False
    could_be_pruned: bool = True
    toasted: list = dataclasses.field(default_factory=list)

    def report(self, msg: str, blkno=None, offnum=None, attnum=None) -> None:
        attnum = self.attnum if attnum is None else attnum
        self.rows.append((self.blkno if blkno is None else blkno,
                          self.offnum if offnum is None else offnum,
                          attnum if attnum >= 0 else None, msg))
        self.corrupt = True

    # -- transaction id ranges (FullTransactionIdFromXidAndCtx, update_cached_*) ------

    def refresh_xids(self) -> None:
        self.next_fxid = transaction_ids.read_next_xid()
        self.oldest_fxid = self.full(_oldest_xid())

    def refresh_mxids(self) -> None:
        self.oldest_mxact = 1
        self.next_mxact = multixact.next_ids()[0]

    def full(self, xid: int) -> int:
        if xid < FIRST_NORMAL_XID:
            return xid
        next_xid = self.next_fxid & 0xFFFFFFFF
        diff = (next_xid - xid) & 0xFFFFFFFF
        if diff >= 1 << 31:
            diff -= 1 << 32
        if diff > 0 and self.next_fxid - FIRST_NORMAL_XID < diff:
            # Before epoch 0: older than anything valid. PostgreSQL clamps it to
            # FirstNormalFullTransactionId, below its oldestXid (a fresh cluster's is
            # already newer); pgsnake's oldest may be 3 itself, so go one lower.
            return FIRST_NORMAL_XID - 1
        return self.next_fxid - diff

    def epoch_xid(self, fxid: int) -> str:
        return f"{fxid >> 32}:{fxid & 0xFFFFFFFF}"

    def xid_status(self, xid: int, want_status: bool = True) -> tuple[int, str | None]:
        if xid == 0:
            return INVALID, None
        if xid < FIRST_NORMAL_XID:
            return BOUNDS_OK, COMMITTED
        fxid = self.full(xid)
        if not self.oldest_fxid <= fxid < self.next_fxid:
            self.refresh_xids()
            fxid = self.full(xid)
        if fxid >= self.next_fxid:
            return IN_FUTURE, None
        if fxid < self.oldest_fxid:
            return PRECEDES_CLUSTERMIN, None
        if fxid < self.relfrozen_fxid:
            return PRECEDES_RELMIN, None
        if not want_status:
            return BOUNDS_OK, None
        if xact.is_current_xid(xid):
            return BOUNDS_OK, IS_CURRENT
        if transaction_ids.xid_is_running(xid):
            return BOUNDS_OK, IN_PROGRESS
        if commit_log.xid_status(xid) == "committed":
            return BOUNDS_OK, COMMITTED
        return BOUNDS_OK, ABORTED

    def mxid_bounds(self, mxid: int) -> int:
        for attempt in range(2):
            if mxid == 0:
                return INVALID
            if _mxid_precedes(mxid, self.relminmxid):
                result = PRECEDES_RELMIN
            elif _mxid_precedes(mxid, self.oldest_mxact):
                result = PRECEDES_CLUSTERMIN
            elif not _mxid_precedes(mxid, self.next_mxact):
                result = IN_FUTURE
            else:
                return BOUNDS_OK
            if attempt == 0:
                self.refresh_mxids()
        return result


def _oldest_xid() -> int:
    """ShmemVariableCache->oldestXid: the oldest datfrozenxid of any database (what
    vac_update_datfrozenxid hands to SetTransactionIdLimit); older xids may be gone from
    the commit log. A half-dropped (invalid) database is left out, as vac_truncate_clog
    leaves it out."""
    from pgsnake.catalog import database_validity
    frozen = [row.datfrozenxid for row in cc.scan_catalog("pg_database")
              if row.datfrozenxid >= FIRST_NORMAL_XID and not database_validity.is_invalid(row)]
    return min(frozen, default=FIRST_NORMAL_XID)


def _mxid_precedes(a: int, b: int) -> bool:
    diff = (a - b) & 0xFFFFFFFF
    return diff >= 1 << 31


def verify_heapam(relation, on_error_stop=False, check_toast=False, skip="none",
                  startblock=None, endblock=None):
    for value, name in ((relation, "relation"), (on_error_stop, "on_error_stop"),
                        (check_toast, "check_toast"), (skip, "skip")):
        if value is None:
            raise _param_error(f"{name} cannot be null")
    skip_bits = _SKIP.get(skip.lower())
    if skip_bits is None:
        raise _param_error("invalid skip option", 'Valid skip options are "all-visible", '
                                                  '"all-frozen", and "none".')
    rel = open_relation(relation, lock_modes.ACCESS_SHARE)
    row = cc.class_row(relation)
    if rel.relkind not in ("r", "m", "t", "S"):
        from pgsnake.catalog.relation_kinds import unsupported_detail
        raise PgError(WRONG_OBJECT_TYPE, f'cannot check relation "{rel.name}"',
                      detail=unsupported_detail(rel.relkind))
    if rel.relkind != "S" and row.relam != HEAP_AM:
        raise PgError(FEATURE_NOT_SUPPORTED, "only heap AM is supported")
    nblocks = bufmgr.nblocks(rel.locator, ForkNumber.MAIN)
    if nblocks == 0:
        return []
    first = 0 if startblock is None else startblock
    if startblock is not None and not 0 <= startblock < nblocks:
        raise _param_error(f"starting block number must be between 0 and {nblocks - 1}")
    if endblock is not None and not 0 <= endblock < nblocks:
        raise _param_error(f"ending block number must be between 0 and {nblocks - 1}")
    last = nblocks - 1 if endblock is None else endblock
    toast = None
    if rel.toast_oid and check_toast:
        toast = _open_toast(rel.toast_oid)
    ctx = _Context(rel, row.relfrozenxid, row.relminmxid, toast)
    ctx.safe_xmin = xact.get_transaction_snapshot().xmin
    ctx.refresh_xids()
    ctx.refresh_mxids()
    ctx.relfrozen_fxid = ctx.full(ctx.relfrozenxid)
    for blkno in range(first, last + 1):
        if skip_bits and visibility_map.get_status(rel, blkno) & skip_bits:
            continue
        ctx.blkno = blkno
        _check_page(ctx)
        for toasted in ctx.toasted:
            _check_toasted(ctx, toasted)
        ctx.toasted = []
        if on_error_stop and ctx.corrupt:
            break
    return ctx.rows


def _open_toast(toast_oid: int):
    relation_locks.lock_relation_oid(toast_oid, lock_modes.ACCESS_SHARE)
    toast_rel = cc.get_relation(toast_oid)
    index_oids = cc.index_oids_of(toast_oid)
    for index_oid in index_oids:
        relation_locks.lock_relation_oid(index_oid, lock_modes.ACCESS_SHARE)
    return toast_rel, cc.get_relation(index_oids[0])


def _check_page(ctx: _Context) -> None:
    buf = bufmgr.read_buffer(ctx.rel.locator, ForkNumber.MAIN, ctx.blkno)
    bufmgr.lock_buffer(buf, bufmgr.SHARE)
    try:
        page = bytes(bufmgr.page(buf))
        maxoff = pl.max_offset(page)
        for offnum in range(1, maxoff + 1):
            ctx.offnum = offnum
            lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
            if lp_flags in (pl.LP_UNUSED, pl.LP_DEAD):
                continue
            if lp_flags == pl.LP_REDIRECT:
                _check_redirect(ctx, page, lp_off, maxoff)
                continue
            if lp_off != pl.maxalign(lp_off):
                ctx.report(f"line pointer to page offset {lp_off} is not maximally aligned")
                continue
            if lp_len < HEADER_MIN:
                ctx.report(f"line pointer length {lp_len} is less than the minimum tuple "
                           f"header size {HEADER_MIN}")
                continue
            if lp_off + lp_len > pl.BLCKSZ:
                ctx.report(f"line pointer to page offset {lp_off} with length {lp_len} ends "
                           f"beyond maximum page offset {pl.BLCKSZ}")
                continue
            _check_tuple(ctx, page, lp_off, lp_len)
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)


def _check_redirect(ctx: _Context, page: bytes, target: int, maxoff: int) -> None:
    """A redirect's lp_off is the offset number it points to."""
    if target < 1:
        ctx.report(f"line pointer redirection to item at offset {target} precedes minimum "
                   f"offset 1")
    elif target > maxoff:
        ctx.report(f"line pointer redirection to item at offset {target} exceeds maximum "
                   f"offset {maxoff}")
    elif pl.item_id(page, target)[1] == pl.LP_UNUSED:
        ctx.report(f"line pointer redirection to unused item at offset {target}")


def _check_tuple(ctx: _Context, page: bytes, lp_off: int, lp_len: int) -> None:
    header = HeapTupleHeader(bytearray(page[lp_off:lp_off + SIZE_OF_HEAP_TUPLE_HEADER + 1]))
    natts = header.infomask2 & NATTS_MASK
    if not _check_header(ctx, header, lp_len, natts):
        return
    if not _check_visibility(ctx, header):
        return
    table_natts = len(ctx.rel.descriptor.attributes)
    if natts > table_natts:
        ctx.report(f"number of attributes {natts} exceeds maximum expected for table "
                   f"{table_natts}")
        return
    # The walk may read past the tuple (as PostgreSQL's may) before it finds it too long;
    # zeros past the page's end keep it from running off.
    data = page[lp_off + header.hoff:] + bytes(8)
    bits = page[lp_off + SIZE_OF_HEAP_TUPLE_HEADER:lp_off + header.hoff]
    offset = 0
    for attnum in range(natts):
        ctx.attnum = attnum
        offset = _check_attribute(ctx, header, data, bits, attnum, offset, lp_len)
        if offset is None:
            break
    ctx.attnum = -1


def _check_header(ctx: _Context, header: HeapTupleHeader, lp_len: int, natts: int) -> bool:
    ok = True
    hoff, infomask = header.hoff, header.infomask
    if hoff > lp_len:
        ctx.report(f"data begins at offset {hoff} beyond the tuple length {lp_len}")
        ok = False
    if infomask & XMAX_COMMITTED and infomask & XMAX_IS_MULTI:
        ctx.report("multixact should not be marked committed")
    if infomask & HASNULL:
        expected = pl.maxalign(SIZE_OF_HEAP_TUPLE_HEADER + (natts + 7) // 8)
    else:
        expected = HEADER_MIN
    if hoff != expected:
        nulls = "has nulls" if infomask & HASNULL else "no nulls"
        count = "1 attribute" if natts == 1 else f"{natts} attributes"
        ctx.report(f"tuple data should begin at byte {expected}, but actually begins at "
                   f"byte {hoff} ({count}, {nulls})")
        ok = False
    return ok


_XID_WORDS = {
    IN_FUTURE: ("equals or exceeds next valid transaction ID", "next_fxid"),
    PRECEDES_CLUSTERMIN: ("precedes oldest valid transaction ID", "oldest_fxid"),
    PRECEDES_RELMIN: ("precedes relation freeze threshold", "relfrozen_fxid"),
}


def _xid_problem(ctx: _Context, what: str, xid: int, bounds: int) -> None:
    words, field = _XID_WORDS[bounds]
    ctx.report(f"{what} {xid} {words} {ctx.epoch_xid(getattr(ctx, field))}")


def _check_visibility(ctx: _Context, header: HeapTupleHeader) -> bool:
    """check_tuple_visibility: whether the tuple's attributes may be checked; sets
    ctx.could_be_pruned (its TOAST may vanish under us)."""
    ctx.could_be_pruned = True
    infomask = header.infomask
    frozen = infomask & (XMIN_COMMITTED | XMIN_INVALID) == XMIN_COMMITTED | XMIN_INVALID
    xmin = 2 if frozen else header.xmin
    bounds, xmin_status = ctx.xid_status(xmin)
    if bounds == INVALID:
        return False
    if bounds != BOUNDS_OK:
        _xid_problem(ctx, "xmin", xmin, bounds)
        return False
    if not infomask & XMIN_COMMITTED:
        if infomask & XMIN_INVALID:
            return False
        if infomask & (MOVED_OFF | MOVED_IN):
            moved = "moved off" if infomask & MOVED_OFF else "moved in"
            xvac = header.cid                 # t_field3 holds xvac for moved tuples
            bounds, xvac_status = ctx.xid_status(xvac)
            what = f"old-style VACUUM FULL transaction ID {xvac} for {moved} tuple"
            if bounds == INVALID:
                ctx.report(f"old-style VACUUM FULL transaction ID for {moved} tuple is "
                           f"invalid")
                return False
            if bounds != BOUNDS_OK:
                words, field = _XID_WORDS[bounds]
                ctx.report(f"{what} {words} {ctx.epoch_xid(getattr(ctx, field))}")
                return False
            if xvac_status == IS_CURRENT:
                ctx.report(f"{what} matches our current transaction ID")
                return False
            if xvac_status == IN_PROGRESS:
                ctx.report(f"{what} appears to be in progress")
                return False
            if (xvac_status == COMMITTED) == bool(infomask & MOVED_OFF):
                return True                   # moved away: dead, but checkable
        elif xmin_status != COMMITTED:
            return False
    if infomask & XMAX_IS_MULTI:
        xmax = header.xmax
        bounds = ctx.mxid_bounds(xmax)
        if bounds == INVALID:
            ctx.report("multitransaction ID is invalid")
            return True
        if bounds == PRECEDES_RELMIN:
            ctx.report(f"multitransaction ID {xmax} precedes relation minimum "
                       f"multitransaction ID threshold {ctx.relminmxid}")
            return True
        if bounds == PRECEDES_CLUSTERMIN:
            ctx.report(f"multitransaction ID {xmax} precedes oldest valid multitransaction "
                       f"ID threshold {ctx.oldest_mxact}")
            return True
        if bounds == IN_FUTURE:
            ctx.report(f"multitransaction ID {xmax} equals or exceeds next valid "
                       f"multitransaction ID {ctx.next_mxact}")
            return True
    if infomask & XMAX_INVALID:
        ctx.could_be_pruned = False
        return True
    if infomask & XMAX_LOCK_ONLY or infomask & (XMAX_IS_MULTI | _LOCK_MASK) == XMAX_EXCL_LOCK:
        ctx.could_be_pruned = False           # HEAP_XMAX_IS_LOCKED_ONLY
        return True
    if infomask & XMAX_IS_MULTI:
        xmax = multixact.update_xid(header.xmax)
        bounds, xmax_status = ctx.xid_status(xmax)
        if bounds == INVALID:
            ctx.report("update xid is invalid")
            return True
        if bounds != BOUNDS_OK:
            _xid_problem(ctx, "update xid", xmax, bounds)
            return True
        _note_deleter(ctx, xmax, xmax_status)
        return True
    xmax = header.xmax
    bounds, xmax_status = ctx.xid_status(xmax)
    if bounds == INVALID:
        ctx.could_be_pruned = False
        return True
    if bounds != BOUNDS_OK:
        _xid_problem(ctx, "xmax", xmax, bounds)
        return False
    _note_deleter(ctx, xmax, xmax_status)
    return True


def _note_deleter(ctx: _Context, xmax: int, status: str) -> None:
    if status == COMMITTED:
        ctx.could_be_pruned = ctx.full(xmax) < ctx.full(ctx.safe_xmin) if ctx.safe_xmin \
            else True
    else:
        ctx.could_be_pruned = False


def _varlena_size(data: bytes, at: int) -> int:
    first = data[at]
    if first == 0x01:                                  # external: 2 + the tag's size
        return EXTERNAL_SIZE
    if first & 0x01:                                   # 1-byte header
        return first >> 1
    return struct.unpack_from("<I", data, at)[0] >> 2 & 0x3FFFFFFF


def _check_attribute(ctx: _Context, header: HeapTupleHeader, data: bytes, bits: bytes,
                     attnum: int, offset: int, lp_len: int) -> int | None:
    """check_tuple_attribute: the offset after the attribute, or None when the walk
    cannot go on."""
    attribute = ctx.rel.descriptor.attributes[attnum]
    hoff, infomask = header.hoff, header.infomask
    attlen = attribute.typlen
    shown_len = attlen & 0xFFFFFFFF                  # attlen printed with %u: -1 is 4294967295
    if hoff + offset > lp_len:
        ctx.report(f"attribute with length {shown_len} starts at offset {hoff + offset} "
                   f"beyond total tuple length {lp_len}")
        return None
    if infomask & HASNULL and not bits[attnum // 8] & (1 << (attnum % 8)):
        return offset
    align = _ALIGN.get(attribute.typalign, 4)
    if attlen != -1:
        offset = (offset + align - 1) // align * align
        if attlen == -2:
            offset = data.index(b"\x00", offset) + 1
        else:
            offset += attlen
        if hoff + offset > lp_len:
            ctx.report(f"attribute with length {shown_len} ends at offset {hoff + offset} "
                       f"beyond total tuple length {lp_len}")
            return None
        return offset
    if data[offset] == 0:                                     # a pad byte: align
        offset = (offset + align - 1) // align * align
    start = offset
    external = data[start] == 0x01
    if external:
        tag = data[start + 1]
        if tag != VARTAG_ONDISK:
            ctx.report(f"toasted attribute has unexpected TOAST tag {tag}")
            return None
    offset = start + _varlena_size(data, start)
    if hoff + offset > lp_len:
        ctx.report(f"attribute with length {shown_len} ends at offset {hoff + offset} "
                   f"beyond total tuple length {lp_len}")
        return None
    if not external:
        return offset
    rawsize, extinfo, valueid, toastrelid = struct.unpack_from("<iIII", data, start + 2)
    if rawsize > VARLENA_SIZE_LIMIT:
        ctx.report(f"toast value {valueid} rawsize {rawsize} exceeds limit "
                   f"{VARLENA_SIZE_LIMIT}")
    extsize = extinfo & VARLENA_SIZE_LIMIT
    if extsize < rawsize - 4:                           # compressed
        method = extinfo >> 30
        if method not in (0, 1):                        # pglz, lz4
            ctx.report(f"toast value {valueid} has invalid compression method id {method}")
    if not infomask & HASEXTERNAL:
        ctx.report(f"toast value {valueid} is external but tuple header flag "
                   f"HEAP_HASEXTERNAL not set")
        return offset
    if not ctx.rel.toast_oid:
        ctx.report(f"toast value {valueid} is external but relation has no toast relation")
        return offset
    if ctx.toast is not None and not ctx.could_be_pruned:
        ctx.toasted.append((ctx.blkno, ctx.offnum, attnum, valueid, extsize))
    return offset


def _check_toasted(ctx: _Context, toasted: tuple) -> None:
    """check_toasted_attribute: the value's chunks, in chunk_seq order via the index."""
    blkno, offnum, attnum, valueid, extsize = toasted
    from pgsnake.access.heap.heap_lock import TuplePage
    from pgsnake.access.heap.heap_toast import _chunk_tids, _toast_visible
    from pgsnake.access.common.heap_tuple import deform_tuple
    toast_rel, index_rel = ctx.toast
    last_chunk = (extsize - 1) // tf.TOAST_MAX_CHUNK_SIZE
    expected = 0
    found = False

    def report(msg):
        ctx.report(msg, blkno, offnum, attnum)

    chunks = []
    for tid in _chunk_tids(toast_rel, index_rel, valueid):
        page = TuplePage.open(toast_rel, tid, bufmgr.SHARE)
        if page is None:
            continue
        try:
            if not _toast_visible(page.header):
                continue
            chunks.append(deform_tuple(toast_rel.descriptor, page.item))
        finally:
            page.close()
    for _chunk_id, seq, chunk in chunks:
        found = True
        if seq is None:
            report(f"toast value {valueid} has toast chunk with null sequence number")
            return
        if seq != expected:
            report(f"toast value {valueid} index scan returned chunk {seq} when expecting "
                   f"chunk {expected}")
        expected = seq + 1
        if chunk is None:
            report(f"toast value {valueid} chunk {seq} has null data")
            return
        if seq > last_chunk:
            report(f"toast value {valueid} chunk {seq} follows last expected chunk "
                   f"{last_chunk}")
            return
        size = tf.TOAST_MAX_CHUNK_SIZE if seq < last_chunk else \
            extsize - last_chunk * tf.TOAST_MAX_CHUNK_SIZE
        if len(chunk) != size:
            report(f"toast value {valueid} chunk {seq} has size {len(chunk)}, but expected "
                   f"size {size}")
    if not found:
        report(f"toast value {valueid} not found in toast table")
    elif expected <= last_chunk:
        report(f"toast value {valueid} was expected to end at chunk {last_chunk}, but "
               f"ended while expecting chunk {expected}")
