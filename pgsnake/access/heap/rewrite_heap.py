"""Filling a table's new, empty heap file during a rewrite (VACUUM FULL, CLUSTER, ALTER
TABLE ... ALTER COLUMN TYPE).

`HeapRewriter(rel)` writes tuples into `rel`'s (new, empty, exclusively owned) main fork
page after page, in the order they are given: `add(values, xmin, cid, xmin_bits)` forms
the tuple (TOASTing a wide value into the table's TOAST relation, as heap_insert does),
and keeps the caller's xmin, command id and xmin hint bits, so a row VACUUM FULL copies
keeps the xmin it had. The copy is never deleted or updated: xmax is invalid and t_ctid
points at the tuple itself. `finish()` writes the last page and returns the page count.

Each page, once full, is WAL-logged whole (an XLOG_FPI record, wal.log_new_page) and only
then released: nobody else can see the new file (the caller holds AccessExclusiveLock and
the new relfilenode is not committed), so no per-tuple WAL is needed, and recovery
rebuilds the file from the page images after the XLOG_SMGR_CREATE that made it. The
pages go through shared buffers (PostgreSQL's rewriteheap.c writes them with smgr
directly and fsyncs the file at the end; the FPI records make the same guarantee here).

Invariant: the caller holds AccessExclusiveLock on the table; `rel` is the table under
its new relfilenode, whose file was created empty in this transaction.

Entry point: HeapRewriter (add, finish).

PostgreSQL: access/heap/rewriteheap.c (begin_heap_rewrite, rewrite_heap_tuple,
raw_heap_insert, end_heap_rewrite). Where we differ: only live tuples are given (the
callers decide what is live; PostgreSQL also copies recently dead versions and rebuilds
their update chains), and no tuple is frozen on the way.
"""
from __future__ import annotations

from pgsnake.access.common.heap_tuple import (HEAP_XMAX_INVALID, HEAP_XMIN_COMMITTED,
                                              HEAP_XMIN_INVALID, HeapTupleHeader,
                                              form_tuple, tuple_size_check)
from pgsnake.access.common.toast_format import TOAST_TUPLE_THRESHOLD
from pgsnake.access.common.tuple_descriptor import Relation
from pgsnake.access.heap import heap_toast
from pgsnake.access.transam.wal import wal
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.errors import INTERNAL_ERROR, PgError
from pgsnake.utils.interrupts import check_for_interrupts

MAIN = ForkNumber.MAIN
XMIN_HINT_BITS = HEAP_XMIN_COMMITTED | HEAP_XMIN_INVALID


class HeapRewriter:
    """Appends tuples to an empty heap, one page at a time."""

    def __init__(self, rel: Relation) -> None:
        self.rel = rel
        self.tuples = 0
        self._buf: int | None = None
        self._blockno = -1

    def _form(self, values: list, xmin: int, cid: int, xmin_bits: int) -> bytearray:
        data = bytearray(form_tuple(self.rel.descriptor, values))
        if len(data) > TOAST_TUPLE_THRESHOLD and \
                self.rel.relkind in heap_toast.TOASTABLE_RELKINDS:
            toasted = heap_toast.toast_tuple_values(self.rel, values, None)
            data = bytearray(form_tuple(self.rel.descriptor, toasted.values))
        tuple_size_check(len(data))
        header = HeapTupleHeader(data)
        header.xmin = xmin
        header.cid = cid
        header.infomask = header.infomask | HEAP_XMAX_INVALID | (xmin_bits & XMIN_HINT_BITS)
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

    def add(self, values: list, xmin: int, cid: int, xmin_bits: int = 0) -> tuple[int, int]:
        """Append one tuple; returns its TID in the new file."""
        data = self._form(values, xmin, cid, xmin_bits)
        needed = pl.maxalign(len(data))
        if self._buf is None or pl.heap_free_space(bufmgr.page(self._buf)) < needed:
            self._new_page()
        page = bufmgr.page(self._buf)
        offnum = pl.add_item(page, bytes(data))
        if offnum is None:
            raise PgError(INTERNAL_ERROR, "failed to add tuple to page")
        HeapTupleHeader(pl.get_item(page, offnum)).ctid = (self._blockno, offnum)
        self.tuples += 1
        return self._blockno, offnum

    def finish(self) -> int:
        """Write the last page; the number of pages written."""
        self._write_page()
        return self._blockno + 1

    def abandon(self) -> None:
        """Let the current page go unwritten (the transaction is failing)."""
        if self._buf is not None:
            bufmgr.unlock_buffer(self._buf)
            bufmgr.release_buffer(self._buf)
            self._buf = None
