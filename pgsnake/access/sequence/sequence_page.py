"""A sequence's storage: one page holding one tuple (last_value, log_cnt, is_called),
changed in place, outside MVCC, and WAL-logged ahead of use.

The page is an ordinary heap page whose 4-byte special space holds the magic 0x1717;
its only tuple (item 1) is frozen (xmin 2), so every snapshot sees it, and nextval
overwrites its values under the buffer's exclusive lock: numbers handed out are never
given back, whatever happens to the transaction that took them.

WAL ahead of use: when nextval must log (the first call after CREATE / setval /
a checkpoint, or when the logged reserve `log_cnt` runs out) it writes one XLOG_SEQ_LOG
record holding the tuple as it will be 32 values later (SEQ_LOG_VALS) and then hands
values out of that reserve without logging, counting log_cnt down. After a crash redo
restores the logged state, so no value handed out before the crash is ever handed out
again (some reserved ones are skipped, as in PostgreSQL). A transaction that logged
gets an xid, so its commit record, and the flush before COMMIT returns, covers the
sequence record too.

An unlogged sequence (never WAL-logged) has an init fork: the page as it was made
(access/common/init_fork.py), copied over the sequence after a crash.

Entry points: create(relation, start), create_with_state(relation, state), read_state(relation) -> SequenceState,
next_value(relation, options) -> (value, last fetched), set_value(relation, value,
is_called), redo / describe (registered as resource manager 15, "Sequence").

PostgreSQL: commands/sequence.c (fill_seq_with_data, read_seq_tuple, nextval_internal,
do_setval, seq_redo), access/rmgrdesc/seqdesc.c, include/commands/sequence.h.
"""
from __future__ import annotations

import dataclasses
import struct

from pgsnake.access.common.heap_tuple import (HEAP_XMAX_INVALID, HEAP_XMIN_FROZEN,
                                              HeapTupleHeader, deform_tuple, form_tuple)
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.transam.wal import wal, waldump
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr import storage_manager as smgr
from pgsnake.storage.smgr.relation_path import ForkNumber, RelFileLocator
from pgsnake.utils.critical_section import critical_section
from pgsnake.utils.errors import PgError

MAIN = ForkNumber.MAIN
SEQUENCE_MAGIC = 0x1717
SEQ_LOG_VALS = 32                # values logged ahead per WAL record
XLOG_SEQ_LOG = 0x00
FROZEN_XID = 2
SEQUENCE_LIMIT_EXCEEDED = "2200H"
_LOCATOR = struct.Struct("<III")          # xl_seq_rec: the sequence's RelFileLocator
_MAGIC = struct.Struct("<I")


@dataclasses.dataclass(slots=True)
class SequenceState:
    """The sequence tuple's columns."""
    last_value: int
    log_cnt: int
    is_called: bool


@dataclasses.dataclass(frozen=True, slots=True)
class SequenceOptions:
    """pg_sequence's row: what nextval obeys."""
    increment: int
    min_value: int
    max_value: int
    cache: int
    cycle: bool


def _tuple_bytes(rel: Relation, state: SequenceState) -> bytes:
    data = bytearray(form_tuple(rel.descriptor, [state.last_value, state.log_cnt,
                                                 state.is_called]))
    header = HeapTupleHeader(data)
    header.xmin = FROZEN_XID
    header.infomask = header.infomask | HEAP_XMIN_FROZEN | HEAP_XMAX_INVALID
    header.ctid = (0, 1)
    return bytes(data)


def _fill_page(page, item: bytes) -> None:
    pl.init_page(page, special_size=_MAGIC.size)
    _MAGIC.pack_into(page, len(page) - _MAGIC.size, SEQUENCE_MAGIC)
    pl.add_item(page, item, 1)


