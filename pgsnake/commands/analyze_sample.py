"""ANALYZE's random sample of a table's rows: blocks chosen by Knuth's Algorithm S, rows
within them by Vitter's reservoir sampling, so that every live row has the same chance
of being in the sample whatever the table's size.

Entry point: acquire_sample_rows(relation, target_rows) -> Sample (rows in physical
order, live and dead rows counted in the blocks read, and the table's estimated live and
dead rows scaled from them).

Which tuples are sampled (HeapTupleSatisfiesVacuum against the removal horizon):
live ones; ones our own transaction inserted; ones another transaction is deleting
(they are still live for everyone else until it commits). Dead and recently dead tuples,
our own deletions and LP_DEAD line pointers count as dead rows; rows another transaction
is inserting count as neither (they may never commit).

A table of at most `target_rows` live rows is read whole and every row is in the
sample, in physical order: its statistics are then exact and repeatable, which is what
the differential tests rely on.

PostgreSQL: commands/analyze.c (acquire_sample_rows, compare_rows),
utils/misc/sampling.c (BlockSampler_*, reservoir_init_selection_state,
reservoir_get_next_S: Vitter's algorithms X and Z), access/heap/heapam_handler.c
(heapam_scan_analyze_next_block / _next_tuple).
"""
from __future__ import annotations

import dataclasses
import math
import random

import struct

from pgsnake.access.common.heap_tuple import (HEAP_XMAX_INVALID, HEAP_XMIN_COMMITTED,
                                              HEAP_XMIN_FROZEN, HeapTupleHeader,
                                              deform_tuple)
from pgsnake.access.heap import heap_xmax, pruning
from pgsnake.access.transam import xact
from pgsnake.storage.buffer import buffer_manager as bufmgr
from pgsnake.storage.buffer import buffer_strategy
from pgsnake.storage.page import page_layout as pl
from pgsnake.storage.smgr.relation_path import ForkNumber
from pgsnake.utils.interrupts import check_for_interrupts


@dataclasses.dataclass(slots=True)
class Sample:
    rows: list                  # decoded rows (every attribute), physical order
    total_blocks: int
    scanned_blocks: int
    live_rows: float            # counted in the blocks read
    dead_rows: float
    total_rows: float           # estimated for the whole table
    total_dead_rows: float


class BlockSampler:
    """Algorithm S: `n` of `total` block numbers, in increasing order, each block with
    the same chance."""

    def __init__(self, total: int, n: int, rng: random.Random) -> None:
        self.total, self.n, self.rng = total, n, rng
        self.t = 0              # blocks passed so far
        self.m = 0              # blocks chosen so far

    def has_more(self) -> bool:
        return self.t < self.total and self.m < self.n

    def next(self) -> int:
        remaining = self.total - self.t
        wanted = self.n - self.m
        if wanted < remaining:
            p = 1.0 - wanted / remaining
            v = self.rng.random()
            while v < p:
                self.t += 1
                remaining -= 1
                p *= 1.0 - wanted / remaining
        self.m += 1
        self.t += 1
        return self.t - 1


