"""Filling a table's new, empty heap file during a rewrite (VACUUM FULL, CLUSTER, ALTER
TABLE ... ALTER COLUMN TYPE).

`HeapRewriter(rel, freeze_cutoff)` writes tuples into `rel`'s (new, empty, exclusively
owned) main fork page after page, in the order they are given. `add(version)` forms the
tuple (TOASTing a wide value into the table's TOAST relation, as heap_insert does) and
keeps the version's visibility: its xmin, command id and infomask bits, and for a
version that some snapshot may still need after its deleter committed (recently dead),
its xmax. Heap-only and HOT-updated flags are not kept: every copied version is a
tuple of its own, indexed on its own when the indexes are rebuilt.

Update chains are rebuilt: a recently dead version whose row was updated points (t_ctid)
at its successor's place in the new file. Versions come in any order, so one whose
successor has not been written yet waits (`_waiting`, keyed by the successor's old TID
and xmin) and is written right after it; the new place of a version that is some
version's successor is remembered (`_moved`) for a predecessor that comes later. A
version whose successor never comes (it was dead and left behind) is written at the
end pointing at itself, as an end of chain.

With a freeze cutoff (VACUUM FULL, CLUSTER), each copy is frozen as VACUUM FREEZE would
freeze it in place (access/heap/freeze.py: an xmin that committed before the cutoff
becomes frozen, an old lock-only xmax goes), so the table's relfrozenxid can move up to
the cutoff.

Each page, once full, is WAL-logged whole (an XLOG_FPI record, wal.log_new_page) and only
then released: nobody else can see the new file (the caller holds AccessExclusiveLock and
the new relfilenode is not committed), so no per-tuple WAL is needed, and recovery
rebuilds the file from the page images after the XLOG_SMGR_CREATE that made it. The
pages go through shared buffers (PostgreSQL's rewriteheap.c writes them with smgr
directly and fsyncs the file at the end; the FPI records make the same guarantee here).

Invariant: the caller holds AccessExclusiveLock on the table; `rel` is the table under
its new relfilenode, whose file was created empty in this transaction.

Entry points: HeapRewriter (add, finish, abandon), TupleVersion.

PostgreSQL: access/heap/rewriteheap.c (begin_heap_rewrite, rewrite_heap_tuple,
raw_heap_insert, end_heap_rewrite; its UnresolvedTups and OldToNewMapping tables).
Where we differ: the logical-decoding mapping files of a catalog rewrite are not
written (catalogs are not rewritten).
"""
from __future__ import annotations

from typing import NamedTuple

from pgsnake.access.common.heap_tuple import (HEAP_UPDATED, HEAP_XACT_MASK, HEAP_XMAX_BITS,
                                              HEAP_XMAX_INVALID, HeapTupleHeader,
                                              form_tuple, tuple_size_check)
from pgsnake.access.common.toast_format import TOAST_TUPLE_THRESHOLD
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.heap import freeze, heap_toast, heapam
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import INTERNAL_ERROR, PgError
from pgsnake.utils.interrupts import check_for_interrupts

MAIN = ForkNumber.MAIN
class TupleVersion(NamedTuple):
    """One tuple version to copy. A live version has xmax 0 (its infomask's xmax bits
    are ignored: it is written with HEAP_XMAX_INVALID); a version whose deleter or
    updater may still be needed keeps xmax and its infomask bits, and `successor` is
    the old TID of the version that replaced it (None when deleted, not updated)."""
    values: list
    xmin: int
    cid: int
    infomask: int = 0                      # the old header's HEAP_XACT_MASK bits
    xmax: int = 0
    old_tid: tuple[int, int] | None = None
    successor: tuple[int, int] | None = None