def _log(rel: Relation, buf: int, item: bytes) -> None:
    """Inside a critical section: the page's new state as one XLOG_SEQ_LOG record."""
    bufmgr.mark_dirty(buf)
    if not rel.needs_wal:
        return
    locator = rel.locator
    main = _LOCATOR.pack(locator.spcoid, locator.dboid, locator.relfilenode) + item
    lsn = wal.insert_record(wal.RmgrId.SEQ, XLOG_SEQ_LOG, main,
                            [wal.BlockRef(0, locator, MAIN, 0, bufmgr.page(buf), b"", True)])
    pl.set_lsn(bufmgr.page(buf), lsn)


def create(rel: Relation, start: int) -> None:
    """The sequence's file with its one page: last_value = start, not yet called."""
    create_with_state(rel, SequenceState(start, 0, False))


def create_with_state(rel: Relation, state: SequenceState) -> None:
    """The sequence's file with its one page holding `state` (fill_seq_with_data); an
    unlogged sequence also gets its init fork, the same page, which is what it goes
    back to after a crash."""
    smgr.create(rel.locator, MAIN)
    if rel.needs_wal:
        from pgsnake.access.transam import smgr_records
        smgr_records.log_create(rel.locator, MAIN)
    item = _tuple_bytes(rel, state)
    buf, _blkno = bufmgr.extend_relation(rel.locator, MAIN)
    try:
        with critical_section("CREATE SEQUENCE"):
            _fill_page(bufmgr.page(buf), item)
            _log(rel, buf, item)
    finally:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
    if rel.persistence == "u":
        from pgsnake.access.common import init_fork
        page = bytearray(pl.BLCKSZ)
        _fill_page(page, item)
        init_fork.create_init_fork(rel, [page])


def _open(rel: Relation, mode) -> int:
    buf = bufmgr.read_buffer(rel.locator, MAIN, 0)
    bufmgr.lock_buffer(buf, mode)
    page = bufmgr.page(buf)
    if pl.is_new(page) or _MAGIC.unpack_from(page, len(page) - _MAGIC.size)[0] != SEQUENCE_MAGIC:
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
        raise PgError("XX000", f'bad magic number in sequence "{rel.name}"')
    return buf


def _close(buf: int) -> None:
    bufmgr.unlock_buffer(buf)
    bufmgr.release_buffer(buf)


def _state(rel: Relation, buf: int) -> SequenceState:
    values = deform_tuple(rel.descriptor, pl.get_item(bufmgr.page(buf), 1))
    return SequenceState(values[0], values[1], values[2])


def _rewrite(rel: Relation, buf: int, state: SequenceState) -> None:
    """Overwrite the tuple's values in place (same length: two int8 and a bool)."""
    page = bufmgr.page(buf)
    item = _tuple_bytes(rel, state)
    lp_off, _flags, lp_len = pl.item_id(page, 1)
    page[lp_off:lp_off + lp_len] = item


def read_state(rel: Relation) -> SequenceState:
    buf = _open(rel, bufmgr.SHARE)
    try:
        return _state(rel, buf)
    finally:
        _close(buf)


def _limit_error(rel: Relation, options: SequenceOptions, ascending: bool) -> PgError:
    if ascending:
        return PgError(SEQUENCE_LIMIT_EXCEEDED, f'nextval: reached maximum value of sequence '
                       f'"{rel.name}" ({options.max_value})')
    return PgError(SEQUENCE_LIMIT_EXCEEDED, f'nextval: reached minimum value of sequence '
                   f'"{rel.name}" ({options.min_value})')