class ReservoirState:
    """Vitter's reservoir sampling: how many rows to skip before the next one replaces
    a random member of a full reservoir of `n` (algorithm X while t <= 22n, then Z)."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.rng = rng
        self.w = math.exp(-math.log(self._fraction()) / n)

    def _fraction(self) -> float:
        return self.rng.random() or 1e-300       # (0, 1): never log(0)

    def next_skip(self, t: float, n: int) -> float:
        if t <= 22.0 * n:
            v = self._fraction()
            s = 0.0
            t += 1
            quot = (t - n) / t
            while quot > v:
                s += 1
                t += 1
                quot *= (t - n) / t
            return s
        w = self.w
        term = t - n + 1
        while True:
            u = self._fraction()
            x = t * (w - 1.0)
            s = math.floor(x)
            tmp = (t + 1) / term
            lhs = math.exp(math.log(((u * tmp * tmp) * (term + s)) / (t + x)) / n)
            rhs = (((t + x) / (term + s)) * term) / t
            if lhs <= rhs:
                w = rhs / lhs
                break
            y = (((u * (t + 1)) / term) * (t + s + 1)) / (t + x)
            if n < s:
                denom, numer_lim = t, term + s
            else:
                denom, numer_lim = t - n + s, t + 1
            numer = t + s
            while numer >= numer_lim:
                y *= numer / denom
                denom -= 1
                numer -= 1
            w = math.exp(-math.log(self._fraction()) / n)
            if math.exp(math.log(y) / n) <= (t + x) / t:
                break
        self.w = w
        return s


_INFOMASK = struct.Struct("<H").unpack_from
_INFOMASK_OFFSET = 20
# Inserter known committed (or frozen) and no deleter: live for everyone, which is what
# almost every tuple of a settled table is; read straight off the page.
_SETTLED_MASK = HEAP_XMIN_FROZEN | HEAP_XMAX_INVALID
_SETTLED = HEAP_XMIN_COMMITTED | HEAP_XMAX_INVALID


def _classify(header: HeapTupleHeader, oldest_xmin: int) -> tuple[bool, int, int]:
    """(sample it?, live rows +, dead rows +) for one tuple."""
    state = pruning.tuple_vacuum_state(header, oldest_xmin)
    if state == pruning.LIVE:
        return True, 1, 0
    if state in (pruning.DEAD, pruning.RECENTLY_DEAD):
        return False, 0, 1
    if state == pruning.INSERT_IN_PROGRESS:
        if xact.is_current_xid(header.xmin):
            return True, 1, 0
        return False, 0, 0
    # DELETE_IN_PROGRESS
    if xact.is_current_xid(heap_xmax.update_xid(header)):
        return False, 0, 1
    return True, 1, 0


def acquire_sample_rows(relation, target_rows: int, rng: random.Random | None = None) -> Sample:
    rng = rng or random.Random()
    total_blocks = bufmgr.nblocks(relation.locator, ForkNumber.MAIN)
    oldest_xmin = pruning.removal_horizon(relation)
    blocks = BlockSampler(total_blocks, target_rows, rng)
    reservoir = ReservoirState(target_rows, rng)
    rows: list = []
    tids: list = []
    live = dead = 0.0
    seen = 0.0                  # rows offered to the reservoir so far
    skip = -1.0
    desc = relation.descriptor
    # The sampled pages go through a VACUUM ring, as PostgreSQL's ANALYZE reads them
    # (vacuum()'s BAS_VACUUM strategy): a big table's sample leaves the pool alone.
    strategy = buffer_strategy.get_access_strategy(buffer_strategy.VACUUM)
    while blocks.has_more():
        blockno = blocks.next()
        check_for_interrupts()
        buf = bufmgr.read_buffer(relation.locator, ForkNumber.MAIN, blockno, strategy)
        bufmgr.lock_buffer(buf, bufmgr.SHARE)
        try:
            page = bufmgr.page(buf)
            hinted = False
            for offnum in range(1, pl.max_offset(page) + 1):
                lp_off, lp_flags, lp_len = pl.item_id(page, offnum)
                if lp_flags == pl.LP_DEAD:
                    dead += 1
                    continue
                if lp_flags != pl.LP_NORMAL:
                    continue
                item = page[lp_off:lp_off + lp_len]
                infomask = _INFOMASK(page, lp_off + _INFOMASK_OFFSET)[0]
                if infomask & _SETTLED_MASK in (_SETTLED, _SETTLED_MASK):
                    live += 1
                else:
                    header = HeapTupleHeader(item)
                    take, live_add, dead_add = _classify(header, oldest_xmin)
                    hinted = hinted or header.infomask != infomask
                    live += live_add
                    dead += dead_add
                    if not take:
                        continue
                if len(rows) < target_rows:
                    rows.append(deform_tuple(desc, item))
                    tids.append((blockno, offnum))
                else:
                    # The reservoir is full: skip some rows, then replace a random one.
                    if skip < 0:
                        skip = reservoir.next_skip(seen, target_rows)
                    if skip <= 0:
                        k = int(target_rows * rng.random())
                        rows[k] = deform_tuple(desc, item)
                        tids[k] = (blockno, offnum)
                    skip -= 1
                seen += 1
            if hinted:
                bufmgr.mark_dirty_hint(buf)
        finally:
            bufmgr.unlock_buffer(buf)
            bufmgr.release_buffer(buf)
    if len(rows) == target_rows:
        # Replacements scrambled the order: put the sample back in physical order, which
        # the correlation statistic compares with the sort order.
        order = sorted(range(len(rows)), key=tids.__getitem__)
        rows = [rows[i] for i in order]
    if blocks.m > 0:
        total_rows = math.floor(live / blocks.m * total_blocks + 0.5)
        total_dead = math.floor(dead / blocks.m * total_blocks + 0.5)
    else:
        total_rows = total_dead = 0.0
    return Sample(rows, total_blocks, blocks.m, live, dead, float(total_rows),
                  float(total_dead))