class HeapRewriter:
    """Appends tuples to an empty heap, one page at a time."""

    def __init__(self, rel: Relation, freeze_cutoff: int | None = None) -> None:
        self.rel = rel
        self.freeze_cutoff = freeze_cutoff
        self.tuples = 0
        self._buf: int | None = None
        self._blockno = -1
        # (successor's old TID, successor's xmin) -> the versions that wait for it
        self._waiting: dict[tuple, list[TupleVersion]] = {}
        # (old TID, xmin) -> new TID, for versions that are some version's successor
        self._moved: dict[tuple, tuple[int, int]] = {}

    def _form(self, version: TupleVersion, ctid: tuple[int, int] | None) -> bytearray:
        values = version.values
        data = bytearray(form_tuple(self.rel.descriptor, values))
        if len(data) > TOAST_TUPLE_THRESHOLD and \
                self.rel.relkind in heap_toast.TOASTABLE_RELKINDS:
            toasted = heap_toast.toast_tuple_values(self.rel, values, None)
            data = bytearray(form_tuple(self.rel.descriptor, toasted.values))
        tuple_size_check(len(data))
        header = HeapTupleHeader(data)
        header.xmin = version.xmin
        header.cid = version.cid
        bits = version.infomask & HEAP_XACT_MASK
        if version.xmax:
            header.xmax = version.xmax
        else:
            bits = (bits & ~HEAP_XMAX_BITS) | HEAP_XMAX_INVALID
        header.infomask = header.infomask | bits
        if ctid is not None:
            header.ctid = ctid
        if self.freeze_cutoff is not None:
            plan, _frozen = freeze.prepare(header, self.freeze_cutoff, [version.xmin])
            if plan is not None:
                freeze.execute_plan(header, plan)
        return data

    def _write_page(self) -> None:
        """Log the current page whole, mark it dirty and let it go."""
        buf = self._buf
        if buf is None:
            return
        page = bufmgr.page(buf)
        bufmgr.mark_dirty(buf)
        if self.rel.needs_wal:
            pl.set_lsn(page, wal.log_new_page(self.rel.locator, MAIN, self._blockno, page))
        bufmgr.unlock_buffer(buf)
        bufmgr.release_buffer(buf)
        self._buf = None

    def _new_page(self) -> None:
        self._write_page()
        check_for_interrupts()
        buf, blockno = bufmgr.extend_relation(self.rel.locator, MAIN)
        pl.init_page(bufmgr.page(buf))
        self._buf, self._blockno = buf, blockno

    def add(self, version: TupleVersion) -> None:
        """Copy one version (now, or once its successor is in the new file)."""
        if version.xmax and version.successor is not None and \
                version.successor != version.old_tid:
            key = (version.successor, version.xmax)
            new_place = self._moved.pop(key, None)
            if new_place is None:
                self._waiting.setdefault(key, []).append(version)
                return
            self._place(version, new_place)
        else:
            self._place(version, None)

    def _place(self, version: TupleVersion, successor_place) -> None:
        """Write the version (t_ctid: its successor's new place, or itself), then every
        version that waited for it."""
        pending = [(version, successor_place)]
        while pending:
            version, successor_place = pending.pop()
            new_tid = self._append(self._form(version, successor_place),
                                   successor_place is not None)
            if version.old_tid is None:
                continue
            key = (version.old_tid, version.xmin)
            waiting = self._waiting.pop(key, None)
            if waiting:
                pending.extend((predecessor, new_tid) for predecessor in waiting)
            elif version.infomask & HEAP_UPDATED:
                self._moved[key] = new_tid        # its predecessor may come later

    def _append(self, data: bytearray, chained: bool) -> tuple[int, int]:
        """Put a formed tuple on the current page (a new one if it does not fit with
        the fillfactor's reserve left free, raw_heap_insert's saveFreeSpace); a tuple
        that is not `chained` to a successor points at itself."""
        needed = pl.maxalign(len(data)) + heapam.save_free_space(self.rel)
        if self._buf is None or pl.heap_free_space(bufmgr.page(self._buf)) < needed:
            self._new_page()
        page = bufmgr.page(self._buf)
        offnum = pl.add_item(page, bytes(data))
        if offnum is None:
            raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
        if not chained:
            HeapTupleHeader(pl.get_item(page, offnum)).ctid = (self._blockno, offnum)
        self.tuples += 1
        return self._blockno, offnum

    def finish(self) -> int:
        """Write the versions whose successors never came (ends of their chains now),
        then the last page; the number of pages written."""
        for waiting in self._waiting.values():
            for version in waiting:
                self._append(self._form(version._replace(successor=None), None), False)
        self._waiting.clear()
        self._write_page()
        return self._blockno + 1

    def abandon(self) -> None:
        """Let the current page go unwritten (the transaction is failing)."""
        if self._buf is not None:
            bufmgr.unlock_buffer(self._buf)
            bufmgr.release_buffer(self._buf)
            self._buf = None