def next_value(rel: Relation, options: SequenceOptions) -> tuple[int, int]:
    """Take the next `options.cache` values: (the first, the last fetched). Logs ahead
    when it must (module docstring)."""
    from pgsnake.access.transam import xact
    increment, low, high = options.increment, options.min_value, options.max_value
    while True:
        buf = _open(rel, bufmgr.EXCLUSIVE)
        try:
            state = _state(rel, buf)
            must_log = state.log_cnt < options.cache or not state.is_called \
                or pl.get_lsn(bufmgr.page(buf)) <= wal.redo_pointer()
            if not (must_log and rel.needs_wal) or xact.get_current_xid_if_any():
                break
        except BaseException:
            _close(buf)
            raise
        # Logging: the transaction needs an xid, so that its commit record (flushed
        # before COMMIT returns) covers this WAL. Taking one may wait on a lock, which
        # must not happen while holding the buffer's: let go, take it, look again.
        _close(buf)
        xact.get_current_xid()
    try:
        state = _state(rel, buf)
        last = next_ = result = state.last_value
        fetch = options.cache
        log = state.log_cnt
        fetched = 0
        if not state.is_called:
            fetched += 1                   # the first call returns last_value itself
            fetch -= 1
        must_log = False
        if log < fetch or not state.is_called:
            fetch = log = fetch + SEQ_LOG_VALS
            must_log = True
        elif pl.get_lsn(bufmgr.page(buf)) <= wal.redo_pointer():
            # Not logged since the last checkpoint: its full-page image must be in WAL.
            fetch = log = fetch + SEQ_LOG_VALS
            must_log = True
        while fetch:
            if increment > 0:
                if (high >= 0 and next_ > high - increment) or (high < 0 and next_ + increment > high):
                    if fetched > 0:
                        break
                    if not options.cycle:
                        raise _limit_error(rel, options, True)
                    next_ = low
                else:
                    next_ += increment
            else:
                if (low < 0 and next_ < low - increment) or (low >= 0 and next_ + increment < low):
                    if fetched > 0:
                        break
                    if not options.cycle:
                        raise _limit_error(rel, options, False)
                    next_ = high
                else:
                    next_ += increment
            fetch -= 1
            if fetched < options.cache:
                log -= 1
                fetched += 1
                last = next_
                if fetched == 1:
                    result = next_
        log -= fetch                       # the reserve we did not fetch
        with critical_section("nextval"):
            if must_log:
                logged = SequenceState(next_, 0, True)
                _rewrite(rel, buf, logged)
                _log(rel, buf, _tuple_bytes(rel, logged))
            _rewrite(rel, buf, SequenceState(last, log, True))
            bufmgr.mark_dirty(buf)
        return result, last
    finally:
        _close(buf)


def set_value(rel: Relation, value: int, is_called: bool) -> None:
    """setval: the next nextval returns value (+ increment if is_called); logged now."""
    from pgsnake.access.transam import xact
    if rel.needs_wal:
        xact.get_current_xid()             # before any buffer lock (see next_value)
    buf = _open(rel, bufmgr.EXCLUSIVE)
    try:
        state = SequenceState(value, 0, is_called)
        with critical_section("setval"):
            _rewrite(rel, buf, state)
            _log(rel, buf, _tuple_bytes(rel, state))
    finally:
        _close(buf)


# ---------------------------------------------------------------------------------------
# Redo


def redo(record) -> None:
    """XLOG_SEQ_LOG: the page is rebuilt from the logged tuple (will_init)."""
    action, buf = bufmgr.read_buffer_for_redo(record, 0)
    try:
        if action == "needs_redo":
            _fill_page(bufmgr.page(buf), bytes(record.main_data[_LOCATOR.size:]))
            pl.set_lsn(bufmgr.page(buf), record.end_lsn)
            bufmgr.mark_dirty(buf)
    finally:
        _close(buf)


def identify(info: int) -> str:
    return "LOG" if info & 0xF0 == XLOG_SEQ_LOG else f"UNKNOWN ({info:#x})"


def describe(record) -> str:
    spc, db, rel = _LOCATOR.unpack_from(record.main_data, 0)
    return f"rel {spc}/{db}/{rel}"


def locator_of(record) -> RelFileLocator:
    return RelFileLocator(*_LOCATOR.unpack_from(record.main_data, 0))


wal.register_rmgr(wal.RmgrId.SEQ, "Sequence", redo, describe)
waldump.register_identify(wal.RmgrId.SEQ, identify)
